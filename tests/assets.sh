#!/usr/bin/env bash
# Install the npm packages whose files the browser tests serve offline
# (Leaflet, jQuery, Bootstrap, Font Awesome and the Leaflet plugins folium links).
# Usage: tests/assets.sh [DIR]   (default: $GEOMAP_TEST_ASSETS or /tmp/geomap-test-assets)
# The files land in DIR/node_modules; nothing is written into the repository.
set -euo pipefail
dir="${1:-${GEOMAP_TEST_ASSETS:-/tmp/geomap-test-assets}}"
exec python -m geomap.render.assets install "$dir"
