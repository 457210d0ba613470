//! Notifications: in-app (a bell with an unread count) and e-mail, per member preferences.
//!
//! The action (a reply, an accepted answer, a status change) only enqueues one fan-out job.
//! The job works out the recipients, stores one notification each (idempotent by a dedupe key,
//! so a redelivered job notifies nobody twice) and enqueues the e-mails of those who want
//! them, each with its own dedupe key.

use chorus_core::{ReplyId, TopicId, User, UserId};
use chorus_i18n::{Arg, Text};
use chorus_store::community::{PostModeration, Reply, Topic};
use chorus_store::notifications::{NewNotification, Notification, NotificationPrefs, PostAccess};
use serde::{Deserialize, Serialize};

use crate::jobs::{self, Attempt, Failure, JobType, RetryPolicy};
use crate::mail::Email;
use crate::visibility::{self, Content};
use crate::{Hub, Result};

/// The subscriber that tells a topic's followers about a reply a moderator approved (it was
/// held, so nobody heard of it when it was posted).
pub struct Approvals;

impl crate::events::Subscriber for Approvals {
    const NAME: &'static str = "community_approvals";

    fn wants(event: &chorus_bus::DomainEvent) -> bool {
        matches!(
            event,
            chorus_bus::DomainEvent::PostApproved {
                post: chorus_bus::Post::Reply(_),
                ..
            }
        )
    }

    async fn handle(hub: &Hub, event: chorus_bus::DomainEvent) -> Result<(), Failure> {
        let chorus_bus::DomainEvent::PostApproved {
            post: chorus_bus::Post::Reply(reply),
            ..
        } = event
        else {
            return Ok(());
        };
        fan_out(hub, &Event::Reply { reply })
            .await
            .map_err(|e| Failure::Transient(e.to_string()))
    }
}

/// Something people may want to hear about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A new reply.
    Reply {
        /// The reply id.
        reply: i64,
    },
    /// A reply was accepted.
    Accepted {
        /// The reply id.
        reply: i64,
        /// Who accepted it.
        actor: i64,
    },
    /// An idea's status changed.
    Status {
        /// The idea.
        topic: i64,
        /// The new status name.
        status: String,
        /// When (ms), part of the dedupe key.
        at: i64,
        /// Who changed it.
        actor: i64,
    },
}

/// Enqueues the fan-out of `event`.
pub(crate) async fn enqueue(hub: &Hub, event: &Event) -> Result<()> {
    jobs::enqueue::<Fanout>(hub, event, None).await
}

/// The job that works out who hears about an [`Event`] and tells them.
pub struct Fanout;

impl JobType for Fanout {
    const NAME: &'static str = "community_fanout";
    type Payload = Event;

    fn retry(_: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(10)
    }

    async fn run(hub: &Hub, event: Event, _: Attempt) -> Result<(), Failure> {
        fan_out(hub, &event)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))
    }
}

struct Recipient {
    user: UserId,
    kind: &'static str,
}

async fn fan_out(hub: &Hub, event: &Event) -> Result<()> {
    let store = hub.store();
    let (topic_id, reply, actor, detail, key, mut recipients) = match event {
        Event::Reply { reply } => {
            let Some(r) = store.reply(ReplyId(*reply)).await? else {
                return Ok(());
            };
            let Some(t) = store.topic(r.topic_id).await? else {
                return Ok(());
            };
            let mut list = vec![Recipient {
                user: t.author.id,
                kind: "reply_on_own_topic",
            }];
            for f in store.followers(t.id).await? {
                if f != t.author.id {
                    list.push(Recipient {
                        user: f,
                        kind: "reply_on_followed",
                    });
                }
            }
            let author = r.author.id;
            (
                t.id,
                Some(r),
                author,
                String::new(),
                format!("reply:{reply}"),
                list,
            )
        }
        Event::Accepted { reply, actor } => {
            let Some(r) = store.reply(ReplyId(*reply)).await? else {
                return Ok(());
            };
            let list = vec![Recipient {
                user: r.author.id,
                kind: "reply_accepted",
            }];
            (
                r.topic_id,
                Some(r),
                UserId(*actor),
                String::new(),
                format!("accepted:{reply}"),
                list,
            )
        }
        Event::Status {
            topic,
            status,
            at,
            actor,
        } => {
            let id = TopicId(*topic);
            let mut users = store.followers(id).await?;
            users.extend(store.topic_voters(id).await?);
            users.sort();
            users.dedup();
            let list = users
                .into_iter()
                .map(|u| Recipient {
                    user: u,
                    kind: "idea_status",
                })
                .collect();
            (
                id,
                None,
                UserId(*actor),
                status.clone(),
                format!("status:{topic}:{at}"),
                list,
            )
        }
    };
    recipients.retain(|r| r.user != actor);
    let topic = store.topic(topic_id).await?;
    let Some(topic) = topic else { return Ok(()) };
    let actor_name = store
        .user_by_id(actor)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let reply_id = reply.as_ref().map(|r| r.id);
    // Nothing is mailed to anyone — staff included — about a post that is not public (a held
    // reply is announced when it is approved, [`Approvals`]); the bell still tells those who
    // may see it, such as the author of a held topic that staff answered.
    let public = may_see_post(None, &topic, reply.as_ref());
    let now = hub.now();
    for r in recipients {
        // The job runs after the action: the post may have been held, hidden or deleted since,
        // and a follower may not see a held topic. Nobody hears about what they may not see;
        // approving a held reply fans it out again ([`Approvals`]).
        let Some(user) = store.user_by_id(r.user).await? else {
            continue;
        };
        if !may_see_post(Some(&user), &topic, reply.as_ref()) {
            continue;
        }
        let dedupe = format!("{key}:{}", r.user.0);
        let created = store
            .insert_notification(
                &NewNotification {
                    user: r.user,
                    kind: r.kind,
                    topic: Some(topic_id),
                    reply: reply_id,
                    actor: Some(actor),
                    detail: &detail,
                    dedupe_key: &dedupe,
                },
                now,
            )
            .await?;
        if !created {
            continue;
        }
        let prefs = store.notification_prefs(r.user).await?;
        let wants = match r.kind {
            "reply_on_own_topic" | "reply_on_followed" => prefs.email_replies,
            "reply_accepted" => prefs.email_accepted,
            _ => prefs.email_status,
        };
        if !wants || !public || user.is_suspended() {
            continue;
        }
        let email = email_for(
            hub,
            &user,
            r.kind,
            &topic.title,
            topic_id,
            reply_id,
            &actor_name,
            &detail,
        );
        let about = crate::mail::About {
            topic: topic_id.0,
            reply: reply_id.map(|r| r.0),
        };
        crate::mail::enqueue_about(hub, &email, Some(&format!("mail:{dedupe}")), about).await?;
    }
    Ok(())
}

