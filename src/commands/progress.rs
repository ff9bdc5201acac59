//! A spinner on stderr for runs longer than a second, on a terminal only.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::scan::FILES_VISITED;

/// Shows progress until dropped; does nothing unless `enabled`.
pub struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start(enabled: bool, what: &'static str) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        if !enabled {
            return Progress { done, thread: None };
        }
        let flag = done.clone();
        let thread = std::thread::spawn(move || {
            // Quiet for the first second: fast runs print nothing extra.
            for _ in 0..10 {
                if flag.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let start = FILES_VISITED.load(Ordering::Relaxed);
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            while !flag.load(Ordering::Relaxed) {
                let n = FILES_VISITED.load(Ordering::Relaxed).saturating_sub(start);
                bar.set_message(format!("{what}: {n} files read"));
                bar.tick();
                std::thread::sleep(Duration::from_millis(80));
            }
            bar.finish_and_clear();
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
