//! HTML to plain text, for the HTML that Mastodon statuses and feed entries carry.
//!
//! Not a general HTML parser: these fragments are small and already sanitized by their
//! servers. Tags are dropped, block ends become line breaks, character references are decoded,
//! and the contents of `script` and `style` are skipped in case a feed carries them.

/// The text of an HTML fragment.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while !rest.is_empty() {
        if let Some(end_tag) = skip_until {
            match find_ci(rest, end_tag) {
                Some(i) => {
                    rest = &rest[i..];
                    skip_until = None;
                }
                None => break,
            }
            continue;
        }
        match rest.find('<') {
            Some(0) => {
                let Some(close) = rest.find('>') else {
                    // A stray "<" is text.
                    push_text(&mut out, rest);
                    break;
                };
                let tag = &rest[1..close];
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                let closing = tag.starts_with('/');
                match name.as_str() {
                    "br" => out.push('\n'),
                    "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
                    | "tr" | "pre" => {
                        if !out.ends_with('\n') && !out.is_empty() {
                            out.push('\n');
                        }
                        if closing && name == "p" {
                            out.push('\n');
                        }
                    }
                    "script" | "style" if !closing => {
                        skip_until = Some(if name == "script" {
                            "</script"
                        } else {
                            "</style"
                        });
                    }
                    _ => {}
                }
                rest = &rest[close + 1..];
            }
            Some(i) => {
                push_text(&mut out, &rest[..i]);
                rest = &rest[i..];
            }
            None => {
                push_text(&mut out, rest);
                break;
            }
        }
    }
    // Collapse runs of blank lines and trim.
    let mut cleaned = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !cleaned.is_empty() {
            cleaned.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        cleaned.push_str(line.trim_start());
    }
    cleaned
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Appends text with character references decoded.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|i| i + 1);
        match end {
            Some(e) if rest.as_bytes().get(e) == Some(&b';') => {
                let entity = &rest[1..e];
                match decode_entity(entity) {
                    Some(c) => out.push(c),
                    None => out.push_str(&rest[..=e]),
                }
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(e: &str) -> Option<char> {
    if let Some(num) = e.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match e {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastodon_status_html() {
        let html = r#"<p><span class="h-card"><a href="https://m.example/@acme" class="u-url mention">@<span>acme</span></a></span> the app crashes &amp; won&#39;t start</p><p>since 3.2<br />help! <a href="https://m.example/tags/acmefail" class="mention hashtag" rel="tag">#<span>acmefail</span></a></p>"#;
        assert_eq!(
            to_text(html),
            "@acme the app crashes & won't start\n\nsince 3.2\nhelp! #acmefail"
        );
    }

    #[test]
    fn scripts_entities_and_broken_markup() {
        assert_eq!(to_text("a<script>alert(1)</script>b"), "ab");
        assert_eq!(
            to_text("x &lt;y&gt; &#x1F600; &bogus; & z"),
            "x <y> 😀 &bogus; & z"
        );
        assert_eq!(to_text("1 < 2"), "1 < 2");
        assert_eq!(to_text("<p>unclosed"), "unclosed");
        assert_eq!(to_text(""), "");
    }
}
