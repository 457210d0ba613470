//! Moderation: the gate every community post passes before it is published, flags, the
//! moderation queue and its actions, the moderation log, word filters, trust levels and the
//! abuse history that tells a frustrated customer from a troll.
//!
//! The rules live in `chorus_core::moderation`; this module gathers their inputs (signals,
//! filters, the author's recent posts and standing) and carries out their effects.

use chorus_analyze::{Analyzer, Thresholds};
use chorus_core::moderation::{
    self as rules, FilterAction, FilterOutcome, FilterRule, Filters, FlagReason, HoldReason,
    ModAction, Screening, TrustLevel, Verdict, Visibility,
};
use chorus_core::{Action, ReplyId, Role, Timestamp, TopicId, User, UserId, allowed};
use chorus_store::community::PostModeration;
use chorus_store::moderation::{Flag, LogEntry, NewLogEntry, PostRef, QueueItem, Standing};
use chorus_store::notifications::NewNotification;
use sha2::{Digest, Sha256};

use crate::visibility::require;
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

async fn filters(hub: &Hub) -> Result<Filters> {
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
        let level = format!("At trust level “{}” you", standing.trust.label());
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
                    format!(
                        "{level} can post {max} times an hour. You can post again in {minutes} \
                         minutes; your text is kept below."
                    ),
                ));
            }
        }
        if let Some(max) = limits.links_per_post
            && links > max
        {
            return Err(ServiceError::field(
                "body",
                format!(
                    "{level} can include at most {max} links in a post; this has {links}. \
                     Limits lift as you take part."
                ),
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
                format!("{level} cannot include images yet. Limits lift as you take part.")
            } else {
                format!(
                    "{level} can include at most {max} images in a post; this has {images}. \
                     Limits lift as you take part."
                )
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
            format!("This community does not allow: {words}. Please rephrase."),
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
            let rules = crate::triage::worker::load_rules(hub).await?;
            let Some(t) = store.topic(topic).await? else {
                return Ok(None);
            };
            let case = crate::triage::worker::open_for_topic(
                hub,
                topic.0,
                &t.title,
                &t.author.name,
                t.created_at,
                "strongly negative complaint",
                None,
                &rules,
                Some(chorus_core::Priority::High),
            )
            .await?;
            if case.is_some() {
                metrics::counter!("chorus_complaints_prioritised_total").increment(1);
            }
            // Already open (the same topic) is fine: report the existing case.
            match case {
                Some(id) => Ok(Some(id)),
                None => Ok(store
                    .case_by_key(&format!("topic:{}", topic.0))
                    .await?
                    .map(|c| c.id)),
            }
        }
        Verdict::Block => Ok(None),
    }
}

/// Whether `viewer` may see a live (not deleted) post with this visibility by `author`; the
/// rule itself is [`crate::visibility::may_see`].
pub fn can_see(viewer: Option<&User>, author: UserId, m: &PostModeration) -> bool {
    crate::visibility::may_see(
        viewer,
        crate::visibility::Content::Post {
            author,
            moderation: m,
            deleted: false,
        },
    )
}

/// A queue item with everything a moderator decides on.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    /// The item and its post.
    pub item: QueueItem,
    /// Open flags.
    pub flags: Vec<Flag>,
    /// The author's history.
    pub history: History,
}

/// Posts per month, constructive vs abusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Posts the analysis did not find abusive.
    pub constructive: i64,
    /// Abusive posts.
    pub abusive: i64,
}

/// A member's record: how they post and what moderators did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// Trust level.
    pub trust: TrustLevel,
    /// Silenced until (RFC 3339).
    pub silenced_until: Option<String>,
    /// All posts not found abusive.
    pub constructive: i64,
    /// All abusive posts.
    pub abusive: i64,
    /// The last twelve months that had posts, oldest first.
    pub months: Vec<MonthCount>,
    /// Upheld moderator actions (hide, delete, warn, silence, suspend).
    pub upheld: i64,
    /// One line for a manager: frustrated customer or troll?
    pub summary: String,
}

