//! The one analyzer both backends share: words → lower case → English stems, plus *concept*
//! tokens for phrases that mean the same thing ("sign in", "log in", "login" → `~login`).
//!
//! Both the tantivy tokenizer and the PostgreSQL `tsvector` are built from [`analyze`], so a
//! query matches the same documents whichever backend answers it. Concept tokens sit at the
//! position of the phrase they stand for, which keeps phrase queries on the words intact.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Marks a concept token; no word token can start with it.
pub const CONCEPT_PREFIX: char = '~';

/// Longest word kept (longer runs are noise: hashes, base64, URLs without separators).
const MAX_WORD_BYTES: usize = 40;

/// One token of analysed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The stem, or a concept name starting with [`CONCEPT_PREFIX`].
    pub text: String,
    /// Word position (concepts share the position of their phrase's first word).
    pub position: usize,
    /// How many words the token covers (more than one for a multi-word concept).
    pub span: usize,
    /// Byte range in the analysed text.
    pub from: usize,
    /// End of the byte range (exclusive).
    pub to: usize,
}

impl Token {
    /// Whether this is a concept token rather than a word.
    pub fn is_concept(&self) -> bool {
        self.text.starts_with(CONCEPT_PREFIX)
    }
}

/// Groups of words and phrases that customers use for the same thing. Each group's first entry
/// names the concept. Entries are written as people write them and stemmed when loaded.
const CONCEPTS: &[&[&str]] = &[
    &[
        "login",
        "log in",
        "logon",
        "log on",
        "sign in",
        "signin",
        "sign on",
        "authenticate",
        "authentication",
        "logged in",
        "signed in",
    ],
    &[
        "logout",
        "log out",
        "sign out",
        "signout",
        "logged out",
        "signed out",
    ],
    &[
        "fail",
        "failure",
        "broken",
        "break",
        "cant",
        "cannot",
        "unable",
        "doesnt work",
        "not working",
        "dont work",
        "stopped working",
        "wont",
        "error",
    ],
    &[
        "update",
        "upgrade",
        "version",
        "release",
        "patch",
        "new build",
    ],
    &[
        "slow",
        "lag",
        "laggy",
        "sluggish",
        "latency",
        "takes forever",
    ],
    &[
        "crash",
        "freeze",
        "frozen",
        "hang",
        "force close",
        "quit unexpectedly",
    ],
    &[
        "refund",
        "money back",
        "chargeback",
        "reimburse",
        "reimbursement",
    ],
    &[
        "charge",
        "billing",
        "bill",
        "invoice",
        "payment",
        "pay",
        "overcharge",
    ],
    &[
        "cancel",
        "unsubscribe",
        "close account",
        "close my account",
        "delete account",
        "delete my account",
    ],
    &["sync", "synchronize", "synchronization", "synchronise"],
    &["install", "setup", "set up", "download", "installation"],
    &["delete", "remove", "erase", "wipe"],
    &["notification", "notify", "alert", "push"],
    &["password", "passcode", "passphrase", "credentials"],
    &["outage", "down", "unavailable", "offline", "not loading"],
    &["app", "application"],
    &["email", "e mail", "mail"],
];

/// Words too common to require in a search; they stay indexed for phrase queries.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "do", "for", "from", "has",
    "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "of", "on", "or",
    "our", "so", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "you",
    "your", "after", "since", "again", "any", "can", "get", "got", "just", "now", "still", "all",
];

struct Tables {
    stemmer: Stemmer,
    /// First stem of a phrase → (rest of the phrase's stems, concept token), longest first.
    phrases: HashMap<String, Vec<(Vec<String>, String)>>,
    stop: std::collections::HashSet<String>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut phrases: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        for group in CONCEPTS {
            let name = format!("{CONCEPT_PREFIX}{}", group[0].replace(' ', ""));
            for entry in *group {
                let stems: Vec<String> = words(entry)
                    .map(|(_, _, w)| stem_word(&stemmer, &w))
                    .collect();
                if let Some((first, rest)) = stems.split_first() {
                    phrases
                        .entry(first.clone())
                        .or_default()
                        .push((rest.to_vec(), name.clone()));
                }
            }
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
            list.dedup();
        }
        let stop = STOP_WORDS.iter().map(|w| stem_word(&stemmer, w)).collect();
        Tables {
            stemmer,
            phrases,
            stop,
        }
    })
}

fn stem_word(stemmer: &Stemmer, word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_owned();
    }
    stemmer.stem(word).into_owned()
}

