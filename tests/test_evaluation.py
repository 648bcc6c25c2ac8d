from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.errors import EvaluationError
from graphkit.evaluation import load_jsonl, normalise, score

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def gold(**kw):
    row = {
        "source": "a.txt",
        "line": 10,
        "text_start": "推进改革",
        "deadline": "",
        "targets": [],
        "agencies": [{"role": "lead", "mention": "市发改委", "agency": "G1"}],
    }
    row.update(kw)
    return row


def system(**kw):
    row = {
        "source": "a.txt",
        "line": 10,
        "text": "1.推进改革。",
        "agencies": [{"role": "lead", "mention": "市发改委", "agency": "S1"}],
    }
    row.update(kw)
    return row


def test_perfect_match():
    s = score([gold()], [system()])
    assert (s.measure_recall, s.assignment_f1, s.resolution_f1) == (1.0, 1.0, 1.0)


def test_line_window_rules_out_far_measures():
    s = score([gold()], [system(line=41)])
    assert s.matched_measures == 0 and s.assignment_recall == 0.0


def test_nearest_line_wins_when_text_repeats():
    rows = [system(line=40, agencies=[]), system(line=12)]
    s = score([gold()], rows)
    assert s.assignment_f1 == 1.0


def test_wrong_role_is_a_false_positive_and_a_miss():
    s = score(
        [gold()], [system(agencies=[{"role": "cooperate", "mention": "市发改委", "agency": "S"}])]
    )
    assert s.assignment_precision == 0.0 and s.assignment_recall == 0.0


def test_resolution_bcubed_penalises_split_groups():
    g = gold(
        agencies=[
            {"role": "lead", "mention": "市医保局", "agency": "G"},
            {"role": "cooperate", "mention": "市医疗保障局", "agency": "G"},
        ]
    )
    sys_ = system(
        agencies=[
            {"role": "lead", "mention": "市医保局", "agency": "A"},
            {"role": "cooperate", "mention": "市医疗保障局", "agency": "B"},
        ]
    )
    s = score([g], [sys_])
    assert s.assignment_f1 == 1.0
    assert s.resolution_precision == 1.0 and s.resolution_recall == 0.5


def test_deadline_and_target_units_normalised():
    g = gold(
        deadline="6月底",
        targets=[{"value": "15", "unit": "个工作日"}, {"value": "20", "unit": "天"}],
    )
    sys_ = system(
        deadline="6 月底",
        targets=[{"value": "15.0", "unit": "工作日"}, {"value": "20", "unit": "日"}],
    )
    s = score([g], [sys_])
    assert s.deadline_accuracy == 1.0 and s.target_f1 == 1.0


def test_normalise_folds_brackets_quotes_and_page_markers():
    assert normalise("区编办（审改办）") == normalise("区编办(审改办)")
    assert normalise("“证照分离”# Page 3:改革") == "证照分离改革"


def test_malformed_gold_names_the_line(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text('{"a": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"g\.jsonl:2"):
        load_jsonl(p)


@pytest.mark.skipif(
    not SHARED_SCORER.exists(), reason="the reference scorer is not beside the project"
)
@pytest.mark.slow
def test_figures_agree_with_reference_scorer(tmp_path, corpus_dir, test_data):
    from graphkit.extraction import extract_paths

    rows = [r for ex in extract_paths([corpus_dir]) for r in ex.rows()]
    out = tmp_path / "sys.jsonl"
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    for gold_file in sorted((test_data / "gold").glob("*.jsonl")):
        if "agencies" not in load_jsonl(gold_file)[0]:
            continue  # a gold file of topics alone: the reference scorer does not read it
        ref = json.loads(
            subprocess.run(
                [sys.executable, str(SHARED_SCORER), str(gold_file), str(out), "--json"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()[-1]
        )
        ours = score(load_jsonl(gold_file), rows).figures()
        assert ours.keys() == ref.keys()
        for k, v in ref.items():
            assert ours[k] == pytest.approx(v), (gold_file.name, k)
