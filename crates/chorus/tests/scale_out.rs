//! The kill test of a hub scaled out on PostgreSQL and NATS JetStream.
//!
//! Real processes on loopback: a nats-server started here on a free port with a store
//! directory of its own, one PostgreSQL schema, one `chorus serve` (the web role) and two
//! `chorus worker`s. Mentions arrive through a signed webhook while the test kills the worker
//! that writes (SIGKILL) and starts it again, and restarts nats-server. A push answered with
//! anything but success is repeated, as a relay would. Meanwhile a Mastodon stand-in gets new
//! statuses that a polled source picks up, and a staff member answers a member's topic, whose
//! notifications the workers' jobs e-mail to an SMTP stand-in.
//!
//! Afterwards every mention must be stored exactly once, every theme's counter must equal its
//! members, the Mastodon source's checkpoint must never have been ahead of what was stored
//! (checked every few hundred milliseconds throughout), and every notification must have
//! reached the member as exactly one message (one Message-ID). SMTP has no idempotent submit
//! (RFC 1047): a worker killed after the relay's "250" and before its job is recorded leaves
//! the job to be run again, and that message goes out a second time under the same
//! Message-ID, which mail stores fold into one. So a resend is allowed only for the one kill,
//! and only as a copy of a message already sent.
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

use chorus_testkit::mastodon::{MastodonStandIn, TOKEN};
use chorus_testkit::{SmtpCapture, TempDir, TestDb};
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

/// What every instance of the cluster is pointed at.
struct Cluster {
    db: String,
    nats: String,
    smtp: String,
}

fn chorus(dir: &TempDir, c: &Cluster, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir.path())
        .args(["--data-dir"])
        .arg(dir.path())
        .args(["--database-url", &c.db, "--nats", &c.nats])
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
        .env("CHORUS_BROKER__ACK_WAIT_SECS", "5")
        .env("CHORUS_MAIL__SMTP_URL", &c.smtp)
        .env("CHORUS_LISTEN__MIN_POLL_SECONDS", "1");
    cmd
}

