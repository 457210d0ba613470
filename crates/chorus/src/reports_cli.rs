//! `chorus bench reports`: a hub with millions of mentions, then the dashboard's report timed.

use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use chorus_core::{Role, Timestamp, User, UserId};
use chorus_service::reports::{ReportQuery, quantile};
use chorus_service::{Config, Hub};

use crate::search_cli::bar;

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// What to seed: `mentions` synthetic mentions over the `days` before now.
#[derive(Debug, Clone, Copy)]
pub struct Seed {
    /// Mentions to store.
    pub mentions: u64,
    /// Days they span, ending now.
    pub days: i64,
}

/// Seeds a fresh embedded hub (or the given database), or with no `seed` reads the given
/// database as it is, and times the reports a dashboard builds: the last 30 days by day (the
/// default view), the same for one theme, and a year by week. Prints one line per view and
/// `reports mentions=N` first.
pub async fn bench_reports(
    mut config: Config,
    explicit_db: bool,
    seed: Option<Seed>,
    runs: usize,
    keep: bool,
) -> Result<()> {
    let dir = config
        .hub
        .data_dir
        .join(format!("bench-reports-{}", std::process::id()));
    if seed.is_none() && !explicit_db {
        return Err(anyhow!(
            "--existing times the hub at --database-url; give it (e.g. sqlite://…/chorus.db)"
        ));
    }
    if seed.is_none() {
        // Timing a hub as it is must not change its schema under the version running it.
        config.database.migrate_on_start = false;
    }
    if !explicit_db {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        config.database.url = format!("sqlite://{}", dir.join("chorus.db").display());
    }
    config.search.run_indexer = false;
    let hub = Hub::open(config).await?;
    let started = Instant::now();
    if let Some(Seed { mentions, days }) = seed {
        let progress = bar(mentions, "mentions stored");
        let shown = progress.clone();
        chorus_service::bench::seed_reports(&hub, mentions, days, move |n| shown.set_position(n))
            .await
            .map_err(|e| anyhow!("{e}"))?;
        progress.finish_and_clear();
    }
    let stored = hub.store().mention_totals().await?.0;
    match seed {
        Some(s) => println!(
            "reports mentions={stored} days={} seed_seconds={:.1}",
            s.days,
            started.elapsed().as_secs_f64()
        ),
        None => println!("reports mentions={stored} existing=true"),
    }
    // Reports only check the role: a reader held in memory writes nothing to the hub.
    let viewer = User {
        id: UserId(0),
        email: "bench-reports@bench.chorus.test".into(),
        name: "Bench reader".into(),
        role: Role::Agent,
        created_at: hub.now(),
        suspended_at: None,
        locale: None,
    };
    let now = hub.now();
    let views = [
        (
            "dashboard_30d_by_day",
            ReportQuery {
                from: Some(now.plus(-30 * Timestamp::DAY).rfc3339()),
                granularity: Some("day".into()),
                ..ReportQuery::default()
            },
        ),
        (
            "dashboard_30d_one_theme",
            ReportQuery {
                from: Some(now.plus(-30 * Timestamp::DAY).rfc3339()),
                granularity: Some("day".into()),
                theme: Some(1),
                ..ReportQuery::default()
            },
        ),
        (
            "dashboard_365d_by_week",
            ReportQuery {
                from: Some(now.plus(-365 * Timestamp::DAY).rfc3339()),
                granularity: Some("week".into()),
                ..ReportQuery::default()
            },
        ),
    ];
    for (name, q) in views {
        for _ in 0..3 {
            chorus_service::reports::report(&hub, &viewer, &q)
                .await
                .map_err(|e| anyhow!("{e}"))?;
        }
        let mut times = Vec::with_capacity(runs);
        let mut seen = 0;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            let r = chorus_service::reports::report(&hub, &viewer, &q)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            times.push(ms(t.elapsed()));
            seen = r.mentions();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name} mentions_in_view={seen} p50_ms={:.2} p99_ms={:.2} max_ms={:.2} runs={}",
            quantile(&times, 0.5).unwrap_or(0.0),
            quantile(&times, 0.99).unwrap_or(0.0),
            times.last().copied().unwrap_or(0.0),
            times.len()
        );
    }
    if seed.is_some() && !keep && !explicit_db {
        drop(hub);
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
