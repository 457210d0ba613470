//! Synthetic data for benchmarks: large hubs seeded fast through bulk inserts.
//!
//! Text is varied but cheap: bodies are drawn from small pools rendered once, so seeding a
//! million replies costs inserts, not Markdown rendering. Generation is deterministic (a fixed
//! xorshift seed), so two runs produce the same hub.

use chorus_core::{Timestamp, TopicKind};
use chorus_store::bulk::{BulkReply, BulkTopic, BulkUser};

use crate::{Hub, Result};

const SUBJECTS: &[&str] = &[
    "login",
    "sync",
    "upload",
    "share link",
    "mobile app",
    "desktop app",
    "invoice",
    "password reset",
    "two-factor code",
    "export",
    "search",
    "notification",
    "photo backup",
    "offline file",
    "version history",
    "team folder",
    "storage quota",
    "dark mode",
    "API token",
    "Linux client",
];
const PROBLEMS: &[&str] = &[
    "fails after the update",
    "is stuck at 99%",
    "crashes on start",
    "is very slow",
    "shows error 413",
    "does not arrive",
    "duplicates files",
    "is rejected",
    "disappears after reboot",
    "loops back to the start",
];
const QUESTIONS: &[&str] = &[
    "How do I change the",
    "Where do I find the",
    "Can I limit the",
    "Is there a way to export the",
    "How do I turn off the",
    "Why does the",
    "Can I share the",
    "How do I restore the",
];
const IDEAS: &[&str] = &[
    "Add scheduling to the",
    "Let admins control the",
    "Show statistics for the",
    "Allow custom names for the",
    "Support keyboard shortcuts in the",
    "Make the",
    "Offer an API for the",
];
const PRAISE: &[&str] = &[
    "Love the new",
    "Thank you for fixing the",
    "Great job on the",
    "The improved",
    "Impressed by the",
];
const SENTENCES: &[&str] = &[
    "It started yesterday after the app updated itself.",
    "I tried reinstalling and signing out, no change.",
    "Same here on Windows 11 and macOS 14.",
    "Clearing the cache fixed it for me, maybe try that.",
    "Support suggested checking the network settings first.",
    "This happens only on the company Wi-Fi, not at home.",
    "Version 3.2.1 seems to fix it, at least on my laptop.",
    "Please add this, our whole team would use it every day.",
    "You can find it under Settings, then Account.",
    "Works as expected now, thank you all for the help!",
    "I have attached the log from the Activity page.",
    "The web dashboard works, only the desktop app is affected.",
];

/// Deterministic xorshift64* generator for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64
    }
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| rng.pick(SENTENCES))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What [`seed_community`] made.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeededCommunity {
    /// The first topic's id (ids are consecutive).
    pub first_id: i64,
    /// The topic whose reply count is nearest 100, and that count (the benchmark of a long
    /// thread); `None` without topics.
    pub near_100: Option<(i64, i64)>,
}

