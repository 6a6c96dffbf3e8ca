"""The seams of the pipeline, as :class:`typing.Protocol` classes.

Each pluggable part is passed into :class:`geomap.Pipeline`; none is a global.
Any object with the right methods fits: subclassing is not needed.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Protocol, Sequence, runtime_checkable

from .models import Article, Candidate, Mention, Place, Result, Route

__all__ = ["Extractor", "Geocoder", "Cache", "Resolver", "Router", "Renderer"]


@runtime_checkable
class Extractor(Protocol):
    """Toponym recognition: an article in, mentions (in text order) out."""

    def extract(self, article: Article) -> list[Mention]: ...

    def extract_many(self, articles: Iterable[Article]) -> Iterator[list[Mention]]:
        """Like :meth:`extract` over many articles, in order (may batch)."""
        ...


@runtime_checkable
class Geocoder(Protocol):
    """Candidate generation: a name in, candidate places out (best first).

    ``name`` identifies the provider (it is part of cache keys). A geocoder that
    cannot answer raises :class:`geomap.errors.GeocoderError`; "no such place" is
    an empty list, not an error.
    """

    name: str

    def candidates(self, query: str, *, country: str | None = None) -> list[Candidate]: ...


@runtime_checkable
class Cache(Protocol):
    """A persistent map from a key to the candidates a provider answered."""

    def get(self, key: str) -> list[Candidate] | None: ...

    def set(self, key: str, candidates: Sequence[Candidate]) -> None: ...


@runtime_checkable
class Resolver(Protocol):
    """Disambiguation: one candidate (or an abstention) per mention.

    ``candidates[i]`` are the candidates of ``mentions[i]``. Returns one
    :class:`Place` per mention, in the same order.
    """

    def resolve(
        self,
        article: Article,
        mentions: Sequence[Mention],
        candidates: Sequence[Sequence[Candidate]],
    ) -> list[Place]: ...


@runtime_checkable
class Router(Protocol):
    """Route inference: roles and travel order for the resolved places."""

    def route(self, article: Article, places: Sequence[Place]) -> Route: ...


@runtime_checkable
class Renderer(Protocol):
    """Turns a :class:`Result` into an output object (a folium map, a dict...)."""

    def render(self, result: Result, **options: Any) -> Any: ...
