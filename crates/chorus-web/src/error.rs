//! Errors over HTTP: one table of stable codes, JSON for the API, friendly pages for people.
//!
//! API handlers return [`ApiError`], rendered as `{"code", "message", "fields"?}`. Page handlers
//! return [`PageError`], which only marks the response; the `error_pages` layer then renders the
//! full page with the visitor's navigation (or JSON, for `/api/` paths). Layers that reject
//! requests (CSRF, body limit, timeout, unknown routes) go through the same marker, so every
//! error a person sees is a real page and every error a program sees is JSON.

use axum::Json;
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chorus_core::FieldErrors;
use chorus_i18n::Text;
use chorus_service::ServiceError;
use serde::Serialize;

/// Every error code the API returns: code, HTTP status, meaning. Clients may match on codes;
/// they never change meaning.
pub const ERROR_CODES: &[(&str, u16, &str)] = &[
    (
        "bad_request",
        400,
        "The request could not be parsed (malformed JSON or form body).",
    ),
    (
        "unauthenticated",
        401,
        "No valid session or bearer token was presented.",
    ),
    (
        "invalid_credentials",
        401,
        "The e-mail address and password do not match an account.",
    ),
    (
        "invalid_signature",
        401,
        "A webhook or inbound e-mail was not signed with its source's secret; nothing was stored.",
    ),
    ("account_suspended", 403, "The account is suspended."),
    ("forbidden", 403, "The caller's role does not allow this."),
    (
        "silenced",
        403,
        "A moderator has paused the member's posting; the message says until when.",
    ),
    (
        "cross_site_request",
        403,
        "A state-changing request came from another site (CSRF protection).",
    ),
    ("not_found", 404, "No such route or object."),
    (
        "method_not_allowed",
        405,
        "The route exists but not with this method.",
    ),
    ("request_timeout", 408, "The request took too long."),
    (
        "conflict",
        409,
        "The request conflicts with the current state.",
    ),
    (
        "payload_too_large",
        413,
        "The body is larger than `server.max_body_bytes` (`listen.max_ingest_bytes` for ingest doors).",
    ),
    (
        "unsupported_media_type",
        415,
        "The body must be `application/json` (API) or a form.",
    ),
    (
        "validation_failed",
        422,
        "The input is understood but not acceptable; see `fields`.",
    ),
    (
        "nudge",
        422,
        "The compose form asks the author to rephrase before the post is held (pages only).",
    ),
    (
        "rate_limited",
        429,
        "Too many attempts; see the `Retry-After` header.",
    ),
    (
        "internal",
        500,
        "Something broke on our side; it was logged.",
    ),
    (
        "unavailable",
        503,
        "A dependency (the database, the broker) is not reachable, or no pipeline worker took \
         the work in time; what was accepted is kept and repeating the request is safe.",
    ),
];

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code (see the error code table).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// Per-field messages for `validation_failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
}

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    fields: Option<FieldErrors>,
    retry_after: Option<u64>,
}

impl ApiError {
    /// An error with a code from [`ERROR_CODES`].
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: status_of(code),
            code,
            message: message.into(),
            fields: None,
            retry_after: None,
        }
    }
}

pub(crate) fn status_of(code: &str) -> StatusCode {
    ERROR_CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .and_then(|(_, s, _)| StatusCode::from_u16(*s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn fields_json(fields: &FieldErrors) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    for e in &fields.0 {
        map.entry(e.field.clone())
            .or_insert_with(|| serde_json::Value::String(e.message.clone()));
    }
    map
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        let code = e.code();
        let mut out = ApiError::new(code, public_message(&e));
        match e {
            ServiceError::Validation(f) => out.fields = Some(f),
            ServiceError::RateLimited { retry_after_secs } => {
                out.retry_after = Some(retry_after_secs)
            }
            ServiceError::Unavailable(_) => out.retry_after = Some(5),
            _ => {}
        }
        out
    }
}

/// What clients are told, in English; internal details stay in the logs.
fn public_message(e: &ServiceError) -> String {
    capitalize(&e.text().english())
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code.to_owned(),
            message: self.message,
            fields: self.fields.as_ref().map(fields_json),
        };
        let mut resp = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                "unsupported_media_type",
                "Send the body as JSON with `Content-Type: application/json`.",
            ),
            JsonRejection::JsonDataError(e) => {
                let text = e.body_text();
                let (field, problem) = field_of(&text);
                let mut out =
                    ApiError::new("validation_failed", format!("Field `{field}`: {problem}"));
                // serde's own words about the JSON a program sent.
                out.fields = Some(FieldErrors::single(&field, Text::verbatim(problem)));
                out
            }
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::new("payload_too_large", "The request body is too large.")
            }
            other => ApiError::new("bad_request", other.body_text()),
        }
    }
}

