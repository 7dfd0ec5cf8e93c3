//! Workbooks (`.xlsx`, `.xls`, `.ods`): every sheet read row by row into the same
//! [`Assembler`] as the text exports, so one sheet may hold several tables and every layout
//! repair applies. A table's source is `FILE#SHEET` and its lines are the sheet's row numbers.
//!
//! Cells become the text a person sees: numbers stored as binary floats are written back in
//! their shortest form (a float32 artefact `0.0900000762939453` is `0.09`), a number whose
//! format fixes its decimals with those decimals (`=E6/D6` under `0.00%` is `96.74%`), a
//! number with a percent format as a percentage (`0.958` shown as `95.8%`), and a date serial
//! with the parts its format shows (`2023年12月31日`, `2023年12月`). No float reaches the
//! arithmetic: the text is read as a decimal.

use std::path::Path;

use calamine::{Data, Reader, SheetVisible, open_workbook_auto};

use super::seed::Assembler;
use super::{IndicatorRow, Table, Unreadable};

fn unreadable(source: &str, line: usize, message: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        source: source.to_string(),
        line,
        message: message.to_string(),
    }
}

/// The decimal a person typed, from the binary float a spreadsheet stored: the shortest text
/// that reads back as the same float, then without the noise of a lower-precision store — a
/// value that is exactly a float32 is written as that float32's shortest text
/// (`164.63999938964844` → `164.64`), and a run of five or more zeros (or nines) after the
/// first significant digit ends the number (`0.0900000762939453` → `0.09`,
/// `-0.300000152587891` → `-0.3`, `2.9999999999999996` → `3`).
pub fn float_text(value: f64) -> String {
    let text = format!("{value}");
    let Some(dot) = text.find('.') else {
        return text;
    };
    // Noise shows as a long fraction: a float's 15–17 significant digits. Short ones are kept.
    if text.len() - dot - 1 < 10 {
        return text;
    }
    // A number stored at single precision (`164.63999938964844` for a typed 164.64): the value
    // is a float32's, and the shortest text of that float32 is shorter. "Is": equal, or equal
    // to 15 significant digits, as a writer that prints 16 leaves it (`164.6399993896484`). A
    // double computed at full precision (`96.74441205053451`) is almost never that close to a
    // float32, and a whole number has no fraction to clean.
    let single = value as f32;
    if value.is_finite() && (f64::from(single) - value).abs() <= value.abs() * 1e-15 {
        let short = format!("{single}");
        if short.len() < text.len() {
            return short;
        }
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

/// The date an Excel serial stands for (days since 1899-12-30; 1904 dates are rare in these
/// forms and are read the same way), `2023年12月31日`, with the parts its format shows:
/// `2023年12月` for a format without the day (`yyyy"年"m"月"`, Chinese Excel's reading of a
/// typed `2023年12月`), `2023年` for one with the year alone. A format without the year keeps it: a month means
/// little without one.
fn date_text(serial: f64, parts: DateParts) -> String {
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
    match parts {
        DateParts {
            day: false,
            month: true,
            ..
        } => format!("{year}年{month}月"),
        DateParts {
            day: false,
            month: false,
            year: true,
        } => format!("{year}年"),
        _ => format!("{year}年{month}月{day}日"),
    }
}

/// Which parts of a date a number format shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateParts {
    year: bool,
    month: bool,
    day: bool,
}

impl DateParts {
    const FULL: DateParts = DateParts {
        year: true,
        month: true,
        day: true,
    };
}

/// What a cell's number format shows of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Shown {
    /// A `%` outside quotes and not escaped: the value is shown times 100, as a percentage.
    percent: bool,
    /// A `%` as literal text (`0.00"%"`, `0.00\%`): shown after the value, which is not scaled.
    literal_percent: bool,
    /// The parts of a date the format shows; `None` when it shows none (General, a number
    /// format, a time of day).
    date: Option<DateParts>,
    /// The decimals a number format shows, at least and at most (`0.00` → 2 and 2, `0.0#` →
    /// 1 and 2, `0%` → 0 and 0); `None` for General, text, dates and the formats not read
    /// here (exponents, fractions, conditions, scaling by thousands).
    decimals: Option<(u32, u32)>,
}

