"""Online geocoding through any geopy geocoder, politely.

:class:`OnlineGeocoder` adapts a geopy geocoder (Nominatim, Photon, GeoNames,
OpenCage...) to :class:`geomap.protocols.Geocoder`:

- every request, retries included, goes through geopy's
  :class:`~geopy.extra.rate_limiter.RateLimiter`, and the delay is counted from
  the *end* of the previous request, so the provider never sees two requests
  closer than ``min_delay_seconds`` (Nominatim asks for at most one per second);
- failures are retried a bounded number of times with capped exponential
  backoff; a 429 answer's ``Retry-After`` is honoured; every request has a
  timeout and every query an overall deadline, so nothing hangs;
- a :class:`~geomap.geocode.breaker.CircuitBreaker` stops sending requests to a
  provider that keeps failing;
- geopy's exceptions become :class:`~geomap.errors.GeocoderUnavailable`,
  :class:`~geomap.errors.GeocoderRateLimited` or
  :class:`~geomap.errors.GeocoderError`;
- answers become :class:`~geomap.models.Candidate` objects that keep the
  provider's record in ``raw``.

:func:`make_geocoder` builds one by provider name::

    geocoder = make_geocoder("nominatim", user_agent="my-newsroom-map/1.0 (me@example.org)")
    geocoder.candidates("Lyon", country="fr")

Sleeping and the clock are injected (``sleep=``, ``clock=``) so tests never wait.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import math
import os
import socket
import time
import urllib.error
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from ..errors import GeocoderError, GeocoderRateLimited, GeocoderUnavailable, InputError
from ..models import Candidate
from .breaker import CircuitBreaker
from .throttle import SharedThrottle

__all__ = [
    "OnlineGeocoder",
    "make_geocoder",
    "map_geopy_error",
    "osm_feature",
    "nominatim_candidate",
    "photon_candidate",
    "geonames_candidate",
    "opencage_candidate",
    "generic_candidate",
]

log = logging.getLogger(__name__)

#: Seconds between requests when ``min_delay_seconds`` is not given.
DEFAULT_MIN_DELAY = 1.0
#: Shortest timeout given to a request, even near the deadline.
_MIN_TIMEOUT = 0.1

ToCandidate = Callable[[Any, str], Candidate]


# --------------------------------------------------------------------------------------
# OSM class/type -> GeoNames feature class/code
# --------------------------------------------------------------------------------------

_PLACE = {
    "continent": ("L", "CONT"),
    "country": ("A", "PCLI"),
    "state": ("A", "ADM1"),
    "province": ("A", "ADM1"),
    "region": ("L", "RGN"),
    "county": ("A", "ADM2"),
    "district": ("A", "ADM2"),
    "municipality": ("A", "ADM3"),
    "city": ("P", "PPL"),
    "town": ("P", "PPL"),
    "village": ("P", "PPL"),
    "hamlet": ("P", "PPLL"),
    "isolated_dwelling": ("P", "PPLL"),
    "suburb": ("P", "PPLX"),
    "borough": ("P", "PPLX"),
    "quarter": ("P", "PPLX"),
    "neighbourhood": ("P", "PPLX"),
    "city_block": ("P", "PPLX"),
    "locality": ("L", "LCTY"),
    "island": ("T", "ISL"),
    "islet": ("T", "ISL"),
    "archipelago": ("T", "ISLS"),
    "ocean": ("H", "OCN"),
    "sea": ("H", "SEA"),
    "square": ("S", "SQR"),
    "farm": ("S", "FRM"),
}
_NATURAL = {
    "island": ("T", "ISL"),
    "islet": ("T", "ISL"),
    "archipelago": ("T", "ISLS"),
    "peak": ("T", "PK"),
    "volcano": ("T", "VLC"),
    "mountain_range": ("T", "MTS"),
    "ridge": ("T", "RDGE"),
    "valley": ("T", "VAL"),
    "cape": ("T", "CAPE"),
    "peninsula": ("T", "PEN"),
    "beach": ("T", "BCH"),
    "desert": ("T", "DSRT"),
    "glacier": ("H", "GLCR"),
    "water": ("H", "LK"),
    "bay": ("H", "BAY"),
    "strait": ("H", "STRT"),
    "spring": ("H", "SPNG"),
    "wood": ("V", "FRST"),
}
_PAIRS = {
    ("waterway", "river"): ("H", "STM"),
    ("waterway", "stream"): ("H", "STM"),
    ("waterway", "canal"): ("H", "CNL"),
    ("aeroway", "aerodrome"): ("S", "AIRP"),
    ("railway", "station"): ("S", "RSTN"),
    ("amenity", "hospital"): ("S", "HSP"),
    ("amenity", "university"): ("S", "UNIV"),
    ("amenity", "school"): ("S", "SCH"),
    ("tourism", "museum"): ("S", "MUS"),
    ("historic", "castle"): ("S", "CSTL"),
    ("leisure", "park"): ("L", "PRK"),
    ("boundary", "national_park"): ("L", "PRK"),
    ("boundary", "protected_area"): ("L", "RESV"),
}
_CLASS_ONLY = {
    "place": "P",
    "boundary": "A",
    "natural": "T",
    "waterway": "H",
    "water": "H",
    "highway": "R",
    "landuse": "L",
    "leisure": "L",
    "amenity": "S",
    "building": "S",
    "tourism": "S",
    "historic": "S",
    "aeroway": "S",
    "railway": "S",
    "man_made": "S",
    "shop": "S",
    "office": "S",
}
_ADDRESSTYPE = {
    "country": ("A", "PCLI"),
    "state": ("A", "ADM1"),
    "province": ("A", "ADM1"),
    "region": ("A", "ADM1"),
    "state_district": ("A", "ADM2"),
    "county": ("A", "ADM2"),
    "municipality": ("A", "ADM3"),
    "city": ("P", "PPL"),
    "town": ("P", "PPL"),
    "village": ("P", "PPL"),
    "hamlet": ("P", "PPLL"),
    "suburb": ("P", "PPLX"),
}


def _admin_from_rank(place_rank: Any) -> tuple[str, str]:
    try:
        rank = int(place_rank)
    except (TypeError, ValueError):
        return ("A", "ADMD")
    if rank <= 4:
        return ("A", "PCLI")
    if rank <= 9:
        return ("A", "ADM1")
    if rank <= 12:
        return ("A", "ADM2")
    if rank <= 16:
        return ("A", "ADM3")
    return ("A", "ADMD")


def osm_feature(
    osm_class: str | None,
    osm_type: str | None,
    *,
    place_rank: Any = None,
    addresstype: str | None = None,
    capital: Any = None,
) -> tuple[str | None, str | None]:
    """Approximate GeoNames feature class and code of an OSM ``class``/``type``.

    Administrative boundaries use Nominatim's ``addresstype`` (or, failing that,
    ``place_rank``) to tell a country from a province or a city; a populated
    place tagged ``capital`` becomes ``PPLC`` (national) or ``PPLA``.

    >>> osm_feature("place", "city")
    ('P', 'PPL')
    >>> osm_feature("place", "city", capital="yes")
    ('P', 'PPLC')
    >>> osm_feature("boundary", "administrative", addresstype="country")
    ('A', 'PCLI')
    >>> osm_feature("boundary", "administrative", place_rank=8)
    ('A', 'ADM1')
    >>> osm_feature("natural", "island")
    ('T', 'ISL')
    >>> osm_feature("amenity", "cafe")
    ('S', None)
    >>> osm_feature(None, None)
    (None, None)
    """
    c, t = (osm_class or "").lower(), (osm_type or "").lower()
    feature: tuple[str | None, str | None]
    if c == "boundary" and t == "administrative":
        feature = _ADDRESSTYPE.get((addresstype or "").lower()) or _admin_from_rank(place_rank)
    elif c == "place" and t in _PLACE:
        feature = _PLACE[t]
    elif c == "natural" and t in _NATURAL:
        feature = _NATURAL[t]
    elif (c, t) in _PAIRS:
        feature = _PAIRS[(c, t)]
    elif c in _CLASS_ONLY:
        feature = (_CLASS_ONLY[c], None)
    else:
        feature = (None, None)
    if feature == ("P", "PPL") and capital not in (None, "", "no"):
        feature = ("P", "PPLC") if str(capital).lower() in ("yes", "2") else ("P", "PPLA")
    return feature


def _population(value: Any) -> int:
    """An integer population from an OSM tag (``"2,148,271"``, ``"15 000"``), else 0.

    >>> _population("2,148,271"), _population(" 15 000 "), _population("about 300"), _population(None)
    (2148271, 15000, 0, 0)
    """
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value) if math.isfinite(value) and value > 0 else 0
    digits = str(value).strip().replace(",", "").replace(" ", "").replace("\u202f", "")
    return int(digits) if digits.isdigit() else 0


def _first_part(text: Any) -> str:
    return str(text or "").split(",")[0].strip()


def _cc(value: Any) -> str | None:
    return str(value).upper() if value else None


# --------------------------------------------------------------------------------------
# provider records -> Candidate
# --------------------------------------------------------------------------------------


def nominatim_candidate(location: Any, provider: str = "nominatim") -> Candidate:
    """A :class:`Candidate` from a Nominatim answer (``format=json`` or ``jsonv2``).

    >>> from geopy.location import Location
    >>> raw = {"lat": "45.76", "lon": "4.83", "display_name": "Lyon, Rhône, France",
    ...        "class": "place", "type": "city", "address": {"country_code": "fr"},
    ...        "extratags": {"population": "522250"}}
    >>> c = nominatim_candidate(Location(raw["display_name"], (45.76, 4.83), raw))
    >>> c.name, c.country_code, c.feature, c.population, c.match
    ('Lyon', 'FR', 'P.PPL', 522250, 'provider')
    """
    raw = dict(location.raw)
    address = raw.get("address") or {}
    extratags = raw.get("extratags") or {}
    fclass, fcode = osm_feature(
        raw.get("class") or raw.get("category"),
        raw.get("type"),
        place_rank=raw.get("place_rank"),
        addresstype=raw.get("addresstype"),
        capital=extratags.get("capital"),
    )
    return Candidate(
        name=_first_part(raw.get("display_name") or location.address) or str(raw.get("name") or ""),
        lat=float(location.latitude),
        lon=float(location.longitude),
        country_code=_cc(address.get("country_code")),
        feature_class=fclass,
        feature_code=fcode,
        population=_population(extratags.get("population")),
        provider=provider,
        match="provider",
        raw=raw,
    )


def photon_candidate(location: Any, provider: str = "photon") -> Candidate:
    """A :class:`Candidate` from a Photon GeoJSON feature."""
    raw = dict(location.raw)
    props = raw.get("properties") or {}
    fclass, fcode = osm_feature(props.get("osm_key"), props.get("osm_value"))
    return Candidate(
        name=str(props.get("name") or _first_part(location.address)),
        lat=float(location.latitude),
        lon=float(location.longitude),
        country_code=_cc(props.get("countrycode")),
        feature_class=fclass,
        feature_code=fcode,
        provider=provider,
        match="provider",
        raw=raw,
    )


def geonames_candidate(location: Any, provider: str = "geonames") -> Candidate:
    """A :class:`Candidate` from a GeoNames web service record (ids and codes kept)."""
    raw = dict(location.raw)
    gid = raw.get("geonameId")
    return Candidate(
        name=str(raw.get("name") or raw.get("toponymName") or _first_part(location.address)),
        lat=float(location.latitude),
        lon=float(location.longitude),
        geonameid=int(gid) if gid not in (None, "") else None,
        country_code=_cc(raw.get("countryCode")),
        feature_class=raw.get("fcl") or None,
        feature_code=raw.get("fcode") or None,
        population=_population(raw.get("population")),
        admin1=str(raw["adminCode1"]) if raw.get("adminCode1") else None,
        provider=provider,
        match="provider",
        raw=raw,
    )


def opencage_candidate(location: Any, provider: str = "opencage") -> Candidate:
    """A :class:`Candidate` from an OpenCage result (``components._type`` gives the feature)."""
    raw = dict(location.raw)
    comp = raw.get("components") or {}
    fclass, fcode = osm_feature("place", comp.get("_type"))
    return Candidate(
        name=_first_part(raw.get("formatted") or location.address),
        lat=float(location.latitude),
        lon=float(location.longitude),
        country_code=_cc(comp.get("country_code") or comp.get("ISO_3166-1_alpha-2")),
        feature_class=fclass,
        feature_code=fcode,
        provider=provider,
        match="provider",
        raw=raw,
    )


def generic_candidate(location: Any, provider: str) -> Candidate:
    """A :class:`Candidate` from any geopy ``Location`` (name and point only)."""
    raw = location.raw if isinstance(location.raw, Mapping) else {"value": location.raw}
    return Candidate(
        name=_first_part(location.address),
        lat=float(location.latitude),
        lon=float(location.longitude),
        provider=provider,
        match="provider",
        raw=dict(raw),
    )


# --------------------------------------------------------------------------------------
# providers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """How to call one geopy geocoder class and read its answers."""

    name: str
    mapper: ToCandidate = generic_candidate
    country_param: str | None = None  # geocode() keyword restricting the country
    lower_country: bool = False
    limit_param: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


_NOMINATIM = _Spec(
    "nominatim",
    nominatim_candidate,
    country_param="country_codes",
    lower_country=True,
    limit_param="limit",
    options={"addressdetails": True, "extratags": True},
)
_SPECS: dict[str, _Spec] = {
    "Nominatim": _NOMINATIM,
    "Photon": _Spec("photon", photon_candidate, limit_param="limit"),
    "GeoNames": _Spec("geonames", geonames_candidate, country_param="country"),
    "OpenCage": _Spec("opencage", opencage_candidate, country_param="country", lower_country=True),
    "MapBox": _Spec("mapbox", country_param="country", lower_country=True),
    "ArcGIS": _Spec("arcgis"),
}


def _spec_for(geocoder: Any) -> _Spec:
    for cls in type(geocoder).__mro__:
        if cls.__name__ in _SPECS:
            spec = _SPECS[cls.__name__]
            if cls is type(geocoder):
                return spec
            # A subclass (PickPoint is a Nominatim): same protocol, its own name.
            return _Spec(type(geocoder).__name__.lower(), spec.mapper, spec.country_param,
                         spec.lower_country, spec.limit_param, spec.options)
    return _Spec(type(geocoder).__name__.lower())


# --------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------


def _chain(exc: BaseException | None) -> Iterable[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _http_status(exc: BaseException) -> int | None:
    for e in _chain(exc):
        status = getattr(e, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def _network_failure(exc: BaseException) -> bool:
    return any(
        isinstance(e, (ConnectionError, socket.timeout, TimeoutError, urllib.error.URLError))
        for e in _chain(exc)
    )


def map_geopy_error(exc: BaseException, *, provider: str, query: str) -> tuple[GeocoderError, bool]:
    """Translate a geopy exception into a geomap error and whether to retry it.

    Unreachable hosts, timeouts and 5xx answers become
    :class:`GeocoderUnavailable` (retried); 429 becomes
    :class:`GeocoderRateLimited` with ``retry_after`` (retried); an exhausted
    quota is rate-limited but not retried; anything else (bad credentials,
    a rejected query, an answer that is not JSON) is a plain
    :class:`GeocoderError`, not retried.

    >>> import geopy.exc
    >>> err, retry = map_geopy_error(geopy.exc.GeocoderRateLimited("slow down", retry_after=3),
    ...                              provider="nominatim", query="Lyon")
    >>> type(err).__name__, err.retry_after, retry
    ('GeocoderRateLimited', 3, True)
    """
    import geopy.exc as gx

    where = f"{provider} for {query!r}"
    status = _http_status(exc)
    if isinstance(exc, gx.GeocoderRateLimited):
        return GeocoderRateLimited(f"{where}: rate limited (HTTP 429): {exc}", exc.retry_after), True
    if isinstance(exc, gx.GeocoderQuotaExceeded):
        return GeocoderRateLimited(f"{where}: quota exceeded: {exc}"), False
    if isinstance(exc, (gx.GeocoderTimedOut, gx.GeocoderUnavailable)):
        return GeocoderUnavailable(f"{where}: service unavailable: {exc}"), True
    if isinstance(exc, gx.GeocoderParseError):
        return GeocoderError(f"{where}: the answer is not valid JSON: {_short(exc)}"), False
    if isinstance(exc, (gx.GeocoderAuthenticationFailure, gx.GeocoderInsufficientPrivileges)):
        return GeocoderError(f"{where}: access refused (check the API key or user agent): {exc}"), False
    if isinstance(exc, gx.GeocoderQueryError):
        return GeocoderError(f"{where}: query rejected: {exc}"), False
    if status is not None and status >= 500:
        return GeocoderUnavailable(f"{where}: server error (HTTP {status}): {exc}"), True
    if status is None and _network_failure(exc):
        return GeocoderUnavailable(f"{where}: cannot connect: {exc}"), True
    return GeocoderError(f"{where}: {type(exc).__name__}: {exc}"), False


def _short(exc: BaseException, n: int = 120) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------------------
# rate limiting
# --------------------------------------------------------------------------------------


def _rate_limiter(func: Callable[..., Any], min_delay: float, clock: Callable[[], float],
                  sleep: Callable[[float], None]):
    """geopy's RateLimiter with an injected clock and sleep and no retries of its own."""
    from geopy.extra.rate_limiter import RateLimiter

    class _Limiter(RateLimiter):
        def _clock(self) -> float:
            return clock()

        def _sleep(self, seconds: float) -> None:
            sleep(seconds)

        def restart_interval(self) -> None:
            """Count the next delay from now (the end of a request), not its start."""
            with self._lock:
                self._last_call = clock()

    return _Limiter(
        func,
        min_delay_seconds=min_delay,
        max_retries=0,
        error_wait_seconds=min_delay,
        swallow_exceptions=False,
    )


