//! Reading self-evaluation tables as published. A table file may hold many tables; they are
//! read one at a time ([`seed::Tables`]), so memory does not grow with the file.

pub mod canonical;
pub mod generate;
pub mod seed;
pub mod split;
pub mod targets;
pub mod workbook;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One self-evaluation table (项目支出绩效自评表), as read: cells kept as written, numbers
/// parsed where the column holds numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Table {
    /// The file it came from and the line its first row is on.
    pub source: String,
    pub line: usize,
    pub name: Option<String>,
    pub department: Option<String>,
    pub implementer: Option<String>,
    pub year: Option<u32>,
    /// `万元` or `元`, from the funds header.
    pub money_unit: Option<String>,
    pub budget: Vec<BudgetRow>,
    pub indicators: Vec<IndicatorRow>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub reported_total_weight: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub reported_total: Option<Decimal>,
    pub reported_grade: Option<String>,
    /// Rows that add up some of the indicator rows, as printed (`小计`, a level's own row).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subtotals: Vec<Subtotal>,
    /// What the importer repaired or had to assume, in order.
    #[serde(default)]
    pub repairs: Vec<Repair>,
}

/// A row of the funds block: 年度资金总额 first, then its sub-rows (其中：当年财政拨款 …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetRow {
    pub label: String,
    pub line: usize,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub start_of_year: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub full_year: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub executed: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub funds_received: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub weight: Option<Decimal>,
    /// The execution rate as printed, in percent (`96.74`, `99.8%` and `0.998` all → 99.8).
    pub reported_rate: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub reported_score: Option<Decimal>,
    /// Where the cells stood in the source (not part of the project format).
    #[serde(skip)]
    #[schemars(skip)]
    pub columns: Columns,
}

/// One indicator row (三级指标), cells as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorRow {
    pub line: usize,
    // The level labels as written, or carried down from the row above: shared by the rows
    // that carry them, not copied onto each.
    pub level1: std::sync::Arc<str>,
    pub level2: std::sync::Arc<str>,
    pub name: String,
    pub target: String,
    pub actual: String,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub weight: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub reported_score: Option<Decimal>,
    #[serde(default)]
    pub reason: String,
    /// Where the cells stood in the source (not part of the project format).
    #[serde(skip)]
    #[schemars(skip)]
    pub columns: Columns,
}

/// A row that adds up indicator rows above or below it, as the table prints it: `小计 | 50 |
/// 49.6` after a level's rows, or a level's own row holding only its weight and score
/// (`一、产出指标 | | | | 50 | 49.6`) before them. Not an indicator: its figures are the
/// table's own sums, checked against its rows'.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Subtotal {
    pub line: usize,
    /// The words of the row: `小计`, or the level's label.
    pub label: String,
    /// The rows it adds up: `count` indicator rows from the 0-based `first`.
    pub first: usize,
    pub count: usize,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub weight: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[schemars(with = "Option<String>")]
    pub reported_score: Option<Decimal>,
    /// Where the cells stood in the source (not part of the project format).
    #[serde(skip)]
    #[schemars(skip)]
    pub columns: Columns,
}

/// The 0-based columns of a row's cells in its source, so a finding can name the cell
/// (`2023自评表!E17`). Unknown for tables given in the project format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Columns {
    pub target: Option<usize>,
    pub actual: Option<usize>,
    pub weight: Option<usize>,
    pub score: Option<usize>,
    pub reason: Option<usize>,
    pub rate: Option<usize>,
    /// The lines of the rate and score cells when they are not on the row's own line: a funds
    /// block written across prints its total's figures on rows of their own (`执行率 | 96.74%`).
    pub rate_line: Option<usize>,
    pub score_line: Option<usize>,
}

