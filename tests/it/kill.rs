//! `kill -9` at random moments (#13): `canon apply` (one commit, and one
//! per file), `canon apply --write`, and `canon review` in a real terminal
//! (tmux), each killed with SIGKILL after a seeded random delay spread over
//! an unkilled run's lifetime. After every kill:
//!
//! - `git fsck --full` is clean (a temporary object file libgit2 was
//!   writing is the only leftover it may mention);
//! - the branch is absent, or its tip is a complete commit (per file: the
//!   whole chain) over the base whose tree is the whole expected result;
//! - HEAD, the index and the working tree are untouched (apply, review);
//! - no `*.lock` is left under `.git` but the session lock of the dead
//!   process, which the next run takes over, and the branch's ref lock when
//!   the kill came as libgit2 moved the ref (as git's own commands leave
//!   theirs): the next apply then refuses, naming the file to delete, and
//!   changes nothing;
//! - `--write`: no file other than the project's, each one either as it was
//!   or fully migrated;
//! - the session file, if any, loads, and (review) holds exactly the
//!   decisions of some prefix of the keys sent: none lost, none invented.
//!
//! The seed is fixed (`CANON_KILL_SEED` replays another). The review part
//! is skipped where tmux is missing unless `CANON_REQUIRE_TMUX=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::tui::{Tmux, demo_repo, tmux_installed};
use crate::util::{Project, bin_cmd, canon_bin, git_cmd};

const BRANCH: &str = "canon/websocket-ssot";
const SESSION: &str = ".git/canon/review-canon~websocket-ssot.json";
const SESSION_LOCK: &str = ".git/canon/review-canon~websocket-ssot.lock";
/// Kills per apply mode (one commit, per file, --write).
const APPLY_KILLS: usize = 12;
/// Kills of the review.
const REVIEW_KILLS: usize = 6;

/// splitmix64, seeded: the same delays on every run.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("CANON_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_c0de);
        eprintln!("kill loop: seed {seed} (CANON_KILL_SEED replays it)");
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform duration in `[0, d)`.
    fn below(&mut self, d: Duration) -> Duration {
        let us = u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1);
        Duration::from_micros(self.next() % us)
    }
}

/// When to kill a run profiled as lasting `lifetime` and writing from
/// `writing` on: every other kill anywhere in it (and a little past it),
/// the others inside its writes (objects, commits, the ref, files, the
/// session), which are a small part of it.
fn any_or_writing(rng: &mut Rng, (lifetime, writing): (Duration, Option<Duration>)) -> When {
    match writing {
        Some(w) if rng.next() % 2 == 1 => {
            let span = lifetime.saturating_sub(w);
            When::IntoWrites(rng.below(span + span / 10))
        }
        _ => When::After(rng.below(lifetime + lifetime / 10)),
    }
}

/// Run `cmd` to its end; how long it took. It must succeed.
fn timed(cmd: &mut Command) -> Duration {
    let started = Instant::now();
    let out = cmd.output().expect("canon runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

/// Bytes process `pid` has written so far (Linux: `/proc/PID/io`).
fn written(pid: u32) -> Option<u64> {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).ok()?;
    io.lines()
        .find_map(|l| l.strip_prefix("wchar:"))
        .and_then(|n| n.trim().parse().ok())
}

/// canon writes its lock's pid first (a few bytes), then nothing until it
/// writes objects, files or the session: this much marks that phase.
const WRITING: u64 = 64;

/// When to kill a run.
#[derive(Clone, Copy, Debug)]
enum When {
    /// This long after it started.
    After(Duration),
    /// This long after it began to write (objects, files, the session).
    IntoWrites(Duration),
}

/// How long an unkilled run of `cmd` takes, and when it begins to write
/// (None where `/proc/PID/io` cannot tell).
fn profile(cmd: &mut Command) -> (Duration, Option<Duration>) {
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("canon starts");
    let mut writing = None;
    while child.try_wait().expect("wait").is_none() {
        if writing.is_none() && written(child.id()).is_some_and(|w| w > WRITING) {
            writing = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    assert!(
        child.wait().expect("wait").success(),
        "the unkilled run fails"
    );
    (started.elapsed(), writing)
}

/// Start `cmd`, SIGKILL it (by its id) at `when` and reap it; whether it
/// was still running then.
fn killed_at(cmd: &mut Command, when: When) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("canon starts");
    match when {
        When::After(delay) => std::thread::sleep(delay),
        When::IntoWrites(delay) => {
            while child.try_wait().expect("wait").is_none()
                && written(child.id()).is_none_or(|w| w <= WRITING)
            {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(delay);
        }
    }
    let running = child.try_wait().expect("wait").is_none();
    if running {
        // Child::kill is SIGKILL on Unix.
        let _ = child.kill();
    }
    let _ = child.wait();
    running
}

/// What the kills left that the checks allow, counted for the report.
#[derive(Default, Debug)]
struct Leftovers {
    /// Kills that landed while the process ran (the others came too late).
    landed: usize,
    /// Temporary object files of libgit2 that fsck mentions.
    object_temps: usize,
    /// Stale session locks (taken over by the next run).
    stale_locks: usize,
    /// Session temporary files (removed by the lock's next holder).
    session_temps: usize,
    /// Verify checkouts of killed runs (removed by the next run).
    verify_dirs: usize,
    /// Staged `--write` temporary files under .git (removed by the next run).
    staged_temps: usize,
    /// Branch ref locks libgit2 left (the kill came while it moved the ref).
    ref_locks: usize,
    /// Branches found complete after a kill.
    complete: usize,
    /// Files found migrated after a `--write` kill (of 19 each time).
    migrated: Vec<usize>,
    /// Review kills: (keys sent, decisions of how many keys the session held).
    review: Vec<(usize, usize)>,
}

/// `git fsck --full` finds nothing wrong.
fn assert_fsck_clean(p: &Project, left: &mut Leftovers) {
    let out = git_cmd(p.path())
        .args(["fsck", "--full", "--no-dangling", "--no-progress"])
        .output()
        .expect("git fsck runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "git fsck failed:\n{text}");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if line.contains("tmp_object") {
            left.object_temps += 1;
        } else {
            panic!("git fsck says: {line}\n{text}");
        }
    }
}

/// Every `*.lock` under `dir`.
fn lock_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            lock_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "lock") {
            out.push(path);
        }
    }
}

