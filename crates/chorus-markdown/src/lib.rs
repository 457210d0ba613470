//! Markdown written by people, rendered to HTML that is safe to embed in our pages.
//!
//! pulldown-cmark renders CommonMark (plus tables, strikethrough and task lists); ammonia then
//! removes everything that could run or restyle the page: `<script>`, `<style>`, event handler
//! attributes, `javascript:`/`data:` URLs, forms, iframes. Links get `rel="nofollow ugc
//! noopener noreferrer"` because they are user content. Raw HTML in the Markdown goes through
//! the same sanitizer, so it can format but never execute.
//!
//! Rendering is pure and deterministic, so the HTML can be cached next to the Markdown.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

/// Markdown → sanitized HTML.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_ext(markdown, options);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    sanitizer().clean(&unsafe_html).to_string()
}

/// Plain text of the Markdown (for feeds, e-mails, snippets and analysis): tags stripped,
/// whitespace collapsed.
pub fn plain_text(markdown: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_common_markdown() {
        let html = render(
            "# Title\n\nSome **bold** and `code`.\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<li>a</li>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
            "<div style=\"position:fixed\" onclick=\"alert(1)\">x</div>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<form action=\"/logout\" method=\"post\"><button>x</button></form>",
            "<object data=\"x\"></object><embed src=\"x\">",
        ];
        for md in cases {
            let html = render(md).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "onclick",
                "javascript:",
                "<iframe",
                "<style",
                "style=",
                "data:text",
                "<form",
                "<object",
                "<embed",
                "<svg",
            ] {
                assert!(
                    !html.contains(bad),
                    "{md:?} rendered {html:?} containing {bad:?}"
                );
            }
        }
    }

    #[test]
    fn links_are_marked_as_user_content() {
        let html = render("[docs](https://example.com/docs)");
        assert!(html.contains("href=\"https://example.com/docs\""));
        assert!(html.contains("rel=\"nofollow ugc noopener noreferrer\""));
    }

    #[test]
    fn task_lists_stay_inert() {
        let html = render("- [x] done\n- [ ] todo");
        assert!(html.contains("type=\"checkbox\""));
        assert!(html.contains("disabled"));
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            plain_text("# Login\n\nIt **fails** since `3.2`.\n\n<b>x</b>"),
            "Login It fails since 3.2. x"
        );
        assert_eq!(plain_text("**bold**ly"), "boldly");
    }

    #[test]
    fn arbitrary_input_never_panics() {
        for s in [
            "",
            "\0",
            "```",
            "[",
            "<",
            "|a|\n|-",
            &"*".repeat(10_000),
            "\u{202e}evil",
            "\r\n\r\n",
        ] {
            let _ = render(s);
            let _ = plain_text(s);
        }
    }
}
