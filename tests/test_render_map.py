"""The folium map, checked in its generated HTML and its element tree (no browser)."""

from __future__ import annotations

import re
import warnings

import folium
import pytest

from factories import PAYLOADS, Story, candidate, empty, hostile, journey, pacific, place, result, stop
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
    lons = [lines[0].locations[0][1], lines[0].locations[1][1], lines[1].locations[1][1]]
    assert lons[0] == pytest.approx(131.8735)
    assert lons[1] == pytest.approx(-149.9003 + 360)
    assert lons[2] == pytest.approx(-122.3321 + 360)
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
    assert "Denmark" not in _html(m)


def test_title_option_overrides_the_article_title():
    html = _html(render_map(journey(), tiles=None, title="My <b>map</b>"))
    assert "My &lt;b&gt;map&lt;/b&gt;" in html and "<b>map</b>" not in html


def test_folium_options_pass_through():
    m = render_map(journey(), tiles=None, width=640, height=480, control_scale=True)
    assert m.width == (640, "px") and m.height == (480, "px")
    assert "L.control.scale" in _html(m)


def test_self_contained_is_not_available_yet():
    with pytest.raises(OutputError, match="not available yet"):
        render_map(journey(), self_contained=True)


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
