"""The offline geocoder: candidates from the local GeoNames gazetteer.

>>> import tempfile, os
>>> from geomap.gazetteer.build import PlaceRecord, build_gazetteer
>>> from geomap.gazetteer.store import Gazetteer
>>> path = os.path.join(tempfile.mkdtemp(), "g.sqlite3")
>>> _ = build_gazetteer(path, sources=[PlaceRecord(7, "Testville", 1.5, 2.5, "XX", "P", "PPL", 900)])
>>> geocoder = OfflineGeocoder(Gazetteer(path))
>>> [c.geonameid for c in geocoder.candidates("Testville")]
[7]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Candidate

if TYPE_CHECKING:  # pragma: no cover
    from ..gazetteer.store import Gazetteer

__all__ = ["OfflineGeocoder"]


class OfflineGeocoder:
    """A :class:`~geomap.protocols.Geocoder` over a :class:`~geomap.gazetteer.store.Gazetteer`.

    Needs no network and never raises for "not found" (an empty list).

    Parameters
    ----------
    gazetteer
        The gazetteer to search (see :func:`geomap.gazetteer.store.open_gazetteer`).
    limit
        At most this many candidates per query.
    """

    name = "geonames-offline"

    def __init__(self, gazetteer: "Gazetteer", *, limit: int = 50) -> None:
        self.gazetteer = gazetteer
        self.limit = limit

    def __repr__(self) -> str:
        return f"OfflineGeocoder({self.gazetteer!r})"

    def candidates(self, query: str, *, country: str | None = None) -> list[Candidate]:
        """Places called ``query`` (optionally in ``country``, an ISO alpha-2
        code), best first; ``provider`` is ``"gazetteer"``."""
        return self.gazetteer.lookup(query, country=country, limit=self.limit)
