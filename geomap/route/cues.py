"""Travel cues: what a sentence says about one place (went there? left it? will go?).

:func:`find_cue` looks left of a place mention, inside its clause, for the
nearest travel or presence word ("flew", "visited", "left", "met ... in", "trip
to") and the preposition that links it to the place ("to", "in", "near",
"from"...). The answer is a :class:`Cue`: its ``kind`` says what the place is to
the journey, ``verb_start`` lets the caller check *who* travelled.

>>> s = "On Monday the minister flew from Oslo to an air base near Bodø."
>>> [find_cue(s, 0, len(s), s.index(n), s.index(n) + len(n)).kind for n in ("Oslo", "Bodø")]
['from', 'near']
>>> s = "He will visit Lima, officials said, amid the war in Ukraine."
>>> c = find_cue(s, 0, len(s), s.index("Lima"), s.index("Lima") + 4)
>>> c.kind, c.planned
('visit', True)
>>> find_cue(s, 0, len(s), s.index("Ukraine"), len(s) - 1).kind
'context'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .text import clause_start

__all__ = [
    "Cue", "find_cue", "ends_journey", "TRAVEL_KINDS", "HOME_RE", "MOTION_VERBS", "PRESENCE_VERBS", "JOURNEY_NOUN",
]

#: Cue kinds that put a place on the route.
TRAVEL_KINDS = frozenset({"arrive", "visit", "presence", "near", "from", "depart", "return", "via", "start", "end"})


def _alt(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True)).replace("_", r"\s+")


_MOTION = _alt(
    "flew flown fly flies flying travelled traveled travelling traveling travels travel went goes go going gone "
    "headed heading heads head drove driving drives drive sailed sailing sails sail journeyed journeying "
    "moved_on moving_on continued continuing continues continue proceeded proceeding came comes coming come arrived "
    "arrives arriving arrive landed landing lands crossed crossing rode riding jetted jetting hopped "
    "boarded boarding took_a_train took_a_flight took_a_plane took_a_ferry took_a_boat set_off setting_off "
    "set_out made_his_way made_her_way made_their_way making_his_way making_her_way making_their_way "
    "trekked hiked cycled walked_on was_flown were_flown rushed docked docking moored anchored berthed "
    "bound took_off taking_off takes_off touched_down touching_down touches_down set_sail setting_sail "
    "sets_sail steamed steaming cruised pedalled pedaled pedalling pedaling biked rowed paddled pushed_on "
    "pressed_on diverted diverting rerouted re-routed"
)
_RETURN = _alt(
    "returned returning returns return flew_back flying_back headed_back heading_back came_back coming_back "
    "went_back going_back got_back drove_back sailed_back travelled_back traveled_back journey_back trip_back "
    "way_back"
)
_VISIT = _alt(
    "visited visiting visits visit toured touring tours tour reached reaching reaches reach entered entering "
    "enters enter explored exploring called_at stopped_over_in stopped_in stopping_in stopping_over_in "
    "stops_in passed_through passing_through put_in_at putting_in_at pulled_into"
)
_DEPART = _alt("left leaving leaves leave departed departing departs depart quit exited fled fleeing flees")
_PRESENCE = _alt(
    "met meets meeting held holds holding hosted hosting spoke speaks speaking addressed addressing attended "
    "attending attends stayed staying stays spent spending inspected inspecting watched watching walked "
    "walking strolled opened inaugurated laid laying signed signing appeared appearing rallied campaigned "
    "campaigning lunched dined prayed praying celebrated greeted welcomed received seen sighted paused rested "
    "performed played competed joined joining stopped stopping lived waited waiting slept talked talks "
    "gathered posed unveiled launched viewed observed trained training worked studied toured_the "
    "shopped prayed visited_with refuelling refueling refuelled refueled plays play playing performs "
    "perform performing"
)
_BE = _alt("was were is are been be being remained remains")
_NOUN = _alt(
    "trip trips visit visits tour tours journey journeys voyage stopover stop stops flight flights mission "
    "pilgrimage trek cruise excursion leg legs stay tour_of way concert concerts show shows gig gigs call "
    "port_of_call crossing ride"
)
# Verbs that open or close a journey ("the voyage began in X", "wrapped up the tour in Y").
_BEGIN = _alt(
    "began begins begin beginning started starts start starting opened opens opening kicked_off kicks_off "
    "kicking_off launched launches launching"
)
_FINISH = _alt(
    "ended ends end ending wrapped_up wraps_up wrapping_up wrap_up finished finishes finishing finish "
    "concluded concludes concluding conclude completed completes completing rounded_off"
)
#: Words naming a journey ("trip", "tour", "voyage"...).
JOURNEY_NOUN = (
    r"(?:trip|tour|journey|voyage|visit|survey|expedition|mission|trek|cruise|crossing|odyssey|campaign|"
    r"drive|flight|ride|walk|march|season|swing|pilgrimage|sail|passage|road\s+trip|leg|roadshow|road\s+show|"
    r"junket)s?"
)


_RIDE = (
    r"(?:took|take|takes|taking|caught|catch|catches|catching|boarded|boarding)\s+(?:a|an|the|his|her|their|our)\s+"
    r"(?:[\w-]+\s+)?(?:train|flight|plane|jet|ferry|boat|bus|ship|helicopter|car|taxi)"
    r"|(?:turned|turning|turns|veered|swung)\s+(?:north|south|east|west|inland)(?:-?(?:east|west))?(?:wards?)?"
)
MOTION_VERBS = re.compile(rf"\b(?:{_RIDE}|{_MOTION}|{_RETURN}|{_VISIT}|{_DEPART})\b", re.I)
"""Words that say someone moved (used to find who the traveller is)."""
PRESENCE_VERBS = re.compile(rf"\b(?:{_PRESENCE})\b", re.I)
"""Words that say someone did something somewhere ("met", "spoke", "opened")."""

_CUE = re.compile(
    rf"\b(?:(?P<ret>{_RETURN})|(?P<mot>{_RIDE}|{_MOTION})|(?P<vis>{_VISIT})|(?P<dep>{_DEPART})"
    rf"|(?P<beg>{_BEGIN})|(?P<fin>{_FINISH})|(?P<pre>{_PRESENCE})|(?P<be>{_BE})|(?P<noun>{_NOUN}))\b",
    re.I,
)

HOME_RE = re.compile(
    r"\b(?:head(?:ed|ing|s)?|return(?:ed|ing|s)?|fl(?:ew|ying|ies|own)|went|going|travel(?:l)?(?:ed|ing)|"
    r"sail(?:ed|ing)|dr(?:ove|iving)|came|coming|(?:his|her|their|the)\s+(?:journey|trip|way|flight))"
    r"\s+(?:back\s+)?home\b",
    re.I,
)
"""A journey home ("headed home", "on his way home"): the destination is the traveller's home."""

