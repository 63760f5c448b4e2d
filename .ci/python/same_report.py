"""Checks that pyramid reports are the same report, byte for byte.

    python .ci/python/same_report.py SPARK_REPORT.json CLI_REPORT.json

The first file is the Spark job's output, already in the kit's canonical
proto3 JSON (`stage_scorer_client.to_json`); the second is
`stage-scorer pyramid --json` over the same portfolio, re-serialised the same
way (the Rust side writes the same JSON values, with its own spacing).
Exit status 0 when the bytes are equal, 1 otherwise (with the first
difference).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from stage_scorer_client import PyramidReport, from_json, to_json


def main(spark_path: str, cli_path: str) -> int:
    spark = Path(spark_path).read_bytes()
    cli = to_json(from_json(Path(cli_path).read_text(), PyramidReport)).encode()
    if spark == cli:
        report = from_json(spark, PyramidReport)
        print(f"same report, byte for byte: {len(spark)} bytes, {report.partners_analysed} partners, "
              f"{len(report.groups)} groups, health {report.overall.health.score}")
        return 0
    diff = difflib.unified_diff(cli.decode().splitlines(), spark.decode().splitlines(),
                                "stage-scorer pyramid --json", "spark", lineterm="", n=2)
    print("the reports differ:\n" + "\n".join(list(diff)[:40]), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
