"""Properties of recognition and resolution, for any text (Hypothesis).

Whatever the input (arbitrary unicode, or generated sentences mixing place
names, punctuation, HTML, datelines and odd whitespace): no crash; every
mention's offsets lie inside the text and slice out exactly its name (and its
sentence); every coordinate is a finite latitude/longitude; the record is
valid JSON. The real default pipeline is used (spaCy and the gazetteer), so
examples are kept small and the example counts moderate.
"""

from __future__ import annotations

import json
import math

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from geomap.errors import InputError  # noqa: E402
from geomap.models import Article, Candidate, Mention  # noqa: E402

PLACES = ["Lisbon", "São Paulo", "Saint-Étienne", "New York", "Kyiv", "Zürich", "Rio de Janeiro", "Paris",
          "Paris, Texas", "Georgia", "Jordan", "Nice", "Reading", "Mount Everest", "the Black Sea", "Sicily",
          "Москва", "東京", "Al-Hudaydah", "Côte d'Ivoire", "Washington, D.C.", "U.S.", "Springfield", "Hong Kong"]
WORDS = ["the", "convoy", "flew", "to", "from", "in", "and", "then", "reached", "left", "officials", "said",
         "on Monday", "Reuters", "AP", "Related Articles", "Photo: Getty Images", "Mr.", "Smith", "Island",
         "River", "region", "near", "north of", "'s", "–", "—", "…", "«", "»", "“", "”"]
NOISE = ["<script>alert(1)</script>", "<b>", "</p>", "&amp;", "{{ 7*7 }}", "\u200b", "\u00ad", "\ufeff", "\t",
         "\n", "\n\n", "\r\n", " ", "  ", ".", ",", ";", ":", "!", "?", "(", ")", "\"", "'", "-", "/",
         "é", "ß", "ı", "İ", "ǅ", "ﬁ", "😀", "👩‍👩‍👧", "e\u0301", "\u202e", "0", "1999", "3.5"]
DATELINES = ["", "LISBON (AP) — ", "PARIS, Texas (Reuters) - ", "KYIV, Ukraine — ", "By Jane Doe\n\nROME — "]

token = st.one_of(st.sampled_from(PLACES), st.sampled_from(WORDS), st.sampled_from(NOISE),
                  st.text(min_size=1, max_size=6))
sentence = st.lists(token, min_size=1, max_size=14).map(lambda ts: " ".join(ts))
story = st.tuples(st.sampled_from(DATELINES), st.lists(sentence, min_size=1, max_size=5)).map(
    lambda t: t[0] + ". ".join(t[1]))
any_text = st.one_of(st.text(max_size=300), story)

PROFILE = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def pipeline():
    from geomap.pipeline import Pipeline

    return Pipeline()


def valid_point(lat, lon) -> bool:
    return all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lat, lon)) and \
        -90 <= lat <= 90 and -180 <= lon <= 180


def check_mention(text: str, m: Mention) -> None:
    assert 0 <= m.start < m.end <= len(text)
    assert text[m.start : m.end] == m.text
    assert 0 <= m.sentence_start <= m.start and m.end <= m.sentence_end <= len(text)
    assert text[m.sentence_start : m.sentence_end] == m.sentence


@PROFILE
@given(text=any_text)
def test_recognition_offsets_are_exact(pipeline, text):
    try:
        article = pipeline_article(text)
    except InputError:
        assert not text.strip()
        return
    mentions = pipeline.extractor.extract(article)
    for m in mentions:
        check_mention(text, m)
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))  # no overlaps


def pipeline_article(text: str) -> Article:
    from geomap.pipeline import as_article

    return as_article(text, id="prop")


@PROFILE
@given(text=any_text)
def test_geoparse_never_crashes_and_gives_valid_places(pipeline, text):
    try:
        result = pipeline.geoparse(text, id="prop")
    except InputError:
        assert not text.strip()
        return
    assert result.article.text == text
    for p in result.toponyms:
        check_mention(text, p.mention)
        if p.candidate is not None:
            assert valid_point(p.candidate.lat, p.candidate.lon)
        for alt in p.alternatives:
            assert valid_point(alt.lat, alt.lon)
        assert 0 <= p.score <= 1 or p.candidate is None
    for s in result.route.stops + result.route.others:
        assert s.place.candidate is not None and valid_point(s.lat, s.lon)
        check_mention(text, s.place.mention)
    record = json.loads(json.dumps(result.to_record(), allow_nan=False))
    for t in record["toponyms"]:
        assert text[t["start"] : t["end"]] == t["name"]
        if t["lat"] is not None:
            assert valid_point(t["lat"], t["lon"])


# -- resolution on its own: any candidates ------------------------------------------------------
lat = st.floats(-90, 90, allow_nan=False)
lon = st.floats(-180, 180, allow_nan=False)
candidate = st.builds(
    Candidate,
    name=st.sampled_from(PLACES + ["", "X"]),
    lat=lat,
    lon=lon,
    geonameid=st.one_of(st.none(), st.integers(1, 10**7)),
    country_code=st.sampled_from([None, "PT", "US", "FR", "GE", "XX", ""]),
    feature_class=st.sampled_from([None, "P", "A", "T", "H", "L", "S"]),
    feature_code=st.sampled_from([None, "PPL", "PPLC", "PPLA", "PCLI", "ADM1", "ISL", "CONT", "SEA", "XYZ"]),
    population=st.integers(0, 40_000_000),
    provider=st.sampled_from(["gazetteer", "nominatim"]),
    match=st.sampled_from(["name", "alternate", "normalised", "variant", "provider"]),
)


@st.composite
def resolution_case(draw):
    names = draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=6))
    text, spans = "", []
    for n in names:
        text += draw(st.sampled_from(["They went to ", " and ", ". Later, in ", " near ", "\n\n"]))
        spans.append((len(text), len(text) + len(n)))
        text += n
    text += "."
    mentions = []
    for (s, e) in spans:
        mentions.append(Mention(s, e, text[s:e], text, 0, len(text),
                                kind=draw(st.sampled_from(["place", "place", "demonym"])),
                                country_hint=draw(st.sampled_from([None, "PT", "US"]))))
    cands = [draw(st.lists(candidate, max_size=5)) for _ in mentions]
    return Article(text, id="res"), mentions, cands


@settings(max_examples=100, deadline=None)
@given(case=resolution_case())
def test_resolver_keeps_every_mention_and_valid_coordinates(pipeline, case):
    article, mentions, cands = case
    places = pipeline.resolver.resolve(article, mentions, cands)
    assert len(places) == len(mentions)
    for m, cs, p in zip(mentions, cands, places):
        assert p.mention is m  # order kept, nothing dropped
        if p.candidate is not None:
            assert valid_point(p.candidate.lat, p.candidate.lon)
            if m.kind == "place" and p.candidate.match != "contextual":
                # chosen among its own candidates (or those of the same name elsewhere: one sense per text)
                pool = [c for m2, cs2 in zip(mentions, cands) if m2.text == m.text for c in cs2]
                assert p.candidate in pool
        for alt in p.alternatives:
            assert valid_point(alt.lat, alt.lon)
    route = pipeline.router.route(article, places)
    for s in route.stops + route.others:
        assert valid_point(s.lat, s.lon)