/// Seeds `topics` topics and `replies` replies written by 1,000 synthetic members (and 20
/// agents), reporting progress after each batch with the number of topics done.
pub async fn seed_community(
    hub: &Hub,
    topics: usize,
    replies: usize,
    mut progress: impl FnMut(usize),
) -> Result<SeededCommunity> {
    let store = hub.store();
    let now = hub.now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stamp = now.0;
    let users: Vec<BulkUser> = (0..1020)
        .map(|i| BulkUser {
            email: format!("bench{i}.{stamp}@bench.chorus.test"),
            name: format!("Bench user {i}"),
            role: if i < 20 { "agent" } else { "member" },
        })
        .collect();
    let ids = store.bulk_insert_users(&users, now).await?;
    let (agents, members) = ids.split_at(20);

    let topic_bodies: Vec<(String, String)> = (0..500)
        .map(|_| {
            let intro = paragraph(&mut rng, 3);
            let md = format!(
                "{intro}\n\n- version 3.{}\n- {}",
                rng.below(4),
                rng.pick(SENTENCES)
            );
            let html = chorus_markdown::render(&md);
            (md, html)
        })
        .collect();
    let reply_bodies: Vec<(String, String)> = (0..2000)
        .map(|_| {
            let n = 1 + rng.below(3);
            let md = paragraph(&mut rng, n);
            let html = chorus_markdown::render(&md);
            (md, html)
        })
        .collect();

    // Replies per topic: skewed (a few busy threads, many quiet ones), summing to `replies`.
    let mut counts = vec![0_i64; topics];
    if topics > 0 {
        for _ in 0..replies {
            let u = rng.unit();
            let idx = ((u * u) * topics as f64) as usize;
            counts[idx.min(topics - 1)] += 1;
        }
        rng.0 ^= 0xDEAD_BEEF;
        for i in (1..counts.len()).rev() {
            counts.swap(i, rng.below(i + 1));
        }
    }

    let first_id = store.max_topic_id().await? + 1;
    let near_100 = counts
        .iter()
        .enumerate()
        .min_by_key(|(_, n)| (**n - 100).abs())
        .map(|(i, n)| (first_id + i as i64, *n));
    let span = 365 * Timestamp::DAY;
    const BATCH: usize = 5_000;
    let mut done = 0;
    while done < topics {
        let end = (done + BATCH).min(topics);
        let mut batch_topics = Vec::with_capacity(end - done);
        let mut batch_replies = Vec::new();
        for (i, &n) in counts.iter().enumerate().take(end).skip(done) {
            let id = first_id + i as i64;
            let kind = match rng.below(10) {
                0..=3 => TopicKind::Question,
                4..=6 => TopicKind::Problem,
                7..=8 => TopicKind::Idea,
                _ => TopicKind::Praise,
            };
            let subject = rng.pick(SUBJECTS);
            let title = match kind {
                TopicKind::Question => format!("{} {subject}?", rng.pick(QUESTIONS)),
                TopicKind::Problem => format!("The {subject} {}", rng.pick(PROBLEMS)),
                TopicKind::Idea => format!("{} {subject}", rng.pick(IDEAS)),
                TopicKind::Praise => format!("{} {subject}", rng.pick(PRAISE)),
            };
            let created = now.plus(-span + (span * i as i64) / topics.max(1) as i64);
            let (body, body_html) = topic_bodies[rng.below(topic_bodies.len())].clone();
            let mut at = created;
            let mut first = None;
            for _ in 0..n {
                at = at.plus(1 + rng.below(6 * 3_600_000) as i64).min(now);
                first.get_or_insert(at);
                let official = rng.below(8) == 0;
                let author = if official {
                    agents[rng.below(agents.len())]
                } else {
                    members[rng.below(members.len())]
                };
                let (body, body_html) = reply_bodies[rng.below(reply_bodies.len())].clone();
                batch_replies.push(BulkReply {
                    topic_id: id,
                    author_id: author,
                    body,
                    body_html,
                    official,
                    created_at: at,
                });
            }
            batch_topics.push(BulkTopic {
                id,
                kind,
                title,
                body,
                body_html,
                author_id: members[rng.below(members.len())],
                tags: vec![subject.replace(' ', "-").to_lowercase()],
                reply_count: n,
                score: rng.below(20) as i64,
                created_at: created,
                last_activity_at: at,
                first_reply_at: first,
            });
        }
        store.bulk_insert_topics(&batch_topics).await?;
        store.bulk_insert_replies(&batch_replies).await?;
        done = end;
        progress(done);
    }
    Ok(SeededCommunity { first_id, near_100 })
}

const PRODUCTS: &[&str] = &[
    "app",
    "login",
    "sync",
    "upload",
    "invoice",
    "password reset",
    "2fa code",
    "photo backup",
    "desktop client",
    "web dashboard",
    "checkout",
    "delivery",
    "subscription",
    "search",
    "notifications",
];
const FAULTS: &[&str] = &[
    "keeps crashing",
    "fails since the update",
    "is down again",
    "is stuck loading",
    "shows error 503",
    "is broken",
    "won't load",
    "freezes every time",
    "charged me twice",
    "never arrives",
];
const TAILS: &[&str] = &[
    "",
    " please fix",
    " third day now",
    " this is getting ridiculous",
    " anyone else?",
    " 😤",
    " #acmefail",
    " on android 15",
    " on my iphone",
    "!!!",
    " soooo annoying",
    " https://status.example.com",
];
const CHATTER: &[&str] = &[
    "Reading the acme quarterly report this morning",
    "Just switched teams at work, acme is what we use now",
    "Acme announced a new office in Lisbon",
    "Podcast episode about acme's founders is out",
    "Conference talk on acme's sync engine was interesting",
    "Comparing acme and a few competitors for our startup",
];

