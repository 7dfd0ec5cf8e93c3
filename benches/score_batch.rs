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
//!
//! `JIXIAO_BENCH_FLOOR=FILE` measures instead the floor of this design on one seed-layout
//! file held in memory: a bare pass that only cuts the text into tables, rows and cells (and,
//! in a second pass, parses the cells that hold a plain number), against the reader, the
//! reader and the scorer, and all three stages with JSON Lines, on the same bytes. Each pass
//! runs `JIXIAO_BENCH_FLOOR_RUNS` times (default 5); the best and the median are printed. Run
//! once under `valgrind --tool=callgrind` (`JIXIAO_BENCH_FLOOR_RUNS=1`), the inclusive count of
//! each `pass_*` function is that pass's instructions.

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

/// What a bare pass found; summed up so that the work is not optimised away.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Bare {
    tables: usize,
    rows: usize,
    cells: usize,
    numbers: usize,
    check: u64,
}

/// The high bit of each byte of `word` that is a tab (the reader's own test, `seed::tab_bytes`).
fn tab_bytes(word: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ 0x0909_0909_0909_0909;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The least a reader of this layout must do: check the text is UTF-8, cut it into lines and
/// each line at its tabs (eight bytes at a time, as the reader does), start a table at each
/// title (a first cell ending in 自评表), and, with `numbers`, parse every cell that begins with
/// an ASCII digit as a `Decimal` (`Decimal::from_str`). No trimming, no labels, no rows built.
fn bare(bytes: &[u8], numbers: bool) -> Bare {
    let mut b = Bare::default();
    let Ok(text) = simdutf8::basic::from_utf8(bytes) else {
        return b;
    };
    let cell = |c: &str, first: bool, b: &mut Bare| {
        b.cells += 1;
        if first && c.ends_with("自评表") {
            b.tables += 1;
        }
        if numbers
            && c.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && let Ok(d) = c.parse::<rust_decimal::Decimal>()
        {
            b.numbers += 1;
            b.check = b.check.wrapping_add(d.mantissa() as u64);
        }
    };
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let line = text.get(start..end).unwrap_or_default();
        start = end + 1;
        if line.is_empty() {
            continue;
        }
        b.rows += 1;
        let (words, rest) = line.as_bytes().as_chunks::<8>();
        let (mut from, mut first) = (0, true);
        let mut cut = |tab: usize, b: &mut Bare| {
            cell(line.get(from..tab).unwrap_or_default(), first, b);
            (from, first) = (tab + 1, false);
        };
        for (w, word) in words.iter().enumerate() {
            let mut tabs = tab_bytes(u64::from_le_bytes(*word));
            while tabs != 0 {
                cut(w * 8 + (tabs.trailing_zeros() / 8) as usize, &mut b);
                tabs &= tabs - 1;
            }
        }
        for (i, &byte) in rest.iter().enumerate() {
            if byte == b'\t' {
                cut(words.len() * 8 + i, &mut b);
            }
        }
        cut(line.len(), &mut b);
    }
    b
}

#[inline(never)]
fn pass_split(bytes: &[u8]) -> Bare {
    bare(bytes, false)
}

#[inline(never)]
fn pass_split_numbers(bytes: &[u8]) -> Bare {
    bare(bytes, true)
}

/// The leading figure of a target or actual cell (`≥128.00(次)` → 128.00), after a comparator.
fn figure(cell: &str) -> Option<rust_decimal::Decimal> {
    let rest = cell.trim_start_matches(['≥', '≤', '<', '>', '=']);
    let end = rest
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.'))
        .unwrap_or(rest.len());
    rest.get(..end).filter(|f| !f.is_empty())?.parse().ok()
}

