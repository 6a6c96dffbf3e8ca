"""Plain-data outputs of a :class:`~geomap.models.Result`: the JSON record (the
output contract), JSON Lines, a pandas DataFrame, CSV and GeoJSON.

None of these computes anything: they only lay out what the pipeline found.
The record's shape never depends on options: unresolved values are ``null``.

>>> from geomap.models import Article, Result, Route
>>> empty = Result(Article("Nothing here.", id="a1"), (), Route())
>>> to_record(empty)
{'id': 'a1', 'toponyms': [], 'route': [], 'warnings': []}
>>> to_jsonl_line(empty)
'{"id": "a1", "toponyms": [], "route": [], "warnings": []}'
"""

from __future__ import annotations

import io
import json
import math
import os
from typing import IO, TYPE_CHECKING, Any, Iterable

from ..errors import OutputError
from ..models import Candidate, Place, Result, Stop
from .geometry import split_at_antimeridian

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "TOPONYM_FIELDS",
    "ROUTE_FIELDS",
    "DATAFRAME_COLUMNS",
    "CSV_COLUMNS",
    "to_record",
    "toponym_record",
    "stop_record",
    "to_jsonl_line",
    "write_jsonl",
    "to_dataframe",
    "to_csv",
    "to_geojson",
    "write_csv",
    "write_geojson",
    "write_json",
    "neutralise_cell",
]

#: Keys of each ``toponyms`` item of the record, in order.
TOPONYM_FIELDS: tuple[str, ...] = (
    "start", "end", "name", "lat", "lon", "geonameid", "country_code", "feature", "score", "role",
    "gazetteer_name", "population", "source", "kind", "sentence_start", "sentence_end",
    "reasons", "alternatives",
)  # fmt: skip

#: Keys of each ``route`` item of the record, in order.
ROUTE_FIELDS: tuple[str, ...] = (
    "name", "lat", "lon", "start", "end", "seq", "role", "confidence", "inferred",
    "evidence", "when", "geonameid", "country_code",
)  # fmt: skip

#: Columns of :func:`to_dataframe`: the toponym fields plus the sentence.
DATAFRAME_COLUMNS: tuple[str, ...] = TOPONYM_FIELDS + ("sentence",)

#: Columns of :func:`to_csv`: the document id, then the DataFrame columns.
CSV_COLUMNS: tuple[str, ...] = ("id",) + DATAFRAME_COLUMNS

_DTYPES: dict[str, str] = {
    "start": "int64",
    "end": "int64",
    "lat": "float64",
    "lon": "float64",
    "geonameid": "Int64",
    "score": "float64",
    "population": "Int64",
    "sentence_start": "int64",
    "sentence_end": "int64",
}

# Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# -- scalars -------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A JSON-safe Python scalar: numpy scalars unwrapped, NaN and infinities to None."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, int):
        return int(value)
    return value


def _candidate_brief(c: Candidate) -> dict[str, Any]:
    return {
        "name": c.name,
        "lat": _plain(c.lat),
        "lon": _plain(c.lon),
        "geonameid": _plain(c.geonameid),
        "country_code": c.country_code,
        "feature": c.feature,
    }


# -- the record ----------------------------------------------------------------------
def toponym_record(result: Result, place: Place) -> dict[str, Any]:
    """One item of the record's ``toponyms`` list (keys as :data:`TOPONYM_FIELDS`)."""
    m, c = place.mention, place.candidate
    return {
        "start": m.start,
        "end": m.end,
        "name": m.text,
        "lat": _plain(c.lat) if c else None,
        "lon": _plain(c.lon) if c else None,
        "geonameid": _plain(c.geonameid) if c else None,
        "country_code": c.country_code if c else None,
        "feature": c.feature if c else None,
        "score": _plain(place.score),
        "role": result.role_of(place).value,
        "gazetteer_name": c.name if c else None,
        "population": _plain(c.population) if c else None,
        "source": m.source,
        "kind": getattr(m, "kind", "place"),
        "sentence_start": m.sentence_start,
        "sentence_end": m.sentence_end,
        "reasons": [str(r) for r in place.reasons],
        "alternatives": [_candidate_brief(a) for a in place.alternatives],
    }


def stop_record(stop: Stop) -> dict[str, Any]:
    """One item of the record's ``route`` list (keys as :data:`ROUTE_FIELDS`)."""
    m, c = stop.place.mention, stop.place.candidate
    return {
        "name": m.text,
        "lat": _plain(c.lat) if c else None,
        "lon": _plain(c.lon) if c else None,
        "start": m.start,
        "end": m.end,
        "seq": _plain(stop.seq),
        "role": stop.role.value,
        "confidence": _plain(stop.confidence),
        "inferred": bool(stop.inferred),
        "evidence": stop.evidence,
        "when": stop.when,
        "geonameid": _plain(c.geonameid) if c else None,
        "country_code": c.country_code if c else None,
    }


