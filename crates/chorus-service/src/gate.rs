//! The gate every community post passes before it is stored: word filters, the author's
//! standing, the signals of the text (abuse, links, images) and the verdict (publish, hold,
//! block); and what follows from the verdict (the moderation queue and log, a case at once for
//! a furious but civil complaint).
//!
//! It is shared plumbing rather than part of a feature: the community posts through it, the
//! knowledge base's compose form too, and moderation tests its filters with it. The rules
//! themselves live in `chorus_core::moderation`; this module gathers their inputs. What a
//! verdict makes for other features travels as a domain event (a complaint opens a case in
//! triage), so the gate calls no feature.

use chorus_analyze::{Analyzer, Thresholds};
use chorus_core::moderation::{
    self as rules, FilterAction, FilterOutcome, Filters, HoldReason, Screening, TrustLevel,
    Verdict, Visibility,
};
use chorus_core::{Timestamp, TopicId, User};
use chorus_i18n::Text;
use chorus_store::community::PostModeration;
use chorus_store::moderation::{NewLogEntry, PostRef, Standing};
use sha2::{Digest, Sha256};

use crate::{Hub, Result, ServiceError};

/// How a post is being submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Compose {
    /// The API: the post is always created; a post that needs review is held.
    #[default]
    Direct,
    /// The compose form: the author is nudged before a post is held, and it is held only if
    /// they submit the same text again (`acknowledged` is the token of the nudge they saw).
    Form {
        /// The token the form carried back, if the author was nudged.
        acknowledged: Option<String>,
    },
}

/// A post that was created, with what moderation did to it.
#[derive(Debug, Clone)]
pub struct Posted<T> {
    /// The post.
    pub post: T,
    /// Why it is held, if it is.
    pub held: Option<HoldReason>,
    /// The case opened at once for a strongly negative, civil complaint.
    pub case_id: Option<i64>,
    /// Published but queued for a moderator (a flag filter matched).
    pub flagged: bool,
}

impl<T> Posted<T> {
    /// What the author is told about a held post.
    pub fn nudge(&self) -> Option<&'static str> {
        self.held.map(HoldReason::nudge)
    }
}

/// What the gate made of a post before it is stored.
#[derive(Debug, Clone)]
pub(crate) struct Screened {
    /// Visibility and signals to store.
    pub moderation: PostModeration,
    /// Title after word replacements.
    pub title: Option<String>,
    /// Body after word replacements.
    pub body: String,
    /// The decision.
    pub verdict: Verdict,
    /// Evidence for the queue (matched words, spam facts).
    pub detail: String,
}

/// The name of a trust level, as the moderation pages write it (the same as
/// [`TrustLevel::label`] in English).
fn trust_level(level: TrustLevel) -> Text {
    match level {
        TrustLevel::New => Text::new("mod-trust-new"),
        TrustLevel::Basic => Text::new("mod-trust-basic"),
        TrustLevel::Member => Text::new("mod-trust-member"),
        TrustLevel::Trusted => Text::new("mod-trust-trusted"),
    }
}

fn token(title: Option<&str>, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.unwrap_or("").trim().as_bytes());
    h.update([0]);
    h.update(body.trim().as_bytes());
    h.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) async fn filters(hub: &Hub) -> Result<Filters> {
    Ok(Filters::new(hub.store().word_filters().await?))
}

fn merge(a: FilterOutcome, b: FilterOutcome) -> FilterOutcome {
    let mut hits = a.hits;
    hits.extend(b.hits);
    FilterOutcome {
        hits,
        replaced: None,
    }
}

/// Raises a member's trust level when they have earned more (never lowers it, never
/// overrides a level staff chose) and returns their standing.
async fn standing_now(hub: &Hub, user: &User) -> Result<Standing> {
    let store = hub.store();
    let mut standing = store.standing(user.id).await?;
    if !standing.trust_set_by_staff && standing.trust < TrustLevel::Member {
        let earned = rules::earned(&store.participation(user.id).await?, hub.now());
        if earned > standing.trust {
            store.set_trust_level(user.id, earned, None).await?;
            standing.trust = earned;
        }
    }
    Ok(standing)
}

