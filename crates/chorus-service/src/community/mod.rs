//! The self-service community: topics, replies, accepted answers, me-too, votes, follows and
//! idea statuses. Every function checks its rules here, so pages and API behave the same.

pub mod embed;
pub mod hooks;
pub mod notify;
pub(crate) mod outbound;

mod reactions;
pub use reactions::{
    Reaction, accept, follow, me_too, set_status, un_me_too, unaccept, unvote, vote, vote_count,
};

mod replies;
use replies::screen_edit;
pub use replies::{
    delete_reply, edit_reply, is_accepted, post_reply, reply, reply_history, reply_topic,
};

use chorus_core::community::{self as rules, UnknownName};
use chorus_core::validate::FieldErrors;
use chorus_core::{IdeaStatus, ReplyId, Timestamp, TopicId, TopicKind, TopicSort, User, UserId};
use chorus_i18n::Text;
use chorus_store::community::PostModeration;
use chorus_store::community::{
    Cursor, NewTopic, Reply, ReplyInTopic, Revision, StatusChange, StatusUpdate, Topic,
    TopicFilter, ViewerState, VoteTarget,
};

use crate::gate::{Compose, Posted};
use crate::{Hub, Result, ServiceError};
use chorus_core::moderation::Visibility;
use chorus_store::moderation::PostRef;

/// What someone submits to start a topic.
#[derive(Debug, Clone, Default)]
pub struct TopicInput {
    /// `question`, `problem`, `idea` or `praise`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags as typed.
    pub tags: Vec<String>,
    /// Optional product or category.
    pub category: Option<String>,
    /// API (held posts are created) or compose form (nudged first).
    pub compose: Compose,
}

/// Changes to a topic; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct TopicEdit {
    /// New title.
    pub title: Option<String>,
    /// New body.
    pub body: Option<String>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New category (`Some("")` clears it).
    pub category: Option<String>,
}

/// A topic page: the topic, its replies, its idea history and what the viewer did.
#[derive(Debug, Clone)]
pub struct TopicPage {
    /// The topic.
    pub topic: Topic,
    /// The accepted reply, shown right under the topic.
    pub accepted: Option<Reply>,
    /// Every other live reply, in order (staff also see deleted ones, marked).
    pub replies: Vec<Reply>,
    /// Idea status changes, oldest first.
    pub status_history: Vec<StatusChange>,
    /// What the signed-in viewer did here.
    pub viewer: Option<ViewerState>,
    /// The title of the topic this one duplicates.
    pub duplicate_title: Option<String>,
}

/// A page of a listing and the cursor of the next one.
#[derive(Debug, Clone)]
pub struct TopicList {
    /// Topics on this page.
    pub topics: Vec<Topic>,
    /// Pass as `after` to get the next page; `None` on the last page.
    pub next: Option<String>,
}

/// What a listing shows.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Kind filter, by name.
    pub kind: Option<String>,
    /// Idea status filter, by name.
    pub status: Option<String>,
    /// Tag filter.
    pub tag: Option<String>,
    /// `latest`, `top` or `unanswered`.
    pub sort: Option<String>,
    /// Cursor from the previous page.
    pub after: Option<String>,
    /// Page size (1–100, default 30).
    pub limit: Option<i64>,
}

/// A member's public profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The member.
    pub user: User,
    /// Live topics, replies and accepted answers written.
    pub counts: (i64, i64, i64),
    /// Newest topics.
    pub topics: Vec<Topic>,
    /// Newest replies.
    pub replies: Vec<ReplyInTopic>,
    /// Accepted answers.
    pub accepted: Vec<ReplyInTopic>,
}

fn parse<T: std::str::FromStr<Err = UnknownName>>(
    field: &str,
    value: &str,
    errors: &mut FieldErrors,
) -> Option<T> {
    match value.trim().parse::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            errors.add(field, e.text());
            None
        }
    }
}

fn clean_category(c: Option<&str>) -> Option<String> {
    c.map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
}

async fn live_topic(hub: &Hub, id: TopicId) -> Result<Topic> {
    match hub.store().topic(id).await? {
        Some(t) if t.deleted_at.is_none() => Ok(t),
        _ => Err(ServiceError::NotFound("topic")),
    }
}