/// Seeds a hub for the reports benchmark: `mentions` mentions spread over `days` days ending
/// now (stored as rows, with the hourly channel and theme counters the pipeline would have
/// kept), 200 themes, a case per hundred mentions with response and resolution times, and a
/// community of `mentions / 1000` topics. Reports progress as mentions stored.
pub async fn seed_reports(
    hub: &Hub,
    mentions: u64,
    days: i64,
    mut progress: impl FnMut(u64),
) -> Result<()> {
    use std::collections::HashMap;

    use chorus_store::bulk::{BulkCase, BulkMention};

    const CHANNELS: [&str; 6] = ["mastodon", "bluesky", "webhook", "feed", "email", "import"];
    const THEMES: u64 = 200;
    let store = hub.store();
    let now = hub.now();
    let span = days.max(1) * Timestamp::DAY;
    let start = now.0 - span;
    let mut rng = Rng(0x00C0_FFEE_1234_5678);
    let themes: Vec<(i64, String, i64, i64)> = (1..=THEMES as i64)
        .map(|id| {
            let label = format!(
                "{} {}",
                PRODUCTS[usize::try_from(id).unwrap_or(0) % PRODUCTS.len()],
                FAULTS[usize::try_from(id).unwrap_or(0) % FAULTS.len()]
            );
            (id, label, start, now.0)
        })
        .collect();
    store.bulk_insert_themes(&themes).await?;
    let mut counts: HashMap<(i64, &'static str), [i64; 7]> = HashMap::new();
    let mut theme_counts: HashMap<(i64, i64), [i64; 3]> = HashMap::new();
    let mut cases = Vec::new();
    let mut batch = Vec::with_capacity(50_000);
    let total = mentions.max(1);
    for i in 0..total {
        #[allow(clippy::cast_possible_wrap, reason = "benchmark sizes")]
        let at = start + span * i as i64 / total as i64;
        let channel = CHANNELS[match rng.below(100) {
            0..=34 => 0,
            35..=69 => 1,
            70..=79 => 2,
            80..=87 => 3,
            88..=94 => 4,
            _ => 5,
        }];
        #[allow(clippy::cast_possible_truncation, reason = "at most 10^5")]
        let followers = 10f64.powf(rng.unit() * 5.0) as i64;
        let (sentiment, slot) = match rng.below(100) {
            0..=44 => ("negative", 2),
            45..=79 => ("neutral", 3),
            _ => ("positive", 4),
        };
        let intent = match rng.below(10) {
            0..=3 => "complaint",
            4..=5 => "question",
            6 => "praise",
            _ => "other",
        };
        // Theme sizes follow a rough power law.
        let theme = (rng.below(10) < 4).then(|| {
            let u = rng.unit();
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "1..=200"
            )]
            let t = ((THEMES as f64).powf(u * u)) as i64;
            t.clamp(1, THEMES as i64)
        });
        let bucket = at.div_euclid(Timestamp::HOUR) * Timestamp::HOUR;
        let c = counts.entry((bucket, channel)).or_default();
        c[0] += 1;
        c[1] += followers;
        c[slot] += 1;
        c[5] += i64::from(intent == "complaint");
        c[6] += i64::from(intent == "question");
        if let Some(t) = theme {
            let tc = theme_counts.entry((t, bucket)).or_default();
            tc[0] += 1;
            tc[1] += followers;
            tc[2] += i64::from(sentiment == "negative");
        }
        if i % 100 == 0 {
            let first = at + i64::try_from(rng.below(300) + 5).unwrap_or(5) * Timestamp::MINUTE;
            let resolved = (rng.below(10) < 8)
                .then(|| first + i64::try_from(rng.below(72) + 1).unwrap_or(1) * Timestamp::HOUR);
            cases.push(BulkCase {
                channel,
                created_at: at,
                first_response_at: (first < now.0).then_some(first),
                resolved_at: resolved.filter(|r| *r < now.0),
                sla: if rng.below(100) < 85 {
                    "met"
                } else {
                    "breached"
                },
            });
        }
        batch.push(BulkMention {
            channel,
            external_id: format!("bench-report-{i}"),
            author: format!("user{}", rng.below(200_000)),
            followers,
            text: format!("{} {} {}", rng.pick(PRODUCTS), rng.pick(FAULTS), i),
            created_at: at,
            sentiment,
            intent,
            theme_id: theme,
        });
        if batch.len() == 50_000 {
            store.bulk_insert_mentions(&batch).await?;
            batch.clear();
            progress(i + 1);
        }
    }
    store.bulk_insert_mentions(&batch).await?;
    progress(total);
    let counts: Vec<(i64, &'static str, [i64; 7])> =
        counts.into_iter().map(|((b, c), v)| (b, c, v)).collect();
    let theme_counts: Vec<(i64, i64, [i64; 3])> = theme_counts
        .into_iter()
        .map(|((t, b), v)| (t, b, v))
        .collect();
    store.bulk_insert_counts(&counts, &theme_counts).await?;
    store.bulk_insert_cases(&cases, 1).await?;
    let topics = usize::try_from(total / 1000).unwrap_or(0).max(10);
    seed_community(hub, topics, topics * 5, |_| {}).await?;
    Ok(())
}