/// Whether `viewer` may see the topic and, when the notification is about one, the reply.
fn may_see_post(viewer: Option<&User>, topic: &Topic, reply: Option<&Reply>) -> bool {
    let topic_ok = visibility::may_see(
        viewer,
        Content::Post {
            author: topic.author.id,
            moderation: &topic.moderation,
            deleted: topic.deleted_at.is_some(),
        },
    );
    topic_ok
        && reply.is_none_or(|r| {
            visibility::may_see(
                viewer,
                Content::Post {
                    author: r.author.id,
                    moderation: &r.moderation,
                    deleted: r.deleted_at.is_some(),
                },
            )
        })
}

#[allow(clippy::too_many_arguments, reason = "the parts of one message")]
fn email_for(
    hub: &Hub,
    user: &User,
    kind: &str,
    title: &str,
    topic: TopicId,
    reply: Option<ReplyId>,
    actor: &str,
    detail: &str,
) -> Email {
    let base = hub.config().public_url();
    let hub_name = &hub.config().hub.name;
    let link = match reply {
        Some(r) => format!("{base}/t/{}#reply-{}", topic.0, r.0),
        None => format!("{base}/t/{}", topic.0),
    };
    let tr = crate::mail::user_tr(hub, user);
    let with_actor = |id: &str| {
        tr.args(
            id,
            &[("actor", Arg::from(actor)), ("title", Arg::from(title))],
        )
    };
    let (subject, line) = match kind {
        "reply_on_own_topic" => (
            tr.v("mail-notify-reply-own-subject", "title", &title),
            with_actor("mail-notify-reply-own"),
        ),
        "reply_on_followed" => (
            tr.v("mail-notify-reply-followed-subject", "title", &title),
            with_actor("mail-notify-reply-followed"),
        ),
        "reply_accepted" => (
            tr.v("mail-notify-accepted-subject", "title", &title),
            with_actor("mail-notify-accepted"),
        ),
        _ => {
            let label = detail.parse::<chorus_core::IdeaStatus>().map_or_else(
                |_| detail.to_owned(),
                |s| {
                    tr.t(&format!(
                        "mail-idea-status-{}",
                        s.as_str().replace('_', "-")
                    ))
                },
            );
            let args = [("title", Arg::from(title)), ("status", Arg::from(label))];
            (
                tr.args("mail-notify-status-subject", &args),
                tr.args("mail-notify-status", &args),
            )
        }
    };
    let settings = format!("{base}/notifications/settings");
    Email {
        to: user.email.clone(),
        subject,
        body: format!(
            "{}\n\n{line}\n\n{link}\n\n{}\n",
            crate::mail::hello(tr, Some(user.name.as_str())),
            tr.args(
                "mail-notify-footer",
                &[("hub", Arg::from(hub_name)), ("link", Arg::from(settings))],
            ),
        ),
    }
}

