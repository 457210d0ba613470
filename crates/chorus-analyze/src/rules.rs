//! Hand-written rules: intent, whether a text is about service, complaints hidden behind
//! politeness, and key phrases. No public labelled data exists for intent, so it is decided
//! by explainable rules over the tokens (see [`crate::lexicon`]) plus the trained sentiment;
//! the rules were written against training texts and are measured on a hand-labelled sample
//! of validation texts (`tests/intent.rs`, README).

use crate::facts::Facts;
use crate::lexicon;
use crate::text::{Scratch, TokenKind};

pub use chorus_core::listen::Intent;

/// Politeness around a complaint ("thanks for nothing", "please help, third day without
/// service"): sarcastic thanks, or a request for help while reporting a failure.
pub fn polite_complaint(f: &Facts) -> bool {
    f.sarcasm || (f.asks && (f.complaint_phrase || f.failure || f.bad))
}

/// A report that something of the product or service malfunctions ("the app crashes when I
/// open a photo"): a complaint however calmly it is written.
pub fn problem_report(f: &Facts) -> bool {
    f.problem && service_related(f)
}

/// Whether the text talks about a product or service experience.
pub fn service_related(f: &Facts) -> bool {
    f.service >= 2
        || (f.service == 1 && (f.you || f.complaint_phrase || f.bad || f.failure || f.problem))
        || (f.complaint_phrase && f.you)
}

/// Whether a text is abuse rather than anger: insults or threats aimed at a person, swearing
/// at a person, or hate speech. Negativity alone, and swearing about a product ("this app is
/// shit"), are not abuse: those are complaints, however angry.
pub fn abusive(f: &Facts, offensive: f32, hate: f32, threshold: f32) -> bool {
    let toxic = offensive.max(hate) >= threshold;
    let aimed_insult = f.insult && f.targeted;
    let aimed_swearing = f.profanity && f.targeted && toxic;
    let threat = f.threat && f.targeted && toxic;
    aimed_insult && toxic || aimed_swearing || threat || hate >= threshold.max(0.6) + 0.05
}

/// The intent of a text, given its sentiment score (-1 to 1) and whether it is about service.
pub fn intent(s: &Scratch, f: &Facts, sentiment: f32, service: bool) -> Intent {
    if polite_complaint(f) {
        return Intent::Complaint;
    }
    if f.idea_phrase && sentiment > -0.5 {
        return Intent::Idea;
    }
    let question_mark = s.stats.questions > 0;
    // "Why does the app keep crashing?!" is a complaint phrased as a question.
    let angry = sentiment < -0.35 || s.stats.exclamations > 1 || f.bad;
    if problem_report(f) && sentiment < 0.3 && !(f.praise && sentiment > 0.0) {
        // "How do I get past error 503?" asks for help; the rest report a fault.
        if question_mark && f.opener_first && !angry {
            return Intent::Question;
        }
        return Intent::Complaint;
    }
    if (f.complaint_phrase || (service && angry)) && sentiment < 0.2 {
        if question_mark && !angry && !f.complaint_phrase {
            return Intent::Question;
        }
        return Intent::Complaint;
    }
    if question_mark || (f.opener_first && f.words > 3 && !f.praise) {
        return Intent::Question;
    }
    if f.praise && sentiment > 0.2 {
        return Intent::Praise;
    }
    if service && sentiment < -0.3 {
        return Intent::Complaint;
    }
    Intent::Other
}

