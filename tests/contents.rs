//! What a reported statement's content is: the clause that was reported, read from the tree —
//! without a trailing part that the writer adds (a participle adjunct, a concessive clause, a
//! non-restrictive relative clause or an appositive set off by a comma) and without another
//! act of the speaker coordinated with the cue ("tweeted that A and encouraged B").

use newsgraph::extract::extract_text;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::NodeType;

/// (speaker as written, content) of every statement of `text`.
fn statements(text: &str) -> Vec<(String, String)> {
    let f = extract_text("t.txt", text, Lexicon::builtin());
    f.nodes.iter().filter(|n| n.node_type == NodeType::Statement).map(|n| (n.source_text.clone().unwrap_or_default(), n.text.clone().unwrap_or_default())).collect()
}

fn content_of(text: &str) -> String {
    let s = statements(text);
    assert_eq!(s.len(), 1, "{text}: {s:?}");
    s[0].1.clone()
}

#[test]
fn a_trailing_participle_or_concession_is_not_what_was_said() {
    assert_eq!(
        content_of("Foreign policy analysts said geopolitical factors have contributed to the country's appeal, citing the strategic importance of its ports."),
        "geopolitical factors have contributed to the country's appeal"
    );
    assert_eq!(
        content_of("The president told the group that he would consider it an insult if they did not vote, implicitly putting his name on the line."),
        "he would consider it an insult if they did not vote"
    );
}

#[test]
fn a_relative_clause_or_appositive_set_off_by_a_comma_is_the_writers() {
    assert_eq!(
        content_of("Fowler said he expects Clinton to fully recover from her bout with pneumonia, which forced her to leave the memorial early."),
        "he expects Clinton to fully recover from her bout with pneumonia"
    );
    assert_eq!(content_of("The company said it would sell the unit to Siemens, the German engineering group."), "it would sell the unit to Siemens");
    // Without the comma the clause is part of what was said.
    assert_eq!(
        content_of("Fowler said he expects the party to choose a candidate who can win in November."),
        "he expects the party to choose a candidate who can win in November"
    );
}

#[test]
fn what_stays_is_a_clause() {
    // Cutting would leave no verb: the content is kept whole.
    let c = content_of("The ministry said the rules, which take effect in January, will cut emissions.");
    assert!(c.contains("will cut emissions"), "{c}");
}

#[test]
fn an_organisation_named_by_its_kind_speaks() {
    let s = statements("Wells Fargo was fined on Thursday. The bank said that it had fired thousands of employees for engaging in the practice.");
    assert!(s.iter().any(|(sp, c)| sp == "The bank" && c.starts_with("it had fired thousands")), "{s:?}");
}

#[test]
fn another_act_of_the_speaker_is_not_the_content() {
    // A speech verb coordinated with the reported verb is the speaker's next statement.
    let s = statements("The senator said the plan would fail and warned against new taxes.");
    assert_eq!(s, vec![("The senator".to_string(), "the plan would fail".to_string())]);
}

#[test]
fn a_title_or_phrase_in_the_setting_is_not_a_statement() {
    let s = statements("In an interview on CBS's \"Face the Nation,\" Ryan said the city needed calm.");
    assert!(!s.iter().any(|(_, c)| c.contains("Face the Nation")), "{s:?}");
    let s = statements("In a Wall Street Journal essay last week, Ivanka Trump acknowledged that the plan has limits.");
    assert!(!s.iter().any(|(_, c)| c.starts_with("In a Wall Street")), "{s:?}");
}

#[test]
fn the_subject_of_a_passive_cue_is_no_speaker() {
    // What was found or who was told or asked did not say the words after the cue.
    for text in [
        "A sensitive Environment Canada document was found wet on an Ottawa street by someone who gave it to the CBC today.",
        "Prime Minister Justin Trudeau was told the plan had failed.",
        "Ronald Reagan was once asked how the Cold War would end.",
    ] {
        assert!(statements(text).is_empty(), "{text}: {:?}", statements(text));
    }
    // The active cue is still read.
    let s = statements("Prime Minister Justin Trudeau told reporters the plan had failed.");
    assert!(s.iter().any(|(sp, c)| sp == "Prime Minister Justin Trudeau" && c.contains("the plan had failed")), "{s:?}");
}

#[test]
fn words_after_a_cue_without_a_verb_of_their_own_report_nothing() {
    // "wrote" of composing: what follows is a noun phrase (its verbs only in a relative clause
    // after a colon, or none but a participle).
    for text in [
        "Antonin Dvorak was a Czech composer. He wrote his most appreciated piece of chamber music, the American String Quartet, during this time.",
        "Antonin Dvorak was a Czech composer. Dvorak wrote his two most successful orchestral works: the Symphony From the New World, which spread his reputation worldwide, and his Cello Concerto.",
    ] {
        assert!(statements(text).is_empty(), "{text}: {:?}", statements(text));
    }
    // A clause, an infinitive or a participle clause is still reported.
    let s = statements("Lavrov told reporters Russia would stay in the talks. Graham urged Republicans to join the ranks of climate change believers. The Reuters poll showed Clinton doing better than in other polls.");
    for start in ["Russia would stay", "Republicans to join", "Clinton doing better"] {
        assert!(s.iter().any(|(_, c)| c.starts_with(start)), "{start}: {s:?}");
    }
}
