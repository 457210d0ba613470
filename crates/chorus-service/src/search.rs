//! Search use cases and the indexer that keeps the index current.
//!
//! Content changes (topics, replies, articles) queue a row in `search_pending` after they
//! commit; the indexer turns queued rows into documents, applies them to the index in one
//! commit, then removes the rows, so a crash between the two only repeats work. Mentions arrive
//! far faster and never change, so the indexer follows them by id with the cursor
//! `search:mentions` instead. `chorus reindex` rebuilds everything from the database.

use std::time::Duration;

use chorus_core::permission::Action;
use chorus_core::views::knowledge::ArticleState;
use chorus_core::{Timestamp, User, allowed};
use chorus_i18n::Text;
use chorus_search::{Change, Doc, Filters, Match, Request};
pub use chorus_search::{DocKind, Hit};
use chorus_store::search::{
    ArticleSource, MentionSource, QuestionSource, ReplySource, TopicSource,
};
use tokio::sync::watch;

use crate::{Hub, Result, ServiceError};

/// The cursor of indexed mentions.
const MENTION_CURSOR: &str = "search:mentions";
/// Shortest time between two rounds of indexing while there is a backlog.
const COMMIT_EVERY: Duration = Duration::from_millis(250);
/// Documents per indexing batch.
const BATCH: i64 = 500;
/// Longest page of results.
pub const MAX_LIMIT: usize = 50;
/// The deepest page a search may ask for: hits beyond it are better found by narrowing the
/// query, and the index need not collect an unbounded number of hits to skip them.
pub const MAX_OFFSET: usize = 10_000;

fn internal(e: chorus_search::SearchError) -> ServiceError {
    ServiceError::Internal(e.to_string())
}

fn tags_of(tags: &str) -> Vec<String> {
    tags.split_whitespace().map(str::to_lowercase).collect()
}

fn topic_doc(t: TopicSource) -> Change {
    if t.deleted {
        return Change::Delete(DocKind::Topic, t.id);
    }
    let mut body = chorus_markdown::plain_text(&t.body);
    if let Some(answer) = &t.accepted_body {
        body.push_str("\n\n");
        body.push_str(&chorus_markdown::plain_text(answer));
    }
    let mut tags = tags_of(&t.tags);
    tags.push(t.kind.clone());
    let answered = t.accepted_body.is_some();
    let status = t
        .status
        .clone()
        .unwrap_or_else(|| if answered { "answered" } else { "open" }.to_owned());
    Change::Upsert(Doc {
        kind: DocKind::Topic,
        id: t.id,
        title: t.title,
        body,
        tags,
        status: Some(status),
        channel: Some("community".into()),
        created_at: t.created_at,
        staff_only: false,
        answered,
        topic_id: None,
    })
}

fn reply_doc(r: ReplySource) -> Change {
    if r.deleted {
        return Change::Delete(DocKind::Reply, r.id);
    }
    Change::Upsert(Doc {
        kind: DocKind::Reply,
        id: r.id,
        title: r.title,
        body: chorus_markdown::plain_text(&r.body),
        tags: tags_of(&r.tags),
        status: None,
        channel: Some("community".into()),
        created_at: r.created_at,
        staff_only: false,
        answered: false,
        topic_id: Some(r.topic_id),
    })
}

fn article_doc(a: ArticleSource) -> Change {
    if a.state == ArticleState::Archived {
        return Change::Delete(DocKind::Article, a.id);
    }
    let published = a.state == ArticleState::Published;
    Change::Upsert(Doc {
        kind: DocKind::Article,
        id: a.id,
        title: a.title,
        body: if a.transcript.trim().is_empty() {
            chorus_markdown::plain_text(&a.body)
        } else {
            format!(
                "{}\n{}",
                chorus_markdown::plain_text(&a.body),
                a.transcript.trim()
            )
        },
        tags: if a.category.is_empty() {
            Vec::new()
        } else {
            vec![a.category.to_lowercase()]
        },
        status: Some(a.state.to_string()),
        channel: Some("knowledge".into()),
        created_at: a.created_at,
        staff_only: !published,
        answered: published,
        topic_id: None,
    })
}

fn mention_doc(m: MentionSource) -> Change {
    if m.deleted {
        return Change::Delete(DocKind::Mention, m.id);
    }
    Change::Upsert(Doc {
        kind: DocKind::Mention,
        id: m.id,
        title: format!("@{} on {}", m.author, m.channel),
        body: m.text,
        tags: vec![m.intent, m.sentiment],
        status: None,
        channel: Some(m.channel),
        created_at: m.created_at,
        staff_only: true,
        answered: false,
        topic_id: None,
    })
}

