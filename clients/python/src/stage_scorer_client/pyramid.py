"""Requests of `StreamAnalyzePyramid` and `MergePyramidPartials`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .proto.stage_scoring.v1.partner_pb2 import PartnerIndicators
from .proto.stage_scoring.v1.pyramid_pb2 import (
    MergePyramidPartialsRequest,
    PyramidOptions,
    PyramidPartial,
    StreamAnalyzePyramidRequest,
)

#: Partners per `StreamAnalyzePyramidRequest` message: a few hundred stream
#: efficiently and keep each message far below the 4 MiB transport limit.
DEFAULT_BATCH_SIZE = 500


def pyramid_options(
    group_by: Sequence[str] = (), currency_code: str = "", include_partial: bool = False
) -> PyramidOptions:
    """`PyramidOptions` from plain arguments (`group_by` as a list of label keys)."""
    if isinstance(group_by, str):
        raise TypeError("group_by is a list of label keys, e.g. ['region']")
    return PyramidOptions(group_by=list(group_by), currency_code=currency_code, include_partial=include_partial)


def pyramid_requests(
    partners: Iterable[PartnerIndicators], options: PyramidOptions, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[StreamAnalyzePyramidRequest]:
    """The client stream: the options in the first message, `batch_size` partners per message.

    Lazy: holds one batch at a time. An empty portfolio still sends the options.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    first = True
    batch: list[PartnerIndicators] = []
    for partner in partners:
        batch.append(partner)
        if len(batch) == batch_size:
            yield StreamAnalyzePyramidRequest(options=options if first else None, partners=batch)
            first = False
            batch = []
    if batch or first:
        yield StreamAnalyzePyramidRequest(options=options if first else None, partners=batch)


def merge_request(partials: Iterable[PyramidPartial | bytes], include_partial: bool) -> MergePyramidPartialsRequest:
    """A merge request from partials, given as messages or their serialised bytes."""
    messages = [
        PyramidPartial.FromString(bytes(p)) if isinstance(p, (bytes, bytearray, memoryview)) else p
        for p in partials
    ]
    for position, partial in enumerate(messages):
        if not isinstance(partial, PyramidPartial):
            raise TypeError(f"partials[{position}] is a {type(partial).__name__}, not a PyramidPartial or bytes")
    return MergePyramidPartialsRequest(partials=messages, include_partial=include_partial)
