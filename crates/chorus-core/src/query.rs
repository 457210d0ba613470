//! The listening query language: which posts a source keeps.
//!
//! ```text
//! query  := or
//! or     := and ( "OR" and )*
//! and    := unary ( ["AND"] unary )*        adjacent terms are ANDed
//! unary  := ( "NOT" | "-" ) unary | atom
//! atom   := "(" or ")" | "\"" words "\"" | "#" tag | "@" account | word ["*"]
//! ```
//!
//! Operators are upper-case (`and`, `or` and `not` in lower case are ordinary words). Matching is
//! case-insensitive and on whole words: `login` matches "Login failed" but not "logins"; `login*`
//! matches both. A word also matches a hashtag or a mentioned account with that name, so `acme`
//! finds "#acme" and "@acme"; `#acme` matches the hashtag only, `@acme` a mention of the account
//! (on any instance) or a post by it. A quoted phrase matches consecutive words.
//!
//! The empty query matches everything. Parsing is bounded (length, terms, nesting) so a query
//! typed into a form can never make matching expensive.

use std::fmt;

use chorus_i18n::Text;

/// Longest query accepted, in characters.
pub const MAX_LEN: usize = 1_000;
/// Most terms in one query.
pub const MAX_TERMS: usize = 100;
/// Deepest nesting of parentheses and `NOT`.
pub const MAX_DEPTH: usize = 16;

/// One thing a post must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word (lower-case); with `prefix`, any word starting with it.
    Word {
        /// The word.
        text: String,
        /// Written with a trailing `*`.
        prefix: bool,
    },
    /// Consecutive words.
    Phrase(Vec<String>),
    /// A hashtag, without `#`.
    Hashtag(String),
    /// An account, without the leading `@`; may include `@instance`.
    Account(String),
}

/// A parsed query expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// One term.
    Term(Term),
    /// Every part must match.
    And(Vec<Expr>),
    /// Any part must match.
    Or(Vec<Expr>),
    /// The part must not match.
    Not(Box<Expr>),
}

/// A query that cannot be parsed, with the character position of the problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message} (at character {position})")]
pub struct QueryError {
    /// 0-based character offset.
    pub position: usize,
    /// What is wrong, as a catalogue message (`Display` writes it in English).
    pub message: Text,
}

impl QueryError {
    /// The whole refusal, with its position, as a catalogue message for any reader's language;
    /// its English is the error's `Display`.
    pub fn text(&self) -> Text {
        // The position is passed as text so that English keeps printing it ungrouped.
        Text::new("err-core-query-at")
            .arg_text("message", self.message.clone())
            .arg("position", self.position.to_string())
    }
}

/// A parsed listening query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    expr: Option<Expr>,
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Term(Term),
}

fn err<T>(position: usize, message: Text) -> Result<T, QueryError> {
    Err(QueryError { position, message })
}

/// Characters that may appear inside a word of the query or of a post.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\'' || c == '’'
}

