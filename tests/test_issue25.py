"""Issue 25: nothing lost, nothing crashes (hard inputs, two runs at once), and rough edges.

One test (or a few) per numbered item of the issue; each failed before its fix."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import QUICK

HEADER = ["id", "card", "region", "insurance", "needs", "received", "applicant", "in_person", "pin_changed", "problems"]
GOOD = ["张三", "new", "郑州市", "employee", "hospital、bank", "2026年5月1日", "self", "", "no", ""]
TODAY = ("--today", "2026-11-23")
EXE = str(Path(sys.executable).parent / "sbk-guide")


def row(n: int) -> list[str]:
    return [f"p{n}", *GOOD[1:]]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def summary(written: int, failed: int = 0, skipped: int = 0) -> str:
    return f"完成：写入 {written} 份，失败 {failed} 行，跳过 {skipped} 份（文件已存在）。\n"


def rezip(path: Path, member: str, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite one part of an .xlsx (a zip) with change(bytes) -> bytes."""
    with zipfile.ZipFile(path) as old:
        parts = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in parts:
            new.writestr(info.filename, change(data) if info.filename == member else data)


def roster_xlsx(path: Path, rows: int = 3):  # type: ignore[no-untyped-def]
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append(row(n))
    book.save(path)
    return openpyxl, book


# --- 1. XLSX read by its real rows, the right sheet; no data rows is an error


@pytest.mark.parametrize("declared", ["A1", "A1:K2"])
def test_item01_xlsx_declared_dimension_is_not_trusted(cli, tmp_path, declared):
    src = tmp_path / "r.xlsx"
    roster_xlsx(src, rows=3)
    rezip(
        src,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b'<dimension ref="A1:J4"', f'<dimension ref="{declared}"'.encode()),
    )
    assert f'ref="{declared}"'.encode() in zipfile.ZipFile(src).read("xl/worksheets/sheet1.xml")
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (0, summary(3))
    assert [d["id"] for d in lines(out)] == ["p0", "p1", "p2"]


