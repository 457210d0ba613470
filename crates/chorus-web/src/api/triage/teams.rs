//! Teams and their members, with each member's capacity, availability and load.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chorus_core::views::triage::{Team, TeamMember};
use chorus_service::triage;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc;
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A team.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TeamJson {
    /// Team id.
    id: i64,
    /// Name.
    name: String,
    /// New cases are assigned round-robin to available members with room.
    auto_assign: bool,
    /// Members.
    member_count: i64,
    /// RFC 3339.
    created_at: String,
}

impl From<&Team> for TeamJson {
    fn from(t: &Team) -> Self {
        TeamJson {
            id: t.id,
            name: t.name.clone(),
            auto_assign: t.auto_assign,
            member_count: t.member_count,
            created_at: rfc(t.created_at),
        }
    }
}

/// A new team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTeamJson {
    /// Name (unique).
    name: String,
    /// Round-robin assignment (default true).
    #[serde(default)]
    auto_assign: Option<bool>,
}

/// Create a team (managers).
#[utoipa::path(post, path = "/api/v1/teams", tag = "triage", security(("bearer" = [])), request_body = NewTeamJson,
    responses((status = 201, body = TeamJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_team(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewTeamJson>,
) -> Result<(StatusCode, Json<TeamJson>), ApiError> {
    let t = triage::create_team(
        &state.hub,
        &user,
        &req.name,
        req.auto_assign.unwrap_or(true),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(TeamJson::from(&t))))
}

/// List teams.
#[utoipa::path(get, path = "/api/v1/teams", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [TeamJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_teams(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<TeamJson>>, ApiError> {
    let teams = triage::teams(&state.hub, &user).await?;
    Ok(Json(teams.iter().map(TeamJson::from).collect()))
}

/// A team member with their load.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MemberJson {
    /// User id.
    user_id: i64,
    /// Name.
    name: String,
    /// Most active cases at once.
    capacity: i64,
    /// Takes new cases.
    available: bool,
    /// Active cases now.
    active_cases: i64,
}

impl From<&TeamMember> for MemberJson {
    fn from(m: &TeamMember) -> Self {
        MemberJson {
            user_id: m.user_id,
            name: m.name.clone(),
            capacity: m.capacity,
            available: m.available,
            active_cases: m.active_cases,
        }
    }
}

/// A member to add or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetMemberJson {
    /// Staff user id.
    user_id: i64,
    /// Most active cases at once (default 10).
    #[serde(default)]
    capacity: Option<i64>,
    /// Takes new cases (default true).
    #[serde(default)]
    available: Option<bool>,
}

/// Add a member to a team or change their capacity and availability (managers; agents may
/// change their own).
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team id")), request_body = SetMemberJson,
    responses((status = 200, body = [MemberJson]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_member(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SetMemberJson>,
) -> Result<Json<Vec<MemberJson>>, ApiError> {
    let members = triage::set_member(
        &state.hub,
        &user,
        id,
        req.user_id,
        req.capacity.unwrap_or(10),
        req.available.unwrap_or(true),
    )
    .await?;
    Ok(Json(members.iter().map(MemberJson::from).collect()))
}

/// A team's members.
#[utoipa::path(get, path = "/api/v1/teams/{id}/members", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = [MemberJson]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_members(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MemberJson>>, ApiError> {
    let members = triage::team_members(&state.hub, &user, id).await?;
    Ok(Json(members.iter().map(MemberJson::from).collect()))
}
