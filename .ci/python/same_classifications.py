"""Checks the Spark classify job's flat output against `stage-scorer classify`.

    python .ci/python/same_classifications.py CLASSIFIED.parquet CLI_OUTPUT.jsonl

CLI_OUTPUT is `stage-scorer classify` over the same portfolio: one JSON line
per partner holding the canonical JSON of its classification. Every partner
must appear once in each, with the same stage, seed stage number,
confidence, coverage, effort level, Model A tier, recommended stage,
warning codes and model version (floats compared exactly), and no error.
Exit status 0 when all agree, 1 otherwise (with the first differences).
"""

from __future__ import annotations

import json
import sys

import pandas as pd

from stage_scorer_client import RESULT_COLUMN_NAMES


def expected_row(classification: dict) -> dict:
    """The flat columns the kit should give, read from the CLI's JSON directly."""
    return {
        "stage": classification["stage"],
        "top_down_stage_number": classification["topDownStageNumber"],
        "confidence": classification.get("confidence", 0.0),
        "coverage": classification.get("coverage", 0.0),
        "effort_level": classification.get("effort", {}).get("effortLevel"),
        "model_a_tier": classification.get("modelATier"),
        "recommended_stage": classification["recommendedStage"],
        "warnings": [w["code"] for w in classification.get("warnings", [])],
        "model_version": classification["modelVersion"],
    }


def main(parquet_path: str, cli_path: str) -> int:
    flat = pd.read_parquet(parquet_path)
    if list(flat.columns) != list(RESULT_COLUMN_NAMES):
        print(f"columns {list(flat.columns)} are not {list(RESULT_COLUMN_NAMES)}", file=sys.stderr)
        return 1
    expected: dict[str, dict] = {}
    with open(cli_path) as lines:
        for line in lines:
            record = json.loads(line)
            if "classification" not in record:
                print(f"the CLI could not classify line {record['line']}: {record.get('error')}", file=sys.stderr)
                return 1
            expected[record["partnerId"]] = expected_row(record["classification"])
    problems: list[str] = []
    if flat["partner_id"].duplicated().any() or len(flat) != len(expected):
        problems.append(f"{len(flat)} rows with {flat['partner_id'].nunique()} distinct ids, "
                        f"the CLI classified {len(expected)} partners")
    for row in flat.itertuples(index=False):
        want = expected.get(row.partner_id)
        if want is None:
            problems.append(f"{row.partner_id}: not in the CLI's output")
            continue
        got = {name: getattr(row, name) for name in want}
        got["top_down_stage_number"] = int(got["top_down_stage_number"])
        got["warnings"] = list(got["warnings"])
        if row.error_code is not None or got != want:
            problems.append(f"{row.partner_id}: spark {got} (error {row.error_code}), CLI {want}")
        if len(problems) >= 10:
            break
    if problems:
        print("the classifications differ:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    stages = flat["stage"].value_counts().to_dict()
    print(f"same classifications: {len(flat)} partners, stages {stages}, "
          f"{int(flat['warnings'].map(len).gt(0).sum())} with warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
