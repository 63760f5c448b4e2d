"""One `StreamClassifyPartners` call: records in, results out, in input order.

The request iterator is lazy and is pulled by gRPC's sending thread only as
fast as HTTP/2 flow control and the server's own back-pressure let it send,
so the input is never materialised. Each request carries its input position
as `correlation_id`; every answer's `sequence_number` and echoed
`correlation_id` are checked, so an answer out of place fails the call
instead of landing on the wrong partner.

A record the kit cannot encode (a `RecordError`) is not sent: its error
result is queued in input order between the answers around it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import grpc

from .errors import CallError, ProtocolError
from .proto.stage_scoring.v1.partner_pb2 import PartnerIndicators
from .proto.stage_scoring.v1.stream_pb2 import (
    StreamClassifyPartnersRequest,
    StreamClassifyPartnersResponse,
)
from .records import RecordError
from .results import ClassifyResult, FieldViolation, ItemError

METHOD = "StreamClassifyPartners"


def local_error(index: int, error: RecordError) -> ClassifyResult:
    """The result of a record the kit could not encode (never sent to the server)."""
    return ClassifyResult(
        index=index,
        partner_id=error.partner_id,
        model_version="",
        error=ItemError(
            code="INVALID_ARGUMENT",
            message=f"record {index}: {error}",
            violations=(FieldViolation(error.field, error.problem, error.reason),),
        ),
    )


def answer(index: int, response: StreamClassifyPartnersResponse) -> ClassifyResult:
    """The result of a record from the server's answer."""
    if response.HasField("classification"):
        return ClassifyResult(index, response.partner_id, response.model_version,
                              classification=response.classification)
    return ClassifyResult(index, response.partner_id, response.model_version,
                          error=ItemError.from_status(response.error))


def classify_stream(
    call: Any,
    items: Iterable[PartnerIndicators | RecordError],
    *,
    timeout: float | None,
    metadata: tuple[tuple[str, str], ...] = (),
) -> Iterator[ClassifyResult]:
    """Streams `items` through `call` (the stub's `StreamClassifyPartners`).

    Yields one `ClassifyResult` per item, in order. Raises `CallError` when
    the call fails as a whole (results already yielded stand), and re-raises
    whatever the `items` iterable itself raised. Stopping early (closing the
    generator) cancels the call, which stops the server's work for it.
    """
    # Entries in input order: an int is the input index of a sent request
    # still awaiting its answer; a ClassifyResult is a local error to emit.
    pending: deque[int | ClassifyResult] = deque()
    failure: list[BaseException] = []

    def requests() -> Iterator[StreamClassifyPartnersRequest]:
        try:
            for index, item in enumerate(items):
                if isinstance(item, RecordError):
                    pending.append(local_error(index, item))
                    continue
                pending.append(index)
                yield StreamClassifyPartnersRequest(partner=item, correlation_id=str(index))
        except GeneratorExit:
            raise
        except BaseException as error:  # surfaced to the caller below, not as CANCELLED
            failure.append(error)
            raise

    responses = call(requests(), timeout=timeout, metadata=metadata)
    answered = 0
    try:
        for response in responses:
            while True:
                if not pending:
                    raise ProtocolError(METHOD, f"answer #{response.sequence_number} to a request never sent", answered)
                entry = pending.popleft()
                if isinstance(entry, ClassifyResult):
                    yield entry
                    continue
                break
            if response.sequence_number != answered or response.correlation_id != str(entry):
                raise ProtocolError(
                    METHOD,
                    f"expected the answer to request #{answered} (record {entry}), got sequence number "
                    f"{response.sequence_number} with correlation id {response.correlation_id!r}",
                    answered,
                )
            answered += 1
            yield answer(entry, response)
        if failure:
            raise failure[0]
        while pending:
            entry = pending.popleft()
            if not isinstance(entry, ClassifyResult):
                raise ProtocolError(METHOD, f"the stream ended with record {entry} unanswered", answered)
            yield entry
    except grpc.RpcError as error:
        if failure:
            raise failure[0] from None
        raise CallError.from_rpc_error(METHOD, error, answered) from None
    finally:
        responses.cancel()
