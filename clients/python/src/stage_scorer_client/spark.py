"""Spark glue: functions for `DataFrame.mapInPandas`, one stream per partition.

    from stage_scorer_client import spark_schema
    from stage_scorer_client.spark import classify_partitions, dot_free

    flat = dot_free(portfolio).mapInPandas(classify_partitions("stage-scorer:50051"), spark_schema())

`mapInPandas` cannot take the portfolio's dotted column names
(`model_a.revenue`): Spark reads a dot as a struct field. `dot_free` renames
them (`model_a:revenue`; no column or label key holds a colon) and the
functions here read them back.

Each partition opens its own connection and its own stream, so the work
spreads over the executors and the service's replicas. A partition whose
call fails raises `PartitionFailure` naming the partition and the reason,
which fails the Spark task (and, once Spark's retries are spent, the job):
a job never writes a silently partial result. Nothing here imports pyspark
until it runs inside a Spark task.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .client import Client
from .errors import CallError
from .records import RecordError

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame as SparkDataFrame

#: Schema (Spark DDL) of the rows `pyramid_partials` yields: one per partition.
PARTIAL_SCHEMA = "`partition` int, `partners` long, `partial` binary"

#: What `dot_free` puts in place of the dots of column names.
DOT = ":"

_FAILURE = re.compile(r"PartitionFailure: (partition \d+: [^\n]*)")


class PartitionFailure(RuntimeError):
    """A partition's call to the service failed; the message names the partition and why."""

    def __init__(self, partition: int, reason: str) -> None:
        super().__init__(f"partition {partition}: {reason}")
        #: The Spark partition index.
        self.partition = partition
        #: Why its call failed.
        self.reason = reason


def dot_free(portfolio: SparkDataFrame) -> SparkDataFrame:
    """The Spark DataFrame with every `.` of its column names replaced by `DOT`,
    as `mapInPandas` needs; the functions here restore the names."""
    return portfolio.toDF(*[name.replace(".", DOT) for name in portfolio.columns])


def _dotted(frames: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for frame in frames:
        yield frame.rename(columns=lambda name: str(name).replace(DOT, "."))


def failure_reason(error: BaseException) -> str | None:
    """The `partition N: reason` of a `PartitionFailure` inside a Spark job's
    exception (Spark wraps the worker's Python error in Java ones); None when
    the job failed for another reason."""
    match = _FAILURE.search(str(error))
    return match.group(1) if match else None


def classify_partitions(address: str, *, timeout: float | None = None) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """A `mapInPandas` function classifying each partition through one
    `StreamClassifyPartners` stream to `address`; output schema `spark_schema()`."""

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        return classify_partition(_partition_id(), frames, address, timeout=timeout)

    return run


def classify_partition(
    partition: int, frames: Iterable[pd.DataFrame], address: str, *, timeout: float | None = None
) -> Iterator[pd.DataFrame]:
    """Classifies one partition's frames; raises `PartitionFailure` when the call fails."""
    try:
        with Client(address, timeout=timeout) as client:
            yield from client.classify_frames(_dotted(frames))
    except (CallError, RecordError) as error:
        raise PartitionFailure(partition, str(error)) from None


def pyramid_partials(
    address: str,
    *,
    group_by: Sequence[str] = (),
    currency_code: str = "",
    timeout: float | None = None,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """A `mapInPandas` function giving each partition's pyramid partial
    (`StreamAnalyzePyramid` with `include_partial`), one row per partition in
    `PARTIAL_SCHEMA`; merge them with `Client.merge_partials`."""

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        return pyramid_partition(_partition_id(), frames, address, group_by=group_by,
                                 currency_code=currency_code, timeout=timeout)

    return run


def pyramid_partition(
    partition: int,
    frames: Iterable[pd.DataFrame],
    address: str,
    *,
    group_by: Sequence[str] = (),
    currency_code: str = "",
    timeout: float | None = None,
) -> Iterator[pd.DataFrame]:
    """One partition's partial as a one-row frame; raises `PartitionFailure` when the call fails.

    An empty partition gives an empty partial, which merges as nothing.
    """
    import pandas as pd

    try:
        with Client(address, timeout=timeout) as client:
            analysis = client.analyze_pyramid_frames(
                _dotted(frames), group_by=group_by, currency_code=currency_code, include_partial=True
            )
    except (CallError, RecordError) as error:
        raise PartitionFailure(partition, str(error)) from None
    assert analysis.partial is not None
    report = analysis.report
    yield pd.DataFrame({
        "partition": pd.Series([partition], dtype="int32"),
        "partners": pd.Series([report.partners_analysed + report.partners_rejected], dtype="int64"),
        "partial": [analysis.partial.SerializeToString()],
    })


def _partition_id() -> int:
    from pyspark import TaskContext

    context = TaskContext.get()
    if context is None:
        raise RuntimeError("this function runs inside a Spark task (DataFrame.mapInPandas)")
    return context.partitionId()
