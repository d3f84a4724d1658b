"""Batch to JSON Lines with a helper process (guide/app/halves.py): the same bytes, messages
and --errors file as one process, whether the helper works, stops early or never starts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch import ROWS, write_csv

from guide.app import halves

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2, reason="needs Linux with two cores"
)

TOTAL = 3 * halves.BLOCK + 17  # rows in roster()
BAD = ["坏行", "new", "火星", "employee", "hospital", "2026-05-01", "self", "", "no", ""]  # unknown region


def roster(tmp_path: Path) -> Path:
    """Three full blocks and a bit, with a failing row in each of the first four blocks (two
    made here, two by the helper) and one in the helper's last, short block."""
    bad = (5, halves.BLOCK + 3, 2 * halves.BLOCK, 3 * halves.BLOCK - 1, 3 * halves.BLOCK + 9)
    rows = [BAD if n in bad else [f"p{n}"] + ROWS[n % 3][1:] for n in range(TOTAL)]
    return write_csv(tmp_path / "big.csv", rows)


def run(cli, tmp_path: Path, src: Path, name: str, jobs: str | None) -> tuple[int, str, bytes, bytes]:
    out, errors = tmp_path / f"{name}.jsonl", tmp_path / f"{name}-failed.csv"
    env = {"SBK_GUIDE_JOBS": jobs} if jobs else None
    r = cli("batch", str(src), "--out", str(out), "--errors", str(errors), "--today", "2026-11-23", env=env)
    failed = errors.read_bytes() if errors.exists() else None
    return r.code, r.stderr.replace(str(errors), "FAILED"), out.read_bytes(), failed


@pytest.fixture
def received(monkeypatch):
    """The records this process got from the helper, and whether it had to carry on alone."""
    monkeypatch.setattr(halves, "MIN_BYTES", 0)
    got: dict[str, object] = {"records": 0, "alone": None}
    records = halves.Split.records

    def spy(self):
        for record in records(self):
            got["records"] += 1
            yield record
        got["alone"] = self.given_up

    monkeypatch.setattr(halves.Split, "records", spy)
    return got


def test_helper_gives_the_same_output_as_one_process(cli, tmp_path, received):
    src = roster(tmp_path)
    alone = run(cli, tmp_path, src, "alone", "1")
    assert received == {"records": 0, "alone": None}  # SBK_GUIDE_JOBS=1: no helper
    together = run(cli, tmp_path, src, "together", None)
    assert received == {"records": TOTAL, "alone": False}  # every row's record came from the helper
    assert together == alone
    code, stderr, out, errors = together
    bad = [7, halves.BLOCK + 5, 2 * halves.BLOCK + 2, 3 * halves.BLOCK + 1, 3 * halves.BLOCK + 11]  # header is row 1
    assert code == 1
    assert [line.split("：")[0] for line in stderr.splitlines()] == [f"第 {n} 行" for n in bad] + [
        "完成",
        "出错的行已写入 FAILED，改好后可以用它重新运行。",
    ]
    assert f"写入 {TOTAL - 5} 份，失败 5 行" in stderr
    numbers = [int(line[len(b'{"row": ') :].split(b",")[0]) for line in out.splitlines()]
    assert numbers == [n for n in range(2, TOTAL + 2) if n not in bad]  # every row, in the roster's order
    assert [line.split(",")[0] for line in errors.decode("utf-8-sig").splitlines()[1:]] == [str(n) for n in bad]


@pytest.mark.parametrize("fault", ["dies", "garbles", "cuts"])
def test_helper_that_stops_is_replaced(cli, tmp_path, received, monkeypatch, fault):
    """After two good blocks the helper dies, sends a record that is not one, or sends half a
    record and dies: this process makes the rest, the same as alone."""
    src = roster(tmp_path)
    alone = run(cli, tmp_path, src, "alone", "1")
    send, sent = halves._send, []

    def twice(out, block):
        if len(sent) == 2:
            if fault == "garbles":
                os.write(out, halves._HEAD.pack(len(block), 9) + b"not a pickle"[:9])
            elif fault == "cuts":
                os.write(out, halves._HEAD.pack(len(block), 10_000) + b"\x80\x05")
            os._exit(3)
        sent.append(block)
        send(out, block)

    monkeypatch.setattr(halves, "_send", twice)
    assert run(cli, tmp_path, src, "together", None) == alone
    assert received == {"records": 2 * halves.BLOCK, "alone": True}


def test_helper_that_cannot_load_the_data_is_replaced(cli, tmp_path, received, monkeypatch):
    src = roster(tmp_path)
    alone = run(cli, tmp_path, src, "alone", "1")
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid == 0:
            monkeypatch.setattr("guide.app.batch.load_dataset", lambda *a: 1 / 0)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    assert run(cli, tmp_path, src, "together", None) == alone
    assert received == {"records": 0, "alone": True}


