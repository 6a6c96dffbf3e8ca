"""Where the JavaScript and CSS of a folium map come from, and how to serve them
without a CDN.

A folium page loads Leaflet, jQuery, Bootstrap and plugins from public CDNs.
Each of those files is also published on the npm registry; :data:`ASSETS` maps
every CDN URL geomap's maps use to the npm package, version and file that hold
the same code. :func:`localize` rewrites the URLs of a map (before it is
rendered) to a base URL of your own, where a copy of ``node_modules`` is served;
:func:`install` makes that copy with ``npm``.

>>> asset_for("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js").local
'leaflet/dist/leaflet.js'
>>> local_url("https://code.jquery.com/jquery-3.7.1.min.js", "http://127.0.0.1:8000/assets/")
'http://127.0.0.1:8000/assets/jquery/dist/jquery.min.js'

Self-contained maps (:func:`geomap.render.inline.inline`) read the same files
from a ``node_modules`` that :func:`ensure` finds or installs once into geomap's
cache folder.

Run ``python -m geomap.render.assets install DIR`` to fetch the files into
``DIR/node_modules``, or ``python -m geomap.render.assets ensure`` to fill (and
print) the cached copy.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import OutputError

__all__ = [
    "Asset",
    "ASSETS",
    "asset_for",
    "local_url",
    "iter_asset_elements",
    "asset_urls",
    "localize",
    "npm_specs",
    "missing_files",
    "install",
    "ensure",
    "default_cache_dir",
    "WORLD_ATLAS_URL",
    "FALLBACK_DIRS",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asset:
    """A CDN file and the npm package file with the same content.

    ``package`` is ``None`` for a file with no npm source; ``optional`` marks a
    file geomap's own maps do not use (Glyphicons, marker rotation CSS), which
    :func:`localize` drops without a warning when it has no local source.
    """

    url: str
    package: str | None = None
    version: str | None = None
    path: str | None = None
    optional: bool = False

    @property
    def spec(self) -> str | None:
        """The npm install spec (``"leaflet@1.9.3"``), or ``None``."""
        return f"{self.package}@{self.version}" if self.package else None

    @property
    def local(self) -> str | None:
        """The file's path relative to ``node_modules``, or ``None``."""
        return f"{self.package}/{self.path}" if self.package and self.path else None


_JSD = "https://cdn.jsdelivr.net/npm/"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs/"
#: The Natural Earth 1:110m countries as TopoJSON, from the npm package ``world-atlas``.
WORLD_ATLAS_URL = _JSD + "world-atlas@2.0.2/countries-110m.json"

#: Every CDN file folium's default map and the plugins geomap uses reference.
ASSETS: tuple[Asset, ...] = (
    Asset(_JSD + "leaflet@1.9.3/dist/leaflet.js", "leaflet", "1.9.3", "dist/leaflet.js"),
    Asset(_JSD + "leaflet@1.9.3/dist/leaflet.css", "leaflet", "1.9.3", "dist/leaflet.css"),
    Asset("https://code.jquery.com/jquery-3.7.1.min.js", "jquery", "3.7.1", "dist/jquery.min.js"),
    Asset(_CDNJS + "jquery/3.7.1/jquery.min.js", "jquery", "3.7.1", "dist/jquery.min.js"),
    Asset(_JSD + "bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js", "bootstrap", "5.2.2",
          "dist/js/bootstrap.bundle.min.js"),
    Asset(_JSD + "bootstrap@5.2.2/dist/css/bootstrap.min.css", "bootstrap", "5.2.2",
          "dist/css/bootstrap.min.css"),
    Asset(_CDNJS + "Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js", "leaflet.awesome-markers",
          "2.0.5", "dist/leaflet.awesome-markers.js"),
    Asset(_CDNJS + "Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css", "leaflet.awesome-markers",
          "2.0.5", "dist/leaflet.awesome-markers.css"),
    Asset(_JSD + "@fortawesome/fontawesome-free@6.2.0/css/all.min.css", "@fortawesome/fontawesome-free",
          "6.2.0", "css/all.min.css"),
    Asset(_JSD + "leaflet-textpath@1.2.3/leaflet.textpath.min.js", "leaflet-textpath", "1.2.3",
          "leaflet.textpath.js"),
    Asset(_JSD + "leaflet-ant-path@1.1.2/dist/leaflet-ant-path.min.js", "leaflet-ant-path", "1.1.2",
          "dist/leaflet-ant-path.js"),
    Asset(_CDNJS + "leaflet-minimap/3.6.1/Control.MiniMap.js", "leaflet-minimap", "3.6.1",
          "dist/Control.MiniMap.min.js"),
    Asset(_CDNJS + "leaflet-minimap/3.6.1/Control.MiniMap.css", "leaflet-minimap", "3.6.1",
          "dist/Control.MiniMap.min.css"),
    Asset(_JSD + "leaflet.fullscreen@3.0.0/Control.FullScreen.min.js", "leaflet.fullscreen", "3.0.0",
          "Control.FullScreen.js"),
    Asset(_JSD + "leaflet.fullscreen@3.0.0/Control.FullScreen.css", "leaflet.fullscreen", "3.0.0",
          "Control.FullScreen.css"),
    Asset(_CDNJS + "leaflet.markercluster/1.1.0/leaflet.markercluster.js", "leaflet.markercluster", "1.1.0",
          "dist/leaflet.markercluster.js"),
    Asset(_CDNJS + "leaflet.markercluster/1.1.0/MarkerCluster.css", "leaflet.markercluster", "1.1.0",
          "dist/MarkerCluster.css"),
    Asset(_CDNJS + "leaflet.markercluster/1.1.0/MarkerCluster.Default.css", "leaflet.markercluster", "1.1.0",
          "dist/MarkerCluster.Default.css"),
    # Natural Earth country outlines (TopoJSON) for maps drawn without tiles.
    Asset(WORLD_ATLAS_URL, "world-atlas", "2.0.2", "countries-110m.json"),
    Asset("https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css", optional=True),
    Asset("https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/"
          "leaflet.awesome.rotate.min.css", optional=True),
)  # fmt: skip

