"""Score a measure export against hand-made gold annotations.

Gold files are JSON Lines, one measure per line (``source``, ``line``,
``text_start``, ``agencies`` [{role, mention, agency}], ``deadline``,
``targets``). A system measure matches a gold measure when both come from the
same source, the gold ``text_start`` occurs in the system ``text`` (both
normalised) and, when the system gives a line, it lies within
:data:`LINE_WINDOW` lines of the gold line; the nearest line wins, then the
earliest position. Over matched measures:

- **assignment F1** over (role, mention) pairs, missed measures counting as
  missed assignments;
- **resolution F1**: B-cubed over the gold mentions found, comparing the
  system's grouping of mentions into agencies with the gold grouping;
- **name accuracy**: over the same mentions, the share whose resolved agency
  is the gold official name or one of its ``agency_alt`` (B-cubed cannot see
  a name that is wrong the same way every time);
- **deadline accuracy** over matched measures whose gold deadline is set;
- **target F1** over (value, unit) pairs;
- **topic micro-F1** over (measure, topic) pairs, when the gold gives
  ``topics`` (ids of :func:`graphkit.extraction.topics.topics`); a system
  measure without ``topics`` is classified from its text, section and
  document title. Gold rows with a ``split`` (``dev``, ``held-out`` …) are
  also scored per split. A gold file of topics alone (no ``agencies``) has
  no assignment or resolution figures.

Examples
--------
>>> gold = [{"source": "a.txt", "line": 3, "text_start": "简化企业开办流程",
...          "agencies": [{"role": "lead", "mention": "市市场监管局", "agency": "X"}],
...          "deadline": "6月底", "targets": [{"value": "4", "unit": "个工作日"}]}]
>>> system = [{"source": "a.txt", "line": 4, "text": "1.简化企业开办流程，4个工作日办结。",
...            "agencies": [{"role": "lead", "mention": "市市场监管局", "agency": "A1"}],
...            "deadline": "6月底", "targets": [{"value": "4", "unit": "工作日"}]}]
>>> s = score(gold, system)
>>> s.assignment_f1, s.resolution_f1, s.measure_recall, s.deadline_accuracy, s.target_f1
(1.0, 1.0, 1.0, 1.0, 1.0)
>>> s.name_accuracy, s.errors
(0.0, ["NAME a.txt:3 市市场监管局: 'A1' is not 'X'"])
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import EvaluationError

__all__ = ["LINE_WINDOW", "Scores", "load_jsonl", "normalise", "score"]

#: How far (in lines) a system measure may start from the gold line and still match.
LINE_WINDOW = 30

_PAGE = re.compile(r"#\s*Page\s*\d+\s*:?")
_DROP = re.compile(
    "[\\s\u3000\"'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f\u300a\u300b\u3008\u3009\u30fb\u00b7]"
)
_BRACKETS = str.maketrans(
    {
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "【": "(",
        "】": ")",
        "{": "(",
        "}": ")",
        "｛": "(",
        "｝": ")",
    }
)
_UNITS = {"日": "天", "工作日": "个工作日", "个月": "月"}


def normalise(s: str | None) -> str:
    """Text as compared: page markers, whitespace and quotes out, forms folded.

    >>> normalise("省政府办公厅〔省大数据管理局〕 ")
    '省政府办公厅(省大数据管理局)'
    >>> normalise("“一窗通”  ＃ Page 3:")
    '一窗通'
    """
    s = unicodedata.normalize("NFKC", s or "")
    s = _PAGE.sub("", s).translate(_BRACKETS)
    return _DROP.sub("", s)


def _unit(u: str) -> str:
    u = normalise(u)
    return _UNITS.get(u, u)


def _value(v: Any) -> str:
    text = normalise(str(v))
    try:
        return f"{float(text):f}".rstrip("0").rstrip(".")
    except ValueError:
        return text


@dataclass
class Scores:
    """The figures for one gold file."""

    gold_measures: int = 0
    matched_measures: int = 0
    measure_recall: float = 0.0
    assignment_precision: float = 0.0
    assignment_recall: float = 0.0
    assignment_f1: float = 0.0
    resolution_precision: float = 0.0
    resolution_recall: float = 0.0
    resolution_f1: float = 0.0
    name_accuracy: float = 0.0
    deadline_accuracy: float | None = None
    target_f1: float | None = None
    topic_precision: float | None = None
    topic_recall: float | None = None
    topic_f1: float | None = None
    #: Topic precision, recall and F1 per gold ``split``.
    topic_splits: dict[str, dict[str, float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        """The figures without the error list (and without topic figures when the gold has
        no topics, so that they are those of ``shared/eval/score.py``)."""
        d = asdict(self)
        d.pop("errors")
        if self.topic_f1 is None:
            for k in ("topic_precision", "topic_recall", "topic_f1", "topic_splits"):
                d.pop(k)
        return d


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file; a malformed line raises :class:`EvaluationError`."""
    rows = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        raise EvaluationError(f"{path}: cannot read: {e.strerror}") from e
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise EvaluationError(f"{path}:{n}: not JSON: {e.msg}") from e
    return rows


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _bcubed(pairs: Sequence[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of (gold cluster, system cluster) per mention."""
    if not pairs:
        return 0.0, 0.0, 0.0
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_sys: dict[str, set[int]] = defaultdict(set)
    for i, (g, s) in enumerate(pairs):
        by_gold[g].add(i)
        by_sys[s].add(i)
    p = r = 0.0
    for g, s in pairs:
        both = len(by_gold[g] & by_sys[s])
        p += both / len(by_sys[s])
        r += both / len(by_gold[g])
    p, r = p / len(pairs), r / len(pairs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _line(x: Any) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def match(gold: Sequence[dict], system: Sequence[dict]) -> list[int | None]:
    """For each gold measure, the index of its system measure (or None).

    Gold measures are taken in order; each system measure matches at most once.
    """
    candidates: dict[str, list[tuple[int, str, int | None]]] = defaultdict(list)
    for i, s in enumerate(system):
        candidates[s.get("source", "")].append(
            (i, normalise(s.get("text", "")), _line(s.get("line")))
        )
    used: set[int] = set()
    out: list[int | None] = []
    for g in gold:
        key = normalise(g["text_start"])
        best: tuple[tuple[int, int], int] | None = None
        for i, text, line in candidates.get(g["source"], ()):
            if i in used:
                continue
            pos = text.find(key)
            if pos < 0:
                continue
            dist = 0
            if line is not None:
                dist = abs(line - g["line"])
                if dist > LINE_WINDOW:
                    continue
            rank = (dist, pos)
            if best is None or rank < best[0]:
                best = (rank, i)
        if best is not None:
            used.add(best[1])
        out.append(best[1] if best else None)
    return out


def score(gold: Sequence[dict], system: Sequence[dict]) -> Scores:
    """Score ``system`` measures against ``gold`` measures (see the module notes)."""
    pairs = match(gold, system)
    tp = fp = fn = 0
    clusters: list[tuple[str, str]] = []
    names_ok = 0
    dl_total = dl_ok = 0
    t_tp = t_fp = t_fn = 0
    targets_seen = False
    errors: list[str] = []
    for g, si in zip(gold, pairs, strict=True):
        want = {(a["role"], normalise(a["mention"])): a["agency"] for a in g.get("agencies", ())}
        official = {
            (a["role"], normalise(a["mention"])): {normalise(a["agency"])}
            | {normalise(x) for x in a.get("agency_alt", ())}
            for a in g.get("agencies", ())
        }
        where = f"{g['source']}:{g['line']}"
        if si is None:
            fn += len(want)
            errors.append(f"MISSED measure {where} {g['text_start']}")
            continue
        s = system[si]
        got: dict[tuple[str, str], str] = {}
        for a in s.get("agencies") or ():
            got.setdefault(
                (a.get("role"), normalise(a.get("mention", ""))), str(a.get("agency", ""))
            )
        for k, agency in want.items():
            if k in got:
                tp += 1
                clusters.append((agency, got[k]))
                if normalise(got[k]) in official[k]:
                    names_ok += 1
                else:
                    errors.append(f"NAME {where} {k[1]}: {got[k]!r} is not {agency!r}")
            else:
                fn += 1
                errors.append(f"FN {where} {k}")
        for k in got:
            if k not in want:
                fp += 1
                errors.append(f"FP {where} {k}")
        if "deadline" in s and g.get("deadline"):
            dl_total += 1
            ok = normalise(s.get("deadline") or "") == normalise(g["deadline"])
            dl_ok += ok
            if not ok:
                errors.append(f"DEADLINE {where} {s.get('deadline')!r} != {g['deadline']!r}")
        if "targets" in s and "targets" in g:
            targets_seen = True
            gt = {(_value(t["value"]), _unit(t["unit"])) for t in g.get("targets", ())}
            st = {
                (_value(t.get("value", "")), _unit(t.get("unit", "")))
                for t in s.get("targets") or ()
            }
            t_tp += len(gt & st)
            t_fp += len(st - gt)
            t_fn += len(gt - st)
    matched = sum(1 for p in pairs if p is not None)
    ap, ar, af = _prf(tp, fp, fn)
    rp, rr, rf = _bcubed(clusters)
    target = _prf(t_tp, t_fp, t_fn)[2] if targets_seen and (t_tp + t_fp + t_fn) else None
    topic = _topic_scores(gold, system, pairs, errors)
    if not any("agencies" in g for g in gold):
        ap = ar = af = rp = rr = rf = None  # type: ignore[assignment]
    return Scores(
        gold_measures=len(gold),
        matched_measures=matched,
        measure_recall=matched / len(gold) if gold else 0.0,
        assignment_precision=ap,
        assignment_recall=ar,
        assignment_f1=af,
        resolution_precision=rp,
        resolution_recall=rr,
        resolution_f1=rf,
        name_accuracy=names_ok / len(clusters) if clusters else 0.0,
        deadline_accuracy=dl_ok / dl_total if dl_total else None,
        target_f1=target,
        topic_precision=topic[""][0] if topic else None,
        topic_recall=topic[""][1] if topic else None,
        topic_f1=topic[""][2] if topic else None,
        topic_splits={
            k: {"precision": v[0], "recall": v[1], "f1": v[2]}
            for k, v in sorted(topic.items()) if k
        },
        errors=errors,
    )


def _system_topics(s: dict) -> set[str]:
    """Topic ids of a system measure: its own ``topics``, else classified from its text."""
    if "topics" in s:
        return {t["topic"] if isinstance(t, dict) else str(t) for t in s.get("topics") or ()}
    from graphkit.extraction.topics import classify

    found = classify(s.get("text", ""), tuple(s.get("section") or ()),
                     document=s.get("doc_title", ""))
    return {t.topic for t in found}


def _topic_scores(gold: Sequence[dict], system: Sequence[dict], pairs: Sequence[int | None],
                  errors: list[str]) -> dict[str, tuple[float, float, float]]:
    """Topic micro P/R/F1 overall (key ``""``) and per split; {} without gold topics."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for g, si in zip(gold, pairs, strict=True):
        if "topics" not in g:
            continue
        want = set(g["topics"] or ())
        got = _system_topics(system[si]) if si is not None else set()
        for key in {"", str(g.get("split") or "")}:
            c = counts[key]
            c[0] += len(want & got)
            c[1] += len(got - want)
            c[2] += len(want - got)
        if want != got:
            errors.append(f"TOPICS {g['source']}:{g['line']} {sorted(got)} != {sorted(want)}")
    return {k: _prf(*c) for k, c in counts.items()}


def score_files(gold_path: str | Path, system: Iterable[dict]) -> Scores:
    """Score an in-memory export against a gold file."""
    return score(load_jsonl(gold_path), list(system))
