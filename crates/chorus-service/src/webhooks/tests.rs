//! Unit tests of the pieces that need no database: signatures, the private-address check, the
//! Slack body and message ids.

use super::delivery::slack_body;
use super::*;

#[test]
fn signatures_follow_the_standard_webhooks_example() {
    // The example of the Standard Webhooks specification.
    let sig = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1_614_265_330,
        r#"{"test": 2432232314}"#,
    )
    .unwrap();
    assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

#[test]
fn private_addresses_are_recognised() {
    for ip in [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "::",
    ] {
        assert!(is_private(ip.parse().unwrap()), "{ip}");
    }
    for ip in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"] {
        assert!(!is_private(ip.parse().unwrap()), "{ip}");
    }
}

#[test]
fn slack_text_cannot_ping_a_channel_or_fake_a_link() {
    let payload = serde_json::json!({"type": "topic.created", "data": {
        "title": "x> <!channel> <https://evil.example/login|Reset", "url": "https://hub/t/1"}})
    .to_string();
    let body: serde_json::Value = serde_json::from_str(&slack_body(&payload)).unwrap();
    let text = body["text"].as_str().unwrap();
    assert!(
        !text.contains("<!channel>") && !text.contains("<https://evil"),
        "{text}"
    );
    assert!(
        text.starts_with("*topic.created*: <https://hub/t/1|"),
        "{text}"
    );
}

#[test]
fn the_same_occurrence_has_the_same_message_id() {
    assert_eq!(
        message_id("case.opened", "case-1"),
        message_id("case.opened", "case-1")
    );
    assert_ne!(
        message_id("case.opened", "case-1"),
        message_id("case.opened", "case-2")
    );
    assert!(message_id("a", "b").starts_with("msg_"));
}
