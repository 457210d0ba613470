//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Chorus: the open-source social customer service hub.
#[derive(Debug, Parser)]
#[command(name = "chorus", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Configuration file (default: ./chorus.toml if it exists).
    #[arg(long, global = true, env = "CHORUS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Data directory for the embedded database, index and outbox (hub.data_dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB (database.url).
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    /// NATS server with JetStream shared by the hub's instances, e.g. nats://127.0.0.1:4222
    /// (broker.url); needs a PostgreSQL database.
    #[arg(long, global = true, value_name = "URL")]
    pub nats: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (pages and API). On an embedded hub (no `--nats`) it also runs
    /// the background work, like `all`; with a broker it serves only, and `chorus worker`
    /// instances do the rest.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080 (server.listen).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Seed demo data (a company with one account per role) and print the credentials.
        #[arg(long)]
        demo: bool,
    },
    /// Run the background work without a web server: sources, the pipeline writer (on one
    /// worker at a time), the accurate tier, triage, jobs and the search indexer. Needs
    /// `--nats` and a PostgreSQL `--database-url`; run any number of them.
    Worker,
    /// Run everything in one process: the web server and all background work (what `serve`
    /// does on an embedded hub).
    All {
        /// Address to listen on, e.g. 127.0.0.1:8080 (server.listen).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Seed demo data (a company with one account per role) and print the credentials.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Rebuild the search index from the database, with a progress bar (stop `chorus serve`
    /// first when it uses the embedded index). The last line is
    /// `reindexed documents=N seconds=S backend=B`.
    Reindex,
    /// Import mentions from a file through the ingestion pipeline (idempotent: importing the
    /// same file again imports nothing). The last line printed is
    /// `imported=N duplicates=M rejected=K`; rejected lines are reported with their numbers.
    Import {
        /// `jsonl` (one JSON object per line), `csv` (with a header row) or `mbox` (e-mails).
        #[arg(long, value_enum)]
        format: ImportFormat,
        /// The file; `-` reads standard input.
        file: PathBuf,
        /// Mentions per database transaction.
        #[arg(long, default_value_t = 2_000)]
        batch: usize,
    },
    /// Run triage over what is new and exit. With `--drain` (a hub fed by `chorus import`),
    /// the accurate tier first reads every mention waiting for it, then triage repeats until
    /// nothing is left. The last line is `triage processed=N cases_opened=M cases_updated=K`.
    Triage {
        /// Repeat until everything stored has been triaged.
        #[arg(long)]
        drain: bool,
    },
    /// Write stored data out for analysis.
    Export {
        /// What to export.
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Administrative tasks.
    Admin {
        /// Which task.
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the signals of texts read from standard input, one JSON object per line.
    Analyze {
        /// Read JSON objects with a "text" field instead of plain lines.
        #[arg(long)]
        jsonl: bool,
        /// Which tier decides.
        #[command(flatten)]
        tier: TierArgs,
    },
    /// Evaluate the analytics on a labelled dataset.
    Eval {
        /// Which dataset format.
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Train the analytics model from the shared datasets (reproducible): the fast tier's
    /// linear model, or with `--tier accurate` the heads over the encoder.
    Train {
        /// Directory with `semeval-sentiment/` and `tweeteval/`.
        #[arg(long, default_value = "../shared/data", value_name = "DIR")]
        data: PathBuf,
        /// Where to write the model (default: `crates/chorus-analyze/models/signals.bin`, or
        /// `crates/chorus-encoder/models/heads.safetensors` for the accurate tier).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// `fast` or `accurate`.
        #[arg(long, default_value = "fast", value_parser = ["fast", "accurate"])]
        tier: String,
        /// Directory of the base encoder (for `--tier accurate`).
        #[arg(long, env = "CHORUS_ENCODER_DIR", value_name = "DIR")]
        encoder_dir: Option<PathBuf>,
        /// Where to keep the encoder's embeddings of the training texts between runs.
        #[arg(long, default_value = "target/encoder-cache", value_name = "DIR")]
        cache: PathBuf,
    },
    /// Benchmark helpers.
    Bench {
        /// Which benchmark task.
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Configuration helpers.
    Config {
        /// Which helper.
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

/// `chorus admin ...`
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account; reads the password from standard input (first line).
    CreateUser {
        /// E-mail address.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// member, agent, manager or admin.
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Re-seal every source secret with a new key. With the key in the data directory the
    /// files are switched over safely; with `hub.secret_key` configured, the new key is
    /// printed for you to put in the configuration. Restart `chorus serve` afterwards.
    RotateKey {
        /// The new key (32 bytes, base64); a random one when omitted.
        #[arg(long, env = "CHORUS_NEW_SECRET_KEY")]
        new_key: Option<String>,
    },
    /// Hand the shared pipeline's parked work (work that kept failing, see `broker.park_after`)
    /// back to the broker, once its cause is fixed. Prints `requeued N`.
    RequeueWork,
}

/// `chorus export ...`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every stored mention with its signals, theme and case, in id order, to standard
    /// output (or `--out`). The last line on standard error is `exported mentions=N`.
    Mentions {
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Formats `chorus export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// JSON Lines: one object per mention with `channel`, `external_id`, `author`,
    /// `sentiment`, `intent`, `theme_id`, `theme_label`, `case_id` and the other signals.
    Jsonl,
}

/// Formats `chorus import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// JSON Lines: `channel`, `external_id`, `author`, `author_followers`, `text`, `url`,
    /// `created_at` (RFC 3339), optionally `likes`, `boosts`, `replies`, `in_reply_to`.
    Jsonl,
    /// CSV with a header row naming the same columns.
    Csv,
    /// An mbox file of e-mails.
    Mbox,
}

/// `chorus config ...`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the example configuration: every setting, documented, with its default.
    Example,
    /// Print the effective configuration after every layer (file, environment, flags).
    Show,
}

/// Which tier of the understanding decides, and where the accurate tier's encoder is.
#[derive(Debug, Clone, clap::Args)]
pub struct TierArgs {
    /// `fast` (the linear model), `accurate` (the transformer encoder on every text) or
    /// `cascade` (fast, then accurate where the fast tier is unsure; what the product does).
    #[arg(long, default_value = "cascade", value_parser = ["fast", "accurate", "cascade"])]
    pub tier: String,
    /// Directory of the base encoder (`config.json`, `model.safetensors`, `tokenizer.json`), as
    /// `scripts/setup` unpacks it (default: `models/all-minilm-l6-v2`).
    #[arg(long, env = "CHORUS_ENCODER_DIR", value_name = "DIR")]
    pub encoder_dir: Option<PathBuf>,
    /// Cascade: the fast tier's top sentiment probability below which a text goes on to the
    /// encoder (default: the built-in gate).
    #[arg(long, value_name = "P")]
    pub gate_sentiment: Option<f32>,
    /// Cascade: offensive or hate probability inside `LOW,HIGH` sends a text on.
    #[arg(long, value_name = "LOW,HIGH", value_delimiter = ',')]
    pub gate_toxicity: Option<Vec<f32>>,
}

/// `chorus eval ...`
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// TweetEval-format files: `{split}_text.txt` and `{split}_labels.txt`, one item per line.
    Tweeteval {
        /// `sentiment`, `offensive` or `hate`.
        #[arg(long)]
        task: String,
        /// Directory holding the files (or holding a directory named after the task).
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        /// `val` or `test` (or any other split with files).
        #[arg(long, default_value = "val")]
        split: String,
        /// Which tier decides.
        #[command(flatten)]
        tier: TierArgs,
    },
    /// How well themes name root causes: coverage, purity and NMI against known causes. The
    /// last line is `themes coverage=C purity=P nmi=N themes=T median_label_words=W`.
    Themes {
        /// JSON lines `{"text": ..., "cause": ...}` (cause null for praise and chatter);
        /// without it, synthetic incidents with known causes.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Synthetic posts to generate (without `--file`).
        #[arg(long, default_value_t = 5_000)]
        posts: usize,
        /// Seed of the synthetic posts.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Cosine similarity of embeddings from which a post joins a theme by meaning (the
        /// hub's `listen.theme_meaning_similarity`).
        #[arg(long, default_value_t = 0.6, value_name = "COS")]
        meaning_similarity: f32,
        /// Which tier reads the posts: with the accurate tier, posts the words leave alone
        /// are placed by their meaning, as in the hub.
        #[command(flatten)]
        tier: TierArgs,
    },
    /// The hand-labelled intent sample (line numbers of TweetEval sentiment validation tweets).
    Intent {
        /// Directory of the shared datasets.
        #[arg(long, default_value = "../shared/data", value_name = "DIR")]
        data: PathBuf,
        /// The labels file.
        #[arg(
            long,
            default_value = "crates/chorus-analyze/eval/intent_val_sample.tsv",
            value_name = "FILE"
        )]
        labels: PathBuf,
    },
}

/// `chorus bench ...`
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Full signal pass on one thread; the last line is `analyze texts_per_sec=N`.
    Analyze {
        /// Texts, one per line (default: the TweetEval sentiment validation texts).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Directory of the shared datasets, for the default file.
        #[arg(long, default_value = "../shared/data", value_name = "DIR")]
        data: PathBuf,
        /// Seconds to keep measuring.
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
        /// Which tier to measure.
        #[command(flatten)]
        tier: TierArgs,
    },
    /// Replay synthetic mentions through the whole embedded pipeline (decode, analyze, store,
    /// theme, count) and check that every one is stored once and can be found. The last line
    /// is `ingest mentions_per_sec=R lost=L duplicated=D`; a line before it, `ingest_stages …`, gives
    /// the time analysis and the database write took per transaction against the time one
    /// may take at the goal of 143,199 mentions/s (`goal_budget_ms`): what bounds the rate.
    Ingest {
        /// Mentions to replay.
        #[arg(long, default_value_t = 1_000_000)]
        mentions: u64,
        /// Mentions per database transaction.
        #[arg(long, default_value_t = 5_000)]
        batch: usize,
        /// Keep the bench database afterwards (in the data directory) instead of deleting it.
        #[arg(long)]
        keep: bool,
        /// Then run one triage pass over everything stored (cases, follow-ups, alerts) and
        /// print `triage mentions_per_sec=R cases_opened=N` before the ingest line.
        #[arg(long)]
        triage: bool,
        /// Run the accurate tier behind ingestion (needs the encoder from `scripts/setup`),
        /// as `chorus serve` does, and print `accurate share=S upgraded=N pending=P
        /// oldest_wait_s=W upgrades_per_sec=R` after the ingest: how many mentions it was
        /// asked to read, and how far behind it is when ingestion ends. Without it, the
        /// fast tier decides every signal.
        #[arg(long)]
        accurate: bool,
        /// Measure the distributed path: mentions go through this NATS JetStream server's
        /// work stream to a pipeline writer in this process, as between `chorus serve` and
        /// `chorus worker` (needs a PostgreSQL `--database-url`). Also times raw JetStream
        /// publishes of the same bytes in the same run and prints `broker
        /// publish_msgs_per_sec=R publish_mentions_per_sec=M message_bytes=B` before the
        /// ingest line.
        #[arg(long, value_name = "URL")]
        broker: Option<String>,
    },
    /// Index synthetic documents into a fresh tantivy index (in a temporary directory under
    /// the data directory), then time searches and suggestions through Chorus and the same
    /// queries through raw tantivy on the same index. Prints `index docs_per_sec=R`, then
    /// `search p50_ms=A p99_ms=B raw_p50_ms=C raw_p99_ms=D overhead_p99=X` and the same for
    /// `suggest`.
    Search {
        /// Documents to index.
        #[arg(long, default_value_t = 1_000_000)]
        docs: u64,
        /// Queries of each kind to time.
        #[arg(long, default_value_t = 2_000)]
        queries: usize,
        /// Indexing threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
    /// Store synthetic mentions (with the hourly counters the pipeline keeps), themes, cases
    /// and topics in a fresh embedded hub (or use an existing one), then time the reports the
    /// dashboard builds. Prints `reports mentions=N`, then `dashboard_30d_by_day p50_ms=A
    /// p99_ms=B` and two more views.
    Reports {
        /// Mentions to store.
        #[arg(long, default_value_t = 10_000_000)]
        mentions: u64,
        /// Days they span, ending now.
        #[arg(long, default_value_t = 365)]
        days: i64,
        /// Timed runs per view.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Keep the bench database afterwards (in the data directory).
        #[arg(long)]
        keep: bool,
        /// Seed nothing: time the reports on the hub at `--database-url` as it is (a kept
        /// bench database, or your own hub). No migrations run and nothing is seeded; the
        /// reads need a hub at this version's schema.
        #[arg(long, conflicts_with_all = ["mentions", "days", "keep"])]
        existing: bool,
    },
    /// Drive a running hub with mixed traffic (pages, API reads and writes, signed webhook
    /// ingest): first at full speed for `--calibrate-secs` to measure its maximum, then at
    /// `--load` of that rate for `--minutes`, printing each minute's requests, errors and the
    /// hub's resident memory. Last line: `soak requests=N errors=E rss_growth_pct=G`. See
    /// scripts/soak, which starts the hub and runs this.
    Soak {
        /// The hub's address, e.g. `http://127.0.0.1:18950`.
        #[arg(long)]
        url: String,
        /// An admin API token.
        #[arg(long, env = "CHORUS_SOAK_TOKEN")]
        token: String,
        /// Ingest path of a webhook source (`/ingest/webhook/ID`).
        #[arg(long)]
        webhook: String,
        /// That source's signing secret.
        #[arg(long, env = "CHORUS_SOAK_SECRET")]
        secret: String,
        /// Process id of the hub, for its resident memory.
        #[arg(long)]
        pid: u32,
        /// Minutes of steady load.
        #[arg(long, default_value_t = 10)]
        minutes: u64,
        /// Seconds of full-speed calibration first (the second half is measured).
        #[arg(long, default_value_t = 60)]
        calibrate_secs: u64,
        /// Share of the measured maximum to run at.
        #[arg(long, default_value_t = 0.8)]
        load: f64,
        /// Concurrent requests at most.
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        /// Print every request slower than this many milliseconds to standard error, with the
        /// seconds since the soak began (to line stalls up with what the hub was doing).
        #[arg(long)]
        slow_ms: Option<u64>,
    },
    /// The memory of a hub holding N mentions while it serves: imports N synthetic mentions
    /// (and a community of 1,000 topics) into a fresh embedded hub under the data directory,
    /// starts `chorus serve` on it as its own process, requests the dashboard, the listening
    /// page and a topic page `--requests` times each as an admin, and reads the server's
    /// resident memory. The last line is `memory rss_mib=M peak_rss_mib=P` (the server's
    /// resident set at the end and its peak over its life).
    Memory {
        /// Mentions to import.
        #[arg(long, default_value_t = 1_000_000)]
        mentions: u64,
        /// Requests per page.
        #[arg(long, default_value_t = 1_000)]
        requests: usize,
        /// Mentions per database transaction during the import.
        #[arg(long, default_value_t = 5_000)]
        batch: usize,
        /// Keep the bench's data directory afterwards.
        #[arg(long)]
        keep: bool,
    },
    /// Fill the hub with synthetic topics and replies (for load tests; see scripts/bench-community).
    SeedCommunity {
        /// Topics to create.
        #[arg(long, default_value_t = 100_000)]
        topics: usize,
        /// Replies to spread over them.
        #[arg(long, default_value_t = 1_000_000)]
        replies: usize,
    },
}
