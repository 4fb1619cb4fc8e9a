#!/usr/bin/env python3
"""Checks that the Spark job gives what `newsgraph build` gives, in local mode (`.ci/run`).

    python3 dist/spark/check_equality.py --binary target/release/newsgraph \\
        --dump target/release/examples/store_dump [--mb 12] [--work target/spark-check]

Run from the project root, with pyspark importable and Java on the PATH. For each corpus it
builds the reference with `newsgraph build` and runs the job (`newsgraph_spark.run`) in one
`local[2]` Spark session with 1, 3 and 7 partitions, and requires `graph.json` and `graph.db`
to be the same bytes as the reference's:

* the seeds;
* an awkward corpus: nested directories, names with spaces and accents, names starting with
  `_` and `.` (which Spark's listing skips), a BOM, UTF-16, invalid UTF-8, CRLF, a binary and an
  empty file, one id claimed by files of several roots and a file given twice, documents read in
  parts, and a JSON-lines dump with repeated ids (whole and in parts), blank, bad and CRLF
  lines; the ids must be renamed as `build` renames them, and its warnings must be the ones
  `build` prints;
* a corpus of a few thousand articles from bench/make_corpus.py, as files (1, 3, 7
  partitions), its first 1,000 as JSON lines (3 partitions), and 400 as Parquet (3 partitions);

and then the failure semantics: a facts file merged twice (a retried task's output seen twice)
and the facts files merged in reverse order give the same `graph.json` and the same store
content (`store_dump`); a document that crashes `newsgraph extract` is reported and left out,
and the rest equals a build without it. Prints one line per check and `N passed, N failed`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import newsgraph_spark  # noqa: E402


RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}", flush=True)


def sh(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return p


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def first_difference(a, b):
    with open(a, encoding="utf-8", errors="replace") as fa, open(b, encoding="utf-8", errors="replace") as fb:
        for n, (x, y) in enumerate(zip(fa, fb), 1):
            if x != y:
                return f"line {n}: {x.strip()[:160]!r} vs {y.strip()[:160]!r}"
    return "lengths differ"


DUMPS = {}


def compare_sets(name, ref, out, dump=None, db_bytes=True):
    j = same_bytes(os.path.join(ref, "graph.json"), os.path.join(out, "graph.json"))
    check(f"{name}: graph.json byte-identical", j, "" if j else first_difference(os.path.join(ref, "graph.json"), os.path.join(out, "graph.json")))
    if db_bytes:
        d = same_bytes(os.path.join(ref, "graph.db"), os.path.join(out, "graph.db"))
        check(f"{name}: graph.db byte-identical", d)
    if dump:
        if ref not in DUMPS:
            DUMPS[ref] = sh([dump, ref]).stdout
        a, b = DUMPS[ref], sh([dump, out]).stdout
        check(f"{name}: graph.db logically identical (store_dump)", a == b)


def build_warnings(stderr):
    """Warnings of a local build about single documents (not the store's notes)."""
    out = set()
    for line in stderr.splitlines():
        line = line.removeprefix("newsgraph: ")
        if line.startswith("warning: ") and "replaces the earlier version" not in line and "has the same text as" not in line:
            out.add(line.removeprefix("warning: "))
    return out


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def awkward_corpus(root, seeds):
    """Every input case the job must name and decode as `build` does."""
    shutil.rmtree(root, ignore_errors=True)
    names = sorted(n for n in os.listdir(seeds) if n.endswith(".txt"))
    texts = [open(os.path.join(seeds, n), "rb").read() for n in names]
    said = "Russian Foreign Minister Sergey Lavrov said on Monday that Moscow would support the plan.\n"
    write(f"{root}/files/{names[0]}", texts[0])
    write(f"{root}/files/2016/09/{names[1]}", texts[1])
    write(f"{root}/files/2016/10/{names[2]}", texts[2])
    write(f"{root}/files/with space ü/{names[3]}", texts[3])
    write(f"{root}/files/_drafts/{names[4]}", texts[4])
    write(f"{root}/files/.hidden-{names[4]}", texts[4].replace(b"Russia", b"Belarus"))
    write(f"{root}/files/_underscore.txt", said.replace("Monday", "Tuesday"))
    # The same file name in two directories, given as two roots (and one again by itself): one
    # id claimed thrice, the later documents renamed after their paths, with a warning.
    write(f"{root}/files/a/same-name.txt", said)
    write(f"{root}/files/b/same-name.txt", said.replace("Lavrov", "Lavrov's deputy Ivan Petrov"))
    # A file read in parts (--max-doc-bytes), given twice: the second is renamed, its parts follow.
    write(f"{root}/files/long.txt", "".join(said.replace("Monday", f"day {i}") + "\n" for i in range(40)))
    write(f"{root}/files/bom.txt", b"\xef\xbb\xbf" + said.encode())
    write(f"{root}/files/utf16.txt", b"\xff\xfe" + said.replace("plan", "deal").encode("utf-16-le"))
    write(f"{root}/files/bad-utf8.txt", said.encode()[:10] + b"\xff" + said.encode()[10:].replace(b"plan", b"road map"))
    write(f"{root}/files/crlf_2016-09-14.txt", said.replace("\n", "\r\n").replace("plan", "proposal"))
    write(f"{root}/files/binary.txt", b"GIF89a\0\0\x01\x02")
    write(f"{root}/files/empty.txt", b" \n")
    write(f"{root}/files/notes.md", "Not read: the glob is *.txt.\n")
    lines = [
        json.dumps({"id": "wire-1", "text": "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin.", "date": "2017-06-01", "source": "DPA"}),
        "",
        json.dumps({"id": "wire-2", "text": said}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "wire-1", "text": "German Chancellor Angela Merkel met Italian Prime Minister Paolo Gentiloni in Rome.", "title": "Second version"}),
        json.dumps({"id": 42, "text": "Chinese Foreign Minister Wang Yi said Beijing wanted talks.", "date": "2017-02-30"}),
        json.dumps({"id": "wire-3", "text": "   "}),
        json.dumps({"id": "wire-4", "text": "Japanese Prime Minister Shinzo Abe visited Washington.\u2028Abe said the visit went well."}) + "\r",
        json.dumps({"id": "same-name.txt", "text": "A JSON line with the id of a file: it is renamed, as in build."}),
        # Taken by the renamed second wire-1; an article in parts whose id comes twice.
        json.dumps({"id": "wire-1#2", "text": "Abe said the visit went well."}),
        json.dumps({"id": "long", "text": "".join(said.replace("Monday", f"week {i}") + "\n" for i in range(30))}),
        json.dumps({"id": "long", "text": "".join(said.replace("Monday", f"month {i}") + "\n" for i in range(30))}),
        json.dumps({"id": "long#p2", "text": said}),
    ]
    raw = ("\n".join(lines) + "\n").encode()
    raw = raw.replace(b"Beijing", b"Bei\xffjing")  # invalid UTF-8 inside a JSON line
    write(f"{root}/dump.jsonl", raw)