# --------------------------------------------------------------------------------------
# the geocoder
# --------------------------------------------------------------------------------------


class OnlineGeocoder:
    """A geopy geocoder as a :class:`geomap.protocols.Geocoder`.

    Parameters
    ----------
    geocoder
        Any geopy geocoder instance (synchronous adapter). Its own timeout is
        used unless ``timeout`` is given.
    name
        Provider name, part of cache keys; defaults to the geopy class name in
        lower case (``"nominatim"``).
    min_delay_seconds
        Least time between the end of one request and the start of the next.
    max_retries
        Retries after a retryable failure (unavailable, 5xx, timeout, 429);
        ``max_retries + 1`` requests at most per query.
    backoff, max_backoff
        Wait ``backoff * 2**n`` seconds (capped at ``max_backoff``) before retry
        ``n + 1``; a 429's ``Retry-After`` replaces it.
    timeout
        Seconds per request (never unlimited).
    deadline
        Seconds per query, retries and waits included; a wait that would pass it
        is not started and the last error is raised.
    limit
        Most candidates to ask for and return.
    breaker
        A :class:`CircuitBreaker` (may be shared); a new one by default.
    geocode_options
        Extra keyword arguments for ``geocoder.geocode`` (``language="en"``...).
    to_candidate
        ``(location, provider_name) -> Candidate``; chosen by provider by default.
    clock, sleep
        Monotonic clock and sleep function (tests inject fakes).
    throttle
        A :class:`~geomap.geocode.throttle.SharedThrottle` that also spaces
        requests across processes (each request is made holding it).
    """

    def __init__(
        self,
        geocoder: Any,
        *,
        name: str | None = None,
        min_delay_seconds: float = DEFAULT_MIN_DELAY,
        max_retries: int = 2,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        timeout: float | None = None,
        deadline: float = 30.0,
        limit: int = 10,
        breaker: CircuitBreaker | None = None,
        geocode_options: Mapping[str, Any] | None = None,
        to_candidate: ToCandidate | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        throttle: SharedThrottle | None = None,
    ) -> None:
        if not callable(getattr(geocoder, "geocode", None)):
            raise InputError(f"expected a geopy geocoder with a geocode() method, got {type(geocoder).__name__}")
        if max_retries < 0 or min_delay_seconds < 0 or backoff < 0 or deadline <= 0 or limit < 1:
            raise InputError(
                "need max_retries >= 0, min_delay_seconds >= 0, backoff >= 0, deadline > 0 and limit >= 1"
            )
        self._spec = _spec_for(geocoder)
        self.geocoder = geocoder
        self.name = name or self._spec.name
        self.min_delay_seconds = float(min_delay_seconds)
        self.max_retries = int(max_retries)
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.timeout = float(timeout or getattr(geocoder, "timeout", None) or 10.0)
        self.deadline = float(deadline)
        self.limit = int(limit)
        self.breaker = breaker if breaker is not None else CircuitBreaker(clock=clock, name=self.name)
        self.geocode_options = dict(geocode_options or {})
        self.to_candidate = to_candidate or self._spec.mapper
        self.clock = clock
        self.sleep = sleep
        self.throttle = throttle
        self._limiter = _rate_limiter(self._request, self.min_delay_seconds, clock, sleep)

    def __repr__(self) -> str:
        return f"OnlineGeocoder({self.name!r}, min_delay_seconds={self.min_delay_seconds}, breaker={self.breaker.state!r})"

    @property
    def cache_options(self) -> dict[str, Any]:
        """What, besides the query, changes the answer (cache keys include it)."""
        opts: dict[str, Any] = {"limit": self.limit, **self.geocode_options}
        domain = getattr(self.geocoder, "domain", None)
        if isinstance(domain, str):
            opts["domain"] = domain
        return opts

    # -- one query ---------------------------------------------------------------------
    def candidates(self, query: str, *, country: str | None = None) -> list[Candidate]:
        """Candidate places for ``query`` (best first), at most ``limit``.

        Raises :class:`GeocoderUnavailable` (unreachable, timed out, 5xx, circuit
        open), :class:`GeocoderRateLimited` or :class:`GeocoderError`; an empty
        list means the provider knows no such place.
        """
        import geopy.exc

        q = " ".join(str(query).split())
        if not q:
            return []
        kwargs = self._geocode_kwargs(country)
        start = self.clock()
        attempt = 0
        last: GeocoderError | None = None
        while True:
            try:
                self.breaker.before_call()
            except GeocoderUnavailable as open_exc:
                if last is None:
                    raise
                raise GeocoderUnavailable(f"{last}; {open_exc}") from open_exc
            remaining = self.deadline - (self.clock() - start)
            timeout = max(_MIN_TIMEOUT, min(self.timeout, remaining))
            try:
                answer = self._limiter(q, timeout=timeout, **kwargs)
            except geopy.exc.GeopyError as exc:
                err, retryable = map_geopy_error(exc, provider=self.name, query=q)
                if isinstance(err, GeocoderUnavailable):
                    self.breaker.record_failure()
                else:
                    self.breaker.record_success()  # it answered, if unhelpfully
                if not retryable or attempt >= self.max_retries:
                    raise err from exc
                wait = self._retry_wait(err, attempt)
                last = err
                remaining = self.deadline - (self.clock() - start)
                if wait > remaining:
                    raise _with_message(
                        err, f"{err}; giving up: waiting {wait:.1f} s would pass the {self.deadline:g} s deadline"
                    ) from exc
                log.info("%s; retry %d/%d in %.2f s", err, attempt + 1, self.max_retries, wait)
                self.sleep(wait)
                attempt += 1
                continue
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                # geopy could not read a well-formed JSON answer of the wrong shape.
                self.breaker.record_success()
                raise GeocoderError(
                    f"{self.name} for {q!r}: unexpected answer ({type(exc).__name__}: {_short(exc)})"
                ) from exc
            self.breaker.record_success()
            return self._to_candidates(answer, country)

    # -- helpers -----------------------------------------------------------------------
    def _request(self, query: str, **kwargs: Any) -> Any:
        shared = self.throttle.hold() if self.throttle is not None else contextlib.nullcontext()
        try:
            with shared:
                return self.geocoder.geocode(query, **kwargs)
        finally:
            self._limiter.restart_interval()

    def _geocode_kwargs(self, country: str | None) -> dict[str, Any]:
        spec = self._spec
        kwargs: dict[str, Any] = {"exactly_one": False, **spec.options, **self.geocode_options}
        if spec.limit_param:
            kwargs.setdefault(spec.limit_param, self.limit)
        if country and spec.country_param:
            kwargs[spec.country_param] = country.lower() if spec.lower_country else country.upper()
        return kwargs

    def _retry_wait(self, err: GeocoderError, attempt: int) -> float:
        """Seconds to wait before retry ``attempt + 1``: the server's ``Retry-After``
        when it gave one, else capped exponential backoff."""
        if isinstance(err, GeocoderRateLimited) and err.retry_after is not None:
            return max(0.0, float(err.retry_after))
        return min(self.max_backoff, self.backoff * (2.0**attempt))

    def _to_candidates(self, answer: Any, country: str | None) -> list[Candidate]:
        if answer is None:
            return []
        locations = answer if isinstance(answer, list) else [answer]
        out: list[Candidate] = []
        for loc in locations:
            try:
                out.append(self.to_candidate(loc, self.name))
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                log.warning("%s: skipping an unusable record %r: %s", self.name, getattr(loc, "raw", loc), exc)
        if country and not self._spec.country_param:
            cc = country.upper()
            out = [c for c in out if c.country_code in (None, cc)]
        return out[: self.limit]


