//! oEmbed for topic addresses: the card a blog or CMS shows when a topic's link is pasted.
//! Apart from the widget's API because its callers differ: servers and any page (no CORS
//! allow-list, `Access-Control-Allow-Origin: *`), always in the hub's language; it shares
//! only the rate budget and the topic's JSON shape with the widget.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chorus_i18n::{Arg, Text};
use chorus_service::community::embed;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{EmbedTopicJson, check_rate};
use crate::auth::ClientOrigin;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// What an oEmbed consumer asks.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct OembedQuery {
    /// The address of a topic of this hub, `https://HUB/t/{id}`.
    url: String,
    /// `json` (the default); `xml` is not offered (501); anything else is refused (422).
    format: Option<String>,
    /// Widest the consumer can show (pixels).
    maxwidth: Option<u32>,
    /// Tallest the consumer can show (pixels).
    maxheight: Option<u32>,
}

/// An oEmbed answer (type `rich`).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct OembedJson {
    /// `1.0`.
    version: &'static str,
    /// `rich`.
    #[serde(rename = "type")]
    kind: &'static str,
    /// The topic's title.
    title: String,
    /// Who asked.
    author_name: String,
    /// Their profile.
    author_url: String,
    /// The hub's name.
    provider_name: String,
    /// The hub.
    provider_url: String,
    /// Seconds the consumer may keep this answer.
    cache_age: u32,
    /// A self-contained card (a `blockquote` with links; no scripts, no frames), escaped.
    html: String,
    /// Width the card is laid out for (pixels).
    width: u32,
    /// Height it needs at most (pixels).
    height: u32,
}

/// The topic id in `url` when it is a topic address of this hub.
fn topic_id_in(base: &str, url: &str) -> Option<i64> {
    let url = url.trim();
    let head = url.get(..base.len())?;
    if !head.eq_ignore_ascii_case(base) {
        return None;
    }
    let rest = url.get(base.len()..)?;
    let id = rest.strip_prefix("/t/")?;
    let end = id.find(|c: char| !c.is_ascii_digit()).unwrap_or(id.len());
    let (digits, tail) = id.split_at(end);
    if !(tail.is_empty() || tail.starts_with(['/', '?', '#'])) {
        return None;
    }
    digits.parse().ok()
}

/// oEmbed for a single topic, so blogs and CMSs show it as a card when its address is pasted.
#[utoipa::path(get, path = "/oembed", tag = "embed", params(OembedQuery),
    responses((status = 200, body = OembedJson), (status = 404, description = "Not a topic of this hub anyone may see"),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 501, description = "Only `format=json` is offered")))]
pub(crate) async fn oembed(
    State(state): State<AppState>,
    ClientOrigin(client): ClientOrigin,
    headers: HeaderMap,
    Query(p): Query<OembedQuery>,
) -> Result<Response, ApiError> {
    // Each answer reads a whole topic: the same per-address budget as the embed API.
    check_rate(&state, &headers, &client).await?;
    match p.format.as_deref().map(str::trim) {
        None | Some("" | "json") => {}
        // What the oEmbed specification prescribes for a format the provider does not offer.
        Some("xml") => return Ok(StatusCode::NOT_IMPLEMENTED.into_response()),
        Some(_) => {
            return Err(ApiError::from(chorus_service::ServiceError::field(
                "format",
                Text::new("err-web-oembed-format"),
            )));
        }
    }
    let config = state.hub.config();
    let base = config.public_url();
    let Some(id) = topic_id_in(&base, &p.url) else {
        return Err(ApiError::new(
            "not_found",
            format!("{:?} is not the address of a topic on {base}.", p.url),
        ));
    };
    let e = embed::public_topic(&state.hub, chorus_core::TopicId(id)).await?;
    // A consumer (a CMS) fetches this server to server and caches it for everyone: the
    // hub's language, whatever the fetcher's Accept-Language says.
    let tr = state.hub.tr();
    let topic = EmbedTopicJson::of(&base, &e, tr);
    // Never more than the consumer said it can show.
    let width = p.maxwidth.map_or(550, |m| m.clamp(1, 550));
    let height = p.maxheight.map_or(400, |m| m.clamp(1, 400));
    let esc = crate::pages::charts::escape;
    let hub_name = config.hub.name.clone();
    let answer = match &topic.answer {
        Some(a) => format!(
            "<p><strong>{}</strong> {}</p>",
            esc(&tr.args(
                if a.accepted {
                    "embed-accepted-by"
                } else {
                    "embed-official-by"
                },
                &[("author", Arg::from(a.author.as_str()))],
            )),
            esc(&a.excerpt)
        ),
        None => format!("<p>{}</p>", esc(&topic.replies_label)),
    };
    let html = format!(
        "<blockquote class=\"chorus-topic\" cite=\"{url}\" style=\"max-width:{width}px\">\
         <p><strong><a href=\"{url}\">{title}</a></strong></p><p>{excerpt}</p>{answer}\
         <p>— <a href=\"{base_e}\">{hub}</a></p></blockquote>",
        url = esc(&topic.url),
        title = esc(&topic.title),
        excerpt = esc(&topic.excerpt),
        base_e = esc(&base),
        hub = esc(&hub_name),
    );
    let json = OembedJson {
        version: "1.0",
        kind: "rich",
        title: e.topic.title.clone(),
        author_name: e.topic.author.name.clone(),
        author_url: format!("{base}/u/{}", e.topic.author.id.0),
        provider_name: hub_name,
        provider_url: base.clone(),
        cache_age: 3600,
        html,
        width,
        height,
    };
    let mut resp = Json(json).into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    resp.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::topic_id_in;

    #[test]
    fn only_topic_addresses_of_this_hub_are_embedded() {
        let base = "https://hub.example.com";
        assert_eq!(topic_id_in(base, "https://hub.example.com/t/42"), Some(42));
        assert_eq!(
            topic_id_in(base, "HTTPS://HUB.example.com/t/42#reply-3"),
            Some(42)
        );
        assert_eq!(
            topic_id_in(base, "https://hub.example.com/t/42/edit"),
            Some(42)
        );
        assert_eq!(topic_id_in(base, "https://hub.example.com/t/42x"), None);
        assert_eq!(topic_id_in(base, "https://hub.example.com.evil/t/42"), None);
        assert_eq!(topic_id_in(base, "https://other.example.com/t/42"), None);
        assert_eq!(topic_id_in(base, "https://hub.example.com/u/42"), None);
        assert_eq!(topic_id_in(base, "https://hub.example.com/t/"), None);
        assert_eq!(
            topic_id_in(base, "https://hub.example.com/t/99999999999999999999"),
            None
        );
    }
}