def test_item01_xlsx_active_visible_sheet_and_instructions_sheet(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "旧名单"
    hidden.append(HEADER)
    hidden.append(["old", *GOOD[1:]])
    hidden.sheet_state = "hidden"
    notes = book.create_sheet("填写说明")
    notes.append(["请按下表填写，每人一行。"])
    notes.append(["日期写成 2026-05-01。"])
    roster = book.create_sheet("名单")
    roster.append(HEADER)
    roster.append(["new1", *GOOD[1:]])
    book.active = 1  # the instructions sheet is the one open
    src = tmp_path / "r.xlsx"
    book.save(src)
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (0, summary(1))
    assert [d["id"] for d in lines(out)] == ["new1"]
    r = cli("batch", str(src), "--out", str(tmp_path / "h.jsonl"), "--sheet", "旧名单", *TODAY)
    assert r.code == 0 and [d["id"] for d in lines(tmp_path / "h.jsonl")] == ["old"]
    r = cli("batch", str(src), "--out", str(tmp_path / "x.jsonl"), "--sheet", "Sheet9", *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：{src} 里没有名为“Sheet9”的工作表。有：旧名单、填写说明、名单\n")


def test_item01_no_data_rows_is_an_error(cli, tmp_path):
    src = write_csv(tmp_path / "r.csv", [])
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：表格 {src} 里没有要处理的行（只有表头，或者是空表）。\n")
    assert not out.exists()
    x = tmp_path / "r.xlsx"
    roster_xlsx(x, rows=0)
    r = cli("batch", str(x), "--out", str(tmp_path / "pages"), *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：表格 {x} 里没有要处理的行（只有表头，或者是空表）。\n")
    assert not (tmp_path / "pages").exists()


# --- 2. Two runs into the same place


def test_item02_live_runs_temp_files_are_kept(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = out / f".sbk-tmp-x.json.{os.getppid()}.abcd.tmp"  # a running process's (the test runner's parent)
    gone = out / f".sbk-tmp-y.json.{dead.pid}.efgh.tmp"
    live.write_text("half", encoding="utf-8")
    gone.write_text("half", encoding="utf-8")
    src = write_csv(tmp_path / "r.csv", [row(1)])
    assert cli("batch", str(src), "--out", str(out), "--format", "json", *TODAY).code == 0
    assert live.exists() and not gone.exists()
    jl = tmp_path / "o.jsonl"
    other = tmp_path / f".sbk-tmp-o.jsonl.{os.getppid()}.ijkl.tmp"
    other.write_text("836 MB of someone else's work", encoding="utf-8")
    assert cli("batch", str(src), "--out", str(jl), *TODAY).code == 0
    assert other.exists()


def test_item02_file_written_meanwhile_by_another_run_is_skipped(tmp_path, monkeypatch):
    from guide.files import fileio

    target = tmp_path / "a.json"
    real = fileio.write_atomic

    def another_run_first(path, data, *, force=False):  # type: ignore[no-untyped-def]
        path.write_bytes(b"the other run's")
        return real(path, data, force=force)

    monkeypatch.setattr(fileio, "write_atomic", another_run_first)
    assert fileio.write_new(target, b"mine") is False
    assert target.read_bytes() == b"the other run's"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_item02_two_identical_runs_into_one_folder(tmp_path):
    src = write_csv(tmp_path / "r.csv", [row(n) for n in range(300)])
    out = tmp_path / "out"
    cmd = [EXE, "batch", str(src), "--out", str(out), "--format", "text", *TODAY]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0], results
    assert len(list(out.iterdir())) == 300
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


# --- 3. Adding fixed rows to earlier results; --out is not the input


def test_item03_append_adds_the_fixed_rows(cli, tmp_path):
    first = write_csv(
        tmp_path / "first.csv",
        [row(1), ["bad", "new", "郑州", "employee", "hospital", "2026-02-30", "self", "", "no", ""]],
    )
    out = tmp_path / "all.jsonl"
    errors = tmp_path / "failed.csv"
    r = cli("batch", str(first), "--out", str(out), "--errors", str(errors), *TODAY)
    assert r.code == 1 and [d["id"] for d in lines(out)] == ["p1"]
    fixed = write_csv(
        tmp_path / "fixed.csv", [["bad", "new", "郑州", "employee", "hospital", "2026-02-03", "self", "", "no", ""]]
    )
    r = cli("batch", str(fixed), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (
        2,
        f"错误：输出文件 {out} 已存在，没有覆盖。要把这次的结果加在后面请加 --append，要覆盖请加 --force。\n",
    )
    r = cli("batch", str(fixed), "--out", str(out), "--append", *TODAY)
    assert (r.code, r.stderr) == (0, summary(1))
    assert [d["id"] for d in lines(out)] == ["p1", "bad"]
    r = cli("batch", str(fixed), "--out", str(tmp_path / "dir"), "--append", *TODAY)
    assert (r.code, r.stderr) == (2, "错误：--append 只能用于 .jsonl 文件（把新结果加在已有结果后面）。\n")


def test_item03_out_is_the_input(cli, tmp_path):
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps(dict(zip(HEADER, row(1), strict=True))) + "\n", encoding="utf-8")
    before = src.read_bytes()
    r = cli("batch", str(src), "--out", str(src), "--force", *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：--out {src} 就是要读的表格本身，请换一个输出文件名。\n")
    assert src.read_bytes() == before


# --- 4. Devices and FIFOs are written into, never replaced; --force keeps permissions


def test_item04_fifo_and_device_are_written_into(cli, tmp_path):
    fifo = tmp_path / "printer"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    r = cli(*QUICK, "--region", "beijing", "--format", "text", "--output", str(fifo), "--force", *TODAY)
    reader.join(timeout=10)
    assert r.code == 0, r.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert "医保" in got[0].decode("utf-8")
    if os.geteuid() == 0:  # a character device like /dev/null (only root may make one)
        null = tmp_path / "null"
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        r = cli(*QUICK, "--region", "beijing", "--format", "text", "--output", str(null), "--force", *TODAY)
        assert r.code == 0 and stat.S_ISCHR(null.stat().st_mode)


def test_item04_force_keeps_the_permissions(cli, tmp_path):
    target = tmp_path / "c.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    r = cli(*QUICK, "--region", "beijing", "--output", str(target), "--force", *TODAY)
    assert r.code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text(encoding="utf-8") != "old"


# --- 5. An impossible unquoted date in YAML


ANSWERS_YAML = "card: new\nregion: beijing\ninsurance: employee\nneeds: hospital\napplicant: self\npin_changed: 'no'\n"


def test_item05_impossible_yaml_date(cli, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS_YAML + "received: 2026-02-30\n", encoding="utf-8")
    r = cli("checklist", "--answers", str(answers), *TODAY)
    assert (r.code, r.stderr) == (2, "错误：--received 的日期“2026-02-30”不存在：2026年2月只有 28 天。\n")
    roster = tmp_path / "r.yaml"
    roster.write_text(
        "- {id: a, card: new, region: beijing, insurance: employee, needs: hospital, applicant: self,"
        " pin_changed: 'no', received: 2026-02-30}\n"
        "- {id: b, card: new, region: beijing, insurance: employee, needs: hospital, applicant: self,"
        " pin_changed: 'no', received: 2026-02-03}\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(roster), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (
        1,
        "第 1 行：received 的日期“2026-02-30”不存在：2026年2月只有 28 天。\n" + summary(1, 1),
    )
    assert [d["answers"]["received"] for d in lines(out)] == ["2026-02-03"]


# --- 6. Deep nesting, broken sheet XML, odd row numbers, endless input


def test_item06_deep_answers_files(cli, tmp_path):
    deep_yaml = tmp_path / "a.yaml"
    deep_yaml.write_text("card: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    r = cli("checklist", "--answers", str(deep_yaml), *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：回答文件 {deep_yaml} 格式有误：括号或缩进套得太多层\n")
    deep_json = tmp_path / "a.json"
    deep_json.write_text('{"card": ' + "[" * 2000 + "]" * 2000 + "}", encoding="utf-8")
    r = cli("checklist", "--answers", str(deep_json), "--lang", "en", *TODAY)
    assert (r.code, r.stderr) == (2, f"Error: Answers file {deep_json} is not valid YAML/JSON: nested too deeply\n")


def test_item06_deep_overlay(cli, tmp_path):
    local = tmp_path / "data" / "overlays"
    local.mkdir(parents=True)
    (local / "henan.yaml").write_text("items: " + "[" * 400 + "]" * 400 + "\n", encoding="utf-8")
    r = cli(*QUICK, "--region", "henan", "--data-dir", str(tmp_path / "data"), *TODAY)
    assert r.code == 2 and r.stderr.startswith(f"错误：数据有误：{local / 'henan.yaml'}") and r.stderr[-1] == "\n"
    assert r.stderr.count("\n") == 1


def test_item06_deep_jsonl_row_and_odd_row_numbers(cli, tmp_path):
    src = tmp_path / "r.jsonl"
    good = {"card": "e-medical", "region": "beijing", "insurance": "employee", "needs": "hospital", "applicant": "self"}
    src.write_text(
        json.dumps(good)
        + "\n"
        + '{"card": '
        + "[" * 5000
        + "]" * 5000
        + "}\n"
        + json.dumps({**good, "行号": "²"})
        + "\n"
        + json.dumps({**good, "行号": "9" * 5000})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (1, "第 2 行：JSON: nested too deeply\n" + summary(3, 1))
    assert [d["row"] for d in lines(out)] == [1, 3, 4]


def test_item06_broken_sheet_xml(cli, tmp_path):
    src = tmp_path / "r.xlsx"
    roster_xlsx(src, rows=3)
    rezip(src, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"</sheetData>", b'<row r="9"><c></sheetData>'))
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), *TODAY)
    assert r.code == 2 and "Traceback" not in r.stderr
    assert r.stderr == f"错误：{src} 不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后再试。\n"


def test_item06_answers_from_dev_zero(cli):
    r = cli("checklist", "--answers", "/dev/zero", *TODAY)
    assert (r.code, r.stderr) == (2, "错误：文件 /dev/zero 太大（超过 1024 KB），没有读取。\n")


# --- 7. Long names, a full disk, a read-only parent


def test_item07_long_chinese_id_fits_a_file_name(cli, tmp_path):
    src = write_csv(tmp_path / "r.csv", [["王" * 300, *GOOD[1:]], ["王" * 300, *GOOD[1:]]])
    out = tmp_path / "out"
    r = cli("batch", str(src), "--out", str(out), "--format", "html", *TODAY)
    assert (r.code, r.stderr) == (0, summary(2))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["王" * 50 + "-2.html", "王" * 50 + ".html"]
    assert all(len(n.encode()) <= 255 for n in names)


def _limited(limit: int):  # type: ignore[no-untyped-def]
    def preexec() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_item07_file_size_limit_mid_write(tmp_path):
    src = write_csv(tmp_path / "r.csv", [row(n) for n in range(300)])
    out = tmp_path / "o.jsonl"
    run = subprocess.run(
        [EXE, "batch", str(src), "--out", str(out), *TODAY],
        capture_output=True,
        text=True,
        preexec_fn=_limited(200_000),
        timeout=120,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"错误：无法写入 {out}：File too large")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]  # no temporary file left
    page = tmp_path / "page.html"
    run = subprocess.run(
        [EXE, *QUICK, "--region", "beijing", "--output", str(page), *TODAY],
        capture_output=True,
        text=True,
        preexec_fn=_limited(1000),
        timeout=120,
    )
    assert (run.returncode, run.stderr) == (1, f"错误：无法写入 {page}：File too large\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


def test_item07_out_under_a_read_only_parent(cli, tmp_path, monkeypatch):
    src = write_csv(tmp_path / "r.csv", [row(1)])
    target = tmp_path / "locked" / "out"
    real = Path.mkdir

    def read_only(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == target or self.parent == target.parent:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)  # root ignores chmod: the error mkdir gives a user
    r = cli("batch", str(src), "--out", str(target), *TODAY)
    assert (r.code, r.stderr) == (1, f"错误：无法写入 {target}：Permission denied\n")


# --- 8. YAML aliases ("billion laughs") are refused, fast

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + chr(ord(c) - 1)] * 9)}]\n" for c in "bcdefghi"
)


