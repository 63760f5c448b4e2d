//! Findings about a pyramid: each with a stable code, a severity, the stages
//! concerned, the measure and threshold behind it, and a sentence a
//! partner-program manager understands. Each rule of thumb of the seed text
//! that a portfolio can break has a finding.

use strum::{EnumCount, IntoStaticStr, VariantArray};

use super::{
    cost_progression::CostOfSaleProgression,
    effort_allocation::{EffortAllocation, EffortBalance},
    exact_sum::{share, sum_counts},
    journey::Journey,
    layer_totals::{LayerTotals, warning_index},
    shape::{LayerPair, Shape, ShapeDiagnosis},
};
use crate::domain::{
    Stage,
    model::PyramidSettings,
    partner::currency_code::CurrencyCode,
    scoring::warnings::{Severity, WarningCode},
    variants::variant_array,
};

/// Stable finding codes, in catalogue order. New codes may be added; none
/// is ever renamed or reused. Each displays as its stable name, e.g.
/// `TOO_FLAT`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumCount,
    VariantArray,
    IntoStaticStr,
    strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingCode {
    /// No partner was analysed.
    NoPartners,
    /// Fewer partners than `min_partners`: the shape is indicative.
    FewPartners,
    /// The base holds `too_flat_base_share` of the partners or more.
    TooFlat,
    /// The pyramid is top-heavy (see `shape.rs`).
    TopHeavy,
    /// The pyramid is inverted.
    Inverted,
    /// The base absorbs most of the host's attention.
    BaseAbsorbsAttention,
    /// Too much effort is spent above intent.
    EffortWasted,
    /// Too much of the effort intents warrant is missing.
    EffortMissing,
    /// Cost of sale does not fall going up.
    CostOfSaleNotFalling,
    /// The portfolio's figures do not show the value of moving up.
    JourneyValueNotShown,
    /// Many partners' Model A tier and stage disagree.
    ModelsDisagree,
    /// Relationship quality holds many partners below their evidence.
    QualityHoldsBack,
    /// Many partners were classified on insufficient evidence.
    ThinEvidence,
    /// Some partners failed validation and are not in the report.
    PartnersRejected,
}

impl FindingCode {
    /// Every code, in catalogue order.
    pub const ALL: [FindingCode; FindingCode::COUNT] = variant_array(FindingCode::VARIANTS);

    /// The stable name, e.g. `TOO_FLAT`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One finding about a pyramid.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable code.
    pub code: FindingCode,
    /// How serious.
    pub severity: Severity,
    /// One sentence a partner-program manager understands.
    pub message: String,
    /// The stages concerned, from the base up.
    pub stages: Vec<Stage>,
    /// The measure behind the finding (a share 0..1, or a count).
    pub value: Option<f64>,
    /// The threshold it was compared with, in the same unit.
    pub threshold: Option<f64>,
}

/// What the findings are decided from.
#[derive(Debug, Clone, Copy)]
pub struct PyramidMeasures<'a> {
    /// Partners analysed.
    pub partners: u64,
    /// Partners rejected (0 for groups: rejections are counted overall).
    pub rejected: u64,
    /// Currency of the money figures.
    pub currency: Option<CurrencyCode>,
    /// Layer totals, base first.
    pub layers: &'a [LayerTotals; 4],
    /// Shape.
    pub shape: &'a ShapeDiagnosis,
    /// Effort allocation.
    pub allocation: &'a EffortAllocation,
    /// Effort above and below intent.
    pub balance: &'a EffortBalance,
    /// Cost of sale by stage.
    pub cost_of_sale: &'a CostOfSaleProgression,
    /// The journey up.
    pub journey: &'a Journey,
}

fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn pct1(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn pair_stages(pairs: &[LayerPair]) -> Vec<Stage> {
    let mut stages: Vec<Stage> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    stages.sort();
    stages.dedup();
    stages
}

fn describe_breaks(f: &PyramidMeasures<'_>) -> String {
    f.shape
        .breaks
        .iter()
        .map(|(lower, upper)| {
            format!(
                "fewer {lower} ({}) than {upper} ({}) partners",
                f.layers[lower.index()].partners,
                f.layers[upper.index()].partners
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every finding that applies, in catalogue order.
pub fn find(f: &PyramidMeasures<'_>, t: &PyramidSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |code, severity, message: String, stages, value, threshold| {
        out.push(Finding {
            code,
            severity,
            message,
            stages,
            value,
            threshold,
        })
    };
    if f.partners == 0 {
        push(
            FindingCode::NoPartners,
            Severity::Info,
            "No partner was analysed: there is no pyramid to assess.".to_owned(),
            vec![],
            Some(0.0),
            None,
        );
    } else {
        shape_findings(f, t, &mut push);
        effort_findings(f, t, &mut push);
        economics_findings(f, &mut push);
        warning_share_findings(f, t, &mut push);
    }
    if f.rejected > 0 {
        push(
            FindingCode::PartnersRejected,
            Severity::Info,
            format!(
                "{} partner(s) were rejected (invalid, or unreadable in the input) and are not \
                 in this report; see the rejected partners for why.",
                f.rejected
            ),
            vec![],
            Some(f.rejected as f64),
            None,
        );
    }
    out.sort_by_key(|x| x.code);
    out
}

type Push<'p> = dyn FnMut(FindingCode, Severity, String, Vec<Stage>, Option<f64>, Option<f64>) + 'p;

fn shape_findings(f: &PyramidMeasures<'_>, t: &PyramidSettings, push: &mut Push<'_>) {
    let s = f.shape;
    if f.partners < u64::from(t.min_partners) {
        push(
            FindingCode::FewPartners,
            Severity::Info,
            format!(
                "Only {} partner(s) analysed (fewer than {}): read the shape as indicative.",
                f.partners, t.min_partners
            ),
            vec![],
            Some(f.partners as f64),
            Some(f64::from(t.min_partners)),
        );
    }
    if s.flatness >= t.too_flat_base_share {
        push(
            FindingCode::TooFlat,
            Severity::Warning,
            format!(
                "The pyramid is too flat: {} of partners ({} of {}) sit on the Transactional \
                 base (threshold {}). Key partners are not being grown up the chain.",
                pct(s.flatness),
                f.layers[0].partners,
                f.partners,
                pct(t.too_flat_base_share)
            ),
            vec![Stage::Transactional],
            Some(s.flatness),
            Some(t.too_flat_base_share),
        );
    }
    match s.shape {
        Shape::TopHeavy => {
            let mut why = Vec::new();
            if s.top_share >= t.top_heavy_top_share {
                why.push(format!(
                    "Collaborative and Partnership hold {} of partners (threshold {})",
                    pct(s.top_share),
                    pct(t.top_heavy_top_share)
                ));
            }
            if !s.breaks.is_empty() {
                why.push(format!("there are {}", describe_breaks(f)));
            }
            let mut stages = pair_stages(&s.breaks);
            if s.top_share >= t.top_heavy_top_share {
                stages.extend([Stage::Collaborative, Stage::Partnership]);
                stages.sort();
                stages.dedup();
            }
            push(
                FindingCode::TopHeavy,
                Severity::Warning,
                format!(
                    "The pyramid is top-heavy: {}. Each stage up needs more commitment from both \
                     sides and should hold fewer partners.",
                    why.join(" and ")
                ),
                stages,
                Some(s.top_share),
                Some(t.top_heavy_top_share),
            );
        }
        Shape::Inverted => push(
            FindingCode::Inverted,
            Severity::Critical,
            format!(
                "The pyramid is inverted: Collaborative and Partnership hold {} of partners \
                 (threshold {}). Partnerships should be the rarest relationships; check the \
                 classification inputs and whether these relationships are really that deep.",
                pct(s.top_share),
                pct(t.inverted_top_share)
            ),
            vec![Stage::Collaborative, Stage::Partnership],
            Some(s.top_share),
            Some(t.inverted_top_share),
        ),
        Shape::Empty | Shape::Proper | Shape::TooFlat => {}
    }
}

fn effort_findings(f: &PyramidMeasures<'_>, t: &PyramidSettings, push: &mut Push<'_>) {
    let a = f.allocation;
    if a.base_absorbs_attention {
        let attention = a.base_effort_share.max(a.base_sales_focus_share);
        push(
            FindingCode::BaseAbsorbsAttention,
            Severity::Warning,
            format!(
                "The Transactional base absorbs most of the attention: {} of the host's effort \
                 and {} of salespeople's hours, while its partners' intents warrant {} of the \
                 effort. Tactical deals at the base do not deepen any relationship.",
                pct(a.base_effort_share),
                pct(a.base_sales_focus_share),
                pct(a.base_warranted_share)
            ),
            vec![Stage::Transactional],
            Some(attention),
            Some(t.base_attention_max_share),
        );
    }
    let b = f.balance;
    if b.partners_wasted > 0 && b.wasted_share >= t.effort_wasted_max_share {
        push(
            FindingCode::EffortWasted,
            Severity::Warning,
            format!(
                "{} partner(s) get more effort than the host intends for them: {:.2} effort \
                 points, {} of all effort, are spent above intent (threshold {}).",
                b.partners_wasted,
                b.wasted,
                pct(b.wasted_share),
                pct(t.effort_wasted_max_share)
            ),
            Stage::ALL
                .into_iter()
                .filter(|s| f.layers[s.index()].effort_wasted.count > 0)
                .collect(),
            Some(b.wasted_share),
            Some(t.effort_wasted_max_share),
        );
    }
    if b.partners_missing > 0 && b.missing_share >= t.effort_missing_max_share {
        push(
            FindingCode::EffortMissing,
            Severity::Warning,
            format!(
                "{} partner(s) get less effort than the stage the host intends for them needs: \
                 {:.2} effort points, {} of what their intents warrant, are missing (threshold \
                 {}). These relationships are starved.",
                b.partners_missing,
                b.missing,
                pct(b.missing_share),
                pct(t.effort_missing_max_share)
            ),
            Stage::ALL
                .into_iter()
                .filter(|s| f.layers[s.index()].effort_missing.count > 0)
                .collect(),
            Some(b.missing_share),
            Some(t.effort_missing_max_share),
        );
    }
}

fn money(value: f64, currency: Option<CurrencyCode>) -> String {
    match currency {
        Some(c) => format!("{value:.0} {c}"),
        None => format!("{value:.0}"),
    }
}

fn economics_findings(f: &PyramidMeasures<'_>, push: &mut Push<'_>) {
    let c = f.cost_of_sale;
    if !c.not_falling.is_empty() {
        let pairs: Vec<String> = c
            .not_falling
            .iter()
            .map(|(lower, upper)| {
                format!(
                    "{upper} {} against {lower} {}",
                    pct1(c.ratios[upper.index()].unwrap_or_default()),
                    pct1(c.ratios[lower.index()].unwrap_or_default())
                )
            })
            .collect();
        push(
            FindingCode::CostOfSaleNotFalling,
            Severity::Warning,
            format!(
                "Cost of sale does not fall going up the pyramid: {} of revenue. Higher stages \
                 should cost less to sell through.",
                pairs.join("; ")
            ),
            pair_stages(&c.not_falling),
            Some(c.not_falling.len() as f64),
            Some(0.0),
        );
    }
    let crossed: Vec<_> = f
        .journey
        .steps
        .iter()
        .filter(|s| s.partners_crossing > 0)
        .collect();
    let no_gain: Vec<_> = crossed
        .iter()
        .filter(|s| s.revenue_gain_per_partner.is_some_and(|g| g <= 0.0))
        .collect();
    let unknown: Vec<_> = crossed
        .iter()
        .filter(|s| s.revenue_gain_per_partner.is_none())
        .collect();
    if no_gain.is_empty() && unknown.is_empty() {
        return;
    }
    // One finding names every step concerned: those without a revenue gain
    // (a warning) and those whose revenue is not known on both sides.
    let mut sentences = Vec::new();
    if !no_gain.is_empty() {
        let steps: Vec<String> = no_gain
            .iter()
            .map(|s| {
                format!(
                    "{} partner(s) intend to move from {} to {}, yet {} partners bring {} \
                     each against {} for {} partners",
                    s.partners_crossing,
                    s.from,
                    s.to,
                    s.to,
                    money(s.revenue_per_partner_to.unwrap_or_default(), f.currency),
                    money(s.revenue_per_partner_from.unwrap_or_default(), f.currency),
                    s.from
                )
            })
            .collect();
        sentences.push(format!(
            "This portfolio does not show the value of moving up: {}.",
            steps.join("; ")
        ));
    }
    if !unknown.is_empty() {
        let steps: Vec<String> = unknown
            .iter()
            .map(|s| format!("{} to {}", s.from, s.to))
            .collect();
        sentences.push(format!(
            "Partners intend to move up ({}), but revenue is not known on both sides of the \
             step: the value of the journey cannot be shown to them.",
            steps.join(", ")
        ));
    }
    let mut concerned: Vec<(Stage, Stage)> = no_gain
        .iter()
        .chain(&unknown)
        .map(|s| (s.from, s.to))
        .collect();
    concerned.sort();
    let severity = if no_gain.is_empty() {
        Severity::Info
    } else {
        Severity::Warning
    };
    push(
        FindingCode::JourneyValueNotShown,
        severity,
        sentences.join(" "),
        pair_stages(&concerned),
        Some(concerned.len() as f64),
        Some(0.0),
    );
}

fn warning_share_findings(f: &PyramidMeasures<'_>, t: &PyramidSettings, push: &mut Push<'_>) {
    let count =
        |code: WarningCode| sum_counts(f.layers.iter().map(|l| l.warnings[warning_index(code)]));
    let share_of = |code| share(u128::from(count(code)), u128::from(f.partners));
    let stages_with = |code: WarningCode| -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|s| f.layers[s.index()].warnings[warning_index(code)] > 0)
            .collect()
    };
    let rules = [
        (
            FindingCode::ModelsDisagree,
            WarningCode::ModelDivergence,
            Severity::Info,
            t.model_divergence_max_share,
            "of partners have a Model A tier (money and loyalty) far from their relationship \
             stage: tiers by revenue and training misread these relationships",
        ),
        (
            FindingCode::QualityHoldsBack,
            WarningCode::QualityBelowStage,
            Severity::Warning,
            t.quality_below_stage_max_share,
            "of partners show the hallmarks of a higher stage than their relationship quality \
             allows: work on trust, communication and interaction before adding programme effort",
        ),
        (
            FindingCode::ThinEvidence,
            WarningCode::InsufficientEvidence,
            Severity::Info,
            t.insufficient_evidence_max_share,
            "of partners were classified on too little evidence: read this report as indicative \
             and collect the missing indicators",
        ),
    ];
    for (code, warning, severity, threshold, text) in rules {
        let s = share_of(warning);
        if count(warning) > 0 && s >= threshold {
            push(
                code,
                severity,
                format!(
                    "{} ({} of {}) {text} (threshold {}).",
                    pct(s),
                    count(warning),
                    f.partners,
                    pct(threshold)
                ),
                stages_with(warning),
                Some(s),
                Some(threshold),
            );
        }
    }
}
