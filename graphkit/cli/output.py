"""What the commands write: stderr lines, progress lines, files and tables."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click


def echo_err(message: str) -> None:
    """A line on stderr."""
    click.echo(message, err=True)


@contextlib.contextmanager
def writing(output: Path | None) -> Iterator[Any]:
    """``output`` (or stdout) opened for text; a write that fails (a full disk) is a message."""
    from graphkit.extraction.sources import display_path

    where = display_path(output) if output else "stdout"
    try:
        with click.open_file(str(output) if output else "-", "w", encoding="utf-8") as out:
            yield out
            out.flush()
    except OSError as e:
        raise click.ClickException(f"cannot write {where}: {e.strerror or e}") from e


def progress_reporter() -> Callable[[str], None] | None:
    """Progress lines on stderr when it is a terminal; nothing in pipes."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"… {message}", err=True)


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
