#!/usr/bin/env python3
"""Write the help of ``graphkit`` and of every command to a folder, one file each.

Each file holds the exit status, stdout and stderr of one real process:
``graphkit [COMMAND] --help`` and ``-h`` at 80 and 200 columns, ``--version``
and a few usage errors. Dump two trees and compare the folders with
``diff -r`` to see that a change to the command line leaves what users read
as it was::

    python tools/help_dump.py /tmp/help-before --pythonpath /path/to/old/tree
    python tools/help_dump.py /tmp/help-after
    diff -r /tmp/help-before /tmp/help-after

``--pythonpath`` puts another tree's ``graphkit`` first; the processes run in
the output folder's parent, so the tree of the current folder is not picked up
by accident. Standard library only (it runs the interpreter it is run with).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

#: Prints the command paths of the group, as JSON: [[], ["build"], ["query"], ...].
WALK = r"""
import json
import click
from graphkit.cli import cli
def walk(cmd, path):
    yield path
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):
            yield from walk(cmd.get_command(ctx, name), [*path, name])
print(json.dumps(list(walk(cli, []))))
"""

#: Runs that stop at a usage error or a message, before any work is done.
ERRORS = (["--version"], [], ["nosuch"], ["view"], ["extract", "--jobs", "0"],
          ["query", "ASK {}", "-f", "x"], ["network", "-o", "x.txt"])


def run(args: list[str], env: dict[str, str], cwd: Path) -> bytes:
    """Exit status, stdout and stderr of ``python -m graphkit ARGS``."""
    done = subprocess.run([sys.executable, "-m", "graphkit", *args], capture_output=True,
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)
    return b"rc=%d\n%s\n--stderr--\n%s" % (done.returncode, done.stdout, done.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="Where to write the files.")
    parser.add_argument("--pythonpath", help="Put this tree's graphkit first.")
    args = parser.parse_args()
    out = args.folder.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = str(Path(args.pythonpath).resolve())
    cwd = out.parent
    walked = subprocess.run([sys.executable, "-c", WALK], env=env, cwd=cwd, check=True,
                            capture_output=True, text=True)
    paths = json.loads(walked.stdout)
    (out / "commands.json").write_text(walked.stdout, encoding="utf-8")
    for width in ("80", "200"):
        for path in paths:
            for flag in ("--help", "-h"):
                name = "_".join(["graphkit", *path, flag, width])
                (out / name).write_bytes(run([*path, flag], {**env, "COLUMNS": width}, cwd))
    for args_ in ERRORS:
        name = "_".join(["run", *args_]).replace("/", "_")
        (out / name).write_bytes(run(args_, {**env, "COLUMNS": "80"}, cwd))
    print(f"{len(paths) - 1} commands; {len(list(out.iterdir()))} files in {out}")


if __name__ == "__main__":
    main()
