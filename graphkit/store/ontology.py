"""The ontology, the SHACL shapes and the SPARQL cookbook shipped inside the package.

They live in ``graphkit/data/`` so that a plain ``pip install`` has them;
``ontology/`` at the top of the source tree links to the same files.

Examples
--------
>>> "lead_agencies" in cookbook()
True
>>> len(ontology_graph()) > 100
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    ONTOLOGY_IRI: URIRef

__all__ = [
    "ONTOLOGY_IRI",
    "cookbook",
    "cookbook_query",
    "ontology_graph",
    "ontology_text",
    "shapes_graph",
    "shapes_text",
]

#: The ontology's own IRI (``ONTOLOGY_IRI``, an rdflib ``URIRef`` made on first use, so
#: that the cookbook is read without rdflib); a store keeps the ontology in its named graph.
_ONTOLOGY = "https://w3id.org/graphkit/ontology"


def __getattr__(name: str) -> Any:
    if name == "ONTOLOGY_IRI":
        from rdflib import URIRef

        globals()[name] = value = URIRef(_ONTOLOGY)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _data(*parts: str) -> str:
    return resources.files("graphkit").joinpath("data", *parts).read_text(encoding="utf-8")


def ontology_text() -> str:
    """``graphkit.ttl``: the OWL ontology, as Turtle."""
    return _data("graphkit.ttl")


def shapes_text() -> str:
    """``shapes.ttl``: the SHACL shapes, as Turtle."""
    return _data("shapes.ttl")


@lru_cache(maxsize=4)  # one parse per file: blank-node shapes keep their ids
def _parsed(name: str) -> Graph:
    from rdflib import Graph

    return Graph().parse(data=_data(name), format="turtle")


def ontology_graph() -> Graph:
    """The ontology as a new rdflib ``Graph``."""
    from rdflib import Graph

    g = Graph()
    g += _parsed("graphkit.ttl")
    return g


def shapes_graph() -> Graph:
    """The SHACL shapes as a new rdflib ``Graph``."""
    from rdflib import Graph

    g = Graph()
    g += _parsed("shapes.ttl")
    return g


def cookbook() -> dict[str, str]:
    """The cookbook's queries by name (file name without ``.rq``), sorted by name."""
    folder = resources.files("graphkit").joinpath("data", "queries")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            out[entry.name[: -len(".rq")]] = entry.read_text(encoding="utf-8")
    return out


def cookbook_query(name: str) -> str:
    """One cookbook query by name; ``KeyError`` names the ones there are."""
    queries = cookbook()
    if name not in queries:
        raise KeyError(f"no cookbook query {name!r}; there are: {', '.join(queries)}")
    return queries[name]
