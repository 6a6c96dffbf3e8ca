"""The SQLite files geomap keeps (geocode cache, gazetteer) survive concurrency,
SIGKILL and damage.

The process tests run the real ``geomap geoparse`` in subprocesses against
the fake Nominatim on 127.0.0.1 (see ``cli_run.py``); the gazetteer damage
tests build a small gazetteer with an injected builder, and one slow test
rebuilds the real one from a garbage file.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
import warnings
from pathlib import Path

import pytest

from cli_run import TOUR, TOUR_NAMES, cached_queries, env_for, fake_places, gaps, integrity, online_args, popen, run
from fake_nominatim import FakeNominatim
from geomap.config import Settings
from geomap.errors import GazetteerError
from geomap.gazetteer.build import PlaceRecord, build_gazetteer
from geomap.gazetteer.store import Gazetteer, open_gazetteer, validate_gazetteer
from geomap.geocode.cache import CacheWarning, GeocodeCache

SHARED = ("Lisbon", "Madrid")
OWN = (("Porto", "Seville"), ("Turin", "Geneva"), ("Munich", "Prague"), ("Krakow", "Zagreb"))


@pytest.fixture
def fake():
    with FakeNominatim(places=fake_places()) as server:
        yield server


def write_docs(path: Path, worker: int) -> list[str]:
    a, b = OWN[worker]
    docs = [
        {"id": f"w{worker}-1", "text": f"The courier rode from {a} to {SHARED[0]} on Monday."},
        {"id": f"w{worker}-2", "text": f"On Friday the courier flew from {SHARED[1]} to {b}."},
    ]
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return [d["id"] for d in docs]


# -- the geocode cache shared by processes ---------------------------------------------------
@pytest.mark.slow
@pytest.mark.network_local
def test_four_geoparse_processes_share_the_cache_and_the_rate(fake, tmp_path):
    cache = tmp_path / "cache"
    procs, expected = [], {}
    for w in range(4):
        src = tmp_path / f"docs{w}.jsonl"
        expected[w] = write_docs(src, w)
        procs.append(popen(["geoparse", str(src), "-o", str(tmp_path / f"out{w}.jsonl"), "-q",
                            *online_args(fake.domain)], cwd=tmp_path, cache_dir=cache))
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        assert "Traceback" not in err and "damaged" not in err
    for w in range(4):
        ids = [json.loads(x)["id"] for x in (tmp_path / f"out{w}.jsonl").read_text().splitlines()]
        assert ids == expected[w]
    asked = {r.params["q"] for r in fake.searches}
    assert asked == set(SHARED) | {n for pair in OWN for n in pair}
    assert set(cached_queries(cache)) == asked  # every answer was kept
    assert all(n == 1 for n in cached_queries(cache).values())
    assert integrity(cache) == "ok"
    # Four processes together still sent at most one request per second.
    times = [r.time for r in fake.searches]
    assert all(g >= 0.99 for g in gaps(times)), gaps(times)
    # A fifth run finds everything in the cache.
    n = len(fake.searches)
    proc = run(["geoparse", str(tmp_path / "docs2.jsonl"), "-o", str(tmp_path / "again.jsonl"), "-q",
                *online_args(fake.domain)], cwd=tmp_path, cache_dir=cache)
    assert proc.returncode == 0 and len(fake.searches) == n


@pytest.mark.slow
@pytest.mark.network_local
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_geoparse_killed_mid_run_leaves_a_sound_cache_and_resumes(fake, tmp_path):
    cache = tmp_path / "cache"
    names = [k.title() for k in fake_places()]
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Day {i}: the courier reached {n} at noon."}) + "\n"
                           for i, n in enumerate(names)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = popen(["geoparse", str(src), "-o", str(out), "-q", "--batch-size", "1", *online_args(fake.domain)],
                 cwd=tmp_path, cache_dir=cache)
    try:
        give_up = time.monotonic() + 240
        while len(cached_queries(cache)) < 4:  # busy geocoding and writing the cache
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < give_up, "geoparse never got going"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert integrity(cache) == "ok"
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)  # nothing to repair
        survivor = GeocodeCache(Settings(cache_dir=cache).geocode_cache_path)
        assert survivor.integrity_check() == "ok"
        kept = len(survivor)
        assert kept >= 4
        survivor.close()
    # The rerun resumes: every document ends up written once and every name cached.
    again = run(["geoparse", str(src), "-o", str(out), "-q", *online_args(fake.domain)], cwd=tmp_path,
                cache_dir=cache, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "damaged" not in again.stderr
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids, key=lambda s: int(s[1:])) == [f"d{i}" for i in range(len(names))]
    assert set(cached_queries(cache)) == set(names)
    assert integrity(cache) == "ok"


@pytest.mark.slow
@pytest.mark.network_local
@pytest.mark.parametrize("damage", ["garbage", "truncated-wal"])
def test_damaged_geocode_cache_is_moved_aside_and_rebuilt_with_a_warning(fake, tmp_path, damage):
    (tmp_path / "tour.txt").write_text(TOUR, encoding="utf-8")
    cache = tmp_path / "cache"
    path = Settings(cache_dir=cache).geocode_cache_path
    cache.mkdir()
    if damage == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    else:  # a cache whose main file was cut short
        c = GeocodeCache(path)
        for i in range(400):
            c.set(f"k{i}", [], provider="nominatim", query=f"q{i}")
        c.close()
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    proc = run(["map", "tour.txt", "-o", "tour.html", *online_args(fake.domain)], cwd=tmp_path, cache_dir=cache)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "geomap: warning: geocode cache" in proc.stderr and "moved it to" in proc.stderr
    assert list(cache.glob("geocode-cache.sqlite3.corrupt-*"))
    assert set(cached_queries(cache)) == set(TOUR_NAMES)
    assert integrity(cache) == "ok"


# -- the gazetteer -------------------------------------------------------------------------------
def many_places(n: int = 4000) -> list[PlaceRecord]:
    return [PlaceRecord(i + 1, f"Testville {i}", (i % 170) - 85.0, (i % 350) - 175.0, "XX", "P", "PPL", 1000 + i)
            for i in range(n)]


def small_builder(calls: list[Path]):
    def build(path: Path):
        calls.append(path)
        return build_gazetteer(path, sources=many_places())

    return build


def trash_pages(path: Path) -> None:
    """Overwrite three pages in the middle of the file; header and size stay right."""
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for p in range(pages // 2, pages // 2 + 3):
        data[p * 4096 : (p + 1) * 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def test_gazetteer_with_damaged_pages_is_detected_moved_aside_and_rebuilt(tmp_path):
    settings = Settings(cache_dir=tmp_path)
    path = settings.gazetteer_path
    calls: list[Path] = []
    with pytest.warns(UserWarning, match="building"):
        open_gazetteer(settings, builder=small_builder(calls)).close()
    assert validate_gazetteer(path) is None
    trash_pages(path)
    assert validate_gazetteer(path) is not None  # the page check notices (file changed since verified)
    with pytest.warns(UserWarning, match="moved it to .*corrupt-.* and rebuilding"):
        gaz = open_gazetteer(settings, builder=small_builder(calls))
    assert len(calls) == 2
    assert [c.geonameid for c in gaz.lookup("Testville 7")] == [8]
    gaz.close()
    assert len(list(tmp_path.glob("gazetteer.sqlite3.corrupt-*"))) == 1


def test_gazetteer_page_check_is_remembered_per_file_version(tmp_path):
    path = tmp_path / "g.sqlite3"
    build_gazetteer(path, sources=many_places(500))
    stamp = path.with_name(path.name + ".verified")
    assert validate_gazetteer(path) is None and stamp.exists()
    first = stamp.read_text()
    with sqlite3.connect(path) as conn:  # a change (an import) means a new check and a new stamp
        conn.execute("UPDATE places SET population = population + 1 WHERE geonameid = 1")
    assert validate_gazetteer(path) is None
    assert stamp.read_text() != first


def test_damage_found_by_a_query_is_a_clear_error_and_rechecked_next_time(tmp_path):
    path = tmp_path / "g.sqlite3"
    build_gazetteer(path, sources=many_places())
    assert validate_gazetteer(path) is None
    stat = path.stat()
    trash_pages(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # damage that leaves size and time alone
    assert validate_gazetteer(path) is None  # the stamp says it was fine
    gaz = Gazetteer(path)
    with pytest.raises(GazetteerError, match="damaged"):
        for i in range(4000):
            gaz.lookup(f"Testville {i}")
    gaz.close()
    assert validate_gazetteer(path) is not None  # checked again, and found out


@pytest.mark.slow
def test_garbage_gazetteer_at_the_settings_path_is_rebuilt_by_the_cli(tmp_path):
    (tmp_path / "tour.txt").write_text(TOUR, encoding="utf-8")
    gaz = tmp_path / "my-gazetteer.sqlite3"
    gaz.write_bytes(b"definitely not a gazetteer\n" * 1000)
    env = {**env_for(tmp_path / "cache"), "GEOMAP_GAZETTEER": str(gaz)}
    import subprocess

    from cli_run import geomap_script

    proc = subprocess.run(geomap_script() + ["map", "tour.txt", "-o", "tour.html", "--json", "tour.json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "is not a SQLite database; moved it to my-gazetteer.sqlite3.corrupt-" in proc.stderr
    assert validate_gazetteer(gaz) is None
    assert list(tmp_path.glob("my-gazetteer.sqlite3.corrupt-*"))
    names = {t["name"] for t in json.loads((tmp_path / "tour.json").read_text())["toponyms"] if t["lat"] is not None}
    assert set(TOUR_NAMES) <= names
