//! Tests of the query language: parsing, its limits and errors, and matching posts, kept
//! apart so the parser and matcher read on their own.

use super::*;

fn m(q: &str, text: &str) -> bool {
    Query::parse(q)
        .unwrap()
        .matches(&MatchDoc::new(text, "someone"))
}

#[test]
fn words_are_whole_and_case_insensitive() {
    assert!(m("login", "Login failed again"));
    assert!(!m("login", "logins are slow"));
    assert!(m("login*", "logins are slow"));
    assert!(m("can't", "I can’t sign in"));
}

#[test]
fn boolean_operators_and_precedence() {
    assert!(m("acme AND broken", "acme is broken"));
    assert!(m("acme broken", "acme is broken"));
    assert!(!m("acme broken", "acme is fine"));
    assert!(m("acme OR globex", "globex rocks"));
    // AND binds tighter than OR.
    assert!(m("acme broken OR globex", "globex is fine"));
    assert!(!m("acme (broken OR down)", "acme is fine"));
    assert!(m("acme (broken OR down)", "acme is down"));
    assert!(!m("acme NOT giveaway", "acme giveaway now"));
    assert!(!m("acme -giveaway", "acme giveaway now"));
    assert!(m("NOT giveaway", "anything else"));
    assert!(
        m("acme and", "acme and friends"),
        "lower-case and is a word"
    );
}

#[test]
fn phrases_hashtags_accounts() {
    assert!(m("\"log in\"", "I cannot log in since Tuesday"));
    assert!(!m("\"log in\"", "in the log I see"));
    assert!(m("#acmefail", "why #AcmeFail again,"));
    assert!(!m("#acme", "acme without hash"));
    assert!(m("acme", "#acme is down"), "a word matches a hashtag");
    assert!(m("@acme", "hey @acme@mastodon.social help"));
    assert!(m("@acme", "hey @Acme: help"));
    assert!(!m("@acme@other.example", "hey @acme@mastodon.social help"));
    let q = Query::parse("@jane").unwrap();
    assert!(q.matches(&MatchDoc::new("hello", "jane@example.social")));
}

#[test]
fn extracts_what_networks_can_search() {
    let q = Query::parse("(#acme OR #acmehelp) broken \"log in\" NOT #giveaway @acme").unwrap();
    assert_eq!(q.positive_hashtags(), vec!["acme", "acmehelp"]);
    assert_eq!(q.positive_accounts(), vec!["acme"]);
    assert_eq!(q.search_terms(), "#acme #acmehelp broken \"log in\"");
}

#[test]
fn errors_have_positions() {
    let e = Query::parse("acme AND").unwrap_err();
    assert_eq!(e.position, 8);
    let e = Query::parse("(acme OR globex").unwrap_err();
    assert!(e.message.to_string().contains("unbalanced"), "{e}");
    assert_eq!(e.position, 0);
    let e = Query::parse("acme)").unwrap_err();
    assert!(e.message.to_string().contains("unexpected )"), "{e}");
    assert_eq!(e.position, 4);
    assert!(
        Query::parse("\"open")
            .unwrap_err()
            .message
            .to_string()
            .contains("quote")
    );
    assert!(Query::parse("()").is_err());
    assert!(Query::parse("OR acme").is_err());
    assert!(Query::parse("# alone").is_err());
    assert!(Query::parse(&"a ".repeat(600)).is_err());
    assert!(Query::parse(&"(".repeat(40)).is_err());
    assert!(Query::parse(&"x ".repeat(101)).is_err());
}

#[test]
fn empty_query_matches_everything() {
    let q = Query::parse("  ").unwrap();
    assert!(q.is_empty());
    assert!(q.matches(&MatchDoc::new("whatever", "")));
}
