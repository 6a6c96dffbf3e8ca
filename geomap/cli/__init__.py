"""The ``geomap`` command line: a thin layer that parses options and calls the library.

Every error geomap raises on purpose becomes one line on stderr and the exit
code of its class (see :mod:`geomap.errors`):

====  ===========================================
0     success
1     other geomap error
2     bad input (missing file, undecodable text, bad options)
3     an output could not be written
4     the offline gazetteer could not be built or opened
5     the spaCy model could not be loaded
6     an online geocoder failed (only with --on-geocoder-error raise)
7     the geocode cache failed
130   interrupted (Ctrl-C)
====  ===========================================
"""

from __future__ import annotations

import logging
import sys
import warnings

import click

from ..errors import GeomapError

__all__ = ["main", "cli"]


class _Group(click.Group):
    """Turns GeomapError into a one-line message and its exit code."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except GeomapError as exc:
            click.echo(f"geomap: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("geomap: interrupted", err=True)
            ctx.exit(130)
        except MemoryError:
            click.echo("geomap: error: out of memory", err=True)
            ctx.exit(1)


def _show_warning(message, category, filename, lineno, file=None, line=None):  # pragma: no cover - cosmetic
    click.echo(f"geomap: warning: {message}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geomap")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """geomap: turn news articles into maps of the places they report and the
    route their subject travelled.

    \b
    geomap map ARTICLE.txt               interactive HTML map (outputs/ARTICLE.html)
    geomap geoparse INPUT -o OUT.jsonl   places and routes for many documents
    geomap evaluate GOLD.jsonl           accuracy against annotated corpora
    geomap gazetteer build               build the offline gazetteer now

    Offline by default: no network is needed.
    """
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="geomap: %(levelname)s: %(message)s")
    warnings.showwarning = _show_warning


from . import cache_cmd, evaluate_cmd, gazetteer_cmd, geoparse_cmd, map_cmd  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``geomap`` script."""
    cli(prog_name="geomap")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
