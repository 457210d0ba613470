//! Tests of word filters, link and image counts, the gate and trust levels.

use super::trust::DAY_MS;
use super::*;
use crate::time::Timestamp;

fn filters(list: &[(&str, FilterAction)]) -> Filters {
    Filters::new(
        list.iter()
            .enumerate()
            .map(|(i, (p, a))| FilterRule {
                id: i64::try_from(i).unwrap_or(0) + 1,
                pattern: (*p).to_owned(),
                action: *a,
                replacement: "■■■".into(),
            })
            .collect(),
    )
}

fn obvious() -> Filters {
    filters(&[
        ("cunt", FilterAction::Hold),
        ("ass", FilterAction::Hold),
        ("twat", FilterAction::Hold),
        ("shit", FilterAction::Replace),
        ("crap", FilterAction::Flag),
        ("tit", FilterAction::Hold),
        ("cock", FilterAction::Hold),
        ("dick", FilterAction::Hold),
        ("penis", FilterAction::Hold),
        ("sex", FilterAction::Hold),
        ("cum", FilterAction::Hold),
        ("rape", FilterAction::Hold),
        ("anal", FilterAction::Hold),
        ("arse", FilterAction::Hold),
        ("hell", FilterAction::Hold),
        ("idiot*", FilterAction::Hold),
        ("buy followers", FilterAction::Block),
    ])
}

#[test]
fn the_scunthorpe_list_passes() {
    let f = obvious();
    for text in [
        "Scunthorpe United fans, the sync works in Scunthorpe too.",
        "The classic theme is back, thanks!",
        "My smartwatch does not pair.",
        "Assassin's Creed save files vanish after sync",
        "Penistone and Middlesex and Essex and Sussex offices",
        "A cocktail party, a cockpit, Dickens, a title, a petition.",
        "Under the circumstances, document the analysis.",
        "A therapist, grapefruit and a skyscraper.",
        "Shiitake mushrooms and a scrapbook.",
        "Arsenal won; hello, shell, Michelle.",
        "Pass the class; assess the assets; embarrassed.",
        "Constitution, titanic, competition, Matsushita.",
    ] {
        let out = f.check(text);
        assert!(out.hits.is_empty(), "{text:?} matched {:?}", out.hits);
        assert_eq!(out.replaced, None);
    }
}

#[test]
fn obvious_words_and_disguises_match() {
    let f = obvious();
    for (text, word) in [
        ("you absolute twat", "twat"),
        ("what a TWAT.", "TWAT"),
        ("you're an idiot", "idiot"),
        ("idiots, all of you", "idiots"),
        ("this is sh1t", "sh1t"),
        ("this is sh!t", "sh!t"),
        ("you c*nt", ""),
        ("t w a t", "t w a t"),
        ("what a t w a t", "t w a t"),
        ("t.w.a.t", "t.w.a.t"),
        ("twaaaat", "twaaaat"),
        ("ïdiot", "ïdiot"),
    ] {
        let out = f.check(text);
        if word.is_empty() {
            // `c*nt` has a symbol we do not guess; documented as a limit of word filters.
            continue;
        }
        assert!(
            out.hits.iter().any(|h| h.matched == word),
            "{text:?}: {:?}",
            out.hits
        );
    }
}

#[test]
fn punctuation_after_a_word_is_not_a_letter() {
    let f = filters(&[("greati", FilterAction::Hold), ("hi", FilterAction::Hold)]);
    assert!(f.check("This is great!").hits.is_empty());
    assert!(f.check("Thanks!!").hits.is_empty());
    let f = filters(&[("ass", FilterAction::Hold)]);
    assert!(
        f.check("as fast as before").hits.is_empty(),
        "shorter words never match"
    );
    assert_eq!(f.check("asssss").hits.len(), 1);
}

#[test]
fn numbers_stay_numbers() {
    let f = filters(&[("ios", FilterAction::Hold)]);
    assert!(f.check("version 105 is out").hits.is_empty());
    assert_eq!(f.check("i0s is broken").hits.len(), 1);
}

#[test]
fn phrases_match_consecutive_words() {
    let f = obvious();
    let out = f.check("Buy followers cheap at example.com");
    assert_eq!(out.strongest(), Some(FilterAction::Block));
    assert!(
        f.check("I did not buy anything; followers are fine")
            .hits
            .is_empty()
    );
}

