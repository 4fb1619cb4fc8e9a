#!/usr/bin/env python3
"""Named-entity recognition and named-entity coreference, scored on GUM and Universal NER (EWT).

    python3 scripts/score_ner.py                          # newsgraph on GUM dev+test and UNER EWT dev+test
    python3 scripts/score_ner.py --system spacy           # the same scorer on spaCy (needs spacy + en_core_web_sm)
    python3 scripts/score_ner.py --corpus gum-dev --errors 40   # with the first misses and false alarms

newsgraph is run through `cargo run --release --example entities` (JSON lines in, mentions out).
Only Python's standard library is needed (and spaCy for `--system spacy`). The data is read from
`../shared/ud` (or `--ud DIR`); nothing from it is copied into the project.

Gold named entities
-------------------
* **UNER EWT** (`uner/en_ewt-ud-{dev,test}.iob2`): PER, ORG, LOC as annotated (Universal NER
  guidelines). The text of each document is rebuilt from the EWT CoNLL-U (`# newpar` breaks
  paragraphs, `SpaceAfter=No` glues tokens).
* **GUM** (`en_gum-ud-{dev,test}.conllu`, entity annotation in MISC): a mention of type `person`,
  `organization` or `place` whose syntactic head is a proper noun (UPOS PROPN) is a named entity.
  Its span is the name inside the mention: the run of proper nouns around the head, with the
  connectors of multi-word names inside it ("University of Chicago", "Bosnia and Herzegovina");
  determiners, common-noun modifiers and a possessive 's are outside ("the United States" →
  "United States"). For persons, leading titles and honorifics are left out, as in OntoNotes and
  UNER ("President Barack Obama" → "Barack Obama"; the list is `TITLES` below). A name made of
  one plural proper noun ("Americans", "Democrats") is a group (OntoNotes NORP), not scored. A
  named entity inside another one ("Amsterdam" in "Vrije Universiteit Amsterdam") is not scored
  (flat NER). Types: person → PER, organization → ORG, place → LOC.
* **Type mapping of the systems.** newsgraph: Person → PER, Organization → ORG, Country and
  Location → LOC (Event, Concept and the rest unscored). spaCy: PERSON → PER, ORG → ORG, GPE, LOC
  and FAC → LOC (UNER's LOC includes facilities; GUM's place does too), NORP and the rest unscored.

Figures
-------
* **typed F1**: exact span and type, micro-averaged over documents, and per type.
* **span F1**: exact span, any type. **overlap F1**: overlapping span, same type.
* **coreference** (GUM only; gold chains are GUM's entity ids): over the gold named mentions,
  each system mention found with the exact span is put in the cluster of its system entity, a gold
  mention the system did not find is a singleton. Pairwise (links) precision/recall/F1 and B³.
* **cross-document identity** (GUM only): each document-level gold entity with a Wikipedia
  identity is one item whose system node is the node most of its found mentions went to; pairs
  of items from different documents are scored: same identity vs same node.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

TITLES = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "professor", "sir", "dame",
    "lord", "lady", "president", "vice", "senator", "sen", "sen.", "rep", "rep.", "representative", "gov",
    "gov.", "governor", "mayor", "judge", "justice", "king", "queen", "prince", "princess", "pope", "saint",
    "st", "st.", "general", "gen", "gen.", "captain", "capt", "capt.", "colonel", "col", "col.", "lieutenant",
    "lt", "lt.", "sergeant", "sgt", "sgt.", "minister", "chancellor", "secretary", "chief", "coach",
    "emperor", "empress", "reverend", "rev", "rev.", "father", "uncle", "aunt", "officer", "detective",
    "chairman", "ceo", "director", "premier", "prime", "former", "late", "dj", "agent",
}
TITLE_WORDS = {t.rstrip(".") for t in TITLES} | {"fellow", "earl", "duke", "baron", "count", "countess"}
CONNECTORS = {"of", "the", "and", "&", "de", "la", "du", "del", "von", "van", "der", "for", "on", "-", "'s", "upon"}
PARTICLES = {"de", "la", "du", "del", "von", "van", "der", "-"}  # inside persons' names
TYPES = ("PER", "ORG", "LOC")
GUM_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
NG_TYPES = {"Person": "PER", "Organization": "ORG", "Country": "LOC", "Location": "LOC"}
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


# ---------------------------------------------------------------------------------------------
# CoNLL-U reading and text rebuilding

def read_conllu(path):
    """Documents: {id, sents: [{sid, words: [dict]}], paras: set of sentence indices starting a paragraph}."""
    docs = []
    doc = None
    sent = None
    newpar = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                m = re.match(r"# newdoc id = (.*)", line)
                doc = {"id": m.group(1).strip() if m else f"doc{len(docs)}", "sents": [], "paras": set(), "meta": {}}
                docs.append(doc)
                newpar = True
                continue
            if line.startswith("# meta::"):
                k, _, v = line[8:].partition(" = ")
                if doc is not None:
                    doc["meta"][k.strip()] = v.strip()
                continue
            if line.startswith("# newpar"):
                newpar = True
                continue
            if line.startswith("# sent_id"):
                sent = {"sid": line.split("=", 1)[1].strip(), "words": [], "mwt": {}}
                continue
            if line.startswith("#"):
                continue
            if not line:
                if sent is not None and sent["words"]:
                    if doc is None:
                        doc = {"id": "doc0", "sents": [], "paras": set(), "meta": {}}
                        docs.append(doc)
                    if newpar:
                        doc["paras"].add(len(doc["sents"]))
                        newpar = False
                    doc["sents"].append(sent)
                sent = None
                continue
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                a, b = cols[0].split("-")
                sent["mwt"][int(a)] = (int(b), cols[1], cols[9])
                continue
            sent["words"].append({
                "i": int(cols[0]), "form": cols[1], "upos": cols[3], "xpos": cols[4],
                "head": int(cols[6]) if cols[6].isdigit() else 0, "misc": cols[9],
            })
    return docs


def space_after(misc):
    return "SpaceAfter=No" not in misc.split("|")


def rebuild_text(doc):
    """Sets `start`/`end` (byte offsets) on every word and returns the document's text."""
    out = bytearray()
    for si, s in enumerate(doc["sents"]):
        if si > 0:
            out += b"\n\n" if si in doc["paras"] else b" "
        words = s["words"]
        k = 0
        while k < len(words):
            w = words[k]
            if w["i"] in s["mwt"]:
                last, form, misc = s["mwt"][w["i"]]
                start = len(out)
                out += form.encode("utf-8")
                parts = [x for x in words[k:] if x["i"] <= last]
                # "Byron's" = "Byron" + "'s": each part its own bytes where the forms spell the surface
                glued = "".join(x["form"] for x in parts)
                pos = start
                for x in parts:
                    if glued.lower() == form.lower():
                        x["start"], x["end"] = pos, pos + len(x["form"].encode("utf-8"))
                        pos = x["end"]
                    else:
                        x["start"], x["end"] = start, len(out)
                k += len(parts)
            else:
                misc = w["misc"]
                w["start"] = len(out)
                out += w["form"].encode("utf-8")
                w["end"] = len(out)
                k += 1
            if k < len(words) and space_after(misc):
                out += b" "
    return out.decode("utf-8")


