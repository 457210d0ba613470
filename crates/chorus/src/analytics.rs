//! The analytics commands: `analyze`, `eval tweeteval`, `train` and `bench analyze`. They read
//! and write files and streams; everything they compute comes from `chorus_analyze` (the
//! fast tier) and `chorus_encoder` (the accurate tier and the cascade).

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chorus_analyze::metrics::{self, Metric};
use chorus_analyze::train::{self, TaskData, TrainingData};
use chorus_analyze::{Analyzer, Scratch};
use chorus_encoder::cascade::{Decided, Gate};
use chorus_encoder::heads::{self, Examples, Heads, TrainOptions};
use chorus_encoder::{Cascade, Encoder, Tier};
use serde::Serialize;

use crate::cli::TierArgs;

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
    /// `fast` or `accurate`: which tier decided.
    tier: &'static str,
    /// The model behind the trained signals (`linear`, the encoder's name, or `none`).
    model: &'a str,
}

#[derive(Serialize)]
struct FingerprintJson {
    minhash: String,
    bands: Vec<String>,
}

fn to_json(d: &Decided) -> SignalsJson<'_> {
    let s = &d.signals;
    SignalsJson {
        tier: d.tier.as_str(),
        model: &d.model,
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

/// Where `scripts/setup` unpacks the base encoder, relative to the repository.
const ENCODER_DIR: &str = "models/all-minilm-l6-v2";

/// The encoder directory: the one given, else [`ENCODER_DIR`] under the working directory or
/// under the repository a `target/*/chorus` binary was built in.
pub(crate) fn encoder_dir(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p.to_path_buf());
    }
    let mut candidates = vec![PathBuf::from(ENCODER_DIR)];
    if let Ok(exe) = std::env::current_exe()
        && let Some(root) = exe.parent().and_then(Path::parent).and_then(Path::parent)
    {
        candidates.push(root.join(ENCODER_DIR));
    }
    candidates
        .into_iter()
        .find(|p| p.join("model.safetensors").is_file())
}

/// The cascade for `args`. The fast tier always works; asking for the accurate tier without
/// its encoder or heads is an error, while the cascade falls back to the fast tier and says so.
fn load_cascade(args: &TierArgs) -> Result<(Cascade, Tier)> {
    let tier = Tier::parse(&args.tier).with_context(|| format!("unknown tier {:?}", args.tier))?;
    let mut gate = Gate::default();
    if let Some(p) = args.gate_sentiment {
        gate.sentiment = p;
    }
    match args.gate_toxicity.as_deref() {
        None => {}
        Some([low, high]) => gate.toxicity = (*low, *high),
        Some(_) => bail!("--gate-toxicity takes two probabilities: LOW,HIGH"),
    }
    let analyzer = Analyzer::embedded().context("loading the analytics model")?;
    if tier == Tier::Fast {
        return Ok((Cascade::new(analyzer, None, Gate::default())?, tier));
    }
    let missing = match (
        encoder_dir(args.encoder_dir.as_deref()),
        chorus_encoder::embedded_heads(),
    ) {
        (Some(dir), Some(heads)) => {
            let encoder = Encoder::load(&dir, chorus_encoder::DEFAULT_MAX_TOKENS)
                .with_context(|| format!("loading the encoder in {}", dir.display()))?;
            let heads = heads.context("reading the embedded heads")?;
            return Ok((Cascade::new(analyzer, Some((encoder, heads)), gate)?, tier));
        }
        (None, _) => {
            format!("no base encoder in {ENCODER_DIR} (run scripts/setup, or pass --encoder-dir)")
        }
        (Some(_), None) => {
            "this binary has no trained heads (run chorus train --tier accurate)".to_owned()
        }
    };
    if tier == Tier::Accurate {
        bail!("the accurate tier is not available: {missing}");
    }
    eprintln!("note: the cascade runs the fast tier only: {missing}");
    Ok((Cascade::new(analyzer, None, Gate::default())?, tier))
}

/// Texts analysed together by the cascade: the encoder is much faster per text in batches.
const BATCH: usize = 64;

