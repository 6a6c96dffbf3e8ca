"""A fake Nominatim server on 127.0.0.1 for tests (stdlib only).

It answers ``GET /search?q=...&format=json|jsonv2`` like Nominatim: a JSON list
of ``{place_id, osm_type, osm_id, lat, lon, name, display_name, class, type,
importance, place_rank, addresstype, address?, extratags?}`` records
(``jsonv2`` says ``category`` instead of ``class``), honouring ``limit``,
``countrycodes``, ``addressdetails`` and ``extratags``. Faults can be
queued for the next requests or set for all of them, and every request is
logged with a :func:`time.monotonic` timestamp taken when it arrives.

>>> with FakeNominatim() as fake:                      # doctest: +SKIP
...     fake.push_fault(Fault.too_many(retry_after="2"))
...     fake.domain                                     # '127.0.0.1:PORT'
"""

from __future__ import annotations

import copy
import json
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable, Mapping
from urllib.parse import parse_qsl, urlsplit

__all__ = ["FakeNominatim", "Fault", "LoggedRequest", "place", "SAMPLE_PLACES"]


def place(
    name: str,
    lat: float,
    lon: float,
    *,
    osm_class: str = "place",
    osm_type: str = "city",
    country_code: str | None = None,
    country: str | None = None,
    state: str | None = None,
    population: int | str | None = None,
    importance: float = 0.5,
    place_rank: int = 16,
    addresstype: str | None = None,
    place_id: int | None = None,
) -> dict[str, Any]:
    """A Nominatim-style record (``format=json`` keys) for the fake's gazetteer."""
    address: dict[str, str] = {}
    if osm_type in ("city", "town", "village"):
        address[osm_type] = name
    if state:
        address["state"] = state
    if country:
        address["country"] = country
    if country_code:
        address["country_code"] = country_code.lower()
    display = ", ".join([name] + [p for p in (state, country) if p])
    record: dict[str, Any] = {
        "place_id": place_id if place_id is not None else zlib.crc32(f"{name}|{lat}|{lon}".encode()),
        "licence": "Data: test fixture",
        "osm_type": "relation" if osm_class == "boundary" else "node",
        "osm_id": zlib.crc32(f"{lat}|{lon}".encode()) % 10**8,
        "lat": f"{lat:.7f}",
        "lon": f"{lon:.7f}",
        "name": name,
        "display_name": display,
        "boundingbox": [f"{lat - 0.1:.7f}", f"{lat + 0.1:.7f}", f"{lon - 0.1:.7f}", f"{lon + 0.1:.7f}"],
        "class": osm_class,
        "type": osm_type,
        "importance": importance,
        "place_rank": place_rank,
        "addresstype": addresstype or osm_type,
        "address": address,
        "extratags": {},
    }
    if population is not None:
        record["extratags"]["population"] = str(population)
    return record


#: A few records written for the tests (coordinates approximate).
SAMPLE_PLACES: dict[str, list[dict[str, Any]]] = {
    "lyon": [
        place("Lyon", 45.7578, 4.8320, country_code="fr", country="France",
              state="Auvergne-Rhône-Alpes", population="522,250", importance=0.78)
    ],
    "sicily": [
        place("Sicily", 37.5999, 14.0154, osm_class="place", osm_type="island", country_code="it",
              country="Italy", importance=0.7, place_rank=17)
    ],
    "bavaria": [
        place("Bavaria", 48.9468, 11.4039, osm_class="boundary", osm_type="administrative",
              country_code="de", country="Germany", addresstype="state", place_rank=8)
    ],
    "springfield": [
        place("Springfield", 39.7990, -89.6440, country_code="us", country="United States",
              state="Illinois", population=114394, importance=0.6),
        place("Springfield", 37.2090, -93.2923, country_code="us", country="United States",
              state="Missouri", population=169176, importance=0.55),
        place("Springfield", -43.3330, 171.9280, osm_type="village", country_code="nz",
              country="New Zealand", state="Canterbury", importance=0.3, place_rank=19),
    ],
}


