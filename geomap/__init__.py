"""geomap: turn a news article into a map of its places and the route its subject travelled.

>>> import geomap
>>> result = geomap.geoparse("The minister flew from Paris to Berlin.")  # doctest: +SKIP
>>> result.places                                                        # doctest: +SKIP

Nothing is loaded at import time: the spaCy model and the gazetteer open on
first use.
"""

from .config import Settings
from .errors import (
    CacheError,
    GazetteerError,
    GeocoderError,
    GeocoderRateLimited,
    GeocoderUnavailable,
    GeomapError,
    InputError,
    ModelError,
    OutputError,
)
from .models import Article, Candidate, Mention, Place, Result, Role, Route, Span, Stop
from .pipeline import Pipeline, as_article, geoparse

__version__ = "0.1.0"

__all__ = [
    "geoparse",
    "Pipeline",
    "Settings",
    "as_article",
    "Article",
    "Mention",
    "Candidate",
    "Place",
    "Role",
    "Stop",
    "Route",
    "Result",
    "Span",
    "GeomapError",
    "InputError",
    "OutputError",
    "GazetteerError",
    "GeocoderError",
    "GeocoderUnavailable",
    "GeocoderRateLimited",
    "CacheError",
    "ModelError",
]
