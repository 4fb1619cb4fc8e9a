#!/usr/bin/env bash
# The newsgraph benchmark, in one command (from anywhere):
#
#     bench/run.sh            # MB=100 by default; MB=1000 bench/run.sh for the 1 GB run
#
# Builds the release binary, generates the synthetic corpus into target/bench-corpus (once;
# see bench/make_corpus.py), then builds the graph from it with --threads 1 and --threads 2
# (files) and --threads 2 (the same articles as one JSON-lines file), and prints MB/s,
# sentences/s, peak RSS (GNU time) and the time per pipeline stage (--timings). It also checks
# that the 1- and 2-thread graphs are byte-identical.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${MB:-100}
CORPUS=${CORPUS:-target/bench-corpus-$MB}
OUT=target/bench-out
# graph.json (the contract) only by default: the other exporters (and Graphviz rendering) are
# not part of the extraction pipeline; FORMAT=json,gexf,... to include them.
FORMAT=${FORMAT:-json}
cargo build --release --quiet
if [ ! -f "$CORPUS/corpus.jsonl" ]; then
    python3 bench/make_corpus.py --mb "$MB" --out "$CORPUS"
fi
if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (for peak RSS)" >&2
    apt-get install -y -qq time >/dev/null
fi
mkdir -p "$OUT"
echo "corpus: $CORPUS ($(du -sh "$CORPUS/files" | cut -f1) in $(ls "$CORPUS/files" | wc -l) files; $(du -sh "$CORPUS/corpus.jsonl" | cut -f1) as JSON lines)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share the cores)"
run() { # name threads input...
    local name=$1 threads=$2; shift 2
    local log="$OUT/$name.log"
    /usr/bin/time -v target/release/newsgraph build "$@" --out "$OUT/$name" --threads "$threads" --timings --format "$FORMAT" 2> "$log" || { cat "$log"; exit 1; }
    local summary rss cpu
    summary=$(grep -m1 '^newsgraph: build:' "$log" | sed 's/^newsgraph: build: //')
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$log")
    cpu=$(awk -F': ' '/Percent of CPU this job got/ {print $2}' "$log")
    echo
    echo "== $name: --threads $threads"
    echo "   $summary"
    echo "   peak RSS $rss, CPU use $cpu (200% = both cores)"
    sed -n '/^stage /,/^wall/p' "$log" | sed 's/^/   /'
}
run files-1t 1 "$CORPUS/files"
run files-2t 2 "$CORPUS/files"
run jsonl-2t 2 --jsonl "$CORPUS/corpus.jsonl"
echo
if cmp -s "$OUT/files-1t/graph.json" "$OUT/files-2t/graph.json"; then
    echo "graph.json identical for 1 and 2 threads"
else
    echo "ERROR: graph.json differs between 1 and 2 threads" >&2
    exit 1
fi