async fn live_reply(hub: &Hub, id: ReplyId) -> Result<Reply> {
    match hub.store().reply(id).await? {
        Some(r) if r.deleted_at.is_none() => Ok(r),
        _ => Err(ServiceError::NotFound("reply")),
    }
}

/// Starts a topic. Ideas start `open`; the author follows their topic.
pub async fn create_topic(hub: &Hub, actor: &User, input: &TopicInput) -> Result<Topic> {
    Ok(post_topic(hub, actor, input).await?.post)
}

/// Starts a topic through the moderation gate: abuse, spam and held words are held for
/// review (in the compose form, after a nudge); a strongly negative, civil complaint is
/// published and gets a case at once.
pub async fn post_topic(hub: &Hub, actor: &User, input: &TopicInput) -> Result<Posted<Topic>> {
    let mut errors = FieldErrors::new();
    let kind: Option<TopicKind> = parse("kind", &input.kind, &mut errors);
    rules::check_title(&input.title, &mut errors);
    rules::check_body(&input.body, &mut errors);
    let tags = rules::normalize_tags(&input.tags, &mut errors);
    let category = clean_category(input.category.as_deref());
    if let Some(c) = &category {
        rules::check_category(c, &mut errors);
    }
    errors.into_result()?;
    let kind = kind.ok_or_else(|| ServiceError::field("kind", Text::new("err-com-choose-kind")))?;
    let (title, body) = (input.title.trim(), input.body.trim());
    let screened = crate::gate::screen(
        hub,
        actor,
        Some(title),
        body,
        kind == TopicKind::Problem,
        true,
    )
    .await?;
    crate::gate::check_compose(&screened, &input.compose, Some(title), body)?;
    let title = screened.title.as_deref().unwrap_or(title);
    let body = screened.body.as_str();
    let html = crate::cpu::render_markdown(body).await?;
    let id = hub
        .store()
        .insert_topic(
            &NewTopic {
                kind,
                title,
                body,
                body_html: &html,
                author: actor.id,
                category: category.as_deref(),
                tags: &tags,
                moderation: screened.moderation,
            },
            hub.now(),
        )
        .await?;
    let created = chorus_bus::Post::Topic(id.0);
    crate::events::publish(hub, &chorus_bus::DomainEvent::PostCreated { post: created }).await?;
    index_topic(hub, id, false).await?;
    metrics::counter!("chorus_topics_created_total", "kind" => kind.as_str()).increment(1);
    let case_id = crate::gate::after_post(hub, actor, PostRef::Topic(id.0), id, &screened).await?;
    let topic = hub
        .store()
        .topic(id)
        .await?
        .ok_or(ServiceError::NotFound("topic"))?;
    Ok(Posted {
        held: topic
            .moderation
            .held_reason
            .filter(|_| !topic.moderation.is_visible()),
        post: topic,
        case_id,
        flagged: matches!(
            screened.verdict,
            chorus_core::moderation::Verdict::Publish { flag: true, .. }
        ),
    })
}

/// A topic with its replies. Deleted topics exist only for staff.
pub async fn topic_page(hub: &Hub, viewer: Option<&User>, id: TopicId) -> Result<TopicPage> {
    let staff = viewer.is_some_and(User::is_staff);
    // Held and hidden topics exist only for their author and staff.
    let topic = match hub.store().topic(id).await? {
        Some(t)
            if (t.deleted_at.is_none() || staff)
                && crate::visibility::may_see_live(viewer, t.author.id, &t.moderation) =>
        {
            t
        }
        _ => return Err(ServiceError::NotFound("topic")),
    };
    let all = hub.store().replies(id, None, 1000).await?;
    let mut accepted = None;
    let mut replies = Vec::with_capacity(all.len());
    for r in all {
        if !crate::visibility::may_see_live(viewer, r.author.id, &r.moderation) {
            continue;
        }
        if Some(r.id) == topic.accepted_reply_id && r.deleted_at.is_none() {
            accepted = Some(r);
        } else if r.deleted_at.is_none() || staff {
            replies.push(r);
        }
    }
    let status_history = if topic.kind == TopicKind::Idea {
        hub.store().status_history(id).await?
    } else {
        Vec::new()
    };
    let viewer_state = match viewer {
        Some(u) => Some(hub.store().viewer_state(u.id, id).await?),
        None => None,
    };
    let duplicate_title = match topic.duplicate_of {
        Some(d) => hub.store().topic(d).await?.map(|t| t.title),
        None => None,
    };
    Ok(TopicPage {
        topic,
        accepted,
        replies,
        status_history,
        viewer: viewer_state,
        duplicate_title,
    })
}

