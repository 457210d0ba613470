//! Social listening: channels, mentions as they arrive, themes and their statuses.

use chorus_i18n::Text;
use serde::{Deserialize, Serialize};

use crate::Timestamp;
use crate::validate::FieldErrors;

named_enum!(
    /// Where content comes from or goes to.
    Channel, "channel", {
        /// This hub's own community.
        Community => "community", "Community";
        /// Mastodon and other ActivityPub servers speaking its API.
        Mastodon => "mastodon", "Mastodon";
        /// Bluesky (AT Protocol).
        Bluesky => "bluesky", "Bluesky";
        /// RSS, Atom and JSON Feed.
        Feed => "feed", "Feed";
        /// Signed JSON pushed by a relay for any other network.
        Webhook => "webhook", "Webhook";
        /// Inbound e-mail.
        Email => "email", "E-mail";
        /// Files imported with `chorus import`.
        Import => "import", "Import";
    }
);

impl Channel {
    /// Channels a configured source can listen on (community content flows in by itself and
    /// imports need no source).
    pub const SOURCES: &'static [Channel] = &[
        Channel::Mastodon,
        Channel::Bluesky,
        Channel::Feed,
        Channel::Webhook,
        Channel::Email,
    ];

    /// Whether replies on this channel are posted as the account of the source that read
    /// the message (a network account), so a message that came in without a source (through
    /// the API or an import) cannot be answered there.
    pub fn answers_as_source(self) -> bool {
        matches!(self, Channel::Mastodon | Channel::Bluesky)
    }
}

named_enum!(
    /// The tone of a text: negative, neutral or positive.
    SentimentLabel, "sentiment", {
        /// Unhappy, angry, disappointed.
        Negative => "negative", "Negative";
        /// Neither.
        Neutral => "neutral", "Neutral";
        /// Happy, thankful, enthusiastic.
        Positive => "positive", "Positive";
    }
);

named_enum!(
    /// What the author of a text wants.
    Intent, "intent", {
        /// Something is wrong and they are unhappy about it.
        Complaint => "complaint", "Complaint";
        /// They want to know something.
        Question => "question", "Question";
        /// They are pleased or thankful.
        Praise => "praise", "Praise";
        /// They suggest something.
        Idea => "idea", "Idea";
        /// None of these (news, chatter, replies).
        Other => "other", "Other";
    }
);

named_enum!(
    /// Where staff are with a theme.
    ThemeStatus, "status", {
        /// Found by clustering; nobody has looked at it yet.
        New => "new", "New";
        /// Staff know about it.
        Acknowledged => "acknowledged", "Acknowledged";
        /// A fix is being worked on.
        Fixing => "fixing", "Fixing";
        /// Fixed; new mentions show whether it really went away.
        Resolved => "resolved", "Resolved";
    }
);

/// Longest external id accepted.
pub const MAX_EXTERNAL_ID: usize = 512;
/// Longest author name accepted.
pub const MAX_AUTHOR: usize = 256;
/// Longest mention text accepted, in characters. E-mail bodies are cut to this length when
/// they are normalized; an API client sending more gets a validation error.
pub const MAX_TEXT: usize = 20_000;
/// Longest link accepted.
pub const MAX_URL: usize = 2_048;
/// Longest reply metadata (JSON) kept with a mention.
pub const MAX_META: usize = 8_192;
/// Largest follower, like, boost or reply count accepted: ten billion, more people than
/// there are. Anything above is a broken or hostile client; bounding it here keeps sums of
/// reach far from `i64` overflow (900 million mentions at this reach still fit, and the
/// counters saturate beyond).
pub const MAX_COUNT: i64 = 10_000_000_000;

/// `n` within `0..=MAX_COUNT`, for adapters that take a network's word for a count (a
/// network reporting nonsense must not be able to refuse its own posts either).
pub fn clamp_count(n: i64) -> i64 {
    n.clamp(0, MAX_COUNT)
}