/// The field a serde data error is about and what is wrong with it, from messages such as
/// "missing field `email` at line 1 column 2" or "password: invalid type: integer `3`, expected
/// a string at line 1 column 14".
fn field_of(text: &str) -> (String, String) {
    let msg = text
        .strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .unwrap_or(text);
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = msg.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("body");
        return (field.to_owned(), "This field is required.".to_owned());
    }
    match msg.split_once(": ") {
        Some((path, problem)) if !path.contains(' ') && !path.is_empty() => {
            (path.to_owned(), capitalize(problem))
        }
        _ => ("body".to_owned(), capitalize(msg)),
    }
}

/// A sentence as shown on its own: a capital first letter and a full stop.
pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    let mut out: String = c
        .next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// Marks a response as an error page; the `error_pages` layer renders it.
#[derive(Debug, Clone)]
pub(crate) struct ErrorMark {
    pub(crate) code: &'static str,
    /// Written in English for the API and in the reader's language on a page.
    pub(crate) message: Text,
}

/// An error shown to a person as a page.
#[derive(Debug)]
pub struct PageError {
    code: &'static str,
    message: Text,
    retry_after: Option<u64>,
}

impl PageError {
    /// A page for `code` with an explanation.
    pub fn new(code: &'static str, message: Text) -> Self {
        PageError {
            code,
            message,
            retry_after: None,
        }
    }

    /// The 404 page.
    pub fn not_found() -> Self {
        PageError::new("not_found", Text::new("error-page-not-found"))
    }
}

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        let retry_after = match &e {
            ServiceError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let message = match &e {
            ServiceError::Forbidden => Text::new("error-page-forbidden"),
            ServiceError::NotFound(_) => Text::new("error-page-not-found"),
            other => other.text(),
        };
        PageError {
            code: e.code(),
            message,
            retry_after,
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut resp = status_of(self.code).into_response();
        resp.extensions_mut().insert(ErrorMark {
            code: self.code,
            message: self.message,
        });
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

impl From<FormRejection> for PageError {
    fn from(r: FormRejection) -> Self {
        match r {
            FormRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                PageError::new("payload_too_large", Text::new("error-page-too-large"))
            }
            FormRejection::InvalidFormContentType(_) => {
                PageError::new("unsupported_media_type", Text::new("error-page-not-a-form"))
            }
            other => PageError::new(
                "bad_request",
                Text::new("error-page-unreadable-form").arg("detail", other.body_text()),
            ),
        }
    }
}

/// Unknown routes.
pub(crate) async fn fallback() -> PageError {
    PageError::not_found()
}

/// A panic inside a handler: log it, answer a plain 500 (the layout may be what panicked).
pub(crate) fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = %detail, "handler panicked");
    let mut resp = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    resp.extensions_mut().insert(ErrorMark {
        code: "internal",
        message: Text::new("err-internal"),
    });
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_error_has_a_code_in_the_table() {
        let errors = [
            ServiceError::Validation(FieldErrors::new()),
            ServiceError::Unauthenticated,
            ServiceError::InvalidCredentials,
            ServiceError::Suspended,
            ServiceError::Forbidden,
            ServiceError::NotFound("x"),
            ServiceError::Conflict(Text::new("err-internal")),
            ServiceError::RateLimited {
                retry_after_secs: 1,
            },
            ServiceError::Silenced { until: "x".into() },
            ServiceError::Nudge {
                reason: chorus_core::moderation::HoldReason::Abuse,
                token: "x".into(),
            },
            ServiceError::Internal("x".into()),
            ServiceError::Unavailable(Text::new("err-internal")),
        ];
        for e in errors {
            assert!(
                ERROR_CODES.iter().any(|(c, _, _)| *c == e.code()),
                "{}",
                e.code()
            );
        }
    }

    #[test]
    fn codes_are_unique_and_statuses_valid() {
        for (i, (code, status, _)) in ERROR_CODES.iter().enumerate() {
            assert!(StatusCode::from_u16(*status).is_ok());
            assert!(
                ERROR_CODES[i + 1..].iter().all(|(c, _, _)| c != code),
                "{code} twice"
            );
        }
    }

    #[test]
    fn field_names_are_recovered_from_serde_messages() {
        let (f, m) = field_of(
            "Failed to deserialize the JSON body into the target type: missing field `email` at line 1 column 2",
        );
        assert_eq!(
            (f.as_str(), m.as_str()),
            ("email", "This field is required.")
        );
        let (f, m) = field_of(
            "Failed to deserialize the JSON body into the target type: password: invalid type: integer `3`, expected a string at line 1 column 14",
        );
        assert_eq!(
            (f.as_str(), m.as_str()),
            ("password", "Invalid type: integer `3`, expected a string.")
        );
        assert_eq!(field_of("something else entirely").0, "body");
    }
}