def to_record(result: Result) -> dict[str, Any]:
    """The output contract: one JSON-serialisable dict per document.

    ``{"id", "toponyms": [...], "route": [...], "warnings": [...]}`` where
    ``toponyms`` follow the text order (resolved or not, ``lat``/``lon`` null
    when unresolved) and ``route`` lists ``result.route.stops`` in travel order.
    ``name`` is always the text as written; the gazetteer's own name is
    ``gazetteer_name``.
    """
    return {
        "id": result.id,
        "toponyms": [toponym_record(result, p) for p in result.toponyms],
        "route": [stop_record(s) for s in result.route.stops],
        "warnings": [str(w) for w in result.warnings],
    }


def _parent_dir(path: "str | os.PathLike[str]") -> None:
    """Create the folder a file is about to be written in."""
    parent = os.path.dirname(os.fspath(path))
    if parent:
        os.makedirs(parent, exist_ok=True)


# -- JSON Lines ----------------------------------------------------------------------
def to_jsonl_line(result: Result) -> str:
    """The record as one line of JSON (no trailing newline; UTF-8 text kept as is)."""
    return json.dumps(to_record(result), ensure_ascii=False, allow_nan=False)


def write_jsonl(results: "Result | Iterable[Result]", fp: "str | os.PathLike[str] | IO[str]") -> int:
    """Write one line per result to a path (its folder is created) or an open
    text file; return the count.

    Results are consumed lazily, so a generator streams.

    >>> import io
    >>> from geomap.models import Article, Result, Route
    >>> buf = io.StringIO()
    >>> write_jsonl([Result(Article("x", id="d1"), (), Route())], buf)
    1
    >>> buf.getvalue()
    '{"id": "d1", "toponyms": [], "route": [], "warnings": []}\\n'
    """
    if isinstance(results, Result):
        results = [results]
    if isinstance(fp, (str, os.PathLike)):
        try:
            _parent_dir(fp)
            with open(fp, "w", encoding="utf-8", newline="\n") as fh:
                return write_jsonl(results, fh)
        except OSError as exc:
            raise OutputError(f"cannot write JSON Lines to {os.fspath(fp)!r}: {exc}") from exc
    n = 0
    for result in results:
        fp.write(to_jsonl_line(result) + "\n")
        n += 1
    return n


# -- DataFrame and CSV ---------------------------------------------------------------
def _rows(result: Result) -> list[dict[str, Any]]:
    rows = []
    for place in result.toponyms:
        row = toponym_record(result, place)
        row["sentence"] = place.mention.sentence
        rows.append(row)
    return rows


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> "pandas.DataFrame":
    import pandas as pd

    data = {c: [r.get(c) for r in rows] for c in columns}
    df = pd.DataFrame({c: pd.Series(data[c], dtype=_DTYPES.get(c, object)) for c in columns})
    return df[list(columns)]


def to_dataframe(result: Result) -> "pandas.DataFrame":
    """One row per toponym, columns :data:`DATAFRAME_COLUMNS`, stable dtypes.

    Numbers are ``int64``/``float64`` (``Int64`` for ``geonameid`` and
    ``population``, which may be missing); text and lists are ``object``. An
    empty result gives an empty frame with the same columns and dtypes.

    >>> from geomap.models import Article, Result, Route
    >>> df = to_dataframe(Result(Article("x"), (), Route()))
    >>> len(df), str(df["lat"].dtype), str(df["geonameid"].dtype)
    (0, 'float64', 'Int64')
    """
    return _frame(_rows(result), DATAFRAME_COLUMNS)


def neutralise_cell(value: Any) -> Any:
    """Prefix a quote to a text cell a spreadsheet would run as a formula.

    Only strings change; numbers (a negative longitude) stay numbers.

    >>> neutralise_cell("=HYPERLINK(1)"), neutralise_cell("-12"), neutralise_cell(-12.5)
    ("'=HYPERLINK(1)", "'-12", -12.5)
    >>> neutralise_cell("Paris")
    'Paris'
    """
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_cell(column: str, value: Any) -> Any:
    if column == "reasons" and isinstance(value, list):
        value = "; ".join(value)
    elif isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return neutralise_cell(value)


