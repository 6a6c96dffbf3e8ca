"""A tiny pipeline for the batch tests: no spaCy, no gazetteer.

Names listed in :data:`PLACES` are found by plain text search; everything is
module level so that the parts pickle (Dask workers import this module).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, Sequence

from geomap.config import Settings
from geomap.models import Article, Candidate, Mention, Place, Route
from geomap.pipeline import Pipeline

PLACES = {
    "Lisbon": (38.72, -9.14, "PT"),
    "Porto": (41.15, -8.61, "PT"),
    "Madrid": (40.42, -3.70, "ES"),
    "Seville": (37.39, -5.98, "ES"),
}
_NAMES = re.compile("|".join(PLACES))


class NameExtractor:
    """Finds the names of :data:`PLACES`; ``on_extract(article)`` is called first."""

    def __init__(self, on_extract: Callable[[Article], None] | None = None) -> None:
        self.on_extract = on_extract

    def extract(self, article: Article) -> list[Mention]:
        if self.on_extract is not None:
            self.on_extract(article)
        return [Mention(m.start(), m.end(), m.group(), article.text) for m in _NAMES.finditer(article.text)]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[list[Mention]]:
        for a in articles:
            yield self.extract(a)


class TableGeocoder:
    name = "table"

    def candidates(self, query: str, *, country: str | None = None) -> list[Candidate]:
        hit = PLACES.get(query)
        return [Candidate(query, hit[0], hit[1], country_code=hit[2])] if hit else []


class FirstResolver:
    def resolve(self, article: Article, mentions: Sequence[Mention], candidates) -> list[Place]:
        return [Place(m, c[0] if c else None, 1.0 if c else 0.0) for m, c in zip(mentions, candidates)]


class NoRoute:
    def route(self, article: Article, places: Sequence[Place]) -> Route:
        return Route()


def fake_pipeline(on_extract: Callable[[Article], None] | None = None) -> Pipeline:
    """A :class:`Pipeline` made of the fakes above."""
    return Pipeline(
        NameExtractor(on_extract),
        TableGeocoder(),
        FirstResolver(),
        NoRoute(),
        settings=Settings(cache_dir="/nonexistent-geomap-test-cache"),
    )
