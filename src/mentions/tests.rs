//! Unit tests of the mention rules.

use super::{find, MentionKind};
use crate::lexicon::Lexicon;
use crate::model::NodeType;
use crate::text::Document;
use crate::model::DocumentMeta;

fn mentions(text: &str) -> Vec<(String, MentionKind, NodeType)> {
    let doc = Document::new(DocumentMeta::default(), text.to_string());
    find(&doc, Lexicon::builtin()).into_iter().map(|m| (m.text, m.kind, m.node_type)).collect()
}

#[test]
fn title_before_name() {
    let m = mentions("Russian Foreign Minister Sergey Lavrov spoke.");
    assert_eq!(m[0], ("Russian".into(), MentionKind::Demonym, NodeType::Country));
    assert_eq!(m[1].1, MentionKind::Title);
    assert_eq!(m[2], ("Sergey Lavrov".into(), MentionKind::Name, NodeType::Person));
}

#[test]
fn head_chunks() {
    let m = mentions("Chinese Foreign Ministry Spokesperson Hua Chunying spoke.");
    assert_eq!(m[0], ("Chinese Foreign Ministry".into(), MentionKind::Name, NodeType::Organization));
    assert_eq!(m[1].1, MentionKind::Title);
    assert_eq!(m[2], ("Hua Chunying".into(), MentionKind::Name, NodeType::Person));
    let m = mentions("It was organized by the Valdai International Discussion Club in partnership with the Diplomatic Academy of Vietnam.");
    let names: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
    assert!(names.contains(&"Valdai International Discussion Club"), "{names:?}");
    assert!(names.contains(&"Diplomatic Academy of Vietnam"), "{names:?}");
}

#[test]
fn capitals_as_places_and_governments() {
    let m = mentions("Talks between Pyongyang and Seoul went on while he stayed in Pyongyang.");
    let m: Vec<_> = m.into_iter().filter(|x| x.0 == "Pyongyang" || x.0 == "Seoul").collect();
    assert_eq!(m[0].2, NodeType::Country);
    assert_eq!(m[1].2, NodeType::Country);
    assert_eq!(m[2].2, NodeType::Location);
}

#[test]
fn descriptions_and_pronouns() {
    let m = mentions("The work is slow, the Russian top diplomat said, and he left.");
    assert!(m.iter().any(|x| x.0 == "the Russian top diplomat" && x.1 == MentionKind::Description), "{m:?}");
    assert!(m.iter().any(|x| x.0 == "he" && x.1 == MentionKind::Pronoun));
}

#[test]
fn hyphenated_compounds() {
    let m = mentions("The Russian-Chinese initiative was welcomed.");
    assert_eq!(m.iter().filter(|x| x.1 == MentionKind::Demonym).count(), 2, "{m:?}");
}

fn names_in(text: &str) -> Vec<(String, NodeType)> {
    mentions(text).into_iter().filter(|m| m.1 == MentionKind::Name).map(|m| (m.0, m.2)).collect()
}

#[test]
fn title_case_headlines_do_not_glue_verbs_to_names() {
    let m = names_in("Lindsey Graham Says Trump Should Apologize to the Troops\n\nSen. Lindsey Graham said on Monday that Donald Trump should apologize.");
    let names: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
    assert!(names.contains(&"Lindsey Graham"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("Says")), "{names:?}");
    let m = names_in("Hillary Clinton Goes to Washington\n\nHillary Clinton arrived in the capital on Monday.");
    assert!(!m.iter().any(|x| x.0.contains("Goes")), "{m:?}");
    assert_eq!(m.iter().filter(|x| x.0 == "Hillary Clinton").count(), 2, "{m:?}");
}

#[test]
fn capitalised_headlines_are_not_strings_of_acronyms() {
    let m = names_in("WHO WILL PAY FOR THE WALL AT THE BORDER\n\nDonald Trump said on Monday that Mexico would pay for the wall.");
    assert!(m.iter().all(|x| x.0 != "WHO" && x.0 != "WALL" && x.0 != "PAY"), "{m:?}");
    let m = names_in("HILLARY CLINTON GOES TO WASHINGTON\n\nHillary Clinton arrived in Washington on Monday.");
    let caps: Vec<&(String, NodeType)> = m.iter().filter(|x| x.0.chars().all(|c| !c.is_lowercase())).collect();
    assert!(caps.iter().any(|x| x.0 == "HILLARY CLINTON" && x.1 == NodeType::Person), "{m:?}");
    assert!(caps.iter().all(|x| x.1 != NodeType::Organization), "{m:?}");
}


#[test]
fn national_institutions_are_one_organization_however_written() {
    let doc = |text: &str| Document::new(DocumentMeta::default(), text.to_string());
    let labels = |text: &str| -> Vec<(String, String, NodeType)> {
        find(&doc(text), Lexicon::builtin()).into_iter().map(|m| (m.text, m.label, m.node_type)).collect()
    };
    for (text, written) in [
        ("The Russian government proposed a roadmap.", "Russian government"),
        ("Russia's government proposed a roadmap.", "Russia's government"),
        ("The government of Russia proposed a roadmap.", "government of Russia"),
        ("The Russian Government proposed a roadmap.", "Russian Government"),
    ] {
        let m = labels(text);
        assert!(m.contains(&(written.to_string(), "Russian Government".to_string(), NodeType::Organization)), "{text}: {m:?}");
        // The country gives way to the institution.
        assert!(!m.iter().any(|x| x.2 == NodeType::Country), "{text}: {m:?}");
    }
    let m = labels("China's Foreign Ministry and the New Zealand Government welcomed it.");
    assert!(m.contains(&("China's Foreign Ministry".into(), "Chinese Foreign Ministry".into(), NodeType::Organization)), "{m:?}");
    // A demonym that is a noun gives way to the country's name.
    assert!(m.contains(&("New Zealand Government".into(), "New Zealand Government".into(), NodeType::Organization)), "{m:?}");
    // "The government" after a national one is the last one named; with none before, it stays.
    let m = labels("The Russian government proposed a roadmap. The government said it would wait. The Chinese government agreed. The government said so.");
    let govs: Vec<&str> = m.iter().filter(|x| x.0.eq_ignore_ascii_case("government")).map(|x| x.1.as_str()).collect();
    assert_eq!(govs, ["Russian Government", "Chinese Government"], "{m:?}");
    let m = labels("The government said it would wait.");
    assert!(!m.iter().any(|x| x.2 == NodeType::Organization), "{m:?}");
    // A word that is no institution leaves the demonym alone.
    let m = labels("The Russian people voted.");
    assert!(m.iter().any(|x| x.0 == "Russian" && x.2 == NodeType::Country), "{m:?}");
}

#[test]
fn a_known_head_after_a_demonym_heads_a_name_of_its_own() {
    // "Congress" alone is the US Congress; after demonyms it heads another organisation's name.
    let m = mentions("The South African Indian Congress has welcomed the decision.");
    assert_eq!(m[0], ("South African Indian Congress".into(), MentionKind::Name, NodeType::Organization));
    let doc = Document::new(DocumentMeta::default(), "Congress passed the bill. The US Congress met.".to_string());
    let keys: Vec<String> = find(&doc, Lexicon::builtin()).into_iter().map(|m| m.key).collect();
    assert_eq!(keys.iter().filter(|k| k.as_str() == "us-congress").count(), 2, "{keys:?}");
}
