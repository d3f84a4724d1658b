"""Schema 2 of the contract on the command line: new answers, --name, and schema-1 files still load."""

from __future__ import annotations

import json

from conftest import QUICK

BASE = [*QUICK, "--region", "national", "--format", "json", "--today", "2026-11-23"]


def test_defaults_of_the_new_questions(cli):
    doc = json.loads(cli(*BASE).stdout)
    assert doc["schema"] == "sbk-guide.checklist/3" and "name" not in doc
    assert doc["answers"]["id_document"] == "id-card" and "living_region" not in doc["answers"]
    doc = json.loads(cli(*BASE, "--need", "cross-region").stdout)
    assert doc["answers"]["living_region"] == "national"


def test_id_document_and_living_region_by_label(cli):
    doc = json.loads(cli(*BASE, "--need", "cross-region", "--id-document", "台胞证", "--living-region", "蘇州").stdout)
    assert doc["answers"]["id_document"] == "hk-macao-taiwan" and doc["answers"]["living_region"] == "jiangsu/suzhou"
    r = cli(*BASE, "--id-document", "驾照")
    assert r.code == 2
    assert r.stderr == (
        "错误：--id-document 的值“驾照”无效。可选值：id-card, household-book, hk-macao-taiwan, foreign\n"
    )


def test_name_is_printed_never_decides(cli):
    plain = json.loads(cli(*BASE).stdout)
    named = json.loads(cli(*BASE, "--name", "王阿姨 3号").stdout)
    assert named["name"] == "王阿姨 3号" and list(named)[:2] == ["schema", "name"]
    assert {k: v for k, v in named.items() if k != "name"} == plain
    assert "王阿姨 3号" in cli(*BASE[:-4], "--format", "text", "--name", "王阿姨 3号", "--today", "2026-11-23").stdout


def test_name_too_long_or_with_control_characters(cli):
    r = cli(*BASE, "--name", "张" * 41)
    assert r.code == 2 and r.stdout == ""
    assert r.stderr == f"错误：--name 最多 40 个字，且不能含控制字符或文字方向符，实际是“{'张' * 40}…”。\n"
    r = cli(*BASE, "--name", "a\x07b", "--lang", "en")
    assert r.code == 2
    assert (
        r.stderr
        == "Error: --name must be at most 40 characters with no control or text-direction characters, got 'a\\x07b'.\n"
    )


def test_schema_1_files_still_load(cli, tmp_path):
    old_answers = tmp_path / "old.yaml"
    old_answers.write_text(
        "schema: sbk-guide.answers/1\ndata_version: '2026.11'\ncard: new\nregion: 郑州\ninsurance: employee\n"
        "needs: [hospital]\nreceived: 2026-05-01\napplicant: self\npin_changed: 'no'\nproblems: []\n",
        encoding="utf-8",
    )
    doc = json.loads(
        cli("checklist", "--answers", str(old_answers), "--format", "json", "--today", "2026-11-23").stdout
    )
    assert doc["answers"]["id_document"] == "id-card" and doc["region"]["id"] == "henan/zhengzhou"
    old_json = tmp_path / "old.json"
    old_json.write_text(
        json.dumps({"schema": "sbk-guide.checklist/1", "answers": doc["answers"] | {"id_document": None}})
    )
    again = json.loads(cli("checklist", "--answers", str(old_json), "--format", "json", "--today", "2026-11-23").stdout)
    assert again["sections"] == doc["sections"]


def test_an_unknown_place_in_a_known_province_falls_back_with_a_note(cli):
    r = cli(*QUICK, "--region", "河南省某某县", "--format", "json", "--today", "2026-11-23")
    assert r.code == 0 and json.loads(r.stdout)["region"]["id"] == "henan"
    assert r.stderr == "注意：没有找到“河南省某某县”，已按河南省的资料生成清单。\n"


def test_every_missing_answer_in_one_message(cli):
    """Issue 16: three missing answers are reported together, one line each, exit 2."""
    r = cli("checklist", "--card", "new", "--region", "郑州", "--insurance", "employee", "--need", "hospital")
    assert r.code == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [
        "错误：有 3 处回答需要改正：",
        "  缺少回答：请用 --received 指定领卡日期，例如 --received 2026-05-01（不记得可写 unsure）。",
        "  缺少回答“是谁来办理？”：请用 --applicant 指定。可选值：self, proxy, guardian",
        "  缺少回答“拿到卡后，您改过社保卡的服务密码吗？”：请用 --pin-changed 指定。可选值：yes, no, unsure",
    ]
    r = cli("checklist", "--card", "nwe", "--region", "national", "--lang", "en")
    assert r.code == 2
    lines = r.stderr.splitlines()
    assert lines[0] == "Error: 4 answers need fixing:" and len(lines) == 5
    assert lines[1] == (
        "  --card: 'nwe' is not a valid value; did you mean new? Allowed: new, replacement, legacy, e-sbk, e-medical"
    )


def test_piped_plain_session_gives_the_same_checklist_as_the_flags(tmp_path):
    """Issue 16: numbered mode reads a pipe (a script, a screen reader); ids, labels and numbers alike."""
    import subprocess
    import sys
    from pathlib import Path

    exe = str(Path(sys.executable).parent / "sbk-guide")
    answers = "1\n郑州\n职工医保\n1,bank\n2026-05-01\nself\n居民身份证\n没改过\n\n\n\n"
    r = subprocess.run(
        [exe, "--plain", "--today", "2026-11-23", "--save-answers", str(tmp_path / "a.yaml")],
        input=answers,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 0, r.stdout[-500:] + r.stderr
    assert "（[x] 表示已选，[ ] 表示未选；输入编号或名称，多个用逗号分开）" in r.stdout
    command = r.stdout.strip().splitlines()[-1]
    assert command == (
        "sbk-guide checklist --card new --region henan/zhengzhou --insurance employee --need hospital,bank "
        "--received 2026-05-01 --applicant self --id-document id-card --pin-changed no"
    )
    flags = subprocess.run(
        [exe, *command.split()[1:], "--today", "2026-11-23", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    saved = subprocess.run(
        [exe, "checklist", "--answers", str(tmp_path / "a.yaml"), "--today", "2026-11-23", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(saved) == json.loads(flags)
