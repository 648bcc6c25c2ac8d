"""``python -m graphkit.cli``: the command line."""

from graphkit.cli import main

main()
