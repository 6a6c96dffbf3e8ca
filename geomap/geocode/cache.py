"""The persistent geocode cache, and a geocoder that goes through it.

:class:`GeocodeCache` keeps each provider answer in one SQLite file (WAL mode,
short transactions, retried when the database is busy) so that many processes
can share it. A file that is not a database, or fails ``PRAGMA quick_check``,
is moved aside (``<name>.corrupt-<timestamp>``) with a warning and a new cache
is started: a cache is never worth a crash.

:class:`CachedGeocoder` wraps any :class:`geomap.protocols.Geocoder`: memory
first, then the file, then the provider. Only answers are stored (an empty list
is an answer: "no such place"); failures never are.

>>> import tempfile, pathlib
>>> from geomap.models import Candidate
>>> class Stub:
...     name = "stub"
...     calls = 0
...     def candidates(self, query, *, country=None):
...         Stub.calls += 1
...         return [Candidate("Lyon", 45.76, 4.83, provider="stub")] if query == "Lyon" else []
>>> path = pathlib.Path(tempfile.mkdtemp()) / "geocode.sqlite3"
>>> geocoder = CachedGeocoder(Stub(), GeocodeCache(path))
>>> geocoder.candidates("Lyon")[0].name, geocoder.candidates("  lyon ")[0].name, Stub.calls
('Lyon', 'Lyon', 1)
>>> CachedGeocoder(Stub(), GeocodeCache(path)).candidates("LYON")[0].lat, Stub.calls
(45.76, 1)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import random
import sqlite3
import threading
import time
import unicodedata
import warnings
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..errors import CacheError, InputError
from ..models import Candidate
from ..protocols import Cache, Geocoder

__all__ = [
    "GeocodeCache",
    "CachedGeocoder",
    "CacheStats",
    "CacheWarning",
    "cache_key",
    "normalise_query",
]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS geocode (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    query TEXT NOT NULL,
    options_json TEXT NOT NULL,
    candidates_json TEXT NOT NULL,
    created REAL NOT NULL
)
"""
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_CANDIDATE_FIELDS = tuple(f.name for f in dataclasses.fields(Candidate))


class CacheWarning(UserWarning):
    """The geocode cache had to be rebuilt or could not be used."""


# --------------------------------------------------------------------------------------
# keys and values
# --------------------------------------------------------------------------------------


def normalise_query(query: str) -> str:
    """The form of a query that cache keys use: NFC, casefolded, single spaces.

    >>> normalise_query("  Saint-Étienne\\t  DU Rouvray ")
    'saint-étienne du rouvray'
    """
    return " ".join(unicodedata.normalize("NFC", str(query)).casefold().split())


def _options_json(options: Mapping[str, Any]) -> str:
    kept = {k: v for k, v in options.items() if v is not None}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def cache_key(provider: str, query: str, **options: Any) -> str:
    """A stable key for one question to one provider.

    The query is normalised (:func:`normalise_query`); options equal to
    ``None`` are left out, the others are sorted, so equivalent questions meet.

    >>> cache_key("nominatim", "  Lyon ") == cache_key("nominatim", "lyon", country=None)
    True
    >>> cache_key("nominatim", "Lyon", country="FR") == cache_key("nominatim", "Lyon")
    False
    >>> cache_key("nominatim", "Lyon").startswith("nominatim:")
    True
    """
    payload = json.dumps([provider, normalise_query(query), _options_json(options)], ensure_ascii=False)
    return f"{provider}:{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:32]}"


def _to_json(candidates: Sequence[Candidate]) -> str:
    rows = []
    for c in candidates:
        if not isinstance(c, Candidate):
            raise InputError(f"the cache stores Candidate objects, got {type(c).__name__}")
        d = {name: getattr(c, name) for name in _CANDIDATE_FIELDS}
        if d["raw"] is not None:
            d["raw"] = dict(d["raw"])
        rows.append(d)
    return json.dumps(rows, ensure_ascii=False, default=str)


