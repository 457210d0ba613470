//! Classification metrics: per-class precision, recall and F1, macro averages, and the table
//! `chorus eval` prints; and normalised mutual information for judging clusterings.

use std::collections::HashMap;
use std::hash::Hash;

/// The metric a task is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Mean of per-class recalls (SemEval sentiment's official metric).
    MacroRecall,
    /// Mean of per-class F1 scores.
    MacroF1,
}

impl Metric {
    /// The name printed in reports.
    pub fn name(self) -> &'static str {
        match self {
            Metric::MacroRecall => "macro_recall",
            Metric::MacroF1 => "macro_f1",
        }
    }
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassScore {
    /// Of the items predicted as the class, the share that is.
    pub precision: f64,
    /// Of the items of the class, the share predicted.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Items of the class.
    pub support: usize,
}

/// Per-class scores of predictions against gold labels (labels ≥ `classes` are ignored).
pub fn per_class(gold: &[usize], pred: &[usize], classes: usize) -> Vec<ClassScore> {
    let mut tp = vec![0usize; classes];
    let mut fp = vec![0usize; classes];
    let mut fneg = vec![0usize; classes];
    for (&g, &p) in gold.iter().zip(pred) {
        if g >= classes || p >= classes {
            continue;
        }
        if g == p {
            tp[g] += 1;
        } else {
            fp[p] += 1;
            fneg[g] += 1;
        }
    }
    (0..classes)
        .map(|c| {
            let ratio = |a: usize, b: usize| {
                if a + b == 0 {
                    0.0
                } else {
                    a as f64 / (a + b) as f64
                }
            };
            let precision = ratio(tp[c], fp[c]);
            let recall = ratio(tp[c], fneg[c]);
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            ClassScore {
                precision,
                recall,
                f1,
                support: tp[c] + fneg[c],
            }
        })
        .collect()
}

/// The value of `metric`, averaged over the classes that occur in the gold labels or the
/// predictions (as scikit-learn does).
pub fn score(metric: Metric, gold: &[usize], pred: &[usize], classes: usize) -> f64 {
    let per = per_class(gold, pred, classes);
    let present: Vec<&ClassScore> = per
        .iter()
        .enumerate()
        .filter(|(c, s)| s.support > 0 || pred.contains(c))
        .map(|(_, s)| s)
        .collect();
    let n = present.len().max(1) as f64;
    match metric {
        Metric::MacroRecall => present.iter().map(|c| c.recall).sum::<f64>() / n,
        Metric::MacroF1 => present.iter().map(|c| c.f1).sum::<f64>() / n,
    }
}

/// Expected calibration error: texts binned by the probability of their most likely class
/// (`bins` equal widths), the gap between that confidence and how often the class was right,
/// weighted by the bin's share of texts. 0 is perfectly calibrated. `probs[i]` holds one
/// probability per class for text `i`.
pub fn expected_calibration_error(probs: &[Vec<f32>], gold: &[usize], bins: usize) -> f64 {
    let bins = bins.max(1);
    let mut count = vec![0usize; bins];
    let mut confidence = vec![0f64; bins];
    let mut correct = vec![0usize; bins];
    for (p, &g) in probs.iter().zip(gold) {
        let Some((best, &top)) = p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) else {
            continue;
        };
        let top = f64::from(top).clamp(0.0, 1.0);
        let b = ((top * bins as f64) as usize).min(bins - 1);
        count[b] += 1;
        confidence[b] += top;
        correct[b] += usize::from(best == g);
    }
    let n = count.iter().sum::<usize>().max(1) as f64;
    (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| {
            let c = count[b] as f64;
            (c / n) * (confidence[b] / c - correct[b] as f64 / c).abs()
        })
        .sum()
}

/// A per-class table followed by the summary line `TASK METRIC=VALUE n=N`.
pub fn report(
    task: &str,
    metric: Metric,
    names: &[&str],
    gold: &[usize],
    pred: &[usize],
) -> String {
    let classes = names.len();
    let per = per_class(gold, pred, classes);
    let mut out = format!(
        "{:<14} {:>9} {:>9} {:>9} {:>8}\n",
        "class", "precision", "recall", "f1", "support"
    );
    for (name, c) in names.iter().zip(&per) {
        out.push_str(&format!(
            "{:<14} {:>9.4} {:>9.4} {:>9.4} {:>8}\n",
            name, c.precision, c.recall, c.f1, c.support
        ));
    }
    let accuracy =
        gold.iter().zip(pred).filter(|(g, p)| g == p).count() as f64 / gold.len().max(1) as f64;
    out.push_str(&format!(
        "{:<14} {:>9} {:>9} {:>9.4} {:>8}\n",
        "accuracy",
        "",
        "",
        accuracy,
        gold.len()
    ));
    out.push_str(&format!(
        "{task} {}={:.4} n={}\n",
        metric.name(),
        score(metric, gold, pred, classes),
        gold.len()
    ));
    out
}

