"""domain.md §7 as `validate` proves it: a planted violation of each plan rule is found at its
file:line, with a path that shows it (guide/loading/plancheck.py). (The shipped data has none:
`validate` passes, tests/test_data_tools.py.)"""

from __future__ import annotations

import textwrap
from pathlib import Path

from guide.core.plan import Arranged, Stop
from guide.core.records import ItemSpec
from guide.loading.plancheck import check_plan
from guide.loading.validate import run_validation

QUOTE = "可到人社服务窗口或社保卡服务银行网点办理"


def planted(tmp_path: Path, items: str) -> list[str]:
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / "items.yaml").write_text(textwrap.dedent(items), encoding="utf-8")
    import datetime as dt

    return [p.render("en") for p in run_validation(str(folder), dt.date(2026, 12, 7))]


def step(ident: str, *, place: str = "online", extra: str = "", when: str = "{card: new, applicant: self}") -> str:
    """A step of items.yaml, at the top level of `items:` (`extra`: more fields, each a line)."""
    lines = [
        f"  - id: {ident}",
        "    section: steps",
        "    who: anyone",
        f"    place: {place}",
        "    short: {zh: 试一试, en: Try}",
        f"    when: {when}",
        *(f"    {line}" for line in extra.splitlines()),
        "    text: {zh: 试一试。, en: Try.}",
        f'    sources: [{{id: suixi-2025, quote: "{QUOTE}"}}]',
    ]
    return "\n".join(lines) + "\n"


def test_a_step_whose_needs_nothing_gives_is_found(tmp_path):
    lines = planted(tmp_path, "items:\n" + step("planted-stuck", extra='needs: {filed: "yes"}'))
    stuck = [line for line in lines if "planted-stuck" in line]
    assert len(stuck) == 1, lines
    assert stuck[0].startswith(
        f"{tmp_path / 'local' / 'items.yaml'}:2: step 'planted-stuck' needs filed=yes, which neither the"
        " situation nor an earlier step gives, on the path card=new, region=national, "
    )
    assert "applicant=self" in stuck[0]


def test_a_step_at_a_counter_that_needs_the_card_nobody_brings_is_found(tmp_path):
    lines = planted(tmp_path, "items:\n" + step("planted-police", place="police", extra='needs: {card_in_hand: "yes"}'))
    found = [line for line in lines if "planted-police" in line]
    assert len(found) == 1, lines
    assert found[0].startswith(
        f"{tmp_path / 'local' / 'items.yaml'}:2: step 'planted-police' needs the card the holder has, but no"
        " material of its visit is the card, on the path card=new, region=national, "
    )


def test_declarations_a_plan_needs_are_checked(tmp_path):
    items = """\
    items:
      - id: planted-bare
        section: steps
        who: anyone
        when: {card: new}
        text: {zh: 试一试。, en: Try.}
        sources: [{id: suixi-2025, quote: "可到人社服务窗口或社保卡服务银行网点办理"}]
      - id: planted-material
        section: materials
        when: {card: new}
        text: {zh: 一样东西。, en: A thing.}
        sources: [{id: suixi-2025, quote: "可到人社服务窗口或社保卡服务银行网点办理"}]
      - id: planted-note
        section: notes
        about: {steps: [no-such-step]}
        text: {zh: 说明。, en: A note.}
        sources: [{id: suixi-2025, quote: "可到人社服务窗口或社保卡服务银行网点办理"}]
      - id: planted-state
        section: steps
        who: anyone
        place: online
        short: {zh: 试一试, en: Try}
        gives: {usable_now: "yes"}
        when: {card: new}
        text: {zh: 试一试。, en: Try.}
        sources: [{id: suixi-2025, quote: "可到人社服务窗口或社保卡服务银行网点办理"}]
    """
    lines = planted(tmp_path, items)
    where = tmp_path / "local" / "items.yaml"
    assert f"{where}:13: item 'planted-note': for/about names unknown step 'no-such-step'" in lines
    assert (
        f"{where}:18: item 'planted-state': gives names usable_now, which is not a plan state fact"
        " (situation.yaml: give it a start)" in lines
    )
    # the rest is checked once the data is sound: mend the two above and look again
    fixed = items.replace("about: {steps: [no-such-step]}", "about: {steps: [sbk-enable]}").replace(
        'gives: {usable_now: "yes"}', 'gives: {filed: "yes"}'
    )
    (tmp_path / "again").mkdir()
    lines = planted(tmp_path / "again", fixed)
    where = tmp_path / "again" / "local" / "items.yaml"
    assert f"{where}:2: step 'planted-bare' has no place" in lines
    assert f"{where}:2: step 'planted-bare' has no short form" in lines
    assert f"{where}:8: material 'planted-material' does not say which steps it is for" in lines


def _spec(ident: str, place: str, **fields) -> ItemSpec:
    return ItemSpec(ident, "steps", {"zh": ident, "en": ident}, (), place=(place,), file="items.yaml", line=7, **fields)


def test_a_needless_second_trip_is_found(data):
    """The planner never makes one (it stays where a ready step is), so the checker is tried on a
    plan made by hand: the bank twice, with nothing between that the second trip needs."""
    first, middle, again = _spec("a", "bank"), _spec("b", "online", gives={"filed": "yes"}), _spec("c", "bank")
    plan = Arranged([first, middle, again], [Stop("bank", [first]), Stop("online", [middle]), Stop("bank", [again])])
    found = [p.render("en") for p in check_plan(data, plan, {"card": "new"})]
    assert found == [
        "items.yaml:7: step 'c' sends the person back to bank although nothing done in between is needed there,"
        " on the path card=new"
    ]
    # when the step between gives what the second trip needs, the return is forced: no problem
    forced = _spec("c", "bank", needs={"filed": "yes"})
    plan = Arranged([first, middle, forced], [Stop("bank", [first]), Stop("online", [middle]), Stop("bank", [forced])])
    assert list(check_plan(data, plan, {"card": "new"})) == []
