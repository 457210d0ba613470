//! Mastodon (and servers speaking its client API): hashtag timelines, search and mentions over
//! REST with `min_id` paging, the streaming API over server-sent events, and replies through
//! `POST /api/v1/statuses`.
//!
//! Only the fields Chorus uses are declared; everything else in a status is ignored, and
//! missing counters default to zero, so the many Mastodon-compatible servers all work.

use std::collections::VecDeque;
use std::time::Duration;

use chorus_core::listen::clamp_count;
use chorus_core::{Channel, NewMention, Timestamp};
use serde::{Deserialize, Serialize};

use crate::http::{check, read_limited};
use crate::{ListenError, html, sse};

/// Largest REST answer accepted.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// Statuses per page (Mastodon's maximum for timelines).
pub const PAGE: usize = 40;

/// An account as statuses embed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Account {
    /// Local id.
    pub id: String,
    /// `user` for local accounts, `user@host` for remote ones.
    pub acct: String,
    /// Display name.
    pub display_name: String,
    /// Followers.
    #[serde(deserialize_with = "crate::count::lenient")]
    pub followers_count: i64,
    /// Profile page.
    pub url: String,
}

/// A status (post).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Status {
    /// Id on this server (a decimal string that grows with time).
    pub id: String,
    /// Globally unique ActivityPub id.
    pub uri: String,
    /// Web page of the status.
    pub url: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// HTML content.
    pub content: String,
    /// Content warning.
    pub spoiler_text: String,
    /// The status it answers (id on this server).
    pub in_reply_to_id: Option<String>,
    /// Author.
    pub account: Account,
    /// Boosts.
    #[serde(deserialize_with = "crate::count::lenient")]
    pub reblogs_count: i64,
    /// Favourites.
    #[serde(deserialize_with = "crate::count::lenient")]
    pub favourites_count: i64,
    /// Replies.
    #[serde(deserialize_with = "crate::count::lenient")]
    pub replies_count: i64,
    /// ISO 639 language, if known.
    pub language: Option<String>,
    /// The boosted status, when this is a boost.
    pub reblog: Option<Box<Status>>,
    /// `public`, `unlisted`, `private` or `direct`.
    pub visibility: String,
}

/// A notification (only mentions are asked for).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notification {
    /// Id (paging key of the notifications list).
    pub id: String,
    /// `mention`, `favourite`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The status, for mentions.
    pub status: Option<Status>,
}

#[derive(Deserialize)]
struct SearchResults {
    #[serde(default)]
    statuses: Vec<Status>,
}

/// A client for one Mastodon server.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    stream_http: reqwest::Client,
    base: reqwest::Url,
    token: Option<String>,
}

/// What a stream delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamItem {
    /// A new status on the streamed timeline.
    Update(Box<Status>),
    /// A notification (on the user stream).
    Notification(Box<Notification>),
    /// Anything else (deletions, edits, filters); ignored by Chorus.
    Other(String),
}

/// A live stream of a timeline (server-sent events).
pub struct Stream {
    resp: reqwest::Response,
    parser: sse::Parser,
    ready: VecDeque<sse::Event>,
}

/// Which stream to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamKind {
    /// Public statuses with a hashtag.
    Hashtag(String),
    /// The token owner's notifications (mentions of the account).
    Notifications,
}