_BY_URL = {a.url: a for a in ASSETS}
_JSD_NPM = re.compile(r"^https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")


def asset_for(url: str) -> Asset | None:
    """The :class:`Asset` for a CDN URL: from :data:`ASSETS`, else parsed from a
    ``cdn.jsdelivr.net/npm/PACKAGE@VERSION/PATH`` URL, else ``None``.

    >>> asset_for("https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js").spec
    'leaflet-search@2.9.7'
    >>> asset_for("https://example.org/x.js") is None
    True
    """
    if url in _BY_URL:
        return _BY_URL[url]
    m = _JSD_NPM.match(url)
    if m:
        return Asset(url, m.group(1), m.group(2), m.group(3))
    return None


def local_url(url: str, base_url: str) -> str | None:
    """``url`` rewritten under ``base_url`` (the URL where ``node_modules`` is
    served), or ``None`` when the file has no local source."""
    asset = asset_for(url)
    if asset is None or asset.local is None:
        return None
    return base_url.rstrip("/") + "/" + asset.local


def _children(element: Any) -> Iterator[Any]:
    for child in getattr(element, "_children", {}).values():
        yield child
    for attr in ("header", "html", "script"):
        sub = getattr(element, attr, None)
        if sub is not None and hasattr(sub, "_children"):
            yield sub


def iter_asset_elements(root: Any) -> Iterator[Any]:
    """Every element under ``root`` (itself included) that links JS or CSS files."""
    stack, seen = [root], set()
    while stack:
        el = stack.pop()
        if id(el) in seen:
            continue
        seen.add(id(el))
        if hasattr(el, "default_js") or hasattr(el, "default_css"):
            yield el
        stack.extend(reversed(list(_children(el))))


def asset_urls(root: Any) -> list[str]:
    """The JS and CSS URLs the elements under ``root`` will link, in order, once each."""
    out: dict[str, None] = {}
    for el in iter_asset_elements(root):
        for _, url in list(getattr(el, "default_js", [])) + list(getattr(el, "default_css", [])):
            out[url] = None
    return list(out)


