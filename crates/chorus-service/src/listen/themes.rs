//! Themes as staff work with them: lists with sparklines, a theme with its mentions and
//! spikes, status, merges (by hand, and automatic when two converge) and splits.

use chorus_i18n::Text;

use super::*;
use crate::listen::pipeline::ThemeChange;

/// A theme with its recent activity.
#[derive(Debug, Clone)]
pub struct ThemeSummary {
    /// The theme.
    pub theme: Theme,
    /// Mentions per day over the last [`SPARK_DAYS`] days, oldest first.
    pub daily: Vec<i64>,
}

/// Days of history in theme sparklines.
pub const SPARK_DAYS: usize = 14;

/// A theme's page.
#[derive(Debug, Clone)]
pub struct ThemeDetail {
    /// The theme.
    pub theme: Theme,
    /// Mentions per hour over the last 7 days: `(hour start, count)`, oldest first, gaps as 0.
    pub hourly: Vec<(i64, i64)>,
    /// Recent members.
    pub samples: Vec<Mention>,
    /// Its spikes, newest first.
    pub spikes: Vec<RecordedSpike>,
}

/// Which themes to list.
#[derive(Debug, Clone, Default)]
pub struct ThemeQuery {
    /// Status name.
    pub status: Option<String>,
    /// Fewest mentions (default 1).
    pub min_count: Option<i64>,
    /// `count` (default) or `recent`.
    pub sort: Option<String>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<i64>,
    /// Themes to skip.
    pub offset: Option<i64>,
}

/// Themes for a listing, with daily counts for sparklines.
pub async fn themes(hub: &Hub, viewer: &User, q: &ThemeQuery) -> Result<Vec<ThemeSummary>> {
    require(viewer, Action::ViewListening)?;
    let mut errors = FieldErrors::new();
    let status = filter_name::<ThemeStatus>(
        "status",
        q.status.as_deref(),
        &mut errors,
        "new acknowledged fixing resolved",
    );
    let order = match q.sort.as_deref().map(str::trim) {
        None | Some("" | "count") => ThemeOrder::Count,
        Some("recent") => ThemeOrder::Recent,
        Some(other) => {
            errors.add(
                "sort",
                Text::new("err-listen-theme-sort-unknown").arg("value", format!("{other:?}")),
            );
            ThemeOrder::Count
        }
    };
    let limit = crate::error::check_limit(&mut errors, q.limit, 50, 200);
    // PostgreSQL refuses a negative OFFSET outright; nobody pages a hundred thousand themes deep.
    let offset = q.offset.unwrap_or(0);
    if !(0..=100_000).contains(&offset) {
        errors.add("offset", Text::new("err-listen-theme-offset-range"));
    }
    errors.into_result()?;
    let list = hub
        .store()
        .themes(&ThemeFilter {
            status,
            min_count: q.min_count.unwrap_or(1),
            order,
            limit,
            offset,
        })
        .await?;
    let today = day_start(hub.now());
    let from = Timestamp(today - (SPARK_DAYS as i64 - 1) * Timestamp::DAY);
    let ids: Vec<i64> = list.iter().map(|t| t.id).collect();
    let series = hub.store().theme_series(&ids, from).await?;
    Ok(list
        .into_iter()
        .map(|theme| {
            let mut daily = vec![0i64; SPARK_DAYS];
            for (_, bucket, n) in series.iter().filter(|(t, _, _)| *t == theme.id) {
                let day = ((bucket - from.0) / Timestamp::DAY) as usize;
                if let Some(d) = daily.get_mut(day) {
                    *d += n;
                }
            }
            ThemeSummary { theme, daily }
        })
        .collect())
}

fn day_start(t: Timestamp) -> i64 {
    t.0.div_euclid(Timestamp::DAY) * Timestamp::DAY
}

