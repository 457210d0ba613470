//! The runner of each network: feeds polled with conditional requests, Mastodon timelines
//! polled then streamed, and the Bluesky firehose from a cursor.

use super::*;

/// A source's runner, by network.
pub(super) enum Runner {
    Mastodon(MastodonRunner),
    Bluesky(BlueskyRunner),
    Feed(FeedRunner),
}

impl Runner {
    pub(super) fn new(ctx: &Ctx) -> std::result::Result<Runner, ListenError> {
        let settings = &ctx.source.config;
        let bad = |e: serde_json::Error| ListenError::Protocol(format!("bad settings: {e}"));
        Ok(match ctx.source.channel {
            Channel::Mastodon => {
                let s: MastodonSettings = serde_json::from_str(settings).map_err(bad)?;
                let secret = Some(ctx.source.secret.as_str()).filter(|t| !t.is_empty());
                Runner::Mastodon(MastodonRunner {
                    client: mastodon::Client::new(&s.base_url, secret)?,
                    has_token: secret.is_some(),
                    settings: s,
                    checkpoint: serde_json::from_str(&ctx.source.checkpoint).unwrap_or_default(),
                })
            }
            Channel::Bluesky => {
                let s: BlueskySettings = serde_json::from_str(settings).map_err(bad)?;
                Runner::Bluesky(BlueskyRunner {
                    xrpc: bluesky::Xrpc::new(&s.pds_url, &s.appview_url)?,
                    settings: s,
                    checkpoint: serde_json::from_str(&ctx.source.checkpoint).unwrap_or_default(),
                    profiles: HashMap::new(),
                })
            }
            Channel::Feed => {
                let s: FeedSettings = serde_json::from_str(settings).map_err(bad)?;
                Runner::Feed(FeedRunner {
                    http: chorus_listen::client(Some(Duration::from_secs(30)))?,
                    settings: s,
                    validators: serde_json::from_str(&ctx.source.checkpoint).unwrap_or_default(),
                })
            }
            other => {
                return Err(ListenError::Protocol(format!(
                    "{other} sources are pushed to, not run"
                )));
            }
        })
    }

    pub(super) async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        match self {
            Runner::Mastodon(r) => r.step(ctx, poll).await,
            Runner::Bluesky(r) => r.step(ctx, poll).await,
            Runner::Feed(r) => r.step(ctx, poll).await,
        }
    }
}

// --- Feeds -----------------------------------------------------------------------------------

pub(super) struct FeedRunner {
    http: reqwest::Client,
    settings: FeedSettings,
    validators: feed::Validators,
}

impl FeedRunner {
    async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        let now = ctx.hub.now();
        let fetched = feed::fetch(&self.http, &self.settings.url, &self.validators, now).await?;
        match fetched {
            feed::Fetched::NotModified => {
                let checkpoint = serde_json::to_string(&self.validators).unwrap_or_default();
                ctx.deliver(Vec::new(), 0, checkpoint, Some(poll)).await?;
            }
            feed::Fetched::Feed {
                mentions,
                validators,
            } => {
                let received = mentions.len();
                let kept: Vec<NewMention> = mentions.into_iter().filter(|m| ctx.keeps(m)).collect();
                let filtered = received - kept.len();
                let checkpoint = serde_json::to_string(&validators).unwrap_or_default();
                ctx.deliver(kept, filtered, checkpoint, Some(poll)).await?;
                self.validators = validators;
            }
        }
        Ok(Step::Wait(poll))
    }
}

// --- Mastodon --------------------------------------------------------------------------------

/// Pages fetched per timeline in one poll (40 statuses each); the rest waits for the next poll.
const MAX_PAGES: usize = 10;

pub(super) struct MastodonRunner {
    client: mastodon::Client,
    settings: MastodonSettings,
    has_token: bool,
    /// Newest id seen per timeline: `tag:<name>`, `search`, `mentions`.
    checkpoint: HashMap<String, String>,
}

