//! Use cases that span features, composed here so that no feature calls another.
//!
//! Features meet through domain events when one change makes work for another (see
//! [`crate::events`]). A few requests are instead one use case over two features, answered in
//! one response: posting a topic from the compose form posts it in the community and records
//! in the knowledge base's deflection measure that the writer posted despite the
//! suggestions. A guest's question, once its asker confirms their address, makes (or finds)
//! their account and posts the topic the same way. Those requests are put together here, at
//! the root, like the hub itself.

use chorus_core::validate;
use chorus_core::{Action, FieldErrors, Timestamp, TopicId, TopicKind, User};
use chorus_i18n::{Arg, Text};
use chorus_store::community::{Reply, Topic};
use chorus_store::guests::GuestQuestion;
use serde::{Deserialize, Serialize};

use crate::community::{self, TopicInput};
use crate::engagement::{self, PraiseTarget};
use crate::jobs::{self, Attempt, Failure, JobType, RetryPolicy};
use crate::mail::Email;
use crate::moderation::Posted;
use crate::secrets::{hash_secret, new_secret};
use crate::visibility::require;
use crate::{Hub, Origin, Result, ServiceError, accounts, knowledge};

/// Posts a new topic from the compose form and, when the form carried a compose-session
/// token (`draft`), records that the writer posted despite the suggestions.
pub async fn post_topic(
    hub: &Hub,
    actor: &User,
    input: &TopicInput,
    draft: Option<&str>,
) -> Result<Posted<Topic>> {
    let posted = community::post_topic(hub, actor, input).await?;
    knowledge::record_posted(hub, actor, draft, &posted.post).await?;
    Ok(posted)
}

/// What a visitor without an account submits to ask a question.
#[derive(Debug, Clone, Default)]
pub struct GuestAsk {
    /// Their e-mail address (the confirmation link goes there).
    pub email: String,
    /// The name shown with the question.
    pub name: String,
    /// Topic kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags (the widget passes its product).
    pub tags: Vec<String>,
    /// Compose-session token, when the question comes from the widget.
    pub draft: Option<String>,
}

/// Hours a guest's confirmation link stays valid.
const GUEST_LINK_HOURS: i64 = 24;
/// Guest questions per hour for one address.
const GUEST_PER_EMAIL: i64 = 5;

/// Keeps a guest's question and has its asker mailed the link that publishes it. Refused
/// with [`ServiceError::Forbidden`] unless `embed.guest_questions` and `auth.allow_signup`
/// are on (a first question makes an account).
pub async fn ask_as_guest(hub: &Hub, ask: &GuestAsk, origin: &Origin) -> Result<()> {
    let c = hub.config();
    if !c.embed.guest_questions || !c.auth.allow_signup {
        return Err(ServiceError::Forbidden);
    }
    let email = validate::normalize_email(&ask.email);
    let mut errors = FieldErrors::new();
    validate::check_email(&email, &mut errors);
    validate::check_name(&ask.name, &mut errors);
    let kind = ask.kind.parse::<TopicKind>();
    if kind.is_err() {
        errors.add("kind", Text::new("err-com-guest-kind"));
    }
    chorus_core::community::check_title(&ask.title, &mut errors);
    chorus_core::community::check_body(&ask.body, &mut errors);
    let tags = chorus_core::community::normalize_tags(&ask.tags, &mut errors);
    errors.into_result()?;
    let ip = origin.ip.as_deref().unwrap_or("unknown");
    let per_address = i64::from(c.auth.signups_per_hour);
    accounts::count_attempt(hub, "guest_address", ip, per_address, Timestamp::HOUR).await?;
    accounts::count_attempt(hub, "guest_email", &email, GUEST_PER_EMAIL, Timestamp::HOUR).await?;
    let now = hub.now();
    let question = GuestQuestion {
        email,
        name: ask.name.trim().to_owned(),
        kind: kind.map_or("question", TopicKind::as_str).to_owned(),
        title: ask.title.trim().to_owned(),
        body: ask.body.clone(),
        tags: tags.join(" "),
        draft: ask
            .draft
            .clone()
            .filter(|d| knowledge::is_draft_token(d))
            .unwrap_or_default(),
    };
    let id = hub
        .store()
        .insert_guest_question(&question, now, now.plus(GUEST_LINK_HOURS * Timestamp::HOUR))
        .await?;
    jobs::enqueue::<GuestLink>(hub, &GuestLinkFor { question_id: id }, None).await
}

/// Which question a [`GuestLink`] job mails the link of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestLinkFor {
    /// The waiting question.
    pub question_id: i64,
}

/// The job that makes a guest question's link and mails it, like a password reset: the
/// token is made when the mail is sent, only its hash is stored, and a failed delivery
/// forgets it (the retry makes another). The message carries no text of the asker's, so the
/// hub cannot be made to mail someone else's words to an address.
pub struct GuestLink;

impl JobType for GuestLink {
    const NAME: &'static str = "guest_link";
    type Payload = GuestLinkFor;

