"""SHACL validation: the sample conforms; each kind of malformed graph is caught."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Literal

from graphkit.namespace import GK, IRIs
from graphkit.records import Agency, Assignment, Deadline, Measure, Region, Target
from graphkit.store import build, graph_of, validate

IRI = IRIs()


def test_sample_conforms(sample_extractions):
    report = validate(sample_extractions)
    assert report.conforms, report.summary()
    assert report.violations == [] and report.triples > 500


def test_store_with_its_ontology_conforms(sample_store):
    assert validate(sample_store).conforms


def first_measure(x):
    return x.measures[0]


def with_measure(x, **changes):
    return dataclasses.replace(x, measures=[dataclasses.replace(x.measures[0], **changes)])


def with_agency(x, agency: Agency):
    return dataclasses.replace(x, agencies={**x.agencies, agency.label: agency})


BROKEN = {
    "measure without its document": (
        lambda x: dataclasses.replace(x, documents=[]),
        "http://data.europa.eu/eli/ontology#is_part_of",
    ),
    "unresolved agency": (
        lambda x: with_measure(x, assignments=(Assignment("lead", "某某局", "", "lhasa.txt", 6),)),
        str(GK.agency),
    ),
    "assignment without its mention": (
        lambda x: with_measure(
            x, assignments=(Assignment("lead", "", "拉萨市公安局", "lhasa.txt", 6),)
        ),
        str(GK.mention),
    ),
    "assignment without a role": (
        lambda x: with_measure(
            x, assignments=(Assignment("leader", "市公安局", "拉萨市公安局", "lhasa.txt", 6),)
        ),
        str(GK.role),
    ),
    "agency placed nowhere and not national": (
        lambda x: with_agency(x, Agency("拉萨市公安局", region="", level="city")),
        "AgencyShape",
    ),
    "agency of an unknown kind": (
        lambda x: with_agency(x, Agency("拉萨市公安局", "拉萨市", "city", "公安", "bureau")),
        str(GK.agencyKind),
    ),
    "unit without its parent": (
        lambda x: with_agency(x, Agency("拉萨市公安局", "拉萨市", "city", "公安", "unit")),
        "http://www.w3.org/ns/org#unitOf",
    ),
    "target value not a number": (
        lambda x: with_measure(x, targets=(Target("四", "个工作日", "le", "四个工作日", 5),)),
        str(GK.value),
    ),
    "target without unit": (
        lambda x: with_measure(x, targets=(Target("4", "", "le", "4", 5),)),
        str(GK.unit),
    ),
    "target with an unknown comparator": (
        lambda x: with_measure(x, targets=(Target("4", "天", "lt", "少于4天", 5),)),
        str(GK.comparator),
    ),
    "deadline on a day that does not exist": (
        lambda x: with_measure(x, deadline=Deadline("2月底", "2021-02-30", "month", 8)),
        str(GK.dueDate),
    ),
    "deadline of an unknown period": (
        lambda x: with_measure(x, deadline=Deadline("下旬", "", "decade", 8)),
        str(GK.period),
    ),
    "measure without text": (lambda x: with_measure(x, text=""), str(GK.text)),
    "measure line after its end": (lambda x: with_measure(x, end_line=2), str(GK.sourceLine)),
    "region code of five digits": (
        lambda x: dataclasses.replace(
            x, regions={**x.regions, "540100": Region("54010", "拉萨市", "city", "540000")}
        ),
        str(GK.divisionCode),
    ),
    "city outside any province": (
        lambda x: dataclasses.replace(
            x,
            regions={
                k: (dataclasses.replace(r, parent="") if k == "540100" else r)
                for k, r in x.regions.items()
            },
        ),
        str(GK.withinRegion),
    ),
    "region code outside its province": (
        lambda x: dataclasses.replace(
            x,
            regions={
                **x.regions,
                "540100": Region("540100", "拉萨市", "city", "610000"),
            },
        ),
        "RegionCodeShape",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_malformed_graphs_are_reported(case, sample_extractions):
    breaking, where = BROKEN[case]
    lhasa = breaking(sample_extractions[0])
    report = validate([lhasa])
    assert not report.conforms
    found = {v.path for v in report.violations} | {
        v.shape.rsplit("#")[-1] for v in report.violations
    }
    assert where in found, report.summary()
    for v in report.violations:
        assert v.message and v.focus and str(v)


def test_direct_edges_and_assignments_must_agree(sample_extractions):
    ds = graph_of(sample_extractions)
    m = first_measure(sample_extractions[0])
    agency, measure = IRI.agency(m.assignments[0].agency), IRI.measure(m.id)
    g = ds.graph(IRI.graph(m.doc_id))
    g.remove((agency, GK.leads, measure))
    stray = IRI.agency("拉萨市公安局")
    g.add((stray, GK.leads, IRI.measure(sample_extractions[0].measures[1].id)))
    report = validate(ds)
    shapes = {v.shape.rsplit("#", 1)[-1]: v.focus for v in report.violations}
    assert shapes == {
        "AssignmentWithoutEdgeShape": str(IRI.assignment(m.id, 1)),
        "EdgeWithoutAssignmentShape": str(stray),
    }


def test_a_group_typed_as_agency_is_reported(sample_extractions):
    ds = graph_of(sample_extractions)
    group = next(ds.subjects(predicate=None, object=GK.AgencyGroup))
    ds.graph(IRI.graph("lhasa.txt/d1")).add((group, GK.agencyKind, Literal("agency")))
    ds.graph(IRI.graph("lhasa.txt/d1")).add(
        (
            group,
            IRI.agency("x").__class__("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            GK.Agency,
        )
    )
    report = validate(ds)
    assert "AgencyGroupShape" in {v.shape.rsplit("#", 1)[-1] for v in report.violations}


def test_summary_counts_by_shape(tmp_path, sample_extractions):
    lhasa = sample_extractions[0]
    broken = dataclasses.replace(
        lhasa,
        measures=[dataclasses.replace(m, text="") for m in lhasa.measures],
    )
    build(tmp_path / "kg", [broken])
    report = validate(tmp_path / "kg")
    assert len(report.violations) == len(lhasa.measures)
    assert report.summary().split()[0] == str(len(lhasa.measures))


def test_measure_records_stay_valid_without_optional_facts(sample_extractions):
    bare = Measure(
        id="lhasa.txt/d1/m9",
        doc_id="lhasa.txt/d1",
        source="lhasa.txt",
        line=30,
        number="",
        text="其他事项。",
    )
    lhasa = sample_extractions[0]
    assert validate([dataclasses.replace(lhasa, measures=[*lhasa.measures, bare])]).conforms