fn lower(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

fn lex(input: &str) -> Result<Vec<(usize, Tok)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push((at, Tok::Open));
            i += 1;
        } else if c == ')' {
            out.push((at, Tok::Close));
            i += 1;
        } else if c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&c| c == '"')
                .map(|p| p + i + 1);
            let Some(end) = end else {
                return err(at, Text::new("err-core-query-quote"));
            };
            let phrase: String = chars[i + 1..end].iter().collect();
            let words = words_of(&phrase);
            if words.is_empty() {
                return err(at, Text::new("err-core-query-empty-phrase"));
            }
            out.push((at, Tok::Term(Term::Phrase(words))));
            i = end + 1;
        } else if c == '-' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            out.push((at, Tok::Not));
            i += 1;
        } else if c == '#' || c == '@' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len()
                && (is_word_char(chars[end])
                    || (c == '@'
                        && matches!(chars[end], '@' | '.' | '-')
                        && chars.get(end + 1).is_some_and(|n| is_word_char(*n))))
            {
                end += 1;
            }
            if end == start {
                return err(
                    at,
                    Text::new("err-core-query-name").arg("sigil", c.to_string()),
                );
            }
            let name = lower(&chars[start..end].iter().collect::<String>());
            out.push((
                at,
                Tok::Term(if c == '#' {
                    Term::Hashtag(name)
                } else {
                    Term::Account(name)
                }),
            ));
            i = end;
        } else if is_word_char(c) {
            let mut end = i;
            while end < chars.len() && is_word_char(chars[end]) {
                end += 1;
            }
            let word: String = chars[i..end].iter().collect();
            let prefix = chars.get(end) == Some(&'*');
            let tok = match word.as_str() {
                "AND" if !prefix => Tok::And,
                "OR" if !prefix => Tok::Or,
                "NOT" if !prefix => Tok::Not,
                _ => Tok::Term(Term::Word {
                    text: lower(&word),
                    prefix,
                }),
            };
            out.push((at, tok));
            i = end + usize::from(prefix);
        } else {
            // Punctuation between words separates them, as it does in posts.
            i += 1;
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
    terms: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.0)
    }

    fn or(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut parts = vec![self.and(depth)?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut parts = vec![self.unary(depth)?];
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.pos += 1;
                    parts.push(self.unary(depth)?);
                }
                Some(Tok::Open | Tok::Not | Tok::Term(_)) => parts.push(self.unary(depth)?),
                _ => break,
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        if depth > MAX_DEPTH {
            return err(
                self.at(),
                Text::new("err-core-query-depth").arg("max", MAX_DEPTH),
            );
        }
        let at = self.at();
        match self.toks.get(self.pos).map(|t| t.1.clone()) {
            Some(Tok::Not) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary(depth + 1)?)))
            }
            Some(Tok::Open) => {
                self.pos += 1;
                if self.peek() == Some(&Tok::Close) {
                    return err(at, Text::new("err-core-query-empty-parens"));
                }
                let inner = self.or(depth + 1)?;
                if self.peek() != Some(&Tok::Close) {
                    return err(at, Text::new("err-core-query-no-close"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Tok::Term(t)) => {
                self.pos += 1;
                self.terms += 1;
                if self.terms > MAX_TERMS {
                    return err(at, Text::new("err-core-query-terms").arg("max", MAX_TERMS));
                }
                Ok(Expr::Term(t))
            }
            Some(Tok::Close) => err(at, Text::new("err-core-query-unexpected-close")),
            Some(Tok::And) => err(at, Text::new("err-core-query-and")),
            Some(Tok::Or) => err(at, Text::new("err-core-query-or")),
            None => err(at, Text::new("err-core-query-end")),
        }
    }
}

impl Query {
    /// Parses `input`; the empty (or blank) query matches everything.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let len = input.chars().count();
        if len > MAX_LEN {
            // Passed as text so that English keeps printing it ungrouped.
            return err(
                MAX_LEN,
                Text::new("err-core-query-long").arg("max", MAX_LEN.to_string()),
            );
        }
        let toks = lex(input)?;
        if toks.is_empty() {
            return Ok(Query {
                expr: None,
                source: String::new(),
            });
        }
        let mut p = Parser {
            toks,
            pos: 0,
            end: len,
            terms: 0,
        };
        let expr = p.or(0)?;
        if p.pos < p.toks.len() {
            let at = p.at();
            return match p.peek() {
                Some(Tok::Close) => err(at, Text::new("err-core-query-unexpected-close")),
                _ => err(at, Text::new("err-core-query-operator")),
            };
        }
        Ok(Query {
            expr: Some(expr),
            source: input.trim().to_owned(),
        })
    }

    /// The query as written (trimmed).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether this query matches everything.
    pub fn is_empty(&self) -> bool {
        self.expr.is_none()
    }

    /// The parsed expression (`None` for the empty query).
    pub fn expr(&self) -> Option<&Expr> {
        self.expr.as_ref()
    }

    /// Whether a post matches.
    pub fn matches(&self, doc: &MatchDoc) -> bool {
        self.expr.as_ref().is_none_or(|e| eval(e, doc))
    }

    /// Hashtags a matching post may be found by: those not under a `NOT`. Networks offer
    /// hashtag timelines, so a source fetches these and filters with [`Query::matches`].
    pub fn positive_hashtags(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(e) = &self.expr {
            collect(e, false, &mut |t| {
                if let Term::Hashtag(h) = t
                    && !out.contains(h)
                {
                    out.push(h.clone());
                }
            });
        }
        out
    }

    /// Accounts named outside a `NOT`.
    pub fn positive_accounts(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(e) = &self.expr {
            collect(e, false, &mut |t| {
                if let Term::Account(a) = t
                    && !out.contains(a)
                {
                    out.push(a.clone());
                }
            });
        }
        out
    }

    /// Words and phrases outside a `NOT`, as a plain search string for networks whose search
    /// understands only keywords (results are filtered with [`Query::matches`] afterwards).
    pub fn search_terms(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        if let Some(e) = &self.expr {
            collect(e, false, &mut |t| match t {
                Term::Word { text, .. } => out.push(text.clone()),
                Term::Phrase(w) => out.push(format!("\"{}\"", w.join(" "))),
                Term::Hashtag(h) => out.push(format!("#{h}")),
                Term::Account(_) => {}
            });
        }
        out.dedup();
        out.join(" ")
    }
}

