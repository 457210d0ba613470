//! Local servers that speak Bluesky's protocols as Chorus uses them: a Jetstream WebSocket
//! (`/subscribe?wantedCollections=...&cursor=...`, JSON events with `time_us` cursors, replay
//! from a cursor) and XRPC over HTTP (`com.atproto.server.createSession`,
//! `com.atproto.repo.createRecord`, `app.bsky.actor.getProfiles`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response as WsResponse};

/// The handle and app password the XRPC stand-in accepts.
pub const HANDLE: &str = "acme.standin.social";
/// The app password.
pub const APP_PASSWORD: &str = "standin-app-password";
/// The DID of the replying account.
pub const DID: &str = "did:plc:acmestandin";

#[derive(Default)]
struct JsInner {
    events: Vec<(i64, String)>,
    next_time: i64,
    cursors: Vec<Option<i64>>,
}

/// A Jetstream stand-in; stops when dropped.
pub struct JetstreamStandIn {
    inner: Arc<Mutex<JsInner>>,
    live: broadcast::Sender<(i64, String)>,
    kick: broadcast::Sender<()>,
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for JetstreamStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl JetstreamStandIn {
    /// Starts on a free local port.
    ///
    /// # Panics
    /// If no local port can be bound (tests only).
    #[allow(clippy::expect_used)]
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let inner = Arc::new(Mutex::new(JsInner {
            next_time: 1_763_632_800_000_000,
            ..JsInner::default()
        }));
        let (live, _) = broadcast::channel(4096);
        let (kick, _) = broadcast::channel(4);
        let (i2, l2, k2) = (inner.clone(), live.clone(), kick.clone());
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(serve(tcp, i2.clone(), l2.clone(), k2.clone()));
            }
        });
        JetstreamStandIn {
            inner,
            live,
            kick,
            url: format!("ws://{addr}"),
            task,
        }
    }

    /// The base URL (`ws://...`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Publishes a post by `did` and returns its AT URI. With `reply`, it answers that
    /// `(uri, cid)`.
    pub fn post(&self, did: &str, text: &str, reply: Option<(&str, &str)>) -> String {
        let (time_us, line, uri) = {
            let mut g = lock(&self.inner);
            g.next_time += 1_000;
            let time_us = g.next_time;
            let rkey = format!("3k{time_us}");
            let mut record = json!({
                "$type": "app.bsky.feed.post",
                "createdAt": "2026-11-20T10:00:00.000Z",
                "langs": ["en"],
                "text": text,
            });
            if let Some((uri, cid)) = reply {
                record["reply"] =
                    json!({"root": {"uri": uri, "cid": cid}, "parent": {"uri": uri, "cid": cid}});
            }
            let ev = json!({
                "did": did, "time_us": time_us, "kind": "commit",
                "commit": {"rev": "r", "operation": "create", "collection": "app.bsky.feed.post",
                    "rkey": rkey, "record": record, "cid": format!("bafy{time_us}")},
            });
            let line = ev.to_string();
            g.events.push((time_us, line.clone()));
            (
                time_us,
                line,
                format!("at://{did}/app.bsky.feed.post/{rkey}"),
            )
        };
        let _ = self.live.send((time_us, line));
        uri
    }

    /// Publishes an event that is not a post (a like), which Chorus must skip.
    pub fn like(&self, did: &str) {
        let (t, line) = {
            let mut g = lock(&self.inner);
            g.next_time += 1_000;
            let t = g.next_time;
            let line = json!({"did": did, "time_us": t, "kind": "commit",
                "commit": {"operation": "create", "collection": "app.bsky.feed.like", "rkey": "l", "record": {}}})
            .to_string();
            g.events.push((t, line.clone()));
            (t, line)
        };
        let _ = self.live.send((t, line));
    }

    /// Closes every open connection (as a network hiccup would).
    pub fn drop_connections(&self) {
        let _ = self.kick.send(());
    }

    /// The cursors clients connected with, in order (`None`: live only).
    pub fn cursors(&self) -> Vec<Option<i64>> {
        lock(&self.inner).cursors.clone()
    }

    /// Open connections.
    pub fn connections(&self) -> usize {
        self.live.receiver_count()
    }
}

async fn serve(
    tcp: tokio::net::TcpStream,
    inner: Arc<Mutex<JsInner>>,
    live: broadcast::Sender<(i64, String)>,
    kick: broadcast::Sender<()>,
) {
    let mut query = String::new();
    #[allow(
        clippy::result_large_err,
        reason = "tungstenite fixes the callback's error type"
    )]
    let callback = |req: &Request, resp: WsResponse| {
        query = req.uri().query().unwrap_or("").to_owned();
        Ok(resp)
    };
    let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await else {
        return;
    };
    let cursor = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("cursor="))
        .and_then(|c| c.parse::<i64>().ok());
    // Subscribe before replaying so nothing published meanwhile is missed.
    let mut rx = live.subscribe();
    let mut kicked = kick.subscribe();
    let backlog: Vec<(i64, String)> = {
        let mut g = lock(&inner);
        g.cursors.push(cursor);
        match cursor {
            Some(c) => g.events.iter().filter(|(t, _)| *t >= c).cloned().collect(),
            None => Vec::new(),
        }
    };
    let (mut tx, mut read) = ws.split();
    let mut last = i64::MIN;
    for (t, line) in backlog {
        last = t;
        if tx.send(Message::text(line)).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            ev = rx.recv() => match ev {
                Ok((t, line)) if t > last => {
                    last = t;
                    if tx.send(Message::text(line)).await.is_err() { return; }
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = kicked.recv() => {
                let _ = tx.send(Message::Close(None)).await;
                return;
            }
            msg = read.next() => match msg {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                _ => {}
            },
        }
    }
}

