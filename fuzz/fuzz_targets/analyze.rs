#![no_main]
//! The full signal pass on arbitrary text.

use chorus_analyze::Analyzer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(a) = Analyzer::embedded()
    {
        let s = a.analyze(text);
        assert!(s.sentiment.score.is_finite());
    }
});