_PREP = re.compile(
    r"\b(?P<p>close\s+to|not\s+far\s+from|outside\s+of|out\s+of|on\s+the\s+outskirts\s+of|in\s+the\s+outskirts\s+of|"
    r"en\s+route\s+to|on\s+to|onward\s+to|back\s+to|back\s+in|home\s+to|in\s+to|"
    r"to|into|towards?|for|in|at|on|inside|within|near|outside|around|across|throughout|through|via|"
    r"from|of|off|over|against|with|by|about|like|than|between|among)\b",
    re.I,
)
_TRANSPARENT_OF = re.compile(
    r"\b(?:city|town|village|capital|port|region|province|state|island|islands|district|county|outskirts|"
    r"suburbs?|streets|center|centre|heart|coast|shores?|north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west|northern|southern|eastern|western|parts?|areas?|republic|kingdom|"
    r"regions|capitals|towns|cities|villages|tour|visit|part|territory|peninsula|resort|harbou?r|hub|enclave|"
    r"outpost|province|oblast|prefecture)\s*$",
    re.I,
)
_CONTEXT_HEAD = re.compile(
    r"\b(?:war|wars|conflict|invasion|fighting|battle|attacks?|strikes?|offensive|crisis|sanctions|tensions|"
    r"relations|ties|dispute|disputes|border|born|based|headquartered|native|natives|citizens?|"
    r"refugees|migrants|exports?|imports?|economy|elections?|shelling|missiles?|bombing|occupation|"
    r"aggression|aid|trade|alliance|rivalry|threats?|threatening|allies|ally|"
    r"nuclear|weapons?|arms|ammunition|oil|gas|made|built|produced|sent|shipped|imported|exported|delivered|"
    r"fired|targets?|targeted|fought|deployed|stationed|news\s+agency|state\s+media|prices?|markets?|shares?)"
    r"(?:\s+\w+){0,2}\s*$",
    re.I,
)
_BLOCK = re.compile(
    r"\b(?:which|who|whom|whose|where|said|says|told|because|although|if|whether|than|according|"
    r"reported|announced|while|when|that\s+(?:has|have|had|is|are|was|were|would|will|could|can))\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(?:will|shall|would|is\s+to|are\s+to|was\s+to|were\s+to)\b|'ll\b|"
    r"\b(?:expected|scheduled|due|set|slated|planning|planned|plans?|intends?|intended|intending|hopes?|hoped|"
    r"hoping|aims?|aimed|poised|going|wants?|wanted|invited|agreed)\s+to\b|"
    r"\b(?:upcoming|planned|proposed|scheduled|expected|forthcoming|future|next|possible|potential)\s+(?:\w+\s+)?$|"
    r"\b(?:plans?|planning|schedules?)\s+(?:a|an|his|her|their)\s+(?:\w+\s+)?$",
    re.I,
)
# "made its scheduled stop in X": the plan was carried out
_DONE = re.compile(
    r"\b(?:made|had|took|completed|paid|kept)\s+(?:a|an|the|its|his|her|their|our)\s+(?:\w+\s+)?$", re.I
)
_NEGATED = re.compile(r"\b(?:not|never|no\s+longer|instead\s+of|rather\s+than|without)\b|n't\b", re.I)
_CANCEL_WORDS = (
    r"cancel(?:l)?(?:ed|ing|s)?|called\s+off|calls?\s+off|calling\s+off|postpon(?:ed|es|ing)|"
    r"scrapped|scraps|skipped|skipping|shelved|abandoned|aborted|axed|dropped|ruled\s+out|put\s+off|"
    r"put\s+an\s+end\s+to|fell\s+through|struck\s+(?:off|from)"
)
_CANCELLED = re.compile(rf"\b(?:{_CANCEL_WORDS})\b", re.I)
_CANCELLED_AFTER = re.compile(
    r"[^.;]*?\b(?:trip|visit|tour|plan|plans|journey|stop|stopover|flight|leg)s?\s+(?:was|were|has\s+been|had\s+been|"
    r"is|are)\s+(?:\w+\s+)?(?:cancel|called\s+off|postponed|scrapped|shelved|dropped)",
    re.I,
)
# "A planned stop in X was cancelled": the noun before the place, the verdict after it.
_CANCELLED_VERDICT = re.compile(
    rf"(?P<between>[^.;]{{0,60}}?)\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are|got|been)\s+"
    rf"(?:\w+\s+){{0,2}}?(?:{_CANCEL_WORDS})\b",
    re.I,
)
# "We had hoped to finish in X, but a strike put an end to that plan."
_ABANDONED = re.compile(rf"[^.]*?\b(?:but|however|until)\b[^.]*?\b(?:{_CANCEL_WORDS})\b", re.I)
_BEFORE_HINT = re.compile(r"\b(?:after|having|following|had|since)\s+(?:\w+\s+){0,1}$", re.I)
_AFTER_HINT = re.compile(r"\b(?:before|then|later|afterwards|next|subsequently)\s+(?:\w+\s+){0,1}$", re.I)

