"""``geomap geoparse``: many documents to JSON Lines (the output contract)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import cli
from .common import make_pipeline
from .options import pipeline_options, quiet_option


@cli.command("geoparse")
@click.argument("input", metavar="INPUT")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="JSON Lines file to write (- for standard output).")
@click.option("--resume/--no-resume", default=True, show_default=True,
              help="Skip ids already in OUTPUT (a killed run loses nothing).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10_000),
              help="Documents per spaCy batch.")
@pipeline_options
@quiet_option
def geoparse_command(input: str, output: str, resume: bool, batch_size: int, quiet: bool, **pipeline_opts) -> None:
    """Find and resolve the places in INPUT and write one JSON line per document.

    INPUT is a text file (its id is the file name without extension), a folder
    of .txt files, a JSON Lines file of {"id", "text", ...} objects, or - for
    standard input. Each output line is

    \b
    {"id", "toponyms": [{"start","end","name","lat","lon","geonameid",
                         "country_code","feature","score","role", ...}],
     "route": [{"name","lat","lon","start","end","seq","role", ...}]}

    with lat/lon null where a place could not be resolved. Malformed input lines
    are reported with their line numbers; every good document is still written.
    """
    from ..runner import geoparse_to_jsonl

    pipe = make_pipeline(batch_size=batch_size, **pipeline_opts)
    report = geoparse_to_jsonl(pipe, input, output, resume=resume, progress=not quiet)
    for p in report.problems:
        click.echo(f"geomap: skipped {p}", err=True)
    if not quiet:
        click.echo(f"{report.written} documents written to {output}"
                   + (f", {report.skipped} already there" if report.skipped else "")
                   + (f", {len(report.problems)} skipped (see above)" if report.problems else ""), err=True)
    if report.problems and report.written == 0 and report.skipped == 0:
        sys.exit(2)