/// Edits a topic (its author or staff); the previous version is kept and shown in the history.
pub async fn edit_topic(hub: &Hub, actor: &User, id: TopicId, edit: &TopicEdit) -> Result<Topic> {
    let topic = live_topic(hub, id).await?;
    if !rules::can_modify_post(actor, topic.author.id) {
        return Err(ServiceError::Forbidden);
    }
    let title = edit
        .title
        .as_deref()
        .unwrap_or(&topic.title)
        .trim()
        .to_owned();
    let body = edit
        .body
        .as_deref()
        .unwrap_or(&topic.body)
        .trim()
        .to_owned();
    let mut errors = FieldErrors::new();
    rules::check_title(&title, &mut errors);
    rules::check_body(&body, &mut errors);
    let tags = match &edit.tags {
        Some(t) => rules::normalize_tags(t, &mut errors),
        None => topic.tags.clone(),
    };
    let category = match &edit.category {
        Some(c) => clean_category(Some(c)),
        None => topic.category.clone(),
    };
    if let Some(c) = &category {
        rules::check_category(c, &mut errors);
    }
    errors.into_result()?;
    if title == topic.title
        && body == topic.body
        && tags == topic.tags
        && category == topic.category
    {
        return Ok(topic);
    }
    let (screened_title, body) =
        screen_edit(hub, actor, PostRef::Topic(id.0), id, Some(&title), &body).await?;
    let title = screened_title.unwrap_or(title);
    let html = crate::cpu::render_markdown(&body).await?;
    hub.store()
        .update_topic(
            id,
            &title,
            &body,
            &html,
            &tags,
            category.as_deref(),
            actor.id,
            hub.now(),
        )
        .await?;
    // Replies carry the topic's title and tags in the index.
    let retitled = title != topic.title || tags != topic.tags;
    index_topic(hub, id, retitled).await?;
    live_topic(hub, id).await
}

/// Queues a topic (and, when its title or tags changed or it was deleted, its replies) for
/// the search index.
async fn index_topic(hub: &Hub, id: TopicId, with_replies: bool) -> Result<()> {
    crate::indexing::enqueue(hub, chorus_search::DocKind::Topic, id.0).await;
    if with_replies {
        for r in hub.store().search_reply_ids(id.0).await? {
            crate::indexing::enqueue(hub, chorus_search::DocKind::Reply, r).await;
        }
    }
    Ok(())
}

/// Soft-deletes a topic (its author or staff).
pub async fn delete_topic(hub: &Hub, actor: &User, id: TopicId) -> Result<()> {
    let topic = live_topic(hub, id).await?;
    if !rules::can_modify_post(actor, topic.author.id) {
        return Err(ServiceError::Forbidden);
    }
    hub.store().delete_topic(id, actor.id, hub.now()).await?;
    index_topic(hub, id, true).await?;
    if actor.id != topic.author.id {
        hub.store()
            .audit(
                Some(actor.id),
                "topic.deleted",
                ("topic", Some(id.0)),
                &topic.title,
                hub.now(),
            )
            .await?;
    }
    Ok(())
}

/// Earlier versions of a topic (visible to everyone who can see the topic).
pub async fn topic_history(
    hub: &Hub,
    viewer: Option<&User>,
    id: TopicId,
) -> Result<(Topic, Vec<Revision>)> {
    let page = topic_page(hub, viewer, id).await?;
    let revisions = hub.store().revisions("topic", id.0).await?;
    Ok((page.topic, revisions))
}