fn month_of(ms: i64) -> String {
    let rfc = Timestamp(ms).rfc3339();
    rfc.get(..7).unwrap_or("").to_owned()
}

/// The judgement a manager reads at a glance.
fn summarize(constructive: i64, abusive: i64, upheld: i64) -> String {
    let total = constructive + abusive;
    if total == 0 {
        return "No posts yet.".to_owned();
    }
    let share = abusive * 100 / total;
    if abusive == 0 {
        format!("Constructive: {constructive} posts, none abusive.")
    } else if total < 5 && upheld == 0 {
        format!(
            "Too few posts to call it a pattern: {abusive} of {total} abusive. Read the post \
             itself."
        )
    } else if share < 20 && upheld == 0 {
        format!(
            "Mostly constructive: {abusive} of {total} posts abusive ({share}%) — likely a \
             frustrated customer."
        )
    } else {
        format!(
            "Often abusive: {abusive} of {total} posts ({share}%), {upheld} upheld moderator \
             actions — handle as a pattern, not a one-off."
        )
    }
}

async fn history_of(hub: &Hub, user: UserId) -> Result<History> {
    let store = hub.store();
    let standing = store.standing(user).await?;
    let posts = store.post_history(user, 10_000).await?;
    let mut months: Vec<MonthCount> = Vec::new();
    let (mut constructive, mut abusive) = (0, 0);
    for (at, bad) in posts.iter().rev() {
        let m = month_of(*at);
        if months.last().is_none_or(|l| l.month != m) {
            months.push(MonthCount {
                month: m,
                constructive: 0,
                abusive: 0,
            });
        }
        if let Some(last) = months.last_mut() {
            if *bad {
                last.abusive += 1;
            } else {
                last.constructive += 1;
            }
        }
        if *bad {
            abusive += 1;
        } else {
            constructive += 1;
        }
    }
    let skip = months.len().saturating_sub(12);
    let months = months.split_off(skip);
    let upheld = store.participation(user).await?.upheld_actions;
    Ok(History {
        trust: standing.trust,
        silenced_until: standing
            .silenced_until
            .filter(|u| *u > hub.now())
            .map(Timestamp::rfc3339),
        constructive,
        abusive,
        months,
        upheld,
        summary: summarize(constructive, abusive, upheld),
    })
}

/// A member's moderation history (staff).
pub async fn history(hub: &Hub, viewer: &User, user: UserId) -> Result<History> {
    require(viewer, Action::ViewModeration)?;
    hub.store()
        .user_by_id(user)
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    history_of(hub, user).await
}

/// The queue: open items oldest first (`open`), or settled ones newest first.
pub async fn queue(hub: &Hub, actor: &User, open: bool, limit: i64) -> Result<Vec<QueueEntry>> {
    require(actor, Action::Moderate)?;
    let items = hub.store().queue(open, limit).await?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let post = PostRef::parse(&item.target_type, item.target_id)
            .ok_or_else(|| ServiceError::Internal("queue item of unknown type".into()))?;
        let flags = hub.store().flags_on(post).await?;
        let history = history_of(hub, UserId(item.author_id)).await?;
        out.push(QueueEntry {
            item,
            flags,
            history,
        });
    }
    Ok(out)
}

/// Open items (for the navigation badge of moderators).
pub async fn open_count(hub: &Hub, actor: &User) -> Result<i64> {
    require(actor, Action::Moderate)?;
    Ok(hub.store().open_queue_count().await?)
}

/// What a moderator submits.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// `approve`, `edit`, `hide`, `delete`, `warn`, `silence` or `suspend`.
    pub action: String,
    /// Why (shown to the author and in the public log; required except for approve).
    pub reason: String,
    /// Days of silence (`silence`, 1–365; default 3).
    pub days: Option<i64>,
    /// New text (`edit`).
    pub body: Option<String>,
}

fn check_reason(action: ModAction, reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(ServiceError::field("reason", "Use at most 500 characters."));
    }
    if reason.is_empty() {
        if action == ModAction::Approve {
            return Ok("Reviewed: fine to publish.".to_owned());
        }
        return Err(ServiceError::field(
            "reason",
            "Give a reason: the author and the public log see it.",
        ));
    }
    Ok(reason.to_owned())
}

