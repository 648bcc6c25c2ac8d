"""A parameter bound by a ``VALUES`` block gives the answers substitution gives.

Queries on an Oxigraph store bind their parameters with a ``VALUES`` block
where :func:`graphkit.store.inline.inlinable` says that binds as substitution
would (Oxigraph's optimizer then sees the value). Each query here runs both
ways on the corpus store, the substitution way forced, and must answer the same.
"""

from __future__ import annotations

import pytest

from graphkit.store import cookbook_query, run
from graphkit.store import sparql as sparql_module

#: (query, parameters): every cookbook query that takes one, and the shapes of
#: query the inlining has to get right (an OPTIONAL's filter, projection, ASK).
CASES = [
    (cookbook_query("region_measures"), {"region": "拉萨市"}),
    (cookbook_query("region_measures"), {"region": '"甘肃省"@zh'}),
    (cookbook_query("citing_documents"), {"cited": "优化营商环境条例"}),
    (cookbook_query("topic_measures"), {"topic": "electricity"}),
    (cookbook_query("topic_measures"), {"topic": "获得电力"}),
    (cookbook_query("topic_leads"), {"topic": "taxes"}),
    (cookbook_query("reform_chains"), {"reform": "2018-market-regulation"}),
    ("SELECT ?m ?name WHERE { ?a gk:leads ?m ; skos:prefLabel ?name "
     "OPTIONAL { ?m gk:deadline ?d FILTER (STR(?name) = STR(?who)) } }",
     {"who": "拉萨市市场监督管理局"}),
    ("SELECT ?who (COUNT(?m) AS ?n) WHERE { ?a skos:prefLabel ?who ; gk:leads ?m } "
     "GROUP BY ?who", {"who": "拉萨市市场监督管理局"}),
    ("SELECT ?m WHERE { { ?a skos:prefLabel ?who ; gk:leads ?m } UNION "
     "{ ?a skos:prefLabel ?who ; gk:cooperatesOn ?m } }", {"who": "拉萨市市场监督管理局"}),
    ("ASK { ?a skos:prefLabel ?who ; gk:leads ?m }", {"who": "拉萨市市场监督管理局"}),
]


def _rows(result):
    return sorted(map(repr, result.rows)), result.boolean


@pytest.mark.parametrize(("sparql", "params"), CASES)
def test_values_block_answers_as_substitution(corpus_store, monkeypatch, sparql, params):
    inlined = run(corpus_store, sparql, params=params)
    monkeypatch.setattr(sparql_module, "inlinable", lambda *_: False)
    substituted = run(corpus_store, sparql, params=params)
    assert _rows(inlined) == _rows(substituted)
    assert inlined.rows or inlined.boolean, "a case with no answer shows nothing"
