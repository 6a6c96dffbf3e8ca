"""``geomap geoparse``: many documents to JSON Lines (the output contract)."""

from __future__ import annotations

import sys

import click

from . import cli
from .common import check_output, make_pipeline
from .options import pipeline_options, quiet_option


@cli.command("geoparse")
@click.argument("input", metavar="INPUT")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="JSON Lines file to write (- for standard output).")
@click.option("--resume/--no-resume", default=True, show_default=True,
              help="Skip ids already in OUTPUT (a killed run loses nothing).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10_000),
              help="Documents per spaCy batch.")
@click.option("--workers", default=None, type=click.IntRange(1, 1024), metavar="N",
              help="Worker processes on this machine (a Dask LocalCluster when N > 1; "
                   "default 1, or one per core with --engine dask).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine; dask: a Dask cluster (--scheduler) or a LocalCluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://HOST:8786) of an existing cluster; needs --engine dask.")
@click.option("--chunk-size", default=None, type=click.IntRange(1, 10_000), metavar="N",
              help="Documents per Dask task (default 16).")
@pipeline_options
@quiet_option
def geoparse_command(input: str, output: str, resume: bool, batch_size: int, workers: int | None, engine: str,
                     scheduler: str | None, chunk_size: int | None, quiet: bool, **pipeline_opts) -> None:
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

    \b
    Scaling out (same output, in input order):
      geomap geoparse corpus.jsonl -o out.jsonl --workers 2
      geomap geoparse corpus.jsonl -o out.jsonl --engine dask --scheduler tcp://HOST:8786
    """
    from ..engines import PipelineSpec, make_engine
    from ..runner import geoparse_to_jsonl

    check_output(output, "the output")
    runner = make_engine(engine, workers=workers, scheduler=scheduler, chunk_size=chunk_size)
    # A recipe rather than a pipeline: Dask workers each build (and keep) their own.
    spec = PipelineSpec.of(make_pipeline, batch_size=batch_size, **pipeline_opts)
    try:
        report = geoparse_to_jsonl(spec, input, output, resume=resume, progress=not quiet, engine=runner)
    finally:
        runner.close()
    for p in report.problems:
        click.echo(f"geomap: skipped {p}", err=True)
    if not quiet:
        click.echo(f"{report.written} documents written to {output}"
                   + (f", {report.skipped} already there" if report.skipped else "")
                   + (f", {len(report.problems)} skipped (see above)" if report.problems else ""), err=True)
    if report.problems and report.written == 0 and report.skipped == 0:
        sys.exit(2)
