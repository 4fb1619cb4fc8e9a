#!/usr/bin/env python3
"""newsgraph on Apache Spark: `newsgraph extract` on the executors, one `newsgraph merge` after.

    spark-submit --master yarn --deploy-mode client --files newsgraph \\
        dist/spark/newsgraph_spark.py hdfs:///news/2016 --jsonl hdfs:///dumps/wire.jsonl \\
        --facts hdfs:///tmp/news-facts --out graph/

What runs where (see README.md beside this file):

* driver — lists the inputs (the same walk, glob and order as `newsgraph build`) and cuts the
  documents into `--partitions` ranges of the input order;
* executors — read the documents; each partition's documents, sorted in input order, are
  streamed as document records (`newsgraph extract --records -`: a file's bytes, or a JSON
  line, with the id and source a local run reads them with) into `newsgraph extract`, twice:
  first `--list-documents` (the ids as read, and the parts of big documents: the naming pass),
  then the extraction, whose standard output is the partition's facts file `part-NNNNN`
  under `--facts` — a complete facts file, its trailer last;
* driver — between the two, names every document in input order as `build` does (an id
  claimed twice is renamed: the file's path, then `#2`, `#3`, …) and sends the few records
  whose documents are renamed their names; at the end runs `newsgraph merge` on the facts
  files into the output set `--out` (a local directory).

The result is the output set that `newsgraph build` gives on the same inputs, byte for byte
(`graph.json` and `graph.db`), for any number of partitions: documents are named as `build`
names them, every partition holds a range of the input order, and the facts files are merged
in that order. Partitions are independent; a retried task rewrites its own facts file (and a
facts file seen twice changes nothing: facts are keyed by document id). A bad document is a
warning, and a document that crashes or hangs `newsgraph extract` is found by bisection,
reported and left out.
"""

import argparse
import base64
import bisect
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

from pyspark import AccumulatorParam, SparkFiles, TaskContext

# ---------------------------------------------------------------------------------------------
# What a local run does, in Python: the glob, the walk order, the names of documents.


def glob_match(pattern, name):
    """`newsgraph build --glob`: `*`, `?` and `{a,b}` on a file name (src/input/mod.rs, glob_match)."""
    o, c = pattern.find("{"), pattern.find("}")
    if o >= 0 and c >= 0 and o < c:
        pre, post = pattern[:o], pattern[c + 1:]
        return any(glob_match(pre + alt + post, name) for alt in pattern[o + 1:c].split(","))

    def rec(p, n):
        if not p:
            return not n
        if p[0] == "*":
            return rec(p[1:], n) or (bool(n) and rec(p, n[1:]))
        if n and (p[0] == "?" or p[0] == n[0]):
            return rec(p[1:], n[1:])
        return False

    return rec(pattern, name)


def join_like_rust(base, rel):
    """`Path::new(base).join(rel)` as `build` prints it: one `/` between, none added after one."""
    return base + rel if base.endswith("/") else base + "/" + rel


def name_key(name):
    """Rust sorts the entries of a directory by their bytes."""
    return name.encode("utf-8", "surrogateescape")


