"""The map in a real headless Chromium, fully offline.

Leaflet and its plugins come from npm packages installed once into
``$GEOMAP_TEST_ASSETS`` (default ``/tmp/geomap-test-assets``; see
``tests/assets.sh``) and are served with the page and blank tiles from a local
HTTP server on 127.0.0.1. Every other request is aborted. Skips when Chromium,
playwright or the npm packages are unavailable.
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

from factories import PAYLOADS, empty, hostile, journey, pacific
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
        loaded = Loaded(page)

        def route(r):
            if urlparse(r.request.url).hostname == "127.0.0.1":
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
        page.goto(f"{server.base}/{name}.html", wait_until="networkidle")
        return loaded

    yield _open
    for ctx in contexts:
        ctx.close()


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
