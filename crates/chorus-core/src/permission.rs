//! Who may do what: the one place role checks live.
//!
//! Handlers never compare roles themselves; they ask [`allowed`] about an [`Action`]. Keeping the
//! table in one function makes the policy reviewable at a glance and testable exhaustively.

use crate::role::Role;

/// Something a signed-in person may attempt that depends on their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the list of users and their roles.
    ListUsers,
    /// Give another user a role.
    ChangeRole,
    /// Suspend or reinstate another user.
    SuspendUser,
    /// Create an API token for oneself.
    CreateApiToken,
    /// See operational pages (metrics, jobs).
    ViewOperations,
    /// Read mentions, themes and spikes on the listening pages and API.
    ViewListening,
    /// Push mentions through the API.
    IngestMentions,
    /// Set a theme's status, merge and split themes.
    ManageThemes,
    /// Create, change, pause and delete sources (they hold network credentials).
    ManageSources,
    /// See cases, work them (claim, reply, notes, states) and escalate them.
    WorkCases,
    /// Set up triage: teams and their members, routing and alert rules, canned responses.
    ManageTriage,
    /// Write and edit knowledge-base drafts, promote answered topics and resolved cases.
    WriteArticles,
    /// Publish, unpublish and archive articles (the review queue).
    PublishArticles,
    /// See reports (deflection, volumes).
    ViewReports,
    /// Work the moderation queue, set word filters and trust levels, silence members.
    Moderate,
    /// See who took each moderation action, members' abuse history and unmasked abusive
    /// text (the public log hides moderators' names).
    ViewModeration,
    /// Work the praise queue: thank fans through their channel, feature their praise in the
    /// community.
    Engage,
    /// See the advocates list and invite members to the advocate program.
    ManageAdvocates,
    /// Schedule town halls, and moderate and answer their questions.
    HostEvents,
}

/// Whether `role` may perform `action`. Suspended users are refused earlier, at authentication.
pub fn allowed(role: Role, action: Action) -> bool {
    match action {
        Action::ListUsers | Action::ChangeRole | Action::SuspendUser => role == Role::Admin,
        Action::CreateApiToken => true,
        Action::ViewOperations => role >= Role::Manager,
        Action::ViewListening | Action::IngestMentions | Action::ManageThemes => {
            role >= Role::Agent
        }
        Action::ManageSources => role == Role::Admin,
        Action::WorkCases => role >= Role::Agent,
        Action::ManageTriage => role >= Role::Manager,
        Action::WriteArticles | Action::ViewReports => role >= Role::Agent,
        Action::PublishArticles => role >= Role::Manager,
        Action::Moderate => role >= Role::Manager,
        Action::ViewModeration => role >= Role::Agent,
        Action::Engage => role >= Role::Agent,
        Action::ManageAdvocates | Action::HostEvents => role >= Role::Manager,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_users() {
        for role in Role::ALL {
            let admin = role == Role::Admin;
            assert_eq!(allowed(role, Action::ListUsers), admin);
            assert_eq!(allowed(role, Action::ChangeRole), admin);
            assert_eq!(allowed(role, Action::SuspendUser), admin);
        }
    }

    #[test]
    fn listening_is_for_staff_and_sources_for_admins() {
        for role in Role::ALL {
            let staff = role >= Role::Agent;
            assert_eq!(allowed(role, Action::ViewListening), staff);
            assert_eq!(allowed(role, Action::IngestMentions), staff);
            assert_eq!(allowed(role, Action::ManageThemes), staff);
            assert_eq!(allowed(role, Action::ManageSources), role == Role::Admin);
        }
    }

    #[test]
    fn staff_write_articles_and_managers_publish() {
        for role in Role::ALL {
            assert_eq!(allowed(role, Action::WriteArticles), role >= Role::Agent);
            assert_eq!(allowed(role, Action::ViewReports), role >= Role::Agent);
            assert_eq!(
                allowed(role, Action::PublishArticles),
                role >= Role::Manager
            );
        }
    }

    #[test]
    fn agents_work_cases_and_managers_set_up_triage() {
        for role in Role::ALL {
            assert_eq!(allowed(role, Action::WorkCases), role >= Role::Agent);
            assert_eq!(allowed(role, Action::ManageTriage), role >= Role::Manager);
        }
    }

    #[test]
    fn managers_moderate_and_staff_see_who_did() {
        for role in Role::ALL {
            assert_eq!(allowed(role, Action::Moderate), role >= Role::Manager);
            assert_eq!(allowed(role, Action::ViewModeration), role >= Role::Agent);
        }
    }

    #[test]
    fn agents_engage_and_managers_run_programs_and_events() {
        for role in Role::ALL {
            assert_eq!(allowed(role, Action::Engage), role >= Role::Agent);
            assert_eq!(
                allowed(role, Action::ManageAdvocates),
                role >= Role::Manager
            );
            assert_eq!(allowed(role, Action::HostEvents), role >= Role::Manager);
        }
    }

    #[test]
    fn everyone_may_hold_a_token() {
        assert!(
            Role::ALL
                .iter()
                .all(|r| allowed(*r, Action::CreateApiToken))
        );
    }
}
