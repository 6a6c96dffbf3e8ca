"""Toponym resolution: distance errors on matched toponyms, and a per-toponym error breakdown.

Resolution is scored over gold toponyms that have coordinates and were paired
with a prediction by the one-to-one *overlap* matching
(:func:`geomap.evaluate.recognition.match_spans`). A prediction geomap left
unresolved counts as an error of :data:`~geomap.evaluate.metrics.MAX_ERROR_KM`
(20039 km), hence as a miss at 161 km.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

import numpy as np

from .docs import GoldDoc, PredDoc, Toponym, index_predictions, parse_gold
from .metrics import ACCURACY_KM, MAX_ERROR_KM, error_auc, haversine_km
from .recognition import match_spans

__all__ = [
    "ErrorClass",
    "ErrorRecord",
    "ResolutionScores",
    "toponym_error_km",
    "resolution_scores",
    "document_errors",
    "error_classes",
]

ErrorClass = Literal["correct", "wrong_place", "unresolved", "missed", "false_positive"]


def toponym_error_km(gold: Toponym, pred: Toponym) -> float | None:
    """Distance between a gold toponym and its predicted place.

    None when the gold has no coordinates (nothing to score); 20039 km when the
    prediction is unresolved.

    >>> toponym_error_km(Toponym(0, 1, lat=0, lon=0), Toponym(0, 1))
    20039.0
    >>> toponym_error_km(Toponym(0, 1), Toponym(0, 1, lat=0, lon=0)) is None
    True
    """
    if not gold.located:
        return None
    if not pred.located:
        return MAX_ERROR_KM
    return haversine_km(gold.lat, gold.lon, pred.lat, pred.lon)


@dataclass(frozen=True)
class ResolutionScores:
    """Resolution quality over ``n`` matched gold toponyms with coordinates.

    ``n_unresolved`` of them were left unresolved by geomap (scored as 20039 km).
    Every score is None when ``n == 0``. ``auc`` is lower-is-better.
    """

    n: int
    n_unresolved: int
    accuracy_161: float | None
    mean_km: float | None
    median_km: float | None
    auc: float | None


def resolution_scores(errors_km: Iterable[float]) -> ResolutionScores:
    """Accuracy within 161 km, mean/median error and AUC of a list of errors.

    >>> s = resolution_scores([0.0, 200.0])
    >>> s.accuracy_161, s.mean_km, s.median_km
    (0.5, 100.0, 100.0)
    """
    e = np.asarray(list(errors_km), dtype=float)
    if e.size == 0:
        return ResolutionScores(0, 0, None, None, None, None)
    return ResolutionScores(
        n=int(e.size),
        n_unresolved=int((e >= MAX_ERROR_KM).sum()),
        accuracy_161=float((e <= ACCURACY_KM).mean()),
        mean_km=float(e.mean()),
        median_km=float(np.median(e)),
        auc=error_auc(e),
    )


@dataclass(frozen=True)
class ErrorRecord:
    """One gold toponym (or one unmatched prediction) and what happened to it.

    ``cls`` is one of:

    - ``"missed"``: no prediction overlaps the gold span (one-to-one);
    - ``"false_positive"``: a prediction paired with no gold span;
    - ``"unresolved"``: matched, the gold has coordinates, the prediction has none;
    - ``"wrong_place"``: matched, more than 161 km off;
    - ``"correct"``: matched and within 161 km — or matched to a gold toponym
      without coordinates (``error_km`` None), as in F1@161.
    """

    id: str
    cls: ErrorClass
    gold_name: str | None
    pred_name: str | None
    error_km: float | None
    gold_start: int | None = None
    gold_end: int | None = None
    pred_start: int | None = None
    pred_end: int | None = None
    gold_geonameid: str | None = None
    pred_geonameid: str | None = None


def _classify(error: float | None) -> ErrorClass:
    if error is None or error <= ACCURACY_KM:
        return "correct"
    return "unresolved" if error >= MAX_ERROR_KM else "wrong_place"


def document_errors(gold: GoldDoc, pred: PredDoc) -> list[ErrorRecord]:
    """Label every gold toponym of one document, then every unmatched prediction.

    >>> g = parse_gold({"id": "d", "text": "Lima", "toponyms": [
    ...     {"start": 0, "end": 4, "name": "Lima", "lat": -12.0, "lon": -77.0}]})
    >>> [r.cls for r in document_errors(g, PredDoc("d"))]
    ['missed']
    """
    pairs = dict(match_spans(gold.toponyms, pred.toponyms, "overlap"))
    records = []
    for i, g in enumerate(gold.toponyms):
        common = dict(gold_name=g.name, gold_start=g.start, gold_end=g.end, gold_geonameid=g.geonameid)
        if i not in pairs:
            records.append(ErrorRecord(gold.id, "missed", pred_name=None, error_km=None, **common))
            continue
        p = pred.toponyms[pairs[i]]
        err = toponym_error_km(g, p)
        records.append(
            ErrorRecord(
                gold.id, _classify(err), pred_name=p.name, error_km=err,
                pred_start=p.start, pred_end=p.end, pred_geonameid=p.geonameid, **common,
            )
        )
    used = set(pairs.values())
    for j, p in enumerate(pred.toponyms):
        if j not in used:
            records.append(
                ErrorRecord(
                    gold.id, "false_positive", gold_name=None, pred_name=p.name, error_km=None,
                    pred_start=p.start, pred_end=p.end, pred_geonameid=p.geonameid,
                )
            )
    return records


def error_classes(
    gold: Iterable[GoldDoc | dict],
    predictions: Iterable[PredDoc | dict] | dict,
) -> list[ErrorRecord]:
    """Error breakdown of a whole corpus (predictions matched by id; missing = empty).

    ``gold`` are :class:`GoldDoc` or gold dicts; ``predictions`` dicts in the
    output contract, :class:`PredDoc`, or a ``{id: ...}`` mapping (e.g. from
    :func:`~geomap.evaluate.docs.load_predictions`). Handy with pandas::

        pandas.DataFrame(map(dataclasses.asdict, error_classes(gold, preds)))
    """
    preds = index_predictions(predictions)
    out: list[ErrorRecord] = []
    for g in gold:
        g = g if isinstance(g, GoldDoc) else parse_gold(g)
        out.extend(document_errors(g, preds.get(g.id) or PredDoc(g.id)))
    return out


def matched_errors(
    gold: Sequence[Toponym], pred: Sequence[Toponym], pairs: Iterable[tuple[int, int]]
) -> list[float]:
    """Errors (km) of the matched pairs whose gold toponym has coordinates."""
    errs = (toponym_error_km(gold[i], pred[j]) for i, j in pairs)
    return [e for e in errs if e is not None]
