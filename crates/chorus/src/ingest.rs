//! `chorus import` and `chorus bench ingest`: files and synthetic streams through the same
//! ingestion pipeline the server uses.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chorus_core::{Channel, NewMention};
use chorus_listen::{email, import};
use chorus_service::listen::{self, Outcome};
use chorus_service::{Config, Hub};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::task::JoinSet;

use crate::cli::{ExportFormat, ImportFormat};

/// Channels an import may name (community content is the community's own).
const IMPORT_CHANNELS: &[Channel] = listen::PUSH_CHANNELS;

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    imported: u64,
    duplicates: u64,
    rejected: u64,
}

fn progress(len: Option<u64>) -> ProgressBar {
    let bar = match len {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let style = if len.is_some() {
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left) {msg}",
        )
    } else {
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bytes} read ({bytes_per_sec}) {msg}",
        )
    };
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

/// Submits batches with a few in flight, so decoding the next batch overlaps storing this one.
struct Submitter {
    hub: Hub,
    tasks: JoinSet<chorus_service::Result<Vec<Outcome>>>,
    tally: Tally,
    in_flight: usize,
}

impl Submitter {
    fn new(hub: Hub, in_flight: usize) -> Self {
        Submitter {
            hub,
            tasks: JoinSet::new(),
            tally: Tally::default(),
            in_flight: in_flight.max(1),
        }
    }

    fn count(&mut self, outcomes: &[Outcome]) {
        for o in outcomes {
            match o {
                Outcome::New(_) => self.tally.imported += 1,
                Outcome::Duplicate => self.tally.duplicates += 1,
            }
        }
    }

    async fn join_one(&mut self) -> Result<()> {
        if let Some(r) = self.tasks.join_next().await {
            let outcomes = r.context("an import task failed")??;
            self.count(&outcomes);
        }
        Ok(())
    }

    async fn submit(&mut self, batch: Vec<NewMention>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        while self.tasks.len() >= self.in_flight {
            self.join_one().await?;
        }
        let hub = self.hub.clone();
        self.tasks
            .spawn(async move { listen::ingest(&hub, batch).await });
        Ok(())
    }

    async fn finish(mut self) -> Result<Tally> {
        while !self.tasks.is_empty() {
            self.join_one().await?;
        }
        Ok(self.tally)
    }
}

/// `chorus import --format F FILE`.
pub async fn import_file(
    config: Config,
    format: ImportFormat,
    file: &Path,
    batch: usize,
) -> Result<()> {
    let (reader, len): (Box<dyn Read + Send>, Option<u64>) = if file.as_os_str() == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        let len = f.metadata().ok().map(|m| m.len());
        (Box::new(f), len)
    };
    let bar = progress(len);
    let reader = BufReader::with_capacity(1 << 20, bar.wrap_read(reader));
    let hub = Hub::open(config).await?;
    let now = hub.now();
    let batch = batch.clamp(1, 100_000);
    let mut sub = Submitter::new(hub.clone(), 2);
    let mut pending: Vec<NewMention> = Vec::with_capacity(batch);
    let mut rejected = 0u64;
    let mut reject = |bar: &ProgressBar, line: u64, why: &str| {
        rejected += 1;
        bar.suspend(|| eprintln!("line {line}: {why}"));
    };
    match format {
        ImportFormat::Jsonl | ImportFormat::Csv => {
            let records: Box<dyn Iterator<Item = import::Record>> = if format == ImportFormat::Jsonl
            {
                Box::new(import::jsonl(reader))
            } else {
                Box::new(import::csv(reader).map_err(anyhow::Error::msg)?)
            };
            for rec in records {
                // Real exports carry the odd broken optional field: keep the mention, say
                // what was dropped.
                match rec
                    .result
                    .map(|input| input.validate_lenient(IMPORT_CHANNELS))
                {
                    Ok(Ok((m, warnings))) => {
                        for w in rec.warnings.iter().chain(&warnings) {
                            bar.suspend(|| eprintln!("line {}: warning: {w}", rec.line));
                        }
                        pending.push(m);
                    }
                    Ok(Err(fields)) => reject(&bar, rec.line, &fields.to_string()),
                    Err(why) => reject(&bar, rec.line, &why),
                }
                if pending.len() >= batch {
                    sub.submit(std::mem::take(&mut pending)).await?;
                    bar.set_message(format!("{} stored", sub.tally.imported));
                }
            }
        }
        ImportFormat::Mbox => {
            for (i, raw) in email::mbox_messages(reader).enumerate() {
                let n = i as u64 + 1;
                let raw = raw.context("reading the mbox file")?;
                match email::parse_message(&raw, now) {
                    Ok(m) => pending.push(m),
                    Err(e) => reject(&bar, n, &format!("message {n}: {e}")),
                }
                if pending.len() >= batch {
                    sub.submit(std::mem::take(&mut pending)).await?;
                }
            }
        }
    }
    sub.submit(pending).await?;
    let mut tally = sub.finish().await?;
    tally.rejected = rejected;
    bar.finish_and_clear();
    println!(
        "imported={} duplicates={} rejected={}",
        tally.imported, tally.duplicates, tally.rejected
    );
    hub.store().close().await;
    Ok(())
}

