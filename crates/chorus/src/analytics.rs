//! The analytics commands: `analyze`, `eval tweeteval`, `train` and `bench analyze`. They read
//! and write files and streams; everything they compute comes from `chorus_analyze`.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chorus_analyze::metrics::{self, Metric};
use chorus_analyze::train::{self, TaskData, TrainingData};
use chorus_analyze::{Analyzer, Scratch, Signals};
use serde::Serialize;

/// The JSON printed for one text: the signals with the fingerprint in hex.
#[derive(Serialize)]
struct SignalsJson<'a> {
    sentiment: &'a chorus_analyze::Sentiment,
    intent: chorus_analyze::Intent,
    service_related: bool,
    toxicity: &'a chorus_analyze::Toxicity,
    language: &'a chorus_analyze::Language,
    key_phrases: &'a [String],
    fingerprint: FingerprintJson,
}

#[derive(Serialize)]
struct FingerprintJson {
    minhash: String,
    bands: Vec<String>,
}

fn to_json(s: &Signals) -> SignalsJson<'_> {
    SignalsJson {
        sentiment: &s.sentiment,
        intent: s.intent,
        service_related: s.service_related,
        toxicity: &s.toxicity,
        language: &s.language,
        key_phrases: &s.key_phrases,
        fingerprint: FingerprintJson {
            minhash: s.fingerprint.minhash_hex(),
            bands: s
                .fingerprint
                .bands
                .iter()
                .map(|b| format!("{b:016x}"))
                .collect(),
        },
    }
}

/// `chorus analyze`: one JSON object per input line, in order. A line that cannot be read is
/// reported on stderr with its number and answered with an error object, so outputs stay
/// aligned with inputs.
pub fn analyze(jsonl: bool) -> Result<()> {
    let analyzer = Analyzer::embedded().context("loading the analytics model")?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut scratch = Scratch::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("line {line_no}: invalid UTF-8 ({e}); skipped");
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"line": line_no, "error": "invalid UTF-8"})
                )?;
                continue;
            }
        };
        let owned;
        let text = if jsonl {
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
                    Some(t) => {
                        owned = t.to_owned();
                        owned.as_str()
                    }
                    None => {
                        eprintln!("line {line_no}: no \"text\" string field; skipped");
                        writeln!(
                            out,
                            "{}",
                            serde_json::json!({"line": line_no, "error": "missing text field"})
                        )?;
                        continue;
                    }
                },
                Err(e) => {
                    eprintln!("line {line_no}: invalid JSON ({e}); skipped");
                    writeln!(
                        out,
                        "{}",
                        serde_json::json!({"line": line_no, "error": "invalid JSON"})
                    )?;
                    continue;
                }
            }
        } else {
            text
        };
        let signals = analyzer.analyze_with(text, &mut scratch);
        serde_json::to_writer(&mut out, &to_json(&signals))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn read_lines(path: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.lines().map(str::to_owned).collect())
}

fn tweeteval_split(dir: &Path, task: &str, split: &str) -> Result<Vec<(String, usize)>> {
    let direct = dir.join(format!("{split}_text.txt"));
    let base = if direct.exists() {
        dir.to_path_buf()
    } else {
        dir.join(task)
    };
    let texts = read_lines(&base.join(format!("{split}_text.txt")))?;
    let labels = read_lines(&base.join(format!("{split}_labels.txt")))?;
    if texts.len() != labels.len() {
        bail!(
            "{}: {} texts but {} labels",
            base.display(),
            texts.len(),
            labels.len()
        );
    }
    texts
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (t, l))| {
            let label: usize = l
                .trim()
                .parse()
                .with_context(|| format!("{split}_labels.txt line {}: {l:?}", i + 1))?;
            Ok((t, label))
        })
        .collect()
}

fn task_spec(task: &str) -> Result<(Metric, &'static [&'static str])> {
    Ok(match task {
        "sentiment" => (Metric::MacroRecall, &["negative", "neutral", "positive"]),
        "offensive" => (Metric::MacroF1, &["not-offensive", "offensive"]),
        "hate" => (Metric::MacroF1, &["not-hate", "hate"]),
        other => bail!("unknown task {other:?}: expected sentiment, offensive or hate"),
    })
}

/// `chorus eval tweeteval`.
pub fn eval_tweeteval(task: &str, dir: &Path, split: &str) -> Result<()> {
    let (metric, names) = task_spec(task)?;
    let items = tweeteval_split(dir, task, split)?;
    let analyzer = Analyzer::embedded().context("loading the analytics model")?;
    let gold: Vec<usize> = items.iter().map(|(_, l)| *l).collect();
    let pred: Vec<usize> = items
        .iter()
        .map(|(t, _)| analyzer.predict_task(t, task))
        .collect();
    print!("{}", metrics::report(task, metric, names, &gold, &pred));
    Ok(())
}

