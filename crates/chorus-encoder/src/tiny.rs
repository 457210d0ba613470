//! A tiny randomly initialised BERT with a real WordPiece tokenizer, and heads that always
//! answer the same: the accurate tier's whole machinery (tokenizing, batching, pooling, the
//! cascade, upgrades behind ingestion) in milliseconds, for tests of code that uses it.
//! Quality is measured with the real model by `chorus eval`.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use tokenizers::Tokenizer;

use crate::heads::TASKS;
use crate::{Bert, BertConfig, Encoder, EncoderError, Heads};

/// The tiny encoder's vocabulary.
pub const WORDS: &[&str] = &[
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "my", "bag", "was", "lost", "the", "app", "crashes",
    "love", "it", "great", "service", "again", "thanks", "!", ",", ".", "##s", "##ing",
];

/// Width of the tiny encoder's embeddings.
pub const DIM: usize = 16;

/// A two-layer BERT of width [`DIM`] with random weights over [`WORDS`].
pub fn encoder(max_tokens: usize) -> Result<Encoder, EncoderError> {
    let (bert, tokenizer) = bert()?;
    Encoder::from_parts(&bert, tokenizer, max_tokens)
}

/// The tiny model itself, with its tokenizer: candle's reference forward pass for tests.
pub fn bert() -> Result<(Bert, Tokenizer), EncoderError> {
    let tiny = Tiny::new()?;
    Ok((tiny.bert, tiny.tokenizer))
}

/// Writes a tiny model to `dir` in the layout [`Encoder::load`] reads (`config.json`,
/// `model.safetensors`, `tokenizer.json`), for tests of loading.
pub fn write_model(dir: &std::path::Path) -> Result<(), EncoderError> {
    let tiny = Tiny::new()?;
    let io = |path: std::path::PathBuf, e: std::io::Error| EncoderError::Io {
        path: path.display().to_string(),
        source: e,
    };
    for (name, text) in [
        ("config.json", &tiny.config),
        ("tokenizer.json", &tiny.tokenizer_json),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| io(path, e))?;
    }
    tiny.weights.save(dir.join("model.safetensors"))?;
    Ok(())
}

/// A tiny model and the files that describe it.
struct Tiny {
    weights: VarMap,
    bert: Bert,
    tokenizer: Tokenizer,
    tokenizer_json: String,
    config: String,
}

impl Tiny {
    fn new() -> Result<Tiny, EncoderError> {
        let vocab: serde_json::Map<String, serde_json::Value> = WORDS
            .iter()
            .enumerate()
            .map(|(i, w)| ((*w).to_owned(), serde_json::json!(i)))
            .collect();
        // A tokenizer.json of the kind BERT exports ship.
        let json = serde_json::json!({
            "version": "1.0",
            "truncation": null,
            "padding": null,
            "added_tokens": [],
            "normalizer": {"type": "BertNormalizer", "clean_text": true,
                "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
            "pre_tokenizer": {"type": "BertPreTokenizer"},
            "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
            "decoder": null,
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                "max_input_chars_per_word": 100, "vocab": vocab}
        });
        let tokenizer_json =
            serde_json::to_string(&json).map_err(|e| EncoderError::Tokenizer(e.to_string()))?;
        let tokenizer = Tokenizer::from_bytes(tokenizer_json.as_bytes())
            .map_err(|e| EncoderError::Tokenizer(e.to_string()))?;
        let config = format!(
            r#"{{"vocab_size": {}, "hidden_size": {DIM}, "num_hidden_layers": 2,
            "num_attention_heads": 4, "intermediate_size": 32,
            "max_position_embeddings": 40, "model_type": "bert"}}"#,
            WORDS.len()
        );
        let weights = VarMap::new();
        let vb = VarBuilder::from_varmap(&weights, DType::F32, &Device::Cpu);
        let bert = Bert::load(vb, BertConfig::from_json(&config)?)?;
        Ok(Tiny {
            weights,
            bert,
            tokenizer,
            tokenizer_json,
            config,
        })
    }
}

/// As [`bert`], with every weight rounded to f16 as the fused pass holds them, so that the
/// reference and the fused pass differ only by the order of their f32 sums.
pub fn bert_at_f16() -> Result<(Bert, Tokenizer), EncoderError> {
    let tiny = Tiny::new()?;
    {
        let vars = tiny
            .weights
            .data()
            .lock()
            .map_err(|_| EncoderError::Config("tiny model weights poisoned".to_owned()))?;
        for var in vars.values() {
            // The model's tensors share these variables' storage: setting them rounds both.
            var.set(&var.as_tensor().to_dtype(DType::F16)?.to_dtype(DType::F32)?)?;
        }
    }
    Ok((tiny.bert, tiny.tokenizer))
}

/// Heads over [`DIM`]-wide embeddings that give every text the sentiment class `sentiment`
/// (0 negative, 1 neutral, 2 positive) with near certainty, and call nothing offensive or
/// hateful.
pub fn constant_heads(sentiment: usize) -> Result<Heads, EncoderError> {
    let hidden = 4;
    let mut named: HashMap<String, Tensor> = HashMap::new();
    for task in TASKS {
        let classes = if task == "sentiment" { 3 } else { 2 };
        let winner = if task == "sentiment" { sentiment } else { 0 };
        let bias: Vec<f32> = (0..classes)
            .map(|c| if c == winner { 12.0 } else { 0.0 })
            .collect();
        let cpu = &Device::Cpu;
        named.insert(
            format!("{task}.w1"),
            Tensor::zeros((DIM, hidden), DType::F32, cpu)?,
        );
        named.insert(
            format!("{task}.b1"),
            Tensor::zeros(hidden, DType::F32, cpu)?,
        );
        named.insert(
            format!("{task}.w2"),
            Tensor::zeros((hidden, classes), DType::F32, cpu)?,
        );
        named.insert(format!("{task}.b2"), Tensor::new(bias.as_slice(), cpu)?);
    }
    let refs: Vec<(&str, &Tensor)> = named.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let bytes =
        safetensors::serialize(refs, None).map_err(|e| EncoderError::Heads(e.to_string()))?;
    Heads::from_bytes(&bytes)
}
