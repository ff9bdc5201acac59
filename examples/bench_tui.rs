//! Benchmark (not a test): the review TUI's first-frame and key-to-frame
//! times and the process's peak memory on a generated repository. Targets:
//! first frame < 100 ms, key to frame < 16 ms, peak memory < 200 MB.
//!
//! ```text
//! cargo run --release --example gen_corpus -- 10000 /tmp/tui-corpus
//! cargo run --release --example bench_tui -- /tmp/tui-corpus [ROUNDS=1] [KEYS=2000]
//! ```
//!
//! DIR becomes a git repository with one commit if it has none. Each round
//! runs the real `prepare()` (repository, config, session, loader thread)
//! and the main loop's drain-update-draw cycle (its loader reader and
//! effect runner, `canon::tui::runner`) on a 120x40
//! `TestBackend`, with the effects run by the real driver (a session save,
//! with its fsync, after every decision). The session file is deleted
//! before each round. It reports, and exits 0 whatever the numbers are;
//! see benches/README.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use canon::cli::{Cli, Global};
use canon::tui::{Effect, Msg, update};
use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// How long the main loop waits for a terminal event (`event::poll`).
const POLL: Duration = Duration::from_millis(40);
const FIRST_FRAME_MS: f64 = 100.0;
const KEY_MS: f64 = 16.0;
const PEAK_MB: f64 = 200.0;

/// Keys pressed in a cycle while walking down the list; walking up, the
/// moves are mirrored. `y` is always followed by `u`, so no decision stays
/// (each still saves the session, as in the real loop). `v` twice per
/// cycle: half the frames are side by side.
const CYCLE: [char; 10] = ['j', ']', 'y', 'u', 'v', 'J', '[', 'K', 'v', 'j'];

fn mirror(c: char) -> char {
    match c {
        'j' => 'k',
        ']' => '[',
        '[' => ']',
        'J' => 'K',
        'K' => 'J',
        other => other,
    }
}

/// One key: `update`, the draw, and the key-to-frame time (update + draw).
/// As in the real loop, the session save a decision asks for runs after
/// the frame is drawn and before the next key is read; it is timed apart.
struct Press {
    key: char,
    update: Duration,
    draw: Duration,
    save: Duration,
    total: Duration,
}

struct Round {
    prepare: Duration,
    /// From calling `prepare` to the first frame drawn.
    first_frame: Duration,
    /// ... to the first frame showing a file (None: no file to show).
    first_file: Option<Duration>,
    /// ... to the first frame after `LoadMsg::Scanned` (the scan is over).
    scanned: Duration,
    /// ... to the frame drawn after `LoadMsg::Done`.
    loaded: Duration,
    /// The UI thread's work per loop turn while loading (drain, update, draw).
    load_turns: Vec<Duration>,
    files: usize,
    hunks: usize,
    keys: Vec<Press>,
    saves: usize,
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .with_context(|| format!("cannot run git {args:?}"))?;
    if !status.success() {
        bail!("git {args:?} failed in {}: {status}", dir.display());
    }
    Ok(())
}

fn ensure_repo(dir: &Path) -> anyhow::Result<()> {
    if dir.join(".git").exists() {
        return Ok(());
    }
    println!("{} has no .git: making one commit of it", dir.display());
    git(dir, &["init", "-q", "-b", "main"])?;
    git(dir, &["add", "-A"])?;
    git(dir, &["commit", "-q", "-m", "base"])
}

