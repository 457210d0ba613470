//! Normalization and tokenization of social text, into buffers that are reused between texts
//! so the hot path allocates nothing per token.
//!
//! The normalized text is lower-case; `@handles` become `@user`, links become `http`, and runs
//! of three or more equal characters ("soooo") shrink to two ("soo"), so spelling variants share
//! features. Tokens are byte ranges into the normalized buffer.

/// How much of a text is analysed, in bytes of normalized text. Signals of a 1 MB post come
/// from roughly its first 20,000 characters; this bounds the cost of one text without changing
/// results for real posts.
pub const MAX_CHARS: usize = 20_000;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of letters, digits, `'` or `_` with at least one letter.
    Word,
    /// A run of digits (possibly with `.` or `,` inside).
    Number,
    /// `#tag` (the range excludes the `#`).
    Hashtag,
    /// `@handle`, normalized to `@user`.
    Handle,
    /// A link, normalized to `http`.
    Url,
    /// One emoji or pictograph.
    Emoji,
}

/// A token: a byte range into the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start byte in [`Scratch::norm`].
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
    /// Kind.
    pub kind: TokenKind,
    /// Index of the whitespace-separated chunk the token is in.
    pub chunk: u32,
    /// Stable hash of the token's text ([`crate::features::word_hash`]).
    pub hash: u64,
    /// What the lexicon knows about the word ([`crate::lexicon`] flags).
    pub flags: u64,
}

/// Reusable working memory for analysing texts one after another.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The normalized text: chunks separated by single spaces.
    pub norm: String,
    /// Word-level tokens in order.
    pub tokens: Vec<Token>,
    /// Byte ranges of whitespace-separated chunks in `norm` (char n-grams come from these).
    pub chunks: Vec<(u32, u32)>,
    /// Hashed word features (with repeats).
    pub word_features: Vec<u32>,
    /// Hashed character features (with repeats).
    pub char_features: Vec<u32>,
    /// The normalized text padded with a space on each side (for character n-grams).
    pub padded: Vec<u8>,
    /// Counts gathered from the original text.
    pub stats: TextStats,
}

/// Surface statistics of the original text used by the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Characters looked at.
    pub chars: u32,
    /// Upper-case letters.
    pub upper: u32,
    /// Letters.
    pub letters: u32,
    /// `!` characters.
    pub exclamations: u32,
    /// `?` characters.
    pub questions: u32,
    /// ASCII characters.
    pub ascii: u32,
    /// Letters outside ASCII (accented Latin letters included).
    pub nonascii_letters: u32,
    /// Letters per script, for language identification.
    pub scripts: Scripts,
}

/// Letters seen per script.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scripts {
    /// Cyrillic.
    pub cyrillic: u32,
    /// Letters only Ukrainian uses among Cyrillic languages (і ї є ґ).
    pub ukrainian: u32,
    /// Arabic.
    pub arabic: u32,
    /// Chinese characters.
    pub han: u32,
    /// Japanese kana.
    pub kana: u32,
    /// Korean.
    pub hangul: u32,
    /// Devanagari.
    pub devanagari: u32,
    /// Greek.
    pub greek: u32,
    /// Hebrew.
    pub hebrew: u32,
    /// Thai.
    pub thai: u32,
}

impl Scratch {
    /// Empty buffers; they grow to the largest text seen and are then reused.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text of a token.
    pub fn token_text(&self, t: &Token) -> &str {
        self.norm
            .get(t.start as usize..t.end as usize)
            .unwrap_or("")
    }
}

fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x2190..=0x21FF | 0x2300..=0x23FF | 0x2460..=0x24FF | 0x25A0..=0x27BF | 0x2900..=0x297F
        | 0x2B00..=0x2BFF | 0x3297 | 0x3299 | 0x1F000..=0x1FAFF)
}

/// Characters that glue emoji sequences together or select their style; they carry no meaning
/// of their own for analysis.
fn is_joiner(c: char) -> bool {
    matches!(u32::from(c), 0x200D | 0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF)
}

/// Normalizes and tokenizes `text` into `s` (clearing what was there).
pub fn tokenize(text: &str, s: &mut Scratch) {
    s.norm.clear();
    s.tokens.clear();
    s.chunks.clear();
    s.stats = TextStats::default();
    let bytes = text.as_bytes();
    // ASCII whitespace and control characters, as one comparison.
    let separator = |b: u8| b <= b' ' || b == 0x7f;
    let mut i = 0;
    while i < bytes.len() && s.norm.len() < MAX_CHARS {
        while i < bytes.len() && separator(bytes[i]) {
            i += 1;
        }
        let begin = i;
        while i < bytes.len() && !separator(bytes[i]) {
            i += 1;
        }
        if begin == i {
            break;
        }
        // ASCII bytes are character boundaries, so this slice is valid UTF-8.
        let Some(raw) = text.get(begin..i) else { break };
        if raw.is_ascii() {
            ascii_chunk(raw, s);
        } else {
            for part in raw.split(|c: char| c.is_whitespace() || c.is_control()) {
                if !part.is_empty() {
                    unicode_chunk(part, s);
                }
            }
        }
    }
}

