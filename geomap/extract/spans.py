"""Proposed toponym spans and the small text operations that tidy them.

A *proposal* is what one recognition rule believes; the extractor merges the
proposals of all rules into :class:`~geomap.models.Mention` objects.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["Proposal", "trim_span", "merge_proposals"]


@dataclass(frozen=True)
class Proposal:
    """A span some rule believes is a toponym.

    ``priority`` orders rules when spans overlap (higher wins; then longer wins).
    """

    start: int
    end: int
    source: str
    label: str
    priority: int = 0
    kind: str = "place"
    type_hint: str | None = None
    query: str | None = None
    country_hint: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


_LEADING = re.compile(r"(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
_TRAIL_PUNCT = ".,;:!?)]}\"'\u2019\u201d-\u2013\u2014 \t\n"
_LEAD_PUNCT = "([{\"'\u2018\u201c-\u2013\u2014 \t\n"
_KEEP_THE = {"the hague", "the bronx", "the gambia", "the bahamas", "the netherlands", "the dalles", "the woodlands", "the villages"}


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to the name itself: no leading "the", no
    possessive, no surrounding punctuation (a final dot of an abbreviation such
    as "U.S." or "Ind." stays).

    >>> t = "in the United States's capital"
    >>> s, e = trim_span(t, 3, 22); t[s:e]
    'United States'
    >>> t = "from the U.S. and"
    >>> s, e = trim_span(t, 5, 13); t[s:e]
    'U.S.'
    """
    while start < end and text[start] in _LEAD_PUNCT:
        start += 1
    m = _LEADING.match(text, start, end)
    if m and text[start:end].lower() not in _KEEP_THE and end - m.end() > 1:
        start = m.end()
    for _ in range(3):
        before = (start, end)
        m = _POSSESSIVE.search(text[start:end])
        if m and end - start - len(m.group()) > 1:
            end = start + m.start()
        while end > start and text[end - 1] in _TRAIL_PUNCT:
            if text[end - 1] == "." and _is_abbreviation(text[start:end]):
                break
            end -= 1
        if (start, end) == before:
            break
    return start, end


def _is_abbreviation(s: str) -> bool:
    """'U.S.', 'D.C.', 'Ind.', 'Phila.', 'St.' keep their final dot."""
    word = s.split()[-1] if s.split() else s
    if word.count(".") >= 2:
        return True
    core = word[:-1]
    return 1 < len(core) <= 5 and core[:1].isupper() and core.isalpha() and not core.isupper()


def merge_proposals(proposals: list[Proposal]) -> list[Proposal]:
    """Keep a set of non-overlapping proposals: higher priority first, then
    longer spans, then earlier ones.

    >>> a = Proposal(0, 5, "ner", "GPE", 1); b = Proposal(0, 12, "rule", "LOC", 2)
    >>> [p.source for p in merge_proposals([a, b])]
    ['rule']
    """
    chosen: list[Proposal] = []
    # The chosen spans are disjoint: kept sorted, their ends are sorted too, so
    # the only one that can overlap [start, end) is the last one starting before end.
    starts: list[int] = []
    ends: list[int] = []
    for p in sorted(proposals, key=lambda p: (-p.priority, -p.length, p.start)):
        if p.end <= p.start:
            continue
        i = bisect.bisect_left(starts, p.end)
        if i > 0 and ends[i - 1] > p.start:
            continue
        chosen.append(p)
        starts.insert(i, p.start)
        ends.insert(i, p.end)
    return sorted(chosen, key=lambda p: p.start)
