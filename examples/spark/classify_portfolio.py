"""Classifies a Parquet portfolio with Spark, partition by partition, through stage-scorer.

    spark-submit examples/spark/classify_portfolio.py \\
        --server stage-scorer.scoring.svc:50051 portfolio.parquet classified.parquet

The input has the CSV columns of `stage-scorer classify` (`partner_id`,
`currency_code`, `model_a.revenue`, ..., `labels.<key>`); the output has
one flat row per partner (`stage_scorer_client.RESULT_COLUMNS`). Each
partition streams its rows through one `StreamClassifyPartners` call
(`mapInPandas`). The server address comes from `--server`, else from the
Spark configuration `spark.stageScorer.server` (e.g. `--conf
spark.stageScorer.server=HOST:PORT` or spark-defaults.conf). Every executor
needs the client kit (`pip install ./clients/python`) in the Python that
`PYSPARK_PYTHON` names.

A partition whose stream fails fails the job, naming the partition and the
reason; the output is then not written (Spark only commits it when every
task succeeded). Exit status: 0 written, 1 the job failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys

from pyspark.sql import SparkSession

from stage_scorer_client import spark_schema
from stage_scorer_client.spark import classify_partitions, dot_free, failure_reason

SERVER_CONF = "spark.stageScorer.server"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="Parquet portfolio (file or folder)")
    parser.add_argument("output", help="Parquet folder to write the flat results to")
    parser.add_argument("--server", help=f"stage-scorer gRPC address host:port (default: Spark conf {SERVER_CONF})")
    parser.add_argument("--partitions", type=int, help="repartition the input into this many partitions first")
    parser.add_argument("--timeout", type=float, help="deadline of each partition's stream, in seconds (default: none)")
    parser.add_argument("--mode", default="errorifexists", choices=["errorifexists", "overwrite"],
                        help="what to do when the output exists (default: errorifexists)")
    args = parser.parse_args(argv)

    spark = SparkSession.builder.appName("stage-scorer classify").getOrCreate()
    try:
        server = args.server or spark.conf.get(SERVER_CONF, None)
        if not server:
            parser.error(f"no server address: pass --server HOST:PORT or set {SERVER_CONF}")
        portfolio = dot_free(spark.read.parquet(args.input))
        if args.partitions:
            portfolio = portfolio.repartition(args.partitions)
        classified = portfolio.mapInPandas(classify_partitions(server, timeout=args.timeout), spark_schema())
        try:
            classified.write.mode(args.mode).parquet(args.output)
        except Exception as error:  # Spark reports a task failure as a Java exception
            reason = failure_reason(error)
            if reason is None:
                raise
            print(f"classify_portfolio: the job failed, nothing was written: {reason}", file=sys.stderr)
            return 1
        written = spark.read.parquet(args.output)
        errors = written.where(written.error_code.isNotNull()).count()
        print(f"classify_portfolio: {written.count()} partners classified into {args.output} "
              f"({errors} with an item error) by {server}")
        return 0
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
