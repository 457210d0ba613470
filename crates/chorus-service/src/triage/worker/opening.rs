//! Opening a case for a mention or a community topic: the priority and its explanation from
//! the signals, the customer's history and the routing rules, SLA clocks, and the refs by
//! which later messages find the case.

use super::*;

/// Opens a case for a mention (once: a second call finds the first case). `reason` says why;
/// a matching routing rule sets team, priority and tags.
pub(crate) async fn open_for_mention(
    hub: &Hub,
    m: &Mention,
    reason: &str,
    by: Option<UserId>,
    rules: &[RoutingRule],
) -> Result<Option<i64>> {
    let customer = hub
        .store()
        .customer_for(m.channel.as_str(), &m.author, hub.now())
        .await?;
    let prior = hub.store().count_customer_cases(customer).await?;
    let opening = Opening {
        customer,
        prior,
        near: &[],
    };
    open_mention_case(hub, m, reason, by, rules, opening).await
}

/// What the caller of [`open_mention_case`] already knows about the customer.
pub(super) struct Opening<'a> {
    /// The customer behind the mention.
    pub customer: i64,
    /// How many cases they had before.
    pub prior: i64,
    /// The mention's near-duplicate keys, recorded with the case.
    pub near: &'a [String],
}

/// [`open_for_mention`] for a customer already looked up.
pub(super) async fn open_mention_case(
    hub: &Hub,
    m: &Mention,
    reason: &str,
    by: Option<UserId>,
    rules: &[RoutingRule],
    Opening {
        customer,
        prior,
        near,
    }: Opening<'_>,
) -> Result<Option<i64>> {
    let parts = MentionCase::new(hub, m, reason, prior, rules);
    let c = parts.record(m, by, Some(customer), near);
    crate::triage::hooks::open(hub, &c, hub.now()).await
}

/// What a case opened for a mention says, decided from the mention, the customer's history
/// and the routing rules: everything but who the customer is.
pub(super) struct MentionCase {
    score: f64,
    priority: Priority,
    explanation: String,
    team_id: Option<i64>,
    rule_id: Option<i64>,
    first_due: Option<Timestamp>,
    resolution_due: Option<Timestamp>,
    refs: Vec<String>,
    key: String,
    subject: String,
    opened_by: String,
    tags: String,
}

impl MentionCase {
    /// Decides the case; `prior` is how many cases the customer had before.
    pub(super) fn new(
        hub: &Hub,
        m: &Mention,
        reason: &str,
        prior: i64,
        rules: &[RoutingRule],
    ) -> MentionCase {
        let Decision {
            score,
            priority,
            explanation,
            rule,
        } = decide(m, prior, rules);
        // Clocks start when Chorus sees the message: a backlog imported later is not born
        // late.
        let (first_due, resolution_due) = crate::triage::sla_due(hub, priority, hub.now());
        let opened_by = match rule {
            Some(r) if reason == "rule" => format!("rule “{}”", r.name),
            _ => reason.to_owned(),
        };
        MentionCase {
            score,
            priority,
            explanation,
            team_id: rule.and_then(|r| r.team_id),
            rule_id: rule.map(|r| r.id),
            first_due,
            resolution_due,
            refs: refs_of(m),
            key: format!("mention:{}", m.id),
            subject: subject_line(&m.text),
            opened_by,
            tags: rule.map(|r| r.tags.join(" ")).unwrap_or_default(),
        }
    }

    /// Whether the case goes to a team (which may assign it round-robin).
    pub(super) fn has_team(&self) -> bool {
        self.team_id.is_some()
    }

    /// The store's record of the case, with the mention's near-duplicate keys.
    pub(super) fn record<'a>(
        &'a self,
        m: &'a Mention,
        by: Option<UserId>,
        customer: Option<i64>,
        near: &'a [String],
    ) -> chorus_store::triage::NewCase<'a> {
        let mut c = new_case(
            &self.subject,
            self.priority.as_str(),
            self.score,
            &self.explanation,
            m.channel.as_str(),
            &self.key,
            &self.refs,
            &m.text,
        );
        c.team_id = self.team_id;
        c.rule_id = self.rule_id;
        c.customer_id = customer;
        c.mention_id = Some(m.id);
        c.source_url = &m.url;
        c.opened_by = &self.opened_by;
        c.opened_by_user = by;
        c.tags = &self.tags;
        c.customer_at = Timestamp(m.created_at);
        c.first_response_due = self.first_due;
        c.resolution_due = self.resolution_due;
        if !near.is_empty() {
            c.extra_refs = Some((NEAR_CHANNEL, near));
        }
        c
    }
}

