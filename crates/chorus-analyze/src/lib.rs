//! Signals for social text, computed locally: sentiment, intent, service relevance, toxicity,
//! language, a near-duplicate fingerprint and key phrases.
//!
//! Pure: no IO, no clock, no global state. The trained model is embedded in the binary
//! (`models/signals.bin`, produced by `chorus train` from the shared datasets) and used in
//! place, so [`Analyzer::embedded`] costs microseconds.
//!
//! The hot path is allocation-free per token: a [`Scratch`] holds the normalized text, tokens
//! and hashed features and is reused from one text to the next; [`Analyzer::analyze_batch`]
//! does exactly that for many texts. The only allocations per text are the output's key
//! phrases, fingerprint and language code.

pub mod cluster;
pub mod facts;
pub mod features;
pub mod fingerprint;
pub mod lang;
pub mod lexicon;
pub mod metrics;
pub mod model;
pub mod rules;
pub mod spike;
pub mod text;
pub mod train;

use serde::{Deserialize, Serialize};

pub use fingerprint::Fingerprint;
pub use lang::Language;
pub use model::{Model, ModelError};
pub use rules::Intent;
pub use text::Scratch;

pub use chorus_core::listen::SentimentLabel;

/// Sentiment of a text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    /// The most likely label.
    pub label: SentimentLabel,
    /// From -1 (very negative) to 1 (very positive): P(positive) - P(negative).
    pub score: f32,
}

/// Toxicity of a text, kept apart from negativity: an angry complaint is negative, not toxic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Toxicity {
    /// From 0 to 1: the larger of `offensive` and `hate`.
    pub score: f32,
    /// Abuse rather than anger: an insult, swearing or a threat aimed at a person, or hate
    /// speech, with `score` over the abuse threshold. Angry complaints are not abusive.
    pub abusive: bool,
    /// Offensive language (insults, profanity), 0 to 1.
    pub offensive: f32,
    /// Hate speech against a group, 0 to 1.
    pub hate: f32,
}

/// Everything Chorus knows about a text after analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signals {
    /// Sentiment.
    pub sentiment: Sentiment,
    /// What the author wants.
    pub intent: Intent,
    /// Whether it is about a product or service experience.
    pub service_related: bool,
    /// Toxicity.
    pub toxicity: Toxicity,
    /// Language.
    pub language: Language,
    /// Near-duplicate fingerprint.
    pub fingerprint: Fingerprint,
    /// Up to three key phrases.
    pub key_phrases: Vec<String>,
}

impl Signals {
    /// Whether the text is the kind themes are made of: a complaint or question, a negative
    /// post, or a post about the service that is not positive ("two identical charges on my
    /// statement") — a problem with a cause to find. Customers rarely use the words a lexicon
    /// expects ("opening any image closes the app"), so negativity alone is enough. Abuse is left out
    /// (it says nothing about a cause), and so are praise and chatter.
    pub fn themable(&self) -> bool {
        !self.toxicity.abusive
            && (matches!(self.intent, Intent::Complaint | Intent::Question)
                || self.sentiment.label == SentimentLabel::Negative
                || (self.service_related && self.sentiment.label != SentimentLabel::Positive))
    }
}

/// Probabilities of the trained tasks for one text, from either tier: what the decisions
/// (labels, abuse, intent) are made from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TaskProbs {
    /// P(negative), P(neutral), P(positive).
    pub sentiment: [f32; 3],
    /// P(offensive language).
    pub offensive: f32,
    /// P(hate speech).
    pub hate: f32,
}

impl TaskProbs {
    /// The sentiment these probabilities give: the most likely label, and P(positive) -
    /// P(negative) as the score.
    pub fn sentiment_signal(&self) -> Sentiment {
        let p = self.sentiment;
        let label = if p[0] >= p[1] && p[0] >= p[2] {
            SentimentLabel::Negative
        } else if p[1] >= p[2] {
            SentimentLabel::Neutral
        } else {
            SentimentLabel::Positive
        };
        Sentiment {
            label,
            score: p[2] - p[0],
        }
    }

    /// The class probabilities of one task (`sentiment`: negative, neutral, positive;
    /// `offensive` and `hate`: no, yes).
    pub fn for_task(&self, task: &str) -> Vec<f32> {
        match task {
            "sentiment" => self.sentiment.to_vec(),
            "offensive" => vec![1.0 - self.offensive, self.offensive],
            "hate" => vec![1.0 - self.hate, self.hate],
            _ => Vec::new(),
        }
    }

    /// The probabilities as model inputs, in a fixed order.
    pub fn as_features(&self) -> [f32; 5] {
        let [n, u, p] = self.sentiment;
        [n, u, p, self.offensive, self.hate]
    }
}

/// Tunable decision thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Toxicity score from which an insult, swearing or threat aimed at a person is abusive.
    pub abusive: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { abusive: 0.5 }
    }
}

