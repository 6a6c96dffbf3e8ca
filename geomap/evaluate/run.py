"""Scoring documents and corpora: the entry points :func:`evaluate_files` and :func:`evaluate_docs`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import InputError
from .docs import (
    GoldDoc,
    OnProblem,
    PredDoc,
    index_predictions,
    load_gold,
    load_predictions,
    parse_gold,
    report_problem,
)
from .metrics import ACCURACY_KM, prf
from .recognition import match_spans
from .report import CorpusReport, EvaluationReport
from .resolution import matched_errors, resolution_scores, toponym_error_km
from .routes import RouteDocScore, route_scores, score_route

__all__ = [
    "DocumentScores",
    "score_document",
    "corpus_report",
    "predict",
    "evaluate_docs",
    "evaluate_files",
]

Progress = Callable[[int, int], Any]
"""``progress(done, total)``, called after each document."""

GeoparseFn = Callable[[list[tuple[str, str]]], Iterable[Mapping[str, Any]]]
"""Takes ``[(id, text), ...]``, yields predictions in the output contract (any order)."""


@dataclass(frozen=True)
class DocumentScores:
    """The counts of one document, from which every corpus metric is pooled."""

    id: str
    corpus: str
    n_gold: int
    n_gold_coords: int
    n_pred: int
    n_pred_unresolved: int
    tp_strict: int
    tp_overlap: int
    tp_161: int
    errors_km: tuple[float, ...]
    route: RouteDocScore | None = None


def score_document(gold: GoldDoc, pred: PredDoc) -> DocumentScores:
    """Score one prediction against its gold document.

    >>> from geomap.evaluate.docs import parse_prediction
    >>> g = parse_gold({"id": "d", "text": "Lima, Peru", "toponyms": [
    ...     {"start": 0, "end": 4, "lat": -12.05, "lon": -77.04}, {"start": 6, "end": 10, "lat": None}]})
    >>> s = score_document(g, parse_prediction({"id": "d", "toponyms": [
    ...     {"start": 0, "end": 4, "lat": -12.0, "lon": -77.0}, {"start": 6, "end": 9}]}))
    >>> s.tp_strict, s.tp_overlap, s.tp_161, len(s.errors_km)
    (1, 2, 2, 1)
    """
    gt, pt = gold.toponyms, pred.toponyms
    pairs = match_spans(gt, pt, "overlap")
    tp_161 = 0
    for i, j in pairs:
        err = toponym_error_km(gt[i], pt[j])
        tp_161 += err is None or err <= ACCURACY_KM
    return DocumentScores(
        id=gold.id,
        corpus=gold.corpus,
        n_gold=len(gt),
        n_gold_coords=sum(t.located for t in gt),
        n_pred=len(pt),
        n_pred_unresolved=sum(not t.located for t in pt),
        tp_strict=len(match_spans(gt, pt, "strict")),
        tp_overlap=len(pairs),
        tp_161=tp_161,
        errors_km=tuple(matched_errors(gt, pt, pairs)),
        route=None if gold.route is None else score_route(gold.route, pred.route),
    )


def corpus_report(corpus: str, docs: Sequence[DocumentScores]) -> CorpusReport:
    """Pool document scores into a :class:`CorpusReport` (micro-averaged recognition)."""
    n_gold, n_pred = sum(d.n_gold for d in docs), sum(d.n_pred for d in docs)
    routes = [d.route for d in docs if d.route is not None]
    return CorpusReport(
        corpus=corpus,
        n_docs=len(docs),
        n_gold=n_gold,
        n_gold_coords=sum(d.n_gold_coords for d in docs),
        n_pred=n_pred,
        n_pred_unresolved=sum(d.n_pred_unresolved for d in docs),
        recognition_strict=prf(sum(d.tp_strict for d in docs), n_pred, n_gold),
        recognition_overlap=prf(sum(d.tp_overlap for d in docs), n_pred, n_gold),
        resolution=resolution_scores(e for d in docs for e in d.errors_km),
        f1_161=prf(sum(d.tp_161 for d in docs), n_pred, n_gold),
        routes=route_scores(routes) if routes else None,
    )


def predict(
    gold: Sequence[GoldDoc], geoparse_fn: GeoparseFn, *, progress: Progress | None = None
) -> list[dict]:
    """Run ``geoparse_fn`` on the gold texts and collect its predictions (as dicts)."""
    out = []
    for n, pred in enumerate(geoparse_fn([(g.id, g.text) for g in gold]), 1):
        if not isinstance(pred, Mapping):
            raise InputError(
                f"geoparse_fn must yield dicts in the output contract, got {type(pred).__name__}"
            )
        out.append(dict(pred))
        if progress is not None:
            progress(n, len(gold))
    return out


def evaluate_docs(
    gold: Iterable[GoldDoc | Mapping[str, Any]],
    predictions: Iterable[PredDoc | Mapping[str, Any]] | Mapping[str, Any],
    *,
    on_missing: OnProblem = "warn",
    progress: Progress | None = None,
    default_corpus: str = "corpus",
) -> EvaluationReport:
    """Evaluate in-memory predictions against gold documents, per corpus.

    Parameters
    ----------
    gold
        :class:`GoldDoc` or gold dicts; grouped by their ``corpus`` field
        (``default_corpus`` when absent), in order of first appearance.
    predictions
        Dicts in the output contract or :class:`PredDoc`, matched by ``id``
        (an ``{id: prediction}`` mapping also works).
    on_missing
        A gold document without prediction is scored as an empty prediction;
        ``"warn"`` (default) says how many, ``"raise"`` raises
        :class:`~geomap.errors.InputError`, ``"ignore"`` stays quiet.
    progress
        ``progress(done, total)`` after each document.

    >>> gold = [{"id": "a", "text": "Oslo", "toponyms": [{"start": 0, "end": 4, "lat": 59.9, "lon": 10.7}]}]
    >>> r = evaluate_docs(gold, [{"id": "a", "toponyms": [{"start": 0, "end": 4, "lat": 59.9, "lon": 10.7}]}])
    >>> r.overall.f1_161.f1, r.overall.resolution.auc
    (1.0, 0.0)
    """
    gold = [g if isinstance(g, GoldDoc) else parse_gold(g, corpus=default_corpus) for g in gold]
    preds = index_predictions(predictions)
    missing = [g.id for g in gold if g.id not in preds]
    if missing:
        shown = ", ".join(map(repr, missing[:5])) + (", ..." if len(missing) > 5 else "")
        report_problem(f"{len(missing)} of {len(gold)} gold documents have no prediction ({shown}); "
                       "scored as empty predictions", on_missing)
    gold_ids = {g.id for g in gold}
    scores: dict[str, list[DocumentScores]] = {}
    for n, g in enumerate(gold, 1):
        scores.setdefault(g.corpus, []).append(score_document(g, preds.get(g.id) or PredDoc(g.id)))
        if progress is not None:
            progress(n, len(gold))
    return EvaluationReport(
        corpora=tuple(corpus_report(c, docs) for c, docs in scores.items()),
        overall=corpus_report("all", [d for docs in scores.values() for d in docs]),
        n_missing_predictions=len(missing),
        n_extra_predictions=sum(i not in gold_ids for i in preds),
    )


def evaluate_files(
    gold_path: str | Path,
    *,
    pred_path: str | Path | None = None,
    geoparse_fn: GeoparseFn | None = None,
    progress: Progress | None = None,
    on_missing: OnProblem = "warn",
) -> EvaluationReport:
    """Evaluate geomap on a gold JSON Lines file.

    Give exactly one of ``pred_path`` (a JSON Lines file in the output contract,
    matched by id; missing ids count as empty predictions) or ``geoparse_fn``
    (called once with ``[(id, text), ...]`` and yielding prediction dicts).
    Corpora come from each document's ``corpus`` field, else the file stem.
    ``progress(done, total)`` is called per document predicted (with
    ``geoparse_fn``) or scored (with ``pred_path``).

    Raises
    ------
    InputError
        Unreadable/malformed files, duplicate ids, or not exactly one source of
        predictions (and missing predictions with ``on_missing="raise"``).
    """
    if (pred_path is None) == (geoparse_fn is None):
        raise InputError("give exactly one of pred_path (a predictions file) or geoparse_fn")
    gold = load_gold(gold_path)
    if pred_path is not None:
        preds: Mapping[str, PredDoc] = load_predictions(pred_path)
        score_progress = progress
    else:
        preds = index_predictions(predict(gold, geoparse_fn, progress=progress), where="geoparse_fn")
        score_progress = None
    report = evaluate_docs(gold, preds, on_missing=on_missing, progress=score_progress,
                           default_corpus=Path(gold_path).stem)
    return dataclasses.replace(
        report, gold_path=str(gold_path), pred_path=None if pred_path is None else str(pred_path)
    )
