#!/usr/bin/env bash
# Load run of lingong-intake: valid JSON submissions from 64 connections for 30 s (wrk),
# against the release binary on a copy of the sample site. Prints throughput, latency, the
# rows durably stored per second, peak RSS, and the raw SQLite commit rates of this disk.
#
#   bench/intake/run.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${1:-30}
CONNECTIONS=${2:-64}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p lingong-intake --manifest-path "$ROOT/Cargo.toml"
BIN="$ROOT/target/release/lingong-intake"

WORK=$(mktemp -d /tmp/lingong-intake-bench.XXXXXX)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r "$ROOT/config.toml" "$ROOT/content" "$WORK/"
# No rate limit for the load run: every connection comes from 127.0.0.1.
if grep -q '^\[intake\]' "$WORK/config.toml"; then
  sed -i '/^\[intake\]/a rate_per_minute = 10000000\nrate_burst = 10000000' "$WORK/config.toml"
else
  printf '\n[intake]\nrate_per_minute = 10000000\nrate_burst = 10000000\n' >> "$WORK/config.toml"
fi

"$BIN" --root "$WORK" serve --listen 127.0.0.1:0 > "$WORK/out.log" 2> "$WORK/err.log" &
PID=$!
for _ in $(seq 100); do grep -q 'http://' "$WORK/out.log" && break; sleep 0.1; done
ADDR=$(grep -o 'http://[0-9.:]*' "$WORK/out.log" | head -1 || true)
if [ -z "$ADDR" ]; then echo "lingong-intake did not start:" >&2; cat "$WORK/err.log" >&2; exit 1; fi
echo "lingong-intake $ADDR (pid $PID), $CONNECTIONS connections, ${DURATION}s"

wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$HERE/post.lua" "$ADDR" | grep -E "^(wrk:|latency|errors:)"
RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
kill -TERM "$PID"; wait "$PID" || true
ROWS=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from submissions').fetchone()[0])" "$WORK/data/lingong.db")
echo "stored: $ROWS submissions, $((ROWS / DURATION)) durable submissions/s; peak RSS $((RSS_KB / 1024)) MB"
"$BIN" bench-sqlite --path "$WORK/raw.db"
