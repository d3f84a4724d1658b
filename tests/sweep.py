"""The sweep of every enumerated path: each checklist built once and read by every rule that
holds over all paths. Two test files run it (so that two workers share it):
test_every_path.py (the national data) and test_every_path_regions.py (the regions).

The paths: every routing path of the tree (card, insurance, needs, applicant, in_person,
received, pin_changed: conftest.routing_paths), crossed with a cycle of problem sets, ID
documents and places lived in. In the national data every path; in every region with data of
its own (and a province's city without data, a region without any, and the national data
again) every 23rd path, each region starting at another offset, so that together the
regions cover every path and each region sees every value of every answer (23 is coprime with
the loops' periods 3, 4 and 31 and with the 130 problem sets). The regions' own plan rules are
also proved on the paths that decide a plan by `validate` (loading/plancheck.py).

Each checklist is built once (one `build_checklist`, one `to_dict`) and then:
- read as one text (path_rules.read): the contract, one value per fact, nothing against what
  the answers imply, every step done by someone the answers allow, domain.md §7;
- domain.md §6, rule by rule (path_rules.section_6), on the Chinese checklists;
- its region is the one asked for, named as specific when the data has something of its own;
- the JSON Schema, on a sample (the validator is slow; the schema does not depend on the path);
- every item of the data shows up on some path;
- a sample of receipts at 24, 32 and 48 columns fits the paper in both countings.

A rule's failures are collected (the first few, each with its answers) and each test below
asserts one rule, so a failure names the rule it broke."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from conftest import paths
from path_rules import TODAY, implied_rules, read, section_6

from guide.core.engine import build_checklist, effective_items
from guide.render import render
from guide.render.wrap import width

EVERY = 23  # each region but the national data: every 23rd path, from its own offset
RECEIPT_EVERY = 8  # receipts rendered for every eighth checklist (24 columns: every sixteenth)
SCHEMA_EVERY = 97
KEEP = 5  # failures kept per rule


@dataclass
class Sweep:
    built: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # the first KEEP
    broken: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # how many checklists, per rule
    seen: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    longest_receipt: int = 0

    def holds(self, rule: str, answers: dict, check, *args) -> bool:
        """Run one rule's check; a failure is counted and (the first few) kept with the answers."""
        try:
            check(*args)
        except AssertionError as exc:
            self.broken[rule] += 1
            if len(self.failures[rule]) < KEEP:
                self.failures[rule].append(f"{exc} | answers: {answers}")
            return False
        return True


def _region(data, region, doc):
    assert doc["region"]["id"] == region and doc["region"]["name"] == data.region_name(region, doc["lang"])
    assert doc["region"]["specific"] == any(data.has_own_data(r) for r in data.region_chain(region)), doc["region"]


def _one(done: Sweep, data, region, answers, k, items, implied, validate_contract) -> None:
    lang = "en" if k % 5 == 0 else "zh"
    checklist = build_checklist(data, answers, TODAY, lang, with_summary=False)
    doc = checklist.to_dict()
    done.built[region] += 1
    done.seen.update(i["id"] for s in doc["sections"] for i in s["items"])
    read_out: list = []

    def read_it() -> None:
        read_out.append(read(data, answers, doc, items, implied))

    if done.holds("read", answers, read_it) and lang == "zh":
        ids, text = read_out[0]
        done.holds("section_6", answers, section_6, data, answers, ids, text, items, doc)
    done.holds("region", answers, _region, data, region, doc)
    if k % SCHEMA_EVERY == 0:
        done.holds("schema", answers, validate_contract, doc)
    if k % RECEIPT_EVERY == 0:
        for columns in (24, 32, 48) if k % (2 * RECEIPT_EVERY) == 0 else (32, 48):
            text = render(checklist, "text", width=columns)
            done.lines[columns].update(text.splitlines())
            if columns == 32 and lang == "zh":
                done.longest_receipt = max(done.longest_receipt, len(text.splitlines()))


def run(data, regions: list[str], validate_contract, every: int = EVERY) -> Sweep:
    """Build and read every `every`-th path's checklist in each of `regions` (each region from
    the offset of its place in `regions`)."""
    implied = implied_rules(data)
    done = Sweep()
    n = itertools.count()
    for index, region in enumerate(regions):
        items = {item.id: item for item in effective_items(data, region)[0]}
        for answers in paths([region], every=every, offset=index % every, varied=True):
            _one(done, data, region, answers, next(n), items, implied, validate_contract)
    return done


def _failed(sweep: Sweep, rule: str) -> list[str]:
    count = sweep.broken.get(rule, 0)
    return [f"{count} checklists break it; the first:", *sweep.failures[rule]] if count else []


def test_every_checklist_reads_as_one_plan(sweep):
    """The contract, one value per fact, who does each step, and domain.md §7 (path_rules.read)."""
    assert _failed(sweep, "read") == []


def test_domain_section_6_rules_over_every_path(sweep):
    assert _failed(sweep, "section_6") == []


def test_every_checklist_is_of_the_region_asked_for(sweep):
    assert _failed(sweep, "region") == []


def test_the_json_schema_holds_on_a_sample_of_paths(sweep):
    assert _failed(sweep, "schema") == []


@pytest.mark.parametrize("columns", [24, 32, 48])
def test_receipts_fit_the_paper_in_both_countings(sweep, columns):
    assert len(sweep.lines[columns]) > 100
    for line in sweep.lines[columns]:  # each distinct line once
        assert width(line, ambiguous=2) <= columns, (columns, line)  # Chinese printer fonts
        assert width(line) <= columns, (columns, line)  # and a Western terminal
        assert "\x1b" not in line


def test_the_longest_receipt_is_at_most_80_lines(sweep):
    assert 40 < sweep.longest_receipt <= 80
