//! The knowledge base and deflection: articles (drafts, review, publication, versions,
//! helpful votes, views), promotion of answered topics and resolved cases into drafts, answer
//! suggestions while someone writes a new topic, and the deflection report.

use chorus_core::permission::Action;
use chorus_core::views::knowledge::ArticleState;
use chorus_core::{CaseState, FieldErrors, User, allowed};
use chorus_i18n::{Arg, Text};
use chorus_search::{DocKind, Filters, Hit, Match, Request};
use chorus_store::knowledge::{Article, ArticleVersion, NewArticle};

use crate::visibility::{may_see_live, require};
use crate::{Hub, Result, ServiceError};

mod deflection;
pub use deflection::{
    DeflectionEvent, is_draft_token, new_draft_token, record, record_embedded, record_posted,
    suggest, suggest_embedded, view_versions, visitor_key,
};

/// What a writer sends for a new article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleInput {
    /// Title (3–150 characters).
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Category (optional, up to 40 characters).
    pub category: Option<String>,
}

/// An edit: the new text and the version it was based on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleEdit {
    /// The new text.
    pub input: ArticleInput,
    /// The version the writer started from; a newer saved version makes the edit a conflict.
    pub version: i64,
}

/// An article page: the article, and for staff its versions and where it came from.
#[derive(Debug, Clone)]
pub struct ArticlePage {
    /// The article.
    pub article: Article,
    /// Every version, newest first (staff only; empty otherwise).
    pub versions: Vec<ArticleVersion>,
    /// The viewer may edit it.
    pub can_edit: bool,
    /// The viewer may publish it.
    pub can_publish: bool,
}

const MAX_TITLE: usize = 150;
const MAX_BODY: usize = 100_000;
const MAX_CATEGORY: usize = 40;

fn check(input: &ArticleInput) -> Result<(String, String, String)> {
    let mut errors = FieldErrors::new();
    let title = input.title.trim();
    let body = input.body.trim();
    let category = input.category.as_deref().unwrap_or("").trim();
    let n = title.chars().count();
    if n < 3 {
        errors.add("title", Text::new("err-com-kb-title-short"));
    } else if n > MAX_TITLE {
        errors.add(
            "title",
            Text::new("err-com-kb-title-long").arg("max", MAX_TITLE),
        );
    }
    if title.chars().any(char::is_control) {
        errors.add("title", Text::new("err-com-kb-title-control"));
    }
    if body.is_empty() {
        errors.add("body", Text::new("err-com-kb-body-empty"));
    } else if body.chars().count() > MAX_BODY {
        // The limit as written before (100000, not 100,000).
        errors.add(
            "body",
            Text::new("err-com-kb-body-long").arg("max", MAX_BODY.to_string()),
        );
    } else if let Err(e) = chorus_markdown::check(body) {
        errors.add("body", chorus_core::validate::markdown_limit(&e));
    }
    if category.chars().count() > MAX_CATEGORY {
        errors.add(
            "category",
            Text::new("err-com-kb-category-long").arg("max", MAX_CATEGORY),
        );
    } else if !category
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '&')
    {
        errors.add("category", Text::new("err-com-kb-category-chars"));
    }
    errors.into_result()?;
    Ok((title.to_owned(), body.to_owned(), category.to_owned()))
}

async fn stored(hub: &Hub, id: i64) -> Result<Article> {
    hub.store()
        .article(id)
        .await?
        .ok_or(ServiceError::NotFound("article"))
}

/// An article the viewer may see: published ones for everyone, drafts and archived ones for
/// staff.
pub async fn article(hub: &Hub, viewer: Option<&User>, id: i64) -> Result<Article> {
    let a = stored(hub, id).await?;
    let staff = viewer.is_some_and(|u| allowed(u.role, Action::WriteArticles));
    if a.state == ArticleState::Published || staff {
        Ok(a)
    } else {
        Err(ServiceError::NotFound("article"))
    }
}

