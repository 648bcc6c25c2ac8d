"""The agency–measure graph as graphkit read it before it read pyoxigraph's terms
directly: the assignment nodes through ``ASSIGNMENTS`` (two ``EXISTS`` per row),
every answer through rdflib's terms, the graph built node by node. Kept only so
that ``test_analysis_reading.py`` can check the reading that replaced it gives
the same graph; the helpers that did not change are imported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphkit.analysis import sparql as q
from graphkit.analysis.graphs import (
    _COUNT,
    ROLES,
    _agencies,
    _ancestor,
    _by_index,
    _concept_labels,
    _follow,
    _regions,
    _resolve_filters,
    _resolve_topics,
    _roles_clause,
)


def former_select(store: Any, query: str) -> list[dict[str, Any]]:
    """``select`` as it was: through :func:`graphkit.store.run` and rdflib's terms."""
    from graphkit.store import run

    results = run(q.connect(store), q.PREFIXES + query)
    return [
        {v: q._python(term) for v, term in zip(results.variables, row, strict=True)}
        for row in results.rows
    ]


def former_bipartite_graph(
    store: Any,
    *,
    region: str | None = None,
    document: str | Iterable[str] | None = None,
    year: int | None = None,
    topics: str | Iterable[str] | None = None,
    role: str | Iterable[str] | None = None,
    groups: bool = False,
    examples: int = 3,
    unassigned: bool = False,
    follow_reforms: bool = False,
    units: str = "keep",
) -> nx.Graph:
    """The agency–measure graph as graphkit read it before (see the module)."""
    wanted = _resolve_topics(topics)
    store = q.connect(store)
    filt = _resolve_filters(store, region, document, year)
    rows = former_select(store, q.ASSIGNMENTS % {"roles": _roles_clause(role), "filter": filt})
    regions = _regions(store)
    agencies = _agencies(store, _concept_labels(store))
    alts: dict[str, list[str]] = defaultdict(list)
    for r in former_select(store, q.ALT_LABELS):
        alts[r["a"]].append(r["alt"])
    group_labels = {r["a"]: r["label"] for r in former_select(store, q.GROUPS)} if groups else {}
    documents = {r["d"]: r for r in former_select(store, q.DOCUMENTS % {"filter": filt})}
    measures: dict[str, dict[str, Any]] = {}
    for r in former_select(store, q.MEASURES % {"filter": filt}):
        seen = measures.setdefault(r["m"], r)
        for k, v in r.items():  # a measure with two deadlines: keep the first of each
            if seen.get(k) is None:
                seen[k] = v
    targets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in former_select(store, q.MEASURE_TARGETS % {"filter": filt}):
        shown = r["phrase"] or f"{r['value']}{r['unit'] or ''}"
        targets[r["m"]].append((r["t"], str(shown)))
    topic_of: dict[str, list[str]] = defaultdict(list)
    for r in former_select(store, q.MEASURE_TOPICS % {"filter": filt}):
        topic_of[r["m"]].append(r["topic"])
    if wanted is not None:
        on_topic = {m for m, ts in topic_of.items() if wanted.intersection(ts)}
        rows = [r for r in rows if r["m"] in on_topic]
        measures = {m: info for m, info in measures.items() if m in on_topic}
    if units not in ("keep", "roll-up"):
        raise ValueError(f"units must be 'keep' or 'roll-up', not {units!r}")
    after: dict[str, str] = {}
    reform_of: dict[str, set[str]] = defaultdict(set)
    if follow_reforms:
        changes = former_select(store, q.CHANGES)
        after = _follow({r["from"]: r["to"] for r in changes if r["from"] != r["to"]})
        for r in changes:
            if r["reform"]:
                reform_of[after.get(r["from"], r["to"])].add(r["reform"])

    G = nx.Graph(
        name="agency–measure",
        filters={"region": region, "document": document, "year": year,
                 "topics": None if wanted is None else tuple(sorted(wanted)), "role": role,
                 "follow_reforms": follow_reforms, "units": units},
    )
    key_of: dict[str, str] = {}

    def agency_key(iri: str) -> str:
        if iri not in key_of:
            info = agencies[iri]
            key = info["label"] or iri
            if key in G and G.nodes[key].get("iri") != iri:
                key = f"{key} <{iri}>"
            parent = agencies.get(info["parent"] or "", {}).get("label") or ""
            G.add_node(
                key,
                kind="agency",
                bipartite=0,
                name=info["label"] or iri,
                iri=iri,
                region=regions.get(info["region"] or "", {}).get("name", ""),
                region_code=regions.get(info["region"] or "", {}).get("code", ""),
                province=_ancestor(regions, info["region"], "province"),
                city=_ancestor(regions, info["region"], "city"),
                functional_type=info["ftype"] or "",
                level=info["level"] or "",
                agency_kind=info["kind"] or ("unit" if info["isUnit"] else ""),
                parent=parent,
                alt_labels=tuple(sorted(set(alts.get(iri, ())))),
            )
            key_of[iri] = key
        return key_of[iri]

    def measure_key(iri: str, doc: str) -> str:
        if iri not in G:
            m = measures.get(iri, {})
            d = documents.get(doc, {})
            issued = d.get("issued") or ""
            G.add_node(
                iri,
                kind="measure",
                bipartite=1,
                iri=iri,
                number=m.get("number") or "",
                text=m.get("text") or "",
                section=m.get("section") or "",
                deadline=m.get("deadline") or "",
                due_date=m.get("due") or "",
                targets=tuple(t for _, t in sorted(targets.get(iri, ()), key=_by_index)),
                source=m.get("source") or "",
                line=m.get("line") or 0,
                document=doc,
                document_title=d.get("title") or "",
                year=int(issued[:4]) if issued[:4].isdigit() else None,
                region=regions.get(d.get("region") or "", {}).get("name", ""),
                region_code=regions.get(d.get("region") or "", {}).get("code", ""),
                province=_ancestor(regions, d.get("region"), "province"),
                city=_ancestor(regions, d.get("region"), "city"),
                topics=tuple(sorted(topic_of.get(iri, ()))),
            )
        return iri

    followed: dict[str, set[str]] = defaultdict(set)
    reforms: dict[str, set[str]] = defaultdict(set)
    via: dict[tuple[str, str], str] = {}
    parent_of: dict[str, str] = {}
    if units == "roll-up":
        parent_of = _follow({
            iri: info["parent"] for iri, info in agencies.items()
            if info["parent"] and info["parent"] in agencies
            and (info["isUnit"] or info["kind"] == "unit")
        })
    rolled: dict[str, set[str]] = defaultdict(set)
    for r in sorted(rows, key=lambda r: (r["m"], ROLES.index(r["role"]), r["agent"])):
        if r["isAgency"] and r["agent"] in agencies:
            if r["agent"] in parent_of:
                rolled[parent_of[r["agent"]]].add(agencies[r["agent"]]["label"] or r["agent"])
            agent = after.get(parent_of.get(r["agent"], r["agent"]), parent_of.get(r["agent"], r["agent"]))
            if agent not in agencies:
                agent = r["agent"]
            a = agency_key(agent)
            if agent != r["agent"]:
                name = agencies[r["agent"]]["label"] or r["agent"]
                followed[a].add(name)
                reforms[a] |= reform_of.get(agent, set())
                via.setdefault((a, r["m"]), name)
        elif groups and r["isGroup"]:
            a = group_labels.get(r["agent"]) or r["agent"]
            G.add_node(a, kind="group", bipartite=0, name=a, iri=r["agent"])
        else:
            continue
        m = measure_key(r["m"], r["d"])
        if G.has_edge(a, m):
            roles = G.edges[a, m]["roles"].split(",")
            if r["role"] not in roles:
                G.edges[a, m]["roles"] = ",".join(sorted({*roles, r["role"]}, key=ROLES.index))
            continue
        G.add_edge(a, m, role=r["role"], roles=r["role"])
        if (a, m) in via:
            G.edges[a, m]["via"] = via[(a, m)]

    if unassigned:
        for m, info in sorted(measures.items()):
            if m not in G:
                measure_key(m, info["d"])
    for iri, names in rolled.items():
        if iri in key_of:
            G.nodes[key_of[iri]]["units"] = tuple(sorted(names))
    for n, names in followed.items():
        G.nodes[n]["predecessors"] = tuple(sorted(names))
        G.nodes[n]["reforms"] = tuple(sorted(reforms[n]))
    _annotate_agencies(G, examples)
    return G


def _annotate_agencies(G: nx.Graph, examples: int) -> None:
    """Role counts and a few measure texts on each agency node."""
    for n, data in G.nodes(data=True):
        if data.get("kind") not in ("agency", "group"):
            continue
        counts: Counter[str] = Counter()
        texts = []
        for m in G[n]:
            counts[G.edges[n, m]["role"]] += 1
            texts.append((ROLES.index(G.edges[n, m]["role"]), m, G.nodes[m].get("text", "")))
        for role in ROLES:
            data[_COUNT[role]] = counts[role]
        data["measures"] = G.degree(n)
        data["examples"] = tuple(t for _, _, t in sorted(texts)[:examples] if t)
