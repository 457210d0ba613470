//! The one test kit of the service tests: a hub on SQLite or PostgreSQL (each test its own
//! database, from `chorus_testkit::on_both_backends!`), in its own data directory, with cheap
//! password hashing, a manual clock unless asked otherwise, an SMTP capture when mail matters,
//! and members made in one call.
//!
//! Every test file includes it (`mod kit;`) and uses what it needs, so a change to how a test
//! hub is made happens once.

#![allow(dead_code, reason = "each test file uses part of the kit")]

use chorus_core::{Role, Timestamp, User};
use chorus_service::{Clock, Config, Hub, admin};
use chorus_testkit::{SmtpCapture, TempDir};

/// When the manual clock starts unless a test says otherwise (2027-01-15).
pub const START: Timestamp = Timestamp(1_800_000_000_000);

/// The password every member made by the kit has.
pub const PASSWORD: &str = "correct horse battery";

/// A hub for one test, and what keeps it alive.
pub struct TestHub {
    /// The hub.
    pub hub: Hub,
    /// The SMTP capture mail goes to, when asked for with [`Builder::smtp`].
    pub smtp: Option<SmtpCapture>,
    /// The data directory, removed when the test ends.
    pub dir: TempDir,
}

/// A change to the configuration, applied before the hub opens.
type Tweak = Box<dyn FnOnce(&mut Config)>;

/// How to make a [`TestHub`].
pub struct Builder {
    url: String,
    clock: Clock,
    smtp: bool,
    tweaks: Vec<Tweak>,
}

/// A hub on the database at `url`, with a manual clock at [`START`].
pub fn hub(url: String) -> Builder {
    Builder {
        url,
        clock: Clock::manual(START),
        smtp: false,
        tweaks: Vec::new(),
    }
}

impl Builder {
    /// A manual clock at `t` instead of [`START`].
    pub fn at(mut self, t: Timestamp) -> Self {
        self.clock = Clock::manual(t);
        self
    }

    /// The system clock (tests of real network timing: polling, streams, back-off).
    pub fn system_clock(mut self) -> Self {
        self.clock = Clock::System;
        self
    }

    /// Mail goes to a local SMTP capture instead of the outbox directory.
    pub fn smtp(mut self) -> Self {
        self.smtp = true;
        self
    }

    /// Changes the configuration before the hub opens.
    pub fn config(mut self, tweak: impl FnOnce(&mut Config) + 'static) -> Self {
        self.tweaks.push(Box::new(tweak));
        self
    }

    /// Opens the hub (migrating its database).
    pub async fn build(self) -> TestHub {
        chorus_listen::install_crypto();
        let dir = TempDir::new();
        let mut config = Config::default();
        config.hub.data_dir = dir.path().to_owned();
        config.database.url = self.url;
        // Cheap hashes keep the tests fast; production defaults are checked in config tests.
        config.auth.argon2_memory_kib = 64;
        config.auth.argon2_iterations = 1;
        let smtp = if self.smtp {
            let capture = SmtpCapture::start().await;
            config.mail.smtp_url = capture.url();
            Some(capture)
        } else {
            None
        };
        for tweak in self.tweaks {
            tweak(&mut config);
        }
        let hub = Hub::open_with_clock(config, self.clock)
            .await
            .expect("the test hub opens");
        TestHub { hub, smtp, dir }
    }
}

/// Makes a member `name` (`name@example.com`, spaces as dots) with `role`.
pub async fn user(hub: &Hub, name: &str, role: Role) -> User {
    admin::create_user(
        hub,
        &format!("{}@example.com", name.replace(' ', ".")),
        name,
        PASSWORD,
        role,
    )
    .await
    .expect("the test member is created")
}
