"""`Client.classify` over iterables, against the real server."""

from __future__ import annotations

import csv
import itertools
import random
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from conftest import EXAMPLE_CSV
from stage_scorer_client import CallError, Client, PartnerIndicators
from stage_scorer_client.records import RecordReader


def csv_records(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a portfolio CSV, read lazily as text (as a pipeline would stream a file)."""
    with path.open(newline="") as file:
        yield from csv.DictReader(file)


def test_streamed_classifications_equal_the_unary_answers(client: Client) -> None:
    records = list(csv_records(EXAMPLE_CSV))
    results = list(client.classify(records))
    assert [r.index for r in results] == list(range(len(records)))
    for record, result in zip(records, results):
        assert result.ok, result.error
        assert result.partner_id == record["partner_id"]
        assert result.model_version == result.classification.model_version
        assert result.classification == client.classify_partner(record)


def test_order_is_kept_over_20000_rows(client: Client, portfolio_20k: Path) -> None:
    ids = [row["partner_id"] for row in csv_records(portfolio_20k)]
    count = 0
    sample = set(random.Random(5).sample(range(len(ids)), 50))
    checked = 0
    for position, result in enumerate(client.classify(csv_records(portfolio_20k))):
        assert result.index == position
        assert result.partner_id == ids[position]
        assert result.ok, result.error
        assert result.classification.partner_id == ids[position]
        if position in sample:
            record = next(itertools.islice(csv_records(portfolio_20k), position, None))
            assert result.classification == client.classify_partner(record)
            checked += 1
        count += 1
    assert count == 20_000 and checked == 50


def test_a_bad_row_yields_an_error_row_and_the_rest_are_classified(client: Client) -> None:
    good = list(csv_records(EXAMPLE_CSV))[:6]
    out_of_range = dict(good[1], **{"quality.trust": "1.5"})
    not_a_number = dict(good[3], **{"model_a.revenue": "lots"})
    no_id = dict(good[4], partner_id="")
    records = [good[0], out_of_range, good[2], not_a_number, no_id, good[5]]

    results = list(client.classify(records))

    assert [r.index for r in results] == [0, 1, 2, 3, 4, 5]
    assert [r.ok for r in results] == [True, False, True, False, False, True]
    expected = {r.partner_id: r.classification for r in client.classify([good[0], good[2], good[5]])}
    for result in (results[0], results[2], results[5]):
        assert result.classification == expected[result.partner_id]

    server_side = results[1].error
    assert server_side.code == "INVALID_ARGUMENT"
    assert server_side.fields == ("quality.trust",)
    assert server_side.violations[0].reason == "OUT_OF_RANGE"
    assert "quality.trust" in server_side.message
    assert results[1].partner_id == good[1]["partner_id"]

    kit_side = results[3].error
    assert kit_side.code == "INVALID_ARGUMENT"
    assert kit_side.fields == ("model_a.revenue",)
    assert kit_side.message == "record 3: model_a.revenue: 'lots' is not a number"
    assert results[3].partner_id == good[3]["partner_id"]
    assert results[3].model_version == ""

    missing_id = results[4].error
    assert missing_id.fields == ("partner_id",)
    assert missing_id.violations[0].reason == "REQUIRED"


def test_protobuf_messages_are_sent_as_they_are(client: Client) -> None:
    record = next(csv_records(EXAMPLE_CSV))
    message = RecordReader().read(record)
    [from_message, from_mapping] = client.classify([message, record])
    assert from_message.classification == from_mapping.classification


def test_the_input_is_pulled_only_as_the_server_answers(client: Client) -> None:
    pulled = 0
    template = next(csv_records(EXAMPLE_CSV))

    def endless() -> Iterator[PartnerIndicators]:
        nonlocal pulled
        partner = RecordReader().read(template)
        for number in itertools.count():
            pulled += 1
            partner.partner_id = f"p-{number}"
            yield partner

    results = client.classify(endless())
    first = list(itertools.islice(results, 200))
    assert [r.partner_id for r in first] == [f"p-{n}" for n in range(200)]
    # Never the whole (endless) input: at most what the server's pending
    # results and the HTTP/2 windows hold beyond what was read.
    assert 200 <= pulled < 20_000
    results.close()  # cancels the stream; the server stops reading
    settled = pulled
    threading.Event().wait(0.3)
    assert pulled == settled


def test_an_exception_of_the_input_is_raised_as_itself(client: Client) -> None:
    def broken() -> Iterator[dict[str, str]]:
        yield from itertools.islice(csv_records(EXAMPLE_CSV), 3)
        raise RuntimeError("the source file went away")

    seen = []
    with pytest.raises(RuntimeError, match="the source file went away"):
        for result in client.classify(broken()):
            seen.append(result)
    assert len(seen) <= 3


def test_an_unreachable_server_fails_the_call_not_an_item() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    with Client(address, timeout=5) as unreachable:
        with pytest.raises(CallError) as raised:
            list(unreachable.classify(csv_records(EXAMPLE_CSV)))
    assert raised.value.code == grpc.StatusCode.UNAVAILABLE
    assert raised.value.answered == 0
    assert raised.value.method == "StreamClassifyPartners"


def test_an_empty_input_gives_no_results(client: Client) -> None:
    assert list(client.classify([])) == []
