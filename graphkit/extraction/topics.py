"""Topics of measures: which evaluation indicator or policy field a measure serves.

The topics form a concept scheme curated in ``data/lexicon/topics.tsv``: the
18 indicators of the business-environment evaluation (开办企业, 获得电力, 纳税 …)
and general topics of the other plans (法治政府, 跨部门综合监管, 数字政府, 放管服 …).
Each row lists *strong* words, which name the topic, and *weak* words, which
only support it.

A measure is classified from its text and its section path, with rules:

- a strong word in the measure's own title sentence (「优化纳税服务。」) counts
  most, then one in its deepest section heading, then in the headings above;
- strong and weak words in the rest of the text add less: a strong word at each
  place it stands (a text that names 「互联网+监管」 twice is about it more than
  one that names it once), a weak word once;
- responsibility clauses (「（区工商局牵头，…）」) are left out, so that an
  agency's name does not decide a topic.

The best-scoring topic is kept when its score reaches :data:`MIN_SCORE`, and
any other topic that scores nearly as well (:data:`SECOND_RATIO`). Every
result carries its evidence: the words that matched and the heading that
decided, if any.

Examples
--------
>>> [t.topic for t in classify("优化纳税服务。推广网上办税系统。", ("推进政务服务便利化",))]
['taxes']
>>> t = classify("持续降低用电成本。调整电费账单格式。", ("优化供电服务",))[0]
>>> t.topic, t.section, t.words[:2]
('electricity', '优化供电服务', ('用电', '供电服务'))
>>> classify("拟废止或者进行重大修改的；")
()
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "MIN_SCORE",
    "SECOND_RATIO",
    "Topic",
    "TopicMatch",
    "classify",
    "find_topic",
    "measure_topics",
    "topics",
]

#: Score a topic needs to be kept at all.
MIN_SCORE = 1.5
#: A second topic is kept when it scores at least this share of the best one.
SECOND_RATIO = 0.75
#: Topics about how a plan is carried out rather than what it is about: kept
#: beside a subject topic, not instead of it, when they score at least as well.
FACETS = frozenset({"organisation"})
#: At most this many topics per measure.
MAX_TOPICS = 3

_TITLE_WEIGHT = 4.0
_CLAUSE_WEIGHT = 3.0
_DOCUMENT_WEIGHT = 1.0
_HEADING_WEIGHTS = (3.0, 2.0, 1.0)  # deepest heading first
_STRONG_WEIGHT = 1.0
_WEAK_WEIGHT = 0.3
_BODY_CAP = 3.0

_CLAUSE = re.compile(r"[（(〔\[【][^（）()〔〕\[\]【】]*(?:牵头|负责|配合|责任单位|协作)[^（）()〔〕\[\]【】]*[）)〕\]】]")
_TITLE_END = re.compile(r"[。；;！!？?：:]")
_CLAUSE_END = re.compile(r"[，,、]")
#: Headings of a plan's general part: its measures state aims, not topics.
_GENERAL = re.compile(r"总体要求|指导思想|基本原则|工作目标|总体目标|目标任务$")
_GENERAL_START = re.compile(r"(?:[一二三四五六七八九十]+、)?(?:总体要求|指导思想|基本原则)")
#: A fragment that only lists agencies (the tail of a flattened table cell).
_NAMES_ONLY = re.compile(r"^[^。；;：:]{0,80}(?:局|委|办|中心|厅|部门|单位)(?:（单位）|等[^。]{0,12})?$")


@dataclass(frozen=True)
class Topic:
    """A concept of the topic scheme: stable ``id``, Chinese and English labels."""

    id: str
    zh: str
    en: str
    group: str
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicMatch:
    """A topic given to a measure, with its evidence.

    ``words`` are the table's words found (title and headings first), ``section``
    the heading that decided (``""`` when the text did), ``score`` the rule score.
    """

    topic: str
    words: tuple[str, ...]
    section: str = ""
    score: float = 0.0


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("graphkit").joinpath("data", "lexicon", name).read_text(encoding="utf-8")
    lines = (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _words(cell: str | None) -> tuple[str, ...]:
    return tuple(w for w in (cell or "").split("|") if w)


@lru_cache(maxsize=1)
def topics() -> dict[str, Topic]:
    """The topic scheme, in table order, keyed by id.

    >>> topics()["electricity"].zh
    '获得电力'
    >>> sum(t.group == "business-environment" for t in topics().values())
    18
    """
    out: dict[str, Topic] = {}
    for r in _rows("topics.tsv"):
        out[r["id"]] = Topic(
            id=r["id"], zh=r["zh"], en=r["en"], group=r["group"],
            strong=_words(r["strong"]), weak=_words(r["weak"]),
        )
    return out


def find_topic(key: str) -> str:
    """The id of the topic ``key`` names: its id (notation) or its Chinese name,
    in Simplified or Traditional script.

    Raises :class:`KeyError` for a name outside the scheme, with the valid ones.

    >>> find_topic("electricity"), find_topic("获得电力"), find_topic("獲得電力")
    ('electricity', 'electricity', 'electricity')
    >>> find_topic("电力")
    Traceback (most recent call last):
    ...
    KeyError: "unknown topic '电力': use one of business-start (开办企业), ..."
    """
    from graphkit.extraction.text import fold_text

    scheme = topics()
    wanted = key.strip()
    if wanted in scheme:
        return wanted
    by_name = {t.zh: t.id for t in scheme.values()}
    for name in dict.fromkeys((wanted, fold_text(wanted, traditional=True))):
        if name in by_name:
            return by_name[name]
    raise KeyError(f"unknown topic {key!r}: use one of "
                   + ", ".join(f"{t.id} ({t.zh})" for t in scheme.values()))


def _found(words: Sequence[str], text: str) -> list[str]:
    return [w for w in words if w in text]


@lru_cache(maxsize=4096)
def _strong_in(text: str) -> tuple[tuple[str, ...], ...]:
    """The strong words of each topic (in table order) found in ``text``: for the
    headings and document titles that the measures of a document share."""
    return tuple(tuple(_found(t.strong, text)) for t in topics().values())


def _occurrences(words: Sequence[str], text: str) -> int:
    """How many places of ``text`` the ``words`` stand at (a word inside a longer one found
    is not counted again).

    >>> _occurrences(["用电", "用电报装"], "压减用电报装时间，公开用电价格")
    2
    """
    if len(words) < 2:
        return text.count(words[0]) if words else 0
    taken: list[tuple[int, int]] = []
    for w in sorted(words, key=len, reverse=True):
        start = text.find(w)
        while start >= 0:
            end = start + len(w)
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
            start = text.find(w, start + 1)
    return len(taken)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _title(body: str) -> tuple[str, str, float]:
    """The measure's own title sentence, the rest of the text, and the title's weight."""
    cut = _TITLE_END.search(body)
    if cut and cut.start() <= 40:
        return body[: cut.start()], body[cut.end():], _TITLE_WEIGHT
    cut = _CLAUSE_END.search(body)
    if cut and cut.start() <= 25:
        return body[: cut.start()], body[cut.end():], _CLAUSE_WEIGHT
    return "", body, 0.0


def classify(
    text: str, section: Sequence[str] = (), *, document: str = ""
) -> tuple[TopicMatch, ...]:
    """The topics of a measure from its ``text`` and ``section`` headings (outermost first).

    ``document`` is the title of the document, the widest context (weakest).
    Returns the kept topics, best first (see the module notes).
    """
    headings = [_norm(h) for h in reversed(tuple(section or ())) if h]
    if headings and _GENERAL.search(headings[0]):
        return ()
    body = _CLAUSE.sub("", _norm(text))
    if _GENERAL_START.match(body) or _NAMES_ONLY.search(body):
        return ()
    title, rest, title_weight = _title(body)
    doc = _norm(document)
    scored: list[tuple[float, int, TopicMatch]] = []
    in_headings = [_strong_in(h) for h in headings]
    in_doc = _strong_in(doc)
    for order, t in enumerate(topics().values()):
        score = 0.0
        words: list[str] = []
        decided = ""
        hit = _found(t.strong, title)
        if hit:
            score += title_weight
            words += hit
        for depth, heading in enumerate(headings):
            hit = list(in_headings[depth][order])
            if hit:
                weight = _HEADING_WEIGHTS[min(depth, len(_HEADING_WEIGHTS) - 1)]
                score += weight
                words += [w for w in hit if w not in words]
                decided = heading
                break
        hit = list(in_doc[order])
        if hit and not decided:
            score += _DOCUMENT_WEIGHT
            words += [w for w in hit if w not in words]
            decided = doc
        strong = _found(t.strong, rest)
        weak = [w for w in _found(t.weak, rest) if not any(w in s for s in strong)]
        body = _STRONG_WEIGHT * _occurrences(strong, rest) + _WEAK_WEIGHT * len(weak)
        score += min(_BODY_CAP, body)
        words += [w for w in strong + weak if w not in words]
        if score > 0:
            scored.append((score, order, TopicMatch(t.id, tuple(words), decided, round(score, 2))))
    if not scored:
        return ()
    scored.sort(key=lambda x: (-x[0], x[1]))
    subjects = [x for x in scored if x[2].topic not in FACETS]
    best = subjects[0][0] if subjects else 0.0
    kept = [m for s, _, m in subjects if s >= max(MIN_SCORE, SECOND_RATIO * best)]
    kept = kept[: MAX_TOPICS - 1] if kept else kept
    facets = [m for s, _, m in scored if m.topic in FACETS and s >= max(MIN_SCORE, best)]
    kept = sorted(kept + facets, key=lambda m: -m.score)
    return tuple(kept[:MAX_TOPICS])


def measure_topics(measure: object, *, document: str = "") -> tuple[TopicMatch, ...]:
    """:func:`classify` for a :class:`~graphkit.records.Measure` (its text and section),
    in the document titled ``document``.

    >>> from graphkit.records import Measure
    >>> m = Measure(id="a/d1/m1", doc_id="a/d1", source="a", line=1, number="1",
    ...             text="推进不动产登记一窗办理。", section=("优化登记财产",))
    >>> [t.topic for t in measure_topics(m)]
    ['property-registration']
    """
    return classify(getattr(measure, "text", ""), tuple(getattr(measure, "section", ()) or ()),
                    document=document)
