//! `chorus`: the one binary of a Chorus hub.
//!
//! It parses the command line, loads the configuration (defaults < `chorus.toml` < `CHORUS_*`
//! environment < flags), sets up logging and hands over to the library crates. It holds no
//! business rules.

#![allow(clippy::print_stdout, reason = "a CLI prints its results")]

mod analytics;
mod cli;
mod ingest;
mod memory_bench;
mod reports_cli;
mod search_cli;
mod settings;
mod soak;
mod themes_eval;

use std::io::Read;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chorus_core::Role;
use chorus_service::{Hub, ServiceError, admin, demo, jobs, listen};
use clap::Parser;
use tokio::sync::watch;

use crate::cli::{
    AdminCommand, BenchCommand, Cli, Command, ConfigCommand, EvalCommand, ExportCommand,
};

fn main() -> ExitCode {
    // First, so that every large buffer of the process is mapped and returned when freed.
    let allocator = chorus_kernels::allocator::settle();
    let cli = Cli::parse();
    // Analytics commands need neither configuration nor a runtime.
    let offline = match &cli.command {
        Command::Analyze { jsonl, tier } => Some(analytics::analyze(*jsonl, tier)),
        Command::Eval {
            command:
                EvalCommand::Tweeteval {
                    task,
                    dir,
                    split,
                    tier,
                },
        } => Some(analytics::eval_tweeteval(task, dir, split, tier)),
        Command::Eval {
            command: EvalCommand::Intent { data, labels },
        } => Some(analytics::eval_intent(data, labels)),
        Command::Eval {
            command:
                EvalCommand::Themes {
                    file,
                    posts,
                    seed,
                    meaning_similarity,
                    tier,
                },
        } => Some(themes_eval::eval_themes(
            file.as_deref(),
            *posts,
            *seed,
            *meaning_similarity,
            tier,
        )),
        Command::Train {
            data,
            out,
            tier,
            encoder_dir,
            cache,
        } => Some(if tier == "accurate" {
            analytics::train_accurate(data, out.as_deref(), encoder_dir.as_deref(), cache)
        } else {
            analytics::train_model(
                data,
                out.as_deref().unwrap_or(std::path::Path::new(
                    "crates/chorus-analyze/models/signals.bin",
                )),
            )
        }),
        Command::Bench {
            command:
                BenchCommand::Analyze {
                    file,
                    data,
                    seconds,
                    tier,
                },
        } => Some(analytics::bench_analyze(file.clone(), data, *seconds, tier)),
        _ => None,
    };
    if let Some(result) = offline {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match settings::load(&cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    match &cli.command {
        Command::Config {
            command: ConfigCommand::Example,
        } => {
            print!("{}", chorus_service::Config::example_toml());
            return ExitCode::SUCCESS;
        }
        Command::Config {
            command: ConfigCommand::Show,
        } => {
            return match settings::show(&config) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {}
    }
    settings::init_logging(&config);
    tracing::debug!(?allocator, "C allocator settings");
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, config: chorus_service::Config) -> Result<()> {
    match cli.command {
        Command::Serve { demo, .. } => {
            // With a broker, `serve` is the web role; embedded, it is everything.
            let role = if config.broker.url.trim().is_empty() {
                Part::All
            } else {
                Part::Web
            };
            serve(config, demo, role).await
        }
        Command::All { demo, .. } => serve(config, demo, Part::All).await,
        Command::Worker => {
            if config.broker.url.trim().is_empty() {
                bail!(
                    "chorus worker shares the work of a hub with other instances: give it the \
                     hub's broker (--nats nats://HOST:4222) and PostgreSQL database \
                     (--database-url postgres://…); `chorus all` runs everything in one process"
                );
            }
            serve(config, false, Part::Worker).await
        }
        Command::Triage { drain } => ingest::triage(config, drain).await,
        Command::Export {
            command: ExportCommand::Mentions { format, out },
        } => ingest::export_mentions(config, format, out.as_deref()).await,
        Command::Import {
            format,
            file,
            batch,
        } => ingest::import_file(config, format, &file, batch).await,
        Command::Bench {
            command:
                BenchCommand::Ingest {
                    mentions,
                    batch,
                    keep,
                    triage,
                    accurate,
                    broker,
                },
        } => {
            ingest::bench_ingest(
                config,
                cli.database_url.is_some(),
                mentions,
                ingest::BenchOptions {
                    batch,
                    keep,
                    triage,
                    accurate,
                    broker,
                },
            )
            .await
        }
        Command::Reindex => search_cli::reindex(config).await,
        Command::Bench {
            command:
                BenchCommand::Soak {
                    url,
                    token,
                    webhook,
                    secret,
                    pid,
                    minutes,
                    calibrate_secs,
                    load,
                    concurrency,
                    slow_ms,
                },
        } => {
            soak::run(soak::Options {
                url,
                token,
                webhook,
                secret,
                pid,
                minutes,
                calibrate_secs,
                load,
                concurrency,
                slow: slow_ms.map(std::time::Duration::from_millis),
            })
            .await
        }
        Command::Bench {
            command:
                BenchCommand::Search {
                    docs,
                    queries,
                    threads,
                },
        } => search_cli::bench_search(&config, docs, queries, threads).await,
        Command::Bench {
            command:
                BenchCommand::Reports {
                    mentions,
                    days,
                    runs,
                    keep,
                    existing,
                },
        } => {
            let seed = (!existing).then_some(reports_cli::Seed { mentions, days });
            reports_cli::bench_reports(config, cli.database_url.is_some(), seed, runs, keep).await
        }
        Command::Bench {
            command:
                BenchCommand::Memory {
                    mentions,
                    requests,
                    batch,
                    keep,
                },
        } => {
            memory_bench::bench_memory(
                &config.hub.data_dir,
                memory_bench::Options {
                    mentions,
                    requests,
                    batch,
                    keep,
                },
            )
            .await
        }
        Command::Migrate => {
            let mut config = config;
            config.database.migrate_on_start = true;
            let hub = open(config).await?;
            println!("migrations applied ({})", hub.store().backend().as_str());
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::RotateKey { new_key },
        } => {
            let hub = open(config).await?;
            let r = admin::rotate_secret_key(&hub, new_key.as_deref()).await?;
            if let Some(path) = &r.key_file {
                println!(
                    "new key written to {} (the old one kept as secret.key.old)",
                    path.display()
                );
            }
            if let Some(key) = &r.new_key {
                println!("new key: {key}");
                println!(
                    "set hub.secret_key (or CHORUS_HUB__SECRET_KEY) to it before the next start"
                );
            }
            println!("rotated resealed={}", r.resealed);
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::RequeueWork,
        } => {
            let hub = open(config).await?;
            let n = listen::pipeline::shared::requeue_parked(&hub).await?;
            println!("requeued {n}");
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::CreateUser { email, name, role },
        } => {
            let role: Role = role.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("reading the password from standard input")?;
            let password = password.lines().next().unwrap_or_default().to_owned();
            let hub = open(config).await?;
            match admin::create_user(&hub, &email, &name, &password, role).await {
                Ok(user) => {
                    println!(
                        "created user {} <{}> with role {}",
                        user.id.0, user.email, user.role
                    );
                    Ok(())
                }
                Err(ServiceError::Validation(fields)) => {
                    for f in &fields.0 {
                        eprintln!("{}: {}", f.field, f.message);
                    }
                    bail!("the user was not created")
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Bench {
            command: BenchCommand::SeedCommunity { topics, replies },
        } => {
            let hub = open(config).await?;
            let started = std::time::Instant::now();
            let seeded = chorus_service::bench::seed_community(&hub, topics, replies, |done| {
                eprintln!("seeded {done}/{topics} topics");
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "seeded topics={topics} replies={replies} seconds={:.1}",
                started.elapsed().as_secs_f64()
            );
            if let Some((id, n)) = seeded.near_100 {
                println!("seeded long_topic id={id} replies={n}");
            }
            Ok(())
        }
        Command::Config { .. }
        | Command::Analyze { .. }
        | Command::Eval { .. }
        | Command::Train { .. } => Ok(()),
        Command::Bench {
            command: BenchCommand::Analyze { .. },
        } => Ok(()),
    }
}

async fn open(config: chorus_service::Config) -> Result<Hub> {
    Hub::open(config).await.map_err(|e| anyhow::anyhow!("{e}"))
}

/// How long `chorus serve` drains after SIGTERM or Ctrl-C before it exits regardless.
const SHUTDOWN_BUDGET: std::time::Duration = std::time::Duration::from_secs(8);

/// What one process of a hub does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Pages and API only (instances sharing a broker).
    Web,
    /// The background work only.
    Worker,
    /// Both.
    All,
}

async fn serve(mut config: chorus_service::Config, with_demo: bool, role: Part) -> Result<()> {
    let listen = config.server.listen.clone();
    // The encoder installed next to the working directory or next to this binary's checkout.
    if config.understand.encoder_dir.trim().is_empty()
        && let Some(dir) = analytics::encoder_dir(None)
    {
        config.understand.encoder_dir = dir.display().to_string();
    }
    let hub = open(config).await?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = Vec::new();
    let works = role != Part::Web;
    if works {
        // The shared pipeline writer first: with a broker, seeding the demo needs it.
        tasks.push(tokio::spawn(listen::pipeline::shared::run(
            hub.clone(),
            stop_rx.clone(),
        )));
    }
    if with_demo {
        let accounts = demo::seed(&hub)
            .await
            .map_err(|e| anyhow::anyhow!("seeding demo data: {e}"))?;
        println!("Demo accounts (public passwords: never expose a demo hub):");
        for a in accounts {
            println!(
                "  {:<8} {:<28} password: {}",
                a.role.as_str(),
                a.email,
                a.password
            );
        }
    }
    if works {
        tasks.push(tokio::spawn(jobs::worker(hub.clone(), stop_rx.clone())));
        tasks.push(tokio::spawn(chorus_service::events::run_subscribers(
            hub.clone(),
            stop_rx.clone(),
        )));
        tasks.push(tokio::spawn(chorus_service::webhooks::relay(
            hub.clone(),
            stop_rx.clone(),
        )));
        let cfg = hub.config();
        if cfg.listen.run_sources {
            tasks.push(tokio::spawn(listen::sources::supervisor(
                hub.clone(),
                stop_rx.clone(),
            )));
        }
        if cfg.triage.run_worker {
            tasks.push(tokio::spawn(chorus_service::triage::worker::run(
                hub.clone(),
                stop_rx.clone(),
            )));
        }
        tasks.push(tokio::spawn(chorus_service::understand::run(
            hub.clone(),
            stop_rx.clone(),
        )));
        if cfg.search.run_indexer {
            tasks.push(tokio::spawn(chorus_service::search::run_indexer(
                hub.clone(),
                stop_rx.clone(),
            )));
        }
    }
    let backend = hub.store().backend().as_str();
    let broker = hub.config().broker.url.clone();
    let draining = Arc::new(tokio::sync::Notify::new());
    let mut server = if role == Part::Worker {
        tracing::info!(backend, %broker, "Chorus worker is starting");
        println!("Chorus worker is running (broker {broker})");
        None
    } else {
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        tracing::info!(%addr, backend, %broker, mail = %hub.mailer().describe(), ?role, "Chorus is starting");
        println!("Chorus is listening on http://{addr}");
        let app = chorus_web::app(hub.clone());
        Some(tokio::spawn(chorus_web::serve(listener, app, {
            let draining = draining.clone();
            async move { draining.notified().await }
        })))
    };
    let server_ended_by_itself = match &mut server {
        Some(server) => tokio::select! {
            r = server => Some(r),
            () = shutdown_signal() => None,
        },
        None => {
            shutdown_signal().await;
            None
        }
    };
    // Drain: stop accepting, let in-flight requests and the workers finish — but never for
    // longer than SHUTDOWN_BUDGET, so a supervisor's SIGTERM is always honoured promptly.
    let _ = stop_tx.send(true);
    draining.notify_one();
    let drain = async {
        let served = match (server_ended_by_itself, server) {
            (Some(r), _) => r,
            (None, Some(server)) => server.await,
            (None, None) => Ok(Ok(())),
        };
        for task in tasks {
            let _ = task.await;
        }
        hub.store().close().await;
        served
    };
    match tokio::time::timeout(SHUTDOWN_BUDGET, drain).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => return Err(e.into()),
        Ok(Err(e)) => return Err(anyhow::anyhow!("the server task failed: {e}")),
        Err(_) => {
            tracing::warn!(
                seconds = SHUTDOWN_BUDGET.as_secs(),
                "requests or workers were still running after the shutdown budget; exiting anyway"
            );
            // Non-zero: a supervisor should know the drain was cut short.
            std::process::exit(1);
        }
    }
    tracing::info!("Chorus stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}
