"""Read an article from a file, standard input, bytes, a file object or a URL."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import IO, Any, Callable
from urllib.parse import urlsplit

from ..errors import InputError
from ..models import Article
from .decode import decode_with_encoding
from .htmltext import html_to_text, looks_like_html, looks_like_html_document

__all__ = ["load_article", "load_url"]

log = logging.getLogger(__name__)

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst"})
FORMATS = (None, "text", "html")
#: The format of a file named like text: text, unless it holds a whole HTML page.
_TEXT_FILE = "text-file"
MAX_URL_BYTES = 50 * 1024 * 1024


def _short(name: str, limit: int = 80) -> str:
    name = name.replace("\n", " ")
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _build(
    text: str,
    *,
    id: str,
    fmt: str | None,
    source: str | None,
    name: str,
    meta: dict[str, Any],
) -> Article:
    from . import article_from_text

    if fmt is None:
        fmt = "html" if looks_like_html(text) else "text"
    elif fmt == _TEXT_FILE:
        fmt = "text"
        if looks_like_html_document(text):
            log.warning("%s is named like a text file but holds an HTML page; reading its visible text", name)
            fmt = "html"
    title = None
    if fmt == "html":
        page = html_to_text(text)
        text, title = page.text, page.title
    if not text.strip():
        raise InputError(f"{name} is empty" if fmt == "text" else f"{name} has no visible text")
    return article_from_text(text, id=id, title=title, source=source, meta={**meta, "format": fmt})


def _from_bytes(data: bytes, *, id: str, fmt: str | None, source: str | None, name: str, encoding: str | None) -> Article:
    if not data.strip():
        raise InputError(f"{name} is empty")
    text, used = decode_with_encoding(data, encoding=encoding, name=name)
    return _build(text, id=id, fmt=fmt, source=source, name=name, meta={"encoding": used})


def _read_stdin(*, id: str | None, encoding: str | None, fmt: str | None) -> Article:
    stream = sys.stdin
    if stream is None:
        raise InputError("stdin is not available")
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, str):
        if not data.strip():
            raise InputError("stdin is empty")
        return _build(data, id=id or "stdin", fmt=fmt, source="-", name="stdin", meta={})
    return _from_bytes(data, id=id or "stdin", fmt=fmt, source="-", name="stdin", encoding=encoding)


def _format_of(path: Path, fmt: str | None) -> str | None:
    if fmt is not None:
        return fmt
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return _TEXT_FILE
    return None  # sniff the content


def _read_path(path: Path, *, id: str | None, encoding: str | None, fmt: str | None) -> Article:
    shown = _short(str(path))
    try:
        if path.is_dir():
            raise InputError(f"{shown} is a directory, not a file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {shown}") from None
    except NotADirectoryError:
        raise InputError(f"no such file: {shown}") from None
    except IsADirectoryError:
        raise InputError(f"{shown} is a directory, not a file") from None
    except ValueError as exc:  # e.g. an embedded NUL in the name
        raise InputError(f"cannot read {shown}: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read {shown}: {exc.strerror or exc}") from None
    return _from_bytes(
        data, id=id or path.stem or "article", fmt=_format_of(path, fmt), source=str(path), name=shown, encoding=encoding
    )


def load_article(
    source: "str | os.PathLike[str] | bytes | IO[str] | IO[bytes]",
    *,
    id: str | None = None,
    encoding: str | None = None,
    format: str | None = None,
) -> Article:
    """Read an article and find its title, dateline and boilerplate.

    Parameters
    ----------
    source
        A path (``.txt``/``.md`` are text, ``.html``/``.htm`` are HTML, anything
        else is sniffed), ``"-"`` for standard input, an ``http(s)://`` URL (see
        :func:`load_url`), raw ``bytes`` or an open file object.
    id
        The article id; defaults to the file stem (``"stdin"``, ``"article"``).
    encoding
        Force an encoding instead of guessing (see :func:`decode_bytes`).
    format
        ``"text"`` or ``"html"`` to skip the guess.

    Raises
    ------
    InputError
        Missing file, a directory, empty or binary content, bad encoding.

    >>> load_article(b"PARIS (AP) \\xe2\\x80\\x94 Hello.").dateline_text
    'PARIS'
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _from_bytes(bytes(source), id=id or "article", fmt=format, source=None, name="input", encoding=encoding)
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        label = name if isinstance(name, str) else None
        data = source.read()
        art_id = id or (Path(label).stem if label and not label.startswith("<") else "article")
        fmt = _format_of(Path(label), format) if label else format
        shown = _short(label) if label else "input"
        if isinstance(data, str):
            if not data.strip():
                raise InputError(f"{shown} is empty")
            return _build(data, id=art_id, fmt=fmt, source=label, name=shown, meta={})
        return _from_bytes(bytes(data), id=art_id, fmt=fmt, source=label, name=shown, encoding=encoding)
    if isinstance(source, (str, os.PathLike)):
        s = os.fspath(source)
        s = os.fsdecode(s) if isinstance(s, bytes) else s
        if s == "-":
            return _read_stdin(id=id, encoding=encoding, fmt=format)
        if s[:8].lower().startswith(("http://", "https://")):
            return load_url(s, id=id)
        if not s.strip():
            raise InputError("no file name given")
        return _read_path(Path(s), id=id, encoding=encoding, fmt=format)
    raise InputError(f"cannot read an article from a {type(source).__name__}")