async fn notify_author(
    hub: &Hub,
    author: UserId,
    post: Option<(PostRef, TopicId)>,
    detail: &str,
    log_id: i64,
) -> Result<()> {
    let (topic, reply) = match post {
        Some((PostRef::Reply(r), t)) => (Some(t), Some(ReplyId(r))),
        Some((PostRef::Topic(_), t)) => (Some(t), None),
        None => (None, None),
    };
    hub.store()
        .insert_notification(
            &NewNotification {
                user: author,
                kind: "moderation",
                topic,
                reply,
                // Members are not told which moderator acted.
                actor: None,
                detail,
                dedupe_key: &format!("moderation:{log_id}"),
            },
            hub.now(),
        )
        .await?;
    Ok(())
}

/// Publishes a post that was held or hidden: counters, notifications and the index follow.
async fn publish(hub: &Hub, post: PostRef, was_visible: bool) -> Result<()> {
    hub.store()
        .set_visibility(post, Visibility::Visible, None, hub.now())
        .await?;
    reindex(hub, post).await?;
    if let PostRef::Reply(id) = post
        && !was_visible
    {
        crate::community::notify::enqueue(
            hub,
            &crate::community::notify::Event::Reply { reply: id },
        )
        .await?;
    }
    Ok(())
}

async fn reindex(hub: &Hub, post: PostRef) -> Result<()> {
    match post {
        PostRef::Topic(id) => {
            crate::search::enqueue(hub, chorus_search::DocKind::Topic, id).await;
            for r in hub.store().search_reply_ids(id).await? {
                crate::search::enqueue(hub, chorus_search::DocKind::Reply, r).await;
            }
        }
        PostRef::Reply(id) => {
            crate::search::enqueue(hub, chorus_search::DocKind::Reply, id).await;
        }
    }
    Ok(())
}

