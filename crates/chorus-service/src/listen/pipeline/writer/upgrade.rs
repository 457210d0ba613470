//! The accurate tier's verdicts, applied by the writer: replacing a mention's signals moves
//! the counters they were counted in, and only the writer may move counters (see
//! [`crate::listen::understand`]), so the upgrade runs here, in one transaction with what
//! placing the mentions by meaning changed.

use std::collections::{BTreeMap, HashMap};

use chorus_analyze::{Intent, SentimentLabel};
use chorus_bus::Event;
use chorus_core::Timestamp;
use chorus_store::listening::{CountDelta, SignalUpdate, ThemeCount};

use super::{Writer, hour};
use crate::Result;
use crate::listen::pipeline::meaning::Placed;
use crate::listen::pipeline::{Applied, Upgraded};

impl Writer {
    /// Replaces the signals of mentions still waiting for the accurate tier and moves their
    /// counts: hourly sentiment, complaint, question and abuse counters, and the negative
    /// count of their theme. Membership of themes stays as ingestion decided it; a mention
    /// the words left alone may join a theme by meaning (see
    /// [`crate::listen::pipeline::meaning`]). Returns the events to publish once committed.
    pub(super) async fn upgrade(&mut self, list: &[Upgraded]) -> Result<(Applied, Vec<Event>)> {
        let now = self.clock.now();
        let mut placed = Placed::default();
        let mut events = Vec::new();
        let ids: Vec<i64> = list.iter().map(|u| u.id).collect();
        let by_id: HashMap<i64, &Upgraded> = list.iter().map(|u| (u.id, u)).collect();
        let mut tx = self.store.begin_ingest().await?;
        let targets = tx.upgrade_targets(&ids).await?;
        let mut applied = Applied::default();
        let mut counts: BTreeMap<(i64, &'static str, i64), CountDelta> = BTreeMap::new();
        let mut theme_negative: BTreeMap<i64, i64> = BTreeMap::new();
        let mut theme_hours: BTreeMap<(i64, i64), i64> = BTreeMap::new();
        for t in &targets {
            let Some(u) = by_id.get(&t.id) else { continue };
            let s = &u.signals;
            // The row was read as pending, but on PostgreSQL another instance's writer may
            // have upgraded it since; the conditional UPDATE says who won.
            let won = tx
                .set_signals(&SignalUpdate {
                    id: t.id,
                    sentiment: s.sentiment.label.as_str(),
                    sentiment_score: f64::from(s.sentiment.score),
                    intent: s.intent.as_str(),
                    toxicity: f64::from(s.toxicity.score),
                    abusive: s.toxicity.abusive,
                    tier: u.tier.as_str(),
                    model: &u.model,
                })
                .await?;
            if !won {
                continue;
            }
            applied.upgraded += 1;
            self.place_by_meaning(&mut tx, t, u, &mut placed, now)
                .await?;
            let was_negative = t.sentiment == SentimentLabel::Negative;
            let negative = s.sentiment.label == SentimentLabel::Negative;
            if t.sentiment == s.sentiment.label
                && t.intent == s.intent
                && t.abusive == s.toxicity.abusive
            {
                continue;
            }
            applied.changed += 1;
            let bucket = hour(Timestamp(t.created_at));
            let d = counts
                .entry((bucket, t.channel.as_str(), t.source_id.unwrap_or(0)))
                .or_default();
            let mut bump = |label: SentimentLabel, by: i64| match label {
                SentimentLabel::Negative => d.negative += by,
                SentimentLabel::Neutral => d.neutral += by,
                SentimentLabel::Positive => d.positive += by,
            };
            bump(t.sentiment, -1);
            bump(s.sentiment.label, 1);
            let is = |i: Intent, want: Intent| i64::from(i == want);
            d.complaints += is(s.intent, Intent::Complaint) - is(t.intent, Intent::Complaint);
            d.questions += is(s.intent, Intent::Question) - is(t.intent, Intent::Question);
            d.abusive += i64::from(s.toxicity.abusive) - i64::from(t.abusive);
            if was_negative != negative {
                let by = if negative { 1 } else { -1 };
                match t.theme_id {
                    Some(theme) => {
                        *theme_negative.entry(theme).or_default() += by;
                        *theme_hours.entry((theme, bucket)).or_default() += by;
                    }
                    None => {
                        if let Some(p) = self.state.pending.get_mut(&t.id) {
                            p.negative = negative;
                        }
                    }
                }
            }
        }
        let counts: Vec<_> = counts.into_iter().collect();
        tx.add_mention_counts(&counts).await?;
        for (theme, by) in &theme_negative {
            tx.add_theme_negative(*theme, *by).await?;
        }
        let hours: Vec<ThemeCount> = theme_hours
            .into_iter()
            .map(|((theme_id, bucket), negative)| ThemeCount {
                theme_id,
                bucket,
                mentions: 0,
                reach: 0,
                negative,
            })
            .collect();
        tx.add_theme_counts(&hours).await?;
        self.write_placed(&mut tx, &placed, now, &mut events)
            .await?;
        self.commit(tx).await?;
        Ok((applied, events))
    }
}
