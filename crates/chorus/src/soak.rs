//! `chorus bench soak`: a bounded load generator for a hub running on this machine.
//!
//! It calibrates first (closed loop, `concurrency` workers, full speed) to find what the hub
//! sustains for this traffic mix, then runs an open loop at a share of that rate, so the hub is
//! busy but not saturated, and watches for what a long run reveals: errors that appear only
//! after a while, and memory that keeps growing. Traffic goes only to the given address (the
//! scripts use loopback), and every loop is bounded in time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use reqwest::Method;
use tokio::sync::Semaphore;

/// How much traffic (in time at the soak rate) may wait for answers before a request that
/// cannot be sent counts as an error: a stall longer than this is an outage to a client.
const BACKLOG: Duration = Duration::from_secs(2);

/// What to drive and how hard.
pub(crate) struct Options {
    pub url: String,
    pub token: String,
    pub webhook: String,
    pub secret: String,
    pub pid: u32,
    pub minutes: u64,
    pub calibrate_secs: u64,
    pub load: f64,
    pub concurrency: usize,
    /// Print each request slower than this to standard error.
    pub slow: Option<Duration>,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    errors: AtomicU64,
    /// Errors by request kind and outcome (`reply:429`, `topic:timeout`, `behind`).
    kinds: std::sync::Mutex<std::collections::BTreeMap<String, u64>>,
    /// Response times in microseconds since the last report.
    latencies: std::sync::Mutex<Vec<u32>>,
}

