"""`python -m guide` runs the command line, like the `sbk-guide` script."""

from .cli import main

main()
