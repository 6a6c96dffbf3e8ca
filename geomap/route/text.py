"""Plain-text helpers for route inference: sentences and clause windows.

Route inference looks at sentences with regular expressions only (no spaCy), so
it splits the article itself; offsets always point into the original text.

>>> [s.text for s in split_sentences("Kim flew to Oslo. Then he left.\\n\\nLt. Gen. Ray came.")]
['Kim flew to Oslo.', 'Then he left.', 'Lt. Gen. Ray came.']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

__all__ = ["Sentence", "split_sentences", "sentence_index", "clause_start"]

_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "gov",
    "sen", "rep", "rev", "prof", "jr", "sr", "mt", "ft", "no", "vs", "etc", "inc", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Sentence:
    """A sentence ``text`` at ``[start, end)`` in paragraph ``para`` (0-based)."""

    start: int
    end: int
    text: str
    para: int
    index: int


def _is_abbrev(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation or an initial."""
    m = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    return word in _ABBREV or len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences at end punctuation and line breaks.

    Paragraphs are separated by blank lines; a line without end punctuation (a
    headline, a caption) is a sentence of its own.
    """
    out: list[Sentence] = []
    para = 0
    pos = 0
    for block in re.finditer(r"[^\n]+", text):
        if text[pos : block.start()].count("\n") >= 2:
            para += 1
        pos = block.end()
        b0, line = block.start(), block.group()
        cut = 0
        for m in _END.finditer(line):
            if line[m.start()] == "." and _is_abbrev(line, m.start()):
                continue
            _add(out, line, b0, cut, m.end(), para)
            cut = m.end()
        _add(out, line, b0, cut, len(line), para)
    return out


def _add(out: list[Sentence], line: str, base: int, a: int, b: int, para: int) -> None:
    seg = line[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        s = base + a + lead
        out.append(Sentence(s, s + len(seg), seg, para, len(out)))


def sentence_index(sentences: Sequence[Sentence], offset: int) -> int:
    """Index of the sentence holding ``offset`` (the nearest one before it otherwise).

    >>> ss = split_sentences("Go now. Come back.")
    >>> sentence_index(ss, 9), sentence_index(ss, 0)
    (1, 0)
    """
    starts = [s.start for s in sentences]
    return max(0, bisect_right(starts, offset) - 1)


_CLAUSE_BREAK = re.compile(r";|\s[—–]\s|:\s|\(|\)|\b(?:but|although|though|whereas|because|while)\b")


def clause_start(text: str, lo: int, at: int) -> int:
    """Start of the clause that holds offset ``at``, not before ``lo``.

    A clause ends at ``;``, a spaced dash, a colon, brackets and contrastive
    conjunctions ("but", "while", "although"...).

    >>> s = "He flew to Rome; she stayed in Oslo."
    >>> s[clause_start(s, 0, s.index("Oslo")):]
    ' she stayed in Oslo.'
    """
    last = lo
    for m in _CLAUSE_BREAK.finditer(text, lo, at):
        last = m.end()
    return last
