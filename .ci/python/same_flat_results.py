"""Checks `stage-scorer classify`'s flat Parquet result against the Spark job's.

    python .ci/python/same_flat_results.py CLI_FLAT.parquet SPARK_FLAT.parquet

CLI_FLAT is `stage-scorer classify PORTFOLIO.parquet -o CLI_FLAT.parquet`
(the Rust CLI reading the pandas-written Parquet portfolio, no server);
SPARK_FLAT is examples/spark/classify_portfolio.py's output over the same
portfolio (the Python kit, through the server). The CLI's columns must be
`line` followed by the kit's columns, in order, and every partner must have
the same values in both (floats exactly, lists element by element).
Exit status 0 when all agree, 1 otherwise (with the first differences).
"""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd


def plain(value: Any) -> Any:
    """A cell as a plain Python value: lists for arrays, None for nulls."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value


def rows(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {
        record["partner_id"]: {k: plain(v) for k, v in record.items()}
        for record in frame.to_dict("records")
    }


def main(cli_path: str, spark_path: str) -> int:
    cli = pd.read_parquet(cli_path)
    spark = pd.read_parquet(spark_path)
    expected_columns = ["line", *spark.columns]
    if list(cli.columns) != expected_columns:
        print(f"columns differ:\n  cli:   {list(cli.columns)}\n  spark: {expected_columns}")
        return 1
    cli_rows, spark_rows = rows(cli.drop(columns=["line"])), rows(spark)
    if len(cli_rows) != len(cli) or set(cli_rows) != set(spark_rows):
        print(f"partners differ: {len(cli_rows)} in the CLI's result, {len(spark_rows)} in Spark's")
        return 1
    differences = [
        (pid, column, cli_rows[pid][column], spark_rows[pid][column])
        for pid in sorted(cli_rows)
        for column in spark.columns
        if cli_rows[pid][column] != spark_rows[pid][column]
    ]
    for pid, column, a, b in differences[:10]:
        print(f"{pid} {column}: cli {a!r} != spark {b!r}")
    if differences:
        print(f"{len(differences)} difference(s)")
        return 1
    print(f"same flat result for {len(cli_rows)} partners, {len(spark.columns)} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
