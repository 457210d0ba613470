//! Training the model from labelled texts. Pure: the caller reads the files and writes the
//! result; everything here is deterministic, so the same data gives the same bytes.
//!
//! Each head is a linear support vector machine (L2-regularized squared hinge loss, solved by
//! dual coordinate descent as in LIBLINEAR), one-vs-rest for sentiment, with class weights
//! that balance the classes (macro-averaged metrics reward getting the rare classes right).
//! The regularization `C` of each head is chosen on the validation split from a small grid.

use crate::features;
use crate::metrics::{self, Metric};
use crate::model::{self, HEADS, IDF, Model, ROW};
use crate::text::{self, Scratch};

/// A labelled dataset for one task: training and validation examples.
#[derive(Debug, Clone, Default)]
pub struct TaskData {
    /// `(text, label)` used to fit.
    pub train: Vec<(String, usize)>,
    /// `(text, label)` used to choose `C` and to report.
    pub val: Vec<(String, usize)>,
}

/// Everything training needs.
#[derive(Debug, Clone, Default)]
pub struct TrainingData {
    /// Sentiment: 0 negative, 1 neutral, 2 positive.
    pub sentiment: TaskData,
    /// Offensive language: 0 no, 1 yes.
    pub offensive: TaskData,
    /// Hate speech: 0 no, 1 yes.
    pub hate: TaskData,
}

/// Training options.
#[derive(Debug, Clone)]
pub struct Options {
    /// log2 of the number of buckets.
    pub bits: u32,
    /// Candidate values of `C` per head.
    pub grid: Vec<f64>,
    /// Most passes of coordinate descent.
    pub max_iter: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bits: 17,
            grid: vec![0.05, 0.1, 0.2],
            max_iter: 300,
        }
    }
}

/// How one head did on validation.
#[derive(Debug, Clone)]
pub struct HeadReport {
    /// Task name.
    pub task: &'static str,
    /// Chosen `C`.
    pub c: f64,
    /// The task's metric on validation for each `C` tried.
    pub tried: Vec<(f64, f64)>,
    /// Validation metric of the chosen `C`, computed with the quantized model.
    pub val_metric: f64,
    /// Name of the metric.
    pub metric: &'static str,
}

/// A sparse, L2-normalized (per block) feature vector.
#[derive(Debug, Clone)]
struct Doc {
    idx: Vec<u32>,
    val: Vec<f32>,
    sq_norm: f32,
}

/// Inverse document frequencies per bucket, quantized to a byte as the model stores them.
struct Idf {
    q: Vec<u8>,
    scale: f32,
}

impl Idf {
    fn fit(texts: &[&str], bits: u32) -> Idf {
        let mut df = vec![0u32; 1 << bits];
        let mut s = Scratch::new();
        let mut seen: Vec<u32> = Vec::new();
        for t in texts {
            text::tokenize(t, &mut s);
            features::extract(&mut s, bits);
            seen.clear();
            seen.extend_from_slice(&s.word_features);
            seen.extend_from_slice(&s.char_features);
            seen.sort_unstable();
            seen.dedup();
            for &b in &seen {
                df[b as usize] += 1;
            }
        }
        let n = texts.len() as f32;
        let max_idf = ((1.0 + n) / 1.0).ln() + 1.0;
        let scale = max_idf / 255.0;
        let q = df
            .iter()
            .map(|&d| {
                let idf = ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0;
                (idf / scale).round().clamp(1.0, 255.0) as u8
            })
            .collect();
        Idf { q, scale }
    }

    #[inline]
    fn get(&self, b: u32) -> f32 {
        f32::from(self.q[b as usize]) * self.scale
    }
}

fn vectorize(text: &str, s: &mut Scratch, idf: &Idf, bits: u32) -> Doc {
    text::tokenize(text, s);
    features::extract(s, bits);
    let mut pairs: Vec<(u32, f32)> =
        Vec::with_capacity(s.word_features.len() + s.char_features.len());
    for block in [&s.word_features, &s.char_features] {
        // The norm counts every occurrence, exactly as `Model::scores` does.
        let norm: f32 = block
            .iter()
            .map(|&b| idf.get(b).powi(2))
            .sum::<f32>()
            .sqrt();
        if norm == 0.0 {
            continue;
        }
        for &b in block.iter() {
            pairs.push((b, idf.get(b) / norm));
        }
    }
    pairs.sort_unstable_by_key(|p| p.0);
    let mut idx = Vec::with_capacity(pairs.len());
    let mut val: Vec<f32> = Vec::with_capacity(pairs.len());
    for (b, v) in pairs {
        if idx.last() == Some(&b) {
            if let Some(last) = val.last_mut() {
                *last += v;
            }
        } else {
            idx.push(b);
            val.push(v);
        }
    }
    let sq_norm = val.iter().map(|v| v * v).sum::<f32>() + 1.0;
    Doc { idx, val, sq_norm }
}

