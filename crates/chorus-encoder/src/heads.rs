//! The signal heads over the encoder: one small two-layer network per task (sentiment,
//! offensive, hate), and their training.
//!
//! Each head reads the sentence embedding joined with the fast tier's probabilities for the
//! same text. The embedding brings context; the fast tier's probabilities bring what its
//! lexicons and character n-grams know (misspelt slurs, emoji), so the head learns where to
//! trust which. The encoder stays frozen: training only the heads takes minutes on two cores,
//! needs no Python, and is reproducible from the shared data by `chorus train accurate`.
//!
//! Training minimises cross-entropy weighted by inverse class frequency (the tasks are
//! judged by macro-recall and macro-F1, where the rare class counts as much as the common
//! one), with AdamW on mini-batches in a fixed order from a fixed seed, and keeps the epoch
//! that scores best on the validation split. Heads are stored as safetensors.

use std::collections::HashMap;

use candle_core::{D, DType, Device, Tensor, Var};
use candle_nn::Optimizer;
pub use chorus_analyze::TaskProbs;

use crate::EncoderError;

/// The tasks with a head, in file order.
pub const TASKS: [&str; 3] = ["sentiment", "offensive", "hate"];

/// Classes per task.
fn classes(task: &str) -> usize {
    if task == "sentiment" { 3 } else { 2 }
}

/// One head: `softmax(relu(x·W1 + b1)·W2 + b2)`.
#[derive(Debug, Clone)]
struct Head {
    w1: Tensor,
    b1: Tensor,
    w2: Tensor,
    b2: Tensor,
}

impl Head {
    fn logits(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        x.matmul(&self.w1)?
            .broadcast_add(&self.b1)?
            .relu()?
            .matmul(&self.w2)?
            .broadcast_add(&self.b2)
    }
}

/// The heads of every task, for one encoder width.
#[derive(Debug, Clone)]
pub struct Heads {
    heads: HashMap<&'static str, Head>,
    /// Per task, the weight of the head's probabilities against the fast tier's (1 = the head
    /// alone), chosen on the validation split.
    blend: HashMap<&'static str, f32>,
    input: usize,
}

/// Width of a head's input: the embedding, and with `with_fast` the fast tier's five
/// probabilities.
pub fn input_width(dim: usize, with_fast: bool) -> usize {
    if with_fast { dim + 5 } else { dim }
}

/// Writes one text's head input (the embedding, then with `with_fast` the fast tier's
/// probabilities) into `out`.
pub fn features(embedding: &[f32], fast: &TaskProbs, with_fast: bool, out: &mut Vec<f32>) {
    out.extend_from_slice(embedding);
    if with_fast {
        out.extend_from_slice(&fast.as_features());
    }
}

