//! JSON Lines written by hand: the batch format's hot path. Byte for byte what serde_json
//! writes for the same [`JsonTable`] view (a test holds the two together), without its
//! byte-by-byte escaping of every string: most strings need none, which eight bytes at a time
//! show.

use std::io::Write;

use rust_decimal::Decimal;

use super::{JsonFinding, JsonIndicator, JsonTable};
use crate::eval::score::Status;
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

/// One table as one line of JSON, with its line end.
pub fn write_line(out: &mut Vec<u8>, t: &JsonTable) {
    key!(out, { "name" });
    string(out, t.name);
    key!(out, "source");
    string(out, t.source);
    key!(out, "line");
    number(out, t.line);
    key!(out, "year");
    optional_number(out, t.year.map(|y| y as usize));
    key!(out, "total");
    decimal(out, &t.total);
    key!(out, "grade");
    string(out, t.grade);
    key!(out, "reported_total");
    optional_decimal(out, t.reported_total.as_ref());
    key!(out, "reported_grade");
    optional_string(out, t.reported_grade);
    let b = &t.budget;
    key!(out, "budget");
    key!(out, { "weight" });
    decimal(out, &b.weight);
    key!(out, "rate");
    optional_decimal(out, b.rate.as_ref());
    key!(out, "score");
    decimal(out, &b.score);
    key!(out, "reported_rate");
    optional_string(out, b.reported_rate);
    key!(out, "reported_score");
    optional_decimal(out, b.reported_score.as_ref());
    trace(out, b.trace);
    out.push(b'}');
    key!(out, "indicators");
    list(out, &t.indicators, indicator);
    key!(out, "findings");
    list(out, &t.findings, finding);
    let r = &t.receipt;
    key!(out, "receipt");
    key!(out, { "policy" });
    string(out, r.policy);
    key!(out, "jurisdiction");
    optional_string(out, r.jurisdiction);
    key!(out, "years");
    optional_string(out, r.years.as_deref());
    key!(out, "policy_hash");
    string(out, r.policy_hash);
    key!(out, "parents");
    list(out, r.parents, |out, p| string(out, p));
    key!(out, "jixiao");
    string(out, r.jixiao);
    key!(out, "input");
    optional_string(out, r.input);
    out.extend_from_slice(b"}}\n");
}

fn indicator(out: &mut Vec<u8>, i: &JsonIndicator) {
    key!(out, { "level1" });
    string(out, i.level1);
    key!(out, "level2");
    string(out, i.level2);
    key!(out, "name");
    string(out, i.name);
    key!(out, "target");
    string(out, i.target);
    key!(out, "actual");
    string(out, i.actual);
    key!(out, "weight");
    optional_decimal(out, i.weight.as_ref());
    key!(out, "score");
    decimal(out, &i.score);
    key!(out, "reported_score");
    optional_decimal(out, i.reported_score.as_ref());
    key!(out, "status");
    string(
        out,
        match i.status {
            Status::Scored => "scored",
            Status::KeptReported => "kept-reported",
            Status::NotApplicable => "not-applicable",
        },
    );
    key!(out, "line");
    number(out, i.line);
    trace(out, i.trace);
    out.push(b'}');
}

fn finding(out: &mut Vec<u8>, f: &JsonFinding) {
    key!(out, { "code" });
    string(out, f.code);
    key!(out, "name");
    string(out, f.name);
    key!(out, "severity");
    string(
        out,
        match f.severity {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        },
    );
    key!(out, "message");
    string(out, f.message);
    key!(out, "file");
    string(out, f.file);
    key!(out, "line");
    optional_number(out, f.line);
    key!(out, "location");
    match &f.location {
        // `FILE:17` or `FILE#SHEET!E17`, as `Location` displays it, without a string of its own.
        Some(l) => {
            out.push(b'"');
            contents(out, l.source);
            match l.column {
                Some(c) if l.source.contains('#') => {
                    out.push(b'!');
                    out.extend_from_slice(crate::table::column_letters(c).as_bytes());
                }
                _ => out.push(b':'),
            }
            number(out, l.line);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    key!(out, "indicator");
    optional_string(out, f.indicator);
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
    digits(out, n as u128, 0);
}

fn optional_number(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => number(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// A decimal as a JSON string, exactly as `Display` prints it (`10.00`, `-0.5`, `0`), from its
/// mantissa and scale rather than through `fmt`.
fn decimal(out: &mut Vec<u8>, d: &Decimal) {
    out.push(b'"');
    if d.is_sign_negative() {
        out.push(b'-');
    }
    digits(out, d.mantissa().unsigned_abs(), d.scale() as usize);
    out.push(b'"');
}

/// The digits of `n`, with a point before the last `scale` of them (and zeros to fill).
/// Also the scorer's way to print a figure into a finding's message.
pub(crate) fn digits(out: &mut Vec<u8>, mut n: u128, scale: usize) {
    // 96-bit mantissas have at most 29 digits; a scale is at most 28. The digits are written
    // from the end of a buffer of zeros, so each part goes out in one copy.
    const SIZE: usize = 40;
    let mut buffer = [b'0'; SIZE];
    let mut start = SIZE;
    let mut push = |digit: u8| {
        start = start.saturating_sub(1);
        if let Some(slot) = buffer.get_mut(start) {
            *slot = b'0' + digit;
        }
    };
    // Most values fit 64 bits, where dividing by ten is one instruction, not a library call.
    while n > u128::from(u64::MAX) {
        push((n % 10) as u8);
        n /= 10;
    }
    let mut small = n as u64;
    while small > 0 {
        push((small % 10) as u8);
        small /= 10;
    }
    // The fraction is the last `scale` places, zeros before the digits where it is longer.
    let point = SIZE - scale.min(SIZE);
    let whole = buffer.get(start.min(point)..point).unwrap_or_default();
    if whole.is_empty() {
        out.push(b'0');
    } else {
        out.extend_from_slice(whole);
    }
    if point < SIZE {
        out.push(b'.');
        out.extend_from_slice(buffer.get(point..).unwrap_or_default());
    }
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

/// Whether any of the eight bytes of `word` is a control character, `"` or `\`.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    (below_space | zero_byte(quote) | zero_byte(backslash)) & HIGHS != 0
}

/// A JSON string, escaped as serde_json escapes it.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    contents(out, s);
    out.push(b'"');
}

/// The inside of a JSON string.
fn contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut clean = words
        .by_ref()
        .all(|word| <[u8; 8]>::try_from(word).is_ok_and(|w| !needs_escape(u64::from_le_bytes(w))));
    if clean {
        // The last bytes, padded with spaces (which need no escape) to a whole word.
        let mut last = [b' '; 8];
        for (slot, &b) in last.iter_mut().zip(words.remainder()) {
            *slot = b;
        }
        clean = !needs_escape(u64::from_le_bytes(last));
    }
    if clean {
        out.extend_from_slice(bytes);
    } else {
        for &b in bytes {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0C => out.extend_from_slice(b"\\f"),
                b if b < 0x20 => {
                    let _ = write!(out, "\\u{b:04x}");
                }
                b => out.push(b),
            }
        }
    }
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
        for n in [0usize, 7, 10, 99, 100, 12345, usize::MAX] {
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
                write_line(&mut ours, &view);
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
