"""Extraction runs of the commands: the paths read, the tally, the progress bar."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from graphkit.cli.output import echo_err

DEFAULT_CORPUS = Path("data/corpus")


def corpus_paths(paths: tuple[Path, ...]) -> list[Path]:
    """The paths given, or the bundled corpus."""
    if paths:
        return list(paths)
    if not DEFAULT_CORPUS.is_dir():
        raise click.UsageError(
            f"no PATHS given and {DEFAULT_CORPUS} is not here: run from the project folder "
            "or name the files"
        )
    return [DEFAULT_CORPUS]


class Run:
    """The tally of one extraction run, for its summary and exit status."""

    def __init__(self) -> None:
        self.files = 0
        self.read = 0
        self.measures = 0
        self.skipped: list[str] = []
        self.warned: list[str] = []

    def finish(self, strict: bool) -> None:
        """Exit 1 when nothing was extracted, or (``strict``) when anything went wrong."""
        if self.read == 0:
            raise click.ClickException(
                f"nothing extracted: none of {self.files} files could be read"
            )
        if self.measures == 0:
            raise click.ClickException(
                f"nothing extracted: no measures in {self.read} file(s) read"
            )
        if strict and (self.skipped or self.warned):
            raise click.ClickException(
                f"--strict: {len(self.skipped)} file(s) skipped, "
                f"{len(self.warned)} with problems (listed above)"
            )
        if self.warned:
            echo_err(f"{len(self.warned)} file(s) read with problems (listed above)")


def file_size(path: Path) -> int:
    """The size of ``path`` in bytes; 0 when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Bar:
    """Progress on stderr: a tqdm bar on a terminal, nothing in a pipe."""

    def __init__(self, bar: Any, files: int) -> None:
        self.bar = bar
        self.files = files
        self.done = 0

    def advance(self, nbytes: int) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.done}/{self.files} files", refresh=False)
            self.bar.update(nbytes)

    def write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            echo_err(message)


@contextlib.contextmanager
def progress(total_bytes: int, files: int, *, label: str) -> Iterator[_Bar]:
    """A progress bar over ``files`` files of ``total_bytes`` bytes, shown on a terminal.

    The bar counts bytes (so the rate is in MB/s and one large file moves it
    as far as many small ones) and shows the files done; stderr that is not a
    terminal (a pipe, a log file) gets no bar.
    """
    if not sys.stderr.isatty():
        yield _Bar(None, files)
        return
    import shutil

    from tqdm import tqdm

    try:
        width = os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        width = 0
    with tqdm(
        total=total_bytes,
        desc=label,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        file=sys.stderr,
        ncols=width or shutil.get_terminal_size().columns,  # a terminal that gives no size
        leave=False,
    ) as bar:
        yield _Bar(bar, files)


def extract_all(paths: tuple[Path, ...], jobs: int, run: Run | None = None, **options: Any):
    """Extract, reporting unreadable files and problems on stderr; yield the good results.

    ``run`` (a :class:`Run`) keeps the tally for the closing summary; a
    progress bar runs on stderr when it is a terminal.
    """
    from graphkit.errors import InputError
    from graphkit.extraction import extract_paths
    from graphkit.extraction.sources import scan_sources

    run = run if run is not None else Run()
    sources = scan_sources(corpus_paths(paths))
    files = sources.files
    run.skipped.extend(sources.problems)  # listed with the files skipped, at the end
    sizes = [file_size(f) for f in files]
    with progress(sum(sizes), len(files), label="extract") as bar:
        results = extract_paths(files, jobs=jobs, **options)
        for path, size, result in zip(files, sizes, results, strict=True):
            run.files += 1
            if isinstance(result, InputError):
                run.skipped.append(str(result))
                bar.write(f"skipped: {result}")
            else:
                run.read += 1
                run.measures += _count(result.measures)
                if result.problems:
                    run.warned.append(str(path))
                for problem in result.problems:
                    bar.write(f"{path}: {problem}")
                yield result
            bar.advance(size)
    if run.skipped:
        echo_err(f"skipped {len(run.skipped)} of {run.files} files:")
        for message in run.skipped:
            echo_err(f"  {message}")


def _count(measures: Any) -> int:
    """Measures of a result: a list, or their number (a file held a piece at a time)."""
    return measures if isinstance(measures, int) else len(measures)