/// Starts a chunk: separator, chunk index and start offset.
fn begin_chunk(s: &mut Scratch) -> (u32, u32) {
    if !s.norm.is_empty() {
        s.norm.push(' ');
    }
    (s.chunks.len() as u32, s.norm.len() as u32)
}

/// Handles and links become one fixed token each.
fn special(s: &mut Scratch, kind: TokenKind, chunk: u32, start: u32) {
    s.norm.push_str(if kind == TokenKind::Handle {
        "@user"
    } else {
        "http"
    });
    let end = s.norm.len() as u32;
    let hash = crate::features::word_hash(&s.norm.as_bytes()[start as usize..end as usize]);
    s.tokens.push(Token {
        start,
        end,
        kind,
        chunk,
        hash,
        flags: 0,
    });
    s.chunks.push((start, end));
}

/// A whitespace-free chunk of ASCII text, handled byte by byte.
fn ascii_chunk(raw_str: &str, s: &mut Scratch) {
    let raw = raw_str.as_bytes();
    let st = &mut s.stats;
    st.chars += raw.len() as u32;
    st.ascii += raw.len() as u32;
    for &b in raw {
        let class = ASCII_CLASS[usize::from(b)];
        st.letters += u32::from(class & LETTER != 0);
        st.upper += u32::from(class & UPPER != 0);
        st.exclamations += u32::from(b == b'!');
        st.questions += u32::from(b == b'?');
    }
    // Runs of three equal letters (ignoring case) are rare; look for them separately.
    let squeeze = raw
        .windows(3)
        .any(|w| (w[0] | 0x20) == (w[1] | 0x20) && (w[1] | 0x20) == (w[2] | 0x20));
    let (chunk, start) = begin_chunk(s);
    if let Some(kind) = special_chunk(raw) {
        special(s, kind, chunk, start);
        return;
    }
    if squeeze {
        let mut run = 0;
        let mut last = 0u8;
        for &b in raw {
            let lb = b.to_ascii_lowercase();
            if lb == last {
                run += 1;
                if run >= 2 {
                    continue;
                }
            } else {
                last = lb;
                run = 0;
            }
            s.norm.push(char::from(lb));
        }
    } else {
        s.norm.push_str(raw_str);
        if let Some(tail) = s.norm.get_mut(start as usize..) {
            tail.make_ascii_lowercase();
        }
    }
    let end = s.norm.len() as u32;
    s.chunks.push((start, end));
    split_words_ascii(s, start, end, chunk);
}

const LETTER: u8 = 1;
/// Also the bit that lower-cases an ASCII upper-case letter.
const UPPER: u8 = 0x20;
const WORD: u8 = 2;
const DIGIT: u8 = 4;

