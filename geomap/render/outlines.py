"""Country outlines for maps drawn without tiles (a self-contained map works offline).

Two packaged sources of Natural Earth country shapes:

- ``"world-atlas"``: the npm package ``world-atlas`` (Natural Earth 1:110m as
  TopoJSON, 177 countries), installed with the map's other npm assets;
- ``"countryinfo"``: the PyPI package ``countryinfo``, a runtime dependency of
  geomap, which ships a GeoJSON outline in most of its country files (some
  countries, Hungary and Serbia among them, have none).

``"auto"`` takes world-atlas when a ``node_modules`` holding it is given, else
countryinfo. Nothing is read until :func:`country_outlines` is called; results
are cached per source.

>>> topo = {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]},
...         "arcs": [[[0, 0], [2, 0], [0, 2], [-2, 0], [0, -2]]],
...         "objects": {"countries": {"type": "GeometryCollection", "geometries": [
...             {"type": "Polygon", "arcs": [[0]], "id": "1", "properties": {"name": "Square"}}]}}}
>>> fc = from_topojson(topo)
>>> fc["features"][0]["geometry"]["coordinates"]
[[[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]]]
>>> copies_for([131.9, 237.7])
[0, 1]

A ring that crosses the antimeridian stays in one piece:

>>> _clean_ring([(179.0, 0.0), (-179.0, 0.0), (-179.0, 1.0), (179.0, 1.0), (179.0, 0.0)], 2)
[[179.0, 0.0], [181.0, 0.0], [181.0, 1.0], [179.0, 1.0], [179.0, 0.0]]
"""

from __future__ import annotations

import functools
import json
import logging
import math
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import OutputError

__all__ = ["country_outlines", "from_topojson", "from_countryinfo", "copies_for", "SOURCES"]

log = logging.getLogger(__name__)

SOURCES = ("auto", "world-atlas", "countryinfo")
_WORLD_ATLAS_FILE = Path("world-atlas") / "countries-110m.json"

Ring = list[list[float]]


def _clean_ring(points: Iterable[Sequence[float]], ndigits: int) -> Ring | None:
    """A closed ring, rounded, without repeated points, its longitudes unwrapped
    so that no edge jumps across the map (a ring that crosses the antimeridian
    continues past ±180; one that goes round a pole is closed through the pole)."""
    out: Ring = []
    for x, y, *_ in points:
        lon, lat = float(x), float(y)
        if out:
            lon += 360.0 * round((out[-1][0] - lon) / 360.0)
        q = [round(lon, ndigits) + 0.0, round(lat, ndigits) + 0.0]
        if not out or out[-1] != q:
            out.append(q)
    if len(out) < 3:
        return None
    first, last = out[0], out[-1]
    if abs(last[0] - first[0]) > 180.0:  # round a pole: go down to it and back
        pole = -90.0 if sum(p[1] for p in out) < 0 else 90.0
        out.extend([[last[0], pole], [first[0], pole]])
    if out[0] != out[-1]:
        out.append(list(out[0]))
    return out if len(out) >= 4 else None


def _clean_polygon(rings: Iterable[Iterable[Sequence[float]]], ndigits: int) -> list[Ring] | None:
    cleaned = [_clean_ring(r, ndigits) for r in rings]
    if not cleaned or cleaned[0] is None:
        return None
    return [r for r in cleaned if r is not None]


