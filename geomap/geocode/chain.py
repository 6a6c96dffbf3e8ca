"""Keep going offline when the online geocoder fails.

>>> from geomap.errors import GeocoderUnavailable
>>> from geomap.models import Candidate
>>> class Down:
...     name = "nominatim"
...     def candidates(self, query, *, country=None):
...         raise GeocoderUnavailable("connection refused")
>>> class Offline:
...     name = "gazetteer"
...     def candidates(self, query, *, country=None):
...         return [Candidate("Lyon", 45.76, 4.83)]
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     chain = FallbackGeocoder(Down(), Offline())
...     names = [chain.candidates("Lyon")[0].name for _ in range(3)]
>>> names, len(caught)
(['Lyon', 'Lyon', 'Lyon'], 1)
>>> str(caught[0].message)
'online geocoder nominatim unavailable (connection refused); continuing offline with gazetteer'
"""

from __future__ import annotations

import logging
import threading
import warnings

from ..errors import GeocoderError, InputError
from ..models import Candidate
from ..protocols import Geocoder

__all__ = ["FallbackGeocoder", "GeocoderFallbackWarning"]

log = logging.getLogger(__name__)


class GeocoderFallbackWarning(UserWarning):
    """The primary geocoder failed and the fallback answered instead."""


class FallbackGeocoder:
    """Ask ``primary``; when it fails (or knows nothing), ask ``fallback``.

    Parameters
    ----------
    primary
        Usually the online geocoder, wrapped in its cache.
    fallback
        Usually the offline gazetteer geocoder.
    on_error
        What to do when ``primary`` raises :class:`GeocoderError` (unavailable,
        rate limited, circuit open, bad answer): ``"warn"`` (warn once per
        instance, then use ``fallback``), ``"ignore"`` (use ``fallback``, log
        only) or ``"raise"`` (re-raise).
    when_empty
        ``"fallback"`` asks ``fallback`` when ``primary`` answers no candidates;
        ``"keep"`` returns the empty answer.

    Notes
    -----
    Do not wrap a :class:`FallbackGeocoder` in a cache: stand-in answers would
    be stored as the primary's. Cache the primary alone.
    """

    def __init__(
        self,
        primary: Geocoder,
        fallback: Geocoder,
        *,
        on_error: str = "warn",
        when_empty: str = "fallback",
    ) -> None:
        if on_error not in ("warn", "ignore", "raise"):
            raise InputError(f"on_error must be 'warn', 'ignore' or 'raise', got {on_error!r}")
        if when_empty not in ("fallback", "keep"):
            raise InputError(f"when_empty must be 'fallback' or 'keep', got {when_empty!r}")
        self.primary = primary
        self.fallback = fallback
        self.on_error = on_error
        self.when_empty = when_empty
        self.name: str = f"{primary.name}|{fallback.name}"
        self.failures = 0
        self._warned = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FallbackGeocoder({self.primary!r}, {self.fallback!r}, on_error={self.on_error!r})"

    def candidates(self, query: str, *, country: str | None = None) -> list[Candidate]:
        """The primary's candidates, or the fallback's when it fails or finds none."""
        try:
            found = list(self.primary.candidates(query, country=country))
        except GeocoderError as exc:
            if self.on_error == "raise":
                raise
            self._note_failure(exc)
            return list(self.fallback.candidates(query, country=country))
        if found or self.when_empty == "keep":
            return found
        return list(self.fallback.candidates(query, country=country))

    def _note_failure(self, exc: GeocoderError) -> None:
        with self._lock:
            self.failures += 1
            first = not self._warned
            self._warned = True
        msg = (
            f"online geocoder {self.primary.name} unavailable ({exc}); "
            f"continuing offline with {self.fallback.name}"
        )
        if first and self.on_error == "warn":
            warnings.warn(msg, GeocoderFallbackWarning, stacklevel=3)
        elif first:
            log.warning(msg)
        else:
            log.info(msg)
