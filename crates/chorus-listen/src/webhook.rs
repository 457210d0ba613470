//! Signed webhooks: any network without a Chorus client can reach a hub through a relay that
//! posts mentions as JSON, signed with HMAC-SHA256 over the raw body with the source's secret.
//!
//! The signature travels as `X-Chorus-Signature: sha256=<hex>` (GitHub's
//! `X-Hub-Signature-256` is accepted too, so existing relays work unchanged). The body is one
//! mention object, an array of them, or `{"mentions": [...]}`, each with the fields of
//! [`chorus_core::MentionInput`]; a missing `channel` means `webhook`.

use chorus_core::MentionInput;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Headers that may carry the signature, in order of preference (lower-case).
pub const SIGNATURE_HEADERS: [&str; 2] = ["x-chorus-signature", "x-hub-signature-256"];
/// Most mentions in one webhook call.
pub const MAX_ITEMS: usize = 1_000;

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No signature header.
    #[error("the request is not signed: send X-Chorus-Signature: sha256=<hex HMAC of the body>")]
    Missing,
    /// Not `sha256=<64 hex digits>`.
    #[error("the signature is not of the form sha256=<64 hex digits>")]
    Malformed,
    /// The HMAC does not match.
    #[error("the signature does not match the body")]
    Mismatch,
}

/// Why a payload was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    /// Not JSON of an accepted shape.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// Too many items.
    #[error("more than {MAX_ITEMS} mentions in one call")]
    TooMany,
    /// No items.
    #[error("no mentions in the payload")]
    Empty,
}

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so the error branch is never taken.
    HmacSha256::new_from_slice(secret)
        .unwrap_or_else(|_| <HmacSha256 as KeyInit>::new(&Default::default()))
}

/// The signature header value for `body`: `sha256=<hex>`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut m = mac(secret);
    m.update(body);
    let tag = m.finalize().into_bytes();
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// Checks a signature header against `body` in constant time.
pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or(SignatureError::Missing)?;
    let hex = header
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    let expected = unhex(&hex.to_ascii_lowercase()).ok_or(SignatureError::Malformed)?;
    let mut m = mac(secret);
    m.update(body);
    m.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The mentions of a webhook body.
pub fn parse_payload(body: &[u8]) -> Result<Vec<MentionInput>, PayloadError> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Many(Vec<MentionInput>),
        Wrapped { mentions: Vec<MentionInput> },
        One(Box<MentionInput>),
    }
    let shape: Shape = serde_json::from_slice(body).map_err(|e| {
        // Untagged enums hide the reason; parse as a generic value to report syntax errors.
        match serde_json::from_slice::<serde_json::Value>(body) {
            Err(syntax) => PayloadError::Json(syntax.to_string()),
            Ok(_) => PayloadError::Json(format!(
                "expected a mention object, an array of them or {{\"mentions\": [...]}} ({e})"
            )),
        }
    })?;
    let mut items = match shape {
        Shape::Many(v) | Shape::Wrapped { mentions: v } => v,
        Shape::One(m) => vec![*m],
    };
    if items.is_empty() {
        return Err(PayloadError::Empty);
    }
    if items.len() > MAX_ITEMS {
        return Err(PayloadError::TooMany);
    }
    for m in &mut items {
        if m.channel.trim().is_empty() {
            m.channel = "webhook".to_owned();
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_round_trip_and_reject_tampering() {
        let body = br#"{"external_id":"1","text":"hi","created_at":"2026-11-20T10:00:00Z"}"#;
        let sig = sign(b"s3cret", body);
        assert!(sig.starts_with("sha256=") && sig.len() == 71);
        assert_eq!(verify(b"s3cret", body, Some(&sig)), Ok(()));
        assert_eq!(
            verify(
                b"s3cret",
                body,
                Some(&sig.to_uppercase().replace("SHA256=", "sha256="))
            ),
            Ok(())
        );
        assert_eq!(
            verify(b"other", body, Some(&sig)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"s3cret", b"{}", Some(&sig)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(verify(b"s3cret", body, None), Err(SignatureError::Missing));
        assert_eq!(
            verify(b"s3cret", body, Some("sha1=abc")),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(b"s3cret", body, Some("sha256=zz")),
            Err(SignatureError::Malformed)
        );
        // A known vector (RFC 4231 test case 2).
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn payload_shapes() {
        let one = br#"{"external_id":"1","text":"a","created_at":"2026-11-20T10:00:00Z"}"#;
        let v = parse_payload(one).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].channel, "webhook");
        let many = br#"[{"channel":"mastodon","external_id":"1"},{"external_id":"2"}]"#;
        assert_eq!(parse_payload(many).unwrap()[0].channel, "mastodon");
        let wrapped = br#"{"mentions":[{"external_id":"1"}]}"#;
        assert_eq!(parse_payload(wrapped).unwrap().len(), 1);
        assert!(matches!(
            parse_payload(b"{nope"),
            Err(PayloadError::Json(_))
        ));
        assert!(matches!(parse_payload(b"[]"), Err(PayloadError::Empty)));
        assert!(matches!(
            parse_payload(br#"{"bogus":1}"#),
            Err(PayloadError::Json(_))
        ));
    }
}