def _geometry(kind: str, polygons: list[list[Ring]]) -> dict[str, Any] | None:
    if not polygons:
        return None
    if kind == "Polygon" and len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def from_topojson(topology: dict[str, Any], object_name: str = "countries", *, ndigits: int = 2) -> dict[str, Any]:
    """A GeoJSON ``FeatureCollection`` of the polygons in a TopoJSON object.

    Handles quantized (``transform``) and plain topologies; geometries other
    than polygons are skipped. Coordinates are rounded to ``ndigits``.
    """
    try:
        tf = topology.get("transform")
        sx, sy = tf["scale"] if tf else (1.0, 1.0)
        tx, ty = tf["translate"] if tf else (0.0, 0.0)
        arcs: list[list[tuple[float, float]]] = []
        for arc in topology["arcs"]:
            pts, x, y = [], 0, 0
            for p in arc:
                if tf:
                    x, y = x + p[0], y + p[1]
                    pts.append((x * sx + tx, y * sy + ty))
                else:
                    pts.append((float(p[0]), float(p[1])))
            arcs.append(pts)
        geometries = topology["objects"][object_name]["geometries"]
    except (KeyError, TypeError, ValueError) as exc:
        raise OutputError(f"not a TopoJSON topology with an object {object_name!r}: {exc!r}") from exc

    def ring(indices: Sequence[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    features = []
    for g in geometries:
        kind = g.get("type")
        if kind == "Polygon":
            raw = [g["arcs"]]
        elif kind == "MultiPolygon":
            raw = g["arcs"]
        else:
            continue
        polygons = [p for p in (_clean_polygon((ring(r) for r in poly), ndigits) for poly in raw) if p]
        geometry = _geometry(kind, polygons)
        if geometry:
            props = dict(g.get("properties") or {})
            features.append({"type": "Feature", "id": g.get("id"), "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _countryinfo_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        raise OutputError("country outlines: the package 'countryinfo' is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def from_countryinfo(data_dir: str | Path | None = None, *, ndigits: int = 2) -> dict[str, Any]:
    """A GeoJSON ``FeatureCollection`` of the country outlines countryinfo ships
    (one feature per country that has one, ``properties``: ``name``, ``iso``)."""
    folder = Path(data_dir) if data_dir is not None else _countryinfo_dir()
    features, seen = [], set()
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("country outlines: skipping %s (%s)", path, exc)
            continue
        gj = record.get("geoJSON") or {}
        iso = (record.get("ISO") or {}).get("alpha2")
        if not gj or iso in seen:
            continue
        for f in gj.get("features", []):
            geom = f.get("geometry") or {}
            kind, coords = geom.get("type"), geom.get("coordinates")
            if kind == "Polygon":
                raw = [coords]
            elif kind == "MultiPolygon":
                raw = coords
            else:
                continue
            polygons = [p for p in (_clean_polygon(poly, ndigits) for poly in raw) if p]
            geometry = _geometry(kind, polygons)
            if geometry:
                name = (f.get("properties") or {}).get("name") or record.get("name")
                features.append({"type": "Feature", "id": iso, "properties": {"name": name, "iso": iso},
                                 "geometry": geometry})  # fmt: skip
                seen.add(iso)
    return {"type": "FeatureCollection", "features": features}


@functools.lru_cache(maxsize=8)
def _load(source: str, location: str | None, ndigits: int) -> str:
    if source == "world-atlas":
        assert location is not None
        path = Path(location)
        try:
            topology = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot read the country outlines in {path}: {exc}") from exc
        return json.dumps(from_topojson(topology, ndigits=ndigits), separators=(",", ":"))
    return json.dumps(from_countryinfo(location, ndigits=ndigits), separators=(",", ":"))


def country_outlines(
    source: str = "auto",
    *,
    node_modules: str | Path | None = None,
    ndigits: int = 2,
) -> dict[str, Any]:
    """Natural Earth country outlines as a GeoJSON ``FeatureCollection``.

    Parameters
    ----------
    source
        ``"world-atlas"`` (needs ``node_modules`` with the npm package
        ``world-atlas``), ``"countryinfo"`` or ``"auto"`` (world-atlas when
        available there, else countryinfo).
    node_modules
        A folder installed by :func:`geomap.render.assets.install`.
    ndigits
        Decimals kept in coordinates (2 is about a kilometre).

    Raises
    ------
    OutputError
        The source cannot be read.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    atlas = Path(node_modules) / _WORLD_ATLAS_FILE if node_modules is not None else None
    if source == "world-atlas" and (atlas is None or not atlas.is_file()):
        raise OutputError(f"no world-atlas outlines in {node_modules!r}: install the map assets first")
    if source in ("auto", "world-atlas") and atlas is not None and atlas.is_file():
        return json.loads(_load("world-atlas", str(atlas), ndigits))
    return json.loads(_load("countryinfo", None, ndigits))


def copies_for(lons: Iterable[float]) -> list[int]:
    """The whole turns ``k`` for which a copy of the world shifted by ``360 k``
    degrees overlaps the longitudes drawn (always at least ``[0]``).

    >>> copies_for([]), copies_for([-170.0, 10.0]), copies_for([-200.0, -150.0])
    ([0], [0], [-1, 0])
    """
    lons = list(lons)
    if not lons:
        return [0]
    lo = math.floor((min(lons) + 180.0) / 360.0)
    hi = math.floor((max(lons) + 180.0) / 360.0)
    if max(lons) == 180.0 + 360.0 * hi:  # exactly on the edge: the window to the west suffices
        hi -= 1
    return list(range(min(lo, hi), max(lo, hi) + 1))
