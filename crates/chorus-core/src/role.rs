//! Roles a person can hold in a hub.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a person may do, from least to most privileged.
///
/// The order is meaningful: `Role::Agent < Role::Manager`, so "at least an agent" is a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A customer: reads, asks, answers, votes.
    Member,
    /// Staff who work the inbox and answer officially.
    Agent,
    /// Staff who also moderate, route and review.
    Manager,
    /// Staff who also manage users, channels and settings.
    Admin,
}

impl Role {
    /// Every role, least privileged first.
    pub const ALL: [Role; 4] = [Role::Member, Role::Agent, Role::Manager, Role::Admin];

    /// Staff carry a visible badge and their answers are official.
    pub fn is_staff(self) -> bool {
        self >= Role::Agent
    }

    /// The stable name used in the database, the API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Agent => "agent",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "Member",
            Role::Agent => "Agent",
            Role::Manager => "Community manager",
            Role::Admin => "Administrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of `member`, `agent`, `manager`, `admin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: expected member, agent, manager or admin")]
pub struct UnknownRole(pub String);

impl UnknownRole {
    /// The refusal as a catalogue message, for any reader's language.
    pub fn text(&self) -> chorus_i18n::Text {
        chorus_i18n::Text::new("err-unknown-role").arg("value", format!("{:?}", self.0))
    }
}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
        assert!("Admin".parse::<Role>().is_err(), "names are case-sensitive");
    }

    #[test]
    fn staff_starts_at_agent() {
        assert!(!Role::Member.is_staff());
        assert!(Role::Agent.is_staff());
        assert!(Role::Manager.is_staff());
        assert!(Role::Admin.is_staff());
    }
}
