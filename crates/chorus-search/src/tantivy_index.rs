//! The embedded backend: a tantivy index in a directory of its own.
//!
//! tantivy allows one writer per directory (a lock file), so one process owns the index; the
//! writer sits behind a mutex and every [`SearchIndex::apply`] is one commit followed by a
//! reader reload, which makes the change visible before the call returns. All tantivy work runs
//! on blocking threads.

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    Value,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::analysis::{ChorusTokenizer, TOKENIZER};
use crate::fuzzy::allowed_distance;
use crate::{
    BoxFuture, Change, Doc, DocKind, Match, RawHit, Request, Result, SearchError, SearchIndex,
};

/// Weight of a title match against a body match.
const TITLE_BOOST: f32 = 2.0;
/// Weight of a concept (paraphrase) match against the word as written.
const CONCEPT_BOOST: f32 = 0.8;
/// Weight of a corrected misspelling.
const FUZZY_BOOST: f32 = 0.5;

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    title: Field,
    body: Field,
    tags: Field,
    status: Field,
    channel: Field,
    created_at: Field,
    staff_only: Field,
    answered: Field,
    topic_id: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_i64_field("id", STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        tags: b.add_text_field("tags", STRING),
        status: b.add_text_field("status", STRING),
        channel: b.add_text_field("channel", STRING),
        created_at: b.add_i64_field("created_at", INDEXED | STORED),
        staff_only: b.add_u64_field("staff_only", INDEXED),
        answered: b.add_u64_field("answered", INDEXED),
        topic_id: b.add_i64_field("topic_id", STORED),
    };
    (b.build(), fields)
}

/// An embedded tantivy index.
#[derive(Clone)]
pub struct TantivyIndex {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    f: Fields,
    path: PathBuf,
}

impl TantivyIndex {
    /// Opens the index in `dir`, creating it (or recreating it when its schema is from another
    /// version; call a rebuild afterwards). Fails with [`SearchError::Locked`] when another
    /// process writes to it.
    pub fn open(dir: &Path) -> Result<TantivyIndex> {
        Self::open_with(dir, 1, 50_000_000)
    }

