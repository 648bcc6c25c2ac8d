"""``graphkit centrality``, ``communities``, ``compare``, ``brokers`` and ``network``:
the agency network, measured and written for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphkit.cli.options import (
    UNITS,
    graph_filters,
    library_errors,
    output_option,
    reforms_option,
    role_option,
    seed_option,
    store_option,
    table_output,
    topic_filter,
    topic_ids,
    units_option,
    weighting_option,
)
from graphkit.cli.output import echo_err, emit_table, progress_reporter


def read_graph(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
               topics: tuple[str, ...] = (), **options: Any) -> Any:
    """The agency–measure graph of the store, as the filters ask."""
    from graphkit.analysis import bipartite_graph

    report = progress_reporter()
    if report:
        report(f"reading the graph from {store}")
    options.setdefault("units", UNITS.get())
    return bipartite_graph(store, region=region, document=document or None, year=year,
                           topics=topics or None, **options)


@click.command()
@store_option
@graph_filters
@topic_filter
@role_option("lead", "Keep agencies with this role at least once; rank by it.")
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
               topics: tuple[str, ...], role: str, metric: str | None, by: str | None, top: int | None,
               follow_reforms: bool, fmt: str, output: Path | None) -> None:
    """Rank agencies by the measures they lead, cooperate on or answer for, with
    their centralities in the cooperation network.

    \b
    Example:
      graphkit centrality --role lead --top 10
      graphkit centrality --region 拉萨市 --metric pagerank --format csv -o lhasa.csv
      graphkit centrality --region 西藏自治区 --follow-reforms
      graphkit centrality --topic electricity --top 10
    """
    from graphkit.analysis import lead_centrality

    B = read_graph(store, region, document, year, topics, follow_reforms=follow_reforms,
                   details=False)
    if top is None and fmt == "table" and output is None:
        top = 20
    table = lead_centrality(B, role=role, metric=metric, top=top, by=by,
                            progress=progress_reporter())
    columns = [c for c in [f"{by}_group" if by else "", "agency", "region", "functional_type",
                           "led", "cooperated", "responsible", "partners", "weighted_degree",
                           "betweenness", "pagerank", "hub", "authority", metric or ""] if c]
    emit_table(table, fmt, output, list(dict.fromkeys(columns)))


@click.command()
@store_option
@graph_filters
@topic_filter
@seed_option("Louvain seed.")
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Louvain resolution: higher gives more, smaller communities.")
@weighting_option()
@click.option("--top", type=int, help="Communities to list (largest first).")
@table_output
@library_errors
@units_option("keep")
def communities(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
                topics: tuple[str, ...], seed: int, resolution: float, weighting: str, top: int | None, fmt: str,
                output: Path | None) -> None:
    """Communities of agencies that work together (Louvain), each with its
    leading agency.

    \b
    Example:
      graphkit communities --top 10
      graphkit communities --topic 获得电力 --topic water-gas
    """
    from graphkit.analysis import collaboration_graph
    from graphkit.analysis import communities as find_communities

    B = read_graph(store, region, document, year, topics, details=False)
    table = find_communities(collaboration_graph(B, weighting=weighting), seed=seed,
                             resolution=resolution)
    if fmt == "table" and output is None:
        echo_err(f"{len(table)} communities")
    emit_table(table.head(top) if top else table, fmt, output)


@click.command()
@store_option
@graph_filters
@click.option("--what", type=click.Choice(["types", "concentration", "targets", "target-list",
                                           "topics"]),
              default="types", show_default=True,
              help="Leading functional types per region, concentration of leading, "
              "targets side by side, every target, or the lead type and agency per topic.")
@click.option("--level", type=click.Choice(["province", "city", "region"]), default="province",
              show_default=True, help="Compare provinces, cities or documents' own regions.")
@role_option("lead", "Role compared (types, concentration, topics).")
@click.option("--top", type=int, default=3, show_default=True,
              help="Types per region (types); agencies in the top share (concentration).")
@click.option("--topic", "topic_ids", multiple=True, metavar="TOPIC", callback=topic_ids,
              help="Only this topic (topics; an id of data/lexicon/topics.tsv such as "
              "electricity, or its Chinese name 获得电力); repeatable.")
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


@click.command()
@store_option
@graph_filters
@topic_filter
@weighting_option()
@click.option("--top", type=int, help="Rows to keep. [default: 20 for table, all for csv/json]")
@table_output
@library_errors
@units_option("keep")
def brokers(store: Path, region: str | None, document: tuple[str, ...], year: int | None,
            topics: tuple[str, ...], weighting: str, top: int | None, fmt: str, output: Path | None) -> None:
    """Brokers between agencies: effective size and constraint (Burt's
    structural holes) in the collaboration network.

    \b
    Example:
      graphkit brokers --top 10
      graphkit brokers --region 甘肃省 --format csv -o gansu-brokers.csv
    """
    from graphkit.analysis import brokers as find_brokers
    from graphkit.analysis import collaboration_graph

    B = read_graph(store, region, document, year, topics, details=False)
    if top is None and fmt == "table" and output is None:
        top = 20
    report = progress_reporter()
    if report:
        report(f"structural holes of {B.number_of_nodes()} nodes")
    emit_table(find_brokers(collaboration_graph(B, weighting=weighting), top=top), fmt, output)


@click.command()
@store_option
@click.option("--graph", "which", type=click.Choice(["cooperation", "collaboration",
                                                     "bipartite", "regions", "citations"]),
              default="cooperation", show_default=True, help="Which graph to write.")
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "csv"]),
              help="File format [default: from the file's suffix].")
@output_option("File to write (CSV also writes NAME.nodes.csv).", required=True)
@weighting_option("Tie weights of the collaboration graph.")
@role_option("any", "Assignments kept (bipartite).")
@click.option("--color-by", type=click.Choice(["region", "province", "functional_type",
                                               "level", "agency_kind"]),
              default="region", show_default=True,
              help="Node attribute the colours follow (as on the pages).")
@seed_option("Layout seed.")
@graph_filters
@topic_filter
@library_errors
def network(store: Path, which: str, fmt: str | None, output: Path, weighting: str, role: str,
            color_by: str, seed: int, region: str | None, document: tuple[str, ...],
            year: int | None, topics: tuple[str, ...]) -> None:
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
    if topics and which in ("regions", "citations"):
        raise click.UsageError(f"--topic filters measures: the {which} graph has none")
    if which == "regions":
        G = region_graph(store)
    elif which == "citations":
        G = citation_graph(store, region=region, document=document or None, year=year)
    else:
        B = read_graph(store, region, document, year, topics,
                       role=None if role == "any" else role)
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
