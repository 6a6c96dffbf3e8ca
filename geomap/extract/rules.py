"""Recognition rules: each is a callable ``(doc, context) -> list[Proposal]``.

They cover what a small NER model misses or cuts short:

* :func:`ner_rule` - the model's own GPE/LOC/FAC entities (tidied), demonyms
  among NORP entities, places inside organisation names;
* :func:`type_word_rule` - "X Island", "X County", "Lake X", "University of X",
  "the X region" (the type word says what kind of place it is);
* :func:`hyphen_rule` - names the model cuts at a hyphen ("Komsomolsk-on-Amur");
* :func:`gazetteer_rule` - capitalised names the gazetteer knows well.

Offsets in proposals are absolute (into the article's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

from .demonyms import demonym_country
from .spans import Proposal, trim_span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "Context",
    "NameIndex",
    "Rule",
    "ner_rule",
    "type_word_rule",
    "locative_rule",
    "hyphen_rule",
    "compound_rule",
    "gazetteer_rule",
    "DEFAULT_RULES",
]


class NameIndex(Protocol):
    """What recognition asks of a gazetteer: how well known is this name?"""

    def name_prior(self, name: str) -> float:
        """0 for an unknown name, up to 1 for a country or a large city."""
        ...


@dataclass
class Context:
    """What every rule may read: the article text, the chunk's offset, the
    gazetteer's name index, and spans other rules have blocked (people...)."""

    text: str
    offset: int
    names: NameIndex | None = None
    blocked: list[tuple[int, int]] = field(default_factory=list)

    def is_blocked(self, start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in self.blocked)


Rule = Callable[["Doc", Context], list[Proposal]]

# --- type words -------------------------------------------------------------------
# word -> type hint. Capitalised after a name ("Russky Island") they are part of
# the name; lower-case ("the Primorye region") they only describe it.
SUFFIX_TYPES: dict[str, str] = {
    **dict.fromkeys(["island", "islands", "isle", "atoll", "archipelago"], "island"),
    **dict.fromkeys(["region", "province", "oblast", "krai", "kray", "prefecture", "governorate",
                     "state", "territory", "republic", "canton", "voivodeship", "emirate"], "admin1"),
    **dict.fromkeys(["county", "district", "parish", "municipality", "borough", "township",
                     "department", "raion", "rayon"], "admin2"),
    **dict.fromkeys(["river", "lake", "sea", "ocean", "bay", "gulf", "strait", "channel", "canal",
                     "creek", "reservoir", "lagoon", "falls"], "water"),
    **dict.fromkeys(["mountain", "mountains", "mount", "hill", "hills", "valley", "peninsula",
                     "desert", "plateau", "range", "volcano", "forest", "coast", "cape", "glacier",
                     "canyon", "plain", "plains"], "terrain"),
    **dict.fromkeys(["city", "town", "village", "neighborhood", "neighbourhood", "quarter"], "city"),
    **dict.fromkeys(["airport", "airbase", "cosmodrome", "spaceport", "station", "port", "harbor",
                     "harbour", "university", "college", "aquarium", "zoo", "museum", "stadium",
                     "arena", "park", "square", "bridge", "palace", "cathedral", "church", "mosque",
                     "temple", "hospital", "base", "dam", "street", "avenue", "road", "boulevard",
                     "highway", "trail", "plaza", "center", "centre", "mall", "market", "prison",
                     "shipyard", "factory", "plant", "memorial", "monument", "tower", "castle",
                     "campus", "school", "academy", "hotel", "theater", "theatre"], "facility"),
}
# Lower-case type words that may follow a name without being part of it.
LOWER_TYPES = {"region", "province", "oblast", "krai", "kray", "prefecture", "governorate", "state",
               "territory", "republic", "island", "islands", "county", "district", "river", "city",
               "town", "village", "peninsula", "area", "capital"}
# Prefix forms: "Lake Baikal", "Mount Everest", "University of Texas".
PREFIX_TYPES = {"lake": "water", "mount": "terrain", "mt.": "terrain", "cape": "terrain",
                "isle": "island", "gulf": "water", "sea": "water", "bay": "water", "port": "city",
                "fort": "city", "university": "facility", "republic": "admin1", "province": "admin1",
                "state": "admin1", "city": "city", "county": "admin2", "district": "admin2",
                "strait": "water", "straits": "water", "isla": "island"}