/// The format codes Chinese (zh-CN) Excel gives its built-in East Asian date formats, which
/// a file stores by number alone (ECMA-376 Part 1, 18.8.30).
fn zh_cn_builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        27 | 36 | 50 | 52 | 57 => r#"yyyy"年"m"月""#,
        28 | 29 | 51 | 53 | 54 | 58 => r#"m"月"d"日""#,
        30 => "m-d-yy",
        31 => r#"yyyy"年"m"月"d"日""#,
        _ => return None,
    })
}

/// Reads a number format code (its first section: the one for positive numbers): what it
/// shows of a value. Quoted text (`"年"`), escaped characters (`\%`), the characters after
/// `_` and `*` (padding) and bracketed codes (`[Red]`, `[$-804]`) are literal text.
fn shown(code: &str, id: Option<u32>) -> Shown {
    let code = match id.and_then(zh_cn_builtin) {
        Some(builtin) if code.eq_ignore_ascii_case("General") => builtin,
        _ => code,
    };
    let mut out = Shown::default();
    // The letters of date and time codes, in order, each run as one (`yyyy` → `y`).
    let mut letters: Vec<char> = Vec::new();
    // The number's digit placeholders, decimal point and commas, in order (`#,##0.00`).
    let mut digits = String::new();
    // Whether the format shows the number some way not read here.
    let mut other = false;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            'G' | 'g'
                if chars
                    .clone()
                    .take(6)
                    .collect::<String>()
                    .eq_ignore_ascii_case("eneral") =>
            {
                // `General`: the value as it is.
                other = true;
                for _ in 0..6 {
                    chars.next();
                }
            }
            '0' | '#' | '?' | '.' | ',' => digits.push(c),
            'E' | 'e' if matches!(chars.peek(), Some('+' | '-')) => other = true,
            '/' | '@' => other = true,
            '"' => {
                for q in chars.by_ref() {
                    match q {
                        '"' => break,
                        '%' => out.literal_percent = true,
                        _ => {}
                    }
                }
            }
            '\\' => {
                if chars.next() == Some('%') {
                    out.literal_percent = true;
                }
            }
            // Padding: the next character fills space, it is not shown as such.
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                // A colour or locale (`[Red]`, `[$-804]`) shows nothing; a condition
                // (`[>=100]`) picks a section by value.
                if matches!(chars.peek(), Some('<' | '>' | '=')) {
                    other = true;
                }
                for b in chars.by_ref() {
                    if b == ']' {
                        break;
                    }
                }
            }
            '%' => out.percent = true,
            _ => {
                let l = c.to_ascii_lowercase();
                if matches!(l, 'y' | 'm' | 'd' | 'h' | 's') && letters.last() != Some(&l) {
                    letters.push(l);
                }
            }
        }
    }
    if !letters.is_empty() {
        let mut parts = DateParts {
            year: false,
            month: false,
            day: false,
        };
        for (i, l) in letters.iter().enumerate() {
            match l {
                'y' => parts.year = true,
                'd' => parts.day = true,
                // `m` after an hour or before a second is minutes.
                'm' if !(i > 0 && letters[i - 1] == 'h') && letters.get(i + 1) != Some(&'s') => {
                    parts.month = true
                }
                _ => {}
            }
        }
        if parts.year || parts.month || parts.day {
            out.date = Some(parts);
        }
        return out;
    }
    out.decimals = fixed_decimals(&digits).filter(|_| !other);
    out
}

