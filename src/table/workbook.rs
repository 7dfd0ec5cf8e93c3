//! Workbooks (`.xlsx`, `.xls`, `.ods`): every sheet read row by row into the same
//! [`Assembler`] as the text exports, so one sheet may hold several tables and every layout
//! repair applies. A table's source is `FILE#SHEET` and its lines are the sheet's row numbers.
//!
//! Cells become the text a person sees: numbers stored as binary floats are written back in
//! their shortest form (a float32 artefact `0.0900000762939453` is `0.09`), a number with a
//! percent format is written as a percentage (`0.958` shown as `95.8%`), and a date serial as
//! `2023年12月31日`. No float reaches the arithmetic: the text is read as a decimal.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::seed::Assembler;
use super::{Table, Unreadable};

fn unreadable(source: &str, line: usize, message: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        source: source.to_string(),
        line,
        message: message.to_string(),
    }
}

/// The decimal a person typed, from the binary float a spreadsheet stored: the shortest text
/// that reads back as the same float, then without the noise of a lower-precision store — a
/// run of five or more zeros (or nines) after the first significant digit ends the number
/// (`0.0900000762939453` → `0.09`, `-0.300000152587891` → `-0.3`, `2.9999999999999996` → `3`).
pub fn float_text(value: f64) -> String {
    let text = format!("{value}");
    let Some(dot) = text.find('.') else {
        return text;
    };
    // Noise shows as a long fraction: a float's 15–17 significant digits. Short ones are kept.
    if text.len() - dot - 1 < 10 {
        return text;
    }
    let bytes = text.as_bytes();
    let first_significant = bytes
        .iter()
        .position(|b| (b'1'..=b'9').contains(b))
        .unwrap_or(0);
    for run_digit in [b'0', b'9'] {
        let mut i = (dot + 1).max(first_significant + 1);
        while i + 5 <= bytes.len() {
            if bytes[i..i + 5].iter().all(|b| *b == run_digit) {
                let kept = text.get(..i).unwrap_or(&text);
                let Ok(d) = rust_decimal::Decimal::from_str_exact(kept.trim_end_matches('.'))
                else {
                    return text;
                };
                let places = i.saturating_sub(dot + 1) as u32;
                let cleaned = if run_digit == b'0' {
                    d
                } else {
                    // …99999: the digit before the run goes up by one.
                    let step = rust_decimal::Decimal::new(1, places);
                    if d.is_sign_negative() {
                        d - step
                    } else {
                        d + step
                    }
                };
                return cleaned.normalize().to_string();
            }
            i += 1;
        }
    }
    text
}

/// `2023年12月31日` for an Excel date serial (days since 1899-12-30; 1904 dates are rare in
/// these forms and are read the same way).
fn date_text(serial: f64) -> String {
    // Civil date from a day count (Howard Hinnant's algorithm), from 1970-01-01.
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year}年{month}月{day}日")
}

fn cell_text(data: &Data, percent: bool) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) if percent => format!("{}%", i.saturating_mul(100)),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if percent => {
            // Scaled in decimal, not in binary: 0.958 → 95.8, exactly.
            let text = float_text(*f);
            match rust_decimal::Decimal::from_str_exact(&text) {
                Ok(d) => format!("{}%", (d * rust_decimal::Decimal::ONE_HUNDRED).normalize()),
                Err(_) => text,
            }
        }
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => date_text(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Every table of every sheet of a workbook.
pub fn tables(path: &Path) -> Vec<Result<Table, Unreadable>> {
    let source = path.display().to_string();
    let mut workbook = match open_workbook_auto(path) {
        Ok(w) => w,
        Err(e) => {
            return vec![Err(unreadable(
                &source,
                0,
                format!("not a workbook jixiao can read: {e}"),
            ))];
        }
    };
    // Number formats (percentages) are read from .xlsx files; other formats give values only.
    let mut styled: Option<calamine::Xlsx<_>> = match path.extension().and_then(|e| e.to_str()) {
        Some("xlsx" | "xlsm") => calamine::open_workbook(path).ok(),
        _ => None,
    };
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        let sheet_source = format!("{source}#{name}");
        let range = match workbook.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(unreadable(
                    &sheet_source,
                    0,
                    format!("the sheet cannot be read: {e}"),
                )));
                continue;
            }
        };
        let styles = styled.as_mut().and_then(|x| x.worksheet_style(&name).ok());
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut assembler = Assembler::new(sheet_source);
        for (r, row) in range.rows().enumerate() {
            let row_number = row0 + r as u32;
            // Columns keep their place in the sheet: blank columns before the used area too.
            let mut cells: Vec<String> = vec![String::new(); col0 as usize];
            for (c, data) in row.iter().enumerate() {
                let percent = styles
                    .as_ref()
                    .and_then(|s| s.get((row_number, col0 + c as u32)))
                    .and_then(|s| s.number_format.as_ref())
                    .is_some_and(|f| f.format_code.contains('%'));
                cells.push(cell_text(data, percent));
            }
            let refs: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
            assembler.push_row(row_number as usize + 1, &refs);
            while let Some(t) = assembler.pop() {
                out.push(t);
            }
        }
        assembler.end();
        while let Some(t) = assembler.pop() {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_come_back_as_the_decimals_people_typed() {
        assert_eq!(float_text(0.0900000762939453), "0.09");
        assert_eq!(float_text(-0.300000152587891), "-0.3");
        assert_eq!(float_text(3103.59), "3103.59");
        assert_eq!(float_text(99.8), "99.8");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(2.9999999999999996), "3");
        assert_eq!(float_text(99.80000000000001), "99.8");
        assert_eq!(float_text(100.0), "100");
        assert_eq!(float_text(0.000001), "0.000001");
        assert_eq!(float_text(1.000001), "1.000001");
        assert_eq!(cell_text(&Data::Float(0.958), true), "95.8%");
        assert_eq!(cell_text(&Data::Float(0.9981), true), "99.81%");
        assert_eq!(date_text(45291.0), "2023年12月31日");
        assert_eq!(date_text(44927.0), "2023年1月1日");
    }
}
