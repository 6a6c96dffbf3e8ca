"""Tiny shared fixtures. Anything that needs ../shared skips when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Each test session gets its own cache dir unless GEOMAP_TEST_CACHE is set,
    so tests never touch the user's cache. The gazetteer is shared across the
    session (it is built once)."""
    cache = os.environ.get("GEOMAP_TEST_CACHE") or str(tmp_path_factory.getbasetemp() / "geomap-cache")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", cache)
    yield


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
