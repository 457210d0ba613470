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
