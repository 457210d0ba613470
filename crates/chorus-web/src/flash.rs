//! One-time messages shown after a redirect ("Welcome!", "Password changed"), carried in a
//! short-lived cookie so they work without JavaScript or server-side state.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

pub(crate) const FLASH_COOKIE: &str = "chorus_flash";

/// The message carried into this request, if any.
#[derive(Clone, Default)]
pub(crate) struct Flash(pub Option<String>);

/// Redirects (303, so the browser GETs) to `to` and shows `message` there.
pub(crate) fn redirect(to: &str, message: &str) -> Response {
    let value: String =
        percent_encoding::utf8_percent_encode(message, percent_encoding::NON_ALPHANUMERIC)
            .collect();
    // `Redirect::to` panics on a target that is not a header value; such a target can only
    // come from a bug upstream, so go home instead of answering 500 after cookies were set.
    let to = if HeaderValue::from_str(to).is_ok() {
        to
    } else {
        "/"
    };
    let mut resp = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{FLASH_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
    )) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// Moves the flash cookie into the request extensions and clears it once a page shows it.
pub(crate) async fn layer(mut req: Request, next: Next) -> Response {
    let message = crate::auth::cookie(req.headers(), FLASH_COOKIE)
        .and_then(|v| percent_encoding::percent_decode_str(v).decode_utf8().ok())
        .map(|m| m.chars().take(300).collect::<String>())
        .filter(|m| !m.is_empty());
    let had = message.is_some();
    req.extensions_mut().insert(Flash(message));
    let mut resp = next.run(req).await;
    let sets_new = resp
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(FLASH_COOKIE.as_bytes()));
    let is_redirect = resp.status().is_redirection() || resp.status() == StatusCode::SEE_OTHER;
    if had && !sets_new && !is_redirect {
        resp.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("chorus_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
        );
    }
    resp
}
