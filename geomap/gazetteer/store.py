"""Open and query the offline gazetteer.

>>> import tempfile, os
>>> from geomap.gazetteer.build import PlaceRecord, build_gazetteer
>>> path = os.path.join(tempfile.mkdtemp(), "g.sqlite3")
>>> _ = build_gazetteer(path, sources=[PlaceRecord(7, "Testville", 1.5, 2.5, "XX", "P", "PPL", 900)])
>>> with Gazetteer(path) as gaz:
...     [c.name for c in gaz.lookup("TESTVILLE")]
['Testville']
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import re
import sqlite3
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from ..config import Settings
from ..errors import GazetteerError
from ..models import Candidate
from .build import SCHEMA_VERSION, BuildReport, build_gazetteer, file_lock
from .names import normalise, variants

__all__ = ["Gazetteer", "NameStats", "open_gazetteer", "validate_gazetteer"]

log = logging.getLogger(__name__)

_COLUMNS = "p.geonameid, p.name, p.lat, p.lon, p.country_code, p.feature_class, p.feature_code, p.population, p.admin1"
_KIND_RANK = {"name": 0, "ascii": 1, "alternate": 2, "abbrev": 3, "short": 4}
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class NameStats:
    """What the gazetteer knows under one key (for a recognition matcher).

    ``count`` places carry the key; ``max_population`` is the largest of them;
    ``feature_classes`` (``"P"``, ``"A"``...), ``feature_codes`` (``"PPLC"``,
    ``"ADM1"``, ``"PCLI"``...) and ``kinds`` (``name``/``ascii``/``alternate``/
    ``abbrev``) say what sort of places and names they are.
    """

    key: str
    count: int = 0
    max_population: int = 0
    feature_classes: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    feature_codes: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def only_abbrev(self) -> bool:
        """True when the key is known only as an abbreviation ("CA", "UK")."""
        return self.kinds == frozenset({"abbrev"})


def validate_gazetteer(path: Path | str) -> str | None:
    """Why the file at ``path`` is not a usable gazetteer, or ``None`` if it is.

    Cheap (milliseconds): checks the SQLite header, that the file is as long
    as its header says, and the ``meta`` table's schema version and
    completeness flag. Returns ``"missing"`` when there is no file. The first
    time a file is seen (or after it changed) SQLite's ``PRAGMA quick_check``
    also reads every page (a fraction of a second); a passing check is
    remembered in ``<name>.verified`` (its size and modification time).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"cannot be read: {exc}"
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return "is not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] == header[92:96] and pages and size < pages * page_size:
        return f"is truncated ({size} bytes, its header says {pages * page_size})"
    try:
        con = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            return _check_meta(con) or _check_pages(con, path)
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"cannot be read by SQLite: {exc}"


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _fingerprint(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size} {st.st_mtime_ns}"


