//! Checks of values that parse but cannot work (a listen address without a port, an SLA
//! table with a gap), each reported with the key to fix.

use super::*;

impl Config {
    /// Checks values that parse but cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |key, message: String| Err(ConfigError { key, message });
        if self.server.listen.parse::<SocketAddr>().is_err() {
            return err(
                "server.listen",
                format!(
                    "{:?} is not an address like 127.0.0.1:8080",
                    self.server.listen
                ),
            );
        }
        if chorus_i18n::Locale::parse(&self.hub.locale).is_none() {
            return err(
                "hub.locale",
                format!("{:?} is not one of en, es, de, fr", self.hub.locale),
            );
        }
        // Hosts go into the Content-Security-Policy header: nothing but a host name.
        for host in self.engagement.video_hosts() {
            let ok = host.len() <= 253
                && host.contains('.')
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
            if !ok {
                return err(
                    "engagement.video_hosts",
                    format!("{host:?} is not a host name like framatube.org"),
                );
            }
        }
        let broker = self.broker.url.trim();
        if !broker.is_empty() {
            if !(broker.starts_with("nats://") || broker.starts_with("tls://")) {
                return err(
                    "broker.url",
                    format!("{broker:?} must start with nats:// or tls://"),
                );
            }
            if !self.database_url().starts_with("postgres") {
                return err(
                    "broker.url",
                    "instances sharing a broker must share a PostgreSQL database \
                     (set database.url to postgres://…)"
                        .to_owned(),
                );
            }
            let p = &self.broker.prefix;
            if !chorus_bus::nats::valid_prefix(p) {
                return err(
                    "broker.prefix",
                    format!("{p:?} must be 1 to 32 lower-case letters, digits or '-'"),
                );
            }
            if !(1..=5).contains(&self.broker.replicas) {
                return err("broker.replicas", "must be 1 to 5".to_owned());
            }
            if self.broker.park_after < 2 {
                return err("broker.park_after", "must be at least 2".to_owned());
            }
            if self.broker.in_flight == 0 || self.broker.answer_secs == 0 {
                return err(
                    "broker.in_flight",
                    "broker.in_flight and broker.answer_secs must be at least 1".to_owned(),
                );
            }
        }
        let public = self.server.public_url.trim();
        if !(public.is_empty() || public.starts_with("http://") || public.starts_with("https://")) {
            return err(
                "server.public_url",
                format!("{public:?} must start with http:// or https://"),
            );
        }
        if !matches!(
            self.search.backend.as_str(),
            "auto" | "tantivy" | "postgres"
        ) {
            return err(
                "search.backend",
                format!(
                    "{:?} must be auto, tantivy or postgres",
                    self.search.backend
                ),
            );
        }
        if self.search.backend == "postgres" && !self.database_url().starts_with("postgres") {
            return err(
                "search.backend",
                "postgres search needs a PostgreSQL database.url".to_owned(),
            );
        }
        if !matches!(self.log.format.as_str(), "pretty" | "json") {
            return err(
                "log.format",
                format!("{:?} must be pretty or json", self.log.format),
            );
        }
        if self.auth.argon2_memory_kib < 8 || self.auth.argon2_iterations < 1 {
            return err(
                "auth.argon2_memory_kib",
                "Argon2 needs at least 8 KiB and 1 iteration".to_owned(),
            );
        }
        if self.auth.session_days == 0 {
            return err("auth.session_days", "must be at least 1".to_owned());
        }
        if self.mail.max_attempts == 0 {
            return err("mail.max_attempts", "must be at least 1".to_owned());
        }
        let u = &self.understand;
        if u.threads > 256 {
            return err("understand.threads", "must be at most 256".to_owned());
        }
        if u.batch == 0 || u.batch > 1_024 {
            return err("understand.batch", "must be between 1 and 1024".to_owned());
        }
        if u.max_delay_secs > 3_600 {
            return err(
                "understand.max_delay_secs",
                "must be at most 3600 (an hour)".to_owned(),
            );
        }
        if u.give_up_minutes == 0 || u.give_up_minutes > 7 * 24 * 60 {
            return err(
                "understand.give_up_minutes",
                "must be between 1 and 10080 (a week)".to_owned(),
            );
        }
        let l = &self.listen;
        if l.batch_size == 0 || l.batch_size > 100_000 {
            return err(
                "listen.batch_size",
                "must be between 1 and 100000".to_owned(),
            );
        }
        if !(0.0..=1.0).contains(&l.theme_similarity) {
            return err(
                "listen.theme_similarity",
                "must be between 0 and 1".to_owned(),
            );
        }
        if !(0.0..=1.0).contains(&l.theme_meaning_similarity) {
            return err(
                "listen.theme_meaning_similarity",
                "must be between 0 and 1".to_owned(),
            );
        }
        if !(l.spike_z.is_finite() && l.spike_z > 0.0) {
            return err("listen.spike_z", "must be a positive number".to_owned());
        }
        if l.min_poll_seconds == 0 || l.default_poll_seconds < l.min_poll_seconds {
            return err(
                "listen.default_poll_seconds",
                "must be at least listen.min_poll_seconds, which must be at least 1".to_owned(),
            );
        }
        if l.lease_seconds < 3 {
            return err("listen.lease_seconds", "must be at least 3".to_owned());
        }
        if l.max_ingest_bytes < 1024 {
            return err(
                "listen.max_ingest_bytes",
                "must be at least 1024".to_owned(),
            );
        }
        let r = &self.reports;
        for (key, v) in [
            ("reports.agent_minute_cost", r.agent_minute_cost),
            ("reports.minutes_per_case", r.minutes_per_case),
            ("reports.cost_per_deflection", r.cost_per_deflection),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return err(key, "must be a number, zero or more".to_owned());
            }
        }
        if !matches!(r.digest.as_str(), "daily" | "weekly" | "off") {
            return err("reports.digest", "must be daily, weekly or off".to_owned());
        }
        for origin in self.embed.origins() {
            if origin == "*" {
                continue;
            }
            let usable = reqwest::Url::parse(&origin).ok().is_some_and(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some()
                    && u.path() == "/"
                    && u.query().is_none()
                    && u.username().is_empty()
            });
            if !usable {
                return err(
                    "embed.allowed_origins",
                    format!(
                        "{origin:?} is not an origin like https://www.example.com \
                         (scheme, host and port only)"
                    ),
                );
            }
        }
        let m = &self.moderation;
        for (key, value) in [
            ("moderation.limits_new", &m.limits_new),
            ("moderation.limits_basic", &m.limits_basic),
            ("moderation.limits_member", &m.limits_member),
        ] {
            if let Err(e) = parse_limits(value) {
                return err(key, e);
            }
        }
        if !(0.0..=1.0).contains(&m.abusive_threshold) {
            return err(
                "moderation.abusive_threshold",
                "must be between 0 and 1".to_owned(),
            );
        }
        if !(-1.0..=1.0).contains(&m.prioritise_sentiment) {
            return err(
                "moderation.prioritise_sentiment",
                "must be between -1 and 1".to_owned(),
            );
        }
        if m.flags_to_hide == 0 {
            return err("moderation.flags_to_hide", "must be at least 1".to_owned());
        }
        let t = &self.triage;
        if let Err(e) = t.business_hours() {
            return err("triage.business_hours", e);
        }
        for (key, value) in [
            ("triage.sla_urgent", &t.sla_urgent),
            ("triage.sla_high", &t.sla_high),
            ("triage.sla_normal", &t.sla_normal),
            ("triage.sla_low", &t.sla_low),
        ] {
            if let Err(e) = parse_sla(value) {
                return err(key, e);
            }
        }
        if t.delivery_attempts == 0 {
            return err("triage.delivery_attempts", "must be at least 1".to_owned());
        }
        if !matches!(
            t.mastodon_visibility.as_str(),
            "public" | "unlisted" | "private" | "direct"
        ) {
            return err(
                "triage.mastodon_visibility",
                "must be public, unlisted, private or direct".to_owned(),
            );
        }
        let hook = t.escalation_webhook_url.trim();
        if !hook.is_empty() && !chorus_core::triage::is_http_url(hook) {
            return err(
                "triage.escalation_webhook_url",
                format!("{hook:?} is not an http(s) URL"),
            );
        }
        let db = self.database.url.trim();
        if !(db.is_empty()
            || db.starts_with("sqlite:")
            || db.starts_with("postgres://")
            || db.starts_with("postgresql://"))
        {
            return err(
                "database.url",
                format!("{db:?} must start with sqlite:, postgres:// or postgresql://"),
            );
        }
        for (key, provider) in &self.oidc.providers {
            provider.check(key).map_err(|message| ConfigError {
                key: "oidc.providers",
                message,
            })?;
        }
        Ok(())
    }
}

