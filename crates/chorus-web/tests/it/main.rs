//! HTTP tests: a real server on a loopback port, driven with reqwest, on a fresh database.
//! One test binary with modules, to link once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod accounts;
mod api;
mod common;
mod community;
mod embed;
mod engagement;
mod guests;
mod hardening;
mod i18n;
mod knowledge;
mod listening;
mod moderation;
mod oidc;
mod reports;
mod shell;
mod triage;
mod webhooks;