impl Heads {
    /// Reads heads saved by [`Heads::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Heads, EncoderError> {
        let tensors = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)?;
        let mut heads = HashMap::new();
        let mut blend = HashMap::new();
        let mut input = None;
        for task in TASKS {
            let get = |part: &str| {
                tensors
                    .get(&format!("{task}.{part}"))
                    .cloned()
                    .ok_or_else(|| EncoderError::Heads(format!("no tensor {task}.{part}")))
            };
            let head = Head {
                w1: get("w1")?,
                b1: get("b1")?,
                w2: get("w2")?,
                b2: get("b2")?,
            };
            let (rows, hidden) = head.w1.dims2()?;
            let (hidden2, out) = head.w2.dims2()?;
            if hidden != hidden2 || out != classes(task) || *input.get_or_insert(rows) != rows {
                return Err(EncoderError::Heads(format!("{task}: inconsistent shapes")));
            }
            heads.insert(task, head);
            if let Some(b) = tensors.get(&format!("{task}.blend")) {
                let b: Vec<f32> = b.flatten_all()?.to_vec1()?;
                let b = b.first().copied().unwrap_or(1.0);
                if !(0.0..=1.0).contains(&b) {
                    return Err(EncoderError::Heads(format!(
                        "{task}: blend {b} out of [0, 1]"
                    )));
                }
                blend.insert(task, b);
            }
        }
        Ok(Heads {
            heads,
            blend,
            input: input.unwrap_or(0),
        })
    }

    /// The heads as a safetensors file.
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncoderError> {
        let mut named: Vec<(String, Tensor)> = Vec::new();
        for task in TASKS {
            if let Some(h) = self.heads.get(task) {
                for (part, t) in [("w1", &h.w1), ("b1", &h.b1), ("w2", &h.w2), ("b2", &h.b2)] {
                    named.push((format!("{task}.{part}"), t.clone()));
                }
                let b = self.blend.get(task).copied().unwrap_or(1.0);
                named.push((format!("{task}.blend"), Tensor::new(&[b], &Device::Cpu)?));
            }
        }
        let refs: Vec<(&str, &Tensor)> = named.iter().map(|(n, t)| (n.as_str(), t)).collect();
        safetensors::serialize(refs, None).map_err(|e| EncoderError::Heads(e.to_string()))
    }

    /// Width of the input the heads expect ([`input_width`] of the encoder's).
    pub fn input(&self) -> usize {
        self.input
    }

    /// Whether the heads read the fast tier's probabilities beside an embedding of `dim`
    /// values; `None` when they fit neither layout.
    pub fn uses_fast(&self, dim: usize) -> Option<bool> {
        if self.input == input_width(dim, true) {
            Some(true)
        } else if self.input == input_width(dim, false) {
            Some(false)
        } else {
            None
        }
    }

    /// Task probabilities of `rows` texts from their head inputs (row-major, [`features`]),
    /// blended with the fast tier's probabilities `fast` of the same texts by each task's
    /// validated weight.
    pub fn predict(
        &self,
        inputs: &[f32],
        rows: usize,
        fast: &[TaskProbs],
    ) -> Result<Vec<TaskProbs>, EncoderError> {
        if rows == 0 {
            return Ok(Vec::new());
        }
        if inputs.len() != rows * self.input || fast.len() != rows {
            return Err(EncoderError::Heads(format!(
                "expected {rows} × {} inputs and {rows} fast results, got {} and {}",
                self.input,
                inputs.len(),
                fast.len()
            )));
        }
        let x = Tensor::from_slice(inputs, (rows, self.input), &Device::Cpu)?;
        let mut per_task = HashMap::new();
        for task in TASKS {
            per_task.insert(task, self.probabilities(task, &x)?);
        }
        let mix = |task: &str, head: f32, fast: f32| {
            let b = self.blend.get(task).copied().unwrap_or(1.0);
            b * head + (1.0 - b) * fast
        };
        let row = |task: &str, i: usize| per_task.get(task).and_then(|p| p.get(i));
        Ok(fast
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = row("sentiment", i).map_or(f.sentiment, |p| {
                    [0, 1, 2].map(|k| mix("sentiment", p[k], f.sentiment[k]))
                });
                TaskProbs {
                    sentiment: s,
                    offensive: row("offensive", i)
                        .map_or(f.offensive, |p| mix("offensive", p[1], f.offensive)),
                    hate: row("hate", i).map_or(f.hate, |p| mix("hate", p[1], f.hate)),
                }
            })
            .collect())
    }

    /// The head's class probabilities for the rows of `x`.
    fn probabilities(&self, task: &str, x: &Tensor) -> Result<Vec<Vec<f32>>, EncoderError> {
        let head = self
            .heads
            .get(task)
            .ok_or_else(|| EncoderError::Heads(format!("no {task} head")))?;
        Ok(candle_nn::ops::softmax_last_dim(&head.logits(x)?)?.to_vec2()?)
    }
}

/// A labelled set of head inputs for one task.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Row-major head inputs.
    pub inputs: Vec<f32>,
    /// One class index per row.
    pub labels: Vec<u32>,
}

impl Examples {
    /// Rows held.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// How to train a head.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Width of the hidden layer.
    pub hidden: usize,
    /// Passes over the training set at most.
    pub epochs: usize,
    /// Rows per step.
    pub batch: usize,
    /// AdamW learning rate.
    pub learning_rate: f64,
    /// AdamW weight decay.
    pub weight_decay: f64,
    /// Seed of the initial weights and the order of the rows.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            hidden: 256,
            epochs: 40,
            batch: 128,
            learning_rate: 1e-3,
            weight_decay: 1e-4,
            seed: 20_261_205,
        }
    }
}

/// A small deterministic generator (SplitMix64): the same seed gives the same heads on every
/// machine, which `rand`'s thread-local generator would not.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    fn symmetric(&mut self) -> f32 {
        #[allow(clippy::cast_precision_loss, reason = "24 random bits")]
        let u = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        2.0 * u - 1.0
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            #[allow(clippy::cast_possible_truncation, reason = "modulo a usize")]
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