/// Delete `.git/canon/review-*.json`: the session of an earlier round (or
/// run) would be resumed, and its decisions would accumulate.
fn remove_sessions(dir: &Path) -> anyhow::Result<()> {
    let canon_dir = dir.join(".git").join("canon");
    let entries = match std::fs::read_dir(&canon_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", canon_dir.display())),
    };
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", canon_dir.display()))?
            .path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with("review-") && n.ends_with(".json")) {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot delete {}", path.display()))?;
        }
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The value at quantile `q` of sorted milliseconds (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn sorted_ms(ds: impl IntoIterator<Item = Duration>) -> Vec<f64> {
    let mut v: Vec<f64> = ds.into_iter().map(ms).collect();
    v.sort_by(f64::total_cmp);
    v
}

fn median(xs: impl IntoIterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = xs.into_iter().collect();
    v.sort_by(f64::total_cmp);
    quantile(&v, 0.5)
}

/// Key-to-frame quantile of one round, in ms.
fn key_quantile(round: &Round, q: f64) -> f64 {
    quantile(&sorted_ms(round.keys.iter().map(|p| p.total)), q)
}

fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn round(global: &Global, dir: &Path, keys: usize) -> anyhow::Result<Round> {
    let start = Instant::now();
    let canon::Prepared {
        mut app,
        loads,
        mut driver,
        progress,
        ..
    } = canon::prepare_review(global, dir)?;
    let prepare = start.elapsed();
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT))?;
    // The real loop sets the size from the terminal before its first turn.
    update(&mut app, Msg::Resize(WIDTH, HEIGHT));

    // The main loop's turns until the loader is done, with the main loop's
    // own loader reader and effect runner: drain every pending message,
    // update, draw if anything changed, then wait for the terminal.
    let mut first_frame = None;
    let mut first_file = None;
    let mut scanned = None;
    let mut load_turns = Vec::new();
    let mut saves = 0;
    let mut dirty = true;
    let mut effects = canon::tui::Effects::new(driver.as_mut());
    let mut loader = canon::tui::runner::Loader::new(&loads, &progress);
    let loaded = loop {
        let turn = Instant::now();
        loader.poll(&app, &mut effects);
        let done = effects.drain(&mut app, &mut |_, _| Err("no editor".into()));
        if let Some(other) = done.effects.iter().find(|e| **e != Effect::Save) {
            bail!("unexpected effect while loading: {other:?}");
        }
        dirty |= done.changed;
        if effects.save_due() {
            effects.save(&app)?;
            saves += 1;
        }
        if dirty {
            terminal.draw(|f| canon::tui::view::view(&app, f))?;
            dirty = false;
            let now = start.elapsed();
            load_turns.push(turn.elapsed());
            first_frame.get_or_insert(now);
            if scanned.is_none() && app.loading.expected.is_some() {
                scanned = Some(now);
            }
            if first_file.is_none() && app.current().is_some() {
                first_file = Some(now);
            }
            if app.loading.done {
                break now;
            }
        }
        // No key comes: `event::poll` waits its whole timeout.
        std::thread::sleep(POLL);
    };
    if let Some(e) = &app.loading.error {
        bail!("the loader failed: {e}");
    }
    let first_frame = first_frame.context("no frame drawn")?;
    let files = app.entries.len();
    let hunks = app.totals().total();

    let mut down = true;
    let mut times = Vec::with_capacity(keys);
    for i in 0..keys {
        if app.selected + 1 >= app.visible.len() {
            down = false;
        } else if app.selected == 0 {
            down = true;
        }
        let c = CYCLE[i % CYCLE.len()];
        let c = if down { c } else { mirror(c) };
        let t = Instant::now();
        effects.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
        let done = effects.drain(&mut app, &mut |_, _| Err("no editor".into()));
        let updated = t.elapsed();
        terminal.draw(|f| canon::tui::view::view(&app, f))?;
        let total = t.elapsed();
        if let Some(other) = done.effects.iter().find(|e| **e != Effect::Save) {
            bail!("unexpected effect of key {c:?}: {other:?}");
        }
        let mut save = Duration::ZERO;
        if effects.save_due() {
            let s = Instant::now();
            effects.save(&app)?;
            save = s.elapsed();
            saves += 1;
        }
        times.push(Press {
            key: c,
            update: updated,
            draw: total - updated,
            save,
            total,
        });
    }
    if app.totals().decided() != 0 {
        bail!("decisions were left after the y/u pairs: the key script drifted");
    }
    Ok(Round {
        prepare,
        first_frame,
        first_file,
        scanned: scanned.unwrap_or(loaded),
        loaded,
        load_turns,
        files,
        hunks,
        keys: times,
        saves,
    })
}

