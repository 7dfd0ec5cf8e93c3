//! The seed layout: tab-separated text exported from the 自评表 forms, any number of tables
//! per file. Read line by line; a table is handed out as soon as its totals row is read.
//!
//! Real exports shift cells where the form had merged cells, truncate labels and vary the
//! headers (domain-rules.md §5.4–5.5); each repair made here is recorded on the table.

use std::borrow::Cow;
use std::io::BufRead;
use std::sync::Arc;

use super::{BudgetRow, IndicatorRow, Repair, Subtotal, Table, Unreadable, number_cell};
use crate::syntax::ast::Comparator;
use crate::syntax::cell::{holds, normalise};

/// Which encoding the file's bytes are in, decided from its first non-ASCII line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Gb18030,
}

/// Reads tables one at a time from a seed-layout text file.
pub struct Tables<R: BufRead> {
    reader: R,
    /// Tab-separated (the forms' export), or comma-separated with quotes (a spreadsheet's CSV).
    comma: bool,
    /// The number of the last line handed out.
    line: usize,
    encoding: Option<Encoding>,
    /// Lines split from one physical read (files with bare CR line ends), with their numbers.
    queued: std::collections::VecDeque<(usize, String)>,
    /// The bytes of the physical line being read, reused from line to line.
    buffer: Vec<u8>,
    assembler: Assembler,
    done: bool,
    /// A piece of a file (`split::Pieces`), not the whole: an empty piece is no empty file.
    piece: bool,
    /// Whether the piece read was cut just before a title line.
    before_title: bool,
}

/// Turns rows of cells into tables: finds where each table starts, feeds its rows to a
/// builder, and hands out finished tables. Shared by the tab-separated and the CSV readers.
pub struct Assembler {
    source: String,
    current: Option<Builder>,
    pending: std::collections::VecDeque<Result<Table, Unreadable>>,
    /// Whether any table started; a file with content but none is reported as unreadable.
    started: bool,
    /// The first line with content, for that report.
    first_content: Option<usize>,
    /// Whether the current table is so far only a title, perhaps with `附件` lines below it:
    /// then it is a heading above the form's own title (the page's or the document's:
    /// `2023年度中央转移支付…绩效自评表`, then `附件1`, then `项目支出绩效自评表`), no table of
    /// its own, dropped when a title follows. That is certain from the lines up to the
    /// title, so a file cut into pieces at its titles reads as the file whole.
    heading: bool,
    /// Whether a row before any table is written in traditional characters (`項目名稱`): the
    /// labels are matched in simplified ones, so such a file finds no table, and says why.
    traditional: bool,
    /// The year of the last table since the last title that named one: a table after it that
    /// names none (no title, `项目名称` first) is of the same year. A file is cut into pieces at
    /// its titles only, so that table is in the same piece.
    last_year: Option<u32>,
}

impl<R: BufRead> Tables<R> {
    pub fn new(reader: R, source: impl Into<String>) -> Self {
        Tables {
            reader,
            comma: false,
            line: 0,
            encoding: None,
            queued: std::collections::VecDeque::new(),
            buffer: Vec::new(),
            assembler: Assembler::new(source),
            done: false,
            piece: false,
            before_title: false,
        }
    }

    /// A reader for one piece of a UTF-8 file cut at its title lines (`split::Pieces`): lines
    /// are numbered on from `lines_before`, and the encoding is the one the whole file is read
    /// in by then.
    pub fn piece(reader: R, source: impl Into<String>, piece: &super::split::Piece) -> Self {
        Tables {
            line: piece.lines_before,
            encoding: (!piece.first).then_some(Encoding::Utf8),
            piece: true,
            before_title: piece.before_title,
            ..Tables::new(reader, source)
        }
    }

    /// The same reader for CSV: cells separated by commas, quoted when they hold a comma, a
    /// quote or a line break. Lines are numbered as in the file.
    pub fn csv(reader: R, source: impl Into<String>) -> Self {
        Tables {
            comma: true,
            ..Tables::new(reader, source)
        }
    }

    /// The next line and its number. A line break is LF, CRLF or a bare CR.
    fn read_line(&mut self) -> Option<(usize, String)> {
        if let Some(next) = self.queued.pop_front() {
            return Some(next);
        }
        if !self.fill() {
            return None;
        }
        let bytes = std::mem::take(&mut self.buffer);
        for part in bytes.split(|b| *b == b'\r') {
            let text = decode(&mut self.encoding, part).into_owned();
            self.line += 1;
            self.queued.push_back((self.line, text));
        }
        self.buffer = bytes;
        self.queued.pop_front()
    }

    /// Reads the next physical line into the buffer, without its line end (and without the
    /// file's byte-order mark); false at the end of the input.
    fn fill(&mut self) -> bool {
        self.buffer.clear();
        match self.reader.read_until(b'\n', &mut self.buffer) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        if self.buffer.last() == Some(&b'\n') {
            self.buffer.pop();
        }
        if self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        if self.line == 0 && self.buffer.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.buffer.drain(..3);
            self.encoding = Some(Encoding::Utf8);
        }
        true
    }

    /// The tab-separated reader's step: one physical line, or the whole lines of a window
    /// ([`Tables::push_checked_lines`]), their rows handed to the assembler straight from the
    /// buffer (a UTF-8 line is not copied). False at the end of the input.
    fn push_tab_separated(&mut self) -> bool {
        if self.line > 0 && self.encoding != Some(Encoding::Gb18030) && self.push_checked_lines() {
            return true;
        }
        // A whole line in the reader's own buffer is read where it lies, not copied into ours:
        // most lines, all but the one that runs past the end of a read (and the first line,
        // which may begin with a byte-order mark).
        if self.line > 0
            && let Ok(available) = self.reader.fill_buf()
            && let Some(end) = memchr::memchr(b'\n', available)
        {
            let line = available.get(..end).unwrap_or_default();
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if memchr::memchr2(b'"', b'\r', line).is_none() {
                let text = decode(&mut self.encoding, line);
                self.line += 1;
                push_tab_line(&mut self.assembler, self.line, &text);
                self.reader.consume(end + 1);
                return true;
            }
        }
        if !self.fill() {
            return false;
        }
        // Most lines hold neither a quote nor a bare CR: one line, handed on whole.
        if memchr::memchr2(b'"', b'\r', &self.buffer).is_none() {
            let text = decode(&mut self.encoding, &self.buffer);
            self.line += 1;
            push_tab_line(&mut self.assembler, self.line, &text);
            return true;
        }
        if memchr::memchr(b'"', &self.buffer).is_some() {
            return self.push_quoted();
        }
        // A bare CR inside the physical line ends a line too.
        for part in self.buffer.split(|b| *b == b'\r') {
            let text = decode(&mut self.encoding, part);
            self.line += 1;
            push_tab_line(&mut self.assembler, self.line, &text);
        }
        true
    }

    /// The whole lines in the first few kilobytes of the reader's buffer, when they are all
    /// UTF-8: checked at once, where line by line a short line's check costs several times as
    /// much a byte, and handed on where they lie, up to the first that holds a quote or a bare
    /// CR. A few kilobytes keep the tables read ahead of the one being scored few. False when
    /// no line was handed on: the caller reads line by line (a line in another encoding is
    /// told there).
    fn push_checked_lines(&mut self) -> bool {
        const WINDOW: usize = 4096;
        let Ok(available) = self.reader.fill_buf() else {
            return false;
        };
        let window = available.get(..WINDOW).unwrap_or(available);
        let Some(last) = memchr::memrchr(b'\n', window) else {
            return false;
        };
        let Ok(text) = simdutf8::basic::from_utf8(window.get(..last).unwrap_or_default()) else {
            return false;
        };
        // One search over the window for a quote or a CR: a line ending before it holds
        // neither and needs no search of its own. Line ends are found by one iterator, set up
        // once (`str::split` searched afresh for each line).
        let bytes = text.as_bytes();
        let clean = memchr::memchr2(b'"', b'\r', bytes).unwrap_or(bytes.len());
        let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
        let mut used = 0;
        for end in ends {
            let line = text.get(used..end).unwrap_or_default();
            let cells = line.strip_suffix('\r').unwrap_or(line);
            if end > clean && memchr::memchr2(b'"', b'\r', cells.as_bytes()).is_some() {
                break;
            }
            self.line += 1;
            push_tab_line(&mut self.assembler, self.line, cells);
            used = end + 1;
        }
        if used == 0 {
            return false;
        }
        // As line by line: the first line that is not ASCII settles the encoding.
        if self.encoding.is_none() && !text.get(..used - 1).unwrap_or_default().is_ascii() {
            self.encoding = Some(Encoding::Utf8);
        }
        self.reader.consume(used);
        true
    }

    /// The end of the input. A file with nothing in it is reported: a batch that lists it
    /// expects a table from it.
    fn end(&mut self) {
        self.done = true;
        self.assembler.end(self.before_title);
        if !self.piece && !self.assembler.started && self.assembler.first_content.is_none() {
            self.assembler.pending.push_back(Err(Unreadable {
                source: self.assembler.source.clone(),
                line: 0,
                message: "the file is empty: it holds no table".into(),
            }));
        }
    }

    /// The lines of the physical line in the buffer, split at bare CRs, decoded.
    fn buffered_lines(&mut self) -> std::collections::VecDeque<String> {
        let encoding = &mut self.encoding;
        self.buffer
            .split(|b| *b == b'\r')
            .map(|part| decode(encoding, part).into_owned())
            .collect()
    }

    /// A line holding a quote. A spreadsheet's tab-separated export quotes a cell that holds a
    /// line break, a tab or a quote (`"合格率⏎（抽检）"`), and such a cell runs on over the next
    /// lines until its quote closes. A quote that does not close within a few lines, or closes
    /// only after taking in a tab from a later line, was part of the text (`"十四五"规划` in a
    /// scraped goal): that line is read as it stands, and the next ones afresh.
    fn push_quoted(&mut self) -> bool {
        /// A cell of the form spans a few lines; a longer goal text read line by line does no
        /// harm, as goal rows are not scored.
        const MOST_LINES: usize = 12;
        let mut lines = self.buffered_lines();
        while let Some(first) = lines.pop_front() {
            let mut record = first;
            let mut taken = 1;
            while open_tab_quote(&record) && taken < MOST_LINES {
                if lines.is_empty() {
                    if !self.fill() {
                        break;
                    }
                    lines = self.buffered_lines();
                }
                let Some(next) = lines.pop_front() else {
                    break;
                };
                record.push('\n');
                record.push_str(&next);
                taken += 1;
            }
            let owned = (!open_tab_quote(&record))
                .then(|| split_tab_quoted(&record))
                .filter(|cells| !cells.iter().any(|c| c.contains('\n') && c.contains('\t')));
            match owned {
                Some(mut owned) => {
                    for cell in owned.iter_mut().filter(|c| c.contains('\n')) {
                        *cell = super::one_line(cell);
                    }
                    let cells: Cells = owned.iter().map(|c| trim(c)).collect();
                    self.assembler.push_row(self.line + 1, &cells);
                    self.line += taken;
                }
                None => {
                    // The first line as it stands; the lines it took in are read afresh.
                    let mut taken_in = record.split('\n');
                    let first = taken_in.next().unwrap_or_default();
                    self.line += 1;
                    push_tab_line(&mut self.assembler, self.line, first);
                    for later in taken_in.rev() {
                        lines.push_front(later.to_string());
                    }
                }
            }
        }
        true
    }
}

/// Whether a tab-separated record ends inside a quoted cell. A cell is quoted when its first
/// character is a quote; inside, `""` is a quote, and a quote closes it only before a tab or
/// the end of a line (a quote anywhere else is text, as in `"十四五"规划`).
fn open_tab_quote(record: &str) -> bool {
    walk_tab_quoted(record, |_| {})
}

/// The cells of a tab-separated record whose quoted cells may hold tabs, line breaks and
/// doubled quotes, without their quotes.
fn split_tab_quoted(record: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    walk_tab_quoted(record, |text| match (text, cells.last_mut()) {
        (Some(c), Some(cell)) => cell.push(c),
        _ => cells.push(String::new()),
    });
    cells
}

/// Walks a tab-separated record with a spreadsheet's quoting, handing `cell` each character of
/// a cell's text and `None` at each tab between cells. True when it ends inside a quote.
fn walk_tab_quoted(record: &str, mut cell: impl FnMut(Option<char>)) -> bool {
    let mut quoted = false;
    let mut cell_start = true;
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if cell_start => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell(Some('"'));
            }
            ('"', true) if matches!(chars.peek(), None | Some('\t' | '\n')) => quoted = false,
            ('\t', false) => {
                cell(None);
                cell_start = true;
                continue;
            }
            _ => cell(Some(c)),
        }
        cell_start = false;
    }
    quoted
}

/// The cells of one row, on the stack: a table has about ten columns, and a row is looked at
/// once, so its cells need no allocation.
type Cells<'a> = smallvec::SmallVec<[&'a str; 16]>;

/// One tab-separated line's cells handed to the assembler, split into a buffer here.
#[inline(always)]
fn push_tab_line(assembler: &mut Assembler, line: usize, text: &str) {
    let mut cells = Cells::new();
    tab_cells_into(text, &mut cells);
    assembler.push_row(line, &cells);
}

/// The cells of a tab-separated line, trimmed. A tab is ASCII, so every cut falls between
/// characters. A line is short: its tabs are found eight bytes at a time here, which costs
/// less than setting up a byte search for each cell.
fn tab_cells<'a>(text: &'a str) -> Cells<'a> {
    let mut cells = Cells::new();
    tab_cells_into(text, &mut cells);
    cells
}

/// `tab_cells` into the caller's `cells` (empty), which a row is then read from: returned,
/// the cells were copied once more.
#[inline(always)]
fn tab_cells_into<'a>(text: &'a str, cells: &mut Cells<'a>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut cut = |tab: usize, cells: &mut Cells<'a>| {
        cells.push(trim(text.get(start..tab).unwrap_or_default()));
        start = tab + 1;
    };
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            continue;
        };
        let mut tabs = tab_bytes(u64::from_le_bytes(word));
        while tabs != 0 {
            cut(at + (tabs.trailing_zeros() / 8) as usize, cells);
            tabs &= tabs - 1;
        }
        at += 8;
    }
    for (i, b) in words.remainder().iter().enumerate() {
        if *b == b'\t' {
            cut(at + i, cells);
        }
    }
    cells.push(trim(text.get(start..).unwrap_or_default()));
}

/// The high bit of each byte of `word` that is a tab, and no other bit. Exact: no carry
/// crosses from one byte into the next.
fn tab_bytes(word: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // A tab becomes zero; a byte that is not zero gets its high bit from its low seven bits
    // (added to 0x7F) or from itself.
    let x = word ^ 0x0909_0909_0909_0909;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// A cell without the spaces around it; most cells have none, which their end bytes show.
fn trim(cell: &str) -> &str {
    if cell.is_empty() || crate::syntax::cell::ends_without_space(cell) {
        cell
    } else {
        cell.trim()
    }
}

/// Decodes one line. A file is GB18030 when its first line that is not ASCII is not UTF-8;
/// after UTF-8 lines, one bad byte is a damaged character, not a change of encoding.
fn decode<'a>(encoding: &mut Option<Encoding>, bytes: &'a [u8]) -> std::borrow::Cow<'a, str> {
    // Most lines are valid UTF-8: checked many bytes at a time, the text is then borrowed.
    let checked = simdutf8::basic::from_utf8(bytes).map_err(|_| ());
    match (*encoding, checked) {
        (Some(Encoding::Gb18030), _) => encoding_rs::GB18030.decode(bytes).0,
        (_, Ok(text)) => {
            if encoding.is_none() && !text.is_ascii() {
                *encoding = Some(Encoding::Utf8);
            }
            std::borrow::Cow::Borrowed(text)
        }
        (Some(Encoding::Utf8), Err(_)) => String::from_utf8_lossy(bytes),
        (None, Err(_)) => {
            *encoding = Some(Encoding::Gb18030);
            encoding_rs::GB18030.decode(bytes).0
        }
    }
}

/// Whether a CSV record is cut inside a quoted cell.
fn open_quote(record: &str) -> bool {
    record.chars().filter(|c| *c == '"').count() % 2 == 1
}

/// Splits one CSV record into cells: `,` separates, `"…"` quotes, `""` is a quote inside.
fn split_csv(record: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// How a row can begin a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// The form's title (`财政项目支出绩效自评表`): a table starts after it.
    Title,
    /// `项目名称`, the funds header or the indicator header: a table starts at it.
    Row,
}

/// One row as the assembler and the builder look at it, worked out once per row.
struct Row<'a> {
    line: usize,
    /// Every cell, trimmed, in its column.
    cells: &'a [&'a str],
    /// The cells with content, with their columns.
    non_empty: smallvec::SmallVec<[(usize, &'a str); 16]>,
    /// The first cell with content, compacted for matching.
    first: std::borrow::Cow<'a, str>,
    /// Whether a cell is the header of the indicator names (`三级指标`, `指标内容`).
    names_level3: bool,
}

impl<'a> Row<'a> {
    /// `None` for a row without content. Inlined, so that the row is built where it is used,
    /// not copied out.
    #[inline(always)]
    fn new(line: usize, cells: &'a [&'a str]) -> Option<Self> {
        // Pushed one by one: collecting a filtered iterator reserves nothing and went through
        // `extend`'s general loop.
        let mut non_empty = smallvec::SmallVec::<[(usize, &str); 16]>::new();
        for (i, c) in cells.iter().enumerate() {
            if !c.is_empty() {
                non_empty.push((i, *c));
            }
        }
        let first = compact(non_empty.first()?.1);
        Some(Row {
            line,
            cells,
            non_empty,
            first,
            names_level3: names_level3(cells),
        })
    }
}

/// The header of the indicator names' column: `三级指标` in 10号's template, `指标内容` or
/// `指标名称` in forms that name only two levels above it (`is_level3_header` tells them by
/// their last characters).
const LEVEL3_HEADERS: &[&str] = &["三级指标", "指标内容", "指标名称"];

/// Whether a trimmed cell heads the indicator names' column: told first by its last
/// character, as every cell of every row is asked.
fn is_level3_header(cell: &str) -> bool {
    match cell.chars().next_back() {
        Some('标') => is_header(cell, "三级指标"),
        Some('容') => is_header(cell, "指标内容"),
        Some('称') => is_header(cell, "指标名称"),
        // With a note in brackets: `指标名称(三级指标)`, `三级指标（名称）`.
        // Each word and the note hold 指, which compacting keeps: most bracketed cells (a
        // target's `≤111(万元)`) are ruled out without being compacted.
        Some(')' | '）') if holds_char(cell, '指') => compact(cell)
            .split_once('(')
            .is_some_and(|(before, note)| LEVEL3_HEADERS.contains(&before) || note == "三级指标)"),
        _ => false,
    }
}

/// Whether a row heads the indicator names' column: a cell says 三级指标 (or 指标内容, 指标名称),
/// or 具体指标, 绩效指标 or 指标 beside a cell saying 一级指标. One pass over the cells, each
/// ruled out by its last character; the second test only when the first finds a plain name.
fn names_level3(cells: &[&str]) -> bool {
    let mut plain = false;
    for cell in cells {
        // Both tests need the last character 标, 容, 称, `)` or `）`: told by its last byte
        // (87, B9, B0, 29, 89), most cells are ruled out without decoding.
        match cell.as_bytes().last() {
            // 标 ends every level's label (`产出指标`, `数量指标`): only `三级指标` and the plain
            // names begin with 三, 具, 绩 or 指, told by their bytes.
            Some(0x87) if cell.ends_with('标') => {
                if cell.starts_with("三") {
                    if is_header(cell, "三级指标") {
                        return true;
                    }
                } else if cell.starts_with("具") || cell.starts_with("绩") || cell.starts_with("指")
                {
                    plain |= is_plain_names_header(cell);
                }
            }
            Some(0x87 | 0xB9 | 0xB0 | 0x29 | 0x89) if is_level3_header(cell) => return true,
            _ => {}
        }
    }
    plain && cells.iter().any(|c| starts_header(c, "一级指标")) || is_hubei_process_header(cells)
}

