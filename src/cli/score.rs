//! `jixiao score [--policy FILE] TABLE...`: score every table in every file, streaming.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use rayon::prelude::*;

use super::exit;
use crate::check;
use crate::eval;
use crate::report;
use crate::syntax::ast::Severity;
use crate::table::seed::Tables;
use crate::table::split::Piece;

/// Tables scored together on the thread pool before their output is written.
const CHUNK: usize = 256;

/// Output is handed to the sink in blocks of about this size.
const FLUSH_AT: usize = 64 * 1024;

/// A table as read, or why it could not be.
type Item = Result<crate::table::Table, crate::table::Unreadable>;

/// What one table added to the output.
enum Outcome {
    /// Its rendering was appended to the output buffer.
    Written(Option<Severity>),
    /// Kept whole for a report written at the end (`xlsx`, `html`).
    Kept(Box<report::xlsx::Scored>, Option<Severity>),
    Unreadable(String),
}

/// Chooses the policy, scores one table and appends its rendering to `out`: nothing when it is
/// kept for a report or cannot be scored. A JSON array's element comes with its `,\n`
/// separator; the writer drops the comma before the first one.
fn render_one(
    item: Item,
    policies: &[crate::policy::Policy],
    args: &Args,
    detail: eval::Detail,
    input_hash: Option<&str>,
    out: &mut Vec<u8>,
) -> Outcome {
    let table = match item {
        Ok(t) => t,
        Err(u) => return Outcome::Unreadable(u.to_string()),
    };
    let policy = if args.rules.is_some() {
        match crate::policy::select(policies, table.year, args.jurisdiction.as_deref()) {
            Ok(p) => p,
            Err(message) => {
                return Outcome::Unreadable(format!(
                    "error: {}:{}: {message}",
                    table.source, table.line
                ));
            }
        }
    } else {
        match policies.first() {
            Some(p) => p,
            None => return Outcome::Unreadable("error: no policy".into()),
        }
    };
    let mut result = eval::score_with(policy, table, detail);
    result.input_hash = input_hash.map(String::from);
    let worst = result.findings.iter().map(|f| f.severity).max();
    if matches!(args.format, Format::Xlsx | Format::Html) {
        let receipt = report::receipt_line(&result, policy);
        return Outcome::Kept(Box::new(report::xlsx::Scored { result, receipt }), worst);
    }
    let start = out.len();
    let written = match args.format {
        Format::Xlsx | Format::Html => Ok(()),
        Format::Table => report::write_text(out, &result, policy, args.explain),
        Format::Md => report::write_markdown(out, &result, policy),
        Format::Csv => report::write_csv_row(out, &result, policy),
        Format::Jsonl => {
            report::jsonl::write_line(out, &result, policy);
            Ok(())
        }
        Format::Json => {
            out.extend_from_slice(b",\n");
            serde_json::to_writer_pretty(&mut *out, &report::json_table(&result, policy))
                .map_err(std::io::Error::other)
        }
    };
    match written {
        Ok(()) => Outcome::Written(worst),
        Err(e) => {
            out.truncate(start);
            Outcome::Unreadable(format!(
                "error: {}:{}: cannot be written: {e}",
                result.source, result.line
            ))
        }
    }
}

/// Tables rendered together on a worker (a piece of a file, or one table of a chunk): their
/// output in order, and what each added up to.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    outcomes: Vec<Outcome>,
}

impl Batch {
    /// `capacity`: room for the output, made once (a buffer grown by doubling holds up to twice
    /// what it needs, and leaves blocks of every size behind on the worker's heap).
    fn of(
        items: impl Iterator<Item = Item>,
        capacity: usize,
        render: &impl Fn(Item, &mut Vec<u8>) -> Outcome,
    ) -> Self {
        let mut batch = Batch {
            bytes: Vec::with_capacity(capacity),
            outcomes: Vec::new(),
        };
        for item in items {
            let outcome = render(item, &mut batch.bytes);
            batch.outcomes.push(outcome);
        }
        batch
    }
}

/// Where rendered tables go, in input order, and what they added up to.
struct Collected<W: Write> {
    sink: W,
    /// Output not yet handed to the sink. On one thread tables are rendered straight into it:
    /// no buffer per table and no second copy.
    buf: Vec<u8>,
    format: Format,
    /// No table written yet (the JSON array's separators depend on it).
    first: bool,
    unreadable: usize,
    worst: Option<Severity>,
    /// Tables kept for a report written at the end (`xlsx`, `html`).
    kept: Vec<report::xlsx::Scored>,
    progress: Progress,
}

