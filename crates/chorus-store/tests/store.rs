//! Store behaviour, run against SQLite and PostgreSQL alike.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

use chorus_core::{Role, Timestamp, UserId};
use chorus_store::auth::NewSession;
use chorus_store::jobs::NewJob;
use chorus_store::users::{NewUser, UserFilter};
use chorus_store::{Store, StoreError, StoreOptions};
use chorus_testkit::{TestDb, on_both_backends};

const T0: Timestamp = Timestamp(1_800_000_000_000);

async fn open(url: String) -> Store {
    let store = Store::connect(&StoreOptions::new(url)).await.unwrap();
    store.migrate().await.unwrap();
    store
}

async fn add_user(store: &Store, email: &str, role: Role) -> chorus_core::User {
    store
        .insert_user(
            &NewUser {
                email,
                name: "Ana",
                password_hash: "$argon2id$fake",
                role,
            },
            T0,
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn both_dialects_build_the_same_schema() {
    let sqlite = TestDb::sqlite();
    let pg = TestDb::postgres().await;
    let a = open(sqlite.url().to_owned())
        .await
        .schema_columns()
        .await
        .unwrap();
    let b = open(pg.url().to_owned())
        .await
        .schema_columns()
        .await
        .unwrap();
    assert!(a.len() > 40, "schema looks empty: {a:?}");
    let only_sqlite: Vec<_> = a.iter().filter(|c| !b.contains(c)).collect();
    let only_pg: Vec<_> = b.iter().filter(|c| !a.contains(c)).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "schemas differ\nonly in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_pg:?}"
    );
}

async fn migrate_is_idempotent(url: String) {
    let store = open(url).await;
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
}
on_both_backends!(migrate_twice, migrate_is_idempotent);

async fn users_round_trip(url: String) {
    let store = open(url).await;
    let ana = add_user(&store, "ana@example.com", Role::Member).await;
    assert_eq!(ana.role, Role::Member);
    assert_eq!(ana.created_at, T0);

    let dup = store
        .insert_user(
            &NewUser {
                email: "ana@example.com",
                name: "Other",
                password_hash: "x",
                role: Role::Member,
            },
            T0,
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    assert_eq!(store.count_users().await.unwrap(), 1, "no partial record");

    let found = store
        .user_by_email("ana@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.user, ana);
    assert_eq!(found.password_hash, "$argon2id$fake");
    assert!(
        store
            .user_by_email("nobody@example.com")
            .await
            .unwrap()
            .is_none()
    );

    assert!(store.set_role(ana.id, Role::Agent, T0).await.unwrap());
    assert!(!store.set_role(UserId(9999), Role::Agent, T0).await.unwrap());
    assert_eq!(
        store.user_by_id(ana.id).await.unwrap().unwrap().role,
        Role::Agent
    );
}
on_both_backends!(users, users_round_trip);

async fn list_users_filters_and_pages(url: String) {
    let store = open(url).await;
    for i in 0..7 {
        let role = if i % 2 == 0 {
            Role::Member
        } else {
            Role::Agent
        };
        add_user(&store, &format!("user{i}@example.com"), role).await;
    }
    add_user(&store, "100%_sure@example.com", Role::Member).await;
    let all = store
        .list_users(&UserFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 8);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");

    let agents = store
        .list_users(&UserFilter {
            role: Some(Role::Agent),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(agents.len(), 3);

    let page1 = store
        .list_users(&UserFilter {
            limit: 3,
            ..Default::default()
        })
        .await
        .unwrap();
    let page2 = store
        .list_users(&UserFilter {
            limit: 3,
            before_id: Some(page1[2].id.0),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page2.len(), 3);
    assert!(page2[0].id < page1[2].id);

    let search = |q: &str| {
        let store = store.clone();
        let q = q.to_owned();
        async move {
            store
                .list_users(&UserFilter {
                    query: Some(q),
                    limit: 100,
                    ..Default::default()
                })
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(search("USER3").await, 1, "case-insensitive");
    assert_eq!(search("%").await, 1, "LIKE wildcards match literally");
    assert_eq!(search("_").await, 1);
}
on_both_backends!(list_users, list_users_filters_and_pages);

async fn sessions_expire_and_end_on_suspension(url: String) {
    let store = open(url).await;
    let ana = add_user(&store, "ana@example.com", Role::Member).await;
    let s = NewSession {
        id_hash: "abc",
        user_id: ana.id,
        expires_at: T0.plus(1000),
        ip: Some("127.0.0.1"),
        user_agent: None,
    };
    store.insert_session(&s, T0).await.unwrap();
    assert_eq!(
        store
            .session_user("abc", T0)
            .await
            .unwrap()
            .unwrap()
            .user
            .id,
        ana.id
    );
    assert!(
        store
            .session_user("abc", T0.plus(1000))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    store.touch_session("abc", T0, T0.plus(5000)).await.unwrap();
    assert!(
        store
            .session_user("abc", T0.plus(1000))
            .await
            .unwrap()
            .is_some(),
        "extended"
    );

    assert!(
        store
            .set_suspended(ana.id, Some((T0, "spam")), T0)
            .await
            .unwrap()
    );
    assert!(
        store.session_user("abc", T0).await.unwrap().is_none(),
        "suspension ends sessions"
    );
    assert!(
        store
            .user_by_id(ana.id)
            .await
            .unwrap()
            .unwrap()
            .is_suspended()
    );
    assert!(store.set_suspended(ana.id, None, T0).await.unwrap());
    assert!(
        !store
            .user_by_id(ana.id)
            .await
            .unwrap()
            .unwrap()
            .is_suspended()
    );
}
on_both_backends!(sessions, sessions_expire_and_end_on_suspension);

async fn api_tokens_are_owned_and_revocable(url: String) {
    let store = open(url).await;
    let ana = add_user(&store, "ana@example.com", Role::Member).await;
    let bob = add_user(&store, "bob@example.com", Role::Member).await;
    let t = store
        .insert_api_token(ana.id, "ci", "hash1", "chorus_ab", T0)
        .await
        .unwrap();
    let (user, id) = store.api_token_user("hash1").await.unwrap().unwrap();
    assert_eq!((user.id, id), (ana.id, t.id));
    store.touch_api_token(id, T0).await.unwrap();
    assert_eq!(
        store.list_api_tokens(ana.id).await.unwrap()[0].last_used_at,
        Some(T0.0)
    );

    assert!(
        !store.revoke_api_token(bob.id, t.id, T0).await.unwrap(),
        "only the owner revokes"
    );
    assert!(store.revoke_api_token(ana.id, t.id, T0).await.unwrap());
    assert!(
        !store.revoke_api_token(ana.id, t.id, T0).await.unwrap(),
        "already revoked"
    );
    assert!(store.api_token_user("hash1").await.unwrap().is_none());
    assert_eq!(
        store.list_api_tokens(ana.id).await.unwrap()[0].revoked_at,
        Some(T0.0)
    );
}
on_both_backends!(api_tokens, api_tokens_are_owned_and_revocable);

async fn password_reset_is_single_use(url: String) {
    let store = open(url).await;
    let ana = add_user(&store, "ana@example.com", Role::Member).await;
    store
        .insert_session(
            &NewSession {
                id_hash: "s",
                user_id: ana.id,
                expires_at: T0.plus(99_999),
                ip: None,
                user_agent: None,
            },
            T0,
        )
        .await
        .unwrap();
    store
        .insert_password_reset("r1", ana.id, T0, T0.plus(1000))
        .await
        .unwrap();
    store
        .insert_password_reset("r2", ana.id, T0, T0.plus(1000))
        .await
        .unwrap();
    store
        .insert_password_reset("old", ana.id, T0, T0.plus(10))
        .await
        .unwrap();

    assert!(
        store
            .reset_password("old", "h", T0.plus(10))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(store.password_reset_valid("r1", T0).await.unwrap());
    assert_eq!(
        store.reset_password("r1", "newhash", T0).await.unwrap(),
        Some(ana.id)
    );
    assert_eq!(
        store.password_hash(ana.id).await.unwrap().as_deref(),
        Some("newhash")
    );
    assert!(
        store.session_user("s", T0).await.unwrap().is_none(),
        "sessions ended"
    );
    assert!(
        store
            .reset_password("r1", "again", T0)
            .await
            .unwrap()
            .is_none(),
        "single use"
    );
    assert!(
        store
            .reset_password("r2", "again", T0)
            .await
            .unwrap()
            .is_none(),
        "siblings invalidated"
    );
    assert_eq!(
        store.password_hash(ana.id).await.unwrap().as_deref(),
        Some("newhash")
    );
}
on_both_backends!(password_reset, password_reset_is_single_use);

async fn attempts_count_in_window(url: String) {
    let store = open(url).await;
    for i in 0..3 {
        store
            .record_attempt("login", "ana", T0.plus(i * 1000))
            .await
            .unwrap();
    }
    store.record_attempt("login", "bob", T0).await.unwrap();
    let (n, oldest) = store
        .count_attempts("login", "ana", T0.plus(-1))
        .await
        .unwrap();
    assert_eq!((n, oldest), (3, Some(T0)));
    assert_eq!(
        store
            .count_attempts("login", "ana", T0.plus(500))
            .await
            .unwrap()
            .0,
        2
    );
    store.clear_attempts("login", "ana").await.unwrap();
    assert_eq!(
        store
            .count_attempts("login", "ana", T0.plus(-1))
            .await
            .unwrap()
            .0,
        0
    );
    assert_eq!(
        store
            .count_attempts("login", "bob", T0.plus(-1))
            .await
            .unwrap()
            .0,
        1
    );
    assert_eq!(store.purge_expired(T0, T0.plus(1)).await.unwrap(), 1);
}
on_both_backends!(attempts, attempts_count_in_window);

async fn jobs_claim_retry_and_dedupe(url: String) {
    let store = open(url).await;
    let job = |key| NewJob {
        kind: "send_email",
        payload: "{}",
        dedupe_key: key,
        run_at: T0,
        max_attempts: 2,
    };
    let a = store.enqueue_job(&job(Some("k1")), T0).await.unwrap();
    assert!(a.is_some());
    assert!(
        store
            .enqueue_job(&job(Some("k1")), T0)
            .await
            .unwrap()
            .is_none(),
        "deduped"
    );
    store.enqueue_job(&job(None), T0).await.unwrap().unwrap();
    store.enqueue_job(&job(None), T0).await.unwrap().unwrap();

    assert!(
        store.claim_job(T0.plus(-1), 1000).await.unwrap().is_none(),
        "not due yet"
    );
    let j1 = store.claim_job(T0, 1000).await.unwrap().unwrap();
    assert_eq!(j1.attempts, 1);
    let j2 = store.claim_job(T0, 1000).await.unwrap().unwrap();
    assert_ne!(j1.id, j2.id, "a leased job is not claimed twice");
    assert!(
        store
            .extend_job(j1.id, j1.attempts, T0.plus(2000))
            .await
            .unwrap()
    );
    assert!(store.complete_job(j1.id, j1.attempts, T0).await.unwrap());
    assert!(
        !store
            .extend_job(j1.id, j1.attempts, T0.plus(3000))
            .await
            .unwrap(),
        "a finished job's claim is gone"
    );
    assert!(
        store
            .fail_job(j2.id, j2.attempts, "boom", Some(T0.plus(50)), T0)
            .await
            .unwrap()
    );
    let j3 = store.claim_job(T0, 1000).await.unwrap().unwrap();
    assert_ne!(j3.id, j2.id, "retry waits for its time");
    // The lease of j3 runs out: another worker takes it again.
    let again = store.claim_job(T0.plus(1000), 1000).await.unwrap().unwrap();
    // j3 came due first (j2's retry waits until T0 + 50).
    assert_eq!(again.id, j3.id);
    {
        // The worker that lost the lease can neither extend nor record: only the new claim can.
        assert!(
            !store
                .extend_job(j3.id, j3.attempts, T0.plus(5000))
                .await
                .unwrap()
        );
        assert!(!store.complete_job(j3.id, j3.attempts, T0).await.unwrap());
        assert!(
            !store
                .fail_job(j3.id, j3.attempts, "late", None, T0)
                .await
                .unwrap()
        );
        assert!(
            store
                .extend_job(again.id, again.attempts, T0.plus(5000))
                .await
                .unwrap()
        );
    }
    let counts = store.job_counts().await.unwrap();
    assert_eq!((counts.pending, counts.done, counts.failed), (2, 1, 0));
}
on_both_backends!(jobs, jobs_claim_retry_and_dedupe);

async fn audit_log_keeps_actor(url: String) {
    let store = open(url).await;
    let ana = add_user(&store, "ana@example.com", Role::Admin).await;
    store
        .audit(
            Some(ana.id),
            "user.role_changed",
            ("user", Some(ana.id.0)),
            "member -> admin",
            T0,
        )
        .await
        .unwrap();
    store
        .audit(None, "system.start", ("hub", None), "", T0)
        .await
        .unwrap();
    let log = store.list_audit(10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].actor_name.as_deref(), Some("Ana"));
    assert_eq!(log[0].actor_id, None);
}
on_both_backends!(audit, audit_log_keeps_actor);

#[tokio::test]
async fn bad_urls_are_reported() {
    for url in ["mysql://x", "", "postgres://[bad"] {
        let err = Store::connect(&StoreOptions::new(url)).await.unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidUrl(_) | StoreError::Database(_)),
            "{url}: {err}"
        );
    }
}

/// The daily roll-ups always equal the sum of their hours, whichever write changed them
/// (counter upserts, a correction with negative deltas, a theme merge), so a report read
/// through whole days agrees with one read hour by hour, also over a period that starts and
/// ends mid-day.
async fn daily_counters_equal_their_hours(url: String) {
    use chorus_store::listening::{CountDelta, ThemeCount};
    use chorus_store::reports::ReportFilter;

    let store = open(url).await;
    let day0 = Timestamp(T0.0.div_euclid(Timestamp::DAY) * Timestamp::DAY);
    let at = |day: i64, hour: i64| day0.0 + day * Timestamp::DAY + hour * Timestamp::HOUR;
    let delta = |mentions, negative| CountDelta {
        mentions,
        reach: mentions * 100,
        negative,
        neutral: mentions - negative,
        ..CountDelta::default()
    };
    let mut tx = store.begin_ingest().await.unwrap();
    let a = tx.create_theme("late trains", day0, day0).await.unwrap();
    let b = tx.create_theme("delayed trains", day0, day0).await.unwrap();
    tx.add_mention_counts(&[
        ((at(0, 3), "mastodon", 0), delta(5, 2)),
        ((at(0, 23), "bluesky", 7), delta(2, 0)),
        ((at(1, 0), "mastodon", 0), delta(4, 4)),
        ((at(1, 12), "mastodon", 0), delta(3, 1)),
        ((at(2, 6), "bluesky", 7), delta(6, 3)),
        ((at(3, 1), "mastodon", 0), delta(1, 1)),
    ])
    .await
    .unwrap();
    let tc = |theme_id, bucket, mentions| ThemeCount {
        theme_id,
        bucket,
        mentions,
        reach: mentions * 10,
        negative: 1,
    };
    tx.add_theme_counts(&[
        tc(a, at(0, 3), 3),
        tc(a, at(1, 12), 2),
        tc(b, at(1, 12), 1),
        tc(b, at(2, 6), 4),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // A second batch: more of the same hours, and a correction (a re-analysed mention moved
    // from negative to neutral).
    let mut tx = store.begin_ingest().await.unwrap();
    tx.add_mention_counts(&[
        ((at(1, 12), "mastodon", 0), delta(2, 2)),
        (
            (at(0, 3), "mastodon", 0),
            CountDelta {
                negative: -1,
                neutral: 1,
                ..CountDelta::default()
            },
        ),
    ])
    .await
    .unwrap();
    tx.add_theme_counts(&[tc(b, at(0, 3), 2)]).await.unwrap();
    tx.commit().await.unwrap();
    store
        .merge_themes(b, a, "late trains", b"", None, T0)
        .await
        .unwrap();

    let per_day = |rows: Vec<chorus_core::views::listening::HourCounts>| {
        let mut days = std::collections::BTreeMap::<i64, (i64, i64, i64, i64)>::new();
        for r in rows {
            let d = days.entry(r.bucket.div_euclid(Timestamp::DAY)).or_default();
            *d = (
                d.0 + r.mentions,
                d.1 + r.reach,
                d.2 + r.negative,
                d.3 + r.neutral,
            );
        }
        days
    };
    let f = ReportFilter::default();
    for (from, to) in [
        (Timestamp(at(0, 2)), Timestamp(at(3, 2))),
        (Timestamp(at(0, 0)), Timestamp(at(4, 0))),
        (Timestamp(at(0, 12)), Timestamp(at(1, 13))),
    ] {
        let hourly = store.report_counts(from, to, false, &f).await.unwrap();
        let daily = store.report_counts(from, to, true, &f).await.unwrap();
        assert!(daily.len() <= hourly.len(), "{daily:?}");
        assert_eq!(per_day(daily), per_day(hourly), "{from:?}..{to:?}");
    }
    let whole = (Timestamp(at(0, 0)), Timestamp(at(4, 0)));
    let days = per_day(
        store
            .report_counts(whole.0, whole.1, true, &f)
            .await
            .unwrap(),
    );
    assert_eq!(days.values().map(|d| d.0).sum::<i64>(), 23);
    assert_eq!(days.values().map(|d| d.2).sum::<i64>(), 12);
    let channels = store.report_channels(whole.0, whole.1, &f).await.unwrap();
    let mastodon = channels
        .iter()
        .find(|c| c.channel == chorus_core::Channel::Mastodon)
        .unwrap();
    assert_eq!((mastodon.mentions, mastodon.negative), (15, 9));

    // The merged theme's days moved with its hours: one theme with all 12 mentions, and
    // the series read hour by hour agrees.
    let themes = store.report_themes(whole.0, whole.1, 10).await.unwrap();
    assert_eq!(themes.len(), 1, "{themes:?}");
    assert_eq!((themes[0].theme_id, themes[0].mentions), (a, 12));
    assert_eq!(themes[0].reach, 120);
    let series = store.theme_series(&[a, b], whole.0).await.unwrap();
    assert_eq!(series.iter().map(|s| s.2).sum::<i64>(), 12);
    assert!(series.iter().all(|s| s.0 == a), "{series:?}");
    // Mid-day bounds: only the hours inside count, the previous period sees what is before.
    let part = store
        .report_themes(Timestamp(at(1, 0)), Timestamp(at(2, 7)), 10)
        .await
        .unwrap();
    assert_eq!((part[0].mentions, part[0].previous), (7, 5), "{part:?}");
}
on_both_backends!(daily_counters, daily_counters_equal_their_hours);

/// Triage looks up a batch's authors at once and creates the ones it does not know; creating
/// a handle someone recorded meanwhile gives theirs back and leaves no stray customer.
async fn customers_are_found_per_batch_and_created_once(url: String) {
    let store = open(url).await;
    let (ann, created) = store.create_customer("mastodon", "ann", T0).await.unwrap();
    assert!(created);
    let (again, created) = store.create_customer("mastodon", "ann", T0).await.unwrap();
    assert_eq!((again, created), (ann, false));
    // The second attempt's row was removed with its failed link.
    assert!(store.customer(ann + 1).await.unwrap().is_none());
    let (bo, _) = store.create_customer("bluesky", "ann", T0).await.unwrap();
    assert_ne!(bo, ann, "a handle is per channel");
    let mut found = store
        .customers_of("mastodon", &["ann", "cy", "bo"])
        .await
        .unwrap();
    found.sort();
    assert_eq!(found, vec![("ann".to_owned(), ann)]);
    assert!(
        store
            .customers_of("mastodon", &[])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.customer_for("mastodon", "ann", T0).await.unwrap(),
        ann
    );
    // No replies were posted: none of these ids is ours.
    assert!(store.our_replies(&["1", "2"]).await.unwrap().is_empty());
}
on_both_backends!(
    customers_per_batch,
    customers_are_found_per_batch_and_created_once
);

/// Triage opens a batch's cases in one transaction: its new customers (one handle on two
/// channels is two customers; a handle recorded meanwhile keeps its owner and leaves no
/// stray row), each case with its refs and first timeline entry; a dedupe key that exists
/// is skipped.
async fn cases_open_in_batches(url: String) {
    use chorus_store::triage::{BatchCase, BatchCustomer, NewCase};
    let store = open(url).await;
    let (ann, _) = store.create_customer("mastodon", "ann", T0).await.unwrap();
    let refs: Vec<Vec<String>> = (0..5).map(|i| vec![format!("post-{i}")]).collect();
    let near = vec!["k1".to_owned(), "k2".to_owned()];
    let keys = ["mention:0", "mention:1", "mention:2", "mention:3"];
    let case = |i: usize| NewCase {
        subject: "my order never arrived",
        priority: "normal",
        priority_score: 20.0,
        priority_explanation: "a complaint",
        team_id: None,
        customer_id: None,
        channel: "mastodon",
        mention_id: None,
        topic_id: None,
        source_url: "",
        opened_by: "service-related complaint",
        opened_by_user: None,
        rule_id: None,
        tags: "",
        dedupe_key: keys[i],
        customer_at: T0,
        first_response_due: None,
        resolution_due: None,
        refs: &refs[i],
        extra_refs: None,
        body: "my order never arrived",
    };
    let mut first = case(0);
    first.customer_id = Some(ann);
    let existing = store.open_case(&first, T0).await.unwrap().unwrap();

    let new_customers = [("mastodon", "cy"), ("bluesky", "cy"), ("mastodon", "ann")];
    let mut with_near = case(1);
    with_near.extra_refs = Some(("~near", &near));
    let batch = [
        BatchCase {
            case: case(0),
            customer: BatchCustomer::Known(ann),
        },
        BatchCase {
            case: with_near,
            customer: BatchCustomer::New(0),
        },
        BatchCase {
            case: case(2),
            customer: BatchCustomer::New(1),
        },
        BatchCase {
            case: case(3),
            customer: BatchCustomer::New(2),
        },
    ];
    let out = store.open_cases(&new_customers, &batch, T0).await.unwrap();
    let [cy, cy_bsky, ann_again] = out.customers[..] else {
        panic!("{out:?}")
    };
    assert_eq!(ann_again, ann, "a recorded handle keeps its customer");
    assert_ne!(cy, cy_bsky, "a handle is per channel");
    let [None, Some(c1), Some(c2), Some(c3)] = out.cases[..] else {
        panic!("{out:?}")
    };
    // Only ann, cy and cy on Bluesky exist: the row made for "ann" again was removed.
    for id in 1..=cy.max(cy_bsky) + 3 {
        let exists = store.customer(id).await.unwrap().is_some();
        assert_eq!(exists, [ann, cy, cy_bsky].contains(&id), "customer {id}");
    }
    assert_eq!(
        store.customers_of("bluesky", &["cy"]).await.unwrap(),
        vec![("cy".to_owned(), cy_bsky)]
    );
    for (id, customer) in [(c1, cy), (c2, cy_bsky), (c3, ann)] {
        let c = store.case(id).await.unwrap().unwrap();
        assert_eq!(c.customer_id, Some(customer));
        let events = store.case_events(id).await.unwrap();
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].kind, "customer");
    }
    // The refs find the cases: a follow-up by thread, a near-duplicate by its keys.
    assert_eq!(
        store
            .case_for_follow_up("mastodon", &["post-1"], cy)
            .await
            .unwrap()
            .map(|(id, _)| id),
        Some(c1)
    );
    assert!(
        store
            .set_case_state(c1, "new", "closed", None, None, T0)
            .await
            .unwrap()
    );
    let mut holding = store
        .cases_holding_refs("~near", &["k1", "k2", "k3"])
        .await
        .unwrap();
    holding.sort();
    let row = |k: &str| {
        (
            k.to_owned(),
            c1,
            "closed".to_owned(),
            T0.0,
            "mastodon".to_owned(),
        )
    };
    assert_eq!(holding, vec![row("k1"), row("k2")]);
    let mut counts = store
        .customers_case_counts(&[ann, cy, cy + 1000])
        .await
        .unwrap();
    counts.sort();
    assert_eq!(counts, vec![(ann, 2), (cy, 1)]);
    let mut unclosed: Vec<(Option<i64>, i64)> = store
        .unclosed_cases_of(&[ann, cy])
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.customer_id, c.id))
        .collect();
    unclosed.sort();
    assert_eq!(unclosed, vec![(Some(ann), existing), (Some(ann), c3)]);
    assert_ne!(existing, c3);
    // Nothing to do is no statement at all.
    assert_eq!(
        store.open_cases(&[], &[], T0).await.unwrap(),
        chorus_store::triage::OpenedCases::default()
    );
}
on_both_backends!(cases_in_batches, cases_open_in_batches);
