#![no_main]
//! See `chorus_markdown::fuzz`: no panic, and no script element or event handler gets through.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chorus_markdown::fuzz(data));
