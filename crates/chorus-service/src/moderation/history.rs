//! A member's history for moderators: posts by month, and a summary that tells a frustrated
//! customer from a troll.

use super::*;

/// Posts per month, constructive vs abusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Posts the analysis did not find abusive.
    pub constructive: i64,
    /// Abusive posts.
    pub abusive: i64,
}

/// A member's record: how they post and what moderators did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// Trust level.
    pub trust: TrustLevel,
    /// Silenced until (RFC 3339).
    pub silenced_until: Option<String>,
    /// All posts not found abusive.
    pub constructive: i64,
    /// All abusive posts.
    pub abusive: i64,
    /// The last twelve months that had posts, oldest first.
    pub months: Vec<MonthCount>,
    /// Upheld moderator actions (hide, delete, warn, silence, suspend).
    pub upheld: i64,
    /// One line for a manager: frustrated customer or troll?
    pub summary: String,
}

fn month_of(ms: i64) -> String {
    let rfc = Timestamp(ms).rfc3339();
    rfc.get(..7).unwrap_or("").to_owned()
}

/// What a member's record says at a glance: a frustrated customer, or a pattern of abuse?
/// One rule, written out in English here and in the reader's language by the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// No posts yet.
    NoPosts,
    /// Posts, none abusive.
    Clean,
    /// Some abusive, but under five posts and no upheld action: read the post itself.
    TooFew,
    /// Under a fifth abusive and no upheld action: likely a frustrated customer.
    MostlyConstructive,
    /// A fifth or more abusive, or moderators upheld actions: a pattern.
    Pattern,
}

impl Judgement {
    /// The judgement of `constructive` and `abusive` posts with `upheld` moderator actions.
    pub fn of(constructive: i64, abusive: i64, upheld: i64) -> Self {
        let total = constructive + abusive;
        if total == 0 {
            Judgement::NoPosts
        } else if abusive == 0 {
            Judgement::Clean
        } else if total < 5 && upheld == 0 {
            Judgement::TooFew
        } else if abusive * 100 / total < 20 && upheld == 0 {
            Judgement::MostlyConstructive
        } else {
            Judgement::Pattern
        }
    }
}

impl History {
    /// All posts, constructive and abusive.
    pub fn total(&self) -> i64 {
        self.constructive + self.abusive
    }

    /// The abusive share in whole percent (0 without posts).
    pub fn abusive_share(&self) -> i64 {
        match self.total() {
            0 => 0,
            t => self.abusive * 100 / t,
        }
    }

    /// What the record says at a glance.
    pub fn judgement(&self) -> Judgement {
        Judgement::of(self.constructive, self.abusive, self.upheld)
    }
}

/// The judgement in English, for the API.
fn summarize(constructive: i64, abusive: i64, upheld: i64) -> String {
    let total = constructive + abusive;
    let share = if total == 0 { 0 } else { abusive * 100 / total };
    match Judgement::of(constructive, abusive, upheld) {
        Judgement::NoPosts => "No posts yet.".to_owned(),
        Judgement::Clean => format!("Constructive: {constructive} posts, none abusive."),
        Judgement::TooFew => format!(
            "Too few posts to call it a pattern: {abusive} of {total} abusive. Read the post \
             itself."
        ),
        Judgement::MostlyConstructive => format!(
            "Mostly constructive: {abusive} of {total} posts abusive ({share}%) — likely a \
             frustrated customer."
        ),
        Judgement::Pattern => format!(
            "Often abusive: {abusive} of {total} posts ({share}%), {upheld} upheld moderator \
             actions — handle as a pattern, not a one-off."
        ),
    }
}

pub(super) async fn history_of(hub: &Hub, user: UserId) -> Result<History> {
    let store = hub.store();
    let standing = store.standing(user).await?;
    let posts = store.post_history(user, 10_000).await?;
    let mut months: Vec<MonthCount> = Vec::new();
    let (mut constructive, mut abusive) = (0, 0);
    for (at, bad) in posts.iter().rev() {
        let m = month_of(*at);
        if months.last().is_none_or(|l| l.month != m) {
            months.push(MonthCount {
                month: m,
                constructive: 0,
                abusive: 0,
            });
        }
        if let Some(last) = months.last_mut() {
            if *bad {
                last.abusive += 1;
            } else {
                last.constructive += 1;
            }
        }
        if *bad {
            abusive += 1;
        } else {
            constructive += 1;
        }
    }
    let skip = months.len().saturating_sub(12);
    let months = months.split_off(skip);
    let upheld = store.participation(user).await?.upheld_actions;
    Ok(History {
        trust: standing.trust,
        silenced_until: standing
            .silenced_until
            .filter(|u| *u > hub.now())
            .map(Timestamp::rfc3339),
        constructive,
        abusive,
        months,
        upheld,
        summary: summarize(constructive, abusive, upheld),
    })
}

/// A member's moderation history (staff).
pub async fn history(hub: &Hub, viewer: &User, user: UserId) -> Result<History> {
    require(viewer, Action::ViewModeration)?;
    hub.store()
        .user_by_id(user)
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    history_of(hub, user).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_tell_frustration_from_trolling() {
        assert_eq!(summarize(0, 0, 0), "No posts yet.");
        assert!(summarize(30, 0, 0).starts_with("Constructive"));
        assert!(summarize(30, 2, 0).contains("frustrated customer"));
        assert!(summarize(3, 5, 2).starts_with("Often abusive"));
        assert!(summarize(1, 1, 0).starts_with("Too few posts"));
        assert!(summarize(1, 1, 1).starts_with("Often abusive"));
    }
}