/// A mention as a network, a relay or a file delivers it, before validation. Also the JSON
/// shape of `POST /api/v1/mentions` and of `chorus import` lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MentionInput {
    /// `mastodon`, `bluesky`, `feed`, `webhook`, `email`, `import` or `community`.
    pub channel: String,
    /// The post's id on its network (unique per channel).
    pub external_id: String,
    /// Author handle or name.
    pub author: String,
    /// Author's follower count (0 when unknown).
    pub author_followers: i64,
    /// The post's text (plain text).
    pub text: String,
    /// Link to the post (http or https), or empty.
    pub url: String,
    /// When it was posted, RFC 3339.
    pub created_at: String,
    /// Likes or favourites.
    pub likes: i64,
    /// Boosts, reposts or shares.
    pub boosts: i64,
    /// Replies.
    pub replies: i64,
    /// External id of the post this one answers, if any.
    pub in_reply_to: Option<String>,
    /// Conversation (thread) key on the network, if any.
    pub conversation: Option<String>,
}

/// A validated mention ready for the pipeline (serializable, so it can wait in a broker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMention {
    /// Channel.
    pub channel: Channel,
    /// Id of the source that picked it up (none for imports and the API).
    pub source_id: Option<i64>,
    /// Id on its network, unique per channel.
    pub external_id: String,
    /// The network's own id where it differs (a Mastodon status id, used to reply).
    pub native_id: Option<String>,
    /// Author handle or name.
    pub author: String,
    /// Author's follower count.
    pub author_followers: i64,
    /// Likes.
    pub likes: i64,
    /// Boosts.
    pub boosts: i64,
    /// Replies.
    pub replies: i64,
    /// Plain text.
    pub text: String,
    /// Link, possibly empty.
    pub url: String,
    /// Posting time.
    pub created_at: Timestamp,
    /// External id of the parent post.
    pub in_reply_to: Option<String>,
    /// Conversation key.
    pub conversation: Option<String>,
    /// What a reply through the network needs (JSON), e.g. Bluesky's record `cid`s.
    pub meta: Option<String>,
}

impl NewMention {
    /// Reach of the mention: the author's audience.
    pub fn reach(&self) -> i64 {
        clamp_count(self.author_followers)
    }

    /// Likes, boosts and replies together.
    pub fn engagement(&self) -> i64 {
        clamp_count(self.likes) + clamp_count(self.boosts) + clamp_count(self.replies)
    }

    /// The mention within the bounds [`MentionInput::validate`] enforces, for adapters that
    /// take a network's word for what a post is: a federated server or a feed can send a
    /// megabyte of author name or a URI of any length, and refusing the whole page for it
    /// would let one hostile post hide the others. Text and author are cut, counts clamped, an
    /// over-long or non-http link dropped, and so are over-long thread keys and reply
    /// metadata (the mention stays, it only cannot be threaded or answered through the
    /// network). `None` when the external id is empty or too long: cutting it could make two
    /// posts one, so such a post is skipped.
    pub fn fit(mut self) -> Option<NewMention> {
        let id_len = self.external_id.chars().count();
        if self.external_id.trim().is_empty() || id_len > MAX_EXTERNAL_ID {
            return None;
        }
        let fits_id = |v: &Option<String>| {
            v.as_ref()
                .is_some_and(|s| s.chars().count() <= MAX_EXTERNAL_ID)
        };
        if !fits_id(&self.native_id) {
            self.native_id = None;
        }
        if !fits_id(&self.in_reply_to) {
            self.in_reply_to = None;
        }
        if !fits_id(&self.conversation) {
            self.conversation = None;
        }
        if self.meta.as_ref().is_some_and(|m| m.len() > MAX_META) {
            self.meta = None;
        }
        if self.author.chars().count() > MAX_AUTHOR {
            self.author = self.author.chars().take(MAX_AUTHOR).collect();
        }
        if self.text.chars().count() > MAX_TEXT {
            self.text = self.text.chars().take(MAX_TEXT).collect();
        }
        if !is_link(&self.url) {
            self.url.clear();
        }
        for n in [
            &mut self.author_followers,
            &mut self.likes,
            &mut self.boosts,
            &mut self.replies,
        ] {
            *n = clamp_count(*n);
        }
        Some(self)
    }

