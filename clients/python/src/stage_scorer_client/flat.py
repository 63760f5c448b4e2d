"""The flat result row: one row per partner, the columns a table or warehouse takes.

`RESULT_COLUMNS` is the column list (name, type, meaning) in order; it is
what `Client.classify` returns for a DataFrame and what the Spark job
writes. Enum values are their proto names (`STAGE_ENHANCED`,
`MODEL_A_TIER_GOLD`, `WARNING_CODE_EFFORT_ABOVE_INTENT`), as in the
canonical JSON of a classification.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .proto.stage_scoring.v1.classification_pb2 import WarningCode
from .proto.stage_scoring.v1.stage_pb2 import ModelATier, Stage
from .results import ClassifyResult


@dataclass(frozen=True)
class Column:
    """One column of the flat result."""

    #: Column name.
    name: str
    #: Logical type: `string`, `int32`, `double` or `list<string>`.
    type: str
    #: What the column holds.
    description: str


RESULT_COLUMNS: tuple[Column, ...] = (
    Column("partner_id", "string", "the record's partner_id as sent (empty when it had none)"),
    Column("stage", "string", "relationship stage (Model B), e.g. STAGE_ENHANCED; null on an error row"),
    Column("top_down_stage_number", "int32", "the stage counted top-down: 1 Partnership ... 4 Transactional; null on an error row"),
    Column("confidence", "double", "how sure the model is of the stage, 0 to 1; null on an error row"),
    Column("coverage", "double", "share of the indicators the model reads that were supplied, 0 to 1; null on an error row"),
    Column("effort_level", "string", "the stage the host's effort corresponds to; null when too little effort data is known"),
    Column("model_a_tier", "string", "Model A tier (money and loyalty), e.g. MODEL_A_TIER_GOLD; null when unknown"),
    Column("recommended_stage", "string", "the recommended next step: one stage up toward the destination (the intended stage), or the destination when not above; null on an error row"),
    Column("warnings", "list<string>", "warning codes in catalogue order, e.g. [WARNING_CODE_INTENT_MISMATCH]; empty when none"),
    Column("model_version", "string", "version of the scoring model that judged the record; empty when the kit could not encode it"),
    Column("error_code", "string", "gRPC status code name of the item's error, e.g. INVALID_ARGUMENT; null when classified"),
    Column("error_message", "string", "the item's error message; null when classified"),
    Column("error_fields", "list<string>", "paths of the bad fields relative to the partner (the CSV column, e.g. quality.trust); empty when classified"),
)

#: Column names of the flat result, in order.
RESULT_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in RESULT_COLUMNS)

_SPARK_TYPES = {"string": "string", "int32": "int", "double": "double", "list<string>": "array<string>"}


def _enum_name(enum: Any, value: int) -> str | None:
    return None if value == 0 else enum.Name(value)


def flat_row(result: ClassifyResult) -> tuple[Any, ...]:
    """The values of `RESULT_COLUMNS` for one result."""
    c = result.classification
    if c is None:
        error = result.error
        return (
            result.partner_id, None, None, None, None, None, None, None, [],
            result.model_version,
            error.code if error else None,
            error.message if error else None,
            list(error.fields) if error else [],
        )
    return (
        result.partner_id,
        _enum_name(Stage, c.stage),
        c.top_down_stage_number,
        c.confidence,
        c.coverage,
        _enum_name(Stage, c.effort.effort_level),
        _enum_name(ModelATier, c.model_a_tier),
        _enum_name(Stage, c.recommended_stage),
        [WarningCode.Name(w.code) for w in c.warnings],
        result.model_version,
        None,
        None,
        [],
    )


def spark_schema() -> str:
    """The flat result's schema as a Spark DDL string (for `mapInPandas`)."""
    return ", ".join(f"`{c.name}` {_SPARK_TYPES[c.type]}" for c in RESULT_COLUMNS)
