//! Outgoing e-mail: SMTP through lettre, or `.eml` files in an outbox directory when no relay is
//! configured. Messages are sent by the [`SendEmail`] job, never inside a request, so a slow or
//! failing relay neither delays pages nor loses mail.

use std::path::PathBuf;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::jobs::{self, Attempt, Failure, JobType, RetryPolicy};
use crate::{Hub, Result, ServiceError};

/// The job that sends one [`Email`], retried `mail.max_attempts` times while the relay fails.
pub struct SendEmail;

impl JobType for SendEmail {
    const NAME: &'static str = "send_email";
    type Payload = Outgoing;

    fn retry(hub: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(i64::from(hub.config().mail.max_attempts))
    }

    async fn run(hub: &Hub, out: Outgoing, _: Attempt) -> Result<(), Failure> {
        // Mail about a post waits in the queue (and in retries while a relay is down); if the
        // post was held, hidden or deleted meanwhile, nobody hears about it.
        if let Some(about) = out.about
            && !is_public(hub, about)
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?
        {
            tracing::info!(
                topic = about.topic,
                reply = ?about.reply,
                "mail about a post that is no longer public dropped"
            );
            return Ok(());
        }
        hub.mailer()
            .send_as(&out.email, out.message_id.as_deref())
            .await
            .map_err(|e| match e {
                MailError::Invalid(m) => Failure::Permanent(m),
                MailError::Delivery(m) => Failure::Transient(m),
            })
    }
}

/// What a [`SendEmail`] job carries: the message and the `Message-ID` it is sent under.
///
/// SMTP has no idempotency: a worker that dies after the relay accepted a message and before
/// the job was marked done leaves it to be sent again. The Message-ID is drawn once, when the
/// job is enqueued, and stored in its payload, so both copies carry the same one and mail
/// clients show one message. (Drawn at random, not derived from the job: ids that repeat —
/// after a database restore, or on another hub — would make clients drop new messages.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The message (flattened: jobs queued before the Message-ID existed still decode).
    #[serde(flatten)]
    pub email: Email,
    /// `<…@host>`, or `None` (jobs queued before it existed) for one made up when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The post the message is about, checked again when it is sent (`None`: about no post,
    /// or queued before the check existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
}

/// The post a message is about: a topic, or a reply in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    /// The topic's id.
    pub topic: i64,
    /// The reply's id, when the message is about a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<i64>,
}

/// Whether a visitor without an account may see the post now: published, not hidden, held or
/// deleted, and in a topic that is too. Only such posts are worth a message to anyone.
pub async fn is_public(hub: &Hub, about: About) -> Result<bool> {
    use crate::visibility::{Content, may_see};
    let store = hub.store();
    let Some(topic) = store.topic(chorus_core::TopicId(about.topic)).await? else {
        return Ok(false);
    };
    let post = |author, moderation, deleted| Content::Post {
        author,
        moderation,
        deleted,
    };
    if !may_see(
        None,
        post(
            topic.author.id,
            &topic.moderation,
            topic.deleted_at.is_some(),
        ),
    ) {
        return Ok(false);
    }
    let Some(reply) = about.reply else {
        return Ok(true);
    };
    let Some(reply) = store.reply(chorus_core::ReplyId(reply)).await? else {
        return Ok(false);
    };
    Ok(reply.topic_id == topic.id
        && may_see(
            None,
            post(
                reply.author.id,
                &reply.moderation,
                reply.deleted_at.is_some(),
            ),
        ))
}

impl Outgoing {
    /// `email` under a new Message-ID at this hub's host.
    pub fn new(hub: &Hub, email: &Email) -> Result<Outgoing> {
        Ok(Outgoing {
            email: email.clone(),
            message_id: Some(message_id(&hub.config().public_url())?),
            about: None,
        })
    }
}

/// A new Message-ID: 128 random bits at the host of `public_url`.
pub fn message_id(public_url: &str) -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServiceError::Internal(format!("system randomness unavailable: {e}")))?;
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let url = reqwest::Url::parse(public_url).ok();
    let host = url
        .as_ref()
        .and_then(reqwest::Url::host_str)
        .filter(|h| !h.is_empty())
        .unwrap_or("chorus.invalid");
    Ok(format!("<{id}@{host}>"))
}

/// Enqueues an e-mail. With a `dedupe_key`, enqueuing the same key twice sends once.
pub async fn enqueue(hub: &Hub, email: &Email, dedupe_key: Option<&str>) -> Result<()> {
    jobs::enqueue::<SendEmail>(hub, &Outgoing::new(hub, email)?, dedupe_key).await
}

/// Enqueues an e-mail about a post, sent only if the post is still public then.
pub async fn enqueue_about(
    hub: &Hub,
    email: &Email,
    dedupe_key: Option<&str>,
    about: About,
) -> Result<()> {
    let mut out = Outgoing::new(hub, email)?;
    out.about = Some(about);
    jobs::enqueue::<SendEmail>(hub, &out, dedupe_key).await
}

/// The language of mail to `user`: their own setting, else the hub's default.
pub fn user_tr(hub: &Hub, user: &chorus_core::User) -> chorus_i18n::Tr {
    tr_for(hub, user.locale.as_deref())
}

