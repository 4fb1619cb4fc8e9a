#!/usr/bin/env python3
"""Blind check of speakers: a fixed-seed sample of statements to judge by hand.

    scripts/sample_statements.py GRAPH_JSON TEXT_DIR [--n 40] [--seed 13] [--judge FILE]

Reads a `graph.json` made by `newsgraph build TEXT_DIR`, draws `--n` statements with the given
seed (the draw depends only on the seed and the sorted statement ids, so the same graph gives
the same sample), and prints for each: the resolved speaker (label and type, or "-" when the
statement has no speaker node), the speaker as written (`source_text`), the cue, the content,
and the paragraph around it from the article, so a reader can judge the speaker from the
evidence alone (no gold is read).

With `--judge FILE` (one line per sampled statement, in order: `y` right speaker, `n` wrong,
`-` not a statement at all), prints the precision: right / (right + wrong + not a statement).
Standard library only.
"""
import argparse, json, os, random, sys

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("graph")
ap.add_argument("text_dir")
ap.add_argument("--n", type=int, default=40)
ap.add_argument("--seed", type=int, default=13)
ap.add_argument("--judge", help="judgements, one per line: y / n / -")
args = ap.parse_args()

g = json.load(open(args.graph, encoding="utf-8"))
nodes = {n["id"]: n for n in g["nodes"]}
speaker = {}
for e in g["edges"]:
    if e.get("kind") == "quote" and nodes.get(e["target"], {}).get("type") == "Statement":
        speaker.setdefault(e["target"], []).append(e["source"])
statements = sorted((n for n in g["nodes"] if n.get("type") == "Statement"), key=lambda n: n["id"])
sample = random.Random(args.seed).sample(statements, min(args.n, len(statements)))

if args.judge:
    marks = [l.split("#")[0].strip() for l in open(args.judge, encoding="utf-8") if l.split("#")[0].strip()]
    if len(marks) != len(sample):
        sys.exit(f"{args.judge}: {len(marks)} judgements for {len(sample)} statements")
    right = marks.count("y")
    print(f"speaker right {right}/{len(marks)} = {right / len(marks):.3f} "
          f"(wrong {marks.count('n')}, not a statement {marks.count('-')})")
    sys.exit(0)


def paragraph(doc, start, end):
    raw = open(os.path.join(args.text_dir, doc), "rb").read()
    a = raw.rfind(b"\n", 0, start) + 1
    b = raw.find(b"\n", end)
    b = len(raw) if b < 0 else b
    # the paragraph before too: continuations and pronouns point back
    pa = raw.rfind(b"\n", 0, max(0, a - 2)) + 1
    return raw[pa:b].decode("utf-8", errors="replace")


for i, st in enumerate(sample, 1):
    sp = [nodes[s] for s in speaker.get(st["id"], [])]
    who = ", ".join(f"{n['label']} [{n['type']}]" for n in sp) or "-"
    print(f"#{i} {st['doc']} {st['start']}..{st['end']} {st.get('rule', '')}")
    print(f"  speaker: {who}   as written: {st.get('source_text', '')!r}   cue: {st.get('cue', '')!r}")
    print(f"  content: {st.get('text', '')}")
    print("  context: " + paragraph(st["doc"], st["start"], st["end"]).replace("\n", "\n           "))
    print()