/// `chorus eval intent`: the rules' intent and service-related flag against our hand labels.
pub fn eval_intent(data: &Path, labels: &Path) -> Result<()> {
    let texts = read_lines(&data.join("tweeteval/sentiment/val_text.txt"))?;
    let analyzer = Analyzer::embedded().context("loading the analytics model")?;
    let names = ["complaint", "question", "praise", "idea", "other"];
    let (mut gold, mut pred, mut service_gold, mut service_pred) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, line) in read_lines(labels)?.iter().enumerate() {
        if line.starts_with('#') || line.starts_with("line\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [n, intent, service] = cols[..] else {
            bail!("{} line {}: expected 3 columns", labels.display(), i + 1)
        };
        let n: usize = n
            .parse()
            .with_context(|| format!("{} line {}", labels.display(), i + 1))?;
        let text = texts
            .get(n.saturating_sub(1))
            .with_context(|| format!("no validation tweet {n}"))?;
        let Some(g) = names.iter().position(|x| *x == intent) else {
            bail!("unknown intent {intent:?}")
        };
        let s = analyzer.analyze(text);
        gold.push(g);
        pred.push(
            names
                .iter()
                .position(|x| *x == s.intent.as_str())
                .unwrap_or(4),
        );
        service_gold.push(usize::from(service == "1"));
        service_pred.push(usize::from(s.service_related));
    }
    print!(
        "{}",
        metrics::report(
            "service_related",
            Metric::MacroF1,
            &["no", "yes"],
            &service_gold,
            &service_pred
        )
    );
    print!(
        "{}",
        metrics::report("intent", Metric::MacroF1, &names, &gold, &pred)
    );
    Ok(())
}

fn semeval_train(path: &Path) -> Result<Vec<(String, usize)>> {
    let mut out = Vec::new();
    for (i, line) in read_lines(path)?.into_iter().enumerate().skip(1) {
        let mut parts = line.splitn(3, '\t');
        let (_, label, text) = (parts.next(), parts.next(), parts.next());
        let label = match label {
            Some("negative") => 0,
            Some("neutral") => 1,
            Some("positive") => 2,
            _ => bail!("{} line {}: unknown label", path.display(), i + 1),
        };
        out.push((text.unwrap_or_default().to_owned(), label));
    }
    Ok(out)
}

/// `chorus train`: trains on the training splits, chooses each head's `C` on the validation
/// splits, writes the model and prints the validation scores of the written model.
pub fn train_model(data: &Path, out: &Path) -> Result<()> {
    let tweeteval = data.join("tweeteval");
    let training = TrainingData {
        sentiment: TaskData {
            train: semeval_train(&data.join("semeval-sentiment/train.tsv"))?,
            val: tweeteval_split(&tweeteval, "sentiment", "val")?,
        },
        offensive: TaskData {
            train: tweeteval_split(&tweeteval, "offensive", "train")?,
            val: tweeteval_split(&tweeteval, "offensive", "val")?,
        },
        hate: TaskData {
            train: tweeteval_split(&tweeteval, "hate", "train")?,
            val: tweeteval_split(&tweeteval, "hate", "val")?,
        },
    };
    let started = Instant::now();
    let (model, reports) =
        train::train(&training, &train::Options::default()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    for r in &reports {
        let tried: Vec<String> = r
            .tried
            .iter()
            .map(|(c, m)| format!("C={c}: {m:.4}"))
            .collect();
        println!(
            "{} (chosen C={}; raw weights {})",
            r.task,
            r.c,
            tried.join(", ")
        );
        println!("{} val {}={:.4}", r.task, r.metric, r.val_metric);
    }
    println!(
        "wrote {} ({} bytes) in {:.1} s",
        out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `chorus bench analyze`: the full signal pass on one thread over a file of texts, repeated
/// for at least `seconds`.
pub fn bench_analyze(file: Option<PathBuf>, data: &Path, seconds: f64) -> Result<()> {
    let path = file.unwrap_or_else(|| data.join("tweeteval/sentiment/val_text.txt"));
    let texts =
        read_lines(&path).with_context(|| "pass --file with one text per line".to_owned())?;
    if texts.is_empty() {
        bail!("{} has no texts", path.display());
    }
    let load = Instant::now();
    let analyzer = Analyzer::embedded().context("loading the analytics model")?;
    let load_ms = load.elapsed().as_secs_f64() * 1000.0;
    let mut scratch = Scratch::new();
    // Warm up caches once, then measure.
    for t in &texts {
        std::hint::black_box(analyzer.analyze_with(t, &mut scratch));
    }
    let started = Instant::now();
    let mut done = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        for t in &texts {
            std::hint::black_box(analyzer.analyze_with(t, &mut scratch));
        }
        done += texts.len() as u64;
    }
    let secs = started.elapsed().as_secs_f64();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    println!(
        "file {} texts={} mean_chars={:.0}",
        path.display(),
        texts.len(),
        chars as f64 / texts.len() as f64
    );
    println!(
        "model load_ms={load_ms:.2} table_bytes={}",
        analyzer.model().to_bytes().len()
    );
    println!("analyzed {done} texts in {secs:.2} s on one thread");
    println!("analyze texts_per_sec={:.0}", done as f64 / secs);
    Ok(())
}