/// Normalised mutual information of two labellings of the same items, given as a table of
/// how many items have each `(a, b)` pair: the mutual information over the arithmetic mean
/// of the two entropies (1 when each label of one side determines the other, 0 when they are
/// independent; 0 for an empty table or two constant labellings).
pub fn normalized_mutual_information<A: Hash + Eq + Copy, B: Hash + Eq + Copy>(
    joint: &HashMap<(A, B), usize>,
) -> f64 {
    let n = joint.values().sum::<usize>() as f64;
    if n == 0.0 {
        return 0.0;
    }
    let mut pa: HashMap<A, f64> = HashMap::new();
    let mut pb: HashMap<B, f64> = HashMap::new();
    for ((a, b), c) in joint {
        *pa.entry(*a).or_default() += *c as f64 / n;
        *pb.entry(*b).or_default() += *c as f64 / n;
    }
    fn entropy<'a>(p: impl Iterator<Item = &'a f64>) -> f64 {
        p.filter(|x| **x > 0.0).map(|x| -x * x.ln()).sum()
    }
    let (ha, hb) = (entropy(pa.values()), entropy(pb.values()));
    let mut mi = 0.0;
    for ((a, b), c) in joint {
        let pab = *c as f64 / n;
        if let (true, Some(x), Some(y)) = (pab > 0.0, pa.get(a), pb.get(b)) {
            mi += pab * (pab / (x * y)).ln();
        }
    }
    if ha + hb <= 0.0 {
        0.0
    } else {
        2.0 * mi / (ha + hb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        let gold = [0, 0, 1, 1, 2, 2];
        let pred = [0, 1, 1, 1, 2, 0];
        let per = per_class(&gold, &pred, 3);
        assert!((per[0].precision - 0.5).abs() < 1e-12 && (per[0].recall - 0.5).abs() < 1e-12);
        assert!(
            (per[1].precision - 2.0 / 3.0).abs() < 1e-12 && (per[1].recall - 1.0).abs() < 1e-12
        );
        assert!(
            (score(Metric::MacroRecall, &gold, &pred, 3) - (0.5 + 1.0 + 0.5) / 3.0).abs() < 1e-12
        );
        let f1 = (0.5 + 0.8 + 2.0 / 3.0) / 3.0;
        assert!((score(Metric::MacroF1, &gold, &pred, 3) - f1).abs() < 1e-12);
    }

    #[test]
    fn report_ends_with_the_summary_line() {
        let r = report(
            "sentiment",
            Metric::MacroRecall,
            &["negative", "neutral", "positive"],
            &[0, 1, 2],
            &[0, 1, 1],
        );
        assert_eq!(r.lines().last(), Some("sentiment macro_recall=0.6667 n=3"));
    }

    #[test]
    fn empty_is_zero_not_nan() {
        assert_eq!(score(Metric::MacroF1, &[], &[], 2), 0.0);
    }

    #[test]
    fn calibration_error_is_zero_when_confidence_matches_accuracy() {
        // Ten texts at 0.8 confidence, eight right: perfectly calibrated.
        let probs: Vec<Vec<f32>> = (0..10).map(|_| vec![0.8, 0.2]).collect();
        let gold: Vec<usize> = (0..10).map(|i| usize::from(i >= 8)).collect();
        assert!(expected_calibration_error(&probs, &gold, 10) < 1e-6);
        // The same confidence, all wrong: off by 0.8.
        let wrong = vec![1; 10];
        let e = expected_calibration_error(&probs, &wrong, 10);
        assert!((e - 0.8).abs() < 1e-6, "{e}");
        assert_eq!(expected_calibration_error(&[], &[], 10), 0.0);
    }

    #[test]
    fn nmi_is_one_for_identical_partitions_and_zero_for_independent_ones() {
        let mut same = HashMap::new();
        same.insert((1, "a"), 5);
        same.insert((2, "b"), 5);
        assert!((normalized_mutual_information(&same) - 1.0).abs() < 1e-9);
        let mut indep = HashMap::new();
        for a in [1, 2] {
            for b in ["a", "b"] {
                indep.insert((a, b), 5);
            }
        }
        assert!(normalized_mutual_information(&indep).abs() < 1e-9);
    }
}
