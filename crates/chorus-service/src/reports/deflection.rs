//! The deflection report: how often answer suggestions shown while someone writes a new
//! topic kept them from posting it, per UTC day and in total.
//!
//! Knowledge records the compose sessions (shown, opened, solved, posted); this report reads
//! them back, so the reports of the hub and the digest count deflection the same way.

use chorus_core::permission::Action;
use chorus_core::{Timestamp, User};
use chorus_i18n::Text;

use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// Deflection counts for one day or a whole period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeflectionCounts {
    /// Compose sessions that were shown suggestions.
    pub shown: i64,
    /// ... in which a suggestion was opened.
    pub opened: i64,
    /// ... in which the writer said a suggestion solved it.
    pub solved: i64,
    /// ... that posted a topic anyway.
    pub posted: i64,
    /// ... that left without posting (after `search.deflection_left_after_minutes`).
    pub left: i64,
    /// Deflected: solved, or opened a suggestion and left without posting.
    pub deflected: i64,
    /// Still being written (neither posted, solved nor left yet).
    pub pending: i64,
    /// `deflected / (shown - pending)`; 0 when nothing was shown.
    pub rate: f64,
}

impl DeflectionCounts {
    fn finish(&mut self) {
        let decided = self.shown - self.pending;
        self.rate = if decided > 0 {
            // Counts are far below 2^52.
            #[allow(clippy::cast_precision_loss)]
            let r = self.deflected as f64 / decided as f64;
            (r * 10_000.0).round() / 10_000.0
        } else {
            0.0
        };
    }
}

/// The deflection report: per UTC day and in total.
#[derive(Debug, Clone, PartialEq)]
pub struct DeflectionReport {
    /// Start (inclusive).
    pub from: Timestamp,
    /// End (exclusive).
    pub to: Timestamp,
    /// One entry per day, oldest first: `YYYY-MM-DD` and its counts.
    pub days: Vec<(String, DeflectionCounts)>,
    /// The whole period.
    pub total: DeflectionCounts,
    /// Where the sessions ran: `hub` for the hub's own compose form, else the origin of the
    /// page that embedded the widget; most sessions first.
    pub by_origin: Vec<(String, DeflectionCounts)>,
}

/// The name of the hub's own compose form in [`DeflectionReport::by_origin`].
pub const HUB_ORIGIN: &str = "hub";

/// Deflection between `from` and `to` (default: the last 30 days), for staff.
pub async fn deflection_report(
    hub: &Hub,
    actor: &User,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Result<DeflectionReport> {
    require(actor, Action::ViewReports)?;
    deflection_between(hub, from, to).await
}

/// The deflection report without a permission check (reports and the digest call it).
pub(crate) async fn deflection_between(
    hub: &Hub,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Result<DeflectionReport> {
    let now = hub.now();
    // The end is exclusive; by default it includes what happened this millisecond.
    let to = to.unwrap_or(now.plus(1));
    let from = from.unwrap_or(to.plus(-30 * Timestamp::DAY));
    if from >= to {
        return Err(ServiceError::field(
            "from",
            Text::new("err-listen-report-from-before-to"),
        ));
    }
    if to.0 - from.0 > 400 * Timestamp::DAY {
        return Err(ServiceError::field(
            "from",
            Text::new("err-listen-report-span-long").arg("max", 400),
        ));
    }
    let stale = i64::try_from(hub.config().search.deflection_left_after_minutes)
        .unwrap_or(30)
        .saturating_mul(Timestamp::MINUTE);
    let drafts = hub.store().deflection_drafts(from.0, to.0).await?;
    let first_day = from.0.div_euclid(Timestamp::DAY);
    let last_day = (to.0 - 1).div_euclid(Timestamp::DAY);
    let mut days: Vec<(String, DeflectionCounts)> = (first_day..=last_day)
        .map(|d| {
            (
                Timestamp(d * Timestamp::DAY).date(),
                DeflectionCounts::default(),
            )
        })
        .collect();
    let mut total = DeflectionCounts::default();
    let mut by_origin: Vec<(String, DeflectionCounts)> = Vec::new();
    for d in drafts.iter().filter(|d| d.shown) {
        let origin = d.origin.as_deref().unwrap_or(HUB_ORIGIN);
        let at = match by_origin.iter().position(|(o, _)| o == origin) {
            Some(i) => i,
            None => {
                by_origin.push((origin.to_owned(), DeflectionCounts::default()));
                by_origin.len() - 1
            }
        };
        let idx = usize::try_from(d.first_at.div_euclid(Timestamp::DAY) - first_day).ok();
        let left = !d.posted && !d.solved && now.0 - d.last_at > stale;
        let pending = !d.posted && !d.solved && !left;
        let deflected = d.solved || (d.opened && left);
        let per_origin = by_origin.get_mut(at).map(|(_, c)| c);
        for c in std::iter::once(&mut total)
            .chain(idx.and_then(|i| days.get_mut(i)).map(|(_, c)| c))
            .chain(per_origin)
        {
            c.shown += 1;
            c.opened += i64::from(d.opened);
            c.solved += i64::from(d.solved);
            c.posted += i64::from(d.posted);
            c.left += i64::from(left);
            c.deflected += i64::from(deflected);
            c.pending += i64::from(pending);
        }
    }
    for (_, c) in &mut days {
        c.finish();
    }
    for (_, c) in &mut by_origin {
        c.finish();
    }
    by_origin.sort_by(|a, b| b.1.shown.cmp(&a.1.shown).then_with(|| a.0.cmp(&b.0)));
    total.finish();
    Ok(DeflectionReport {
        from,
        to,
        days,
        total,
        by_origin,
    })
}
