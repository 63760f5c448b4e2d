"""Converts a portfolio CSV (the `stage-scorer classify` format) to Parquet, with typed columns.

    python examples/spark/csv_to_parquet.py portfolio.csv portfolio.parquet

Numbers become doubles or (nullable) 64-bit integers, flags booleans, ids,
currency codes, stages and labels strings; an empty cell becomes null. The
column names stay those of the CSV (`model_a.revenue`, `labels.region`...),
which is what the Spark jobs here read.
"""

from __future__ import annotations

import argparse
import sys

from stage_scorer_client import read_portfolio_csv


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="portfolio CSV")
    parser.add_argument("output", help="Parquet file to write")
    parser.add_argument("--row-group-size", type=int, default=100_000, help="rows per Parquet row group")
    args = parser.parse_args(argv)
    portfolio = read_portfolio_csv(args.input)
    portfolio.to_parquet(args.output, index=False, row_group_size=args.row_group_size)
    print(f"csv_to_parquet: {len(portfolio)} partners, {len(portfolio.columns)} columns -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
