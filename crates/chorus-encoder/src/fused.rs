//! The encoder's forward pass as the product runs it: BERT's layers over texts laid end to
//! end, on `chorus-kernels`.
//!
//! Why not candle's own ops ([`Bert::forward`]): on one core they ran MiniLM-L6 at 32 texts/s,
//! 42 % of the time in f32 matrix products, 28 % in libm's `tanh` for GELU and much of the
//! rest in thread barriers and allocation for each small op. Here the weights candle loaded are
//! laid out once for the kernels (AMX bf16 tiles where the CPU has them), the query, key and
//! value projections are one product, and texts are not padded: attention runs per text, so
//! a batch costs its real tokens only. [`Bert::forward`] stays as the reference this pass is
//! tested against.

use candle_core::Tensor;
use chorus_kernels::{Backend, Linear};
use half::f16;
use half::vec::HalfFloatVecExt;

use crate::EncoderError;
use crate::bert::{Bert, LAYER_NORM_EPS};

impl From<chorus_kernels::KernelError> for EncoderError {
    fn from(e: chorus_kernels::KernelError) -> Self {
        EncoderError::Config(e.to_string())
    }
}

/// A layer norm's scale and shift.
struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

struct Layer {
    /// Queries, keys and values in one product (`3·hidden` outputs).
    qkv: Linear,
    attention_out: Linear,
    attention_norm: Norm,
    intermediate: Linear,
    output: Linear,
    output_norm: Norm,
}

/// BERT's weights laid out for the kernels.
pub(crate) struct Fused {
    hidden: usize,
    heads: usize,
    intermediate: usize,
    position_offset: usize,
    max_positions: usize,
    vocab: usize,
    /// Word embeddings, `vocab × hidden`, in f16: half the model's weights (47 MB in f32
    /// for MiniLM's 30,522 words), of which a text reads a few rows.
    words: Vec<f16>,
    /// Position embeddings plus the (only) token-type embedding, `positions × hidden`.
    positions: Vec<f32>,
    embedding_norm: Norm,
    layers: Vec<Layer>,
}

fn values(t: &Tensor) -> Result<Vec<f32>, EncoderError> {
    Ok(t.flatten_all()?.to_vec1::<f32>()?)
}

fn linear(parts: &[&candle_nn::Linear]) -> Result<Linear, EncoderError> {
    let (mut weight, mut bias, mut rows) = (Vec::new(), Vec::new(), 0);
    let mut cols = 0;
    for p in parts {
        let (r, c) = p.weight().dims2()?;
        weight.extend(values(p.weight())?);
        match p.bias() {
            Some(b) => bias.extend(values(b)?),
            None => bias.extend(std::iter::repeat_n(0.0, r)),
        }
        rows += r;
        cols = c;
    }
    Ok(Linear::new(&weight, &bias, rows, cols)?)
}

fn norm(n: &candle_nn::LayerNorm) -> Result<Norm, EncoderError> {
    let gamma = values(n.weight())?;
    let beta = match n.bias() {
        Some(b) => values(b)?,
        None => vec![0.0; gamma.len()],
    };
    Ok(Norm { gamma, beta })
}

/// The activations of one pass, kept per thread so that a batch allocates nothing.
#[derive(Default)]
struct Buffers {
    x: Vec<f32>,
    qkv: Vec<f32>,
    context: Vec<f32>,
    y: Vec<f32>,
    wide: Vec<f32>,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// The first `n` values of `v`, grown as needed (every value is written before it is read).
fn sized(v: &mut Vec<f32>, n: usize) -> &mut [f32] {
    v.resize(n, 0.0);
    &mut v[..n]
}

impl Fused {
    /// Lays out `bert`'s weights for the kernels.
    pub(crate) fn new(bert: &Bert) -> Result<Fused, EncoderError> {
        let c = bert.config();
        let h = c.hidden_size;
        let words = Vec::<f16>::from_f32_slice(&values(bert.words.embeddings())?);
        let types = values(bert.types.embeddings())?;
        let mut positions = values(bert.positions.embeddings())?;
        // Every token has type 0: its embedding folds into the positions once.
        for row in positions.chunks_exact_mut(h) {
            for (p, t) in row.iter_mut().zip(&types[..h]) {
                *p += t;
            }
        }
        let layers = bert
            .layers
            .iter()
            .map(|l| {
                Ok(Layer {
                    qkv: linear(&[&l.query, &l.key, &l.value])?,
                    attention_out: linear(&[&l.attention_out])?,
                    attention_norm: norm(&l.attention_norm)?,
                    intermediate: linear(&[&l.intermediate])?,
                    output: linear(&[&l.output])?,
                    output_norm: norm(&l.output_norm)?,
                })
            })
            .collect::<Result<Vec<_>, EncoderError>>()?;
        Ok(Fused {
            hidden: h,
            heads: c.num_attention_heads,
            intermediate: c.intermediate_size,
            position_offset: c.position_offset,
            max_positions: c.max_position_embeddings,
            vocab: c.vocab_size,
            words,
            positions,
            embedding_norm: norm(&bert.embedding_norm)?,
            layers,
        })
    }

