//! The `classify` and `generate` subcommands, run as the built binary on
//! CSV and JSON Lines files, including broken lines.

use crate::binary;

use std::path::{Path, PathBuf};

use binary::{run, scratch};
use serde_json::Value;

/// Each output line's input line number, and whether it was classified.
fn line_outcomes(lines: &[Value]) -> Vec<(u64, bool)> {
    lines
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l.get("classification").is_some(),
            )
        })
        .collect()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

#[test]
fn the_example_portfolios_classify_cleanly_and_alike() {
    let mut outputs = Vec::new();
    for file in ["portfolio.csv", "portfolio.jsonl"] {
        let path = examples().join(file);
        let out = run(&["classify", path.to_str().unwrap()], None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = json_lines(&out.stdout);
        assert_eq!(lines.len(), 40);
        for line in &lines {
            assert!(line["classification"]["stage"].is_string(), "{line}");
            assert_eq!(line["partnerId"], line["classification"]["partnerId"]);
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("40 partner(s) classified, 0 record(s) failed"),
            "{stderr}"
        );
        outputs.push(
            lines
                .into_iter()
                .map(|l| l["classification"].clone())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(
        outputs[0], outputs[1],
        "CSV and JSON Lines give the same result"
    );
}

#[test]
fn broken_csv_lines_are_reported_with_line_and_column_and_the_rest_is_classified() {
    let dir = scratch("broken-csv");
    let input = dir.join("partners.csv");
    std::fs::write(
        &input,
        "partner_id,currency_code,model_a.revenue,quality.trust,quality.trsut\n\
         p-1,USD,1000,0.5,\n\
         p-2,USD,lots,0.5,\n\
         p-3,USD,1000,1.5,\n\
         p-4,USD\n\
         p-5,,,0.9,\n",
    )
    .unwrap();
    let output = dir.join("out.jsonl");
    let out = run(
        &[
            "classify",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "any failed line makes the exit status 1"
    );
    assert!(out.stdout.is_empty(), "results go to the output file");
    let lines = json_lines(&std::fs::read(&output).unwrap());
    let summary = line_outcomes(&lines);
    assert_eq!(
        summary,
        [
            (1, false),
            (2, true),
            (3, false),
            (4, false),
            (5, false),
            (6, true)
        ]
    );
    let problem = |i: usize| lines[i]["error"]["problems"][0].clone();
    // Wrong header: the unknown column is named with its position.
    assert_eq!(problem(0)["column"], 5);
    assert_eq!(problem(0)["reason"], "UNKNOWN_COLUMN");
    // Unparsable number.
    assert_eq!(problem(2)["column"], 3);
    assert_eq!(problem(2)["field"], "model_a.revenue");
    assert_eq!(problem(2)["reason"], "UNPARSABLE_NUMBER");
    assert!(
        lines[2]["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 3: column 3 (model_a.revenue)"),
        "{}",
        lines[2]["error"]["message"]
    );
    // The issue: the id cell was readable, so the error names the partner.
    assert_eq!(
        lines[2]["partnerId"], "p-2",
        "an unreadable row keeps its readable id"
    );
    // Readable but out of range: the column comes from the header.
    assert_eq!(problem(3)["column"], 4);
    assert_eq!(problem(3)["field"], "quality.trust");
    assert_eq!(problem(3)["reason"], "OUT_OF_RANGE");
    assert_eq!(lines[3]["partnerId"], "p-3");
    // A short row.
    assert_eq!(problem(4)["reason"], "WRONG_FIELD_COUNT");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 partner(s) classified, 4 record(s) failed"),
        "{stderr}"
    );
}

#[test]
fn broken_json_lines_are_reported_and_the_rest_is_classified() {
    let input = concat!(
        "{\"partnerId\":\"a\",\"quality\":{\"trust\":0.7}}\n",
        "{\"partnerId\":\"b\",\"quality\":{\"trust\":0.7}\n",
        "\n",
        "{\"partnerId\":\"c\",\"quality\":{\"trust\":\"high\"}}\n",
        "{\"partnerId\":\"d\",\"economics\":{\"costOfSale\":10}}\n",
        "{\"partner_id\":\"e\",\"intent\":{\"host_intended_stage\":\"STAGE_ENHANCED\"}}\n",
    );
    // From standard input: the format is recognised from the first `{`.
    let out = run(&["classify", "--no-progress"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    let summary = line_outcomes(&lines);
    assert_eq!(
        summary,
        [(1, true), (2, false), (4, false), (5, false), (6, true)]
    );
    let problem = |i: usize| lines[i]["error"]["problems"][0].clone();
    assert_eq!(problem(1)["reason"], "MALFORMED_JSON");
    assert!(problem(1)["column"].as_u64().unwrap() > 0);
    assert!(
        lines[1]["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 2: column "),
        "{}",
        lines[1]["error"]["message"]
    );
    assert_eq!(problem(2)["reason"], "INVALID_FIELD");
    assert_eq!(problem(3)["field"], "currency_code");
    assert_eq!(problem(3)["reason"], "REQUIRED");
    assert_eq!(lines[3]["partnerId"], "d");
}

#[test]
fn generate_is_deterministic_and_its_output_classifies_in_both_formats() {
    let dir = scratch("generate");
    for format in ["csv", "jsonl"] {
        let a = dir.join(format!("a.{format}"));
        let b = dir.join(format!("b.{format}"));
        for path in [&a, &b] {
            let out = run(
                &[
                    "generate",
                    "-n",
                    "2000",
                    "--seed",
                    "5",
                    "-o",
                    path.to_str().unwrap(),
                ],
                None,
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let bytes = std::fs::read(&a).unwrap();
        assert_eq!(bytes, std::fs::read(&b).unwrap(), "same seed, same file");
        let other = run(
            &["generate", "-n", "2000", "--seed", "6", "-f", format],
            None,
        );
        assert_ne!(other.stdout, bytes, "another seed, another portfolio");

        let out = run(&["classify", a.to_str().unwrap()], None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = json_lines(&out.stdout);
        assert_eq!(lines.len(), 2000);
        let mut stages = std::collections::BTreeMap::<String, usize>::new();
        for line in &lines {
            *stages
                .entry(line["classification"]["stage"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
        let count = |s: &str| stages.get(s).copied().unwrap_or(0);
        let shape = [
            count("STAGE_TRANSACTIONAL"),
            count("STAGE_ENHANCED"),
            count("STAGE_COLLABORATIVE"),
            count("STAGE_PARTNERSHIP"),
        ];
        assert!(
            shape[0] > shape[1] && shape[1] > shape[2] && shape[2] > shape[3] && shape[3] > 0,
            "{shape:?}"
        );
    }
}

#[test]
fn a_missing_input_file_is_a_usage_error() {
    let out = run(&["classify", "/nonexistent/partners.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot open /nonexistent/partners.csv"),
        "{stderr}"
    );
}
