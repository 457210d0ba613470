use std::sync::{Arc, OnceLock};

use chorus_service::Hub;
use metrics_exporter_prometheus::PrometheusHandle;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The hub: configuration, store, mail, clock.
    pub hub: Hub,
    openapi: Arc<OnceLock<String>>,
    /// The Content-Security-Policy of every response, built once from the configuration.
    pub(crate) csp: axum::http::HeaderValue,
    /// Whether `embed.allowed_origins` lets other sites frame the hub's pages (then
    /// `X-Frame-Options`, which cannot name origins, is left out).
    pub(crate) framable: bool,
}

impl AppState {
    pub(crate) fn new(hub: Hub) -> Self {
        let (csp, framable) = content_security_policy(&hub.config().embed.origins());
        Self {
            hub,
            openapi: Arc::new(OnceLock::new()),
            csp,
            framable,
        }
    }

    pub(crate) fn set_openapi(&self, doc: utoipa::openapi::OpenApi) {
        let json = doc
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        let _ = self.openapi.set(json);
    }

    pub(crate) fn openapi_json(&self) -> &str {
        self.openapi.get().map_or("{}", String::as_str)
    }
}

/// The process-wide Prometheus recorder. `metrics` allows one global recorder per process, and
/// tests build many apps in one process, so it is installed once and shared.
pub(crate) fn prometheus() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok().map(|()| handle)
        })
        .as_ref()
}

/// The policy for the hub's responses: only the hub's own scripts, styles and forms, and
/// framing by the hub itself plus the origins allowed to embed it (`frame-ancestors` follows
/// `embed.allowed_origins`; `*` there opens the embed API to every site but framing to none,
/// as a framed log-in page is an invitation to clickjacking).
fn content_security_policy(origins: &[String]) -> (axum::http::HeaderValue, bool) {
    let listed: Vec<&str> = origins
        .iter()
        .map(String::as_str)
        .filter(|o| *o != "*" && (o.starts_with("https://") || o.starts_with("http://")))
        .filter(|o| {
            o.bytes()
                .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
        })
        .collect();
    let ancestors = if listed.is_empty() {
        "'none'".to_owned()
    } else {
        format!("'self' {}", listed.join(" "))
    };
    let policy = format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         frame-ancestors {ancestors}; base-uri 'self'; form-action 'self'"
    );
    let value = axum::http::HeaderValue::from_str(&policy).unwrap_or_else(|_| {
        axum::http::HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
    });
    (value, !listed.is_empty())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;

    #[test]
    fn frame_ancestors_follow_the_allowed_origins() {
        let (csp, framable) = content_security_policy(&[]);
        assert!(csp.to_str().unwrap().contains("frame-ancestors 'none';"));
        assert!(!framable);
        let (csp, framable) = content_security_policy(&[
            "https://shop.example.com".to_owned(),
            "*".to_owned(),
            "javascript:alert(1)".to_owned(),
        ]);
        assert!(
            csp.to_str()
                .unwrap()
                .contains("frame-ancestors 'self' https://shop.example.com;")
        );
        assert!(framable);
        let (csp, framable) = content_security_policy(&["*".to_owned()]);
        assert!(csp.to_str().unwrap().contains("frame-ancestors 'none';"));
        assert!(!framable);
    }
}
