"""Disambiguation with hand-made candidates."""

from __future__ import annotations

from geomap.models import Article, Candidate, Mention
from geomap.resolve import RuleResolver, haversine_km


def mention(text: str, name: str, **kw) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, sentence=text, sentence_start=0, sentence_end=len(text), **kw)


PARIS_FR = Candidate("Paris", 48.8534, 2.3488, 2988507, "FR", "P", "PPLC", 2_138_551)
PARIS_TX = Candidate("Paris", 33.6609, -95.5555, 4717560, "US", "P", "PPLA2", 24_171)
TEXAS = Candidate("Texas", 31.25, -99.25, 4736286, "US", "A", "ADM1", 25_000_000)
FRANCE = Candidate("France", 46.0, 2.0, 3017382, "FR", "A", "PCLI", 67_000_000)
DALLAS = Candidate("Dallas", 32.7831, -96.8067, 4684888, "US", "P", "PPLA2", 1_300_000)
GEORGIA_C = Candidate("Georgia", 42.0, 43.5, 614540, "GE", "A", "PCLI", 3_700_000)
GEORGIA_S = Candidate("Georgia", 32.75, -83.5, 4197000, "US", "A", "ADM1", 10_000_000, admin1="GA")


class Gz:
    def country(self, code):
        return {"FR": FRANCE}.get(code)

    def lookup(self, name):
        return []


def resolve(text, pairs, **kw):
    ms = [mention(text, name, **kw.get(name, {})) for name, _ in pairs]
    return RuleResolver(Gz()).resolve(Article(text), ms, [c for _, c in pairs])


def test_population_wins_without_context():
    (p,) = resolve("They met in Paris.", [("Paris", [PARIS_TX, PARIS_FR])])
    assert p.candidate is PARIS_FR
    assert PARIS_TX in p.alternatives
    assert 0.5 < p.score <= 1.0
    assert any("population" in r for r in p.reasons)


def test_containment_x_comma_y():
    text = "The fair opened in Paris, Texas on Friday."
    p, t = resolve(text, [("Paris", [PARIS_FR, PARIS_TX]), ("Texas", [TEXAS])])
    assert p.candidate is PARIS_TX
    assert any("inside Texas" in r for r in p.reasons)
    assert t.candidate is TEXAS


def test_document_focus_and_distance():
    text = "Dallas crews drove to Paris after the storm. Dallas officials thanked them."
    d, p, _ = resolve(text, [("Dallas", [DALLAS]), ("Paris", [PARIS_FR, PARIS_TX]), ("Dallas", [DALLAS])])
    assert p.candidate is PARIS_TX


def test_same_name_same_reading():
    text = "Paris, Texas is small. Paris has a tower replica."
    p1, t, p2 = resolve(text, [("Paris", [PARIS_FR, PARIS_TX]), ("Texas", [TEXAS]), ("Paris", [PARIS_FR, PARIS_TX])])
    assert p1.candidate is p2.candidate is PARIS_TX


def test_no_candidate_abstains_and_keeps_mention():
    (p,) = resolve("We reached Nowhereville.", [("Nowhereville", [])])
    assert p.candidate is None and p.mention.text == "Nowhereville"
    assert p.reasons


def test_weak_candidate_abstains():
    hamlet = Candidate("Oceanic Aquarium", 10.0, 10.0, 1, "XX", "P", "PPL", 0, match="variant")
    (p,) = resolve("We saw the Oceanic Aquarium.", [("Oceanic Aquarium", [hamlet])],
                   **{"Oceanic Aquarium": {"type_hint": "facility"}})
    assert p.candidate is None
    assert hamlet in p.alternatives


def test_demonym_resolves_to_its_country():
    (p,) = resolve("French officials spoke.", [("French", [])], French={"kind": "demonym", "country_hint": "FR"})
    assert p.candidate is FRANCE
    assert not p.mappable


