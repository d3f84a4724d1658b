"""Every routing path in the national data, read by every rule (tests/sweep.py)."""

from __future__ import annotations

import pytest
from path_rules import TODAY, implied_rules, read
from sweep import *  # noqa: F403 (the rules' tests, run on this file's sweep)
from sweep import Sweep, _failed, run

from guide.core.engine import build_checklist, effective_items


@pytest.fixture(scope="module")
def sweep(data, validate_contract) -> Sweep:
    return run(data, ["national"], validate_contract, every=1)


def test_the_sweep_covers_every_path(sweep):
    assert dict(sweep.built) == {"national": 7812}


def test_a_broken_rule_is_reported_with_its_answers(data):
    """The sweep's bookkeeping: a plan rule that fails is collected with the answers, not lost."""
    done = Sweep()
    items = {item.id: item for item in effective_items(data, "national")[0]}
    answers = {"card": "e-medical", "region": "national", "insurance": "employee", "needs": ["hospital"]}
    answers |= {"applicant": "self", "problems": [], "id_document": "id-card"}
    doc = build_checklist(data, answers, TODAY, "zh", with_summary=False).to_dict()
    doc["plan"] = list(reversed(doc["plan"])) + [doc["plan"][0]]  # a step twice: not a plan
    done.holds("read", answers, read, data, answers, doc, items, implied_rules(data))
    failed = _failed(done, "read")
    assert failed[0] == "1 checklists break it; the first:" and "'e-medical'" in failed[1]
