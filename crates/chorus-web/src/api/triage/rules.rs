//! Routing rules (which team a case goes to), alert rules (who hears of a spike or a breach)
//! and the alert log.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chorus_core::triage::{AlertAction, Conditions};
use chorus_core::views::triage::AlertLogEntry;
use chorus_service::triage::{self, AlertRule, AlertRuleInput, RoutingRule, RoutingRuleInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{RefJson, rfc};
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// What a rule matches. Omitted lists match anything; keywords match whole words, ignoring
/// case (a phrase needs its words in a row).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ConditionsJson {
    /// Words or phrases, any of which must occur.
    keywords: Vec<String>,
    /// Channel names.
    channels: Vec<String>,
    /// Source ids.
    sources: Vec<i64>,
    /// `complaint`, `question`, `praise`, `idea`, `other`.
    intents: Vec<String>,
    /// `negative`, `neutral`, `positive`.
    sentiments: Vec<String>,
    /// Language codes.
    languages: Vec<String>,
    /// Theme ids.
    themes: Vec<i64>,
    /// Fewest author followers.
    min_followers: Option<i64>,
    /// Alert rules: fire on spikes (of `themes`, or any).
    spike: bool,
    /// Alert rules: fire on SLA breaches (of `channels`, or any).
    sla_breach: bool,
}

impl From<ConditionsJson> for Conditions {
    fn from(c: ConditionsJson) -> Self {
        Conditions {
            keywords: c.keywords,
            channels: c.channels,
            sources: c.sources,
            intents: c.intents,
            sentiments: c.sentiments,
            languages: c.languages,
            themes: c.themes,
            min_followers: c.min_followers,
            spike: c.spike,
            sla_breach: c.sla_breach,
        }
    }
}

impl From<&Conditions> for ConditionsJson {
    fn from(c: &Conditions) -> Self {
        ConditionsJson {
            keywords: c.keywords.clone(),
            channels: c.channels.clone(),
            sources: c.sources.clone(),
            intents: c.intents.clone(),
            sentiments: c.sentiments.clone(),
            languages: c.languages.clone(),
            themes: c.themes.clone(),
            min_followers: c.min_followers,
            spike: c.spike,
            sla_breach: c.sla_breach,
        }
    }
}

/// A routing rule.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RoutingRuleJson {
    /// Rule id.
    id: i64,
    /// Name.
    name: String,
    /// Evaluation order; the first matching rule routes the case.
    position: i64,
    /// What it matches.
    conditions: ConditionsJson,
    /// Team it routes to.
    team_id: Option<i64>,
    /// Priority it sets (otherwise the score decides).
    priority: Option<String>,
    /// Tags it adds.
    tags: Vec<String>,
    /// Active.
    enabled: bool,
}

impl From<&RoutingRule> for RoutingRuleJson {
    fn from(r: &RoutingRule) -> Self {
        RoutingRuleJson {
            id: r.id,
            name: r.name.clone(),
            position: r.position,
            conditions: ConditionsJson::from(&r.conditions),
            team_id: r.team_id,
            priority: r.priority.clone(),
            tags: r.tags.clone(),
            enabled: r.enabled,
        }
    }
}

/// A new routing rule. A mention matching any rule opens a case even when the default
/// criteria would not.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewRoutingRuleJson {
    /// Name.
    name: String,
    /// Conditions (omitted lists match anything).
    #[serde(default)]
    conditions: ConditionsJson,
    /// Team it routes to.
    team_id: Option<i64>,
    /// `urgent`, `high`, `normal` or `low`; omitted: the score decides.
    #[serde(default)]
    priority: Option<String>,
    /// Tags to add.
    #[serde(default)]
    tags: Vec<String>,
}

/// Create a routing rule (managers); 422 with the reason when invalid.
#[utoipa::path(post, path = "/api/v1/routing-rules", tag = "triage", security(("bearer" = [])), request_body = NewRoutingRuleJson,
    responses((status = 201, body = RoutingRuleJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_routing_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewRoutingRuleJson>,
) -> Result<(StatusCode, Json<RoutingRuleJson>), ApiError> {
    let r = triage::create_routing_rule(
        &state.hub,
        &user,
        RoutingRuleInput {
            name: req.name,
            conditions: req.conditions.into(),
            team_id: req.team_id,
            priority: req.priority,
            tags: req.tags,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(RoutingRuleJson::from(&r))))
}

/// List routing rules in evaluation order.
#[utoipa::path(get, path = "/api/v1/routing-rules", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [RoutingRuleJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_routing_rules(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<RoutingRuleJson>>, ApiError> {
    let rules = triage::routing_rules(&state.hub, &user).await?;
    Ok(Json(rules.iter().map(RoutingRuleJson::from).collect()))
}

