#!/usr/bin/env python3
"""Plain-text articles from a UD GUM CoNLL-U file, one file per document, for a blind check.

    scripts/gum_texts.py CONLLU OUT_DIR [--genres news,bio,...]

Reads a GUM CoNLL-U file (documents start with `# newdoc id = GUM_<genre>_<name>`, every
sentence has a `# text = ...` line, a paragraph starts at a `# newpar` line) and writes
`OUT_DIR/<docid>.txt` for each document of the chosen genres: the sentences of a paragraph
joined by a space, a blank line between paragraphs, a final newline. The genre is the second
part of the document id. Default genres: the written, edited ones (news, bio, interview, speech,
letter, academic, court, essay, textbook, voyage); fiction, conversation, vlog, podcast and whow
are skipped. Prints the number of documents and their total size.

Example (the GUM test blind check):
    python3 scripts/gum_texts.py ../shared/ud/en_gum-ud-test.conllu /tmp/blind-gum/text
Standard library only.
"""
import argparse, os, re

DEFAULT = "news,bio,interview,speech,letter,academic,court,essay,textbook,voyage"

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("conllu")
ap.add_argument("out_dir")
ap.add_argument("--genres", default=DEFAULT, help=f"comma-separated (default {DEFAULT})")
args = ap.parse_args()
genres = set(args.genres.split(","))

docs = []  # (docid, [paragraph: [sentence text]])
with open(args.conllu, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        m = re.match(r"# newdoc id = (\S+)", line)
        if m:
            docs.append((m.group(1), []))
        elif line == "# newpar" or line.startswith("# newpar "):
            if docs:
                docs[-1][1].append([])
        elif line.startswith("# text = "):
            if not docs:
                continue
            paras = docs[-1][1]
            if not paras:  # a document whose first sentence carries no newpar
                paras.append([])
            paras[-1].append(line[len("# text = "):].strip())

os.makedirs(args.out_dir, exist_ok=True)
n = size = 0
for docid, paras in docs:
    parts = docid.split("_")
    if len(parts) < 3 or parts[1] not in genres:
        continue
    text = "\n\n".join(" ".join(p) for p in paras if p) + "\n"
    with open(os.path.join(args.out_dir, docid + ".txt"), "w", encoding="utf-8") as out:
        out.write(text)
    n += 1
    size += len(text.encode("utf-8"))
print(f"{n} documents, {size} bytes, in {args.out_dir}")