/// A generated line as a valid mention (`None` counts as lost).
pub(crate) fn decode_line(line: &str) -> Option<NewMention> {
    import::decode_json_line(line)
        .ok()?
        .validate(IMPORT_CHANNELS)
        .ok()
}

/// `chorus triage [--drain]`: one triage pass, or (drain) the accurate tier over what waits
/// for it and then triage until nothing new is left.
pub async fn triage(config: Config, drain: bool) -> Result<()> {
    let hub = Hub::open(config).await?;
    let started = Instant::now();
    let (processed, opened, updated) = if drain {
        let r = chorus_service::drain(&hub).await?;
        eprintln!(
            "accurate tier upgraded {} mentions; {} alerts raised",
            r.upgraded, r.alerts
        );
        (r.processed, r.opened, r.updated)
    } else {
        let r = chorus_service::triage::worker::tick(&hub).await?;
        (r.mentions, r.opened, r.follow_ups)
    };
    hub.store().close().await;
    eprintln!("took {:.1} s", started.elapsed().as_secs_f64());
    println!("triage processed={processed} cases_opened={opened} cases_updated={updated}");
    Ok(())
}

/// `chorus export mentions`: every stored mention with its signals, theme and case.
pub async fn export_mentions(
    config: Config,
    format: ExportFormat,
    out: Option<&Path>,
) -> Result<()> {
    use std::io::Write;
    let hub = Hub::open(config).await?;
    let sink: Box<dyn Write> = match out {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, sink);
    let written = listen::export::mentions(&hub, |m| -> std::io::Result<()> {
        match format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut w, m)?;
                w.write_all(b"\n")
            }
        }
    })
    .await?;
    hub.store().close().await;
    let n = written
        .and_then(|n| w.flush().map(|()| n))
        .context("writing the export")?;
    eprintln!("exported mentions={n}");
    Ok(())
}

/// The goal of `chorus bench ingest` (issue 25): the all-time peak of tweets per second.
const INGEST_GOAL_PER_SEC: f64 = 143_199.0;

/// What bounds the ingest rate: the time each pipeline stage spent per transaction against
/// the time one transaction may take at the goal rate (the stages overlap, so the slower one
/// sets the pace). Through a broker the writer runs in this process too, so it is counted.
fn print_stages(
    before: listen::pipeline::StageTotals,
    after: listen::pipeline::StageTotals,
    elapsed: f64,
) {
    let transactions = after.groups.saturating_sub(before.groups);
    let groups = transactions.max(1) as f64;
    let per_group = after.mentions.saturating_sub(before.mentions) as f64 / groups;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0 / groups;
    let write = ms(after.write.saturating_sub(before.write));
    let analyze = ms(after.analyze.saturating_sub(before.analyze));
    println!(
        "ingest_stages transactions={transactions} mentions_per_transaction={per_group:.0} analyze_ms={analyze:.1} write_ms={write:.1} goal_budget_ms={:.1} writer_busy={:.2}",
        per_group * 1000.0 / INGEST_GOAL_PER_SEC,
        write * groups / 1000.0 / elapsed.max(1e-9),
    );
}

/// Switches of `chorus bench ingest`.
pub struct BenchOptions {
    /// Mentions per transaction.
    pub batch: usize,
    /// Keep the database.
    pub keep: bool,
    /// Also time one triage pass.
    pub triage: bool,
    /// Run the accurate tier behind ingestion.
    pub accurate: bool,
    /// Go through this NATS server's work stream to a writer in this process.
    pub broker: Option<String>,
}

