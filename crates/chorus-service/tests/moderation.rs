//! Moderation through the service layer, on both backends: the gate (abuse held, anger
//! prioritised), nudges, the queue and its actions, flags, silences, filters, trust levels,
//! spam and the public log.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::Duration;

use chorus_core::moderation::{HoldReason, TrustLevel, Visibility};
use chorus_core::{Role, TopicId, User};
use chorus_service::community::{self, TopicInput};
use chorus_service::moderation::{self, ActionInput, Compose};
use chorus_service::{Hub, ServiceError};
use chorus_testkit::{TempDir, on_both_backends};

const ABUSE: &str = "you are a stupid fucking idiot, shut up bitch";
const FURIOUS: &str = "Your update broke my login AGAIN. Third time this month. This is \
                       unacceptable, I am furious and I want this fixed today.";

struct Env {
    hub: Hub,
    _dir: TempDir,
}

async fn env(url: String) -> Env {
    let t = kit::hub(url)
        .config(|c| c.search.run_indexer = false)
        .build()
        .await;
    Env {
        hub: t.hub,
        _dir: t.dir,
    }
}

async fn user(e: &Env, name: &str, role: Role) -> User {
    kit::user(&e.hub, name, role).await
}

fn topic(kind: &str, title: &str, body: &str) -> TopicInput {
    TopicInput {
        kind: kind.into(),
        title: title.into(),
        body: body.into(),
        tags: vec![],
        category: None,
        compose: Compose::Direct,
    }
}

fn tick(e: &Env, secs: u64) {
    e.hub.clock().advance(Duration::from_secs(secs));
}

async fn item_for(e: &Env, manager: &User, target_type: &str, id: i64) -> i64 {
    let q = moderation::queue(&e.hub, manager, true, 100).await.unwrap();
    q.iter()
        .find(|i| i.item.target_type == target_type && i.item.target_id == id)
        .unwrap_or_else(|| panic!("{target_type} {id} not queued: {q:?}"))
        .item
        .id
}

fn act(action: &str, reason: &str) -> ActionInput {
    ActionInput {
        action: action.into(),
        reason: reason.into(),
        ..ActionInput::default()
    }
}

