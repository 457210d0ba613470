//! The turnaround measure: of the customers who came with a negative message and got an
//! answer, how many were neutral or positive afterwards — what the agents' work changed.
//!
//! A case counts (is *eligible*) when it was opened in the period, a negative message of
//! its customer is in it, the company answered or resolved it, and the customer said
//! something afterwards within the window: a survey answer (their explicit verdict, so it
//! decides when there is one: 3 and above is turned) or their next message on any of their
//! linked channels (neutral or positive is turned). Cases after which the customer said
//! nothing are counted apart (`silent`): silence is not evidence either way. Satisfaction
//! scores are summarised here too, by the same groups.

use std::collections::BTreeMap;

use chorus_core::views::engagement::TurnaroundCase;

use super::*;

/// Turned cases out of eligible ones, for one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TurnaroundGroup {
    /// Team, agent, channel or theme name (`–` when none).
    pub name: String,
    /// Eligible cases.
    pub eligible: i64,
    /// Of which turned.
    pub turned: i64,
    /// `turned / eligible`.
    pub rate: Option<f64>,
}

/// A turned case, as an example: what the customer said before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnaroundExample {
    /// The case.
    pub case_id: i64,
    /// Its subject.
    pub subject: String,
    /// The negative message.
    pub before: String,
    /// What they said afterwards (a message, or the survey's score and comment).
    pub after: String,
}

/// Satisfaction scores for one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsatGroup {
    /// Team, agent or channel name (`–` when none).
    pub name: String,
    /// Answers.
    pub responses: i64,
    /// Mean score, 1–5.
    pub average: Option<f64>,
    /// Share of 4 and 5.
    pub satisfied: Option<f64>,
}

/// The turnaround measure and satisfaction scores over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Turnaround {
    /// Days the period covers, ending now.
    pub days: i64,
    /// Days after the company's answer that count.
    pub window_days: i64,
    /// Eligible cases (see the module docs).
    pub eligible: i64,
    /// Of which turned neutral or positive.
    pub turned: i64,
    /// Answered negative cases after which the customer said nothing in the window.
    pub silent: i64,
    /// `turned / eligible`.
    pub rate: Option<f64>,
    /// By team.
    pub by_team: Vec<TurnaroundGroup>,
    /// By agent.
    pub by_agent: Vec<TurnaroundGroup>,
    /// By channel.
    pub by_channel: Vec<TurnaroundGroup>,
    /// By theme.
    pub by_theme: Vec<TurnaroundGroup>,
    /// Up to five turned cases, latest first.
    pub examples: Vec<TurnaroundExample>,
    /// Survey answers in the period: overall.
    pub csat: CsatGroup,
    /// By team.
    pub csat_by_team: Vec<CsatGroup>,
    /// By agent.
    pub csat_by_agent: Vec<CsatGroup>,
    /// By channel.
    pub csat_by_channel: Vec<CsatGroup>,
}

/// What a case's customer said afterwards: `Some(true)` turned, `Some(false)` not,
/// `None` nothing.
fn outcome(c: &TurnaroundCase) -> Option<bool> {
    if let Some(score) = c.csat_score {
        return Some(score >= 3);
    }
    c.next_sentiment
        .as_deref()
        .map(|s| s == "neutral" || s == "positive")
}

