//! The control routes under `/_standin/` through which tests in another process drive the
//! stand-in (see the module docs of [`super`]).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Shared, fail_next, lock, publish};

fn bad_request(error: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": error}))).into_response()
}

/// `POST /_standin/publish` `{"acct", "followers"?, "text", "in_reply_to_id"?}` →
/// `{"id"}`: [`MastodonStandIn::publish`](super::MastodonStandIn::publish) over HTTP.
pub(super) async fn control_publish(State(s): State<Shared>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("bad JSON");
    };
    let (Some(acct), Some(text)) = (req["acct"].as_str(), req["text"].as_str()) else {
        return bad_request("`acct` and `text` must be strings");
    };
    if acct.is_empty() {
        return bad_request("`acct` must not be empty");
    }
    let followers = match &req["followers"] {
        Value::Null => 0,
        v => match v.as_i64() {
            Some(n) => n,
            None => return bad_request("`followers` must be an integer"),
        },
    };
    let reply = match &req["in_reply_to_id"] {
        Value::Null => None,
        Value::String(r) => Some(r.as_str()),
        _ => return bad_request("`in_reply_to_id` must be a string"),
    };
    let id = publish(&s, acct, followers, text, reply);
    Json(json!({"id": id})).into_response()
}

/// `GET /_standin/posted` → the statuses Chorus posted, oldest first.
pub(super) async fn control_posted(State(s): State<Shared>) -> Response {
    let posted: Vec<Value> = lock(&s)
        .posted
        .iter()
        .map(|p| {
            json!({
                "status": p.status,
                "in_reply_to_id": p.in_reply_to_id,
                "visibility": p.visibility,
                "idempotency_key": p.idempotency_key,
                "id": p.id,
            })
        })
        .collect();
    Json(posted).into_response()
}

/// `GET /_standin/requests` → the paths of the REST requests received.
pub(super) async fn control_requests(State(s): State<Shared>) -> Response {
    Json(lock(&s).requests.clone()).into_response()
}

/// `POST /_standin/fail` `{"n", "status", "retry_after"?}`:
/// [`MastodonStandIn::fail_next`](super::MastodonStandIn::fail_next).
pub(super) async fn control_fail(State(s): State<Shared>, body: Bytes) -> Response {
    /// More queued failures than any test needs is a mistake in the test.
    const MAX: u64 = 10_000;
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("bad JSON");
    };
    let Some(n) = req["n"].as_u64().filter(|n| *n <= MAX) else {
        return bad_request("`n` must be an integer from 0 to 10000");
    };
    let Some(status) = req["status"]
        .as_u64()
        .and_then(|v| u16::try_from(v).ok())
        .filter(|v| (400..=599).contains(v))
    else {
        return bad_request("`status` must be an HTTP error status (400-599)");
    };
    let retry_after = match &req["retry_after"] {
        Value::Null => None,
        v => match v.as_u64() {
            Some(r) => Some(r),
            None => return bad_request("`retry_after` must be a number of seconds"),
        },
    };
    // At most `MAX`, so it fits.
    let n = usize::try_from(n).unwrap_or(0);
    fail_next(&s, n, status, retry_after);
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /_standin/streams` → `{"streams"}`, the open streaming connections.
pub(super) async fn control_streams(State(s): State<Shared>) -> Response {
    Json(json!({"streams": s.updates.receiver_count()})).into_response()
}
