# Shared set-up for the bench scripts: build rampart once, pin to one core.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out}"
mkdir -p "$OUT"
export PATH="/usr/local/go/bin:$PATH"
RAMPART="$OUT/rampart"
(cd "$ROOT" && go build -o "$RAMPART" ./cmd/rampart)
CORE="taskset -c 0"
command -v taskset >/dev/null || CORE=""

# Extracts post texts, one per line (newlines inside a post become spaces).
extract_texts() { # in.jsonl out.txt
  python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for line in f:
        r = json.loads(line)
        if r.get("kind") == "post" and r.get("text"):
            o.write(r["text"].replace("\n", " ").replace("\r", " ") + "\n")
PY
}

# seconds WALL_SECONDS_OF_COMMAND: the best of 3 runs of a shell command.
best_of_3() {
  local best="" t
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); bash -c "$1" >/dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}