/// A user's notifications, newest first.
///
/// A notification about a post the user may no longer see (held, hidden or deleted since) stays
/// in the list, so counts and pages do not shift, but loses its title and link: see
/// [`withhold`].
pub async fn list(
    hub: &Hub,
    user: &User,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Notification>> {
    let mut list = hub.store().notifications(user.id, before, limit).await?;
    for n in &mut list {
        withhold(user, n);
    }
    Ok(list)
}

/// Strips from `n` what the visibility rule no longer lets `user` see.
///
/// Moderation notices are exempt: they tell the author what happened to their own post, which
/// is the one case where the author must hear about a post they can no longer open.
fn withhold(user: &User, n: &mut Notification) {
    if n.kind == "moderation" {
        return;
    }
    let sees = |a: &Option<PostAccess>| {
        a.is_none_or(|a| {
            let moderation = PostModeration {
                visibility: a.visibility,
                ..PostModeration::default()
            };
            visibility::may_see(
                Some(user),
                Content::Post {
                    author: a.author,
                    moderation: &moderation,
                    deleted: a.deleted,
                },
            )
        })
    };
    if !sees(&n.topic_access) || !sees(&n.reply_access) {
        n.topic_id = None;
        n.topic_title = None;
        n.reply_id = None;
        n.detail.clear();
        n.withheld = true;
    }
}

/// How many notifications the user has not read.
pub async fn unread(hub: &Hub, user: &User) -> Result<i64> {
    Ok(hub.store().unread_count(user.id).await?)
}

/// Marks one notification (or all with `None`) read.
pub async fn mark_read(hub: &Hub, user: &User, id: Option<i64>) -> Result<u64> {
    Ok(hub.store().mark_read(user.id, id, hub.now()).await?)
}

/// The user's e-mail preferences.
pub async fn prefs(hub: &Hub, user: &User) -> Result<NotificationPrefs> {
    Ok(hub.store().notification_prefs(user.id).await?)
}

/// Saves the user's e-mail preferences.
pub async fn set_prefs(hub: &Hub, user: &User, prefs: NotificationPrefs) -> Result<()> {
    Ok(hub
        .store()
        .set_notification_prefs(user.id, prefs, hub.now())
        .await?)
}

/// What a notification says: pages write it in the reader's language, the API in English.
pub fn describe(n: &Notification) -> Text {
    if n.withheld {
        return Text::new("account-notify-withheld");
    }
    let who = |t: Text| match n.actor_name.as_deref() {
        Some(name) => t.arg("who", name),
        None => t.arg_text("who", Text::new("account-notify-someone")),
    };
    let title = |t: Text| match n.topic_title.as_deref() {
        Some(title) => t.arg("title", title),
        None => t.arg_text("title", Text::new("account-notify-a-topic")),
    };
    let detail = n.detail.as_str();
    match n.kind.as_str() {
        "reply_on_own_topic" => title(who(Text::new("account-notify-reply-own"))),
        "reply_on_followed" => title(who(Text::new("account-notify-reply-followed"))),
        "reply_accepted" => title(who(Text::new("account-notify-accepted"))),
        "idea_status" => {
            let t = title(Text::new("account-notify-status"));
            match detail.parse::<chorus_core::IdeaStatus>() {
                Ok(s) => t.arg_text(
                    "status",
                    Text::new(match s {
                        chorus_core::IdeaStatus::Open => "account-idea-open",
                        chorus_core::IdeaStatus::UnderReview => "account-idea-under-review",
                        chorus_core::IdeaStatus::Planned => "account-idea-planned",
                        chorus_core::IdeaStatus::Started => "account-idea-started",
                        chorus_core::IdeaStatus::Done => "account-idea-done",
                        chorus_core::IdeaStatus::Declined => "account-idea-declined",
                        chorus_core::IdeaStatus::Duplicate => "account-idea-duplicate",
                    }),
                ),
                Err(_) => t.arg("status", detail),
            }
        }
        "case_note" => who(Text::new("account-notify-case-note")).arg("detail", detail),
        "moderation" => match n.topic_title.as_deref() {
            Some(t) => Text::new("account-notify-moderation-on")
                .arg("title", t)
                .arg_text("detail", crate::records::moderation_notice(detail)),
            None => Text::new("account-notify-moderation")
                .arg_text("detail", crate::records::moderation_notice(detail)),
        },
        other => title(Text::new("account-notify-other").arg("kind", other)),
    }
}

/// The link a notification leads to.
pub fn link(n: &Notification) -> String {
    // Notes on cases carry the case in their detail: `case #N: subject`.
    if n.kind == "case_note"
        && let Some(id) = n
            .detail
            .strip_prefix("case #")
            .and_then(|r| r.split(':').next())
            .and_then(|id| id.parse::<i64>().ok())
    {
        return format!("/cases/{id}");
    }
    match (n.topic_id, n.reply_id) {
        (Some(t), Some(r)) => format!("/t/{t}#reply-{r}"),
        (Some(t), None) => format!("/t/{t}"),
        _ => "/notifications".to_owned(),
    }
}
