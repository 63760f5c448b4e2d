"""Partner records -> `PartnerIndicators`, the way the server's CSV reader reads them.

A record is a `PartnerIndicators` message (sent as is) or a mapping. Mapping
keys are the CSV columns of `stage-scorer classify` (`partner_id`,
`currency_code`, `model_a.revenue`, ..., `intent.host_intended_stage`,
`labels.<key>`); a nested form (`{"quality": {"trust": 0.7}}`, `{"labels":
{"region": "emea"}}`) is read too. A missing value (`None`, NaN, pandas'
`NA`, an empty string) means "not supplied", never zero.

The columns are found through the message descriptors, so a field added to
`partner.proto` is a column here as soon as the stubs are regenerated.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Union

from google.protobuf.descriptor import EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message

from .proto.stage_scoring.v1.partner_pb2 import PartnerIndicators

#: A partner as the kit accepts it: a message, or a mapping of columns to values.
Record = Union[PartnerIndicators, Mapping[str, Any]]

LABELS = "labels"
_UINT32_MAX = 2**32 - 1


class RecordError(ValueError):
    """A value the kit cannot put into `PartnerIndicators` (wrong type or unknown column)."""

    def __init__(self, field: str, problem: str, reason: str = "INVALID_FORMAT", *, index: int | None = None) -> None:
        where = f"record {index}: " if index is not None else ""
        super().__init__(f"{where}{field}: {problem}")
        #: Zero-based position of the record in the input, when known.
        self.index = index
        #: The column (field path relative to the partner), e.g. `model_a.revenue`.
        self.field = field
        #: What is wrong with the value, e.g. `"lots" is not a number`.
        self.problem = problem
        #: A reason code in the server's vocabulary: INVALID_FORMAT, OUT_OF_RANGE or UNKNOWN_FIELD.
        self.reason = reason
        #: The record's `partner_id` when it has a usable one, else empty.
        self.partner_id = ""


def is_missing(value: Any) -> bool:
    """Whether a cell means "not supplied": None, NaN, pandas' NA/NaT or an empty string."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, numbers.Number) and not isinstance(value, numbers.Integral):
        try:
            return math.isnan(value)  # type: ignore[arg-type]
        except TypeError:
            return False
    return type(value).__name__ in ("NAType", "NaTType")


_Setter = Callable[[PartnerIndicators, Any], None]


@dataclass(frozen=True)
class _Column:
    name: str
    setter: _Setter


def columns() -> list[str]:
    """Every indicator column, in `PartnerIndicators` field order (labels excluded)."""
    names: list[str] = []
    for field in PartnerIndicators.DESCRIPTOR.fields:
        if field.name == LABELS:
            continue
        if field.message_type is None:
            names.append(field.name)
        else:
            names.extend(f"{field.name}.{leaf.name}" for leaf in field.message_type.fields)
    return names


def column_field(name: str) -> FieldDescriptor | None:
    """The scalar field a column fills; None for a `labels.<key>` column.

    Raises `RecordError` (reason UNKNOWN_FIELD) for a name that is no column.
    """
    head, dot, leaf = name.partition(".")
    field = PartnerIndicators.DESCRIPTOR.fields_by_name.get(head)
    if field is not None and field.name == LABELS and dot and leaf:
        return None
    if field is not None and not dot and field.message_type is None:
        return field
    if field is not None and dot and field.message_type is not None and field.name != LABELS:
        inner = field.message_type.fields_by_name.get(leaf)
        if inner is not None and inner.message_type is None:
            return inner
    raise RecordError(name, "is not a column of PartnerIndicators", "UNKNOWN_FIELD")


def _setter(name: str) -> _Setter:
    field = column_field(name)
    if field is None:
        key = name.partition(".")[2]

        def set_label(partner: PartnerIndicators, value: Any) -> None:
            partner.labels[key] = _text(name, value)

        return set_label

    coerce = _coercer(name, field)
    head, _, leaf = name.partition(".")
    if not leaf:

        def set_top(partner: PartnerIndicators, value: Any) -> None:
            setattr(partner, head, coerce(value))

        return set_top

    def set_nested(partner: PartnerIndicators, value: Any) -> None:
        setattr(getattr(partner, head), leaf, coerce(value))

    return set_nested


