//! A short-lived cache of the public community pages as visitors see them.
//!
//! Most readers of a community are not signed in, and they all see the same front page and
//! the same topic (in their language). Rendering it again for each of them costs a few
//! database reads and a template; answering from memory costs a hash lookup. So the pages a
//! visitor reads most — the home page, the topic list and a topic — are kept for
//! `server.page_cache_ms` milliseconds (Discourse's anonymous cache and nginx's micro-caching
//! make the same trade).
//!
//! Why it cannot show a visitor something wrong:
//! - Only visitors are served from it: a request with a session or flash cookie, an htmx
//!   request or a query string on a topic (a suggestion's compose token is counted) goes to
//!   the handler, and only a plain `200` HTML answer that sets no cookie is kept.
//! - The key is the path with its query and the reader's language, chosen exactly as the
//!   pages choose it, so a German reader never gets the French page.
//! - Every write through this instance (any request that is not `GET`, `HEAD` or `OPTIONS`,
//!   except refused ones and the ingest doors, which store mentions no page here shows) and
//!   every background job it runs moves the hub's content version
//!   (`Hub::content_version`), and an answer rendered under an older version is never served.
//!   A page rendered while a write commits carries the version read *before* rendering, so it
//!   is dropped as soon as that write's request finishes.
//! - Writes made by other processes (another instance, its jobs) show after at most the TTL,
//!   the same bound as any other instance's view.
//!
//! Memory is bounded by `server.page_cache_bytes` (pages are copied into buffers of their
//! exact size, so what is counted is what is held): when a new page would pass it, the
//! expired pages go first and then the oldest quarter. Listings are kept only for the query
//! parameters they understand, so made-up parameters cannot fill the cache.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// Largest page kept (larger pages are served, not kept).
const MAX_PAGE_BYTES: usize = 1 << 20;

#[derive(Hash, PartialEq, Eq, Clone)]
struct Key {
    path_and_query: String,
    locale: chorus_i18n::Locale,
}

struct Entry {
    version: u64,
    at: Instant,
    headers: HeaderMap,
    body: Bytes,
}

/// The cache of one web instance (see the module documentation).
pub(crate) struct PageCache {
    ttl: Duration,
    max_bytes: usize,
    pages: Mutex<Pages>,
}

#[derive(Default)]
struct Pages {
    map: HashMap<Key, Entry>,
    bytes: usize,
}

impl PageCache {
    /// A cache keeping pages `ttl` long within `max_bytes`; a zero TTL keeps nothing.
    pub(crate) fn new(ttl: Duration, max_bytes: usize) -> Self {
        PageCache {
            ttl,
            max_bytes,
            pages: Mutex::new(Pages::default()),
        }
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.max_bytes > 0
    }

    /// The page of `key` if it was rendered under `version` and is young enough.
    fn get(&self, key: &Key, version: u64) -> Option<(HeaderMap, Bytes)> {
        let pages = self.pages.lock().ok()?;
        let e = pages.map.get(key)?;
        (e.version == version && e.at.elapsed() < self.ttl)
            .then(|| (e.headers.clone(), e.body.clone()))
    }

    /// Keeps the page of `key`, rendered under `version`; `current` is the version now (older
    /// pages are swept first when memory runs short).
    fn put(&self, key: Key, version: u64, current: u64, headers: HeaderMap, body: Bytes) {
        let size = cost(&key, &body);
        // Stale before it is kept (a write finished while it rendered), or too large.
        if version != current || size > self.max_bytes {
            return;
        }
        let Ok(mut pages) = self.pages.lock() else {
            return;
        };
        if pages.bytes + size > self.max_bytes {
            let now = Instant::now();
            let ttl = self.ttl;
            pages
                .map
                .retain(|_, e| e.version == current && now.duration_since(e.at) < ttl);
            pages.bytes = pages.map.iter().map(|(k, e)| cost(k, &e.body)).sum();
            if pages.bytes + size > self.max_bytes {
                let mut ages: Vec<(Instant, Key)> =
                    pages.map.iter().map(|(k, e)| (e.at, k.clone())).collect();
                ages.sort_unstable_by_key(|(at, _)| *at);
                let oldest = ages.len().div_ceil(4);
                for (_, k) in ages.into_iter().take(oldest) {
                    if let Some(e) = pages.map.remove(&k) {
                        pages.bytes = pages.bytes.saturating_sub(cost(&k, &e.body));
                    }
                }
                if pages.bytes + size > self.max_bytes {
                    pages.map.clear();
                    pages.bytes = 0;
                }
            }
        }
        let entry = Entry {
            version,
            at: Instant::now(),
            headers,
            body,
        };
        if let Some(old) = pages.map.insert(key.clone(), entry) {
            pages.bytes = pages.bytes.saturating_sub(cost(&key, &old.body));
        }
        pages.bytes += size;
    }
}

/// What one kept page costs: its body, its key and the entry's bookkeeping and headers.
fn cost(key: &Key, body: &Bytes) -> usize {
    body.len() + key.path_and_query.len() + 512
}

/// The query parameters a listing understands (`ListParams`); a listing asked with any other
/// is rendered but not kept.
const LISTING_PARAMS: &[&str] = &["kind", "status", "tag", "sort", "after"];

