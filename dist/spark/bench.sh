#!/usr/bin/env bash
# Throughput of the Spark job in local mode against one `newsgraph build` on the same machine
# (dist/spark/README.md, "Throughput"). Needs pyspark in .venv and Java; prints a table.
#
#   dist/spark/bench.sh                  # MB=50 MASTER='local[2]' PARTITIONS=4
#   MB=200 PARTITIONS=8 dist/spark/bench.sh
#
# Each run is timed by GNU time (wall, user+sys CPU of the whole process tree, peak RSS of
# the largest process); the machine may be shared, so CPU seconds are the steadier figure.
# The Spark report's own figures (newsgraph extract's CPU, the naming pass, the merge) follow.
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${MB:-50}
MASTER=${MASTER:-local[2]}
PARTITIONS=${PARTITIONS:-4}
THREADS=${THREADS:-2}
WORK=${WORK:-target/spark-bench-$MB}
export PATH="$PWD/.venv/bin:$PATH" SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
command -v /usr/bin/time >/dev/null || apt-get install -y -qq --no-install-recommends time >/dev/null
cargo build --release --bin newsgraph -q
B=target/release/newsgraph
mkdir -p "$WORK"
[ -f "$WORK/corpus/corpus.jsonl" ] || python3 bench/make_corpus.py --mb "$MB" --out "$WORK/corpus" >/dev/null
IN="$WORK/corpus/files"
bytes=$(du -sb "$IN" | cut -f1)
docs=$(find "$IN" -name '*.txt' | wc -l)
echo "corpus: $docs articles, $((bytes / 1000000)) MB ($IN); master $MASTER, $PARTITIONS partitions, build -j$THREADS"

measure() {  # name, command...
  local name=$1; shift
  local tag=${name//[^a-z0-9]/_}
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.$tag" "$@" >"$WORK/log.$tag" 2>&1 || { echo "$name failed:"; tail -20 "$WORK/log.$tag"; exit 1; }
  read -r wall user sys rss <"$WORK/time.$tag"
  local extra=0
  [ -z "${EXTRA_CPU:-}" ] || extra=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(r["extract_cpu_seconds"] + r["names_cpu_seconds"] + r["worker_cpu_seconds"])' "$WORK/$EXTRA_CPU")
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$bytes" -v x="$extra" 'BEGIN {
    cpu = u + s + x; printf "%-34s %8.1f s %8.1f s %8.2f MB/s %8.2f MB/CPU-s %7.0f MB\n", n, w, cpu, b / 1e6 / w, b / 1e6 / cpu, r / 1024 }'
}

printf "%-34s %10s %10s %13s %16s %10s\n" run wall CPU throughput "per CPU-second" "peak RSS"
measure "build -j$THREADS (graph.json)" $B build "$IN" --out "$WORK/build" --format json -j "$THREADS" -q
measure "extract -j$THREADS (facts only)" $B extract "$IN" --out "$WORK/facts.jsonl" -j "$THREADS" -q
# GNU time does not see the CPU of PySpark's worker daemon's forks (never reaped by the JVM) nor
# of the newsgraph processes they run: the job's report measures those, and the table adds them.
JOB=(spark-submit --master "$MASTER" --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false
     --conf spark.driver.host=127.0.0.1 dist/spark/newsgraph_spark.py "$IN" --binary "$B" --partitions "$PARTITIONS")
EXTRA_CPU=report-extract.json measure "spark $MASTER, extract only" "${JOB[@]}" --facts "$WORK/spark-facts" --overwrite --report "$WORK/report-extract.json"
EXTRA_CPU=report-all.json measure "spark $MASTER, extract + merge" "${JOB[@]}" --facts "$WORK/spark-facts" --overwrite --out "$WORK/spark" --format json --report "$WORK/report-all.json"
cmp "$WORK/build/graph.json" "$WORK/spark/graph.json" && echo "graph.json: byte-identical"
cmp "$WORK/build/graph.db" "$WORK/spark/graph.db" && echo "graph.db: byte-identical"
python3 - "$WORK/report-all.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"inside the spark run: plan {r['plan_seconds']} s, naming pass {r['names_seconds']} s "
      f"(newsgraph --list-documents CPU {r['names_cpu_seconds']} s), extract stage {r['extract_seconds']} s "
      f"(Python workers' CPU, both passes, {r['worker_cpu_seconds']} s) "
      f"(newsgraph extract CPU {r['extract_cpu_seconds']} s), merge {r['merge_seconds']} s "
      f"(CPU {r['merge_cpu_seconds']} s, peak RSS {r['merge_max_rss_kb'] / 1024:.0f} MB), "
      f"facts {r['facts_bytes'] / 1e6:.0f} MB in {r['facts_files']} files")
EOF
