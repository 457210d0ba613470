//! Chorus channels: how mentions come in from networks, relays and files, and how replies go
//! back out.
//!
//! One module per channel. Each turns what its network speaks (Mastodon's REST and streaming
//! APIs, Bluesky's Jetstream and XRPC, RSS/Atom/JSON Feed, RFC 5322 e-mail, signed webhooks,
//! JSON Lines/CSV/mbox files) into validated [`chorus_core::NewMention`]s, and reports failures
//! as a [`ListenError`] that says whether and when to try again. Nothing here touches the
//! database or decides what to keep: the service layer owns checkpoints, the pipeline and
//! storage, so these clients can be tested against small local servers that speak the same
//! protocols.

pub mod bluesky;
mod count;
pub mod email;
pub mod feed;
pub mod fuzzing;
pub mod html;
mod http;
pub mod import;
pub mod mastodon;
pub mod sse;
pub mod webhook;

pub use http::{ListenError, client, install_crypto};

/// Compares two numeric ids given as decimal strings (Mastodon's snowflake ids), without
/// overflow: a longer id is larger.
pub fn id_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The newest of two optional ids by [`id_cmp`].
pub fn newest_id(a: Option<String>, b: &str) -> Option<String> {
    match a {
        Some(a) if id_cmp(&a, b).is_ge() => Some(a),
        _ => Some(b.to_owned()),
    }
}