class Fs:
    """The Hadoop file system of a path, through the driver's JVM."""

    def __init__(self, spark):
        self.jvm = spark.sparkContext._jvm
        self.conf = spark.sparkContext._jsc.hadoopConfiguration()

    def path(self, s):
        return self.jvm.org.apache.hadoop.fs.Path(s)

    def fs(self, p):
        return p.getFileSystem(self.conf)

    def qualify(self, s):
        p = self.path(s)
        return self.fs(p).makeQualified(p)

    def status(self, s):
        p = self.qualify(s)
        return self.fs(p).getFileStatus(p)

    def list_sorted(self, p):
        """(name, qualified path string, is_dir, size) of a directory's entries, by name."""
        out = []
        for st in self.fs(p).listStatus(p):
            sp = st.getPath()
            out.append((sp.getName(), sp, st.isDirectory(), st.getLen()))
        out.sort(key=lambda e: name_key(e[0]))
        return out

    def read_bytes(self, uri):
        p = self.path(uri)
        stream = self.fs(p).open(p)
        try:
            return bytes(self.jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
        finally:
            stream.close()

    def exists(self, s):
        p = self.qualify(s)
        return self.fs(p).exists(p)


def walk(fs, arg, glob, warn):
    """The files `newsgraph build ARG --glob GLOB` reads, in its order: [(uri, id, source, size)].
    A file given itself is read whatever its name, with its file name as id; in directories,
    names must match the glob, and a file's id is its path below the directory (src/input)."""
    try:
        st = fs.status(arg)
    except Exception as e:  # noqa: BLE001 - any Hadoop error is a warning naming the input
        warn(f"{arg}: cannot read: {str(e).splitlines()[0]}")
        return []
    if not st.isDirectory():
        return [(st.getPath().toString(), st.getPath().getName(), arg, st.getLen())]
    out = []

    def rec(p, shown, rel):
        for name, sp, is_dir, size in fs.list_sorted(p):
            here, below = join_like_rust(shown, name), rel + name
            if is_dir:
                rec(sp, here, below + "/")
            elif glob_match(glob, name):
                out.append((sp.toString(), below, here, size))

    rec(st.getPath(), arg, "")
    if not out:
        warn(f"{arg}: no file matching {glob!r}")
    return out


# ---------------------------------------------------------------------------------------------
# Document records: what `newsgraph extract --records` reads (src/input/records.rs).


def file_record(doc_id, source, data):
    """A file's record: (source, from a file?, the record line)."""
    return source, True, json.dumps({"id": doc_id, "source": source, "base64": base64.b64encode(bytes(data)).decode("ascii")})


def line_record(source, line):
    # The line with its line end, as `build --jsonl` reads it (Hadoop cut the `\n` off).
    return source, False, json.dumps({"source": source, "line": line + "\n"})


def with_names(record, names):
    """The record line with the names the driver gave its documents (src/input/records.rs)."""
    return record[:-1] + ', "names": ' + json.dumps(names) + "}"


class Namer:
    """Document ids made unique in input order, as a local run makes them (src/input/ids.rs and
    `Admit` in src/pipeline/sources.rs): the second document to claim an id gets the path it was
    read from (files only), or the id with `#2`, `#3`, …; the later parts of a renamed document
    follow it. Holds every id of the run (and the source that holds it)."""

    def __init__(self):
        self.seen = {}

    def claim(self, doc_id, fallback, source):
        holder = self.seen.get(doc_id)
        if holder is None:
            self.seen[doc_id] = source
            return None
        cands = [fallback] if fallback is not None and fallback != doc_id else []
        for c in cands:
            if c not in self.seen:
                self.seen[c] = source
                return c, holder
        n = 2
        while f"{doc_id}#{n}" in self.seen:
            n += 1
        self.seen[f"{doc_id}#{n}"] = source
        return f"{doc_id}#{n}", holder

    def names(self, source, is_file, docs):
        """The names of one record's documents ([(id, part_of)] as read, in order): None when
        none changes, else one entry per document (None: kept as read)."""
        out, changed, renamed = [], False, None
        for doc_id, part_of in docs:
            first = part_of is None or part_of == doc_id
            want_id, want_part = doc_id, part_of
            if first:
                renamed = None
            elif renamed is not None and part_of == renamed[0] and doc_id.startswith(renamed[0]):
                want_id, want_part = renamed[1] + doc_id[len(renamed[0]):], renamed[1]
            got = self.claim(want_id, source if first and is_file else None, source)
            collision = None
            if got is not None:
                new, holder = got
                collision = {"id": want_id, "by": holder}
                if first:
                    renamed = (want_id, new)
                    if want_part is not None:
                        want_part = new
                want_id = new
            if (want_id, want_part) == (doc_id, part_of) and collision is None:
                out.append(None)
                continue
            changed = True
            name = {"id": want_id}
            if want_part is not None:
                name["part_of"] = want_part
            if collision is not None:
                name["collision"] = collision
            out.append(name)
        return out if changed else None


# ---------------------------------------------------------------------------------------------
# Ranges of the input order: every document has an ordinal (input, file, line); partition k
# holds the ordinals in [bounds[k-1], bounds[k]).


def range_bounds(segments, partitions):
    """`segments`: (ordinal of the first item, items, bytes) in input order, items numbered by
    the last part of the ordinal. Returns at most partitions-1 increasing cut ordinals (the first
    ordinal of each partition but the first) at about equal bytes; a cut falling inside an item
    goes before it, and never before the first item."""
    segments = [s for s in segments if s[1] > 0]
    if not segments:
        return []
    step = (sum(s[2] for s in segments) or 1) / partitions
    start = segments[0][0]
    bounds, seen, j = [], 0.0, 1
    for first, items, size in segments:
        per = size / items
        while j < partitions and seen + size > step * j:
            k = min(max(int((step * j - seen) / per) if per else 0, 0), items - 1)
            cut = first[:-1] + (first[-1] + k,)
            if cut > start and (not bounds or cut > bounds[-1]):
                bounds.append(cut)
            j += 1
        seen += size
    return bounds


class WarningSet(AccumulatorParam):
    """Warnings from the tasks: a set (a retried task adds the same lines again), at most CAP."""

    CAP = 10000

    def zero(self, value):
        return set()

    def addInPlace(self, a, b):
        for w in b:
            if len(a) >= self.CAP:
                break
            a.add(w)
        return a


# ---------------------------------------------------------------------------------------------
# The executor side.


def resolve_shipped(name):
    """A file shipped with --files/--archives (or a path on the executors)."""
    for cand in (SparkFiles.get(name), os.path.join(os.getcwd(), name), name):
        if os.path.exists(cand):
            return os.path.abspath(cand)
    raise FileNotFoundError(f"{name}: not found on this executor (ship it with --files or --archives)")


TIMED_OUT = -1000  # the exit code of an extract process killed after its time limit


def crashed(rc):
    """Killed by a signal, a panic outside the per-document guard (101), an abort, a timeout:
    `newsgraph extract` exits 0, 1 (an error), 2 (usage) or 3 (no document could be read)."""
    return rc < 0 or rc not in (0, 1, 2, 3)


def warning_lines(stderr):
    out = set()
    for line in stderr.splitlines():
        line = line.removeprefix("newsgraph: ")
        if line.startswith("warning: "):
            out.add(line.removeprefix("warning: "))
    return out


class Task:
    """One task's `newsgraph extract --records -` runs over its partition's records, spooled to
    one local file; a document that crashes or hangs the process is found by bisection."""

    def __init__(self, cfg, cpu, tmp, index):
        self.cfg, self.cpu, self.tmp, self.index = cfg, cpu, tmp, index
        self.command = [resolve_shipped(cfg["binary"]), "extract", "--records", "-", "--color", "never",
                        "--max-doc-bytes", str(cfg["max_doc_bytes"])]

    def run(self, records_path, out_path, command):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        base, per_mb = self.cfg["timeout"]
        limit = base + per_mb * os.path.getsize(records_path) / 1e6 if base > 0 else None
        with open(records_path, "rb") as fin, open(out_path, "wb") as fout:
            try:
                p = subprocess.run(command, stdin=fin, stdout=fout, stderr=subprocess.PIPE, timeout=limit)
                rc, err = p.returncode, p.stderr
            except subprocess.TimeoutExpired as e:
                # Hung on some document: like a crash, found by bisection (`run` killed it).
                rc, err = TIMED_OUT, e.stderr or b""
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.add((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        return rc, err.decode("utf-8", "replace")

    def spool(self, name, lines):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            for line in lines:
                f.write(line if isinstance(line, bytes) else line.encode("utf-8"))
                f.write(b"\n")
        return path

    def run_all(self, recs, extra, what):
        """Runs the command (plus `extra`) on the records file `recs`. Returns (exit code,
        stderr, output file, kept): when it crashed or hung, the records that do so alone are
        found and left out, `kept` lists the indices of the records run (else None), and the
        exit code is that of the run over them; `self.bad` gets (index, why) of each."""
        command, out = self.command + list(extra), os.path.join(self.tmp, "out")
        rc, stderr = self.run(recs, out, command)
        self.bad = []
        if not crashed(rc):
            return rc, stderr, out, None
        with open(recs, "rb") as f:
            lines = f.read().splitlines()

        def probe(sub):
            rc, _ = self.run(self.spool("probe", sub), os.path.join(self.tmp, "probe.out"), command)
            return rc if crashed(rc) else None

        found = bisect_bad(lines, rc, probe)
        if found is None:
            raise RuntimeError(f"newsgraph extract {what} failed on partition {self.index} (exit {rc}) but on no part of it alone; " + stderr[-2000:])
        self.bad = found
        bad = {i for i, _ in found}
        kept = [i for i in range(len(lines)) if i not in bad]
        if not kept:
            open(out, "wb").close()
            return 3, "", out, kept
        rc, stderr = self.run(self.spool("records", [lines[i] for i in kept]), out, command)
        return rc, stderr, out, kept


def skipped_message(source, why):
    what = "timed out" if why == TIMED_OUT else f"crashed (exit {why})"
    return f"{source}: newsgraph extract {what} on this document, skipped"


def task_dir(cfg, index):
    local = os.environ.get("SPARK_LOCAL_DIRS", "").split(",")[0] or None
    return tempfile.TemporaryDirectory(prefix=f"newsgraph-part{index}-", dir=local)


def worker_cpu(go, acc):
    """`go` (a mapPartitionsWithIndex body), adding the Python worker's CPU seconds while it runs
    — reading the partition, spooling, yielding — to `acc`."""

    def timed(index, items):
        t = time.process_time()
        try:
            yield from go(index, items)
        finally:
            acc.add(time.process_time() - t)

    return timed


def list_partition(cfg, warnings, cpu):
    """mapPartitions body of the naming pass: the partition's records, in input order → for
    each record that holds documents (key, source, from a file?, [(id, part_of)] as read), and
    for each record that crashes or hangs `newsgraph extract` (key, source, None, why)."""

    def go(index, items):
        with task_dir(cfg, index) as tmp:
            task, metas = Task(cfg, cpu, tmp, index), []

            def lines():
                for key, (source, is_file, record) in items:
                    metas.append((key, source, is_file))
                    yield record

            recs = task.spool("records", lines())
            if not metas:
                return
            rc, stderr, out, kept = task.run_all(recs, ["--list-documents"], "--list-documents")
            if rc != 0:
                raise RuntimeError(f"newsgraph extract --list-documents failed on partition {index} (exit {rc}): " + stderr[-2000:])
            for i, why in task.bad:
                key, source, _ = metas[i]
                warnings.add({skipped_message(source, why)})
                yield key, source, None, why
            docs = {}
            with open(out, "rb") as f:
                for line in f:
                    d = json.loads(line)
                    i = d["record"] - 1 if kept is None else kept[d["record"] - 1]
                    docs.setdefault(i, []).append((d["id"], d.get("part_of")))
            for i in sorted(docs):
                key, source, is_file = metas[i]
                yield key, source, is_file, docs[i]

    return go


def extract_partition(cfg, plan, warnings, cpu):
    """mapPartitions body: the partition's records, in input order, with the names the driver
    gave their documents (`plan`: a broadcast ({key: names}, {keys left out})) → its facts lines:
    one complete facts file, trailer last."""

    def go(index, items):
        ctx = TaskContext.get()
        names, left_out = plan.value
        extra = ["-j", str(cfg["threads"])]
        for lex in cfg["lexicon"]:
            extra += ["--lexicon", resolve_shipped(lex)]
        if cfg["replace_lexicon"]:
            extra.append("--replace-lexicon")
        with task_dir(cfg, index) as tmp:
            task, sources = Task(cfg, cpu, tmp, index), []

            def lines():
                for key, (source, _, record) in items:
                    if key in left_out:
                        continue
                    sources.append(source)
                    n = names.get(key)
                    yield record if n is None else with_names(record, n)

            recs = task.spool("records", lines())
            if not sources:
                return
            rc, stderr, out, _ = task.run_all(recs, extra, "")
            found = warning_lines(stderr)
            found |= {skipped_message(sources[i], why) for i, why in task.bad}
            # 3: every document of the partition was bad; the output is a facts file of none.
            if rc not in (0, 3):
                raise RuntimeError(f"newsgraph extract failed on partition {index} (exit {rc}, attempt {ctx.attemptNumber() if ctx else 0}): " + stderr[-2000:])
            warnings.add(found)
            with open(out, "rb") as f:
                for line in f:
                    # Facts lines are JSON (no line break inside), passed on as bytes: Spark's
                    # text output writes bytes as they are, without pickling.
                    yield line.rstrip(b"\n")

    return go


def bisect_bad(lines, rc, failure):
    """The records on which `failure` (exit code or None) fails alone, as (index, exit code),
    by halving `lines`, on which it failed with `rc`; None if no half fails alone."""
    if len(lines) == 1:
        return [(0, rc)]
    mid = len(lines) // 2
    bad = []
    for off, part in ((0, lines[:mid]), (mid, lines[mid:])):
        sub_rc = failure(part)
        if sub_rc is not None:
            sub = bisect_bad(part, sub_rc, failure)
            if sub is None:
                return None
            bad += [(off + i, r) for i, r in sub]
    return bad or None


# ---------------------------------------------------------------------------------------------
# The driver side: records from every kind of input, keyed by ordinal.


def text_file_records(spark, fs, idx, arg, cfg, warn):
    """Files of one input (file or directory): records keyed (idx, position, 0), and segments."""
    files = walk(fs, arg, cfg["glob"], warn)
    if not files:
        return None, []
    by_uri = {uri: (pos, doc_id, source) for pos, (uri, doc_id, source, _) in enumerate(files)}
    sc = spark.sparkContext
    if fs.status(arg).isDirectory():
        reader = spark.read.format("binaryFile").option("recursiveFileLookup", "true")
        if not any(ch in cfg["glob"] for ch in "[]\\"):
            reader = reader.option("pathGlobFilter", cfg["glob"])
        try:
            df = reader.load(arg)
            # Spark's listing leaves out names starting with `_` or `.`; `build` reads them.
            seen = {r.path for r in df.select("path").collect()}
        except Exception as e:  # noqa: BLE001 - e.g. a directory Spark takes for hidden
            raise SystemExit(f"{arg}: Spark cannot list it ({str(e).splitlines()[0]}); "
                             "Hadoop input formats skip names that start with '_' or '.': rename it")
        lookup = sc.broadcast(by_uri)

        def keyed(row):
            hit = lookup.value.get(row.path)
            if hit is not None:
                pos, doc_id, source = hit
                yield (idx, pos, 0), file_record(doc_id, source, row.content)

        rdd = df.select("path", "content").rdd.flatMap(keyed)
    else:
        seen, rdd = set(), None
    # Files Spark does not list (hidden names, or a file named on the command line) are read
    # here on the driver: they should be few.
    extra = [u for u in by_uri if u not in seen]
    if len(extra) > cfg["driver_files"]:
        raise SystemExit(f"{arg}: {len(extra)} files are not listed by Spark (names starting with '_' or '.' "
                         f"are hidden from Hadoop input formats), more than --driver-files {cfg['driver_files']}: "
                         f"e.g. {by_uri[extra[0]][2]}; rename them, or give their directory")
    if extra:
        recs = []
        for uri in extra:
            pos, doc_id, source = by_uri[uri]
            recs.append(((idx, pos, 0), file_record(doc_id, source, fs.read_bytes(uri))))
        more = sc.parallelize(recs, 1)
        rdd = more if rdd is None else rdd.union(more)
    segments = [((idx, pos, 0), 1, size) for pos, (_, _, _, size) in enumerate(files)]
    return rdd, segments


def jsonl_records(spark, fs, idx, arg, warn):
    """Lines of a JSON-lines file (or of the files of a directory, each named as `build` would
    name it): records keyed (idx, file, line), sources `FILE:LINE`, and segments."""
    files = walk(fs, arg, "*", warn)
    if fs.status(arg).isDirectory():
        # `build` reads no directory of JSON lines: the Hadoop convention holds, names
        # starting with `_` or `.` (`_SUCCESS`, `.crc` files) are not data.
        root = len(arg.rstrip("/")) + 1
        files = [f for f in files if not any(c[:1] in "_." for c in f[2][root:].split("/"))]
    sc = spark.sparkContext
    conf = {"textinputformat.record.delimiter": "\n"}  # only `\n` ends a line, as in `build`
    rdds, owner = [], []
    for pos, (uri, _, shown, _) in enumerate(files):
        r = sc.newAPIHadoopFile(uri, "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
                                "org.apache.hadoop.io.LongWritable", "org.apache.hadoop.io.Text", conf=conf)
        try:
            splits = r.getNumPartitions()
        except Exception as e:  # noqa: BLE001 - Hadoop's "Input path does not exist" for hidden names
            raise SystemExit(f"{shown}: Spark cannot read it ({str(e).splitlines()[0]}); "
                             "Hadoop input formats skip names that start with '_' or '.': rename it")
        rdds.append(r)
        owner += [(pos, shown)] * splits
    if not rdds:
        return None, []
    lines = sc.union(rdds)
    # Line numbers: one pass counts each split's lines.
    counts = dict(lines.mapPartitionsWithIndex(lambda i, it: [(i, sum(1 for _ in it))]).collect())
    first, seen = [], {}
    for part, (pos, _) in enumerate(owner):
        first.append(seen.get(pos, 0) + 1)
        seen[pos] = seen.get(pos, 0) + counts.get(part, 0)
    plan = sc.broadcast((owner, first))

    def keyed(part, it):
        (pos, shown), n = plan.value[0][part], plan.value[1][part]
        for _, line in it:
            yield (idx, pos, n), line_record(f"{shown}:{n}", line)
            n += 1

    sizes = {pos: size for pos, (_, _, _, size) in enumerate(files)}
    segments = []
    for part, (pos, _) in enumerate(owner):
        n = counts.get(part, 0)
        segments.append(((idx, pos, first[part]), n, sizes[pos] * n / max(seen[pos], 1)))
    return lines.mapPartitionsWithIndex(keyed), segments


def plain_uri(u):
    """A file URI as Hadoop's `Path.toString` prints it: `file:/…`, not percent-encoded (Spark's
    `inputFiles` and `_metadata.file_path` encode it)."""
    u = urllib.parse.unquote(u)
    return "file:/" + u[len("file:"):].lstrip("/") if u.startswith("file:") else u


def parquet_records(spark, fs, idx, arg, warn):
    """Rows of a Parquet file or dataset (columns `id`, `text`, optional `date`, `source`,
    `title`, as in JSON lines): records keyed (idx, file, row), sources `FILE:ROW`."""
    df = spark.read.parquet(arg)
    cols = [c for c in ("id", "text", "date", "source", "title") if c in df.columns]
    if "id" not in cols or "text" not in cols:
        raise SystemExit(f"{arg}: a Parquet input needs the columns `id` and `text` (it has {', '.join(df.columns)})")
    files = sorted((plain_uri(u) for u in df.inputFiles()), key=name_key)
    root = plain_uri(fs.qualify(arg).toString())
    shown = {}
    for pos, uri in enumerate(files):
        shown[uri] = (pos, arg if uri == root else join_like_rust(arg, uri[len(root):].lstrip("/")))
    rows = df.select(*cols, "_metadata.file_path", "_metadata.row_index")
    counts = dict(rows.groupBy("file_path").count().collect())
    plan = spark.sparkContext.broadcast(shown)

    def keyed(row):
        pos, name = plan.value[plain_uri(row.file_path)]
        article = {c: row[c] for c in cols}
        if not isinstance(article["id"], (str, int, float, bool, type(None))):
            article["id"] = str(article["id"])
        line = json.dumps(article, default=str)
        yield (idx, pos, row.row_index + 1), line_record(f"{name}:{row.row_index + 1}", line)

    counts = {plain_uri(u): c for u, c in counts.items()}
    segments = [((idx, shown[u][0], 1), counts.get(u, 0), fs.status(u).getLen()) for u in files]
    return rows.rdd.flatMap(keyed), segments


# ---------------------------------------------------------------------------------------------
# The job.


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="newsgraph_spark.py", description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="*", help="files or directories of articles (any Hadoop file system)")
    ap.add_argument("--jsonl", action="append", default=[], metavar="PATH", help="JSON-lines articles (a file, or a directory of them)")
    ap.add_argument("--parquet", action="append", default=[], metavar="PATH", help="Parquet articles: columns id, text [, date, source, title]")
    ap.add_argument("--glob", default="*.txt", help="which files to read in directories (as `build --glob`)")
    ap.add_argument("--max-doc-bytes", default="4M", metavar="BYTES", help="read a document larger than this in parts (as `build --max-doc-bytes`; default 4M)")
    ap.add_argument("--facts", required=True, metavar="URI", help="directory for the facts files, one per partition (must not exist)")
    ap.add_argument("--overwrite", action="store_true", help="replace --facts if it exists")
    ap.add_argument("--out", metavar="DIR", help="merge into this local output set (omit to only extract)")
    ap.add_argument("--into", metavar="DIR", help="add to this existing output set (`merge --into`)")
    ap.add_argument("--format", help="outputs of the merge (as `newsgraph merge --format`)")
    ap.add_argument("--max-evidence", type=int, help="as `newsgraph merge --max-evidence`")
    ap.add_argument("--partitions", type=int, default=0, help="extract tasks and facts files (default: about 64 MB of input each, at least the default parallelism)")
    ap.add_argument("--threads", type=int, default=0, help="threads of each extract process (default: spark.task.cpus)")
    ap.add_argument("--binary", default="newsgraph", help="the newsgraph binary for the executors: the name shipped with --files, a path inside an --archives folder, or a path on every executor")
    ap.add_argument("--merge-binary", help="the newsgraph binary for the merge on the driver (default: --binary)")
    ap.add_argument("--lexicon", action="append", default=[], metavar="FILE", help="extra lexicon file (ship it with --files too)")
    ap.add_argument("--replace-lexicon", action="store_true")
    ap.add_argument("--timeout", type=float, nargs=2, default=[60, 60], metavar=("BASE", "PER_MB"),
                    help="time limit of an extract process: BASE seconds + PER_MB seconds per MB of its records "
                         "(default 60 60; 0 0: none); past it, the documents that hang it are found, reported and left out")
    ap.add_argument("--driver-files", type=int, default=1000, metavar="N",
                    help="most files the driver reads itself: files named on the command line, and names Spark's listing hides (`_…`, `.…`)")
    ap.add_argument("--log-level", default="WARN", help="Spark's log level (default WARN)")
    ap.add_argument("--report", metavar="FILE", help="write a JSON report of the run here")
    a = ap.parse_args(argv)
    if not (a.inputs or a.jsonl or a.parquet):
        ap.error("no input: give files or directories, --jsonl or --parquet")
    return a


def run(spark, argv):
    """Runs the job in `spark`; returns the report (a dict)."""
    a = parse_args(argv)
    sc = spark.sparkContext
    fs = Fs(spark)
    t0 = time.time()
    driver_warnings = []

    def warn(msg):
        driver_warnings.append(msg)
        print(f"newsgraph-spark: warning: {msg}", file=sys.stderr)

    if fs.exists(a.facts):
        if not a.overwrite:
            raise SystemExit(f"--facts {a.facts} exists (use --overwrite to replace it)")
        p = fs.qualify(a.facts)
        fs.fs(p).delete(p, True)
    cfg = {"glob": a.glob, "max_doc_bytes": a.max_doc_bytes, "binary": a.binary, "driver_files": a.driver_files, "timeout": a.timeout, "lexicon": a.lexicon, "replace_lexicon": a.replace_lexicon,
           "threads": a.threads or int(sc.getConf().get("spark.task.cpus", "1"))}
    # Inputs in the order `build` takes them: paths, then JSON lines; then Parquet.
    parts, segments = [], []
    kinds = [("text", p) for p in a.inputs] + [("jsonl", p) for p in a.jsonl] + [("parquet", p) for p in a.parquet]
    for idx, (kind, arg) in enumerate(kinds):
        if kind == "text":
            rdd, seg = text_file_records(spark, fs, idx, arg, cfg, warn)
        elif kind == "jsonl":
            rdd, seg = jsonl_records(spark, fs, idx, arg, warn)
        else:
            rdd, seg = parquet_records(spark, fs, idx, arg, warn)
        if rdd is not None:
            parts.append(rdd)
            segments += seg
    if not parts:
        raise SystemExit("no input could be read")
    total = sum(s[2] for s in segments)
    n = a.partitions or max(sc.defaultParallelism, -(-total // (64 << 20)))
    bounds = range_bounds(segments, n)
    records = sc.union(parts) if len(parts) > 1 else parts[0]
    # The Python workers' CPU: reading the inputs into records (here), both passes (below).
    py_cpu = sc.accumulator(0.0)
    records = records.mapPartitionsWithIndex(worker_cpu(lambda _, items: items, py_cpu), preservesPartitioning=True)
    ranged = records.repartitionAndSortWithinPartitions(
        numPartitions=n, partitionFunc=lambda k, b=bounds: bisect.bisect_right(b, k), keyfunc=lambda k: k)
    t_plan = time.time()
    warnings = sc.accumulator(set(), WarningSet())
    # The naming pass: each partition lists its documents (ids as read, parts), the driver names
    # them all in input order as `build` does. The shuffle's output is read again, not redone.
    list_cpu = sc.accumulator(0.0)
    namer, names, left_out, documents = Namer(), {}, set(), 0
    for key, source, is_file, docs in ranged.mapPartitionsWithIndex(worker_cpu(list_partition(cfg, warnings, list_cpu), py_cpu)).collect():
        if is_file is None:
            left_out.add(key)
            continue
        documents += len(docs)
        named = namer.names(source, is_file, docs)
        if named is not None:
            names[key] = named
    del namer
    plan = sc.broadcast((names, left_out))
    t_names = time.time()
    cpu = sc.accumulator(0.0)
    ranged.mapPartitionsWithIndex(worker_cpu(extract_partition(cfg, plan, warnings, cpu), py_cpu)).saveAsTextFile(a.facts)
    t_extract = time.time()
    task_warnings = sorted(warnings.value)
    for w in task_warnings[:20]:
        print(f"newsgraph-spark: warning: {w}", file=sys.stderr)
    if len(task_warnings) > 20:
        print(f"newsgraph-spark: … and {len(task_warnings) - 20} more warnings, all in {a.facts}/_warnings.txt", file=sys.stderr)
    write_text(fs, join_like_rust(a.facts, "_warnings.txt"), "".join(w + "\n" for w in driver_warnings + task_warnings))
    report = {
        "partitions": n, "input_bytes": total, "facts": a.facts,
        "documents": documents, "renamed_records": len(names),
        "plan_seconds": round(t_plan - t0, 3), "names_seconds": round(t_names - t_plan, 3),
        "names_cpu_seconds": round(list_cpu.value, 3), "extract_seconds": round(t_extract - t_names, 3),
        "extract_cpu_seconds": round(cpu.value, 3), "worker_cpu_seconds": round(py_cpu.value, 3),
        "warnings": driver_warnings + task_warnings, "warnings_capped": len(task_warnings) >= WarningSet.CAP,
    }
    if a.out or a.into:
        report.update(merge(a, fs, cfg))
    report["total_seconds"] = round(time.time() - t0, 3)
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    return report


def write_text(fs, uri, text):
    p = fs.qualify(uri)
    out = fs.fs(p).create(p, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def facts_files(fs, facts):
    """The part files, in partition order (empty ones left out: an empty partition)."""
    root = fs.qualify(facts)
    return [(sp.toString(), size) for name, sp, is_dir, size in fs.list_sorted(root)
            if name.startswith("part-") and not is_dir and size > 0]


def merge(a, fs, cfg):
    """`newsgraph merge` of the facts files on the driver, in partition (= input) order."""
    binary = a.merge_binary or (a.binary if os.path.exists(a.binary) else resolve_shipped(a.binary))
    parts = facts_files(fs, a.facts)
    if not parts:
        raise SystemExit("no document could be extracted: nothing to merge (see the warnings)")
    fetched = None
    if all(uri.startswith("file:") for uri, _ in parts):
        local = [uri[len("file:"):] for uri, _ in parts]
    else:
        # From HDFS or an object store: to local disk first (the merge reads files).
        fetched = tempfile.mkdtemp(prefix="newsgraph-facts-")
        local = []
        for uri, _ in parts:
            dst = os.path.join(fetched, uri.rsplit("/", 1)[-1])
            src = fs.path(uri)
            fs.fs(src).copyToLocalFile(False, src, fs.path("file://" + dst), True)
            local.append(dst)
    command = [binary, "merge", *local, "--color", "never"]
    if a.out:
        command += ["--out", a.out]
    if a.into:
        command += ["--into", a.into]
    if a.format:
        command += ["--format", a.format]
    if a.max_evidence is not None:
        command += ["--max-evidence", str(a.max_evidence)]
    for lex in a.lexicon:
        command += ["--lexicon", lex]
    if a.replace_lexicon:
        command.append("--replace-lexicon")
    t = time.time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(command)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if fetched:
        shutil.rmtree(fetched, ignore_errors=True)
    if p.returncode != 0:
        raise SystemExit(f"newsgraph merge failed (exit {p.returncode})")
    return {"merge_seconds": round(time.time() - t, 3),
            "merge_cpu_seconds": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3),
            "merge_max_rss_kb": after.ru_maxrss, "facts_files": len(local),
            "facts_bytes": sum(size for _, size in parts)}


def main(argv=None):
    from pyspark.sql import SparkSession

    argv = sys.argv[1:] if argv is None else argv
    level = parse_args(argv).log_level
    spark = SparkSession.builder.appName("newsgraph").getOrCreate()
    spark.sparkContext.setLogLevel(level)
    try:
        report = run(spark, argv)
    finally:
        spark.stop()
    print(json.dumps({k: v for k, v in report.items() if k != "warnings"}), file=sys.stderr)


if __name__ == "__main__":
    main()