on_both_backends!(abuse, abusive_replies_are_held_then_approved_or_removed);
async fn abusive_replies_are_held_then_approved_or_removed(url: String) {
    let e = env(url).await;
    let asker = user(&e, "asker", Role::Member).await;
    let troll = user(&e, "troll", Role::Member).await;
    let other = user(&e, "other", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    let t = community::create_topic(
        &e.hub,
        &asker,
        &topic(
            "question",
            "How do I export my data?",
            "I need a CSV of my files.",
        ),
    )
    .await
    .unwrap();
    tick(&e, 60);

    // Through the API path the reply is created, held, and carries the nudge.
    let held = community::post_reply(&e.hub, &troll, t.id, ABUSE, &Compose::Direct)
        .await
        .unwrap();
    assert_eq!(held.post.moderation.visibility, Visibility::Held);
    assert_eq!(held.held, Some(HoldReason::Abuse));
    assert!(held.nudge().unwrap().contains("rephrase"));

    // Other members do not see it; the author and staff do.
    let seen_by = |u: Option<&User>| {
        let hub = e.hub.clone();
        let u = u.cloned();
        async move {
            community::topic_page(&hub, u.as_ref(), t.id)
                .await
                .unwrap()
                .replies
                .len()
        }
    };
    assert_eq!(seen_by(Some(&other)).await, 0);
    assert_eq!(seen_by(None).await, 0);
    assert_eq!(seen_by(Some(&troll)).await, 1);
    assert_eq!(seen_by(Some(&manager)).await, 1);
    let page = community::topic_page(&e.hub, Some(&other), t.id)
        .await
        .unwrap();
    assert_eq!(page.topic.reply_count, 0, "a held reply is not counted");
    assert_eq!(page.topic.first_reply_at, None);

    // Members cannot work the queue.
    assert!(matches!(
        moderation::queue(&e.hub, &other, true, 10).await,
        Err(ServiceError::Forbidden)
    ));
    let item = item_for(&e, &manager, "reply", held.post.id.0).await;
    let q = moderation::queue(&e.hub, &manager, true, 10).await.unwrap();
    assert_eq!(q[0].item.reason, "abuse");
    assert!(q[0].item.abusive);
    assert!(q[0].item.detail.contains("abusive"));
    assert_eq!(q[0].history.abusive, 1);

    // Approve: published, counted, the author is told.
    assert!(matches!(
        moderation::act(&e.hub, &manager, item, &act("hide", "")).await,
        Err(ServiceError::Validation(_))
    ));
    let done = moderation::act(
        &e.hub,
        &manager,
        item,
        &act("approve", "Heated, but about the product"),
    )
    .await
    .unwrap();
    assert_eq!(done.state, "resolved");
    assert_eq!(done.visibility, "visible");
    assert_eq!(seen_by(Some(&other)).await, 1);
    let page = community::topic_page(&e.hub, Some(&other), t.id)
        .await
        .unwrap();
    assert_eq!(page.topic.reply_count, 1);
    let notes = community::notify::list(&e.hub, &troll, None, 10)
        .await
        .unwrap();
    assert!(
        notes.iter().any(|n| n.kind == "moderation"
            && n.detail.contains("Heated, but about the product")
            && n.actor_name.is_none()),
        "{notes:?}"
    );
    // A second moderator settling the same item is told it was settled.
    assert!(matches!(
        moderation::act(&e.hub, &manager, item, &act("delete", "too late")).await,
        Err(ServiceError::Conflict(_))
    ));

    // Another abusive reply is removed.
    tick(&e, 60);
    let again = community::reply(&e.hub, &troll, t.id, "shut up you stupid bitch, you idiot")
        .await
        .unwrap();
    assert_eq!(again.moderation.visibility, Visibility::Held);
    let item = item_for(&e, &manager, "reply", again.id.0).await;
    moderation::act(&e.hub, &manager, item, &act("delete", "Personal attack"))
        .await
        .unwrap();
    assert_eq!(seen_by(Some(&other)).await, 1);
    assert_eq!(seen_by(Some(&troll)).await, 1, "deleted for everyone");
    let page = community::topic_page(&e.hub, Some(&other), t.id)
        .await
        .unwrap();
    assert_eq!(
        page.topic.reply_count, 1,
        "a deleted held reply never counted"
    );

    // The record shows the pattern.
    let h = moderation::history(&e.hub, &manager, troll.id)
        .await
        .unwrap();
    assert_eq!(h.abusive, 2);
    assert_eq!(h.upheld, 1);
    assert!(h.summary.starts_with("Often abusive"), "{}", h.summary);
    let h = moderation::history(&e.hub, &manager, asker.id)
        .await
        .unwrap();
    assert_eq!((h.constructive, h.abusive), (1, 0));
    assert!(matches!(
        moderation::history(&e.hub, &other, troll.id).await,
        Err(ServiceError::Forbidden)
    ));
}

on_both_backends!(
    anger,
    a_furious_but_civil_complaint_is_published_and_prioritised
);
async fn a_furious_but_civil_complaint_is_published_and_prioritised(url: String) {
    let e = env(url).await;
    let customer = user(&e, "customer", Role::Member).await;
    let other = user(&e, "other", Role::Member).await;
    let posted = community::post_topic(
        &e.hub,
        &customer,
        &topic("problem", "Login broken after the update, again", FURIOUS),
    )
    .await
    .unwrap();
    assert_eq!(posted.post.moderation.visibility, Visibility::Visible);
    assert_eq!(posted.held, None);
    assert!(!posted.post.moderation.abusive);
    let case_id = posted.case_id.expect("a case is opened at once");
    let case = e
        .hub
        .store()
        .case_by_key(&format!("topic:{}", posted.post.id.0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.id, case_id);
    assert!(
        matches!(case.priority.as_str(), "high" | "urgent"),
        "priority {} ({})",
        case.priority,
        case.priority_explanation
    );
    // Visible to everyone, nothing in the queue.
    community::topic_page(&e.hub, Some(&other), posted.post.id)
        .await
        .unwrap();
    let manager = user(&e, "manager", Role::Manager).await;
    assert!(
        moderation::queue(&e.hub, &manager, true, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A calm question gets no case at once.
    tick(&e, 60);
    let calm = community::post_topic(
        &e.hub,
        &other,
        &topic(
            "question",
            "How do I export to CSV?",
            "Is there a way to export my notes as CSV? Thanks!",
        ),
    )
    .await
    .unwrap();
    assert_eq!(calm.case_id, None);
}

on_both_backends!(nudge, the_form_nudges_before_holding);
async fn the_form_nudges_before_holding(url: String) {
    let e = env(url).await;
    let asker = user(&e, "asker", Role::Member).await;
    let troll = user(&e, "troll", Role::Member).await;
    let t = community::create_topic(&e.hub, &asker, &topic("question", "Sync question", "How?"))
        .await
        .unwrap();
    let form = Compose::Form { acknowledged: None };
    let Err(ServiceError::Nudge { reason, token }) =
        community::post_reply(&e.hub, &troll, t.id, ABUSE, &form).await
    else {
        panic!("expected a nudge");
    };
    assert_eq!(reason, HoldReason::Abuse);
    let page = community::topic_page(&e.hub, Some(&troll), t.id)
        .await
        .unwrap();
    assert!(page.replies.is_empty(), "nothing is stored at the nudge");
    // A stale token for other text nudges again.
    let Err(ServiceError::Nudge { .. }) = community::post_reply(
        &e.hub,
        &troll,
        t.id,
        "shut up you stupid fucking idiot",
        &Compose::Form {
            acknowledged: Some(token.clone()),
        },
    )
    .await
    else {
        panic!("changed text is screened again");
    };
    // Rephrased: published.
    let ok = community::post_reply(
        &e.hub,
        &troll,
        t.id,
        "Sorry, I am angry: the sync has failed for me all week.",
        &Compose::Form {
            acknowledged: Some(token.clone()),
        },
    )
    .await
    .unwrap();
    assert_eq!(ok.post.moderation.visibility, Visibility::Visible);
    // Submitted unchanged after the nudge: held.
    tick(&e, 120);
    let held = community::post_reply(
        &e.hub,
        &troll,
        t.id,
        ABUSE,
        &Compose::Form {
            acknowledged: Some(token),
        },
    )
    .await
    .unwrap();
    assert_eq!(held.post.moderation.visibility, Visibility::Held);
}

on_both_backends!(silence, a_silenced_member_cannot_post_until_the_time_ends);
async fn a_silenced_member_cannot_post_until_the_time_ends(url: String) {
    let e = env(url).await;
    let asker = user(&e, "asker", Role::Member).await;
    let troll = user(&e, "troll", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let t = community::create_topic(&e.hub, &asker, &topic("question", "Sync question", "How?"))
        .await
        .unwrap();
    let r = community::reply(&e.hub, &troll, t.id, ABUSE).await.unwrap();
    let item = item_for(&e, &manager, "reply", r.id.0).await;
    let bad_days = ActionInput {
        days: Some(0),
        ..act("silence", "Cool off")
    };
    assert!(matches!(
        moderation::act(&e.hub, &manager, item, &bad_days).await,
        Err(ServiceError::Validation(_))
    ));
    assert!(matches!(
        moderation::act(&e.hub, &agent, item, &act("silence", "x")).await,
        Err(ServiceError::Forbidden)
    ));
    let silence = ActionInput {
        days: Some(2),
        ..act("silence", "Cool off for two days")
    };
    let still = moderation::act(&e.hub, &manager, item, &silence)
        .await
        .unwrap();
    assert_eq!(still.state, "open", "silencing leaves the post to decide");
    for attempt in [
        community::reply(&e.hub, &troll, t.id, "Can I post?")
            .await
            .err(),
        community::create_topic(&e.hub, &troll, &topic("idea", "An idea", "Please."))
            .await
            .err(),
    ] {
        assert!(
            matches!(attempt, Some(ServiceError::Silenced { .. })),
            "{attempt:?}"
        );
    }
    tick(&e, 2 * 24 * 3600 - 60);
    assert!(matches!(
        community::reply(&e.hub, &troll, t.id, "Now?").await,
        Err(ServiceError::Silenced { .. })
    ));
    tick(&e, 120);
    let r = community::reply(&e.hub, &troll, t.id, "Thanks for the fix, it works now.")
        .await
        .unwrap();
    assert_eq!(r.moderation.visibility, Visibility::Visible);
    // Staff cannot be silenced through the queue.
    let staff_post = community::reply(&e.hub, &agent, t.id, ABUSE).await.unwrap();
    assert_eq!(
        staff_post.moderation.visibility,
        Visibility::Visible,
        "staff posts are not held"
    );
}

on_both_backends!(public_log, the_public_log_hides_moderator_names);
async fn the_public_log_hides_moderator_names(url: String) {
    let e = env(url).await;
    let asker = user(&e, "asker", Role::Member).await;
    let troll = user(&e, "troll", Role::Member).await;
    let manager = user(&e, "Morgan Moderator", Role::Manager).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let t = community::create_topic(&e.hub, &asker, &topic("question", "Sync question", "How?"))
        .await
        .unwrap();
    let r = community::reply(&e.hub, &troll, t.id, ABUSE).await.unwrap();
    let item = item_for(&e, &manager, "reply", r.id.0).await;
    moderation::act(
        &e.hub,
        &manager,
        item,
        &act("hide", "Insults another member"),
    )
    .await
    .unwrap();
    let public = moderation::log(&e.hub, None, None, 50).await.unwrap();
    let member_view = moderation::log(&e.hub, Some(&asker), None, 50)
        .await
        .unwrap();
    let staff_view = moderation::log(&e.hub, Some(&agent), None, 50)
        .await
        .unwrap();
    for view in [&public, &member_view] {
        assert_eq!(view.len(), 2, "held + hide");
        assert_eq!(view[0].entry.action, "hide");
        assert_eq!(view[0].entry.reason, "Insults another member");
        assert!(view.iter().all(|l| l.entry.moderator_name.is_none()));
        assert!(view.iter().all(|l| l.entry.detail.is_empty()));
    }
    assert_eq!(
        staff_view[0].entry.moderator_name.as_deref(),
        Some("Morgan Moderator")
    );
    assert!(staff_view[1].automatic, "the hold was the gate's");
}

on_both_backends!(flags, enough_flags_hide_a_post_until_reviewed);
async fn enough_flags_hide_a_post_until_reviewed(url: String) {
    let e = env(url).await;
    let author = user(&e, "author", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    let t = community::create_topic(
        &e.hub,
        &author,
        &topic(
            "question",
            "Cheap watches",
            "Visit my shop for cheap watches.",
        ),
    )
    .await
    .unwrap();
    let r = community::reply(&e.hub, &author, t.id, "Also cheap shoes in my shop.")
        .await
        .unwrap();
    assert!(matches!(
        moderation::flag(&e.hub, &author, "reply", r.id.0, "spam", "").await,
        Err(ServiceError::Conflict(_))
    ));
    let mut flaggers = Vec::new();
    for name in ["a", "b", "c"] {
        flaggers.push(user(&e, name, Role::Member).await);
    }
    assert!(matches!(
        moderation::flag(&e.hub, &flaggers[0], "reply", r.id.0, "other", "").await,
        Err(ServiceError::Validation(_))
    ));
    assert!(matches!(
        moderation::flag(&e.hub, &flaggers[0], "post", r.id.0, "spam", "").await,
        Err(ServiceError::Validation(_))
    ));
    assert!(matches!(
        moderation::flag(&e.hub, &flaggers[0], "reply", 999_999, "spam", "").await,
        Err(ServiceError::NotFound(_))
    ));
    let one = moderation::flag(&e.hub, &flaggers[0], "reply", r.id.0, "spam", "shop links")
        .await
        .unwrap();
    assert!(one.new && !one.hidden && one.flag_count == 1);
    let repeat = moderation::flag(&e.hub, &flaggers[0], "reply", r.id.0, "spam", "")
        .await
        .unwrap();
    assert!(!repeat.new);
    assert_eq!(repeat.flag_count, 1, "one flag per member");
    moderation::flag(&e.hub, &flaggers[1], "reply", r.id.0, "off_topic", "")
        .await
        .unwrap();
    let third = moderation::flag(&e.hub, &flaggers[2], "reply", r.id.0, "spam", "")
        .await
        .unwrap();
    assert!(third.hidden);
    let page = community::topic_page(&e.hub, Some(&flaggers[0]), t.id)
        .await
        .unwrap();
    assert!(page.replies.is_empty(), "hidden pending review");
    assert_eq!(page.topic.reply_count, 0);
    let q = moderation::queue(&e.hub, &manager, true, 10).await.unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].item.reason, "flags");
    assert_eq!(q[0].item.flag_count, 3);
    assert_eq!(q[0].flags.len(), 3);
    // A moderator disagrees: back, counted, flags cleared.
    moderation::act(&e.hub, &manager, q[0].item.id, &act("approve", ""))
        .await
        .unwrap();
    let page = community::topic_page(&e.hub, Some(&flaggers[0]), t.id)
        .await
        .unwrap();
    assert_eq!(page.replies.len(), 1);
    assert_eq!(page.topic.reply_count, 1);
    assert!(
        moderation::queue(&e.hub, &manager, true, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

on_both_backends!(filters, word_filters_match_words_not_pieces_of_words);
async fn word_filters_match_words_not_pieces_of_words(url: String) {
    let e = env(url).await;
    let member = user(&e, "member", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    moderation::set_trust(&e.hub, &manager, member.id, "trusted")
        .await
        .unwrap();
    for (pattern, action) in [
        ("cunt", "hold"),
        ("twat", "hold"),
        ("ass", "hold"),
        ("shit", "replace"),
        ("buy followers", "block"),
    ] {
        moderation::add_word_filter(&e.hub, &manager, pattern, action, "")
            .await
            .unwrap();
    }
    assert!(matches!(
        moderation::add_word_filter(&e.hub, &manager, "twat", "hold", "").await,
        Err(ServiceError::Conflict(_))
    ));
    assert!(matches!(
        moderation::add_word_filter(&e.hub, &manager, "a*", "hold", "").await,
        Err(ServiceError::Validation(_))
    ));
    assert!(matches!(
        moderation::add_word_filter(&e.hub, &member, "x", "hold", "").await,
        Err(ServiceError::Forbidden)
    ));
    let t = community::create_topic(
        &e.hub,
        &member,
        &topic(
            "question",
            "Scunthorpe office",
            "Does sync work in Scunthorpe?",
        ),
    )
    .await
    .unwrap();
    assert_eq!(t.moderation.visibility, Visibility::Visible);
    for text in [
        "The classic theme on my smartwatch is lovely.",
        "Assassin's Creed saves sync; I passed the class.",
    ] {
        tick(&e, 60);
        let r = community::reply(&e.hub, &member, t.id, text).await.unwrap();
        assert_eq!(r.moderation.visibility, Visibility::Visible, "{text}");
    }
    tick(&e, 60);
    let held = community::reply(&e.hub, &member, t.id, "What a t w a t design decision.")
        .await
        .unwrap();
    assert_eq!(held.moderation.visibility, Visibility::Held);
    assert_eq!(held.moderation.held_reason, Some(HoldReason::Filter));
    tick(&e, 60);
    let replaced = community::reply(&e.hub, &member, t.id, "This update is shit.")
        .await
        .unwrap();
    assert_eq!(replaced.body, "This update is ■■■.");
    tick(&e, 60);
    assert!(matches!(
        community::reply(&e.hub, &member, t.id, "Buy followers at example dot com").await,
        Err(ServiceError::Validation(_))
    ));
}

on_both_backends!(limits, new_members_have_limits_that_lift);
async fn new_members_have_limits_that_lift(url: String) {
    let e = env(url).await;
    let newbie = user(&e, "newbie", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    let t = community::create_topic(&e.hub, &manager, &topic("question", "Open thread", "Talk."))
        .await
        .unwrap();
    // Links: two allowed, three refused with a clear message.
    let three = "See https://a.example, https://b.example and https://c.example for details \
                 about what I tried with the sync client over the weekend.";
    let Err(ServiceError::Validation(errs)) = community::reply(&e.hub, &newbie, t.id, three).await
    else {
        panic!("three links from a new member");
    };
    assert!(errs.to_string().contains("at most 2 links"), "{errs}");
    // Posts per hour: five, then a wait.
    for i in 0..5 {
        tick(&e, 240);
        community::reply(
            &e.hub,
            &newbie,
            t.id,
            &format!("Message number {i} about topic {i}x{i}"),
        )
        .await
        .unwrap();
    }
    tick(&e, 240);
    let Err(ServiceError::Validation(errs)) =
        community::reply(&e.hub, &newbie, t.id, "one more thing to add").await
    else {
        panic!("a sixth post within the hour");
    };
    assert!(errs.to_string().contains("5 times an hour"), "{errs}");
    // A day later with five visible posts the member has earned Basic, with higher limits.
    tick(&e, 24 * 3600);
    community::reply(
        &e.hub,
        &newbie,
        t.id,
        "Back again with a new question about sync",
    )
    .await
    .unwrap();
    let h = moderation::history(&e.hub, &manager, newbie.id)
        .await
        .unwrap();
    assert_eq!(h.trust, TrustLevel::Basic);
    // Staff can set a level; automatic promotion never lowers it.
    moderation::set_trust(&e.hub, &manager, newbie.id, "new")
        .await
        .unwrap();
    tick(&e, 60);
    community::reply(
        &e.hub,
        &newbie,
        t.id,
        "And another remark on the release notes",
    )
    .await
    .unwrap();
    let h = moderation::history(&e.hub, &manager, newbie.id)
        .await
        .unwrap();
    assert_eq!(h.trust, TrustLevel::New, "a level set by staff stays");
}

on_both_backends!(spam, repeated_near_duplicates_are_held_as_spam);
async fn repeated_near_duplicates_are_held_as_spam(url: String) {
    let e = env(url).await;
    let spammer = user(&e, "spammer", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    moderation::set_trust(&e.hub, &manager, spammer.id, "member")
        .await
        .unwrap();
    let text = "Great deals on premium headphones this week only, visit our store today \
                for the best discount prices on audio gear";
    let mut ids = Vec::new();
    for i in 0..3 {
        tick(&e, 900);
        let t = community::create_topic(
            &e.hub,
            &spammer,
            &topic("praise", &format!("Deals {i}"), text),
        )
        .await
        .unwrap();
        ids.push((t.id, t.moderation.visibility));
    }
    assert_eq!(ids[0].1, Visibility::Visible);
    assert_eq!(ids[1].1, Visibility::Visible);
    assert_eq!(ids[2].1, Visibility::Held, "the third copy is held");
    let q = moderation::queue(&e.hub, &manager, true, 10).await.unwrap();
    assert_eq!(q[0].item.reason, "spam");
    assert!(
        q[0].item.detail.contains("near-duplicates"),
        "{}",
        q[0].item.detail
    );
    let TopicId(held) = ids[2].0;
    let other = user(&e, "other", Role::Member).await;
    assert!(matches!(
        community::topic_page(&e.hub, Some(&other), TopicId(held)).await,
        Err(ServiceError::NotFound(_))
    ));
    let listing = community::list_topics(&e.hub, &community::ListQuery::default())
        .await
        .unwrap();
    assert!(
        listing.topics.iter().all(|t| t.id.0 != held),
        "held topics are not listed"
    );
}

on_both_backends!(edit_suspend, moderators_edit_warn_and_suspend);
async fn moderators_edit_warn_and_suspend(url: String) {
    let e = env(url).await;
    let asker = user(&e, "asker", Role::Member).await;
    let troll = user(&e, "troll", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    let t = community::create_topic(&e.hub, &asker, &topic("question", "Sync question", "How?"))
        .await
        .unwrap();
    let r = community::reply(&e.hub, &troll, t.id, ABUSE).await.unwrap();
    let item = item_for(&e, &manager, "reply", r.id.0).await;
    // Warn: the author is told, the item stays for its own decision.
    let warned = moderation::act(&e.hub, &manager, item, &act("warn", "Keep it civil"))
        .await
        .unwrap();
    assert_eq!(warned.state, "open");
    // Edit: an empty text is refused; a new text is published and the old one kept.
    let empty = ActionInput {
        body: Some("   ".into()),
        ..act("edit", "Removed the insult")
    };
    assert!(matches!(
        moderation::act(&e.hub, &manager, item, &empty).await,
        Err(ServiceError::Validation(_))
    ));
    let edit = ActionInput {
        body: Some("[Removed by a moderator: personal attack.] Please fix it.".into()),
        ..act("edit", "Removed the insult")
    };
    moderation::act(&e.hub, &manager, item, &edit)
        .await
        .unwrap();
    let page = community::topic_page(&e.hub, Some(&asker), t.id)
        .await
        .unwrap();
    assert_eq!(page.replies.len(), 1);
    assert!(page.replies[0].body.starts_with("[Removed by a moderator"));
    let (_, revisions) = community::reply_history(&e.hub, Some(&manager), r.id)
        .await
        .unwrap();
    assert_eq!(
        revisions[0].body, ABUSE,
        "the original is kept for the record"
    );
    let notes = community::notify::list(&e.hub, &troll, None, 10)
        .await
        .unwrap();
    assert!(notes.iter().any(|n| n.detail.contains("Keep it civil")));
    assert!(
        notes
            .iter()
            .any(|n| n.detail.contains("Removed the insult"))
    );
    // Suspend: the account cannot log in any more.
    tick(&e, 60);
    let r2 = community::reply(&e.hub, &troll, t.id, "shut up you stupid bitch, you idiot")
        .await
        .unwrap();
    let item = item_for(&e, &manager, "reply", r2.id.0).await;
    moderation::act(
        &e.hub,
        &manager,
        item,
        &act("suspend", "Repeated personal attacks"),
    )
    .await
    .unwrap();
    let u = e.hub.store().user_by_id(troll.id).await.unwrap().unwrap();
    assert!(u.is_suspended());
    // Staff accounts are not suspended through the queue.
    let agent = user(&e, "agent", Role::Agent).await;
    let flagged = community::reply(&e.hub, &agent, t.id, "Fixed in 3.2.1.")
        .await
        .unwrap();
    let f = moderation::flag(
        &e.hub,
        &asker,
        "reply",
        flagged.id.0,
        "other",
        "wrong answer",
    )
    .await
    .unwrap();
    assert!(matches!(
        moderation::act(&e.hub, &manager, f.item_id, &act("suspend", "x")).await,
        Err(ServiceError::Conflict(_))
    ));
}
