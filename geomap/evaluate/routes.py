"""Routes: which stops were found, and in what order.

For each gold document with a ``"route"`` key:

1. both routes are put in ``seq`` order and *collapsed*: a stop within 50 km of
   the last kept stop is merged into it (the first of a run is kept), so
   "Paris, then Versailles" and "Paris" count as one stop;
2. gold and predicted stops are paired one-to-one when within 50 km
   (maximum-cardinality matching, nearest pairs preferred); a stop without
   coordinates never matches;
3. stop precision/recall/F1 come from those pairs (both routes empty = 1,
   otherwise a zero denominator = 0);
4. order agreement is Kendall's τ-b between the gold ``seq`` and the predicted
   ``seq`` of the matched stops; with fewer than 2 pairs (or all ties) it is
   undefined and the document is left out of the τ mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .docs import RoutePoint
from .metrics import PRF, haversine_km, kendall_tau_b, match_one_to_one, prf

__all__ = [
    "ROUTE_KM",
    "collapse_stops",
    "match_stops",
    "RouteDocScore",
    "score_route",
    "RouteScores",
    "route_scores",
]

ROUTE_KM = 50.0
"""Stops closer than this are the same stop (both for collapsing and matching)."""


def _km(a: RoutePoint, b: RoutePoint) -> float | None:
    if not (a.located and b.located):
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def collapse_stops(stops: Sequence[RoutePoint], km: float = ROUTE_KM) -> list[RoutePoint]:
    """Merge consecutive stops within ``km`` of the last kept stop (keeping the first).

    >>> paris, versailles = RoutePoint("Paris", 48.86, 2.35, 0), RoutePoint("Versailles", 48.80, 2.13, 1)
    >>> [s.name for s in collapse_stops([paris, versailles, RoutePoint("Lyon", 45.76, 4.84, 2)])]
    ['Paris', 'Lyon']
    """
    kept: list[RoutePoint] = []
    for s in stops:
        d = _km(kept[-1], s) if kept else None
        if d is None or d > km:
            kept.append(s)
    return kept


def match_stops(
    gold: Sequence[RoutePoint], pred: Sequence[RoutePoint], km: float = ROUTE_KM
) -> list[tuple[int, int]]:
    """Pair gold and predicted stops within ``km`` one-to-one, nearest first; sorted by gold index."""
    links = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            d = _km(g, p)
            if d is not None and d <= km:
                links.append((i, j, -d))
    return sorted(match_one_to_one(links))


@dataclass(frozen=True)
class RouteDocScore:
    """Route agreement of one document (after collapsing); ``tau`` None when undefined."""

    stops: PRF
    tau: float | None
    n_matched: int


def score_route(
    gold: Sequence[RoutePoint], pred: Sequence[RoutePoint], km: float = ROUTE_KM
) -> RouteDocScore:
    """Stop P/R/F1 and Kendall's τ-b of one document's routes.

    >>> gold = [RoutePoint(n, lat, 0.0, seq=i) for i, (n, lat) in enumerate([("a", 0), ("b", 5), ("c", 10)])]
    >>> pred = [RoutePoint(n, lat, 0.0, seq=i) for i, (n, lat) in enumerate([("c", 10), ("b", 5), ("a", 0)])]
    >>> s = score_route(gold, pred)          # right stops, reversed order
    >>> s.stops.f1, s.tau
    (1.0, -1.0)
    """
    gold, pred = collapse_stops(gold, km), collapse_stops(pred, km)
    pairs = match_stops(gold, pred, km)
    tau = kendall_tau_b([gold[i].seq for i, _ in pairs], [pred[j].seq for _, j in pairs])
    return RouteDocScore(prf(len(pairs), len(pred), len(gold)), tau, len(pairs))


@dataclass(frozen=True)
class RouteScores:
    """Route metrics over the ``n_docs`` documents that have a gold route.

    ``micro`` pools stop counts over documents; the ``macro_*`` values average
    per-document scores. ``tau_mean`` averages the ``n_tau_docs`` documents where
    τ-b is defined; ``n_tau_skipped`` had fewer than 2 matched stops (or all ties).
    """

    n_docs: int
    micro: PRF
    macro_precision: float | None
    macro_recall: float | None
    macro_f1: float | None
    tau_mean: float | None
    n_tau_docs: int
    n_tau_skipped: int


def _mean(xs: list[float]) -> float | None:
    return float(np.mean(xs)) if xs else None


def route_scores(docs: Iterable[RouteDocScore]) -> RouteScores:
    """Pool per-document route scores (micro and macro)."""
    docs = list(docs)
    taus = [d.tau for d in docs if d.tau is not None]
    return RouteScores(
        n_docs=len(docs),
        micro=prf(
            sum(d.stops.tp for d in docs),
            sum(d.stops.n_pred for d in docs),
            sum(d.stops.n_gold for d in docs),
        ),
        macro_precision=_mean([d.stops.precision for d in docs]),
        macro_recall=_mean([d.stops.recall for d in docs]),
        macro_f1=_mean([d.stops.f1 for d in docs]),
        tau_mean=_mean(taus),
        n_tau_docs=len(taus),
        n_tau_skipped=len(docs) - len(taus),
    )
