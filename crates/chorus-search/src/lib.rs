//! Search for Chorus: one analyzer, one query language and one snippet maker, behind the
//! [`SearchIndex`] trait with two backends — [`TantivyIndex`] (embedded, a directory next to
//! the SQLite file) and [`PostgresIndex`] (a `tsvector` GIN index in the shared database, for
//! several instances).
//!
//! Both backends index the output of [`analysis::analyze`] (stems plus concept tokens for
//! paraphrases) and execute the same [`query::Plan`], so relevance tests run unchanged on both.

pub mod analysis;
pub mod bench;
pub mod fuzzy;
mod postgres;
pub mod query;
pub mod snippet;
mod tantivy_index;

use std::future::Future;
use std::pin::Pin;

pub use postgres::PostgresIndex;
pub use query::{Plan, parse};
pub use tantivy_index::TantivyIndex;

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// A community topic (its body includes the accepted answer, if any).
    Topic,
    /// A reply in a topic.
    Reply,
    /// A knowledge-base article.
    Article,
    /// A mention heard on a channel (staff only).
    Mention,
    /// A question asked at a town hall, with its official answer.
    EventQuestion,
}

impl DocKind {
    /// Every kind, in display order.
    pub const ALL: [DocKind; 5] = [
        DocKind::Topic,
        DocKind::Reply,
        DocKind::Article,
        DocKind::Mention,
        DocKind::EventQuestion,
    ];

    /// The stable name used in the index, URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Topic => "topic",
            DocKind::Reply => "reply",
            DocKind::Article => "article",
            DocKind::Mention => "mention",
            DocKind::EventQuestion => "event_question",
        }
    }

    /// Parses a name produced by [`DocKind::as_str`].
    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A document as indexed. Everything a filter or a result needs travels with it, so a search
/// never joins back to the database.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// What it is.
    pub kind: DocKind,
    /// Its id among documents of its kind.
    pub id: i64,
    /// Title (topics, articles; a reply carries its topic's title).
    pub title: String,
    /// Plain text body.
    pub body: String,
    /// Tags or category, lower case.
    pub tags: Vec<String>,
    /// Topic or idea status, article state.
    pub status: Option<String>,
    /// Channel a mention came from (`community` for topics and replies).
    pub channel: Option<String>,
    /// Creation time, milliseconds since the epoch.
    pub created_at: i64,
    /// Visible to staff only (mentions, unpublished articles).
    pub staff_only: bool,
    /// An answer worth suggesting: a topic with an accepted answer, a published article.
    pub answered: bool,
    /// The topic a reply belongs to, or the town hall of a question.
    pub topic_id: Option<i64>,
}

/// A change to apply to an index.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Add or replace a document.
    Upsert(Doc),
    /// Remove a document if present.
    Delete(DocKind, i64),
}

/// How many of a plan's slots a document must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// Every slot (search).
    All,
    /// At least half of them, rounded up (suggestions, and search when nothing matches all).
    Most,
}

impl Match {
    /// How many slots of `n` must match.
    pub fn required(self, n: usize) -> usize {
        match self {
            Match::All => n,
            Match::Most => n.div_ceil(2).max(usize::from(n > 0)),
        }
    }
}

/// Filters on a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    /// Only these kinds (all when empty).
    pub kinds: Vec<DocKind>,
    /// Only documents with this tag.
    pub tag: Option<String>,
    /// Only this status.
    pub status: Option<String>,
    /// Only this channel.
    pub channel: Option<String>,
    /// Created at or after (ms).
    pub from: Option<i64>,
    /// Created before (ms).
    pub to: Option<i64>,
    /// Include staff-only documents.
    pub staff: bool,
    /// Only answers worth suggesting.
    pub answered_only: bool,
}

/// A search to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The parsed query.
    pub plan: Plan,
    /// Filters.
    pub filters: Filters,
    /// How many slots must match.
    pub mode: Match,
    /// Page size.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
}

/// A document found, before its snippet is made.
#[derive(Clone, Debug, PartialEq)]
pub struct RawHit {
    /// What it is.
    pub kind: DocKind,
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its body (for the snippet).
    pub body: String,
    /// Relevance (higher is better; comparable within one result list only).
    pub score: f32,
    /// The topic of a reply.
    pub topic_id: Option<i64>,
    /// Creation time (ms).
    pub created_at: i64,
}

/// A search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// What it is.
    pub kind: DocKind,
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// HTML-escaped excerpt with `<mark>` around matches.
    pub snippet: String,
    /// Relevance.
    pub score: f32,
    /// The topic of a reply.
    pub topic_id: Option<i64>,
    /// Creation time (ms).
    pub created_at: i64,
}

/// Errors of the search backends.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The tantivy index failed.
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Another process holds the index writer (a running `chorus serve`).
    #[error("the search index at {0} is in use by another process")]
    Locked(String),
    /// The database failed.
    #[error("search database: {0}")]
    Store(#[from] chorus_store::StoreError),
    /// Filesystem trouble around the index directory.
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    /// A blocking task died.
    #[error("search task failed: {0}")]
    Task(String),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, SearchError>;

/// A boxed future, so the trait can be used as `dyn SearchIndex`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A search backend.
pub trait SearchIndex: Send + Sync {
    /// `tantivy` or `postgres`.
    fn name(&self) -> &'static str;
    /// Applies changes in order and makes them visible to searches before returning.
    fn apply(&self, changes: Vec<Change>) -> BoxFuture<'_, Result<()>>;
    /// Runs a search (no snippets; see [`search`]).
    fn query<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Vec<RawHit>>>;
    /// Removes every document (before a rebuild).
    fn clear(&self) -> BoxFuture<'_, Result<()>>;
    /// How many documents are indexed.
    fn count(&self) -> BoxFuture<'_, Result<u64>>;
}

/// Runs a search and makes snippets. A search asking for every word that finds nothing is
/// retried asking for most words, so one unlucky word does not empty the page.
pub async fn search(index: &dyn SearchIndex, request: &Request) -> Result<Vec<Hit>> {
    if request.plan.is_empty() {
        return Ok(Vec::new());
    }
    let mut raw = index.query(request).await?;
    if raw.is_empty() && request.mode == Match::All && request.plan.slots.len() > 1 {
        let relaxed = Request {
            mode: Match::Most,
            ..request.clone()
        };
        raw = index.query(&relaxed).await?;
    }
    let highlights = request.plan.highlights();
    Ok(raw
        .into_iter()
        .map(|r| {
            let snippet = snippet::snippet(&r.body, &highlights);
            Hit {
                kind: r.kind,
                id: r.id,
                title: r.title,
                snippet,
                score: r.score,
                topic_id: r.topic_id,
                created_at: r.created_at,
            }
        })
        .collect())
}
