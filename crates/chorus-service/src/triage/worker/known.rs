//! What triage looks up for a whole batch at once: which mentions are our own replies coming
//! back, and which authors are known customers.
//!
//! On SQLite every query is a hand-off to the driver's thread and back, which costs more than
//! the query; asking once per batch instead of once per mention is most of triage's speed.
//! The answers are as fresh as the batch: a customer triage creates is added here, and one
//! created elsewhere meanwhile is found when triage tries to create it again. What is not
//! seen until the next batch (under a second): a customer created elsewhere whose reply in a
//! case's thread arrives in the same batch, and handles an agent links to another customer
//! meanwhile. Both are races with a person's action that the per-mention look-ups had too,
//! in a shorter window; the next message of that customer finds the case.

use std::collections::{HashMap, HashSet};

use super::*;

/// The batch's own replies and known customers.
pub(super) struct Known {
    /// `(channel, external id)` of our replies among the batch's posts.
    own: HashSet<(String, String)>,
    /// Customers by `(channel, handle)`.
    customers: HashMap<(String, String), i64>,
}

impl Known {
    /// Looks up the mentions' posts and authors: one query for the replies and one per
    /// channel for the authors.
    pub(super) async fn load<'m>(
        hub: &Hub,
        mentions: impl Iterator<Item = &'m Mention>,
    ) -> Result<Known> {
        let mentions: Vec<&Mention> = mentions.collect();
        let mut known = Known {
            own: HashSet::new(),
            customers: HashMap::new(),
        };
        if mentions.is_empty() {
            return Ok(known);
        }
        let store = hub.store();
        let ids: Vec<&str> = mentions
            .iter()
            .flat_map(|m| std::iter::once(m.external_id.as_str()).chain(m.native_id.as_deref()))
            .collect();
        known.own = store.our_replies(&ids).await?.into_iter().collect();
        let mut by_channel: HashMap<&str, Vec<&str>> = HashMap::new();
        for m in &mentions {
            by_channel
                .entry(m.channel.as_str())
                .or_default()
                .push(m.author.as_str());
        }
        for (channel, mut handles) in by_channel {
            handles.sort_unstable();
            handles.dedup();
            for (handle, id) in store.customers_of(channel, &handles).await? {
                known.customers.insert((channel.to_owned(), handle), id);
            }
        }
        Ok(known)
    }

    /// Whether the mention is a reply Chorus posted.
    pub(super) fn is_our_reply(&self, m: &Mention) -> bool {
        let channel = m.channel.as_str();
        std::iter::once(m.external_id.as_str())
            .chain(m.native_id.as_deref())
            .any(|id| self.own.contains(&(channel.to_owned(), id.to_owned())))
    }

    /// The customer behind the mention's author, if known.
    pub(super) fn customer_id_of(&self, m: &Mention) -> Option<i64> {
        self.customers
            .get(&(m.channel.as_str().to_owned(), m.author.clone()))
            .copied()
    }

    /// Records a customer created for `(channel, handle)` elsewhere in the batch.
    pub(super) fn insert(&mut self, channel: &str, handle: &str, id: i64) {
        self.customers
            .insert((channel.to_owned(), handle.to_owned()), id);
    }

    /// The customer behind the mention's author, created on first sight, and whether this
    /// call created them.
    pub(super) async fn customer(&mut self, hub: &Hub, m: &Mention) -> Result<(i64, bool)> {
        if let Some(id) = self.customer_id_of(m) {
            return Ok((id, false));
        }
        let (id, created) = hub
            .store()
            .create_customer(m.channel.as_str(), &m.author, hub.now())
            .await?;
        self.customers
            .insert((m.channel.as_str().to_owned(), m.author.clone()), id);
        Ok((id, created))
    }
}
