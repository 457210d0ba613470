#![no_main]
//! The tokenizer on arbitrary bytes (lossily decoded, as `chorus analyze` does not; it
//! reports invalid lines instead): no panics, tokens inside the normalized text.

use chorus_analyze::{Scratch, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut s = Scratch::new();
    text::tokenize(&input, &mut s);
    for t in &s.tokens {
        assert!(t.start <= t.end && (t.end as usize) <= s.norm.len());
        assert!(s.norm.is_char_boundary(t.start as usize) && s.norm.is_char_boundary(t.end as usize));
    }
});