/// 湖北's form (DB42/T 1601-2020) heads its 项目决策 and 项目管理 rows, above the indicators,
/// with `项目权重 | 评价内容 | 分值 | 自评分 | 复核分 | 评价标准及依据`: the levels' labels
/// (`项目决策 2 分`) and the names of what is judged. Told by its first cell, whose first
/// bytes rule out almost every row before any character is decoded.
fn is_hubei_process_header(cells: &[&str]) -> bool {
    cells
        .first()
        .is_some_and(|c| c.starts_with("项目") && is_header(c, "项目权重"))
        && cells.iter().any(|c| is_header(c, "评价内容"))
}

/// Headers some forms give the indicator names' column that are also a block's merged label
/// (`绩效指标` over a header written on two rows): a names column only beside `一级指标`.
const PLAIN_NAMES_HEADERS: &[&str] = &["具体指标", "绩效指标", "指标", "评价内容"];

fn is_plain_names_header(cell: &str) -> bool {
    // Each ends in 标 and begins with 具, 绩 or 指: told from the bytes before any decoding
    // (`产出指标`, on every row, is ruled out by its first character).
    cell.ends_with('标')
        && cell.starts_with(['具', '绩', '指'])
        && PLAIN_NAMES_HEADERS.iter().any(|h| is_header(cell, h))
}

/// Whether a trimmed cell is the header `label` (spaces and full-width forms allowed). The
/// first and last characters are compared before the cell is compacted: almost no cell of a
/// table begins and ends like a header.
fn is_header(cell: &str, label: &str) -> bool {
    let ends = |c: &str| {
        c.chars().next() == label.chars().next()
            && c.chars().next_back() == label.chars().next_back()
    };
    ends(cell) && compact(cell) == label
}

/// Whether a trimmed cell begins with the header `label` (`全年执行数(万元)`).
fn starts_header(cell: &str, label: &str) -> bool {
    cell.chars().next() == label.chars().next() && compact(cell).starts_with(label)
}

/// The amount columns' headers of a funds block, each alone or with a note in brackets
/// (`年初预算数(万元)`, `全年预算数(A)`).
const AMOUNT_HEADERS: &[&str] = &[
    "年初预算数",
    "年初预算",
    "全年预算数",
    "调整后预算数",
    "调整预算数",
    "预算数",
    "全年执行数",
    "预算执行数",
    "执行数",
    "实际支出数",
    "全年实际支出数",
    "实际执行数",
    "实际到位资金",
];

/// Whether a row is a funds header told by its columns, whatever its first cell says (四川's
/// `预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 …`): two cells or
/// more that are an amount column's header. An indicator row (`预算执行率 | ≥90% | 95%`) or a
/// goal text has at most one such cell, and none alone.
fn names_amount_columns(cells: &[&str]) -> bool {
    cells.iter().filter(|c| is_amount_header(c)).count() >= 2
}

fn is_amount_header(cell: &str) -> bool {
    // Each header begins with one of these and holds 预, 执 or 支 or 到: most cells are ruled
    // out before compacting.
    if !compact_starts_with(cell, &['年', '全', '调', '预', '执', '实'])
        || !cell.contains(['预', '执', '支', '到'])
        || cell.chars().count() > 16
    {
        return false;
    }
    let h = compact(cell);
    AMOUNT_HEADERS.iter().any(|w| {
        h.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('('))
    })
}

/// The points a funds header gives its block, and the cell that says so: in its label
/// (湖北's `预算执行情况(万元)(20分)`) or in its score column's formula (`得分(20分*执行率)`).
fn funds_points(first: &str, cells: &[&str]) -> Option<(rust_decimal::Decimal, String)> {
    // Most headers state no points: a label without 分 and score headers without a formula's
    // `*` or `×` are ruled out before they are read.
    if holds_char(first, '分')
        && let Some(points) = crate::policy::label_weight(first)
    {
        return Some((points, first.to_string()));
    }
    cells.iter().find_map(|cell| {
        if !cell.starts_with("得分") || !cell.contains(['*', '×', 'x', 'X', '＊']) {
            return None;
        }
        let c = compact(cell);
        let inside = c.strip_prefix("得分(")?;
        let end = inside.find(|ch: char| !(ch.is_ascii_digit() || ch == '.'))?;
        let (points, rest) = inside.split_at(end);
        let formula = ["分*", "分×", "分x", "分X"]
            .iter()
            .any(|w| rest.starts_with(w));
        let points = points.parse().ok().filter(|_| formula)?;
        Some((points, cell.to_string()))
    })
}

/// Whether a line of tab-separated text is a table's title, which always starts a new table.
pub fn is_title_line(text: &str) -> bool {
    Row::new(0, &tab_cells(text)).is_some_and(|row| start_of(&row) == Some(Start::Title))
}

fn start_of(row: &Row) -> Option<Start> {
    let first = &row.first;
    // A title is short and alone on its row (placeholders aside): the phrase inside a goal
    // text is not one.
    // `…绩效自评表`, and forms that say more between: `…绩效目标自评表`, `…项目支出自评表`.
    const TITLE_WORD: &str = "自评表";
    // Alone on its row is asked first: it rules out almost every row at its second cell.
    // 评 is looked for first, byte by byte: most rows are ruled out before their cells are.
    if first.len() >= TITLE_WORD.len()
        && holds_char(first, '评')
        && row
            .non_empty
            .iter()
            .skip(1)
            .all(|(_, c)| crate::syntax::cell::PLACEHOLDERS.contains(c) || is_title_side_note(c))
        && holds(first, TITLE_WORD)
        && first.chars().count() <= 40
    {
        return Some(Start::Title);
    }
    // Another form's name label starts one when it names a project (`专项资金名称 | …`). The
    // funds header has its columns beside it: a footnote that begins with 项目资金
    // (`项目资金（万元）为年初预算数、…`) is one cell.
    if first.starts_with("项目名称")
        || names_project(first) && (row.non_empty.len() > 1 || value_after_colon(first).is_some())
        || first.starts_with("项目资金") && row.non_empty.len() > 1
        || row.names_level3
    {
        return Some(Start::Row);
    }
    None
}

/// A head row's label of the total the unit reports: its own score (`自评得分`, `自评总分`) or
/// the project's (`项目总得分`, `总得分`); not a reviewer's (`财政审核评分`) nor a bare `总分`,
/// which may be the full scale.
fn reports_total_in_head(cell: &str) -> bool {
    (cell.starts_with("自评") || cell.starts_with("项目总得分") || cell.starts_with("总得分"))
        && is_totals_label(cell)
}

/// A row naming the project by another form's label (`专项资金名称 | …`), which starts a table
/// as `项目名称` does; not a department's name (`部门（单位）名称`), which the head of a table
/// may print after its project's.
fn names_project(first: &str) -> bool {
    // Ruled out by its first character's bytes (专, 转, 项), as most rows' first cells are.
    if !matches!(
        first.as_bytes().get(..3),
        Some([0xE4, 0xB8, 0x93] | [0xE8, 0xBD, 0xAC] | [0xE9, 0xA1, 0xB9])
    ) {
        return false;
    }
    first.starts_with("项目名称")
        || holds(first, "名称") && is_other_name_label(first) && !holds(first, "单位")
}

/// What other forms call the project's name: `专项资金名称` (县级专项资金 forms),
/// `转移支付（项目）名称` (中央转移支付 forms), `项目（资金）名称`; and a department-wide
/// form its department's (`部门（单位）名称`, never `主管部门名称`; 安徽's `部门` alone).
fn is_other_name_label(label: &str) -> bool {
    let label = compact(label);
    let label = label.split_once(['：', ':']).map_or(&*label, |(l, _)| l);
    if matches!(label, "部门" | "部门(单位)" | "部门（单位）") {
        return true;
    }
    label.ends_with("名称")
        && label.chars().count() <= 12
        && (["项目", "专项", "转移支付"].iter().any(|k| holds(label, k))
            || label.starts_with("部门"))
}

/// `中央主管部门`, `县级主管部门`: the department under another name.
fn is_other_department_label(label: &str) -> bool {
    let label = compact(label);
    (label.ends_with("主管部门") || label.ends_with("主管单位")) && label.chars().count() <= 8
}

/// The labels of the department and of the unit that carries the project out, as head rows
/// write them beside other cells (`项目名称 | … | 项目主管单位 | …`). Matched exactly: a value
/// may end like a label (`某主管部门`).
const DEPARTMENT_LABELS: &[&str] = &["主管部门", "项目主管部门", "主管单位", "项目主管单位"];
const IMPLEMENTER_LABELS: &[&str] = &[
    "实施单位",
    "项目实施单位",
    "实施单位名称",
    "执行单位",
    "项目执行单位",
];

/// Which of the two labels a cell is, if either: `Some(true)` the department's. The value after
/// a colon aside (`主管部门：某局`); spaces and full-width forms only for a cell that may hold
/// them. Ruled out by its first character first: most cells are.
fn unit_label(cell: &str) -> Option<bool> {
    if !cell.starts_with(['主', '项', '实', '执']) || cell.len() > 120 {
        return None;
    }
    let label = compact(cell);
    let label = label.split_once(['：', ':']).map_or(&*label, |(l, _)| l);
    if DEPARTMENT_LABELS.contains(&label) {
        Some(true)
    } else if IMPLEMENTER_LABELS.contains(&label) {
        Some(false)
    } else {
        None
    }
}

/// `附件1`, `附件二：`: the label a document puts above a form it attaches.
fn is_attachment_label(row: &Row) -> bool {
    row.non_empty.len() == 1
        && row.first.strip_prefix("附件").is_some_and(|number| {
            number
                .trim_end_matches([':', '：'])
                .chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        })
}

/// A note a form prints beside its title: `金额单位：万元`, `（单位：元）`, `填报日期：2024年3月`.
fn is_form_note(cell: &str) -> bool {
    // A note has a colon, `:` or `：` (whose last byte is 0x9A): asked of the second cell of
    // nearly every row, most are ruled out by their bytes, read eight at a time (a cell is
    // too short for a byte search's set-up to pay).
    holds_either(cell.as_bytes(), b':', 0x9A)
        && cell
            .trim_start_matches(['(', '（'])
            .split_once([':', '：'])
            .is_some_and(|(label, _)| label.ends_with("单位") || label.ends_with("日期"))
}

/// Whether a label is written in traditional characters: it holds one of the traditional forms
/// of the characters the form's labels are made of (項 績 級 資 預 執 額 標 際 實 數 評 總 …),
/// which simplified text never does.
fn is_traditional(label: &str) -> bool {
    const TRADITIONAL: &[char] = &[
        '項', '績', '級', '資', '預', '執', '額', '標', '際', '實', '數', '評', '總', '單', '門',
        '稱', '產',
    ];
    label.chars().any(|c| TRADITIONAL.contains(&c))
}

/// A note printed beside a title: a form note (`填报单位：…`), the department it is for
/// (`部门:临沧市永德县明朗中学`), or the form's number (`公开14表`, `附表3`, `表14`).
fn is_title_side_note(cell: &str) -> bool {
    if is_form_note(cell) {
        return true;
    }
    if let Some((label, _)) = cell.split_once([':', '：']) {
        let label = label.trim();
        return label.chars().count() <= 6 && (label.ends_with("部门") || label == "单位");
    }
    cell.bytes().any(|b| b.is_ascii_digit()) && cell.chars().count() <= 8 && {
        let words: String = cell
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect();
        ["公开表", "附表", "附件", "表"].contains(&words.as_str())
    }
}

impl<R: BufRead> Iterator for Tables<R> {
    type Item = Result<Table, Unreadable>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(table) = self.assembler.pending.pop_front() {
                return Some(table);
            }
            if self.done {
                return None;
            }
            if !self.comma {
                // Cells are kept as written (names are reported as printed); numbers and
                // quantities are normalised where they are read.
                if !self.push_tab_separated() {
                    self.end();
                }
                continue;
            }
            match self.read_line() {
                Some((line, text)) => {
                    // A quoted cell may run over several lines: read on until the quote closes.
                    let mut record = text;
                    while open_quote(&record) {
                        match self.read_line() {
                            Some((_, more)) => {
                                record.push('\n');
                                record.push_str(&more);
                            }
                            None => break,
                        }
                    }
                    let mut owned = split_csv(&record);
                    for cell in owned.iter_mut().filter(|c| c.contains('\n')) {
                        *cell = super::one_line(cell);
                    }
                    let cells: Vec<&str> = owned.iter().map(|c| trim(c)).collect();
                    self.assembler.push_row(line, &cells);
                }
                None => self.end(),
            }
        }
    }
}

/// How the message of a text that holds no table begins: a workbook passes over a sheet
/// reported so when another sheet has a table.
pub const NO_TABLE: &str = "no self-evaluation table was found";

impl Assembler {
    pub fn new(source: impl Into<String>) -> Self {
        Assembler {
            source: source.into(),
            current: None,
            pending: std::collections::VecDeque::new(),
            started: false,
            first_content: None,
            heading: false,
            traditional: false,
            last_year: None,
        }
    }

    /// The next finished table, if one is ready.
    pub fn pop(&mut self) -> Option<Result<Table, Unreadable>> {
        self.pending.pop_front()
    }

    fn finish_current(&mut self) {
        if let Some(builder) = self.current.take() {
            let mut finished = builder.finish();
            if let Ok(table) = &mut finished {
                match (table.year, self.last_year) {
                    (Some(year), _) => self.last_year = Some(year),
                    (None, Some(year)) => {
                        table.year = Some(year);
                        table.repairs.push(Repair {
                            code: "I0013".into(),
                            line: table.line,
                            message: format!(
                                "the table names no year; read as {year}, the year of the table above it in the file"
                            ),
                        });
                    }
                    (None, None) => {}
                }
            }
            self.pending.push_back(finished);
        }
    }

    fn start(&mut self, line: usize) {
        self.finish_current();
        self.started = true;
        self.current = Some(Builder::new(&self.source, line));
    }

    /// The end of the input: the last table is finished; a file with content but no table is
    /// reported as unreadable. `before_title`: the input is a piece of a file cut just before
    /// a title line, which a heading at the piece's end belongs above.
    pub fn end(&mut self, before_title: bool) {
        if before_title && self.heading {
            self.current = None;
        }
        self.finish_current();
        if !self.started
            && let Some(first) = self.first_content
        {
            self.pending.push_back(Err(Unreadable {
                source: self.source.clone(),
                line: first,
                message: format!(
                    "{NO_TABLE}: no title, 项目名称, funds or indicator header row{}",
                    if self.traditional {
                        "; the text is in traditional characters (項目名稱, 績效指標 …) and labels are read in simplified ones: convert the file to simplified characters first (OpenCC's t2s, for one)"
                    } else {
                        ""
                    }
                ),
            }));
            self.started = true;
        }
    }

    /// One row of cells, trimmed, as it stands in the file.
    pub fn push_row(&mut self, line: usize, cells: &[&str]) {
        let Some(row) = Row::new(line, cells) else {
            return;
        };
        let was_heading = self.heading;
        self.heading = was_heading && is_attachment_label(&row);
        // A page number a PDF or a print left between rows (`- 2 -`, `第 1 页，共 2 页`) is no
        // row: inside the indicators it would become a level label.
        if is_page_number(&row) {
            return;
        }
        if self.first_content.is_none() {
            self.first_content = Some(line);
        }
        if !self.started && !self.traditional {
            self.traditional = is_traditional(&row.first);
        }
        // A year line after a table's indicators begins the next table, one without a title.
        if self
            .current
            .as_ref()
            .is_some_and(|b| !b.table.indicators.is_empty())
            && let Some(year) = year_line(&row)
        {
            self.start(line);
            if let Some(builder) = self.current.as_mut() {
                builder.table.year = Some(year);
            }
            return;
        }
        match start_of(&row) {
            Some(Start::Title) => {
                // A title with only a few one-cell lines after it (the unit, a date: `附件:…
                // 自评表`, `中江县水利局`, `2022年12月30日`) heads the form below, as 附件 lines do.
                if was_heading
                    || self
                        .current
                        .as_ref()
                        .is_some_and(|b| b.title.is_some() && !b.has_cells && b.rows <= 3)
                {
                    self.current = None;
                }
                self.start(line);
                // A title begins the file's tables afresh: no year is carried past it (and a
                // file read in pieces, cut at its titles, reads the same).
                self.last_year = None;
                self.heading = true;
                // `2022年度项目支出绩效自评表`, `…自评表（2017年度）`: the year in the title.
                if let Some(builder) = self.current.as_mut() {
                    builder.table.year = year_in(&row.first);
                    builder.title = Some(row.first.to_string());
                    if holds(&row.first, "整体支出") {
                        let message = format!(
                            "the title `{}` names a 部门整体支出 (department-wide) self-evaluation, not a project's: it is scored as a project table, by rules made for projects",
                            row.first
                        );
                        builder.repair("A0702", line, message);
                    }
                }
                return;
            }
            Some(Start::Row) => {
                // 项目名称 after a title belongs to that table; otherwise it starts one.
                let fresh = self.current.as_ref().is_some_and(|b| !b.has_content());
                // A funds or indicator header continues a table still in its head; the
                // indicator header repeated after a page break continues its indicators; an
                // indicator named like a header (`项目资金到位率`, under merged level cells)
                // is one of them.
                let names_project = names_project(&row.first);
                let header_inside = self.current.as_ref().is_some_and(|b| {
                    b.names_indicator(&row)
                        || !names_project
                            && match b.section {
                                Section::Head | Section::Budget | Section::Goals => true,
                                Section::Indicators => row.names_level3,
                                Section::Totals => false,
                            }
                });
                if !fresh && !header_inside {
                    self.start(line);
                }
            }
            None => {}
        }
        let Some(builder) = self.current.as_mut() else {
            // Text outside any table (notes before the first one, footnotes after one).
            return;
        };
        builder.row(&row);
        if builder.closed {
            self.finish_current();
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Head,
    Budget,
    Goals,
    Indicators,
    Totals,
}

/// Column positions, found from a header row.
#[derive(Debug, Default, Clone)]
struct Columns {
    start_of_year: Option<usize>,
    full_year: Option<usize>,
    executed: Option<usize>,
    funds_received: Option<usize>,
    weight: Option<usize>,
    rate: Option<usize>,
    score: Option<usize>,
    level1: Option<usize>,
    level2: Option<usize>,
    name: Option<usize>,
    target: Option<usize>,
    actual: Option<usize>,
    reason: Option<usize>,
    /// 指标性质 and 指标方向 (`≥`, `大于等于`, `正向`, `定性`) and 度量单位 (`人`, `%`) in columns
    /// of their own, as the central budget system's tables have them beside a bare 指标值. Up to
    /// two such columns: 内蒙古's template has a direction (`正向`) and a comparator
    /// (`小于等于`) side by side, under headers that do not say which is which.
    natures: [Option<usize>; 2],
    /// The unit of the target and the actual alike, wherever it stands.
    unit: Option<usize>,
    /// A second unit column, right after the actual's: the actual's unit.
    actual_unit: Option<usize>,
    /// The points of level 1 and of level 2 in columns of their own, right after each level's
    /// (`一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值`).
    level_points: [Option<usize>; 2],
}

struct Builder {
    table: Table,
    section: Section,
    columns: Columns,
    /// The level labels carried down to rows that leave theirs empty (merged cells).
    level1: Arc<str>,
    level2: Arc<str>,
    /// The empty label, shared.
    empty: Arc<str>,
    /// The first row of a two-row indicator header, until the row below it is read.
    header_above: Vec<String>,
    /// The indicator header just read, when it leaves a column unnamed, for the row right below
    /// it: a lower header row that names the columns the upper one merges (`指标值` over
    /// `年度指标值 | 实际完成值`).
    just_headed: Option<Vec<String>>,
    closed: bool,
    totals: Vec<String>,
    /// A lone figure printed under the indicator header's weight column of a totals row whose
    /// score cell is blank: the template's weight, not a total score.
    totals_weight: Option<rust_decimal::Decimal>,
    /// Whether a totals row's label names a score (`得分合计`, `总得分`): its lone figure is
    /// then the total claimed, even when it equals the weights' sum.
    totals_say_score: bool,
    /// Whether any row had two cells or more, and how many rows there were: a table of a few
    /// rows, all of one cell, was not separated into cells at all (text copied out of a PDF,
    /// columns apart by spaces).
    has_cells: bool,
    rows: usize,
    /// The funds block, when it is written across (sources as columns).
    across: Option<Across>,
    /// Whether the funds are written as label/value pairs (`年初预算数 | 150 | 全年预算数 |
    /// 150 …`): later rows of pairs add to the same total row, or are its sources.
    funds_in_pairs: bool,
    /// The money unit a note above the funds block names (`单位：万元`), for a block written
    /// across whose header names none.
    unit_note: Option<&'static str>,
    /// The first indicator row a `小计` row can add up: the one after the last `小计`.
    subtotal_from: usize,
    /// A `合计` row in the label columns that began the totals block, with what the totals
    /// held before it: a level's subtotal when indicator rows follow it (`| 合计 | | | | 50 |
    /// 50` after the 产出 rows), the table's total otherwise.
    totals_or_subtotal: Option<PendingTotals>,
    /// Level rows holding only figures, with the labels of the rows they add up: resolved
    /// when the table ends, as their rows come after them.
    level_subtotals: Vec<(Subtotal, Arc<str>, Option<Arc<str>>)>,
    /// The points the funds header gives the block, and the words that give them.
    funds_points: Option<(rust_decimal::Decimal, String)>,
    /// The table's title: its name when no row names it (海南's `服务贸易项目绩效自评表`).
    title: Option<String>,
}

/// A `合计` row read as the totals, kept until the next row says whether it was a subtotal.
struct PendingTotals {
    line: usize,
    cells: Vec<String>,
    totals: usize,
    totals_weight: Option<rust_decimal::Decimal>,
    totals_say_score: bool,
}

/// A label for matching: half-width, without any spaces (`产 出 指 标` → `产出指标`).
fn compact(s: &str) -> std::borrow::Cow<'_, str> {
    // Most labels hold no byte that can begin a space, a full-width form or a comma: they are
    // already compact, and are not decoded.
    if crate::syntax::cell::byte_classes(s) == 0 {
        return std::borrow::Cow::Borrowed(s);
    }
    // Without a comma, normalising and dropping the spaces come to one pass: full-width forms
    // made half-width, spaces dropped (`其中：当年财政拨款`, `项目资金 (万元)`). Whether a comma
    // goes depends on the digits and spaces around it: that takes the general way.
    if s.contains([',', '，']) {
        return compact_by_normalising(s);
    }
    let changes = |c: char| c.is_whitespace() || ('\u{FF01}'..='\u{FF5E}').contains(&c);
    let Some(at) = s.find(changes) else {
        return std::borrow::Cow::Borrowed(s);
    };
    let (kept, rest) = s.split_at(at);
    let mut out = String::with_capacity(s.len());
    out.push_str(kept);
    for c in rest.chars().filter(|c| !c.is_whitespace()) {
        out.push(match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        });
    }
    std::borrow::Cow::Owned(out)
}

