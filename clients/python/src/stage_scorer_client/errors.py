"""Exceptions of the kit: a call that failed as a whole (never one bad item)."""

from __future__ import annotations

from collections.abc import Sequence

import grpc
from google.rpc import status_pb2

from .results import FieldViolation, bad_request_violations

_STATUS_DETAILS_KEY = "grpc-status-details-bin"


class CallError(Exception):
    """A gRPC call failed as a whole: the server is unreachable, the deadline
    passed, the stream broke, or the request itself (not one of its items) was
    refused, e.g. mixed currencies in a pyramid.

    For `Client.classify`, the results yielded before the failure stand;
    `answered` tells how many came from the server.
    """

    def __init__(
        self,
        method: str,
        code: grpc.StatusCode,
        details: str,
        violations: tuple[FieldViolation, ...] = (),
        answered: int | None = None,
    ) -> None:
        where = f" after {answered} results" if answered is not None else ""
        fields = f" [{', '.join(v.field for v in violations)}]" if violations else ""
        super().__init__(f"{method} failed{where}: {code.name}: {details}{fields}")
        #: The RPC, e.g. `StreamClassifyPartners`.
        self.method = method
        #: The gRPC status code.
        self.code = code
        #: The server's (or the transport's) message.
        self.details = details
        #: Field violations of a `google.rpc.BadRequest` in the status details, if any.
        self.violations = violations
        #: Results received before the failure (streams only).
        self.answered = answered

    @classmethod
    def from_rpc_error(cls, method: str, error: grpc.RpcError, answered: int | None = None) -> CallError:
        """Wraps a `grpc.RpcError`, reading the rich status details when the server sent some."""
        code = error.code() if isinstance(error, grpc.Call) else grpc.StatusCode.UNKNOWN
        details = (error.details() if isinstance(error, grpc.Call) else None) or str(error)
        violations: tuple[FieldViolation, ...] = ()
        trailers: Sequence[tuple[str, str | bytes]] = (
            (error.trailing_metadata() or ()) if isinstance(error, grpc.Call) else ()
        )
        for key, value in trailers:
            if key == _STATUS_DETAILS_KEY and isinstance(value, bytes):
                status = status_pb2.Status.FromString(value)
                violations = tuple(
                    FieldViolation(v.field, v.description, v.reason)
                    for v in bad_request_violations(status.details)
                )
        return cls(method, code, details, violations, answered)


class ProtocolError(CallError):
    """The server's stream broke the contract (an answer out of order, a
    correlation id not echoed, a request left unanswered). The call is
    cancelled; nothing after the last good result can be trusted."""

    def __init__(self, method: str, details: str, answered: int) -> None:
        super().__init__(method, grpc.StatusCode.INTERNAL, details, (), answered)