/// A page of a listing.
pub async fn list_topics(hub: &Hub, q: &ListQuery) -> Result<TopicList> {
    let mut errors = FieldErrors::new();
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let kind = nonempty(&q.kind).and_then(|k| parse::<TopicKind>("kind", &k, &mut errors));
    let status = nonempty(&q.status).and_then(|s| parse::<IdeaStatus>("status", &s, &mut errors));
    let sort = nonempty(&q.sort)
        .and_then(|s| parse::<TopicSort>("sort", &s, &mut errors))
        .unwrap_or_default();
    let after = match nonempty(&q.after) {
        Some(a) => match parse_cursor(&a) {
            Some(c) => Some(c),
            None => {
                errors.add("after", Text::new("err-com-bad-cursor"));
                None
            }
        },
        None => None,
    };
    let limit = crate::error::check_limit(&mut errors, q.limit, 30, 100);
    errors.into_result()?;
    let tag = nonempty(&q.tag).map(|t| t.trim_start_matches('#').to_lowercase());
    let filter = TopicFilter {
        kind,
        status,
        tag,
        author: None,
    };
    let topics = hub.store().list_topics(&filter, sort, after, limit).await?;
    let next = (topics.len() as i64 == limit)
        .then(|| {
            topics
                .last()
                .map(|t| format_cursor(chorus_store::Store::cursor_after(t, sort)))
        })
        .flatten();
    Ok(TopicList { topics, next })
}

fn format_cursor(c: Cursor) -> String {
    format!("{}.{}", c.key, c.id)
}

fn parse_cursor(s: &str) -> Option<Cursor> {
    let (key, id) = s.split_once('.')?;
    Some(Cursor {
        key: key.parse().ok()?,
        id: id.parse().ok()?,
    })
}

/// A member's public profile: their topics, replies and accepted answers.
pub async fn profile(hub: &Hub, id: UserId) -> Result<Profile> {
    let user = hub
        .store()
        .user_by_id(id)
        .await?
        .ok_or(ServiceError::NotFound("member"))?;
    let counts = hub.store().contribution_counts(id).await?;
    let filter = TopicFilter {
        author: Some(id),
        ..TopicFilter::default()
    };
    let topics = hub
        .store()
        .list_topics(&filter, TopicSort::Latest, None, 20)
        .await?;
    let replies = hub.store().replies_by(id, false, 20).await?;
    let accepted = hub.store().replies_by(id, true, 20).await?;
    Ok(Profile {
        user,
        counts,
        topics,
        replies,
        accepted,
    })
}

/// Tags in use, most used first.
pub async fn popular_tags(hub: &Hub, limit: i64) -> Result<Vec<(String, i64)>> {
    Ok(hub.store().popular_tags(limit).await?)
}

/// The role-independent display of a timestamp relative to `now` ("3 h ago").
pub fn ago(now: Timestamp, then: Timestamp) -> String {
    let s = (now.0 - then.0).max(0) / 1000;
    match s {
        0..=59 => "just now".to_owned(),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        86_400..=2_591_999 => format!("{} d ago", s / 86_400),
        _ => then.date(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let c = Cursor {
            key: 1_800_000_000_000,
            id: 42,
        };
        assert_eq!(parse_cursor(&format_cursor(c)), Some(c));
        assert_eq!(parse_cursor("nope"), None);
        assert_eq!(parse_cursor("1.x"), None);
        assert_eq!(parse_cursor("-5.3"), Some(Cursor { key: -5, id: 3 }));
    }

    #[test]
    fn relative_times() {
        let now = Timestamp(10 * Timestamp::DAY);
        assert_eq!(ago(now, now), "just now");
        assert_eq!(ago(now, now.plus(-5 * Timestamp::MINUTE)), "5 min ago");
        assert_eq!(ago(now, now.plus(-3 * Timestamp::HOUR)), "3 h ago");
        assert_eq!(ago(now, now.plus(-2 * Timestamp::DAY)), "2 d ago");
        assert_eq!(
            ago(Timestamp(100 * Timestamp::DAY), Timestamp(0)),
            "1970-01-01"
        );
    }
}
