#!/usr/bin/env bash
# One large document of 1–100 MB per run: wall and CPU time, peak memory and the time of each
# stage, to show that a document costs time linear in its length (issue 15).
#
#     bench/bigdoc.sh                          # 1 2 5 10 20 50 100 MB, paragraphs, default cap
#     SHAPE=line bench/bigdoc.sh               # the same text on one line
#     CAP=0 SIZES="1 2 4 8" bench/bigdoc.sh    # no --max-doc-bytes: one part, the stages alone
#
# The document is the synthetic corpus of bench/make_corpus.py (100 MB, generated once into
# target/bench-corpus-100, as bench/run.sh does) concatenated: articles separated by blank lines
# (SHAPE=paragraphs) or joined into one line (SHAPE=line). `build --format json -j 1 --timings`
# under GNU time; CPU s/MB is the column to read on a shared machine. Figures: bench/README.md,
# "One large document".
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1 2 5 10 20 50 100"}
SHAPE=${SHAPE:-paragraphs}
CAP=${CAP:-}
CORPUS=${CORPUS:-target/bench-corpus-100}
OUT=target/bench-bigdoc
cargo build --release --quiet
if [ ! -f "$CORPUS/corpus.jsonl" ]; then
    python3 bench/make_corpus.py --mb 100 --out "$CORPUS"
fi
if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (for peak RSS)" >&2
    apt-get install -y -qq time >/dev/null
fi
mkdir -p "$OUT"
echo "shape: $SHAPE; --max-doc-bytes: ${CAP:-default (4M)}; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s %6s %9s %9s %9s %9s | %s\n' "MB" "parts" "wall s" "CPU s" "CPU s/MB" "RSS MB" "stages (s): text mentions coref relations facts merge finalize export"
for mb in $SIZES; do
    doc="$OUT/doc-$SHAPE-$mb.txt"
    python3 - "$CORPUS/corpus.jsonl" "$doc" "$mb" "$SHAPE" <<'PY'
import json, sys
src, dst, mb, shape = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
want, n = int(mb * 1e6), 0
with open(dst, "w") as out:
    for line in open(src, encoding="utf-8"):
        t = json.loads(line)["text"]
        t = " ".join(t.split()) + " " if shape == "line" else t.strip() + "\n\n"
        out.write(t)
        n += len(t.encode())
        if n >= want:
            break
PY
    log="$OUT/log-$SHAPE-$mb"
    rm -rf "$OUT/out"
    /usr/bin/time -v target/release/newsgraph build "$doc" --out "$OUT/out" --format json -j 1 --timings ${CAP:+--max-doc-bytes "$CAP"} 2> "$log" || { cat "$log"; exit 1; }
    real_mb=$(awk -v b="$(stat -c %s "$doc")" 'BEGIN { printf "%.1f", b / 1e6 }')
    parts=$(grep -m1 '^newsgraph: build:' "$log" | sed 's/^newsgraph: build: \([0-9]*\) documents.*/\1/')
    wall=$(awk '/^wall / {print $2}' "$log")
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u + s}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
    per=$(awk -v c="$cpu" -v m="$real_mb" 'BEGIN { printf "%.2f", c / m }')
    stages=$(awk '/^(clean|mentions|coref|relations|facts|merge|finalize|export)/ {printf "%s ", $(NF-1)}' "$log")
    printf '%8s %6s %9s %9s %9s %9s | %s\n' "$real_mb" "$parts" "$wall" "$cpu" "$per" "$rss" "$stages"
done
