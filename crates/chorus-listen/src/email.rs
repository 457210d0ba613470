//! Inbound e-mail: raw RFC 5322 messages (as inbound-mail services post them, or from an mbox
//! file) become mentions. The quoted history and signature of a reply are cut, so a thread's
//! mentions hold what each message added.

use std::io::BufRead;

use chorus_core::listen::{MAX_AUTHOR, MAX_EXTERNAL_ID};
use chorus_core::{Channel, NewMention, Timestamp};
use mail_parser::MessageParser;
use sha2::{Digest, Sha256};

/// Largest message accepted.
pub const MAX_MESSAGE: usize = 10 * 1024 * 1024;

/// A message that cannot become a mention.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Not an RFC 5322 message.
    #[error("not an e-mail message (RFC 5322): {0}")]
    Malformed(&'static str),
    /// A message with neither subject nor text.
    #[error("the message has no subject and no text")]
    Empty,
    /// Over the size limit.
    #[error("the message is larger than {MAX_MESSAGE} bytes")]
    TooLarge,
}

fn angle(s: &str) -> String {
    s.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

/// Drops quoted history ("> ..." lines, "On ... wrote:" and everything after, forwarded
/// originals) and the signature.
pub fn strip_quoted(body: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        let starts_quote = (t.starts_with("On ") && t.ends_with("wrote:"))
            || (t.starts_with("Am ") && t.ends_with("schrieb:"))
            || (t.starts_with("Le ") && t.ends_with("écrit :"))
            || t.starts_with("-----Original Message-----")
            || line == "-- ";
        if starts_quote {
            break;
        }
        if t.starts_with('>') {
            continue;
        }
        out.push(line.trim_end());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n").trim().to_owned()
}

/// The mention a raw message makes. Messages without a `Message-ID` are keyed by a hash of
/// their bytes, so redelivering the same message stays idempotent; undated ones get `now`.
pub fn parse_message(raw: &[u8], now: Timestamp) -> Result<NewMention, EmailError> {
    if raw.len() > MAX_MESSAGE {
        return Err(EmailError::TooLarge);
    }
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or(EmailError::Malformed("no headers could be read"))?;
    let from = msg.from().and_then(|a| a.first());
    let (name, address) = (
        from.and_then(|a| a.name())
            .map(str::trim)
            .filter(|n| !n.is_empty()),
        from.and_then(|a| a.address())
            .map(str::trim)
            .filter(|a| !a.is_empty()),
    );
    if address.is_none() && msg.subject().is_none() && msg.message_id().is_none() {
        return Err(EmailError::Malformed(
            "no From, Subject or Message-ID header",
        ));
    }
    let author = match (name, address) {
        (Some(n), Some(a)) => format!("{n} <{a}>"),
        (None, Some(a)) => a.to_owned(),
        (Some(n), None) => n.to_owned(),
        (None, None) => "unknown sender".to_owned(),
    };
    let subject = msg.subject().unwrap_or("").trim().to_owned();
    let body = msg
        .body_text(0)
        .map(|b| strip_quoted(&b))
        .unwrap_or_default();
    let mut text = subject.clone();
    if !body.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&body);
    }
    if text.trim().is_empty() {
        return Err(EmailError::Empty);
    }
    let external_id = msg
        .message_id()
        .map(angle)
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| {
            let digest = Sha256::digest(raw);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            format!("sha256:{hex}")
        });
    let in_reply_to = msg.in_reply_to().as_text().map(angle);
    let references: Vec<String> = match msg.references().as_text_list() {
        Some(list) => list.iter().map(|r| angle(r)).collect(),
        None => msg.references().as_text().map(angle).into_iter().collect(),
    };
    let conversation = references
        .first()
        .cloned()
        .or_else(|| in_reply_to.clone())
        .or_else(|| Some(external_id.clone()));
    let created_at = msg
        .date()
        .map(|d| Timestamp(d.to_timestamp().saturating_mul(1000)))
        .filter(|t| t.0 > 0)
        .unwrap_or(now);
    let clip = |s: String, n: usize| -> String { s.chars().take(n).collect() };
    NewMention {
        channel: Channel::Email,
        source_id: None,
        external_id: clip(external_id, MAX_EXTERNAL_ID),
        native_id: None,
        author,
        author_followers: 0,
        likes: 0,
        boosts: 0,
        replies: 0,
        text,
        url: String::new(),
        created_at,
        in_reply_to: in_reply_to.map(|r| clip(r, MAX_EXTERNAL_ID)),
        conversation: conversation.map(|c| clip(c, MAX_EXTERNAL_ID)),
        // A subject line is at most 998 characters (RFC 5322); longer is noise.
        meta: address.map(|a| {
            serde_json::json!({ "reply_to": clip(a.to_string(), MAX_AUTHOR), "subject": clip(subject.to_string(), 998) })
                .to_string()
        }),
    }
    .fit()
    .ok_or(EmailError::Malformed("a message id that cannot be used"))
}

