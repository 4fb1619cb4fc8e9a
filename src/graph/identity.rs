//! Cross-document identity: rules that join nodes which per-document extraction could not know
//! to be one entity. They run after all documents are merged, and depend only on the merged set,
//! never on the order documents arrived in.
//!
//! * `XDOC/SURNAME/1` — a Person node named by one word ("Lavrov", from an article that never
//!   gives the full name) joins the *only* multi-word Person whose last name is that word;
//!   `XDOC/SURNAME/2` — or, among several, the one with at least three times the mentions of the
//!   next. Otherwise ("Kim" with Kim Jong-un and Kim Yo-jong equally) it is left alone.
//!   A one-word name whose gender is known (an alias "Mrs. Obama") joins only a person of that
//!   gender, and a suffix ("Jr.") is no last name. A one-word name seen with a title ("President
//!   Clinton") joins the one namesake seen with that title (`XDOC/SURNAME/3`: "former President
//!   Bill Clinton", not "Democratic nominee Hillary Clinton"); if none was, only a namesake
//!   without rivals.
//!   `XDOC/SURNAME/4` — a one-word name seen with an honorific and no full name to join
//!   ("Mr. Grassley", whose id keeps its gender) joins the same name seen without one
//!   ("Grassley"), unless the other gender's honorific was seen with that name too.
//! * `XDOC/MIDDLE_INITIAL/1`, `XDOC/NICKNAME/1` — the forms of one name join: middle names or
//!   initials and suffixes may be missing on one side ("Donald J. Trump" = "Donald Trump";
//!   "Joseph R. Biden Jr." = "Joe Biden"), and the given names must be the same name or a
//!   nickname of it (the `nickname` lexicon: Joe/Joseph, Bill/William, Bob/Robert). Names join
//!   only if every pair of them agrees: "George W. Bush", "George H. W. Bush" and "George Bush"
//!   stay apart, as do "Ted", "Edward" and "Theodore Kennedy"; different given names never join.
//! * `XDOC/MISSPELLING/1` — two Person names of the same length that agree in every word but one,
//!   where that word differs by one letter (not the first) and the two spellings are not both
//!   known names — given names of the names lexicon, given names or surnames of the census lists
//!   ("Kin Jong-un" and "Kim Jong-un", but not "Mark Smith" and "Mary Smith", "Ivana Trump" and
//!   "Ivanka Trump", "Alana Jones" and "Alanna Jones", "John Smith" and "John Smyth"). One side may be
//!   an untyped name no list knew ("Kin Jong-un" as a Concept); the person wins, else the name
//!   seen in more documents (then with more mentions, then the smaller id).
//!
//! Apostrophe, quotation-mark and diacritic variants (O'Neill / O’Neill, José / Jose) and
//! transliteration variants (Sergey/Sergei) never reach this stage: ids are computed from the
//! folded name (see [`crate::mentions::name_id`]), so they are the same node from the start.

use super::KnowledgeGraph;
use crate::lexicon::{slug, Gender, Lexicon};
use crate::model::NodeType;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Applies every cross-document rule to `g`.
pub fn apply(g: &mut KnowledgeGraph, lex: &Lexicon) {
    misspellings(g, lex);
    name_forms(g, lex);
    surnames(g, lex);
    honorific_surnames(g, lex);
}

/// `XDOC/SURNAME/4`: a one-word name seen with an honorific (its id keeps the gender:
/// `mr-grassley`, see `COREF/HONORIFIC_ID/1`) that found no full name joins the same one-word
/// name seen without one ("Grassley") — unless that name was also seen with the other gender's
/// honorific, which leaves the plain one ambiguous ("Mr. Obama", "Mrs. Obama", "Obama").
fn honorific_surnames(g: &mut KnowledgeGraph, lex: &Lexicon) {
    let mut by_name: BTreeMap<String, Vec<(String, Gender)>> = BTreeMap::new();
    for (id, label, _, _) in persons(g) {
        let w = words(&label);
        if w.len() == 1 {
            let gender = node_gender(g, &id, lex);
            by_name.entry(slug(&w[0])).or_default().push((id, gender));
        }
    }
    for nodes in by_name.values() {
        let plain: Vec<&String> = nodes.iter().filter(|n| n.1 == Gender::Unknown).map(|n| &n.0).collect();
        let gendered: Vec<&(String, Gender)> = nodes.iter().filter(|n| n.1 != Gender::Unknown).collect();
        let genders: BTreeSet<Gender> = gendered.iter().map(|n| n.1).collect();
        if let ([into], 1) = (plain.as_slice(), genders.len()) {
            for (from, _) in gendered {
                g.merge_nodes(from, into, "XDOC/SURNAME/4");
            }
        }
    }
}

