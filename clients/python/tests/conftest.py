"""Fixtures: the real stage-scorer release binary, serving on a free port.

The binary is `target/release/stage-scorer` of this checkout (build it with
`cargo build --release --locked`), or the path in `STAGE_SCORER_BINARY`.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from stage_scorer_client import Client

REPO = Path(__file__).resolve().parents[3]
EXAMPLE_CSV = REPO / "examples" / "portfolio.csv"
SERVICE = "stage_scoring.v1.StageScoringService"
_LISTENING = re.compile(r"serving stage_scoring\.v1\.StageScoringService address=(\S+)")


def binary() -> Path:
    """The stage-scorer binary under test; fails the run when it is missing."""
    path = Path(os.environ.get("STAGE_SCORER_BINARY", REPO / "target" / "release" / "stage-scorer"))
    if not path.is_file():
        pytest.fail(f"{path} is missing: build it with `cargo build --release --locked`", pytrace=False)
    return path


class Server:
    """A `stage-scorer serve` process on 127.0.0.1 with an OS-chosen port."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env.update(
            STAGE_SCORER__SERVER__ADDRESS="127.0.0.1:0",
            STAGE_SCORER__TELEMETRY__PROMETHEUS__ADDRESS="127.0.0.1:0",
            STAGE_SCORER__SERVER__SHUTDOWN_GRACE_DELAY_MS="0",
            STAGE_SCORER__LOG__FORMAT="text",
        )
        env.pop("RUST_LOG", None)
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [str(binary()), "serve"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        address: list[str] = []
        listening = threading.Event()

        def drain() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self.log.append(line)
                match = _LISTENING.search(line)
                if match and not address:
                    address.append(match.group(1))
                    listening.set()
            listening.set()

        threading.Thread(target=drain, daemon=True).start()
        if not listening.wait(30) or not address:
            self.stop()
            raise RuntimeError("stage-scorer did not start:\n" + "".join(self.log))
        self.address = address[0]
        self._wait_serving()

    def _wait_serving(self) -> None:
        with grpc.insecure_channel(self.address) as channel:
            health = health_pb2_grpc.HealthStub(channel)
            deadline = time.monotonic() + 30
            while True:
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(service=SERVICE), timeout=2).status
                    if status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("stage-scorer never reported SERVING:\n" + "".join(self.log))
                time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited within 30 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.stop()


@pytest.fixture()
def client(server: Server) -> Iterator[Client]:
    with Client(server.address, timeout=120) as connected:
        yield connected


def generate_portfolio(path: Path, count: int, seed: int) -> Path:
    """A synthetic one-currency portfolio CSV, written by `stage-scorer generate`."""
    subprocess.run(
        [str(binary()), "generate", "-n", str(count), "--seed", str(seed), "--currency", "USD",
         "--no-progress", "-o", str(path)],
        check=True,
    )
    return path


@pytest.fixture(scope="session")
def portfolio_20k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 000 generated partners (seed 7)."""
    return generate_portfolio(tmp_path_factory.mktemp("portfolio") / "portfolio-20k.csv", 20_000, 7)