_PREFIX_NEEDS_OF = {"university", "republic", "province", "state", "city", "county", "district", "sea",
                    "gulf", "bay", "strait", "straits", "isle"}
OF_HEADS = {"university", "republic", "province", "state", "city", "county", "district", "gulf",
            "sea", "bay", "isle", "strait", "straits", "port", "islands", "kingdom", "commonwealth"}

# Capitalised words that are names of places but far more often something else.
COMMON_WORDS = {
    "a", "an", "the", "i", "it", "we", "he", "she", "they", "you", "this", "that", "these", "those",
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "sen", "rep", "gov", "pres", "president",
    "minister", "king", "queen", "prince", "pope", "saint", "st", "lord", "sir",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "today", "tonight", "yesterday", "tomorrow",
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
    "new", "old", "great", "little", "upper", "lower", "mid", "middle", "grand", "big",
    "police", "army", "navy", "air", "force", "court", "council", "house", "senate", "congress",
    "government", "state", "city", "county", "university", "school", "college", "church",
    "hospital", "center", "centre", "park", "street", "road", "avenue", "station", "airport",
    "island", "river", "lake", "mount", "bay", "sea", "ocean", "region", "district", "province",
    "news", "times", "post", "press", "daily", "journal", "herald", "tribune", "online", "media",
    "said", "says", "says", "after", "before", "during", "since", "while", "when", "where", "why",
    "how", "what", "who", "which", "if", "but", "and", "or", "so", "as", "at", "by", "for", "from",
    "in", "into", "of", "on", "to", "with", "without", "about", "over", "under", "up", "down",
    "all", "any", "some", "many", "most", "more", "much", "no", "not", "one", "two", "three",
    "first", "second", "third", "last", "next", "other", "another", "each", "every", "both",
    "reading", "mobile", "orange", "bath", "split", "nice", "deal", "hope", "liberty", "unity",
    "union", "victoria", "florence", "eugene", "tyler", "jackson", "lincoln", "franklin",
    "hamilton", "washington", "madison", "marion", "clinton", "obama", "trump", "bush",
    "christmas", "easter", "god", "lord", "internet", "web", "tv", "radio", "google", "apple",
    "amazon", "twitter", "facebook", "email", "phone", "photo", "video", "image", "images",
    "ap", "reuters", "afp", "cnn", "bbc", "nbc", "cbs", "abc", "fox", "getty",
    "man", "vice", "interior", "metro", "justice", "mission", "time", "hall", "lot", "officer",
    "hamas", "toyota", "sutton", "peace", "surprise", "commonwealth",
    "kim", "lee", "park", "long", "young", "white", "black", "green", "brown", "gray", "grey",
    "page", "home", "office", "department", "ministry", "agency", "bureau", "service", "company",
    "inc", "corp", "ltd", "llc", "co", "group", "club", "team", "party", "democrat", "republican",
    "democrats", "republicans", "federal", "national", "international", "world", "global",
    "royal", "imperial", "capital", "earth", "moon", "sun", "mars", "venus", "mercury",
}
# Language names that are far more often the language than the people.
DEMONYM_EXCLUDE = {"english", "arabic", "arab", "arabs"}
# Organisations that are also places in readers' eyes.
ORG_PLACES = {"eu", "e.u.", "european union"}

_CAP = re.compile(r"^[A-Z][\w'\u2019.\-]*$")
_CONNECT = {"of", "de", "del", "la", "le", "du", "da", "do", "dos", "das", "on", "upon", "en", "sur",
            "am", "an", "im", "al", "el", "na", "and", "y", "&"}


def _is_cap(tok: "Token") -> bool:
    t = tok.text
    return bool(_CAP.match(t)) and (tok.pos_ in ("PROPN", "NOUN", "ADJ", "X", "VERB", "NUM") or t.isupper())


def _abs(ctx: Context, start: int, end: int) -> tuple[int, int]:
    s, e = trim_span(ctx.text, ctx.offset + start, ctx.offset + end)
    return s, e