def test_warnings_of_new_columns_keep_their_place(cli, tmp_path, received):
    """JSON Lines rows may bring new columns; the helper's warnings come in the roster's order."""
    rows = []
    for n in range(3 * halves.BLOCK):
        row = {"id": f"p{n}", "card": "new", "region": "郑州", "insurance": "employee", "needs": "hospital"}
        row |= {"received": "2026-05-01", "applicant": "self", "pin_changed": "no"}
        if n == 100:
            row["备注"] = "新列"
        if n in (99, 150):
            row["region"] = "火星"
        rows.append(json.dumps(row, ensure_ascii=False))
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    alone = run(cli, tmp_path, src, "alone", "1")
    together = run(cli, tmp_path, src, "together", None)
    assert together == alone and received["alone"] is False
    assert [line.split("：")[0] for line in together[1].splitlines()[:3]] == ["第 100 行", "提示", "第 151 行"]
    assert "备注" in together[1].splitlines()[1]


def test_small_roster_needs_no_helper(cli, tmp_path, monkeypatch):
    src = write_csv(tmp_path / "small.csv", [[f"p{n}"] + ROWS[n % 3][1:] for n in range(halves.BLOCK)])
    assert src.stat().st_size < halves.MIN_BYTES
    monkeypatch.setattr(halves.Split, "begin", lambda work, ends_row: pytest.fail("a helper was started"))
    r = cli("batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--today", "2026-11-23")
    assert r.code == 0 and len((tmp_path / "o.jsonl").read_bytes().splitlines()) == halves.BLOCK


def test_no_helper_for_a_pipe_or_when_told(tmp_path, monkeypatch):
    monkeypatch.setattr(halves, "MIN_BYTES", 0)
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    assert not halves.available(fifo)  # a pipe cannot be read twice
    assert halves.available(Path(__file__))
    monkeypatch.setenv("SBK_GUIDE_JOBS", "1")
    assert not halves.available(Path(__file__))
    monkeypatch.delenv("SBK_GUIDE_JOBS")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not halves.available(Path(__file__))


def _helper_of(pid: int, timeout: float = 30.0) -> int:
    """The helper process of a running batch (its only child), once it is there."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.005)
    pytest.fail("no helper process started")


def _batch(src: Path, out: Path, **env: str) -> subprocess.Popen:
    exe = str(Path(sys.executable).parent / "sbk-guide")
    cmd = [exe, "batch", str(src), "--out", str(out), "--today", "2026-11-23"]
    return subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **env},
    )


def test_killed_helper_is_replaced_in_a_real_run(tmp_path):
    """kill -9 of the helper in the middle of a run: the run still writes every line, the same
    bytes as one process."""
    src = write_csv(tmp_path / "big.csv", [[f"p{n}"] + ROWS[n % 3][1:] for n in range(5000)])
    assert halves.available(src)
    alone = _batch(src, tmp_path / "alone.jsonl", SBK_GUIDE_JOBS="1")
    proc = _batch(src, tmp_path / "together.jsonl")
    helper = _helper_of(proc.pid)
    while not list(tmp_path.glob(".*together.jsonl*.tmp")) and proc.poll() is None:
        time.sleep(0.005)  # the run has begun writing
    os.kill(helper, signal.SIGKILL)  # raises if the helper were already gone
    _, err = proc.communicate(timeout=120)
    _, err_alone = alone.communicate(timeout=120)
    assert (
        (proc.returncode, err)
        == (alone.returncode, err_alone)
        == (0, "完成：写入 5000 份，失败 0 行，跳过 0 份（文件已存在）。\n")
    )
    assert (tmp_path / "together.jsonl").read_bytes() == (tmp_path / "alone.jsonl").read_bytes()


def test_stopped_run_leaves_no_helper_behind(tmp_path):
    """SIGTERM to a run with a helper: exit 130, no output file, and the helper is gone too."""
    src = write_csv(tmp_path / "big.csv", [[f"p{n}"] + ROWS[n % 3][1:] for n in range(60000)])
    proc = _batch(src, tmp_path / "o.jsonl")
    helper = _helper_of(proc.pid)
    while not list(tmp_path.glob(".*o.jsonl*.tmp")) and proc.poll() is None:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the machine finished 60,000 rows before the signal")
    assert (proc.returncode, err.strip().splitlines()[-1]) == (130, "已取消。")
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]
    assert not Path(f"/proc/{helper}").exists()  # ended and waited for: not even a zombie


def test_a_warning_and_its_row_travel_together(cli, tmp_path, received, monkeypatch):
    """The helper dies right after a block that ends with a row bringing a new column: the
    warning is shown once, as by one process (a block never splits a row's records)."""
    rows = []
    for n in range(3 * halves.BLOCK):
        row = {"id": f"p{n}", "card": "e-sbk", "region": "郑州", "insurance": "employee", "needs": "hospital"}
        row["applicant"] = "self"
        if n == halves.BLOCK - 1:  # its warning is the block's last record but one
            row["备注"] = "新列"
        rows.append(json.dumps(row, ensure_ascii=False))
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    alone = run(cli, tmp_path, src, "alone", "1")
    send, sent = halves._send, []  # (in the helper: its own copy of the list)

    def once(out, block):
        if sent:
            os._exit(3)
        sent.append(block)
        send(out, block)

    monkeypatch.setattr(halves, "_send", once)
    together = run(cli, tmp_path, src, "together", None)
    assert together == alone and together[1].count("备注") == 1
    assert received == {"records": halves.BLOCK + 1, "alone": True}  # 64 rows' records and the warning
