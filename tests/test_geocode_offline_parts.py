"""The offline geocoder's fallback to parts of a name ("Boise Fire Department" → "Boise").

All names and points are made up for the test.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer.build import PlaceRecord, build_gazetteer
from geomap.gazetteer.store import Gazetteer
from geomap.geocode.offline import OfflineGeocoder, sub_spans

RECORDS = [
    PlaceRecord(101, "Plimford", 10.0, 20.0, "XA", "P", "PPL", 120_000, "01"),
    PlaceRecord(102, "Plimford", -5.0, 30.0, "XB", "P", "PPL", 2_000, "02"),
    PlaceRecord(103, "Orrin County", 10.5, 20.5, "XA", "A", "ADM2", 50_000, "01", shorts=("Orrin",)),
    PlaceRecord(104, "Vell", 11.0, 21.0, "XA", "A", "ADM1", 900_000, "03", alternates=("Vell State",)),
    PlaceRecord(105, "Bramton", 12.0, 22.0, "XA", "P", "PPL", 40_000, "01", alternates=("Quarrow",)),
    PlaceRecord(106, "Greywater Ocean", 0.0, -150.0, None, "H", "OCN", 0, None, alternates=("Greywater",)),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("parts") / "gaz.sqlite3"
    build_gazetteer(path, sources=RECORDS)
    g = Gazetteer(path)
    yield g
    g.close()


@pytest.mark.parametrize(
    "name, parts",
    [
        ("Plimford Volunteer Fire Department", ["Plimford"]),
        ("Editorial Board Orrin County", ["Orrin County"]),
        ("north east Plimford", ["Plimford"]),
        ("Bramton Plimford County", ["Plimford County"]),
        ("Bramton-Orrin County", ["Orrin County"]),
        ("Bramton-Plimford", []),  # two places joined: neither alone
        ("X-Bramton Plimford", ["Bramton Plimford"]),
        ("Colony Theatre", []),  # a common noun alone names no place
        ("North Memorial Medical Center", []),  # nor does a qualifier
        ("Lake Plimford", []),  # a lake named after a town is not the town
        ("Plimford Avenue", []),  # nor is a street
        ("Plimford", []),  # one word: nothing shorter to try
        ("A B C D E F G H I", []),  # too long to be a name
    ],
)
def test_sub_spans(name: str, parts: list[str]) -> None:
    assert list(sub_spans(name)) == parts


def test_whole_name_first(gaz: Gazetteer) -> None:
    found = OfflineGeocoder(gaz).candidates("Plimford")
    assert [c.geonameid for c in found] == [101, 102]
    assert all("partial" not in (c.raw or {}) for c in found)


def test_falls_back_to_the_core_of_an_institution_name(gaz: Gazetteer) -> None:
    found = OfflineGeocoder(gaz).candidates("Plimford Senior Citizens Center")
    assert [c.geonameid for c in found] == [101, 102]
    assert {c.raw["partial"] for c in found} == {"Plimford"}


def test_falls_back_to_a_typed_ending(gaz: Gazetteer) -> None:
    found = OfflineGeocoder(gaz).candidates("Bramton Orrin County")
    assert [c.geonameid for c in found] == [103]
    assert OfflineGeocoder(gaz).candidates("Leadership Vell State")[0].geonameid == 104


def test_one_word_part_needs_a_town_own_name(gaz: Gazetteer) -> None:
    geo = OfflineGeocoder(gaz)
    assert geo.candidates("Quarrow Fire Department") == []  # only an alternate name of a town
    assert [c.geonameid for c in geo.candidates("Greywater Research Institute")] == [106]  # seas keep theirs


def test_country_filter_applies_to_parts(gaz: Gazetteer) -> None:
    found = OfflineGeocoder(gaz).candidates("Plimford Fire Department", country="XB")
    assert [c.geonameid for c in found] == [102]


def test_parts_can_be_turned_off_or_replaced(gaz: Gazetteer) -> None:
    assert OfflineGeocoder(gaz, parts=None).candidates("Plimford Fire Department") == []
    custom = OfflineGeocoder(gaz, parts=lambda q: iter(["Bramton"]))
    assert [c.geonameid for c in custom.candidates("Anything At All")] == [105]


def test_nothing_found_is_empty(gaz: Gazetteer) -> None:
    geo = OfflineGeocoder(gaz)
    assert geo.candidates("Zzyzx Memorial Hospital") == []
    assert geo.candidates("") == []
