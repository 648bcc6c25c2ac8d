"""Topics of measures: which evaluation indicator or policy field a measure serves.

The topics form a concept scheme curated in ``data/lexicon/topics.tsv``: the
18 indicators of the business-environment evaluation (开办企业, 获得电力, 纳税 …)
and general topics of the other plans (法治政府, 跨部门综合监管, 数字政府, 放管服 …).
Each row lists *strong* words, which name the topic, and *weak* words, which
only support it.

A measure is classified from its text and its section path, with rules:

- a strong word in the measure's own title sentence (「优化纳税服务。」) counts
  most, then one in its deepest section heading, then in the headings above;
- strong and weak words in the rest of the text add less: a strong word once
  for each clause it stands in (a text that comes back to 「互联网+监管」 in two
  clauses is about it more than one that names it once, while a list such as
  「供水、供电、供气」 names each of its topics once), a weak word once;
- responsibility clauses (「（区工商局牵头，…）」) are left out, and a word that
  heads an agency's name (「市场监督管理局」, 「统计部门」) is not counted, so that
  an agency's name does not decide a topic;
- the text is NFKC-folded and the spaces a PDF leaves inside words dropped.

The best-scoring topic is kept when its score reaches :data:`MIN_SCORE`, and
any other topic that scores nearly as well (:data:`SECOND_RATIO`). When the
measure's own text plainly names a topic (its title and body give one at least
:data:`MIN_SCORE`), topics that only its headings name give way: the text
decides. When no topic reaches the bar, a topic whose strong word the text
names is kept. The facet ``organisation`` needs its words in the title
sentence or a heading: organising words inside a measure about something else
(「调整完善征兵领导小组」) do not make it one. Every result carries its
evidence: the words that matched and the heading that decided, if any.

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
from dataclasses import dataclass, field
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
#: What follows a word that heads an agency's name (市场监管|局, 统计|部门).
_AGENCY_AFTER = r"(?!管理局|监督管理局|局|部门|机关|厅|委员会)"
_CLAUSE_SPLIT = re.compile(r"[，,。；;：:！!？?]")
#: Headings of a plan's general part: its measures state aims, not topics.
_GENERAL = re.compile(r"总体要求|指导思想|基本原则|工作目标|总体目标|目标任务$")
_GENERAL_START = re.compile(r"(?:[一二三四五六七八九十]+、)?(?:总体要求|指导思想|基本原则)")
#: A fragment that only lists agencies (the tail of a flattened table cell).
#: (Matched after NFKC folding, so its brackets are half-width.)
_NAMES_ONLY = re.compile(r"^[^。；;：:]{0,80}(?:局|委|办|中心|厅|部门|单位)(?:\(单位\)|等[^。]{0,12})?$")
#: Spaces between characters that are not both Latin letters or digits: a PDF's line
#: and glyph breaks (「互联网 +政务服务」, 「10 千伏」), not word boundaries.
_GAP = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


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


@lru_cache(maxsize=4096)
def _word(word: str) -> re.Pattern[str]:
    return re.compile(re.escape(word) + _AGENCY_AFTER)


def _stands(word: str, text: str) -> bool:
    """Whether ``word`` stands in ``text`` other than as the head of an agency's name
    (「市场监督管理局」 names an agency, not market regulation).

    >>> _stands("市场监督", "邀请市市场监督管理局参加"), _stands("市场监督", "加强市场监督")
    (False, True)
    """
    return word in text and _word(word).search(text) is not None


def _found(words: Sequence[str], text: str) -> list[str]:
    return [w for w in words if _stands(w, text)]


@lru_cache(maxsize=4096)
def _strong_in(text: str) -> tuple[tuple[str, ...], ...]:
    """The strong words of each topic (in table order) found in ``text``: for the
    headings and document titles that the measures of a document share."""
    return tuple(tuple(_found(t.strong, text)) for t in topics().values())


def _clauses(words: Sequence[str], text: str) -> int:
    """How many clauses of ``text`` (between ，。；：) hold one of ``words``: a list
    such as 「供水、供电、供气」 names each topic once, a text that comes back to a
    topic in several clauses names it more.

    >>> _clauses(["用电", "用电报装"], "压减用电报装时间，公开用电价格")
    2
    >>> _clauses(["供水", "供气", "供暖"], "对供水、供电、供气、供暖等公用事业单位加强监管")
    1
    """
    if not words:
        return 0
    return sum(any(_stands(w, c) for w in words) for c in _CLAUSE_SPLIT.split(text))


def _norm(text: str) -> str:
    """NFKC-folded ``text`` without the spaces a PDF's layout leaves between words.

    >>> _norm("加快推行“互联网 +政务服务”，（市政务服务局负责）")
    '加快推行“互联网+政务服务”,(市政务服务局负责)'
    """
    return _GAP.sub("", unicodedata.normalize("NFKC", text or "")).strip()


def _title(body: str) -> tuple[str, str, float]:
    """The measure's own title sentence, the rest of the text, and the title's weight."""
    cut = _TITLE_END.search(body)
    if cut and cut.start() <= 40:
        return body[: cut.start()], body[cut.end():], _TITLE_WEIGHT
    cut = _CLAUSE_END.search(body)
    if cut and cut.start() <= 25:
        return body[: cut.start()], body[cut.end():], _CLAUSE_WEIGHT
    return "", body, 0.0


@dataclass
class _Score:
    """One topic's evidence in one measure, while it is being classified."""

    order: int
    topic: str
    score: float = 0.0
    own: float = 0.0  # the part the measure's own text gave (title and body)
    titled: bool = False  # a strong word in the title sentence or a heading
    words: list[str] = field(default_factory=list)
    decided: str = ""

    def match(self) -> TopicMatch:
        return TopicMatch(self.topic, tuple(self.words), self.decided, round(self.score, 2))


