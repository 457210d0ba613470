//! Markdown written by people, rendered to HTML that is safe to embed in our pages.
//!
//! pulldown-cmark renders CommonMark (plus tables, strikethrough and task lists); ammonia then
//! removes everything that could run or restyle the page: `<script>`, `<style>`, event handler
//! attributes, `javascript:`/`data:` URLs, forms, iframes. Links get `rel="nofollow ugc
//! noopener noreferrer"` because they are user content. Raw HTML in the Markdown goes through
//! the same sanitizer, so it can format but never execute.
//!
//! Rendering is pure and deterministic, so the HTML can be cached next to the Markdown.
//!
//! **Render budget.** Parsing is linear, but deeply nested containers are not: 49,000 `>`
//! characters are 49,000 nested block quotes, which took the sanitizer seconds to walk. So
//! every body written through Chorus passes [`check`] first: at most [`MAX_BYTES`] bytes, at
//! most [`MAX_CONTAINER_DEPTH`] nested quotes and lists, at most [`MAX_NESTING`] nested
//! elements of any kind. With those limits the worst body renders well inside 50 ms (the
//! `render_budget` test builds the worst cases). [`render`] and [`plain_text`] apply the same
//! check to whatever is already stored and show text that fails it escaped, unparsed, so an
//! old row written before the limits can never stall a page.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

mod video;
pub use video::{Video, YOUTUBE_EMBED_HOST, facade, video_facades, video_link};

/// Largest Markdown body accepted, in bytes (a 50,000-character body of multi-byte letters
/// fits).
pub const MAX_BYTES: usize = 200_000;
/// Deepest nesting of block quotes and lists.
pub const MAX_CONTAINER_DEPTH: usize = 16;
/// Deepest nesting of elements of any kind (containers, emphasis, links, table cells…). A list
/// level is two elements (list and item), so sixteen nested lists with formatting inside fit.
pub const MAX_NESTING: usize = 48;

/// Why a body is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitError {
    /// More than [`MAX_BYTES`] bytes.
    TooLarge {
        /// Bytes given.
        bytes: usize,
    },
    /// Quotes or lists nested deeper than [`MAX_CONTAINER_DEPTH`], or elements deeper than
    /// [`MAX_NESTING`].
    TooDeep {
        /// The allowed depth that was exceeded.
        max: usize,
    },
}

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LimitError::TooLarge { bytes } => {
                write!(f, "Use at most {MAX_BYTES} bytes of text ({bytes} now).")
            }
            LimitError::TooDeep { max } => write!(
                f,
                "Quotes, lists or formatting are nested too deeply (at most {max} levels)."
            ),
        }
    }
}

impl std::error::Error for LimitError {}

