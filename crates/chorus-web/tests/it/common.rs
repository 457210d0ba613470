//! A running app for a test: server, hub, SMTP capture, and helpers for cookies and forms.

use std::time::Duration;

use chorus_core::{Role, Timestamp};
use chorus_service::{Clock, Config, Hub, admin, jobs};
use chorus_testkit::{SmtpCapture, TempDir, TestDb};
use reqwest::header::{HeaderMap, HeaderValue, SET_COOKIE};
use reqwest::{Client, Response, StatusCode};
use tokio::sync::oneshot;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    pub hub: Hub,
    pub smtp: SmtpCapture,
    pub client: Client,
    _stop: oneshot::Sender<()>,
    _dir: TempDir,
    _db: Option<TestDb>,
}

impl TestApp {
    /// An app on a fresh SQLite database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// An app on a fresh SQLite database, with configuration changes.
    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Self {
        let db = TestDb::sqlite();
        let url = db.url().to_owned();
        let mut app = Self::start_on(url, tweak).await;
        app._db = Some(db);
        app
    }

    /// An app on the database at `url` (kept alive by the caller).
    pub async fn start_on(url: String, tweak: impl FnOnce(&mut Config)) -> Self {
        let dir = TempDir::new();
        let smtp = SmtpCapture::start().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = Config::default();
        config.hub.data_dir = dir.path().to_owned();
        config.hub.name = "Acme Community".into();
        config.database.url = url;
        config.mail.smtp_url = smtp.url();
        config.server.public_url = base.clone();
        config.auth.argon2_memory_kib = 64;
        config.auth.argon2_iterations = 1;
        tweak(&mut config);
        let hub = Hub::open_with_clock(config, Clock::manual(Timestamp(1_800_000_000_000)))
            .await
            .unwrap();
        let app = chorus_web::app(hub.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(chorus_web::serve(listener, app, async {
            let _ = stopped.await;
        }));
        chorus_listen::install_crypto();
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        TestApp {
            base,
            hub,
            smtp,
            client,
            _stop: stop,
            _dir: dir,
            _db: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET with an optional session cookie.
    pub async fn get(&self, path: &str, session: Option<&str>) -> Response {
        let mut req = self.client.get(self.url(path));
        if let Some(s) = session {
            req = req.header("cookie", format!("chorus_session={s}"));
        }
        req.send().await.unwrap()
    }

    /// A same-origin form POST, as a browser sends it.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        session: Option<&str>,
    ) -> Response {
        let mut req = self
            .client
            .post(self.url(path))
            .header("origin", &self.base)
            .header("sec-fetch-site", "same-origin")
            .form(form);
        if let Some(s) = session {
            req = req.header("cookie", format!("chorus_session={s}"));
        }
        req.send().await.unwrap()
    }

    pub async fn create_user(&self, email: &str, role: Role) -> chorus_core::User {
        admin::create_user(&self.hub, email, &format!("{role} person"), PASSWORD, role)
            .await
            .unwrap()
    }

    /// Logs in through the form and returns the session cookie value.
    pub async fn login(&self, email: &str) -> String {
        let resp = self
            .post_form("/login", &[("email", email), ("password", PASSWORD)], None)
            .await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "login of {email}");
        session_cookie(resp.headers()).expect("session cookie")
    }

    /// Creates an API token for an existing user through the API.
    pub async fn token(&self, email: &str) -> String {
        let resp = self
            .client
            .post(self.url("/api/v1/tokens"))
            .json(&serde_json::json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
        resp.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn run_jobs(&self) -> usize {
        jobs::run_pending(&self.hub).await.unwrap()
    }

    /// Runs the jobs, waits for the first e-mail and returns the token of its reset link.
    pub async fn reset_token_mailed(&self) -> String {
        self.run_jobs().await;
        let mails = self.smtp.wait_for(1, Duration::from_secs(5)).await;
        let body = mails[0].body();
        let start = body.find("/reset/").expect("a reset link") + "/reset/".len();
        body[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect()
    }
}

/// Sends an API request with a bearer token; the status and the JSON body (null if none).
pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    token: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut req = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// The value the response sets for `chorus_session` (`Some("")` when it clears it).
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    cookie_header(headers, "chorus_session").map(|h| {
        h.split(';')
            .next()
            .unwrap()
            .split_once('=')
            .unwrap()
            .1
            .to_owned()
    })
}

/// The whole `Set-Cookie` header for `name`.
pub fn cookie_header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v: &HeaderValue| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with(&format!("{name}=")))
}

pub fn location(resp: &Response) -> String {
    resp.headers()["location"].to_str().unwrap().to_owned()
}
