"""`python -m guide` runs the command line, like the `sbk-guide` script (and through the same
entry point: Ctrl-C while it loads is answered like any other)."""

from .cli import main

main()
