//! JSON Lines written by hand: the batch format's hot path. Byte for byte what serde_json
//! writes for the same [`super::JsonTable`] view (a test holds the two together), without its
//! byte-by-byte escaping of every string: most strings need none, which eight bytes at a time
//! show.

use std::io::Write;

use rust_decimal::Decimal;

use crate::eval::TableResult;
use crate::eval::score::{Finding, IndicatorResult, Status};
use crate::policy::Policy;
use crate::syntax::ast::Severity;

/// `,"name":`, or `{"name":` for an object's first key: one copy of a literal, not three
/// writes (an output line has a few hundred keys).
macro_rules! key {
    ($out:expr, {$name:literal}) => {
        $out.extend_from_slice(concat!("{\"", $name, "\":").as_bytes())
    };
    ($out:expr, $name:literal) => {
        $out.extend_from_slice(concat!(",\"", $name, "\":").as_bytes())
    };
}

/// One table as one line of JSON, with its line end: the [`super::json_table`] view's fields
/// in its order, read straight from the result (no view with lists of its own per table).
pub fn write_line(out: &mut Vec<u8>, t: &TableResult, policy: &Policy) {
    key!(out, { "name" });
    string(out, &t.name);
    key!(out, "source");
    string(out, &t.source);
    key!(out, "line");
    number(out, t.line);
    key!(out, "year");
    optional_number(out, t.year.map(|y| y as usize));
    key!(out, "total");
    decimal(out, &t.total);
    key!(out, "grade");
    string(out, &t.grade);
    key!(out, "reported_total");
    optional_decimal(out, t.reported_total.as_ref());
    key!(out, "reported_grade");
    optional_string(out, t.reported_grade.as_deref());
    let b = &t.budget;
    key!(out, "budget");
    key!(out, { "weight" });
    decimal(out, &b.weight);
    key!(out, "rate");
    optional_decimal(out, b.rate.as_ref());
    key!(out, "score");
    decimal(out, &b.score);
    key!(out, "reported_rate");
    optional_string(out, b.reported_rate.as_deref());
    key!(out, "reported_score");
    optional_decimal(out, b.reported_score.as_ref());
    trace(out, &b.trace);
    out.push(b'}');
    key!(out, "indicators");
    list(out, &t.indicators, indicator);
    key!(out, "findings");
    // Every finding names the table's file twice: it is checked for escapes once.
    let source = Known::new(&t.source);
    list(out, &t.findings, |out, f| finding(out, f, source));
    receipt(out, t, policy);
    out.extend_from_slice(b"}}\n");
}

