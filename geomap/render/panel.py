"""The side panel: the route's stops in travel order, with dates and evidence.

Each entry shows the stop's number, name, role, ``when`` and the sentence that
supports it (the mention highlighted when the evidence is the mention's own
sentence). Clicking an entry (or pressing Enter on it) flies the map to the
stop and opens its marker's popup, first showing the marker's layer if it was
switched off.

All text from the article goes through :func:`geomap.render.folium_map.escape`
(HTML, JavaScript template literal and Jinja safe) before it reaches the page.

>>> from geomap.models import Mention, Place, Role, Stop, Candidate
>>> m = Mention(10, 15, "Turin", "They reached Turin.", 0, 19)
>>> s = Stop(Place(m, Candidate("Turin", 45.07, 7.69)), Role.STOP, 1, evidence="<b>x</b>")
>>> html = entry_html(s, 0, 1)
>>> "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..models import Role, Stop

__all__ = ["PanelTarget", "entry_html", "panel_html", "side_panel", "PANEL_CSS"]


@dataclass(frozen=True)
class PanelTarget:
    """What an entry points at: the JavaScript names of a marker and of the
    layer holding it (both made by folium, never article text)."""

    marker: str
    layer: str | None = None


def _escape(text: Any) -> str:
    from .folium_map import escape

    return escape(text)


def _evidence_html(stop: Stop) -> str:
    from .folium_map import js_safe

    evidence = stop.evidence or ""
    if not evidence:
        return ""
    for p in (stop.place, *stop.places):
        if p.mention.sentence and p.mention.sentence.strip() == evidence.strip():
            return js_safe(p.mention.sentence_html())
    return _escape(evidence)


def entry_html(stop: Stop, index: int, seq: int) -> str:
    """One ``<li>`` of the panel (escaped markup) for ``stop``, the ``index``-th
    entry, numbered ``seq``."""
    from .folium_map import ROLE_COLOURS

    role = stop.role
    classes = "geomap-stop geomap-panel-seq"
    if role is Role.PLANNED:
        classes += " geomap-planned"
    if stop.inferred:
        classes += " geomap-inferred"
    facts = [role.value]
    if stop.inferred:
        facts.append("inferred")
    facts.append(f"confidence {stop.confidence:.2f}")
    parts = [
        f'<li class="geomap-panel-entry geomap-role-{role.value}" data-index="{int(index)}" tabindex="0" '
        f'role="button" title="Show on the map">',
        f'<span class="{classes}" style="background:{ROLE_COLOURS[role]}">{int(seq)}</span>',
        '<div class="geomap-panel-body">',
        f'<div class="geomap-panel-name">{_escape(stop.name)}</div>',
        f'<div class="geomap-panel-facts">{_escape(" · ".join(facts))}</div>',
    ]
    if stop.when:
        parts.append(f'<div class="geomap-panel-when">{_escape(stop.when)}</div>')
    evidence = _evidence_html(stop)
    if evidence:
        parts.append(f'<div class="geomap-panel-evidence">{evidence}</div>')
    parts.append("</div></li>")
    return "".join(parts)


def panel_html(stops: Sequence[Stop], seqs: Sequence[int] | None = None, *, title: str = "Route") -> str:
    """The whole panel (escaped markup): a header with a fold button and the list."""
    seqs = list(seqs) if seqs is not None else [s.seq or i + 1 for i, s in enumerate(stops)]
    n = len(stops)
    head = (
        '<div class="geomap-panel-head">'
        f'<span class="geomap-panel-title">{_escape(title)}: {n} stop{"s" if n != 1 else ""}</span>'
        '<button type="button" class="geomap-panel-toggle" aria-expanded="true" '
        'title="Fold or unfold the list">&#8722;</button></div>'
    )
    items = "".join(entry_html(s, i, q) for i, (s, q) in enumerate(zip(stops, seqs)))
    return head + f'<ol class="geomap-panel-list">{items}</ol>'


PANEL_CSS = """
.geomap-panel{width:300px;max-width:42vw;padding:6px 8px;}
.geomap-panel-head{display:flex;align-items:center;justify-content:space-between;font-weight:bold;font-size:13px;}
.geomap-panel-toggle{border:1px solid #bbb;background:#fff;border-radius:3px;width:22px;height:22px;
  line-height:18px;padding:0;cursor:pointer;font-size:14px;}