def test_item08_aliases_refused_everywhere(cli, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(LAUGHS, encoding="utf-8")
    start = time.monotonic()
    r = cli("checklist", "--answers", str(answers), *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：回答文件 {answers} 格式有误（第 1 行）：不能使用 & 和 * （锚点和别名）\n")
    roster = tmp_path / "r.yaml"
    roster.write_text("- " + LAUGHS.replace("\n", "\n  "), encoding="utf-8")
    r = cli("batch", str(roster), "--out", str(tmp_path / "o.jsonl"), "--lang", "en", *TODAY)
    assert (r.code, r.stderr) == (
        2,
        f"Error: Cannot read {roster} (line 1): anchors and aliases (&, *) are not allowed\n",
    )
    local = tmp_path / "data" / "overlays"
    local.mkdir(parents=True)
    (local / "henan.yaml").write_text(LAUGHS, encoding="utf-8")
    r = cli(*QUICK, "--region", "henan", "--data-dir", str(tmp_path / "data"), *TODAY)
    assert r.code == 2 and r.stderr.startswith(f"错误：数据有误：{local / 'henan.yaml'}:1：")
    assert time.monotonic() - start < 10


# --- 9. XLSX bombs


def _far_cell_xlsx(path: Path) -> None:
    roster_xlsx(path, rows=1)
    rezip(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b'<dimension ref="A1:J2"', b'<dimension ref="A1:XFD1048576"').replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        ),
    )


def test_item09_one_far_cell_is_cheap(tmp_path):
    src = tmp_path / "far.xlsx"
    _far_cell_xlsx(src)
    out = tmp_path / "o.jsonl"
    start = time.monotonic()
    run = subprocess.run(
        [EXE, "batch", str(src), "--out", str(out), *TODAY], capture_output=True, text=True, timeout=60
    )
    assert (run.returncode, run.stderr) == (0, summary(1))
    assert time.monotonic() - start < 20
    assert [d["id"] for d in lines(out)] == ["p0"]