def _fetch(url: str, timeout: float) -> str:
    """GET ``url`` with the standard library; the body decoded to text."""
    import urllib.error
    import urllib.request

    from ..config import Settings

    req = urllib.request.Request(url, headers={"User-Agent": Settings.from_env().user_agent})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only
            data = resp.read(MAX_URL_BYTES + 1)
            charset = resp.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise InputError(f"cannot fetch {_short(url)}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"cannot fetch {_short(url)}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(f"cannot fetch {_short(url)}: {exc}") from None
    if len(data) > MAX_URL_BYTES:
        raise InputError(f"cannot fetch {_short(url)}: larger than {MAX_URL_BYTES // 2**20} MB")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            log.warning("%s: declared charset %r failed (%s); guessing", url, charset, exc)
    return decode_with_encoding(data, name=_short(url))[0]


def load_url(
    url: str,
    *,
    timeout: float = 10,
    id: str | None = None,
    fetch: Callable[[str, float], str] | None = None,
) -> Article:
    """Fetch a web page and extract its story with trafilatura (``pip install geomap[web]``).

    Parameters
    ----------
    url
        An ``http://`` or ``https://`` address.
    timeout
        Seconds to wait for the server.
    id
        The article id; defaults to the last part of the URL's path (or its host).
    fetch
        ``fetch(url, timeout) -> html``; the default uses :mod:`urllib`.

    Raises
    ------
    InputError
        When trafilatura is not installed, the page cannot be fetched or has no text.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"not an http(s) URL: {_short(url)}")
    try:
        import trafilatura
    except ImportError as exc:
        broken = "" if exc.name == "trafilatura" or exc.name is None else f" (trafilatura failed to import: {exc})"
        raise InputError(f"install geomap[web] to fetch URLs{broken}".replace("\n", " ")) from None
    markup = (fetch or _fetch)(url, timeout)
    text = trafilatura.extract(markup, url=url, include_comments=False, include_tables=False)
    if not text:
        log.warning("trafilatura found no story in %s; using all visible text", url)
    page = html_to_text(markup)
    text = text or page.text
    if not text.strip():
        raise InputError(f"{_short(url)} has no visible text")
    stem = Path(parts.path.rstrip("/")).stem
    from . import article_from_text

    return article_from_text(text, id=id or stem or parts.netloc, title=page.title, source=url, meta={"format": "url"})