def run_job(spark, args, report_name):
    t = time.time()
    report = newsgraph_spark.run(spark, args)
    print(f"     {report_name}: {report['partitions']} partitions, naming pass {report['names_seconds']} s "
          f"(CPU {report['names_cpu_seconds']} s), extract {report['extract_seconds']} s "
          f"(executors' CPU {report['extract_cpu_seconds']} s), merge {report.get('merge_seconds')} s, "
          f"whole run {time.time() - t:.1f} s", flush=True)
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--dump", required=True, help="examples/store_dump.rs, built (`cargo test` builds it in target/debug/examples)")
    ap.add_argument("--work", default="target/spark-check")
    ap.add_argument("--mb", type=float, default=12, help="size of the bench corpus (about 4 KB per article)")
    ap.add_argument("--master", default="local[2]")
    a = ap.parse_args()
    binary, dump = os.path.abspath(a.binary), os.path.abspath(a.dump)
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    started = time.time()

    def build(name, inputs):
        out = os.path.join(work, "ref", name)
        p = sh([binary, "build", *inputs, "--out", out, "--format", "json", "--color", "never"])
        return out, p.stderr

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(a.master).appName("newsgraph-check")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    # The job's functions run on the workers by reference to its module.
    spark.sparkContext.addPyFile(newsgraph_spark.__file__)
    print(f"     Spark {spark.version} started in {time.time() - started:.1f} s", flush=True)

    def job(name, inputs, partitions, extra=()):
        facts, out = os.path.join(work, "facts", name), os.path.join(work, "out", name)
        shutil.rmtree(out, ignore_errors=True)
        report = run_job(spark, [*inputs, "--facts", facts, "--overwrite", "--out", out, "--format", "json",
                                 "--partitions", str(partitions), "--binary", binary, *extra], name)
        return facts, out, report

    # 1. The seeds.
    ref, _ = build("seeds", ["seeds"])
    for n in (1, 3, 7):
        _, out, _ = job(f"seeds-{n}", ["seeds"], n)
        compare_sets(f"seeds, {n} partitions", ref, out)

    # 2. The awkward corpus: names, decoding, hidden files, repeated ids, warnings.
    awk = os.path.join(work, "awkward")
    awkward_corpus(awk, "seeds")
    rel = os.path.relpath(awk)
    inputs = [f"{rel}/files/a", f"{rel}/files/b", f"{rel}/files/a/same-name.txt", f"{rel}/files", f"{rel}/files/long.txt",
              "--jsonl", f"{rel}/dump.jsonl", "--max-doc-bytes", "2K"]
    ref, stderr = build("awkward", inputs)
    want = build_warnings(stderr)
    for n in (1, 3, 7):
        _, out, report = job(f"awkward-{n}", inputs, n)
        compare_sets(f"awkward corpus, {n} partitions", ref, out)
        if n == 1:
            with open(os.path.join(out, "graph.json"), encoding="utf-8") as f:
                text = f.read()
            renamed = ["wire-1#2#2", "same-name.txt#2", "long#2#p2", "long#p2#2", f"{rel}/files/long.txt#p2"]
            check("awkward corpus: the colliding ids are renamed", all(f'"{r}"' in text for r in renamed),
                  str([r for r in renamed if f'"{r}"' not in text]))
        got = set(report["warnings"])
        check(f"awkward corpus, {n} partitions: the warnings of build", got == want,
              f"missing {sorted(want - got)}, extra {sorted(got - want)}")

    # 3. A few thousand articles from the bench generator: files, JSON lines, Parquet.
    bench = os.path.join(work, f"bench-{a.mb:g}")
    if not os.path.exists(os.path.join(bench, "corpus.jsonl")):
        sh([sys.executable, "bench/make_corpus.py", "--mb", str(a.mb), "--out", bench])
    files = os.path.relpath(os.path.join(bench, "files"))
    print(f"     bench corpus: {len(os.listdir(files))} articles, {a.mb:g} MB", flush=True)
    ref, _ = build("bench-files", [files])
    facts7 = None
    for n in (1, 3, 7):
        facts, out, _ = job(f"bench-files-{n}", [files], n)
        compare_sets(f"bench corpus files, {n} partitions", ref, out)
        facts7 = facts
    # JSON lines: the first 1,000 articles (the same code paths as all of them, in less time).
    jsonl = os.path.relpath(os.path.join(bench, "head.jsonl"))
    with open(os.path.join(bench, "corpus.jsonl"), encoding="utf-8") as f, open(jsonl, "w", encoding="utf-8") as g:
        g.writelines(line for _, line in zip(range(1000), f))
    ref_jsonl, _ = build("bench-jsonl", ["--jsonl", jsonl])
    _, out, _ = job("bench-jsonl-3", ["--jsonl", jsonl], 3)
    compare_sets("bench corpus JSON lines (1,000 articles), 3 partitions", ref_jsonl, out)

    # Parquet: the job reads PATH as Parquet; then the same rows, as JSON lines under the same
    # PATH, are the reference build (a document's source is the input's name and the row).
    pq = os.path.relpath(os.path.join(work, "pq", "articles.parquet"))
    tmp = os.path.join(work, "pq", "tmp")
    shutil.rmtree(os.path.dirname(pq), ignore_errors=True)
    spark.read.json(jsonl).limit(400).coalesce(1).write.parquet(tmp)
    os.rename(os.path.join(tmp, [f for f in os.listdir(tmp) if f.endswith(".parquet")][0]), pq)
    shutil.rmtree(tmp)
    _, out, _ = job("parquet-3", ["--parquet", pq], 3)
    back = spark.read.parquet(pq).select("*", "_metadata.row_index").orderBy("row_index").collect()
    cols = [c for c in ("id", "text", "date", "source", "title") if c in back[0].asDict()]
    write(pq, "".join(json.dumps({c: r[c] for c in cols}) + "\n" for r in back))
    ref_pq, _ = build("parquet", ["--jsonl", pq])
    compare_sets("Parquet rows, 3 partitions", ref_pq, out)

    # 4. Failure semantics. A facts file seen twice (a retried task's output), and the facts
    # files in reverse order: the same graph.json (the 3,000 articles) and the same store
    # content (the 400 Parquet rows: store_dump is slow in a debug build).
    def parts_of(facts):
        return sorted(os.path.join(facts, f) for f in os.listdir(facts)
                      if f.startswith("part-") and os.path.getsize(os.path.join(facts, f)) > 0)

    for what, facts, ref, use_dump in (("bench corpus", facts7, os.path.join(work, "ref", "bench-files"), None),
                                       ("Parquet rows", os.path.join(work, "facts", "parquet-3"), ref_pq, dump)):
        parts = parts_of(facts)
        twice = os.path.join(work, "out", "twice")
        sh([binary, "merge", *parts, parts[1], "--out", twice, "--format", "json"])
        compare_sets(f"{what}: a facts file merged twice", ref, twice, dump=use_dump, db_bytes=False)
        reverse = os.path.join(work, "out", "reverse")
        sh([binary, "merge", *reversed(parts), "--out", reverse, "--format", "json"])
        compare_sets(f"{what}: facts files merged in reverse order", ref, reverse, dump=use_dump, db_bytes=False)

    # A document that crashes `newsgraph extract` and one that hangs it (a wrapper that dies or
    # sleeps on a marker): both reported and left out; the rest equals a build of the same file
    # with their lines blank.
    crash = os.path.relpath(os.path.join(work, "crash", "dump.jsonl"))
    with open(jsonl, encoding="utf-8") as f:
        head = [next(f) for _ in range(60)]
    bad = {37: "NEWSGRAPH_TEST_CRASH", 12: "NEWSGRAPH_TEST_HANG"}
    marked = list(head)
    for i, marker in bad.items():
        marked[i] = json.dumps({"id": f"bad-{i}", "text": f"{marker} Lavrov said so."}) + "\n"
    write(crash, "".join(marked))
    wrapper = os.path.join(work, "crash", "crashing-newsgraph")
    write(wrapper, "#!/bin/sh\n# Dies like a crash, or hangs, when a document carries a marker.\n"
                   "data=$(cat)\n"
                   "case \"$data\" in *NEWSGRAPH_TEST_CRASH*) kill -SEGV $$ ;; esac\n"
                   "case \"$data\" in *NEWSGRAPH_TEST_HANG*) exec sleep 600 ;; esac\n"
                   f"printf '%s\\n' \"$data\" | exec {binary} \"$@\"\n")
    os.chmod(wrapper, 0o755)
    _, out, report = job("crash", ["--jsonl", crash], 3, extra=["--binary", wrapper, "--merge-binary", binary, "--timeout", "6", "1"])
    skipped = sorted(w for w in report["warnings"] if "on this document" in w)
    want = sorted([f"{crash}:38: newsgraph extract crashed (exit -11) on this document, skipped",
                   f"{crash}:13: newsgraph extract timed out on this document, skipped"])
    check("a crashing and a hanging document are reported by their source", skipped == want, str(skipped))
    blanked = list(head)
    for i in bad:
        blanked[i] = "\n"
    write(crash, "".join(blanked))
    ref_crash, _ = build("crash", ["--jsonl", crash])
    compare_sets("crashing and hanging documents: the rest equals a build without them", ref_crash, out)

    spark.stop()
    failed = RESULTS.count(False)
    print(f"spark check: {time.time() - started:.0f} s")
    print(f"{RESULTS.count(True)} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
