"""The persistent geocode cache: keys, round trips, failures never stored,
several processes writing at once, a writer killed mid-write, a damaged file."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import warnings

import pytest

from geomap.errors import CacheError, GeocoderUnavailable
from geomap.geocode.cache import (
    CachedGeocoder,
    CacheWarning,
    GeocodeCache,
    cache_key,
    normalise_query,
)
from geomap.models import Candidate
from geomap.protocols import Cache, Geocoder

LYON = Candidate("Lyon", 45.7578, 4.832, country_code="FR", feature_class="P", feature_code="PPL",
                 population=522250, provider="nominatim", match="provider",
                 raw={"place_id": 7, "display_name": "Lyon, France", "address": {"country_code": "fr"}})


class CountingGeocoder:
    """Answers from a dict; raises the queued errors first; counts calls."""

    def __init__(self, answers=None, errors=(), name="counting", cache_options=None):
        self.name = name
        self.answers = answers or {"lyon": [LYON]}
        self.errors = list(errors)
        self.calls: list[tuple[str, str | None]] = []
        if cache_options is not None:
            self.cache_options = cache_options

    def candidates(self, query, *, country=None):
        self.calls.append((query, country))
        if self.errors:
            raise self.errors.pop(0)
        return list(self.answers.get(query.casefold().strip(), []))


@pytest.fixture
def path(tmp_path):
    return tmp_path / "cache" / "geocode.sqlite3"


# --------------------------------------------------------------------------------------
# keys and round trips
# --------------------------------------------------------------------------------------


def test_cache_key_normalises_the_query_and_sorts_options():
    assert normalise_query("  NEW\u00a0  york ") == "new york"
    assert cache_key("p", "New  York", a=1, b=2) == cache_key("p", " new york", b=2, a=1)
    assert cache_key("p", "New York", a=1) != cache_key("p", "New York", a=2)
    assert cache_key("p", "New York") != cache_key("q", "New York")
    assert cache_key("p", "New York", country=None) == cache_key("p", "New York")


def test_round_trip_keeps_every_field_and_raw(path):
    cache = GeocodeCache(path)
    assert isinstance(cache, Cache)
    assert cache.get("k") is None
    cache.set("k", [LYON])
    [back] = GeocodeCache(path).get("k")
    assert back == LYON and back.raw == LYON.raw
    assert back.population == 522250 and back.feature == "P.PPL"


def test_empty_answer_is_stored_as_an_answer(path):
    cache = GeocodeCache(path)
    cache.set("nothing", [])
    assert cache.get("nothing") == []
    assert cache.stats().empty_answers == 1


def test_file_is_wal_and_lazy(path):
    cache = GeocodeCache(path)
    assert not path.exists()  # nothing happens before first use
    cache.set("k", [LYON])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cols = [r[1] for r in conn.execute("PRAGMA table_info(geocode)")]
    assert cols == ["key", "provider", "query", "options_json", "candidates_json", "created"]


def test_stats_clear_and_delete(path):
    cache = GeocodeCache(path)
    cache.set("a:1", [LYON], provider="a", query="Lyon")
    cache.set("a:2", [], provider="a", query="Atlantis")
    cache.set("b:1", [LYON], provider="b", query="Lyon")
    st = cache.stats()
    assert (st.entries, st.empty_answers, dict(st.providers)) == (3, 1, {"a": 2, "b": 1})
    assert st.size_bytes > 0 and len(cache) == 3 and "a:1" in cache
    cache.delete("a:1")
    assert cache.clear("a") == 1 and len(cache) == 1
    assert cache.clear() == 1 and len(cache) == 0


def test_max_age_expires_entries(path):
    now = [1000.0]
    cache = GeocodeCache(path, max_age=60, clock=lambda: now[0])
    cache.set("k", [LYON])
    assert cache.get("k") == [LYON]
    now[0] += 61
    assert cache.get("k") is None


def test_cache_pickles_without_its_connection(path):
    cache = GeocodeCache(path)
    cache.set("k", [LYON])
    clone = pickle.loads(pickle.dumps(cache))
    assert clone.get("k") == [LYON]


# --------------------------------------------------------------------------------------
# the cached geocoder
# --------------------------------------------------------------------------------------


def test_cached_geocoder_hits_memory_then_file(path):
    inner = CountingGeocoder()
    g = CachedGeocoder(inner, GeocodeCache(path))
    assert isinstance(g, Geocoder) and g.name == "counting"
    assert g.candidates("Lyon") == [LYON]
    assert g.candidates(" LYON ") == [LYON]
    assert (len(inner.calls), g.misses, g.hits_memory) == (1, 1, 1)
    again = CachedGeocoder(inner, path)  # a path works too
    assert again.candidates("lyon") == [LYON]
    assert len(inner.calls) == 1 and again.hits_cache == 1


def test_no_result_is_cached(path):
    inner = CountingGeocoder()
    g = CachedGeocoder(inner, GeocodeCache(path), memory_size=0)
    assert g.candidates("Atlantis") == [] and g.candidates("Atlantis") == []
    assert len(inner.calls) == 1


def test_failures_are_never_cached(path):
    inner = CountingGeocoder(errors=[GeocoderUnavailable("down"), GeocoderUnavailable("down")])
    cache = GeocodeCache(path)
    g = CachedGeocoder(inner, cache)
    for _ in range(2):
        with pytest.raises(GeocoderUnavailable):
            g.candidates("Lyon")
    assert len(cache) == 0
    assert g.candidates("Lyon") == [LYON]
    assert len(inner.calls) == 3 and len(cache) == 1


def test_country_and_options_are_part_of_the_key(path):
    cache = GeocodeCache(path)
    local = CountingGeocoder(name="nominatim", cache_options={"domain": "127.0.0.1:9"})
    public = CountingGeocoder(name="nominatim", cache_options={"domain": "nominatim.openstreetmap.org"})
    CachedGeocoder(local, cache).candidates("Lyon")
    CachedGeocoder(local, cache).candidates("Lyon", country="fr")
    CachedGeocoder(public, cache).candidates("Lyon")
    assert len(local.calls) == 2 and len(public.calls) == 1 and len(cache) == 3
    [(opts,)] = sqlite3.connect(path).execute(
        "SELECT options_json FROM geocode WHERE query = 'Lyon' AND options_json LIKE '%country%'").fetchall()
    assert '"country":"FR"' in opts


def test_unusable_cache_warns_and_still_answers(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    g = CachedGeocoder(CountingGeocoder(), GeocodeCache(blocker / "geocode.sqlite3"))
    with pytest.warns(CacheWarning, match="going on without it"):
        assert g.candidates("Lyon") == [LYON]
    strict = CachedGeocoder(CountingGeocoder(), GeocodeCache(blocker / "x.sqlite3"), on_cache_error="raise")
    with pytest.raises(CacheError):
        strict.candidates("Lyon")


# --------------------------------------------------------------------------------------
# damage
# --------------------------------------------------------------------------------------


def test_garbage_file_is_moved_aside_and_rebuilt(path):
    path.parent.mkdir(parents=True)
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    cache = GeocodeCache(path)
    with pytest.warns(CacheWarning, match="moved it to geocode.sqlite3.corrupt-"):
        assert cache.get("k") is None
    [aside] = list(path.parent.glob("geocode.sqlite3.corrupt-*"))
    assert aside.read_bytes() == garbage
    cache.set("k", [LYON])
    assert GeocodeCache(path).get("k") == [LYON]
    assert GeocodeCache(path).integrity_check() == "ok"


def test_damaged_pages_are_detected(path):
    cache = GeocodeCache(path)
    for i in range(300):
        cache.set(f"k{i}", [LYON])
    cache.close()
    with sqlite3.connect(path) as conn:  # fold the WAL into the main file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[page : 3 * page] = b"\xa5" * (2 * page)  # trash b-tree pages, keep the header
    path.write_bytes(bytes(data))
    with pytest.warns(CacheWarning, match="damaged"):
        fresh = GeocodeCache(path)
        assert len(fresh) == 0
    assert list(path.parent.glob("geocode.sqlite3.corrupt-*"))


def test_damage_can_raise_instead(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CacheError, match="damaged"):
        GeocodeCache(path, on_corrupt="raise").get("k")
    assert path.exists()


# --------------------------------------------------------------------------------------
# several processes
# --------------------------------------------------------------------------------------


def _write_keys(path: str, worker: int, n: int, start) -> None:
    cache = GeocodeCache(path)
    cache.get("warm-up")  # open (and create) before the race
    start.wait(timeout=60)  # all four write at the same time
    for i in range(n):
        c = Candidate(f"Place {worker}-{i}", (i % 180) - 89.5, worker * 10.0, provider="test",
                      raw={"worker": worker, "i": i})
        cache.set(f"w{worker}:{i}", [c], provider="test", query=f"place {worker}-{i}")
    cache.close()


def test_four_processes_lose_nothing(path):
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(4)
    procs = [ctx.Process(target=_write_keys, args=(str(path), w, 200, start)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    cache = GeocodeCache(path)
    assert len(cache) == 800
    assert cache.get("w3:199")[0].name == "Place 3-199"
    assert cache.integrity_check() == "ok"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_WRITER = textwrap.dedent(
    """
    import sys
    from geomap.geocode.cache import GeocodeCache
    from geomap.models import Candidate
    cache = GeocodeCache(sys.argv[1])
    big = {"blob": "x" * 20000}
    i = 0
    while True:
        cache.set(f"k{i}", [Candidate(f"P{i}", 1.0, 2.0, raw=big)] * 5)
        i += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_writer_killed_mid_write_leaves_a_usable_cache(path):
    GeocodeCache(path).set("before", [LYON])
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)])
    try:
        reader = GeocodeCache(path)
        give_up = time.monotonic() + 60
        while len(reader) < 50:  # wait until it is busy writing
            assert proc.poll() is None, "the writer died on its own"
            assert time.monotonic() < give_up, "the writer never got going"
            time.sleep(0.02)
        reader.close()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)  # no rebuild: nothing was damaged
        after = GeocodeCache(path)
        assert after.integrity_check() == "ok"
        assert after.get("before") == [LYON]
        assert len(after) >= 50
        after.set("after", [LYON])
        assert after.get("after") == [LYON]
