//! The one typed configuration of a hub.
//!
//! Values come from, in rising precedence: the defaults below, `chorus.toml`, `CHORUS_*`
//! environment variables, then command-line flags (the binary does the layering). Each section
//! is declared with [`section!`], which turns the field doc comments into both the Rust docs and
//! the comments of `chorus.example.toml`, so the two cannot drift apart; a test compares the
//! committed example with [`Config::example_toml`].

// `SocketAddr`, `Role` and the parsers are used by `validate` through its `use super::*`.
use std::net::SocketAddr;
use std::path::PathBuf;

use chorus_core::Role;
use serde::{Deserialize, Serialize};

/// The documentation of one configuration section, for generating the example file.
#[derive(Debug, Clone, Copy)]
pub struct SectionDoc {
    /// TOML table name, e.g. `server`.
    pub key: &'static str,
    /// Lines describing the section.
    pub doc: &'static [&'static str],
    /// Each field's key and description lines.
    pub fields: &'static [(&'static str, &'static [&'static str])],
}

macro_rules! section {
    (
        $(#[doc = $sdoc:literal])*
        $name:ident ($key:literal) {
            $(
                $(#[doc = $doc:literal])*
                $field:ident : $ty:ty = $default:expr,
            )*
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                pub $field: $ty,
            )*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: $default, )* }
            }
        }

        impl $name {
            /// Key and documentation of this section.
            pub const DOC: SectionDoc = SectionDoc {
                key: $key,
                doc: &[$($sdoc),*],
                fields: &[ $( (stringify!($field), &[$($doc),*]) ),* ],
            };
        }
    };
}

section! {
    /// The hub itself.
    HubConfig ("hub") {
        /// Name shown in page titles, e-mails and the navigation bar.
        name: String = "Chorus Community".to_owned(),
        /// Directory for the embedded database, search index and mail outbox. Created if missing.
        /// Also settable with `--data-dir` or `CHORUS_DATA_DIR`.
        data_dir: PathBuf = PathBuf::from("data"),
        /// Key that seals source secrets (access tokens, app passwords, signing secrets) in the
        /// database: 32 bytes in base64, e.g. from `chorus admin rotate-key`. Empty means the
        /// file `secret.key` in `data_dir`, created with 0600 permissions on first start.
        /// Instances sharing one PostgreSQL database must share this key. Also settable with
        /// `CHORUS_HUB__SECRET_KEY`.
        secret_key: String = String::new(),
        /// Language of the interface and e-mails for readers who chose none and whose browser
        /// asks for none the hub speaks: `en`, `es`, `de` or `fr`. Each member can pick their
        /// own (account page or the footer), and a visitor's `Accept-Language` is honoured.
        locale: String = "en".to_owned(),
    }
}

section! {
    /// The HTTP server.
    ServerConfig ("server") {
        /// Address and port to listen on. Also settable with `--listen`.
        listen: String = "127.0.0.1:8080".to_owned(),
        /// Public address of the hub as people reach it (used in e-mailed links and for CSRF
        /// origin checks behind a proxy), e.g. `https://community.example.com`. Empty means
        /// `http://` + `listen`.
        public_url: String = String::new(),
        /// How many reverse proxies in front of Chorus append to `X-Forwarded-For`. 0 trusts
        /// no header and uses the connection's address (rate limits key on this address).
        trusted_proxies: u8 = 0,
        /// Mark cookies `Secure` (sent over HTTPS only). Forced on when `public_url` is https.
        secure_cookies: bool = false,
        /// Largest request body accepted, in bytes.
        max_body_bytes: usize = 2 * 1024 * 1024,
        /// Seconds before a request is abandoned with 408.
        request_timeout_secs: u64 = 30,
        /// Milliseconds a public community page (home, topic list, topic) rendered for a
        /// visitor who is not signed in is served again to other visitors reading it in the
        /// same language. Writes through this instance are visible at once; changes made
        /// elsewhere (another instance, e-mail, jobs) after at most this long. 0 turns the
        /// cache off.
        page_cache_ms: u64 = 2_000,
        /// Memory the page cache may use, in bytes.
        page_cache_bytes: usize = 16 * 1024 * 1024,
    }
}

section! {
    /// Storage.
    DatabaseConfig ("database") {
        /// `postgres://USER@HOST/DB` to share PostgreSQL between instances, or `sqlite://PATH`.
        /// Empty means the embedded SQLite file `chorus.db` in `hub.data_dir`. Also settable with
        /// `--database-url` or `CHORUS_DATABASE_URL`.
        url: String = String::new(),
        /// Most connections in the pool (per instance).
        max_connections: u32 = 8,
        /// Apply pending migrations when `chorus serve` starts.
        migrate_on_start: bool = true,
    }
}

