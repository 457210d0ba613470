//! Replies posted with a source's account: a case's answer goes back on Mastodon or Bluesky
//! through the source that picked up the customer's message (see [`crate::outbound`]).
//!
//! Nothing is posted twice when an answer is lost on the way back: Mastodon gets the
//! delivery's idempotency key as `Idempotency-Key`; a Bluesky post gets a record key derived
//! from the delivery, and a retry first asks the PDS for that record.

use chorus_listen::{ListenError, mastodon};
use chorus_store::listening::{Mention, Source};

use super::sources::{BlueskySettings, MastodonSettings};
use crate::Hub;
use crate::outbound::{Outgoing, SendError, SendFuture, Sent};

fn listen_failure(e: ListenError) -> SendError {
    // Refusals and answers we cannot parse need a person; the rest is worth another try.
    SendError {
        retry: !e.needs_attention() && !matches!(e, ListenError::Protocol(_)),
        message: e.to_string(),
    }
}

/// Sends a reply on Mastodon, in answer to the customer's status.
pub(crate) fn mastodon<'a>(hub: &'a Hub, out: Outgoing<'a>) -> SendFuture<'a> {
    Box::pin(send_mastodon(hub, out))
}

/// Sends a reply on Bluesky, in answer to the customer's post.
pub(crate) fn bluesky<'a>(hub: &'a Hub, out: Outgoing<'a>) -> SendFuture<'a> {
    Box::pin(send_bluesky(hub, out))
}

async fn send_mastodon(hub: &Hub, out: Outgoing<'_>) -> Result<Sent, SendError> {
    let m = out
        .target
        .ok_or_else(|| SendError::permanent("the case has no Mastodon status to answer"))?;
    let source = source_of(hub, m).await?;
    let settings: MastodonSettings = serde_json::from_str(&source.config)
        .map_err(|e| SendError::permanent(format!("bad source settings: {e}")))?;
    if source.secret.is_empty() {
        return Err(SendError::permanent(format!(
            "source “{}” has no access token to post with",
            source.name
        )));
    }
    let target: Option<mastodon::ReplyTarget> =
        m.meta.as_deref().and_then(|j| serde_json::from_str(j).ok());
    let in_reply_to = target
        .as_ref()
        .map(|t| t.id.clone())
        .or_else(|| m.native_id.clone())
        .ok_or_else(|| SendError::permanent("the status has no id to answer"))?;
    // Mastodon notifies only accounts named in the text.
    let acct = target.map_or_else(|| m.author.clone(), |t| t.acct);
    let local = acct.split('@').next().unwrap_or(&acct);
    let text = if out.body.contains(&format!("@{local}")) {
        out.body.to_owned()
    } else {
        format!("@{acct} {}", out.body)
    };
    let client =
        mastodon::Client::new(&settings.base_url, Some(&source.secret)).map_err(listen_failure)?;
    let status = client
        .post_status(
            &text,
            Some(&in_reply_to),
            &hub.config().triage.mastodon_visibility,
            out.key,
        )
        .await
        .map_err(listen_failure)?;
    let url = status.url.clone().unwrap_or_else(|| status.uri.clone());
    Ok(Sent {
        external_id: status.id,
        url,
    })
}

async fn send_bluesky(hub: &Hub, out: Outgoing<'_>) -> Result<Sent, SendError> {
    let m = out
        .target
        .ok_or_else(|| SendError::permanent("the case has no Bluesky post to answer"))?;
    let source = source_of(hub, m).await?;
    let settings: BlueskySettings = serde_json::from_str(&source.config)
        .map_err(|e| SendError::permanent(format!("bad source settings: {e}")))?;
    if settings.identifier.is_empty() || source.secret.is_empty() {
        return Err(SendError::permanent(format!(
            "source “{}” has no account and app password to post with",
            source.name
        )));
    }
    let target: chorus_listen::bluesky::ReplyTarget = m
        .meta
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .ok_or_else(|| SendError::permanent("the post has no reply reference"))?;
    let xrpc = chorus_listen::bluesky::Xrpc::new(&settings.pds_url, &settings.appview_url)
        .map_err(listen_failure)?;
    let session = xrpc
        .create_session(&settings.identifier, &source.secret)
        .await
        .map_err(listen_failure)?;
    // A fixed record key per delivery: after a failed attempt (which may have posted and lost
    // the answer), ask for the record before posting again.
    let rkey = chorus_listen::bluesky::tid(
        out.created_at.saturating_mul(1000) + out.id.rem_euclid(1000),
        u16::try_from(out.id.rem_euclid(1024)).unwrap_or(0),
    );
    if out.attempts > 0
        && let Some(existing) = xrpc
            .get_post(&session, &rkey)
            .await
            .map_err(listen_failure)?
    {
        return Ok(Sent {
            url: bsky_link(&existing.uri),
            external_id: existing.uri,
        });
    }
    let posted = xrpc
        .reply(&session, out.body, &target, hub.now(), Some(&rkey))
        .await
        .map_err(listen_failure)?;
    Ok(Sent {
        url: bsky_link(&posted.uri),
        external_id: posted.uri,
    })
}

/// The bsky.app page of a post URI (`at://DID/app.bsky.feed.post/RKEY`).
fn bsky_link(uri: &str) -> String {
    let parts: Vec<&str> = uri.trim_start_matches("at://").split('/').collect();
    match parts.as_slice() {
        [did, _, rkey] => format!("https://bsky.app/profile/{did}/post/{rkey}"),
        _ => uri.to_owned(),
    }
}

/// The source whose account answers `m`.
async fn source_of(hub: &Hub, m: &Mention) -> Result<Source, SendError> {
    let id = m.source_id.ok_or_else(|| {
        SendError::permanent(
            "the message did not come through a source, so there is no account to reply with",
        )
    })?;
    hub.store()
        .source(id)
        .await?
        .ok_or_else(|| SendError::permanent("its source was deleted"))
}
