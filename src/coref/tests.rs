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

#[test]
fn honorific_gender_picks_among_namesakes() {
    // Recency alone would give both to Michelle Obama, named last.
    let r = resolved("Barack Obama and Michelle Obama visited Chicago. Michelle Obama spoke first. Mr. Obama said it was fine.");
    assert_eq!(of(&r, "Obama"), Some("Barack Obama"), "{r:?}");
    let r = resolved("Michelle Obama and Barack Obama visited Chicago. Barack Obama spoke first. Mrs. Obama said it was fine.");
    assert_eq!(of(&r, "Obama"), Some("Michelle Obama"), "{r:?}");
    // No full name agrees: the mention stays a person of its own, never the man.
    let r = resolved("Barack Obama visited Chicago. Mrs. Obama said it was fine.");
    assert_eq!(of(&r, "Obama"), Some("Obama"), "{r:?}");
}

#[test]
fn title_and_surname_prefers_the_titled_namesake() {
    let r = resolved(
        "Former President Bill Clinton campaigned with Democratic nominee Hillary Clinton on Monday. Hillary Clinton spoke about jobs. President Clinton said the economy was strong.",
    );
    assert_eq!(of(&r, "Clinton"), Some("Bill Clinton"), "{r:?}");
    // Nobody known by the title: "President Clinton" stays a person of its own (cross-document
    // identity may find who it is), never the namesake named last.
    let r = resolved("Bill Clinton campaigned with Democratic nominee Hillary Clinton on Monday. Hillary Clinton spoke about jobs. President Clinton said the economy was strong.");
    assert_eq!(of(&r, "Clinton"), Some("Clinton"), "{r:?}");
    let r = resolved("Hillary Clinton spoke about jobs. Gennifer Flowers once had an affair with President Clinton.");
    assert_eq!(of(&r, "Clinton"), Some("Clinton"), "{r:?}");
}

#[test]
fn pronouns_agree_in_gender_with_far_antecedents() {
    let r = resolved("Barack Obama spoke on Monday. The crowd cheered. The band played. Michelle Obama arrived. \"Thank you,\" she said.");
    assert_eq!(of(&r, "she"), Some("Michelle Obama"), "{r:?}");
    // A person of unknown gender named far back is no antecedent for "she".
    let r = resolved("Obama was in town. The crowd cheered. The band played for hours. The rain stopped. \"Here comes the bus,\" she said.");
    assert_eq!(of(&r, "she"), None, "{r:?}");
    // …but nearby it is.
    let r = resolved("Kovacs said the roads were closed. She said the bus was late.");
    assert_eq!(of(&r, "She"), Some("Kovacs"), "{r:?}");
}

#[test]
fn who_believes_is_someone() {
    let r = resolved("Wines believes that the campaign took black voters for granted. \"It is not enough,\" she said.");
    assert_eq!(of(&r, "she"), Some("Wines"), "{r:?}");
}

#[test]
fn a_surname_alone_has_no_gender_of_a_given_name() {
    // "Warren" is a man's given name, but alone it is Elizabeth Warren's surname.
    let r = resolved("\"It will be a long fight for all of us,\" Warren said on Monday. \"We will not back down,\" she said.");
    assert_eq!(of(&r, "she"), Some("Warren"), "{r:?}");
    let r = resolved("Sen. Warren spoke on Monday. She said the bill would pass.");
    assert_eq!(of(&r, "She"), Some("Warren"), "{r:?}");
    // A given name before a surname still tells the gender.
    let r = resolved("Warren Buffett met Jane Roe. She said the deal was done.");
    assert_eq!(of(&r, "She"), Some("Jane Roe"), "{r:?}");
}

#[test]
fn a_surname_with_an_honorific_keeps_its_gender_in_its_id() {
    let lex = Lexicon::builtin();
    let ids = |text: &str| {
        let doc = Document::new(DocumentMeta::default(), text.to_string());
        let ms = mentions::find(&doc, lex);
        let c = resolve(&doc, &ms, lex);
        c.entities.iter().filter(|e| e.keep).map(|e| e.id.clone()).collect::<Vec<_>>()
    };
    assert!(ids("Barack Obama visited Iowa. Mrs. Obama said the economy was weak.").contains(&"ms-obama".to_string()));
    assert!(ids("Michelle Obama visited Ohio. Mr. Obama said the economy was strong.").contains(&"mr-obama".to_string()));
    // Without an honorific the id is the name's.
    assert!(ids("Obama said the economy was strong.").contains(&"obama".to_string()));
}

#[test]
fn a_party_short_name_is_read_in_context() {
    let r = resolved("Liberal Democrat leader Charles Kennedy said the Democrats would win 60 seats.");
    assert_eq!(of(&r, "Democrats"), Some("Liberal Democrats"), "{r:?}");
    let r = resolved("The Social Democrats lost the vote in Berlin. The Democrats blamed the Greens.");
    assert_eq!(of(&r, "Democrats"), Some("Social Democrats"), "{r:?}");
    // In a US story the Democrats stay the Democratic Party.
    let r = resolved("Republicans and Democrats met on Monday. The Democrats said the bill would fail.");
    assert_eq!(of(&r, "Democrats"), Some("Democratic Party"), "{r:?}");
    // A document that names the Democratic Party in full keeps it.
    let r = resolved("Liberal Democrat leader Charles Kennedy met the Democratic Party chairman. The Democrats said the talks went well.");
    assert_eq!(of(&r, "Democrats"), Some("Democratic Party"), "{r:?}");
}

#[test]
fn a_gendered_title_tells_the_gender() {
    // "Congresswoman" says she is a woman, though "Ilhan" is in no list of given names.
    let r = resolved("Congresswoman Ilhan Omar spoke on Monday. The crowd cheered. The band played. The rain stopped. She said the bill would pass.");
    assert_eq!(of(&r, "She"), Some("Ilhan Omar"), "{r:?}");
    // A gendered description never goes to a person of the other gender.
    let r = resolved("Congresswoman Ilhan Omar met Rep. Jim Jordan on Monday. The talks were useful, the congresswoman said.");
    assert_eq!(of(&r, "the congresswoman"), Some("Ilhan Omar"), "{r:?}");
    let r = resolved("Rep. Jim Jordan met Congresswoman Ilhan Omar on Monday. The talks were useful, the congressman said.");
    assert_eq!(of(&r, "the congressman"), Some("Jim Jordan"), "{r:?}");
}
