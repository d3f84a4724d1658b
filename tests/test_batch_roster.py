"""Issue 15: a roster as a community office writes it: GB18030, a title row, the guide's
own Chinese headers and labels, a 姓名 column; every problem of a row; files that follow
the umask and no empty output."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

TITLE = ["2026年第三季度社保卡发放名单（幸福社区）"]


def write(path: Path, rows: list[list[str]], encoding: str = "gb18030") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def header_and_rows(data) -> tuple[list[str], list[list[str]]]:
    """Headers and values written exactly as the guide shows them (read from the data)."""
    q = {question.id: question for question in data.questions}

    def label(qid: str, value: str) -> str:
        return next(c.label["zh"] for c in q[qid].choices if c.value == value)

    header = [
        "姓名",
        q["card"].label["zh"],  # 卡的类型
        q["region"].text["zh"],  # the question itself: 您在哪里参保（哪个省、哪个市）？
        q["insurance"].label["zh"],
        q["needs"].label["zh"],
        q["received"].label["zh"],
        q["applicant"].label["zh"],
        q["pin_changed"].label["zh"],
        q["problems"].label["zh"],
    ]
    rows = [
        [
            "王阿姨",
            label("card", "new"),
            "郑州",
            label("insurance", "resident"),
            "、".join([label("needs", "hospital"), label("needs", "bank")]),  # labels that contain 、
            "2026年5月1日",
            label("applicant", "self"),
            label("pin_changed", "no"),
            "",
        ],
        [
            "李大爷",
            label("card", "replacement"),
            "河南省新乡市",
            "职工医保",
            "银行功能",  # a label without its explanation in brackets
            "2026/9/1",
            label("applicant", "proxy"),
            label("pin_changed", "no"),
            label("problems", "lost"),
        ],
    ]
    return header, rows


def test_gb18030_roster_in_the_guides_own_words(cli, tmp_path, data):
    header, rows = header_and_rows(data)
    rows[1].insert(7, "能来")  # 本人能否到场 for the proxy
    header.insert(7, data.question("in_person").label["zh"])
    rows[0].insert(7, "")
    src = write(tmp_path / "名单.csv", [TITLE, [], header, *rows])
    out = tmp_path / "all.jsonl"
    r = cli("batch", str(src), "--out", str(out), "--today", "2026-11-23")
    assert (r.code, r.stderr) == (0, "完成：写入 2 份，失败 0 行，跳过 0 份（文件已存在）。\n")
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(d["row"], d["name"]) for d in docs] == [(4, "王阿姨"), (5, "李大爷")]  # spreadsheet rows
    assert docs[0]["answers"]["needs"] == ["hospital", "bank"]
    assert docs[0]["answers"]["insurance"] == "resident" and docs[1]["answers"]["needs"] == ["bank"]
    assert docs[1]["answers"]["card"] == "replacement" and docs[1]["answers"]["region"] == "henan/xinxiang"

    folder = tmp_path / "sheets"
    r = cli("batch", str(src), "--out", str(folder), "--format", "html", "--today", "2026-11-23")
    assert r.code == 0, r.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["李大爷.html", "王阿姨.html"]  # named after 姓名


def test_roster_name_is_printed_on_each_sheet(cli, tmp_path, data):
    header, rows = header_and_rows(data)
    src = write(tmp_path / "r.csv", [header, rows[0]])
    r = cli("batch", str(src), "--out", str(tmp_path / "s"), "--format", "html", "--today", "2026-11-23")
    assert r.code == 0
    assert "姓名：王阿姨" in (tmp_path / "s" / "王阿姨.html").read_text(encoding="utf-8")


def test_every_problem_of_a_row_is_reported(cli, tmp_path, data):
    header, rows = header_and_rows(data)
    bad = list(rows[0])
    bad[1] = "新卡片"  # not a card type
    bad[3] = "商业保险"  # not an insurance
    bad[5] = "2026-02-30"  # no such day
    src = write(tmp_path / "r.csv", [header, bad], encoding="utf-8")
    errors = tmp_path / "failed.csv"
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--today", "2026-11-23", "--errors", str(errors))
    assert r.code == 1
    first = r.stderr.splitlines()[0]
    assert first.startswith("第 2 行：3 处问题：卡的类型 的值“新卡片”无效")
    assert "医保类型 的值“商业保险”无效" in first and "领卡日期 的日期“2026-02-30”不存在" in first
    assert "职工医保 / 城乡居民医保 / 不清楚" in first  # the choices as the sheet writes them
    assert not (tmp_path / "o.jsonl").exists()  # nothing written: no empty file
    with errors.open(encoding="utf-8-sig", newline="") as handle:
        assert [row["row"] for row in csv.DictReader(handle)] == ["2"]


def test_outputs_follow_the_umask(cli, tmp_path, data):
    header, rows = header_and_rows(data)
    src = write(tmp_path / "r.csv", [header, rows[0]], encoding="utf-8")
    old = os.umask(0o027)
    try:
        r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--today", "2026-11-23")
        r2 = cli("batch", str(src), "--out", str(tmp_path / "d"), "--format", "text", "--today", "2026-11-23")
    finally:
        os.umask(old)
    assert r.code == r2.code == 0
    assert (tmp_path / "o.jsonl").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "d" / "王阿姨.txt").stat().st_mode & 0o777 == 0o640


def test_no_folder_left_when_nothing_is_written(cli, tmp_path):
    header = ["card", "region", "insurance", "needs", "applicant"]
    src = write(tmp_path / "r.csv", [header, ["nope", "atlantis", "employee", "hospital", "self"]], encoding="utf-8")
    r = cli("batch", str(src), "--out", str(tmp_path / "new-folder"), "--format", "html", "--today", "2026-11-23")
    assert r.code == 1 and not (tmp_path / "new-folder").exists()


def test_batch_help_lists_the_columns_with_an_example(cli):
    r = cli("batch", "--help")
    text = " ".join(r.stdout.split())
    assert "可用的列" in text and "卡的类型 (card)" in text and "姓名 (name)" in text
    assert "编号,姓名,卡的类型,参保地,医保类型,用途,领卡日期" in text.replace(" ", "")


def test_questions_lists_headers_and_labels(cli):
    r = cli("questions")
    assert "表格（sbk-guide batch）可用的表头和写法" in r.stdout
    assert "在医院看病、住院结算" in r.stdout and "银行功能" in r.stdout
    doc = json.loads(cli("questions", "--format", "json").stdout)
    needs = next(q for q in doc if q["id"] == "needs")
    assert "用途" in needs["headers"]
    assert "银行功能" in next(v for v in needs["values"] if v["value"] == "bank")["accepted"]
