"""Bytes to text: byte-order marks, UTF-16 without a BOM, UTF-8, then cp1252.

Newlines are left as they are, so offsets stay valid for the decoded text.
"""

from __future__ import annotations

import codecs
import logging

from ..errors import InputError

__all__ = ["decode_bytes", "decode_with_encoding", "looks_binary"]

log = logging.getLogger(__name__)

# UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 65536
#: Control bytes that do not occur in text (tab, newlines, form feed and ESC do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_CONTROL_RATIO = 0.1


def _sniff_wide(sample: bytes) -> str | None:
    """UTF-16/32 without a BOM: ASCII text leaves NULs in every other (or three in
    four) bytes."""
    n = len(sample) - len(sample) % 4
    if n < 4:
        return None
    s = sample[:n]
    quarter = n // 4
    lanes = [s[i::4].count(0) for i in range(4)]
    if lanes[1] + lanes[2] + lanes[3] > 2.7 * quarter and lanes[0] < 0.1 * quarter:
        return "utf-32-le"
    if lanes[0] + lanes[1] + lanes[2] > 2.7 * quarter and lanes[3] < 0.1 * quarter:
        return "utf-32-be"
    half = n // 2
    even, odd = s[0::2].count(0), s[1::2].count(0)
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Decoded text with (almost) no control or unassigned characters."""
    sample = text[:4096]
    bad = sum(1 for c in sample if not (c.isprintable() or c in "\t\n\r\f\v"))
    return bad <= 0.01 * len(sample)


def looks_binary(data: bytes) -> bool:
    """True when ``data`` holds NUL bytes or many control bytes (not UTF-16/32 text).

    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00"), looks_binary("Zürich".encode())
    (True, False)
    """
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > _CONTROL_RATIO


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not valid {encoding}: {exc.reason} at byte {exc.start}"
        ) from None


def decode_with_encoding(data: bytes, *, encoding: str | None = None, name: str = "input") -> tuple[str, str]:
    """Like :func:`decode_bytes`, and also the name of the encoding used.

    >>> decode_with_encoding("café".encode("cp1252"))
    ('café', 'cp1252')
    """
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        if codec == "utf-8":
            codec = "utf-8-sig"  # drop a BOM if there is one
        return _strict(data, codec, name), codec
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, name), codec
    wide = _sniff_wide(data[:_SAMPLE]) if b"\x00" in data[:_SAMPLE] else None
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            log.debug("%s looked like %s but is not (%s)", name, wide, exc)
        else:
            if _plausible(text):
                return text, wide
            log.debug("%s decodes as %s but not to plausible text", name, wide)
    if looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        log.debug("%s is not UTF-8 (%s); trying cp1252", name, exc)
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode_bytes(data: bytes, *, encoding: str | None = None, name: str = "input") -> str:
    """Decode ``data`` to text, guessing the encoding unless one is given.

    Order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); UTF-16/32
    without a BOM when NUL bytes fall in a regular pattern; strict UTF-8; cp1252;
    Latin-1. Newlines are kept as they are.

    Raises
    ------
    InputError
        When the data looks binary (NUL bytes that are not UTF-16/32, or many
        control bytes), or does not decode with the ``encoding`` given.

    >>> decode_bytes(b"\\xef\\xbb\\xbfSeoul"), decode_bytes("Zürich".encode("latin-1"))
    ('Seoul', 'Zürich')
    """
    return decode_with_encoding(data, encoding=encoding, name=name)[0]
