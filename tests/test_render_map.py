"""The folium map, checked in its generated HTML and its element tree (no browser)."""

from __future__ import annotations

import re
import warnings

import folium
import pytest

from factories import (
    PAYLOADS,
    Story,
    candidate,
    crowded,
    empty,
    fake_node_modules,
    hostile,
    journey,
    pacific,
    place,
    result,
    stop,
)
from geomap.errors import OutputError
from geomap.models import Role
from geomap.protocols import Renderer
from geomap.render import assets
from geomap.render.folium_map import FoliumRenderer, escape, js_safe, render_map, save_map


def _blocked(tmp_path):
    """A 'folder' that is a file, so nothing can be written under it."""
    f = tmp_path / "a-file"
    f.write_text("x")
    return f


def _html(m: folium.Map) -> str:
    return m.get_root().render()


def _walk(el):
    yield el
    for child in el._children.values():
        yield from _walk(child)


def _of_type(m, cls):
    return [e for e in _walk(m) if isinstance(e, cls)]


def _stop_labels(html: str) -> list[str]:
    return re.findall(r'class=\\"geomap-stop geomap-role-[^"]*\\" style=\\"[^"]*\\"\\u003e([^\\]*)\\u003c', html)


# -- content -------------------------------------------------------------------------
def test_journey_map_has_markers_route_and_layers():
    m = render_map(journey(), tiles=None)
    assert isinstance(m, folium.Map)
    markers = _of_type(m, folium.Marker)
    assert len(markers) == 6  # Lisbon (named twice), Madrid, Rome, Athens, Brussels, Geneva
    lines = _of_type(m, folium.PolyLine)
    assert len(lines) == 3  # Lisbon→Madrid→Rome, then Rome→Athens (planned)
    assert [ln.options.get("dashArray") for ln in lines] == [None, None, "10 8"]
    groups = [g.layer_name for g in _of_type(m, folium.FeatureGroup)]
    assert groups == ["Route", "Planned stops", "Mentioned places", "Dateline"]
    assert len(_of_type(m, folium.LayerControl)) == 1
    html = _html(m)
    assert _stop_labels(html) == ["1", "2", "3", "4"]
    assert html.count(".setText(") == 3  # a direction arrow on each leg
    assert "fitBounds" in html
    assert "The envoy&#x27;s spring tour" in html or "The envoy&#39;s spring tour" in html
    assert "<title>The envoy&#x27;s spring tour</title>" in html
    assert "geomap-legend" in html and "1 place name not located" in html


def test_unresolved_places_are_not_drawn():
    m = render_map(journey(), tiles=None)
    assert "Zorvania" not in _html(m)


def test_popup_shows_the_highlighted_sentence_and_facts():
    html = _html(render_map(journey(), tiles=None))
    assert 'She stopped in <mark class="geomap-mention">Madrid</mark> for talks' in html
    assert "capital city (P.PPLC)" in html
    assert "40.4165°N, 3.7026°W" in html
    assert "Other candidates" in html and "41.8766°N, 93.8233°W" in html
    assert "Monday morning" in html  # the stop's 'when'
    assert "0.86" in html  # the score


def test_a_place_named_twice_is_one_marker_with_both_sentences():
    html = _html(render_map(journey(), tiles=None))
    assert '<mark class="geomap-mention">Lisbon</mark> declined to comment' in html
    assert '<mark class="geomap-mention">Lisbon</mark> on Monday' in html


def test_round_trip_visits_share_one_numbered_marker():
    s = Story.of("The band left Oslo, played in Bergen and came back to Oslo.")
    oslo = candidate("Oslo", 59.9127, 10.7461, geonameid=3143244, cc="NO")
    a = place(s.mention("Oslo"), oslo)
    b = place(s.mention("Bergen"), candidate("Bergen", 60.392, 5.328, geonameid=3161732, cc="NO"))
    c = place(s.mention("Oslo", 1), oslo)
    r = result(s, [a, b, c], [stop(a, Role.ORIGIN, 1), stop(b, Role.STOP, 2), stop(c, Role.DESTINATION, 3)])
    m = render_map(r, tiles=None)
    assert len(_of_type(m, folium.Marker)) == 2
    assert _stop_labels(_html(m)) == ["1,3", "2"]
    assert len(_of_type(m, folium.PolyLine)) == 2