    /// How the matrix products run.
    pub(crate) fn backend(&self) -> Backend {
        self.layers
            .first()
            .map_or(chorus_kernels::backend(), |l| l.qkv.backend())
    }

    /// The L2-normalised mean of the last hidden states of each text (`texts.len() × hidden`
    /// values), from token ids with the special tokens already in place.
    pub(crate) fn embed(&self, texts: &[&[u32]]) -> Result<Vec<f32>, EncoderError> {
        BUFFERS.with_borrow_mut(|b| self.embed_with(texts, b))
    }

    fn embed_with(&self, texts: &[&[u32]], b: &mut Buffers) -> Result<Vec<f32>, EncoderError> {
        let h = self.hidden;
        let eps = LAYER_NORM_EPS as f32;
        let lens: Vec<usize> = texts.iter().map(|t| t.len()).collect();
        let rows: usize = lens.iter().sum();
        let Buffers {
            x,
            qkv,
            context,
            y,
            wide,
        } = b;
        x.clear();
        for ids in texts {
            if ids.len() + self.position_offset > self.max_positions {
                return Err(EncoderError::Config(format!(
                    "{} tokens exceed the model's {} positions",
                    ids.len(),
                    self.max_positions - self.position_offset
                )));
            }
            for (p, &id) in ids.iter().enumerate() {
                let id = id as usize;
                if id >= self.vocab {
                    return Err(EncoderError::Tokenizer(format!(
                        "token id {id} outside the vocabulary of {}",
                        self.vocab
                    )));
                }
                let word = &self.words[id * h..(id + 1) * h];
                let at = (p + self.position_offset) * h;
                let position = &self.positions[at..at + h];
                x.extend(word.iter().zip(position).map(|(w, p)| w.to_f32() + p));
            }
        }
        let n = &self.embedding_norm;
        chorus_kernels::layer_norm(x, h, &n.gamma, &n.beta, eps)?;
        let qkv = sized(qkv, rows * 3 * h);
        let context = sized(context, rows * h);
        let y = sized(y, rows * h);
        let wide = sized(wide, rows * self.intermediate);
        for l in &self.layers {
            l.qkv.forward(x, rows, qkv)?;
            chorus_kernels::attention(qkv, &lens, self.heads, context)?;
            l.attention_out.forward(context, rows, y)?;
            let n = &l.attention_norm;
            chorus_kernels::layer_norm_residual(y, x, h, &n.gamma, &n.beta, eps)?;
            l.intermediate.forward(y, rows, wide)?;
            chorus_kernels::gelu_in_place(wide);
            l.output.forward(wide, rows, x)?;
            let n = &l.output_norm;
            chorus_kernels::layer_norm_residual(x, y, h, &n.gamma, &n.beta, eps)?;
        }
        let mut pooled = vec![0f32; texts.len() * h];
        let mut offset = 0;
        for (len, out) in lens.iter().zip(pooled.chunks_exact_mut(h)) {
            for row in x[offset * h..(offset + len) * h].chunks_exact(h) {
                for (o, v) in out.iter_mut().zip(row) {
                    *o += v;
                }
            }
            offset += len;
            // The mean's scale cancels in the normalisation; only its direction matters.
            let norm = out.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
            for o in out.iter_mut() {
                *o /= norm;
            }
        }
        Ok(pooled)
    }
}

#[cfg(test)]
mod tests {
    use candle_core::Device;

    use super::*;
    use crate::bert::mean_pool;

    /// The fused pass and candle's reference agree on the tiny model, whatever the batch.
    #[test]
    fn fused_pass_matches_candles_reference() {
        // Weights that f16 holds exactly: the fused pass stores them at 16 bits.
        let (bert, _) = crate::tiny::bert_at_f16().unwrap();
        let bert = &bert;
        let fused = Fused::new(bert).unwrap();
        let texts: [&[u32]; 3] = [
            &[2, 4, 5, 6, 7, 3],
            &[2, 8, 9, 10, 15, 11, 12, 17, 3],
            &[2, 3],
        ];
        let got = fused.embed(&texts).unwrap();
        let h = bert.config().hidden_size;
        for (i, t) in texts.iter().enumerate() {
            let ids = Tensor::from_vec(t.to_vec(), (1, t.len()), &Device::Cpu).unwrap();
            let mask = Tensor::ones((1, t.len()), candle_core::DType::F32, &Device::Cpu).unwrap();
            let want: Vec<f32> = mean_pool(&bert.forward(&ids, &mask).unwrap(), &mask)
                .unwrap()
                .flatten_all()
                .unwrap()
                .to_vec1()
                .unwrap();
            // bf16 products (AMX) keep about three significant digits.
            let tolerance = match fused.backend() {
                Backend::Amx => 0.02,
                Backend::Portable => 1e-4,
            };
            for (g, w) in got[i * h..(i + 1) * h].iter().zip(&want) {
                assert!((g - w).abs() < tolerance, "text {i}: {g} vs {w}");
            }
        }
        assert!(fused.embed(&[&[2, 99_999, 3]]).is_err());
        assert!(fused.embed(&[&[2; 41]]).is_err());
        assert!(fused.embed(&[]).unwrap().is_empty());
    }
}
