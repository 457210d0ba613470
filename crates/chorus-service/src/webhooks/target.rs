//! The SSRF guard: a webhook URL is a request the hub makes on an admin's behalf, so its host
//! must resolve to public addresses only (unless `webhooks.allow_private`). Checked when a
//! subscription is made and again before every delivery, and the addresses found are pinned
//! for the request, so DNS that changes in between cannot point the hub into its own network.

use std::net::IpAddr;
use std::time::Duration;

use chorus_i18n::Text;

use crate::Hub;

/// Whether the address is one a hub should not be made to call: loopback, private,
/// link-local, unspecified, shared (CGNAT), documentation or multicast ranges, and their
/// IPv4-mapped IPv6 forms.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || (a == 198 && (b == 18 || b == 19))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            let first = seg[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && seg[1] == 0x0db8)
                // Translation prefixes that reach IPv4 space (NAT64, 6to4) and the deprecated
                // IPv4-compatible form: refused outright rather than decoded.
                || (first == 0x0064 && seg[1] == 0xff9b)
                || first == 0x2002
                || seg[..6] == [0; 6]
        }
    }
}

/// Where a checked URL may be sent: its host name and the addresses it resolved to, which the
/// sender pins so that a second DNS answer (rebinding) cannot point elsewhere. Empty when the
/// host is an address already, or when private targets are allowed.
pub(super) struct Target {
    pub(super) host: String,
    pub(super) addrs: Vec<std::net::SocketAddr>,
}

/// Checks that `url` is an http(s) URL whose host resolves only to public addresses (or
/// that private ones are allowed); the message says what is wrong, as what follows "the URL".
pub(super) async fn check_target(hub: &Hub, url: &str) -> std::result::Result<Target, Text> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Text::new("err-listen-webhook-url-parse").arg("detail", e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Text::new("err-listen-webhook-url-scheme"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Text::new("err-listen-webhook-url-credentials"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| Text::new("err-listen-webhook-url-no-host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    if hub.config().webhooks.allow_private {
        return Ok(Target {
            host,
            addrs: Vec::new(),
        });
    }
    let port = parsed.port_or_known_default().unwrap_or(443);
    let literal = host.parse::<IpAddr>().ok();
    let addrs: Vec<std::net::SocketAddr> = match literal {
        Some(ip) => vec![std::net::SocketAddr::new(ip, port)],
        None => tokio::time::timeout(
            Duration::from_secs(5),
            tokio::net::lookup_host((host.as_str(), port)),
        )
        .await
        .map_err(|_| Text::new("err-listen-webhook-url-resolve-slow").arg("secs", 5))?
        .map_err(|e| {
            Text::new("err-listen-webhook-url-resolve-error").arg("detail", e.to_string())
        })?
        .collect(),
    };
    if addrs.is_empty() {
        return Err(Text::new("err-listen-webhook-url-unresolved"));
    }
    if addrs.iter().any(|a| is_private(a.ip())) {
        return Err(Text::new("err-listen-webhook-url-private"));
    }
    Ok(Target {
        host,
        addrs: if literal.is_some() { Vec::new() } else { addrs },
    })
}
