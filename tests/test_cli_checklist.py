"""`sbk-guide checklist`: output, options and every kind of bad input, word for word."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA_VERSION, check_contract

BASE = [
    "checklist",
    "--card",
    "new",
    "--region",
    "henan",
    "--insurance",
    "employee",
    "--need",
    "bank",
    "--applicant",
    "self",
    "--pin-changed",
    "no",
    "--today",
    "2026-11-23",
]
GOOD = BASE + ["--received", "2026-05-01"]


def test_json_output_is_contract_valid(cli, schema):
    r = cli(*GOOD, "--format", "json")
    assert r.code == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, schema)
    check_contract(doc)
    assert doc["answers"] == {
        "card": "new",
        "region": "henan",
        "insurance": "employee",
        "needs": ["bank"],
        "received": "2026-05-01",
        "applicant": "self",
        "id_document": "id-card",
        "pin_changed": "no",
        "problems": [],
    }
    assert doc["today"] == "2026-11-23" and doc["data_version"] == DATA_VERSION and doc["lang"] == "zh"
    # no national activation period: no date is computed outside a region with a sourced rule
    assert doc["sections"][3] == {"id": "deadlines", "title": "期限", "items": []}
    assert doc["first"] == {  # the card-face hint is a note beside the bank steps, not a step
        "text": "去服务银行（卡面印的银行）：启用社保（医保）功能；持卡人本人开通金融（银行）功能。",
        "step": "sbk-enable",
    }
    assert [v["place"] for v in doc["plan"]] == ["bank"]
    assert doc["plan"][0]["steps"] == ["sbk-enable", "bank-activate"]
    assert "check-card-face" in [i["id"] for i in doc["sections"][4]["items"]]


def test_guangdong_sealing_year_once_it_has_surely_passed(cli, schema):
    """Guangdong's one-year sealing rule, once passed, is said in words: no binding date on any output."""
    args = ["--region", "广州", "--received", "2025-05-01"]
    doc = json.loads(cli(*BASE, *args, "--format", "json").stdout)
    jsonschema.validate(doc, schema)
    deadline = doc["sections"][3]["items"]
    assert deadline == [
        {
            "id": "gd-seal-passed",
            "text": "广东规定：社保卡做好后超过一年没有领取激活，会成为逾期封存卡，要重新申领。"
            "您领卡到现在已超过一年（2026年5月1日已满一年），卡可能已被封存。",
            "sources": ["zsnews-gd"],
        }
    ]  # no due, days_left or overdue
    assert doc["first"]["step"] == "gd-check-status" and doc["plan"][0]["place"] == "phone-call"
    for fmt in ("text", "chat", "markdown", "html"):
        r = cli(*BASE, *args, "--format", fmt)
        assert r.code == 0, (fmt, r.stderr)
        flat = "".join(r.stdout.split())  # the text format wraps lines
        assert "您领卡到现在已超过一年（2026年5月1日已满一年）" in flat and "硬性期限" not in flat, fmt
    r = cli(*BASE, *args, "--format", "text", "--width", "32")
    flat = "".join(r.stdout.split())
    assert "您领卡到现在已超过一年" in flat and "硬性期限" not in flat and "已经过了" not in flat


@pytest.mark.parametrize(
    "card, pin, notes",
    [
        ("new", "no", ["one-visit", "check-card-face", "two-pins", "employee-account"]),
        ("new", "yes", ["check-card-face", "employee-account"]),
        (
            "replacement",
            "no",
            ["one-visit", "check-card-face", "two-pins", "third-generation", "employee-account"],
        ),
        ("replacement", "yes", ["check-card-face", "third-generation", "employee-account"]),
    ],
)
def test_notes_follow_the_card_and_the_pin(cli, card, pin, notes):
    """The third-generation note for a replacement card only; the initial-PIN note not for a changed PIN;
    no note that a city's own data is included (Zhengzhou has its own); no note on the two functions
    where the plan's steps open the bank function (they say how each is enabled)."""
    args = ["--card", card, "--pin-changed", pin, "--region", "郑州", "--received", "2026-05-01", "--format", "json"]
    doc = json.loads(cli(*BASE, *args).stdout)
    assert doc["region"]["specific"] is True
    assert [i["id"] for i in doc["sections"][4]["items"]] == notes