def test_stops_without_seq_are_numbered_in_route_order():
    s = Story.of("Riders went from Ghent to Lille and on to Reims.")
    names = {"Ghent": (51.05, 3.7167), "Lille": (50.633, 3.0586), "Reims": (49.25, 4.0333)}
    ps = [place(s.mention(n), candidate(n, *ll)) for n, ll in names.items()]
    r = result(s, ps, [stop(ps[0], Role.ORIGIN), stop(ps[1], Role.STOP), stop(ps[2], Role.DESTINATION)])
    html = _html(render_map(r, tiles=None))
    assert _stop_labels(html) == ["1", "2", "3"]
    assert "3. Reims (destination)" in html


def test_antimeridian_leg_goes_east_across_180():
    m = render_map(pacific(), tiles=None)
    lines = _of_type(m, folium.PolyLine)
    lons = [lines[0].locations[0][1], lines[0].locations[-1][1], lines[1].locations[-1][1]]
    assert lons[0] == pytest.approx(131.8735)
    assert lons[1] == pytest.approx(-149.9003 + 360)
    assert lons[2] == pytest.approx(-122.3321 + 360)
    # Great circles: every step is short and goes east, and the first leg bows north.
    for line in lines:
        steps = [b[1] - a[1] for a, b in zip(line.locations, line.locations[1:])]
        assert len(steps) == 31 and all(0 < d < 10 for d in steps)
    assert max(pt[0] for pt in lines[0].locations) > 61.2181
    markers = {round(mk.location[1], 4) for mk in _of_type(m, folium.Marker)}
    assert markers == {131.8735, 210.0997, 237.6679, 139.6917}  # Tokyo stays beside the route
    assert lines[1].options.get("dashArray") == "10 8"  # inferred destination


def test_empty_result_shows_a_note():
    m = render_map(empty(), tiles=None)
    html = _html(m)
    assert "No places found" in html
    assert not _of_type(m, folium.Marker)
    assert "fitBounds" not in html


def test_only_unresolved_places_shows_the_note_and_the_count():
    s = Story.of("Nobody knew where Qelvaria was.")
    m = render_map(result(s, [place(s.mention("Qelvaria"))]), tiles=None)
    html = _html(m)
    assert "No places found" in html and "1 place name not located" in html


def test_demonyms_are_not_drawn():
    s = Story.of("Danish sailors reached Aarhus.")
    try:
        danish = s.mention("Danish", kind="demonym")
    except TypeError:
        pytest.skip("Mention has no 'kind' field in this tree")
    dem = place(danish, candidate("Denmark", 56.0, 10.0, cc="DK", fclass="A", fcode="PCLI"))
    city = place(s.mention("Aarhus"), candidate("Aarhus", 56.1567, 10.2108, cc="DK"))
    m = render_map(result(s, [dem, city]), tiles=None)
    assert len(_of_type(m, folium.Marker)) == 1
    html = _html(m)
    assert "A.PCLI" not in html and "56.0000°N" not in html


def test_title_option_overrides_the_article_title():
    html = _html(render_map(journey(), tiles=None, title="My <b>map</b>"))
    assert "My &lt;b&gt;map&lt;/b&gt;" in html and "<b>map</b>" not in html


def test_folium_options_pass_through():
    m = render_map(journey(), tiles=None, width=640, height=480, control_scale=True)
    assert m.width == (640, "px") and m.height == (480, "px")
    assert "L.control.scale" in _html(m)


