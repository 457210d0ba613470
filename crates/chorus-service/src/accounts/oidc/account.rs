//! Whose account a verified sign-in opens: the one linked to the provider's subject, else the
//! one with the address the provider vouches for (linked now), else a new one if the provider
//! may create accounts; and the role a configured claim grants it. The hub's own rules (the
//! sign-up limit, the last admin, suspended accounts) apply here as to every other door.

use chorus_core::validate;
use chorus_core::{Role, Timestamp, User};
use chorus_i18n::Text;
use chorus_store::StoreError;
use chorus_store::oidc::Identity;
use chorus_store::users::NewUser;

use super::{Claims, OidcError, Result};
use crate::accounts;
use crate::config::OidcProvider;
use crate::{Hub, Origin, ServiceError};

/// Marks an account made through a provider: no password can match it (it is not a PHC
/// string), so the person signs in through the provider or sets a password by a reset link.
const NO_PASSWORD: &str = "!oidc";

/// The role a provider's claims grant: the highest mapped value, else the default role.
/// `None` when the claim is absent (not sent, or sent elsewhere as Entra ID does past 200
/// groups): then nothing is known and the account keeps its role.
pub(crate) fn mapped_role(config: &OidcProvider, claims: &Claims) -> Option<Role> {
    let values = claims.role_values(config.role_claim.trim())?;
    Some(
        config
            .role_map()
            .unwrap_or_default()
            .into_iter()
            .filter(|(value, _)| values.contains(value))
            .map(|(_, role)| role)
            .max()
            .unwrap_or_else(|| config.default_role()),
    )
}

/// A display name from the claims that passes the hub's name rules.
pub(super) fn display_name(claims: &Claims, email: &str) -> String {
    let candidates = [
        claims.name.as_deref(),
        claims.preferred_username.as_deref(),
        email.split('@').next(),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(|n| n.trim().chars().take(60).collect::<String>())
        .find(|n| {
            let mut errors = chorus_core::FieldErrors::new();
            validate::check_name(n, &mut errors);
            errors.is_empty()
        })
        .unwrap_or_else(|| "Member".to_owned())
}

/// The account a verified sign-in belongs to, and whether it was just created:
///
/// - linked before (same issuer and subject): that account;
/// - else an account with the same address, if the provider verified it: linked now, and its
///   password, sessions, tokens and reset links are ended (the hub never confirmed who set
///   that password; see [`chorus_store::Store::link_oidc_identity_taking_over`]);
/// - else a new account, when the provider creates them.
///
/// Then a configured role claim sets the role, never taking it from the last admin.
pub(super) async fn account_for(
    hub: &Hub,
    key: &str,
    config: &OidcProvider,
    claims: &Claims,
    origin: &Origin,
) -> Result<(User, bool)> {
    let now = hub.now();
    let store = hub.store();
    let email = claims
        .email
        .as_deref()
        .map(validate::normalize_email)
        .unwrap_or_default();
    let identity = Identity {
        issuer: &claims.iss,
        subject: &claims.sub,
        provider: key,
        email: &email,
    };
    if !email.is_empty() && !config.allows_email(&email) {
        return Err(OidcError::NoAccount(email));
    }
    let (user, created) = if let Some(user) = store.oidc_identity_user(&identity).await? {
        refuse_suspended(&user)?;
        store.link_oidc_identity(&identity, user.id, now).await?;
        (user, false)
    } else if let Some(found) = store
        .user_by_email(&email)
        .await?
        .filter(|_| !email.is_empty())
    {
        if !claims.email_verified() {
            return Err(OidcError::UnverifiedEmail);
        }
        refuse_suspended(&found.user)?;
        if found.password_hash.starts_with('!') {
            store
                .link_oidc_identity(&identity, found.user.id, now)
                .await?;
        } else {
            store
                .link_oidc_identity_taking_over(&identity, found.user.id, NO_PASSWORD, now)
                .await?;
        }
        store
            .audit(
                Some(found.user.id),
                "user.identity_linked",
                ("user", Some(found.user.id.0)),
                key,
                now,
            )
            .await?;
        (found.user, false)
    } else {
        (
            create_account(hub, key, config, claims, &identity, origin).await?,
            true,
        )
    };
    if created || config.role_claim.trim().is_empty() {
        return Ok((user, created));
    }
    let Some(role) = mapped_role(config, claims) else {
        return Ok((user, created));
    };
    if role == user.role {
        return Ok((user, created));
    }
    if user.role == Role::Admin && store.count_active_admins().await? <= 1 {
        tracing::warn!(
            user = user.id.0,
            "the role claim would demote the last admin; kept"
        );
        return Ok((user, created));
    }
    store.set_role(user.id, role, now).await?;
    store
        .audit(
            Some(user.id),
            "user.role_changed",
            ("user", Some(user.id.0)),
            &format!("{} -> {role} (from {key})", user.role),
            now,
        )
        .await?;
    Ok((User { role, ..user }, created))
}

fn refuse_suspended(user: &User) -> Result<()> {
    if user.is_suspended() {
        Err(ServiceError::Suspended.into())
    } else {
        Ok(())
    }
}

/// Creates the account of a first sign-in, if the provider may: it creates accounts, the
/// address is verified (or trusted), and the hub takes sign-ups or the provider is limited to
/// the company's own domains; counted against the sign-up limit of the address.
async fn create_account(
    hub: &Hub,
    key: &str,
    config: &OidcProvider,
    claims: &Claims,
    identity: &Identity<'_>,
    origin: &Origin,
) -> Result<User> {
    let email = identity.email;
    if email.is_empty() || !(claims.email_verified() || config.trust_email) {
        return Err(OidcError::UnverifiedEmail);
    }
    let closed = !hub.config().auth.allow_signup && config.allowed_domains.trim().is_empty();
    if !config.create_accounts || closed {
        return Err(OidcError::NoAccount(email.to_owned()));
    }
    let mut errors = chorus_core::FieldErrors::new();
    validate::check_email(email, &mut errors);
    if !errors.is_empty() {
        return Err(OidcError::InvalidToken(format!(
            "the e-mail address {email:?} cannot be used"
        )));
    }
    let ip = origin.ip.as_deref().unwrap_or("unknown");
    let limit = i64::from(hub.config().auth.signups_per_hour);
    accounts::count_attempt(hub, accounts::SIGNUP_ADDRESS, ip, limit, Timestamp::HOUR).await?;
    let now = hub.now();
    let role = if config.role_claim.trim().is_empty() {
        config.default_role()
    } else {
        mapped_role(config, claims).unwrap_or_else(|| config.default_role())
    };
    let name = display_name(claims, email);
    let new = NewUser {
        email,
        name: &name,
        password_hash: NO_PASSWORD,
        role,
    };
    let user = match hub
        .store()
        .insert_user_with_identity(&new, identity, now)
        .await
    {
        Ok(user) => user,
        // Two first sign-ins raced; the other one made the account.
        Err(StoreError::Conflict(_)) => {
            let text = Text::new("err-com-oidc-race");
            return Err(OidcError::Service(ServiceError::Conflict(text)));
        }
        Err(e) => return Err(e.into()),
    };
    accounts::signed_up(hub, &user, key).await?;
    Ok(user)
}
