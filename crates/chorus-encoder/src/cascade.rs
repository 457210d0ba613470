//! The cascade: the fast tier on every text, the accurate tier on the texts it is unsure of.
//!
//! The fast tier says how sure it is through its probabilities. A text goes on to the encoder
//! when its sentiment is not clear (the most likely label below [`Gate::sentiment`]) or its
//! toxicity sits in the band where the fast tier errs ([`Gate::toxicity`]). Everything
//! downstream (politeness, abuse, intent) is then decided from the accurate probabilities by
//! the same rules as for the fast tier ([`chorus_analyze::Analyzer::decide`]), so the two
//! tiers differ only in what they measured. The encoder was trained on English; texts in
//! other languages keep the fast tier's signals and say so (`model: none` in the output).

use chorus_analyze::{Analyzer, Scratch, Signals, TaskProbs};
use serde::{Deserialize, Serialize};

use crate::heads::{self, Heads};
use crate::{Encoder, EncoderError};

/// Which tier decided a text's signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The linear model only.
    Fast,
    /// The transformer encoder and its heads.
    Accurate,
    /// Fast everywhere, accurate where the fast tier is unsure (the product's default).
    Cascade,
}

impl Tier {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Fast => "fast",
            Tier::Accurate => "accurate",
            Tier::Cascade => "cascade",
        }
    }

    /// Parses `fast`, `accurate` or `cascade`.
    pub fn parse(s: &str) -> Option<Tier> {
        match s {
            "fast" => Some(Tier::Fast),
            "accurate" => Some(Tier::Accurate),
            "cascade" => Some(Tier::Cascade),
            _ => None,
        }
    }
}

/// When the fast tier hands a text on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gate {
    /// The fast tier's most likely sentiment below this probability is unsure.
    pub sentiment: f32,
    /// Offensive or hate probability inside this band is unsure.
    pub toxicity: (f32, f32),
}

impl Default for Gate {
    /// Chosen on the TweetEval validation splits (`chorus eval tweeteval --gate-...`): with a
    /// top sentiment probability under 0.6, the cascade scored as well as the encoder on every
    /// text (0.717 against 0.715 macro-recall) while sending 44 % of the texts on; the fast
    /// tier's toxicity probabilities cluster near 0.5, and the band 0.4–0.6 kept most of the
    /// encoder's gain on offensive and hate (0.741 / 0.750 against 0.742 / 0.753).
    fn default() -> Self {
        Gate {
            sentiment: 0.6,
            toxicity: (0.4, 0.6),
        }
    }
}

impl Gate {
    /// Whether the fast tier's `probs` are unsure enough to ask the encoder.
    pub fn unsure(&self, probs: &TaskProbs) -> bool {
        let top = probs.sentiment.iter().copied().fold(0.0, f32::max);
        let band = |p: f32| p > self.toxicity.0 && p < self.toxicity.1;
        top < self.sentiment || band(probs.offensive) || band(probs.hate)
    }
}

/// One text's signals and where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    /// The signals.
    pub signals: Signals,
    /// The probabilities they were decided from.
    pub probs: TaskProbs,
    /// [`Tier::Fast`] or [`Tier::Accurate`].
    pub tier: Tier,
    /// The model that spoke for the trained tasks: `linear`, the encoder's name, or `none`
    /// when the language has no trained model (only language-neutral signals are meaningful).
    pub model: String,
    /// What the text means, as a sentence embedding, when the accurate tier read it and its
    /// signals make it themable: what themes compare to gather posts that say the same in
    /// other words.
    pub embedding: Option<Embedding>,
}

/// A sentence embedding and the encoder that made it (embeddings of different encoders are
/// not comparable).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Embedding {
    /// The encoder's name, e.g. `all-minilm-l6-v2`.
    pub model: String,
    /// The mean-pooled embedding.
    pub vector: Vec<f32>,
}

/// The fast tier, and the accurate tier when its model is installed.
pub struct Cascade {
    analyzer: Analyzer,
    accurate: Option<(Encoder, Heads)>,
    /// The encoder whose embeddings say what a text is about, when it is not the accurate
    /// tier's own (fine-tuning for sentiment and abuse pulls the tuned encoder's embeddings
    /// towards tone, so texts about different causes in one tone land close together).
    meaning: Option<Encoder>,
    gate: Gate,
    /// Where the encoder's matrix products run; `None` uses every core.
    pool: Option<rayon::ThreadPool>,
}

impl std::fmt::Debug for Cascade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cascade")
            .field("accurate", &self.accurate.as_ref().map(|(e, _)| e.name()))
            .field("gate", &self.gate)
            .finish_non_exhaustive()
    }
}

