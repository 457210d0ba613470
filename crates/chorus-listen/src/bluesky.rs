//! Bluesky (AT Protocol): posts from the Jetstream WebSocket with cursor resume, author
//! profiles from the AppView, and replies through XRPC (`com.atproto.server.createSession`,
//! then `com.atproto.repo.createRecord`).
//!
//! Jetstream sends every new post on the network as JSON; the caller filters with its query.
//! Its cursor is the event time in microseconds: resuming from a checkpoint replays from that
//! time, and the mention's unique key absorbs the overlap.

use std::time::Duration;

use chorus_core::{Channel, NewMention, Timestamp};
use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::ListenError;
use crate::http::{check, read_limited};

/// The collection of posts.
pub const POST_COLLECTION: &str = "app.bsky.feed.post";
/// Largest WebSocket message accepted.
const MAX_MESSAGE: usize = 1024 * 1024;
const MAX_BODY: usize = 4 * 1024 * 1024;

/// A reference to a record: its AT URI and content id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrongRef {
    /// `at://did/collection/rkey`.
    pub uri: String,
    /// Content id.
    pub cid: String,
}

/// The reply part of a post record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyRef {
    /// The thread's first post.
    pub root: StrongRef,
    /// The post answered.
    pub parent: StrongRef,
}

/// A post record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostRecord {
    /// Text.
    pub text: String,
    /// Client-reported creation time.
    #[serde(rename = "createdAt")]
    pub created_at: String,
    /// Languages.
    pub langs: Vec<String>,
    /// Reply references.
    pub reply: Option<ReplyRef>,
}

/// A repository commit in a Jetstream event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Commit {
    /// `create`, `update` or `delete`.
    pub operation: String,
    /// Collection NSID.
    pub collection: String,
    /// Record key.
    pub rkey: String,
    /// Content id.
    pub cid: Option<String>,
    /// The record (for creates and updates).
    pub record: Option<serde_json::Value>,
}

/// One Jetstream event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Event {
    /// The repository (author).
    pub did: String,
    /// Event time in microseconds: the resume cursor.
    pub time_us: i64,
    /// `commit`, `identity` or `account`.
    pub kind: String,
    /// The commit, for `commit` events.
    pub commit: Option<Commit>,
}

/// A new post taken from an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Author DID.
    pub did: String,
    /// Record key.
    pub rkey: String,
    /// Content id.
    pub cid: String,
    /// The record.
    pub record: PostRecord,
    /// Event time (µs).
    pub time_us: i64,
}

impl Post {
    /// The post's AT URI.
    pub fn uri(&self) -> String {
        format!("at://{}/{POST_COLLECTION}/{}", self.did, self.rkey)
    }
}

/// The new post an event carries, if it is one.
pub fn post_of(e: &Event) -> Option<Post> {
    let c = e.commit.as_ref()?;
    if e.kind != "commit" || c.operation != "create" || c.collection != POST_COLLECTION {
        return None;
    }
    let record: PostRecord = serde_json::from_value(c.record.clone()?).ok()?;
    Some(Post {
        did: e.did.clone(),
        rkey: c.rkey.clone(),
        cid: c.cid.clone().unwrap_or_default(),
        record,
        time_us: e.time_us,
    })
}

/// An author profile from the AppView.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// DID.
    pub did: String,
    /// Handle, e.g. `jane.bsky.social`.
    pub handle: String,
    /// Display name.
    #[serde(rename = "displayName")]
    pub display_name: Option<String>,
    /// Followers.
    #[serde(rename = "followersCount")]
    #[serde(deserialize_with = "crate::count::lenient")]
    pub followers_count: i64,
}

