#!/usr/bin/env python3
"""Blind check of action and role edges and of statements: a fixed-seed sample to judge by hand.

    scripts/sample_edges.py GRAPH_JSON --kind action|role|statement [--n 50] [--seed 13] [--judge FILE]
                            [--texts DIR]

Reads a `graph.json` made by `newsgraph build`, draws `--n` edges of the kind (`action` counts
action and membership edges) with the given seed (the draw depends only on the seed and the
sorted edge keys, so the same graph gives the same sample), and prints for each: source,
relation and target (labels and types), the negation and modality the edge carries, whether it
was read inside someone's statement, the rule, the words that expressed it and the sentence it
came from, so a reader can judge it from the evidence alone (no gold is read). For
`statement`, draws statement nodes and prints the resolved speaker (or none), the speaker as
written, the cue and the content; with `--texts DIR` (the build's input directory) also the
300 characters before the content, to judge a pronoun or a continuation.

With `--judge FILE` (one line per sampled edge, in order: `y` right, `p` partly right, `n`
wrong; text after `#` is a comment), prints the precision: right / all (and with partly right
counted as half).
Standard library only.
"""
import argparse, json, random, sys

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("graph")
ap.add_argument("--kind", choices=["action", "role", "statement"], required=True)
ap.add_argument("--n", type=int, default=50)
ap.add_argument("--seed", type=int, default=13)
ap.add_argument("--judge", help="judgements, one per line: y / p / n")
ap.add_argument("--texts", help="the input directory, to print what comes before a statement")
args = ap.parse_args()

g = json.load(open(args.graph, encoding="utf-8"))
nodes = {n["id"]: n for n in g["nodes"]}
if args.kind == "statement":
    edges = sorted((n for n in g["nodes"] if n.get("type") == "Statement"), key=lambda n: n["id"])
else:
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

if args.kind == "statement":
    said = {}
    for e in g["edges"]:
        if e.get("kind") == "quote":
            said.setdefault(e["target"], []).append(nodes[e["source"]])
    for i, st in enumerate(sample, 1):
        who = ", ".join(f"{n['label']} [{n['type']}]" for n in said.get(st["id"], [])) or "(no speaker node)"
        doc = st.get("doc") or (st.get("docs") or ["?"])[0]
        print(f"#{i} {who}  as {st.get('source_text')!r}  cue {st.get('cue')!r}  "
              f"{'direct' if st.get('direct') else 'reported'}  rule {st.get('rule')}  doc {doc}")
        if args.texts and st.get("start") is not None:
            try:
                raw = open(f"{args.texts}/{doc}", "rb").read()
                before = raw[max(0, st["start"] - 300):st["start"]].decode("utf-8", "replace")
                print("  before: …" + " ".join(before.split()))
            except OSError:
                pass
        print("  content: " + " ".join((st.get("text") or "").split()))
        print()
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
