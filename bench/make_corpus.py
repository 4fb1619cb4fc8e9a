#!/usr/bin/env python3
"""Generates a synthetic news corpus for benchmarking newsgraph (Python 3 standard library only).

    python3 bench/make_corpus.py --mb 100 --out target/bench-corpus

writes OUT/files/NNNNNN.txt (one article per file; about 3% with a UTF-8 BOM, 5% with CRLF line
ends) and OUT/corpus.jsonl (the same articles, one JSON object per line: id, text, date, source,
title). The output is deterministic for a given --seed, --mb and src/data/countries.jsonl.

The articles are not copies of the seeds: they are assembled from a cast of thousands of
people (given name + family name, each with a fixed title, country and often an organisation:
"German Foreign Minister Anna Keller"), generated organisations and events, the countries
(names, demonyms, capitals) of src/data/countries.jsonl, cities, and sentence patterns that
cover what the extractor reads: direct quotations (cue after, before, split), indirect speech
with varied reporting verbs, "according to", titles before names, appositives, pronouns and
descriptions, actions (meet, visit, propose, sign, criticise, ...), datelines of several
agencies, headlines, decks, photo credits, "Read also" links, paywall blocks and bylines.
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

FIRST_M = """Alexander Andrey Sergey Dmitry Ivan Mikhail Nikolai Pavel Viktor Yuri Hans Klaus Stefan Markus
Thomas Peter Lukas Jonas Felix Paul Jean Pierre Louis Antoine Henri Luc Marco Luca Giovanni Paolo
Matteo Carlos Miguel Javier Diego Pablo Jose Rafael John James Robert Michael William David Richard
Joseph Charles Daniel Matthew George Edward Hiroshi Takeshi Kenji Taro Yuki Wei Jian Ming Hao Lei
Jun Min-ho Ji-hoon Seung Hyun Arjun Rahul Vikram Amit Ravi Omar Ahmed Hassan Ali Karim Mustafa Ibrahim
Kwame Kofi Tunde Chinedu Lars Erik Magnus Nils Olaf Piotr Tomasz Jakub Pavel Milan Goran Dragan Mehmet
Emre Burak Ariel Yosef Noam Samuel Gabriel Mateus Thiago Bruno Rodrigo Andres Felipe Jorge Ruslan
Timur Nurlan Bakhyt Arman Vladimir Boris Oleg Igor Anton Roman Denis Kirill Fedor Gleb""".split()
FIRST_F = """Anna Maria Elena Olga Natalia Tatiana Irina Svetlana Ekaterina Yulia Sabine Claudia Petra
Julia Laura Sophie Claire Camille Isabelle Chiara Giulia Francesca Lucia Carmen Ana Isabel Sofia
Elizabeth Mary Jennifer Linda Susan Karen Sarah Emily Jessica Hannah Yuko Akiko Haruka Mei Lin Xiu
Yan Ji-yeon Soo-jin Min-ji Priya Anjali Sunita Kavya Fatima Aisha Leila Zainab Amina Ngozi Abena
Ingrid Astrid Karin Sigrid Agnieszka Katarzyna Zuzana Jelena Ayse Elif Zeynep Noa Tamar Rachel
Beatriz Mariana Camila Valentina Gabriela Aigerim Dana Madina Alina Daria Polina Ksenia Vera""".split()
LAST = """Keller Schmidt Weber Fischer Wagner Becker Hoffmann Schulz Koch Richter Klein Wolf Neumann
Schwarz Zimmermann Braun Hartmann Lange Werner Krause Dubois Martin Bernard Moreau Laurent Lefebvre
Leroy Roux Fournier Girard Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco
Garcia Fernandez Lopez Martinez Sanchez Perez Gomez Ruiz Diaz Moreno Smith Johnson Williams Brown
Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson White Harris Clark Lewis Walker Hall
Allen Young King Wright Scott Green Baker Adams Nelson Carter Mitchell Roberts Turner Phillips
Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell Murphy Bailey
Ivanov Petrov Sidorov Smirnov Kuznetsov Popov Volkov Sokolov Lebedev Kozlov Novikov Morozov Pavlov
Orlov Fedorov Belov Tarasov Zaitsev Yakovlev Grigoriev Romanov Vorobyov Nikitin Makarov Zakharov
Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Matsumoto
Inoue Kimura Hayashi Shimizu Wang Zhang Liu Chen Yang Huang Zhao Zhou Xu Sun Ma Zhu Hu Guo Lin He
Gao Luo Zheng Park Lee Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Sharma
Verma Gupta Singh Kumar Patel Reddy Nair Iyer Rao Khan Haddad Nasser Saleh Mansour Farouk Aziz
Hamdan Mensah Owusu Boateng Okafor Adeyemi Nwosu Eze Balogun Johansson Andersson Karlsson Nilsson
Larsson Olsen Hansen Nielsen Jensen Berg Nowak Kowalski Wisniewski Wojcik Kaminski Novak Horvat
Kovacs Nagy Toth Szabo Popescu Ionescu Yilmaz Kaya Demir Celik Sahin Cohen Levi Mizrahi Friedman
Silva Santos Oliveira Souza Pereira Costa Almeida Carvalho Rocha Ribeiro Nazarbayev Tokayev Abenov
Seitkali Dzhaksybekov Mamedov Aliyev Huseynov Karimov Rakhimov Yusupov Abdullaev Sultanov""".split()

TITLES = [
    ("Foreign Minister", "minister"), ("Defense Minister", "minister"), ("Finance Minister", "minister"),
    ("Interior Minister", "minister"), ("Trade Minister", "minister"), ("Energy Minister", "minister"),
    ("Deputy Foreign Minister", "minister"), ("Prime Minister", "minister"), ("President", "president"),
    ("Vice President", "president"), ("Ambassador", "ambassador"), ("Special Envoy", "envoy"),
    ("Foreign Ministry Spokesperson", "spokesperson"), ("government spokesman", "spokesman"),
    ("opposition leader", "leader"), ("central bank chief", "chief"), ("intelligence chief", "chief"),
    ("Director", "director"), ("top diplomat", "diplomat"), ("trade envoy", "envoy"),
]
ORG_ADJ = """National Federal Central Eastern Western Northern Southern Baltic Pacific Atlantic Arctic
Continental United Global Regional Strategic Independent Democratic Progressive Royal Civic
International Maritime Industrial Agricultural Digital""".split()
ORG_NOUN = """Energy Shipping Mining Steel Railway Aviation Grain Water Health Security Research Trade
Export Investment Development Labour Farmers Journalists Veterans Workers Science Space Nuclear
Climate Cyber Fisheries Textile Banking Insurance Telecom Petroleum Gas Forestry""".split()
ORG_HEAD = """Agency Council Ministry Office Service Academy Club Company Institute Commission Bank Party
Union Association Foundation Committee Corporation Group Alliance Authority""".split()
EVENT_HEAD = ["Summit", "Meeting", "Conference", "Forum", "Talks"]
CITIES = """Vienna Geneva Brussels Istanbul Dubai Singapore Jakarta Nairobi Lagos Cairo Casablanca Lima
Bogota Santiago Sydney Auckland Mumbai Karachi Dhaka Bangkok Hanoi Manila Osaka Busan Vladivostok
Kazan Novosibirsk Hamburg Munich Lyon Marseille Milan Naples Barcelona Valencia Porto Krakow Gdansk
Prague Budapest Bucharest Sofia Belgrade Zagreb Athens Tbilisi Yerevan Baku Almaty Tashkent Bishkek
Doha Riyadh Amman Beirut Tunis Algiers Dakar Accra Addis Ababa Kampala Kigali Lusaka Harare Durban""".split()
AGENCIES = ["TASS", "Reuters", "AFP", "AP", "Xinhua", "IANS", "Kyodo", "Yonhap", "dpa", "ANSA"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CUES_AFTER = ["said", "told reporters", "added", "stressed", "noted", "warned", "pointed out",
              "insisted", "explained", "acknowledged", "claimed", "emphasized", "declared", "argued",
              "remarked", "told journalists", "wrote", "announced", "underlined", "observed"]
CUES_THAT = ["said that", "stated that", "noted that", "warned that", "believes that", "claimed that",
             "told reporters that", "insisted that", "admitted that", "argued that", "announced that",
             "confirmed that", "suggested that", "reiterated that", "stressed that"]
ACTIONS = ["met with", "held talks with", "visited", "proposed", "put forward", "came up with",
           "signed", "criticized", "welcomed", "condemned", "praised", "invited", "called on",
           "urged", "accused", "thanked", "congratulated", "hosted", "rejected", "supported"]
OBJECTS = ["a new roadmap", "a draft resolution", "an action plan", "a trade agreement", "a peace plan",
           "the sanctions package", "a joint statement", "a ceasefire proposal", "the budget reform",
           "a memorandum of understanding", "new tariffs", "the energy deal", "a security pact",
           "the investment framework", "a visa waiver", "the climate pledge", "a prisoner exchange"]
SUBJECTS = ["the talks", "the negotiations", "the agreement", "the new policy", "the proposal",
            "the reform", "the sanctions", "the summit", "bilateral trade", "the ceasefire",
            "cooperation in the energy sector", "the investment climate", "regional security",
            "the humanitarian situation", "the election", "the border dispute", "inflation",
            "the budget", "the pipeline project", "the exchange rate", "grain exports"]
PREDICATES = ["were constructive", "would continue next month", "remained difficult", "had produced results",
              "must respect international law", "was a step in the right direction", "could take years",
              "should benefit both countries", "had been postponed", "would not change anything",
              "was unacceptable", "deserved full support", "had reached a dead end",
              "would be reviewed in the autumn", "was moving faster than expected",
              "needed more transparency", "had raised serious concerns", "was going well"]
CLAUSES = ["despite growing pressure from abroad", "after weeks of difficult consultations",
           "amid rising tensions in the region", "as markets reacted nervously",
           "while protesters gathered outside", "following a phone call on Sunday",
           "ahead of the parliamentary vote", "in the presence of foreign observers",
           "at a joint news conference", "during a visit to the port", "on the sidelines of the forum"]
DESC = ["the minister", "the diplomat", "the official", "the envoy", "the president", "the leader",
        "the ambassador", "the spokesperson", "the top diplomat"]
PAYWALL = [["You have read 3 of 5 free articles this month.", "Subscribe now", "$4.99 / month",
            "Cancel anytime", "Already a subscriber? Log in"],
           ["Premium stories for readers like you", "Unlimited access", "1 Year", "Sign up today"],
           ["To continue reading, subscribe", "Ad-free experience", "\u20ac5", "6 months"]]
BOILER = ["Read also", "See also", "Related stories:"]
DISCLAIMERS = ["Copyright 2024. All rights reserved.", "Disclaimer: the views expressed are the author's own.",
               "(c) Newswire Services"]


def load_countries():
    out = []
    path = os.path.join(ROOT, "src", "data", "countries.jsonl")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            d = json.loads(line)
            if d.get("kind") == "entity":
                out.append((d["name"], (d.get("demonyms") or [d["name"]])[0], (d.get("capitals") or [None])[0]))
    if not out:
        sys.exit(f"no countries in {path}")
    return out


class Cast:
    """Thousands of people with fixed roles, plus organisations and events."""

    def __init__(self, rng, countries, people):
        self.rng = rng
        self.countries = countries
        self.orgs = []
        seen = set()
        while len(self.orgs) < 600:
            o = f"{rng.choice(ORG_ADJ)} {rng.choice(ORG_NOUN)} {rng.choice(ORG_HEAD)}"
            if o not in seen:
                seen.add(o)
                self.orgs.append(o)
        self.events = [f"{rng.choice(CITIES)} {rng.choice(ORG_NOUN)} {rng.choice(EVENT_HEAD)}" for _ in range(200)]
        self.people = []
        names = set()
        while len(self.people) < people:
            female = rng.random() < 0.4
            first = rng.choice(FIRST_F if female else FIRST_M)
            last = rng.choice(LAST)
            if (first, last) in names:
                continue
            names.add((first, last))
            title, cls = rng.choice(TITLES)
            country = rng.choice(countries)
            org = rng.choice(self.orgs) if rng.random() < 0.3 else None
            self.people.append({"first": first, "last": last, "female": female, "title": title,
                                "cls": cls, "country": country, "org": org})

    def person(self, zipf=True):
        # A few people are in the news all the time, most rarely.
        n = len(self.people)
        i = int(n * (self.rng.random() ** 3)) if zipf else self.rng.randrange(n)
        return self.people[min(i, n - 1)]


def full(p):
    return f"{p['first']} {p['last']}"


def intro(rng, p):
    """A first mention: title phrase, appositive or plain name."""
    c = p["country"]
    r = rng.random()
    if r < 0.45:
        return f"{c[1]} {p['title']} {full(p)}"
    if r < 0.6 and p["org"]:
        return f"{p['org']} {p['title'].split()[-1].lower()} {full(p)}"
    if r < 0.75:
        return f"{full(p)}, the {c[1]} {p['title'].lower()},"
    if r < 0.85:
        return f"{c[0]}'s {p['title']} {full(p)}"
    return full(p)


def later(rng, p):
    r = rng.random()
    if r < 0.5:
        return p["last"]
    if r < 0.75:
        return "she" if p["female"] else "he"
    if r < 0.9:
        return rng.choice(DESC)
    return full(p)


def cap(s):
    return s[0].upper() + s[1:] if s else s


def content(rng, cast):
    r = rng.random()
    if r < 0.4:
        return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}"
    if r < 0.7:
        c = rng.choice(cast.countries)
        return f"{c[0]} {rng.choice(['would', 'should', 'could', 'will', 'must'])} {rng.choice(['not ', ''])}{rng.choice(['support', 'review', 'reject', 'accept', 'discuss'])} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}"
    return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)} {rng.choice(CLAUSES)}"


def sentence(rng, cast, cast_doc, introduced):
    p = rng.choice(cast_doc)
    first = p["last"] not in introduced
    who = intro(rng, p) if first else later(rng, p)
    introduced.add(p["last"])
    k = rng.random()
    q1, q2 = ("\u201c", "\u201d") if rng.random() < 0.6 else ('"', '"')
    if k < 0.22:
        return f"{q1}{cap(content(rng, cast))}, and {content(rng, cast)},{q2} {who} {rng.choice(CUES_AFTER)}."
    if k < 0.34:
        return f"{cap(who)} {rng.choice(CUES_AFTER)}: {q1}{cap(content(rng, cast))}.{q2}"
    if k < 0.52:
        return f"{cap(who)} {rng.choice(CUES_THAT)} {content(rng, cast)}."
    if k < 0.62:
        if who in ("he", "she"):
            who = full(p)
        return f"According to {who.rstrip(',')}, {content(rng, cast)}."
    if k < 0.7:
        return f"{cap(content(rng, cast))}, {who.rstrip(',')} {rng.choice(CUES_AFTER)} on {rng.choice(DAYS)}."
    if k < 0.9:
        o = rng.random()
        if o < 0.45:
            other = rng.choice(cast_doc)
            obj = intro(rng, other) if other["last"] not in introduced else full(other)
            introduced.add(other["last"])
        elif o < 0.65:
            obj = rng.choice(cast.countries)[0]
        elif o < 0.8:
            obj = "the " + rng.choice(cast.orgs)
        else:
            obj = rng.choice(OBJECTS)
        return f"{cap(who.rstrip(','))} {rng.choice(ACTIONS)} {obj} {rng.choice(CLAUSES)}."
    c = rng.choice(cast.countries)
    place = c[2] or rng.choice(CITIES)
    return f"The {rng.choice(cast.events)} in {place} {rng.choice(['brought together', 'was attended by', 'will gather'])} delegations from {c[0]} and {rng.choice(cast.countries)[0]}, {rng.choice(CLAUSES)}."


def article(rng, cast, i):
    country = rng.choice(cast.countries)
    place = (country[2] or rng.choice(CITIES)).upper()
    m = rng.randrange(12)
    day = rng.randint(1, 28)
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
    agency = rng.choice(AGENCIES)
    cast_doc = [cast.person() for _ in range(rng.randint(2, 6))]
    lead = cast_doc[0]
    headline = f"{lead['last']} {rng.choice(['Warns', 'Says', 'Signals', 'Rejects', 'Backs', 'Calls For'])} {rng.choice(['Progress', 'Caution', 'Change', 'Talks', 'Reform', 'Unity'])} on {cap(rng.choice(SUBJECTS).replace('the ', ''))}"
    paras = []
    r = rng.random()
    if r < 0.3:
        paras.append(f"date {year}-{m + 1:02d}-{day:02d} Politics")
    paras.append(headline)
    if rng.random() < 0.3:
        paras.append(f"{cap(rng.choice(SUBJECTS))} at the top of the agenda in {country[0]}")
    introduced = set()
    n = rng.randint(8, 22)
    body = []
    while len(body) < n:
        k = rng.randint(1, 4)
        body.append(" ".join(sentence(rng, cast, cast_doc, introduced) for _ in range(k)))
    d = rng.random()
    if d < 0.35:
        body[0] = f"{place}, {MONTH_ABBR[m]} {day}. /{agency}/. {body[0]}"
    elif d < 0.6:
        body[0] = f"{place} ({agency}) - {body[0]}"
    elif d < 0.75:
        body[0] = f"{place}, {MONTHS[m]} {day}, {year} \u2014 {body[0]}"
    for j, b in enumerate(body):
        paras.append(b)
        x = rng.random()
        if x < 0.04:
            paras.append(rng.choice(BOILER))
            paras.append(f"{rng.choice(cast.people)['last']} {rng.choice(['visits', 'meets', 'criticises'])} {rng.choice(cast.orgs)}")
        elif x < 0.07:
            caption = f"{full(rng.choice(cast_doc))} in {rng.choice(CITIES)}"
            paras.append(caption)
            paras.append(f"\u00a9 {rng.choice(['AP Photo', 'Reuters', 'AFP'])}/{full(rng.choice(cast.people))}")
    if rng.random() < 0.25:
        paras.extend(rng.choice(PAYWALL))
    if rng.random() < 0.2:
        paras.append(f"--{agency.upper()}")
    if rng.random() < 0.1:
        paras.append(rng.choice(DISCLAIMERS))
    sep = "\n\n" if rng.random() < 0.7 else "\n"
    text = sep.join(paras) + "\n"
    return text, f"{year}-{m + 1:02d}-{day:02d}", agency, headline


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=100, help="approximate size in MB (default 100)")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench-corpus"))
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--people", type=int, default=6000, help="distinct people in the cast")
    ap.add_argument("--no-files", action="store_true", help="write only corpus.jsonl")
    ap.add_argument("--real", action="append", default=[], metavar="DIR",
                    help="also mix in the *.txt articles of DIR (may be repeated), one in every --real-every "
                         "articles, each copy made distinct by a last line naming it (never committed: "
                         "e.g. the seeds and ../shared/eval/polnear-dev/text)")
    ap.add_argument("--real-every", type=int, default=4)
    a = ap.parse_args()
    real = []
    for d in a.real:
        for n in sorted(os.listdir(d)):
            if n.endswith(".txt"):
                with open(os.path.join(d, n), encoding="utf-8", errors="replace") as f:
                    real.append((n, f.read()))
    rng = random.Random(a.seed)
    cast = Cast(rng, load_countries(), a.people)
    files = os.path.join(a.out, "files")
    os.makedirs(files, exist_ok=True)
    target = int(a.mb * 1_000_000)
    total = 0
    i = 0
    tmp = os.path.join(a.out, ".corpus.jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as jl:
        while total < target:
            text, date, agency, title = article(rng, cast, i)
            name = f"{i:06d}.txt"
            if real and i % a.real_every == 0:
                src, body = real[(i // a.real_every) % len(real)]
                text = f"{body.rstrip()}\n\nArchive copy {i} of {src}.\n"
                date, agency, title = None, None, None
            data = text
            if rng.random() < 0.05:
                data = data.replace("\n", "\r\n")
            raw = data.encode("utf-8")
            if rng.random() < 0.03:
                raw = b"\xef\xbb\xbf" + raw
            if not a.no_files:
                with open(os.path.join(files, name), "wb") as f:
                    f.write(raw)
            jl.write(json.dumps({"id": name, "text": data, "date": date, "source": agency, "title": title},
                                ensure_ascii=False))
            jl.write("\n")
            total += len(raw)
            i += 1
    os.replace(tmp, os.path.join(a.out, "corpus.jsonl"))
    print(f"{i} articles, {total / 1e6:.1f} MB -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
