//! What managers set up for triage: teams and their members, routing rules, canned responses,
//! alert rules and the alert log.

use super::*;

fn check_name(name: &str, errors: &mut FieldErrors) -> String {
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", Text::new("err-cases-name-empty"));
    } else if name.chars().count() > MAX_NAME {
        errors.add("name", Text::new("err-cases-too-long").arg("max", MAX_NAME));
    }
    name.to_owned()
}

/// Creates a team.
pub async fn create_team(hub: &Hub, actor: &User, name: &str, auto_assign: bool) -> Result<Team> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let name = check_name(name, &mut errors);
    errors.into_result()?;
    let id = match hub.store().insert_team(&name, auto_assign, hub.now()).await {
        Ok(id) => id,
        Err(chorus_store::StoreError::Conflict(_)) => {
            return Err(ServiceError::field(
                "name",
                Text::new("err-cases-team-exists"),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    hub.store()
        .team(id)
        .await?
        .ok_or_else(|| ServiceError::Internal("team vanished".into()))
}

/// Every team.
pub async fn teams(hub: &Hub, viewer: &User) -> Result<Vec<Team>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().teams().await?)
}

/// A team's members with their load.
pub async fn team_members(hub: &Hub, viewer: &User, team: i64) -> Result<Vec<TeamMember>> {
    require(viewer, Action::WorkCases)?;
    hub.store()
        .team(team)
        .await?
        .ok_or(ServiceError::NotFound("team"))?;
    Ok(hub.store().team_members(team).await?)
}

/// Adds a staff member to a team, or changes their capacity and availability. Agents may
/// change their own availability; everything else needs a manager.
pub async fn set_member(
    hub: &Hub,
    actor: &User,
    team: i64,
    user: i64,
    capacity: i64,
    available: bool,
) -> Result<Vec<TeamMember>> {
    let manager = chorus_core::allowed(actor.role, Action::ManageTriage);
    let mut capacity = capacity;
    if !manager {
        // Agents may only say whether they take new cases, in teams they belong to.
        require(actor, Action::WorkCases)?;
        let current = hub
            .store()
            .team_members(team)
            .await?
            .into_iter()
            .find(|m| m.user_id == user && user == actor.id.0)
            .ok_or(ServiceError::Forbidden)?;
        capacity = current.capacity;
    }
    if !(1..=1000).contains(&capacity) {
        return Err(ServiceError::field(
            "capacity",
            Text::new("err-cases-capacity"),
        ));
    }
    hub.store()
        .team(team)
        .await?
        .ok_or(ServiceError::NotFound("team"))?;
    hub.store()
        .user_by_id(UserId(user))
        .await?
        .filter(|u| u.role.is_staff())
        .ok_or_else(|| ServiceError::field("user_id", Text::new("err-cases-no-staff")))?;
    hub.store()
        .set_team_member(team, UserId(user), capacity, available)
        .await?;
    Ok(hub.store().team_members(team).await?)
}

/// A routing rule with its conditions parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingRule {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Evaluation order (first match wins).
    pub position: i64,
    /// What it matches.
    pub conditions: Conditions,
    /// Team it routes to.
    pub team_id: Option<i64>,
    /// Priority it sets.
    pub priority: Option<String>,
    /// Tags it adds.
    pub tags: Vec<String>,
    /// Active.
    pub enabled: bool,
}

/// A new routing rule as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingRuleInput {
    /// Name.
    pub name: String,
    /// Conditions (omitted lists match anything).
    #[serde(default)]
    pub conditions: Conditions,
    /// Team.
    pub team_id: Option<i64>,
    /// Priority to set.
    pub priority: Option<String>,
    /// Tags to add.
    #[serde(default)]
    pub tags: Vec<String>,
}

pub(crate) fn rule_from_row(r: chorus_store::triage::RoutingRuleRow) -> Result<RoutingRule> {
    Ok(RoutingRule {
        conditions: serde_json::from_str(&r.conditions)
            .map_err(|e| ServiceError::Internal(format!("routing rule {}: {e}", r.id)))?,
        id: r.id,
        name: r.name,
        position: r.position,
        team_id: r.team_id,
        priority: r.priority,
        tags: r.tags.split_whitespace().map(String::from).collect(),
        enabled: r.enabled,
    })
}

