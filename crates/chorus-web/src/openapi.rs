//! The OpenAPI document's frame: title, tags, security scheme, shared schemas. Paths are added
//! by `utoipa_axum` as routes are registered.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chorus API",
        description = "The JSON API of a Chorus hub. Authenticate with `Authorization: Bearer <token>` \
                       (create one with `POST /api/v1/tokens`). Errors are `{\"code\", \"message\", \"fields\"?}` \
                       with stable codes.",
        license(name = "Apache-2.0")
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    tags(
        (name = "tokens", description = "API tokens"),
        (name = "users", description = "Accounts"),
        (name = "admin", description = "User administration (admins)"),
        (name = "community", description = "Topics, replies, reactions and idea statuses"),
        (name = "notifications", description = "The notification bell and e-mail preferences"),
        (name = "triage", description = "Cases, teams, routing and alert rules, replies through the channel of origin"),
        (name = "reports", description = "Key figures for a period, and CSV exports"),
        (name = "moderation", description = "The moderation queue and its actions, flags, the public log, word filters, trust levels"),
        (name = "embed", description = "What the widget (`/embed.js`) on other sites reads and reports: public, cacheable (ETag), rate-limited per origin; and oEmbed"),
        (name = "webhooks", description = "Outbound webhooks (admins): subscriptions to the hub's events, signed in the Standard Webhooks format, with a delivery log and redelivery"),
        (name = "engagement", description = "The praise queue (thank fans through their channel, feature praise), advocates and their invitations, satisfaction surveys of resolved cases"),
        (name = "events", description = "Town halls: scheduled events where members ask and vote questions and hosts answer them live; afterwards an archive"),
        (name = "meta", description = "This document"),
    )
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The errors any operation may answer (the codes are in `chorus_web::ERROR_CODES`).
const COMMON_ERRORS: &[(&str, &str)] = &[
    (
        "400",
        "The request could not be parsed (path, query string or body): `bad_request`.",
    ),
    ("401", "No valid token was presented: `unauthenticated`."),
    (
        "403",
        "The caller may not do this: `forbidden`, `account_suspended`, `silenced`, `cross_site_request`.",
    ),
    ("404", "No such object: `not_found`."),
    ("408", "The request ran out of time: `request_timeout`."),
    (
        "409",
        "The request conflicts with the current state: `conflict`.",
    ),
    ("413", "The body is too large: `payload_too_large`."),
    ("415", "The body is not JSON: `unsupported_media_type`."),
    (
        "422",
        "The input is not acceptable; `fields` says why: `validation_failed`.",
    ),
    (
        "429",
        "Too many attempts; see `Retry-After`: `rate_limited`.",
    ),
    ("500", "Something broke on our side: `internal`."),
    ("503", "The database is not reachable: `unavailable`."),
];

/// Documents the errors every operation can answer, in the API's JSON error shape: a request
/// that does not parse (400), a missing or bad token (401), a role that may not (403), an
/// unknown id (404), a timeout (408), a body over the limit (413), the wrong media type for a
/// body (415), invalid input (422), a rate limit (429), a failure on our side (500) and an
/// unreachable database (503). Handlers document their own success and specific answers; this
/// makes the document true for the rest, so a client (and schemathesis) can rely on it.
pub(crate) fn document_common_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            let has_body = op.request_body.is_some();
            for (status, meaning) in COMMON_ERRORS {
                if (*status == "415" && !has_body) || op.responses.responses.contains_key(*status) {
                    continue;
                }
                let response = ResponseBuilder::new()
                    .description(meaning.to_string())
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(RefOr::Ref(Ref::from_schema_name("ErrorBody"))))
                            .build(),
                    )
                    .build();
                op.responses
                    .responses
                    .insert((*status).to_owned(), RefOr::T(response));
            }
        }
    }
}