/// Runs the gate over a post about to be stored. `complaint_kind`: the topic is a problem
/// report (a complaint whatever the wording).
/// How long a post waits for the accurate tier before the gate decides on the fast tier's
/// signals: the writer is waiting for the page.
const GATE_BUDGET: std::time::Duration = std::time::Duration::from_secs(1);

/// The signals the gate decides on: the fast tier's, or the accurate tier's when it is
/// installed, the fast tier is unsure or the post may be held, and it answers within
/// [`GATE_BUDGET`].
async fn gate_signals(hub: &Hub, analyzer: &Analyzer, text: &str) -> chorus_analyze::Signals {
    let mut scratch = chorus_analyze::Scratch::new();
    let probs = analyzer.probabilities(text, &mut scratch);
    let fast = analyzer.decide(&mut scratch, probs);
    let Some(cascade) = hub.accurate().await else {
        return fast;
    };
    if !cascade.wants_accurate(&probs, &fast) {
        return fast;
    }
    let owned = text.to_owned();
    let job = tokio::task::spawn_blocking(move || {
        cascade.analyze(&[owned.as_str()], chorus_encoder::Tier::Accurate)
    });
    match tokio::time::timeout(GATE_BUDGET, job).await {
        Ok(Ok(Ok(d))) => match d.first() {
            Some(d) if d.tier == chorus_encoder::Tier::Accurate => {
                // Decided again with this hub's abuse threshold.
                analyzer.probabilities(text, &mut scratch);
                analyzer.decide(&mut scratch, d.probs)
            }
            _ => fast,
        },
        Ok(Ok(Err(e))) => {
            tracing::warn!(error = %e, "accurate tier failed; the gate uses the fast tier");
            fast
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "accurate tier failed; the gate uses the fast tier");
            fast
        }
        Err(_) => {
            metrics::counter!("chorus_gate_fast_fallback_total").increment(1);
            fast
        }
    }
}

