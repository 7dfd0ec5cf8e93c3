//! `jixiao score [--policy FILE] TABLE...`: score every table in every file, streaming.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use super::exit;
use crate::check;
use crate::eval;
use crate::report;
use crate::syntax::ast::Severity;

/// Files taken from a folder: seed-layout text and the canonical formats.
pub const TABLE_EXTENSIONS: &[&str] = &["tsv", "txt", "json", "jsonl", "ndjson", "toml"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table files (seed-layout tab-separated text), or folders holding them.
    #[arg(required = true)]
    pub tables: Vec<PathBuf>,
    /// The policy to score with; the built-in national default when absent.
    #[arg(long, conflicts_with = "rules")]
    pub policy: Option<PathBuf>,
    /// A folder of policies: each table is scored by the one whose years (and jurisdiction)
    /// match the table's year.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// With --rules: only policies of this jurisdiction (e.g. `全国`, `江西`).
    #[arg(long, requires = "rules")]
    pub jurisdiction: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Print each score's trace in plain words (`table` format).
    #[arg(long)]
    pub explain: bool,
    /// Actual values, keyed by indicator name, for targets files (`.jx`) given as tables.
    #[arg(long)]
    pub actuals: Option<PathBuf>,
    /// Exit 1 when a finding reaches this severity.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

pub fn run(args: &Args) -> u8 {
    let loaded = match (&args.rules, &args.policy) {
        (Some(dir), _) => check::load_rules(dir),
        (None, Some(path)) => check::load_policy(path).map(|p| vec![p]),
        (None, None) => check::default_policy().map(|p| vec![p]),
    };
    let policies = match loaded {
        Ok(p) => p,
        Err(diagnostics) => {
            for d in diagnostics {
                eprint!("{}", d.render_human(100));
            }
            eprintln!("error: the policy has errors; run `jixiao check` on it");
            return exit::USAGE;
        }
    };
    let files = super::expand(&args.tables, TABLE_EXTENSIONS);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut unreadable = 0usize;
    let mut worst: Option<Severity> = None;
    let mut first = true;
    if args.format == Format::Json {
        let _ = write!(out, "[");
    }
    if args.format == Format::Csv {
        let _ = writeln!(out, "{}", report::CSV_HEADER);
    }
    for path in &files {
        let tables: Box<dyn Iterator<Item = _>> = if path.extension().is_some_and(|e| e == "jx") {
            match &args.actuals {
                Some(actuals) => Box::new(crate::table::targets::tables(path, actuals).into_iter()),
                None => {
                    eprintln!(
                        "error: {} is a targets file; give its actual values with --actuals FILE",
                        path.display()
                    );
                    return exit::USAGE;
                }
            }
        } else {
            crate::table::read_path(path)
        };
        let input_hash = crate::table::file_hash(path).ok();
        for table in tables {
            let table = match table {
                Ok(t) => t,
                Err(u) => {
                    eprintln!("error[I0006]: {}:{}: {}", u.source, u.line, u.message);
                    unreadable += 1;
                    continue;
                }
            };
            let policy = if args.rules.is_some() {
                match crate::policy::select(&policies, table.year, args.jurisdiction.as_deref()) {
                    Ok(p) => p,
                    Err(message) => {
                        eprintln!("error: {}:{}: {message}", table.source, table.line);
                        unreadable += 1;
                        continue;
                    }
                }
            } else {
                match policies.first() {
                    Some(p) => p,
                    None => return exit::USAGE,
                }
            };
            let mut result = eval::score(policy, &table);
            result.input_hash = input_hash.clone();
            for f in &result.findings {
                worst = worst.max(Some(f.severity));
            }
            let written = match args.format {
                Format::Table => report::write_text(&mut out, &result, policy, args.explain),
                Format::Md => report::write_markdown(&mut out, &result, policy),
                Format::Csv => report::write_csv_row(&mut out, &result, policy),
                Format::Jsonl => {
                    serde_json::to_writer(&mut out, &report::json_table(&result, policy))
                        .map_err(std::io::Error::other)
                        .and_then(|_| writeln!(out))
                }
                Format::Json => {
                    let sep = if first { "\n" } else { ",\n" };
                    write!(out, "{sep}").and_then(|_| {
                        serde_json::to_writer_pretty(&mut out, &report::json_table(&result, policy))
                            .map_err(std::io::Error::other)
                    })
                }
            };
            first = false;
            if written.is_err() {
                return exit::OK; // the reader went away (a closed pipe): stop quietly
            }
        }
    }
    if args.format == Format::Json {
        let _ = writeln!(out, "{}]", if first { "" } else { "\n" });
    }
    let _ = out.flush();
    if unreadable > 0 {
        return exit::UNREADABLE;
    }
    let threshold = args.fail_on.map(|f| match f {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    });
    match (threshold, worst) {
        (Some(t), Some(w)) if w >= t => exit::FINDINGS,
        _ => exit::OK,
    }
}
