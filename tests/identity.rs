//! Identity across documents: forms of one name join (apostrophes, diacritics, middle initials,
//! suffixes, nicknames); different people never do (different given names, a one-word name of
//! the other gender, parties of other countries).

use newsgraph::extract::extract_text;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::NodeType;

/// A graph of several one-paragraph documents.
fn graph(docs: &[&str]) -> KnowledgeGraph {
    let lex = Lexicon::builtin();
    let mut g = KnowledgeGraph::default();
    for (i, text) in docs.iter().enumerate() {
        g.add_facts(&extract_text(&format!("d{i}.txt"), text, lex));
    }
    g.finalize(lex);
    g
}

fn persons(g: &KnowledgeGraph) -> Vec<String> {
    let mut v: Vec<String> = g.graph().node_weights().filter(|n| n.node_type == NodeType::Person).map(|n| n.label.clone()).collect();
    v.sort();
    v
}

/// The node a name (label or alias) belongs to.
fn node_of<'a>(g: &'a KnowledgeGraph, name: &str) -> Option<&'a newsgraph::model::Node> {
    g.graph().node_weights().find(|n| n.label == name || n.aliases.contains(name))
}

#[test]
fn apostrophe_and_diacritic_variants_are_one_name() {
    let g = graph(&["Rep. Tip O’Neill said the vote would be close.", "Rep. Tip O'Neill said the bill would pass."]);
    assert_eq!(persons(&g).len(), 1, "{:?}", persons(&g));
    // A backtick or an acute accent written for the apostrophe, too.
    let g = graph(&["Rep. Tip O`Neill said the vote would be close.", "Rep. Tip O´Neill said the bill would pass.", "Rep. Tip O'Neill said it."]);
    assert_eq!(persons(&g), vec!["Tip O'Neill".to_string()]);
    let g = graph(&["José Pérez said the vote would be close.", "Jose Perez said the bill would pass."]);
    assert_eq!(persons(&g).len(), 1, "{:?}", persons(&g));
}

#[test]
fn middle_initials_suffixes_and_nicknames_join() {
    let g = graph(&[
        "Joe Biden said the vote would be close.",
        "Joseph R. Biden Jr. said the bill would pass.",
        "Vice President Joseph Biden said the talks went well.",
    ]);
    assert_eq!(persons(&g).len(), 1, "{:?}", persons(&g));
    let g = graph(&["Bill Clinton said the vote would be close.", "William Jefferson Clinton said the bill would pass."]);
    assert_eq!(persons(&g).len(), 1, "{:?}", persons(&g));
    // Within a document, the surname of a name with a suffix is the word before the suffix.
    let g = graph(&["Joseph R. Biden Jr. arrived on Monday. Biden said the bill would pass."]);
    assert_eq!(persons(&g), vec!["Joseph R. Biden Jr.".to_string()]);
}

#[test]
fn different_given_names_never_join() {
    let g = graph(&["Ivana Trump said the vote would be close.", "Ivanka Trump said the bill would pass."]);
    assert_eq!(persons(&g).len(), 2, "{:?}", persons(&g));
    // Two spellings that are both names in their own right are no misspelling of each other.
    let g = graph(&["Alana Jones said the vote would be close.", "Alanna Jones said the bill would pass."]);
    assert_eq!(persons(&g).len(), 2, "{:?}", persons(&g));
    let g = graph(&["John Smith said the vote would be close.", "John Smyth said the bill would pass."]);
    assert_eq!(persons(&g).len(), 2, "{:?}", persons(&g));
    // …but a typo still joins.
    let g = graph(&["Sergey Lavrov said the vote would be close.", "Sergey Lavrovv said the bill would pass."]);
    assert_eq!(persons(&g).len(), 1, "{:?}", persons(&g));
    let g = graph(&["Joe Biden said the vote would be close.", "Jill Biden said the bill would pass."]);
    assert_eq!(persons(&g).len(), 2, "{:?}", persons(&g));
    // Middle initials that disagree keep namesakes apart, and with them the plain name.
    let g = graph(&[
        "George W. Bush said the vote would be close.",
        "George H. W. Bush said the bill would pass.",
        "George Bush said the talks went well.",
    ]);
    assert_eq!(persons(&g).len(), 3, "{:?}", persons(&g));
    // A nickname of two names joins neither when both are present.
    let g = graph(&[
        "Edward Kennedy said the vote would be close.",
        "Theodore Kennedy said the bill would pass.",
        "Ted Kennedy said the talks went well.",
    ]);
    assert_eq!(persons(&g).len(), 3, "{:?}", persons(&g));
}

