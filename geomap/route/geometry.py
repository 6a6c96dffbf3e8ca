"""Route geometry: antimeridian-safe lines and great-circle legs.

A stop is anything with ``lat`` and ``lon`` attributes (a :class:`~geomap.models.Stop`,
a resolved :class:`~geomap.models.Place`, a :class:`~geomap.models.Candidate`) or a
``(lon, lat)`` pair. Longitudes are *unwrapped*: each one is shifted by whole turns
so that it lies within 180 degrees of the one before, so Tokyo → Honolulu is drawn
eastwards across the Pacific (longitudes beyond 180) instead of round the world.

>>> [round(x, 1) for x in unwrap_lons([139.7, -157.9, -149.9])]
[139.7, 202.1, 210.1]
>>> round(haversine_km(48.8566, 2.3522, 52.52, 13.405))
877
"""

from __future__ import annotations

from ..geodesy import EARTH_RADIUS_KM, haversine_km  # noqa: F401  (re-exported)
import math
from typing import Any, Iterable, Sequence

__all__ = ["unwrap_lons", "lonlat", "route_line", "leg_paths", "haversine_km", "EARTH_RADIUS_KM"]



def lonlat(stop: Any) -> tuple[float, float]:
    """``(lon, lat)`` of a stop, place, candidate or ``(lon, lat)`` pair.

    >>> lonlat((2.35, 48.86))
    (2.35, 48.86)
    """
    if isinstance(stop, (tuple, list)) and len(stop) == 2:
        return float(stop[0]), float(stop[1])
    lat, lon = getattr(stop, "lat", None), getattr(stop, "lon", None)
    if lat is None or lon is None:
        raise ValueError(f"{stop!r} has no coordinates (an unresolved place cannot be on a route)")
    return float(lon), float(lat)


def unwrap_lons(lons: Iterable[float]) -> list[float]:
    """Shift longitudes by whole turns so consecutive ones differ by at most 180°.

    The first longitude is kept as it is.

    >>> unwrap_lons([170.0, -170.0, 175.0])
    [170.0, 190.0, 175.0]
    >>> unwrap_lons([])
    []
    """
    out: list[float] = []
    for lon in lons:
        lon = float(lon)
        if out:
            lon += 360.0 * round((out[-1] - lon) / 360.0)
        out.append(lon)
    return out




def route_line(stops: Sequence[Any]):
    """The route as a shapely ``LineString`` of (lon, lat), unwrapped across ±180°.

    Returns ``None`` for fewer than two stops.

    >>> line = route_line([(139.69, 35.69), (-157.86, 21.31), (-149.90, 61.22)])
    >>> [round(x, 2) for x, _ in line.coords]
    [139.69, 202.14, 210.1]
    >>> route_line([(2.35, 48.86)]) is None
    True
    """
    pts = [lonlat(s) for s in stops]
    if len(pts) < 2:
        return None
    from shapely.geometry import LineString

    lons = unwrap_lons(p[0] for p in pts)
    return LineString([(lon, p[1]) for lon, p in zip(lons, pts)])


def _unit(lon: float, lat: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _great_circle(a: tuple[float, float], b: tuple[float, float], n: int) -> list[tuple[float, float]]:
    """``n`` points (ends included) on the great circle from ``a`` to ``b`` (lon, lat)."""
    ua, ub = _unit(*a), _unit(*b)
    dot = max(-1.0, min(1.0, sum(x * y for x, y in zip(ua, ub))))
    omega = math.acos(dot)
    out = []
    for i in range(n):
        t = i / (n - 1)
        if omega < 1e-9:
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
            continue
        s = math.sin(omega)
        wa, wb = math.sin((1 - t) * omega) / s, math.sin(t * omega) / s
        x, y, z = (wa * p + wb * q for p, q in zip(ua, ub))
        out.append((math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))))
    out[0], out[-1] = a, b  # exact ends
    return out


def leg_paths(stops: Sequence[Any], n: int = 32) -> list[list[tuple[float, float]]]:
    """Great-circle paths of each leg, as lists of ``n`` (lon, lat) points.

    Longitudes are unwrapped along the whole route, so a leg that crosses the
    antimeridian continues past ±180° and consecutive legs join end to start.

    >>> legs = leg_paths([(170.0, 0.0), (-170.0, 0.0)], n=3)
    >>> [(round(x, 1), round(y, 1)) for x, y in legs[0]]
    [(170.0, 0.0), (180.0, 0.0), (190.0, 0.0)]
    >>> leg_paths([(0.0, 0.0)])
    []
    """
    if n < 2:
        raise ValueError(f"a leg needs at least 2 points, got n={n}")
    pts = [lonlat(s) for s in stops]
    legs: list[list[tuple[float, float]]] = []
    last_lon: float | None = None
    for a, b in zip(pts, pts[1:]):
        path = _great_circle(a, b, n)
        lons = unwrap_lons(([last_lon] if last_lon is not None else []) + [p[0] for p in path])
        if last_lon is not None:
            lons = lons[1:]
        legs.append([(lon, p[1]) for lon, p in zip(lons, path)])
        last_lon = lons[-1]
    return legs
