"""--help: our own layout (helptext.format_help), in the user's language, fitted to the terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from guide.app import helptext
from guide.messages import _M, LANGS, msg


def _answer_words() -> set[str]:
    """The words of every answer id (what a user types: forgot-pin, id-card, ...)."""
    from guide.loading.loader import load_dataset

    words: set[str] = set()
    for question in load_dataset().questions:
        for choice in question.choices:
            words |= set(re.findall(r"[A-Za-z]+", choice.value))
    return words


ANSWER_WORDS = _answer_words()
COMMANDS = ["", "checklist", "batch", "questions", "regions", "tree", "validate"]
HAN = re.compile(r"[\u3400-\u9fff]")
CLICK_WORDS = ["Usage", "Options", "Commands", "Arguments", "[required]", "<bool>", "Show this message", "…"]


def _width(line: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def _help(lang: str, command: str, columns: int) -> str:
    """The help screen as a terminal of `columns` shows it (in-process: 56 screens are checked;
    test_help_in_a_real_process runs the installed command once)."""
    from typer.testing import CliRunner

    from guide.app.cli import app

    args = ["--lang", lang, *([command] if command else []), "--help"]
    r = CliRunner().invoke(app, args, env={"COLUMNS": str(columns), "TERM": "dumb"})
    assert r.exit_code == 0, r.output
    return r.stdout


def test_help_in_a_real_process():
    args = [sys.executable, "-m", "guide", "--lang", "zh", "checklist", "--help"]
    env = {**os.environ, "COLUMNS": "60", "TERM": "dumb"}
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert r.returncode == 0 and r.stdout == _help("zh", "checklist", 60)


def test_one_command_runs_again_in_either_language(capsys):
    """The click command built from the app keeps the help keys beside the texts it shows, so
    one command object serves run after run, switching language (a long-lived host of the app)."""
    import typer.main

    from guide.app.cli import app

    command = typer.main.get_command(app)

    def output(lang: str) -> str:
        command.main(["--lang", lang, "checklist", "--help"], standalone_mode=False)
        return capsys.readouterr().out

    first = [output(lang) for lang in ("zh", "en")]
    again = [output(lang) for lang in ("en", "zh")]
    assert first == again[::-1]
    assert first[0].startswith("用法：sbk-guide checklist") and first[1].startswith("Usage: sbk-guide checklist")
    assert HAN.search(first[0]) and not HAN.search(first[1])


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
@pytest.mark.parametrize("lang", LANGS)
def test_every_help_fits_the_terminal_in_one_language(lang, columns):
    for command in COMMANDS:
        text = _help(lang, command, columns)
        for line in text.splitlines():
            assert _width(line) <= columns, (command, line)
            assert not re.match(r"\s*([，。、；：？！）」』】》”]|[,.;:?!)](?!\w))", line), (command, line)
        if lang == "zh":
            assert not [w for w in CLICK_WORDS if w in text], command
            assert "用法：" in text and "选项：" in text
        else:
            assert not HAN.search(text), (command, HAN.findall(text))
            assert "Usage: " in text and "…" not in text and "<bool>" not in text


def test_required_is_said_in_the_users_language():
    assert "（必填）" in _help("zh", "batch", 80)
    assert "(required)" in _help("en", "batch", 80)


def test_example_commands_wrap_at_spaces_with_a_continuation():
    lines = _help("zh", "checklist", 40).splitlines()
    example = [line for line in lines if line.endswith(" \\")]
    assert example and all(line.startswith("  ") for line in example)
    follow = [lines[n + 1] for n, line in enumerate(lines) if line.endswith(" \\")]
    assert all(line.startswith("      ") for line in follow)


def test_wrap_keeps_options_whole_and_punctuation_off_line_starts():
    lines = helptext.wrap("用途，可重复或用逗号分隔：hospital, pharmacy, bank, cross-region, family", 16)
    assert all(_width(line) <= 16 for line in lines)
    assert "cross-region," in " ".join(lines).split()
    assert not any(line[:1] in "，：," for line in lines)


@pytest.mark.parametrize("table", ["messages", "helptext"])
def test_every_text_exists_in_both_languages(table):
    """Every key has a Chinese text (with Chinese in it) and an English one (without)."""
    keys = list(_M) if table == "messages" else helptext.keys()
    say = msg if table == "messages" else helptext.h
    for key in keys:
        pair = _M[key] if table == "messages" else (helptext.h(key, "zh"), helptext.h(key, "en"))
        zh, en = pair
        assert zh and en, key
        assert not HAN.search(en), (key, en)
        if re.search(r"[A-Za-z]{4,}", zh.replace("{", " {")):
            # only ids, option names, formats and fields in Chinese texts
            words = set(re.findall(r"(?<![-{.])\b[A-Za-z]{4,}\b(?![}])", zh))
            allowed = {"sbk", "guide", "checklist", "help", "force", "YAML", "JSON", "HTML", "Markdown", "UTF"}
            allowed |= {"henan", "zhengzhou", "national", "unsure", "YYYY", "Tab", "pinyin", "openpyxl", "install"}
            allowed |= {"xlsx", "jsonl", "yaml", "json", "html", "text", "rich", "markdown", "table", "mermaid"}
            allowed |= {"employee", "resident", "self", "proxy", "guardian", "hospital", "pharmacy", "bank"}
            allowed |= {"family", "region", "cross", "pin", "forgot", "locked", "lost", "damaged", "activation"}
            allowed |= {
                "failed",
                "name",
                "change",
                "replacement",
                "legacy",
                "medical",
                "Mermaid",
                "Graphviz",
                "dot",
                "escpos",
            }
            allowed |= {"Enter", "Ctrl", "Space", "Excel", "data", "batch", "questions", "regions", "tree", "validate"}
            allowed |= {"Space", "SBK_GUIDE_DATA", "DATA", "GUIDE", "XLSX", "JSONL", "CSV", "GBK", "TSV", "CPR"}
            allowed |= {"Chrome", "Chromium", "Edge", "chat", "open", "unconfirmed", "true", "escpos"}
            allowed |= {"sudo", "Debian", "Ubuntu", "Fedora", "fonts", "google"}  # the font to install (pdf)
            # validate names the data files' own keys and files, as the person writing them types them
            allowed |= {"asserts", "contract", "grade", "overlay", "quote", "remove", "replace", "shared", "true"}
            allowed |= {"situation", "sources", "undated", "untitled", "false"}
            allowed |= ANSWER_WORDS  # every answer id, from the data
            assert words <= allowed, (key, words - allowed)
        assert say(key, "zh") == zh
