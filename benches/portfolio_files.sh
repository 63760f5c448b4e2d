#!/usr/bin/env bash
# CSV against Parquet for the offline command line, at 1 M and 10 M rows:
# rows per second and peak resident memory of `classify` (flat Parquet
# output) and `pyramid` (grouped by region) over the same generated
# portfolio in each format.
#
#   cargo build --release && benches/portfolio_files.sh [ROWS...]
#
# ROWS defaults to "1000000 10000000". Files go to ${BENCH_DIR:-/tmp/stage-scorer-bench}
# (10 M rows take about 1.8 GB as CSV and 0.6 GB as Parquet) and are kept
# for a rerun. Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/target/release/stage-scorer"
DIR="${BENCH_DIR:-/tmp/stage-scorer-bench}"
mkdir -p "$DIR"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

# measure LABEL ROWS CMD...: wall seconds, rows/s and peak RSS of CMD.
measure() {
  local label="$1" rows="$2"
  shift 2
  local log="$DIR/time.log"
  /usr/bin/time -v "$@" 2>"$log" >/dev/null || {
    # classify exits 1 when records failed; anything else is a failure.
    grep -q "Exit status: 1" "$log" || { cat "$log" >&2; exit 1; }
  }
  local wall rss
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
  awk -v l="$label" -v n="$rows" -v w="$wall" -v r="$rss" \
    'BEGIN { printf "| %-34s | %10d | %7.1f s | %9.0f | %7.1f MiB |\n", l, n, w, n / w, r / 1024 }'
}

echo "| run | rows | wall | rows/s | peak RSS |"
echo "|---|---|---|---|---|"
for rows in ${@:-1000000 10000000}; do
  for format in csv parquet; do
    file="$DIR/p$rows.$format"
    [ -s "$file" ] || "$BIN" generate -n "$rows" --seed 42 --currency USD --no-progress -o "$file"
    measure "classify $format -> flat parquet" "$rows" \
      "$BIN" classify --no-progress "$file" -o "$DIR/result.parquet"
    measure "pyramid $format --group-by region" "$rows" \
      "$BIN" pyramid --no-progress "$file" --group-by region -o "$DIR/report.txt"
  done
  ls -l "$DIR/p$rows.csv" "$DIR/p$rows.parquet" | awk '{ printf "    %s: %.0f MB\n", $9, $5 / 1e6 }'
done