/// Where cells stood is provenance, not content: tables with the same cells are equal wherever
/// they stood (a table read back from the project format has no columns).
impl PartialEq for Columns {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Columns {}

/// `A`, `B`, … `Z`, `AA`: a spreadsheet's name of a 0-based column.
pub fn column_letters(column: usize) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Where a cell is, as a person looks for it: `FILE#SHEET!E17` in a workbook (the source of a
/// workbook table is `FILE#SHEET`), `FILE:17` in a text file.
pub fn location(source: &str, line: usize, column: Option<usize>) -> String {
    Location {
        source,
        line,
        column,
    }
    .to_string()
}

/// [`location`], written where it is displayed (a JSON field, a report) without a string of
/// its own.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    pub source: &'a str,
    pub line: usize,
    pub column: Option<usize>,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) if self.source.contains('#') => {
                write!(f, "{}!{}{}", self.source, column_letters(c), self.line)
            }
            _ => write!(f, "{}:{}", self.source, self.line),
        }
    }
}

/// Something the importer changed or assumed, recorded as an info finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Repair {
    pub code: String,
    pub line: usize,
    pub message: String,
}

/// A table the importer could not read, with where it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unreadable {
    pub source: String,
    /// The line the table starts on; 0 when the whole file (or sheet) could not be read.
    pub line: usize,
    pub message: String,
}

/// `error[I0006]: FILE:LINE: message`, as the commands report it on stderr; without a line
/// when the whole file could not be read.
impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "error[I0006]: {}: {}", self.source, self.message),
            line => write!(f, "error[I0006]: {}:{line}: {}", self.source, self.message),
        }
    }
}

/// A number cell: `3,432.00`, `１０.００`, `96.74%`; `None` for placeholders and text.
pub fn number_cell(raw: &str) -> Option<Decimal> {
    // Most number cells are empty or plain ASCII decimals (`10.00`, `499841.41`): nothing to
    // widen, trim or strip, so they go straight to the decimal reader; what it refuses (too
    // many digits, `1.2.3`) takes the general way below, as before.
    if raw.is_empty() {
        return None;
    }
    if let Some(number) = plain_decimal(raw) {
        return Some(crate::syntax::cell::without_float_noise(number));
    }
    if raw.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && let Ok(number) = Decimal::from_str_exact(raw)
    {
        return Some(crate::syntax::cell::without_float_noise(number));
    }
    if let Some(number) = grouped_number(raw) {
        return Some(number);
    }
    // A placeholder (`-`, `—`, `/`, common in a funds row's unused columns) is no number, as
    // the general way finds at some length (a test holds them to it).
    if crate::syntax::cell::PLACEHOLDERS.contains(&raw) {
        return None;
    }
    number_in(raw)
}

/// A short plain decimal (`5.00`, `499841.41`, a weight or an amount): its digits gathered into
/// a mantissa and the count after the point into a scale, in one pass, without the decimal
/// parser's general reading. `None` for anything else (a point first or last, a sign, more
/// than 18 characters), which the parser reads; a test holds the two to the same value and
/// scale.
fn plain_decimal(raw: &str) -> Option<Decimal> {
    let bytes = raw.as_bytes();
    if bytes.len() > 18 || !bytes.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut decimals: Option<u32> = None;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                if let Some(d) = decimals.as_mut() {
                    *d += 1;
                }
            }
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    match decimals {
        Some(0) => None,
        scale => Decimal::try_new(mantissa, scale.unwrap_or(0)).ok(),
    }
}

/// A plain ASCII decimal with its thousands set apart by commas (`97,783.02`), read as the
/// general way reads it without normalising: a comma goes between a digit and three digits
/// that end a group. `None` for anything else, which takes the general way.
fn grouped_number(raw: &str) -> Option<Decimal> {
    let bytes = raw.as_bytes();
    let mut plain = [0u8; 40];
    if bytes.len() > plain.len()
        || !bytes.contains(&b',')
        || !bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b','))
    {
        return None;
    }
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut len = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b',' {
            let group = i > 0 && digit(i - 1) && (i + 1..i + 4).all(digit) && !digit(i + 4);
            if !group {
                return None;
            }
            continue;
        }
        *plain.get_mut(len)? = b;
        len += 1;
    }
    let text = std::str::from_utf8(plain.get(..len)?).ok()?;
    Decimal::from_str_exact(text)
        .ok()
        .map(crate::syntax::cell::without_float_noise)
}