def _check_pages(con: sqlite3.Connection, path: Path) -> str | None:
    """``PRAGMA quick_check``, skipped when the file has not changed since it last passed."""
    stamp = _stamp_path(path)
    try:
        if stamp.read_text(encoding="ascii").strip() == _fingerprint(path):
            return None
    except (OSError, ValueError):
        pass  # no stamp yet, or unreadable: check
    rows = con.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        return "is damaged (SQLite's quick_check: " + "; ".join(str(r[0]) for r in rows[:3]) + ")"
    try:
        stamp.write_text(_fingerprint(path) + "\n", encoding="ascii")
    except OSError as exc:  # a read-only cache folder: check again next time
        log.debug("cannot record that %s passed its check: %s", path, exc)
    return None


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _check_meta(con: sqlite3.Connection) -> str | None:
    try:
        meta = dict(con.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as exc:
        return f"has no readable meta table ({exc})"
    version = meta.get("schema_version")
    if version != str(SCHEMA_VERSION):
        return f"has schema version {version!r}, this geomap needs {SCHEMA_VERSION}"
    if meta.get("complete") != "1":
        return "was not completely built"
    return None


class Gazetteer:
    """The offline gazetteer, opened read-only on first use.

    Constructing one does no I/O. Queries are cached in memory (an LRU of
    ``cache_size`` entries per query kind). It pickles as its path, so it can
    be sent to worker processes, each of which opens its own connection.

    Parameters
    ----------
    path
        The SQLite file written by :func:`geomap.gazetteer.build.build_gazetteer`.
    cache_size
        Entries kept by each in-memory LRU cache. A lookup keeps up to ``limit``
        candidates, so the cache is kept small enough that its memory stays
        modest once full (names in news follow Zipf's law: the frequent ones
        stay cached), which keeps a long batch run's memory flat.
    """

    def __init__(self, path: Path | str, *, cache_size: int = 4_096) -> None:
        self.path = Path(path)
        self.cache_size = cache_size
        self._con: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._meta: dict[str, Any] | None = None
        self._lookup_cached = lru_cache(maxsize=cache_size)(self._lookup)
        self._stats_cached = lru_cache(maxsize=cache_size)(self._name_stats)

    def __repr__(self) -> str:
        state = "open" if self._con is not None else "closed"
        return f"Gazetteer({str(self.path)!r}, {state})"

    # -- life cycle ----------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        con = self._con
        if con is not None:
            return con
        with self._lock:
            if self._con is None:
                if not self.path.is_file():
                    raise GazetteerError(f"no gazetteer at {self.path}")
                try:
                    con = sqlite3.connect(_ro_uri(self.path), uri=True, check_same_thread=False)
                    problem = _check_meta(con)
                    if problem:
                        con.close()
                        raise GazetteerError(f"gazetteer {self.path} {problem}")
                    con.execute("PRAGMA query_only=1")
                    # No memory map and a small page cache: the pages a long batch run
                    # touches would otherwise add up in its resident memory; the OS
                    # file cache keeps reads fast, and lookups are memoised anyway.
                    con.execute("PRAGMA mmap_size=0")
                    con.execute("PRAGMA cache_size=-8192")
                    self._meta = {k: _maybe_json(v) for k, v in con.execute("SELECT key, value FROM meta")}
                except sqlite3.Error as exc:
                    raise GazetteerError(f"cannot open the gazetteer {self.path}: {exc}") from exc
                self._con = con
            return self._con

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        con = self._connection()
        with self._lock:
            try:
                return con.execute(sql, tuple(params)).fetchall()
            except sqlite3.DatabaseError as exc:
                hint = ""
                if "malformed" in str(exc) or "not a database" in str(exc):
                    with contextlib.suppress(OSError):
                        _stamp_path(self.path).unlink()  # checked (and rebuilt) on next open
                    hint = "; the file is damaged and will be checked and rebuilt the next time geomap opens it"
                raise GazetteerError(f"gazetteer query failed on {self.path}: {exc}{hint}") from exc
            except sqlite3.Error as exc:
                raise GazetteerError(f"gazetteer query failed on {self.path}: {exc}") from exc

    def close(self) -> None:
        """Close the connection and drop the caches (the object stays usable)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
            self._lookup_cached.cache_clear()
            self._stats_cached.cache_clear()

    def __enter__(self) -> "Gazetteer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self.path), "cache_size": self.cache_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], cache_size=state.get("cache_size", 4_096))  # type: ignore[misc]

    @property
    def meta(self) -> dict[str, Any]:
        """The build's metadata (schema version, sources, counts...)."""
        self._connection()
        return dict(self._meta or {})

    def __len__(self) -> int:
        return int(self._query("SELECT count(*) FROM places")[0][0])

    # -- queries ---------------------------------------------------------------------------
    def lookup(self, name: str, *, country: str | None = None, limit: int = 50) -> list[Candidate]:
        """Places called ``name``, best first.

        The key ``normalise(name)`` is tried first; only when it finds nothing
        are the :func:`~geomap.gazetteer.names.variants` tried (in order, the
        first that finds something wins). Abbreviations ("UK", "CA", "Ky.",
        "W.Va.") only match a query written in capitals or with a dot.

        Each candidate's ``match`` is ``"name"`` (the place's own name),
        ``"normalised"`` (its name up to case, accents, punctuation and
        transliteration), ``"alternate"`` (another of its names) or
        ``"variant"`` (found through a variant key, or through a division's
        name without its type word: "Laurel" finds Laurel County). Order:
        countries and continents, then first-level divisions (unless a
        same-named town holds most of the division's people, as with Moscow or
        Seoul), then by population; places found by a division's short name
        come after all the others.

        Parameters
        ----------
        name
            The name as written.
        country
            An ISO 3166-1 alpha-2 code to restrict the search to.
        limit
            At most this many candidates.
        """
        if not name or not name.strip():
            return []
        return list(self._lookup_cached(name, country.upper() if country else None, limit))

    def _lookup(self, name: str, country: str | None, limit: int) -> tuple[Candidate, ...]:
        abbrev_ok = _looks_abbrev(name)
        key = normalise(name)
        rows = self._rows_for(key, country, abbrev_ok)
        via = None
        if not rows:
            for v in variants(name):
                rows = self._rows_for(v, country, abbrev_ok)
                if rows:
                    key, via = v, "variant"
                    break
        best: dict[int, tuple] = {}
        for r in rows:
            old = best.get(r[0])
            if old is None or _KIND_RANK[r[9]] < _KIND_RANK[old[9]]:
                best[r[0]] = r
        folded = " ".join(name.split()).casefold()
        cands = [_candidate(r, via or _match(r, folded), key) for r in best.values()]
        return tuple(_rank(cands)[:limit])

    def _rows_for(self, key: str, country: str | None, abbrev_ok: bool) -> list[tuple]:
        if not key:
            return []
        sql = f"SELECT {_COLUMNS}, n.kind FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ?"
        params: list[Any] = [key]
        if country:
            sql += " AND p.country_code = ?"
            params.append(country)
        if not abbrev_ok:
            sql += " AND n.kind != 'abbrev'"
        return self._query(sql, params)

    def by_id(self, geonameid: int) -> Candidate | None:
        """The place with this GeoNames id, or ``None``."""
        rows = self._query(f"SELECT {_COLUMNS}, 'name' FROM places p WHERE p.geonameid = ?", (int(geonameid),))
        return _candidate(rows[0], "name", None) if rows else None

    def country(self, code: str) -> Candidate | None:
        """The country with ISO 3166-1 alpha-2 ``code`` (``"RU"``), or ``None``."""
        rows = self._query(
            f"SELECT {_COLUMNS}, 'name' FROM places p WHERE p.country_code = ? AND p.feature_class = 'A' "
            "AND (p.feature_code LIKE 'PCL%' OR p.feature_code = 'TERR') ORDER BY p.population DESC LIMIT 1",
            (code.upper(),),
        )
        return _candidate(rows[0], "name", None) if rows else None

    def admin1(self, country_code: str, admin1_code: str) -> Candidate | None:
        """The first-level division ``admin1_code`` of a country (GeoNames codes:
        ``admin1("US", "CA")`` is California, ``admin1("RU", "59")`` Primorsky Krai)."""
        rows = self._query(
            f"SELECT {_COLUMNS}, 'name' FROM places p WHERE p.country_code = ? AND p.feature_code = 'ADM1' "
            "AND p.admin1 = ? ORDER BY p.population DESC LIMIT 1",
            (country_code.upper(), str(admin1_code)),
        )
        return _candidate(rows[0], "name", None) if rows else None

    def country_codes_for(self, name: str) -> list[str]:
        """Country codes of the places called exactly ``name`` (no variants), best first.

        >>> # gaz.country_codes_for("Moscow") -> ['RU', 'US', ...]
        """
        key = normalise(name)
        rows = self._rows_for(key, None, _looks_abbrev(name))
        folded = " ".join(name.split()).casefold()
        cands = _rank([_candidate(r, _match(r, folded), key) for r in rows])
        return list(dict.fromkeys(c.country_code for c in cands if c.country_code))

    def name_stats(self, name: str) -> NameStats:
        """How many places carry ``name``'s key, and of what sort (cached).

        Accepts a name or a key (normalisation is idempotent). As in
        :meth:`lookup`, abbreviations ("CA", "IN", "Ky.") count only when
        ``name`` is written in capitals or with a dot, so ``name_stats("in")``
        does not find Indiana. Short names ("Laurel" for Laurel County) are
        not counted: they say little about whether a word is a place.
        """
        return self._stats_cached(normalise(name), _looks_abbrev(name))

    def _name_stats(self, key: str, abbrev_ok: bool) -> NameStats:
        if not key:
            return NameStats(key)
        rows = self._query(
            "SELECT count(DISTINCT p.geonameid), max(p.population), group_concat(DISTINCT p.feature_class), "
            "group_concat(DISTINCT n.kind), group_concat(DISTINCT p.feature_code) "
            "FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ? AND n.kind != 'short'"
            + ("" if abbrev_ok else " AND n.kind != 'abbrev'"),
            (key,),
        )
        count, pop, classes, kinds, codes = rows[0]
        return NameStats(
            key=key,
            count=int(count or 0),
            max_population=int(pop or 0),
            feature_classes=frozenset((classes or "").split(",")) - {""},
            kinds=frozenset((kinds or "").split(",")) - {""},
            feature_codes=frozenset((codes or "").split(",")) - {""},
        )


def _maybe_json(v: str) -> Any:
    if v and v[0] in "[{":
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


# "Ky.", "Calif.", "W.Va.", "W. Va.", "N.Dak.": capitalised pieces, each closed by a dot.
_DOTTED_ABBREV = re.compile(r"(?:[A-Z][a-z]{0,4}\.\s?){1,3}")


def _looks_abbrev(name: str) -> bool:
    """Whether ``name`` is written like an abbreviation: in capitals ("UK",
    "U.S.") or as dotted pieces ("Ky.", "W.Va.").

    >>> [_looks_abbrev(n) for n in ("UK", "U.S.", "Ky.", "W. Va.", "Calif.", "Ky", "Miss", "uk")]
    [True, True, True, True, True, False, False, False]
    """
    name = name.strip()
    letters = name.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper():
        return True
    return 2 <= len(letters) <= 7 and _DOTTED_ABBREV.fullmatch(name) is not None


def _match(row: tuple, folded_query: str) -> str:
    kind = row[9]
    if kind == "short":  # the name without its type word: "Laurel" for Laurel County
        return "variant"
    if kind in ("alternate", "abbrev"):
        return "alternate"
    return "name" if row[1].casefold() == folded_query else "normalised"


def _candidate(row: tuple, match: str, key: str | None) -> Candidate:
    gid, name, lat, lon, cc, fclass, fcode, pop, admin1, kind = row
    return Candidate(
        name=name,
        lat=lat,
        lon=lon,
        geonameid=gid,
        country_code=cc,
        feature_class=fclass,
        feature_code=fcode,
        population=pop or 0,
        admin1=admin1,
        provider="gazetteer",
        match=match,
        raw={"kind": kind, "key": key} if key is not None else None,
    )


#: Oceans, seas, regions, ranges, deserts, former countries: a name that
#: meets one of these most often means it rather than a same-named town.
_MACRO_FEATURES = frozenset({"OCN", "SEA", "GULF", "BAY", "STRT", "CNL", "LKS", "RGN", "PEN", "MTS", "DSRT", "ISLS", "PCLH"})


def _type_rank(c: Candidate) -> float:
    code = c.feature_code or ""
    if (c.raw or {}).get("kind") == "short":
        return 2.5
    if c.feature_class == "A" and (code.startswith("PCL") or code == "TERR"):
        return 0.0
    if c.feature_class == "L" and code == "CONT":
        return 0.0
    if c.feature_class == "A" and code == "ADM1":
        return 1.0 if c.match in ("name", "normalised") else 1.5
    if code in _MACRO_FEATURES:
        return 1.8
    return 2.0


def _rank(cands: list[Candidate]) -> list[Candidate]:
    """Countries and continents; first-level divisions called so (then those
    known by it as another name); oceans, seas and macro-regions; then the
    rest by population; last, divisions found by their short name.

    A populated place inside a division that the query also found goes just
    ahead of the divisions when the division only has the name as an
    alternate ("Donetsk" for Donetsk Oblast), or the place is the capital or
    holds a quarter of the division's people (Kyiv, Tokyo, New York City).
    """
    ranks = {id(c): _type_rank(c) for c in cands}
    divisions = [c for c in cands if 1.0 <= ranks[id(c)] < 2.0]
    for c in cands:
        if c.feature_class != "P" or not divisions:
            continue
        for d in divisions:
            if d.country_code == c.country_code and d.admin1 == c.admin1:
                if d.match == "alternate" or c.feature_code == "PPLC" or c.population * 4 >= d.population:
                    ranks[id(c)] = 0.5
    return sorted(cands, key=lambda c: (ranks[id(c)], -c.population, _KIND_RANK.get((c.raw or {}).get("kind"), 0)))


# -- opening, building on first use ------------------------------------------------------


def open_gazetteer(
    settings: Settings | None = None,
    *,
    build_if_missing: bool = True,
    progress: Callable[[int, "int | None"], None] | None = None,
    builder: Callable[[Path], BuildReport] | None = None,
) -> Gazetteer:
    """The gazetteer at ``settings.gazetteer_path``, built there first if needed.

    A missing file is built (once: concurrent callers in other processes wait
    on a lock file and then use the result). A corrupt or outdated file is
    moved aside to ``<name>.corrupt-<timestamp>`` with a warning and rebuilt.

    Parameters
    ----------
    settings
        Where the gazetteer lives (default :meth:`Settings.from_env`).
    build_if_missing
        When false, a missing or unusable file raises instead of being built.
    progress
        Passed to the build (``progress(done, total)``).
    builder
        Builds the file at a path (default :func:`build_gazetteer` over the
        packaged data); tests pass a small one.

    Raises
    ------
    GazetteerError
        When the gazetteer is unusable and cannot be built.
    """
    settings = settings or Settings.from_env()
    path = Path(settings.gazetteer_path)
    build = builder or (lambda p: build_gazetteer(p, progress=progress))
    problem = validate_gazetteer(path)
    if problem is None:
        return Gazetteer(path)
    if not build_if_missing:
        if problem == "missing":
            raise GazetteerError(f"no offline gazetteer at {path} (and building it was not allowed)")
        raise GazetteerError(f"the offline gazetteer {path} {problem}")
    with file_lock(path):
        problem = validate_gazetteer(path)  # another process may have built it meanwhile
        if problem is None:
            return Gazetteer(path)
        if problem == "missing":
            warnings.warn(f"building the offline gazetteer (once) at {path}...", stacklevel=2)
        else:
            aside = _move_aside(path)
            warnings.warn(
                f"the offline gazetteer {path} {problem}; moved it to {aside.name} and rebuilding it", stacklevel=2
            )
        try:
            report = build(path)
        except GazetteerError:
            raise
        except Exception as exc:
            raise GazetteerError(f"cannot build the offline gazetteer at {path}: {exc}") from exc
        log.info("built the gazetteer at %s: %s", path, report)
        problem = validate_gazetteer(path)
        if problem is not None:
            raise GazetteerError(f"the freshly built gazetteer {path} {problem}")
    return Gazetteer(path)


def _move_aside(path: Path) -> Path:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        os.replace(path, aside)
        for suffix in ("-journal", "-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise GazetteerError(f"cannot move the unusable gazetteer {path} aside: {exc}") from exc
    return aside