_MAX_GAP = 12
#: Most words between a cue of each class and its place ("visiting an aircraft factory in X": 3).
_TO_VERB = re.compile(
    r"to\s+(?!(?:the|a|an|his|her|their|its|northern|southern|eastern|western|central|north|south|east|west|"
    r"neighbou?ring|nearby|rural|remote|coastal|war-torn|oil-rich|occupied|tiny|small|big|remote)\b)"
    r"(?![\w-]*(?:ern|al|ed|ic|ian|ish|ese|ful)\b)[a-z][\w-]*\s",
)
_BACK_HOME = re.compile(r"\s*(?:(?:already|now|finally|safely)\s+)?back\s+home\s+(?:in|at|to)\s+(?:the\s+)?", re.I)
_DETERMINER_END = re.compile(r"\b(?:a|an|the|his|her|their|its|our)\s+$", re.I)
_GROUP_GAP = {"vis": 5, "dep": 5, "pre": 10, "be": 6, "noun": 4, "mot": 9, "ret": 9, "beg": 7, "fin": 7}
_DET_WORDS = re.compile(r"\s*(?:(?:the|a|an|his|her|their|its|our|this|that)\s+)?(?:[\w'’-]+\s+){0,4}", re.I)
_JOURNEY_GAP = re.compile(
    rf"^\s*(?:(?:the|a|an|his|her|their|its|our|this|that)\s+)?(?:[\w'’-]+\s+){{0,4}}?{JOURNEY_NOUN}\b", re.I
)
#: A journey as the subject of the clause ("The voyage began in X", "the tour ends in Y").
JOURNEY_SUBJECT = re.compile(
    rf"\b(?:the|his|her|their|its|our)\s+(?:[\w'’-]+\s+){{0,3}}?{JOURNEY_NOUN}\s+(?:\w+\s+)?$", re.I
)


