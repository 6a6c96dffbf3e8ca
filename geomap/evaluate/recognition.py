"""Toponym recognition: pairing predicted spans with gold spans.

Two modes, both one-to-one (each gold and each prediction used at most once):

``"strict"``
    same start and same end.
``"overlap"``
    the half-open spans share at least one character. The pairing is a
    *maximum-cardinality* bipartite matching (so no true positive is lost to an
    unlucky greedy choice), seeded greedily by largest overlap first — ties
    broken by the smaller boundary difference, then by position — so that a
    gold span keeps the prediction that covers it best whenever that does not
    cost a match. See :func:`geomap.evaluate.metrics.match_one_to_one`.
"""

from __future__ import annotations

from typing import Literal, Sequence

from .docs import Toponym
from .metrics import PRF, match_one_to_one, prf

__all__ = ["match_spans", "recognition_prf"]

Mode = Literal["strict", "overlap"]


def _overlap(a: Toponym, b: Toponym) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match_spans(
    gold: Sequence[Toponym], pred: Sequence[Toponym], mode: Mode = "overlap"
) -> list[tuple[int, int]]:
    """Pair gold and predicted toponyms one-to-one; returns ``(gold_index, pred_index)`` pairs
    sorted by gold index.

    >>> g = [Toponym(0, 8)]
    >>> match_spans(g, [Toponym(0, 8), Toponym(4, 8)])      # the second pred is a false positive
    [(0, 0)]
    >>> match_spans(g, [Toponym(0, 5)], "strict"), match_spans(g, [Toponym(0, 5)], "overlap")
    ([], [(0, 0)])
    """
    if mode not in ("strict", "overlap"):
        raise ValueError(f"mode must be 'strict' or 'overlap', got {mode!r}")
    links = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if mode == "strict":
                if g.start == p.start and g.end == p.end:
                    links.append((i, j, 0.0))
                continue
            size = _overlap(g, p)
            if size > 0:
                # lexicographic preference folded into one score: overlap first,
                # then tighter boundaries (the difference is always < 2*len(text))
                misfit = abs(g.start - p.start) + abs(g.end - p.end)
                links.append((i, j, size - misfit / (2.0 * (misfit + 1))))
    return sorted(match_one_to_one(links))


def recognition_prf(gold: Sequence[Toponym], pred: Sequence[Toponym], mode: Mode = "overlap") -> PRF:
    """Recognition precision/recall/F1 of one document.

    >>> recognition_prf([Toponym(0, 4)], [Toponym(0, 4), Toponym(10, 12)]).precision
    0.5
    """
    return prf(len(match_spans(gold, pred, mode)), len(pred), len(gold))
