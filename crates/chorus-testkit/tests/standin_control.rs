//! The Mastodon stand-in driven over HTTP through its `/_standin/` control routes, as the
//! browser tests do, both in-process and as the `chorus-standin` binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use chorus_testkit::mastodon::{MastodonStandIn, TOKEN};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A response: status, headers (names lower-cased), body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn host_of(base: &str) -> &str {
    base.strip_prefix("http://").unwrap()
}

/// One HTTP/1.1 request over a fresh connection, read until the server closes it.
async fn http(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Reply {
    let host = host_of(base);
    let mut conn = TcpStream::connect(host).await.unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    conn.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), conn.read_to_end(&mut raw))
        .await
        .expect("response in time")
        .unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")),
        "this client reads only sized bodies"
    );
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

async fn get(base: &str, path: &str) -> Reply {
    http(base, "GET", path, &[], None).await
}

async fn post(base: &str, path: &str, body: Value) -> Reply {
    http(base, "POST", path, &[], Some(&body)).await
}

/// Publishes through the control route and returns the new status's id.
async fn publish(base: &str, body: Value) -> String {
    let r = post(base, "/_standin/publish", body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn control_routes_publish_and_report_over_http() {
    let m = MastodonStandIn::start_on("127.0.0.1:0").await.unwrap();
    let base = m.url();

    // A hashtag stream open before publishing sees the status, as with `publish`.
    let mut stream = TcpStream::connect(host_of(base)).await.unwrap();
    stream
        .write_all(
            format!(
                "GET /api/v1/streaming/hashtag?tag=acme HTTP/1.1\r\nHost: {}\r\n\r\n",
                host_of(base)
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    for _ in 0..100 {
        if get(base, "/_standin/streams").await.json() == json!({"streams": 1}) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(m.streams(), 1);

    let id = publish(
        base,
        json!({"acct": "jane@example.social", "followers": 12, "text": "#acme hello"}),
    )
    .await;
    let reply = publish(
        base,
        json!({"acct": "bob", "text": "#acme same here", "in_reply_to_id": id}),
    )
    .await;

    let mut seen = String::new();
    tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        while !seen.contains(&format!("\"id\":\"{id}\"")) {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "stream closed: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    })
    .await
    .expect("the stream shows the published status");
    assert!(seen.contains("event: update"), "{seen}");

    // The timeline returns both, newest first, shaped as `publish` shapes them.
    let r = get(base, "/api/v1/timelines/tag/acme").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let timeline = r.json();
    let timeline = timeline.as_array().unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[0]["id"], json!(reply));
    assert_eq!(timeline[0]["in_reply_to_id"], json!(id));
    assert_eq!(timeline[0]["account"]["followers_count"], json!(0));
    assert_eq!(timeline[1]["id"], json!(id));
    assert_eq!(timeline[1]["in_reply_to_id"], Value::Null);
    assert_eq!(timeline[1]["content"], json!("<p>#acme hello</p>"));
    assert_eq!(timeline[1]["account"]["acct"], json!("jane@example.social"));
    assert_eq!(timeline[1]["account"]["followers_count"], json!(12));

    // What Chorus posts shows up in `/_standin/posted`, with every field.
    let auth = format!("Bearer {TOKEN}");
    let headers = [("Authorization", auth.as_str()), ("Idempotency-Key", "k-1")];
    let body = json!({"status": "@jane thanks!", "in_reply_to_id": id, "visibility": "unlisted"});
    let r = http(base, "POST", "/api/v1/statuses", &headers, Some(&body)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let posted_id = r.json()["id"].as_str().unwrap().to_owned();
    let body = json!({"status": "plain"});
    let r = http(base, "POST", "/api/v1/statuses", &headers[..1], Some(&body)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let plain_id = r.json()["id"].as_str().unwrap().to_owned();
    let posted = get(base, "/_standin/posted").await;
    assert_eq!(posted.status, 200);
    assert_eq!(
        posted.json(),
        json!([
            {
                "status": "@jane thanks!",
                "in_reply_to_id": id,
                "visibility": "unlisted",
                "idempotency_key": "k-1",
                "id": posted_id,
            },
            {
                "status": "plain",
                "in_reply_to_id": null,
                "visibility": "public",
                "idempotency_key": null,
                "id": plain_id,
            },
        ])
    );
    assert_eq!(m.posted().len(), 2);

    // Queued failures hit the next REST requests, not the control routes.
    let r = post(
        base,
        "/_standin/fail",
        json!({"n": 1, "status": 503, "retry_after": 7}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(get(base, "/_standin/posted").await.status, 200);
    let r = get(base, "/api/v1/timelines/tag/acme").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("7"));
    assert_eq!(get(base, "/api/v1/timelines/tag/acme").await.status, 200);

    // Requests lists the REST calls only.
    let requests = get(base, "/_standin/requests").await.json();
    let requests: Vec<&str> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(requests, m.requests());
    assert_eq!(requests.len(), 5, "{requests:?}");
    assert!(requests[0].starts_with("/api/v1/timelines/tag/acme"));
    assert_eq!(requests[1], "/api/v1/statuses");
    assert!(requests.iter().all(|p| !p.starts_with("/_standin")));

    // Bad control input is refused, not half-applied.
    for (path, body) in [
        ("/_standin/publish", json!({"text": "no author"})),
        ("/_standin/publish", json!({"acct": "x", "text": 3})),
        (
            "/_standin/publish",
            json!({"acct": "x", "text": "t", "followers": "many"}),
        ),
        ("/_standin/fail", json!({"n": 1, "status": 200})),
        ("/_standin/fail", json!({"status": 500})),
    ] {
        let r = post(base, path, body.clone()).await;
        assert_eq!(r.status, 400, "{path} {body}: {}", r.body);
        assert!(r.json()["error"].is_string());
    }
    let r = http(base, "POST", "/_standin/publish", &[], None).await;
    assert_eq!(r.status, 400);
    assert_eq!(get(base, "/api/v1/timelines/tag/acme").await.status, 200);
    assert_eq!(
        get(base, "/api/v1/timelines/tag/acme")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// Kills the process if the test fails before it is stopped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn binary_serves_until_terminated() {
    let child = Command::new(env!("CARGO_BIN_EXE_chorus-standin"))
        .args(["mastodon", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    let id = publish(
        &base,
        json!({"acct": "jane", "followers": 3, "text": "#acme from afar"}),
    )
    .await;
    let timeline = get(&base, "/api/v1/timelines/tag/acme").await.json();
    assert_eq!(timeline[0]["id"], json!(id));

    let auth = format!("Bearer {TOKEN}");
    let body = json!({"status": "posted by Chorus"});
    let r = http(
        &base,
        "POST",
        "/api/v1/statuses",
        &[("Authorization", &auth)],
        Some(&body),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let posted = get(&base, "/_standin/posted").await.json();
    assert_eq!(posted[0]["status"], json!("posted by Chorus"));

    #[cfg(unix)]
    {
        let pid = child.0.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(killed.success());
        let mut exited = None;
        for _ in 0..200 {
            exited = child.0.try_wait().unwrap();
            if exited.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let exited = exited.expect("exits on SIGTERM");
        assert!(exited.success(), "{exited:?}");
    }
}

#[test]
fn binary_rejects_bad_arguments_with_usage() {
    for args in [
        &[][..],
        &["mastodon", "--listen"],
        &["mastodon", "--listen", "not-an-address"],
        &["twitter"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_chorus-standin"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("usage: chorus-standin mastodon"),
            "{stderr}"
        );
    }
}
