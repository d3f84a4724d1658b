"""Read-only access to the compiled data: questions, choices, regions, items."""

from __future__ import annotations

from typing import Any

from .conditions import Predicate, compile_condition
from .questions import Choice, Question
from .records import ItemSpec, Overlay, Region, Source


class Dataset:
    def __init__(self, compiled: dict[str, Any]) -> None:
        self.data_version: str = compiled["data_version"]
        self.checked: str = compiled["checked"]
        self.settings: dict[str, Any] = compiled["settings"]
        self.deadlines: dict[str, dict[str, Any]] = compiled.get("deadlines", {})
        # each deadline's `applies` condition, compiled once
        self.deadline_tests: dict[str, Predicate] = {
            name: compile_condition(rule["applies"]) for name, rule in self.deadlines.items()
        }
        self.situation: dict[str, Any] = compiled.get("situation", {"facts": {}, "implied": []})
        # situation.yaml's implied rules, each `when` compiled once: (test, facts it implies)
        self.implied: list[tuple[Predicate, dict[str, str]]] = [
            (compile_condition(rule["when"]), rule["facts"]) for rule in self.situation.get("implied", [])
        ]
        none = {"zh": "", "en": ""}
        plan = compiled.get("plan") or {"places": [], "after_new_card": none, "after_new_card_remote": none}
        self.places: list[dict[str, Any]] = plan["places"]  # plan.yaml, in default visit order
        self.in_person: frozenset[str] = frozenset(p["id"] for p in self.places if p["in_person"])
        self.after_new_card: dict[str, str] = plan["after_new_card"]
        self.after_new_card_remote: dict[str, str] = plan["after_new_card_remote"]
        self.sections: list[dict[str, Any]] = compiled["sections"]
        self.questions: list[Question] = [Question.from_dict(q) for q in compiled["questions"]]
        self.items: list[ItemSpec] = [ItemSpec.from_dict(i) for i in compiled["items"]]
        self.sources: dict[str, Source] = {k: Source.from_dict(v) for k, v in compiled["sources"].items()}
        self.regions: dict[str, Region] = {k: Region.from_dict(v) for k, v in compiled["regions"].items()}
        self.region_order: list[str] = compiled["region_order"]
        self.aliases: dict[str, str] = compiled["aliases"]
        self.region_index: dict[str, Any] = compiled.get("region_index") or {}
        self.region_edition: str = compiled.get("region_edition", "")
        self.overlays: dict[str, list[Overlay]] = {
            rid: [Overlay.from_dict(o) for o in overlays] for rid, overlays in compiled["overlays"].items()
        }
        self._by_id: dict[str, Question] = {q.id: q for q in self.questions}
        self._choice_index: dict[str, dict[str, str]] = {}  # per question, built when first asked for

    def question(self, qid: str) -> Question:
        return self._by_id[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self._by_id

    def choice_index(self, qid: str) -> dict[str, str]:
        """Lower-cased value, alias and label -> choice value."""
        index = self._choice_index.get(qid)
        if index is None:
            index = self._choice_index[qid] = {}
            for choice in self._by_id[qid].choices:
                for key in [choice.value, *choice.aliases, choice.label["zh"], choice.label["en"]]:
                    index.setdefault(str(key).strip().lower(), choice.value)
        return index

    def choice(self, qid: str, value: str) -> Choice | None:
        return self._by_id[qid].choice(value)

    def region_chain(self, rid: str) -> list[str]:
        """Region ids from the province down to `rid` (empty for national)."""
        if rid == "national":
            return []
        parent = self.regions[rid].parent
        return [parent, rid] if parent else [rid]

    def region_name(self, rid: str, lang: str) -> str:
        region = self.regions[rid]
        if lang == "en":
            if region.parent:
                return f"{region.en}, {self.regions[region.parent].en}"
            return region.en
        if region.parent:
            return self.regions[region.parent].zh + region.zh
        return region.zh

    def has_own_data(self, rid: str) -> bool:
        return rid in self.overlays