@dataclass(frozen=True)
class Cue:
    """What the text says about one mention.

    ``kind``: ``"arrive"`` (went to it), ``"visit"`` (visited it), ``"presence"``
    (did something there: the leg into it is implied), ``"near"`` (at a site
    near it), ``"from"`` (came from it), ``"depart"`` (left it), ``"return"``
    (went back to it), ``"via"`` (passed through), ``"context"`` (a background
    mention: "the war in X", "X's government") or ``"none"``.
    ``verb`` and ``verb_start`` (absolute offset) locate the cue word; ``planned``
    marks a future or intended move; ``negated`` a move that did not happen;
    ``order`` is -1 when the clause says the move came first ("after visiting
    X, ...") and +1 when it came later ("before heading to X").
    ``"start"`` and ``"end"`` kinds open and close the journey ("the voyage
    began in X", "wrapped up the tour in Y"). ``group`` is the class of the cue
    word (``"mot"``, ``"vis"``, ``"noun"``...), ``journey`` tells that a journey
    noun goes with it ("began *the trip* in X") and ``home`` that the move is
    a journey home ("flew home to X", "was back home in X").
    """

    kind: str = "none"
    verb: str = ""
    verb_start: int = -1
    prep: str | None = None
    planned: bool = False
    negated: bool = False
    order: int = 0
    possessive: bool = False
    group: str = ""
    journey: bool = False
    home: bool = False

    @property
    def travel(self) -> bool:
        return self.kind in TRAVEL_KINDS and not self.negated


def _possessive(text: str, end: int) -> bool:
    return bool(re.match(r"(?:'s|’s|')(?!\w)", text[end : end + 3]))


def _last_prep(gap: str) -> tuple[str | None, int]:
    """The last preposition of ``gap`` and where it starts (``None, -1`` if none)."""
    last = None
    for m in _PREP.finditer(gap):
        last = m
    if last is None:
        return None, -1
    return re.sub(r"\s+", " ", last.group("p").lower()), last.start()


