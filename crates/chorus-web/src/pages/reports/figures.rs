//! The dashboard's figures: the key-figure cards and the charts, each chart with its data
//! table and CSV link. Together because both turn one `Report` into what the page shows, in
//! the reader's language; the page handler only assembles them with the filters.

use chorus_i18n::{Arg, Tr};
use chorus_service::reports::{self, Report};

use super::{ChartBlock, Kpi, pct};
use crate::pages::charts::{Series, bar_chart, line_chart};
use crate::pages::listening::channel_name;

/// An amount of money with two decimals, grouped for the reader: 1,234.50, 1.234,50.
fn money(tr: Tr, v: f64) -> String {
    // Costs per issue are far below 2^53 cents, where f64 stays exact.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "amounts far below i64::MAX cents"
    )]
    let cents = (v * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!(
        "{sign}{}{}{:02}",
        tr.number(i64::try_from(cents / 100).unwrap_or(i64::MAX)),
        tr.decimal_mark(),
        cents % 100
    )
}

/// A duration at a glance: 45 s, 12 min, 3.5 h, 2.1 days (in the reader's language).
#[allow(
    clippy::cast_precision_loss,
    reason = "durations far below 2^52 seconds"
)]
fn duration(tr: Tr, s: Option<i64>) -> String {
    match s {
        None => "–".to_owned(),
        Some(s) if s < 90 => format!("{s} s"),
        Some(s) if s < 90 * 60 => format!("{} min", s / 60),
        Some(s) if s < 48 * 3600 => format!("{} h", tr.fixed(s as f64 / 3600.0, 1, false)),
        Some(s) => tr.n(
            "reports-duration-days",
            (s as f64 / 86400.0 * 10.0).round() / 10.0,
        ),
    }
}

pub(super) fn charts(r: &Report, q: &str, tr: Tr) -> Vec<ChartBlock> {
    let labels: Vec<String> = r.buckets.iter().map(|b| b.label.clone()).collect();
    let per = r.granularity.as_str();
    // Titles and captions name the bucket width: "Mentions per day".
    let per_msg = |id: &str| tr.v(id, "per", &per);
    let per_head = tr.t(&format!("reports-per-{per}"));
    let col = |f: fn(&reports::Bucket) -> i64| r.buckets.iter().map(f).collect::<Vec<i64>>();
    let csv = |name: &str| format!("/reports/export.csv?report={name}&{q}");
    let num = |n: i64| tr.number(n);
    let volume_rows = r
        .buckets
        .iter()
        .map(|b| vec![b.label.clone(), num(b.mentions), num(b.reach)])
        .collect();
    let sentiment_rows = r
        .buckets
        .iter()
        .map(|b| {
            vec![
                b.label.clone(),
                num(b.negative),
                num(b.neutral),
                num(b.positive),
            ]
        })
        .collect();
    let work_rows = r
        .buckets
        .iter()
        .map(|b| vec![b.label.clone(), num(b.cases), num(b.topics)])
        .collect();
    let channel_labels: Vec<String> = r
        .channels
        .iter()
        .map(|c| channel_name(tr, c.channel))
        .collect();
    let channel_rows = r
        .channels
        .iter()
        .zip(&channel_labels)
        .map(|(c, name)| vec![name.clone(), num(c.mentions), num(c.reach)])
        .collect();
    let mentions = tr.t("chart-series-mentions");
    let (negative, neutral, positive) = (
        tr.t("chart-series-negative"),
        tr.t("chart-series-neutral"),
        tr.t("chart-series-positive"),
    );
    let (cases, topics) = (tr.t("chart-series-cases"), tr.t("chart-series-topics"));
    let reach = tr.t("chart-axis-reach");
    let channel = tr.t("reports-col-channel");
    vec![
        ChartBlock {
            id: "chart-volume",
            svg: line_chart(
                tr,
                "chart-volume",
                &per_msg("chart-volume"),
                &tr.t("chart-axis-mentions"),
                &labels,
                &[Series {
                    name: &mentions,
                    class: "s-mentions",
                    values: col(|b| b.mentions),
                }],
            ),
            caption: per_msg("chart-volume-caption"),
            head: vec![per_head.clone(), mentions.clone(), reach.clone()],
            rows: volume_rows,
            csv: csv("volume"),
        },
        ChartBlock {
            id: "chart-sentiment",
            svg: line_chart(
                tr,
                "chart-sentiment",
                &per_msg("chart-sentiment"),
                &tr.t("chart-axis-mentions"),
                &labels,
                &[
                    Series {
                        name: &negative,
                        class: "s-negative",
                        values: col(|b| b.negative),
                    },
                    Series {
                        name: &neutral,
                        class: "s-neutral",
                        values: col(|b| b.neutral),
                    },
                    Series {
                        name: &positive,
                        class: "s-positive",
                        values: col(|b| b.positive),
                    },
                ],
            ),
            caption: per_msg("chart-sentiment-caption"),
            head: vec![
                per_head.clone(),
                negative.clone(),
                neutral.clone(),
                positive.clone(),
            ],
            rows: sentiment_rows,
            csv: csv("volume"),
        },
        ChartBlock {
            id: "chart-channels",
            svg: bar_chart(
                tr,
                "chart-channels",
                &tr.t("chart-channels"),
                &reach,
                &channel_labels,
                &r.channels.iter().map(|c| c.reach).collect::<Vec<_>>(),
                "s-reach",
            ),
            caption: tr.t("chart-channels-caption"),
            head: vec![channel, mentions.clone(), reach.clone()],
            rows: channel_rows,
            csv: csv("channels"),
        },
        ChartBlock {
            id: "chart-work",
            svg: line_chart(
                tr,
                "chart-work",
                &per_msg("chart-work"),
                &tr.t("chart-axis-count"),
                &labels,
                &[
                    Series {
                        name: &cases,
                        class: "s-cases",
                        values: col(|b| b.cases),
                    },
                    Series {
                        name: &topics,
                        class: "s-topics",
                        values: col(|b| b.topics),
                    },
                ],
            ),
            caption: per_msg("chart-work-caption"),
            head: vec![per_head, cases.clone(), topics.clone()],
            rows: work_rows,
            csv: csv("volume"),
        },
    ]
}