pub(crate) async fn screen(
    hub: &Hub,
    actor: &User,
    title: Option<&str>,
    body: &str,
    complaint_kind: bool,
    new_post: bool,
) -> Result<Screened> {
    let cfg = &hub.config().moderation;
    let now = hub.now();
    let staff = actor.is_staff();
    // One read of the member's standing serves the silence check, the limits and the burst
    // rule; a new post first raises the trust level if it was earned.
    let standing = match (staff, new_post) {
        (true, _) => None,
        (false, true) => Some(standing_now(hub, actor).await?),
        (false, false) => Some(hub.store().standing(actor.id).await?),
    };
    if let Some(until) = standing.and_then(|s| s.silenced_until).filter(|u| *u > now) {
        return Err(ServiceError::Silenced {
            until: until.rfc3339(),
        });
    }
    let mut detail = Vec::new();
    let links = rules::count_links(body) + title.map_or(0, rules::count_links);
    // Limits and spam checks are about new posts; an edit is screened for its words only.
    if let Some(standing) = standing.filter(|_| new_post) {
        let limits = cfg.limits(standing.trust);
        let level = trust_level(standing.trust);
        if let Some(max) = limits.posts_per_hour {
            let recent = hub
                .store()
                .recent_posts(actor.id, now.plus(-Timestamp::HOUR), i64::from(max) + 1)
                .await?;
            if recent.len() >= max as usize {
                let oldest = recent.last().map_or(now.0, |p| p.1);
                let minutes = ((oldest + Timestamp::HOUR - now.0) / Timestamp::MINUTE).max(1);
                return Err(ServiceError::field(
                    "body",
                    Text::new("err-com-gate-posts-per-hour")
                        .arg_text("level", level)
                        .arg("max", max)
                        .arg("minutes", minutes),
                ));
            }
        }
        if let Some(max) = limits.links_per_post
            && links > max
        {
            return Err(ServiceError::field(
                "body",
                Text::new("err-com-gate-links")
                    .arg_text("level", level)
                    .arg("max", max)
                    .arg("links", links),
            ));
        }
        // Images are counted in the rendering, which only a limited level needs.
        let images = limits
            .images_per_post
            .map(|_| rules::count_images(&chorus_markdown::render(body)));
        if let (Some(max), Some(images)) = (limits.images_per_post, images)
            && images > max
        {
            let message = if max == 0 {
                Text::new("err-com-gate-no-images").arg_text("level", level)
            } else {
                Text::new("err-com-gate-images")
                    .arg_text("level", level)
                    .arg("max", max)
                    .arg("images", images)
            };
            return Err(ServiceError::field("body", message));
        }
    }
    // Word filters on the title and the body.
    let f = filters(hub).await?;
    let body_out = f.check(body);
    let title_out = title.map(|t| f.check(t)).unwrap_or_default();
    let new_body = body_out.replaced.clone().unwrap_or_else(|| body.to_owned());
    let new_title = title.map(|t| title_out.replaced.clone().unwrap_or_else(|| t.to_owned()));
    let outcome = merge(body_out, title_out);
    if outcome.strongest() == Some(FilterAction::Block) {
        let words = outcome.words(FilterAction::Block).join(", ");
        return Err(ServiceError::field(
            "body",
            Text::new("err-com-gate-blocked").arg("words", words),
        ));
    }
    for a in [FilterAction::Hold, FilterAction::Flag] {
        let w = outcome.words(a);
        if !w.is_empty() {
            detail.push(format!("filter ({}): {}", a.as_str(), w.join(", ")));
        }
    }
    // Signals, with the configured abuse threshold.
    let analyzer: Analyzer = hub.analyzer().clone().with_thresholds(Thresholds {
        #[allow(clippy::cast_possible_truncation, reason = "a 0–1 setting")]
        abusive: cfg.abusive_threshold as f32,
    });
    let text = match &new_title {
        Some(t) => format!("{t}\n{new_body}"),
        None => new_body.clone(),
    };
    let signals = gate_signals(hub, &analyzer, &text).await;
    if signals.toxicity.abusive {
        detail.push(format!(
            "abusive (toxicity {:.2}, offensive {:.2}, hate {:.2})",
            signals.toxicity.score, signals.toxicity.offensive, signals.toxicity.hate
        ));
    }
    // Spam: mostly links, the same text again and again, a new account posting fast.
    let mut spam = false;
    if let Some(standing) = standing.filter(|_| new_post) {
        let words = text.split_whitespace().count();
        if links >= 3 && (words as u32) < links * 12 {
            spam = true;
            detail.push(format!("spam: {links} links in {words} words"));
        }
        let window = now.plus(-(cfg.duplicate_window_hours as i64) * Timestamp::HOUR);
        let recent = hub.store().recent_posts(actor.id, window, 50).await?;
        let mine = &signals.fingerprint;
        let dupes = if mine.is_empty() {
            0
        } else {
            // Only the fingerprints are compared: tokenizing is enough, no model scoring.
            let mut scratch = chorus_analyze::Scratch::new();
            recent
                .iter()
                .filter(|(b, _)| {
                    chorus_analyze::text::tokenize(b, &mut scratch);
                    mine.similarity(&chorus_analyze::fingerprint::fingerprint(&scratch)) >= 0.8
                })
                .count()
        };
        if dupes as u64 >= cfg.duplicate_limit.max(1) {
            spam = true;
            detail.push(format!("spam: {dupes} near-duplicates of this post"));
        }
        let burst = recent
            .iter()
            .filter(|(_, at)| *at >= now.0 - 10 * Timestamp::MINUTE)
            .count() as u64;
        if standing.trust == TrustLevel::New && burst + 1 >= cfg.burst_posts.max(2) {
            spam = true;
            detail.push(format!(
                "spam: new member, {} posts in 10 minutes",
                burst + 1
            ));
        }
    }
    let verdict = if cfg.gate {
        rules::gate(&Screening {
            staff,
            abusive: signals.toxicity.abusive,
            sentiment: signals.sentiment.score,
            complaint: complaint_kind || signals.intent == chorus_analyze::Intent::Complaint,
            filter: outcome.strongest(),
            spam,
            #[allow(clippy::cast_possible_truncation, reason = "a -1–1 setting")]
            prioritise_below: cfg.prioritise_sentiment as f32,
        })
    } else {
        Verdict::Publish {
            prioritise: false,
            flag: false,
        }
    };
    let (visibility, held_reason) = match verdict {
        Verdict::Hold(r) => (Visibility::Held, Some(r)),
        _ => (Visibility::Visible, None),
    };
    Ok(Screened {
        moderation: PostModeration {
            visibility,
            held_reason,
            toxicity: f64::from(signals.toxicity.score),
            abusive: signals.toxicity.abusive,
        },
        title: new_title,
        body: new_body,
        verdict,
        detail: detail.join("; "),
    })
}