#[derive(Default)]
struct XrpcInner {
    records: Vec<Value>,
    /// Record keys of `records`, by position.
    rkeys: Vec<String>,
    /// Answer this many successful `createRecord` calls with a 502 after storing the record
    /// (the response lost on the way back).
    lose_responses: usize,
    profiles: HashMap<String, (String, i64)>,
    sessions: usize,
}

/// A PDS and AppView stand-in speaking XRPC; stops when dropped.
pub struct XrpcStandIn {
    inner: Arc<Mutex<XrpcInner>>,
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for XrpcStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl XrpcStandIn {
    /// Starts on a free local port.
    ///
    /// # Panics
    /// If no local port can be bound (tests only).
    #[allow(clippy::expect_used)]
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let inner = Arc::new(Mutex::new(XrpcInner::default()));
        let app = Router::new()
            .route(
                "/xrpc/com.atproto.server.createSession",
                post(create_session),
            )
            .route("/xrpc/com.atproto.repo.createRecord", post(create_record))
            .route("/xrpc/com.atproto.repo.getRecord", get(get_record))
            .route("/xrpc/app.bsky.actor.getProfiles", get(get_profiles))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        XrpcStandIn {
            inner,
            url: format!("http://{addr}"),
            task,
        }
    }

    /// Base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Registers a profile the AppView returns.
    pub fn profile(&self, did: &str, handle: &str, followers: i64) {
        lock(&self.inner)
            .profiles
            .insert(did.to_owned(), (handle.to_owned(), followers));
    }

    /// Records created through `createRecord`.
    pub fn records(&self) -> Vec<Value> {
        lock(&self.inner).records.clone()
    }

    /// Stores the next `n` created records but answers 502, as if the response was lost.
    pub fn lose_next_responses(&self, n: usize) {
        lock(&self.inner).lose_responses = n;
    }

    /// Sessions created.
    pub fn sessions(&self) -> usize {
        lock(&self.inner).sessions
    }
}

type Xs = Arc<Mutex<XrpcInner>>;

async fn create_session(State(s): State<Xs>, body: Bytes) -> Response {
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if req["identifier"] != HANDLE || req["password"] != APP_PASSWORD {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "AuthenticationRequired", "message": "Invalid identifier or password"})),
        )
            .into_response();
    }
    lock(&s).sessions += 1;
    Json(json!({"accessJwt": "standin-jwt", "refreshJwt": "standin-refresh", "did": DID, "handle": HANDLE}))
        .into_response()
}

async fn create_record(State(s): State<Xs>, headers: HeaderMap, body: Bytes) -> Response {
    let ok = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "Bearer standin-jwt");
    if !ok {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "ExpiredToken"})),
        )
            .into_response();
    }
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if req["repo"] != DID || req["collection"] != "app.bsky.feed.post" {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "InvalidRequest"})),
        )
            .into_response();
    }
    let mut g = lock(&s);
    let n = g.records.len() + 1;
    let rkey = req["rkey"]
        .as_str()
        .map_or_else(|| format!("reply{n}"), str::to_owned);
    if g.rkeys.contains(&rkey) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "InvalidRequest", "message": "Record already exists"})),
        )
            .into_response();
    }
    g.records.push(req["record"].clone());
    g.rkeys.push(rkey.clone());
    if g.lose_responses > 0 {
        g.lose_responses -= 1;
        return (StatusCode::BAD_GATEWAY, "upstream went away").into_response();
    }
    Json(json!({"uri": format!("at://{DID}/app.bsky.feed.post/{rkey}"), "cid": format!("bafy{rkey}")}))
        .into_response()
}

async fn get_record(State(s): State<Xs>, Query(q): Query<HashMap<String, String>>) -> Response {
    let g = lock(&s);
    let rkey = q.get("rkey").cloned().unwrap_or_default();
    match g.rkeys.iter().position(|k| *k == rkey) {
        Some(i) if q.get("repo").map(String::as_str) == Some(DID) => Json(json!({
            "uri": format!("at://{DID}/app.bsky.feed.post/{rkey}"),
            "cid": format!("bafy{rkey}"),
            "value": g.records[i],
        }))
        .into_response(),
        _ => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "RecordNotFound", "message": "Could not locate record"})),
        )
            .into_response(),
    }
}

async fn get_profiles(State(s): State<Xs>, Query(q): Query<Vec<(String, String)>>) -> Response {
    let g = lock(&s);
    let profiles: Vec<Value> = q
        .iter()
        .filter(|(k, _)| k == "actors")
        .filter_map(|(_, did)| {
            g.profiles
                .get(did)
                .map(|(h, f)| json!({"did": did, "handle": h, "followersCount": f}))
        })
        .collect();
    Json(json!({"profiles": profiles})).into_response()
}
