//! `jixiao diff OLD NEW TABLES...`: what a policy change does to real tables.

use std::path::PathBuf;

use clap::ValueEnum;

use super::exit;
use crate::{check, diff, table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Md,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The policy in force (a file, or `national-2020` for the built-in one).
    pub old: String,
    /// The proposed policy.
    pub new: String,
    /// Tables to score under both.
    #[arg(required = true)]
    pub tables: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Exit 1 when any table changes grade (for CI).
    #[arg(long)]
    pub fail_on_grade_change: bool,
}

fn load(spec: &str) -> Result<crate::policy::Policy, u8> {
    let result = if spec == check::DEFAULT_POLICY && !std::path::Path::new(spec).exists() {
        check::default_policy()
    } else {
        check::load_policy(std::path::Path::new(spec))
    };
    result.map_err(|diagnostics| {
        for d in diagnostics {
            eprint!("{}", d.render_human(100));
        }
        eprintln!("error: policy `{spec}` has errors; run `jixiao check` on it");
        exit::USAGE
    })
}

pub fn run(args: &Args) -> u8 {
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let mut tables = Vec::new();
    let mut unreadable = 0;
    for path in super::expand(&args.tables, super::score::TABLE_EXTENSIONS) {
        for t in table::read_path(&path) {
            match t {
                Ok(t) => tables.push(t),
                Err(u) => {
                    eprintln!("{u}");
                    unreadable += 1;
                }
            }
        }
    }
    let impact = diff::impact(&old, &new, &tables);
    match args.format {
        Format::Table => print!("{}", diff::render_text(&impact)),
        Format::Md => print!("{}", diff::render_markdown(&impact)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&impact).unwrap_or_default()
        ),
    }
    if unreadable > 0 {
        exit::UNREADABLE
    } else if args.fail_on_grade_change && impact.summary.grade_changes > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
