//! Who speaks: pronoun speakers agree in gender with their person, a quotation's continuation
//! belongs to that quotation's speaker, and a text that speaks in the article's own voice ("the
//! report said") is a speaker of its own (a Document node).

use newsgraph::extract::extract_text;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::NodeType;

fn graph(text: &str) -> KnowledgeGraph {
    let lex = Lexicon::builtin();
    let mut g = KnowledgeGraph::default();
    g.add_facts(&extract_text("t.txt", text, lex));
    g.finalize(lex);
    g
}

/// (speaker label or "-", speaker type, start of the content) for every statement, in text order.
fn speakers(text: &str) -> Vec<(String, Option<NodeType>, String)> {
    let g = graph(text);
    let edges = g.sorted_edges();
    let mut out: Vec<(usize, String, Option<NodeType>, String)> = g
        .graph()
        .node_weights()
        .filter(|n| n.node_type == NodeType::Statement)
        .map(|st| {
            let sp = edges.iter().find(|e| e.edge.kind == newsgraph::model::EdgeKind::Quote && e.target == st.id).and_then(|e| g.node(&e.source));
            let words: String = st.text.as_deref().unwrap_or("").split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            (st.start.unwrap_or(0), sp.map(|n| n.label.clone()).unwrap_or_else(|| "-".into()), sp.map(|n| n.node_type), words)
        })
        .collect();
    out.sort_by_key(|x| x.0);
    out.into_iter().map(|(_, a, b, c)| (a, b, c)).collect()
}

fn speaker_of(text: &str, content_start: &str) -> Option<String> {
    speakers(text).into_iter().find(|s| s.2.starts_with(content_start)).map(|s| s.0)
}

#[test]
fn she_said_never_goes_to_a_man() {
    let text = "Barack Obama spoke at the rally on Monday. The crowd cheered for an hour. The band played on. \
                Michelle Obama then took the stage. \"Thank you all for coming,\" she said.";
    assert_eq!(speaker_of(text, "Thank you all").as_deref(), Some("Michelle Obama"));
    // No woman named: the pronoun stays unresolved rather than going to the man.
    let text = "Barack Obama spoke at the rally on Monday. The crowd cheered for an hour. The band played on. \
                The rain stopped. \"Here comes the bus again,\" she said.";
    assert_ne!(speaker_of(text, "Here comes the").as_deref(), Some("Barack Obama"));
}

#[test]
fn mr_obama_said_never_goes_to_michelle_obama() {
    let text = "Barack Obama and Michelle Obama visited Chicago on Monday. Michelle Obama spoke first. \
                Mr. Obama said the city had changed a great deal.";
    assert_eq!(speaker_of(text, "the city had").as_deref(), Some("Barack Obama"));
}

#[test]
fn a_pronoun_after_a_newly_named_person_is_that_person() {
    // The previous quotation is Kidd's, but Scott is named since: "he" is Scott.
    let text = "\"He has not shown any ambition for higher office,\" said Quentin Kidd, a political scientist. \
                Bobby Scott bristles at the suggestion that he won't be ready. \
                \"I've raised all the money I needed to win the seat,\" he said.";
    assert_eq!(speaker_of(text, "I've raised all").as_deref(), Some("Bobby Scott"));
    // With nobody named in between, "he" continues the quotation's speaker.
    let text = "\"We will win this race in November,\" said Quentin Kidd, a political scientist. \
                \"There is no doubt about the outcome here,\" he said.";
    assert_eq!(speaker_of(text, "There is no").as_deref(), Some("Quentin Kidd"));
}

#[test]
fn a_quotation_continued_in_the_next_paragraph_keeps_its_speaker() {
    let text = "\"The tax relief will go to the middle class,\" Donald Trump said on Monday, as Hillary Clinton watched.\n\n\
                \"They will receive the biggest benefit of all, and it will not even be close.\"";
    assert_eq!(speaker_of(text, "They will receive").as_deref(), Some("Donald Trump"));
}

#[test]
fn an_inverted_attribution_with_a_parenthesis_names_its_own_speaker() {
    let text = "\"It is a dog whistle to all Americans,\" Rep. Gwen Moore said on Friday.\n\n\
                \"I have been doing a lot of thinking recently about where we are as a country,\" added Rep. Jim Clyburn (D-S.C.), \
                the assistant leader of the Democratic caucus.";
    assert_eq!(speaker_of(text, "I have been").as_deref(), Some("Jim Clyburn"));
}