/// Up to `max` key phrases: runs of up to three content words (no stopwords), and hashtags,
/// ranked by the sum of their words' IDF (rarer words describe a text better). Only the
/// phrases returned are allocated.
pub fn key_phrases(s: &Scratch, idf: impl Fn(u64) -> f32, max: usize) -> Vec<String> {
    // (score, first token, last token) of each candidate; posts rarely have more than 32.
    let mut cands = [(0f32, 0usize, 0usize); 32];
    let mut n = 0;
    let mut push = |c: (f32, usize, usize)| {
        if n < cands.len() {
            cands[n] = c;
            n += 1;
        } else if let Some(min) =
            (0..cands.len()).min_by(|&x, &y| cands[x].0.total_cmp(&cands[y].0))
            && c.0 > cands[min].0
        {
            cands[min] = c;
        }
    };
    let mut run_start: Option<usize> = None;
    let mut run_score = 0f32;
    let bytes = s.norm.as_bytes();
    for (i, t) in s.tokens.iter().enumerate() {
        let content = t.kind == TokenKind::Word
            && t.end - t.start > 2
            && t.flags & lexicon::STOP == 0
            && !bytes[t.start as usize..t.end as usize]
                .iter()
                .all(u8::is_ascii_digit);
        if t.kind == TokenKind::Hashtag && t.end - t.start > 1 {
            push((idf(t.hash) * 1.1, i, i));
        }
        let continues = content
            && run_start
                .is_some_and(|r| i - r < 3 && s.tokens[i - 1].chunk + 1 >= t.chunk && i > 0)
            && !ends_chunk(s, i - 1);
        if !continues {
            if let Some(r) = run_start.take() {
                push((run_score * (1.0 + 0.15 * (i - r - 1) as f32), r, i - 1));
            }
            run_score = 0.0;
        }
        if content {
            if run_start.is_none() {
                run_start = Some(i);
            }
            run_score += idf(t.hash);
        }
    }
    if let Some(r) = run_start {
        let last = s.tokens.len() - 1;
        push((run_score * (1.0 + 0.15 * (last - r) as f32), r, last));
    }
    let found = &mut cands[..n];
    let mut out: Vec<String> = Vec::with_capacity(max.min(n));
    // The best remaining candidate, repeatedly: cheaper than sorting for the few kept.
    while out.len() < max {
        let Some(best) = (0..found.len())
            .filter(|&i| found[i].0.is_finite())
            .max_by(|&x, &y| {
                found[x]
                    .0
                    .total_cmp(&found[y].0)
                    .then(found[y].1.cmp(&found[x].1))
            })
        else {
            break;
        };
        let (_, a, b) = found[best];
        found[best].0 = f32::NEG_INFINITY;
        let mut phrase = String::new();
        for t in &s.tokens[a..=b] {
            if !phrase.is_empty() {
                phrase.push(' ');
            }
            phrase.push_str(s.token_text(t));
        }
        if !out
            .iter()
            .any(|o| o.contains(&phrase) || phrase.contains(o.as_str()))
        {
            out.push(phrase);
        }
    }
    out
}

/// Whether punctuation follows token `i` inside its chunk ("login," ends a phrase).
fn ends_chunk(s: &Scratch, i: usize) -> bool {
    let t = &s.tokens[i];
    s.chunks
        .get(t.chunk as usize)
        .is_some_and(|&(_, end)| end > t.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::gather;
    use crate::features::word_hash;
    use crate::text::tokenize;

    fn scratch(t: &str) -> (Scratch, Facts) {
        let mut s = Scratch::new();
        tokenize(t, &mut s);
        let f = gather(&mut s);
        (s, f)
    }

    #[test]
    fn intents_of_typical_posts() {
        let cases = [
            (
                "@acme your update broke my login, fix it!",
                -0.6,
                Intent::Complaint,
            ),
            ("How do I export all my files?", 0.0, Intent::Question),
            (
                "Why does the app keep crashing?! Useless.",
                -0.7,
                Intent::Complaint,
            ),
            (
                "It would be great if you could add dark mode",
                0.4,
                Intent::Idea,
            ),
            (
                "Thanks @acme, support fixed it in 10 minutes. Great job!",
                0.8,
                Intent::Praise,
            ),
            (
                "Thanks for nothing @acme, third day without internet",
                0.3,
                Intent::Complaint,
            ),
            (
                "please help, third day without service",
                0.1,
                Intent::Complaint,
            ),
            ("Watching the game tonight with friends", 0.2, Intent::Other),
        ];
        for (text, sentiment, want) in cases {
            let (s, f) = scratch(text);
            assert_eq!(
                intent(&s, &f, sentiment, service_related(&f)),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn service_detection() {
        assert!(service_related(
            &scratch("my order never arrived and support is not answering").1
        ));
        assert!(service_related(
            &scratch("@acme your app crashes on login").1
        ));
        assert!(!service_related(
            &scratch("what a beautiful sunset at the beach").1
        ));
        assert!(!service_related(
            &scratch("the game starts at 8, who is coming?").1
        ));
    }

    #[test]
    fn politeness_does_not_hide_complaints() {
        assert!(polite_complaint(&scratch("Thanks for nothing, @acme").1));
        assert!(polite_complaint(
            &scratch("please help, third day without service").1
        ));
        assert!(!polite_complaint(&scratch("thanks for the quick fix!").1));
        assert!(!polite_complaint(
            &scratch("please help me choose a plan").1
        ));
    }

    #[test]
    fn key_phrases_prefer_rare_content_words() {
        let (s, _) = scratch("Login fails since version 3.2 on the desktop app #login");
        let idf = |h: u64| {
            if h == word_hash(b"login") {
                6.0
            } else if h == word_hash(b"fails") {
                5.0
            } else if h == word_hash(b"desktop") {
                5.5
            } else {
                3.0
            }
        };
        let p = key_phrases(&s, idf, 3);
        assert_eq!(p[0], "login fails", "{p:?}");
        assert!(p.contains(&"desktop app".to_owned()), "{p:?}");
        assert!(p.len() <= 3);
        assert!(key_phrases(&scratch("the and of").0, idf, 3).is_empty());
    }
}