fn question_doc(q: QuestionSource) -> Change {
    if !q.shown {
        return Change::Delete(DocKind::EventQuestion, q.id);
    }
    Change::Upsert(Doc {
        kind: DocKind::EventQuestion,
        id: q.id,
        title: q.body,
        body: format!(
            "{}\n{}",
            q.title,
            q.answer
                .as_deref()
                .map(chorus_markdown::plain_text)
                .unwrap_or_default()
        ),
        tags: if q.product.is_empty() {
            Vec::new()
        } else {
            vec![q.product.to_lowercase()]
        },
        status: Some(
            if q.answer.is_some() {
                "answered"
            } else {
                "open"
            }
            .to_owned(),
        ),
        channel: Some("events".into()),
        created_at: q.created_at,
        staff_only: false,
        answered: q.answer.is_some(),
        topic_id: Some(q.event_id),
    })
}

/// Indexes what is queued (up to one batch); returns how many documents changed.
pub async fn index_pending(hub: &Hub) -> Result<usize> {
    let pending = hub.store().search_pending(BATCH).await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let ids = |kind: &str| -> Vec<i64> {
        pending
            .iter()
            .filter(|p| p.0 == kind)
            .map(|p| p.1)
            .collect()
    };
    let store = hub.store();
    let mut changes = Vec::with_capacity(pending.len());
    let topics = ids("topic");
    changes.extend(
        store
            .search_topics(&topics)
            .await?
            .into_iter()
            .map(topic_doc),
    );
    changes.extend(
        store
            .search_replies(&ids("reply"))
            .await?
            .into_iter()
            .map(reply_doc),
    );
    changes.extend(
        store
            .search_articles(&ids("article"))
            .await?
            .into_iter()
            .map(article_doc),
    );
    changes.extend(
        store
            .search_mentions(&ids("mention"))
            .await?
            .into_iter()
            .map(mention_doc),
    );
    changes.extend(
        store
            .search_questions(&ids(DocKind::EventQuestion.as_str()))
            .await?
            .into_iter()
            .map(question_doc),
    );
    // Rows that no longer exist (never committed, purged) leave the index too.
    for (kind, id, _) in &pending {
        if let Some(kind) = DocKind::parse(kind) {
            let present = changes.iter().any(|c| match c {
                Change::Upsert(d) => d.kind == kind && d.id == *id,
                Change::Delete(k, i) => *k == kind && i == id,
            });
            if !present {
                changes.push(Change::Delete(kind, *id));
            }
        }
    }
    let n = changes.len();
    hub.search_index()
        .await?
        .apply(changes)
        .await
        .map_err(internal)?;
    store.search_dequeue(&pending).await?;
    Ok(n)
}

/// Indexes mentions stored since the last pass (up to a few batches); returns how many.
pub async fn index_mentions(hub: &Hub) -> Result<usize> {
    if !hub.config().search.index_mentions {
        return Ok(0);
    }
    let store = hub.store();
    let start = store.cursor(MENTION_CURSOR).await?;
    let mut after = start;
    let mut changes = Vec::new();
    // Up to 16,000 mentions in one commit: each commit is a new segment, and many small
    // segments mean constant merging.
    for _ in 0..8 {
        let batch = store.search_mentions_after(after, BATCH * 4).await?;
        let Some(last) = batch.last().map(|m| m.id) else {
            break;
        };
        changes.extend(batch.into_iter().map(mention_doc));
        after = last;
    }
    if after == start {
        return Ok(0);
    }
    let total = changes.len();
    hub.search_index()
        .await?
        .apply(changes)
        .await
        .map_err(internal)?;
    store.set_cursor(MENTION_CURSOR, after, hub.now()).await?;
    Ok(total)
}

/// Progress of a rebuild: documents written and the total expected.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Send + Sync);

/// Rebuilds the index from the database: clears it, then indexes every topic, reply, article
/// and (if enabled) mention in batches, reporting progress. Returns the documents indexed.
pub async fn reindex(hub: &Hub, progress: Progress<'_>) -> Result<u64> {
    let store = hub.store();
    let index = hub.search_index().await?;
    let counts = store.search_source_counts().await?;
    let with_mentions = hub.config().search.index_mentions;
    let total: i64 =
        counts[..3].iter().sum::<i64>() + counts[4] + if with_mentions { counts[3] } else { 0 };
    let total = u64::try_from(total).unwrap_or(0);
    index.clear().await.map_err(internal)?;
    let mut done = 0u64;
    progress(0, total);
    macro_rules! pass {
        ($fetch:ident, $make:ident) => {{
            let mut after = 0;
            loop {
                let rows = store.$fetch(after, BATCH * 4).await?;
                let Some(last) = rows.last().map(|r| r.id) else {
                    break;
                };
                done += rows.len() as u64;
                index
                    .apply(rows.into_iter().map($make).collect())
                    .await
                    .map_err(internal)?;
                progress(done, total);
                after = last;
            }
            after
        }};
    }
    pass!(search_topics_after, topic_doc);
    pass!(search_replies_after, reply_doc);
    pass!(search_articles_after, article_doc);
    pass!(search_questions_after, question_doc);
    if with_mentions {
        let last = pass!(search_mentions_after, mention_doc);
        store.set_cursor(MENTION_CURSOR, last, hub.now()).await?;
    }
    Ok(done)
}

