"""Place-name normalisation: the lookup keys of the offline gazetteer.

:func:`normalise` turns a name as written into a key; the gazetteer stores the
key of every name and alternate name it knows, and looks a query up by its key.
Because the same function runs on both sides, any folding it does is symmetric:
"Russkiy", "Russkij" and "Russky" all become ``"russky"``.

:func:`variants` gives the further keys to try when the exact key finds
nothing ("Russky Island" → ``"russky"``, "the Netherlands" → ``"netherlands"``).

>>> normalise("Komsomol'sk-na-Amure")
'komsomolsk na amure'
>>> normalise("Primorskiy Kray") == normalise("Primorsky Krai")
True
>>> variants("Russky Island")
['russky']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalise", "variants", "is_latin", "TYPE_WORDS", "ALIASES"]

#: Words naming a kind of place; :func:`variants` drops them from either end.
TYPE_WORDS: frozenset[str] = frozenset(
    """
    island islands isle isles ostrov krai kray oblast okrug province provincia region
    republic respublika state county city district territory prefecture governorate
    municipality raion rayon autonomous
    """.split()
)

#: Words that may lead a name: "Republic of Korea", "City of London".
_LEADING_OF = frozenset({"republic", "city", "province", "state", "island", "isle", "county", "region", "oblast"})

#: Hand-kept aliases (key → key) for forms that no folding rule reaches safely.
#: Both sides are already normalised keys. Kept tiny on purpose: the data's own
#: alternate names should carry almost all of this.
ALIASES: dict[str, str] = {
    "primorie": "primorye",
    "primorje": "primorye",
}

# Letters that NFKD does not decompose into a base letter plus marks.
_SPECIAL = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae",
        "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
        "ı": "i", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t", "ĸ": "k",
    }
)
# Apostrophes and modifier letters that are dropped, not turned into spaces:
# "Komsomol'sk" → "komsomolsk", "Primor'ye" → "primorye", "Xi'an" → "xian".
_APOSTROPHES = str.maketrans("", "", "'’‘ʼʹʻʿʾ`´′")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# "U.S.", "U.S.A." → "US", "USA" (dots between single letters vanish).
_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}(?:[^\W\d_]\b)?")
_NONWORD = re.compile(r"[\W_]+")
_WORD_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_WORD_FOLD = {"krai": "kray", "kraj": "kray", "skaja": "skaya", "skoje": "skoye", "skoe": "skoye"}
# One pass over the key for every word rule: an abbreviation followed by
# another word; "krai"/"kraj" as a word; "-skaja"/"-skoje"/"-skoe" and the
# word-final "iy"/"ij"/"yi"/"ii"/"yy"/"yj" (in words of 4+ letters) → "y".
_WORD_RULES = re.compile(
    r"\b(?P<abbr>st|ste|mt|ft)(?= )"
    r"|\b(?P<fold>kra[ij])\b"
    r"|(?<=\w)(?P<suffix>skaja|skoje|skoe)\b"
    r"|(?<=\w\w)(?P<final>iy|ij|yi|ii|yy|yj)\b"
)


def _rule(m: "re.Match[str]") -> str:
    kind = m.lastgroup
    if kind == "abbr":
        return _WORD_ABBREV[m.group(0)]
    if kind == "final":
        return "y"
    return _WORD_FOLD[m.group(0)]


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The lookup key of a place name.

    Casefolds; strips accents ("Zürich" → "zurich"); drops apostrophes
    ("Komsomol'sk" → "komsomolsk"); joins dotted acronyms ("U.S." → "us");
    turns hyphens and other punctuation into single spaces; expands a leading
    or inner "St."/"Mt."/"Ft." ("St. Petersburg" → "saint petersburg"); and
    folds common transliteration endings so that "Russkiy", "Russkij" and
    "Russky" meet ("iy"/"ij"/"yi"/"ii"/"yy" at a word end → "y", "krai"/"kraj"
    → "kray", "-skaja"/"-skoje" → "-skaya"/"-skoye"). Non-Latin letters are
    kept (casefolded). Idempotent: ``normalise(normalise(x)) == normalise(x)``.

    Parameters
    ----------
    name
        A place name as written.

    Returns
    -------
    str
        The key; ``""`` when the name has no letters or digits.

    Examples
    --------
    >>> normalise("  São   Tomé ")
    'sao tome'
    >>> normalise("St. Petersburg")
    'saint petersburg'
    >>> normalise("U.S.")
    'us'
    >>> normalise("Russkij") == normalise("Russkiy") == normalise("Russky")
    True
    """
    key, changed = _normalise_once(name)
    for _ in range(4):  # rare chains ("abiiy" → "abiy" → "aby"); non-Latin leftovers
        if not changed and key.isascii():
            break
        again, changed = _normalise_once(key)
        if again == key:
            break
        key = again
    return key


