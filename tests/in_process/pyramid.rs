//! The pyramid RPCs through the scoring service (in memory): AnalyzePyramid,
//! StreamAnalyzePyramid and MergePyramidPartials, on portfolios of the
//! synthetic generator (`stage_scorer::synthetic`).

use crate::support;

use stage_scorer::{
    domain::partner::currency_code::CurrencyCode,
    proto::{
        self, AnalyzePyramidRequest, GetScoringModelRequest, MergePyramidPartialsRequest,
        PyramidOptions, PyramidPartial, PyramidReport, StreamAnalyzePyramidRequest,
    },
    synthetic::{REGIONS, SyntheticPortfolio},
};
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// Portfolio `seed` of the synthetic generator with every money amount in
/// USD (a pyramid adds up one currency), where partner `i` (from 0) lacks
/// its `region` label when `i % 10 == 9` and, when `invalid_every` is not
/// 0, carries an out-of-range trust score when `i % invalid_every ==
/// invalid_every - 1`. Lazy: partners are generated as they are read.
fn portfolio(
    seed: u64,
    invalid_every: u64,
) -> impl Iterator<Item = proto::PartnerIndicators> + Send + 'static {
    let usd = CurrencyCode::parse("USD").unwrap();
    SyntheticPortfolio::new(seed)
        .in_currency(usd)
        .zip(0u64..)
        .map(move |(mut p, i)| {
            if i % 10 == 9 {
                p.labels.remove("region");
            }
            if invalid_every > 0 && i % invalid_every == invalid_every - 1 {
                p.quality.get_or_insert_default().trust = Some(1.5);
            }
            p
        })
}

/// Partners `range` of [`portfolio`] `seed`.
fn partners(
    seed: u64,
    range: std::ops::Range<u64>,
    invalid_every: u64,
) -> Vec<proto::PartnerIndicators> {
    portfolio(seed, invalid_every)
        .skip(range.start as usize)
        .take((range.end - range.start) as usize)
        .collect()
}

/// Partner `i` of [`portfolio`] `seed`.
fn partner(seed: u64, i: u64, invalid_every: u64) -> proto::PartnerIndicators {
    portfolio(seed, invalid_every).nth(i as usize).unwrap()
}

fn by_region(include_partial: bool) -> Option<PyramidOptions> {
    Some(PyramidOptions {
        group_by: vec!["region".into()],
        currency_code: String::new(),
        include_partial,
        ..Default::default()
    })
}

fn violations(status: &Status) -> Vec<(String, String)> {
    status
        .get_details_bad_request()
        .expect("a BadRequest detail")
        .field_violations
        .into_iter()
        .map(|v| (v.field, v.reason))
        .collect()
}

async fn analyze(
    client: &mut support::in_memory::InMemoryApp,
    partners: Vec<proto::PartnerIndicators>,
    options: Option<PyramidOptions>,
) -> Result<(PyramidReport, Option<PyramidPartial>), Status> {
    let r = client
        .client
        .analyze_pyramid(AnalyzePyramidRequest { partners, options })
        .await?
        .into_inner();
    Ok((r.report.unwrap(), r.partial))
}

async fn stream(
    app: &mut support::in_memory::InMemoryApp,
    seed: u64,
    total: u64,
    chunk: u64,
    invalid_every: u64,
    mut options: Option<PyramidOptions>,
) -> Result<(PyramidReport, Option<PyramidPartial>), Status> {
    let mut source = portfolio(seed, invalid_every).take(total as usize);
    let requests = tokio_stream::iter(std::iter::from_fn(move || {
        let partners: Vec<_> = source.by_ref().take(chunk as usize).collect();
        if partners.is_empty() {
            return None;
        }
        // Options on the first message only.
        Some(StreamAnalyzePyramidRequest {
            options: options.take(),
            partners,
        })
    }));
    let r = app
        .client
        .stream_analyze_pyramid(requests)
        .await?
        .into_inner();
    Ok((r.report.unwrap(), r.partial))
}

fn layer_partners(g: &proto::PyramidGroupReport) -> u64 {
    g.layers.iter().map(|l| l.partners).sum()
}