/// A person's name in parts: given name, middle names (or initials), surname, suffix; each
/// folded to a slug ("O’Neill" → "oneill") and spelled canonically.
#[derive(Debug, Clone, PartialEq)]
struct NameParts {
    given: String,
    middle: Vec<String>,
    surname: String,
    suffix: Option<String>,
}

fn name_parts(label: &str, lex: &Lexicon) -> Option<NameParts> {
    let mut w: Vec<&str> = label.split_whitespace().collect();
    let mut suffix = None;
    while w.len() > 2 && lex.is_name_suffix(w[w.len() - 1]) {
        suffix = Some(slug(w.pop().expect("len > 2")));
    }
    if w.len() < 2 {
        return None;
    }
    let fold = |x: &str| lex.canonical_spelling(&slug(x)).to_string();
    let parts: Vec<String> = w.iter().map(|x| fold(x)).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some(NameParts {
        given: parts[0].clone(),
        middle: parts[1..parts.len() - 1].to_vec(),
        surname: parts[parts.len() - 1].clone(),
        suffix,
    })
}

/// Can two forms of a name be one person? Same surname, the same given name (or a nickname of
/// it), middle names that agree by their initials where both have them, suffixes that agree where
/// both have one.
fn same_person_name(a: &NameParts, b: &NameParts, lex: &Lexicon) -> bool {
    let initials = |m: &[String]| m.iter().filter_map(|x| x.chars().next()).collect::<String>();
    a.surname == b.surname
        && lex.same_given_name(&a.given, &b.given)
        && (a.middle.is_empty() || b.middle.is_empty() || initials(&a.middle) == initials(&b.middle))
        && (a.suffix.is_none() || b.suffix.is_none() || a.suffix == b.suffix)
}