fn pass(ok: bool) -> &'static str {
    if ok { "PASS" } else { "FAIL" }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(rounds), Some(keys)) = (
        args.first(),
        args.get(1).map_or(Some(1), |a| a.parse::<usize>().ok()),
        args.get(2).map_or(Some(2000), |a| a.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: bench_tui DIR [ROUNDS=1] [KEYS=2000]");
        std::process::exit(2);
    };
    if args.len() > 3 || rounds == 0 || keys == 0 {
        eprintln!("usage: bench_tui DIR [ROUNDS=1] [KEYS=2000]   (ROUNDS, KEYS > 0)");
        std::process::exit(2);
    }
    let dir = Path::new(dir);
    ensure_repo(dir)?;
    let global = Cli::try_parse_from(["canon", "review"])?.global;

    println!(
        "bench_tui: {} on a {WIDTH}x{HEIGHT} TestBackend, {rounds} round{}, {keys} keys a round",
        dir.display(),
        if rounds == 1 { "" } else { "s" }
    );
    println!(
        "{:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8}",
        "round",
        "prepare",
        "1st frm",
        "scanned",
        "1st file",
        "loaded",
        "files",
        "hunks",
        "key p50",
        "key p95",
        "key max",
        "load max"
    );
    let mut all = Vec::new();
    for r in 1..=rounds {
        remove_sessions(dir)?;
        let x = round(&global, dir, keys)?;
        println!(
            "{r:>5} {:>8.1} {:>8.1} {:>8.1} {:>8} {:>8.1} {:>6} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            ms(x.prepare),
            ms(x.first_frame),
            ms(x.scanned),
            x.first_file.map_or("-".into(), |d| format!("{:.1}", ms(d))),
            ms(x.loaded),
            x.files,
            x.hunks,
            key_quantile(&x, 0.5),
            key_quantile(&x, 0.95),
            key_quantile(&x, 1.0),
            quantile(&sorted_ms(x.load_turns.iter().copied()), 1.0),
        );
        all.push(x);
    }
    remove_sessions(dir)?;
    let peak = peak_mb();

    let first = median(all.iter().map(|x| ms(x.first_frame)));
    let first_max = all.iter().map(|x| ms(x.first_frame)).fold(0.0, f64::max);
    if rounds > 1 {
        let first_file = if all.iter().all(|x| x.first_file.is_some()) {
            format!(
                "{:.1}",
                median(all.iter().filter_map(|x| x.first_file).map(ms))
            )
        } else {
            "-".into()
        };
        println!(
            "{:>5} {:>8.1} {first:>8.1} {:>8.1} {first_file:>8} {:>8.1} {:>6} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            "med",
            median(all.iter().map(|x| ms(x.prepare))),
            median(all.iter().map(|x| ms(x.scanned))),
            median(all.iter().map(|x| ms(x.loaded))),
            all[0].files,
            all[0].hunks,
            median(all.iter().map(|x| key_quantile(x, 0.5))),
            median(all.iter().map(|x| key_quantile(x, 0.95))),
            median(all.iter().map(|x| key_quantile(x, 1.0))),
            median(
                all.iter()
                    .map(|x| quantile(&sorted_ms(x.load_turns.iter().copied()), 1.0))
            ),
        );
    }
    println!(
        "(ms. 1st frm, scanned, 1st file, loaded: from calling prepare to that frame drawn; \
         load max: the longest loop turn while loading)"
    );

    let presses: Vec<&Press> = all.iter().flat_map(|x| &x.keys).collect();
    println!(
        "per key, all rounds (ms, p50/max): update, draw, key to frame (= update + draw), \
         then the session save after the frame"
    );
    let mut kinds: Vec<char> = CYCLE.iter().flat_map(|&c| [c, mirror(c)]).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for c in kinds {
        let these: Vec<&&Press> = presses.iter().filter(|p| p.key == c).collect();
        if these.is_empty() {
            continue;
        }
        let stat = |f: &dyn Fn(&Press) -> Duration| {
            let v = sorted_ms(these.iter().map(|p| f(p)));
            format!("{:>5.2}/{:<6.2}", quantile(&v, 0.5), quantile(&v, 1.0))
        };
        let line = format!(
            "  {c} ×{:<5} {} {} {} {}",
            these.len(),
            stat(&|p| p.update),
            stat(&|p| p.draw),
            stat(&|p| p.total),
            stat(&|p| p.save),
        );
        println!("{}", line.trim_end());
    }
    let saves: usize = all.iter().map(|x| x.saves).sum();
    println!("session saves (with fsync): {saves} over {rounds} round(s)");
    let slow: Vec<&&Press> = presses.iter().filter(|p| ms(p.total) >= KEY_MS).collect();
    for p in &slow {
        println!(
            "  slow key {}: {:.2} ms = update {:.2} + draw {:.2} (then save {:.2})",
            p.key,
            ms(p.total),
            ms(p.update),
            ms(p.draw),
            ms(p.save)
        );
    }

    let keys_all = sorted_ms(presses.iter().map(|p| p.total));
    let (p50, p95, max) = (
        quantile(&keys_all, 0.5),
        quantile(&keys_all, 0.95),
        quantile(&keys_all, 1.0),
    );
    println!("targets:");
    let target = |label: String, value: String, ok: bool| {
        println!("  {label:<32} {value:<42} {}", pass(ok));
    };
    target(
        format!("first frame < {FIRST_FRAME_MS:.0} ms"),
        format!("median {first:.1} ms (max {first_max:.1})"),
        first < FIRST_FRAME_MS,
    );
    target(
        format!("key to frame < {KEY_MS:.0} ms (p95)"),
        format!("p95 {p95:.2} ms (p50 {p50:.2})"),
        p95 < KEY_MS,
    );
    target(
        format!("key to frame < {KEY_MS:.0} ms (every key)"),
        format!(
            "max {max:.2} ms ({} of {} keys ≥ {KEY_MS:.0} ms)",
            slow.len(),
            keys_all.len()
        ),
        max < KEY_MS,
    );
    match peak {
        Some(mb) => target(
            format!("peak memory < {PEAK_MB:.0} MB"),
            format!("VmHWM {mb:.1} MB"),
            mb < PEAK_MB,
        ),
        None => println!("  peak memory: unknown (no /proc/self/status)"),
    }
    Ok(())
}