/// Deterministic xorshift for the visiting order of coordinate descent.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Trains one binary L2-loss SVM by dual coordinate descent. `y` is ±1, `cost` the per-example
/// `C`. Returns the weights (the last entry is the bias, whose feature value is 1).
fn train_binary(docs: &[Doc], y: &[f32], cost: &[f32], dim: usize, max_iter: usize) -> Vec<f32> {
    let mut w = vec![0f32; dim + 1];
    let mut alpha = vec![0f32; docs.len()];
    let diag: Vec<f32> = cost.iter().map(|c| 0.5 / c).collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..max_iter {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let (mut pg_max, mut pg_min) = (f32::NEG_INFINITY, f32::INFINITY);
        for &i in &order {
            let d = &docs[i];
            let mut dot = w[dim];
            for (&j, &v) in d.idx.iter().zip(&d.val) {
                dot += w[j as usize] * v;
            }
            let g = y[i] * dot - 1.0 + diag[i] * alpha[i];
            let pg = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (alpha[i] - g / (diag[i] + d.sq_norm)).max(0.0);
                let step = (alpha[i] - old) * y[i];
                for (&j, &v) in d.idx.iter().zip(&d.val) {
                    w[j as usize] += step * v;
                }
                w[dim] += step;
            }
        }
        if pg_max - pg_min <= 0.1 {
            break;
        }
    }
    w
}

/// Balanced class weights: `n / (classes · n_class)`.
fn class_weights(labels: &[usize], classes: usize) -> Vec<f32> {
    let mut counts = vec![0usize; classes];
    for &l in labels {
        counts[l.min(classes - 1)] += 1;
    }
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                0.0
            } else {
                labels.len() as f32 / (classes * c) as f32
            }
        })
        .collect()
}

/// One-vs-rest heads for a task with `classes` classes (1 head when binary).
fn train_task(
    docs: &[Doc],
    labels: &[usize],
    classes: usize,
    c: f64,
    dim: usize,
    max_iter: usize,
) -> Vec<Vec<f32>> {
    let weights = class_weights(labels, classes);
    let cost: Vec<f32> = labels.iter().map(|&l| c as f32 * weights[l]).collect();
    let heads: Vec<usize> = if classes == 2 {
        vec![1]
    } else {
        (0..classes).collect()
    };
    heads
        .iter()
        .map(|&k| {
            let y: Vec<f32> = labels
                .iter()
                .map(|&l| if l == k { 1.0 } else { -1.0 })
                .collect();
            train_binary(docs, &y, &cost, dim, max_iter)
        })
        .collect()
}

fn predict(heads: &[Vec<f32>], d: &Doc, dim: usize) -> usize {
    let score = |w: &Vec<f32>| {
        w[dim]
            + d.idx
                .iter()
                .zip(&d.val)
                .map(|(&j, &v)| w[j as usize] * v)
                .sum::<f32>()
    };
    if heads.len() == 1 {
        usize::from(score(&heads[0]) > 0.0)
    } else {
        let mut best = (0, f32::NEG_INFINITY);
        for (k, w) in heads.iter().enumerate() {
            let s = score(w);
            if s > best.1 {
                best = (k, s);
            }
        }
        best.0
    }
}

struct Task<'a> {
    name: &'static str,
    data: &'a TaskData,
    classes: usize,
    metric: Metric,
    slots: Vec<usize>,
}

