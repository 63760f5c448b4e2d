"""DataFrame in, flat DataFrame out, against the real server."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import EXAMPLE_CSV
from stage_scorer_client import RESULT_COLUMN_NAMES, Client, RecordError, read_portfolio_csv
from stage_scorer_client.proto.stage_scoring.v1.classification_pb2 import WarningCode
from stage_scorer_client.proto.stage_scoring.v1.stage_pb2 import ModelATier, Stage


def test_a_dataframe_gives_one_flat_row_per_partner_on_the_same_index(client: Client) -> None:
    portfolio = read_portfolio_csv(EXAMPLE_CSV)
    portfolio.index = pd.Index([f"row-{n}" for n in range(len(portfolio))][::-1], name="key")

    flat = client.classify(portfolio)

    assert list(flat.columns) == list(RESULT_COLUMN_NAMES)
    assert flat.index.equals(portfolio.index)
    assert str(flat["top_down_stage_number"].dtype) == "Int32"
    assert str(flat["confidence"].dtype) == "float64"
    assert flat["error_code"].isna().all()
    for key, row in flat.iterrows():
        unary = client.classify_partner(portfolio.loc[key].to_dict())
        assert row["partner_id"] == portfolio.loc[key, "partner_id"] == unary.partner_id
        assert row["stage"] == Stage.Name(unary.stage)
        assert row["top_down_stage_number"] == unary.top_down_stage_number == 5 - unary.stage
        assert row["confidence"] == unary.confidence
        assert row["coverage"] == unary.coverage
        effort = unary.effort.effort_level
        assert row["effort_level"] == (Stage.Name(effort) if effort else None)
        tier = unary.model_a_tier
        assert row["model_a_tier"] == (ModelATier.Name(tier) if tier else None)
        assert row["recommended_stage"] == Stage.Name(unary.recommended_stage)
        assert row["warnings"] == [WarningCode.Name(w.code) for w in unary.warnings]
        assert row["model_version"] == unary.model_version
        assert row["error_fields"] == []
    assert flat["warnings"].map(len).sum() > 0


def test_nan_cells_are_not_supplied_and_a_bad_row_gets_error_columns(client: Client) -> None:
    portfolio = pd.DataFrame({
        "partner_id": ["a", "b", "c"],
        "quality.trust": [0.8, 1.5, np.nan],
        "model_a.certifications": [3.0, np.nan, 2.5],
        "intent.host_intended_stage": ["ENHANCED", None, "PARTNERSHIP"],
    })

    flat = client.classify(portfolio)

    assert flat["stage"].notna().tolist() == [True, False, False]
    assert flat.loc[1, "error_code"] == "INVALID_ARGUMENT"
    assert flat.loc[1, "error_fields"] == ["quality.trust"]
    assert flat.loc[2, "error_fields"] == ["model_a.certifications"]
    assert flat.loc[2, "error_message"] == "record 2: model_a.certifications: 2.5 is not a whole number"
    assert pd.isna(flat.loc[1, "top_down_stage_number"]) and np.isnan(flat.loc[1, "confidence"])
    alone = client.classify_partner({"partner_id": "a", "quality.trust": 0.8, "model_a.certifications": 3,
                                     "intent.host_intended_stage": "ENHANCED"})
    assert flat.loc[0, "stage"] == Stage.Name(alone.stage)
    assert flat.loc[0, "confidence"] == alone.confidence


def test_an_unknown_column_is_refused_before_anything_is_sent(client: Client) -> None:
    with pytest.raises(RecordError, match=r"quality\.charm: is not a column"):
        client.classify(pd.DataFrame({"partner_id": ["a"], "quality.charm": [0.5]}))


def test_frames_stream_through_one_call_one_result_frame_each(client: Client) -> None:
    portfolio = read_portfolio_csv(EXAMPLE_CSV)
    frames = [portfolio.iloc[:15], portfolio.iloc[15:15], portfolio.iloc[15:], portfolio.iloc[0:0]]

    results = list(client.classify_frames(iter(frames)))

    assert [len(r) for r in results] == [15, 0, 25, 0]
    for frame, result in zip(frames, results):
        assert result.index.equals(frame.index)
        assert list(result.columns) == list(RESULT_COLUMN_NAMES)
    whole = client.classify(portfolio)
    pd.testing.assert_frame_equal(pd.concat(results), whole)
