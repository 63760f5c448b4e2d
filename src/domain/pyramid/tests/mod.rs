//! Tests of the pyramid as a whole: hand-built portfolios with known
//! answers, and the merge properties of partials.

mod known_answers;
mod merge_properties;
mod test_portfolio;