/// The output could not be written: its reader went away.
struct Closed;

impl<W: Write> Collected<W> {
    fn note(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Written(worst) => self.worst = self.worst.max(worst),
            Outcome::Kept(scored, worst) => {
                self.worst = self.worst.max(worst);
                self.kept.push(*scored);
            }
            Outcome::Unreadable(message) => {
                eprintln!("{message}");
                self.unreadable += 1;
            }
        }
    }

    /// Whether output about to be written opens a JSON array, whose first element's separator
    /// loses its comma; no table is first after it.
    fn opens_array(&mut self) -> bool {
        let opens = self.first && self.format == Format::Json;
        self.first = false;
        opens
    }

    /// Takes one table the one-thread loop rendered into the buffer from `start`.
    fn settle(&mut self, start: usize, outcome: Outcome) -> Result<(), Closed> {
        self.progress.advance(1);
        self.note(outcome);
        if self.buf.len() > start && self.opens_array() {
            self.buf.remove(start);
        }
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes one batch's tables in order: a large one straight to the sink.
    fn take(&mut self, batch: Batch) -> Result<(), Closed> {
        self.progress.advance(batch.outcomes.len() as u64);
        for outcome in batch.outcomes {
            self.note(outcome);
        }
        if batch.bytes.is_empty() {
            return Ok(());
        }
        let bytes = batch
            .bytes
            .get(usize::from(self.opens_array())..)
            .unwrap_or_default();
        if bytes.len() >= FLUSH_AT {
            self.flush()?;
            return self.sink.write_all(bytes).map_err(|_| Closed);
        }
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the buffer to the sink.
    fn flush(&mut self) -> Result<(), Closed> {
        let written = self.sink.write_all(&self.buf);
        self.buf.clear();
        written.map_err(|_| Closed)
    }
}

/// One thread: each table read, scored and rendered straight into the output in turn, while
/// its rows are still in the cache.
fn score_stream<W: Write>(
    tables: crate::table::TableStream,
    render: &impl Fn(Item, &mut Vec<u8>) -> Outcome,
    out: &mut Collected<W>,
) -> Result<(), Closed> {
    for item in tables {
        let start = out.buf.len();
        let outcome = render(item, &mut out.buf);
        out.settle(start, outcome)?;
    }
    Ok(())
}

/// A reader thread sends chunks of tables down a channel that holds two, while the pool
/// scores and renders the current chunk (CSV, JSON Lines, workbooks).
fn score_chunks_read_ahead<W: Write>(
    pool: &rayon::ThreadPool,
    tables: crate::table::TableStream,
    render: &(impl Fn(Item, &mut Vec<u8>) -> Outcome + Sync),
    out: &mut Collected<W>,
) -> Result<(), Closed> {
    std::thread::scope(|scope| {
        let (send, chunks) = std::sync::mpsc::sync_channel::<Vec<Item>>(2);
        scope.spawn(move || {
            let mut tables = tables;
            loop {
                let chunk: Vec<Item> = tables.by_ref().take(CHUNK).collect();
                // An empty chunk is the end; a closed channel means the writer stopped.
                if chunk.is_empty() || send.send(chunk).is_err() {
                    break;
                }
            }
        });
        chunks.into_iter().try_for_each(|chunk| {
            let batches: Vec<Batch> = pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|item| Batch::of(std::iter::once(item), 8192, render))
                    .collect()
            });
            batches.into_iter().try_for_each(|batch| out.take(batch))
        })
    })
}

/// Room for the output of `input` bytes of seed-layout text: a generated table's JSON Lines
/// are about 4.5 times its text, its CSV row a sixth.
fn output_room(format: Format, input: usize) -> usize {
    match format {
        Format::Csv => input / 4,
        Format::Md => input * 2,
        Format::Xlsx | Format::Html => 0,
        Format::Table | Format::Json | Format::Jsonl => input * 5,
    }
}

