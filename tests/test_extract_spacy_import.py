"""Importing spaCy with its CLI deferred (fresh interpreters)."""

from __future__ import annotations

from cli_run import run_python as _run


def test_spacy_is_imported_without_its_cli_and_still_works():
    out = _run(
        """
        import sys
        from geomap.extract.spacy_import import LazyModule, import_spacy
        spacy = import_spacy()
        nlp = spacy.blank("en")
        doc = nlp("Ana flew from Lisbon to Porto.")
        print(len(doc), isinstance(sys.modules["spacy.cli"], LazyModule), "typer" in sys.modules)
        """
    )
    assert out == "7 True False"


def test_the_cli_is_imported_when_first_used():
    out = _run(
        """
        import sys, types
        from geomap.extract.spacy_import import LazyModule, import_spacy
        spacy = import_spacy()
        from spacy.cli import download
        import spacy.cli
        real = sys.modules["spacy.cli"]
        print(callable(download), type(real) is types.ModuleType, spacy.cli is real,
              download is real.download, "typer" in sys.modules)
        """
    )
    assert out == "True True True True True"


def test_spacy_info_forwards_to_the_real_function():
    out = _run(
        """
        from geomap.extract.spacy_import import import_spacy
        spacy = import_spacy()
        info = spacy.info(silent=True)
        print(info["spacy_version"] == spacy.__version__)
        """
    )
    assert out == "True"


def test_plain_import_when_spacy_is_already_there():
    out = _run(
        """
        import sys, types
        import spacy
        from geomap.extract.spacy_import import import_spacy
        print(import_spacy() is spacy, type(sys.modules["spacy.cli"]) is types.ModuleType)
        """
    )
    assert out == "True True"


def test_load_model_uses_the_deferred_import():
    out = _run(
        """
        import sys
        from geomap.extract import ner
        print(ner.disabled_by_default("no-such-model-package"), "spacy" in sys.modules,
              "typer" in sys.modules)
        """
    )
    assert out == "[] True False"
