use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Message id (or `id.attribute`) → the variables it uses.
type Shape = BTreeMap<String, BTreeSet<String>>;

fn shape(area: &str, lang: &str, src: &str) -> Shape {
    let res = match fluent_syntax::parser::parse(src) {
        Ok(r) => r,
        Err((_, errs)) => panic!("{lang}/{area}.ftl does not parse: {errs:?}"),
    };
    let mut out = Shape::new();
    for entry in res.body {
        let ast::Entry::Message(m) = entry else {
            if let ast::Entry::Junk { content } = entry {
                panic!("{lang}/{area}.ftl has junk: {content}");
            }
            continue;
        };
        let id = m.id.name.to_owned();
        if let Some(v) = &m.value {
            let mut vars = BTreeSet::new();
            pattern_vars(v, &mut vars);
            out.insert(id.clone(), vars);
        }
        for a in &m.attributes {
            let mut vars = BTreeSet::new();
            pattern_vars(&a.value, &mut vars);
            out.insert(format!("{id}.{}", a.id.name), vars);
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_vars(expression, vars);
        }
    }
}

fn expr_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for (area, files) in CATALOGUES {
        let en = shape(area, "en", files[0]);
        assert!(!en.is_empty(), "en/{area}.ftl is empty");
        for id in en.keys() {
            if let Some(other) = seen.insert(id.clone(), area) {
                problems.push(format!("{id} is defined in both {other} and {area}"));
            }
        }
        for (i, locale) in Locale::ALL.iter().enumerate().skip(1) {
            let lang = locale.tag();
            let tr = shape(area, lang, files[i]);
            for (id, vars) in &en {
                match tr.get(id) {
                    None => problems.push(format!("{lang}/{area}.ftl lacks {id}")),
                    Some(v) if v != vars => problems.push(format!(
                        "{lang}/{area}.ftl: {id} uses {v:?}, English uses {vars:?}"
                    )),
                    Some(_) => {}
                }
            }
            for id in tr.keys().filter(|id| !en.contains_key(*id)) {
                problems.push(format!(
                    "{lang}/{area}.ftl has {id}, which English does not"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn translations_are_translated() {
    // A catalogue copied from English would pass the shape test; names, codes and words that
    // are the same in both languages are a small share.
    for (i, locale) in Locale::ALL.iter().enumerate().skip(1) {
        let (mut same, mut total) = (0usize, 0usize);
        for (area, files) in CATALOGUES {
            let en = fluent_syntax::parser::parse(files[0]).unwrap();
            let tr = fluent_syntax::parser::parse(files[i]).unwrap();
            let text = |r: &ast::Resource<&str>| -> BTreeMap<String, String> {
                r.body
                    .iter()
                    .filter_map(|e| match e {
                        ast::Entry::Message(m) => {
                            Some((m.id.name.to_owned(), format!("{:?}", m.value)))
                        }
                        _ => None,
                    })
                    .collect()
            };
            let (en, tr) = (text(&en), text(&tr));
            for (id, v) in &en {
                total += 1;
                if tr.get(id) == Some(v) {
                    same += 1;
                }
            }
            let _ = area;
        }
        assert!(
            same * 100 <= total * 15,
            "{}: {same} of {total} messages are the English text",
            locale.tag()
        );
    }
}

#[test]
fn negotiation_prefers_the_member_then_the_pick_then_the_browser() {
    assert_eq!(
        choose(Some("fr"), Some("de"), Some("es"), Locale::En),
        Locale::Fr
    );
    assert_eq!(choose(None, Some("de"), Some("es"), Locale::En), Locale::De);
    assert_eq!(
        choose(None, None, Some("es-MX,en;q=0.5"), Locale::En),
        Locale::Es
    );
    assert_eq!(
        choose(Some("xx"), Some("zz"), Some("ja"), Locale::De),
        Locale::De
    );
    assert_eq!(choose(None, None, None, Locale::Fr), Locale::Fr);
}

#[test]
fn accept_language_weights() {
    assert_eq!(Locale::from_accept_language("de"), Some(Locale::De));
    assert_eq!(
        Locale::from_accept_language("ja, fr;q=0.4, de;q=0.8"),
        Some(Locale::De)
    );
    assert_eq!(
        Locale::from_accept_language("fr-CA;q=0.9, es;q=0.9"),
        Some(Locale::Fr)
    );
    assert_eq!(Locale::from_accept_language("de;q=0, *;q=0.1"), None);
    assert_eq!(
        Locale::from_accept_language("de;q=garbage, es;q=0.2"),
        Some(Locale::Es)
    );
    assert_eq!(Locale::from_accept_language(""), None);
    assert_eq!(Locale::from_accept_language(",,;;q=;"), None);
}

#[test]
fn plurals_follow_each_language() {
    let en = Tr::new(Locale::En);
    let fr = Tr::new(Locale::Fr);
    assert_eq!(en.n("time-ago-minutes", 1), "1 minute ago");
    assert_eq!(en.n("time-ago-minutes", 5), "5 minutes ago");
    assert_ne!(fr.n("time-ago-hours", 1), fr.n("time-ago-hours", 2));
    assert_eq!(en.relative(0, 3 * 3_600_000), "3 hours ago");
    assert_eq!(en.relative(2 * 86_400_000, 0), "in 2 days");
    assert_eq!(en.relative(0, 10_000), en.t("time-now"));
}

#[test]
fn numbers_are_grouped_for_the_reader() {
    assert_eq!(Tr::new(Locale::En).number(1_234_567), "1,234,567");
    assert_eq!(Tr::new(Locale::De).number(1_234_567), "1.234.567");
    assert_eq!(
        Tr::new(Locale::Fr).number(1_234_567),
        "1\u{202f}234\u{202f}567"
    );
    assert_eq!(Tr::new(Locale::Es).number(1234), "1234");
    assert_eq!(Tr::new(Locale::Es).number(12_345), "12.345");
    assert_eq!(Tr::new(Locale::En).number(-5), "-5");
}

#[test]
fn fractions_take_the_readers_decimal_mark() {
    assert_eq!(Tr::new(Locale::En).fixed(0.354, 2, true), "+0.35");
    assert_eq!(Tr::new(Locale::De).fixed(-0.354, 2, true), "-0,35");
    assert_eq!(Tr::new(Locale::Fr).fixed(0.15, 2, false), "0,15");
}

#[test]
fn reach_is_compact() {
    let en = Tr::new(Locale::En);
    let de = Tr::new(Locale::De);
    assert_eq!(en.compact(950), "950");
    assert_eq!(en.compact(1000), "1k");
    assert_eq!(en.compact(1234), "1.2k");
    assert_eq!(de.compact(1234), "1,2\u{a0}k");
    assert_eq!(en.compact(12_345), "12k");
    assert_eq!(en.compact(999_999), "1M");
    assert_eq!(en.compact(999_450), "1M");
    assert_eq!(en.compact(999_449), "999k");
    assert_eq!(en.compact(1_049_999), "1M");
    assert_eq!(en.compact(1_050_000), "1.1M");
    assert_eq!(en.compact(9_960), "10k");
    assert_eq!(en.compact(1_234_567), "1.2M");
    assert_eq!(en.compact(3_400_000_000), "3.4B");
    assert_eq!(en.compact(-1234), "-1.2k");
    assert_eq!(en.compact(i64::MIN), "-9223372037B");
}

#[test]
fn times_are_written_for_the_reader() {
    // 2026-12-07 04:05 UTC
    let t = 1_796_616_300_000;
    assert_eq!(Tr::new(Locale::En).datetime(t), "7 Dec 2026, 04:05 UTC");
    assert_eq!(Tr::new(Locale::De).datetime(t), "07.12.2026, 04:05 UTC");
    assert_eq!(Tr::new(Locale::Fr).date(t), "07/12/2026");
    assert_eq!(Tr::new(Locale::En).datetime(i64::MAX), i64::MAX.to_string());
}

#[test]
fn a_missing_message_shows_its_id() {
    assert_eq!(Tr::new(Locale::De).t("no-such-message"), "no-such-message");
}
