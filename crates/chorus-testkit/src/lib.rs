//! Test support shared by the Chorus crates.
//!
//! - [`TestDb`]: a fresh database per test, either an SQLite file in a temporary directory or a
//!   new schema on the PostgreSQL server named by `CHORUS_TEST_PG_URL` (default
//!   `postgres://postgres@127.0.0.1:5432/postgres`). Nothing is shared between tests.
//! - [`SmtpCapture`]: a local server that speaks real SMTP and keeps what it receives, standing in
//!   for a mail relay that tests cannot reach.
//! - [`on_both_backends!`]: turns one async test body into a SQLite test and a PostgreSQL test.
//! - Stand-ins for networks tests cannot reach, each speaking the real protocol on a local
//!   port: [`mastodon::MastodonStandIn`] (REST + server-sent events),
//!   [`bluesky::JetstreamStandIn`] (WebSocket) with [`bluesky::XrpcStandIn`] (XRPC), and
//!   [`feed::FeedStandIn`] (HTTP with conditional GET), and [`oidc::OidcStandIn`] (an OpenID
//!   Connect provider: discovery, JWKS, authorization and token endpoints, user info).

pub mod bluesky;
mod db;
pub mod feed;
pub mod mastodon;
pub mod oidc;
mod smtp;

pub use db::{TempDir, TestDb, pg_base_url, random_suffix};
pub use smtp::{CapturedMail, SmtpCapture};

/// Declares a module `$name` with two tests, `sqlite` and `postgres`, each calling
/// `$body(url).await` with the URL of a fresh database of that backend.
///
/// ```ignore
/// async fn stores_users(url: String) { /* connect, migrate, assert */ }
/// chorus_testkit::on_both_backends!(stores_users_on, stores_users);
/// ```
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = $crate::TestDb::sqlite();
                super::$body(db.url().to_owned()).await;
            }

            #[tokio::test]
            async fn postgres() {
                let db = $crate::TestDb::postgres().await;
                super::$body(db.url().to_owned()).await;
            }
        }
    };
}