    /// Whether every field is within the bounds [`NewMention::fit`] brings it to (what the
    /// fuzz targets check of every parser's output).
    pub fn within_bounds(&self) -> Result<(), &'static str> {
        let id = |v: &Option<String>| {
            v.as_ref()
                .is_none_or(|s| s.chars().count() <= MAX_EXTERNAL_ID)
        };
        if self.external_id.trim().is_empty() || self.external_id.chars().count() > MAX_EXTERNAL_ID
        {
            return Err("external id");
        }
        if !id(&self.native_id) || !id(&self.in_reply_to) || !id(&self.conversation) {
            return Err("thread or native id");
        }
        if self.meta.as_ref().is_some_and(|m| m.len() > MAX_META) {
            return Err("meta");
        }
        if self.author.chars().count() > MAX_AUTHOR {
            return Err("author");
        }
        if self.text.chars().count() > MAX_TEXT {
            return Err("text");
        }
        if !self.url.is_empty() && !is_link(&self.url) {
            return Err("url");
        }
        if [self.author_followers, self.likes, self.boosts, self.replies]
            .iter()
            .any(|n| !(0..=MAX_COUNT).contains(n))
        {
            return Err("count");
        }
        Ok(())
    }
}

/// An http(s) link of at most [`MAX_URL`] bytes without whitespace: what a mention may link to.
fn is_link(url: &str) -> bool {
    url.len() <= MAX_URL
        && (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

fn clean_opt(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(MAX_EXTERNAL_ID).collect())
}

impl MentionInput {
    /// [`MentionInput::validate`] for imports of real exports, which carry the odd broken
    /// optional field (a profile link with a space in it, a follower count of -1): such a field
    /// is dropped (the link) or cleared to 0 (a count), and a too-long author cut, each with a
    /// warning, instead of refusing the whole mention. A missing or malformed required field
    /// (channel, external id, text, time) still refuses it.
    pub fn validate_lenient(
        &self,
        allowed: &[Channel],
    ) -> Result<(NewMention, Vec<String>), FieldErrors> {
        let mut fixed = self.clone();
        let mut warnings = Vec::new();
        let url = fixed.url.trim();
        if !url.is_empty() && !is_link(url) {
            let shown: String = url.chars().take(80).collect();
            warnings.push(format!(
                "url {shown:?} dropped: not an http or https link without spaces"
            ));
            fixed.url.clear();
        }
        for (field, v) in [
            ("author_followers", &mut fixed.author_followers),
            ("likes", &mut fixed.likes),
            ("boosts", &mut fixed.boosts),
            ("replies", &mut fixed.replies),
        ] {
            if !(0..=MAX_COUNT).contains(v) {
                warnings.push(format!(
                    "{field} {v} cleared to 0: not within 0..={MAX_COUNT}"
                ));
                *v = 0;
            }
        }
        if fixed.author.trim().chars().count() > MAX_AUTHOR {
            warnings.push(format!("author cut to {MAX_AUTHOR} characters"));
            fixed.author = fixed.author.trim().chars().take(MAX_AUTHOR).collect();
        }
        fixed.validate(allowed).map(|m| (m, warnings))
    }

    /// Validates the input; `allowed` says which channels this door accepts.
    pub fn validate(&self, allowed: &[Channel]) -> Result<NewMention, FieldErrors> {
        let mut errors = FieldErrors::new();
        let channel = match self.channel.trim().parse::<Channel>() {
            Ok(c) if allowed.contains(&c) => Some(c),
            Ok(c) => {
                errors.add(
                    "channel",
                    Text::new("err-core-channel-not-here").arg("channel", c.as_str()),
                );
                None
            }
            Err(_) if self.channel.trim().is_empty() => {
                errors.add("channel", Text::new("err-core-required"));
                None
            }
            Err(e) => {
                errors.add("channel", e.text());
                None
            }
        };
        let external_id = self.external_id.trim();
        if external_id.is_empty() {
            errors.add("external_id", Text::new("err-core-required"));
        } else if external_id.chars().count() > MAX_EXTERNAL_ID {
            errors.add(
                "external_id",
                Text::new("err-core-at-most-chars").arg("max", MAX_EXTERNAL_ID),
            );
        }
        let author = self.author.trim();
        if author.chars().count() > MAX_AUTHOR {
            errors.add(
                "author",
                Text::new("err-core-at-most-chars").arg("max", MAX_AUTHOR),
            );
        }
        for (field, v) in [
            ("author_followers", self.author_followers),
            ("likes", self.likes),
            ("boosts", self.boosts),
            ("replies", self.replies),
        ] {
            if v < 0 {
                errors.add(field, Text::new("err-core-not-negative"));
            } else if v > MAX_COUNT {
                // Passed as text so that English keeps printing it ungrouped.
                errors.add(
                    field,
                    Text::new("err-core-at-most").arg("max", MAX_COUNT.to_string()),
                );
            }
        }
        let text = self.text.trim();
        if text.is_empty() {
            errors.add("text", Text::new("err-core-required"));
        } else if text.chars().count() > MAX_TEXT {
            // Passed as text so that English keeps printing it ungrouped.
            errors.add(
                "text",
                Text::new("err-core-at-most-chars").arg("max", MAX_TEXT.to_string()),
            );
        }
        let url = self.url.trim();
        if !url.is_empty() && !is_link(url) {
            errors.add("url", Text::new("err-core-url-link"));
        }
        let created_at = if self.created_at.trim().is_empty() {
            errors.add("created_at", Text::new("err-core-time-required"));
            None
        } else {
            let t = Timestamp::parse_rfc3339(&self.created_at);
            if t.is_none() {
                errors.add("created_at", Text::new("err-core-time-invalid"));
            }
            t
        };
        errors.into_result()?;
        let (Some(channel), Some(created_at)) = (channel, created_at) else {
            return Err(FieldErrors::single(
                "channel",
                Text::new("err-core-required"),
            ));
        };
        Ok(NewMention {
            channel,
            source_id: None,
            external_id: external_id.to_owned(),
            native_id: None,
            author: if author.is_empty() {
                "unknown".to_owned()
            } else {
                author.to_owned()
            },
            author_followers: self.author_followers,
            likes: self.likes,
            boosts: self.boosts,
            replies: self.replies,
            text: text.to_owned(),
            url: url.to_owned(),
            created_at,
            in_reply_to: clean_opt(self.in_reply_to.as_ref()),
            conversation: clean_opt(self.conversation.as_ref()),
            meta: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MentionInput {
        MentionInput {
            channel: "mastodon".into(),
            external_id: "https://m.example/statuses/1".into(),
            author: "jane@m.example".into(),
            author_followers: 120,
            text: "@acme the app crashes".into(),
            url: "https://m.example/@jane/1".into(),
            created_at: "2026-11-20T10:00:00Z".into(),
            ..MentionInput::default()
        }
    }

    #[test]
    fn imports_drop_a_broken_optional_field_and_keep_the_mention() {
        let broken = MentionInput {
            url: "https://twitter.com/jet blue fan".into(),
            author_followers: -1,
            ..input()
        };
        assert!(broken.validate(Channel::ALL).is_err(), "the API refuses it");
        let (m, warnings) = broken.validate_lenient(Channel::ALL).unwrap();
        assert_eq!(m.url, "");
        assert_eq!(m.author_followers, 0);
        assert_eq!(m.text, "@acme the app crashes");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("url "), "{warnings:?}");
        // A required field still refuses it.
        let no_text = MentionInput {
            text: " ".into(),
            ..broken
        };
        assert!(no_text.validate_lenient(Channel::ALL).is_err());
        // A good one passes unchanged, without warnings.
        let (good, none) = input().validate_lenient(Channel::ALL).unwrap();
        assert_eq!(good, input().validate(Channel::ALL).unwrap());
        assert!(none.is_empty());
    }

    #[test]
    fn a_good_mention_validates() {
        let m = input().validate(Channel::ALL).unwrap();
        assert_eq!(m.channel, Channel::Mastodon);
        assert_eq!(m.reach(), 120);
        assert_eq!(m.created_at.rfc3339(), "2026-11-20T10:00:00Z");
    }

    #[test]
    fn fit_brings_a_network_post_within_bounds() {
        let good = input().validate(Channel::ALL).unwrap();
        assert_eq!(
            good.clone().fit(),
            Some(good.clone()),
            "a valid mention is unchanged"
        );
        let wild = NewMention {
            author: "a".repeat(MAX_AUTHOR * 3),
            text: "t".repeat(MAX_TEXT + 5),
            url: "javascript:alert(1)".into(),
            author_followers: i64::MAX,
            likes: -3,
            in_reply_to: Some("r".repeat(MAX_EXTERNAL_ID + 1)),
            meta: Some("m".repeat(MAX_META + 1)),
            ..good.clone()
        };
        assert!(wild.within_bounds().is_err());
        let fitted = wild.fit().unwrap();
        assert_eq!(fitted.within_bounds(), Ok(()));
        assert_eq!(fitted.author.len(), MAX_AUTHOR);
        assert_eq!(fitted.text.chars().count(), MAX_TEXT);
        assert_eq!(
            (fitted.url.as_str(), fitted.reach(), fitted.likes),
            ("", MAX_COUNT, 0)
        );
        assert_eq!((fitted.in_reply_to, fitted.meta), (None, None));
        let long_id = NewMention {
            external_id: "i".repeat(MAX_EXTERNAL_ID + 1),
            ..good.clone()
        };
        assert_eq!(
            long_id.fit(),
            None,
            "an id is never cut: two posts could become one"
        );
        let blank = NewMention {
            external_id: "  ".into(),
            ..good
        };
        assert_eq!(blank.fit(), None);
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let bad = MentionInput {
            channel: "myspace".into(),
            external_id: String::new(),
            author_followers: -1,
            text: "  ".into(),
            url: "javascript:alert(1)".into(),
            created_at: "yesterday".into(),
            ..MentionInput::default()
        };
        let e = bad.validate(Channel::ALL).unwrap_err();
        for f in [
            "channel",
            "external_id",
            "author_followers",
            "text",
            "url",
            "created_at",
        ] {
            assert!(e.get(f).is_some(), "{f}: {e}");
        }
        assert!(e.get("channel").unwrap().contains("mastodon"));
    }

    #[test]
    fn counts_are_bounded() {
        for (followers, ok) in [
            (0, true),
            (MAX_COUNT, true),
            (MAX_COUNT + 1, false),
            (i64::MAX, false),
            (i64::MIN, false),
        ] {
            let mut i = input();
            i.author_followers = followers;
            i.likes = followers;
            let r = i.validate(Channel::ALL);
            assert_eq!(r.is_ok(), ok, "{followers}");
            if let Err(e) = r {
                assert!(e.get("author_followers").is_some() && e.get("likes").is_some());
            }
        }
        assert_eq!(clamp_count(i64::MAX), MAX_COUNT);
        assert_eq!(clamp_count(i64::MIN), 0);
    }

    #[test]
    fn doors_restrict_channels() {
        let mut i = input();
        i.channel = "community".into();
        assert!(i.validate(&[Channel::Mastodon]).is_err());
    }
}
