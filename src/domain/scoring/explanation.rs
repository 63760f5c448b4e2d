//! Why a partner was classified as it was: each hallmark's pull toward its
//! stage, each quality gate, and what is missing for the next stage up.

use super::{assessment::Assessment, quality::GateCheck};
use crate::domain::{
    partner::indicators::{Indicator, IndicatorGroup},
    stage::Stage,
};

/// One supplied hallmark's pull toward its stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    /// The indicator.
    pub indicator: Indicator,
    /// The stage it feeds.
    pub stage: Stage,
    /// Its normalised value, 0..1.
    pub normalized: f64,
    /// Its weight in the stage.
    pub weight: f64,
    /// Points it adds to the stage's evidence score, 0..1.
    pub contribution: f64,
}

/// Why a requirement is unmet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequirementStatus {
    /// Not supplied.
    Missing,
    /// Supplied but too low.
    BelowTarget,
}

/// A requirement still unmet for the next stage up.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Field path (`"quality"` for the composite).
    pub field: &'static str,
    /// Why it is unmet.
    pub status: RequirementStatus,
    /// What the model needs.
    pub description: String,
    /// The value supplied, in the field's unit.
    pub current_value: Option<f64>,
    /// The value needed, in the field's unit.
    pub target_value: f64,
}

/// The explanation of one classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// One readable sentence or two.
    pub summary: String,
    /// Supplied hallmarks, by stage then model order.
    pub contributions: Vec<Contribution>,
    /// The quality gates of the stages above the base.
    pub quality_gates: Vec<GateCheck>,
    /// What is missing for the next stage up.
    pub next_stage_requirements: Vec<Requirement>,
}

impl Explanation {
    /// Explains `a`.
    pub fn of(a: &Assessment<'_>) -> Self {
        let contributions = a
            .evidence
            .iter()
            .flat_map(|e| {
                e.mean.terms.iter().map(|p| Contribution {
                    indicator: p.indicator,
                    stage: e.stage,
                    normalized: p.normalized,
                    weight: p.weight,
                    contribution: p.contribution,
                })
            })
            .collect();
        let next_stage_requirements = a
            .stage
            .next_up()
            .map(|next| requirements(a, next))
            .unwrap_or_default();
        Self {
            summary: summary(a),
            contributions,
            quality_gates: a.gates[1..].to_vec(),
            next_stage_requirements,
        }
    }
}

fn requirements(a: &Assessment<'_>, next: Stage) -> Vec<Requirement> {
    let mut out = Vec::new();
    let rule = a.model.rule(next);
    if !a.evidence[next.index()].met {
        for h in &rule.hallmarks {
            let field = h.indicator.path();
            match h.indicator.read_value(a.partner) {
                None => out.push(Requirement {
                    field,
                    status: RequirementStatus::Missing,
                    description: format!("Supply {field}: it is evidence of {next}."),
                    current_value: None,
                    target_value: h.full_at,
                }),
                Some(v) if h.normalize(v) < 1.0 => out.push(Requirement {
                    field,
                    status: RequirementStatus::BelowTarget,
                    description: format!(
                        "Raise {field} toward {}: it counts fully for {next} there.",
                        h.full_at
                    ),
                    current_value: Some(v),
                    target_value: h.full_at,
                }),
                Some(_) => {}
            }
        }
    }
    let gate = &a.gates[next.index()];
    if !gate.support_ok {
        for dim in quality_dimensions().filter(|d| d.supplied_value(a.partner).is_none()) {
            out.push(Requirement {
                field: dim.path(),
                status: RequirementStatus::Missing,
                description: format!(
                    "Supply {}: {next} needs at least {:.0}% of relationship quality known.",
                    dim.path(),
                    gate.gate.min_support * 100.0
                ),
                current_value: None,
                target_value: gate.gate.min_each,
            });
        }
    }
    for dim in &gate.failing {
        out.push(Requirement {
            field: dim.path(),
            status: RequirementStatus::BelowTarget,
            description: format!(
                "Raise {} to at least {:.2}: {next} needs every quality dimension there.",
                dim.path(),
                gate.gate.min_each
            ),
            current_value: dim.supplied_value(a.partner),
            target_value: gate.gate.min_each,
        });
    }
    if !gate.composite_ok {
        out.push(Requirement {
            field: "quality",
            status: RequirementStatus::BelowTarget,
            description: format!(
                "Raise composite relationship quality to at least {:.2} for {next}.",
                gate.gate.min_composite
            ),
            current_value: a.quality.composite(),
            target_value: gate.gate.min_composite,
        });
    }
    out
}