impl OidcProvider {
    /// Checks the provider called `key`; the message names it.
    fn check(&self, key: &str) -> Result<(), String> {
        let valid_key = !key.is_empty()
            && key.len() <= 32
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_key {
            return Err(format!(
                "{key:?} must be 1 to 32 lower-case letters, digits or '-' (it is part of the \
                 sign-in address)"
            ));
        }
        if !secure_issuer(&self.issuer) {
            return Err(format!(
                "{key}.issuer {:?} must be an https:// URL (http:// only on loopback)",
                self.issuer
            ));
        }
        if self.client_id.trim().is_empty() {
            return Err(format!("{key}.client_id is empty"));
        }
        if !self.scopes.split_whitespace().any(|s| s == "openid") {
            return Err(format!(
                "{key}.scopes {:?} must include openid",
                self.scopes
            ));
        }
        if self.default_role.parse::<Role>().is_err() {
            return Err(format!(
                "{key}.default_role {:?} must be member, agent, manager or admin",
                self.default_role
            ));
        }
        self.role_map().map_err(|e| format!("{key}.roles: {e}"))?;
        if !self.roles.trim().is_empty() && self.role_claim.trim().is_empty() {
            return Err(format!(
                "{key}.roles needs role_claim, the claim they are read from"
            ));
        }
        Ok(())
    }
}

/// Whether an issuer URL is https, or http on a loopback host (a provider on the same
/// machine, as in tests): tokens must never cross a network in the clear.
pub(crate) fn secure_issuer(url: &str) -> bool {
    if let Some(rest) = url.strip_prefix("https://") {
        return !rest.is_empty();
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => authority,
    };
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}