impl MastodonRunner {
    fn checkpoint_json(&self) -> String {
        let sorted: std::collections::BTreeMap<_, _> = self.checkpoint.iter().collect();
        serde_json::to_string(&sorted).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Walks one timeline forward from its checkpoint. A timeline seen for the first time
    /// starts with its newest page (history before the source existed is not fetched).
    async fn catch_up(&mut self, ctx: &mut Ctx, key: String) -> StepResult {
        for _ in 0..MAX_PAGES {
            if ctx.stopped() {
                return Ok(Step::Stop);
            }
            let min_id = self.checkpoint.get(&key).cloned();
            let statuses: Vec<(String, mastodon::Status, bool)> = if key == "mentions" {
                self.client
                    .mentions(min_id.as_deref())
                    .await?
                    .into_iter()
                    .filter_map(|n| n.status.map(|s| (n.id, s, true)))
                    .collect()
            } else if key == "search" {
                let terms = ctx.query.search_terms();
                self.client
                    .search(&terms, min_id.as_deref())
                    .await?
                    .into_iter()
                    .map(|s| (s.id.clone(), s, false))
                    .collect()
            } else {
                let tag = key.trim_start_matches("tag:").to_owned();
                self.client
                    .tag_timeline(&tag, min_id.as_deref())
                    .await?
                    .into_iter()
                    .map(|s| (s.id.clone(), s, false))
                    .collect()
            };
            let full = statuses.len() >= mastodon::PAGE;
            let mut newest = min_id.clone();
            let mut mentions = Vec::new();
            let mut filtered = 0;
            for (page_id, status, addressed) in &statuses {
                newest = chorus_listen::newest_id(newest, page_id);
                match mastodon::mention_of(status, self.client.host()) {
                    Ok(m) if *addressed || ctx.keeps(&m) => mentions.push(m),
                    Ok(_) => filtered += 1,
                    Err(e) => tracing::debug!(error = %e, "skipping a status"),
                }
            }
            if let Some(n) = newest {
                self.checkpoint.insert(key.clone(), n);
            }
            ctx.deliver(mentions, filtered, self.checkpoint_json(), None)
                .await?;
            if !full || min_id.is_none() {
                break;
            }
        }
        Ok(Step::Wait(Duration::ZERO))
    }

    fn timelines(&self, ctx: &Ctx) -> Vec<String> {
        let mut keys: Vec<String> = ctx
            .query
            .positive_hashtags()
            .into_iter()
            .map(|t| format!("tag:{t}"))
            .collect();
        if keys.is_empty() && self.has_token && !ctx.query.search_terms().is_empty() {
            keys.push("search".to_owned());
        }
        if self.settings.mentions && self.has_token {
            keys.push("mentions".to_owned());
        }
        keys
    }

    async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        let keys = self.timelines(ctx);
        for key in &keys {
            if let Step::Stop = self.catch_up(ctx, key.clone()).await? {
                return Ok(Step::Stop);
            }
        }
        let tags: Vec<String> = ctx.query.positive_hashtags();
        if !self.settings.stream || tags.is_empty() {
            return Ok(Step::Wait(poll));
        }
        self.stream(ctx, tags, poll).await
    }

    /// Follows the hashtag streams until one fails or `poll * 10` passes (then a REST catch-up
    /// runs again, covering anything a stream missed).
    async fn stream(&mut self, ctx: &mut Ctx, tags: Vec<String>, poll: Duration) -> StepResult {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(
            String,
            std::result::Result<mastodon::Status, ListenError>,
        )>(1024);
        let mut tasks = Vec::new();
        for tag in tags {
            let client = self.client.clone();
            let tx = tx.clone();
            tasks.push(tokio::spawn(async move {
                let mut stream = match client
                    .stream(&mastodon::StreamKind::Hashtag(tag.clone()))
                    .await
                {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = tx.send((tag, Err(e))).await;
                        return;
                    }
                };
                loop {
                    match stream.next(Duration::from_secs(90)).await {
                        Ok(Some(mastodon::StreamItem::Update(s))) => {
                            if tx.send((tag.clone(), Ok(*s))).await.is_err() {
                                return;
                            }
                        }
                        Ok(Some(_)) => {}
                        Ok(None) => {
                            let _ = tx
                                .send((tag, Err(ListenError::Transport("the stream ended".into()))))
                                .await;
                            return;
                        }
                        Err(e) => {
                            let _ = tx.send((tag, Err(e))).await;
                            return;
                        }
                    }
                }
            }));
        }
        drop(tx);
        let until =
            tokio::time::Instant::now() + poll.saturating_mul(10).max(Duration::from_secs(60));
        let result = loop {
            let mut buf: Vec<NewMention> = Vec::new();
            let mut filtered = 0;
            let flush_at = tokio::time::Instant::now() + Duration::from_millis(500);
            let mut failed: Option<ListenError> = None;
            loop {
                tokio::select! {
                    item = rx.recv() => match item {
                        Some((tag, Ok(status))) => {
                            let key = format!("tag:{tag}");
                            let newest = chorus_listen::newest_id(self.checkpoint.get(&key).cloned(), &status.id);
                            if let Some(n) = newest {
                                self.checkpoint.insert(key, n);
                            }
                            match mastodon::mention_of(&status, self.client.host()) {
                                Ok(m) if ctx.keeps(&m) => buf.push(m),
                                Ok(_) => filtered += 1,
                                Err(_) => {}
                            }
                            if buf.len() >= 500 { break; }
                        }
                        Some((_, Err(e))) => { failed = Some(e); break; }
                        None => { failed = Some(ListenError::Transport("every stream ended".into())); break; }
                    },
                    _ = tokio::time::sleep_until(flush_at) => break,
                    _ = ctx.stop.changed() => break,
                }
            }
            if !(buf.is_empty() && filtered == 0)
                && let Err(e) = ctx
                    .deliver(buf, filtered, self.checkpoint_json(), None)
                    .await
            {
                break Err(StepError::Hub(e));
            }
            if let Some(e) = failed {
                break Err(StepError::Network(e));
            }
            if ctx.stopped() {
                break Ok(Step::Stop);
            }
            match ctx.keep_lease().await {
                Ok(true) => {}
                Ok(false) => break Ok(Step::Stop),
                Err(e) => break Err(StepError::Hub(e)),
            }
            if tokio::time::Instant::now() >= until {
                break Ok(Step::Wait(Duration::ZERO));
            }
        };
        for t in tasks {
            t.abort();
        }
        result
    }
}

