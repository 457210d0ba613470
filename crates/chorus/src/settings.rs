//! Loading the configuration in layers and setting up logging.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chorus_service::Config;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};

use crate::cli::{Cli, Command};

/// Environment variables read as `CHORUS_SECTION__KEY`; these flat aliases also work.
const ALIASES: &[(&str, &str)] = &[
    ("data_dir", "hub.data_dir"),
    ("database_url", "database.url"),
    ("nats", "broker.url"),
];

/// Builds the configuration: defaults < file < environment < flags; then validates it.
pub fn load(cli: &Cli) -> Result<Config> {
    let sections: Vec<&str> = Config::SECTIONS.iter().map(|s| s.key).collect();
    let mut figment = Figment::from(Serialized::defaults(Config::default()));
    match &cli.config {
        Some(path) => {
            if !path.exists() {
                bail!("configuration file {} does not exist", path.display());
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        None => {
            let default = PathBuf::from("chorus.toml");
            if default.exists() {
                figment = figment.merge(Toml::file_exact(default));
            }
        }
    }
    // Keys arrive as written (`HUB__NAME`); only known sections and aliases are taken, so
    // unrelated `CHORUS_*` variables (e.g. of the test suite) are not mistaken for settings.
    let env = Env::prefixed("CHORUS_").filter_map(move |key| {
        let k = key.as_str().to_ascii_lowercase();
        if let Some((_, target)) = ALIASES.iter().find(|(a, _)| *a == k) {
            return Some((*target).into());
        }
        match k.split_once("__") {
            Some((section, field)) if sections.contains(&section) => {
                // Deeper keys nest the same way: OIDC__PROVIDERS__GOOGLE__ISSUER.
                Some(format!("{section}.{}", field.replace("__", ".")).into())
            }
            _ => None,
        }
    });
    figment = figment.merge(env);
    let mut config: Config = figment.extract().context("invalid configuration")?;

    if let Some(dir) = &cli.data_dir {
        config.hub.data_dir.clone_from(dir);
    }
    if let Some(url) = &cli.database_url {
        config.database.url.clone_from(url);
    }
    if let Some(url) = &cli.nats {
        config.broker.url.clone_from(url);
    }
    if let Command::Serve {
        listen: Some(listen),
        ..
    }
    | Command::All {
        listen: Some(listen),
        ..
    } = &cli.command
    {
        config.server.listen.clone_from(listen);
    }
    config.validate()?;
    Ok(config)
}

/// Logs to standard error, pretty or JSON; `RUST_LOG` overrides `log.level`.
pub fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&config.log.level))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if config.log.format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// The effective configuration as TOML, with the password of any URL and every secret hidden.
pub fn show(config: &Config) -> Result<String> {
    let mut shown = config.clone();
    shown.database.url = redact_url(&shown.database.url);
    shown.mail.smtp_url = redact_url(&shown.mail.smtp_url);
    if !shown.hub.secret_key.is_empty() {
        shown.hub.secret_key = "(hidden)".to_owned();
    }
    for provider in shown.oidc.providers.values_mut() {
        if !provider.client_secret.is_empty() {
            provider.client_secret = "(hidden)".to_owned();
        }
    }
    toml::to_string(&shown).context("serializing the configuration")
}

/// `scheme://user:secret@host` becomes `scheme://user:***@host`.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (auth, host) = match rest.split_once('@') {
        Some(parts) => parts,
        None => return url.to_owned(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(
            redact_url("postgres://chorus:s3cret@db/chorus"),
            "postgres://chorus:***@db/chorus"
        );
        assert_eq!(
            redact_url("smtps://u:p@mail.example.com"),
            "smtps://u:***@mail.example.com"
        );
        assert_eq!(
            redact_url("postgres://chorus@db/chorus"),
            "postgres://chorus@db/chorus"
        );
        assert_eq!(redact_url(""), "");
    }
}
