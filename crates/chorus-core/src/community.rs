//! The self-service community: topics of four kinds, replies, idea statuses, and the rules
//! about who may do what to them.

use std::str::FromStr;

use chorus_i18n::Text;
use serde::{Deserialize, Serialize};

use crate::role::Role;
use crate::user::{User, UserId};
use crate::validate::FieldErrors;

/// Identifies a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TopicId(pub i64);

/// Identifies a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReplyId(pub i64);

impl TopicId {
    /// The topic's external id as a mention of the `community` channel.
    pub fn mention_key(self) -> String {
        format!("topic-{}", self.0)
    }
}

impl ReplyId {
    /// The reply's external id as a mention of the `community` channel.
    pub fn mention_key(self) -> String {
        format!("reply-{}", self.0)
    }
}

/// An input that is not one of the allowed names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}: expected one of {expected}")]
pub struct UnknownName {
    /// What was being parsed, e.g. `kind`.
    pub what: &'static str,
    /// The rejected input.
    pub value: String,
    /// The allowed names, comma-separated.
    pub expected: &'static str,
}

impl UnknownName {
    /// The refusal as a catalogue message, for any reader's language.
    pub fn text(&self) -> chorus_i18n::Text {
        chorus_i18n::Text::new("err-unknown-name")
            .arg("what", self.what)
            .arg("value", format!("{:?}", self.value))
            .arg("expected", self.expected)
    }
}

named_enum!(
    /// What a topic is: this decides which reactions and answers it takes.
    TopicKind, "kind", {
        /// "How do I ...?" — takes an accepted answer and me-toos.
        Question => "question", "Question";
        /// "Something is broken" — takes an accepted answer and me-toos.
        Problem => "problem", "Problem";
        /// A suggestion — takes votes and a status set by staff.
        Idea => "idea", "Idea";
        /// Thanks and compliments.
        Praise => "praise", "Praise";
    }
);

impl TopicKind {
    /// Questions and problems can have one accepted answer.
    pub fn takes_accepted_answer(self) -> bool {
        matches!(self, TopicKind::Question | TopicKind::Problem)
    }

    /// Questions and problems take "me too".
    pub fn takes_me_too(self) -> bool {
        matches!(self, TopicKind::Question | TopicKind::Problem)
    }

    /// Ideas take votes (replies take votes whatever the topic).
    pub fn takes_votes(self) -> bool {
        self == TopicKind::Idea
    }
}

named_enum!(
    /// Where an idea stands. Set by staff, shown publicly with a note.
    IdeaStatus, "status", {
        /// Newly posted.
        Open => "open", "Open";
        /// Staff are looking at it.
        UnderReview => "under_review", "Under review";
        /// It will be built.
        Planned => "planned", "Planned";
        /// Work has begun.
        Started => "started", "Started";
        /// Shipped.
        Done => "done", "Done";
        /// It will not be built.
        Declined => "declined", "Declined";
        /// Covered by another idea, which received its votes and followers.
        Duplicate => "duplicate", "Duplicate";
    }
);

impl IdeaStatus {
    /// Whether the idea is finished with (no more votes).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            IdeaStatus::Done | IdeaStatus::Declined | IdeaStatus::Duplicate
        )
    }
}

/// How a listing is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TopicSort {
    /// Most recent activity first.
    #[default]
    Latest,
    /// Most votes plus me-toos first.
    Top,
    /// Questions and problems without any reply, newest first.
    Unanswered,
}

impl TopicSort {
    /// Every sort order.
    pub const ALL: [TopicSort; 3] = [TopicSort::Latest, TopicSort::Top, TopicSort::Unanswered];

    /// URL name.
    pub fn as_str(self) -> &'static str {
        match self {
            TopicSort::Latest => "latest",
            TopicSort::Top => "top",
            TopicSort::Unanswered => "unanswered",
        }
    }

    /// Label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            TopicSort::Latest => "Latest",
            TopicSort::Top => "Top",
            TopicSort::Unanswered => "Unanswered",
        }
    }
}

impl FromStr for TopicSort {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "latest" | "" => Ok(TopicSort::Latest),
            "top" => Ok(TopicSort::Top),
            "unanswered" => Ok(TopicSort::Unanswered),
            _ => Err(UnknownName {
                what: "sort",
                value: s.to_owned(),
                expected: "latest top unanswered",
            }),
        }
    }
}

/// Longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// Longest body, in characters.
pub const BODY_MAX: usize = 50_000;
/// Most tags per topic.
pub const TAGS_MAX: usize = 5;
/// Longest tag, in characters.
pub const TAG_MAX: usize = 30;
/// Longest category, in characters.
pub const CATEGORY_MAX: usize = 60;
/// Longest staff note on a status change.
pub const NOTE_MAX: usize = 2_000;

/// Checks a topic title: 1 to [`TITLE_MAX`] characters after trimming.
pub fn check_title(title: &str, errors: &mut FieldErrors) {
    let n = title.trim().chars().count();
    if n == 0 {
        errors.add("title", Text::new("err-core-title-empty"));
    } else if n > TITLE_MAX {
        errors.add(
            "title",
            Text::new("err-core-max-chars-now")
                .arg("max", TITLE_MAX)
                .arg("n", n.to_string()),
        );
    }
}

/// Checks a Markdown body: 1 to [`BODY_MAX`] characters after trimming.
pub fn check_body(body: &str, errors: &mut FieldErrors) {
    let n = body.trim().chars().count();
    if n == 0 {
        errors.add("body", Text::new("err-core-body-empty"));
    } else if n > BODY_MAX {
        // Counts are passed as text so that English keeps printing them ungrouped.
        errors.add(
            "body",
            Text::new("err-core-max-chars-now")
                .arg("max", BODY_MAX.to_string())
                .arg("n", n.to_string()),
        );
    } else if let Err(e) = chorus_markdown::check(body) {
        // Nested too deeply to render within the page's budget.
        errors.add("body", crate::validate::markdown_limit(&e));
    }
}

