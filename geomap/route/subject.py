"""Who is travelling: the story's main subject, its home country, and the actor of a cue.

News about a journey names its traveller most often as the one who "flew",
"visited", "left"... :func:`find_subject` counts, for every travel word, the
name that acts it (the nearest name before it that is not an object: "Kim and
Shoigu traveled" counts both, "Putin met Kim" counts Putin only) and keeps the
most frequent. :func:`actor` then tells whether a given cue word is the main
subject's move (``"main"``), someone else's (``"other"``) or unknown.

>>> text = "French President Ana Roy flew to Rome. Roy, who met Ito there, visited Milan."
>>> subj = find_subject(text)
>>> subj.name, subj.home
('Roy', 'FR')
>>> actor(text, 0, len(text), text.index("visited"), subj.aliases)
'main'
>>> text2 = "Ito, who met Roy on a visit to Oslo, said so."
>>> actor(text2, 0, len(text2), text2.index("visit"), subj.aliases)
'other'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .cues import JOURNEY_SUBJECT, MOTION_VERBS, PRESENCE_VERBS
from .text import Sentence, clause_start, split_sentences

__all__ = ["Subject", "find_subject", "actor", "name_markers"]

_TITLES = set(
    """president prime minister chancellor king queen pope leader mr mrs ms dr gen lt col maj capt adm
    admiral general secretary foreign defense defence senator sen rep governor gov mayor crown prince
    princess emperor empress sheikh commander chief vice deputy premier speaker ambassador envoy director
    ceo chairman chairwoman chair officials official navy army air force state media news agency sir lady
    lord saint st mount cardinal archbishop bishop rabbi imam father sister brother dame judge justice
    minister's president's""".split()
)
_STOP = set(
    """the a an after before on in at during since when while his her their he she they it this that these
    those but and then later earlier meanwhile however according also as by for from of to with without
    there here where what who which why how if so yet not no all some many most several other others one two
    three first last next new old more over under until despite amid among following late early
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow north south east west northern
    southern eastern western central northeast northwest southeast southwest i we you our my your its
    experts officials analysts critics related back top read see photo video watch share""".split()
)
_PRONOUN = re.compile(r"\b(?:he|she|they|his|her|their|him|them|it|its|we|our|us|I)\b", re.I)
#: Vehicles, groups and organisations that travel: "the ship", "the delegation", "the band".
GROUP_NOUNS = frozenset(
    """ship ships vessel boat yacht ferry liner freighter tanker trawler submarine icebreaker schooner
    plane aircraft jet airliner flight helicopter airbus boeing antonov embraer train convoy motorcade
    caravan trucks lorries buses fleet flotilla team squad crew delegation delegates group band orchestra
    philharmonic symphony choir troupe ensemble quartet trio five-piece four-piece six-piece musicians
    family refugees migrants pilgrims travellers travelers tourists expedition researchers scientists
    passengers climbers hikers cyclists marchers""".split()
)
_GROUP_RE = "|".join(sorted((re.escape(w) for w in GROUP_NOUNS), key=len, reverse=True))
#: Vehicles only: they are the subject of a whole sentence ("The aircraft took off from X and refuelled in Y").
_VEHICLE_RE = (
    r"ship|vessel|boat|yacht|ferry|liner|freighter|tanker|trawler|submarine|icebreaker|schooner|plane|aircraft|"
    r"jet|airliner|flight|helicopter|airbus|boeing|antonov|embraer|train|convoy|motorcade|caravan|trucks|lorries|"
    r"buses|fleet|flotilla"
)
_PERSON_TITLES = (
    r"president|prime\s+minister|minister|premier|chancellor|king|queen|pope|leader|envoy|secretary|governor|"
    r"mayor|ambassador|prince|princess|emperor|empress|monarch|couple|explorer|climber|tourists?"
)
_OBJ_BEFORE = set(
    """met meets meeting meet with by told tells showed shows showing shown invited inviting joined greeted
    welcomed hosted accompanied to for about from of against briefed gave give gives giving thanked received
    escorted at on in into than like toward towards saw see sees seeing visited aboard onboard near
    beside behind under over""".split()
)
_PERSON_NOUN = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:wife|husband|son|daughter|brother|sister|mother|father|children|family|minister|"
    r"aide|aides|spokesman|spokeswoman|spokesperson|deputy|envoy|staff|officials|adviser|advisers|advisor|"
    r"colleague|colleagues|friend|friends|partner|rival|opponent|counterpart|successor|predecessor|host|hosts|"
    r"guests?|bodyguards?|security|coach|team|teammates?|party|government|company|firm|ministry|office)\b",
    re.I,
)
_TITLE_SUBJECT = re.compile(
    rf"(?:(?:^(?:[\w-]+\s+){{0,3}}?|[,;—–]\s*|\band\s+)(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?:{_PERSON_TITLES}|{_GROUP_RE})"
    r"\s+(?:\w+\s+){0,5}$)"
    # a vehicle anywhere before the verb ("The aircraft took off from X and refuelled in")
    rf"|(?:(?:^|\b(?:the|a|an)\s+|[\w.-]+(?:'s|’s)\s+)(?:[\w'’-]+\s+){{0,3}}?(?:{_VEHICLE_RE})\b"
    r"(?:(?!\b(?:who|which|that|whose|where|said|says)\b)[^;:.!?]){0,80}$)"
    # "Germany's development minister ended..."
    rf"|(?:\b[A-Z][\w.-]*(?:'s|’s)\s+(?:[\w-]+\s+){{0,2}}?(?:{_PERSON_TITLES})\s+(?:\w+\s+){{0,3}}$)",
    re.I,
)
_TITLE_AFTER = re.compile(
    rf"\s*(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_PERSON_TITLES}|{_GROUP_RE})\b",
    re.I,
)
_VEHICLE_NAME = re.compile(rf"\b(?:{_GROUP_RE})\s+(?:[A-Z][\w'’.-]*\s+)*$", re.I)


def _named_group(text: str, at: int) -> bool:
    """True when the name at ``at`` names a vehicle or group ("the vessel Aurora Borealis",
    "the band Paper Moons", "Flight QF1")."""
    return bool(_VEHICLE_NAME.search(text, max(0, at - 80), at))
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|added|adds|wrote|writes|explained|noted|recalled|"
    r"according\s+to)\b(?:\s+(?:that|on\s+\w+day))?",
    re.I,
)


@dataclass(frozen=True)
class Subject:
    """The main traveller: ``name`` (the token used most), all ``aliases`` (tokens of
    the full name) and ``home`` (ISO country code when a demonym or a possessive
    place before the name tells it)."""

    name: str | None = None
    aliases: frozenset[str] = field(default_factory=frozenset)
    home: str | None = None


def _is_name(word: str, demonym: Callable[[str], str | None]) -> bool:
    w = word.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if not w or not w[0].isupper() or w.isupper() and len(w) > 1:
        return False
    low = w.lower()
    if low in _STOP or low in _TITLES or low in GROUP_NOUNS or len(w) == 1:
        return False
    return demonym(low) is None


def name_markers(
    text: str,
    lo: int,
    hi: int,
    places: Sequence[tuple[int, int]] = (),
    demonym: Callable[[str], str | None] | None = None,
) -> list[tuple[int, str, bool]]:
    """Subject markers in ``text[lo:hi]``: ``(offset, word, is_object)`` for names and pronouns.

    A marker is an object when the word before it takes one ("met Kim", "with
    her", "to Putin"). Words inside place mentions are skipped.

    >>> [(w, o) for _, w, o in name_markers("Putin met Kim and he left", 0, 25)]
    [('Putin', False), ('Kim', True), ('he', False)]
    """
    demonym = demonym or _any_demonym
    out: list[tuple[int, str, bool]] = []
    pending = 0  # words left in which a preposition or object-taking verb waits for its object
    for m in _WORD.finditer(text, lo, hi):
        a, w = m.start(), m.group()
        low = w.lower()
        if re.search(r"[,;]", text[max(lo, a - 2) : a]):
            pending = 0
        in_place = any(s <= a < e for s, e in places)
        is_pron = bool(_PRONOUN.fullmatch(w))
        if not in_place and (is_pron or (_is_name(w, demonym) and not _sentence_initial(text, a, lo, w))):
            # a nominative pronoun is never an object ("From there she turned...")
            obj = (pending > 0 and low not in ("he", "she", "they", "we")) or (is_pron and low in ("him", "them", "us"))
            if not is_pron and out and out[-1][2] and re.fullmatch(r" ", text[a - 1 : a]) and text[
                out[-1][0] : a
            ].rstrip() == text[out[-1][0] : out[-1][0] + len(out[-1][1])]:
                obj = True  # "to Wad Madani": the rest of a name in object position
            out.append((a, w.replace("’", "'").removesuffix("'s"), obj))
            pending = 0
        elif low in _OBJ_BEFORE:
            pending = 4
        elif in_place or w[0].isupper() or low in ("and", "or", "but", "who", "which", "that", "then", "while"):
            pending = 0  # "On Wednesday Santos": the capitalised word was the object
        else:
            pending = max(0, pending - 1)
    return out


def _sentence_initial(text: str, a: int, lo: int, word: str) -> bool:
    """A capitalised word opening a clause that the text also uses in lower case
    ("Police", "Thousands") is a common word, not a name."""
    if text[lo:a].strip(" \t\n\"“‘'(—–-") != "":
        return False
    low = word.replace("’", "'").removesuffix("'s").lower()
    return bool(re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", text))


def _demonym(word: str) -> str | None:
    """ISO country code of a demonym ("Kenyan" → "KE"); None for regions ("Asian")."""
    from ..extract.demonyms import demonym_country

    code = demonym_country(word)
    return code if code and not code.startswith("@") else None


def _any_demonym(word: str) -> str | None:
    from ..extract.demonyms import demonym_country

    return demonym_country(word)


def _actor_marker(
    text: str, lo: int, verb: int, hi: int, places: Sequence[tuple[int, int]]
) -> list[str] | None:
    """The words naming who acts the cue at ``verb`` (a coordinated group), or None."""
    cl = clause_start(text, lo, verb)
    prefix = text[cl:verb]
    rel = re.search(r"([A-Z][\w'’\-]*|he|she|they)\s*,?\s+who\b[^,;]*$", prefix)
    if rel:
        return [rel.group(1).replace("’", "'").removesuffix("'s")]
    said = None  # "Lindqvist said the crew spent...": the speaker is not the traveller
    for said in _REPORTING.finditer(text, cl, verb):
        pass
    if said is not None:
        cl, prefix = said.end(), text[said.end() : verb]
    markers = [(a, w) for a, w, obj in name_markers(text, cl, verb, places) if not obj]
    if not markers and JOURNEY_SUBJECT.search(prefix):
        return ["(title)"]  # "The voyage began in X"
    if markers and markers[-1][1].lower() in ("his", "her", "their", "its", "our"):
        # "His wife flew to X" is someone else; "his trip to X" is his.
        if _PERSON_NOUN.match(text, markers[-1][0] + len(markers[-1][1]), verb):
            prev_end = markers[-2][0] + len(markers[-2][1]) if len(markers) > 1 else -1
            if prev_end >= 0 and re.fullmatch(r"(?:'s|’s)?\s*,?\s+and\s+", text[prev_end : markers[-1][0]]):
                markers = markers[:-1]  # "Amina and her children fled": Amina travels too
            else:
                return [markers[-1][1] + " (associate)"]
    if markers and _named_group(text, markers[-1][0]):
        return ["(title)"]  # "the vessel Aurora Borealis docked"
    if markers:
        group = [markers[-1]]
        i = len(markers) - 2
        while i >= 0:
            between = text[markers[i][0] + len(markers[i][1]) : group[0][0]]
            if re.fullmatch(r"(?:'s|’s)?\s*(?:,\s*|\s+and\s+|\s*&\s*|,\s+and\s+)\s*(?:\w+\.?\s+){0,3}", between):
                group.insert(0, markers[i])
                i -= 1
            else:
                break
        return [w for _, w in group]
    if _TITLE_SUBJECT.search(prefix):
        return ["(title)"]  # "The president met...": the story's subject, unnamed
    # "After visiting X, Kim flew on": the subject comes after the opening phrase.
    comma = text.find(",", verb, hi)
    if comma == -1:
        return None
    after = [(a, w) for a, w, obj in name_markers(text, comma, hi, places) if not obj]
    title = _TITLE_AFTER.match(text, comma + 1, hi)
    if title and (not after or after[0][0] > title.end()):
        return ["(title)"]
    return [after[0][1]] if after else None


def _quoted(text: str, lo: int, at: int) -> bool:
    """True when ``at`` lies inside quotation marks opened after ``lo``."""
    seg = text[lo:at]
    return (seg.count('"') % 2 == 1) or seg.count("“") > seg.count("”")


def _only_initial(text: str, word: str, sentences: Sequence[Sentence]) -> bool:
    starts = {s.start for s in sentences}
    hits = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
    return bool(hits) and all(
        a in starts or not text[max(0, a - 3) : a].strip(" \t\n\"“‘'(") for a in hits
    )


def _named_group_word(text: str, lo: int, hi: int, word: str) -> bool:
    """True when ``word`` (last seen before ``hi``) names a vehicle or group."""
    i = text.rfind(word, lo, hi)
    return i >= 0 and _named_group(text, i)


def actor(
    text: str,
    lo: int,
    hi: int,
    verb: int,
    aliases: frozenset[str] | set[str],
    places: Sequence[tuple[int, int]] = (),
    motion: bool = True,
) -> str:
    """Whose move is the cue word at ``verb`` in the sentence ``text[lo:hi]``?

    ``"main"`` when the acting name is one of ``aliases`` or a pronoun,
    ``"other"`` when it is another name, ``"unknown"`` when no actor is found.
    ``motion`` is False for a presence cue ("held", "was in"): "it" acting one
    is a thing ("it will be held in X"), not a travelling vehicle.
    """
    words = _actor_marker(text, lo, verb, hi, places)
    if not words:
        return "unknown"
    if not motion and len(words) == 1 and words[0].lower() in ("it", "its"):
        return "unknown"
    if aliases and len(words) == 1 and words[0].lower() in ("he", "she"):
        # "Putin said he would visit X": a singular pronoun after another subject is theirs.
        cl = clause_start(text, lo, verb)
        first = [w for _, w, obj in name_markers(text, lo, verb, places) if not obj and not _PRONOUN.fullmatch(w)]
        if first and first[0] not in aliases and not re.search(r"[.;]", text[cl:verb][:0]):
            return "other"
    if len(words) == 1 and words[0].lower() in ("we", "our", "us", "i") and _quoted(text, lo, verb):
        return "unknown"  # '"We want them to go through Ohio," said...': a speaker, not the story's traveller
    for w in words:
        if _PRONOUN.fullmatch(w) or w == "(title)":
            return "main"
    if not aliases:
        return "unknown"
    for w in words:
        if w in aliases or _PRONOUN.fullmatch(w):
            return "main"
    return "other"


def find_subject(
    text: str,
    sentences: Sequence[Sentence] | None = None,
    places: Sequence[tuple[int, int]] = (),
    place_countries: Sequence[tuple[int, int, str | None]] = (),
) -> Subject:
    """The story's main traveller (see the module docstring).

    ``place_countries`` are ``(start, end, country_code)`` of resolved place and
    demonym mentions: "Japan's prime minister Sato" makes Sato's home JP.
    """
    sentences = sentences if sentences is not None else split_sentences(text)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    last_name: str | None = None  # "he"/"she" count for the last acting name
    for s in sentences:
        hits = []
        for verbs, weight in ((MOTION_VERBS, 1.0), (PRESENCE_VERBS, 0.5)):
            for m in verbs.finditer(text, s.start, s.end):
                if not any(a <= m.start() < b for a, b in places):
                    hits.append((m.start(), weight))
        for pos, weight in sorted(hits):
            for w in _actor_marker(text, s.start, pos, s.end, places) or ():
                if w != "(title)" and _named_group_word(text, s.start, pos, w):
                    continue
                if _PRONOUN.fullmatch(w) and w.lower() in ("he", "she") and last_name:
                    w = last_name
                if not _PRONOUN.fullmatch(w) and not re.fullmatch(r"[a-z].*", w) and "(" not in w:
                    # a capitalised word seen only at the start of sentences may be a common
                    # word ("Funding for the expedition came from..."): half a vote
                    share = 0.5 if _only_initial(text, w, sentences) else 1.0
                    counts[w] += weight * share  # type: ignore[assignment]
                    first[w] = min(first.get(w, pos), pos)
                    last_name = w
    if not counts or max(counts.values()) < 1:
        return Subject()  # one "meeting" is not enough to call someone a traveller
    name = max(counts, key=lambda w: (counts[w], -first[w]))
    aliases = {name}
    seq = re.compile(r"[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*")
    runs = [m for m in seq.finditer(text) if name in m.group().split()]
    for m in runs:
        for w in m.group().split():
            if w in aliases or not _is_name(w, _any_demonym):
                continue
            alone = [a.start() for a in re.finditer(rf"\b{re.escape(w)}\b", text)]
            if all(any(r.start() <= a < r.end() for r in runs) for a in alone):
                aliases.add(w)
    return Subject(name, frozenset(aliases), _home(text, name, places, place_countries))


def _home(
    text: str,
    name: str,
    places: Sequence[tuple[int, int]],
    place_countries: Sequence[tuple[int, int, str | None]],
) -> str | None:
    """Country of the subject from a demonym or possessive place right before its name."""
    for m in re.finditer(rf"\b{re.escape(name)}\b", text):
        lo = max(0, m.start() - 60)
        window = text[lo : m.start()]
        # place or demonym mentions in the window ("Japan's", "the Kenyan")
        for a, b, cc in sorted(place_countries, reverse=True):
            if lo <= a and b <= m.start() and cc:
                tail = text[b : m.start()]
                if len(tail.split()) <= 4 and not re.search(r"[.;!?]", tail):
                    return cc
        words = _WORD.findall(window)[-5:]
        for n in (3, 2, 1):
            for i in range(len(words) - n, -1, -1):
                phrase = " ".join(words[i : i + n])
                cc = _demonym(phrase.lower())
                if cc:
                    return cc
    return None
