"""What researchers trip over: @zh labels and typed parameters, unused parameters,
queries and analyses on an endpoint URL, and the column types of DataFrames."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import QueryError, StoreError
from graphkit.store import query, run

BY_NAME = "SELECT ?a WHERE { ?a skos:prefLabel ?name }"
AGENCY = "拉萨市司法局"


def test_a_plain_literal_does_not_match_a_zh_label(contract_store):
    """Why the parameters exist: the label is "…"@zh, a plain literal misses it."""
    plain = f'SELECT ?a WHERE {{ ?a skos:prefLabel "{AGENCY}" }}'
    assert len(query(contract_store, plain)) == 0
    assert len(query(contract_store, plain.replace(f'"{AGENCY}"', f'"{AGENCY}"@zh'))) == 1


@pytest.mark.parametrize(
    ("value", "rows"),
    [(AGENCY, 1),                      # a plain name matches the label in any language
     (f'"{AGENCY}"@zh', 1),            # a literal with its language
     (f'"{AGENCY}"', 0),               # a plain literal, as written: no such label
     (f'"{AGENCY}"@en', 0)],
)
def test_name_parameter(contract_store, contract_dataset, value, rows):
    for target in (contract_store, contract_dataset):
        assert len(query(target, BY_NAME, params={"name": value})) == rows


def test_iri_and_typed_parameters(contract_store, contract_dataset):
    iri = query(contract_store, BY_NAME, params={"name": AGENCY})["a"][0]
    q = "SELECT ?name WHERE { ?a skos:prefLabel ?name }"
    for target in (contract_store, contract_dataset):
        assert query(target, q, params={"a": f"<{iri}>"})["name"].tolist() == [AGENCY]
        due = query(target, "SELECT ?m WHERE { ?m gk:hasDeadline/gk:dueDate ?due }",
                    params={"due": '"2021-06-30"^^xsd:date'})
        assert len(due) == 1
        assert len(query(target, "SELECT ?m WHERE { ?m gk:hasDeadline/gk:dueDate ?due }",
                         params={"due": '"2021-06-30"'})) == 0  # a string is not a date


def test_parameter_the_query_does_not_use_is_an_error(contract_store):
    with pytest.raises(QueryError, match=r"no variable \?nmae to bind"):
        run(contract_store, BY_NAME, params={"nmae": AGENCY})
    result = CliRunner().invoke(cli, ["query", BY_NAME, "-p", f"nmae={AGENCY}",
                                      "--store", str(contract_store)])
    assert result.exit_code != 0 and "?nmae" in result.output


def test_cli_binds_a_plain_name_to_the_zh_label(contract_store):
    result = CliRunner().invoke(cli, ["query", BY_NAME, "-p", f"name={AGENCY}", "--format",
                                      "csv", "--store", str(contract_store)])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 2


def test_dataframe_column_types(contract_store):
    q = ("SELECT ?m ?line ?due WHERE { ?m a gk:Measure ; gk:sourceLine ?line ."
         " OPTIONAL { ?m gk:hasDeadline/gk:dueDate ?due } }")
    df = query(contract_store, q)
    assert str(df["line"].dtype) == "Int64" and str(df["due"].dtype) == "datetime64[ns]"
    assert df["due"].notna().sum() >= 1 and df["due"].isna().sum() >= 1
    assert pd.Timestamp("2021-06-30") in set(df["due"].dropna())
    empty = query(contract_store, q + " LIMIT 0")
    assert len(empty) == 0
    assert str(empty["line"].dtype) == "Int64" and str(empty["due"].dtype) == "datetime64[ns]"


# --- an endpoint URL instead of a store ---------------------------------------------


@pytest.fixture(scope="module")
def endpoint(contract_store):
    from test_serve import start_server, stop_server

    server = start_server(contract_store)
    try:
        yield server.query_url
    finally:
        stop_server(server.process)


@pytest.mark.server
def test_query_on_an_endpoint_equals_the_store(endpoint, contract_store):
    q = "SELECT ?a ?name WHERE { ?a a gk:Agency ; skos:prefLabel ?name } ORDER BY ?a"
    local, remote = query(contract_store, q), query(endpoint, q)
    assert remote.equals(local) and len(local) > 5
    assert query(endpoint, BY_NAME, params={"name": f'"{AGENCY}"@zh'})["a"].tolist() == \
        query(contract_store, BY_NAME, params={"name": AGENCY})["a"].tolist()
    ask = run(endpoint, "ASK { ?m a gk:Measure }")
    assert ask.kind == "ASK" and ask.boolean is True


@pytest.mark.server
def test_analysis_on_an_endpoint_equals_the_store(endpoint, contract_store):
    import networkx as nx

    from graphkit.analysis import bipartite_graph, brokers, collaboration_graph

    local, remote = bipartite_graph(contract_store), bipartite_graph(endpoint)
    assert nx.utils.graphs_equal(local, remote)
    assert dict(local.nodes(data=True)) == dict(remote.nodes(data=True))
    assert brokers(collaboration_graph(remote)).equals(brokers(collaboration_graph(local)))


def test_bad_url_is_named_intact():
    url = "http://127.0.0.1:9/no//such/sparql?x=1"
    with pytest.raises(StoreError) as info:
        run(url, "ASK {}")
    assert url in str(info.value)
