"""The pipeline: text → mentions → candidates → places → route → :class:`Result`.

:class:`Pipeline` only holds the chosen parts and calls them in order; each
part is built lazily on first use (nothing happens at import or construction).
"""

from __future__ import annotations

import logging
from collections import deque
import warnings as _warnings
from typing import Iterable, Iterator, Sequence

from .config import Settings
from .errors import GeocoderError, InputError
from .models import Article, Candidate, Mention, Result, Route
from .protocols import Extractor, Geocoder, Resolver, Router

__all__ = ["Pipeline", "geoparse", "as_article"]

log = logging.getLogger(__name__)


def as_article(text: "str | Article", *, id: str | None = None) -> Article:
    """Wrap a string in an :class:`Article` (finding its dateline and boilerplate).

    >>> as_article("PARIS (AP) — Hello.").dateline_text
    'PARIS'
    """
    if isinstance(text, Article):
        return text
    if not isinstance(text, str):
        raise InputError(f"expected text (str) or an Article, got {type(text).__name__}")
    from .article import article_from_text

    return article_from_text(text, id=id or "article")


class Pipeline:
    """The chosen parts of geomap, called in order.

    Parameters
    ----------
    extractor, geocoder, resolver, router
        Any objects that fit :mod:`geomap.protocols`. Left out, geomap's
        defaults are built on first use: the spaCy + gazetteer extractor, the
        offline gazetteer geocoder, the rule resolver and the route inferrer.
    settings
        Cache directory, model name and user agent (see :class:`Settings`).
    model
        A spaCy model name overriding ``settings.model``.
    batch_size
        Texts per spaCy batch in :meth:`geoparse_many`.
    """

    #: Route inference compares places pairwise; beyond this many toponyms (a
    #: book rather than an article) it is skipped with a warning and every
    #: place is reported as mentioned. ``None`` removes the limit.
    max_route_places: int | None = 1000

    def __init__(
        self,
        extractor: Extractor | None = None,
        geocoder: Geocoder | None = None,
        resolver: Resolver | None = None,
        router: Router | None = None,
        *,
        settings: Settings | None = None,
        model: str | None = None,
        batch_size: int = 32,
    ) -> None:
        self.settings = settings or Settings.from_env()
        if model:
            self.settings = self.settings.with_(model=model)
        self._extractor = extractor
        self._geocoder = geocoder
        self._resolver = resolver
        self._router = router
        self._gazetteer = None
        self.batch_size = batch_size

    # -- parts, built on first use -------------------------------------------------
    @property
    def gazetteer(self):
        if self._gazetteer is None:
            from .gazetteer.store import open_gazetteer

            self._gazetteer = open_gazetteer(self.settings)
        return self._gazetteer

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            from .extract import default_extractor

            self._extractor = default_extractor(self.settings, self.gazetteer, batch_size=self.batch_size)
        return self._extractor

    @property
    def geocoder(self) -> Geocoder:
        if self._geocoder is None:
            from .geocode.offline import OfflineGeocoder

            self._geocoder = OfflineGeocoder(self.gazetteer)
        return self._geocoder

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            from .resolve import RuleResolver

            self._resolver = RuleResolver(self.gazetteer)
        return self._resolver

    @property
    def router(self) -> Router:
        if self._router is None:
            from .route import RouteInferrer

            self._router = RouteInferrer()
        return self._router

    # -- running -------------------------------------------------------------------
    def candidates(self, mentions: Sequence[Mention], warnings: list[str]) -> list[list[Candidate]]:
        """Candidates for each mention; a failing geocoder yields no candidates
        for that mention (and a warning), never an empty result for the rest."""
        out: list[list[Candidate]] = []
        memo: dict[tuple[str, str | None], list[Candidate]] = {}
        for m in mentions:
            key = (m.lookup, m.country_hint)
            if key not in memo:
                try:
                    memo[key] = list(self.geocoder.candidates(m.lookup))
                except GeocoderError as exc:
                    msg = f"geocoder failed for {m.lookup!r}: {exc}"
                    log.warning(msg)
                    warnings.append(msg)
                    memo[key] = []
            out.append(memo[key])
        return out

    def _finish(self, article: Article, mentions: list[Mention]) -> Result:
        warnings: list[str] = []
        with _warnings.catch_warnings(record=True) as caught:
            _warnings.simplefilter("always")
            cands = self.candidates(mentions, warnings)
            places = self.resolver.resolve(article, mentions, cands)
            limit = self.max_route_places
            if limit is not None and len(places) > limit:
                msg = f"{len(places)} places is more than {limit}: no route inferred, every place is 'mentioned'"
                log.warning("%s: %s", article.id, msg)
                warnings.append(msg)
                route = Route()
            else:
                route = self.router.route(article, places)
        for w in caught:
            if issubclass(w.category, UserWarning):
                warnings.append(str(w.message))
                _warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return Result(article=article, toponyms=tuple(places), route=route, warnings=tuple(dict.fromkeys(warnings)))

    def geoparse(self, text: "str | Article", *, id: str | None = None) -> Result:
        """Geoparse one article (a string or an :class:`Article`)."""
        article = as_article(text, id=id)
        return self._finish(article, self.extractor.extract(article))

    def geoparse_many(self, articles: Iterable["str | Article"]) -> Iterator[Result]:
        """Geoparse many articles in order, batching the NER pass."""
        arts = (as_article(a, id=f"doc{i}") for i, a in enumerate(articles))
        buffered: deque[Article] = deque()

        def gen() -> Iterator[Article]:
            for a in arts:
                buffered.append(a)
                yield a

        for mentions in self.extractor.extract_many(gen()):
            article = buffered.popleft()
            yield self._finish(article, mentions)


_DEFAULT: Pipeline | None = None


def geoparse(text: "str | Article", *, id: str | None = None, pipeline: Pipeline | None = None) -> Result:
    """Geoparse ``text`` with the default offline pipeline (built on first call).

    Returns a :class:`~geomap.models.Result`: ``result.toponyms`` (the places with
    their evidence), ``result.route``, ``result.places`` (a DataFrame),
    ``result.to_geojson()`` and ``result.map()``.
    """
    global _DEFAULT
    if pipeline is None:
        if _DEFAULT is None:
            _DEFAULT = Pipeline()
        pipeline = _DEFAULT
    return pipeline.geoparse(text, id=id)
