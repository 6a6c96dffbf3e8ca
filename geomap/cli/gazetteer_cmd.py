"""``geomap gazetteer``: build, inspect and extend the offline gazetteer."""

from __future__ import annotations

import time

import click

from . import cli
from .common import make_settings


@cli.group("gazetteer")
def gazetteer_group() -> None:
    """The offline GeoNames gazetteer (a SQLite file in the cache directory)."""


_cache_dir = click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                          help="Cache directory (default: the user cache dir, or $GEOMAP_CACHE_DIR).")


@gazetteer_group.command("build")
@_cache_dir
@click.option("--force", is_flag=True, help="Rebuild even if the gazetteer exists.")
def build_command(cache_dir: str | None, force: bool) -> None:
    """Build the gazetteer from the packaged GeoNames data (done once, automatically,
    on first use; this command does it now)."""
    from ..gazetteer.build import build_gazetteer

    settings = make_settings(cache_dir)
    path = settings.gazetteer_path
    if path.exists() and not force:
        from ..gazetteer.store import validate_gazetteer

        problem = validate_gazetteer(path)
        if problem is None:
            click.echo(f"gazetteer already built at {path} (use --force to rebuild)")
            return
        click.echo(f"the gazetteer at {path} {problem}: rebuilding it", err=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    report = build_gazetteer(path)
    click.echo(f"built {path}: {report.rows:,} places, {report.names:,} names, "
               f"{report.bytes / 1e6:.0f} MB in {report.seconds:.1f} s")


@gazetteer_group.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False), default=None,
              help="GeoNames alternateNamesV2.txt (or a country's alternate names file).")
@_cache_dir
def import_command(dump: str, alternate_names: str | None, cache_dir: str | None) -> None:
    """Add a GeoNames dump (allCountries.txt, a country file such as RU.txt, or
    its .zip) to the gazetteer: islands, landmarks and all admin levels."""
    from ..gazetteer.build import import_geonames_dump
    from ..gazetteer.store import open_gazetteer

    settings = make_settings(cache_dir)
    open_gazetteer(settings).close()  # builds the base gazetteer first if needed
    report = import_geonames_dump(settings.gazetteer_path, dump, alternate_names=alternate_names)
    click.echo(f"imported {report.rows:,} places and {report.names:,} names from {dump} "
               f"in {report.seconds:.1f} s")


@gazetteer_group.command("lookup")
@click.argument("name")
@click.option("-n", "--limit", default=10, show_default=True, help="How many candidates to show.")
@_cache_dir
def lookup_command(name: str, limit: int, cache_dir: str | None) -> None:
    """Show the candidates the gazetteer has for NAME."""
    from ..gazetteer.store import open_gazetteer

    gz = open_gazetteer(make_settings(cache_dir))
    t0 = time.perf_counter()
    cands = gz.lookup(name, limit=limit)
    ms = (time.perf_counter() - t0) * 1000
    if not cands:
        click.echo(f"no candidates for {name!r}")
    for c in cands:
        click.echo(f"{c.geonameid or '-':>10}  {c.name:<30} {c.country_code or '--':2} {c.feature or '?':<8} "
                   f"pop {c.population:>10,}  {c.lat:9.4f} {c.lon:10.4f}  ({c.match})")
    click.echo(f"({ms:.1f} ms)", err=True)


@gazetteer_group.command("info")
@_cache_dir
def info_command(cache_dir: str | None) -> None:
    """Where the gazetteer is and how large."""
    settings = make_settings(cache_dir)
    path = settings.gazetteer_path
    if not path.exists():
        click.echo(f"not built yet (will be built at {path} on first use)")
        return
    click.echo(f"{path} ({path.stat().st_size / 1e6:.0f} MB)")
