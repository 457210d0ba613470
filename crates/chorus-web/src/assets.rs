//! Static files compiled into the binary: our stylesheet and script, the vendored htmx, the
//! favicon.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::error::PageError;
use crate::state::AppState;

/// File name, content type, bytes.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "chorus.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/chorus.css"),
    ),
    (
        "htmx-2.0.11.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/htmx-2.0.11.min.js"),
    ),
    (
        "chorus.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/chorus.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../static/favicon.svg"),
    ),
];

/// Path of the vendored htmx, pinned by version in its name.
pub(crate) const HTMX_PATH: &str = "/static/htmx-2.0.11.min.js";

/// A short hash of every asset, appended as `?v=` so browsers can cache them for a long time
/// and still see a new version after an upgrade.
pub(crate) fn version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| {
        let mut h = Sha256::new();
        for (_, _, bytes) in FILES {
            h.update(bytes);
        }
        h.finalize()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// The community widget other sites load with one `<script>` tag.
const EMBED_JS: &[u8] = include_bytes!("../static/embed.js");

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{file}", get(serve))
        .route("/embed.js", get(embed_js))
}

/// `/embed.js` keeps one address for every version (it is written into other sites' pages),
/// so it is cached for minutes, not forever.
async fn embed_js() -> Response {
    let mut resp = EMBED_JS.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    // Scripts are loaded across origins by <script> tags, which need no CORS; saying so lets
    // pages that fetch it with `crossorigin` (for subresource integrity) do that too.
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    resp
}

async fn serve(Path(file): Path<String>) -> Response {
    let Some((_, content_type, bytes)) = FILES.iter().find(|(name, _, _)| *name == file) else {
        return PageError::not_found().into_response();
    };
    let mut resp = (*bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_htmx_is_the_pinned_file() {
        let (_, _, bytes) = FILES
            .iter()
            .find(|(n, _, _)| n.starts_with("htmx"))
            .unwrap();
        let hex: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
        );
    }
}