/// Checks that `markdown` is within the render budget (see the module docs).
///
/// Two passes: first the line prefixes alone (quote and list markers), so hostile input is
/// refused before the parser builds anything; then the parser's events, which count nesting
/// exactly, including lists nested by indentation and inline formatting.
pub fn check(markdown: &str) -> Result<(), LimitError> {
    if markdown.len() > MAX_BYTES {
        return Err(LimitError::TooLarge {
            bytes: markdown.len(),
        });
    }
    for line in markdown.lines() {
        if prefix_markers(line) > MAX_CONTAINER_DEPTH {
            return Err(LimitError::TooDeep {
                max: MAX_CONTAINER_DEPTH,
            });
        }
    }
    use pulldown_cmark::{Event, Tag};
    let (mut depth, mut containers) = (0usize, 0usize);
    let mut html_open: Vec<String> = Vec::new();
    let mut open: Vec<bool> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(tag) => {
                let container = matches!(tag, Tag::BlockQuote(_) | Tag::List(_));
                depth += 1;
                containers += usize::from(container);
                open.push(container);
                if depth > MAX_NESTING {
                    return Err(LimitError::TooDeep { max: MAX_NESTING });
                }
                if containers > MAX_CONTAINER_DEPTH {
                    return Err(LimitError::TooDeep {
                        max: MAX_CONTAINER_DEPTH,
                    });
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if open.pop() == Some(true) {
                    containers = containers.saturating_sub(1);
                }
            }
            // Raw HTML nests inside the sanitizer's parser, not pulldown-cmark's: count its
            // open elements too (a running count over the whole body; void elements and
            // self-closing tags do not nest).
            Event::Html(h) | Event::InlineHtml(h) => {
                html_nesting(&h, &mut html_open);
                if depth + html_open.len() > MAX_NESTING {
                    return Err(LimitError::TooDeep { max: MAX_NESTING });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// How many container markers open `line`: every `>`, and list markers (`-`, `*`, `+`, or
/// digits then `.` or `)`) followed by a space, a tab or the end of the line. Rules (`-----`),
/// setext underlines and `+---+` table borders are not markers.
fn prefix_markers(line: &str) -> usize {
    let b = line.as_bytes();
    let mut i = 0;
    let mut markers = 0;
    let spaced = |j: usize| j >= b.len() || b[j] == b' ' || b[j] == b'\t';
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => i += 1,
            b'>' => {
                markers += 1;
                i += 1;
            }
            b'-' | b'*' | b'+' if spaced(i + 1) => {
                markers += 1;
                i += 1;
            }
            b'0'..=b'9' => {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i - start <= 9 && i < b.len() && (b[i] == b'.' || b[i] == b')') && spaced(i + 1)
                {
                    markers += 1;
                    i += 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
        if markers > MAX_CONTAINER_DEPTH {
            break;
        }
    }
    markers
}

/// Open raw HTML elements after `html`, starting from the stack `open`. The count follows
/// HTML5 rather than XML: a trailing `/` does not close a non-void element (`<div/>` opens a
/// div), and an end tag only closes an element that is open (`</span>` with no open span
/// changes nothing).
fn html_nesting(html: &str, open: &mut Vec<String>) {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .take(32)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            if let Some(pos) = open.iter().rposition(|n| *n == name) {
                open.truncate(pos);
            }
        } else {
            open.push(name);
        }
        // Enough to refuse; no need to keep counting.
        if open.len() > MAX_NESTING {
            return;
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// `text` HTML-escaped, line breaks kept: what a body over the limits shows.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    out.push_str("<p class=\"unrendered\">");
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out.push_str("</p>");
    out
}

/// Markdown → sanitized HTML. Text over the limits of [`check`] is shown escaped instead.
pub fn render(markdown: &str) -> String {
    if check(markdown).is_err() {
        return escaped(markdown);
    }
    let parser = Parser::new_ext(markdown, options());
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    sanitizer().clean(&unsafe_html).to_string()
}

/// The first `chars` characters of `markdown` as plain text, cut at a word boundary with an
/// ellipsis when it is longer: what listings, embeds and previews show of a post.
pub fn excerpt(markdown: &str, chars: usize) -> String {
    let text = plain_text(markdown);
    if text.chars().count() <= chars {
        return text;
    }
    let mut out: String = text.chars().take(chars).collect();
    if let Some(cut) = out.rfind(' ') {
        out.truncate(cut);
    }
    out.push('…');
    out
}

/// Plain text of the Markdown (for feeds, e-mails, snippets and analysis): tags stripped,
/// whitespace collapsed. Text over the limits of [`check`] is returned as it is, unparsed.
pub fn plain_text(markdown: &str) -> String {
    if check(markdown).is_err() {
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut out = String::with_capacity(markdown.len());
    for event in parser {
        use pulldown_cmark::{Event, TagEnd};
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            // Block ends separate words; inline ends (emphasis, links) must not split them.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.link_rel(Some("nofollow ugc noopener noreferrer"))
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attribute_values("input", "type", ["checkbox"])
            .add_tag_attributes("td", ["align", "style"])
            .add_tag_attributes("th", ["align", "style"])
            .rm_tag_attributes("td", ["style"])
            .rm_tag_attributes("th", ["style"]);
        b
    })
}

/// The body of the `markdown` fuzz target (also replayed over its corpus as a test): every
/// function takes any text without panicking, and nothing executable gets through the
/// sanitizer (see [`executable`]).
pub fn fuzz(data: &[u8]) {
    if let Ok(md) = std::str::from_utf8(data) {
        let _ = check(md);
        let _ = plain_text(md);
        let html = render(md);
        if let Some(what) = executable(&html) {
            panic!("{what} in {html:?}");
        }
    }
}

/// The first executable thing in sanitized `html`, if any: a `script`, `style`, `iframe`,
/// `object` or `embed` element, an `on…` event-handler attribute, or a `javascript:` /
/// `vbscript:` / `data:` link. Tags are read the way a browser tokenizes them — attribute
/// values in quotes are skipped as values — so text such as `alt="x onerror=y"` that the
/// sanitizer rightly kept inside a quoted value is not mistaken for an attribute.
pub fn executable(html: &str) -> Option<String> {
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if !closing && ["script", "style", "iframe", "object", "embed"].contains(&name.as_str()) {
            return Some(format!("a {name} element"));
        }
        // Attributes up to the closing '>' (outside quotes).
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let at = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr = html[at..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v = i + 1;
                        i = v;
                        while i < b.len() && b[i] != q {
                            i += 1;
                        }
                        value = &html[v..i.min(b.len())];
                        i += 1;
                    }
                    _ => {
                        let v = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = &html[v..i];
                    }
                }
            }
            if attr.starts_with("on") {
                return Some(format!("event handler {attr}"));
            }
            if ["href", "src", "action", "formaction", "xlink:href"].contains(&attr.as_str()) {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|p| v.starts_with(p))
                {
                    return Some(format!("a {attr} link to {value:?}"));
                }
            }
        }
    }
    None
}