/// Opens an article page, counting the view of a published article.
pub async fn view(hub: &Hub, viewer: Option<&User>, id: i64) -> Result<ArticlePage> {
    let mut a = article(hub, viewer, id).await?;
    let can_edit = viewer.is_some_and(|u| allowed(u.role, Action::WriteArticles));
    let can_publish = viewer.is_some_and(|u| allowed(u.role, Action::PublishArticles));
    if a.state == ArticleState::Published {
        hub.store().article_viewed(id).await?;
        a.view_count += 1;
    }
    let versions = if can_edit {
        hub.store().article_versions(id).await?
    } else {
        Vec::new()
    };
    Ok(ArticlePage {
        article: a,
        versions,
        can_edit,
        can_publish,
    })
}

/// Writes a draft (staff).
pub async fn create(hub: &Hub, actor: &User, input: &ArticleInput) -> Result<Article> {
    require(actor, Action::WriteArticles)?;
    let (title, body, category) = check(input)?;
    let html = crate::cpu::render_markdown(&body).await?;
    let id = hub
        .store()
        .create_article(
            &NewArticle {
                title: &title,
                body: &body,
                body_html: &html,
                category: &category,
                author_id: actor.id.0,
                source_topic_id: None,
                source_case_id: None,
            },
            hub.now(),
        )
        .await?;
    crate::indexing::enqueue(hub, DocKind::Article, id).await;
    stored(hub, id).await
}

/// The longest transcript, in characters.
pub const MAX_TRANSCRIPT: usize = 100_000;

/// Sets the captions or transcript of the videos an article embeds (staff who write
/// articles): shown under the article and searched with it. It belongs to the videos, not to
/// a version of the text.
pub async fn set_transcript(hub: &Hub, actor: &User, id: i64, transcript: &str) -> Result<Article> {
    require(actor, Action::WriteArticles)?;
    let transcript = transcript.trim();
    if transcript.chars().count() > MAX_TRANSCRIPT {
        // The limit as written before (100000, not 100,000).
        return Err(ServiceError::field(
            "transcript",
            Text::new("err-com-at-most-chars").arg("max", MAX_TRANSCRIPT.to_string()),
        ));
    }
    if !hub
        .store()
        .set_article_transcript(id, transcript, hub.now())
        .await?
    {
        return Err(ServiceError::NotFound("article"));
    }
    crate::indexing::enqueue(hub, DocKind::Article, id).await;
    stored(hub, id).await
}

/// Saves a new version (staff). Refused with a conflict when someone saved a newer version
/// since `edit.version`.
pub async fn update(hub: &Hub, actor: &User, id: i64, edit: &ArticleEdit) -> Result<Article> {
    require(actor, Action::WriteArticles)?;
    let current = stored(hub, id).await?;
    let (title, body, category) = check(&edit.input)?;
    if title == current.title && body == current.body && category == current.category {
        return Ok(current);
    }
    let html = crate::cpu::render_markdown(&body).await?;
    let saved = hub
        .store()
        .update_article(
            id,
            edit.version,
            &title,
            &body,
            &html,
            &category,
            actor.id.0,
            hub.now(),
        )
        .await?;
    if !saved {
        // Versions are names here, not amounts: written as they are (1000, not 1,000).
        return Err(ServiceError::Conflict(
            Text::new("err-com-kb-version-conflict")
                .arg("saved", current.version.to_string())
                .arg("edited", edit.version.to_string()),
        ));
    }
    crate::indexing::enqueue(hub, DocKind::Article, id).await;
    stored(hub, id).await
}

/// Moves an article to `published`, `draft` or `archived` (managers).
pub async fn set_state(hub: &Hub, actor: &User, id: i64, state: &str) -> Result<Article> {
    require(actor, Action::PublishArticles)?;
    if !matches!(state, "published" | "draft" | "archived") {
        return Err(ServiceError::field("state", Text::new("err-com-kb-state")));
    }
    let a = stored(hub, id).await?;
    if a.state == state {
        return Ok(a);
    }
    hub.store()
        .set_article_state(id, state, actor.id.0, hub.now())
        .await?;
    hub.store()
        .audit(
            Some(actor.id),
            &format!("article.{state}"),
            ("article", Some(id)),
            &a.title,
            hub.now(),
        )
        .await?;
    crate::indexing::enqueue(hub, DocKind::Article, id).await;
    let a = stored(hub, id).await?;
    if state == "published" {
        let data = serde_json::json!({
            "id": a.id, "title": a.title, "category": a.category,
            "url": format!("{}/kb/{}", hub.config().public_url(), a.id),
        });
        let key = format!("article-{}-published-{}", a.id, hub.now().0);
        crate::webhooks::emit_logged(hub, "article.published", &key, data).await;
    }
    Ok(a)
}

