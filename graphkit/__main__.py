"""``python -m graphkit``: the command line."""

from graphkit.cli import main

main()
