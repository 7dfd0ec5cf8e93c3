//! `jixiao test [PATH...]`: run policy test files (`*.test.toml`), like a test runner.

use std::path::PathBuf;

use super::exit;
use crate::policytest;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Test files or folders holding `*.test.toml` files; the current folder when absent.
    pub paths: Vec<PathBuf>,
    /// Rewrite the expectations with the values the policy gives now.
    #[arg(long)]
    pub update: bool,
    /// Report which grade bands, tiers, curve segments and findings the tests reached.
    #[arg(long)]
    pub coverage: bool,
}

pub fn run(args: &Args) -> u8 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let files: Vec<_> = policytest::find(&paths)
        .iter()
        .map(|f| policytest::run_file(f, args.update))
        .collect();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut failures = Vec::new();
    for f in &files {
        if let Some(e) = &f.error {
            println!("test {} ... ERROR: {e}", f.file.display());
            failed += 1;
            continue;
        }
        for case in &f.cases {
            if case.failures.is_empty() {
                println!("test {} :: {} ... ok", f.file.display(), case.name);
                passed += 1;
            } else if args.update && case.result.is_some() {
                println!("test {} :: {} ... updated", f.file.display(), case.name);
                passed += 1;
            } else {
                println!("test {} :: {} ... FAILED", f.file.display(), case.name);
                failed += 1;
                failures.push(case);
            }
        }
        if let Some(text) = &f.updated
            && let Err(e) = std::fs::write(&f.file, text)
        {
            eprintln!("error: cannot rewrite {}: {e}", f.file.display());
            return exit::USAGE;
        }
    }
    if !failures.is_empty() {
        println!("\nfailures:");
        for case in failures {
            println!("\n---- {} :: {} ----", case.file.display(), case.name);
            for line in &case.failures {
                println!("  {line}");
            }
            if let Some(result) = &case.result {
                println!("  trace:");
                for t in &result.budget.trace {
                    println!("    预算执行率: {t}");
                }
                for i in &result.indicators {
                    for t in &i.trace {
                        println!("    {}: {t}", i.name);
                    }
                }
            }
        }
        println!();
    }
    if args.coverage {
        println!("\ncoverage:");
        for (name, (policy, reached)) in policytest::reached(&files) {
            println!("policy {name}");
            for line in crate::eval::coverage::report(&policy, &reached).lines() {
                println!("  {line}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 { exit::FINDINGS } else { exit::OK }
}
