"""``graphkit extract``, ``evaluate`` and ``agencies``: texts to records, and their review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphkit.cli.options import (
    executor_options,
    hints_option,
    jobs_option,
    library_errors,
    max_size_option,
    ocr_option,
    output_option,
    paths_argument,
    strict_option,
    table_output,
)
from graphkit.cli.output import echo_err, emit_table, writing
from graphkit.cli.runs import Run, extract_all


@click.command()
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
@output_option()
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
    import tempfile
    import time

    from graphkit.extraction.pieces import Held
    from graphkit.records import write_jsonl

    started = time.perf_counter()
    totals = {"documents": 0, "measures": 0, "assignments": 0}
    agencies: set[str] = set()
    regions: set[str] = set()
    run = Run()
    max_bytes = int(max_file_size * 2**20)
    # a large plain-text file is extracted a piece at a time, its pieces held here until
    # the file is read, then written a piece at a time
    with writing(output) as out, tempfile.TemporaryDirectory(prefix="graphkit-pieces-") as held:
        extracted = extract_all(
            paths, jobs, run, max_bytes=max_bytes, ocr=ocr, hints=hints, executor=executor,
            scheduler=scheduler, held=held,
        )
        for ex in extracted:
            held = isinstance(ex, Held)  # counts and the file's agencies, records on disk
            whole = ex.whole if held else ex
            totals["documents"] += ex.documents if held else len(ex.documents)
            totals["measures"] += ex.measures if held else len(ex.measures)
            totals["assignments"] += ex.assignments
            agencies.update(whole.agencies)
            regions.update(whole.regions)
            if fmt == "records":  # documents, then measures; a held file a piece at a time
                write_jsonl(ex.records() if held else [*ex.documents, *ex.measures], out)
            else:
                for part in ex if held else [ex]:
                    for row in part.rows():
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    echo_err(
        f"{totals['documents']} documents, {totals['measures']} measures, "
        f"{totals['assignments']} assignments, {len(agencies)} agencies, "
        f"{len(regions)} regions in {elapsed:.2f} s"
    )
    run.finish(strict)


@click.command()
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
    split when the rows have one (dev, dev-2, held-out, held-out-2).
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
        rows = [row for ex in extract_all(paths, 1, ocr=ocr, hints=hints) for row in ex.rows()]
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


@click.command()
@paths_argument
@click.option("--flagged", is_flag=True, help="Only the agencies with at least one flag.")
@table_output
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

    found = list(extract_all(paths, jobs, max_bytes=int(max_file_size * 2**20), hints=hints))
    rows = [r.to_dict() for r in review_agencies(found) if r.flags or not flagged]
    table = pd.DataFrame(rows, columns=[
        "agency", "region", "level", "function", "kind", "parent", "scope", "mentions",
        "documents", "samples", "flags",
    ])
    emit_table(table, fmt, output, columns=[
        "agency", "region", "level", "function", "mentions", "samples", "flags",
    ])
    echo_err(f"{len(rows)} agencies" + (" flagged" if flagged else ""))
