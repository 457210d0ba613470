//! Member profiles: their topics and replies, and for staff their moderation record.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::UserId;
use chorus_service::community;

use super::{TopicRow, excerpt};
use crate::error::PageError;
use crate::pages::{Ctx, Layout, render};
use crate::state::AppState;

struct ProfileReply {
    topic_id: i64,
    reply_id: i64,
    topic_title: String,
    excerpt: String,
    accepted: bool,
    official: bool,
    when: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    l: Layout,
    name: String,
    role_label: &'static str,
    staff: bool,
    joined: String,
    counts: (i64, i64, i64),
    topics: Vec<TopicRow>,
    replies: Vec<ProfileReply>,
    accepted: Vec<ProfileReply>,
    id: i64,
    /// Staff see the member's record: constructive vs abusive posts over time.
    record: Option<chorus_service::moderation::History>,
    /// The record as a chart: abusive posts per month against all posts.
    record_chart: String,
    /// Moderators may set the trust level and lift a silence.
    can_moderate: bool,
    levels: Vec<(&'static str, &'static str)>,
}

pub(super) async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let p = community::profile(&state.hub, UserId(id)).await?;
    let now = state.hub.now();
    let reply = |r: &chorus_core::views::community::ReplyInTopic| ProfileReply {
        topic_id: r.reply.topic_id.0,
        reply_id: r.reply.id.0,
        topic_title: r.topic_title.clone(),
        excerpt: excerpt(&r.reply.body, 140),
        accepted: r.accepted,
        official: r.reply.official,
        when: community::ago(now, r.reply.created_at),
    };
    let viewer = ctx.user.as_ref();
    let record = match viewer
        .filter(|v| chorus_core::allowed(v.role, chorus_core::permission::Action::ViewModeration))
    {
        Some(v) => Some(chorus_service::moderation::history(&state.hub, v, UserId(id)).await?),
        None => None,
    };
    let record_chart = record.as_ref().map_or_else(String::new, |r| {
        let abusive: Vec<i64> = r.months.iter().map(|m| m.abusive).collect();
        crate::pages::charts::bars(&abusive, 240, 48, "Abusive posts per month", &[])
    });
    Ok(render(
        StatusCode::OK,
        &ProfilePage {
            id,
            record,
            record_chart,
            can_moderate: viewer.is_some_and(|v| {
                chorus_core::allowed(v.role, chorus_core::permission::Action::Moderate)
            }),
            levels: chorus_core::moderation::TrustLevel::ALL
                .iter()
                .map(|t| (t.as_str(), t.label()))
                .collect(),
            l: ctx.l,
            name: p.user.name.clone(),
            role_label: p.user.role.label(),
            staff: p.user.is_staff(),
            joined: p.user.created_at.date(),
            counts: p.counts,
            topics: p.topics.iter().map(|t| TopicRow::of(t, now)).collect(),
            replies: p.replies.iter().map(reply).collect(),
            accepted: p.accepted.iter().map(reply).collect(),
        },
    ))
}
