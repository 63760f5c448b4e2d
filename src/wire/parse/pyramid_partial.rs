//! Parsing a client's `PyramidPartial` into the domain's [`PyramidPartial`].
//! A partial is data from outside like any other: every number is checked
//! (decimal sums, enum values, counts that could not come from real
//! partners, groups that do not add up), every problem is reported with its
//! field path (relative to the partial), and nothing a client sends can make
//! the server panic or overflow. At most [`MAX_VIOLATIONS`] problems are
//! reported per request.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    domain::{
        ModelATier, ScoringModel, Stage,
        partner::{
            currency_code::CurrencyCode,
            labels::{LabelError, Labels},
        },
        pyramid::{
            GroupBy, GroupByError, GroupKey, MAX_GROUPS, MAX_REJECTED_LISTED, PyramidPartial,
            RejectedPartner, RejectedPartners,
            aggregate::{Aggregate, tier_row},
            exact_sum::ExactSum,
            layer_totals::{LayerTotals, WARNING_CODES, warning_index},
        },
        scoring::warnings::WarningCode,
    },
    proto,
    wire::{
        enums::{EnumValueError, WireEnum},
        field_violations::{FieldViolations, Reason},
    },
};

/// Most violations reported for one request of partials.
pub const MAX_VIOLATIONS: usize = 20;

/// Parses a partial, checking it was produced by `model`. `None` when it had
/// violations (recorded, their paths relative to the partial).
pub fn parse_pyramid_partial(
    msg: proto::PyramidPartial,
    model: &ScoringModel,
    violations: &mut FieldViolations,
) -> Option<PyramidPartial> {
    let mut p = PartialParser {
        violations,
        problems: 0,
    };

    if msg.model_version != *model.version {
        p.push(
            "model_version".to_owned(),
            Reason::Inconsistent,
            format!(
                "is {} but this server runs scoring model {:?}; merge partials produced by \
                 the same model version",
                crate::wire::echo::quoted(&msg.model_version),
                &*model.version
            ),
        );
    }
    let group_by = match GroupBy::parse(msg.group_by) {
        Ok(g) => Some(g),
        Err(e) => {
            let field = match e {
                GroupByError::TooMany { .. } => "group_by".to_owned(),
                GroupByError::InvalidKey { index } | GroupByError::Duplicate { index } => {
                    format!("group_by[{index}]")
                }
            };
            p.push(field, Reason::InvalidFormat, e.to_string());
            None
        }
    };
    let currency = CurrencyCode::parse_optional(&msg.currency_code).unwrap_or_else(|e| {
        p.push(
            "currency_code".to_owned(),
            Reason::InvalidFormat,
            e.to_string(),
        );
        None
    });
    let overall = match msg.overall {
        Some(a) => p.aggregate(a, "overall"),
        None => {
            p.push("overall".to_owned(), Reason::Required, "is required");
            None
        }
    };
    let groups = match &group_by {
        Some(group_by) => p.groups(msg.groups, group_by),
        None => None,
    };
    let rejected = p.rejected(msg.partners_rejected, msg.rejected_partners);

    if p.problems > 0 {
        return None;
    }
    let partial = PyramidPartial {
        model_version: msg.model_version,
        group_by: group_by?,
        currency,
        overall: overall?,
        groups: groups?,
        rejected: rejected?,
    };
    let problems = partial.totals_inconsistencies();
    for (field, problem) in problems {
        p.push(field.to_string(), Reason::Inconsistent, problem);
    }
    (p.problems == 0).then_some(partial)
}

/// Parses the messages of one partial, recording at most [`MAX_VIOLATIONS`]
/// violations per request while counting every problem.
struct PartialParser<'a> {
    violations: &'a mut FieldViolations,
    /// Problems found in this partial, reported or not (beyond the cap).
    problems: usize,
}