/// `compact` by way of `normalise`, as it was first written: for text with a comma.
fn compact_by_normalising(s: &str) -> std::borrow::Cow<'_, str> {
    let normal = normalise(s);
    if !normal.chars().any(char::is_whitespace) {
        return normal;
    }
    std::borrow::Cow::Owned(normal.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Whether `compact(cell)` begins with one of `leads`, Chinese characters, told without
/// compacting: compacting drops spaces and turns full-width forms half-width, so the compacted
/// text begins with the cell's first character that is not a space, as it is when that is
/// no full-width form (a test holds the two to the same answers).
fn compact_starts_with(cell: &str, leads: &[char]) -> bool {
    let spaced = cell
        .as_bytes()
        .first()
        .is_some_and(|b| crate::syntax::cell::may_begin_space(*b));
    if spaced { cell.trim_start() } else { cell }.starts_with(leads)
}

/// Whether `text` holds `c`, a character of three bytes in UTF-8, by a walk over its bytes: a
/// cell is a few dozen bytes, too short for a substring search's set-up to pay (about 350
/// instructions a call here).
fn holds_char(text: &str, c: char) -> bool {
    let mut code = [0u8; 4];
    let code = c.encode_utf8(&mut code).as_bytes();
    let [a, b, d] = *code else {
        return text.contains(c);
    };
    text.as_bytes()
        .windows(3)
        .any(|w| matches!(*w, [x, y, z] if x == a && y == b && z == d))
}

/// Whether `bytes` hold `a` or `b`, eight bytes at a time (as `tab_cells` finds tabs).
fn holds_either(bytes: &[u8], a: u8, b: u8) -> bool {
    let mut words = bytes.chunks_exact(8);
    for word in words.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            continue;
        };
        let word = u64::from_le_bytes(word);
        if bytes_equal(word, a) | bytes_equal(word, b) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&c| c == a || c == b)
}

/// The high bit of each byte of `word` that equals `byte`, and no other bit (exact, as
/// `tab_bytes`).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The first characters of the funds header's column words (`budget_header`).
const BUDGET_HEADER_LEADS: [char; 11] = [
    '年', '全', '调', '预', '执', '实', '到', '资', '分', '权', '得',
];

/// Whether a header cell names the target or the actual column (`年度指标值`, `实际完成值`), the
/// columns only an indicator header has.
fn names_target_or_actual(cell: &str) -> bool {
    const WORDS: &[&str] = &[
        "年度指标值",
        "指标值",
        "年度目标值",
        "实际完成值",
        "实际完成",
        "全年实际值",
    ];
    // A header label is short; a goal text that begins with 实际完成 is not one. Each word holds
    // 值 or 际, a cheap first test for the figures and labels of every funds row.
    compact_starts_with(cell, &['年', '指', '实', '全'])
        && cell.contains(['值', '际'])
        && cell.chars().count() <= 12
        && (holds(cell, "指标值") || holds(cell, "目标值") || holds(cell, "实际"))
        && {
            // The word alone or with its letter (`实际完成值(B)`), not `实际完成情况`.
            let h = compact(cell);
            WORDS.iter().any(|w| {
                h.strip_prefix(w)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('('))
            })
        }
}

/// The label of a totals row (`评分等级`, `总分`, `合计`, `总分(100分)`, `自评总得分`,
/// `综合评分`) or of a grade row below it (`自评等级`, `评价结果`), not an indicator that
/// merely begins with one of those words (`合计服务人次`). Only short labels count: a totals
/// label is a few characters, an indicator's name rarely ends like one.
fn is_totals_label(label: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "总分",
        "总分值",
        "得分",
        "评分",
        "合计",
        "总计",
        "等级",
        "等次",
        "评价结果",
        "自评结果",
        "评价结论",
        "自评结论",
    ];
    // Every ending's last character ends in one of these bytes (分 86, 值 BC, 计 and 次 A1, 级
    // A7, 果 9C, 论 BA); a label cut at a bracket or colon (`总分(100分)`) is looked at whole.
    let bytes = label.as_bytes();
    if !matches!(bytes.last(), Some(0x86 | 0xBC | 0xA1 | 0xA7 | 0x9C | 0xBA))
        && !bytes.iter().any(|b| matches!(b, b'(' | b':' | 0xEF))
    {
        return false;
    }
    let head = label_head(label);
    // Every ending ends in one of these: most labels are ruled out by their last character.
    head.ends_with(['分', '值', '计', '级', '次', '果', '论'])
        && head.chars().count() <= 8
        && ENDINGS.iter().any(|e| head.ends_with(e))
}

/// The label of the form's note row, `其他需要说明事项` (also `其他说明事项`, `需要说明的事项`).
fn is_note_label(label: &str) -> bool {
    // Each begins with 其 or 需 (E5 85 B6, E9 9C 80): most labels are ruled out by a byte.
    matches!(label.as_bytes().get(..2), Some([0xE5, 0x85] | [0xE9, 0x9C]))
        && ["其他需要说明", "其他说明事项", "需要说明的事项"]
            .iter()
            .any(|w| label.starts_with(w))
}

/// A total printed with its grade in brackets after it (`98.50（优）`, `92(良)`).
fn total_and_grade(value: &str) -> Option<(rust_decimal::Decimal, &str)> {
    let (figure, rest) = value.split_once(['(', '（'])?;
    let grade = rest.strip_suffix([')', '）'])?.trim();
    let total = number_cell(figure.trim())?;
    (!grade.is_empty() && grade.chars().count() <= 4 && number_cell(grade).is_none())
        .then_some((total, grade))
}

/// Whether a row's first cell is one of the form's signature lines: who filled it in, who
/// checked it, how to reach them, when (`填表人：张某`, `单位负责人`, `联系电话`, `填报日期`).
fn is_signature(label: &str) -> bool {
    const LABELS: &[&str] = &[
        "填表人",
        "填报人",
        "制表人",
        "经办人",
        "联系人",
        "联系电话",
        "审核人",
        "复核人",
        "负责人",
        "单位负责人",
        "财务负责人",
        "项目负责人",
        "填表日期",
        "填报日期",
        "单位（盖章）",
        "单位(盖章)",
    ];
    // Their first characters, which few level labels begin with: most rows stop here.
    let first = label.chars().next().unwrap_or_default();
    "填制经联审复负单财项".contains(first) && LABELS.iter().any(|l| label.starts_with(l))
}

/// The totals a note row carries after its note: from the first totals label past the note
/// (`其他需要说明事项 | 无 | 总分 | 100 | 96 | 优`), when a figure follows it. The columns are
/// kept, so a weight is still told by its column.
fn totals_beside_note<'a>(row: &Row<'a>) -> Option<Row<'a>> {
    let at = row
        .non_empty
        .iter()
        .skip(1)
        .position(|(_, c)| is_totals_label(&compact(c)))?
        .saturating_add(1);
    let non_empty: smallvec::SmallVec<[(usize, &str); 16]> =
        row.non_empty.get(at..)?.iter().copied().collect();
    if !non_empty
        .iter()
        .skip(1)
        .any(|(_, v)| number_cell(v).is_some())
    {
        return None;
    }
    let first = compact(non_empty.first()?.1);
    Some(Row {
        line: row.line,
        cells: row.cells,
        non_empty,
        first,
        names_level3: false,
    })
}

/// A totals label without what follows it in brackets or after a colon (`总分(100分)`,
/// `总分：99.6`).
fn label_head(label: &str) -> &str {
    // `（` and `：` both begin with 0xEF: a label with none of these bytes is its own head.
    if !label.bytes().any(|b| matches!(b, b'(' | b':' | 0xEF)) {
        return label;
    }
    label.split(['(', '（', ':', '：']).next().unwrap_or(label)
}

/// What a row's 指标性质 / 指标方向 cells say: a comparator as written (`≥`, `﹦`,
/// `小于等于`) and a direction (`正向`, `反向`). `定性` and `定量` say neither.
#[derive(Default)]
struct Nature<'a> {
    comparator: Option<(Cow<'a, str>, Comparator)>,
    direction: Option<(&'a str, Comparator)>,
}

impl<'a> Nature<'a> {
    fn of(cells: [&'a str; 2]) -> Self {
        let mut nature = Nature::default();
        for cell in cells.into_iter().filter(|c| !c.is_empty()) {
            let word = compact(cell);
            let direction = match word.as_ref() {
                "正向" | "正向指标" => Some(Comparator::Ge),
                "反向" | "反向指标" => Some(Comparator::Le),
                _ => None,
            };
            if let Some(direction) = direction {
                nature.direction.get_or_insert((cell, direction));
            } else if let Some(cmp) = crate::syntax::cell::comparator_word(&word) {
                nature.comparator.get_or_insert((word, cmp));
            }
        }
        nature
    }

    /// The comparator a bare target takes: the comparator's own word, the exact statement,
    /// before the direction's `≥` or `≤`.
    fn comparator(&self) -> &str {
        match (&self.comparator, self.direction) {
            (Some((word, _)), _) => word,
            (None, Some((_, direction))) => direction.symbol(),
            (None, None) => "",
        }
    }
}

/// Whether a direction (`正向` ≥, `反向` ≤) says the opposite of a comparator: 正向 with ≤ or <,
/// 反向 with ≥ or >. `=` suits either.
fn contradicts(direction: Comparator, comparator: Comparator) -> bool {
    comparator != Comparator::Eq && direction.is_reverse() != comparator.is_reverse()
}

/// A row's target and actual as completed from its 指标性质/指标方向 and 度量单位 columns, and
/// what to note when its direction contradicts the comparator the target is read with.
struct Completed<'a> {
    target: Cow<'a, str>,
    actual: Cow<'a, str>,
    contradiction: Option<String>,
}

/// A target and an actual completed from the 指标性质/指标方向 and 度量单位 columns: `≤ | 5 | %`
/// is the target `≤5%`, and an actual written as a bare number takes the unit (`3` → `3%`). A
/// comparator column (every spelling a cell's comparator has: `﹦`, `小于等于`) is the exact
/// statement; `正向` reads as ≥ and `反向` as ≤ only without one, and a direction that says the
/// opposite of the comparator is noted. A target that states its own comparator or unit keeps
/// it.
fn with_nature_and_unit<'a>(
    target: &'a str,
    actual: &'a str,
    natures: [&str; 2],
    unit: &str,
    actual_unit: Option<&str>,
) -> Completed<'a> {
    if natures.iter().all(|n| n.is_empty())
        && unit.is_empty()
        && actual_unit.is_none_or(str::is_empty)
    {
        return Completed {
            target: Cow::Borrowed(target),
            actual: Cow::Borrowed(actual),
            contradiction: None,
        };
    }
    let nature = Nature::of(natures);
    let (target, written) = complete(target, nature.comparator(), unit);
    let actual = match actual_unit {
        Some(own) => complete(actual, "", own).0,
        // A fraction against a share (`≥80 | % | 0.85`) is left bare: the scorer reads it as
        // 85 % (its unitless rule), not as 0.85 %.
        None if unit == "%" && is_fraction(actual) => Cow::Borrowed(actual),
        None => complete(actual, "", unit).0,
    };
    // The comparator the target is read with: the target's own, else the comparator column's.
    let read_with = written
        .map(|cmp| (Cow::Borrowed(cmp.symbol()), cmp))
        .or(nature.comparator);
    let contradiction = match (nature.direction, read_with) {
        (Some((direction, expected)), Some((comparator, cmp))) if contradicts(expected, cmp) => {
            Some(format!(
                "the direction `{direction}` contradicts the comparator `{comparator}`; the target is read as `{target}`, by its comparator"
            ))
        }
        _ => None,
    };
    Completed {
        target,
        actual,
        contradiction,
    }
}

/// A quantity cell with the comparator and unit it leaves out put before and after it
/// (`5` → `≤5%`), and the comparator it writes itself. Any other cell is kept as written.
fn complete<'a>(text: &'a str, comparator: &str, unit: &str) -> (Cow<'a, str>, Option<Comparator>) {
    use crate::syntax::cell::{CellValue, parse_cell};
    let CellValue::Quantity {
        comparator: written,
        unit: written_unit,
        ..
    } = parse_cell(text)
    else {
        return (Cow::Borrowed(text), None);
    };
    let comparator = if written.is_some() { "" } else { comparator };
    let unit = if written_unit.is_some() { "" } else { unit };
    let text = if comparator.is_empty() && unit.is_empty() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("{comparator}{text}{unit}"))
    };
    (text, written)
}

/// A bare figure between 0 and 1 exclusive (`0.85`): perhaps a share written as a fraction.
fn is_fraction(text: &str) -> bool {
    crate::table::number_cell(text)
        .is_some_and(|n| n > rust_decimal::Decimal::ZERO && n < rust_decimal::Decimal::ONE)
        && !text.contains('%')
}

/// The year of a row holding only a year line (`(2023年度)`, `（二〇二三年度）`, `2023 年度`):
/// the year, 年度, brackets and nothing else. A sentence that names a year (`部分项目延期至
/// 2024年度实施`, a reason wrapped onto a line of its own; `备注：2023年度经费已拨付`) is not one.
#[inline]
fn year_line(row: &Row) -> Option<u32> {
    if row.non_empty.len() != 1 {
        return None;
    }
    let text = row
        .first
        .trim_matches(['(', ')', '（', '）', '[', ']', '【', '】']);
    if (text.ends_with("年度") && text.chars().count() <= 6)
        || (text.ends_with('年') && text.chars().count() <= 5)
    {
        return year_in(text);
    }
    // `评价年度：2023年`, `所属年度:2023`: the year after a short label that says 年度.
    let (label, value) = text.split_once([':', '：'])?;
    let label = label.trim();
    if !(label.ends_with("年度") || label == "年份") || label.chars().count() > 6 {
        return None;
    }
    let value = value.trim();
    match value.parse::<u32>() {
        Ok(year) if value.len() == 4 && (1900..=2999).contains(&year) => Some(year),
        _ if value.chars().count() <= 6 => year_in(value),
        _ => None,
    }
}

/// The year a title or year line names: four digits or Chinese numerals before 年
/// (`2023年度`, `（2017年度）`, `二〇一七年度`).
fn year_in(text: &str) -> Option<u32> {
    // 〇 and 零 are both 0; 一 … 九 follow.
    const NUMERALS: &str = "〇零一二三四五六七八九";
    let digit = |c: char| {
        c.to_digit(10).or_else(|| {
            NUMERALS
                .chars()
                .position(|n| n == c)
                .and_then(|i| u32::try_from(i.saturating_sub(1)).ok())
        })
    };
    text.match_indices('年').find_map(|(at, _)| {
        let before: Vec<char> = text[..at].chars().rev().take(4).collect();
        let year = before
            .iter()
            .rev()
            .try_fold(0u32, |y, c| Some(y * 10 + digit(*c)?))?;
        (before.len() == 4 && (1990..=2100).contains(&year)).then_some(year)
    })
}

/// Whether a cell looks like a figure but is not one: digits with two decimal points or more
/// (`310.2154.74`), as text extracted from a PDF runs two adjacent figures together.
fn is_garbled_number(cell: &str) -> bool {
    cell.bytes().filter(|b| *b == b'.').count() >= 2
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && number_cell(cell).is_none()
}

/// Whether a row is a page number alone: `- 2 -`, `— 2 —`, `-2-`, `第 2 页`, `第1页，共2页`,
/// `第 1 页 共 3 页`, or a bare page number in the first column.
fn is_page_number(row: &Row) -> bool {
    let [(column, cell)] = row.non_empty.as_slice() else {
        return false;
    };
    // Every form ends in a digit, `-`, `—` or 页: most single cells are ruled out here.
    if !cell.ends_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '—' | '页')) {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let text: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = text
        .strip_prefix('-')
        .and_then(|t| t.strip_suffix('-'))
        .or_else(|| text.strip_prefix('—').and_then(|t| t.strip_suffix('—')))
    {
        return digits(inner);
    }
    if let Some(inner) = text.strip_prefix('第') {
        let (page, rest) = inner.split_once('页').unwrap_or((inner, "x"));
        let of = rest
            .trim_start_matches([',', '，', '、'])
            .strip_prefix('共')
            .and_then(|t| t.strip_suffix('页'));
        return digits(page) && (rest.is_empty() || of.is_some_and(digits));
    }
    // A bare number: three digits at most, so that a year is not taken for one.
    *column == 0 && text.len() <= 3 && digits(&text)
}

