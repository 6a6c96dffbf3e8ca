"""Disambiguation: one candidate (or an abstention) per mention.

:class:`RuleResolver` scores every candidate of a mention from evidence that
generalises across news: what kind of place it is and how many people live
there, how the name matched, the document's country focus, "X, Y"
containment (not in lists: "Washington, New York and Boston"), distance to
the document's other places (not enough to choose a town over a same-named
city a hundred times larger), US state abbreviations in the text ("Decatur,
Ga."), and the dateline (which names a city). First-level regions are weighed
by population as cities are. A national capital is read before a same-named
region of its country ("Washington") unless the text says "state". Mentions with the same name in
one document get the same reading. Each :class:`Place` keeps its
score (a probability over the candidates), the reasons and the alternatives.
"""

from __future__ import annotations

from .geodesy import EARTH_RADIUS_KM, haversine_km  # noqa: F401  (re-exported)
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Sequence

from .models import Article, Candidate, Mention, Place

__all__ = ["RuleResolver", "Weights", "haversine_km"]


_MACRO_CODES = {"OCN", "SEA", "GULF", "RGN", "RGNH", "PEN", "MTS", "DSRT", "STRT", "PCLH", "BAY", "PLN", "PLAT"}
_COUNTRY_CODES = {"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"}




@dataclass(frozen=True)
class Weights:
    """The resolver's knobs (fit on one corpus, checked on another).

    ``admin1`` is the prior of a first-level region of a million people and
    ``admin1_population`` how much it moves per power of ten of population
    (1.0: regions are weighed by population like cities, plus a constant);
    ``near_max_ratio`` stops nearness to the text's other places from counting
    for a town when a same-named city is over that many times larger (small
    towns near other small towns read wrongly reinforce each other);
    ``admin2_km`` is how far a town may lie from a county's point for "Town,
    County" to count as containment; ``list_guard`` (0 or 1) stops "X, Y and
    Z" from counting as "X in Y"; ``capital_over_region`` favours a
    national capital over a same-named first-level region of its own country;
    ``dateline_city`` favours a city reading of the dateline's place and
    ``dateline_votes`` counts it as that many extra mentions for the region
    vote; ``abbreviation_votes`` is the weight of one "Town, Ga." in the region
    vote. Values are hand-set from the error analysis, then checked with
    ``scripts/fit_weights.py`` on LGL and GeoWebNews: fitting on either one
    alone lowers the other (see that script), so they are a compromise.
    """

    country: float = 11.5
    admin1: float = 8.0
    admin1_population: float = 1.0
    continent: float = 9.0
    admin_other: float = 4.0
    macro: float = 9.5
    capital: float = 2.0
    capital_over_region: float = 2.0
    natural: float = 3.0
    match_alternate: float = -0.75
    match_normalised: float = -0.7
    match_variant: float = -1.5
    focus: float = 4.0
    region_focus: float = 3.0
    contained: float = 5.0
    near: float = 2.5
    near_scale_km: float = 400.0
    near_max_ratio: float = 100.0
    admin2_km: float = 150.0
    list_guard: float = 1.0
    dateline_city: float = 2.0
    dateline_votes: float = 0.0
    abbreviation_votes: float = 1.0
    type_match: float = 2.0
    type_mismatch: float = -3.0
    abstain_below: float = 2.0
    temperature: float = 1.5


def _kind(c: Candidate) -> str:
    code = (c.feature_code or "").upper()
    if code in _COUNTRY_CODES:
        return "country"
    if code == "ADM1":
        return "admin1"
    if code == "CONT":
        return "continent"
    if code in _MACRO_CODES:
        return "macro"
    if (c.feature_class or "") == "A":
        return "admin"
    if (c.feature_class or "P") == "P":
        return "city"
    return "natural"


