"""Notes that give a role to a list's place: 「(第一责任单位为牵头单位,下同)」.

A note saying the first listed unit is the lead applies to the list it closes and, with
下同, to the lists after it; the note is never part of the last name of the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from graphkit.records import Measure

#: 「(第一责任单位为牵头单位,下同)」, 「(列第一位者为工作牵头单位或汇总单位,下同)」,
#: 「列第一位的為牽頭部門」.
FIRST_IS_LEAD = re.compile(
    r"[(（]?[^()（）,，、]{0,4}(?:第一责任单位|第一責任單位|列第一位(?:者|的)?|排第一位(?:者|的)?)"
    r"[为為](?:工作)?(?:牵头|牽頭)[^()（）]{0,16}[)）]?"
)


def first_is_lead(
    measures: list[Measure], resolve_label: Callable[[str], str]
) -> list[Measure]:
    """Apply a first-is-lead note: from the measure whose list it closes on (下同), the
    first of a list of responsible units only is the lead; the note leaves the mention.

    ``resolve_label`` names an agency from a mention cleared of the note.

    >>> from graphkit.records import Assignment, Measure
    >>> a = Assignment("responsible", "市发改委", "X市发改委")
    >>> b = Assignment("responsible", "市财政局(第一责任单位为牵头单位,下同)", "?")
    >>> m = Measure(id="d/1", doc_id="d", source="s", line=1, number="1", text="t",
    ...             assignments=(a, b))
    >>> out = first_is_lead([m], lambda s: "X" + s)
    >>> [(x.role, x.mention, x.agency) for x in out[0].assignments]
    [('lead', '市发改委', 'X市发改委'), ('responsible', '市财政局', 'X市财政局')]
    """
    out: list[Measure] = []
    on = False
    for m in measures:
        assignments = list(m.assignments)
        here = False
        for k, a in enumerate(assignments):
            hit = FIRST_IS_LEAD.search(a.mention)
            if hit:
                here = True
                written = (a.mention[: hit.start()] + a.mention[hit.end() :]).strip()
                agency = a.agency if a.collective else resolve_label(written)
                assignments[k] = replace(a, mention=written, agency=agency)
        if here or on:
            if assignments and all(a.role == "responsible" for a in assignments):
                assignments[0] = replace(assignments[0], role="lead")
        if here:
            on = on or "下同" in "".join(a.mention for a in m.assignments)
        out.append(replace(m, assignments=tuple(assignments)) if assignments != list(
            m.assignments) else m)
    return out
