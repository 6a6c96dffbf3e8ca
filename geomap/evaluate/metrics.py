"""The numbers themselves: distance, P/R/F1, the error-curve AUC, Kendall's τ-b,
and one-to-one matching. Nothing here knows about documents."""

from __future__ import annotations

from ..geodesy import EARTH_RADIUS_KM, haversine_km  # noqa: F401  (re-exported)
import math
from dataclasses import dataclass
from typing import Hashable, Iterable, Sequence

import numpy as np

__all__ = [
    "EARTH_RADIUS_KM",
    "MAX_ERROR_KM",
    "ACCURACY_KM",
    "haversine_km",
    "PRF",
    "prf",
    "error_auc",
    "kendall_tau_b",
    "match_one_to_one",
]

"""Mean Earth radius (IUGG), the R of every distance here."""

MAX_ERROR_KM = 20039.0
"""The error charged to an unresolved toponym, and the AUC's normaliser (Gritta et al. 2018)."""

ACCURACY_KM = 161.0
"""The "within 100 miles" threshold of accuracy@161 and F1@161."""




@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts they come from."""

    precision: float
    recall: float
    f1: float
    tp: int
    n_pred: int
    n_gold: int


def prf(tp: int, n_pred: int, n_gold: int) -> PRF:
    """P = tp/n_pred, R = tp/n_gold, F1 their harmonic mean.

    A zero denominator gives 0, except that nothing predicted for nothing to
    find is perfect (P = R = F1 = 1).

    >>> prf(2, 4, 2)
    PRF(precision=0.5, recall=1.0, f1=0.6666666666666666, tp=2, n_pred=4, n_gold=2)
    >>> prf(0, 0, 3).f1, prf(0, 0, 0).f1
    (0.0, 1.0)
    """
    if not 0 <= tp <= min(n_pred, n_gold):
        raise ValueError(f"need 0 <= tp <= min(n_pred, n_gold), got tp={tp}, {n_pred=}, {n_gold=}")
    if n_pred == 0 and n_gold == 0:
        return PRF(1.0, 1.0, 1.0, 0, 0, 0)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f, tp, n_pred, n_gold)


def error_auc(errors_km: Iterable[float]) -> float | None:
    """Area under the curve of sorted log errors (Gritta et al. 2018); lower is better.

    Errors are sorted ascending, ``y = ln(1 + e) / ln(20039)``, ``x = i / (n - 1)``
    and the area is the trapezoid rule; a single error gives ``y[0]``, none gives None.

    >>> error_auc([0, 0, 0])
    0.0
    >>> round(error_auc([20038, 0]), 3)
    0.5
    >>> error_auc([])
    """
    e = np.sort(np.asarray(list(errors_km), dtype=float))
    if e.size == 0:
        return None
    if (e < 0).any():
        raise ValueError("errors must be non-negative")
    y = np.log1p(e) / math.log(MAX_ERROR_KM)
    if e.size == 1:
        return float(y[0])
    x = np.arange(e.size) / (e.size - 1)
    return float(np.trapezoid(y, x))


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's τ-b between two paired sequences, ties handled.

    ``(C - D) / sqrt((n0 - n1) (n0 - n2))`` with ``n0 = n(n-1)/2`` pairs, ``n1``/``n2``
    the pairs tied in ``x``/``y``. Undefined (None) for fewer than 2 pairs or when
    either side is all ties.

    >>> kendall_tau_b([1, 2, 3], [1, 2, 3]), kendall_tau_b([1, 2, 3], [3, 2, 1])
    (1.0, -1.0)
    >>> round(kendall_tau_b([1, 2, 3, 4], [1, 1, 2, 3]), 4)
    0.9129
    >>> kendall_tau_b([1], [1]) is None, kendall_tau_b([1, 1], [1, 2]) is None
    (True, True)
    """
    if len(x) != len(y):
        raise ValueError(f"x and y differ in length ({len(x)} != {len(y)})")
    n = len(x)
    concordant = discordant = tied_x = tied_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0:
                tied_x += 1
            if dy == 0:
                tied_y += 1
            if dx and dy:
                if (dx > 0) == (dy > 0):
                    concordant += 1
                else:
                    discordant += 1
    n0 = n * (n - 1) // 2
    denom = math.sqrt((n0 - tied_x) * (n0 - tied_y))
    if n < 2 or denom == 0:
        return None
    return (concordant - discordant) / denom


def match_one_to_one(
    pairs: Iterable[tuple[Hashable, Hashable, float]],
) -> list[tuple[Hashable, Hashable]]:
    """A maximum-cardinality one-to-one matching that prefers high-scoring pairs.

    ``pairs`` are the allowed ``(left, right, score)`` links. The matching is
    first built greedily, best score first (ties by input order); augmenting
    paths (Kuhn's algorithm) then add every link that the greedy pass blocked,
    so the number of matches is the largest possible. Greedy pairs are only
    reassigned when that makes room for one more match.

    >>> match_one_to_one([("g", "p", 5), ("g", "q", 3)])          # one gold, two preds
    [('g', 'p')]
    >>> sorted(match_one_to_one([("a", "p", 2), ("b", "p", 15), ("b", "q", 2)]))
    [('a', 'p'), ('b', 'q')]
    """
    pairs = list(pairs)
    order = sorted(range(len(pairs)), key=lambda k: -pairs[k][2])
    adj: dict[Hashable, list[Hashable]] = {}
    for k in order:
        adj.setdefault(pairs[k][0], []).append(pairs[k][1])
    left_of: dict[Hashable, Hashable] = {}
    right_of: dict[Hashable, Hashable] = {}
    for k in order:
        a, b, _ = pairs[k]
        if a not in right_of and b not in left_of:
            right_of[a], left_of[b] = b, a

    def augment(a: Hashable, seen: set) -> bool:
        for b in adj[a]:
            if b in seen:
                continue
            seen.add(b)
            if b not in left_of or augment(left_of[b], seen):
                right_of[a], left_of[b] = b, a
                return True
        return False

    for a in adj:
        if a not in right_of:
            augment(a, set())
    return [(a, right_of[a]) for a in adj if a in right_of]