/// A deterministic stream of realistic synthetic mentions (complaints, questions, praise,
/// ideas and chatter on every channel), as the JSON lines `chorus import` reads. The same
/// `seed` gives the same lines.
pub struct MentionGenerator {
    rng: Rng,
    run: String,
    next: u64,
    start: Timestamp,
    span_ms: i64,
    total: u64,
}

impl MentionGenerator {
    /// `total` mentions spread evenly over `span_ms` before `end`, with external ids prefixed
    /// by `run` (so several runs never collide).
    pub fn new(seed: u64, run: &str, total: u64, end: Timestamp, span_ms: i64) -> Self {
        MentionGenerator {
            rng: Rng(seed | 1),
            run: run.to_owned(),
            next: 0,
            start: end.plus(-span_ms),
            span_ms,
            total: total.max(1),
        }
    }

    /// The external id of the `i`-th mention.
    pub fn external_id(run: &str, i: u64) -> String {
        format!("{run}-{i}")
    }

    fn text(&mut self) -> String {
        let r = &mut self.rng;
        let product = r.pick(PRODUCTS);
        match r.below(100) {
            0..=39 => {
                let handle = ["@acme ", "@acmehelp ", "", "hey @acme "][r.below(4)];
                format!("{handle}the {product} {}{}", r.pick(FAULTS), r.pick(TAILS))
            }
            40..=59 => format!(
                "{} {product}? {}",
                r.pick(QUESTIONS),
                ["", "thanks in advance", "@acme", "#help"][r.below(4)]
            ),
            60..=71 => format!(
                "{} {product}{}",
                r.pick(PRAISE),
                [" 😍", "!", " great work @acme", ""][r.below(4)]
            ),
            72..=79 => format!("{} {product}, would love that", r.pick(IDEAS)),
            _ => r.pick(CHATTER).to_owned(),
        }
    }
}

impl Iterator for MentionGenerator {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.next >= self.total {
            return None;
        }
        let i = self.next;
        self.next += 1;
        let channel = match self.rng.below(100) {
            0..=34 => "mastodon",
            35..=69 => "bluesky",
            70..=79 => "webhook",
            80..=87 => "feed",
            88..=94 => "email",
            _ => "import",
        };
        // Followers: heavy-tailed, from 1 to about 100,000.
        let followers = 10f64.powf(self.rng.unit() * 5.0) as i64;
        let author = format!("user{}", self.rng.below(200_000));
        let text = self.text();
        let at = self.start.plus(self.span_ms * i as i64 / self.total as i64);
        let line = serde_json::json!({
            "channel": channel,
            "external_id": Self::external_id(&self.run, i),
            "author": author,
            "author_followers": followers,
            "text": text,
            "url": format!("https://social.example/@{author}/{i}"),
            "created_at": at.rfc3339(),
        });
        Some(line.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_mentions_are_valid_and_deterministic() {
        let a: Vec<String> =
            MentionGenerator::new(7, "r", 200, Timestamp(1_800_000_000_000), Timestamp::DAY)
                .collect();
        let b: Vec<String> =
            MentionGenerator::new(7, "r", 200, Timestamp(1_800_000_000_000), Timestamp::DAY)
                .collect();
        assert_eq!(a, b);
        for line in &a {
            let input = chorus_listen::import::decode_json_line(line).unwrap();
            input.validate(chorus_core::Channel::ALL).unwrap();
        }
        assert!(
            a.iter().any(|l| l.contains("\"mastodon\""))
                && a.iter().any(|l| l.contains("\"bluesky\""))
        );
    }
}
