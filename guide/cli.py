"""The console entry point (`sbk-guide = guide.cli:main`); the CLI lives in guide/app/cli.py."""

from .app.cli import main

__all__ = ["main"]