fn uniform(rng: &mut SplitMix, rows: usize, cols: usize) -> candle_core::Result<Var> {
    // Glorot-uniform bounds keep the first activations in a useful range.
    #[allow(clippy::cast_precision_loss, reason = "layer widths")]
    let bound = (6.0 / (rows + cols) as f32).sqrt();
    let v: Vec<f32> = (0..rows * cols).map(|_| rng.symmetric() * bound).collect();
    Var::from_tensor(&Tensor::from_vec(v, (rows, cols), &Device::Cpu)?)
}

/// What a trained head scored on the validation split, and when.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    /// The validation score of the kept epoch and blend (`score` of [`train`]).
    pub score: f64,
    /// The kept epoch (1-based).
    pub epoch: usize,
    /// The head's weight against the fast tier (1 = the head alone).
    pub blend: f32,
}

/// Trains the head of `task` on `train`, keeping the epoch whose predictions on `val` score
/// best by `score(predicted, expected)`, and adds it to `heads`. With the fast tier's
/// probabilities of the validation texts (`val_fast`), also chooses how to blend the two.
pub fn train(
    heads: &mut Heads,
    task: &'static str,
    train: &Examples,
    val: &Examples,
    val_fast: Option<&[TaskProbs]>,
    options: TrainOptions,
    score: impl Fn(&[u32], &[u32]) -> f64,
) -> Result<Fit, EncoderError> {
    let k = classes(task);
    let width = heads.input;
    if train.is_empty() || train.inputs.len() != train.len() * width {
        return Err(EncoderError::Heads(format!(
            "{task}: no usable training rows"
        )));
    }
    let mut rng = SplitMix(options.seed ^ task.len() as u64);
    let w1 = uniform(&mut rng, width, options.hidden)?;
    let b1 = Var::zeros(options.hidden, DType::F32, &Device::Cpu)?;
    let w2 = uniform(&mut rng, options.hidden, k)?;
    let b2 = Var::zeros(k, DType::F32, &Device::Cpu)?;
    let mut opt = candle_nn::AdamW::new(
        vec![w1.clone(), b1.clone(), w2.clone(), b2.clone()],
        candle_nn::ParamsAdamW {
            lr: options.learning_rate,
            weight_decay: options.weight_decay,
            ..Default::default()
        },
    )?;
    // Inverse class frequency, normalised to a mean weight of one.
    let mut counts = vec![0f32; k];
    for &l in &train.labels {
        if let Some(c) = counts.get_mut(l as usize) {
            *c += 1.0;
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "row counts")]
    let n = train.len() as f32;
    let class_weight: Vec<f32> = counts
        .iter()
        .map(|&c| if c > 0.0 { n / (k as f32 * c) } else { 0.0 })
        .collect();
    let all = Tensor::from_slice(&train.inputs, (train.len(), width), &Device::Cpu)?;
    let val_x = Tensor::from_slice(&val.inputs, (val.len(), width), &Device::Cpu)?;
    let mut order: Vec<u32> = (0..u32::try_from(train.len()).unwrap_or(u32::MAX)).collect();
    let mut best: Option<(Fit, Head)> = None;
    for epoch in 1..=options.epochs.max(1) {
        rng.shuffle(&mut order);
        for batch in order.chunks(options.batch.max(1)) {
            let idx = Tensor::from_slice(batch, batch.len(), &Device::Cpu)?;
            let x = all.index_select(&idx, 0)?;
            let labels: Vec<u32> = batch.iter().map(|&i| train.labels[i as usize]).collect();
            let weights: Vec<f32> = labels
                .iter()
                .map(|&l| class_weight.get(l as usize).copied().unwrap_or(0.0))
                .collect();
            let y = Tensor::from_slice(&labels, labels.len(), &Device::Cpu)?;
            let w = Tensor::from_slice(&weights, weights.len(), &Device::Cpu)?;
            let head = Head {
                w1: w1.as_tensor().clone(),
                b1: b1.as_tensor().clone(),
                w2: w2.as_tensor().clone(),
                b2: b2.as_tensor().clone(),
            };
            let log_p = candle_nn::ops::log_softmax(&head.logits(&x)?, D::Minus1)?;
            let picked = log_p.gather(&y.unsqueeze(1)?, 1)?.squeeze(1)?;
            let loss =
                ((picked * &w)?.sum_all()?.neg()? / f64::from(w.sum_all()?.to_scalar::<f32>()?))?;
            opt.backward_step(&loss)?;
        }
        let head = Head {
            w1: w1.as_tensor().copy()?,
            b1: b1.as_tensor().copy()?,
            w2: w2.as_tensor().copy()?,
            b2: b2.as_tensor().copy()?,
        };
        if val.is_empty() {
            best = Some((
                Fit {
                    score: 0.0,
                    epoch,
                    blend: 1.0,
                },
                head,
            ));
            continue;
        }
        let predicted: Vec<u32> = head.logits(&val_x)?.argmax(D::Minus1)?.to_vec1()?;
        let s = score(&predicted, &val.labels);
        if best.as_ref().is_none_or(|(f, _)| s > f.score) {
            best = Some((
                Fit {
                    score: s,
                    epoch,
                    blend: 1.0,
                },
                head,
            ));
        }
    }
    let (mut fit, head) =
        best.ok_or_else(|| EncoderError::Heads(format!("{task}: no epoch ran")))?;
    heads.heads.insert(task, head);
    // How much to trust the head against the fast tier: the weight whose mix scores best on
    // the validation split (in steps of 0.05; ties go to the head).
    if let Some(fast) = val_fast
        && fast.len() == val.len()
        && !val.is_empty()
    {
        let p = heads.probabilities(task, &val_x)?;
        let mut best_blend = (1.0f32, fit.score);
        for step in (0..20).rev() {
            #[allow(clippy::cast_precision_loss, reason = "a step count")]
            let b = step as f32 / 20.0;
            let predicted: Vec<u32> = p
                .iter()
                .zip(fast)
                .map(|(h, f)| {
                    let fast = f.for_task(task);
                    let mixed: Vec<f32> = h
                        .iter()
                        .zip(&fast)
                        .map(|(h, f)| b * h + (1.0 - b) * f)
                        .collect();
                    argmax(&mixed)
                })
                .collect();
            let s = score(&predicted, &val.labels);
            if s > best_blend.1 {
                best_blend = (b, s);
            }
        }
        heads.blend.insert(task, best_blend.0);
        fit.blend = best_blend.0;
        fit.score = best_blend.1;
    }
    Ok(fit)
}

