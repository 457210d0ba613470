use std::sync::{Arc, OnceLock};

use chorus_service::Hub;
use metrics_exporter_prometheus::PrometheusHandle;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The hub: configuration, store, mail, clock.
    pub hub: Hub,
    openapi: Arc<OnceLock<String>>,
    /// The Content-Security-Policy of every response: no framing.
    pub(crate) csp: axum::http::HeaderValue,
    /// The policy of the public pages meant to be embedded (topics and the topic list):
    /// framing by the origins in `embed.allowed_origins`; `None` when none are listed.
    pub(crate) csp_embeddable: Option<axum::http::HeaderValue>,
    /// Public community pages as visitors see them, for a few seconds.
    page_cache: Arc<crate::page_cache::PageCache>,
}

impl AppState {
    pub(crate) fn new(hub: Hub) -> Self {
        let frames = video_frames(&hub.config().engagement.video_hosts());
        let csp = content_security_policy(&[], &frames).0;
        let csp_embeddable = match content_security_policy(&hub.config().embed.origins(), &frames) {
            (policy, true) => Some(policy),
            (_, false) => None,
        };
        let server = &hub.config().server;
        let page_cache = Arc::new(crate::page_cache::PageCache::new(
            std::time::Duration::from_millis(server.page_cache_ms),
            server.page_cache_bytes,
        ));
        Self {
            hub,
            openapi: Arc::new(OnceLock::new()),
            csp,
            csp_embeddable,
            page_cache,
        }
    }

    pub(crate) fn page_cache(&self) -> &crate::page_cache::PageCache {
        &self.page_cache
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

/// The hosts video players load from, for `frame-src`: YouTube's privacy-enhanced domain
/// when YouTube is allowed, and each allowed PeerTube instance (see
/// `chorus_markdown::video_link`). The configuration check keeps them plain host names.
fn video_frames(hosts: &[String]) -> String {
    hosts
        .iter()
        .map(|h| {
            if h == "youtube.com" {
                format!("https://{}", chorus_markdown::YOUTUBE_EMBED_HOST)
            } else {
                format!("https://{h}")
            }
        })
        .filter(|o| plain_origin(o))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A policy allowing only the hub's own scripts, styles and forms, frames only of the video
/// hosts in `frames` (space-separated origins; none when empty), and framing by the hub
/// itself plus `origins` (`frame-ancestors`; `*` there opens the embed API to every site but
/// framing to none). Returns whether any origin may frame. Only entries that are plain
/// origins — `http(s)://host[:port]` — count.
fn content_security_policy(origins: &[String], frames: &str) -> (axum::http::HeaderValue, bool) {
    let listed: Vec<&str> = origins
        .iter()
        .map(String::as_str)
        .filter(|o| plain_origin(o))
        .collect();
    let ancestors = if listed.is_empty() {
        "'none'".to_owned()
    } else {
        format!("'self' {}", listed.join(" "))
    };
    let frame_src = if frames.is_empty() { "'none'" } else { frames };
    let policy = format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         frame-src {frame_src}; frame-ancestors {ancestors}; base-uri 'self'; form-action 'self'"
    );
    let value = axum::http::HeaderValue::from_str(&policy).unwrap_or_else(|_| {
        axum::http::HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
    });
    (value, !listed.is_empty())
}

/// Whether `o` is `http(s)://host[:port]` with a host of letters, digits, `.` and `-`.
fn plain_origin(o: &str) -> bool {
    let Some(rest) = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = rest.split_once(':').unwrap_or((rest, "0"));
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestors_follow_the_allowed_origins() {
        let (csp, framable) = content_security_policy(&[], "");
        assert!(csp.to_str().unwrap().contains("frame-ancestors 'none';"));
        assert!(!framable);
        let (csp, framable) = content_security_policy(
            &[
                "https://shop.example.com".to_owned(),
                "*".to_owned(),
                "javascript:alert(1)".to_owned(),
                "https://*".to_owned(),
                "https://x.example/path".to_owned(),
            ],
            "",
        );
        assert!(
            csp.to_str()
                .unwrap()
                .contains("frame-ancestors 'self' https://shop.example.com;")
        );
        assert!(framable);
        let (csp, framable) = content_security_policy(&["*".to_owned()], "");
        assert!(csp.to_str().unwrap().contains("frame-ancestors 'none';"));
        assert!(!framable);
    }

    #[test]
    fn frames_only_of_the_allowed_video_hosts() {
        let frames = video_frames(&["youtube.com".to_owned(), "framatube.org".to_owned()]);
        assert_eq!(
            frames,
            "https://www.youtube-nocookie.com https://framatube.org"
        );
        let (csp, _) = content_security_policy(&[], &frames);
        assert!(
            csp.to_str()
                .unwrap()
                .contains("frame-src https://www.youtube-nocookie.com https://framatube.org;")
        );
        let (csp, _) = content_security_policy(&[], &video_frames(&[]));
        assert!(csp.to_str().unwrap().contains("frame-src 'none';"));
    }
}
