//! SIGINT and SIGTERM during the phases that write (files into the working
//! tree, a verify run, commits): once [`catch`] is called, a signal asks the
//! work to stop at the next safe point instead of killing the process
//! mid-write, so no temporary file is left and no file is half-written. A
//! second SIGINT or SIGTERM exits at once. Before [`catch`] (the scan, which
//! writes nothing), signals keep their default action.

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// From now on, SIGINT and SIGTERM set the flag [`requested`] reads (the
/// second one exits with status 130). Idempotent.
pub fn catch() {
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            // The shutdown hook runs first: it exits only when the flag is
            // already set, that is on the second signal.
            let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, flag.clone());
            let _ = signal_hook::flag::register(signal, flag.clone());
        }
        flag
    });
}

/// A signal asked the work to stop.
pub fn requested() -> bool {
    FLAG.get().is_some_and(|f| f.load(Ordering::Relaxed))
}

/// The signal was dealt with (a new run in the same process starts clean).
pub fn clear() {
    if let Some(f) = FLAG.get() {
        f.store(false, Ordering::Relaxed);
    }
}
