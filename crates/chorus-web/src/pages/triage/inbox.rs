//! The inbox: a staff member's views of the cases (my cases, unassigned, team queue, breaching
//! soon) and its bulk bar.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::{Action, Timestamp, allowed};
use chorus_i18n::Arg;
use chorus_service::triage::{self, CaseQuery};
use serde::Deserialize;

use super::CaseView;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::pages::listening::form_urlencoded_pairs;
use crate::pages::{Ctx, Layout, flash_or, render};
use crate::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct InboxParams {
    view: String,
    /// A team id, or empty for every team (the form's first option).
    team: String,
    state: String,
    after: Option<i64>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    l: Layout,
    view: String,
    /// `(view, label, link)` of each tab.
    views: Vec<(&'static str, String, String)>,
    teams: Vec<(i64, String)>,
    team: Option<i64>,
    state: String,
    cases: Vec<CaseView>,
    next: Option<String>,
    counts: (i64, i64, i64),
    can_setup: bool,
    /// Staff to assign to in bulk.
    staff: Vec<(i64, String)>,
    /// Where the bulk form returns.
    back: String,
}

pub(super) async fn inbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<InboxParams>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let team = p.team.trim().parse::<i64>().ok();
    let view = if p.view.is_empty() {
        "mine".to_owned()
    } else {
        p.view.clone()
    };
    let mut q = CaseQuery {
        state: Some(if p.state.is_empty() {
            "active".to_owned()
        } else {
            p.state.clone()
        }),
        after: p.after,
        ..CaseQuery::default()
    };
    match view.as_str() {
        // An agent works their own cases most urgent first, not newest first.
        "mine" => {
            q.assignee = Some("me".into());
            q.sort = Some("urgency".into());
            q.limit = Some(200);
        }
        "unassigned" => q.assignee = Some("none".into()),
        "team" => q.team = team,
        "breaching" => {
            q.view = Some("breaching".into());
            q.state = None;
        }
        _ => {}
    }
    let page = triage::list_cases(hub, &user, &q).await?;
    let teams = triage::teams(hub, &user).await?;
    let counts = triage::inbox_counts(hub, &user).await?;
    let now = hub.now();
    let warn = hub.config().triage.sla_warn_minutes as i64 * Timestamp::MINUTE;
    let team_q = team.map(|t| format!("&team={t}")).unwrap_or_default();
    let back = format!("/inbox?view={view}{team_q}&state={}", p.state);
    let next = page.next.map(|n| format!("{back}&after={n}"));
    let tr = ctx.l.tr;
    let page = InboxPage {
        l: ctx.l,
        views: ["mine", "unassigned", "breaching", "all"]
            .into_iter()
            .map(|v| {
                (
                    v,
                    tr.t(&format!("cases-view-{v}")),
                    format!("/inbox?view={v}"),
                )
            })
            .collect(),
        view,
        teams: teams.iter().map(|t| (t.id, t.name.clone())).collect(),
        team,
        state: p.state,
        cases: page
            .cases
            .iter()
            .map(|c| CaseView::of(c, now, warn, tr))
            .collect(),
        next,
        counts,
        can_setup: allowed(user.role, Action::ManageTriage),
        staff: triage::staff(hub, &user).await?,
        back,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The inbox's bulk bar: one action on the ticked cases.
pub(super) async fn inbox_bulk(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    // Checkboxes repeat the field name, which a struct cannot collect; read the pairs.
    let pairs = form_urlencoded_pairs(&body);
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let back = field("back");
    let back = if back.starts_with("/inbox") {
        back
    } else {
        "/inbox".to_owned()
    };
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "case")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    // Said plainly before anything else: nothing ticked, or no action chosen (the form
    // preselects none).
    if ids.is_empty() {
        return Ok(crate::flash::redirect(
            &back,
            &tr.t("cases-bulk-none-ticked"),
        ));
    }
    if field("action").is_empty() {
        return Ok(crate::flash::redirect(&back, &tr.t("cases-bulk-no-action")));
    }
    // Unassigning or clearing the team is a choice of its own ("none"), never a default.
    for (action, target, message) in [
        ("assign", "assignee", "cases-bulk-choose-assignee"),
        ("team", "team", "cases-bulk-choose-team"),
    ] {
        if field("action") == action && field(target).is_empty() {
            return Ok(crate::flash::redirect(&back, &tr.t(message)));
        }
    }
    let id_of = |v: String| v.trim_start_matches('#').parse::<i64>().ok();
    let r = async {
        let action = triage::BulkAction::parse(
            &field("action"),
            id_of(field("assignee")),
            id_of(field("team")),
            id_of(field("into")),
        )?;
        let out = triage::bulk(&state.hub, &user, &ids, &action).await?;
        let mut msg = tr.n("cases-bulk-done", out.done.len());
        for triage::BulkFailure { id, why, .. } in out.failed.iter().take(5) {
            msg.push(' ');
            msg.push_str(&tr.args(
                "cases-bulk-failed",
                &[
                    ("id", Arg::from(id.to_string())),
                    ("why", Arg::from(why.write(tr))),
                ],
            ));
        }
        Ok(msg)
    }
    .await;
    flash_or(tr, r, &back)
}