/// One input line: a text, or why it could not be read.
enum Line {
    Text(String),
    Bad(u64, &'static str),
}

/// `chorus analyze`: one JSON object per input line, in order. A line that cannot be read is
/// reported on stderr with its number and answered with an error object, so outputs stay
/// aligned with inputs.
pub fn analyze(jsonl: bool, args: &TierArgs) -> Result<()> {
    let (cascade, tier) = load_cascade(args)?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut pending: Vec<Line> = Vec::new();
    loop {
        buf.clear();
        let eof = input.read_until(b'\n', &mut buf)? == 0;
        if !eof {
            line_no += 1;
            while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                buf.pop();
            }
            pending.push(read_line(&buf, jsonl, line_no));
        }
        // Answer in batches of BATCH lines (the encoder is much faster per text in batches);
        // the last, shorter batch is answered at the end of the input.
        if pending.len() >= BATCH || (eof && !pending.is_empty()) {
            let texts: Vec<&str> = pending
                .iter()
                .filter_map(|l| match l {
                    Line::Text(t) => Some(t.as_str()),
                    Line::Bad(..) => None,
                })
                .collect();
            let mut decided = cascade.analyze(&texts, tier)?.into_iter();
            for l in &pending {
                match l {
                    Line::Text(_) => {
                        if let Some(d) = decided.next() {
                            serde_json::to_writer(&mut out, &to_json(&d))?;
                            out.write_all(b"\n")?;
                        }
                    }
                    Line::Bad(n, why) => {
                        writeln!(out, "{}", serde_json::json!({"line": n, "error": why}))?;
                    }
                }
            }
            pending.clear();
            out.flush()?;
        }
        if eof {
            break;
        }
    }
    out.flush()?;
    Ok(())
}

/// The text of one input line (plain, or the `text` field of a JSON object).
fn read_line(buf: &[u8], jsonl: bool, line_no: u64) -> Line {
    let text = match std::str::from_utf8(buf) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("line {line_no}: invalid UTF-8 ({e}); skipped");
            return Line::Bad(line_no, "invalid UTF-8");
        }
    };
    if !jsonl {
        return Line::Text(text.to_owned());
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
            Some(t) => Line::Text(t.to_owned()),
            None => {
                eprintln!("line {line_no}: no \"text\" string field; skipped");
                Line::Bad(line_no, "missing text field")
            }
        },
        Err(e) => {
            eprintln!("line {line_no}: invalid JSON ({e}); skipped");
            Line::Bad(line_no, "invalid JSON")
        }
    }
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

/// `chorus eval tweeteval`: the labels `--tier` gives, decided exactly as the product does.
pub fn eval_tweeteval(task: &str, dir: &Path, split: &str, args: &TierArgs) -> Result<()> {
    let (metric, names) = task_spec(task)?;
    let items = tweeteval_split(dir, task, split)?;
    let (cascade, tier) = load_cascade(args)?;
    let gold: Vec<usize> = items.iter().map(|(_, l)| *l).collect();
    let mut pred = Vec::with_capacity(items.len());
    let mut probs: Vec<Vec<f32>> = Vec::with_capacity(items.len());
    let mut accurate = 0usize;
    for chunk in items.chunks(256) {
        let texts: Vec<&str> = chunk.iter().map(|(t, _)| t.as_str()).collect();
        let decided = cascade.analyze(&texts, tier)?;
        accurate += decided.iter().filter(|d| d.tier == Tier::Accurate).count();
        pred.extend(cascade.task_labels_of(&texts, &decided, task));
        probs.extend(decided.iter().map(|d| match task {
            "sentiment" => d.probs.sentiment.to_vec(),
            "offensive" => vec![1.0 - d.probs.offensive, d.probs.offensive],
            _ => vec![1.0 - d.probs.hate, d.probs.hate],
        }));
    }
    println!(
        "tier {} accurate_share={:.3}",
        tier.as_str(),
        accurate as f64 / items.len().max(1) as f64
    );
    // How far the task's probabilities are from the frequencies they claim (10 bins).
    println!(
        "calibration ece={:.4} bins=10",
        metrics::expected_calibration_error(&probs, &gold, 10)
    );
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
    written(out, bytes.len(), started);
    Ok(())
}