fn argmax(v: &[f32]) -> u32 {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    u32::try_from(best).unwrap_or(0)
}

impl Heads {
    /// Heads with no task trained yet, for inputs of `input` values.
    pub fn untrained(input: usize) -> Heads {
        Heads {
            heads: HashMap::new(),
            blend: HashMap::new(),
            input,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two separable clusters per class: training must find them, and the file round-trips.
    #[test]
    fn trains_saves_and_loads_heads() {
        let width = 6;
        let mut rng = SplitMix(7);
        let mut make = |n: usize, k: u32| {
            let mut e = Examples::default();
            for i in 0..n {
                #[allow(clippy::cast_possible_truncation)]
                let label = (i as u32) % k;
                for d in 0..width {
                    let centre = if d == label as usize { 2.0 } else { 0.0 };
                    e.inputs.push(centre + 0.3 * rng.symmetric());
                }
                e.labels.push(label);
            }
            e
        };
        let mut heads = Heads::untrained(width);
        let accuracy = |p: &[u32], y: &[u32]| {
            p.iter().zip(y).filter(|(a, b)| a == b).count() as f64 / y.len() as f64
        };
        let options = TrainOptions {
            hidden: 8,
            epochs: 20,
            batch: 16,
            ..TrainOptions::default()
        };
        for task in TASKS {
            let k = classes(task) as u32;
            let fit = train(
                &mut heads,
                task,
                &make(300, k),
                &make(60, k),
                None,
                options,
                accuracy,
            )
            .unwrap();
            assert!(fit.score > 0.95, "{task}: {fit:?}");
        }
        let bytes = heads.to_bytes().unwrap();
        let loaded = Heads::from_bytes(&bytes).unwrap();
        assert_eq!(loaded.input(), width);
        let probe = make(9, 3);
        let fast = vec![
            TaskProbs {
                sentiment: [1.0 / 3.0; 3],
                offensive: 0.5,
                hate: 0.5,
            };
            9
        ];
        let a = heads.predict(&probe.inputs, 9, &fast).unwrap();
        let b = loaded.predict(&probe.inputs, 9, &fast).unwrap();
        assert_eq!(a, b);
        // Row 0 has label 0: negative; row 1: neutral (the first epoch that separates the
        // classes is kept, so the probabilities are right but not yet sharp).
        assert_eq!(argmax(&a[0].sentiment), 0, "{:?}", a[0]);
        assert_eq!(argmax(&a[1].sentiment), 1, "{:?}", a[1]);
        let total: f32 = a[0].sentiment.iter().sum();
        assert!((total - 1.0).abs() < 1e-5);
        assert!(heads.predict(&probe.inputs, 8, &fast).is_err());
        assert!(Heads::from_bytes(b"not safetensors").is_err());
    }
}
