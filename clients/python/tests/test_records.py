"""Records and CSV columns -> PartnerIndicators, without a server."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from conftest import EXAMPLE_CSV
from stage_scorer_client import PartnerIndicators, RecordError, columns, portfolio_dtypes, read_portfolio_csv
from stage_scorer_client.proto.stage_scoring.v1.stage_pb2 import STAGE_ENHANCED, STAGE_PARTNERSHIP
from stage_scorer_client.records import RecordReader, is_missing


def test_every_column_of_the_servers_csv_is_a_column_here() -> None:
    with EXAMPLE_CSV.open() as file:
        header = next(csv.reader(file))
    indicator_columns = [name for name in header if not name.startswith("labels.")]
    assert indicator_columns == columns()


def test_flat_and_nested_mappings_give_the_same_partner() -> None:
    reader = RecordReader()
    flat = reader.read({
        "partner_id": "p-1", "currency_code": "USD", "model_a.revenue": 1200.5,
        "model_a.certifications": 3, "quality.trust": 0.7, "collaboration.joint_strategy": True,
        "intent.host_intended_stage": "PARTNERSHIP", "labels.region": "emea",
    })
    nested = reader.read({
        "partner_id": "p-1", "currency_code": "USD", "model_a": {"revenue": 1200.5, "certifications": 3},
        "quality": {"trust": 0.7}, "collaboration": {"joint_strategy": True},
        "intent": {"host_intended_stage": "STAGE_PARTNERSHIP"}, "labels": {"region": "emea"},
    })
    assert flat == nested
    assert flat.model_a.revenue == 1200.5
    assert flat.model_a.certifications == 3
    assert flat.intent.host_intended_stage == STAGE_PARTNERSHIP
    assert dict(flat.labels) == {"region": "emea"}
    assert not flat.HasField("value_add")


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, ""])
def test_a_missing_value_is_not_supplied_never_zero(missing: object) -> None:
    partner = RecordReader().read({"partner_id": "p", "quality.trust": missing, "model_a.certifications": missing,
                                   "resale.resells_offering": missing, "labels.region": missing})
    assert partner == PartnerIndicators(partner_id="p")
    assert is_missing(missing)
    assert not is_missing(0) and not is_missing(False) and not is_missing(0.0)


@pytest.mark.parametrize("spelling", ["ENHANCED", "enhanced", "STAGE_ENHANCED", "2", 2, 2.0])
def test_stages_read_as_the_cli_reads_them(spelling: object) -> None:
    partner = RecordReader().read({"partner_id": "p", "intent.partner_desired_stage": spelling})
    assert partner.intent.partner_desired_stage == STAGE_ENHANCED


def test_text_numbers_and_flags_from_a_csv_reader_are_read() -> None:
    partner = RecordReader().read({"partner_id": 17, "model_a.revenue": "99021", "model_a.deal_count": "21",
                                   "resale.resells_offering": "true", "effort.executive_sponsor": "FALSE"})
    assert partner.partner_id == "17"
    assert partner.model_a.revenue == 99021.0
    assert partner.model_a.deal_count == 21
    assert partner.resale.resells_offering is True
    assert partner.effort.HasField("executive_sponsor") and partner.effort.executive_sponsor is False


def test_whole_numbers_stored_as_floats_are_accepted() -> None:
    # Spark and pandas turn an integer column with gaps into floats.
    partner = RecordReader().read({"partner_id": "p", "value_add.accelerators_built": 5.0})
    assert partner.value_add.accelerators_built == 5


@pytest.mark.parametrize(
    ("column", "value", "problem", "reason"),
    [
        ("model_a.revenue", "lots", "'lots' is not a number", "INVALID_FORMAT"),
        ("model_a.revenue", True, "True is not a number", "INVALID_FORMAT"),
        ("model_a.certifications", 2.5, "2.5 is not a whole number", "INVALID_FORMAT"),
        ("model_a.certifications", -1, "-1 is out of range (0 to 4294967295)", "OUT_OF_RANGE"),
        ("resale.resells_offering", "yes", "'yes' is not true or false", "INVALID_FORMAT"),
        ("intent.host_intended_stage", "TOP", "'TOP' is not a Stage (TRANSACTIONAL, ENHANCED, COLLABORATIVE, PARTNERSHIP)",
         "INVALID_FORMAT"),
        ("partner_id", 1.5, "1.5 is not text", "INVALID_FORMAT"),
        ("quality.charm", 0.5, "is not a column of PartnerIndicators", "UNKNOWN_FIELD"),
        ("labels", "emea", "is not a column of PartnerIndicators", "UNKNOWN_FIELD"),
    ],
)
def test_a_value_that_cannot_be_encoded_names_its_column(column: str, value: object, problem: str, reason: str) -> None:
    with pytest.raises(RecordError) as raised:
        RecordReader().read({"partner_id": "p-9", column: value})
    assert (raised.value.field, raised.value.problem, raised.value.reason) == (column, problem, reason)
    assert str(raised.value) == f"{column}: {problem}"
    assert raised.value.partner_id == ("p-9" if column != "partner_id" else "")


def test_infinite_numbers_are_left_to_the_server_to_refuse() -> None:
    partner = RecordReader().read({"partner_id": "p", "quality.trust": math.inf})
    assert partner.quality.trust == math.inf


def test_portfolio_csv_is_read_with_typed_columns(tmp_path) -> None:
    frame = read_portfolio_csv(EXAMPLE_CSV)
    dtypes = portfolio_dtypes(frame.columns)
    assert dtypes["model_a.revenue"] == "float64"
    assert dtypes["model_a.certifications"] == "Int64"
    assert dtypes["resale.resells_offering"] == "boolean"
    assert dtypes["intent.host_intended_stage"] == "string"
    assert dtypes["labels.region"] == "string"
    assert {str(t) for t in frame.dtypes} == {"float64", "Int64", "boolean", "string"}
    assert len(frame) == 40
    first = frame.iloc[0]
    assert first["partner_id"] == "P0000001"
    assert first["model_a.revenue"] == 99021.0
    assert not pd.isna(first["collaboration.joint_strategy"]) and not first["collaboration.joint_strategy"]
    assert pd.isna(first["resale.resells_offering"])

    odd = tmp_path / "odd.csv"
    odd.write_text("partner_id,labels.region\nNA,\n")
    read = read_portfolio_csv(odd)
    assert read.iloc[0]["partner_id"] == "NA"
    assert pd.isna(read.iloc[0]["labels.region"])


def test_a_row_of_a_typed_frame_reads_like_the_same_mapping() -> None:
    frame = read_portfolio_csv(EXAMPLE_CSV)
    reader = RecordReader()
    names = tuple(frame.columns)
    for values, record in zip(frame.itertuples(index=False, name=None), frame.to_dict("records")):
        assert reader.read_row(names, values) == reader.read(record)