/// Publishes an article (managers).
pub async fn publish(hub: &Hub, actor: &User, id: i64) -> Result<Article> {
    set_state(hub, actor, id, "published").await
}

/// Published articles, optionally of one category, most recently changed first.
pub async fn published(hub: &Hub, category: Option<&str>) -> Result<Vec<Article>> {
    Ok(hub
        .store()
        .list_articles(Some("published"), category.filter(|c| !c.is_empty()), 200)
        .await?)
}

/// Categories of published articles with their counts.
pub async fn categories(hub: &Hub) -> Result<Vec<(String, i64)>> {
    Ok(hub.store().article_categories().await?)
}

/// Articles in a state for staff (`draft` is the review queue); published ones for others.
pub async fn list(hub: &Hub, viewer: Option<&User>, state: Option<&str>) -> Result<Vec<Article>> {
    let staff = viewer.is_some_and(|u| allowed(u.role, Action::WriteArticles));
    let state = state.map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = state
        && !matches!(s, "published" | "draft" | "archived" | "all")
    {
        return Err(ServiceError::field(
            "state",
            Text::new("err-com-kb-state-filter"),
        ));
    }
    if !staff && state.is_some_and(|s| s != "published") {
        return Err(ServiceError::Forbidden);
    }
    let state = match state {
        Some("all") => None,
        Some(s) => Some(s),
        None if staff => None,
        None => Some("published"),
    };
    Ok(hub.store().list_articles(state, None, 200).await?)
}

/// Drafts waiting for review (staff).
pub async fn review_queue(hub: &Hub, actor: &User) -> Result<Vec<Article>> {
    require(actor, Action::WriteArticles)?;
    Ok(hub.store().list_articles(Some("draft"), None, 200).await?)
}

/// "Was this helpful?" on a published article. `voter` identifies the voter (a member id or a
/// hashed visitor key) so a second vote replaces the first. Returns (helpful, not helpful).
pub async fn vote(hub: &Hub, voter: &str, id: i64, helpful: bool) -> Result<(i64, i64)> {
    let a = stored(hub, id).await?;
    if a.state != ArticleState::Published {
        return Err(ServiceError::NotFound("article"));
    }
    Ok(hub
        .store()
        .vote_article(id, voter, helpful, hub.now())
        .await?)
}

/// The article promoted from a topic, if the viewer may see it.
pub async fn for_topic(hub: &Hub, viewer: Option<&User>, topic_id: i64) -> Result<Option<Article>> {
    let staff = viewer.is_some_and(|u| allowed(u.role, Action::WriteArticles));
    Ok(hub
        .store()
        .article_from_topic(topic_id)
        .await?
        .filter(|a| a.state == ArticleState::Published || staff))
}

/// Creates a draft from an answered topic: the question and its accepted answer, linked both
/// ways. Promoting the same topic again returns the existing article (`false`).
pub async fn promote_topic(hub: &Hub, actor: &User, topic_id: i64) -> Result<(Article, bool)> {
    require(actor, Action::WriteArticles)?;
    if let Some(existing) = hub.store().article_from_topic(topic_id).await? {
        return Ok((existing, false));
    }
    let store = hub.store();
    let t = match store.topic(chorus_core::TopicId(topic_id)).await? {
        Some(t)
            if t.deleted_at.is_none() && may_see_live(Some(actor), t.author.id, &t.moderation) =>
        {
            t
        }
        _ => return Err(ServiceError::NotFound("topic")),
    };
    let accepted = match t.accepted_reply_id {
        Some(id) => store.reply(id).await?.filter(|r| {
            r.deleted_at.is_none() && may_see_live(Some(actor), r.author.id, &r.moderation)
        }),
        None => None,
    };
    let Some(answer) = &accepted else {
        let text = Text::new("err-com-kb-promote-unanswered");
        return Err(ServiceError::Conflict(text));
    };
    // An article is written once, for every reader: in the hub's language.
    let tr = hub.tr();
    let from = tr.args(
        "gen-from-topic",
        &[
            ("title", Arg::from(t.title.replace(['[', ']'], ""))),
            ("id", Arg::from(t.id.0.to_string())),
            ("author", Arg::from(answer.author.name.as_str())),
        ],
    );
    let body = format!(
        "## {}\n\n{}\n\n## {}\n\n{}\n\n---\n\n{from}",
        tr.t("gen-question"),
        t.body.trim(),
        tr.t("gen-answer"),
        answer.body.trim(),
    );
    let category = t.category.clone().unwrap_or_default();
    draft_from(hub, actor, &t.title, &body, &category, Some(topic_id), None).await
}

