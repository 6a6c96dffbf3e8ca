"""The offline geocoder over a tiny gazetteer."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from geomap.gazetteer.build import PlaceRecord, build_gazetteer
from geomap.gazetteer.store import Gazetteer
from geomap.geocode.offline import OfflineGeocoder
from geomap.protocols import Geocoder

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def geocoder(tmp_path_factory) -> OfflineGeocoder:
    rows = json.loads((DATA / "tiny_places.json").read_text(encoding="utf-8"))
    records = [PlaceRecord(**{**r, "alternates": tuple(r["alternates"]), "abbrevs": tuple(r["abbrevs"])}) for r in rows]
    path = tmp_path_factory.mktemp("offline") / "gaz.sqlite3"
    build_gazetteer(path, sources=records)
    g = Gazetteer(path)
    yield OfflineGeocoder(g)
    g.close()


def test_fits_the_geocoder_protocol(geocoder: OfflineGeocoder) -> None:
    assert isinstance(geocoder, Geocoder)
    assert geocoder.name == "geonames-offline"
    assert "OfflineGeocoder" in repr(geocoder)


def test_candidates(geocoder: OfflineGeocoder) -> None:
    found = geocoder.candidates("Vladivostok")
    assert [c.geonameid for c in found] == [2013348]
    assert all(c.provider == "gazetteer" for c in found)
    assert geocoder.candidates("Primorye")[0].feature_code == "ADM1"
    assert geocoder.candidates("Russky Island")[0].match == "variant"


def test_country_filter(geocoder: OfflineGeocoder) -> None:
    assert [c.country_code for c in geocoder.candidates("Moscow", country="US")] == ["US"]
    assert {c.country_code for c in geocoder.candidates("Moscow")} == {"RU", "US"}


def test_not_found_is_empty(geocoder: OfflineGeocoder) -> None:
    assert geocoder.candidates("Atlantis Prime") == []
    assert geocoder.candidates("") == []


def test_limit(geocoder: OfflineGeocoder) -> None:
    short = OfflineGeocoder(geocoder.gazetteer, limit=1)
    assert len(short.candidates("Moscow")) == 1


def test_pickles_for_workers(geocoder: OfflineGeocoder) -> None:
    clone = pickle.loads(pickle.dumps(geocoder))
    assert [c.geonameid for c in clone.candidates("Vladivostok")] == [2013348]
    clone.gazetteer.close()
