use chorus_core::{FieldErrors, Timestamp};
use chorus_i18n::Text;
use chorus_store::StoreError;
use thiserror::Error;

/// Why a service call was refused or failed. Each variant has a stable [`code`](Self::code)
/// that the API returns, so clients can match on it.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// The input was understood but is not acceptable; one message per field.
    #[error("validation failed: {0}")]
    Validation(FieldErrors),
    /// No (valid) credentials were presented.
    #[error("authentication required")]
    Unauthenticated,
    /// The e-mail address and password do not match an account.
    #[error("wrong e-mail address or password")]
    InvalidCredentials,
    /// The account is suspended.
    #[error("this account is suspended")]
    Suspended,
    /// The caller may not do this.
    #[error("you do not have permission to do this")]
    Forbidden,
    /// The thing does not exist (or the caller may not know it does).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with the current state.
    #[error("{0}")]
    Conflict(Text),
    /// Too many attempts; try again after the given number of seconds.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// The member is silenced by a moderator until the given time.
    #[error("a moderator has paused your posting until {until}")]
    Silenced {
        /// When they may post again (RFC 3339).
        until: String,
    },
    /// The compose form asks the author to reconsider before the post is held (pages only;
    /// the API always creates the post). Submitting the same text with `token` holds it.
    #[error("{}", reason.nudge())]
    Nudge {
        /// Why the post would be held.
        reason: chorus_core::moderation::HoldReason,
        /// Digest of the text the author was nudged about.
        token: String,
    },
    /// Something broke on our side; details are logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
    /// A part the hub needs is not answering (the broker, or no pipeline worker took the
    /// work in time); what was accepted is kept, and repeating the request is safe.
    #[error("{0}")]
    Unavailable(Text),
}

impl ServiceError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Validation(_) => "validation_failed",
            ServiceError::Unauthenticated => "unauthenticated",
            ServiceError::InvalidCredentials => "invalid_credentials",
            ServiceError::Suspended => "account_suspended",
            ServiceError::Forbidden => "forbidden",
            ServiceError::NotFound(_) => "not_found",
            ServiceError::Conflict(_) => "conflict",
            ServiceError::RateLimited { .. } => "rate_limited",
            ServiceError::Silenced { .. } => "silenced",
            ServiceError::Nudge { .. } => "nudge",
            ServiceError::Internal(_) => "internal",
            ServiceError::Unavailable(_) => "unavailable",
        }
    }

    /// What a person is told, to be written in their language (the API writes it in
    /// English); internal details stay in the logs.
    pub fn text(&self) -> Text {
        use chorus_core::moderation::HoldReason;
        match self {
            ServiceError::Validation(_) => Text::new("err-fields"),
            ServiceError::Unauthenticated => Text::new("err-unauthenticated"),
            ServiceError::InvalidCredentials => Text::new("err-invalid-credentials"),
            ServiceError::Suspended => Text::new("err-suspended"),
            ServiceError::Forbidden => Text::new("err-forbidden"),
            ServiceError::NotFound(what) => Text::new("err-not-found").arg("what", *what),
            ServiceError::Conflict(t) | ServiceError::Unavailable(t) => t.clone(),
            ServiceError::RateLimited { retry_after_secs } => {
                Text::new("err-rate-limited").arg("secs", retry_after_secs.to_string())
            }
            ServiceError::Silenced { until } => Text::new("err-silenced").arg("until", until),
            ServiceError::Nudge { reason, .. } => Text::new(match reason {
                HoldReason::Abuse => "ask-nudge-abuse",
                HoldReason::Filter => "ask-nudge-filter",
                HoldReason::Spam => "ask-nudge-spam",
                HoldReason::Flags => "ask-nudge-flags",
            }),
            ServiceError::Internal(_) => Text::new("err-internal"),
        }
    }

    /// A validation error on one field.
    pub fn field(field: &str, text: Text) -> Self {
        ServiceError::Validation(FieldErrors::single(field, text))
    }
}

/// A page size from a query string: `default` when absent, otherwise 1–`max` or a validation
/// error on `limit`. Out-of-range sizes are refused rather than clamped, so a caller who asks for
/// 10,000 rows learns that they get at most `max` instead of silently receiving fewer.
pub fn page_limit(limit: Option<i64>, default: i64, max: i64) -> Result<i64, ServiceError> {
    let mut errors = FieldErrors::new();
    let n = check_limit(&mut errors, limit, default, max);
    errors.into_result()?;
    Ok(n)
}

/// [`page_limit`] for a service that gathers every field's problem before answering.
pub(crate) fn check_limit(
    errors: &mut FieldErrors,
    limit: Option<i64>,
    default: i64,
    max: i64,
) -> i64 {
    let n = limit.unwrap_or(default);
    if !(1..=max).contains(&n) {
        errors.add("limit", Text::new("err-limit-range").arg("max", max));
    }
    n
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        if let StoreError::Fenced(lease) = &e {
            // Another instance took over the work; asking again reaches it.
            return ServiceError::Unavailable(
                Text::new("err-lease-moved").arg("lease", lease.to_string()),
            );
        }
        tracing::error!(error = %e, "store error");
        ServiceError::Internal(e.to_string())
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Validation(e)
    }
}

/// Parses a `from`/`to` value: a date (`2026-11-22`, midnight UTC) or an RFC 3339 time.
pub fn parse_when(field: &str, value: Option<&str>) -> Result<Option<Timestamp>, ServiceError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Some(t) = Timestamp::parse_rfc3339(v) {
        return Ok(Some(t));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(v, format) {
        Ok(d) => Ok(Some(Timestamp::from_datetime(d.midnight().assume_utc()))),
        Err(_) => Err(ServiceError::field(
            field,
            Text::new("err-not-a-date").arg("value", format!("{v:?}")),
        )),
    }
}