/// Whether a row without a label holds only what a totals block holds: one to three figures
/// or a grade (`99.80`, `优`, `良好`), none in the label column. A footnote is longer.
fn is_totals_values(row: &Row) -> bool {
    row.non_empty.len() <= 3
        && row.non_empty.first().is_some_and(|(i, _)| *i >= 1)
        && row
            .non_empty
            .iter()
            .all(|(_, v)| number_cell(v).is_some() || v.chars().count() <= 3)
}

/// What a totals label carries in its own cell after a colon (`总分：99.6`), if anything.
fn value_after_colon(label: &str) -> Option<&str> {
    let (_, value) = label.split_once([':', '：'])?;
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}

/// Template rows left in a published table: `……`, `...`, `指标2`.
fn is_placeholder_name(label: &str) -> bool {
    let l = label.trim();
    l.starts_with('…')
        || l.starts_with("...")
        || (l.starts_with("指标")
            && l.chars().count() > 2
            && l.chars().skip(2).all(|c| c.is_ascii_digit()))
}

/// Known level-2 names in any scheme, to recognise shifted rows without a policy.
const LEVEL2: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
];

fn is_level2_label(s: &str) -> bool {
    // Every level-2 name, whole or cut short, ends in 标 or 指: most cells are ruled out here.
    if !s.trim_end().ends_with(['标', '指']) {
        return false;
    }
    let s = compact(s);
    let s: &str = &s;
    s.chars().count() >= 4
        && LEVEL2
            .iter()
            .any(|l| *l == s || (l.starts_with(s) && s.ends_with("指")))
        || LEVEL2.contains(&s)
}

/// What an indicator header's cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderColumn {
    Nature,
    Unit,
    Level1,
    Level2,
    Names,
    /// `绩效指标`, `指标`: the names' column only right of 一级指标 (see `indicator_header`).
    PlainNames,
    Actual,
    Target,
    Weight,
    Score,
    Reason,
}

/// The headers most forms print, as `header_column_of` reads them (a test holds the two to
/// the same answers): a cell written so is told by one comparison of its bytes, not by the
/// dozens of word searches below.
const COMMON_HEADERS: &[(&str, HeaderColumn)] = &[
    ("一级指标", HeaderColumn::Level1),
    ("二级指标", HeaderColumn::Level2),
    ("三级指标", HeaderColumn::Names),
    ("年度指标", HeaderColumn::Target),
    ("年度指标值", HeaderColumn::Target),
    ("实际完成", HeaderColumn::Actual),
    ("实际完成值", HeaderColumn::Actual),
    ("全年实际值", HeaderColumn::Actual),
    ("分值", HeaderColumn::Weight),
    ("得分", HeaderColumn::Score),
    ("偏差原因分析及改进措施", HeaderColumn::Reason),
    ("偏差原因分析", HeaderColumn::Reason),
];

/// The column an indicator header's cell names, if any.
fn header_column(cell: &str) -> Option<HeaderColumn> {
    if cell.is_empty() {
        return None;
    }
    if let Some((_, column)) = COMMON_HEADERS.iter().find(|(h, _)| *h == cell) {
        return Some(*column);
    }
    header_column_of(&compact(cell))
}

/// The column a compacted header cell names, by its words.
fn header_column_of(h: &str) -> Option<HeaderColumn> {
    Some(
        if ["指标性质", "指标方向", "比较符", "运算符"]
            .iter()
            .any(|k| h.starts_with(k))
        {
            HeaderColumn::Nature
        } else if ["度量单位", "计量单位", "单位"].contains(&h) {
            HeaderColumn::Unit
        } else if h.starts_with("一级指标") || h == "项目权重" {
            // 湖北's `项目权重` column holds the level labels with their points (`项目决策 2 分`).
            HeaderColumn::Level1
        } else if h.starts_with("二级指标") {
            HeaderColumn::Level2
        } else if LEVEL3_HEADERS.iter().any(|label| h.starts_with(label)) {
            HeaderColumn::Names
        } else if PLAIN_NAMES_HEADERS.contains(&h) {
            HeaderColumn::PlainNames
        } else if h.ends_with("完成情况") && holds(h, "绩效指标") {
            // `年度绩效指标完成情况`: the block's label left of 一级指标 (安徽), as 10号's
            // `绩效指标`, not the actual's column.
            return None;
        } else if (holds(h, "计划") || h.starts_with("预期")) && !holds(h, "实际") {
            // `计划完成值`, `预期完成值`: the plan, though they say 完成值.
            HeaderColumn::Target
        } else if [
            "实际完成",
            "全年实际",
            "实际值",
            "完成值",
            "实际达到",
            "完成情况",
        ]
        .iter()
        .any(|k| holds(h, k))
        {
            // Before the target's words: `实际完成指标值` is the actual.
            HeaderColumn::Actual
        } else if [
            "年度指标",
            "指标值",
            "年度目标",
            "目标值",
            "计划值",
            "计划数",
        ]
        .iter()
        .any(|k| holds(h, k))
            || h.starts_with("预期")
        {
            HeaderColumn::Target
        } else if holds(h, "分值")
            || h.starts_with("分数")
            || holds(h, "权重")
            || h == "满分"
            || h.starts_with("标准分")
        {
            HeaderColumn::Weight
        } else if (holds(h, "得分") || h.ends_with("评分"))
            && !["方法", "标准", "说明", "依据", "规则"]
                .iter()
                .any(|k| holds(h, k))
        {
            // `得分`, `自评得分`, `评分`, `自评分`; not `评分标准` nor `得分计算方法`, columns
            // of words.
            HeaderColumn::Score
        } else if holds(h, "原因") || holds(h, "改进措施") {
            HeaderColumn::Reason
        } else {
            return None;
        },
    )
}

/// What a row of a funds block written across holds (its label, `年初预算数（万元）`), or
/// what a column beside its sources holds (`分值`, `执行率`, `得分`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Amount {
    StartOfYear,
    FullYear,
    Executed,
    Received,
    Weight,
    Rate,
    Score,
}

impl Amount {
    /// 分值, 执行率 and 得分 belong to the block's total, not to each source.
    fn is_score_part(self) -> bool {
        matches!(self, Amount::Weight | Amount::Rate | Amount::Score)
    }
}

/// A funds label without its unit or letter (`全年执行数（万元）`, `执行率(C/B)`, `其中：财政拨款`
/// → `全年执行数`, `执行率`, `财政拨款`), compacted for matching.
fn funds_label(cell: &str) -> Cow<'_, str> {
    let h = compact(cell);
    let head = h.split('(').next().unwrap_or_default();
    let head = head
        .strip_prefix("其中")
        .map(|rest| rest.trim_start_matches([':', '、']))
        .unwrap_or(head);
    match h {
        Cow::Borrowed(_) if head.len() == h.len() => h,
        _ => Cow::Owned(head.to_string()),
    }
}

/// The amount a funds label names: the columns of the usual block, the rows of one written
/// across. `None` for a source (`财政拨款`) or anything else.
fn amount_kind(cell: &str) -> Option<Amount> {
    // Every kind holds one of these characters: most cells are ruled out before compacting.
    if !cell.contains(['预', '执', '支', '到', '分', '权', '率']) {
        return None;
    }
    let h = funds_label(cell);
    let starts = |words: &[&str]| words.iter().any(|w| h.starts_with(w));
    // A rate first: `实际执行率` is no amount spent.
    Some(if holds(&h, "执行率") {
        Amount::Rate
    } else if starts(&["年初预算"]) {
        Amount::StartOfYear
    } else if starts(&["全年预算", "调整后预算", "调整预算", "预算数"]) {
        Amount::FullYear
    } else if starts(&[
        "全年执行",
        "实际支出",
        "执行数",
        "预算执行数",
        "全年实际支出",
        "实际执行",
    ]) {
        Amount::Executed
    } else if starts(&["实际到位", "到位资金", "资金到位数"]) {
        Amount::Received
    } else if starts(&["分值", "分数", "权重"]) {
        Amount::Weight
    } else if starts(&["得分"]) {
        Amount::Score
    } else {
        return None;
    })
}

/// Whether a funds label names the block's total (`资金总额`, `年度资金总额`, `合计`, `总计`).
fn is_total_source(label: &str) -> bool {
    holds(label, "总额") || label.starts_with("合计") || label.starts_with("总计")
}

/// Whether a header cell names a source of funds (`资金总额`, `当年财政拨款`, `上年结转资金`,
/// `其他资金`, `中央补助`, `一般公共预算`): the columns of a funds block written across.
fn is_funds_source(cell: &str) -> bool {
    const WORDS: &[&str] = &[
        "财政拨款",
        "财政资金",
        "一般公共预算",
        "政府性基金",
        "国有资本经营预算",
        "上年结转",
        "结转",
        "结余",
        "其他资金",
        "中央补助",
        "中央资金",
        "省级",
        "市级",
        "县级",
        "区级",
        "补助",
        "自筹",
        "自有资金",
        "单位资金",
        "专项资金",
        "事业收入",
    ];
    let h = funds_label(cell);
    h.chars().count() <= 12
        && (is_total_source(&h) || h == "其他" || WORDS.iter().any(|w| holds(&h, w)))
}

/// A funds amount as printed, and whether it was written with 万: the one reader of amounts
/// for a block read down and a block read across alike.
fn funds_amount(cell: &str, unit: Option<&str>) -> Option<(rust_decimal::Decimal, bool)> {
    match number_cell(cell) {
        Some(amount) => Some((amount, false)),
        None => amount_in_wan(cell, unit).map(|amount| (amount, true)),
    }
}

/// A funds amount written with 万 (`150万`, `125.25万元`), in the block's money unit: as
/// written in a block of 万元 or of no stated unit, ×10,000 in a block of 元.
fn amount_in_wan(cell: &str, unit: Option<&str>) -> Option<rust_decimal::Decimal> {
    let figure = cell
        .strip_suffix("万元")
        .or_else(|| cell.strip_suffix('万'))?;
    let figure = number_cell(figure.trim_end())?;
    match unit {
        Some("元") => figure.checked_mul(rust_decimal::Decimal::from(10_000)),
        _ => Some(figure),
    }
}

/// The money unit a label or a note names: `项目资金（万元）`, `单位：元`, `金额单位:万元`.
fn money_unit_in(text: &str) -> Option<&'static str> {
    let h = compact(text);
    if holds(&h, "万元") {
        Some("万元")
    } else if holds(&h, "(元)") || h.ends_with(":元") || holds(&h, "元)") {
        Some("元")
    } else {
        None
    }
}

/// A funds block written across, as some provinces print it: its sources as the header's
/// columns (`项目资金 | 资金总额 | 财政拨款 | 上年结转 | 其他资金`), its amounts as rows below
/// (`年初预算数 | 164.64 | 164.64 | 0 | 0`), the total's 分值, 执行率 and 得分 in columns beside
/// or on rows of their own. Read into the rows the usual block gives: one per source.
#[derive(Debug)]
struct Across {
    /// The header's line: each source's row is there, where its label is.
    line: usize,
    /// Each source's column and label as written, the total's first.
    sources: Vec<(usize, String)>,
    /// Columns beside the sources for the total's 分值, 执行率 and 得分.
    extra: Vec<(usize, Amount)>,
    /// Where the sources' rows start in the table's funds rows, once the first row below the
    /// header has confirmed the reading (its label is an amount); until then it is a guess.
    first_row: Option<usize>,
}

impl Across {
    /// The header of a block written across: after its label, most cells name sources and none
    /// an amount column (`年初预算数` makes it the usual block); a total among them (or a lone
    /// source) to score.
    fn header(line: usize, cells: &[&str]) -> Option<Across> {
        let label = cells.iter().position(|c| !c.is_empty())?;
        let (mut sources, mut extra, mut others) = (Vec::new(), Vec::new(), 0usize);
        for (i, cell) in cells.iter().enumerate().skip(label + 1) {
            if cell.is_empty() || crate::syntax::cell::PLACEHOLDERS.contains(cell) {
                continue;
            }
            match amount_kind(cell) {
                Some(kind) if kind.is_score_part() => extra.push((i, kind)),
                Some(_) => return None,
                None if is_funds_source(cell) => sources.push((i, cell.to_string())),
                None => others += 1,
            }
        }
        if sources.len() <= others {
            return None;
        }
        let total = match sources
            .iter()
            .position(|(_, l)| is_total_source(&funds_label(l)))
        {
            Some(at) => at,
            None if sources.len() == 1 => 0,
            None => return None,
        };
        let total = sources.remove(total);
        sources.insert(0, total);
        Some(Across {
            line,
            sources,
            extra,
            first_row: None,
        })
    }

    /// The first column of the sources and their figures: a row's label stands left of it.
    fn first_column(&self) -> usize {
        self.sources.iter().map(|(i, _)| *i).min().unwrap_or(1)
    }

    /// A row's label and what it holds (`全年执行数（万元）` → executed), if it is an amount.
    fn row_kind(&self, cells: &[&str]) -> Option<(usize, Amount)> {
        let (at, label) = cells
            .iter()
            .enumerate()
            .take(self.first_column())
            .find(|(_, c)| !c.is_empty())?;
        Some((at, amount_kind(label)?))
    }
}

impl Builder {
    fn new(source: &str, line: usize) -> Self {
        let empty: Arc<str> = Arc::from("");
        Builder {
            table: Table {
                source: source.to_string(),
                line,
                ..Table::default()
            },
            section: Section::Head,
            columns: Columns::default(),
            level1: Arc::clone(&empty),
            level2: Arc::clone(&empty),
            empty,
            header_above: Vec::new(),
            just_headed: None,
            closed: false,
            totals: Vec::new(),
            totals_weight: None,
            totals_say_score: false,
            has_cells: false,
            rows: 0,
            across: None,
            funds_in_pairs: false,
            unit_note: None,
            subtotal_from: 0,
            totals_or_subtotal: None,
            level_subtotals: Vec::new(),
            funds_points: None,
            title: None,
        }
    }

    /// The department and the implementer a head row names, each by its label in any cell from
    /// `from` on (`主管部门 | 区商务局 | 项目实施单位 | 投资促进中心`, or the other way round),
    /// the value in the label's cell after a colon or in the next cell that is not a label.
    fn units_beside(&mut self, non_empty: &[(usize, &str)], from: usize) {
        for (at, (_, label)) in non_empty.iter().enumerate().skip(from) {
            // The first cell is the row's label, in other forms' words too (`县级主管部门`).
            let department = match unit_label(label) {
                Some(department) => department,
                None if at == 0 => true,
                None => continue,
            };
            let value = value_after_colon(label).or_else(|| {
                non_empty
                    .get(at + 1)
                    .map(|(_, v)| *v)
                    .filter(|v| unit_label(v).is_none())
            });
            let slot = if department {
                &mut self.table.department
            } else {
                &mut self.table.implementer
            };
            if slot.is_none() {
                *slot = value.map(str::to_string);
            }
        }
    }

    fn has_content(&self) -> bool {
        self.table.name.is_some() || !self.table.indicators.is_empty()
    }

    fn repair(&mut self, code: &str, line: usize, message: String) {
        self.table.repairs.push(Repair {
            code: code.into(),
            line,
            message,
        });
    }

    /// Whether a row among the indicators begins in the names' column or right of it: its
    /// first cell is an indicator's name under merged level cells, whatever it begins with
    /// (`项目资金到位率`, `主管部门满意度`, `年度总体目标完成率`), never a header or a label.
    fn names_indicator(&self, row: &Row) -> bool {
        self.section == Section::Indicators
            && self
                .columns
                .name
                .zip(row.non_empty.first())
                .is_some_and(|(names, (first, _))| *first >= names)
    }

    /// Whether a row names an indicator with a target or an actual beside it, in the indicator
    /// header's columns.
    fn names_a_row(&self, cells: &[&str]) -> bool {
        let filled = |col: Option<usize>| {
            col.and_then(|i| cells.get(i))
                .is_some_and(|v| !v.trim().is_empty())
        };
        let c = &self.columns;
        filled(c.name) && (filled(c.target) || filled(c.actual))
    }

    /// Whether a row among the indicators holds a target or actual header in the target's or
    /// the actual's column: a header's upper row, not an indicator.
    fn repeats_upper_header(&self, cells: &[&str]) -> bool {
        [self.columns.target, self.columns.actual]
            .into_iter()
            .flatten()
            .filter_map(|i| cells.get(i))
            .any(|c| names_target_or_actual(c))
    }

