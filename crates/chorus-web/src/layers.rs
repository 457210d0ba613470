//! Cross-cutting layers and operational routes: CSRF, error pages, security headers, metrics,
//! health and readiness.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chorus_i18n::Text;
use chorus_service::Config;
use tower_http::csrf::CsrfLayer;

use crate::auth::Viewer;
use crate::error::{ApiError, ERROR_CODES, ErrorMark};
use crate::state::{AppState, prometheus};

/// `/healthz`, `/readyz`, `/metrics` and the OpenAPI document.
pub(crate) fn ops_router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers: the instance can serve traffic.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.hub.ready().await {
        Ok(()) => "ready\n".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            ApiError::new("unavailable", "The database is not reachable.").into_response()
        }
    }
}

/// Prometheus text exposition.
async fn metrics_text(State(state): State<AppState>) -> Response {
    if let Ok(jobs) = chorus_service::jobs::counts(&state.hub).await {
        metrics::gauge!("chorus_jobs", "state" => "pending").set(jobs.pending as f64);
        metrics::gauge!("chorus_jobs", "state" => "failed").set(jobs.failed as f64);
    }
    if let Ok(parked) = chorus_service::listen::pipeline::shared::parked(&state.hub).await {
        metrics::gauge!("chorus_parked_work").set(parked as f64);
    }
    let body = prometheus().map(|h| h.render()).unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// CSRF protection on every unsafe method: the browser must say the request is same-origin
/// (`Sec-Fetch-Site`) or send a matching `Origin`. Programs that send neither header (curl, API
/// clients) pass; bearer-token API calls carry no ambient credentials to abuse anyway.
pub(crate) fn csrf(
    config: &Config,
) -> CsrfLayer<impl Fn(tower_http::csrf::ProtectionError) -> Response + Clone + use<>> {
    let mut layer = CsrfLayer::new();
    let public = config.server.public_url.trim().trim_end_matches('/');
    if !public.is_empty() {
        match layer.clone().add_trusted_origin(public) {
            Ok(l) => layer = l,
            Err(e) => {
                tracing::warn!(url = %public, error = %e, "server.public_url is not usable as a trusted origin")
            }
        }
    }
    // The embed API is called from pages of other origins by design; it reads no cookie and
    // acts for no account, so there is nothing for a forged request to borrow.
    let layer = layer.with_insecure_bypass(|_, uri| uri.path().starts_with("/api/v1/embed/"));
    layer.with_rejection_response(|_err| {
        metrics::counter!("chorus_csrf_rejected_total").increment(1);
        let mut resp = StatusCode::FORBIDDEN.into_response();
        resp.extensions_mut().insert(ErrorMark {
            code: "cross_site_request",
            message: Text::new("error-page-cross-site"),
        });
        resp
    })
}

/// Renders marked (and bare) error responses as JSON under `/api/` and as full pages elsewhere,
/// and adds security headers to every response.
pub(crate) async fn finish(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // The ingest doors are API endpoints too (documented in the OpenAPI document).
    // So are oEmbed answers, which blogs and CMSs read as JSON.
    let is_api = req.uri().path().starts_with("/api/")
        || req.uri().path().starts_with("/ingest/")
        || req.uri().path() == "/oembed";
    let headers = req.headers().clone();
    // Pages are written in the reader's language; assets and feeds are the same for all.
    let localized = !is_api
        && !req.uri().path().starts_with("/static/")
        && !req.uri().path().ends_with(".atom")
        && !req.uri().path().ends_with(".csv")
        && !req.uri().path().ends_with(".ics");
    let embeddable = req.method() == axum::http::Method::GET
        && (req.uri().path().starts_with("/t/") || req.uri().path() == "/topics");
    let mut resp = next.run(req).await;

    let mut mark = resp.extensions_mut().remove::<ErrorMark>();
    let status = resp.status();
    if mark.is_none() && (status.is_client_error() || status.is_server_error()) {
        // An error nobody marked: a bare status from a layer, or the plain-text rejection of
        // an extractor (a path id that is not a number, a query string that does not parse).
        // Programs get the API's JSON shape whatever failed; people get a page.
        let content_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let plain = content_type.starts_with("text/plain");
        if content_type.is_empty() || plain {
            let code = ERROR_CODES
                .iter()
                .find(|(_, s, _)| *s == status.as_u16())
                .map_or(
                    if status.is_server_error() {
                        "internal"
                    } else {
                        "bad_request"
                    },
                    |(c, _, _)| *c,
                );
            let mut message = default_message(status);
            if plain && status.is_client_error() {
                let (parts, body) = resp.into_parts();
                if let Ok(bytes) = axum::body::to_bytes(body, 4_096).await {
                    let text = String::from_utf8_lossy(&bytes).trim().to_owned();
                    if !text.is_empty() {
                        // Programs get the extractor's own words (axum's, about the request
                        // itself); people a sentence in their language.
                        message = if is_api {
                            Text::verbatim(text)
                        } else {
                            Text::new("error-page-bad-address")
                        };
                    }
                }
                resp = Response::from_parts(parts, axum::body::Body::empty());
            }
            mark = Some(ErrorMark { code, message });
        }
    }
    if let Some(mark) = mark {
        let status = resp.status();
        // Headers that belong to the answer, not to its body, survive the rewrite.
        let kept: Vec<(header::HeaderName, HeaderValue)> = resp
            .headers()
            .iter()
            .filter(|(k, _)| {
                [
                    header::RETRY_AFTER,
                    header::ALLOW,
                    header::SET_COOKIE,
                    header::WWW_AUTHENTICATE,
                    // The embed API's refusals and rate limits must stay readable by the
                    // embedding page.
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    header::ACCESS_CONTROL_EXPOSE_HEADERS,
                    header::VARY,
                ]
                .contains(k)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        resp = if is_api {
            ApiError::new(mark.code, mark.message.english()).into_response()
        } else {
            let viewer = match crate::auth::cookie(&headers, crate::auth::SESSION_COOKIE) {
                Some(token) => chorus_service::accounts::session_user(&state.hub, token)
                    .await
                    .ok()
                    .flatten(),
                None => None,
            };
            crate::pages::error_page(
                &state,
                Viewer(viewer),
                &headers,
                status,
                mark.code,
                &mark.message,
            )
        };
        *resp.status_mut() = status;
        for (k, v) in kept {
            resp.headers_mut().append(k, v);
        }
    }

    let h = resp.headers_mut();
    if localized {
        // Pages are written in the reader's language (their setting via the session cookie,
        // their pick in the footer, their browser), so a cache must key on both.
        h.append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // Only the public pages meant to be embedded (a topic, the topic list) may be framed, and
    // only by the allowed origins; everything else — log-in, settings, admin — by no one.
    match state.csp_embeddable.as_ref().filter(|_| embeddable) {
        Some(policy) => {
            h.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        }
        None => {
            h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
            h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
        }
    }
    resp
}

fn default_message(status: StatusCode) -> Text {
    Text::new(match status.as_u16() {
        404 => "error-page-not-found",
        405 => "error-page-method",
        408 => "error-page-timeout",
        413 => "error-page-too-large",
        s if s >= 500 => "err-internal",
        _ => "error-page-unhandled",
    })
}

/// Counts requests and their durations per route template (never per raw path, which would let
/// clients create unbounded label values).
pub(crate) async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let resp = next.run(req).await;
    if resp.status() == StatusCode::REQUEST_TIMEOUT {
        // The timeout layer cut the request off: say which route ran out of budget.
        tracing::warn!(%method, %route, elapsed_ms = start.elapsed().as_millis() as u64, "request cut off after its time budget");
    }
    let status = resp.status().as_u16().to_string();
    metrics::counter!("chorus_http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("chorus_http_request_duration_seconds", "route" => route)
        .record(start.elapsed().as_secs_f64());
    resp
}
