//! The JSON API under `/api/v1`. Every route is registered through `utoipa_axum`, so it is in
//! the OpenAPI document by construction.

mod admin;
mod community;
pub(crate) mod embed;
mod engagement;
mod ingest;
pub(crate) mod knowledge;
mod listening;
mod moderation;
pub(crate) mod reports;
mod tokens;
pub(crate) mod triage;
mod users;
mod webhooks;

use axum::extract::{FromRequest, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chorus_core::User;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::openapi::ApiDoc;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    use utoipa::OpenApi;
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi_document))
        .routes(routes!(tokens::create, tokens::list))
        .routes(routes!(tokens::revoke))
        .routes(routes!(users::me))
        .routes(routes!(users::register))
        .routes(routes!(users::request_reset))
        .routes(routes!(users::confirm_reset))
        .routes(routes!(admin::list_users))
        .routes(routes!(admin::set_role))
        .routes(routes!(admin::suspend))
        .routes(routes!(admin::unsuspend))
        .routes(routes!(community::list, community::create))
        .routes(routes!(
            community::get_topic,
            community::edit,
            community::delete
        ))
        .routes(routes!(community::history))
        .routes(routes!(community::reply))
        .routes(routes!(community::edit_reply, community::delete_reply))
        .routes(routes!(community::accept, community::unaccept))
        .routes(routes!(community::vote_topic, community::unvote_topic))
        .routes(routes!(community::vote_reply, community::unvote_reply))
        .routes(routes!(community::me_too, community::un_me_too))
        .routes(routes!(community::follow, community::unfollow))
        .routes(routes!(community::set_status))
        .routes(routes!(community::profile))
        .routes(routes!(community::tags))
        .routes(routes!(community::notifications))
        .routes(routes!(community::mark_read))
        .routes(routes!(community::prefs, community::set_prefs))
        .routes(routes!(listening::list_mentions, listening::create_mention))
        .routes(routes!(listening::get_mention))
        .routes(routes!(listening::list_themes))
        .routes(routes!(listening::get_theme))
        .routes(routes!(
            listening::put_theme_status,
            listening::post_theme_status
        ))
        .routes(routes!(listening::merge_theme))
        .routes(routes!(listening::split_theme))
        .routes(routes!(listening::list_spikes))
        .routes(routes!(listening::volume))
        .routes(routes!(listening::list_sources, listening::create_source))
        .routes(routes!(
            listening::get_source,
            listening::update_source,
            listening::delete_source
        ))
        .routes(routes!(triage::list_cases, triage::open_case))
        .routes(routes!(triage::bulk))
        .routes(routes!(triage::get_case))
        .routes(routes!(triage::claim))
        .routes(routes!(triage::assign))
        .routes(routes!(triage::set_state))
        .routes(routes!(triage::set_priority))
        .routes(routes!(triage::reply))
        .routes(routes!(triage::add_note))
        .routes(routes!(triage::escalate))
        .routes(routes!(triage::get_delivery))
        .routes(routes!(triage::list_teams, triage::create_team))
        .routes(routes!(triage::list_members, triage::set_member))
        .routes(routes!(
            triage::list_routing_rules,
            triage::create_routing_rule
        ))
        .routes(routes!(triage::delete_routing_rule))
        .routes(routes!(triage::list_alert_rules, triage::create_alert_rule))
        .routes(routes!(triage::delete_alert_rule))
        .routes(routes!(triage::list_alerts))
        .routes(routes!(triage::list_canned, triage::create_canned))
        .routes(routes!(triage::delete_canned))
        .routes(routes!(triage::get_customer))
        .routes(routes!(triage::link_identity))
        .routes(routes!(knowledge::search_api))
        .routes(routes!(knowledge::suggest))
        .routes(routes!(knowledge::list_articles, knowledge::create_article))
        .routes(routes!(knowledge::get_article, knowledge::update_article))
        .routes(routes!(knowledge::publish))
        .routes(routes!(knowledge::unpublish))
        .routes(routes!(knowledge::archive))
        .routes(routes!(knowledge::versions))
        .routes(routes!(knowledge::set_transcript))
        .routes(routes!(knowledge::helpful))
        .routes(routes!(knowledge::promote_topic))
        .routes(routes!(knowledge::promote_case))
        .routes(routes!(knowledge::deflection_event))
        .routes(routes!(knowledge::deflection_report))
        .routes(routes!(moderation::queue))
        .routes(routes!(moderation::act))
        .routes(routes!(moderation::flag))
        .routes(routes!(moderation::log))
        .routes(routes!(moderation::list_filters, moderation::create_filter))
        .routes(routes!(moderation::delete_filter))
        .routes(routes!(moderation::history))
        .routes(routes!(moderation::set_trust))
        .routes(routes!(reports::summary))
        .routes(routes!(reports::export))
        .routes(routes!(webhooks::create, webhooks::list))
        .routes(routes!(
            webhooks::get_one,
            webhooks::update,
            webhooks::delete
        ))
        .routes(routes!(webhooks::deliveries))
        .routes(routes!(webhooks::redeliver))
        .routes(routes!(engagement::praise))
        .routes(routes!(engagement::thank))
        .routes(routes!(engagement::feature))
        .routes(routes!(engagement::dismiss))
        .routes(routes!(engagement::advocates))
        .routes(routes!(engagement::invite))
        .routes(routes!(engagement::turnaround))
        .routes(routes!(engagement::turnaround_csv))
        .routes(routes!(engagement::survey, engagement::answer_survey))
        .routes(routes!(engagement::create_event, engagement::list_events))
        .routes(routes!(engagement::get_event))
        .routes(routes!(engagement::ask))
        .routes(routes!(engagement::vote, engagement::unvote))
        .routes(routes!(engagement::answer))
        .routes(routes!(engagement::merge))
        .routes(routes!(engagement::set_visibility))
        .routes(routes!(engagement::follow, engagement::unfollow))
        .routes(routes!(engagement::promote))
}

/// The push doors for relays, with their own body limit.
pub(crate) fn ingest_router(max_body: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ingest::webhook_push))
        .routes(routes!(ingest::email_push))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
}

/// A JSON body; syntax errors answer 400, shape errors 422 with the offending field, a wrong
/// content type 415, an oversized body 413 — always in the API's error format.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub(crate) struct ApiJson<T>(pub T);

/// A user as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UserJson {
    /// User id.
    id: i64,
    /// E-mail address (shown to the user themself and to admins only).
    email: String,
    /// Display name.
    name: String,
    /// `member`, `agent`, `manager` or `admin`.
    role: String,
    /// Staff (agent and above) answer officially and carry a badge.
    staff: bool,
    /// Whether the account is suspended.
    suspended: bool,
    /// RFC 3339.
    created_at: String,
}

impl From<&User> for UserJson {
    fn from(u: &User) -> Self {
        UserJson {
            id: u.id.0,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role.as_str().to_owned(),
            staff: u.is_staff(),
            suspended: u.is_suspended(),
            created_at: u.created_at.rfc3339(),
        }
    }
}

/// The OpenAPI 3.1 document of every route of this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
async fn openapi_document(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.openapi_json().to_owned(),
    )
        .into_response()
}