# -- the side panel, clusters, controls, popups ----------------------------------------
def _panel_markup(html: str) -> str:
    """The panel's markup as the page will see it (decoded from its JSON string)."""
    import json

    m = re.search(r'"geomap-box geomap-panel"\);\s*div\.innerHTML = ("(?:[^"\\]|\\.)*");', html)
    assert m, "no panel in the page"
    return json.loads(m.group(1))


def test_panel_lists_stops_in_travel_order_with_dates_and_evidence():
    m = render_map(journey(), tiles=None)
    markup = _panel_markup(_html(m))
    names = re.findall(r'class="geomap-panel-name">([^<]*)<', markup)
    assert names == ["Lisbon", "Madrid", "Rome", "Athens"]
    assert re.findall(r'data-index="(\d+)"', markup) == ["0", "1", "2", "3"]
    assert re.findall(r'class="geomap-panel-when">([^<]*)<', markup) == ["Monday morning", "Wednesday", "next month"]
    assert '<mark class="geomap-mention">Madrid</mark> for talks' in markup
    assert "Route: 4 stops" in markup


def test_panel_entries_point_at_their_markers_and_layers():
    m = render_map(journey(), tiles=None)
    html = _html(m)
    markers = {mk.get_name(): mk for mk in _of_type(m, folium.Marker)}
    groups = {g.layer_name: g.get_name() for g in _of_type(m, folium.FeatureGroup)}
    targets = re.search(r"var targets = \[(.*?)\];", html).group(1)
    pairs = re.findall(r"\[(\w+), (\w+)\]", targets)
    assert len(pairs) == 4 and all(mk in markers for mk, _ in pairs)
    assert [markers[mk].location for mk, _ in pairs] == [[38.7167, -9.1333], [40.4165, -3.7026],
                                                         [41.8919, 12.5113], [37.9838, 23.7278]]  # fmt: skip
    assert [g for _, g in pairs] == [groups["Route"]] * 3 + [groups["Planned stops"]]
    assert "flyTo(marker.getLatLng()" in html and "marker.openPopup()" in html


def test_panel_numbers_a_revisited_place_twice():
    s = Story.of("The team left Oslo for Bergen and came back to Oslo.")
    oslo = candidate("Oslo", 59.9127, 10.7461, geonameid=3143244, cc="NO")
    a, b, c = place(s.mention("Oslo"), oslo), place(s.mention("Bergen"), candidate("Bergen", 60.392, 5.328)), place(
        s.mention("Oslo", 1), oslo
    )
    r = result(s, [a, b, c], [stop(a, Role.ORIGIN, 1), stop(b, Role.STOP, 2), stop(c, Role.DESTINATION, 3)])
    markup = _panel_markup(_html(render_map(r, tiles=None)))
    assert re.findall(r'geomap-panel-seq"[^>]*>(\d+)<', markup) == ["1", "2", "3"]
    assert re.findall(r'class="geomap-panel-name">([^<]*)<', markup) == ["Oslo", "Bergen", "Oslo"]


def test_no_panel_without_a_route_or_when_turned_off():
    def has_panel(m):
        return "geomap-box geomap-panel" in _html(m)

    assert has_panel(render_map(journey(), tiles=None))
    assert not has_panel(render_map(empty(), tiles=None))
    s = Story.of("Officials in Turin were unhappy.")
    t = place(s.mention("Turin"), candidate("Turin", 45.0705, 7.6868, cc="IT"))
    assert not has_panel(render_map(result(s, [t], [], [stop(t, Role.MENTIONED)]), tiles=None))
    assert not has_panel(render_map(journey(), tiles=None, panel=False))


def test_hostile_panel_text_is_escaped():
    markup = _panel_markup(_html(render_map(hostile(), tiles=None)))
    for payload in PAYLOADS[:4]:
        assert payload not in markup
    assert "<script" not in markup and "<img" not in markup and "<svg" not in markup
    assert "{" not in markup and "`" not in markup  # nothing for Jinja or a template literal
    assert "&lt;img src=x onerror=" in markup


