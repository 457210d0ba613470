//! Reports over HTTP on the demo data: the summary JSON contract, CSV exports that match it,
//! the dashboard with inline SVG charts and data tables, filters, and refusals.

use chorus_core::Role;
use chorus_testkit::on_both_backends;
use reqwest::{Method, StatusCode};

use crate::common::{TestApp, send};

async fn csv(app: &TestApp, token: &str, query: &str) -> (StatusCode, String, String) {
    let r = app
        .client
        .get(app.url(&format!("/api/v1/reports/export.csv?{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, r.text().await.unwrap())
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| {
            l.split(',')
                .map(|c| c.trim_matches('"').to_owned())
                .collect()
        })
        .collect()
}

async fn reports_api(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    chorus_service::demo::seed(&app.hub).await.unwrap();
    // Open the cases the demo's mentions call for, as `chorus serve` does every second.
    chorus_service::triage::worker::tick(&app.hub)
        .await
        .unwrap();
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("member@example.com", Role::Member).await;
    let agent = app.token("agent@example.com").await;
    let member = app.token("member@example.com").await;

    let (s, r) = send(&app, Method::GET, &agent, "/api/v1/reports/summary", None).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    for key in [
        "mentions_by_channel",
        "reach_by_channel",
        "sentiment",
        "cases",
        "community",
        "deflection_rate",
        "cost_per_issue",
    ] {
        assert!(r.get(key).is_some(), "{key} missing: {r}");
    }
    for key in [
        "opened",
        "first_response_median_s",
        "resolution_median_s",
        "sla_met_ratio",
    ] {
        assert!(r["cases"].get(key).is_some(), "cases.{key}");
    }
    for key in ["topics", "peer_answer_ratio"] {
        assert!(r["community"].get(key).is_some(), "community.{key}");
    }
    let by_channel = r["mentions_by_channel"].as_object().unwrap();
    let total: i64 = by_channel.values().map(|v| v.as_i64().unwrap()).sum();
    assert!(total > 50, "the demo's week of mentions: {r}");
    let sentiment = &r["sentiment"];
    assert_eq!(
        total,
        ["negative", "neutral", "positive"]
            .iter()
            .map(|k| sentiment[k].as_i64().unwrap())
            .sum::<i64>()
    );
    assert!(r["cases"]["opened"].as_i64().unwrap() >= 1);
    // The demo's week was answered, some of it late: SLA met is a share, neither 0 nor 1.
    let met = r["cases"]["sla_met_ratio"].as_f64().unwrap();
    assert!(met > 0.5 && met < 1.0, "{met}");
    assert!(r["community"]["topics"].as_i64().unwrap() >= 1);
    assert!(r["cost_per_issue"].as_f64().unwrap() > 0.0);
    let series = r["series"].as_array().unwrap();
    assert_eq!(r["granularity"], "day");
    assert!((30..=31).contains(&series.len()), "{}", series.len());
    let series_total: i64 = series.iter().map(|b| b["mentions"].as_i64().unwrap()).sum();
    assert_eq!(series_total, total, "the buckets add up to the totals");

    // The CSV exports carry the same figures as the JSON.
    let (s, ct, text) = csv(&app, &agent, "report=channels").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let table = rows(&text);
    assert_eq!(table[0][..3], ["channel", "mentions", "reach"]);
    assert_eq!(table.len() - 1, by_channel.len());
    for row in &table[1..] {
        assert_eq!(by_channel[&row[0]].as_i64().unwrap().to_string(), row[1]);
        assert_eq!(
            r["reach_by_channel"][&row[0]].as_i64().unwrap().to_string(),
            row[2]
        );
    }
    let (_, _, text) = csv(&app, &agent, "report=summary").await;
    let summary: std::collections::HashMap<String, String> = rows(&text)
        .into_iter()
        .skip(1)
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(summary["mentions"], total.to_string());
    assert_eq!(summary["cases_opened"], r["cases"]["opened"].to_string());
    assert_eq!(
        summary["community_topics"],
        r["community"]["topics"].to_string()
    );
    assert_eq!(
        summary["cost_per_issue"].parse::<f64>().unwrap(),
        r["cost_per_issue"].as_f64().unwrap()
    );
    let (_, _, text) = csv(&app, &agent, "report=volume&granularity=week").await;
    let weekly: i64 = rows(&text)[1..]
        .iter()
        .map(|r| r[1].parse::<i64>().unwrap())
        .sum();
    assert_eq!(weekly, total);

    // Filters narrow the figures.
    let channel = by_channel.keys().next().unwrap().clone();
    let (s, one) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/reports/summary?channel={channel}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(one["mentions_by_channel"].as_object().unwrap().len(), 1);
    assert_eq!(one["mentions_by_channel"][&channel], by_channel[&channel]);
    let theme = r["themes"][0]["id"].as_i64().unwrap();
    let (s, t) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/reports/summary?theme={theme}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let theme_total: i64 = t["mentions_by_channel"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(theme_total, r["themes"][0]["mentions"].as_i64().unwrap());

    // A form's "all" (empty values) is no filter.
    let (s, all) = send(
        &app,
        Method::GET,
        &agent,
        "/api/v1/reports/summary?theme=&team=&channel=&source=&tag=",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{all}");
    assert_eq!(all["mentions_by_channel"], r["mentions_by_channel"]);

    // Refusals: members, bad periods, unknown exports.
    let (s, _) = send(&app, Method::GET, &member, "/api/v1/reports/summary", None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for q in [
        "from=2026-13-40",
        "from=2027-01-10&to=2027-01-01",
        "granularity=minute",
        "granularity=hour&from=2020-01-01&to=2026-01-01",
        "theme=abc",
    ] {
        let (s, e) = send(
            &app,
            Method::GET,
            &agent,
            &format!("/api/v1/reports/summary?{q}"),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {e}");
    }
    let (s, _, _) = csv(&app, &agent, "report=secrets").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // The dashboard: inline SVG charts with titles and data tables, filters that stick.
    let session = app.login("agent@example.com").await;
    let page = app.get("/reports?granularity=day", Some(&session)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.matches("<svg class=\"chart\"").count() >= 4, "charts");
    assert!(html.contains("<title id=\"chart-volume-t\">"));
    assert!(
        html.matches("<table class=\"data compact\">").count() >= 4,
        "a table per chart"
    );
    assert!(html.contains("/reports/export.csv?report=volume"));
    let page = app
        .get(
            &format!("/reports?channel={channel}&granularity=week"),
            Some(&session),
        )
        .await;
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("<option value=\"{channel}\" selected>")));
    let member_session = app.login("member@example.com").await;
    assert_eq!(
        app.get("/reports", Some(&member_session)).await.status(),
        StatusCode::FORBIDDEN
    );
    let export = app
        .get("/reports/export.csv?report=channels", Some(&session))
        .await;
    assert_eq!(export.status(), StatusCode::OK);
}
on_both_backends!(api, reports_api);

#[tokio::test]
async fn the_digest_is_sent_once_per_period_and_previewed_on_request() {
    let app = TestApp::start_with(|c| {
        c.reports.digest = "weekly".into();
        c.reports.digest_to = "ceo@example.com, cx-lead@example.com".into();
    })
    .await;
    chorus_service::demo::seed(&app.hub).await.unwrap();
    assert_eq!(
        chorus_service::reports::digest_tick(&app.hub)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        chorus_service::reports::digest_tick(&app.hub)
            .await
            .unwrap(),
        0,
        "once a week"
    );
    app.run_jobs().await;
    let mails = app.smtp.mails();
    let to_ceo: Vec<_> = mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == "ceo@example.com"))
        .collect();
    assert_eq!(to_ceo.len(), 1);
    assert!(
        to_ceo[0]
            .header("subject")
            .unwrap()
            .contains("weekly digest")
    );
    assert!(
        to_ceo[0].body().contains("Mentions:"),
        "{}",
        to_ceo[0].body()
    );
    // The preview goes to whoever asked, now.
    app.create_user("manager@example.com", Role::Manager).await;
    let session = app.login("manager@example.com").await;
    let resp = app.post_form("/reports/digest", &[], Some(&session)).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    app.run_jobs().await;
    assert!(app.smtp.mails().iter().any(|m| {
        m.to.iter().any(|t| t == "manager@example.com")
            && m.header("subject")
                .unwrap_or_default()
                .contains("[preview]")
    }));
}
