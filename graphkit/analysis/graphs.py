"""NetworkX graphs built from the knowledge graph through SPARQL.

:func:`bipartite_graph` reads who is assigned to which measure from the store
(the agencies' direct role edges, in one query, and what describes agencies,
documents and measures in a few more, read from pyoxigraph's terms directly);
the other agency graphs are pure functions of it:

* :func:`cooperation_graph`: lead -> partner, weighted by shared measures;
* :func:`collaboration_graph`: its undirected projection, plain or with
  Newman's collaboration weighting (a measure shared by ``n`` agencies adds
  ``1 / (n - 1)`` to each pair);
* :func:`agency_graph`: the neighbourhood of one agency.

:func:`region_graph` and :func:`citation_graph` read the region hierarchy and
the citations between documents.

Agency nodes are keyed by their canonical name, measures and documents by IRI,
regions by division code.

Examples
--------
>>> import networkx as nx
>>> B = nx.Graph()
>>> B.add_nodes_from(["甲局", "乙局", "丙局"], kind="agency")
>>> B.add_node("m1", kind="measure")
>>> B.add_edges_from([("甲局", "m1", {"role": "lead"}), ("乙局", "m1", {"role": "cooperate"}),
...                   ("丙局", "m1", {"role": "responsible"})])
>>> C = cooperation_graph(B)
>>> sorted(C.edges(data="role"))
[('甲局', '丙局', 'responsible'), ('甲局', '乙局', 'cooperate')]
>>> P = collaboration_graph(B, weighting="newman")
>>> P["乙局"]["丙局"]["weight"], P["乙局"]["丙局"]["shared"]
(0.5, 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, Literal

import networkx as nx

from graphkit.analysis import sparql as q
from graphkit.errors import QueryError
from graphkit.records import ROLES as RECORD_ROLES

__all__ = [
    "ROLES",
    "agency_graph",
    "agency_nodes",
    "bipartite_graph",
    "citation_graph",
    "collaboration_graph",
    "cooperation_graph",
    "find_agency",
    "merge_types",
    "region_graph",
    "successors",
]

#: Roles in order of precedence (an agency named twice on a measure keeps the first).
ROLES: tuple[str, ...] = RECORD_ROLES
_COUNT = {"lead": "led", "cooperate": "cooperated", "responsible": "responsible"}


_GK = "https://w3id.org/graphkit/ontology#"
_REGION_LEVELS = {_GK + "Province": "province", _GK + "City": "city", _GK + "County": "county"}
_LANGS = ("zh", "zh-cn", "zh-hans", "", "en")


def _rank_lang(lang: str | None) -> int:
    """Chinese labels first, then untagged, then English, then the rest."""
    lang = (lang or "").lower()
    return _LANGS.index(lang) if lang in _LANGS else len(_LANGS)


def _concept_labels(store: Any) -> dict[str, str]:
    """Label of every SKOS concept, Chinese preferred."""
    best: dict[str, tuple[int, str]] = {}
    for r in q.select(store, q.CONCEPT_LABELS):
        rank = (_rank_lang(r["lang"]), r["label"])
        if r["c"] not in best or rank < best[r["c"]]:
            best[r["c"]] = rank
    return {c: label for c, (_, label) in best.items()}


def _level(iri: str | None) -> str:
    """``national``, ``province``, ``city`` or ``county`` from a level concept's IRI."""
    if not iri:
        return ""
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return local.removeprefix("level").lower()


def _merge(rows: list[dict[str, Any]], key: str, fields: tuple[str, ...],
           label: str) -> dict[str, dict[str, Any]]:
    """One record per ``key``: first value of each field, the best label by language."""
    out: dict[str, dict[str, Any]] = {}
    rank: dict[str, tuple[int, str]] = {}
    for r in rows:
        info = out.setdefault(r[key], dict.fromkeys(fields, None))
        for f in fields:
            if info[f] is None and r.get(f) is not None:
                info[f] = r[f]
        if r.get(label) is not None:
            this = (_rank_lang(r.get("lang")), r[label])
            if r[key] not in rank or this < rank[r[key]]:
                rank[r[key]] = this
                info[label] = r[label]
    return out