/// Languages the fast tier's linear model was trained for; others get `model: none`.
const FAST_LANGUAGES: [&str; 1] = ["en"];

/// Languages the accurate tier's heads were trained for.
const ACCURATE_LANGUAGES: [&str; 1] = ["en"];

/// The model that speaks for a text in `language` on the fast tier: `linear`, or `none` when
/// it was not trained for the language.
pub fn fast_model(language: &str) -> &'static str {
    if trained_for(&FAST_LANGUAGES, language) {
        "linear"
    } else {
        "none"
    }
}

/// Whether a text's signals could have consequences a person sees: a case, a held post, a
/// theme (complaints, questions, anything about the service, abuse). Those are worth the
/// accurate tier even when the fast tier is sure. A negative text that is none of these is
/// left to the gate: when the fast tier is sure of it, the encoder rarely disagrees.
pub fn consequential(signals: &Signals) -> bool {
    use chorus_analyze::Intent;
    signals.service_related
        || matches!(signals.intent, Intent::Complaint | Intent::Question)
        || signals.toxicity.abusive
}

fn trained_for(languages: &[&str], code: &str) -> bool {
    // Short texts often have no detectable language; they are treated as English, the
    // language of most of the training data.
    code.is_empty() || code == "und" || languages.contains(&code)
}

impl Cascade {
    /// A cascade of `analyzer` and, when given, an encoder with heads of the same width.
    pub fn new(
        analyzer: Analyzer,
        accurate: Option<(Encoder, Heads)>,
        gate: Gate,
    ) -> Result<Cascade, EncoderError> {
        if let Some((e, h)) = &accurate
            && h.uses_fast(e.dim()).is_none()
        {
            return Err(EncoderError::Heads(format!(
                "the heads expect {} inputs, the encoder gives {}",
                h.input(),
                e.dim()
            )));
        }
        Ok(Cascade {
            analyzer,
            accurate,
            meaning: None,
            gate,
            pool: None,
        })
    }

    /// Embeds themable texts with `encoder` (typically the untuned base weights) for themes,
    /// instead of with the accurate tier's own encoder.
    pub fn with_meaning(mut self, encoder: Encoder) -> Cascade {
        self.meaning = Some(encoder);
        self
    }

    /// The encoder whose embeddings themes compare, if the accurate tier is available: the
    /// separate meaning encoder, else the accurate tier's own when it is not fine-tuned.
    pub fn meaning_name(&self) -> Option<&str> {
        let (encoder, _) = self.accurate.as_ref()?;
        match &self.meaning {
            Some(m) => Some(m.name()),
            None => (!encoder.tuned()).then(|| encoder.name()),
        }
    }

