"""The map in a real headless Chromium, fully offline.

Leaflet and its plugins come from npm packages installed once into
``$GEOMAP_TEST_ASSETS`` (default ``/tmp/geomap-test-assets``; see
``tests/assets.sh``) and are served with the page and blank tiles from a local
HTTP server on 127.0.0.1 (fixture ``open_map``). Self-contained pages are
opened from ``file://`` URLs with every network request aborted (fixture
``open_offline``). Skips when Chromium, playwright or the npm packages are
unavailable. Screenshots go to each test's temporary folder.
"""

from __future__ import annotations

import base64
import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from factories import PAYLOADS, crowded, empty, hostile, journey, pacific
from geomap.errors import OutputError
from geomap.render import assets
from geomap.render.folium_map import render_map

pytestmark = [pytest.mark.browser, pytest.mark.network_local]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1100, "height": 700}
# A 1x1 light-grey PNG served for every tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP48OEDAAWEAsEDiW/0AAAAAElFTkSuQmCC"
)


# -- fixtures ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "cannot test here"
            pytest.skip(f"cannot launch {CHROMIUM}: {exc}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def node_modules():
    target = Path(os.environ.get("GEOMAP_TEST_ASSETS") or "/tmp/geomap-test-assets")
    try:
        return assets.install(target)
    except OutputError as exc:
        pytest.skip(f"Leaflet assets unavailable offline ({exc}); run tests/assets.sh")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        if self.path.startswith("/tiles/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(TILE)))
            self.end_headers()
            self.wfile.write(TILE)
            return
        super().do_GET()


@dataclass
class Server:
    root: Path
    base: str


@pytest.fixture(scope="module")
def server(node_modules, tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    (root / "assets").symlink_to(node_modules, target_is_directory=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(root, f"http://127.0.0.1:{httpd.server_port}")
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@dataclass
class Loaded:
    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _watch(page, allow) -> Loaded:
    """Record errors, dialogs and blocked requests; abort requests ``allow`` refuses."""
    loaded = Loaded(page)

    def route(r):
        if allow(r.request.url):
            r.continue_()
        else:
            loaded.blocked.append(r.request.url)
            r.abort()

    def dialog(d):
        loaded.dialogs.append(d.message)
        d.dismiss()

    page.route("**/*", route)
    page.on("console", lambda msg: loaded.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: loaded.errors.append(str(exc)))
    page.on("dialog", dialog)
    return loaded


@pytest.fixture
def open_map(browser, server):
    """Render a result, save it next to the assets and open it in a fresh context."""
    contexts = []

    def _open(result, name: str, **options) -> Loaded:
        m = render_map(
            result,
            tiles=server.base + "/tiles/{z}/{x}/{y}.png",
            attr="local test tiles",
            asset_base_url=server.base + "/assets/",
            **options,
        )
        m.save(str(server.root / f"{name}.html"))
        ctx = browser.new_context(viewport=VIEWPORT)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(10_000)
        loaded = _watch(page, lambda url: urlparse(url).hostname == "127.0.0.1")
        page.goto(f"{server.base}/{name}.html", wait_until="networkidle")
        return loaded

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def open_offline(browser, node_modules, tmp_path):
    """Render a self-contained map into ``tmp_path`` and open it from a file://
    URL with every network request aborted (also recorded in ``requests``)."""
    contexts = []

    def _open(result, name: str, **options) -> Loaded:
        path = tmp_path / f"{name}.html"
        render_map(result, self_contained=True, node_modules=node_modules, **options).save(str(path))
        ctx = browser.new_context(viewport=VIEWPORT)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(10_000)
        loaded = _watch(page, lambda url: url == path.as_uri())
        page.on("request", lambda req: loaded.requests.append(req.url))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("document.querySelectorAll('.leaflet-marker-icon').length > 0 || "
                               "document.querySelector('.geomap-note') !== null")  # fmt: skip
        return loaded

    yield _open
    for ctx in contexts:
        ctx.close()


_MAP = "window[document.querySelector('.folium-map').id]"


def _texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent.trim())")


# -- tests ---------------------------------------------------------------------------
def test_map_loads_offline_with_markers_route_and_layers(open_map, tmp_path):
    r = journey()
    loaded = open_map(r, "journey")
    page = loaded.page
    assert page.evaluate("typeof window.L === 'object' && typeof L.version === 'string'")
    assert loaded.blocked == []
    assert loaded.errors == []

    resolved = {p.candidate.key for p in r.toponyms if p.candidate is not None}
    assert page.locator(".leaflet-marker-icon").count() == len(resolved) == 6
    assert _texts(page, ".leaflet-marker-pane .geomap-stop") == ["1", "2", "3", "4"]

    assert page.locator("path.geomap-route").count() == 3
    assert page.get_attribute("path.geomap-leg-planned", "stroke-dasharray") == "10 8"
    assert _texts(page, "textPath") == ["►", "►", "►"]

    assert _texts(page, ".leaflet-control-layers-overlays label") == [
        "Route",
        "Planned stops",
        "Mentioned places",
        "Dateline",
    ]
    assert _texts(page, ".geomap-title") == ["The envoy's spring tour"]
    assert page.locator(".geomap-legend").is_visible()

    shot = tmp_path / "journey.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 1000


def test_clicking_a_stop_opens_its_popup(open_map):
    page = open_map(journey(), "journey-click").page
    page.locator(".leaflet-marker-pane .geomap-stop", has_text="2").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert _texts(page, ".leaflet-popup-content mark.geomap-mention") == ["Madrid"]
    text = popup.inner_text()
    assert "She stopped in Madrid for talks" in text
    assert "capital city (P.PPLC)" in text and "Other candidates" in text


def test_hovering_a_stop_shows_its_tooltip(open_map):
    page = open_map(journey(), "journey-hover").page
    page.locator(".leaflet-marker-pane .geomap-stop", has_text="3").hover()
    page.locator(".leaflet-tooltip").wait_for()
    assert "3. Rome (destination)" in page.locator(".leaflet-tooltip").inner_text()


def test_antimeridian_route_runs_east_across_the_pacific(open_map, tmp_path):
    loaded = open_map(pacific(), "pacific")
    page = loaded.page
    assert loaded.errors == [] and loaded.blocked == []
    xs = page.eval_on_selector_all(
        ".leaflet-marker-pane .geomap-stop",
        "els => els.map(e => e.getBoundingClientRect().left)",
    )
    assert len(xs) == 3 and xs[0] < xs[1] < xs[2]  # Vladivostok, Anchorage, Seattle from west to east
    widths = page.eval_on_selector_all("path.geomap-route", "els => els.map(e => e.getBoundingClientRect().width)")
    assert len(widths) == 2 and all(0 < w < VIEWPORT["width"] for w in widths)
    page.screenshot(path=str(tmp_path / "pacific.png"))


def test_hostile_article_runs_no_script(open_map, tmp_path):
    r = hostile()
    loaded = open_map(r, "hostile")
    page = loaded.page
    assert page.evaluate("window.__pwned") is None and loaded.dialogs == []
    icons = page.locator(".leaflet-marker-icon")
    assert icons.count() == len(PAYLOADS)
    for i in range(icons.count()):
        icons.nth(i).dispatch_event("mouseover")
        icons.nth(i).dispatch_event("click")
        page.locator(".leaflet-popup-content").last.wait_for()
    page.locator("path.geomap-route").first.dispatch_event("mouseover")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert loaded.dialogs == []
    assert loaded.errors == []
    assert loaded.blocked == []
    # The payloads show as text.
    assert _texts(page, ".geomap-title") == [r.article.title]
    page.wait_for_function("document.querySelectorAll('.leaflet-popup-content').length === 1")
    assert PAYLOADS[-1] in page.locator(".leaflet-popup-content").inner_text()
    page.screenshot(path=str(tmp_path / "hostile.png"))


def test_empty_result_shows_no_places_found(open_map, tmp_path):
    loaded = open_map(empty(), "empty")
    page = loaded.page
    assert loaded.errors == [] and loaded.blocked == []
    assert page.locator(".leaflet-marker-icon").count() == 0
    assert page.locator(".geomap-note").inner_text() == "No places found"
    page.screenshot(path=str(tmp_path / "empty.png"))


def test_controls_minimap_fullscreen_scale_and_legend(open_map, tmp_path):
    loaded = open_map(journey(), "controls")
    page = loaded.page
    assert loaded.errors == [] and loaded.blocked == []
    assert page.locator(".leaflet-control-minimap").count() == 1
    assert page.locator(".leaflet-control-minimap .leaflet-tile-pane").count() == 1
    assert page.locator(".leaflet-control-zoom-fullscreen").count() == 1
    assert page.locator(".leaflet-control-scale-line").count() >= 1
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator(".geomap-legend").is_visible() and page.locator(".geomap-title").is_visible()
    page.screenshot(path=str(tmp_path / "controls.png"))


def test_legs_are_great_circles_with_a_direction_arrow(open_map):
    page = open_map(pacific(), "legs").page
    n = page.evaluate(
        f"(() => {{ var n = []; {_MAP}.eachLayer(l => {{ if (l instanceof L.Polyline && !(l instanceof L.Polygon)) "
        "n.push(l.getLatLngs().length); }); return n; })()"
    )
    assert n == [32, 32]
    assert _texts(page, "textPath") == ["►", "►"]


def test_panel_lists_the_stops_in_travel_order(open_map):
    page = open_map(journey(), "panel").page
    entries = page.locator(".geomap-panel-entry")
    assert entries.count() == 4
    assert _texts(page, ".geomap-panel-name") == ["Lisbon", "Madrid", "Rome", "Athens"]
    assert _texts(page, ".geomap-panel-seq") == ["1", "2", "3", "4"]
    assert _texts(page, ".geomap-panel-when") == ["Monday morning", "Wednesday", "next month"]
    assert "She stopped in Madrid for talks" in entries.nth(1).inner_text()
    page.locator(".geomap-panel-toggle").click()
    assert not page.locator(".geomap-panel-list").is_visible()
    page.locator(".geomap-panel-toggle").click()
    assert page.locator(".geomap-panel-list").is_visible()


def test_clicking_a_panel_entry_flies_there_and_opens_the_popup(open_map, tmp_path):
    loaded = open_map(journey(), "panel-click")
    page = loaded.page
    page.locator(".geomap-panel-entry").nth(2).click()  # Rome
    page.locator(".leaflet-popup-content").wait_for()
    assert _texts(page, ".leaflet-popup-content .geomap-popup-title") == ["Rome"]
    centre = page.evaluate(f"(() => {{ var c = {_MAP}.getCenter(); return [c.lat, c.lng]; }})()")
    assert centre == pytest.approx([41.8919, 12.5113], abs=0.01)
    assert "geomap-active" in page.locator(".geomap-panel-entry").nth(2).get_attribute("class")
    # Keyboard: Enter on the first entry goes back to Lisbon.
    page.locator(".geomap-panel-entry").nth(0).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("(document.querySelector('.leaflet-popup-content .geomap-popup-title') || "
                           "{textContent: ''}).textContent.startsWith('Lisbon')")  # fmt: skip
    assert loaded.errors == []
    page.screenshot(path=str(tmp_path / "panel-click.png"))


def test_panel_entry_shows_a_stop_whose_layer_was_switched_off(open_map):
    page = open_map(journey(), "panel-hidden", collapse_layers=False).page
    page.locator(".leaflet-control-layers-overlays label", has_text="Planned stops").locator("input").uncheck()
    assert page.locator(".leaflet-marker-pane .geomap-stop", has_text="4").count() == 0
    page.locator(".geomap-panel-entry").nth(3).click()
    page.locator(".leaflet-popup-content").wait_for()
    assert page.locator(".leaflet-marker-pane .geomap-stop", has_text="4").count() == 1
    assert "Athens" in page.locator(".leaflet-popup-content").inner_text()


def test_many_mentioned_places_cluster_in_a_toggleable_layer(open_map, tmp_path):
    page = open_map(crowded(15), "crowded", collapse_layers=False).page
    assert page.locator(".marker-cluster").count() >= 1
    assert _texts(page, ".leaflet-control-layers-overlays label") == ["Route", "Mentioned places"]
    assert page.locator(".leaflet-marker-pane .geomap-stop").count() == 2
    page.screenshot(path=str(tmp_path / "crowded.png"))
    page.locator(".leaflet-control-layers-overlays label", has_text="Mentioned places").locator("input").uncheck()
    assert page.locator(".marker-cluster").count() == 0
    assert page.locator(".leaflet-marker-pane .geomap-dot").count() == 0
    assert page.locator(".leaflet-marker-pane .geomap-stop").count() == 2


def test_hostile_panel_runs_no_script(open_map):
    loaded = open_map(hostile(), "hostile-panel")
    page = loaded.page
    entries = page.locator(".geomap-panel-entry")
    assert entries.count() == 4
    for i in range(4):
        entries.nth(i).click()
        page.locator(".leaflet-popup-content").last.wait_for()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and loaded.dialogs == [] and loaded.errors == []
    assert _texts(page, ".geomap-panel-name") == list(PAYLOADS[:4])
    assert _texts(page, ".geomap-panel-when") == list(PAYLOADS[:4])
    assert page.locator(".geomap-panel img, .geomap-panel svg, .geomap-panel script").count() == 0


# -- self-contained ------------------------------------------------------------------
def test_self_contained_map_works_with_the_network_blocked(open_offline, tmp_path):
    loaded = open_offline(journey(), "offline")
    page = loaded.page
    assert loaded.blocked == [] and loaded.errors == []
    assert [u for u in loaded.requests if not u.startswith(("file:", "data:"))] == []
    assert page.evaluate("typeof window.L === 'object'")
    assert page.locator(".leaflet-marker-icon").count() == 6
    assert _texts(page, ".leaflet-marker-pane .geomap-stop") == ["1", "2", "3", "4"]
    assert page.locator("path.geomap-outline").count() > 50
    assert page.locator(".leaflet-tile").count() == 0
    assert page.locator(".leaflet-control-minimap path.geomap-outline").count() > 50
    assert page.locator(".leaflet-control-zoom-fullscreen").count() == 1
    assert page.locator(".leaflet-control-scale-line").count() >= 1
    # The CSS images are inlined: the layer control's icon is a data: URI.
    icon = page.evaluate("getComputedStyle(document.querySelector('.leaflet-control-layers-toggle')).backgroundImage")
    assert icon.startswith('url("data:image/png;base64,')
    page.locator(".geomap-panel-entry").nth(1).click()
    page.locator(".leaflet-popup-content").wait_for()
    assert "She stopped in Madrid" in page.locator(".leaflet-popup-content").inner_text()
    assert loaded.blocked == []
    shot = tmp_path / "offline.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_self_contained_outlines_follow_the_route_across_the_antimeridian(open_offline, tmp_path):
    loaded = open_offline(pacific(), "offline-pacific")
    page = loaded.page
    assert loaded.blocked == [] and loaded.errors == []
    # Two copies of the world: one west of 180 (Vladivostok) and one east of it (Alaska).
    visible = page.eval_on_selector_all(
        "path.geomap-outline",
        "els => els.filter(e => { var r = e.getBoundingClientRect(); return r.width > 2 && r.right > 0 && "
        "r.left < window.innerWidth && r.bottom > 0 && r.top < window.innerHeight; }).length",
    )
    assert visible > 5
    # The United States are drawn twice: once where they are and once a turn east,
    # under Anchorage and Seattle (longitudes 210 and 238 on this map).
    centres = page.evaluate(
        f"(() => {{ var out = []; {_MAP}.eachLayer(l => {{ if (l.feature && l.feature.properties.name && "
        "l.feature.properties.name.indexOf('United States') === 0) out.push(l.getBounds().getCenter().lng); }); "
        "return out.sort((a, b) => a - b); })()"
    )
    assert len(centres) == 2 and centres[1] - centres[0] == pytest.approx(360)
    assert 180 < centres[1] < 300
    page.screenshot(path=str(tmp_path / "offline-pacific.png"))


def test_self_contained_hostile_article_runs_no_script(open_offline, tmp_path):
    r = hostile()
    loaded = open_offline(r, "offline-hostile")
    page = loaded.page
    icons = page.locator(".leaflet-marker-icon")
    assert icons.count() == len(PAYLOADS)
    for i in range(icons.count()):
        icons.nth(i).dispatch_event("click")
    for i in range(page.locator(".geomap-panel-entry").count()):
        page.locator(".geomap-panel-entry").nth(i).click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert loaded.dialogs == [] and loaded.errors == [] and loaded.blocked == []
    assert _texts(page, ".geomap-title") == [r.article.title]
    page.screenshot(path=str(tmp_path / "offline-hostile.png"))


def test_self_contained_map_clusters_mentioned_places_without_tiles(open_offline, tmp_path):
    loaded = open_offline(crowded(15), "offline-crowded")
    page = loaded.page
    assert loaded.errors == [] and loaded.blocked == []  # MarkerCluster needs a maxZoom even without tiles
    assert page.locator(".marker-cluster").count() >= 1
    assert page.locator(".geomap-panel-entry").count() == 2
    page.screenshot(path=str(tmp_path / "offline-crowded.png"))