def _regions(store: Any) -> dict[str, dict[str, Any]]:
    rows = q.select(store, q.REGIONS)
    for r in rows:
        r["level"] = _REGION_LEVELS.get(r["class"] or "")
    regions = _merge(rows, "r", ("code", "parent", "level"), "name")
    for info in regions.values():
        for k in ("name", "code", "parent", "level"):
            info[k] = info.get(k) or ""
    return regions


def _by_index(item: tuple[str, str]) -> tuple[int, str]:
    """Targets in the order of their IRIs' trailing numbers (…/t2 before …/t10)."""
    digits = len(item[0]) - len(item[0].rstrip("0123456789"))
    return (int(item[0][-digits:]) if digits else 0, item[0])


def _is_contraction(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` with characters left out, as 金融监管 is of
    金融监督管理: same first two characters, at least three, all in order."""
    if len(short) < 3 or len(short) >= len(full) or short[:2] != full[:2]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def merge_types(labels: Iterable[str]) -> dict[str, str]:
    """Each functional type label mapped to the one it stands for: a contracted
    label (金融监管) to the full label it contracts (金融监督管理) when exactly
    one full label fits; every other label to itself.

    Examples
    --------
    >>> merge_types(["金融监管", "金融监督管理", "金融", "交通运输"])["金融监管"]
    '金融监督管理'
    >>> merge_types(["金融监管", "金融监督管理", "金融"])["金融"]
    '金融'
    """
    labels = sorted(set(labels))
    out = {}
    for label in labels:
        full = [f for f in labels if _is_contraction(label, f)]
        out[label] = full[0] if len(full) == 1 else label
    return out


def _agencies(store: Any, concepts: dict[str, str]) -> dict[str, dict[str, Any]]:
    agencies = _merge(q.select(store, q.AGENCIES), "a",
                      ("region", "ftype", "level", "kind", "parent", "isUnit"), "label")
    used = merge_types(concepts.get(i["ftype"] or "", "") for i in agencies.values())
    for info in agencies.values():
        info["ftype"] = used.get(concepts.get(info["ftype"] or "", ""), "")
        info["level"] = _level(info["level"])
        info.setdefault("label", None)
    return agencies


def _ancestor(regions: dict[str, dict[str, Any]], iri: str | None, level: str) -> str:
    """Name of the region of ``level`` that ``iri`` lies in (or is), else ""."""
    seen = set()
    while iri and iri in regions and iri not in seen:
        seen.add(iri)
        if regions[iri]["level"] == level:
            return str(regions[iri]["name"])
        iri = regions[iri]["parent"]
    return ""


def _resolve_filters(
    store: Any, region: str | None, document: str | Iterable[str] | None, year: int | None
) -> str:
    region_iri = None
    if region is not None:
        found = q.find_regions(store, region)
        if not found:
            raise QueryError(f"no region named {region!r} in the store")
        if len(found) > 1:
            raise QueryError(
                f"{region!r} names {len(found)} regions ({', '.join(found)}): "
                "give its division code"
            )
        region_iri = found[0]
    document_iris = None
    if document is not None:
        keys = [document] if isinstance(document, str) else list(document)
        document_iris = sorted({iri for k in keys for iri in q.find_documents(store, k)})
        if not document_iris:
            raise QueryError(f"no document matches {document!r} (give its id, IRI, title or 文号)")
    return q.document_filter(region_iri=region_iri, document_iris=document_iris, year=year)


def _resolve_topics(topics: str | Iterable[str] | None) -> set[str] | None:
    if topics is None:
        return None
    from graphkit.extraction.topics import find_topic

    keys = [topics] if isinstance(topics, str) else list(topics)
    try:
        return {find_topic(k) for k in keys}
    except KeyError as e:
        raise QueryError(str(e.args[0])) from None


def _roles_clause(role: str | Iterable[str] | None) -> str:
    if role is None or role == "any":
        return q.ROLE_VALUES
    roles = [role] if isinstance(role, str) else list(role)
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise QueryError(f"unknown role {bad[0]!r}: use one of {', '.join(ROLES)} or any")
    concept = {"lead": "gk:roleLead", "cooperate": "gk:roleCooperate",
               "responsible": "gk:roleResponsible"}
    pairs = " ".join(f'({concept[r]} "{r}")' for r in roles)
    return f"VALUES (?rc ?role) {{ {pairs} }}"


def _edge_roles_clause(role: str | Iterable[str] | None) -> str:
    """The VALUES block of role properties and names (``?p``, ``?role``) kept."""
    if role is None or role == "any":
        return q.ROLE_EDGE_VALUES
    roles = [role] if isinstance(role, str) else list(role)
    _roles_clause(roles)  # the same errors for unknown roles
    prop = {"lead": "gk:leads", "cooperate": "gk:cooperatesOn",
            "responsible": "gk:responsibleFor"}
    pairs = " ".join(f'({prop[r]} "{r}")' for r in roles)
    return f"VALUES (?p ?role) {{ {pairs} }}"


def bipartite_graph(
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
    details: bool = True,
) -> nx.Graph:
    """The agency–measure graph: an edge for each assignment, typed by role.

    Parameters
    ----------
    store
        A store directory, a ``pyoxigraph.Store`` or an rdflib dataset (see
        :func:`graphkit.analysis.sparql.select`).
    region
        Keep documents of this region (name, division code or IRI) and the
        regions within it.
    document
        Keep these documents (record id, IRI, title or 文号; one or several).
    year
        Keep documents issued in this year.
    topics
        Keep the measures of this topic (id or Chinese name, see
        :func:`graphkit.extraction.topics.find_topic`; one or several: a measure
        of any of them) and the agencies with a role in them.
    role
        Keep assignments in this role (``lead``, ``cooperate``, ``responsible``,
        several, or ``any``).
    groups
        Also keep generic collectives (各县区政府 …) as ``kind="group"`` nodes.
    examples
        How many measure texts to keep on each agency (``examples`` attribute).
    unassigned
        Also keep the measures that name no agency (as nodes with no edge), as
        a ledger of every measure needs.
    units
        ``keep`` (internal divisions are nodes of their own) or ``roll-up``
        (a division's assignments count for the agency it belongs to, which
        lists them in ``units``), so that a 处 does not top a table beside
        whole agencies unless asked.
    follow_reforms
        Count a body replaced in an institutional reform (``org:ChangeEvent``,
        see :func:`successors`) under the body that took it over: the 2017
        西藏自治区工商行政管理局's measures become 西藏自治区市场监督管理局's. The
        successor node lists them in ``predecessors`` and the reforms
        followed (``2018-market-regulation`` …) in ``reforms``.
    details
        Read what each measure says (``number``, ``text``, ``section``,
        ``deadline``, ``due_date``, ``targets``, ``source``, ``line``,
        ``topics``) and keep ``examples`` of it on the agencies. ``False``
        reads only who is on which measure and where the measure stands
        (its document, year and region), which is all the tables of
        :func:`~graphkit.analysis.lead_centrality`,
        :func:`~graphkit.analysis.communities` and :func:`~graphkit.analysis.brokers` use,
        in a fraction of the time; the graph is otherwise the same.

    Returns
    -------
    networkx.Graph
        Agency nodes (``kind="agency"``, ``bipartite=0``; keyed by name) with
        ``name``, ``iri``, ``region``, ``province``, ``functional_type``,
        ``level``, ``agency_kind``, ``parent``, ``alt_labels``, ``led``,
        ``cooperated``, ``responsible``, ``measures``, ``examples``,
        ``predecessors``; measure nodes (``kind="measure"``, ``bipartite=1``;
        keyed by IRI) with ``number``, ``text``, ``section``, ``deadline``,
        ``due_date``, ``targets``, ``source``, ``line``, ``document``,
        ``document_title``, ``year``, ``region``, ``province``, ``city``,
        ``topics`` (topic ids); edges with ``role`` and, when a reform was
        followed, ``via`` (the name of the body the text named). Agencies also
        carry ``city``. A contracted functional type (金融监管) is merged into
        the full one it stands for (:func:`merge_types`).
    """
    wanted = _resolve_topics(topics)
    if units not in ("keep", "roll-up"):
        raise ValueError(f"units must be 'keep' or 'roll-up', not {units!r}")
    store = q.connect(store)
    filt = _resolve_filters(store, region, document, year)
    edge_roles, asg_roles = _edge_roles_clause(role), _roles_clause(role)
    # who is on which measure: the agencies' direct edges, the collectives' assignments
    rows = q.select_rows(store, q.ROLE_EDGES % {"roles": edge_roles})[1]
    group_rows = (q.select_rows(store, q.GROUP_ASSIGNMENTS % {"roles": asg_roles})[1]
                  if groups else [])
    place: dict[str, str] = {}
    for m, d in q.select_rows(store, q.PLACES % {"filter": filt})[1]:
        place.setdefault(m, d)
    regions = _regions(store)
    agencies = _agencies(store, _concept_labels(store))
    alts: dict[str, list[str]] = defaultdict(list)
    for a, alt in q.select_rows(store, q.ALT_LABELS)[1]:
        alts[a].append(alt)
    group_labels = {r["a"]: r["label"] for r in q.select(store, q.GROUPS)} if groups else {}
    documents = {r["d"]: r for r in q.select(store, q.DOCUMENTS % {"filter": filt})}
    measures: dict[str, dict[str, Any]] = {}
    targets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if details:
        for r in q.select(store, q.MEASURES % {"filter": filt}):
            seen = measures.setdefault(r["m"], r)
            for k, v in r.items():  # a measure with two deadlines: keep the first of each
                if seen.get(k) is None:
                    seen[k] = v
        for r in q.select(store, q.MEASURE_TARGETS % {"filter": filt}):
            shown = r["phrase"] or f"{r['value']}{r['unit'] or ''}"
            targets[r["m"]].append((r["t"], str(shown)))
    topic_of: dict[str, list[str]] = defaultdict(list)
    if details or wanted is not None:
        for m, topic in q.select_rows(store, q.MEASURE_TOPICS % {"filter": filt})[1]:
            topic_of[m].append(topic)
    on_topic = None
    if wanted is not None:
        on_topic = {m for m, ts in topic_of.items() if wanted.intersection(ts)}
        measures = {m: info for m, info in measures.items() if m in on_topic}
    after: dict[str, str] = {}
    reform_of: dict[str, set[str]] = defaultdict(set)
    if follow_reforms:
        changes = q.select(store, q.CHANGES)
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
    # nodes and edges are gathered in the order they are met, then added in bulk
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    key_of: dict[str, str] = {}
    region_of: dict[str | None, tuple[str, str, str, str]] = {}

    def where(iri: str | None) -> tuple[str, str, str, str]:
        """Name, code, province and city of a region."""
        if iri not in region_of:
            info = regions.get(iri or "", {})
            region_of[iri] = (info.get("name", ""), info.get("code", ""),
                              _ancestor(regions, iri, "province"), _ancestor(regions, iri, "city"))
        return region_of[iri]

    def agency_key(iri: str) -> str:
        if iri not in key_of:
            info = agencies[iri]
            key = info["label"] or iri
            if key in nodes and nodes[key].get("iri") != iri:
                key = f"{key} <{iri}>"
            parent = agencies.get(info["parent"] or "", {}).get("label") or ""
            name, code, province, city = where(info["region"])
            nodes[key] = {
                "kind": "agency",
                "bipartite": 0,
                "name": info["label"] or iri,
                "iri": iri,
                "region": name,
                "region_code": code,
                "province": province,
                "city": city,
                "functional_type": info["ftype"] or "",
                "level": info["level"] or "",
                "agency_kind": info["kind"] or ("unit" if info["isUnit"] else ""),
                "parent": parent,
                "alt_labels": tuple(sorted(set(alts.get(iri, ())))),
            }
            key_of[iri] = key
        return key_of[iri]

    def measure_key(iri: str, doc: str) -> str:
        if iri not in nodes:
            d = documents.get(doc, {})
            issued = d.get("issued") or ""
            name, code, province, city = where(d.get("region"))
            data: dict[str, Any] = {"kind": "measure", "bipartite": 1, "iri": iri}
            if details:
                m = measures.get(iri, {})
                data.update(
                    number=m.get("number") or "",
                    text=m.get("text") or "",
                    section=m.get("section") or "",
                    deadline=m.get("deadline") or "",
                    due_date=m.get("due") or "",
                    targets=tuple(t for _, t in sorted(targets.get(iri, ()), key=_by_index)),
                    source=m.get("source") or "",
                    line=m.get("line") or 0,
                )
            data.update(
                document=doc,
                document_title=d.get("title") or "",
                year=int(issued[:4]) if issued[:4].isdigit() else None,
                region=name,
                region_code=code,
                province=province,
                city=city,
            )
            if details:
                data["topics"] = tuple(sorted(topic_of.get(iri, ())))
            nodes[iri] = data
        return iri

    followed: dict[str, set[str]] = defaultdict(set)
    reforms: dict[str, set[str]] = defaultdict(set)
    parent_of: dict[str, str] = {}
    if units == "roll-up":
        parent_of = _follow({
            iri: info["parent"] for iri, info in agencies.items()
            if info["parent"] and info["parent"] in agencies
            and (info["isUnit"] or info["kind"] == "unit")
        })
    rolled: dict[str, set[str]] = defaultdict(set)
    rank = {r: i for i, r in enumerate(ROLES)}
    kept = sorted(
        (m, rank[r], agent, r)
        for agent, m, r in {*((a, m, r) for a, m, r in rows if a in agencies),
                            *((a, m, r) for a, m, r in group_rows if a not in agencies)}
        if m in place and (on_topic is None or m in on_topic)
    )
    for m_iri, _, agent_iri, r in kept:
        via = None
        if agent_iri in agencies:
            own = parent_of.get(agent_iri, agent_iri)
            if own != agent_iri:
                rolled[own].add(agencies[agent_iri]["label"] or agent_iri)
            agent = after.get(own, own)
            if agent not in agencies:
                agent = agent_iri
            a = agency_key(agent)
            if agent != agent_iri:
                via = agencies[agent_iri]["label"] or agent_iri
                followed[a].add(via)
                reforms[a] |= reform_of.get(agent, set())
        else:
            a = group_labels.get(agent_iri) or agent_iri
            nodes.setdefault(a, {}).update(kind="group", bipartite=0, name=a, iri=agent_iri)
        m = measure_key(m_iri, place[m_iri])
        edge = edges.get((a, m))
        if edge is None:
            edges[(a, m)] = {"role": r, "roles": r} if via is None else {
                "role": r, "roles": r, "via": via}
        elif r not in edge["roles"].split(","):
            edge["roles"] = ",".join(sorted({*edge["roles"].split(","), r}, key=ROLES.index))
    if unassigned:
        for m_iri, info in sorted(measures.items()) if details else sorted(
                (m, {"d": d}) for m, d in place.items()
                if on_topic is None or m in on_topic):
            if m_iri not in nodes:
                measure_key(m_iri, info["d"])
    for iri, names in rolled.items():
        if iri in key_of:
            nodes[key_of[iri]]["units"] = tuple(sorted(names))
    for n, names in followed.items():
        nodes[n]["predecessors"] = tuple(sorted(names))
        nodes[n]["reforms"] = tuple(sorted(reforms[n]))
    _annotate_agencies(nodes, edges, examples)
    G.add_nodes_from(nodes.items())
    G.add_edges_from((a, m, data) for (a, m), data in edges.items())
    return G


def successors(store: Any) -> dict[str, str]:
    """Each agency replaced in an institutional reform -> the agency that took it over last.

    Read from the change events of the graph (``org:originalOrganization`` ->
    ``org:resultingOrganization``) and followed to the end of each chain (a
    cycle stops where it closes). IRIs in, IRIs out.

    >>> _follow({"a": "b", "b": "c", "x": "y", "y": "x"})
    {'a': 'c', 'b': 'c', 'x': 'y', 'y': 'x'}
    """
    rows = q.select(q.connect(store), q.CHANGES)
    return _follow({r["from"]: r["to"] for r in rows if r["from"] != r["to"]})


def _follow(step: dict[str, str]) -> dict[str, str]:
    out = {}
    for start in step:
        seen, node = {start}, step[start]
        while node in step and step[node] not in seen:
            seen.add(node)
            node = step[node]
        out[start] = node
    return out


def _annotate_agencies(nodes: dict[str, dict[str, Any]],
                       edges: dict[tuple[str, str], dict[str, Any]], examples: int) -> None:
    """Role counts and a few measure texts on each agency (and collective) node."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    texts: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for (a, m), data in edges.items():
        counts[a][data["role"]] += 1
        texts[a].append((ROLES.index(data["role"]), m, nodes[m].get("text", "")))
    for n, data in nodes.items():
        if data.get("kind") not in ("agency", "group"):
            continue
        for role in ROLES:
            data[_COUNT[role]] = counts[n][role]
        data["measures"] = len(texts[n])
        data["examples"] = tuple(t for _, _, t in sorted(texts[n])[:examples] if t)


def agency_nodes(G: nx.Graph) -> list[Any]:
    """The agency nodes of a graph (``kind == "agency"``), sorted."""
    return sorted(n for n, k in G.nodes(data="kind") if k == "agency")


def _copy_nodes(B: nx.Graph, H: nx.Graph, nodes: Iterable[Any]) -> None:
    for n in nodes:
        H.add_node(n, **B.nodes[n])


def cooperation_graph(
    B: nx.Graph,
    *,
    partner_roles: Iterable[str] = ROLES,
    isolates: bool = True,
) -> nx.DiGraph:
    """The cooperation network: an edge lead -> partner for every shared measure.

    Parameters
    ----------
    B
        An agency–measure graph (:func:`bipartite_graph`).
    partner_roles
        Roles that make an agency a partner of a measure's lead: by default
        co-leads, cooperating and responsible agencies.
    isolates
        Keep agencies with no lead–partner tie.

    Returns
    -------
    networkx.DiGraph
        Agency nodes with their attributes from ``B``; edges with ``weight``
        (shared measures), ``lead``, ``cooperate``, ``responsible`` (measures
        by the partner's role), ``role`` (the partner's most frequent role) and
        ``measures`` (their IRIs).
    """
    partner_roles = tuple(partner_roles)
    C = nx.DiGraph(name="cooperation", **{k: v for k, v in B.graph.items() if k != "name"})
    agencies = agency_nodes(B)
    if isolates:
        _copy_nodes(B, C, agencies)
    ties: dict[tuple[Any, Any], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m, kind in B.nodes(data="kind"):
        if kind != "measure":
            continue
        on = [(a, B.edges[a, m]["role"]) for a in B[m] if B.nodes[a].get("kind") == "agency"]
        leads = [a for a, role in on if role == "lead"]
        for lead in leads:
            for partner, role in on:
                if partner != lead and role in partner_roles:
                    ties[(lead, partner)][role].add(m)
    for (u, v), by_role in sorted(ties.items()):
        for n in (u, v):
            if n not in C:
                _copy_nodes(B, C, [n])
        shared = set().union(*by_role.values())
        counts = {r: len(by_role.get(r, ())) for r in ROLES}
        dominant = max(("cooperate", "responsible", "lead"), key=lambda r: counts[r])
        C.add_edge(u, v, weight=len(shared), role=dominant, measures=tuple(sorted(shared)),
                   **counts)
    return C


def collaboration_graph(
    B: nx.Graph,
    *,
    weighting: Literal["plain", "newman"] = "plain",
    roles: Iterable[str] = ROLES,
    isolates: bool = True,
) -> nx.Graph:
    """The undirected projection of ``B`` onto agencies.

    Two agencies are tied when they are named on the same measure (in one of
    ``roles``). ``shared`` counts those measures; ``newman`` sums ``1 / (n - 1)``
    over them, ``n`` being the number of agencies on the measure, so a measure
    shared by many agencies ties each pair less (Newman 2001); ``weight`` is
    one or the other as ``weighting`` asks.
    """
    if weighting not in ("plain", "newman"):
        raise ValueError(f"weighting must be plain or newman, not {weighting!r}")
    roles = tuple(roles)
    P = nx.Graph(name=f"collaboration ({weighting})",
                 **{k: v for k, v in B.graph.items() if k != "name"})
    if isolates:
        _copy_nodes(B, P, agency_nodes(B))
    for m, kind in B.nodes(data="kind"):
        if kind != "measure":
            continue
        on = sorted(
            a for a in B[m]
            if B.nodes[a].get("kind") == "agency" and B.edges[a, m]["role"] in roles
        )
        if len(on) < 2:
            continue
        share = 1.0 / (len(on) - 1)
        for i, u in enumerate(on):
            for v in on[i + 1:]:
                for n in (u, v):
                    if n not in P:
                        _copy_nodes(B, P, [n])
                if P.has_edge(u, v):
                    P.edges[u, v]["shared"] += 1
                    P.edges[u, v]["newman"] += share
                else:
                    P.add_edge(u, v, shared=1, newman=share)
    for _, _, data in P.edges(data=True):
        data["weight"] = data["shared"] if weighting == "plain" else data["newman"]
    return P


def find_agency(G: nx.Graph, name: str) -> Any:
    """The agency node called ``name`` (canonical name or a short form).

    Raises :class:`QueryError` naming close matches when there is none.
    """
    if name in G and G.nodes[name].get("kind") == "agency":
        return name
    agencies = agency_nodes(G)
    by_alt = [n for n in agencies if name in G.nodes[n].get("alt_labels", ())]
    if len(by_alt) == 1:
        return by_alt[0]
    if by_alt:
        raise QueryError(
            f"{name!r} is a short form of {len(by_alt)} agencies "
            f"({', '.join(map(str, by_alt[:5]))}{', …' if len(by_alt) > 5 else ''}): "
            "give the full name")
    close = [n for n in agencies if name in str(n)]
    hint = f"; did you mean {', '.join(map(str, close[:5]))}?" if close else ""
    raise QueryError(f"no agency named {name!r}{hint}")


def agency_graph(B: nx.Graph, name: str, *, radius: int = 2) -> nx.Graph:
    """The neighbourhood of one agency in ``B``: its measures and who shares them."""
    node = find_agency(B, name)
    H = nx.ego_graph(B, node, radius=radius).copy()
    H.graph.update(B.graph, name=f"agency {node}", center=node)
    return H


def region_graph(store: Any) -> nx.DiGraph:
    """The region hierarchy: an edge from each region to each region within it.

    Nodes are keyed by division code and carry ``name``, ``level``, ``iri`` and
    ``documents`` (documents whose region it is).
    """
    store = q.connect(store)
    regions = _regions(store)
    where = {r["d"]: r["region"] for r in q.select(store, q.DOCUMENTS % {"filter": ""})}
    docs = Counter(where.values())
    R = nx.DiGraph(name="regions")
    key = {iri: (info["code"] or iri) for iri, info in regions.items()}
    for iri, info in sorted(regions.items()):
        R.add_node(key[iri], name=info["name"], level=info["level"], iri=iri,
                   documents=docs.get(iri, 0))
    for iri, info in sorted(regions.items()):
        if info["parent"]:
            R.add_edge(key.get(info["parent"], info["parent"]), key[iri])
    return R


def citation_graph(
    store: Any,
    *,
    region: str | None = None,
    document: str | Iterable[str] | None = None,
    year: int | None = None,
) -> nx.DiGraph:
    """The citation graph: an edge from each document to each document it cites.

    Nodes are keyed by IRI with ``title``, ``number``, ``date``, ``region`` and
    ``in_corpus`` (False for cited documents known only by title or 文号).
    """
    store = q.connect(store)
    filt = _resolve_filters(store, region, document, year)
    regions = _regions(store)
    docs = {r["d"]: r for r in q.select(store, q.DOCUMENTS % {"filter": ""})}
    by_number = {r["number"]: d for d, r in docs.items() if r["number"] and r["source"]}
    by_title = {_title_key(r["title"]): d for d, r in docs.items() if r["title"] and r["source"]}
    D = nx.DiGraph(name="citations")

    def add(iri: str, title: str = "", number: str = "") -> None:
        if iri in D:
            data = D.nodes[iri]
            data["title"] = data["title"] or _title_key(title)
            data["number"] = data["number"] or number
            return
        d = docs.get(iri)
        D.add_node(
            iri,
            title=(d and d["title"]) or _title_key(title) or "",
            number=(d and d["number"]) or number or "",
            date=(d and d["issued"]) or "",
            region=regions.get((d and d["region"]) or "", {}).get("name", ""),
            in_corpus=d is not None and bool(d.get("source")),
        )

    for r in q.select(store, q.DOCUMENTS % {"filter": filt}):
        add(r["d"])
    cites = q.select(store, q.CITATIONS % {"filter": filt})
    for r in sorted(cites, key=lambda r: (r["d"], r["c"])):
        # a cited document the corpus holds is that document: match 文号, then title
        target = (r["c"] if docs.get(r["c"], {}).get("source")
                  else by_number.get(r["cnumber"] or "")
                  or by_title.get(_title_key(r["ctitle"] or "")) or r["c"])
        if target == r["d"]:
            continue
        add(r["d"])
        add(target, r["ctitle"] or "", r["cnumber"] or "")
        D.add_edge(r["d"], target)
    return D


def _title_key(title: str) -> str:
    """A title compared without its 《》 and spaces."""
    return "".join(title.split()).removeprefix("《").removesuffix("》")
