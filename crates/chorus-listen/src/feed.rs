//! RSS, Atom and JSON Feed polling with conditional GET: the server's `ETag` and
//! `Last-Modified` are sent back as `If-None-Match` and `If-Modified-Since`, so an unchanged
//! feed costs one `304 Not Modified`.

use chorus_core::{Channel, NewMention, Timestamp};
use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use serde::{Deserialize, Serialize};

use crate::http::{check, read_limited};
use crate::{ListenError, html};

/// Largest feed accepted.
pub const MAX_FEED: usize = 10 * 1024 * 1024;

/// What the server said about the version we have.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Validators {
    /// `ETag` of the last fetched version.
    pub etag: Option<String>,
    /// `Last-Modified` of the last fetched version.
    pub last_modified: Option<String>,
}

/// The result of a poll.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// Nothing changed since the validators were issued.
    NotModified,
    /// The feed, with new validators.
    Feed {
        /// Its entries as mentions.
        mentions: Vec<NewMention>,
        /// Validators to send next time.
        validators: Validators,
    },
}

/// Fetches `url`, conditionally on `validators`.
pub async fn fetch(
    client: &reqwest::Client,
    url: &str,
    validators: &Validators,
    now: Timestamp,
) -> Result<Fetched, ListenError> {
    let mut req = client.get(url).header(
        reqwest::header::ACCEPT,
        "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8",
    );
    if let Some(e) = &validators.etag {
        req = req.header(IF_NONE_MATCH, e);
    }
    if let Some(m) = &validators.last_modified {
        req = req.header(IF_MODIFIED_SINCE, m);
    }
    let resp = check(req.send().await?).await?;
    if resp.status() == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let next = Validators {
        etag: header(ETAG),
        last_modified: header(LAST_MODIFIED),
    };
    let body = read_limited(resp, MAX_FEED).await?;
    Ok(Fetched::Feed {
        mentions: parse(&body, url, now)?,
        validators: next,
    })
}

/// The entries of a feed document as mentions. Entries without a date are dated `now`.
pub fn parse(bytes: &[u8], feed_url: &str, now: Timestamp) -> Result<Vec<NewMention>, ListenError> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|e| ListenError::Protocol(format!("not an RSS, Atom or JSON feed: {e}")))?;
    let feed_title = feed
        .title
        .as_ref()
        .map(|t| html::to_text(&t.content))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(feed.entries.len());
    for e in feed.entries {
        let title = e
            .title
            .as_ref()
            .map(|t| html::to_text(&t.content))
            .unwrap_or_default();
        let body = e
            .summary
            .as_ref()
            .map(|s| s.content.clone())
            .or_else(|| e.content.as_ref().and_then(|c| c.body.clone()))
            .map(|b| html::to_text(&b))
            .unwrap_or_default();
        let mut text = title.trim().to_owned();
        if !body.trim().is_empty() && body.trim() != text {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(body.trim());
        }
        if text.trim().is_empty() {
            continue;
        }
        // A bare guid such as "42" is only unique within its feed.
        let external_id = if e.id.contains(':') {
            e.id.clone()
        } else {
            format!("{feed_url}#{}", e.id)
        };
        let author = e
            .authors
            .first()
            .and_then(|p| p.name.clone().or_else(|| p.email.clone()))
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| {
                if feed_title.is_empty() {
                    feed_url.to_owned()
                } else {
                    feed_title.clone()
                }
            });
        let created_at = e
            .published
            .or(e.updated)
            .map_or(now, |d| Timestamp(d.timestamp_millis()));
        let url = e
            .links
            .first()
            .map(|l| l.href.clone())
            .filter(|h| h.starts_with("http://") || h.starts_with("https://"))
            .unwrap_or_default();
        out.extend(
            NewMention {
                channel: Channel::Feed,
                source_id: None,
                external_id: external_id
                    .chars()
                    .take(chorus_core::listen::MAX_EXTERNAL_ID)
                    .collect(),
                native_id: None,
                author,
                author_followers: 0,
                likes: 0,
                boosts: 0,
                replies: 0,
                text,
                url,
                created_at,
                in_reply_to: None,
                conversation: None,
                meta: None,
            }
            .fit(),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_763_632_800_000);

    #[test]
    fn rss_atom_and_json_feed() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Acme watch</title>
            <item><title>Acme outage in Berlin</title><description>&lt;p&gt;Service is &lt;b&gt;down&lt;/b&gt;&lt;/p&gt;</description>
            <guid isPermaLink="false">42</guid><pubDate>Thu, 20 Nov 2026 10:00:00 GMT</pubDate><link>https://blog.example/42</link></item>
            </channel></rss>"#;
        let m = parse(rss, "https://blog.example/feed", NOW).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].external_id, "https://blog.example/feed#42");
        assert_eq!(m[0].text, "Acme outage in Berlin\n\nService is down");
        assert_eq!(m[0].author, "Acme watch");
        assert_eq!(m[0].created_at.rfc3339(), "2026-11-20T10:00:00Z");
        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2026-11-20T10:00:00Z</updated>
            <entry><id>urn:uuid:1</id><title>Login broken</title><updated>2026-11-20T11:00:00Z</updated><author><name>Jo</name></author><summary>cannot sign in</summary></entry></feed>"#;
        let m = parse(atom, "https://x.example/atom", NOW).unwrap();
        assert_eq!(m[0].external_id, "urn:uuid:1");
        assert_eq!(m[0].author, "Jo");
        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"https://j.example/1","content_text":"app crashes","url":"https://j.example/1"}]}"#;
        let m = parse(json, "https://j.example/feed.json", NOW).unwrap();
        assert_eq!(m[0].text, "app crashes");
        assert_eq!(m[0].created_at, NOW);
    }

    #[test]
    fn not_a_feed_is_a_clear_error() {
        let e = parse(b"<html><body>hello</body></html>", "https://x", NOW).unwrap_err();
        assert!(
            e.to_string().contains("not an RSS, Atom or JSON feed"),
            "{e}"
        );
        assert!(parse(b"\x00\x01garbage", "https://x", NOW).is_err());
    }
}
