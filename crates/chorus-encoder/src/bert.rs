//! A BERT encoder (the architecture of MiniLM, BGE-small and E5-small) on candle, for
//! inference only.
//!
//! Why our own ~150 lines rather than `candle-transformers`: that crate carries hundreds of
//! models and takes minutes to compile on the two cores we build on, for the one
//! architecture we run. The layers themselves (linear, embedding, layer norm, softmax) are
//! candle-nn's; this file only wires them in BERT's order and reads the weights by the names
//! the Hugging Face exports use (with or without a `bert.` prefix).

use candle_core::{D, DType, Device, Module, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};

use crate::EncoderError;

/// The shape of a BERT model, read from its `config.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BertConfig {
    /// Tokens in the vocabulary.
    pub vocab_size: usize,
    /// Width of every hidden state.
    pub hidden_size: usize,
    /// Transformer layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer.
    pub num_attention_heads: usize,
    /// Width of the feed-forward layer.
    pub intermediate_size: usize,
    /// Longest input the position embeddings cover.
    pub max_position_embeddings: usize,
    /// Segment types (2 for BERT, 1 for XLM-R).
    pub type_vocab_size: usize,
    /// Position id of the first token: 0 for BERT, `pad_token_id + 1` for XLM-R.
    pub position_offset: usize,
}

/// Layer-norm epsilon of every exported BERT this crate has met.
pub(crate) const LAYER_NORM_EPS: f64 = 1e-12;

/// The fields of a Hugging Face `config.json` this encoder reads.
#[derive(serde::Deserialize)]
struct RawConfig {
    vocab_size: usize,
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    intermediate_size: usize,
    max_position_embeddings: usize,
    #[serde(default = "two")]
    type_vocab_size: usize,
    #[serde(default)]
    model_type: String,
    #[serde(default)]
    pad_token_id: Option<usize>,
}

fn two() -> usize {
    2
}

impl BertConfig {
    /// Reads the model's shape from a Hugging Face `config.json`.
    pub fn from_json(json: &str) -> Result<BertConfig, EncoderError> {
        let raw: RawConfig = serde_json::from_str(json)
            .map_err(|e| EncoderError::Config(format!("config.json: {e}")))?;
        let config = BertConfig {
            vocab_size: raw.vocab_size,
            hidden_size: raw.hidden_size,
            num_hidden_layers: raw.num_hidden_layers,
            num_attention_heads: raw.num_attention_heads,
            intermediate_size: raw.intermediate_size,
            max_position_embeddings: raw.max_position_embeddings,
            type_vocab_size: raw.type_vocab_size,
            // XLM-R counts positions from after the padding id.
            position_offset: if raw.model_type == "xlm-roberta" {
                raw.pad_token_id.unwrap_or(1) + 1
            } else {
                0
            },
        };
        if config.num_attention_heads == 0
            || !config
                .hidden_size
                .is_multiple_of(config.num_attention_heads)
            || config.max_position_embeddings <= config.position_offset
        {
            return Err(EncoderError::Config(format!("unusable shape: {config:?}")));
        }
        Ok(config)
    }

    /// Longest token sequence the model accepts.
    pub fn max_tokens(&self) -> usize {
        self.max_position_embeddings - self.position_offset
    }
}

pub(crate) struct Layer {
    pub(crate) query: Linear,
    pub(crate) key: Linear,
    pub(crate) value: Linear,
    pub(crate) attention_out: Linear,
    pub(crate) attention_norm: LayerNorm,
    pub(crate) intermediate: Linear,
    pub(crate) output: Linear,
    pub(crate) output_norm: LayerNorm,
}

/// The encoder: token ids in, one hidden state per token out.
pub struct Bert {
    config: BertConfig,
    pub(crate) words: Embedding,
    pub(crate) positions: Embedding,
    pub(crate) types: Embedding,
    pub(crate) embedding_norm: LayerNorm,
    pub(crate) layers: Vec<Layer>,
    device: Device,
}