pub(super) fn kpis(r: &Report, tr: Tr) -> Vec<Kpi> {
    let (neg, neu, pos) = r.sentiment;
    let total = neg + neu + pos;
    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let neg_share = (total > 0).then(|| neg as f64 / total as f64);
    let median = |median: Option<i64>, p90: Option<i64>| {
        (
            duration(tr, median),
            tr.v("reports-kpi-median", "p90", &duration(tr, p90)),
        )
    };
    let (first_response, first_response_hint) = median(
        r.cases.first_response_median_s,
        r.cases.first_response_p90_s,
    );
    let (resolution, resolution_hint) =
        median(r.cases.resolution_median_s, r.cases.resolution_p90_s);
    let kpi = |label: &str, value: String, hint: String| Kpi {
        label: tr.t(label),
        value,
        hint,
    };
    vec![
        kpi(
            "reports-kpi-mentions",
            tr.number(r.mentions()),
            tr.v("reports-kpi-reach", "reach", &tr.compact(r.reach())),
        ),
        kpi(
            "reports-kpi-negative",
            pct(tr, neg_share),
            tr.args(
                "reports-kpi-negative-hint",
                &[("n", Arg::from(total)), ("part", Arg::from(neg))],
            ),
        ),
        kpi(
            "reports-kpi-cases",
            tr.number(r.cases.opened),
            tr.n("reports-kpi-resolved", r.cases.resolved),
        ),
        kpi(
            "reports-kpi-first-response",
            first_response,
            first_response_hint,
        ),
        kpi("reports-kpi-resolution", resolution, resolution_hint),
        kpi(
            "reports-kpi-sla",
            pct(tr, r.cases.sla_met_ratio),
            if r.cases.sla_decided == 0 {
                tr.t("reports-kpi-sla-none")
            } else {
                tr.n("reports-kpi-sla-due", r.cases.sla_decided)
            },
        ),
        kpi(
            "reports-kpi-topics",
            tr.number(r.community.topics),
            tr.n("reports-kpi-questions", r.community.questions),
        ),
        kpi(
            "reports-kpi-peer",
            pct(tr, r.community.peer_answer_ratio),
            tr.nv(
                "reports-kpi-peer-hint",
                r.community.answered,
                "first",
                &duration(tr, r.community.first_answer_median_s),
            ),
        ),
        kpi(
            "reports-kpi-deflection",
            pct(tr, Some(r.deflection.rate)),
            tr.n("reports-kpi-deflected", r.deflection.deflected),
        ),
        kpi(
            "reports-kpi-cost",
            r.cost.per_issue.map_or_else(
                || "–".to_owned(),
                |c| format!("{} {}", money(tr, c), r.cost.currency),
            ),
            [
                tr.nv(
                    "reports-kpi-cost-handled",
                    r.cost.handled,
                    "cost",
                    &money(tr, r.cost.per_handled),
                ),
                tr.nv(
                    "reports-kpi-cost-deflected",
                    r.cost.deflected,
                    "cost",
                    &money(tr, r.cost.per_deflected),
                ),
            ]
            .join(", "),
        ),
    ]
}
