//! `chorus bench memory`: the resident memory of a hub that holds N mentions and serves.
//!
//! The figure that matters to someone sizing a machine is what a running `chorus serve` holds,
//! not what a bulk import peaked at. So this command does the import itself (mentions generated
//! and stored batch by batch, never all in memory), closes the hub, and then starts a real
//! `chorus serve` on the same data directory — its own process, with the production setting
//! `MALLOC_ARENA_MAX=2` the README recommends — and drives it over loopback: the dashboard, the
//! listening page and a topic page, each `--requests` times, as a signed-in admin. The server's
//! resident set (`VmRSS`) and its peak over its whole life (`VmHWM`) come from `/proc`. The
//! server runs everything `chorus serve` runs (sources, triage, search indexing, jobs), so its
//! triage and indexing of the freshly imported mentions are part of what it holds.
//!
//! Both the import and the server use the default configuration (plus `CHORUS_…` variables,
//! which the server reads as usual), never the operator's file: a configured broker, search
//! directory or mail relay must not receive a benchmark's synthetic data.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chorus_core::Role;
use chorus_service::accounts;
use chorus_service::{Config, Hub, Origin, listen};

/// What to measure.
pub(crate) struct Options {
    /// Mentions to import before serving.
    pub mentions: u64,
    /// Requests per page.
    pub requests: usize,
    /// Mentions per transaction.
    pub batch: usize,
    /// Keep the data directory afterwards.
    pub keep: bool,
}

/// Resident and peak resident memory of a process, in MiB, from `/proc/PID/status`.
pub(crate) fn rss_mib(pid: u32) -> Result<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("cannot read the memory of process {pid}"))?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => Ok((rss, peak)),
        _ => bail!("process {pid} reports no VmRSS/VmHWM (not Linux?)"),
    }
}