/// `XDOC/MIDDLE_INITIAL/1` and `XDOC/NICKNAME/1` (see the module note). Candidates share a surname
/// and a formal given name (a nickname is bucketed under each name it shortens); buckets that
/// overlap form groups, and a group joins into its best-attested node only if every pair in it
/// agrees.
fn name_forms(g: &mut KnowledgeGraph, lex: &Lexicon) {
    const MAX_GROUP: usize = 64;
    let people = persons(g);
    let parts: Vec<Option<NameParts>> = people.iter().map(|p| name_parts(&p.1, lex)).collect();
    let mut buckets: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, np) in parts.iter().enumerate() {
        let Some(np) = np else { continue };
        let mut keys = lex.nicknames.get(&np.given).cloned().unwrap_or_default();
        keys.push(np.given.clone());
        for k in keys {
            buckets.entry((np.surname.clone(), k)).or_default().push(i);
        }
    }
    // Union the members of each bucket.
    let mut parent: Vec<usize> = (0..people.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for members in buckets.values().filter(|m| m.len() > 1) {
        for &m in &members[1..] {
            let (a, b) = (root(&mut parent, members[0]), root(&mut parent, m));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in parts.iter().enumerate() {
        if p.is_some() {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
    }
    let mut merges: Vec<(String, String, &'static str)> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1 && m.len() <= MAX_GROUP) {
        let agree = members.iter().enumerate().all(|(x, &i)| {
            members[x + 1..].iter().all(|&j| same_person_name(parts[i].as_ref().expect("some"), parts[j].as_ref().expect("some"), lex))
        });
        if !agree {
            continue;
        }
        let rank = |i: usize| (people[i].2, people[i].3, std::cmp::Reverse(people[i].0.clone()));
        let into = *members.iter().max_by_key(|&&i| rank(i)).expect("non-empty");
        for &i in members.iter().filter(|&&i| i != into) {
            let same_given = lex.canonical_spelling(&parts[i].as_ref().expect("some").given) == lex.canonical_spelling(&parts[into].as_ref().expect("some").given);
            let rule = if same_given { "XDOC/MIDDLE_INITIAL/1" } else { "XDOC/NICKNAME/1" };
            merges.push((people[i].0.clone(), people[into].0.clone(), rule));
        }
    }
    for (from, into, rule) in merges {
        g.merge_nodes(&from, &into, rule);
    }
}

/// The titles a person node's names were written with ("former President Bill Clinton" →
/// `president`): the first class of each head title in its label and aliases.
fn title_heads(g: &KnowledgeGraph, id: &str, lex: &Lexicon) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(n) = g.node(id) else { return out };
    for a in n.aliases.iter().chain(std::iter::once(&n.label)) {
        let toks: Vec<String> = crate::lexicon::phrase_tokens(a).into_iter().map(|t| t.0).collect();
        let mut k = 0;
        while k < toks.len() {
            let hit = lex.titles.get(&toks[k]).and_then(|l| l.iter().find(|t| k + t.tokens.len() <= toks.len() && t.tokens.iter().enumerate().all(|(x, w)| toks[k + x] == *w)));
            match hit {
                Some(t) => {
                    if let Some(c) = t.classes.first().filter(|_| t.head) {
                        out.insert(c.clone());
                    }
                    k += t.tokens.len();
                }
                None => k += 1,
            }
        }
    }
    out
}

/// The gender a person node's names show: its given name (the names lexicon), else an alias
/// written with an honorific ("Mrs. Obama"); unknown when they disagree.
fn node_gender(g: &KnowledgeGraph, id: &str, lex: &Lexicon) -> Gender {
    let Some(n) = g.node(id) else { return Gender::Unknown };
    let mut seen = Vec::new();
    if let Some(&gd) = name_parts(&n.label, lex).and_then(|np| lex.first_names.get(&np.given)) {
        seen.push(gd);
    }
    for a in &n.aliases {
        let first = a.split_whitespace().next().unwrap_or("").to_lowercase();
        if lex.word_is(&first, "honorific-m") {
            seen.push(Gender::Male);
        } else if lex.word_is(&first, "honorific-f") {
            seen.push(Gender::Female);
        }
    }
    seen.retain(|&x| x != Gender::Unknown);
    match seen.first() {
        Some(&first) if seen.iter().all(|&x| x == first) => first,
        _ => Gender::Unknown,
    }
}

/// Persons, and (with `name_like`) untyped names that look like a person's: two or more words,
/// each capitalised ("Kin Jong-un", which no list knew).
fn persons_and(g: &KnowledgeGraph, name_like: bool) -> Vec<(String, String, usize, u64)> {
    let looks_like_name = |label: &str| {
        let words: Vec<&str> = label.split_whitespace().collect();
        (2..=4).contains(&words.len()) && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
    };
    let mut v: Vec<(String, String, usize, u64)> = g
        .graph()
        .node_weights()
        .filter(|n| n.node_type == NodeType::Person || (name_like && n.node_type == NodeType::Concept && looks_like_name(&n.label)))
        .map(|n| (n.id.clone(), n.label.clone(), g.doc_count(n), n.mentions))
        .collect();
    v.sort();
    v
}

fn persons(g: &KnowledgeGraph) -> Vec<(String, String, usize, u64)> {
    persons_and(g, false)
}

/// The words of a name, hyphenated parts apart ("Kim Jong-un" = "Kim Jong Un").
fn words(label: &str) -> Vec<String> {
    label.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

fn surnames(g: &mut KnowledgeGraph, lex: &Lexicon) {
    let people = persons(g);
    let mut by_last: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, label, _, _) in &people {
        let w = words(label);
        if w.len() >= 2 {
            // The surname before any suffix ("Biden" in "Joseph R. Biden Jr.").
            let last = name_parts(label, lex).map(|p| p.surname).unwrap_or_else(|| slug(&w[w.len() - 1]));
            by_last.entry(last).or_default().push(id.clone());
            let hyphen_last = slug(&w[w.len() - 1]);
            if by_last.get(&hyphen_last).is_none_or(|v| !v.contains(id)) {
                by_last.entry(hyphen_last).or_default().push(id.clone());
            }
        }
    }
    for (id, label, _, _) in &people {
        let w = words(label);
        if w.len() != 1 {
            continue;
        }
        // A one-word name that shows a gender ("Mrs. Obama") joins only a person of that gender.
        let gender = node_gender(g, id, lex);
        let Some(all) = by_last.get(lex.canonical_spelling(&slug(&w[0]))).or_else(|| by_last.get(&slug(&w[0]))) else { continue };
        let mut c: Vec<&String> = all
            .iter()
            .filter(|b| {
                let gb = node_gender(g, b, lex);
                gender == Gender::Unknown || gb == Gender::Unknown || gb == gender
            })
            .collect();
        // A name seen with a title ("President Clinton") goes to a namesake seen with that title
        // (`XDOC/SURNAME/3`); with none, only to the one namesake there is.
        let titles = title_heads(g, id, lex);
        if !titles.is_empty() {
            let titled: Vec<&String> = c.iter().copied().filter(|b| !title_heads(g, b, lex).is_disjoint(&titles)).collect();
            if titled.len() == 1 {
                g.merge_nodes(id, titled[0], "XDOC/SURNAME/3");
                continue;
            }
            if titled.is_empty() && c.len() > 1 {
                continue;
            }
            if !titled.is_empty() {
                c = titled;
            }
        }
        if c.len() == 1 {
            g.merge_nodes(id, c[0], "XDOC/SURNAME/1");
        } else if c.len() > 1 {
            // One of several with that surname, if it is far the best attested ("Obama":
            // Barack Obama, rarely Michelle Obama) — `XDOC/SURNAME/2`.
            let mut ranked: Vec<(u64, &String)> = c.iter().map(|id| (g.node(id).map(|n| n.mentions).unwrap_or(0), *id)).collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            if ranked[0].0 >= 3 * ranked[1].0.max(1) {
                let into = ranked[0].1.clone();
                g.merge_nodes(id, &into, "XDOC/SURNAME/2");
            }
        }
    }
}

/// Levenshtein distance == 1 between two short words, not at the first character.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.first() != b.first() || a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
        }
    }
    edits + (a.len() - i) + (b.len() - j) == 1
}

