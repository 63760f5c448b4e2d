"""Typed results of the pipeline calls, and the errors they carry."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from google.protobuf.any_pb2 import Any as AnyMessage
from google.rpc import error_details_pb2, status_pb2

from .proto.stage_scoring.v1.classification_pb2 import PartnerClassification
from .proto.stage_scoring.v1.pyramid_pb2 import PyramidPartial, PyramidReport

_CODE_NAMES = {code.value[0]: code.name for code in grpc.StatusCode}
_PARTNER_PREFIX = "partner."


def code_name(code: int) -> str:
    """The gRPC status code's name, e.g. 3 -> `INVALID_ARGUMENT`."""
    return _CODE_NAMES.get(code, str(code))


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of one partner (from a `google.rpc.BadRequest` detail)."""

    #: Path of the field relative to the partner: the CSV column for an
    #: indicator (`quality.trust`), `labels["key"]` for a label, `partner`
    #: for a missing partner.
    field: str
    #: What is wrong, e.g. `must be at most 1`.
    description: str
    #: Machine-readable reason: REQUIRED, NOT_FINITE, OUT_OF_RANGE, TOO_LONG,
    #: INVALID_FORMAT, UNKNOWN_ENUM_VALUE (from the server), or
    #: INVALID_FORMAT / OUT_OF_RANGE / UNKNOWN_FIELD for a value the kit
    #: itself could not encode.
    reason: str


@dataclass(frozen=True)
class ItemError:
    """Why one partner was not classified. Never raised: carried by its result."""

    #: gRPC status code name, e.g. `INVALID_ARGUMENT`.
    code: str
    #: Human-readable message listing the offending fields.
    message: str
    #: One entry per bad field.
    violations: tuple[FieldViolation, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The paths of the bad fields, in the order the server listed them."""
        return tuple(v.field for v in self.violations)

    @classmethod
    def from_status(cls, status: status_pb2.Status, prefix: str = _PARTNER_PREFIX) -> ItemError:
        """Reads a `google.rpc.Status`; field paths lose `prefix` (the request's `partner.`)."""
        return cls(
            code=code_name(status.code),
            message=status.message,
            violations=tuple(
                FieldViolation(
                    field=v.field[len(prefix):] if prefix and v.field.startswith(prefix) else v.field,
                    description=v.description,
                    reason=v.reason,
                )
                for v in bad_request_violations(status.details)
            ),
        )


def bad_request_violations(details: list[AnyMessage] | tuple[AnyMessage, ...]) -> list[error_details_pb2.BadRequest.FieldViolation]:
    """The field violations of every `google.rpc.BadRequest` among a status' details."""
    violations: list[error_details_pb2.BadRequest.FieldViolation] = []
    for detail in details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            violations.extend(bad_request.field_violations)
    return violations


@dataclass(frozen=True)
class ClassifyResult:
    """The answer for one input record of `Client.classify`: a classification or an error."""

    #: Zero-based position of the record in the input.
    index: int
    #: The record's `partner_id` as sent (empty when it had none).
    partner_id: str
    #: Version of the scoring model that judged the record; empty when the
    #: record never reached the server (the kit could not encode it).
    model_version: str
    #: The classification, when the record was valid.
    classification: PartnerClassification | None = None
    #: Why the record was not classified, when it was not.
    error: ItemError | None = None

    @property
    def ok(self) -> bool:
        """Whether the record was classified."""
        return self.classification is not None


@dataclass(frozen=True)
class PyramidAnalysis:
    """A pyramid report, and the partial aggregate behind it when one was asked for."""

    #: The report (canonical proto3 JSON: `stage_scorer_client.to_json(report)`).
    report: PyramidReport
    #: The partial aggregate, to merge with others (`Client.merge_partials`);
    #: None unless `include_partial` was set.
    partial: PyramidPartial | None = None