def _kind(group: str, verb: str, prep: str | None, n_gap_words: int, gap: str) -> str:
    """The cue kind for a verb of class ``group`` joined to the place by ``prep``."""
    v = verb.lower()
    if group == "be" and _BACK_HOME.fullmatch(gap):
        return "return"  # "was back home in X"
    if group == "be" and not re.fullmatch(
        r"\s*(?:(?:already|still|also|later|then|briefly|again|back|now|currently|reportedly|once)\s+)?"
        r"(?:(?!born|based|buried|located|situated|headquartered|founded|registered|made|built|found|held|shown|"
        r"hosted|staged|sold|published|released|broadcast|printed|filmed|recorded|displayed|exhibited|organi[sz]ed|"
        r"launched|opened|used|produced|manufactured)"
        r"\w+(?:ed|en|wn)\s+|due\s+)?"
        r"(?:in|at|on|inside|back\s+in|near|close\s+to|outside)\s*(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?(?:near|in|at)\s+)?",
        gap,
        re.I,
    ):
        return "none"  # "was in X", "was detained in X", not "was born in X", "were found on a path near X"
    if n_gap_words > _GROUP_GAP.get(group, _MAX_GAP):
        return "none"
    near = prep in ("near", "close to", "not far from", "outside", "outside of", "on the outskirts of",
                    "in the outskirts of")
    if near:
        return "presence" if group == "pre" and "outskirts" in (prep or "") else "near"
    if prep in ("via", "through") or (prep == "across" and group == "mot"):
        return "via"
    if prep == "around" and group == "mot" and re.match(r"(?:sail|fl[yio]|steam|cruis|jet|circl)", v):
        return "via"  # "sailed around Africa"
    if group in ("beg", "fin"):
        journey = bool(_JOURNEY_GAP.match(gap))
        bare = bool(re.fullmatch(r"\s*(?:in|at|from|on|inside)\s+(?:the\s+)?", gap, re.I))  # "began in X"
        if prep in ("in", "at", "from", "on", "inside", "with") and (journey or bare):
            if group == "beg" and prep != "with":
                return "start"
            if group == "fin" and prep != "from":
                return "end"
        if journey and prep in (None, "of", "to", "through", "across", "around", "throughout"):
            return "visit"  # "began a tour of Africa": the region toured
        if prep in ("in", "at", "on", "inside"):
            return "presence"  # "opened an office in X", "ended the week in X"
        return "none"
    if group == "ret":
        if prep in ("from", "out of"):
            return "from"
        return "return" if prep in (None, "to", "in", "into", "back to", "home to", "at", "back in") else "none"
    if group == "dep":
        if prep is None:
            return "depart" if n_gap_words <= 4 else "none"
        if prep in ("from", "out of"):
            return "depart"
        if prep in ("for", "to", "towards", "toward", "en route to", "on to"):
            return "arrive"
        return "none"
    if group == "mot":
        if prep in ("from", "out of", "off"):
            return "from"
        if prep in ("to", "into", "towards", "toward", "en route to", "on to", "onward to", "in to"):
            return "arrive"
        if prep in ("back to", "home to", "back in"):
            return "return" if not re.match(r"(?:arriv|land)", v) else "arrive"
        if prep == "for" and re.match(r"(?:head|left|leav|depart|set|bound|board|sail|steam)", v):
            return "arrive"
        if prep in ("in", "at", "on", "inside", "within", "around", "throughout", "back in"):
            if re.match(r"(?:arriv|land|reach|dock|moor|anchor|berth|touch|put|pull)", v):
                return "arrive"
            if re.match(r"(?:travel|tour|trek|hik|cycl|walk|sail|went|go|stop|stay|journey|came|com)", v):
                return "visit"
            if re.match(r"board", v) and prep in ("in", "at"):
                return "from"  # "boarded the train in Moscow"
            if re.match(r"cross", v) and prep == "at":
                return "via"  # "crossed the river at X", "crossed the border at X"
            return "none"  # "continued the sale ... in X"
        if prep is None and re.match(r"(?:cross|board)", v) and n_gap_words <= 3:
            return "via"
        return "none"
    if group == "vis":
        if prep is None:
            return "visit" if n_gap_words <= 5 else "none"
        if prep in ("in", "at", "on", "inside", "within", "to", "around", "throughout", "of"):
            return "visit"
        return "none"
    if group == "pre" and re.match(r"(?:play|perform)", v):
        # "the band played Montreal", "performed in Oslo"; not "played a role in X"
        if re.fullmatch(r"\s*", gap):
            return "visit"
        return "presence" if re.fullmatch(r"\s*(?:in|at)\s+(?:the\s+)?", gap, re.I) else "none"
    if group in ("pre", "be"):
        if prep in ("in", "at", "on", "inside", "within", "around", "throughout", "back in"):
            return "presence"
        return "none"
    if group == "noun":
        if v == "way" and not re.match(r"\s*(?:home|back|to|on\s+to)\b", gap, re.I):
            return "none"
        if v in ("call", "calls") and not re.fullmatch(r"\s*at\s+(?:the\s+)?", gap, re.I):
            return "none"  # "a call at X" (a port of call), not "calls for peace in X"
        if v in ("show", "shows", "concert", "concerts", "gig", "gigs") and prep not in ("in", "at", "on"):
            return "none"
        if prep in ("home to", "back to", "back in"):
            return "return"
        if prep in ("to", "in", "at", "on", "of", "into", "around", "throughout"):
            return "return" if "back" in v else "visit"
        if prep in ("from",):
            return "from"
        return "none"
    return "none"  # pragma: no cover


