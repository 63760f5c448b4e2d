"""`Client`: the three pipeline jobs (classify, analyse a pyramid, merge partials)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast, overload

import grpc

from .classify_stream import classify_stream
from .errors import CallError
from .frames import check_columns, classify_frames, frame_partners, is_dataframe
from .proto.stage_scoring.v1.classification_pb2 import PartnerClassification
from .proto.stage_scoring.v1.partner_pb2 import PartnerIndicators
from .proto.stage_scoring.v1.pyramid_pb2 import AnalyzePyramidRequest, PyramidOptions
from .proto.stage_scoring.v1.stage_scoring_service_pb2 import ClassifyPartnerRequest
from .proto.stage_scoring.v1.stage_scoring_service_pb2_grpc import StageScoringServiceStub
from .pyramid import DEFAULT_BATCH_SIZE, merge_request, pyramid_options, pyramid_requests
from .records import Record, RecordError, RecordReader
from .results import ClassifyResult, PyramidAnalysis

if TYPE_CHECKING:
    import pandas as pd

#: Largest answer the client accepts by default (a pyramid report of many
#: groups outgrows gRPC's default of 4 MiB).
DEFAULT_MAX_RECEIVE_BYTES = 64 * 1024 * 1024

_UNSET: Any = object()


class Client:
    """A connection to a stage-scorer server, for pipelines.

        with Client("stage-scorer.scoring.svc:50051") as client:
            results = client.classify(portfolio_dataframe)

    `address` is `host:port`. Without `credentials` the channel is plain
    text (inside a cluster or behind a sidecar); pass
    `grpc.ssl_channel_credentials(...)` for TLS. `timeout` (seconds) is the
    default deadline of every call: for a stream it bounds the whole stream,
    so leave it unset (no deadline) for long pipelines or pass one per call.
    `options` are extra gRPC channel options; `metadata` is sent with every
    call (e.g. an authorisation header).

    The channel is opened lazily and reconnects by itself; `close()` (or the
    `with` block) releases it. A `Client` may be shared between threads.
    """

    def __init__(
        self,
        address: str,
        *,
        credentials: grpc.ChannelCredentials | None = None,
        timeout: float | None = None,
        options: Sequence[tuple[str, Any]] = (),
        metadata: Sequence[tuple[str, str]] = (),
    ) -> None:
        channel_options = [("grpc.max_receive_message_length", DEFAULT_MAX_RECEIVE_BYTES), *options]
        if credentials is None:
            self._channel = grpc.insecure_channel(address, options=channel_options)
        else:
            self._channel = grpc.secure_channel(address, credentials, options=channel_options)
        self._stub = StageScoringServiceStub(self._channel)
        #: The server address, as given.
        self.address = address
        self._timeout = timeout
        self._metadata = tuple(metadata)

    def close(self) -> None:
        """Closes the channel; calls in flight are cancelled."""
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def wait_until_ready(self, timeout: float) -> None:
        """Blocks until the channel is connected; raises `CallError` (UNAVAILABLE) after `timeout` seconds."""
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            raise CallError("connect", grpc.StatusCode.UNAVAILABLE,
                            f"no connection to {self.address} within {timeout} s") from None

    def classify_partner(self, record: Record, *, timeout: float | None = _UNSET) -> PartnerClassification:
        """Classifies one partner (`ClassifyPartner`).

        Raises `RecordError` when the kit cannot encode the record and
        `CallError` when the server refuses it (with its field violations).
        """
        partner = RecordReader().read(record)
        try:
            response = self._stub.ClassifyPartner(
                ClassifyPartnerRequest(partner=partner), timeout=self._deadline(timeout), metadata=self._metadata
            )
        except grpc.RpcError as error:
            raise CallError.from_rpc_error("ClassifyPartner", error) from None
        return response.classification

    @overload
    def classify(self, records: pd.DataFrame, *, timeout: float | None = ...) -> pd.DataFrame: ...

    @overload
    def classify(self, records: Iterable[Record], *, timeout: float | None = ...) -> Iterator[ClassifyResult]: ...

    def classify(self, records: Any, *, timeout: float | None = _UNSET) -> Any:
        """Classifies partners through one `StreamClassifyPartners` stream.

        - An iterable of records (`PartnerIndicators` or mappings of CSV
          columns to values) gives a lazy iterator of `ClassifyResult`, one per
          record, in input order. The input is pulled only as fast as the
          server answers, so a generator over a huge file streams in flat
          memory.
        - A pandas DataFrame (CSV column names) gives a DataFrame of flat
          results (`RESULT_COLUMNS`), one row per input row, on the same
          index. A column that is no partner column raises `RecordError`
          before anything is sent.

        One bad record never raises: its result carries the error (code,
        message, field paths). `CallError` is raised only when the stream
        fails as a whole.
        """
        deadline = self._deadline(timeout)
        if is_dataframe(records):
            check_columns(records)
            frames = list(classify_frames(lambda items: self._stream(items, deadline), [records]))
            return frames[0]
        reader = RecordReader()
        return self._stream(_read_each(reader, records), deadline)

    def classify_frames(self, frames: Iterable[pd.DataFrame], *, timeout: float | None = _UNSET) -> Iterator[pd.DataFrame]:
        """Classifies a sequence of DataFrames (e.g. Spark's Arrow batches of one
        partition) through one stream, yielding one flat result frame per input
        frame, on its index, as soon as it is complete."""
        deadline = self._deadline(timeout)
        return classify_frames(lambda items: self._stream(items, deadline), frames)

    def analyze_pyramid(
        self,
        records: Iterable[Record] | pd.DataFrame,
        *,
        group_by: Sequence[str] = (),
        currency_code: str = "",
        include_partial: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        timeout: float | None = _UNSET,
    ) -> PyramidAnalysis:
        """The pyramid report of a portfolio, through `StreamAnalyzePyramid`.

        `records` is an iterable of records or a DataFrame, streamed
        `batch_size` partners per message. Partners the server finds invalid
        are counted and listed in the report (`partners_rejected`); a value
        the kit cannot encode at all raises `RecordError` naming the record
        and column, since the report could not count it. `group_by` lists
        label keys; `currency_code` declares the portfolio's currency;
        `include_partial` returns the partial aggregate too, for
        `merge_partials`. Raises `CallError` when the server refuses the
        request (e.g. mixed currencies, with the field violations).
        """
        if is_dataframe(records):
            check_columns(records)
            partners = _strict(frame_partners(records, RecordReader()))
        else:
            partners = _strict(_read_each(RecordReader(), cast("Iterable[Record]", records)))
        return self._analyze(partners, pyramid_options(group_by, currency_code, include_partial),
                             batch_size, self._deadline(timeout))

    def analyze_pyramid_frames(
        self,
        frames: Iterable[pd.DataFrame],
        *,
        group_by: Sequence[str] = (),
        currency_code: str = "",
        include_partial: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        timeout: float | None = _UNSET,
    ) -> PyramidAnalysis:
        """`analyze_pyramid` over a sequence of DataFrames (e.g. Spark's Arrow
        batches of one partition), streamed as one portfolio in one call."""
        reader = RecordReader()

        def partners() -> Iterator[PartnerIndicators | RecordError]:
            for frame in frames:
                yield from frame_partners(frame, reader)

        return self._analyze(_strict(partners()), pyramid_options(group_by, currency_code, include_partial),
                             batch_size, self._deadline(timeout))

    def _analyze(
        self, partners: Iterable[PartnerIndicators], options: PyramidOptions, batch_size: int, deadline: float | None
    ) -> PyramidAnalysis:
        failure: list[BaseException] = []

        def requests() -> Iterator[Any]:
            try:
                yield from pyramid_requests(partners, options, batch_size)
            except GeneratorExit:
                raise
            except BaseException as error:  # raised below, not reported as CANCELLED
                failure.append(error)
                raise

        try:
            response = self._stub.StreamAnalyzePyramid(requests(), timeout=deadline, metadata=self._metadata)
        except grpc.RpcError as error:
            if failure:
                raise failure[0] from None
            raise CallError.from_rpc_error("StreamAnalyzePyramid", error) from None
        return PyramidAnalysis(response.report, response.partial if response.HasField("partial") else None)

    def analyze_pyramid_unary(
        self,
        records: Iterable[Record],
        *,
        group_by: Sequence[str] = (),
        currency_code: str = "",
        include_partial: bool = False,
        timeout: float | None = _UNSET,
    ) -> PyramidAnalysis:
        """The same report through the unary `AnalyzePyramid` (the whole portfolio in
        one message, at most 4 MiB): for small portfolios and for checks."""
        reader = RecordReader()
        partners = [reader.read(record) for record in records]
        request = AnalyzePyramidRequest(
            partners=partners, options=pyramid_options(group_by, currency_code, include_partial)
        )
        try:
            response = self._stub.AnalyzePyramid(request, timeout=self._deadline(timeout), metadata=self._metadata)
        except grpc.RpcError as error:
            raise CallError.from_rpc_error("AnalyzePyramid", error) from None
        return PyramidAnalysis(response.report, response.partial if response.HasField("partial") else None)

    def merge_partials(
        self, partials: Iterable[Any], *, include_partial: bool = False, timeout: float | None = _UNSET
    ) -> PyramidAnalysis:
        """Merges pyramid partials (`MergePyramidPartials`), given as `PyramidPartial`
        messages or their serialised bytes, into the report one pass over all
        their partners gives. Raises `CallError` for partials that do not
        match (model version, grouping, currency) or are malformed."""
        request = merge_request(partials, include_partial)
        try:
            response = self._stub.MergePyramidPartials(
                request, timeout=self._deadline(timeout), metadata=self._metadata
            )
        except grpc.RpcError as error:
            raise CallError.from_rpc_error("MergePyramidPartials", error) from None
        return PyramidAnalysis(response.report, response.partial if response.HasField("partial") else None)

    def _stream(self, items: Iterable[PartnerIndicators | RecordError], deadline: float | None) -> Iterator[ClassifyResult]:
        return classify_stream(self._stub.StreamClassifyPartners, items, timeout=deadline, metadata=self._metadata)

    def _deadline(self, timeout: float | None) -> float | None:
        return self._timeout if timeout is _UNSET else timeout


def _read_each(reader: RecordReader, records: Iterable[Record]) -> Iterator[PartnerIndicators | RecordError]:
    for record in records:
        try:
            yield reader.read(record)
        except RecordError as error:
            yield error


def _strict(items: Iterable[PartnerIndicators | RecordError]) -> Iterator[PartnerIndicators]:
    for index, item in enumerate(items):
        if isinstance(item, RecordError):
            error = RecordError(item.field, item.problem, item.reason, index=index)
            error.partner_id = item.partner_id
            raise error
        yield item