    fn retry(hub: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(i64::from(hub.config().mail.max_attempts))
    }

    async fn run(hub: &Hub, payload: GuestLinkFor, _: Attempt) -> Result<(), Failure> {
        let transient = |e: chorus_store::StoreError| Failure::Transient(e.to_string());
        let token = new_secret("").map_err(|e| Failure::Transient(e.to_string()))?;
        let hash = hash_secret(&token);
        let Some(to) = hub
            .store()
            .set_guest_token(payload.question_id, &hash, hub.now())
            .await
            .map_err(transient)?
        else {
            return Ok(()); // expired or published meanwhile
        };
        let hub_name = &hub.config().hub.name;
        let link = format!("{}/ask/confirm/{token}", hub.config().public_url());
        // The asker has no account yet: the hub's language.
        let tr = hub.tr();
        let email = Email {
            to,
            subject: tr.v("mail-guest-subject", "hub", hub_name),
            body: format!(
                "{}\n\n{}\n\n{link}\n\n{}\n",
                crate::mail::hello(tr, None),
                tr.nv("mail-guest-body", GUEST_LINK_HOURS, "hub", hub_name),
                tr.t("mail-guest-ignore"),
            ),
        };
        if let Err(e) = hub.mailer().send(&email).await {
            if let Err(e) = hub
                .store()
                .clear_guest_token(payload.question_id, &hash)
                .await
            {
                tracing::warn!(error = %e, "could not forget an unsent guest link");
            }
            return Err(match e {
                crate::mail::MailError::Invalid(m) => Failure::Permanent(m),
                crate::mail::MailError::Delivery(m) => Failure::Transient(m),
            });
        }
        Ok(())
    }
}

/// The guest question waiting for this confirmation token, if any.
pub async fn guest_question(hub: &Hub, token: &str) -> Result<Option<GuestQuestion>> {
    Ok(hub
        .store()
        .guest_question(&hash_secret(token), hub.now())
        .await?)
}

/// Publishes the guest question of a confirmation token: finds the asker's account (one
/// made by an earlier guest question) or makes one, posts the topic through the moderation
/// gate, and counts it as posted in the deflection session it came from. The question is
/// claimed while this runs and removed only once the topic is stored; a refusal that asking
/// again cannot cure (an address with a full account, a suspended one) removes it too, any
/// other failure leaves it for another try.
pub async fn publish_guest_question(hub: &Hub, token: &str) -> Result<Posted<Topic>> {
    if !hub.config().embed.guest_questions {
        return Err(ServiceError::Forbidden);
    }
    let store = hub.store();
    let Some((id, q)) = store
        .claim_guest_question(&hash_secret(token), hub.now())
        .await?
    else {
        return Err(ServiceError::NotFound("question"));
    };
    let outcome = async {
        let user = accounts::guest_account(hub, &q.email, &q.name).await?;
        let input = TopicInput {
            kind: q.kind.clone(),
            title: q.title.clone(),
            body: q.body.clone(),
            tags: q.tags.split_whitespace().map(str::to_owned).collect(),
            category: None,
            // The asker confirmed by mail: there is no form left to show a nudge in.
            compose: crate::moderation::Compose::Direct,
        };
        let draft = Some(q.draft.as_str()).filter(|d| !d.is_empty());
        post_topic(hub, &user, &input, draft).await
    }
    .await;
    match &outcome {
        Ok(_) | Err(ServiceError::Conflict(_) | ServiceError::Suspended) => {
            store.delete_guest_question(id).await?;
        }
        Err(_) => store.release_guest_question(id).await?,
    }
    outcome
}

/// What a thank-you to a praise item made.
#[derive(Debug, Clone, PartialEq)]
pub enum Thanked {
    /// A reply on its way through the mention's channel.
    Mention(chorus_core::views::engagement::PraiseReply),
    /// An official reply in the praise topic.
    Topic(Reply),
}

/// Thanks the author of a praise item (staff): through the mention's channel, or with an
/// official reply in the praise topic. The text is `body`, or canned response `canned`.
pub async fn thank_praise(
    hub: &Hub,
    actor: &User,
    target: PraiseTarget,
    body: Option<&str>,
    canned: Option<i64>,
) -> Result<Thanked> {
    require(actor, Action::Engage)?;
    let body = match (body.map(str::trim).filter(|b| !b.is_empty()), canned) {
        (Some(b), _) => b.to_owned(),
        (None, Some(id)) => hub
            .store()
            .canned_responses()
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| c.body)
            .ok_or_else(|| ServiceError::field("canned_id", Text::new("err-com-canned-none")))?,
        (None, None) => {
            return Err(ServiceError::field(
                "body",
                Text::new("err-com-thanks-empty"),
            ));
        }
    };
    match target {
        PraiseTarget::Mention(id) => Ok(Thanked::Mention(
            engagement::thank_mention(hub, actor, id, &body).await?,
        )),
        PraiseTarget::Topic(id) => {
            let topic = hub
                .store()
                .topic(TopicId(id))
                .await?
                .filter(|t| t.kind == TopicKind::Praise)
                .ok_or(ServiceError::NotFound("praise topic"))?;
            engagement::mark(hub, actor, target, "thanked", Some(topic.id.0)).await?;
            match community::reply(hub, actor, topic.id, &body).await {
                Ok(reply) => Ok(Thanked::Topic(reply)),
                Err(e) => {
                    // Nothing was posted: the topic goes back to the queue.
                    hub.store().unmark_praise(&target.key()).await?;
                    Err(e)
                }
            }
        }
    }
}

