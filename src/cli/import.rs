//! `jixiao import TABLE... [-o OUT.json|.jsonl|.toml]`: published tables → the canonical
//! project format, with every repair the importer made kept on each table.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::exit;
use crate::table::{self, Table, canonical};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table files or folders.
    #[arg(required_unless_present = "schema")]
    pub tables: Vec<PathBuf>,
    /// Where to write; the extension picks the format (`.json`, `.jsonl`, `.toml`). JSON on
    /// standard output when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print the JSON Schema of the canonical format instead.
    #[arg(long, conflicts_with = "output")]
    pub schema: bool,
}

pub fn run(args: &Args) -> u8 {
    if args.schema {
        println!(
            "{}",
            serde_json::to_string_pretty(&canonical::json_schema()).unwrap_or_default()
        );
        return exit::OK;
    }
    let mut tables: Vec<Table> = Vec::new();
    let mut unreadable = 0;
    for path in super::expand(&args.tables, super::score::TABLE_EXTENSIONS) {
        for result in table::read_path(&path) {
            match result {
                Ok(t) => tables.push(t),
                Err(u) => {
                    eprintln!("error[I0006]: {}:{}: {}", u.source, u.line, u.message);
                    unreadable += 1;
                }
            }
        }
    }
    let extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .unwrap_or("json");
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| write(&mut BufWriter::new(f), &tables, extension)),
        None => write(
            &mut BufWriter::new(std::io::stdout().lock()),
            &tables,
            extension,
        ),
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the output: {e}");
        return exit::USAGE;
    }
    if unreadable > 0 {
        exit::UNREADABLE
    } else {
        exit::OK
    }
}

fn write(out: &mut dyn Write, tables: &[Table], extension: &str) -> std::io::Result<()> {
    match extension {
        "toml" => canonical::write_toml(out, tables)?,
        "jsonl" | "ndjson" => {
            for t in tables {
                canonical::write_jsonl(out, t)?;
            }
        }
        _ => canonical::write_json(out, tables)?,
    }
    out.flush()
}
