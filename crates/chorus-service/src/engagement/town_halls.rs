//! Town halls (AMAs): staff schedule a time when customers meet the company; members ask
//! and vote questions before and during it; hosts answer live; afterwards the event is an
//! archive of questions with official answers, searchable and promotable to an article
//! (`flows::promote_town_hall`).
//!
//! Questions pass the same moderation gate as community posts: abuse and spam are held for a
//! moderator, block filters refuse. Moderators (and hosts) see held and hidden questions on
//! the event page, merge duplicates (their votes follow) and hide abuse. Shown questions are
//! search documents (`event_question`) with their answers, so the archive is found by the
//! hub's search like topics and articles. Every change bumps
//! the event's version, which live pages poll through server-sent events, so a page open on
//! any instance updates without reload; without JavaScript a refresh shows the same.
//! Followers get a reminder e-mail before the start and can add the event to their calendar
//! (an ICS file).

mod calendar;
pub use calendar::ics;
mod reminder;
pub use reminder::{Remind, RemindFor};

use chorus_core::moderation::{Verdict, Visibility};
use chorus_core::views::engagement::{TownHall, TownHallQuestion};
use chorus_core::{Action, Timestamp, User, UserId};
use chorus_i18n::Text;
use chorus_store::engagement::town_halls::NewTownHall;

use crate::jobs::Prepared;
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// The longest question, in characters.
pub const MAX_QUESTION: usize = 1000;

/// What staff fill in to schedule a town hall.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TownHallInput {
    /// Title (3–150 characters).
    pub title: String,
    /// What it is about (Markdown, optional).
    pub description: String,
    /// The product it is about (optional).
    pub product: String,
    /// Start: RFC 3339, or `YYYY-MM-DDTHH:MM` in UTC (a form's local date-time field).
    pub starts_at: String,
    /// End, the same way.
    pub ends_at: String,
    /// Host user ids (staff); empty: the one scheduling it.
    pub hosts: Vec<i64>,
}

/// A town hall page: the event, its questions and what the viewer may do.
#[derive(Debug, Clone, PartialEq)]
pub struct TownHallPage {
    /// The event.
    pub event: TownHall,
    /// Host names.
    pub hosts: Vec<String>,
    /// Questions: visible ones for everyone, held and hidden too for hosts and moderators;
    /// duplicates merged into another are left out.
    pub questions: Vec<TownHallQuestion>,
    /// The questions the viewer voted for.
    pub voted: Vec<i64>,
    /// Whether the viewer follows it.
    pub following: bool,
    /// Whether the viewer may answer (a host, or a manager).
    pub can_answer: bool,
    /// Whether the viewer may merge, hide and approve questions.
    pub can_moderate: bool,
    /// `upcoming`, `live` or `ended`.
    pub phase: &'static str,
}

fn parse_time(value: &str) -> std::result::Result<Timestamp, Text> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Text::new("err-engage-event-no-time"));
    }
    if let Some(t) = Timestamp::parse_rfc3339(v) {
        return Ok(t);
    }
    // `<input type="datetime-local">` sends `2026-12-10T15:00` (seconds optional): UTC here.
    let with_seconds = if v.len() == 16 {
        format!("{v}:00Z")
    } else {
        format!("{v}Z")
    };
    Timestamp::parse_rfc3339(&with_seconds)
        .ok_or_else(|| Text::new("err-engage-event-bad-time").arg("value", format!("{v:?}")))
}

/// When a town hall is in its life.
pub fn phase(e: &TownHall, now: Timestamp) -> &'static str {
    if now.0 < e.starts_at {
        "upcoming"
    } else if now.0 < e.ends_at {
        "live"
    } else {
        "ended"
    }
}

