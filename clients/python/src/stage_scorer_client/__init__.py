"""Python client kit for the stage-scorer gRPC service.

    from stage_scorer_client import Client

    with Client("localhost:50051") as client:
        flat = client.classify(portfolio_df)            # DataFrame -> DataFrame
        for result in client.classify(records):         # iterable -> results
            ...
        report = client.analyze_pyramid(portfolio_df, group_by=["region"]).report

The generated protobuf and gRPC modules live in `stage_scorer_client.proto`
(e.g. `stage_scorer_client.proto.stage_scoring.v1.partner_pb2`).
"""

from .canonical_json import from_json, to_json
from .client import Client
from .errors import CallError, ProtocolError
from .flat import RESULT_COLUMN_NAMES, RESULT_COLUMNS, Column, flat_row, spark_schema
from .frames import portfolio_dtypes, read_portfolio_csv, result_frame
from .proto.stage_scoring.v1.classification_pb2 import PartnerClassification
from .proto.stage_scoring.v1.partner_pb2 import PartnerIndicators
from .proto.stage_scoring.v1.pyramid_pb2 import PyramidPartial, PyramidReport
from .records import RecordError, columns
from .results import ClassifyResult, FieldViolation, ItemError, PyramidAnalysis

__all__ = [
    "RESULT_COLUMNS",
    "RESULT_COLUMN_NAMES",
    "CallError",
    "ClassifyResult",
    "Client",
    "Column",
    "FieldViolation",
    "ItemError",
    "PartnerClassification",
    "PartnerIndicators",
    "ProtocolError",
    "PyramidAnalysis",
    "PyramidPartial",
    "PyramidReport",
    "RecordError",
    "columns",
    "flat_row",
    "from_json",
    "portfolio_dtypes",
    "read_portfolio_csv",
    "result_frame",
    "spark_schema",
    "to_json",
]
