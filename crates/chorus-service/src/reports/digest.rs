//! The scheduled digest: the report of the last period as plain text, e-mailed once per period
//! to `reports.digest_to`.

use chorus_i18n::{Arg, Tr};

use super::*;

/// The digest text in `tr`'s language: the period's key figures and top themes, for e-mail.
pub fn digest_text(tr: Tr, r: &Report, hub_name: &str, link: &str) -> String {
    let mut out = tr.args(
        "mail-digest-title",
        &[
            ("hub", Arg::from(hub_name)),
            ("from", Arg::from(r.from.rfc3339().get(..10).unwrap_or(""))),
            (
                "to",
                Arg::from(
                    Timestamp(r.to.0 - 1)
                        .rfc3339()
                        .get(..10)
                        .unwrap_or("")
                        .to_owned(),
                ),
            ),
        ],
    );
    out.push_str("\n\n");
    let percent = |v: f64| tr.v("mail-digest-percent", "value", &format!("{:.0}", v * 100.0));
    let (neg, neu, pos) = r.sentiment;
    let lines = [
        tr.args(
            "mail-digest-mentions",
            &[
                ("mentions", Arg::from(r.mentions())),
                ("reach", Arg::from(r.reach())),
            ],
        ),
        tr.args(
            "mail-digest-sentiment",
            &[
                ("negative", Arg::from(neg)),
                ("neutral", Arg::from(neu)),
                ("positive", Arg::from(pos)),
            ],
        ),
        tr.args(
            "mail-digest-cases",
            &[
                ("opened", Arg::from(r.cases.opened)),
                (
                    "first",
                    Arg::from(or_else(
                        r.cases
                            .first_response_median_s
                            .map(|s| tr.v("mail-digest-minutes", "value", &(s / 60))),
                        &tr.t("mail-digest-no-responses"),
                    )),
                ),
                (
                    "resolution",
                    Arg::from(or_else(
                        r.cases.resolution_median_s.map(|s| {
                            let hours = tr.fixed(s as f64 / 3600.0, 1, false);
                            tr.v("mail-digest-hours", "value", &hours)
                        }),
                        &tr.t("mail-digest-none-resolved"),
                    )),
                ),
                (
                    "sla",
                    Arg::from(or_else(
                        r.cases.sla_met_ratio.map(percent),
                        &tr.t("mail-digest-no-cases-due"),
                    )),
                ),
            ],
        ),
        tr.args(
            "mail-digest-community",
            &[
                ("n", Arg::from(r.community.topics)),
                (
                    "peer",
                    Arg::from(or_else(
                        r.community.peer_answer_ratio.map(percent),
                        &tr.t("mail-digest-no-answers"),
                    )),
                ),
            ],
        ),
        tr.v(
            "mail-digest-deflection",
            "rate",
            &percent(r.deflection.rate),
        ),
        tr.v(
            "mail-digest-cost",
            "cost",
            &or_else(
                r.cost.per_issue.map(|c| {
                    tr.args(
                        "mail-digest-money",
                        &[
                            ("amount", Arg::from(tr.fixed(c, 2, false))),
                            ("currency", Arg::from(&r.cost.currency)),
                        ],
                    )
                }),
                &tr.t("mail-digest-no-issues"),
            ),
        ),
    ];
    for l in lines {
        out.push_str("- ");
        out.push_str(&l);
        out.push('\n');
    }
    if !r.themes.is_empty() {
        out.push('\n');
        out.push_str(&tr.t("mail-digest-themes"));
        out.push('\n');
        for t in r.themes.iter().take(5) {
            let change = t.change_pct.map_or_else(
                || tr.t("mail-digest-theme-new"),
                |c| tr.v("mail-digest-percent", "value", &format!("{c:+.0}")),
            );
            let id = if t.rising {
                "mail-digest-theme-rising"
            } else {
                "mail-digest-theme"
            };
            out.push_str("- ");
            out.push_str(&tr.args(
                id,
                &[
                    ("theme", Arg::from(&t.theme.label)),
                    ("n", Arg::from(t.theme.mentions)),
                    ("change", Arg::from(change)),
                ],
            ));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&tr.v("mail-digest-dashboard", "link", &link));
    out.push('\n');
    out
}

fn digest_period(hub: &Hub) -> Granularity {
    if hub.config().reports.digest == "daily" {
        Granularity::Day
    } else {
        Granularity::Week
    }
}

/// The report of the period before `start` and the dashboard's link to it.
async fn digest_for(hub: &Hub, start: i64) -> Result<(Report, String)> {
    let g = digest_period(hub);
    let from = Timestamp(start - g.step());
    let q = ReportQuery {
        from: Some(from.rfc3339()),
        to: Some(Timestamp(start).rfc3339()),
        granularity: Some("day".to_owned()),
        ..ReportQuery::default()
    };
    let r = build(hub, &q).await?;
    let link = format!(
        "{}/reports?from={}&to={}",
        hub.config().public_url(),
        &q.from.clone().unwrap_or_default().get(..10).unwrap_or(""),
        &q.to.clone().unwrap_or_default().get(..10).unwrap_or("")
    );
    Ok((r, link))
}

/// The digest's subject and body in `tr`'s language.
fn digest_mail(hub: &Hub, tr: Tr, r: &Report, link: &str) -> (String, String) {
    let name = &hub.config().hub.name;
    let id = if digest_period(hub) == Granularity::Day {
        "mail-digest-subject-daily"
    } else {
        "mail-digest-subject-weekly"
    };
    let subject = tr.args(
        id,
        &[
            ("hub", Arg::from(name)),
            ("mentions", Arg::from(r.mentions())),
            ("cases", Arg::from(r.cases.opened)),
        ],
    );
    (subject, digest_text(tr, r, name, link))
}

/// Sends the digest of the last full period to the caller now (a preview of what
/// stakeholders receive); returns the address.
pub async fn send_digest_now(hub: &Hub, actor: &User) -> Result<String> {
    require(actor, Action::ViewReports)?;
    let g = digest_period(hub);
    let start = g.floor(hub.now().0);
    let (r, link) = digest_for(hub, start).await?;
    let tr = crate::mail::user_tr(hub, actor);
    let (subject, body) = digest_mail(hub, tr, &r, &link);
    crate::mail::enqueue(
        hub,
        &crate::mail::Email {
            to: actor.email.clone(),
            subject: tr.v("mail-digest-preview", "subject", &subject),
            body,
        },
        None,
    )
    .await?;
    Ok(actor.email.clone())
}

/// Sends the scheduled digest once per period to `reports.digest_to` (the job worker calls
/// this every few minutes; a cursor and per-recipient dedupe keys make it once).
pub async fn digest_tick(hub: &Hub) -> Result<usize> {
    let cfg = &hub.config().reports;
    let to: Vec<String> = cfg
        .digest_to
        .split(',')
        .map(str::trim)
        .filter(|a| a.contains('@'))
        .map(str::to_owned)
        .collect();
    if cfg.digest == "off" || to.is_empty() {
        return Ok(0);
    }
    let start = digest_period(hub).floor(hub.now().0);
    let store = hub.store();
    if store.cursor("reports:digest").await? >= start {
        return Ok(0);
    }
    let (r, link) = digest_for(hub, start).await?;
    // Addresses, not members: the hub's language.
    let (subject, body) = digest_mail(hub, hub.tr(), &r, &link);
    for addr in &to {
        crate::mail::enqueue(
            hub,
            &crate::mail::Email {
                to: addr.clone(),
                subject: subject.clone(),
                body: body.clone(),
            },
            Some(&format!("digest:{start}:{addr}")),
        )
        .await?;
    }
    store.set_cursor("reports:digest", start, hub.now()).await?;
    Ok(to.len())
}
