"""Boilerplate: the lines of a page that are not the story.

Aggregator disclaimers, navigation ("Related Articles", "Back to top"), cookie
notices, bylines, photo captions that end with an agency credit and tag lines
("Kim Putin Russia") are found line by line and returned as spans into the
original text; the text itself is never changed. The headline is never marked.

Every check looks at one line (or one short paragraph) at a time with anchored or
literal patterns, so the whole pass is linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Sequence

from ..models import Span
from .layout import Line, ends_sentence, find_title, iter_lines

__all__ = ["Boilerplate", "RULES", "find_boilerplate", "explain_boilerplate", "credit_start", "merge_spans"]

#: The rule names, all on by default (pass a subset as ``rules=``).
RULES = ("aggregator", "navigation", "bylines", "cookies", "captions", "related", "taglines")

LinePredicate = Callable[[str], bool]

_AGGREGATOR = re.compile(
    r"is an automatic aggregator|automatically aggregated|all trademarks belong to"
    r"|the content will be deleted within|if you are the owner of the content"
    r"|in each content, the hyperlink|all materials to their authors"
    r"|this (?:article|story|content) (?:was|has been) (?:automatically )?(?:generated|aggregated)",
    re.IGNORECASE,
)
_SOCIAL = r"share|tweet|e-?mail|print|comments?|facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|copy link"
_NAVIGATION = re.compile(
    rf"""(?:
      (?:related|more)\ (?:articles?|stories|posts|news|content|coverage|topics|links|reading)
    | back\ to\ top(?:\ button)? | skip\ to\ (?:main\ )?content | scroll\ to\ top
    | share\ (?:this|the)\ (?:article|story|page|post|video)\b.* | share\ (?:on|via)\ .*
    | (?:{_SOCIAL})(?:\s*[|·•/]\s*(?:{_SOCIAL}))*
    | sign\ up\b.*newsletter.* | subscribe\ (?:to|for|now)\b.* | (?:get\ )?our\ newsletter.*
    | read\ more\b.* | continue\ reading\b.* | see\ also:.* | watch:.* | listen:.*
    | more\ (?:from|on)\ [^.!?]{{1,60}} | you\ (?:may|might)\ also\ (?:like|be\ interested\ in).*
    | recommended(?:\ for\ you|\ stories|\ articles|\ reading)? | most\ (?:read|popular|viewed|shared)
    | trending(?:\ now|\ stories)? | advertisement | sponsored(?:\ content)? | story\ continues\ below.*
    | follow\ us\ on\b.* | click\ here\b.* | tags?:.* | topics?:.* | filed\ under\b.*
    | (?:©|\(c\)\ |copyright\ (?:©|\(c\)|\d{{4}})).* | all\ rights\ reserved.* | loading\.*
    )""",
    re.IGNORECASE | re.VERBOSE,
)
#: Agency staff credits: "Reporting by Ana Lima; Editing by Tom Hale".
_STAFF_CREDIT = re.compile(r"\(?(?:additional |)(?:reporting|editing|writing|compiled|produced) by ", re.IGNORECASE)
_STAFF_WORDS = frozenset("by and in from for additional reporting editing writing compiled produced".split())
#: Headings after which the following headline-like lines are links to other stories.
_RELATED_HEADING = re.compile(
    r"(?:related|more)(?: \w+)?|read more:?|see also:?|you (?:may|might) also like|recommended.*"
    r"|most (?:read|popular|viewed|shared)|trending.*|more (?:from|on) .+",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:By|BY|by) [A-Z][\w.'’\-]*(?:[ ,]+(?:and )?[A-Z][\w.'’\-]*){0,7}(?: (?:in|for) [A-Z][\w .,'’\-]{0,40})?")
#: Literal pieces of the aggregator notices: a fast first look before the regex.
_AGGREGATOR_KEYS = ("ggregat", "rademark", "eleted within", "wner of the content", "yperlink", "uthors")
_COOKIE_CONTEXT = re.compile(
    r"we use|uses cookies|use of cookies|accept|consent|cookie (?:policy|settings|preferences)|privacy",
    re.IGNORECASE,
)
_PHOTO = re.compile(
    r"\(?\s*(?:photo(?:graph)?s?|images?|pictures?|pic|credit|illustration|video|footage)"
    r"(?:\s*[:|,]|\s+(?:by|via|credit|source|courtesy)\b)",
    re.IGNORECASE,
)
_AGENCY = re.compile(
    r"\b(?:AP|AFP|Reuters|REUTERS|Getty(?: Images)?|GETTY|EPA(?:-EFE)?|EFE|Xinhua|XINHUA|KCNA|KNS|Yonhap"
    r"|YONHAP|TASS|Tass|Sputnik|SPUTNIK|RIA Novosti|Shutterstock|Bloomberg|Anadolu(?: Agency)?|Kyodo|UPI"
    r"|Pool|POOL|Alamy|NurPhoto|SOPA Images|LightRocket|Imago|IMAGO|ZUMA(?: Press| Wire)?|Handout|HANDOUT"
    r"|PTI|ANI|IANS|Sipa(?: USA)?|SIPA|WireImage|AAP|Jiji|PA(?: Media| Wire)?|dpa|DPA|Kremlin\.ru"
    r"|Wikimedia Commons|Flickr|Courtesy)\b"
)
_CREDIT_SMALL = frozenset("via by and for of de da do del di du van von der den le la al el bin courtesy".split())
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_PAREN_TAIL = re.compile(r"[(\[]([^()\[\]]{1,100})[)\]]\Z")
_TAG_STOPWORDS = frozenset(
    """the a an and or but of in on at to for from by with as is are was were be has have had
    not no new how why what when where who will can his her their its our your my this that
    after before over under into about up out says said""".split()
)
#: Two to six words, letters first, no punctuation but inner ' - . ("Kim Putin Russia").
_TAGLINE = re.compile(r"[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*){1,5}")
_CREDIT_TAIL_CHARS = 160
_CAPTION_MAX_CHARS = 700
_SHORT_LINE = 300  # navigation and byline lines are short


@dataclass(frozen=True)
class Boilerplate:
    """One boilerplate range and the rule that found it."""

    span: Span
    rule: str


def _is_credit(tail: str) -> bool:
    tail = tail.strip()
    if not tail or len(tail) > 100 or ends_sentence(tail) or tail[-1] in ",;:":
        return False
    if _PHOTO.match(tail):
        return True
    if "AP Photo" in tail:
        return True
    tokens = [t for t in re.split(r"[\s/|]+", tail) if t]
    if len(tokens) > 10 or not _AGENCY.search(tail):
        return False
    for tok in tokens:
        tok = tok.strip("()[]-–—,")
        if tok and tok[0].isalpha() and not tok[0].isupper() and tok.lower() not in _CREDIT_SMALL:
            return False
    return True


def credit_start(line: str) -> int | None:
    """Where a photo credit that ends ``line`` begins, or ``None``.

    The line must not end like a sentence; the credit is what follows its last
    full stop (or a bracketed credit at its very end).

    >>> credit_start("Kim waves on arrival. KCNA/AFP-Getty Images")
    22
    >>> credit_start("Kim waves on arrival (AP Photo/Jane Doe)")
    21
    >>> credit_start("Kim told Reuters he was pleased.") is None
    True
    """
    t = line.rstrip()
    if not t or ends_sentence(t) or t[-1] in ",;:":
        return None
    base = max(0, len(t) - _CREDIT_TAIL_CHARS)
    region = t[base:]
    m = _PAREN_TAIL.search(region)
    if m and _is_credit(m.group(1)):
        return base + m.start()
    last = None
    for last in _BOUNDARY.finditer(region):
        pass
    if last is None and base > 0:
        return None
    k = last.end() if last is not None else 0
    return base + k if _is_credit(region[k:]) else None


def _is_staff_credit(text: str) -> bool:
    if not _STAFF_CREDIT.match(text):
        return False
    words = re.findall(r"[^\W\d_][\w'’.\-]*", text)
    return all(w[0].isupper() or w.lower() in _STAFF_WORDS for w in words)


def _is_tagline(text: str) -> bool:
    if len(text) > 60 or text.endswith(".") or not _TAGLINE.fullmatch(text):
        return False
    return all(tok[0].isupper() and tok.lower() not in _TAG_STOPWORDS for tok in text.split())


def _units(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Group lines into paragraphs: a paragraph ends at a blank line or at a
    line that ends like a sentence (so hard-wrapped text stays together)."""
    out: list[tuple[int, int]] = []
    first = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].blank_before or lines[i - 1].ends_sentence:
            out.append((first, i))
            first = i
    return out