# --- the model's own entities -------------------------------------------------------

def ner_rule(doc: "Doc", ctx: Context) -> list[Proposal]:
    """Toponyms from the model's entities; demonyms from NORP; people blocked."""
    out: list[Proposal] = []
    for ent in doc.ents:
        label = ent.label_
        if label == "PERSON":
            if _person_is_place(ent, ctx):
                s, e = _abs(ctx, ent.start_char, ent.end_char)
                out.append(Proposal(s, e, "rule:person-place", "GPE", 1))
            else:
                ctx.blocked.append((ctx.offset + ent.start_char, ctx.offset + ent.end_char))
            continue
        if label in ("GPE", "LOC", "FAC"):
            s, e = _abs(ctx, ent.start_char, ent.end_char)
            if e - s < 2 or not any(c.isupper() for c in ctx.text[s:e]):
                continue
            name = ctx.text[s:e]
            code = demonym_country(name)
            if code and name.lower() not in DEMONYM_EXCLUDE and not _known(ctx, name, 0.5):
                out.append(Proposal(s, e, "ner", "NORP", 3, kind="demonym", country_hint=code))
                continue
            if _is_stopword_name(name):
                continue
            if ctx.names is not None and " " not in name and "-" not in name:
                prior = _prior(ctx, name)
                if prior == 0.0:
                    continue  # one word no gazetteer knows: usually a person or a company
                if name in _person_words(doc) and prior < 0.9:
                    continue  # "Ripley" after "Mark Ripley" is the man again
            out.append(Proposal(s, e, "ner", label, 2, type_hint="facility" if label == "FAC" else None,
                                query=_inner_place(ctx, s, e) if label == "FAC" else None))
        elif label == "NORP":
            s, e = _abs(ctx, ent.start_char, ent.end_char)
            name = ctx.text[s:e]
            code = demonym_country(name)
            if code and name.lower() not in DEMONYM_EXCLUDE:
                out.append(Proposal(s, e, "ner", "NORP", 2, kind="demonym", country_hint=code))
            elif _known(ctx, name, 0.6):
                out.append(Proposal(s, e, "ner", "NORP", 1))
        elif label == "ORG":
            s, e = _abs(ctx, ent.start_char, ent.end_char)
            if ctx.text[s:e].lower() in ORG_PLACES:
                out.append(Proposal(s, e, "ner", "GPE", 2))
            else:
                out.extend(_org_places(ent, ctx))
    return out


_LOCATIVE = {"in", "to", "from", "at", "near", "into", "via", "outside", "toward", "towards", "reached",
             "left", "visited", "visiting", "entered", "leaving", "reach", "visit", "enter", "leave", "of"}


def _person_is_place(ent: "Span", ctx: Context) -> bool:
    """A small model calls some well-known cities people ("reached Tallinn",
    "an Alexandria man"): keep a one-word PERSON that the gazetteer knows well
    after a locative word, or anywhere when it is not a part of a person's full
    name elsewhere in the text and not a common first name or word."""
    if len(ent) > 1:  # "Tamil Nadu" as a person: a whole name that is a region or country
        return len(ent) <= 4 and _prior(ctx, ent.text) >= 0.95 and not demonym_country(ent.text)
    word = ent.text
    # The Doc itself, not list(doc): a list per entity made long texts quadratic.
    if word.lower() in COMMON_WORDS or _after_title(ent.doc, ent.start):
        return False
    prior = _prior(ctx, word)
    if ent.start > 0 and ent.doc[ent.start - 1].text.lower() in _LOCATIVE and prior >= 0.9:
        return True
    return prior >= 0.8 and word not in _person_words(ent.doc)


def _person_words(doc: "Doc") -> frozenset[str]:
    """Words of the multi-word person names in a document ("Smith" of "John Smith")."""
    cached = doc.user_data.get("geomap_person_words")
    if cached is None:
        cached = frozenset(t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e)
        doc.user_data["geomap_person_words"] = cached
    return cached