section! {
    /// The broker that instances sharing one PostgreSQL database pass work through (NATS with
    /// JetStream). Without it the hub is embedded: everything runs in this process.
    BrokerConfig ("broker") {
        /// `nats://HOST:PORT` of a NATS server with JetStream enabled. Empty means no broker
        /// (the embedded hub). Also settable with `--nats` or `CHORUS_NATS`. Needs a shared
        /// PostgreSQL database: instances on separate SQLite files share nothing.
        url: String = String::new(),
        /// Names the hub's stream (`<PREFIX>_WORK`) and subjects (`<prefix>.work.*`,
        /// `<prefix>.events`), so several hubs can share one NATS server: 1 to 32 lower-case
        /// letters, digits or `-`.
        prefix: String = "chorus".to_owned(),
        /// Pieces of work (batches of mentions, signal upgrades, theme changes) the pipeline
        /// worker holds at once; JetStream hands out no more until they are acknowledged.
        in_flight: usize = 16,
        /// Seconds a request that submitted work (a webhook, an API push) waits for the
        /// pipeline worker's answer. After that the work stays queued in JetStream and will be
        /// stored when a worker runs; the request answers 503 `unavailable`, and repeating it
        /// is safe.
        answer_secs: u64 = 10,
        /// Seconds before work taken by a worker that neither finished nor refused it (it
        /// died) is handed to another.
        ack_wait_secs: u64 = 30,
        /// Copies JetStream keeps of the hub's streams when it makes them: 1 on a single NATS
        /// server, 3 on a cluster of three so work and events survive the loss of one server.
        /// Streams that exist keep theirs (change them with `nats stream edit`). 1 to 5.
        replicas: usize = 1,
        /// Deliveries after which work that keeps failing is parked in the database (table
        /// `parked_work`, gauge `chorus_parked_work`) instead of being tried again: about a
        /// quarter of an hour at the default, as retries wait up to a minute. Requeue it with
        /// `chorus admin requeue-work` once the cause is fixed. At least 2.
        park_after: u32 = 20,
    }
}

section! {
    /// Accounts, sessions and their limits.
    AuthConfig ("auth") {
        /// Let visitors create accounts. When off, only admins create them.
        allow_signup: bool = true,
        /// Days a session lasts without being used.
        session_days: u32 = 30,
        /// Failed log-ins allowed per minute for one account, and separately for one address,
        /// before answering 429.
        login_failures_per_minute: u32 = 10,
        /// Sign-ups allowed per hour from one address.
        signups_per_hour: u32 = 10,
        /// Minutes a password-reset link stays valid.
        reset_link_minutes: u32 = 60,
        /// Argon2id memory cost in KiB (OWASP: 19456).
        argon2_memory_kib: u32 = 19 * 1024,
        /// Argon2id iterations (OWASP: 2).
        argon2_iterations: u32 = 2,
        /// Let people log in, sign up and reset passwords with an e-mail address and password.
        /// Turn off when everyone signs in through an OIDC provider (`[oidc.providers.*]`);
        /// admins can still make API tokens with `chorus admin`. Also settable with
        /// `CHORUS_AUTH__PASSWORD_LOGIN=false`.
        password_login: bool = true,
    }
}

section! {
    /// Outgoing e-mail.
    MailConfig ("mail") {
        /// SMTP relay, e.g. `smtps://user:pass@smtp.example.com` or
        /// `smtp://host:587?tls=required`. Empty writes each message as a `.eml` file to the
        /// `outbox` directory under `hub.data_dir` instead (handy for trying Chorus out).
        smtp_url: String = String::new(),
        /// Sender of every message.
        from: String = "Chorus <chorus@localhost>".to_owned(),
        /// Attempts before giving up on a message (with growing pauses between them).
        max_attempts: u32 = 8,
    }
}

