//! What people type into a search box → a [`Plan`] both backends execute alike.
//!
//! The syntax is forgiving on purpose: words, `"quoted phrases"` (an unclosed quote runs to
//! the end), `-word` or `NOT word` to exclude, and `AND`/`OR`/`+` which are accepted and
//! ignored (every word counts; ranking orders the rest). Control characters are spaces; the
//! text is cut at [`MAX_QUERY_CHARS`] and the plan at [`MAX_SLOTS`] words, so a pasted page
//! costs no more than a long question.

use std::collections::BTreeSet;

use crate::analysis::{analyze, is_stop};

/// Characters of query text looked at; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Words (or concepts) a query may require.
pub const MAX_SLOTS: usize = 24;

/// One thing the document should contain: a concept or the words it was written as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Stems as written (a phrase when more than one).
    pub words: Vec<String>,
    /// The concept the words stand for, if any (matches paraphrases).
    pub concept: Option<String>,
    /// Whether a misspelling may be corrected (single longer words without a concept).
    pub fuzzy: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Words or concepts; how many must match depends on the [`crate::Match`] mode.
    pub slots: Vec<Slot>,
    /// Quoted phrases (stems in order) that must appear as written.
    pub phrases: Vec<Vec<String>>,
    /// Stems that must not appear.
    pub excluded: Vec<String>,
}

impl Plan {
    /// Whether the query asks for nothing (empty, operators or punctuation only).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty() && self.phrases.is_empty()
    }

    /// Every stem and concept worth highlighting in a snippet.
    pub fn highlights(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for s in &self.slots {
            out.extend(s.words.iter().cloned());
            out.extend(s.concept.iter().cloned());
        }
        for p in &self.phrases {
            out.extend(p.iter().cloned());
        }
        out
    }
}

/// Parses query text. Never fails: what cannot be understood is ignored.
pub fn parse(input: &str) -> Plan {
    let text: String = input
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut plan = Plan::default();
    let mut free = String::new();
    let mut rest = text.as_str();
    let mut negate_next = false;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('"') {
            let (inside, next) = after.split_once('"').unwrap_or((after, ""));
            let stems: Vec<String> = analyze(inside)
                .into_iter()
                .filter(|t| !t.is_concept())
                .map(|t| t.text)
                .collect();
            if negate_next {
                plan.excluded.extend(stems);
            } else if stems.len() == 1 {
                plan.slots.extend(stems.into_iter().map(|w| Slot {
                    words: vec![w],
                    concept: None,
                    fuzzy: false,
                }));
            } else if !stems.is_empty() {
                plan.phrases.push(stems);
            }
            negate_next = false;
            rest = next;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let (word, next) = rest.split_at(end);
        rest = next;
        match word {
            "" => {}
            "AND" | "OR" | "&&" | "||" | "+" => {}
            "NOT" | "-" => negate_next = true,
            w if w.starts_with('-') || negate_next => {
                let w = w.trim_start_matches('-');
                plan.excluded.extend(
                    analyze(w)
                        .into_iter()
                        .filter(|t| !t.is_concept())
                        .map(|t| t.text),
                );
                negate_next = false;
            }
            w => {
                free.push_str(w.trim_start_matches('+'));
                free.push(' ');
            }
        }
    }
    let tokens = analyze(&free);
    let mut by_pos: Vec<(String, Option<(String, usize)>)> = Vec::new();
    for t in tokens {
        if t.is_concept() {
            if let Some(last) = by_pos.get_mut(t.position) {
                last.1 = Some((t.text, t.span));
            }
        } else {
            by_pos.push((t.text, None));
        }
    }
    let mut stops = Vec::new();
    let mut i = 0;
    while i < by_pos.len() {
        let (stem, concept) = &by_pos[i];
        if let Some((concept, span)) = concept {
            let words = by_pos[i..(i + span).min(by_pos.len())]
                .iter()
                .map(|(w, _)| w.clone())
                .collect();
            plan.slots.push(Slot {
                words,
                concept: Some(concept.clone()),
                fuzzy: false,
            });
            i += span;
            continue;
        }
        if is_stop(stem) {
            stops.push(stem.clone());
        } else {
            plan.slots.push(Slot {
                words: vec![stem.clone()],
                concept: None,
                fuzzy: stem.chars().count() >= 4 && !stem.chars().any(|c| c.is_ascii_digit()),
            });
        }
        i += 1;
    }
    if plan.is_empty() {
        // A query of common words only ("how to") still asks for them.
        plan.slots.extend(stops.into_iter().map(|w| Slot {
            words: vec![w],
            concept: None,
            fuzzy: false,
        }));
    }
    plan.slots.dedup();
    plan.slots.truncate(MAX_SLOTS);
    plan.phrases.truncate(MAX_SLOTS);
    plan.excluded.truncate(MAX_SLOTS);
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot_words(p: &Plan) -> Vec<String> {
        p.slots
            .iter()
            .map(|s| match &s.concept {
                Some(c) => c.clone(),
                None => s.words.join(" "),
            })
            .collect()
    }

    #[test]
    fn words_concepts_and_stop_words() {
        let p = parse("can't sign in after the update");
        assert_eq!(slot_words(&p), ["~fail", "~login", "~update"]);
        assert_eq!(p.slots[1].words, ["sign", "in"]);
        let p = parse("exporting spreadsheets");
        assert_eq!(slot_words(&p), ["export", "spreadsheet"]);
        assert!(p.slots.iter().all(|s| s.fuzzy));
    }

    #[test]
    fn phrases_exclusions_and_operators() {
        let p = parse("\"dark mode\" -android NOT ios OR widget AND +calendar");
        assert_eq!(p.phrases, [vec!["dark".to_owned(), "mode".to_owned()]]);
        assert_eq!(p.excluded, ["android", "io"]);
        assert_eq!(slot_words(&p), ["widget", "calendar"]);
    }

    #[test]
    fn bad_input_never_fails() {
        assert!(parse("").is_empty());
        assert!(parse("AND OR NOT - + \"\" && ||").is_empty());
        let p = parse("\"unbalanced quote runs");
        assert_eq!(p.phrases.len(), 1);
        assert!(!parse("a\u{0}b\u{1b}[31mexport").is_empty());
        let long = "refund ".repeat(2_000) + &"word".repeat(3_000);
        let p = parse(&long);
        assert!(p.slots.len() <= MAX_SLOTS);
        let many: String = (0..500).map(|i| format!("w{i}x ")).collect();
        assert_eq!(parse(&many).slots.len(), MAX_SLOTS);
    }

    #[test]
    fn common_words_alone_still_search() {
        assert_eq!(slot_words(&parse("how to")), ["how", "to"]);
    }
}
