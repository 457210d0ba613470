//! Topic listings: the home page and `/topics`, filtered by kind, idea status and tag, with
//! their sort tabs and paging.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::{IdeaStatus, TopicKind, TopicSort};
use chorus_i18n::Arg;
use chorus_service::community::{self, ListQuery};
use serde::Deserialize;

use super::{TopicRow, status_label};
use crate::error::PageError;
use crate::pages::{Ctx, Layout, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "topics.html")]
struct ListingPage {
    l: Layout,
    heading: String,
    topics: Vec<TopicRow>,
    /// Tabs: URL name, label, whether current, address.
    sorts: Vec<(&'static str, String, bool, String)>,
    kinds: Vec<(&'static str, String, bool, String)>,
    statuses: Vec<(&'static str, String, bool, String)>,
    show_statuses: bool,
    tag: String,
    tags: Vec<(String, i64)>,
    next_url: Option<String>,
    feed_url: String,
    new_url: String,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct ListParams {
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) tag: String,
    pub(crate) sort: String,
    pub(crate) after: String,
}

impl ListParams {
    pub(crate) fn query(&self, limit: i64) -> ListQuery {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        ListQuery {
            kind: opt(&self.kind),
            status: opt(&self.status),
            tag: opt(&self.tag),
            sort: opt(&self.sort),
            after: opt(&self.after),
            limit: Some(limit),
        }
    }

    /// The query string of this listing with some parameters replaced (`after` dropped).
    fn url(
        &self,
        path: &str,
        kind: Option<&str>,
        status: Option<&str>,
        sort: Option<&str>,
    ) -> String {
        let kind = kind.unwrap_or(&self.kind);
        let status = status.unwrap_or(&self.status);
        let sort = sort.unwrap_or(&self.sort);
        let mut parts = Vec::new();
        for (k, v) in [
            ("sort", sort),
            ("kind", kind),
            ("status", status),
            ("tag", self.tag.as_str()),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", enc(v)));
            }
        }
        if parts.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The home page and `/topics`.
pub(in crate::pages) async fn listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let list = community::list_topics(&state.hub, &p.query(30)).await?;
    let now = state.hub.now();
    let tr = ctx.l.tr;
    let sort = p.sort.parse::<TopicSort>().unwrap_or_default();
    let kind = p.kind.parse::<TopicKind>().ok();
    let heading = match (kind, sort) {
        (Some(k), _) => tr.t(&format!("community-heading-kind-{}", k.as_str())),
        (None, TopicSort::Unanswered) => tr.t("community-heading-unanswered"),
        (None, TopicSort::Top) => tr.t("community-heading-top"),
        (None, TopicSort::Latest) => tr.t("community-heading-latest"),
    };
    let heading = if p.tag.is_empty() {
        heading
    } else {
        tr.args(
            "community-heading-tagged",
            &[
                ("list", Arg::from(heading)),
                ("tag", Arg::from(p.tag.trim_start_matches('#'))),
            ],
        )
    };
    let sorts = TopicSort::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                tr.t(&format!("community-sort-{}", s.as_str())),
                *s == sort,
                p.url("/topics", None, None, Some(s.as_str())),
            )
        })
        .collect();
    let mut kinds = vec![(
        "",
        tr.t("community-kind-all"),
        kind.is_none(),
        p.url("/topics", Some(""), Some(""), None),
    )];
    kinds.extend(TopicKind::ALL.iter().map(|k| {
        let status = if *k == TopicKind::Idea {
            None
        } else {
            Some("")
        };
        (
            k.as_str(),
            tr.t(&format!("community-heading-kind-{}", k.as_str())),
            kind == Some(*k),
            p.url("/topics", Some(k.as_str()), status, None),
        )
    }));
    let status = p.status.parse::<IdeaStatus>().ok();
    let mut statuses = vec![(
        "",
        tr.t("community-status-any"),
        status.is_none(),
        p.url("/topics", Some("idea"), Some(""), None),
    )];
    statuses.extend(IdeaStatus::ALL.iter().map(|s| {
        (
            s.as_str(),
            status_label(tr, s.as_str()),
            status == Some(*s),
            p.url("/topics", Some("idea"), Some(s.as_str()), None),
        )
    }));
    let next_url = list.next.as_ref().map(|n| {
        let base = p.url("/topics", None, None, None);
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}after={}", enc(n))
    });
    let new_url = match kind {
        Some(k) => format!("/new?kind={}", k.as_str()),
        None => "/new".to_owned(),
    };
    let page = ListingPage {
        l: ctx.l,
        heading,
        topics: list.topics.iter().map(|t| TopicRow::of(t, now)).collect(),
        sorts,
        kinds,
        show_statuses: kind == Some(TopicKind::Idea),
        statuses,
        tag: p.tag.trim_start_matches('#').to_owned(),
        tags: community::popular_tags(&state.hub, 15).await?,
        next_url,
        feed_url: p.url("/topics.atom", None, None, None),
        new_url,
    };
    Ok(render(StatusCode::OK, &page))
}