/// A seed-layout file cut at its titles (`table::split`): a reader thread cuts the pieces, and
/// each worker reads, scores and renders a whole piece into one buffer.
fn score_pieces<W: Write>(
    pool: &rayon::ThreadPool,
    pieces: impl Iterator<Item = std::io::Result<Piece>> + Send,
    source: &str,
    render: &(impl Fn(Item, &mut Vec<u8>) -> Outcome + Sync),
    out: &mut Collected<W>,
) -> Result<(), Closed> {
    let format = out.format;
    std::thread::scope(|scope| {
        let jobs = pool.current_num_threads();
        let (send, received) = std::sync::mpsc::sync_channel(jobs * 2);
        scope.spawn(move || {
            for piece in pieces {
                let stop = piece.is_err();
                if send.send(piece).is_err() || stop {
                    break;
                }
            }
        });
        let read_piece = |piece: &std::io::Result<Piece>| -> Batch {
            match piece {
                Ok(piece) => Batch::of(
                    Tables::piece(piece.bytes.as_slice(), source, piece),
                    output_room(format, piece.bytes.len()),
                    render,
                ),
                Err(e) => Batch {
                    bytes: Vec::new(),
                    outcomes: vec![Outcome::Unreadable(
                        crate::table::Unreadable {
                            source: source.to_string(),
                            line: 0,
                            message: format!("cannot be read: {e}"),
                        }
                        .to_string(),
                    )],
                },
            }
        };
        in_order(pool, received, jobs * 2, read_piece, |batch| {
            out.take(batch)
        })
    })
}

/// Runs `work` on each item on the pool, at most `window` at a time, and hands the results to
/// `write` in the items' order as they complete: the workers never wait for the writer, and
/// memory holds at most `window` items and their results.
fn in_order<T: Send, R: Send>(
    pool: &rayon::ThreadPool,
    items: impl IntoIterator<Item = T>,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut write: impl FnMut(R) -> Result<(), Closed>,
) -> Result<(), Closed> {
    // A worker's panic is carried to this thread and resumed here, so it is not a hang.
    type Outcome<R> = Result<R, Box<dyn std::any::Any + Send>>;
    let (done, results) = std::sync::mpsc::channel::<(usize, Outcome<R>)>();
    let work = &work;
    pool.in_place_scope(|scope| {
        let mut waiting = std::collections::BTreeMap::new();
        let (mut next, mut in_flight) = (0usize, 0usize);
        // Takes one finished result, then writes every result that is next in order.
        let mut settle = |waiting: &mut std::collections::BTreeMap<usize, R>,
                          next: &mut usize,
                          in_flight: &mut usize|
         -> Result<(), Closed> {
            if let Ok((index, outcome)) = results.recv() {
                match outcome {
                    Ok(result) => waiting.insert(index, result),
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                *in_flight -= 1;
            }
            while let Some(result) = waiting.remove(next) {
                *next += 1;
                write(result)?;
            }
            Ok(())
        };
        for (index, item) in items.into_iter().enumerate() {
            while in_flight >= window.max(1) {
                settle(&mut waiting, &mut next, &mut in_flight)?;
            }
            let done = done.clone();
            scope.spawn(move |_| {
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&item)));
                let _ = done.send((index, outcome));
            });
            in_flight += 1;
        }
        while in_flight > 0 {
            settle(&mut waiting, &mut next, &mut in_flight)?;
        }
        Ok(())
    })
}