impl PartialParser<'_> {
    fn push(&mut self, field: String, reason: Reason, description: impl Into<String>) {
        self.problems += 1;
        if self.violations.len() < MAX_VIOLATIONS {
            self.violations.push(field, reason, description);
        }
    }

    fn full(&self) -> bool {
        self.violations.len() >= MAX_VIOLATIONS
    }

    fn groups(
        &mut self,
        groups: Vec<proto::PartialGroup>,
        group_by: &GroupBy,
    ) -> Option<BTreeMap<GroupKey, Aggregate>> {
        if groups.len() > MAX_GROUPS {
            self.push(
                "groups".to_owned(),
                Reason::OutOfRange,
                format!(
                    "must hold at most {MAX_GROUPS} groups (got {})",
                    groups.len()
                ),
            );
            return None;
        }
        if group_by.is_empty() && !groups.is_empty() {
            self.push(
                "groups".to_owned(),
                Reason::Inconsistent,
                "must be empty when group_by is empty",
            );
            return None;
        }
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (i, g) in groups.into_iter().enumerate() {
            if self.full() {
                return None;
            }
            let gpath = format!("groups[{i}]");
            let key = self.group_key(g.labels, group_by, &gpath);
            let aggregate = match g.aggregate {
                Some(a) => self.aggregate(a, &format!("{gpath}.aggregate")),
                None => {
                    self.push(
                        format!("{gpath}.aggregate"),
                        Reason::Required,
                        "is required",
                    );
                    None
                }
            };
            let (Some(key), Some(aggregate)) = (key, aggregate) else {
                ok = false;
                continue;
            };
            for (field, problem) in
                PyramidPartial::group_inconsistencies(group_by, &key, &aggregate)
            {
                self.push(format!("{gpath}.{field}"), Reason::Inconsistent, problem);
                ok = false;
            }
            if out.insert(key, aggregate).is_some() {
                self.push(
                    gpath,
                    Reason::Inconsistent,
                    "repeats the labels of an earlier group",
                );
                ok = false;
            }
        }
        ok.then_some(out)
    }

    fn group_key(
        &mut self,
        labels: Vec<proto::GroupLabel>,
        group_by: &GroupBy,
        path: &str,
    ) -> Option<GroupKey> {
        let keys: Vec<&str> = labels.iter().map(|l| l.key.as_str()).collect();
        if keys != group_by.keys() {
            self.push(
                format!("{path}.labels"),
                Reason::Inconsistent,
                format!(
                    "must name the group_by keys in order ({:?})",
                    group_by.keys()
                ),
            );
            return None;
        }
        let mut values = Vec::with_capacity(labels.len());
        let mut ok = true;
        for (j, label) in labels.into_iter().enumerate() {
            if let Some(value) = &label.value
                && let Err(e) = Labels::check_value(value)
            {
                let reason = match e {
                    LabelError::ValueTooLong { .. } => Reason::TooLong,
                    _ => Reason::InvalidFormat,
                };
                self.push(format!("{path}.labels[{j}].value"), reason, e.to_string());
                ok = false;
            }
            values.push(label.value);
        }
        ok.then_some(GroupKey(values))
    }

    fn micros(&mut self, text: &str, path: String) -> Option<u128> {
        if text.is_empty() {
            return Some(0);
        }
        let digits_only = text.bytes().all(|b| b.is_ascii_digit());
        if !digits_only || (text.len() > 1 && text.starts_with('0')) {
            self.push(
                path,
                Reason::InvalidFormat,
                "must be a decimal integer without sign, spaces or leading zeros",
            );
            return None;
        }
        match text.parse::<u128>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.push(path, Reason::OutOfRange, "must be at most 2^128 - 1");
                None
            }
        }
    }

    fn exact(&mut self, sum: Option<proto::ExactSum>, path: String) -> Option<ExactSum> {
        let sum = sum.unwrap_or_default();
        Some(ExactSum {
            count: sum.count,
            micros: self.micros(&sum.micros, format!("{path}.micros"))?,
        })
    }

    fn stage(&mut self, value: i32, path: String) -> Option<Stage> {
        match Stage::from_wire(value) {
            Ok(s) => Some(s),
            Err(EnumValueError::Unspecified { .. }) => {
                self.push(path, Reason::Required, "must be a stage");
                None
            }
            Err(EnumValueError::Unknown { .. }) => {
                self.push(
                    path,
                    Reason::UnknownEnumValue,
                    format!("{value} is not a Stage value (1 to 4)"),
                );
                None
            }
        }
    }

    fn aggregate(&mut self, msg: proto::PartialAggregate, path: &str) -> Option<Aggregate> {
        let before = self.problems;
        let mut a = Aggregate::default();
        if msg.layers.len() != 4 {
            self.push(
                format!("{path}.layers"),
                Reason::Inconsistent,
                format!(
                    "must hold exactly 4 layers, base first (got {})",
                    msg.layers.len()
                ),
            );
        }
        for (i, layer) in msg.layers.into_iter().enumerate().take(4) {
            let lpath = format!("{path}.layers[{i}]");
            if let Some(l) = self.layer(layer, i, &lpath) {
                a.layers[i] = l;
            }
        }
        let mut seen = BTreeSet::new();
        for (i, t) in msg.journeys.into_iter().enumerate() {
            let jpath = format!("{path}.journeys[{i}]");
            let from = self.stage(t.from_stage, format!("{jpath}.from_stage"));
            let to = self.stage(t.to_stage, format!("{jpath}.to_stage"));
            if let (Some(from), Some(to)) = (from, to) {
                if !seen.insert((from, to)) {
                    self.push(jpath, Reason::Inconsistent, "repeats an earlier transition");
                } else {
                    a.journeys[from.index()][to.index()] = t.partners;
                }
            }
        }
        let mut seen = BTreeSet::new();
        for (i, cell) in msg.model_a_vs_model_b.into_iter().enumerate() {
            let cpath = format!("{path}.model_a_vs_model_b[{i}]");
            let tier: Option<Option<ModelATier>> = match ModelATier::from_wire(cell.tier) {
                Ok(t) => Some(Some(t)),
                Err(EnumValueError::Unspecified { .. }) => Some(None),
                Err(EnumValueError::Unknown { .. }) => {
                    self.push(
                        format!("{cpath}.tier"),
                        Reason::UnknownEnumValue,
                        format!("{} is not a ModelATier value (0 to 4)", cell.tier),
                    );
                    None
                }
            };
            let stage = self.stage(cell.stage, format!("{cpath}.stage"));
            if let (Some(tier), Some(stage)) = (tier, stage) {
                if !seen.insert((tier_row(tier), stage)) {
                    self.push(cpath, Reason::Inconsistent, "repeats an earlier cell");
                } else {
                    a.model_a_vs_b[tier_row(tier)][stage.index()] = cell.partners;
                }
            }
        }
        if self.problems > before {
            return None;
        }
        for (field, problem) in a.inconsistencies() {
            self.push(format!("{path}.{field}"), Reason::Inconsistent, problem);
        }
        (self.problems == before).then_some(a)
    }

    fn layer(&mut self, l: proto::PartialLayer, i: usize, path: &str) -> Option<LayerTotals> {
        let before = self.problems;
        let expected = Stage::ALL[i];
        if l.stage != expected.to_wire() {
            self.push(
                format!("{path}.stage"),
                Reason::Inconsistent,
                format!("must be {expected}: layers go from the base up"),
            );
        }
        let mut warnings = [0u64; WARNING_CODES];
        let mut seen = [false; WARNING_CODES];
        for (j, w) in l.warning_counts.iter().enumerate() {
            let wpath = format!("{path}.warning_counts[{j}]");
            match WarningCode::from_wire(w.code).ok() {
                Some(code) => {
                    let k = warning_index(code);
                    if seen[k] {
                        self.push(wpath, Reason::Inconsistent, "repeats an earlier code");
                    }
                    seen[k] = true;
                    warnings[k] = w.partners;
                }
                None => self.push(
                    format!("{wpath}.code"),
                    Reason::UnknownEnumValue,
                    format!("{} is not a known WarningCode value", w.code),
                ),
            }
        }
        let totals = LayerTotals {
            partners: l.partners,
            revenue: self.exact(l.revenue, format!("{path}.revenue"))?,
            cost_of_sale: self.exact(l.cost_of_sale, format!("{path}.cost_of_sale"))?,
            ratio_revenue: self.exact(l.ratio_revenue, format!("{path}.ratio_revenue"))?,
            ratio_cost_of_sale: self.micros(
                &l.ratio_cost_of_sale_micros,
                format!("{path}.ratio_cost_of_sale_micros"),
            )?,
            effort: self.exact(l.effort, format!("{path}.effort"))?,
            warranted_effort: self.micros(
                &l.warranted_effort_micros,
                format!("{path}.warranted_effort_micros"),
            )?,
            effort_wasted: self.exact(l.effort_wasted, format!("{path}.effort_wasted"))?,
            effort_missing: self.exact(l.effort_missing, format!("{path}.effort_missing"))?,
            sales_focus_hours: self
                .exact(l.sales_focus_hours, format!("{path}.sales_focus_hours"))?,
            commitment: self.exact(l.commitment, format!("{path}.commitment"))?,
            quality: self.exact(l.quality, format!("{path}.quality"))?,
            warnings,
        };
        (self.problems == before).then_some(totals)
    }

    fn rejected(
        &mut self,
        count: u64,
        listed: Vec<proto::RejectedPartner>,
    ) -> Option<RejectedPartners> {
        if listed.len() > MAX_REJECTED_LISTED {
            self.push(
                "rejected_partners".to_owned(),
                Reason::OutOfRange,
                format!("must list at most {MAX_REJECTED_LISTED} partners"),
            );
            return None;
        }
        let mut listed: Vec<RejectedPartner> = listed
            .into_iter()
            .map(|r| RejectedPartner {
                partner_id: r.partner_id,
                fields: r.fields,
                reason: r.reason,
            })
            .collect();
        listed.sort();
        let rejected = RejectedPartners { count, listed };
        let problems = rejected.inconsistencies();
        let ok = problems.is_empty();
        for (field, problem) in problems {
            self.push(field.to_string(), Reason::Inconsistent, problem);
        }
        ok.then_some(rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::builtin,
        domain::{
            PartnerIndicators, classify,
            partner::{labels::Labels, partner_id::PartnerId},
            pyramid::{PyramidAccumulator, PyramidOptions},
        },
        wire::to_proto::pyramid_partial::partial_to_proto,
    };

    fn sample(model: &ScoringModel) -> PyramidPartial {
        let options = PyramidOptions {
            group_by: GroupBy::parse(vec!["region".into()]).unwrap(),
            currency: None,
        };
        let mut acc = PyramidAccumulator::new(model, options);
        for (i, region) in ["emea", "amer", "emea"].iter().enumerate() {
            let mut p = PartnerIndicators::new(PartnerId::parse(format!("p{i}")).unwrap());
            p.labels = Labels::parse([("region".to_owned(), region.to_string())]).unwrap();
            acc.add(&p, &classify(model, &p)).unwrap();
        }
        acc.reject(RejectedPartner::new("bad", [("quality.trust", "too high")]))
            .unwrap();
        acc.into_partial()
    }

    fn violations(msg: proto::PyramidPartial) -> Vec<(String, String)> {
        let model = builtin().model;
        let mut v = FieldViolations::default();
        assert!(
            v.nested("partials[0]", |v| parse_pyramid_partial(msg, &model, v))
                .is_none()
        );
        v.as_slice()
            .iter()
            .map(|f| (f.field.clone(), f.reason.clone()))
            .collect()
    }

    fn has(v: &[(String, String)], field: &str, reason: &str) -> bool {
        v.iter().any(|(f, r)| f == field && r == reason)
    }

    #[test]
    fn a_partial_round_trips_through_the_wire() {
        let model = builtin().model;
        let partial = sample(&model);
        let mut v = FieldViolations::default();
        let parsed = parse_pyramid_partial(partial_to_proto(&partial), &model, &mut v);
        assert!(v.is_empty(), "{:?}", v.as_slice());
        assert_eq!(parsed.unwrap(), partial);
    }

    #[test]
    fn a_partial_of_another_model_is_refused() {
        let mut msg = partial_to_proto(&sample(&builtin().model));
        msg.model_version = "other-model".into();
        let v = violations(msg);
        assert!(
            has(&v, "partials[0].model_version", "INCONSISTENT"),
            "{v:?}"
        );
    }

    #[test]
    fn malformed_sums_and_enums_are_refused() {
        let mut msg = partial_to_proto(&sample(&builtin().model));
        let overall = msg.overall.as_mut().unwrap();
        overall.layers[0].revenue = Some(proto::ExactSum {
            count: 0,
            micros: "-5".into(),
        });
        overall.layers[1].quality = Some(proto::ExactSum {
            count: 0,
            micros: "9".repeat(40),
        });
        overall.layers[2].stage = 99;
        overall.journeys.push(proto::JourneyTransition {
            from_stage: 7,
            to_stage: 1,
            partners: 1,
        });
        let v = violations(msg);
        assert!(
            has(
                &v,
                "partials[0].overall.layers[0].revenue.micros",
                "INVALID_FORMAT"
            ),
            "{v:?}"
        );
        assert!(
            has(
                &v,
                "partials[0].overall.layers[1].quality.micros",
                "OUT_OF_RANGE"
            ),
            "{v:?}"
        );
        assert!(
            has(&v, "partials[0].overall.layers[2].stage", "INCONSISTENT"),
            "{v:?}"
        );
        assert!(
            has(
                &v,
                "partials[0].overall.journeys[0].from_stage",
                "UNKNOWN_ENUM_VALUE"
            ),
            "{v:?}"
        );
    }

    #[test]
    fn counts_that_real_partners_could_not_give_are_refused() {
        let mut msg = partial_to_proto(&sample(&builtin().model));
        let overall = msg.overall.as_mut().unwrap();
        // More partners with quality than partners, a mean quality of 5.
        overall.layers[0].quality = Some(proto::ExactSum {
            count: 10,
            micros: "50000000".into(),
        });
        let v = violations(msg);
        assert!(
            has(&v, "partials[0].overall.layers[0].quality", "INCONSISTENT"),
            "{v:?}"
        );
    }

    #[test]
    fn groups_must_add_up_and_match_the_keys() {
        let model = builtin().model;
        let mut msg = partial_to_proto(&sample(&model));
        msg.groups[0].labels[0].key = "country".into();
        let v = violations(msg);
        assert!(
            has(&v, "partials[0].groups[0].labels", "INCONSISTENT"),
            "{v:?}"
        );

        let mut msg = partial_to_proto(&sample(&model));
        let copy = msg.groups[1].clone();
        msg.groups.push(copy);
        let v = violations(msg);
        assert!(has(&v, "partials[0].groups[2]", "INCONSISTENT"), "{v:?}");

        let mut msg = partial_to_proto(&sample(&model));
        msg.groups.pop();
        let v = violations(msg);
        assert!(has(&v, "partials[0].overall", "INCONSISTENT"), "{v:?}");
    }

    #[test]
    fn overflowing_counts_are_refused_not_wrapped() {
        let mut msg = partial_to_proto(&sample(&builtin().model));
        msg.group_by.clear();
        msg.groups.clear();
        let overall = msg.overall.as_mut().unwrap();
        for (i, layer) in overall.layers.iter_mut().enumerate() {
            layer.partners = u64::MAX;
            overall.model_a_vs_model_b.push(proto::TierStageCount {
                tier: 0,
                stage: i as i32 + 1,
                partners: u64::MAX,
            });
        }
        let v = violations(msg);
        assert!(!v.is_empty());
    }

    #[test]
    fn rejected_lists_are_bounded() {
        let mut msg = partial_to_proto(&sample(&builtin().model));
        msg.partners_rejected = 0;
        let v = violations(msg);
        assert!(
            has(&v, "partials[0].partners_rejected", "INCONSISTENT"),
            "{v:?}"
        );
        let mut msg = partial_to_proto(&sample(&builtin().model));
        msg.rejected_partners = vec![Default::default(); 101];
        msg.partners_rejected = 101;
        let v = violations(msg);
        assert!(
            has(&v, "partials[0].rejected_partners", "OUT_OF_RANGE"),
            "{v:?}"
        );
    }

    #[test]
    fn violations_are_capped() {
        let mut msg = partial_to_proto(&sample(&builtin().model));
        for layer in &mut msg.overall.as_mut().unwrap().layers {
            for _ in 0..30 {
                layer.warning_counts.push(proto::WarningCount {
                    code: 999,
                    partners: 1,
                });
            }
        }
        assert_eq!(violations(msg.clone()), violations(msg.clone()));
        assert_eq!(violations(msg.clone()).len(), MAX_VIOLATIONS);
        // Once the cap is reached, a further bad partial is still refused.
        let model = builtin().model;
        let mut v = FieldViolations::default();
        assert!(
            v.nested("partials[0]", |v| parse_pyramid_partial(
                msg.clone(),
                &model,
                v
            ))
            .is_none()
        );
        let mut bad = partial_to_proto(&sample(&model));
        bad.model_version = "other".into();
        assert!(
            v.nested("partials[1]", |v| parse_pyramid_partial(bad, &model, v))
                .is_none()
        );
        assert_eq!(v.len(), MAX_VIOLATIONS);
    }
}