#[test]
fn the_document_voice_is_a_speaker() {
    for (text, label) in [
        ("The guidance says schools should reopen in the autumn with smaller classes.", "guidance"),
        ("Emissions rose by a third over the decade, the report said.", "report"),
        ("The company acted lawfully at every stage, the statement said.", "statement"),
        ("According to a Pentagon report, the program cost far more than planned.", "Pentagon report"),
        ("The report found that emissions rose by a third over the decade.", "report"),
        ("Emissions rose by a third over the decade, the new study found.", "new study"),
    ] {
        let s = speakers(text);
        assert_eq!(s.len(), 1, "{text}: {s:?}");
        assert_eq!(s[0].0, label, "{text}: {s:?}");
        assert_eq!(s[0].1, Some(NodeType::Document), "{text}: {s:?}");
    }
    // What people found is no statement.
    for text in ["Police found that the door had been forced open.", "Officials found the body of a man near the river on Monday."] {
        assert!(speakers(text).is_empty(), "{text}: {:?}", speakers(text));
    }
    // "The report" of two articles are two documents.
    let lex = Lexicon::builtin();
    let mut g = KnowledgeGraph::default();
    g.add_facts(&extract_text("a.txt", "Emissions rose by a third over the decade, the report said.", lex));
    g.add_facts(&extract_text("b.txt", "Sales fell sharply in the spring and summer, the report said.", lex));
    g.finalize(lex);
    assert_eq!(g.graph().node_weights().filter(|n| n.node_type == NodeType::Document).count(), 2);
}

#[test]
fn a_speaker_phrase_ending_in_a_conjunction_is_no_speaker() {
    let text = "Scott beamed and asked the crowd to welcome the governor warmly.";
    assert!(speakers(text).iter().all(|s| !s.0.contains("Scott")), "{:?}", speakers(text));
}

#[test]
fn a_person_named_as_a_modifier_does_not_speak() {
    for (text, start) in [
        ("Bryan Pagliano refused to testify on Thursday. His lawyer said he would not answer questions.", "he would not"),
        ("A spokeswoman for Hillary Clinton says neither the nominee nor her campaign helped her.", "neither the nominee"),
        ("McConnell aides acknowledged a collaborative relationship with the administration.", "a collaborative relationship"),
    ] {
        let who = speaker_of(text, start);
        assert!(who.as_deref().is_none_or(|w| !w.contains("Pagliano") && !w.contains("Clinton") && !w.contains("McConnell")), "{text}: {who:?}");
    }
    // A name before its verb still speaks, and so does a name with a place after it.
    assert_eq!(speaker_of("Rep. Charles Rangel of New York said the ticket would lose votes.", "the ticket would").as_deref(), Some("Charles Rangel"));
}

#[test]
fn she_said_after_a_surname_that_is_also_a_mans_given_name() {
    let text = "\"It will be a long fight for all of us,\" Warren said on Monday.\n\n\
                \"We will not back down, and we will win,\" she said, as Joe Biden looked on.";
    assert_eq!(speaker_of(text, "We will not").as_deref(), Some("Warren"));
}

#[test]
fn they_said_never_goes_to_one_person() {
    for text in [
        "Barack Obama spoke on Monday. \"We are ready for this fight,\" they said.",
        "\"We are ready for this fight,\" Barack Obama said. \"We will win the next one too,\" they said.",
    ] {
        let last = speakers(text).into_iter().last().expect("a statement");
        assert_ne!(last.1, Some(NodeType::Person), "{text}: {last:?}");
    }
    // …but it is an organisation named just before, or continues an organisation's statement.
    let text = "The Sierra Club met Barack Obama on Monday. \"We are ready for this fight,\" they said.";
    assert_eq!(speaker_of(text, "We are ready").as_deref(), Some("Sierra Club"));
    let text = "\"We will appeal the ruling,\" the Sierra Club said. \"We will win in the end,\" they said.";
    assert_eq!(speaker_of(text, "We will win").as_deref(), Some("Sierra Club"));
}

#[test]
fn a_text_its_owner_speaks_through_is_the_owners_word() {
    let text = "Senator John Cornyn criticized the decision on Monday. Cornyn's statement said there is no question Houston should have been selected. \
                The Russian Foreign Ministry's official statement said the drills were a provocation.";
    assert_eq!(speaker_of(text, "there is no").as_deref(), Some("John Cornyn"));
    assert_eq!(speaker_of(text, "the drills were").as_deref(), Some("Russian Foreign Ministry"));
    // A report or a study speaks for itself, and a lawyer is not their client.
    let text = "Donald Trump's medical report said he was in excellent health. Trump's lawyer said the returns were private.";
    assert_ne!(speaker_of(text, "he was in").as_deref(), Some("Donald Trump"));
    assert_ne!(speaker_of(text, "the returns were").as_deref(), Some("Donald Trump"));
}
