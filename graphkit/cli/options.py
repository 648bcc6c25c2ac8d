"""Shared options and arguments of the commands, as reusable decorators.

Each decorator adds its options to a command (and, for some, reads them into
what the command body takes); :func:`library_errors` turns the library's
errors into a message and exit status 1.
"""

from __future__ import annotations

import contextvars
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit.errors import GraphkitError

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
    """``[PATHS]...``: files or directories; the bundled corpus when none.

    A path must exist, but a symlink that loops or points nowhere is let
    through: the walk names it and the other paths are still read.
    """
    return click.argument(
        "paths", nargs=-1, type=click.Path(path_type=Path), callback=_paths_exist
    )(f)


def _paths_exist(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    from graphkit.extraction.sources import display_path

    for p in value or ():
        if not os.path.lexists(p):
            raise click.BadParameter(f"{display_path(p)!r} does not exist.", ctx, param)
    return value


def library_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into ``click.ClickException`` (message, exit 1)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except GraphkitError as e:
            raise click.ClickException(str(e)) from e

    return wrapper


def jobs_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--jobs N``: extract in N processes."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(1, 64),
        default=1,
        show_default=True,
        help="Extract files in this many processes (the output is the same).",
    )(f)


def executor_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--executor local|dask`` and ``--scheduler ADDRESS``: where files are extracted."""
    f = click.option(
        "--scheduler",
        metavar="ADDRESS",
        envvar="GRAPHKIT_SCHEDULER",
        help="Dask scheduler to run on (tcp://host:8786); without it, --executor dask "
        "starts --jobs worker processes here [env: GRAPHKIT_SCHEDULER].",
    )(f)
    return click.option(
        "--executor",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="local: this machine (--jobs processes); dask: a Dask cluster, whose workers "
        "must read the files at the same paths (needs graphkit[cluster]).",
    )(f)


def strict_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--strict``: fail when any file is skipped or has problems."""
    return click.option(
        "--strict",
        is_flag=True,
        help="Exit with status 1 if any file was skipped or had problems.",
    )(f)


def max_size_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--max-file-size MB``: larger files are skipped."""
    from graphkit.limits import MAX_BYTES

    return click.option(
        "--max-file-size",
        type=click.FloatRange(min=0, min_open=True),
        default=MAX_BYTES / 2**20,
        show_default=True,
        metavar="MB",
        help="Skip files larger than this (reading takes about ten times the size in memory).",
    )(f)


def hints_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--manifest FILE.csv`` and ``--lexicon FILE.tsv``, read into ``hints``."""

    @functools.wraps(f)
    def wrapper(*args: Any, manifest: Path | None = None, lexicon: Path | None = None,
                **kwargs: Any) -> Any:
        from graphkit.extraction.hints import load_hints

        kwargs["hints"] = (
            load_hints(manifest=manifest, lexicon=lexicon) if manifest or lexicon else None
        )
        return f(*args, **kwargs)

    path = click.Path(exists=True, dir_okay=False, path_type=Path)
    wrapper = click.option(
        "--lexicon", type=path, metavar="FILE.tsv",
        help="Your own names: rows of mention or name, region, canonical name (tab-separated).",
    )(wrapper)
    return click.option(
        "--manifest", type=path, metavar="FILE.csv",
        help="What you know of your files: columns file, region, title, date, issuer.",
    )(wrapper)


def ocr_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--ocr``: read scanned PDF pages with Tesseract."""
    return click.option(
        "--ocr",
        is_flag=True,
        help="Read scanned PDF pages (no text layer) by OCR: Tesseract with chi_sim.",
    )(f)


def graph_filters(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--region``, ``--document``, ``--year``: which documents a graph is built from."""
    f = click.option("--year", type=int, help="Only documents issued in this year.")(f)
    f = click.option(
        "--document",
        multiple=True,
        help="Only this document (record id, IRI, title or 文号); repeatable.",
    )(f)
    return click.option(
        "--region",
        help="Only documents of this region (name or division code) and the regions in it.",
    )(f)


def topic_ids(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
               ) -> tuple[str, ...]:
    if not value:  # no topic: the extraction package (a second to import) is not needed
        return ()
    from graphkit.extraction.topics import find_topic

    try:
        return tuple(dict.fromkeys(find_topic(v) for v in value))
    except KeyError as e:
        raise click.BadParameter(str(e.args[0]), ctx=ctx, param=param) from None


def topic_filter(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--topic``: only the measures of these topics and the agencies with a role in them."""
    return click.option(
        "--topic", "topics", multiple=True, metavar="TOPIC", callback=topic_ids,
        help="Only the measures of this topic (an id of data/lexicon/topics.tsv such as "
        "electricity, or its Chinese name 获得电力) and the agencies with a role in them; "
        "repeatable (a measure of any of them).",
    )(f)


UNITS: contextvars.ContextVar[str] = contextvars.ContextVar("units", default="keep")


def units_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--units keep|roll-up``: internal divisions as nodes of their own, or in their agency."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def wrapper(*args: Any, units: str = default, **kwargs: Any) -> Any:
            token = UNITS.set(units)
            try:
                return f(*args, **kwargs)
            finally:
                UNITS.reset(token)

        return click.option(
            "--units", type=click.Choice(["keep", "roll-up"]), default=default,
            show_default=True,
            help="keep: an agency's internal divisions (厅法规处) are nodes of their own; "
            "roll-up: they count for their agency.",
        )(wrapper)

    return decorate


def reforms_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--follow-reforms``: count a replaced body under the one that took it over."""
    return click.option(
        "--follow-reforms", is_flag=True,
        help="Count a body replaced in an institutional reform (2017 工商行政管理局 -> "
        "市场监督管理局, see data/lexicon/reforms.tsv) under the body that took it over.",
    )(f)


def output_option(help: str = "Write here instead of stdout.", **extra: Any
                  ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-o/--output FILE``, with this ``help`` (and ``required=True`` and the like)."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=help, **extra
    )


def allow_service_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--allow-service HOST``: the hosts SERVICE clauses may reach."""
    return click.option(
        "--allow-service",
        "allow_service",
        multiple=True,
        metavar="HOST",
        help="Let SERVICE clauses reach HOST (repeatable); by default SERVICE is refused.",
    )(f)


ROLES = ["lead", "cooperate", "responsible", "any"]


def role_option(default: str, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--role lead|cooperate|responsible|any``."""
    return click.option("--role", type=click.Choice(ROLES), default=default, show_default=True,
                        help=help)


def weighting_option(help: str = "Tie weights: shared measures, or Newman's "
                     "collaboration weighting.") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--weighting plain|newman``: the tie weights of the collaboration graph."""
    return click.option("--weighting", type=click.Choice(["plain", "newman"]), default="plain",
                        show_default=True, help=help)


def seed_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--seed N`` (default 0): the seed of a layout or of Louvain."""
    return click.option("--seed", type=int, default=0, show_default=True, help=help)


def table_output(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|csv|json`` and ``-o FILE``."""
    f = output_option()(f)
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
        show_default=True, help="Output format.",
    )(f)

