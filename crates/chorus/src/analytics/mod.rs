//! The analytics commands: `analyze`, `eval tweeteval`, `train` and `bench analyze`. They read
//! and write files and streams; everything they compute comes from `chorus_analyze` (the
//! fast tier) and `chorus_encoder` (the accurate tier and the cascade).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chorus_analyze::Analyzer;
use chorus_analyze::metrics::Metric;
use chorus_encoder::cascade::Gate;
use chorus_encoder::{Cascade, Encoder, Tier};

use crate::cli::TierArgs;

mod analyze;
mod bench;
mod eval;
mod training;

pub use analyze::analyze;
pub use bench::bench_analyze;
pub use eval::{eval_intent, eval_tweeteval};
pub use training::{train_accurate, train_model};

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
/// With `meaning`, the base encoder is loaded beside a fine-tuned one to say what themable
/// texts are about (as the hub does for themes).
pub(crate) fn load_cascade(args: &TierArgs, meaning: bool) -> Result<(Cascade, Tier)> {
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
            let tuned = encoder.tuned();
            let mut cascade = Cascade::new(analyzer, Some((encoder, heads)), gate)?;
            if tuned && meaning {
                // As the hub does (`understand.themes_by_meaning`): the base weights say
                // what a themable text is about.
                let base = Encoder::load_with_delta(&dir, chorus_encoder::DEFAULT_MAX_TOKENS, None)
                    .with_context(|| format!("loading the base encoder in {}", dir.display()))?;
                cascade = cascade.with_meaning(base);
            }
            return Ok((cascade, tier));
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