/// No lock under `.git` but a session lock whose process is gone, and
/// (when `ref_lock_ok`) the branch's ref lock, which libgit2 holds for the
/// moment it moves the ref: a kill then leaves it, as it leaves git's own.
/// Returns the ref lock if there is one.
fn assert_no_live_or_git_locks(
    p: &Project,
    ref_lock_ok: bool,
    left: &mut Leftovers,
) -> Option<PathBuf> {
    let mut locks = Vec::new();
    lock_files(&p.path().join(".git"), &mut locks);
    let ref_lock = p.path().join(format!(".git/refs/heads/{BRANCH}.lock"));
    let mut found = None;
    for lock in locks {
        if ref_lock_ok && lock == ref_lock {
            found = Some(lock);
            continue;
        }
        assert_eq!(
            lock,
            p.path().join(SESSION_LOCK),
            "a lock left under .git: {}",
            lock.display()
        );
        // "PID START": the process id, and when it started (Linux).
        let text = std::fs::read_to_string(&lock).unwrap_or_default();
        let pid: u32 = text
            .split_whitespace()
            .next()
            .and_then(|w| w.parse().ok())
            .unwrap_or(0);
        assert!(
            (pid == 0 && text.trim().is_empty()) || !canon::review::process_alive(pid),
            "the session lock's process {pid} is alive ({text:?})"
        );
        left.stale_locks += 1;
    }
    found
}

/// The session file, if any, loads; its decisions.
fn session_decisions(p: &Project) -> Option<BTreeMap<String, BTreeMap<String, String>>> {
    let session = canon::review::load(&p.path().join(SESSION))
        .unwrap_or_else(|e| panic!("the session file does not load: {e}"))?;
    Some(
        session
            .files
            .iter()
            .map(|(path, d)| {
                let d = d
                    .decisions
                    .iter()
                    .map(|(id, dec)| (format!("{id:?}"), dec.as_str().to_string()))
                    .collect();
                (path.clone(), d)
            })
            .collect(),
    )
}

