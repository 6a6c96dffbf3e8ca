"""The visible text of an HTML page, with the standard library's ``html.parser``.

Scripts, styles, navigation, headers, footers, asides, forms and hidden
elements are dropped; block elements become paragraphs separated by a blank
line; whitespace inside a paragraph is collapsed; entities are unescaped. The
result is plain text, and every geomap offset then points into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlText", "html_to_text", "looks_like_html", "looks_like_html_document"]

#: Elements whose whole content is not part of the story.
DROP = frozenset(
    "script style noscript template nav footer aside header form button select textarea "
    "iframe object embed svg math canvas audio video head title dialog menu".split()
)
#: Elements that start a new paragraph.
BLOCK = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre figure "
    "figcaption table tr td th thead tbody caption hr address details summary center body html".split()
)
#: Dropped elements that also end the paragraph before them (scripts and styles do not).
DROP_BLOCK = frozenset("nav footer aside header form dialog menu head iframe".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SPACE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HTML_SNIFF = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b"
    r"|<(?:p|div|article|br|h1|h2|span|a\s+href)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class HtmlText:
    """The visible text of a page and its title (``<h1>``, else ``<title>``)."""

    text: str
    title: str | None = None


_HTML_DOCUMENT = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html_document(text: str) -> bool:
    """True when ``text`` is a whole HTML page (it opens with a doctype or ``<html>``),
    not just text with some markup in it.

    >>> looks_like_html_document("<!DOCTYPE html><p>Hi</p>"), looks_like_html_document("<p>Hi</p>")
    (True, False)
    """
    return _HTML_DOCUMENT.match(text[:4096]) is not None


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document or has HTML tags near its start.

    >>> looks_like_html("<!DOCTYPE html><p>Hi</p>"), looks_like_html("a < b and c > d")
    (True, False)
    """
    return _HTML_SNIFF.search(text[:2048]) is not None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str | None] = []  # None marks a <br>
        self.stack: list[tuple[str, bool]] = []  # (tag, dropped)
        self.open_count: dict[str, int] = {}
        self.dropping = 0  # dropped elements on the stack
        self.pre = 0
        self.h1: list[str] | None = None
        self.h1_done = False
        self.title: list[str] | None = None
        self.title_done = False

    # paragraphs ------------------------------------------------------------
    def flush(self, pre: bool | None = None) -> None:
        raw = "".join("\n" if part is None else part for part in self.current)
        if self.pre if pre is None else pre:
            lines = [line.rstrip() for line in raw.strip("\n").splitlines()]
        else:
            lines, piece = [], []
            for part in self.current + [None]:
                if part is None:
                    lines.append(_SPACE.sub(" ", "".join(piece)).strip())
                    piece = []
                else:
                    piece.append(part)
        self.current = []
        para = "\n".join(line for line in lines if line.strip())
        if para.strip():
            self.blocks.append(para)

    # parser callbacks --------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title_done:
            self.title = []
        if tag == "h1" and not self.h1_done:
            self.h1 = []
        if tag == "br":
            if not self.dropping:
                self.current.append(None)
            return
        if tag in VOID:
            return
        a = dict(attrs)
        hidden = (
            "hidden" in a
            or (a.get("aria-hidden") or "").lower() == "true"
            or bool(_HIDDEN_STYLE.search(a.get("style") or ""))
        )
        dropped = tag in DROP or hidden
        if (tag in BLOCK or tag in DROP_BLOCK) and not self.dropping:
            self.flush()
        if tag == "pre":
            self.pre += 1
        self.stack.append((tag, dropped))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        self.dropping += dropped

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.dropping:
            self.current.append(None)
        elif tag in BLOCK and not self.dropping:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            self.title_done = True
        if tag == "h1" and self.h1 is not None and "".join(self.h1).strip():
            self.h1_done = True
        if not self.open_count.get(tag):
            return  # a stray end tag
        in_pre = self.pre > 0
        while self.stack:  # close everything left open inside this element
            t, dropped = self.stack.pop()
            self.open_count[t] -= 1
            self.dropping -= dropped
            if t == "pre":
                self.pre -= 1
            if t == tag:
                break
        if (tag in BLOCK or tag in DROP_BLOCK) and not self.dropping:
            self.flush(pre=in_pre)

    def handle_data(self, data: str) -> None:
        if self.title is not None and not self.title_done:
            self.title.append(data)
        if self.h1 is not None and not self.h1_done:
            self.h1.append(data)
        if not self.dropping:
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self.flush()


def _clean(parts: list[str] | None) -> str | None:
    if not parts:
        return None
    s = _SPACE.sub(" ", "".join(parts)).strip()
    return s or None


def html_to_text(markup: str) -> HtmlText:
    """The visible text of ``markup``, paragraphs separated by blank lines.

    >>> page = "<html><head><title>T</title><script>x=1</script></head>"
    >>> page += "<body><h1>Kim &amp; Putin</h1><p>They met\\n in  Vostochny.</p></body></html>"
    >>> r = html_to_text(page)
    >>> r.text, r.title
    ('Kim & Putin\\n\\nThey met in Vostochny.', 'Kim & Putin')
    """
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    title = _clean(parser.h1) or _clean(parser.title)
    return HtmlText("\n\n".join(parser.blocks), title)
