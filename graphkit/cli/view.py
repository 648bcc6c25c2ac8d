"""``graphkit view``: interactive offline pages of the network and the ledger."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.analysis import read_graph
from graphkit.cli.options import (
    graph_filters,
    library_errors,
    output_option,
    reforms_option,
    seed_option,
    store_option,
    topic_filter,
    units_option,
)
from graphkit.cli.output import echo_err, progress_reporter

VIEW_KINDS = ("cooperation", "bipartite", "agency", "region", "ledger")
SIZE_BY = ("led", "cooperated", "responsible", "measures", "connections")


def filters_title(region: str | None, document: tuple[str, ...], year: int | None,
                  topics: tuple[str, ...] = ()) -> str:
    """`` · 拉萨市 · 2021 · 获得电力`` : the filters a page was made with, for its title.

    A topic is shown by its Chinese name.

    Examples
    --------
    >>> filters_title("拉萨市", (), 2021, ("electricity",))
    ' · 拉萨市 · 2021 · 获得电力'
    >>> filters_title(None, (), None)
    ''
    """
    from graphkit.extraction.topics import topics as scheme

    names = scheme()
    parts = [region or "", *document, str(year) if year else "",
             *(names[t].zh if t in names else t for t in topics)]
    return "".join(f" · {p}" for p in parts if p)


@click.command()
@store_option
@click.argument("kind", type=click.Choice(VIEW_KINDS))
@click.argument("name", required=False)
@output_option("HTML file to write [default: KIND.html or KIND-NAME.html].")
@graph_filters
@topic_filter
@click.option("--size-by", type=click.Choice(SIZE_BY),
              help="Node attribute sizing nodes [default: led, or measures "
              "for bipartite and agency views].")
@click.option("--color-by", type=click.Choice(["region", "province", "functional_type",
                                               "level", "agency_kind", "community"]),
              help="Node attribute colouring nodes [default: region, or functional_type "
              "for a region view].")
@seed_option("Layout seed.")
@click.option("--physics", is_flag=True, help="Let the browser settle the layout "
              "(bounded); by default it is computed here.")
@click.option("--graph-page", default="cooperation.html", show_default=True,
              help="ledger: the network page each agency links to (its node is selected).")
@reforms_option
@library_errors
@units_option("keep")
def view(store: Path, kind: str, name: str | None, output: Path | None, region: str | None,
         document: tuple[str, ...], year: int | None, topics: tuple[str, ...],
         size_by: str | None,
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
      graphkit view ledger --topic electricity -o out/ledger-electricity.html
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
    B = read_graph(store, region, document, year, topics, unassigned=kind == "ledger",
                   follow_reforms=follow_reforms)
    suffix = filters_title(None if kind == "region" else region, document, year, topics)
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
