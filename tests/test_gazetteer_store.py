"""Querying the gazetteer, and opening it (building, rebuilding when corrupt)."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import sqlite3
import threading
import warnings
from pathlib import Path

import pytest

from geomap.config import Settings
from geomap.errors import GazetteerError
from geomap.gazetteer.build import SCHEMA_VERSION, PlaceRecord, build_gazetteer, import_geonames_dump
from geomap.gazetteer.store import Gazetteer, NameStats, open_gazetteer, validate_gazetteer
from geomap.models import Candidate

DATA = Path(__file__).parent / "data"


def tiny_records() -> list[PlaceRecord]:
    rows = json.loads((DATA / "tiny_places.json").read_text(encoding="utf-8"))
    return [PlaceRecord(**{**r, "alternates": tuple(r["alternates"]), "abbrevs": tuple(r["abbrevs"])}) for r in rows]


def tiny_builder(path: Path):
    return build_gazetteer(path, sources=tiny_records())


@pytest.fixture(scope="module")
def gaz_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "gaz.sqlite3"
    build_gazetteer(path, sources=tiny_records())
    import_geonames_dump(path, DATA / "geonames_sample.txt", alternate_names=DATA / "alternateNamesV2_sample.txt")
    return path


@pytest.fixture
def gaz(gaz_path: Path):
    with Gazetteer(gaz_path) as g:
        yield g


def ids(cands: list[Candidate]) -> list[int | None]:
    return [c.geonameid for c in cands]


# -- lookup ------------------------------------------------------------------------------


def test_lookup_exact_name(gaz: Gazetteer) -> None:
    (c,) = gaz.lookup("Vladivostok")
    assert (c.geonameid, c.country_code, c.feature_class, c.feature_code) == (2013348, "RU", "P", "PPL")
    assert (c.lat, c.lon, c.population, c.admin1) == (43.10562, 131.87353, 604901, "59")
    assert c.provider == "gazetteer" and c.match == "name"


@pytest.mark.parametrize(
    "query, gid, match",
    [
        ("VLADIVOSTOK", 2013348, "name"),
        ("Wladiwostok", 2013348, "alternate"),
        ("Russky", 2017364, "normalised"),
        ("Russkij", 2017364, "normalised"),  # also an alternate, but the name's key is the same
        ("Komsomol’sk-na-Amure", 2021851, "alternate"),
        ("Komsomolsk on Amur", 2021851, "normalised"),
        ("Primorye", 2017623, "alternate"),
        ("Primor'ye", 2017623, "alternate"),
        ("Primorie", 2017623, "alternate"),
        ("Primorsky Krai", 2017623, "normalised"),
        ("Primorskiy Kray", 2017623, "name"),
        ("Russky Island", 9900001, "name"),
        ("Russkiy Island", 9900001, "normalised"),
        ("Ostrov Russkij", 9900001, "alternate"),
        ("Lorrin Harbour", 9900004, "alternate"),
        ("the Netherlands", None, None),
    ],
)
def test_lookup_forms(gaz: Gazetteer, query: str, gid: int | None, match: str | None) -> None:
    found = gaz.lookup(query)
    if gid is None:
        assert found == []
        return
    assert found[0].geonameid == gid
    assert found[0].match == match


def test_lookup_falls_back_to_variants(gaz: Gazetteer) -> None:
    (c,) = gaz.lookup("Vladivostok City")
    assert c.geonameid == 2013348 and c.match == "variant"
    assert gaz.lookup("Testville District")[0].geonameid == 100
    assert gaz.lookup("Far East") == []


def test_variants_only_when_exact_finds_nothing(gaz: Gazetteer) -> None:
    # "Russky Island" exists as an island: the village Russkiy is not added
    assert ids(gaz.lookup("Russky Island")) == [9900001]


def test_abbreviations_need_capitals(gaz: Gazetteer) -> None:
    assert ids(gaz.lookup("US")) == [6252001]
    assert ids(gaz.lookup("U.S.")) == [6252001]
    assert gaz.lookup("us") == [] and gaz.lookup("Us") == []
    assert ids(gaz.lookup("CA")) == [5332921]
    assert gaz.lookup("ca") == []
    assert gaz.lookup("US")[0].match == "alternate"


def test_ranking_countries_then_divisions_then_population(gaz: Gazetteer) -> None:
    assert ids(gaz.lookup("Georgia")) == [614540, 4197000]  # the country first, then the US state
    assert ids(gaz.lookup("Moscow")) == [524901, 524894, 5601538]  # the capital before its division
    # New York City holds over a quarter of the state's people: it goes first
    assert ids(gaz.lookup("New York")) == [5128581, 5128638]
    assert ids(gaz.lookup("Russia")) == [2017370]
    assert gaz.lookup("Asia")[0].feature_code == "CONT"


def test_lookup_country_filter_and_limit(gaz: Gazetteer) -> None:
    assert ids(gaz.lookup("Moscow", country="US")) == [5601538]
    assert ids(gaz.lookup("Moscow", country="ru")) == [524901, 524894]
    assert gaz.lookup("Moscow", country="FR") == []
    assert len(gaz.lookup("Moscow", limit=1)) == 1


def test_lookup_empty_and_unknown(gaz: Gazetteer) -> None:
    assert gaz.lookup("") == [] and gaz.lookup("   ") == [] and gaz.lookup("---") == []
    assert gaz.lookup("Atlantis Prime") == []


def test_lookup_is_cached(gaz: Gazetteer) -> None:
    gaz.lookup("Vladivostok")
    hits = gaz._lookup_cached.cache_info().hits
    a = gaz.lookup("Vladivostok")
    assert gaz._lookup_cached.cache_info().hits == hits + 1
    a.clear()  # callers get their own list
    assert gaz.lookup("Vladivostok")


# -- other queries -------------------------------------------------------------------------


def test_by_id_country_admin1(gaz: Gazetteer) -> None:
    assert gaz.by_id(2017364).name == "Russkiy"
    assert gaz.by_id(123456789) is None
    assert gaz.country("ru").geonameid == 2017370
    assert gaz.country("ZZ") is None
    assert gaz.admin1("RU", "59").name == "Primorskiy kray"
    assert gaz.admin1("US", "CA").geonameid == 5332921
    assert gaz.admin1("US", "XX") is None


def test_country_codes_for(gaz: Gazetteer) -> None:
    assert gaz.country_codes_for("Moscow") == ["RU", "US"]
    assert gaz.country_codes_for("Georgia") == ["GE", "US"]
    assert gaz.country_codes_for("Nowhere") == []


def test_name_stats(gaz: Gazetteer) -> None:
    s = gaz.name_stats("Moscow")
    assert isinstance(s, NameStats) and s
    assert s.key == "moscow" and s.count == 3 and s.max_population == 12000000
    assert s.feature_classes == {"A", "P"} and s.kinds == {"name", "alternate"}
    assert s.feature_codes == {"ADM1", "PPLC", "PPL"}
    assert gaz.name_stats("moscow") == s  # keys work too
    assert not gaz.name_stats("Far East") and gaz.name_stats("Far East").count == 0
    assert gaz.name_stats("NYC").only_abbrev
    assert not gaz.name_stats("nyc") and not gaz.name_stats("ca")  # abbreviations need capitals
    assert gaz.name_stats("CA").feature_codes == {"ADM1"}
    assert not gaz.name_stats("")


def test_meta_and_len(gaz: Gazetteer) -> None:
    assert gaz.meta["schema_version"] == str(SCHEMA_VERSION)
    assert len(gaz) == len(tiny_records()) + 7


# -- life cycle ------------------------------------------------------------------------------


def test_constructor_does_no_io(tmp_path: Path) -> None:
    g = Gazetteer(tmp_path / "nothing-here.sqlite3")
    assert "closed" in repr(g)
    with pytest.raises(GazetteerError, match="no gazetteer"):
        g.lookup("Vladivostok")


def test_opens_read_only(gaz: Gazetteer) -> None:
    gaz.lookup("Vladivostok")
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        gaz._connection().execute("DELETE FROM places")


def test_pickles_as_its_path(gaz: Gazetteer) -> None:
    gaz.lookup("Vladivostok")
    blob = pickle.dumps(gaz)
    assert len(blob) < 500
    clone = pickle.loads(blob)
    assert clone.path == gaz.path and clone._con is None
    assert ids(clone.lookup("Vladivostok")) == [2013348]
    clone.close()


def test_close_and_reuse(gaz_path: Path) -> None:
    g = Gazetteer(gaz_path)
    with g:
        assert g.lookup("Russkiy")
    assert g._con is None
    assert g.lookup("Russkiy")  # reopens on demand
    g.close()


def test_threads_share_one_gazetteer(gaz_path: Path) -> None:
    g = Gazetteer(gaz_path, cache_size=0)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(50):
                assert g.lookup("Moscow")[0].geonameid == 524901
                assert g.name_stats("Vladivostok").count == 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    g.close()
    assert not errors


def test_schema_mismatch_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    tiny_builder(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    assert "schema version" in validate_gazetteer(path)
    with pytest.raises(GazetteerError, match="schema version"):
        Gazetteer(path).lookup("Moscow")


# -- open_gazetteer ----------------------------------------------------------------------------


def settings_for(tmp_path: Path) -> Settings:
    return Settings(cache_dir=tmp_path / "cache")


def counting_builder(calls: list[Path]):
    def build(path: Path):
        calls.append(path)
        return tiny_builder(path)

    return build


def test_open_builds_once_when_missing(tmp_path: Path) -> None:
    calls: list[Path] = []
    s = settings_for(tmp_path)
    with pytest.warns(UserWarning, match=r"building the offline gazetteer \(once\)"):
        g = open_gazetteer(s, builder=counting_builder(calls))
    assert calls == [s.gazetteer_path]
    assert ids(g.lookup("Vladivostok")) == [2013348]
    g.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        open_gazetteer(s, builder=counting_builder(calls)).close()
    assert len(calls) == 1


def test_open_without_building(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no offline gazetteer"):
        open_gazetteer(settings_for(tmp_path), build_if_missing=False)


@pytest.mark.parametrize(
    "damage, why",
    [
        (lambda p: p.write_bytes(b"this is not a database at all" * 10), "not a SQLite database"),
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "truncated"),
        (lambda p: p.write_bytes(b""), "not a SQLite database"),
    ],
)
def test_open_moves_a_corrupt_file_aside_and_rebuilds(tmp_path: Path, damage, why: str) -> None:
    s = settings_for(tmp_path)
    path = s.gazetteer_path
    path.parent.mkdir(parents=True)
    tiny_builder(path)
    damage(path)
    assert why in validate_gazetteer(path)
    calls: list[Path] = []
    with pytest.warns(UserWarning, match="moved it to .*corrupt-.* and rebuilding"):
        g = open_gazetteer(s, builder=counting_builder(calls))
    assert len(calls) == 1 and validate_gazetteer(path) is None
    assert len(list(path.parent.glob("gazetteer.sqlite3.corrupt-*"))) == 1
    assert ids(g.lookup("Russkiy")) == [2017364]
    g.close()


def test_open_rebuilds_an_outdated_schema(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    s.gazetteer_path.parent.mkdir(parents=True)
    tiny_builder(s.gazetteer_path)
    con = sqlite3.connect(s.gazetteer_path)
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.warns(UserWarning, match="schema version"):
        open_gazetteer(s, builder=tiny_builder).close()
    assert validate_gazetteer(s.gazetteer_path) is None


def test_open_corrupt_without_building_raises(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    s.gazetteer_path.parent.mkdir(parents=True)
    s.gazetteer_path.write_bytes(b"garbage" * 50)
    with pytest.raises(GazetteerError, match="not a SQLite database"):
        open_gazetteer(s, build_if_missing=False)


def test_open_reports_a_failed_build(tmp_path: Path) -> None:
    def failing(path: Path):
        raise RuntimeError("no data here")

    with pytest.warns(UserWarning), pytest.raises(GazetteerError, match="cannot build.*no data here"):
        open_gazetteer(settings_for(tmp_path), builder=failing)


def _open_in_child(cache_dir: str, marker_dir: str) -> list[int | None]:
    def build(path: Path):
        (Path(marker_dir) / f"built-{multiprocessing.current_process().pid}").touch()
        return tiny_builder(path)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = open_gazetteer(Settings(cache_dir=cache_dir), builder=build)
    try:
        return ids(g.lookup("Vladivostok"))
    finally:
        g.close()


def test_concurrent_first_opens_build_once(tmp_path: Path) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        results = pool.starmap(_open_in_child, [(str(tmp_path / "cache"), str(markers))] * 2)
    assert results == [[2013348], [2013348]]
    assert len(list(markers.iterdir())) == 1
    assert validate_gazetteer(tmp_path / "cache" / "gazetteer.sqlite3") is None