/// Schedules a town hall (managers); followers of it will be reminded before it starts.
pub async fn schedule(hub: &Hub, actor: &User, input: &TownHallInput) -> Result<TownHall> {
    require(actor, Action::HostEvents)?;
    let mut errors = chorus_core::FieldErrors::new();
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if !(3..=150).contains(&title.chars().count()) {
        errors.add("title", Text::new("err-engage-event-title"));
    }
    let description = input.description.trim();
    if let Err(e) = chorus_markdown::check(description) {
        errors.add("description", chorus_core::validate::markdown_limit(&e));
    } else if description.chars().count() > 10_000 {
        errors.add(
            "description",
            Text::new("err-engage-too-long").arg("max", 10_000),
        );
    }
    let product = input.product.trim().to_lowercase();
    if product.chars().count() > 40 {
        errors.add("product", Text::new("err-engage-too-long").arg("max", 40));
    }
    let starts = parse_time(&input.starts_at);
    let ends = parse_time(&input.ends_at);
    match (&starts, &ends) {
        (Ok(s), Ok(e)) if e.0 <= s.0 => {
            errors.add("ends_at", Text::new("err-engage-event-order"));
        }
        (Ok(s), Ok(e)) if e.0 - s.0 > 7 * Timestamp::DAY => {
            errors.add("ends_at", Text::new("err-engage-event-too-long"));
        }
        _ => {}
    }
    if let Err(e) = &starts {
        errors.add("starts_at", e.clone());
    }
    if let Err(e) = &ends {
        errors.add("ends_at", e.clone());
    }
    let store = hub.store();
    let mut hosts = input.hosts.clone();
    if hosts.is_empty() {
        hosts.push(actor.id.0);
    }
    hosts.sort_unstable();
    hosts.dedup();
    if hosts.len() > 10 {
        errors.add("hosts", Text::new("err-engage-event-hosts-max"));
    }
    let staff: Vec<i64> = store
        .staff_users()
        .await?
        .into_iter()
        .map(|(id, ..)| id)
        .collect();
    if let Some(h) = hosts.iter().find(|h| !staff.contains(h)) {
        // An id, not a count: digits only.
        errors.add(
            "hosts",
            Text::new("err-engage-event-host-not-staff").arg("id", h.to_string()),
        );
    }
    errors.into_result()?;
    let (Ok(starts), Ok(ends)) = (starts, ends) else {
        return Err(ServiceError::field(
            "starts_at",
            Text::new("err-engage-event-no-time"),
        ));
    };
    let hosts_text = hosts
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    let now = hub.now();
    let id = store
        .insert_town_hall(
            &NewTownHall {
                title: &title,
                description,
                product: &product,
                hosts: &hosts_text,
                starts_at: starts.0,
                ends_at: ends.0,
                created_by: actor.id.0,
            },
            now,
        )
        .await?;
    let minutes = i64::from(hub.config().engagement.reminder_minutes);
    if minutes > 0 {
        let at = Timestamp(starts.0 - minutes * Timestamp::MINUTE);
        let job = Prepared::new::<Remind>(
            hub,
            &RemindFor { event_id: id },
            Some(format!("town-hall-reminder:{id}")),
        )?;
        store
            .enqueue_job(&job.as_new(if at.0 > now.0 { at } else { now }), now)
            .await?;
    }
    store
        .town_hall(id)
        .await?
        .ok_or(ServiceError::NotFound("town hall"))
}

/// Town halls: those not over yet, soonest first, then the archive; `query` searches
/// titles, descriptions, products, questions and answers.
pub async fn list(hub: &Hub, query: &str) -> Result<Vec<TownHall>> {
    if query.chars().count() > 200 {
        return Err(ServiceError::field(
            "q",
            Text::new("err-engage-too-long").arg("max", 200),
        ));
    }
    Ok(hub.store().town_halls(hub.now(), query, 200).await?)
}

/// A town hall.
pub async fn event(hub: &Hub, id: i64) -> Result<TownHall> {
    hub.store()
        .town_hall(id)
        .await?
        .ok_or(ServiceError::NotFound("town hall"))
}

/// The version of a town hall (see the module docs): live pages compare it.
pub async fn version(hub: &Hub, id: i64) -> Result<i64> {
    hub.store()
        .town_hall_version(id)
        .await?
        .ok_or(ServiceError::NotFound("town hall"))
}

fn may_answer(e: &TownHall, viewer: &User) -> bool {
    (viewer.is_staff() && e.host_ids().contains(&viewer.id.0))
        || chorus_core::allowed(viewer.role, Action::HostEvents)
}

