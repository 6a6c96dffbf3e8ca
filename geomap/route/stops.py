"""From the subject's moves to the route's stops.

A :class:`Move` is one thing the text says the subject did at a place (went
there, left it, stayed there...), with a day and a rank that sort the moves in
travel order. :func:`build_stops` sorts the moves and merges them into
:class:`~geomap.models.Stop` objects:

* consecutive moves at the same place, or at a landmark and the city it is in
  on the same day, are one stop;
* a country, region or continent with a visited place inside it is not a stop
  of its own: it joins the stop inside it nearest in time;
* a place seen again after others is a new stop only when the text says so
  ("returned to X", a journey home, a new dated arrival); otherwise the later
  mention joins the earlier stop;
* planned moves come after the travelled ones, as ``Role.PLANNED``, in the
  order of their own dates and otherwise in the order they are told; a planned
  return to a place already visited ("the musicians return to Vienna on 30
  October") is kept, any other planned visit to it is not.

Travelled moves are sorted by ``(stage, day, phase, rank)``: ``stage`` is 1 for
a move that closes the journey ("docked in X, ending a four-week survey") and 2
for the journey home, so that a lead which tells the end first does not make the
destination the first stop. A closing move is put back among the others (stage
0) when another move is dated later than it.

The first stop is the ``ORIGIN`` when the subject only left it ("left X",
"flew from X") or the journey began there ("the voyage began in X"), the last
is the ``DESTINATION``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from ..models import Place, Role, Stop
from .places import coarse, contains, near_site, place_key, specificity
from .text import Sentence, sentence_index

__all__ = ["Move", "build_stops", "absorb_repeats", "other_stops", "CONFIDENCE_CAP"]

#: No stop is ever more certain than this.
CONFIDENCE_CAP = 0.97


@dataclass(frozen=True)
class Move:
    """One move of the subject: ``place`` reached (or left) per ``kind``.

    ``kind`` is a cue kind (``"arrive"``, ``"visit"``, ``"from"``...) or
    ``"home"``. ``day``/``phase``/``rank`` sort the moves; ``planned`` ones go
    after the travelled ones. ``when`` is the time expression that dated it and
    ``own_time`` whether that expression is in the move's own clause.
    """

    place: Place
    kind: str
    sentence: Sentence
    rank: tuple[float, ...]
    day: float | None
    phase: int
    when: str | None
    own_time: bool
    planned: bool
    inferred: bool
    near: bool
    confidence: float
    verb_start: int = -1
    stage: int = 0

    def sort_key(self) -> tuple[float, ...]:
        return (self.stage, self.day if self.day is not None else 0.0, self.phase) + self.rank


_OPENING = frozenset({"from", "depart", "start"})


def _settle_stages(moves: Sequence[Move]) -> list[Move]:
    """Closing moves (stage > 0) keep their stage only when no other move is dated
    after them and their own sentence tells no move after them ("ended at X, from
    where she was flown to Y"); every move at a closing place (but leaving it)
    shares its stage."""
    out = list(moves)
    dated = [m.day for m in out if m.stage == 0 and m.own_time and m.day is not None]
    latest = max(dated) if dated else None

    def told_after(m: Move) -> bool:
        return any(
            x.stage == 0
            and not coarse(x.place.candidate)  # type: ignore[arg-type]
            and x.sentence.index == m.sentence.index
            and x.place.mention.start > m.place.mention.start
            and x.rank[1] >= 0
            and x.kind not in _OPENING
            for x in out
        )

    out = [
        replace(m, stage=0)
        if m.stage == 1 and ((latest is not None and m.day is not None and latest > m.day) or told_after(m))
        else replace(m, stage=0) if m.stage and latest is not None and m.day is not None and latest > m.day
        else m
        for m in out
    ]
    stage_of: dict[str, int] = {}
    for m in out:
        if m.stage:
            k = place_key(m.place)
            stage_of[k] = max(stage_of.get(k, 0), m.stage)
    return [
        replace(m, stage=stage_of[place_key(m.place)])
        if not m.stage and place_key(m.place) in stage_of and m.kind not in _OPENING
        else m
        for m in out
    ]


def _planned_order(moves: Sequence[Move]) -> list[Move]:
    """Planned moves by their own day, a move without one taking the day of the
    planned move told before it ("plays Tokyo on Wednesday, then travels to Seoul")."""
    told = sorted(moves, key=lambda m: (m.rank[0], m.place.mention.start))
    eff: dict[int, float] = {}
    last = float("-inf")
    for m in told:
        if m.own_time and m.day is not None:
            last = m.day
        eff[id(m)] = last
    return sorted(told, key=lambda m: (eff[id(m)],) + m.rank)


def build_stops(moves: Sequence[Move], landmark_km: float = 25.0) -> list[Stop]:
    """The route's stops, travelled ones in order then planned ones (see module docstring)."""
    travelled = sorted(_settle_stages([m for m in moves if not m.planned]), key=Move.sort_key)
    planned = _planned_order([m for m in moves if m.planned])
    groups = _group(travelled, landmark_km)
    keys = {place_key(m.place) for g in groups for m in g}
    been = [m.place.candidate for g in groups for m in g]
    kept: list[Move] = []
    last_key = {place_key(m.place) for m in groups[-1]} if groups else set()
    for m in planned:
        k = place_key(m.place)
        if k in keys and not (m.kind in ("return", "home") and k not in last_key):
            continue  # already visited (a planned return home after other planned stops is kept)
        if coarse(m.place.candidate) and any(contains(m.place.candidate, c) for c in been):  # type: ignore[arg-type]
            continue
        kept.append(m)
        last_key = {k}
    planned = kept
    pgroups = _group(planned, landmark_km)
    n = len(groups)
    stops: list[Stop] = []
    for i, g in enumerate(groups):
        kinds = {m.kind for m in g}
        if kinds <= _OPENING and (i == 0 or n == 1):
            role = Role.ORIGIN
        elif i == n - 1 and (n >= 2 or kinds & {"arrive", "visit", "return", "home", "end"}):
            role = Role.DESTINATION
        else:
            role = Role.STOP
        stops.append(_stop(g, role, i + 1))
    for j, g in enumerate(pgroups):
        stops.append(_stop(g, Role.PLANNED, n + j + 1))
    return stops


def _group(moves: Sequence[Move], landmark_km: float) -> list[list[Move]]:
    """Merge sorted moves into groups, one per stop."""
    absorbed: list[Move] = []
    seq: list[Move] = []
    for m in moves:
        c = m.place.candidate
        # a country holding a visited province or city ("Liège" the province) is not a stop
        if coarse(c) and any(contains(c, f.place.candidate) for f in moves if f is not m):  # type: ignore[arg-type]
            absorbed.append(m)
        else:
            seq.append(m)
    groups: list[list[Move]] = []
    for m in seq:
        key = place_key(m.place)
        if groups and _same_stop(groups[-1], m, landmark_km):
            groups[-1].append(m)
            continue
        earlier = [g for g in groups if any(place_key(x.place) == key for x in g)]
        revisit = m.kind in ("return", "home") or (m.own_time and m.kind in ("arrive", "visit"))
        if earlier and not revisit:
            earlier[-1].append(m)
            continue
        groups.append([m])
    for m in absorbed:
        c = m.place.candidate
        inside = [i for i, g in enumerate(groups) if any(contains(c, x.place.candidate) for x in g)]  # type: ignore[arg-type]
        if inside:
            pos = _index_by_time(groups, m)
            groups[min(inside, key=lambda i: abs(i - pos))].append(m)
    return groups


def _same_stop(group: list[Move], m: Move, landmark_km: float) -> bool:
    key = place_key(m.place)
    for x in group:
        if place_key(x.place) == key:
            return True
        same_day = x.day is None or m.day is None or x.day == m.day
        if same_day and near_site(x.place, m.place, landmark_km):
            return True
    return False


def _index_by_time(groups: Sequence[list[Move]], m: Move) -> int:
    k = m.sort_key()
    for i, g in enumerate(groups):
        if min(x.sort_key() for x in g) > k:
            return i
    return len(groups) - 1


def _stop(group: Sequence[Move], role: Role, seq: int) -> Stop:
    places = sorted({id(m.place): m.place for m in group}.values(), key=lambda p: p.mention.start)
    rep = max(places, key=lambda p: (specificity(p), -p.mention.start))
    fine = [m for m in group if not coarse(m.place.candidate)] or list(group)  # type: ignore[arg-type]
    best = max(fine, key=lambda m: m.confidence)
    doubt = 1.0
    for m in fine:
        doubt *= 1.0 - m.confidence
    evidence = best.sentence.text
    near = [m for m in fine if m.near]
    if near and all(m.near or m.kind == "home" for m in fine):
        evidence = f"(near {near[0].place.name}) {near[0].sentence.text}"
    when = next((m.when for m in fine if m.own_time and m.when), None) or next((m.when for m in fine if m.when), None)
    return Stop(
        place=rep,
        role=role,
        seq=seq,
        confidence=round(min(CONFIDENCE_CAP, 1.0 - doubt), 3),
        inferred=all(m.inferred for m in group),
        evidence=evidence,
        when=when,
        places=tuple(places),
    )


def absorb_repeats(stops: Sequence[Stop], places: Sequence[Place]) -> list[Stop]:
    """Other mentions of a stop's place (same GeoNames id) join that stop (the first one)."""
    out = list(stops)
    used = {id(p) for s in out for p in s.places}
    for p in places:
        if id(p) in used:
            continue
        key = place_key(p)
        for i, s in enumerate(out):
            if any(place_key(q) == key for q in s.places):
                out[i] = replace(s, places=tuple(sorted(s.places + (p,), key=lambda q: q.mention.start)))
                used.add(id(p))
                break
    return out


def other_stops(places: Sequence[Place], role: Role, sentences: Sequence[Sentence]) -> list[Stop]:
    """One stop (no ``seq``) per distinct place, holding all its mentions."""
    groups: dict[str, list[Place]] = {}
    for p in places:
        groups.setdefault(place_key(p), []).append(p)
    out = []
    for ps in groups.values():
        m = ps[0].mention
        evidence = m.sentence or (sentences[sentence_index(sentences, m.start)].text if sentences else "")
        out.append(
            Stop(
                place=ps[0],
                role=role,
                seq=None,
                confidence=0.95 if role is Role.DATELINE else 0.6,
                evidence=evidence,
                places=tuple(ps),
            )
        )
    return out