/// A progress bar on stderr for batches that run longer than a second on a terminal; nothing
/// otherwise, and nothing under `--quiet` (output piped to a file stays clean either way: the
/// bar is on stderr).
struct Progress {
    started: std::time::Instant,
    enabled: bool,
    bar: Option<indicatif::ProgressBar>,
    done: u64,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        Progress {
            started: std::time::Instant::now(),
            enabled: !quiet && std::io::stderr().is_terminal(),
            bar: None,
            done: 0,
        }
    }

    fn advance(&mut self, tables: u64) {
        self.done += tables;
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && self.started.elapsed() > std::time::Duration::from_secs(1) {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {pos} tables scored in {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_position(self.done);
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.done);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Files taken from a folder: seed-layout text and the canonical formats.
pub const TABLE_EXTENSIONS: &[&str] = &[
    "tsv", "txt", "csv", "json", "jsonl", "ndjson", "toml", "xlsx", "xlsm", "xls", "ods",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
    Md,
    /// A workbook (`-o FILE.xlsx`): a summary sheet and one sheet per table.
    Xlsx,
    /// One self-contained page (`-o FILE.html`).
    Html,
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
    /// Where to write (needed for `xlsx` and `html`; standard output otherwise).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Give each score's trace in plain words: under the table (`table`), as a `trace` list
    /// (`json`, `jsonl`). The HTML report always carries them.
    #[arg(long)]
    pub explain: bool,
    /// Actual values, keyed by indicator name, for targets files (`.jx`) given as tables.
    #[arg(long)]
    pub actuals: Option<PathBuf>,
    /// No progress bar, even on a terminal.
    #[arg(long, short)]
    pub quiet: bool,
    /// Threads to score on (with more than one, another thread reads ahead); all cores when
    /// absent. The output is the same for any number.
    #[arg(long)]
    pub jobs: Option<usize>,
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
            let unread = diagnostics.iter().all(|d| d.code() == "E0004");
            for d in diagnostics {
                eprint!("{}", d.render_human(100));
            }
            if unread {
                eprintln!("error: no table was scored: the policy could not be read");
            } else {
                eprintln!("error: the policy has errors; run `jixiao check` on it");
            }
            return exit::USAGE;
        }
    };
    let files = super::expand(&args.tables, TABLE_EXTENSIONS);
    // Traces are built only where they are shown: under --explain, and in the HTML report.
    let detail = eval::Detail {
        trace: args.explain || args.format == Format::Html,
        coverage: false,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = if jobs > 1 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .ok()
    } else {
        None
    };
    // A streamed format goes to the -o file when one is given; xlsx and html are written whole
    // at the end.
    let sink: Box<dyn Write> = match &args.output {
        Some(path) if !matches!(args.format, Format::Xlsx | Format::Html) => {
            match std::fs::File::create(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return exit::USAGE;
                }
            }
        }
        _ => Box::new(std::io::stdout().lock()),
    };
    let mut out = Collected {
        sink,
        buf: Vec::with_capacity(FLUSH_AT * 2),
        format: args.format,
        first: true,
        unreadable: 0,
        worst: None,
        kept: Vec::new(),
        progress: Progress::new(args.quiet),
    };
    if args.format == Format::Json {
        out.buf.push(b'[');
    }
    if args.format == Format::Csv {
        let _ = writeln!(out.buf, "{}", report::CSV_HEADER);
    }
    if matches!(args.format, Format::Xlsx | Format::Html) && args.output.is_none() {
        eprintln!("error: --format xlsx and --format html write a file: give it with -o FILE");
        return exit::USAGE;
    }
    for path in &files {
        let tables_are_declared = path.extension().is_some_and(|e| e == "jx");
        let tables: crate::table::TableStream = if tables_are_declared {
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
        // Tables are read in order, scored and rendered on all threads, and written in order:
        // the output is the same bytes whatever the number of jobs, and memory holds a few
        // chunks or pieces, not the file.
        let render = |item: Item, out: &mut Vec<u8>| {
            render_one(item, &policies, args, detail, input_hash.as_deref(), out)
        };
        let pieces = match (&pool, tables_are_declared) {
            (Some(_), false) => crate::table::split::open(path),
            _ => None,
        };
        let written = match (&pool, pieces) {
            (Some(pool), Some(pieces)) => {
                score_pieces(pool, pieces, &path.display().to_string(), &render, &mut out)
            }
            (Some(pool), None) => score_chunks_read_ahead(pool, tables, &render, &mut out),
            (None, _) => score_stream(tables, &render, &mut out),
        };
        if written.is_err() {
            return exit::OK; // the reader of the output went away (a closed pipe): stop quietly
        }
    }
    if args.format == Format::Json {
        let _ = writeln!(out.buf, "{}]", if out.first { "" } else { "\n" });
    }
    if out.flush().is_ok() {
        let _ = out.sink.flush();
    }
    let Collected {
        unreadable,
        worst,
        kept,
        ..
    } = out;
    if let Some(path) = &args.output
        && matches!(args.format, Format::Xlsx | Format::Html)
    {
        let bytes = match args.format {
            Format::Xlsx => match report::xlsx::workbook(&kept) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: the workbook cannot be made: {e}");
                    return exit::USAGE;
                }
            },
            _ => report::html::page(&kept).into_bytes(),
        };
        if let Err(e) = std::fs::write(path, bytes) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return exit::USAGE;
        }
    }
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