def find_cue(
    text: str,
    sent_start: int,
    sent_end: int,
    start: int,
    end: int,
    other_places: Sequence[tuple[int, int]] = (),
) -> Cue:
    """The travel cue for the mention at ``[start, end)`` in its sentence.

    ``other_places`` are spans of the other place mentions (a cue word inside
    one, like "Stop" in a name, is ignored).
    """
    lo = clause_start(text, sent_start, start)
    left = text[lo:start]
    possessive = _possessive(text, end)
    if possessive and not re.match(
        r"(?:'s|’s|')\s+(?:\w+\s+){0,2}?(?:capital|city|far\s+east|north|south|east|west|coast|region|"
        r"island|islands|province|border|port|interior|heartland)\b",
        text[end : end + 40],
        re.I,
    ):
        return Cue("context", possessive=True)
    # The nearest cue word to the left, whose gap to the place passes the checks.
    best = None
    for m in _CUE.finditer(left):
        a = lo + m.start()
        if any(s <= a < e for s, e in other_places):
            continue
        if m.lastgroup in ("beg", "fin") and re.search(r"\b(?:the|a|an)\s+$", left[: m.start()], re.I):
            continue  # "at the start of", "the end of": nouns
        best = m
    if best is not None and best.lastgroup in ("vis", "noun"):
        # "wrapped up the tour in X", "began a tour of Africa in X": the verb that opens
        # or closes the journey governs the place, not the journey noun
        if re.fullmatch(JOURNEY_NOUN, best.group(), re.I):
            for m in _CUE.finditer(left, 0, best.start()):
                if (
                    m.lastgroup in ("beg", "fin")
                    and not re.search(r"\b(?:the|a|an)\s+$", left[: m.start()], re.I)
                    and _DET_WORDS.fullmatch(left, m.end(), best.start())
                ):
                    best = m
    stay = _STAY.search(left)
    if stay is not None:
        return _stay_cue(text, lo + stay.start(), stay, start, sent_end)
    if best is None:
        return _fronted(text, lo, start, end, sent_end) or _context_or_none(left)
    group = best.lastgroup or ""
    verb = best.group(group)
    vstart = lo + best.start()
    gap = left[best.end():]
    if group == "pre" and (
        (re.match(r"(?:play|perform)", verb, re.I) and _DETERMINER_END.search(left[: best.start()]))
        or (verb.lower() == "laid" and re.match(r"\s*off\b", gap, re.I))
        # passive events: "a rally that will be held in X", "works shown in X"
        or (re.match(r"(?:held|hosted|opened|staged|launched|celebrated|unveiled|signed|played)$", verb, re.I)
            and re.search(r"\b(?:be|is|are|was|were|been|being)\s+(?:\w+ly\s+)?$", left[: best.start()], re.I)
            and not re.search(r"\b(?:he|she|they|we|i)\s+(?:\w+\s+){0,3}$", left[: best.start()], re.I))
    ) or (group == "mot" and re.search(r"\b(?:the|a|an)\s+$", left[: best.start()], re.I)):
        return _fronted(text, lo, start, end, sent_end) or Cue("none")  # "see a play in X", "laid off"
    gap_plain = _mask_places(text, lo + best.end(), start, other_places)
    n_words = len(gap_plain.split())
    if n_words > _MAX_GAP or _BLOCK.search(gap_plain) or re.search(r"[\"“”]", gap_plain):
        return _fronted(text, lo, start, end, sent_end) or _context_or_none(left)
    prep, ppos = _last_prep(gap_plain)
    if prep == "of":
        head = gap_plain[:ppos]
        if not _TRANSPARENT_OF.search(head) and not (group == "noun" and not head.strip()):
            return Cue("context", verb, vstart, prep)
        prep2, _ = _last_prep(head)
        if prep2 is not None and prep2 != "of":
            prep = prep2
        elif not head.strip() or group in ("vis", "dep", "noun"):
            prep = None if group != "noun" else "of"
        if prep is None and group not in ("vis", "dep", "noun"):
            prep = "in"
    if prep == "to" and _TO_VERB.match(gap_plain, ppos):
        return _fronted(text, lo, start, end, sent_end) or Cue("none")  # "way to punish China"
    if prep in ("from", "of") and re.search(r"\b(?:with|carrying|including|bringing|among)\b", gap_plain[:ppos], re.I):
        return Cue("context", verb, vstart, prep)  # "left port with 31 scientists from Norway"
    if prep in ("against", "with", "by", "about", "like", "than", "between", "among", "over"):
        return Cue("context", verb, vstart, prep)
    if prep is not None and _CONTEXT_HEAD.search(gap_plain[:ppos]) and group not in ("vis", "ret"):
        return Cue("context", verb, vstart, prep)
    if prep is None and n_words > 0 and group not in ("vis", "dep", "ret", "beg", "fin") and not (
        group == "mot"
        and re.match(r"(?:cross|board)", verb, re.I)
        and re.fullmatch(r"\s*(?:the|a|an)\s+", gap_plain, re.I)
    ):
        return _context_or_none(left)
    kind = _kind(group, verb, prep, n_words, gap)
    if kind == "none":
        return _fronted(text, lo, start, end, sent_end) or _context_or_none(left)
    before = text[max(sent_start, vstart - 60) : vstart]
    window = " ".join(before.split()[-8:]) + " "
    planned = (
        bool(_PLANNED.search(window + verb))
        or (bool(_PLANNED.search(window)) and not _DONE.search(window))
        or bool(re.match(r"\s*due\s+(?:in|at)\b", gap, re.I))
        or (verb.lower() == "bound" and prep == "for")  # "bound for X": not there yet
    )
    negated = bool(_NEGATED.search(" ".join(before.split()[-4:]) + " ")) or bool(
        _CANCELLED.search(" ".join(before.split()[-4:]) + " " + gap)
        or _CANCELLED_AFTER.match(text, end, sent_end)
    )
    noun_use = group == "noun" or re.search(r"\b(?:a|an|the|his|her|their|its|our|planned|scheduled)\s+$", before, re.I)
    if not negated and noun_use:
        negated = _cancelled_after(text, end, sent_end, other_places)  # "a visit to X has been scrapped"
    if not negated and (planned or re.match(r"hop|plan|inten|want", verb, re.I)):
        negated = bool(_ABANDONED.match(text, end, sent_end))
    order = -1 if _BEFORE_HINT.search(window) else 1 if _AFTER_HINT.search(window) else 0
    journey = group in ("beg", "fin") and bool(
        _JOURNEY_GAP.match(gap) or JOURNEY_SUBJECT.search(text, sent_start, vstart)
    )
    home = bool(re.search(r"\bhome\b", gap, re.I))
    return Cue(kind, verb, vstart, prep, planned, negated, order, group=group, journey=journey, home=home)