impl Bert {
    /// Builds the model from weights named as in Hugging Face's `BertModel` export.
    pub fn load(vb: VarBuilder, config: BertConfig) -> Result<Bert, EncoderError> {
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else if vb.contains_tensor("roberta.embeddings.word_embeddings.weight") {
            vb.pp("roberta")
        } else {
            vb
        };
        let h = config.hidden_size;
        let e = vb.pp("embeddings");
        let words = candle_nn::embedding(config.vocab_size, h, e.pp("word_embeddings"))?;
        let positions = candle_nn::embedding(
            config.max_position_embeddings,
            h,
            e.pp("position_embeddings"),
        )?;
        let types = candle_nn::embedding(config.type_vocab_size, h, e.pp("token_type_embeddings"))?;
        let embedding_norm = candle_nn::layer_norm(h, LAYER_NORM_EPS, e.pp("LayerNorm"))?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let a = l.pp("attention");
            layers.push(Layer {
                query: candle_nn::linear(h, h, a.pp("self.query"))?,
                key: candle_nn::linear(h, h, a.pp("self.key"))?,
                value: candle_nn::linear(h, h, a.pp("self.value"))?,
                attention_out: candle_nn::linear(h, h, a.pp("output.dense"))?,
                attention_norm: candle_nn::layer_norm(h, LAYER_NORM_EPS, a.pp("output.LayerNorm"))?,
                intermediate: candle_nn::linear(
                    h,
                    config.intermediate_size,
                    l.pp("intermediate.dense"),
                )?,
                output: candle_nn::linear(config.intermediate_size, h, l.pp("output.dense"))?,
                output_norm: candle_nn::layer_norm(h, LAYER_NORM_EPS, l.pp("output.LayerNorm"))?,
            });
        }
        Ok(Bert {
            config,
            words,
            positions,
            types,
            embedding_norm,
            layers,
            device: vb.device().clone(),
        })
    }

    /// The model's shape.
    pub fn config(&self) -> &BertConfig {
        &self.config
    }

    /// Hidden states `[batch, tokens, hidden]` of `ids` (`[batch, tokens]`, u32), where `mask`
    /// (`[batch, tokens]`, f32, 1 for a token and 0 for padding) keeps attention off padding.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor, EncoderError> {
        let (batch, tokens) = ids.dims2()?;
        let c = &self.config;
        let positions = Tensor::arange(
            c.position_offset as u32,
            (c.position_offset + tokens) as u32,
            &self.device,
        )?
        .unsqueeze(0)?;
        let types = ids.zeros_like()?;
        let mut x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&positions)?)?
            .add(&self.types.forward(&types)?)?;
        x = self.embedding_norm.forward(&x)?;
        // Padding gets a large negative score before the softmax: it receives no attention.
        let bias =
            ((mask.to_dtype(DType::F32)? - 1.0)? * 10_000.0)?.reshape((batch, 1, 1, tokens))?;
        let heads = c.num_attention_heads;
        let width = c.hidden_size / heads;
        let scale = 1.0 / (width as f64).sqrt();
        let split = |t: Tensor| -> candle_core::Result<Tensor> {
            t.reshape((batch, tokens, heads, width))?
                .transpose(1, 2)?
                .contiguous()
        };
        for l in &self.layers {
            let q = split(l.query.forward(&x)?)?;
            let k = split(l.key.forward(&x)?)?;
            let v = split(l.value.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(&bias)?;
            let weights = candle_nn::ops::softmax_last_dim(&scores)?;
            let context =
                weights
                    .matmul(&v)?
                    .transpose(1, 2)?
                    .reshape((batch, tokens, c.hidden_size))?;
            x = l
                .attention_norm
                .forward(&(l.attention_out.forward(&context)? + &x)?)?;
            // The tanh form of GELU: within 1e-3 of the exact (erf) form these models were
            // trained with, and the scalar erf took an eighth of the encoder's time.
            let ff = l.output.forward(&l.intermediate.forward(&x)?.gelu()?)?;
            x = l.output_norm.forward(&(ff + &x)?)?;
        }
        Ok(x)
    }
}

/// The mean of the hidden states of real tokens (not padding), L2-normalised: the sentence
/// embedding that MiniLM, BGE and E5 were trained to produce.
pub fn mean_pool(hidden: &Tensor, mask: &Tensor) -> Result<Tensor, EncoderError> {
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let sum = hidden.broadcast_mul(&mask)?.sum(1)?;
    let count = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
    let mean = sum.broadcast_div(&count)?;
    let norm = mean
        .sqr()?
        .sum_keepdim(D::Minus1)?
        .sqrt()?
        .clamp(1e-12, f64::MAX)?;
    Ok(mean.broadcast_div(&norm)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_bert_config() {
        let c = BertConfig::from_json(
            r#"{"architectures": ["BertModel"], "hidden_size": 384, "intermediate_size": 1536,
                "max_position_embeddings": 512, "model_type": "bert", "num_attention_heads": 12,
                "num_hidden_layers": 6, "type_vocab_size": 2, "vocab_size": 30522}"#,
        )
        .unwrap();
        assert_eq!(c.hidden_size, 384);
        assert_eq!(c.num_hidden_layers, 6);
        assert_eq!(c.position_offset, 0);
        assert_eq!(c.max_tokens(), 512);
    }

    #[test]
    fn reads_an_xlm_roberta_config() {
        let c = BertConfig::from_json(
            r#"{"hidden_size": 384, "intermediate_size": 1536, "max_position_embeddings": 514,
                "model_type": "xlm-roberta", "num_attention_heads": 12, "num_hidden_layers": 12,
                "pad_token_id": 1, "type_vocab_size": 1, "vocab_size": 250037}"#,
        )
        .unwrap();
        assert_eq!(c.position_offset, 2);
        assert_eq!(c.max_tokens(), 512);
        assert_eq!(c.type_vocab_size, 1);
    }

    #[test]
    fn a_config_without_a_shape_is_refused() {
        assert!(BertConfig::from_json(r#"{"hidden_size": 384}"#).is_err());
        assert!(
            BertConfig::from_json(
                r#"{"hidden_size": 385, "intermediate_size": 1, "max_position_embeddings": 8,
                    "num_attention_heads": 12, "num_hidden_layers": 1, "vocab_size": 9}"#
            )
            .is_err()
        );
    }
}
