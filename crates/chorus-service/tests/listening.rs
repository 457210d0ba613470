//! Listening through the service layer, on both backends: ingestion and its idempotency,
//! signals, counters, themes (clustering, status, merge, split), spikes and events.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::Duration;

use chorus_bus::{Event, Received};
use chorus_core::{MentionInput, Role, Timestamp, User};
use chorus_service::listen::{self, MentionQuery, ThemeQuery};
use chorus_service::{Hub, ServiceError};
use chorus_testkit::{TempDir, on_both_backends};

/// 2026-11-20T12:00:00Z.
const NOW: Timestamp = Timestamp(1_763_640_000_000);

struct Env {
    hub: Hub,
    _dir: TempDir,
}

async fn env(url: String) -> Env {
    let t = kit::hub(url).at(NOW).build().await;
    Env {
        hub: t.hub,
        _dir: t.dir,
    }
}

async fn user(e: &Env, name: &str, role: Role) -> User {
    kit::user(&e.hub, name, role).await
}

fn mention(channel: &str, id: &str, text: &str, at: Timestamp, followers: i64) -> MentionInput {
    MentionInput {
        channel: channel.into(),
        external_id: id.into(),
        author: format!("user{id}@m.example"),
        author_followers: followers,
        text: text.into(),
        url: format!("https://m.example/@u/{id}"),
        created_at: at.rfc3339(),
        ..MentionInput::default()
    }
}

