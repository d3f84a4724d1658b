"""Shared fixtures: the shipped data set, a CLI runner, the checklist JSON Schema."""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TODAY = "2026-11-23"
TESTS = Path(__file__).resolve().parent


# The shipped data's version, as data/meta.yaml states it (the output must report exactly this)
DATA_VERSION = re.search(
    r'^data_version: "([^"]+)"', (TESTS.parent / "data" / "meta.yaml").read_text(encoding="utf-8"), re.M
)[1]

# A complete answer set with no date and no PIN (the electronic medical code): `checklist` options
# without --region, --format and --today, which the tests add as they need.
QUICK = ["checklist", "--card", "e-medical", "--insurance", "employee", "--need", "hospital", "--applicant", "self"]


# The one enumeration of the decision tree's paths (tests of every path use it).
NEEDS = ["hospital", "pharmacy", "bank", "cross-region", "family"]
PROBLEMS = [
    "forgot-pin",
    "locked",
    "lost",
    "found-again",
    "damaged",
    "expired",
    "activation-failed",
    "name-change",
    "multiple-cards",
]
NEED_SETS = [list(c) for r in range(1, 6) for c in itertools.combinations(NEEDS, r)]
PROBLEM_SETS = [list(c) for r in range(4) for c in itertools.combinations(PROBLEMS, r)]
RECEIVED = ["2026-09-01", "2025-01-31", "unsure"]  # in time, overdue, not remembered
APPLICANTS = [("self", None), ("proxy", "yes"), ("proxy", "no"), ("guardian", None)]


DOCUMENTS = ["id-card", "household-book", "hk-macao-taiwan", "foreign"]


def routing_paths() -> Iterator[dict]:
    """Every combination of the answers that route the tree (region and problems vary separately)."""
    for card in ["new", "replacement", "legacy", "e-sbk", "e-medical"]:
        physical = card in ("new", "replacement")
        for insurance in ["employee", "resident", "unsure"]:
            for needs in NEED_SETS:
                for applicant, in_person in APPLICANTS:
                    for received in RECEIVED if physical else [None]:
                        for pin in ["yes", "no", "unsure"] if physical else [None]:
                            answers = {"card": card, "insurance": insurance, "needs": needs, "applicant": applicant}
                            if in_person:
                                answers["in_person"] = in_person
                            if received:
                                answers["received"] = received
                            if pin:
                                answers["pin_changed"] = pin
                            yield answers


def paths(regions: list[str], *, every: int = 1, offset: int = 0, varied: bool = False) -> Iterator[dict]:
    """Every `every`-th routing path (from the `offset`-th) as complete answers: the region cycling through `regions`,
    the problems through PROBLEM_SETS; with `varied`, the ID document through DOCUMENTS and the
    place lived in (with cross-region) between the region itself and another province."""
    for n, answers in enumerate(routing_paths()):
        if (n - offset) % every:
            continue
        k = n // every
        region = regions[k % len(regions)]
        answers = dict(answers, region=region, problems=PROBLEM_SETS[n % len(PROBLEM_SETS)])
        if varied:
            answers["id_document"] = DOCUMENTS[k % 4]
            if "cross-region" in answers["needs"]:
                answers["living_region"] = "jiangsu/suzhou" if k % 2 and region != "jiangsu/suzhou" else region
        yield answers


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the compiled-data cache of the test run out of the user's home."""
    os.environ["SBK_GUIDE_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("SBK_GUIDE_DATA", None)
    os.environ.pop("SBK_GUIDE_LANG", None)


@pytest.fixture(scope="session")
def data():
    from guide.loading.loader import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads((TESTS / "checklist.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def validate_contract(schema):
    """jsonschema.validate(doc, schema) with the validator built once (it is most of the cost)."""
    import jsonschema

    validator = jsonschema.validators.validator_for(schema)(schema)
    validator.check_schema(schema)
    return validator.validate


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr


_COMMAND: list = []  # the app's click command, built once (typer.main.get_command, public)


def invoke(args: list[str], *, input: str | None = None, env: dict | None = None) -> Result:
    """Run the app in-process as a user would type it: what typer's CliRunner.invoke does (its
    public `isolation` captures the streams), on one command built for the session: CliRunner
    builds the command again on every call, half the cost of a short one. An uncaught exception
    is raised (a bug), SystemExit gives the exit code."""
    import typer
    from typer.testing import CliRunner

    from guide.app.cli import app

    if not _COMMAND:
        _COMMAND.append(typer.main.get_command(app))
    code = 0
    with CliRunner().isolation(input=input, env=env) as (out, err, _):
        try:
            _COMMAND[0].main(args=list(args), prog_name="sbk-guide")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Result(code, stdout, stderr)


@pytest.fixture
def cli():
    """Run the app in-process, as a user would type it (`invoke`)."""

    def run(*args: str, input: str | None = None, env: dict | None = None) -> Result:
        return invoke(list(args), input=input, env=env)

    return run


def check_contract(doc: dict) -> None:
    """The rules of contract.md a JSON Schema cannot state."""
    ids = [s["id"] for s in doc["sections"]]
    assert ids == ["steps", "materials", "places", "deadlines", "notes", "contacts"]
    for section in doc["sections"][:3]:
        assert section["items"], f"section {section['id']} is empty for {doc['answers']}"
    listed = {s["id"] for s in doc["sources"]}
    for section in doc["sections"]:
        for item in section["items"]:
            assert item["sources"], item["id"]
            assert set(item["sources"]) <= listed, item["id"]
            assert "{" not in item["text"], f"unfilled placeholder in {item['id']}"
    cited = {s for sec in doc["sections"] for i in sec["items"] for s in i["sources"]}
    assert cited == listed
    # schema 3: every step in exactly one visit, in the order of the steps section; every
    # material brought to a visit; first.step is the first step of the first visit
    steps = [i["id"] for i in doc["sections"][0]["items"]]
    assert [s for v in doc["plan"] for s in v["steps"]] == steps, doc["answers"]
    materials = {i["id"] for i in doc["sections"][1]["items"]}
    assert materials == {m for v in doc["plan"] for m in v["bring"]}, doc["answers"]
    assert doc["first"]["step"] == doc["plan"][0]["steps"][0]


# The longest files first: with two workers taking a file at a time (pyproject: --dist loadfile),
# a long file started last would leave one worker idle at the end.
SLOW_FIRST = (
    "test_every_path_regions.py",
    "test_every_path.py",
    "test_fuzz.py",
    "test_interactive.py",
    "test_data_tools.py",
    "test_terminal_journey.py",
    "test_printing.py",
    "test_help.py",
    "test_counter.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FIRST)))
