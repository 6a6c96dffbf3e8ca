"""Importing folium quickly (about half a second less on each ``geomap map``).

Three things make ``import folium`` plus its plugins slow that a map does not
need:

- ``from folium.plugins import X`` runs ``folium/plugins/__init__.py``, which
  imports all forty-odd plugins and compiles every one of their templates.
  :func:`plugin` (and this module's attributes ``Fullscreen``,
  ``MarkerCluster``, ``MiniMap``, ``PolyLineTextPath``) load only the plugin
  module asked for. They are the very same classes: the modules are registered
  under their usual names in ``sys.modules``.
- ``folium.utilities`` imports pandas (a quarter of a second) only to ask
  whether a location is a DataFrame. :func:`import_folium` imports folium
  without it and gives ``folium.utilities`` a stand-in that answers with the
  real pandas as soon as pandas is imported by anyone: no object can be a
  DataFrame before that, so folium behaves exactly as before.
- folium and branca compile the Jinja template of every class they define
  while their modules are imported (about fifty, a map renders a dozen).
  Templates made while :func:`import_folium` or :func:`plugin` imports them
  are :class:`LazyTemplate` stand-ins, compiled the first time they are used
  (in any thread); templates made at any other time are untouched.

And when a map is written, branca compiles the JavaScript of every marker,
popup and line as a template of its own; :func:`plain_templates` skips that
for sources with no Jinja syntax, which render as themselves.

>>> from geomap.render.folium_import import PolyLineTextPath
>>> PolyLineTextPath.__module__
'folium.plugins.polyline_text_path'

When folium or ``folium.plugins`` is already imported, or a plugin file is not
where this folium version keeps it, the regular imports are used.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["import_folium", "plugin", "plain_templates", "LazyTemplate", "PlainTemplate", "Fullscreen", "MarkerCluster", "MiniMap", "PolyLineTextPath"]

#: Plugin class -> the module of ``folium.plugins`` that defines it.
PLUGIN_MODULES = {
    "Fullscreen": "fullscreen",
    "MarkerCluster": "marker_cluster",
    "MiniMap": "minimap",
    "PolyLineTextPath": "polyline_text_path",
}

_lock = threading.RLock()


class _NoPandasHere(importlib.abc.MetaPathFinder):
    """Makes ``import pandas`` fail, in one thread only, while folium is imported."""

    def __init__(self, thread: int) -> None:
        self.thread = thread

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if (name == "pandas" or name.startswith("pandas.")) and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"{name} is deferred while folium is imported", name=name)
        return None


class _Never:
    """A class nothing is an instance of."""


class PandasWhenLoaded:
    """Stands in for the ``pandas`` module inside ``folium.utilities``.

    Attribute lookups go to the real pandas once it is imported; before that,
    ``DataFrame`` and ``Series`` are a class nothing is an instance of (no
    DataFrame can exist before pandas is imported).

    >>> isinstance(object(), PandasWhenLoaded().DataFrame)
    False
    """

    def __bool__(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        pd = sys.modules.get("pandas")
        if pd is not None:
            return getattr(pd, name)
        if name in ("DataFrame", "Series", "Index"):
            return _Never
        return getattr(importlib.import_module("pandas"), name)

    def __repr__(self) -> str:
        return "<pandas, imported when first needed>"


class LazyTemplate:
    """A Jinja template compiled the first time one of its attributes is used
    (``render``, ``module``...); ``cls(*args, **kwargs)`` makes the real one.

    >>> import jinja2
    >>> t = LazyTemplate(jinja2.Template, ("Hi {{ name }}",), {})
    >>> t.render(name="Ana")
    'Hi Ana'
    """

    __slots__ = ("_make", "_real")

    def __init__(self, cls: type, args: tuple, kwargs: dict) -> None:
        self._make = (cls, args, kwargs)
        self._real: Any = None

    @property
    def real(self) -> Any:
        """The compiled template."""
        real = self._real
        if real is None:
            with _lock:
                if self._real is None:
                    cls, args, kwargs = self._make
                    self._real = _TEMPLATE_NEW[0](cls, *args, **kwargs)
                real = self._real
        return real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __repr__(self) -> str:
        return f"<LazyTemplate, {'compiled' if self._real is not None else 'not compiled yet'}>"


class PlainTemplate(LazyTemplate):
    """A template source with no Jinja syntax in it: rendering it gives the
    source back (less one trailing newline, as Jinja does) without compiling
    it; anything else (``module``...) compiles it first.

    >>> import jinja2
    >>> PlainTemplate(jinja2.Template, ("var a = {x: 1};\\n",), {}).render(this=None)
    'var a = {x: 1};'
    """

    __slots__ = ()

    def render(self, *args: Any, **kwargs: Any) -> str:
        source = self._make[1][0]
        return source[:-1] if source.endswith("\n") else source


def is_plain(source: Any) -> bool:
    """Whether Jinja would render ``source`` (with default delimiters) as itself.

    >>> is_plain("L.marker([1, 2]).addTo(map_1);"), is_plain("{{ this.x }}")
    (True, False)
    """
    return isinstance(source, str) and "\r" not in source and not any(
        d in source for d in ("{{", "{%", "{#"))


#: ``jinja2.Template.__new__`` as jinja2 defines it (set by :class:`_templates`).
_TEMPLATE_NEW: list[Any] = []


class _templates:
    """While active, ``jinja2.Template(...)`` (and subclasses) called in this
    thread returns a :class:`LazyTemplate` (``mode="lazy"``), or a
    :class:`PlainTemplate` for sources without Jinja syntax (``mode="plain"``);
    other threads are unaffected."""

    def __init__(self, mode: str = "lazy") -> None:
        self.mode = mode

    def __enter__(self) -> None:
        import jinja2

        if not _TEMPLATE_NEW:
            _TEMPLATE_NEW.append(jinja2.Template.__new__)
        self._saved = jinja2.Template.__dict__["__new__"]
        original, thread, lazy = _TEMPLATE_NEW[0], threading.get_ident(), self.mode == "lazy"

        def new(cls: type, *args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() == thread:
                if lazy:
                    return LazyTemplate(cls, args, kwargs)
                if len(args) == 1 and not kwargs and is_plain(args[0]):
                    return PlainTemplate(cls, args, kwargs)
            return original(cls, *args, **kwargs)

        jinja2.Template.__new__ = new  # type: ignore[method-assign]

    def __exit__(self, *exc: Any) -> None:
        import jinja2

        jinja2.Template.__new__ = self._saved  # type: ignore[method-assign]


def _lazy_templates() -> _templates:
    return _templates("lazy")


def plain_templates() -> _templates:
    """A context in which templates without Jinja syntax made in this thread
    are not compiled (see :class:`PlainTemplate`).

    branca turns the JavaScript each folium element renders into an
    ``Element(...)``, i.e. a new Jinja template, one per marker, popup and
    line: wrapping ``figure.render()`` in this context skips compiling them.
    """
    return _templates("plain")


def import_folium() -> ModuleType:
    """``import folium`` without importing pandas before it is needed (see the
    module's docstring); returns the folium module."""
    with _lock:
        if "folium" in sys.modules:
            return sys.modules["folium"]
        if "pandas" in sys.modules:
            return importlib.import_module("folium")
        blocker = _NoPandasHere(threading.get_ident())
        sys.meta_path.insert(0, blocker)
        try:
            with _lazy_templates():
                folium = importlib.import_module("folium")
        finally:
            sys.meta_path.remove(blocker)
        utilities = sys.modules.get("folium.utilities")
        if utilities is not None and getattr(utilities, "pd", None) is None:
            utilities.pd = PandasWhenLoaded()
        return folium


def _plugin_module(name: str) -> ModuleType:
    full = f"folium.plugins.{name}"
    with _lock:
        mod = sys.modules.get(full)
        if mod is not None:
            return mod
        if "folium.plugins" in sys.modules:
            return importlib.import_module(full)
        folium = import_folium()
        path = Path(folium.__file__).parent / "plugins" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(full, path)
        if spec is None or spec.loader is None or not path.is_file():
            return importlib.import_module(full)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[full] = mod
        try:
            with _lazy_templates():
                spec.loader.exec_module(mod)
        except BaseException:
            del sys.modules[full]
            raise
        return mod


def plugin(cls_name: str) -> Any:
    """The class ``folium.plugins.<cls_name>``, loading only its own module
    when it is one of :data:`PLUGIN_MODULES` (else through ``folium.plugins``).

    >>> plugin("Fullscreen").__name__
    'Fullscreen'
    """
    name = PLUGIN_MODULES.get(cls_name)
    if name is None:
        import_folium()
        return getattr(importlib.import_module("folium.plugins"), cls_name)
    return getattr(_plugin_module(name), cls_name)


def __getattr__(cls_name: str) -> Any:
    if cls_name in PLUGIN_MODULES:
        return plugin(cls_name)
    raise AttributeError(f"module {__name__!r} has no attribute {cls_name!r}")