fn session_temps(p: &Project) -> usize {
    std::fs::read_dir(p.path().join(".git/canon"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

/// HEAD, main, the index and the working tree as they were.
struct Untouched {
    base: String,
    index: Vec<u8>,
}

impl Untouched {
    fn of(p: &Project) -> Untouched {
        Untouched {
            base: p.git(&["rev-parse", "main"]).trim().to_string(),
            index: std::fs::read(p.path().join(".git/index")).expect("an index"),
        }
    }

    fn assert(&self, p: &Project) {
        // Read before any git command could refresh it.
        let index = std::fs::read(p.path().join(".git/index")).expect("an index");
        assert!(index == self.index, "the index changed");
        assert_eq!(p.git(&["symbolic-ref", "HEAD"]).trim(), "refs/heads/main");
        assert_eq!(p.git(&["rev-parse", "main"]).trim(), self.base);
        assert_eq!(
            p.git(&[
                "--no-optional-locks",
                "status",
                "--porcelain",
                "--untracked-files=all"
            ]),
            "",
            "the working tree changed"
        );
    }
}

/// The branch is absent, or at a chain of `commits` commits over `base`
/// whose tip's tree is `tree` (read with git2 and the git CLI).
fn assert_branch_absent_or_complete(
    p: &Project,
    base: &str,
    tree: &str,
    commits: usize,
    left: &mut Leftovers,
) {
    let repo = git2::Repository::open(p.path()).expect("a repository");
    let cli = git_cmd(p.path())
        .args([
            "rev-parse",
            "--verify",
            "-q",
            &format!("refs/heads/{BRANCH}"),
        ])
        .output()
        .expect("git runs");
    let Ok(reference) = repo.find_reference(&format!("refs/heads/{BRANCH}")) else {
        assert!(!cli.status.success(), "git sees a branch git2 does not");
        return;
    };
    let tip = reference
        .peel_to_commit()
        .expect("the branch names a commit");
    assert_eq!(
        tip.tree_id().to_string(),
        tree,
        "the tip's tree is the whole result"
    );
    assert_eq!(
        p.git(&["rev-parse", &format!("{BRANCH}^{{tree}}")]).trim(),
        tree
    );
    let mut n = 0;
    let mut at = tip;
    while at.id().to_string() != base {
        assert_eq!(at.parent_count(), 1);
        n += 1;
        at = at.parent(0).expect("the parent is there");
    }
    assert_eq!(n, commits, "the whole chain");
    assert_eq!(
        p.git(&["rev-list", "--count", &format!("main..{BRANCH}")])
            .trim(),
        commits.to_string()
    );
    left.complete += 1;
}

/// The tree and commit count an unkilled `apply` (with `args`) makes in
/// the demo, and its profile (the slower of two runs).
fn reference(args: &[&str]) -> (String, usize, (Duration, Option<Duration>)) {
    let p = demo_repo();
    let mut took = (Duration::ZERO, None);
    for _ in 0..2 {
        let _ = p.git(&["update-ref", "-d", &format!("refs/heads/{BRANCH}")]);
        let run = profile(bin_cmd(p.path()).args(args));
        if run.0 > took.0 {
            took = run;
        }
    }
    let tree = p.git(&["rev-parse", &format!("{BRANCH}^{{tree}}")]);
    let n: usize = p
        .git(&["rev-list", "--count", &format!("main..{BRANCH}")])
        .trim()
        .parse()
        .unwrap();
    (tree.trim().to_string(), n, took)
}

#[test]
fn kill_9_at_random_moments_leaves_git_files_and_session_whole() {
    let started = Instant::now();
    let mut rng = Rng::new();
    let mut left = Leftovers::default();

    // apply and apply --per-file, alternating, in one repository.
    let (tree, one, took) = reference(&["apply", "."]);
    let (per_file_tree, per_file, per_file_took) = reference(&["apply", "--per-file", "."]);
    assert_eq!(per_file_tree, tree, "both modes make the same tree");
    assert_eq!(one, 1);
    // Files linked across (a patch and the code it intercepts) share one.
    assert!(per_file >= 4, "{per_file} per-file commits");
    let p = demo_repo();
    let untouched = Untouched::of(&p);
    // The verify checkouts go to a temporary folder of the test's own, to
    // be counted: a kill -9 leaves its run's, the next run removes them.
    let scratch = tempfile::tempdir().unwrap();
    let verify_dirs = || {
        std::fs::read_dir(scratch.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("canon-verify-"))
            .count()
    };
    let bin_cmd = |dir: &Path| {
        let mut cmd = bin_cmd(dir);
        cmd.env("TMPDIR", scratch.path());
        cmd
    };
    for i in 0..2 * APPLY_KILLS {
        let (args, commits, run): (&[&str], usize, _) = if i % 2 == 0 {
            (&["apply", "."], one, took)
        } else {
            (&["apply", "--per-file", "."], per_file, per_file_took)
        };
        let when = any_or_writing(&mut rng, run);
        if killed_at(bin_cmd(p.path()).args(args), when) {
            left.landed += 1;
        }
        assert_fsck_clean(&p, &mut left);
        assert_branch_absent_or_complete(&p, &untouched.base, &tree, commits, &mut left);
        untouched.assert(&p);
        if let Some(lock) = assert_no_live_or_git_locks(&p, true, &mut left) {
            // The next apply refuses, saying which file to delete, and
            // changes nothing; deleted (as git's message says), all is well.
            let out = crate::util::bin_output(bin_cmd(p.path()).args(["apply", "."]));
            assert_eq!(out.code, 2, "{}", out.stderr);
            assert!(
                out.stderr.contains(&format!(
                    "is locked by another git process ({} exists)",
                    lock.display()
                )),
                "{}",
                out.stderr
            );
            assert_branch_absent_or_complete(&p, &untouched.base, &tree, commits, &mut left);
            std::fs::remove_file(&lock).unwrap();
            left.ref_locks += 1;
        }
        session_decisions(&p);
        left.session_temps += session_temps(&p);
        left.verify_dirs += verify_dirs();
        // The next run starts from the base again (the stale lock stays).
        let _ = p.git(&["update-ref", "-d", &format!("refs/heads/{BRANCH}")]);
    }
    // A last run, not killed, takes the lock over and finishes the work.
    timed(bin_cmd(p.path()).args(["apply", "."]));
    assert_branch_absent_or_complete(&p, &untouched.base, &tree, 1, &mut left);
    assert!(
        !p.path().join(SESSION_LOCK).exists(),
        "the lock is released"
    );
    assert_eq!(
        session_temps(&p),
        0,
        "the session's temporary files are gone"
    );
    assert_eq!(
        verify_dirs(),
        0,
        "the verify checkouts of killed runs are gone"
    );
    assert_fsck_clean(&p, &mut left);
    eprintln!("kill loop: apply done in {:.1?}", started.elapsed());

    write_kills(&mut rng, &mut left);
    eprintln!("kill loop: apply --write done in {:.1?}", started.elapsed());
    review_kills(&mut rng, &mut left);
    eprintln!(
        "kill loop: {} kills in {:.1?}: {left:?}",
        2 * APPLY_KILLS + APPLY_KILLS + REVIEW_KILLS,
        started.elapsed()
    );
}

/// Every file under `dir` but `.git`, with its bytes.
fn tree_bytes(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir.join(rel)).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if rel.is_empty() && name == ".git" {
            continue;
        }
        let r = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            tree_bytes(dir, &r, out);
        } else {
            out.insert(r, std::fs::read(e.path()).unwrap());
        }
    }
}