#[tokio::test]
async fn analyze_pyramid_reports_the_portfolio_and_each_group() {
    let mut app = support::in_memory::spawn_app().await;
    let (report, partial) = analyze(&mut app, partners(1, 0..2_000, 0), by_region(false))
        .await
        .unwrap();
    assert!(partial.is_none());
    assert_eq!(report.model_version, "tecp-default-2026.11");
    assert_eq!(report.currency_code, "USD");
    assert_eq!(report.group_by, vec!["region"]);
    assert_eq!(report.partners_analysed, 2_000);
    assert_eq!(report.partners_rejected, 0);
    let overall = report.overall.unwrap();
    assert_eq!(overall.partners, 2_000);
    assert_eq!(layer_partners(&overall), 2_000);
    assert_eq!(overall.layers.len(), 4);
    assert_eq!(overall.layers[0].stage, proto::Stage::Transactional as i32);
    assert_eq!(overall.layers[0].warning_counts.len(), 11);
    assert_eq!(overall.model_a_vs_model_b.len(), 20);
    let cells: u64 = overall.model_a_vs_model_b.iter().map(|c| c.partners).sum();
    assert_eq!(cells, 2_000);
    let shape = overall.shape.unwrap();
    assert_ne!(shape.shape, proto::PyramidShape::Unspecified as i32);
    assert!(shape.flatness > 0.0 && shape.flatness < 1.0);
    let health = overall.health.unwrap();
    assert!(health.score <= 100);
    assert_ne!(
        health.status,
        proto::PyramidHealthStatus::Unspecified as i32
    );
    for f in &health.findings {
        assert_ne!(f.code, proto::PyramidFindingCode::Unspecified as i32);
        assert!(!f.message.is_empty());
    }
    assert_eq!(overall.journey.unwrap().steps.len(), 3);

    // Partners without a region form their own group, listed first.
    assert_eq!(report.groups.len(), 1 + REGIONS.len());
    assert_eq!(report.groups[0].labels[0].key, "region");
    assert_eq!(report.groups[0].labels[0].value, None);
    let values: Vec<Option<&str>> = report
        .groups
        .iter()
        .map(|g| g.labels[0].value.as_deref())
        .collect();
    assert_eq!(
        values,
        vec![
            None,
            Some("amer"),
            Some("apac"),
            Some("emea"),
            Some("latam")
        ]
    );
    assert_eq!(report.groups[0].partners, 200, "every tenth lacks a region");
    let grouped: u64 = report.groups.iter().map(|g| g.partners).sum();
    assert_eq!(grouped, 2_000);
    app.stop().await;
}

#[tokio::test]
async fn bad_partners_are_counted_and_listed_without_failing_the_call() {
    let mut app = support::in_memory::spawn_app().await;
    let mut portfolio = partners(2, 0..300, 0);
    portfolio[10].partner_id = String::new();
    portfolio[20].quality.as_mut().unwrap().trust = Some(1.5);
    portfolio[30].model_a.as_mut().unwrap().revenue = Some(f64::NAN);
    let (report, _) = analyze(&mut app, portfolio, None).await.unwrap();
    assert_eq!(report.partners_analysed, 297);
    assert_eq!(report.partners_rejected, 3);
    let listed: Vec<(&str, &[String])> = report
        .rejected_partners
        .iter()
        .map(|r| (r.partner_id.as_str(), r.fields.as_slice()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("", &["partner_id".to_owned()][..]),
            ("P0000021", &["quality.trust".to_owned()][..]),
            ("P0000031", &["model_a.revenue".to_owned()][..]),
        ]
    );
    assert!(
        report.rejected_partners[1]
            .reason
            .starts_with("quality.trust: must be at most 1")
    );
    let findings = report.overall.unwrap().health.unwrap().findings;
    assert!(
        findings
            .iter()
            .any(|f| f.code == proto::PyramidFindingCode::PartnersRejected as i32)
    );
    app.stop().await;
}

