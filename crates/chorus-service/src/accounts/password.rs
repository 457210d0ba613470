//! Setting a password again: by a link mailed to the address (the request, the job that makes
//! the token and sends it, and its use) or by knowing the current one. Both end the account's
//! sessions and tell the owner by mail, so they share the notice and live apart from sign-in.

use chorus_core::validate::{self, FieldErrors};
use chorus_core::{Timestamp, User};
use chorus_i18n::Text;
use chorus_store::StoreError;
use serde::{Deserialize, Serialize};

use super::{address, check_rate, require_password_login};
use crate::jobs::{self, Attempt, Failure, JobType, RetryPolicy};
use crate::mail::Email;
use crate::secrets::{hash_secret, new_secret};
use crate::{Hub, Origin, Result, ServiceError};

const RESET_ADDRESS: &str = "reset_address";
const RESET_ACCOUNT: &str = "reset_account";
/// Password-reset requests allowed per hour per address and per account.
const RESETS_PER_HOUR: i64 = 5;

/// Sends a reset link if an active account has this address. Always succeeds (unless rate
/// limited), so the answer does not reveal which addresses have accounts.
pub async fn request_password_reset(hub: &Hub, email: &str, origin: &Origin) -> Result<()> {
    require_password_login(hub)?;
    let email = validate::normalize_email(email);
    let mut errors = FieldErrors::new();
    validate::check_email(&email, &mut errors);
    errors.into_result()?;
    let ip = address(origin);
    check_rate(hub, RESET_ADDRESS, ip, RESETS_PER_HOUR * 4, Timestamp::HOUR).await?;
    check_rate(hub, RESET_ACCOUNT, &email, RESETS_PER_HOUR, Timestamp::HOUR).await?;
    let now = hub.now();
    hub.store().record_attempt(RESET_ADDRESS, ip, now).await?;
    hub.store()
        .record_attempt(RESET_ACCOUNT, &email, now)
        .await?;

    let Some(found) = hub.store().user_by_email(&email).await? else {
        tracing::info!("password reset requested for an unknown address");
        return Ok(());
    };
    if found.user.is_suspended() {
        return Ok(());
    }
    // The job carries the account, never the link: the token is made when the e-mail is
    // sent and exists in plaintext only in that worker's memory and in the message itself.
    jobs::enqueue::<ResetLink>(
        hub,
        &ResetLinkFor {
            user_id: found.user.id.0,
        },
        None,
    )
    .await?;
    Ok(())
}

/// Whom a [`ResetLink`] job mails a link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetLinkFor {
    /// The account.
    pub user_id: i64,
}

/// The job that makes a reset token and e-mails the link: a fresh token (its hash stored)
/// per attempt. A retry after a failed delivery makes another token; the unsent one is
/// removed so it can never be used.
pub struct ResetLink;

impl JobType for ResetLink {
    const NAME: &'static str = "reset_link";
    type Payload = ResetLinkFor;

    fn retry(hub: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(i64::from(hub.config().mail.max_attempts))
    }

    async fn run(hub: &Hub, payload: ResetLinkFor, _: Attempt) -> Result<(), Failure> {
        send_reset_link(hub, payload.user_id).await
    }
}

