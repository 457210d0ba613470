//! CPU-heavy work off the async runtime.
//!
//! The runtime has one worker thread per core (two here). A handler that computes for long on
//! one of them stalls every request and timer scheduled there, `/healthz` included, and a
//! loop that never ends takes the whole process with it. Rendering Markdown for storage, the
//! revisions of a history page and the moderation queue therefore run on tokio's blocking
//! pool through [`offload`]; the budgets in `chorus_markdown` keep each call short, and this
//! keeps even a slow one from starving the rest. (Analysis already runs on the pipeline's
//! blocking thread; charts are small and bounded by the report's bucket limit.)

use crate::{Result, ServiceError};

/// Runs `f` on the blocking pool and waits for its result without holding a runtime worker.
pub async fn offload<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServiceError::Internal(format!("background computation failed: {e}")))
}

/// [`chorus_markdown::render`] on the blocking pool.
pub async fn render_markdown(markdown: &str) -> Result<String> {
    let markdown = markdown.to_owned();
    offload(move || chorus_markdown::render(&markdown)).await
}
