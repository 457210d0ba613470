//! Reports as files and lines: the CSV exports and the summary pairs shared by the page, the
//! API and the digest.

use super::*;

/// The CSV exports, by name.
pub const EXPORTS: [&str; 7] = [
    "summary",
    "volume",
    "channels",
    "sentiment",
    "themes",
    "cases",
    "community",
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// One export as CSV (a header row, then data), the same figures as the JSON.
pub fn csv(r: &Report, name: &str) -> Result<String> {
    let rows: Vec<Vec<String>> = match name {
        "summary" => {
            let mut rows = vec![vec!["metric".to_owned(), "value".to_owned()]];
            for (k, v) in summary_pairs(r) {
                rows.push(vec![k.to_owned(), v]);
            }
            rows
        }
        "volume" => {
            let mut rows = vec![
                [
                    "bucket", "mentions", "reach", "negative", "neutral", "positive", "cases",
                    "topics",
                ]
                .map(str::to_owned)
                .to_vec(),
            ];
            for b in &r.buckets {
                rows.push(vec![
                    Timestamp(b.start).rfc3339(),
                    b.mentions.to_string(),
                    b.reach.to_string(),
                    b.negative.to_string(),
                    b.neutral.to_string(),
                    b.positive.to_string(),
                    b.cases.to_string(),
                    b.topics.to_string(),
                ]);
            }
            rows
        }
        "channels" => {
            let mut rows = vec![
                [
                    "channel", "mentions", "reach", "negative", "neutral", "positive",
                ]
                .map(str::to_owned)
                .to_vec(),
            ];
            for c in &r.channels {
                rows.push(vec![
                    c.channel.to_string(),
                    c.mentions.to_string(),
                    c.reach.to_string(),
                    c.negative.to_string(),
                    c.neutral.to_string(),
                    c.positive.to_string(),
                ]);
            }
            rows
        }
        "sentiment" => vec![
            vec!["sentiment".to_owned(), "mentions".to_owned()],
            vec!["negative".to_owned(), r.sentiment.0.to_string()],
            vec!["neutral".to_owned(), r.sentiment.1.to_string()],
            vec!["positive".to_owned(), r.sentiment.2.to_string()],
        ],
        "themes" => {
            let mut rows = vec![
                [
                    "theme_id",
                    "label",
                    "mentions",
                    "reach",
                    "negative",
                    "previous",
                    "change_pct",
                    "rising",
                ]
                .map(str::to_owned)
                .to_vec(),
            ];
            for t in &r.themes {
                rows.push(vec![
                    t.theme.theme_id.to_string(),
                    t.theme.label.clone(),
                    t.theme.mentions.to_string(),
                    t.theme.reach.to_string(),
                    t.theme.negative.to_string(),
                    t.theme.previous.to_string(),
                    opt(t.change_pct.map(|c| format!("{c:.1}"))),
                    t.rising.to_string(),
                ]);
            }
            rows
        }
        "cases" | "community" => {
            let mut rows = vec![vec!["metric".to_owned(), "value".to_owned()]];
            for (k, v) in summary_pairs(r) {
                if k.starts_with(name) {
                    rows.push(vec![k.to_owned(), v]);
                }
            }
            rows
        }
        other => {
            return Err(ServiceError::field(
                "report",
                Text::new("err-listen-report-export-unknown")
                    .arg("value", format!("{other:?}"))
                    .arg("expected", EXPORTS.join(", ")),
            ));
        }
    };
    write_rows(&rows)
}

/// Rows as CSV text (CRLF line ends, fields quoted where needed).
pub(super) fn write_rows(rows: &[Vec<String>]) -> Result<String> {
    let mut w = csv_writer();
    for row in rows {
        w.write_record(row)
            .map_err(|e| ServiceError::Internal(format!("csv: {e}")))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Internal(format!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| ServiceError::Internal(format!("csv: {e}")))
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn ratio_text(r: Option<f64>) -> String {
    opt(r.map(|v| format!("{v:.4}")))
}

/// The headline figures as `(metric, value)`, the order the summary export and digest use.
pub fn summary_pairs(r: &Report) -> Vec<(&'static str, String)> {
    vec![
        ("from", r.from.rfc3339()),
        ("to", r.to.rfc3339()),
        ("mentions", r.mentions().to_string()),
        ("reach", r.reach().to_string()),
        ("sentiment_negative", r.sentiment.0.to_string()),
        ("sentiment_neutral", r.sentiment.1.to_string()),
        ("sentiment_positive", r.sentiment.2.to_string()),
        ("cases_opened", r.cases.opened.to_string()),
        (
            "cases_first_response_median_s",
            opt(r.cases.first_response_median_s),
        ),
        (
            "cases_first_response_p90_s",
            opt(r.cases.first_response_p90_s),
        ),
        (
            "cases_resolution_median_s",
            opt(r.cases.resolution_median_s),
        ),
        ("cases_resolution_p90_s", opt(r.cases.resolution_p90_s)),
        ("cases_sla_met_ratio", ratio_text(r.cases.sla_met_ratio)),
        ("community_topics", r.community.topics.to_string()),
        ("community_questions", r.community.questions.to_string()),
        (
            "community_peer_answer_ratio",
            ratio_text(r.community.peer_answer_ratio),
        ),
        (
            "community_first_answer_median_s",
            opt(r.community.first_answer_median_s),
        ),
        ("deflection_rate", format!("{:.4}", r.deflection.rate)),
        (
            "cost_per_issue",
            opt(r.cost.per_issue.map(|c| format!("{c:.2}"))),
        ),
        ("currency", r.cost.currency.clone()),
    ]
}

/// A figure for people to read: the value, or what its absence means (a digest line never
/// ends in a blank).
pub(super) fn or_else(v: Option<String>, missing: &str) -> String {
    v.unwrap_or_else(|| missing.to_owned())
}
