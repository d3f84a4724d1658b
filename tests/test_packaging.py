"""The wheel ships the data and works from any directory (non-editable install)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import QUICK

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_data_and_runs_outside_the_checkout(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0 and "No module named hatchling" in built.stderr + built.stdout:
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("sbk_guide-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in (
        "guide/data/items.yaml",
        "guide/data/questions.yaml",
        "guide/data/overlays/henan/zhengzhou.yaml",
        "guide/cli.py",
    ):
        assert name in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "SBK_GUIDE_CACHE": "off"}
    code = "import guide.loading.docs as d, sys; print(d.shipped_data_dir()); from guide.cli import main; main(sys.argv[1:])"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            *QUICK,
            *["--region", "郑州", "--format", "json", "--today", "2026-11-23"],
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    first, _, rest = run.stdout.partition("\n")
    assert Path(first) == target / "guide" / "data"
    assert json.loads(rest)["region"]["id"] == "henan/zhengzhou"


def test_every_command_and_option_is_in_the_readme():
    """A command or option a user cannot find in the README does not exist for them."""
    import typer.main

    from guide.app.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing = []
    for name, command in [("", group), *group.commands.items()]:
        if name and f"sbk-guide {name}" not in readme:
            missing.append(name)
        missing += [f"{name} {o}" for p in command.params for o in p.opts if o.startswith("--") and o not in readme]
    assert missing == []
