"""Route inference: which resolved places the story's subject travelled to, and in what order.

:class:`RouteInferrer` fits :class:`geomap.protocols.Router`. It works sentence by
sentence with regular expressions (no spaCy, so it stays fast):

1. **cues** (:mod:`~geomap.route.cues`): for every resolved place, the nearest
   travel or presence word to its left ("flew to", "visited", "left", "met ...
   in", "an airport near", "trip to", "docked in", "called at", "touched down
   at") and whether it is planned or negated; "began in", "set off from", "the
   voyage began in" open the journey (``start``), "wrapped up the tour in",
   "ended the trip in" close it (``end``); places joined by "and" or an
   apposition ("X, Y", "X in Y") share a cue. A cancelled, dropped or
   abandoned stop ("a planned call at X was cancelled", "we had hoped to end
   in X, but...") is negated: it is only **mentioned**, not planned;
2. **who** (:mod:`~geomap.route.subject`): the cue must be the main subject's
   move ("Shoigu, who met Kim on a visit to X" is someone else's). The
   subject may be a person, a vehicle or a group ("the ship", "the vessel
   Aurora", "the delegation", "the band", "it", "we"); an unnamed actor of a
   clause joined to one of the subject's moves is the subject ("the aircraft
   took off from X ... before flying on to Y"). A journey "home" adds the
   subject's home (a demonym names it: "North Korean leader");
3. **when** (:mod:`~geomap.route.timeline`): each move gets a day number from
   its own time expression ("on March 2", "four days later", "after a
   five-day drive from X") or the one carried from earlier sentences, so the
   stops can be put in travel order even when the text narrates out of order;
   narration order is the default. A dated move told in the present tense
   ("the orchestra plays Tokyo on Wednesday") is planned;
4. **closing moves**: an arrival that the text says closes the journey
   ("docked in X on Friday, ending a four-week survey", "for the final leg",
   or in the lead "landed in X after a three-day journey from Y") and the
   journey home come after all other moves, so that a lead which tells the
   end first does not make the destination the first stop (unless another
   move is dated after it, or its own sentence goes on from it);
5. **stops** (:mod:`~geomap.route.stops`): moves are sorted by (stage, day,
   phase, narrative order) and merged into stops: repeated mentions, a
   landmark and its city (also a site the gazetteer matched to a namesake
   town: "Primorsky Aquarium"), and a country or region with the city visited
   in it are one stop (the most specific place represents it); a place
   visited again after others ("returned to X") is a new stop. Seas, and
   mountains or waters crossed ("crossed Baffin Bay"), are never stops.
   Planned moves come last, as ``Role.PLANNED``;
6. **approximate places** (``Candidate.match == "contextual"``: the resolver
   put a name the gazetteer does not know at the story's main place) are
   never stops of their own: when the subject went there they join the stop
   of the place they were put at, otherwise they are only mentioned.

Reading of the sample article on Kim Jong Un's 2023 trip to Russia (the test
``tests/test_route.py::test_kim_article`` checks it when ``../shared`` is
present). The lead says Kim headed home on **Sunday** (day 0), leaving from the
Primorye region; he entered Russia "last Tuesday" (day -5) on a "six-day trip".
"The Sunday before" is read as *earlier that same Sunday*, before he headed
home: a week earlier would be before he entered Russia, so the trip window
rules it out (see :meth:`~geomap.route.temporal.Clock.day`). That Sunday he
toured the university on Russky Island and the aquarium there, which the text
narrates before the Friday and Saturday moves. "A day after visiting an
aircraft factory in Komsomolsk-on-Amur, Kim traveled on Saturday to an airport
near Vladivostok" puts Komsomolsk-on-Amur on Friday (day -2) and Vladivostok
on Saturday (day -1; he went into the city "later Saturday", one stop). The
Wednesday summit at the spaceport names no place. So the route is
Komsomolsk-on-Amur → Vladivostok → Russky Island → North Korea (home, the
destination), with Russia and the Primorye region merged into the stops they
contain. Seoul is the dateline; Pyongyang (a July parade), Ukraine, the
United States, Moscow and the Soviet Union are only mentioned. With the offline
gazetteer, "Far East" and the university are only placed approximately (at
Vladivostok) and join no stop of their own, and the aquarium, matched to the
village Primorskiy 22 km away, is part of the Russky Island stop
(``test_kim_article_as_the_offline_gazetteer_resolves_it``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Callable, Sequence

from ..models import Article, Place, Role, Route, Stop
from .cues import HOME_RE, Cue, ends_journey, find_cue
from .geometry import haversine_km
from .places import approximate, coarse, contains, is_barrier, is_country, is_open_water
from .stops import CONFIDENCE_CAP, Move, absorb_repeats, build_stops, other_stops
from .subject import Subject, actor, find_subject
from .text import Sentence, clause_start, sentence_index, split_sentences
from .temporal import TimeExpr
from .timeline import FUTURE_RE, Timeline, build_timeline, present_future

__all__ = ["RouteInferrer", "infer_route"]

log = logging.getLogger(__name__)

_BASE = {
    "arrive": 0.6, "visit": 0.6, "return": 0.6, "depart": 0.55, "from": 0.5, "start": 0.6, "end": 0.6,
    "near": 0.5, "presence": 0.45, "via": 0.4, "home": 0.4,
}
#: Sentences after the headline that make up the lead (where a story often tells its end first).
LEAD = 2
#: An approximately placed mention joins a stop whose place lies within this distance of it.
APPROX_KM = 1.0
_COORD = re.compile(
    r"\s*(?:,|;)?\s*(?:(?:and|or|&|as\s+well\s+as|plus|then|and\s+then|and\s+later|followed\s+by|before|after)\s+)?"
    # "two days in Burgos and a week in León"
    r"(?:(?:a|an|another|one|two|three|four|five|six|seven|several|\d+)\s+(?:more\s+)?"
    r"(?:days?|weeks?|nights?|months?|years?)\s+(?=in\s|at\s))?"
    r"(?:on\s+to\s+|to\s+|in\s+|at\s+)?(?:the\s+)?",
    re.I,
)
_APPOS = re.compile(
    r"\s*(?:(?:region|province|state|island|city|county|district|area|prefecture|oblast|krai|territory)\s+)?"
    r"(?:,|in|of|near)\s+(?:the\s+)?",
    re.I,
)
_PERFECT = re.compile(r"\bhad\s+(?:\w+\s+)?\w+(?:ed|en|one|ent|ew|own|ought|ade|eft|et|ut|ound)\b", re.I)
_PHASE_HOME = 3
_NOUN_PHRASE = re.compile(
    r"\b(?:a|an|the|his|her|their|its|our|this|that|planned|scheduled|first|second|third|final|last|next)\s+"
    r"(?:[\w'’-]+\s+){0,2}$",
    re.I,
)
_CLAUSE_JOIN = re.compile(r",\s*(?:(?:so|and|but|then|and\s+then)\s|(?=(?:the|a|an|he|she|they|we|it|i)\s))|;", re.I)
_FINITE_PAST = re.compile(
    r"(?:\w+ed|flew|went|left|took|came|drove|rode|spent|made|began|fled|got|set\s+off|set\s+out|crossed)$", re.I
)
_NEXT_CLAUSE = re.compile(
    r"[;]|,\s*(?:and|then|but|before|after|while)\b|\s(?:and\s+)?then\b|\s(?:before|after)\s+\w+ing\b", re.I
)


def _phase(expr: TimeExpr) -> int:
    """Place within the day: -1 for "earlier Monday"/"the Sunday before", +1 for "later Monday"."""
    return 0 if expr.kind == "shift" else expr.order


class RouteInferrer:
    """Rule-based route inference (see the module docstring).

    Parameters
    ----------
    landmark_km
        A landmark, island or site within this distance of a city visited the
        same day is part of that city's stop.
    min_confidence
        Moves less certain than this are left out of the route.
    cue_finder, subject_finder
        The functions that find a place's cue (:func:`~geomap.route.cues.find_cue`)
        and the main subject (:func:`~geomap.route.subject.find_subject`); pass
        your own to change the rules.

    Examples
    --------
    >>> from geomap.models import Article, Candidate, Mention, Place
    >>> text = "The minister left Oslo on Monday and flew to Rome."
    >>> def place(name, lat, lon, gid):
    ...     i = text.index(name)
    ...     return Place(Mention(i, i + len(name), name), Candidate(name, lat, lon, gid, feature_class="P"))
    >>> route = RouteInferrer().route(Article(text), [place("Oslo", 59.9, 10.7, 1), place("Rome", 41.9, 12.5, 2)])
    >>> [(s.name, s.role.value, s.seq) for s in route.stops]
    [('Oslo', 'origin', 1), ('Rome', 'destination', 2)]
    """

    def __init__(
        self,
        *,
        landmark_km: float = 25.0,
        min_confidence: float = 0.0,
        cue_finder: Callable[..., Cue] = find_cue,
        subject_finder: Callable[..., Subject] = find_subject,
    ) -> None:
        self.landmark_km = landmark_km
        self.min_confidence = min_confidence
        self.cue_finder = cue_finder
        self.subject_finder = subject_finder

    # -- public --------------------------------------------------------------------
    def route(self, article: Article, places: Sequence[Place]) -> Route:
        """Roles and travel order for ``places`` (resolved mentions, text order)."""
        text = article.text
        sents = split_sentences(text)
        if not sents:
            return Route()
        dl = article.dateline
        usable: list[Place] = []
        dateline: list[Place] = []
        approx: list[Place] = []
        for p in sorted(places, key=lambda p: p.mention.start):
            if p.candidate is None or getattr(p.mention, "kind", "place") != "place":
                continue
            if dl is not None and dl.start <= p.mention.start and p.mention.end <= dl.end:
                dateline.append(p)
            elif approximate(p):
                approx.append(p)  # never a stop of its own (see _attach_approximate)
            else:
                usable.append(p)
        spans = [(p.mention.start, p.mention.end) for p in places]
        countries = [
            (p.mention.start, p.mention.end, p.candidate.country_code)
            for p in places
            if p.candidate is not None and p not in dateline
        ]
        subject = self.subject_finder(text, sents, spans, countries)
        tl = build_timeline(text, sents, article.meta, article.title)
        head = sum(1 for x in sents if article.title and text.startswith(article.title) and x.end <= len(article.title))
        moves = self._moves(text, sents, usable, spans, subject, tl, head + LEAD - 1)
        moves = [mv for mv in moves if mv.confidence >= self.min_confidence]
        moves += self._home_moves(text, sents, usable, spans, subject, tl, moves)
        log.debug("%s: subject %r, %d moves", article.id, subject.name, len(moves))
        stops = absorb_repeats(build_stops(moves, self.landmark_km), usable)
        stops, loose = self._attach_approximate(text, sents, stops, approx, spans)
        used = {id(p) for s in stops for p in s.places}
        rest = sorted((p for p in usable + loose if id(p) not in used), key=lambda p: p.mention.start)
        others = other_stops(rest, Role.MENTIONED, sents)
        others += other_stops(dateline, Role.DATELINE, sents)
        return Route(stops=tuple(stops), others=tuple(others))

    def _attach_approximate(
        self,
        text: str,
        sents: Sequence[Sentence],
        stops: Sequence[Stop],
        approx: Sequence[Place],
        spans: Sequence[tuple[int, int]],
    ) -> tuple[list[Stop], list[Place]]:
        """Places the resolver only put approximately at another place ("the Far
        Eastern Federal University", placed at Vladivostok) are never stops of
        their own: one the text travels to joins the stop of the place it was put
        at; the others (and those with no such stop) are only mentioned."""
        out = list(stops)
        loose: list[Place] = []
        for p in approx:
            m, c = p.mention, p.candidate
            assert c is not None
            s = sents[sentence_index(sents, m.start)]
            others = [sp for sp in spans if sp != (m.start, m.end)]
            cue = self.cue_finder(text, s.start, s.end, m.start, m.end, others)
            def at_point(q: Place) -> bool:
                qc = q.candidate
                return qc is not None and haversine_km(qc.lat, qc.lon, c.lat, c.lon) <= APPROX_KM

            hosts = [i for i, st in enumerate(out) if cue.travel and any(at_point(q) for q in st.places)]
            if not hosts:
                loose.append(p)
                continue
            i = next((j for j in hosts if out[j].role.on_route), hosts[0])
            out[i] = replace(out[i], places=tuple(sorted(out[i].places + (p,), key=lambda q: q.mention.start)))
        return out, loose

    # -- moves ---------------------------------------------------------------------
    def _moves(
        self,
        text: str,
        sents: Sequence[Sentence],
        usable: Sequence[Place],
        spans: Sequence[tuple[int, int]],
        subject: Subject,
        tl: Timeline,
        lead_end: int = LEAD - 1,
    ) -> list[Move]:
        moves: list[Move] = []
        prev: tuple[Place, Cue, int, str] | None = None  # place, cue, sentence, actor
        main_in: set[int] = set()  # sentences where the subject is seen travelling
        for p in usable:
            m = p.mention
            si = sentence_index(sents, m.start)
            s = sents[si]
            others = [sp for sp in spans if sp != (m.start, m.end)]
            cue = self.cue_finder(text, s.start, s.end, m.start, m.end, others)
            who = ""
            coordinated = False
            if prev is not None and prev[2] == si and prev[1].travel and prev[3] != "other":
                between = text[prev[0].mention.end : m.start]
                linked = (not cue.travel and _COORD.fullmatch(between)) or (
                    _APPOS.fullmatch(between) and contains(p.candidate, prev[0].candidate)  # type: ignore[arg-type]
                )
                if linked:
                    cue, who, coordinated = prev[1], prev[3], True
            if cue.travel and not who:
                who = actor(text, s.start, s.end, cue.verb_start, subject.aliases, spans, motion=cue.kind != "presence")
                if who == "unknown" and si in main_in:
                    who = "main"  # "The aircraft took off from X ... before flying on to Y"
            prev = (p, cue, si, who)
            if not cue.travel or who == "other":
                continue
            if who == "main":
                main_in.add(si)
            if who == "unknown" and (cue.kind == "presence" or (subject.aliases and cue.group != "noun")):
                continue  # "OPEC members meeting in Vienna", "the diplomats flew to X": not the subject's
            if who == "unknown" and cue.group == "noun" and not (
                _NOUN_PHRASE.search(text, max(s.start, cue.verb_start - 40), cue.verb_start)
                or self._dated(text, tl, si, cue, m.end)
            ):
                continue  # "Trips to Saipan ... have put an emphasis on": no one's journey
            if cue.kind in ("start", "end") and who != "main" and not cue.journey:
                continue  # "the talks ended in X"
            c = p.candidate
            assert c is not None
            if (cue.kind == "via" and is_barrier(c)) or is_open_water(c):
                continue  # "crossed Baffin Bay", "crossed the Pyrenees", "a cruise of the North Sea": not stops
            if cue.group == "pre" and cue.kind == "visit" and is_country(c):
                continue  # "the team played Brazil"
            last = moves[-1] if moves else None
            if (
                last is not None
                and last.planned
                and not cue.planned
                and last.sentence.index == si
                and not re.search(r"\b(?:said|says|after|but)\b", text[last.place.mention.end : max(cue.verb_start, 0)])
                and cue.verb_start > last.place.mention.end
                and not _FINITE_PAST.search(cue.verb)  # "bound for X, was diverted to Y": Y happened
            ):
                cue = replace(cue, planned=True)  # "will fly to X before heading to Y"
            via_before = None
            if cue.kind == "via" and last is not None and last.sentence.index == si and last.kind == "arrive":
                if last.verb_start == cue.verb_start:
                    via_before = last.rank[1]
            mv = self._move(text, s, si, p, cue, who, coordinated, tl, via_before)
            if mv is None:
                continue
            others = [sp for sp in spans if sp != (m.start, m.end)]
            if cue.kind == "end" or (
                cue.kind in ("arrive", "visit", "presence", "return", "near")
                and ends_journey(text, s.start, s.end, m.start, m.end, others, lead=si <= lead_end)
            ):
                mv = replace(mv, stage=1)  # "docked in X on Friday, ending a four-week survey"
            if cue.kind == "return" and (cue.home or self._is_home(c, subject)):
                mv = replace(mv, stage=2)  # "flew home to X", "journey back to (the home country)"
            moves.append(mv)
        return moves

    @staticmethod
    def _dated(text: str, tl: Timeline, si: int, cue: Cue, end: int) -> bool:
        """True when a time expression of the move's own clause dates it."""
        a = cue.verb_start
        return any(
            d.expr.kind in ("weekday", "date", "deictic")
            and not _NEXT_CLAUSE.search(text, min(d.expr.end, a), max(d.expr.start, end))
            for d in tl.dated[si]
        )

    @staticmethod
    def _is_home(c, subject: Subject) -> bool:
        return subject.home is not None and c.country_code == subject.home

    def _move(
        self,
        text: str,
        s: Sentence,
        si: int,
        p: Place,
        cue: Cue,
        who: str,
        coordinated: bool,
        tl: Timeline,
        via_before: float | None = None,
    ) -> Move | None:
        m = p.mention
        day, phase, when, own, future = self._when(text, s, si, cue, m.start, m.end, tl)
        if day == "background":
            return None
        # the past perfect of the move's own clause ("had spent two days in X"), not of
        # an earlier one ("we had hoped to ..., so we flew home")
        lo = s.start
        for b in _CLAUSE_JOIN.finditer(text, s.start, max(s.start, cue.verb_start)):
            lo = b.end()
        perfect = bool(_PERFECT.search(text[lo : max(lo, cue.verb_start + len(cue.verb))]))
        told_back = any(  # "Before that, he had spent...": the tense only agrees with "before that"
            d.expr.kind == "order" and d.expr.order < 0 and d.expr.start < cue.verb_start for d in tl.dated[si]
        )
        if not own and perfect and not told_back:
            phase -= 1
        planned = cue.planned or future
        if planned and not own:
            when = None  # a day carried from the story so far does not date a plan
        order = float(cue.order) if cue.order else (-1.0 if cue.kind in ("from", "depart") else 0.0)
        if cue.kind == "via" and via_before is not None:
            order = via_before - 0.5  # "flew to X via Y": Y comes first
        conf = _BASE[cue.kind] + (0.15 if who == "main" else 0.0)
        conf += 0.15 if own else (0.05 if day is not None else 0.0)
        conf -= 0.05 if coordinated else 0.0
        conf *= 0.85 if planned else 1.0
        return Move(
            place=p,
            kind=cue.kind,
            sentence=s,
            rank=(float(s.start), float(order), float(m.start)),
            day=day,  # type: ignore[arg-type]
            phase=phase,
            when=when,
            own_time=own,
            planned=planned,
            inferred=cue.kind == "presence",
            near=cue.kind == "near",
            confidence=round(min(CONFIDENCE_CAP, conf), 3),
            verb_start=cue.verb_start,
        )

    @staticmethod
    def _when(
        text: str, s: Sentence, si: int, cue: Cue, start: int, end: int, tl: Timeline
    ) -> tuple[float | None | str, int, str | None, bool, bool]:
        """``(day, phase, when, own, future)`` of a move at ``[start, end)`` whose cue word is at
        ``cue.verb_start``: the nearest time expression of its own clause, else the latest one
        told before it in the sentence, else the day carried from earlier sentences. ``day`` is
        ``"background"`` for a move dated outside the story ("in 2019")."""
        dated = tl.dated[si]
        a = cue.verb_start if cue.verb_start >= 0 else start
        for d in dated:  # "a day after visiting X", "after a five-day drive from X": the shift dates X
            if d.expr.linked and d.expr.start <= a <= d.expr.end + 3 and d.day is not None:
                return d.day, 0, d.expr.text, True, d.future
        future_here = any(  # "the stop in X on Wednesday is going ahead" (no day number known)
            d.future
            and d.day is None
            and not _NEXT_CLAUSE.search(text, min(d.expr.end, a), max(d.expr.start, end))
            for d in dated
        )
        best = None
        bound = None  # "stayed in X before flying on Thursday to Y": X is before Thursday
        local = None  # the latest time told before the move in this sentence
        for d in dated:
            if d.expr.linked or d.expr.kind == "order":
                continue
            if d.day is None and d.expr.kind != "background":
                continue
            if d.expr.end <= a and d.day is not None and not d.future:
                local = d
            if d.expr.start >= end and _NEXT_CLAUSE.search(text, end, d.expr.start):
                between = text[end : d.expr.start]
                if bound is None and d.day is not None and re.fullmatch(r"[^,;]*?\bbefore\s+\w+ing\b[^,;]*", between):
                    bound = d
                continue  # "... to X, and on Tuesday he flew": Tuesday is the next clause's
            if d.expr.end <= a and _NEXT_CLAUSE.search(text, d.expr.end, a):
                continue  # "on Tuesday ..., then heads to X next week"
            dist = max(0, a - d.expr.end, d.expr.start - end)
            if best is None or dist < best[0]:
                best = (dist, d)
        if best is not None:
            d = best[1]
            if d.expr.kind == "background":
                return ("background" if tl.day_scale else None), 0, d.expr.text, True, False
            return d.day, _phase(d.expr), d.expr.text, True, d.future
        if bound is not None:
            return bound.day, -1, bound.expr.text, False, bound.future
        if local is not None:
            return local.day, _phase(local.expr), local.expr.text, False, future_here
        day, phase, when = tl.carry[si]
        for d in dated:
            if d.expr.kind == "order" and d.expr.order < 0 and d.expr.start < a:
                phase -= 1
            elif d.expr.kind == "order" and d.expr.modifier == "homeward":
                phase = max(phase, 2)
        return day, phase, when, False, future_here

    def _home_moves(
        self,
        text: str,
        sents: Sequence[Sentence],
        usable: Sequence[Place],
        spans: Sequence[tuple[int, int]],
        subject: Subject,
        tl: Timeline,
        moves: Sequence[Move],
    ) -> list[Move]:
        """Moves "home": to the trip's origin or the subject's country, when known."""
        out: list[Move] = []
        travelled = sorted((mv for mv in moves if not mv.planned), key=Move.sort_key)
        home = self._home_place(usable, subject, travelled)
        if home is None:
            return out
        for si, s in enumerate(sents):
            for m in HOME_RE.finditer(text, s.start, s.end):
                if actor(text, s.start, s.end, m.start(), subject.aliases, spans) == "other":
                    continue
                if any(mv.kind == "return" and abs(mv.verb_start - m.start()) <= 3 for mv in moves):
                    continue  # "flew home to Dublin": the place is named
                planned = bool(FUTURE_RE.search(text, s.start, m.start())) or (
                    s.index > 0 and present_future(text, clause_start(text, s.start, m.start()), m.end())
                )
                day, phase, when, own, _ = self._when(
                    text, s, si, Cue("home", verb_start=m.start()), m.start(), m.end(), tl
                )
                if day == "background":
                    continue
                conf = _BASE["home"] + (0.15 if own else 0.05)
                out.append(
                    Move(
                        place=home,
                        kind="home",
                        sentence=s,
                        rank=(float(s.start), 0.0, float(m.start())),
                        day=day,  # type: ignore[arg-type]
                        phase=_PHASE_HOME,
                        when=when,
                        own_time=own,
                        planned=planned,
                        inferred=True,
                        near=False,
                        confidence=round(conf * (0.85 if planned else 1.0), 3),
                        verb_start=m.start(),
                        stage=2,
                    )
                )
                break
        return out

    @staticmethod
    def _home_place(usable: Sequence[Place], subject: Subject, travelled: Sequence[Move]) -> Place | None:
        first = travelled[0] if travelled else None
        if first is not None and first.kind in ("from", "depart"):
            c = first.place.candidate
            if c is not None and (subject.home is None or c.country_code == subject.home) and not coarse(c):
                return first.place
        if subject.home is None:
            return None
        countries = [p for p in usable if is_country(p.candidate) and p.candidate.country_code == subject.home]  # type: ignore[arg-type]
        return countries[0] if countries else None


def infer_route(article: Article, places: Sequence[Place], **options) -> Route:
    """Shortcut for ``RouteInferrer(**options).route(article, places)``."""
    return RouteInferrer(**options).route(article, places)
