"""geomap's exceptions: one base class, one subclass per kind of failure.

Every error geomap raises on purpose is a :class:`GeomapError`; the CLI turns
each into a one-line message and the exit code in :attr:`GeomapError.exit_code`.
"""

from __future__ import annotations

__all__ = [
    "GeomapError",
    "InputError",
    "GazetteerError",
    "GeocoderError",
    "GeocoderUnavailable",
    "GeocoderRateLimited",
    "CacheError",
    "ModelError",
    "OutputError",
]


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""

    exit_code = 1


class InputError(GeomapError, ValueError):
    """The input could not be read or is not usable (missing file, bad encoding...)."""

    exit_code = 2


class OutputError(GeomapError, OSError):
    """An output could not be written."""

    exit_code = 3


class GazetteerError(GeomapError):
    """The offline gazetteer could not be built or opened."""

    exit_code = 4


class ModelError(GeomapError):
    """The spaCy model could not be loaded."""

    exit_code = 5


class GeocoderError(GeomapError):
    """An online geocoder failed."""

    exit_code = 6


class GeocoderUnavailable(GeocoderError):
    """The provider could not be reached (network down, timeout, 5xx, circuit open)."""


class GeocoderRateLimited(GeocoderError):
    """The provider answered 429; ``retry_after`` is the seconds it asked us to wait."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class CacheError(GeomapError):
    """The geocode cache could not be opened or written."""

    exit_code = 7