/// Normalizes tags: lower-case, spaces to dashes, only letters, digits and dashes, no
/// duplicates, in the order given. Reports problems on the `tags` field.
pub fn normalize_tags(raw: &[String], errors: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in raw {
        let tag: String = t
            .trim()
            .trim_start_matches('#')
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > TAG_MAX || !tag.chars().all(|c| c.is_alphanumeric() || c == '-') {
            errors.add(
                "tags",
                Text::new("err-core-tag-invalid")
                    .arg("max", TAG_MAX)
                    .arg("tag", format!("{tag:?}")),
            );
            continue;
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.len() > TAGS_MAX {
        errors.add("tags", Text::new("err-core-tags-many").arg("max", TAGS_MAX));
    }
    out
}

/// Splits a comma- or space-separated tag field from a form.
pub fn split_tags(field: &str) -> Vec<String> {
    field
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks an optional product/category name.
pub fn check_category(category: &str, errors: &mut FieldErrors) {
    let c = category.trim();
    if c.chars().count() > CATEGORY_MAX || c.chars().any(char::is_control) {
        errors.add(
            "category",
            Text::new("err-core-category-long").arg("max", CATEGORY_MAX),
        );
    }
}

/// Whether `actor` may edit or delete a post written by `author`: its author, or staff.
pub fn can_modify_post(actor: &User, author: UserId) -> bool {
    actor.id == author || actor.role.is_staff()
}

/// Whether `actor` may accept an answer on a topic written by `topic_author`.
pub fn can_accept(actor: &User, topic_author: UserId) -> bool {
    actor.id == topic_author || actor.role.is_staff()
}

/// Whether `role` may set idea statuses.
pub fn can_set_status(role: Role) -> bool {
    role.is_staff()
}

/// Whether a reply by someone with `role` is official.
pub fn is_official(role: Role) -> bool {
    role.is_staff()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    fn user(id: i64, role: Role) -> User {
        User {
            id: UserId(id),
            email: String::new(),
            name: String::new(),
            role,
            created_at: Timestamp(0),
            suspended_at: None,
            locale: None,
        }
    }

    #[test]
    fn kinds_and_statuses_round_trip() {
        for k in TopicKind::ALL {
            assert_eq!(k.as_str().parse::<TopicKind>(), Ok(*k));
        }
        for s in IdeaStatus::ALL {
            assert_eq!(s.as_str().parse::<IdeaStatus>(), Ok(*s));
        }
        let err = "rant".parse::<TopicKind>().unwrap_err();
        assert!(err.to_string().contains("question"), "{err}");
    }

    #[test]
    fn what_each_kind_takes() {
        assert!(TopicKind::Question.takes_accepted_answer() && TopicKind::Problem.takes_me_too());
        assert!(
            !TopicKind::Idea.takes_accepted_answer() && !TopicKind::Praise.takes_accepted_answer()
        );
        assert!(TopicKind::Idea.takes_votes() && !TopicKind::Question.takes_votes());
    }

    #[test]
    fn titles_and_bodies_have_bounds() {
        let check = |t: &str, b: &str| {
            let mut e = FieldErrors::new();
            check_title(t, &mut e);
            check_body(b, &mut e);
            (e.get("title").is_some(), e.get("body").is_some())
        };
        assert_eq!(check("Login fails", "Since 3.2"), (false, false));
        assert_eq!(check("  ", " \n"), (true, true));
        assert_eq!(check(&"t".repeat(201), &"b".repeat(50_001)), (true, true));
        assert_eq!(
            check(&"é".repeat(200), &"b".repeat(50_000)),
            (false, false),
            "characters, not bytes"
        );
    }

    #[test]
    fn tags_are_normalized() {
        let mut e = FieldErrors::new();
        let tags = normalize_tags(&split_tags("Login, #sync  mobile app,login"), &mut e);
        assert!(e.is_empty());
        assert_eq!(tags, ["login", "sync", "mobile", "app"]);
        let tags = normalize_tags(&["Mobile App".to_owned()], &mut e);
        assert_eq!(tags, ["mobile-app"]);
        normalize_tags(&["no/slashes".to_owned()], &mut e);
        assert!(e.get("tags").is_some());
        let mut e = FieldErrors::new();
        normalize_tags(&split_tags("a b c d e f"), &mut e);
        assert!(e.get("tags").is_some(), "too many");
    }

    #[test]
    fn who_may_do_what() {
        let author = user(1, Role::Member);
        let other = user(2, Role::Member);
        let agent = user(3, Role::Agent);
        assert!(can_modify_post(&author, UserId(1)));
        assert!(!can_modify_post(&other, UserId(1)));
        assert!(can_modify_post(&agent, UserId(1)));
        assert!(
            can_accept(&author, UserId(1))
                && can_accept(&agent, UserId(1))
                && !can_accept(&other, UserId(1))
        );
        assert!(!can_set_status(Role::Member) && can_set_status(Role::Agent));
        assert!(is_official(Role::Manager) && !is_official(Role::Member));
    }

    #[test]
    fn sorts_parse() {
        assert_eq!("".parse::<TopicSort>(), Ok(TopicSort::Latest));
        assert_eq!("top".parse::<TopicSort>(), Ok(TopicSort::Top));
        assert!("best".parse::<TopicSort>().is_err());
    }
}
