"""Run the installed ``geomap`` script in a subprocess, against a fake Nominatim.

Shared by the fault and cache-integrity tests. Every run has a timeout, so a
hang fails the test instead of blocking the suite; the environment points the
run at the test session's gazetteer (``GEOMAP_GAZETTEER``) and at its own
geocode cache (``GEOMAP_CACHE_DIR``), and drops any proxy settings so that
traffic only ever goes to 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Sequence

from geomap.config import Settings

UA = "geomap-tests/1.0 (tests@example.invalid)"

#: An article naming five places the fake geocoder knows (written for the tests).
TOUR = (
    "Trade envoy ends her spring tour\n\n"
    "The trade envoy flew from Lisbon to Madrid on Monday. On Tuesday she took the train to Lyon, "
    "and on Wednesday she drove on to Milan. She ended the tour in Vienna on Friday.\n"
)
TOUR_NAMES = ("Lisbon", "Madrid", "Lyon", "Milan", "Vienna")

#: Records for the fake server (coordinates approximate).
COORDS = {
    "lisbon": (38.7223, -9.1393, "pt", "Portugal"),
    "madrid": (40.4168, -3.7038, "es", "Spain"),
    "lyon": (45.7578, 4.8320, "fr", "France"),
    "milan": (45.4642, 9.1900, "it", "Italy"),
    "vienna": (48.2082, 16.3738, "at", "Austria"),
    "porto": (41.1579, -8.6291, "pt", "Portugal"),
    "seville": (37.3891, -5.9845, "es", "Spain"),
    "turin": (45.0703, 7.6869, "it", "Italy"),
    "geneva": (46.2044, 6.1432, "ch", "Switzerland"),
    "munich": (48.1351, 11.5820, "de", "Germany"),
    "prague": (50.0755, 14.4378, "cz", "Czechia"),
    "krakow": (50.0647, 19.9450, "pl", "Poland"),
    "zagreb": (45.8150, 15.9819, "hr", "Croatia"),
    "oslo": (59.9139, 10.7522, "no", "Norway"),
    "bergen": (60.3913, 5.3221, "no", "Norway"),
}


def fake_places() -> dict:
    from fake_nominatim import place

    return {k: [place(k.title(), lat, lon, country_code=cc, country=country, population=100_000,
                      importance=0.7)] for k, (lat, lon, cc, country) in COORDS.items()}


def geomap_script() -> list[str]:
    exe = shutil.which("geomap")
    return [exe] if exe else [sys.executable, "-c", "from geomap.cli import main; main()"]


def env_for(cache_dir: Path) -> dict[str, str]:
    """The environment of a run: its own geocode cache, the session's gazetteer, no proxies."""
    gazetteer = Settings.from_env().gazetteer_path
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(GEOMAP_CACHE_DIR=str(cache_dir), GEOMAP_GAZETTEER=str(gazetteer), NO_PROXY="127.0.0.1,localhost",
               PYTHONWARNINGS="ignore::DeprecationWarning")
    return env


def online_args(domain: str, *, timeout: float | None = None) -> list[str]:
    args = ["--geocoder", "nominatim", "--geocoder-domain", domain, "--geocoder-scheme", "http",
            "--user-agent", UA]
    if timeout is not None:
        args += ["--geocoder-timeout", str(timeout)]
    return args


def run(args: Sequence[str], *, cwd: Path, cache_dir: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(geomap_script() + list(args), cwd=cwd, env=env_for(cache_dir), capture_output=True,
                          text=True, timeout=timeout)


def popen(args: Sequence[str], *, cwd: Path, cache_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(geomap_script() + list(args), cwd=cwd, env=env_for(cache_dir),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def cached_queries(cache_dir: Path) -> dict[str, int]:
    """``{query: number of candidates}`` stored in the geocode cache of ``cache_dir``."""
    path = Settings(cache_dir=cache_dir).geocode_cache_path
    if not path.exists():
        return {}
    try:
        with sqlite3.connect(path, timeout=30) as conn:
            rows = conn.execute("SELECT query, candidates_json FROM geocode").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # created, not yet set up by the process that made it
            return {}
        raise
    import json

    return {q: len(json.loads(c)) for q, c in rows}


def integrity(cache_dir: Path) -> str:
    path = Settings(cache_dir=cache_dir).geocode_cache_path
    with sqlite3.connect(path) as conn:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))


def gaps(times: Sequence[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def run_python(code: str, *, timeout: float = 180) -> str:
    """Run ``code`` (dedented) in a fresh interpreter; its stdout, stripped.

    For import-time behaviour that an already warmed-up test process cannot show.
    """
    import textwrap

    res = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         timeout=timeout)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()