/// A theme's page.
pub async fn theme(hub: &Hub, viewer: &User, id: i64) -> Result<ThemeDetail> {
    require(viewer, Action::ViewListening)?;
    let theme = hub
        .store()
        .theme(id)
        .await?
        .ok_or(ServiceError::NotFound("theme"))?;
    let now_hour = pipeline::hour(hub.now());
    let from = now_hour - 7 * 24 * Timestamp::HOUR + Timestamp::HOUR;
    let series = hub.store().theme_series(&[id], Timestamp(from)).await?;
    let hourly = (0..7 * 24)
        .map(|i| {
            let h = from + i * Timestamp::HOUR;
            let n = series
                .iter()
                .find(|(_, b, _)| *b == h)
                .map_or(0, |(_, _, n)| *n);
            (h, n)
        })
        .collect();
    let samples = hub
        .store()
        .list_mentions(
            &MentionFilter {
                theme_id: Some(id),
                ..MentionFilter::default()
            },
            50,
        )
        .await?;
    let spikes = hub
        .store()
        .spikes(Timestamp(0), 500)
        .await?
        .into_iter()
        .filter(|s| s.theme_id == Some(id))
        .take(20)
        .collect();
    Ok(ThemeDetail {
        theme,
        hourly,
        samples,
        spikes,
    })
}

/// Sets a theme's status, with an optional note for colleagues.
pub async fn set_theme_status(
    hub: &Hub,
    actor: &User,
    id: i64,
    status: &str,
    note: Option<&str>,
) -> Result<Theme> {
    require(actor, Action::ManageThemes)?;
    let status: ThemeStatus =
        status
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("status", e.text())
            })?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 500) {
        return Err(ServiceError::field(
            "note",
            Text::new("err-listen-chars-max").arg("max", 500),
        ));
    }
    let theme = live_theme(hub.store(), id).await?;
    hub.store()
        .set_theme_status(theme.id, status.as_str(), note, actor.id, hub.now())
        .await?;
    hub.bus().publish(chorus_bus::Event::ThemeChanged { id });
    let theme = live_theme(hub.store(), id).await?;
    let data = serde_json::json!({
        "id": theme.id, "label": theme.label, "status": status.as_str(), "note": note,
        "by": actor.name,
        "url": format!("{}/listen/themes/{}", hub.config().public_url(), theme.id),
    });
    let key = format!("theme-{}-{}-{}", theme.id, status.as_str(), hub.now().0);
    crate::webhooks::emit_logged(hub, "theme.status_changed", &key, data).await;
    Ok(theme)
}

/// Theme `id`, unless it was merged away (409) or does not exist (404).
pub(crate) async fn live_theme(store: &chorus_store::Store, id: i64) -> Result<Theme> {
    match store.theme(id).await? {
        Some(t) if t.merged_into.is_none() => Ok(t),
        Some(_) => Err(ServiceError::Conflict(
            Text::new("err-listen-theme-merged-away").arg("id", id.to_string()),
        )),
        None => Err(ServiceError::NotFound("theme")),
    }
}

/// Profile of a set of texts, rebuilt by analysing them again (merges and splits are rare
/// staff actions; analysis is fast enough to redo).
fn profile_of(hub: &Hub, texts: &[String]) -> Option<Profile> {
    let analyzer = hub.analyzer();
    let mut scratch = Scratch::new();
    let docs: Vec<Doc> = texts
        .iter()
        .map(|t| analyzer.analyze_for_themes(t, &mut scratch).1)
        .collect();
    Profile::of_docs(
        &docs,
        chorus_analyze::cluster::ClusterConfig::default().max_terms,
    )
}

/// How many member texts a rebuilt profile is made from.
const PROFILE_SAMPLE: i64 = 2_000;

/// Merges theme `from` into theme `into` (mentions, counts and history move).
pub async fn merge_themes(hub: &Hub, actor: &User, from: i64, into: i64) -> Result<Theme> {
    require(actor, Action::ManageThemes)?;
    if from == into {
        return Err(ServiceError::field(
            "into",
            Text::new("err-listen-theme-merge-self"),
        ));
    }
    let a = live_theme(hub.store(), from).await?;
    let b = live_theme(hub.store(), into).await?;
    let change = merge_change(hub, &a, &b).await?;
    apply_one(hub, change).await?;
    hub.bus()
        .publish(chorus_bus::Event::ThemeChanged { id: from });
    hub.bus()
        .publish(chorus_bus::Event::ThemeChanged { id: into });
    live_theme(hub.store(), into).await
}

