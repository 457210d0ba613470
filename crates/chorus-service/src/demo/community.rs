//! The demo's community: members, topics, replies and idea statuses from
//! `demo/community.toml`.

use super::*;

#[derive(Deserialize)]
pub(super) struct DemoFile {
    pub(super) member: Vec<DemoMember>,
    pub(super) topic: Vec<DemoTopic>,
}

#[derive(Deserialize)]
pub(super) struct DemoMember {
    pub(super) handle: String,
    pub(super) name: String,
}

#[derive(Deserialize)]
pub(super) struct DemoTopic {
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) author: String,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) category: Option<String>,
    pub(super) days_ago: i64,
    pub(super) body: String,
    #[serde(default)]
    pub(super) me_too: usize,
    #[serde(default)]
    pub(super) votes: usize,
    #[serde(default)]
    pub(super) statuses: Vec<DemoStatus>,
    #[serde(default)]
    pub(super) reply: Vec<DemoReply>,
}

#[derive(Deserialize)]
pub(super) struct DemoStatus {
    pub(super) status: String,
    pub(super) note: String,
    pub(super) days_ago: i64,
    pub(super) by: String,
    pub(super) duplicate_of: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct DemoReply {
    pub(super) author: String,
    pub(super) hours: i64,
    pub(super) body: String,
    #[serde(default)]
    pub(super) accepted: bool,
}

pub(super) async fn seed_community(hub: &Hub) -> Result<()> {
    let file: DemoFile = toml::from_str(COMMUNITY).map_err(bad)?;
    let store = hub.store();
    let mut people: HashMap<String, UserId> = HashMap::new();
    for (handle, a) in ["admin", "manager", "agent", "mia"]
        .iter()
        .zip(ACCOUNTS.iter())
    {
        let u = store
            .user_by_email(a.email)
            .await?
            .ok_or_else(|| bad("demo account missing"))?;
        people.insert((*handle).to_owned(), u.user.id);
    }
    let mut members = Vec::new();
    for m in &file.member {
        let email = format!("{}@members.demo.chorus.test", m.handle);
        let id = match store.user_by_email(&email).await? {
            Some(u) => u.user.id,
            // Members only author demo content; nobody knows their random passwords.
            None => {
                admin::create_user(
                    hub,
                    &email,
                    &m.name,
                    &secrets::new_secret("")?,
                    Role::Member,
                )
                .await?
                .id
            }
        };
        people.insert(m.handle.clone(), id);
        members.push(id);
    }
    let who = |h: &str| {
        people
            .get(h)
            .copied()
            .ok_or_else(|| bad(format!("unknown author {h:?}")))
    };
    let now = hub.now();
    let mut titles: HashMap<String, TopicId> = HashMap::new();
    for (i, t) in file.topic.iter().enumerate() {
        let kind: TopicKind = t.kind.parse().map_err(bad)?;
        let mut errors = chorus_core::FieldErrors::new();
        let tags = rules::normalize_tags(&t.tags, &mut errors);
        rules::check_title(&t.title, &mut errors);
        rules::check_body(&t.body, &mut errors);
        errors
            .into_result()
            .map_err(|e| bad(format!("{}: {e}", t.title)))?;
        // Spread topics over their day so listings look lived-in.
        let created = now.plus(
            -t.days_ago * Timestamp::DAY - (i as i64 % 7) * Timestamp::HOUR - 3 * Timestamp::HOUR,
        );
        let body = t.body.trim();
        let id = store
            .insert_topic(
                &NewTopic {
                    kind,
                    title: &t.title,
                    body,
                    body_html: &chorus_markdown::render(body),
                    author: who(&t.author)?,
                    category: t.category.as_deref(),
                    tags: &tags,
                    moderation: PostModeration::default(),
                },
                created,
            )
            .await?;
        titles.insert(t.title.clone(), id);
        // Through the listening pipeline too, as posting in the community would.
        let posted = DomainEvent::PostCreated {
            post: Post::Topic(id.0),
        };
        crate::events::publish(hub, &posted).await?;
        for r in &t.reply {
            let at = created.plus(r.hours * Timestamp::HOUR).min(now);
            let author = who(&r.author)?;
            let role = if ["admin", "manager", "agent"].contains(&r.author.as_str()) {
                Role::Agent
            } else {
                Role::Member
            };
            let body = r.body.trim();
            let rid = store
                .insert_reply(
                    id,
                    author,
                    body,
                    &chorus_markdown::render(body),
                    rules::is_official(role),
                    PostModeration::default(),
                    at,
                )
                .await?;
            let posted = DomainEvent::PostCreated {
                post: Post::Reply(rid.0),
            };
            crate::events::publish(hub, &posted).await?;
            if r.accepted {
                store.set_accepted(id, Some(rid)).await?;
            }
        }
        let reactors = members.iter().cycle().skip(i % members.len().max(1));
        for (n, m) in reactors
            .clone()
            .take(t.me_too.min(members.len()))
            .enumerate()
        {
            store
                .add_me_too(
                    *m,
                    id,
                    created
                        .plus((n as i64 + 1) * 7 * Timestamp::MINUTE)
                        .min(now),
                )
                .await?;
        }
        for (n, m) in reactors.take(t.votes.min(members.len())).enumerate() {
            store
                .add_vote(
                    *m,
                    VoteTarget::Topic(id),
                    created
                        .plus((n as i64 + 1) * 11 * Timestamp::MINUTE)
                        .min(now),
                )
                .await?;
        }
        let mut current = (kind == TopicKind::Idea).then_some(IdeaStatus::Open);
        for s in &t.statuses {
            let to: IdeaStatus = s.status.parse().map_err(bad)?;
            let duplicate_of = match &s.duplicate_of {
                Some(title) => Some(
                    *titles
                        .get(title)
                        .ok_or_else(|| bad(format!("unknown duplicate target {title:?}")))?,
                ),
                None => None,
            };
            let at = now.plus(-s.days_ago * Timestamp::DAY).max(created);
            let update = StatusUpdate {
                topic: id,
                from: current,
                to,
                note: &s.note,
                duplicate_of,
                actor: who(&s.by)?,
            };
            store.set_status(&update, at).await?;
            current = Some(to);
        }
    }
    tracing::info!(
        topics = file.topic.len(),
        members = members.len(),
        "seeded the demo community"
    );
    Ok(())
}
