"""Temporal expressions: find them in a sentence, turn them into day numbers.

Days are numbered relative to a reference day 0 ("today" of the story): the
article's publication date when known (``article.meta["date"]``), otherwise a
weekday chosen from the text (see :func:`reference_weekday`). Negative numbers
are earlier days.

>>> [(t.kind, t.text) for t in find_times("A day after visiting Oslo, she flew on Saturday to Bergen.")]
[('shift', 'A day after'), ('weekday', 'on Saturday')]
>>> clock = Clock(ref_weekday=6)          # the story's today is a Sunday
>>> clock.day(find_times("last Tuesday")[0])
-5
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

__all__ = [
    "TimeExpr",
    "find_times",
    "Clock",
    "parse_date",
    "reference_weekday",
    "WEEKDAYS",
    "MONTHS",
]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WD_RE = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3,
}
_UNIT_DAYS = {"day": 1, "night": 1, "week": 7, "month": 30, "year": 365, "hour": 1 / 24}
_NUM_RE = (
    r"(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|\d+)"
)
_GERUND_OR_EVENT = r"(?=\s+(?:\w+ing\b|his\b|her\b|their\b|its\b|the\b|a\b|an\b|[A-Z]))"


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression at ``[start, end)`` (offsets of the searched text).

    ``kind`` is one of ``"weekday"``, ``"date"``, ``"deictic"`` (today,
    yesterday), ``"shift"`` (a number of days from another time: "the next
    day", "a day after visiting"), ``"order"`` (then, later, earlier) or
    ``"background"`` (a month alone, a year, "years ago": outside the story's
    days). ``order`` is -1 for "earlier/before", +1 for "later/then", 0 else.
    ``linked`` marks a shift that dates an event of its own clause ("a day
    after visiting X": X is a day before the sentence's other time).
    """

    start: int
    end: int
    text: str
    kind: str
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    offset: int = 0
    modifier: str | None = None
    order: int = 0
    linked: bool = False

    @property
    def absolute(self) -> bool:
        """True for expressions that name a day by themselves."""
        return self.kind in ("weekday", "date", "deictic")


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(key) + 1


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "date_md",
        re.compile(rf"\b(?:on\s+)?({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{{4}}))?"),
    ),
    (
        "date_dm",
        re.compile(rf"\b(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+(\d{{4}}))?"),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<lat>[Ll]ater|[Ee]arlier)\s+(?:on\s+|that\s+|in\s+the\s+day\s+)?)?"
            rf"(?:(?P<on>[Oo]n|[Bb]y)\s+)?"
            rf"(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Tt]he\s+following|[Tt]he\s+previous|[Tt]he|[Tt]hat)\s+)?"
            rf"(?P<wd>{_WD_RE})(?:'s|’s)?{_PART}"
            rf"(?:\s+(?P<rel>before|after)(?=\s*[,.;]|\s+(?:that|this|last)\b|\s*$))?"
        ),
    ),
    (
        "deictic",
        re.compile(r"\b(?:[Ee]arlier\s+|[Ll]ater\s+)?(today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening))\b"),
    ),
    (
        "period",
        re.compile(
            r"\b(?:(?P<adv>[Ee]arlier|[Ll]ater)\s+)?(?P<mod>next|last|this|coming|past)\s+"
            r"(?P<unit>week|weekend|month|year)\b"
        ),
    ),
    (
        # "after a five-day drive from X", "after a three-day journey": X is N days before
        "journey",
        re.compile(
            rf"\b(?:[Aa]fter|[Ff]ollowing)\s+(?:a|an|the|his|her|their|its|our)\s+({_NUM_RE})-(day|week|month|hour)\s+"
            r"(?:[\w-]+\s+)?(?:journey|drive|voyage|flight|crossing|trek|ride|sail|passage|trip|march|walk|odyssey)\b"
        ),
    ),
    (
        "shift_n",
        re.compile(
            rf"\b({_NUM_RE})\s+(days?|weeks?|nights?|months?|hours?)\s+"
            r"(later|afterwards|after|earlier|before)\b(?!\s+than\b)"
        ),
    ),
    (
        "shift_the",
        re.compile(
            r"\b(?:[Tt]he|[Tt]hat)\s+(next|following|previous|same)\s+(day|morning|afternoon|evening|night|week)\b"
            r"|\b[Tt]he\s+(day|night|week)\s+(before|after)\b"
        ),
    ),
    (
        "background",
        re.compile(
            rf"\b(?:in|since|during|by|until|from|last|early|late|mid|of)[- ]+(?:(?:early|late|mid)[- ]+)?"
            rf"(?:{_MONTH_RE}(?:\s+\d{{4}})?|(?:the\s+)?(?:1[89]|20)\d\ds?)\b(?!\s+\d)"
            r"|\blast\s+(?:year|decade|summer|winter|spring|autumn|fall)\b"
            r"|\b\d+\s+years?\s+ago\b|\b(?:a|one|two|several|many)\s+(?:years?|decades?)\s+ago\b"
        ),
    ),
    (
        "order",
        re.compile(
            r"\b(?P<later>[Ll]ater|[Tt]hen|[Aa]fterwards?|[Aa]fter\s+that|[Ss]ubsequently|[Ff]rom\s+there|[Nn]ext)\b"
            r"|\b(?P<earlier>[Ee]arlier|[Bb]efore\s+that|[Pp]reviously|[Pp]rior\s+to\s+that)\b"
            r"|\b(?P<home>on\s+(?:his|her|their|the)\s+way\s+(?:home|back))\b"
        ),
    ),
]