/// `apply --write` killed: every file is as it was or fully migrated, and
/// nothing else is in the working tree.
fn write_kills(rng: &mut Rng, left: &mut Leftovers) {
    let reference = demo_repo();
    let took = profile(bin_cmd(reference.path()).args(["apply", "--write", "."]));
    let mut migrated = BTreeMap::new();
    tree_bytes(reference.path(), "", &mut migrated);
    let w = demo_repo();
    let mut original = BTreeMap::new();
    tree_bytes(w.path(), "", &mut original);
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        migrated.keys().collect::<Vec<_>>()
    );
    let changing = original.iter().filter(|(k, v)| migrated[*k] != **v).count();
    assert_eq!(changing, 17, "the demo's fixes touch 17 files");
    let staging = w.path().join(".git/canon/tmp");
    for _ in 0..APPLY_KILLS {
        let when = any_or_writing(rng, took);
        if killed_at(bin_cmd(w.path()).args(["apply", "--write", "."]), when) {
            left.landed += 1;
        }
        let mut now = BTreeMap::new();
        tree_bytes(w.path(), "", &mut now);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            original.keys().collect::<Vec<_>>(),
            "no file added to or removed from the working tree"
        );
        for (path, bytes) in &now {
            assert!(
                *bytes == original[path] || *bytes == migrated[path],
                "{path} is neither as it was nor migrated"
            );
        }
        left.migrated
            .push(now.iter().filter(|(k, v)| original[*k] != **v).count());
        left.staged_temps += std::fs::read_dir(&staging).map_or(0, |d| d.count());
        assert_no_live_or_git_locks(&w, false, left);
        // Back to the start for the next kill.
        for (path, bytes) in &original {
            if now[path] != *bytes {
                std::fs::write(w.path().join(path), bytes).unwrap();
            }
        }
    }
    timed(bin_cmd(w.path()).args(["apply", "--write", "."]));
    let mut now = BTreeMap::new();
    tree_bytes(w.path(), "", &mut now);
    assert!(now == migrated, "a last run migrates everything");
    assert_eq!(
        std::fs::read_dir(&staging).map_or(0, |d| d.count()),
        0,
        "no staged temporary file is left"
    );
}