def test_item09_ctrl_c_is_answered_at_once(tmp_path):
    src = tmp_path / "far.xlsx"
    _far_cell_xlsx(src)
    proc = subprocess.Popen(
        [EXE, "batch", str(src), "--out", str(tmp_path / "pages"), "--format", "text", *TODAY],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(0.8)
    proc.send_signal(2)  # SIGINT
    sent = time.monotonic()
    try:
        proc.wait(timeout=5)
    finally:
        proc.kill()
    assert time.monotonic() - sent < 3
    assert proc.returncode in (0, 130) and "Traceback" not in proc.stderr.read()  # type: ignore[union-attr]


class _InterruptedWhileLoading:
    """A stand-in for guide.app.cli whose loading is cut by Ctrl-C."""

    def __getattr__(self, name: str):
        raise KeyboardInterrupt


@pytest.mark.parametrize(("args", "said"), [([], "已取消。"), (["--lang", "en"], "Cancelled.")])
def test_ctrl_c_while_the_tool_loads_is_cancelled_not_a_traceback(monkeypatch, capsys, args, said):
    """CI once sent Ctrl-C before the CLI had been imported (a busy machine): the entry
    point answers it like any other Ctrl-C."""
    from guide import cli as entry

    monkeypatch.setitem(sys.modules, "guide.app.cli", _InterruptedWhileLoading())
    with pytest.raises(SystemExit) as stop:
        entry.main(args)
    assert stop.value.code == 130
    assert capsys.readouterr().err == "\n" + said + "\n"


def test_item09_shared_strings_bomb(cli, tmp_path):
    src = tmp_path / "bomb.xlsx"
    roster_xlsx(src, rows=1)
    with zipfile.ZipFile(src, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * 4_000_000 + b"</sst>")
    assert src.stat().st_size < 1_000_000
    start = time.monotonic()
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：{src} 解压后太大，不像是一份名单，没有读取。请另存为 .csv 后再试。\n")
    assert time.monotonic() - start < 5


# --- 10. A huge field, a huge answer


def test_item10_huge_csv_field_names_its_row(cli, tmp_path):
    src = write_csv(tmp_path / "r.csv", [row(1), row(2), ["p3", "new", "x" * 200_000, *GOOD[3:]]])
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), *TODAY)
    assert (r.code, r.stderr) == (2, f"错误：表格 {src} 第 4 行有一格内容太长（超过 13 万字），请检查这一行。\n")


@pytest.mark.parametrize("char", ["北", "a", "1"])
def test_item10_huge_value_is_cut_in_the_message(cli, char):
    """A pasted page in --region is refused in one line, and at once: names are matched and
    compared by their beginnings only (it took 8 s in Chinese and 88 s in latin letters)."""
    r = cli(*QUICK, "--region", char * 100_000, *TODAY)
    assert r.code == 2 and r.stderr.count("\n") == 1 and len(r.stderr) < 400
    assert f"“{char * 80}…”" in r.stderr


# --- 11. CSV injection in the --errors file


def test_item11_errors_csv_neutralises_formulas(cli, tmp_path):
    bad = ['=HYPERLINK("http://x")', "+1", "-", "@SUM(A1)"]
    src = write_csv(
        tmp_path / "r.csv", [[b, "new", "郑州", "employee", "hospital", "", "self", "", "no", ""] for b in bad]
    )
    errors = tmp_path / "failed.csv"
    r = cli("batch", str(src), "--out", str(tmp_path / "o"), "--errors", str(errors), *TODAY)
    assert r.code == 1
    with errors.open(encoding="utf-8-sig", newline="") as handle:
        ids = [rec["id"] for rec in csv.DictReader(handle)]
    assert ids == ['\'=HYPERLINK("http://x")', "'+1", "'-", "'@SUM(A1)"]
    again = tmp_path / "o2.jsonl"
    fixed = errors.read_text(encoding="utf-8-sig").replace(",,self,", ",2026-05-01,self,")
    errors.write_text(fixed, encoding="utf-8-sig")
    r = cli("batch", str(errors), "--out", str(again), *TODAY)
    assert r.code == 0, r.stderr
    assert [d["id"] for d in lines(again)] == bad  # a re-run reads the cells as they were


# --- 12. Control characters shown escaped; bidi controls refused in names


def test_item12_control_characters_are_escaped(cli, tmp_path):
    r = cli(*QUICK, "--region", "\x1b]0;pwned\x07\x1b[31m北京", *TODAY)
    assert r.code == 2 and "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert "\\x1b]0;pwned\\x07\\x1b[31m北京" in r.stderr
    src = tmp_path / "r.csv"
    write_csv(src, [["a", "new", "郑州", "职工\x1b[2J", *GOOD[4:]]])
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), *TODAY)
    assert r.code == 1 and "\x1b" not in r.stderr and "职工\\x1b[2J" in r.stderr


