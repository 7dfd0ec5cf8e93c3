//! Benchmark: scoring batches of generated tables.
//!
//! `cargo bench --bench score_batch` generates N tables in the seed layout (and the same tables
//! as JSON Lines) with `jixiao::table::generate`, then measures, for each N:
//! - in this process, on one thread: reading alone, reading + scoring, reading + scoring +
//!   writing JSON Lines into a sink (tables/s, indicator rows/s), so each stage's cost shows;
//! - the `jixiao score` command end to end (`--format jsonl` to /dev/null on one job; the same
//!   with `--explain`; JSON Lines input; two jobs), with the peak memory (max RSS) of that
//!   process.
//!
//! Sizes come from `JIXIAO_BENCH_SIZES` (default `1000,10000,100000`; add `1000000` for the
//! full run). Not a test: nothing here asserts a time. Figures go into docs/performance.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use jixiao::eval::{Detail, score_with};
use jixiao::table::{canonical, generate, seed::Tables};

/// The allocator of the `jixiao` command, so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct ChildRun {
    seconds: f64,
    max_rss_mb: f64,
    ok: bool,
}

/// The peak resident memory of process `pid` so far, in MB (Linux's VmHWM).
fn peak_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Runs the binary with `args`, its output discarded, and measures time and peak memory (read
/// from /proc while it runs: the peak only grows, so the last reading before exit is it).
fn run_child(args: &[&str]) -> ChildRun {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return ChildRun {
            seconds: 0.0,
            max_rss_mb: 0.0,
            ok: false,
        };
    };
    let mut peak = 0.0f64;
    let status = loop {
        if let Some(mb) = peak_mb(child.id()) {
            peak = peak.max(mb);
        }
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(2)),
            Err(_) => break None,
        }
    };
    ChildRun {
        seconds: start.elapsed().as_secs_f64(),
        max_rss_mb: peak,
        ok: status.is_some_and(|s| s.success()),
    }
}

fn scratch() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn write_inputs(dir: &Path, n: u64) -> (PathBuf, PathBuf, usize) {
    let tsv = dir.join(format!("tables-{n}.tsv"));
    let jsonl = dir.join(format!("tables-{n}.jsonl"));
    let mut rows = 0;
    if !tsv.exists() || !jsonl.exists() {
        let mut text = String::new();
        let mut random = generate::Random::new(2023);
        let mut lines = Vec::new();
        for i in 0..n {
            let start = text.len();
            generate::table(&mut random, i, &mut text);
            for t in Tables::new(text.get(start..).unwrap_or("").as_bytes(), "gen").flatten() {
                let _ = canonical::write_jsonl(&mut lines, &t);
            }
        }
        let _ = std::fs::write(&tsv, text);
        let _ = std::fs::write(&jsonl, lines);
    }
    if let Ok(file) = std::fs::File::open(&tsv) {
        rows = Tables::new(std::io::BufReader::new(file), "count")
            .flatten()
            .map(|t| t.indicators.len())
            .sum();
    }
    (tsv, jsonl, rows)
}

fn main() {
    let sizes: Vec<u64> = std::env::var("JIXIAO_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let policy = match jixiao::check::default_policy() {
        Ok(p) => p,
        Err(_) => return eprintln!("the built-in policy does not compile"),
    };
    let dir = scratch();
    println!(
        "| tables | rows | read (tables/s) | + score (tables/s, rows/s) | + write JSONL (tables/s) | CLI jsonl, 1 job: s (tables/s, MB) | CLI jsonl --explain, 1 job: s (MB) | CLI from JSON Lines, 1 job: s (MB) | CLI jsonl, 2 jobs: s (tables/s, MB) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let (tsv, jsonl, rows) = write_inputs(&dir, n);
        // In process, one thread: reading alone; reading and scoring (scores and findings, as
        // the command scores without --explain); and reading, scoring and writing JSON Lines
        // into a sink. The differences are the cost of each stage.
        let tables = || {
            std::fs::File::open(&tsv)
                .map(|f| Tables::new(std::io::BufReader::new(f), "bench").flatten())
                .ok()
                .into_iter()
                .flatten()
        };
        let start = Instant::now();
        let read = tables().count();
        let read_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let mut scored = 0usize;
        for t in tables() {
            scored += score_with(&policy, t, Detail::SCORES).indicators.len();
        }
        let score_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let mut line = Vec::with_capacity(8192);
        let mut written = 0usize;
        for t in tables() {
            let r = score_with(&policy, t, Detail::SCORES);
            line.clear();
            jixiao::report::jsonl::write_line(&mut line, &r, &policy);
            written += line.len();
        }
        std::hint::black_box(written);
        let write_s = start.elapsed().as_secs_f64();
        let path = tsv.to_string_lossy().into_owned();
        let jpath = jsonl.to_string_lossy().into_owned();
        let one = ["--format", "jsonl", "--jobs", "1"];
        let cli = run_child(&[&["score", path.as_str()][..], &one].concat());
        let explain = run_child(&[&["score", path.as_str(), "--explain"][..], &one].concat());
        let from_jsonl = run_child(&[&["score", jpath.as_str()][..], &one].concat());
        let jobs = run_child(&["score", &path, "--format", "jsonl", "--jobs", "2"]);
        let fmt = |c: &ChildRun| {
            if c.ok {
                format!("{:.2} ({:.0})", c.seconds, c.max_rss_mb)
            } else {
                "failed".into()
            }
        };
        let rate = |c: &ChildRun| {
            if c.ok {
                format!(
                    "{:.2} ({:.0}/s, {:.0})",
                    c.seconds,
                    n as f64 / c.seconds,
                    c.max_rss_mb
                )
            } else {
                "failed".into()
            }
        };
        println!(
            "| {n} | {rows} | {:.0} | {:.0}, {:.0} | {:.0} | {} | {} | {} | {} |",
            read as f64 / read_s,
            n as f64 / score_s,
            scored as f64 / score_s,
            n as f64 / write_s,
            rate(&cli),
            fmt(&explain),
            fmt(&from_jsonl),
            rate(&jobs),
        );
    }
}