// --- Bluesky ---------------------------------------------------------------------------------

/// Microseconds replayed before the checkpoint on reconnect: Jetstream's ordering is not
/// strict across its shards, and replayed posts are absorbed by the unique key.
const REWIND_US: i64 = 2_000_000;
/// Profiles remembered per source.
const MAX_PROFILES: usize = 20_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct JetstreamCheckpoint {
    cursor: Option<i64>,
}

pub(super) struct BlueskyRunner {
    xrpc: bluesky::Xrpc,
    settings: BlueskySettings,
    checkpoint: JetstreamCheckpoint,
    profiles: HashMap<String, bluesky::Profile>,
}

impl BlueskyRunner {
    async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        let cursor = self.checkpoint.cursor.map(|c| c - REWIND_US);
        let mut js = bluesky::Jetstream::connect(&self.settings.jetstream_url, cursor).await?;
        let result = self.follow(ctx, &mut js, poll).await;
        js.close().await;
        result
    }

    async fn follow(
        &mut self,
        ctx: &mut Ctx,
        js: &mut bluesky::Jetstream,
        poll: Duration,
    ) -> StepResult {
        let mut last_save = tokio::time::Instant::now();
        loop {
            let mut posts: Vec<bluesky::Post> = Vec::new();
            let mut last_cursor = self.checkpoint.cursor;
            let flush_at = tokio::time::Instant::now() + Duration::from_millis(500);
            let mut ended = false;
            loop {
                tokio::select! {
                    ev = js.next(Duration::from_secs(60)) => {
                        match ev? {
                            Some(e) => {
                                last_cursor = Some(e.time_us);
                                if let Some(p) = bluesky::post_of(&e) {
                                    let author_hint = self.profiles.get(&p.did).map(|pr| pr.handle.clone()).unwrap_or_default();
                                    if ctx.query.matches(&MatchDoc::new(&p.record.text, &author_hint)) {
                                        posts.push(p);
                                    }
                                }
                                if posts.len() >= 500 { break; }
                            }
                            None => { ended = true; break; }
                        }
                    }
                    _ = tokio::time::sleep_until(flush_at) => break,
                    _ = ctx.stop.changed() => break,
                }
            }
            let save_quiet = last_save.elapsed() > Duration::from_secs(10);
            if !posts.is_empty() || (save_quiet && last_cursor != self.checkpoint.cursor) {
                self.enrich(&posts).await;
                let mentions: Vec<NewMention> = posts
                    .iter()
                    .filter_map(|p| bluesky::mention_of(p, self.profiles.get(&p.did)))
                    .collect();
                let next = JetstreamCheckpoint {
                    cursor: last_cursor,
                };
                let json = serde_json::to_string(&next).unwrap_or_default();
                // Not counted as filtered: the firehose carries the whole network, and
                // what it says about other things is not this source's to count.
                ctx.deliver(mentions, 0, json, None).await?;
                self.checkpoint = next;
                last_save = tokio::time::Instant::now();
            }
            if ended {
                return Err(StepError::Network(ListenError::Transport(
                    "Jetstream closed the connection".into(),
                )));
            }
            if ctx.stopped() {
                return Ok(Step::Stop);
            }
            if !ctx.keep_lease().await? {
                return Ok(Step::Stop);
            }
            let _ = poll;
        }
    }

    /// Looks up profiles of authors not seen yet (handles and follower counts); a failing
    /// AppView leaves them unknown rather than holding up ingestion.
    async fn enrich(&mut self, posts: &[bluesky::Post]) {
        let mut missing: Vec<String> = posts
            .iter()
            .map(|p| p.did.clone())
            .filter(|d| !self.profiles.contains_key(d))
            .collect();
        missing.sort();
        missing.dedup();
        for chunk in missing.chunks(25) {
            match self.xrpc.profiles(chunk).await {
                Ok(found) => {
                    if self.profiles.len() + found.len() > MAX_PROFILES {
                        self.profiles.clear();
                    }
                    for p in found {
                        self.profiles.insert(p.did.clone(), p);
                    }
                }
                Err(e) => {
                    tracing::debug!(error = %e, "profiles unavailable");
                    break;
                }
            }
        }
    }
}