/// The decimals, at least and at most, that a number format's placeholders show
/// (`#,##0.00` → 2 and 2); `None` without a placeholder, with two decimal points, or with a
/// comma that scales by a thousand (`#,##0,`: one after the last digit of the whole part).
fn fixed_decimals(digits: &str) -> Option<(u32, u32)> {
    let placeholder = |c: char| matches!(c, '0' | '#' | '?');
    if !digits.contains(placeholder) || digits.matches('.').count() > 1 {
        return None;
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.ends_with(',') || fraction.contains(',') {
        return None;
    }
    let count = |f: &dyn Fn(char) -> bool| fraction.chars().filter(|c| f(*c)).count() as u32;
    Some((count(&|c| c == '0'), count(&|c| placeholder(c))))
}

/// A number as its format shows it: times 100 for a percentage, rounded half away from zero
/// to the decimals shown (as Excel does), a percent sign after it. `text` is the number's
/// shortest decimal text; the scaling and rounding are done in decimal.
fn number_text(text: String, shown: Shown) -> String {
    use rust_decimal::{Decimal, RoundingStrategy};
    let sign = if shown.percent || shown.literal_percent {
        "%"
    } else {
        ""
    };
    if !shown.percent && shown.decimals.is_none() {
        return text + sign;
    }
    let Ok(mut d) = Decimal::from_str_exact(&text) else {
        return text + sign;
    };
    if shown.percent {
        // Scaled in decimal, not in binary: 0.958 → 95.8, exactly.
        match d.checked_mul(Decimal::ONE_HUNDRED) {
            Some(scaled) => d = scaled,
            None => return text + sign,
        }
    }
    d = match shown.decimals {
        Some((least, most)) => {
            let mut r = d
                .round_dp_with_strategy(most, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            if r.scale() < least {
                r.rescale(least);
            }
            if r.is_zero() {
                r.set_sign_positive(true);
            }
            r
        }
        None => d.normalize(),
    };
    format!("{d}{sign}")
}

fn cell_text(data: &Data, shown: Shown) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => super::one_line(s),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => number_text(i.to_string(), shown),
        Data::Float(f) => number_text(float_text(*f), shown),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => date_text(d.as_f64(), shown.date.unwrap_or(DateParts::FULL)),
        // Excel's own spelling (`#DIV/0!`, `#N/A`), as the cell shows it.
        Data::Error(e) => e.to_string(),
    }
}