/// The last line of both `train` commands.
fn written(out: &Path, bytes: usize, started: Instant) {
    println!(
        "wrote {} ({bytes} bytes) in {:.1} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
}

/// FNV-1a over `texts`: names a cache file after exactly the texts it holds.
fn fingerprint(texts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in texts {
        for b in t.bytes().chain(std::iter::once(0)) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Embeddings of `texts`, read from `cache` when an earlier run computed them for exactly
/// these texts with this encoder, else computed (with progress on stderr) and written there.
fn embed_cached(encoder: &Encoder, texts: &[&str], cache: &Path, label: &str) -> Result<Vec<f32>> {
    let dim = encoder.dim();
    let file = cache.join(format!(
        "{}-{label}-{:016x}.f32",
        encoder.identity(),
        fingerprint(texts)
    ));
    if let Ok(bytes) = std::fs::read(&file)
        && bytes.len() == texts.len() * dim * 4
    {
        return Ok(bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect());
    }
    let started = Instant::now();
    let mut out = Vec::with_capacity(texts.len() * dim);
    for (i, chunk) in texts.chunks(256).enumerate() {
        out.extend(encoder.embed(chunk)?);
        if i % 20 == 19 {
            eprintln!(
                "{label}: {}/{} embedded ({:.0}/s)",
                out.len() / dim,
                texts.len(),
                (out.len() / dim) as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    std::fs::create_dir_all(cache).with_context(|| format!("creating {}", cache.display()))?;
    let bytes: Vec<u8> = out.iter().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(&file, bytes).with_context(|| format!("writing {}", file.display()))?;
    Ok(out)
}

/// Head inputs and labels of labelled texts.
fn examples(
    encoder: &Encoder,
    analyzer: &Analyzer,
    items: &[(String, usize)],
    cache: &Path,
    label: &str,
    with_fast: bool,
) -> Result<(Examples, Vec<chorus_analyze::TaskProbs>)> {
    let texts: Vec<&str> = items.iter().map(|(t, _)| t.as_str()).collect();
    let embeddings = embed_cached(encoder, &texts, cache, label)?;
    let dim = encoder.dim();
    let mut scratch = Scratch::new();
    let mut e = Examples::default();
    let mut fast_all = Vec::with_capacity(items.len());
    for (i, (text, gold)) in items.iter().enumerate() {
        let fast = analyzer.probabilities(text, &mut scratch);
        heads::features(
            &embeddings[i * dim..(i + 1) * dim],
            &fast,
            with_fast,
            &mut e.inputs,
        );
        e.labels.push(u32::try_from(*gold).unwrap_or(0));
        fast_all.push(fast);
    }
    Ok((e, fast_all))
}

/// `chorus train --tier accurate`: embeds the training and validation texts with the base
/// encoder (cached between runs), trains one head per task on the training split, keeps for
/// each the epoch that scores best on the validation split, and writes the heads.
pub fn train_accurate(
    data: &Path,
    out: Option<&Path>,
    encoder: Option<&Path>,
    cache: &Path,
) -> Result<()> {
    let out = out.unwrap_or(Path::new("crates/chorus-encoder/models/heads.safetensors"));
    let dir = encoder_dir(encoder)
        .context("no base encoder: run scripts/setup, or pass --encoder-dir")?;
    let encoder = Encoder::load(&dir, chorus_encoder::DEFAULT_MAX_TOKENS)
        .with_context(|| format!("loading the encoder in {}", dir.display()))?;
    let analyzer = Analyzer::embedded().context("loading the analytics model")?;
    // The heads read the embedding alone and are blended with the fast tier afterwards: fed
    // the fast tier's probabilities as inputs, they learnt to trust them on the texts the fast
    // tier was trained on (where it is right far more often than on new text) and scored
    // 0.689 / 0.735 / 0.753 on validation instead of 0.716 / 0.743 / 0.753.
    let with_fast = false;
    let tweeteval = data.join("tweeteval");
    let started = Instant::now();
    let mut heads = Heads::untrained(heads::input_width(encoder.dim(), with_fast));
    for task in heads::TASKS {
        let (metric, names) = task_spec(task)?;
        let train_items = if task == "sentiment" {
            semeval_train(&data.join("semeval-sentiment/train.tsv"))?
        } else {
            tweeteval_split(&tweeteval, task, "train")?
        };
        let val_items = tweeteval_split(&tweeteval, task, "val")?;
        let (train, _) = examples(
            &encoder,
            &analyzer,
            &train_items,
            cache,
            &format!("{task}-train"),
            with_fast,
        )?;
        let (val, val_fast) = examples(
            &encoder,
            &analyzer,
            &val_items,
            cache,
            &format!("{task}-val"),
            with_fast,
        )?;
        let classes = names.len();
        let fit = heads::train(
            &mut heads,
            task,
            &train,
            &val,
            Some(&val_fast),
            TrainOptions::default(),
            |p, y| {
                let p: Vec<usize> = p.iter().map(|&v| v as usize).collect();
                let y: Vec<usize> = y.iter().map(|&v| v as usize).collect();
                metrics::score(metric, &y, &p, classes)
            },
        )?;
        println!(
            "{task} val {}={:.4} (epoch {}, blend {:.2}, {} training texts)",
            metric.name(),
            fit.score,
            fit.epoch,
            fit.blend,
            train.len()
        );
    }
    let bytes = heads.to_bytes()?;
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    written(out, bytes.len(), started);
    Ok(())
}

/// `chorus bench analyze`: the signal pass of `--tier` over a file of texts, repeated for at
/// least `seconds`. The fast tier runs one text at a time on one thread; the accurate tier and
/// the cascade run in batches of [`BATCH`] (pin the process to one core with `taskset -c 0`
/// for a per-core figure: the encoder's matrix products use every core they are given).
pub fn bench_analyze(
    file: Option<PathBuf>,
    data: &Path,
    seconds: f64,
    args: &TierArgs,
) -> Result<()> {
    let path = file.unwrap_or_else(|| data.join("tweeteval/sentiment/val_text.txt"));
    let texts =
        read_lines(&path).with_context(|| "pass --file with one text per line".to_owned())?;
    if texts.is_empty() {
        bail!("{} has no texts", path.display());
    }
    let load = Instant::now();
    let (cascade, tier) = load_cascade(args)?;
    let load_ms = load.elapsed().as_secs_f64() * 1000.0;
    let analyzer = cascade.analyzer();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut scratch = Scratch::new();
    let mut accurate = 0u64;
    let mut pass = |accurate: &mut u64| -> Result<()> {
        if tier == Tier::Fast {
            for t in &texts {
                std::hint::black_box(analyzer.analyze_with(t, &mut scratch));
            }
        } else {
            for chunk in refs.chunks(BATCH) {
                let d = cascade.analyze(chunk, tier)?;
                *accurate += d.iter().filter(|d| d.tier == Tier::Accurate).count() as u64;
                std::hint::black_box(d);
            }
        }
        Ok(())
    };
    // Warm up caches once, then measure.
    pass(&mut accurate)?;
    accurate = 0;
    let started = Instant::now();
    let mut done = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        pass(&mut accurate)?;
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
        "model load_ms={load_ms:.2} table_bytes={} accurate_tier={} encoder={} kernels={}",
        analyzer.model().to_bytes().len(),
        cascade.has_accurate(),
        cascade.encoder_name().unwrap_or("none"),
        cascade.kernels().unwrap_or("none")
    );
    println!("analyzed {done} texts in {secs:.2} s");
    println!(
        "analyze texts_per_sec={:.0} tier={} accurate_share={:.3}",
        done as f64 / secs,
        tier.as_str(),
        accurate as f64 / done.max(1) as f64
    );
    Ok(())
}
