"""Wire-style datelines: ``SEOUL, South Korea (AP) —`` at the start of the story.

The dateline names the place the story was filed from. :func:`find_dateline`
returns the span of the place part only (``SEOUL, South Korea``), never the
date or the agency; :func:`dateline_places` splits it into its names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Article, Span
from .layout import ends_sentence, find_title, iter_lines

__all__ = ["DatelineMatch", "match_dateline", "find_dateline", "dateline_places"]

_W = r"[^\W\d_][\w'’.\-]*"  # a word starting with a letter ("ST.", "N'DJAMENA", "Jan.")
_NAME = rf"{_W}(?:[ ]{_W}){{0,3}}"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = (
    rf"(?:{_MONTH}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?|\d{{1,2}}[ ]{_MONTH}(?:[ ]\d{{4}})?|{_WEEKDAY}"
    rf"|{_MONTH}[ ]\d{{4}})"
)
_SEP = r"—|–|--?|:"
_DATELINE = re.compile(
    rf"""
    (?P<place>{_NAME})
    (?:,\ (?P<region>{_NAME}))?
    (?:,\ (?P<date>{_DATE}))?
    (?:
        \ ?\((?P<agency>[^()\n]{{1,40}})\)(?:\ ?(?P<sep>{_SEP}))?
      | \ ?(?P<sep2>{_SEP})
    )
    (?=\s|\Z|(?<=[—–]))
    """,
    re.VERBOSE,
)
_DATE_ONLY = re.compile(rf"(?:{_DATE})\Z")
#: Words that may stand lowercase inside a place name ("RIO DE JANEIRO", "Rio de Janeiro").
_CONNECTORS = frozenset("de da do dos das del della di du la le les al el am an on upon sur en y of".split())
#: All-caps openers that are not places ("BREAKING: ...", "NATO — ...").
_NOT_PLACES = frozenset(
    """BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION COMMENTARY EDITORIAL
    CORRECTION NOTE FILE PHOTOS PHOTO VIDEO ADVISORY URGENT FLASH BULLETIN NEW NEWS
    NATO UN EU US U.S. UK U.K. FBI CIA NASA WHO IMF OPEC AP AFP REUTERS""".split()
)
#: Capitalised words that open sentences, never datelines ("The (AP) —" is not a place).
_NOT_OPENERS = frozenset(
    """the a an in on at of for from by with after before during since as and but or
    if when while this that these those it he she they we i you his her their our its
    there here yesterday today tomorrow""".split()
)
_SCAN_CHARS = 200  # a dateline is short: look only at the start of the paragraph
_SCAN_LINES = 4  # bylines or timestamps may stand before the first paragraph


@dataclass(frozen=True)
class DatelineMatch:
    """The parts of a dateline, as spans into the text (``None`` when absent)."""

    place: Span
    region: Span | None = None
    date: Span | None = None
    agency: Span | None = None

    @property
    def span(self) -> Span:
        """The place part: the place and its region (``SEOUL, South Korea``)."""
        return Span(self.place.start, (self.region or self.place).end)


def _case_ok(words: list[str], *, caps: bool) -> bool:
    if not words or words[0].lower() in _CONNECTORS or words[0].lower() in _NOT_OPENERS:
        return False
    for w in words:
        if w in _CONNECTORS:
            continue
        letters = [c for c in w if c.isalpha()]
        if not letters or not letters[0].isupper():
            return False
        if caps and not all(c.isupper() for c in letters):
            return False
    return True


def match_dateline(paragraph: str, offset: int = 0) -> DatelineMatch | None:
    """Parse a dateline at the very start of ``paragraph`` (spans are shifted by ``offset``).

    An all-caps place (``LONDON —``) needs only the dash; a mixed-case place
    (``Moscow, 12 March (AFP):``) also needs a date or an agency, so ordinary
    sentences ("After lunch, Kim ...") never match.

    >>> m = match_dateline("KYIV, Ukraine, March 3 (Reuters) - Sirens sounded.")
    >>> m.span, m.date, m.agency
    (Span(start=0, end=13), Span(start=15, end=22), Span(start=24, end=31))
    >>> match_dateline("After lunch, Kim and Shoigu talked.") is None
    True
    """
    head = paragraph[:_SCAN_CHARS]
    m = _DATELINE.match(head)
    if m is None:
        return None
    place, region, date, agency = m.group("place", "region", "date", "agency")
    sep = m.group("sep") or m.group("sep2")
    if region is not None and date is None and _DATE_ONLY.match(region):
        region, date = None, region  # "LONDON, Monday (Reuters) —"
        region_span, date_span = None, m.span("region")
    else:
        region_span = m.span("region") if region is not None else None
        date_span = m.span("date") if date is not None else None
    words = place.split()
    caps = _case_ok(words, caps=True) and place not in _NOT_PLACES and len(place.replace(".", "")) > 1
    if not caps:
        if not _case_ok(words, caps=False) or (date is None and agency is None):
            return None
    if region is not None and not _case_ok(region.split(), caps=False):
        return None
    if agency is not None and not caps and not agency.strip()[:1].isupper():
        return None  # "Kim (who arrived) —" is an aside, not an agency
    if sep == ":" and agency is None and date is None:
        return None  # "BREAKING: ..." / "WARNING: ..."
    place_span = m.span("place")

    def shift(s: tuple[int, int] | None) -> Span | None:
        return Span(s[0] + offset, s[1] + offset) if s is not None else None

    return DatelineMatch(
        place=Span(place_span[0] + offset, place_span[1] + offset),
        region=shift(region_span),
        date=shift(date_span),
        agency=shift(m.span("agency") if agency is not None else None),
    )


def _find_match(text: str) -> DatelineMatch | None:
    title = find_title(text)
    after = title.end if title else 0
    for i, line in enumerate(iter_lines(text[after : after + 20_000])):
        if i >= _SCAN_LINES:
            break
        found = match_dateline(line.text, after + line.start)
        if found is not None:
            return found
        if len(line.text.split()) >= 12 and ends_sentence(line.text):
            break  # the first real paragraph had no dateline
    return None


def find_dateline(text: str) -> Span | None:
    """The place part of the dateline that opens the first body paragraph.

    >>> text = "Kim heads home\\n\\nSEOUL, South Korea (AP) — Kim left on Sunday."
    >>> s = find_dateline(text); text[s.start:s.end]
    'SEOUL, South Korea'
    >>> find_dateline("After lunch, Kim and Shoigu discussed security.") is None
    True
    """
    found = _find_match(text)
    return found.span if found else None


def dateline_places(article: Article) -> list[Span]:
    """The names in an article's dateline, one span each (``SEOUL``, ``South Korea``).

    >>> from geomap.models import Article, Span
    >>> a = Article("SEOUL, South Korea (AP) — Hi.", dateline=Span(0, 18))
    >>> [a.text[s.start:s.end] for s in dateline_places(a)]
    ['SEOUL', 'South Korea']
    """
    if article.dateline is None:
        return []
    out: list[Span] = []
    start = article.dateline.start
    piece_start = start
    for i in range(start, article.dateline.end + 1):
        if i == article.dateline.end or article.text[i] == ",":
            piece = article.text[piece_start:i]
            lead = len(piece) - len(piece.lstrip())
            name = piece.strip()
            if name:
                out.append(Span(piece_start + lead, piece_start + lead + len(name)))
            piece_start = i + 1
    return out