def test_focus_picks_state_over_country():
    text = "Storms hit Dallas and Texas roads; Georgia also saw rain."
    _, _, g = resolve(text, [("Dallas", [DALLAS]), ("Texas", [TEXAS]), ("Georgia", [GEORGIA_C, GEORGIA_S])])
    assert g.candidate is GEORGIA_S


def test_haversine():
    assert round(haversine_km(0, 0, 0, 1)) == 111


DC = Candidate("Washington", 38.895, -77.036, 4140963, "US", "P", "PPLC", 689_545, admin1="DC")
WA = Candidate("Washington", 47.5, -120.5, 5815135, "US", "A", "ADM1", 6_500_000, admin1="WA")
WA_TOWN = Candidate("Washington", 40.70, -89.41, 4915545, "US", "P", "PPL", 16_664, admin1="IL")
MEXICO = Candidate("Mexico", 23.0, -102.0, 3996063, "MX", "A", "PCLI", 126_000_000)
MEXICO_CITY = Candidate("Mexico City", 19.43, -99.13, 3530597, "MX", "P", "PPLC", 12_000_000, admin1="09",
                        match="alternate")
MEXICO_CITY_SELF = Candidate("Mexico City", 19.43, -99.13, 3530597, "MX", "P", "PPLC", 12_000_000, admin1="09")
DECATUR_GA = Candidate("Decatur", 33.77, -84.30, 4191124, "US", "P", "PPL", 20_000, admin1="GA")
DECATUR_AL = Candidate("Decatur", 34.61, -86.98, 4058553, "US", "P", "PPL", 55_000, admin1="AL")
SMALL_REGION = Candidate("Nelson", -41.3, 173.2, 2186313, "NZ", "A", "ADM1", 50_000, admin1="F5")
NELSON_BC = Candidate("Nelson", 49.5, -117.3, 6086871, "CA", "P", "PPL", 10_664, admin1="02")


def test_national_capital_beats_its_namesake_region():
    (p,) = resolve("Talks resumed in Washington on Monday.", [("Washington", [WA, DC, WA_TOWN])])
    assert p.candidate is DC
    assert any("national capital" in r for r in p.reasons)


def test_region_when_the_text_says_state():
    (p,) = resolve("Apple growers in Washington State expect a late harvest.",
                   [("Washington", [WA, DC])], Washington={"type_hint": "admin1"})
    assert p.candidate is WA


def test_another_name_for_the_same_place_is_no_support_for_it():
    text = "Rain fell in Mexico City. Mexico expects more storms."
    _, m = resolve(text, [("Mexico City", [MEXICO_CITY_SELF]), ("Mexico", [MEXICO, MEXICO_CITY])])
    assert m.candidate is MEXICO


def test_state_abbreviation_votes_for_its_state():
    text = "Volunteers from Atlanta, Ga. met in Decatur on Friday."
    (p,) = resolve(text, [("Decatur", [DECATUR_AL, DECATUR_GA])])
    assert p.candidate is DECATUR_GA
    assert any("US.GA" in r for r in p.reasons)


def test_dateline_names_a_city():
    from geomap.models import Span

    text = "WASHINGTON — Officials met on Monday."
    m = mention(text, "WASHINGTON")
    art = Article(text, dateline=Span(0, 10))
    (p,) = RuleResolver(Gz()).resolve(art, [m], [[WA, DC]])
    assert p.candidate is DC
    assert any("dateline" in r for r in p.reasons)


def test_region_prior_follows_population():
    from geomap.resolve import Weights

    flat = RuleResolver(Gz(), weights=Weights(admin1_population=0.0))
    by_pop = RuleResolver(Gz(), weights=Weights())
    m = mention("Nelson", "Nelson")
    assert by_pop._base(m, SMALL_REGION)[0] < flat._base(m, SMALL_REGION)[0]
    assert by_pop._base(m, WA)[0] > flat._base(m, WA)[0]  # 7 million people: above the flat prior
    assert by_pop._base(m, TEXAS)[0] > by_pop._base(m, WA)[0]


