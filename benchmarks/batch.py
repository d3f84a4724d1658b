"""Batch budgets (issue 21), as ratios measured in one session, on a realistic roster (a title
row, the guide's Chinese headers and labels, a name on every row, mixed regions and situations):

- 5,000 rows to JSON Lines within 20x the wall time of one `checklist --format json`;
- 5,000 rows to one HTML file per row within 120x;
- 100,000 rows to JSON Lines with peak memory (max RSS) under 60 MiB, and flat in the number
  of rows (20,000 rows shown beside it).

    python benchmarks/batch.py [--quick]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import CHECKLIST_ARGS, PY, SBK, compile_guide  # the same single-checklist run as the start-up benchmark

ONE = SBK + CHECKLIST_ARGS


SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["阿姨", "大爷", "秀英", "建国", "桂兰", "志强", "小明", "丽娟"]


def roster(path: Path, rows: int) -> None:
    """A realistic mix, as a community office writes it: a title row, the guide's Chinese
    headers, Chinese labels as values (also ids), names; cards, regions, needs, dates,
    applicants and problems vary."""
    cards = ["新领的实体社保卡", "replacement", "旧的医保卡、农合本或居民医保就诊卡", "e-sbk", "医保码"]
    regions = ["郑州", "henan/xinxiang", "河南", "gansu", "湖南省长沙市", "guangdong", "national", "beijing", "南京"]
    needs = ["在医院看病、住院结算", "看病、银行功能", "pharmacy", "去外地看病", "family,hospital", "bank"]
    insurance = ["职工医保", "城乡居民医保", "unsure"]
    applicants = [("持卡人本人", ""), ("代办", "能来"), ("proxy", "no"), ("guardian", "")]
    problems = ["", "", "", "卡丢了", "forgot-pin", "name-change"]
    combos = itertools.cycle(itertools.product(cards, regions, needs, insurance, applicants, problems))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["2026年社保卡发放名单"])
        writer.writerow(
            [
                "编号",
                "姓名",
                "卡的类型",
                "参保地",
                "医保类型",
                "用途",
                "领卡日期",
                "办理人",
                "本人能否到场",
                "改过服务密码",
                "遇到的问题",
            ]
        )
        for n in range(rows):
            card, region, need, ins, (applicant, in_person), problem = next(combos)
            day = f"2026-{(n % 10) + 1:02d}-{(n % 28) + 1:02d}"  # all before --today
            name = SURNAMES[n % 10] + GIVEN[n % 8]
            writer.writerow([f"p{n}", name, card, region, ins, need, day, applicant, in_person, "没改过", problem])


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_rss_mib(cmd: list[str]) -> float:
    """Max RSS of the run, via a fresh helper so that earlier children do not count."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PY, "-c", code, *cmd], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    compile_guide()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rosters = {n: folder / f"{n}.csv" for n in (5_000, 20_000, 100_000)}
        for rows, path in rosters.items():
            roster(path, rows)
        batch = [PY, "-m", "guide", "batch", str(rosters[5_000]), "--today", "2026-11-23", "--force", "--out"]
        run(ONE)
        one, jsonl, html = [], [], []
        for n in range(runs):  # interleaved
            one.append(run(ONE))
            jsonl.append(run(batch + [str(folder / f"out{n}.jsonl")]))
            html.append(run(batch + [str(folder / f"html{n}"), "--format", "html"]))
        lines = sum(1 for _ in (folder / "out0.jsonl").open(encoding="utf-8"))
        pages = len(list((folder / "html0").iterdir()))
        rss = {}
        for rows in (20_000, 100_000):
            out = str(folder / f"big{rows}.jsonl")
            big = [PY, "-m", "guide", "batch", str(rosters[rows]), "--today", "2026-11-23", "--out", out]
            rss[rows] = peak_rss_mib(big)
        big_lines = sum(1 for _ in (folder / "big100000.jsonl").open(encoding="utf-8"))
    o = statistics.median(one)
    for name, took, budget, what in (
        ("batch 5k rows -> jsonl", statistics.median(jsonl), 20, f"{lines} lines"),
        ("batch 5k rows -> html files", statistics.median(html), 120, f"{pages} files"),
    ):
        print(f"{name:<28}{took * 1000:>10.0f}ms{o * 1000:>10.0f}ms{took / o:>8.2f}{budget:>8.1f}   ({what})")
    memory = f"{'':>12}{'':>8}{'<60MiB':>8}"
    flat = f"{big_lines} lines; 20k rows: {rss[20_000]:.1f} MiB"
    print(f"{'batch 100k rows peak RSS':<28}{rss[100_000]:>9.1f}MiB{memory}   ({flat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
