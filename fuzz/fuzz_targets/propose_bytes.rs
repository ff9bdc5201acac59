//! Arbitrary bytes as a Python file under the fixture rules: no panic, and
//! whatever canon proposes keeps every invariant (`canon::invariants`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(text) = canon_fuzz::text(data) {
        canon_fuzz::propose(canon_fuzz::PATH, text);
    }
});
