"""Batch budgets (issue 6), as ratios measured in one session:

- 10,000 rows to JSON Lines within 10x the wall time of one `checklist --format json`;
- 100,000 rows with peak memory (max RSS of the process) under 100 MiB.

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

from run import CHECKLIST_ARGS, PY, SBK  # the same single-checklist run as the start-up benchmark

ONE = SBK + CHECKLIST_ARGS


def roster(path: Path, rows: int) -> None:
    """A realistic mix: cards, regions (Chinese names too), needs, dates, applicants, problems."""
    cards = ["new", "replacement", "legacy", "e-sbk", "e-medical"]
    regions = ["郑州", "henan/xinxiang", "河南", "gansu", "湖南省长沙市", "guangdong", "national", "beijing", "南京"]
    needs = ["hospital", "hospital,bank", "pharmacy", "cross-region", "family,hospital", "bank"]
    insurance = ["employee", "resident", "unsure"]
    applicants = [("self", ""), ("proxy", "yes"), ("proxy", "no"), ("guardian", "")]
    problems = ["", "", "", "lost", "forgot-pin", "name-change"]
    combos = itertools.cycle(itertools.product(cards, regions, needs, insurance, applicants, problems))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id",
                "card",
                "region",
                "insurance",
                "needs",
                "received",
                "applicant",
                "in_person",
                "pin_changed",
                "problems",
            ]
        )
        for n in range(rows):
            card, region, need, ins, (applicant, in_person), problem = next(combos)
            day = f"2026-{(n % 10) + 1:02d}-{(n % 28) + 1:02d}"  # all before --today
            writer.writerow([f"p{n}", card, region, ins, need, day, applicant, in_person, "no", problem])


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_rss_mib(cmd: list[str]) -> float:
    """Max RSS of one child process, via a fresh helper so earlier children do not count."""
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
    o, m = statistics.median(one), statistics.median(many)
    print(
        f"{'batch 10k rows -> jsonl':<28}{m * 1000:>10.0f}ms{o * 1000:>10.0f}ms{m / o:>8.2f}{10:>8.1f}"
        f"   ({lines} lines; baseline = one checklist)"
    )
    print(f"{'batch 100k rows peak RSS':<28}{rss:>9.1f}MiB{'':>12}{'':>8}{'<100MiB':>8}   ({big_lines} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