section! {
    /// Social listening: sources, the ingestion pipeline, themes and spikes.
    ListenConfig ("listen") {
        /// Run the configured sources (pollers and streams) in `chorus serve`. Turn off on
        /// instances that should only serve pages when several share one database.
        run_sources: bool = true,
        /// Most mentions written in one database transaction.
        batch_size: usize = 5_000,
        /// Largest webhook or inbound e-mail body accepted, in bytes (larger ones get 413).
        max_ingest_bytes: usize = 1024 * 1024,
        /// Seconds between polls of a new source unless its form says otherwise.
        default_poll_seconds: u64 = 120,
        /// Shortest poll interval a source may have, out of politeness towards the networks.
        min_poll_seconds: u64 = 15,
        /// Seconds a source stays claimed by the instance running it without renewal (it is
        /// renewed every third of this). After a crash, another instance resumes the source
        /// within one and a half times this (others look every half): 30 s by default.
        lease_seconds: u64 = 20,
        /// Fewest mentions of a theme in one hour before it can count as a spike.
        spike_min_count: u64 = 10,
        /// Fewest mentions overall in one hour before they can count as a spike.
        spike_min_total: u64 = 50,
        /// How many standard deviations above the usual hourly volume is a spike.
        spike_z: f64 = 3.0,
        /// Hours of history the overall series needs before it can spike.
        spike_warmup_hours: u32 = 24,
        /// Hours after a spike in which the same series cannot spike again (one surge, one
        /// alert). Baselines learn each hour of the day (weekdays and weekends apart) in
        /// `triage.utc_offset_minutes` local time, so the morning rush is not a spike.
        spike_cooldown_hours: u32 = 3,
        /// Minutes between checks that merge themes whose centroids converged (two themes
        /// for one cause, started on different first words); 0 turns automatic merging off.
        /// Staff can still merge and split by hand.
        theme_merge_minutes: u64 = 10,
        /// Cosine similarity (0 to 1) from which a complaint joins an existing theme.
        theme_similarity: f32 = 0.5,
        /// Cosine similarity (0 to 1) of sentence embeddings from which a complaint or
        /// question the words left alone joins the theme it means the same as, or pairs with
        /// another lone one into a theme, once the accurate tier has read it (see
        /// `understand.themes_by_meaning`); 1 leaves themes to the words (no placing and no
        /// merging by meaning).
        theme_meaning_similarity: f64 = 0.6,
        /// Embeddings seen before their running mean is trusted for comparing meanings (no
        /// post is placed by meaning before).
        theme_meaning_warmup: u64 = 100,
        /// Themes kept in memory for clustering (the least recently active are dropped).
        max_active_themes: usize = 50_000,
    }
}

section! {
    /// Understanding: the accurate tier (a transformer encoder) behind ingestion.
    UnderstandConfig ("understand") {
        /// Run the accurate tier behind ingestion when its model is installed: mentions the
        /// fast tier is unsure of, or that may open a case, are stored at once and their
        /// signals upgraded moments later. Off: the fast tier decides everything.
        accurate: bool = true,
        /// Also embed the complaints and questions the accurate tier reads with the untuned
        /// base encoder, so themes gather posts that mean the same in other words (the
        /// fine-tuned encoder's embeddings follow tone more than topic). Costs a second
        /// encoder pass over those posts and about 90 MB of memory; off: themes by words
        /// only.
        themes_by_meaning: bool = true,
        /// Directory of the encoder (config.json, tokenizer.json, model.safetensors), as
        /// `scripts/setup` installs it. Empty means `models/all-minilm-l6-v2` under the
        /// working directory (`chorus serve` also looks next to its checkout). A missing
        /// model turns the accurate tier off with a warning.
        encoder_dir: String = String::new(),
        /// Seconds triage waits for the accurate tier before it decides on the fast tier's
        /// signals (when the accurate tier lags behind a burst).
        max_delay_secs: u64 = 10,
        /// Minutes after which a mention still waiting keeps the fast tier's signals for good.
        give_up_minutes: u64 = 60,
        /// Mentions the accurate tier reads per batch.
        batch: usize = 32,
        /// Cores the accurate tier may use at once (0: all). It works through a backlog
        /// for as long as there is one; the other cores stay free for pages and ingestion.
        threads: usize = 1,
    }
}

section! {
    /// Search, the knowledge base and deflection.
    SearchConfig ("search") {
        /// `auto` (tantivy with SQLite, PostgreSQL full-text search with PostgreSQL),
        /// `tantivy` (an index in `search.index_dir`; one instance only) or `postgres` (the
        /// shared database; for several instances).
        backend: String = "auto".to_owned(),
        /// Directory of the tantivy index (empty: `search` inside `hub.data_dir`).
        index_dir: String = String::new(),
        /// Keep the index current in `chorus serve` (content changes, new mentions).
        run_indexer: bool = true,
        /// Index mentions too (staff search them; costs index space).
        index_mentions: bool = true,
        /// A writer who saw suggestions and neither posted nor said one solved it counts as
        /// "left without posting" after this many minutes.
        deflection_left_after_minutes: u64 = 30,
    }
}