KURDISTAN = Candidate("Kurdistan", 37.0, 44.0, None, None, "L", "RGN", 0)
KORDESTAN = Candidate("Kordestan", 35.6, 47.0, 126584, "IR", "A", "ADM1", 1_500_000, admin1="16",
                      match="alternate")


class RegionGz(Gz):
    def lookup(self, name):
        return [KORDESTAN, KURDISTAN] if name == "Kurdistan" else []


def test_demonym_of_a_macro_region_names_that_region():
    text = "Kurdish fighters held the ridge."
    m = mention(text, "Kurdish", kind="demonym", country_hint="@Kurdistan")
    (p,) = RuleResolver(RegionGz()).resolve(Article(text), [m], [[]])
    assert p.candidate is KURDISTAN


HUGE = Candidate("Portland", 45.52, -122.68, 5746545, "US", "P", "PPL", 650_000, admin1="OR")
TINY = Candidate("Portland", 27.88, -97.32, 4720039, "US", "P", "PPL", 5_000, admin1="TX")
CORPUS_CHRISTI = Candidate("Corpus Christi", 27.80, -97.40, 4683416, "US", "P", "PPL", 320_000, admin1="TX")


def test_nearness_does_not_overturn_a_hundredfold_population():
    from geomap.resolve import Weights

    text = "Crews drove from Corpus Christi to Portland."
    pairs = [("Corpus Christi", [CORPUS_CHRISTI]), ("Portland", [HUGE, TINY])]
    ms = [mention(text, n) for n, _ in pairs]
    capped = RuleResolver(Gz()).resolve(Article(text), ms, [c for _, c in pairs])[1]
    assert capped.candidate is HUGE
    assert not any("km from another place" in r for r in capped.reasons)
    uncapped = RuleResolver(Gz(), weights=Weights(near_max_ratio=0)).resolve(
        Article(text), ms, [c for _, c in pairs])[1]
    assert uncapped.candidate is TINY
    assert any("km from another place" in r for r in uncapped.reasons)


OHIO = Candidate("Ohio", 40.25, -83.0, 5165418, "US", "A", "ADM1", 11_600_000, admin1="OH")
OHIO_COUNTY_WV = Candidate("Ohio County", 40.10, -80.62, 4817573, "US", "A", "ADM2", 42_000, admin1="WV")
SPRINGFIELD_OH = Candidate("Springfield", 39.92, -83.81, 4525353, "US", "P", "PPL", 59_000, admin1="OH")
SPRINGFIELD_MA = Candidate("Springfield", 42.10, -72.59, 4951788, "US", "P", "PPL", 154_000, admin1="MA")


def test_x_comma_y_needs_the_same_state_for_a_county():
    text = "She grew up in Springfield, Ohio before college."
    p, _ = resolve(text, [("Springfield", [SPRINGFIELD_MA, SPRINGFIELD_OH]), ("Ohio", [OHIO, OHIO_COUNTY_WV])])
    assert p.candidate is SPRINGFIELD_OH
    assert not any("Ohio County" in r for r in p.reasons)


def test_a_list_is_not_x_comma_y():
    text = "The tour stops in Springfield, Ohio and Texas."
    p, *_ = resolve(text, [("Springfield", [SPRINGFIELD_MA, SPRINGFIELD_OH]), ("Ohio", [OHIO]), ("Texas", [TEXAS])])
    assert not any("inside" in r for r in p.reasons)


def test_state_abbreviations():
    from geomap.resolve import state_abbreviations

    got = state_abbreviations("SPRINGFIELD, Ill. — Crews from Decatur, Ga., and Dublin, OH 43017 came. Mr. Va. said.")
    assert got == {"US.IL": 1, "US.GA": 1, "US.OH": 1}
