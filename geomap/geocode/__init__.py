"""Candidate generation: the Geocoder protocol's implementations.

* :mod:`.offline` - the bundled GeoNames gazetteer (the default, no network);
* :mod:`.online` - any geopy provider, rate-limited, with retries and a circuit breaker;
* :mod:`.cache` - a persistent SQLite cache in front of an online provider;
* :mod:`.chain` - fall back to the offline gazetteer when the provider fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

__all__ = ["build_geocoder", "rate_file_for"]


def build_geocoder(
    provider: str,
    *,
    settings: Any,
    offline: Callable[[], Any],
    user_agent: str | None = None,
    domain: str | None = None,
    scheme: str | None = None,
    **options: Any,
):
    """An online ``provider`` behind the persistent cache, falling back to the
    offline gazetteer (``offline()`` returns it) with a warning when it fails.

    Requests are spaced across every process sharing the cache directory
    (``rate_file`` in ``options`` overrides the lock file, ``None`` turns
    that off); other ``options`` go to :func:`~geomap.geocode.online.make_geocoder`.

    The cache wraps the online geocoder only, so offline stand-in answers are
    never stored as the provider's.
    """
    from .cache import CachedGeocoder, GeocodeCache
    from .chain import FallbackGeocoder
    from .online import make_geocoder

    options.setdefault("rate_file", rate_file_for(settings, provider, domain))
    online = make_geocoder(provider, user_agent=user_agent or settings.user_agent, domain=domain,
                           scheme=scheme, **options)
    cached = CachedGeocoder(online, GeocodeCache(settings.geocode_cache_path))
    return FallbackGeocoder(cached, _LazyOffline(offline))


def rate_file_for(settings: Any, provider: str, domain: str | None = None) -> Path:
    """The lock file that spaces requests to one provider server across every
    process sharing ``settings.cache_dir`` (see :mod:`geomap.geocode.throttle`).

    >>> from geomap.config import Settings
    >>> rate_file_for(Settings(cache_dir="/c"), "Nominatim", "127.0.0.1:8080").as_posix()
    '/c/ratelimit/nominatim-127.0.0.1_8080.lock'
    """
    server = re.sub(r"[^A-Za-z0-9.-]+", "_", domain or "default")
    return Path(settings.cache_dir) / "ratelimit" / f"{provider.strip().lower()}-{server}.lock"


class _LazyOffline:
    """The offline geocoder, opened only if the online one ever fails."""

    name = "geonames-offline"

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._inner = None

    def candidates(self, query: str, *, country: str | None = None):
        if self._inner is None:
            from .offline import OfflineGeocoder

            self._inner = OfflineGeocoder(self._factory())
        return self._inner.candidates(query, country=country)
