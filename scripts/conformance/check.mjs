// Loads newsgraph exports with the JavaScript tools users load them with:
//   graphology        Graph.from(graph.graphology.json)
//   graphology-gexf   parse(graph.gexf)
//   @neo4j-cypher/language-support   lintCypherQuery(neo4j/import.cypher)
// and compares every node and edge with graph.json (the contract). Exits 1 on any mismatch.
//
// usage: node scripts/conformance/check.mjs OUTPUT_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const require = createRequire(import.meta.url);
const graphology = require('graphology');
const gexf = require('graphology-gexf');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: check.mjs OUTPUT_DIR');
  process.exit(2);
}
let failures = 0;
const fail = (msg) => {
  failures += 1;
  console.log(`FAIL ${msg}`);
};
const read = (p) => readFileSync(join(dir, p), 'utf8');

const contract = JSON.parse(read('graph.json'));
const nodes = new Map(contract.nodes.map((n) => [n.id, n]));
const nEdges = contract.edges.length;

// What XML 1.0 can carry (see src/export/xml.rs): other characters arrive as U+FFFD.
const xmlSafe = (s) =>
  Array.from(s)
    .map((c) => {
      const p = c.codePointAt(0);
      const ok = p === 9 || p === 10 || p === 13 || (p >= 0x20 && p <= 0xd7ff) ||
        (p >= 0xe000 && p <= 0xfffd) || p >= 0x10000;
      return ok ? c : '\uFFFD';
    })
    .join('');

// --- graphology
{
  const data = JSON.parse(read('graph.graphology.json'));
  const g = graphology.Graph.from(data);
  if (g.order !== nodes.size || g.size !== nEdges) {
    fail(`graphology: ${g.order} nodes / ${g.size} edges, graph.json has ${nodes.size} / ${nEdges}`);
  }
  if (g.type !== 'directed' || !g.multi) fail(`graphology: type ${g.type}, multi ${g.multi}`);
  for (const [id, n] of nodes) {
    if (!g.hasNode(id)) { fail(`graphology: node ${JSON.stringify(id)} missing`); continue; }
    const a = g.getNodeAttributes(id);
    if (a.label !== n.label) fail(`graphology: label of ${JSON.stringify(id)}: ${JSON.stringify(a.label)} != ${JSON.stringify(n.label)}`);
    if (JSON.stringify(a.aliases) !== JSON.stringify(n.aliases)) fail(`graphology: aliases of ${JSON.stringify(id)} differ`);
    if (typeof a.x !== 'number' || typeof a.y !== 'number' || typeof a.size !== 'number' || !/^#[0-9a-f]{6}$/.test(a.color)) {
      fail(`graphology: ${JSON.stringify(id)} lacks x/y/size/color`);
    }
  }
  const pairs = (list) => list.map((e) => `${e.source}\u0000${e.target}\u0000${e.relation}`).sort();
  const got = pairs(g.mapEdges((k, a, s, t) => ({ source: s, target: t, relation: a.relation })));
  if (JSON.stringify(got) !== JSON.stringify(pairs(contract.edges))) fail('graphology: edge endpoints/relations differ from graph.json');
  console.log(`ok graphology Graph.from: ${g.order} nodes, ${g.size} edges`);
}

// --- graphology-gexf
{
  const g = gexf.parse(graphology.MultiDirectedGraph, read('graph.gexf'));
  if (g.order !== nodes.size || g.size !== nEdges) {
    fail(`graphology-gexf: ${g.order} nodes / ${g.size} edges, graph.json has ${nodes.size} / ${nEdges}`);
  }
  for (const [id, n] of nodes) {
    const xid = xmlSafe(id);
    if (!g.hasNode(xid)) { fail(`graphology-gexf: node ${JSON.stringify(id)} missing`); continue; }
    const a = g.getNodeAttributes(xid);
    if ((a.label ?? '') !== xmlSafe(n.label)) fail(`graphology-gexf: label of ${JSON.stringify(id)}: ${JSON.stringify(a.label)}`);
    if (a.aliases !== xmlSafe(JSON.stringify(n.aliases))) fail(`graphology-gexf: aliases of ${JSON.stringify(id)}: ${a.aliases}`);
    if (a.type !== n.type) fail(`graphology-gexf: type of ${JSON.stringify(id)}: ${a.type}`);
    if (!a.color || typeof a.size !== 'number') fail(`graphology-gexf: ${JSON.stringify(id)} lacks viz color/size`);
  }
  let weights = 0;
  g.forEachEdge((k, a) => { if (a.weight === a.count && a.count >= 1) weights += 1; });
  if (weights !== nEdges) fail(`graphology-gexf: ${nEdges - weights} edges whose weight is not their count`);
  console.log(`ok graphology-gexf parse: ${g.order} nodes, ${g.size} edges`);
}

// --- Neo4j Cypher linter
{
  const script = read('neo4j/import.cypher');
  const { diagnostics } = lintCypherQuery(script, {});
  const errors = diagnostics.filter((d) => d.severity === 1);
  for (const d of diagnostics.slice(0, 10)) {
    const line = script.slice(0, d.offsets.start).split('\n').length;
    console.log(`  lint ${d.severity === 1 ? 'error' : 'warning'} line ${line}: ${d.message}`);
  }
  const statements = script.split('\n').filter((l) => l.trim() && !l.startsWith('//')).length;
  if (errors.length) fail(`cypher lint: ${errors.length} errors`);
  else console.log(`ok cypher lint: ${statements} statements, 0 errors, ${diagnostics.length} warnings`);
}

if (failures) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
