"""``geomap cache``: the persistent cache of online geocoder answers."""

from __future__ import annotations

import click

from . import cli
from .common import make_settings

_cache_dir = click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                          help="Cache directory (default: the user cache dir, or $GEOMAP_CACHE_DIR).")


@cli.group("cache")
def cache_group() -> None:
    """The geocode cache (online answers, kept so each query is asked once)."""


@cache_group.command("info")
@_cache_dir
def cache_info(cache_dir: str | None) -> None:
    """Where the caches live and how many answers they hold."""
    from ..geocode.cache import GeocodeCache

    settings = make_settings(cache_dir)
    click.echo(f"cache directory: {settings.cache_dir}")
    click.echo(f"gazetteer:       {settings.gazetteer_path}"
               + ("" if settings.gazetteer_path.exists() else " (not built yet)"))
    path = settings.geocode_cache_path
    if path.exists():
        stats = GeocodeCache(path).stats()
        click.echo(f"geocode cache:   {path} ({stats})")
    else:
        click.echo(f"geocode cache:   {path} (empty)")


@cache_group.command("clear")
@_cache_dir
@click.confirmation_option(prompt="Delete every cached geocoder answer?")
def cache_clear(cache_dir: str | None) -> None:
    """Delete the cached online geocoder answers (the gazetteer is kept)."""
    from ..geocode.cache import GeocodeCache

    path = make_settings(cache_dir).geocode_cache_path
    if path.exists():
        GeocodeCache(path).clear()
    click.echo("geocode cache cleared")