def _from_json(text: str) -> list[Candidate]:
    return [Candidate(**{k: v for k, v in row.items() if k in _CANDIDATE_FIELDS}) for row in json.loads(text)]


# --------------------------------------------------------------------------------------
# SQLite helpers
# --------------------------------------------------------------------------------------


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    msg = str(exc).lower()
    return "not a database" in msg or "malformed" in msg


def _is_busy(exc: sqlite3.Error) -> bool:
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)


@dataclasses.dataclass(frozen=True)
class CacheStats:
    """What a :class:`GeocodeCache` holds."""

    path: str
    entries: int
    empty_answers: int
    providers: Mapping[str, int]
    size_bytes: int


class GeocodeCache:
    """A persistent ``key -> list[Candidate]`` map in one SQLite file.

    Fits :class:`geomap.protocols.Cache`. The file is opened on first use (and
    again in a child process after a fork).

    Parameters
    ----------
    path
        The SQLite file (created with its directory when missing).
    busy_timeout
        Seconds to keep trying when other processes hold the write lock.
    max_age
        Entries older than this many seconds are treated as missing (``None``: never).
    on_corrupt
        ``"rebuild"`` (move the bad file aside, warn, start again) or ``"raise"``
        (:class:`CacheError`).
    clock
        Wall clock for ``created`` timestamps and ``max_age``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 30.0,
        max_age: float | None = None,
        on_corrupt: str = "rebuild",
        clock: Callable[[], float] = time.time,
    ) -> None:
        if on_corrupt not in ("rebuild", "raise"):
            raise InputError(f"on_corrupt must be 'rebuild' or 'raise', got {on_corrupt!r}")
        self.path = Path(path).expanduser()
        self.busy_timeout = float(busy_timeout)
        self.max_age = max_age
        self.on_corrupt = on_corrupt
        self.clock = clock
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"GeocodeCache({str(self.path)!r})"

    # -- pickling: a connection does not travel to another process -------------------
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.update(_conn=None, _pid=None, _lock=None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        with self._lock:
            if self._conn is None or self._pid != os.getpid():
                self._conn = self._open()
                self._pid = os.getpid()
            return self._conn

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            str(self.path), timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot create the directory of the geocode cache {self.path}: {exc}") from exc
        for _ in range(3):
            inode = self._inode()
            conn: sqlite3.Connection | None = None
            try:
                conn = self._connect()
                problem = self._check(conn)
                if problem is None:
                    self._retry(lambda: self._setup(conn))
                    return conn
            except sqlite3.DatabaseError as exc:
                if not _is_corruption(exc):
                    if conn is not None:
                        conn.close()
                    raise CacheError(f"cannot open the geocode cache {self.path}: {exc}") from exc
                problem = str(exc)
            assert problem is not None
            if conn is not None:
                conn.close()
            self._set_aside(problem, inode)
        raise CacheError(f"the geocode cache {self.path} keeps failing its integrity check")

    def _inode(self) -> int | None:
        try:
            return os.stat(self.path).st_ino
        except FileNotFoundError:
            return None

    def _check(self, conn: sqlite3.Connection) -> str | None:
        rows = self._retry(lambda: conn.execute("PRAGMA quick_check").fetchall())
        if rows != [("ok",)]:
            return "; ".join(str(r[0]) for r in rows[:3]) or "quick_check failed"
        return None

    def _setup(self, conn: sqlite3.Connection) -> None:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("geocode cache %s: journal mode is %s, not WAL", self.path, mode)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(_SCHEMA)
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _set_aside(self, problem: str, inode: int | None) -> None:
        if self.on_corrupt == "raise":
            raise CacheError(f"the geocode cache {self.path} is damaged: {problem}")
        if inode is not None and self._inode() != inode:
            return  # another process already replaced it: just open the new one
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.replace(self.path, target)
        except FileNotFoundError:
            return  # another process moved it first
        except OSError as exc:
            raise CacheError(f"the geocode cache {self.path} is damaged ({problem}) and cannot be moved: {exc}") from exc
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                try:
                    os.replace(side, target.with_name(target.name + suffix))
                except OSError as exc:
                    log.warning("could not move %s aside: %s", side, exc)
        warnings.warn(
            f"geocode cache {self.path} was damaged ({problem}); moved it to {target.name} and started a new one",
            CacheWarning,
            stacklevel=4,
        )

    # -- retries -------------------------------------------------------------------
    def _retry(self, action: Callable[[], Any]) -> Any:
        """Run ``action``, retrying while SQLite says the database is locked."""
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.005
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
                log.debug("geocode cache %s busy (%s); retrying in %.3f s", self.path, exc, delay)
                time.sleep(delay * (0.5 + random.random()))
                delay = min(0.25, delay * 2)

    def _write(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
        conn = self._connection()

        def transaction() -> None:
            with self._lock:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for sql, params in statements:
                        conn.execute(sql, params)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise

        try:
            self._retry(transaction)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write the geocode cache {self.path}: {exc}") from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._connection()

        def query() -> list[tuple[Any, ...]]:
            with self._lock:
                return conn.execute(sql, params).fetchall()

        try:
            return self._retry(query)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot read the geocode cache {self.path}: {exc}") from exc

    # -- the Cache protocol --------------------------------------------------------
    def get(self, key: str) -> list[Candidate] | None:
        """The candidates stored under ``key`` (``[]`` for a cached "no result"),
        or ``None`` when there is no usable entry."""
        rows = self._read("SELECT candidates_json, created FROM geocode WHERE key = ?", (key,))
        if not rows:
            return None
        text, created = rows[0]
        if self.max_age is not None and self.clock() - created > self.max_age:
            return None
        try:
            return _from_json(text)
        except (ValueError, TypeError) as exc:
            log.warning("geocode cache %s: unreadable entry %s (%s); treating it as missing", self.path, key, exc)
            return None

    def set(
        self,
        key: str,
        candidates: Sequence[Candidate],
        *,
        provider: str = "",
        query: str = "",
        options: Mapping[str, Any] | None = None,
    ) -> None:
        """Store ``candidates`` (an answer; ``[]`` means "no such place") under ``key``."""
        self._write([(
            "INSERT OR REPLACE INTO geocode (key, provider, query, options_json, candidates_json, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (key, provider or key.split(":", 1)[0], query, _options_json(options or {}),
             _to_json(candidates), self.clock()),
        )])

    # -- housekeeping --------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._read("SELECT count(*) FROM geocode")[0][0])

    def __contains__(self, key: object) -> bool:
        return bool(self._read("SELECT 1 FROM geocode WHERE key = ?", (key,)))

    def delete(self, key: str) -> None:
        """Forget one entry."""
        self._write([("DELETE FROM geocode WHERE key = ?", (key,))])

    def clear(self, provider: str | None = None) -> int:
        """Forget every entry (or one provider's); returns how many were removed."""
        where, params = ("WHERE provider = ?", (provider,)) if provider else ("", ())
        n = int(self._read(f"SELECT count(*) FROM geocode {where}", params)[0][0])
        self._write([(f"DELETE FROM geocode {where}", params)])
        return n

    def stats(self) -> CacheStats:
        """Entries, cached "no result" answers, entries per provider, file size."""
        providers = dict(self._read("SELECT provider, count(*) FROM geocode GROUP BY provider ORDER BY provider"))
        empty = int(self._read("SELECT count(*) FROM geocode WHERE candidates_json = '[]'")[0][0])
        size = sum(
            p.stat().st_size
            for p in (self.path, self.path.with_name(self.path.name + "-wal"))
            if p.exists()
        )
        return CacheStats(str(self.path), sum(providers.values()), empty, providers, size)

    def integrity_check(self) -> str:
        """``"ok"`` or SQLite's description of what is wrong (``PRAGMA integrity_check``)."""
        rows = self._read("PRAGMA integrity_check")
        return "; ".join(str(r[0]) for r in rows)

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
            self._pid = None

    def __enter__(self) -> "GeocodeCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------
# the cached geocoder
# --------------------------------------------------------------------------------------


class CachedGeocoder:
    """Any geocoder, answered from memory, then the cache, then the provider.

    Parameters
    ----------
    inner
        The geocoder to ask on a miss (its ``name`` is this one's name).
    cache
        A :class:`GeocodeCache`, a path to one, or any :class:`geomap.protocols.Cache`.
    options
        What else changes the answers (server, language...), mixed into keys;
        by default ``inner.cache_options`` when it has one.
    memory_size
        Answers kept in memory (least recently used dropped first; 0 disables).
    on_cache_error
        ``"warn"`` (answer from the provider and warn) or ``"raise"`` when the
        cache file cannot be read or written.

    Notes
    -----
    Put the cache *inside* a fallback chain
    (``FallbackGeocoder(CachedGeocoder(online, cache), offline)``), never
    around it, or offline stand-in answers would be stored as the provider's.
    """

    def __init__(
        self,
        inner: Geocoder,
        cache: "Cache | str | os.PathLike[str]",
        *,
        options: Mapping[str, Any] | None = None,
        memory_size: int = 4096,
        on_cache_error: str = "warn",
    ) -> None:
        if on_cache_error not in ("warn", "raise"):
            raise InputError(f"on_cache_error must be 'warn' or 'raise', got {on_cache_error!r}")
        self.inner = inner
        self.name: str = inner.name
        self.cache: Cache = GeocodeCache(cache) if isinstance(cache, (str, os.PathLike)) else cache
        if options is None:
            options = getattr(inner, "cache_options", None) or {}
        self.options = dict(options)
        self.memory_size = int(memory_size)
        self.on_cache_error = on_cache_error
        self._memory: OrderedDict[str, tuple[Candidate, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits_memory = 0
        self.hits_cache = 0
        self.misses = 0

    def __repr__(self) -> str:
        return f"CachedGeocoder({self.inner!r}, {self.cache!r})"

    def key(self, query: str, *, country: str | None = None) -> str:
        """The cache key of a question."""
        return cache_key(self.name, query, country=country.upper() if country else None, **self.options)

    def candidates(self, query: str, *, country: str | None = None) -> list[Candidate]:
        """Like the inner geocoder's, from the cache when it has the answer.

        The inner geocoder's errors propagate and nothing is stored for them.
        """
        key = self.key(query, country=country)
        with self._lock:
            found = self._memory.get(key)
            if found is not None:
                self._memory.move_to_end(key)
                self.hits_memory += 1
                return list(found)
        stored = self._cache_call("read", lambda: self.cache.get(key))
        if stored is not None:
            self.hits_cache += 1
            self._remember(key, stored)
            return list(stored)
        self.misses += 1
        answer = list(self.inner.candidates(query, country=country))
        self._cache_call("write", lambda: self._store(key, query, country, answer))
        self._remember(key, answer)
        return answer

    def _store(self, key: str, query: str, country: str | None, answer: list[Candidate]) -> None:
        if isinstance(self.cache, GeocodeCache):
            opts = {**self.options, "country": country.upper() if country else None}
            self.cache.set(key, answer, provider=self.name, query=query, options=opts)
        else:
            self.cache.set(key, answer)

    def _remember(self, key: str, answer: Sequence[Candidate]) -> None:
        if self.memory_size <= 0:
            return
        with self._lock:
            self._memory[key] = tuple(answer)
            self._memory.move_to_end(key)
            while len(self._memory) > self.memory_size:
                self._memory.popitem(last=False)

    def _cache_call(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except CacheError as exc:
            if self.on_cache_error == "raise":
                raise
            warnings.warn(f"geocode cache {what} failed, going on without it: {exc}", CacheWarning, stacklevel=3)
            return None

    def forget_memory(self) -> None:
        """Empty the in-memory layer (the file is untouched)."""
        with self._lock:
            self._memory.clear()
