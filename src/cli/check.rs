//! `jixiao check PATH...`: compile policies and targets files, report every problem.

use std::io::Write;
use std::path::PathBuf;

use super::{DiagnosticFormat, exit};
use crate::check::{self, Workspace};
use crate::syntax::ast::Severity;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Policy or targets files, or folders holding them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagnosticFormat,
    /// `--deny warnings`: exit 1 on warnings too.
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// List what each policy changes in the policy it extends.
    #[arg(long)]
    pub show_overrides: bool,
}

pub fn run(args: &Args) -> u8 {
    let files = super::expand(&args.paths, &["jx"]);
    let mut ws = Workspace::with_builtins();
    let mut indices = Vec::new();
    let mut unreadable = Vec::new();
    for path in &files {
        match ws.add_path(path) {
            Ok(i) => indices.push(i),
            Err(e) => unreadable.push(check::io_diagnostic(path, &e)),
        }
    }
    // Parents may live beside the files checked without being checked themselves.
    let dirs: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| {
            f.parent().map(|d| {
                if d.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    d.to_path_buf()
                }
            })
        })
        .collect();
    for dir in dirs {
        for sibling in check::policy_files(&dir) {
            if !files.contains(&sibling) {
                let _ = ws.add_path(&sibling);
            }
        }
    }
    let mut outcome = check::check(&ws, &indices);
    outcome.diagnostics.splice(0..0, unreadable);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        DiagnosticFormat::Human => {
            for d in &outcome.diagnostics {
                let _ = write!(out, "{}", d.render_human(100));
            }
            if args.show_overrides {
                for (policy, changes) in &outcome.overrides {
                    if !changes.is_empty() {
                        let _ = writeln!(out, "{policy}:");
                        for c in changes {
                            let _ = writeln!(out, "  {c}");
                        }
                    }
                }
            }
            let errors = outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            let _ = writeln!(
                out,
                "checked {} file(s): {} error(s), {} warning(s)",
                files.len(),
                errors,
                warnings
            );
        }
        DiagnosticFormat::Json => {
            let json: Vec<_> = outcome.diagnostics.iter().map(|d| d.to_json()).collect();
            let _ = serde_json::to_writer_pretty(&mut out, &json);
            let _ = writeln!(out);
        }
    }
    let errors = outcome
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let warnings = outcome
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning);
    if errors || (warnings && args.deny.is_some()) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
