//! The same relevance cases against both backends: tantivy in a temporary directory and
//! PostgreSQL full-text search in a schema of its own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chorus_search::{
    Change, Doc, DocKind, Filters, Hit, Match, PostgresIndex, Request, SearchIndex, TantivyIndex,
    parse, search,
};
use chorus_store::{Store, StoreOptions};
use chorus_testkit::{TempDir, TestDb};

const DAY: i64 = 86_400_000;

fn doc(kind: DocKind, id: i64, title: &str, body: &str) -> Doc {
    Doc {
        kind,
        id,
        title: title.into(),
        body: body.into(),
        tags: Vec::new(),
        status: None,
        channel: Some("community".into()),
        created_at: id * DAY,
        staff_only: false,
        answered: false,
        topic_id: None,
    }
}

fn corpus() -> Vec<Doc> {
    let mut docs = vec![
        Doc {
            answered: true,
            tags: vec!["Account".into()],
            ..doc(
                DocKind::Topic,
                1,
                "Login fails since version 3.2",
                "After the upgrade the app rejects my credentials. Accepted answer: clear the \
                 token cache under Settings → Privacy.",
            )
        },
        Doc {
            answered: true,
            tags: vec!["export".into()],
            ..doc(
                DocKind::Article,
                2,
                "Export a spreadsheet to CSV",
                "Open the sheet, choose File → Export and pick CSV.",
            )
        },
        doc(
            DocKind::Article,
            3,
            "How to reset your password",
            "Use the forgot password link on the sign-in page.",
        ),
        doc(
            DocKind::Topic,
            4,
            "Dark mode for the calendar",
            "Please add a dark mode; the white calendar hurts at night.",
        ),
        doc(
            DocKind::Topic,
            5,
            "Calendar colours",
            "The dark blue of the month view and the mode switcher look odd.",
        ),
        Doc {
            tags: vec!["android".into()],
            ..doc(
                DocKind::Topic,
                6,
                "Sync stuck on Android",
                "Sync never finishes on my android phone.",
            )
        },
        doc(
            DocKind::Topic,
            7,
            "Sync stuck on desktop",
            "Sync never finishes on Windows.",
        ),
        Doc {
            staff_only: true,
            channel: Some("mastodon".into()),
            ..doc(
                DocKind::Mention,
                8,
                "@angry on mastodon",
                "the refund still has not arrived, three weeks now",
            )
        },
        doc(
            DocKind::Reply,
            9,
            "Billing question",
            "Refunds go back to the original card within five days.",
        ),
        doc(
            DocKind::Topic,
            10,
            "Widgets on the home screen",
            "A refund of my patience would be nice: please add widgets.",
        ),
    ];
    docs[8].topic_id = Some(4);
    docs
}

fn request(q: &str, mode: Match) -> Request {
    Request {
        plan: parse(q),
        filters: Filters {
            staff: true,
            ..Filters::default()
        },
        mode,
        limit: 10,
        offset: 0,
    }
}

fn ids(hits: &[Hit]) -> Vec<(DocKind, i64)> {
    hits.iter().map(|h| (h.kind, h.id)).collect()
}

