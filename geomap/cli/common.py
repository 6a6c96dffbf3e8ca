"""What several commands share: building the pipeline from options."""

from __future__ import annotations

from ..config import Settings
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
                  cache_dir: str | None = None, batch_size: int = 32) -> Pipeline:
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
            ),
            settings=settings,
            batch_size=batch_size,
        )
    return pipe
