#!/usr/bin/env python3
"""Blind check of action and role edges: a fixed-seed sample to judge by hand.

    scripts/sample_edges.py GRAPH_JSON --kind action|role [--n 50] [--seed 13] [--judge FILE]

Reads a `graph.json` made by `newsgraph build`, draws `--n` edges of the kind (`action` counts
action and membership edges) with the given seed (the draw depends only on the seed and the
sorted edge keys, so the same graph gives the same sample), and prints for each: source,
relation and target (labels and types), the negation and modality the edge carries, whether it
was read inside someone's statement, the rule, the words that expressed it and the sentence it
came from, so a reader can judge it from the evidence alone (no gold is read).

With `--judge FILE` (one line per sampled edge, in order: `y` right, `p` partly right, `n`
wrong; text after `#` is a comment), prints the precision: right / all (and with partly right
counted as half).
Standard library only.
"""
import argparse, json, random, sys

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("graph")
ap.add_argument("--kind", choices=["action", "role"], required=True)
ap.add_argument("--n", type=int, default=50)
ap.add_argument("--seed", type=int, default=13)
ap.add_argument("--judge", help="judgements, one per line: y / p / n")
args = ap.parse_args()

g = json.load(open(args.graph, encoding="utf-8"))
nodes = {n["id"]: n for n in g["nodes"]}
kinds = {"action": {"action", "membership"}, "role": {"role"}}[args.kind]
edges = sorted((e for e in g["edges"] if e.get("kind") in kinds),
               key=lambda e: (e["source"], e["relation"], e["target"], e.get("key", "")))
sample = random.Random(args.seed).sample(edges, min(args.n, len(edges)))

if args.judge:
    marks = [l.split("#")[0].strip() for l in open(args.judge, encoding="utf-8") if l.split("#")[0].strip()]
    if len(marks) != len(sample):
        sys.exit(f"{args.judge}: {len(marks)} judgements for {len(sample)} edges")
    y, p = marks.count("y"), marks.count("p")
    print(f"{args.kind}: right {y}/{len(marks)} = {y / len(marks):.3f}; "
          f"with partly right as half {(y + p / 2) / len(marks):.3f} (partly {p}, wrong {marks.count('n')})")
    sys.exit(0)

for i, e in enumerate(sample, 1):
    s, t = nodes[e["source"]], nodes[e["target"]]
    ev = e["evidence"][0]
    flags = []
    if e.get("negated"):
        flags.append("negated")
    if e.get("modality"):
        flags.append(f"modality={e['modality']}")
    if ev.get("according_to"):
        sp = nodes.get(ev["according_to"], {})
        flags.append(f"according to {sp.get('source_text', '?')!r}")
    print(f"#{i} {s['label']} [{s['type']}] –{e['relation']}→ {t['label']} [{t['type']}]"
          + (f"  ({', '.join(flags)})" if flags else ""))
    print(f"  rule {ev.get('rule')}  surface {ev.get('surface')!r}  doc {ev['doc']}  x{e.get('count', 1)}")
    print("  sentence: " + " ".join(ev["text"].split()))
    print()
