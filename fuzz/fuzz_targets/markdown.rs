#![no_main]
//! Markdown rendering never lets a script element or an event handler through.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(md) = std::str::from_utf8(data) {
        let _ = chorus_markdown::check(md);
        let _ = chorus_markdown::plain_text(md);
        let html = chorus_markdown::render(md).to_lowercase();
        assert!(!html.contains("<script"));
        assert!(!html.contains(" onerror="));
    }
});