async fn relevance(index: &dyn SearchIndex) {
    index
        .apply(corpus().into_iter().map(Change::Upsert).collect())
        .await
        .unwrap();
    assert_eq!(index.count().await.unwrap(), 10);

    // Paraphrase: no word in common with the title, every concept.
    let hits = search(index, &request("can't sign in after update", Match::All))
        .await
        .unwrap();
    assert_eq!(hits.first().map(|h| h.id), Some(1), "{hits:?}");
    assert!(hits[0].snippet.contains("<mark>"), "{}", hits[0].snippet);
    let hits = search(
        index,
        &request("I cannot log in since the new version", Match::Most),
    )
    .await
    .unwrap();
    assert_eq!(hits.first().map(|h| h.id), Some(1), "{hits:?}");

    // Stemming.
    let hits = search(index, &request("exporting spreadsheets", Match::All))
        .await
        .unwrap();
    assert_eq!(ids(&hits), [(DocKind::Article, 2)]);

    // Typo tolerance.
    let hits = search(index, &request("pasword reset", Match::All))
        .await
        .unwrap();
    assert_eq!(hits.first().map(|h| h.id), Some(3), "{hits:?}");
    let hits = search(index, &request("spreadshet", Match::All))
        .await
        .unwrap();
    assert_eq!(ids(&hits), [(DocKind::Article, 2)]);

    // Phrase: only the document with the words together.
    let hits = search(index, &request("\"dark mode\"", Match::All))
        .await
        .unwrap();
    assert_eq!(ids(&hits), [(DocKind::Topic, 4)]);
    let hits = search(index, &request("dark mode", Match::All))
        .await
        .unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(hits[0].id, 4, "title match ranks first: {hits:?}");

    // Exclusion and filters.
    let hits = search(index, &request("sync -android", Match::All))
        .await
        .unwrap();
    assert_eq!(ids(&hits), [(DocKind::Topic, 7)]);
    let mut r = request("sync", Match::All);
    r.filters.tag = Some("Android".into());
    assert_eq!(
        ids(&search(index, &r).await.unwrap()),
        [(DocKind::Topic, 6)]
    );
    let mut r = request("refund", Match::All);
    assert_eq!(search(index, &r).await.unwrap().len(), 3);
    r.filters.staff = false;
    let visible = search(index, &r).await.unwrap();
    assert!(
        visible.iter().all(|h| h.kind != DocKind::Mention),
        "{visible:?}"
    );
    r.filters.kinds = vec![DocKind::Reply];
    let replies = search(index, &r).await.unwrap();
    assert_eq!(ids(&replies), [(DocKind::Reply, 9)]);
    assert_eq!(replies[0].topic_id, Some(4));
    let mut r = request("refund", Match::All);
    r.filters.channel = Some("mastodon".into());
    assert_eq!(
        ids(&search(index, &r).await.unwrap()),
        [(DocKind::Mention, 8)]
    );
    let mut r = request("sync", Match::All);
    r.filters.from = Some(7 * DAY);
    r.filters.to = Some(8 * DAY);
    assert_eq!(
        ids(&search(index, &r).await.unwrap()),
        [(DocKind::Topic, 7)]
    );
    let mut r = request("login password export", Match::Most);
    r.filters.answered_only = true;
    let answered = search(index, &r).await.unwrap();
    assert!(
        answered.iter().all(|h| [1, 2].contains(&h.id)),
        "{answered:?}"
    );

    // Paging.
    let mut r = request("sync", Match::All);
    r.limit = 1;
    let first = search(index, &r).await.unwrap();
    r.offset = 1;
    let second = search(index, &r).await.unwrap();
    assert_eq!(first.len() + second.len(), 2);
    assert_ne!(first[0].id, second[0].id);

    // Updates replace, deletes remove.
    let mut changed = corpus()[6].clone();
    changed.title = "Desktop client hangs".into();
    changed.body = "The client hangs at start.".into();
    index
        .apply(vec![
            Change::Upsert(changed),
            Change::Delete(DocKind::Topic, 6),
        ])
        .await
        .unwrap();
    assert!(
        search(index, &request("sync stuck", Match::All))
            .await
            .unwrap()
            .is_empty()
    );
    let hits = search(index, &request("freeze", Match::All)).await.unwrap();
    assert_eq!(
        ids(&hits),
        [(DocKind::Topic, 7)],
        "concept ~crash: {hits:?}"
    );
    assert_eq!(index.count().await.unwrap(), 9);

    // Bad input: results or nothing, never an error.
    for q in [
        "\"unbalanced quote",
        "AND OR NOT - + \"\"",
        "\u{0}\u{7}\u{1b}[0m",
        &"refund ".repeat(1_500),
        "'; DROP TABLE search_docs; --",
        "\\ ' \" ' :* & | ! <-> ( )",
    ] {
        search(index, &request(q, Match::All)).await.unwrap();
        search(index, &request(q, Match::Most)).await.unwrap();
    }

    index.clear().await.unwrap();
    assert_eq!(index.count().await.unwrap(), 0);
}

#[tokio::test]
async fn tantivy_backend() {
    let dir = TempDir::new();
    let index = TantivyIndex::open(&dir.path().join("search")).unwrap();
    relevance(&index).await;
    // A second writer on the same directory is refused with a clear error.
    let err = TantivyIndex::open(&dir.path().join("search"))
        .err()
        .expect("second writer refused");
    assert!(err.to_string().contains("in use"), "{err}");
}

#[tokio::test]
async fn postgres_backend() {
    let db = TestDb::postgres().await;
    let store = Store::connect(&StoreOptions::new(db.url())).await.unwrap();
    store.migrate().await.unwrap();
    relevance(&PostgresIndex::new(store)).await;
}