async fn send_reset_link(hub: &Hub, id: i64) -> Result<(), Failure> {
    let transient = |e: StoreError| Failure::Transient(e.to_string());
    let Some(user) = hub
        .store()
        .user_by_id(chorus_core::UserId(id))
        .await
        .map_err(transient)?
    else {
        return Ok(());
    };
    if user.is_suspended() {
        return Ok(());
    }
    let token = new_secret("").map_err(|e| Failure::Transient(e.to_string()))?;
    let hash = hash_secret(&token);
    let now = hub.now();
    let minutes = hub.config().auth.reset_link_minutes;
    let expires = now.plus(i64::from(minutes) * Timestamp::MINUTE);
    hub.store()
        .insert_password_reset(&hash, user.id, now, expires)
        .await
        .map_err(transient)?;
    let hub_name = &hub.config().hub.name;
    let link = format!("{}/reset/{token}", hub.config().public_url());
    let tr = crate::mail::user_tr(hub, &user);
    let body = format!(
        "{}\n\n{}\n\n{link}\n\n{}\n",
        crate::mail::hello(tr, Some(user.name.as_str())),
        tr.nv("mail-reset-body", minutes, "hub", hub_name),
        tr.t("mail-reset-ignore"),
    );
    let email = Email {
        to: user.email.clone(),
        subject: tr.v("mail-reset-subject", "hub", hub_name),
        body,
    };
    if let Err(e) = hub.mailer().send(&email).await {
        if let Err(e) = hub.store().delete_password_reset(&hash).await {
            tracing::warn!(error = %e, "could not remove an unsent reset token");
        }
        return Err(match e {
            crate::mail::MailError::Invalid(m) => Failure::Permanent(m),
            crate::mail::MailError::Delivery(m) => Failure::Transient(m),
        });
    }
    Ok(())
}

/// Whether a reset link can still be used (to show the form or an explanation).
pub async fn reset_link_valid(hub: &Hub, token: &str) -> Result<bool> {
    Ok(hub
        .store()
        .password_reset_valid(&hash_secret(token), hub.now())
        .await?)
}

/// Sets a new password through a reset link, ending every session of the account.
pub async fn reset_password(hub: &Hub, token: &str, new_password: &str) -> Result<User> {
    require_password_login(hub)?;
    let mut errors = FieldErrors::new();
    validate::check_new_password(new_password, &mut errors);
    errors.into_result()?;
    let hash = hub.passwords().hash(new_password).await?;
    let now = hub.now();
    let Some(user_id) = hub
        .store()
        .reset_password(&hash_secret(token), &hash, now)
        .await?
    else {
        return Err(ServiceError::field(
            "token",
            Text::new("err-com-reset-link-used"),
        ));
    };
    let user = hub
        .store()
        .user_by_id(user_id)
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    hub.store()
        .audit(
            Some(user.id),
            "user.password_reset",
            ("user", Some(user.id.0)),
            "",
            now,
        )
        .await?;
    password_changed_notice(hub, &user).await?;
    Ok(user)
}

/// Changes the password of a signed-in user who knows the current one; ends their sessions.
pub async fn change_password(
    hub: &Hub,
    user: &User,
    current: &str,
    new_password: &str,
) -> Result<()> {
    require_password_login(hub)?;
    let hash = hub.store().password_hash(user.id).await?;
    if !hub.passwords().verify(current, hash.as_deref()).await? {
        return Err(ServiceError::field(
            "current_password",
            Text::new("err-com-wrong-password"),
        ));
    }
    let mut errors = FieldErrors::new();
    validate::check_new_password(new_password, &mut errors);
    errors.into_result()?;
    let hash = hub.passwords().hash(new_password).await?;
    hub.store()
        .set_password_hash(user.id, &hash, hub.now())
        .await?;
    password_changed_notice(hub, user).await
}

async fn password_changed_notice(hub: &Hub, user: &User) -> Result<()> {
    let hub_name = &hub.config().hub.name;
    let tr = crate::mail::user_tr(hub, user);
    let link = format!("{}/reset", hub.config().public_url());
    crate::mail::enqueue(
        hub,
        &Email {
            to: user.email.clone(),
            subject: tr.v("mail-password-changed-subject", "hub", hub_name),
            body: format!(
                "{}\n\n{}\n",
                crate::mail::hello(tr, Some(user.name.as_str())),
                tr.args(
                    "mail-password-changed-body",
                    &[
                        ("hub", chorus_i18n::Arg::from(hub_name)),
                        ("link", chorus_i18n::Arg::from(link)),
                    ],
                ),
            ),
        },
        None,
    )
    .await
}
