//! Customers as agents see them: one customer across channels, with their cases.

use super::*;

/// A customer with their handles on every channel.
#[derive(Debug, Clone)]
pub struct CustomerDetail {
    /// The customer.
    pub customer: chorus_store::triage::Customer,
    /// `(channel, handle)`.
    pub identities: Vec<(String, String)>,
}

/// A customer and their handles.
pub async fn customer(hub: &Hub, viewer: &User, id: i64) -> Result<CustomerDetail> {
    require(viewer, Action::WorkCases)?;
    let customer = hub
        .store()
        .customer(id)
        .await?
        .ok_or(ServiceError::NotFound("customer"))?;
    let identities = hub.store().customer_identities(id).await?;
    Ok(CustomerDetail {
        customer,
        identities,
    })
}

/// Records that `handle` on `channel` is the same person as customer `id`, so their cases
/// and messages show together (and count as their history for priority).
pub async fn link_identity(
    hub: &Hub,
    actor: &User,
    id: i64,
    channel: &str,
    handle: &str,
) -> Result<CustomerDetail> {
    require(actor, Action::WorkCases)?;
    let mut errors = FieldErrors::new();
    let channel = channel.trim().to_lowercase();
    if channel.parse::<chorus_core::Channel>().is_err() {
        errors.add(
            "channel",
            Text::new("err-core-unknown-channel").arg("value", format!("{channel:?}")),
        );
    }
    let handle = handle.trim();
    if handle.is_empty() || handle.chars().count() > chorus_core::listen::MAX_AUTHOR {
        errors.add("handle", Text::new("err-cases-handle"));
    }
    errors.into_result()?;
    customer(hub, actor, id).await?;
    hub.store().link_identity(id, &channel, handle).await?;
    customer(hub, actor, id).await
}