def test_item12_bidi_controls_refused_in_names(cli, tmp_path):
    r = cli(*QUICK, "--region", "beijing", "--name", "王\u202egnp.exe", *TODAY)
    assert (r.code, r.stderr) == (
        2,
        "错误：--name 最多 40 个字，且不能含控制字符或文字方向符，实际是“王\\u202egnp.exe”。\n",
    )
    src = write_csv(
        tmp_path / "r.csv",
        [["a", "王\u202egnp.exe", *GOOD[1:]], ["b", "李" * 41, *GOOD[1:]], ["c", "王阿姨", *GOOD[1:]]],
        header=["id", "姓名", *HEADER[1:]],
    )
    out = tmp_path / "pages"
    r = cli("batch", str(src), "--out", str(out), "--format", "html", *TODAY)
    assert r.code == 1
    assert r.stderr.splitlines()[:2] == [
        "第 2 行：姓名最多 40 个字，且不能含控制字符或文字方向符，实际是“王\\u202egnp.exe”。",
        f"第 3 行：姓名最多 40 个字，且不能含控制字符或文字方向符，实际是“{'李' * 40}…”。",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["c.html"]
    from guide.app.batch import safe_name

    assert safe_name("a\u202egnp.exe\x85") == "a_gnp.exe_"


# --- 13. PDF: no script runs, nothing is loaded

needs_chromium = pytest.mark.skipif(
    not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome"))
    or not shutil.which("pdftotext"),
    reason="needs Chromium and pdftotext",
)


@needs_chromium
def test_item13_pdf_runs_no_script_and_reads_no_local_file(tmp_path):
    from guide.render.pdf import html_to_pdf

    page = (
        "<!doctype html><html><head><meta charset='utf-8'></head><body><p id=x>STATIC</p>"
        "<script>document.getElementById('x').textContent='SCRIPTRAN'</script>"
        "<iframe src='file:///etc/os-release' width=600 height=300></iframe></body></html>"
    )
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(html_to_pdf(page))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "STATIC" in text and "SCRIPTRAN" not in text and "NAME=" not in text


def test_item13_csp_is_the_first_thing_in_head():
    from guide.render.pdf import with_csp

    assert with_csp("<html><head><title>t</title></head></html>") == (
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; font-src data:\"><title>t</title></head></html>"
    )


# --- 16. PDF: a missing Chinese font is an error; Ctrl-C in a PDF batch stops soon


@needs_chromium
def test_item16_no_cjk_font(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text("<?xml version='1.0'?><fontconfig></fontconfig>\n", encoding="utf-8")
    out = tmp_path / "c.pdf"
    run = subprocess.run(
        [EXE, *QUICK, "--region", "beijing", "--output", str(out), *TODAY],
        capture_output=True,
        text=True,
        env={**os.environ, "FONTCONFIG_FILE": str(conf)},
        timeout=120,
    )
    assert run.returncode == 1 and not out.exists()
    assert run.stderr.startswith(
        "错误：没有找到中文字体，打印出的 PDF 会是一个个方框。请先安装中文字体（例如 Debian/Ubuntu：sudo apt install fonts-noto-cjk"
    )


@needs_chromium
def test_item16_ctrl_c_in_a_pdf_batch(tmp_path):
    rows = [[f"p{n}", *GOOD[1:5], f"2026-05-{1 + n:02d}", *GOOD[6:]] for n in range(28)]  # 28 different pages
    src = write_csv(tmp_path / "r.csv", rows)
    out = tmp_path / "pdfs"
    proc = subprocess.Popen(
        [EXE, "batch", str(src), "--out", str(out), "--format", "pdf", *TODAY],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not (out.exists() and any(out.glob("*.pdf"))):
        time.sleep(0.1)
    time.sleep(0.5)  # into the next page's printing
    os.killpg(proc.pid, 2)  # Ctrl-C reaches the whole group, the browser too
    sent = time.monotonic()
    time.sleep(0.3)
    os.killpg(proc.pid, 2)  # and a second, impatient one
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
    assert time.monotonic() - sent < 10
    assert proc.returncode == 130
    assert err.splitlines()[-1] == "已取消。" and "行：" not in err  # no browser log as a row's error
    for pdf in out.glob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().rstrip().endswith(b"%%EOF")


# --- 14. Interactive rough edges


def _plain(args: list[str], answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, "--plain", *TODAY, *args], input=answers, capture_output=True, text=True, timeout=60, check=False
    )


def test_item14_enter_keeps_the_insured_place(tmp_path):
    run = _plain([], "5\nbeijing\n1\n4\nself\n1\n\n\n\n\n\n")
    assert run.returncode == 0, run.stderr
    assert (
        run.stdout.strip()
        .splitlines()[-1]
        .endswith("--need cross-region --applicant self --id-document id-card --living-region beijing")
    )


def test_item14_numbered_lists_take_a_typed_place_and_explain_the_marks(data):
    import datetime as dt
    import io

    from guide.app.flow import Guide
    from guide.app.prompts import NumberedPrompter

    out = io.StringIO()
    p = NumberedPrompter("zh", stdin=io.StringIO("5\n郑州\n1\n1\nself\n1\n\n\n"), stdout=out)  # a terminal's typing
    answers = Guide(data, p, lang="zh", today=dt.date(2026, 11, 23)).run({})
    assert answers["region"] == "henan/zhengzhou"
    shown = out.getvalue().splitlines()
    assert "（带 * 的地区有本地资料；也可以直接输入地名，如 郑州）" in shown
    asked = [n for n, line in enumerate(shown) if line.startswith("您在哪里参保")]
    assert len(asked) == 2 and asked[1] - asked[0] > 30  # asked again below the long list


def test_item14_save_answers_folder_checked_first(tmp_path):
    run = _plain(["--save-answers", str(tmp_path / "nodir" / "a.yaml")], "5\n")
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == f"错误：无法写入 {tmp_path / 'nodir' / 'a.yaml'}：文件夹 {tmp_path / 'nodir'} 不存在。\n"


# --- 15. Piped answers that end early or do not fit: exit 2 naming the question


def test_item15_piped_answers_end_early_or_do_not_fit():
    run = _plain([], "5\nbeijing\n1\n")
    assert (run.returncode, run.stderr) == (
        2,
        "错误：输入的回答在“您想用它来做什么？（可多选）”之前就用完了，请补上这一题的回答。\n",
    )
    run = _plain(["--lang", "en"], "5\nbeijing\n9\n")
    assert run.returncode == 2
    assert run.stderr.startswith("Error: The answer '9' does not fit the question ")
    assert "已取消" not in run.stderr and "Cancelled" not in run.stderr


# --- 19. --encoding: refused where the file must be UTF-8; batch has it for receipts


def test_item19_encoding_only_for_plain_text(cli, tmp_path):
    for fmt in ("html", "json"):
        out = tmp_path / f"c.{fmt}"
        r = cli(*QUICK, "--region", "beijing", "--format", fmt, "--encoding", "gb18030", "--output", str(out), *TODAY)
        assert (r.code, r.stderr) == (
            2,
            f"错误：--encoding gb18030 只能用于 text、chat 和 markdown；{fmt} 文件总是 UTF-8（小票打印机：--format escpos）。\n",
        )
        assert not out.exists()
    src = write_csv(tmp_path / "r.csv", [row(1)])
    r = cli("batch", str(src), "--out", str(tmp_path / "slips"), "--format", "text", "--encoding", "gb18030", *TODAY)
    assert (r.code, r.stderr) == (0, summary(1))
    slip = (tmp_path / "slips" / "p1.txt").read_bytes()
    assert slip.decode("gb18030").startswith("社保卡") and not slip.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        slip.decode("utf-8")


# --- 20. batch --out with a file suffix; batch --help


def test_item20_out_with_a_file_suffix_is_an_error(cli, tmp_path):
    src = write_csv(tmp_path / "r.csv", [row(1)])
    for name in ("out.csv", "out.json", "out.xlsx"):
        out = tmp_path / name
        r = cli("batch", str(src), "--out", str(out), *TODAY)
        assert r.code == 2 and not out.exists()
        assert r.stderr == (
            f"错误：--out {out} 不是文件夹，也不是 .jsonl 文件。每人一个文件请写文件夹名（如 --out 清单），"
            "全部放在一个文件里请用 .jsonl。\n"
        )


def test_item20_batch_help_lists_only_batch_formats(cli):
    r = cli("batch", "--help", "--lang", "en")
    assert r.code == 0
    options = r.stdout.split("Options:")[1].split("Columns")[0]
    assert "rich" not in options and "--output" not in options
    assert "json (default), markdown, text, chat" in " ".join(options.split())


# --- 23. A GBK roster whose first 64 KB is ASCII


def test_item23_gbk_after_64kb_of_ascii(cli, tmp_path):
    rows = [[f"p{n}", "e-medical", "beijing", "employee", "hospital", "", "self", "", "", ""] for n in range(2000)]
    rows.append(["王五", "e-medical", "北京", "职工医保", "看病", "", "本人", "", "", ""])
    src = write_csv(tmp_path / "r.csv", rows, encoding="gbk")
    assert src.read_bytes()[: 64 * 1024].isascii()
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (0, summary(2001))
    assert lines(out)[-1]["id"] == "王五"


# --- 17. Batch messages in the sheet's words


ZH_HEADER = ["编号", "卡的类型", "参保地", "医保类型", "用途", "办理人", "领卡日期"]


def test_item17_missing_column_said_once(cli, tmp_path):
    rows = [["A", "new", "beijing", "职工医保", "看病", "本人", "2026-05-01"]] * 3
    src = write_csv(tmp_path / "r.csv", rows, header=ZH_HEADER)
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(out), *TODAY)
    assert (r.code, r.stderr) == (2, "错误：表格缺少“改过服务密码”列，请加上这一列再运行。\n")
    assert not out.exists()


def test_item17_blank_cell_names_the_column_and_known_columns_in_order(cli, tmp_path):
    header = [*ZH_HEADER, "改过服务密码", "备用"]
    src = write_csv(
        tmp_path / "r.csv", [["A", "new", "beijing", "", "看病", "本人", "2026-05-01", "", "x"]], header=header
    )
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), *TODAY)
    err = r.stderr.splitlines()
    assert r.code == 1 and "--" not in r.stderr
    assert err[0] == (
        "提示：忽略未知的列：备用（可用的列：编号、姓名、备注、卡的类型、参保地、医保类型、用途、领卡日期、办理人、"
        "本人能否到场、证件、现在住在哪里、改过服务密码、遇到的问题）"
    )
    assert err[1].startswith("第 2 行：2 处问题：缺少回答“您参加的是哪种医保？”：请在 医保类型 列填写。")
    assert "。；" not in err[1] and err[1].endswith("。") and "请在 改过服务密码 列填写" in err[1]