def test_many_mentioned_places_are_clustered_in_their_own_layer():
    from folium.plugins import MarkerCluster

    m = render_map(crowded(15), tiles=None)
    clusters = _of_type(m, MarkerCluster)
    assert len(clusters) == 1 and clusters[0].layer_name == "Mentioned places"
    assert len([c for c in clusters[0]._children.values() if isinstance(c, folium.Marker)]) == 15
    assert [g.layer_name for g in _of_type(m, folium.FeatureGroup) if not isinstance(g, MarkerCluster)] == ["Route"]
    few = render_map(crowded(5), tiles=None)
    assert not _of_type(few, MarkerCluster)
    assert not _of_type(render_map(crowded(15), tiles=None, cluster_threshold=None), MarkerCluster)


def test_minimap_fullscreen_and_scale_are_on_by_default():
    html = _html(render_map(journey(), tiles="https://tiles.invalid/{z}/{x}/{y}.png", attr="test tiles"))
    assert "L.Control.MiniMap" in html and "https://tiles.invalid/{z}/{x}/{y}.png" in html
    assert "L.control.fullscreen" in html and "L.control.scale" in html
    bare = _html(render_map(journey(), tiles=None, minimap=False, fullscreen=False, control_scale=False))
    assert "L.Control.MiniMap" not in bare and "L.control.fullscreen" not in bare and "L.control.scale" not in bare
    # No tiles and no outlines: nothing to show in a mini-map.
    assert "L.Control.MiniMap" not in _html(render_map(journey(), tiles=None))


def test_popup_has_type_country_coordinates_confidence_and_alternatives():
    m = render_map(journey(), tiles=None)
    html = _html(m)
    assert "capital city (P.PPLC)" in html
    assert "Spain (ES)" in html and "40.4165°N, 3.7026°W" in html
    assert "Other candidates" in html and "41.8766°N, 93.8233°W" in html
    # Mentioned-only places show their confidence too.
    brussels = re.search(r"Brussels</div>.*?</table>", html, flags=re.S).group(0)
    assert "Confidence</th><td>0.50" in brussels and "Belgium (BE)" in brussels


def test_great_circle_legs_can_be_turned_off():
    m = render_map(journey(), tiles=None, great_circle=False)
    assert [len(ln.locations) for ln in _of_type(m, folium.PolyLine)] == [2, 2, 2]
    m = render_map(journey(), tiles=None, leg_points=8)
    assert [len(ln.locations) for ln in _of_type(m, folium.PolyLine)] == [8, 8, 8]


# -- outlines and self-contained pages -------------------------------------------------
def test_outlines_draw_country_shapes_from_countryinfo_under_a_plain_background():
    html = _html(render_map(journey(), tiles=None, outlines="countryinfo"))
    assert "geomapOutlineLayer(" in html and '"name":"Portugal"' in html
    assert "Country outlines: Natural Earth" in html
    assert "geomap-outline-map" in html
    assert "L.Control.MiniMap" in html  # the mini-map shows the outlines


def test_outlines_are_copied_across_the_antimeridian():
    html = _html(render_map(pacific(), tiles=None, outlines="countryinfo"))
    assert re.search(r'_outlines, \[0, 1\], \{pane: "geomap-outlines"\}', html)


def test_outlines_accept_geojson_and_reject_nonsense():
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Box"},
          "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}  # fmt: skip
    assert '"name":"Box"' in _html(render_map(journey(), tiles=None, outlines=fc))
    with pytest.raises(ValueError, match="outlines must be"):
        render_map(journey(), tiles=None, outlines="atlas-of-mars")


