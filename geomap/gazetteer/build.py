"""Build the offline gazetteer: a SQLite file of places and their name keys.

The default build indexes the GeoNames data shipped in PyPI packages (see
:mod:`geomap.gazetteer.sources`); tests inject a few :class:`PlaceRecord`.
A full GeoNames dump (``allCountries.zip``, ``RU.zip``...) and
``alternateNamesV2.txt`` can be merged in afterwards with
:func:`import_geonames_dump`, which adds islands, landmarks and all admin levels.

Schema (``SCHEMA_VERSION``)::

    places(geonameid INTEGER PRIMARY KEY, name, lat, lon, country_code,
           feature_class, feature_code, population, admin1)
    names(key, geonameid, kind)  -- kind: 'name' | 'ascii' | 'alternate' | 'abbrev' | 'short'
    meta(key PRIMARY KEY, value)  -- schema_version, sources, built_at, ...

Every build writes a temporary file next to the target and moves it into place
with :func:`os.replace`, so readers never see a half-written gazetteer.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import GazetteerError
from .names import is_latin, normalise
from .sources import PackagedSources, PlaceRecord, packaged_sources

__all__ = [
    "SCHEMA_VERSION",
    "PlaceRecord",
    "BuildReport",
    "build_gazetteer",
    "import_geonames_dump",
    "packaged_sources",
    "file_lock",
]

log = logging.getLogger(__name__)

#: Bump when the tables change; a gazetteer of another version is rebuilt.
SCHEMA_VERSION = 3  # 3: first-level division points blend iso3166-2 and the towns' extent

Progress = Callable[[int, "int | None"], None]

#: Name kinds, best first (a key met twice for one place keeps the best kind).
KINDS = ("name", "ascii", "alternate", "abbrev", "short")
_KIND_RANK = {k: i for i, k in enumerate(KINDS)}

_SCHEMA = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_code TEXT,
    feature_class TEXT,
    feature_code TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    admin1 TEXT
);
CREATE TABLE names (
    key TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS places_admin ON places (country_code, feature_code, admin1);
"""

@dataclass(frozen=True)
class BuildReport:
    """What a build or an import produced."""

    path: Path
    rows: int
    names: int
    seconds: float
    bytes: int


# -- helpers ------------------------------------------------------------------------


def keep_alternate(name: str, *, city: bool = False) -> bool:
    """Whether an alternate name is worth a key.

    Keeps Latin-script names with at least one capital letter (GeoNames'
    all-lowercase alternates are machine transliterations of non-Latin names);
    for cities, drops 3–4 letter all-capital codes (IATA/ICAO airport codes).

    >>> keep_alternate("Komsomol'sk"), keep_alternate("Москва"), keep_alternate("seoulsi")
    (True, False, False)
    >>> keep_alternate("VVO", city=True), keep_alternate("VVO")
    (False, True)
    """
    if not name or len(name) > 200 or name.islower() or not is_latin(name):
        return False
    if city and name.isupper() and name.isalpha() and 3 <= len(name) <= 4:
        return False
    return True


def _is_abbrev(name: str) -> bool:
    letters = name.replace(".", "").replace(" ", "")
    return name.isupper() and letters.isalpha() and len(letters) <= 5


def _name_rows(rec: PlaceRecord, *, city: bool) -> dict[str, int]:
    """key → best kind rank for one record."""
    out: dict[str, int] = {}

    def put(text: str | None, kind: int) -> None:
        if not text:
            return
        key = normalise(text)
        if key and out.get(key, 99) > kind:
            out[key] = kind

    put(rec.name, 0)
    put(rec.ascii_name, 1)
    for alt in rec.alternates:
        if keep_alternate(alt, city=city):
            put(alt, 3 if _is_abbrev(alt) else 2)
    for ab in rec.abbrevs:
        put(ab, 3)
    for short in rec.shorts:
        put(short, 4)
    return out


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some filesystems refuse; the data is still there
        log.debug("fsync of %s failed: %s", path, exc)
    finally:
        os.close(fd)