def test_needs_repeatable_and_comma_separated_and_chinese(cli):
    r1 = cli(*BASE, "--received", "2026/5/1", "--need", "hospital,pharmacy", "--need", "家人", "--format", "json")
    r2 = cli(*BASE, "--received", "2026年5月1日", "--need", "family;hospital、pharmacy", "--format", "json")
    assert r1.code == r2.code == 0
    a1, a2 = json.loads(r1.stdout)["answers"], json.loads(r2.stdout)["answers"]
    assert a1["needs"] == a2["needs"] == ["hospital", "pharmacy", "bank", "family"]
    assert a1["received"] == a2["received"] == "2026-05-01"


@pytest.mark.parametrize(
    "name", ["郑州", "郑州市", "河南省郑州市", "河南郑州", "henan/zhengzhou", "Henan/Zhengzhou", "河南/郑州"]
)
def test_chinese_region_names(cli, name):
    r = cli(*GOOD, "--region", name, "--format", "json")
    assert r.code == 0, r.stderr
    assert json.loads(r.stdout)["region"] == {"id": "henan/zhengzhou", "name": "河南省郑州市", "specific": True}


def test_unneeded_answers_are_ignored(cli):
    r = cli(
        "checklist",
        "--card",
        "e-medical",
        "--region",
        "national",
        "--insurance",
        "resident",
        "--need",
        "hospital",
        "--applicant",
        "self",
        "--received",
        "2026-01-01",
        "--pin-changed",
        "yes",
        "--in-person",
        "no",
        "--format",
        "json",
        "--today",
        "2026-11-23",
    )
    assert r.code == 0
    answers = json.loads(r.stdout)["answers"]
    assert "received" not in answers and "pin_changed" not in answers and "in_person" not in answers


def test_text_is_default_when_not_a_terminal(cli):
    r = cli(*GOOD)
    assert r.code == 0
    assert r.stdout.startswith("社保卡 / 医保卡办理清单\n")
    assert "\x1b[" not in r.stdout
    assert "[ ] 1. 启用社保（医保）功能" in r.stdout and "[ ] 3." not in r.stdout
    assert "\n* 看一下卡的正面：" in r.stdout  # a note, not a step


def test_english(cli):
    r = cli(*GOOD, "--lang", "en")
    assert r.code == 0
    assert r.stdout.startswith("Social security / medical card checklist\n")
    flat = " ".join(r.stdout.split())
    assert "Do this first: Go to the service bank" in flat
    assert "OVERDUE" not in flat and "Nov 2026" not in flat  # no date without a sourced rule


def test_markdown(cli):
    r = cli(*GOOD, "--format", "markdown")
    assert r.code == 0
    assert r.stdout.startswith("# 社保卡 / 医保卡办理清单\n")
    assert "\n> **先做这件事：**去服务银行（卡面印的银行）：启用社保（医保）功能" in r.stdout
    assert "\n## 一、去服务银行（卡面印的银行）（本人去）\n\n1. [ ] 启用社保（医保）功能" in r.stdout


def test_rich_format_without_terminal_has_no_escape_codes(cli):
    r = cli(*GOOD, "--format", "rich", "--width", "60")
    assert r.code == 0 and "\x1b[" not in r.stdout and "一、去服务银行（卡面印的银行）" in r.stdout