def test_self_contained_page_links_nothing(tmp_path):
    nm = fake_node_modules(tmp_path)
    with pytest.warns(UserWarning, match="missing.png"):
        m = render_map(journey(), self_contained=True, node_modules=nm)
    html = _html(m)
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "/* leaflet/dist/leaflet.js */" in html and "/* leaflet-minimap/dist/Control.MiniMap.min.js */" in html
    assert "/* leaflet.markercluster" not in html  # only what the map uses
    assert "url(data:image/png;base64," in html and "url(#default#VML)" in html
    assert "@font-face" not in html and "fontawesome" not in html  # icon fonts dropped
    assert "<\\/script><\\!-- not the end" in html  # inlined code cannot close its element
    assert "tile.openstreetmap" not in html.lower() and "L.tileLayer" not in html
    assert "L.Icon.Default.mergeOptions" in html
    assert folium.Map.default_js[0][1].startswith("https://")  # class defaults untouched


def test_self_contained_can_inline_fonts_and_keep_tiles(tmp_path):
    nm = fake_node_modules(tmp_path)
    with pytest.warns(UserWarning):
        html = _html(render_map(journey(), self_contained=True, node_modules=nm, fonts="inline",
                                tiles="https://tiles.invalid/{z}/{x}/{y}.png", attr="t"))  # fmt: skip
    assert "data:font/woff2;base64," in html
    assert "https://tiles.invalid/" in html and "geomapOutlineLayer(" not in html  # tiles asked for: kept


def test_self_contained_finds_assets_with_ensure(tmp_path, monkeypatch):
    nm = fake_node_modules(tmp_path)
    monkeypatch.setattr(assets, "ensure", lambda: nm)
    with pytest.warns(UserWarning):
        assert "/* leaflet/dist/leaflet.js */" in _html(render_map(journey(), self_contained=True))

    def fail():
        raise OutputError("no npm here")

    monkeypatch.setattr(assets, "ensure", fail)
    with pytest.raises(OutputError, match="no npm here"):
        render_map(journey(), self_contained=True)


def test_save_map_self_contained_writes_one_file(tmp_path):
    nm = fake_node_modules(tmp_path)
    with pytest.warns(UserWarning):
        out = save_map(pacific(), tmp_path / "out" / "map.html", self_contained=True, node_modules=nm)
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]
    assert "/* leaflet/dist/leaflet.css */" in out.read_text(encoding="utf-8")

# -- escaping ------------------------------------------------------------------------
def test_escape_helpers():
    assert escape("<b>&") == "&lt;b&gt;&amp;"
    assert escape("a`b") == "a&#96;b"
    assert escape("{{ x }}") == "&#123;&#123; x &#125;&#125;"
    assert js_safe("${x}") == "&#36;&#123;x&#125;"


def test_hostile_names_never_reach_the_page_raw():
    html = _html(render_map(hostile(), tiles=None))
    for payload in PAYLOADS:
        if payload == "javascript:alert(1)":
            continue  # plain text, never put in a URL attribute
        assert payload not in html, payload
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert 'href="javascript:' not in html
    assert "${window" not in html
    assert ">49<" not in html  # '{{ 7*7 }}' was not run as a Jinja template
    # Every popup and tooltip template literal holds no backtick, ${ or backslash.
    for body in re.findall(r"\$\(`(.*?)`\)\[0\]", html, flags=re.S):
        assert "`" not in body and "${" not in body and "\\" not in body
    for body in re.findall(r"bindTooltip\(\s*`(.*?)`,", html, flags=re.S):
        assert "`" not in body and "${" not in body and "\\" not in body


# -- saving, the renderer, assets ----------------------------------------------------
def test_save_map_writes_html(tmp_path):
    out = save_map(journey(), tmp_path / "new" / "map.html", tiles=None)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "geomap-stop" in text


def test_save_map_to_a_bad_path_raises_output_error(tmp_path):
    with pytest.raises(OutputError, match="cannot write the map"):
        save_map(journey(), _blocked(tmp_path) / "map.html", tiles=None)


def test_folium_renderer_fits_the_protocol(tmp_path):
    r = FoliumRenderer(tiles=None, title="Default title")
    assert isinstance(r, Renderer)
    assert "Default title" in _html(r.render(journey()))
    assert "Other title" in _html(r.render(journey(), title="Other title"))
    assert r.save(journey(), tmp_path / "m.html").is_file()