/// Whether a workbook's number formats are read: `.xlsx` and `.xlsm` (calamine reads cell
/// styles from these only). A cell of an `.xls` or `.ods` workbook is read as the value stored
/// (`99.8` for a cell shown as `99.80`), so its decimals say nothing of the precision printed.
pub fn formats_read(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
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
    // Number formats are read from .xlsx files; other formats give values only.
    let mut styled: Option<calamine::Xlsx<_>> = if formats_read(path) {
        calamine::open_workbook(path).ok()
    } else {
        None
    };
    let mut out = Vec::new();
    // What the sheets that hold no table said, reported only when no sheet holds one.
    let mut no_table = Vec::new();
    // Hidden sheets (a draft, last year's table, lookup lists) are not the published table.
    let (visible, hidden): (Vec<&calamine::Sheet>, Vec<&calamine::Sheet>) = workbook
        .sheets_metadata()
        .iter()
        .partition(|s| s.visible == SheetVisible::Visible);
    let hidden: Vec<String> = hidden.iter().map(|s| format!("`{}`", s.name)).collect();
    let visible: Vec<String> = visible.iter().map(|s| s.name.clone()).collect();
    for name in visible {
        let mut sheet_out = Vec::new();
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
        let merged = match &mut workbook {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut assembler = Assembler::new(sheet_source);
        for (r, row) in range.rows().enumerate() {
            let row_number = row0 + r as u32;
            // Columns keep their place in the sheet: blank columns before the used area too.
            let mut cells: Vec<String> = vec![String::new(); col0 as usize];
            for (c, data) in row.iter().enumerate() {
                let shown = match data {
                    Data::Float(_) | Data::Int(_) | Data::DateTime(_) => styles
                        .as_ref()
                        .and_then(|s| s.get((row_number, col0 + c as u32)))
                        .and_then(|s| s.number_format.as_ref())
                        .map(|f| shown(&f.format_code, f.format_id))
                        .unwrap_or_default(),
                    _ => Shown::default(),
                };
                cells.push(cell_text(data, shown));
            }
            let refs: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
            assembler.push_row(row_number as usize + 1, &refs);
            while let Some(t) = assembler.pop() {
                sheet_out.push(t);
            }
        }
        assembler.end(false);
        while let Some(t) = assembler.pop() {
            sheet_out.push(t);
        }
        for table in sheet_out.iter_mut().flatten() {
            spread_merged(table, &merged);
        }
        if matches!(sheet_out.as_slice(), [Err(e)] if holds_no_table(e)) {
            no_table.extend(sheet_out);
        } else {
            out.extend(sheet_out);
        }
    }
    // A sheet of notes (填报说明) beside the tables is not an unreadable table; a workbook
    // with no table at all is reported, sheet by sheet.
    if out.is_empty() && !hidden.is_empty() {
        out = no_table;
        out.push(Err(unreadable(
            &source,
            0,
            format!(
                "{} on a visible sheet; hidden sheets are not read ({})",
                super::seed::NO_TABLE,
                hidden.join(", ")
            ),
        )));
    } else if out.is_empty() {
        out = no_table;
    }
    out
}

/// Gives a target, an actual or a reason merged down over several rows (one `≥10个` for two
/// indicators, one 偏差原因 for two misses) to every indicator row the merged cell spans: the
/// sheet stores the value on the first row only. Narrowly: only a merged cell one column wide,
/// in the column a row reads that cell from, and only onto a row that has none, from the
/// indicator row the cell starts on. A weight or score merged over rows is one weight shared by
/// them: it stays on the first row (copying it would count it twice), and the rows below read
/// as having none. A cell merged across columns (a label) stays in its first cell, since
/// columns are found by place.
fn spread_merged(table: &mut Table, merged: &[calamine::Dimensions]) {
    // The text cells that may be merged down, and where each stood.
    fn cell(row: &mut IndicatorRow, which: usize) -> (&mut String, Option<usize>) {
        match which {
            0 => (&mut row.target, row.columns.target),
            1 => (&mut row.actual, row.columns.actual),
            _ => (&mut row.reason, row.columns.reason),
        }
    }
    let down: Vec<&calamine::Dimensions> = merged
        .iter()
        .filter(|d| d.start.1 == d.end.1 && d.end.0 > d.start.0)
        .collect();
    if down.is_empty() {
        return;
    }
    for i in 0..table.indicators.len() {
        for which in 0..3 {
            let Some(row) = table.indicators.get_mut(i) else {
                continue;
            };
            let line = row.line;
            let (value, column) = cell(row, which);
            let (Some(column), true) = (column, value.is_empty()) else {
                continue;
            };
            // Sheet rows count from 0, lines from 1.
            let at = line.saturating_sub(1);
            let Some(first_line) = down
                .iter()
                .find(|d| {
                    d.start.1 as usize == column
                        && (d.start.0 as usize) < at
                        && at <= d.end.0 as usize
                })
                .map(|d| d.start.0 as usize + 1)
            else {
                continue;
            };
            let Some(text) = table.indicators.iter_mut().find_map(|r| {
                let line = r.line;
                let (text, at) = cell(r, which);
                (line == first_line && at == Some(column)).then(|| text.clone())
            }) else {
                continue;
            };
            if let Some(row) = table.indicators.get_mut(i) {
                *cell(row, which).0 = text;
            }
        }
    }
}

/// Whether the reader's word on a sheet is that it holds no table at all (text, but no title,
/// 项目名称, funds or indicator header), rather than that a table in it cannot be read.
fn holds_no_table(e: &Unreadable) -> bool {
    e.message.starts_with(super::seed::NO_TABLE)
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
        let percent = Shown {
            percent: true,
            ..Shown::default()
        };
        assert_eq!(cell_text(&Data::Float(0.958), percent), "95.8%");
        assert_eq!(cell_text(&Data::Float(0.9981), percent), "99.81%");
        assert_eq!(date_text(45291.0, DateParts::FULL), "2023年12月31日");
        assert_eq!(date_text(44927.0, DateParts::FULL), "2023年1月1日");
    }

    #[test]
    fn dates_show_the_parts_their_format_shows() {
        let parts = |code: &str| shown(code, None).date;
        let ym = Some(DateParts {
            year: true,
            month: true,
            day: false,
        });
        assert_eq!(parts(r#"yyyy"年"m"月""#), ym);
        assert_eq!(parts("mmm-yy"), ym);
        assert_eq!(
            parts(r#"yyyy"年""#),
            Some(DateParts {
                year: true,
                month: false,
                day: false,
            })
        );
        assert_eq!(parts(r#"yyyy"年"m"月"d"日""#), Some(DateParts::FULL));
        assert_eq!(parts("yyyy-mm-dd hh:mm"), Some(DateParts::FULL));
        // Minutes are not a month; a time of day shows no date part.
        assert_eq!(parts("h:mm"), None);
        assert_eq!(parts("[h]:mm:ss"), None);
        // Letters in quotes, escaped or in brackets are text.
        assert_eq!(parts(r#"0.00"day""#), None);
        assert_eq!(parts("[Red]0.00"), None);
        assert_eq!(parts("General"), None);
        // Chinese Excel's built-in 27 (`yyyy"年"m"月"`), stored by number alone.
        assert_eq!(shown("General", Some(27)).date, ym);
        assert_eq!(shown("General", Some(0)).date, None);
        let serial = |code: &str, s: f64| date_text(s, parts(code).unwrap_or(DateParts::FULL));
        assert_eq!(serial(r#"yyyy"年"m"月""#, 45261.0), "2023年12月");
        assert_eq!(serial(r#"yyyy"年""#, 44927.0), "2023年");
        assert_eq!(serial(r#"m"月"d"日""#, 45291.0), "2023年12月31日");
        assert_eq!(serial("yyyy/m/d", 45291.0), "2023年12月31日");
    }

    #[test]
    fn only_a_percent_sign_outside_quotes_scales_by_100() {
        let text = |code: &str, value: f64| cell_text(&Data::Float(value), shown(code, None));
        assert_eq!(text("0.00%", 0.9), "90.00%");
        assert_eq!(text("0%", 0.9), "90%");
        assert_eq!(text(r#"0.00"%""#, 90.0), "90.00%");
        assert_eq!(text(r"0.00\%", 90.0), "90.00%");
        assert_eq!(text(r#"0.00"%";-0.00"%""#, 98.5), "98.50%");
        assert_eq!(cell_text(&Data::Int(90), shown(r"0\%", None)), "90%");
        assert_eq!(cell_text(&Data::Int(1), shown("0%", None)), "100%");
        // Padding after `_` or `*` is not text shown.
        assert_eq!(text("0.00_%", 90.0), "90.00");
        assert_eq!(text("General", 90.0), "90");
    }

    #[test]
    fn numbers_stored_at_single_precision_come_back_as_typed() {
        assert_eq!(float_text(164.63999938964844), "164.64");
        assert_eq!(float_text(f64::from(386.83_f32)), "386.83");
        // The same float32 printed with 16 significant digits, as openpyxl writes it.
        assert_eq!(float_text(164.6399993896484), "164.64");
        assert_eq!(float_text(96.7444120505345), "96.7444120505345");
        assert_eq!(float_text(f64::from(159.28_f32)), "159.28");
        assert_eq!(float_text(f64::from(-0.3_f32)), "-0.3");
        assert_eq!(float_text(f64::from(0.09_f32)), "0.09");
        assert_eq!(float_text(f64::from(99.67_f32)), "99.67");
        // Doubles computed at full precision are left alone.
        for v in [
            159.28 / 164.64,
            159.28 / 164.64 * 100.0,
            10.0 * (159.28 / 164.64),
            1.0 / 3.0,
        ] {
            assert_eq!(float_text(v), format!("{v}"));
        }
        assert_eq!(float_text(159.28 / 164.64), "0.9674441205053451");
        // Whole numbers and short fractions are kept as they are.
        assert_eq!(float_text(123456792.0), "123456792");
        assert_eq!(float_text(0.375), "0.375");
        assert_eq!(float_text(1.1), "1.1");
    }

    #[test]
    fn numbers_are_read_with_the_decimals_their_format_shows() {
        let text = |code: &str, value: f64| cell_text(&Data::Float(value), shown(code, None));
        // A formula's full-precision result, as the sheet shows it.
        assert_eq!(text("0.00%", 159.28 / 164.64), "96.74%");
        assert_eq!(text("0.00", 10.0 * (159.28 / 164.64)), "9.67");
        assert_eq!(text("0.00", 15.0 * 0.9 / 0.95), "14.21");
        assert_eq!(text("0.00", 10.0), "10.00");
        assert_eq!(text("0.0", 99.8), "99.8");
        assert_eq!(text("0", 95.5), "96");
        assert_eq!(text("0%", 0.9674), "97%");
        assert_eq!(text("#,##0.00", 1646400.0), "1646400.00");
        assert_eq!(text("#,##0", 12500.4), "12500");
        // Half away from zero, on the decimal the float stands for (2.675 is stored a hair
        // below, and Excel shows 2.68).
        assert_eq!(text("0.00", 2.675), "2.68");
        assert_eq!(text("0.00", -2.675), "-2.68");
        assert_eq!(text("0.00", -0.001), "0.00");
        // Optional decimals: `#` shows a digit only when there is one.
        assert_eq!(text("0.0#", 9.5), "9.5");
        assert_eq!(text("0.0#", 9.674), "9.67");
        assert_eq!(text("0.##", 10.0), "10");
        // Float32 noise goes before the rounding.
        assert_eq!(text("0.00", 164.63999938964844), "164.64");
        // Literal text and colours do not change the number.
        assert_eq!(text(r#"0.00"分""#, 9.5), "9.50");
        assert_eq!(text("[Red]0.00", 9.5), "9.50");
        assert_eq!(
            text(r#"_ * #,##0.00_ ;_ * \-#,##0.00_ ;_ * "-"??_ ;_ @_ "#, 9.5),
            "9.50"
        );
        // General, and formats not read here, give the value as stored.
        assert_eq!(text("General", 9.674441205053451), "9.674441205053451");
        assert_eq!(text(r#"General"分""#, 9.5), "9.5");
        assert_eq!(text("0.00E+00", 1234.5), "1234.5");
        assert_eq!(text("# ?/?", 0.5), "0.5");
        assert_eq!(text("#,##0,", 12500.0), "12500");
        assert_eq!(text("[>=100]0;0.00", 9.5), "9.5");
        assert_eq!(text("@", 9.5), "9.5");
        assert_eq!(cell_text(&Data::Int(10), shown("0.00", None)), "10.00");
        assert_eq!(cell_text(&Data::Int(10), shown("General", None)), "10");
        assert_eq!(
            cell_text(&Data::Int(10), shown("General", Some(2))),
            "10",
            "a built-in number format is given with its code"
        );
    }

    #[test]
    fn error_cells_are_quoted_as_excel_shows_them() {
        use calamine::CellErrorType as E;
        let shown = |e: E| cell_text(&Data::Error(e), Shown::default());
        assert_eq!(shown(E::Div0), "#DIV/0!");
        assert_eq!(shown(E::NA), "#N/A");
        assert_eq!(shown(E::Value), "#VALUE!");
        assert_eq!(shown(E::Ref), "#REF!");
        assert_eq!(shown(E::Name), "#NAME?");
        assert_eq!(shown(E::Num), "#NUM!");
        assert_eq!(shown(E::Null), "#NULL!");
    }

    #[test]
    fn a_line_break_in_a_cell_joins_cjk_and_is_a_space_elsewhere() {
        assert_eq!(super::super::one_line("补贴发放\n人数"), "补贴发放人数");
        assert_eq!(super::super::one_line("老人\r\n满意度"), "老人满意度");
        assert_eq!(super::super::one_line("合格率\n（抽查）"), "合格率（抽查）");
        assert_eq!(super::super::one_line("社会效益 \n 指标"), "社会效益指标");
        assert_eq!(super::super::one_line("ISO 9001\n认证"), "ISO 9001 认证");
        assert_eq!(super::super::one_line("≥90%\n(抽查)"), "≥90% (抽查)");
        assert_eq!(super::super::one_line("完成\n\n\n已验收"), "完成已验收");
        assert_eq!(super::super::one_line("\n人数\n"), "人数");
        assert_eq!(super::super::one_line("人数"), "人数");
        assert_eq!(
            cell_text(&Data::String("按月\n发放".into()), Shown::default()),
            "按月发放"
        );
    }
}