fn quality_dimensions() -> impl Iterator<Item = Indicator> {
    Indicator::ALL
        .into_iter()
        .filter(|i| i.group() == IndicatorGroup::Quality)
}

fn summary(a: &Assessment<'_>) -> String {
    let stage = a.stage;
    let mut text = format!(
        "Classified {stage} (seed stage {}): ",
        stage.top_down_number()
    );
    if stage == Stage::Transactional {
        text.push_str("no stage above the base is reached.");
    } else {
        let e = &a.evidence[stage.index()];
        text.push_str(&format!(
            "its hallmarks score {:.2} (threshold {:.2}, {:.0}% supplied)",
            e.score,
            a.model.rule(stage).evidence_threshold,
            e.support * 100.0
        ));
        let gate = a.model.rule(stage).quality_gate;
        let open = gate == crate::domain::model::QualityGate::OPEN;
        match a.quality.composite() {
            Some(q) if open => {
                text.push_str(&format!("; {stage} has no quality gate (quality {q:.2})."))
            }
            Some(q) => text.push_str(&format!(" and quality {q:.2} passes its gate.")),
            None if open => text.push_str(&format!("; {stage} has no quality gate.")),
            None => text.push_str(" and its quality gate needs no quality data."),
        }
    }
    if let Some((above, first)) = super::warnings::ladder_gap::missing_beneath(a) {
        text.push_str(&format!(
            " The hallmarks of {above} are there, but {first} beneath it is missing and a stage \
             rests on the one beneath it: build {first} first."
        ));
    }
    match stage.next_up() {
        None => text.push_str(" This is the top of the pyramid."),
        Some(next) => {
            text.push(' ');
            text.push_str(&why_not(a, next));
        }
    }
    text
}

fn why_not(a: &Assessment<'_>, next: Stage) -> String {
    let e = &a.evidence[next.index()];
    let rule = a.model.rule(next);
    let gate = &a.gates[next.index()];
    let mut reasons = Vec::new();
    if e.mean.value.is_none() {
        reasons.push("none of its hallmarks was supplied".to_owned());
    } else {
        if e.score < rule.evidence_threshold {
            reasons.push(format!(
                "its hallmarks score {:.2}, below {:.2}",
                e.score, rule.evidence_threshold
            ));
        }
        if e.support < rule.min_support {
            reasons.push(format!(
                "only {:.0}% of its hallmarks were supplied (needs {:.0}%)",
                e.support * 100.0,
                rule.min_support * 100.0
            ));
        }
    }
    if gate.fails_on_quality() {
        let mut q = Vec::new();
        if !gate.composite_ok {
            q.push(format!(
                "composite quality {:.2} is below {:.2}",
                a.quality.composite().unwrap_or(0.0),
                gate.gate.min_composite
            ));
        }
        if !gate.failing.is_empty() {
            let names: Vec<&str> = gate.failing.iter().map(|i| i.name()).collect();
            q.push(format!(
                "{} below {:.2}",
                names.join(", "),
                gate.gate.min_each
            ));
        }
        reasons.push(format!(
            "relationship quality fails its gate ({})",
            q.join("; ")
        ));
    } else if !gate.support_ok {
        reasons.push("too little relationship quality is known to pass its gate".to_owned());
    }
    format!("{next} is not reached: {}.", reasons.join("; "))
}
