//! The kill test of a hub scaled out on PostgreSQL and NATS JetStream.
//!
//! Real processes on loopback: a nats-server started here on a free port with a store
//! directory of its own, one PostgreSQL schema, one `chorus serve` (the web role) and two
//! `chorus worker`s. Mentions arrive through a signed webhook while the test kills the worker
//! that writes (SIGKILL) and starts it again, and restarts nats-server. A push answered with
//! anything but success is repeated, as a relay would. Afterwards every mention must be
//! stored exactly once and every theme's counter must equal its members.
//!
//! `CHORUS_SCALE_OUT_MENTIONS` sets how many mentions (default 200,000).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    missing_docs,
    reason = "a test fails by panicking and reports its figures"
)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chorus_testkit::{TempDir, TestDb};
use sqlx::Connection;

const BIN: &str = env!("CARGO_BIN_EXE_chorus");
/// Instances sharing a database share the key that seals its secrets.
const KEY: &str = "Y2hvcnVzLXNoYXJlZC10ZXN0LWtleS0zMi1ieXRlcyE=";
const BATCH: usize = 500;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A nats-server with JetStream, on a port and store directory of its own.
struct Nats {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Nats {
    fn start(port: u16, dir: &std::path::Path) -> Nats {
        let bin = if std::path::Path::new("/usr/sbin/nats-server").exists() {
            "/usr/sbin/nats-server"
        } else {
            "nats-server"
        };
        let child = Command::new(bin)
            .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nats-server is installed (scripts/setup installs it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "nats-server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Nats {
            child,
            port,
            dir: dir.to_owned(),
        }
    }

    fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Stops the server (SIGTERM, as a supervisor restarting it would) and starts it again on
    /// the same port and store.
    fn restart(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        *self = Nats::start(self.port, &self.dir);
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `chorus` process.
struct Instance {
    child: Child,
    /// `http://…` for a web instance.
    base: Option<String>,
}

fn chorus(dir: &TempDir, db: &str, nats: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir.path())
        .args(["--data-dir"])
        .arg(dir.path())
        .args(["--database-url", db, "--nats", nats])
        .args(args)
        .env_remove("CHORUS_CONFIG")
        .env_remove("CHORUS_DATA_DIR")
        .env_remove("CHORUS_DATABASE_URL")
        .env("RUST_LOG", "error")
        .env("CHORUS_HUB__SECRET_KEY", KEY)
        .env("CHORUS_AUTH__ARGON2_MEMORY_KIB", "64")
        .env("CHORUS_AUTH__ARGON2_ITERATIONS", "1")
        // The accurate tier and triage are not what this test is about; on two cores they
        // would only slow it down.
        .env("CHORUS_UNDERSTAND__ACCURATE", "false")
        .env("CHORUS_TRIAGE__RUN_WORKER", "false")
        .env("CHORUS_BROKER__ACK_WAIT_SECS", "5");
    cmd
}

impl Instance {
    fn web(dir: &TempDir, db: &str, nats: &str) -> Instance {
        let mut child = chorus(dir, db, nats, &["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines.next().expect("web instance exited").unwrap();
            if let Some(addr) = line.strip_prefix("Chorus is listening on ") {
                break addr.trim().to_owned();
            }
        };
        Instance {
            child,
            base: Some(base),
        }
    }

    fn worker(dir: &TempDir, db: &str, nats: &str) -> Instance {
        let child = chorus(dir, db, nats, &["worker"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        Instance { child, base: None }
    }

    /// SIGKILL, as a crash or the OOM killer would.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn lease_holder(db: &str) -> Option<String> {
    let mut conn = sqlx::PgConnection::connect(db).await.unwrap();
    let owner: Option<String> = sqlx::query_scalar(
        "SELECT owner FROM leases WHERE name = 'pipeline-writer' AND expires_at > $1",
    )
    .bind(now_ms())
    .fetch_optional(&mut conn)
    .await
    // Before the first instance migrated the database there is no lease table.
    .unwrap_or(None);
    let _ = conn.close().await;
    owner
}

fn now_ms() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

async fn post_json(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> serde_json::Value {
    let mut req = client.post(url).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().json().await.unwrap()
}

/// Pushes batch `b` until the hub says it stored it (a relay repeats what failed).
async fn push(client: &reqwest::Client, url: &str, secret: &str, b: usize, n: usize) {
    let items: Vec<serde_json::Value> = (b * BATCH..((b + 1) * BATCH).min(n))
        .map(|i| {
            serde_json::json!({
                "external_id": format!("m-{i}"),
                "author": format!("customer{}", i % 5_000),
                "author_followers": i % 1_000,
                // Ten causes, so themes form and grow while instances fail.
                "text": format!(
                    "@acme {} again, order {i}",
                    ["checkout fails with error 500", "app crashes when I open the camera",
                     "refund still not received", "login code never arrives",
                     "sync stopped after the update", "invoice shows the wrong amount",
                     "delivery is two weeks late", "password reset link expired",
                     "cannot cancel my subscription", "notifications stopped working"][i % 10]
                ),
                "created_at": "2026-12-01T12:00:00Z",
            })
        })
        .collect();
    let body = serde_json::to_vec(&items).unwrap();
    let signature = chorus_listen::webhook::sign(secret.as_bytes(), &body);
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let sent = client
            .post(url)
            .header("content-type", "application/json")
            .header("x-chorus-signature", &signature)
            .body(body.clone())
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => return,
            Ok(r) if r.status().as_u16() == 503 => {}
            Ok(r) => {
                let status = r.status();
                let text = r.text().await.unwrap_or_default();
                panic!("batch {b}: {status} {text}");
            }
            Err(_) => {}
        }
        assert!(attempt < 600, "batch {b} was never stored");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_out_kill() {
    let n: usize = std::env::var("CHORUS_SCALE_OUT_MENTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let db = TestDb::postgres().await;
    let url = db.url().to_owned();
    let nats_dir = TempDir::new();
    let mut nats = Nats::start(free_port(), nats_dir.path());
    let nats_url = nats.url();
    let (web_dir, w1_dir, w2_dir) = (TempDir::new(), TempDir::new(), TempDir::new());

    // The first worker migrates the database and becomes the writer; then the others start.
    let mut first = Instance::worker(&w1_dir, &url, &nats_url);
    let started = Instant::now();
    while lease_holder(&url).await.is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "no writer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let writer = lease_holder(&url).await;
    let _second = Instance::worker(&w2_dir, &url, &nats_url);
    let web = Instance::web(&web_dir, &url, &nats_url);
    let base = web.base.clone().unwrap();

    // An admin, a token and a webhook source, through the web instance.
    let mut create = chorus(
        &web_dir,
        &url,
        &nats_url,
        &[
            "admin",
            "create-user",
            "--email",
            "root@example.com",
            "--name",
            "Root",
            "--role",
            "admin",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .spawn()
    .unwrap();
    {
        use std::io::Write;
        let mut stdin = create.stdin.take().unwrap();
        stdin.write_all(b"correct horse battery\n").unwrap();
    }
    assert!(create.wait().unwrap().success());
    let client = chorus_listen::client(None).unwrap();
    let token = post_json(
        &client,
        &format!("{base}/api/v1/tokens"),
        None,
        serde_json::json!({"email": "root@example.com", "password": "correct horse battery"}),
    )
    .await;
    let token = token["token"].as_str().unwrap().to_owned();
    let source = post_json(
        &client,
        &format!("{base}/api/v1/sources"),
        Some(&token),
        serde_json::json!({"name": "Relay", "channel": "webhook"}),
    )
    .await;
    let hook = format!("{base}{}", source["ingest_path"].as_str().unwrap());
    let secret = source["secret"].as_str().unwrap().to_owned();

    // Push every batch, four at a time, while instances fail.
    let batches = n.div_ceil(BATCH);
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let mut pushers = Vec::new();
    for _ in 0..4 {
        let (client, hook, secret) = (client.clone(), hook.clone(), secret.clone());
        let (next, done) = (next.clone(), done.clone());
        pushers.push(tokio::spawn(async move {
            loop {
                let b = next.fetch_add(1, Ordering::SeqCst);
                if b >= batches {
                    return;
                }
                push(&client, &hook, &secret, b, n).await;
                done.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    let until = |share: usize| {
        let done = done.clone();
        async move {
            while done.load(Ordering::SeqCst) * 10 < batches * share {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    until(2).await;
    // The writer dies mid-stream; the other worker takes over when its lease lapses.
    assert_eq!(
        lease_holder(&url).await,
        writer,
        "the first worker still writes"
    );
    first.kill();
    until(4).await;
    let _restarted = Instance::worker(&w1_dir, &url, &nats_url);
    until(6).await;
    nats.restart();
    for p in pushers {
        p.await.unwrap();
    }

    // Every push was answered "stored"; now count.
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let (stored, distinct): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT channel || ':' || external_id) FROM mentions",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let expected = i64::try_from(n).unwrap();
    let duplicates = stored - distinct;
    let lost = expected - distinct;
    // Theme counters equal their members (themes merged away hold none).
    let wrong: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT t.id, t.mention_count, (SELECT COUNT(*) FROM mentions m WHERE m.theme_id = t.id) \
         FROM themes t WHERE t.mention_count <> \
         (SELECT COUNT(*) FROM mentions m WHERE m.theme_id = t.id)",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let themed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM mentions WHERE theme_id IS NOT NULL")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    // Hourly counters counted each stored mention once (a writer that wrote a batch twice,
    // or counted one it did not store, would show here).
    let (counted, by_sentiment): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(mentions), 0)::BIGINT, \
         COALESCE(SUM(negative + neutral + positive), 0)::BIGINT FROM mention_counts",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let _ = conn.close().await;
    println!("scale-out: stored={stored} expected={expected} duplicates={duplicates} lost={lost}");
    assert_eq!((duplicates, lost), (0, 0));
    assert_eq!(stored, expected);
    assert!(
        wrong.is_empty(),
        "theme counters differ from their members: {wrong:?}"
    );
    assert_eq!((counted, by_sentiment), (stored, stored), "hourly counters");
    assert!(
        themed > expected / 2,
        "complaints form themes: {themed} of {expected}"
    );
    drop(web);
}