def to_csv(
    results: "Result | Iterable[Result]",
    path_or_buf: "str | os.PathLike[str] | IO[str] | None" = None,
) -> str | None:
    """Write the toponyms of one or many results as CSV (columns :data:`CSV_COLUMNS`).

    ``reasons`` are joined with ``"; "`` and ``alternatives`` written as JSON.
    Text cells that a spreadsheet would read as a formula are prefixed with a
    quote; numeric columns are left alone. With ``path_or_buf=None`` the CSV is
    returned as a string (like :meth:`pandas.DataFrame.to_csv`).

    >>> from geomap.models import Article, Result, Route
    >>> to_csv(Result(Article("x"), (), Route())).splitlines()[0][:30]
    'id,start,end,name,lat,lon,geon'
    """
    if isinstance(results, Result):
        results = [results]
    rows = []
    for result in results:
        for row in _rows(result):
            row = {c: _csv_cell(c, v) for c, v in row.items()}
            row["id"] = neutralise_cell(result.id)
            rows.append(row)
    df = _frame(rows, CSV_COLUMNS)
    if path_or_buf is None:
        buf = io.StringIO()
        df.to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()
    try:
        if isinstance(path_or_buf, (str, os.PathLike)):
            _parent_dir(path_or_buf)
        df.to_csv(path_or_buf, index=False, lineterminator="\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write CSV to {path_or_buf!r}: {exc}") from exc
    return None


# -- GeoJSON -------------------------------------------------------------------------
def _line_geometry(points: list[tuple[float, float]]) -> dict[str, Any] | None:
    parts = split_at_antimeridian(points)
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": [list(p) for p in parts[0]]}
    return {"type": "MultiLineString", "coordinates": [[list(p) for p in part] for part in parts]}


def _mappable(place: Place) -> bool:
    return place.candidate is not None and getattr(place.mention, "kind", "place") == "place"


def to_geojson(result: Result) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of the result.

    One ``Point`` per resolved toponym (properties: its record plus
    ``"layer": "toponym"``; demonyms are left out), a ``LineString`` for the
    travelled route (``"layer": "route"``) and one per leg into a planned stop
    (``"layer": "planned"``), each a ``MultiLineString`` when it crosses the
    antimeridian. Positions are ``[lon, lat]`` within [-180, 180].

    >>> from geomap.models import Article, Result, Route
    >>> to_geojson(Result(Article("x"), (), Route()))
    {'type': 'FeatureCollection', 'features': []}
    """
    features: list[dict[str, Any]] = []
    for place in result.toponyms:
        if not _mappable(place):
            continue
        assert place.candidate is not None
        props = toponym_record(result, place)
        props["layer"] = "toponym"
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [_plain(place.candidate.lon), _plain(place.candidate.lat)],
                },
                "properties": props,
            }
        )
    stops = [s for s in result.route.stops if _mappable(s.place)]
    travelled = [s for s in stops if s.role.on_route]
    planned_legs = [(a, b) for a, b in zip(stops, stops[1:]) if not b.role.on_route]
    lines: list[tuple[str, list[Stop], list[tuple[float, float]]]] = []
    if len(travelled) >= 2:
        lines.append(("route", travelled, [(s.lon, s.lat) for s in travelled]))
    for a, b in planned_legs:
        lines.append(("planned", [a, b], [(a.lon, a.lat), (b.lon, b.lat)]))
    for layer, members, pts in lines:
        geom = _line_geometry(pts)
        if geom is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geom,
                "properties": {
                    "layer": layer,
                    "id": result.id,
                    "stops": [s.name for s in members],
                    "seq": [_plain(s.seq) for s in members],
                    "roles": [s.role.value for s in members],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# -- files ---------------------------------------------------------------------------
def _dump_json(obj: Any, fp: "str | os.PathLike[str] | IO[str]", what: str) -> None:
    if isinstance(fp, (str, os.PathLike)):
        try:
            _parent_dir(fp)
            with open(fp, "w", encoding="utf-8", newline="\n") as fh:
                _dump_json(obj, fh, what)
        except OSError as exc:
            raise OutputError(f"cannot write {what} to {os.fspath(fp)!r}: {exc}") from exc
        return
    json.dump(obj, fp, ensure_ascii=False, allow_nan=False, indent=2)
    fp.write("\n")


def write_json(result: Result, fp: "str | os.PathLike[str] | IO[str]") -> None:
    """Write the record (:func:`to_record`) as indented JSON to a path or text file."""
    _dump_json(to_record(result), fp, "JSON")


def write_geojson(result: Result, fp: "str | os.PathLike[str] | IO[str]") -> None:
    """Write :func:`to_geojson` to a path or text file."""
    _dump_json(to_geojson(result), fp, "GeoJSON")


def write_csv(results: "Result | Iterable[Result]", path_or_buf: "str | os.PathLike[str] | IO[str]") -> None:
    """Write :func:`to_csv` to a path or text buffer."""
    to_csv(results, path_or_buf)
