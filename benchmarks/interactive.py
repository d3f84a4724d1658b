"""The interactive guide's budgets (issue 16), measured on a pseudo-terminal (pexpect):

- start-up: from starting `sbk-guide` to its first question drawn, against a bare questionary
  `select` script (benchmarks/bare_select.py) to its question: ratio <= 1.5;
- redraw: from writing a Down (or Up) arrow at the first question to the screen's update
  (the first byte of the redraw), median of many key presses: < 50 ms.

    python benchmarks/interactive.py [--quick]

A report only (benchmarks/run.py prints it); no test fails on it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from run import PY, compile_guide

HERE = Path(__file__).resolve().parent
QUESTION = "您手里是哪一种卡或凭证"
EXE = Path(PY).parent / "sbk-guide"
GUIDE = [str(EXE)] if EXE.exists() else [PY, "-m", "guide"]
BARE = [PY, str(HERE / "bare_select.py")]
DOWN, UP = "\x1b[B", "\x1b[A"


def spawn(cmd: list[str], home: str) -> object:
    import pexpect

    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "HOME": home, "LANG": "C.UTF-8"}
    child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, 100))
    child.delaybeforesend = None
    return child


def to_first_question(cmd: list[str], home: str) -> float:
    """Seconds from spawning `cmd` to its first question on the screen."""
    start = time.perf_counter()
    child = spawn(cmd, home)
    child.expect(QUESTION)  # type: ignore[attr-defined]
    took = time.perf_counter() - start
    child.terminate(force=True)  # type: ignore[attr-defined]
    return took


def redraws(home: str, presses: int) -> list[float]:
    """Seconds from each arrow key written to the first byte of the redraw."""
    import pexpect

    child = spawn(GUIDE, home)
    child.expect(QUESTION)
    time.sleep(0.3)
    drain(child)
    times = []
    for n in range(presses):
        start = time.perf_counter()
        child.send(DOWN if n % 2 == 0 else UP)
        child.read_nonblocking(size=65536, timeout=5)
        times.append(time.perf_counter() - start)
        time.sleep(0.02)
        drain(child)
    child.terminate(force=True)
    del pexpect
    return times


def drain(child: object) -> None:
    import pexpect

    while True:
        try:
            child.read_nonblocking(size=65536, timeout=0.05)  # type: ignore[attr-defined]
        except pexpect.TIMEOUT:
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    try:
        import pexpect  # noqa: F401  (a test dependency)
    except ImportError:
        print("interactive: pexpect is not installed (pip install -e '.[test]'); not measured")
        return 0
    runs, presses = (7, 30) if args.quick else (21, 100)
    compile_guide()
    with tempfile.TemporaryDirectory() as home:
        os.environ.setdefault("SBK_GUIDE_CACHE", str(Path(home) / "cache"))
        to_first_question(GUIDE, home), to_first_question(BARE, home)  # warm the caches
        ours, bare = [], []
        for _ in range(runs):  # interleaved
            ours.append(to_first_question(GUIDE, home))
            bare.append(to_first_question(BARE, home))
        keys = redraws(home, presses)
    o, b, k = statistics.median(ours), statistics.median(bare), statistics.median(keys)
    print(f"{'first question (pty)':<28}{o * 1000:>10.0f}ms{b * 1000:>10.0f}ms{o / b:>8.2f}{1.5:>8.1f}")
    print(
        f"{'key press redraw (median)':<28}{k * 1000:>10.1f}ms{'':>12}{'':>8}{'<50ms':>8}   "
        f"(max {max(keys) * 1000:.1f} ms over {len(keys)} presses)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
