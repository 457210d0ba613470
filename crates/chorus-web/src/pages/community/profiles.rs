//! Member profiles: their topics and replies, and for staff their moderation record.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::{Timestamp, UserId};
use chorus_i18n::{Arg, Tr};
use chorus_service::community;
use chorus_service::moderation::{History, Judgement};

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
    when: Timestamp,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    l: Layout,
    name: String,
    role_label: String,
    staff: bool,
    joined: Timestamp,
    counts: (i64, i64, i64),
    topics: Vec<TopicRow>,
    replies: Vec<ProfileReply>,
    accepted: Vec<ProfileReply>,
    id: i64,
    /// Staff see the member's record: constructive vs abusive posts over time.
    record: Option<History>,
    /// The record's judgement in one line, in the reader's language.
    record_summary: String,
    /// The member's trust level, named in the reader's language.
    trust_label: String,
    /// Until when the member is silenced, written out.
    silenced_until: Option<String>,
    /// The record as a chart: abusive posts per month against all posts.
    record_chart: String,
    /// Moderators may set the trust level and lift a silence.
    can_moderate: bool,
    levels: Vec<(&'static str, String)>,
}

/// A trust level's name in the reader's language.
fn trust_name(tr: Tr, level: chorus_core::TrustLevel) -> String {
    tr.t(&format!("account-trust-{}", level.as_str()))
}

/// The record's judgement (`History::judgement`) in the reader's language.
fn summarize_record(tr: Tr, r: &History) -> String {
    let args = [
        ("abusive", Arg::from(r.abusive)),
        ("total", Arg::from(r.total())),
        ("share", Arg::from(r.abusive_share())),
        ("upheld", Arg::from(r.upheld)),
    ];
    match r.judgement() {
        Judgement::NoPosts => tr.t("account-record-none"),
        Judgement::Clean => tr.n("account-record-constructive", r.constructive),
        Judgement::TooFew => tr.args("account-record-few", &args[..2]),
        Judgement::MostlyConstructive => tr.args("account-record-mostly", &args[..3]),
        Judgement::Pattern => tr.args("account-record-often", &args),
    }
}

pub(super) async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let p = community::profile(&state.hub, UserId(id)).await?;
    let now = state.hub.now();
    let tr = ctx.l.tr;
    let reply = |r: &chorus_core::views::community::ReplyInTopic| ProfileReply {
        topic_id: r.reply.topic_id.0,
        reply_id: r.reply.id.0,
        topic_title: r.topic_title.clone(),
        excerpt: excerpt(&r.reply.body, 140),
        accepted: r.accepted,
        official: r.reply.official,
        when: r.reply.created_at,
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
        crate::pages::charts::bars(&abusive, 240, 48, &tr.t("account-profile-chart"), &[])
    });
    let record_summary = record
        .as_ref()
        .map_or_else(String::new, |r| summarize_record(tr, r));
    let trust_label = record
        .as_ref()
        .map_or_else(String::new, |r| trust_name(tr, r.trust));
    let silenced_until = record
        .as_ref()
        .and_then(|r| r.silenced_until.as_deref())
        .map(|u| Timestamp::parse_rfc3339(u).map_or_else(|| u.to_owned(), |t| tr.datetime(t.0)));
    Ok(render(
        StatusCode::OK,
        &ProfilePage {
            id,
            record,
            record_summary,
            trust_label,
            silenced_until,
            record_chart,
            can_moderate: viewer.is_some_and(|v| {
                chorus_core::allowed(v.role, chorus_core::permission::Action::Moderate)
            }),
            levels: chorus_core::moderation::TrustLevel::ALL
                .iter()
                .map(|t| (t.as_str(), trust_name(tr, *t)))
                .collect(),
            l: ctx.l,
            name: p.user.name.clone(),
            role_label: tr.t(&format!("role-{}", p.user.role.as_str())),
            staff: p.user.is_staff(),
            joined: p.user.created_at,
            counts: p.counts,
            topics: p.topics.iter().map(|t| TopicRow::of(t, now)).collect(),
            replies: p.replies.iter().map(reply).collect(),
            accepted: p.accepted.iter().map(reply).collect(),
        },
    ))
}