/// The decision keys sent to the review, in order.
const KEYS: [&str; 8] = ["y", "n", "y", "y", "n", "y", "n", "y"];

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// The pid of the process in tmux session `name` (`exec`ed into canon).
fn pane_pid(tmux: &Tmux, name: &str) -> i32 {
    tmux.run(&["display-message", "-p", "-t", name, "#{pane_pid}"])
        .trim()
        .parse()
        .expect("a pane pid")
}

/// Wait until canon (`pid`, in session `name`) is gone and reaped.
fn wait_gone(tmux: &Tmux, name: &str, pid: i32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while canon::review::process_alive(pid as u32) {
        if Instant::now() > deadline {
            let stat = Command::new("ps")
                .args(["-o", "stat=", "-p", &pid.to_string()])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            panic!(
                "canon {pid} in {name} did not end (ps stat {stat:?}); the screen:\n{}",
                tmux.screen(name)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Wait until the session file holds `n` decisions or more; them.
type Decisions = BTreeMap<String, BTreeMap<String, String>>;
fn wait_decisions(p: &Project, more_than: usize) -> Decisions {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(d) = session_decisions(p)
            && d.values().map(BTreeMap::len).sum::<usize>() > more_than
        {
            return d;
        }
        assert!(Instant::now() < deadline, "no decision saved");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `canon review` in tmux, killed while loading or while keys arrive.
fn review_kills(rng: &mut Rng, left: &mut Leftovers) {
    if !tmux_installed() {
        assert!(
            std::env::var_os("CANON_REQUIRE_TMUX").is_none_or(|v| v != "1"),
            "CANON_REQUIRE_TMUX=1 but tmux is not installed"
        );
        eprintln!("skipping the review kills: tmux not found");
        return;
    }
    let tmux = Tmux::start();
    let p = demo_repo();
    let untouched = Untouched::of(&p);
    let shell = format!(
        "cd {} && exec {} review",
        quote(p.path()),
        quote(&canon_bin())
    );

    // The reference: the decisions after each key, not killed.
    let loading = Instant::now();
    tmux.new_session("ref", &shell);
    let pid = pane_pid(&tmux, "ref");
    tmux.wait_loaded("ref", &[" 0/44 decided ✓0 ✗0 "]);
    let load_time = loading.elapsed();
    let mut prefixes: Vec<Decisions> = vec![Decisions::new()];
    for key in KEYS {
        let before: usize = prefixes.last().unwrap().values().map(BTreeMap::len).sum();
        tmux.keys("ref", &[key]);
        prefixes.push(wait_decisions(&p, before));
    }
    tmux.keys("ref", &["q"]);
    wait_gone(&tmux, "ref", pid);
    untouched.assert(&p);

    for i in 0..REVIEW_KILLS {
        // Each run starts with no decision, and the last run's lock.
        let _ = std::fs::remove_file(p.path().join(SESSION));
        let name = format!("k{i}");
        tmux.new_session(&name, &shell);
        let pid = pane_pid(&tmux, &name);
        let sent = if rng.next().is_multiple_of(4) {
            std::thread::sleep(rng.below(load_time));
            0
        } else {
            // Loading at all means the stale lock was taken over.
            tmux.wait_loaded(&name, &[" 0/44 decided ✓0 ✗0 "]);
            let n = (rng.next() % (KEYS.len() as u64 + 1)) as usize;
            for key in &KEYS[..n] {
                tmux.keys(&name, &[key]);
                std::thread::sleep(rng.below(Duration::from_millis(60)));
            }
            std::thread::sleep(rng.below(Duration::from_millis(150)));
            n
        };
        if canon::review::process_alive(pid as u32) {
            left.landed += 1;
        }
        // SAFETY: kill(2) on canon, which this test started in its pane.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
        wait_gone(&tmux, &name, pid);
        let got = session_decisions(&p).unwrap_or_default();
        let at = prefixes.iter().position(|d| *d == got);
        assert!(
            at.is_some_and(|k| k <= sent),
            "after {sent} keys the session holds decisions no prefix of them made: {got:?}"
        );
        left.review.push((sent, at.unwrap_or(0)));
        untouched.assert(&p);
        assert_no_live_or_git_locks(&p, false, left);
        left.session_temps += session_temps(&p);
        let _ = tmux.run(&["kill-session", "-t", &name]);
    }
    // apply takes the dead review's lock over and commits what it left.
    let out = crate::util::bin_output(bin_cmd(p.path()).args(["apply", "."]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(&format!("on {BRANCH}")),
        "{}",
        out.stdout
    );
    assert!(
        !p.path().join(SESSION_LOCK).exists(),
        "the lock is released"
    );
    session_decisions(&p);
    assert_eq!(session_temps(&p), 0);
    assert_fsck_clean(&p, left);
}
