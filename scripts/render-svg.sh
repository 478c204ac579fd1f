#!/bin/bash
# render-svg.sh SVG PNG [MAX_HEIGHT]: draws an SVG from --timeline in
# headless Chromium (Debian's chromium package) to a PNG of the SVG's own
# size (its top MAX_HEIGHT px if it is taller). The tests use it, and the
# picture in doc/ was made with it. With RENDER_DOM=FILE, also writes the
# DOM Chromium parsed to FILE (--dump-dom). Exits non-zero if Chromium did
# not write the PNG.
set -eu
svg=$1 png=$2 max=${3:-0}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "render-svg.sh: chromium is not installed (scripts/deps.sh test installs it)" >&2
	exit 1
fi
# the root element's size: width="W" height="H"
size=$(head -c 4096 "$svg" | tr '\n' ' ' |
	sed -n 's/.*<svg [^>]*width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1 \2/p')
w=${size% *} h=${size#* }
if [ -z "${w:-}" ] || [ -z "${h:-}" ]; then
	echo "render-svg.sh: $svg: no width and height on the <svg> element" >&2
	exit 1
fi
w=${w%.*} h=${h%.*}
if [ "$max" -gt 0 ] && [ "$h" -gt "$max" ]; then h=$max; fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$svg")"
opts=(--headless --disable-gpu --hide-scrollbars --no-first-run --mute-audio
      --user-data-dir="$profile" --window-size="$w,$h")
# as root Chromium's sandbox cannot start
if [ "$(id -u)" -eq 0 ]; then opts+=(--no-sandbox); fi
rm -f "$png"
timeout 300 "$browser" "${opts[@]}" --screenshot="$png" "$url" >/dev/null 2>&1 || true
if [ -n "${RENDER_DOM:-}" ]; then
	timeout 300 "$browser" "${opts[@]}" --dump-dom "$url" >"$RENDER_DOM" 2>/dev/null || true
fi
[ -s "$png" ] || { echo "render-svg.sh: chromium wrote no $png" >&2; exit 1; }
