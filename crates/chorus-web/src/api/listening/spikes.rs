//! Spikes, overall and per theme, and the hourly volume from the pipeline's counters.

use axum::Json;
use axum::extract::{Query, State};
use chorus_core::Channel;
use chorus_core::views::listening::{HourCounts, RecordedSpike};
use chorus_service::listen;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rfc;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A spike.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpikeJson {
    /// Spike id.
    id: i64,
    /// `all` or `theme:<id>`.
    series: String,
    /// Theme, for theme spikes.
    theme_id: Option<i64>,
    /// Theme label.
    theme_label: Option<String>,
    /// RFC 3339 start of the hour.
    hour: String,
    /// Mentions in that hour when flagged.
    count: i64,
    /// What the history expected.
    expected: f64,
    /// Standard deviations above expectation.
    z: f64,
    /// Detected while it happened (not when replaying history).
    live: bool,
}

impl From<&RecordedSpike> for SpikeJson {
    fn from(s: &RecordedSpike) -> Self {
        SpikeJson {
            id: s.id,
            series: s.series.clone(),
            theme_id: s.theme_id,
            theme_label: s.theme_label.clone(),
            hour: rfc(s.bucket),
            count: s.count,
            expected: s.expected,
            z: s.z,
            live: s.live,
        }
    }
}

/// Spike listing parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct SpikeParams {
    /// Days back (1–365, default 7).
    days: Option<i64>,
}

/// Spikes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpikeListJson {
    /// Newest first.
    spikes: Vec<SpikeJson>,
}

/// Recent spikes, overall and per theme.
#[utoipa::path(get, path = "/api/v1/spikes", tag = "listening", security(("bearer" = [])), params(SpikeParams),
    responses((status = 200, body = SpikeListJson), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_spikes(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<SpikeParams>,
) -> Result<Json<SpikeListJson>, ApiError> {
    let s = listen::spikes(&state.hub, &user, p.days.unwrap_or(7)).await?;
    Ok(Json(SpikeListJson {
        spikes: s.iter().map(SpikeJson::from).collect(),
    }))
}

/// Volume parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct VolumeParams {
    /// Hours back (1–2160, default 24).
    hours: Option<i64>,
    /// One channel only.
    channel: Option<String>,
}

/// Mentions in one hour.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HourJson {
    /// RFC 3339 start of the hour.
    hour: String,
    /// Mentions.
    mentions: i64,
    /// Summed author followers.
    reach: i64,
    /// Likes, boosts and replies.
    engagement: i64,
    /// Negative mentions.
    negative: i64,
    /// Neutral mentions.
    neutral: i64,
    /// Positive mentions.
    positive: i64,
    /// Complaints.
    complaints: i64,
    /// Questions.
    questions: i64,
    /// Abusive mentions.
    abusive: i64,
}

impl From<&HourCounts> for HourJson {
    fn from(r: &HourCounts) -> Self {
        HourJson {
            hour: rfc(r.bucket),
            mentions: r.mentions,
            reach: r.reach,
            engagement: r.engagement,
            negative: r.negative,
            neutral: r.neutral,
            positive: r.positive,
            complaints: r.complaints,
            questions: r.questions,
            abusive: r.abusive,
        }
    }
}

/// Hourly volume.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VolumeJson {
    /// Oldest first, one entry per hour (empty hours included).
    hours: Vec<HourJson>,
}

/// Mention volume, reach and sentiment per hour (from the pipeline's counters).
#[utoipa::path(get, path = "/api/v1/listening/volume", tag = "listening", security(("bearer" = [])), params(VolumeParams),
    responses((status = 200, body = VolumeJson), (status = 422, body = ErrorBody)))]
pub(crate) async fn volume(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<VolumeParams>,
) -> Result<Json<VolumeJson>, ApiError> {
    let channel = match p
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(c.parse::<Channel>().map_err(|e| {
            ApiError::from(chorus_service::ServiceError::field("channel", e.text()))
        })?),
        None => None,
    };
    let rows = listen::volume(&state.hub, &user, p.hours.unwrap_or(24), channel).await?;
    Ok(Json(VolumeJson {
        hours: rows.iter().map(HourJson::from).collect(),
    }))
}
