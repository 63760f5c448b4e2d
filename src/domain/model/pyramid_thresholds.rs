//! The pyramid's thresholds: when a shape counts as too flat, top-heavy or
//! inverted, when a finding is raised, and how findings lower the health
//! score. Part of the scoring model (`model.pyramid` in configuration),
//! validated at start-up with the other model settings.

use serde::{Deserialize, Serialize};

use super::Problems;

/// The pyramid thresholds as written in configuration (`model.pyramid`).
/// Shares are fractions of the group's partners or effort, 0..1; a finding
/// is raised when its measure reaches (`>=`) its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PyramidSettings {
    /// Fewest partners for a shape to be more than indicative (1..1e6).
    pub min_partners: u32,
    /// Share of partners on the Transactional base from which the pyramid
    /// is too flat (the flatness measure), 0 < s <= 1.
    pub too_flat_base_share: f64,
    /// Share of partners in the two upper layers (Collaborative and
    /// Partnership) from which the pyramid is top-heavy, 0 < s < 1.
    pub top_heavy_top_share: f64,
    /// Share of partners in the two upper layers from which the pyramid is
    /// inverted, above `top_heavy_top_share`, at most 1.
    pub inverted_top_share: f64,
    /// Share of the host's attention (effort points or salespeople's hours)
    /// taken by the base from which the base absorbs the attention,
    /// 0 < s <= 1.
    pub base_attention_max_share: f64,
    /// How far the base's share of attention may exceed the share its
    /// partners' intents warrant before it counts as absorbing it, 0..1.
    pub attention_tolerance: f64,
    /// Share of all effort spent above intent from which effort is wasted,
    /// 0 < s <= 1.
    pub effort_wasted_max_share: f64,
    /// Share of the effort intents warrant that is missing from which
    /// relationships are starved, 0 < s <= 1.
    pub effort_missing_max_share: f64,
    /// Share of partners whose Model A tier and stage disagree from which
    /// the models disagree, 0 < s <= 1.
    pub model_divergence_max_share: f64,
    /// Share of partners held below their evidence by relationship quality
    /// from which quality holds the pyramid back, 0 < s <= 1.
    pub quality_below_stage_max_share: f64,
    /// Share of partners classified on insufficient evidence from which the
    /// report rests on thin evidence, 0 < s <= 1.
    pub insufficient_evidence_max_share: f64,
    /// The health score.
    pub health: HealthSettings,
}

/// How findings lower the health score (0..100, 100 = nothing found).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HealthSettings {
    /// Points a critical finding takes off, 0..100.
    pub critical_penalty: u32,
    /// Points a warning finding takes off, 0..100.
    pub warning_penalty: u32,
    /// Points an informational finding takes off, 0..100.
    pub info_penalty: u32,
    /// Lowest score that is healthy, 1..100.
    pub healthy_min_score: u32,
    /// Lowest score that is at risk (below it: unhealthy), below
    /// `healthy_min_score`.
    pub at_risk_min_score: u32,
}

/// Validated pyramid thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PyramidThresholds(PyramidSettings);

impl std::ops::Deref for PyramidThresholds {
    type Target = PyramidSettings;

    fn deref(&self) -> &PyramidSettings {
        &self.0
    }
}