section! {
    /// Reports and the digest.
    ReportsConfig ("reports") {
        /// What an agent minute costs, for cost per issue.
        agent_minute_cost: f64 = 0.75,
        /// Agent minutes a handled case takes on average.
        minutes_per_case: f64 = 12.0,
        /// What serving one deflected question costs (hosting, search), usually near zero.
        cost_per_deflection: f64 = 0.05,
        /// Currency shown next to costs.
        currency: String = "EUR".to_owned(),
        /// E-mail the digest `daily`, `weekly` or `off`.
        digest: String = "off".to_owned(),
        /// Digest recipients, comma-separated (stakeholders need no account).
        digest_to: String = String::new(),
    }
}

section! {
    /// Embedding the community on other sites: the widget (`/embed.js`), the embed API
    /// (`/api/v1/embed/...`) and oEmbed.
    EmbedConfig ("embed") {
        /// Origins whose pages may embed the widget and call the embed API from a browser,
        /// separated by commas or spaces, e.g. `https://www.example.com, https://shop.example.com`
        /// (scheme, host and port; no path). `*` allows every origin. Empty: none, so the widget
        /// works on the hub's own pages only. The listed origins (not `*`) may also frame the
        /// hub's topic pages and topic list (`Content-Security-Policy: frame-ancestors`); no
        /// other page may be framed. Also settable with
        /// `CHORUS_EMBED__ALLOWED_ORIGINS`.
        allowed_origins: String = String::new(),
        /// Requests a minute the embed API answers for one visitor address on one origin (for
        /// callers without an `Origin` header: per address), counted across all instances.
        /// 0: no limit.
        requests_per_minute: u32 = 600,
        /// Seconds browsers and caches may reuse an embed API answer before revalidating it
        /// with its ETag (`Cache-Control: public, max-age=...`).
        cache_secs: u32 = 60,
        /// Let visitors without an account ask a question (the widget's "Ask the community"
        /// pop-up, or `/ask`): they give an e-mail address and a name, and the question is
        /// published, through moderation like any other, once they open the link mailed to
        /// them within a day. The first one makes a member account without a password for
        /// that address; an address with a full account (a password, or a staff role) is asked
        /// to log in instead. Needs `auth.allow_signup`; `auth.signups_per_hour` questions an
        /// hour per visitor address.
        guest_questions: bool = false,
    }
}

impl EmbedConfig {
    /// The allowed origins, normalized (lower case, no trailing slash).
    pub fn origins(&self) -> Vec<String> {
        self.allowed_origins
            .split([',', ' ', '\n', '\t'])
            .map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())
            .filter(|o| !o.is_empty())
            .collect()
    }

    /// Whether a page of `origin` (an `Origin` header's value) may embed the community.
    pub fn allows(&self, origin: &str) -> bool {
        let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
        origin != "null" && self.origins().iter().any(|o| o == "*" || *o == origin)
    }
}

section! {
    /// Engagement: the praise queue, advocates, satisfaction surveys, the turnaround measure,
    /// town halls and videos in answers.
    EngagementConfig ("engagement") {
        /// Days of positive mentions and praise topics the praise queue shows.
        praise_days: u32 = 14,
        /// Days of contributions (accepted answers, helpful votes, praise, positive mentions)
        /// the advocates list ranks.
        advocate_days: u32 = 90,
        /// Ask the customer of every resolved case how satisfied they are (1–5 and a comment),
        /// by e-mail when their address is known, else through the channel of the case.
        csat: bool = true,
        /// Days the link of a satisfaction survey stays open after it is sent.
        csat_days: u32 = 14,
        /// Days after the company's first answer (or the resolution) within which the
        /// customer's next message or survey answer counts for the turnaround measure.
        turnaround_days: u32 = 14,
        /// Minutes before a town hall starts when its followers are reminded by e-mail.
        /// 0: no reminders.
        reminder_minutes: u32 = 60,
        /// Video hosts whose links, alone on a line of an article or an official reply, are
        /// shown as a player that loads only when the reader clicks it. `youtube.com` stands
        /// for YouTube, played from its privacy-enhanced domain (www.youtube-nocookie.com);
        /// any other entry is a PeerTube instance (e.g. `framatube.org`). Separated by commas
        /// or spaces; empty: no players, links stay links.
        video_hosts: String = "youtube.com".to_owned(),
    }
}

