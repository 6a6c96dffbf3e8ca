"""Importing folium without pandas and without all of folium.plugins (fresh interpreters)."""

from __future__ import annotations

from cli_run import run_python as _run


def test_folium_is_imported_without_pandas_and_only_the_plugins_used():
    out = _run(
        """
        import sys
        from geomap.render.folium_import import import_folium, MarkerCluster, PolyLineTextPath
        folium = import_folium()
        m = folium.Map(location=[38.7, -9.1])
        line = folium.PolyLine([[38.7, -9.1], [41.1, -8.6]]).add_to(m)
        PolyLineTextPath(line, "x").add_to(line)
        MarkerCluster().add_to(m)
        m.get_root().render()
        print("pandas" in sys.modules, "folium.plugins" in sys.modules, "folium.plugins.minimap" in sys.modules)
        """
    )
    assert out == "False False False"


def test_folium_still_takes_dataframes_once_pandas_is_imported():
    out = _run(
        """
        from geomap.render.folium_import import import_folium, PolyLineTextPath
        folium = import_folium()
        import pandas as pd
        from folium.utilities import validate_locations
        locs = validate_locations(pd.DataFrame({"lat": [1.0, 2.0], "lon": [3.0, 4.0]}))
        import folium.plugins
        print(locs, folium.plugins.PolyLineTextPath is PolyLineTextPath)
        """
    )
    assert out == "[[1.0, 3.0], [2.0, 4.0]] True"


def test_regular_imports_when_folium_plugins_is_already_there():
    out = _run(
        """
        import folium.plugins
        from geomap.render.folium_import import Fullscreen, import_folium, plugin
        print(Fullscreen is folium.plugins.Fullscreen, import_folium() is folium,
              plugin("Draw") is folium.plugins.Draw)
        """
    )
    assert out == "True True True"


def test_templates_made_while_folium_is_imported_compile_on_first_use():
    out = _run(
        """
        import jinja2
        from geomap.render.folium_import import LazyTemplate, import_folium, MarkerCluster
        folium = import_folium()
        lazy = type(folium.Map._template) is LazyTemplate and type(MarkerCluster._template) is LazyTemplate
        later = jinja2.Template("{{ 1 + 1 }}")
        restored = isinstance(jinja2.Template.__dict__["__new__"], staticmethod)
        before = repr(folium.Marker._template)
        folium.Map(location=[0, 0]).get_root().render()
        print(lazy, type(later) is jinja2.Template, later.render(), restored, before,
              repr(folium.Map._template))
        """
    )
    assert out == ("True True 2 True <LazyTemplate, not compiled yet> <LazyTemplate, compiled>")


def test_lazy_templates_leave_other_threads_alone():
    out = _run(
        """
        import threading, jinja2
        from geomap.render.folium_import import LazyTemplate, _lazy_templates
        made = {}
        with _lazy_templates():
            here = jinja2.Template("a{{ x }}")
            t = threading.Thread(target=lambda: made.setdefault("t", jinja2.Template("b{{ x }}")))
            t.start(); t.join()
        print(type(here) is LazyTemplate, type(made["t"]) is jinja2.Template,
              here.render(x=1), made["t"].render(x=2))
        """
    )
    assert out == "True True a1 b2"


_MAP = """
    import re
    {setup}
    from geomap.render.folium_import import import_folium, MarkerCluster, PolyLineTextPath, Fullscreen
    folium = import_folium()
    m = folium.Map(location=[38.7, -9.1], zoom_start=5)
    line = folium.PolyLine([[38.7, -9.1], [41.1, -8.6]], tooltip="Lisbon to Porto").add_to(m)
    PolyLineTextPath(line, "x").add_to(line)
    cluster = MarkerCluster().add_to(m)
    folium.Marker([38.7, -9.1], popup=folium.Popup("<b>Lisbon</b>"), icon=folium.Icon(color="red")).add_to(cluster)
    Fullscreen().add_to(m)
    folium.LayerControl().add_to(m)
    print(re.sub(r"_[0-9a-f]{{32}}", "_ID", m.get_root().render()))
"""


def test_maps_render_the_same_with_lazy_templates_as_with_regular_imports():
    lazy = _run(_MAP.format(setup=""))
    regular = _run(_MAP.format(setup="import folium, folium.plugins"))
    assert "Lisbon" in lazy and lazy == regular


def test_plain_templates_render_as_jinja_would():
    import jinja2

    from geomap.render.folium_import import PlainTemplate, is_plain, plain_templates

    sources = ["L.marker([1, 2]);\n", "a\n\n", "{ x: 1 } }}", "no newline", "", "{{ 1 + 1 }}", "a\r\nb\n"]
    with plain_templates():
        made = [jinja2.Template(s) for s in sources]
    assert [type(t) is PlainTemplate for t in made] == [is_plain(s) for s in sources]
    assert [t.render(this=None) for t in made] == [jinja2.Template(s).render(this=None) for s in sources]
    assert type(jinja2.Template("x")) is jinja2.Template


def test_written_maps_are_the_same_with_plain_templates(tmp_path):
    import re

    from geomap.render.folium_import import import_folium, plain_templates

    folium = import_folium()

    def page(plain: bool) -> str:
        m = folium.Map(location=[38.7, -9.1])
        folium.Marker([38.7, -9.1], popup="Lisbon {x}", tooltip="a\r\nb").add_to(m)
        folium.PolyLine([[38.7, -9.1], [41.1, -8.6]]).add_to(m)
        out = tmp_path / f"{plain}.html"
        if plain:
            with plain_templates():
                m.save(str(out))
        else:
            m.save(str(out))
        return re.sub(r"_[0-9a-f]{32}", "_ID", out.read_text(encoding="utf-8"))

    assert page(True) == page(False)
