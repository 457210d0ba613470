//! The search index's queue: every feature that changes searchable content (topics, replies,
//! articles) queues the document here, and the indexer (`search::run_indexer`) picks it up.
//! Shared plumbing, so that content features need not depend on the search feature.

use chorus_search::DocKind;

use crate::Hub;

/// Queues a document for indexing and wakes the indexer. Never fails the caller's write: the
/// content is committed already, and a rebuild repairs a missed queue entry.
pub async fn enqueue(hub: &Hub, kind: DocKind, id: i64) {
    if let Err(e) = hub
        .store()
        .search_enqueue(kind.as_str(), id, hub.now())
        .await
    {
        tracing::warn!(error = %e, kind = kind.as_str(), id, "search queue");
    }
    hub.wake_search();
}
