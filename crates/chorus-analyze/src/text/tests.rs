//! Tests of normalization and tokenization: social text, contractions and numbers, statistics,
//! the ASCII and general paths agreeing, buffer reuse and odd or huge inputs.

use super::*;

fn toks(text: &str) -> Vec<(String, TokenKind)> {
    let mut s = Scratch::new();
    tokenize(text, &mut s);
    s.tokens
        .iter()
        .map(|t| (s.token_text(t).to_owned(), t.kind))
        .collect()
}

#[test]
fn social_text_is_normalized() {
    let t = toks("@AcmeHelp your UPDATE broke my login!!! Soooo annoyed #fail https://t.co/x 😡");
    let words: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        words,
        [
            "@user", "your", "update", "broke", "my", "login", "soo", "annoyed", "fail", "http",
            "😡"
        ]
    );
    assert_eq!(t[0].1, TokenKind::Handle);
    assert_eq!(t[8].1, TokenKind::Hashtag);
    assert_eq!(t[9].1, TokenKind::Url);
    assert_eq!(t[10].1, TokenKind::Emoji);
}

#[test]
fn contractions_and_numbers() {
    let t = toks("Don't wait, v3.2.1 costs 9.99.");
    assert_eq!(t[0], ("don't".to_owned(), TokenKind::Word));
    assert!(t.contains(&("9.99".to_owned(), TokenKind::Number)));
    assert!(
        t.iter()
            .any(|(w, k)| w == "v3.2.1" || (w == "v3" && *k == TokenKind::Word))
    );
}

#[test]
fn stats_count_shouting_and_questions() {
    let mut s = Scratch::new();
    tokenize("WHY is it DOWN?? fix it!", &mut s);
    assert_eq!(s.stats.questions, 2);
    assert_eq!(s.stats.exclamations, 1);
    assert!(s.stats.upper >= 7);
}

#[test]
fn ascii_and_general_paths_agree() {
    // The same text with a non-ASCII character added at the end goes through the general
    // path; every token before it must be identical.
    for text in [
        "@AcmeHelp your UPDATE broke my login!!! Soooo annoyed #fail https://t.co/x",
        "Don't wait, v3.2.1 costs 9.99. it's 'quoted' and 1,000,000 items",
        "a_b c''d #1st ##tag end. x",
    ] {
        let mut a = Scratch::new();
        tokenize(text, &mut a);
        let mut b = Scratch::new();
        tokenize(&format!("{text} é"), &mut b);
        let ta: Vec<_> = a
            .tokens
            .iter()
            .map(|t| (a.token_text(t).to_owned(), t.kind, t.hash))
            .collect();
        let tb: Vec<_> = b
            .tokens
            .iter()
            .take(ta.len())
            .map(|t| (b.token_text(t).to_owned(), t.kind, t.hash))
            .collect();
        assert_eq!(ta, tb, "{text}");
        assert_eq!(a.norm, b.norm[..a.norm.len()]);
        assert_eq!(a.stats.exclamations, b.stats.exclamations);
    }
}

#[test]
fn scratch_is_reused() {
    let mut s = Scratch::new();
    tokenize("a long first text with many words in it", &mut s);
    tokenize("short", &mut s);
    assert_eq!(s.norm, "short");
    assert_eq!(s.tokens.len(), 1);
}

#[test]
fn huge_inputs_are_bounded() {
    let mut s = Scratch::new();
    let text = "word ".repeat(200_000);
    tokenize(&text, &mut s);
    assert!(s.norm.len() <= MAX_CHARS + 10);
}

#[test]
fn odd_input_does_not_panic() {
    for t in [
        "",
        " ",
        "\u{0}\u{1}",
        "@",
        "#",
        "##tag",
        "http://",
        "'''",
        "🇩🇪",
        "e\u{301}",
        "İstanbul",
        "ǅ",
        "ß",
    ] {
        let mut s = Scratch::new();
        tokenize(t, &mut s);
    }
}