def test_answers_file_and_override(cli, tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text(
        "card: new\nregion: 郑州\ninsurance: employee\nneeds: [hospital]\nreceived: 2026-05-01\n"
        "applicant: self\npin_changed: no\nproblems: []\n",
        encoding="utf-8",
    )
    r = cli("checklist", "--answers", str(f), "--insurance", "resident", "--format", "json", "--today", "2026-11-23")
    assert r.code == 0, r.stderr
    answers = json.loads(r.stdout)["answers"]
    assert (
        answers["insurance"] == "resident" and answers["region"] == "henan/zhengzhou" and answers["pin_changed"] == "no"
    )


def test_json_checklist_replays_as_answers(cli, tmp_path):
    r = cli(*GOOD, "--format", "json")
    f = tmp_path / "saved.json"
    f.write_text(r.stdout, encoding="utf-8")
    r2 = cli("checklist", "--answers", str(f), "--format", "json", "--today", "2026-11-23")
    assert r2.code == 0 and json.loads(r2.stdout) == json.loads(r.stdout)


ERRORS = [
    (
        ["--received", "2026-02-30"],
        "错误：--received 的日期“2026-02-30”不存在：2026年2月只有 28 天。",
    ),
    (["--received", "2024/2/30"], "错误：--received 的日期“2024/2/30”不存在：2024年2月只有 29 天。"),
    (
        ["--received", "2026年13月1日"],
        "错误：--received 的日期“2026年13月1日”无法识别。请写成 2026-05-01、2026/5/1、2026.5.1、2026年5月1日 或 20260501。",
    ),
    (
        # Chinese input gets Chinese names (issue 14)
        ["--received", "2026-05-01", "--region", "郑洲"],
        "错误：--region 的地区“郑洲”无法识别，您是不是想输入 河南省郑州市？",
    ),
    (
        ["--received", "2026-05-01", "--region", "广洲"],
        "错误：--region 的地区“广洲”无法识别，您是不是想输入 广东省广州市？",
    ),
    (["--received", "2026-12-01"], "错误：--received 的日期 2026-12-01 晚于今天（2026-11-23），请检查。"),
    (
        ["--received", "1980-01-01"],
        "错误：--received 的日期 1980-01-01 太早了（社保卡不早于 1990-01-01 发放），请检查。",
    ),
    (
        ["--received", "2026-05-01", "--card", "nwe"],
        "错误：--card 的值“nwe”无效，您是不是想输入 new？可选值：new, replacement, legacy, e-sbk, e-medical",
    ),
    (
        ["--received", "2026-05-01", "--need", "foo"],
        "错误：--need 的值“foo”无效。可选值：hospital, pharmacy, bank, cross-region, family（多个用逗号、顿号、加号、斜杠或空格分开）",
    ),
    (
        ["--received", "2026-05-01", "--region", "henna"],
        "错误：--region 的地区“henna”无法识别，您是不是想输入 henan (河南省)？",
    ),
    (
        ["--received", "2026-05-01", "--region", "henan/luoyan"],
        "错误：--region 的地区“henan/luoyan”无法识别，您是不是想输入 henan/luoyang (河南省洛阳市)？",
    ),
    (
        ["--received", "2026-05-01", "--region", "atlantis"],
        "错误：--region 的地区“atlantis”无法识别。可以输入拼音（如 henan、henan/zhengzhou）或中文（如 河南、郑州市），不在列表里请用 national。",
    ),
    ([], "错误：缺少回答：请用 --received 指定领卡日期，例如 --received 2026-05-01（不记得可写 unsure）。"),
    (
        ["--received", "2026-05-01", "--today", "2026-13-01"],
        "错误：--today 的日期“2026-13-01”无效，请写成 YYYY-MM-DD，例如 2026-11-23。",
    ),
    (["--received", "2026-05-01", "--width", "10"], "错误：--width 应是不小于 24 的整数，实际是“10”。"),
    (
        ["--received", "2026-05-01", "--format", "docx"],
        "错误：--format 的值“docx”无效。可选值：rich, text, chat, markdown, html, json, pdf, escpos",
    ),
    (["--received", "2026-05-01", "--lang", "fr"], "错误：--lang 的值“fr”无效。可选值：zh、en"),
    (
        ["--received", "2026-05-01", "--cardd", "x"],
        "错误：没有这个选项：--cardd（您是不是想输入 --card？）。运行 sbk-guide checklist --help 查看用法。",
    ),
    (["--received", "2026-05-01", "--card"], "错误：选项 --card 后面需要一个值。"),
    (["--received", "2026-05-01", "extra"], "错误：多余的参数：extra。运行 sbk-guide checklist --help 查看用法。"),
    (["--received", "2026-05-01", "--data-dir", "/nonexistent-dir"], "错误：数据文件夹不存在：/nonexistent-dir"),
]


@pytest.mark.parametrize("extra, message", ERRORS)
def test_bad_input_zh(cli, extra, message):
    r = cli(*BASE, *extra)
    assert (r.code, r.stderr, r.stdout) == (2, message + "\n", "")


def test_missing_answer_names_option_and_values(cli):
    r = cli("checklist", "--card", "new", "--region", "henan", "--today", "2026-11-23")
    assert r.code == 2
    lines = r.stderr.splitlines()  # every missing answer, one line each (issue 16)
    assert lines[0] == "错误：有 5 处回答需要改正：" and len(lines) == 6
    assert lines[1] == "  缺少回答“您参加的是哪种医保？”：请用 --insurance 指定。可选值：employee, resident, unsure"


def test_bad_input_en(cli):
    r = cli("checklist", "--lang", "en", "--card", "new", "--region", "henan", "--today", "2026-11-23")
    assert r.code == 2
    lines = r.stderr.splitlines()
    assert lines[0] == "Error: 5 answers need fixing:"
    assert lines[1] == (
        "  Missing answer to 'Which medical insurance do you have?': give --insurance. Allowed: employee, resident, unsure"
    )


def test_impossible_date_in_english(cli):
    r = cli(*BASE, "--lang", "en", "--received", "2025-02-29")
    assert (r.code, r.stderr) == (2, "Error: --received: '2025-02-29' does not exist: February 2025 has 28 days.\n")


@pytest.mark.parametrize("lang, help_line", [("zh", "显示这份帮助后退出"), ("en", "Show this help and exit")])
@pytest.mark.parametrize("command", ["", "checklist", "batch", "questions", "regions", "tree", "validate"])
def test_help_is_whole_and_in_the_users_language(cli, lang, help_line, command):
    """typer's help (rich) cuts a run of text wider than its column with "…": the Chinese
    help texts carry spaces where a line may break. COLUMNS sets the width (rich reads it)."""

    r = cli("--lang", lang, *([command] if command else []), "--help", env={"COLUMNS": "120", "TERM": "dumb"})
    assert r.code == 0, r.stderr
    assert "…" not in r.stdout
    assert help_line in r.stdout and "Show this message and exit" not in r.stdout


def test_unknown_command(cli):
    r = cli("foo")
    assert (r.code, r.stderr) == (2, "错误：没有这个命令：foo。运行 sbk-guide --help 查看所有命令。\n")


@pytest.mark.parametrize(
    "content, message",
    [
        ("card: [new\n", "错误：回答文件 {f} 格式有误（第 2 行）：括号没有结束，或者少了逗号"),
        ("- a\n- b\n", "错误：回答文件 {f} 应是“问题: 回答”的键值对（YAML 或 JSON 对象），实际是列表。"),
        ("", "错误：回答文件 {f} 应是“问题: 回答”的键值对（YAML 或 JSON 对象），实际是空文件。"),
        ("crad: new\n", "错误：回答文件 {f} 中有未知的问题“crad”，您是不是想写 card？"),
        ("card: {a: 1}\nregion: henan\n", "错误：--card 的值应是一段文字，实际是“{{'a': 1}}”。"),
        (
            "card: e-medical\nregion: henan\ninsurance: employee\nneeds: {a: 1}\n",
            "错误：--need 的值应是文字或列表，实际是“{{'a': 1}}”。",
        ),
    ],
)
def test_bad_answers_file(cli, tmp_path, content, message):
    f = tmp_path / "answers.yaml"
    f.write_text(content, encoding="utf-8")
    r = cli("checklist", "--answers", str(f), "--today", "2026-11-23")
    expected = message.format(f=f)
    lines = r.stderr.splitlines()
    assert r.code == 2
    # alone, or one line among every problem of the call (issue 16)
    assert r.stderr == expected + "\n" or (lines[0].startswith("错误：有 ") and "  " + expected[3:] in lines)


def test_answers_from_standard_input(cli):
    """`--answers -` reads stdin: a saved JSON checklist piped back replays its answers."""
    first = cli(*GOOD, "--format", "json")
    r = cli("checklist", "--answers", "-", "--format", "json", "--today", "2026-11-23", input=first.stdout)
    assert r.code == 0, r.stderr
    assert json.loads(r.stdout)["answers"] == json.loads(first.stdout)["answers"]
    r = cli("checklist", "--answers", "-", input="")
    assert (r.code, r.stderr) == (2, "错误：回答文件 - 应是“问题: 回答”的键值对（YAML 或 JSON 对象），实际是空文件。\n")


def test_answers_file_missing_and_wrong_encoding(cli, tmp_path):
    r = cli("checklist", "--answers", str(tmp_path / "nope.yaml"))
    assert (r.code, r.stderr) == (2, f"错误：找不到回答文件：{tmp_path / 'nope.yaml'}\n")
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("card: 新卡\n".encode("gbk"))
    r = cli("checklist", "--answers", str(bad))
    assert (r.code, r.stderr) == (2, f"错误：文件 {bad} 不是 UTF-8 编码的文本，请另存为 UTF-8 后再试。\n")


def test_output_file_is_never_overwritten_without_force(cli, tmp_path):
    out = tmp_path / "c.json"
    assert cli(*GOOD, "--output", str(out)).code == 0
    first = out.read_text(encoding="utf-8")
    assert json.loads(first)["schema"] == "sbk-guide.checklist/3"  # format taken from the suffix
    out.write_text("my notes", encoding="utf-8")
    r = cli(*GOOD, "--output", str(out))
    assert (r.code, r.stderr) == (2, f"错误：输出文件 {out} 已存在，没有覆盖。要覆盖请加 --force。\n")
    assert out.read_text(encoding="utf-8") == "my notes"
    assert cli(*GOOD, "--output", str(out), "--force").code == 0
    assert out.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]  # no temporary file left behind