def _select(scored: list[_Score]) -> list[_Score]:
    """The kept topics among the scored ones, best first (see the module notes)."""
    scored.sort(key=lambda x: (-x.score, x.order))
    subjects = [x for x in scored if x.topic not in FACETS]
    # a heading that names a topic the text does not name gives way to a text that
    # plainly names its own
    if any(x.own >= MIN_SCORE for x in subjects):
        subjects = [x for x in subjects if x.own > 0]
    best = subjects[0].score if subjects else 0.0
    kept = [x for x in subjects if x.score >= max(MIN_SCORE, SECOND_RATIO * best)]
    facets = [x for x in scored if x.topic in FACETS and x.titled
              and x.score >= max(MIN_SCORE, best)]
    if not kept and not facets:
        # a topic the text names once, with nothing stronger in sight
        kept = [x for x in subjects if x.own >= _STRONG_WEIGHT and x.score >= SECOND_RATIO * best]
    return sorted(kept[: MAX_TOPICS - 1] + facets, key=lambda x: -x.score)[:MAX_TOPICS]


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
    scored: list[_Score] = []
    in_headings = [_strong_in(h) for h in headings]
    in_doc = _strong_in(doc)
    for order, t in enumerate(topics().values()):
        x = _Score(order, t.id)
        hit = _found(t.strong, title)
        if hit:
            x.own += title_weight
            x.titled = True
            x.words += hit
        for depth, heading in enumerate(headings):
            hit = list(in_headings[depth][order])
            if hit:
                x.score += _HEADING_WEIGHTS[min(depth, len(_HEADING_WEIGHTS) - 1)]
                x.titled = True
                x.words += [w for w in hit if w not in x.words]
                x.decided = heading
                break
        hit = list(in_doc[order])
        if hit and not x.decided:
            x.score += _DOCUMENT_WEIGHT
            x.words += [w for w in hit if w not in x.words]
            x.decided = doc
        strong = _found(t.strong, rest)
        weak = [w for w in _found(t.weak, rest) if not any(w in s for s in strong)]
        x.own += min(_BODY_CAP, _STRONG_WEIGHT * _clauses(strong, rest) + _WEAK_WEIGHT * len(weak))
        x.score += x.own
        x.words += [w for w in strong + weak if w not in x.words]
        if x.score > 0:
            scored.append(x)
    return tuple(x.match() for x in _select(scored))


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
