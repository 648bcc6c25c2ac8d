"""The ``graphkit`` command line: a thin layer over the library.

Each command parses its options, calls the library and turns
:class:`graphkit.errors.GraphkitError` into a clear message and exit status.
This is the only module that imports click.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import sys
from collections.abc import Callable, Iterator
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


def _size(path: Path) -> int:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def cli() -> None:
    """graphkit: Chinese policy documents to a knowledge graph of agencies,
    measures and regions."""


def _extract_all(paths: tuple[Path, ...], jobs: int, run: Run | None = None, **options: Any):
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
    sizes = [_size(f) for f in files]
    with progress(sum(sizes), len(files), label="extract") as bar:
        results = extract_paths(files, jobs=jobs, **options)
        for path, size, result in zip(files, sizes, results, strict=True):
            run.files += 1
            if isinstance(result, InputError):
                run.skipped.append(str(result))
                bar.write(f"skipped: {result}")
            else:
                run.read += 1
                run.measures += len(result.measures)
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


@contextlib.contextmanager
def _writing(output: Path | None) -> Iterator[Any]:
    """``output`` (or stdout) opened for text; a write that fails (a full disk) is a message."""
    from graphkit.extraction.sources import display_path

    where = display_path(output) if output else "stdout"
    try:
        with click.open_file(str(output) if output else "-", "w", encoding="utf-8") as out:
            yield out
            out.flush()
    except OSError as e:
        raise click.ClickException(f"cannot write {where}: {e.strerror or e}") from e


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
@jobs_option
@executor_options
@strict_option
@max_size_option
@ocr_option
@library_errors
@hints_option
def extract(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    jobs: int,
    executor: str,
    scheduler: str | None,
    strict: bool,
    max_file_size: float,
    ocr: bool,
    hints: Any = None,
) -> None:
    """Extract documents, measures and assignments from policy texts.

    PATHS are files or directories (default: data/corpus): text, web pages,
    PDF, Word (.docx; .doc and .wps through LibreOffice), Excel (.xlsx; .xls
    through LibreOffice) and CSV; every row of a table is read as a measure,
    and each record says where it was (page, sheet and row, table and cell).
    Files that cannot
    be read are skipped with a message naming them; a summary goes to stderr.
    The exit status is 1 when nothing could be extracted, or with --strict
    when any file was skipped or had problems.

    \b
    Example:
      graphkit extract --format jsonl -o measures.jsonl
      graphkit extract data/corpus/002_a353d1155dfef9ed.txt | head -1
      graphkit extract --jobs 2 big_collection/ > measures.jsonl
      graphkit extract --ocr downloads/ -o measures.jsonl
      graphkit extract --executor dask --scheduler tcp://head:8786 /shared/docs/ > m.jsonl
    """
    import json
    import time

    from graphkit.records import write_jsonl

    started = time.perf_counter()
    totals = {"documents": 0, "measures": 0, "assignments": 0}
    agencies: set[str] = set()
    regions: set[str] = set()
    run = Run()
    max_bytes = int(max_file_size * 2**20)
    with _writing(output) as out:
        extracted = _extract_all(
            paths, jobs, run, max_bytes=max_bytes, ocr=ocr, hints=hints, executor=executor,
            scheduler=scheduler,
        )
        for ex in extracted:
            totals["documents"] += len(ex.documents)
            totals["measures"] += len(ex.measures)
            totals["assignments"] += ex.assignments
            agencies.update(ex.agencies)
            regions.update(ex.regions)
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
    run.finish(strict)


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
@ocr_option
@library_errors
@hints_option
def evaluate(
    gold: Path,
    paths: tuple[Path, ...],
    system: Path | None,
    as_json: bool,
    show_errors: int,
    ocr: bool,
    hints: Any = None,
) -> None:
    """Score extraction against a gold file of annotated measures.

    The gold format is JSON Lines, one measure per line with source, line,
    text_start, agencies [{role, mention, agency}], deadline and targets;
    with topics (topic ids, see docs) it also scores topic micro-F1, per
    split when the rows have one (dev, held-out).
    PATHS are extracted (default: data/corpus) unless --system names an
    existing export.

    \b
    Example:
      graphkit evaluate tests/data/gold/lhasa_ledger_2021.jsonl
      graphkit evaluate tests/data/gold/topics.jsonl
    """
    import json

    from graphkit.evaluation import load_jsonl, score

    if system is not None:
        rows = load_jsonl(system)
    else:
        rows = [row for ex in _extract_all(paths, 1, ocr=ocr, hints=hints) for row in ex.rows()]
    result = score(load_jsonl(gold), rows)
    for line in result.errors[:show_errors]:
        click.echo(line)
    figures = result.figures()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    splits = figures.pop("topic_splits", {})
    for k, v in figures.items():
        shown = "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else v)
        click.echo(f"{k:22s} {shown}")
    for split, prf in splits.items():
        click.echo(f"{'topic_f1 ' + split:22s} {prf['f1']:.3f}")
    if result.assignment_f1 is None:  # a gold file of topics alone
        click.echo(f"topic_f1={result.topic_f1 or 0.0:.3f} "
                   f"measure_recall={result.measure_recall:.3f}")
        return
    click.echo(
        f"assignment_f1={result.assignment_f1:.3f} resolution_f1={result.resolution_f1:.3f} "
        f"name_accuracy={result.name_accuracy:.3f} measure_recall={result.measure_recall:.3f}"
    )


@cli.command()
@paths_argument
@click.option("--flagged", is_flag=True, help="Only the agencies with at least one flag.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True, help="Output format.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@jobs_option
@max_size_option
@library_errors
@hints_option
def agencies(
    paths: tuple[Path, ...], flagged: bool, fmt: str, output: Path | None, jobs: int,
    max_file_size: float,
    hints: Any = None,
) -> None:
    """Review the agencies the texts resolve to, with what deserves a look.

    Lists every agency with its region, level, functional type, kind, how
    often and how it is written, and flags: no region, no functional type, a
    name outside the standard names, a possible duplicate (same region and
    type, similar name), a unit without its parent, a name scoped to its
    document (the document's region is unknown).

    \b
    Example:
      graphkit agencies --flagged
      graphkit agencies my_docs/ --format csv -o agencies.csv
    """
    import pandas as pd

    from graphkit.extraction.review import review_agencies

    found = list(_extract_all(paths, jobs, max_bytes=int(max_file_size * 2**20), hints=hints))
    rows = [r.to_dict() for r in review_agencies(found) if r.flags or not flagged]
    table = pd.DataFrame(rows, columns=[
        "agency", "region", "level", "function", "kind", "parent", "scope", "mentions",
        "documents", "samples", "flags",
    ])
    emit_table(table, fmt, output, columns=[
        "agency", "region", "level", "function", "mentions", "samples", "flags",
    ])
    echo_err(f"{len(rows)} agencies" + (" flagged" if flagged else ""))


# --- network analysis and views ------------------------------------------------------


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


_UNITS: contextvars.ContextVar[str] = contextvars.ContextVar("units", default="keep")


def units_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--units keep|roll-up``: internal divisions as nodes of their own, or in their agency."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def wrapper(*args: Any, units: str = default, **kwargs: Any) -> Any:
            token = _UNITS.set(units)
            try:
                return f(*args, **kwargs)
            finally:
                _UNITS.reset(token)

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


def table_output(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|csv|json`` and ``-o FILE``."""
    f = click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
        help="Write here instead of stdout.",
    )(f)
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
        show_default=True, help="Output format.",
    )(f)


