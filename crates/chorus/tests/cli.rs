//! The `chorus` binary as people run it: flags, configuration layers, CLI commands sharing a
//! hub with a running server, on SQLite and PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use chorus_testkit::{TempDir, TestDb, on_both_backends};

const BIN: &str = env!("CARGO_BIN_EXE_chorus");

fn chorus(dir: &TempDir, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir.path())
        .args(args)
        .env_remove("CHORUS_CONFIG")
        .env_remove("CHORUS_DATA_DIR")
        .env_remove("CHORUS_DATABASE_URL")
        .env("RUST_LOG", "warn")
        // Cheap hashes keep the tests fast.
        .env("CHORUS_AUTH__ARGON2_MEMORY_KIB", "64")
        .env("CHORUS_AUTH__ARGON2_ITERATIONS", "1");
    cmd
}

fn run_with_stdin(mut cmd: Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A client for the server under test (with the TLS provider the binary uses installed).
fn http() -> reqwest::Client {
    chorus_listen::client(None).unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn version_and_help_for_every_command() {
    let dir = TempDir::new();
    let v = chorus(&dir, &["--version"]).output().unwrap();
    assert!(v.status.success());
    assert_eq!(
        text(&v.stdout).trim(),
        format!("chorus {}", env!("CARGO_PKG_VERSION"))
    );
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "--help"],
        vec!["admin", "create-user", "--help"],
        vec!["config", "--help"],
        vec!["triage", "--help"],
        vec!["export", "mentions", "--help"],
    ] {
        let out = chorus(&dir, &args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.contains("Usage: chorus"), "{args:?}: {help}");
        assert!(
            help.contains("--data-dir") && help.contains("--database-url"),
            "global options on {args:?}"
        );
    }
    let bad = chorus(&dir, &["frobnicate"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn configuration_layers_in_order() {
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("chorus.toml"),
        "[hub]\nname = \"From file\"\ndata_dir = \"file-dir\"\n[server]\nlisten = \"127.0.0.1:9999\"\n",
    )
    .unwrap();
    let show = |cmd: &mut Command| text(&cmd.output().unwrap().stdout);

    let file_only = show(&mut chorus(&dir, &["config", "show"]));
    assert!(file_only.contains("name = \"From file\""), "{file_only}");
    assert!(file_only.contains("listen = \"127.0.0.1:9999\""));

    let env = show(
        chorus(&dir, &["config", "show"])
            .env("CHORUS_HUB__NAME", "From env")
            .env("CHORUS_DATA_DIR", "env-dir"),
    );
    assert!(env.contains("name = \"From env\""), "env beats file: {env}");
    assert!(env.contains("data_dir = \"env-dir\""));

    let flag = show(
        chorus(&dir, &["config", "show", "--data-dir", "flag-dir"])
            .env("CHORUS_DATA_DIR", "env-dir"),
    );
    assert!(
        flag.contains("data_dir = \"flag-dir\""),
        "flag beats env: {flag}"
    );

    let secret = show(&mut chorus(
        &dir,
        &[
            "config",
            "show",
            "--database-url",
            "postgres://u:hunter2@db/x",
        ],
    ));
    assert!(
        !secret.contains("hunter2") && secret.contains("u:***@db"),
        "{secret}"
    );

    // Deeper keys nest the same way; a provider's client secret is never shown.
    let oidc = show(
        chorus(&dir, &["config", "show"])
            .env(
                "CHORUS_OIDC__PROVIDERS__CORP__ISSUER",
                "https://sso.example.com",
            )
            .env("CHORUS_OIDC__PROVIDERS__CORP__CLIENT_ID", "chorus")
            .env("CHORUS_OIDC__PROVIDERS__CORP__CLIENT_SECRET", "hunter3"),
    );
    assert!(oidc.contains("[oidc.providers.corp]"), "{oidc}");
    assert!(
        oidc.contains("issuer = \"https://sso.example.com\""),
        "{oidc}"
    );
    assert!(!oidc.contains("hunter3") && oidc.contains("client_secret = \"(hidden)\""));

    let typo = chorus(&dir, &["config", "show"])
        .env("CHORUS_SERVER__LISTN", "x")
        .output()
        .unwrap();
    assert!(!typo.status.success());
    assert!(
        text(&typo.stderr).contains("listn"),
        "unknown keys are named: {}",
        text(&typo.stderr)
    );

    let invalid = chorus(&dir, &["config", "show"])
        .env("CHORUS_SERVER__LISTEN", "nowhere")
        .output()
        .unwrap();
    assert!(!invalid.status.success());
    assert!(text(&invalid.stderr).contains("server.listen"));

    let missing = chorus(&dir, &["--config", "nope.toml", "config", "show"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
}

#[test]
fn example_file_is_what_the_binary_prints() {
    let dir = TempDir::new();
    let out = chorus(&dir, &["config", "example"]).output().unwrap();
    let committed = include_str!("../../../chorus.example.toml");
    assert_eq!(text(&out.stdout), committed);
}

fn db_args(url: &str, dir: &TempDir) -> Vec<String> {
    vec![
        "--data-dir".to_owned(),
        dir.path().join("data").display().to_string(),
        "--database-url".to_owned(),
        url.to_owned(),
    ]
}

async fn create_users_from_the_cli(url: String) {
    let dir = TempDir::new();
    let args = db_args(&url, &dir);
    let migrate = chorus(&dir, &[&args[0], &args[1], &args[2], &args[3], "migrate"])
        .output()
        .unwrap();
    assert!(migrate.status.success(), "{}", text(&migrate.stderr));
    assert!(text(&migrate.stdout).contains("migrations applied"));

    let create = |email: &str, role: &str, password: &str| {
        let cmd = chorus(
            &dir,
            &[
                &args[0],
                &args[1],
                &args[2],
                &args[3],
                "admin",
                "create-user",
                "--email",
                email,
                "--name",
                "Root",
                "--role",
                role,
            ],
        );
        run_with_stdin(cmd, &format!("{password}\n"))
    };
    let ok = create("root@example.com", "admin", "correct horse battery");
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("with role admin"));
    let dup = create("ROOT@example.com", "admin", "correct horse battery");
    assert!(!dup.status.success());
    assert!(text(&dup.stderr).contains("already exists"));
    let weak = create("other@example.com", "agent", "short");
    assert!(!weak.status.success());
    assert!(text(&weak.stderr).contains("password:"));
    let role = create("other@example.com", "owner", "correct horse battery");
    assert!(!role.status.success());
    assert!(text(&role.stderr).contains("unknown role"));
}
on_both_backends!(cli_users, create_users_from_the_cli);

/// A `chorus serve` child process, stopped with SIGTERM on drop.
struct Server {
    child: Child,
    base: String,
    stdout: Vec<String>,
}

impl Server {
    fn start(dir: &TempDir, extra: &[String]) -> Server {
        Server::start_with_env(dir, extra, &[])
    }

    fn start_with_env(dir: &TempDir, extra: &[String], env: &[(&str, &str)]) -> Server {
        let mut args: Vec<&str> = extra.iter().map(String::as_str).collect();
        args.extend(["serve", "--listen", "127.0.0.1:0"]);
        if extra.iter().any(|a| a == "--demo") {
            args.retain(|a| *a != "--demo");
            args.push("--demo");
        }
        let mut child = chorus(dir, &args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut stdout = Vec::new();
        let base = loop {
            let line = lines
                .next()
                .expect("server exited before listening")
                .unwrap();
            stdout.push(line.clone());
            if let Some(addr) = line.strip_prefix("Chorus is listening on ") {
                break addr.trim().to_owned();
            }
        };
        Server {
            child,
            base,
            stdout,
        }
    }

    /// Kills the process without warning (SIGKILL), as a crash or the OOM killer would.
    fn crash(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn stop(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

async fn serve_answers_health_and_shares_the_hub(url: String) {
    let dir = TempDir::new();
    let args = db_args(&url, &dir);
    let mut server = Server::start(&dir, &args);
    let client = http();
    for path in ["/healthz", "/readyz"] {
        let resp = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
    }
    // A user created by the CLI can immediately use the running server.
    let cmd = chorus(
        &dir,
        &[
            &args[0],
            &args[1],
            &args[2],
            &args[3],
            "admin",
            "create-user",
            "--email",
            "ops@example.com",
            "--name",
            "Ops",
            "--role",
            "manager",
        ],
    );
    let out = run_with_stdin(cmd, "correct horse battery\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = client
        .post(format!("{}/api/v1/tokens", server.base))
        .json(&serde_json::json!({"email": "ops@example.com", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 201);
    let status = server.stop();
    assert!(status.success(), "graceful shutdown on SIGTERM: {status}");
}
on_both_backends!(serve, serve_answers_health_and_shares_the_hub);

#[tokio::test]
async fn demo_prints_one_account_per_role() {
    let dir = TempDir::new();
    let db = TestDb::sqlite();
    let mut args = db_args(db.url(), &dir);
    args.push("--demo".to_owned());
    let server = Server::start(&dir, &args);
    let printed = server.stdout.join("\n");
    for role in ["admin", "manager", "agent", "member"] {
        assert!(
            printed.contains(&format!("{role}@demo.chorus.test")),
            "{printed}"
        );
    }
    let client = http();
    let resp = client
        .post(format!("{}/api/v1/tokens", server.base))
        .json(
            &serde_json::json!({"email": "agent@demo.chorus.test", "password": "demo-agent-pass"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
}

#[test]
fn serve_reports_an_unusable_database() {
    let dir = TempDir::new();
    let out = chorus(
        &dir,
        &[
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
            "serve",
            "--listen",
            "127.0.0.1:0",
        ],
    )
    .output()
    .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("cannot open database"),
        "{}",
        text(&out.stderr)
    );
}

async fn bench_seeding_fills_a_hub(url: String) {
    let dir = TempDir::new();
    let args = db_args(&url, &dir);
    let out = chorus(
        &dir,
        &[
            &args[0],
            &args[1],
            &args[2],
            &args[3],
            "bench",
            "seed-community",
            "--topics",
            "300",
            "--replies",
            "3000",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("seeded topics=300 replies=3000"),
        "{}",
        text(&out.stdout)
    );
    // The seeded hub serves, and new topics continue after the seeded ids.
    let server = Server::start(&dir, &args);
    let client = http();
    let page: serde_json::Value = client
        .get(format!("{}/api/v1/topics?limit=5", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["topics"].as_array().unwrap().len(), 5);
    let total: i64 = page["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["reply_count"].as_i64().unwrap())
        .sum();
    assert!(total > 0, "replies are attached to topics");
    let cmd = chorus(
        &dir,
        &[
            &args[0],
            &args[1],
            &args[2],
            &args[3],
            "admin",
            "create-user",
            "--email",
            "w@example.com",
            "--name",
            "W",
            "--role",
            "member",
        ],
    );
    assert!(
        run_with_stdin(cmd, "correct horse battery\n")
            .status
            .success()
    );
    let token: serde_json::Value = client
        .post(format!("{}/api/v1/tokens", server.base))
        .json(&serde_json::json!({"email": "w@example.com", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created = client
        .post(format!("{}/api/v1/topics", server.base))
        .bearer_auth(token["token"].as_str().unwrap())
        .json(&serde_json::json!({"kind": "question", "title": "After seeding", "body": "ids continue", "tags": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["id"], 301);
}
on_both_backends!(bench_seed, bench_seeding_fills_a_hub);

#[test]
fn analyze_reads_lines_and_reports_bad_ones() {
    let dir = TempDir::new();
    let mut input = b"your update broke my login, fix it!\n".to_vec();
    input.extend_from_slice(b"bad \xff\xfe bytes\n");
    input.extend_from_slice("thanks for nothing 😡\n".as_bytes());
    let mut child = chorus(&dir, &["analyze"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one output line per input line, in order");
    assert_eq!(lines[0]["sentiment"]["label"], "negative");
    assert_eq!(lines[0]["intent"], "complaint");
    assert_eq!(lines[0]["toxicity"]["abusive"], false);
    assert_eq!(lines[0]["language"]["code"], "en");
    assert_eq!(
        lines[0]["fingerprint"]["minhash"].as_str().unwrap().len(),
        64 * 8
    );
    assert_eq!(lines[1]["error"], "invalid UTF-8");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["sentiment"]["label"], "negative");
    assert!(
        text(&out.stderr).contains("line 2"),
        "{}",
        text(&out.stderr)
    );

    let jsonl = "{\"text\": \"How do I export my files?\"}\n{\"body\": \"no text\"}\nnot json\n";
    let out = run_with_stdin(chorus(&dir, &["analyze", "--jsonl"]), jsonl);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["intent"], "question");
    assert_eq!(lines[1]["error"], "missing text field");
    assert_eq!(lines[2]["error"], "invalid JSON");
}

#[test]
fn eval_prints_a_table_and_the_summary_line() {
    let dir = TempDir::new();
    let texts = "I love this, best day ever!\nThe meeting is at 3pm\nThis is awful, I hate it\nWhat a terrible service\n";
    std::fs::write(dir.path().join("val_text.txt"), texts).unwrap();
    std::fs::write(dir.path().join("val_labels.txt"), "2\n1\n0\n0\n").unwrap();
    let out = chorus(
        &dir,
        &[
            "eval",
            "tweeteval",
            "--task",
            "sentiment",
            "--dir",
            ".",
            "--split",
            "val",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("negative") && stdout.contains("precision"));
    let last = stdout.lines().last().unwrap();
    let ok = last.starts_with("sentiment macro_recall=")
        && last.ends_with(" n=4")
        && last
            .split(['=', ' '])
            .nth(2)
            .is_some_and(|v| v.len() == 6 && v.parse::<f64>().is_ok());
    assert!(ok, "{last}");

    std::fs::write(dir.path().join("val_labels.txt"), "2\n1\n").unwrap();
    let bad = chorus(
        &dir,
        &[
            "eval",
            "tweeteval",
            "--task",
            "sentiment",
            "--dir",
            ".",
            "--split",
            "val",
        ],
    )
    .output()
    .unwrap();
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("4 texts but 2 labels"));
    let task = chorus(
        &dir,
        &["eval", "tweeteval", "--task", "emoji", "--dir", "."],
    )
    .output()
    .unwrap();
    assert!(!task.status.success());
}

#[test]
fn bench_analyze_ends_with_the_rate() {
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("texts.txt"),
        "one text\nanother text, a bit longer!\n",
    )
    .unwrap();
    let out = chorus(
        &dir,
        &[
            "bench",
            "analyze",
            "--file",
            "texts.txt",
            "--seconds",
            "0.2",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let last = stdout.lines().last().unwrap();
    // `analyze texts_per_sec=R` first; more fields (tier, accurate share) may follow.
    let rate: f64 = last
        .strip_prefix("analyze texts_per_sec=")
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(rate > 0.0);
}

/// The accurate tier on the real base encoder, as `scripts/setup` installs it (the tests run
/// after setup; without the encoder this fails and says how to install it).
#[test]
fn analyze_tiers_say_which_tier_decided() {
    let encoder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../models/all-minilm-l6-v2/model.safetensors");
    assert!(
        encoder.is_file(),
        "no base encoder at {}: run scripts/setup",
        encoder.display()
    );
    let dir = TempDir::new();
    let input = concat!(
        "{\"text\": \"My bag was lost again and nobody at the airline answers. Awful service.\"}\n",
        "{\"text\": \"Absolutely love the new update, the sync is so fast now!\"}\n",
        "{\"text\": \"El vuelo salió tarde otra vez\"}\n",
    );
    for (tier, expected) in [("accurate", "accurate"), ("fast", "fast")] {
        let out = run_with_stdin(chorus(&dir, &["analyze", "--jsonl", "--tier", tier]), input);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let lines: Vec<serde_json::Value> = text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["tier"], expected, "{tier}");
        assert_eq!(
            lines[0]["sentiment"]["label"], "negative",
            "{tier}: {}",
            lines[0]
        );
        assert_eq!(
            lines[1]["sentiment"]["label"], "positive",
            "{tier}: {}",
            lines[1]
        );
        for l in &lines {
            assert!(l["sentiment"]["score"].as_f64().unwrap().abs() <= 1.0);
            assert!(l["toxicity"]["abusive"].is_boolean());
            assert!(l["intent"].is_string());
        }
        // Spanish has no trained model in either tier: the fast tier answers and says so.
        assert_eq!(lines[2]["tier"], "fast");
        assert_eq!(lines[2]["model"], "none");
    }
    let missing = run_with_stdin(
        chorus(
            &dir,
            &[
                "analyze",
                "--tier",
                "accurate",
                "--encoder-dir",
                "no-such-dir",
            ],
        ),
        "hello\n",
    );
    assert!(!missing.status.success());
    assert!(
        text(&missing.stderr).contains("no-such-dir"),
        "{}",
        text(&missing.stderr)
    );
    std::fs::write(
        dir.path().join("texts.txt"),
        "my bag is lost\nnot bad at all\n",
    )
    .unwrap();
    let out = chorus(
        &dir,
        &[
            "bench",
            "analyze",
            "--file",
            "texts.txt",
            "--seconds",
            "0.1",
            "--tier",
            "cascade",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let last = text(&out.stdout).lines().last().unwrap().to_owned();
    assert!(
        last.starts_with("analyze texts_per_sec=") && last.contains("tier=cascade"),
        "{last}"
    );
}

/// The shared training data, if this checkout sits next to it (`CHORUS_SHARED_DATA` overrides).
fn shared_data() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("CHORUS_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
        });
    path.join("semeval-sentiment/train.tsv")
        .exists()
        .then_some(path)
}

#[test]
fn training_reproduces_the_committed_model() {
    let Some(data) = shared_data() else {
        eprintln!(
            "SKIPPED training_reproduces_the_committed_model: no shared data next to this checkout (set CHORUS_SHARED_DATA)"
        );
        return;
    };
    let dir = TempDir::new();
    let out_path = dir.path().join("signals.bin");
    let out = chorus(
        &dir,
        &[
            "train",
            "--data",
            data.to_str().unwrap(),
            "--out",
            out_path.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let committed = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../chorus-analyze/models/signals.bin"),
    )
    .unwrap();
    let trained = std::fs::read(&out_path).unwrap();
    assert!(
        trained == committed,
        "training is not reproducible, or the committed model is stale:\n{report}"
    );
    for (task, floor) in [("sentiment", 0.66), ("hate", 0.55)] {
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("{task} val ")))
            .unwrap();
        let value: f64 = line.rsplit('=').next().unwrap().parse().unwrap();
        assert!(value >= floor, "{line}");
    }
}

fn import(dir: &TempDir, args: &[String], format: &str, file: &std::path::Path) -> Output {
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    let file = file.display().to_string();
    all.extend(["import", "--format", format, &file]);
    chorus(dir, &all).output().unwrap()
}

fn last_line(out: &Output) -> String {
    text(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

async fn imports_are_idempotent_and_report_bad_lines(url: String) {
    let dir = TempDir::new();
    let args = db_args(&url, &dir);
    let jsonl = dir.path().join("mentions.jsonl");
    let line = |id: u32, text: &str| {
        serde_json::json!({
            "channel": "mastodon",
            "external_id": format!("m{id}"),
            "author": "@ana@example.social",
            "author_followers": 120 + id,
            "text": text,
            "url": format!("https://example.social/@ana/{id}"),
            "created_at": "2026-11-20T10:00:00Z",
        })
        .to_string()
    };
    let body = [
        line(1, "The app crashes every time I open settings"),
        "{not json".to_owned(),
        line(2, "Love the new dark mode, thank you!"),
        String::new(),
        serde_json::json!({"channel": "fax", "external_id": "x", "author": "a", "text": "t",
            "created_at": "2026-11-20T10:00:00Z"})
        .to_string(),
        line(3, "How do I export my invoices?"),
        line(1, "The app crashes every time I open settings"),
    ]
    .join("\n");
    std::fs::write(&jsonl, body).unwrap();

    let first = import(&dir, &args, "jsonl", &jsonl);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert_eq!(last_line(&first), "imported=3 duplicates=1 rejected=2");
    let stderr = text(&first.stderr);
    assert!(stderr.contains("line 2:"), "{stderr}");
    assert!(
        stderr.contains("line 5:") && stderr.contains("fax"),
        "{stderr}"
    );

    let again = import(&dir, &args, "jsonl", &jsonl);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(last_line(&again), "imported=0 duplicates=4 rejected=2");

    let csv = dir.path().join("mentions.csv");
    std::fs::write(
        &csv,
        "channel,external_id,author,author_followers,text,url,created_at\n\
         bluesky,at://did:plc:a/app.bsky.feed.post/1,ana.bsky.social,10,\"Checkout fails, again\",,2026-11-20T11:00:00Z\n\
         bluesky,at://did:plc:a/app.bsky.feed.post/2,ana.bsky.social,ten,broken,,2026-11-20T11:00:00Z\n\
         import,row-3,bo,0,\"Quoted, with \"\"quotes\"\"\",https://example.com/3,2026-11-20T12:00:00Z\n",
    )
    .unwrap();
    let out = import(&dir, &args, "csv", &csv);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // "ten" followers: the row is kept without the count, with a warning.
    assert_eq!(last_line(&out), "imported=3 duplicates=0 rejected=0");
    assert!(
        text(&out.stderr).contains("line 3: warning: author_followers"),
        "{}",
        text(&out.stderr)
    );

    let mbox = dir.path().join("support.mbox");
    std::fs::write(
        &mbox,
        "From ana@example.com Fri Nov 20 10:00:00 2026\n\
         From: Ana <ana@example.com>\n\
         To: support@example.com\n\
         Subject: Refund not received\n\
         Message-ID: <refund-1@example.com>\n\
         Date: Fri, 20 Nov 2026 10:00:00 +0000\n\
         \n\
         I returned the order two weeks ago and still have no refund.\n\
         >From the tracking page it was delivered.\n\
         \n\
         From bo@example.com Fri Nov 20 11:00:00 2026\n\
         From: bo@example.com\n\
         Subject: Password reset link expired\n\
         Message-ID: <reset-2@example.com>\n\
         Date: Fri, 20 Nov 2026 11:00:00 +0000\n\
         \n\
         The reset link says it expired immediately.\n",
    )
    .unwrap();
    let out = import(&dir, &args, "mbox", &mbox);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(last_line(&out), "imported=2 duplicates=0 rejected=0");
    let out = import(&dir, &args, "mbox", &mbox);
    assert_eq!(last_line(&out), "imported=0 duplicates=2 rejected=0");

    // What was imported is served with its signals.
    let server = Server::start(&dir, &args);
    let cmd = chorus(
        &dir,
        &[
            &args[0],
            &args[1],
            &args[2],
            &args[3],
            "admin",
            "create-user",
            "--email",
            "agent@example.com",
            "--name",
            "Agent",
            "--role",
            "agent",
        ],
    );
    let out = run_with_stdin(cmd, "correct horse battery\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let client = http();
    let token: serde_json::Value = client
        .post(format!("{}/api/v1/tokens", server.base))
        .json(
            &serde_json::json!({"email": "agent@example.com", "password": "correct horse battery"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap().to_owned();
    let listed: serde_json::Value = client
        .get(format!("{}/api/v1/mentions?limit=50", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mentions = listed["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), 8, "{listed}");
    let crash = mentions
        .iter()
        .find(|m| m["external_id"] == "m1")
        .expect("m1 imported");
    assert_eq!(crash["author_followers"], 121);
    assert_eq!(crash["sentiment"], "negative", "{crash}");
    let email = mentions
        .iter()
        .find(|m| m["channel"] == "email" && m["text"].as_str().unwrap().contains("refund"))
        .expect("the mbox message was imported");
    assert!(
        email["text"]
            .as_str()
            .unwrap()
            .contains("From the tracking page"),
        "mboxrd unescaping: {email}"
    );
}
on_both_backends!(import_cli, imports_are_idempotent_and_report_bad_lines);

#[test]
fn import_reports_a_missing_file_and_an_unknown_format() {
    let dir = TempDir::new();
    let db = TestDb::sqlite();
    let args = db_args(db.url(), &dir);
    let out = import(&dir, &args, "jsonl", &dir.path().join("nope.jsonl"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("nope.jsonl"),
        "{}",
        text(&out.stderr)
    );
    let out = import(&dir, &args, "xml", &dir.path().join("nope.xml"));
    assert_eq!(out.status.code(), Some(2), "clap rejects an unknown format");
}

#[test]
fn bench_ingest_ends_with_the_rate_and_loses_nothing() {
    let dir = TempDir::new();
    let data = dir.path().join("data").display().to_string();
    let out = chorus(
        &dir,
        &[
            "--data-dir",
            &data,
            "bench",
            "ingest",
            "--mentions",
            "3000",
            "--batch",
            "500",
            "--triage",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The triage pass opens cases for the synthetic complaints and questions.
    let stdout = text(&out.stdout);
    let triage = stdout
        .lines()
        .find(|l| l.starts_with("triage mentions_per_sec="))
        .unwrap_or_else(|| panic!("no triage line in {stdout}"));
    let opened: u64 = triage
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("cases_opened="))
        .unwrap()
        .parse()
        .unwrap();
    assert!(opened > 0 && opened < 3000, "{triage}");
    let last = last_line(&out);
    let rate: f64 = last
        .strip_prefix("ingest mentions_per_sec=")
        .and_then(|r| r.strip_suffix(" lost=0 duplicated=0"))
        .unwrap_or_else(|| panic!("unexpected last line: {last}"))
        .parse()
        .unwrap();
    assert!(rate > 0.0);
    // The temporary bench database is removed unless --keep is given.
    assert_no_bench_left(&dir);
}

/// Nothing a bench made is left in the data directory (it is removed unless `--keep`).
fn assert_no_bench_left(dir: &TempDir) {
    let left: Vec<_> = std::fs::read_dir(dir.path().join("data"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        left.iter().all(|n| !n.to_string_lossy().contains("bench")),
        "{left:?}"
    );
}

#[test]
fn bench_ingest_says_what_bounds_the_rate() {
    let dir = TempDir::new();
    let data = dir.path().join("data").display().to_string();
    let out = chorus(
        &dir,
        &[
            "--data-dir",
            &data,
            "bench",
            "ingest",
            "--mentions",
            "2000",
            "--batch",
            "500",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let stages = stdout
        .lines()
        .find(|l| l.starts_with("ingest_stages "))
        .unwrap_or_else(|| panic!("no stages line in {stdout}"));
    let field = |k: &str| -> f64 {
        stages
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
            .unwrap_or_else(|| panic!("no {k} in {stages}"))
            .parse()
            .unwrap()
    };
    assert!(field("transactions") >= 1.0, "{stages}");
    assert!(field("mentions_per_transaction") > 0.0, "{stages}");
    assert!(
        field("write_ms") > 0.0 && field("analyze_ms") > 0.0,
        "{stages}"
    );
    // The time one transaction may take at 143,199 mentions/s.
    let budget = field("mentions_per_transaction") * 1000.0 / 143_199.0;
    assert!((field("goal_budget_ms") - budget).abs() < 0.1, "{stages}");
}

/// The memory bench imports, starts a real server on the data, reads its pages as an admin
/// and reports the server's memory; its data directory is removed afterwards.
#[test]
fn bench_memory_reports_the_serving_hubs_memory() {
    let dir = TempDir::new();
    let data = dir.path().join("data").display().to_string();
    let out = chorus(
        &dir,
        &[
            "--data-dir",
            &data,
            "bench",
            "memory",
            "--mentions",
            "2000",
            "--requests",
            "3",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for page in ["dashboard", "listening", "topic"] {
        assert!(
            stdout.contains(&format!("page {page} requests=3 ")),
            "{stdout}"
        );
    }
    assert!(stdout.contains("import mentions=2000 "), "{stdout}");
    let last = last_line(&out);
    let nums: Vec<f64> = last
        .strip_prefix("memory rss_mib=")
        .and_then(|r| r.split_once(" peak_rss_mib="))
        .map(|(a, b)| vec![a.parse().unwrap(), b.parse().unwrap()])
        .unwrap_or_else(|| panic!("unexpected last line: {last}"));
    // A server process holds megabytes, and its peak is at least what it holds.
    assert!(nums[0] > 1.0 && nums[1] >= nums[0], "{last}");
    assert_no_bench_left(&dir);
}

async fn staff_token(dir: &TempDir, args: &[String], base: &str) -> String {
    let cmd = chorus(
        dir,
        &[
            &args[0],
            &args[1],
            &args[2],
            &args[3],
            "admin",
            "create-user",
            "--email",
            "admin@example.com",
            "--name",
            "Admin",
            "--role",
            "admin",
        ],
    );
    let out = run_with_stdin(cmd, "correct horse battery\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token: serde_json::Value = http()
        .post(format!("{base}/api/v1/tokens"))
        .json(
            &serde_json::json!({"email": "admin@example.com", "password": "correct horse battery"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    token["token"].as_str().unwrap().to_owned()
}

async fn stored_mastodon_ids(base: &str, token: &str) -> Vec<String> {
    let client = http();
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut url = format!("{base}/api/v1/mentions?channel=mastodon&limit=200");
        if let Some(a) = &after {
            url.push_str(&format!("&after={a}"));
        }
        let page: serde_json::Value = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for m in page["mentions"].as_array().unwrap() {
            // The external id is the status URI; the stand-in published the numeric id.
            let uri = m["external_id"].as_str().unwrap();
            ids.push(uri.rsplit('/').next().unwrap().to_owned());
        }
        match page["next"].as_str() {
            Some(n) => after = Some(n.to_owned()),
            None => return ids,
        }
    }
}

/// Kill -9 while a Mastodon stream delivers, publish while the server is down, restart: every
/// status is stored exactly once (the checkpoint only advances with what was committed).
async fn a_crash_mid_stream_loses_nothing_and_stores_nothing_twice(url: String) {
    use chorus_testkit::mastodon::MastodonStandIn;
    let m = MastodonStandIn::start().await;
    let dir = TempDir::new();
    let args = db_args(&url, &dir);
    let env = [
        ("CHORUS_LISTEN__MIN_POLL_SECONDS", "1"),
        ("CHORUS_LISTEN__LEASE_SECONDS", "3"),
    ];
    let start = |dir: &TempDir| Server::start_with_env(dir, &args, &env);
    let mut published: Vec<String> = Vec::new();
    for i in 0..20 {
        published.push(m.publish("early", 10, &format!("#acme checkout broken, report {i}")));
    }
    let mut server = start(&dir);
    let token = staff_token(&dir, &args, &server.base).await;
    let client = http();
    let created = client
        .post(format!("{}/api/v1/sources", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "name": "Acme on Mastodon", "channel": "mastodon", "query": "#acme",
            "settings": {"base_url": m.url(), "stream": true}, "poll_seconds": 1,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    // Statuses keep arriving while the stream is open; crash in the middle of them.
    let mut waited = 0;
    while m.streams() == 0 {
        assert!(waited < 200, "the source never opened its stream");
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    for i in 0..40 {
        published.push(m.publish("live", 10, &format!("#acme login fails, report {i}")));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.crash();
    // While it is down the network moves on.
    for i in 0..15 {
        published.push(m.publish("offline", 10, &format!("#acme refund missing, report {i}")));
    }
    let server = start(&dir);
    for i in 0..10 {
        published.push(m.publish("after", 10, &format!("#acme app slow, report {i}")));
    }
    for _ in 0..300 {
        if stored_mastodon_ids(&server.base, &token).await.len() >= published.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Give a duplicate delivery the chance to show up before counting.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let stored = stored_mastodon_ids(&server.base, &token).await;
    let mut sorted = stored.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), stored.len(), "a status was stored twice");
    let mut want = published.clone();
    want.sort();
    assert_eq!(sorted, want, "every published status is stored once");
    // The status panel counts each new item once, across the crash.
    let sources: serde_json::Value = client
        .get(format!("{}/api/v1/sources", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items_new = sources["sources"][0]["status"]["items_new"]
        .as_u64()
        .unwrap();
    assert_eq!(items_new, published.len() as u64, "{sources}");
}
on_both_backends!(
    crash_restart,
    a_crash_mid_stream_loses_nothing_and_stores_nothing_twice
);

/// An imported file, triaged as a batch job and exported again: the commands a team uses to
/// measure the hub on its own data.
async fn triage_drain_and_export(url: String) {
    let dir = TempDir::new();
    let args = db_args(&url, &dir);
    let jsonl = dir.path().join("mentions.jsonl");
    let line = |id: u32, author: &str, text: &str| {
        serde_json::json!({
            "channel": "mastodon",
            "external_id": format!("m{id}"),
            "author": author,
            "author_followers": 300,
            "text": text,
            "url": format!("https://example.social/@x/{id}"),
            "created_at": format!("2026-11-20T10:0{id}:00Z"),
        })
        .to_string()
    };
    let body = [
        line(
            1,
            "@dana@example.social",
            "@acme the app crashes every time I open it, please help",
        ),
        line(
            2,
            "@eli@example.social",
            "Love the new dark mode from @acme, thank you!",
        ),
        line(
            3,
            "@fay@example.social",
            "@acme my refund never arrived, third week of waiting",
        ),
        // Real exports hold broken optional fields: kept, with the field dropped.
        serde_json::json!({"channel": "mastodon", "external_id": "m4", "author": "gus",
            "author_followers": -1, "text": "Watching the game tonight",
            "url": "https://example.social/@gus fan/4", "created_at": "2026-11-20T10:04:00Z"})
        .to_string(),
        serde_json::json!({"channel": "mastodon", "external_id": "m5", "author": "hal",
            "author_followers": "ten", "text": "Nice weather today",
            "created_at": "2026-11-20T10:05:00Z"})
        .to_string(),
    ]
    .join("\n");
    std::fs::write(&jsonl, body).unwrap();
    let out = import(&dir, &args, "jsonl", &jsonl);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(last_line(&out), "imported=5 duplicates=0 rejected=0");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 4: warning: url"), "{stderr}");
    assert!(
        stderr.contains("line 4: warning: author_followers"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 5: warning: author_followers: \"ten\""),
        "{stderr}"
    );

    let cli = |extra: &[&str]| {
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        all.extend(extra);
        chorus(&dir, &all).output().unwrap()
    };
    let out = cli(&["triage", "--drain"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let last = last_line(&out);
    let fields: std::collections::HashMap<&str, usize> = last
        .strip_prefix("triage ")
        .unwrap_or_else(|| panic!("{last}"))
        .split(' ')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k, v.parse().unwrap())
        })
        .collect();
    assert_eq!(fields["processed"], 5, "{last}");
    assert!(fields["cases_opened"] >= 1, "{last}");
    assert!(fields.contains_key("cases_updated"), "{last}");
    // Drained: a second run finds nothing new.
    let again = cli(&["triage", "--drain"]);
    assert_eq!(
        last_line(&again),
        "triage processed=0 cases_opened=0 cases_updated=0"
    );

    let out = cli(&["export", "mentions", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("exported mentions=5"));
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[3]["url"], "");
    for r in &rows {
        for key in [
            "channel",
            "external_id",
            "author",
            "sentiment",
            "intent",
            "theme_id",
            "theme_label",
            "case_id",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    let by_id = |id: &str| rows.iter().find(|r| r["external_id"] == id).unwrap();
    assert!(by_id("m1")["case_id"].is_i64(), "{}", by_id("m1"));
    assert!(by_id("m2")["case_id"].is_null(), "praise opens no case");
    assert_eq!(by_id("m2")["sentiment"], "positive");
    let cases = rows.iter().filter(|r| r["case_id"].is_i64()).count();
    assert_eq!(cases, fields["cases_opened"] + fields["cases_updated"]);
}
on_both_backends!(triage_drain_and_export_on, triage_drain_and_export);

#[test]
fn worker_needs_a_broker_and_a_shared_database() {
    let dir = TempDir::new();
    let alone = chorus(&dir, &["worker"]).output().unwrap();
    assert!(!alone.status.success());
    assert!(
        text(&alone.stderr).contains("--nats"),
        "{}",
        text(&alone.stderr)
    );
    // A broker between instances that share nothing would be a lie: refused before start.
    let sqlite = chorus(&dir, &["worker", "--nats", "nats://127.0.0.1:4222"])
        .output()
        .unwrap();
    assert_eq!(sqlite.status.code(), Some(2));
    assert!(
        text(&sqlite.stderr).contains("must share a PostgreSQL database"),
        "{}",
        text(&sqlite.stderr)
    );
    let bad = chorus(
        &dir,
        &[
            "--database-url",
            "postgres://u@127.0.0.1:1/x",
            "--nats",
            "http://127.0.0.1:4222",
            "serve",
        ],
    )
    .output()
    .unwrap();
    assert!(
        text(&bad.stderr).contains("must start with nats://"),
        "{}",
        text(&bad.stderr)
    );
    // Work is parked only by a shared writer: an embedded hub has none to requeue.
    let requeue = chorus(&dir, &["admin", "requeue-work"]).output().unwrap();
    assert!(!requeue.status.success());
    assert!(
        text(&requeue.stderr).contains("only on a hub with a broker"),
        "{}",
        text(&requeue.stderr)
    );
}

#[test]
fn bench_reports_times_a_kept_hub_again_without_writing_to_it() {
    let dir = TempDir::new();
    let data = dir.path().join("data").display().to_string();
    let views = |stdout: &str| {
        for view in [
            "dashboard_30d_by_day",
            "dashboard_30d_one_theme",
            "dashboard_365d_by_week",
        ] {
            assert!(
                stdout.contains(&format!("{view} mentions_in_view=")),
                "{stdout}"
            );
        }
    };
    let args = |extra: &[&str]| {
        let mut a = vec!["--data-dir", data.as_str()];
        a.extend_from_slice(extra);
        a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()
    };
    let run = |a: &[String]| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        chorus(&dir, &refs).output().unwrap()
    };
    let out = run(&args(&[
        "bench",
        "reports",
        "--mentions",
        "3000",
        "--days",
        "40",
        "--runs",
        "2",
        "--keep",
    ]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let seeded = text(&out.stdout);
    assert!(
        seeded.contains("reports mentions=3000 days=40 "),
        "{seeded}"
    );
    views(&seeded);
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("data"))
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("bench-reports-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "--keep keeps the bench hub");
    let db = kept[0].path().join("chorus.db");
    let url = format!("sqlite://{}", db.display());

    let out = run(&args(&[
        "--database-url",
        &url,
        "bench",
        "reports",
        "--existing",
        "--runs",
        "2",
    ]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = text(&out.stdout);
    assert!(again.contains("reports mentions=3000 "), "{again}");
    views(&again);
    // Nothing added: the year view (which holds all 40 days) counts what was seeded.
    let year = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("dashboard_365d_by_week "))
            .and_then(|l| l.split(" p50_ms=").next())
            .map(str::to_owned)
    };
    assert_eq!(year(&again), year(&seeded));
    assert!(
        year(&seeded).is_some_and(|l| l.ends_with("mentions_in_view=3000")),
        "{seeded}"
    );

    // Without a database to read, --existing says what it needs.
    let out = run(&args(&["bench", "reports", "--existing"]));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--database-url"),
        "{}",
        text(&out.stderr)
    );
}
