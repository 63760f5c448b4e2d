//! Parquet through the built binary: `generate` writes a typed Parquet
//! portfolio, `classify` and `pyramid` read it as they read the same
//! portfolio in CSV, and `classify` writes its flat result as CSV and as
//! Parquet, row for row the same.

use crate::binary;

use std::{fs::File, path::Path};

use binary::{run, scratch};
use parquet::{
    file::{reader::FileReader, serialized_reader::SerializedFileReader},
    record::Field,
};

fn ok(out: &std::process::Output) -> &[u8] {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    &out.stdout
}

/// A generated portfolio of 3 000 partners, money in one currency (as a
/// pyramid wants).
fn generate(path: &Path) {
    ok(&run(
        &[
            "generate",
            "-n",
            "3000",
            "--seed",
            "11",
            "--currency",
            "USD",
            "-o",
            path.to_str().unwrap(),
        ],
        None,
    ));
}

/// The flat CSV's rows as cells, without the `line` column (CSV lines
/// count the header; Parquet rows do not).
fn flat_csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().skip(1).map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// A flat Parquet result's rows, printed as the flat CSV prints them.
fn flat_parquet_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    let header = reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    let cell = |field: &Field| match field {
        Field::Null => String::new(),
        Field::Str(s) => s.clone(),
        Field::Int(n) => n.to_string(),
        Field::Long(n) => n.to_string(),
        Field::Double(x) => x.to_string(),
        Field::ListInternal(list) => list
            .elements()
            .iter()
            .map(|e| match e {
                Field::Str(s) => s.clone(),
                other => panic!("a list of strings holds {other:?}"),
            })
            .collect::<Vec<_>>()
            .join(";"),
        other => panic!("unexpected cell {other:?}"),
    };
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            let row = row.unwrap();
            row.get_column_iter()
                .skip(1)
                .map(|(_, f)| cell(f))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn a_parquet_portfolio_classifies_as_its_csv_twin_and_the_flat_results_agree() {
    let dir = scratch("parquet-classify");
    let (csv, parquet) = (dir.join("p.csv"), dir.join("p.parquet"));
    generate(&csv);
    generate(&parquet);
    assert_eq!(&std::fs::read(&parquet).unwrap()[..4], b"PAR1");

    let from_csv = run(
        &["classify", csv.to_str().unwrap(), "--output-format", "csv"],
        None,
    );
    let (header, csv_rows) = flat_csv_rows(ok(&from_csv));
    assert_eq!(
        header,
        [
            "line",
            "partner_id",
            "stage",
            "top_down_stage_number",
            "confidence",
            "coverage",
            "effort_level",
            "model_a_tier",
            "recommended_stage",
            "warnings",
            "model_version",
            "error_code",
            "error_message",
            "error_fields",
        ]
    );
    assert_eq!(csv_rows.len(), 3000);

    // The Parquet portfolio, classified to flat CSV: the same rows.
    let from_parquet = run(
        &[
            "classify",
            parquet.to_str().unwrap(),
            "--output-format",
            "csv",
        ],
        None,
    );
    assert_eq!(flat_csv_rows(ok(&from_parquet)).1, csv_rows);

    // ... and to flat Parquet (chosen by the extension): the same rows too.
    let out = dir.join("result.parquet");
    ok(&run(
        &[
            "classify",
            parquet.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    ));
    let (parquet_header, parquet_rows) = flat_parquet_rows(&out);
    assert_eq!(parquet_header, header);
    assert_eq!(parquet_rows, csv_rows);

    // Every row is classified, and the warnings column holds wire codes.
    assert!(
        csv_rows
            .iter()
            .all(|r| r[1].starts_with("STAGE_") && r[10].is_empty())
    );
    assert!(csv_rows.iter().any(|r| r[8].starts_with("WARNING_CODE_")));
}

#[test]
fn the_pyramid_of_a_parquet_portfolio_is_that_of_its_csv_twin() {
    let dir = scratch("parquet-pyramid");
    let (csv, parquet) = (dir.join("p.csv"), dir.join("p.parquet"));
    generate(&csv);
    generate(&parquet);
    let report = |path: &Path| {
        ok(&run(
            &[
                "pyramid",
                path.to_str().unwrap(),
                "--json",
                "--group-by",
                "region",
            ],
            None,
        ))
        .to_vec()
    };
    assert_eq!(report(&parquet), report(&csv));
}

#[test]
fn an_error_row_is_a_flat_row_and_a_bad_schema_refuses_the_file() {
    let dir = scratch("parquet-errors");
    let csv = dir.join("bad.csv");
    std::fs::write(&csv, "partner_id,quality.trust\np-1,0.5\np-2,1.5\n").unwrap();
    let out = run(
        &["classify", csv.to_str().unwrap(), "--output-format", "csv"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let (_, rows) = flat_csv_rows(&out.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "p-2");
    assert_eq!(rows[1][1], "", "no stage on an error row");
    assert_eq!(rows[1][10], "INVALID_ARGUMENT");
    assert!(rows[1][11].contains("must be at most 1"), "{}", rows[1][11]);
    assert_eq!(rows[1][12], "quality.trust");

    // A flat result is no portfolio: its columns are refused, by name.
    let result = dir.join("result.parquet");
    ok(&run(
        &[
            "classify",
            "examples/portfolio.csv",
            "-o",
            result.to_str().unwrap(),
        ],
        None,
    ));
    let out = run(&["classify", result.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("column line: unknown"), "{stderr}");
    assert!(
        stderr.contains("column warnings.list.element: nested"),
        "{stderr}"
    );
}