/// Keeps the index current until `shutdown`: queued changes and new mentions, every second
/// or as soon as content changes. Rebuilds first when the index is empty but the database is
/// not (a new index directory, or a new version's schema).
pub async fn run_indexer(hub: Hub, mut shutdown: watch::Receiver<bool>) {
    match needs_rebuild(&hub).await {
        Ok(true) => {
            tracing::info!("search index empty; rebuilding from the database");
            match reindex(&hub, &|_, _| {}).await {
                Ok(n) => tracing::info!(documents = n, "search index rebuilt"),
                Err(e) => tracing::error!(error = %e, "search rebuild failed"),
            }
        }
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "search index unavailable; searches will fail");
            return;
        }
    }
    loop {
        if *shutdown.borrow() {
            break;
        }
        let round = tokio::time::Instant::now();
        let mut busy = false;
        match index_pending(&hub).await {
            Ok(n) => busy |= n > 0,
            Err(e) => tracing::warn!(error = %e, "search indexing failed"),
        }
        match index_mentions(&hub).await {
            Ok(n) => busy |= n > 0,
            Err(e) => tracing::warn!(error = %e, "mention indexing failed"),
        }
        if busy {
            // Under steady writes, commit at most every COMMIT_EVERY: every commit is a new
            // segment whose merges cost CPU later, and a hub under load felt them as stalls.
            tokio::select! {
                _ = shutdown.changed() => {}
                _ = tokio::time::sleep_until(round + COMMIT_EVERY) => {}
            }
            continue;
        }
        tokio::select! {
            _ = shutdown.changed() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = hub.search_woken() => {
                // Gather the rest of a burst into one commit.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

async fn needs_rebuild(hub: &Hub) -> Result<bool> {
    let index = hub.search_index().await?;
    if index.count().await.map_err(internal)? > 0 {
        return Ok(false);
    }
    let counts = hub.store().search_source_counts().await?;
    Ok(counts.iter().any(|c| *c > 0))
}

/// Indexes everything queued or new, for tests and the CLI (the server's indexer does this in
/// the background).
pub async fn catch_up(hub: &Hub) -> Result<()> {
    while index_pending(hub).await? > 0 {}
    while index_mentions(hub).await? > 0 {}
    Ok(())
}

/// A search as asked for by a page or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    /// The query text.
    pub q: String,
    /// `topic`, `reply`, `article`, `mention` (empty: everything the viewer may see).
    pub kind: Option<String>,
    /// Tag (or topic kind, or article category).
    pub tag: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Channel.
    pub channel: Option<String>,
    /// Created at or after.
    pub from: Option<Timestamp>,
    /// Created before.
    pub to: Option<Timestamp>,
    /// Page size (1–50, default 20).
    pub limit: Option<usize>,
    /// Hits to skip.
    pub offset: Option<usize>,
}

/// Searches topics, replies and published articles (and, for staff, mentions and drafts).
pub async fn search(hub: &Hub, viewer: Option<&User>, params: &SearchParams) -> Result<Vec<Hit>> {
    let staff = viewer.is_some_and(|u| allowed(u.role, Action::ViewListening));
    let kinds = match params.kind.as_deref().map(str::trim) {
        None | Some("") | Some("all") => {
            if staff {
                Vec::new()
            } else {
                vec![
                    DocKind::Topic,
                    DocKind::Reply,
                    DocKind::Article,
                    DocKind::EventQuestion,
                ]
            }
        }
        Some(k) => {
            let kinds: Vec<DocKind> = k
                .split(',')
                .map(|k| {
                    DocKind::parse(k.trim()).ok_or_else(|| {
                        ServiceError::field(
                            "type",
                            Text::new("err-com-search-type").arg("value", format!("{k:?}")),
                        )
                    })
                })
                .collect::<Result<_>>()?;
            if kinds.contains(&DocKind::Mention) && !staff {
                return Err(ServiceError::Forbidden);
            }
            kinds
        }
    };
    if let (Some(from), Some(to)) = (params.from, params.to)
        && from >= to
    {
        return Err(ServiceError::field(
            "from",
            Text::new("err-com-search-from-to"),
        ));
    }
    let limit = params.limit.unwrap_or(20);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ServiceError::field(
            "limit",
            Text::new("err-limit-range").arg("max", MAX_LIMIT),
        ));
    }
    let offset = params.offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        // The limit as written before (10000, not 10,000).
        return Err(ServiceError::field(
            "offset",
            Text::new("err-com-search-offset").arg("max", MAX_OFFSET.to_string()),
        ));
    }
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let request = Request {
        plan: chorus_search::parse(&params.q),
        filters: Filters {
            kinds,
            tag: clean(&params.tag),
            status: clean(&params.status),
            channel: clean(&params.channel),
            from: params.from.map(|t| t.0),
            to: params.to.map(|t| t.0),
            staff,
            answered_only: false,
        },
        mode: Match::All,
        limit,
        offset,
    };
    let index = hub.search_index().await?;
    chorus_search::search(index.as_ref(), &request)
        .await
        .map_err(internal)
}
