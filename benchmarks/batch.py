"""Batch budgets (issues 6 and 15), as ratios measured in one session:

- 10,000 rows to JSON Lines within 5x the wall time of one `checklist --format json`,
  with a name on every row and the guide's Chinese headers and labels (issue 15);
- 100,000 rows with peak memory under 60 MiB: the largest process's max RSS, and the
  proportional total (PSS) of the command and its helper process (guide/app/halves.py).

    python benchmarks/batch.py [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
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
    """Max RSS of the largest process of the run (the command and its helper), via a fresh
    helper so that earlier children do not count."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PY, "-c", code, *cmd], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def peak_total_pss_mib(cmd: list[str]) -> float | None:
    """The largest proportional set size (PSS: shared pages split between the processes that
    share them) of the command and its helper process together, sampled every 10 ms (Linux)."""
    if not Path("/proc/self/smaps_rollup").exists():
        return None
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        pids = [proc.pid]
        with contextlib.suppress(OSError):
            pids += [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        total = 0.0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) / 1024
            except OSError:
                pass
        peak = max(peak, total)
        time.sleep(0.01)
    return peak


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 5 if args.quick else 9  # a batch run uses both cores: a busy neighbour slows it more than the baseline
    compile_guide()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, big = folder / "10k.csv", folder / "100k.csv"
        roster(small, 10_000)
        roster(big, 100_000)
        batch = [PY, "-m", "guide", "batch", str(small), "--today", "2026-11-23", "--force", "--out"]
        run(ONE)
        one, many = [], []
        for n in range(runs):  # interleaved
            one.append(run(ONE))
            many.append(run(batch + [str(folder / f"out{n}.jsonl")]))
        lines = sum(1 for _ in (folder / "out0.jsonl").open(encoding="utf-8"))
        rss = peak_rss_mib(
            [PY, "-m", "guide", "batch", str(big), "--today", "2026-11-23", "--out", str(folder / "big.jsonl")]
        )
        big_lines = sum(1 for _ in (folder / "big.jsonl").open(encoding="utf-8"))
        again = [PY, "-m", "guide", "batch", str(big), "--today", "2026-11-23", "--force"]
        pss = peak_total_pss_mib([*again, "--out", str(folder / "big.jsonl")])
    o, m = statistics.median(one), statistics.median(many)
    print(
        f"{'batch 10k rows -> jsonl':<28}{m * 1000:>10.0f}ms{o * 1000:>10.0f}ms{m / o:>8.2f}{5:>8.1f}"
        f"   ({lines} lines; baseline = one checklist)"
    )
    budget = f"{'':>12}{'':>8}{'<60MiB':>8}"
    print(f"{'batch 100k rows peak RSS':<28}{rss:>9.1f}MiB{budget}   ({big_lines} lines; largest process)")
    if pss is not None:
        print(f"{'batch 100k rows total PSS':<28}{pss:>9.1f}MiB{budget}   (with its helper, sampled)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
