//! Chorus use cases: sign up, log in, reset a password, manage users and tokens, run jobs.
//!
//! The HTML pages, the JSON API and the CLI all call these functions, so a rule holds the same
//! way whichever door a request came through. This crate validates input (with
//! `chorus_core`), checks permissions, persists through `chorus_store` and turns side effects
//! such as e-mail into durable jobs. It knows nothing of HTTP.

pub mod accounts;
pub mod bench;
pub mod community;
pub mod config;
pub mod cpu;
pub mod demo;
pub mod engagement;
mod error;
pub mod events;
pub mod flows;
pub mod gate;
mod hub;
pub mod indexing;
pub mod jobs;
pub mod knowledge;
pub mod listen;
pub mod mail;
pub mod moderation;
pub mod outbound;
mod passwords;
pub mod records;
pub mod reports;
pub mod search;
pub mod secrets;
pub mod triage;
pub mod visibility;
pub mod webhooks;

pub use accounts::admin;
pub use config::Config;
pub use error::{ServiceError, page_limit, parse_when};
pub use hub::{Clock, Hub};
pub use listen::understand;

/// Every kind of background job the hub runs, and the job worker's periodic work: the one
/// place that knows them all, so the job runner imports no feature and each feature owns its
/// jobs.
pub fn job_registry() -> jobs::Registry {
    jobs::Registry::new()
        .register::<mail::SendEmail>()
        .register::<accounts::ResetLink>()
        .register::<flows::GuestLink>()
        .register::<community::notify::Fanout>()
        .subscribe::<community::notify::Approvals>()
        .subscribe::<community::hooks::Announce>()
        .register::<listen::community::Ingest>()
        .subscribe::<listen::community::CommunityPosts>()
        .register::<triage::deliver::DeliverReply>()
        .register::<triage::worker::Webhook>()
        .register::<webhooks::Deliver>()
        .subscribe::<triage::complaints::Complaints>()
        .register::<triage::csat::SendSurvey>()
        .register::<engagement::SendThanks>()
        .register::<engagement::town_halls::Remind>()
        .every_few_minutes("report digest", |hub| {
            Box::pin(async move { reports::digest_tick(hub).await.map(drop) })
        })
        .every_few_minutes("theme convergence", |hub| {
            Box::pin(async move { listen::converge_when_due(hub).await.map(drop) })
        })
}

/// Everything a hub fed by an import owes its mentions, then stop (`chorus triage --drain`,
/// for a batch job): the accurate tier reads every mention waiting for it, so the cases are
/// decided on the signals `chorus serve` would have waited for; triage runs until nothing new
/// is left; themes that converged are merged when due.
pub async fn drain(hub: &Hub) -> Result<triage::worker::DrainReport> {
    let mut upgraded = 0;
    loop {
        let r = listen::understand::tick(hub).await?;
        upgraded += r.upgraded;
        if r.upgraded == 0 {
            break;
        }
    }
    let mut report = triage::worker::drain(hub).await?;
    report.upgraded = upgraded;
    listen::converge_when_due(hub).await?;
    Ok(report)
}

/// The channels a case's reply can go out on, each posted by the feature that owns the
/// channel (see [`outbound`]).
pub fn outbound_channels() -> outbound::Channels {
    outbound::Channels::new()
        .with(chorus_core::Channel::Mastodon, listen::replies::mastodon)
        .with(chorus_core::Channel::Bluesky, listen::replies::bluesky)
        .with(chorus_core::Channel::Community, community::outbound::send)
        .with(chorus_core::Channel::Email, triage::deliver::email)
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
