//! Chorus domain: the words of `DESIGN.md` as types, the rules that govern them, and the
//! validation of what people type.
//!
//! This crate is pure: no IO, no clock, no randomness, no database. Everything here can be tested
//! with plain values, and every other crate may depend on it.

/// Declares an enum with stable snake_case names, labels for people, `ALL`, `Display` and
/// `FromStr` (whose error names the allowed values).
macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident, $what:literal, { $($(#[$vm:meta])* $variant:ident => $s:literal, $label:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant,)* }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable name used in URLs, the database and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s,)* }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A value equals its stable name (`CaseState::New == "new"`), so a test or a template
        /// can compare with the wire form; code compares values.
        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::std::convert::TryFrom<String> for $name {
            type Error = $crate::community::UnknownName;
            /// Parses a stored name (the storage edge: rows decode through this).
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::community::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($s => Ok($name::$variant),)*
                    _ => Err($crate::community::UnknownName { what: $what, value: s.to_owned(), expected: concat!($($s, " "),*) }),
                }
            }
        }
    };
}

pub mod community;
pub mod listen;
pub mod moderation;
pub mod permission;
pub mod query;
pub mod rng;
pub mod role;
pub mod time;
pub mod triage;
pub mod user;
pub mod validate;
pub mod views;

pub use community::{IdeaStatus, ReplyId, TopicId, TopicKind, TopicSort};
pub use listen::{Channel, MentionInput, NewMention, ThemeStatus};
pub use moderation::{TrustLevel, Visibility};
pub use permission::{Action, allowed};
pub use query::{MatchDoc, Query, QueryError};
pub use role::Role;
pub use time::Timestamp;
pub use triage::{CaseState, Priority};
pub use user::{User, UserId};
pub use validate::{FieldError, FieldErrors};