/// In the compose form, a post that would be held is first returned to its author with a
/// nudge; submitting the same text again holds it.
pub(crate) fn check_compose(
    s: &Screened,
    compose: &Compose,
    title: Option<&str>,
    body: &str,
) -> Result<()> {
    if let (Verdict::Hold(reason), Compose::Form { acknowledged }) = (s.verdict, compose) {
        let t = token(title, body);
        if acknowledged.as_deref() != Some(t.as_str()) {
            return Err(ServiceError::Nudge { reason, token: t });
        }
    }
    Ok(())
}

/// Queues and logs a post the gate held or flagged, and opens a case at once for a
/// strongly negative, civil complaint. Returns the case id when one was opened.
pub(crate) async fn after_post(
    hub: &Hub,
    author: &User,
    post: PostRef,
    topic: TopicId,
    s: &Screened,
) -> Result<Option<i64>> {
    let store = hub.store();
    let now = hub.now();
    match s.verdict {
        Verdict::Hold(reason) => {
            let item = store
                .queue_post(post, author.id, reason.as_str(), &s.detail, now)
                .await?;
            store
                .log_moderation(
                    &NewLogEntry {
                        item_id: Some(item),
                        action: "held",
                        reason: reason.label(),
                        target: Some(post),
                        subject: Some(author.id),
                        moderator: None,
                        detail: &s.detail,
                    },
                    now,
                )
                .await?;
            metrics::counter!("chorus_posts_held_total", "reason" => reason.as_str()).increment(1);
            Ok(None)
        }
        Verdict::Publish { prioritise, flag } => {
            if flag {
                store
                    .queue_post(post, author.id, "filter", &s.detail, now)
                    .await?;
            }
            if !prioritise {
                return Ok(None);
            }
            // Triage opens the case; run now so that the author's response names it (an
            // earlier complaint in the same topic may have opened it already).
            let complaint = chorus_bus::DomainEvent::ComplaintPublished {
                topic_id: topic.0,
                post: event_post(post),
            };
            crate::events::publish_now(hub, &complaint).await?;
            Ok(store
                .case_by_key(&format!("topic:{}", topic.0))
                .await?
                .map(|c| c.id))
        }
        Verdict::Block => Ok(None),
    }
}

/// A post as domain events name it.
pub(crate) fn event_post(post: PostRef) -> chorus_bus::Post {
    match post {
        PostRef::Topic(id) => chorus_bus::Post::Topic(id),
        PostRef::Reply(id) => chorus_bus::Post::Reply(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_the_text() {
        assert_eq!(token(Some("a"), "b"), token(Some("a "), " b"));
        assert_ne!(token(Some("a"), "b"), token(Some("a"), "c"));
        assert_ne!(token(Some("ab"), ""), token(Some("a"), "b"));
    }
}