@contextlib.contextmanager
def file_lock(path: Path | str, *, timeout: float = 900.0, poll: float = 0.1) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (between processes).

    Uses :func:`fcntl.flock` where it exists, else an ``O_EXCL`` lock file.
    Raises :class:`GazetteerError` after ``timeout`` seconds of waiting.
    """
    path = Path(path)
    lock = path.with_name(path.name + ".lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(f"cannot create the directory {lock.parent}: {exc}") from exc
    deadline = time.monotonic() + timeout
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise GazetteerError(f"cannot create the lock file {lock}: {exc}") from exc
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise GazetteerError(f"timed out waiting for the lock {lock}") from None
                    time.sleep(poll)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
        return
    while True:  # pragma: no cover - Windows
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.close(fd)
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > timeout:  # stale
                    lock.unlink()
                    continue
            if time.monotonic() > deadline:
                raise GazetteerError(f"timed out waiting for the lock {lock}") from None
            time.sleep(poll)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


# -- writing ----------------------------------------------------------------------------


def _connect_for_build(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA locking_mode=EXCLUSIVE")
    con.execute("PRAGMA temp_store=MEMORY")
    con.execute("PRAGMA cache_size=-262144")
    return con


def _finish(con: sqlite3.Connection, tmp: Path, path: Path) -> None:
    con.executescript(_INDEXES)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '1')")
    # A rollback journal (not WAL): the file is only ever read after this, and a
    # WAL file left beside a replaced database could be replayed into it.
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)  # mkstemp made it private; the gazetteer is plain public data
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _set_meta(con: sqlite3.Connection, items: dict[str, object]) -> None:
    con.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in items.items()],
    )


def _temp_beside(path: Path) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError as exc:
        raise GazetteerError(f"cannot write the gazetteer in {path.parent}: {exc}") from exc
    os.close(fd)
    return Path(name)


def build_gazetteer(
    path: Path | str,
    *,
    sources: Iterable[PlaceRecord] | None = None,
    progress: Progress | None = None,
    min_population: int = 0,
) -> BuildReport:
    """Build the gazetteer SQLite file at ``path`` (atomically).

    Parameters
    ----------
    path
        Where the file goes; an existing file is replaced only once the new
        one is complete.
    sources
        The records to index; default :func:`packaged_sources` (GeoNames data
        from PyPI packages). Tests pass a few :class:`PlaceRecord`.
    progress
        Called as ``progress(done, total)`` while records are written
        (``total`` is ``None`` when unknown).
    min_population
        Leave out populated places (feature class ``P``) smaller than this.

    Returns
    -------
    BuildReport

    Raises
    ------
    GazetteerError
        When the data cannot be read or the file cannot be written.

    Examples
    --------
    >>> import tempfile, os
    >>> rec = PlaceRecord(1, "Testville", 10.0, 20.0, "XX", "P", "PPL", 500)
    >>> d = tempfile.mkdtemp()
    >>> build_gazetteer(os.path.join(d, "g.sqlite3"), sources=[rec]).rows
    1
    """
    t0 = time.perf_counter()
    path = Path(path)
    if sources is None:
        src: Iterable[PlaceRecord] = packaged_sources()
        versions: dict[str, str | None] = PackagedSources.versions()
    else:
        src, versions = sources, {"custom": "injected records"}
    with _no_gc():
        return _build(path, src, versions, progress, min_population, t0)


def _build(path: Path, src: Iterable[PlaceRecord], versions: dict, progress: Progress | None,
           min_population: int, t0: float) -> BuildReport:  # fmt: skip
    try:
        records = list(src)
    except GazetteerError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GazetteerError(f"cannot read the gazetteer sources: {exc}") from exc
    total = len(records)
    if progress is not None:
        progress(0, total)
    tmp = _temp_beside(path)
    try:
        con = _connect_for_build(tmp)
        con.executescript(_SCHEMA)
        places: dict[int, tuple] = {}
        names: dict[tuple[str, int], int] = {}
        for i, rec in enumerate(records, 1):
            if rec.feature_class == "P" and rec.population < min_population:
                continue
            places[rec.geonameid] = (
                rec.geonameid, rec.name, float(rec.lat), float(rec.lon), rec.country_code,
                rec.feature_class, rec.feature_code, int(rec.population or 0), rec.admin1,
            )  # fmt: skip
            for key, kind in _name_rows(rec, city=rec.feature_class == "P").items():
                k = (key, rec.geonameid)
                if names.get(k, 99) > kind:
                    names[k] = kind
            if progress is not None and (i % 20000 == 0 or i == total):
                progress(i, total)
        con.execute("BEGIN")
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", [places[k] for k in sorted(places)])
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)", [(k, g, KINDS[names[(k, g)]]) for k, g in sorted(names)]
        )
        _set_meta(
            con,
            {
                "schema_version": str(SCHEMA_VERSION),
                "sources": versions,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "min_population": str(min_population),
                "rows": str(len(places)),
                "names": str(len(names)),
                "dumps": [],
            },
        )
        con.execute("COMMIT")
        _finish(con, tmp, path)
    except sqlite3.Error as exc:
        _unlink(tmp)
        raise GazetteerError(f"cannot build the gazetteer at {path}: {exc}") from exc
    except BaseException:
        _unlink(tmp)
        raise
    return BuildReport(path, len(places), len(names), time.perf_counter() - t0, path.stat().st_size)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic GC: hundreds of thousands of small objects only make it churn."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _unlink(p: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        p.unlink()


# -- GeoNames dumps ----------------------------------------------------------------------

_SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "tcid", "fr_1793", "phon"})


@contextlib.contextmanager
def _open_dump(path: Path, prefer: str | None = None) -> Iterator[tuple[io.BufferedIOBase, int]]:
    """A binary stream over a dump (plain or zipped) and its size in bytes."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            infos = [i for i in z.infolist() if i.filename.endswith(".txt") and "readme" not in i.filename.lower()]
            if not infos:
                raise GazetteerError(f"{path} holds no .txt file")
            stem = prefer or path.stem
            info = next((i for i in infos if Path(i.filename).stem == stem), max(infos, key=lambda i: i.file_size))
            with z.open(info) as f:
                yield f, info.file_size  # type: ignore[misc]
        return
    with open(path, "rb") as f:
        yield f, path.stat().st_size


