"""Importing folium without pandas and without all of folium.plugins (fresh interpreters)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    res = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


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