/// Words behind a decision, from [`Analyzer::explain`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// Words that pushed towards a negative sentiment.
    pub negative: Vec<String>,
    /// Words that pushed towards offence or hate.
    pub abusive: Vec<String>,
}

/// Computes [`Signals`]. Cheap to clone when the model is embedded; share one per process.
#[derive(Debug, Clone)]
pub struct Analyzer {
    model: Model,
    thresholds: Thresholds,
}

static EMBEDDED: &[u8] = include_bytes!("../models/signals.bin");

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Analyzer {
    /// The analyzer with the model built into this binary.
    pub fn embedded() -> Result<Analyzer, ModelError> {
        Ok(Analyzer::with_model(Model::from_static(EMBEDDED)?))
    }

    /// An analyzer with a given model (e.g. one just trained).
    pub fn with_model(model: Model) -> Analyzer {
        Analyzer {
            model,
            thresholds: Thresholds::default(),
        }
    }

    /// Changes the decision thresholds.
    #[must_use]
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Analyzer {
        self.thresholds = thresholds;
        self
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Signals of one text.
    pub fn analyze(&self, text: &str) -> Signals {
        let mut s = Scratch::new();
        self.analyze_with(text, &mut s)
    }

    /// Signals of many texts, in order, reusing one scratch buffer.
    pub fn analyze_batch<'a>(
        &self,
        texts: impl IntoIterator<Item = &'a str>,
        out: &mut Vec<Signals>,
    ) {
        let mut s = Scratch::new();
        for t in texts {
            out.push(self.analyze_with(t, &mut s));
        }
    }

    /// Signals of one text using caller-provided scratch space.
    pub fn analyze_with(&self, text: &str, s: &mut Scratch) -> Signals {
        let probs = self.probabilities(text, s);
        self.decide(s, probs)
    }

    /// The trained model's probabilities for `text` (sentiment, offensive, hate), leaving the
    /// tokenized text in `s` for [`Analyzer::decide`].
    pub fn probabilities(&self, text: &str, s: &mut Scratch) -> TaskProbs {
        text::tokenize(text, s);
        let scores = self.model.score_text(s);
        TaskProbs {
            sentiment: Self::sentiment_probs(&scores),
            offensive: sigmoid(2.0 * scores[model::OFFENSIVE]),
            hate: sigmoid(2.0 * scores[model::HATE]),
        }
    }

    /// Signals of the text tokenized in `s`, from task probabilities: the fast tier's own
    /// ([`Analyzer::probabilities`]) or a more accurate model's. Everything that depends on
    /// them (politeness, abuse, intent) is decided here, the same way for every tier.
    pub fn decide(&self, s: &mut Scratch, probs: TaskProbs) -> Signals {
        let sentiment = probs.sentiment_signal();
        let offensive = probs.offensive;
        let hate = probs.hate;
        let tox = offensive.max(hate);
        let facts = facts::gather(s);
        let abusive = rules::abusive(&facts, offensive, hate, self.thresholds.abusive);
        let sentiment = Self::polite(sentiment, &facts);
        let service_related = rules::service_related(&facts);
        let intent = rules::intent(s, &facts, sentiment.score, service_related);
        let bits = self.model.bits();
        let key_phrases =
            rules::key_phrases(s, |h| self.model.idf(features::hash_bucket(h, bits)), 3);
        Signals {
            sentiment,
            intent,
            service_related,
            toxicity: Toxicity {
                score: tox,
                abusive,
                offensive,
                hate,
            },
            language: lang::detect(s, &facts),
            fingerprint: fingerprint::fingerprint(s),
            key_phrases,
        }
    }

    /// Signals of one text and what theme clustering needs of it.
    pub fn analyze_for_themes(&self, text: &str, s: &mut Scratch) -> (Signals, cluster::Doc) {
        let signals = self.analyze_with(text, s);
        let doc = self.doc_from(s, &signals);
        (signals, doc)
    }

    /// The words of `text` that weighed most towards a negative sentiment and towards
    /// offence or hate in the linear model, strongest first (at most `n` each): the "why"
    /// shown beside a complaint or abuse decision. Only words that pushed that way are listed.
    pub fn explain(&self, text: &str, n: usize) -> Explanation {
        let mut s = Scratch::new();
        text::tokenize(text, &mut s);
        let bits = self.model.bits();
        let mut negative: Vec<(f32, String)> = Vec::new();
        let mut abusive: Vec<(f32, String)> = Vec::new();
        for t in &s.tokens {
            let short_word = t.kind == text::TokenKind::Word && t.end - t.start < 2;
            if short_word || !matches!(t.kind, text::TokenKind::Word | text::TokenKind::Emoji) {
                continue;
            }
            let Some(word) = s.norm.get(t.start as usize..t.end as usize) else {
                continue;
            };
            let w = self
                .model
                .bucket_weights(features::hash_bucket(t.hash, bits));
            let towards_negative = w[model::SENT_NEG] - w[model::SENT_POS];
            let towards_abuse = w[model::OFFENSIVE].max(w[model::HATE]);
            for (list, score) in [
                (&mut negative, towards_negative),
                (&mut abusive, towards_abuse),
            ] {
                if score > 0.0 && !list.iter().any(|(_, x)| x == word) {
                    list.push((score, word.to_owned()));
                }
            }
        }
        let top = |mut v: Vec<(f32, String)>| {
            v.sort_by(|a, b| b.0.total_cmp(&a.0));
            v.into_iter().take(n).map(|(_, w)| w).collect()
        };
        Explanation {
            negative: top(negative),
            abusive: top(abusive),
        }
    }

    /// What theme clustering needs of the text last analysed into `s` (with its `signals`).
    pub fn doc_from(&self, s: &Scratch, signals: &Signals) -> cluster::Doc {
        let mut terms = Vec::new();
        let bits = self.model.bits();
        cluster::terms(
            s,
            |h| self.model.idf(features::hash_bucket(h, bits)),
            &mut terms,
        );
        cluster::Doc {
            fingerprint: signals.fingerprint.clone(),
            terms,
            phrases: signals.key_phrases.clone(),
        }
    }

    /// The clustering doc of one text.
    pub fn cluster_doc(&self, text: &str) -> cluster::Doc {
        self.analyze_for_themes(text, &mut Scratch::new()).1
    }

    /// Politeness must not hide a complaint: "thanks for nothing" is negative; neither must
    /// calm wording: "the app crashes when I open a photo" is a fault report, so negative.
    fn polite(mut sentiment: Sentiment, facts: &facts::Facts) -> Sentiment {
        if rules::polite_complaint(facts)
            || (rules::problem_report(facts) && sentiment.score < 0.3 && !facts.praise)
        {
            sentiment.label = SentimentLabel::Negative;
            sentiment.score = sentiment.score.min(-0.4);
        }
        sentiment
    }

    fn sentiment_probs(scores: &model::Scores) -> [f32; 3] {
        let raw = [
            scores[model::SENT_NEG],
            scores[model::SENT_NEU],
            scores[model::SENT_POS],
        ];
        let max = raw.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp = raw.map(|r| (2.0 * (r - max)).exp());
        let total: f32 = exp.iter().sum();
        exp.map(|e| e / total)
    }

    /// The label index a TweetEval task expects (`sentiment`: 0 negative, 1 neutral,
    /// 2 positive; `offensive` and `hate`: 0 no, 1 yes) for a text.
    pub fn predict_task(&self, text: &str, task: &str) -> usize {
        let mut s = Scratch::new();
        let probs = self.probabilities(text, &mut s);
        self.task_label(&mut s, probs, task)
    }

    /// The label index a TweetEval task expects, from task probabilities of the text tokenized
    /// in `s` (as [`Analyzer::decide`] would label it).
    pub fn task_label(&self, s: &mut Scratch, probs: TaskProbs, task: &str) -> usize {
        match task {
            "sentiment" => match Self::polite(probs.sentiment_signal(), &facts::gather(s)).label {
                SentimentLabel::Negative => 0,
                SentimentLabel::Neutral => 1,
                SentimentLabel::Positive => 2,
            },
            "offensive" => usize::from(probs.offensive > 0.5),
            "hate" => usize::from(probs.hate > 0.5),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads() {
        let a = Analyzer::embedded().unwrap();
        assert_eq!(a.model().bits(), 17);
    }

    #[test]
    fn fused_scoring_equals_extracted_features() {
        let a = Analyzer::embedded().unwrap();
        let mut s = Scratch::new();
        for t in [
            "@acme your update broke my login, fix it!",
            "Great app 😍 #love",
            "",
            "a b c",
            "Überweisung fehlgeschlagen!!!",
        ] {
            text::tokenize(t, &mut s);
            let fused = a.model().score_text(&mut s);
            features::extract(&mut s, a.model().bits());
            assert_eq!(
                fused,
                a.model().scores(&s.word_features, &s.char_features),
                "{t}"
            );
        }
    }

    #[test]
    fn every_signal_is_present() {
        let a = Analyzer::embedded().unwrap();
        let s = a.analyze("@acme your update broke my login, fix it! #fail");
        assert_eq!(s.fingerprint.minhash.len(), fingerprint::SIGNATURE);
        assert_eq!(s.language.code, "en");
        assert!(!s.key_phrases.is_empty());
        assert!((-1.0..=1.0).contains(&s.sentiment.score));
        assert!((0.0..=1.0).contains(&s.toxicity.score));
    }
}
