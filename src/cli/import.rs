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
    let extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .unwrap_or("json")
        .to_string();
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return exit::USAGE;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    // Tables are written as they are read: memory holds one table, not the batch.
    let mut unreadable = 0;
    let mut count = 0usize;
    let mut written: std::io::Result<()> = Ok(());
    if extension == "json" {
        written = written.and_then(|_| write!(out, "["));
    }
    for path in super::expand(&args.tables, super::score::TABLE_EXTENSIONS) {
        for result in table::read_path(&path) {
            match result {
                Ok(t) => {
                    written = written.and_then(|_| write_one(&mut out, &t, &extension, count == 0));
                    count += 1;
                }
                Err(u) => {
                    eprintln!("{u}");
                    unreadable += 1;
                }
            }
        }
    }
    if extension == "json" {
        written = written.and_then(|_| writeln!(out, "{}]", if count == 0 { "" } else { "\n" }));
    }
    match written.and_then(|_| out.flush()) {
        Ok(()) => {}
        // The reader went away (`| head`): nothing more to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return exit::OK,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            return exit::USAGE;
        }
    }
    if unreadable > 0 {
        exit::UNREADABLE
    } else {
        exit::OK
    }
}

fn write_one(
    out: &mut dyn Write,
    table: &Table,
    extension: &str,
    first: bool,
) -> std::io::Result<()> {
    match extension {
        "toml" => canonical::write_toml(out, std::slice::from_ref(table)),
        "jsonl" | "ndjson" => canonical::write_jsonl(out, table),
        _ => {
            write!(out, "{}", if first { "\n" } else { ",\n" })?;
            serde_json::to_writer_pretty(&mut *out, table).map_err(std::io::Error::other)
        }
    }
}
