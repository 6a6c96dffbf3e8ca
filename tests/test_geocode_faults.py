"""Online geocoder faults through the whole program.

``geomap map`` runs in a subprocess with ``--geocoder nominatim
--geocoder-domain 127.0.0.1:PORT --geocoder-scheme http`` against the fake
Nominatim of ``fake_nominatim.py``, on an article naming five places. For
each fault the run must complete (exit 0, falling back to the offline
gazetteer with a warning where the provider failed), never cache a failure,
and never send two requests less than one second apart, measured from the
server's own request log (arrival times), retries included.

These runs use real time (Nominatim's one-second spacing), so they are marked slow.
"""

from __future__ import annotations

import json

import pytest

from cli_run import TOUR, TOUR_NAMES, cached_queries, fake_places, gaps, online_args, run
from fake_nominatim import FakeNominatim, Fault

pytestmark = [pytest.mark.network_local, pytest.mark.slow]

MIN_GAP = 0.99  # one request per second, to float precision


@pytest.fixture
def fake():
    with FakeNominatim(places=fake_places()) as server:
        yield server


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "tour.txt").write_text(TOUR, encoding="utf-8")
    return tmp_path


def run_tour(fake, workdir, *, timeout=None, name="tour"):
    proc = run(["map", "tour.txt", "-o", f"{name}.html", "--json", f"{name}.json",
                *online_args(fake.domain, timeout=timeout)],
               cwd=workdir, cache_dir=workdir / "cache", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    record = json.loads((workdir / f"{name}.json").read_text(encoding="utf-8"))
    return proc, record


def searched(fake) -> list[str]:
    return [r.params.get("q", "") for r in fake.searches]


def assert_polite(fake) -> None:
    times = [r.time for r in fake.searches]
    assert all(g >= MIN_GAP for g in gaps(times)), gaps(times)
    for r in fake.searches:
        assert r.headers.get("User-Agent", "").startswith("geomap-tests/")


def online_names(record) -> set[str]:
    """Names resolved from the fake server's answers (they carry no GeoNames id)."""
    return {t["name"] for t in record["toponyms"] if t["name"] in TOUR_NAMES and t["lat"] is not None
            and t["geonameid"] is None}


def test_healthy_server_answers_once_per_name_and_caches(fake, workdir):
    proc, record = run_tour(fake, workdir)
    assert sorted(set(searched(fake))) == sorted(TOUR_NAMES) and len(fake.searches) == len(TOUR_NAMES)
    assert online_names(record) == set(TOUR_NAMES)
    assert_polite(fake)
    assert set(cached_queries(workdir / "cache")) == set(TOUR_NAMES)
    assert "warning" not in proc.stderr
    before = len(fake.searches)
    run_tour(fake, workdir, name="again")  # everything from the cache: no request at all
    assert len(fake.searches) == before


def test_429_retry_after_is_honoured(fake, workdir):
    fake.push_fault(Fault.too_many(retry_after="3"))
    proc, record = run_tour(fake, workdir)
    times = [r.time for r in fake.searches]
    assert fake.searches[0].fault == "status" and fake.searches[1].params["q"] == fake.searches[0].params["q"]
    assert times[1] - times[0] >= 3.0 - 0.01  # waited as long as asked
    assert online_names(record) == set(TOUR_NAMES)
    assert set(cached_queries(workdir / "cache")) == set(TOUR_NAMES)
    assert_polite(fake)


@pytest.mark.parametrize("status", [500, 503])
def test_5xx_is_retried_with_backoff_then_answered(fake, workdir, status):
    fake.push_fault(Fault.server_error(status), times=2)
    proc, record = run_tour(fake, workdir)
    q = searched(fake)
    assert q[0] == q[1] == q[2]  # the first name: two failures, then the answer
    times = [r.time for r in fake.searches]
    assert times[1] - times[0] >= 1.0 - 0.01 and times[2] - times[1] >= 2.0 - 0.01  # backoff 1 s, 2 s
    assert online_names(record) == set(TOUR_NAMES)
    assert set(cached_queries(workdir / "cache")) == set(TOUR_NAMES)
    assert_polite(fake)


def test_malformed_json_is_not_retried_not_cached_and_falls_back(fake, workdir):
    fake.push_fault(Fault.malformed())
    proc, record = run_tour(fake, workdir)
    bad = searched(fake)[0]
    assert searched(fake).count(bad) == 1  # a malformed answer is not retried
    assert "geomap: warning: online geocoder nominatim unavailable" in proc.stderr
    assert "continuing offline" in proc.stderr
    assert bad not in cached_queries(workdir / "cache")  # the failure was not cached
    assert set(cached_queries(workdir / "cache")) == set(TOUR_NAMES) - {bad}
    assert bad not in online_names(record)
    assert any(t["name"] == bad and t["lat"] is not None for t in record["toponyms"])  # answered offline
    assert any("continuing offline" in w for w in record["warnings"])
    assert_polite(fake)
    # The next run asks again for that name only.
    n = len(fake.searches)
    run_tour(fake, workdir, name="again")
    assert searched(fake)[n:] == [bad]
    assert set(cached_queries(workdir / "cache")) == set(TOUR_NAMES)


def test_timeout_is_retried(fake, workdir):
    fake.push_fault(Fault.slow(4))
    proc, record = run_tour(fake, workdir, timeout=1)
    q = searched(fake)
    assert q[0] == q[1] and fake.searches[0].fault == "slow"
    assert online_names(record) == set(TOUR_NAMES)
    assert set(cached_queries(workdir / "cache")) == set(TOUR_NAMES)
    assert_polite(fake)


def test_slow_answers_within_the_timeout_are_used(fake, workdir):
    fake.set_fault(Fault.slow(0.6))
    proc, record = run_tour(fake, workdir, timeout=5)
    assert len(fake.searches) == len(TOUR_NAMES)
    assert online_names(record) == set(TOUR_NAMES)
    assert_polite(fake)


def test_connection_refused_completes_offline(fake, workdir):
    fake.stop()
    proc, record = run_tour(fake, workdir)
    assert "geomap: warning: online geocoder nominatim unavailable" in proc.stderr
    assert proc.stderr.count("continuing offline") == 1  # one warning, not one per name
    assert {t["name"] for t in record["toponyms"] if t["lat"] is not None} >= set(TOUR_NAMES)
    assert online_names(record) == set()
    assert cached_queries(workdir / "cache") == {}


def test_server_always_failing_trips_the_breaker(fake, workdir):
    fake.set_fault(Fault.server_error(503))
    proc, record = run_tour(fake, workdir)
    assert len(fake.searches) == 3  # the first name, retried twice; then the circuit is open
    assert len(set(searched(fake))) == 1
    assert "continuing offline" in proc.stderr
    assert {t["name"] for t in record["toponyms"] if t["lat"] is not None} >= set(TOUR_NAMES)
    assert cached_queries(workdir / "cache") == {}
    assert_polite(fake)


def test_dropped_connections_complete_offline(fake, workdir):
    fake.set_fault(Fault.drop())
    proc, record = run_tour(fake, workdir)
    assert 1 <= len(fake.searches) <= 3 and "continuing offline" in proc.stderr
    assert cached_queries(workdir / "cache") == {}
    assert_polite(fake)
