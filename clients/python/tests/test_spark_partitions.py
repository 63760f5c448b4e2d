"""The Spark partition functions, called as Spark calls them, without Spark."""

from __future__ import annotations

import socket

import pytest

from conftest import EXAMPLE_CSV
from stage_scorer_client import RESULT_COLUMN_NAMES, Client, read_portfolio_csv, to_json
from stage_scorer_client.spark import (
    DOT,
    PartitionFailure,
    classify_partition,
    failure_reason,
    pyramid_partition,
)


def spark_batches(size: int = 16):
    """The example portfolio as Spark hands it to mapInPandas: dot-free names, Arrow-sized batches."""
    portfolio = read_portfolio_csv(EXAMPLE_CSV)
    portfolio.columns = [name.replace(".", DOT) for name in portfolio.columns]
    return [portfolio.iloc[start:start + size] for start in range(0, len(portfolio), size)]


def unreachable_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


def test_a_partition_is_classified_through_one_stream(server, client: Client) -> None:
    frames = list(classify_partition(3, iter(spark_batches()), server.address))
    assert [len(f) for f in frames] == [16, 16, 8]
    assert all(list(f.columns) == list(RESULT_COLUMN_NAMES) for f in frames)
    assert all(f["error_code"].isna().all() for f in frames)
    whole = client.classify(read_portfolio_csv(EXAMPLE_CSV))
    assert [s for f in frames for s in f["stage"]] == whole["stage"].tolist()


def test_a_partition_that_cannot_reach_the_server_names_itself() -> None:
    with pytest.raises(PartitionFailure) as raised:
        list(classify_partition(7, iter(spark_batches()), unreachable_address(), timeout=10))
    assert raised.value.partition == 7
    assert str(raised.value).startswith("partition 7: StreamClassifyPartners failed after 0 results: UNAVAILABLE")


def test_the_reason_is_found_in_sparks_wrapped_error() -> None:
    spark_text = (
        "An error occurred while calling o93.parquet.\n: org.apache.spark.SparkException: Job aborted.\n"
        "Traceback (most recent call last):\n  File \"...\", line 1, in run\n"
        "stage_scorer_client.spark.PartitionFailure: partition 2: StreamClassifyPartners failed after 0 results: "
        "UNAVAILABLE: failed to connect\n\tat org.apache.spark.api.python..."
    )
    assert failure_reason(Exception(spark_text)) == (
        "partition 2: StreamClassifyPartners failed after 0 results: UNAVAILABLE: failed to connect"
    )
    assert failure_reason(Exception("Job aborted: disk full")) is None


def test_partition_partials_merge_into_the_whole_report(server, client: Client) -> None:
    batches = spark_batches()
    rows = [next(pyramid_partition(n, iter([batch]), server.address, group_by=["region"]))
            for n, batch in enumerate(batches)]
    rows.append(next(pyramid_partition(len(batches), iter([]), server.address, group_by=["region"])))
    assert [int(r["partners"].iloc[0]) for r in rows] == [16, 16, 8, 0]
    merged = client.merge_partials([r["partial"].iloc[0] for r in rows])
    whole = client.analyze_pyramid(read_portfolio_csv(EXAMPLE_CSV), group_by=["region"])
    assert to_json(merged.report) == to_json(whole.report)
