//! The parts of Mastodon's client API the stand-in serves: hashtag timelines, search and
//! mention notifications with Mastodon's paging, the hashtag stream over server-sent events,
//! posting statuses, and the status JSON they all return.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::{Posted, Shared, TOKEN, lock};

pub(super) fn status_json(
    host: &str,
    id: &str,
    acct: &str,
    followers: i64,
    text: &str,
    reply: Option<&str>,
) -> Value {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    json!({
        "id": id,
        "uri": format!("http://{host}/users/{acct}/statuses/{id}"),
        "url": format!("http://{host}/@{acct}/{id}"),
        "created_at": created_at(),
        "content": format!("<p>{escaped}</p>"),
        "spoiler_text": "",
        "visibility": "public",
        "in_reply_to_id": reply,
        "reblogs_count": 1,
        "favourites_count": 2,
        "replies_count": 0,
        "language": "en",
        "account": {
            "id": format!("a-{acct}"),
            "acct": acct,
            "display_name": acct,
            "followers_count": followers,
            "url": format!("http://{host}/@{acct}"),
        },
    })
}

fn created_at() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // RFC 3339 without pulling a date library into the test kit.
    let days = now / 86_400;
    let secs = now % 86_400;
    let (y, m, d) = civil(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn failure(s: &Shared, path: String) -> Option<Response> {
    let mut g = lock(s);
    g.requests.push(path);
    let (status, retry) = g.failures.pop_front()?;
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(json!({"error": "stand-in failure"})),
    )
        .into_response();
    if let Some(r) = retry
        && let Ok(v) = r.to_string().parse()
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Some(resp)
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {TOKEN}"))
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": "The access token is invalid"})),
    )
        .into_response()
}