def test_item17_totals_row_is_not_a_person(cli, tmp_path):
    rows = [["A", "e-medical", "beijing", "职工医保", "看病", "本人", ""], ["合计", "1", "", "", "", "", ""]]
    src = write_csv(tmp_path / "r.csv", rows, header=ZH_HEADER)
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), *TODAY)
    assert (r.code, r.stderr) == (0, summary(1))


# --- 18. Separators people type, the same on the command line and in a roster


@pytest.mark.parametrize(
    "typed", ["看病+银行", "看病/银行", "看病 银行", "看病＋银行功能", "在医院看病、住院结算,银行"]
)
def test_item18_separators_on_the_command_line(cli, typed):
    r = cli("checklist", "--card", "e-medical", "--region", "beijing", "--insurance", "employee", "--applicant", "self",
            "--need", typed, "--format", "json", *TODAY)  # fmt: skip
    assert r.code == 0, r.stderr
    assert json.loads(r.stdout)["answers"]["needs"] == ["hospital", "bank"]


def test_item18_full_label_alone_and_in_a_roster(cli, tmp_path):
    r = cli(
        *QUICK[:-4],
        "--region",
        "beijing",
        "--need",
        "在医院看病、住院结算",
        "--applicant",
        "self",
        "--format",
        "json",
        *TODAY,
    )
    assert r.code == 0 and json.loads(r.stdout)["answers"]["needs"] == ["hospital"]
    rows = [[f"p{n}", "e-medical", "beijing", "employee", typed, "", "self", "", "", ""] for n, typed in
            enumerate(["看病+银行", "看病/银行", "看病 银行"])]  # fmt: skip
    src = write_csv(tmp_path / "r.csv", rows)
    out = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(out), *TODAY)
    assert r.code == 0 and [d["answers"]["needs"] for d in lines(out)] == [["hospital", "bank"]] * 3


def test_item18_the_error_says_which_separators_work(cli):
    r = cli(*QUICK[:-4], "--region", "beijing", "--need", "看病*银行", "--applicant", "self", *TODAY)
    assert r.code == 2
    assert r.stderr.rstrip().endswith("（多个用逗号、顿号、加号、斜杠或空格分开）")


# --- 22. Suggestions


