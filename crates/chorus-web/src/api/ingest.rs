//! Push doors for relays: signed webhooks and inbound e-mail. Not under `/api/v1` because
//! they authenticate with the source's secret rather than a user's token.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use chorus_core::Channel;
use chorus_i18n::Text;
use chorus_listen::{email, webhook};
use chorus_service::listen;
use chorus_service::listen::sources::{self, PushError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// What happened to the mentions of a push.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PushReportJson {
    /// Ids of the mentions stored now.
    stored: Vec<i64>,
    /// Mentions already stored before (by channel and external id).
    duplicates: usize,
    /// Items refused, by position in the body, with the reason per field.
    rejected: Vec<RejectedJson>,
    /// Valid items left out because they do not match the source's query (webhook sources).
    filtered: usize,
}

/// A refused item.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RejectedJson {
    /// 0-based position in the body.
    index: usize,
    /// Field → what is wrong.
    #[schema(value_type = Object)]
    fields: serde_json::Map<String, serde_json::Value>,
}

fn body_or_error(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                "payload_too_large",
                "The body is larger than `listen.max_ingest_bytes`.",
            )
        } else {
            ApiError::new("bad_request", e.body_text())
        }
    })
}

fn push_error(e: PushError) -> ApiError {
    match e {
        PushError::NoSource(_) => ApiError::new("not_found", capitalized(&e.to_string())),
        PushError::Unauthorized(m) => ApiError::new("invalid_signature", capitalized(&m)),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    let mut out: String = c
        .next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default();
    out.push('.');
    out
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn signature(headers: &HeaderMap) -> Option<&str> {
    webhook::SIGNATURE_HEADERS
        .iter()
        .find_map(|h| header_str(headers, h))
}

/// Mentions from a relay, signed with the source's secret: `X-Chorus-Signature:
/// sha256=<hex HMAC-SHA256 of the body>` (or GitHub's `X-Hub-Signature-256`). The body is a
/// mention object, an array of them, or `{"mentions": [...]}`.
#[utoipa::path(post, path = "/ingest/webhook/{id}", tag = "ingest",
    params(("id" = i64, Path, description = "Webhook source id"),
        ("X-Chorus-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256 of the raw body with the source's secret>")),
    request_body(content = String, content_type = "application/json", description = "A mention, an array of mentions, or {\"mentions\": [...]}"),
    responses((status = 200, description = "Ingested (see `rejected` for refused items)", body = PushReportJson),
        (status = 400, body = ErrorBody), (status = 401, description = "Bad or missing signature; nothing stored", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, description = "Every item was refused", body = ErrorBody)))]
pub(crate) async fn webhook_push(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushReportJson>, ApiError> {
    let body = body_or_error(body)?;
    let source = sources::authenticate_push(
        &state.hub,
        id,
        Channel::Webhook,
        &body,
        signature(&headers),
        None,
    )
    .await
    .map_err(push_error)?;
    let inputs = webhook::parse_payload(&body).map_err(|e| match e {
        webhook::PayloadError::Json(m) => {
            ApiError::new("bad_request", capitalized(&format!("invalid JSON: {m}")))
        }
        other => ApiError::from(chorus_service::ServiceError::field(
            "mentions",
            // The parser's own account of what is wrong with the payload.
            Text::verbatim(other.to_string()),
        )),
    })?;
    let report = listen::ingest_inputs(&state.hub, &inputs, Some(&source)).await?;
    if report.stored.is_empty()
        && report.duplicates == 0
        && report.filtered == 0
        && !report.rejected.is_empty()
    {
        let mut all = chorus_core::FieldErrors::new();
        for (i, errs) in &report.rejected {
            for e in &errs.0 {
                let field = if inputs.len() == 1 {
                    e.field.clone()
                } else {
                    format!("{i}.{}", e.field)
                };
                all.add(&field, e.text.clone());
            }
        }
        return Err(chorus_service::ServiceError::Validation(all).into());
    }
    Ok(Json(PushReportJson {
        stored: report.stored,
        duplicates: report.duplicates,
        filtered: report.filtered,
        rejected: report
            .rejected
            .iter()
            .map(|(index, f)| RejectedJson {
                index: *index,
                fields: f
                    .0
                    .iter()
                    .map(|e| {
                        (
                            e.field.clone(),
                            serde_json::Value::String(e.message.clone()),
                        )
                    })
                    .collect(),
            })
            .collect(),
    }))
}

/// What an inbound e-mail became.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EmailReportJson {
    /// The mention's id; null when the message was filtered out.
    id: Option<i64>,
    /// False when this message was already stored or filtered out.
    created: bool,
    /// True when the message does not match the source's query and was not stored.
    filtered: bool,
}

/// A raw RFC 5322 message, as inbound-mail services and MTA pipes post it. Authenticated by
/// the source's secret, as a signature (`X-Chorus-Signature`) or as `Authorization: Bearer`.
#[utoipa::path(post, path = "/ingest/email/{id}", tag = "ingest",
    params(("id" = i64, Path, description = "E-mail source id")),
    request_body(content = String, content_type = "message/rfc822", description = "The raw message"),
    responses((status = 201, description = "Stored", body = EmailReportJson),
        (status = 200, description = "Already stored, or filtered out by the source's query (`filtered`)", body = EmailReportJson),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, description = "Not an e-mail message", body = ErrorBody)))]
pub(crate) async fn email_push(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<EmailReportJson>), ApiError> {
    let body = body_or_error(body)?;
    let bearer = header_str(&headers, header::AUTHORIZATION.as_str())
        .and_then(|v| v.split_once(' '))
        .filter(|(s, _)| s.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    let source = sources::authenticate_push(
        &state.hub,
        id,
        Channel::Email,
        &body,
        signature(&headers),
        bearer,
    )
    .await
    .map_err(push_error)?;
    let m = email::parse_message(&body, state.hub.now()).map_err(|e| {
        ApiError::from(chorus_service::ServiceError::field(
            "message",
            Text::verbatim(e.to_string()),
        ))
    })?;
    let (channel, external_id) = (m.channel, m.external_id.clone());
    let report = listen::ingest_pushed(&state.hub, vec![m], Some(&source)).await?;
    match report.stored.first() {
        _ if report.filtered > 0 => Ok((
            StatusCode::OK,
            Json(EmailReportJson {
                id: None,
                created: false,
                filtered: true,
            }),
        )),
        Some(id) => Ok((
            StatusCode::CREATED,
            Json(EmailReportJson {
                id: Some(*id),
                created: true,
                filtered: false,
            }),
        )),
        _ => {
            let existing = listen::stored_mention_id(&state.hub, channel, &external_id)
                .await?
                .ok_or_else(|| ApiError::new("internal", "The message vanished."))?;
            Ok((
                StatusCode::OK,
                Json(EmailReportJson {
                    id: Some(existing),
                    created: false,
                    filtered: false,
                }),
            ))
        }
    }
}
