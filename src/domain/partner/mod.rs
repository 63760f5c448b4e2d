//! What is known about one partner at one moment: its indicators (every one
//! optional), their units, its labels, its id and its currency.

pub mod catalogue;
pub mod currency_code;
pub mod indicators;
pub mod labels;
pub mod partner_id;
pub mod units;