    fn row(&mut self, row: &Row) {
        let (line, cells, non_empty) = (row.line, row.cells, &row.non_empty);
        let first_c = &row.first;
        self.has_cells |= non_empty.len() > 1;
        self.rows += 1;
        if let Some(year) = year_line(row) {
            self.table.year.get_or_insert(year);
            return;
        }
        // The lower row of a header whose upper row names the levels and merges a cell over
        // columns named below it (`一级指标 | 二级指标 | 三级指标 | 指标值 | | 分值` above
        // `| | | 年度指标值 | 实际完成值 |`): the columns it names replace the upper row's.
        if let Some(upper) = self.just_headed.take()
            && self.section == Section::Indicators
            && !non_empty.is_empty()
            && non_empty.iter().all(|(_, c)| header_column(c).is_some())
        {
            self.header_above = upper;
            self.indicator_header(cells);
            self.just_headed = None;
            return;
        }
        // The upper row of a two-row indicator header printed again after a page break
        // (`绩效指标 | | | 年度指标值 | 实际完成值 …`): kept for the lower row, as the first time.
        if self.section == Section::Indicators && self.repeats_upper_header(cells) {
            self.header_above = cells.iter().map(|c| c.to_string()).collect();
            return;
        }
        // The form's signature lines under its rows (`填表人：张某 | | 联系电话：…`) are no
        // indicator, nor the end of a totals block.
        if matches!(self.section, Section::Indicators | Section::Totals) && is_signature(first_c) {
            return;
        }
        // The form's note row (`其他需要说明事项 | 无`) is no indicator; 云南's 公开14表 prints the
        // totals on it (`其他需要说明事项 | 无 | … | 总分 | 100 | 96 | 优`).
        if self.section == Section::Indicators && is_note_label(first_c) {
            if let Some(totals) = totals_beside_note(row) {
                self.totals_row(&totals);
            }
            return;
        }
        if self.names_indicator(row) {
            // `总分 | | | 100 | 97.5` exported into the names' column is still the totals row:
            // a totals label with no target and no actual, the label itself aside (`| | | |
            // 总分 | 100 | 96`, in the actual's column).
            let c = &self.columns;
            let label_at = non_empty.first().map(|(i, _)| *i);
            let blank = |col: Option<usize>| {
                col.filter(|i| Some(*i) != label_at)
                    .and_then(|i| cells.get(i))
                    .is_none_or(|v| v.is_empty())
            };
            if is_totals_label(first_c) && blank(c.target) && blank(c.actual) {
                self.totals_row(row);
            } else if !row.names_level3 {
                self.indicator_row(line, cells);
            }
            return;
        }
        // The value beside a label, or after it in the label's own cell (`项目名称：…`).
        let value_of = |at: usize| {
            let (_, label) = non_empty.get(at)?;
            value_after_colon(label)
                .or_else(|| non_empty.get(at + 1).map(|(_, v)| *v))
                .map(str::to_string)
        };
        if first_c.starts_with("项目名称")
            || self.table.name.is_none() && is_other_name_label(first_c)
        {
            self.table.line = line;
            self.table.name = value_of(0);
            // 湖北's `项目名称 | … | 项目主管单位 | …` names the department beside it.
            self.units_beside(non_empty, 1);
            return;
        }
        if first_c.starts_with("主管部门")
            || self.table.department.is_none() && is_other_department_label(first_c)
            || self.table.implementer.is_none() && unit_label(first_c) == Some(false)
        {
            self.units_beside(non_empty, 0);
            return;
        }
        // `自评得分 | 98 | 财政审核评分 | …` among the head rows (宁夏's form; its transfer
        // form's `项目总得分 | 99分`), or `自评总分: 95` at the end of the row under the title
        // (湖北's): the total the unit reports, unless a totals row below says otherwise.
        if self.section == Section::Head
            && let Some(total) = non_empty
                .iter()
                .enumerate()
                .filter(|(_, (_, c))| reports_total_in_head(c))
                .find_map(|(at, _)| value_of(at).as_deref().and_then(super::number_cell))
        {
            self.table.reported_total.get_or_insert(total);
            return;
        }
        // A funds block written across: its rows are labelled by amounts (`全年执行数 | 159.28
        // …`), which the usual block has as its header's columns.
        if self.section == Section::Budget
            && let Some(across) = &self.across
        {
            match across.row_kind(cells) {
                Some((at, kind)) => {
                    self.across_row(line, cells, at, kind);
                    return;
                }
                // The first row below the header is no amount: the usual block after all.
                None if across.first_row.is_none() => self.across = None,
                None => {}
            }
        }
        if self.section == Section::Head
            && non_empty.len() == 1
            && is_form_note(first_c)
            && let Some(unit) = money_unit_in(first_c)
        {
            self.unit_note = Some(unit);
            return;
        }
        // Before any funds header, or in a block begun as pairs: a block begun by a header has
        // its amounts in columns.
        if (self.section == Section::Head || self.funds_in_pairs && self.section == Section::Budget)
            && self.funds_pairs(row)
        {
            return;
        }
        // `项目资金 | 224.64 | 164.64 …` under the funds header is the total row, not a header.
        let amounts = || {
            self.section == Section::Budget
                && non_empty
                    .iter()
                    .skip(1)
                    .any(|(_, v)| number_cell(v).is_some())
        };
        if (first_c.starts_with("项目资金") && !amounts())
            || (self.section != Section::Indicators
                && (cells.iter().any(|c| starts_header(c, "全年执行数"))
                    || names_amount_columns(cells)))
        {
            self.budget_header(line, cells, first_c);
            return;
        }
        // The goals block: `年度总体目标`, or `年度绩效目标` / `绩效目标` in forms that say so.
        // The indicator header first: 湖北's puts its block label, a goals label, before it
        // (`年度绩效目标(80分) | 一级指标 | 二级指标 | 三级指标 | …`).
        if row.names_level3 {
            self.indicator_header(cells);
            return;
        }
        if first_c.starts_with("年度总体目标")
            || first_c.starts_with("年度绩效目标")
            || first_c.as_ref() == "绩效目标"
        {
            self.section = Section::Goals;
            return;
        }
        // The first row of a header written over two rows (`绩效指标 | | | 年度指标值 | 实际完成值
        // …` above `一级指标 | 二级指标 | 三级指标`): kept for the row below, not a funds row.
        if self.section != Section::Indicators && cells.iter().any(|c| names_target_or_actual(c)) {
            self.header_above = cells.iter().map(|c| c.to_string()).collect();
            return;
        }
        let label_column = non_empty.first().is_some_and(|(i, _)| *i <= 1);
        // A totals label in the label column; once in the totals block, in any column.
        if (label_column && self.section == Section::Indicators || self.section == Section::Totals)
            && is_totals_label(first_c)
        {
            self.totals_or_subtotal = (self.section == Section::Indicators
                && compact(first_c) == "合计")
                .then(|| PendingTotals {
                    line,
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                    totals: self.totals.len(),
                    totals_weight: self.totals_weight,
                    totals_say_score: self.totals_say_score,
                });
            self.totals_row(row);
            return;
        }
        match self.section {
            Section::Budget => self.budget_row(line, cells),
            Section::Indicators => self.indicator_row(line, cells),
            // The rows below a totals label merged over three rows (`评分等级 | 100`, then
            // `| 99.80`, then `| 优`): the label is exported on the first row only.
            Section::Totals if is_totals_values(row) => self
                .totals
                .extend(non_empty.iter().map(|(_, v)| v.to_string())),
            // Indicators after a `合计` row: it was a level's subtotal, and the indicators go on.
            Section::Totals if self.names_a_row(cells) && self.totals_or_subtotal.is_some() => {
                if let Some(pending) = self.totals_or_subtotal.take() {
                    self.totals.truncate(pending.totals);
                    self.totals_weight = pending.totals_weight;
                    self.totals_say_score = pending.totals_say_score;
                    self.section = Section::Indicators;
                    let above: Vec<&str> = pending.cells.iter().map(String::as_str).collect();
                    self.indicator_row(pending.line, &above);
                }
                self.indicator_row(line, cells);
            }
            Section::Totals => {
                // The totals block is over; the next table's lines start a new builder.
                self.closed = true;
            }
            _ => {}
        }
    }

    /// A row of the totals block: its values, after the label (`总分 | 100 | 99.67 | 优`, or one
    /// value a row over three rows). A later row with a weight and a total (`总分 100 99.7`)
    /// replaces the figures of one before it (`指标得分合计 90 90`); a row totalling a part
    /// only (`预算执行率得分 10 9.7`, `绩效指标得分合计 90 88`) is not the table's total.
    fn totals_row(&mut self, row: &Row) {
        self.section = Section::Totals;
        let label = label_head(&row.first);
        // Each part begins with one of these characters, which most labels lack.
        if label.contains(['指', '执', '预', '资'])
            && ["指标", "执行率", "预算", "资金"]
                .iter()
                .any(|part| holds(label, part))
        {
            return;
        }
        self.totals_say_score |= holds(label, "得分");
        let written = row.non_empty.first().map_or("", |(_, v)| *v);
        let values: Vec<&str> = value_after_colon(written)
            .into_iter()
            .chain(row.non_empty.iter().skip(1).map(|(_, v)| *v))
            .collect();
        if values.iter().filter(|v| number_cell(v).is_some()).count() >= 2 {
            self.totals.retain(|v| number_cell(v).is_none());
            self.totals_weight = None;
        }
        if value_after_colon(written).is_none()
            && let Some(weight) = self.weight_alone(row)
        {
            self.totals_weight = Some(weight);
            return;
        }
        self.totals.extend(values.into_iter().map(str::to_string));
    }

    /// The figure of a totals row that holds one, under the indicator header's weight column
    /// with the score cell blank (`合计 | … | 100 | `): the printed weight, whether or not a
    /// funds block added its own weight to the sum. Only the full scale (100) or the weights
    /// added up: a total shifted one column left by merged cells (`总分 | … | 97.5 |`) stays a
    /// total.
    fn weight_alone(&self, row: &Row) -> Option<rust_decimal::Decimal> {
        let (weight, score) = (self.columns.weight?, self.columns.score?);
        let mut figures = row
            .non_empty
            .iter()
            .skip(1)
            .filter(|(_, v)| number_cell(v).is_some());
        let (at, value) = figures.next()?;
        // One figure only: the score cell holds none, nor anything else (`98.50（优）`).
        let score_written = row.non_empty.iter().any(|(i, _)| *i == score);
        if figures.next().is_some() || *at != weight || score == weight || score_written {
            return None;
        }
        number_cell(value).filter(|v| {
            *v == rust_decimal::Decimal::ONE_HUNDRED || Some(*v) == self.weights_total()
        })
    }

    /// Funds written as label/value pairs, each amount after its label on one row or several
    /// (`项目资金（万元） | 年初预算数 | 150.00 | 全年预算数 | 150.00 | 全年执行数 | 141.00`, then
    /// `| 执行率 | 94.00% | 分值 | 10 | 得分 | 9.40`): one total row, its figures by their
    /// labels. 四川's 省级专项 form writes the budget and the spending side by side
    /// (`资金情况(万元) | 年度金额: | 208万元 | | 资金使用情况(万元) | 合计: | 109.8万元`, then
    /// `| 中央财政 | 165万元 | | | 中央财政 | 84.5万元`): a source named twice is a sub-row, its
    /// budget first and its spending second. Whether the row was read so.
    fn funds_pairs(&mut self, row: &Row) -> bool {
        let non_empty = &row.non_empty;
        let unit =
            money_unit_in(&row.first).or(self.table.money_unit.as_deref().and_then(|u| match u {
                "万元" => Some("万元"),
                "元" => Some("元"),
                _ => None,
            }));
        // A figure begins with a digit: most cells, words, are ruled out without parsing.
        let digit_led = |v: &str| v.as_bytes().first().is_some_and(u8::is_ascii_digit);
        let is_figure = |v: &str| {
            digit_led(v) && (number_cell(v).is_some() || amount_in_wan(v, unit).is_some())
        };
        // Labels and figures alternate: a figure, and never two side by side.
        if !non_empty.iter().skip(1).any(|(_, v)| digit_led(v))
            || non_empty
                .windows(2)
                .any(|w| digit_led(w[0].1) && digit_led(w[1].1))
        {
            return false;
        }
        // Each label with a figure right after it; a label that names no amount is a source.
        let mut spent_side = false;
        let mut pairs: smallvec::SmallVec<[(Option<Amount>, usize, &str); 8]> =
            smallvec::SmallVec::new();
        for w in non_empty.windows(2) {
            let ((_, label), (at, value)) = (w[0], w[1]);
            if is_figure(label) || !is_figure(value) {
                spent_side |= holds(&compact(label), "使用情况");
                continue;
            }
            let h = compact(label);
            let kind = amount_kind(label).or_else(|| {
                let head = h.trim_end_matches([':', '：']);
                if head.starts_with("年度金额") || head.starts_with("年度资金") {
                    Some(Amount::FullYear)
                } else if spent_side && (head.starts_with("合计") || head.starts_with("总计")) {
                    Some(Amount::Executed)
                } else {
                    None
                }
            });
            pairs.push((kind, at, value));
        }
        let known = pairs.iter().filter(|p| p.0.is_some()).count();
        // A row of pairs starts the block with two amounts named, or one after the block's
        // label (`项目资金（万元） | 年初预算数 | 100`); rows after it add to it.
        let block_label = row.first.starts_with("项目资金") || row.first.starts_with("资金情况");
        if !(known >= 2 || known == 1 && block_label || self.funds_in_pairs && !pairs.is_empty()) {
            return false;
        }
        if !self.funds_in_pairs {
            self.section = Section::Budget;
            self.funds_in_pairs = true;
            if let Some(u) = unit {
                self.table.money_unit = Some(u.into());
            }
            self.table.budget.push(BudgetRow {
                label: "年度资金总额".into(),
                line: row.line,
                ..BudgetRow::default()
            });
        }
        let unit = self.table.money_unit.clone();
        let amount = |v: &str| funds_amount(v, unit.as_deref()).map(|(a, _)| a);
        // A source named on both sides: its budget and what it spent.
        if known == 0 {
            let sources: smallvec::SmallVec<[&str; 4]> = non_empty
                .iter()
                .map(|(_, v)| *v)
                .filter(|v| !is_figure(v))
                .collect();
            let figures: smallvec::SmallVec<[&str; 4]> = pairs.iter().map(|(_, _, v)| *v).collect();
            if let ([source, ..], [budget, spent]) = (sources.as_slice(), figures.as_slice()) {
                self.table.budget.push(BudgetRow {
                    label: source.to_string(),
                    line: row.line,
                    full_year: amount(budget),
                    executed: amount(spent),
                    ..BudgetRow::default()
                });
            }
            return true;
        }
        let Some(total) = self.table.budget.first_mut() else {
            return true;
        };
        let line = row.line;
        for (kind, at, value) in pairs {
            match kind {
                Some(Amount::StartOfYear) => total.start_of_year = amount(value),
                Some(Amount::FullYear) => total.full_year = amount(value),
                Some(Amount::Executed) => total.executed = amount(value),
                Some(Amount::Received) => total.funds_received = amount(value),
                Some(Amount::Weight) => {
                    total.weight = number_cell(value);
                    total.columns.weight = Some(at);
                }
                Some(Amount::Rate) => {
                    total.reported_rate = Some(value.to_string());
                    total.columns.rate = Some(at);
                    total.columns.rate_line = Some(line);
                }
                Some(Amount::Score) => {
                    total.reported_score = number_cell(value);
                    total.columns.score = Some(at);
                    total.columns.score_line = Some(line);
                }
                None => {}
            }
        }
        true
    }

    fn budget_header(&mut self, line: usize, cells: &[&str], first: &str) {
        self.section = Section::Budget;
        self.funds_points = funds_points(first, cells);
        // Sources across, amounts down: confirmed (or dropped) by the row below.
        self.across = Across::header(line, cells);
        // The unit in the block's label or in the label column's header (`年度预算数(万元)`).
        let label = format!("{first}{}", cells.get(1).copied().unwrap_or_default());
        if holds(&label, "万元") {
            self.table.money_unit = Some("万元".into());
        } else if holds(&label, "(元)") || holds(&label, "元)") {
            self.table.money_unit = Some("元".into());
        }
        let mut c = Columns::default();
        for (i, cell) in cells.iter().enumerate() {
            // Every header below begins with one of these: the other cells are not compacted.
            if !compact_starts_with(cell, &BUDGET_HEADER_LEADS) {
                continue;
            }
            // The words are `amount_kind`'s, which also names the rows of a block written
            // across: one list for both.
            let Some(kind) = amount_kind(cell) else {
                continue;
            };
            let column = match kind {
                Amount::StartOfYear => &mut c.start_of_year,
                Amount::FullYear => &mut c.full_year,
                Amount::Executed => &mut c.executed,
                Amount::Received => &mut c.funds_received,
                Amount::Weight => &mut c.weight,
                Amount::Rate => &mut c.rate,
                Amount::Score => &mut c.score,
            };
            column.get_or_insert(i);
        }
        // 湖北's block lists its sources across and then their sum and what was spent
        // (`中央 | 省、地 | 本级 | 其他 | 合计 | 执行数 | 执行率`): the sum is the year's budget.
        if c.full_year.is_none() && c.start_of_year.is_none() && c.executed.is_some() {
            c.full_year = cells
                .iter()
                .position(|h| matches!(compact(h).as_ref(), "合计" | "合计数" | "小计"));
        }
        self.columns = Columns {
            level1: self.columns.level1,
            level2: self.columns.level2,
            name: self.columns.name,
            target: self.columns.target,
            actual: self.columns.actual,
            reason: self.columns.reason,
            ..c
        };
    }

    fn budget_row(&mut self, line: usize, cells: &[&str]) {
        // Below a block read across, a row labelled by no amount is none of its figures.
        if self.across.is_some() {
            return;
        }
        // The label stands before the first amount column: in the first two columns, or in
        // more where the form merged three cells for it (10号's template).
        let c = &self.columns;
        let label_columns = [c.start_of_year, c.full_year, c.executed, c.funds_received]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(2)
            .max(2);
        let mut label = cells
            .iter()
            .take(label_columns)
            .find(|c| !c.is_empty())
            .cloned()
            .unwrap_or_default();
        // 湖北's block prints its one row of figures with no label: the header's own label
        // (`项目资金(万元)`) names it, and it is the total.
        let figures = || {
            [c.full_year, c.executed]
                .into_iter()
                .flatten()
                .any(|i| cells.get(i).is_some_and(|v| number_cell(v).is_some()))
        };
        if label.is_empty() && self.table.budget.is_empty() && figures() {
            label = "年度资金总额";
        }
        if label.is_empty() {
            return;
        }
        let get = |col: Option<usize>| col.and_then(|i| cells.get(i)).and_then(|c| number_cell(c));
        // An amount may carry its unit (`150万`, `125.25万元`), as the head's money unit does.
        let unit = self.table.money_unit.as_deref();
        let mut in_wan = false;
        let mut amount = |col: Option<usize>| {
            let (amount, wan) = funds_amount(col.and_then(|i| cells.get(i))?, unit)?;
            in_wan |= wan;
            Some(amount)
        };
        let (start_of_year, full_year, executed, funds_received) = (
            amount(c.start_of_year),
            amount(c.full_year),
            amount(c.executed),
            amount(c.funds_received),
        );
        if in_wan && unit.is_none() {
            self.table.money_unit = Some("万元".into());
        }
        let c = &self.columns;
        let row = BudgetRow {
            label: label.to_string(),
            line,
            start_of_year,
            full_year,
            executed,
            funds_received,
            weight: get(c.weight),
            reported_rate: c
                .rate
                .and_then(|i| cells.get(i))
                .filter(|v| number_cell(v).is_some())
                .map(|v| v.to_string()),
            reported_score: get(c.score),
            columns: super::Columns {
                weight: c.weight,
                score: c.score,
                rate: c.rate,
                ..super::Columns::default()
            },
        };
        // An amount that is no single number (`310.2154.74`, two figures a PDF's text ran
        // together) reads as empty: said once, so a finding about the row has its cause.
        let amounts = [c.start_of_year, c.full_year, c.executed, c.funds_received];
        let garbled: Vec<String> = amounts
            .into_iter()
            .flatten()
            .filter_map(|i| cells.get(i))
            .filter(|v| is_garbled_number(v))
            .map(|v| format!("`{v}`"))
            .collect();
        self.table.budget.push(row);
        if !garbled.is_empty() {
            self.repair(
                "I0007",
                line,
                format!(
                    "{} in the funds row is not one number (two figures run together?); read as empty",
                    garbled.join(", ")
                ),
            );
        }
    }

    /// The rows of a block written across, one per source, the total first: made when the
    /// first row below its header is an amount, and recorded (`I0008`).
    fn begin_across(&mut self) -> Option<usize> {
        let across = self.across.as_mut()?;
        if let Some(first) = across.first_row {
            return Some(first);
        }
        let first = self.table.budget.len();
        across.first_row = Some(first);
        let (line, labels) = (
            across.line,
            across
                .sources
                .iter()
                .map(|(_, l)| l.clone())
                .collect::<Vec<_>>(),
        );
        if self.table.money_unit.is_none() {
            let unit = labels
                .iter()
                .find_map(|l| money_unit_in(l))
                .or(self.unit_note);
            self.table.money_unit = unit.map(String::from);
        }
        let written: Vec<String> = labels.iter().map(|l| format!("`{l}`")).collect();
        self.table
            .budget
            .extend(labels.into_iter().map(|label| BudgetRow {
                label,
                line,
                ..BudgetRow::default()
            }));
        let total = written.first().cloned().unwrap_or_default();
        self.repair(
            "I0008",
            line,
            format!(
                "the funds block lists its sources across ({}) and its amounts down: read as one funds row per source, {total} the total",
                written.join(", ")
            ),
        );
        Some(first)
    }

    /// A row of a block written across: the label at `at` says what its figures are. A figure
    /// under a source is that source's; one under a column of 分值, 执行率 or 得分, or after a
    /// label of its own in the row (`分值 | 10 | 得分 | 9.67`), is the total's.
    fn across_row(&mut self, line: usize, cells: &[&str], at: usize, kind: Amount) {
        let Some(first) = self.begin_across() else {
            return;
        };
        if self.table.money_unit.is_none() {
            self.table.money_unit = cells
                .get(at)
                .and_then(|l| money_unit_in(l))
                .map(String::from);
        }
        let Some(across) = self.across.as_ref() else {
            return;
        };
        // A row of rates with one figure (`执行率 | 96.74%`) is the total's, wherever it stands.
        let figures = cells.iter().filter(|c| number_cell(c).is_some()).count();
        let mut placed: Vec<(usize, Amount, usize, &str)> = Vec::new();
        let mut garbled = Vec::new();
        let mut current = kind;
        for (i, cell) in cells.iter().enumerate().skip(at + 1) {
            if cell.is_empty() {
                continue;
            }
            if let Some(named) = amount_kind(cell).filter(|k| k.is_score_part()) {
                current = named;
                continue;
            }
            // An amount may carry its unit (`150万`), as in a block read down; 分值, 执行率 and
            // 得分 are plain figures.
            let figure = if current.is_score_part() {
                number_cell(cell).is_some()
            } else {
                funds_amount(cell, self.table.money_unit.as_deref()).is_some()
            };
            if !figure {
                if is_garbled_number(cell) {
                    garbled.push(format!("`{cell}`"));
                }
                continue;
            }
            let source = across.sources.iter().position(|(c, _)| *c == i);
            let beside = across.extra.iter().find(|(c, _)| *c == i).map(|(_, k)| *k);
            let (row, what) = match (current == kind, beside, source) {
                (true, Some(named), _) => (0, named),
                (true, None, Some(s)) if !kind.is_score_part() => (s, kind),
                (true, None, Some(s)) if kind == Amount::Rate && figures > 1 => (s, kind),
                _ if current.is_score_part() => (0, current),
                // An amount under no source (a column the header leaves unnamed) is none.
                _ => continue,
            };
            placed.push((first + row, what, i, cell));
        }
        for (row, what, column, cell) in placed {
            self.place(row, what, line, column, cell);
        }
        if !garbled.is_empty() {
            self.repair(
                "I0007",
                line,
                format!(
                    "{} in the funds block is not one number (two figures run together?); read as empty",
                    garbled.join(", ")
                ),
            );
        }
    }

