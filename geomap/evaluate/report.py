"""The evaluation report: frozen dataclasses, ``to_dict()`` for JSON, ``to_table()`` for people."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..errors import InputError
from .metrics import PRF
from .resolution import ResolutionScores
from .routes import RouteScores

__all__ = ["CorpusReport", "EvaluationReport"]


@dataclass(frozen=True)
class CorpusReport:
    """Every metric for one corpus.

    Counts: ``n_docs``, ``n_gold`` toponyms (``n_gold_coords`` of them with
    coordinates), ``n_pred`` predicted toponyms (``n_pred_unresolved`` without
    coordinates). ``recognition_strict``/``recognition_overlap`` are micro P/R/F1;
    ``resolution`` scores matched gold toponyms with coordinates; ``f1_161`` is
    end-to-end (overlap match and, where the gold has coordinates, ≤ 161 km);
    ``routes`` is None unless some gold document has a ``"route"``.
    """

    corpus: str
    n_docs: int
    n_gold: int
    n_gold_coords: int
    n_pred: int
    n_pred_unresolved: int
    recognition_strict: PRF
    recognition_overlap: PRF
    resolution: ResolutionScores
    f1_161: PRF
    routes: RouteScores | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (nested dicts, None for undefined scores)."""
        return _plain(dataclasses.asdict(self))


@dataclass(frozen=True)
class EvaluationReport:
    """Per-corpus reports, plus ``overall`` pooling every document.

    ``n_missing_predictions`` gold documents had no prediction (scored as empty);
    ``n_extra_predictions`` predictions had no gold document (ignored).
    """

    corpora: tuple[CorpusReport, ...]
    overall: CorpusReport
    n_missing_predictions: int = 0
    n_extra_predictions: int = 0
    gold_path: str | None = None
    pred_path: str | None = None

    def corpus(self, name: str) -> CorpusReport:
        """The report of corpus ``name``."""
        for c in self.corpora:
            if c.corpus == name:
                return c
        have = ", ".join(c.corpus for c in self.corpora)
        raise InputError(f"no corpus {name!r} in this report (have: {have})")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (lists, not tuples): ``json.dumps(report.to_dict())`` works."""
        return _plain(dataclasses.asdict(self))

    def to_table(self) -> str:
        """A compact plain-text table, one row per corpus (plus ``ALL`` when there are several).

        Route metrics get a second table when any corpus has gold routes.
        """
        rows = list(self.corpora)
        if len(rows) > 1:
            rows.append(dataclasses.replace(self.overall, corpus="ALL"))
        out = [_format(_MAIN_COLUMNS, rows)]
        routed = [r for r in rows if r.routes is not None]
        if routed:
            out.append(_format(_ROUTE_COLUMNS, routed))
        return "\n\n".join(out)

    def __str__(self) -> str:
        return self.to_table()


def _plain(obj: Any) -> Any:
    """Tuples to lists, recursively, so that the dict equals its JSON round trip."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def _f(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


Column = tuple[str, Callable[[CorpusReport], str]]

_MAIN_COLUMNS: Sequence[Column] = (
    ("corpus", lambda r: r.corpus),
    ("docs", lambda r: str(r.n_docs)),
    ("gold", lambda r: str(r.n_gold)),
    ("pred", lambda r: str(r.n_pred)),
    ("P.strict", lambda r: _f(r.recognition_strict.precision)),
    ("R.strict", lambda r: _f(r.recognition_strict.recall)),
    ("F1.strict", lambda r: _f(r.recognition_strict.f1)),
    ("P.ovl", lambda r: _f(r.recognition_overlap.precision)),
    ("R.ovl", lambda r: _f(r.recognition_overlap.recall)),
    ("F1.ovl", lambda r: _f(r.recognition_overlap.f1)),
    ("acc@161", lambda r: _f(r.resolution.accuracy_161)),
    ("mean km", lambda r: _f(r.resolution.mean_km, 0)),
    ("median km", lambda r: _f(r.resolution.median_km, 0)),
    ("AUC", lambda r: _f(r.resolution.auc)),
    ("F1@161", lambda r: _f(r.f1_161.f1)),
)

_ROUTE_COLUMNS: Sequence[Column] = (
    ("corpus", lambda r: r.corpus),
    ("route docs", lambda r: str(r.routes.n_docs)),
    ("stop P", lambda r: _f(r.routes.micro.precision)),
    ("stop R", lambda r: _f(r.routes.micro.recall)),
    ("stop F1", lambda r: _f(r.routes.micro.f1)),
    ("macro P", lambda r: _f(r.routes.macro_precision)),
    ("macro R", lambda r: _f(r.routes.macro_recall)),
    ("macro F1", lambda r: _f(r.routes.macro_f1)),
    ("tau-b", lambda r: _f(r.routes.tau_mean)),
    ("tau docs", lambda r: str(r.routes.n_tau_docs)),
    ("tau skipped", lambda r: str(r.routes.n_tau_skipped)),
)


def _format(columns: Sequence[Column], rows: Sequence[CorpusReport]) -> str:
    cells = [[h for h, _ in columns]] + [[get(r) for _, get in columns] for r in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(columns))]
    lines = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
