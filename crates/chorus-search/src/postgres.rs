//! The shared backend: documents in PostgreSQL with a GIN index over a `tsvector` built from
//! the Chorus analyzer, so several instances search the same, transactionally current data.
//!
//! The `tsvector` and `tsquery` literals are written here from analyzer tokens (stems, concept
//! tokens, positions, title weight A and body weight B) rather than by PostgreSQL's own text
//! search configuration, which keeps matching identical to the tantivy backend.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chorus_store::Store;
use chorus_store::search::{SearchDocRow, SearchFilter};

use crate::analysis::analyze;
use crate::fuzzy::{allowed_distance, within};
use crate::query::Slot;
use crate::{BoxFuture, Change, Doc, DocKind, Match, RawHit, Request, Result, SearchIndex};

/// PostgreSQL keeps positions up to 16,383 and 256 of them per lexeme.
const MAX_POSITION: usize = 16_383;
const MAX_POSITIONS_PER_LEXEME: usize = 256;
/// Spelling corrections tried per misspelt word.
const MAX_CORRECTIONS: usize = 4;

/// Full-text search in PostgreSQL.
#[derive(Clone)]
pub struct PostgresIndex {
    store: Store,
}

impl PostgresIndex {
    /// Searches the documents stored in `store` (which must be PostgreSQL to query).
    pub fn new(store: Store) -> PostgresIndex {
        PostgresIndex { store }
    }

    async fn apply_changes(&self, changes: Vec<Change>) -> Result<()> {
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        let mut terms = BTreeSet::new();
        for change in changes {
            match change {
                Change::Upsert(doc) => {
                    let (row, words) = to_row(&doc);
                    terms.extend(words);
                    upserts.push(row);
                }
                Change::Delete(kind, id) => deletes.push((kind.as_str().to_owned(), id)),
            }
        }
        let terms: Vec<String> = terms.into_iter().collect();
        self.store
            .search_docs_apply(&upserts, &deletes, &terms)
            .await?;
        Ok(())
    }

    async fn corrections(&self, word: &str) -> Result<Vec<String>> {
        let distance = allowed_distance(word.chars().count());
        let Some(first) = word.chars().next() else {
            return Ok(Vec::new());
        };
        if distance == 0 || self.store.search_term_known(word).await? {
            return Ok(Vec::new());
        }
        let len = i64::try_from(word.len()).unwrap_or(i64::MAX);
        let d = i64::from(distance);
        let mut found: Vec<(u8, String)> = self
            .store
            .search_terms_near(first, len - d, len + d)
            .await?
            .into_iter()
            .filter_map(|t| within(word, &t, distance).map(|d| (d, t)))
            .collect();
        found.sort();
        Ok(found
            .into_iter()
            .take(MAX_CORRECTIONS)
            .map(|(_, t)| t)
            .collect())
    }

    async fn tsquery(&self, request: &Request) -> Result<String> {
        let plan = &request.plan;
        let mut slots = Vec::new();
        for slot in &plan.slots {
            let mut alts = vec![words_query(&slot.words)];
            if let Some(c) = &slot.concept {
                alts.push(lexeme(c));
            }
            if slot.fuzzy
                && let Some(word) = slot.words.first()
            {
                alts.extend(self.corrections(word).await?.iter().map(|w| lexeme(w)));
            }
            slots.push(format!("({})", alts.join(" | ")));
        }
        let mut parts = Vec::new();
        if !slots.is_empty() {
            let join = if request.mode == Match::All {
                " & "
            } else {
                " | "
            };
            parts.push(format!("({})", slots.join(join)));
        }
        parts.extend(plan.phrases.iter().map(|p| words_query(p)));
        parts.extend(plan.excluded.iter().map(|w| format!("!{}", lexeme(w))));
        Ok(parts.join(" & "))
    }