/// A spelling that names people in its own right: a given name of the names lexicon, or a given
/// name or surname of the census lists ("Ivanka", "Alanna", "Smyth"). Two of them one letter
/// apart are two names, not a misspelling ("Ivana"/"Ivanka Trump", "John Smith"/"John Smyth").
fn known_name(w: &str, lex: &Lexicon) -> bool {
    lex.is_first_name(w) || crate::mentions::typing::census::classes(w).is_some()
}

fn misspellings(g: &mut KnowledgeGraph, lex: &Lexicon) {
    let people = persons_and(g, true);
    let is_person = |id: &str| g.node(id).is_some_and(|n| n.node_type == NodeType::Person);
    let words: Vec<Vec<String>> = people.iter().map(|p| words(&p.1)).collect();
    // Candidate pairs: two names of the same length that agree in every word but one share the
    // key (length, position k, the other words). Only those pairs are compared, in the order of
    // the pairwise scan over the sorted people, so the result is the same as comparing every
    // pair, in O(n · words) instead of O(n²).
    let mut buckets: HashMap<(usize, usize, Vec<&str>), Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.len() < 2 {
            continue;
        }
        for k in 0..w.len() {
            let rest: Vec<&str> = w.iter().enumerate().filter(|&(x, _)| x != k).map(|(_, s)| s.as_str()).collect();
            buckets.entry((w.len(), k, rest)).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for ((_, k, _), members) in &buckets {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if words[i][*k] != words[j][*k] {
                    pairs.push((i.min(j), i.max(j), *k));
                }
            }
        }
    }
    pairs.sort_unstable();
    let mut merges: Vec<(String, String)> = Vec::new();
    for (i, j, k) in pairs {
        let (a, b) = (&people[i], &people[j]);
        let (wa, wb) = (&words[i], &words[j]);
        if wa[k].chars().count() < 3 || !one_letter_apart(&wa[k], &wb[k]) {
            continue;
        }
        if known_name(&wa[k], lex) && known_name(&wb[k], lex) {
            continue;
        }
        // Two untyped names say nothing; a person and an untyped name: the person wins;
        // otherwise the better-attested spelling wins.
        let (pa, pb) = (is_person(&a.0), is_person(&b.0));
        if !pa && !pb {
            continue;
        }
        let rank = |p: &(String, String, usize, u64)| (is_person(&p.0), p.2, p.3, std::cmp::Reverse(p.0.clone()));
        let (from, into) = if rank(a) >= rank(b) { (b, a) } else { (a, b) };
        merges.push((from.0.clone(), into.0.clone()));
    }
    for (from, into) in merges {
        g.merge_nodes(&from, &into, "XDOC/MISSPELLING/1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter() {
        assert!(one_letter_apart("kin", "kim"));
        assert!(!one_letter_apart("kim", "kim"));
        assert!(!one_letter_apart("jong-un", "jong-il"));
        assert!(!one_letter_apart("kim", "tim"));
        assert!(one_letter_apart("lavrov", "lavrovv"));
    }
}
