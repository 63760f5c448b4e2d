"""pandas DataFrames in and out: portfolio tables, flat result tables.

A portfolio DataFrame has the CSV columns of `stage-scorer classify`
(`partner_id`, `currency_code`, `model_a.revenue`, ..., `labels.<key>`), any
subset in any order; an empty or NaN cell is "not supplied". pandas is
imported here only, and only when a DataFrame is used.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from os import PathLike
from typing import TYPE_CHECKING, Any, TypeGuard

from google.protobuf.descriptor import FieldDescriptor

from .flat import RESULT_COLUMNS, RESULT_COLUMN_NAMES, flat_row
from .proto.stage_scoring.v1.partner_pb2 import PartnerIndicators
from .records import RecordError, RecordReader, column_field
from .results import ClassifyResult

if TYPE_CHECKING:
    import pandas as pd

_WHOLE = {
    FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_INT32,
    FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_FIXED32, FieldDescriptor.TYPE_FIXED64, FieldDescriptor.TYPE_SFIXED32,
    FieldDescriptor.TYPE_SFIXED64,
}
_RESULT_DTYPES = {"string": "object", "int32": "Int32", "double": "float64", "list<string>": "object"}


def is_dataframe(value: Any) -> TypeGuard[pd.DataFrame]:
    """Whether `value` is a pandas DataFrame (without importing pandas)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(value, pandas.DataFrame)


def portfolio_dtypes(columns: Iterable[str]) -> dict[str, str]:
    """The pandas dtype of each portfolio column: numbers `float64` or nullable
    `Int64`, flags nullable `boolean`, text and stages `string`.

    Raises `RecordError` for a name that is no column.
    """
    dtypes: dict[str, str] = {}
    for name in columns:
        field = column_field(name)
        if field is None or field.type in (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_ENUM):
            dtypes[name] = "string"
        elif field.type == FieldDescriptor.TYPE_BOOL:
            dtypes[name] = "boolean"
        elif field.type in _WHOLE:
            dtypes[name] = "Int64"
        else:
            dtypes[name] = "float64"
    return dtypes


def read_portfolio_csv(path: str | PathLike[str]) -> pd.DataFrame:
    """Reads a portfolio CSV (the `stage-scorer classify` format) with typed columns.

    Empty cells become missing values; nothing else does (a partner id `NA`
    stays text). Raises `RecordError` for a header naming no column.
    """
    import pandas as pd

    header = pd.read_csv(path, nrows=0).columns
    dtypes: dict[Hashable, Any] = {}
    dtypes.update(portfolio_dtypes(str(name) for name in header))
    return pd.read_csv(
        path,
        dtype=dtypes,
        keep_default_na=False,
        na_values=[""],
        true_values=["true"],
        false_values=["false"],
    )


def check_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """The frame's column names; raises `RecordError` (a ValueError) for one that is no column."""
    names = tuple(str(c) for c in frame.columns)
    RecordReader().check_columns(names)
    return names


def frame_partners(frame: pd.DataFrame, reader: RecordReader) -> Iterator[PartnerIndicators | RecordError]:
    """Each row's `PartnerIndicators`, or the `RecordError` of a row that cannot be encoded."""
    names = check_columns(frame)
    for values in frame.itertuples(index=False, name=None):
        try:
            yield reader.read_row(names, values)
        except RecordError as error:
            yield error


def result_frame(rows: list[tuple[Any, ...]], index: Any = None) -> pd.DataFrame:
    """A DataFrame of flat result rows (`RESULT_COLUMNS`), typed, on `index`."""
    import pandas as pd

    columns = list(zip(*rows)) if rows else [()] * len(RESULT_COLUMNS)
    return pd.DataFrame(
        {
            column.name: pd.Series(list(values), index=index, dtype=_RESULT_DTYPES[column.type])
            for column, values in zip(RESULT_COLUMNS, columns)
        },
        index=index,
        columns=list(RESULT_COLUMN_NAMES),
    )


def classify_frames(
    stream: Callable[[Iterable[PartnerIndicators | RecordError]], Iterator[ClassifyResult]],
    frames: Iterable[pd.DataFrame],
) -> Iterator[pd.DataFrame]:
    """Classifies a sequence of portfolio frames through one stream.

    Yields one flat result frame per input frame, on the input frame's index,
    as soon as its last row is answered. Holds one frame's results at a time.
    """
    reader = RecordReader()
    indexes: deque[Any] = deque()

    def items() -> Iterator[PartnerIndicators | RecordError]:
        for frame in frames:
            indexes.append(frame.index)
            yield from frame_partners(frame, reader)

    rows: list[tuple[Any, ...]] = []

    def complete() -> Iterator[pd.DataFrame]:
        while indexes and len(rows) >= len(indexes[0]):
            index = indexes.popleft()
            yield result_frame(rows[: len(index)], index)
            del rows[: len(index)]

    for result in stream(items()):
        rows.append(flat_row(result))
        yield from complete()
    yield from complete()