/// The cursor holding when converged themes were last merged.
const CONVERGED_CURSOR: &str = "themes:converged_at";
/// The lease that keeps merging to one instance: two instances merging at once could cross.
const CONVERGE_LEASE: &str = "themes-converge";

/// Every `listen.theme_merge_minutes` (0: never), merges themes that converged
/// ([`merge_converged`]) on whichever instance takes the lease first; the job worker calls it
/// every few minutes, `chorus triage --drain` once at the end.
pub async fn converge_when_due(hub: &Hub) -> Result<usize> {
    let every = hub.config().listen.theme_merge_minutes;
    if every == 0 {
        return Ok(0);
    }
    let store = hub.store();
    let now = hub.now();
    let last = store.cursor(CONVERGED_CURSOR).await?;
    if last > 0 && now.0 - last < (every as i64).saturating_mul(Timestamp::MINUTE) {
        return Ok(0);
    }
    let owner = crate::secrets::new_secret("themes_")?;
    if !store
        .acquire_lease(CONVERGE_LEASE, &owner, now, 10 * Timestamp::MINUTE)
        .await?
    {
        return Ok(0);
    }
    let merged = merge_converged(hub).await;
    if merged.is_ok() {
        store.set_cursor(CONVERGED_CURSOR, now.0, hub.now()).await?;
    }
    store.release_lease(CONVERGE_LEASE, &owner).await?;
    merged
}

/// Merges themes whose centroids have converged (see [`ThemeIndex::converged`]): two themes
/// that started apart on different first words for one cause become one as their members
/// pile up. Looks at the most recently active themes; returns how many merges it made.
pub async fn merge_converged(hub: &Hub) -> Result<usize> {
    const RECENT: i64 = 5_000;
    let store = hub.store();
    let config = crate::listen::pipeline::cluster_config(&hub.config().listen);
    let mut index = chorus_analyze::cluster::ThemeIndex::new(config);
    let mut profiles = store.theme_profiles(RECENT).await?;
    // Oldest first: meanings are compared among the most recently loaded.
    profiles.reverse();
    for (id, bytes) in profiles {
        if let Ok(p) = Profile::from_bytes(&bytes) {
            index.load_theme(id, p);
        }
    }
    index.seed_meaning_mean();
    // Every pair of the recent meanings is compared: keep it off the async workers.
    let pairs = tokio::task::spawn_blocking(move || index.to_merge())
        .await
        .map_err(|e| ServiceError::Internal(format!("converged themes: {e}")))?;
    // In rounds in which no theme takes part twice: a merge into a theme that has just
    // gained members is prepared after that gain is stored, so its label and profile are
    // built from every member.
    let mut merged = 0;
    let mut round: Vec<(i64, i64, ThemeChange)> = Vec::new();
    let mut pending = pairs.into_iter().peekable();
    while pending.peek().is_some() || !round.is_empty() {
        let next = pending.peek().map(|(from, into, _)| (*from, *into));
        let busy = next.is_some_and(|(a, b)| {
            round
                .iter()
                .any(|(x, y, _)| [*x, *y].contains(&a) || [*x, *y].contains(&b))
        });
        if let (Some((from, into)), false) = (next, busy) {
            pending.next();
            let (Some(a), Some(b)) = (store.theme(from).await?, store.theme(into).await?) else {
                continue;
            };
            if a.merged_into.is_none() && b.merged_into.is_none() {
                round.push((from, into, merge_change(hub, &a, &b).await?));
            }
            continue;
        }
        let (moved, changes): (Vec<(i64, i64)>, Vec<ThemeChange>) =
            round.drain(..).map(|(a, b, c)| ((a, b), c)).unzip();
        let outcomes = hub.pipeline().await?.change_themes(changes).await?;
        for ((from, into), outcome) in moved.into_iter().zip(outcomes) {
            match outcome {
                Ok(_) => {
                    tracing::info!(from, into, "merged converged themes");
                    hub.bus()
                        .publish(chorus_bus::Event::ThemeChanged { id: from });
                    hub.bus()
                        .publish(chorus_bus::Event::ThemeChanged { id: into });
                    merged += 1;
                }
                // Staff merged one of the two meanwhile.
                Err(e) => tracing::info!(from, into, error = %e, "converged themes not merged"),
            }
        }
    }
    Ok(merged)
}