/// Delete a routing rule (managers); routed cases keep their team.
#[utoipa::path(delete, path = "/api/v1/routing-rules/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_routing_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    triage::delete_routing_rule(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Where an alert goes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum AlertActionJson {
    /// An e-mail.
    Email {
        /// Address.
        to: String,
    },
    /// A Slack-compatible JSON POST (`text` plus details), signed with
    /// `triage.webhook_secret` when set.
    Webhook {
        /// URL.
        url: String,
    },
}

impl From<AlertActionJson> for AlertAction {
    fn from(a: AlertActionJson) -> Self {
        match a {
            AlertActionJson::Email { to } => AlertAction::Email { to },
            AlertActionJson::Webhook { url } => AlertAction::Webhook { url },
        }
    }
}

impl From<&AlertAction> for AlertActionJson {
    fn from(a: &AlertAction) -> Self {
        match a {
            AlertAction::Email { to } => AlertActionJson::Email { to: to.clone() },
            AlertAction::Webhook { url } => AlertActionJson::Webhook { url: url.clone() },
        }
    }
}

/// An alert rule.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlertRuleJson {
    /// Rule id.
    id: i64,
    /// Name.
    name: String,
    /// What it fires on.
    conditions: ConditionsJson,
    /// Where alerts go.
    actions: Vec<AlertActionJson>,
    /// Active.
    enabled: bool,
}

impl From<&AlertRule> for AlertRuleJson {
    fn from(r: &AlertRule) -> Self {
        AlertRuleJson {
            id: r.id,
            name: r.name.clone(),
            conditions: ConditionsJson::from(&r.conditions),
            actions: r.actions.iter().map(AlertActionJson::from).collect(),
            enabled: r.enabled,
        }
    }
}

/// A new alert rule. Each event alerts once per rule; past `triage.alert_max_per_hour`
/// alerts are logged as suppressed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewAlertRuleJson {
    /// Name.
    name: String,
    /// Conditions.
    #[serde(default)]
    conditions: ConditionsJson,
    /// At least one action.
    #[serde(default)]
    actions: Vec<AlertActionJson>,
}

/// Create an alert rule (managers); 422 with the reason when invalid.
#[utoipa::path(post, path = "/api/v1/alert-rules", tag = "triage", security(("bearer" = [])), request_body = NewAlertRuleJson,
    responses((status = 201, body = AlertRuleJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_alert_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewAlertRuleJson>,
) -> Result<(StatusCode, Json<AlertRuleJson>), ApiError> {
    let r = triage::create_alert_rule(
        &state.hub,
        &user,
        AlertRuleInput {
            name: req.name,
            conditions: req.conditions.into(),
            actions: req.actions.into_iter().map(AlertAction::from).collect(),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(AlertRuleJson::from(&r))))
}

/// List alert rules.
#[utoipa::path(get, path = "/api/v1/alert-rules", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [AlertRuleJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_alert_rules(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<AlertRuleJson>>, ApiError> {
    let rules = triage::alert_rules(&state.hub, &user).await?;
    Ok(Json(rules.iter().map(AlertRuleJson::from).collect()))
}

/// Delete an alert rule and its log (managers).
#[utoipa::path(delete, path = "/api/v1/alert-rules/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_alert_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    triage::delete_alert_rule(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An alert raised by a rule.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlertJson {
    /// Id.
    id: i64,
    /// Rule.
    rule: RefJson,
    /// `sent` or `suppressed` (rate limit).
    status: String,
    /// Subject.
    subject: String,
    /// Text.
    body: String,
    /// Link into Chorus.
    link: String,
    /// RFC 3339.
    created_at: String,
}

impl From<&AlertLogEntry> for AlertJson {
    fn from(a: &AlertLogEntry) -> Self {
        AlertJson {
            id: a.id,
            rule: RefJson {
                id: a.rule_id,
                name: a.rule_name.clone(),
            },
            status: a.status.clone(),
            subject: a.subject.clone(),
            body: a.body.clone(),
            link: a.link.clone(),
            created_at: rfc(a.created_at),
        }
    }
}

/// The alert log, newest first.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [AlertJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_alerts(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<AlertJson>>, ApiError> {
    let log = triage::alert_log(&state.hub, &user, 200).await?;
    Ok(Json(log.iter().map(AlertJson::from).collect()))
}