#[tokio::test]
async fn a_portfolio_mixing_currencies_is_refused() {
    let mut app = support::in_memory::spawn_app().await;
    let mut portfolio = partners(3, 0..5, 0);
    portfolio[3].currency_code = "EUR".into();
    let status = analyze(&mut app, portfolio, None).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&status),
        vec![(
            "partners[3].currency_code".to_owned(),
            "CURRENCY_MISMATCH".to_owned()
        )]
    );
    assert!(status.message().contains("partners[3].currency_code"));

    // A declared currency binds every partner carrying money.
    let options = Some(PyramidOptions {
        currency_code: "EUR".into(),
        ..Default::default()
    });
    let status = analyze(&mut app, partners(3, 0..5, 0), options)
        .await
        .unwrap_err();
    let v = violations(&status);
    assert_eq!(v[0].0, "partners[0].currency_code");
    let details = status.get_details_bad_request().unwrap();
    assert!(
        details.field_violations[0]
            .description
            .contains("declared in options.currency_code")
    );
    app.stop().await;
}

#[tokio::test]
async fn invalid_options_are_refused() {
    let mut app = support::in_memory::spawn_app().await;
    let options = Some(PyramidOptions {
        group_by: vec!["Region".into()],
        currency_code: "dollars".into(),
        include_partial: false,
        ..Default::default()
    });
    let status = analyze(&mut app, vec![], options).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&status),
        vec![
            (
                "options.group_by[0]".to_owned(),
                "INVALID_FORMAT".to_owned()
            ),
            (
                "options.currency_code".to_owned(),
                "INVALID_FORMAT".to_owned()
            ),
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn an_empty_portfolio_reports_no_data() {
    let mut app = support::in_memory::spawn_app().await;
    let (report, _) = analyze(&mut app, vec![], None).await.unwrap();
    let overall = report.overall.unwrap();
    assert_eq!(overall.partners, 0);
    assert_eq!(
        overall.shape.unwrap().shape,
        proto::PyramidShape::Empty as i32
    );
    assert_eq!(
        overall.health.unwrap().status,
        proto::PyramidHealthStatus::NoData as i32
    );
    let (streamed, _) = stream(&mut app, 0, 0, 10, 0, None).await.unwrap();
    assert_eq!(streamed.partners_analysed, 0);
    app.stop().await;
}

#[tokio::test]
async fn stream_unary_and_merged_partials_give_the_same_report() {
    let mut app = support::in_memory::spawn_app().await;
    let (seed, total, invalid_every) = (4, 6_000, 997);
    let (unary, unary_partial) = analyze(
        &mut app,
        partners(seed, 0..total, invalid_every),
        by_region(true),
    )
    .await
    .unwrap();
    assert_eq!(unary.partners_rejected, total / invalid_every);

    let (streamed, streamed_partial) =
        stream(&mut app, seed, total, 512, invalid_every, by_region(true))
            .await
            .unwrap();
    assert_eq!(streamed, unary);
    assert_eq!(streamed_partial, unary_partial);

    // Three uneven shards, analysed separately, then merged in two orders.
    let cuts = [0, 1_000, 1_001, total];
    let mut shard_partials = Vec::new();
    for w in cuts.windows(2) {
        let (_, partial) = analyze(
            &mut app,
            partners(seed, w[0]..w[1], invalid_every),
            by_region(true),
        )
        .await
        .unwrap();
        shard_partials.push(partial.unwrap());
    }
    for order in [[0, 1, 2], [2, 0, 1]] {
        let merged = app
            .client
            .merge_pyramid_partials(MergePyramidPartialsRequest {
                partials: order.iter().map(|i| shard_partials[*i].clone()).collect(),
                include_partial: true,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(merged.report.as_ref(), Some(&unary));
        assert_eq!(merged.partial, unary_partial);
    }

    // Merging a merge: partials of partials still give the same report.
    let first_two = app
        .client
        .merge_pyramid_partials(MergePyramidPartialsRequest {
            partials: shard_partials[..2].to_vec(),
            include_partial: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .partial
        .unwrap();
    let all = app
        .client
        .merge_pyramid_partials(MergePyramidPartialsRequest {
            partials: vec![shard_partials[2].clone(), first_two],
            include_partial: false,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.report, Some(unary));
    assert_eq!(all.partial, None);
    app.stop().await;
}

/// Every count of a group report, times `factor`: partners per layer, per
/// warning code and layer, per Model A tier and stage, per journey
/// transition and step.
fn counts(g: &proto::PyramidGroupReport, factor: u64) -> Vec<u64> {
    let journey = g.journey.as_ref().unwrap();
    let mut out = vec![g.partners * factor];
    for l in &g.layers {
        out.push(l.partners * factor);
        out.extend(l.warning_counts.iter().map(|w| w.partners * factor));
    }
    out.extend(g.model_a_vs_model_b.iter().map(|c| c.partners * factor));
    out.extend(journey.transitions.iter().map(|t| t.partners * factor));
    out.extend(journey.steps.iter().map(|s| s.partners_crossing * factor));
    out
}

#[tokio::test]
async fn a_client_stream_of_a_million_partners_is_analysed() {
    let mut app = support::in_memory::spawn_app().await;
    // A pool of generated partners, streamed COPIES times with fresh ids
    // (generating a million partners in a debug build would take longer
    // than analysing them), and an invalid partner after every 100,000th.
    const POOL: u64 = 50_000;
    const COPIES: u64 = 20;
    let total = POOL * COPIES;
    let pool = partners(5, 0..POOL, 0);
    // The same partners, streamed once: the report to multiply.
    let (pool_report, _) = stream(&mut app, 5, POOL, 2_000, 0, by_region(false))
        .await
        .unwrap();
    assert_eq!(pool_report.partners_analysed, POOL);

    let mut source = (0..total).flat_map(move |k| {
        let mut p = pool[(k % POOL) as usize].clone();
        p.partner_id = format!("{}-{}", p.partner_id, k / POOL);
        let bad = ((k + 1) % 100_000 == 0).then(|| {
            let mut bad = p.clone();
            bad.partner_id = format!("bad-{k:07}");
            bad.quality.get_or_insert_default().trust = Some(1.5);
            bad
        });
        std::iter::once(p).chain(bad)
    });
    let mut options = by_region(false);
    let requests = tokio_stream::iter(std::iter::from_fn(move || {
        let partners: Vec<_> = source.by_ref().take(2_000).collect();
        (!partners.is_empty()).then(|| StreamAnalyzePyramidRequest {
            options: options.take(),
            partners,
        })
    }));
    let response = app
        .client
        .stream_analyze_pyramid(requests)
        .await
        .unwrap()
        .into_inner();
    assert!(response.partial.is_none());
    let report = response.report.unwrap();
    assert_eq!(report.partners_analysed, total);
    assert_eq!(report.partners_rejected, 10);
    let rejected: Vec<(&str, &[String])> = report
        .rejected_partners
        .iter()
        .map(|r| (r.partner_id.as_str(), r.fields.as_slice()))
        .collect();
    assert_eq!(rejected.len(), 10);
    assert_eq!(
        rejected[0],
        ("bad-0099999", &["quality.trust".to_owned()][..])
    );
    assert_eq!(rejected[9].0, "bad-0999999");

    // Exactly COPIES times the pool, overall and in every group.
    let overall = report.overall.as_ref().unwrap();
    assert_eq!(layer_partners(overall), total);
    assert_eq!(
        counts(overall, 1),
        counts(pool_report.overall.as_ref().unwrap(), COPIES)
    );
    assert_eq!(report.groups.len(), 1 + REGIONS.len());
    assert_eq!(report.groups.len(), pool_report.groups.len());
    for (g, p) in report.groups.iter().zip(&pool_report.groups) {
        assert_eq!(g.labels, p.labels);
        assert_eq!(counts(g, 1), counts(p, COPIES));
    }
    // The generator draws a pyramid: each layer narrower than the one below.
    let layers: Vec<u64> = overall.layers.iter().map(|l| l.partners).collect();
    assert!(
        layers.windows(2).all(|w| w[0] > w[1]) && layers[3] > 0,
        "{layers:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn options_are_read_from_the_first_stream_message_only() {
    let mut app = support::in_memory::spawn_app().await;
    let requests = tokio_stream::iter([
        StreamAnalyzePyramidRequest {
            options: by_region(false),
            partners: partners(6, 0..3, 0),
        },
        StreamAnalyzePyramidRequest {
            options: by_region(false),
            partners: partners(6, 3..6, 0),
        },
    ]);
    let status = app
        .client
        .stream_analyze_pyramid(requests)
        .await
        .unwrap_err();
    assert_eq!(
        violations(&status),
        vec![("requests[1].options".to_owned(), "INCONSISTENT".to_owned())]
    );

    let mut second = partner(6, 9, 0);
    second.currency_code = "GBP".into();
    let requests = tokio_stream::iter([
        StreamAnalyzePyramidRequest {
            options: None,
            partners: partners(6, 0..3, 0),
        },
        StreamAnalyzePyramidRequest {
            options: None,
            partners: vec![partner(6, 3, 0), second],
        },
    ]);
    let status = app
        .client
        .stream_analyze_pyramid(requests)
        .await
        .unwrap_err();
    assert_eq!(
        violations(&status),
        vec![(
            "requests[1].partners[1].currency_code".to_owned(),
            "CURRENCY_MISMATCH".to_owned()
        )]
    );
    app.stop().await;
}

#[tokio::test]
async fn hostile_or_mismatched_partials_are_refused_with_field_paths() {
    let mut app = support::in_memory::spawn_app().await;
    let (_, partial) = analyze(&mut app, partners(7, 0..50, 0), by_region(true))
        .await
        .unwrap();
    let good = partial.unwrap();
    let mut merge = async |partials: Vec<PyramidPartial>| {
        app.client
            .merge_pyramid_partials(MergePyramidPartialsRequest {
                partials,
                include_partial: false,
                ..Default::default()
            })
            .await
    };

    let status = merge(vec![]).await.unwrap_err();
    assert_eq!(
        violations(&status),
        vec![("partials".to_owned(), "REQUIRED".to_owned())]
    );

    let mut other_model = good.clone();
    other_model.model_version = "someone-elses-model".into();
    let status = merge(vec![good.clone(), other_model]).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&status),
        vec![(
            "partials[1].model_version".to_owned(),
            "INCONSISTENT".to_owned()
        )]
    );

    let mut inflated = good.clone();
    inflated.overall.as_mut().unwrap().layers[0].partners += 1_000;
    let status = merge(vec![inflated]).await.unwrap_err();
    let v = violations(&status);
    assert!(
        v.iter()
            .all(|(f, r)| f.starts_with("partials[0].") && r == "INCONSISTENT"),
        "{v:?}"
    );

    let mut ungrouped = good.clone();
    ungrouped.group_by.clear();
    ungrouped.groups.clear();
    let status = merge(vec![good.clone(), ungrouped]).await.unwrap_err();
    assert_eq!(
        violations(&status),
        vec![("partials[1].group_by".to_owned(), "INCONSISTENT".to_owned())]
    );

    let mut euro = good.clone();
    euro.currency_code = "EUR".into();
    let status = merge(vec![good.clone(), euro]).await.unwrap_err();
    assert_eq!(
        violations(&status),
        vec![(
            "partials[1].currency_code".to_owned(),
            "CURRENCY_MISMATCH".to_owned()
        )]
    );

    // Valid on their own, too big together: refused, not wrapped.
    let mut huge = proto::PyramidPartial {
        model_version: good.model_version.clone(),
        ..Default::default()
    };
    let mut overall = proto::PartialAggregate::default();
    for stage in 1..=4 {
        overall.layers.push(proto::PartialLayer {
            stage,
            partners: if stage == 1 { u64::MAX - 5 } else { 0 },
            ..Default::default()
        });
    }
    overall.model_a_vs_model_b.push(proto::TierStageCount {
        tier: 0,
        stage: 1,
        partners: u64::MAX - 5,
    });
    huge.overall = Some(overall);
    let status = merge(vec![huge.clone(), huge]).await.unwrap_err();
    assert_eq!(
        violations(&status),
        vec![("partials[1]".to_owned(), "OUT_OF_RANGE".to_owned())]
    );
    app.stop().await;
}

#[tokio::test]
async fn get_scoring_model_exposes_the_pyramid_thresholds() {
    let mut app = support::in_memory::spawn_app().await;
    let model = app
        .client
        .get_scoring_model(GetScoringModelRequest {})
        .await
        .unwrap()
        .into_inner()
        .model
        .unwrap();
    let p = model.pyramid.unwrap();
    assert_eq!(p.too_flat_base_share, 0.85);
    assert_eq!(p.inverted_top_share, 0.5);
    assert_eq!(p.healthy_min_score, 90);
    app.stop().await;
}
