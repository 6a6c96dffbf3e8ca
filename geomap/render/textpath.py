"""Text along a folium ``PolyLine`` (the ► that shows a leg's direction).

The same element as ``folium.plugins.PolyLineTextPath`` (same Leaflet.TextPath
script, same JavaScript), defined here because importing anything from
``folium.plugins`` imports every plugin and compiles all their templates,
a third of a second on every ``geomap map`` run.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from folium.utilities import remove_empty

__all__ = ["PolyLineTextPath"]


class PolyLineTextPath(JSCSSMixin, MacroElement):
    """Show ``text`` along ``polyline`` (see https://github.com/makinacorpus/Leaflet.TextPath).

    Parameters are those of ``folium.plugins.PolyLineTextPath``: ``repeat``,
    ``center``, ``below``, ``offset``, ``orientation`` and the SVG ``attributes``
    of the text.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.polyline.get_name() }}.setText(
                {{ this.text|tojson }},
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    default_js = [
        ("polylinetextpath", "https://cdn.jsdelivr.net/npm/leaflet-textpath@1.2.3/leaflet.textpath.min.js"),
    ]

    def __init__(
        self,
        polyline: Any,
        text: str,
        repeat: bool = False,
        center: bool = False,
        below: bool = False,
        offset: int = 0,
        orientation: int = 0,
        attributes: dict | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self._name = "PolyLineTextPath"
        self.polyline = polyline
        self.text = text
        self.options = remove_empty(
            repeat=repeat,
            center=center,
            below=below,
            offset=offset,
            orientation=orientation,
            attributes=attributes,
            **kwargs,
        )
