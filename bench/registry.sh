#!/usr/bin/env bash
# Matching throughput and memory against registry size: the shipped registry,
# then the same overlaid with the full UN consolidated list and OFAC's SDN
# list, beside ripgrep on the same alias lists and the same text.
# Usage: bench/registry.sh   (needs ripgrep and ../shared/data/designations)
source "$(dirname "$0")/common.sh"
SHARED="$ROOT/../shared/data/designations"
[ -d "$SHARED" ] || { echo "needs $SHARED" >&2; exit 1; }
db="$OUT/registry.db"; rm -f "$db"*
"$RAMPART" designations import --list un --db "$db" "$SHARED/un_consolidated_2026-02-27.xml" >&2
"$RAMPART" designations import --list ofac --db "$db" "$SHARED/ofac_sdn_legacy_csv" >&2
"$RAMPART" designations aliases > "$OUT/aliases_shipped.txt"
"$RAMPART" designations aliases --db "$db" > "$OUT/aliases_big.txt"
texts="$ROOT/designation/testdata/bench/sim_posts.txt"
for _ in 1 2 3 4 5 6 7 8; do cat "$texts"; done > "$OUT/registry_texts.txt"
bytes=$(stat -c %s "$OUT/registry_texts.txt")
for list in shipped big; do
  t=$(best_of_3 "$CORE rg -F -i -j1 -f '$OUT/aliases_$list.txt' '$OUT/registry_texts.txt'")
  echo "rg, $(wc -l < "$OUT/aliases_$list.txt") aliases ($list): $(echo "scale=1; $bytes / 1000000 / $t" | bc -l) MB/s"
done
(cd "$ROOT" && GOMAXPROCS=1 go test -run XXX -bench FindByRegistrySize -benchtime 10x ./designation/ | grep Benchmark)