    /// Caps the cores the encoder uses at `threads` (0 means all), so that a hub running it
    /// in the background keeps cores free for pages and ingestion.
    pub fn with_threads(mut self, threads: usize) -> Result<Cascade, EncoderError> {
        self.pool = match threads {
            0 => None,
            n => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(|i| format!("encoder-{i}"))
                    .build()
                    .map_err(|e| EncoderError::Config(format!("encoder threads: {e}")))?,
            ),
        };
        Ok(self)
    }

    /// Whether the accurate tier is available.
    pub fn has_accurate(&self) -> bool {
        self.accurate.is_some()
    }

    /// How the accurate tier's matrix products run (`amx-bf16`, `portable-f32`), if it is
    /// available.
    pub fn kernels(&self) -> Option<&'static str> {
        self.accurate.as_ref().map(|(encoder, _)| encoder.kernels())
    }

    /// The accurate tier's model (e.g. `all-minilm-l6-v2+tuned`), for reports.
    pub fn encoder_name(&self) -> Option<&str> {
        self.accurate.as_ref().map(|(encoder, _)| encoder.name())
    }

    /// Whether the accurate tier should read a text the fast tier scored `probs` and decided
    /// `signals` for: it is installed and trained for the text's language, and the fast tier
    /// is unsure or the signals are [`consequential`].
    pub fn wants_accurate(&self, probs: &TaskProbs, signals: &Signals) -> bool {
        self.accurate.is_some()
            && trained_for(&ACCURATE_LANGUAGES, &signals.language.code)
            && (self.gate.unsure(probs) || consequential(signals))
    }

    /// The fast tier.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Signals of `texts`, in order, using `tier` (falling back to the fast tier when the
    /// accurate one is not installed).
    pub fn analyze(&self, texts: &[&str], tier: Tier) -> Result<Vec<Decided>, EncoderError> {
        self.analyze_in_pool(texts, tier, false)
    }

    /// [`Cascade::analyze`], and for the texts the accurate tier read whose signals make
    /// them themable, what they mean ([`Decided::embedding`], from the encoder
    /// [`Cascade::meaning_name`] names; none when there is no such encoder).
    pub fn analyze_with_meaning(
        &self,
        texts: &[&str],
        tier: Tier,
    ) -> Result<Vec<Decided>, EncoderError> {
        self.analyze_in_pool(texts, tier, true)
    }

    fn analyze_in_pool(
        &self,
        texts: &[&str],
        tier: Tier,
        meaning: bool,
    ) -> Result<Vec<Decided>, EncoderError> {
        match &self.pool {
            Some(pool) => pool.install(|| self.analyze_here(texts, tier, meaning)),
            None => self.analyze_here(texts, tier, meaning),
        }
    }

    fn analyze_here(
        &self,
        texts: &[&str],
        tier: Tier,
        meaning: bool,
    ) -> Result<Vec<Decided>, EncoderError> {
        let mut scratch = Scratch::new();
        let mut out: Vec<Decided> = texts
            .iter()
            .map(|t| {
                let probs = self.analyzer.probabilities(t, &mut scratch);
                let signals = self.analyzer.decide(&mut scratch, probs);
                let model = fast_model(&signals.language.code);
                Decided {
                    signals,
                    probs,
                    tier: Tier::Fast,
                    model: model.to_owned(),
                    embedding: None,
                }
            })
            .collect();
        let Some((encoder, heads)) = &self.accurate else {
            return Ok(out);
        };
        let chosen: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                trained_for(&ACCURATE_LANGUAGES, &d.signals.language.code)
                    && match tier {
                        Tier::Fast => false,
                        Tier::Accurate => true,
                        Tier::Cascade => self.gate.unsure(&d.probs),
                    }
            })
            .map(|(i, _)| i)
            .collect();
        if chosen.is_empty() {
            return Ok(out);
        }
        let subset: Vec<&str> = chosen.iter().map(|&i| texts[i]).collect();
        let embeddings = encoder.embed(&subset)?;
        let dim = encoder.dim();
        let with_fast = heads.uses_fast(dim).unwrap_or(false);
        let mut inputs = Vec::with_capacity(chosen.len() * heads.input());
        for (row, &i) in chosen.iter().enumerate() {
            heads::features(
                &embeddings[row * dim..(row + 1) * dim],
                &out[i].probs,
                with_fast,
                &mut inputs,
            );
        }
        let fast: Vec<TaskProbs> = chosen.iter().map(|&i| out[i].probs).collect();
        let probs = heads.predict(&inputs, chosen.len(), &fast)?;
        for (&i, p) in chosen.iter().zip(probs) {
            self.analyzer.probabilities(texts[i], &mut scratch);
            let signals = self.analyzer.decide(&mut scratch, p);
            out[i] = Decided {
                signals,
                probs: p,
                tier: Tier::Accurate,
                model: encoder.name().to_owned(),
                embedding: None,
            };
        }
        if !meaning {
            return Ok(out);
        }
        // What the themable ones mean: only those can join a theme.
        let themable: Vec<(usize, usize)> = chosen
            .iter()
            .enumerate()
            .filter(|(_, i)| out[**i].signals.themable())
            .map(|(row, &i)| (row, i))
            .collect();
        if themable.is_empty() {
            return Ok(out);
        }
        let (vectors, width, name) = match &self.meaning {
            Some(m) => {
                let subset: Vec<&str> = themable.iter().map(|&(_, i)| texts[i]).collect();
                let v = m.embed(&subset)?;
                (v, m.dim(), m.name())
            }
            None if !encoder.tuned() => {
                let mut v = Vec::with_capacity(themable.len() * dim);
                for &(row, _) in &themable {
                    v.extend_from_slice(&embeddings[row * dim..(row + 1) * dim]);
                }
                (v, dim, encoder.name())
            }
            None => return Ok(out),
        };
        for (k, &(_, i)) in themable.iter().enumerate() {
            out[i].embedding = vectors.get(k * width..(k + 1) * width).map(|v| Embedding {
                model: name.to_owned(),
                vector: v.to_vec(),
            });
        }
        Ok(out)
    }

    /// The label index a TweetEval task expects for each of `texts`, from what
    /// [`Cascade::analyze`] decided for them (politeness applied exactly as in the signals).
    pub fn task_labels_of(&self, texts: &[&str], decided: &[Decided], task: &str) -> Vec<usize> {
        let mut scratch = Scratch::new();
        texts
            .iter()
            .zip(decided)
            .map(|(t, d)| {
                self.analyzer.probabilities(t, &mut scratch);
                self.analyzer.task_label(&mut scratch, d.probs, task)
            })
            .collect()
    }
}
