//! Changing many cases at once: assign, move to a team, close as no action needed, merge; each
//! case succeeds or fails on its own.

use super::*;

/// What a bulk action does to each chosen case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// Assign to a staff member (`None`: unassign).
    Assign(Option<i64>),
    /// Move to a team (`None`: out of any team).
    Team(Option<i64>),
    /// Close, noting that no action was needed.
    CloseNoAction,
    /// Merge into this case.
    MergeInto(i64),
}

impl BulkAction {
    /// The action a name stands for (`assign`, `team`, `close`, `merge`) with its argument,
    /// as forms and the API send it.
    pub fn parse(
        name: &str,
        assignee: Option<i64>,
        team: Option<i64>,
        into: Option<i64>,
    ) -> Result<BulkAction> {
        Ok(match name.trim() {
            "assign" => BulkAction::Assign(assignee),
            "team" => BulkAction::Team(team),
            "close" => BulkAction::CloseNoAction,
            "merge" => {
                BulkAction::MergeInto(into.ok_or_else(|| {
                    ServiceError::field("into", Text::new("err-cases-merge-into"))
                })?)
            }
            other => {
                return Err(ServiceError::field(
                    "action",
                    Text::new("err-cases-unknown-action").arg("value", format!("{other:?}")),
                ));
            }
        })
    }
}

/// What a bulk action did: each case either done or refused with the reason, so one case
/// that changed meanwhile does not undo or block the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulkOutcome {
    /// Cases changed.
    pub done: Vec<i64>,
    /// Cases refused, with why.
    pub failed: Vec<BulkFailure>,
}

/// A case a bulk action left alone, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkFailure {
    /// The case.
    pub id: i64,
    /// Why, for a page (a refused field's own message rather than "some fields need
    /// attention").
    pub why: Text,
    /// Why, as the API has always said it (the error's English).
    pub error: String,
}

/// Most cases one bulk action touches.
pub const BULK_MAX: usize = 200;

/// Applies one action to many cases (the inbox's bulk bar and `POST /api/v1/cases/bulk`).
pub async fn bulk(
    hub: &Hub,
    actor: &User,
    ids: &[i64],
    action: &BulkAction,
) -> Result<BulkOutcome> {
    require(actor, Action::WorkCases)?;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if let BulkAction::MergeInto(into) = action {
        ids.retain(|i| i != into);
    }
    if ids.is_empty() {
        return Err(ServiceError::field(
            "ids",
            Text::new("err-cases-choose-cases"),
        ));
    }
    if ids.len() > BULK_MAX {
        return Err(ServiceError::field(
            "ids",
            Text::new("err-cases-bulk-max").arg("max", BULK_MAX),
        ));
    }
    let mut out = BulkOutcome::default();
    for id in ids {
        let r = match action {
            BulkAction::Assign(to) => assign(hub, actor, id, *to).await.map(drop),
            BulkAction::Team(t) => set_team(hub, actor, id, *t).await.map(drop),
            BulkAction::CloseNoAction => close_no_action(hub, actor, id).await,
            BulkAction::MergeInto(into) => merge(hub, actor, id, *into).await.map(drop),
        };
        match r {
            Ok(()) => out.done.push(id),
            Err(
                e @ (ServiceError::Validation(_)
                | ServiceError::Conflict(_)
                | ServiceError::NotFound(_)),
            ) => {
                // A refused field says more than "some fields need attention".
                let why = match &e {
                    ServiceError::Validation(f) => f.0.first().map(|f| f.text.clone()),
                    _ => None,
                };
                out.failed.push(BulkFailure {
                    id,
                    why: why.unwrap_or_else(|| e.text()),
                    error: e.to_string(),
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

async fn close_no_action(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    let c = case(hub, actor, id).await?;
    if c.state == chorus_core::CaseState::Closed {
        return Err(ServiceError::Conflict(Text::new(
            "err-cases-already-closed",
        )));
    }
    set_state(hub, actor, id, "closed").await?;
    hub.store()
        .add_case_event(
            id,
            "note",
            Some(actor.id),
            "closed: no action needed",
            hub.now(),
        )
        .await?;
    Ok(())
}