/// Creates a draft from a resolved case: the customer's message and our last reply.
pub async fn promote_case(hub: &Hub, actor: &User, case_id: i64) -> Result<(Article, bool)> {
    require(actor, Action::WriteArticles)?;
    if let Some(existing) = hub.store().article_from_case(case_id).await? {
        return Ok((existing, false));
    }
    require(actor, Action::WorkCases)?;
    let store = hub.store();
    let case = store
        .case(case_id)
        .await?
        .ok_or(ServiceError::NotFound("case"))?;
    if !matches!(case.state, CaseState::Resolved | CaseState::Closed) {
        let text = Text::new("err-com-kb-promote-case-open");
        return Err(ServiceError::Conflict(text));
    }
    let events = store.case_events(case_id).await?;
    let mention = match case.mention_id {
        Some(m) => store.mention(m).await?,
        None => None,
    };
    let topic = match case.topic_id {
        Some(t) => store.topic(chorus_core::TopicId(t)).await?,
        None => None,
    };
    let question = mention
        .map(|m| m.text)
        .or_else(|| topic.map(|t| t.body))
        .or_else(|| {
            events
                .iter()
                .find(|e| e.kind == "customer")
                .map(|e| e.body.clone())
        })
        .unwrap_or_else(|| case.subject.clone());
    let Some(answer) = events
        .iter()
        .rev()
        .find(|e| e.kind == "reply" && !e.body.trim().is_empty())
    else {
        let text = Text::new("err-com-kb-promote-case-no-reply");
        return Err(ServiceError::Conflict(text));
    };
    let tr = hub.tr();
    let body = format!(
        "## {}\n\n{}\n\n## {}\n\n{}\n\n---\n\n{}",
        tr.t("gen-question"),
        question.trim(),
        tr.t("gen-answer"),
        answer.body.trim(),
        tr.v("gen-from-case", "id", &case_id),
    );
    let title: String = case.subject.chars().take(MAX_TITLE).collect();
    draft_from(hub, actor, &title, &body, "", None, Some(case_id)).await
}

async fn draft_from(
    hub: &Hub,
    actor: &User,
    title: &str,
    body: &str,
    category: &str,
    topic: Option<i64>,
    case: Option<i64>,
) -> Result<(Article, bool)> {
    let (title, body, category) = check(&ArticleInput {
        title: title.to_owned(),
        body: body.to_owned(),
        category: Some(category.to_owned()),
    })
    .or_else(|_| {
        // A source whose title or category does not fit an article still becomes a draft; the
        // writer fixes the rest while reviewing.
        Ok::<_, ServiceError>((
            format!("{title:.<3}").chars().take(MAX_TITLE).collect(),
            body.chars().take(MAX_BODY).collect(),
            String::new(),
        ))
    })?;
    let html = crate::cpu::render_markdown(&body).await?;
    let created = hub
        .store()
        .create_article(
            &NewArticle {
                title: &title,
                body: &body,
                body_html: &html,
                category: &category,
                author_id: actor.id.0,
                source_topic_id: topic,
                source_case_id: case,
            },
            hub.now(),
        )
        .await;
    let id = match created {
        Ok(id) => id,
        // Promoted twice at once: the other request made it.
        Err(chorus_store::StoreError::Conflict(_)) => {
            let existing = match (topic, case) {
                (Some(t), _) => hub.store().article_from_topic(t).await?,
                (_, Some(c)) => hub.store().article_from_case(c).await?,
                _ => None,
            };
            return existing
                .map(|a| (a, false))
                .ok_or_else(|| ServiceError::Internal("article conflict".into()));
        }
        Err(e) => return Err(e.into()),
    };
    crate::indexing::enqueue(hub, DocKind::Article, id).await;
    Ok((stored(hub, id).await?, true))
}

// --- Deflection ------------------------------------------------------------------------------
