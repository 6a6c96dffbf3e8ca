"""The values that flow through the pipeline.

text → :class:`Mention` → :class:`Candidate` → :class:`Place` → :class:`Route`
(of :class:`Stop`) → outputs, all held together by :class:`Result`.

Every type is a frozen dataclass that keeps its evidence: character offsets into
the original text, the sentence, how a mention was found, the candidates that
were considered and why one was chosen.
"""

from __future__ import annotations

import enum
import html
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    import folium
    import pandas
    import shapely.geometry

__all__ = [
    "Span",
    "Article",
    "Mention",
    "Candidate",
    "Place",
    "Role",
    "Stop",
    "Route",
    "Result",
]


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"invalid span [{self.start}, {self.end}): need 0 <= start <= end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Article:
    """A document to geoparse.

    ``text`` is the original text; every offset in geomap points into it.
    ``ignored`` are ranges judged boilerplate (aggregator notices, photo credits,
    "Related Articles"): recognition skips them but offsets are unchanged.
    """

    text: str
    id: str = "article"
    title: str | None = None
    dateline: Span | None = None
    ignored: tuple[Span, ...] = ()
    source: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Article.text must be str, got {type(self.text).__name__}")
        n = len(self.text)
        for s in self.ignored + ((self.dateline,) if self.dateline else ()):
            if s.end > n:
                raise ValueError(f"span [{s.start}, {s.end}) lies outside a text of {n} characters")

    def is_ignored(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a boilerplate range."""
        probe = Span(start, end)
        return any(s.overlaps(probe) for s in self.ignored)

    @property
    def dateline_text(self) -> str | None:
        return self.text[self.dateline.start : self.dateline.end] if self.dateline else None


MENTION_KINDS = frozenset({"place", "demonym"})


@dataclass(frozen=True)
class Mention:
    """A toponym as written in the text (recognition output).

    ``text == article.text[start:end]`` always holds. ``sentence_start`` and
    ``sentence_end`` bound the sentence that holds it. ``source`` tells how it was
    found (``"ner"``, ``"rule"``, ``"gazetteer"``, ``"dateline"``); ``label`` is the
    NER label or rule name. ``country_hint`` carries an ISO country code when the
    text itself implies one (a demonym, "X, Russia"). ``kind`` is ``"place"`` for a
    toponym and ``"demonym"`` for a people/adjective form ("Russian", "Texans"):
    demonyms refer to their country and are reported, but never drawn on the map
    nor put on the route. ``type_hint`` is a feature hint from the text itself
    (``"island"``, ``"admin1"``, ``"admin2"``, ``"water"``, ``"facility"``...).
    """

    start: int
    end: int
    text: str
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    source: str = "ner"
    label: str = "GPE"
    query: str | None = None
    country_hint: str | None = None
    kind: str = "place"
    type_hint: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in MENTION_KINDS:
            raise ValueError(f"mention kind {self.kind!r} is not one of {sorted(MENTION_KINDS)}")
        if not (0 <= self.start < self.end):
            raise ValueError(f"invalid mention span [{self.start}, {self.end})")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"mention text {self.text!r} has {len(self.text)} characters but its span "
                f"[{self.start}, {self.end}) has {self.end - self.start}"
            )

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def lookup(self) -> str:
        """The string to look up in a gazetteer (``query`` if set, else ``text``)."""
        return self.query or self.text

    def sentence_html(self, css_class: str = "geomap-mention") -> str:
        """The sentence, HTML-escaped, with this mention wrapped in ``<mark>``."""
        s = self.sentence
        a, b = self.start - self.sentence_start, self.end - self.sentence_start
        if not s or not (0 <= a < b <= len(s)):
            return f'<mark class="{css_class}">{html.escape(self.text)}</mark>'
        return (
            html.escape(s[:a])
            + f'<mark class="{css_class}">'
            + html.escape(s[a:b])
            + "</mark>"
            + html.escape(s[b:])
        )


@dataclass(frozen=True)
class Candidate:
    """A gazetteer or geocoder entry that a mention may refer to.

    ``feature_class``/``feature_code`` follow GeoNames (``"P"``/``"PPLA"``,
    ``"A"``/``"PCLI"``, ``"A"``/``"ADM1"``, ``"L"``/``"CONT"``, ``"T"``/``"ISL"``...).
    ``match`` says how the query met the entry (``"name"``, ``"alternate"``,
    ``"normalised"``, ``"provider"``). ``raw`` keeps the provider's own record.
    """

    name: str
    lat: float
    lon: float
    geonameid: int | None = None
    country_code: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    population: int = 0
    admin1: str | None = None
    provider: str = "gazetteer"
    match: str = "name"
    raw: Mapping[str, Any] | None = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        for label, v, lim in (("lat", self.lat, 90.0), ("lon", self.lon, 180.0)):
            if not isinstance(v, (int, float)) or math.isnan(v) or not (-lim <= v <= lim):
                raise ValueError(f"candidate {self.name!r}: {label}={v!r} is outside [-{lim}, {lim}]")

    @property
    def feature(self) -> str | None:
        """``"P.PPLA"``-style feature string, or ``None`` when unknown."""
        if not self.feature_class:
            return None
        return f"{self.feature_class}.{self.feature_code}" if self.feature_code else self.feature_class

    @property
    def key(self) -> str:
        """A stable identity: the GeoNames id when known, else provider and point."""
        if self.geonameid is not None:
            return f"geonames:{self.geonameid}"
        return f"{self.provider}:{self.lat:.5f},{self.lon:.5f}"


@dataclass(frozen=True)
class Place:
    """A mention after disambiguation.

    ``candidate`` is ``None`` when the resolver abstained; the mention is kept so
    nothing is lost. ``alternatives`` are the other candidates considered, best
    first, and ``reasons`` say why the choice (or the abstention) was made.
    """

    mention: Mention
    candidate: Candidate | None
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    alternatives: tuple[Candidate, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.candidate is not None

    @property
    def lat(self) -> float | None:
        return self.candidate.lat if self.candidate else None

    @property
    def lon(self) -> float | None:
        return self.candidate.lon if self.candidate else None

    @property
    def name(self) -> str:
        """The name as written in the text."""
        return self.mention.text

    @property
    def mappable(self) -> bool:
        """True for a resolved place that belongs on a map (not a demonym)."""
        return self.candidate is not None and self.mention.kind == "place"


class Role(str, enum.Enum):
    """What a place is to the story's journey."""

    ORIGIN = "origin"
    STOP = "stop"
    DESTINATION = "destination"
    PLANNED = "planned"
    MENTIONED = "mentioned"
    DATELINE = "dateline"

    @property
    def on_route(self) -> bool:
        """Origin, stops and destination are drawn as the route."""
        return self in (Role.ORIGIN, Role.STOP, Role.DESTINATION)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


@dataclass(frozen=True)
class Stop:
    """One place on the journey.

    ``places`` are all the resolved mentions that make up this stop (a city and
    the landmark inside it are one stop); ``place`` is the representative.
    ``seq`` is the 1-based travel order (``None`` for places that are not on the
    route). ``inferred`` marks a stop or the leg into it that the text implies
    rather than states. ``evidence`` is the sentence that supports the role and
    ``when`` a temporal expression found for it.
    """

    place: Place
    role: Role
    seq: int | None = None
    confidence: float = 0.5
    inferred: bool = False
    evidence: str = ""
    when: str | None = None
    places: tuple[Place, ...] = ()

    @property
    def name(self) -> str:
        return self.place.mention.text

    @property
    def lat(self) -> float:
        assert self.place.candidate is not None
        return self.place.candidate.lat

    @property
    def lon(self) -> float:
        assert self.place.candidate is not None
        return self.place.candidate.lon


@dataclass(frozen=True)
class Route:
    """The journey: ``stops`` in travel order (roles origin/stop/destination/planned)
    and ``others``, the places only mentioned and the dateline."""

    stops: tuple[Stop, ...] = ()
    others: tuple[Stop, ...] = ()

    def __len__(self) -> int:
        return len(self.stops)

    @property
    def travelled(self) -> tuple[Stop, ...]:
        """The stops actually travelled through (planned stops left out)."""
        return tuple(s for s in self.stops if s.role.on_route)

    @property
    def line(self) -> "shapely.geometry.LineString | None":
        """The route as a shapely ``LineString`` of (lon, lat), unwrapped so that no
        leg jumps across the antimeridian (longitudes may leave [-180, 180])."""
        from .route import route_line

        return route_line(self.travelled)

    def role_of(self, place: Place) -> Role:
        for s in self.stops + self.others:
            if place is s.place or any(place is p for p in s.places):
                return s.role
        return Role.MENTIONED


@dataclass(frozen=True)
class Result:
    """Everything geomap found in one article.

    ``toponyms`` are the resolved mentions in text order (resolved or not);
    ``route`` gives roles and travel order. Convenience views:
    :attr:`places` (a pandas DataFrame), :meth:`to_geojson`, :meth:`map`.
    """

    article: Article
    toponyms: tuple[Place, ...]
    route: Route
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return tuple(p.mention for p in self.toponyms)

    def role_of(self, place: Place) -> Role:
        return self.route.role_of(place)

    @property
    def places(self) -> "pandas.DataFrame":
        """One row per toponym (see :func:`geomap.render.formats.to_dataframe`)."""
        from .render.formats import to_dataframe

        return to_dataframe(self)

    def to_record(self) -> dict[str, Any]:
        """The ``geoparse`` JSON Lines record (the output contract)."""
        from .render.formats import to_record

        return to_record(self)

    def to_geojson(self) -> dict[str, Any]:
        from .render.formats import to_geojson

        return to_geojson(self)

    def map(self, **options: Any) -> "folium.Map":
        """A folium map of the places and the route (renders inline in Jupyter)."""
        from .render.folium_map import render_map

        return render_map(self, **options)

    def _repr_html_(self) -> str:  # pragma: no cover - exercised in the notebook
        return self.map()._repr_html_()
