//! Videos in answers and articles: a link to YouTube or an allowed PeerTube instance, alone
//! in its paragraph, becomes a click-to-load player.
//!
//! The stored HTML of a post stays the sanitized rendering of what was written; pages apply
//! [`video_facades`] when they show it, with the hosts allowed at that moment, so changing the
//! allowlist changes every page at once and never rewrites a post. The facade makes no
//! third-party request: it is a link to the video with its embed address in a data
//! attribute, and a small script of the hub swaps in the player (an `iframe` on YouTube's
//! privacy-enhanced domain, or the instance's embed page) only when the reader clicks.
//! Without JavaScript the link simply opens the video on its site.

/// A video link recognised on an allowed host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    /// `YouTube` or `PeerTube`.
    pub provider: &'static str,
    /// The host the player loads from.
    pub embed_host: String,
    /// The player's address.
    pub embed_url: String,
    /// The link as written (where the video plays without the player).
    pub watch_url: String,
}

/// The host every YouTube video plays from: its privacy-enhanced domain.
pub const YOUTUBE_EMBED_HOST: &str = "www.youtube-nocookie.com";

fn is_youtube_host(host: &str) -> bool {
    matches!(
        host,
        "youtube.com"
            | "www.youtube.com"
            | "m.youtube.com"
            | "youtu.be"
            | "youtube-nocookie.com"
            | "www.youtube-nocookie.com"
    )
}

fn id_ok(id: &str, max: usize, extra: &[char]) -> bool {
    !id.is_empty()
        && id.len() <= max
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || extra.contains(&c))
}

/// The video a URL points to, if its host is allowed: `youtube.com` in `hosts` allows
/// YouTube; any other entry is a PeerTube instance.
pub fn video_link(url: &str, hosts: &[String]) -> Option<Video> {
    let url = url.trim();
    let rest = url.strip_prefix("https://")?;
    let (host, path_query) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let path = path.split('#').next().unwrap_or("");
    if is_youtube_host(&host) {
        if !hosts.iter().any(|h| h == "youtube.com") {
            return None;
        }
        let id = if host == "youtu.be" {
            path.to_owned()
        } else if path == "watch" {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix("v="))
                .unwrap_or("")
                .to_owned()
        } else {
            ["embed/", "shorts/", "live/"]
                .iter()
                .find_map(|p| path.strip_prefix(p))
                .unwrap_or("")
                .to_owned()
        };
        // YouTube ids are 11 characters of [A-Za-z0-9_-].
        if id.len() != 11 || !id_ok(&id, 11, &[]) {
            return None;
        }
        return Some(Video {
            provider: "YouTube",
            embed_host: YOUTUBE_EMBED_HOST.to_owned(),
            embed_url: format!("https://{YOUTUBE_EMBED_HOST}/embed/{id}?autoplay=1"),
            watch_url: url.to_owned(),
        });
    }
    if !hosts.contains(&host) {
        return None;
    }
    let id = ["w/", "videos/watch/", "videos/embed/"]
        .iter()
        .find_map(|p| path.strip_prefix(p))?;
    // Short ids (`/w/abc`) and UUIDs.
    if !id_ok(id, 64, &[]) {
        return None;
    }
    Some(Video {
        provider: "PeerTube",
        embed_host: host.clone(),
        embed_url: format!("https://{host}/videos/embed/{id}?autoplay=1"),
        watch_url: url.to_owned(),
    })
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The URL a paragraph consists of: its text alone, or one link alone (whatever its text).
fn sole_url(inner: &str) -> Option<String> {
    let inner = inner.trim();
    if !inner.contains('<') {
        return (inner.starts_with("https://") && !inner.contains(char::is_whitespace))
            .then(|| unescape(inner));
    }
    let rest = inner.strip_prefix("<a href=\"")?;
    let (href, rest) = rest.split_once('"')?;
    let (_, text) = rest.split_once('>')?;
    let text = text.strip_suffix("</a>")?;
    if text.contains('<') {
        return None;
    }
    Some(unescape(href))
}

/// The facade of one video (see the module docs).
pub fn facade(v: &Video) -> String {
    format!(
        "<figure class=\"video-embed\"><a class=\"video-facade\" href=\"{watch}\" \
         data-embed=\"{embed}\" rel=\"noopener noreferrer nofollow\">\
         <span class=\"video-play\" aria-hidden=\"true\">▶</span> \
         <span class=\"video-label\">Play the video ({provider})</span></a>\
         <figcaption>Loads from {host} when you click it; nothing loads before.</figcaption></figure>",
        watch = escape(&v.watch_url),
        embed = escape(&v.embed_url),
        provider = v.provider,
        host = escape(&v.embed_host),
    )
}

/// Sanitized HTML with every paragraph that is only a link to an allowed video replaced by
/// its facade; everything else unchanged.
pub fn video_facades(html: &str, hosts: &[String]) -> String {
    if hosts.is_empty() || !html.contains("https://") {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(start) = rest.find("<p>") {
        let Some(len) = rest[start..].find("</p>") else {
            break;
        };
        let inner = &rest[start + 3..start + len];
        out.push_str(&rest[..start]);
        match sole_url(inner).and_then(|u| video_link(&u, hosts)) {
            Some(v) => out.push_str(&facade(&v)),
            None => out.push_str(&rest[start..start + len + 4]),
        }
        rest = &rest[start + len + 4..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        vec!["youtube.com".into(), "framatube.org".into()]
    }

    #[test]
    fn youtube_links_play_from_the_privacy_enhanced_domain() {
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        ] {
            let v = video_link(url, &hosts()).unwrap();
            assert_eq!(
                v.embed_url,
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
            );
        }
        assert!(video_link("https://www.youtube.com/watch?v=short", &hosts()).is_none());
        assert!(video_link("http://youtu.be/dQw4w9WgXcQ", &hosts()).is_none());
        assert!(video_link("https://youtu.be/dQw4w9WgXcQ", &["framatube.org".into()]).is_none());
    }

    #[test]
    fn peertube_only_on_allowed_instances() {
        let v = video_link(
            "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
            &hosts(),
        )
        .unwrap();
        assert_eq!(v.provider, "PeerTube");
        assert_eq!(
            v.embed_url,
            "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?autoplay=1"
        );
        assert!(video_link("https://evil.example/w/abc", &hosts()).is_none());
        assert!(video_link("https://framatube.org/w/a\"onload=x", &hosts()).is_none());
    }

    #[test]
    fn only_a_link_alone_in_its_paragraph_becomes_a_player() {
        let html = crate::render(
            "Watch this:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nor <https://youtu.be/dQw4w9WgXcQ> inline.\n\n[the fix](https://youtu.be/dQw4w9WgXcQ)",
        );
        let out = video_facades(&html, &hosts());
        assert_eq!(out.matches("class=\"video-facade\"").count(), 2, "{out}");
        assert!(out.contains("inline."));
        assert!(!out.contains("<iframe"), "nothing loads before a click");
        assert_eq!(video_facades(&html, &[]), html);
    }
}
