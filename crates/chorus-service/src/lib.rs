//! Chorus use cases: sign up, log in, reset a password, manage users and tokens, run jobs.
//!
//! The HTML pages, the JSON API and the CLI all call these functions, so a rule holds the same
//! way whichever door a request came through. This crate validates input (with
//! `chorus_core`), checks permissions, persists through `chorus_store` and turns side effects
//! such as e-mail into durable jobs. It knows nothing of HTTP.

pub mod accounts;
pub mod admin;
pub mod bench;
pub mod community;
pub mod config;
pub mod cpu;
pub mod demo;
mod error;
mod hub;
pub mod indexing;
pub mod jobs;
pub mod knowledge;
pub mod listen;
pub mod mail;
pub mod moderation;
mod passwords;
pub mod reports;
pub mod search;
pub mod secrets;
pub mod triage;
pub mod understand;
pub mod visibility;

pub use config::Config;
pub use error::{ServiceError, page_limit, parse_when};
pub use hub::{Clock, Hub};

/// Every kind of background job the hub runs, and the job worker's periodic work: the one
/// place that knows them all, so the job runner imports no feature and each feature owns its
/// jobs.
pub fn job_registry() -> jobs::Registry {
    jobs::Registry::new()
        .register::<mail::SendEmail>()
        .register::<accounts::ResetLink>()
        .register::<community::notify::Fanout>()
        .register::<community::listen::Ingest>()
        .register::<triage::deliver::DeliverReply>()
        .register::<triage::worker::Webhook>()
        .every_few_minutes("report digest", |hub| {
            Box::pin(async move { reports::digest_tick(hub).await.map(drop) })
        })
}

/// The result of a service call.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// What the service needs to know about where a request came from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// Client IP address (after trusted-proxy resolution), used for rate limits.
    pub ip: Option<String>,
    /// Client user agent, recorded on sessions.
    pub user_agent: Option<String>,
}