def progress_reporter() -> Callable[[str], None] | None:
    """Progress lines on stderr when it is a terminal; nothing in pipes."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"… {message}", err=True)


def read_graph(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
               **options: Any) -> Any:
    """The agency–measure graph of the store, as the filters ask."""
    from graphkit.analysis import bipartite_graph

    report = progress_reporter()
    if report:
        report(f"reading the graph from {store}")
    options.setdefault("units", _UNITS.get())
    return bipartite_graph(store, region=region, document=document or None, year=year,
                           **options)


def emit_table(table: Any, fmt: str, output: Path | None, columns: list[str] | None = None
               ) -> None:
    """Print or write a DataFrame as an aligned table, CSV or JSON records."""
    import json

    import pandas as pd

    plain_index = isinstance(table.index, pd.RangeIndex) and table.index.name is None
    if fmt == "csv":
        text = _safe_cells(table).to_csv(index=not plain_index)
    elif fmt == "json":
        records = json.loads((table if plain_index else table.reset_index()).to_json(
            orient="records"))
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        shown = table[[c for c in columns if c in table.columns]] if columns else table
        with pd.option_context("display.unicode.east_asian_width", True, "display.width", 250,
                               "display.max_columns", None, "display.max_rows", None,
                               "display.max_colwidth", 60, "display.float_format",
                               "{:.4g}".format):
            text = (shown.to_string() if len(shown) else "(no rows)") + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        echo_err(f"wrote {output} ({len(table)} rows)")


def _safe_cells(table: Any) -> Any:
    """The table with text cells (and index) that spreadsheets will not run as formulas."""
    import pandas as pd

    from graphkit.store.export import spreadsheet_safe

    out = table.copy()
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):
            out[c] = out[c].map(spreadsheet_safe)
    if not pd.api.types.is_numeric_dtype(out.index):
        out.index = out.index.map(spreadsheet_safe)
    return out


@cli.command()
@store_option
@graph_filters
@click.option("--role", type=click.Choice(["lead", "cooperate", "responsible", "any"]),
              default="lead", show_default=True,
              help="Keep agencies with this role at least once; rank by it.")
@click.option("--metric", type=click.Choice(["led", "cooperated", "responsible", "measures",
                                             "partners", "weighted_degree", "out_weight",
                                             "in_weight", "betweenness", "pagerank",
                                             "eigenvector", "hub", "authority"]),
              help="Rank by this column instead (default: the count of --role).")
@click.option("--by", type=click.Choice(["province", "city", "region"]),
              help="Rank within each province, city or document region.")
@click.option("--top", type=int, help="Rows to keep (per group with --by). "
              "[default: 20 for table, all for csv/json]")
@reforms_option
@table_output
@library_errors
@units_option("keep")
def centrality(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
               role: str, metric: str | None, by: str | None, top: int | None,
               follow_reforms: bool, fmt: str, output: Path | None) -> None:
    """Rank agencies by the measures they lead, cooperate on or answer for, with
    their centralities in the cooperation network.

    \b
    Example:
      graphkit centrality --role lead --top 10
      graphkit centrality --region 拉萨市 --metric pagerank --format csv -o lhasa.csv
      graphkit centrality --region 西藏自治区 --follow-reforms
    """
    from graphkit.analysis import lead_centrality

    B = read_graph(store, region, document, year, follow_reforms=follow_reforms)
    if top is None and fmt == "table" and output is None:
        top = 20
    table = lead_centrality(B, role=role, metric=metric, top=top, by=by,
                            progress=progress_reporter())
    columns = [c for c in [f"{by}_group" if by else "", "agency", "region", "functional_type",
                           "led", "cooperated", "responsible", "partners", "weighted_degree",
                           "betweenness", "pagerank", "hub", "authority", metric or ""] if c]
    emit_table(table, fmt, output, list(dict.fromkeys(columns)))


@cli.command()
@store_option
@graph_filters
@click.option("--seed", type=int, default=0, show_default=True, help="Louvain seed.")
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Louvain resolution: higher gives more, smaller communities.")
@click.option("--weighting", type=click.Choice(["plain", "newman"]), default="plain",
              show_default=True, help="Tie weights: shared measures, or Newman's "
              "collaboration weighting.")
@click.option("--top", type=int, help="Communities to list (largest first).")
@table_output
@library_errors
@units_option("keep")
def communities(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
                seed: int, resolution: float, weighting: str, top: int | None, fmt: str,
                output: Path | None) -> None:
    """Communities of agencies that work together (Louvain), each with its
    leading agency.

    \b
    Example:
      graphkit communities --top 10
    """
    from graphkit.analysis import collaboration_graph
    from graphkit.analysis import communities as find_communities

    B = read_graph(store, region, document, year)
    table = find_communities(collaboration_graph(B, weighting=weighting), seed=seed,
                             resolution=resolution)
    if fmt == "table" and output is None:
        echo_err(f"{len(table)} communities")
    emit_table(table.head(top) if top else table, fmt, output)


@cli.command()
@store_option
@graph_filters
@click.option("--what", type=click.Choice(["types", "concentration", "targets", "target-list",
                                           "topics"]),
              default="types", show_default=True,
              help="Leading functional types per region, concentration of leading, "
              "targets side by side, every target, or the lead type and agency per topic.")
@click.option("--level", type=click.Choice(["province", "city", "region"]), default="province",
              show_default=True, help="Compare provinces, cities or documents' own regions.")
@click.option("--role", type=click.Choice(["lead", "cooperate", "responsible", "any"]),
              default="lead", show_default=True,
              help="Role compared (types, concentration, topics).")
@click.option("--top", type=int, default=3, show_default=True,
              help="Types per region (types); agencies in the top share (concentration).")
@click.option("--topic", "topic_ids", multiple=True, metavar="ID",
              help="Only this topic (topics; an id of data/lexicon/topics.tsv such as "
              "electricity); repeatable.")
@click.option("--split-year", type=int, metavar="YEAR",
              help="Compare documents issued before YEAR with those from YEAR on (topics).")
@reforms_option
@table_output
@library_errors
@units_option("keep")
def compare(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
            what: str, level: str, role: str, top: int, topic_ids: tuple[str, ...],
            split_year: int | None, follow_reforms: bool, fmt: str, output: Path | None
            ) -> None:
    """Compare regions: which functional types lead, how concentrated leading
    is, the same kind of target side by side, and who leads each topic.

    \b
    Example:
      graphkit compare --what concentration
      graphkit compare --what targets --level city
      graphkit compare --what topics --level city --topic electricity
      graphkit compare --what topics --split-year 2019 --follow-reforms --region 西藏自治区
    """
    from graphkit.analysis import (
        compare_targets,
        concentration,
        leading_types,
        target_table,
        topic_leads,
    )

    if what in ("targets", "target-list"):
        targets = target_table(store, level=level, region=region, document=document or None,
                               year=year)
        table = compare_targets(targets) if what == "targets" else targets
    elif what == "topics":
        B = read_graph(store, region, document, year, follow_reforms=follow_reforms)
        table = topic_leads(B, level=level, role=role, topics=topic_ids or None,
                            split_year=split_year)
    else:
        B = read_graph(store, region, document, year, follow_reforms=follow_reforms)
        table = (leading_types(B, level=level, role=role, top=top) if what == "types"
                 else concentration(B, level=level, role=role, top=top))
    emit_table(table, fmt, output)


@cli.command()
@store_option
@graph_filters
@click.option("--weighting", type=click.Choice(["plain", "newman"]), default="plain",
              show_default=True, help="Tie weights: shared measures, or Newman's "
              "collaboration weighting.")
@click.option("--top", type=int, help="Rows to keep. [default: 20 for table, all for csv/json]")
@table_output
@library_errors
@units_option("keep")
def brokers(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
            weighting: str, top: int | None, fmt: str, output: Path | None) -> None:
    """Brokers between agencies: effective size and constraint (Burt's
    structural holes) in the collaboration network.

    \b
    Example:
      graphkit brokers --top 10
      graphkit brokers --region 甘肃省 --format csv -o gansu-brokers.csv
    """
    from graphkit.analysis import brokers as find_brokers
    from graphkit.analysis import collaboration_graph

    B = read_graph(store, region, document, year)
    if top is None and fmt == "table" and output is None:
        top = 20
    report = progress_reporter()
    if report:
        report(f"structural holes of {B.number_of_nodes()} nodes")
    emit_table(find_brokers(collaboration_graph(B, weighting=weighting), top=top), fmt, output)


VIEW_KINDS = ("cooperation", "bipartite", "agency", "region", "ledger")
SIZE_BY = ("led", "cooperated", "responsible", "measures", "connections")


def filters_title(region: str | None, document: tuple[str, ...], year: int | None) -> str:
    """`` · 拉萨市 · 2021`` : the filters a page was made with, for its title."""
    parts = [region or "", *document, str(year) if year else ""]
    return "".join(f" · {p}" for p in parts if p)


@cli.command()
@store_option
@click.argument("kind", type=click.Choice(VIEW_KINDS))
@click.argument("name", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write [default: KIND.html or KIND-NAME.html].")
@graph_filters
@click.option("--size-by", type=click.Choice(SIZE_BY),
              help="Node attribute sizing nodes [default: led, or measures "
              "for bipartite and agency views].")
@click.option("--color-by", type=click.Choice(["region", "province", "functional_type",
                                               "level", "agency_kind", "community"]),
              help="Node attribute colouring nodes [default: region, or functional_type "
              "for a region view].")
@click.option("--seed", type=int, default=0, show_default=True, help="Layout seed.")
@click.option("--physics", is_flag=True, help="Let the browser settle the layout "
              "(bounded); by default it is computed here.")
@click.option("--graph-page", default="cooperation.html", show_default=True,
              help="ledger: the network page each agency links to (its node is selected).")
@reforms_option
@library_errors
@units_option("keep")
def view(store: Path, kind: str, name: str | None, output: Path | None, region: str | None,
         document: tuple[str, ...], year: int | None, size_by: str | None,
         color_by: str | None, seed: int, physics: bool, graph_page: str,
         follow_reforms: bool) -> None:
    """Write an interactive page (one offline HTML file): the cooperation network,
    the agency–measure graph, one agency's neighbourhood, one region's network,
    or the ledger (台账) of every measure as a table.

    \b
    Example:
      graphkit view cooperation -o out/cooperation.html
      graphkit view agency 拉萨市市场监督管理局
      graphkit view region 陕西省 --color-by functional_type
      graphkit view ledger -o out/ledger.html --graph-page cooperation.html
    """
    from graphkit.analysis import (
        agency_graph,
        collaboration_graph,
        cooperation_graph,
        partition,
    )
    from graphkit.viz import write_ledger, write_page

    if kind in ("agency", "region") and not name:
        raise click.UsageError(f"view {kind} needs a NAME")
    if kind in ("cooperation", "bipartite", "ledger") and name:
        raise click.UsageError(f"view {kind} takes no NAME")
    if kind == "region":
        region = name
    B = read_graph(store, region, document, year, unassigned=kind == "ledger",
                   follow_reforms=follow_reforms)
    suffix = filters_title(None if kind == "region" else region, document, year)
    output = output or Path(f"{kind}-{name}.html" if name else f"{kind}.html")
    if kind == "ledger":
        rows = sum(1 for _, k in B.nodes(data="kind") if k == "measure")
        if not rows:
            raise click.ClickException(f"no measures in {store}{suffix}: nothing to show")
        output.parent.mkdir(parents=True, exist_ok=True)
        write_ledger(B, output, title="台账 ledger" + suffix, graph_page=graph_page or None)
        echo_err(f"wrote {output} ({rows} measures)")
        return
    if kind in ("cooperation", "region"):
        G = cooperation_graph(B, isolates=False)
        title = "合作网络 cooperation network" + (f" · {name}" if name else "") + suffix
    elif kind == "bipartite":
        G, title = B, "机构–措施 agencies and measures" + suffix
    else:
        G = agency_graph(B, str(name))
        title = f"{G.graph['center']} · measures and partners" + suffix
    if G.number_of_nodes() == 0:
        raise click.ClickException(
            f"the {kind} view of {store}{suffix} has no nodes: nothing to show "
            "(try other filters)")
    if color_by == "community":
        for n, c in partition(collaboration_graph(B), seed=seed).items():
            if n in G:
                G.nodes[n]["community"] = f"C{c}"
    size_by = size_by or ("measures" if kind in ("bipartite", "agency") else "led")
    color_by = color_by or ("functional_type" if kind == "region" else "region")
    output.parent.mkdir(parents=True, exist_ok=True)
    report = progress_reporter()
    if report:
        report(f"laying out {G.number_of_nodes()} nodes")
    write_page(G, output, title=title, size_by=None if size_by == "connections" else size_by,
               color_by=color_by, seed=seed, physics=physics, measures=B)
    echo_err(f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")


@cli.command()
@store_option
@click.option("--graph", "which", type=click.Choice(["cooperation", "collaboration",
                                                     "bipartite", "regions", "citations"]),
              default="cooperation", show_default=True, help="Which graph to write.")
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "csv"]),
              help="File format [default: from the file's suffix].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="File to write (CSV also writes NAME.nodes.csv).")
@click.option("--weighting", type=click.Choice(["plain", "newman"]), default="plain",
              show_default=True, help="Tie weights of the collaboration graph.")
@click.option("--role", type=click.Choice(["lead", "cooperate", "responsible", "any"]),
              default="any", show_default=True, help="Assignments kept (bipartite).")
@click.option("--color-by", type=click.Choice(["region", "province", "functional_type",
                                               "level", "agency_kind"]),
              default="region", show_default=True,
              help="Node attribute the colours follow (as on the pages).")
@click.option("--seed", type=int, default=0, show_default=True, help="Layout seed.")
@graph_filters
@library_errors
def network(store: Path, which: str, fmt: str | None, output: Path, weighting: str, role: str,
            color_by: str, seed: int, region: str | None, document: tuple[str, ...],
            year: int | None) -> None:
    """Write a graph for Gephi, UCINET or R: GEXF, GraphML or edge-list CSV.

    Nodes carry readable labels (measure number and text, document title) and
    the colour, size and position the pages draw them with (GEXF viz:color,
    viz:size, viz:position; r, g, b, size, x, y in GraphML and CSV).

    \b
    Example:
      graphkit network --format gexf -o out/cooperation.gexf
      graphkit network --graph collaboration --weighting newman -o out/collab.graphml
    """
    from graphkit.analysis import (
        citation_graph,
        collaboration_graph,
        cooperation_graph,
        region_graph,
        write_graph,
    )

    fmt = fmt or output.suffix.lstrip(".").lower()
    if fmt not in ("gexf", "graphml", "csv"):
        raise click.UsageError("give --format gexf|graphml|csv or a file ending in one")
    if which == "regions":
        G = region_graph(store)
    elif which == "citations":
        G = citation_graph(store, region=region, document=document or None, year=year)
    else:
        B = read_graph(store, region, document, year, role=None if role == "any" else role)
        G = (B if which == "bipartite" else cooperation_graph(B) if which == "cooperation"
             else collaboration_graph(B, weighting=weighting))
    from graphkit.viz import node_styles

    size_by = {"bipartite": "measures", "cooperation": "led", "collaboration": "led"}.get(which)
    report = progress_reporter()
    if report:
        report(f"laying out {G.number_of_nodes()} nodes")
    styles = node_styles(G, color_by=color_by, size_by=size_by, seed=seed)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_graph(G, output, fmt, styles=styles)
    echo_err(f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="graphkit")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)


# --- the knowledge graph: build, query, validate, export -----------------------


@cli.command("build")
@paths_argument
@store_option
@click.option(
    "--update", is_flag=True, help="Replace only the documents of PATHS in the existing store."
)
@click.option(
    "--full",
    is_flag=True,
    help="Extract every file again, even those whose checksum has not changed.",
)
@click.option(
    "--base",
    metavar="IRI",
    help="Base of instance IRIs [default: $GRAPHKIT_BASE or https://w3id.org/graphkit/id/].",
)
@jobs_option
@executor_options
@strict_option
@max_size_option
@ocr_option
@library_errors
@hints_option
def build_command(
    paths: tuple[Path, ...],
    store: Path,
    update: bool,
    full: bool,
    base: str | None,
    jobs: int,
    executor: str,
    scheduler: str | None,
    strict: bool,
    max_file_size: float,
    ocr: bool,
    hints: Any = None,
) -> None:
    """Extract PATHS (default: data/corpus) and load them into the store.

    The store then holds exactly the documents of PATHS. A build is
    incremental: files whose checksum is unchanged since the last build are
    not extracted again, a changed file replaces only its own graphs, and
    files no longer given lose theirs. A new store is written beside the old
    one and swapped in only when complete; an interrupted build leaves the
    old store as it was. Files that cannot be read are skipped with a
    message; so are folders, symlinks that loop or point nowhere, and FIFOs,
    and files last built from under a folder that cannot be read keep their
    graphs. The exit status is 1 when nothing could be built, or with
    --strict (and the store is then left as it was) when anything was
    skipped or had problems.

    \b
    Examples:
      graphkit build
      graphkit build --jobs 2 big_collection/ --store /data/kg
      graphkit build --executor dask --scheduler tcp://head:8786 /shared/docs/
      graphkit build data/corpus/002_a353d1155dfef9ed.txt --store /tmp/kg
      graphkit build --update data/corpus/002_a353d1155dfef9ed.txt
    """
    from graphkit import store as kg
    from graphkit.extraction.sources import scan_sources
    from graphkit.namespace import IRIs

    max_bytes = int(max_file_size * 2**20)
    if update:
        run = Run()
        extracted = _extract_all(
            paths, jobs, run, max_bytes=max_bytes, ocr=ocr, hints=hints, executor=executor,
            scheduler=scheduler,
        )
        summary = kg.update(store, extracted, iris=IRIs(base))
        echo_err(str(summary))
        run.finish(strict)
        return
    sources = scan_sources(corpus_paths(paths))
    files = sources.files
    for message in sources.problems:
        echo_err(f"not read: {message}")
    sizes = {str(f): _size(f) for f in files}
    with progress(sum(sizes.values()), len(files), label="build") as bar:

        def report(r: Any) -> None:
            if r.status == "skipped":
                bar.write(f"skipped: {r.error}")
            for problem in r.problems:
                bar.write(f"{r.path}: {problem}")
            bar.advance(sizes.get(r.path, 0))

        summary = kg.build_files(
            store,
            sources,
            jobs=jobs,
            full=full,
            strict=strict,
            iris=IRIs(base),
            max_bytes=max_bytes,
            on_file=report,
            ocr=ocr,
            hints=hints,
            executor=executor,
            scheduler=scheduler,
        )
    echo_err(str(summary))
    if summary.skipped:
        echo_err(f"skipped {len(summary.skipped)} of {len(files)} files:")
        for message in summary.skipped:
            echo_err(f"  {message}")
    if summary.unreadable:
        echo_err(
            f"{len(summary.unreadable)} entries could not be read (listed above); "
            f"the graphs of {len(summary.kept)} file(s) under them are kept"
        )
    if summary.warned:
        echo_err(f"{len(summary.warned)} file(s) read with problems (listed above)")


@cli.command("query")
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    metavar="FILE",
    help="Read the query from FILE, or run the cookbook query of that name (see --list).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output: a table, or the SPARQL 1.1 CSV, TSV or JSON results format.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME before running (repeatable): <IRI>, \"text\"@zh, \"2021-06-30\"^^xsd:date, "
    "or a plain name, which matches a label of that text in any language.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the cookbook's queries and exit.")
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="HOST",
    help="Let SERVICE clauses reach HOST (repeatable); by default SERVICE is refused.",
)
@store_option
@library_errors
def query_command(
    sparql: str | None,
    file: str | None,
    fmt: str,
    params: tuple[str, ...],
    list_queries: bool,
    allow_service: tuple[str, ...],
    store: Path,
) -> None:
    """Run a SPARQL query (argument, -f FILE, or standard input) on the store.

    The default graph is the union of all document graphs; the prefixes gk,
    org, cv, eli, skos, dct, prov, xsd, rdf, rdfs and owl need no declaration.
    Queries that name SERVICE, or nest too deep, are refused unrun.

    \b
    Examples:
      graphkit query 'SELECT ?name WHERE { ?a a gk:Agency ; skos:prefLabel ?name } LIMIT 5'
      graphkit query -f lead_agencies --format csv > lead.csv
      graphkit query -f region_measures -p region=拉萨市
      graphkit query 'SELECT ?a WHERE { ?a skos:prefLabel ?name }' -p name=拉萨市司法局
      echo 'ASK { ?m a gk:Measure }' | graphkit query --format json
    """
    from graphkit import store as kg

    if list_queries:
        for name, text in kg.cookbook().items():
            click.echo(f"{name:28s} {text.splitlines()[0].lstrip('# ')}")
        return
    text = _query_text(sparql, file)
    from dataclasses import replace

    from graphkit.store.guard import UNSIZED

    bindings = dict(_param(p) for p in params)
    limits = replace(UNSIZED, allow_service=frozenset(h.lower() for h in allow_service))
    results = kg.run(store, text, params=bindings, limits=limits)
    click.echo(kg.format_results(results, fmt), nl=False)


def _query_text(sparql: str | None, file: str | None) -> str:
    """The query from the argument, ``-f`` (a file or a cookbook name) or stdin."""
    from graphkit import store as kg

    if sparql and file:
        raise click.UsageError("give the query as an argument or with -f, not both")
    if file:
        if Path(file).is_file():
            return Path(file).read_text(encoding="utf-8")
        if file in kg.cookbook():
            return kg.cookbook_query(file)
        raise click.UsageError(f"no file or cookbook query {file!r} (graphkit query --list)")
    if sparql and sparql != "-":
        return sparql
    if sparql != "-" and sys.stdin.isatty():
        raise click.UsageError("give a query: as an argument, with -f FILE, or on standard input")
    return sys.stdin.buffer.read().decode("utf-8")


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    return name, value


@cli.command("validate")
@store_option
@click.option(
    "--show",
    default=20,
    show_default=True,
    metavar="N",
    help="Print at most N violations (0: all).",
)
@library_errors
def validate_command(store: Path, show: int) -> None:
    """Check the store against the SHACL shapes; exit 1 when it has violations.

    \b
    Example:
      graphkit validate --store .graphkit/store --show 5
    """
    from graphkit import store as kg

    progress = progress_reporter()
    if progress:
        progress(f"checking {store} against the SHACL shapes")
    report = kg.validate(store)
    for v in report.violations[: show or None]:
        click.echo(str(v))
    if report.violations:
        click.echo(report.summary())
    n, w = len(report.violations), len(report.warnings)
    echo_err(f"{n} violations, {w} warnings in {report.triples} triples")
    if not report.conforms:
        sys.exit(1)


@cli.command("export")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "jsonld", "csv"]),
    help="ttl, nt, nq, jsonld, or csv for the ledger (台账) [default: from -o's suffix, else ttl].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE [default: standard output].",
)
@library_errors
def export_command(store: Path, fmt: str | None, output: Path | None) -> None:
    """Write the graph as Turtle, N-Triples, N-Quads, JSON-LD or a ledger CSV.

    \b
    Examples:
      graphkit export --format nq -o out/graph.nq
      graphkit export -o out/ledger.csv      # one row per measure
    """
    from graphkit import store as kg

    suffixes = {
        ".ttl": "ttl",
        ".nt": "nt",
        ".nq": "nq",
        ".jsonld": "jsonld",
        ".json": "jsonld",
        ".csv": "csv",
    }
    fmt = fmt or (suffixes.get(output.suffix.lower(), "ttl") if output else "ttl")
    progress = progress_reporter()
    if progress:
        progress(f"writing {store} as {fmt}")
    data = kg.export(store, fmt)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    echo_err(f"wrote {len(data)} bytes to {output}")


@cli.command("serve")
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The default answers this machine only.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Seconds a query may run; longer ones are stopped with status 503.",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (query pages elsewhere).")
@click.option(
    "--max-memory",
    type=click.IntRange(min=1024),
    default=4096,
    show_default=True,
    metavar="MIB",
    help="Address-space ceiling of the query process (an idle one takes about 500); "
    "a query crossing it gets 503.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="HOST",
    help="Let SERVICE clauses reach HOST (repeatable); by default SERVICE is refused.",
)
@click.option(
    "--log",
    "log_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append the access log (method, path, status, ms) to FILE [default: stderr].",
)
@library_errors
def serve_cmd(
    store: Path,
    host: str,
    port: int,
    timeout: int,
    cors: bool,
    max_memory: int,
    allow_service: tuple[str, ...],
    log_file: Path | None,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint until Ctrl-C.

    Queries by GET or POST at /query (SPARQL JSON, XML, CSV, TSV; Turtle,
    N-Triples), a query page at /, updates refused with 403. The default
    graph is the union of the document graphs, as for graphkit query.
    SERVICE, and queries nested too deep or too large, are refused with 400.
    SIGHUP reopens the store; SIGINT, SIGTERM and SIGQUIT stop the server.

    \b
    Example:
      graphkit serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode \\
           'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    import signal

    from graphkit.serve import is_loopback, start

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGQUIT, signal.default_int_handler)
    log = open(log_file, "a", encoding="utf-8") if log_file else sys.stderr
    endpoint = start(
        store,
        host=host,
        port=port,
        timeout=timeout,
        cors=cors,
        max_memory=max_memory * 2**20,
        allow_service=allow_service,
        access_log=log,
    )
    signal.signal(signal.SIGHUP, lambda *_: endpoint.reload())
    with endpoint:
        click.echo(f"SPARQL endpoint: {endpoint.query_url}")
        click.echo(f"query page:      {endpoint.url}")
        if not is_loopback(host):
            echo_err(f"warning: listening on {host}: other machines can query this endpoint")
        echo_err("read-only; Ctrl-C stops the server")
        try:
            endpoint.wait()
        except KeyboardInterrupt:
            echo_err("stopping")


@cli.command("push")
@store_option
@click.option(
    "--endpoint",
    metavar="URL",
    help="SPARQL endpoint of the target store. Checks the push; takes the updates "
    "unless --graph-store or --update is given. Needed but with --virtuoso.",
)
@click.option(
    "--graph-store",
    metavar="URL",
    help="Graph Store Protocol URL: replace each document graph with one PUT.",
)
@click.option("--update", "update_url", metavar="URL", help="SPARQL Update URL, if not --endpoint.")
@click.option(
    "--user",
    help="User for HTTP Basic or Digest authentication; the password comes from "
    "$GRAPHKIT_PUSH_PASSWORD or a prompt.",
)
@click.option(
    "--token",
    envvar="GRAPHKIT_PUSH_TOKEN",
    help="Bearer token, e.g. QLever's access token [env: GRAPHKIT_PUSH_TOKEN].",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="Most triples per SPARQL Update request (a document graph is never split).",
)
@click.option(
    "--default-graph",
    is_flag=True,
    help="Also replace the target's default graph with the union of the document graphs "
    "(for a target that holds this graph alone).",
)
@click.option("--no-verify", is_flag=True, help="Do not count the pushed triples on the target.")
@click.option(
    "--virtuoso",
    metavar="HOST:PORT",
    help="Bulk-load into Virtuoso instead, through its SQL port (isql-vt, user dba unless "
    "--user): N-Quads files in --load-dir, then ld_dir and rdf_loader_run.",
)
@click.option(
    "--load-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --virtuoso: where to write the N-Quads files, a directory in the server's "
    "DirsAllowed.",
)
@click.option(
    "--server-dir",
    metavar="DIR",
    help="With --virtuoso: --load-dir as the server sees it, if it differs.",
)
@click.option(
    "--loaders",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="With --virtuoso: loader sessions run side by side (about one per server core).",
)
@library_errors
def push_cmd(
    store: Path,
    endpoint: str | None,
    graph_store: str | None,
    update_url: str | None,
    user: str | None,
    token: str | None,
    batch_size: int,
    default_graph: bool,
    no_verify: bool,
    virtuoso: str | None,
    load_dir: Path | None,
    server_dir: str | None,
    loaders: int,
) -> None:
    """Load the graph into another triple store, one named graph per document.

    Pushing again replaces each document's graph on the target; other graphs
    there are left alone.

    \b
    Example:
      graphkit push --graph-store http://localhost:3030/kg/data \\
                    --endpoint http://localhost:3030/kg/sparql
      graphkit push --virtuoso localhost:1111 --load-dir /var/lib/virtuoso/load
    """
    from graphkit.push import push

    if virtuoso:
        _push_virtuoso(store, virtuoso, load_dir, server_dir, user, loaders, not no_verify)
        return
    if not endpoint:
        raise click.UsageError("--endpoint is needed (or --virtuoso for a bulk load)")
    password = None
    if user:
        password = os.environ.get("GRAPHKIT_PUSH_PASSWORD")
        if password is None:
            password = click.prompt(f"password for {user}", hide_input=True)
    report = push(
        store,
        endpoint,
        graph_store=graph_store,
        update=update_url,
        user=user,
        password=password,
        token=token,
        batch_size=batch_size,
        default_graph=default_graph,
        verify=not no_verify,
    )
    default = f" and the default graph ({report.default_triples})" if report.default_pushed else ""
    checked = ", counts checked on the target" if report.verified else ""
    click.echo(
        f"pushed {report.graphs} graphs ({report.triples} triples){default} by {report.method} "
        f"in {report.requests} requests, {report.seconds:.1f} s{checked}"
    )


def _push_virtuoso(
    store: Path,
    address: str,
    load_dir: Path | None,
    server_dir: str | None,
    user: str | None,
    loaders: int,
    verify: bool,
) -> None:
    """``graphkit push --virtuoso``: the bulk path."""
    from graphkit.virtuoso import push_virtuoso

    if load_dir is None:
        raise click.UsageError("--virtuoso needs --load-dir, a directory the server reads")
    user = user or "dba"
    password = os.environ.get("GRAPHKIT_PUSH_PASSWORD")
    if password is None:
        password = click.prompt(f"password for {user}", hide_input=True)
    r = push_virtuoso(
        store,
        isql=address,
        load_dir=load_dir,
        server_dir=server_dir,
        user=user,
        password=password,
        loaders=loaders,
        verify=verify,
    )
    checked = ", counts checked on the server" if r.verified else ""
    click.echo(
        f"loaded {r.graphs} graphs ({r.triples} triples) into Virtuoso from {r.files} file(s) "
        f"of {r.bytes / 2**20:.1f} MiB: written in {r.seconds_write:.1f} s, loaded in "
        f"{r.seconds_load:.1f} s, checkpoint {r.seconds_checkpoint:.1f} s "
        f"({r.triples_per_second:,.0f} triples/s){checked}"
    )
