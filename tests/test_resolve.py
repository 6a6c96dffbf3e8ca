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
