"""The layout of a plain text: its lines, its paragraphs and its headline.

Everything here walks the text once and returns offsets into the original
string (nothing is stripped or normalised in place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..models import Span

__all__ = ["Line", "iter_lines", "find_title", "SENTENCE_END"]

_NONBLANK_LINE = re.compile(r"[^\n]+")
#: Characters that end a sentence (closing quotes and brackets after a full stop count too).
SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’»)]"

TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30


@dataclass(frozen=True)
class Line:
    """One non-blank line: ``[start, end)`` covers its text without the
    surrounding whitespace (``\\r`` included); ``blank_before`` is True when a
    blank line (or the start of the text) precedes it."""

    start: int
    end: int
    text: str
    index: int
    blank_before: bool

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def ends_sentence(self) -> bool:
        """True when the line ends like a sentence (``.``, ``?``, ``!``, maybe quoted)."""
        return ends_sentence(self.text)


def ends_sentence(s: str) -> bool:
    """True when ``s`` ends with sentence punctuation, maybe followed by quotes.

    >>> ends_sentence('He left.”'), ends_sentence("Kim Putin Russia")
    (True, False)
    """
    s = s.rstrip().rstrip(_CLOSERS)
    return bool(s) and s[-1] in SENTENCE_END


def iter_lines(text: str) -> Iterator[Line]:
    """The non-blank lines of ``text`` in order, in one linear pass.

    >>> [(l.text, l.blank_before) for l in iter_lines("A\\n\\n  B \\r\\nC")]
    [('A', True), ('B', True), ('C', False)]
    """
    prev_end = 0
    index = 0
    for m in _NONBLANK_LINE.finditer(text):
        a, b = m.span()
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = a + lead
        end = start + len(stripped)
        # a blank line lies between: two newlines since the last non-blank line
        blank_before = index == 0 or text.count("\n", prev_end, a) > 1
        yield Line(start, end, stripped, index, blank_before)
        index += 1
        prev_end = b


def find_title(text: str) -> Span | None:
    """The headline: the first line if it is short, not a sentence (does not end
    with a period) and followed by a blank line and more text.

    >>> text = "Kim leaves Russia\\n\\nSEOUL (AP) — Kim left."
    >>> s = find_title(text); text[s.start:s.end]
    'Kim leaves Russia'
    >>> find_title("One line only. Then more.") is None
    True
    """
    lines = iter_lines(text)
    first = next(lines, None)
    second = next(lines, None)
    if first is None or second is None or not second.blank_before:
        return None
    t = first.text
    if len(t) > TITLE_MAX_CHARS or len(t.split()) > TITLE_MAX_WORDS:
        return None
    if t.rstrip(_CLOSERS).endswith((".", ",", ";", ":", "…")) or t[:1].islower():
        return None
    from .dateline import match_dateline  # a dateline opens a paragraph, not a headline

    if match_dateline(t) is not None:
        return None
    return first.span
