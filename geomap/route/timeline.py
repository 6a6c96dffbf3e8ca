"""The story's calendar: a day number (and a phase within the day) for every sentence.

:func:`build_timeline` reads the temporal expressions of every sentence, picks
the reference day 0 (:class:`~geomap.route.temporal.Clock`) and carries the
current story day from sentence to sentence, so that "He later toured the
port." inherits the day of the sentence before it.

>>> from geomap.route.text import split_sentences
>>> text = "On Monday she flew to Oslo. The next day she toured Bergen. On Friday she went home."
>>> tl = build_timeline(text, split_sentences(text))
>>> tl.clock.ref_weekday, [tl.sentence_day(i) for i in range(3)]
(4, [-4, -3, 0])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .temporal import Clock, TimeExpr, find_times, parse_date, reference_weekday
from .text import Sentence, clause_start

__all__ = ["Timeline", "Dated", "build_timeline", "FUTURE_RE", "present_future"]

FUTURE_RE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|(?:is|are|was|were)\s+(?:\w+\s+)?(?:expected|scheduled|due|set|slated|"
    r"planning|going)\s+to|plans?\s+to|intends?\s+to|would)\b|'ll\b",
    re.I,
)
# A travel verb in the simple present ("The band plays Glasgow on Tuesday"): in news
# narrated in the past, a dated present-tense move is a scheduled one.
_PRESENT = re.compile(
    r"\b(?:plays|play|performs|perform|travels|travel|heads|head|flies|fly|returns|return|goes|go|sails|sail|"
    r"leaves|leave|arrives|arrive|lands|land|tours|visits|moves\s+on|continues|follows|follow|opens|"
    r"wraps\s+up|ends|stops|drives|departs|depart|meets|meet)\b"
    r"|\b(?:is|are)\s+(?:still\s+)?(?:going\s+ahead|on\s+schedule)\b",
    re.I,
)
_NOT_FINITE = re.compile(
    r"(?:(?:\b(?:to|will|would|shall|can|could|may|might|must|should|did|does|do|not)|'ll|n't)\s+(?:\w+ly\s+|also\s+|"
    r"not\s+|never\s+)?"
    r"|(?:\b(?:the|a|an|his|her|their|its|our|my|your|this|that|these|those|whose)|'s|’s)\s+)$",
    re.I,
)
_END_LEAD = re.compile(
    r"\b(?:end(?:ed|ing|s)|wrap(?:ped|ping|s)?\s+up|conclud(?:ed|ing|es)|complet(?:ed|ing|es)|"
    r"finish(?:ed|ing|es)|(?:head|return|fl[eiy]\w*|went|go\w*|sail\w*)\s+(?:back\s+)?home|arrived\s+back|"
    r"back\s+home)\b",
    re.I,
)
_TRIP_DAYS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)-day\s+(?:\w+\s+)?(?:trip|visit|tour|journey|stay)\b",
    re.I,
)
_BACKWARD = re.compile(
    r"\b(?:had|having)\s+(?:\w+\s+)?(?:visited|been|travel+ed|flown|toured|met|stopped|arrived|spent|gone|stayed)\b"
    r"|\b(?:after|since|following)\s+(?:\w+ing|(?:a|an|his|her|their|its)\s+(?:[\w-]+\s+)?(?:visit|trip|stop|stay|tour|"
    r"drive|journey|voyage|flight|crossing|trek))\b",
    re.I,
)
_NUMS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
#: Sentences at the start of an article (headline, lead) that name the story's "today".
LEAD_SENTENCES = 2


@dataclass(frozen=True)
class Dated:
    """A temporal expression with its day number (``None`` when unresolvable) and
    ``future`` when said of a future or intended event."""

    expr: TimeExpr
    day: float | None
    future: bool = False


@dataclass
class Timeline:
    """Per-sentence expressions and the day/phase carried into each sentence."""

    clock: Clock
    dated: list[list[Dated]] = field(default_factory=list)
    carry: list[tuple[float | None, int, str | None]] = field(default_factory=list)
    day_scale: bool = False

    def sentence_day(self, i: int) -> float | None:
        """The story day at the end of sentence ``i``."""
        own = [d for d in self.dated[i] if d.day is not None and not d.expr.linked and not d.future]
        return own[-1].day if own else self.carry[i][0]


def present_future(text: str, lo: int, hi: int) -> bool:
    """True when ``text[lo:hi]`` holds a finite present-tense travel verb
    ("the orchestra *plays* in Tokyo", "they *head* home", "the stop *is going ahead*").

    >>> present_future("The band plays Oslo on Friday.", 0, 30), present_future("It will play Oslo.", 0, 18)
    (True, False)
    """
    for m in _PRESENT.finditer(text, lo, hi):
        if _NOT_FINITE.search(text, max(lo, m.start() - 30), m.start()):
            continue
        if re.match(r"\s+of\b", text[m.end() : m.end() + 4]):
            continue  # "the head of"
        return True
    return False


def _clause_span(text: str, s: Sentence, e: TimeExpr) -> tuple[int, int]:
    lo = clause_start(text, s.start, e.start)
    stop = re.compile(r"[;:]|,\s*(?:and\s+|but\s+)?(?:then\s+)?(?:said|says|while|although|whereas|after|when)\b")
    m = stop.search(text, e.end, s.end)
    return lo, (m.start() if m else s.end)


def _future(text: str, s: Sentence, e: TimeExpr, present: bool = True) -> bool:
    if e.modifier == "next" or e.text.lower().endswith("tomorrow"):
        return True
    if FUTURE_RE.search(text, s.start, e.start):
        return True
    return present and e.kind in ("weekday", "date", "deictic") and present_future(text, *_clause_span(text, s, e))


def _date_offset(text: str, clock: Clock, exprs: Sequence[Sequence[TimeExpr]], fut) -> int:
    """Where dates fall relative to weekdays when the year is unknown.

    A weekday written next to a date ("Friday, March 6") ties the two scales.
    Otherwise news style names days of the past week by weekday and older days
    by date, so the latest date is put a week before day 0.
    """
    for es in exprs:
        for a, b in zip(es, es[1:]):
            pair = {a.kind, b.kind}
            if pair == {"weekday", "date"} and b.start - a.end <= 3 and re.fullmatch(r"[\s,]*", text[a.end : b.start]):
                wd, dt = (a, b) if a.kind == "weekday" else (b, a)
                d_w, d_d = clock.day(wd), clock.day(dt)
                if d_w is not None and d_d is not None:
                    return int(d_w - d_d)
    return -7


def build_timeline(
    text: str,
    sentences: Sequence[Sentence],
    meta: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Timeline:
    """Resolve the temporal expressions of ``sentences`` (see module docstring).

    ``meta["date"]`` (a date or an ISO string) is the publication day when known.
    """
    exprs = [find_times(text, s.start, s.end) for s in sentences]
    # A headline is in the present tense whatever the tense of the story.
    head_end = len(title) if title and text.startswith(title) else 0
    fut = [[_future(text, s, e, present=s.start >= head_end) for e in es] for s, es in zip(sentences, exprs)]
    ref_date = parse_date((meta or {}).get("date"))
    weekdays: list[int] = []
    lead: list[int] = []
    dates = []
    for i, (es, fs) in enumerate(zip(exprs, fut)):
        for e, f in zip(es, fs):
            if e.kind == "weekday" and not f and e.modifier not in ("after",) and e.weekday is not None:
                weekdays.append(e.weekday)
                if i < LEAD_SENTENCES:
                    lead.append(e.weekday)
            if e.kind == "date" and not f:
                dates.append((i < LEAD_SENTENCES, e))
    if title:
        lead = [e.weekday for e in find_times(title) if e.kind == "weekday" and e.weekday is not None] + lead
    pseudo = None
    if ref_date is None and dates:
        year = next((e.year for _, e in dates if e.year), None) or 2001
        pool = [d for d in (Clock.to_date(e, year) for _, e in dates) if d is not None]
        pseudo = max(pool) if pool else None
    backward = (
        any(
            (e.kind == "weekday" and e.modifier in ("last", "previous", "before"))
            or (e.kind == "order" and e.order < 0)
            for es in exprs
            for e in es
        )
        or bool(_BACKWARD.search(text))
        # a lead that tells the end of the journey (on one day) names the latest day
        or any(
            _END_LEAD.search(s.text) and len({e.weekday for e in es if e.kind == "weekday"}) == 1
            for s, es in list(zip(sentences, exprs))[: LEAD_SENTENCES + (1 if head_end else 0)]
        )
    )
    ref_wd = None
    if ref_date is None:
        ref_wd = pseudo.weekday() if pseudo and not weekdays else reference_weekday(weekdays, lead, backward)
    clock = Clock(ref_date=ref_date, ref_weekday=ref_wd, pseudo_date=pseudo)
    if ref_date is None and pseudo is not None and ref_wd is not None and weekdays:
        clock = Clock(ref_weekday=ref_wd, pseudo_date=pseudo, date_offset=_date_offset(text, clock, exprs, fut))
    # The first day of the trip decides "the Sunday before" said on a Sunday.
    starts = []
    for es, fs in zip(exprs, fut):
        for e, f in zip(es, fs):
            if e.absolute and not f and e.modifier != "before":
                d = clock.day(e)
                if d is not None:
                    starts.append(d)
    m = _TRIP_DAYS.search(text)
    if m:
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUMS[word]
        starts.append(-(n - 1))
    if starts:
        clock = Clock(ref_date, ref_wd, pseudo, int(min(starts)), clock.date_offset)
    # Months ("in May") are background only in a story told in days.
    tl = Timeline(
        clock, day_scale=any(e.absolute or (e.kind == "shift" and abs(e.offset) < 28) for es in exprs for e in es)
    )
    carry_day: float | None = None
    carry_phase = 0
    carry_when: str | None = None
    for es, fs in zip(exprs, fut):
        tl.carry.append((carry_day, carry_phase, carry_when))
        main = None
        for e, f in zip(es, fs):
            if e.absolute:
                main = clock.day(e, carry_day, f)
                break
        dated: list[Dated] = []
        local = carry_day
        for e, f in zip(es, fs):
            if e.kind == "shift" and e.linked:
                base = main if main is not None else carry_day
                d = None if base is None else base + e.offset
            else:
                d = clock.day(e, local, f)
                if d is not None and not f:
                    local = d
            dated.append(Dated(e, d, f))
        tl.dated.append(dated)
        for dt in dated:
            if dt.future or dt.expr.linked or dt.expr.modifier == "sub-day":
                continue
            if dt.day is not None:
                carry_phase = dt.expr.order if dt.expr.order < 0 and dt.expr.kind != "shift" else 0
                carry_day, carry_when = dt.day, dt.expr.text
    return tl
