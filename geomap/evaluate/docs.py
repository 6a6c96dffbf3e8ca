"""Gold and predicted documents: small typed records and the JSON Lines readers.

Gold documents (one a line)::

    {"id", "corpus", "text", "toponyms": [{"start","end","name","lat","lon","geonameid"}],
     "route": [{"name","lat","lon","seq"}]}          # "route" only in route gold files

Predictions follow geomap's output contract::

    {"id", "toponyms": [{"start","end","name","lat","lon","geonameid", ...}],
     "route": [{"name","lat","lon","start","end","seq", ...}]}

``lat``/``lon`` may be null (a gold toponym with no gazetteer entry, or a
prediction geomap left unresolved). Extra fields are ignored.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Mapping

from ..errors import InputError

__all__ = [
    "Toponym",
    "RoutePoint",
    "GoldDoc",
    "PredDoc",
    "parse_gold",
    "parse_prediction",
    "read_jsonl",
    "load_gold",
    "load_predictions",
    "index_predictions",
]

OnProblem = Literal["raise", "warn", "ignore"]


@dataclass(frozen=True)
class Toponym:
    """A toponym span ``[start, end)`` and, when located, its coordinates."""

    start: int
    end: int
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    geonameid: str | None = None

    @property
    def located(self) -> bool:
        """True when both ``lat`` and ``lon`` are known."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class RoutePoint:
    """One stop of a route; ``seq`` is its position (ties allowed)."""

    name: str
    lat: float | None
    lon: float | None
    seq: float

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class GoldDoc:
    """A gold document; ``route`` is None when the file does not annotate routes."""

    id: str
    corpus: str
    text: str
    toponyms: tuple[Toponym, ...]
    route: tuple[RoutePoint, ...] | None = None


@dataclass(frozen=True)
class PredDoc:
    """A prediction for one document (an empty one when geomap found nothing)."""

    id: str
    toponyms: tuple[Toponym, ...] = ()
    route: tuple[RoutePoint, ...] = ()


def _coord(value: Any, key: str, where: str) -> float | None:
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: {key} must be a number or null, got {value!r}") from None
    if math.isnan(x):
        return None
    limit = 90.0 if key == "lat" else 180.0
    if not -limit <= x <= limit:
        raise InputError(f"{where}: {key}={x} is outside [-{limit:g}, {limit:g}]")
    return x


def _toponym(item: Any, where: str) -> Toponym:
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: a toponym must be an object, got {type(item).__name__}")
    try:
        start, end = int(item["start"]), int(item["end"])
    except KeyError as exc:
        raise InputError(f"{where}: toponym is missing {exc.args[0]!r}") from None
    except (TypeError, ValueError):
        raise InputError(f"{where}: toponym start/end must be integers, got {item!r}") from None
    if not 0 <= start <= end:
        raise InputError(f"{where}: toponym span [{start}, {end}) is invalid")
    gid = item.get("geonameid")
    return Toponym(
        start=start,
        end=end,
        name=str(item.get("name") or ""),
        lat=_coord(item.get("lat"), "lat", where),
        lon=_coord(item.get("lon"), "lon", where),
        geonameid=None if gid is None else str(gid),
    )