/// The general way of `number_cell`: a cell normalised, its currency and unit signs dropped,
/// read as a decimal or by the cell grammar.
fn number_in(raw: &str) -> Option<Decimal> {
    let text = crate::syntax::cell::normalise(raw);
    // `96.74%` in a rate column, `10分` in a weight or score column, `￥1,646,400.00` or
    // `1,646,400元` in a funds column (in the block's own unit).
    let text = text
        .trim_start_matches(['￥', '¥'])
        .trim_end_matches(['%', '分', '元'])
        .trim();
    if text.is_empty() {
        return None;
    }
    // Most number cells are plain decimals: no parser needed.
    if let Ok(number) = Decimal::from_str_exact(text) {
        return Some(crate::syntax::cell::without_float_noise(number));
    }
    if let Some(number) = spaced_groups(text) {
        return Some(number);
    }
    let parsed = crate::syntax::cell::parse_cell(text);
    match parsed {
        crate::syntax::cell::CellValue::Quantity {
            comparator: None,
            number,
            unit: None,
        } => Some(number),
        _ => None,
    }
}

/// Whether a character is Chinese, Japanese or Korean writing or its punctuation: between two
/// of them a line break is where the cell wrapped a word, not a space.
fn cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' // radicals, CJK punctuation, kana, ideographs (extension A on)
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}' // vertical forms
        | '\u{FF00}'..='\u{FFEF}' // full-width forms (`（`, `：`, `％`)
        | '\u{20000}'..='\u{3FFFF}') // ideographs, extensions B on
}

/// A cell's text on one line. A line break (a cell wrapped by hand, Alt+Enter) and the spaces
/// around it are dropped between two CJK characters (`补贴发放⏎人数` → `补贴发放人数`,
/// `合格率⏎（抽查）` → `合格率（抽查）`) and are one space elsewhere (`ISO 9001⏎认证` →
/// `ISO 9001 认证`), as a text export's quoted cell reads: a raw line break would otherwise
/// cut the row in the report and in messages.
pub fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    let blank = |c: char| matches!(c, '\n' | '\r' | ' ' | '\t' | '\u{3000}');
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\n' && c != '\r' {
            out.push(c);
            continue;
        }
        while chars.peek().is_some_and(|c| blank(*c)) {
            chars.next();
        }
        let kept = out.trim_end_matches(blank).len();
        out.truncate(kept);
        let (before, after) = (out.chars().next_back(), chars.peek().copied());
        if let (Some(before), Some(after)) = (before, after)
            && !(cjk(before) && cjk(after))
        {
            out.push(' ');
        }
    }
    out
}

/// A number whose digit groups are set apart by spaces, as a PDF's text or a typeset table
/// prints them (`1 250.50`, `12 500`): one to three digits, then groups of exactly three, the
/// last with the decimals. Two numbers run together (`310.2 154.74`) are not one.
fn spaced_groups(text: &str) -> Option<Decimal> {
    let mut groups = text.split(' ').filter(|g| !g.is_empty());
    let first = groups.next()?;
    let digits = first.strip_prefix('-').unwrap_or(first);
    if !(1..=3).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut joined = first.to_string();
    let mut more = false;
    let mut decimals = false;
    for group in groups {
        if decimals {
            return None;
        }
        let (whole, fraction) = match group.split_once('.') {
            Some((whole, fraction)) => {
                decimals = true;
                (whole, Some(fraction))
            }
            None => (group, None),
        };
        if whole.len() != 3 || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        joined.push_str(group);
        if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        more = true;
    }
    more.then(|| Decimal::from_str_exact(&joined).ok())
        .flatten()
}

