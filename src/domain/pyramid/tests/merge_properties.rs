//! Merging partials: associative, commutative, and equal to a single pass
//! over the whole portfolio, exactly, for any split and any merge order.

use proptest::prelude::*;

use super::test_portfolio::{Rng, generated};
use crate::domain::pyramid::{
    GroupBy, PyramidAccumulator, PyramidError, PyramidOptions, PyramidPartial, PyramidReport,
    RejectedPartner,
};
use crate::{
    config::builtin,
    domain::{PartnerIndicators, ScoringModel, partner::currency_code::CurrencyCode},
};

fn options(grouping: usize) -> PyramidOptions {
    let keys: &[&str] = [&[][..], &["region"][..], &["region", "partner_type"][..]][grouping];
    PyramidOptions {
        group_by: GroupBy::parse(keys.iter().map(|k| k.to_string()).collect()).unwrap(),
        currency: None,
    }
}

/// Adds `partners` to a fresh accumulator; every 13th partner is rejected
/// instead, as if it had failed validation.
fn partial_of(
    model: &ScoringModel,
    options: &PyramidOptions,
    partners: &[&PartnerIndicators],
) -> PyramidPartial {
    let mut acc = PyramidAccumulator::new(model, options.clone());
    for p in partners {
        let id = p.partner_id.as_str();
        if id.bytes().map(u64::from).sum::<u64>() % 13 == 0 {
            acc.reject(RejectedPartner::new(id, [("quality.trust", "is too high")]))
                .unwrap();
        } else {
            acc.classify_and_add(p).unwrap();
        }
    }
    acc.into_partial()
}

/// Splits `portfolio` into `parts` shards by a random assignment.
fn split<'a>(
    portfolio: &'a [PartnerIndicators],
    parts: usize,
    rng: &mut Rng,
) -> Vec<Vec<&'a PartnerIndicators>> {
    let mut shards = vec![Vec::new(); parts];
    for p in portfolio {
        shards[rng.below(parts as u64) as usize].push(p);
    }
    shards
}

fn merge_all<'a>(partials: impl IntoIterator<Item = &'a PyramidPartial>) -> PyramidPartial {
    let mut it = partials.into_iter();
    let first = it.next().unwrap().clone();
    it.fold(first, |acc, p| acc.merge(p).unwrap())
}

/// Merges as a balanced tree: ((a b) (c d)) ...
fn merge_tree(partials: &[PyramidPartial]) -> PyramidPartial {
    match partials.len() {
        1 => partials[0].clone(),
        n => merge_tree(&partials[..n / 2])
            .merge(&merge_tree(&partials[n / 2..]))
            .unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn merging_any_split_equals_the_single_pass(
        seed in any::<u64>(),
        n in 0usize..400,
        parts in 1usize..7,
        split_seed in any::<u64>(),
        grouping in 0usize..3,
    ) {
        let model = builtin().model;
        let portfolio = generated(seed, n);
        let options = options(grouping);
        let all: Vec<&PartnerIndicators> = portfolio.iter().collect();
        let single = partial_of(&model, &options, &all);
        prop_assert!(single.inconsistencies().is_empty());

        let mut rng = Rng::new(split_seed);
        let partials: Vec<PyramidPartial> = split(&portfolio, parts, &mut rng)
            .iter()
            .map(|shard| partial_of(&model, &options, shard))
            .collect();
        let forward = merge_all(&partials);
        let backward = merge_all(partials.iter().rev());
        let tree = merge_tree(&partials);
        prop_assert_eq!(&forward, &single);
        prop_assert_eq!(&backward, &single);
        prop_assert_eq!(&tree, &single);
        prop_assert!(forward.inconsistencies().is_empty());

        let t = &model.pyramid;
        prop_assert_eq!(PyramidReport::of(&forward, t), PyramidReport::of(&single, t));
    }

    #[test]
    fn merge_is_commutative_and_associative(
        seed in any::<u64>(),
        n in 0usize..200,
        split_seed in any::<u64>(),
        grouping in 0usize..3,
    ) {
        let model = builtin().model;
        let portfolio = generated(seed, n);
        let options = options(grouping);
        let mut rng = Rng::new(split_seed);
        let shards = split(&portfolio, 3, &mut rng);
        let [a, b, c] = [0, 1, 2].map(|i| partial_of(&model, &options, &shards[i]));
        prop_assert_eq!(a.merge(&b).unwrap(), b.merge(&a).unwrap());
        prop_assert_eq!(
            a.merge(&b).unwrap().merge(&c).unwrap(),
            a.merge(&b.merge(&c).unwrap()).unwrap()
        );
        let empty = PyramidPartial::empty(model.version.to_string(), options.group_by.clone(), None);
        prop_assert_eq!(a.merge(&empty).unwrap(), a.clone());
    }
}

#[test]
fn partials_of_different_models_groupings_or_currencies_do_not_merge() {
    let model = builtin().model;
    let portfolio = generated(7, 20);
    let all: Vec<&PartnerIndicators> = portfolio.iter().collect();
    let a = partial_of(&model, &options(0), &all);

    let mut other_model = a.clone();
    other_model.model_version = "other".into();
    assert!(matches!(
        a.merge(&other_model),
        Err(PyramidError::ModelVersionMismatch { .. })
    ));

    let grouped = partial_of(&model, &options(1), &all);
    assert!(matches!(
        a.merge(&grouped),
        Err(PyramidError::GroupByMismatch { .. })
    ));

    let mut eur = a.clone();
    eur.currency = Some(CurrencyCode::parse("EUR").unwrap());
    assert!(matches!(
        a.merge(&eur),
        Err(PyramidError::CurrencyMismatch { .. })
    ));

    let mut huge = a.clone();
    huge.overall.layers[0].partners = u64::MAX;
    assert_eq!(huge.merge(&a), Err(PyramidError::Overflow));
}

#[test]
fn a_tampered_partial_is_inconsistent() {
    let model = builtin().model;
    let portfolio = generated(11, 50);
    let all: Vec<&PartnerIndicators> = portfolio.iter().collect();
    let mut p = partial_of(&model, &options(1), &all);
    assert!(p.inconsistencies().is_empty());
    p.overall.layers[0].partners += 1;
    let problems = p.inconsistencies();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert!(fields.contains(&"overall"), "{fields:?}");
    assert!(fields.contains(&"overall.model_a_vs_model_b"), "{fields:?}");
}
