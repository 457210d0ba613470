//! Alert actions (e-mail or webhook) and their validation.

use chorus_i18n::Text;
use serde::{Deserialize, Serialize};

use crate::validate::FieldErrors;

/// Where an alert goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AlertAction {
    /// An e-mail.
    Email {
        /// Address.
        to: String,
    },
    /// A JSON POST (Slack-compatible `{"text": ...}` plus details).
    Webhook {
        /// `http://` or `https://` URL.
        url: String,
    },
}

/// Most actions on one alert rule.
pub const MAX_ACTIONS: usize = 10;

/// Checks alert actions: at least one, each with a valid address or URL.
pub fn validate_actions(actions: &mut [AlertAction]) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if actions.is_empty() {
        errors.add("actions", Text::new("err-core-actions-none"));
    }
    if actions.len() > MAX_ACTIONS {
        errors.add(
            "actions",
            Text::new("err-core-actions-many").arg("max", MAX_ACTIONS),
        );
    }
    for a in actions.iter_mut() {
        match a {
            AlertAction::Email { to } => {
                *to = crate::validate::normalize_email(to);
                let mut e = FieldErrors::new();
                crate::validate::check_email(to, &mut e);
                if !e.is_empty() {
                    errors.add(
                        "actions",
                        Text::new("err-core-action-email").arg("value", format!("{to:?}")),
                    );
                }
            }
            AlertAction::Webhook { url } => {
                *url = url.trim().to_owned();
                if !is_http_url(url) {
                    errors.add(
                        "actions",
                        Text::new("err-core-action-url").arg("value", format!("{url:?}")),
                    );
                }
            }
        }
    }
    errors.into_result()
}

/// Whether `url` is an absolute `http(s)://host...` URL without spaces.
pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && r.len() < 2000
            && !r.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}
