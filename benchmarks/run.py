"""Measure sbk-guide's costs as ratios against a baseline run in the same session.

    python benchmarks/run.py            # full run
    python benchmarks/run.py --quick    # fewer repetitions (CI prints this as a report)

Start-up: `sbk-guide checklist ... --format json` vs the minimal typer app in
benchmarks/minimal_app.py, and `sbk-guide --help` vs that app's `--help`.
Runs are interleaved (A, B, A, B, ...) and medians compared, so a noisy shared
machine affects both sides alike. Budgets are in the issues (ratio <= 1.3, issue 21; validate <= 1 s wall).
Batch figures are added by benchmarks/batch.py, and the interactive guide's (first question
drawn on a pseudo-terminal vs a bare questionary select, key press redraw) by
benchmarks/interactive.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
SBK = [PY, "-m", "guide"]
CHECKLIST_ARGS = [
    "checklist",
    "--card",
    "new",
    "--region",
    "henan/zhengzhou",
    "--insurance",
    "employee",
    "--need",
    "hospital,bank",
    "--received",
    "2026-05-01",
    "--applicant",
    "self",
    "--pin-changed",
    "no",
    "--today",
    "2026-11-23",
    "--format",
    "json",
]
MINIMAL = [PY, str(HERE / "minimal_app.py")]
MINIMAL_ARGS = [
    "--card",
    "new",
    "--region",
    "henan/zhengzhou",
    "--need",
    "hospital",
    "--need",
    "bank",
    "--format",
    "json",
]


def compile_guide() -> None:
    """Byte-compile guide/ as `pip install` does: an editable checkout run with
    PYTHONDONTWRITEBYTECODE (CI, this workplace) would otherwise compile every module at
    every start (~100 ms), which an installed guide never does, while the baselines'
    modules in site-packages are compiled already. Every benchmark measures the installed case."""
    import compileall

    compileall.compile_dir(str(HERE.parent / "guide"), quiet=1)


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def compare(ours: list[str], base: list[str], runs: int) -> tuple[float, float]:
    wall(ours), wall(base)  # warm the file cache and our data cache
    a, b = [], []
    for _ in range(runs):
        a.append(wall(ours))
        b.append(wall(base))
    return statistics.median(a), statistics.median(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 7 if args.quick else 25
    compile_guide()
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "")
    rows = []
    ours, base = compare(SBK + CHECKLIST_ARGS, MINIMAL + MINIMAL_ARGS, runs)
    rows.append(("checklist --format json", ours, base, 1.3))
    ours, base = compare(SBK + ["--help"], MINIMAL + ["--help"], runs)
    rows.append(("--help", ours, base, 1.3))
    print(f"{'measure':<28}{'sbk-guide':>12}{'baseline':>12}{'ratio':>8}{'budget':>8}")
    for name, o, b, budget in rows:
        print(f"{name:<28}{o * 1000:>10.0f}ms{b * 1000:>10.0f}ms{o / b:>8.2f}{budget:>8.1f}", flush=True)
    checks = [wall(SBK + ["validate"]) for _ in range(3 if args.quick else 7)]
    print(f"{'validate (wall, budget 1 s)':<28}{statistics.median(checks) * 1000:>10.0f}ms", flush=True)
    for extra in (HERE / "batch.py", HERE / "interactive.py"):  # their rows, in the same table
        if extra.exists():
            subprocess.run([PY, str(extra)] + (["--quick"] if args.quick else []), check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
