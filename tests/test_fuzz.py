"""Property-based fuzzing of the command line: random arguments, answers files and rosters.

Never a traceback; always exit 0, 1 or 2; exit 0 only with a contract-valid checklist.
510 examples in all, derandomized (a fixed seed); every example runs (no time bound).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import jsonschema
from conftest import TESTS, check_contract
from conftest import invoke as run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCHEMA = json.loads((TESTS / "checklist.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)  # built once: most of the cost


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )


OPTIONS = [
    "--card",
    "--region",
    "--insurance",
    "--need",
    "--received",
    "--applicant",
    "--in-person",
    "--pin-changed",
    "--problem",
    "--lang",
    "--today",
    "--width",
    "--format",
    "--encoding",
    "--force",
    "--cardd",
    "-f",
    "--help",
    "--version",
    "--",
]
VALUES = [
    "new",
    "replacement",
    "legacy",
    "e-sbk",
    "e-medical",
    "national",
    "henan",
    "henan/zhengzhou",
    "郑州",
    "河南省郑州市",
    "atlantis",
    "employee",
    "resident",
    "unsure",
    "hospital",
    "bank,family",
    "pharmacy、bank",
    "cross-region",
    "2026-05-01",
    "2026/5/1",
    "2026年5月1日",
    "20260501",
    "2026-02-30",
    "2099-01-01",
    "self",
    "proxy",
    "guardian",
    "yes",
    "no",
    "lost",
    "locked,forgot-pin",
    "zh",
    "en",
    "fr",
    "json",
    "text",
    "markdown",
    "html",
    "rich",
    "24",
    "32",
    "7",
    "-1",
    "gb18030",
    "utf-8",
    "",
    " ",
    "\x00",
    "💳",
    "a" * 500,
]
TOKENS = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.text(max_size=30))


def invoke(args: list[str]) -> tuple[int, str, str]:
    result = run_cli(args)  # an uncaught exception is raised: a bug, which hypothesis shrinks and reports
    assert "Traceback" not in result.stderr
    return result.code, result.stdout, result.stderr


def check_outcome(code: int, stdout: str, stderr: str, json_expected: bool) -> None:
    assert code in (0, 1, 2), (code, stderr)
    if code == 2:
        assert stderr.startswith(("错误：", "Error: ")), stderr
        head, *more = stderr.rstrip("\n").split("\n")  # not splitlines(): a typed \x1e is no line break
        # one line; or, for several bad answers of one call, a count and then one indented line each
        count = re.match(r"(?:错误：有 (\d+) 处回答需要改正：|Error: (\d+) answers need fixing:)$", head)
        assert (not more) if count is None else len(more) == int(count.group(1) or count.group(2)) >= 2, stderr
        assert all(line.startswith("  ") and line.strip() for line in more), stderr
    if code == 0 and json_expected and stdout.lstrip().startswith("{"):
        doc = json.loads(stdout)
        VALIDATOR.validate(doc)
        check_contract(doc)


@fuzz(300)
@given(st.lists(TOKENS, max_size=14))
def test_random_checklist_arguments(tokens):
    args = ["checklist", *tokens, "--today", "2026-11-23", "--format", "json"]
    if "--help" in tokens or "--version" in tokens or "--" in tokens:
        args = ["checklist", *tokens]
    code, out, err = invoke(args)
    check_outcome(code, out, err, json_expected="--format" not in tokens)


VALID = {
    "card": "new",
    "region": "郑州",
    "insurance": "employee",
    "needs": ["hospital"],
    "received": "2026-05-01",
    "applicant": "self",
    "pin_changed": "no",
    "problems": [],
}
YAML_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=50),
        st.sampled_from(VALUES),
        st.dates().map(str),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
ANSWER_DOCS = st.one_of(
    st.fixed_dictionaries({}, optional={k: st.one_of(st.just(v), YAML_VALUES) for k, v in VALID.items()}),
    YAML_VALUES,
)


@fuzz(150)
@given(
    st.one_of(
        ANSWER_DOCS.map(lambda d: json.dumps(d, ensure_ascii=False).encode()),
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass") if s else b""),
    ),
    st.sampled_from([".yaml", ".json", ".yml"]),
)
def test_random_answers_files(content, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"answers{suffix}"
        path.write_bytes(content)
        code, out, err = invoke(["checklist", "--answers", str(path), "--today", "2026-11-23", "--format", "json"])
    check_outcome(code, out, err, json_expected=True)


ROW = st.fixed_dictionaries(
    {
        k: st.one_of(
            st.just(v if not isinstance(v, list) else ",".join(v)), st.sampled_from(VALUES), st.text(max_size=10)
        )
        for k, v in VALID.items()
    }
)


def roster_bytes(kind: str, rows: list[dict[str, str]], raw: bytes) -> bytes:
    if kind == "csv":
        lines = [",".join(VALID)] + [",".join('"' + str(v).replace('"', '""') + '"' for v in r.values()) for r in rows]
        return "\n".join(lines).encode("utf-8")
    if kind == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    return raw


@fuzz(60)
@given(
    st.sampled_from(["csv", "jsonl", "raw"]),
    st.lists(ROW, max_size=5),
    st.binary(max_size=200),
    st.sampled_from(["csv", "jsonl", "yaml", "xlsx", "tsv"]),
    st.sampled_from(["o.jsonl", "out"]),
    st.sampled_from(["json", "markdown", "text", "html", "pdf"]),
)
def test_random_rosters(kind, rows, raw, suffix, out, fmt):
    if kind != "raw":
        suffix = kind
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"roster.{suffix}"
        path.write_bytes(roster_bytes(kind, rows, raw))
        code, _, err = invoke(
            ["batch", str(path), "--out", str(Path(tmp) / out), "--format", fmt, "--today", "2026-11-23"]
        )
        assert code in (0, 1, 2), err
        if code in (0, 1) and out == "o.jsonl" and (Path(tmp) / out).exists():
            for line in (Path(tmp) / out).read_text(encoding="utf-8").splitlines():
                doc = json.loads(line)
                VALIDATOR.validate(doc)
                check_contract(doc)
