//! Feature hashing: word unigrams and bigrams, and character n-grams (2 to 5 bytes) of each
//! whitespace-separated chunk padded with spaces, each hashed into one table of `2^bits`
//! buckets.
//!
//! The hash is spelled out here (FNV-1a over bytes, then a multiplicative finalizer) rather
//! than taken from `std`, because trained weights are only valid for the exact bucket a feature
//! falls into: the function must never change between versions or platforms.

use crate::text::{Scratch, TokenKind};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Seeds that keep the three kinds of features apart in the shared table.
const SEED_UNIGRAM: u64 = 0x5157_4f52_4431; // "QWORD1"
const SEED_BIGRAM: u64 = 0x5157_4f52_4432;
const SEED_CHAR: u64 = 0x5143_4841_5221;

#[inline]
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Mixes the weak low bits of FNV into the high bits used for the bucket.
#[inline]
pub fn finish(h: u64) -> u64 {
    let h = (h ^ (h >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

/// The bucket of a hash: Fibonacci hashing (one multiply, keep the top bits), which spreads
/// every bit of the FNV state into the bits kept.
#[inline]
fn bucket(h: u64, bits: u32) -> u32 {
    ((h ^ (h >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as u32
}

/// The stable 64-bit hash of a word (also used for fingerprints and key phrases).
#[inline]
pub fn word_hash(word: &[u8]) -> u64 {
    fnv(FNV_OFFSET ^ SEED_UNIGRAM, word)
}

/// Bucket of a word unigram.
#[inline]
pub fn unigram_bucket(word: &[u8], bits: u32) -> u32 {
    bucket(word_hash(word), bits)
}

/// Bucket of a word unigram, from its [`word_hash`].
#[inline]
pub fn hash_bucket(hash: u64, bits: u32) -> u32 {
    bucket(hash, bits)
}

/// Fills `s.word_features` and `s.char_features` from the tokens in `s` (for training; scoring
/// visits the same features without storing them).
pub fn extract(s: &mut Scratch, bits: u32) {
    let mut words = std::mem::take(&mut s.word_features);
    let mut chars = std::mem::take(&mut s.char_features);
    words.clear();
    chars.clear();
    visit(s, bits, |block, b| {
        if block == WORDS {
            words.push(b)
        } else {
            chars.push(b)
        }
    });
    s.word_features = words;
    s.char_features = chars;
}

/// Feature block of word unigrams and bigrams.
pub const WORDS: usize = 0;
/// Feature block of character n-grams.
pub const CHARS: usize = 1;

/// Calls `f(block, bucket)` for every feature of the text in `s`, word features
/// ([`WORDS`]) first, then character n-grams ([`CHARS`]).
#[inline]
pub fn visit(s: &mut Scratch, bits: u32, mut f: impl FnMut(usize, u32)) {
    let norm = s.norm.as_bytes();
    let mut prev: Option<u64> = None;
    for t in &s.tokens {
        // Single characters carry little signal (as in the classic `\w\w+` token pattern),
        // except emoji and digits.
        let len = t.end - t.start;
        let keep =
            t.kind == TokenKind::Emoji || len >= 2 || (len == 1 && t.kind == TokenKind::Number);
        if !keep {
            prev = None;
            continue;
        }
        let h = t.hash;
        f(WORDS, bucket(h, bits));
        if let Some(p) = prev {
            // Bigrams join neighbouring kept tokens, across punctuation, as the classic
            // token pattern does.
            let b = (p.rotate_left(23) ^ h ^ SEED_BIGRAM).wrapping_mul(FNV_PRIME);
            f(WORDS, bucket(b, bits));
        }
        prev = Some(h);
    }
    // Character n-grams of every chunk padded with spaces (" login, "). Chunks in the
    // normalized text are separated by single spaces, so the n-grams of " " + norm + " " that
    // do not run across a space are exactly those of each padded chunk.
    s.padded.clear();
    s.padded.push(b' ');
    s.padded.extend_from_slice(norm);
    s.padded.push(b' ');
    char_ngrams(&s.padded, bits, &mut |b| f(CHARS, b));
}

/// Shortest and longest character n-gram, in bytes.
const CHAR_MIN: usize = 3;
#[allow(dead_code, reason = "documents the unrolled loop of char_ngrams")]
const CHAR_MAX: usize = 5;

#[inline]
fn step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// Byte n-grams of 3 to 5 bytes of a space-padded text that do not run across a space,
/// hashed incrementally (an n-gram's hash extends its prefix's).
#[inline]
fn char_ngrams(text: &[u8], bits: u32, out: &mut impl FnMut(u32)) {
    let n = text.len();
    if n < CHAR_MIN {
        return;
    }
    for start in 0..n - (CHAR_MIN - 1) {
        let mut h = step(FNV_OFFSET ^ SEED_CHAR, text[start]);
        let c1 = text[start + 1];
        h = step(h, c1);
        if c1 == b' ' {
            continue;
        }
        let c2 = text[start + 2];
        h = step(h, c2);
        out(bucket(h ^ 3, bits));
        if c2 == b' ' || start + 3 >= n {
            continue;
        }
        let c3 = text[start + 3];
        h = step(h, c3);
        out(bucket(h ^ 4, bits));
        if c3 == b' ' || start + 4 >= n {
            continue;
        }
        h = step(h, text[start + 4]);
        out(bucket(h ^ 5, bits));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn hashes_are_stable_across_versions() {
        // Trained models depend on these exact values; changing them invalidates every model.
        assert_eq!(word_hash(b"login"), 0xb3f6_367f_2c47_dd49);
        assert_eq!(unigram_bucket(b"login", 19), 204_860);
        assert_eq!(
            finish(1),
            0x9e37_79b9_7f4a_7c15 ^ (0x9e37_79b9_7f4a_7c15 >> 29)
        );
    }

    #[test]
    fn features_cover_words_bigrams_and_chars() {
        let mut s = Scratch::new();
        tokenize("broke my login", &mut s);
        extract(&mut s, 19);
        assert_eq!(s.word_features.len(), 3 + 2, "three unigrams, two bigrams");
        // " broke ", " my " and " login " (7, 4 and 7 bytes) give 5+4+3, 2+1 and 5+4+3
        // n-grams of 3 to 5 bytes.
        assert_eq!(s.char_features.len(), 12 + 3 + 12);
        assert!(
            s.word_features
                .iter()
                .chain(&s.char_features)
                .all(|&b| b < (1 << 19))
        );
    }

    #[test]
    fn same_text_same_features() {
        let mut a = Scratch::new();
        let mut b = Scratch::new();
        tokenize("Same text, same features!", &mut a);
        tokenize("same TEXT,   same features!", &mut b);
        extract(&mut a, 19);
        extract(&mut b, 19);
        assert_eq!(a.word_features, b.word_features);
    }
}
