//! The scheduled digest: the report of the last period as plain text, e-mailed once per period
//! to `reports.digest_to`.

use super::*;

/// The digest text: the period's key figures and top themes, for e-mail.
pub fn digest_text(r: &Report, hub_name: &str, link: &str) -> String {
    let mut out = format!(
        "{hub_name}: what customers said from {} to {}\n\n",
        r.from.rfc3339().get(..10).unwrap_or(""),
        Timestamp(r.to.0 - 1).rfc3339().get(..10).unwrap_or("")
    );
    let (neg, neu, pos) = r.sentiment;
    let lines = [
        format!("Mentions: {} (reach {})", r.mentions(), r.reach()),
        format!("Sentiment: {neg} negative, {neu} neutral, {pos} positive"),
        format!(
            "Cases: {} opened, first response median {}, resolution median {}, SLA met {}",
            r.cases.opened,
            or_else(
                r.cases
                    .first_response_median_s
                    .map(|s| format!("{} min", s / 60)),
                "no responses yet"
            ),
            or_else(
                r.cases
                    .resolution_median_s
                    .map(|s| format!("{:.1} h", s as f64 / 3600.0)),
                "none resolved yet"
            ),
            or_else(
                r.cases.sla_met_ratio.map(|v| format!("{:.0}%", v * 100.0)),
                "no cases due yet"
            )
        ),
        format!(
            "Community: {} topics, peer answers {}",
            r.community.topics,
            or_else(
                r.community
                    .peer_answer_ratio
                    .map(|v| format!("{:.0}%", v * 100.0)),
                "no answers yet"
            )
        ),
        format!("Deflection: {:.0}%", r.deflection.rate * 100.0),
        format!(
            "Cost per issue: {}",
            or_else(
                r.cost
                    .per_issue
                    .map(|c| format!("{c:.2} {}", r.cost.currency)),
                "no issues handled yet"
            )
        ),
    ];
    for l in lines {
        out.push_str("- ");
        out.push_str(&l);
        out.push('\n');
    }
    if !r.themes.is_empty() {
        out.push_str("\nTop themes:\n");
        for t in r.themes.iter().take(5) {
            let change = t
                .change_pct
                .map_or_else(|| "new".to_owned(), |c| format!("{c:+.0}%"));
            out.push_str(&format!(
                "- {} — {} mentions ({change}){}\n",
                t.theme.label,
                t.theme.mentions,
                if t.rising { ", rising" } else { "" }
            ));
        }
    }
    out.push_str(&format!("\nThe dashboard: {link}\n"));
    out
}

fn digest_period(hub: &Hub) -> Granularity {
    if hub.config().reports.digest == "daily" {
        Granularity::Day
    } else {
        Granularity::Week
    }
}

async fn digest_for(hub: &Hub, start: i64) -> Result<(Report, String, String)> {
    let g = digest_period(hub);
    let from = Timestamp(start - g.step());
    let q = ReportQuery {
        from: Some(from.rfc3339()),
        to: Some(Timestamp(start).rfc3339()),
        granularity: Some("day".to_owned()),
        ..ReportQuery::default()
    };
    let r = build(hub, &q).await?;
    let name = &hub.config().hub.name;
    let link = format!(
        "{}/reports?from={}&to={}",
        hub.config().public_url(),
        &q.from.clone().unwrap_or_default().get(..10).unwrap_or(""),
        &q.to.clone().unwrap_or_default().get(..10).unwrap_or("")
    );
    let subject = format!(
        "{name} {} digest: {} mentions, {} cases",
        if g == Granularity::Day {
            "daily"
        } else {
            "weekly"
        },
        r.mentions(),
        r.cases.opened
    );
    let body = digest_text(&r, name, &link);
    Ok((r, subject, body))
}

/// Sends the digest of the last full period to the caller now (a preview of what
/// stakeholders receive); returns the address.
pub async fn send_digest_now(hub: &Hub, actor: &User) -> Result<String> {
    require(actor, Action::ViewReports)?;
    let g = digest_period(hub);
    let start = g.floor(hub.now().0);
    let (_, subject, body) = digest_for(hub, start).await?;
    crate::mail::enqueue(
        hub,
        &crate::mail::Email {
            to: actor.email.clone(),
            subject: format!("[preview] {subject}"),
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
    let (_, subject, body) = digest_for(hub, start).await?;
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
