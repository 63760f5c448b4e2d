//! The flat result of `classify`: one row per record, the columns a
//! warehouse table, a dbt model or a DataFrame takes directly. The same
//! columns, in the same order, as the Python kit's `RESULT_COLUMNS`
//! (`clients/python/src/stage_scorer_client/flat.py`), after a leading
//! `line`. Enum values are their proto names (`STAGE_ENHANCED`,
//! `MODEL_A_TIER_GOLD`, `WARNING_CODE_EFFORT_ABOVE_INTENT`), as in the
//! canonical JSON of a classification.

use crate::{
    portfolio_io::{RecordError, parquet_columns::ColumnType},
    proto,
};

/// The flat columns: name, type and meaning, in order.
pub const COLUMNS: [(&str, ColumnType, &str); 14] = [
    (
        "line",
        ColumnType::Int64,
        "the record's line in the input (for Parquet, its 1-based row number)",
    ),
    (
        "partner_id",
        ColumnType::Text,
        "the record's partner_id as read (null when it could not be read)",
    ),
    (
        "stage",
        ColumnType::Text,
        "relationship stage (Model B), e.g. STAGE_ENHANCED; null on an error row",
    ),
    (
        "top_down_stage_number",
        ColumnType::Int32,
        "the stage counted top-down: 1 Partnership ... 4 Transactional; null on an error row",
    ),
    (
        "confidence",
        ColumnType::Double,
        "how sure the model is of the stage, 0 to 1; null on an error row",
    ),
    (
        "coverage",
        ColumnType::Double,
        "share of the indicators the model reads that were supplied, 0 to 1; null on an error row",
    ),
    (
        "effort_level",
        ColumnType::Text,
        "the stage the host's effort corresponds to; null when too little effort data is known",
    ),
    (
        "model_a_tier",
        ColumnType::Text,
        "Model A tier (money and loyalty), e.g. MODEL_A_TIER_GOLD; null when unknown",
    ),
    (
        "recommended_stage",
        ColumnType::Text,
        "the recommended next step: one stage up toward the destination (the intended stage), \
         or the destination when not above; null on an error row",
    ),
    (
        "warnings",
        ColumnType::TextList,
        "warning codes in catalogue order (CSV: joined with ';'); empty when none",
    ),
    (
        "model_version",
        ColumnType::Text,
        "version of the scoring model that judged the record",
    ),
    (
        "error_code",
        ColumnType::Text,
        "INVALID_ARGUMENT on an error row (the status the server gives); null when classified",
    ),
    (
        "error_message",
        ColumnType::Text,
        "what is wrong with the record; null when classified",
    ),
    (
        "error_fields",
        ColumnType::TextList,
        "field paths (the CSV columns, e.g. quality.trust) at fault (CSV: joined with ';'); empty when classified",
    ),
];

/// One flat row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlatRow {
    /// See [`COLUMNS`] for each field.
    pub line: u64,
    /// The partner id.
    pub partner_id: Option<String>,
    /// The stage's proto name.
    pub stage: Option<&'static str>,
    /// 1 (Partnership) to 4 (Transactional).
    pub top_down_stage_number: Option<i32>,
    /// 0 to 1.
    pub confidence: Option<f64>,
    /// 0 to 1.
    pub coverage: Option<f64>,
    /// The effort level's proto name.
    pub effort_level: Option<&'static str>,
    /// The Model A tier's proto name.
    pub model_a_tier: Option<&'static str>,
    /// The recommended stage's proto name.
    pub recommended_stage: Option<&'static str>,
    /// Warning codes' proto names.
    pub warnings: Vec<&'static str>,
    /// The model version.
    pub model_version: String,
    /// `INVALID_ARGUMENT` on an error row.
    pub error_code: Option<&'static str>,
    /// The error's message.
    pub error_message: Option<String>,
    /// The fields at fault.
    pub error_fields: Vec<String>,
}

impl FlatRow {
    /// The row of a classified record.
    pub fn classified(line: u64, c: &proto::PartnerClassification) -> Self {
        Self {
            line,
            partner_id: Some(c.partner_id.clone()),
            stage: stage_name(c.stage),
            top_down_stage_number: Some(c.top_down_stage_number),
            confidence: Some(c.confidence),
            coverage: Some(c.coverage),
            effort_level: c.effort.as_ref().and_then(|e| stage_name(e.effort_level)),
            model_a_tier: proto::ModelATier::try_from(c.model_a_tier)
                .ok()
                .filter(|t| *t != proto::ModelATier::Unspecified)
                .map(|t| t.as_str_name()),
            recommended_stage: stage_name(c.recommended_stage),
            warnings: c.warnings.iter().map(|w| w.code().as_str_name()).collect(),
            model_version: c.model_version.clone(),
            ..Self::default()
        }
    }

    /// The row of a record that failed.
    pub fn failed(
        line: u64,
        partner_id: Option<&str>,
        error: &RecordError,
        model_version: &str,
    ) -> Self {
        Self {
            line,
            partner_id: partner_id.map(str::to_owned),
            model_version: model_version.to_owned(),
            error_code: Some("INVALID_ARGUMENT"),
            error_message: Some(error.to_string()),
            error_fields: error
                .problems
                .iter()
                .filter_map(|p| p.field.clone())
                .collect(),
            ..Self::default()
        }
    }
}

fn stage_name(stage: i32) -> Option<&'static str> {
    proto::Stage::try_from(stage)
        .ok()
        .filter(|s| *s != proto::Stage::Unspecified)
        .map(|s| s.as_str_name())
}