/// Features a positive mention in the community as a praise topic (staff), with the
/// author's consent, quoted and linked to the original. Returns the topic.
pub async fn feature_praise(
    hub: &Hub,
    actor: &User,
    mention_id: i64,
    consent: bool,
) -> Result<Topic> {
    require(actor, Action::Engage)?;
    if !consent {
        return Err(ServiceError::field(
            "consent",
            Text::new("err-com-feature-consent"),
        ));
    }
    let m = engagement::praise_mention(hub, mention_id).await?;
    // An e-mail is private: its words and address are not ours to publish.
    if m.channel == chorus_core::Channel::Email {
        return Err(ServiceError::field(
            "mention_id",
            Text::new("err-com-feature-email"),
        ));
    }
    let target = PraiseTarget::Mention(mention_id);
    engagement::mark(hub, actor, target, "featured", None).await?;
    let excerpt: String = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut title: String = excerpt.chars().take(90).collect();
    if excerpt.chars().count() > 90 {
        title.push('…');
    }
    let tr = hub.tr();
    let title = tr.args(
        "gen-praise-title",
        &[
            ("excerpt", Arg::from(title.as_str())),
            ("author", Arg::from(m.author.as_str())),
            ("channel", Arg::from(m.channel.as_str())),
        ],
    );
    let quoted: String = m
        .text
        .lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n");
    let link = if m.url.starts_with("https://") || m.url.starts_with("http://") {
        format!(" ([{}]({}))", tr.t("gen-original"), m.url)
    } else {
        String::new()
    };
    let by = tr.args(
        "gen-praise-by",
        &[
            ("author", Arg::from(m.author.as_str())),
            ("channel", Arg::from(m.channel.as_str())),
        ],
    );
    let body = format!(
        "{quoted}\n\n— {by}{link}\n\n*{}*",
        tr.t("gen-praise-permission")
    );
    let input = TopicInput {
        kind: "praise".into(),
        title: title.chars().take(150).collect(),
        body,
        tags: Vec::new(),
        category: None,
        compose: crate::gate::Compose::Direct,
    };
    match community::create_topic(hub, actor, &input).await {
        Ok(topic) => {
            hub.store()
                .set_praise_topic(&target.key(), topic.id.0)
                .await?;
            Ok(topic)
        }
        Err(e) => {
            hub.store().unmark_praise(&target.key()).await?;
            Err(e)
        }
    }
}

/// Turns a town hall's answered questions into a draft article (staff who write articles):
/// one section per question, its official answer below.
pub async fn promote_town_hall(
    hub: &Hub,
    actor: &User,
    event_id: i64,
) -> Result<chorus_core::views::knowledge::Article> {
    let page = engagement::town_halls::page(hub, Some(actor), event_id).await?;
    let answered: Vec<_> = page
        .questions
        .iter()
        .filter(|q| {
            q.visibility == chorus_core::moderation::Visibility::Visible && q.answer.is_some()
        })
        .collect();
    if answered.is_empty() {
        let text = Text::new("err-com-town-hall-unanswered");
        return Err(ServiceError::Conflict(text));
    }
    let e = &page.event;
    // Written once for every reader: in the hub's language.
    let tr = hub.tr();
    let mut body = tr.args(
        "gen-town-hall-intro",
        &[
            ("title", Arg::from(e.title.as_str())),
            ("date", Arg::from(Timestamp(e.starts_at).date())),
        ],
    );
    body.push_str("\n\n");
    for q in answered {
        let question = q.body.split_whitespace().collect::<Vec<_>>().join(" ");
        let by = q
            .answerer_name
            .clone()
            .unwrap_or_else(|| tr.t("gen-the-team"));
        body.push_str(&format!(
            "## {}\n\n{}\n\n*{}*\n\n",
            question.replace('#', "\\#"),
            q.answer.as_deref().unwrap_or_default(),
            tr.v("gen-answered-by", "name", &by)
        ));
    }
    let mut title = tr.v("gen-town-hall-title", "title", &e.title);
    if title.chars().count() > 150 {
        title = title.chars().take(149).collect::<String>() + "…";
    }
    knowledge::create(
        hub,
        actor,
        &knowledge::ArticleInput {
            title,
            body,
            category: (!e.product.is_empty()).then(|| e.product.clone()),
        },
    )
    .await
}
