//! Satisfaction surveys: when a case is resolved, its customer is asked one question (how
//! satisfied, 1–5, and a comment if they like), once per case.
//!
//! The link is made by the job that sends it, like a password reset: only the SHA-256 of its
//! token is stored, and a send retried after a failure makes a new link that replaces the
//! old one until one was sent. It goes by e-mail when the customer's address is known (an
//! e-mail case, a community member), else as a reply through the case's channel, where it is
//! as public as the reply itself — one answer per case keeps a stranger from more than
//! that. A case reopened before the job runs is not asked, nor one nobody answered (spam, a
//! duplicate). A channel reply is posted once: a run that finds one in the timeline records
//! it as sent. An e-mail sent by a run that died before recording it is sent again with a new
//! link, the old one no longer working: the price of not keeping tokens.

use chorus_core::views::engagement::Csat;
use chorus_core::{Action, CaseState, Channel, User, UserId};
use chorus_i18n::Text;
use chorus_store::triage::{NewReply, ReplyTarget};
use serde::{Deserialize, Serialize};

use crate::jobs::{self, Attempt, Failure, JobType, RetryPolicy};
use crate::mail::Email;
use crate::secrets::{hash_secret, new_secret};
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// Where a survey's page lives; its token follows.
const SURVEY_PATH: &str = "/csat/";

/// Which case to survey, and who resolved it (the channel reply is theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyFor {
    /// The resolved case.
    pub case_id: i64,
    /// The agent who resolved it.
    pub resolved_by: i64,
}

/// The job that sends a resolved case's survey link.
pub struct SendSurvey;

impl JobType for SendSurvey {
    const NAME: &'static str = "csat_survey";
    type Payload = SurveyFor;

    fn retry(hub: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(i64::from(hub.config().mail.max_attempts))
    }

    async fn run(hub: &Hub, p: SurveyFor, _: Attempt) -> Result<(), Failure> {
        send(hub, p).await
    }
}

/// Enqueues the survey of a case just resolved (when surveys are on).
pub(crate) async fn resolved(hub: &Hub, case_id: i64, by: UserId) {
    if !hub.config().engagement.csat {
        return;
    }
    let p = SurveyFor {
        case_id,
        resolved_by: by.0,
    };
    // One survey per case, however often it is resolved again.
    let key = format!("csat:{case_id}");
    if let Err(e) = jobs::enqueue::<SendSurvey>(hub, &p, Some(&key)).await {
        tracing::error!(case = case_id, error = %e, "could not enqueue a satisfaction survey");
    }
}

/// Where a case's customer can be asked: an e-mail address (with the language of the member
/// it belongs to, if any), or the case's channel.
enum Via {
    Email(String, Option<String>),
    Channel(ReplyTarget),
}

async fn address(hub: &Hub, case: &chorus_store::triage::Case) -> Result<Option<Via>, Failure> {
    let transient = |e: chorus_store::StoreError| Failure::Transient(e.to_string());
    let store = hub.store();
    let origin = case.channel.channel();
    // An e-mail case: the address the customer wrote from.
    if origin == Some(Channel::Email)
        && let Some(id) = case.mention_id
        && let Some(m) = store.mention(id).await.map_err(transient)?
        && let Some(to) = m
            .meta
            .as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .and_then(|v| {
                v.get("reply_to")
                    .and_then(|t| t.as_str())
                    .map(str::to_owned)
            })
    {
        return Ok(Some(Via::Email(to, None)));
    }
    // A community topic: its author's account.
    if let Some(topic) = case.topic_id
        && let Some(t) = store
            .topic(chorus_core::TopicId(topic))
            .await
            .map_err(transient)?
        && let Some(u) = store.user_by_id(t.author.id).await.map_err(transient)?
    {
        return Ok(Some(Via::Email(u.email, u.locale)));
    }
    match crate::triage::reply_target(hub, case)
        .await
        .map_err(|e| Failure::Transient(e.to_string()))?
    {
        Ok(target) => Ok(Some(Via::Channel(target))),
        Err(_) => Ok(None),
    }
}

