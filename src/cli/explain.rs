//! `jixiao explain CODE`: the documentation page of a diagnostic or finding code.

use super::exit;
use crate::diagnostic::codes;
use crate::eval::findings;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A code (`E0101`, `A0101`) or its name (`unknown-unit`).
    pub code: Option<String>,
    /// List every code with its name and severity.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: &Args) -> u8 {
    if args.list || args.code.is_none() {
        for c in codes::CODES {
            println!(
                "{}  {:<8} {}",
                c.code,
                format!("{:?}", c.severity).to_lowercase(),
                c.name
            );
        }
        for f in findings::FINDINGS {
            println!(
                "{}  {:<8} {}",
                f.code,
                format!("{:?}", f.severity).to_lowercase(),
                f.name
            );
        }
        return exit::OK;
    }
    let key = args.code.as_deref().unwrap_or_default();
    if let Some(c) = codes::lookup(key) {
        print!("{}", c.page);
        return exit::OK;
    }
    if let Some(page) = findings::lookup(key).and_then(|f| findings::page(f.code)) {
        print!("{page}");
        return exit::OK;
    }
    eprintln!("error: unknown code `{key}`; `jixiao explain --list` shows them all");
    exit::USAGE
}