def _org_places(ent: "Span", ctx: Context) -> list[Proposal]:
    """'Far Eastern Federal University' is a facility; 'University of Michigan'
    and 'Chicago Tribune' hold a place name."""
    toks = [t for t in ent if not t.is_punct]
    if not toks:
        return []
    head = toks[-1].text.lower()
    s, e = _abs(ctx, ent.start_char, ent.end_char)
    if (head in SUFFIX_TYPES and SUFFIX_TYPES[head] == "facility" and len(toks) >= 2) or (
        len(toks) >= 3 and toks[0].text.lower() in OF_HEADS and toks[1].text.lower() == "of"
    ):
        return [Proposal(s, e, "rule:org-facility", "FAC", 1, type_hint="facility",
                         query=_inner_place(ctx, s, e))]
    out: list[Proposal] = []
    # a demonym opening the name: "Canadian Press", "American Red Cross"
    for k in (2, 1):
        if len(toks) > k:
            span = ent.doc[toks[0].i : toks[k - 1].i + 1]
            code = demonym_country(span.text)
            if code and span.text.lower() not in DEMONYM_EXCLUDE and span.text[:1].isupper():
                s2, e2 = _abs(ctx, span.start_char, span.end_char)
                return [Proposal(s2, e2, "rule:org-demonym", "NORP", 0, kind="demonym", country_hint=code)]
    # the longest known place name inside the organisation's name
    words = list(ent)
    best: tuple[float, int, int] | None = None
    for i in range(len(words)):
        for j in range(min(len(words), i + 4), i, -1):
            span = ent.doc[words[i].i : words[j - 1].i + 1]
            name = span.text
            if not _CAP.match(words[i].text) or _weak_name(span):
                continue
            prior = _prior(ctx, name)
            if prior >= 0.8 and (best is None or (j - i, prior) > (best[2] - best[1], best[0])):
                best = (prior, span.start_char, span.end_char)
    if best:
        s2, e2 = _abs(ctx, best[1], best[2])
        code = demonym_country(ctx.text[s2:e2])
        if code:
            return []
        out.append(Proposal(s2, e2, "rule:org-place", "GPE", 0))
    return out


# --- type words ---------------------------------------------------------------------

def type_word_rule(doc: "Doc", ctx: Context) -> list[Proposal]:
    """Names carried by a type word: "Russky Island", "Laurel County", "Lake
    Baikal", "University of Tokyo", "the Primorye region"."""
    out: list[Proposal] = []
    toks = list(doc)
    n = len(toks)
    for i, tok in enumerate(toks):
        low = tok.text.lower()
        # "X Island" / "X region": walk back over capitalised tokens
        if low in SUFFIX_TYPES and i > 0:
            j = i - 1
            while j >= 0 and (_is_cap(toks[j]) or (toks[j].text in "-" and j > 0)) and toks[j].text.lower() not in COMMON_WORDS - {"north", "south", "east", "west", "new", "great", "upper", "lower", "little", "grand", "saint", "st"}:
                j -= 1
            first = j + 1
            if first >= i:
                continue
            if tok.text[0].isupper():
                s, e = _abs(ctx, toks[first].idx, tok.idx + len(tok.text))
                name_only = _abs(ctx, toks[first].idx, toks[i - 1].idx + len(toks[i - 1].text))
                hint = SUFFIX_TYPES[low]
                if hint == "facility" and not _facility_ok(toks[first:i]):
                    continue
                if _prior(ctx, ctx.text[s:e]) >= 0.3:  # "Cape Town", "Czech Republic": a name as a whole
                    out.append(Proposal(s, e, "rule:type-word", "GPE", 3))
                    continue
                query = (_inner_place(ctx, s, e) if hint == "facility"
                         else ctx.text[name_only[0]:name_only[1]])
                out.append(Proposal(s, e, "rule:type-word", "FAC" if hint == "facility" else "LOC", 3,
                                    type_hint=hint, query=query))
            elif low in LOWER_TYPES:
                s, e = _abs(ctx, toks[first].idx, toks[i - 1].idx + len(toks[i - 1].text))
                name = ctx.text[s:e]
                if demonym_country(name) or e - s < 3:
                    continue
                out.append(Proposal(s, e, "rule:type-word", "LOC", 3, type_hint=SUFFIX_TYPES.get(low, "admin1")))
        # "Lake X", "Mount X", "University of X", "Gulf of X"
        if low in PREFIX_TYPES and tok.text[0].isupper() and i + 1 < n:
            k = i + 1
            if toks[k].text.lower() == "of" and low in OF_HEADS:
                k += 1
            elif low in _PREFIX_NEEDS_OF:
                continue
            if k < n and _is_cap(toks[k]) and toks[k].text.lower() not in COMMON_WORDS:
                m = k
                while m + 1 < n and _is_cap(toks[m + 1]) and toks[m + 1].text.lower() not in COMMON_WORDS:
                    m += 1
                s, e = _abs(ctx, tok.idx, toks[m].idx + len(toks[m].text))
                if _prior(ctx, ctx.text[s:e]) >= 0.3:  # "Cape Town", "Fort Worth", "Lake Charles"
                    out.append(Proposal(s, e, "rule:type-word", "GPE", 3))
                    continue
                hint = PREFIX_TYPES[low]
                query = None
                if hint not in ("facility", "city"):
                    qs, qe = _abs(ctx, toks[k].idx, toks[m].idx + len(toks[m].text))
                    query = None if hint in ("water", "terrain", "island") else ctx.text[qs:qe]
                out.append(Proposal(s, e, "rule:type-word", "FAC" if hint == "facility" else "LOC", 3,
                                    type_hint=hint, query=query))
    return out


