//! The `pyramid` subcommand, run as the built binary on the example
//! portfolios, generated ones and broken input; its JSON report compared
//! with what the `AnalyzePyramid` RPC of the real server answers for the
//! same partners.

use crate::binary;
use crate::support;

use std::{
    fs::File,
    io::BufReader,
    path::{Path, PathBuf},
    process::Output,
};

use binary::run;
use stage_scorer::{
    portfolio_io::{Format, PortfolioReader},
    proto::{self, AnalyzePyramidRequest, PyramidOptions, PyramidReport},
};

fn example(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(file)
        .to_str()
        .unwrap()
        .to_owned()
}

/// A scratch file of its own for each test.
fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stage-scorer-pyramid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `pyramid --json` with `args`; the exit status and the report.
fn json_report(args: &[&str], stdin: Option<&[u8]>) -> (Option<i32>, PyramidReport) {
    let mut all = vec!["pyramid", "--json"];
    all.extend_from_slice(args);
    let out = run(&all, stdin);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not a PyramidReport ({e}): {}", stderr(&out)));
    (out.status.code(), report)
}

/// The readable partners of a file, as the RPC would be sent them.
fn partners_of(path: &str) -> Vec<proto::PartnerIndicators> {
    let format = Format::from_path(Path::new(path)).unwrap();
    PortfolioReader::new(BufReader::new(File::open(path).unwrap()), format)
        .unwrap()
        .filter_map(|(_, record)| record.ok())
        .collect()
}

async fn rpc_report(
    app: &mut support::TestApp,
    partners: Vec<proto::PartnerIndicators>,
    group_by: &[&str],
) -> PyramidReport {
    app.client
        .analyze_pyramid(AnalyzePyramidRequest {
            partners,
            options: Some(PyramidOptions {
                group_by: group_by.iter().map(|k| k.to_string()).collect(),
                ..Default::default()
            }),
        })
        .await
        .expect("the RPC analyses the portfolio")
        .into_inner()
        .report
        .unwrap()
}

#[tokio::test]
async fn the_json_report_is_the_rpc_report_for_the_same_partners() {
    let mut app = support::spawn_app().await;
    for group_by in [&[][..], &["region"][..], &["region", "partner_type"][..]] {
        let keys = group_by.join(",");
        let mut reports = Vec::new();
        for file in ["portfolio.csv", "portfolio.jsonl"] {
            let path = example(file);
            let mut args = vec![path.as_str()];
            if !group_by.is_empty() {
                args.extend(["--group-by", keys.as_str()]);
            }
            let (status, report) = json_report(&args, None);
            assert_eq!(status, Some(0), "{file} {keys}");
            assert_eq!(report.partners_analysed, 40);
            assert_eq!(report.partners_rejected, 0);
            let expected = rpc_report(&mut app, partners_of(&path), group_by).await;
            assert_eq!(report, expected, "{file} grouped by {keys:?}");
            reports.push(report);
        }
        assert_eq!(reports[0], reports[1], "CSV and JSON Lines alike");
    }
    app.stop().await;
}

