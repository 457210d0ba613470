//! Themes by meaning, when the accurate tier has read a mention.
//!
//! Ingestion places a mention by its words, moments after it arrives; the accurate tier reads
//! it a little later and hands over its sentence embedding with the new signals. That is the
//! moment for a second look: a mention the words left alone joins the theme it means the same
//! as, or pairs with a recent lone mention into a new theme, so one cause told in different
//! words ends up in one theme (`chorus_analyze::cluster`'s meaning stage decides; this module
//! stores what it decided). A mention that already has a theme only adds its embedding to the
//! theme's meaning. Membership that ingestion decided never moves: a theme a person has been
//! looking at does not lose members behind their back.
//!
//! Mentions joining at upgrade time count like those ingestion placed: in the theme's totals,
//! its hourly counts and its spike detector (a join in an hour the detector has already
//! closed adds to the counts only; the detector never reopens an hour).

use std::collections::{BTreeMap, BTreeSet};

use chorus_core::Timestamp;
use chorus_core::listen::clamp_count;
use chorus_store::listening::{IngestTx, UpgradeTarget};

use super::writer::{ThemeAcc, Writer};
use super::{Decision, PendingInfo, SentimentLabel, Upgraded};
use crate::Result;

/// What placing the upgraded mentions by meaning changed, to be written with the upgrade.
#[derive(Default)]
pub(super) struct Placed {
    /// Themes that gained members (with what they gained).
    pub(super) themes: BTreeMap<i64, ThemeAcc>,
    /// Themes whose meaning grew while their members stayed.
    pub(super) grown: BTreeSet<i64>,
}

impl Writer {
    /// Places one upgraded mention by what it means (see the module docs).
    pub(super) async fn place_by_meaning(
        &mut self,
        tx: &mut IngestTx,
        t: &UpgradeTarget,
        u: &Upgraded,
        placed: &mut Placed,
        now: Timestamp,
    ) -> Result<()> {
        let Some(meant) = &u.embedding else {
            return Ok(());
        };
        let (embedding, model) = (meant.vector.as_slice(), meant.model.as_str());
        if let Some(theme) = t.theme_id {
            if self
                .state
                .index
                .add_meaning(theme, embedding, model)
                .is_some()
            {
                placed.grown.insert(theme);
            }
            return Ok(());
        }
        // Only what is themable with the new signals has a doc.
        let Some(doc) = &u.doc else {
            return Ok(());
        };
        let at = Timestamp(t.created_at);
        let reach = clamp_count(t.author_followers);
        let negative = u.signals.sentiment.label == SentimentLabel::Negative;
        match self.state.index.decide_meaning(embedding, model) {
            Decision::Join { theme, .. } => {
                if self
                    .state
                    .index
                    .join_by_meaning(theme, t.id, doc, embedding, model)
                    .is_some()
                {
                    self.state.pending.remove(&t.id);
                    placed
                        .themes
                        .entry(theme)
                        .or_default()
                        .add(t.id, at, reach, negative);
                }
            }
            Decision::Pair {
                mention: partner, ..
            } => {
                let info = self.state.pending.remove(&partner).unwrap_or(PendingInfo {
                    created_at: at,
                    reach: 0,
                    negative: false,
                });
                let label = doc.phrases.first().cloned().unwrap_or_default();
                let theme = tx
                    .create_theme(&label, info.created_at.min(at), now)
                    .await?;
                if self
                    .state
                    .index
                    .pair_by_meaning(partner, theme, t.id, doc, embedding, model)
                    .is_some()
                {
                    self.state.pending.remove(&t.id);
                    let acc = placed.themes.entry(theme).or_default();
                    acc.created = true;
                    acc.add(partner, info.created_at, info.reach, info.negative);
                    acc.add(t.id, at, reach, negative);
                }
            }
            Decision::Alone => {
                if !self.state.index.is_pending(t.id) {
                    // Themable only now that the accurate tier has read it.
                    self.state.index.add_pending(t.id, doc);
                    self.state.pending.insert(
                        t.id,
                        PendingInfo {
                            created_at: at,
                            reach,
                            negative,
                        },
                    );
                }
                self.state.index.hold_meaning(t.id, embedding, model);
            }
        }
        Ok(())
    }

    /// Stores what [`Writer::place_by_meaning`] changed in the upgrade's transaction, and
    /// feeds the themes' gains to their spike detectors.
    pub(super) async fn write_placed(
        &mut self,
        tx: &mut IngestTx,
        placed: &Placed,
        now: Timestamp,
        events: &mut Vec<chorus_bus::Event>,
    ) -> Result<()> {
        self.write_themes(tx, &placed.themes, now, events).await?;
        self.detect_theme_spikes(tx, &placed.themes, now, events)
            .await?;
        for theme in placed
            .grown
            .iter()
            .filter(|t| !placed.themes.contains_key(t))
        {
            if let Some(profile) = self.state.index.profile(*theme) {
                tx.set_theme_profile(*theme, &profile.to_bytes(), now)
                    .await?;
            }
        }
        Ok(())
    }
}
