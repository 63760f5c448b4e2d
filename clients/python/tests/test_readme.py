"""The README's flat column list is the kit's."""

from __future__ import annotations

import re
from pathlib import Path

from stage_scorer_client import RESULT_COLUMNS

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_lists_the_flat_columns_in_order_with_their_types_and_meanings() -> None:
    rows = re.findall(r"^\| `(\w+)` \| ([\w<>]+) \| (.+) \|$", README.read_text(), re.MULTILINE)
    assert rows == [(c.name, c.type, c.description) for c in RESULT_COLUMNS]
