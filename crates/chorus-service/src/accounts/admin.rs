//! User administration: list, change roles, suspend, create.

use chorus_core::validate;
use chorus_core::{Action, Role, User, UserId};
use chorus_i18n::Text;
use chorus_store::users::UserFilter;

use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// Users matching `filter`, for admins.
pub async fn list_users(hub: &Hub, actor: &User, filter: &UserFilter) -> Result<Vec<User>> {
    require(actor, Action::ListUsers)?;
    Ok(hub.store().list_users(filter).await?)
}

/// One user, for admins.
pub async fn get_user(hub: &Hub, actor: &User, id: UserId) -> Result<User> {
    require(actor, Action::ListUsers)?;
    hub.store()
        .user_by_id(id)
        .await?
        .ok_or(ServiceError::NotFound("user"))
}

async fn target(hub: &Hub, id: UserId) -> Result<User> {
    hub.store()
        .user_by_id(id)
        .await?
        .ok_or(ServiceError::NotFound("user"))
}

/// Gives `target_id` a new role. An admin cannot demote themselves, so a hub always keeps at
/// least the admin who is acting.
pub async fn set_role(hub: &Hub, actor: &User, target_id: UserId, role: Role) -> Result<User> {
    require(actor, Action::ChangeRole)?;
    let before = target(hub, target_id).await?;
    if before.id == actor.id && role != Role::Admin {
        return Err(ServiceError::Conflict(Text::new("err-com-own-admin")));
    }
    if before.role == role {
        return Ok(before);
    }
    let now = hub.now();
    hub.store().set_role(target_id, role, now).await?;
    hub.store()
        .audit(
            Some(actor.id),
            "user.role_changed",
            ("user", Some(target_id.0)),
            &format!("{} -> {}", before.role, role),
            now,
        )
        .await?;
    target(hub, target_id).await
}

/// Like [`set_role`] with the role given by name (from a form or JSON body); the permission is
/// checked before the name, so a member learns nothing about valid roles.
pub async fn set_role_by_name(
    hub: &Hub,
    actor: &User,
    target_id: UserId,
    role: &str,
) -> Result<User> {
    require(actor, Action::ChangeRole)?;
    let role = role
        .parse::<Role>()
        .map_err(|e| ServiceError::field("role", e.text()))?;
    set_role(hub, actor, target_id, role).await
}

/// The newest audit-log entries, for admins.
pub async fn audit_log(
    hub: &Hub,
    actor: &User,
    limit: i64,
) -> Result<Vec<chorus_core::views::admin::AuditEntry>> {
    require(actor, Action::ListUsers)?;
    Ok(hub.store().list_audit(limit).await?)
}

/// Suspends an account: no log-in, no API access, every session ended.
pub async fn suspend(hub: &Hub, actor: &User, target_id: UserId, reason: &str) -> Result<User> {
    require(actor, Action::SuspendUser)?;
    let before = target(hub, target_id).await?;
    if before.id == actor.id {
        return Err(ServiceError::Conflict(Text::new("err-com-suspend-self")));
    }
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(ServiceError::field(
            "reason",
            Text::new("err-com-at-most-chars").arg("max", 500),
        ));
    }
    let now = hub.now();
    hub.store()
        .set_suspended(target_id, Some((now, reason)), now)
        .await?;
    hub.store()
        .audit(
            Some(actor.id),
            "user.suspended",
            ("user", Some(target_id.0)),
            reason,
            now,
        )
        .await?;
    target(hub, target_id).await
}

/// Lifts a suspension.
pub async fn unsuspend(hub: &Hub, actor: &User, target_id: UserId) -> Result<User> {
    require(actor, Action::SuspendUser)?;
    target(hub, target_id).await?;
    let now = hub.now();
    hub.store().set_suspended(target_id, None, now).await?;
    hub.store()
        .audit(
            Some(actor.id),
            "user.reinstated",
            ("user", Some(target_id.0)),
            "",
            now,
        )
        .await?;
    target(hub, target_id).await
}

/// Creates an account with any role, from the command line (trusted: no actor).
pub async fn create_user(
    hub: &Hub,
    email: &str,
    name: &str,
    password: &str,
    role: Role,
) -> Result<User> {
    let email = validate::normalize_email(email);
    let user = super::create_user(hub, &email, name, password, role).await?;
    hub.store()
        .audit(
            None,
            "user.created",
            ("user", Some(user.id.0)),
            role.as_str(),
            hub.now(),
        )
        .await?;
    Ok(user)
}

/// Re-seals every source secret with a new key (`new_key`, or a random one): see
/// `secrets::rotate` for how the key files change without a moment of risk.
pub async fn rotate_secret_key(
    hub: &Hub,
    new_key: Option<&str>,
) -> Result<crate::secrets::Rotation> {
    crate::secrets::rotate(hub.config(), hub.store(), new_key, hub.now()).await
}
