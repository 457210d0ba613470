//! The dashboard (`/reports`): key figures, server-rendered SVG charts each with a data
//! table, filters, CSV exports and the digest preview.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::{Channel, Timestamp};
use chorus_service::reports::{self, Report};

use super::charts::{Series, bar_chart, line_chart};
use super::{Ctx, Layout, render};
use crate::api::reports::ReportParams;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", get(dashboard))
        .route("/reports/export.csv", get(export))
        .route("/reports/digest", post(send_digest))
}

struct Kpi {
    label: &'static str,
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
    granularities: [(&'static str, &'static str); 3],
    channel: String,
    channels: Vec<(&'static str, &'static str)>,
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
    theme_rows: Vec<(i64, String, i64, i64, String, bool)>,
    query: String,
    can_digest: bool,
    turnaround: Option<TurnaroundView>,
}

/// A table of the turnaround section: its heading and rows of (name, turned, of, rate).
type TurnaroundTable = (&'static str, Vec<(String, i64, i64, String)>);
/// A table of satisfaction: heading and rows of (name, answers, average, satisfied).
type CsatTable = (&'static str, Vec<(String, i64, String, String)>);

/// The turnaround section: rate, groups, examples and satisfaction scores.
struct TurnaroundView {
    rate: String,
    turned: i64,
    eligible: i64,
    silent: i64,
    window_days: i64,
    /// (group heading, rows of name, turned, eligible, rate).
    groups: Vec<TurnaroundTable>,
    examples: Vec<(i64, String, String, String)>,
    csat: String,
    csat_responses: i64,
    /// (group heading, rows of name, responses, average, satisfied).
    csat_groups: Vec<CsatTable>,
}

impl TurnaroundView {
    fn of(t: &reports::Turnaround) -> Self {
        let rows = |v: &[reports::TurnaroundGroup]| {
            v.iter()
                .take(10)
                .map(|g| (g.name.clone(), g.turned, g.eligible, pct(g.rate)))
                .collect::<Vec<_>>()
        };
        let csat_rows = |v: &[reports::CsatGroup]| {
            v.iter()
                .take(10)
                .map(|g| {
                    (
                        g.name.clone(),
                        g.responses,
                        g.average
                            .map_or_else(|| "–".to_owned(), |a| format!("{a:.1}")),
                        pct(g.satisfied),
                    )
                })
                .collect::<Vec<_>>()
        };
        TurnaroundView {
            rate: pct(t.rate),
            turned: t.turned,
            eligible: t.eligible,
            silent: t.silent,
            window_days: t.window_days,
            groups: vec![
                ("Channel", rows(&t.by_channel)),
                ("Team", rows(&t.by_team)),
                ("Agent", rows(&t.by_agent)),
                ("Theme", rows(&t.by_theme)),
            ],
            examples: t
                .examples
                .iter()
                .map(|e| {
                    (
                        e.case_id,
                        e.subject.clone(),
                        e.before.clone(),
                        e.after.clone(),
                    )
                })
                .collect(),
            csat: t
                .csat
                .average
                .map_or_else(|| "–".to_owned(), |a| format!("{a:.1} / 5")),
            csat_responses: t.csat.responses,
            csat_groups: vec![
                ("Team", csat_rows(&t.csat_by_team)),
                ("Agent", csat_rows(&t.csat_by_agent)),
                ("Channel", csat_rows(&t.csat_by_channel)),
            ],
        }
    }
}

fn duration(s: Option<i64>) -> String {
    match s {
        None => "–".to_owned(),
        Some(s) if s < 90 => format!("{s} s"),
        Some(s) if s < 90 * 60 => format!("{} min", s / 60),
        Some(s) if s < 48 * 3600 => format!("{:.1} h", s as f64 / 3600.0),
        Some(s) => format!("{:.1} days", s as f64 / 86400.0),
    }
}

fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_owned(), |v| format!("{:.0}%", v * 100.0))
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

fn charts(r: &Report, q: &str) -> Vec<ChartBlock> {
    let labels: Vec<String> = r.buckets.iter().map(|b| b.label.clone()).collect();
    let per = r.granularity.as_str();
    let col = |f: fn(&reports::Bucket) -> i64| r.buckets.iter().map(f).collect::<Vec<i64>>();
    let csv = |name: &str| format!("/reports/export.csv?report={name}&{q}");
    let volume_rows = r
        .buckets
        .iter()
        .map(|b| vec![b.label.clone(), b.mentions.to_string(), b.reach.to_string()])
        .collect();
    let sentiment_rows = r
        .buckets
        .iter()
        .map(|b| {
            vec![
                b.label.clone(),
                b.negative.to_string(),
                b.neutral.to_string(),
                b.positive.to_string(),
            ]
        })
        .collect();
    let work_rows = r
        .buckets
        .iter()
        .map(|b| vec![b.label.clone(), b.cases.to_string(), b.topics.to_string()])
        .collect();
    let channel_labels: Vec<String> = r.channels.iter().map(|c| c.channel.to_string()).collect();
    let channel_rows = r
        .channels
        .iter()
        .map(|c| {
            vec![
                c.channel.to_string(),
                c.mentions.to_string(),
                c.reach.to_string(),
            ]
        })
        .collect();
    vec![
        ChartBlock {
            id: "chart-volume",
            svg: line_chart(
                "chart-volume",
                &format!("Mentions per {per}"),
                "Mentions",
                &labels,
                &[Series {
                    name: "Mentions",
                    class: "s-mentions",
                    values: col(|b| b.mentions),
                }],
            ),
            caption: format!("Mentions and reach per {per}"),
            head: vec![per.to_owned(), "Mentions".into(), "Reach".into()],
            rows: volume_rows,
            csv: csv("volume"),
        },
        ChartBlock {
            id: "chart-sentiment",
            svg: line_chart(
                "chart-sentiment",
                &format!("Sentiment per {per}"),
                "Mentions",
                &labels,
                &[
                    Series {
                        name: "Negative",
                        class: "s-negative",
                        values: col(|b| b.negative),
                    },
                    Series {
                        name: "Neutral",
                        class: "s-neutral",
                        values: col(|b| b.neutral),
                    },
                    Series {
                        name: "Positive",
                        class: "s-positive",
                        values: col(|b| b.positive),
                    },
                ],
            ),
            caption: format!("Mentions by sentiment per {per}"),
            head: vec![
                per.to_owned(),
                "Negative".into(),
                "Neutral".into(),
                "Positive".into(),
            ],
            rows: sentiment_rows,
            csv: csv("volume"),
        },
        ChartBlock {
            id: "chart-channels",
            svg: bar_chart(
                "chart-channels",
                "Reach by channel",
                "Reach",
                &channel_labels,
                &r.channels.iter().map(|c| c.reach).collect::<Vec<_>>(),
                "s-reach",
            ),
            caption: "Mentions and reach by channel".into(),
            head: vec!["Channel".into(), "Mentions".into(), "Reach".into()],
            rows: channel_rows,
            csv: csv("channels"),
        },
        ChartBlock {
            id: "chart-work",
            svg: line_chart(
                "chart-work",
                &format!("Cases opened and topics posted per {per}"),
                "Count",
                &labels,
                &[
                    Series {
                        name: "Cases",
                        class: "s-cases",
                        values: col(|b| b.cases),
                    },
                    Series {
                        name: "Topics",
                        class: "s-topics",
                        values: col(|b| b.topics),
                    },
                ],
            ),
            caption: format!("Cases opened and community topics per {per}"),
            head: vec![per.to_owned(), "Cases".into(), "Topics".into()],
            rows: work_rows,
            csv: csv("volume"),
        },
    ]
}

fn kpis(r: &Report) -> Vec<Kpi> {
    let (neg, neu, pos) = r.sentiment;
    let total = neg + neu + pos;
    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let neg_share = (total > 0).then(|| neg as f64 / total as f64);
    vec![
        Kpi {
            label: "Mentions",
            value: r.mentions().to_string(),
            hint: format!("reach {}", r.reach()),
        },
        Kpi {
            label: "Negative",
            value: pct(neg_share),
            hint: format!("{neg} of {total} mentions"),
        },
        Kpi {
            label: "Cases opened",
            value: r.cases.opened.to_string(),
            hint: format!("{} resolved", r.cases.resolved),
        },
        Kpi {
            label: "First response",
            value: duration(r.cases.first_response_median_s),
            hint: format!("median · p90 {}", duration(r.cases.first_response_p90_s)),
        },
        Kpi {
            label: "Resolution",
            value: duration(r.cases.resolution_median_s),
            hint: format!("median · p90 {}", duration(r.cases.resolution_p90_s)),
        },
        Kpi {
            label: "SLA met",
            value: pct(r.cases.sla_met_ratio),
            hint: if r.cases.sla_decided == 0 {
                "no cases due yet".into()
            } else {
                format!("of {} SLA clocks due", r.cases.sla_decided)
            },
        },
        Kpi {
            label: "Topics",
            value: r.community.topics.to_string(),
            hint: format!("{} questions and problems", r.community.questions),
        },
        Kpi {
            label: "Peer answers",
            value: pct(r.community.peer_answer_ratio),
            hint: format!(
                "of {} accepted answers · first answer {}",
                r.community.answered,
                duration(r.community.first_answer_median_s)
            ),
        },
        Kpi {
            label: "Deflection",
            value: pct(Some(r.deflection.rate)),
            hint: format!(
                "{} questions answered before posting",
                r.deflection.deflected
            ),
        },
        Kpi {
            label: "Cost per issue",
            value: r
                .cost
                .per_issue
                .map_or_else(|| "–".to_owned(), |c| format!("{c:.2} {}", r.cost.currency)),
            hint: format!(
                "{} handled at {:.2}, {} deflected at {:.2}",
                r.cost.handled, r.cost.per_handled, r.cost.deflected, r.cost.per_deflected
            ),
        },
    ]
}

async fn dashboard(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<ReportParams>,
) -> Result<Response, PageError> {
    let r = reports::report(&state.hub, &user, &p.query()?).await?;
    let q = query_string(&p, &r);
    let teams = chorus_service::triage::teams(&state.hub, &user)
        .await
        .map(|ts| ts.into_iter().map(|t| (t.id, t.name)).collect())
        .unwrap_or_default();
    let sources = chorus_service::listen::sources::names(&state.hub, &user)
        .await
        .map(|ss| {
            ss.into_iter()
                .map(|(id, name, channel)| (id, format!("{name} ({channel})")))
                .collect()
        })
        .unwrap_or_default();
    let to_day = Timestamp(r.to.0 - 1).rfc3339();
    let turnaround = reports::turnaround_between(&state.hub, &user, r.from, r.to, None)
        .await
        .ok()
        .map(|t| TurnaroundView::of(&t));
    let page = DashboardPage {
        turnaround,
        from: r.from.rfc3339().get(..10).unwrap_or("").to_owned(),
        to: p
            .to
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| to_day.get(..10).unwrap_or("").to_owned()),
        granularity: r.granularity.as_str(),
        granularities: [("hour", "Hour"), ("day", "Day"), ("week", "Week")],
        channel: r.filter.channel.clone().unwrap_or_default(),
        channels: Channel::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
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
        period: format!(
            "{} to {} by {}",
            r.from.rfc3339().get(..16).unwrap_or("").replace('T', " "),
            to_day.get(..16).unwrap_or("").replace('T', " "),
            r.granularity.as_str()
        ),
        kpis: kpis(&r),
        charts: charts(&r, &q),
        theme_rows: r
            .themes
            .iter()
            .map(|t| {
                (
                    t.theme.theme_id,
                    t.theme.label.clone(),
                    t.theme.mentions,
                    t.theme.negative,
                    t.change_pct
                        .map_or_else(|| "new".to_owned(), |c| format!("{c:+.0}%")),
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
) -> Result<Response, PageError> {
    let r = reports::send_digest_now(&state.hub, &user)
        .await
        .map(|to| format!("Digest sent to {to}."));
    super::flash_or(r, "/reports")
}