impl EngagementConfig {
    /// The video hosts, normalized (lower case, no scheme or path).
    pub fn video_hosts(&self) -> Vec<String> {
        self.video_hosts
            .split([',', ' ', '\n', '\t'])
            .map(|h| {
                h.trim()
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_end_matches('/')
                    .to_ascii_lowercase()
            })
            .filter(|h| !h.is_empty())
            .collect()
    }
}

section! {
    /// Outbound webhooks: what the hub POSTs to other systems when things happen
    /// (`POST /api/v1/webhooks`).
    WebhooksConfig ("webhooks") {
        /// Allow webhook URLs that resolve to loopback, private or link-local addresses. Off,
        /// so an admin account cannot be used to make the hub call into its own network (SSRF);
        /// turn it on for receivers inside your network. Also settable with
        /// `CHORUS_WEBHOOKS__ALLOW_PRIVATE=true`.
        allow_private: bool = false,
        /// Deliveries in a row that may give up (after a day of retries, or refused for good)
        /// before a subscription is switched off and the admins are e-mailed. 0: never.
        disable_after: u32 = 5,
        /// Seconds to wait for a receiver's answer.
        timeout_secs: u64 = 15,
    }
}

section! {
    /// Logging.
    LogConfig ("log") {
        /// Filter in `tracing` syntax, e.g. `info` or `chorus_web=debug,info`. `RUST_LOG`
        /// overrides it.
        level: String = "info".to_owned(),
        /// `pretty` for people or `json` for log collectors.
        format: String = "pretty".to_owned(),
    }
}

/// Every setting of a hub.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The hub itself.
    pub hub: HubConfig,
    /// The HTTP server.
    pub server: ServerConfig,
    /// Storage.
    pub database: DatabaseConfig,
    /// The broker shared by instances.
    pub broker: BrokerConfig,
    /// Accounts and sessions.
    pub auth: AuthConfig,
    /// Outgoing e-mail.
    pub mail: MailConfig,
    /// Social listening.
    pub listen: ListenConfig,
    /// Understanding.
    pub understand: UnderstandConfig,
    /// Triage.
    pub triage: TriageConfig,
    /// Search and the knowledge base.
    pub search: SearchConfig,
    /// Moderation.
    pub moderation: ModerationConfig,
    /// Reports.
    pub reports: ReportsConfig,
    /// Embedding on other sites.
    pub embed: EmbedConfig,
    /// Engagement.
    pub engagement: EngagementConfig,
    /// Outbound webhooks.
    pub webhooks: WebhooksConfig,
    /// Sign-in through OpenID Connect providers.
    pub oidc: OidcConfig,
    /// Logging.
    pub log: LogConfig,
}

/// A setting whose value cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid setting {key}: {message}")]
pub struct ConfigError {
    /// Dotted key, e.g. `server.listen`.
    pub key: &'static str,
    /// What is wrong.
    pub message: String,
}

impl Config {
    /// The documentation of every section, in file order.
    pub const SECTIONS: [SectionDoc; 17] = [
        HubConfig::DOC,
        ServerConfig::DOC,
        DatabaseConfig::DOC,
        BrokerConfig::DOC,
        AuthConfig::DOC,
        MailConfig::DOC,
        ListenConfig::DOC,
        UnderstandConfig::DOC,
        TriageConfig::DOC,
        SearchConfig::DOC,
        ModerationConfig::DOC,
        ReportsConfig::DOC,
        EmbedConfig::DOC,
        EngagementConfig::DOC,
        WebhooksConfig::DOC,
        OidcConfig::DOC,
        LogConfig::DOC,
    ];

    /// The database URL to connect to (the embedded file when none is set).
    pub fn database_url(&self) -> String {
        let url = self.database.url.trim();
        if url.is_empty() {
            format!("sqlite://{}", self.hub.data_dir.join("chorus.db").display())
        } else {
            url.to_owned()
        }
    }

    /// The public base URL without a trailing slash.
    pub fn public_url(&self) -> String {
        let url = self.server.public_url.trim().trim_end_matches('/');
        if url.is_empty() {
            format!("http://{}", self.server.listen)
        } else {
            url.to_owned()
        }
    }

    /// Whether cookies get the `Secure` attribute.
    pub fn secure_cookies(&self) -> bool {
        self.server.secure_cookies || self.public_url().starts_with("https://")
    }
}

#[cfg(test)]
mod tests;

mod example;
mod oidc;
mod rules;
mod validate;
pub use oidc::{OidcConfig, OidcProvider};
pub use rules::{ModerationConfig, TriageConfig};
use rules::{parse_limits, parse_sla};
pub(crate) use validate::secure_issuer;
