"""Evaluation against gold corpora: recognition, resolution, end-to-end and routes.

>>> from geomap.evaluate import evaluate_files
>>> report = evaluate_files("gold.jsonl", pred_path="pred.jsonl")   # doctest: +SKIP
>>> print(report.to_table())                                        # doctest: +SKIP

Modules, one job each:

- :mod:`.docs` — gold/prediction records and the JSON Lines readers;
- :mod:`.metrics` — haversine, P/R/F1, error AUC, Kendall's τ-b, one-to-one matching;
- :mod:`.recognition` — strict and overlap span matching;
- :mod:`.resolution` — distance errors, accuracy@161, the per-toponym error breakdown;
- :mod:`.routes` — stop collapsing/matching, stop P/R/F1 and order agreement;
- :mod:`.report` — :class:`EvaluationReport` (``to_dict()``, ``to_table()``);
- :mod:`.run` — :func:`evaluate_files`, :func:`evaluate_docs`, :func:`score_document`.
"""

from .docs import GoldDoc, PredDoc, RoutePoint, Toponym, load_gold, load_predictions
from .metrics import PRF, error_auc, haversine_km, kendall_tau_b, prf
from .recognition import match_spans
from .report import CorpusReport, EvaluationReport
from .resolution import ErrorRecord, ResolutionScores, document_errors, error_classes
from .routes import RouteScores, collapse_stops, score_route
from .run import DocumentScores, evaluate_docs, evaluate_files, predict, score_document

__all__ = [
    "evaluate_files",
    "evaluate_docs",
    "predict",
    "score_document",
    "error_classes",
    "document_errors",
    "load_gold",
    "load_predictions",
    "EvaluationReport",
    "CorpusReport",
    "DocumentScores",
    "ResolutionScores",
    "RouteScores",
    "ErrorRecord",
    "PRF",
    "GoldDoc",
    "PredDoc",
    "Toponym",
    "RoutePoint",
    "prf",
    "haversine_km",
    "error_auc",
    "kendall_tau_b",
    "match_spans",
    "collapse_stops",
    "score_route",
]
