#!/usr/bin/env bash
# rampart scan posts/s on one core and peak RSS as the input grows: first the
# text path (parse, normalise, designation match, policy; no classifier, no
# analyzers, no database), then the default scan (classifier beside
# designation signals, bot analyzer over windows).
# Usage: bench/scan.sh [SIZES...]   (posts; default 100000 400000 1600000)
source "$(dirname "$0")/common.sh"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 400000 1600000)
run() { # label, extra flags...
  local label=$1; shift
  echo "$label"
  printf "%10s %12s %14s %14s %12s\n" posts bytes posts/s/core posts/cpu-s peak_RSS_MB
  for n in "${SIZES[@]}"; do
    f="$OUT/scan_$n.jsonl"
    [ -f "$f" ] || "$RAMPART" sim --seed 5 --accounts $((n / 20 + 100)) --posts "$n" -o "$f" 2>/dev/null
    posts=$(grep -c '^{"kind":"post"' "$f")
    log=$(mktemp)
    s=$(date +%s.%N)
    GOMAXPROCS=1 /usr/bin/time -v $CORE "$RAMPART" scan --no-store --workers 1 "$@" "$f" >/dev/null 2>"$log"
    e=$(date +%s.%N)
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$log")
    cpu=$(awk -F: '/User time|System time/ {gsub(/ /,"",$2); t+=$2} END {print t}' "$log")
    printf "%10d %12d %14.0f %14.0f %12.1f\n" "$n" "$(stat -c %s "$f")" "$(echo "$posts / ($e - $s)" | bc -l)" "$(echo "$posts / $cpu" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    rm -f "$log"
  done
}
run "text path (--no-classifier --analyzers none)" --no-classifier --analyzers none
[ -n "${TEXT_ONLY:-}" ] || run "default scan (classifier, bot analyzer)"