/// The tables of a file as they are read, one at a time; `Send`, so a reader thread can feed
/// the threads that score them.
pub type TableStream = Box<dyn Iterator<Item = Result<Table, Unreadable>> + Send>;

/// How a table file is written, told by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.xlsx`, `.xlsm`, `.xls`, `.ods`.
    Workbook,
    /// The canonical project format: `.json`, `.toml`, or JSON Lines (`.jsonl`, `.ndjson`).
    Json,
    Toml,
    JsonLines,
    /// A spreadsheet's CSV export.
    Csv,
    /// The seed layout: tab-separated text, whatever the extension (`.tsv`, `.txt`, …).
    SeedText,
}

impl FileKind {
    pub fn of(path: &std::path::Path) -> FileKind {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match extension.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => FileKind::Workbook,
            "json" => FileKind::Json,
            "toml" => FileKind::Toml,
            "jsonl" | "ndjson" => FileKind::JsonLines,
            "csv" => FileKind::Csv,
            _ => FileKind::SeedText,
        }
    }
}

/// The tables of one file, read as they come: seed-layout text, or the canonical JSON, JSON
/// Lines or TOML format, or CSV, chosen by the file's extension.
pub fn read_path(path: &std::path::Path) -> TableStream {
    let source = path.display().to_string();
    let fail = |message: String| -> TableStream {
        Box::new(std::iter::once(Err(Unreadable {
            source: source.clone(),
            line: 0,
            message,
        })))
    };
    let whole = || std::fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let kind = FileKind::of(path);
    match kind {
        FileKind::Workbook => Box::new(workbook::tables(path).into_iter()),
        FileKind::Json => match whole() {
            Ok(text) => Box::new(canonical::read_json(&text, &source).into_iter()),
            Err(e) => fail(format!("cannot be read: {e}")),
        },
        FileKind::Toml => match whole() {
            Ok(text) => Box::new(canonical::read_toml(&text, &source).into_iter()),
            Err(e) => fail(format!("cannot be read: {e}")),
        },
        FileKind::JsonLines | FileKind::Csv | FileKind::SeedText => {
            match std::fs::File::open(path) {
                Ok(file) => {
                    // Lines are read in place from the reader's buffer (`seed::Tables`): a
                    // larger one leaves fewer lines cut at its end, and fewer reads.
                    let mut reader = std::io::BufReader::with_capacity(64 * 1024, file);
                    // A spreadsheet's "Unicode text" export is UTF-16 with a byte-order mark:
                    // such a file (one department's tables, not a national batch) is decoded
                    // whole and read as UTF-8.
                    let utf16 = std::io::BufRead::fill_buf(&mut reader).is_ok_and(|head| {
                        head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF])
                    });
                    if utf16 {
                        let mut bytes = Vec::new();
                        if let Err(e) = std::io::Read::read_to_end(&mut reader, &mut bytes) {
                            return fail(format!("cannot be read: {e}"));
                        }
                        // `decode` follows the byte-order mark: little- or big-endian.
                        let (text, _, _) = encoding_rs::UTF_16LE.decode(&bytes);
                        let utf8 = std::io::Cursor::new(text.into_owned().into_bytes());
                        return text_stream(kind, utf8, source);
                    }
                    text_stream(kind, reader, source)
                }
                Err(e) => fail(format!("cannot be read: {e}")),
            }
        }
    }
}

/// The tables of a text file of `kind`, read line by line from `reader`.
fn text_stream(
    kind: FileKind,
    reader: impl std::io::BufRead + Send + 'static,
    source: String,
) -> TableStream {
    match kind {
        FileKind::JsonLines => Box::new(canonical::JsonLines::new(reader, source)),
        FileKind::Csv => Box::new(seed::Tables::csv(reader, source)),
        _ => Box::new(seed::Tables::new(reader, source)),
    }
}