def _normalise_once(name: str) -> tuple[str, bool]:
    """One pass of :func:`normalise`, and whether a word rule changed anything."""
    s = name.translate(_APOSTROPHES)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s.translate(_SPECIAL).casefold())
        s = unicodedata.normalize("NFC", _MARKS.sub("", s)).translate(_APOSTROPHES)
    if "." in s:
        s = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), s)
    key = " ".join(_NONWORD.sub(" ", s.casefold()).split())
    if not key:
        return "", False
    key, n = _WORD_RULES.subn(_rule, key)
    alias = ALIASES.get(key)
    return (alias, True) if alias else (key, n > 0)


def variants(name: str) -> list[str]:
    """Further lookup keys to try when ``normalise(name)`` finds nothing.

    In order: without a leading "the"; without a trailing type word ("Island",
    "Krai", "Oblast", "Province", "Region", "Republic", "State", "County",
    "City", "District"...); without a leading "Republic of"/"City of"-style
    head. The exact key itself is not included, nor is an empty key.

    Parameters
    ----------
    name
        A place name as written (or already a key).

    Returns
    -------
    list[str]
        Distinct keys, most specific first.

    Examples
    --------
    >>> variants("the Netherlands")
    ['netherlands']
    >>> variants("Primorsky Krai")
    ['primorsky']
    >>> variants("Republic of Korea")
    ['korea']
    >>> variants("Vladivostok")
    []
    """
    base = normalise(name)
    words = base.split()
    out: list[str] = []

    def add(ws: list[str]) -> None:
        k = ALIASES.get(" ".join(ws), " ".join(ws))
        if k and k != base and k not in out and not all(w in TYPE_WORDS for w in ws):
            out.append(k)

    if len(words) > 1 and words[0] == "the":
        words = words[1:]
        add(words)
    if len(words) > 1 and words[-1] in TYPE_WORDS:
        stripped = words[:-1]
        while len(stripped) > 1 and stripped[-1] in TYPE_WORDS:  # "Autonomous Okrug"
            stripped = stripped[:-1]
        add(stripped)
    if len(words) > 2 and words[0] in _LEADING_OF and words[1] == "of":
        add(words[2:])
        if words[2] == "the" and len(words) > 3:
            add(words[3:])
    if len(words) > 1 and words[0] in TYPE_WORDS and words[0] not in _LEADING_OF:
        add(words[1:])  # "Oblast Moskovskaya"-style heads are rare; "Isla X" is not handled
    return out


# Characters outside the Latin blocks (and outside the marks, spaces and
# punctuation that any name may hold); a letter among them is not Latin.
_NOT_LATIN_BLOCK = re.compile(
    "[^\x00-\u036f\u1e00-\u1eff\u2000-\u206f\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06]"
)
_HAS_LETTER = re.compile(r"[^\W\d_]")


def is_latin(name: str) -> bool:
    """True when ``name`` has letters and all of them are in the Latin script.

    >>> is_latin("Komsomol'sk-na-Amure"), is_latin("Владивосток"), is_latin("Bình Nhưỡng")
    (True, False, True)
    >>> is_latin("Kyiv / Київ"), is_latin("123")
    (False, False)
    """
    if not name.isascii():
        for m in _NOT_LATIN_BLOCK.finditer(name):
            if m.group().isalpha():
                return False
    return _HAS_LETTER.search(name) is not None
