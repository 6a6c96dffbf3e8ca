"""Hostile input through the real pipeline: nothing in an article or a place
name runs as script in the map, CSV cells cannot run as formulas, GeoJSON
stays valid.

The articles are written here; they mix script-injection payloads with real
place names so that the recogniser, the gazetteer (or a fake online geocoder
on 127.0.0.1 answering with hostile names) and the renderer all see them.
The browser checks reuse the fixtures of ``test_map_browser.py`` (headless
Chromium, offline assets; they skip when those are unavailable).
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

import geomap
from fake_nominatim import FakeNominatim, place
from geomap.config import Settings
from geomap.pipeline import Pipeline
from geomap.render.formats import to_csv, to_geojson
from test_map_browser import browser, node_modules, open_map, server  # noqa: F401 - fixtures

UA = "geomap-tests/1.0 (tests@example.invalid)"
PWN = "window.__pwned=1"

HOSTILE_TITLE = f"<script>{PWN}</script>{{{{ 7*7 }}}} Convoy report"
HOSTILE_ARTICLE = f"""{HOSTILE_TITLE}

LISBON, Portugal (Geomap Wire) — The convoy left Lisbon <img src=x onerror="{PWN}"> on Monday morning.
It reached Madrid</script><script>{PWN}</script> by nightfall, drivers said.
In Rome <svg onload="{PWN}"> crowds chanted {{{{ 7*7 }}}} and {{% raw %}}{{# while a band played.
A link, javascript:{PWN}, was shared from Vienna on Thursday.
=HYPERLINK("http://example.invalid","Oslo") Officials in Oslo said `;{PWN};` and ${{{PWN}}} were only text.
+SUM(1,2) The last stop was Genoa.
@cmd The drivers flew home from Genoa to Lisbon.
"""

#: Names the fake geocoder gives to places (each a payload or a spreadsheet formula).
HOSTILE_NAMES = {
    "lisbon": f"</script><script>{PWN}</script>",
    "madrid": f'<img src=x onerror="{PWN}">',
    "rome": f'<svg onload="{PWN}">',
    "vienna": f"javascript:{PWN}",
    "oslo": "=HYPERLINK(\"http://example.invalid\")",
    "genoa": "{{ 7*7 }}{% raw %}",
}
FORMULA_NAMES = {"+SUM(1,2)", "-2+3", "@cmd"}

TEXT_COLUMNS = ("id", "name", "country_code", "feature", "role", "gazetteer_name", "source", "kind",
                "reasons", "alternatives", "sentence")


@pytest.fixture(scope="module")
def offline_result():
    return geomap.geoparse(HOSTILE_ARTICLE, id="<b>hostile</b>=1+1")


@pytest.fixture(scope="module")
def fake_hostile():
    coords = {"lisbon": (38.72, -9.14, "pt"), "madrid": (40.42, -3.70, "es"), "rome": (41.89, 12.48, "it"),
              "vienna": (48.21, 16.37, "at"), "oslo": (59.91, 10.75, "no"), "genoa": (44.41, 8.93, "it")}
    with FakeNominatim(places={}) as fake:
        for key, (lat, lon, cc) in coords.items():
            fake.add(key, place(HOSTILE_NAMES[key], lat, lon, country_code=cc, country=f"<i>{PWN}</i>"),
                     *[place(n, lat + 1 + i, lon + 1, country_code="zz") for i, n in enumerate(sorted(FORMULA_NAMES))])
        yield fake


@pytest.fixture(scope="module")
def online_result(fake_hostile, tmp_path_factory):
    from geomap.geocode import build_geocoder

    settings = Settings.from_env().with_(cache_dir=tmp_path_factory.mktemp("hostile-cache"),
                                         gazetteer=Settings.from_env().gazetteer_path)
    pipe = Pipeline(settings=settings)
    pipe._geocoder = build_geocoder(
        "nominatim", settings=settings, offline=lambda: pipe.gazetteer, user_agent=UA,
        domain=fake_hostile.domain, scheme="http", proxies={}, min_delay_seconds=0, rate_file=None,
    )
    result = pipe.geoparse(HOSTILE_ARTICLE, id="online")
    assert not fake_hostile.searches or all(r.fault is None for r in fake_hostile.searches)
    return result


def _resolved_names(result) -> set[str]:
    return {p.candidate.name for p in result.toponyms if p.candidate is not None}


# -- the pipeline really saw the payloads ------------------------------------------------
def test_payloads_reach_the_result(offline_result, online_result):
    text = HOSTILE_ARTICLE
    names = {p.mention.text for p in offline_result.toponyms}
    assert {"Lisbon", "Rome", "Vienna", "Genoa"} <= names, names
    assert any("<img" in p.mention.sentence for p in offline_result.toponyms)
    for r in (offline_result, online_result):
        for p in r.toponyms:
            assert text[p.mention.start : p.mention.end] == p.mention.text
    assert set(HOSTILE_NAMES.values()) & _resolved_names(online_result), _resolved_names(online_result)


# -- the map in Chromium -------------------------------------------------------------------
def _poke_everything(page) -> str:
    """Hover and click every marker and route line; the text of every popup shown."""
    shown = []
    icons = page.locator(".leaflet-marker-icon")
    for i in range(icons.count()):
        icons.nth(i).dispatch_event("mouseover")
        icons.nth(i).dispatch_event("click")
        page.locator(".leaflet-popup-content").last.wait_for()
        shown.append(page.locator(".leaflet-popup-content").last.inner_text())
    routes = page.locator("path.geomap-route")
    for i in range(routes.count()):
        routes.nth(i).dispatch_event("mouseover")
        routes.nth(i).dispatch_event("click")
    page.wait_for_timeout(200)
    return "\n".join(shown)


@pytest.mark.browser
@pytest.mark.network_local
@pytest.mark.parametrize("which", ["offline", "online"])
def test_hostile_article_runs_no_script_in_the_map(open_map, offline_result, online_result, which, tmp_path):  # noqa: F811
    result = offline_result if which == "offline" else online_result
    loaded = open_map(result, f"hostile-real-{which}")
    page = loaded.page
    assert page.locator(".leaflet-marker-icon").count() >= 4
    popups = _poke_everything(page)
    assert page.evaluate("window.__pwned") is None
    assert loaded.dialogs == [] and loaded.errors == [] and loaded.blocked == []
    # Payloads are shown as text, Jinja is not evaluated, nothing was injected as elements.
    assert "{{ 7*7 }}" in page.inner_text(".geomap-title")
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0
    assert page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                         ".some(a => a.name.startsWith('on'))).length") == 0
    assert page.evaluate("[...document.querySelectorAll('a[href]')].filter(a => a.href.startsWith('javascript:'))"
                         ".length") == 0
    assert "onerror" in popups or "onload" in popups or "</script>" in popups  # payloads shown as text
    if which == "online":  # the geocoder's hostile names are on show, as text
        assert any(name in popups for name in HOSTILE_NAMES.values()), popups
    page.screenshot(path=str(tmp_path / f"hostile-{which}.png"))


@pytest.mark.browser
@pytest.mark.network_local
def test_hostile_html_file_through_the_loader(open_map, tmp_path):  # noqa: F811
    from geomap.article import load_article

    page_html = (
        f"<!doctype html><html><head><title>x</title><script>{PWN}</script></head><body>"
        f"<h1>&lt;script&gt;{PWN}&lt;/script&gt; Convoy</h1>"
        f"<p>The convoy left Lisbon &lt;img src=x onerror={PWN}&gt; and reached Madrid.</p>"
        f"<p onclick=\"{PWN}\">Later it rolled on to Rome.</p></body></html>"
    )
    src = tmp_path / "story.html"
    src.write_text(page_html, encoding="utf-8")
    result = geomap.geoparse(load_article(src))
    assert PWN in result.article.text  # the escaped payloads are now plain text...
    loaded = open_map(result, "hostile-html")
    _poke_everything(loaded.page)
    assert loaded.page.evaluate("window.__pwned") is None  # ...and stay text
    assert loaded.dialogs == [] and loaded.errors == []


# -- CSV and GeoJSON -------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["offline", "online"])
def test_csv_cells_never_start_a_formula(offline_result, online_result, which):
    result = offline_result if which == "offline" else online_result
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert rows
    seen_quoted = 0
    for row in rows:
        for col in TEXT_COLUMNS:
            cell = row[col]
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (col, cell)
            seen_quoted += cell.startswith("'")
    assert seen_quoted > 0  # the formulas were there and were neutralised
    assert rows[0]["id"].startswith("<b>") or rows[0]["id"] == "online"


def test_csv_from_the_command_line_with_a_formula_file_name(tmp_path):
    from click.testing import CliRunner

    from geomap.cli import cli

    src = tmp_path / "=cmd.txt"
    src.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    out = tmp_path / "out.csv"
    res = CliRunner().invoke(cli, ["map", str(src), "-o", str(tmp_path / "m.html"), "--csv", str(out),
                                   "--geojson", str(tmp_path / "m.geojson")])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(r["id"] == "'=cmd" for r in rows)
    _check_geojson(json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8")), HOSTILE_ARTICLE)


def _check_geojson(gj: dict, text: str) -> None:
    assert gj["type"] == "FeatureCollection" and isinstance(gj["features"], list)
    assert gj["features"]
    for f in gj["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        g = f["geometry"]
        assert g["type"] in ("Point", "LineString", "MultiLineString")
        coords = [g["coordinates"]] if g["type"] == "Point" else (
            g["coordinates"] if g["type"] == "LineString" else [c for part in g["coordinates"] for c in part])
        for lon, lat in coords:
            assert math.isfinite(lon) and math.isfinite(lat) and -90 <= lat <= 90 and -180 <= lon <= 180
        props = f["properties"]
        if "start" in props and "name" in props and props.get("layer") == "toponym":
            assert text[props["start"] : props["end"]] == props["name"]


@pytest.mark.parametrize("which", ["offline", "online"])
def test_geojson_stays_valid(offline_result, online_result, which):
    result = offline_result if which == "offline" else online_result
    gj = json.loads(json.dumps(to_geojson(result), ensure_ascii=False, allow_nan=False))
    _check_geojson(gj, HOSTILE_ARTICLE)
    record = json.loads(json.dumps(result.to_record(), allow_nan=False))
    assert record["id"] == result.id
