//! Unit tests of the coreference sieve.

use super::resolve;
use crate::lexicon::Lexicon;
use crate::text::Document;
use crate::mentions;
use crate::model::DocumentMeta;

fn resolved(text: &str) -> Vec<(String, Option<String>)> {
    let lex = Lexicon::builtin();
    let doc = Document::new(DocumentMeta::default(), text.to_string());
    let ms = mentions::find(&doc, lex);
    let c = resolve(&doc, &ms, lex);
    ms.iter().enumerate().map(|(i, m)| (m.text.clone(), c.entity_of(i).map(|e| e.label.clone()))).collect()
}

fn of<'a>(r: &'a [(String, Option<String>)], text: &str) -> Option<&'a str> {
    r.iter().find(|x| x.0 == text).and_then(|x| x.1.as_deref())
}

#[test]
fn exact_and_variant_names() {
    let r = resolved("Sergey Lavrov arrived. Sergei Lavrov left.");
    assert_eq!(of(&r, "Sergei Lavrov"), Some("Sergey Lavrov"));
}

#[test]
fn surname_sieve() {
    let r = resolved("Russian Foreign Minister Sergey Lavrov arrived. Lavrov said it was fine.");
    assert_eq!(of(&r, "Lavrov"), Some("Sergey Lavrov"));
}

#[test]
fn description_sieve() {
    let r = resolved("Russian Foreign Minister Sergey Lavrov arrived. The talks were useful, the Russian top diplomat said.");
    assert_eq!(of(&r, "the Russian top diplomat"), Some("Sergey Lavrov"));
    // a description whose demonym disagrees is not resolved
    let r = resolved("Russian Foreign Minister Sergey Lavrov arrived. The talks were useful, the Chinese diplomat said.");
    assert_eq!(of(&r, "the Chinese diplomat"), None);
}

#[test]
fn pronoun_sieve_prefers_subjects_and_gender() {
    let r = resolved("Kremlin Spokesman Dmitry Peskov spoke about Russian President Vladimir Putin. However, he confirmed it.");
    assert_eq!(of(&r, "he"), Some("Dmitry Peskov"));
    let r = resolved("Sergey Lavrov met Jane Roe. She said it went well.");
    assert_eq!(of(&r, "She"), Some("Jane Roe"), "a woman's pronoun never resolves to a man");
    let r = resolved("Sergey Lavrov arrived. She said it went well.");
    assert_eq!(of(&r, "She"), None, "a woman's pronoun never resolves to a man");
}

#[test]
fn org_short_names() {
    let r = resolved("It was organized by the Valdai International Discussion Club. The Valdai Club said so.");
    assert_eq!(of(&r, "Valdai Club"), Some("Valdai International Discussion Club"));
}