def _cancelled_after(text: str, end: int, sent_end: int, other_places: Sequence[tuple[int, int]]) -> bool:
    """"A planned stop in X was cancelled": the verdict follows the place, with
    nothing between them that starts another clause or move."""
    m = _CANCELLED_VERDICT.match(text, end, sent_end)
    if m is None:
        return False
    between = _mask_places(text, m.start("between"), m.end("between"), other_places)
    return not re.search(r"\b(?:where|which|who|and|but|while|after|because|when)\b", between, re.I) and not (
        _CUE.search(between)
    )


_FRONT = re.compile(
    r"(?:^|,)\s*[\"“]?\s*(?:(?:later|then|earlier|there|also|and|once|while|back)\s+)?"
    r"(?:in|at|on|inside|while\s+in|once\s+in)\s+(?:the\s+(?:[\w-]+\s+){0,3}?(?:of\s+)?)?$",
    re.I,
)


def _fronted(text: str, lo: int, start: int, end: int, sent_end: int) -> Cue | None:
    """"In Paris, he laid a wreath": a clause-initial place with the verb after it."""
    if not _FRONT.search(text[lo:start]):
        return None
    right = text[end:sent_end]
    stop = re.search(r"[;:]|\s[—–]\s|\b(?:but|while|although|which|who|where)\b", right)
    right = right[: stop.start()] if stop else right
    for m in _CUE.finditer(right):
        if len(right[: m.start()].split()) > 8:
            break
        group = m.lastgroup or ""
        if group not in ("pre", "vis", "mot", "ret", "be"):
            continue
        vstart = end + m.start()
        window = text[end:vstart]
        planned = bool(_PLANNED.search(window + m.group()))
        negated = bool(_NEGATED.search(window + " ")) or bool(_CANCELLED.search(window))
        return Cue("presence", m.group(), vstart, "in", planned, negated, 0)
    return None


_STAY = re.compile(
    r"\b(?P<rel>after|following|during|since)\s+(?:(?:resting|spending|staying|waiting|living|working)\s+)?"
    r"(?:(?:a|an|the|his|her|their|its|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|several|many|few|\d+)\s+(?:[\w-]+\s+){0,2}?)?"
    r"(?:years?|months?|weeks?|days?|nights?|stay|stopover|visit|trip|tour|spell|stint|exile|camp|summit|"
    r"meeting|talks|conference|holiday|vacation|break|layover|residency)\s+(?:in|at|on)\s+(?:the\s+)?$",
    re.I,
)


