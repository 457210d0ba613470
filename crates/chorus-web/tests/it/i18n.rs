//! The interface in several languages: every string of every template comes from the
//! catalogue, every message id used exists, and the language follows the member's setting,
//! their pick in the footer, then `Accept-Language`.

use std::path::{Path, PathBuf};

use chorus_core::Role;
use reqwest::StatusCode;

use crate::common::{TestApp, cookie_header, location};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Removes the template language (`{{ … }}`, `{% … %}`, `{# … #}`), leaving a space.
fn without_template_syntax(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                out.push('{');
                rest = &after[1..];
                continue;
            }
        };
        match after[2..].find(close) {
            Some(j) => {
                out.push(' ');
                rest = &after[2 + j + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes elements whose content is not prose for readers: scripts, styles, code samples.
fn without_elements(mut s: String, names: &[&str]) -> String {
    for name in names {
        let open = format!("<{name}");
        let close = format!("</{name}>");
        while let Some(i) = s.find(&open) {
            let Some(j) = s[i..].find(&close) else { break };
            s.replace_range(i..i + j + close.len(), " ");
        }
    }
    s
}

fn has_words(text: &str) -> bool {
    // Entities (&middot;, &#8594;) are punctuation, never words.
    let mut t = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        t.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find(';') {
            Some(j) if j < 10 => rest = &after[j + 1..],
            _ => {
                t.push('&');
                rest = &after[1..];
            }
        }
    }
    t.push_str(rest);
    t.chars().any(char::is_alphabetic)
}

/// Attributes whose values people read (or hear from a screen reader).
const READ_ATTRIBUTES: [&str; 5] = [
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "aria-description",
];

/// Literal prose in a template: text between tags, and read attributes.
fn literal_strings(src: &str) -> Vec<String> {
    let s = without_elements(
        without_template_syntax(src),
        &["script", "style", "code", "kbd"],
    );
    let mut found = Vec::new();
    let mut rest = s.as_str();
    while !rest.is_empty() {
        let (text, tag) = match rest.find('<') {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        // A block that fills in an attribute of the parent's tag (` class="narrow"`) is markup.
        let attribute_only = text.trim().starts_with("class=\"") && text.trim().ends_with('"');
        if has_words(text) && !attribute_only {
            found.push(text.trim().to_owned());
        }
        let Some(tag) = tag else { break };
        let end = tag.find('>').map_or(tag.len(), |j| j + 1);
        let inside = &tag[..end];
        for attr in READ_ATTRIBUTES {
            let key = format!(" {attr}=\"");
            if let Some(k) = inside.find(&key) {
                let v = &inside[k + key.len()..];
                let v = &v[..v.find('"').unwrap_or(v.len())];
                if has_words(v) {
                    found.push(format!("{attr}=\"{v}\""));
                }
            }
        }
        rest = &tag[end..];
    }
    found
}

#[test]
fn every_template_string_comes_from_the_catalogue() {
    let mut templates = Vec::new();
    files(&crate_dir().join("templates"), "html", &mut templates);
    assert!(templates.len() > 40, "templates not found");
    let mut problems = Vec::new();
    for path in templates {
        let src = std::fs::read_to_string(&path).unwrap();
        for s in literal_strings(&src) {
            problems.push(format!(
                "{}: {s:?}",
                path.strip_prefix(crate_dir()).unwrap().display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} strings are not from the catalogue:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_template_check_finds_literal_text() {
    assert_eq!(literal_strings("<p>Hello</p>"), vec!["Hello"]);
    assert_eq!(
        literal_strings(r#"<a title="Open it" href="/x">{{ l.t("x") }}</a>"#),
        vec![r#"title="Open it""#]
    );
    assert!(
        literal_strings(r#"<p>{{ l.t("x") }} · {{ n }} &rarr;</p><code>a:b</code>"#).is_empty()
    );
    assert!(literal_strings("<script>let a = 'text';</script>").is_empty());
}

/// Every message id the templates and the web code name literally.
fn used_ids() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    files(&crate_dir().join("templates"), "html", &mut paths);
    files(&crate_dir().join("src"), "rs", &mut paths);
    // E-mails are written in the service, and refusals in the service and the core.
    files(&crate_dir().join("../chorus-service/src"), "rs", &mut paths);
    files(&crate_dir().join("../chorus-core/src"), "rs", &mut paths);
    let mut ids = Vec::new();
    for path in paths {
        let src = std::fs::read_to_string(&path).unwrap();
        for call in [
            ".t(\"",
            ".n(\"",
            ".v(\"",
            ".nv(\"",
            ".args(\"",
            ".attr(\"",
            "Text::new(",
        ] {
            let mut rest = src.as_str();
            while let Some(i) = rest.find(call) {
                // rustfmt may put the id on the next line: `Text::new(\n    "id",`.
                let tail = &rest[i + call.len()..];
                let after = if call.ends_with('"') {
                    tail
                } else {
                    tail.trim_start().strip_prefix('"').unwrap_or(" ")
                };
                let id: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if after[id.len()..].starts_with('"') && !id.is_empty() {
                    ids.push((path.file_name().unwrap().to_string_lossy().into_owned(), id));
                }
                rest = tail;
            }
        }
    }
    ids
}

#[test]
fn every_message_id_used_exists() {
    let ids = used_ids();
    assert!(ids.len() > 50, "found only {} ids", ids.len());
    let missing: Vec<String> = ids
        .iter()
        .filter(|(_, id)| !chorus_i18n::has_message(id))
        .map(|(f, id)| format!("{f}: {id}"))
        .collect();
    assert!(
        missing.is_empty(),
        "unknown message ids:\n{}",
        missing.join("\n")
    );
}

/// A page as a browser asking for `accept` sees it, with `cookie` if given.
async fn page_in(app: &TestApp, path: &str, accept: &str, cookie: Option<&str>) -> String {
    let mut req = app
        .client
        .get(app.url(path))
        .header("accept-language", accept);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    resp.text().await.unwrap()
}

#[tokio::test]
async fn accept_language_chooses_the_page_language() {
    let app = TestApp::start().await;
    for (accept, lang, nav) in [
        ("de-DE,de;q=0.9,en;q=0.5", "de", "Hilfeartikel"),
        ("es", "es", "Centro de ayuda"),
        ("fr-CA, en;q=0.3", "fr", "Communauté"),
        ("ja, en;q=0.1", "en", "Knowledge base"),
    ] {
        let html = page_in(&app, "/", accept, None).await;
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{accept}");
        assert!(html.contains(nav), "{accept}: no {nav}");
    }
}

#[tokio::test]
async fn a_members_choice_beats_the_browser_and_a_visitors_pick_is_remembered() {
    let app = TestApp::start().await;
    // A visitor picks French in the footer: a cookie, and back to the page they were on.
    let resp = app
        .post_form("/language", &[("locale", "fr"), ("back", "/kb")], None)
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/kb");
    let set = cookie_header(resp.headers(), "chorus_lang").expect("language cookie");
    let picked = set
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("chorus_lang=");
    assert_eq!(picked, "fr");
    let html = page_in(&app, "/", "de", Some(&format!("chorus_lang={picked}"))).await;
    assert!(html.contains("<html lang=\"fr\""));

    // Somewhere else than this hub is never a destination.
    let resp = app
        .post_form(
            "/language",
            &[("locale", "es"), ("back", "//evil.example/")],
            None,
        )
        .await;
    assert_eq!(location(&resp), "/");
    let resp = app
        .post_form(
            "/language",
            &[("locale", "xx"), ("back", "/\\evil.example")],
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/");
    assert!(cookie_header(resp.headers(), "chorus_lang").is_none());

    // A member's choice is stored with their account and beats their browser.
    let member = app.create_user("lang@example.com", Role::Member).await;
    let session = app.login("lang@example.com").await;
    app.post_form(
        "/language",
        &[("locale", "es"), ("back", "/")],
        Some(&session),
    )
    .await;
    let stored = app
        .hub
        .store()
        .user_by_id(member.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.locale.as_deref(), Some("es"));
    let html = page_in(&app, "/", "de", Some(&format!("chorus_session={session}"))).await;
    assert!(html.contains("<html lang=\"es\""));
    assert!(html.contains("Cerrar sesión"));
}

#[tokio::test]
async fn refusals_and_error_pages_are_written_in_the_readers_language() {
    let app = TestApp::start().await;
    // A form the service refuses: its field messages come from the catalogue.
    let resp = app
        .client
        .post(app.url("/signup"))
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "de")
        .form(&[("email", ""), ("name", "Dora"), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("Geben Sie Ihre E-Mail-Adresse ein."),
        "{html}"
    );
    assert!(!html.contains("Enter your e-mail address"), "{html}");
    // The same refusal through the API stays English, for programs.
    let resp = app
        .client
        .post(app.url("/api/v1/users"))
        .header("accept-language", "de")
        .json(&serde_json::json!({"email": "", "name": "Dora", "password": "long enough pass"}))
        .send()
        .await
        .unwrap();
    let body = resp.text().await.unwrap();
    assert!(body.contains("Enter your e-mail address."), "{body}");
    // An address the router cannot read: a sentence in the reader's language, not the
    // framework's words (programs still get those, under /api/).
    let resp = app
        .client
        .get(app.url("/t/abc"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let html = resp.text().await.unwrap();
    assert!(html.contains("Ein Teil dieser Adresse"), "{html}");
    assert!(!html.contains("Cannot parse"), "{html}");
    // An error page's explanation too.
    let html = page_in_status(&app, "/no/such/page", "fr").await;
    assert!(
        html.contains("Nous n’avons pas trouvé cette page"),
        "{html}"
    );
}

async fn page_in_status(app: &TestApp, path: &str, accept: &str) -> String {
    let resp = app
        .client
        .get(app.url(path))
        .header("accept-language", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404, "{path}");
    resp.text().await.unwrap()
}