#[test]
fn replace_keeps_the_rest_of_the_text() {
    let f = obvious();
    let out = f.check("This update is shit. Really SHIT!");
    assert_eq!(
        out.replaced.as_deref(),
        Some("This update is ■■■. Really ■■■!")
    );
    assert_eq!(out.strongest(), None, "replace alone publishes");
    let out = f.check("Fine, just crap");
    assert_eq!(out.strongest(), Some(FilterAction::Flag));
    assert_eq!(out.replaced, None);
}

#[test]
fn multibyte_text_never_panics() {
    let f = obvious();
    for text in [
        "",
        "é",
        "日本語のテキスト",
        "🙂 t 🙂 w a t",
        "a\u{0}b",
        "ﬁ ﬂ",
        "İstanbul",
    ] {
        let _ = f.check(text);
    }
    assert_eq!(f.check("🙂 t w a t 🙂").hits.len(), 1);
}

#[test]
fn patterns_are_checked() {
    assert!(check_pattern("idiot*").is_ok());
    assert!(check_pattern("buy followers").is_ok());
    assert!(check_pattern("").is_err());
    assert!(check_pattern("*").is_err());
    assert!(check_pattern("a*").is_err());
    assert!(check_pattern("id*ot").is_err());
}

#[test]
fn links_and_images_are_counted() {
    assert_eq!(count_links("no links here"), 0);
    assert_eq!(
        count_links("see https://a.example/x and https://a.example/x and http://b.example"),
        2
    );
    assert_eq!(
        count_links("www.example.com and https://www.other.example"),
        2
    );
    assert_eq!(count_images("<p><img src=\"a\"><img src=\"b\"></p>"), 2);
}

fn screening() -> Screening {
    Screening {
        staff: false,
        abusive: false,
        sentiment: 0.0,
        complaint: false,
        filter: None,
        spam: false,
        prioritise_below: -0.5,
    }
}

#[test]
fn anger_is_prioritised_and_abuse_is_held() {
    let furious = Screening {
        sentiment: -0.9,
        complaint: true,
        ..screening()
    };
    assert_eq!(
        gate(&furious),
        Verdict::Publish {
            prioritise: true,
            flag: false
        }
    );
    let abusive = Screening {
        abusive: true,
        ..furious
    };
    assert_eq!(gate(&abusive), Verdict::Hold(HoldReason::Abuse));
    assert_eq!(
        gate(&Screening {
            staff: true,
            ..abusive
        }),
        Verdict::Publish {
            prioritise: false,
            flag: false
        },
        "staff are not held"
    );
    assert_eq!(
        gate(&Screening {
            spam: true,
            ..screening()
        }),
        Verdict::Hold(HoldReason::Spam)
    );
    assert_eq!(
        gate(&Screening {
            filter: Some(FilterAction::Block),
            staff: true,
            ..screening()
        }),
        Verdict::Block
    );
}

#[test]
fn trust_rises_with_constructive_participation() {
    let day = DAY_MS;
    let now = Timestamp(100 * day);
    let mut p = Participation {
        joined: Timestamp(now.0 - 2 * day),
        visible_posts: 3,
        ..Participation::default()
    };
    assert_eq!(earned(&p, now), TrustLevel::Basic);
    p.joined = Timestamp(now.0 - day / 2);
    assert_eq!(earned(&p, now), TrustLevel::New, "needs a day");
    p.joined = Timestamp(now.0 - 10 * day);
    p.visible_posts = 16;
    p.accepted_answers = 1;
    assert_eq!(earned(&p, now), TrustLevel::Member);
    p.upheld_actions = 1;
    assert_eq!(
        earned(&p, now),
        TrustLevel::New,
        "an upheld report stops it"
    );
    p.upheld_actions = 0;
    p.abusive_posts = 2;
    assert_eq!(earned(&p, now), TrustLevel::New);
    assert_eq!(TrustLevel::from_number(7), TrustLevel::Trusted);
    assert_eq!("2".parse::<TrustLevel>(), Ok(TrustLevel::Member));
    assert_eq!("trusted".parse::<TrustLevel>(), Ok(TrustLevel::Trusted));
}