#[test]
fn the_text_report_has_every_section() {
    let out = run(
        &[
            "pyramid",
            &example("portfolio.csv"),
            "--group-by",
            "region,partner_type",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    for section in [
        "PYRAMID REPORT",
        "  currency          USD",
        "  grouped by        region, partner_type",
        "  analysed          40 partners",
        "  rejected          0 records",
        "WHOLE PORTFOLIO (40 partners)",
        "  Health: ",
        "  Layers, base first",
        "    Transactional        22  55.0 %",
        "  Shape: PROPER",
        "flatness (share on the Transactional base) 55.0 %",
        "breaks: ",
        "  Effort allocation",
        "warranted share",
        "effort wasted above intent: ",
        "  Cost of sale by stage",
        "  Journey: ",
        "value of moving up",
        "potential revenue gain",
        "  Model A tier x relationship stage (partners)",
        "  Partners per warning code, by stage",
        "GROUPS (",
        "GROUP region=emea, partner_type=reseller (",
        "TOP_HEAVY",
    ] {
        assert!(text.contains(section), "{section:?} missing from\n{text}");
    }
    assert!(!text.contains("REJECTED RECORDS"));
    // Standard error is a pipe here: the summary, and no progress bar.
    assert_eq!(
        stderr(&out),
        "stage-scorer pyramid: 40 partner(s) analysed, 0 record(s) rejected\n"
    );
}

#[test]
fn grouping_by_one_and_by_two_keys() {
    let path = example("portfolio.csv");
    let (_, by_region) = json_report(&[&path, "-g", "region"], None);
    assert_eq!(by_region.group_by, ["region"]);
    let regions: Vec<Option<&str>> = by_region
        .groups
        .iter()
        .map(|g| g.labels[0].value.as_deref())
        .collect();
    assert_eq!(
        regions,
        [Some("amer"), Some("apac"), Some("emea"), Some("latam")]
    );
    let grouped: u64 = by_region.groups.iter().map(|g| g.partners).sum();
    assert_eq!(grouped, 40);
    assert_eq!(by_region.overall, json_report(&[&path], None).1.overall);

    let (_, commas) = json_report(&[&path, "--group-by", "region,partner_type"], None);
    let (_, repeated) = json_report(
        &[&path, "--group-by", "region", "--group-by", "partner_type"],
        None,
    );
    assert_eq!(commas, repeated);
    assert_eq!(commas.group_by, ["region", "partner_type"]);
    assert!(commas.groups.len() > by_region.groups.len());
    for g in &commas.groups {
        let keys: Vec<&str> = g.labels.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["region", "partner_type"]);
    }
    let grouped: u64 = commas.groups.iter().map(|g| g.partners).sum();
    assert_eq!(grouped, 40);
}

#[tokio::test]
async fn invalid_partners_are_rejected_as_by_the_rpc() {
    let path = scratch(
        "invalid.csv",
        "partner_id,currency_code,model_a.revenue,quality.trust,labels.region\n\
         p-1,USD,1000,0.5,emea\n\
         p-2,USD,2000,1.5,emea\n\
         ,USD,3000,0.5,amer\n\
         p-4,,4000,0.5,amer\n\
         p-5,USD,-5000,0.9,Bad Value\n\
         p-6,USD,6000,0.7,\n",
    );
    let path = path.to_str().unwrap();
    let (status, report) = json_report(&[path, "-g", "region"], None);
    assert_eq!(status, Some(1), "rejected partners make the status 1");
    assert_eq!(report.partners_analysed, 2);
    assert_eq!(report.partners_rejected, 4);
    let mut app = support::spawn_app().await;
    let expected = rpc_report(&mut app, partners_of(path), &["region"]).await;
    assert_eq!(report, expected);
    app.stop().await;
}

#[test]
fn broken_lines_are_rejected_with_their_line_and_the_rest_is_analysed() {
    let csv = scratch(
        "broken.csv",
        "partner_id,currency_code,model_a.revenue,quality.trust,quality.trsut\n\
         p-1,USD,1000,0.5,\n\
         p-2,USD,lots,0.5,\n\
         p-3,USD,1000,1.5,\n\
         p-4,USD\n\
         p-5,,,0.9,\n",
    );
    let (status, report) = json_report(&[csv.to_str().unwrap()], None);
    assert_eq!(status, Some(1));
    assert_eq!(report.partners_analysed, 2);
    assert_eq!(report.partners_rejected, 4);
    let mut reasons: Vec<(&str, &str)> = report
        .rejected_partners
        .iter()
        .map(|r| (r.partner_id.as_str(), r.reason.as_str()))
        .collect();
    reasons.sort_by_key(|(_, reason)| reason.to_owned());
    assert_eq!(reasons.len(), 4);
    assert_eq!(reasons[0].0, "");
    assert!(
        reasons[0]
            .1
            .starts_with("line 1: column 5 (quality.trsut): unknown column"),
        "{reasons:?}"
    );
    assert!(
        reasons[1]
            .1
            .starts_with("line 3: column 3 (model_a.revenue): \"lots\" is not a number")
    );
    assert!(reasons[2].1.starts_with("line 5: "), "{reasons:?}");
    assert_eq!(reasons[3], ("p-3", "quality.trust: must be at most 1"));
    let finding = &report.overall.unwrap().health.unwrap().findings;
    assert!(
        finding
            .iter()
            .any(|f| f.code == proto::PyramidFindingCode::PartnersRejected as i32)
    );

    // JSON Lines from standard input: the format is recognised from `{`.
    let jsonl = concat!(
        "{\"partnerId\":\"a\",\"quality\":{\"trust\":0.7}}\n",
        "{\"partnerId\":\"b\",\"quality\":{\"trust\":0.7}\n",
        "{\"partnerId\":\"c\",\"quality\":{\"trust\":\"high\"}}\n",
        "{\"partnerId\":\"d\",\"quality\":{\"trust\":0.2}}\n",
    );
    let out = run(&["pyramid", "--no-progress"], Some(jsonl.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.contains("  analysed          2 partners"), "{text}");
    assert!(text.contains("REJECTED RECORDS (2; 2 listed"), "{text}");
    assert!(text.contains("line 2: column "), "{text}");
    assert!(text.contains("line 3: "), "{text}");
    assert!(
        stderr(&out).contains("2 partner(s) analysed, 2 record(s) rejected"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_portfolio_mixing_currencies_is_refused() {
    // `generate` mixes USD and EUR unless one currency is asked for.
    let mixed = run(&["generate", "-n", "200", "--seed", "33"], None);
    assert!(mixed.status.success());
    let out = run(&["pyramid", "--no-progress"], Some(&mixed.stdout));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "no report");
    let message = stderr(&out);
    assert!(
        message.contains(
            "carries money in EUR but the portfolio's currency is USD (set by partner \
             \"P0000001\" on line 2, the first carrying money)"
        ),
        "{message}"
    );
    assert!(
        message.starts_with("stage-scorer pyramid: line "),
        "{message}"
    );

    let out = run(
        &["pyramid", &example("portfolio.csv"), "--currency", "EUR"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "line 2 (partner \"P0000001\"): carries money in USD but the portfolio's currency \
             is EUR (declared with --currency)"
        ),
        "{}",
        stderr(&out)
    );

    // One currency declared and kept: analysed.
    let (status, report) = json_report(&[&example("portfolio.csv"), "--currency", "USD"], None);
    assert_eq!(status, Some(0));
    assert_eq!(report.currency_code, "USD");
}

#[test]
fn a_generated_portfolio_streams_from_standard_input() {
    let generated = run(
        &[
            "generate",
            "-n",
            "5000",
            "--seed",
            "8",
            "--currency",
            "USD",
            "-f",
            "jsonl",
        ],
        None,
    );
    assert!(generated.status.success());
    let (status, report) = json_report(&["-g", "region"], Some(&generated.stdout));
    assert_eq!(status, Some(0));
    assert_eq!(report.partners_analysed, 5000);
    let overall = report.overall.unwrap();
    let layers: Vec<u64> = overall.layers.iter().map(|l| l.partners).collect();
    assert!(
        layers[0] > layers[1] && layers[1] > layers[2] && layers[2] > layers[3],
        "a pyramid: {layers:?}"
    );
}

#[test]
fn bad_arguments_and_missing_files_are_usage_errors() {
    let path = example("portfolio.csv");
    for (args, expected) in [
        (
            vec!["pyramid", path.as_str(), "-g", "Region"],
            "--group-by \"Region\" must be a label key",
        ),
        (
            vec!["pyramid", path.as_str(), "-g", "region,region"],
            "--group-by \"region\" repeats an earlier key",
        ),
        (
            vec!["pyramid", path.as_str(), "-g", "a,b,c,d,e"],
            "--group-by must hold at most 4 label keys (got 5)",
        ),
        (
            vec!["pyramid", path.as_str(), "--currency", "usd"],
            "\"usd\" must be an ISO 4217 code",
        ),
        (
            vec!["pyramid", "/nonexistent/partners.csv"],
            "cannot open /nonexistent/partners.csv",
        ),
    ] {
        let out = run(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
