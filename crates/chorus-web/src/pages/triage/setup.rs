//! The setup page for managers: teams and members, routing rules, canned responses, alert
//! rules and the alert log.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::triage::{AlertAction, Conditions};
use chorus_core::views::triage::TeamMember;
use chorus_core::{Action, Priority, Timestamp, allowed};
use chorus_i18n::{Text, Tr};
use chorus_service::ServiceError;
use chorus_service::triage::{self, AlertRuleInput, RoutingRuleInput};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, PageForm, flash_or, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "triage_setup.html")]
struct SetupPage {
    l: Layout,
    can_manage: bool,
    teams: Vec<(i64, String, bool, Vec<TeamMember>)>,
    staff: Vec<(i64, String)>,
    rules: Vec<(i64, String, String, String)>,
    canned: Vec<(i64, String, String)>,
    alerts: Vec<(i64, String, String, String)>,
    /// `(when, rule, status, subject, link)` of the latest alerts.
    log: Vec<(Timestamp, String, String, String, String)>,
    priorities: Vec<(&'static str, String)>,
}

/// What a rule matches, in words.
fn describe(c: &Conditions, tr: Tr) -> String {
    let mut parts = Vec::new();
    let list = |id: &str, v: &[String]| (!v.is_empty()).then(|| tr.v(id, "list", &v.join(", ")));
    parts.extend(list("triage-match-keywords", &c.keywords));
    parts.extend(list("triage-match-channels", &c.channels));
    parts.extend(list("triage-match-intents", &c.intents));
    parts.extend(list("triage-match-sentiments", &c.sentiments));
    parts.extend(list("triage-match-languages", &c.languages));
    if !c.themes.is_empty() {
        parts.push(
            tr.v(
                "triage-match-themes",
                "list",
                &c.themes
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
    }
    if let Some(n) = c.min_followers {
        parts.push(tr.nv("triage-match-followers", n, "reach", &tr.compact(n)));
    }
    if c.spike {
        parts.push(tr.t("triage-match-spikes"));
    }
    if c.sla_breach {
        parts.push(tr.t("triage-match-sla"));
    }
    if parts.is_empty() {
        tr.t("triage-match-everything")
    } else {
        parts.join("; ")
    }
}

pub(super) async fn setup(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let tr = ctx.l.tr;
    let teams = triage::teams(hub, &user).await?;
    let mut team_rows = Vec::new();
    for t in &teams {
        let members = triage::team_members(hub, &user, t.id).await?;
        team_rows.push((t.id, t.name.clone(), t.auto_assign, members));
    }
    let team_name = |id: Option<i64>| {
        id.and_then(|id| teams.iter().find(|t| t.id == id))
            .map_or_else(|| tr.t("triage-no-team"), |t| t.name.clone())
    };
    let rules = triage::routing_rules(hub, &user)
        .await?
        .iter()
        .map(|r| {
            (
                r.id,
                r.name.clone(),
                describe(&r.conditions, tr),
                format!(
                    "→ {}{}",
                    team_name(r.team_id),
                    r.priority
                        .as_deref()
                        .map(|p| match p.parse::<Priority>() {
                            Ok(p) => format!(", {}", super::priority_label(tr, p)),
                            Err(_) => format!(", {p}"),
                        })
                        .unwrap_or_default()
                ),
            )
        })
        .collect();
    let can_manage = allowed(user.role, Action::ManageTriage);
    let alert_rules = if can_manage {
        triage::alert_rules(hub, &user).await?
    } else {
        Vec::new()
    };
    let alerts = alert_rules
        .iter()
        .map(|r| {
            (
                r.id,
                r.name.clone(),
                describe(&r.conditions, tr),
                r.actions
                    .iter()
                    .map(|a| match a {
                        AlertAction::Email { to } => tr.v("triage-action-email", "to", to),
                        AlertAction::Webhook { url } => tr.v("triage-action-webhook", "url", url),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
        .collect();
    let page = SetupPage {
        l: ctx.l,
        can_manage,
        teams: team_rows,
        staff: triage::staff(hub, &user).await?,
        rules,
        canned: triage::canned_responses(hub, &user)
            .await?
            .into_iter()
            .map(|c| (c.id, c.title, c.body))
            .collect(),
        alerts,
        log: triage::alert_log(hub, &user, 50)
            .await?
            .into_iter()
            .map(|a| {
                (
                    Timestamp(a.created_at),
                    a.rule_name,
                    super::named(tr, "triage-alert-status-", &a.status),
                    a.subject,
                    a.link,
                )
            })
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), super::priority_label(tr, *p)))
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TeamForm {
    name: String,
    auto_assign: Option<String>,
}

pub(super) async fn create_team(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<TeamForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::create_team(&state.hub, &user, &f.name, f.auto_assign.is_some())
        .await
        .map(|t| tr.v("triage-flash-team-created", "name", &t.name));
    flash_or(tr, r, "/triage")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MemberForm {
    user_id: String,
    capacity: String,
    available: Option<String>,
}

pub(super) async fn set_member(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<MemberForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let Ok(uid) = f.user_id.trim().parse::<i64>() else {
        return Ok(flash::redirect(
            "/triage",
            &tr.t("triage-flash-choose-member"),
        ));
    };
    let Ok(capacity) = f.capacity.trim().parse::<i64>() else {
        return Ok(flash::redirect(
            "/triage",
            &tr.t("triage-flash-capacity-number"),
        ));
    };
    let r = triage::set_member(&state.hub, &user, id, uid, capacity, f.available.is_some())
        .await
        .map(|_| tr.t("triage-flash-member-saved"));
    flash_or(tr, r, "/triage")
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn ids(v: &str) -> Result<Vec<i64>, ServiceError> {
    list(v)
        .iter()
        .map(|s| {
            s.parse::<i64>().map_err(|_| {
                ServiceError::field(
                    "conditions.themes",
                    Text::new("err-web-not-a-theme").arg("value", format!("{s:?}")),
                )
            })
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RuleForm {
    name: String,
    keywords: String,
    channels: String,
    intents: String,
    sentiments: String,
    languages: String,
    themes: String,
    min_followers: String,
    team_id: String,
    priority: String,
    tags: String,
    spike: Option<String>,
    sla_breach: Option<String>,
    email: String,
    webhook: String,
}

impl RuleForm {
    fn conditions(&self) -> Result<Conditions, ServiceError> {
        let min_followers = match self.min_followers.trim() {
            "" => None,
            v => Some(v.parse::<i64>().map_err(|_| {
                ServiceError::field(
                    "conditions.min_followers",
                    Text::new("err-web-whole-number"),
                )
            })?),
        };
        Ok(Conditions {
            keywords: list(&self.keywords),
            channels: list(&self.channels),
            intents: list(&self.intents),
            sentiments: list(&self.sentiments),
            languages: list(&self.languages),
            themes: ids(&self.themes)?,
            min_followers,
            spike: self.spike.is_some(),
            sla_breach: self.sla_breach.is_some(),
            ..Conditions::default()
        })
    }
}

pub(super) async fn create_rule(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<RuleForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = match f.conditions() {
        Ok(conditions) => triage::create_routing_rule(
            &state.hub,
            &user,
            RoutingRuleInput {
                name: f.name.clone(),
                conditions,
                team_id: f.team_id.trim().parse().ok(),
                priority: Some(f.priority.clone()),
                tags: list(&f.tags),
            },
        )
        .await
        .map(|r| tr.v("triage-flash-rule-added", "name", &r.name)),
        Err(e) => Err(e),
    };
    flash_or(tr, r, "/triage")
}

pub(super) async fn delete_rule(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::delete_routing_rule(&state.hub, &user, id)
        .await
        .map(|()| tr.t("triage-flash-rule-deleted"));
    flash_or(tr, r, "/triage")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CannedForm {
    title: String,
    body: String,
}

pub(super) async fn create_canned(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<CannedForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::create_canned(&state.hub, &user, &f.title, &f.body)
        .await
        .map(|c| tr.v("triage-flash-canned-added", "name", &c.title));
    flash_or(tr, r, "/triage")
}

pub(super) async fn delete_canned(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::delete_canned(&state.hub, &user, id)
        .await
        .map(|()| tr.t("triage-flash-canned-deleted"));
    flash_or(tr, r, "/triage")
}

pub(super) async fn create_alert(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<RuleForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let mut actions = Vec::new();
    if !f.email.trim().is_empty() {
        actions.push(AlertAction::Email {
            to: f.email.clone(),
        });
    }
    if !f.webhook.trim().is_empty() {
        actions.push(AlertAction::Webhook {
            url: f.webhook.clone(),
        });
    }
    let r = match f.conditions() {
        Ok(conditions) => triage::create_alert_rule(
            &state.hub,
            &user,
            AlertRuleInput {
                name: f.name.clone(),
                conditions,
                actions,
            },
        )
        .await
        .map(|r| tr.v("triage-flash-alert-added", "name", &r.name)),
        Err(e) => Err(e),
    };
    flash_or(tr, r, "/triage")
}

pub(super) async fn delete_alert(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = triage::delete_alert_rule(&state.hub, &user, id)
        .await
        .map(|()| tr.t("triage-flash-alert-deleted"));
    flash_or(tr, r, "/triage")
}