/// Whether a request may be answered from the cache, and under which key.
fn key_of(state: &AppState, req: &Request) -> Option<Key> {
    if req.method() != Method::GET {
        return None;
    }
    let uri = req.uri();
    let path = uri.path();
    let listing_query = || {
        form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .all(|(k, _)| LISTING_PARAMS.contains(&k.as_ref()))
    };
    let page = ((path == "/" || path == "/topics") && listing_query())
        || (uri.query().is_none()
            && path
                .strip_prefix("/t/")
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())));
    let headers = req.headers();
    if !page
        || headers.contains_key("hx-request")
        || crate::auth::cookie(headers, crate::auth::SESSION_COOKIE).is_some()
        || crate::auth::cookie(headers, crate::flash::FLASH_COOKIE).is_some()
    {
        return None;
    }
    // The language exactly as `pages::reader_language` picks it for a visitor.
    Some(Key {
        path_and_query: uri.path_and_query()?.as_str().to_owned(),
        locale: crate::pages::reader_language(state, None, headers).locale(),
    })
}

/// The layer: answers visitors from the cache, keeps what may be kept, and moves the version
/// on every write.
pub(crate) async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = state.page_cache();
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        // Mentions pushed through the ingest doors appear on no cached page.
        let ingest = req.uri().path().starts_with("/ingest/");
        let resp = next.run(req).await;
        // After the write committed. A refused request (4xx) wrote nothing: the service
        // validates before it writes and a transaction is all or nothing. A failed one (5xx)
        // may have got part of the way in effects outside its transaction, so it counts.
        if !ingest && !resp.status().is_client_error() {
            state.hub.content_changed();
        }
        return resp;
    }
    let Some(key) = cache.enabled().then(|| key_of(&state, &req)).flatten() else {
        return next.run(req).await;
    };
    let version = state.hub.content_version();
    if let Some((headers, body)) = cache.get(&key, version) {
        metrics::counter!("chorus_page_cache_total", "result" => "hit").increment(1);
        let mut resp = Response::new(Body::from(body));
        *resp.headers_mut() = headers;
        return resp;
    }
    metrics::counter!("chorus_page_cache_total", "result" => "miss").increment(1);
    let resp = next.run(req).await;
    let html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // Rendered pages are whole strings, so their size is known before reading them; a body
    // of unknown or excessive size is passed on untouched.
    let small = HttpBody::size_hint(resp.body())
        .exact()
        .is_some_and(|n| n <= MAX_PAGE_BYTES as u64);
    if resp.status() != StatusCode::OK
        || !html
        || !small
        || resp.headers().contains_key(header::SET_COOKIE)
    {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            // A copy of the exact size: the rendered buffer has spare capacity, which a
            // slice of it would keep alive uncounted.
            let kept = Bytes::copy_from_slice(&bytes);
            let current = state.hub.content_version();
            cache.put(key, version, current, parts.headers.clone(), kept);
            Response::from_parts(parts, Body::from(bytes))
        }
        // An in-memory body cannot fail; should one, the reader gets what a broken body gives.
        Err(e) => {
            tracing::warn!(error = %e, "a rendered page could not be read");
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            resp
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: &str) -> Key {
        Key {
            path_and_query: p.to_owned(),
            locale: chorus_i18n::Locale::En,
        }
    }

    #[test]
    fn a_write_hides_pages_rendered_before_it() {
        let c = PageCache::new(Duration::from_secs(60), 1 << 20);
        c.put(
            key("/topics"),
            7,
            7,
            HeaderMap::new(),
            Bytes::from_static(b"old"),
        );
        assert_eq!(
            c.get(&key("/topics"), 7).unwrap().1,
            Bytes::from_static(b"old")
        );
        assert!(
            c.get(&key("/topics"), 8).is_none(),
            "a write moved the version"
        );
        // A page whose rendering began before the write is stale even if stored after it.
        c.put(
            key("/topics"),
            7,
            8,
            HeaderMap::new(),
            Bytes::from_static(b"racy"),
        );
        assert!(c.get(&key("/topics"), 8).is_none());
    }

    #[test]
    fn pages_expire_and_memory_stays_bounded() {
        let c = PageCache::new(Duration::from_millis(30), 4_000);
        let page = || Bytes::from(vec![b'a'; 1_000]);
        c.put(key("/t/1"), 0, 0, HeaderMap::new(), page());
        assert!(c.get(&key("/t/1"), 0).is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert!(c.get(&key("/t/1"), 0).is_none(), "expired");
        for i in 0..50 {
            c.put(key(&format!("/t/{i}")), 0, 0, HeaderMap::new(), page());
            assert!(c.pages.lock().unwrap().bytes <= 4_000);
        }
        assert!(c.get(&key("/t/49"), 0).is_some(), "the newest page is kept");
        assert!(c.get(&key("/t/0"), 0).is_none(), "the oldest went first");
        // A page larger than the whole budget is never kept.
        c.put(
            key("/big"),
            0,
            0,
            HeaderMap::new(),
            Bytes::from(vec![b'a'; 5_000]),
        );
        assert!(c.get(&key("/big"), 0).is_none());
    }

    #[test]
    fn languages_are_kept_apart() {
        let c = PageCache::new(Duration::from_secs(60), 1 << 20);
        c.put(key("/"), 0, 0, HeaderMap::new(), Bytes::from_static(b"en"));
        let de = Key {
            path_and_query: "/".to_owned(),
            locale: chorus_i18n::Locale::De,
        };
        assert!(c.get(&de, 0).is_none());
        assert!(c.get(&key("/"), 0).is_some());
    }
}