    async fn run(&self, request: &Request) -> Result<Vec<RawHit>> {
        let tsquery = self.tsquery(request).await?;
        let f = &request.filters;
        let kinds = if f.kinds.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = f.kinds.iter().map(|k| k.as_str()).collect();
            format!(",{},", names.join(","))
        };
        let filter = SearchFilter {
            kinds,
            tag: f.tag.as_deref().unwrap_or_default().to_lowercase(),
            status: f.status.clone().unwrap_or_default(),
            channel: f.channel.clone().unwrap_or_default(),
            from: f.from.unwrap_or(i64::MIN),
            to: f.to.unwrap_or(i64::MAX),
            staff: f.staff,
            answered_only: f.answered_only,
        };
        // "Most slots" cannot be said in a tsquery: fetch more and count slots here.
        let post_filter = request.mode == Match::Most && request.plan.slots.len() > 1;
        let (limit, offset) = if post_filter {
            ((request.offset + request.limit) * 4 + 20, 0)
        } else {
            (request.limit, request.offset)
        };
        let rows = self
            .store
            .search_docs_query(
                &tsquery,
                &filter,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX),
            )
            .await?;
        let mut hits: Vec<RawHit> = rows
            .into_iter()
            .map(|r| RawHit {
                kind: DocKind::parse(&r.kind).unwrap_or(DocKind::Topic),
                id: r.doc_id,
                title: r.title,
                body: r.body,
                // f64 → f32 loses precision only in digits no ranking depends on.
                #[allow(clippy::cast_possible_truncation)]
                score: r.score as f32,
                topic_id: r.topic_id,
                created_at: r.created_at,
            })
            .collect();
        if post_filter {
            let needed = request.mode.required(request.plan.slots.len());
            hits.retain(|h| matched_slots(&request.plan.slots, h) >= needed);
            hits = hits
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .collect();
        }
        Ok(hits)
    }
}

fn matched_slots(slots: &[Slot], hit: &RawHit) -> usize {
    let tokens: HashSet<String> = analyze(&hit.title)
        .into_iter()
        .chain(analyze(&hit.body))
        .map(|t| t.text)
        .collect();
    slots
        .iter()
        .filter(|s| {
            s.words.iter().all(|w| tokens.contains(w))
                || s.concept.as_ref().is_some_and(|c| tokens.contains(c))
        })
        .count()
}

fn lexeme(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

fn words_query(words: &[String]) -> String {
    match words {
        [one] => lexeme(one),
        many => {
            let parts: Vec<String> = many.iter().map(|w| lexeme(w)).collect();
            format!("({})", parts.join(" <-> "))
        }
    }
}

/// The stored row for a document and the words worth adding to the vocabulary.
fn to_row(doc: &Doc) -> (SearchDocRow, Vec<String>) {
    let mut positions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut words = Vec::new();
    let title = analyze(&doc.title);
    let offset = title.iter().map(|t| t.position + 1).max().unwrap_or(0) + 1;
    for (tokens, shift, weight) in [(title, 0, 'A'), (analyze(&doc.body), offset, 'B')] {
        for t in tokens {
            let pos = (t.position + shift + 1).min(MAX_POSITION);
            if !t.is_concept() && t.text.chars().count() >= 4 {
                words.push(t.text.clone());
            }
            let list = positions.entry(t.text).or_default();
            if list.len() < MAX_POSITIONS_PER_LEXEME {
                list.push(format!("{pos}{weight}"));
            }
        }
    }
    let lexemes: Vec<String> = positions
        .into_iter()
        .map(|(text, pos)| format!("{}:{}", lexeme(&text), pos.join(",")))
        .collect();
    let tags = if doc.tags.is_empty() {
        String::new()
    } else {
        let lower: Vec<String> = doc.tags.iter().map(|t| t.to_lowercase()).collect();
        format!(" {} ", lower.join(" "))
    };
    (
        SearchDocRow {
            kind: doc.kind.as_str().to_owned(),
            doc_id: doc.id,
            title: doc.title.clone(),
            body: doc.body.clone(),
            lexemes: lexemes.join(" "),
            tags,
            status: doc.status.clone(),
            channel: doc.channel.clone(),
            created_at: doc.created_at,
            staff_only: doc.staff_only,
            answered: doc.answered,
            topic_id: doc.topic_id,
        },
        words,
    )
}

impl SearchIndex for PostgresIndex {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn apply(&self, changes: Vec<Change>) -> BoxFuture<'_, Result<()>> {
        Box::pin(self.apply_changes(changes))
    }

    fn query<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<Vec<RawHit>>> {
        Box::pin(self.run(request))
    }

    fn clear(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { Ok(self.store.search_docs_clear().await?) })
    }

    fn count(&self) -> BoxFuture<'_, Result<u64>> {
        Box::pin(
            async move { Ok(u64::try_from(self.store.search_docs_count().await?).unwrap_or(0)) },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsvector_literal_has_weights_positions_and_concepts() {
        let doc = Doc {
            kind: DocKind::Article,
            id: 1,
            title: "Login fails".into(),
            body: "It's the user's password".into(),
            tags: vec!["Account".into()],
            status: None,
            channel: None,
            created_at: 0,
            staff_only: false,
            answered: true,
            topic_id: None,
        };
        let (row, words) = to_row(&doc);
        assert!(row.lexemes.contains("'login':1A"), "{}", row.lexemes);
        assert!(row.lexemes.contains("'~login':1A"), "{}", row.lexemes);
        assert!(row.lexemes.contains("'password':"), "{}", row.lexemes);
        assert_eq!(row.tags, " account ");
        assert!(words.contains(&"password".to_owned()));
    }
}
