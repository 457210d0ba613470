//! The sections that configure `chorus_core`'s rules: triage (SLA targets, business hours)
//! and moderation (member limits). Their compact string settings ("30 60 240", "5 2 0") are
//! parsed here into the core types, by the same parsers `validate` checks them with, so a
//! value that validates is a value the hub can use.

use chorus_core::Priority;
use chorus_core::moderation::{Limits, TrustLevel};
use chorus_core::triage::{BusinessHours, SlaTargets};
use serde::{Deserialize, Serialize};

use super::SectionDoc;

section! {
    /// Triage: which messages open cases, SLA targets, reply delivery, alerts, escalation.
    TriageConfig ("triage") {
        /// Run the triage worker in `chorus serve` (opens cases, checks SLA clocks, raises
        /// alerts). Run it on one instance when several share a database.
        run_worker: bool = true,
        /// A negative mention opens a case when its author has at least this many followers
        /// (service-related complaints and questions open one whatever the reach).
        open_min_followers: i64 = 1_000,
        /// A customer has one case at a time: what they post while a case of theirs is
        /// active joins it. A case resolved less than this many hours ago is reopened by
        /// their next complaint or question instead of a new case being opened; the same
        /// window bounds how old a case a near-duplicate post (a copy, a retweet) may join.
        join_window_hours: u64 = 72,
        /// A community question or problem without any reply opens a case after this many
        /// minutes.
        community_unanswered_minutes: u64 = 240,
        /// Community questions older than this many days never open a case by themselves.
        community_max_age_days: u64 = 7,
        /// When SLA clocks run: `always`, or days and hours such as `mon-fri 09:00-17:00`.
        business_hours: String = "always".to_owned(),
        /// Local time of `business_hours` minus UTC, in minutes (e.g. 60 for CET).
        utc_offset_minutes: i64 = 0,
        /// SLA targets of urgent cases in business minutes: first response, next response,
        /// resolution (0: no target).
        sla_urgent: String = "30 60 240".to_owned(),
        /// SLA targets of high-priority cases (first, next, resolution).
        sla_high: String = "120 240 1440".to_owned(),
        /// SLA targets of normal cases (first, next, resolution).
        sla_normal: String = "480 480 4320".to_owned(),
        /// SLA targets of low-priority cases (first, next, resolution).
        sla_low: String = "1440 1440 10080".to_owned(),
        /// Warn this many minutes before an SLA target is breached.
        sla_warn_minutes: u64 = 30,
        /// Attempts to deliver a reply through its channel before it shows as failed.
        delivery_attempts: u32 = 6,
        /// Visibility of replies posted to Mastodon: `public`, `unlisted`, `private`, `direct`.
        mastodon_visibility: String = "unlisted".to_owned(),
        /// Most alerts one rule sends per hour; further ones are logged as suppressed.
        alert_max_per_hour: u32 = 20,
        /// Escalations are POSTed here as signed JSON (empty: no webhook).
        escalation_webhook_url: String = String::new(),
        /// Escalations are e-mailed here with the case transcript (empty: no e-mail).
        escalation_email: String = String::new(),
        /// Secret that signs escalation and alert webhooks (`X-Chorus-Signature: sha256=...`).
        webhook_secret: String = String::new(),
    }
}

section! {
    /// Moderation: the gate before posts are published, flags and member limits.
    ModerationConfig ("moderation") {
        /// Hold abusive posts, spam and posts matching a `hold` word filter for review (the
        /// compose form nudges the author first). Off: everything is published.
        gate: bool = true,
        /// Toxicity score (0–1) from which an insult, swearing or threat aimed at a person
        /// counts as abuse. Angry complaints are never abuse, whatever this says.
        abusive_threshold: f64 = 0.5,
        /// A civil complaint with a sentiment score (-1 to 1) at or under this opens a case
        /// at once instead of waiting to go unanswered.
        prioritise_sentiment: f64 = -0.5,
        /// Open flags from different members that hide a post until a moderator reads it.
        flags_to_hide: u64 = 3,
        /// Limits of new members: "POSTS_PER_HOUR LINKS_PER_POST IMAGES_PER_POST"
        /// (`-` for no limit).
        limits_new: String = "5 2 0".to_owned(),
        /// Limits of basic members (level 1).
        limits_basic: String = "20 5 3".to_owned(),
        /// Limits of regular members (level 2). Trusted members and staff have none.
        limits_member: String = "60 - -".to_owned(),
        /// Near-duplicates of a member's own posts within `duplicate_window_hours` allowed
        /// before the next one is held as spam.
        duplicate_limit: u64 = 2,
        /// How far back near-duplicate posts are looked for.
        duplicate_window_hours: u64 = 24,
        /// New members posting this many times within ten minutes are held as spam.
        burst_posts: u64 = 4,
    }
}

/// Parses `"FIRST NEXT RESOLUTION"` minutes.
pub(super) fn parse_sla(value: &str) -> Result<SlaTargets, String> {
    let nums: Vec<i64> = value
        .split_whitespace()
        .map(|v| v.parse::<i64>().ok().filter(|n| *n >= 0))
        .collect::<Option<_>>()
        .ok_or_else(|| format!("{value:?} must be three numbers of minutes, e.g. \"30 60 240\""))?;
    match nums.as_slice() {
        [first, next, resolution] => Ok(SlaTargets {
            first_response_minutes: *first,
            next_response_minutes: *next,
            resolution_minutes: *resolution,
        }),
        _ => Err(format!(
            "{value:?} must be three numbers of minutes: first response, next response, resolution"
        )),
    }
}

/// Parses `"POSTS LINKS IMAGES"` limits, `-` meaning none.
pub(super) fn parse_limits(value: &str) -> Result<Limits, String> {
    let parts: Vec<Option<u32>> = value
        .split_whitespace()
        .map(|v| {
            if v == "-" {
                Ok(None)
            } else {
                v.parse::<u32>().map(Some)
            }
        })
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{value:?} must be three numbers or -, e.g. \"5 2 0\""))?;
    match parts.as_slice() {
        [posts, links, images] => Ok(Limits {
            posts_per_hour: *posts,
            links_per_post: *links,
            images_per_post: *images,
        }),
        _ => Err(format!(
            "{value:?} must be three values: posts per hour, links per post, images per post"
        )),
    }
}

impl ModerationConfig {
    /// What a member at `level` may post.
    pub fn limits(&self, level: TrustLevel) -> Limits {
        let value = match level {
            TrustLevel::New => &self.limits_new,
            TrustLevel::Basic => &self.limits_basic,
            TrustLevel::Member => &self.limits_member,
            TrustLevel::Trusted => "- - -",
        };
        parse_limits(value).unwrap_or(Limits {
            posts_per_hour: None,
            links_per_post: None,
            images_per_post: None,
        })
    }
}

impl TriageConfig {
    /// When SLA clocks run.
    pub fn business_hours(&self) -> Result<BusinessHours, String> {
        BusinessHours::parse(&self.business_hours, self.utc_offset_minutes)
    }

    /// SLA targets for a priority (none if the setting is invalid, which `validate` rejects).
    pub fn sla(&self, priority: Priority) -> SlaTargets {
        let value = match priority {
            Priority::Urgent => &self.sla_urgent,
            Priority::High => &self.sla_high,
            Priority::Normal => &self.sla_normal,
            Priority::Low => &self.sla_low,
        };
        parse_sla(value).unwrap_or(SlaTargets {
            first_response_minutes: 0,
            next_response_minutes: 0,
            resolution_minutes: 0,
        })
    }
}