@dataclass(frozen=True)
class Fault:
    """What to do instead of (or before) answering a request.

    kinds: ``"slow"`` (wait ``delay`` seconds, then answer normally),
    ``"status"`` (answer ``status`` with ``body`` and ``headers``),
    ``"malformed"`` (200 with a truncated JSON body),
    ``"drop"`` (close the connection without an answer).
    """

    kind: str
    delay: float = 0.0
    status: int = 200
    body: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def slow(cls, seconds: float) -> "Fault":
        return cls("slow", delay=seconds)

    @classmethod
    def too_many(cls, retry_after: str | None = "1") -> "Fault":
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return cls("status", status=429, body='{"error": "Too Many Requests"}', headers=headers)

    @classmethod
    def server_error(cls, status: int = 500) -> "Fault":
        return cls("status", status=status, body="<html><body>internal trouble</body></html>")

    @classmethod
    def malformed(cls) -> "Fault":
        return cls("malformed", body='[{"place_id": 1, "lat": "45.7', status=200)

    @classmethod
    def drop(cls) -> "Fault":
        return cls("drop")


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the server saw it (``time`` from :func:`time.monotonic` on arrival)."""

    time: float
    path: str
    params: Mapping[str, str]
    headers: Mapping[str, str]
    fault: str | None = None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: "FakeNominatim"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "FakeNominatim/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        fake = self.server.fake
        split = urlsplit(self.path)
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        fault = fake._take_fault() if split.path == "/search" else None
        fake._log(LoggedRequest(time.monotonic(), split.path, params, dict(self.headers),
                                fault.kind if fault else None))
        try:
            self._answer(fake, split.path, params, fault)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timed out) before the answer: expected in fault tests

    def _answer(self, fake: "FakeNominatim", path: str, params: dict[str, str], fault: Fault | None) -> None:
        if fault is not None:
            if fault.kind == "drop":
                self.close_connection = True
                return
            if fault.kind == "slow":
                if fake._stopping.wait(fault.delay):
                    return
            elif fault.kind in ("status", "malformed"):
                self._send(fault.status, fault.body, fault.headers)
                return
        if path == "/status":
            self._send(200, "OK", {"Content-Type": "text/plain"})
        elif path == "/search":
            status, body = fake.search(params)
            self._send(status, body)
        else:
            self._send(404, json.dumps({"error": f"no such endpoint {path}"}))

    def _send(self, status: int, body: str, headers: Mapping[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        hdrs = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        for k, v in hdrs.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeNominatim:
    """A Nominatim look-alike on ``127.0.0.1`` and an ephemeral port.

    Parameters
    ----------
    places
        ``{query (casefolded): [records]}``; :data:`SAMPLE_PLACES` by default.
    """

    def __init__(self, places: Mapping[str, Iterable[Mapping[str, Any]]] | None = None) -> None:
        src = SAMPLE_PLACES if places is None else places
        self.places: dict[str, list[dict[str, Any]]] = {
            k.casefold(): [dict(r) for r in v] for k, v in src.items()
        }
        self.requests: list[LoggedRequest] = []
        self._faults: list[Fault] = []
        self._always: Fault | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    # -- life cycle ----------------------------------------------------------------
    def start(self) -> "FakeNominatim":
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"fake-nominatim-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket: further connections are refused."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakeNominatim":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def domain(self) -> str:
        """``"127.0.0.1:PORT"`` for geopy's ``Nominatim(domain=..., scheme="http")``."""
        if self.port is None:
            raise RuntimeError("the fake server is not started")
        return f"127.0.0.1:{self.port}"

    # -- behaviour -----------------------------------------------------------------
    def add(self, query: str, *records: Mapping[str, Any]) -> None:
        """Answer ``query`` with ``records`` (none means 'no result')."""
        with self._lock:
            self.places[query.casefold()] = [dict(r) for r in records]

    def push_fault(self, fault: Fault, times: int = 1) -> None:
        """Apply ``fault`` to the next ``times`` search requests (after any queued ones)."""
        with self._lock:
            self._faults.extend([fault] * times)

    def set_fault(self, fault: Fault | None) -> None:
        """Apply ``fault`` to every search request once the queue is empty (``None`` clears)."""
        with self._lock:
            self._always = fault

    def _take_fault(self) -> Fault | None:
        with self._lock:
            if self._faults:
                return self._faults.pop(0)
            return self._always

    def _log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)

    @property
    def searches(self) -> list[LoggedRequest]:
        """The logged ``/search`` requests, in arrival order."""
        with self._lock:
            return [r for r in self.requests if r.path == "/search"]

    # -- the protocol --------------------------------------------------------------
    def search(self, params: Mapping[str, str]) -> tuple[int, str]:
        """Nominatim's ``/search``: ``(status, JSON body)``."""
        fmt = params.get("format", "jsonv2")
        if fmt not in ("json", "jsonv2"):
            return 400, json.dumps({"error": {"code": 400, "message": f"format {fmt!r} not supported by the fake"}})
        q = " ".join(params.get("q", "").split()).casefold()
        if not q:
            return 400, json.dumps({"error": {"code": 400, "message": "Nothing to search for."}})
        with self._lock:
            found = copy.deepcopy(self.places.get(q, []))
        codes = {c.strip().lower() for c in params.get("countrycodes", "").split(",") if c.strip()}
        if codes:
            found = [r for r in found if (r.get("address") or {}).get("country_code") in codes]
        try:
            limit = max(1, min(40, int(params.get("limit", "10"))))
        except ValueError:
            return 400, json.dumps({"error": {"code": 400, "message": "limit must be a number"}})
        out = []
        for r in found[:limit]:
            if params.get("addressdetails") not in ("1", "True", "true"):
                r.pop("address", None)
            if params.get("extratags") not in ("1", "True", "true"):
                r.pop("extratags", None)
            if fmt == "jsonv2":  # the only difference between the two formats
                r["category"] = r.pop("class", None)
            out.append(r)
        return 200, json.dumps(out)