/// `,"receipt":{…` without its closing brace, as [`super::Receipt`] serialises.
fn receipt(out: &mut Vec<u8>, t: &TableResult, policy: &Policy) {
    key!(out, "receipt");
    key!(out, { "policy" });
    string(out, &policy.name);
    key!(out, "jurisdiction");
    optional_string(out, policy.jurisdiction.as_deref());
    key!(out, "years");
    // `2020`, `2020..2025` or `2020..`, written without a string of its own.
    match policy.years {
        Some(y) => {
            out.push(b'"');
            number(out, y.from as usize);
            match y.to {
                Some(to) if to == y.from => {}
                Some(to) => {
                    out.extend_from_slice(b"..");
                    number(out, to as usize);
                }
                None => out.extend_from_slice(b".."),
            }
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    key!(out, "policy_hash");
    string(out, &policy.content_hash);
    key!(out, "parents");
    list(out, &policy.parents, |out, p| string(out, p));
    key!(out, "jixiao");
    string(out, env!("CARGO_PKG_VERSION"));
    key!(out, "input");
    optional_string(out, t.input_hash.as_deref());
}

fn indicator(out: &mut Vec<u8>, i: &IndicatorResult) {
    key!(out, { "level1" });
    string(out, &i.level1);
    key!(out, "level2");
    string(out, &i.level2);
    key!(out, "name");
    string(out, &i.name);
    key!(out, "target");
    string(out, &i.target);
    key!(out, "actual");
    string(out, &i.actual);
    key!(out, "weight");
    optional_decimal(out, i.weight.as_ref());
    key!(out, "score");
    decimal(out, &i.score);
    key!(out, "reported_score");
    optional_decimal(out, i.reported_score.as_ref());
    key!(out, "status");
    // Words of our own, with their quotes: nothing to escape.
    let status: &[u8] = match i.status {
        Status::Scored => b"\"scored\"",
        Status::KeptReported => b"\"kept-reported\"",
        Status::Judged => b"\"judged\"",
        Status::NotApplicable => b"\"not-applicable\"",
    };
    out.extend_from_slice(status);
    key!(out, "line");
    number(out, i.line);
    trace(out, &i.trace);
    out.push(b'}');
}

/// A finding, its file and location being the table's `source` (as `json_table` makes them).
fn finding(out: &mut Vec<u8>, f: &Finding, source: Known) {
    key!(out, { "code" });
    string(out, f.code);
    key!(out, "name");
    string(out, f.name);
    key!(out, "severity");
    let severity: &[u8] = match f.severity {
        Severity::Off => b"\"off\"",
        Severity::Info => b"\"info\"",
        Severity::Warning => b"\"warning\"",
        Severity::Error => b"\"error\"",
    };
    out.extend_from_slice(severity);
    key!(out, "message");
    string(out, &f.message);
    key!(out, "file");
    out.push(b'"');
    source.contents(out);
    out.push(b'"');
    key!(out, "line");
    optional_number(out, f.line);
    key!(out, "location");
    match f.line {
        // `FILE:17` or `FILE#SHEET!E17`, as `Location` displays it, without a string of its own.
        Some(line) => {
            out.push(b'"');
            source.contents(out);
            match f.column {
                Some(c) if source.sheet => {
                    out.push(b'!');
                    out.extend_from_slice(crate::table::column_letters(c).as_bytes());
                }
                _ => out.push(b':'),
            }
            number(out, line);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    key!(out, "indicator");
    optional_string(out, f.indicator.as_deref());
    out.push(b'}');
}

/// `"trace":[…]` when there is a trace (it was asked for); nothing otherwise.
fn trace(out: &mut Vec<u8>, lines: &[String]) {
    if !lines.is_empty() {
        key!(out, "trace");
        list(out, lines, |out, l| string(out, l));
    }
}

fn list<T>(out: &mut Vec<u8>, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

fn number(out: &mut Vec<u8>, n: usize) {
    // Most numbers (a line, a year) fit one register, as short decimals do: no buffer to clear,
    // no `memcpy`.
    if let Some(short) = short_number(n) {
        short.append_to(out);
        return;
    }
    let mut buffer = Figure::new();
    buffer.digits(n as u128, 0);
    out.extend_from_slice(buffer.text());
}

fn optional_number(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => number(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// A decimal as a JSON string, exactly as `Display` prints it (`10.00`, `-0.5`, `0`), from its
/// mantissa and scale rather than through `fmt`: built whole, quotes and all, at the end of a
/// buffer on the stack and copied out in one piece (an output line has about thirty).
fn decimal(out: &mut Vec<u8>, d: &Decimal) {
    // Most decimals (`"10.00"`) fit one register: no buffer, no `memcpy`.
    if let Ok(mantissa) = u64::try_from(d.mantissa().unsigned_abs())
        && let Some(short) = short_decimal(mantissa, d.scale(), d.is_sign_negative())
    {
        short.append_to(out);
        return;
    }
    let mut buffer = Figure::new();
    buffer.push(b'"');
    buffer.digits(d.mantissa().unsigned_abs(), d.scale() as usize);
    if d.is_sign_negative() {
        buffer.push(b'-');
    }
    buffer.push(b'"');
    out.extend_from_slice(buffer.text());
}

/// The digits of `n` when there are at most 16 of them.
fn short_number(mut n: usize) -> Option<Short> {
    let mut short = Short::default();
    loop {
        short.push_front(b'0' + (n % 10) as u8)?;
        n /= 10;
        if n == 0 {
            return Some(short);
        }
    }
}

/// A decimal's JSON string of at most 16 bytes, quotes and all, or `None` when it is longer.
fn short_decimal(mut mantissa: u64, scale: u32, negative: bool) -> Option<Short> {
    let mut short = Short::default();
    short.push_front(b'"')?;
    for _ in 0..scale {
        short.push_front(b'0' + (mantissa % 10) as u8)?;
        mantissa /= 10;
    }
    if scale > 0 {
        short.push_front(b'.')?;
    }
    loop {
        short.push_front(b'0' + (mantissa % 10) as u8)?;
        mantissa /= 10;
        if mantissa == 0 {
            break;
        }
    }
    if negative {
        short.push_front(b'-')?;
    }
    short.push_front(b'"')?;
    Some(short)
}

/// Text of at most 16 bytes held in a register (its first byte lowest) and appended with one
/// copy of constant size, the bytes past its end cut off again: for a few bytes a call to
/// `memcpy` costs more than the bytes, and most of a line's strings and figures are short.
#[derive(Default)]
struct Short {
    bytes: u128,
    len: usize,
}

impl Short {
    /// Puts `byte` before the text; `None` when the text is full.
    fn push_front(&mut self, byte: u8) -> Option<()> {
        if self.len == 16 {
            return None;
        }
        self.bytes = (self.bytes << 8) | u128::from(byte);
        self.len += 1;
        Some(())
    }

    fn append_to(&self, out: &mut Vec<u8>) {
        let at = out.len();
        out.extend_from_slice(&self.bytes.to_le_bytes());
        out.truncate(at + self.len);
    }

    /// `bytes` between quotes, when they fit and need no escape.
    fn quoted(bytes: &[u8]) -> Option<Short> {
        let len = bytes.len();
        let inside = match len {
            0 => 0,
            1..=3 => {
                if bytes.iter().any(|&b| escaped(b)) {
                    return None;
                }
                bytes
                    .iter()
                    .rev()
                    .fold(0u128, |word, &b| (word << 8) | u128::from(b))
            }
            // Two overlapping halves: the bytes they share are the same, so or-ing them keeps
            // them.
            4..=7 => {
                let (first, last) = (bytes.first_chunk::<4>()?, bytes.last_chunk::<4>()?);
                let word = u64::from(u32::from_le_bytes(*first))
                    | (u64::from(u32::from_le_bytes(*last)) << (8 * (len - 4)));
                if needs_escape(word) {
                    return None;
                }
                u128::from(word)
            }
            8..=14 => {
                let (first, last) = (bytes.first_chunk::<8>()?, bytes.last_chunk::<8>()?);
                let (first, last) = (u64::from_le_bytes(*first), u64::from_le_bytes(*last));
                if needs_escape(first) || needs_escape(last) {
                    return None;
                }
                u128::from(first) | (u128::from(last) << (8 * (len - 8)))
            }
            _ => return None,
        };
        let quote = u128::from(b'"');
        Some(Short {
            bytes: quote | (inside << 8) | (quote << (8 * (len + 1))),
            len: len + 2,
        })
    }
}

/// The digits of `n`, with a point before the last `scale` of them (and zeros to fill),
/// appended to a string: the scorer's way to print a figure into a finding's message.
pub(crate) fn digits_to_string(out: &mut String, n: u128, scale: usize) {
    let mut buffer = Figure::new();
    buffer.digits(n, scale);
    // Digits and a point only: always UTF-8.
    if let Ok(text) = std::str::from_utf8(buffer.text()) {
        out.push_str(text);
    }
}

/// A figure's text, written backwards from the end of a buffer on the stack so that it goes
/// out in one copy. 96-bit mantissas have at most 29 digits and a scale is at most 28: with a
/// point, a sign and two quotes that is 61 bytes.
struct Figure {
    buffer: [u8; Figure::SIZE],
    start: usize,
}

impl Figure {
    const SIZE: usize = 64;

    fn new() -> Self {
        Figure {
            buffer: [0; Figure::SIZE],
            start: Figure::SIZE,
        }
    }

    /// Puts `byte` before what is written so far (nothing once the buffer is full, which a
    /// decimal cannot reach).
    fn push(&mut self, byte: u8) {
        self.start = self.start.saturating_sub(1);
        if let Some(slot) = self.buffer.get_mut(self.start) {
            *slot = byte;
        }
    }

    /// The digits of `n` with a point before the last `scale` of them, at least one digit
    /// before the point (`0.05`, `0`).
    fn digits(&mut self, mut n: u128, scale: usize) {
        for _ in 0..scale.min(Figure::SIZE / 2) {
            self.push(next_digit(&mut n));
        }
        if scale > 0 {
            self.push(b'.');
        }
        loop {
            self.push(next_digit(&mut n));
            if n == 0 {
                break;
            }
        }
    }

    fn text(&self) -> &[u8] {
        self.buffer.get(self.start..).unwrap_or_default()
    }
}

/// The last digit of `n` as a character, taking it off `n`. Most values fit 64 bits, where
/// dividing by ten is a multiplication, not a library call.
fn next_digit(n: &mut u128) -> u8 {
    let digit = match u64::try_from(*n) {
        Ok(small) => {
            *n = u128::from(small / 10);
            small % 10
        }
        Err(_) => {
            let digit = (*n % 10) as u64;
            *n /= 10;
            digit
        }
    };
    b'0' + digit as u8
}

fn optional_decimal(out: &mut Vec<u8>, d: Option<&Decimal>) {
    match d {
        Some(d) => decimal(out, d),
        None => out.extend_from_slice(b"null"),
    }
}

fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Whether any of the eight bytes of `word` is a control character, `"` or `\\`. Exact for the
/// word as a whole: a borrow can only mark a byte above one that truly matches.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    (below_space | zero_byte(quote) | zero_byte(backslash)) & HIGHS != 0
}

/// Whether a byte needs an escape in a JSON string.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether `bytes` hold nothing to escape: eight at a time, the last word taken again where it
/// ends (overlapping bytes already found clean) rather than padded byte by byte; a string
/// under eight bytes as two overlapping halves of four.
fn clean(bytes: &[u8]) -> bool {
    let (words, rest) = bytes.as_chunks::<8>();
    if words.iter().any(|w| needs_escape(u64::from_le_bytes(*w))) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        return !needs_escape(u64::from_le_bytes(*last));
    }
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(first), Some(last)) => {
            let word = u64::from(u32::from_le_bytes(*first))
                | (u64::from(u32::from_le_bytes(*last)) << 32);
            !needs_escape(word)
        }
        _ => !bytes.iter().any(|&b| escaped(b)),
    }
}

/// The table's source, written twice in every finding: checked once for escapes and for the
/// `#` of a workbook's sheet.
#[derive(Clone, Copy)]
struct Known<'a> {
    text: &'a str,
    clean: bool,
    /// `book.xlsx#表`: a location names the cell (`!E17`), not the line alone.
    sheet: bool,
}

impl<'a> Known<'a> {
    fn new(text: &'a str) -> Self {
        Known {
            text,
            clean: clean(text.as_bytes()),
            sheet: text.contains('#'),
        }
    }

    /// The inside of the source as a JSON string.
    fn contents(self, out: &mut Vec<u8>) {
        if self.clean {
            out.extend_from_slice(self.text.as_bytes());
        } else {
            escape(out, self.text.as_bytes());
        }
    }
}

/// A JSON string, escaped as serde_json escapes it.
fn string(out: &mut Vec<u8>, s: &str) {
    if let Some(short) = Short::quoted(s.as_bytes()) {
        short.append_to(out);
        return;
    }
    out.push(b'"');
    contents(out, s);
    out.push(b'"');
}

/// The inside of a JSON string: copied whole when it needs no escape (nearly always).
fn contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if clean(bytes) {
        out.extend_from_slice(bytes);
    } else {
        escape(out, bytes);
    }
}

/// A string with something to escape: the runs between escapes copied whole.
fn escape(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| escaped(b)) {
        let (run, tail) = rest.split_at(at);
        out.extend_from_slice(run);
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            b => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        rest = tail;
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_line(value: &impl serde::Serialize) -> Vec<u8> {
        let mut out = serde_json::to_vec(value).expect("serialises");
        out.push(b'\n');
        out
    }

    #[test]
    fn decimals_and_numbers_are_printed_as_display_prints_them() {
        let mut values = vec![
            Decimal::ZERO,
            Decimal::from_parts(0, 0, 0, false, 2),
            Decimal::from_parts(0, 0, 0, true, 2),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_parts(1, 0, 0, false, 28),
            Decimal::from_parts(5, 0, 0, true, 1),
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..5000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let lo = (seed & 0xFFFF_FFFF) as u32;
            let mid = if seed.is_multiple_of(3) {
                (seed >> 32) as u32
            } else {
                0
            };
            let hi = if seed.is_multiple_of(7) {
                (seed >> 40) as u32
            } else {
                0
            };
            values.push(Decimal::from_parts(
                lo,
                mid,
                hi,
                seed.is_multiple_of(2),
                (seed % 29) as u32,
            ));
        }
        for d in values {
            let mut ours = Vec::new();
            decimal(&mut ours, &d);
            assert_eq!(String::from_utf8_lossy(&ours), format!("\"{d}\""));
        }
        for (n, scale, text) in [
            (0u128, 0, "0"),
            (5, 3, "0.005"),
            (12345, 2, "123.45"),
            (u128::from(u64::MAX) + 1, 0, "18446744073709551616"),
            (u128::from(u64::MAX) + 1, 25, "0.0000018446744073709551616"),
            (u128::from(u64::MAX) * 1000, 3, "18446744073709551615.000"),
        ] {
            let mut ours = String::new();
            digits_to_string(&mut ours, n, scale);
            assert_eq!(ours, text);
        }
        let longest_short = 9_999_999_999_999_999;
        for n in [
            0usize,
            7,
            10,
            99,
            100,
            12345,
            longest_short,
            longest_short + 1,
            usize::MAX,
        ] {
            let mut ours = Vec::new();
            number(&mut ours, n);
            assert_eq!(String::from_utf8_lossy(&ours), n.to_string());
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_byte = String::new();
        for b in 0u8..0x80 {
            every_byte.push(char::from(b));
        }
        for s in [
            "",
            "plain",
            "产出指标",
            "≥200.00(万件)",
            "a\"quote",
            "back\\slash",
            "tab\tand\nnewline\r",
            "\u{1}\u{1f}\u{7f}",
            "eight by",
            "exactly sixteen!",
            "引号\"在中间的一段比较长的中文文本",
            every_byte.as_str(),
        ] {
            let mut ours = Vec::new();
            string(&mut ours, s);
            assert_eq!(
                String::from_utf8_lossy(&ours),
                serde_json::to_string(s).expect("serialises"),
                "{s:?}"
            );
        }
    }

    /// The word-at-a-time check against a byte-by-byte one, on every length up to 40 with each
    /// byte that needs an escape at every place, among ASCII, multi-byte characters and
    /// U+2028 (which JSON allows unescaped, and serde_json leaves as it is).
    #[test]
    fn the_escape_check_finds_every_byte_that_needs_one() {
        let fillers = ["a", "指", "\u{2028}", "é", "~", "\u{7f}", "😀"];
        let dirty = [
            '"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{0}', '\u{1f}',
        ];
        for filler in fillers {
            for len in 0..40 {
                let text: String = filler.repeat(len);
                let bytes = text.as_bytes();
                assert!(clean(bytes), "{text:?}");
                for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    for d in dirty {
                        let mut s = text.clone();
                        s.insert(at, d);
                        assert!(!clean(s.as_bytes()), "{s:?}");
                        let mut ours = Vec::new();
                        string(&mut ours, &s);
                        assert_eq!(
                            String::from_utf8_lossy(&ours),
                            serde_json::to_string(&s).expect("serialises"),
                            "{s:?}"
                        );
                    }
                }
            }
        }
        for b in 0u8..=0x7f {
            let s = char::from(b).to_string();
            assert_eq!(clean(s.as_bytes()), !escaped(b), "{b:#x}");
        }
    }

    /// The source written as known is written as any other string.
    #[test]
    fn a_known_source_is_written_as_any_other_string() {
        for text in ["dir/f.tsv", "dir/f\"x.tsv", "a\\b\tc", "book.xlsx#表"] {
            let known = Known::new(text);
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            known.contents(&mut ours);
            contents(&mut theirs, text);
            assert_eq!(ours, theirs, "{text:?}");
            assert_eq!(known.sheet, text.contains('#'));
        }
    }

    /// Every generated table and the seed, scored with and without traces: the line is the
    /// bytes serde_json writes for the same view.
    #[test]
    fn a_table_line_is_what_serde_json_writes() {
        let policy = crate::check::default_policy().expect("the built-in policy compiles");
        let mut text = crate::table::generate::tables(3, 120);
        text.push_str(include_str!(
            "../../tests/fixtures/table/seed_shanghai_2023.tsv"
        ));
        // A text file's source, and a workbook sheet's (whose locations name cells).
        let tables: Vec<_> = ["dir/f\"x.tsv", "dir/book.xlsx#自评表"]
            .into_iter()
            .flat_map(|source| {
                crate::table::seed::Tables::new(text.as_bytes(), source).filter_map(Result::ok)
            })
            .collect();
        assert!(tables.len() > 200);
        for table in &tables {
            for detail in [crate::eval::Detail::SCORES, crate::eval::Detail::FULL] {
                let mut result = crate::eval::score_with(&policy, table.clone(), detail);
                result.input_hash = Some("sha256:00".into());
                let view = super::super::json_table(&result, &policy);
                let mut ours = Vec::new();
                write_line(&mut ours, &result, &policy);
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&serde_line(&view)),
                    "{}",
                    table.line
                );
            }
        }
    }
}
