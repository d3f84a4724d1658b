"""--format json: the contract's JSON document (checklist.schema.json)."""

from __future__ import annotations

import json

from ..core.model import Checklist


def render_json(checklist: Checklist) -> str:
    """The document, indented (a file or a terminal)."""
    return json.dumps(checklist.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_json_line(checklist: Checklist) -> str:
    """The document on one line, without spaces (a line of a JSON Lines file)."""
    return json.dumps(checklist.to_dict(), ensure_ascii=False, separators=(",", ":"))
