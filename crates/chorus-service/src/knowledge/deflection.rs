//! Deflection: suggestions shown while a question is drafted, the events that say what the
//! visitor did next, and the report of how often an answer kept a question from being asked.

use super::*;

/// What happened while someone wrote a new topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeflectionEvent {
    /// Suggestions were shown.
    Shown,
    /// The writer opened a suggestion.
    Opened,
    /// The writer said a suggestion solved their problem.
    Solved,
    /// The writer posted their topic anyway.
    Posted,
}

impl DeflectionEvent {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeflectionEvent::Shown => "shown",
            DeflectionEvent::Opened => "opened",
            DeflectionEvent::Solved => "solved",
            DeflectionEvent::Posted => "posted",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Shown, Self::Opened, Self::Solved, Self::Posted]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

/// A new compose-session token, put in the new-topic form.
pub fn new_draft_token() -> Result<String> {
    crate::secrets::new_secret("d_")
}

fn check_draft(draft: &str) -> Result<()> {
    let ok = (8..=80).contains(&draft.len())
        && draft
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ServiceError::field("draft", "not a compose-session token"))
    }
}

/// Records a deflection event of compose session `draft`.
pub async fn record(
    hub: &Hub,
    viewer: Option<&User>,
    draft: &str,
    event: DeflectionEvent,
    target: Option<(DocKind, i64)>,
    query: &str,
) -> Result<()> {
    check_draft(draft)?;
    if let Some((kind, _)) = target
        && !matches!(kind, DocKind::Topic | DocKind::Article)
    {
        return Err(ServiceError::field(
            "target_type",
            "suggestions are topics or articles",
        ));
    }
    let query: String = query.chars().take(300).collect();
    hub.store()
        .record_deflection(
            draft,
            event.as_str(),
            target.map(|(k, id)| (k.as_str(), id)),
            viewer.map(|u| u.id.0),
            &query,
            hub.now(),
        )
        .await?;
    Ok(())
}

/// Suggestions for a draft title; records that they were shown when a session token is given.
pub async fn suggest(
    hub: &Hub,
    viewer: Option<&User>,
    q: &str,
    draft: Option<&str>,
) -> Result<Vec<Hit>> {
    let hits = crate::search::suggest(hub, q).await?;
    if let Some(d) = draft.filter(|d| !d.is_empty())
        && !hits.is_empty()
    {
        record(hub, viewer, d, DeflectionEvent::Shown, None, q).await?;
    }
    Ok(hits)
}

/// Deflection counts for one day or a whole period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeflectionCounts {
    /// Compose sessions that were shown suggestions.
    pub shown: i64,
    /// ... in which a suggestion was opened.
    pub opened: i64,
    /// ... in which the writer said a suggestion solved it.
    pub solved: i64,
    /// ... that posted a topic anyway.
    pub posted: i64,
    /// ... that left without posting (after `search.deflection_left_after_minutes`).
    pub left: i64,
    /// Deflected: solved, or opened a suggestion and left without posting.
    pub deflected: i64,
    /// Still being written (neither posted, solved nor left yet).
    pub pending: i64,
    /// `deflected / (shown - pending)`; 0 when nothing was shown.
    pub rate: f64,
}

impl DeflectionCounts {
    fn finish(&mut self) {
        let decided = self.shown - self.pending;
        self.rate = if decided > 0 {
            // Counts are far below 2^52.
            #[allow(clippy::cast_precision_loss)]
            let r = self.deflected as f64 / decided as f64;
            (r * 10_000.0).round() / 10_000.0
        } else {
            0.0
        };
    }
}

/// The deflection report: per UTC day and in total.
#[derive(Debug, Clone, PartialEq)]
pub struct DeflectionReport {
    /// Start (inclusive).
    pub from: Timestamp,
    /// End (exclusive).
    pub to: Timestamp,
    /// One entry per day, oldest first: `YYYY-MM-DD` and its counts.
    pub days: Vec<(String, DeflectionCounts)>,
    /// The whole period.
    pub total: DeflectionCounts,
}

