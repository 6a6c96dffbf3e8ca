"""``geomap evaluate``: accuracy against annotated corpora."""

from __future__ import annotations

import json

import click

from . import cli
from .common import make_pipeline
from .options import pipeline_options, quiet_option


@cli.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False), nargs=-1, required=True)
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score these predictions (geoparse output) instead of running geomap.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pipeline_options
@quiet_option
def evaluate_command(gold: tuple[str, ...], pred: str | None, as_json: bool, quiet: bool, **pipeline_opts) -> None:
    """Score recognition, resolution (and routes, where the gold has them)
    against GOLD JSON Lines files of {"id","text","toponyms":[...]}.

    \b
    Reported per corpus: precision/recall/F1 of recognition (strict and
    overlapping spans, one-to-one), accuracy within 161 km, mean and median
    error, AUC of the error curve, end-to-end F1@161, and route stop F1 and
    Kendall's tau-b for gold files with "route".
    """
    from ..evaluate import evaluate_files

    if pred and len(gold) > 1:
        raise click.UsageError("--pred goes with a single GOLD file")
    fn = None
    if not pred:
        pipe = make_pipeline(**pipeline_opts)

        def fn(docs):
            for result in pipe.geoparse_many(_articles(docs)):
                yield result.to_record()

    reports = [evaluate_files(g, pred_path=pred, geoparse_fn=fn) for g in gold]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2))
    else:
        for r in reports:
            click.echo(r.to_table())


def _articles(docs):
    from ..article import article_from_text

    for doc_id, text in docs:
        yield article_from_text(text, id=str(doc_id))
