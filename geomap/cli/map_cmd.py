"""``geomap map``: one article to an interactive HTML map (and other formats)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from . import cli
from .common import check_output, make_pipeline
from .options import pipeline_options, quiet_option


@cli.command("map")
@click.argument("article", metavar="ARTICLE")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="HTML file to write (default: outputs/<article name>.html).")
@click.option("--geojson", type=click.Path(), default=None, help="Also write GeoJSON here.")
@click.option("--csv", "csv_path", type=click.Path(), default=None, help="Also write CSV here.")
@click.option("--json", "json_path", type=click.Path(), default=None,
              help="Also write the geoparse record (JSON) here.")
@click.option("--title", default=None, help="Map title (default: the article's headline).")
@click.option("--self-contained", is_flag=True,
              help="Inline Leaflet and plugins so the HTML works with no network (no tiles: "
                   "country outlines are drawn instead).")
@click.option("--url", "is_url", is_flag=True, help="ARTICLE is a web address (needs geomap[web]).")
@pipeline_options
@quiet_option
def map_command(article: str, output: str | None, geojson: str | None, csv_path: str | None,
                json_path: str | None, title: str | None, self_contained: bool, is_url: bool, quiet: bool,
                **pipeline_opts) -> None:
    """Map the places in ARTICLE and the route its subject travelled.

    ARTICLE is a .txt, .md or .html file, or - for standard input. The map is
    written to outputs/<name>.html unless -o is given.

    \b
    Examples:
      geomap map examples/expedition.txt
      geomap map story.html -o story-map.html --geojson story.geojson
      cat story.txt | geomap map - -o story.html
    """
    from ..article import load_article, load_url
    from ..render.folium_map import save_map
    from ..render.formats import write_csv, write_geojson, write_json

    t0 = time.perf_counter()
    for path, what in ((output, "the map"), (geojson, "GeoJSON"), (csv_path, "CSV"), (json_path, "JSON")):
        check_output(path, what)
    art = load_url(article) if is_url else load_article(article)
    out = Path(output) if output else Path("outputs") / f"{art.id}.html"
    check_output(out, "the map")
    pipe = make_pipeline(**pipeline_opts)
    result = pipe.geoparse(art)
    save_map(result, out, title=title, self_contained=self_contained)
    if geojson:
        write_geojson(result, geojson)
    if csv_path:
        write_csv(result, csv_path)
    if json_path:
        write_json(result, json_path)
    if not quiet:
        _summary(result, out, time.perf_counter() - t0)


def _summary(result, out: Path, seconds: float) -> None:
    places = [p for p in result.toponyms if p.mappable]
    unresolved = sum(1 for p in result.toponyms if p.candidate is None)
    stops = result.route.stops
    click.echo(f"{len({p.candidate.key for p in places})} places ({len(places)} mentions, "
               f"{unresolved} unresolved) in {result.id}", err=True)
    if stops:
        click.echo("route: " + " -> ".join(f"{s.seq}. {s.name}" for s in stops), err=True)
    else:
        click.echo("route: none (no journey found)", err=True)
    click.echo(f"map written to {out} ({seconds:.1f} s)", err=True)
