//! The bodies of the fuzz targets in `fuzz/`, one function per parser that takes outside
//! input. They live here, not in the fuzz crate, so that the corpora the fuzzer builds are also
//! replayed as ordinary tests (`crates/chorus/tests/fuzz_corpus.rs`) on stable Rust in CI:
//! every input the fuzzer ever kept is checked on every run.
//!
//! Each function must not panic on any input, and checks what must hold of the output: every
//! mention that comes out is within the bounds validation promises.

use chorus_core::{Channel, NewMention, Timestamp};

const NOW: Timestamp = Timestamp(1_800_000_000_000);

fn check(m: &NewMention) {
    if let Err(field) = m.within_bounds() {
        panic!("{field} out of bounds in {m:?}");
    }
}

/// RSS, Atom and JSON Feed documents.
pub fn feed(data: &[u8]) {
    if let Ok(mentions) = crate::feed::parse(data, "https://feed.example/rss", NOW) {
        mentions.iter().for_each(check);
    }
}

/// Raw RFC 5322 messages (inbound e-mail).
pub fn email(data: &[u8]) {
    if let Ok(m) = crate::email::parse_message(data, NOW) {
        check(&m);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::email::strip_quoted(text);
    }
}

/// Webhook bodies, then validation as the ingest door does it.
pub fn webhook(data: &[u8]) {
    if let Ok(inputs) = crate::webhook::parse_payload(data) {
        for i in inputs {
            if let Ok(m) = i.validate(Channel::SOURCES) {
                check(&m);
            }
        }
    }
}

/// JSON Lines, CSV and mbox imports.
pub fn import(data: &[u8]) {
    for r in crate::import::jsonl(data) {
        if let Ok(i) = r.result
            && let Ok(m) = i.validate(Channel::ALL)
        {
            check(&m);
        }
    }
    if let Ok(records) = crate::import::csv(data) {
        for r in records {
            if let Ok(i) = r.result
                && let Ok(m) = i.validate(Channel::ALL)
            {
                check(&m);
            }
        }
    }
    for raw in crate::email::mbox_messages(data).take(1_000).flatten() {
        if let Ok(m) = crate::email::parse_message(&raw, NOW) {
            check(&m);
        }
    }
}

/// A page of Mastodon statuses (a timeline or search answer) and streaming events.
pub fn mastodon(data: &[u8]) {
    if let Ok(statuses) = serde_json::from_slice::<Vec<crate::mastodon::Status>>(data) {
        for s in &statuses {
            if let Ok(m) = crate::mastodon::mention_of(s, "m.example") {
                check(&m);
            }
        }
    }
    if let Ok(s) = serde_json::from_slice::<crate::mastodon::Status>(data)
        && let Ok(m) = crate::mastodon::mention_of(&s, "m.example")
    {
        check(&m);
    }
}

/// A Bluesky Jetstream event, with and without an author profile.
pub fn bluesky(data: &[u8]) {
    let profile = serde_json::from_slice::<crate::bluesky::Profile>(data).ok();
    if let Ok(e) = serde_json::from_slice::<crate::bluesky::Event>(data)
        && let Some(post) = crate::bluesky::post_of(&e)
    {
        crate::bluesky::mention_of(&post, None)
            .iter()
            .chain(&crate::bluesky::mention_of(&post, profile.as_ref()))
            .for_each(check);
    }
}

/// The brand query language of sources and routing rules.
pub fn query(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(q) = chorus_core::query::Query::parse(text)
    {
        let doc = chorus_core::query::MatchDoc::new("acme checkout is broken #acme", "@jane");
        let _ = q.matches(&doc);
        let _ = q.search_terms();
        let _ = q.positive_hashtags();
        // What parses prints back into something that parses the same way.
        let again = chorus_core::query::Query::parse(q.as_str());
        assert!(again.is_ok(), "{text:?} printed as {:?}", q.as_str());
    }
}
