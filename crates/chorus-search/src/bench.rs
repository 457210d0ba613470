//! The search benchmark behind `chorus bench search`: deterministic synthetic documents, a
//! fresh tantivy index, and the same queries timed through Chorus ([`crate::search`] with its
//! query plan, concepts, typo handling, filters and snippets) and through raw tantivy (its own
//! `QueryParser` over the same fields and index, fetching the same stored documents).

use std::path::Path;
use std::time::{Duration, Instant};

use chorus_core::rng::SplitMix64;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::{DocAddress, TantivyDocument};

use crate::{Doc, DocKind, Filters, Match, Request, Result, SearchError, TantivyIndex};

/// The most frequent words of any text.
const FUNCTION_WORDS: &[&str] = &[
    "the", "to", "and", "my", "is", "it", "on", "not", "in", "after", "when", "a",
];

/// Vocabulary size of the synthetic corpus (real words plus made-up ones).
const VOCABULARY: f64 = 50_000.0;
/// Rank of the first domain word, and the rank step between domain words.
const DOMAIN_START: u64 = 50;
const DOMAIN_STEP: u64 = 5;

/// Words of support conversations, most frequent first.
const WORDS: &[&str] = &[
    "app",
    "update",
    "can't",
    "login",
    "sync",
    "account",
    "password",
    "error",
    "email",
    "phone",
    "version",
    "settings",
    "works",
    "fails",
    "calendar",
    "export",
    "import",
    "file",
    "files",
    "folder",
    "share",
    "notification",
    "notifications",
    "slow",
    "crash",
    "crashes",
    "refund",
    "billing",
    "invoice",
    "charged",
    "twice",
    "subscription",
    "cancel",
    "plan",
    "team",
    "admin",
    "user",
    "users",
    "sign",
    "reset",
    "link",
    "mobile",
    "desktop",
    "windows",
    "mac",
    "android",
    "iphone",
    "browser",
    "offline",
    "upload",
    "download",
    "photos",
    "backup",
    "restore",
    "deleted",
    "missing",
    "duplicate",
    "conflict",
    "server",
    "outage",
    "down",
    "status",
    "timeout",
    "dark",
    "mode",
    "widget",
    "feature",
    "request",
    "please",
    "add",
    "support",
    "api",
    "token",
    "integration",
    "slack",
    "webhook",
    "spreadsheet",
    "csv",
    "pdf",
    "print",
    "search",
    "filter",
    "tags",
    "archive",
    "storage",
    "quota",
    "limit",
    "upgrade",
    "trial",
    "discount",
    "payment",
    "card",
    "declined",
    "language",
    "translation",
    "keyboard",
    "shortcut",
    "battery",
    "drain",
    "memory",
    "install",
    "uninstall",
    "permissions",
    "privacy",
    "security",
    "two",
    "factor",
    "code",
    "sms",
    "verification",
    "locked",
    "unlock",
];

/// What the benchmark measured.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// Documents indexed.
    pub docs: u64,
    /// Indexing throughput (documents per second, commit included).
    pub docs_per_sec: f64,
    /// Search latency through Chorus: p50, p99 (ms).
    pub search: (f64, f64),
    /// The same queries through raw tantivy: p50, p99 (ms).
    pub raw_search: (f64, f64),
    /// Suggestion latency through Chorus: p50, p99 (ms).
    pub suggest: (f64, f64),
    /// The same suggestion queries through raw tantivy: p50, p99 (ms).
    pub raw_suggest: (f64, f64),
}

/// Synthetic text from a fixed generator: the same documents on every machine.
struct Rng(SplitMix64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }

    /// A word drawn by Zipf's law (frequency ∝ 1 / rank) over a 50,000-word vocabulary, as
    /// in natural text: function words at the top ranks, the support words at ranks 50–700
    /// (a word like "login" in about 3% of documents), made-up words everywhere else.
    fn word(&mut self) -> String {
        #[allow(clippy::cast_precision_loss)]
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        // Log-uniform over [1, N] has density ∝ 1/r: Zipf with exponent 1.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let rank = (u * VOCABULARY.ln()).exp() as u64 - 1;
        if let Some(w) = usize::try_from(rank)
            .ok()
            .and_then(|r| FUNCTION_WORDS.get(r))
        {
            return (*w).to_owned();
        }
        if rank >= DOMAIN_START && (rank - DOMAIN_START).is_multiple_of(DOMAIN_STEP) {
            let i = usize::try_from((rank - DOMAIN_START) / DOMAIN_STEP).unwrap_or(usize::MAX);
            if let Some(w) = WORDS.get(i) {
                return (*w).to_owned();
            }
        }
        format!("w{rank}")
    }

    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