def _facility_ok(name_toks: list["Token"]) -> bool:
    """A facility needs a proper name before its head: 'Primorsky Aquarium', not
    'The Aquarium' or 'Defense Ministry Station'."""
    return any(t.pos_ == "PROPN" or t.text.isupper() for t in name_toks) and not all(
        t.text.lower() in COMMON_WORDS for t in name_toks
    )


# --- hyphenated names --------------------------------------------------------------

_HYPHEN_NAME = re.compile(r"[A-Z][\w'\u2019]*(?:-[\w'\u2019]+)+")


def hyphen_rule(doc: "Doc", ctx: Context) -> list[Proposal]:
    """Hyphen-joined capitalised names the gazetteer knows ("Komsomolsk-on-Amur",
    "Stratford-upon-Avon", "Rostov-on-Don")."""
    out: list[Proposal] = []
    for m in _HYPHEN_NAME.finditer(doc.text):
        name = m.group()
        parts = name.split("-")
        if not parts[-1][:1].isupper():
            continue
        if _prior(ctx, name) > 0:
            s, e = _abs(ctx, m.start(), m.end())
            out.append(Proposal(s, e, "rule:hyphen", "GPE", 4))
    return out


def compound_rule(doc: "Doc", ctx: Context, *, min_prior: float = 0.8, max_words: int = 3) -> list[Proposal]:
    """Names joined by "and" or "&" that the gazetteer knows whole ("Trinidad and
    Tobago", "Bosnia and Herzegovina"), so the model's two halves are not kept."""
    if ctx.names is None:
        return []
    out: list[Proposal] = []
    toks = list(doc)
    for i, tok in enumerate(toks):
        if tok.text not in ("and", "&") or i == 0 or i + 1 >= len(toks):
            continue
        best: tuple[int, int] | None = None
        for a in range(max(0, i - max_words), i):
            left = toks[a:i]
            if not all(_is_cap(t) for t in left):
                continue
            for b in range(i + 2, min(len(toks), i + 1 + max_words) + 1):
                right = toks[i + 1 : b]
                if not all(_is_cap(t) for t in right):
                    break
                s, e = _abs(ctx, left[0].idx, right[-1].idx + len(right[-1].text))
                if best is not None and e - s <= best[1] - best[0]:
                    continue
                if _prior(ctx, ctx.text[s:e]) >= min_prior:
                    best = (s, e)
        if best is not None:
            out.append(Proposal(best[0], best[1], "rule:compound", "GPE", 4))
    return out


# --- locative context --------------------------------------------------------------

_LOCATIVE_STRONG = {"in", "to", "from", "at", "near", "into", "via", "outside", "toward", "towards",
                    "reached", "reach", "reaching", "visited", "visit", "visiting", "entered", "entering",
                    "leaving", "left", "through", "across", "around", "inside", "between", "and"}


