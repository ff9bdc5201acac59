//! Benchmark (not a test): time `Repo::commit` of N changed files on a new
//! branch in a repository of M files. Prints the median of R runs.
//!
//! cargo run --release --example bench_commit -- [CHANGED=100] [FILES=2000] [RUNS=11]

use std::process::Command;
use std::time::Instant;

use canon::git::{CommitRequest, Repo};

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "git {args:?} failed");
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let changed = args.first().copied().unwrap_or(100);
    let files = args.get(1).copied().unwrap_or(2000).max(changed);
    let runs = args.get(2).copied().unwrap_or(11);
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..files {
        let path = dir
            .path()
            .join(format!("pkg{}/sub{}/mod{i}.py", i % 20, i % 7));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let body: String = (0..40)
            .map(|l| format!("def f{l}(x):\n    return x + {i}\n\n"))
            .collect();
        std::fs::write(
            path,
            format!("from app.ws.factory import create_manager\n{body}"),
        )
        .expect("write");
    }
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.name", "Bench"]);
    git(dir.path(), &["config", "user.email", "bench@canon.invalid"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);

    let repo = Repo::open(dir.path()).expect("open");
    let mut times = Vec::new();
    for run in 0..runs {
        let branch = format!("bench/{run}");
        let base = repo.base(None, &branch).expect("base");
        let tree = repo.tree_files(&base).expect("tree");
        let changes: Vec<(String, Vec<u8>)> = tree
            .iter()
            .take(changed)
            .map(|f| {
                let text = String::from_utf8(repo.read_blob(f.id).expect("blob")).expect("utf8");
                (
                    f.path.clone(),
                    text.replace("app.ws.factory", "app.ws.manager")
                        .into_bytes(),
                )
            })
            .collect();
        let message = |paths: &[String]| format!("refactor: migrate {} files", paths.len());
        let start = Instant::now();
        repo.commit(&CommitRequest {
            branch: &branch,
            base: &base,
            expected: None,
            changes: &changes,
            message: &message,
            per_file: false,
            together: &[],
        })
        .expect("commit");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "commit of {changed} files (repo of {files}): median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
