//! A case's answer posted in the community: an agent's reply, as an official reply in the
//! topic the case came from (see [`crate::outbound`]).
//!
//! A crash between posting and recording the delivery must not post twice: an identical
//! reply by the same agent since the delivery was created is taken to be this one. (So an
//! incident's reply to two people in one topic is posted there once: one public answer in
//! a thread serves everyone reading it.)

use chorus_core::{ReplyId, TopicId};

use crate::outbound::{Outgoing, SendError, SendFuture, Sent};
use crate::{Hub, ServiceError};

/// Posts a case's reply in its community topic.
pub(crate) fn send<'a>(hub: &'a Hub, out: Outgoing<'a>) -> SendFuture<'a> {
    Box::pin(post(hub, out))
}

async fn post(hub: &Hub, out: Outgoing<'_>) -> Result<Sent, SendError> {
    let store = hub.store();
    // The topic of the post the delivery answers (each community post an incident
    // gathered, in its own topic), else the topic the case was opened from.
    let topic = match (out.answers_target, out.target, out.topic_id) {
        (true, Some(m), _) => topic_of(hub, &m.external_id).await?,
        (_, _, Some(t)) => t,
        (_, Some(m), None) => topic_of(hub, &m.external_id).await?,
        (_, None, None) => return Err(SendError::permanent("the case has no community topic")),
    };
    let author = out
        .author
        .ok_or_else(|| SendError::permanent("the reply has no author"))?;
    let user = store
        .user_by_id(author)
        .await?
        .ok_or_else(|| SendError::permanent("the agent's account is gone"))?;
    let body = out.body.trim();
    let earlier = store
        .replies(TopicId(topic), None, 1000)
        .await?
        .into_iter()
        .find(|r| {
            r.author.id == user.id
                && r.body == body
                && r.created_at.0 >= out.created_at
                && r.deleted_at.is_none()
        });
    let reply = match earlier {
        Some(r) => r,
        None => super::reply(hub, &user, TopicId(topic), out.body)
            .await
            .map_err(|e| match e {
                ServiceError::Internal(m) => SendError::transient(m),
                other => SendError::permanent(other.to_string()),
            })?,
    };
    let url = format!(
        "{}/t/{topic}#reply-{}",
        hub.config().public_url(),
        reply.id.0
    );
    Ok(Sent {
        external_id: reply.id.mention_key(),
        url,
    })
}

/// The topic a community mention (`topic-<id>` or `reply-<id>`) belongs to.
async fn topic_of(hub: &Hub, external_id: &str) -> Result<i64, SendError> {
    let unknown = || SendError::permanent(format!("{external_id:?} is not a community post"));
    if let Some(id) = external_id.strip_prefix("topic-") {
        return id.parse().map_err(|_| unknown());
    }
    let reply: i64 = external_id
        .strip_prefix("reply-")
        .and_then(|id| id.parse().ok())
        .ok_or_else(unknown)?;
    hub.store()
        .reply(ReplyId(reply))
        .await?
        .map(|r| r.topic_id.0)
        .ok_or_else(|| SendError::permanent("the community reply is gone"))
}
