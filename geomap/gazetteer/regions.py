"""Large places that news names but GeoNames' populated places leave out.

Oceans and seas, macro-regions ("Middle East", "Horn of Africa"), a few islands that news
names alone ("Tortola", "Fire Island"), disputed or
historical areas ("South Ossetia", "Soviet Union" is a name of Russia's in
:mod:`~geomap.gazetteer.sources`), deserts and mountain ranges.
One row per place in :data:`REGIONS_TSV`::

    name | other names (";") | lat | lon | GeoNames id or "" | class.code | country[.admin1] or ""

The point is GeoNames' own where it is known (the id is then given), else a
representative point of the area. A row without a GeoNames id gets a stable
negative id (:func:`synthetic_id`), which no GeoNames place has.

>>> rows = region_records()
>>> med = next(r for r in rows if r.name == "Mediterranean Sea")
>>> med.geonameid, med.feature_code, "Mediterranean" in med.alternates
(363196, 'SEA', True)
>>> synthetic_id("Sahel") < 0
True
"""

from __future__ import annotations

import zlib

from .sources import PlaceRecord

__all__ = ["REGIONS_TSV", "region_records", "synthetic_id"]

# fmt: off
REGIONS_TSV = """
Pacific Ocean|Pacific|3.51342|-132.1875|2363254|H.OCN|
North Pacific Ocean|North Pacific|30.0|-170.0|4030875|H.OCN|
South Pacific Ocean|South Pacific|-30.0|-130.0||H.OCN|
Atlantic Ocean|Atlantic|10.0|-25.0|3373405|H.OCN|
North Atlantic Ocean|North Atlantic|40.0|-40.0|3411923|H.OCN|
South Atlantic Ocean|South Atlantic|-30.0|-15.0||H.OCN|
Indian Ocean||-10.0|70.0|1545739|H.OCN|
Arctic Ocean|Arctic|85.0|0.0||H.OCN|
Southern Ocean|Antarctic Ocean|-60.0|90.0||H.OCN|
Mediterranean Sea|Mediterranean|35.0|20.0|363196|H.SEA|
Red Sea||19.0|39.5|235615|H.SEA|
Persian Gulf|Gulf;Arabian Gulf|27.0|51.0|235616|H.GULF|
Black Sea||43.0|35.0|6640396|H.SEA|
Caspian Sea|Caspian|42.0|50.5||H.LK|
Baltic Sea|Baltic|58.0|20.0||H.SEA|
North Sea||56.0|3.0||H.SEA|
Norwegian Sea||69.0|3.0||H.SEA|
Barents Sea||74.0|40.0||H.SEA|
Irish Sea||53.5|-5.0||H.SEA|
English Channel||50.2|-1.0||H.CHN|
Aegean Sea|Aegean|39.0|25.0||H.SEA|
Adriatic Sea|Adriatic|43.0|15.0||H.SEA|
Sea of Azov||46.0|36.5||H.SEA|
Dead Sea||31.5|35.5||H.LK|
Sea of Galilee|Lake Tiberias|32.8|35.6||H.LK|
South China Sea||12.0|114.0||H.SEA|
East China Sea||29.0|125.0||H.SEA|
Yellow Sea||35.0|123.0||H.SEA|
Sea of Japan|East Sea|40.0|135.0||H.SEA|
Sea of Okhotsk||55.0|150.0||H.SEA|
Bering Sea||58.0|-178.0||H.SEA|
Arabian Sea||15.0|65.0||H.SEA|
Bay of Bengal||15.0|88.0||H.BAY|
Gulf of Aden||12.5|48.0||H.GULF|
Gulf of Oman||24.5|58.5||H.GULF|
Strait of Hormuz|Straits of Hormuz|26.57|56.25||H.STRT|
Strait of Malacca|Straits of Malacca|4.0|100.5||H.STRT|
Taiwan Strait|Formosa Strait|24.5|119.5||H.STRT|
Strait of Gibraltar||35.95|-5.6||H.STRT|
Bosphorus|Bosporus|41.12|29.05||H.STRT|TR
Suez Canal||30.5|32.34||H.CNL|EG
Panama Canal||9.12|-79.75||H.CNL|PA
Gulf of Mexico||25.0|-90.0|3572949|H.GULF|
Caribbean Sea|Caribbean;West Indies|15.0|-75.0|3572951|H.SEA|
Gulf of Guinea||3.0|2.5||H.GULF|
Gulf of Alaska||57.5|-145.0||H.GULF|
Great Lakes||45.0|-84.0||H.LKS|
Middle East|Mideast;Near East|33.13906|35.85869|6269133|L.RGN|
North Africa|Northern Africa|32.95337|9.97559|7729887|L.RGN|
West Africa|Western Africa|12.0|-3.0||L.RGN|
East Africa|Eastern Africa|0.0|37.0||L.RGN|
Central Africa|Middle Africa|3.0|20.0||L.RGN|
Southern Africa||-24.0|25.0||L.RGN|
Sub-Saharan Africa||0.0|20.0||L.RGN|
Horn of Africa||8.0|45.0||L.PEN|
Maghreb|Maghrib|31.0|2.0||L.RGN|
Levant||34.0|36.0||L.RGN|
Sahel||14.5|0.0||L.RGN|
Sahara|Sahara Desert|23.0|13.0||T.DSRT|
Central America||25.32417|-99.66797|7729892|L.RGN|
Southeast Asia|South-East Asia;South East Asia|10.0|106.0||L.RGN|
East Asia|Eastern Asia|35.0|115.0||L.RGN|
Central Asia||45.0|65.0||L.RGN|
South Asia|Southern Asia|22.0|80.0||L.RGN|
Indian subcontinent||22.0|79.0||L.RGN|
Caucasus|Caucasus region;Caucasus Mountains|42.5|45.0|573081|T.MTS|
Balkans|Balkan Peninsula|43.0|21.0||L.PEN|
Scandinavia|Scandinavian Peninsula|63.0|14.0||L.RGN|
Iberian Peninsula|Iberia|40.0|-4.0||L.PEN|
British Isles||54.0|-4.0||T.ISLS|
Western Europe||48.0|5.0||L.RGN|
Eastern Europe||52.0|28.0||L.RGN|
Central Europe||49.0|15.0||L.RGN|
Northern Europe||60.0|15.0||L.RGN|
Baltic states|Baltics|56.5|24.0||L.RGN|
Korean Peninsula||38.62545|127.55127|11494804|L.PEN|
Siberia||60.0|105.0||L.RGN|RU
Russian Far East||62.0|135.0||L.RGN|RU
Golan Heights|Golan|33.0|35.75||T.UPLD|SY
Sinai Peninsula|Sinai|29.5|33.8||L.PEN|EG
Darfur||13.0|25.0|376731|L.RGN|SD
South Ossetia||42.3333|44.0|611834|L.RGN|GE
Nagorno-Karabakh|Nagorno Karabakh;Karabakh;Artsakh|39.9|46.7||L.RGN|AZ
Donbas|Donbass;Donets Basin|48.0|38.5||L.RGN|UA
Kurdistan||37.0|44.0|126585|L.RGN|
Ghouta|Eastern Ghouta;East Ghouta|33.527|36.389|173866|L.RGN|SY
Niger Delta||4.83333|6.0|2328927|L.RGN|NG
Nile Delta||30.85|31.2|351037|L.RGN|EG
Patagonia||-44.0|-69.0||L.RGN|
Amazon rainforest|Amazonia;Amazon basin;Amazon Rainforest|-3.5|-62.0||L.RGN|
Himalayas|Himalaya;Himalayan mountains|28.0|84.0||T.MTS|
Alps|Alpine region|46.5|10.0||T.MTS|
Pyrenees||42.67|1.0||T.MTS|
Ural Mountains|Urals|60.0|59.5||T.MTS|RU
Andes|Andes Mountains|-15.0|-70.0||T.MTS|
Rocky Mountains|Rockies|45.0|-110.0||T.MTS|
Appalachian Mountains|Appalachians|40.00037|-78.0|5178401|T.MTS|US
Appalachia||38.0|-81.0||L.RGN|US
Hindu Kush||35.5|70.5||T.MTS|
Midwest|Mid-West;Middle West|42.0|-90.0||L.RGN|US
New England||44.0|-71.5||L.RGN|US
Pacific Northwest||46.0|-121.0||L.RGN|US
West Coast||38.78072|-122.49639|7267651|L.RGN|US
East Coast|Eastern Seaboard|38.5|-76.0||L.RGN|US
Gulf Coast||29.5|-91.0||L.RGN|US
San Francisco Bay Area|Bay Area|37.8|-122.3||L.RGN|US
Silicon Valley||37.37|-122.04||L.RGN|US
Kaveri|Cauvery;Kaveri River;Cauvery River|11.13659|79.85782|1267384|H.STM|IN
Oahu|O'ahu|21.43333|-157.96667|5851609|T.ISL|US
Maui||20.77024|-156.26816|5850862|T.ISL|US
Long Island||40.8|-73.1||T.ISL|US
Fire Island||40.65|-73.15||T.ISL|US
Aleutian Islands|Aleutians|52.5|-175.0||T.ISLS|US
Tortola||18.43|-64.62||T.ISL|VG
Vancouver Island||49.6|-125.5||T.ISL|CA
Borneo||1.0|114.0||T.ISL|
Java|Jawa|-7.5|110.0||T.ISL|ID
Sumatra|Sumatera|0.0|102.0||T.ISL|ID
Luzon||16.0|121.0||T.ISL|PH
Mindanao||8.0|125.0||T.ISL|PH
Honshu|Honshū|36.0|138.0||T.ISL|JP
Kyushu|Kyūshū|32.5|131.0||T.ISL|JP
Yugoslavia||44.0|20.5||A.PCLH|
Czechoslovakia||49.5|17.0||A.PCLH|
East Germany|German Democratic Republic|52.0|12.5||A.PCLH|
West Germany||50.5|8.0||A.PCLH|
Northamptonshire|Northants|52.25|-0.83333|2641429|A.ADM2|GB.ENG
"""
# fmt: on


