"""Longitude arithmetic shared by the map and GeoJSON outputs.

A journey from Vladivostok to Anchorage goes east across the 180th meridian.
Drawn naively from longitude 131.9 to -149.9 the line would run west around the
whole world. :func:`unwrap_longitudes` shifts each longitude by whole turns so no
step is longer than half a turn (what a map widget wants), and
:func:`split_at_antimeridian` cuts such a line at ±180 into pieces that each stay
inside [-180, 180] (what RFC 7946 GeoJSON wants).
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

__all__ = ["unwrap_longitudes", "split_at_antimeridian", "nearest_copy", "wrap_longitude"]

Point = tuple[float, float]  # (lon, lat)


def wrap_longitude(lon: float) -> float:
    """``lon`` brought into [-180, 180] (180 stays 180).

    >>> wrap_longitude(210.0), wrap_longitude(-190.0), wrap_longitude(180.0)
    (-150.0, 170.0, 180.0)
    """
    if -180.0 <= lon <= 180.0:
        return lon
    return (lon + 180.0) % 360.0 - 180.0


def unwrap_longitudes(lons: Iterable[float]) -> list[float]:
    """Shift each longitude by whole turns so that no step exceeds 180 degrees.

    The first longitude is kept; the result may leave [-180, 180].

    >>> [round(x, 1) for x in unwrap_longitudes([131.9, -149.9, -122.3])]
    [131.9, 210.1, 237.7]
    >>> unwrap_longitudes([2.35, 13.4])
    [2.35, 13.4]
    """
    out: list[float] = []
    for lon in lons:
        if out:
            lon = lon + 360.0 * round((out[-1] - lon) / 360.0)
        out.append(lon)
    return out


def nearest_copy(lon: float, centre: float) -> float:
    """The copy ``lon + 360 k`` closest to ``centre``.

    >>> nearest_copy(-122.3, 170.0)
    237.7
    """
    return lon + 360.0 * round((centre - lon) / 360.0)


def _window(lon: float) -> int:
    """k such that ``lon`` lies in [-180 + 360 k, 180 + 360 k)."""
    return math.floor((lon + 180.0) / 360.0)


def split_at_antimeridian(points: Sequence[Point], *, ndigits: int = 6) -> list[list[Point]]:
    """Cut a (lon, lat) line where it crosses ±180 into parts within [-180, 180].

    The line is first unwrapped (each leg takes the short way round), then
    cut at every crossing, the crossing latitude found by linear interpolation.
    Parts with fewer than two distinct points are dropped. Coordinates are
    rounded to ``ndigits`` decimals.

    >>> split_at_antimeridian([(170.0, 50.0), (-170.0, 60.0)])
    [[(170.0, 50.0), (180.0, 55.0)], [(-180.0, 55.0), (-170.0, 60.0)]]
    >>> split_at_antimeridian([(2.35, 48.86), (13.4, 52.52)])
    [[(2.35, 48.86), (13.4, 52.52)]]
    """
    if not points:
        return []
    lons = unwrap_longitudes(p[0] for p in points)
    pts = [(lon, float(p[1])) for lon, p in zip(lons, points)]
    parts: list[list[Point]] = [[pts[0]]]
    for (plon, plat), (lon, lat) in zip(pts, pts[1:]):
        kp, kc = _window(plon), _window(lon)
        if kp != kc:  # a step is at most 180 degrees, so it crosses one boundary
            boundary = 180.0 + 360.0 * min(kp, kc)
            t = (boundary - plon) / (lon - plon)
            blat = plat + t * (lat - plat)
            parts[-1].append((boundary, blat))
            parts.append([(boundary, blat)])
        parts[-1].append((lon, lat))
    out: list[list[Point]] = []
    for part in parts:
        lo, hi = min(p[0] for p in part), max(p[0] for p in part)
        shift = 360.0 * _window((lo + hi) / 2.0)
        clean: list[Point] = []
        for lon, lat in part:
            q = (round(lon - shift, ndigits) + 0.0, round(lat, ndigits) + 0.0)
            if not clean or clean[-1] != q:
                clean.append(q)
        if len(clean) >= 2:
            out.append(clean)
    return out