impl Counters {
    fn error(&self, what: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut k) = self.kinds.lock() {
            *k.entry(what).or_default() += 1;
        }
    }

    fn latency(&self, took: Duration) {
        if let Ok(mut l) = self.latencies.lock() {
            l.push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
        }
    }

    /// Median, 99th percentile and slowest response time (ms) since the last call.
    fn take_latencies(&self) -> String {
        let Ok(mut l) = self.latencies.lock() else {
            return String::new();
        };
        let mut v = std::mem::take(&mut *l);
        if v.is_empty() {
            return "p50_ms=- p99_ms=- max_ms=-".to_owned();
        }
        v.sort_unstable();
        let at = |q: f64| {
            f64::from(chorus_service::reports::quantile(&v, q).unwrap_or_default()) / 1000.0
        };
        format!(
            "p50_ms={:.1} p99_ms={:.1} max_ms={:.1}",
            at(0.5),
            at(0.99),
            at(1.0)
        )
    }

    /// The error kinds since the last call, most frequent first.
    fn take_kinds(&self) -> String {
        let Ok(mut k) = self.kinds.lock() else {
            return String::new();
        };
        let mut v: Vec<(String, u64)> = std::mem::take(&mut *k).into_iter().collect();
        v.sort_by_key(|b| std::cmp::Reverse(b.1));
        v.iter()
            .take(6)
            .map(|(k, n)| format!("{k}={n}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

struct Driver {
    client: reqwest::Client,
    o: Options,
    topics: Vec<i64>,
    seq: AtomicU64,
    counters: Counters,
    /// The id of the last topic this run created (0 before the first).
    created: AtomicU64,
    /// When the run began; slow requests are printed with their offset from it.
    epoch: Instant,
}

/// A field of `/proc/PID/status` in KiB (`VmRSS`, `RssAnon`, `RssFile`).
fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Resident memory of `pid` in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmRSS")
}

impl Driver {
    /// A topic this run created, or `fallback` before there is one.
    fn newest_topic(&self, fallback: i64) -> i64 {
        match self.created.load(Ordering::Relaxed) {
            0 => fallback,
            id => i64::try_from(id).unwrap_or(fallback),
        }
    }

    /// One request of the mix, chosen by the sequence number: mostly page views and API
    /// reads, a write and a signed webhook delivery in every ten.
    async fn one(&self) {
        let n = self.seq.fetch_add(1, Ordering::Relaxed);
        let topic = self.topics[(n as usize * 7919) % self.topics.len()];
        let base = &self.o.url;
        const KINDS: [&str; 10] = [
            "topic",
            "topic",
            "topic",
            "topics",
            "api_list",
            "api_topic",
            "kb",
            "write",
            "webhook",
            "health",
        ];
        let kind = KINDS[(n % 10) as usize];
        let (method, path, body, signed) = match n % 10 {
            0..=2 => (Method::GET, format!("/t/{topic}"), None, false),
            3 => (Method::GET, "/topics".to_owned(), None, false),
            4 => (
                Method::GET,
                "/api/v1/topics?limit=20".to_owned(),
                None,
                false,
            ),
            5 => (Method::GET, format!("/api/v1/topics/{topic}"), None, false),
            6 => (Method::GET, "/kb".to_owned(), None, false),
            // Writes alternate between new questions and replies to them, so pages keep a
            // realistic size instead of one topic collecting every reply of the run.
            7 if (n / 10).is_multiple_of(2) => (
                Method::POST,
                "/api/v1/topics".to_owned(),
                Some(serde_json::json!({
                    "kind": "question",
                    "title": format!("Sync question {n}"),
                    "body": format!("Soak question {n}: my files stopped syncing after the update."),
                })),
                false,
            ),
            7 => (
                Method::POST,
                format!("/api/v1/topics/{}/replies", self.newest_topic(topic)),
                Some(serde_json::json!({
                    "body": format!("Soak reply {n}: the sync finished after a restart, thanks.")
                })),
                false,
            ),
            8 => (
                Method::POST,
                self.o.webhook.clone(),
                Some(serde_json::json!([{
                    "external_id": format!("soak-{n}"),
                    "author": format!("soaker{}", n % 500),
                    "author_followers": n % 5_000,
                    "text": format!("acme checkout keeps failing for order {n}"),
                    "created_at": time_now(),
                }])),
                true,
            ),
            _ => (Method::GET, "/healthz".to_owned(), None, false),
        };
        let mut req = self.client.request(method, format!("{base}{path}"));
        if path.starts_with("/api/") {
            req = req.bearer_auth(&self.o.token);
        }
        if let Some(b) = body {
            let bytes = serde_json::to_vec(&b).unwrap_or_default();
            if signed {
                req = req.header(
                    "x-chorus-signature",
                    chorus_listen::webhook::sign(self.o.secret.as_bytes(), &bytes),
                );
            }
            req = req.header("content-type", "application/json").body(bytes);
        }
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        let creates = path == "/api/v1/topics";
        let sent = Instant::now();
        match req.send().await {
            Ok(r) => {
                let s = r.status();
                // Drain the body: a real client reads what it asked for.
                let bytes = r.bytes().await.unwrap_or_default();
                let took = sent.elapsed();
                self.counters.latency(took);
                if self.o.slow.is_some_and(|slow| took >= slow) {
                    eprintln!(
                        "slow t_s={:.3} kind={kind} status={} ms={}",
                        (sent - self.epoch).as_secs_f64(),
                        s.as_u16(),
                        took.as_millis()
                    );
                }
                if creates
                    && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
                    && let Some(id) = v["id"].as_u64()
                {
                    self.created.store(id, Ordering::Relaxed);
                }
                if !(s.is_success() || s.is_redirection()) {
                    self.counters.error(format!("{kind}:{}", s.as_u16()));
                }
            }
            Err(e) => self.counters.error(format!(
                "{kind}:{}",
                if e.is_timeout() { "timeout" } else { "io" }
            )),
        }
    }
}

fn time_now() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    chorus_core::Timestamp(ms).rfc3339()
}

/// Runs the calibration and the soak; fails when any request failed or memory grew more than
/// 10 % after the first minute.
pub(crate) async fn run(o: Options) -> Result<()> {
    if !(0.0..=1.0).contains(&o.load) || o.load == 0.0 {
        bail!("--load must be in (0, 1]");
    }
    let client = chorus_listen::client(Some(Duration::from_secs(30)))?;
    let list: serde_json::Value = client
        .get(format!("{}/api/v1/topics?limit=100", o.url))
        .bearer_auth(&o.token)
        .send()
        .await
        .context("listing topics")?
        .json()
        .await?;
    let topics: Vec<i64> = list["topics"]
        .as_array()
        .or_else(|| list["items"].as_array())
        .map(|a| a.iter().filter_map(|t| t["id"].as_i64()).collect())
        .unwrap_or_default();
    if topics.is_empty() {
        bail!("the hub has no topics to read (start it with --demo)");
    }
    let d = Arc::new(Driver {
        client,
        o,
        topics,
        seq: AtomicU64::new(0),
        counters: Counters::default(),
        created: AtomicU64::new(0),
        epoch: Instant::now(),
    });

    // Calibration: closed loop, every worker sends its next request as soon as one returns.
    // Only the second half counts: by then the work each request leaves behind (listening
    // jobs for new replies, theme assignment, search indexing) runs alongside, as it will
    // during the soak.
    let secs = d.o.calibrate_secs.max(2);
    let start = Instant::now();
    let half = start + Duration::from_secs(secs / 2);
    let until = start + Duration::from_secs(secs);
    let mut workers = Vec::new();
    for _ in 0..d.o.concurrency.max(1) {
        let d = d.clone();
        workers.push(tokio::spawn(async move {
            while Instant::now() < until {
                d.one().await;
            }
        }));
    }
    tokio::time::sleep_until(half.into()).await;
    let at_half = d.counters.requests.load(Ordering::Relaxed);
    for w in workers {
        let _ = w.await;
    }
    let total = d.counters.requests.swap(0, Ordering::Relaxed);
    let cal_errors = d.counters.errors.swap(0, Ordering::Relaxed);
    let cal_kinds = d.counters.take_kinds();
    #[allow(clippy::cast_precision_loss, reason = "a rate")]
    let max_rate = (total - at_half) as f64 / (secs - secs / 2) as f64;
    let rate = (max_rate * d.o.load).max(1.0);
    println!(
        "calibrate requests={total} errors={cal_errors} max_per_sec={max_rate:.0} soak_per_sec={rate:.0} {cal_kinds}"
    );

    // Soak: open loop at `rate`, dispatched every 10 ms, with at most BACKLOG worth of traffic
    // in flight. A request that cannot be sent because the hub has not answered the last
    // BACKLOG of traffic counts as an error (`behind`): the hub stalled. A shorter hiccup only
    // shows in the minute's latency figures, as a client would see it.
    let in_flight = (rate * BACKLOG.as_secs_f64())
        .ceil()
        .max(d.o.concurrency.max(1) as f64);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "bounded above"
    )]
    let in_flight = in_flight.min(1_000_000.0) as usize;
    let permits = Arc::new(Semaphore::new(in_flight));
    d.counters.take_latencies();
    let start = Instant::now();
    let end = start + Duration::from_secs(d.o.minutes.max(1) * 60);
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    let mut sent_total = 0f64;
    let mut minute = 1;
    let (mut last_req, mut last_err) = (0u64, 0u64);
    let mut rss_first = None;
    let mut rss_last = 0;
    while Instant::now() < end {
        tick.tick().await;
        let due = rate * start.elapsed().as_secs_f64();
        while sent_total < due {
            sent_total += 1.0;
            let Ok(permit) = permits.clone().try_acquire_owned() else {
                // The hub is behind: count the request we could not even send as an error.
                d.counters.requests.fetch_add(1, Ordering::Relaxed);
                d.counters.error("behind".to_owned());
                continue;
            };
            let d = d.clone();
            tokio::spawn(async move {
                d.one().await;
                drop(permit);
            });
        }
        if start.elapsed() >= Duration::from_secs(60 * minute) {
            let req = d.counters.requests.load(Ordering::Relaxed);
            let err = d.counters.errors.load(Ordering::Relaxed);
            let rss = rss_kib(d.o.pid).unwrap_or(0);
            if minute == 1 {
                rss_first = Some(rss);
            }
            rss_last = rss;
            // Anonymous memory is the heap; file-backed pages are mapped files (the search
            // index, the database) that grow with the data and the kernel may drop.
            let mb = |k: Option<u64>| k.unwrap_or(0) as f64 / 1024.0;
            println!(
                "minute={minute} requests={} errors={} {} rss_mb={:.1} anon_mb={:.1} file_mb={:.1} {}",
                req - last_req,
                err - last_err,
                d.counters.take_latencies(),
                rss as f64 / 1024.0,
                mb(status_kib(d.o.pid, "RssAnon")),
                mb(status_kib(d.o.pid, "RssFile")),
                d.counters.take_kinds()
            );
            (last_req, last_err) = (req, err);
            minute += 1;
        }
    }
    // Let the last requests finish.
    let _ = tokio::time::timeout(
        Duration::from_secs(30),
        permits.acquire_many(u32::try_from(in_flight).unwrap_or(u32::MAX)),
    )
    .await;
    let requests = d.counters.requests.load(Ordering::Relaxed);
    let errors = d.counters.errors.load(Ordering::Relaxed);
    let first = rss_first.unwrap_or(rss_last).max(1);
    #[allow(clippy::cast_precision_loss, reason = "a percentage")]
    let growth = (rss_last as f64 - first as f64) * 100.0 / first as f64;
    println!("soak requests={requests} errors={errors} rss_growth_pct={growth:.1}");
    if rss_last == 0 {
        bail!("could not read the resident memory of process {}", d.o.pid);
    }
    if errors > 0 || growth > 10.0 {
        bail!("the soak failed: {errors} errors, memory grew {growth:.1} % after the first minute");
    }
    Ok(())
}
