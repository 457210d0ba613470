//! Chorus over HTTP: server-rendered pages (askama, enhanced by vendored htmx), the JSON API
//! under `/api/v1` with its OpenAPI document, health and metrics endpoints.
//!
//! Handlers parse the request, call a `chorus_service` function and render its result; they hold
//! no business rules, so the HTML pages and the API always agree. Cross-cutting concerns live in
//! layers: CSRF (`Sec-Fetch-Site`/`Origin`), body limits, timeouts, panics, metrics, flash
//! messages, and the visitors' page cache (`page_cache`).

mod api;
mod assets;
mod auth;
mod error;
mod feeds;
mod flash;
mod layers;
mod openapi;
mod page_cache;
mod pages;
mod state;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use chorus_service::Hub;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ERROR_CODES;
pub use state::AppState;

/// The whole application: pages, API, assets, health and metrics, with every layer applied.
pub fn app(hub: Hub) -> Router {
    // Install the metrics recorder before anything records.
    let _ = state::prometheus();
    let config = hub.config().clone();
    let state = AppState::new(hub);
    let (api_router, openapi) = api::router()
        .merge(api::ingest_router(config.listen.max_ingest_bytes))
        .merge(api::embed::router(state.clone()))
        .split_for_parts();
    let mut openapi = openapi;
    openapi::document_common_errors(&mut openapi);
    state.set_openapi(openapi);
    Router::new()
        .merge(pages::router())
        .merge(api_router)
        .merge(assets::router())
        .merge(layers::ops_router())
        .fallback(error::fallback)
        // Innermost first. `finish` sits outside everything that can reject a request, so every
        // rejection becomes a proper page or JSON error.
        .layer(axum::middleware::from_fn(flash::layer))
        .layer(layers::csrf(&config))
        .layer(DefaultBodyLimit::max(config.server.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.server.request_timeout_secs.max(1)),
        ))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::finish,
        ))
        // Outside `finish`, so a kept page carries the headers every answer gets.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::layer,
        ))
        .layer(axum::middleware::from_fn(layers::record_metrics))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
