"""The pyramid report of a Parquet portfolio, computed the way a cluster would.

    spark-submit examples/spark/pyramid_portfolio.py \\
        --server stage-scorer.scoring.svc:50051 --group-by region portfolio.parquet report.json

Each partition streams its partners to the service (`StreamAnalyzePyramid`
with `include_partial`) and returns its partial aggregate; the driver merges
the partials with `MergePyramidPartials`, which gives exactly the report one
pass over the whole portfolio gives, and writes it as canonical proto3 JSON
(`stage_scorer_client.to_json`). The server address comes from `--server`,
else from the Spark configuration `spark.stageScorer.server`.

A partition whose call fails fails the job, naming the partition and the
reason; no report is written. Exit status: 0 written, 1 the job failed, 2
bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyspark.sql import SparkSession

from stage_scorer_client import CallError, Client, to_json
from stage_scorer_client.spark import PARTIAL_SCHEMA, dot_free, failure_reason, pyramid_partials

SERVER_CONF = "spark.stageScorer.server"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="Parquet portfolio (file or folder)")
    parser.add_argument("output", help="file to write the report to (canonical proto3 JSON of PyramidReport)")
    parser.add_argument("--server", help=f"stage-scorer gRPC address host:port (default: Spark conf {SERVER_CONF})")
    parser.add_argument("--group-by", action="append", default=[], metavar="KEY",
                        help="label key to group the report by (repeat it, or separate keys with commas)")
    parser.add_argument("--currency", default="", metavar="CODE", help="the portfolio's currency (ISO 4217)")
    parser.add_argument("--partitions", type=int, help="repartition the input into this many partitions first")
    parser.add_argument("--timeout", type=float, help="deadline of each call, in seconds (default: none)")
    args = parser.parse_args(argv)
    group_by = [key for keys in args.group_by for key in keys.split(",") if key]

    spark = SparkSession.builder.appName("stage-scorer pyramid").getOrCreate()
    try:
        server = args.server or spark.conf.get(SERVER_CONF, None)
        if not server:
            parser.error(f"no server address: pass --server HOST:PORT or set {SERVER_CONF}")
        portfolio = dot_free(spark.read.parquet(args.input))
        if args.partitions:
            portfolio = portfolio.repartition(args.partitions)
        partials = portfolio.mapInPandas(
            pyramid_partials(server, group_by=group_by, currency_code=args.currency, timeout=args.timeout),
            PARTIAL_SCHEMA,
        )
        try:
            rows = sorted(partials.collect(), key=lambda row: row.partition)
        except Exception as error:  # Spark reports a task failure as a Java exception
            reason = failure_reason(error)
            if reason is None:
                raise
            print(f"pyramid_portfolio: the job failed, no report was written: {reason}", file=sys.stderr)
            return 1
    finally:
        spark.stop()

    try:
        with Client(server, timeout=args.timeout) as client:
            merged = client.merge_partials([bytes(row.partial) for row in rows])
    except CallError as error:
        print(f"pyramid_portfolio: merging the partials failed, no report was written: {error}", file=sys.stderr)
        return 1
    Path(args.output).write_text(to_json(merged.report))
    sizes = ", ".join(str(row.partners) for row in rows)
    print(f"pyramid_portfolio: {merged.report.partners_analysed} partners analysed "
          f"({merged.report.partners_rejected} rejected) in {len(rows)} partitions ({sizes}); "
          f"report written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
