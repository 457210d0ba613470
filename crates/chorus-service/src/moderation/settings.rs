//! What moderators set: word filters (and trying them on a text), members' trust levels, and
//! lifting a silence.

use super::*;

/// Word filters (moderators).
pub async fn word_filters(hub: &Hub, actor: &User) -> Result<Vec<FilterRule>> {
    require(actor, Action::Moderate)?;
    Ok(hub.store().word_filters().await?)
}

/// Adds a word filter.
pub async fn add_word_filter(
    hub: &Hub,
    actor: &User,
    pattern: &str,
    action: &str,
    replacement: &str,
) -> Result<FilterRule> {
    require(actor, Action::Moderate)?;
    let pattern = pattern
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut errors = chorus_core::FieldErrors::new();
    if let Err(e) = rules::check_pattern(&pattern) {
        errors.add("pattern", e);
    }
    let action = match action.trim().parse::<FilterAction>() {
        Ok(a) => Some(a),
        Err(e) => {
            errors.add("action", e.text());
            None
        }
    };
    let replacement = replacement.trim();
    if replacement.chars().count() > 100 {
        errors.add(
            "replacement",
            Text::new("err-engage-too-long").arg("max", 100),
        );
    }
    errors.into_result()?;
    let action = action
        .ok_or_else(|| ServiceError::field("action", Text::new("err-engage-mod-filter-action")))?;
    let replacement = if action == FilterAction::Replace && replacement.is_empty() {
        "■■■"
    } else {
        replacement
    };
    let existing = hub.store().word_filters().await?;
    if existing.iter().any(|f| f.pattern == pattern) {
        return Err(ServiceError::Conflict(
            Text::new("err-engage-mod-filter-exists").arg("pattern", format!("{pattern:?}")),
        ));
    }
    let id = hub
        .store()
        .add_word_filter(&pattern, action, replacement, actor.id, hub.now())
        .await?;
    hub.store()
        .log_moderation(
            &NewLogEntry {
                item_id: None,
                action: "filter_added",
                reason: action.label(),
                target: None,
                subject: None,
                moderator: Some(actor.id),
                detail: &pattern,
            },
            hub.now(),
        )
        .await?;
    Ok(FilterRule {
        id,
        pattern,
        action,
        replacement: replacement.to_owned(),
    })
}

/// Removes a word filter.
pub async fn delete_word_filter(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::Moderate)?;
    if !hub.store().delete_word_filter(id).await? {
        return Err(ServiceError::NotFound("filter"));
    }
    Ok(())
}

/// What the filters would do to a text (the filter page's "try it").
pub async fn test_filters(hub: &Hub, actor: &User, text: &str) -> Result<FilterOutcome> {
    require(actor, Action::Moderate)?;
    Ok(filters(hub).await?.check(text))
}

/// Sets a member's trust level by hand (automatic promotion stops for them).
pub async fn set_trust(hub: &Hub, actor: &User, user: UserId, level: &str) -> Result<History> {
    require(actor, Action::Moderate)?;
    let level: TrustLevel = level
        .trim()
        .parse()
        .map_err(|e: chorus_core::community::UnknownName| ServiceError::field("level", e.text()))?;
    hub.store()
        .user_by_id(user)
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    hub.store()
        .set_trust_level(user, level, Some(actor.id))
        .await?;
    hub.store()
        .log_moderation(
            &NewLogEntry {
                item_id: None,
                action: "trust_level",
                reason: level.label(),
                target: None,
                subject: Some(user),
                moderator: Some(actor.id),
                detail: "",
            },
            hub.now(),
        )
        .await?;
    history_of(hub, user).await
}

/// Lifts a silence early.
pub async fn unsilence(hub: &Hub, actor: &User, user: UserId, reason: &str) -> Result<History> {
    require(actor, Action::Moderate)?;
    let reason = check_reason(ModAction::Approve, reason)?;
    hub.store().set_silenced(user, None).await?;
    let log_id = hub
        .store()
        .log_moderation(
            &NewLogEntry {
                item_id: None,
                action: "unsilence",
                reason: &reason,
                target: None,
                subject: Some(user),
                moderator: Some(actor.id),
                detail: "",
            },
            hub.now(),
        )
        .await?;
    notify_author(
        hub,
        user,
        None,
        &format!("You can post again: {reason}"),
        log_id,
    )
    .await?;
    history_of(hub, user).await
}
