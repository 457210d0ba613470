//! `chorus eval tweeteval` and `chorus eval intent`: scores of the signals against labelled
//! data.

use std::path::Path;

use anyhow::{Context, Result, bail};
use chorus_analyze::Analyzer;
use chorus_analyze::metrics::{self, Metric};
use chorus_encoder::Tier;

use super::{load_cascade, read_lines, task_spec, tweeteval_split};
use crate::cli::TierArgs;

/// `chorus eval tweeteval`: the labels `--tier` gives, decided exactly as the product does.
pub fn eval_tweeteval(task: &str, dir: &Path, split: &str, args: &TierArgs) -> Result<()> {
    let (metric, names) = task_spec(task)?;
    let items = tweeteval_split(dir, task, split)?;
    let (cascade, tier) = load_cascade(args, false)?;
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