class RecordReader:
    """Turns records into `PartnerIndicators`, compiling each column set once.

    `read(record)` raises `RecordError` for a value it cannot use; the caller
    decides whether that fails one item or the whole input.
    """

    def __init__(self) -> None:
        self._setters: dict[str, _Setter] = {}

    def check_columns(self, names: Iterable[str]) -> None:
        """Raises `RecordError` naming the first name that is no column."""
        for name in names:
            self._setter(name)

    def read(self, record: Record) -> PartnerIndicators:
        """The `PartnerIndicators` of one record (a message is returned unchanged)."""
        if isinstance(record, PartnerIndicators):
            return record
        if isinstance(record, Message):
            raise TypeError(f"a record must be PartnerIndicators, not {record.DESCRIPTOR.full_name}")
        if not isinstance(record, Mapping):
            raise TypeError(f"a record must be a mapping or PartnerIndicators, not {type(record).__name__}")
        partner = PartnerIndicators()
        try:
            for name, value in record.items():
                if isinstance(value, Mapping):
                    self._read_nested(partner, str(name), value)
                elif not is_missing(value):
                    self._setter(str(name))(partner, value)
        except RecordError as error:
            error.partner_id = _partner_id(record.get("partner_id"))
            raise
        return partner

    def read_row(self, names: tuple[str, ...], values: tuple[Any, ...]) -> PartnerIndicators:
        """The `PartnerIndicators` of one table row (`values[i]` in column `names[i]`)."""
        partner = PartnerIndicators()
        try:
            for name, value in zip(names, values):
                if not is_missing(value):
                    self._setter(name)(partner, value)
        except RecordError as error:
            error.partner_id = _partner_id(dict(zip(names, values)).get("partner_id"))
            raise
        return partner

    def _read_nested(self, partner: PartnerIndicators, name: str, values: Mapping[Any, Any]) -> None:
        for key, value in values.items():
            if isinstance(value, Mapping):
                raise RecordError(f"{name}.{key}", "nests too deep: indicators are one level down")
            if not is_missing(value):
                self._setter(f"{name}.{key}")(partner, value)

    def _setter(self, name: str) -> _Setter:
        setter = self._setters.get(name)
        if setter is None:
            setter = self._setters[name] = _setter(name)
        return setter


def _partner_id(value: Any) -> str:
    try:
        return "" if is_missing(value) else _text("partner_id", value)
    except RecordError:
        return ""


def _coercer(name: str, field: FieldDescriptor) -> Callable[[Any], Any]:
    kind = field.type
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return lambda value: _number(name, value)
    if kind == FieldDescriptor.TYPE_BOOL:
        return lambda value: _flag(name, value)
    if kind == FieldDescriptor.TYPE_ENUM:
        names, choices = _enum_names(field.enum_type)
        return lambda value: _enum(name, field.enum_type, names, choices, value)
    if kind == FieldDescriptor.TYPE_STRING:
        return lambda value: _text(name, value)
    if kind in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32):
        return lambda value: _whole(name, value, 0, _UINT32_MAX)
    if kind in (FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64):
        return lambda value: _whole(name, value, 0, 2**64 - 1)
    if kind in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SFIXED32):
        return lambda value: _whole(name, value, -(2**31), 2**31 - 1)
    if kind in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64):
        return lambda value: _whole(name, value, -(2**63), 2**63 - 1)
    raise RecordError(name, f"has a type the kit cannot fill (protobuf type {kind})", "UNKNOWN_FIELD")


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise RecordError(name, f"{value!r} is not a number")
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise RecordError(name, f"{value!r} is not a number")


def _whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise RecordError(name, f"{value!r} is not a whole number")
    number: Any = value
    if isinstance(value, str):
        text = value.strip()
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                raise RecordError(name, f"{value!r} is not a whole number") from None
    if isinstance(number, numbers.Integral):
        whole = int(number)
    elif isinstance(number, numbers.Real) and math.isfinite(number) and float(number).is_integer():
        whole = int(float(number))
    else:
        raise RecordError(name, f"{value!r} is not a whole number")
    if not low <= whole <= high:
        raise RecordError(name, f"{whole} is out of range ({low} to {high})", "OUT_OF_RANGE")
    return whole


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", None) == "b":
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise RecordError(name, f"{value!r} is not true or false")


def _text(name: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    raise RecordError(name, f"{value!r} is not text")


def _enum_names(enum: EnumDescriptor) -> tuple[dict[str, int], str]:
    """Accepted spellings of an enum's values (`STAGE_ENHANCED`, `ENHANCED`, any case),
    and the short names of its meaningful values, for messages."""
    prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", enum.name).upper() + "_"
    names: dict[str, int] = {}
    short: list[str] = []
    for value in enum.values:
        names[value.name] = value.number
        brief = value.name[len(prefix):] if value.name.startswith(prefix) else value.name
        names[brief] = value.number
        if value.number != 0:
            short.append(brief)
    return names, ", ".join(short)


def _enum(name: str, enum: EnumDescriptor, names: dict[str, int], choices: str, value: Any) -> int:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(float(value))
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        number = names.get(text.upper())
        if number is not None:
            return number
    raise RecordError(name, f"{value!r} is not a {enum.name} ({choices})")