/// Trains every head and returns the model with a report per head.
pub fn train(
    data: &TrainingData,
    opts: &Options,
) -> Result<(Model, Vec<HeadReport>), model::ModelError> {
    let bits = opts.bits;
    let dim = 1usize << bits;
    let all: Vec<&str> = [
        &data.sentiment.train,
        &data.offensive.train,
        &data.hate.train,
    ]
    .iter()
    .flat_map(|v| v.iter().map(|(t, _)| t.as_str()))
    .collect();
    let idf = Idf::fit(&all, bits);
    let tasks = [
        Task {
            name: "sentiment",
            data: &data.sentiment,
            classes: 3,
            metric: Metric::MacroRecall,
            slots: vec![model::SENT_NEG, model::SENT_NEU, model::SENT_POS],
        },
        Task {
            name: "offensive",
            data: &data.offensive,
            classes: 2,
            metric: Metric::MacroF1,
            slots: vec![model::OFFENSIVE],
        },
        Task {
            name: "hate",
            data: &data.hate,
            classes: 2,
            metric: Metric::MacroF1,
            slots: vec![model::HATE],
        },
    ];
    let mut head_weights: Vec<Option<(Vec<f32>, usize)>> = vec![None; HEADS];
    let mut reports = Vec::new();
    let mut s = Scratch::new();
    for task in &tasks {
        if task.data.train.is_empty() {
            continue;
        }
        let docs: Vec<Doc> = task
            .data
            .train
            .iter()
            .map(|(t, _)| vectorize(t, &mut s, &idf, bits))
            .collect();
        let labels: Vec<usize> = task.data.train.iter().map(|(_, l)| *l).collect();
        let val_docs: Vec<Doc> = task
            .data
            .val
            .iter()
            .map(|(t, _)| vectorize(t, &mut s, &idf, bits))
            .collect();
        let val_labels: Vec<usize> = task.data.val.iter().map(|(_, l)| *l).collect();
        let mut tried = Vec::new();
        let mut best: Option<(f64, f64, Vec<Vec<f32>>)> = None;
        for &c in &opts.grid {
            let heads = train_task(&docs, &labels, task.classes, c, dim, opts.max_iter);
            let pred: Vec<usize> = val_docs.iter().map(|d| predict(&heads, d, dim)).collect();
            let m = if val_labels.is_empty() {
                0.0
            } else {
                metrics::score(task.metric, &val_labels, &pred, task.classes)
            };
            tried.push((c, m));
            if best.as_ref().is_none_or(|b| m > b.1) {
                best = Some((c, m, heads));
            }
        }
        if let Some((c, _, heads)) = best {
            for (slot, w) in task.slots.iter().zip(heads) {
                head_weights[*slot] = Some((w, *slot));
            }
            reports.push(HeadReport {
                task: task.name,
                c,
                tried,
                val_metric: 0.0,
                metric: task.metric.name(),
            });
        }
    }

    // Quantize: fold the IDF into each weight, scale each head into i8.
    let mut scales = [0f32; ROW];
    let mut biases = [0f32; ROW];
    let mut table = vec![0u8; dim * ROW];
    for (h, entry) in head_weights.iter().enumerate() {
        let Some((w, _)) = entry else { continue };
        let max = (0..dim)
            .map(|j| (w[j] * idf.get(j as u32)).abs())
            .fold(0f32, f32::max);
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        scales[h] = scale;
        biases[h] = w[dim];
        for j in 0..dim {
            let q = (w[j] * idf.get(j as u32) / scale)
                .round()
                .clamp(-127.0, 127.0) as i8;
            table[j * ROW + h] = q as u8;
        }
    }
    scales[IDF] = idf.scale;
    for j in 0..dim {
        table[j * ROW + IDF] = idf.q[j];
    }
    let model = Model::from_parts(bits, scales, biases, table)?;

    // Report what the shipped (quantized) model does on validation.
    let analyzer = crate::Analyzer::with_model(model.clone());
    for r in &mut reports {
        let task = tasks.iter().find(|t| t.name == r.task);
        if let Some(task) = task {
            let labels: Vec<usize> = task.data.val.iter().map(|(_, l)| *l).collect();
            let pred: Vec<usize> = task
                .data
                .val
                .iter()
                .map(|(t, _)| analyzer.predict_task(t, r.task))
                .collect();
            if !labels.is_empty() {
                r.val_metric = metrics::score(task.metric, &labels, &pred, task.classes);
            }
        }
    }
    Ok((model, reports))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
        pairs.iter().map(|(t, l)| ((*t).to_owned(), *l)).collect()
    }

    #[test]
    fn learns_a_separable_toy_task_deterministically() {
        let examples = data(&[
            ("i love this, great app", 2),
            ("wonderful support, thank you", 2),
            ("amazing update, love it", 2),
            ("this is terrible, broken again", 0),
            ("worst service, awful app", 0),
            ("broken login, terrible update", 0),
            ("the app has a settings page", 1),
            ("version 3 is out today", 1),
            ("the office opens at nine", 1),
        ]);
        let d = TrainingData {
            sentiment: TaskData {
                train: examples,
                val: data(&[("great app, love it", 2), ("awful broken app", 0)]),
            },
            ..Default::default()
        };
        let opts = Options {
            bits: 12,
            grid: vec![1.0],
            max_iter: 200,
        };
        let (m1, r1) = train(&d, &opts).unwrap();
        let (m2, _) = train(&d, &opts).unwrap();
        assert_eq!(m1.to_bytes(), m2.to_bytes(), "training is deterministic");
        assert_eq!(r1[0].task, "sentiment");
        assert!((r1[0].val_metric - 1.0).abs() < 1e-9, "{r1:?}");
        let a = crate::Analyzer::with_model(m1);
        assert_eq!(a.predict_task("love this great app", "sentiment"), 2);
        assert_eq!(a.predict_task("terrible broken app", "sentiment"), 0);
    }

    #[test]
    fn balanced_weights() {
        let w = class_weights(&[0, 0, 0, 1], 2);
        assert!((w[0] - 4.0 / 6.0).abs() < 1e-6 && (w[1] - 2.0).abs() < 1e-6);
    }
}
