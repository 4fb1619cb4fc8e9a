#!/usr/bin/env python3
"""How much real article text survives clean-up.

    scripts/check_clean.py TEXT_DIR ATTRIBUTIONS_JSONL [--bin target/release/newsgraph]

Runs `newsgraph clean TEXT_DIR --json` and reports the share of gold attribution contents
(PolNeAR-style JSON lines with character `content_spans`) that lie entirely inside kept text
(title, deck or body paragraphs). Lists the contents that were dropped, with the rule that
dropped them. Standard library only.
"""
import argparse, collections, json, os, subprocess, sys

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("text_dir")
ap.add_argument("gold")
ap.add_argument("--bin", default="target/release/newsgraph")
args = ap.parse_args()

out = subprocess.run([args.bin, "clean", args.text_dir, "--json"], check=True, capture_output=True, text=True).stdout
kept, dropped = {}, {}
for line in out.splitlines():
    d = json.loads(line)
    path = os.path.join(args.text_dir, d["id"])
    raw = open(path, "rb").read()
    def char(b):  # byte offset -> character offset
        return len(raw[:b].decode("utf-8", errors="replace"))
    doc = os.path.splitext(d["id"])[0]
    kept[doc] = [(char(p["start"]), char(p["end"])) for p in d["paragraphs"] if p["role"] != "dropped"]
    dropped[doc] = [(char(p["start"]), char(p["end"]), p["rule"]) for p in d["paragraphs"] if p["role"] == "dropped"]

total, inside, lost = 0, 0, []
for line in open(args.gold, encoding="utf-8"):
    r = json.loads(line)
    spans = r.get("content_spans")
    if not spans or r["article"] not in kept:
        continue
    total += 1
    ok = all(any(a <= s and e <= b for a, b in kept[r["article"]]) for s, e in spans)
    if ok:
        inside += 1
    else:
        why = [rule for s, _ in spans for a, b, rule in dropped[r["article"]] if a <= s < b] or ["split across paragraphs"]
        lost.append((r["article"], why[0], r["content"][:90]))
for art, why, text in lost:
    print(f"dropped [{why}] {art}: {text!r}")
print(f"gold attribution contents inside kept text: {inside}/{total} = {inside / max(1, total):.4f}")
