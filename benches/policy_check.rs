//! Benchmark: parse and check a generated policy of 10,000 lines.
//!
//! `cargo bench --bench policy_check` prints lines, bytes, and the median of several runs of
//! parse + check. A plain harness (no timing assertions in tests): the figure goes into
//! docs/performance.md.

use std::time::Instant;

use jixiao::check::{Workspace, check};

/// The allocator of the `jixiao` command, so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A policy extending the national default with `curves` step curves, rules and units.
fn generate(curves: usize) -> String {
    let mut s =
        String::from("policy bench extends national-2020 {\n  years 2023..\n}\n\nunits {\n");
    for i in 0..curves {
        s.push_str(&format!("  单位{i} = {} 件\n", i + 1));
    }
    s.push_str("}\n\n");
    for i in 0..curves {
        s.push_str(&format!(
            "# curve {i}\ncurve 曲线{i} = steps on |deviation| {{\n  <= 10% -> 100%\n  <= 15% -> 60%\n  <= 20% -> 20%\n  otherwise -> 0\n}}\n\n"
        ));
    }
    s.push_str("scoring {\n");
    for i in 0..curves {
        s.push_str(&format!(
            "  rule 规则{i} when name-contains \"指标{i}\" and unit 单位{i} use 曲线{i}\n"
        ));
    }
    s.push_str("}\n");
    s
}

fn main() {
    let text = generate(1000);
    let lines = text.lines().count();
    let mut times = Vec::new();
    let mut diagnostics = 0;
    for _ in 0..9 {
        let start = Instant::now();
        let mut ws = Workspace::with_builtins();
        let index = ws.add_text("bench.jx", text.clone());
        let outcome = check(&ws, &[index]);
        times.push(start.elapsed());
        diagnostics = outcome.diagnostics.len();
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "policy: {lines} lines, {} bytes, {diagnostics} diagnostics",
        text.len()
    );
    println!(
        "parse + check (median of {}): {:.1} ms",
        times.len(),
        median.as_secs_f64() * 1000.0
    );
    println!(
        "lines per second: {:.0}",
        lines as f64 / median.as_secs_f64()
    );
}
