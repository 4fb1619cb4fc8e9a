#!/usr/bin/env bash
# The store benchmark (issue 14's targets), in one command:
#
#     bench/store.sh                        # MB=100 by default
#     MB=1000 REAL="seeds ../shared/eval/polnear-dev/text" nice bench/store.sh
#
# Generates the corpus (bench/make_corpus.py, plus the articles of the REAL directories mixed
# in under distinct names: they are never committed), then measures with GNU time:
#   extract alone (facts to a file), the default build with 2 threads and with 1 thread
#   (graph.db + graph.json + graph.dot), checking that both graph.json are byte-identical;
# and on the store: the wall time of whole `newsgraph query` processes (opening included) for
# who-said of the most quoted speaker, about the most mentioned entity, and a shortest path
# between the two most quoted speakers. KEEP=1 keeps the corpus and outputs (they are big).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${MB:-100}
CORPUS=${CORPUS:-target/bench-store-corpus-$MB}
OUT=${OUT:-target/bench-store-out-$MB}
cargo build --release --quiet
BIN=target/release/newsgraph
if [ ! -f "$CORPUS/corpus.jsonl" ]; then
    real=()
    for d in ${REAL:-}; do real+=(--real "$d"); done
    python3 bench/make_corpus.py --mb "$MB" --out "$CORPUS" "${real[@]}"
fi
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
rm -rf "$OUT"; mkdir -p "$OUT"
echo "corpus: $(du -sh "$CORPUS/files" | cut -f1) in $(ls "$CORPUS/files" | wc -l) files; load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # name command...
    local name=$1; shift
    /usr/bin/time -v "$@" 2> "$OUT/$name.log" || { cat "$OUT/$name.log"; exit 1; }
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/$name.log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$OUT/$name.log")
    cpu=$(awk -F': ' '/Percent of CPU this job got/ {print $2}' "$OUT/$name.log")
    printf '%-14s wall %-9s peak RSS %-8s CPU %s\n' "$name" "$wall" "$rss" "$cpu"
    grep -m1 '^newsgraph: ' "$OUT/$name.log" | sed 's/^/               /' || true
}
measure extract-2t $BIN extract "$CORPUS/files" --out "$OUT/facts.jsonl" -q --threads 2
measure build-2t $BIN build "$CORPUS/files" --out "$OUT/b2" --threads 2 --timings
measure build-1t $BIN build "$CORPUS/files" --out "$OUT/b1" --threads 1 --timings
sed -n '/^stage /,/^wall/p' "$OUT/build-2t.log" | sed 's/^/   2 threads: /'
cmp -s "$OUT/b1/graph.json" "$OUT/b2/graph.json" && echo "graph.json identical for 1 and 2 threads" || { echo "ERROR: graph.json differs" >&2; exit 1; }
ls -la "$OUT/b2" | awk 'NR>1 {printf "   %-16s %8.1f MB\n", $9, $5/1e6}'
rm -f "$OUT/facts.jsonl"
read -r speaker other entity < <(python3 - "$OUT/b2/graph.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sp = [r[0] for r in c.execute("SELECT fsource, count(*) n FROM stmt_edges WHERE kind='quote' GROUP BY fsource ORDER BY n DESC, fsource LIMIT 2")]
en = c.execute("SELECT id FROM entities ORDER BY mentions DESC, id LIMIT 1").fetchone()[0]
print(sp[0], sp[1] if len(sp) > 1 else sp[0], en)
EOF
)
q() { # label args...
    local label=$1; shift
    local t0 t1
    t0=$(date +%s%N)
    $BIN query --graph "$OUT/b2/graph.db" "$@" > "$OUT/q.txt"
    t1=$(date +%s%N)
    printf '%-34s %6d ms  (%s lines)\n' "$label" $(( (t1 - t0) / 1000000 )) "$(wc -l < "$OUT/q.txt")"
}
q "open + resolve one name" path "$speaker" "$speaker"
q "who-said --speaker $speaker" who-said --speaker "$speaker"
q "who-said --about $entity" who-said --about "$entity"
q "path $speaker $other" path "$speaker" "$other"
q "neighbors $speaker" neighbors "$speaker"
[ -n "${KEEP:-}" ] || rm -rf "$OUT" "$CORPUS"
