//! Real-looking Python from a structured generator (`canon_fuzz::generate`)
//! under the fixture rules: the findings invariants, then every proposal
//! invariant (`canon::invariants`), on code that exercises the rewrites.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|file: canon_fuzz::generate::File| {
    let text = file.render();
    canon_fuzz::dump(&text);
    canon_fuzz::analyze(file.path(), &text);
    canon_fuzz::propose(file.path(), &text);
});