.geomap-panel-list{list-style:none;margin:6px 0 0;padding:0;max-height:52vh;overflow-y:auto;}
.geomap-panel.geomap-folded .geomap-panel-list{display:none;}
.geomap-panel-entry{display:flex;gap:8px;align-items:flex-start;padding:5px 4px;border-top:1px solid #e3e3e3;
  cursor:pointer;border-radius:3px;}
.geomap-panel-entry:hover,.geomap-panel-entry:focus{background:#eef3fb;outline:none;}
.geomap-panel-entry.geomap-active{background:#dde8f8;}
.geomap-panel-entry .geomap-panel-seq{flex:none;height:22px;min-width:22px;font-size:11px;line-height:18px;padding:0 4px;}
.geomap-panel-body{min-width:0;}
.geomap-panel-name{font-weight:bold;font-size:13px;}
.geomap-panel-facts{color:#666;font-size:11px;}
.geomap-panel-when{color:#1a237e;font-size:12px;}
.geomap-panel-evidence{color:#333;font-size:12px;margin-top:2px;}
"""

_PANEL = """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var targets = [{% for t in this.targets %}[{{ t.marker }}, {{ t.layer or "null" }}]{% if not loop.last %}, {% endif %}{% endfor %}];
  var control = L.control({position: {{ this.position|tojson }}});
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "geomap-box geomap-panel");
    div.innerHTML = {{ this.markup|tojson }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  control.addTo(map);
  var root = control.getContainer();
  var entries = Array.prototype.slice.call(root.querySelectorAll(".geomap-panel-entry"));
  var pending = null, token = 0;
  function show(i) {
    var t = targets[i];
    if (!t) { return; }
    var marker = t[0], layer = t[1];
    if (layer && !map.hasLayer(layer)) { map.addLayer(layer); }
    entries.forEach(function (el, j) { el.classList.toggle("geomap-active", j === i); });
    if (pending) { map.off("moveend", pending); }
    var mine = ++token;
    pending = function () {
      map.off("moveend", pending);
      pending = null;
      if (mine === token) { token++; marker.openPopup(); }
    };
    map.closePopup();
    map.on("moveend", pending);
    map.flyTo(marker.getLatLng(), Math.max(map.getZoom(), {{ this.zoom|tojson }}), {duration: {{ this.duration|tojson }}});
    var late = pending;
    window.setTimeout(function () { if (pending === late) { late(); } }, 1000 * {{ this.duration|tojson }} + 1500);
  }
  entries.forEach(function (el) {
    var i = parseInt(el.getAttribute("data-index"), 10);
    el.addEventListener("click", function () { show(i); });
    el.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(i); }
    });
  });
  var toggle = root.querySelector(".geomap-panel-toggle");
  toggle.addEventListener("click", function () {
    var folded = root.classList.toggle("geomap-folded");
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    toggle.innerHTML = folded ? "+" : "&#8722;";
  });
})();
{% endmacro %}
"""


def side_panel(
    stops: Sequence[Stop],
    targets: Sequence[PanelTarget],
    *,
    seqs: Sequence[int] | None = None,
    position: str = "topright",
    zoom: int = 6,
    duration: float = 0.8,
) -> Any:
    """A branca element drawing the panel; add it to the map after the markers.

    ``targets[i]`` is the marker (and its layer) of ``stops[i]``; ``zoom`` is
    the least zoom the map flies to.
    """
    from .folium_map import _macro

    if len(targets) != len(stops):
        raise ValueError(f"{len(stops)} stops but {len(targets)} targets")
    return _macro(
        _PANEL,
        "geomap_panel",
        markup=panel_html(stops, seqs),
        targets=list(targets),
        position=position,
        zoom=int(zoom),
        duration=float(duration),
    )