def _stay_cue(text: str, a: int, m: re.Match[str], start: int, sent_end: int) -> Cue:
    """"After three years in X, she returned...": X was an earlier stop; the actor
    is the subject of the main clause (found from the phrase start)."""
    order = 0 if m.group("rel").lower() == "during" else -1
    return Cue("visit", m.group(0).split()[0], a, "in", False, False, order)


def _mask_places(text: str, a: int, b: int, spans: Sequence[tuple[int, int]]) -> str:
    """``text[a:b]`` with other place names blanked (they are not words of the gap)."""
    chars = list(text[a:b])
    for s, e in spans:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    out = "".join(chars)
    return re.sub(r"(?<=\s)(?:'s|’s)\b", " ", out)


def _context_or_none(left: str) -> Cue:
    if _CONTEXT_HEAD.search(re.sub(r"\s*\b(?:in|of|on|from|against|with|to)\s+(?:the\s+)?$", "", left)) and re.search(
        r"\b(?:in|of|on|from|against|with|to)\s+(?:the\s+)?$", left
    ):
        return Cue("context")
    return Cue("none")


_END_AFTER = re.compile(
    r"(?P<between>[^.;]{0,80}?)\b(?:ending|completing|concluding|wrapping\s+up|rounding\s+off|capping|"
    r"to\s+end|to\s+complete|to\s+conclude|at\s+the\s+end\s+of)\s+(?:(?:a|an|the|his|her|their|its|our)\s+)?"
    rf"(?:[\w'’-]+\s+){{0,4}}?{JOURNEY_NOUN}\b",
    re.I,
)
_FINAL = re.compile(
    r"\b(?:final|last|closing)\s+(?:leg|stop|stage|port\s+of\s+call|destination|concert|show|gig)\b", re.I
)
_AFTER_LONG = re.compile(
    r"(?P<between>[^.;]{0,60}?)(?:"
    r"\b(?:after|following)\s+(?:a|an|the|his|her|their|its|our)\s+(?:[\w-]+-(?:day|week|month|year)|long|"
    r"(?:days|weeks|months)-long)\s+(?:[\w-]+\s+)?(?:journey|trip|drive|voyage|flight|crossing|trek|ride|sail|"
    r"passage|odyssey|march|walk|tour|survey|expedition)\b"
    r"|\b(?:\w+\s+)(?:days?|weeks?|months?)\s+after\s+(?:leaving|departing|setting\s+(?:off|out|sail)|"
    r"(?:it|they|he|she|we)\s+(?:left|departed|set\s+off|set\s+out|set\s+sail))\b"
    r"|\bafter\s+(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|\d+)\s+(?:days?|weeks?|months?)\s+"
    r"(?:at\s+sea|on\s+the\s+road|away|abroad|in\s+the\s+air|on\s+the\s+move))",
    re.I,
)


def ends_journey(
    text: str,
    sent_start: int,
    sent_end: int,
    start: int,
    end: int,
    other_places: Sequence[tuple[int, int]] = (),
    lead: bool = False,
) -> bool:
    """True when the sentence says the place at ``[start, end)`` closes the journey.

    "docked in X on Friday, *ending a four-week survey*", "arrived in X *for the
    final leg*"; in the lead of a story also "landed in X *after a three-day
    journey* from Y" and "reached X *five weeks after leaving* Y".

    >>> s = "The ship docked in Halifax on Friday, ending a four-week survey."
    >>> ends_journey(s, 0, len(s), s.index("Halifax"), s.index("Halifax") + 7)
    True
    >>> s = "The ship docked in Halifax after a short trip from Boston."
    >>> ends_journey(s, 0, len(s), s.index("Halifax"), s.index("Halifax") + 7, lead=True)
    False
    """

    def clear(m: re.Match[str] | None) -> bool:
        if m is None:
            return False
        a, b = m.start("between"), m.end("between")
        return not any(a <= s < b for s, _ in other_places) and not re.search(
            r"\b(?:and|but|then|before|while|where|which)\b", text[a:b], re.I
        )

    if clear(_END_AFTER.match(text, end, sent_end)):
        return True
    lo = clause_start(text, sent_start, start)
    hi = min(sent_end, end + 60)
    if _FINAL.search(text[lo:start]) or re.match(rf"[^.;,]{{0,30}}?{_FINAL.pattern}", text[end:hi], re.I):
        return True
    return lead and clear(_AFTER_LONG.match(text, end, sent_end))