@pytest.mark.parametrize(("typed", "meant"), [("--regoin", "--region"), ("--recieved", "--received")])
def test_item22_mistyped_option_suggests_the_nearest(cli, typed, meant):
    r = cli("checklist", typed, "x", *TODAY)
    assert (r.code, r.stderr) == (
        2,
        f"错误：没有这个选项：{typed}（您是不是想输入 {meant}？）。运行 sbk-guide checklist --help 查看用法。\n",
    )


def test_item22_chinese_typo_with_a_second_reading_gets_a_suggestion(cli):
    r = cli(*QUICK, "--region", "宜长", *TODAY)
    assert (r.code, r.stderr) == (2, "错误：--region 的地区“宜长”无法识别，您是不是想输入 湖北省宜昌市？\n")


def test_item22_chaoyang_is_asked_about(cli, tmp_path):
    r = cli(*QUICK, "--region", "朝阳", *TODAY)
    assert (r.code, r.stderr) == (
        2,
        "错误：--region 的“朝阳”可能是辽宁省朝阳市，也可能是北京市朝阳区。请写清楚：辽宁省朝阳市，还是“北京市”？\n",
    )
    r = cli(*QUICK, "--region", "辽宁省朝阳市", "--format", "json", *TODAY)
    assert r.code == 0 and json.loads(r.stdout)["region"]["id"] == "liaoning/chaoyang"


# --- 21. Names


@pytest.mark.parametrize("fmt", ["markdown", "rich"])
def test_item21_rich_and_markdown_show_the_name(cli, fmt):
    r = cli(*QUICK, "--region", "beijing", "--name", "王阿姨", "--format", fmt, *TODAY)
    assert r.code == 0
    head = r.stdout.splitlines()[:4]
    # markdown: the name in bold under the title (the plan layout); rich: in the box on top
    assert "**姓名：王阿姨**" in head if fmt == "markdown" else any("姓名" in ln and "王阿姨" in ln for ln in head)


def test_item21_a_json_checklist_fed_back_keeps_its_name(cli):
    doc = cli(*QUICK, "--region", "beijing", "--name", "王阿姨", "--format", "json", *TODAY).stdout
    r = cli("checklist", "--answers", "-", "--format", "json", *TODAY, input=doc)
    assert r.code == 0 and json.loads(r.stdout)["name"] == "王阿姨"


def test_item21_interactive_guide_puts_a_name_on_what_it_saves(tmp_path):
    saved = tmp_path / "a.yaml"
    run = _plain(["--name", "王阿姨", "--save-answers", str(saved)], "5\nbeijing\n1\n1\nself\n1\n\n\n\n")
    assert run.returncode == 0, run.stderr
    assert "姓名：王阿姨" in run.stdout
    assert "name: 王阿姨" in saved.read_text(encoding="utf-8").splitlines()
    again = subprocess.run([EXE, "checklist", "--answers", str(saved), "--format", "json", *TODAY],
                           capture_output=True, text=True, check=True)  # fmt: skip
    assert json.loads(again.stdout)["name"] == "王阿姨"


def test_item21_file_names_from_number_and_name_and_in_chinese(cli, tmp_path):
    header = ["序号", "姓名", *HEADER[1:]]
    rows = [["1", "王阿姨", *GOOD[1:]], ["10", "李叔", *GOOD[1:]], ["", "", *GOOD[1:]]]
    src = write_csv(tmp_path / "r.csv", rows, header=header)
    out = tmp_path / "pages"
    r = cli("batch", str(src), "--out", str(out), "--format", "html", *TODAY)
    assert (r.code, r.stderr) == (0, summary(3))
    assert sorted(p.name for p in out.iterdir()) == ["1-王阿姨.html", "10-李叔.html", "第00004行.html"]


@pytest.mark.parametrize("header", ["备注", "备注信息", "Remark", "remarks", "note"])
def test_item21_a_remark_column_is_printed_for_staff_not_in_chat_or_json(cli, tmp_path, header):
    """A roster's 备注 is carried into what staff print (the staff block of the A4 page, the text,
    the receipt, markdown), escaped; not into the chat text (it goes to a family member) nor JSON."""
    src = write_csv(
        tmp_path / "r.csv",
        [["a", "行动不便<b>请优先</b>", *GOOD[1:]], ["b", "", *GOOD[1:]]],
        header=["编号", header, *HEADER[1:]],
    )
    out = {}
    for fmt in ("html", "text", "markdown", "chat"):
        out[fmt] = tmp_path / fmt
        r = cli("batch", str(src), "--out", str(out[fmt]), "--format", fmt, *TODAY)
        assert (r.code, r.stderr) == (0, summary(2))  # no warning: the column is known
    html = (out["html"] / "a.html").read_text(encoding="utf-8")
    staff = html.split('<section class="staff">')[1]
    assert '<p class="remark">备注：行动不便&lt;b&gt;请优先&lt;/b&gt;</p>' in staff
    text = (out["text"] / "a.txt").read_text(encoding="utf-8")
    assert "备注：行动不便<b>请优先</b>" in text.split("供工作人员核对")[1]
    md = (out["markdown"] / "a.md").read_text(encoding="utf-8")
    assert "\n- 备注：行动不便\\<b\\>请优先\\</b\\>\n" in md
    assert "行动不便" not in (out["chat"] / "a.chat.txt").read_text(encoding="utf-8")
    assert all(
        "备注" not in (out[f] / name).read_text(encoding="utf-8") for f, name in (("html", "b.html"), ("text", "b.txt"))
    )
    receipt = tmp_path / "receipt"
    r = cli("batch", str(src), "--out", str(receipt), "--format", "text", "--width", "32", *TODAY)
    assert r.code == 0
    assert (receipt / "a.txt").read_text(encoding="utf-8").endswith("\n" + "-" * 32 + "\n备注：行动不便<b>请优先</b>\n")
    jsonl = tmp_path / "o.jsonl"
    r = cli("batch", str(src), "--out", str(jsonl), *TODAY)
    assert (r.code, r.stderr) == (0, summary(2))
    assert "行动不便" not in jsonl.read_text(encoding="utf-8") and "remark" not in jsonl.read_text(encoding="utf-8")


