"""`python -m guide` runs the command line, like the `sbk-guide` script."""

from .app.cli import main

main()
