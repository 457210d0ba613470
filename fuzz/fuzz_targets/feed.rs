#![no_main]
//! See `chorus_listen::fuzzing::feed`: no panic, and every mention within its bounds.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chorus_listen::fuzzing::feed(data));
