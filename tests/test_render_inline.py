"""Self-contained pages: inlining assets, finding them, and the country outlines."""

from __future__ import annotations

import json
import warnings

import folium
import pytest

from factories import fake_node_modules
from geomap.errors import OutputError
from geomap.render import assets, outlines
from geomap.render.inline import data_uri, inline, inline_css, script_safe


def _html(m) -> str:
    return m.get_root().render()


# -- inline_css and script_safe --------------------------------------------------------
def test_inline_css_turns_relative_images_into_data_uris(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    css = inline_css("a{background:url('img/a.svg?v=2#x')} b{background:url(img/a.svg)}", tmp_path)
    assert css.count("url(data:image/svg+xml;base64,") == 2
    assert data_uri(tmp_path / "img" / "a.svg").startswith("data:image/svg+xml;base64,PHN2Zy")


def test_inline_css_leaves_data_and_fragment_urls_and_blanks_remote_ones(tmp_path):
    css = "a{background:url(data:image/png;base64,AAAA)} b{behavior:url(#default#VML)} c{background:url(https://x.invalid/i.png)}"
    with pytest.warns(UserWarning, match="x.invalid"):
        out = inline_css(css, tmp_path)
    assert "url(data:image/png;base64,AAAA)" in out and "url(#default#VML)" in out
    assert "x.invalid" not in out and "url(data:,)" in out
    with pytest.raises(OutputError, match="missing.png"):
        inline_css("a{background:url(missing.png)}", tmp_path, on_missing="raise")


def test_inline_css_drops_or_inlines_fonts(tmp_path):
    (tmp_path / "f.woff2").write_bytes(b"wOF2")
    css = "@font-face{font-family:F;src:url(f.woff2) format('woff2')} .i{font-family:F}</style>"
    dropped = inline_css(css, tmp_path)
    assert "@font-face" not in dropped and ".i{font-family:F}" in dropped
    assert "</style" not in dropped
    assert "url(data:font/woff2;base64,d09GMg==)" in inline_css(css, tmp_path, fonts="inline")
    with pytest.raises(ValueError):
        inline_css(css, tmp_path, fonts="some")
    with pytest.raises(ValueError):
        inline_css(css, tmp_path, on_missing="shout")


def test_script_safe_escapes_what_would_end_a_script_element():
    assert script_safe("x='</SCRIPT>'; y=/<!--/") == "x='<\\/SCRIPT>'; y=/<\\!--/"


# -- inline ------------------------------------------------------------------------
def test_inline_puts_each_file_in_the_head_once(tmp_path):
    nm = fake_node_modules(tmp_path)
    m = folium.Map(tiles=None)
    with pytest.warns(UserWarning, match="missing.png"):
        inline(m, nm)
    html = _html(m)
    head = html.split("</head>")[0]
    assert head.count("/* jquery/dist/jquery.min.js */") == 1
    assert head.index("/* leaflet/dist/leaflet.css */") < head.index("/* leaflet/dist/leaflet.js */")
    assert "<script src" not in html and 'rel="stylesheet"' not in html
    assert html.count("L.Icon.Default.mergeOptions") == 1
    assert _html(m) == html  # rendering again changes nothing


def test_inline_reports_files_it_cannot_find(tmp_path):
    nm = fake_node_modules(tmp_path)
    (nm / "jquery/dist/jquery.min.js").unlink()
    m = folium.Map(tiles=None)
    with pytest.raises(OutputError, match="jquery"):
        inline(m, nm)
    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("mystery", "https://example.invalid/mystery.js")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inline(m, nm, on_missing="ignore")
    assert "mystery" not in _html(m)
    with pytest.raises(ValueError):
        inline(folium.Map(tiles=None), nm, on_missing="maybe")


def test_inline_works_on_a_map_without_a_figure(tmp_path):
    nm = fake_node_modules(tmp_path)
    m = folium.Map(tiles=None)
    with pytest.warns(UserWarning):
        inline(m, nm)
    assert "/* leaflet/dist/leaflet.js */" in _html(m)


# -- ensure ----------------------------------------------------------------------------
def test_ensure_uses_a_complete_cache_without_npm(tmp_path):
    fake_node_modules(tmp_path / "cache")

    def installer(target):
        raise AssertionError("npm should not run")

    assert assets.ensure(tmp_path / "cache", installer=installer) == tmp_path / "cache" / "node_modules"


def test_ensure_installs_into_the_cache_once(tmp_path):
    calls = []

    def installer(target):
        calls.append(target)
        return fake_node_modules(target)

    first = assets.ensure(tmp_path / "c", installer=installer)
    second = assets.ensure(tmp_path / "c", installer=installer)
    assert first == second == tmp_path / "c" / "node_modules" and calls == [tmp_path / "c"]


def test_ensure_falls_back_to_any_complete_copy(tmp_path):
    spare = fake_node_modules(tmp_path / "spare")
    incomplete = tmp_path / "half" / "node_modules"
    incomplete.mkdir(parents=True)

    def no_npm(target):
        raise OutputError("cannot install map assets: 'npm' was not found on PATH")

    got = assets.ensure(tmp_path / "c", installer=no_npm, fallbacks=[incomplete, tmp_path / "spare"])
    assert got == spare
    with pytest.raises(OutputError, match="npm' was not found.*no complete copy.*half"):
        assets.ensure(tmp_path / "c", installer=no_npm, fallbacks=[incomplete])


def test_ensure_defaults_to_geomaps_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "gm"))
    assert assets.default_cache_dir() == tmp_path / "gm" / "assets"


