//! Sports clubs named after places (`MENTION/CLUB/1`): filled in below.

use crate::lexicon::Lexicon;
use crate::mentions::Mention;
use crate::syntax::Parse;
use crate::text::Document;

/// Retypes place names that stand for clubs.
pub fn apply(_doc: &Document, _parse: &Parse, _mentions: &mut [Mention], _lex: &Lexicon) {}