impl Client {
    /// A client for the server at `base_url` (e.g. `https://mastodon.social`), with an access
    /// token if one is configured (searching, mentions and replying need one).
    pub fn new(base_url: &str, token: Option<&str>) -> Result<Client, ListenError> {
        let base = reqwest::Url::parse(base_url.trim())
            .map_err(|e| ListenError::Protocol(format!("bad server address {base_url:?}: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(ListenError::Protocol(format!(
                "bad server address {base_url:?}: expected https://host"
            )));
        }
        Ok(Client {
            http: crate::client(Some(Duration::from_secs(30)))?,
            stream_http: crate::client(None)?,
            base,
            token: token
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
        })
    }

    /// The server's host name (remote accounts are named `user@host` relative to it).
    pub fn host(&self) -> &str {
        self.base.host_str().unwrap_or("")
    }

    fn url(&self, segments: &[&str]) -> Result<reqwest::Url, ListenError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| ListenError::Protocol("the server address cannot have a path".into()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    fn auth(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: reqwest::Url,
        query: &[(&str, &str)],
    ) -> Result<T, ListenError> {
        let resp = check(self.auth(self.http.get(url)).query(query).send().await?).await?;
        let body = read_limited(resp, MAX_BODY).await?;
        serde_json::from_slice(&body)
            .map_err(|e| ListenError::Protocol(format!("not a Mastodon answer: {e}")))
    }

    fn page_query<'a>(min_id: Option<&'a str>, limit: &'a str) -> Vec<(&'a str, &'a str)> {
        let mut q = vec![("limit", limit)];
        if let Some(m) = min_id {
            q.push(("min_id", m));
        }
        q
    }

    /// Public statuses with `tag` newer than `min_id` (the page right after it, so repeated
    /// calls walk forward without gaps), newest first.
    pub async fn tag_timeline(
        &self,
        tag: &str,
        min_id: Option<&str>,
    ) -> Result<Vec<Status>, ListenError> {
        let limit = PAGE.to_string();
        self.get_json(
            self.url(&["api", "v1", "timelines", "tag", tag])?,
            &Self::page_query(min_id, &limit),
        )
        .await
    }

    /// Statuses matching a full-text search newer than `min_id` (needs a token).
    pub async fn search(&self, q: &str, min_id: Option<&str>) -> Result<Vec<Status>, ListenError> {
        let limit = PAGE.to_string();
        let mut query = Self::page_query(min_id, &limit);
        query.extend([("q", q), ("type", "statuses"), ("resolve", "false")]);
        let r: SearchResults = self
            .get_json(self.url(&["api", "v2", "search"])?, &query)
            .await?;
        Ok(r.statuses)
    }

    /// Mentions of the token's account newer than notification `min_id`.
    pub async fn mentions(&self, min_id: Option<&str>) -> Result<Vec<Notification>, ListenError> {
        let limit = PAGE.to_string();
        let mut query = Self::page_query(min_id, &limit);
        query.push(("types[]", "mention"));
        self.get_json(self.url(&["api", "v1", "notifications"])?, &query)
            .await
    }

    /// Opens a stream.
    pub async fn stream(&self, kind: &StreamKind) -> Result<Stream, ListenError> {
        let (url, query): (reqwest::Url, Vec<(&str, &str)>) = match kind {
            StreamKind::Hashtag(tag) => (
                self.url(&["api", "v1", "streaming", "hashtag"])?,
                vec![("tag", tag.as_str())],
            ),
            StreamKind::Notifications => (
                self.url(&["api", "v1", "streaming", "user", "notification"])?,
                Vec::new(),
            ),
        };
        let resp = self
            .auth(self.stream_http.get(url))
            .query(&query)
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .send()
            .await?;
        let resp = check(resp).await?;
        Ok(Stream {
            resp,
            parser: sse::Parser::new(),
            ready: VecDeque::new(),
        })
    }

    /// Posts `text` as a reply to status `in_reply_to_id` (an id on this server). The
    /// idempotency key makes a retried request post once.
    pub async fn post_status(
        &self,
        text: &str,
        in_reply_to_id: Option<&str>,
        visibility: &str,
        idempotency_key: &str,
    ) -> Result<Status, ListenError> {
        #[derive(Serialize)]
        struct Body<'a> {
            status: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            in_reply_to_id: Option<&'a str>,
            visibility: &'a str,
        }
        let resp = self
            .auth(self.http.post(self.url(&["api", "v1", "statuses"])?))
            .header("Idempotency-Key", idempotency_key)
            .json(&Body {
                status: text,
                in_reply_to_id,
                visibility,
            })
            .send()
            .await?;
        let body = read_limited(check(resp).await?, MAX_BODY).await?;
        serde_json::from_slice(&body)
            .map_err(|e| ListenError::Protocol(format!("not a Mastodon status: {e}")))
    }
}