/// `chorus bench memory`.
pub(crate) async fn bench_memory(data_dir: &Path, opts: Options) -> Result<()> {
    let run = format!("bench-memory-{}", chorus_service::Clock::System.now().0);
    let dir = data_dir.join(&run);
    let mut config = Config::default();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let database_url = format!("sqlite://{}", dir.join("chorus.db").display());
    config.hub.data_dir.clone_from(&dir);
    config.database.url.clone_from(&database_url);
    // The import is the fast tier's; the server decides for itself, as configured.
    config.understand.accurate = false;
    let result = measure(config, &dir, &database_url, &opts).await;
    if !opts.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

async fn measure(config: Config, dir: &Path, database_url: &str, opts: &Options) -> Result<()> {
    let hub = Hub::open(config).await?;
    let (cookie, topic) = prepare(&hub).await?;
    import(&hub, opts).await?;
    hub.store().close().await;
    drop(hub);

    let exe = std::env::current_exe().context("cannot find the chorus executable")?;
    let mut cmd = std::process::Command::new(exe);
    // Port 0: the server picks a free port and says which, so no other process can take it
    // between a probe and the bind.
    cmd.env_remove("CHORUS_CONFIG")
        .arg("--data-dir")
        .arg(dir)
        .arg("--database-url")
        .arg(database_url)
        .arg("serve")
        .arg("--listen")
        .arg("127.0.0.1:0")
        .env(
            "MALLOC_ARENA_MAX",
            std::env::var("MALLOC_ARENA_MAX").unwrap_or_else(|_| "2".to_owned()),
        )
        .env("CHORUS_LOG__LEVEL", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    let mut server = Server(cmd.spawn().context("cannot start chorus serve")?);
    let outcome = match listening_address(&mut server.0) {
        Ok(base) => drive(&base, &mut server.0, &cookie, topic, opts.requests).await,
        Err(e) => Err(e),
    };
    drop(server);
    let (rss, peak) = outcome?;
    println!("memory rss_mib={rss:.1} peak_rss_mib={peak:.1}");
    Ok(())
}

/// The server process, stopped however the bench ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads the server's standard output until it says where it listens (a line `Chorus is
/// listening on http://ADDR`); fails if it exits first.
fn listening_address(child: &mut std::process::Child) -> Result<String> {
    use std::io::BufRead;
    let out = child
        .stdout
        .take()
        .context("the server's output is not piped")?;
    let mut lines = std::io::BufReader::new(out).lines();
    while let Some(line) = lines.next() {
        let line = line.context("reading the server's output")?;
        if let Some(url) = line.trim().strip_prefix("Chorus is listening on ") {
            // Keep reading what it prints later: a closed pipe would fail its next print.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok(url.trim_end_matches('/').to_owned());
        }
    }
    bail!("chorus serve exited before listening (see its log above)")
}

/// An admin session for the dashboard, and a community to read: 1,000 topics, 10,000 replies.
/// Returns the session cookie and a topic to request.
async fn prepare(hub: &Hub) -> Result<(String, i64)> {
    let admin = accounts::admin::create_user(
        hub,
        "bench-memory@bench.chorus.test",
        "Bench admin",
        "bench-memory-password",
        Role::Admin,
    )
    .await?;
    let session = accounts::create_session(hub, &admin, &Origin::default()).await?;
    let seeded = chorus_service::bench::seed_community(hub, 1_000, 10_000, |_| {}).await?;
    Ok((
        format!("chorus_session={}", session.token),
        seeded.first_id + 500,
    ))
}

/// Generates and stores the mentions batch by batch (nothing held beyond one batch).
async fn import(hub: &Hub, opts: &Options) -> Result<()> {
    let started = Instant::now();
    let mut lines = chorus_service::bench::MentionGenerator::new(
        0x5EED,
        "bench-memory",
        opts.mentions,
        hub.now(),
        30 * chorus_core::Timestamp::DAY,
    );
    let batch = opts.batch.clamp(1, 100_000);
    let mut stored = 0u64;
    loop {
        let chunk: Vec<String> = lines.by_ref().take(batch).collect();
        if chunk.is_empty() {
            break;
        }
        // A line that does not decode is not stored, and the count below says so.
        let mentions: Vec<_> = chunk
            .iter()
            .filter_map(|l| crate::ingest::decode_line(l))
            .collect();
        stored += listen::ingest(hub, mentions)
            .await?
            .iter()
            .filter(|o| matches!(o, listen::Outcome::New(_)))
            .count() as u64;
    }
    let (rss, peak) = rss_mib(std::process::id())?;
    println!(
        "import mentions={stored} mentions_per_sec={:.0} rss_mib={rss:.1} peak_rss_mib={peak:.1}",
        stored as f64 / started.elapsed().as_secs_f64().max(1e-9)
    );
    if stored < opts.mentions {
        bail!("only {stored} of {} mentions were stored", opts.mentions);
    }
    Ok(())
}

/// Requests each page `requests` times as the admin; returns the server's memory afterwards.
async fn drive(
    base: &str,
    server: &mut std::process::Child,
    cookie: &str,
    topic: i64,
    requests: usize,
) -> Result<(f64, f64)> {
    let pid = server.id();
    // No redirects: a refused session would be sent to the log-in page, which must not be
    // measured in the dashboard's place.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = server.try_wait()? {
            bail!("chorus serve exited ({status}) before it was ready");
        }
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await
            && r.status().is_success()
        {
            break;
        }
        if Instant::now() > deadline {
            bail!("chorus serve did not become ready within 120 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (rss, _) = rss_mib(pid)?;
    println!("serve started rss_mib={rss:.1}");
    for (name, path) in [
        ("dashboard", "/reports".to_owned()),
        ("listening", "/listen".to_owned()),
        ("topic", format!("/t/{topic}")),
    ] {
        let started = Instant::now();
        for _ in 0..requests {
            let r = client
                .get(format!("{base}{path}"))
                .header(reqwest::header::COOKIE, cookie)
                .send()
                .await?;
            let status = r.status();
            let _ = r.bytes().await?;
            if status != reqwest::StatusCode::OK {
                bail!("GET {path} answered {status}");
            }
        }
        let (rss, peak) = rss_mib(pid)?;
        println!(
            "page {name} requests={requests} mean_ms={:.2} rss_mib={rss:.1} peak_rss_mib={peak:.1}",
            started.elapsed().as_secs_f64() * 1000.0 / requests.max(1) as f64
        );
    }
    rss_mib(pid)
}