fn groups<'a>(cases: impl Iterator<Item = (Option<&'a str>, bool)>) -> Vec<TurnaroundGroup> {
    let mut by: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (name, turned) in cases {
        let e = by.entry(name.unwrap_or("–").to_owned()).or_default();
        e.0 += 1;
        e.1 += i64::from(turned);
    }
    let mut out: Vec<TurnaroundGroup> = by
        .into_iter()
        .map(|(name, (eligible, turned))| TurnaroundGroup {
            name,
            eligible,
            turned,
            rate: ratio(turned, eligible),
        })
        .collect();
    out.sort_by(|a, b| {
        b.eligible
            .cmp(&a.eligible)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
fn csat_groups<'a>(scores: impl Iterator<Item = (Option<&'a str>, i64)>) -> Vec<CsatGroup> {
    let mut by: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for (name, score) in scores {
        let e = by.entry(name.unwrap_or("–").to_owned()).or_default();
        e.0 += 1;
        e.1 += score;
        e.2 += i64::from(score >= 4);
    }
    let mut out: Vec<CsatGroup> = by
        .into_iter()
        .map(|(name, (n, sum, happy))| CsatGroup {
            name,
            responses: n,
            average: (n > 0).then(|| sum as f64 / n as f64),
            satisfied: ratio(happy, n),
        })
        .collect();
    out.sort_by(|a, b| {
        b.responses
            .cmp(&a.responses)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// The most days a turnaround report covers.
pub const MAX_DAYS: i64 = 3650;

/// The turnaround measure over the last `days` days (staff), with the window of
/// `engagement.turnaround_days` unless `window_days` is given.
pub async fn turnaround(
    hub: &Hub,
    actor: &User,
    days: Option<i64>,
    window_days: Option<i64>,
) -> Result<Turnaround> {
    let days = days.unwrap_or(30);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ServiceError::field(
            "days",
            Text::new("err-listen-report-days-range").arg("max", MAX_DAYS.to_string()),
        ));
    }
    let now = hub.now();
    turnaround_between(
        hub,
        actor,
        now.plus(-days * Timestamp::DAY),
        now.plus(1),
        window_days,
    )
    .await
}

/// The turnaround measure of the cases opened in `[from, to)` (staff).
pub async fn turnaround_between(
    hub: &Hub,
    actor: &User,
    from: Timestamp,
    to: Timestamp,
    window_days: Option<i64>,
) -> Result<Turnaround> {
    require(actor, Action::ViewReports)?;
    let window_days =
        window_days.unwrap_or_else(|| i64::from(hub.config().engagement.turnaround_days));
    if !(1..=365).contains(&window_days) {
        return Err(ServiceError::field(
            "window",
            Text::new("err-listen-report-days-range").arg("max", "365"),
        ));
    }
    let days = (to.0 - from.0 + Timestamp::DAY - 1) / Timestamp::DAY;
    let store = hub.store();
    let cases = store
        .turnaround_cases(from, to, window_days * Timestamp::DAY)
        .await?;
    let decided: Vec<(&TurnaroundCase, bool)> = cases
        .iter()
        .filter_map(|c| outcome(c).map(|t| (c, t)))
        .collect();
    let eligible = i64::try_from(decided.len()).unwrap_or(i64::MAX);
    let turned = i64::try_from(decided.iter().filter(|(_, t)| *t).count()).unwrap_or(0);
    let mut examples: Vec<TurnaroundExample> = decided
        .iter()
        .filter(|(_, t)| *t)
        .map(|(c, _)| TurnaroundExample {
            case_id: c.case_id,
            subject: c.subject.clone(),
            before: c.before_text.clone().unwrap_or_default(),
            after: match (c.csat_score, &c.next_text) {
                (Some(s), _) => match c.csat_comment.as_deref().map(str::trim) {
                    Some(comment) if !comment.is_empty() => {
                        format!("Rated {s}/5: “{comment}”")
                    }
                    _ => format!("Rated {s}/5"),
                },
                (None, Some(text)) => text.clone(),
                (None, None) => String::new(),
            },
        })
        .collect();
    examples.sort_by_key(|e| std::cmp::Reverse(e.case_id));
    examples.truncate(5);
    let scores = store.csat_scores(from, to).await?;
    Ok(Turnaround {
        days,
        window_days,
        eligible,
        turned,
        silent: i64::try_from(cases.len()).unwrap_or(0) - eligible,
        rate: ratio(turned, eligible),
        by_team: groups(decided.iter().map(|(c, t)| (c.team.as_deref(), *t))),
        by_agent: groups(decided.iter().map(|(c, t)| (c.agent.as_deref(), *t))),
        by_channel: groups(decided.iter().map(|(c, t)| (Some(c.channel.as_str()), *t))),
        by_theme: groups(decided.iter().map(|(c, t)| (c.theme.as_deref(), *t))),
        examples,
        csat: csat_groups(scores.iter().map(|s| (Some("all"), s.score)))
            .pop()
            .unwrap_or_else(|| CsatGroup {
                name: "all".into(),
                ..CsatGroup::default()
            }),
        csat_by_team: csat_groups(scores.iter().map(|s| (s.team.as_deref(), s.score))),
        csat_by_agent: csat_groups(scores.iter().map(|s| (s.agent.as_deref(), s.score))),
        csat_by_channel: csat_groups(scores.iter().map(|s| (Some(s.channel.as_str()), s.score))),
    })
}

/// The turnaround measure as CSV: one row per group (`all`, then teams, agents, channels,
/// themes), with turned, eligible and rate.
pub fn turnaround_csv(t: &Turnaround) -> Result<String> {
    let rate = |r: Option<f64>| r.map(|v| format!("{v:.4}")).unwrap_or_default();
    let mut rows = vec![
        ["group", "name", "eligible", "turned", "rate"]
            .map(str::to_owned)
            .to_vec(),
        vec![
            "all".to_owned(),
            "all".to_owned(),
            t.eligible.to_string(),
            t.turned.to_string(),
            rate(t.rate),
        ],
    ];
    for (group, list) in [
        ("team", &t.by_team),
        ("agent", &t.by_agent),
        ("channel", &t.by_channel),
        ("theme", &t.by_theme),
    ] {
        for g in list {
            rows.push(vec![
                group.to_owned(),
                g.name.clone(),
                g.eligible.to_string(),
                g.turned.to_string(),
                rate(g.rate),
            ]);
        }
    }
    exports::write_rows(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(csat: Option<i64>, next: Option<&str>) -> TurnaroundCase {
        TurnaroundCase {
            case_id: 1,
            subject: String::new(),
            channel: "mastodon".into(),
            team: None,
            agent: None,
            theme: None,
            touched_at: 0,
            before_text: Some("late again".into()),
            csat_score: csat,
            csat_comment: None,
            next_sentiment: next.map(str::to_owned),
            next_text: None,
        }
    }

    #[test]
    fn the_survey_decides_over_the_next_message_and_silence_is_no_outcome() {
        assert_eq!(outcome(&case(Some(2), Some("positive"))), Some(false));
        assert_eq!(outcome(&case(Some(3), Some("negative"))), Some(true));
        assert_eq!(outcome(&case(None, Some("neutral"))), Some(true));
        assert_eq!(outcome(&case(None, Some("negative"))), Some(false));
        assert_eq!(outcome(&case(None, None)), None);
    }

    #[test]
    fn groups_count_and_rate_per_name_largest_first() {
        let g = groups(
            [
                (Some("a"), true),
                (Some("b"), false),
                (Some("b"), true),
                (None, false),
            ]
            .into_iter(),
        );
        assert_eq!(g[0].name, "b");
        assert_eq!((g[0].eligible, g[0].turned), (2, 1));
        assert_eq!(g[0].rate, Some(0.5));
        assert!(g.iter().any(|x| x.name == "–" && x.turned == 0));
    }
}