def _dump_rows(path: Path, progress: Progress | None, *, columns: int, prefer: str | None = None):
    with _open_dump(path, prefer) as (f, size):
        done = 0
        for n, raw in enumerate(f, 1):
            done += len(raw)
            if progress is not None and n % 100000 == 0:
                progress(done, size)
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < columns:
                raise GazetteerError(f"{path.name} line {n}: expected {columns} tab-separated columns, got {len(parts)}")
            yield n, parts
        if progress is not None:
            progress(size, size)


def import_geonames_dump(
    path: Path | str,
    dump: Path | str,
    *,
    alternate_names: Path | str | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Merge a GeoNames dump into the gazetteer at ``path`` (atomically).

    Parameters
    ----------
    path
        An existing gazetteer (see :func:`build_gazetteer`).
    dump
        ``allCountries.txt``, a country file such as ``RU.txt``, or a ``.zip``
        of either: GeoNames' 19-column tab-separated format. Every feature
        class is taken (islands, landmarks, all admin levels). A place already
        in the gazetteer takes the dump's record (GeoNames' own point and
        feature code), keeping its population when the dump has none.
    alternate_names
        Optional ``alternateNamesV2.txt`` (or its zip): Latin-script names of
        places present in the gazetteer are added; historic names and the
        link/post/iata/icao/faac pseudo-languages are skipped, ``abbr`` names
        become abbreviations.
    replace
        Empty the gazetteer first, so it holds only the dump.
    progress
        Called as ``progress(bytes_done, bytes_total)`` per file.

    Returns
    -------
    BuildReport
        Counts for the whole gazetteer after the import.
    """
    t0 = time.perf_counter()
    path, dump = Path(path), Path(dump)
    if not path.is_file():
        raise GazetteerError(f"no gazetteer at {path}: build it first (geomap.gazetteer.build.build_gazetteer)")
    for p in (dump, Path(alternate_names) if alternate_names else None):
        if p is not None and not p.is_file():
            raise GazetteerError(f"GeoNames file {p} does not exist")
    with file_lock(path), _no_gc():
        tmp = _temp_beside(path)
        try:
            shutil.copyfile(path, tmp)
            con = _connect_for_build(tmp)
            ok = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if not ok or ok[0] != str(SCHEMA_VERSION):
                raise GazetteerError(f"{path} is not a gazetteer of schema {SCHEMA_VERSION}; rebuild it")
            con.execute("BEGIN")
            if replace:
                con.execute("DELETE FROM places")
                con.execute("DELETE FROM names")
            _import_places(con, dump, progress)
            if alternate_names:
                _import_alternates(con, Path(alternate_names), progress)
            rows = con.execute("SELECT count(*) FROM places").fetchone()[0]
            nnames = con.execute("SELECT count(*) FROM names").fetchone()[0]
            dumps = json.loads((con.execute("SELECT value FROM meta WHERE key='dumps'").fetchone() or ["[]"])[0])
            dumps.append({"file": dump.name, "bytes": dump.stat().st_size, "replace": replace,
                          "alternate_names": Path(alternate_names).name if alternate_names else None})  # fmt: skip
            _set_meta(con, {"rows": str(rows), "names": str(nnames), "dumps": dumps})
            con.execute("COMMIT")
            _finish(con, tmp, path)
        except sqlite3.Error as exc:
            _unlink(tmp)
            raise GazetteerError(f"cannot import {dump} into {path}: {exc}") from exc
        except BaseException:
            _unlink(tmp)
            raise
    return BuildReport(path, rows, nnames, time.perf_counter() - t0, path.stat().st_size)


def _kind_rank_sql(column: str) -> str:
    """SQL for the rank of a name kind (see :data:`KINDS`)."""
    whens = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
    return f"(CASE {column} {whens} ELSE {len(KINDS)} END)"


_UPSERT = """
INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)
ON CONFLICT(geonameid) DO UPDATE SET
    name=excluded.name, lat=excluded.lat, lon=excluded.lon, country_code=excluded.country_code,
    feature_class=excluded.feature_class, feature_code=excluded.feature_code,
    population=CASE WHEN excluded.population > 0 THEN excluded.population ELSE places.population END,
    admin1=excluded.admin1
