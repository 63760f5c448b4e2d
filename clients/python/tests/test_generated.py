"""The generated modules: importable as a package, beside other copies of google/rpc."""

from __future__ import annotations

import pickle
import subprocess
import sys

from stage_scorer_client import PartnerIndicators
from stage_scorer_client.proto.stage_scoring.v1 import stream_pb2


def test_messages_pickle_under_their_real_module_path() -> None:
    # Spark ships rows and closures between processes with pickle.
    partner = PartnerIndicators(partner_id="p-1", labels={"region": "emea"})
    partner.quality.trust = 0.5
    assert type(partner).__module__ == "stage_scorer_client.proto.stage_scoring.v1.partner_pb2"
    assert pickle.loads(pickle.dumps(partner)) == partner


def test_the_kit_imports_beside_googleapis_common_protos_status_in_any_order() -> None:
    # grpcio-status and google-api-core import google.rpc.status_pb2; a second
    # copy of google/rpc/status.proto in the kit would make one import fail.
    for first, second in (("google.rpc.status_pb2", "stage_scorer_client"),
                          ("stage_scorer_client", "google.rpc.status_pb2")):
        code = f"import {first}; import {second}; import stage_scorer_client.proto.stage_scoring.v1.stream_pb2"
        subprocess.run([sys.executable, "-c", code], check=True)


def test_item_errors_are_the_google_rpc_status_of_googleapis_common_protos() -> None:
    from google.rpc import status_pb2

    response = stream_pb2.StreamClassifyPartnersResponse(error=status_pb2.Status(code=3, message="bad"))
    assert isinstance(response.error, status_pb2.Status)