/// Carries out a moderator's action on a queue item: each is logged with its reason and
/// notified to the author. Approve, edit, hide and delete settle the item (a second
/// moderator settling the same item gets a conflict); warn, silence and suspend act on the
/// author and leave the item for its own decision.
pub async fn act(hub: &Hub, actor: &User, item_id: i64, input: &ActionInput) -> Result<QueueItem> {
    require(actor, Action::Moderate)?;
    let action: ModAction =
        input
            .action
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("action", e.to_string())
            })?;
    let reason = check_reason(action, &input.reason)?;
    let store = hub.store();
    let item = store
        .queue_item(item_id)
        .await?
        .ok_or(ServiceError::NotFound("moderation item"))?;
    let post = PostRef::parse(&item.target_type, item.target_id)
        .ok_or_else(|| ServiceError::Internal("queue item of unknown type".into()))?;
    let author = store
        .user_by_id(UserId(item.author_id))
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    let now = hub.now();
    let topic = TopicId(item.topic_id);
    if action.resolves() && item.state != "open" {
        return Err(ServiceError::Conflict(format!(
            "This item was already settled ({}).",
            item.resolution.as_deref().unwrap_or("resolved")
        )));
    }
    if matches!(action, ModAction::Silence | ModAction::Suspend) && author.role >= Role::Agent {
        return Err(ServiceError::Conflict(
            "Staff accounts are managed by administrators, not through the queue.".to_owned(),
        ));
    }
    let was_visible = item.visibility == "visible";
    let mut detail = String::new();
    match action {
        ModAction::Approve => {}
        ModAction::Edit => {
            let body = input.body.as_deref().unwrap_or("").trim();
            let mut errors = chorus_core::FieldErrors::new();
            chorus_core::community::check_body(body, &mut errors);
            errors.into_result()?;
            let html = chorus_markdown::render(body);
            match post {
                PostRef::Reply(id) => {
                    store
                        .update_reply(ReplyId(id), body, &html, actor.id, now)
                        .await?;
                }
                // Only the text changes; title, tags and category stay.
                PostRef::Topic(id) => {
                    let t = store
                        .topic(TopicId(id))
                        .await?
                        .ok_or(ServiceError::NotFound("topic"))?;
                    store
                        .update_topic(
                            t.id,
                            &t.title,
                            body,
                            &html,
                            &t.tags,
                            t.category.as_deref(),
                            actor.id,
                            now,
                        )
                        .await?;
                }
            }
        }
        ModAction::Hide | ModAction::Delete | ModAction::Warn => {}
        ModAction::Silence => {
            let days = input.days.unwrap_or(3);
            if !(1..=365).contains(&days) {
                return Err(ServiceError::field("days", "Silence for 1 to 365 days."));
            }
            let until = now.plus(days * Timestamp::DAY);
            store.set_silenced(author.id, Some(until)).await?;
            detail = format!("{days} days, until {}", until.rfc3339());
        }
        ModAction::Suspend => {
            store
                .set_suspended(author.id, Some((now, &reason)), now)
                .await?;
            store
                .audit(
                    Some(actor.id),
                    "user.suspended",
                    ("user", Some(author.id.0)),
                    &reason,
                    now,
                )
                .await?;
        }
    }
    if action.resolves() {
        // Claim the item first: of two moderators, one settles it.
        if !store
            .resolve_item(item_id, actor.id, action.as_str(), now)
            .await?
        {
            return Err(ServiceError::Conflict(
                "Another moderator settled this item first.".to_owned(),
            ));
        }
        match action {
            ModAction::Approve | ModAction::Edit => publish(hub, post, was_visible).await?,
            ModAction::Hide => {
                store
                    .set_visibility(post, Visibility::Hidden, Some(&item.reason), now)
                    .await?;
                reindex(hub, post).await?;
            }
            ModAction::Delete => {
                match post {
                    PostRef::Topic(id) => store.delete_topic(TopicId(id), actor.id, now).await?,
                    PostRef::Reply(id) => {
                        store
                            .delete_reply(ReplyId(id), topic, actor.id, now)
                            .await?;
                    }
                }
                reindex(hub, post).await?;
            }
            _ => {}
        }
    }
    let log_id = store
        .log_moderation(
            &NewLogEntry {
                item_id: Some(item_id),
                action: action.as_str(),
                reason: &reason,
                target: Some(post),
                subject: Some(author.id),
                moderator: Some(actor.id),
                detail: &detail,
            },
            now,
        )
        .await?;
    let told = if detail.is_empty() {
        format!("{}: {reason}", action.label())
    } else {
        format!("{} ({detail}): {reason}", action.label())
    };
    notify_author(hub, author.id, Some((post, topic)), &told, log_id).await?;
    metrics::counter!("chorus_moderation_actions_total", "action" => action.as_str()).increment(1);
    store
        .queue_item(item_id)
        .await?
        .ok_or(ServiceError::NotFound("moderation item"))
}

/// What happened to a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagOutcome {
    /// The queue item of the post.
    pub item_id: i64,
    /// The topic the post is (in).
    pub topic_id: i64,
    /// Open flags on the post.
    pub flag_count: i64,
    /// Whether the post is now hidden pending review.
    pub hidden: bool,
    /// `false` if this member had already flagged it.
    pub new: bool,
}