/// Deflection between `from` and `to` (default: the last 30 days), for staff.
pub async fn deflection_report(
    hub: &Hub,
    actor: &User,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Result<DeflectionReport> {
    require(actor, Action::ViewReports)?;
    deflection_between(hub, from, to).await
}

/// The deflection report without a permission check (reports and the digest call it).
pub(crate) async fn deflection_between(
    hub: &Hub,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Result<DeflectionReport> {
    let now = hub.now();
    // The end is exclusive; by default it includes what happened this millisecond.
    let to = to.unwrap_or(now.plus(1));
    let from = from.unwrap_or(to.plus(-30 * Timestamp::DAY));
    if from >= to {
        return Err(ServiceError::field("from", "must be before to"));
    }
    if to.0 - from.0 > 400 * Timestamp::DAY {
        return Err(ServiceError::field(
            "from",
            "a report covers at most 400 days",
        ));
    }
    let stale = i64::try_from(hub.config().search.deflection_left_after_minutes)
        .unwrap_or(30)
        .saturating_mul(Timestamp::MINUTE);
    let drafts = hub.store().deflection_drafts(from.0, to.0).await?;
    let first_day = from.0.div_euclid(Timestamp::DAY);
    let last_day = (to.0 - 1).div_euclid(Timestamp::DAY);
    let mut days: Vec<(String, DeflectionCounts)> = (first_day..=last_day)
        .map(|d| {
            (
                Timestamp(d * Timestamp::DAY).date(),
                DeflectionCounts::default(),
            )
        })
        .collect();
    let mut total = DeflectionCounts::default();
    for d in drafts.iter().filter(|d| d.shown) {
        let idx = usize::try_from(d.first_at.div_euclid(Timestamp::DAY) - first_day).ok();
        let left = !d.posted && !d.solved && now.0 - d.last_at > stale;
        let pending = !d.posted && !d.solved && !left;
        let deflected = d.solved || (d.opened && left);
        for c in
            std::iter::once(&mut total).chain(idx.and_then(|i| days.get_mut(i)).map(|(_, c)| c))
        {
            c.shown += 1;
            c.opened += i64::from(d.opened);
            c.solved += i64::from(d.solved);
            c.posted += i64::from(d.posted);
            c.left += i64::from(left);
            c.deflected += i64::from(deflected);
            c.pending += i64::from(pending);
        }
    }
    for (_, c) in &mut days {
        c.finish();
    }
    total.finish();
    Ok(DeflectionReport {
        from,
        to,
        days,
        total,
    })
}

/// Posts a new topic from the compose form and, when the form carried a compose-session
/// token, records that the writer posted despite the suggestions.
pub async fn post_topic(
    hub: &Hub,
    actor: &User,
    input: &crate::community::TopicInput,
    draft: Option<&str>,
) -> Result<crate::moderation::Posted<chorus_store::community::Topic>> {
    let posted = crate::community::post_topic(hub, actor, input).await?;
    let topic = &posted.post;
    if let Some(d) = draft.filter(|d| !d.is_empty())
        && check_draft(d).is_ok()
    {
        record(
            hub,
            Some(actor),
            d,
            DeflectionEvent::Posted,
            Some((DocKind::Topic, topic.id.0)),
            &topic.title,
        )
        .await?;
    }
    Ok(posted)
}

/// Every version of an article, newest first (staff).
pub async fn view_versions(hub: &Hub, actor: &User, id: i64) -> Result<Vec<ArticleVersion>> {
    require(actor, Action::WriteArticles)?;
    stored(hub, id).await?;
    Ok(hub.store().article_versions(id).await?)
}

/// The voter key of a visitor who is not signed in: a hash of address and browser, so a
/// visitor's second vote replaces the first without storing either.
pub fn visitor_key(ip: &str, user_agent: &str) -> String {
    let h = crate::secrets::hash_secret(&format!("{ip}\n{user_agent}"));
    format!("v:{}", h.chars().take(32).collect::<String>())
}