# ---------------------------------------------------------------------------------------------
# GUM gold

def gum_mentions(sent):
    """Mentions of one sentence: (first word index, last word index, fields)."""
    opened = collections.defaultdict(list)
    out = []
    for k, w in enumerate(sent["words"]):
        ent = next((p[7:] for p in w["misc"].split("|") if p.startswith("Entity=")), None)
        if not ent:
            continue
        pos = 0
        while pos < len(ent):
            if ent[pos] == "(":
                j = pos + 1
                while j < len(ent) and ent[j] not in "()":
                    j += 1
                fields = ent[pos + 1:j].split("-")
                eid = fields[0]
                if j < len(ent) and ent[j] == ")":
                    out.append((k, k, fields))
                    pos = j + 1
                else:
                    opened[eid].append((k, fields))
                    pos = j
            else:
                m = re.match(r"(\d+)\)", ent[pos:])
                if not m:
                    pos += 1
                    continue
                eid = m.group(1)
                if opened[eid]:
                    start, fields = opened[eid].pop()
                    out.append((start, k, fields))
                pos += m.end()
    return out


def name_span(words, a, b, head, typ):
    """The name inside mention words[a..b] around its head (see the module note)."""
    def propn(k):
        return words[k]["upos"] == "PROPN" or words[k]["xpos"] in ("NNP", "NNPS")
    s = e = head
    while True:
        if s > a and propn(s - 1):
            s -= 1
        elif s > a + 1 and words[s - 1]["form"] == "'s" and propn(s - 2):
            s -= 2  # "King's College"
        else:
            break
    while True:
        if e < b and propn(e + 1):
            e += 1
            continue
        # connectors inside a name: "University of Chicago", "Bosnia and Herzegovina"
        k = e + 1
        joins = CONNECTORS if typ != "PER" else PARTICLES
        while k <= b and words[k]["form"].lower() in joins and not propn(k):
            k += 1
        if k > e + 1 and k <= b and propn(k) and words[k - 1]["form"].lower() != "'s":
            e = k
            continue
        break
    if typ == "PER":
        while s < head and words[s]["form"].lower().rstrip(".") in TITLE_WORDS:
            s += 1
    return s, e