async fn send(hub: &Hub, p: SurveyFor) -> Result<(), Failure> {
    let transient = |e: chorus_store::StoreError| Failure::Transient(e.to_string());
    let store = hub.store();
    let Some(case) = store.case(p.case_id).await.map_err(transient)? else {
        return Ok(());
    };
    if !matches!(case.state, CaseState::Resolved | CaseState::Closed) {
        return Ok(()); // reopened meanwhile
    }
    // Nobody talked with the customer (spam, a duplicate): there is nothing to rate.
    if case.first_response_at.is_none() {
        return Ok(());
    }
    let Some(via) = address(hub, &case).await? else {
        tracing::info!(case = case.id, "no way to reach the customer for a survey");
        return Ok(());
    };
    let token = new_secret("").map_err(|e| Failure::Transient(e.to_string()))?;
    let hash = hash_secret(&token);
    let now = hub.now();
    let sent_via = match &via {
        Via::Email(..) => "email",
        Via::Channel(t) => t.channel.as_str(),
    };
    if !store
        .prepare_csat(case.id, &hash, sent_via, now)
        .await
        .map_err(transient)?
    {
        return Ok(()); // sent or answered already
    }
    let link = format!("{}{SURVEY_PATH}{token}", hub.config().public_url());
    let hub_name = &hub.config().hub.name;
    match via {
        Via::Email(to, locale) => {
            let tr = crate::mail::tr_for(hub, locale.as_deref());
            let email = Email {
                to,
                subject: tr.v("mail-csat-subject", "subject", &case.subject),
                body: format!(
                    "{}\n\n{}\n\n{link}\n\n{}\n",
                    crate::mail::hello(tr, None),
                    tr.args(
                        "mail-csat-body",
                        &[
                            ("subject", chorus_i18n::Arg::from(&case.subject)),
                            ("hub", chorus_i18n::Arg::from(hub_name)),
                        ],
                    ),
                    tr.n("mail-csat-expiry", hub.config().engagement.csat_days),
                ),
            };
            hub.mailer().send(&email).await.map_err(|e| match e {
                crate::mail::MailError::Invalid(m) => Failure::Permanent(m),
                crate::mail::MailError::Delivery(m) => Failure::Transient(m),
            })?;
        }
        Via::Channel(target) => {
            // A run that posted and died before recording it: the link is out already.
            let posted = store
                .case_events(case.id)
                .await
                .map_err(transient)?
                .iter()
                .any(|e| e.kind == "reply" && e.body.contains(SURVEY_PATH));
            if posted {
                store.csat_sent(case.id, now).await.map_err(transient)?;
                return Ok(());
            }
            // Posted where the customer wrote, who has no setting: the hub's language.
            let body = hub.tr().v("mail-csat-reply", "link", &link);
            store
                .insert_case_reply(
                    &NewReply {
                        case_id: case.id,
                        author: UserId(p.resolved_by),
                        body: &body,
                        targets: &[target],
                        job_kind: super::deliver::DeliverReply::NAME,
                        max_attempts: super::deliver::DeliverReply::retry(hub).max_attempts,
                        key_prefix: "chorus-csat-",
                    },
                    None,
                    None,
                    now,
                )
                .await
                .map_err(transient)?;
        }
    }
    store.csat_sent(case.id, now).await.map_err(transient)?;
    Ok(())
}

/// A survey as its link shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    /// The survey.
    pub csat: Csat,
    /// The case's subject.
    pub subject: String,
    /// Whether the link is past its time.
    pub expired: bool,
}

/// The survey behind a link's token.
pub async fn survey(hub: &Hub, token: &str) -> Result<Survey> {
    let (csat, subject) = hub
        .store()
        .csat_by_token(&hash_secret(token.trim()))
        .await?
        .ok_or(ServiceError::NotFound("survey"))?;
    let days = i64::from(hub.config().engagement.csat_days);
    let expired = csat
        .sent_at
        .is_some_and(|t| hub.now().0 > t + days * chorus_core::Timestamp::DAY);
    Ok(Survey {
        csat,
        subject,
        expired,
    })
}

/// Records the customer's answer: a score 1–5 and an optional comment, once per case.
pub async fn answer(hub: &Hub, token: &str, score: i64, comment: &str) -> Result<Survey> {
    let mut errors = chorus_core::FieldErrors::new();
    if !(1..=5).contains(&score) {
        errors.add("score", Text::new("err-cases-csat-score"));
    }
    let comment = comment.trim();
    if comment.chars().count() > 2000 {
        errors.add("comment", Text::new("err-cases-csat-comment"));
    }
    errors.into_result()?;
    let s = survey(hub, token).await?;
    if s.csat.score.is_some() {
        return Err(ServiceError::Conflict(Text::new("err-cases-csat-answered")));
    }
    if s.expired {
        return Err(ServiceError::Conflict(Text::new("err-cases-csat-expired")));
    }
    if !hub
        .store()
        .answer_csat(&hash_secret(token.trim()), score, comment, hub.now())
        .await?
    {
        return Err(ServiceError::Conflict(Text::new("err-cases-csat-answered")));
    }
    survey(hub, token).await
}

/// A case's survey, for staff.
pub async fn of_case(hub: &Hub, viewer: &User, case_id: i64) -> Result<Option<Csat>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().csat(case_id).await?)
}