impl Stream {
    /// The next item; `Ok(None)` when the server closed the stream. Fails with a transport
    /// error when nothing (not even a heartbeat) arrived for `idle`.
    pub async fn next(&mut self, idle: Duration) -> Result<Option<StreamItem>, ListenError> {
        loop {
            if let Some(ev) = self.ready.pop_front() {
                return Ok(Some(match ev.event.as_str() {
                    "update" => {
                        StreamItem::Update(Box::new(serde_json::from_str(&ev.data).map_err(
                            |e| ListenError::Protocol(format!("bad status in stream: {e}")),
                        )?))
                    }
                    "notification" => {
                        StreamItem::Notification(Box::new(serde_json::from_str(&ev.data).map_err(
                            |e| ListenError::Protocol(format!("bad notification in stream: {e}")),
                        )?))
                    }
                    other => StreamItem::Other(other.to_owned()),
                }));
            }
            let chunk = tokio::time::timeout(idle, self.resp.chunk())
                .await
                .map_err(|_| {
                    ListenError::Transport(format!(
                        "the stream was silent for {} s",
                        idle.as_secs()
                    ))
                })??;
            let Some(chunk) = chunk else { return Ok(None) };
            let mut out = Vec::new();
            self.parser
                .feed(&chunk, &mut out)
                .map_err(|e| ListenError::Protocol(e.to_string()))?;
            self.ready.extend(out);
        }
    }
}

/// What Chorus needs to reply to a Mastodon status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyTarget {
    /// Host of the server the status was seen on.
    pub instance: String,
    /// The status id on that server.
    pub id: String,
    /// The author to address.
    pub acct: String,
}