"""


def _import_places(con: sqlite3.Connection, dump: Path, progress: Progress | None) -> None:
    places: list[tuple] = []
    names: list[tuple[str, int, str]] = []

    def flush() -> None:
        con.executemany(_UPSERT, places)
        con.executemany(
            "INSERT INTO names VALUES (?,?,?) ON CONFLICT(key, geonameid) DO UPDATE SET kind=excluded.kind "
            f"WHERE {_kind_rank_sql('excluded.kind')} < {_kind_rank_sql('names.kind')}",
            names,
        )
        places.clear()
        names.clear()

    for n, p in _dump_rows(dump, progress, columns=15):
        try:
            gid, lat, lon = int(p[0]), float(p[4]), float(p[5])
            pop = int(p[14]) if p[14] else 0
        except ValueError as exc:
            raise GazetteerError(f"{dump.name} line {n}: {exc}") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            log.warning("%s line %d: point (%s, %s) out of range; skipped", dump.name, n, lat, lon)
            continue
        fclass = p[6] or None
        rec = PlaceRecord(
            geonameid=gid, name=p[1], lat=lat, lon=lon, country_code=p[8] or None,
            feature_class=fclass, feature_code=p[7] or None, population=pop, admin1=p[10] or None,
            alternates=tuple(p[3].split(",")) if p[3] else (), ascii_name=p[2] or None,
        )  # fmt: skip
        places.append((gid, rec.name, lat, lon, rec.country_code, fclass, rec.feature_code, pop, rec.admin1))
        names.extend((k, gid, KINDS[kind]) for k, kind in _name_rows(rec, city=fclass in ("P", "S")).items())
        if len(places) >= 50000:
            flush()
    flush()


def _import_alternates(con: sqlite3.Connection, path: Path, progress: Progress | None) -> None:
    ids = {r[0] for r in con.execute("SELECT geonameid FROM places")}
    rows: list[tuple[str, int, str]] = []
    sql = "INSERT OR IGNORE INTO names VALUES (?,?,?)"
    for n, p in _dump_rows(path, progress, columns=4, prefer="alternateNamesV2"):
        lang = p[2]
        if lang in _SKIP_LANGS or (len(p) > 7 and p[7] == "1"):
            continue
        try:
            gid = int(p[1])
        except ValueError as exc:
            raise GazetteerError(f"{path.name} line {n}: {exc}") from exc
        if gid not in ids:
            continue
        name = p[3]
        abbrev = lang == "abbr" or _is_abbrev(name)
        if not (abbrev and is_latin(name)) and not keep_alternate(name):
            continue
        key = normalise(name)
        if key:
            rows.append((key, gid, "abbrev" if abbrev else "alternate"))
        if len(rows) >= 50000:
            con.executemany(sql, rows)
            rows.clear()
    con.executemany(sql, rows)

