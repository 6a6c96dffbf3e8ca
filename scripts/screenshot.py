"""Screenshot a geomap HTML map in headless Chromium, with the network blocked.

Usage: python scripts/screenshot.py MAP.html OUT.png [--width 1200] [--height 800]

The page is opened from a file:// URL and every network request is aborted,
so a self-contained map (``geomap map ... --self-contained``) shows exactly
what a reader with no connection sees. Needs Debian's ``chromium`` and the
Python package ``playwright`` (no browser download). Regenerates the README
picture:

    GEOMAP_CACHE_DIR=/tmp/gmcache1 geomap map examples/expedition.txt \\
        -o outputs/example.html --self-contained
    python scripts/screenshot.py outputs/example.html outputs/example.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def screenshot(html: Path, png: Path, *, width: int = 1200, height: int = 800, settle_ms: int = 1200) -> list[str]:
    """Write a ``width`` x ``height`` screenshot of ``html`` to ``png``; returns
    the URLs of the network requests that were blocked (none for a
    self-contained map)."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})

            def route(r):
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(settle_ms)  # let fitBounds and the mini-map settle
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    return blocked


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=800)
    args = ap.parse_args(argv)
    if not args.html.is_file():
        print(f"error: {args.html} does not exist", file=sys.stderr)
        return 2
    blocked = screenshot(args.html, args.png, width=args.width, height=args.height)
    for url in blocked:
        print(f"blocked: {url}", file=sys.stderr)
    print(f"wrote {args.png} ({args.png.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