/// Applies one merge or split through the pipeline's writer; the new theme of a split.
async fn apply_one(hub: &Hub, change: ThemeChange) -> Result<Option<i64>> {
    hub.pipeline()
        .await?
        .change_themes(vec![change])
        .await?
        .pop()
        .ok_or_else(|| ServiceError::Internal("the theme change went unanswered".into()))?
}

/// The merge of theme `a` into theme `b`, with a profile and label rebuilt from a sample of
/// both themes' texts.
async fn merge_change(hub: &Hub, a: &Theme, b: &Theme) -> Result<ThemeChange> {
    let mut texts: Vec<String> = hub
        .store()
        .theme_texts(b.id, PROFILE_SAMPLE / 2)
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    texts.extend(
        hub.store()
            .theme_texts(a.id, PROFILE_SAMPLE / 2)
            .await?
            .into_iter()
            .map(|(_, t)| t),
    );
    let mut profile = profile_of(hub, &texts);
    // The words are re-read from the members; what they mean is kept from both themes.
    if let Some(p) = profile.as_mut() {
        for id in [b.id, a.id] {
            let stored = hub.store().theme_profile(id).await?;
            if let Some(m) = stored
                .and_then(|bytes| Profile::from_bytes(&bytes).ok())
                .and_then(|old| old.meaning)
            {
                p.absorb_meaning(&m);
            }
        }
    }
    let label = profile
        .as_ref()
        .map_or_else(|| b.label.clone(), Profile::label);
    Ok(ThemeChange::Merge {
        from: a.id,
        into: b.id,
        label,
        profile: profile.map(|p| p.to_bytes()).unwrap_or_default(),
    })
}

/// Moves the given mentions of theme `from` into a new theme; returns the new theme.
pub async fn split_theme(hub: &Hub, actor: &User, from: i64, mention_ids: &[i64]) -> Result<Theme> {
    require(actor, Action::ManageThemes)?;
    let theme = live_theme(hub.store(), from).await?;
    let members = hub.store().theme_texts(theme.id, i64::MAX).await?;
    let mut moving = Vec::new();
    let mut staying = Vec::new();
    for (id, text) in members {
        if mention_ids.contains(&id) {
            moving.push((id, text));
        } else {
            staying.push(text);
        }
    }
    if moving.is_empty() {
        return Err(ServiceError::field(
            "mention_ids",
            Text::new("err-listen-theme-split-none"),
        ));
    }
    if staying.is_empty() {
        return Err(ServiceError::field(
            "mention_ids",
            Text::new("err-listen-theme-split-all"),
        ));
    }
    let moving_texts: Vec<String> = moving.iter().map(|(_, t)| t.clone()).collect();
    let new_profile = profile_of(hub, &moving_texts)
        .ok_or_else(|| ServiceError::Internal("no profile for the split texts".into()))?;
    staying.truncate(PROFILE_SAMPLE as usize);
    let old_profile = profile_of(hub, &staying);
    let change = ThemeChange::Split {
        from: theme.id,
        mention_ids: moving.iter().map(|(id, _)| *id).collect(),
        new_label: new_profile.label(),
        new_profile: new_profile.to_bytes(),
        old_label: old_profile
            .as_ref()
            .map_or_else(|| theme.label.clone(), Profile::label),
        old_profile: old_profile.as_ref().map(Profile::to_bytes),
    };
    let new_id = apply_one(hub, change)
        .await?
        .ok_or_else(|| ServiceError::Internal("the split made no theme".into()))?;
    hub.bus()
        .publish(chorus_bus::Event::ThemeChanged { id: from });
    hub.bus().publish(chorus_bus::Event::ThemeCreated {
        id: new_id,
        label: new_profile.label(),
    });
    live_theme(hub.store(), new_id).await
}
