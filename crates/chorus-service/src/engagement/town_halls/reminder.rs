//! The reminder before a town hall starts: a durable job that fans out one e-mail per
//! follower. Scheduling enqueues it (see [`super::schedule`]); it runs on its own later, so
//! it lives apart from the event's interactive rules.

use chorus_core::UserId;
use chorus_i18n::Arg;
use serde::{Deserialize, Serialize};

use crate::jobs::{Attempt, Failure, JobType, RetryPolicy};
use crate::{Hub, Result, ServiceError};

/// Which town hall a [`Remind`] job reminds the followers of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemindFor {
    /// The town hall.
    pub event_id: i64,
}

/// The job that e-mails a town hall's followers shortly before it starts: one e-mail job
/// per follower, each enqueued once.
pub struct Remind;

impl JobType for Remind {
    const NAME: &'static str = "town_hall_reminder";
    type Payload = RemindFor;

    fn retry(_: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(10)
    }

    async fn run(hub: &Hub, p: RemindFor, _: Attempt) -> Result<(), Failure> {
        let transient = |e: ServiceError| Failure::Transient(e.to_string());
        let store = hub.store();
        let Some(e) = store
            .town_hall(p.event_id)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?
        else {
            return Ok(());
        };
        if hub.now().0 >= e.ends_at {
            return Ok(()); // over already: nothing to remind of
        }
        let url = format!("{}/events/{}", hub.config().public_url(), e.id);
        let hub_name = &hub.config().hub.name;
        for (user, name, email) in store
            .town_hall_followers(e.id)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?
        {
            // In the follower's language (the list carries no setting: one lookup each).
            let locale = store
                .user_by_id(UserId(user))
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?
                .and_then(|u| u.locale);
            let tr = crate::mail::tr_for(hub, locale.as_deref());
            let mail = crate::mail::Email {
                to: email,
                subject: tr.v("mail-town-hall-subject", "title", &e.title),
                body: format!(
                    "{}\n\n{}\n\n{url}\n\n{}\n",
                    crate::mail::hello(tr, Some(name.as_str())),
                    tr.args(
                        "mail-town-hall-body",
                        &[
                            ("title", Arg::from(&e.title)),
                            ("hub", Arg::from(hub_name)),
                            ("time", Arg::from(tr.datetime(e.starts_at))),
                        ],
                    ),
                    tr.t("mail-town-hall-why"),
                ),
            };
            crate::mail::enqueue(
                hub,
                &mail,
                Some(&format!("town-hall-reminder:{}:{user}", e.id)),
            )
            .await
            .map_err(transient)?;
        }
        Ok(())
    }
}