def _prior(c: Candidate, w: Weights) -> tuple[float, str]:
    k = _kind(c)
    if k == "country":
        return w.country, "a country"
    if k == "admin1":
        pop = max(0, int(c.population or 0))
        # weighed by population as cities are: "Manchester" (Jamaica, 62,000
        # people) is a less likely reading than "New York" (the state)
        shift = w.admin1_population * (math.log10(pop) - 6.0) if pop > 0 else 0.0
        return w.admin1 + shift, "a first-level region"
    if k == "continent":
        return w.continent, "a continent"
    if k == "admin":
        return w.admin_other + 0.25 * math.log10(c.population + 1), f"an administrative area ({c.feature_code})"
    if k == "macro":
        return w.macro, f"a large region ({c.feature_code})"
    if k == "natural":
        return w.natural + 0.3 * math.log10(c.population + 1), f"a {c.feature_code or 'feature'}"
    pop = max(0, int(c.population or 0))
    score = math.log10(pop + 1)
    if (c.feature_code or "") == "PPLC":
        score += w.capital
    return score, f"population {pop:,}"


_TYPE_FIT = {
    "admin1": {"admin1"},
    "admin2": {"admin"},
    "island": {"natural", "city", "macro"},
    "water": {"natural", "macro"},
    "terrain": {"natural", "macro"},
    "city": {"city"},
    "facility": set(),
}


#: US state abbreviations (AP style and postal) as written after a town:
#: "Decatur, Ga.", "Dublin, OH". Each one in the text votes for its state.
_US_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
    "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY",
    "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
    "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM",
    "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA",
    "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA",
    "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY", "D.C.": "DC",
}
_POSTAL = {v for v in _US_STATES.values()} | {"AK", "HI", "ID", "IA", "ME", "OH", "UT", "TX"}
_ABBREV_RE = re.compile(
    r"[A-Z][\w.'-]*,\s+(" + "|".join(re.escape(a) for a in sorted(_US_STATES, key=len, reverse=True))
    + r"|(?:" + "|".join(sorted(_POSTAL)) + r")(?=\s+\d{5}\b|[,)]))"
)


def state_abbreviations(text: str) -> Counter[str]:
    """First-level regions named by US state abbreviations after a town.

    >>> state_abbreviations("DECATUR, Ga. - Crews from Athens, Ga. and Dublin, OH 43017 helped.")
    Counter({'US.GA': 2, 'US.OH': 1})
    """
    out: Counter[str] = Counter()
    for m in _ABBREV_RE.finditer(text):
        a = m.group(1)
        out["US." + _US_STATES.get(a, a)] += 1
    return out


def _region(c: Candidate) -> str | None:
    """The first-level region of a candidate ("US.KY"); a region is its own."""
    return f"{c.country_code}.{c.admin1}" if c.country_code and c.admin1 else None


Belief = list[tuple[Candidate, float]]


def _softmax(scored: list[tuple[float, Candidate]], temperature: float) -> Belief:
    if not scored:
        return []
    top = max(s for s, _ in scored)
    z = [(c, math.exp((s - top) / temperature)) for s, c in scored]
    total = sum(p for _, p in z)
    return [(c, p / total) for c, p in z]