def find_times(text: str, start: int = 0, end: int | None = None) -> list[TimeExpr]:
    """Temporal expressions in ``text[start:end]``, in text order, not overlapping.

    Offsets are offsets of ``text``. Longer and earlier-listed patterns win.

    >>> [t.text for t in find_times("Kim and Shoigu went there later Saturday, the day after.")]
    ['later Saturday', 'the day after']
    >>> find_times("in July")[0].kind
    'background'
    >>> t = find_times("The Sunday before, he rested.")[0]
    >>> t.weekday, t.modifier
    (6, 'before')
    """
    end = len(text) if end is None else end
    found: list[TimeExpr] = []
    for name, pat in _PATTERNS:
        for m in pat.finditer(text, start, end):
            if m.end() == m.start():
                continue
            expr = _build(name, m, text)
            if expr is None:
                continue
            if any(expr.start < f.end and f.start < expr.end for f in found):
                continue
            found.append(expr)
    return sorted(found, key=lambda t: t.start)


def _build(name: str, m: re.Match[str], text: str) -> TimeExpr | None:
    s, e, t = m.start(), m.end(), m.group(0)
    if name == "date_md":
        return TimeExpr(s, e, t, "date", month=_month(m.group(1)), day=int(m.group(2)),
                        year=int(m.group(3)) if m.group(3) else None)
    if name == "date_dm":
        day = int(m.group(1))
        if not 1 <= day <= 31:
            return None
        return TimeExpr(s, e, t, "date", month=_month(m.group(2)), day=day,
                        year=int(m.group(3)) if m.group(3) else None)
    if name == "weekday":
        wd = WEEKDAYS.index(m.group("wd").lower())
        mod = (m.group("mod") or "").lower().split()
        modifier = mod[-1] if mod and mod[-1] in ("last", "next", "this", "following", "previous") else None
        if m.group("rel") and mod and mod[0] == "the":
            modifier = m.group("rel")
        lat = (m.group("lat") or "").lower()
        order = 1 if lat == "later" else -1 if lat == "earlier" else 0
        if modifier == "before":
            order = -1
        return TimeExpr(s, e, t, "weekday", weekday=wd, modifier=modifier, order=order)
    if name == "deictic":
        word = m.group(1).lower()
        off = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        order = 1 if t.lower().startswith("later") else -1 if t.lower().startswith("earlier") else 0
        return TimeExpr(s, e, t, "deictic", offset=off, order=order)
    if name == "period":
        mod, unit = m.group("mod").lower(), m.group("unit").lower()
        adv = (m.group("adv") or "").lower()
        if unit == "year" and mod not in ("next", "coming"):
            # "last year" is background (as before); "this year" dates nothing
            return TimeExpr(s, e, t, "background") if mod in ("last", "past") else None
        n = {"month": 30, "year": 365}.get(unit, 7)
        if mod in ("next", "coming"):
            return TimeExpr(s, e, t, "deictic", offset=n, modifier="next")
        if mod in ("last", "past"):
            return TimeExpr(s, e, t, "deictic", offset=-n if mod == "last" else 0, order=-1 if mod == "last" else 0)
        if adv == "later":
            return TimeExpr(s, e, t, "deictic", offset=1, modifier="next", order=1)
        return TimeExpr(s, e, t, "deictic", offset=0, order=-1 if adv == "earlier" else 0)
    if name == "shift_n":
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUM[word]
        unit = _UNIT_DAYS[m.group(2).lower().rstrip("s")]
        sign = 1 if m.group(3) in ("later", "afterwards", "after") else -1
        linked = m.group(3) in ("after", "before") and bool(re.match(_GERUND_OR_EVENT, text[e:]))
        # "a day after visiting X" dates X one day *before* the sentence's time.
        off = (-sign if linked else sign) * n * unit
        off = int(off) if float(off).is_integer() else off
        # "14 hours earlier" orders events within a day; it does not move the story's day
        modifier = "sub-day" if unit < 1 else None
        return TimeExpr(s, e, t, "shift", offset=off, linked=linked, order=-1 if off < 0 else 1, modifier=modifier)
    if name == "journey":
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUM[word]
        off = -n * _UNIT_DAYS[m.group(2).lower()]
        off = int(off) if float(off).is_integer() else off
        return TimeExpr(s, e, t, "shift", offset=off, linked=True, order=-1, modifier="journey")
    if name == "shift_the":
        if m.group(1):
            word, unit = m.group(1).lower(), m.group(2).lower()
            n = 7 if unit == "week" else 1
            off = {"next": n, "following": n, "previous": -n, "same": 0}[word]
        else:
            unit, rel = m.group(3).lower(), m.group(4).lower()
            n = 7 if unit == "week" else 1
            linked = bool(re.match(_GERUND_OR_EVENT, text[e:]))
            off = n if rel == "after" else -n
            if linked:
                return TimeExpr(s, e, t, "shift", offset=-off, linked=True, order=-1 if off > 0 else 1)
        return TimeExpr(s, e, t, "shift", offset=off, order=(off > 0) - (off < 0))
    if name == "background":
        return TimeExpr(s, e, t, "background")
    if name == "order":
        if m.group("home"):
            return TimeExpr(s, e, t, "order", order=2, modifier="homeward")
        return TimeExpr(s, e, t, "order", order=1 if m.group("later") else -1)
    raise AssertionError(name)  # pragma: no cover