/// A member flags a post. Enough flags from different members hide it until a moderator
/// reads it.
pub async fn flag(
    hub: &Hub,
    actor: &User,
    target_type: &str,
    target_id: i64,
    reason: &str,
    note: &str,
) -> Result<FlagOutcome> {
    let post = PostRef::parse(target_type.trim(), target_id)
        .ok_or_else(|| ServiceError::field("target_type", "Flag a `topic` or a `reply`."))?;
    let reason: FlagReason =
        reason
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("reason", e.to_string())
            })?;
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(ServiceError::field("note", "Use at most 500 characters."));
    }
    if reason == FlagReason::Other && note.is_empty() {
        return Err(ServiceError::field("note", "Say what is wrong with it."));
    }
    let store = hub.store();
    let facts = store
        .post_facts(post)
        .await?
        .filter(|f| !f.deleted)
        .ok_or(ServiceError::NotFound(post.kind()))?;
    let visibility: Visibility = facts
        .visibility
        .parse()
        .map_err(|_| ServiceError::Internal("bad visibility".into()))?;
    if visibility != Visibility::Visible && !actor.is_staff() && actor.id.0 != facts.author_id {
        return Err(ServiceError::NotFound(post.kind()));
    }
    if actor.id.0 == facts.author_id {
        return Err(ServiceError::Conflict(
            "You cannot flag your own post; edit or delete it instead.".to_owned(),
        ));
    }
    let now = hub.now();
    let Some(count) = store
        .add_flag(post, actor.id, reason.as_str(), note, now)
        .await?
    else {
        let item = store.queue_item_for(post).await?;
        return Ok(FlagOutcome {
            topic_id: facts.topic_id,
            item_id: item.as_ref().map_or(0, |i| i.id),
            flag_count: item.map_or(0, |i| i.flag_count),
            hidden: visibility == Visibility::Hidden,
            new: false,
        });
    };
    // Queue it (or keep the reason it was already queued for).
    let existing = store.queue_item_for(post).await?;
    let item_id = match existing {
        Some(i) if i.state == "open" => i.id,
        _ => {
            let detail = format!("flagged: {}", reason.label());
            let id = store
                .queue_post(post, UserId(facts.author_id), "flags", &detail, now)
                .await?;
            store.sync_flag_count(id).await?;
            id
        }
    };
    let mut hidden = visibility == Visibility::Hidden;
    let threshold = i64::try_from(hub.config().moderation.flags_to_hide).unwrap_or(i64::MAX);
    if visibility == Visibility::Visible && count >= threshold {
        store
            .set_visibility(post, Visibility::Hidden, Some("flags"), now)
            .await?;
        reindex(hub, post).await?;
        hidden = true;
        let log_id = store
            .log_moderation(
                &NewLogEntry {
                    item_id: Some(item_id),
                    action: "hidden",
                    reason: HoldReason::Flags.label(),
                    target: Some(post),
                    subject: Some(UserId(facts.author_id)),
                    moderator: None,
                    detail: &format!("{count} flags"),
                },
                now,
            )
            .await?;
        notify_author(
            hub,
            UserId(facts.author_id),
            Some((post, TopicId(facts.topic_id))),
            HoldReason::Flags.nudge(),
            log_id,
        )
        .await?;
    }
    metrics::counter!("chorus_flags_total", "reason" => reason.as_str()).increment(1);
    Ok(FlagOutcome {
        topic_id: facts.topic_id,
        item_id,
        flag_count: count,
        hidden,
        new: true,
    })
}

/// A moderation log line as a viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// The stored line; `moderator_name` is `None` unless the viewer is staff.
    pub entry: LogEntry,
    /// Whether the action was automatic (the gate, flag thresholds).
    pub automatic: bool,
}