@dataclass
class _DocContext:
    """What the other names of a document say, from their current beliefs."""

    country: dict[str, Counter[str]]
    region: dict[str, Counter[str]]
    country_total: Counter[str]
    region_total: Counter[str]
    anchors: list[tuple[str, Candidate]]

    @classmethod
    def build(cls, groups: dict[str, list[int]], beliefs: dict[str, Belief],
              extra_weight: dict[str, float] | None = None,
              text_regions: Counter[str] | None = None) -> "_DocContext":
        """``extra_weight`` counts some names more (the dateline's);
        ``text_regions`` are region votes read off the text itself."""
        country: dict[str, Counter[str]] = {}
        region: dict[str, Counter[str]] = {}
        anchors: list[tuple[str, Candidate]] = []
        extra_weight = extra_weight or {}
        for key, belief in beliefs.items():
            n = len(groups[key]) + extra_weight.get(key, 0.0)
            cv: Counter[str] = Counter()
            rv: Counter[str] = Counter()
            for c, p in belief:
                k = _kind(c)
                if c.country_code and k != "continent":
                    cv[c.country_code] += p * n * (1.0 if k in ("country", "admin1") else 0.6)
                r = _region(c)
                if r and k in ("city", "admin", "admin1", "natural"):
                    rv[r] += p * min(n, 3)
            country[key], region[key] = cv, rv
            if belief and not key.startswith("demonym:"):
                c, p = max(belief, key=lambda t: t[1])
                if p >= 0.5 and _kind(c) in ("city", "natural", "admin"):
                    anchors.append((key, c))
        ct: Counter[str] = Counter()
        rt: Counter[str] = Counter()
        for v in country.values():
            ct.update(v)
        for v in region.values():
            rt.update(v)
        if text_regions:
            rt.update(text_regions)
            ct.update(Counter({r.split(".")[0]: v for r, v in text_regions.items()}))
        anchors.sort(key=lambda t: -len(groups[t[0]]))
        return cls(country, region, ct, rt, anchors[:60])

    def country_share(self, key: str, code: str | None) -> float:
        if not code:
            return 0.0
        own = self.country.get(key) or Counter()
        total = self._rest_total(key, own)
        return max(0.0, self.country_total[code] - own[code]) / total if total > 1e-9 else 0.0

    def _rest_total(self, key: str, own: Counter[str]) -> float:
        """The other names' country votes, summed (memoised per name)."""
        cache = self.__dict__.setdefault("_rest_totals", {})
        if key not in cache:
            grand = self.__dict__.get("_grand_total")
            if grand is None:
                grand = self.__dict__["_grand_total"] = sum(v for v in self.country_total.values() if v > 0)
            cache[key] = grand - sum(v for v in own.values() if v > 0)
        return cache[key]

    def region_support(self, key: str, region: str | None) -> float:
        """Expected number of other names in the same first-level region."""
        if not region:
            return 0.0
        return max(0.0, self.region_total[region] - self.region.get(key, Counter())[region])

    def nearest_km(self, key: str, c: Candidate) -> float | None:
        # another name for the same place ("Mexico City" for "Mexico") is no evidence
        ds = [haversine_km(c.lat, c.lon, a.lat, a.lon) for k, a in self.anchors if k != key and a.key != c.key]
        return min(ds) if ds else None


