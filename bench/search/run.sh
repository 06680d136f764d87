#!/usr/bin/env bash
# lingong's search against Pagefind (extended, for Chinese) on the 10k synthetic corpus of
# `lingong-site bench`: index build time, index size, and for each query the results found and
# the bytes a first query downloads in a fresh headless Chromium. See README, section Search.
#
#   bench/search/run.sh [CORPUS_DIR]      (default /tmp/lingong-search-bench)
#
# Needs: cargo, npm (for the pagefind package, which ships the extended binary), python3,
# /usr/bin/chromium. Nothing of Pagefind is kept in this repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:-/tmp/lingong-search-bench}
PAGEFIND_VERSION=1.6.0
PF=${PAGEFIND_PREFIX:-/tmp/lingong-pagefind-$PAGEFIND_VERSION}
QUERIES=(保洁 洗碗 搬运工 城关 池河镇 曾溪 bj 社保补贴)

cargo build --release -p lingong-site
rm -rf "$DIR"
echo "== lingong: corpus and builds (the summary line gives the search index's own time)"
./target/release/lingong-site bench --runs 1 --keep "$DIR"

echo "== Pagefind $PAGEFIND_VERSION (extended) on the same built site"
[ -d "$PF/node_modules/pagefind" ] || npm install --silent --prefix "$PF" "pagefind@$PAGEFIND_VERSION"
BIN=$(find "$PF/node_modules/@pagefind" -name pagefind_extended -type f | head -1)
# The same documents as our index: job and policy pages (not lists or posters), and only
# their <article>, not the header, navigation and footer every page shares.
/usr/bin/time -f "pagefind: wall %e s, peak RSS %M KB" \
  "$BIN" --site "$DIR/public" --glob "{jobs,policies}/*/index.html" --root-selector article \
  | grep -E "Indexed|Finished"

echo "== index size (files, bytes)"
count() { find "$@" -type f | wc -l; }
bytes() { find "$@" -type f -printf '%s\n' | awk '{s+=$1} END {print s}'; }
echo "lingong:  $(count "$DIR/public/search/t" "$DIR/public/search/d") files, $(bytes "$DIR/public/search/t" "$DIR/public/search/d") bytes (+ search.js $(stat -c %s "$DIR/public/search.js"))"
echo "pagefind: $(count "$DIR/public/pagefind") files, $(bytes "$DIR/public/pagefind") bytes"

echo "== first query in a fresh browser (first 20 results shown)"
python3 bench/search/compare.py "$DIR/public" "${QUERIES[@]}"
