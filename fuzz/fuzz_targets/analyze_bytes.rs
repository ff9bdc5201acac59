//! Arbitrary bytes through the resolver and the rules' analysis (what
//! `canon check` runs, partial parse included): no panic, findings inside
//! the file, and the partial parse finds what a whole parse finds.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(text) = canon_fuzz::text(data) {
        canon_fuzz::analyze(canon_fuzz::PATH, text);
    }
});