/// `sha256:…` of a file's bytes, for the receipt of every result read from it.
pub fn file_hash(path: &std::path::Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(buffer.get(..n).unwrap_or_default());
    }
    Ok(crate::receipt::finish(hasher))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_cells_are_read_without_currency_percent_and_point_signs() {
        use rust_decimal_macros::dec;
        for (cell, number) in [
            ("3,432.00", Some(dec!(3432.00))),
            ("96.74%", Some(dec!(96.74))),
            ("10分", Some(dec!(10))),
            ("￥1,646,400.00", Some(dec!(1646400.00))),
            ("¥ 1,646,400", Some(dec!(1646400))),
            ("1,646,400元", Some(dec!(1646400))),
            ("—", None),
            ("164.64万元", None),
            // Digit groups set apart by spaces; two numbers run together are not one.
            ("1 250.50", Some(dec!(1250.50))),
            // A spreadsheet's float noise, exported as text, is the figure typed; a figure
            // with a long fraction that is no float's noise is kept.
            ("224.63999938964844", Some(dec!(224.64))),
            ("164.6399993896484", Some(dec!(164.64))),
            ("0.0900000762939453", Some(dec!(0.09))),
            ("96.74441205053451", Some(dec!(96.74441205053451))),
            ("12 500", Some(dec!(12500))),
            ("１２ ５００", Some(dec!(12500))),
            ("1 234 567.8", Some(dec!(1234567.8))),
            ("310.2 154.74", None),
            ("1 25", None),
            ("1 250 .5", None),
        ] {
            assert_eq!(number_cell(cell), number, "{cell}");
        }
    }

    #[test]
    fn plain_decimals_read_as_the_decimal_parser_reads_them() {
        for cell in [
            "0",
            "5",
            "5.00",
            "0.00",
            "007.50",
            "10.00",
            "499841.41",
            "100",
            "99.80",
            "123456789012345678",
            "12345678901234567.8",
            "0.000000000000001",
            "5.",
            ".5",
            "5..0",
            "1.2.3",
            "-5",
            "+5",
            "5e3",
            " 5",
            "1234567890123456789",
        ] {
            let parsed = Decimal::from_str_exact(cell).ok();
            match plain_decimal(cell) {
                Some(number) => {
                    let parsed = parsed.unwrap_or_default();
                    assert_eq!(number.serialize(), parsed.serialize(), "{cell}");
                }
                None => assert!(
                    cell.len() > 18 || !cell.bytes().all(|b| b.is_ascii_digit()) || cell.is_empty(),
                    "{cell}"
                ),
            }
        }
    }

    #[test]
    fn figures_with_thousands_commas_read_as_the_general_way_reads_them() {
        for cell in [
            "97,783.02",
            "1,234,567",
            "1,234,567.891",
            ",123",
            "1,23",
            "1,2345",
            "12,345,67",
            "1,,234",
            "1,234.5.6",
            "1,234,",
            "0,000.00",
            "123,456,789,012,345,678,901,234,567,890.5",
        ] {
            assert_eq!(number_cell(cell), number_in(cell), "{cell}");
        }
        assert_eq!(
            grouped_number("97,783.02"),
            Some(rust_decimal_macros::dec!(97783.02))
        );
    }

    #[test]
    fn a_placeholder_is_no_number_by_the_general_way_too() {
        for placeholder in crate::syntax::cell::PLACEHOLDERS {
            assert_eq!(number_in(placeholder), None, "{placeholder}");
            assert_eq!(number_cell(placeholder), None, "{placeholder}");
        }
    }

    #[test]
    fn an_unreadable_table_is_reported_with_its_line_and_a_whole_file_without_one() {
        let at = |line| Unreadable {
            source: "book.xlsx#自评表".into(),
            line,
            message: "cannot be read".into(),
        };
        assert_eq!(
            at(26).to_string(),
            "error[I0006]: book.xlsx#自评表:26: cannot be read"
        );
        assert_eq!(
            at(0).to_string(),
            "error[I0006]: book.xlsx#自评表: cannot be read"
        );
    }
}