def test_item21_a_remark_is_bounded_and_refuses_control_characters(cli, tmp_path):
    src = write_csv(
        tmp_path / "r.csv",
        [["a", "红\x1b[31m", *GOOD[1:]], ["b", "长" * 101, *GOOD[1:]], ["c", "长" * 100, *GOOD[1:]]],
        header=["id", "备注", *HEADER[1:]],
    )
    out = tmp_path / "pages"
    r = cli("batch", str(src), "--out", str(out), "--format", "html", *TODAY)
    assert r.code == 1
    assert r.stderr.splitlines() == [
        "第 2 行：备注最多 100 个字，且不能含控制字符或文字方向符，实际是“红\\x1b[31m”。",
        f"第 3 行：备注最多 100 个字，且不能含控制字符或文字方向符，实际是“{'长' * 80}…”。",  # messages quote 80
        summary(1, 2).strip(),
    ]
    assert sorted(p.name for p in out.iterdir()) == ["c.html"]


# --- 24. README, validate on a copy of data/, tables at 80 columns, the cache


def test_item24_readme_says_venv_terminal_and_pdf_needs():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start")[1].split("## Using it")[0]
    assert "python3 -m venv .venv && . .venv/bin/activate" in quick
    assert "needs a terminal" in quick and "sbk-guide --plain" in quick
    assert "Chinese font" in quick and "fonts-noto-cjk" in quick
    assert "--encoding gb18030 --output" in readme  # the receipt example no longer writes GB18030 to the screen


def test_item24_validate_a_copy_of_the_data(cli, tmp_path):
    shipped = Path(__file__).resolve().parent.parent / "data"
    copy = tmp_path / "data"
    shutil.copytree(shipped, copy)
    r = cli("validate", "--data-dir", str(copy))
    assert (r.code, r.stderr) == (0, "")
    assert r.stdout.splitlines()[-1].startswith("数据没有问题：")  # after the list of unconfirmed items
    (copy / "questions.yaml").write_text((shipped / "questions.yaml").read_text(encoding="utf-8") + "\n# changed\n")
    r = cli("validate", "--data-dir", str(copy))
    assert r.code != 0 and "本地数据不能改写问题和分组" in r.stdout + r.stderr


@pytest.mark.parametrize("command", ["questions", "regions"])
def test_item24_listings_fit_80_columns(command):
    pexpect = pytest.importorskip("pexpect")
    from guide.render.wrap import width

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    child = pexpect.spawn(EXE, [command], dimensions=(30, 80), encoding="utf-8", env={**env, "TERM": "dumb"})
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    out = child.before.replace("\r\n", "\n")
    assert child.exitstatus == 0 and out.count("\n") > 20
    assert max(width(line) for line in out.splitlines()) <= 80
    if command == "regions":
        assert "henan/zhengzhou\n  名称: 河南省郑州市\n" in out


def test_item24_yaml_syntax_errors_in_chinese(cli, tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text("card: new\n  region: beijing\n", encoding="utf-8")
    r = cli("checklist", "--answers", str(bad), *TODAY)
    assert r.code == 2 and r.stderr.startswith(f"错误：回答文件 {bad} 格式有误（第 2 行）：")
    assert not any(w in r.stderr for w in ("mapping", "expected", "found"))


def test_item24_data_cache_is_pruned(tmp_path, monkeypatch):
    from guide.loading import loader

    monkeypatch.setenv("SBK_GUIDE_CACHE", str(tmp_path / "cache"))
    local = tmp_path / "local" / "overlays"
    local.mkdir(parents=True)
    henan = (Path(__file__).resolve().parent.parent / "data" / "overlays" / "henan.yaml").read_text(encoding="utf-8")
    for n in range(8):  # eight edits of a local data folder
        (local / "henan.yaml").write_text(f"{henan}\n# edit {n}\n", encoding="utf-8")
        os.utime(local / "henan.yaml", ns=(n * 10**9, n * 10**9))
        loader.load_dataset(str(tmp_path / "local"))
    assert len(list((tmp_path / "cache").glob("data-*.marshal"))) <= loader.CACHE_KEEP


def test_item14_ctrl_c_at_the_review_offers_to_save(tmp_path, monkeypatch):
    import io

    from guide.app.interactive import run_interactive
    from guide.app.prompts import NumberedPrompter
    from guide.messages import msg

    class CtrlCAtReview(NumberedPrompter):
        def select(self, message, choices, **options):  # type: ignore[no-untyped-def]
            if message == msg("review_question", "zh"):
                raise KeyboardInterrupt
            return super().select(message, choices, **options)

    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    answers = "5\nbeijing\n1\n1\nself\n1\n\n"  # the questions; then Ctrl-C at the review
    menu = "3\n\n1\n"  # save the answers, under the suggested name; done
    p = CtrlCAtReview("zh", stdin=io.StringIO(answers + menu), stdout=out)
    with pytest.raises(KeyboardInterrupt):
        run_interactive(
            lang="zh", data_dir=None, answers_file=None, save_answers=None, today="2026-11-23",
            plain=True, force=False, prompter=p,
        )  # fmt: skip
    assert "已中断。要先保存这些回答或清单吗？" in out.getvalue()
    saved = list(tmp_path.glob("*.yaml"))
    assert len(saved) == 1 and "card: e-medical" in saved[0].read_text(encoding="utf-8")
