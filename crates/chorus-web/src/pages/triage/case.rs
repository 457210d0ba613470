//! The case page (conversation, customer history, timeline, composer with canned responses)
//! and what is done from it: claim, assign, state, priority, reply, note, escalate, link a
//! customer's handle; and opening a case from a mention.

use std::collections::HashSet;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::views::listening::Mention;
use chorus_core::{CaseState, Channel, Priority, Timestamp};
use chorus_i18n::{Arg, Tr};
use chorus_service::triage;
use serde::Deserialize;

use super::{CaseView, channel_label, named, priority_label, state_label};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, PageForm, flash_or, render};
use crate::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CaseParams {
    canned: Option<i64>,
}

/// A reply's delivery in words.
struct DeliveryView {
    /// `queued`, `retrying`, `sent` or `failed` (a CSS class).
    state: String,
    /// "delivery sent after 2 attempts".
    text: String,
    /// The last error, as the channel gave it.
    error: String,
}

/// A reply that went to several customers (an incident), in words: "to 3 customers:",
/// "2 sent", and those on the way and failed when there are any.
struct FanOutView {
    to: String,
    sent: String,
    waiting: Option<String>,
    failed: Option<String>,
}

struct EventView {
    /// The stored kind (a CSS class).
    kind: String,
    /// The kind named for the reader.
    kind_label: String,
    who: String,
    body: String,
    at: Timestamp,
    delivery: Option<DeliveryView>,
    fan_out: Option<FanOutView>,
    delivery_url: Option<String>,
}

/// A customer's message (in the conversation, or among their recent messages).
struct MessageView {
    id: i64,
    channel: String,
    author: String,
    followers: i64,
    /// The text, shortened for lists.
    text: String,
    full_text: String,
    at: Timestamp,
    /// `negative`, `neutral` or `positive` (a CSS class).
    sentiment: &'static str,
    sentiment_label: String,
    intent_label: String,
    service_related: bool,
    abusive: bool,
    /// The message the case started from.
    origin: bool,
}

impl MessageView {
    fn of(m: &Mention, origin: bool, tr: Tr) -> MessageView {
        let short: String = m.text.chars().take(400).collect();
        let text = if short.len() < m.text.len() {
            format!("{short}…")
        } else {
            short
        };
        MessageView {
            id: m.id,
            channel: channel_label(tr, m.channel.as_str()),
            author: m.author.clone(),
            followers: m.author_followers,
            text,
            full_text: m.text.clone(),
            at: Timestamp(m.created_at),
            sentiment: m.sentiment.as_str(),
            sentiment_label: tr.t(&format!("cases-sentiment-{}", m.sentiment.as_str())),
            intent_label: tr.t(&format!("cases-intent-{}", m.intent.as_str())),
            service_related: m.service_related,
            abusive: m.abusive,
            origin,
        }
    }
}