/// The `i`-th synthetic document (the same for the same `i`).
pub fn synthetic_doc(i: u64) -> Doc {
    let mut r = Rng(SplitMix64::new(i.wrapping_mul(0xA24B_AED4_963E_E407)));
    let title_len = 5 + r.below(6);
    let body_len = 30 + r.below(60);
    let kind = match r.below(10) {
        0..=5 => DocKind::Topic,
        6..=7 => DocKind::Reply,
        8 => DocKind::Article,
        _ => DocKind::Mention,
    };
    Doc {
        kind,
        id: i64::try_from(i).unwrap_or(i64::MAX),
        title: r.words(title_len),
        body: r.words(body_len),
        tags: vec![WORDS[r.below(40)].to_owned()],
        status: Some(if r.below(2) == 0 { "answered" } else { "open" }.to_owned()),
        channel: Some("community".to_owned()),
        created_at: 1_700_000_000_000 + i64::try_from(i).unwrap_or(0) * 1_000,
        staff_only: kind == DocKind::Mention,
        answered: r.below(3) == 0,
        topic_id: None,
    }
}

/// Query texts: searches are 2–4 words of a document title; suggestions are draft titles of
/// 4–8 words as people write them.
pub fn synthetic_queries(n: usize, docs: u64) -> (Vec<String>, Vec<String>) {
    let mut r = Rng(SplitMix64::new(42));
    let searches = (0..n)
        .map(|_| {
            let d = synthetic_doc(r.next() % docs.max(1));
            let words: Vec<&str> = d.title.split(' ').collect();
            let take = 2 + r.below(3);
            words[..take.min(words.len())].join(" ")
        })
        .collect();
    let suggests = (0..n)
        .map(|_| {
            let len = 4 + r.below(5);
            r.words(len)
        })
        .collect();
    (searches, suggests)
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |p: f64| {
        if samples.is_empty() {
            return 0.0;
        }
        // Index arithmetic on small counts.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[i.min(samples.len() - 1)].as_secs_f64() * 1_000.0
    };
    (at(0.50), at(0.99))
}

fn raw(
    index: &TantivyIndex,
    parser: &QueryParser,
    q: &str,
    limit: usize,
) -> Result<Vec<TantivyDocument>> {
    let searcher = index.searcher();
    let (query, _errors) = parser.parse_query_lenient(q);
    let top: Vec<(f32, DocAddress)> =
        searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
    top.into_iter()
        .map(|(_, addr)| searcher.doc(addr).map_err(SearchError::from))
        .collect()
}

/// Runs the benchmark in `dir` (created; must not hold an index).
pub async fn run(
    dir: &Path,
    docs: u64,
    queries: usize,
    threads: usize,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<BenchReport> {
    let index = TantivyIndex::open_with(dir, threads, 200_000_000 * threads.max(1))?;
    let started = Instant::now();
    let mut i = 0;
    while i < docs {
        let end = (i + 10_000).min(docs);
        let batch: Vec<Doc> = (i..end).map(synthetic_doc).collect();
        index.add_uncommitted(&batch)?;
        i = end;
        progress(i);
    }
    index.commit()?;
    #[allow(clippy::cast_precision_loss)]
    let docs_per_sec = docs as f64 / started.elapsed().as_secs_f64().max(1e-9);

    let (searches, suggests) = synthetic_queries(queries, docs);
    let [title, body] = index.text_fields();
    let mut and_parser = QueryParser::for_index(index.tantivy(), vec![title, body]);
    and_parser.set_conjunction_by_default();
    let or_parser = QueryParser::for_index(index.tantivy(), vec![title, body]);

    let mut ours = Vec::with_capacity(queries);
    let mut theirs = Vec::with_capacity(queries);
    for q in &searches {
        let request = Request {
            plan: crate::parse(q),
            filters: Filters {
                kinds: vec![DocKind::Topic, DocKind::Reply, DocKind::Article],
                ..Filters::default()
            },
            mode: Match::All,
            limit: 20,
            offset: 0,
        };
        let t = Instant::now();
        crate::search(&index, &request).await?;
        ours.push(t.elapsed());
        let t = Instant::now();
        raw(&index, &and_parser, q, 20)?;
        theirs.push(t.elapsed());
    }
    let (search, raw_search) = (percentiles(ours), percentiles(theirs));

    let mut ours = Vec::with_capacity(queries);
    let mut theirs = Vec::with_capacity(queries);
    for q in &suggests {
        let request = Request {
            plan: crate::parse(q),
            filters: Filters {
                kinds: vec![DocKind::Topic, DocKind::Article],
                answered_only: true,
                ..Filters::default()
            },
            mode: Match::Most,
            limit: 5,
            offset: 0,
        };
        let t = Instant::now();
        crate::search(&index, &request).await?;
        ours.push(t.elapsed());
        let t = Instant::now();
        raw(&index, &or_parser, q, 5)?;
        theirs.push(t.elapsed());
    }
    let (suggest, raw_suggest) = (percentiles(ours), percentiles(theirs));
    Ok(BenchReport {
        docs,
        docs_per_sec,
        search,
        raw_search,
        suggest,
        raw_suggest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_data_is_deterministic() {
        assert_eq!(synthetic_doc(7), synthetic_doc(7));
        assert_ne!(synthetic_doc(7).title, synthetic_doc(8).title);
        let (a, b) = synthetic_queries(5, 100);
        assert_eq!((a.clone(), b.clone()), synthetic_queries(5, 100));
        assert!(a.iter().all(|q| !q.is_empty()));
    }
}
