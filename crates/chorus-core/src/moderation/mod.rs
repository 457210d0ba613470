//! Moderation rules: what happens to a post before it is published, flags, moderator actions,
//! trust levels and word filters.
//!
//! Everything here is pure so the policy can be read and tested in one place: the service
//! gathers the facts (signals, filter matches, recent posts) and asks [`gate`] what to do.

mod filters;
#[cfg(test)]
mod tests;
mod trust;

pub use filters::{FilterAction, FilterHit, FilterOutcome, FilterRule, Filters, check_pattern};
pub use trust::{Limits, Participation, TrustLevel, count_images, count_links, earned};

named_enum!(
    /// Who can see a post.
    Visibility, "visibility", {
        /// Everyone.
        Visible => "visible", "Visible";
        /// Waiting for a moderator; only its author and staff see it.
        Held => "held", "Held for review";
        /// Hidden by a moderator or by flags; only its author and staff see it.
        Hidden => "hidden", "Hidden";
    }
);

named_enum!(
    /// Why a post went to the moderation queue.
    HoldReason, "hold reason", {
        /// The text reads as abuse aimed at a person, or hate.
        Abuse => "abuse", "Abusive language";
        /// It matched a word filter whose action is hold or flag.
        Filter => "filter", "Matched a word filter";
        /// Link spam, repeated near-duplicates or a new account posting fast.
        Spam => "spam", "Looks like spam";
        /// Members flagged it.
        Flags => "flags", "Flagged by members";
    }
);

impl HoldReason {
    /// What the author is told when their post is held (and, in the compose form, before).
    pub fn nudge(self) -> &'static str {
        match self {
            HoldReason::Abuse => {
                "Your frustration is welcome here, but this reads as an attack on a person. \
                 Could you rephrase it around what went wrong? Posts like this are held until \
                 a moderator has read them."
            }
            HoldReason::Filter => {
                "This contains words this community has asked moderators to review. You can \
                 rephrase it, or post it as it is and a moderator will read it first."
            }
            HoldReason::Spam => {
                "This looks a lot like spam (many links, the same text again, or many posts in \
                 a short time). A moderator will read it before it is published."
            }
            HoldReason::Flags => {
                "Members flagged this post, so it is hidden until a moderator has read it."
            }
        }
    }
}

named_enum!(
    /// Why a member flags a post.
    FlagReason, "reason", {
        /// Advertising, link farming, repeated posts.
        Spam => "spam", "Spam";
        /// Insults, threats, harassment, hate.
        Abuse => "abuse", "Abuse";
        /// Not about this community or this topic.
        OffTopic => "off_topic", "Off-topic";
        /// Anything else (the note says what).
        Other => "other", "Something else";
    }
);

named_enum!(
    /// What a moderator can do with a queue item.
    ModAction, "action", {
        /// Publish it (held) or keep it (flagged); flags are cleared.
        Approve => "approve", "Approve";
        /// Replace its text, then publish it.
        Edit => "edit", "Edit and publish";
        /// Hide it from everyone but its author and staff.
        Hide => "hide", "Hide";
        /// Delete it.
        Delete => "delete", "Delete";
        /// Send the author a warning.
        Warn => "warn", "Warn the author";
        /// Stop the author posting for some days.
        Silence => "silence", "Silence the author";
        /// Suspend the author's account.
        Suspend => "suspend", "Suspend the author";
    }
);

impl ModAction {
    /// Whether the action settles the item (the post is published, hidden or deleted); the
    /// others act on the author and leave the item in the queue.
    pub fn resolves(self) -> bool {
        matches!(
            self,
            ModAction::Approve | ModAction::Edit | ModAction::Hide | ModAction::Delete
        )
    }

    /// Whether the action means the post broke the rules (counts against the author's trust).
    pub fn upholds(self) -> bool {
        !matches!(self, ModAction::Approve | ModAction::Edit)
    }
}

/// Facts about a post that the gate decides on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Screening {
    /// Whether the author is staff (staff posts are never held).
    pub staff: bool,
    /// The analysis found abuse aimed at a person, or hate.
    pub abusive: bool,
    /// Sentiment score, -1 to 1.
    pub sentiment: f32,
    /// A complaint or problem report (intent `complaint`, or a problem topic).
    pub complaint: bool,
    /// The strongest filter action that matched (replacements already applied).
    pub filter: Option<FilterAction>,
    /// Spam evidence, if any.
    pub spam: bool,
    /// Sentiment at or under which a civil complaint is prioritised.
    pub prioritise_below: f32,
}

/// What happens to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Published. `prioritise`: a strongly negative but civil complaint, which gets a case
    /// at once; `flag`: published but queued for a moderator (a flag filter matched).
    Publish {
        /// Open a case now.
        prioritise: bool,
        /// Queue it for review although it is published.
        flag: bool,
    },
    /// Held for review (after a nudge, in the compose form).
    Hold(HoldReason),
    /// Refused: a block filter matched.
    Block,
}

/// The moderation gate. Anger is not abuse: a civil complaint, however negative, is published
/// (and prioritised); only abuse, spam and hold filters are held.
pub fn gate(s: &Screening) -> Verdict {
    if s.filter == Some(FilterAction::Block) {
        return Verdict::Block;
    }
    if !s.staff {
        if s.abusive {
            return Verdict::Hold(HoldReason::Abuse);
        }
        if s.spam {
            return Verdict::Hold(HoldReason::Spam);
        }
        if s.filter == Some(FilterAction::Hold) {
            return Verdict::Hold(HoldReason::Filter);
        }
    }
    Verdict::Publish {
        prioritise: !s.abusive && s.complaint && s.sentiment <= s.prioritise_below,
        flag: s.filter == Some(FilterAction::Flag),
    }
}
