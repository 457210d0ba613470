//! Trust levels: what members at each level may post, how a level is earned, and the link and
//! image counts the limits apply to.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// How much the community trusts a member. Levels rise automatically with constructive
/// participation ([`earned`]); staff can set any level.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum TrustLevel {
    /// Just joined: few posts per hour, few links, no images.
    #[default]
    New,
    /// Has taken part a little.
    Basic,
    /// A regular.
    Member,
    /// Set by staff only: no limits.
    Trusted,
}

impl TrustLevel {
    /// Every level, lowest first.
    pub const ALL: [TrustLevel; 4] = [
        TrustLevel::New,
        TrustLevel::Basic,
        TrustLevel::Member,
        TrustLevel::Trusted,
    ];

    /// The number stored in the database (0–3).
    pub fn number(self) -> i64 {
        match self {
            TrustLevel::New => 0,
            TrustLevel::Basic => 1,
            TrustLevel::Member => 2,
            TrustLevel::Trusted => 3,
        }
    }

    /// The level of a stored number (out-of-range numbers clamp).
    pub fn from_number(n: i64) -> TrustLevel {
        match n {
            i64::MIN..=0 => TrustLevel::New,
            1 => TrustLevel::Basic,
            2 => TrustLevel::Member,
            _ => TrustLevel::Trusted,
        }
    }

    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustLevel::New => "new",
            TrustLevel::Basic => "basic",
            TrustLevel::Member => "member",
            TrustLevel::Trusted => "trusted",
        }
    }

    /// Name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            TrustLevel::New => "New member",
            TrustLevel::Basic => "Basic",
            TrustLevel::Member => "Regular",
            TrustLevel::Trusted => "Trusted",
        }
    }
}

impl std::str::FromStr for TrustLevel {
    type Err = crate::community::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TrustLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s || l.number().to_string() == s)
            .ok_or_else(|| crate::community::UnknownName {
                what: "trust level",
                value: s.to_owned(),
                expected: "new basic member trusted (or 0-3)",
            })
    }
}

/// What a member at some level may post. `None` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Topics and replies per rolling hour.
    pub posts_per_hour: Option<u32>,
    /// Links in one post.
    pub links_per_post: Option<u32>,
    /// Images in one post.
    pub images_per_post: Option<u32>,
}

/// What the automatic promotion looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Participation {
    /// When the account was created.
    pub joined: Timestamp,
    /// Visible, undeleted topics and replies.
    pub visible_posts: i64,
    /// Replies accepted as answers.
    pub accepted_answers: i64,
    /// Posts the analysis found abusive.
    pub abusive_posts: i64,
    /// Moderator actions that upheld a report against them (hide, delete, warn, silence).
    pub upheld_actions: i64,
}

pub(super) const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The level a member has earned. Promotion needs time, visible posts and a clean record;
/// a single upheld moderator action, or more than one abusive post in twenty, stops it.
/// Never returns [`TrustLevel::Trusted`], which staff grant by hand.
pub fn earned(p: &Participation, now: Timestamp) -> TrustLevel {
    let days = (now.0 - p.joined.0) / DAY_MS;
    let clean = p.upheld_actions == 0 && p.abusive_posts * 20 <= p.visible_posts;
    if !clean {
        return TrustLevel::New;
    }
    if days >= 7 && p.visible_posts >= 15 && (p.accepted_answers >= 1 || p.visible_posts >= 30) {
        TrustLevel::Member
    } else if days >= 1 && p.visible_posts >= 3 && p.abusive_posts == 0 {
        TrustLevel::Basic
    } else {
        TrustLevel::New
    }
}

/// Links in a post: `http(s)://` URLs and `www.` hosts, counted once each.
pub fn count_links(text: &str) -> u32 {
    let lower = text.to_lowercase();
    let mut seen: Vec<&str> = Vec::new();
    for (i, _) in lower
        .match_indices("http://")
        .chain(lower.match_indices("https://"))
    {
        let url = lower[i..]
            .split(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | ']'))
            .next()
            .unwrap_or("");
        if !seen.contains(&url) {
            seen.push(url);
        }
    }
    let mut n = u32::try_from(seen.len()).unwrap_or(u32::MAX);
    for (i, _) in lower.match_indices("www.") {
        // Only bare hosts; `https://www.` was counted above.
        let before = lower[..i].chars().next_back();
        if !matches!(before, Some('/')) {
            n = n.saturating_add(1);
        }
    }
    n
}

/// Images in a post's rendered HTML.
pub fn count_images(html: &str) -> u32 {
    u32::try_from(html.matches("<img").count()).unwrap_or(u32::MAX)
}