impl Instance {
    fn web(dir: &TempDir, c: &Cluster) -> Instance {
        let mut child = chorus(dir, c, &["serve", "--listen", "127.0.0.1:0"])
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

    fn worker(dir: &TempDir, c: &Cluster) -> Instance {
        let child = chorus(dir, c, &["worker"])
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

/// Creates an account through the CLI, as an operator would.
fn create_user(dir: &TempDir, c: &Cluster, email: &str, name: &str, role: &str) {
    let mut create = chorus(
        dir,
        c,
        &[
            "admin",
            "create-user",
            "--email",
            email,
            "--name",
            name,
            "--role",
            role,
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
    assert!(create.wait().unwrap().success(), "create {email}");
}

async fn token(client: &reqwest::Client, base: &str, email: &str) -> String {
    let t = post_json(
        client,
        &format!("{base}/api/v1/tokens"),
        None,
        serde_json::json!({"email": email, "password": "correct horse battery"}),
    )
    .await;
    t["token"].as_str().unwrap().to_owned()
}

/// The status id a Mastodon source's checkpoint covers (its `tag:acme` timeline), and the
/// ids of the Mastodon statuses stored, as one snapshot: a checkpoint is committed with the
/// mentions it covers, so whatever it covers must be stored in the same snapshot.
async fn polled_state(conn: &mut sqlx::PgConnection) -> (Option<u64>, Vec<u64>) {
    // One snapshot for both reads: a checkpoint committed before its mentions shows.
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await
        .unwrap();
    let checkpoint: Option<String> =
        sqlx::query_scalar("SELECT checkpoint FROM sources WHERE channel = 'mastodon'")
            .fetch_optional(&mut *tx)
            .await
            .unwrap();
    let covered = checkpoint
        .and_then(|c| serde_json::from_str::<serde_json::Value>(&c).ok())
        .and_then(|c| c["tag:acme"].as_str().and_then(|id| id.parse().ok()));
    let uris: Vec<String> =
        sqlx::query_scalar("SELECT external_id FROM mentions WHERE channel = 'mastodon'")
            .fetch_all(&mut *tx)
            .await
            .unwrap();
    tx.commit().await.unwrap();
    let ids = uris
        .iter()
        .map(|u| u.rsplit('/').next().unwrap().parse().unwrap())
        .collect();
    (covered, ids)
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
    let smtp = SmtpCapture::start().await;
    let mastodon = Arc::new(MastodonStandIn::start().await);
    let cluster = Cluster {
        db: url.clone(),
        nats: nats.url(),
        smtp: smtp.url(),
    };
    let (web_dir, w1_dir, w2_dir) = (TempDir::new(), TempDir::new(), TempDir::new());

    // The first worker migrates the database and becomes the writer; then the others start.
    let mut first = Instance::worker(&w1_dir, &cluster);
    let started = Instant::now();
    while lease_holder(&url).await.is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "no writer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let writer = lease_holder(&url).await;
    let _second = Instance::worker(&w2_dir, &cluster);
    let web = Instance::web(&web_dir, &cluster);
    let base = web.base.clone().unwrap();

    // An admin, a member, tokens and the sources, through the web instance.
    create_user(&web_dir, &cluster, "root@example.com", "Root", "admin");
    create_user(&web_dir, &cluster, "ana@example.com", "Ana", "member");
    let client = chorus_listen::client(None).unwrap();
    let root = token(&client, &base, "root@example.com").await;
    let ana = token(&client, &base, "ana@example.com").await;
    let source = post_json(
        &client,
        &format!("{base}/api/v1/sources"),
        Some(&root),
        serde_json::json!({"name": "Relay", "channel": "webhook"}),
    )
    .await;
    let hook = format!("{base}{}", source["ingest_path"].as_str().unwrap());
    let secret = source["secret"].as_str().unwrap().to_owned();

    // A polled source. A timeline is first read from its newest status, so one is published
    // and stored before the stream of statuses starts.
    let published = Arc::new(std::sync::Mutex::new(vec![mastodon.publish(
        "first",
        10,
        "#acme where is my parcel?",
    )]));
    let polled = post_json(
        &client,
        &format!("{base}/api/v1/sources"),
        Some(&root),
        serde_json::json!({"name": "Fediverse", "channel": "mastodon", "query": "#acme",
            "settings": {"base_url": mastodon.url(), "stream": false},
            "secret": TOKEN, "poll_seconds": 1}),
    )
    .await;
    assert!(polled["id"].is_i64(), "{polled}");
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let started = Instant::now();
    while polled_state(&mut conn).await.1.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the polled source never stored its first status"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A member's topic that staff answers while instances fail.
    let topic = post_json(
        &client,
        &format!("{base}/api/v1/topics"),
        Some(&ana),
        serde_json::json!({"kind": "question", "title": "Where is my parcel?",
            "body": "It has been three weeks.", "tags": []}),
    )
    .await;
    let topic = topic["id"].as_i64().unwrap();

    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // New statuses, twenty a second.
    let publisher = {
        let (stop, published, m) = (stop.clone(), published.clone(), mastodon.clone());
        tokio::spawn(async move {
            let mut k = 0;
            while !stop.load(Ordering::SeqCst) {
                k += 1;
                let id = m.publish(
                    &format!("fan{}", k % 300),
                    k,
                    &format!("#acme parcel {k} is stuck in customs"),
                );
                published.lock().unwrap().push(id);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    // The invariant of checkpoints, checked every 300 ms.
    let checker = {
        let (stop, published) = (stop.clone(), published.clone());
        let url = url.clone();
        tokio::spawn(async move {
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            let (mut checks, mut ahead) = (0usize, Vec::new());
            while !stop.load(Ordering::SeqCst) {
                let (covered, stored) = polled_state(&mut conn).await;
                if let Some(cp) = covered {
                    let stored: std::collections::HashSet<u64> = stored.into_iter().collect();
                    let missing = published
                        .lock()
                        .unwrap()
                        .iter()
                        .map(|id| id.parse::<u64>().unwrap())
                        .filter(|id| *id <= cp && !stored.contains(id))
                        .count();
                    if missing > 0 {
                        ahead.push((cp, missing));
                    }
                    checks += 1;
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            (checks, ahead)
        })
    };
    // Staff answers once a second; each answer notifies ana (in the app and by e-mail).
    let answerer = {
        let (stop, client, base, root) = (stop.clone(), client.clone(), base.clone(), root.clone());
        tokio::spawn(async move {
            let mut answers = 0usize;
            while !stop.load(Ordering::SeqCst) {
                let r = client
                    .post(format!("{base}/api/v1/topics/{topic}/replies"))
                    .bearer_auth(&root)
                    .json(&serde_json::json!({"body": format!("Update {answers}: we are on it.")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
                answers += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            answers
        })
    };

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
    let _restarted = Instance::worker(&w1_dir, &cluster);
    until(6).await;
    nats.restart();
    for p in pushers {
        p.await.unwrap();
    }
    stop.store(true, Ordering::SeqCst);
    publisher.await.unwrap();
    let (checks, ahead) = checker.await.unwrap();
    let answers = answerer.await.unwrap();

    // The polled source catches up with everything published (its checkpoint walks forward
    // from where it stood), the jobs e-mail every notification and the community's posts
    // reach listening.
    let published: Vec<u64> = published
        .lock()
        .unwrap()
        .iter()
        .map(|id| id.parse().unwrap())
        .collect();
    let started = Instant::now();
    loop {
        let (covered, stored) = polled_state(&mut conn).await;
        if stored.len() >= published.len() && covered >= published.iter().max().copied() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let counters: (i64, i64, Option<String>) = sqlx::query_as(
                "SELECT items_seen, items_new, last_error FROM sources WHERE channel = 'mastodon'",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap();
            let stored: std::collections::HashSet<u64> = stored.into_iter().collect();
            let missing: Vec<&u64> = published.iter().filter(|id| !stored.contains(id)).collect();
            panic!(
                "the polled source stored {} of {} statuses (checkpoint {covered:?}; seen, new, \
                 error: {counters:?}); missing {:?}…",
                stored.len(),
                published.len(),
                &missing[..missing.len().min(20)]
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let notifications = loop {
        let notified: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'ana@example.com'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        let notified = usize::try_from(notified).unwrap();
        let community: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM mentions WHERE channel = 'community'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        if notified >= answers
            && smtp.mails().len() >= notified
            && usize::try_from(community).unwrap() > answers
        {
            break notified;
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "{notified} of {answers} answers notified, {} e-mails, {community} community posts",
            smtp.mails().len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // A job repeated after a takeover would send its e-mail late: wait until no job is left
    // to run, so any resend has happened.
    loop {
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE state = 'pending' \
             AND kind IN ('send_email', 'community_fanout')",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        if left == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "{left} notification jobs never ran"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mails = smtp.mails();
    let message_ids: std::collections::HashSet<String> = mails
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();

    // Every push was answered "stored"; now count.
    let (stored, distinct): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT channel || ':' || external_id) FROM mentions",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let (pushed_stored,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT external_id) FROM mentions WHERE channel = 'webhook'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    // The community's own posts (the topic and its answers) are mentions too.
    let (community_stored,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT external_id) FROM mentions WHERE channel = 'community'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let (_, polled_ids) = polled_state(&mut conn).await;
    let polled_distinct: std::collections::HashSet<u64> = polled_ids.iter().copied().collect();
    let posts = 1 + answers;
    let expected = i64::try_from(n + published.len() + posts).unwrap();
    let duplicates = stored - distinct;
    let lost = i64::try_from(n).unwrap() - pushed_stored
        + i64::try_from(
            published
                .iter()
                .filter(|id| !polled_distinct.contains(id))
                .count(),
        )
        .unwrap()
        + i64::try_from(posts).unwrap()
        - community_stored;
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
    println!(
        "scale-out: polled={} checkpoint_checks={checks} checkpoints_ahead={}",
        published.len(),
        ahead.len()
    );
    println!(
        "scale-out: answers={answers} notifications={notifications} emails={} distinct_message_ids={} resent={}",
        mails.len(),
        message_ids.len(),
        mails.len() - message_ids.len()
    );
    println!("scale-out: stored={stored} expected={expected} duplicates={duplicates} lost={lost}");
    assert_eq!((duplicates, lost), (0, 0));
    assert_eq!(stored, expected);
    // Per channel too, so a surplus in one cannot hide a loss in another.
    assert_eq!(pushed_stored, i64::try_from(n).unwrap(), "webhook");
    assert_eq!(polled_distinct.len(), published.len(), "mastodon");
    assert_eq!(community_stored, i64::try_from(posts).unwrap(), "community");
    assert!(checks > 10, "the checkpoint was checked {checks} times");
    assert!(
        ahead.is_empty(),
        "a checkpoint covered statuses not stored (checkpoint, missing): {ahead:?}"
    );
    assert_eq!(notifications, answers, "one notification per answer");
    assert!(
        mails.iter().all(|m| m.to == ["ana@example.com"]),
        "only ana is notified"
    );
    assert_eq!(
        message_ids.len(),
        notifications,
        "one e-mail (one Message-ID) per notification"
    );
    // One worker was killed once, so at most the one message it had in flight went twice.
    assert!(
        mails.len() - message_ids.len() <= 1,
        "{} copies resent after one kill",
        mails.len() - message_ids.len()
    );
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
