"""Pyramid reports and merged partials, against the real server and the CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import grpc
import pytest

from conftest import binary, generate_portfolio
from stage_scorer_client import CallError, Client, PyramidReport, RecordError, from_json, read_portfolio_csv, to_json


@pytest.fixture(scope="module")
def portfolio_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_portfolio(tmp_path_factory.mktemp("pyramid") / "portfolio-3k.csv", 3_000, 11)


def test_the_streamed_report_equals_the_unary_one(client: Client, portfolio_csv: Path) -> None:
    portfolio = read_portfolio_csv(portfolio_csv)

    streamed = client.analyze_pyramid(portfolio, group_by=["region", "partner_type"], batch_size=250)
    unary = client.analyze_pyramid_unary(portfolio.to_dict("records"), group_by=["region", "partner_type"])

    assert streamed.report.partners_analysed == 3_000
    assert len(streamed.report.groups) > 4
    assert streamed.partial is None
    assert streamed.report == unary.report
    assert to_json(streamed.report) == to_json(unary.report)


def test_the_merge_of_two_halves_equals_the_whole(client: Client, portfolio_csv: Path) -> None:
    portfolio = read_portfolio_csv(portfolio_csv)
    first, second = portfolio.iloc[:1_234], portfolio.iloc[1_234:]

    whole = client.analyze_pyramid(portfolio, group_by=["region"])
    partials = [client.analyze_pyramid(half, group_by=["region"], include_partial=True).partial for half in (first, second)]
    merged = client.merge_partials([partials[0], partials[1].SerializeToString()], include_partial=True)

    assert to_json(merged.report) == to_json(whole.report)
    assert merged.partial is not None
    assert client.merge_partials([merged.partial]).report == whole.report


def test_the_report_equals_the_command_lines(client: Client, portfolio_csv: Path) -> None:
    cli = subprocess.run(
        [str(binary()), "pyramid", "--json", "--group-by", "industry", "--no-progress", str(portfolio_csv)],
        check=True, capture_output=True, text=True,
    ).stdout
    served = client.analyze_pyramid(read_portfolio_csv(portfolio_csv), group_by=["industry"]).report
    assert to_json(from_json(cli, PyramidReport)) == to_json(served)


def test_invalid_partners_are_counted_not_raised(client: Client) -> None:
    records = [{"partner_id": "ok-1"}, {"partner_id": "bad", "quality.trust": 1.5}, {"partner_id": "ok-2"}]
    report = client.analyze_pyramid(records).report
    assert (report.partners_analysed, report.partners_rejected) == (2, 1)
    assert report.rejected_partners[0].partner_id == "bad"
    assert list(report.rejected_partners[0].fields) == ["quality.trust"]


def test_a_record_the_kit_cannot_encode_fails_the_report(client: Client) -> None:
    records = [{"partner_id": "a"}, {"partner_id": "b", "model_a.revenue": "lots"}]
    with pytest.raises(RecordError, match=r"^record 1: model_a\.revenue: 'lots' is not a number$"):
        client.analyze_pyramid(iter(records))


def test_mixed_currencies_fail_the_call_with_the_servers_reason(client: Client) -> None:
    records = [{"partner_id": "a", "currency_code": "USD", "model_a.revenue": 10.0},
               {"partner_id": "b", "currency_code": "EUR", "model_a.revenue": 10.0}]
    with pytest.raises(CallError) as raised:
        client.analyze_pyramid(records)
    assert raised.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.method == "StreamAnalyzePyramid"
    [violation] = raised.value.violations
    assert violation.field == "requests[0].partners[1].currency_code"
    assert violation.reason == "CURRENCY_MISMATCH"
    assert "is EUR but the portfolio's currency is USD" in violation.description


def test_partials_that_do_not_match_are_refused(client: Client) -> None:
    records = [{"partner_id": "a", "labels.region": "emea"}]
    by_region = client.analyze_pyramid(records, group_by=["region"], include_partial=True).partial
    ungrouped = client.analyze_pyramid(records, include_partial=True).partial
    with pytest.raises(CallError) as raised:
        client.merge_partials([by_region, ungrouped])
    assert raised.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert raised.value.method == "MergePyramidPartials"