def localize(root: Any, base_url: str, *, on_missing: str = "warn") -> Any:
    """Point every JS/CSS link under a folium element at ``base_url``.

    Call it on a map before it is rendered or saved. Links that have no local
    source are dropped (an offline page cannot load them anyway);
    ``on_missing`` says what else happens then: ``"warn"`` (a ``UserWarning``),
    ``"ignore"`` or ``"raise"`` (:class:`~geomap.errors.OutputError`);
    :attr:`Asset.optional` files are dropped quietly. Returns ``root``.
    """
    if on_missing not in ("warn", "ignore", "raise"):
        raise ValueError(f"on_missing must be 'warn', 'ignore' or 'raise', not {on_missing!r}")
    missing: list[str] = []

    def rewrite(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        out = []
        for name, url in pairs:
            new = url if url.startswith(base_url) else local_url(url, base_url)
            if new is None:
                asset = asset_for(url)
                if not (asset and asset.optional):
                    missing.append(url)
                continue
            out.append((name, new))
        return out

    for el in iter_asset_elements(root):
        # Instance attributes shadow the class lists, which stay untouched.
        el.default_js = rewrite(getattr(el, "default_js", []))
        el.default_css = rewrite(getattr(el, "default_css", []))
    if missing:
        msg = "no local copy of " + ", ".join(sorted(set(missing))) + "; dropped from the page"
        if on_missing == "raise":
            raise OutputError(msg)
        if on_missing == "warn":
            warnings.warn(msg, UserWarning, stacklevel=2)
    return root


def npm_specs(urls: Iterable[str] | None = None) -> list[str]:
    """The npm install specs for ``urls`` (default: all of :data:`ASSETS`).

    >>> "leaflet@1.9.3" in npm_specs()
    True
    """
    assets = [asset_for(u) for u in urls] if urls is not None else list(ASSETS)
    specs: dict[str, str] = {}
    for a in assets:
        if a is not None and a.package and a.package not in specs:
            specs[a.package] = a.spec  # type: ignore[assignment]
    return list(specs.values())


def missing_files(node_modules: str | Path, urls: Iterable[str] | None = None) -> list[str]:
    """The local paths (relative to ``node_modules``) of ``urls`` that are absent."""
    root = Path(node_modules)
    assets = [asset_for(u) for u in urls] if urls is not None else list(ASSETS)
    return [a.local for a in assets if a is not None and a.local and not (root / a.local).is_file()]


def install(
    target: str | Path,
    *,
    specs: Sequence[str] | None = None,
    npm: str = "npm",
    run: Callable[..., Any] = subprocess.run,
    timeout: float = 600,
) -> Path:
    """Install the npm packages behind :data:`ASSETS` into ``target/node_modules``.

    Skips the install when every file is already there. ``run`` is called like
    :func:`subprocess.run` (inject a fake in tests). Returns the
    ``node_modules`` path; raises :class:`~geomap.errors.OutputError` when npm
    is missing or fails.
    """
    target = Path(target)
    node_modules = target / "node_modules"
    if specs is None and not missing_files(node_modules):
        return node_modules
    exe = shutil.which(npm) or (npm if Path(npm).is_file() else None)
    if exe is None:
        raise OutputError(f"cannot install map assets: {npm!r} was not found on PATH")
    target.mkdir(parents=True, exist_ok=True)
    cmd = [exe, "install", "--prefix", str(target), "--no-save", "--no-package-lock", "--no-audit",
           "--no-fund", "--ignore-scripts", "--loglevel=error", *(specs or npm_specs())]  # fmt: skip
    log.info("installing map assets: %s", " ".join(cmd))
    try:
        proc = run(cmd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OutputError(f"npm install failed: {exc}") from exc
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-5:]
        raise OutputError(f"npm install exited {proc.returncode}: " + " | ".join(tail))
    absent = missing_files(node_modules) if specs is None else []
    if absent:
        raise OutputError("npm install finished but these files are missing: " + ", ".join(absent))
    return node_modules


#: Where :func:`ensure` looks for an existing ``node_modules`` when npm cannot
#: install one: the working directory, the home directory and npm's usual global roots.
FALLBACK_DIRS: tuple[str, ...] = (
    "node_modules",
    "~/node_modules",
    "/usr/local/lib/node_modules",
    "/usr/lib/node_modules",
)


def default_cache_dir() -> Path:
    """Where :func:`ensure` keeps its copy: ``assets/`` in geomap's cache folder
    (:attr:`geomap.config.Settings.cache_dir`, the user cache dir of platformdirs
    unless ``GEOMAP_CACHE_DIR`` says otherwise)."""
    from ..config import Settings

    return Path(Settings.from_env().cache_dir) / "assets"


def ensure(
    cache_dir: str | Path | None = None,
    *,
    fallbacks: Iterable[str | Path] = FALLBACK_DIRS,
    installer: Callable[[Path], Path] | None = None,
) -> Path:
    """A ``node_modules`` folder holding every file of :data:`ASSETS`.

    The copy in ``cache_dir`` (default :func:`default_cache_dir`) is used when
    complete; otherwise it is installed there with npm (once: later calls find
    it). When npm is missing or fails, the first complete folder among
    ``fallbacks`` is used instead. ``installer(target)`` replaces
    :func:`install` (inject a fake in tests).

    Raises
    ------
    OutputError
        Nothing complete was found and npm could not install the packages.
    """
    target = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    node_modules = target / "node_modules"
    if not missing_files(node_modules):
        return node_modules
    try:
        return (installer or install)(target)
    except OutputError as exc:
        failure = exc
    tried = []
    for folder in fallbacks:
        path = Path(folder).expanduser()
        if path.name != "node_modules" and (path / "node_modules").is_dir():
            path = path / "node_modules"
        tried.append(str(path))
        if path.is_dir() and not missing_files(path):
            log.warning("map assets: %s; using the copy in %s", failure, path)
            return path
    raise OutputError(
        f"a self-contained map needs Leaflet and its plugins from npm, but they could not be "
        f"installed into {node_modules} ({failure}) and no complete copy was found in "
        f"{', '.join(tried) or 'any fallback folder'}. Install Node.js and npm, or run "
        f"'python -m geomap.render.assets install DIR' where the npm registry is reachable "
        f"and pass node_modules='DIR/node_modules'."
    ) from failure


def _main(argv: Sequence[str]) -> int:
    usage = "usage: python -m geomap.render.assets (install DIR | ensure | specs)"
    if argv[:1] == ["specs"]:
        print("\n".join(npm_specs()))
        return 0
    if argv == ["ensure"]:
        print(ensure())
        return 0
    if len(argv) == 2 and argv[0] == "install":
        print(install(argv[1]))
        return 0
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main(sys.argv[1:]))