/// The mention a status makes (a boost counts as the boosted status).
pub fn mention_of(status: &Status, host: &str) -> Result<NewMention, ListenError> {
    let s = status.reblog.as_deref().unwrap_or(status);
    let created_at = Timestamp::parse_rfc3339(&s.created_at)
        .ok_or_else(|| ListenError::Protocol(format!("status {} has a bad created_at", s.id)))?;
    if s.uri.is_empty() || s.id.is_empty() {
        return Err(ListenError::Protocol("a status without id or uri".into()));
    }
    let acct = if s.account.acct.contains('@') || host.is_empty() {
        s.account.acct.clone()
    } else {
        format!("{}@{host}", s.account.acct)
    };
    let mut text = String::new();
    if !s.spoiler_text.trim().is_empty() {
        text.push_str(s.spoiler_text.trim());
        text.push('\n');
    }
    text.push_str(&html::to_text(&s.content));
    let meta = serde_json::to_string(&ReplyTarget {
        instance: host.to_owned(),
        id: s.id.clone(),
        acct: acct.clone(),
    })
    .ok();
    NewMention {
        channel: Channel::Mastodon,
        source_id: None,
        external_id: s.uri.clone(),
        native_id: Some(s.id.clone()),
        author: acct,
        author_followers: clamp_count(s.account.followers_count),
        likes: clamp_count(s.favourites_count),
        boosts: clamp_count(s.reblogs_count),
        replies: clamp_count(s.replies_count),
        text,
        url: s
            .url
            .clone()
            .filter(|u| u.starts_with("http") && u.len() <= chorus_core::listen::MAX_URL)
            .unwrap_or_else(|| s.uri.clone()),
        created_at,
        in_reply_to: s.in_reply_to_id.clone(),
        conversation: None,
        meta,
    }
    .fit()
    .ok_or_else(|| {
        ListenError::Protocol(format!(
            "a status whose uri is over {} characters",
            chorus_core::listen::MAX_EXTERNAL_ID
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A federated server decides what its statuses say: a URI too long to be an id skips the
    /// status, an absurd author name or link is cut or dropped, never stored as sent.
    #[test]
    fn hostile_fields_are_bounded() {
        let status = |uri: &str, acct: &str, url: &str| {
            serde_json::json!({"id": "1", "uri": uri, "url": url, "created_at": "2026-11-20T10:00:00Z",
                "content": "<p>hello</p>", "account": {"id": "1", "acct": acct, "followers_count": 1}})
        };
        let long_uri = format!("https://m.example/{}", "x".repeat(600));
        let s: Status =
            serde_json::from_value(status(&long_uri, "jane", "https://m.example/1")).unwrap();
        assert!(matches!(
            mention_of(&s, "m.example"),
            Err(ListenError::Protocol(_))
        ));
        let long_url = format!("https://m.example/{}", "y".repeat(3_000));
        let s: Status = serde_json::from_value(status(
            "https://m.example/s/1",
            &"j".repeat(5_000),
            &long_url,
        ))
        .unwrap();
        let m = mention_of(&s, "m.example").unwrap();
        assert_eq!(m.author.chars().count(), chorus_core::listen::MAX_AUTHOR);
        assert_eq!(
            m.url, "https://m.example/s/1",
            "an over-long link falls back to the uri"
        );
        assert!(m.within_bounds().is_ok());
    }

    #[test]
    fn statuses_become_mentions() {
        let json = r#"{"id":"110","uri":"https://m.example/users/jane/statuses/110","url":"https://m.example/@jane/110",
            "created_at":"2026-11-20T10:00:00.000Z","content":"<p>@acme the app crashes &amp; burns</p>",
            "spoiler_text":"","in_reply_to_id":null,"reblogs_count":2,"favourites_count":5,"replies_count":1,
            "account":{"id":"1","acct":"jane","display_name":"Jane","followers_count":321,"url":"https://m.example/@jane"},
            "unknown_field":{"ignored":true}}"#;
        let s: Status = serde_json::from_str(json).unwrap();
        let m = mention_of(&s, "m.example").unwrap();
        assert_eq!(m.author, "jane@m.example");
        assert_eq!(m.text, "@acme the app crashes & burns");
        assert_eq!(m.external_id, "https://m.example/users/jane/statuses/110");
        assert_eq!(m.native_id.as_deref(), Some("110"));
        assert_eq!(
            (m.author_followers, m.likes, m.boosts, m.replies),
            (321, 5, 2, 1)
        );
        let target: ReplyTarget = serde_json::from_str(m.meta.as_deref().unwrap()).unwrap();
        assert_eq!(target.id, "110");
    }

    #[test]
    fn boosts_count_as_the_original_and_bad_dates_are_errors() {
        let inner = Status {
            id: "5".into(),
            uri: "https://x.example/s/5".into(),
            created_at: "2026-11-20T10:00:00Z".into(),
            content: "original".into(),
            account: Account {
                acct: "bob@x.example".into(),
                ..Account::default()
            },
            ..Status::default()
        };
        let boost = Status {
            id: "9".into(),
            uri: "https://m.example/s/9".into(),
            created_at: "2026-11-21T10:00:00Z".into(),
            reblog: Some(Box::new(inner)),
            ..Status::default()
        };
        let m = mention_of(&boost, "m.example").unwrap();
        assert_eq!(m.external_id, "https://x.example/s/5");
        assert_eq!(m.author, "bob@x.example");
        let bad = Status {
            id: "1".into(),
            uri: "u".into(),
            created_at: "yesterday".into(),
            ..Status::default()
        };
        assert!(mention_of(&bad, "m.example").is_err());
    }

    #[test]
    fn urls_are_built_from_segments() {
        let c = Client::new("https://m.example/", None).unwrap();
        let u = c.url(&["api", "v1", "timelines", "tag", "café 2"]).unwrap();
        assert_eq!(
            u.as_str(),
            "https://m.example/api/v1/timelines/tag/caf%C3%A9%202"
        );
        assert!(Client::new("ftp://x", None).is_err());
        assert!(Client::new("not a url", None).is_err());
    }
}