/// The raw messages of an mbox file (`>From ` quoting undone).
pub fn mbox_messages<R: BufRead>(reader: R) -> impl Iterator<Item = std::io::Result<Vec<u8>>> {
    mail_parser::mailbox::mbox::MessageIterator::new(reader).map(|m| m.map(|m| m.unwrap_contents()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_763_632_800_000);

    const REPLY: &str = "From: Jane Doe <jane@example.com>\r\nTo: support@acme.test\r\n\
Subject: Re: Order 1234 never arrived\r\nMessage-ID: <m2@example.com>\r\n\
In-Reply-To: <m1@acme.test>\r\nReferences: <m0@example.com> <m1@acme.test>\r\n\
Date: Thu, 20 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Still nothing. Third week without my parcel.\r\n\r\nOn Wed, 19 Nov 2026, Acme wrote:\r\n> We are sorry\r\n";

    #[test]
    fn a_reply_becomes_a_threaded_mention() {
        let m = parse_message(REPLY.as_bytes(), NOW).unwrap();
        assert_eq!(m.external_id, "m2@example.com");
        assert_eq!(m.author, "Jane Doe <jane@example.com>");
        assert_eq!(
            m.text,
            "Re: Order 1234 never arrived\n\nStill nothing. Third week without my parcel."
        );
        assert_eq!(m.in_reply_to.as_deref(), Some("m1@acme.test"));
        assert_eq!(m.conversation.as_deref(), Some("m0@example.com"));
        assert_eq!(m.created_at.rfc3339(), "2026-11-20T10:00:00Z");
    }

    #[test]
    fn encoded_headers_and_missing_ids() {
        let raw = "From: =?UTF-8?Q?Ren=C3=A9?= <rene@example.fr>\nSubject: =?UTF-8?B?w4dhIG5lIG1hcmNoZSBwYXM=?=\n\nLe paiement échoue.\n";
        let m = parse_message(raw.as_bytes(), NOW).unwrap();
        assert_eq!(m.author, "René <rene@example.fr>");
        assert!(m.text.starts_with("Ça ne marche pas"), "{}", m.text);
        assert!(m.external_id.starts_with("sha256:"));
        assert_eq!(m.created_at, NOW);
        // The same bytes give the same key.
        assert_eq!(
            parse_message(raw.as_bytes(), NOW).unwrap().external_id,
            m.external_id
        );
    }

    #[test]
    fn garbage_is_refused() {
        assert!(parse_message(b"", NOW).is_err());
        assert!(parse_message(b"just some words without headers", NOW).is_err());
        assert_eq!(
            parse_message(b"From: a@b.c\nSubject:\n\n\n", NOW),
            Err(EmailError::Empty)
        );
    }

    #[test]
    fn mbox_files_split_into_messages() {
        let mbox = format!(
            "From jane@example.com Thu Nov 20 10:00:00 2026\n{}\nFrom bob@example.com Thu Nov 20 11:00:00 2026\nFrom: bob@example.com\nSubject: hi\nMessage-ID: <b@x>\n\n>From the start it failed\n",
            REPLY.replace("\r\n", "\n")
        );
        let msgs: Vec<Vec<u8>> = mbox_messages(mbox.as_bytes()).map(Result::unwrap).collect();
        assert_eq!(msgs.len(), 2);
        let second = parse_message(&msgs[1], NOW).unwrap();
        assert!(
            second.text.contains("From the start it failed"),
            "{}",
            second.text
        );
    }
}
