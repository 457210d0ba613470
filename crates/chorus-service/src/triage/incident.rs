//! Incident cases: while a theme is being fixed (status "fixing"), its mentions gather in one
//! case instead of opening one each, and one reply from that case answers every customer who
//! wrote in it, each through their own channel.
//!
//! Why a reply fans out: hundreds of people reporting one outage need the same answer, and
//! the point of grouping them is that the team writes it once. Each customer still gets a
//! delivery of their own — its own job, retries and idempotency key, answering that person's
//! latest message — so one failing network or one deleted post never holds back the others,
//! and a customer answering our reply comes back into the incident case by its refs. People
//! who wrote where Chorus cannot reply (feeds, imports) are counted, not silently skipped, so
//! the agent knows to answer them elsewhere.

use chorus_core::Channel;
use chorus_store::listening::Theme;
use chorus_store::triage::{Case, ReplyTarget};

use crate::{Hub, Result};

/// The key an incident case is opened under: one per theme. Incident cases are never merged
/// with others (their replies fan out; a customer's case answers one person).
pub(crate) fn key(theme_id: i64) -> String {
    format!("incident:{theme_id}")
}

/// The reply an incident case suggests, from its theme's label and status note.
pub(crate) fn suggested_reply(hub: &Hub, theme: &Theme) -> String {
    // Customers read it: the hub's language.
    let tr = hub.tr();
    let note = theme.status_note.as_deref().unwrap_or("").trim();
    if note.is_empty() {
        tr.v("gen-incident-reply", "theme", &theme.label)
    } else {
        tr.args(
            "gen-incident-reply-note",
            &[
                ("theme", chorus_i18n::Arg::from(theme.label.as_str())),
                ("note", chorus_i18n::Arg::from(note)),
            ],
        )
    }
}

/// What an incident case adds to the case view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// The theme being fixed.
    pub theme_id: i64,
    /// A reply to start from, built from the theme's current label and status note.
    pub suggested_reply: String,
    /// Customers a reply reaches through their own channel (one per channel and handle).
    pub answerable: usize,
    /// Customers who wrote where Chorus cannot reply.
    pub unreachable: usize,
}

/// Whom a reply from `case` goes to: each `(channel, handle)` that wrote in it, answering
/// their latest message there, where the hub can answer it (a channel with a sender; on a
/// network, a message read by a source, whose account posts the answer); and how many
/// others wrote where it cannot.
pub(crate) async fn targets(hub: &Hub, case: &Case) -> Result<(Vec<ReplyTarget>, usize)> {
    let mut targets = Vec::new();
    let mut unreachable = 0;
    for (channel, _author, mention, source) in hub.store().case_writers(case.id).await? {
        match channel.parse::<Channel>() {
            Ok(ch) if super::can_answer(hub, ch, source) => {
                targets.push(ReplyTarget {
                    channel: ch,
                    mention_id: Some(mention),
                });
            }
            _ => unreachable += 1,
        }
    }
    Ok((targets, unreachable))
}

/// The incident view of `case`, if it is an incident case whose theme still exists.
pub(crate) async fn of_case(hub: &Hub, case: &Case) -> Result<Option<Incident>> {
    let Some(theme_id) = hub
        .store()
        .case_key(case.id)
        .await?
        .and_then(|k| k.strip_prefix("incident:")?.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    let Some(theme) = hub.store().theme(theme_id).await? else {
        return Ok(None);
    };
    let (targets, unreachable) = targets(hub, case).await?;
    Ok(Some(Incident {
        theme_id,
        suggested_reply: suggested_reply(hub, &theme),
        answerable: targets.len(),
        unreachable,
    }))
}