fn may_moderate(e: &TownHall, viewer: &User) -> bool {
    may_answer(e, viewer) || chorus_core::allowed(viewer.role, Action::Moderate)
}

/// A town hall with its questions, as `viewer` (or a visitor) may see it.
pub async fn page(hub: &Hub, viewer: Option<&User>, id: i64) -> Result<TownHallPage> {
    let store = hub.store();
    let e = event(hub, id).await?;
    let can_answer = viewer.is_some_and(|v| may_answer(&e, v));
    let can_moderate = viewer.is_some_and(|v| may_moderate(&e, v));
    let questions: Vec<TownHallQuestion> = store
        .town_hall_questions(id, viewer.is_some())
        .await?
        .into_iter()
        .filter(|q| q.merged_into.is_none())
        // A member sees their own held question (marked as waiting for review).
        .filter(|q| {
            q.visibility == Visibility::Visible
                || can_moderate
                || (q.visibility == Visibility::Held
                    && viewer.is_some_and(|v| v.id.0 == q.author_id))
        })
        .collect();
    let (voted, following) = match viewer {
        Some(v) => (
            store.town_hall_votes_of(id, v.id.0).await?,
            store.follows_town_hall(id, v.id.0).await?,
        ),
        None => (Vec::new(), false),
    };
    let mut hosts = Vec::new();
    for h in e.host_ids() {
        if let Some(u) = store.user_by_id(UserId(h)).await? {
            hosts.push(u.name);
        }
    }
    let phase = phase(&e, hub.now());
    Ok(TownHallPage {
        event: e,
        hosts,
        questions,
        voted,
        following,
        can_answer,
        can_moderate,
        phase,
    })
}

/// Asks a question (members, until the event ends). It passes the moderation gate: abuse
/// and spam are held for review, a block filter refuses it. Returns the question.
pub async fn ask(hub: &Hub, actor: &User, event_id: i64, text: &str) -> Result<TownHallQuestion> {
    let e = event(hub, event_id).await?;
    if hub.now().0 >= e.ends_at {
        return Err(ServiceError::Conflict(Text::new(
            "err-engage-event-ended-archive",
        )));
    }
    let text = text.trim();
    if text.chars().count() < 5 {
        return Err(ServiceError::field(
            "text",
            Text::new("err-engage-event-question-short"),
        ));
    }
    if text.chars().count() > MAX_QUESTION {
        return Err(ServiceError::field(
            "text",
            // Written `1000` since the API began; a string keeps it ungrouped.
            Text::new("err-engage-too-long").arg("max", MAX_QUESTION.to_string()),
        ));
    }
    let screened = crate::gate::screen(hub, actor, None, text, false, true).await?;
    let (visibility, held) = match screened.verdict {
        Verdict::Block => {
            return Err(ServiceError::field(
                "text",
                Text::new("err-engage-event-blocked"),
            ));
        }
        Verdict::Hold(reason) => (Visibility::Held, Some(reason.as_str())),
        Verdict::Publish { .. } => (Visibility::Visible, None),
    };
    let store = hub.store();
    let id = store
        .insert_town_hall_question(
            event_id,
            actor.id.0,
            &screened.body,
            visibility.as_str(),
            held,
            hub.now(),
        )
        .await?;
    // Asking follows the event, so the asker is reminded when it starts.
    store
        .follow_town_hall(event_id, actor.id.0, true, hub.now())
        .await?;
    reindex(hub, id).await;
    question(hub, id).await
}

/// Queues a question for the search index (its document follows its visibility and answer).
async fn reindex(hub: &Hub, question_id: i64) {
    crate::indexing::enqueue(hub, chorus_search::DocKind::EventQuestion, question_id).await;
}

/// The town hall a question was asked at.
pub async fn question_event(hub: &Hub, question_id: i64) -> Result<i64> {
    Ok(question(hub, question_id).await?.event_id)
}

async fn question(hub: &Hub, id: i64) -> Result<TownHallQuestion> {
    hub.store()
        .town_hall_question(id)
        .await?
        .ok_or(ServiceError::NotFound("question"))
}