/// `chorus bench ingest`.
pub async fn bench_ingest(
    mut config: Config,
    explicit_db: bool,
    mentions: u64,
    opts: BenchOptions,
) -> Result<()> {
    let BenchOptions {
        batch,
        keep,
        triage,
        accurate,
        broker,
    } = opts;
    config.understand.accurate = accurate;
    if accurate && config.understand.encoder_dir.trim().is_empty() {
        match crate::analytics::encoder_dir(None) {
            Some(dir) => config.understand.encoder_dir = dir.display().to_string(),
            None => bail!("--accurate needs the encoder: run scripts/setup"),
        }
    }
    let run = format!("bench-{}", chorus_service::Clock::System.now().0);
    let dir = config.hub.data_dir.join(&run);
    if !explicit_db {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        config.database.url = format!("sqlite://{}", dir.join("chorus.db").display());
    }
    if let Some(url) = &broker {
        config.broker.url.clone_from(url);
        // A stream of its own, deleted at the end.
        config.broker.prefix.clone_from(&run);
        config.broker.answer_secs = 600;
    }
    let hub = Hub::open(config).await?;
    let (stop_writer, writer_stop) = tokio::sync::watch::channel(false);
    let writer = broker
        .is_some()
        .then(|| tokio::spawn(listen::pipeline::shared::run(hub.clone(), writer_stop)));
    let batch = batch.clamp(1, 100_000);
    eprintln!(
        "generating {mentions} mentions ({} backend, {batch} per transaction)…",
        hub.store().backend().as_str()
    );
    let now = hub.now();
    let lines: Vec<String> = chorus_service::bench::MentionGenerator::new(
        0x5EED,
        &run,
        mentions,
        now,
        30 * chorus_core::Timestamp::DAY,
    )
    .collect();
    let lines = Arc::new(lines);
    // Start the pipeline (loading state) before the clock starts; through a broker, an empty
    // batch answered means the writer is up.
    hub.pipeline().await?;
    if broker.is_some() {
        listen::ingest(&hub, Vec::new()).await?;
    }
    // The accurate tier runs beside ingestion, competing for the same cores, as in `serve`.
    let (stop_upgrades, upgrades_stop) = tokio::sync::watch::channel(false);
    let upgrader = if accurate {
        if hub.accurate().await.is_none() {
            bail!("--accurate: the accurate tier did not load (see the log above)");
        }
        Some(tokio::spawn(chorus_service::understand::run(
            hub.clone(),
            upgrades_stop,
        )))
    } else {
        None
    };
    let (before, before_distinct) = hub.store().mention_totals().await?;

    let stages_before = listen::pipeline::stage_totals();
    let started = Instant::now();
    let mut sub = Submitter::new(hub.clone(), 3);
    let mut last_report = Instant::now();
    let chunks = lines.len().div_ceil(batch);
    let mut decode: JoinSet<(usize, Vec<NewMention>)> = JoinSet::new();
    let mut next_chunk = 0;
    let mut ready: std::collections::BTreeMap<usize, Vec<NewMention>> =
        std::collections::BTreeMap::new();
    let mut submitted = 0;
    let mut decode_errors = 0u64;
    while submitted < chunks {
        // Decode up to two chunks ahead on blocking threads.
        while next_chunk < chunks && decode.len() + ready.len() < 2 {
            let lines = lines.clone();
            let i = next_chunk;
            next_chunk += 1;
            decode.spawn_blocking(move || {
                let from = i * batch;
                let to = (from + batch).min(lines.len());
                let out = lines[from..to]
                    .iter()
                    .filter_map(|l| decode_line(l))
                    .collect();
                (i, out)
            });
        }
        if !ready.contains_key(&submitted) {
            if let Some(r) = decode.join_next().await {
                let (i, v) = r.context("decoding failed")?;
                ready.insert(i, v);
            }
            continue;
        }
        if let Some(v) = ready.remove(&submitted) {
            decode_errors += (batch.min(lines.len() - submitted * batch) - v.len()) as u64;
            sub.submit(v).await?;
            submitted += 1;
        }
        if last_report.elapsed() > Duration::from_secs(5) {
            last_report = Instant::now();
            let done = sub.tally.imported + sub.tally.duplicates;
            eprintln!(
                "  {done} mentions stored, {:.0}/s",
                done as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    let tally = sub.finish().await?;
    let elapsed = started.elapsed().as_secs_f64();
    let rate = tally.imported as f64 / elapsed;
    print_stages(stages_before, listen::pipeline::stage_totals(), elapsed);
    if let Some(u) = upgrader {
        let _ = stop_upgrades.send(true);
        let _ = u.await;
        let tiers = hub.store().signal_tier_counts().await?;
        let count = |t: &str| tiers.iter().find(|(k, _)| k == t).map_or(0, |(_, n)| *n);
        let (pending, upgraded) = (count("pending"), count("accurate"));
        let (_, oldest) = hub.store().pending_signals_stats().await?;
        let wait = oldest.map_or(0.0, |o| (hub.now().0 - o).max(0) as f64 / 1000.0);
        println!(
            "accurate share={:.3} upgraded={upgraded} pending={pending} oldest_wait_s={wait:.1} upgrades_per_sec={:.1}",
            (pending + upgraded) as f64 / (tally.imported.max(1)) as f64,
            upgraded as f64 / elapsed,
        );
    }

    // Verify: every mention stored exactly once, and findable.
    let (total, total_distinct) = hub.store().mention_totals().await?;
    let (stored, distinct) = (total - before, total_distinct - before_distinct);
    let lost = mentions.saturating_sub(u64::try_from(stored).unwrap_or(0)) + decode_errors;
    let mut duplicated = u64::try_from(stored - distinct).unwrap_or(0);
    // Replaying a slice must store nothing new.
    let replay: Vec<NewMention> = lines
        .iter()
        .step_by(100)
        .filter_map(|l| decode_line(l))
        .collect();
    let replayed = replay.len();
    let outcomes = listen::ingest(&hub, replay).await?;
    duplicated += outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::New(_)))
        .count() as u64;
    let (after, _) = hub.store().mention_totals().await?;
    duplicated += u64::try_from(after - total).unwrap_or(0);
    // Searchable: sampled keys found, filters answer.
    let mut missing = 0;
    for i in (0..mentions).step_by(usize::try_from((mentions / 1000).max(1)).unwrap_or(1)) {
        let line = &lines[usize::try_from(i).unwrap_or(0)];
        let Ok(input) = import::decode_json_line(line) else {
            continue;
        };
        if hub
            .store()
            .mention_by_key(&input.channel, &input.external_id)
            .await?
            .is_none()
        {
            missing += 1;
        }
    }
    let themes = hub
        .store()
        .themes(&chorus_store::listening::ThemeFilter {
            min_count: 2,
            limit: 1,
            ..Default::default()
        })
        .await?;
    eprintln!(
        "verified: {stored} stored, {replayed} replayed as duplicates, {missing} sampled keys missing; largest theme: {}",
        themes.first().map_or_else(
            || "none".to_owned(),
            |t| format!("{:?} with {}", t.label, t.mention_count)
        ),
    );
    if triage {
        // One pass of the triage worker over everything just stored, timed on its own.
        let started = Instant::now();
        let r = chorus_service::triage::worker::tick(&hub).await?;
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        println!(
            "triage mentions_per_sec={:.0} cases_opened={} follow_ups={} alerts={}",
            r.mentions as f64 / secs,
            r.opened,
            r.follow_ups,
            r.alerts
        );
        // What bounds it: the mentions placed one at a time, each a few queries.
        let alone = r.alone_time.as_secs_f64();
        println!(
            "triage_stages placed_alone={} placed_alone_share={:.3} alone_ms_each={:.2} alone_time_share={:.2}",
            r.placed_alone,
            r.placed_alone as f64 / (r.mentions.max(1)) as f64,
            alone * 1e3 / (r.placed_alone.max(1)) as f64,
            alone / secs
        );
    }
    if let (Some(writer), Some(b)) = (writer, hub.broker()) {
        // The yardstick: raw JetStream publishes of the bytes the work stream carried, in
        // messages of the size it used, on the same server in the same run.
        let sample: Vec<usize> = lines
            .iter()
            .take(1_000)
            .filter_map(|l| decode_line(l))
            .filter_map(|m| serde_json::to_vec(&m).ok().map(|v| v.len() + 1))
            .collect();
        let per_mention = sample.iter().sum::<usize>() / sample.len().max(1);
        let batch_bytes = per_mention * batch.min(lines.len()).max(1);
        let parts = batch_bytes
            .div_ceil(listen::pipeline::shared::MAX_BODY)
            .max(1);
        let message_bytes = batch_bytes / parts;
        let per_message = (batch as f64 / parts as f64).max(1.0);
        let messages = ((mentions as f64 / per_message).ceil() as usize).max(1);
        let rate = b
            .publish_rate(messages, message_bytes, 64)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!(
            "broker publish_msgs_per_sec={rate:.0} publish_mentions_per_sec={:.0} message_bytes={message_bytes}",
            rate * per_message
        );
        let _ = stop_writer.send(true);
        let _ = writer.await;
        let _ = b.delete_stream().await;
    }
    hub.store().close().await;
    if !explicit_db && !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "ingest mentions_per_sec={rate:.0} lost={} duplicated={duplicated}",
        lost + missing
    );
    if lost + missing > 0 || duplicated > 0 {
        bail!("the pipeline lost or duplicated mentions");
    }
    Ok(())
}