impl PyramidThresholds {
    /// Validates `s`, or lists every invalid key (relative to
    /// `model.pyramid`).
    pub fn validate(s: &PyramidSettings) -> Result<Self, Problems> {
        let mut p = Problems::new();
        for (key, value, lo_open, hi_open) in [
            ("too_flat_base_share", s.too_flat_base_share, true, false),
            ("top_heavy_top_share", s.top_heavy_top_share, true, true),
            ("inverted_top_share", s.inverted_top_share, true, false),
            (
                "base_attention_max_share",
                s.base_attention_max_share,
                true,
                false,
            ),
            ("attention_tolerance", s.attention_tolerance, false, false),
            (
                "effort_wasted_max_share",
                s.effort_wasted_max_share,
                true,
                false,
            ),
            (
                "effort_missing_max_share",
                s.effort_missing_max_share,
                true,
                false,
            ),
            (
                "model_divergence_max_share",
                s.model_divergence_max_share,
                true,
                false,
            ),
            (
                "quality_below_stage_max_share",
                s.quality_below_stage_max_share,
                true,
                false,
            ),
            (
                "insufficient_evidence_max_share",
                s.insufficient_evidence_max_share,
                true,
                false,
            ),
        ] {
            check_share(&mut p, key, value, lo_open, hi_open);
        }
        p.check(
            "top_heavy_top_share",
            !(s.top_heavy_top_share.is_finite()
                && s.inverted_top_share.is_finite()
                && s.top_heavy_top_share >= s.inverted_top_share),
            format!(
                "must be below inverted_top_share ({} >= {})",
                s.top_heavy_top_share, s.inverted_top_share
            ),
        );
        p.check(
            "min_partners",
            (1..=1_000_000).contains(&s.min_partners),
            format!("must be 1 to 1000000 (got {})", s.min_partners),
        );
        let h = s.health;
        for (key, value) in [
            ("health.critical_penalty", h.critical_penalty),
            ("health.warning_penalty", h.warning_penalty),
            ("health.info_penalty", h.info_penalty),
            ("health.at_risk_min_score", h.at_risk_min_score),
        ] {
            p.check(key, value <= 100, format!("must be 0 to 100 (got {value})"));
        }
        p.check(
            "health.healthy_min_score",
            (1..=100).contains(&h.healthy_min_score),
            format!("must be 1 to 100 (got {})", h.healthy_min_score),
        );
        p.check(
            "health.at_risk_min_score",
            h.at_risk_min_score < h.healthy_min_score,
            format!(
                "must be below health.healthy_min_score ({} >= {})",
                h.at_risk_min_score, h.healthy_min_score
            ),
        );
        p.into_result(Self(*s))
    }
}

/// Checks a share: finite, above 0 (or at least 0) and below 1 (or at most
/// 1).
fn check_share(p: &mut Problems, key: &str, value: f64, lo_open: bool, hi_open: bool) {
    let ok = value.is_finite()
        && if lo_open { value > 0.0 } else { value >= 0.0 }
        && if hi_open { value < 1.0 } else { value <= 1.0 };
    let lo = if lo_open { "above 0" } else { "at least 0" };
    let hi = if hi_open { "below 1" } else { "at most 1" };
    p.check(
        key,
        ok,
        format!("must be a finite share {lo} and {hi} (got {value})"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `config/default.toml`.
    fn valid() -> PyramidSettings {
        PyramidSettings {
            min_partners: 20,
            too_flat_base_share: 0.85,
            top_heavy_top_share: 0.3,
            inverted_top_share: 0.5,
            base_attention_max_share: 0.5,
            attention_tolerance: 0.1,
            effort_wasted_max_share: 0.15,
            effort_missing_max_share: 0.15,
            model_divergence_max_share: 0.2,
            quality_below_stage_max_share: 0.2,
            insufficient_evidence_max_share: 0.5,
            health: HealthSettings {
                critical_penalty: 40,
                warning_penalty: 20,
                info_penalty: 0,
                healthy_min_score: 90,
                at_risk_min_score: 50,
            },
        }
    }

    fn problems(s: &PyramidSettings) -> Vec<String> {
        PyramidThresholds::validate(s)
            .err()
            .map(|p| p.iter().map(|p| p.key.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn valid_thresholds_pass_unchanged() {
        let s = valid();
        assert_eq!(*PyramidThresholds::validate(&s).unwrap(), s);
    }

    #[test]
    fn every_bad_key_is_named() {
        let mut s = valid();
        s.too_flat_base_share = 0.0;
        s.top_heavy_top_share = 0.7;
        s.inverted_top_share = 0.6;
        s.attention_tolerance = f64::NAN;
        s.min_partners = 0;
        s.health.critical_penalty = 101;
        s.health.at_risk_min_score = 90;
        s.health.healthy_min_score = 80;
        assert_eq!(
            problems(&s),
            vec![
                "too_flat_base_share",
                "attention_tolerance",
                "top_heavy_top_share",
                "min_partners",
                "health.critical_penalty",
                "health.at_risk_min_score",
            ]
        );
    }

    #[test]
    fn a_share_names_its_bounds() {
        let mut s = valid();
        s.top_heavy_top_share = 1.0;
        s.inverted_top_share = 1.0;
        let err = PyramidThresholds::validate(&s).unwrap_err().to_string();
        assert!(
            err.contains("top_heavy_top_share: must be a finite share above 0 and below 1 (got 1)"),
            "{err}"
        );
    }
}
