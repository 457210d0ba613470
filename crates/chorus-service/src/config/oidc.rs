//! Sign-in through OpenID Connect: the providers table and what each provider's settings
//! mean (who may sign in, which role they get). Kept apart from the flat sections because a
//! provider is a nested table of its own, with defaults and helpers of its own.

use chorus_core::Role;
use serde::{Deserialize, Serialize};

use super::SectionDoc;

/// One OpenID Connect provider people can sign in with (`[oidc.providers.KEY]`; the key, 1 to
/// 32 lower-case letters, digits or `-`, appears in the sign-in addresses
/// `/auth/oidc/KEY/start` and `/auth/oidc/KEY/callback`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OidcProvider {
    /// Shown on the button: "Sign in with NAME". Empty: the key.
    pub name: String,
    /// The issuer, e.g. `https://accounts.google.com`; its discovery document is read from
    /// `ISSUER/.well-known/openid-configuration`. Must be https (http only on loopback).
    pub issuer: String,
    /// The client id the provider gave this hub.
    pub client_id: String,
    /// The client secret, sent to the token endpoint (HTTP Basic unless the provider only
    /// takes it in the form). Empty for a public client, which PKCE protects.
    pub client_secret: String,
    /// Scopes asked for, separated by spaces; must include `openid`.
    pub scopes: String,
    /// Role of accounts created on first sign-in (`member`, `agent`, `manager`, `admin`).
    pub default_role: String,
    /// Claim of the ID token (or user info) that carries the person's groups or roles, e.g.
    /// `groups`. Empty: roles are managed in the hub. When set, every sign-in sets the
    /// account's role from it through `roles`, falling back to `default_role`.
    pub role_claim: String,
    /// Claim values and the hub roles they grant, e.g. `"support-leads=manager staff=agent"`;
    /// the highest role granted wins.
    pub roles: String,
    /// Create an account on the first sign-in of someone the hub does not know (counted
    /// against `auth.signups_per_hour`). When `auth.allow_signup` is off, only people whose
    /// address is in `allowed_domains` get one. Off: only people with an account (matched by
    /// verified e-mail) can sign in.
    pub create_accounts: bool,
    /// E-mail domains allowed to sign in through this provider, separated by spaces, e.g.
    /// `acme.example acme-support.example`. Empty: any (fine for a company's own provider;
    /// set it for a public one such as Google used by staff).
    pub allowed_domains: String,
    /// Treat the provider's e-mail addresses as verified even without `email_verified: true`
    /// when creating accounts (for providers that vouch for every address they issue but do
    /// not send the claim). Never used to link an existing account: that takes a verified
    /// address.
    pub trust_email: bool,
}

impl Default for OidcProvider {
    fn default() -> Self {
        Self {
            name: String::new(),
            issuer: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
            scopes: "openid email profile".to_owned(),
            default_role: "member".to_owned(),
            role_claim: String::new(),
            roles: String::new(),
            create_accounts: true,
            allowed_domains: String::new(),
            trust_email: false,
        }
    }
}

impl OidcProvider {
    /// The role of accounts created on first sign-in (member if the setting is invalid, which
    /// `validate` rejects).
    pub fn default_role(&self) -> Role {
        self.default_role.parse().unwrap_or(Role::Member)
    }

    /// Whether this provider lets the (normalized) address sign in: its domain is listed in
    /// `allowed_domains`, or none are.
    pub fn allows_email(&self, email: &str) -> bool {
        let domains: Vec<&str> = self.allowed_domains.split_whitespace().collect();
        domains.is_empty()
            || email.rsplit_once('@').is_some_and(|(_, domain)| {
                domains
                    .iter()
                    .any(|d| d.trim_start_matches('@').eq_ignore_ascii_case(domain))
            })
    }

    /// The `roles` pairs: claim value and role.
    pub fn role_map(&self) -> Result<Vec<(String, Role)>, String> {
        self.roles
            .split_whitespace()
            .map(|pair| {
                let (value, role) = pair
                    .rsplit_once('=')
                    .filter(|(v, _)| !v.is_empty())
                    .ok_or_else(|| format!("{pair:?} must be VALUE=ROLE, e.g. staff=agent"))?;
                let role = role
                    .parse::<Role>()
                    .map_err(|_| format!("{role:?} in {pair:?} is not a role"))?;
                Ok((value.to_owned(), role))
            })
            .collect()
    }
}

section! {
    /// Sign-in through OpenID Connect providers (authorization code flow with PKCE). Each
    /// provider is a table `[oidc.providers.KEY]` with at least `issuer` (e.g.
    /// "https://accounts.google.com") and `client_id`, and usually `name` and `client_secret`;
    /// register `PUBLIC_URL/auth/oidc/KEY/callback` as its redirect URI. Other keys:
    /// `scopes`, `default_role`, `role_claim`, `roles`, `create_accounts`, `allowed_domains`,
    /// `trust_email` (see
    /// the README). Environment variables reach them as `CHORUS_OIDC__PROVIDERS__KEY__ISSUER`.
    OidcConfig ("oidc") {
        /// The providers, by key.
        providers: std::collections::BTreeMap<String, OidcProvider> = std::collections::BTreeMap::new(),
    }
}
