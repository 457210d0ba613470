//! Properties of the parsers that read what strangers send: they never panic, signatures bind
//! the exact bytes, and line numbers survive bad lines.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

use chorus_core::Timestamp;
use chorus_listen::{email, feed, html, import, sse, webhook};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn untrusted_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = import::decode_json_line(&text);
        let _ = webhook::parse_payload(&bytes);
        let _ = email::parse_message(&bytes, Timestamp(1_800_000_000_000));
        let _ = feed::parse(&bytes, "https://example.com/feed", Timestamp(1_800_000_000_000));
        let _ = html::to_text(&text);
        let _ = email::strip_quoted(&text);
    }

    #[test]
    fn a_signature_binds_the_exact_body(
        secret in proptest::collection::vec(any::<u8>(), 1..40),
        body in proptest::collection::vec(any::<u8>(), 0..300),
        flip in any::<prop::sample::Index>(),
    ) {
        let header = webhook::sign(&secret, &body);
        prop_assert!(webhook::verify(&secret, &body, Some(&header)).is_ok());
        // (Appending zero bytes would not do: HMAC pads short keys with zeros.)
        let mut other_secret = secret.clone();
        other_secret[0] ^= 0x80;
        prop_assert!(webhook::verify(&other_secret, &body, Some(&header)).is_err());
        if !body.is_empty() {
            let mut tampered = body.clone();
            let i = flip.index(tampered.len());
            tampered[i] ^= 0x01;
            prop_assert!(webhook::verify(&secret, &tampered, Some(&header)).is_err());
        }
    }

    #[test]
    fn every_line_is_reported_once_with_its_number(
        good in proptest::collection::vec(any::<bool>(), 1..40),
    ) {
        let lines: Vec<String> = good
            .iter()
            .enumerate()
            .map(|(i, ok)| {
                if *ok {
                    serde_json::json!({
                        "channel": "import", "external_id": format!("x{i}"), "author": "a",
                        "text": format!("line {i}"), "created_at": "2026-11-20T10:00:00Z",
                    })
                    .to_string()
                } else {
                    format!("{{broken {i}")
                }
            })
            .collect();
        let file = lines.join("\n");
        let records: Vec<_> = import::jsonl(file.as_bytes()).collect();
        prop_assert_eq!(records.len(), good.len());
        for (i, (r, ok)) in records.iter().zip(&good).enumerate() {
            prop_assert_eq!(r.line, i as u64 + 1);
            prop_assert_eq!(r.result.is_ok(), *ok);
        }
    }

    #[test]
    fn events_do_not_depend_on_how_the_stream_is_chunked(
        events in proptest::collection::vec(("[a-z]{0,8}", "[ -~]{0,30}", any::<bool>()), 0..12),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
    ) {
        let mut stream = String::from(":thump\n");
        for (name, data, crlf) in &events {
            let nl = if *crlf { "\r\n" } else { "\n" };
            if !name.is_empty() {
                stream.push_str(&format!("event: {name}{nl}"));
            }
            stream.push_str(&format!("data: {data}{nl}{nl}"));
        }
        let bytes = stream.as_bytes();
        let mut whole = Vec::new();
        sse::Parser::new().feed(bytes, &mut whole).unwrap();
        prop_assert_eq!(whole.len(), events.len());
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        points.sort_unstable();
        let mut parser = sse::Parser::new();
        let mut chunked = Vec::new();
        let mut at = 0;
        for p in points.into_iter().chain([bytes.len()]) {
            parser.feed(&bytes[at..p], &mut chunked).unwrap();
            at = p;
        }
        prop_assert_eq!(chunked, whole);
    }
}
