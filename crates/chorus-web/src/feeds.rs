//! Atom feeds of the community listings: every listing URL has a `.atom` twin with the same
//! filters, so people can follow "ideas tagged mobile" or "unanswered" in a feed reader; and
//! of the knowledge base.

use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chorus_core::Timestamp;
use chorus_service::community;

use crate::error::PageError;
use crate::pages::community::ListParams;
use crate::state::AppState;

fn when(t: Timestamp) -> atom_syndication::FixedDateTime {
    chrono::DateTime::from_timestamp_millis(t.0)
        .unwrap_or_default()
        .fixed_offset()
}

/// `GET /topics.atom`: the listing's 30 newest entries as Atom.
pub(crate) async fn topics(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let list = community::list_topics(&state.hub, &p.query(30)).await?;
    let base = state.hub.config().public_url();
    let hub_name = &state.hub.config().hub.name;
    let entries: Vec<Entry> = list
        .topics
        .iter()
        .map(|t| {
            let url = format!("{base}/t/{}", t.id.0);
            let mut e = Entry::default();
            e.set_id(url.clone());
            e.set_title(Text::plain(format!("[{}] {}", t.kind.label(), t.title)));
            e.set_updated(when(t.last_activity_at));
            e.set_published(Some(when(t.created_at)));
            e.set_authors(vec![Person {
                name: t.author.name.clone(),
                ..Person::default()
            }]);
            e.set_links(vec![Link {
                href: url,
                rel: "alternate".into(),
                ..Link::default()
            }]);
            let mut c = Content::default();
            c.set_content_type(Some("html".to_owned()));
            c.set_value(Some(t.body_html.clone()));
            e.set_content(Some(c));
            e
        })
        .collect();
    let updated = list
        .topics
        .iter()
        .map(|t| t.last_activity_at)
        .max()
        .unwrap_or(Timestamp(0));
    let query = p.query(30);
    let mut title = hub_name.clone();
    for part in [
        query.sort.as_deref(),
        query.kind.as_deref(),
        query.status.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        title.push_str(&format!(" · {part}"));
    }
    if let Some(tag) = &query.tag {
        title.push_str(&format!(" · #{tag}"));
    }
    let mut feed = Feed::default();
    feed.set_id(format!("{base}/topics.atom"));
    feed.set_title(Text::plain(title));
    feed.set_updated(when(updated));
    feed.set_links(vec![Link {
        href: format!("{base}/topics"),
        rel: "alternate".into(),
        ..Link::default()
    }]);
    feed.set_entries(entries);
    Ok(atom_response(&feed))
}

fn atom_response(feed: &Feed) -> Response {
    let mut resp = feed.to_string().into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    resp
}

/// `GET /kb/feed.atom`: the 50 most recently changed published articles.
pub(crate) async fn articles(State(state): State<AppState>) -> Result<Response, PageError> {
    let articles = chorus_service::knowledge::published(&state.hub, None).await?;
    let base = state.hub.config().public_url();
    let entries: Vec<Entry> = articles
        .iter()
        .take(50)
        .map(|a| {
            let url = format!("{base}/kb/{}", a.id);
            let mut e = Entry::default();
            e.set_id(url.clone());
            e.set_title(Text::plain(a.title.clone()));
            e.set_updated(when(Timestamp(a.updated_at)));
            e.set_published(a.published_at.map(|t| when(Timestamp(t))));
            e.set_authors(vec![Person {
                name: a.author_name.clone(),
                ..Person::default()
            }]);
            e.set_links(vec![Link {
                href: url,
                rel: "alternate".into(),
                ..Link::default()
            }]);
            let mut c = Content::default();
            c.set_content_type(Some("html".to_owned()));
            c.set_value(Some(a.body_html.clone()));
            e.set_content(Some(c));
            e
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_id(format!("{base}/kb/feed.atom"));
    feed.set_title(Text::plain(format!(
        "{} · Knowledge base",
        state.hub.config().hub.name
    )));
    feed.set_updated(when(Timestamp(
        articles.iter().map(|a| a.updated_at).max().unwrap_or(0),
    )));
    feed.set_links(vec![Link {
        href: format!("{base}/kb"),
        rel: "alternate".into(),
        ..Link::default()
    }]);
    feed.set_entries(entries);
    Ok(atom_response(&feed))
}
