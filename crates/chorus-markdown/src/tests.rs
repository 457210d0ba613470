//! Tests of rendering: formatting, what sanitising removes, the render budget against hostile
//! samples, and the fuzz oracle, kept apart so the renderer reads on its own.

use super::*;

#[test]
fn the_fuzz_oracle_reads_tags_like_a_browser() {
    for bad in [
        "<script>x</script>",
        "<p><SCRIPT src=x></SCRIPT></p>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" ONLOAD='y'>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<a href=JavaScript:alert(1)>x</a>",
        "<iframe src=\"https://x\"></iframe>",
        "<a href='data:text/html,x'>x</a>",
    ] {
        assert!(executable(bad).is_some(), "{bad}");
    }
    for fine in [
        "<p>&lt;script&gt; onerror=x</p>",
        "<img src=\"x\" alt=\"a onerror=b <script>\">",
        "<a href=\"https://example.com/?q=javascript:\" rel=\"noopener\">x</a>",
        "<p>one < two > three</p>",
        "<p title='x onload=y'>z</p>",
        "<pre><code>&lt;iframe&gt;</code></pre>",
    ] {
        assert_eq!(executable(fine), None, "{fine}");
    }
}

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
fn render_budget() {
    for (md, allowed) in hostile_samples() {
        assert_eq!(
            check(&md).is_ok(),
            allowed,
            "{:?}…",
            &md[..md.len().min(40)]
        );
        let html = render(&md);
        if !allowed {
            assert!(html.starts_with("<p class=\"unrendered\">"));
        }
        let _ = plain_text(&md);
    }
}

#[test]
fn refused_text_is_escaped() {
    let md = format!("{}<script>alert(1)</script>", ">".repeat(100));
    let html = render(&md);
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
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