/// A JSON string, copied whole when nothing in it needs an escape.
fn json_string(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// A bare pipeline of the command's shape, the least such a program does: the bare pass
/// (UTF-8, lines, cells, tables at their titles, numbers in the head rows parsed), and for each
/// indicator row (the rows below a header whose first cell is 一级指标, up to a row of fewer
/// than six cells or the totals) its target's and actual's leading figures and its weight
/// parsed, one score worked out in `Decimal` (weight × min(actual / target, 1), rounded to
/// two places), and one JSON line a table written with each row's five text cells, weight and
/// score (decimals through `Display`). No labels recognised, no units, no checks, no
/// findings, no receipt: a floor, not a scorer.
#[inline(never)]
fn pass_bare_pipeline(bytes: &[u8]) -> usize {
    use std::io::Write;
    let Ok(text) = simdutf8::basic::from_utf8(bytes) else {
        return 0;
    };
    let one = rust_decimal::Decimal::ONE;
    let mut out: Vec<u8> = Vec::with_capacity(1 << 16);
    let (mut written, mut open, mut indicators, mut first_row) = (0, false, false, true);
    let mut cells: Vec<&str> = Vec::with_capacity(16);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let line = text.get(start..end).unwrap_or_default();
        start = end + 1;
        if line.is_empty() {
            continue;
        }
        cells.clear();
        let (words, rest) = line.as_bytes().as_chunks::<8>();
        let mut from = 0;
        for (w, word) in words.iter().enumerate() {
            let mut tabs = tab_bytes(u64::from_le_bytes(*word));
            while tabs != 0 {
                let tab = w * 8 + (tabs.trailing_zeros() / 8) as usize;
                cells.push(line.get(from..tab).unwrap_or_default());
                from = tab + 1;
                tabs &= tabs - 1;
            }
        }
        for (i, &byte) in rest.iter().enumerate() {
            if byte == b'\t' {
                let tab = words.len() * 8 + i;
                cells.push(line.get(from..tab).unwrap_or_default());
                from = tab + 1;
            }
        }
        cells.push(line.get(from..).unwrap_or_default());
        let first = cells.first().copied().unwrap_or_default();
        if first.ends_with("自评表") {
            if open {
                out.extend_from_slice(b"]}\n");
            }
            out.extend_from_slice(b"{\"indicators\":[");
            (open, indicators, first_row) = (true, false, true);
            continue;
        }
        if first == "一级指标" {
            indicators = true;
            continue;
        }
        match cells.as_slice() {
            [level1, level2, name, target, actual, weight, ..] if indicators => {
                let weight = weight.parse::<rust_decimal::Decimal>().ok();
                let score = match (figure(target), figure(actual), weight) {
                    (Some(t), Some(a), Some(w)) if !t.is_zero() => {
                        (w * a.checked_div(t).unwrap_or(one).min(one)).round_dp(2)
                    }
                    _ => rust_decimal::Decimal::ZERO,
                };
                if !first_row {
                    out.push(b',');
                }
                first_row = false;
                out.extend_from_slice(b"{\"level1\":");
                json_string(&mut out, level1);
                out.extend_from_slice(b",\"level2\":");
                json_string(&mut out, level2);
                out.extend_from_slice(b",\"name\":");
                json_string(&mut out, name);
                out.extend_from_slice(b",\"target\":");
                json_string(&mut out, target);
                out.extend_from_slice(b",\"actual\":");
                json_string(&mut out, actual);
                out.extend_from_slice(b",\"weight\":");
                match weight {
                    Some(w) => {
                        let _ = write!(out, "\"{w}\"");
                    }
                    None => out.extend_from_slice(b"null"),
                }
                let _ = write!(out, ",\"score\":\"{score}\"}}");
            }
            _ => {
                indicators = false;
                for c in &cells {
                    if c.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                        let _ = std::hint::black_box(c.parse::<rust_decimal::Decimal>());
                    }
                }
            }
        }
        if out.len() > 1 << 15 {
            written += out.len();
            out.clear();
        }
    }
    if open {
        out.extend_from_slice(b"]}\n");
    }
    written + out.len()
}

#[inline(never)]
fn pass_read(bytes: &[u8]) -> usize {
    Tables::new(bytes, "floor")
        .flatten()
        .map(|t| t.indicators.len())
        .sum()
}

#[inline(never)]
fn pass_read_score(bytes: &[u8], policy: &jixiao::policy::Policy) -> usize {
    Tables::new(bytes, "floor")
        .flatten()
        .map(|t| score_with(policy, t, Detail::SCORES).indicators.len())
        .sum()
}

#[inline(never)]
fn pass_read_score_write(bytes: &[u8], policy: &jixiao::policy::Policy) -> usize {
    let mut line = Vec::with_capacity(8192);
    let mut written = 0;
    for t in Tables::new(bytes, "floor").flatten() {
        let r = score_with(policy, t, Detail::SCORES);
        line.clear();
        jixiao::report::jsonl::write_line(&mut line, &r, policy);
        written += line.len();
    }
    written
}

/// `JIXIAO_BENCH_FLOOR=FILE`: the bare passes against the real stages, on one file in memory.
fn floor(path: &str, policy: &jixiao::policy::Policy) {
    let Ok(bytes) = std::fs::read(path) else {
        return eprintln!("cannot read {path}");
    };
    let runs: usize = std::env::var("JIXIAO_BENCH_FLOOR_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let tables = bare(&bytes, false).tables;
    println!(
        "{path}: {} bytes, {tables} tables; {runs} runs each",
        bytes.len()
    );
    println!("| pass | best s | median s | tables/s (best) | µs a table (best) | what it found |");
    println!("|---|---|---|---|---|---|");
    let time = |name: &str, pass: &dyn Fn() -> String| {
        let mut seconds = Vec::new();
        let mut found = String::new();
        for _ in 0..runs {
            let start = Instant::now();
            found = std::hint::black_box(pass());
            seconds.push(start.elapsed().as_secs_f64());
        }
        seconds.sort_by(f64::total_cmp);
        let (best, median) = (seconds[0], seconds[seconds.len() / 2]);
        println!(
            "| {name} | {best:.3} | {median:.3} | {:.0} | {:.2} | {found} |",
            tables as f64 / best,
            best * 1e6 / tables.max(1) as f64
        );
    };
    time("split into tables, rows, cells", &|| {
        format!("{:?}", pass_split(&bytes))
    });
    time("the same, numbers parsed", &|| {
        format!("{:?}", pass_split_numbers(&bytes))
    });
    time(
        "bare pipeline: split, numbers, a score a row, a JSON line a table",
        &|| format!("{} bytes", pass_bare_pipeline(&bytes)),
    );
    time("read (`Tables`)", &|| {
        format!("{} indicator rows", pass_read(&bytes))
    });
    time("read + score", &|| {
        format!("{} rows scored", pass_read_score(&bytes, policy))
    });
    time("read + score + write JSON Lines", &|| {
        format!("{} bytes", pass_read_score_write(&bytes, policy))
    });
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
    if let Ok(path) = std::env::var("JIXIAO_BENCH_FLOOR") {
        return floor(&path, &policy);
    }
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