    /// One figure of a block written across into its source's row. The total's 分值 and 得分
    /// are read once: the first printed stands.
    fn place(&mut self, row: usize, what: Amount, line: usize, column: usize, cell: &str) {
        let unit = self.table.money_unit.as_deref();
        let (amount, in_wan) = match funds_amount(cell, unit) {
            Some((amount, wan)) if !what.is_score_part() => (Some(amount), wan),
            _ => (None, false),
        };
        if in_wan && unit.is_none() {
            self.table.money_unit = Some("万元".into());
        }
        let Some(r) = self.table.budget.get_mut(row) else {
            return;
        };
        let value = number_cell(cell);
        match what {
            Amount::StartOfYear => r.start_of_year = amount,
            Amount::FullYear => r.full_year = amount,
            Amount::Executed => r.executed = amount,
            Amount::Received => r.funds_received = amount,
            Amount::Weight if r.weight.is_none() => {
                r.weight = value;
                r.columns.weight = Some(column);
            }
            Amount::Rate if r.reported_rate.is_none() => {
                r.reported_rate = Some(cell.to_string());
                r.columns.rate = Some(column);
                r.columns.rate_line = Some(line);
            }
            Amount::Score if r.reported_score.is_none() => {
                r.reported_score = value;
                r.columns.score = Some(column);
                r.columns.score_line = Some(line);
            }
            Amount::Weight | Amount::Rate | Amount::Score => {}
        }
    }

    fn indicator_header(&mut self, cells: &[&str]) {
        self.section = Section::Indicators;
        // Room for a table's usual 6–20 rows, so they are not moved as the list grows.
        self.table.indicators.reserve(20);
        // A header over two rows: a column this row leaves empty is named by the row above.
        let above = std::mem::take(&mut self.header_above);
        let merged: Vec<&str> = (0..cells.len().max(above.len()))
            .map(|i| match cells.get(i) {
                Some(cell) if !cell.is_empty() => cell,
                _ => above.get(i).map_or("", String::as_str),
            })
            .collect();
        let cells = merged.as_slice();
        let mut c = Columns::default();
        // `绩效指标`, `指标`: the names' column only right of 一级指标 and when no cell says
        // 三级指标 (10号's template prints 绩效指标 as the block's label, left of 一级指标).
        let mut plain_names = None;
        // Every weight column: a form that gives each level its points (`一级指标 | 分值 |
        // 二级指标 | 分值 | 三级指标 | 分值 | 得分`) has one after each level's.
        let mut weights: Vec<usize> = Vec::new();
        // A label left of 一级指标 is the block's (`绩效目标完成情况`, `目标完成情况` printed down
        // the form's left edge), not the target's or the actual's column: a row's own cells
        // stand right of its level 1.
        let level1_at = cells
            .iter()
            .position(|c| header_column(c) == Some(HeaderColumn::Level1));
        for (i, cell) in cells.iter().enumerate() {
            let Some(column) = header_column(cell) else {
                continue;
            };
            if matches!(column, HeaderColumn::Target | HeaderColumn::Actual)
                && level1_at.is_some_and(|l| i < l)
            {
                continue;
            }
            if column == HeaderColumn::Weight {
                weights.push(i);
            }
            let at = match column {
                // `指标性质 | 指标方向`: a direction and a comparator, told apart by their cells.
                HeaderColumn::Nature if c.natures[0].is_some() => &mut c.natures[1],
                HeaderColumn::Nature => &mut c.natures[0],
                // `目标值 | 单位 | 实际值 | 单位`: a second unit column, right after the actual's,
                // is the actual's own. A single one is both's, wherever it stands
                // (`指标值 | 实际完成值 | 计量单位`).
                HeaderColumn::Unit if c.unit.is_some() && c.actual.is_some_and(|a| a + 1 == i) => {
                    &mut c.actual_unit
                }
                HeaderColumn::Unit => &mut c.unit,
                HeaderColumn::Level1 => &mut c.level1,
                HeaderColumn::Level2 => &mut c.level2,
                HeaderColumn::Names => &mut c.name,
                HeaderColumn::PlainNames => &mut plain_names,
                HeaderColumn::Actual => &mut c.actual,
                HeaderColumn::Target => &mut c.target,
                // `分数` is the weight, unless a weight column stands before it (`权重 | 分数`).
                HeaderColumn::Weight if c.weight.is_some() && compact(cell).starts_with("分数") => {
                    &mut c.score
                }
                HeaderColumn::Weight => &mut c.weight,
                HeaderColumn::Score => &mut c.score,
                HeaderColumn::Reason => &mut c.reason,
            };
            at.get_or_insert(i);
        }
        if c.name.is_none() {
            c.name = plain_names.filter(|&i| c.level1.is_some_and(|l1| i > l1));
        }
        // The rows' weight is the one after the names: those right after a level's column are
        // the level's points.
        if let (Some(names), Some(first)) = (c.name, c.weight)
            && first < names
            && let Some(after) = weights.iter().find(|&&w| w > names && Some(w) != c.score)
        {
            c.weight = Some(*after);
            let after_level = |level: Option<usize>| {
                level.and_then(|l| weights.iter().copied().find(|&w| w == l + 1 && w < names))
            };
            c.level_points = [after_level(c.level1), after_level(c.level2)];
        }
        // A header that leaves the target's, the actual's or the score's column unnamed may
        // have them named by the row below it: kept for that row. Most name all three.
        self.just_headed = (c.target.is_none() || c.actual.is_none() || c.score.is_none())
            .then(|| cells.iter().map(|c| c.to_string()).collect());
        self.columns = c;
    }

