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

Anything else that goes wrong is a bug: it is reported in one line with exit
code 1 and the hint to run with ``-v``, which prints the traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback
import warnings

import click

from ..errors import GeomapError

__all__ = ["main", "cli", "one_line", "EXIT_INTERRUPTED", "EXIT_BUG"]

#: Exit code after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: Exit code of an unexpected exception (a bug in geomap or a library).
EXIT_BUG = 1


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (whitespace runs, newlines included, become one space).

    >>> one_line(ValueError("bad\\n  value"))
    'bad value'
    >>> one_line(KeyError("k"))
    "'k'"
    """
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


class _Group(click.Group):
    """Turns every failure into a one-line message and a documented exit code.

    :class:`GeomapError` exits with its ``exit_code``; Ctrl-C with 130; any
    other exception (a bug) with 1 and a hint, or its traceback with ``-v``.
    """

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        verbose = int(ctx.params.get("verbose") or 0)
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click reports its own (usage errors exit 2)
        except GeomapError as exc:
            if verbose >= 2:
                traceback.print_exc(file=sys.stderr)
            click.echo(f"geomap: error: {one_line(exc)}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("geomap: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except MemoryError:
            click.echo("geomap: error: out of memory", err=True)
            ctx.exit(EXIT_BUG)
        except BrokenPipeError:
            _quiet_stdout()  # the reader went away (``geomap geoparse ... -o - | head``)
            ctx.exit(EXIT_BUG)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks for users
            if verbose >= 1:
                traceback.print_exc(file=sys.stderr)
            hint = "" if verbose >= 1 else " (run with -v for details)"
            click.echo(f"geomap: error: unexpected {type(exc).__name__}: {one_line(exc)}{hint}", err=True)
            ctx.exit(EXIT_BUG)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's exit-time flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError) as exc:  # not a real file (CliRunner)
        logging.getLogger(__name__).debug("cannot silence stdout: %s", exc)


def _show_warning(message, category, filename, lineno, file=None, line=None):  # pragma: no cover - cosmetic
    click.echo(f"geomap: warning: {message}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geomap")
@click.option("-v", "--verbose", count=True,
              help="More log output and tracebacks of unexpected errors (-vv for debug output).")
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
    try:
        cli(prog_name="geomap")
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C outside a command (while parsing options)
        click.echo("geomap: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
