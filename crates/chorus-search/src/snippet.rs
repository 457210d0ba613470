//! Highlighted excerpts, computed the same way whichever backend found the document.

use std::collections::BTreeSet;

use crate::analysis::analyze;

/// Roughly how many characters a snippet shows.
pub const SNIPPET_CHARS: usize = 220;

/// The window of `text` with the most query matches, HTML-escaped, matches wrapped in
/// `<mark>…</mark>`, with `…` where text was cut.
pub fn snippet(text: &str, highlights: &BTreeSet<String>) -> String {
    let tokens = analyze(text);
    let hits: Vec<(usize, usize)> = tokens
        .iter()
        .filter(|t| highlights.contains(&t.text))
        .map(|t| (t.from, t.to))
        .collect();
    // Best start: the match whose window holds the most other matches.
    let mut best = (0usize, 0usize);
    for (i, (from, _)) in hits.iter().enumerate() {
        let count = hits[i..]
            .iter()
            .take_while(|(f, _)| *f < from + SNIPPET_CHARS)
            .count();
        if count > best.1 {
            best = (*from, count);
        }
    }
    let mut start = floor_char(text, best.0.saturating_sub(SNIPPET_CHARS / 5));
    // Begin at a word boundary.
    if start > 0
        && let Some(ws) = text[start..].find(char::is_whitespace)
        && ws < 30
    {
        start += ws + 1;
    }
    let mut end = floor_char(text, (start + SNIPPET_CHARS).min(text.len()));
    if end < text.len()
        && let Some(ws) = text[..end].rfind(char::is_whitespace)
        && ws > start
    {
        end = ws;
    }
    let mut out = String::with_capacity(end - start + 32);
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for &(f, t) in hits.iter().filter(|(f, t)| *f >= start && *t <= end) {
        match merged.last_mut() {
            Some(last) if f <= last.1 => last.1 = last.1.max(t),
            _ => merged.push((f, t)),
        }
    }
    for (f, t) in merged {
        escape_into(&mut out, &text[at..f]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[f..t]);
        out.push_str("</mark>");
        at = t;
    }
    escape_into(&mut out, &text[at..end]);
    if end < text.len() {
        out.push('…');
    }
    collapse_whitespace(&out)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    #[test]
    fn marks_matches_and_escapes() {
        let h = parse("export csv").highlights();
        let s = snippet("How to <b>export</b> a CSV & keep\ncolumns", &h);
        assert_eq!(
            s,
            "How to &lt;b&gt;<mark>export</mark>&lt;/b&gt; a <mark>CSV</mark> &amp; keep columns"
        );
    }

    #[test]
    fn picks_the_window_with_matches() {
        let text = format!(
            "{} the refund arrived late {}",
            "filler ".repeat(80),
            "tail ".repeat(80)
        );
        let s = snippet(&text, &parse("refund").highlights());
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>refund</mark>"), "{s}");
        assert!(s.len() < SNIPPET_CHARS + 40);
    }

    #[test]
    fn concepts_highlight_paraphrases() {
        let s = snippet(
            "Login fails since version 3.2",
            &parse("can't sign in after update").highlights(),
        );
        assert_eq!(
            s,
            "<mark>Login</mark> <mark>fails</mark> since <mark>version</mark> 3.2"
        );
    }

    #[test]
    fn multibyte_text_is_cut_on_char_boundaries() {
        let text = "é".repeat(400);
        let s = snippet(&text, &BTreeSet::new());
        assert!(s.ends_with('…'));
    }
}