    fn indicator_row(&mut self, line: usize, cells: &[&str]) {
        let c = self.columns.clone();
        // A form with two levels only (`一级指标 | 指标名称 | …`) has no 二级 column.
        let (Some(l1c), Some(namec)) = (c.level1, c.name) else {
            return;
        };
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).copied().unwrap_or_default();
        let mut level1 = cell(Some(l1c));
        let mut level2 = cell(c.level2);
        let mut name = cell(Some(namec));
        // Positions of target … reason, which a shifted row moves one column right.
        let mut shift = 0usize;
        if is_level2_label(name) && level2.is_empty() {
            // A 二级 name in the 三级 column: the row is shifted right by one from here on.
            self.repair("I0003", line, format!("`{name}` stood in the 三级指标 column; read as the 二级 label, with the row shifted back one column"));
            level2 = name;
            name = cell(Some(namec + 1));
            shift = 1;
        } else if name.is_empty()
            && !level2.is_empty()
            && !is_level2_label(level2)
            && (!cell(c.target).is_empty() || is_placeholder_name(level2))
        {
            // An indicator name in the 二级 column and the 三级 column empty.
            self.repair("I0003", line, format!("the indicator `{level2}` stood in the 二级指标 column; read as the 三级 name under `{}`", self.level2));
            name = level2;
            level2 = "";
        }
        let at = |col: Option<usize>| col.map(|i| i + shift);
        let (target, actual, reason) = (cell(at(c.target)), cell(at(c.actual)), cell(at(c.reason)));
        let Completed {
            target,
            actual,
            contradiction,
        } = with_nature_and_unit(
            target,
            actual,
            c.natures.map(|n| cell(at(n))),
            cell(at(c.unit)),
            c.actual_unit.map(|i| cell(at(Some(i)))),
        );
        if let Some(message) = contradiction {
            self.repair("I0009", line, message);
        }
        let weight = at(c.weight)
            .and_then(|i| cells.get(i))
            .and_then(|v| number_cell(v));
        let reported_score = at(c.score)
            .and_then(|i| cells.get(i))
            .and_then(|v| number_cell(v));
        let figures = |label: &str| Subtotal {
            line,
            label: label.to_string(),
            weight,
            reported_score,
            columns: super::Columns {
                weight: at(c.weight),
                score: at(c.score),
                ..super::Columns::default()
            },
            ..Subtotal::default()
        };
        // `小计 … 50 48` under a level's indicators is their subtotal: of the rows since the
        // last one that share the level 1 of the row above it.
        let subtotal =
            |c: &str| c.ends_with('计') && matches!(compact(c).as_ref(), "小计" | "合计");
        if subtotal(level1) || subtotal(level2) || subtotal(name) {
            if weight.is_some() || reported_score.is_some() {
                let rows = &self.table.indicators;
                let above = rows.get(self.subtotal_from..).unwrap_or_default();
                let count = match above.last() {
                    Some(last) => above
                        .iter()
                        .rev()
                        .take_while(|r| *r.level1 == *last.level1)
                        .count(),
                    None => 0,
                };
                let label = [name, level2, level1]
                    .into_iter()
                    .find(|l| subtotal(l))
                    .unwrap_or(name);
                self.table.subtotals.push(Subtotal {
                    first: rows.len() - count,
                    count,
                    ..figures(label)
                });
            }
            self.subtotal_from = self.table.indicators.len();
            return;
        }
        // A level cell holding only its score (`(50分)`) is the rest of a merged label.
        if crate::policy::is_score_only(level1) {
            level1 = "";
        }
        if crate::policy::is_score_only(level2) {
            level2 = "";
        }
        // Merged cells: an empty level carries the one above; a label written again on each
        // row is shared with the row above, not copied.
        if !level1.is_empty() {
            if *self.level1 != *level1 {
                self.level1 = Arc::from(level1);
            }
            // A 一级 cell written again on each row (as most forms write it) takes the 二级
            // label above with it, unless this row writes the same one: then it is shared.
            let above = std::mem::replace(&mut self.level2, Arc::clone(&self.empty));
            if *above == *level2 {
                self.level2 = above;
            }
        }
        if !level2.is_empty() && *self.level2 != *level2 {
            self.level2 = Arc::from(level2);
        }
        // A level's points in their own column, on its first row: a subtotal of its rows.
        let level_points = c.level_points.iter().any(Option::is_some);
        for (under2, column) in [false, true].into_iter().zip(c.level_points) {
            if !level_points {
                break;
            }
            let Some(points) = column
                .and_then(|i| cells.get(i))
                .and_then(|v| number_cell(v))
            else {
                continue;
            };
            let label = if under2 { &self.level2 } else { &self.level1 };
            let subtotal = Subtotal {
                line,
                label: label.to_string(),
                weight: Some(points),
                columns: super::Columns {
                    weight: column,
                    ..super::Columns::default()
                },
                ..Subtotal::default()
            };
            self.push_level_subtotal(subtotal, under2);
        }
        // A row naming no indicator and holding no target or actual is a level's subtotal
        // (`产出指标 | | | | 50 | 48`), not an indicator: counting it would count its
        // indicators twice. It adds up the rows under its label, found when the table ends.
        if name.is_empty() && target.is_empty() && actual.is_empty() {
            let own = if level2.is_empty() { level1 } else { level2 };
            if !own.is_empty() && (weight.is_some() || reported_score.is_some()) {
                self.push_level_subtotal(figures(own), !level2.is_empty());
            }
            return;
        }
        self.table.indicators.push(IndicatorRow {
            line,
            level1: Arc::clone(&self.level1),
            level2: Arc::clone(&self.level2),
            name: name.to_string(),
            target: target.into_owned(),
            actual: actual.into_owned(),
            weight,
            reported_score,
            reason: reason.to_string(),
            columns: super::Columns {
                target: at(c.target),
                actual: at(c.actual),
                weight: at(c.weight),
                score: at(c.score),
                reason: at(c.reason),
                ..super::Columns::default()
            },
        });
    }

    fn finish(mut self) -> Result<Table, Unreadable> {
        if self.table.indicators.is_empty() {
            let message = if !self.has_cells && self.rows >= 3 {
                "no row has more than one cell: the lines hold no tab (or, in a .csv file, comma) between cells. Text copied out of a PDF keeps columns apart with spaces, which cannot be told from spaces inside a cell: export the table as tab-separated text or a workbook"
            } else if self.table.budget.is_empty() {
                "no funds block and no indicator rows were found: not a self-evaluation table in the seed layout"
            } else {
                "a funds block but no indicator rows: the indicator header (一级指标 … 三级指标 …) is missing"
            };
            return Err(Unreadable {
                source: self.table.source.clone(),
                line: self.table.line,
                message: message.into(),
            });
        }
        // Totals: `100 99.67 优` on one row, or spread over three rows.
        let mut numbers = Vec::new();
        for value in std::mem::take(&mut self.totals) {
            // A value written after its label in one cell: `自评等级：优`, `总分：98.5`.
            let value = match value_after_colon(&value) {
                Some(after) if is_totals_label(&value) => after.to_string(),
                _ => value,
            };
            match number_cell(&value) {
                Some(n) => numbers.push(n),
                // `98.50（优）`: the total and its grade in one cell.
                None if let Some((n, grade)) = total_and_grade(&value) => {
                    numbers.push(n);
                    self.table.reported_grade = Some(grade.to_string());
                }
                // A grade is a word or two (`优`, `良好`); a sentence under `评价结论` is not one.
                None if value.chars().count() <= 6 => self.table.reported_grade = Some(value),
                None => {}
            }
        }
        // A form that puts 得分 before 分值 prints its total before the weight.
        let c = &self.columns;
        if c.score
            .zip(c.weight)
            .is_some_and(|(score, weight)| score < weight)
            && let [first, second, ..] = numbers.as_mut_slice()
        {
            std::mem::swap(first, second);
        }
        match numbers.as_slice() {
            [weight, total, ..] => {
                self.table.reported_total_weight = Some(*weight);
                self.table.reported_total = Some(*total);
            }
            // A lone figure that is the table's weights added up (`总分 | 100`, the 得分 cell
            // left blank) is the weight printed by the template, not a claim of full marks;
            // under a label that says 得分 (`得分合计 | 100`) it is the claim.
            [weight] if Some(*weight) == self.weights_total() && !self.totals_say_score => {
                self.table.reported_total_weight = Some(*weight);
            }
            [total] => self.table.reported_total = Some(*total),
            [] => {}
        }
        if let Some(weight) = self.totals_weight {
            self.table.reported_total_weight = Some(weight);
        }
        self.resolve_level_subtotals();
        self.weight_from_funds_header();
        if self.table.name.is_none() {
            self.table.name = self.title.take();
        }
        Ok(self.table)
    }

    /// A funds block whose rows print no weight weighs what its header says: the row that
    /// prints the block's score (the first, if none does) is given the points.
    fn weight_from_funds_header(&mut self) {
        let Some((points, words)) = self.funds_points.take() else {
            return;
        };
        let budget = &mut self.table.budget;
        if budget.iter().any(|b| b.weight.is_some()) {
            return;
        }
        let at = budget
            .iter()
            .position(|b| b.reported_score.is_some())
            .unwrap_or(0);
        let Some(row) = budget.get_mut(at) else {
            return;
        };
        row.weight = Some(points);
        let line = row.line;
        let message = format!("`{words}` gives the funds block a weight of {points}");
        self.repair("I0010", line, message);
    }

    /// A level's subtotal (its own row, or its points in a column of their own) over the rows
    /// under the current level 1, and level 2 when `under2`, from the next row on: resolved
    /// when the table ends.
    fn push_level_subtotal(&mut self, subtotal: Subtotal, under2: bool) {
        let subtotal = Subtotal {
            first: self.table.indicators.len(),
            ..subtotal
        };
        let scope = under2.then(|| Arc::clone(&self.level2));
        self.level_subtotals
            .push((subtotal, Arc::clone(&self.level1), scope));
    }

    /// A level's own row adds up the rows under its label that follow it, or, when none does,
    /// the ones just above it. One with no such row adds up nothing and is not kept.
    fn resolve_level_subtotals(&mut self) {
        if self.level_subtotals.is_empty() {
            return;
        }
        let rows = &self.table.indicators;
        for (mut subtotal, level1, level2) in std::mem::take(&mut self.level_subtotals) {
            let under = |r: &&IndicatorRow| {
                *r.level1 == *level1 && level2.as_ref().is_none_or(|l| *r.level2 == **l)
            };
            let (before, after) = rows.split_at(subtotal.first.min(rows.len()));
            let count = after.iter().take_while(under).count();
            if count > 0 {
                subtotal.count = count;
            } else {
                subtotal.count = before.iter().rev().take_while(under).count();
                subtotal.first = before.len() - subtotal.count;
            }
            if subtotal.count > 0 {
                self.table.subtotals.push(subtotal);
            }
        }
        self.table.subtotals.sort_by_key(|s| s.line);
    }

    /// The weights of the funds rows and the indicator rows added up, when any is printed.
    fn weights_total(&self) -> Option<rust_decimal::Decimal> {
        let budget = self.table.budget.iter().filter_map(|b| b.weight);
        let indicators = self.table.indicators.iter().filter_map(|i| i.weight);
        budget
            .chain(indicators)
            .reduce(rust_decimal::Decimal::saturating_add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An indicator header and one row under it: the body of a table in tests of its head.
    const ONE_INDICATOR: &str = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
                                 产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t90\t90\n";

    /// Cells the gates before compacting must answer as compacting does: spaces before and
    /// inside, full-width forms and brackets, colons, commas.
    const GATED_CELLS: &[&str] = &[
        "",
        " ",
        "\u{3000}",
        "年初预算数",
        " 年初预算数(万元)",
        "\u{3000}全年执行数（万元）",
        "\u{a0}实际完成值",
        "年 度 指 标 值",
        "指标值（Ａ）",
        "Ａ年度指标值",
        "（年度指标值）",
        ",年度指标值",
        "1,234",
        "调整后预算数",
        "分 值",
        "权重",
        "得分",
        "到位资金",
        "≤111(万元)",
        "199(万元)",
        "指标名称(三级指标)",
        "三级指标（名称）",
        "名称（三级指标）",
        "产出指标",
        "总分(100分)",
        "总分（100分）",
        "总分：99.6",
        "自评总得分:",
        "合计服务人次",
        "金额单位：万元",
        "（单位：元）",
        "填报日期:2024年3月",
        "单位",
    ];

    #[test]
    fn compacting_in_one_pass_gives_what_normalising_gives() {
        const ALPHABET: &[char] = &[
            ' ', '\u{3000}', '\u{a0}', '\t', 'Ａ', '（', '）', '：', '1', '2', ',', '，', '.',
            '指', '≤',
        ];
        let mut texts: Vec<String> = GATED_CELLS.iter().map(|c| c.to_string()).collect();
        for a in ALPHABET {
            for b in ALPHABET {
                for c in ALPHABET {
                    texts.push([*a, *b, *c].iter().collect());
                    texts.push(format!("{a}12{b}345{c}"));
                }
            }
        }
        for text in texts {
            assert_eq!(compact(&text), compact_by_normalising(&text), "{text:?}");
        }
    }

    #[test]
    fn gates_before_compacting_answer_as_the_words_do() {
        let leads: &[&[char]] = &[
            &BUDGET_HEADER_LEADS,
            &['年', '指', '实', '全'],
            &['年', '全', '调', '预', '执', '实'],
            &['实'],
        ];
        for cell in GATED_CELLS {
            for lead in leads {
                assert_eq!(
                    compact_starts_with(cell, lead),
                    compact(cell).starts_with(*lead),
                    "{cell:?} {lead:?}"
                );
            }
            // The heads and notes as the plain splits give them.
            let head = cell.split(['(', '（', ':', '：']).next().unwrap_or(cell);
            assert_eq!(label_head(cell), head, "{cell:?}");
            let note = cell
                .trim_start_matches(['(', '（'])
                .split_once([':', '：'])
                .is_some_and(|(label, _)| label.ends_with("单位") || label.ends_with("日期"));
            assert_eq!(is_form_note(cell), note, "{cell:?}");
        }
        // Spaced out, the words are not found: as before the gate.
        assert!(!names_target_or_actual("年 度 指 标 值"));
        assert!(names_target_or_actual("年度指标值"));
        assert!(names_target_or_actual(" 实际完成值(B)"));
        assert!(!names_target_or_actual("≤111(万元)"));
        assert!(is_amount_header("\u{3000}全年执行数（万元）"));
        assert!(is_level3_header("指标名称(三级指标)"));
        assert!(is_level3_header("名称（三级指标）"));
        assert!(!is_level3_header("≤111(万元)"));
        assert!(is_totals_label("总分（100分）") && is_totals_label("总分：99.6"));
        for label in [
            "(50分)",
            "（50分）",
            "50分 ",
            "(50分)\u{3000}",
            "（５０分）",
            "产出指标",
            "",
        ] {
            let end = label.trim_end();
            assert_eq!(
                crate::policy::ends_in_points_or_bracket(label),
                end.ends_with('分') || end.ends_with(')') || end.ends_with('）'),
                "{label:?}"
            );
        }
        for (cell, answer) in [("产出指标", false), ("总分", true), ("自评总得分", true)]
        {
            assert_eq!(is_totals_label(cell), answer, "{cell}");
        }
        assert!(holds_char("≤111(万元)指", '指') && !holds_char("≤111(万元)", '指'));
        assert!(holds_char("a:b", ':') && !holds_char("ab", ':'));
        for text in [
            "",
            "a",
            "12345678:",
            "1234567",
            "１２：",
            "abcdefghijklmnop",
        ] {
            let either = text.bytes().any(|b| b == b':' || b == 0x9A);
            assert_eq!(holds_either(text.as_bytes(), b':', 0x9A), either, "{text}");
        }
    }

    #[test]
    fn a_line_is_cut_at_its_tabs_as_split_cuts_it() {
        for line in [
            "",
            "\t",
            "a",
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析",
            "产出指标\t\t\t\t\t\t\t\t\t10\t\t",
            "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",
            " 评分等级 \t\u{3000}100\u{3000}\t\t优\t\t\t\t\t\t",
            "x\t\u{9}\u{89}\u{109}\t\u{989}\t",
        ] {
            let expected: Vec<&str> = line.split('\t').map(trim).collect();
            assert_eq!(tab_cells(line).as_slice(), expected.as_slice(), "{line:?}");
        }
    }

    #[test]
    fn common_headers_are_read_as_their_words_say() {
        for (header, column) in COMMON_HEADERS {
            assert_eq!(
                header_column_of(&compact(header)),
                Some(*column),
                "{header}"
            );
            assert_eq!(compact(header), *header, "{header}");
        }
    }

    #[test]
    fn reads_both_seed_tables_with_their_shifts_repaired() {
        let text = include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        let tables: Vec<_> = Tables::new(text.as_bytes(), "seed.tsv").collect();
        assert_eq!(tables.len(), 2);
        let first = tables[0].as_ref().expect("first table reads");
        assert_eq!(first.name.as_deref(), Some("热线服务保障经费"));
        assert_eq!(first.year, Some(2023));
        assert_eq!(first.indicators.len(), 9);
        let shifted = &first.indicators[4];
        assert_eq!(
            (
                &*shifted.level2,
                shifted.name.as_str(),
                shifted.target.as_str()
            ),
            ("时效指标", "反投诉处理时效", "≤1.00(工作日)")
        );
        let next = &first.indicators[5];
        assert_eq!(
            (&*next.level2, next.name.as_str()),
            ("时效指标", "12345市民热线工单按时办结率")
        );
        let second = tables[1].as_ref().expect("second table reads");
        assert_eq!(
            second.reported_total.map(|d| d.to_string()).as_deref(),
            Some("99.98")
        );
        assert_eq!(second.reported_grade.as_deref(), Some("优"));
    }

    #[test]
    fn a_title_or_a_year_line_gives_the_year_and_a_label_cell_its_value() {
        let indicators = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
                          产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t90\t90\n\
                          总分\t\t\t\t\t90\t90\n";
        // The second table has no title: its year line, after the first table, begins it.
        let text = format!(
            "2022年度项目支出绩效自评表\n项目名称：甲项目\n主管部门：某局\t\t实施单位：某中心\n{indicators}\
             \n(二〇二三年度)\n项目名称\t乙项目\n{indicators}"
        );
        let tables: Vec<Table> = Tables::new(text.as_bytes(), "t.tsv")
            .collect::<Result<_, _>>()
            .expect("both tables read");
        let read: Vec<_> = tables
            .iter()
            .map(|t| (t.name.as_deref(), t.year, t.indicators.len()))
            .collect();
        assert_eq!(
            read,
            [
                (Some("甲项目"), Some(2022), 1),
                (Some("乙项目"), Some(2023), 1)
            ]
        );
        assert_eq!(tables[0].department.as_deref(), Some("某局"));
        assert_eq!(tables[0].implementer.as_deref(), Some("某中心"));
    }

    #[test]
    fn a_table_that_no_row_names_is_named_by_its_title() {
        let body = ONE_INDICATOR;
        let name = |text: &str| {
            Tables::new(text.as_bytes(), "t.tsv")
                .next()
                .and_then(Result::ok)
                .and_then(|t| t.name)
        };
        let titled = format!("服务贸易项目绩效自评表\n{body}");
        assert_eq!(name(&titled).as_deref(), Some("服务贸易项目绩效自评表"));
        let named = format!("服务贸易项目绩效自评表\n项目名称\t甲项目\n{body}");
        assert_eq!(name(&named).as_deref(), Some("甲项目"));
        // A department-wide form names its department by `部门` alone (安徽 金寨).
        let department = format!("部门整体支出绩效自评表\n部门\t某中心\n{body}");
        assert_eq!(name(&department).as_deref(), Some("某中心"));
    }

    #[test]
    fn a_title_with_a_few_lines_of_its_own_before_the_form_heads_it() {
        let body = ONE_INDICATOR;
        let read = |text: &str| -> Vec<Result<Table, Unreadable>> {
            Tables::new(text.as_bytes(), "t.tsv").collect()
        };
        // The document's title, the unit and a date above the form's own title: one table, no
        // "not a table" for the lines above it.
        let headed = format!(
            "附件:2022年财政衔接资金实施项目绩效自评表\n中江县水利局\n2022年12月30日\n\
             绩效目标自评表\n(2022年度)\n项目名称\t甲项目\n{body}"
        );
        let tables = read(&headed);
        assert_eq!(tables.len(), 1, "{tables:?}");
        assert!(tables[0].as_ref().is_ok_and(|t| t.year == Some(2022)));
        // A title with the form's number and its department beside it keeps its year.
        let noted = format!(
            "2022年度项目支出绩效自评表\t\t部门:某中学\t\t公开14表\n项目名称\t甲项目\n{body}"
        );
        let tables = read(&noted);
        assert!(
            tables[0].as_ref().is_ok_and(|t| t.year == Some(2022)),
            "{tables:?}"
        );
        // Many one-cell lines after a title are a table whose cells lost their tabs, and are
        // still reported, not taken for a heading.
        let flat = "项目支出绩效自评表\n项目名称 甲项目\n一级指标 二级指标\n产出指标 数量指标\n\
                    培训人次 500\n项目支出绩效自评表\n项目名称\t乙项目\n"
            .to_string()
            + body;
        let tables = read(&flat);
        assert_eq!(tables.len(), 2, "{tables:?}");
        assert!(tables[0].is_err() && tables[1].is_ok());
    }

    #[test]
    fn funds_amounts_written_with_wan_are_read_in_the_blocks_unit() {
        let indicators = ONE_INDICATOR;
        let budget = |unit: &str, cells: &str| {
            let text = format!(
                "项目支出绩效自评表\n项目名称\t甲项目\n\
                 项目资金{unit}\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
                 \t年度资金总额\t{cells}\t10\t83.5%\t8.35\n{indicators}"
            );
            let table = Tables::new(text.as_bytes(), "t.tsv")
                .next()
                .and_then(Result::ok)
                .expect("a table");
            let row = table.budget.first().cloned().unwrap_or_default();
            (row.full_year, row.executed, table.money_unit)
        };
        use rust_decimal_macros::dec;
        let wan = Some("万元".to_string());
        assert_eq!(
            budget("(万元)", "150万\t150万\t125.25万"),
            (Some(dec!(150)), Some(dec!(125.25)), wan.clone())
        );
        // No unit in the header: the amounts' 万 is the block's.
        assert_eq!(
            budget("", "150万元\t150万元\t125.25万元"),
            (Some(dec!(150)), Some(dec!(125.25)), wan)
        );
        // In a block of 元, 万 is ten thousand of them.
        assert_eq!(
            budget("(元)", "150万\t150万\t1252500"),
            (
                Some(dec!(1500000)),
                Some(dec!(1252500)),
                Some("元".to_string())
            )
        );
    }

    #[test]
    fn the_department_and_the_implementer_are_read_by_their_labels_anywhere_on_a_head_row() {
        let indicators = ONE_INDICATOR;
        let units = |head: &str| {
            let text = format!("项目支出绩效自评表\n{head}\n{indicators}");
            let table = Tables::new(text.as_bytes(), "t.tsv")
                .next()
                .and_then(Result::ok)
                .expect("a table");
            (table.name, table.department, table.implementer)
        };
        let some = |s: &str| Some(s.to_string());
        // 湖北: the department beside the name, the implementer on a row of its own.
        assert_eq!(
            units(
                "项目名称\t甲项目\t\t项目主管单位\t某局\n项目实施单位\t某中心\t\t项目负责人\t某人"
            ),
            (some("甲项目"), some("某局"), some("某中心"))
        );
        // The implementer first, then the department (海南); a label's value after its colon.
        assert_eq!(
            units("项目名称\t甲项目\n项目实施单位\t某处\t\t主管部门：某厅"),
            (some("甲项目"), some("某厅"), some("某处"))
        );
        // A label left blank gives nothing, not the next label as its value.
        assert_eq!(
            units("项目名称\t甲项目\n主管部门\t\t项目实施单位\t某中心"),
            (some("甲项目"), None, some("某中心"))
        );
    }

    #[test]
    fn an_indicator_header_may_call_its_names_column_otherwise_and_amounts_carry_a_currency_sign() {
        let text = "项目支出绩效自评表\n项目名称\t甲项目\n\
                    项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
                    \t年度资金总额\t￥1,646,400.00\t￥1,646,400.00\t1,592,800元\t10\t96.74%\t9.67\n\
                    一级指标\t二级指标\t指标内容\t指标值\t实际完成值\t分值\t得分\n\
                    产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t90\t90\n";
        let tables: Vec<Table> = Tables::new(text.as_bytes(), "t.tsv")
            .collect::<Result<_, _>>()
            .expect("the table reads");
        let table = &tables[0];
        assert_eq!(table.indicators.len(), 1);
        assert_eq!(table.indicators[0].name, "培训人次");
        assert_eq!(
            table.budget[0].full_year,
            Some(rust_decimal_macros::dec!(1646400.00))
        );
        assert_eq!(
            table.budget[0].executed,
            Some(rust_decimal_macros::dec!(1592800))
        );
    }

    #[test]
    fn a_plan_is_the_target_though_it_says_completed() {
        for (cell, column) in [
            ("计划完成值", HeaderColumn::Target),
            ("预期完成值", HeaderColumn::Target),
            ("年度计划值", HeaderColumn::Target),
            ("年度指标值(A)", HeaderColumn::Target),
            ("实际完成数", HeaderColumn::Actual),
            ("实际完成指标值", HeaderColumn::Actual),
            ("全年实际完成值", HeaderColumn::Actual),
            ("完成值", HeaderColumn::Actual),
        ] {
            assert_eq!(header_column(cell), Some(column), "{cell}");
        }
    }

    #[test]
    fn the_year_is_read_from_a_title_or_a_year_line() {
        for (text, year) in [
            ("(2023年度)", Some(2023)),
            ("2022年度项目支出绩效自评表", Some(2022)),
            ("江西省项目支出绩效自评表(2017年度)", Some(2017)),
            ("(二〇一七年度)", Some(2017)),
            ("二零二三年度", Some(2023)),
            ("项目支出绩效自评表", None),
            ("12345年", None),
            ("0023年度", None),
        ] {
            assert_eq!(year_in(text), year, "{text}");
        }
        // A line of its own is a year line only when it holds the year and nothing else: a
        // wrapped reason or a note that names a year is not one (it would begin a table).
        for (text, year) in [
            ("(2023年度)", Some(2023)),
            ("（2023 年度）", Some(2023)),
            ("二〇一七年度", Some(2017)),
            ("部分项目延期至2024年度实施", None),
            ("备注：2023年度经费已全部拨付", None),
            ("2023年度项目", None),
            ("2023年", Some(2023)),
            ("（2023年）", Some(2023)),
            ("评价年度：2023年", Some(2023)),
            ("所属年度:2023", Some(2023)),
            ("预算年度：2023年度", Some(2023)),
            ("年份：二〇二三年", Some(2023)),
            ("评价年度：2023年完成的项目", None),
            ("填报日期：2024年3月10日", None),
            ("建设年度：12", None),
            ("成立于2001年", None),
        ] {
            let cells = [text];
            let row = Row::new(1, &cells).expect("a row with content");
            assert_eq!(year_line(&row), year, "{text}");
        }
    }

    #[test]
    fn a_csv_cell_quoted_over_two_lines_reads_as_one_line() {
        // A CSV cell quoted over two lines reads the same way.
        let text = "项目支出绩效自评表\n项目名称,,测试\n一级指标,二级指标,三级指标,年度指标,实际完成,分值,得分\n产出指标,数量指标,\"补贴发放\n人数\",≥100人,120人,10,10\n";
        let tables: Vec<_> = Tables::csv(text.as_bytes(), "t.csv").collect();
        let table = tables[0].as_ref().expect("the table reads");
        assert_eq!(table.indicators[0].name, "补贴发放人数");
    }

    /// One table of a funds block and one indicator, read.
    fn funds_table(funds: &str) -> Table {
        let text = format!(
            "项目支出绩效自评表\n项目名称\t甲项目\n{funds}\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t90\t90\n"
        );
        let mut tables = Tables::new(text.as_bytes(), "t.tsv");
        match tables.next() {
            Some(Ok(table)) => table,
            other => panic!("the table does not read: {other:?}"),
        }
    }

    /// Each funds row's label and its start-of-year, full-year and executed amounts.
    fn funds_rows(table: &Table) -> Vec<(String, [Option<String>; 3])> {
        let text = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
        table
            .budget
            .iter()
            .map(|r| {
                (
                    r.label.clone(),
                    [text(r.start_of_year), text(r.full_year), text(r.executed)],
                )
            })
            .collect()
    }

    fn amounts(figures: [&str; 3]) -> [Option<String>; 3] {
        figures.map(|f| (!f.is_empty()).then(|| f.to_string()))
    }

    #[test]
    fn a_funds_block_with_its_sources_across_is_read_as_one_row_per_source() {
        // The 3 in a column the header leaves unnamed is no source's figure.
        let table = funds_table(
            "项目资金（万元）\t资金总额\t财政拨款\t上年结转\t其他资金\t分值\t执行率\t得分\n\
             年初预算数\t164.64\t164.64\t0\t0\t—\t—\t—\n\
             全年预算数\t164.64\t164.64\t0\t0\t—\t—\t—\t3\n\
             全年执行数\t159.28\t159.28\t0\t—\t10\t96.74%\t9.67",
        );
        assert_eq!(
            funds_rows(&table),
            [
                ("资金总额".into(), amounts(["164.64", "164.64", "159.28"])),
                ("财政拨款".into(), amounts(["164.64", "164.64", "159.28"])),
                ("上年结转".into(), amounts(["0", "0", "0"])),
                ("其他资金".into(), amounts(["0", "0", ""])),
            ]
        );
        let total = &table.budget[0];
        assert_eq!(total.line, 3, "each source's row is on the header's line");
        assert_eq!(total.weight.map(|d| d.to_string()).as_deref(), Some("10"));
        assert_eq!(total.reported_rate.as_deref(), Some("96.74%"));
        assert_eq!(
            total.reported_score.map(|d| d.to_string()).as_deref(),
            Some("9.67")
        );
        // The rate and score cells are on the executed row, in their own columns.
        assert_eq!(
            (total.columns.rate, total.columns.rate_line),
            (Some(6), Some(6))
        );
        assert_eq!(
            (total.columns.score, total.columns.score_line),
            (Some(7), Some(6))
        );
        assert!(table.budget[1..].iter().all(|r| r.weight.is_none()));
        assert_eq!(table.money_unit.as_deref(), Some("万元"));
        let codes: Vec<(&str, usize)> = table
            .repairs
            .iter()
            .map(|r| (r.code.as_str(), r.line))
            .collect();
        assert_eq!(codes, [("I0008", 3)]);
    }

    #[test]
    fn the_score_of_a_block_read_across_may_stand_on_rows_of_its_own_and_its_total_last() {
        // The unit on a line above, the label merged over two cells, the total last, labels
        // with letters, spaces and full-width brackets; 执行率 per source, 分值 and 得分 paired.
        let table = funds_table(
            "金额单位：元\n\
             项目资金\t\t当年财政拨款\t上年结转资金\t合 计\n\
             \t年初预算数（A）\t1,000.00\t200.00\t1,200.00\n\
             \t 调整后预算数 (B)\t900.00\t100.00\t1,000.00\n\
             \t实际支出(C)\t880.00\t/\t880.00\n\
             \t执行率（C/B）\t97.78%\t—\t88.00%\n\
             \t分值\t10\t得分\t8.80",
        );
        assert_eq!(
            funds_rows(&table),
            [
                ("合 计".into(), amounts(["1200.00", "1000.00", "880.00"])),
                (
                    "当年财政拨款".into(),
                    amounts(["1000.00", "900.00", "880.00"])
                ),
                ("上年结转资金".into(), amounts(["200.00", "100.00", ""])),
            ]
        );
        let total = &table.budget[0];
        assert_eq!(total.reported_rate.as_deref(), Some("88.00%"));
        assert_eq!(table.budget[1].reported_rate.as_deref(), Some("97.78%"));
        assert_eq!(total.weight.map(|d| d.to_string()).as_deref(), Some("10"));
        assert_eq!(
            total.reported_score.map(|d| d.to_string()).as_deref(),
            Some("8.80")
        );
        assert_eq!(total.columns.rate_line, Some(8));
        assert_eq!(total.columns.score_line, Some(9));
        assert_eq!(table.money_unit.as_deref(), Some("元"));
        // A lone rate is the total's, wherever it stands.
        let lone = funds_table(
            "项目资金\t财政拨款\t资金总额\n全年预算数\t100\t100\n全年执行数\t98\t98\n执行率\t98%",
        );
        assert_eq!(lone.budget[0].label, "资金总额");
        assert_eq!(lone.budget[0].reported_rate.as_deref(), Some("98%"));
        assert_eq!(lone.budget[1].reported_rate, None);
    }

    #[test]
    fn a_usual_funds_block_is_not_read_across() {
        // Sources as rows, one of them naming 预算; amounts as the header's columns.
        let usual = funds_table(
            "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
             \t年度资金总额\t100\t100\t98\t10\t98%\t9.8\n\
             \t其中：一般公共预算拨款\t100\t100\t98\t—\t98%\t—\n\
             \t全年预算数调整\t0\t0\t0\t—\t—\t—",
        );
        assert_eq!(usual.budget.len(), 3);
        assert_eq!(
            usual.budget[0].executed.map(|d| d.to_string()).as_deref(),
            Some("98")
        );
        assert_eq!(usual.budget[1].label, "其中：一般公共预算拨款");
        assert!(usual.repairs.is_empty());
        // Sources in the header, but the row below is a source, not an amount: no reading
        // across (the header is no usual one either, so its rows have no figures).
        let unsure =
            funds_table("项目资金\t资金总额\t财政拨款\n年度资金总额\t100\t98\n财政拨款\t100\t98");
        assert!(unsure.repairs.is_empty());
        assert_eq!(unsure.budget.len(), 2);
        assert_eq!(unsure.budget[0].label, "年度资金总额");
        // A header whose cells are mostly not sources is not one.
        assert!(Across::header(1, &["项目资金", "资金总额", "说明", "备注"]).is_none());
        assert!(Across::header(1, &["项目资金", "财政拨款", "上年结转"]).is_none());
    }

    #[test]
    fn funds_labels_are_told_with_their_units_letters_and_brackets() {
        for (label, kind) in [
            ("年初预算数（万元）", Some(Amount::StartOfYear)),
            ("全年预算数(B)", Some(Amount::FullYear)),
            ("调整后预算数", Some(Amount::FullYear)),
            ("全 年 执 行 数", Some(Amount::Executed)),
            ("实际支出（元）", Some(Amount::Executed)),
            ("实际到位资金", Some(Amount::Received)),
            ("执行率（C/B）", Some(Amount::Rate)),
            ("预算执行率", Some(Amount::Rate)),
            ("分值", Some(Amount::Weight)),
            ("得分", Some(Amount::Score)),
            ("一般公共预算拨款", None),
            ("年度资金总额", None),
        ] {
            assert_eq!(amount_kind(label), kind, "{label}");
        }
        for source in [
            "资金总额",
            "年度资金总额(万元)",
            "合  计",
            "其中：当年财政拨款",
            "本年财政拨款",
            "一般公共预算",
            "上年结转资金",
            "其他资金",
            "中央补助",
        ] {
            assert!(is_funds_source(source), "{source}");
        }
        for other in ["年初预算数", "说明", "产出指标", "全年执行数"] {
            assert!(!is_funds_source(other), "{other}");
        }
    }

    #[test]
    fn goals_headed_otherwise_are_not_funds_rows() {
        let text = include_str!("../../tests/fixtures/score/layout_two-level-form.tsv");
        let tables: Vec<_> = Tables::new(text.as_bytes(), "form.tsv").collect();
        let table = tables[0].as_ref().expect("the table reads");
        let labels: Vec<&str> = table.budget.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "年度资金总额",
                "其中：当年财政拨款",
                "上年结转资金",
                "其他资金"
            ]
        );
        assert_eq!(table.indicators.len(), 9);
        assert_eq!(&*table.indicators[1].level1, "产出指标");
        assert_eq!(&*table.indicators[1].level2, "");
    }

    #[test]
    fn a_title_may_carry_a_note_of_the_form_beside_it() {
        for (line, title) in [
            ("项目支出绩效自评表\t\t\t金额单位：万元", true),
            ("项目支出绩效自评表\t（单位：元）", true),
            ("项目支出绩效自评表\t\t填报日期:2024年3月1日", true),
            ("项目支出绩效自评表\t\t-", true),
            ("项目支出绩效自评表\t见附件", false),
        ] {
            assert_eq!(is_title_line(line), title, "{line}");
        }
    }

    #[test]
    fn a_page_number_alone_on_its_row_is_told_from_content() {
        let page = |cells: &[&str]| Row::new(1, cells).is_some_and(|row| is_page_number(&row));
        for cells in [
            &["- 2 -"][..],
            &["— 12 —"],
            &["-2-"],
            &["第 1 页，共 2 页"],
            &["第2页"],
            &["第 1 页 共 3 页"],
            &["3"],
            &["", "", "", "- 2 -", ""],
        ] {
            assert!(page(cells), "{cells:?}");
        }
        for cells in [
            &["2023"][..],
            &["", "3"],
            &["第一页"],
            &["-5%"],
            &["- 2 -", "说明"],
            &["第1页内容"],
        ] {
            assert!(!page(cells), "{cells:?}");
        }
    }

    #[test]
    fn a_funds_header_is_known_by_two_amount_columns() {
        for header in [
            // 四川's template: the block's label says nothing of 项目资金.
            "预算执行情况(10分)\t年度预算数(万元)\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分\t原因",
            "资金投入情况 (万元)\t\t全年预算数(A)\t全年执行数(B)\t预算执行率(B/A×100%)",
            // The usual block.
            "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分",
        ] {
            assert!(names_amount_columns(&tab_cells(header)), "{header}");
        }
        for row in [
            // Indicators about the budget name one amount at most.
            "\t产出指标\t成本指标\t预算执行率\t≥\t90\t%\t95\t10\t10",
            "产出指标\t经济成本指标\t预算执行数\t≤30万元\t28万元\t10\t10",
            // A goal text that speaks of the amounts is no header.
            "年度总体目标\t年初预算数与调整后预算数一致，预算执行数达到调整后预算数的90%以上",
            "\t总额\t0.00\t3.36\t3.36\t100.00%\t10\t10",
        ] {
            assert!(!names_amount_columns(&tab_cells(row)), "{row}");
        }
    }

    #[test]
    fn a_funds_header_names_its_amounts_in_any_of_their_words() {
        use rust_decimal_macros::dec;
        for header in [
            "项目资金(万元)\t\t年初预算数\t调整后预算数\t实际执行数\t分值\t执行率\t得分",
            "年度预算执行情况\t\t年初预算数\t全年预算数\t全年实际支出数\t分值\t预算执行率\t得分",
            // A rate that says 实际 is still the rate, not the amount spent.
            "项目资金(万元)\t\t年初预算数\t全年预算数\t预算执行数\t分值\t实际执行率\t得分",
        ] {
            let text = format!(
                "项目支出绩效自评表\n项目名称\t甲项目\n{header}\n\t年度资金总额\t120\t100\t98\t10\t98%\t9.8\n\
                 一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
                 产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t90\t90\n"
            );
            let tables: Vec<Table> = Tables::new(text.as_bytes(), "t.tsv")
                .collect::<Result<_, _>>()
                .expect("the table reads");
            let row = &tables[0].budget[0];
            assert_eq!(row.full_year, Some(dec!(100)), "{header}");
            assert_eq!(row.executed, Some(dec!(98)), "{header}");
            assert_eq!(row.reported_rate.as_deref(), Some("98%"), "{header}");
            assert_eq!(row.reported_score, Some(dec!(9.8)), "{header}");
        }
    }

    const SICHUAN: &str = "部门预算项目支出绩效自评表(2023年度)\n\
        项目名称\t测试项目\n\
        预算执行情况(10分)\t年度预算数(万元)\t年初预算\t调整后预算数(A)\t预算执行数(B)\t预算执行率(B/A×100%)\t权重\t得分\t原因\n\
        \t总额\t20\t20\t11.58\t57.89%\t10\t5.79\t\n\
        \t其中:财政资金\t20\t20\t11.58\t57.89%\t/\t/\t\n\
        绩效指标(90分)\t一级指标\t二级指标\t三级指标\t指标值\t完成值\t权重\t得分\n\
        \t产出指标\t数量指标\t服务人次\t≥100人次\t120人次\t90\t90\n";

    #[test]
    fn the_sichuan_funds_block_is_read_by_its_columns() {
        let text = format!("{SICHUAN}合计\t\t\t\t\t\t100\t95.79\n");
        let table = Tables::new(text.as_bytes(), "t.tsv")
            .next()
            .and_then(Result::ok)
            .expect("the table reads");
        let total = table.budget.first().expect("a funds row");
        let read = (
            total.label.as_str(),
            total.full_year.map(|d| d.to_string()),
            total.executed.map(|d| d.to_string()),
            total.reported_rate.as_deref(),
            total.weight.map(|d| d.to_string()),
            total.reported_score.map(|d| d.to_string()),
        );
        assert_eq!(
            read,
            (
                "总额",
                Some("20".into()),
                Some("11.58".into()),
                Some("57.89%"),
                Some("10".into()),
                Some("5.79".into())
            )
        );
        assert_eq!(table.budget.len(), 2);
        assert_eq!(table.money_unit.as_deref(), Some("万元"));
        assert_eq!(table.indicators.len(), 1);
    }

    #[test]
    fn a_lone_figure_under_the_weight_column_is_the_weight_with_or_without_funds() {
        let indicators = ONE_INDICATOR;
        let read = |totals: &str| {
            let text = format!("项目名称\t甲项目\n{indicators}{totals}");
            Tables::new(text.as_bytes(), "t.tsv")
                .next()
                .and_then(Result::ok)
                .map(|t| (t.reported_total_weight, t.reported_total))
                .expect("the table reads")
        };
        let hundred = Some(rust_decimal::Decimal::ONE_HUNDRED);
        // No funds block: the indicators weigh 90, the template prints 100 under 分值.
        assert_eq!(read("合计\t\t\t\t\t100\t\n"), (hundred, None));
        // A figure under 得分 is the total.
        assert_eq!(read("合计\t\t\t\t\t\t100\n"), (None, hundred));
        // A total shifted under 分值 by merged cells is still a total.
        let shifted = read("合计\t\t\t\t\t97.5\t\n");
        assert_eq!(shifted.1.map(|d| d.to_string()).as_deref(), Some("97.5"));
    }

    #[test]
    fn totals_rows_are_told_by_their_labels() {
        for label in [
            "总分",
            "总分(100分)",
            "合计",
            "自评得分",
            "自评总分",
            "绩效总分",
            "总分：99.6",
            "得分合计",
            "自评总得分",
            "绩效自评得分",
            "综合评分",
            "总分值",
            "自评分",
            "最终得分",
            "自评等级",
            "评价结果",
            "评价等次",
            "等级",
            "评价结论",
            "自评结论",
        ] {
            assert!(is_totals_label(label), "{label}");
        }
        for label in [
            "产出指标",
            "满意度指标（10分）",
            "合计服务人次",
            "年度投诉举报咨询接收总量",
            "满意度调查总分析报告数",
            "项目绩效目标完成情况评价结论",
        ] {
            assert!(!is_totals_label(label), "{label}");
        }
        assert_eq!(value_after_colon("总分：99.6"), Some("99.6"));
        assert_eq!(value_after_colon("总分(100分)"), None);
    }

    #[test]
    fn the_upper_row_of_a_two_row_header_is_told_by_its_target_and_actual_labels() {
        for cell in [
            "年度指标值",
            "年度指标值（A）",
            "实际完成值(B)",
            "全年实际值",
            "指标值",
        ] {
            assert!(names_target_or_actual(cell), "{cell}");
        }
        for cell in [
            "实际完成情况",
            "实际完成情况：全年培训520人次，合格率98%。",
            "分值",
            "绩效指标",
        ] {
            assert!(!names_target_or_actual(cell), "{cell}");
        }
    }

    #[test]
    fn lines_read_in_place_read_as_lines_copied() {
        // A reader's buffer of one byte holds no whole line: every line is copied first
        // (`fill`). Larger ones cut lines at their ends in other places; the tables are the same.
        let seed = include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        let crlf = seed.replace('\n', "\r\n");
        let bare_cr = seed.replacen('\n', "\r", 5);
        let quoted = seed.replacen("\t", "\t\"a\tcell\nrunning on\"\t", 40);
        let (gb, _, _) = encoding_rs::GB18030.encode(seed);
        // Lines checked many at a time (`push_checked_lines`) fall back to line by line where
        // one is not UTF-8: after ASCII lines the encoding is still to be told, after others
        // it is UTF-8 and a bad byte is replaced.
        let ascii_then_gb = [b"project\tname\n".repeat(40).as_slice(), &gb].concat();
        let mut bad_byte = seed.as_bytes().to_vec();
        let at = bad_byte.len() - 40;
        bad_byte.insert(
            at - bad_byte[..at]
                .iter()
                .rev()
                .take_while(|b| **b >= 0x80)
                .count(),
            0xFF,
        );
        for text in [
            seed.as_bytes(),
            crlf.as_bytes(),
            bare_cr.as_bytes(),
            quoted.as_bytes(),
            &gb,
            &ascii_then_gb,
            &bad_byte,
        ] {
            let read = |capacity: usize| {
                let reader = std::io::BufReader::with_capacity(capacity, text);
                format!("{:?}", super::Tables::new(reader, "s").collect::<Vec<_>>())
            };
            let copied = read(1);
            for capacity in [2, 7, 64, 300, 4096, 1 << 20] {
                assert_eq!(read(capacity), copied, "capacity {capacity}");
            }
        }
    }

    /// The seed as a spreadsheet would save it as CSV: cells with commas quoted.
    fn seed_as_csv() -> String {
        let seed = include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        seed.lines()
            .map(|line| {
                line.split('\t')
                    .map(|c| {
                        if c.contains([',', '"']) {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\r\n")
    }

    #[test]
    fn csv_reads_like_the_tab_separated_seed_in_utf8_and_gb18030() {
        let tsv: Vec<Table> = super::Tables::new(
            include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv").as_bytes(),
            "s",
        )
        .filter_map(Result::ok)
        .collect();
        let csv_text = seed_as_csv();
        let utf8: Vec<Table> = super::Tables::csv(csv_text.as_bytes(), "s")
            .filter_map(Result::ok)
            .collect();
        let (gbk, _, _) = encoding_rs::GB18030.encode(&csv_text);
        let gb: Vec<Table> = super::Tables::csv(gbk.as_ref(), "s")
            .filter_map(Result::ok)
            .collect();
        assert_eq!(utf8.len(), 2);
        for (a, b) in tsv.iter().zip(&utf8) {
            assert_eq!(
                (a.name.clone(), a.budget.clone(), a.reported_total, a.line),
                (b.name.clone(), b.budget.clone(), b.reported_total, b.line)
            );
            let names = |t: &Table| {
                t.indicators
                    .iter()
                    .map(|i| (i.line, i.name.clone(), i.target.clone(), i.weight))
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(a), names(b));
        }
        assert_eq!(
            utf8.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
            gb.iter().map(|t| t.name.clone()).collect::<Vec<_>>()
        );
        assert_eq!(
            utf8[1].budget[0].full_year,
            Some(rust_decimal_macros::dec!(3103.59)),
            "the quoted `3,103.59` reads as a number"
        );
    }

    /// Completes a split-column target and actual, returning them and the note, if any.
    fn completed(
        target: &str,
        actual: &str,
        natures: [&str; 2],
        unit: &str,
    ) -> (String, String, bool) {
        let c = with_nature_and_unit(target, actual, natures, unit, None);
        (
            c.target.into_owned(),
            c.actual.into_owned(),
            c.contradiction.is_some(),
        )
    }

    #[test]
    fn a_comparator_column_is_read_in_every_spelling_and_before_the_direction() {
        let cases = [
            // Comparator and direction side by side, in either order.
            (
                ["正向", "小于等于"],
                "1",
                "2",
                "个",
                ("小于等于1个", "2个", true),
            ),
            (
                ["小于等于", "正向"],
                "1",
                "2",
                "个",
                ("小于等于1个", "2个", true),
            ),
            (
                ["反向", "大于等于"],
                "5",
                "6",
                "次",
                ("大于等于5次", "6次", true),
            ),
            (["反向", "≤"], "5", "6", "次", ("≤5次", "6次", false)),
            (
                ["正向", "等于"],
                "100",
                "100",
                "%",
                ("等于100%", "100%", false),
            ),
            // Full-width and rare spellings, as a target cell reads them.
            (
                ["﹦", ""],
                "72890",
                "72890",
                "元",
                ("﹦72890元", "72890元", false),
            ),
            (["＞＝", ""], "95", "96", "%", (">=95%", "96%", false)),
            (
                ["不低于", "定量"],
                "95",
                "96",
                "%",
                ("不低于95%", "96%", false),
            ),
            // A direction alone is the comparator; 定性 says nothing.
            (["正向", ""], "90", "93", "%", ("≥90%", "93%", false)),
            (["", "反向"], "800", "900", "元", ("≤800元", "900元", false)),
            (
                ["定性", ""],
                "按时",
                "按时完成",
                "",
                ("按时", "按时完成", false),
            ),
            // A target with its own comparator keeps it; a direction against it is noted.
            (["正向", ""], "≤1", "1", "个", ("≤1个", "1个", true)),
            (["大于等于", ""], "≤1", "1", "个", ("≤1个", "1个", false)),
        ];
        for (natures, target, actual, unit, (t, a, noted)) in cases {
            assert_eq!(
                completed(target, actual, natures, unit),
                (t.to_string(), a.to_string(), noted),
                "{natures:?} {target} {actual} {unit}"
            );
        }
    }

    #[test]
    fn a_direction_contradicts_only_the_opposite_comparators() {
        use Comparator::*;
        for (direction, comparator, expected) in [
            (Ge, Le, true),
            (Ge, Lt, true),
            (Le, Ge, true),
            (Le, Gt, true),
            (Ge, Ge, false),
            (Ge, Gt, false),
            (Le, Le, false),
            (Ge, Eq, false),
            (Le, Eq, false),
        ] {
            assert_eq!(
                contradicts(direction, comparator),
                expected,
                "{direction:?} {comparator:?}"
            );
        }
    }

    /// 内蒙古's header: 指标性质 (正向) and 指标方向 (小于等于) both, and 计量单位 after the
    /// actual: the comparator column gives the comparator, the unit is the target's and the
    /// actual's.
    #[test]
    fn reads_direction_comparator_and_a_unit_after_the_actual() {
        let text = "项目支出绩效自评表\n项目名称\t\t测试项目\n\
            一级指标\t二级指标\t三级指标\t指标性质\t指标方向\t年度指标值\t实际完成值\t计量单位\t分值\t得分\n\
            产出指标\t数量指标\t印制手册\t正向\t小于等于\t2\t4\t册\t10\t5\n\
            \t\t宣传场次\t正向\t大于等于\t3\t3\t场\t10\t10\n\
            总分\t\t\t\t\t\t\t\t20\t15\n";
        let tables: Vec<_> = Tables::new(text.as_bytes(), "t.tsv").collect();
        let table = tables[0].as_ref().expect("the table reads");
        let rows: Vec<(&str, &str)> = table
            .indicators
            .iter()
            .map(|r| (r.target.as_str(), r.actual.as_str()))
            .collect();
        assert_eq!(rows, [("小于等于2册", "4册"), ("大于等于3场", "3场")]);
        let codes: Vec<(&str, usize)> = table
            .repairs
            .iter()
            .map(|r| (r.code.as_str(), r.line))
            .collect();
        assert_eq!(codes, [("I0009", 4)]);
    }

    /// `目标值 | 单位 | 实际值 | 单位`: the second unit column is still the actual's own.
    #[test]
    fn a_second_unit_column_after_the_actual_is_the_actuals() {
        let text = "项目支出绩效自评表\n项目名称\t\t测试项目\n\
            一级指标\t二级指标\t三级指标\t指标值\t单位\t实际值\t单位\t分值\t得分\n\
            产出指标\t数量指标\t培训人数\t≥1000\t人\t0.095\t万人\t10\t9.5\n\
            总分\t\t\t\t\t\t\t10\t9.5\n";
        let tables: Vec<_> = Tables::new(text.as_bytes(), "t.tsv").collect();
        let table = tables[0].as_ref().expect("the table reads");
        let row = &table.indicators[0];
        assert_eq!(
            (row.target.as_str(), row.actual.as_str()),
            ("≥1000人", "0.095万人")
        );
    }
}
