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
use chorus_core::{FieldErrors, Timestamp, TopicKind, User};
use chorus_store::community::Topic;
use chorus_store::guests::GuestQuestion;

use crate::community::{self, TopicInput};
use crate::mail::Email;
use crate::moderation::Posted;
use crate::secrets::{hash_secret, new_secret};
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

/// Keeps a guest's question and mails its asker the link that publishes it. Refused with
/// [`ServiceError::Forbidden`] unless `embed.guest_questions` is on.
pub async fn ask_as_guest(hub: &Hub, ask: &GuestAsk, origin: &Origin) -> Result<()> {
    if !hub.config().embed.guest_questions {
        return Err(ServiceError::Forbidden);
    }
    let email = validate::normalize_email(&ask.email);
    let mut errors = FieldErrors::new();
    validate::check_email(&email, &mut errors);
    validate::check_name(&ask.name, &mut errors);
    let kind = ask.kind.parse::<TopicKind>();
    if kind.is_err() {
        errors.add("kind", "Choose what kind of post this is.");
    }
    chorus_core::community::check_title(&ask.title, &mut errors);
    chorus_core::community::check_body(&ask.body, &mut errors);
    let tags = chorus_core::community::normalize_tags(&ask.tags, &mut errors);
    errors.into_result()?;
    let ip = origin.ip.as_deref().unwrap_or("unknown");
    let per_address = i64::from(hub.config().auth.signups_per_hour);
    accounts::count_hourly(hub, "guest_address", ip, per_address).await?;
    accounts::count_hourly(hub, "guest_email", &email, GUEST_PER_EMAIL).await?;
    let token = new_secret("")?;
    let now = hub.now();
    let question = GuestQuestion {
        email: email.clone(),
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
    hub.store()
        .insert_guest_question(
            &hash_secret(&token),
            &question,
            now,
            now.plus(GUEST_LINK_HOURS * Timestamp::HOUR),
        )
        .await?;
    let hub_name = &hub.config().hub.name;
    let link = format!("{}/ask/confirm/{token}", hub.config().public_url());
    // The link publishes one question and signs no one in; it travels in the mail job like
    // any message body.
    crate::mail::enqueue(
        hub,
        &Email {
            to: email,
            subject: format!("Publish your question on {hub_name}"),
            body: format!(
                "Hello {name},\n\nYou asked on {hub_name}:\n\n  {title}\n\n\
                 Open this link within {GUEST_LINK_HOURS} hours to publish it:\n\n{link}\n\n\
                 If you did not ask this, ignore this message: nothing is published.\n",
                name = question.name,
                title = question.title,
            ),
        },
        None,
    )
    .await
}

/// The guest question waiting for this confirmation token, if any.
pub async fn guest_question(hub: &Hub, token: &str) -> Result<Option<GuestQuestion>> {
    Ok(hub
        .store()
        .guest_question(&hash_secret(token), hub.now())
        .await?)
}

/// Publishes the guest question of a confirmation token (once): finds or makes the asker's
/// account, then posts the topic through the moderation gate and counts it in the
/// deflection measure of the widget session it came from.
pub async fn publish_guest_question(hub: &Hub, token: &str) -> Result<Posted<Topic>> {
    if !hub.config().embed.guest_questions {
        return Err(ServiceError::Forbidden);
    }
    let Some(q) = hub
        .store()
        .take_guest_question(&hash_secret(token), hub.now())
        .await?
    else {
        return Err(ServiceError::NotFound("question"));
    };
    let user = accounts::account_for_confirmed_email(hub, &q.email, &q.name).await?;
    let input = TopicInput {
        kind: q.kind,
        title: q.title,
        body: q.body,
        tags: q.tags.split_whitespace().map(str::to_owned).collect(),
        category: None,
        // The asker confirmed by mail: there is no form left to show a nudge in.
        compose: crate::moderation::Compose::Direct,
    };
    let draft = Some(q.draft).filter(|d| !d.is_empty());
    post_topic(hub, &user, &input, draft.as_deref()).await
}