/// Classes of ASCII bytes: letter, upper-case, word character, digit.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        let mut c = 0;
        if b.is_ascii_alphabetic() {
            c |= LETTER | WORD;
        }
        if b.is_ascii_uppercase() {
            c |= UPPER;
        }
        if b.is_ascii_digit() {
            c |= DIGIT | WORD;
        }
        if b == b'\'' || b == b'_' {
            c |= WORD;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// A whitespace-free chunk with non-ASCII characters.
fn unicode_chunk(raw: &str, s: &mut Scratch) {
    gather_stats(raw, &mut s.stats);
    let (chunk, start) = begin_chunk(s);
    if let Some(kind) = special_chunk(raw.as_bytes()) {
        special(s, kind, chunk, start);
        return;
    }
    push_lowered(raw, &mut s.norm);
    let end = s.norm.len() as u32;
    s.chunks.push((start, end));
    if s.norm.as_bytes()[start as usize..end as usize].is_ascii() {
        // Lower-casing can make a chunk ASCII ("’" becomes "'").
        split_words_ascii(s, start, end, chunk);
    } else {
        split_words(s, start, end, chunk);
    }
}

fn split_words_ascii(s: &mut Scratch, start: u32, end: u32, chunk: u32) {
    let bytes = s.norm.as_bytes();
    let class = |b: u8| ASCII_CLASS[usize::from(b)];
    let mut i = start as usize;
    let end = end as usize;
    while i < end {
        let b = bytes[i];
        let hashtag = b == b'#' && i + 1 < end && class(bytes[i + 1]) & (LETTER | DIGIT) != 0;
        if class(b) & WORD == 0 && !hashtag {
            i += 1;
            continue;
        }
        let word_start = if hashtag { i + 1 } else { i };
        let mut j = word_start;
        let mut letters = false;
        while j < end {
            let c = bytes[j];
            let k = class(c);
            if k & WORD != 0 {
                letters |= k & LETTER != 0;
                j += 1;
            } else if (c == b'.' || c == b',')
                && !letters
                && j + 1 < end
                && class(bytes[j + 1]) & DIGIT != 0
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut word_end = j;
        while word_end > word_start && bytes[word_end - 1] == b'\'' {
            word_end -= 1;
        }
        i = j;
        if word_end <= word_start {
            continue;
        }
        let kind = if hashtag {
            TokenKind::Hashtag
        } else if letters {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        let hash = crate::features::word_hash(&bytes[word_start..word_end]);
        s.tokens.push(Token {
            start: word_start as u32,
            end: word_end as u32,
            kind,
            chunk,
            hash,
            flags: 0,
        });
    }
}

fn gather_stats(raw: &str, st: &mut TextStats) {
    for c in raw.chars() {
        st.chars += 1;
        if c.is_ascii() {
            st.ascii += 1;
        }
        if c.is_alphabetic() {
            st.letters += 1;
            if c.is_uppercase() {
                st.upper += 1;
            }
            if !c.is_ascii() {
                st.nonascii_letters += 1;
                let sc = &mut st.scripts;
                match u32::from(c) {
                    0x0400..=0x04FF => {
                        sc.cyrillic += 1;
                        if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                            sc.ukrainian += 1;
                        }
                    }
                    0x0600..=0x06FF | 0x0750..=0x077F => sc.arabic += 1,
                    0x4E00..=0x9FFF | 0x3400..=0x4DBF => sc.han += 1,
                    0x3040..=0x30FF => sc.kana += 1,
                    0xAC00..=0xD7AF | 0x1100..=0x11FF => sc.hangul += 1,
                    0x0900..=0x097F => sc.devanagari += 1,
                    0x0370..=0x03FF => sc.greek += 1,
                    0x0590..=0x05FF => sc.hebrew += 1,
                    0x0E00..=0x0E7F => sc.thai += 1,
                    _ => {}
                }
            }
        } else if c == '!' {
            st.exclamations += 1;
        } else if c == '?' {
            st.questions += 1;
        }
    }
}

fn special_chunk(b: &[u8]) -> Option<TokenKind> {
    if b.len() >= 2 && b[0] == b'@' && (b[1].is_ascii_alphanumeric() || b[1] == b'_') {
        return Some(TokenKind::Handle);
    }
    let lower_prefix =
        |p: &str| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if lower_prefix("http://") || lower_prefix("https://") || lower_prefix("www.") {
        return Some(TokenKind::Url);
    }
    None
}

/// Appends `raw` lower-cased, with runs of 3+ equal characters cut to 2.
fn push_lowered(raw: &str, out: &mut String) {
    let mut prev = '\0';
    let mut run = 0;
    for c in raw.chars() {
        if is_joiner(c) {
            continue;
        }
        let lc = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if c == '’' || c == '‘' {
            '\''
        } else {
            first_lower(c)
        };
        if lc == prev {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            prev = lc;
            run = 0;
        }
        out.push(lc);
    }
}

/// The lower-case form of `c` when it is one character (true for every letter people type in
/// the scripts we see; multi-character lowerings keep the original character).
fn first_lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '_'
}

fn split_words(s: &mut Scratch, start: u32, end: u32, chunk: u32) {
    let Some(text) = s.norm.get(start as usize..end as usize) else {
        return;
    };
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let abs = start + i as u32;
        if is_word_char(c) || (c == '#' && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric())) {
            let hashtag = c == '#';
            let word_start = if hashtag { abs + 1 } else { abs };
            let mut last = abs + c.len_utf8() as u32;
            let mut letters = c.is_alphabetic();
            while let Some(&(j, n)) = iter.peek() {
                let digit_sep = (n == '.' || n == ',') && !letters;
                if is_word_char(n) || digit_sep {
                    letters |= n.is_alphabetic();
                    last = start + j as u32 + n.len_utf8() as u32;
                    iter.next();
                } else {
                    break;
                }
            }
            // Trailing separators and apostrophes belong to the sentence, not the word.
            let slice = &s.norm.as_bytes()[word_start as usize..last as usize];
            let trimmed = slice.len()
                - slice
                    .iter()
                    .rev()
                    .take_while(|b| matches!(b, b'.' | b',' | b'\''))
                    .count();
            let word_end = word_start + trimmed as u32;
            if word_end <= word_start {
                continue;
            }
            let kind = if hashtag {
                TokenKind::Hashtag
            } else if letters {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            let hash = crate::features::word_hash(
                &s.norm.as_bytes()[word_start as usize..word_end as usize],
            );
            s.tokens.push(Token {
                start: word_start,
                end: word_end,
                kind,
                chunk,
                hash,
                flags: 0,
            });
        } else if is_emoji(c) {
            let e = abs + c.len_utf8() as u32;
            let hash = crate::features::word_hash(&s.norm.as_bytes()[abs as usize..e as usize]);
            s.tokens.push(Token {
                start: abs,
                end: e,
                kind: TokenKind::Emoji,
                chunk,
                hash,
                flags: 0,
            });
        }
    }
}

#[cfg(test)]
mod tests;
