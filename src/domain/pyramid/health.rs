//! The health score of a pyramid: 100 less a penalty per finding, by
//! severity (`model.pyramid.health`), never below 0; and the status it
//! falls in. A pyramid without partners has no score (0, `NoData`).

use strum::IntoStaticStr;

use super::findings::Finding;
use crate::domain::model::HealthSettings;
use crate::domain::scoring::warnings::Severity;

/// The status a health score falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, IntoStaticStr)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum HealthStatus {
    /// No partner analysed.
    NoData,
    /// Score at or above `healthy_min_score`.
    Healthy,
    /// Score at or above `at_risk_min_score`, below healthy.
    AtRisk,
    /// Score below `at_risk_min_score`.
    Unhealthy,
}

impl HealthStatus {
    /// Stable name, e.g. `AT_RISK`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The health of a pyramid.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// 0 to 100; 100 when nothing was found.
    pub score: u32,
    /// The status the score falls in.
    pub status: HealthStatus,
    /// The findings behind the score, in catalogue order.
    pub findings: Vec<Finding>,
}

/// Scores `findings` of a pyramid of `partners`.
pub fn health(partners: u64, findings: Vec<Finding>, h: &HealthSettings) -> Health {
    if partners == 0 {
        return Health {
            score: 0,
            status: HealthStatus::NoData,
            findings,
        };
    }
    let penalty: u32 = findings
        .iter()
        .map(|f| match f.severity {
            Severity::Critical => h.critical_penalty,
            Severity::Warning => h.warning_penalty,
            Severity::Info => h.info_penalty,
        })
        .fold(0, u32::saturating_add);
    let score = 100u32.saturating_sub(penalty);
    let status = if score >= h.healthy_min_score {
        HealthStatus::Healthy
    } else if score >= h.at_risk_min_score {
        HealthStatus::AtRisk
    } else {
        HealthStatus::Unhealthy
    };
    Health {
        score,
        status,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{config::builtin, domain::pyramid::findings::FindingCode};

    #[test]
    fn statuses_and_finding_codes_have_stable_names() {
        let statuses = [
            HealthStatus::NoData,
            HealthStatus::Healthy,
            HealthStatus::AtRisk,
            HealthStatus::Unhealthy,
        ];
        assert_eq!(
            statuses.map(HealthStatus::as_str),
            ["NO_DATA", "HEALTHY", "AT_RISK", "UNHEALTHY"]
        );
        assert_eq!(
            FindingCode::ALL.map(FindingCode::as_str),
            [
                "NO_PARTNERS",
                "FEW_PARTNERS",
                "TOO_FLAT",
                "TOP_HEAVY",
                "INVERTED",
                "BASE_ABSORBS_ATTENTION",
                "EFFORT_WASTED",
                "EFFORT_MISSING",
                "COST_OF_SALE_NOT_FALLING",
                "JOURNEY_VALUE_NOT_SHOWN",
                "MODELS_DISAGREE",
                "QUALITY_HOLDS_BACK",
                "THIN_EVIDENCE",
                "PARTNERS_REJECTED",
            ]
        );
        assert_eq!(FindingCode::TopHeavy.to_string(), "TOP_HEAVY");
    }

    fn finding(severity: Severity) -> Finding {
        Finding {
            code: FindingCode::TooFlat,
            severity,
            message: String::new(),
            stages: vec![],
            value: None,
            threshold: None,
        }
    }

    #[test]
    fn penalties_lower_the_score_by_severity() {
        let h = builtin().model.pyramid.health;
        let score = |f: Vec<Finding>| health(10, f, &h);
        assert_eq!(score(vec![]).score, 100);
        assert_eq!(score(vec![]).status, HealthStatus::Healthy);
        let one = score(vec![finding(Severity::Warning)]);
        assert_eq!(one.score, 100 - h.warning_penalty);
        let many = score(vec![finding(Severity::Critical); 5]);
        assert_eq!(many.score, 0);
        assert_eq!(many.status, HealthStatus::Unhealthy);
        assert_eq!(health(0, vec![], &h).status, HealthStatus::NoData);
    }
}