    /// Like [`TantivyIndex::open`] with a number of indexing threads and a memory budget in
    /// bytes (bulk loads use more of both).
    pub fn open_with(dir: &Path, threads: usize, memory: usize) -> Result<TantivyIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, f) = schema();
        let mut index = if dir.join("meta.json").exists() {
            Index::open_in_dir(dir)?
        } else {
            Index::create_in_dir(dir, schema.clone())?
        };
        if index.schema() != schema {
            tracing::warn!(path = %dir.display(), "search index from another version; recreating it");
            drop(index);
            std::fs::remove_dir_all(dir)?;
            std::fs::create_dir_all(dir)?;
            index = Index::create_in_dir(dir, schema)?;
        }
        index
            .tokenizers()
            .register(TOKENIZER, ChorusTokenizer::default());
        let writer = index
            .writer_with_num_threads(threads.max(1), memory.max(15_000_000 * threads.max(1)))
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => {
                    SearchError::Locked(dir.display().to_string())
                }
                e => SearchError::Tantivy(e),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(TantivyIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                writer: Mutex::new(writer),
                f,
                path: dir.to_owned(),
            }),
        })
    }

    /// The directory holding the index.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The underlying tantivy index (benchmarks compare against it).
    pub fn tantivy(&self) -> &Index {
        &self.inner.index
    }

    /// The current searcher (benchmarks run raw tantivy queries on it).
    pub fn searcher(&self) -> Searcher {
        self.inner.reader.searcher()
    }

    /// The title and body fields, for raw queries.
    pub fn text_fields(&self) -> [Field; 2] {
        [self.inner.f.title, self.inner.f.body]
    }

    /// [`SearchIndex::apply`] on the calling thread.
    pub fn apply_blocking(&self, changes: Vec<Change>) -> Result<()> {
        let inner = &self.inner;
        let f = inner.f;
        let mut writer = inner
            .writer
            .lock()
            .map_err(|_| SearchError::Task("search writer poisoned".into()))?;
        for change in changes {
            match change {
                Change::Upsert(doc) => {
                    writer.delete_term(Term::from_field_text(f.key, &key(doc.kind, doc.id)));
                    writer.add_document(to_document(&f, &doc))?;
                }
                Change::Delete(kind, id) => {
                    writer.delete_term(Term::from_field_text(f.key, &key(kind, id)));
                }
            }
        }
        writer.commit()?;
        drop(writer);
        inner.reader.reload()?;
        Ok(())
    }

    /// Adds documents without committing (bulk loads; call [`TantivyIndex::commit`]).
    pub fn add_uncommitted(&self, docs: &[Doc]) -> Result<()> {
        let f = self.inner.f;
        let writer = self
            .inner
            .writer
            .lock()
            .map_err(|_| SearchError::Task("search writer poisoned".into()))?;
        for doc in docs {
            writer.delete_term(Term::from_field_text(f.key, &key(doc.kind, doc.id)));
            writer.add_document(to_document(&f, doc))?;
        }
        Ok(())
    }

    /// Commits what [`TantivyIndex::add_uncommitted`] added and makes it searchable.
    pub fn commit(&self) -> Result<()> {
        self.apply_blocking(Vec::new())
    }

    /// [`SearchIndex::query`] on the calling thread.
    pub fn query_blocking(&self, request: &Request) -> Result<Vec<RawHit>> {
        let searcher = self.inner.reader.searcher();
        let query = self.build(&searcher, request)?;
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(request.limit.max(1))
                .and_offset(request.offset)
                .order_by_score(),
        )?;
        top.into_iter()
            .map(|(score, addr)| self.raw_hit(&searcher, score, addr))
            .collect()
    }

    fn raw_hit(&self, searcher: &Searcher, score: f32, addr: DocAddress) -> Result<RawHit> {
        let f = &self.inner.f;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let int = |field| doc.get_first(field).and_then(|v| v.as_i64());
        Ok(RawHit {
            kind: DocKind::parse(&text(f.kind)).unwrap_or(DocKind::Topic),
            id: int(f.id).unwrap_or_default(),
            title: text(f.title),
            body: text(f.body),
            score,
            topic_id: int(f.topic_id),
            created_at: int(f.created_at).unwrap_or_default(),
        })
    }

    fn text_alt(&self, token: &str, boost: f32) -> Box<dyn Query> {
        let f = &self.inner.f;
        let term = |field| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, token),
                IndexRecordOption::WithFreqs,
            ))
        };
        Box::new(BooleanQuery::union(vec![
            Box::new(BoostQuery::new(term(f.title), TITLE_BOOST * boost)),
            Box::new(BoostQuery::new(term(f.body), boost)),
        ]))
    }

    fn phrase_alt(&self, words: &[String]) -> Box<dyn Query> {
        let f = &self.inner.f;
        let phrase = |field| -> Box<dyn Query> {
            Box::new(PhraseQuery::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect(),
            ))
        };
        Box::new(BooleanQuery::union(vec![
            Box::new(BoostQuery::new(phrase(f.title), TITLE_BOOST)),
            phrase(f.body),
        ]))
    }

    fn fuzzy_alt(&self, searcher: &Searcher, word: &str) -> Result<Option<Box<dyn Query>>> {
        let f = &self.inner.f;
        let distance = allowed_distance(word.chars().count());
        if distance == 0 {
            return Ok(None);
        }
        // Only words the index does not know are corrected: a known word means what it says,
        // and skipping the automaton keeps common queries fast.
        for field in [f.title, f.body] {
            if searcher.doc_freq(&Term::from_field_text(field, word))? > 0 {
                return Ok(None);
            }
        }
        let fuzzy = |field, boost| -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(field, word),
                    distance,
                    true,
                )),
                boost,
            ))
        };
        Ok(Some(Box::new(BooleanQuery::union(vec![
            fuzzy(f.title, TITLE_BOOST * FUZZY_BOOST),
            fuzzy(f.body, FUZZY_BOOST),
        ]))))
    }

    fn build(&self, searcher: &Searcher, request: &Request) -> Result<Box<dyn Query>> {
        let f = self.inner.f;
        let plan = &request.plan;
        let mut slots: Vec<Box<dyn Query>> = Vec::new();
        for slot in &plan.slots {
            let mut alts: Vec<Box<dyn Query>> = Vec::new();
            match slot.words.as_slice() {
                [one] => alts.push(self.text_alt(one, 1.0)),
                words => alts.push(self.phrase_alt(words)),
            }
            if let Some(concept) = &slot.concept {
                alts.push(self.text_alt(concept, CONCEPT_BOOST));
            }
            if slot.fuzzy
                && let Some(word) = slot.words.first()
            {
                alts.extend(self.fuzzy_alt(searcher, word)?);
            }
            slots.push(Box::new(BooleanQuery::union(alts)));
        }
        let required = request.mode.required(slots.len());
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !slots.is_empty() {
            let slot_query: Box<dyn Query> = if request.mode == Match::All {
                Box::new(BooleanQuery::intersection(slots))
            } else {
                Box::new(BooleanQuery::union_with_minimum_required_clauses(
                    slots, required,
                ))
            };
            clauses.push((Occur::Must, slot_query));
        }
        for phrase in &plan.phrases {
            clauses.push((Occur::Must, self.phrase_alt(phrase)));
        }
        for word in &plan.excluded {
            clauses.push((Occur::MustNot, self.text_alt(word, 1.0)));
        }
        let filter = |q: Box<dyn Query>| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
        };
        let exact = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let kinds = &request.filters.kinds;
        if !kinds.is_empty() && kinds.len() < DocKind::ALL.len() {
            let others: Vec<DocKind> = DocKind::ALL
                .into_iter()
                .filter(|k| !kinds.contains(k))
                .collect();
            if others.len() < kinds.len() {
                // Excluding the few other kinds skips documents by seeking; including several
                // large kinds would walk the union of their postings.
                for k in others {
                    clauses.push((Occur::MustNot, exact(f.kind, k.as_str())));
                }
            } else {
                clauses.push(filter(Box::new(BooleanQuery::union(
                    kinds.iter().map(|k| exact(f.kind, k.as_str())).collect(),
                ))));
            }
        }
        let filters = &request.filters;
        if let Some(tag) = &filters.tag {
            clauses.push(filter(exact(f.tags, &tag.to_lowercase())));
        }
        if let Some(status) = &filters.status {
            clauses.push(filter(exact(f.status, status)));
        }
        if let Some(channel) = &filters.channel {
            clauses.push(filter(exact(f.channel, channel)));
        }
        if filters.from.is_some() || filters.to.is_some() {
            let bound = |v: Option<i64>, lower: bool| match v {
                Some(v) if lower => Bound::Included(Term::from_field_i64(f.created_at, v)),
                Some(v) => Bound::Excluded(Term::from_field_i64(f.created_at, v)),
                None => Bound::Unbounded,
            };
            clauses.push(filter(Box::new(RangeQuery::new(
                bound(filters.from, true),
                bound(filters.to, false),
            ))));
        }
        let flag = |field| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_u64(field, 1),
                IndexRecordOption::Basic,
            ))
        };
        if !filters.staff {
            clauses.push((Occur::MustNot, flag(f.staff_only)));
        }
        if filters.answered_only {
            clauses.push(filter(flag(f.answered)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn count_blocking(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    fn clear_blocking(&self) -> Result<()> {
        let mut writer = self
            .inner
            .writer
            .lock()
            .map_err(|_| SearchError::Task("search writer poisoned".into()))?;
        writer.delete_all_documents()?;
        writer.commit()?;
        drop(writer);
        self.inner.reader.reload()?;
        Ok(())
    }
}

fn key(kind: DocKind, id: i64) -> String {
    format!("{}:{id}", kind.as_str())
}

fn to_document(f: &Fields, doc: &Doc) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.key, key(doc.kind, doc.id));
    d.add_text(f.kind, doc.kind.as_str());
    d.add_i64(f.id, doc.id);
    d.add_text(f.title, &doc.title);
    d.add_text(f.body, &doc.body);
    for tag in &doc.tags {
        d.add_text(f.tags, tag.to_lowercase());
    }
    if let Some(s) = &doc.status {
        d.add_text(f.status, s);
    }
    if let Some(c) = &doc.channel {
        d.add_text(f.channel, c);
    }
    d.add_i64(f.created_at, doc.created_at);
    d.add_u64(f.staff_only, u64::from(doc.staff_only));
    d.add_u64(f.answered, u64::from(doc.answered));
    if let Some(t) = doc.topic_id {
        d.add_i64(f.topic_id, t);
    }
    d
}

async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?
}

impl SearchIndex for TantivyIndex {
    fn name(&self) -> &'static str {
        "tantivy"
    }

    fn apply(&self, changes: Vec<Change>) -> BoxFuture<'_, Result<()>> {
        let this = self.clone();
        Box::pin(blocking(move || this.apply_blocking(changes)))
    }

    fn query<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Vec<RawHit>>> {
        let this = self.clone();
        let request = request.clone();
        Box::pin(blocking(move || this.query_blocking(&request)))
    }

    fn clear(&self) -> BoxFuture<'_, Result<()>> {
        let this = self.clone();
        Box::pin(blocking(move || this.clear_blocking()))
    }

    fn count(&self) -> BoxFuture<'_, Result<u64>> {
        let this = self.clone();
        Box::pin(blocking(move || Ok(this.count_blocking())))
    }
}