/// A record key in TID form (13 characters of base32-sortable): 53 bits of microseconds
/// since the epoch and 10 bits of clock id. Deterministic, so a retried delivery reuses its key.
pub fn tid(micros: i64, clock_id: u16) -> String {
    const ALPHABET: &[u8; 32] = b"234567abcdefghijklmnopqrstuvwxyz";
    let micros = u64::try_from(micros.max(0)).unwrap_or(0) & ((1 << 53) - 1);
    let v = (micros << 10) | u64::from(clock_id & 0x3ff);
    (0..13)
        .rev()
        .map(|i| ALPHABET[((v >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// What a reply to a Bluesky post needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyTarget {
    /// The post.
    pub parent: StrongRef,
    /// Its thread's root (the post itself when it starts the thread).
    pub root: StrongRef,
}

/// The mention a post makes, with its author's profile when known.
pub fn mention_of(post: &Post, profile: Option<&Profile>) -> Option<NewMention> {
    let event_time = Timestamp(post.time_us / 1000);
    // Clients set createdAt; a missing, garbled or future value falls back to the event time.
    let created_at = Timestamp::parse_rfc3339(&post.record.created_at)
        .filter(|t| t.0 <= event_time.0 + 10 * Timestamp::MINUTE)
        .unwrap_or(event_time);
    let uri = post.uri();
    let me = StrongRef {
        uri: uri.clone(),
        cid: post.cid.clone(),
    };
    let target = ReplyTarget {
        parent: me.clone(),
        root: post.record.reply.as_ref().map_or(me, |r| r.root.clone()),
    };
    let author = profile
        .map(|p| p.handle.clone())
        .filter(|h| !h.is_empty() && h != "handle.invalid")
        .unwrap_or_else(|| post.did.clone());
    NewMention {
        channel: Channel::Bluesky,
        source_id: None,
        external_id: uri,
        native_id: None,
        author,
        author_followers: profile
            .map_or(0, |p| chorus_core::listen::clamp_count(p.followers_count)),
        likes: 0,
        boosts: 0,
        replies: 0,
        text: post.record.text.clone(),
        url: format!("https://bsky.app/profile/{}/post/{}", post.did, post.rkey),
        created_at,
        in_reply_to: post.record.reply.as_ref().map(|r| r.parent.uri.clone()),
        conversation: post.record.reply.as_ref().map(|r| r.root.uri.clone()),
        meta: serde_json::to_string(&target).ok(),
    }
    .fit()
}

/// A Jetstream connection.
pub struct Jetstream {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Jetstream {
    /// Connects to `base` (e.g. `wss://jetstream2.us-east.bsky.network`) asking for posts from
    /// `cursor` (µs) on, or live posts without one.
    pub async fn connect(base: &str, cursor: Option<i64>) -> Result<Jetstream, ListenError> {
        crate::http::install_crypto();
        let mut url = reqwest::Url::parse(base.trim())
            .map_err(|e| ListenError::Protocol(format!("bad Jetstream address {base:?}: {e}")))?;
        if !matches!(url.scheme(), "ws" | "wss") {
            return Err(ListenError::Protocol(format!(
                "bad Jetstream address {base:?}: expected wss://host"
            )));
        }
        url.set_path("/subscribe");
        url.query_pairs_mut()
            .clear()
            .append_pair("wantedCollections", POST_COLLECTION);
        if let Some(c) = cursor {
            url.query_pairs_mut().append_pair("cursor", &c.to_string());
        }
        let connect = tokio_tungstenite::connect_async(url.as_str());
        let (ws, _) = tokio::time::timeout(Duration::from_secs(15), connect)
            .await
            .map_err(|_| ListenError::Transport("connecting to Jetstream timed out".into()))?
            .map_err(ws_error)?;
        Ok(Jetstream { ws })
    }

    /// The next event; `Ok(None)` when the server closed the connection. Fails when nothing
    /// arrived for `idle`.
    pub async fn next(&mut self, idle: Duration) -> Result<Option<Event>, ListenError> {
        loop {
            let msg = tokio::time::timeout(idle, self.ws.next())
                .await
                .map_err(|_| {
                    ListenError::Transport(format!("Jetstream was silent for {} s", idle.as_secs()))
                })?;
            let Some(msg) = msg else { return Ok(None) };
            match msg.map_err(ws_error)? {
                Message::Text(t) => {
                    if t.len() > MAX_MESSAGE {
                        continue;
                    }
                    return serde_json::from_str(t.as_str())
                        .map(Some)
                        .map_err(|e| ListenError::Protocol(format!("bad Jetstream event: {e}")));
                }
                Message::Ping(p) => {
                    self.ws.send(Message::Pong(p)).await.map_err(ws_error)?;
                }
                Message::Close(_) => return Ok(None),
                _ => {}
            }
        }
    }

    /// Closes the connection politely.
    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}

fn ws_error(e: tokio_tungstenite::tungstenite::Error) -> ListenError {
    use tokio_tungstenite::tungstenite::Error as E;
    match e {
        E::Http(resp) => {
            let status = resp.status().as_u16();
            match status {
                429 => ListenError::RateLimited { retry_after: None },
                500..=599 => ListenError::Unavailable {
                    status,
                    retry_after: None,
                },
                _ => ListenError::Refused {
                    status,
                    message: "the WebSocket upgrade was refused".into(),
                },
            }
        }
        other => ListenError::Transport(other.to_string()),
    }
}

/// A logged-in session on a PDS.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Session {
    /// Access token.
    #[serde(rename = "accessJwt")]
    pub access_jwt: String,
    /// The account's DID.
    pub did: String,
    /// The account's handle.
    #[serde(default)]
    pub handle: String,
}

/// XRPC calls to a PDS (posting) and an AppView (profiles).
#[derive(Debug, Clone)]
pub struct Xrpc {
    http: reqwest::Client,
    pds: reqwest::Url,
    appview: reqwest::Url,
}

fn base_url(s: &str, what: &str) -> Result<reqwest::Url, ListenError> {
    let u = reqwest::Url::parse(s.trim())
        .map_err(|e| ListenError::Protocol(format!("bad {what} address {s:?}: {e}")))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(ListenError::Protocol(format!(
            "bad {what} address {s:?}: expected https://host"
        )));
    }
    Ok(u)
}

impl Xrpc {
    /// A client for the PDS at `pds` (e.g. `https://bsky.social`) and the AppView at `appview`
    /// (e.g. `https://public.api.bsky.app`).
    pub fn new(pds: &str, appview: &str) -> Result<Xrpc, ListenError> {
        Ok(Xrpc {
            http: crate::client(Some(Duration::from_secs(20)))?,
            pds: base_url(pds, "PDS")?,
            appview: base_url(appview, "AppView")?,
        })
    }

    fn method(base: &reqwest::Url, nsid: &str) -> Result<reqwest::Url, ListenError> {
        base.join(&format!("/xrpc/{nsid}"))
            .map_err(|e| ListenError::Protocol(e.to_string()))
    }

    /// Logs in with a handle (or e-mail) and an app password.
    pub async fn create_session(
        &self,
        identifier: &str,
        password: &str,
    ) -> Result<Session, ListenError> {
        let resp = self
            .http
            .post(Self::method(&self.pds, "com.atproto.server.createSession")?)
            .json(&serde_json::json!({ "identifier": identifier, "password": password }))
            .send()
            .await?;
        let body = read_limited(check(resp).await?, MAX_BODY).await?;
        serde_json::from_slice(&body)
            .map_err(|e| ListenError::Protocol(format!("bad session: {e}")))
    }

    /// Posts `text` as a reply to `target`; returns the new post's reference. With `rkey`
    /// (a TID, see [`tid`]), the post gets that key, so a retry can ask [`Xrpc::get_post`]
    /// whether an earlier attempt went through instead of posting twice.
    pub async fn reply(
        &self,
        session: &Session,
        text: &str,
        target: &ReplyTarget,
        now: Timestamp,
        rkey: Option<&str>,
    ) -> Result<StrongRef, ListenError> {
        let record = serde_json::json!({
            "$type": POST_COLLECTION,
            "text": text,
            "createdAt": now.rfc3339(),
            "reply": { "root": target.root, "parent": target.parent },
        });
        let resp = self
            .http
            .post(Self::method(&self.pds, "com.atproto.repo.createRecord")?)
            .bearer_auth(&session.access_jwt)
            .json(&{
                let mut body = serde_json::json!({
                    "repo": session.did,
                    "collection": POST_COLLECTION,
                    "record": record,
                });
                if let Some(k) = rkey {
                    body["rkey"] = serde_json::Value::String(k.to_owned());
                }
                body
            })
            .send()
            .await?;
        let body = read_limited(check(resp).await?, MAX_BODY).await?;
        serde_json::from_slice(&body)
            .map_err(|e| ListenError::Protocol(format!("bad createRecord answer: {e}")))
    }

    /// The post with key `rkey` in the session account's repository, if it exists.
    pub async fn get_post(
        &self,
        session: &Session,
        rkey: &str,
    ) -> Result<Option<StrongRef>, ListenError> {
        let mut url = Self::method(&self.pds, "com.atproto.repo.getRecord")?;
        url.query_pairs_mut()
            .append_pair("repo", &session.did)
            .append_pair("collection", POST_COLLECTION)
            .append_pair("rkey", rkey);
        let resp = self
            .http
            .get(url)
            .bearer_auth(&session.access_jwt)
            .send()
            .await?;
        // A missing record is a 400 with `RecordNotFound` (XRPC errors are 400s with a name).
        if resp.status() == reqwest::StatusCode::BAD_REQUEST {
            let body = read_limited(resp, MAX_BODY).await?;
            let err: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            if err["error"] == "RecordNotFound" {
                return Ok(None);
            }
            return Err(ListenError::Refused {
                status: 400,
                message: err["message"]
                    .as_str()
                    .unwrap_or("getRecord failed")
                    .to_owned(),
            });
        }
        let body = read_limited(check(resp).await?, MAX_BODY).await?;
        serde_json::from_slice(&body)
            .map(Some)
            .map_err(|e| ListenError::Protocol(format!("bad getRecord answer: {e}")))
    }

    /// Profiles of up to 25 accounts.
    pub async fn profiles(&self, dids: &[String]) -> Result<Vec<Profile>, ListenError> {
        #[derive(Deserialize)]
        struct Profiles {
            #[serde(default)]
            profiles: Vec<Profile>,
        }
        if dids.is_empty() {
            return Ok(Vec::new());
        }
        let query: Vec<(&str, &str)> = dids
            .iter()
            .take(25)
            .map(|d| ("actors", d.as_str()))
            .collect();
        let resp = self
            .http
            .get(Self::method(&self.appview, "app.bsky.actor.getProfiles")?)
            .query(&query)
            .send()
            .await?;
        let body = read_limited(check(resp).await?, MAX_BODY).await?;
        let p: Profiles = serde_json::from_slice(&body)
            .map_err(|e| ListenError::Protocol(format!("bad profiles: {e}")))?;
        Ok(p.profiles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tids_sort_by_time_and_have_the_spec_shape() {
        let a = tid(1_763_632_800_000_000, 7);
        let b = tid(1_763_632_800_000_001, 7);
        assert_eq!(a.len(), 13);
        assert!(a < b);
        // The first character encodes the top bit, which is always zero.
        assert!("234567abcdefghij".contains(&a[..1]));
        assert_eq!(a, tid(1_763_632_800_000_000, 7));
    }

    const EVENT: &str = r#"{"did":"did:plc:abc","time_us":1763632800000000,"kind":"commit",
        "commit":{"rev":"r","operation":"create","collection":"app.bsky.feed.post","rkey":"3k",
        "record":{"$type":"app.bsky.feed.post","createdAt":"2026-11-20T10:00:00.000Z","langs":["en"],
        "text":"@acme.com my order never arrived",
        "reply":{"root":{"uri":"at://did:plc:r/app.bsky.feed.post/1","cid":"c1"},"parent":{"uri":"at://did:plc:p/app.bsky.feed.post/2","cid":"c2"}}},
        "cid":"bafy"}}"#;

    #[test]
    fn posts_become_mentions() {
        let e: Event = serde_json::from_str(EVENT).unwrap();
        let p = post_of(&e).unwrap();
        let profile = Profile {
            did: "did:plc:abc".into(),
            handle: "jane.bsky.social".into(),
            display_name: None,
            followers_count: 77,
        };
        let m = mention_of(&p, Some(&profile)).unwrap();
        assert_eq!(m.external_id, "at://did:plc:abc/app.bsky.feed.post/3k");
        assert_eq!(m.author, "jane.bsky.social");
        assert_eq!(m.author_followers, 77);
        assert_eq!(
            m.in_reply_to.as_deref(),
            Some("at://did:plc:p/app.bsky.feed.post/2")
        );
        assert_eq!(
            m.conversation.as_deref(),
            Some("at://did:plc:r/app.bsky.feed.post/1")
        );
        assert_eq!(m.url, "https://bsky.app/profile/did:plc:abc/post/3k");
        let t: ReplyTarget = serde_json::from_str(m.meta.as_deref().unwrap()).unwrap();
        assert_eq!(t.parent.cid, "bafy");
        assert_eq!(t.root.uri, "at://did:plc:r/app.bsky.feed.post/1");
        // Without a profile the DID stands in for the handle.
        assert_eq!(mention_of(&p, None).unwrap().author, "did:plc:abc");
    }

    #[test]
    fn other_events_are_not_posts() {
        let delete = r#"{"did":"d","time_us":1,"kind":"commit","commit":{"operation":"delete","collection":"app.bsky.feed.post","rkey":"x"}}"#;
        assert!(post_of(&serde_json::from_str(delete).unwrap()).is_none());
        let like = r#"{"did":"d","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.like","rkey":"x","record":{}}}"#;
        assert!(post_of(&serde_json::from_str(like).unwrap()).is_none());
        let identity = r#"{"did":"d","time_us":5,"kind":"identity","identity":{"handle":"x"}}"#;
        let e: Event = serde_json::from_str(identity).unwrap();
        assert_eq!(e.time_us, 5);
        assert!(post_of(&e).is_none());
    }

    #[test]
    fn garbled_creation_times_fall_back_to_the_event_time() {
        let mut e: Event = serde_json::from_str(EVENT).unwrap();
        if let Some(r) = e.commit.as_mut().and_then(|c| c.record.as_mut()) {
            r["createdAt"] = serde_json::json!("2099-01-01T00:00:00Z");
        }
        let m = mention_of(&post_of(&e).unwrap(), None).unwrap();
        assert_eq!(m.created_at, Timestamp(1_763_632_800_000));
    }
}
