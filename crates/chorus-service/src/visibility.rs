//! Who may see what: the one rule every door that shows content asks.
//!
//! Posts can be held (waiting for a moderator), hidden (taken down pending review) or deleted,
//! and listening data (mentions, cases) is for staff. A leak happens when one route forgets a
//! case the others handle — the edit history of a held reply was public while the topic page
//! hid it. So the doors that show posts ask [`may_see`] (through `moderation::can_see` on the
//! topic page and its API twin, directly for histories; per recipient in the notification
//! fan-out and its e-mails; per item when a notification list is shown, since a post can be
//! hidden after its notification was made), listings, feeds and search leave held and hidden
//! posts out at the query, and the authorization test matrices (`tests/it/hardening.rs` in
//! `chorus-web`) walk every role over the topic page, the API, the feed, search, history,
//! notifications, their e-mails and the CSV exports. Who may *do* what is [`require`], asked by
//! every use case before it acts.

use chorus_core::{Action, User, UserId, allowed};
use chorus_store::community::PostModeration;

use crate::{Result, ServiceError};

/// Refuses `actor` unless their role allows `action`: the check every use case makes before
/// acting, through the one permission table (`chorus_core::allowed`).
pub(crate) fn require(actor: &User, action: Action) -> Result<()> {
    if allowed(actor.role, action) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// What is about to be shown, with the facts the rule needs.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    /// A topic, a reply or one of their earlier revisions.
    Post {
        /// Who wrote it.
        author: UserId,
        /// Its moderation state.
        moderation: &'a PostModeration,
        /// Soft-deleted.
        deleted: bool,
    },
    /// A mention, a case or anything else gathered by listening: staff only.
    Listening,
}

/// Whether `viewer` (none for an anonymous visitor) may see `content`.
///
/// - A visible post is public; a held or hidden one exists only for its author and staff.
/// - A deleted post exists only for staff (the author sees it gone, like everyone).
/// - Listening data is for staff.
pub fn may_see(viewer: Option<&User>, content: Content<'_>) -> bool {
    let staff = viewer.is_some_and(User::is_staff);
    match content {
        Content::Post {
            author,
            moderation,
            deleted,
        } => {
            if deleted {
                return staff;
            }
            moderation.visibility == chorus_core::moderation::Visibility::Visible
                || staff
                || viewer.is_some_and(|v| v.id == author)
        }
        Content::Listening => staff,
    }
}

/// Whether `viewer` may see a live (not deleted) post with this visibility by `author`.
pub fn may_see_live(viewer: Option<&User>, author: UserId, moderation: &PostModeration) -> bool {
    may_see(
        viewer,
        Content::Post {
            author,
            moderation,
            deleted: false,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chorus_core::Role;
    use chorus_core::moderation::Visibility;

    fn user(id: i64, role: Role) -> User {
        User {
            id: UserId(id),
            email: format!("u{id}@example.com"),
            name: format!("U{id}"),
            role,
            created_at: chorus_core::Timestamp(0),
            suspended_at: None,
            locale: None,
        }
    }

    #[test]
    fn the_matrix() {
        let author = user(1, Role::Member);
        let other = user(2, Role::Member);
        let agent = user(3, Role::Agent);
        let manager = user(4, Role::Manager);
        let admin = user(5, Role::Admin);
        for vis in [Visibility::Visible, Visibility::Held, Visibility::Hidden] {
            for deleted in [false, true] {
                let m = PostModeration {
                    visibility: vis,
                    ..PostModeration::default()
                };
                let c = Content::Post {
                    author: author.id,
                    moderation: &m,
                    deleted,
                };
                let public = vis == Visibility::Visible && !deleted;
                assert_eq!(may_see(None, c), public, "{vis:?} {deleted}");
                assert_eq!(may_see(Some(&other), c), public, "{vis:?} {deleted}");
                assert_eq!(may_see(Some(&author), c), !deleted, "{vis:?} {deleted}");
                for staff in [&agent, &manager, &admin] {
                    assert!(may_see(Some(staff), c), "{vis:?} {deleted}");
                }
            }
        }
        assert!(!may_see(None, Content::Listening));
        assert!(!may_see(Some(&author), Content::Listening));
        assert!(may_see(Some(&agent), Content::Listening));
    }
}