async fn ingest_once_with_signals(url: String) {
    let e = env(url).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let member = user(&e, "member", Role::Member).await;
    let input = mention(
        "mastodon",
        "1",
        "@acme your update broke my login, fix it!",
        NOW,
        1200,
    );
    // Members may not push mentions.
    assert!(matches!(
        listen::ingest_one(&e.hub, &member, &input).await,
        Err(ServiceError::Forbidden)
    ));
    let (m, new) = listen::ingest_one(&e.hub, &agent, &input).await.unwrap();
    assert!(new);
    assert_eq!(m.channel, "mastodon");
    assert_eq!(m.sentiment, "negative");
    assert_eq!(m.intent, "complaint");
    assert!(m.service_related);
    assert!(!m.abusive, "an angry complaint is not abuse");
    assert_eq!(m.language, "en");
    assert_eq!(m.author_followers, 1200);
    // The same mention again is a duplicate and returns the stored one.
    let (again, new) = listen::ingest_one(&e.hub, &agent, &input).await.unwrap();
    assert!(!new);
    assert_eq!(again.id, m.id);
    // Invalid input names the fields.
    let mut bad = input.clone();
    bad.channel = "myspace".into();
    bad.created_at = "soon".into();
    match listen::ingest_one(&e.hub, &agent, &bad).await {
        Err(ServiceError::Validation(errs)) => {
            assert!(errs.get("channel").is_some() && errs.get("created_at").is_some());
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // Counters: one mention, its reach, in its hour.
    let volume = listen::volume(&e.hub, &agent, 2, None).await.unwrap();
    let total: i64 = volume.iter().map(|r| r.mentions).sum();
    let reach: i64 = volume.iter().map(|r| r.reach).sum();
    assert_eq!((total, reach), (1, 1200));
    assert_eq!(volume.iter().map(|r| r.complaints).sum::<i64>(), 1);
    // Listing and filters.
    let page = listen::list_mentions(
        &e.hub,
        &agent,
        &MentionQuery {
            sentiment: Some("negative".into()),
            ..MentionQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.mentions.len(), 1);
    let page = listen::list_mentions(
        &e.hub,
        &agent,
        &MentionQuery {
            intent: Some("praise".into()),
            ..MentionQuery::default()
        },
    )
    .await
    .unwrap();
    assert!(page.mentions.is_empty());
    assert!(matches!(
        listen::list_mentions(
            &e.hub,
            &agent,
            &MentionQuery {
                sentiment: Some("angry".into()),
                ..MentionQuery::default()
            }
        )
        .await,
        Err(ServiceError::Validation(_))
    ));
    assert!(matches!(
        listen::list_mentions(&e.hub, &member, &MentionQuery::default()).await,
        Err(ServiceError::Forbidden)
    ));
}
on_both_backends!(ingest_once_with_signals_on, ingest_once_with_signals);

const LOGIN: &[&str] = &[
    "@acme I can't log in since the 3.2 update, login keeps failing",
    "login fails since updating to 3.2 @acmehelp",
    "after the update I cannot sign in anymore. login failed every time",
    "can't log in after the latest update!!! #acmefail",
    "Login failing since version 3.2 update, please fix",
    "still can't log in after the update, third day now",
];
const CRASH: &[&str] = &[
    "the app crashes every time I open a photo on android",
    "acme app crashing when opening photos on my android phone",
    "app crashed again while opening a photo. android 15",
    "why does the app crash whenever I open photos?? android",
];
const OTHER: &[&str] = &[
    "love the new dark mode, great job acme",
    "what time does the store in Berlin open on Sundays?",
];

async fn themes_form_and_staff_manage_them(url: String) {
    let e = env(url).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let mut inputs = Vec::new();
    let mut n = 0;
    for (group, texts) in [LOGIN, CRASH, OTHER].iter().enumerate() {
        for t in *texts {
            n += 1;
            let channel = if n % 2 == 0 { "bluesky" } else { "mastodon" };
            inputs.push(mention(
                channel,
                &format!("{group}-{n}"),
                t,
                NOW.plus(n * 60_000),
                100,
            ));
        }
    }
    let mut events = e.hub.bus().subscribe();
    let report = listen::ingest_inputs(&e.hub, &inputs, None).await.unwrap();
    assert_eq!(report.stored.len(), inputs.len());
    assert!(report.rejected.is_empty());
    let themes = listen::themes(&e.hub, &agent, &ThemeQuery::default())
        .await
        .unwrap();
    assert_eq!(
        themes.len(),
        2,
        "{:?}",
        themes.iter().map(|t| &t.theme.label).collect::<Vec<_>>()
    );
    let login = &themes[0].theme;
    assert_eq!(login.mention_count, LOGIN.len() as i64);
    assert_eq!(login.status, "new");
    assert!(
        login.label.contains("login") || login.label.contains("update"),
        "{}",
        login.label
    );
    assert_eq!(login.reach, 100 * LOGIN.len() as i64);
    assert_eq!(themes[0].daily.iter().sum::<i64>(), LOGIN.len() as i64);
    let crash = &themes[1].theme;
    assert_eq!(crash.mention_count, CRASH.len() as i64);
    // Events: every stored mention, and the two new themes.
    let mut stored = 0;
    let mut created = 0;
    while let Some(Received::Event(ev)) = events.try_recv() {
        match ev.as_ref() {
            Event::MentionStored(_) => stored += 1,
            Event::ThemeCreated { .. } => created += 1,
            _ => {}
        }
    }
    assert_eq!((stored, created), (inputs.len(), 2));
    // Filter mentions by theme.
    let page = listen::list_mentions(
        &e.hub,
        &agent,
        &MentionQuery {
            theme: Some(crash.id),
            ..MentionQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.mentions.len(), CRASH.len());
    assert!(page.mentions.iter().all(|m| m.theme_label.is_some()));

    // Status.
    let t = listen::set_theme_status(
        &e.hub,
        &agent,
        login.id,
        "fixing",
        Some("patch 3.2.1 on Friday"),
    )
    .await
    .unwrap();
    assert_eq!(t.status, "fixing");
    assert!(matches!(
        listen::set_theme_status(&e.hub, &agent, login.id, "done", None).await,
        Err(ServiceError::Validation(_))
    ));
    let member = user(&e, "member", Role::Member).await;
    assert!(matches!(
        listen::set_theme_status(&e.hub, &member, login.id, "resolved", None).await,
        Err(ServiceError::Forbidden)
    ));

    // A new login complaint joins the existing theme, even after a restart of the pipeline.
    listen::ingest_inputs(
        &e.hub,
        &[mention(
            "webhook",
            "w1",
            "login broken since the update, can't sign in",
            NOW.plus(30 * 60_000),
            5,
        )],
        None,
    )
    .await
    .unwrap();
    let t = listen::theme(&e.hub, &agent, login.id).await.unwrap();
    assert_eq!(t.theme.mention_count, LOGIN.len() as i64 + 1);
    assert_eq!(
        t.hourly.iter().map(|h| h.1).sum::<i64>(),
        LOGIN.len() as i64 + 1
    );

    // Split two crash mentions off, then merge them back.
    let crash_detail = listen::theme(&e.hub, &agent, crash.id).await.unwrap();
    let ids: Vec<i64> = crash_detail.samples.iter().take(2).map(|m| m.id).collect();
    let split = listen::split_theme(&e.hub, &agent, crash.id, &ids)
        .await
        .unwrap();
    assert_eq!(split.mention_count, 2);
    let rest = listen::theme(&e.hub, &agent, crash.id).await.unwrap();
    assert_eq!(rest.theme.mention_count, CRASH.len() as i64 - 2);
    assert!(
        listen::split_theme(&e.hub, &agent, crash.id, &[])
            .await
            .is_err()
    );
    // The same split applied again (work redelivered after its writer died between commit
    // and acknowledgement) moves nothing and answers the theme the first one made.
    let store = e.hub.store();
    let themes_before = listen::themes(&e.hub, &agent, &ThemeQuery::default())
        .await
        .unwrap()
        .len();
    let again = chorus_store::listening::ThemeSplit {
        fence: None,
        from: crash.id,
        mention_ids: &ids,
        new_label: "again",
        new_profile: &[],
        old_label: &rest.theme.label,
        old_profile: None,
    };
    assert_eq!(store.split_theme(&again, NOW).await.unwrap(), split.id);
    assert_eq!(
        listen::themes(&e.hub, &agent, &ThemeQuery::default())
            .await
            .unwrap()
            .len(),
        themes_before,
        "no empty theme"
    );
    // A writer whose lease passed to another instance changes no theme.
    let fence = chorus_store::listening::Fence {
        lease: "pipeline-writer",
        owner: "an-instance-that-lost-it",
        now: NOW,
    };
    assert!(matches!(
        store
            .merge_themes(split.id, crash.id, "x", &[], Some(fence), NOW)
            .await,
        Err(chorus_store::StoreError::Fenced(_))
    ));
    let one: Vec<i64> = rest.samples.iter().take(1).map(|m| m.id).collect();
    assert!(matches!(
        store
            .split_theme(
                &chorus_store::listening::ThemeSplit {
                    fence: Some(fence),
                    mention_ids: &one,
                    ..again
                },
                NOW
            )
            .await,
        Err(chorus_store::StoreError::Fenced(_))
    ));
    assert_eq!(
        listen::theme(&e.hub, &agent, split.id)
            .await
            .unwrap()
            .theme
            .mention_count,
        2,
        "the fenced merge and split wrote nothing"
    );
    let merged = listen::merge_themes(&e.hub, &agent, split.id, crash.id)
        .await
        .unwrap();
    assert_eq!(merged.mention_count, CRASH.len() as i64);
    assert_eq!(
        listen::theme(&e.hub, &agent, crash.id)
            .await
            .unwrap()
            .hourly
            .iter()
            .map(|h| h.1)
            .sum::<i64>(),
        CRASH.len() as i64
    );
    let gone = e.hub.store().theme(split.id).await.unwrap().unwrap();
    assert_eq!(gone.merged_into, Some(crash.id));
    assert!(matches!(
        listen::set_theme_status(&e.hub, &agent, split.id, "resolved", None).await,
        Err(ServiceError::Conflict(_))
    ));
    assert!(
        listen::merge_themes(&e.hub, &agent, crash.id, crash.id)
            .await
            .is_err()
    );
    let listed = listen::themes(&e.hub, &agent, &ThemeQuery::default())
        .await
        .unwrap();
    assert_eq!(listed.len(), 2, "the merged theme is no longer listed");
}
on_both_backends!(themes_form_on, themes_form_and_staff_manage_them);

/// Staff merging and splitting while mentions keep arriving: no mention is ever left in a
/// theme that was merged away, and every theme's count is its members.
async fn theme_changes_while_mentions_arrive_strand_nothing(url: String) {
    let e = env(url).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let inputs: Vec<MentionInput> = LOGIN
        .iter()
        .enumerate()
        .map(|(i, t)| mention("webhook", &format!("l{i}"), t, NOW, 5))
        .collect();
    listen::ingest_inputs(&e.hub, &inputs, None).await.unwrap();
    let themes = listen::themes(&e.hub, &agent, &ThemeQuery::default())
        .await
        .unwrap();
    let login = themes[0].theme.id;
    let detail = listen::theme(&e.hub, &agent, login).await.unwrap();
    let two: Vec<i64> = detail.samples.iter().take(2).map(|m| m.id).collect();
    let hub = e.hub.clone();
    // Login complaints keep coming, one small batch at a time.
    let arriving = tokio::spawn(async move {
        for i in 0..60 {
            let text = LOGIN[i % LOGIN.len()];
            let m = mention(
                "webhook",
                &format!("more{i}"),
                text,
                NOW.plus(i as i64 * 1000),
                5,
            );
            listen::ingest_inputs(&hub, &[m], None).await.unwrap();
            tokio::task::yield_now().await;
        }
    });
    // Meanwhile staff split the theme and merge it back, three times.
    for _ in 0..3 {
        let split = listen::split_theme(&e.hub, &agent, login, &two)
            .await
            .unwrap();
        listen::merge_themes(&e.hub, &agent, split.id, login)
            .await
            .unwrap();
    }
    arriving.await.unwrap();
    let all = listen::list_mentions(
        &e.hub,
        &agent,
        &MentionQuery {
            limit: Some(200),
            ..MentionQuery::default()
        },
    )
    .await
    .unwrap()
    .mentions;
    assert_eq!(all.len(), LOGIN.len() + 60);
    for m in &all {
        if let Some(t) = m.theme_id {
            let theme = e.hub.store().theme(t).await.unwrap().unwrap();
            assert_eq!(theme.merged_into, None, "mention {} stranded in {t}", m.id);
        }
    }
    for t in listen::themes(&e.hub, &agent, &ThemeQuery::default())
        .await
        .unwrap()
    {
        let members = all
            .iter()
            .filter(|m| m.theme_id == Some(t.theme.id))
            .count();
        assert_eq!(t.theme.mention_count, members as i64, "{:?}", t.theme);
    }
}
on_both_backends!(
    theme_changes_on,
    theme_changes_while_mentions_arrive_strand_nothing
);

async fn spikes_are_detected_once(url: String) {
    let e = env(url).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let mut events = e.hub.bus().subscribe();
    let mut n = 0;
    // Two days of background chatter: 3 per hour, never a spike.
    let start = NOW.plus(-48 * Timestamp::HOUR);
    let mut inputs = Vec::new();
    for h in 0..48 {
        for k in 0..3 {
            n += 1;
            inputs.push(mention(
                "feed",
                &format!("bg{n}"),
                &format!("chatter number {n} about the weather in town {k}"),
                start.plus(h * Timestamp::HOUR + k * 60_000),
                10,
            ));
        }
    }
    listen::ingest_inputs(&e.hub, &inputs, None).await.unwrap();
    assert!(listen::spikes(&e.hub, &agent, 7).await.unwrap().is_empty());
    // Then an outage: 80 mentions in one hour, many about the same failure.
    let mut burst = Vec::new();
    for i in 0..80 {
        n += 1;
        burst.push(mention(
            "mastodon",
            &format!("b{n}"),
            &format!("acme is down again, the app won't load at all {}", i % 7),
            NOW.plus(i * 20_000),
            50,
        ));
    }
    listen::ingest_inputs(&e.hub, &burst, None).await.unwrap();
    // Delivering the same burst again changes nothing.
    let again = listen::ingest_inputs(&e.hub, &burst, None).await.unwrap();
    assert_eq!((again.stored.len(), again.duplicates), (0, 80));
    let spikes = listen::spikes(&e.hub, &agent, 7).await.unwrap();
    let overall: Vec<_> = spikes.iter().filter(|s| s.series == "all").collect();
    assert_eq!(overall.len(), 1, "{spikes:?}");
    assert!(overall[0].live);
    assert!(
        overall[0].count >= 50 && overall[0].expected < 10.0,
        "{:?}",
        overall[0]
    );
    let theme_spikes: Vec<_> = spikes.iter().filter(|s| s.theme_id.is_some()).collect();
    assert!(
        !theme_spikes.is_empty(),
        "the outage theme spiked: {spikes:?}"
    );
    let mut spike_events = 0;
    tokio::time::sleep(Duration::from_millis(10)).await;
    while let Some(r) = events.try_recv() {
        if let Received::Event(ev) = r
            && let Event::SpikeDetected(s) = ev.as_ref()
        {
            spike_events += 1;
            assert!(s.live);
        }
    }
    assert_eq!(spike_events, spikes.len());
}
on_both_backends!(spikes_on, spikes_are_detected_once);

/// Community topics and replies are analyzed and themed like mentions from any network: a
/// question asked in the community joins the theme of the same question from Mastodon.
async fn community_posts_go_through_the_pipeline(url: String) {
    use chorus_service::community::{self, TopicInput};
    use chorus_service::jobs;
    let e = env(url).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let member = user(&e, "member", Role::Member).await;
    let outside = [
        "the sync app crashes when I open the photo library",
        "sync app crashes every time I open the photo library",
    ];
    let inputs: Vec<MentionInput> = outside
        .iter()
        .enumerate()
        .map(|(i, t)| mention("mastodon", &format!("c{i}"), t, NOW.plus(-60_000), 10))
        .collect();
    listen::ingest_inputs(&e.hub, &inputs, None).await.unwrap();
    let topic = community::create_topic(
        &e.hub,
        &member,
        &TopicInput {
            kind: "problem".into(),
            title: "Sync app crashes when I open the photo library".into(),
            body: "Every time I open the **photo library** the app crashes.".into(),
            tags: vec![],
            category: None,
            compose: Default::default(),
        },
    )
    .await
    .unwrap();
    let reply = community::reply(&e.hub, &agent, topic.id, "Thanks, we are looking into it.")
        .await
        .unwrap();
    // Nothing is analyzed in the request; the job does it, once even if it runs twice.
    jobs::run_pending(&e.hub).await.unwrap();
    jobs::run_pending(&e.hub).await.unwrap();
    let page = listen::list_mentions(
        &e.hub,
        &agent,
        &MentionQuery {
            channel: Some("community".into()),
            ..MentionQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.mentions.len(), 2, "{:?}", page.mentions);
    let t = page
        .mentions
        .iter()
        .find(|m| m.external_id == format!("topic-{}", topic.id.0))
        .expect("the topic is a mention");
    assert!(t.text.starts_with("Sync app crashes"), "{}", t.text);
    assert!(
        !t.text.contains("**"),
        "plain text, not Markdown: {}",
        t.text
    );
    assert_eq!(t.sentiment, "negative");
    assert_eq!(t.intent, "complaint");
    let crash_theme = t.theme_id.expect("the topic joined a theme");
    let r = page
        .mentions
        .iter()
        .find(|m| m.external_id == format!("reply-{}", reply.id.0))
        .expect("the reply is a mention");
    assert_eq!(r.in_reply_to.as_deref(), Some(t.external_id.as_str()));
    let outside_themes: Vec<Option<i64>> = listen::list_mentions(
        &e.hub,
        &agent,
        &MentionQuery {
            channel: Some("mastodon".into()),
            ..MentionQuery::default()
        },
    )
    .await
    .unwrap()
    .mentions
    .iter()
    .map(|m| m.theme_id)
    .collect();
    assert!(
        outside_themes.contains(&Some(crash_theme)),
        "the community topic shares the Mastodon complaints' theme: {outside_themes:?} vs {crash_theme}"
    );
}
on_both_backends!(community_pipeline, community_posts_go_through_the_pipeline);
