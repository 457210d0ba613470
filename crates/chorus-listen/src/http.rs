//! The HTTP client every channel uses, and the error type that tells the caller whether to
//! retry.

use std::sync::Once;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// Why talking to a network failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListenError {
    /// The network asks us to slow down (HTTP 429).
    #[error("rate limited by the network (HTTP 429){}", retry_note(.retry_after))]
    RateLimited {
        /// How long it asked us to wait.
        retry_after: Option<Duration>,
    },
    /// The network is having trouble (HTTP 5xx).
    #[error("the network answered HTTP {status}{}", retry_note(.retry_after))]
    Unavailable {
        /// The status code.
        status: u16,
        /// How long it asked us to wait.
        retry_after: Option<Duration>,
    },
    /// Credentials are missing, wrong or lack a permission (HTTP 401/403).
    #[error("the network refused our credentials (HTTP {status}): {message}")]
    Unauthorized {
        /// The status code.
        status: u16,
        /// What it said.
        message: String,
    },
    /// Any other refusal (HTTP 4xx).
    #[error("the network refused the request (HTTP {status}): {message}")]
    Refused {
        /// The status code.
        status: u16,
        /// What it said.
        message: String,
    },
    /// Connecting, reading or a timeout failed.
    #[error("could not reach the network: {0}")]
    Transport(String),
    /// The network answered something we do not understand.
    #[error("unexpected answer: {0}")]
    Protocol(String),
}

fn retry_note(after: &Option<Duration>) -> String {
    after.map_or_else(String::new, |d| format!("; retry after {} s", d.as_secs()))
}

impl ListenError {
    /// How long the network asked us to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ListenError::RateLimited { retry_after }
            | ListenError::Unavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether retrying the same request cannot help until someone changes the settings.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            ListenError::Unauthorized { .. } | ListenError::Refused { .. }
        )
    }
}

impl From<reqwest::Error> for ListenError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_decode() {
            ListenError::Protocol(e.to_string())
        } else {
            // The URL is in reqwest's message; it never carries credentials (tokens go in
            // headers), so it is safe to show.
            ListenError::Transport(e.to_string())
        }
    }
}

/// Parses `Retry-After` given in seconds (HTTP dates are rare from APIs and treated as absent).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(|s| Duration::from_secs(s.min(24 * 3600)))
}

/// Turns a non-success response into the matching error, with a short excerpt of its body.
pub(crate) async fn check(resp: reqwest::Response) -> Result<reqwest::Response, ListenError> {
    let status = resp.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        return Ok(resp);
    }
    let after = retry_after(resp.headers());
    let code = status.as_u16();
    let body = resp.text().await.unwrap_or_default();
    let message: String = body.chars().take(300).collect();
    Err(match code {
        429 => ListenError::RateLimited { retry_after: after },
        401 | 403 => ListenError::Unauthorized {
            status: code,
            message,
        },
        500..=599 => ListenError::Unavailable {
            status: code,
            retry_after: after,
        },
        _ => ListenError::Refused {
            status: code,
            message,
        },
    })
}

/// Reads a body up to `max` bytes; a larger body is a protocol error, not an out-of-memory.
pub(crate) async fn read_limited(
    mut resp: reqwest::Response,
    max: usize,
) -> Result<Vec<u8>, ListenError> {
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        if out.len() + chunk.len() > max {
            return Err(ListenError::Protocol(format!(
                "the answer is larger than {max} bytes"
            )));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// Installs the process-wide TLS crypto provider (ring, the one the rest of Chorus uses) once.
/// Every `reqwest` client in the process needs it, since reqwest is built without a provider
/// of its own (aws-lc-rs would need cmake and a long C build).
pub fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Fails only if another provider was installed first, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// An HTTP client with Chorus's user agent, TLS through rustls, and the given timeout for
/// whole requests (streams use their own idle timeout instead).
pub fn client(timeout: Option<Duration>) -> Result<reqwest::Client, ListenError> {
    install_crypto();
    let mut b = reqwest::Client::builder()
        .user_agent(concat!(
            "Chorus/",
            env!("CARGO_PKG_VERSION"),
            " (+https://github.com/chorus-hub/chorus)"
        ))
        .connect_timeout(Duration::from_secs(10));
    if let Some(t) = timeout {
        b = b.timeout(t);
    }
    b.build()
        .map_err(|e| ListenError::Transport(format!("cannot build an HTTP client: {e}")))
}
