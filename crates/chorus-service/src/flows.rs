//! Use cases that span features, composed here so that no feature calls another.
//!
//! Features meet through domain events when one change makes work for another (see
//! [`crate::events`]). A few requests are instead one use case over two features, answered in
//! one response: posting a topic from the compose form posts it in the community and records
//! in the knowledge base's deflection measure that the writer posted despite the
//! suggestions. Those requests are put together here, at the root, like the hub itself.

use chorus_core::User;
use chorus_store::community::Topic;

use crate::community::{self, TopicInput};
use crate::moderation::Posted;
use crate::{Hub, Result, knowledge};

/// Posts a new topic from the compose form and, when the form carried a compose-session
/// token (`draft`), records that the writer posted despite the suggestions.
pub async fn post_topic(
    hub: &Hub,
    actor: &User,
    input: &TopicInput,
    draft: Option<&str>,
) -> Result<Posted<Topic>> {
    let posted = community::post_topic(hub, actor, input).await?;
    knowledge::record_posted(hub, actor, draft, &posted.post).await?;
    Ok(posted)
}
