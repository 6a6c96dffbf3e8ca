"""The offline geocoder: candidates from the local GeoNames gazetteer.

>>> import tempfile, os
>>> from geomap.gazetteer.build import PlaceRecord, build_gazetteer
>>> from geomap.gazetteer.store import Gazetteer
>>> path = os.path.join(tempfile.mkdtemp(), "g.sqlite3")
>>> _ = build_gazetteer(path, sources=[PlaceRecord(7, "Testville", 1.5, 2.5, "XX", "P", "PPL", 900)])
>>> geocoder = OfflineGeocoder(Gazetteer(path))
>>> [c.geonameid for c in geocoder.candidates("Testville")]
[7]
>>> [(c.name, c.raw["partial"]) for c in geocoder.candidates("Testville Fire Department")]
[('Testville', 'Testville')]
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterator

from ..models import Candidate

if TYPE_CHECKING:  # pragma: no cover
    from ..gazetteer.store import Gazetteer

__all__ = ["OfflineGeocoder", "sub_spans", "NOT_PLACE_WORDS"]

#: Words that name an institution, a facility or a group rather than a place.
#: They are stripped from the end of a name that finds nothing ("Boise Fire
#: Department" → "Boise"), and from its start ("Editorial Board Cuyahoga
#: County" → "Cuyahoga County"), with lowercase words ("north west London").
NOT_PLACE_WORDS: frozenset[str] = frozenset(
    """
    academy agency airport ambulance animal area association authority bank bar board branch
    bureau campus care center centre chamber chapel children church citizens club college
    commission committee community company consulate corp correctional council court democratic department
    dept detention development district division editorial embassy emergency fire gop hall health high
    hospital hotel house institute leadership league library market medical memorial ministry miss
    museum office olympics party police primary program project reception regional republican
    rescue research restaurant school senior service services sheriff squad station stadium
    team theatre theater treatment union university volunteer volunteers water zoo
    one two three four five six seven eight nine ten
    """.split()
)
#: A street's name is not the place it is named after: such names have no parts.
_STREET_WORDS = frozenset("avenue street road parade boulevard lane drive way highway route".split())
#: Type words that may close a part of a name: "McLean County" in "Decatur McLean County".
_CLOSING_TYPE_WORDS = frozenset({"county", "parish", "state", "borough", "province", "region", "oblast"})
#: Common nouns of geography and qualifiers: alone, they name no particular place.
_GENERIC_WORDS = frozenset(
    """
    hill hills mount mountain point falls lake river creek bay island beach springs heights grove
    ridge forest harbor harbour port rock field green village town city colony crossroads valley
    north south east west northern southern eastern western northeast northwest southeast southwest
    upper lower greater central new old great little
    """.split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.]*|[-/]")
_MAX_WORDS = 8


def _key(word: str) -> str:
    return word.rstrip(".").casefold().replace("’", "'").removesuffix("'s")


def sub_spans(name: str, *, max_words: int = _MAX_WORDS) -> Iterator[str]:
    """The parts of ``name`` worth looking up when the whole finds nothing.

    In order: the core of the name, without institution words
    (:data:`NOT_PLACE_WORDS`) and lowercase words at either end ("Boise Fire
    Department" → "Boise"); the pieces of the core between hyphens or slashes
    that end in a type word or have two words or more ("Springfield-Greene
    County" → "Greene County"); and the core's endings that end in a type word
    ("Maiduguri Borno State" → "Borno State"). A street's name ("Collins
    Avenue") and a name of more than ``max_words`` words give nothing.

    >>> list(sub_spans("Boise Fire Department")), list(sub_spans("north west London"))
    (['Boise'], ['London'])
    >>> list(sub_spans("Maiduguri Borno State"))
    ['Borno State']
    >>> list(sub_spans("Springfield-Greene County")), list(sub_spans("R-Elbow Lake"))
    (['Greene County'], ['Elbow Lake'])
    >>> list(sub_spans("Lake Vermont")), list(sub_spans("Upper Richmond Road"))
    ([], [])
    """
    tokens = [m.group(0) for m in _WORD.finditer(name)]
    words = [t for t in tokens if t not in "-/"]
    if not 2 <= len(words) <= max_words or _key(words[-1]) in _STREET_WORDS:
        return
    seen = {" ".join(words)}

    def fresh(ws: list[str]) -> Iterator[str]:
        text = " ".join(ws)
        if ws and text not in seen:
            seen.add(text)
            yield text

    def padding(t: str) -> bool:
        return t in "-/" or not t[0].isupper() or _key(t) in NOT_PLACE_WORDS

    lo, hi = 0, len(tokens)
    while lo < hi and padding(tokens[lo]):
        lo += 1
    while hi > lo and padding(tokens[hi - 1]):
        hi -= 1
    core = tokens[lo:hi]
    if all(t in "-/" or _key(t) in _GENERIC_WORDS for t in core):  # "Colony Theatre", "North Memorial"
        return
    yield from fresh([t for t in core if t not in "-/"])
    pieces: list[list[str]] = [[]]
    for t in core:
        if t in "-/":
            pieces.append([])
        else:
            pieces[-1].append(t)
    if len(pieces) > 1:  # "Springfield-Greene County"; not "Paris-Henry" → "Paris"
        typed = [p for p in pieces if p and _key(p[-1]) in _CLOSING_TYPE_WORDS]
        for p in typed + [p for p in pieces if len(p) > 1 and p not in typed]:
            yield from fresh(p)
    core_words = [t for t in core if t not in "-/"]
    if len(core_words) > 2 and _key(core_words[-1]) in _CLOSING_TYPE_WORDS:
        for i in range(1, len(core_words) - 1):
            yield from fresh(core_words[i:])


class OfflineGeocoder:
    """A :class:`~geomap.protocols.Geocoder` over a :class:`~geomap.gazetteer.store.Gazetteer`.

    Needs no network and never raises for "not found" (an empty list).

    Parameters
    ----------
    gazetteer
        The gazetteer to search (see :func:`geomap.gazetteer.store.open_gazetteer`).
    limit
        At most this many candidates per query.
    parts
        When the whole query finds nothing, the parts of it to try in turn
        (default :func:`sub_spans`: "Boise Fire Department" → "Boise"); the
        first part that finds something gives the candidates, each with
        ``raw["partial"]`` set to that part (a one-word part finds towns only
        by their own name, not by an alternate or variant name).
        ``None`` turns this off.
    """

    name = "geonames-offline"

    def __init__(
        self,
        gazetteer: "Gazetteer",
        *,
        limit: int = 50,
        parts: Callable[[str], Iterator[str]] | None = sub_spans,
    ) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        self.parts = parts

    def __repr__(self) -> str:
        return f"OfflineGeocoder({self.gazetteer!r})"

    def candidates(self, query: str, *, country: str | None = None) -> list[Candidate]:
        """Places called ``query`` (optionally in ``country``, an ISO alpha-2
        code), best first; ``provider`` is ``"gazetteer"``."""
        found = self.gazetteer.lookup(query, country=country, limit=self.limit)
        if found or self.parts is None or not query:
            return found
        for part in self.parts(query):
            found = self.gazetteer.lookup(part, country=country, limit=self.limit)
            if " " not in part:  # one word: only places that bear it as their name
                if len(part) < 4 and not part.isupper():
                    continue
                found = [c for c in found if c.match in ("name", "normalised") or c.feature_class not in ("P", None)]
            if found:
                return [_partial(c, part) for c in found]
        return []


def _partial(c: Candidate, part: str) -> Candidate:
    return replace(c, raw={**(c.raw or {}), "partial": part})