/// Why no reply can go out from a case, and where to answer instead.
struct NoReplyView {
    /// What stands in the way, as a sentence.
    why: String,
    /// What to do instead, as a sentence.
    instead: String,
    /// The customer's message on its own site, to answer it there ("Answer at the source").
    source: Option<String>,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    l: Layout,
    c: CaseView,
    /// The mention's thread in time order (`origin` marks the message the case started
    /// from).
    thread: Vec<MessageView>,
    topic: Option<(i64, String, String)>,
    topic_replies: Vec<(String, String, bool)>,
    /// The timeline, without the customer messages the conversation already shows.
    events: Vec<EventView>,
    /// The customer's handles: "Mastodon: dana@m.example".
    identities: Vec<String>,
    other_cases: Vec<CaseView>,
    history: Vec<MessageView>,
    /// Of the customer's recent messages, how many were abusive: a frustrated customer or a
    /// troll at a glance.
    history_abusive: usize,
    can_reply: bool,
    /// For an incident: customers a reply reaches, and those it cannot.
    reach: Option<(usize, usize)>,
    /// Why no reply can go out, when none can.
    no_reply: Option<NoReplyView>,
    /// A helpdesk to escalate to is configured (`triage.escalation_webhook_url` or
    /// `triage.escalation_email`); without one escalating is refused, so it is not offered.
    can_escalate: bool,
    canned: Vec<(i64, String)>,
    draft: String,
    chosen: Option<i64>,
    states: Vec<(&'static str, String)>,
    priorities: Vec<(&'static str, String)>,
    staff: Vec<(i64, String)>,
    channels: Vec<(&'static str, String)>,
    /// The satisfaction survey: its answer, or where it stands.
    csat: Option<String>,
}

/// A case's survey in words.
fn csat_text(s: &chorus_core::views::engagement::Csat, tr: Tr) -> String {
    match (s.score, s.sent_at) {
        (Some(score), _) => match s.comment.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => tr.args(
                "cases-csat-score-comment",
                &[
                    ("score", Arg::from(score.to_string())),
                    ("comment", Arg::from(c)),
                ],
            ),
            _ => tr.v("cases-csat-score", "score", &score),
        },
        (None, Some(_)) => tr.v("cases-csat-sent", "via", &channel_label(tr, &s.sent_via)),
        (None, None) => tr.t("cases-csat-sending"),
    }
}

/// A timeline entry's delivery in words.
fn delivery_text(tr: Tr, state: &str, attempts: i64) -> String {
    let text = tr.v("cases-delivery", "state", &state);
    if attempts > 0 {
        format!("{text} {}", tr.n("cases-delivery-attempts", attempts))
    } else {
        text
    }
}

/// Why nothing can be sent from a case that cannot reply, in the reader's language (the
/// service's reason is English and written for the API), and where to answer instead.
fn no_reply_view(hub: &chorus_service::Hub, d: &triage::CaseDetail, tr: Tr) -> NoReplyView {
    let instead = tr.t("cases-no-reply-instead");
    // The customer's own post, where they can be answered by hand.
    let source = d
        .mention
        .as_ref()
        .map(|m| m.url.as_str())
        .filter(|u| is_web_link(u))
        .or_else(|| Some(d.case.source_url.as_str()).filter(|u| is_web_link(u)))
        .map(str::to_owned);
    if let Some(i) = &d.incident {
        return NoReplyView {
            why: tr.n("cases-no-reply-incident", i.unreachable),
            instead: tr.t("cases-no-reply-incident-instead"),
            source: None,
        };
    }
    let why = match d.case.channel.channel() {
        None => tr.t("cases-no-reply-incident-one-by-one"),
        // Feeds, webhooks and imports are read, never written to.
        Some(ch) if !triage::channel_can_reply(hub, ch) => match ch {
            Channel::Feed | Channel::Webhook | Channel::Import => {
                tr.t(&format!("cases-no-reply-{}", ch.as_str()))
            }
            _ => tr.v(
                "cases-no-reply-channel",
                "channel",
                &channel_label(tr, ch.as_str()),
            ),
        },
        // A network message that came in without a connected account (the API, an import).
        Some(ch) => tr.v(
            "cases-no-reply-account",
            "channel",
            &channel_label(tr, ch.as_str()),
        ),
    };
    NoReplyView {
        why,
        instead,
        source,
    }
}

fn is_web_link(u: &str) -> bool {
    u.starts_with("https://") || u.starts_with("http://")
}

pub(super) async fn case_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<CaseParams>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let tr = ctx.l.tr;
    let d = triage::case_detail(hub, &user, id).await?;
    let canned = triage::canned_responses(hub, &user).await?;
    let csat = triage::csat::of_case(hub, &user, id)
        .await?
        .map(|s| csat_text(&s, tr));
    let now = hub.now();
    let warn = hub.config().triage.sla_warn_minutes as i64 * Timestamp::MINUTE;
    let draft = p
        .canned
        .and_then(|c| canned.iter().find(|r| r.id == c))
        .map(|r| r.body.clone())
        // An incident not yet answered starts from its suggested reply.
        .or_else(|| {
            d.incident
                .as_ref()
                .filter(|_| !d.events.iter().any(|e| e.kind == "reply"))
                .map(|i| i.suggested_reply.clone())
        })
        .unwrap_or_default();
    let from = d.case.state;
    let incident = d.incident.is_some();
    let customer = d
        .case
        .customer_name
        .clone()
        .unwrap_or_else(|| tr.t("cases-customer-unnamed"));
    let mut thread: Vec<MessageView> = d
        .context
        .iter()
        .map(|m| MessageView::of(m, false, tr))
        .chain(d.mention.iter().map(|m| MessageView::of(m, true, tr)))
        .collect();
    thread.sort_by_key(|m| (m.at, m.id));
    // The conversation above the timeline shows the customer's messages (the case's own
    // message and its thread, or the topic and its replies); the timeline leaves those out
    // so each message shows once. A topic's opening entry may have no mention yet.
    let shown: HashSet<i64> = thread.iter().map(|m| m.id).collect();
    let topic_shown = d.topic.is_some();
    let in_conversation = |e: &chorus_core::views::triage::CaseEvent| {
        e.kind == "customer"
            && match e.mention_id {
                Some(m) => shown.contains(&m),
                None => topic_shown,
            }
    };
    // A reply sent from this case to its topic is both a timeline entry (with its delivery)
    // and one of the topic's replies: the timeline keeps it, the topic's list leaves it out.
    let answered_here: HashSet<(&str, &str)> = d
        .events
        .iter()
        .filter(|e| e.kind == "reply")
        .filter_map(|e| Some((e.actor_name.as_deref()?, e.body.trim())))
        .collect();
    let no_reply = (!d.can_reply).then(|| no_reply_view(hub, &d, tr));
    let page = CasePage {
        csat,
        c: CaseView::of(&d.case, now, warn, tr),
        topic: d
            .topic
            .as_ref()
            .map(|(t, _)| (t.id.0, t.title.clone(), t.body_html.clone())),
        topic_replies: d
            .topic
            .as_ref()
            .map(|(_, rs)| {
                rs.iter()
                    .filter(|r| r.deleted_at.is_none())
                    .filter(|r| !answered_here.contains(&(r.author.name.as_str(), r.body.trim())))
                    .map(|r| (r.author.name.clone(), r.body_html.clone(), r.official))
                    .collect()
            })
            .unwrap_or_default(),
        events: d
            .events
            .iter()
            .filter(|e| !in_conversation(e))
            .map(|e| EventView {
                kind: e.kind.clone(),
                kind_label: named(tr, "cases-event-", &e.kind),
                who: match e.kind.as_str() {
                    // An incident's entries come from many people: name each.
                    "customer" if incident => {
                        e.mention_author.clone().unwrap_or_else(|| customer.clone())
                    }
                    "customer" => customer.clone(),
                    _ => e.actor_name.clone().unwrap_or_else(|| "Chorus".into()),
                },
                body: chorus_service::records::case_event(tr, &e.kind, &e.body),
                at: Timestamp(e.created_at),
                delivery: e.delivery_state.as_ref().map(|s| DeliveryView {
                    state: s.clone(),
                    text: delivery_text(tr, s, e.delivery_attempts.unwrap_or(0)),
                    error: e.delivery_error.clone().unwrap_or_default(),
                }),
                fan_out: e.delivery_count.filter(|n| *n > 1).map(|n| {
                    let sent = e.delivery_sent.unwrap_or(0);
                    let failed = e.delivery_failed.unwrap_or(0);
                    let waiting = n - sent - failed;
                    FanOutView {
                        to: tr.n("cases-fanout-to", n),
                        sent: tr.n("cases-fanout-sent", sent),
                        waiting: (waiting > 0).then(|| tr.n("cases-fanout-waiting", waiting)),
                        failed: (failed > 0).then(|| tr.n("cases-fanout-failed", failed)),
                    }
                }),
                delivery_url: e.delivery_url.clone().filter(|u| u.starts_with("http")),
            })
            .collect(),
        thread,
        identities: d
            .identities
            .iter()
            .map(|(ch, handle)| {
                tr.args(
                    "cases-identity",
                    &[
                        ("channel", Arg::from(channel_label(tr, ch))),
                        ("handle", Arg::from(handle.as_str())),
                    ],
                )
            })
            .collect(),
        other_cases: d
            .other_cases
            .iter()
            .map(|c| CaseView::of(c, now, warn, tr))
            .collect(),
        history: d
            .history
            .iter()
            .map(|m| MessageView::of(m, false, tr))
            .collect(),
        history_abusive: d.history.iter().filter(|m| m.abusive).count(),
        can_reply: d.can_reply && d.case.state != CaseState::Closed,
        reach: d.incident.as_ref().map(|i| (i.answerable, i.unreachable)),
        no_reply,
        can_escalate: triage::can_escalate(&state.hub),
        canned: canned.iter().map(|c| (c.id, c.title.clone())).collect(),
        draft,
        chosen: p.canned,
        states: CaseState::ALL
            .iter()
            .filter(|s| from.can_move_to(**s))
            .map(|s| (s.as_str(), state_label(tr, *s)))
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), priority_label(tr, *p)))
            .collect(),
        staff: triage::staff(hub, &user).await?,
        channels: Channel::ALL
            .iter()
            .map(|c| (c.as_str(), channel_label(tr, c.as_str())))
            .collect(),
        l: ctx.l,
    };
    Ok(render(StatusCode::OK, &page))
}

