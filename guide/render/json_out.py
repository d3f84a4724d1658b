"""--format json: the contract's JSON document (checklist.schema.json)."""

from __future__ import annotations

import json

from ..model import Checklist


def render_json(checklist: Checklist) -> str:
    return json.dumps(checklist.to_dict(), ensure_ascii=False, indent=2) + "\n"
