#!/usr/bin/env bash
# Proves that an audit HTML report renders in a real browser: loads it in headless Chromium at 1400 px,
# reads the status the report's own script leaves on <body> (images loaded / broken, script errors,
# what scrolls sideways apart from heatmap grids, SVG text cut off at a plot's edge), and takes a
# screenshot for a person to look at.
#
#   scripts/check-html-report.sh REPORT.html [SCREENSHOT.png]
#
# Exit status: 0 when every image decoded, no script error was recorded and nothing scrolls sideways or
# is cut off; 1 when the report is broken; 2 for a usage error or when Chromium is missing or produces nothing.
# Environment: CHROMIUM (browser binary), WINDOW_HEIGHT (screenshot height, default 2400).
set -euo pipefail

usage() { echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
report=$1
shot=${2:-}
[[ -f $report ]] || { echo "check-html-report: no such file: $report" >&2; exit 2; }

browser=${CHROMIUM:-}
if [[ -z $browser ]]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
  done
fi
[[ -n $browser && -x $browser ]] || { echo "check-html-report: Chromium not found (set CHROMIUM)" >&2; exit 2; }

# A private profile: no shared state with a desktop browser, no lock conflicts between parallel runs.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
       --no-default-browser-check --disable-extensions --hide-scrollbars
       --user-data-dir="$tmp/profile" --virtual-time-budget=10000 --window-size=1400,"${WINDOW_HEIGHT:-2400}")

# Chromium writes a lot of harmless noise on stderr (dbus, GPU, crash reporter); keep it for the error
# message rather than the terminal.
if ! timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" >"$tmp/dom.html" 2>"$tmp/dom.err"; then
  echo "check-html-report: Chromium failed to load $report:" >&2
  tail -n 20 "$tmp/dom.err" >&2
  exit 2
fi

body=$(grep -o '<body[^>]*>' "$tmp/dom.html" | head -n 1 || true)
attr() { sed -n "s/.*[[:space:]]$1=\"\\([^\"]*\\)\".*/\\1/p" <<<"$body"; }
loaded=$(attr data-images-loaded)
broken=$(attr data-images-broken)
errors=$(attr data-errors)
overflow=$(attr data-overflow)
cut=$(attr data-cut-text)
summary=$(attr data-summary)

status=0
if [[ -z $loaded ]]; then
  echo "check-html-report: the report's status script did not run (no data-images-loaded on <body>)" >&2
  status=1
else
  if (( loaded == 0 )); then echo "check-html-report: no image loaded" >&2; status=1; fi
  if (( broken != 0 )); then echo "check-html-report: $broken broken image(s) ($loaded loaded)" >&2; status=1; fi
  if [[ -n $errors ]]; then echo "check-html-report: script errors: $errors" >&2; status=1; fi
  if [[ -n $overflow ]]; then echo "check-html-report: scrolls sideways at 1400 px: $overflow" >&2; status=1; fi
  if [[ -n $cut ]]; then echo "check-html-report: text cut off at the edge of a plot: $cut" >&2; status=1; fi
fi

if [[ -n $shot ]]; then
  mkdir -p "$(dirname "$shot")"
  shot_abs="$(cd "$(dirname "$shot")" && pwd)/$(basename "$shot")"
  rm -f "$shot_abs"
  timeout 120 "$browser" "${flags[@]}" \
      --screenshot="$shot_abs" "$url" >"$tmp/shot.out" 2>"$tmp/shot.err" || true
  if [[ ! -s $shot_abs ]]; then
    echo "check-html-report: Chromium wrote no screenshot to $shot:" >&2
    tail -n 20 "$tmp/shot.err" >&2
    exit 2
  fi
fi

if (( status == 0 )); then
  echo "check-html-report: OK: $loaded image(s) loaded, none broken, no script errors, nothing scrolls sideways" \
       "or is cut off at 1400 px; summary: ${summary:-none}${shot:+; screenshot $shot}"
fi
exit "$status"
