"""What several commands share: building the pipeline from options."""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Settings
from ..errors import OutputError
from ..pipeline import Pipeline


def make_settings(cache_dir: str | None = None, model: str | None = None,
                  user_agent: str | None = None) -> Settings:
    settings = Settings.from_env()
    changes: dict[str, object] = {}
    if cache_dir:
        changes["cache_dir"] = cache_dir
    if model:
        changes["model"] = model
    if user_agent:
        changes["user_agent"] = user_agent
    return settings.with_(**changes) if changes else settings


def make_pipeline(*, model: str | None = None, geocoder: str = "offline", user_agent: str | None = None,
                  geocoder_domain: str | None = None, geocoder_scheme: str | None = None,
                  geocoder_timeout: float | None = None, cache_dir: str | None = None,
                  batch_size: int = 32) -> Pipeline:
    """A :class:`Pipeline` from the CLI's options."""
    settings = make_settings(cache_dir, model, user_agent)
    pipe = Pipeline(settings=settings, batch_size=batch_size)
    if geocoder and geocoder != "offline":
        from ..geocode import build_geocoder

        pipe = Pipeline(
            geocoder=build_geocoder(
                geocoder,
                settings=settings,
                offline=lambda: pipe.gazetteer,
                user_agent=user_agent,
                domain=geocoder_domain,
                scheme=geocoder_scheme,
                **({"timeout": geocoder_timeout} if geocoder_timeout else {}),
            ),
            settings=settings,
            batch_size=batch_size,
        )
    return pipe


def check_output(path: "str | os.PathLike[str] | None", what: str = "output") -> None:
    """Fail early, before any work, when ``path`` cannot be written.

    ``None`` and ``"-"`` (standard output) always pass. Missing folders are
    fine (they are created); a path that is a folder, lies under a regular
    file or in a folder that cannot be written raises :class:`OutputError`.

    >>> check_output("-"), check_output(None)
    (None, None)
    >>> import tempfile; d = tempfile.mkdtemp()
    >>> check_output(d, "the map")
    Traceback (most recent call last):
    ...
    geomap.errors.OutputError: cannot write the map to ... it is a folder
    """
    if path is None or os.fspath(path) == "-":
        return
    p = Path(path)
    shown = os.fspath(path)
    if p.is_dir():
        raise OutputError(f"cannot write {what} to {shown}: it is a folder")
    if p.exists() and not os.access(p, os.W_OK):
        raise OutputError(f"cannot write {what} to {shown}: permission denied")
    parent = p.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {what} to {shown}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {what} to {shown}: folder {parent} is not writable")
