//! Negation and modality of a predicate, from the tree. Walking up from the verb through
//! controlled infinitives and shared-subject conjuncts (the closest marker wins):
//!
//! * negation — an `advmod` "not"/"never"/"n't"; a refusal above it ("refused to sign",
//!   class `refusal`); "no" on an argument (see [`super::args`]);
//! * modality — a modal auxiliary (`will`, `would`, `may`, `should` …); a control predicate above
//!   it ("plans to", "is ready to", "will have to": `plan-to`, `ready-to`, `have-to`, class `intent`);
//! * `demanded` — a demand above it ("urged Japan to lift", "called on Israel to halt",
//!   "demanded that Iran stop": class `demand`);
//! * `condition` — the verb of an "if"/"unless" clause; `conditional` — a verb with one;
//! * `purpose` — an adverbial "to"/"in order to"/"so that" clause ("sent troops to protect").
//!
//! So a demand, a plan or a condition is never stated as a fact.

use crate::relations::tree::{base, kid, marks, Step, Tree};
use crate::syntax::SentenceParse;

/// How a predicate is asserted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mood {
    /// Negated.
    pub negated: bool,
    /// Modality, condition, demand or purpose (see the module note).
    pub modality: Option<String>,
    /// The arcs that said so.
    pub steps: Vec<Step>,
}

impl Mood {
    fn set(&mut self, value: String, step: Step) {
        if self.modality.is_none() {
            self.modality = Some(value);
            self.steps.push(step);
        }
    }
}

fn modal(lemma: &str) -> String {
    match lemma {
        "wo" | "'ll" | "ll" => "will".into(),
        "ca" => "can".into(),
        "'d" => "would".into(),
        other => other.into(),
    }
}

/// The mood of verb `v` (see the module note).
pub(crate) fn of(t: &Tree, sp: &SentenceParse, v: usize) -> Mood {
    let mut m = Mood::default();
    let mut cur = v;
    for _ in 0..6 {
        for &c in sp.children(cur) {
            let k = &sp.tokens[c];
            let lower = k.form.to_lowercase();
            let step = Step { head: cur, dep: c };
            match k.deprel {
                "advmod" if matches!(lower.as_str(), "not" | "never" | "n't") || k.feats.contains("Polarity=Neg") && lower != "no" => {
                    m.negated = true;
                    m.steps.push(step);
                }
                "aux" if k.xpos == "MD" => m.set(modal(&k.lemma.to_lowercase()), step),
                "mark" if matches!(lower.as_str(), "if" | "unless") => m.set("condition".into(), step),
                "advcl" if matches!(marks(sp, c).split(' ').next(), Some("if" | "unless")) => m.set("conditional".into(), step),
                _ => {}
            }
        }
        let u = &sp.tokens[cur];
        let Some(h) = u.head else { break };
        let step = Step { head: h, dep: cur };
        match base(u.deprel) {
            "xcomp" => {
                if t.word_is(sp, h, "demand") {
                    m.set("demanded".into(), step);
                } else if t.word_is(sp, h, "refusal") {
                    m.negated = !m.negated;
                    m.steps.push(step);
                } else if t.word_is(sp, h, "intent") {
                    // "plans to sign": plan-to; "suggested adopting": suggest
                    let lemma = sp.tokens[h].lemma.to_lowercase();
                    let word = if lemma == "go" { "going".to_string() } else { lemma };
                    let to = marks(sp, cur).split(' ').any(|w| w == "to");
                    m.set(if to { format!("{word}-to") } else { word }, step);
                }
                cur = h;
            }
            // "…, creating a vacancy": a participle clause shares its head's mood.
            "advcl" if marks(sp, cur).is_empty() && matches!(sp.tokens[cur].xpos, "VBG" | "VBN") && kid(sp, cur, "nsubj").is_none() => cur = h,
            "advcl" => {
                let mk = marks(sp, cur);
                if mk == "to" && t.word_is(sp, h, "demand") {
                    m.set("demanded".into(), step);
                } else if kid(sp, cur, "nsubj").is_none() && (mk == "to" || mk.starts_with("in order") || mk.starts_with("so ")) {
                    m.set("purpose".into(), step);
                }
                break;
            }
            // "Russia's decision to send troops": decision-to.
            "acl" if marks(sp, cur).split(' ').any(|w| w == "to") => {
                if t.word_is(sp, h, "refusal") {
                    m.negated = !m.negated;
                    m.steps.push(step);
                } else {
                    m.set(format!("{}-to", sp.tokens[h].lemma.to_lowercase()), step);
                }
                break;
            }
            "conj" => {
                let own_subject = kid(sp, cur, "nsubj").is_some();
                let contrast = sp.children(cur).iter().any(|&c| sp.tokens[c].deprel == "cc" && matches!(sp.tokens[c].form.to_lowercase().as_str(), "but" | "yet"));
                if own_subject || contrast {
                    break;
                }
                cur = h;
            }
            "ccomp" => {
                if t.word_is(sp, h, "demand") {
                    m.set("demanded".into(), step);
                }
                break;
            }
            _ => break,
        }
    }
    m
}
