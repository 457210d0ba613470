//! The clustering terms of a text: content words and hashtags, lightly stemmed, service
//! synonyms folded, IDF-weighted and L2-normalized.

use crate::features::word_hash;
use crate::lexicon;
use crate::text::{Scratch, TokenKind};

/// Folds inflections to a shared prefix: "update", "updates", "updated" and "updating" all
/// become "updat"; "crashes" and "crashing" become "crash". Crude next to a real stemmer, but
/// only consistency matters here: the stems are hashed, never shown.
fn stem(w: &[u8]) -> &[u8] {
    if !w.is_ascii() || w.len() <= 3 {
        return w;
    }
    let mut s = w;
    for suffix in [&b"ing"[..], b"ed", b"es", b"s"] {
        if s.len() >= suffix.len() + 3 && s.ends_with(suffix) {
            if suffix == b"s" && (s.ends_with(b"ss") || s.ends_with(b"us") || s.ends_with(b"is")) {
                break;
            }
            if suffix == b"es"
                && !(s.ends_with(b"shes") || s.ends_with(b"ches") || s.ends_with(b"xes"))
            {
                // "updates": only the "s" is an ending.
                s = &s[..s.len() - 1];
            } else {
                s = &s[..s.len() - suffix.len()];
            }
            break;
        }
    }
    if s.len() > 3 && s.ends_with(b"e") {
        s = &s[..s.len() - 1];
    }
    s
}

/// Words that mean the same thing in service complaints, folded to one term.
fn synonym(w: &[u8]) -> &[u8] {
    match w {
        b"signin" | b"logon" | b"logins" | b"log-in" | b"sign-in" => b"login",
        b"pw" | b"passwd" | b"pwd" | b"passcode" => b"password",
        b"crashing" | b"crashed" | b"crashes" => b"crash",
        b"refunded" | b"refunds" => b"refund",
        b"charged" | b"charges" | b"billing" | b"billed" => b"charge",
        b"outage" | b"offline" => b"down",
        b"mfa" | b"otp" | b"2fa" | b"two-factor" => b"2fa",
        _ => w,
    }
}

/// The clustering terms of the text tokenized in `s`: content words and hashtags, weighted by
/// `idf(word hash)`, L2-normalized, sorted by hash. "log in", "sign in" and their inflections
/// become one term, so the most common service complaint is recognized however it is written.
pub fn terms(s: &Scratch, idf: impl Fn(u64) -> f32, out: &mut Vec<(u64, f32)>) {
    out.clear();
    let bytes = s.norm.as_bytes();
    let toks = &s.tokens;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let word = &bytes[t.start as usize..t.end as usize];
        let next_is = |w: &[u8]| {
            toks.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Word && &bytes[n.start as usize..n.end as usize] == w
            })
        };
        let login_verb = matches!(
            word,
            b"log" | b"logged" | b"logging" | b"sign" | b"signed" | b"signing"
        );
        let (term, skip) =
            if t.kind == TokenKind::Word && login_verb && (next_is(b"in") || next_is(b"on")) {
                (Some(&b"login"[..]), 2)
            } else if t.kind == TokenKind::Word && login_verb && next_is(b"out") {
                (Some(&b"logout"[..]), 2)
            } else if t.kind == TokenKind::Hashtag && word.len() > 1 {
                (Some(word), 1)
            } else if t.kind == TokenKind::Word
                && word.len() > 2
                && t.flags & lexicon::STOP == 0
                && !word.iter().all(u8::is_ascii_digit)
            {
                (Some(stem(synonym(word))), 1)
            } else {
                (None, 1)
            };
        if let Some(term) = term {
            let h = word_hash(term);
            let w = idf(t.hash).max(0.5);
            match out.iter_mut().find(|(x, _)| *x == h) {
                Some(e) => e.1 += w,
                None => out.push((h, w)),
            }
        }
        i += skip;
    }
    normalize(out);
}

fn normalize(v: &mut [(u64, f32)]) {
    v.sort_unstable_by_key(|e| e.0);
    let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in v.iter_mut() {
            e.1 /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_and_synonyms() {
        for (a, b) in [
            (&b"crashes"[..], &b"crash"[..]),
            (b"crashing", b"crash"),
            (b"crashed", b"crash"),
            (b"update", b"updat"),
            (b"updates", b"updat"),
            (b"updated", b"updat"),
            (b"updating", b"updat"),
            (b"failing", b"fail"),
            (b"access", b"access"),
            (b"status", b"status"),
            (b"app", b"app"),
        ] {
            assert_eq!(stem(a), b, "{}", String::from_utf8_lossy(a));
        }
        assert_eq!(synonym(b"signin"), b"login");
    }
}