/// Opens a case for a community topic (once).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open_for_topic(
    hub: &Hub,
    topic_id: i64,
    title: &str,
    author: &str,
    created_at: Timestamp,
    reason: &str,
    by: Option<UserId>,
    rules: &[RoutingRule],
    floor: Option<Priority>,
) -> Result<Option<i64>> {
    let now = hub.now();
    let key = chorus_core::TopicId(topic_id).mention_key();
    // The topic's own mention carries its signals when the pipeline has seen it.
    let m = hub.store().mention_by_key("community", &key).await?;
    let customer = hub.store().customer_for("community", author, now).await?;
    let prior = hub.store().count_customer_cases(customer).await?;
    let fallback = Mention {
        id: 0,
        channel: chorus_core::Channel::Community,
        source_id: None,
        source_name: None,
        external_id: key.clone(),
        native_id: None,
        author: author.to_owned(),
        author_followers: 0,
        likes: 0,
        boosts: 0,
        replies: 0,
        text: title.to_owned(),
        url: String::new(),
        created_at: created_at.0,
        ingested_at: now.0,
        in_reply_to: None,
        conversation: Some(key.clone()),
        meta: None,
        sentiment: chorus_core::listen::SentimentLabel::Neutral,
        sentiment_score: 0.5,
        intent: chorus_core::listen::Intent::Question,
        service_related: true,
        toxicity: 0.0,
        abusive: false,
        language: "en".into(),
        key_phrases: String::new(),
        theme_id: None,
        theme_label: None,
        signals_tier: "fast".into(),
        signals_model: "linear".into(),
    };
    // Before the pipeline has seen the topic, its signals come from its text.
    let m = match m {
        Some(m) => m,
        None => {
            let text = match hub.store().topic(chorus_core::TopicId(topic_id)).await? {
                Some(t) => format!("{}\n{}", t.title, t.body),
                None => title.to_owned(),
            };
            let s = hub.analyzer().analyze(&text);
            Mention {
                sentiment: s.sentiment.label,
                sentiment_score: f64::from(s.sentiment.score),
                intent: s.intent,
                service_related: s.service_related || fallback.service_related,
                toxicity: f64::from(s.toxicity.score),
                abusive: s.toxicity.abusive,
                ..fallback
            }
        }
    };
    let Decision {
        score,
        mut priority,
        mut explanation,
        rule,
    } = decide(&m, prior, rules);
    // Moderation prioritises strongly negative, civil complaints: at least `floor`.
    if let Some(f) = floor
        && f.rank() < priority.rank()
    {
        explanation = format!(
            "{explanation} · raised to {} by moderation ({reason})",
            f.as_str()
        );
        priority = f;
    }
    // The community member has been waiting since they posted, not since the case opened.
    let (first_due, resolution_due) = crate::triage::sla_due(hub, priority, created_at);
    let refs = vec![key.clone()];
    let dedupe = format!("topic:{topic_id}");
    let url = format!("{}/t/{topic_id}", hub.config().public_url());
    let tags = rule.map(|r| r.tags.join(" ")).unwrap_or_default();
    let mut c = new_case(
        title,
        priority.as_str(),
        score,
        &explanation,
        "community",
        &dedupe,
        &refs,
        &m.text,
    );
    c.team_id = rule.and_then(|r| r.team_id);
    c.rule_id = rule.map(|r| r.id);
    c.customer_id = Some(customer);
    c.mention_id = (m.id > 0).then_some(m.id);
    c.topic_id = Some(topic_id);
    c.source_url = &url;
    c.opened_by = reason;
    c.opened_by_user = by;
    c.tags = &tags;
    c.customer_at = created_at;
    c.first_response_due = first_due;
    c.resolution_due = resolution_due;
    crate::triage::hooks::open(hub, &c, now).await
}
