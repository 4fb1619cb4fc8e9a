#!/usr/bin/env bash
# Remakes the README's pictures in docs/: the seed graph (docs/seed-graph.svg), and from a
# corpus (default: the 84 PolNeAR development articles beside the repository) the overview,
# a focus picture and a screenshot of graph.html (needs Graphviz, Chromium and
# `npm ci` in scripts/browser).
#   scripts/gallery.sh [CORPUS_DIR] [FOCUS] [FOCUS_LABEL]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/eval/polnear-dev/text}
focus=${2:-trump}
label=${3:-Donald J. Trump}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --release -q
bin=target/release/newsgraph
$bin build seeds --out "$tmp/seeds" -q --format dot,svg
cp "$tmp/seeds/graph.svg" docs/seed-graph.svg
$bin build "$corpus" --out "$tmp/all" -q --format dot,svg,html
cp "$tmp/all/graph.svg" docs/gallery-overview.svg
$bin build "$corpus" --out "$tmp/focus" -q --format dot,svg --focus "$focus" --hops 1
cp "$tmp/focus/graph.svg" docs/gallery-focus.svg
node scripts/browser/check.mjs "$tmp/all/graph.html" "$tmp/page.png" "$focus" "$label"
convert "$tmp/page.png" -colors 128 PNG8:docs/gallery-page.png
ls -l docs/seed-graph.svg docs/gallery-*
