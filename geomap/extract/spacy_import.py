"""Importing spaCy without its command-line interface (about 0.2 s less on each start).

``spacy/__init__.py`` runs ``from .cli.info import info``, which imports the
whole ``spacy.cli`` package: every command of spaCy's CLI and with them typer,
requests, httpx and weasel, none of which loading or running a pipeline needs.
:func:`import_spacy` imports spaCy with ``spacy.cli`` and ``spacy.cli.info``
standing in as lazy modules: the first attribute looked up on either
(``spacy.cli.download``, ``from spacy.cli import train``, a call of
``spacy.info()``) imports the real package and answers from it, so spaCy
behaves as before, only later.

>>> spacy = import_spacy()
>>> callable(spacy.load)
True

When spaCy is already imported (by the caller, before geomap), this is a
plain ``import spacy``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import threading
import types
from typing import Any

__all__ = ["import_spacy", "LazyModule"]

#: The modules of spaCy imported only when first used.
LAZY = ("spacy.cli", "spacy.cli.info")

_lock = threading.RLock()


class LazyModule(types.ModuleType):
    """Stands in for a module of :data:`LAZY` until one of its attributes is
    looked up; then the real module is imported and answers.

    >>> LazyModule("json").dumps([1])
    '[1]'
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(real_module(self.__name__), name)


def real_module(name: str) -> types.ModuleType:
    """The real module ``name``, imported now if a :class:`LazyModule` stood in
    for it (the other stand-ins of :data:`LAZY` are dropped too)."""
    with _lock:
        mod = sys.modules.get(name)
        if mod is not None and not isinstance(mod, LazyModule):
            return mod
        for lazy in LAZY:
            if isinstance(sys.modules.get(lazy), LazyModule):
                del sys.modules[lazy]
        return importlib.import_module(name)


def _info(*args: Any, **kwargs: Any) -> Any:
    return real_module("spacy.cli.info").info(*args, **kwargs)


_info.__doc__ = "spaCy's ``spacy.info``, imported when first called."
_info.__name__ = _info.__qualname__ = "info"


class _Loader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return LazyModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        if module.__name__ == "spacy.cli.info":
            module.info = _info  # type: ignore[attr-defined]


class _LazyCliFinder(importlib.abc.MetaPathFinder):
    """Answers for :data:`LAZY` with stand-ins, in the importing thread only."""

    def __init__(self, thread: int) -> None:
        self.thread = thread

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name not in LAZY or threading.get_ident() != self.thread:
            return None
        real = importlib.machinery.PathFinder.find_spec(name, path)
        if real is None:  # not where this spaCy version keeps it: import it as usual
            return None
        spec = importlib.machinery.ModuleSpec(name, _Loader(), origin=real.origin,
                                              is_package=real.submodule_search_locations is not None)
        if real.submodule_search_locations is not None:
            spec.submodule_search_locations = list(real.submodule_search_locations)
        return spec


def import_spacy(*, lazy_cli: bool = True) -> types.ModuleType:
    """``import spacy``, with ``spacy.cli`` imported only when first used.

    Parameters
    ----------
    lazy_cli
        ``False`` is a plain ``import spacy``.

    Returns
    -------
    module
        The ``spacy`` module.
    """
    with _lock:
        if "spacy" in sys.modules or not lazy_cli:
            return importlib.import_module("spacy")
        finder = _LazyCliFinder(threading.get_ident())
        sys.meta_path.insert(0, finder)
        try:
            return importlib.import_module("spacy")
        finally:
            sys.meta_path.remove(finder)