def locative_rule(doc: "Doc", ctx: Context, *, min_prior: float = 0.3) -> list[Proposal]:
    """A known place name right after a locative word ("reached Nuuk", "in
    Iqaluit", "at Churchill in Manitoba"), whatever label the model gave it.

    "and" counts only when the word before it was itself a place ("Oslo and
    Berlin"); people's names (words of full person names in the text) are left alone.
    """
    if ctx.names is None:
        return []
    out: list[Proposal] = []
    toks = list(doc)
    n = len(toks)
    person_words = _person_words(doc)
    for i in range(1, n):
        prev = toks[i - 1].text.lower()
        if prev not in _LOCATIVE_STRONG or not _is_cap(toks[i]):
            continue
        if prev == "and" and not (i >= 2 and toks[i - 2].ent_type_ in ("GPE", "LOC")):
            continue
        for j in range(min(n, i + 3), i, -1):
            run = toks[i:j]
            if not all(_is_cap(t) for t in run):
                continue
            if j < n and _is_cap(toks[j]) and toks[j].pos_ == "PROPN":
                continue  # the name goes on: "in Nuuk Harbour Road"
            s, e = _abs(ctx, run[0].idx, run[-1].idx + len(run[-1].text))
            name = ctx.text[s:e]
            if e - s < 3 or name.lower() in COMMON_WORDS or demonym_country(name):
                continue
            if any(t.text in person_words for t in run) or ctx.is_blocked(s, e) and len(run) > 1:
                continue
            if _prior(ctx, name) >= min_prior:
                out.append(Proposal(s, e, "rule:locative", "GPE", 1))
                break
    return out


# --- gazetteer matcher -------------------------------------------------------------

def gazetteer_rule(doc: "Doc", ctx: Context, *, min_prior: float = 0.45, max_len: int = 4) -> list[Proposal]:
    """Capitalised token runs that the gazetteer knows as a well-known place."""
    if ctx.names is None:
        return []
    out: list[Proposal] = []
    toks = list(doc)
    n = len(toks)
    i = 0
    ent_types = {t.i: t.ent_type_ for t in toks}
    while i < n:
        tok = toks[i]
        if not _is_cap(tok) or ent_types[i] in ("PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY",
                                                 "CARDINAL", "ORDINAL", "WORK_OF_ART", "EVENT",
                                                 "PRODUCT", "LAW", "LANGUAGE", "PERCENT", "QUANTITY"):
            i += 1
            continue
        matched = 0
        for j in range(min(n, i + max_len), i, -1):
            run = toks[i:j]
            if not all(_is_cap(t) or (t.text.lower() in _CONNECT and k not in (0, len(run) - 1))
                       for k, t in enumerate(run)):
                continue
            s, e = _abs(ctx, run[0].idx, run[-1].idx + len(run[-1].text))
            if e - s < 3 or ctx.is_blocked(s, e):
                continue
            name = ctx.text[s:e]
            if len(run) == 1 and (name.lower() in COMMON_WORDS or demonym_country(name)):
                continue
            need = min_prior if len(run) > 1 else max(min_prior, 0.8)
            if len(run) == 1 and (tok.is_sent_start or tok.pos_ != "PROPN" or _after_title(toks, i)):
                continue
            if _prior(ctx, name) >= need:
                out.append(Proposal(s, e, "gazetteer", "GPE", 0))
                matched = j - i
                break
        i += matched or 1
    return out


# Words that are people's names as often as places, but places inside an
# organisation's name ("The Washington Post", "Jackson County Schools").
_PLACE_FIRST = {"washington", "jackson", "lincoln", "madison", "victoria", "florence", "orange", "bath",
                "mobile", "reading", "hamilton", "marion", "franklin", "clinton", "tyler", "eugene"}
_COUNTRY_ABBREVIATIONS = {"US", "UK", "USA", "UAE", "EU", "DRC", "PRC", "ROK", "DPRK"}


