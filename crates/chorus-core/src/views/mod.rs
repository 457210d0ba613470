//! Read models: the shapes the service returns and the web renders.
//!
//! Storage decodes its rows into these (with the `sqlx` feature, which derives `FromRow` for
//! the ones read column by column), the service hands them out, and pages and the JSON API
//! render them — so the web crate never names a storage type, and each shape is declared once
//! instead of once per layer. Signals, channels and states are the enums of this crate; their
//! names appear only where a row is decoded or a response is written.

pub mod accounts;
pub mod admin;
pub mod community;
pub mod engagement;
pub mod knowledge;
pub mod listening;
pub mod moderation;
pub mod reports;
pub mod triage;
pub mod webhooks;
