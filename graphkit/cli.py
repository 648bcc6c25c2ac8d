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
    return bipartite_graph(store, region=region, document=document or None, year=year,
                           **options)


def emit_table(table: Any, fmt: str, output: Path | None, columns: list[str] | None = None
               ) -> None:
    """Print or write a DataFrame as an aligned table, CSV or JSON records."""
    import json

    import pandas as pd

    plain_index = isinstance(table.index, pd.RangeIndex) and table.index.name is None
    if fmt == "csv":
        text = table.to_csv(index=not plain_index)
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
@table_output
@library_errors
def centrality(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
               role: str, metric: str | None, by: str | None, top: int | None, fmt: str,
               output: Path | None) -> None:
    """Rank agencies by the measures they lead, cooperate on or answer for, with
    their centralities in the cooperation network.

    \b
    Example:
      graphkit centrality --role lead --top 10
      graphkit centrality --region 拉萨市 --metric pagerank --format csv -o lhasa.csv
    """
    from graphkit.analysis import lead_centrality

    B = read_graph(store, region, document, year)
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
@click.option("--what", type=click.Choice(["types", "concentration", "targets", "target-list"]),
              default="types", show_default=True,
              help="Leading functional types per region, concentration of leading, "
              "targets side by side, or every target.")
@click.option("--level", type=click.Choice(["province", "city", "region"]), default="province",
              show_default=True, help="Compare provinces, cities or documents' own regions.")
@click.option("--role", type=click.Choice(["lead", "cooperate", "responsible", "any"]),
              default="lead", show_default=True, help="Role compared (types, concentration).")
@click.option("--top", type=int, default=3, show_default=True,
              help="Types per region (types); agencies in the top share (concentration).")
@table_output
@library_errors
def compare(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
            what: str, level: str, role: str, top: int, fmt: str, output: Path | None) -> None:
    """Compare regions: which functional types lead, how concentrated leading
    is, and the same kind of target side by side.

    \b
    Example:
      graphkit compare --what concentration
      graphkit compare --what targets --level city
    """
    from graphkit.analysis import (
        compare_targets,
        concentration,
        leading_types,
        target_table,
    )

    if what in ("targets", "target-list"):
        targets = target_table(store, level=level, region=region, document=document or None,
                               year=year)
        table = compare_targets(targets) if what == "targets" else targets
    else:
        B = read_graph(store, region, document, year)
        table = (leading_types(B, level=level, role=role, top=top) if what == "types"
                 else concentration(B, level=level, role=role, top=top))
    emit_table(table, fmt, output)


VIEW_KINDS = ("cooperation", "bipartite", "agency", "region")


@cli.command()
@store_option
@click.argument("kind", type=click.Choice(VIEW_KINDS))
@click.argument("name", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write [default: KIND.html or KIND-NAME.html].")
@graph_filters
@click.option("--size-by", help="Node attribute sizing nodes [default: led, or measures "
              "for bipartite and agency views].")
@click.option("--color-by", type=click.Choice(["region", "province", "functional_type",
                                               "level", "agency_kind", "community"]),
              help="Node attribute colouring nodes [default: region, or functional_type "
              "for a region view].")
@click.option("--seed", type=int, default=0, show_default=True, help="Layout seed.")
@click.option("--physics", is_flag=True, help="Let the browser settle the layout "
              "(bounded); by default it is computed here.")
@library_errors
def view(store: Path, kind: str, name: str | None, output: Path | None, region: str | None,
         document: tuple[str, ...], year: int | None, size_by: str | None,
         color_by: str | None, seed: int, physics: bool) -> None:
    """Write an interactive page (one offline HTML file): the cooperation network,
    the agency–measure graph, one agency's neighbourhood or one region's network.

    \b
    Example:
      graphkit view cooperation -o out/cooperation.html
      graphkit view agency 拉萨市市场监督管理局
      graphkit view region 陕西省 --color-by functional_type
    """
    from graphkit.analysis import (
        agency_graph,
        collaboration_graph,
        cooperation_graph,
        partition,
    )
    from graphkit.viz import write_page

    if kind in ("agency", "region") and not name:
        raise click.UsageError(f"view {kind} needs a NAME")
    if kind in ("cooperation", "bipartite") and name:
        raise click.UsageError(f"view {kind} takes no NAME")
    if kind == "region":
        region = name
    B = read_graph(store, region, document, year)
    if kind in ("cooperation", "region"):
        G = cooperation_graph(B, isolates=False)
        title = "合作网络 cooperation network" + (f" · {name}" if name else "")
    elif kind == "bipartite":
        G, title = B, "机构–措施 agencies and measures"
    else:
        G = agency_graph(B, str(name))
        title = f"{G.graph['center']} · measures and partners"
    if color_by == "community":
        for n, c in partition(collaboration_graph(B), seed=seed).items():
            if n in G:
                G.nodes[n]["community"] = f"C{c}"
    size_by = size_by or ("measures" if kind in ("bipartite", "agency") else "led")
    color_by = color_by or ("functional_type" if kind == "region" else "region")
    output = output or Path(f"{kind}-{name}.html" if name else f"{kind}.html")
    output.parent.mkdir(parents=True, exist_ok=True)
    report = progress_reporter()
    if report:
        report(f"laying out {G.number_of_nodes()} nodes")
    write_page(G, output, title=title, size_by=size_by, color_by=color_by, seed=seed,
               physics=physics)
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
@graph_filters
@library_errors
def network(store: Path, which: str, fmt: str | None, output: Path, weighting: str, role: str,
            region: str | None, document: tuple[str, ...], year: int | None) -> None:
    """Write a graph for Gephi, UCINET or R: GEXF, GraphML or edge-list CSV.

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
    output.parent.mkdir(parents=True, exist_ok=True)
    write_graph(G, output, fmt)
    echo_err(f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="graphkit")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