/// Votes for a question or takes the vote back (members, one vote each).
pub async fn vote(hub: &Hub, actor: &User, question_id: i64, up: bool) -> Result<TownHallQuestion> {
    let q = question(hub, question_id).await?;
    if q.visibility != Visibility::Visible || q.merged_into.is_some() {
        return Err(ServiceError::NotFound("question"));
    }
    let e = event(hub, q.event_id).await?;
    if hub.now().0 >= e.ends_at {
        return Err(ServiceError::Conflict(Text::new("err-engage-event-ended")));
    }
    hub.store()
        .vote_town_hall_question(question_id, actor.id.0, up, hub.now())
        .await?;
    question(hub, question_id).await
}

/// Answers a question (hosts and managers), replacing an earlier answer.
pub async fn answer(
    hub: &Hub,
    actor: &User,
    question_id: i64,
    body: &str,
) -> Result<TownHallQuestion> {
    let q = question(hub, question_id).await?;
    let e = event(hub, q.event_id).await?;
    if !may_answer(&e, actor) {
        return Err(ServiceError::Forbidden);
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(ServiceError::field(
            "body",
            Text::new("err-engage-event-answer-empty"),
        ));
    }
    if let Err(err) = chorus_markdown::check(body) {
        return Err(ServiceError::field(
            "body",
            chorus_core::validate::markdown_limit(&err),
        ));
    }
    if body.chars().count() > 20_000 {
        return Err(ServiceError::field(
            "body",
            Text::new("err-engage-too-long").arg("max", 20_000),
        ));
    }
    if !hub
        .store()
        .answer_town_hall_question(question_id, body, actor.id.0, hub.now())
        .await?
    {
        return Err(ServiceError::Conflict(Text::new("err-engage-event-merged")));
    }
    reindex(hub, question_id).await;
    question(hub, question_id).await
}

/// Merges a duplicate into another question of the same town hall (hosts and moderators).
pub async fn merge(hub: &Hub, actor: &User, from: i64, into: i64) -> Result<TownHallQuestion> {
    let q = question(hub, from).await?;
    let e = event(hub, q.event_id).await?;
    if !may_moderate(&e, actor) {
        return Err(ServiceError::Forbidden);
    }
    if !hub
        .store()
        .merge_town_hall_question(from, into, hub.now())
        .await?
    {
        return Err(ServiceError::field(
            "into",
            Text::new("err-engage-event-merge-into"),
        ));
    }
    reindex(hub, from).await;
    question(hub, into).await
}

/// Shows, holds or hides a question (hosts and moderators).
pub async fn set_visibility(
    hub: &Hub,
    actor: &User,
    question_id: i64,
    visibility: &str,
) -> Result<TownHallQuestion> {
    let q = question(hub, question_id).await?;
    let e = event(hub, q.event_id).await?;
    if !may_moderate(&e, actor) {
        return Err(ServiceError::Forbidden);
    }
    let visibility = match visibility.trim().parse::<Visibility>() {
        Ok(v @ (Visibility::Visible | Visibility::Hidden)) => v,
        _ => {
            return Err(ServiceError::field(
                "visibility",
                Text::new("err-engage-event-visibility")
                    .arg("value", format!("{:?}", visibility.trim())),
            ));
        }
    };
    hub.store()
        .set_town_hall_question_visibility(question_id, visibility.as_str(), hub.now())
        .await?;
    reindex(hub, question_id).await;
    question(hub, question_id).await
}

/// Follows or unfollows a town hall (its reminder e-mail).
pub async fn follow(hub: &Hub, actor: &User, event_id: i64, on: bool) -> Result<()> {
    event(hub, event_id).await?;
    hub.store()
        .follow_town_hall(event_id, actor.id.0, on, hub.now())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_times_are_utc_and_rfc3339_is_taken_as_is() {
        let a = parse_time("2026-12-10T15:00").unwrap();
        let b = parse_time("2026-12-10T15:00:00Z").unwrap();
        let c = parse_time("2026-12-10T16:00:00+01:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert!(parse_time("next tuesday").is_err());
        assert!(parse_time("").is_err());
    }
}
