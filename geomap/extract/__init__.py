"""Toponym recognition: an :class:`~geomap.models.Article` in, mentions out.

:class:`ToponymExtractor` runs a spaCy model over the text, then a list of
rules (:mod:`geomap.extract.rules`) that each propose spans; proposals are
merged (:func:`~geomap.extract.spans.merge_proposals`) into
:class:`~geomap.models.Mention` objects that keep their sentence and how they
were found. Boilerplate ranges of the article are skipped.
"""

from __future__ import annotations

import bisect
import functools
from collections import deque
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ..models import Article, Mention
from .ner import Chunk, SpacyModel
from .rules import DEFAULT_RULES, Context, NameIndex, Rule, directional_query
from .spans import Proposal, merge_proposals

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["ToponymExtractor", "GazetteerNames", "default_extractor"]


class GazetteerNames:
    """A :class:`~geomap.extract.rules.NameIndex` over a gazetteer, memoised.

    The prior is 1 for countries, first-level regions and continents, and grows
    with population for cities (0.15 for a hamlet, 1 for a city of millions).
    """

    def __init__(self, gazetteer: Any, *, cache_size: int = 16_384) -> None:
        self.gazetteer = gazetteer
        self.name_prior = functools.lru_cache(maxsize=cache_size)(self._prior)  # type: ignore[method-assign]

    def _prior(self, name: str) -> float:
        stats = self.gazetteer.name_stats(name)
        if stats is None or not getattr(stats, "count", 0):
            return 0.0
        classes = set(getattr(stats, "feature_codes", ()) or ()) | set(getattr(stats, "feature_classes", ()) or ())
        kinds = set(getattr(stats, "kinds", ()) or ())
        alternate_only = bool(kinds) and not (kinds & {"name", "ascii"})
        if classes & {"PCLI", "PCL", "PCLD", "PCLS", "PCLF", "PCLIX", "PCLH", "TERR", "CONT", "OCN"}:
            return 1.0
        if classes & {"ADM1", "RGN", "RGNH", "SEA", "GULF", "PEN", "MTS", "DSRT", "STRT", "ISL", "ISLS",
                      "LK", "LKS", "BAY", "CHN", "PLN", "PLAT", "VAL"}:
            return 0.5 if alternate_only else 1.0
        pop = int(getattr(stats, "max_population", 0) or 0)
        if alternate_only:  # "Hamas" is an alternate spelling of Hamm: weak evidence
            pop //= 100
        for limit, prior in ((1_000_000, 1.0), (300_000, 0.9), (100_000, 0.8), (30_000, 0.65),
                             (10_000, 0.55), (3_000, 0.45), (1_000, 0.3)):
            if pop >= limit:
                return prior
        if "A" in classes:
            return 0.7
        return 0.15

    def name_prior(self, name: str) -> float:  # replaced by the memoised version in __init__
        return self._prior(name)


class ToponymExtractor:
    """spaCy NER plus gazetteer-backed rules.

    Parameters
    ----------
    model
        A :class:`~geomap.extract.ner.SpacyModel`, a model name, or an ``nlp`` object.
    names
        A name index (see :class:`GazetteerNames`) for the gazetteer-backed rules;
        ``None`` runs the model and the pattern rules only.
    rules
        The rules to run, each ``(doc, context) -> list[Proposal]``.
    """

    def __init__(
        self,
        model: "SpacyModel | str | Language",
        names: NameIndex | None = None,
        *,
        rules: Sequence[Rule] = DEFAULT_RULES,
    ) -> None:
        self.model = model if isinstance(model, SpacyModel) else SpacyModel(model)
        self.names = names
        self.rules = tuple(rules)

    def extract(self, article: Article) -> list[Mention]:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[list[Mention]]:
        # Chunk by chunk, so that a long text never holds all its spaCy docs at once.
        pending: deque[Article] = deque()

        def texts() -> Iterator[str]:
            for a in articles:
                pending.append(a)
                yield a.text

        found: list[Mention] = []
        for chunk, last in self.model.iter_chunks(texts()):
            found.extend(self._chunk_mentions(pending[0], chunk))
            if last:
                pending.popleft()
                found.sort(key=lambda m: m.start)
                yield found
                found = []

    # -----------------------------------------------------------------------------
    def _mentions(self, article: Article, chunks: list[Chunk]) -> list[Mention]:
        mentions = [m for chunk in chunks for m in self._chunk_mentions(article, chunk)]
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _chunk_mentions(self, article: Article, chunk: Chunk) -> list[Mention]:
        text = article.text
        mentions: list[Mention] = []
        ctx = Context(text=text, offset=chunk.offset, names=self.names)
        proposals: list[Proposal] = []
        for rule in self.rules:
            proposals.extend(rule(chunk.doc, ctx))
        proposals = [p for p in proposals if not ctx.is_blocked(p.start, p.end) or p.priority >= 3]
        sents = [(chunk.offset + s.start_char, chunk.offset + s.end_char) for s in chunk.doc.sents]
        for p in merge_proposals(proposals):
            if article.is_ignored(p.start, p.end) or p.end <= p.start:
                continue
            ss, se = _sentence_of(sents, p.start, p.end)
            while se > max(ss, p.end) and text[se - 1].isspace():
                se -= 1
            mentions.append(
                Mention(
                    start=p.start,
                    end=p.end,
                    text=text[p.start : p.end],
                    sentence=text[ss:se],
                    sentence_start=ss,
                    sentence_end=se,
                    source=p.source,
                    label=p.label,
                    query=p.query or (directional_query(self.names, text[p.start : p.end])
                                      if p.kind == "place" else None),
                    country_hint=p.country_hint,
                    kind=p.kind,
                    type_hint=p.type_hint,
                )
            )
        mentions.sort(key=lambda m: m.start)
        return mentions


def _sentence_of(sents: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence (from ``sents``, sorted and disjoint) holding ``start``, stretched to ``end``.

    >>> _sentence_of([(0, 5), (5, 12)], 7, 9), _sentence_of([(0, 5)], 7, 9)
    ((5, 12), (7, 9))
    """
    i = bisect.bisect_right(sents, (start, float("inf"))) - 1
    if i >= 0 and sents[i][0] <= start < sents[i][1]:
        return sents[i][0], max(sents[i][1], end)
    return start, end


def default_extractor(settings: Any, gazetteer: Any | None, *, batch_size: int = 32) -> ToponymExtractor:
    """geomap's default recogniser: the configured spaCy model and the gazetteer."""
    names = GazetteerNames(gazetteer) if gazetteer is not None else None
    return ToponymExtractor(SpacyModel(settings.model, batch_size=batch_size), names)