def _weak_name(span: "Span") -> bool:
    """Too weak to be a place inside an organisation's name: only common words
    ("North Central"), or a short all-capitals abbreviation ("AP", "UN")."""
    words = [t.text for t in span if not t.is_punct]
    if all(w.lower() in COMMON_WORDS and w.lower() not in _PLACE_FIRST for w in words):
        return True
    return len(words) == 1 and words[0].isupper() and len(words[0]) <= 3 and words[0] not in _COUNTRY_ABBREVIATIONS


_TITLES = {"mr", "mrs", "ms", "dr", "officer", "sgt", "lt", "gen", "col", "capt", "sen", "rep", "gov",
           "judge", "mayor", "president", "coach", "det", "deputy", "chief", "prof", "rev", "father",
           "sister", "brother", "saint", "st", "miss", "sir", "lady", "lord", "king", "queen", "prince"}


def _after_title(toks: "list[Token] | Doc", i: int) -> bool:
    """'Officer Manning', 'Dr. Ripley': a name after a title is a person."""
    if i == 0:
        return False
    prev = toks[i - 1].text.lower().rstrip(".")
    if prev in _TITLES:
        return True
    return i + 1 < len(toks) and toks[i + 1].text[:1].isupper() and toks[i + 1].pos_ == "PROPN" and toks[i + 1].ent_type_ == "PERSON"


def _inner_place(ctx: Context, start: int, end: int) -> str | None:
    """The place a facility is named after: "University of Cincinnati" ->
    "Cincinnati", "Dublin Community Recreation Center" -> "Dublin". Only a name
    the gazetteer knows well, at the start of the name or after "of"."""
    text = ctx.text[start:end]
    words = text.split()
    if len(words) < 2:
        return None
    choices: list[str] = []
    if "of" in words:
        k = words.index("of")
        tail = [w for w in words[k + 1 :]]
        for j in range(min(len(tail), 3), 0, -1):
            choices.append(" ".join(tail[:j]))
    for j in range(min(len(words) - 1, 3), 0, -1):
        choices.append(" ".join(words[:j]))
    for c in choices:
        c = c.strip(",.;:'’")
        if c.lower() in COMMON_WORDS or demonym_country(c):
            continue
        if _prior(ctx, c) >= 0.55:
            return c
    return None


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeast",
               "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
               "southwestern", "central", "upper", "lower", "greater", "downtown", "metro", "suburban",
               "rural", "coastal", "north-east", "north-west", "south-east", "south-west", "mid", "inner"}


def directional_query(names: NameIndex | None, name: str) -> str | None:
    """"Northeast Georgia" -> "Georgia" when the whole is unknown but the rest is
    a place ("North Korea" and "West Virginia" stay whole).

    >>> class N:
    ...     def name_prior(self, n): return {"georgia": 1.0, "north korea": 1.0}.get(n.lower(), 0.0)
    >>> directional_query(N(), "Northeast Georgia"), directional_query(N(), "North Korea")
    ('Georgia', None)
    """
    words = name.split()
    if names is None or len(words) < 2 or words[0].lower() not in _DIRECTIONS:
        return None
    if names.name_prior(name) > 0:
        return None
    rest = " ".join(words[1:])
    return rest if names.name_prior(rest) >= 0.3 else None


def _prior(ctx: Context, name: str) -> float:
    if ctx.names is None:
        return 0.0
    return ctx.names.name_prior(name)


def _known(ctx: Context, name: str, at_least: float) -> bool:
    return _prior(ctx, name) >= at_least


_STOP_NAMES = {"west", "east", "north", "south", "the west", "the east", "midwest", "aquarium",
               "earth", "world", "heaven", "hell", "internet", "universe", "space"}


def _is_stopword_name(name: str) -> bool:
    low = name.lower()
    return low in _STOP_NAMES or (low in COMMON_WORDS and low not in {"washington", "victoria", "jackson", "lincoln", "madison", "florence", "orange", "bath", "nice", "split", "mobile", "reading", "hamilton", "marion", "franklin", "clinton", "tyler", "eugene"})


DEFAULT_RULES: tuple[Rule, ...] = (ner_rule, type_word_rule, hyphen_rule, compound_rule, locative_rule,
                                   gazetteer_rule)