class RuleResolver:
    """Score candidates from interpretable evidence; abstain when weak.

    Parameters
    ----------
    gazetteer
        Used for demonyms (their country) and to name the country focus; may be
        ``None``.
    weights
        See :class:`Weights`.
    passes
        Rounds of re-reading each name in the light of the others.
    fallback_to_focus
        Put multi-word places the gazetteer does not know at the story's main
        place, marked approximate (``candidate.match == "contextual"``).
    """

    def __init__(self, gazetteer: Any | None = None, *, weights: Weights | None = None, passes: int = 3,
                 fallback_to_focus: bool = True) -> None:
        self.gazetteer = gazetteer
        self.weights = weights or Weights()
        self.passes = passes
        self.fallback_to_focus = fallback_to_focus
        self.max_candidates = 12

    # ---------------------------------------------------------------------------
    def resolve(
        self,
        article: Article,
        mentions: Sequence[Mention],
        candidates: Sequence[Sequence[Candidate]],
    ) -> list[Place]:
        w = self.weights
        cands = [list(c) for c in candidates]
        for i, m in enumerate(mentions):
            if m.kind == "demonym":
                cands[i] = self._demonym_candidates(m)

        # group mentions with the same name: one sense per document
        groups: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            groups[(m.kind + ":" + m.lookup).casefold()].append(i)

        # pass 1: priors only; later passes weigh in what the other names of the
        # document currently most likely are (soft votes, not hard choices)
        contained = self._containment(article, mentions, cands)
        self._dateline_key = self._dateline_city(article, mentions)
        extra = {self._dateline_key: w.dateline_votes} if self._dateline_key else {}
        abbrev = state_abbreviations(article.text)
        text_regions = Counter({r: n * w.abbreviation_votes for r, n in abbrev.items()})
        beliefs: dict[str, Belief] = {}
        for key, idx in groups.items():
            m = mentions[idx[0]]
            scored = [(self._base(m, c)[0], c) for c in cands[idx[0]]]
            scored.sort(key=lambda t: -t[0])
            beliefs[key] = _softmax(scored[: self.max_candidates], w.temperature)
        chosen: dict[str, tuple[Candidate | None, float, tuple[str, ...], tuple[Candidate, ...]]] = {}
        for _ in range(self.passes):
            doc = _DocContext.build(groups, beliefs, extra, text_regions)
            chosen, beliefs = self._pass(mentions, cands, groups, doc, contained)

        if self.fallback_to_focus:
            self._fall_back_to_focus(groups, mentions, chosen)
        out: list[Place] = []
        for i, m in enumerate(mentions):
            c, p, reasons, alts = chosen[(m.kind + ":" + m.lookup).casefold()]
            out.append(Place(mention=m, candidate=c, score=p, reasons=reasons, alternatives=alts))
        return out

    def _pass(self, mentions, cands, groups, doc: _DocContext, contained):
        w = self.weights
        chosen = {}
        beliefs: dict[str, Belief] = {}
        for key, idx in groups.items():
            m = mentions[idx[0]]
            cs = cands[idx[0]]
            if not cs:
                chosen[key] = (None, 0.0, ("no candidate in the gazetteer",), ())
                beliefs[key] = []
                continue
            scored = []
            region_names = {(c.name, c.country_code) for c in cs if _kind(c) == "admin1" and c.match == "name"}
            biggest = max((c.population for c in cs if _kind(c) == "city" and c.match == "name"), default=0)
            for c in cs:
                s, reasons = self._base(m, c)
                kind = _kind(c)
                if c.feature_code == "PPLC" and (c.name, c.country_code) in region_names:
                    s += w.capital_over_region
                    reasons.append("a national capital, read before the region of the same name")
                if key == self._dateline_key and kind == "city":
                    s += w.dateline_city
                    reasons.append("a dateline names a city")
                share = doc.country_share(key, c.country_code) if kind != "continent" else 0.0
                if share > 0.01:
                    s += w.focus * share
                    reasons.append(f"document focus on {c.country_code} ({share:.0%})")
                if kind not in ("country", "continent"):
                    support = doc.region_support(key, _region(c))
                    if support > 0.05:
                        s += w.region_focus * (1.0 - math.exp(-support))
                        reasons.append(f"{support:.1f} other place(s) in the same region ({_region(c)})")
                for i in idx:
                    if c.key in contained.get(i, ()):
                        s += w.contained
                        reasons.append(contained[i][c.key])
                        break
                dwarfed = kind == "city" and 0 < w.near_max_ratio and biggest > w.near_max_ratio * max(1, c.population or 0)
                if kind in ("city", "natural", "admin") and not dwarfed:
                    d = doc.nearest_km(key, c)
                    if d is not None:
                        bonus = w.near * math.exp(-d / w.near_scale_km)
                        if bonus > 0.25:
                            s += bonus
                            reasons.append(f"{d:,.0f} km from another place in the text")
                scored.append((s, c, reasons))
            scored.sort(key=lambda t: -t[0])
            beliefs[key] = _softmax([(sc, c) for sc, c, _ in scored[: self.max_candidates]], w.temperature)
            best_s, best, reasons = scored[0]
            prob = beliefs[key][0][1]
            alts = tuple(c for _, c, _ in scored[1:6])
            if best_s < w.abstain_below:
                chosen[key] = (None, round(prob, 3),
                               (f"best candidate {best.name} ({best.country_code}) too weak: {best_s:.1f}",),
                               (best,) + alts)
            else:
                chosen[key] = (best, round(prob, 3), tuple(reasons), alts)
        return chosen, beliefs

    @staticmethod
    def _dateline_city(article: Article, mentions: Sequence[Mention]) -> str | None:
        """The group key of the dateline's first name ("DUBLIN, Ohio —")."""
        d = article.dateline
        if d is None:
            return None
        for m in mentions:
            if d.start <= m.start < d.end and m.kind == "place":
                return (m.kind + ":" + m.lookup).casefold()
        return None

    def _fall_back_to_focus(self, groups, mentions, chosen) -> None:
        """A place the gazetteer does not know ("Royal Street", "the Grand Hotel")
        is put at the story's main place, marked approximate (``match ==
        "contextual"``, no GeoNames id), rather than left off the map."""
        counts: Counter[str] = Counter()
        by_key: dict[str, Candidate] = {}
        for key, (c, *_rest) in chosen.items():
            if c is not None and _kind(c) in ("city", "admin") and not key.startswith("demonym:"):
                counts[c.key] += len(groups[key])
                by_key.setdefault(c.key, c)
        if not counts:
            return
        top = max(counts.values())
        if top < 2 and len(counts) > 1:
            return  # no clear main place
        first = {c_key: min(i for k, (c, *_r) in chosen.items() if c is not None and c.key == c_key
                            for i in groups[k]) for c_key in counts if counts[c_key] == top}
        focus = by_key[min(first, key=first.get)]
        for key, (c, p, reasons, alts) in list(chosen.items()):
            m = mentions[groups[key][0]]
            if c is not None or m.kind != "place" or (" " not in m.text and m.type_hint is None):
                continue
            if m.type_hint not in (None, "facility", "city"):
                continue  # a sea, a mountain or a region is not at the main city
            approx = Candidate(name=focus.name, lat=focus.lat, lon=focus.lon, geonameid=None,
                               country_code=focus.country_code, feature_class=None, feature_code=None,
                               population=0, admin1=focus.admin1, provider="context", match="contextual")
            chosen[key] = (approx, 0.2, reasons + (f"not in the gazetteer: placed approximately at the "
                                                   f"story's main place, {focus.name}",), alts)

    # ---------------------------------------------------------------------------
    def _base(self, m: Mention, c: Candidate) -> tuple[float, list[str]]:
        w = self.weights
        s, why = _prior(c, w)
        reasons = [why]
        if c.match == "alternate":
            s += w.match_alternate
        elif c.match == "normalised":
            s += w.match_normalised
        elif c.match == "variant":
            s += w.match_variant
            reasons.append("matched without its type word")
        if m.type_hint:
            fit = _TYPE_FIT.get(m.type_hint)
            if fit is not None:
                if _kind(c) in fit:
                    s += w.type_match
                    reasons.append(f"the text calls it a {m.type_hint}")
                elif m.type_hint == "facility" and m.query:
                    reasons.append(f"located by the place in its name ({m.query})")
                elif m.type_hint == "facility" or _kind(c) in ("country", "continent"):
                    s += w.type_mismatch
        if m.country_hint and not m.country_hint.startswith("@") and c.country_code == m.country_hint:
            s += 2.0
            reasons.append(f"the text names its country ({m.country_hint})")
        return s, reasons

    def _containment(self, article: Article, mentions: Sequence[Mention],
                     cands: Sequence[Sequence[Candidate]]) -> dict[int, dict[str, str]]:
        """"X, Y" and "X in Y": candidates of X inside a candidate of Y."""
        w = self.weights
        text = article.text
        out: dict[int, dict[str, str]] = {}
        for i in range(len(mentions) - 1):
            a, b = mentions[i], mentions[i + 1]
            between = text[a.end : b.start]
            if not re.fullmatch(r"\s*(?:,|in|,\s*in|near|outside|of)\s*", between):
                continue
            if w.list_guard and "," in between and i + 2 < len(mentions) and re.fullmatch(
                    r"\s*,?\s*(?:and|or|&)\s*", text[b.end : mentions[i + 2].start]):
                continue  # "Washington, New York and Boston": a list, not "X, Y"
            for y in cands[i + 1]:
                ky = _kind(y)
                if ky not in ("country", "admin1", "admin"):
                    continue
                for x in cands[i]:
                    if x.country_code != y.country_code:
                        continue
                    if ky in ("admin1", "admin") and y.admin1 and x.admin1 != y.admin1:
                        continue  # "Springfield, Ohio": not every US Springfield is in an Ohio County
                    if ky == "admin" and haversine_km(x.lat, x.lon, y.lat, y.lon) > w.admin2_km:
                        continue
                    out.setdefault(i, {})[x.key] = f"inside {y.name} (\"{text[a.start:b.end]}\")"
        return out

    def _demonym_candidates(self, m: Mention) -> list[Candidate]:
        gz = self.gazetteer
        hint = m.country_hint
        if gz is None or not hint:
            return []
        if hint.startswith("@"):
            # "Kurdish" -> Kurdistan: the region of that name (a macro region too),
            # before places that only have it as an alternate name (Kordestan)
            found = [c for c in gz.lookup(hint[1:]) if _kind(c) in ("country", "admin1", "continent", "admin", "macro")]
            named = [c for c in found if c.match == "name"]
            return (named or found)[:3]
        c = gz.country(hint)
        return [c] if c is not None else []
