//! A spinner on stderr for runs longer than a second, on a terminal only.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shows the pipeline's progress until dropped; does nothing unless `enabled`.
pub struct Progress {
    counters: Arc<crate::pipeline::Progress>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start(enabled: bool, what: &'static str) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let counters = Arc::new(crate::pipeline::Progress::default());
        if !enabled {
            return Progress {
                counters,
                done,
                thread: None,
            };
        }
        let flag = done.clone();
        let seen = counters.clone();
        let thread = std::thread::spawn(move || {
            // Quiet for the first second: fast runs print nothing extra.
            for _ in 0..10 {
                if flag.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            while !flag.load(Ordering::Relaxed) {
                let n = seen.visited.load(Ordering::Relaxed);
                bar.set_message(format!("{what}: {n} files read"));
                bar.tick();
                std::thread::sleep(Duration::from_millis(80));
            }
            bar.finish_and_clear();
        });
        Progress {
            counters,
            done,
            thread: Some(thread),
        }
    }

    /// What the pipeline counts into.
    pub fn counters(&self) -> &crate::pipeline::Progress {
        &self.counters
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