/// The moderation log, newest first. Everyone sees actions and reasons; only staff see who
/// acted.
pub async fn log(
    hub: &Hub,
    viewer: Option<&User>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<LogLine>> {
    let staff = viewer.is_some_and(|v| allowed(v.role, Action::ViewModeration));
    let entries = hub.store().moderation_log(before, None, limit).await?;
    Ok(entries
        .into_iter()
        .map(|mut e| {
            let automatic = e.moderator_name.is_none();
            if !staff {
                e.moderator_name = None;
                // Evidence (matched words, scores) is for staff.
                e.detail = String::new();
            }
            LogLine {
                entry: e,
                automatic,
            }
        })
        .collect())
}

/// Word filters (moderators).
pub async fn word_filters(hub: &Hub, actor: &User) -> Result<Vec<FilterRule>> {
    require(actor, Action::Moderate)?;
    Ok(hub.store().word_filters().await?)
}

/// Adds a word filter.
pub async fn add_word_filter(
    hub: &Hub,
    actor: &User,
    pattern: &str,
    action: &str,
    replacement: &str,
) -> Result<FilterRule> {
    require(actor, Action::Moderate)?;
    let pattern = pattern
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut errors = chorus_core::FieldErrors::new();
    if let Err(e) = rules::check_pattern(&pattern) {
        errors.add("pattern", e);
    }
    let action = match action.trim().parse::<FilterAction>() {
        Ok(a) => Some(a),
        Err(e) => {
            errors.add("action", e.to_string());
            None
        }
    };
    let replacement = replacement.trim();
    if replacement.chars().count() > 100 {
        errors.add("replacement", "Use at most 100 characters.");
    }
    errors.into_result()?;
    let action = action.ok_or_else(|| ServiceError::field("action", "Choose an action."))?;
    let replacement = if action == FilterAction::Replace && replacement.is_empty() {
        "■■■"
    } else {
        replacement
    };
    let existing = hub.store().word_filters().await?;
    if existing.iter().any(|f| f.pattern == pattern) {
        return Err(ServiceError::Conflict(format!(
            "There is already a filter for {pattern:?}."
        )));
    }
    let id = hub
        .store()
        .add_word_filter(&pattern, action, replacement, actor.id, hub.now())
        .await?;
    hub.store()
        .log_moderation(
            &NewLogEntry {
                item_id: None,
                action: "filter_added",
                reason: action.label(),
                target: None,
                subject: None,
                moderator: Some(actor.id),
                detail: &pattern,
            },
            hub.now(),
        )
        .await?;
    Ok(FilterRule {
        id,
        pattern,
        action,
        replacement: replacement.to_owned(),
    })
}

/// Removes a word filter.
pub async fn delete_word_filter(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::Moderate)?;
    if !hub.store().delete_word_filter(id).await? {
        return Err(ServiceError::NotFound("filter"));
    }
    Ok(())
}

/// What the filters would do to a text (the filter page's "try it").
pub async fn test_filters(hub: &Hub, actor: &User, text: &str) -> Result<FilterOutcome> {
    require(actor, Action::Moderate)?;
    Ok(filters(hub).await?.check(text))
}

/// Sets a member's trust level by hand (automatic promotion stops for them).
pub async fn set_trust(hub: &Hub, actor: &User, user: UserId, level: &str) -> Result<History> {
    require(actor, Action::Moderate)?;
    let level: TrustLevel =
        level
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("level", e.to_string())
            })?;
    hub.store()
        .user_by_id(user)
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    hub.store()
        .set_trust_level(user, level, Some(actor.id))
        .await?;
    hub.store()
        .log_moderation(
            &NewLogEntry {
                item_id: None,
                action: "trust_level",
                reason: level.label(),
                target: None,
                subject: Some(user),
                moderator: Some(actor.id),
                detail: "",
            },
            hub.now(),
        )
        .await?;
    history_of(hub, user).await
}

/// Lifts a silence early.
pub async fn unsilence(hub: &Hub, actor: &User, user: UserId, reason: &str) -> Result<History> {
    require(actor, Action::Moderate)?;
    let reason = check_reason(ModAction::Approve, reason)?;
    hub.store().set_silenced(user, None).await?;
    let log_id = hub
        .store()
        .log_moderation(
            &NewLogEntry {
                item_id: None,
                action: "unsilence",
                reason: &reason,
                target: None,
                subject: Some(user),
                moderator: Some(actor.id),
                detail: "",
            },
            hub.now(),
        )
        .await?;
    notify_author(
        hub,
        user,
        None,
        &format!("You can post again: {reason}"),
        log_id,
    )
    .await?;
    history_of(hub, user).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_tell_frustration_from_trolling() {
        assert_eq!(summarize(0, 0, 0), "No posts yet.");
        assert!(summarize(30, 0, 0).starts_with("Constructive"));
        assert!(summarize(30, 2, 0).contains("frustrated customer"));
        assert!(summarize(3, 5, 2).starts_with("Often abusive"));
        assert!(summarize(1, 1, 0).starts_with("Too few posts"));
        assert!(summarize(1, 1, 1).starts_with("Often abusive"));
    }

    #[test]
    fn tokens_follow_the_text() {
        assert_eq!(token(Some("a"), "b"), token(Some("a "), " b"));
        assert_ne!(token(Some("a"), "b"), token(Some("a"), "c"));
        assert_ne!(token(Some("ab"), ""), token(Some("a"), "b"));
    }
}