def test_unwritable_output_is_io_failure(cli, tmp_path):
    r = cli(*GOOD, "--output", str(tmp_path / "missing" / "c.txt"))
    assert (r.code, r.stderr) == (
        1,
        f"错误：无法写入 {tmp_path / 'missing' / 'c.txt'}：文件夹 {tmp_path / 'missing'} 不存在。\n",
    )
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "ro"
        locked.mkdir()
        locked.chmod(0o500)
        r = cli(*GOOD, "--output", str(locked / "c.txt"))
        assert r.code == 1 and r.stderr.startswith("错误：无法写入 ")


def test_version_is_one_number_everywhere(cli):
    import importlib.metadata

    from guide import __version__

    r = cli("--version")
    assert (r.code, r.stdout) == (0, f"sbk-guide {__version__} (data {DATA_VERSION})\n")
    assert importlib.metadata.version("sbk-guide") == __version__
    changelog = (Path(__file__).resolve().parents[1] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}] - " in changelog


# ---------------------------------------------------------------- the installed command


def run_installed(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "sbk-guide"
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_installed_command_json(tmp_path, schema):
    p = run_installed(*GOOD, "--format", "json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    jsonschema.validate(json.loads(p.stdout), schema)


@pytest.mark.parametrize("extra, message", [ERRORS[0], ERRORS[4], ERRORS[13]])
def test_installed_command_errors_have_no_traceback(tmp_path, extra, message):
    p = run_installed(*BASE, *extra, cwd=tmp_path)
    assert (p.returncode, p.stderr, p.stdout) == (2, message + "\n", "")


def test_installed_command_broken_yaml(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("card: new\n  region: : :\n", encoding="utf-8")
    p = run_installed("checklist", "--answers", str(f))
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.startswith(f"错误：回答文件 {f} 格式有误（第 2 行）")