/// Creates a routing rule (evaluated after the existing ones).
pub async fn create_routing_rule(
    hub: &Hub,
    actor: &User,
    mut input: RoutingRuleInput,
) -> Result<RoutingRule> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let name = check_name(&input.name, &mut errors);
    if let Err(e) = input.conditions.validate(RuleKind::Routing) {
        errors.0.extend(e.0);
    }
    let priority = match input.priority.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => match p.parse::<Priority>() {
            Ok(p) => Some(p.as_str()),
            Err(e) => {
                errors.add("priority", e.text());
                None
            }
        },
    };
    match input.team_id {
        Some(t) => {
            if hub.store().team(t).await?.is_none() {
                errors.add(
                    "team_id",
                    Text::new("err-cases-no-such-team").arg("id", t.to_string()),
                );
            }
        }
        None => errors.add("team_id", Text::new("err-cases-rule-team")),
    }
    let tags: Vec<String> = input
        .tags
        .iter()
        .map(|t| t.trim().to_lowercase().replace(char::is_whitespace, "-"))
        .filter(|t| !t.is_empty())
        .collect();
    if tags.len() > 10 || tags.iter().any(|t| t.chars().count() > 40) {
        errors.add("tags", Text::new("err-cases-tags"));
    }
    errors.into_result()?;
    let conditions = serde_json::to_string(&input.conditions)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let id = hub
        .store()
        .insert_routing_rule(
            &NewRoutingRule {
                name: &name,
                conditions: &conditions,
                team_id: input.team_id,
                priority,
                tags: &tags.join(" "),
            },
            hub.now(),
        )
        .await?;
    routing_rules(hub, actor)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ServiceError::Internal("rule vanished".into()))
}

/// Routing rules in evaluation order.
pub async fn routing_rules(hub: &Hub, viewer: &User) -> Result<Vec<RoutingRule>> {
    require(viewer, Action::WorkCases)?;
    hub.store()
        .routing_rules()
        .await?
        .into_iter()
        .map(rule_from_row)
        .collect()
}

/// Deletes a routing rule.
pub async fn delete_routing_rule(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageTriage)?;
    if hub.store().delete_routing_rule(id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("routing rule"))
    }
}

/// Adds a canned response.
pub async fn create_canned(
    hub: &Hub,
    actor: &User,
    title: &str,
    body: &str,
) -> Result<CannedResponse> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let title = check_name(title, &mut errors);
    let body = match check_body(body, "body") {
        Ok(b) => b,
        Err(ServiceError::Validation(e)) => {
            errors.0.extend(e.0);
            String::new()
        }
        Err(e) => return Err(e),
    };
    if let Some(first) = errors.0.first_mut()
        && first.field == "name"
    {
        first.field = "title".into();
    }
    errors.into_result()?;
    let id = hub.store().insert_canned(&title, &body, hub.now()).await?;
    canned_responses(hub, actor)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ServiceError::Internal("canned response vanished".into()))
}

/// Canned responses, by title.
pub async fn canned_responses(hub: &Hub, viewer: &User) -> Result<Vec<CannedResponse>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().canned_responses().await?)
}

/// Deletes a canned response.
pub async fn delete_canned(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageTriage)?;
    if hub.store().delete_canned(id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("canned response"))
    }
}

/// An alert rule with its conditions and actions parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRule {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// What it fires on.
    pub conditions: Conditions,
    /// Where alerts go.
    pub actions: Vec<AlertAction>,
    /// Active.
    pub enabled: bool,
}

/// A new alert rule as submitted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertRuleInput {
    /// Name.
    pub name: String,
    /// Conditions.
    #[serde(default)]
    pub conditions: Conditions,
    /// Actions.
    #[serde(default)]
    pub actions: Vec<AlertAction>,
}

pub(crate) fn alert_from_row(r: chorus_store::triage::AlertRuleRow) -> Result<AlertRule> {
    Ok(AlertRule {
        conditions: serde_json::from_str(&r.conditions)
            .map_err(|e| ServiceError::Internal(format!("alert rule {}: {e}", r.id)))?,
        actions: serde_json::from_str(&r.actions)
            .map_err(|e| ServiceError::Internal(format!("alert rule {}: {e}", r.id)))?,
        id: r.id,
        name: r.name,
        enabled: r.enabled,
    })
}

/// Creates an alert rule.
pub async fn create_alert_rule(
    hub: &Hub,
    actor: &User,
    mut input: AlertRuleInput,
) -> Result<AlertRule> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let name = check_name(&input.name, &mut errors);
    if let Err(e) = input.conditions.validate(RuleKind::Alert) {
        errors.0.extend(e.0);
    }
    if let Err(e) = validate_actions(&mut input.actions) {
        errors.0.extend(e.0);
    }
    errors.into_result()?;
    let conditions = serde_json::to_string(&input.conditions)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let actions =
        serde_json::to_string(&input.actions).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let id = hub
        .store()
        .insert_alert_rule(&name, &conditions, &actions, hub.now())
        .await?;
    Ok(AlertRule {
        id,
        name,
        conditions: input.conditions,
        actions: input.actions,
        enabled: true,
    })
}

/// Alert rules (managers: webhook URLs act as passwords).
pub async fn alert_rules(hub: &Hub, viewer: &User) -> Result<Vec<AlertRule>> {
    require(viewer, Action::ManageTriage)?;
    hub.store()
        .alert_rules()
        .await?
        .into_iter()
        .map(alert_from_row)
        .collect()
}

/// Deletes an alert rule and its log.
pub async fn delete_alert_rule(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageTriage)?;
    if hub.store().delete_alert_rule(id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("alert rule"))
    }
}

/// The latest alerts.
pub async fn alert_log(hub: &Hub, viewer: &User, limit: i64) -> Result<Vec<AlertLogEntry>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().alert_log(limit.clamp(1, 500)).await?)
}
