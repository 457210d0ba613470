//! One pass over a text's tokens collecting what the rules and the language check need: the
//! lexicon flags of every word, the phrases found, and function-word votes per language.

use crate::lexicon::{self, PhraseKind};
use crate::text::{Scratch, TokenKind};

/// What one pass over the tokens found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// Word tokens.
    pub words: u32,
    /// Service words.
    pub service: u32,
    /// Addresses the reader.
    pub you: bool,
    /// Thanks or praise words.
    pub praise: bool,
    /// The first word opens a question.
    pub opener_first: bool,
    /// A lasting-failure word (without, still, never...).
    pub failure: bool,
    /// A malfunction word (crashes, error, stuck...).
    pub problem: bool,
    /// A word saying something is bad.
    pub bad: bool,
    /// A complaint phrase ("not working", "charged twice").
    pub complaint_phrase: bool,
    /// A suggestion phrase ("would be nice", "please add").
    pub idea_phrase: bool,
    /// Asks for help ("please help").
    pub asks: bool,
    /// Thanks for something ("thanks for").
    pub thanks_for: bool,
    /// Sarcastic thanks ("thanks for nothing").
    pub sarcasm: bool,
    /// An insult word.
    pub insult: bool,
    /// A strong swear word.
    pub profanity: bool,
    /// A word of violence.
    pub threat: bool,
    /// The text points at a person (second person, a handle, he/she).
    pub targeted: bool,
    /// Function-word hits per language of [`lexicon::LANGS`].
    pub lang_votes: [u16; 16],
}

/// Annotates `s.tokens` with lexicon flags and returns the facts of the text.
pub fn gather(s: &mut Scratch) -> Facts {
    let lex = lexicon::lexicon();
    let mut f = Facts::default();
    let mut first_word = true;
    for t in s.tokens.iter_mut() {
        t.flags = lex.flags(t.hash);
    }
    for (i, t) in s.tokens.iter().enumerate() {
        if t.kind == TokenKind::Handle {
            f.targeted = true;
        }
        if t.kind != TokenKind::Word && t.kind != TokenKind::Hashtag {
            continue;
        }
        let flags = t.flags;
        f.insult |= flags & lexicon::INSULT != 0;
        f.profanity |= flags & lexicon::PROFANITY != 0;
        f.threat |= flags & lexicon::THREAT != 0;
        f.targeted |= flags & lexicon::TARGET != 0;
        if t.kind == TokenKind::Word {
            f.words += 1;
            if first_word {
                f.opener_first = flags & lexicon::OPENER != 0;
                first_word = false;
            }
            let mut langs = flags & lexicon::LANG_MASK;
            while langs != 0 {
                f.lang_votes[langs.trailing_zeros() as usize] += 1;
                langs &= langs - 1;
            }
        }
        f.service += u32::from(flags & lexicon::SERVICE != 0);
        f.you |= flags & lexicon::YOU != 0;
        f.praise |= flags & lexicon::PRAISE != 0;
        f.failure |= flags & lexicon::FAILURE != 0;
        f.problem |= flags & lexicon::PROBLEM != 0;
        f.bad |= flags & lexicon::BAD != 0;
        if flags & lexicon::PHRASE_START != 0 {
            for p in lex.phrases_from(flags) {
                let matched = p.words.len() <= s.tokens.len() - i
                    && p.words
                        .iter()
                        .zip(&s.tokens[i..])
                        .all(|(w, tok)| *w == tok.hash);
                if matched {
                    match p.kind {
                        PhraseKind::Complaint => f.complaint_phrase = true,
                        PhraseKind::Idea => f.idea_phrase = true,
                        PhraseKind::Asks => f.asks = true,
                        PhraseKind::ThanksFor => f.thanks_for = true,
                        PhraseKind::Sarcasm => f.sarcasm = true,
                    }
                }
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn facts(t: &str) -> Facts {
        let mut s = Scratch::new();
        tokenize(t, &mut s);
        gather(&mut s)
    }

    #[test]
    fn phrases_and_flags() {
        let f = facts("Thanks for nothing, your app is not working");
        assert!(f.sarcasm && f.thanks_for && f.complaint_phrase && f.you);
        assert_eq!(f.service, 1);
        let f = facts("How do I export? It would be nice to have a button");
        assert!(f.opener_first && f.idea_phrase && !f.complaint_phrase);
        let f = facts("der die das und ist");
        assert_eq!(f.lang_votes[4], 5);
    }
}