def test_result_map_method_draws_the_map():
    assert isinstance(journey().map(tiles=None), folium.Map)


def test_asset_base_url_rewrites_every_link_and_leaves_folium_alone():
    base = "http://127.0.0.1:9/assets/"
    html = _html(render_map(journey(), tiles=None, asset_base_url=base))
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert links and all(u.startswith(base) for u in links)
    assert base + "leaflet-textpath/leaflet.textpath.js" in links
    assert folium.Map.default_js[0][1].startswith("https://")  # class defaults untouched
    assert "https://cdn" in _html(render_map(journey(), tiles=None))


def test_localize_reports_files_with_no_local_copy():
    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("mystery", "https://example.invalid/mystery.js")]
    with pytest.warns(UserWarning, match="mystery.js"):
        assets.localize(m, "http://127.0.0.1:9/a/")
    assert all("mystery" not in u for _, u in m.default_js)
    m2 = folium.Map(tiles=None)
    m2.default_js = [("mystery", "https://example.invalid/mystery.js")]
    with pytest.raises(OutputError, match="mystery.js"):
        assets.localize(m2, "http://127.0.0.1:9/a/", on_missing="raise")
    m3 = folium.Map(tiles=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assets.localize(m3, "http://127.0.0.1:9/a/")  # optional files drop quietly
    with pytest.raises(ValueError):
        assets.localize(m3, "http://127.0.0.1:9/a/", on_missing="sometimes")


def test_asset_lookup():
    a = assets.asset_for("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css")
    assert a.spec == "@fortawesome/fontawesome-free@6.2.0"
    assert a.local == "@fortawesome/fontawesome-free/css/all.min.css"
    parsed = assets.asset_for("https://cdn.jsdelivr.net/npm/@scope/pkg@1.2.3/dist/x.js")
    assert (parsed.package, parsed.version, parsed.path) == ("@scope/pkg", "1.2.3", "dist/x.js")
    assert assets.local_url("https://example.org/x.js", "http://h/") is None
    specs = assets.npm_specs()
    assert len(specs) == len({s.rsplit("@", 1)[0] for s in specs})  # one version per package
    assert {"jquery@3.7.1", "leaflet-textpath@1.2.3"} <= set(specs)


def test_every_default_folium_asset_is_known():
    m = render_map(journey(), tiles=None)
    for url in assets.asset_urls(m):
        assert assets.asset_for(url) is not None, url


def test_install_runs_npm_once_and_reports_failures(tmp_path):
    calls = []

    class Done:
        returncode = 0
        stdout = stderr = ""

    def fake_run(cmd, **kw):
        calls.append(cmd)
        for a in assets.ASSETS:
            if a.local:
                f = tmp_path / "node_modules" / a.local
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_text("/* stub */")
        return Done()

    npm = tmp_path / "npm"
    npm.write_text("#!/bin/sh\n")
    npm.chmod(0o755)
    root = assets.install(tmp_path, npm=str(npm), run=fake_run)
    assert root == tmp_path / "node_modules"
    assert len(calls) == 1 and "--ignore-scripts" in calls[0] and "leaflet@1.9.3" in calls[0]
    assets.install(tmp_path, npm=str(npm), run=fake_run)
    assert len(calls) == 1  # already there: nothing to do
    assert assets.missing_files(root) == []

    class Failed:
        returncode = 1
        stdout = ""
        stderr = "npm error code E404\n"

    with pytest.raises(OutputError, match="E404"):
        assets.install(tmp_path / "other", npm=str(npm), run=lambda cmd, **kw: Failed())
    with pytest.raises(OutputError, match="not found"):
        assets.install(tmp_path / "other", npm="no-such-npm-here")


def test_a_map_without_tiles_still_has_a_zoom_range():
    assert '"maxZoom": 18' in _html(render_map(crowded(15), tiles=None))
    assert '"maxZoom": 12' in _html(render_map(crowded(15), tiles=None, max_zoom=12))
