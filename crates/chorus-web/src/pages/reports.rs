//! The dashboard (`/reports`): key figures, server-rendered SVG charts each with a data
//! table, filters, CSV exports and the digest preview.

mod figures;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::{Channel, Timestamp};
use chorus_i18n::{Arg, Locale, Tr};
use chorus_service::reports::{self, Report};

use super::listening::channel_name;
use super::{Ctx, Layout, reader_language, render};
use crate::api::reports::ReportParams;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::state::AppState;
use figures::{charts, kpis};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", get(dashboard))
        .route("/reports/export.csv", get(export))
        .route("/reports/digest", post(send_digest))
}

struct Kpi {
    label: String,
    value: String,
    hint: String,
}

struct ChartBlock {
    id: &'static str,
    svg: String,
    caption: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    csv: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct DashboardPage {
    l: Layout,
    from: String,
    to: String,
    granularity: &'static str,
    granularities: Vec<(&'static str, String)>,
    channel: String,
    channels: Vec<(&'static str, String)>,
    theme: Option<i64>,
    themes: Vec<(i64, String)>,
    team: Option<i64>,
    teams: Vec<(i64, String)>,
    tag: String,
    source: Option<i64>,
    sources: Vec<(i64, String)>,
    period: String,
    kpis: Vec<Kpi>,
    charts: Vec<ChartBlock>,
    /// (id, label, mentions, negative, change, rising).
    theme_rows: Vec<(i64, String, i64, i64, String, bool)>,
    query: String,
    can_digest: bool,
    turnaround: Option<TurnaroundView>,
}

/// A table of the turnaround section: its caption, the heading of its first column, and rows
/// of (name, turned, of, rate).
type TurnaroundTable = (String, String, Vec<(String, i64, i64, String)>);
/// A table of satisfaction: caption, first column's heading and rows of (name, answers,
/// average, satisfied).
type CsatTable = (String, String, Vec<(String, i64, String, String)>);

/// The turnaround section: rate, groups, examples and satisfaction scores.
struct TurnaroundView {
    rate: String,
    turned: i64,
    eligible: i64,
    silent: i64,
    window_days: i64,
    groups: Vec<TurnaroundTable>,
    /// (case id, "Case #12: subject", before, after).
    examples: Vec<(i64, String, String, String)>,
    csat: String,
    csat_responses: i64,
    csat_groups: Vec<CsatTable>,
}

/// A group's name for the reader: channels by their name in the reader's language, other
/// groups (teams, agents, themes) as they are called.
fn group_name(tr: Tr, by_channel: bool, name: &str) -> String {
    match name.parse::<Channel>() {
        Ok(c) if by_channel => channel_name(tr, c),
        _ => name.to_owned(),
    }
}

impl TurnaroundView {
    fn of(t: &reports::Turnaround, tr: Tr) -> Self {
        let rows = |v: &[reports::TurnaroundGroup], by_channel: bool| {
            v.iter()
                .take(10)
                .map(|g| {
                    (
                        group_name(tr, by_channel, &g.name),
                        g.turned,
                        g.eligible,
                        pct(tr, g.rate),
                    )
                })
                .collect::<Vec<_>>()
        };
        let csat_rows = |v: &[reports::CsatGroup], by_channel: bool| {
            v.iter()
                .take(10)
                .map(|g| {
                    (
                        group_name(tr, by_channel, &g.name),
                        g.responses,
                        g.average
                            .map_or_else(|| "–".to_owned(), |a| tr.fixed(a, 1, false)),
                        pct(tr, g.satisfied),
                    )
                })
                .collect::<Vec<_>>()
        };
        let table = |by: &str, rows| {
            (
                tr.t(&format!("reports-turnaround-by-{by}")),
                tr.t(&format!("reports-col-{by}")),
                rows,
            )
        };
        let csat_table = |by: &str, rows| {
            (
                tr.t(&format!("reports-csat-by-{by}")),
                tr.t(&format!("reports-col-{by}")),
                rows,
            )
        };
        TurnaroundView {
            rate: pct(tr, t.rate),
            turned: t.turned,
            eligible: t.eligible,
            silent: t.silent,
            window_days: t.window_days,
            groups: vec![
                table("channel", rows(&t.by_channel, true)),
                table("team", rows(&t.by_team, false)),
                table("agent", rows(&t.by_agent, false)),
                table("theme", rows(&t.by_theme, false)),
            ],
            examples: t
                .examples
                .iter()
                .map(|e| {
                    (
                        e.case_id,
                        tr.args(
                            "reports-example-case",
                            &[
                                ("id", Arg::from(e.case_id.to_string())),
                                ("subject", Arg::from(e.subject.as_str())),
                            ],
                        ),
                        e.before.clone(),
                        e.after.clone(),
                    )
                })
                .collect(),
            csat: t.csat.average.map_or_else(
                || "–".to_owned(),
                |a| format!("{} / 5", tr.fixed(a, 1, false)),
            ),
            csat_responses: t.csat.responses,
            csat_groups: vec![
                csat_table("team", csat_rows(&t.csat_by_team, false)),
                csat_table("agent", csat_rows(&t.csat_by_agent, false)),
                csat_table("channel", csat_rows(&t.csat_by_channel, true)),
            ],
        }
    }
}

/// A share as a percentage: 12%, or 12 % where the language puts a space before the sign.
fn pct(tr: Tr, r: Option<f64>) -> String {
    r.map_or_else(
        || "–".to_owned(),
        |v| match tr.locale() {
            Locale::En => format!("{:.0}%", v * 100.0),
            _ => format!("{:.0}\u{a0}%", v * 100.0),
        },
    )
}

fn query_string(p: &ReportParams, r: &Report) -> String {
    let mut q = vec![
        ("from", r.from.rfc3339()),
        ("to", r.to.rfc3339()),
        ("granularity", r.granularity.as_str().to_owned()),
    ];
    if let Some(c) = p.channel.as_ref().filter(|c| !c.is_empty()) {
        q.push(("channel", c.clone()));
    }
    if let Some(s) = r.filter.source {
        q.push(("source", s.to_string()));
    }
    if let Some(t) = r.theme {
        q.push(("theme", t.to_string()));
    }
    if let Some(t) = r.filter.team {
        q.push(("team", t.to_string()));
    }
    if let Some(t) = p.tag.as_ref().filter(|t| !t.is_empty()) {
        q.push(("tag", t.clone()));
    }
    q.iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn dashboard(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<ReportParams>,
) -> Result<Response, PageError> {
    let r = reports::report(&state.hub, &user, &p.query()?).await?;
    let tr = ctx.l.tr;
    let q = query_string(&p, &r);
    let teams = chorus_service::triage::teams(&state.hub, &user)
        .await
        .map(|ts| ts.into_iter().map(|t| (t.id, t.name)).collect())
        .unwrap_or_default();
    let sources = chorus_service::listen::sources::names(&state.hub, &user)
        .await
        .map(|ss| {
            ss.into_iter()
                .map(|(id, name, channel)| (id, format!("{name} ({})", channel_name(tr, channel))))
                .collect()
        })
        .unwrap_or_default();
    let to_day = Timestamp(r.to.0 - 1).rfc3339();
    let turnaround = reports::turnaround_between(&state.hub, &user, r.from, r.to, None)
        .await
        .ok()
        .map(|t| TurnaroundView::of(&t, tr));
    let page = DashboardPage {
        turnaround,
        from: r.from.rfc3339().get(..10).unwrap_or("").to_owned(),
        to: p
            .to
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| to_day.get(..10).unwrap_or("").to_owned()),
        granularity: r.granularity.as_str(),
        granularities: ["hour", "day", "week"]
            .into_iter()
            .map(|g| (g, tr.t(&format!("reports-per-{g}"))))
            .collect(),
        channel: r.filter.channel.clone().unwrap_or_default(),
        channels: Channel::ALL
            .iter()
            .map(|c| (c.as_str(), channel_name(tr, *c)))
            .collect(),
        theme: r.theme,
        themes: r
            .themes
            .iter()
            .map(|t| (t.theme.theme_id, t.theme.label.clone()))
            .collect(),
        team: r.filter.team,
        teams,
        tag: r.filter.tag.clone().unwrap_or_default(),
        source: r.filter.source,
        sources,
        period: tr.args(
            "reports-period",
            &[
                ("from", Arg::from(tr.datetime(r.from.0))),
                ("to", Arg::from(tr.datetime(r.to.0 - 1))),
                ("per", Arg::from(r.granularity.as_str())),
            ],
        ),
        kpis: kpis(&r, tr),
        charts: charts(&r, &q, tr),
        theme_rows: r
            .themes
            .iter()
            .map(|t| {
                (
                    t.theme.theme_id,
                    t.theme.label.clone(),
                    t.theme.mentions,
                    t.theme.negative,
                    t.change_pct.map_or_else(
                        || tr.t("reports-theme-new"),
                        |c| match tr.locale() {
                            Locale::En => format!("{c:+.0}%"),
                            _ => format!("{c:+.0}\u{a0}%"),
                        },
                    ),
                    t.rising,
                )
            })
            .collect(),
        query: q,
        can_digest: true,
        l: ctx.l,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(serde::Deserialize)]
pub(super) struct ExportName {
    report: String,
}

async fn export(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(e): Query<ExportName>,
    Query(p): Query<ReportParams>,
) -> Result<Response, PageError> {
    let body = crate::api::reports::export_csv(&state, &user, &e.report, &p).await?;
    Ok(crate::api::reports::csv_response(&e.report, body))
}

async fn send_digest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    match reports::send_digest_now(&state.hub, &user).await {
        Ok(to) => Ok(crate::flash::redirect(
            "/reports",
            &tr.v("reports-digest-sent", "to", &to),
        )),
        Err(e) => super::flash_or(tr, Err(e), "/reports"),
    }
}
