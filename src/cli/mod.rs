//! The command line: clap definitions here, one file per subcommand.

mod check;
mod diff;
mod explain;
mod import;
mod score;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes every subcommand shares.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const UNREADABLE: u8 = 3;
}

#[derive(Debug, Parser)]
#[command(
    name = "jixiao",
    version,
    about = "Scoring policies for 项目支出绩效自评, checked like code and applied exactly"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check policy and targets files (`.jx`); folders are searched recursively.
    Check(check::Args),
    /// Score self-evaluation tables with a policy (the built-in national default if none).
    Score(score::Args),
    /// Convert tables into the canonical project format (JSON, JSON Lines or TOML).
    Import(import::Args),
    /// Run policy tests (`*.test.toml`): expected totals, grades, scores and findings.
    Test(test::Args),
    /// Compare two policies on the same tables: grade transitions and per-indicator changes.
    Diff(diff::Args),
    /// Explain a diagnostic or finding code (`E0101`, `A0101`) or list them all.
    Explain(explain::Args),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Human,
    Json,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Score(args) => score::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Diff(args) => diff::run(&args),
    };
    ExitCode::from(code)
}

/// Expands folders into the files under them with the given extensions (sorted within each
/// folder); files named on the command line are kept as given, in order.
pub fn expand(paths: &[PathBuf], extensions: &[&str]) -> Vec<PathBuf> {
    paths
        .iter()
        .flat_map(|path| {
            if path.is_dir() {
                crate::files::walk(path, |p| crate::files::has_extension(p, extensions))
            } else {
                vec![path.clone()]
            }
        })
        .collect()
}