/// Splits text into lower-cased words with their byte ranges. Apostrophes inside a word are
/// dropped ("can't" → "cant", "user's" → "users"), and dots between digits are kept so a
/// version number ("3.2") stays one word.
fn words(text: &str) -> impl Iterator<Item = (usize, usize, String)> + '_ {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, c) = chars.next()?;
            if !c.is_alphanumeric() {
                continue;
            }
            let mut word = String::new();
            word.extend(c.to_lowercase());
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = chars.peek() {
                if c.is_alphanumeric() {
                    word.extend(c.to_lowercase());
                } else if (c == '\'' || c == '’')
                    && next_is_alnum(text, i + c.len_utf8())
                    && !word.is_empty()
                {
                    // inside a word: skip the apostrophe
                } else if c == '.'
                    && word.ends_with(|ch: char| ch.is_ascii_digit())
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    word.push('.');
                } else {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            if word.len() <= MAX_WORD_BYTES {
                return Some((start, end, word));
            }
        }
    })
}

fn next_is_alnum(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// Analyses text into word stems and concept tokens, in position order.
pub fn analyze(text: &str) -> Vec<Token> {
    let t = tables();
    let ws: Vec<(usize, usize, String)> = words(text)
        .map(|(from, to, w)| (from, to, stem_word(&t.stemmer, &w)))
        .collect();
    let mut out = Vec::with_capacity(ws.len() + ws.len() / 4);
    for (i, (from, to, stem)) in ws.iter().enumerate() {
        out.push(Token {
            text: stem.clone(),
            position: i,
            span: 1,
            from: *from,
            to: *to,
        });
        if let Some(candidates) = t.phrases.get(stem) {
            for (rest, concept) in candidates {
                let matches = rest
                    .iter()
                    .enumerate()
                    .all(|(k, s)| ws.get(i + 1 + k).is_some_and(|w| &w.2 == s));
                if matches {
                    let last = ws.get(i + rest.len()).map_or(*to, |w| w.1);
                    out.push(Token {
                        text: concept.clone(),
                        position: i,
                        span: rest.len() + 1,
                        from: *from,
                        to: last,
                    });
                    break;
                }
            }
        }
    }
    out
}

/// Whether a stem is too common to be required in a query.
pub fn is_stop(stem: &str) -> bool {
    tables().stop.contains(stem)
}

/// The tantivy tokenizer wrapping [`analyze`], registered as [`TOKENIZER`].
#[derive(Clone, Default)]
pub struct ChorusTokenizer {
    tokens: Vec<tantivy::tokenizer::Token>,
}

/// Name of the tokenizer in the tantivy index.
pub const TOKENIZER: &str = "chorus";

/// Token stream over a pre-analysed text.
pub struct ChorusTokenStream<'a> {
    tokens: &'a mut Vec<tantivy::tokenizer::Token>,
    next: usize,
    /// Returned if tantivy asks for a token before the first `advance` (it does not today).
    empty: tantivy::tokenizer::Token,
}

impl tantivy::tokenizer::Tokenizer for ChorusTokenizer {
    type TokenStream<'a> = ChorusTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChorusTokenStream<'a> {
        self.tokens.clear();
        self.tokens.extend(
            analyze(text)
                .into_iter()
                .map(|t| tantivy::tokenizer::Token {
                    offset_from: t.from,
                    offset_to: t.to,
                    position: t.position,
                    text: t.text,
                    position_length: t.span,
                }),
        );
        ChorusTokenStream {
            tokens: &mut self.tokens,
            next: 0,
            empty: tantivy::tokenizer::Token::default(),
        }
    }
}

impl tantivy::tokenizer::TokenStream for ChorusTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        analyze(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn stems_and_folds_case_and_apostrophes() {
        assert_eq!(texts("Syncing FAILS"), ["sync", "~sync", "fail", "~fail"]);
        assert_eq!(texts("can't"), ["cant", "~fail"]);
        assert_eq!(texts("version 3.2."), ["version", "~update", "3.2"]);
    }

    #[test]
    fn paraphrases_share_concepts() {
        let a = texts("can't sign in after update");
        let b = texts("Login fails since version 3.2");
        for concept in ["~login", "~fail", "~update"] {
            assert!(a.contains(&concept.to_owned()), "{a:?} lacks {concept}");
            assert!(b.contains(&concept.to_owned()), "{b:?} lacks {concept}");
        }
    }

    #[test]
    fn phrase_concept_spans_its_words() {
        let t = analyze("please sign in now");
        let c = t.iter().find(|t| t.text == "~login").expect("concept");
        assert_eq!((c.position, c.span), (1, 2));
        assert_eq!(&"please sign in now"[c.from..c.to], "sign in");
    }

    #[test]
    fn odd_input_is_harmless() {
        assert!(analyze("").is_empty());
        assert!(analyze("\"\" -- && \u{0}\u{7}").is_empty());
        let long = "x".repeat(100);
        assert!(analyze(&long).is_empty());
        assert_eq!(texts("naïve Über"), ["naïv", "über"]);
    }
}