def explain_boilerplate(
    text: str,
    *,
    rules: Collection[str] | None = None,
    extra: Iterable[LinePredicate] = (),
) -> tuple[Boilerplate, ...]:
    """Every boilerplate range with the rule that found it, in text order
    (ranges of different rules may overlap; :func:`find_boilerplate` merges them).

    Parameters
    ----------
    text
        The article text.
    rules
        The rule names to apply (default: all of :data:`RULES`).
    extra
        More checks: callables that take a line (stripped) and return True when
        the line is boilerplate; their hits are reported as rule ``"extra"``.

    >>> text = "Kim arrives\\n\\nKim arrived.\\n\\nShare this article\\n"
    >>> [(text[b.span.start:b.span.end], b.rule) for b in explain_boilerplate(text)]
    [('Share this article', 'navigation')]
    """
    active = set(RULES if rules is None else rules)
    unknown = active - set(RULES)
    if unknown:
        raise ValueError(f"unknown boilerplate rules {sorted(unknown)}; known: {list(RULES)}")
    extra = tuple(extra)
    title = find_title(text)
    lines = [ln for ln in iter_lines(text) if title is None or ln.start != title.start]
    found: list[Boilerplate] = []

    def mark(a: int, b: int, rule: str) -> None:
        found.append(Boilerplate(Span(a, b), rule))

    units = _units(lines)
    in_related = False
    for ln in lines:
        t = ln.text
        short = len(t) <= _SHORT_LINE
        if short and "navigation" in active and _NAVIGATION.fullmatch(t):
            mark(ln.start, ln.end, "navigation")
            in_related = "related" in active and _RELATED_HEADING.fullmatch(t) is not None
            continue
        if in_related and not ln.ends_sentence and len(t.split()) <= 25:
            mark(ln.start, ln.end, "related")
            continue
        in_related = False
        if short and "bylines" in active and (_BYLINE.fullmatch(t) or _is_staff_credit(t)):
            mark(ln.start, ln.end, "bylines")
        elif "cookies" in active and len(t) <= 600 and ("ookie" in t or "OOKIE" in t) and _COOKIE_CONTEXT.search(t):
            mark(ln.start, ln.end, "cookies")
        elif "taglines" in active and _is_tagline(t):
            mark(ln.start, ln.end, "taglines")
        elif extra and any(check(t) for check in extra):
            mark(ln.start, ln.end, "extra")

    aggregator = "aggregator" in active and any(k in text or k.upper() in text for k in _AGGREGATOR_KEYS)
    for a, b in units:
        first, last = lines[a], lines[b - 1]
        if aggregator and any(_AGGREGATOR.search(lines[i].text) for i in range(a, b)):
            mark(first.start, last.end, "aggregator")
        if "captions" in active:
            k = credit_start(last.text)
            if k is not None:
                start = first.start if last.end - first.start <= _CAPTION_MAX_CHARS else last.start + k
                mark(start, last.end, "captions")
    found.sort(key=lambda x: (x.span.start, x.span.end))
    return tuple(found)


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted spans with overlapping ones joined.

    >>> merge_spans([Span(5, 9), Span(0, 3), Span(2, 4)])
    (Span(start=0, end=4), Span(start=5, end=9))
    """
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and s.start < out[-1].end:
            if s.end > out[-1].end:
                out[-1] = Span(out[-1].start, s.end)
        else:
            out.append(s)
    return tuple(out)


def find_boilerplate(
    text: str,
    *,
    rules: Collection[str] | None = None,
    extra: Iterable[LinePredicate] = (),
) -> tuple[Span, ...]:
    """The boilerplate ranges of ``text`` (merged, in order); see :func:`explain_boilerplate`.

    >>> text = "Kim arrives\\n\\nKim arrived.\\n\\nKim waves. KCNA/AFP-Getty Images\\n"
    >>> [text[s.start:s.end] for s in find_boilerplate(text)]
    ['Kim waves. KCNA/AFP-Getty Images']
    """
    return merge_spans(b.span for b in explain_boilerplate(text, rules=rules, extra=extra))
