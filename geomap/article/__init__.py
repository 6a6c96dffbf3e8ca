"""Article input: read text, HTML or a URL; find the headline, the dateline and
the boilerplate, all as offsets into the original text (never modified).

>>> from geomap.article import article_from_text
>>> a = article_from_text("Kim heads home\\n\\nSEOUL, South Korea (AP) — Kim left.\\n\\nBack to top")
>>> a.title, a.dateline_text, [a.text[s.start:s.end] for s in a.ignored]
('Kim heads home', 'SEOUL, South Korea', ['Back to top'])
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from ..errors import InputError
from ..models import Article, Span
from .boilerplate import RULES, Boilerplate, explain_boilerplate, find_boilerplate
from .dateline import DatelineMatch, dateline_places, find_dateline, match_dateline
from .decode import decode_bytes, looks_binary
from .htmltext import HtmlText, html_to_text, looks_like_html
from .layout import find_title
from .load import load_article, load_url

__all__ = [
    "article_from_text",
    "load_article",
    "load_url",
    "decode_bytes",
    "looks_binary",
    "find_title",
    "find_dateline",
    "match_dateline",
    "dateline_places",
    "DatelineMatch",
    "find_boilerplate",
    "explain_boilerplate",
    "Boilerplate",
    "RULES",
    "html_to_text",
    "HtmlText",
    "looks_like_html",
]


def article_from_text(
    text: str,
    *,
    id: str = "article",
    title: str | None = None,
    source: str | None = None,
    meta: Mapping[str, Any] | None = None,
    boilerplate: Callable[[str], Sequence[Span]] = find_boilerplate,
    dateline: Callable[[str], Span | None] = find_dateline,
) -> Article:
    """An :class:`~geomap.models.Article` for ``text``, with its title, dateline
    and boilerplate found. ``text`` is kept exactly as given.

    Parameters
    ----------
    text
        The article text.
    id, source
        Stored on the article.
    title
        The headline if known; otherwise the first line when it looks like one
        (short, followed by a blank line, not ending with a period).
    meta
        Extra information kept on the article (encoding, format...).
    boilerplate, dateline
        The finders to use (``lambda text: ()`` turns boilerplate removal off).

    Raises
    ------
    InputError
        When ``text`` is not a string or holds only whitespace.
    """
    if not isinstance(text, str):
        raise InputError(f"article {id!r}: expected text (str), got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"article {id!r} is empty")
    if title is None:
        found = find_title(text)
        title = text[found.start : found.end] if found else None
    ignored = tuple(boilerplate(text))
    place = dateline(text)
    if place is not None and any(s.overlaps(place) for s in ignored):
        place = None
    return Article(
        text=text,
        id=id,
        title=title,
        dateline=place,
        ignored=ignored,
        source=source,
        meta=dict(meta or {}),
    )