def gum_gold(doc):
    """Gold named entities of a GUM document: list of (start, end, type, entity id, identity)."""
    gold = []
    for s in doc["sents"]:
        words = s["words"]
        spans = []
        for a, b, fields in gum_mentions(s):
            if len(fields) < 2 or fields[1] not in GUM_TYPES:
                continue
            typ = GUM_TYPES[fields[1]]
            inside = set(range(a, b + 1))
            heads = [k for k in inside if words[k]["head"] - 1 not in inside]
            if not heads:
                continue
            head = heads[0]
            if not (words[head]["upos"] == "PROPN" or words[head]["xpos"] in ("NNP", "NNPS")):
                continue
            if typ == "PER" and words[head]["form"].lower().rstrip(".") in TITLE_WORDS:
                continue  # a title ("the Director of …", "Earl of Clare")
            ns, ne = name_span(words, a, b, head, typ)
            if ns == ne and words[ns]["xpos"] == "NNPS":
                continue
            identity = "-".join(fields[7:]) if len(fields) > 7 else ""
            spans.append((ns, ne, typ, fields[0], identity))
        # flat NER: drop names inside other names, and duplicates
        spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        kept = []
        for x in spans:
            if any(k[0] <= x[0] and x[1] <= k[1] for k in kept):
                continue
            kept.append(x)
        for ns, ne, typ, eid, identity in kept:
            gold.append((words[ns]["start"], words[ne]["end"], typ, eid, identity))
    return gold


# ---------------------------------------------------------------------------------------------
# UNER gold

def read_iob2(path):
    sents = {}
    sid = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# sent_id"):
                sid = line.split("=", 1)[1].strip()
                sents[sid] = []
            elif line and not line.startswith("#") and sid is not None:
                cols = line.split("\t")
                sents[sid].append(cols[2])
    return sents


def uner_gold(doc, tags):
    gold = []
    for s in doc["sents"]:
        t = tags.get(s["sid"])
        if t is None or len(t) != len(s["words"]):
            continue
        cur = None
        for k, tag in enumerate(t + ["O"]):
            if cur and (tag == "O" or tag.startswith("B-") or tag[2:] != cur[2]):
                gold.append((s["words"][cur[0]]["start"], s["words"][cur[1]]["end"], cur[2], "", ""))
                cur = None
            if tag.startswith("B-") or (tag.startswith("I-") and cur is None):
                cur = [k, k, tag[2:]]
            elif tag.startswith("I-"):
                cur[1] = k
    return [g for g in gold if g[2] in TYPES]


# ---------------------------------------------------------------------------------------------
# Systems

def run_newsgraph(docs, binary=None):
    payload = "".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs)
    if binary:
        cmd = [binary]
    else:
        subprocess.run(["cargo", "build", "--release", "-q", "--example", "entities"], cwd=ROOT, check=True)
        cmd = [os.path.join(ROOT, "target", "release", "examples", "entities")]
    res = subprocess.run(cmd, input=payload.encode("utf-8"), capture_output=True, check=True)
    out = {}
    for line in res.stdout.decode("utf-8").splitlines():
        v = json.loads(line)
        out[v["id"]] = [
            (m["start"], m["end"], NG_TYPES.get(m["type"]), m["entity"], m["node"]) for m in v["mentions"]
        ]
    return out