/// Bodies at and beyond the limits of [`check`], each with whether it is allowed: deep
/// quotes, long runs of quote lines, indented lists, unclosed emphasis and links, raw HTML,
/// big tables, backticks. The tests check that they are sorted correctly and `cargo bench -p
/// chorus-markdown` times the allowed ones against the 50 ms budget.
pub fn hostile_samples() -> Vec<(String, bool)> {
    let deep_quote = format!("{} x", ">".repeat(MAX_CONTAINER_DEPTH));
    let quote_lines = format!("{}\n", "> ".repeat(MAX_CONTAINER_DEPTH)).repeat(5_000);
    let mut indented = String::new();
    for i in 0..MAX_CONTAINER_DEPTH {
        indented.push_str(&" ".repeat(2 * i));
        indented.push_str("- item\n");
    }
    vec![
        (">".repeat(49_000), false),
        (format!("{} x", ">".repeat(MAX_CONTAINER_DEPTH + 1)), false),
        (deep_quote, true),
        (quote_lines, true),
        (indented.repeat(500), true),
        ("*a ".repeat(16_000), true),
        ("[x](".repeat(12_000), true),
        ("<div>".repeat(10_000), false),
        ("<div/>".repeat(33_000), false),
        ("<div></span>".repeat(16_000), false),
        (
            "-".repeat(80) + "\n\nText\n" + &"=".repeat(40) + "\n+----+----+\n| a  | b  |\n",
            true,
        ),
        ("1. one\n2. two\n\n10) ten\n".repeat(2_000), true),
        ("<div>x</div>".repeat(5_000), true),
        ("<br>".repeat(10_000), true),
        (
            "|a|b|c|\n|-|-|-|\n".to_owned() + &"|1|2|3|\n".repeat(5_000),
            true,
        ),
        ("`".repeat(49_000), true),
        ("_".repeat(49_000), true),
        ("x".repeat(MAX_BYTES + 1), false),
    ]
}

#[cfg(test)]
mod tests;