fn case_url(id: i64) -> String {
    format!("/cases/{id}")
}

pub(super) async fn claim(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::claim(&state.hub, &user, id)
        .await
        .map(|_| tr.t("cases-flash-claimed"));
    flash_or(tr, r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AssignForm {
    user_id: String,
}

pub(super) async fn assign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<AssignForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let to = f.user_id.trim().parse::<i64>().ok();
    let r = triage::assign(&state.hub, &user, id, to).await.map(|c| {
        c.assignee_name.map_or_else(
            || tr.t("cases-flash-unassigned"),
            |n| tr.v("cases-flash-assigned", "name", &n),
        )
    });
    flash_or(tr, r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StateForm {
    state: String,
}

pub(super) async fn set_state(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StateForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::set_state(&state.hub, &user, id, &f.state)
        .await
        .map(|c| tr.v("cases-flash-state", "state", &c.state.as_str()));
    flash_or(tr, r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PriorityForm {
    priority: String,
}

pub(super) async fn set_priority(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<PriorityForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::set_priority(&state.hub, &user, id, &f.priority)
        .await
        .map(|c| tr.v("cases-flash-priority", "priority", &c.priority.as_str()));
    flash_or(tr, r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct BodyForm {
    body: String,
    note: String,
}

pub(super) async fn reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BodyForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::reply(&state.hub, &user, id, &f.body)
        .await
        .map(|d| tr.n("cases-flash-reply-queued", d.len()));
    flash_or(tr, r, &case_url(id))
}

pub(super) async fn note(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BodyForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::add_note(&state.hub, &user, id, &f.body)
        .await
        .map(|n| {
            if n.is_empty() {
                tr.t("cases-flash-note-added")
            } else {
                tr.nv("cases-flash-note-notified", n.len(), "names", &n.join(", "))
            }
        });
    flash_or(tr, r, &case_url(id))
}

pub(super) async fn escalate(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BodyForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::escalate(&state.hub, &user, id, &f.note)
        .await
        .map(|c| {
            tr.v(
                "cases-flash-escalated",
                "to",
                &c.escalated_to.unwrap_or_default(),
            )
        });
    flash_or(tr, r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LinkForm {
    channel: String,
    handle: String,
}

pub(super) async fn link_identity(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<LinkForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let c = triage::case(&state.hub, &user, id).await?;
    let Some(customer) = c.customer_id else {
        return Ok(flash::redirect(
            &case_url(id),
            &tr.t("cases-flash-no-customer"),
        ));
    };
    let r = triage::link_identity(&state.hub, &user, customer, &f.channel, &f.handle)
        .await
        .map(|d| tr.n("cases-flash-linked", d.identities.len()));
    flash_or(tr, r, &case_url(id))
}

pub(super) async fn open_from_mention(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let c = triage::open_from_mention(&state.hub, &user, id).await?;
    Ok(flash::redirect(
        &case_url(c.id),
        &ctx.l.t("cases-flash-opened"),
    ))
}