def parse_date(value: Any) -> _dt.date | None:
    """A date from a ``date``, ``datetime`` or ISO string (``None`` if unusable).

    >>> parse_date("2023-09-17T10:00:00Z")
    datetime.date(2023, 9, 17)
    >>> parse_date("soon") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def reference_weekday(
    weekdays: Sequence[int], preferred: Iterable[int] = (), backward: bool = False
) -> int | None:
    """The weekday to take as "today" when only weekdays are known.

    ``weekdays`` are the (past) weekdays in narrative order, ``preferred`` those
    named in the headline or lead, ``backward`` whether the text narrates
    backwards somewhere ("last Tuesday", "earlier", "had visited").

    * A news lead names the latest day and the body goes back over earlier
      ones: with ``backward`` cues, "today" is a lead weekday (the one that fits
      all weekdays in the shortest window ending on it)...
    * ...unless the weekdays follow each other within a week and the last one
      fits them in a shorter window: a diary-like story goes forward, and
      "today" is its last weekday (also the rule without ``backward`` cues).
    * Otherwise the weekday that fits all of them in the shortest window.

    >>> reference_weekday([0, 2, 4])                         # Monday, Wednesday, Friday
    4
    >>> reference_weekday([6, 1, 6, 2, 5], preferred=[6], backward=True)
    6
    >>> reference_weekday([4, 2], preferred=[4], backward=True)   # Friday, then "had ... on Wednesday"
    4
    """
    seq = list(weekdays)
    if not seq:
        return None
    days = list(dict.fromkeys(seq))

    def span(r: int) -> int:
        return max((r - w) % 7 for w in days)

    pref = [p for p in preferred if p in days]
    steps = [(b - a) % 7 for a, b in zip(seq, seq[1:])]
    chrono = seq[-1] if sum(steps) < 7 else None
    if backward and pref:
        lead = min(reversed(pref), key=span)
        return chrono if chrono is not None and span(chrono) < span(lead) else lead
    if chrono is not None:
        return chrono
    best = min(span(r) for r in days)
    for p in reversed(pref):
        if span(p) == best:
            return p
    for w in reversed(seq):
        if span(w) == best:
            return w
    return days[0]  # pragma: no cover - unreachable


@dataclass(frozen=True)
class Clock:
    """Turns expressions into day numbers relative to the reference day 0.

    ``ref_date`` (when known) fixes everything; otherwise ``ref_weekday`` is
    the weekday of day 0 and dates are counted from ``pseudo_date``.
    ``window_start`` is the first day of the trip when the text tells it ("a
    six-day trip", "entering X last Tuesday"): it decides "the Sunday before"
    said on a Sunday (see :meth:`day`). ``date_offset`` is added to the day of
    dates counted from ``pseudo_date`` (see :func:`~geomap.route.timeline.build_timeline`).
    """

    ref_date: _dt.date | None = None
    ref_weekday: int | None = None
    pseudo_date: _dt.date | None = None
    window_start: int | None = None
    date_offset: int = 0

    @property
    def weekday0(self) -> int | None:
        return self.ref_date.weekday() if self.ref_date else self.ref_weekday

    def day(self, t: TimeExpr, anchor: float | None = None, future: bool = False) -> float | None:
        """The day number of ``t``; ``anchor`` is the current story day (for shifts).

        Weekdays are taken in the past (or, for ``future`` events and "next
        Monday", in the future) of day 0. "The <weekday> before" said of day 0's
        own weekday means earlier that same day when a week earlier would fall
        before the trip began (``window_start``), else the week before.

        >>> c = Clock(ref_weekday=6, window_start=-5)
        >>> c.day(find_times("The Sunday before")[0]), Clock(ref_weekday=6).day(find_times("the Sunday before")[0])
        (0, -7)
        >>> c.day(find_times("on Tuesday")[0], future=True)
        2
        """
        if t.kind == "weekday":
            r = self.weekday0
            if r is None or t.weekday is None:
                return None
            if t.modifier == "next" or (future and t.modifier not in ("last", "previous", "before")):
                d = (t.weekday - r) % 7
                return 7 if d == 0 and t.modifier == "next" else d
            if t.modifier == "after" and anchor is not None:
                a = int(anchor)
                return a + (((t.weekday - (r + a)) % 7) or 7)
            d = -((r - t.weekday) % 7)
            if d == 0 and t.modifier in ("last", "previous"):
                return -7
            if d == 0 and t.modifier == "before":
                return 0 if self.window_start is not None and -7 < self.window_start else -7
            return d
        if t.kind == "date":
            return self._date_day(t)
        if t.kind == "deictic":
            return t.offset
        if t.kind == "shift":
            return None if anchor is None else anchor + t.offset
        return None

    def _date_day(self, t: TimeExpr) -> int | None:
        base = self.ref_date or self.pseudo_date
        if base is None or t.month is None or t.day is None:
            return None
        year = t.year or base.year
        try:
            d = _dt.date(year, t.month, t.day)
        except ValueError:
            return None
        n = (d - base).days
        if t.year is None and n > 300:  # "December 30" read in early January
            n = (d.replace(year=year - 1) - base).days
        elif t.year is None and n < -300:
            n = (d.replace(year=year + 1) - base).days
        return n if self.ref_date is not None else n + self.date_offset

    @staticmethod
    def to_date(t: TimeExpr, year: int) -> _dt.date | None:
        """The calendar date of a date expression in ``year`` (when it names none)."""
        if t.kind != "date" or t.month is None or t.day is None:
            return None
        try:
            return _dt.date(t.year or year, t.month, t.day)
        except ValueError:
            return None