fn id_of(v: &Value) -> u64 {
    v["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Mastodon's paging: `min_id` gives the page right after it, `since_id` the newest above it,
/// `max_id` the page below it; always newest first.
fn page(mut items: Vec<Value>, q: &HashMap<String, String>) -> Vec<Value> {
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(20)
        .clamp(1, 40);
    let num = |k: &str| q.get(k).and_then(|v| v.parse::<u64>().ok());
    if let Some(max) = num("max_id") {
        items.retain(|s| id_of(s) < max);
    }
    items.sort_by_key(id_of);
    let out: Vec<Value> = if let Some(min) = num("min_id") {
        items
            .into_iter()
            .filter(|s| id_of(s) > min)
            .take(limit)
            .collect()
    } else {
        let since = num("since_id").unwrap_or(0);
        let above: Vec<Value> = items.into_iter().filter(|s| id_of(s) > since).collect();
        let skip = above.len().saturating_sub(limit);
        above.into_iter().skip(skip).collect()
    };
    out.into_iter().rev().collect()
}

fn has_tag(s: &Value, tag: &str) -> bool {
    s["content"].as_str().is_some_and(|c| {
        c.to_lowercase()
            .contains(&format!("#{}", tag.to_lowercase()))
    })
}

pub(super) async fn tag_timeline(
    State(s): State<Shared>,
    Path(tag): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = failure(&s, format!("/api/v1/timelines/tag/{tag}?{q:?}")) {
        return r;
    }
    let items: Vec<Value> = lock(&s)
        .statuses
        .iter()
        .filter(|st| has_tag(st, &tag))
        .cloned()
        .collect();
    Json(page(items, &q)).into_response()
}

pub(super) async fn search(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = failure(&s, format!("/api/v2/search?{q:?}")) {
        return r;
    }
    if !authorized(&headers) {
        return unauthorized();
    }
    let words: Vec<String> = q
        .get("q")
        .map(|q| {
            q.split_whitespace()
                .map(|w| w.trim_matches('"').to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let items: Vec<Value> = lock(&s)
        .statuses
        .iter()
        .filter(|st| {
            let c = st["content"].as_str().unwrap_or("").to_lowercase();
            words.iter().all(|w| c.contains(w.as_str()))
        })
        .cloned()
        .collect();
    Json(json!({"accounts": [], "hashtags": [], "statuses": page(items, &q)})).into_response()
}

pub(super) async fn notifications(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = failure(&s, format!("/api/v1/notifications?{q:?}")) {
        return r;
    }
    if !authorized(&headers) {
        return unauthorized();
    }
    let items: Vec<Value> = lock(&s)
        .statuses
        .iter()
        .filter(|st| st["content"].as_str().is_some_and(|c| c.contains("@acme")))
        .cloned()
        .collect();
    let notes: Vec<Value> = page(items, &q)
        .into_iter()
        .map(|st| json!({"id": st["id"], "type": "mention", "status": st}))
        .collect();
    Json(notes).into_response()
}

pub(super) async fn stream_hashtag(
    State(s): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let tag = q.get("tag").cloned().unwrap_or_default();
    let rx = s.updates.subscribe();
    let heartbeat = tokio::time::interval(Duration::from_millis(500));
    let stream = futures_util::stream::unfold(
        (rx, heartbeat, tag, true),
        |(mut rx, mut hb, tag, first)| async move {
            if first {
                return Some((
                    Ok::<Bytes, Infallible>(Bytes::from_static(b":)\n\n")),
                    (rx, hb, tag, false),
                ));
            }
            loop {
                tokio::select! {
                    msg = rx.recv() => match msg {
                        Ok(st) if has_tag(&st, &tag) => {
                            let chunk = format!("event: update\ndata: {st}\n\n");
                            return Some((Ok(Bytes::from(chunk)), (rx, hb, tag, false)));
                        }
                        Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = hb.tick() => {
                        return Some((Ok(Bytes::from_static(b":thump\n\n")), (rx, hb, tag, false)));
                    }
                }
            }
        },
    );
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

pub(super) async fn post_status(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(r) = failure(&s, "/api/v1/statuses".to_owned()) {
        return r;
    }
    if !authorized(&headers) {
        return unauthorized();
    }
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "bad JSON"}))).into_response();
    };
    let text = req["status"].as_str().unwrap_or("").to_owned();
    if text.trim().is_empty() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": "Validation failed: Text can't be blank"})),
        )
            .into_response();
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut g = lock(&s);
    if let Some(k) = &key
        && let Some(existing) = g.by_key.get(k)
    {
        return Json(existing.clone()).into_response();
    }
    g.next_id += 1;
    let id = g.next_id.to_string();
    let reply = req["in_reply_to_id"].as_str().map(str::to_owned);
    let status = status_json(&s.host, &id, "acme", 5000, &text, reply.as_deref());
    g.posted.push(Posted {
        status: text,
        in_reply_to_id: reply,
        visibility: req["visibility"].as_str().unwrap_or("public").to_owned(),
        idempotency_key: key.clone(),
        id,
    });
    if let Some(k) = key {
        g.by_key.insert(k, status.clone());
    }
    Json(status).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_412), (2025, 11, 20));
    }

    #[test]
    fn paging_like_mastodon() {
        let items: Vec<Value> = (1..=10).map(|i| json!({"id": i.to_string()})).collect();
        let q = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let ids = |v: Vec<Value>| v.iter().map(id_of).collect::<Vec<_>>();
        assert_eq!(
            ids(page(items.clone(), &q(&[("limit", "3")]))),
            vec![10, 9, 8]
        );
        assert_eq!(
            ids(page(items.clone(), &q(&[("limit", "3"), ("min_id", "2")]))),
            vec![5, 4, 3]
        );
        assert_eq!(
            ids(page(
                items.clone(),
                &q(&[("limit", "3"), ("since_id", "2")])
            )),
            vec![10, 9, 8]
        );
        assert_eq!(
            ids(page(items, &q(&[("limit", "3"), ("max_id", "5")]))),
            vec![4, 3, 2]
        );
    }
}
