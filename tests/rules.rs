//! Runs the examples every rule carries (`src/data/rules.jsonl`, `src/data/actions.jsonl`), as
//! nlprule does: each example must produce its edges and statements with the rule's id, must not
//! produce its `absent` edges or `absent_statements`, and must do so unchanged when the text is shifted by one byte and
//! by one (two-byte) character — which catches offset bugs. Every evidence span and statement
//! span must slice the document to the text recorded for it.

use newsgraph::extract::extract_text;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::{Lexicon, RuleExample};
use newsgraph::model::{EdgeKind, Node, NodeType};

fn norm(s: &str) -> String {
    newsgraph::text::normalize(s).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn names(n: &Node) -> Vec<String> {
    let mut v: Vec<String> = n.aliases.iter().map(|a| norm(a)).collect();
    v.push(norm(&n.label));
    v
}

fn matches(n: &Node, want: &str) -> bool {
    names(n).contains(&norm(want))
}

fn build(text: &str) -> KnowledgeGraph {
    let lex = Lexicon::builtin();
    let facts = extract_text("example.txt", text, lex);
    // Offsets: every evidence and statement span slices the text to what it records.
    for e in &facts.edges {
        for ev in &e.edge.evidence {
            assert_eq!(&text[ev.start..ev.end], ev.text, "evidence span of {:?} in {text:?}", e.edge.relation);
        }
    }
    for n in facts.nodes.iter().filter(|n| n.node_type == NodeType::Statement) {
        let (s, e) = (n.start.unwrap(), n.end.unwrap());
        let slice = norm(&text[s..e]);
        for w in norm(n.text.as_deref().unwrap()).split(' ') {
            assert!(slice.contains(w), "statement span {s}..{e} does not hold {w:?} in {text:?}");
        }
    }
    let mut g = KnowledgeGraph::default();
    g.add_facts(&facts);
    g.finalize(lex);
    g
}

/// What an example yields, as comparable strings.
fn check(rule: &str, ex: &RuleExample, text: &str) -> Result<(), String> {
    let g = build(text);
    let edges = g.sorted_edges();
    let node = |id: &str| g.node(id).unwrap();
    let rule_ok = |rules: &std::collections::BTreeSet<String>| rules.iter().any(|r| r == rule || r.starts_with(&format!("{rule}/")));
    for [s, rel, t] in &ex.edges {
        let hit = edges.iter().any(|e| {
            e.edge.relation == *rel && matches(node(&e.source), s) && matches(node(&e.target), t) && rule_ok(&e.edge.rules)
        });
        if !hit {
            let have: Vec<String> = edges
                .iter()
                .map(|e| format!("{} -{}-> {} {:?}", node(&e.source).label, e.edge.relation, node(&e.target).label, e.edge.rules))
                .collect();
            return Err(format!("{rule}: missing {s} -{rel}-> {t} in {text:?}; have {have:#?}"));
        }
    }
    for [s, rel, t] in &ex.absent {
        if let Some(e) = edges.iter().find(|e| e.edge.relation == *rel && matches(node(&e.source), s) && matches(node(&e.target), t)) {
            return Err(format!("{rule}: unwanted {s} -{rel}-> {t} ({:?}) in {text:?}", e.edge.rules));
        }
    }
    for [speaker, start] in &ex.statements {
        let hit = g.statements().into_iter().any(|st| {
            let text_ok = norm(st.text.as_deref().unwrap_or("")).starts_with(&norm(start));
            let rule_matches = st.rule.as_deref() == Some(rule);
            let by = edges.iter().any(|e| e.target == st.id && e.edge.kind == EdgeKind::Quote && matches(node(&e.source), speaker))
                || norm(st.source_text.as_deref().unwrap_or("")) == norm(speaker);
            text_ok && rule_matches && by
        });
        if !hit {
            let have: Vec<String> = g
                .statements()
                .iter()
                .map(|st| format!("{:?} by {:?} [{}]", st.text.as_deref().unwrap_or(""), st.source_text, st.rule.as_deref().unwrap_or("")))
                .collect();
            return Err(format!("{rule}: missing statement by {speaker}: {start:?} in {text:?}; have {have:#?}"));
        }
    }
    for [speaker, start] in &ex.absent_statements {
        if let Some(st) = g.statements().into_iter().find(|st| {
            norm(st.text.as_deref().unwrap_or("")).starts_with(&norm(start))
                && (edges.iter().any(|e| e.target == st.id && e.edge.kind == EdgeKind::Quote && matches(node(&e.source), speaker))
                    || norm(st.source_text.as_deref().unwrap_or("")) == norm(speaker))
        }) {
            return Err(format!("{rule}: unwanted statement by {speaker}: {start:?} ({:?}) in {text:?}", st.rule));
        }
    }
    Ok(())
}

fn all_examples() -> Vec<(String, RuleExample)> {
    let lex = Lexicon::builtin();
    let mut v = Vec::new();
    for r in &lex.rules {
        for ex in &r.examples {
            v.push((r.id.clone(), ex.clone()));
        }
    }
    for a in &lex.actions {
        for ex in &a.examples {
            v.push((a.id.clone(), ex.clone()));
        }
    }
    v
}

#[test]
fn every_rule_example_holds() {
    let mut failures = Vec::new();
    for (rule, ex) in all_examples() {
        if let Err(e) = check(&rule, &ex, &ex.text) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{} rule examples fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_example_holds_when_shifted() {
    let mut failures = Vec::new();
    for (rule, ex) in all_examples() {
        // one byte, and one two-byte character (a no-break space, so no word is added)
        for prefix in [" ", "\u{a0}"] {
            let shifted = format!("{prefix}{}", ex.text);
            if check(&rule, &ex, &shifted).is_err() {
                failures.push(format!("{rule}: shifted by {prefix:?}: {:?}", ex.text));
            }
        }
    }
    assert!(failures.is_empty(), "{} shifted examples fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_has_an_example() {
    let lex = Lexicon::builtin();
    let bare: Vec<&str> = lex.rules.iter().filter(|r| r.examples.is_empty()).map(|r| r.id.as_str()).collect();
    assert!(bare.is_empty(), "rules without examples: {bare:?}");
    let bare: Vec<&str> = lex.actions.iter().filter(|r| r.examples.is_empty()).map(|r| r.id.as_str()).collect();
    assert!(bare.is_empty(), "action rules without examples: {bare:?}");
}

/// The dateline rules' examples (`src/data/datelines.jsonl`) through the whole extraction, also
/// shifted by one byte and one two-byte character: the document gets the place, date and agency;
/// the place is an entity whose alias records the rule; the dateline is never evidence text.
#[test]
fn every_dateline_example_holds_in_extraction() {
    let lex = Lexicon::builtin();
    let rules = newsgraph::text::dateline::DatelineRules::builtin();
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in &rules.rules {
        for ex in r.examples.iter().filter(|ex| !ex.none) {
            for prefix in ["", " ", "\u{a0}"] {
                let text = format!("{prefix}{}", ex.text);
                let facts = extract_text("example.txt", &text, lex);
                let m = &facts.document;
                let want_place = match (&ex.place, &ex.region) {
                    (Some(p), Some(r)) => Some(format!("{p}, {r}")),
                    (p, _) => p.clone(),
                };
                let date_ok = ex.date.is_none() || m.date == ex.date;
                let written = ex.place.clone().unwrap_or_default();
                let entity = facts.nodes.iter().any(|n| n.alias_rules.get(&written).map(String::as_str) == Some(r.id.as_str()));
                let in_evidence = facts.edges.iter().flat_map(|e| &e.edge.evidence).any(|ev| ev.text.starts_with(&written));
                if m.place != want_place || !date_ok || m.agency != ex.agency || !entity || in_evidence {
                    failures.push(format!("{}: {text:?} gives place {:?}, date {:?}, agency {:?}, entity {entity}, in evidence {in_evidence}", r.id, m.place, m.date, m.agency));
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 45, "{checked}");
    assert!(failures.is_empty(), "{} dateline examples fail:\n{}", failures.len(), failures.join("\n"));
}
