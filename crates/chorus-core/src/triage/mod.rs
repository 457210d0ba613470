//! Triage: cases and their states, priority scores that explain themselves, the conditions of
//! routing and alert rules, and SLA arithmetic over business hours.
//!
//! Everything here is pure so the policy can be tested with plain values: the service decides
//! *when* to call it and stores what it returns.

mod alerts;
mod conditions;
mod priority;
mod sla;
#[cfg(test)]
mod tests;

pub use alerts::{AlertAction, MAX_ACTIONS, is_http_url, validate_actions};
pub use conditions::{Conditions, MAX_CONDITION_VALUES, MAX_KEYWORD, RuleKind, Subject};
pub use priority::{Priority, PriorityFactor, PriorityInput, PriorityScore, score_priority};
pub use sla::{BusinessHours, SlaOutcome, SlaTargets};

named_enum!(
    /// Where a case stands. `new → open → pending → resolved → closed`; a customer reply
    /// reopens a pending or resolved case.
    CaseState, "state", {
        /// Opened; nobody has worked on it yet.
        New => "new", "New";
        /// Someone is working on it.
        Open => "open", "Open";
        /// Waiting for the customer.
        Pending => "pending", "Pending";
        /// Solved; the customer may still reopen it by answering.
        Resolved => "resolved", "Resolved";
        /// Done for good; a new message opens a new case.
        Closed => "closed", "Closed";
    }
);

impl CaseState {
    /// Whether staff may move a case from `self` to `to` by hand.
    pub fn can_move_to(self, to: CaseState) -> bool {
        use CaseState::*;
        match (self, to) {
            (a, b) if a == b => false,
            (_, New) => false,
            (Closed, _) => false,
            (New | Open | Pending, Open | Pending | Resolved | Closed) => true,
            (Resolved, Open | Closed) => true,
            (Resolved, Pending | Resolved) => false,
        }
    }

    /// Still needs work (counts against an agent's capacity and keeps SLA clocks running).
    pub fn is_active(self) -> bool {
        matches!(self, CaseState::New | CaseState::Open | CaseState::Pending)
    }

    /// Whether a customer's follow-up joins a case in this state (a closed case is history:
    /// the follow-up opens a new case).
    pub fn accepts_follow_up(self) -> bool {
        self != CaseState::Closed
    }
}

/// `@name` mentions in an internal note: the words after `@` (letters, digits, `.`, `_`, `-`),
/// lower-cased, each once.
pub fn at_mentions(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in text.match_indices('@') {
        // An address like jane@example.com is not a mention.
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let name: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        let name = name.trim_end_matches(['.', '-']).to_lowercase();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}