def test_every_plugin_the_map_uses_has_an_npm_source():
    for url in ("https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js",
                "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
                "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css"):  # fmt: skip
        assert assets.asset_for(url).local, url
    assert "world-atlas@2.0.2" in assets.npm_specs()


# -- outlines --------------------------------------------------------------------------
_TOPO = {
    "type": "Topology",
    "arcs": [[[0, 0], [4, 0], [4, 4]], [[4, 4], [0, 4], [0, 0]], [[10, 10], [11, 10], [11, 11], [10, 10]]],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "1", "properties": {"name": "Square"}},
                {"type": "MultiPolygon", "arcs": [[[2]], [[~1, ~0]]], "id": "2", "properties": {"name": "Two"}},
                {"type": None, "id": "3"},
            ],
        }
    },
}


def test_from_topojson_joins_arcs_and_reverses_negative_ones():
    fc = outlines.from_topojson(_TOPO)
    assert [f["properties"]["name"] for f in fc["features"]] == ["Square", "Two"]
    assert fc["features"][0]["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]],
    }
    two = fc["features"][1]["geometry"]
    assert two["type"] == "MultiPolygon" and two["coordinates"][1][0][:3] == [[0.0, 0.0], [0.0, 4.0], [4.0, 4.0]]
    with pytest.raises(OutputError, match="TopoJSON"):
        outlines.from_topojson({"type": "Topology"})


def test_from_countryinfo_reads_files_with_an_outline(tmp_path):
    square = [[[0.123, 0.0], [1.0, 0.0], [1.0, 1.0], [0.123, 0.0]]]
    (tmp_path / "a.json").write_text(json.dumps({"name": "Aland", "ISO": {"alpha2": "AA"}, "geoJSON": {
        "type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Aland"},
        "geometry": {"type": "Polygon", "coordinates": square}}]}}))  # fmt: skip
    (tmp_path / "b.json").write_text(json.dumps({"name": "Bland", "ISO": {"alpha2": "BB"}, "geoJSON": {}}))
    (tmp_path / "c.json").write_text("{not json")
    fc = outlines.from_countryinfo(tmp_path, ndigits=1)
    assert [f["properties"] for f in fc["features"]] == [{"name": "Aland", "iso": "AA"}]
    assert fc["features"][0]["geometry"]["coordinates"][0][0] == [0.1, 0.0]


def test_country_outlines_from_the_packages():
    fc = outlines.country_outlines("countryinfo")
    names = {f["properties"]["name"] for f in fc["features"]}
    assert len(fc["features"]) > 150 and {"Iceland", "Greenland", "Canada"} <= names


def test_country_outlines_choose_world_atlas_when_it_is_there(tmp_path):
    nm = tmp_path / "node_modules"
    (nm / "world-atlas").mkdir(parents=True)
    topo = dict(_TOPO, transform={"scale": [1, 1], "translate": [0, 0]})
    (nm / "world-atlas" / "countries-110m.json").write_text(json.dumps(topo))
    assert len(outlines.country_outlines("auto", node_modules=nm)["features"]) == 2
    assert len(outlines.country_outlines("auto", node_modules=tmp_path / "none")["features"]) > 150
    with pytest.raises(OutputError, match="world-atlas"):
        outlines.country_outlines("world-atlas", node_modules=tmp_path / "none")
    with pytest.raises(ValueError):
        outlines.country_outlines("mars")


def test_copies_for_covers_longitudes_past_180():
    assert outlines.copies_for([131.9, 210.1, 237.7]) == [0, 1]
    assert outlines.copies_for([-30.0, 40.0]) == [0]
    assert outlines.copies_for([-200.0, -150.0]) == [-1, 0]
