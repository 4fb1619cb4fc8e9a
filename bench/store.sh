#!/usr/bin/env bash
# The store benchmark (issue 14's targets), in one command:
#
#     bench/store.sh                        # MB=100 by default
#     MB=1000 REAL="seeds ../shared/eval/polnear-dev/text" nice bench/store.sh
#
# Generates the corpus (bench/make_corpus.py, plus the articles of the REAL directories mixed
# in under distinct names: they are never committed), then measures with GNU time:
#   extract alone (facts to a file) and the default build (graph.db + graph.json + graph.dot/svg),
#   each with 2 threads and with 1, reporting wall time, CPU seconds (user+sys) and peak RSS,
#   and checks that both graph.json are byte-identical;
# and on the store: the wall time of whole `newsgraph query` processes (opening included) for
# who-said of the most quoted speaker, about the most mentioned entity and about the most
# frequent topic, a date range, and shortest paths from the most quoted speaker.
# ONE_THREAD=0 skips the 1-thread runs; KEEP=1 keeps the corpus and outputs (they are big).
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
    local wall rss cpu secs
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/$name.log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$OUT/$name.log")
    cpu=$(awk -F': ' '/Percent of CPU this job got/ {print $2}' "$OUT/$name.log")
    secs=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$OUT/$name.log")
    printf '%-12s wall %-9s CPU %7s s (%4s of a core)  peak RSS %s   load %s\n' "$name" "$wall" "$secs" "$cpu" "$rss" "$(cut -d' ' -f1 /proc/loadavg)"
}
measure extract-2t $BIN extract "$CORPUS/files" --out "$OUT/facts.jsonl" -q --threads 2
rm -f "$OUT/facts.jsonl"
if [ "${ONE_THREAD:-1}" != 0 ]; then
    measure extract-1t $BIN extract "$CORPUS/files" --out "$OUT/facts.jsonl" -q --threads 1
    rm -f "$OUT/facts.jsonl"
fi
measure build-2t $BIN build "$CORPUS/files" --out "$OUT/b2" --threads 2 --timings
if [ "${ONE_THREAD:-1}" != 0 ]; then
    measure build-1t $BIN build "$CORPUS/files" --out "$OUT/b1" --threads 1 --timings
    cmp -s "$OUT/b1/graph.json" "$OUT/b2/graph.json" && echo "graph.json identical for 1 and 2 threads" || { echo "ERROR: graph.json differs" >&2; exit 1; }
    rm -rf "$OUT/b1"
fi
sed -n '/^stage /,/^wall/p' "$OUT/build-2t.log" | sed 's/^/   2 threads: /'
for f in "$OUT"/b2/*; do printf '   %-16s %9.1f MB\n' "$(basename "$f")" "$(($(stat -c %s "$f") / 100000))e-1"; done
read -r speaker other entity topic < <(python3 - "$OUT/b2/graph.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sp = [r[0] for r in c.execute("SELECT speaker, count(*) n FROM said GROUP BY speaker ORDER BY n DESC, speaker LIMIT 2")]
en = c.execute("SELECT id FROM entities ORDER BY mentions DESC, id LIMIT 1").fetchone()[0]
top = c.execute("SELECT entity, count(*) n FROM about GROUP BY entity ORDER BY n DESC, entity LIMIT 1").fetchone()[0]
print(sp[0], sp[1] if len(sp) > 1 else sp[0], en, top)
EOF
)
echo "queries (whole processes, opening included; each run twice, the second shown):"
q() { # label args...
    local label=$1; shift
    local t0 t1 n
    for n in 1 2; do
        t0=$(date +%s%N)
        $BIN query --graph "$OUT/b2/graph.db" "$@" > "$OUT/q.txt"
        t1=$(date +%s%N)
    done
    printf '   %-58s %6d ms  %s\n' "$label" $(( (t1 - t0) / 1000000 )) "$(head -1 "$OUT/q.txt" | cut -c1-70)"
}
q "open + resolve a name (path X X)" path "$speaker" "$speaker"
q "who-said --speaker $speaker" who-said --speaker "$speaker"
q "who-said --speaker $speaker --json" --json who-said --speaker "$speaker"
q "who-said --about $entity" who-said --about "$entity"
q "who-said --about $topic" who-said --about "$topic"
q "who-said --speaker $speaker --since 2019-01 --until 2019-06" who-said --speaker "$speaker" --since 2019-01 --until 2019-06
q "path $speaker $other" path "$speaker" "$other"
q "path $speaker $entity" path "$speaker" "$entity"
q "neighbors $speaker" neighbors "$speaker"
q "stats" stats
[ -n "${KEEP:-}" ] || rm -rf "$OUT" "$CORPUS"
