"""Points of first-level divisions: iso3166-2's point blended with the towns' extent."""

from __future__ import annotations

import pytest

from geomap.gazetteer.build import SCHEMA_VERSION
from geomap.gazetteer.sources import GEONAMES_POINTS, _amend, division_point, PlaceRecord


def test_midpoint_of_both() -> None:
    assert division_point((40.0, -100.0), (44.0, -96.0)) == pytest.approx((42.0, -98.0))


@pytest.mark.parametrize(
    "rep, box, want",
    [((1.0, 2.0), None, (1.0, 2.0)), (None, (3.0, 4.0), (3.0, 4.0)), (None, None, None)],
)
def test_either_alone(rep, box, want) -> None:
    assert division_point(rep, box) == want


def test_antimeridian() -> None:
    lat, lon = division_point((-17.0, 178.0), (-19.0, -176.0))
    assert lat == pytest.approx(-18.0)
    assert abs(lon) == pytest.approx(179.0)


def test_audited_table_wins() -> None:
    gid, point = next(iter(GEONAMES_POINTS.items()))
    rec = _amend(PlaceRecord(gid, "Somewhere", 0.0, 0.0, "XX", "A", "ADM1"))
    assert (rec.lat, rec.lon) == point


def test_schema_bumped_for_new_points() -> None:
    assert SCHEMA_VERSION >= 3  # caches built with the old points are rebuilt
