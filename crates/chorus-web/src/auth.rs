//! Who is asking: session cookies for pages, bearer tokens for the API, and the client address.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use chorus_core::User;
use chorus_service::{Origin, accounts};

use crate::error::{ApiError, PageError};
use crate::state::AppState;

/// Name of the session cookie.
pub(crate) const SESSION_COOKIE: &str = "chorus_session";

/// The value of cookie `name`, if the request carries it.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value for the session (or its removal with `None`).
pub(crate) fn session_cookie(state: &AppState, token: Option<&str>, max_age_secs: i64) -> String {
    set_cookie(state, SESSION_COOKIE, token, "/", max_age_secs)
}

/// A `Set-Cookie` value for an `HttpOnly; SameSite=Lax` cookie on `path` (or its removal with
/// `None`), `Secure` when the hub is served over HTTPS.
pub(crate) fn set_cookie(
    state: &AppState,
    name: &str,
    value: Option<&str>,
    path: &str,
    max_age_secs: i64,
) -> String {
    let secure = if state.hub.config().secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let (v, age) = value.map_or(("", 0), |v| (v, max_age_secs));
    format!("{name}={v}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={age}{secure}")
}

/// Where a request came from, honouring `server.trusted_proxies`: with N trusted proxies the
/// client is the N-th address from the right of `X-Forwarded-For` (the left-most entries are
/// whatever the client chose to send, so they are never trusted).
pub(crate) fn origin(parts: &Parts, trusted_proxies: u8) -> Origin {
    let socket = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let ip = if trusted_proxies == 0 {
        socket
    } else {
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let n = usize::from(trusted_proxies);
        if forwarded.len() >= n {
            forwarded
                .get(forwarded.len() - n)
                .map(|s| (*s).to_owned())
                .or(socket)
        } else {
            socket
        }
    };
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Origin { ip, user_agent }
}

/// The client of this request, for rate limits and session records.
pub(crate) struct ClientOrigin(pub Origin);

impl FromRequestParts<AppState> for ClientOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientOrigin(origin(
            parts,
            state.hub.config().server.trusted_proxies,
        )))
    }
}

/// The signed-in visitor of a page, if any (from the session cookie). Cached per request.
#[derive(Clone)]
pub(crate) struct Viewer(pub Option<User>);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        let user = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) => accounts::session_user(&state.hub, token).await?,
            None => None,
        };
        let v = Viewer(user);
        parts.extensions.insert(v.clone());
        Ok(v)
    }
}

/// A signed-in visitor; anyone else is sent to the log-in page and brought back afterwards.
pub(crate) struct SignedIn(pub User);

/// Sends a visitor to log in, remembering where they were going.
pub(crate) struct LoginRedirect(String);

impl LoginRedirect {
    /// Sends the visitor to log in, then to `path`.
    pub(crate) fn to(path: &str) -> Self {
        LoginRedirect(path.to_owned())
    }
}

impl IntoResponse for LoginRedirect {
    fn into_response(self) -> Response {
        let next: String =
            percent_encoding::utf8_percent_encode(&self.0, percent_encoding::NON_ALPHANUMERIC)
                .collect();
        Redirect::to(&format!("/login?next={next}")).into_response()
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Viewer(user) = Viewer::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match user {
            Some(u) => Ok(SignedIn(u)),
            None => {
                let path = parts
                    .extensions
                    .get::<OriginalUri>()
                    .map_or_else(|| parts.uri.to_string(), |u| u.0.to_string());
                Err(LoginRedirect(path).into_response())
            }
        }
    }
}

fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().unwrap_or_default();
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => Ok(Some(token.trim())),
        _ => Err(ApiError::new(
            "unauthenticated",
            "Use `Authorization: Bearer <token>`.",
        )),
    }
}

/// The API caller identified by a bearer token; required.
pub(crate) struct ApiCaller(pub User);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match ApiViewer::from_request_parts(parts, state).await?.0 {
            Some(u) => Ok(ApiCaller(u)),
            None => Err(ApiError::new(
                "unauthenticated",
                "This call needs `Authorization: Bearer <token>`; create a token with POST /api/v1/tokens.",
            )),
        }
    }
}

/// The API caller, if a bearer token was sent. A token that is sent but invalid is an error,
/// never silently anonymous.
pub(crate) struct ApiViewer(pub Option<User>);

impl FromRequestParts<AppState> for ApiViewer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer(parts)? else {
            return Ok(ApiViewer(None));
        };
        match accounts::token_user(&state.hub, token).await? {
            Some(u) => Ok(ApiViewer(Some(u))),
            None => Err(ApiError::new(
                "unauthenticated",
                "The bearer token is unknown or revoked.",
            )),
        }
    }
}

/// Longest redirect target kept; anything longer goes to `/`.
const MAX_NEXT: usize = 2_048;

/// Only a relative path on this site may be a redirect target (no open redirects). Browsers
/// drop tabs and newlines inside URLs and read `\\` as `/`, so `/\t/evil.example` and
/// `/\\evil.example` would become `//evil.example`, another origin: anything but printable
/// ASCII (a path with other characters arrives percent-encoded), a backslash or a second
/// leading slash sends the visitor to `/` instead. A target that passes
/// is also always a valid `Location` header value, so a redirect never turns into an error.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    let Some(n) = next else {
        return "/".to_owned();
    };
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && n.len() <= MAX_NEXT
        && n.chars().all(|c| c.is_ascii_graphic() && c != '\\')
        && axum::http::HeaderValue::from_str(n).is_ok();
    if ok { n.to_owned() } else { "/".to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_many() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; chorus_session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "missing"), None);
    }

    #[test]
    fn next_must_stay_on_site() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        for evil in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/a\\b",
            "/\u{7f}",
            "/\u{2028}",
        ] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil:?}");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), "/");
        assert_eq!(safe_next(Some("/t/1?x=%09#r2")), "/t/1?x=%09#r2");
    }

    #[test]
    fn forwarded_for_is_read_from_the_right() {
        let req = axum::http::Request::builder()
            .header("x-forwarded-for", "6.6.6.6, 1.2.3.4")
            .header("x-forwarded-for", "10.0.0.2")
            .body(())
            .unwrap();
        let (mut parts, ()) = req.into_parts();
        parts
            .extensions
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
        assert_eq!(origin(&parts, 0).ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(origin(&parts, 1).ip.as_deref(), Some("10.0.0.2"));
        assert_eq!(origin(&parts, 2).ip.as_deref(), Some("1.2.3.4"));
        assert_eq!(
            origin(&parts, 9).ip.as_deref(),
            Some("127.0.0.1"),
            "too few hops: socket"
        );
    }
}