def _with_message(err: GeocoderError, message: str) -> GeocoderError:
    if isinstance(err, GeocoderRateLimited):
        return GeocoderRateLimited(message, err.retry_after)
    return type(err)(message)


# --------------------------------------------------------------------------------------
# by name
# --------------------------------------------------------------------------------------

_BAD_AGENTS = ("my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here")


def _check_user_agent(user_agent: Any) -> str:
    ua = str(user_agent or "").strip()
    if not ua:
        raise InputError("a user agent is required for online geocoding (say who you are, e.g. 'my-app/1.0 (me@example.org)')")
    if ua.lower().startswith("geopy/") or ua in _BAD_AGENTS:
        raise InputError(
            f"user agent {ua!r} is geopy's default or a documentation sample; providers such as Nominatim "
            "refuse it: set your own (e.g. 'my-app/1.0 (me@example.org)')"
        )
    return ua


def _default_adapter_factory() -> Callable[..., Any]:
    """geopy's adapter without hidden HTTP-level retries (they would bypass the rate limit)."""
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if RequestsAdapter.is_available:
        return functools.partial(RequestsAdapter, max_retries=0)
    return URLLibAdapter


def make_geocoder(
    provider: str,
    *,
    user_agent: str,
    domain: str | None = None,
    scheme: str | None = None,
    timeout: float = 5,
    min_delay_seconds: float | None = None,
    language: str | None = None,
    limit: int = 10,
    max_retries: int = 2,
    deadline: float = 30.0,
    breaker: CircuitBreaker | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    rate_file: "str | os.PathLike[str] | None" = None,
    **kwargs: Any,
) -> OnlineGeocoder:
    """An :class:`OnlineGeocoder` for a geopy provider named ``provider``.

    Parameters
    ----------
    provider
        A geopy service name: ``"nominatim"`` (default domain
        nominatim.openstreetmap.org), ``"photon"``, ``"arcgis"``,
        ``"geonames"`` (needs ``username=``), ``"opencage"``, ``"mapbox"``
        (need ``api_key=``) or any other name geopy knows.
    user_agent
        Who is asking; geopy's default and documentation samples are refused.
    domain, scheme
        Another server (a self-hosted Nominatim, ``scheme="http"`` for a local one).
    timeout
        Seconds per request.
    min_delay_seconds
        Seconds between requests (1 by default: Nominatim's usage policy).
    language
        Preferred language of the names, for providers that take one.
    limit, max_retries, deadline, breaker, clock, sleep
        See :class:`OnlineGeocoder`.
    rate_file
        A lock file shared by every process that should count as one client:
        requests are then spaced by ``min_delay_seconds`` across processes too
        (see :class:`~geomap.geocode.throttle.SharedThrottle`).
    **kwargs
        Passed to the geopy class (``api_key=``, ``username=``, ``proxies=``...).

    Raises
    ------
    InputError
        Unknown provider, missing credentials, a refused user agent, an option
        the provider does not take.

    >>> make_geocoder("nominatim", user_agent="geopy/2.5.0")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: user agent 'geopy/2.5.0' is geopy's default or a documentation sample; providers such as Nominatim refuse it: set your own (e.g. 'my-app/1.0 (me@example.org)')
    >>> make_geocoder("geonames", user_agent="geomap-doctest/1")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: provider 'geonames' needs username=... (missing: username)
    >>> make_geocoder("nominatim", user_agent="geomap-doctest/1").name
    'nominatim'
    """
    import geopy.exc
    import geopy.geocoders

    key = str(provider).strip().lower()
    try:
        cls = geopy.geocoders.get_geocoder_for_service(key)
    except geopy.exc.GeocoderNotFound:
        known = ", ".join(sorted(geopy.geocoders.SERVICE_TO_GEOCODER))
        raise InputError(f"unknown geocoding provider {provider!r}; geopy knows: {known}") from None
    ua = _check_user_agent(user_agent)

    params = inspect.signature(cls.__init__).parameters
    ctor: dict[str, Any] = dict(kwargs)
    for opt, value in (("domain", domain), ("scheme", scheme)):
        if value is None:
            continue
        if opt not in params:
            raise InputError(f"provider {key!r} does not take a {opt} option")
        ctor[opt] = value
    missing = [
        p.name
        for p in params.values()
        if p.name != "self"
        and p.default is inspect.Parameter.empty
        and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        and p.name not in ctor
    ]
    if missing:
        raise InputError(f"provider {key!r} needs {missing[0]}=... (missing: {', '.join(missing)})")
    unknown = [k for k in ctor if k not in params]
    if unknown and not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        raise InputError(f"provider {key!r} does not take option(s) {', '.join(unknown)}")
    ctor.update(user_agent=ua, timeout=timeout)
    ctor.setdefault("adapter_factory", _default_adapter_factory())
    try:
        geocoder = cls(**ctor)
    except geopy.exc.ConfigurationError as exc:
        raise InputError(f"cannot configure provider {key!r}: {exc}") from exc

    options: dict[str, Any] = {}
    if language and "language" in inspect.signature(cls.geocode).parameters:
        options["language"] = language
    delay = DEFAULT_MIN_DELAY if min_delay_seconds is None else min_delay_seconds
    throttle = None
    if rate_file is not None:
        throttle = SharedThrottle(rate_file, delay, wait_timeout=max(60.0, 2 * deadline))
    return OnlineGeocoder(
        geocoder,
        min_delay_seconds=delay,
        timeout=timeout,
        limit=limit,
        max_retries=max_retries,
        deadline=deadline,
        breaker=breaker,
        geocode_options=options,
        clock=clock,
        sleep=sleep,
        throttle=throttle,
    )
