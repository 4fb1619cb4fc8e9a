#!/usr/bin/env bash
# Real-tool conformance of one export folder (what `newsgraph build … --out DIR` writes):
#   Graphviz dot     renders graph.dot to SVG with every node and edge (the SVG is well-formed XML)
#   xmllint          validates graph.gexf against the GEXF 1.3 RelaxNG schema; graph.graphml is well-formed
#   networkx         reads graph.json (node_link_graph), graph.gexf, graph.graphml
#   FalkorDB         runs neo4j/import.cypher twice, replays neo4j/apoc.jsonl as apoc.import.json does
#   Kuzu             COPYs neo4j/nodes.csv + neo4j/relationships.csv
#   graphology       Graph.from(graph.graphology.json); graphology-gexf parses graph.gexf
#   Neo4j linter     lintCypherQuery(neo4j/import.cypher)
# Every count is compared with graph.json. Tools are installed by .ci/run (Python venv in .venv,
# npm packages in scripts/conformance/node_modules); a missing tool is a failure.
# The GEXF schema is ../shared/schemas/gexf-1.3/gexf.rng beside the project, or $NEWSGRAPH_GEXF_SCHEMA.
#
# usage: scripts/conformance.sh OUTPUT_DIR
set -euo pipefail

dir=${1:?usage: scripts/conformance.sh OUTPUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$dir" && pwd)
here="$root/scripts/conformance"
py="$root/.venv/bin/python"
[ -x "$py" ] || py=python3

need() { command -v "$1" >/dev/null || { echo "FAIL missing tool: $1 ($2)"; exit 1; }; }
need dot "apt-get install graphviz"
need xmllint "apt-get install libxml2-utils"
need node "apt-get install nodejs npm"
[ -d "$here/node_modules/graphology" ] || { echo "FAIL missing npm packages: (cd scripts/conformance && npm ci)"; exit 1; }

for f in graph.json graph.dot graph.gexf graph.graphml graph.graphology.json \
         neo4j/import.cypher neo4j/nodes.csv neo4j/relationships.csv neo4j/apoc.jsonl; do
  [ -s "$dir/$f" ] || { echo "FAIL $dir/$f missing or empty"; exit 1; }
done

"$py" "$here/check.py" graphviz "$dir"

schema=${NEWSGRAPH_GEXF_SCHEMA:-$root/../shared/schemas/gexf-1.3/gexf.rng}
if [ -f "$schema" ]; then
  xmllint --noout --nonet --relaxng "$schema" "$dir/graph.gexf" 2>&1 | sed 's/^/  /'
  echo "ok xmllint --relaxng gexf.rng graph.gexf"
else
  xmllint --noout --nonet "$dir/graph.gexf"
  echo "ok xmllint graph.gexf well-formed (schema $schema not present: not validated)"
fi
xmllint --noout --nonet "$dir/graph.graphml"
echo "ok xmllint graph.graphml well-formed"

"$py" "$here/check.py" networkx "$dir"
"$py" "$here/check.py" falkordb "$dir"
"$py" "$here/check.py" kuzu "$dir"
(cd "$here" && node check.mjs "$dir")
echo "conformance ok: $dir"
