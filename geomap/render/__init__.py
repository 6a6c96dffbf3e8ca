"""Outputs: none of them computes anything, they lay out a :class:`~geomap.models.Result`.

- :mod:`geomap.render.formats`: the JSON record (the output contract), JSON
  Lines, CSV, a pandas DataFrame and GeoJSON;
- :mod:`geomap.render.folium_map`: the folium (Leaflet) map;
- :mod:`geomap.render.panel`: the map's side panel of stops in travel order;
- :mod:`geomap.render.assets`: where the map's JavaScript and CSS come from
  (npm packages) and serving them without a CDN;
- :mod:`geomap.render.inline`: putting them inside the page (self-contained maps);
- :mod:`geomap.render.outlines`: Natural Earth country outlines for maps without tiles;
- :mod:`geomap.render.geometry`: longitudes across the antimeridian.

Names are imported on first use, so ``import geomap.render`` loads neither
pandas nor folium.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "to_record": "formats",
    "to_jsonl_line": "formats",
    "write_jsonl": "formats",
    "to_dataframe": "formats",
    "to_csv": "formats",
    "to_geojson": "formats",
    "write_csv": "formats",
    "write_geojson": "formats",
    "write_json": "formats",
    "render_map": "folium_map",
    "save_map": "folium_map",
    "FoliumRenderer": "folium_map",
    "localize": "assets",
    "inline": "inline",
    "country_outlines": "outlines",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
