//! Every stored mention with what Chorus made of it (signals, theme, case), for analysis
//! outside the hub: `chorus export mentions`.
//!
//! Why its own pass and not the API's listing: an export is the whole history, so it walks
//! the mentions in id order in bounded batches (memory stays flat however large the hub) and
//! looks the cases up once for the whole range instead of once per mention.

use std::collections::HashMap;

use chorus_core::Timestamp;
use chorus_store::listening::Mention;
use serde::Serialize;

use crate::{Hub, Result};

/// One exported mention: the stored mention's columns (signals, `theme_id`, `theme_label`;
/// times in epoch milliseconds), its posting time in RFC 3339, and its case.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedMention {
    /// The mention as stored.
    #[serde(flatten)]
    pub mention: Mention,
    /// Posting time (RFC 3339), for people and spreadsheets.
    pub posted: String,
    /// The case the mention opened or joined, if any.
    pub case_id: Option<i64>,
}

/// Mentions read per query.
const BATCH: i64 = 2_000;

/// Calls `each` for every stored mention in id order; returns how many there were. Stops at
/// the first error `each` returns (a closed pipe, a full disk).
pub async fn mentions<E>(
    hub: &Hub,
    mut each: impl FnMut(&ExportedMention) -> std::result::Result<(), E>,
) -> Result<std::result::Result<u64, E>> {
    let store = hub.store();
    let cases: HashMap<i64, i64> = store.cases_of_mentions().await?.into_iter().collect();
    let mut after = 0;
    let mut n = 0u64;
    loop {
        let batch = store.mentions_after(after, BATCH).await?;
        let Some(last) = batch.last().map(|m| m.id) else {
            return Ok(Ok(n));
        };
        for m in batch {
            let row = ExportedMention {
                case_id: cases.get(&m.id).copied(),
                posted: Timestamp(m.created_at).rfc3339(),
                mention: m,
            };
            if let Err(e) = each(&row) {
                return Ok(Err(e));
            }
            n += 1;
        }
        after = last;
    }
}