#[test]
fn a_one_word_name_with_an_honorific_joins_only_its_gender() {
    let g = graph(&[
        "Barack Obama said the vote would be close. Barack Obama spoke again. Barack Obama left.",
        "Mrs. Obama said the garden would open in the spring.",
    ]);
    let mrs = node_of(&g, "Mrs. Obama").expect("Mrs. Obama is a node's alias");
    assert_ne!(mrs.label, "Barack Obama");
    let g = graph(&["Barack Obama said the vote would be close.", "Mr. Obama said the bill would pass."]);
    assert_eq!(node_of(&g, "Mr. Obama").map(|n| n.label.as_str()), Some("Barack Obama"));
}

#[test]
fn parties_of_other_countries_are_not_merged() {
    let g = graph(&[
        "Liberal Democrat leader Charles Kennedy said the vote would be close.",
        "Democrat Hillary Clinton said the bill would pass. The Democrats agreed.",
    ]);
    let lib = node_of(&g, "Liberal Democrat").expect("the Liberal Democrats are a node");
    let dem = node_of(&g, "Democrats").expect("the Democratic Party is a node");
    assert_ne!(lib.id, dem.id);
    assert_eq!(lib.label, "Liberal Democrats");
    // "The Democrats" of a British story that named the Liberal Democrats are that party.
    let g = graph(&[
        "Liberal Democrat leader Charles Kennedy said the Democrats would win 60 seats.",
        "Democrat Hillary Clinton said the bill would pass. The Democratic Party agreed.",
    ]);
    let lib = node_of(&g, "Liberal Democrat").expect("the Liberal Democrats are a node");
    assert!(lib.aliases.contains("Democrats"), "{lib:?}");
    assert_ne!(node_of(&g, "Democratic Party").map(|n| n.id.as_str()), Some(lib.id.as_str()));
}

#[test]
fn a_title_and_surname_finds_the_namesake_known_by_that_title() {
    let g = graph(&[
        "Former President Bill Clinton spoke in Ohio on Monday.",
        "Democratic nominee Hillary Clinton spoke in Ohio. Hillary Clinton spoke again. Hillary Clinton spoke once more. Hillary Clinton left.",
        "Hillary Clinton spoke about jobs. Gennifer Flowers once had an affair with President Clinton, the paper said.",
    ]);
    assert_eq!(node_of(&g, "President Clinton").map(|n| n.label.as_str()), Some("Bill Clinton"));
}

#[test]
fn a_suffix_after_a_comma_is_part_of_the_name() {
    let g = graph(&["Joseph R. Biden, Jr. said the vote would be close.", "Joe Biden said the bill would pass."]);
    assert_eq!(persons(&g).len(), 1, "{:?}", persons(&g));
    // …and the name still speaks.
    let quotes = g.sorted_edges().iter().filter(|e| e.edge.kind == newsgraph::model::EdgeKind::Quote).count();
    assert_eq!(quotes, 2);
}

#[test]
fn a_title_word_ending_a_given_name_is_a_surname() {
    let g = graph(&["Martin Luther King Jr. said the vote would be close.", "Martin Luther King said the bill would pass."]);
    assert_eq!(persons(&g), vec!["Martin Luther King Jr.".to_string()]);
    let g = graph(&["Stephen King said the book would sell."]);
    assert_eq!(persons(&g), vec!["Stephen King".to_string()]);
    // A title before a name stays a title, and a place before a title is no given name.
    let g = graph(&["King Charles said the vote would be close."]);
    assert_eq!(persons(&g), vec!["Charles".to_string()]);
    let g = graph(&["The Virginia Governor said the vote would be close."]);
    assert!(persons(&g).is_empty(), "{:?}", persons(&g));
}

#[test]
fn mr_and_mrs_surname_of_two_articles_are_two_people() {
    // Each article names the other spouse in full; the honorific's gender decides across them.
    let g = graph(&[
        "Michelle Obama visited Ohio. Mr. Obama said the economy was strong.",
        "Barack Obama visited Iowa. Mrs. Obama said the economy was weak.",
    ]);
    assert_eq!(node_of(&g, "Mr. Obama").map(|n| n.label.as_str()), Some("Barack Obama"));
    assert_eq!(node_of(&g, "Mrs. Obama").map(|n| n.label.as_str()), Some("Michelle Obama"));
}

#[test]
fn a_surname_with_an_honorific_joins_the_same_surname_without_one() {
    let g = graph(&["Grassley said the vote would be close.", "Mr. Grassley said the bill would pass."]);
    assert_eq!(persons(&g), vec!["Grassley".to_string()]);
    // Seen with both genders' honorifics, the plain name joins neither.
    let g = graph(&["Obama said the vote would be close.", "Mr. Obama said the bill would pass.", "Mrs. Obama said the garden would open."]);
    assert_eq!(persons(&g).len(), 3, "{:?}", persons(&g));
}
