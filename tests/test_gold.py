"""The dev-gold thresholds, measured by the project's own evaluation code."""

from __future__ import annotations

import pytest

from graphkit.evaluation import load_jsonl, score
from graphkit.extraction import extract_paths

BAR = {
    "assignment_f1": 0.95,
    "resolution_f1": 0.95,
    "name_accuracy": 0.95,
    "measure_recall": 0.97,
    "deadline_accuracy": 0.90,
    "target_f1": 0.80,
}


@pytest.fixture(scope="module")
def export(corpus_dir):
    return [row for ex in extract_paths([corpus_dir]) for row in ex.rows()]


@pytest.mark.parametrize(
    "name", ["lhasa_ledger_2021.jsonl", "shaanxi_ningxia.jsonl", "gansu_fangguanfu_2023.jsonl"]
)
def test_dev_gold_thresholds(export, test_data, name):
    result = score(load_jsonl(test_data / "gold" / name), export).figures()
    for key, bar in BAR.items():
        value = result[key]
        if value is None:  # the file has no gold deadlines (or targets) to score
            continue
        assert value >= bar, f"{name}: {key} {value:.3f} < {bar}"
