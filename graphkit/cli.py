"""The ``graphkit`` command line: a thin layer over the library.

Each command parses its options, calls the library and turns
:class:`graphkit.errors.GraphkitError` into a clear message and exit status.
This is the only module that imports click.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit import __version__
from graphkit.errors import GraphkitError

DEFAULT_CORPUS = Path("data/corpus")
DEFAULT_STORE = Path(".graphkit/store")


def default_store() -> Path:
    """The store directory: ``$GRAPHKIT_STORE`` or ``.graphkit/store``."""
    return Path(os.environ.get("GRAPHKIT_STORE", DEFAULT_STORE))


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--store DIR``, shared by every command that reads or writes the graph."""
    return click.option(
        "--store",
        "store",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_store,
        show_default="$GRAPHKIT_STORE or .graphkit/store",
        help="Store directory.",
    )(f)


def paths_argument(f: Callable[..., Any]) -> Callable[..., Any]:
    """``[PATHS]...``: files or directories; the bundled corpus when none."""
    return click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))(f)


def library_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into ``click.ClickException`` (message, exit 1)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except GraphkitError as e:
            raise click.ClickException(str(e)) from e

    return wrapper


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


def echo_err(message: str) -> None:
    """A line on stderr."""
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def cli() -> None:
    """graphkit: Chinese policy documents to a knowledge graph of agencies,
    measures and regions."""


def _extract_all(paths: tuple[Path, ...], jobs: int):
    """Extract, reporting unreadable files on stderr; yield the good results."""
    from graphkit.errors import InputError
    from graphkit.extraction import extract_paths

    skipped = 0
    for result in extract_paths(corpus_paths(paths), jobs=jobs):
        if isinstance(result, InputError):
            skipped += 1
            echo_err(f"skipped: {result}")
            continue
        yield result
    if skipped:
        echo_err(f"{skipped} file(s) skipped")


@cli.command()
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "records"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per measure (the scored export); records: documents and "
    "measures as full records.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Extract files in this many processes.",
)
@library_errors
def extract(paths: tuple[Path, ...], fmt: str, output: Path | None, jobs: int) -> None:
    """Extract documents, measures and assignments from policy texts.

    PATHS are files or directories (default: data/corpus). A summary goes to
    stderr.

    \b
    Example:
      graphkit extract --format jsonl -o measures.jsonl
      graphkit extract data/corpus/002_a353d1155dfef9ed.txt | head -1
    """
    import json
    import time

    from graphkit.records import write_jsonl

    started = time.perf_counter()
    out = click.open_file(str(output) if output else "-", "w", encoding="utf-8")
    totals = {"documents": 0, "measures": 0, "assignments": 0}
    agencies: set[str] = set()
    regions: set[str] = set()
    with out:
        for ex in _extract_all(paths, jobs):
            totals["documents"] += len(ex.documents)
            totals["measures"] += len(ex.measures)
            totals["assignments"] += ex.assignments
            agencies.update(ex.agencies)
            regions.update(ex.regions)
            for p in ex.problems:
                echo_err(f"{ex.source}: {p}")
            if fmt == "records":
                write_jsonl([*ex.documents, *ex.measures], out)
            else:
                for row in ex.rows():
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    echo_err(
        f"{totals['documents']} documents, {totals['measures']} measures, "
        f"{totals['assignments']} assignments, {len(agencies)} agencies, "
        f"{len(regions)} regions in {elapsed:.2f} s"
    )


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@paths_argument
@click.option(
    "--system",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score this export instead of extracting PATHS.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--show-errors", type=int, default=0, metavar="N", help="List the first N misses.")
@library_errors
def evaluate(
    gold: Path, paths: tuple[Path, ...], system: Path | None, as_json: bool, show_errors: int
) -> None:
    """Score extraction against a gold file of annotated measures.

    The gold format is JSON Lines, one measure per line with source, line,
    text_start, agencies [{role, mention, agency}], deadline and targets.
    PATHS are extracted (default: data/corpus) unless --system names an
    existing export.

    \b
    Example:
      graphkit evaluate tests/data/gold/lhasa_ledger_2021.jsonl
    """
    import json

    from graphkit.evaluation import load_jsonl, score

    if system is not None:
        rows = load_jsonl(system)
    else:
        rows = [row for ex in _extract_all(paths, 1) for row in ex.rows()]
    result = score(load_jsonl(gold), rows)
    for line in result.errors[:show_errors]:
        click.echo(line)
    figures = result.figures()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    for k, v in figures.items():
        shown = "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else v)
        click.echo(f"{k:22s} {shown}")
    click.echo(
        f"assignment_f1={result.assignment_f1:.3f} resolution_f1={result.resolution_f1:.3f} "
        f"measure_recall={result.measure_recall:.3f}"
    )


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="graphkit")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