def run_spacy(docs, model="en_core_web_sm"):
    import spacy  # noqa: PLC0415
    nlp = spacy.load(model)
    out = {}
    for d in docs:
        text = d["text"]
        b = text.encode("utf-8")
        # char → byte offsets
        offs = [0]
        for ch in text:
            offs.append(offs[-1] + len(ch.encode("utf-8")))
        sd = nlp(text)
        ms = []
        for e in sd.ents:
            typ = SPACY_TYPES.get(e.label_)
            # spaCy has no coreference: an entity is its (type, text) within the document
            key = f"{e.label_}:{e.text}"
            ms.append((offs[e.start_char], offs[e.end_char], typ, key, key))
        del b
        out[d["id"]] = ms
    return out


# ---------------------------------------------------------------------------------------------
# Scoring

def prf(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_ner(docs, gold, pred):
    c = collections.Counter()
    for d in docs:
        g = {(x[0], x[1], x[2]) for x in gold[d["id"]]}
        p = {(x[0], x[1], x[2]) for x in pred.get(d["id"], []) if x[2] in TYPES}
        c["tp"] += len(g & p)
        c["np"] += len(p)
        c["ng"] += len(g)
        for t in TYPES:
            gt = {x for x in g if x[2] == t}
            pt = {x for x in p if x[2] == t}
            c["tp" + t] += len(gt & pt)
            c["np" + t] += len(pt)
            c["ng" + t] += len(gt)
        gs = {(x[0], x[1]) for x in g}
        ps = {(x[0], x[1]) for x in p}
        c["tps"] += len(gs & ps)
        c["nps"] += len(ps)
        c["tpo_g"] += sum(1 for x in g if any(y[2] == x[2] and y[0] < x[1] and x[0] < y[1] for y in p))
        c["tpo_p"] += sum(1 for y in p if any(y[2] == x[2] and y[0] < x[1] and x[0] < y[1] for x in g))
    res = {"typed": prf(c["tp"], c["np"], c["ng"]), "span": prf(c["tps"], c["nps"], c["ng"]), "n_gold": c["ng"], "n_pred": c["np"]}
    po = c["tpo_p"] / c["np"] if c["np"] else 0.0
    ro = c["tpo_g"] / c["ng"] if c["ng"] else 0.0
    res["overlap"] = (po, ro, 2 * po * ro / (po + ro) if po + ro else 0.0)
    for t in TYPES:
        res[t] = prf(c["tp" + t], c["np" + t], c["ng" + t]) + (c["ng" + t],)
    return res


def score_coref(docs, gold, pred):
    pair = collections.Counter()
    b3p = b3r = 0.0
    n = 0
    items = []  # cross-document: (identity, node)
    for d in docs:
        g = gold[d["id"]]
        found = {(x[0], x[1]): x for x in pred.get(d["id"], [])}
        sys_of = []
        for k, x in enumerate(g):
            m = found.get((x[0], x[1]))
            sys_of.append(("sys", m[3]) if m else ("single", k))
        gold_of = [x[3] for x in g]
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                sg = gold_of[i] == gold_of[j]
                ss = sys_of[i] == sys_of[j]
                pair["tp"] += sg and ss
                pair["ng"] += sg
                pair["np"] += ss
        for i in range(len(g)):
            gi = {j for j in range(len(g)) if gold_of[j] == gold_of[i]}
            si = {j for j in range(len(g)) if sys_of[j] == sys_of[i]}
            both = len(gi & si)
            b3p += both / len(si)
            b3r += both / len(gi)
            n += 1
        by_ent = collections.defaultdict(list)
        for x in g:
            if x[4]:
                m = found.get((x[0], x[1]))
                by_ent[(x[3], x[4])].append(m[4] if m else None)
        for (eid, ident), nodes in by_ent.items():
            nodes = [z for z in nodes if z]
            node = collections.Counter(nodes).most_common(1)[0][0] if nodes else None
            items.append((d["id"], ident, node))
    res = {"pairwise": prf(pair["tp"], pair["np"], pair["ng"])}
    p, r = (b3p / n, b3r / n) if n else (0.0, 0.0)
    res["b3"] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    x = collections.Counter()
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            if a[0] == b[0]:
                continue
            sg = a[1] == b[1]
            ss = a[2] is not None and a[2] == b[2]
            x["tp"] += sg and ss
            x["ng"] += sg
            x["np"] += ss
    res["xdoc"] = prf(x["tp"], x["np"], x["ng"])
    res["xdoc_n"] = (len(items), x["ng"])
    return res


# ---------------------------------------------------------------------------------------------

def load_corpus(name, ud):
    split = name.split("-", 1)[1]
    if name.startswith("gum"):
        docs = read_conllu(os.path.join(ud, f"en_gum-ud-{split}.conllu"))
        for d in docs:
            d["text"] = rebuild_text(d)
        return docs, {d["id"]: gum_gold(d) for d in docs}
    docs = read_conllu(os.path.join(ud, f"en_ewt-ud-{split}.conllu"))
    tags = read_iob2(os.path.join(ud, "uner", f"en_ewt-ud-{split}.iob2"))
    for d in docs:
        d["text"] = rebuild_text(d)
    return docs, {d["id"]: uner_gold(d, tags) for d in docs}


def fmt(x):
    return f"P {x[0]:.3f} R {x[1]:.3f} F1 {x[2]:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ud", default=os.path.join(ROOT, "..", "shared", "ud"))
    ap.add_argument("--corpus", action="append", help="gum-dev, gum-test, uner-dev, uner-test (default: all)")
    ap.add_argument("--system", default="newsgraph", help="newsgraph | spacy | spacy:MODEL")
    ap.add_argument("--binary", help="a built `entities` example to run instead of cargo")
    ap.add_argument("--genre", help="only GUM documents of this genre (news, bio, …)")
    ap.add_argument("--errors", type=int, default=0, help="print the first N misses and false alarms")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--export", metavar="CORPUS", help="write CORPUS (e.g. gum-train) as JSON lines {id, text, gold} for newsgraph-train-types, and stop")
    args = ap.parse_args()
    if args.export:
        docs, gold = load_corpus(args.export, args.ud)
        for d in docs:
            g = [[x[0], x[1], x[2]] for x in gold[d["id"]]]
            print(json.dumps({"id": d["id"], "text": d["text"], "gold": g}, ensure_ascii=False))
        return
    corpora = args.corpus or ["gum-dev", "gum-test", "uner-dev", "uner-test"]
    report = {}
    for name in corpora:
        docs, gold = load_corpus(name, args.ud)
        if args.genre:
            docs = [d for d in docs if d["id"].split("_")[1:2] == [args.genre]]
        if args.system == "newsgraph":
            pred = run_newsgraph(docs, args.binary)
        elif args.system.startswith("spacy"):
            pred = run_spacy(docs, args.system.split(":", 1)[1] if ":" in args.system else "en_core_web_sm")
        else:
            sys.exit(f"unknown system {args.system}")
        r = score_ner(docs, gold, pred)
        if name.startswith("gum"):
            r.update(score_coref(docs, gold, pred))
        report[name] = r
        if not args.json:
            print(f"{name} ({len(docs)} documents, {r['n_gold']} gold names, {r['n_pred']} predicted) — {args.system}")
            print(f"  typed    {fmt(r['typed'])}")
            for t in TYPES:
                print(f"    {t:<4}   {fmt(r[t])}  ({r[t][3]} gold)")
            print(f"  span     {fmt(r['span'])}")
            print(f"  overlap  {fmt(r['overlap'])}")
            if "b3" in r:
                print(f"  coref pairwise {fmt(r['pairwise'])}   B³ {fmt(r['b3'])}")
                print(f"  cross-document identity {fmt(r['xdoc'])}  ({r['xdoc_n'][0]} entities, {r['xdoc_n'][1]} gold pairs)")
        if args.errors:
            shown = 0
            for d in docs:
                g = {(x[0], x[1], x[2]) for x in gold[d["id"]]}
                p = {(x[0], x[1], x[2]) for x in pred.get(d["id"], []) if x[2] in TYPES}
                b = d["text"].encode("utf-8")
                for x in sorted(g ^ p):
                    if shown >= args.errors:
                        break
                    what = "miss" if x in g else "false"
                    ctx = b[max(0, x[0] - 40):x[1] + 40].decode("utf-8", "replace").replace("\n", " ")
                    print(f"    {what:<5} {x[2]} {b[x[0]:x[1]].decode('utf-8', 'replace')!r:<32} {d['id']}  …{ctx}…")
                    shown += 1
    if args.json:
        print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