fn collect(e: &Expr, negated: bool, f: &mut impl FnMut(&Term)) {
    match e {
        Expr::Term(t) if !negated => f(t),
        Expr::Term(_) => {}
        Expr::And(v) | Expr::Or(v) => v.iter().for_each(|x| collect(x, negated, f)),
        Expr::Not(x) => collect(x, !negated, f),
    }
}

fn eval(e: &Expr, d: &MatchDoc) -> bool {
    match e {
        Expr::Term(t) => d.has(t),
        Expr::And(v) => v.iter().all(|x| eval(x, d)),
        Expr::Or(v) => v.iter().any(|x| eval(x, d)),
        Expr::Not(x) => !eval(x, d),
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// Lower-case words of `text` (punctuation separates, apostrophes stay inside words).
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(|w| lower(w.trim_matches(|c| c == '\'' || c == '’')))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A post prepared for matching: its words, hashtags, mentioned accounts and author.
#[derive(Debug, Clone, Default)]
pub struct MatchDoc {
    words: Vec<String>,
    hashtags: Vec<String>,
    accounts: Vec<String>,
    author: String,
}

impl MatchDoc {
    /// Prepares `text` written by `author` (a handle such as `jane@example.social`, or empty).
    pub fn new(text: &str, author: &str) -> MatchDoc {
        let mut doc = MatchDoc {
            author: lower(author.trim_start_matches('@')),
            ..MatchDoc::default()
        };
        for raw in text.split(char::is_whitespace) {
            // A hashtag or mention is a whole chunk's prefix; trailing punctuation is not part
            // of the name ("#acme," or "@acme:").
            let trimmed = raw.trim_start_matches(|c: char| "([{\"'".contains(c));
            if let Some(rest) = trimmed.strip_prefix('#') {
                let name: String = rest.chars().take_while(|c| is_word_char(*c)).collect();
                if !name.is_empty() {
                    doc.hashtags.push(lower(&name));
                }
            } else if let Some(rest) = trimmed.strip_prefix('@') {
                let name = rest.trim_end_matches(|c: char| !is_word_char(c));
                if !name.is_empty() {
                    doc.accounts.push(lower(name));
                }
            }
            doc.words.extend(words_of(raw));
        }
        doc
    }

    /// Whether `keyword` occurs as whole words (a phrase if it has several), ignoring case:
    /// `login` matches "Login fails" but not "logins"; `sync engine` needs both words in a row.
    pub fn contains_words(&self, keyword: &str) -> bool {
        let wanted = words_of(keyword);
        !wanted.is_empty()
            && (self
                .words
                .windows(wanted.len())
                .any(|w| w == wanted.as_slice())
                || (wanted.len() == 1 && self.hashtags.contains(&wanted[0])))
    }

    fn account_matches(candidate: &str, wanted: &str) -> bool {
        // `acme` matches `acme` and `acme@any.instance`; `acme@a.b` must match exactly.
        candidate == wanted
            || (!wanted.contains('@')
                && candidate
                    .split_once('@')
                    .is_some_and(|(local, _)| local == wanted))
    }

    fn has(&self, t: &Term) -> bool {
        match t {
            Term::Word { text, prefix } => {
                let hit = |w: &String| {
                    if *prefix {
                        w.starts_with(text.as_str())
                    } else {
                        w == text
                    }
                };
                self.words.iter().any(hit) || self.hashtags.iter().any(hit)
            }
            Term::Phrase(p) => {
                !p.is_empty() && self.words.windows(p.len()).any(|w| w == p.as_slice())
            }
            Term::Hashtag(h) => self.hashtags.iter().any(|x| x == h),
            Term::Account(a) => {
                Self::account_matches(&self.author, a)
                    || self.accounts.iter().any(|x| Self::account_matches(x, a))
            }
        }
    }
}

#[cfg(test)]
mod tests;
