"""Online geocoding against a fake Nominatim on 127.0.0.1 (and stubs where no server is needed).

The clock and sleep are injected (:class:`FakeClock`), so retries and backoff
never sleep for real; only :func:`test_rate_is_never_exceeded` uses real time,
with a 0.2 s delay, to read the spacing from the server's request log.
"""

from __future__ import annotations

import email.utils
import time
import warnings

import geopy.exc
import pytest

from fake_nominatim import FakeNominatim, Fault, place
from geomap.errors import GeocoderError, GeocoderRateLimited, GeocoderUnavailable, InputError
from geomap.geocode.breaker import CircuitBreaker
from geomap.geocode.chain import FallbackGeocoder, GeocoderFallbackWarning
from geomap.geocode.online import (
    OnlineGeocoder,
    make_geocoder,
    map_geopy_error,
    nominatim_candidate,
    osm_feature,
)
from geomap.models import Candidate
from geomap.protocols import Geocoder

UA = "geomap-tests/1.0 (tests@example.invalid)"


class FakeClock:
    """A monotonic clock that only moves when something sleeps on it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


@pytest.fixture
def fake():
    with FakeNominatim() as server:
        yield server


@pytest.fixture
def clock():
    return FakeClock()


def nominatim(fake: FakeNominatim, clock: FakeClock, **kw) -> OnlineGeocoder:
    kw.setdefault("min_delay_seconds", 0)
    kw.setdefault("timeout", 5)
    return make_geocoder(
        "nominatim", user_agent=UA, domain=fake.domain, scheme="http", proxies={},
        clock=clock, sleep=clock.sleep, **kw,
    )


class StubGeopy:
    """Looks like a geopy geocoder; raises or answers what it is told."""

    timeout = 3

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls: list[dict] = []

    def geocode(self, query, **kwargs):
        self.calls.append(dict(kwargs, query=query))
        out = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(out, BaseException):
            raise out
        return out


class StubOffline:
    name = "gazetteer"

    def __init__(self):
        self.queries: list[str] = []

    def candidates(self, query, *, country=None):
        self.queries.append(query)
        return [Candidate(query.title(), 10.0, 20.0, provider="gazetteer")]


# --------------------------------------------------------------------------------------
# normal answers
# --------------------------------------------------------------------------------------


@pytest.mark.network_local
def test_answer_maps_to_candidates_and_keeps_raw(fake, clock):
    g = nominatim(fake, clock)
    assert isinstance(g, Geocoder) and g.name == "nominatim"
    [c] = g.candidates("Lyon")
    assert (c.name, c.country_code, c.feature, c.population) == ("Lyon", "FR", "P.PPL", 522250)
    assert isinstance(c.lat, float) and c.lat == pytest.approx(45.7578)
    assert (c.provider, c.match) == ("nominatim", "provider")
    assert c.raw["display_name"].startswith("Lyon,") and "place_id" in c.raw
    sent = fake.searches[0]
    assert sent.params["q"] == "Lyon" and sent.params["format"] == "json"
    assert sent.params["addressdetails"] == "1" and sent.headers["User-Agent"] == UA


@pytest.mark.network_local
def test_feature_mapping_from_osm_classes(fake, clock):
    g = nominatim(fake, clock)
    assert g.candidates("Sicily")[0].feature == "T.ISL"
    assert g.candidates("Bavaria")[0].feature == "A.ADM1"


@pytest.mark.network_local
def test_country_becomes_countrycodes(fake, clock):
    g = nominatim(fake, clock)
    assert len(g.candidates("Springfield")) == 3
    [nz] = g.candidates("Springfield", country="NZ")
    assert nz.country_code == "NZ"
    assert fake.searches[-1].params["countrycodes"] == "nz"


@pytest.mark.network_local
def test_unknown_place_is_an_empty_answer(fake, clock):
    assert nominatim(fake, clock).candidates("Atlantis Under The Sea") == []
    assert nominatim(fake, clock).candidates("   ") == []


@pytest.mark.network_local
def test_limit_is_sent_and_applied(fake, clock):
    g = nominatim(fake, clock, limit=2)
    assert len(g.candidates("Springfield")) == 2
    assert fake.searches[-1].params["limit"] == "2"


# --------------------------------------------------------------------------------------
# faults
# --------------------------------------------------------------------------------------


@pytest.mark.network_local
def test_429_retry_after_seconds_is_honoured(fake, clock):
    fake.push_fault(Fault.too_many(retry_after="7"))
    [c] = nominatim(fake, clock).candidates("Lyon")
    assert c.name == "Lyon"
    assert 7 in clock.sleeps
    assert [r.fault for r in fake.searches] == ["status", None]


@pytest.mark.network_local
def test_429_retry_after_http_date_is_honoured(fake, clock):
    when = email.utils.formatdate(time.time() + 4, usegmt=True)
    fake.push_fault(Fault.too_many(retry_after=when))
    nominatim(fake, clock).candidates("Lyon")
    assert any(2 <= s <= 4 for s in clock.sleeps), clock.sleeps


@pytest.mark.network_local
def test_429_asking_past_the_deadline_fails_at_once(fake, clock):
    fake.push_fault(Fault.too_many(retry_after="600"))
    with pytest.raises(GeocoderRateLimited, match="deadline") as info:
        nominatim(fake, clock, deadline=30).candidates("Lyon")
    assert info.value.retry_after == 600
    assert len(fake.searches) == 1 and not any(s >= 600 for s in clock.sleeps)


@pytest.mark.network_local
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_retried_then_unavailable(fake, clock, status):
    fake.set_fault(Fault.server_error(status))
    with pytest.raises(GeocoderUnavailable):
        nominatim(fake, clock, max_retries=2).candidates("Lyon")
    assert len(fake.searches) == 3
    assert clock.sleeps == [1.0, 2.0]  # exponential backoff, injected sleep


@pytest.mark.network_local
def test_5xx_then_success(fake, clock):
    fake.push_fault(Fault.server_error(503))
    assert nominatim(fake, clock).candidates("Lyon")[0].name == "Lyon"
    assert len(fake.searches) == 2


@pytest.mark.network_local
def test_malformed_json_is_a_geocoder_error_not_retried(fake, clock):
    fake.push_fault(Fault.malformed())
    with pytest.raises(GeocoderError, match="not valid JSON") as info:
        nominatim(fake, clock).candidates("Lyon")
    assert not isinstance(info.value, GeocoderUnavailable)
    assert len(fake.searches) == 1


@pytest.mark.network_local
def test_slow_answer_times_out_once(fake, clock):
    fake.push_fault(Fault.slow(5))
    with pytest.raises(GeocoderUnavailable, match="timed out"):
        nominatim(fake, clock, timeout=0.3, max_retries=0).candidates("Lyon")
    assert len(fake.searches) == 1  # no hidden HTTP-level retries


@pytest.mark.network_local
def test_dropped_connection_is_unavailable(fake, clock):
    fake.set_fault(Fault.drop())
    with pytest.raises(GeocoderUnavailable):
        nominatim(fake, clock, max_retries=1).candidates("Lyon")
    assert len(fake.searches) == 2


@pytest.mark.network_local
def test_connection_refused_is_unavailable(fake, clock):
    g = nominatim(fake, clock, max_retries=1)
    fake.stop()
    with pytest.raises(GeocoderUnavailable, match="nominatim for 'Lyon'"):
        g.candidates("Lyon")
    assert clock.sleeps == [1.0]


@pytest.mark.network_local
def test_circuit_breaker_stops_requests(fake, clock):
    breaker = CircuitBreaker(failure_threshold=3, reset_after=60, clock=clock)
    g = nominatim(fake, clock, max_retries=0, breaker=breaker)
    fake.set_fault(Fault.server_error(503))
    for _ in range(3):
        with pytest.raises(GeocoderUnavailable, match="server error|unavailable"):
            g.candidates("Lyon")
    assert breaker.state == "open" and len(fake.searches) == 3
    for _ in range(5):
        with pytest.raises(GeocoderUnavailable, match="circuit open"):
            g.candidates("Lyon")
    assert len(fake.searches) == 3  # failing fast: nothing sent
    fake.set_fault(None)
    clock.now += 60
    assert g.candidates("Lyon")[0].name == "Lyon"
    assert breaker.state == "closed" and len(fake.searches) == 4


@pytest.mark.network_local
def test_rate_is_never_exceeded(fake):
    """Real clock: every request, retries included, is >= min_delay after the previous."""
    g = make_geocoder(
        "nominatim", user_agent=UA, domain=fake.domain, scheme="http", proxies={},
        min_delay_seconds=0.2, max_retries=2,
    )
    g.backoff = 0.0  # retries wait only for the rate limiter
    fake.push_fault(Fault.server_error(503))
    fake.push_fault(Fault.too_many(retry_after="0"))
    for q in ("Lyon", "Sicily", "Bavaria"):
        assert g.candidates(q)
    times = [r.time for r in fake.searches]
    assert len(times) == 5
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.2, gaps


# --------------------------------------------------------------------------------------
# retry logic with stubs (no server)
# --------------------------------------------------------------------------------------


def test_backoff_is_exponential_and_capped(clock):
    stub = StubGeopy(geopy.exc.GeocoderUnavailable("down"))
    g = OnlineGeocoder(stub, name="stub", min_delay_seconds=0, max_retries=4, backoff=1, max_backoff=3,
                       deadline=100, breaker=CircuitBreaker(failure_threshold=10), clock=clock, sleep=clock.sleep)
    with pytest.raises(GeocoderUnavailable):
        g.candidates("Lyon")
    assert clock.sleeps == [1, 2, 3, 3] and len(stub.calls) == 5


def test_deadline_bounds_retries(clock):
    stub = StubGeopy(geopy.exc.GeocoderTimedOut("slow"))
    g = OnlineGeocoder(stub, name="stub", min_delay_seconds=0, max_retries=10, backoff=10,
                       deadline=15, clock=clock, sleep=clock.sleep)
    with pytest.raises(GeocoderUnavailable, match="deadline"):
        g.candidates("Lyon")
    assert clock.sleeps == [10] and len(stub.calls) == 2
    assert stub.calls[1]["timeout"] == pytest.approx(3)  # the geocoder's own timeout


def test_rate_limiter_spaces_requests_on_the_injected_clock(clock):
    stub = StubGeopy(None)
    g = OnlineGeocoder(stub, name="stub", min_delay_seconds=1, clock=clock, sleep=clock.sleep)
    for q in ("a", "b", "c"):
        assert g.candidates(q) == []
    assert clock.sleeps == [1, 1]


def test_rate_limiter_also_spaces_retries(clock):
    stub = StubGeopy(geopy.exc.GeocoderRateLimited("429", retry_after=0), None)
    g = OnlineGeocoder(stub, name="stub", min_delay_seconds=1, clock=clock, sleep=clock.sleep)
    g.candidates("a")
    assert clock.sleeps == [0, 1]  # Retry-After 0, then the rate limiter's second


def test_wrong_shape_answer_is_a_geocoder_error(clock):
    stub = StubGeopy(TypeError("`address` must not be None"))
    g = OnlineGeocoder(stub, name="stub", min_delay_seconds=0, clock=clock, sleep=clock.sleep)
    with pytest.raises(GeocoderError, match="unexpected answer"):
        g.candidates("a")


def test_unusable_records_are_skipped(clock, caplog):
    from geopy.location import Location

    good = Location("Lyon, France", (45.76, 4.83), {"display_name": "Lyon, France", "lat": "45.76", "lon": "4.83"})
    bad = Location("Nowhere", (0, 0), {"display_name": "Nowhere"})
    bad._point = type(bad.point)(0, 0)
    g = OnlineGeocoder(StubGeopy([good, bad]), name="stub", min_delay_seconds=0, clock=clock, sleep=clock.sleep,
                       to_candidate=lambda loc, p: nominatim_candidate(loc, p) if loc.address != "Nowhere"
                       else Candidate("x", 95.0, 0.0))
    assert [c.name for c in g.candidates("Lyon")] == ["Lyon"]
    assert "skipping" in caplog.text


def test_country_is_filtered_when_the_provider_cannot(clock):
    from geopy.location import Location

    locs = [Location("Paris, France", (48.85, 2.35), {}), Location("Paris, Texas", (33.66, -95.55), {})]

    def mapper(loc, provider):
        cc = "FR" if "France" in loc.address else "US"
        return Candidate("Paris", loc.latitude, loc.longitude, country_code=cc, provider=provider)

    g = OnlineGeocoder(StubGeopy(locs), name="stub", min_delay_seconds=0, to_candidate=mapper,
                       clock=clock, sleep=clock.sleep)
    assert [c.country_code for c in g.candidates("Paris", country="us")] == ["US"]


@pytest.mark.parametrize(
    "exc, kind, retry",
    [
        (geopy.exc.GeocoderRateLimited("x", retry_after=5), GeocoderRateLimited, True),
        (geopy.exc.GeocoderQuotaExceeded("x"), GeocoderRateLimited, False),
        (geopy.exc.GeocoderTimedOut("x"), GeocoderUnavailable, True),
        (geopy.exc.GeocoderUnavailable("x"), GeocoderUnavailable, True),
        (geopy.exc.GeocoderParseError("x"), GeocoderError, False),
        (geopy.exc.GeocoderAuthenticationFailure("x"), GeocoderError, False),
        (geopy.exc.GeocoderQueryError("x"), GeocoderError, False),
    ],
)
def test_map_geopy_error(exc, kind, retry):
    err, retryable = map_geopy_error(exc, provider="p", query="q")
    assert type(err) is kind and retryable is retry


def test_map_geopy_error_reads_the_http_status_and_network_causes():
    from geopy.adapters import AdapterHTTPError

    try:
        try:
            raise AdapterHTTPError("boom", status_code=500, headers={}, text="")
        except AdapterHTTPError as cause:
            raise geopy.exc.GeocoderServiceError("boom") from cause
    except geopy.exc.GeocoderServiceError as exc:
        assert isinstance(map_geopy_error(exc, provider="p", query="q")[0], GeocoderUnavailable)
    try:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except OSError:
            raise geopy.exc.GeocoderServiceError("Connection refused")  # urllib adapter style
    except geopy.exc.GeocoderServiceError as exc:
        assert isinstance(map_geopy_error(exc, provider="p", query="q")[0], GeocoderUnavailable)


def test_osm_feature_table():
    assert osm_feature("place", "town") == ("P", "PPL")
    assert osm_feature("place", "country") == ("A", "PCLI")
    assert osm_feature("boundary", "administrative", addresstype="county") == ("A", "ADM2")
    assert osm_feature("boundary", "administrative", place_rank=4) == ("A", "PCLI")
    assert osm_feature("natural", "peak") == ("T", "PK")
    assert osm_feature("waterway", "river") == ("H", "STM")
    assert osm_feature("place", "city", capital="4") == ("P", "PPLA")
    assert osm_feature("unknownclass", "x") == (None, None)


def test_jsonv2_category_is_read():
    from geopy.location import Location

    raw = {"lat": "37.6", "lon": "14.0", "display_name": "Sicily, Italy", "category": "place", "type": "island"}
    assert nominatim_candidate(Location(raw["display_name"], (37.6, 14.0), raw)).feature == "T.ISL"


# --------------------------------------------------------------------------------------
# make_geocoder
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("ua", ["", "geopy/2.5.0", "my-application"])
def test_default_or_sample_user_agent_is_refused(ua):
    with pytest.raises(InputError, match="user agent"):
        make_geocoder("nominatim", user_agent=ua)


@pytest.mark.parametrize("provider, option", [("geonames", "username"), ("opencage", "api_key"), ("mapbox", "api_key")])
def test_missing_credentials_are_named(provider, option):
    with pytest.raises(InputError, match=f"{option}="):
        make_geocoder(provider, user_agent=UA)


def test_unknown_provider_and_options():
    with pytest.raises(InputError, match="unknown geocoding provider"):
        make_geocoder("nominatimm", user_agent=UA)
    with pytest.raises(InputError, match="does not take a domain"):
        make_geocoder("baidu", user_agent=UA, domain="x.example", api_key="k")
    with pytest.raises(InputError, match="does not take option"):
        make_geocoder("nominatim", user_agent=UA, colour="blue")


def test_make_geocoder_defaults():
    g = make_geocoder("nominatim", user_agent=UA)
    assert g.min_delay_seconds == 1.0 and g.timeout == 5
    assert g.cache_options["domain"] == "nominatim.openstreetmap.org"
    assert make_geocoder("geonames", user_agent=UA, username="demo").name == "geonames"
    assert make_geocoder("opencage", user_agent=UA, api_key="k").name == "opencage"
    assert make_geocoder("photon", user_agent=UA, language="en").geocode_options == {"language": "en"}


# --------------------------------------------------------------------------------------
# the breaker on its own
# --------------------------------------------------------------------------------------


def test_breaker_half_open_failure_reopens(clock):
    b = CircuitBreaker(failure_threshold=2, reset_after=10, clock=clock)
    b.record_failure()
    b.before_call()  # one failure: still closed
    b.record_failure()
    with pytest.raises(GeocoderUnavailable, match="circuit open"):
        b.before_call()
    clock.now += 10
    b.before_call()  # trial
    with pytest.raises(GeocoderUnavailable):
        b.before_call()  # only one trial at a time
    b.record_failure()
    assert b.state == "open"
    clock.now += 10
    b.before_call()
    b.record_success()
    assert b.state == "closed" and b.failures == 0


# --------------------------------------------------------------------------------------
# falling back to the offline geocoder
# --------------------------------------------------------------------------------------


@pytest.mark.network_local
def test_fallback_continues_offline_with_one_warning(fake, clock):
    online = nominatim(fake, clock, max_retries=0)
    fake.stop()
    offline = StubOffline()
    chain = FallbackGeocoder(online, offline)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [chain.candidates(q) for q in ("Lyon", "Sicily", "Bavaria", "Lyon")]
    assert [r[0].provider for r in results] == ["gazetteer"] * 4
    assert len(caught) == 1 and caught[0].category is GeocoderFallbackWarning
    msg = str(caught[0].message)
    assert msg.startswith("online geocoder nominatim unavailable (") and "continuing offline" in msg
    assert chain.failures == 4 and online.breaker.state == "open"


@pytest.mark.network_local
def test_fallback_prefers_the_primary_and_uses_fallback_when_empty(fake, clock):
    offline = StubOffline()
    chain = FallbackGeocoder(nominatim(fake, clock), offline)
    assert chain.candidates("Lyon")[0].provider == "nominatim"
    assert chain.candidates("Atlantis")[0].provider == "gazetteer"
    assert offline.queries == ["Atlantis"]
    keep = FallbackGeocoder(nominatim(fake, clock), offline, when_empty="keep")
    assert keep.candidates("Atlantis") == []


def test_fallback_can_raise(clock):
    down = OnlineGeocoder(StubGeopy(geopy.exc.GeocoderUnavailable("down")), name="nominatim",
                          min_delay_seconds=0, max_retries=0, clock=clock, sleep=clock.sleep)
    with pytest.raises(GeocoderUnavailable):
        FallbackGeocoder(down, StubOffline(), on_error="raise").candidates("Lyon")
    with pytest.raises(InputError):
        FallbackGeocoder(down, StubOffline(), on_error="sometimes")


# --------------------------------------------------------------------------------------
# the fake server itself
# --------------------------------------------------------------------------------------


@pytest.mark.network_local
def test_fake_server_speaks_jsonv2_and_filters(fake):
    import json
    import urllib.request

    fake.add("Twin Town", place("Twin Town", 1.0, 2.0, country_code="aa"), place("Twin Town", 3.0, 4.0, country_code="bb"))
    url = f"http://{fake.domain}/search?q=twin+town&format=jsonv2&countrycodes=bb&addressdetails=1"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as resp:
        body = json.load(resp)
    assert len(body) == 1 and body[0]["category"] == "place" and "class" not in body[0]
    assert body[0]["address"]["country_code"] == "bb" and "extratags" not in body[0]
