"""Start-up stays light: heavy modules are imported only by the commands that use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ["questionary", "prompt_toolkit", "jinja2", "openpyxl", "jsonschema", "rich", "yaml"]
SHOW = "sorted({m.split('.')[0] for m in sys.modules} & set(" + repr(HEAVY) + "))"
PROBE = f"""
import json, sys
from guide.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
print("\\n@@" + json.dumps({SHOW}), file=sys.stderr)
"""
CHECKLIST = [
    "checklist",
    "--card",
    "new",
    "--region",
    "郑州",
    "--insurance",
    "employee",
    "--need",
    "bank",
    "--received",
    "2026-05-01",
    "--applicant",
    "self",
    "--pin-changed",
    "no",
    "--today",
    "2026-11-23",
]


def imported(*args: str, cache: str) -> set[str]:
    env = {**os.environ, "SBK_GUIDE_CACHE": cache}
    run = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60)
    return set(json.loads(run.stderr.rsplit("@@", 1)[1]))


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    cache = str(tmp_path_factory.mktemp("startup-cache"))
    imported(*CHECKLIST, "--format", "json", cache=cache)  # the first run compiles the data
    return cache


def test_importing_the_cli_imports_nothing_heavy(warm_cache):
    code = f"import sys, guide.cli; print({SHOW})"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "[]"


def test_checklist_json_loads_no_ui_library_and_no_yaml_parser(warm_cache):
    assert imported(*CHECKLIST, "--format", "json", cache=warm_cache) == set()


def test_checklist_text(warm_cache):
    assert imported(*CHECKLIST, "--format", "text", cache=warm_cache) == set()


def test_help_loads_nothing_heavy(warm_cache):
    # --help is laid out by helptext.format_help, without rich (typer's rich help is not used)
    assert imported("--help", cache=warm_cache) == set()
    assert imported("checklist", "--help", cache=warm_cache) == set()


def test_html_brings_jinja2_only(warm_cache):
    assert imported(*CHECKLIST, "--format", "html", cache=warm_cache) == {"jinja2"}


def test_cold_cache_parses_yaml_once(tmp_path):
    assert imported(*CHECKLIST, "--format", "json", cache=str(tmp_path)) == {"yaml"}
    assert list(tmp_path.glob("data-*.marshal"))