def synthetic_id(name: str) -> int:
    """A stable negative id for a place that has no GeoNames id.

    >>> synthetic_id("Sahel") == synthetic_id("Sahel") < 0
    True
    """
    return -(zlib.crc32(name.encode("utf-8")) % 1_000_000_000) - 1


def region_records(table: str = REGIONS_TSV) -> list[PlaceRecord]:
    """Parse ``table`` (see the module doc) into :class:`PlaceRecord`.

    Raises ``ValueError`` naming the bad line when a row is malformed.

    >>> [r.name for r in region_records("Testsea|Test Sea;TS|1.5|2.5||H.SEA|")]
    ['Testsea']
    """
    out: list[PlaceRecord] = []
    for n, line in enumerate(table.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("|")
        if len(parts) != 7:
            raise ValueError(f"regions table line {n}: expected 7 '|'-separated fields, got {len(parts)}: {line!r}")
        name, alts, lat, lon, gid, feature, cc = (p.strip() for p in parts)
        fclass, _, fcode = feature.partition(".")
        cc, _, admin1 = cc.partition(".")
        try:
            point = (float(lat), float(lon))
            ident = int(gid) if gid else synthetic_id(name)
        except ValueError as exc:
            raise ValueError(f"regions table line {n}: {exc}") from exc
        if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            raise ValueError(f"regions table line {n}: point {point} is out of range")
        out.append(
            PlaceRecord(
                geonameid=ident,
                name=name,
                lat=point[0],
                lon=point[1],
                country_code=cc or None,
                admin1=admin1 or None,
                feature_class=fclass or None,
                feature_code=fcode or None,
                alternates=tuple(a.strip() for a in alts.split(";") if a.strip()),
            )
        )
    return out
