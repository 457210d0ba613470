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
        Err(ServiceError::field(
            "draft",
            Text::new("err-com-draft-token"),
        ))
    }
}

/// Whether `draft` has the shape of a compose-session token (the hub's own, or one a widget
/// drew), so a form can carry a widget's session on into the hub.
pub fn is_draft_token(draft: &str) -> bool {
    check_draft(draft).is_ok()
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
    record_from(hub, viewer, None, draft, event, target, query).await
}

/// Records a deflection event of a widget's session on a page of `origin` (which the caller
/// checked against `embed.allowed_origins`); it counts in the report under that origin.
pub async fn record_embedded(
    hub: &Hub,
    origin: &str,
    draft: &str,
    event: DeflectionEvent,
    target: Option<(DocKind, i64)>,
    query: &str,
) -> Result<()> {
    record_from(hub, None, Some(origin), draft, event, target, query).await
}

async fn record_from(
    hub: &Hub,
    viewer: Option<&User>,
    origin: Option<&str>,
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
            Text::new("err-com-deflection-target"),
        ));
    }
    let query: String = query.chars().take(300).collect();
    let origin: Option<String> = origin.map(|o| o.chars().take(200).collect());
    hub.store()
        .record_deflection(
            draft,
            event.as_str(),
            target.map(|(k, id)| (k.as_str(), id)),
            viewer.map(|u| u.id.0),
            &query,
            origin.as_deref(),
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
    suggest_from(hub, viewer, None, q, draft).await
}

/// Suggestions for a widget on a page of `origin`; records that they were shown, under that
/// origin, when the widget's session token is given.
pub async fn suggest_embedded(
    hub: &Hub,
    origin: &str,
    q: &str,
    draft: Option<&str>,
) -> Result<Vec<Hit>> {
    suggest_from(hub, None, Some(origin), q, draft).await
}

async fn suggest_from(
    hub: &Hub,
    viewer: Option<&User>,
    origin: Option<&str>,
    q: &str,
    draft: Option<&str>,
) -> Result<Vec<Hit>> {
    let hits = suggestions(hub, q).await?;
    if let Some(d) = draft.filter(|d| !d.is_empty())
        && !hits.is_empty()
    {
        record_from(hub, viewer, origin, d, DeflectionEvent::Shown, None, q).await?;
    }
    Ok(hits)
}

/// Suggestions shown for a draft title.
const SUGGESTIONS: usize = 5;

/// Up to five accepted answers and published articles matching a draft title, by meaning as
/// much as by words.
async fn suggestions(hub: &Hub, q: &str) -> Result<Vec<Hit>> {
    let request = Request {
        plan: chorus_search::parse(q),
        filters: Filters {
            kinds: vec![DocKind::Topic, DocKind::Article],
            answered_only: true,
            ..Filters::default()
        },
        mode: Match::Most,
        limit: SUGGESTIONS,
        offset: 0,
    };
    let index = hub.search_index().await?;
    chorus_search::search(index.as_ref(), &request)
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// Records that the writer of compose session `draft` (if any) posted `topic` despite the
/// suggestions; an unusable token is ignored, since the topic is posted already.
pub async fn record_posted(
    hub: &Hub,
    actor: &User,
    draft: Option<&str>,
    topic: &chorus_store::community::Topic,
) -> Result<()> {
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
    Ok(())
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
