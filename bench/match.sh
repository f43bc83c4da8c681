#!/usr/bin/env bash
# rampart match against ripgrep on the same generated corpus, one core each.
# Usage: bench/match.sh [POSTS]   (needs ripgrep: apt-get install ripgrep)
source "$(dirname "$0")/common.sh"
POSTS="${1:-300000}"
command -v rg >/dev/null || { echo "ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 1; }

"$RAMPART" sim --seed 11 --accounts 5000 --posts "$POSTS" -o "$OUT/match_sim.jsonl" 2>/dev/null
extract_texts "$OUT/match_sim.jsonl" "$OUT/texts.txt"
"$RAMPART" designations aliases > "$OUT/aliases.txt"
bytes=$(stat -c %s "$OUT/texts.txt")
lines=$(wc -l < "$OUT/texts.txt")

t_rampart=$(best_of_3 "GOMAXPROCS=1 $CORE '$RAMPART' match < '$OUT/texts.txt'")
t_rg=$(best_of_3 "$CORE rg -F -i -f '$OUT/aliases.txt' -j1 '$OUT/texts.txt'")

mb() { echo "scale=1; $bytes / 1000000 / $1" | bc -l; }
echo "input: $lines lines, $bytes bytes; aliases: $(wc -l < "$OUT/aliases.txt")"
echo "rampart match (normalise + match, JSON out): $(mb "$t_rampart") MB/s, $(echo "scale=0; $lines / $t_rampart" | bc -l) lines/s"
echo "rg -F -i -f aliases.txt (raw bytes, lines out): $(mb "$t_rg") MB/s"
echo "ratio rampart/rg: $(echo "scale=2; $t_rg / $t_rampart" | bc -l)"
