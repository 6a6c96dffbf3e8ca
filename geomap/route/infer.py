"""Route inference: which resolved places the story's subject travelled to, and in what order.

:class:`RouteInferrer` fits :class:`geomap.protocols.Router`. It works sentence by
sentence with regular expressions (no spaCy, so it stays fast):

1. **cues** (:mod:`~geomap.route.cues`): for every resolved place, the nearest
   travel or presence word to its left ("flew to", "visited", "left", "met ...
   in", "an airport near", "trip to") and whether it is planned or negated;
   places joined by "and" or an apposition ("X, Y", "X in Y") share a cue;
2. **who** (:mod:`~geomap.route.subject`): the cue must be the main subject's
   move ("Shoigu, who met Kim on a visit to X" is someone else's); a journey
   "home" adds the subject's home (a demonym names it: "North Korean leader");
3. **when** (:mod:`~geomap.route.timeline`): each move gets a day number from
   its own time expression or the one carried from earlier sentences, so the
   stops can be put in travel order even when the text narrates out of order;
4. **stops** (:mod:`~geomap.route.stops`): moves are sorted by (day, phase, narrative order) and merged
   into stops: repeated mentions, a landmark and its city, and a country or
   region with the city visited in it are one stop (the most specific place
   represents it); a place visited again after others ("returned to X") is a
   new stop. Planned moves come last, as ``Role.PLANNED``.

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
United States, Moscow and the Soviet Union are only mentioned.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Callable, Sequence

from ..models import Article, Place, Role, Route
from .cues import HOME_RE, Cue, find_cue
from .places import coarse, contains, is_country
from .stops import CONFIDENCE_CAP, Move, absorb_repeats, build_stops, other_stops
from .subject import Subject, actor, find_subject
from .text import Sentence, sentence_index, split_sentences
from .temporal import TimeExpr
from .timeline import FUTURE_RE, Timeline, build_timeline

__all__ = ["RouteInferrer", "infer_route"]

log = logging.getLogger(__name__)

_BASE = {
    "arrive": 0.6, "visit": 0.6, "return": 0.6, "depart": 0.55, "from": 0.5,
    "near": 0.5, "presence": 0.45, "via": 0.4, "home": 0.4,
}
_COORD = re.compile(
    r"\s*(?:,|;)?\s*(?:(?:and|or|&|as\s+well\s+as|plus|then|and\s+then|and\s+later|followed\s+by|before|after)\s+)?"
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
        for p in sorted(places, key=lambda p: p.mention.start):
            if p.candidate is None or getattr(p.mention, "kind", "place") != "place":
                continue
            if dl is not None and dl.start <= p.mention.start and p.mention.end <= dl.end:
                dateline.append(p)
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
        moves = self._moves(text, sents, usable, spans, subject, tl)
        moves = [mv for mv in moves if mv.confidence >= self.min_confidence]
        moves += self._home_moves(text, sents, usable, spans, subject, tl, moves)
        log.debug("%s: subject %r, %d moves", article.id, subject.name, len(moves))
        stops = absorb_repeats(build_stops(moves, self.landmark_km), usable)
        used = {id(p) for s in stops for p in s.places}
        others = other_stops([p for p in usable if id(p) not in used], Role.MENTIONED, sents)
        others += other_stops(dateline, Role.DATELINE, sents)
        return Route(stops=tuple(stops), others=tuple(others))

    # -- moves ---------------------------------------------------------------------
    def _moves(
        self,
        text: str,
        sents: Sequence[Sentence],
        usable: Sequence[Place],
        spans: Sequence[tuple[int, int]],
        subject: Subject,
        tl: Timeline,
    ) -> list[Move]:
        moves: list[Move] = []
        prev: tuple[Place, Cue, int, str] | None = None  # place, cue, sentence, actor
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
                who = actor(text, s.start, s.end, cue.verb_start, subject.aliases, spans)
            prev = (p, cue, si, who)
            if not cue.travel or who == "other":
                continue
            if who == "unknown" and (cue.kind == "presence" or subject.aliases):
                continue  # "OPEC members meeting in Vienna", "the diplomats flew to X": not the subject's
            last = moves[-1] if moves else None
            if (
                last is not None
                and last.planned
                and not cue.planned
                and last.sentence.index == si
                and not re.search(r"\b(?:said|says|after|but)\b", text[last.place.mention.end : max(cue.verb_start, 0)])
                and cue.verb_start > last.place.mention.end
            ):
                cue = replace(cue, planned=True)  # "will fly to X before heading to Y"
            via_before = None
            if cue.kind == "via" and last is not None and last.sentence.index == si and last.kind == "arrive":
                if last.verb_start == cue.verb_start:
                    via_before = last.rank[1]
            mv = self._move(text, s, si, p, cue, who, coordinated, tl, via_before)
            if mv is not None:
                moves.append(mv)
        return moves

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
        perfect = bool(_PERFECT.search(text[s.start : max(s.start, cue.verb_start + len(cue.verb))]))
        if not own and perfect:
            phase -= 1
        planned = cue.planned or future
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
        for d in dated:  # "a day after visiting X": the shift dates X
            if d.expr.linked and 0 <= a - d.expr.end <= 3 and d.day is not None:
                return d.day, 0, d.expr.text, True, d.future
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
            return local.day, _phase(local.expr), local.expr.text, False, False
        day, phase, when = tl.carry[si]
        for d in dated:
            if d.expr.kind == "order" and d.expr.order < 0 and d.expr.start < a:
                phase -= 1
            elif d.expr.kind == "order" and d.expr.modifier == "homeward":
                phase = max(phase, 2)
        return day, phase, when, False, False

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
                planned = bool(FUTURE_RE.search(text, s.start, m.start()))
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
