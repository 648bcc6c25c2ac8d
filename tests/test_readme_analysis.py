"""The README's figures for the corpus network are the corpus' figures."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from graphkit.analysis import bipartite_graph, collaboration_graph, communities, lead_centrality

pytestmark = pytest.mark.slow


def readme_top10() -> list[tuple[str, int, int, int]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("The corpus' top 10 lead agencies"):]
    rows = re.findall(r"^\| (\d+) \| (\S+) \| \S+ \| \S+ \| (\d+) \| (\d+) \| (\d+) \|", section,
                      re.M)
    return [(agency, int(led), int(co), int(resp)) for _, agency, led, co, resp in rows]


def test_readme_top10_is_the_corpus_top10(corpus_store):
    table = lead_centrality(bipartite_graph(corpus_store), top=10)
    actual = [(r.agency, r.led, r.cooperated, r.responsible) for r in table.itertuples()]
    assert readme_top10() == actual, (
        "README.md's top 10 lead agencies are out of date: "
        "refresh them from `graphkit centrality --top 10`")


def test_readme_community_count(corpus_store):
    found = len(communities(collaboration_graph(bipartite_graph(corpus_store)), seed=0))
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Louvain (seed 0) finds {found} communities" in text


def test_readme_topic_example_is_the_corpus(corpus_store):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("$ graphkit centrality --topic electricity --top 3"):]
    block = block[:block.index("```")]
    rows = re.findall(r"^(\d) +(\S+) +\S+ +\S+ +(\d+) +(\d+) +(\d+) ", block, re.M)
    B = bipartite_graph(corpus_store, topics="electricity", unassigned=True)
    table = lead_centrality(B, top=3)
    assert [(a, int(led), int(co), int(resp)) for _, a, led, co, resp in rows] == [
        (r.agency, r.led, r.cooperated, r.responsible) for r in table.itertuples()]
    measures = sum(1 for _, k in B.nodes(data="kind") if k == "measure")
    assert f"({measures} measures)" in block