def _route(items: Any, where: str) -> tuple[RoutePoint, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise InputError(f"{where}: 'route' must be a list, got {type(items).__name__}")
    points = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: route stop {i} must be an object")
        seq = item.get("seq")
        try:
            seq = float(i if seq is None else seq)
        except (TypeError, ValueError):
            raise InputError(f"{where}: route stop {i} has a non-numeric seq {seq!r}") from None
        points.append(
            RoutePoint(
                name=str(item.get("name") or ""),
                lat=_coord(item.get("lat"), "lat", f"{where} route stop {i}"),
                lon=_coord(item.get("lon"), "lon", f"{where} route stop {i}"),
                seq=seq,
            )
        )
    # stable sort: stops without seq keep their list order
    return tuple(sorted(points, key=lambda p: p.seq))


def _toponyms(items: Any, where: str) -> tuple[Toponym, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise InputError(f"{where}: 'toponyms' must be a list, got {type(items).__name__}")
    return tuple(_toponym(t, f"{where} toponym {i}") for i, t in enumerate(items))


def _doc_id(doc: Any, where: str) -> str:
    if not isinstance(doc, Mapping):
        raise InputError(f"{where}: expected a JSON object, got {type(doc).__name__}")
    if doc.get("id") is None:
        raise InputError(f"{where}: document has no 'id'")
    return str(doc["id"])


def parse_gold(doc: Mapping[str, Any], *, corpus: str = "corpus", where: str = "gold") -> GoldDoc:
    """Turn one gold JSON object into a :class:`GoldDoc`.

    ``corpus`` is used when the document has no ``"corpus"`` field.

    >>> d = parse_gold({"id": 1, "text": "Oslo.", "toponyms": [
    ...     {"start": 0, "end": 4, "name": "Oslo", "lat": 59.9, "lon": 10.7}]})
    >>> d.id, d.corpus, d.toponyms[0].located, d.route
    ('1', 'corpus', True, None)
    """
    doc_id = _doc_id(doc, where)
    where = f"{where} doc {doc_id!r}"
    return GoldDoc(
        id=doc_id,
        corpus=str(doc.get("corpus") or corpus),
        text=str(doc.get("text") or ""),
        toponyms=_toponyms(doc.get("toponyms"), where),
        route=_route(doc["route"], where) if "route" in doc else None,
    )


def parse_prediction(doc: Mapping[str, Any] | PredDoc, *, where: str = "prediction") -> PredDoc:
    """Turn one prediction in geomap's output contract into a :class:`PredDoc`.

    >>> p = parse_prediction({"id": "a", "toponyms": [{"start": 0, "end": 4, "lat": None}]})
    >>> p.toponyms[0].located, p.route
    (False, ())
    """
    if isinstance(doc, PredDoc):
        return doc
    doc_id = _doc_id(doc, where)
    where = f"{where} doc {doc_id!r}"
    return PredDoc(
        id=doc_id,
        toponyms=_toponyms(doc.get("toponyms"), where),
        route=_route(doc.get("route"), where),
    )


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSON Lines file."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})") from None


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold JSON Lines file; documents without ``"corpus"`` get the file stem.

    Raises :class:`~geomap.errors.InputError` on unreadable files, bad JSON,
    malformed toponyms and duplicate ids.
    """
    path = Path(path)
    docs, seen = [], set()
    for n, obj in read_jsonl(path):
        doc = parse_gold(obj, corpus=path.stem, where=f"{path}:{n}")
        if doc.id in seen:
            raise InputError(f"{path}:{n}: duplicate document id {doc.id!r}")
        seen.add(doc.id)
        docs.append(doc)
    return docs


def load_predictions(path: str | Path) -> dict[str, PredDoc]:
    """Read a prediction JSON Lines file into ``{id: PredDoc}`` (duplicate ids raise)."""
    path = Path(path)
    return index_predictions(
        (parse_prediction(obj, where=f"{path}:{n}") for n, obj in read_jsonl(path)), where=str(path)
    )


def index_predictions(
    predictions: Iterable[Mapping[str, Any] | PredDoc] | Mapping[str, Any],
    *,
    where: str = "predictions",
) -> dict[str, PredDoc]:
    """Index predictions by id; accepts an iterable of dicts/PredDocs or an id mapping."""
    if isinstance(predictions, Mapping):
        predictions = predictions.values()
    out: dict[str, PredDoc] = {}
    for p in predictions:
        doc = parse_prediction(p, where=where)
        if doc.id in out:
            raise InputError(f"{where}: duplicate prediction for document id {doc.id!r}")
        out[doc.id] = doc
    return out


def report_problem(message: str, on_problem: OnProblem) -> None:
    """Raise, warn or ignore ``message`` according to ``on_problem``."""
    if on_problem == "raise":
        raise InputError(message)
    if on_problem == "warn":
        warnings.warn(message, UserWarning, stacklevel=3)
    elif on_problem != "ignore":
        raise ValueError(f"on_missing must be 'raise', 'warn' or 'ignore', got {on_problem!r}")
