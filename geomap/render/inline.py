"""Put a folium map's JavaScript and CSS inside the page: one HTML file, no network.

:func:`inline` replaces every ``<script src>`` and ``<link rel=stylesheet>`` a
map would emit by the content of the same file from a local ``node_modules``
(see :mod:`geomap.render.assets`); images that the stylesheets reference
(Leaflet's layer icon, marker sprites, control icons) become ``data:`` URIs.
Icon fonts are dropped by default (geomap's maps draw no font icons) or inlined.

>>> script_safe("if (a</script>b) {}")
'if (a<\\\\/script>b) {}'
>>> inline_css("a{background:url(missing.png)}", "/nonexistent", on_missing="ignore")
'a{background:url(data:,)}'
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import re
import warnings
from pathlib import Path
from typing import Any

from branca.element import Element

from ..errors import OutputError
from .assets import asset_for, iter_asset_elements

__all__ = ["inline", "inline_css", "script_safe", "data_uri", "RawHTML", "ICON_FONT_PACKAGES"]

log = logging.getLogger(__name__)

#: Packages that only provide an icon font: left out when ``fonts="drop"``.
ICON_FONT_PACKAGES = frozenset({"@fortawesome/fontawesome-free"})

_MIME = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
}
_FONTS = {".woff2", ".woff", ".ttf", ".otf", ".eot"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
_ON_MISSING = ("warn", "ignore", "raise")


def _report(msg: str, on_missing: str) -> None:
    if on_missing == "raise":
        raise OutputError(msg)
    if on_missing == "warn":
        warnings.warn(msg, UserWarning, stacklevel=3)


def data_uri(path: str | Path) -> str:
    """The file at ``path`` as a base64 ``data:`` URI (type from its suffix)."""
    path = Path(path)
    mime = _MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def script_safe(code: str) -> str:
    """JavaScript made safe between ``<script>`` and ``</script>``: an HTML parser
    would end the element at ``</script`` and change state at ``<!--``; the
    escaped forms mean the same in JavaScript strings, regexes and comments."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def inline_css(css: str, base: str | Path, *, fonts: str = "drop", on_missing: str = "warn") -> str:
    """``css`` with each relative ``url()`` replaced by a ``data:`` URI of the file
    it names (relative to the folder ``base``).

    ``fonts="drop"`` removes ``@font-face`` rules first; ``"inline"`` keeps and
    inlines them. A file that is absent, or an absolute ``http(s)`` URL, becomes
    an empty ``data:`` URI (so the page requests nothing) and is reported as
    ``on_missing`` says (``"warn"``, ``"ignore"`` or ``"raise"``).
    """
    if fonts not in ("drop", "inline"):
        raise ValueError(f"fonts must be 'drop' or 'inline', not {fonts!r}")
    if on_missing not in _ON_MISSING:
        raise ValueError(f"on_missing must be one of {_ON_MISSING}, not {on_missing!r}")
    if fonts == "drop":
        css = _FONT_FACE.sub("", css)
    base = Path(base)
    cache: dict[str, str] = {}

    def replace(m: re.Match[str]) -> str:
        ref = m.group(2).strip()
        if not ref or ref.startswith(("data:", "#")):
            return m.group(0)
        if ref not in cache:
            local = re.split(r"[?#]", ref, maxsplit=1)[0]
            path = (base / local) if "://" not in ref and not ref.startswith("//") else None
            if path is not None and path.is_file():
                cache[ref] = f"url({data_uri(path)})"
            else:
                _report(f"stylesheet in {base} refers to {ref!r}, which has no local copy", on_missing)
                cache[ref] = "url(data:,)"
        return cache[ref]

    return _CSS_URL.sub(replace, css).replace("</style", "<\\/style")


class RawHTML(Element):
    """Markup put into a branca element tree as it is: never parsed as a
    template, so braces and ``{{`` in inlined code stay what they are."""

    def __init__(self, markup: str, name: str | None = None) -> None:
        super().__init__()
        self.markup = markup
        if name:
            self._name = name

    def render(self, **kwargs: Any) -> str:
        return self.markup


def _default_icon_shim(node_modules: Path) -> str:
    """Point Leaflet's default marker at inlined images (its CSS-based path
    detection cannot read a ``data:`` URI)."""
    images = node_modules / "leaflet" / "dist" / "images"
    names = {"iconUrl": "marker-icon.png", "iconRetinaUrl": "marker-icon-2x.png", "shadowUrl": "marker-shadow.png"}
    if not all((images / f).is_file() for f in names.values()):
        return ""
    opts = ",".join(f'{k}:"{data_uri(images / f)}"' for k, f in names.items())
    return f"<script>L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions({{{opts}}});</script>"


def inline(root: Any, node_modules: str | Path, *, fonts: str = "drop", on_missing: str = "raise") -> Any:
    """Inline every JS and CSS file linked under the folium element ``root``.

    Call it on a map after everything is added to it and before it is rendered.
    Each linked file is read from ``node_modules`` (the npm package that holds
    it, see :data:`geomap.render.assets.ASSETS`) and written into the page head
    once, stylesheets first; the links are removed. ``fonts="drop"`` leaves out
    icon-font packages (:data:`ICON_FONT_PACKAGES`) and ``@font-face`` rules.
    Files with no local copy are dropped and reported as ``on_missing`` says
    (``"raise"`` an :class:`~geomap.errors.OutputError`, ``"warn"``,
    ``"ignore"``); optional files drop quietly. Returns ``root``.
    """
    from branca.element import Figure

    if on_missing not in _ON_MISSING:
        raise ValueError(f"on_missing must be one of {_ON_MISSING}, not {on_missing!r}")
    if fonts not in ("drop", "inline"):
        raise ValueError(f"fonts must be 'drop' or 'inline', not {fonts!r}")
    node_modules = Path(node_modules)
    figure = root.get_root()
    if not isinstance(figure, Figure):
        figure = Figure()
        figure.add_child(root)
    css_files: dict[Path, None] = {}
    js_files: dict[Path, None] = {}
    missing: list[str] = []
    for el in iter_asset_elements(figure):
        for attr, bucket in (("default_css", css_files), ("default_js", js_files)):
            for _, url in getattr(el, attr, []):
                asset = asset_for(url)
                if asset is None or asset.local is None:
                    if not (asset and asset.optional):
                        missing.append(url)
                    continue
                if fonts == "drop" and asset.package in ICON_FONT_PACKAGES:
                    continue
                path = node_modules / asset.local
                if path.is_file():
                    bucket[path] = None
                else:
                    missing.append(f"{url} (looked for {path})")
            setattr(el, attr, [])  # instance attribute: the class list stays as it is
    if missing:
        _report("cannot inline " + ", ".join(sorted(set(missing))), on_missing)
    parts = []
    for path in css_files:
        css = inline_css(path.read_text(encoding="utf-8"), path.parent, fonts=fonts, on_missing="warn")
        parts.append(f"<style>/* {path.relative_to(node_modules)} */\n{css}\n</style>")
    for path in js_files:
        code = script_safe(path.read_text(encoding="utf-8"))
        parts.append(f"<script>/* {path.relative_to(node_modules)} */\n{code}\n</script>")
        if path == node_modules / "leaflet" / "dist" / "leaflet.js":
            parts.append(_default_icon_shim(node_modules))
    figure.header.add_child(RawHTML("\n".join(p for p in parts if p), name="geomap_inlined_assets"))
    log.debug("inlined %d stylesheets and %d scripts", len(css_files), len(js_files))
    return root
