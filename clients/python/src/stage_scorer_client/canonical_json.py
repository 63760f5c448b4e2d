"""Canonical proto3 JSON of any message, in one fixed serialisation.

Two reports are the same report exactly when `to_json` gives the same bytes:
field names in lowerCamelCase, enums by name, 64-bit integers as strings,
fields at their default value left out, two-space indentation, a final
newline.
"""

from __future__ import annotations

from typing import TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message

M = TypeVar("M", bound=Message)


def to_json(message: Message) -> str:
    """The canonical proto3 JSON of `message`, e.g. a `PyramidReport`."""
    return json_format.MessageToJson(message, indent=2) + "\n"


def from_json(text: str | bytes, message_type: type[M]) -> M:
    """Parses canonical proto3 JSON (e.g. `stage-scorer pyramid --json`) into `message_type`.

    Unknown fields are refused, so nothing in the text is silently dropped.
    """
    return json_format.Parse(text, message_type())
