"""The plain-data outputs: record, JSON Lines, DataFrame, CSV, GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from factories import PAYLOADS, Story, candidate, empty, hostile, journey, pacific, place, result, stop
from geomap.errors import OutputError
from geomap.models import Role
from geomap.render import formats
from geomap.render.formats import (
    CSV_COLUMNS,
    DATAFRAME_COLUMNS,
    ROUTE_FIELDS,
    TOPONYM_FIELDS,
    to_csv,
    to_dataframe,
    to_geojson,
    to_jsonl_line,
    to_record,
    write_jsonl,
)
from geomap.render.geometry import split_at_antimeridian, unwrap_longitudes, wrap_longitude

def _blocked(tmp_path):
    """A 'folder' that is a file, so nothing can be written under it."""
    f = tmp_path / "a-file"
    f.write_text("x")
    return f


CONTRACT_TOPONYM = ["start", "end", "name", "lat", "lon", "geonameid", "country_code", "feature", "score", "role"]
CONTRACT_ROUTE = ["name", "lat", "lon", "start", "end"]


# -- the record ----------------------------------------------------------------------
def test_record_has_the_contract_keys():
    rec = to_record(journey())
    assert list(rec) == ["id", "toponyms", "route", "warnings"]
    assert rec["id"] == "journey-1"
    for t in rec["toponyms"]:
        assert list(t) == list(TOPONYM_FIELDS)
        assert list(t)[: len(CONTRACT_TOPONYM)] == CONTRACT_TOPONYM
    for s in rec["route"]:
        assert list(s) == list(ROUTE_FIELDS)
        assert list(s)[: len(CONTRACT_ROUTE)] == CONTRACT_ROUTE


def test_record_names_are_the_text_as_written():
    r = journey()
    rec = to_record(r)
    for t in rec["toponyms"]:
        assert r.article.text[t["start"] : t["end"]] == t["name"]
    geneva = rec["toponyms"][0]
    assert geneva["name"] == "GENEVA" and geneva["gazetteer_name"] == "Geneva"
    assert geneva["source"] == "dateline"


def test_record_roles_and_route_order():
    rec = to_record(journey())
    roles = {t["name"]: t["role"] for t in rec["toponyms"][:6]}
    assert roles == {
        "GENEVA": "dateline",
        "Lisbon": "origin",
        "Madrid": "stop",
        "Rome": "destination",
        "Athens": "planned",
        "Brussels": "mentioned",
    }
    assert [s["name"] for s in rec["route"]] == ["Lisbon", "Madrid", "Rome", "Athens"]
    assert [s["seq"] for s in rec["route"]] == [1, 2, 3, 4]
    assert rec["route"][2]["when"] == "Wednesday"
    assert rec["route"][0]["evidence"] == "GENEVA — The envoy left Lisbon on Monday morning."
    assert rec["warnings"] == ["Zorvania: no candidate found"]


def test_unresolved_toponym_keeps_its_keys_with_nulls():
    rec = to_record(journey())
    z = next(t for t in rec["toponyms"] if t["name"] == "Zorvania")
    assert list(z) == list(TOPONYM_FIELDS)
    for key in ("lat", "lon", "geonameid", "country_code", "feature", "gazetteer_name", "population"):
        assert z[key] is None
    assert z["reasons"] == ["no candidate"] and z["alternatives"] == []


def test_alternatives_are_brief_candidates():
    rec = to_record(journey())
    madrid = next(t for t in rec["toponyms"] if t["name"] == "Madrid")
    assert madrid["alternatives"] == [
        {
            "name": "Madrid",
            "lat": 41.8766,
            "lon": -93.8233,
            "geonameid": 4866371,
            "country_code": "US",
            "feature": "P.PPL",
        }
    ]


def test_empty_result_has_the_same_shape():
    assert to_record(empty()) == {"id": "empty-1", "toponyms": [], "route": [], "warnings": []}


def test_record_is_plain_json_without_numpy_or_nan():
    s = Story.of("Trains left Porto at noon.")
    c = candidate(
        "Porto", np.float64(41.1496), np.float64(-8.611), geonameid=np.int64(2735943), population=np.int64(249633)
    )
    p = place(s.mention("Porto"), c, score=np.float64("nan"))
    r = result(s, [p], [stop(p, Role.ORIGIN, np.int64(1), confidence=np.float32(0.5))])
    rec = to_record(r)
    text = json.dumps(rec, allow_nan=False)
    assert json.loads(text) == rec
    t = rec["toponyms"][0]
    assert t["score"] is None
    assert type(t["lat"]) is float and type(t["geonameid"]) is int and type(t["population"]) is int
    assert type(rec["route"][0]["seq"]) is int and type(rec["route"][0]["confidence"]) is float


def test_result_methods_delegate_here():
    r = journey()
    assert r.to_record() == to_record(r)
    assert r.to_geojson() == to_geojson(r)
    assert list(r.places.columns) == list(DATAFRAME_COLUMNS)


def test_demonym_is_reported_with_its_kind():
    s = Story.of("Russian officials met in Oslo.")
    try:
        m = s.mention("Russian", kind="demonym")
    except TypeError:
        pytest.skip("Mention has no 'kind' field in this tree")
    p = place(m, candidate("Russia", 60.0, 100.0, cc="RU", fclass="A", fcode="PCLI"))
    rec = to_record(result(s, [p]))
    assert rec["toponyms"][0]["kind"] == "demonym"
    assert to_geojson(result(s, [p]))["features"] == []


# -- JSON Lines ----------------------------------------------------------------------
def test_jsonl_line_is_one_line_that_round_trips():
    s = Story.of("Ferries from Tórshavn were late.\nCrews waited in Tórshavn.")
    p = place(s.mention("Tórshavn"), candidate("Tórshavn", 62.0097, -6.7716, cc="FO"))
    r = result(s, [p])
    line = to_jsonl_line(r)
    assert "\n" not in line and "Tórshavn" in line
    assert json.loads(line) == to_record(r)


def test_write_jsonl_streams_to_a_buffer_and_a_path(tmp_path):
    produced = []

    def gen():
        for r in (journey(), empty(), pacific()):
            produced.append(r.id)
            yield r

    buf = io.StringIO()
    assert write_jsonl(gen(), buf) == 3
    lines = buf.getvalue().splitlines()
    assert [json.loads(x)["id"] for x in lines] == produced == ["journey-1", "empty-1", "pacific-1"]

    out = tmp_path / "new" / "out.jsonl"
    assert write_jsonl(journey(), out) == 1
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "journey-1"


def test_write_jsonl_to_a_bad_path_raises_output_error(tmp_path):
    with pytest.raises(OutputError, match="cannot write JSON Lines"):
        write_jsonl([empty()], _blocked(tmp_path) / "x.jsonl")


# -- DataFrame -----------------------------------------------------------------------
def test_dataframe_rows_columns_and_dtypes():
    df = to_dataframe(journey())
    assert list(df.columns) == list(DATAFRAME_COLUMNS)
    assert len(df) == 8
    assert df.loc[6, "name"] == "Zorvania" and math.isnan(df.loc[6, "lat"])
    assert df.loc[1, "sentence"] == "GENEVA — The envoy left Lisbon on Monday morning."
    empty_df = to_dataframe(empty())
    assert list(empty_df.columns) == list(df.columns)
    assert empty_df.dtypes.to_dict() == df.dtypes.to_dict()
    assert str(df["lat"].dtype) == "float64" and str(df["geonameid"].dtype) == "Int64"
    assert str(df["start"].dtype) == "int64"


# -- CSV -----------------------------------------------------------------------------
def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_many_results_with_ids():
    rows = _read_csv(to_csv([journey(), empty(), pacific()]))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["id"] for r in rows].count("journey-1") == 8
    assert [r["id"] for r in rows].count("pacific-1") == 4
    lisbon = rows[1]
    assert lisbon["lon"] == "-9.1333"  # a negative number stays a number
    assert lisbon["reasons"] == "capital city; largest population"
    madrid = rows[2]
    assert json.loads(madrid["alternatives"])[0]["geonameid"] == 4866371


def test_csv_neutralises_formula_cells_but_not_numbers():
    s = Story.of(
        "Talks moved to =HYPERLINK(\"x\") today.",
        "Then to @SUM(A1) and to -Cmd|calc on Friday.",
        id="=cmd|' /C calc'!A0",
    )
    names = ['=HYPERLINK("x")', "@SUM(A1)", "-Cmd|calc"]
    places = [
        place(s.mention(n), candidate("+" + n, 10.0, -70.5 - i), reasons=("\tTab", "ok"))
        for i, n in enumerate(names)
    ]
    rows = _read_csv(to_csv(result(s, places)))
    assert [r["name"] for r in rows] == ["'" + n for n in names]
    assert all(r["id"] == "'=cmd|' /C calc'!A0" for r in rows)
    assert all(r["gazetteer_name"].startswith("'+") for r in rows)
    assert all(r["reasons"] == "'\tTab; ok" for r in rows)
    assert [r["lon"] for r in rows] == ["-70.5", "-71.5", "-72.5"]
    assert all(not r["sentence"].startswith("'") for r in rows)


def test_csv_to_a_path_and_a_bad_path(tmp_path):
    out = tmp_path / "places.csv"
    assert to_csv(journey(), out) is None
    assert len(_read_csv(out.read_text(encoding="utf-8"))) == 8
    with pytest.raises(OutputError, match="cannot write CSV"):
        to_csv(journey(), _blocked(tmp_path) / "places.csv")


def test_file_writers(tmp_path):
    r = journey()
    formats.write_json(r, tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == to_record(r)
    formats.write_geojson(r, tmp_path / "r.geojson")
    assert json.loads((tmp_path / "r.geojson").read_text(encoding="utf-8")) == to_geojson(r)
    formats.write_csv([r, pacific()], tmp_path / "r.csv")
    assert len(_read_csv((tmp_path / "r.csv").read_text(encoding="utf-8"))) == 12
    buf = io.StringIO()
    formats.write_geojson(r, buf)
    assert json.loads(buf.getvalue())["type"] == "FeatureCollection"
    with pytest.raises(OutputError, match="cannot write GeoJSON"):
        formats.write_geojson(r, _blocked(tmp_path) / "r.geojson")


def test_csv_of_hostile_names_is_still_valid():
    rows = _read_csv(to_csv(hostile()))
    assert [r["name"] for r in rows] == list(PAYLOADS)


def test_neutralise_cell():
    assert formats.neutralise_cell("=1+1") == "'=1+1"
    assert formats.neutralise_cell("\r=1") == "'\r=1"
    assert formats.neutralise_cell(-3.5) == -3.5
    assert formats.neutralise_cell(None) is None
    assert formats.neutralise_cell("Lima") == "Lima"


# -- GeoJSON -------------------------------------------------------------------------
def _positions(geometry):
    t = geometry["type"]
    c = geometry["coordinates"]
    if t == "Point":
        return [c]
    if t == "LineString":
        return c
    return [p for part in c for p in part]


def test_geojson_points_and_route():
    gj = to_geojson(journey())
    assert gj["type"] == "FeatureCollection"
    points = [f for f in gj["features"] if f["geometry"]["type"] == "Point"]
    assert len(points) == 7  # every resolved toponym (Lisbon twice), not Zorvania
    lisbon = next(f for f in points if f["properties"]["name"] == "Lisbon")
    assert lisbon["geometry"]["coordinates"] == [-9.1333, 38.7167]  # lon, lat
    assert lisbon["properties"]["role"] == "origin" and lisbon["properties"]["layer"] == "toponym"
    lines = {f["properties"]["layer"]: f for f in gj["features"] if f["geometry"]["type"] != "Point"}
    assert lines["route"]["geometry"] == {
        "type": "LineString",
        "coordinates": [[-9.1333, 38.7167], [-3.7026, 40.4165], [12.5113, 41.8919]],
    }
    assert lines["route"]["properties"]["stops"] == ["Lisbon", "Madrid", "Rome"]
    assert lines["planned"]["properties"]["stops"] == ["Rome", "Athens"]
    json.dumps(gj, allow_nan=False)


def test_geojson_splits_a_route_across_the_antimeridian():
    gj = to_geojson(pacific())
    route = next(f for f in gj["features"] if f["properties"].get("layer") == "route")
    geom = route["geometry"]
    assert geom["type"] == "MultiLineString"
    first, second = geom["coordinates"]
    assert first[0] == [131.8735, 43.1056] and first[-1][0] == 180.0
    assert second[0][0] == -180.0 and second[0][1] == first[-1][1]
    assert second[1:] == [[-149.9003, 61.2181], [-122.3321, 47.6062]]
    for f in gj["features"]:
        for lon, lat in _positions(f["geometry"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_geometries_are_valid_shapes():
    shapely = pytest.importorskip("shapely.geometry")
    for r in (journey(), pacific(), hostile()):
        for f in to_geojson(r)["features"]:
            assert shapely.shape(f["geometry"]).is_valid


def test_geojson_of_an_empty_result():
    assert to_geojson(empty()) == {"type": "FeatureCollection", "features": []}


# -- geometry helpers ----------------------------------------------------------------
def test_unwrap_takes_the_short_way_round():
    assert [round(x, 4) for x in unwrap_longitudes([131.8735, -149.9003])] == [131.8735, 210.0997]
    assert [round(x, 4) for x in unwrap_longitudes([-149.9003, 131.8735])] == [-149.9003, -228.1265]
    assert unwrap_longitudes([]) == []


def test_wrap_longitude():
    assert wrap_longitude(190.0) == -170.0 and wrap_longitude(-540.0) == -180.0
    assert wrap_longitude(12.0) == 12.0


@pytest.mark.parametrize(
    "points, parts",
    [
        ([(170.0, 0.0), (-170.0, 10.0)], [[(170.0, 0.0), (180.0, 5.0)], [(-180.0, 5.0), (-170.0, 10.0)]]),
        ([(-170.0, 10.0), (170.0, 0.0)], [[(-170.0, 10.0), (-180.0, 5.0)], [(180.0, 5.0), (170.0, 0.0)]]),
        ([(170.0, 0.0), (180.0, 0.0)], [[(170.0, 0.0), (180.0, 0.0)]]),
        ([(5.0, 5.0)], []),
        ([], []),
    ],
)
def test_split_at_antimeridian_cases(points, parts):
    assert split_at_antimeridian(points) == parts


def test_split_at_antimeridian_properties():
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")

    point = st.tuples(
        st.floats(-180, 180, allow_nan=False, allow_infinity=False),
        st.floats(-89, 89, allow_nan=False, allow_infinity=False),
    )

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(st.lists(point, min_size=2, max_size=8))
    def check(points):
        parts = split_at_antimeridian(points)
        for part in parts:
            assert len(part) >= 2
            for lon, lat in part:
                assert -180.0 <= lon <= 180.0
            for (a, _), (b, _) in zip(part, part[1:]):
                assert abs(a - b) <= 180.0 + 1e-6

    check()