/// The language of a recipient whose setting is `locale` (a tag such as `de`; `None` or one
/// the hub does not speak: the hub's default).
pub fn tr_for(hub: &Hub, locale: Option<&str>) -> chorus_i18n::Tr {
    locale
        .and_then(chorus_i18n::Locale::parse)
        .map_or_else(|| hub.tr(), chorus_i18n::Tr::new)
}

/// The greeting every message opens with: `Hello Ana,`, or `Hello,` without a name.
pub fn hello(tr: chorus_i18n::Tr, name: Option<&str>) -> String {
    match name {
        Some(name) => tr.v("mail-hello", "name", &name),
        None => tr.t("mail-hello-anonymous"),
    }
}

/// A plain-text message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

/// Sends [`Email`]s.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

/// Why a message was not sent. Transient errors are retried by the job runner.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The message could not be built (bad address); retrying will not help.
    #[error("invalid message: {0}")]
    Invalid(String),
    /// The relay refused or could not be reached.
    #[error("delivery failed: {0}")]
    Delivery(String),
}

impl Mailer {
    /// The mailer `config.mail` describes.
    pub fn from_config(config: &Config) -> Result<Self> {
        let from: Mailbox = config.mail.from.parse().map_err(|e| {
            ServiceError::Internal(format!(
                "mail.from {:?} is not a mailbox: {e}",
                config.mail.from
            ))
        })?;
        let url = config.mail.smtp_url.trim();
        let transport = if url.is_empty() {
            Transport::Outbox(config.hub.data_dir.join("outbox"))
        } else {
            let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| ServiceError::Internal(format!("mail.smtp_url: {e}")))?
                .timeout(Some(std::time::Duration::from_secs(20)))
                .build();
            Transport::Smtp(smtp)
        };
        Ok(Mailer { transport, from })
    }

    /// Where messages go, for logs: `smtp` or the outbox path.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP relay".to_owned(),
            Transport::Outbox(dir) => format!("outbox directory {}", dir.display()),
        }
    }

    /// Sends one message now.
    pub async fn send(&self, email: &Email) -> Result<(), MailError> {
        self.send_as(email, None).await
    }

    /// Sends one message now under `message_id` (the relay makes one up when `None`).
    pub async fn send_as(&self, email: &Email, message_id: Option<&str>) -> Result<(), MailError> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|e| MailError::Invalid(format!("recipient {:?}: {e}", email.to)))?;
        let message = Message::builder()
            .message_id(message_id.map(str::to_owned))
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| MailError::Invalid(e.to_string()))?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message)
                    .await
                    .map_err(|e| MailError::Delivery(e.to_string()))?;
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| MailError::Delivery(format!("outbox {}: {e}", dir.display())))?;
                let name = format!(
                    "{}-{}.eml",
                    time::OffsetDateTime::now_utc().unix_timestamp_nanos(),
                    sanitize_file_part(&email.to)
                );
                let path = dir.join(name);
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| MailError::Delivery(format!("{}: {e}", path.display())))?;
                tracing::info!(to = %email.to, subject = %email.subject, path = %path.display(), "e-mail written to outbox");
            }
        }
        Ok(())
    }
}

fn sanitize_file_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '@' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_new_each_time_at_the_hubs_host() {
        let a = message_id("https://support.example.com/hub").unwrap();
        assert_ne!(a, message_id("https://support.example.com/hub").unwrap());
        assert!(
            a.starts_with('<') && a.ends_with("@support.example.com>"),
            "{a}"
        );
        assert_eq!(a.len(), 1 + 32 + 1 + "support.example.com".len() + 1);
        assert!(
            message_id("http://127.0.0.1:8080")
                .unwrap()
                .ends_with("@127.0.0.1>")
        );
        assert!(message_id("http://[::]:8080").unwrap().ends_with("@[::]>"));
        assert!(message_id("").unwrap().ends_with("@chorus.invalid>"));
    }

    #[test]
    fn mail_is_written_in_the_recipients_language() {
        use chorus_i18n::{Locale, Tr};
        let (en, de) = (Tr::new(Locale::En), Tr::new(Locale::De));
        assert_eq!(hello(en, Some("Ana")), "Hello Ana,");
        assert_eq!(hello(en, None), "Hello,");
        assert_eq!(
            en.nv("mail-reset-body", 60, "hub", &"Acme"),
            "Someone (hopefully you) asked to reset the password of your Acme account.\n\
             Open this link within 60 minutes to choose a new password:"
        );
        assert_ne!(
            de.nv("mail-reset-body", 60, "hub", &"Acme"),
            en.nv("mail-reset-body", 60, "hub", &"Acme")
        );
        assert_eq!(en.fixed(2.46, 1, false), "2.5");
        assert_eq!(de.fixed(2.46, 1, false), "2,5");
        assert_eq!(de.fixed(12.0, 0, false), "12");
    }

    #[test]
    fn jobs_queued_before_the_message_id_still_decode() {
        let old = r#"{"to":"a@example.com","subject":"s","body":"b"}"#;
        let out: Outgoing = serde_json::from_str(old).unwrap();
        assert_eq!(out.email.to, "a@example.com");
        assert_eq!(out.message_id, None);
    }
}
