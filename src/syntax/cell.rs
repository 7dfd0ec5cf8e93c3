//! Target and actual cells of real tables, read with the policy grammar's quantity rules:
//! `≥200.00(万件)`, `≤1(%)`, `<10.00(%)`, `7*24小时`, `达成指标`, `≥100百分比`, `2023年12月`.

use std::borrow::Cow;

use pest::Parser as _;
use pest::iterators::Pair;
use rust_decimal::Decimal;
use serde::Serialize;

use super::ast::Comparator;
use super::lower::{comparator_of, parse_decimal};
use super::{Grammar, Rule};

/// What a cell says, once read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CellValue<'a> {
    /// Nothing written.
    Empty,
    /// `—`, `-`, `/`, `*`, `无`: explicitly nothing.
    Placeholder { text: Cow<'a, str> },
    /// `≥200.00(万件)`, `386.83`, `100万元以上`.
    Quantity {
        comparator: Option<Comparator>,
        #[serde(with = "rust_decimal::serde::str")]
        number: Decimal,
        unit: Option<Cow<'a, str>>,
    },
    /// `90%-100%`.
    Range {
        #[serde(with = "rust_decimal::serde::str")]
        low: Decimal,
        #[serde(with = "rust_decimal::serde::str")]
        high: Decimal,
        unit: Option<Cow<'a, str>>,
    },
    /// `±10%`.
    Band {
        #[serde(with = "rust_decimal::serde::str")]
        width: Decimal,
        unit: Option<Cow<'a, str>>,
    },
    /// `7*24小时`: an availability promise, judged like a qualitative target.
    Schedule { days: u32, hours: u32 },
    /// `2023年12月`, `2023年6月30日前`; without a year (`12月底前`, `年底前`), the table's.
    Date {
        year: Option<u32>,
        month: Option<u32>,
        day: Option<u32>,
    },
    /// Anything else: `达成指标`, `及时`, `效果明显`.
    Text { text: Cow<'a, str> },
}

impl CellValue<'_> {
    pub fn is_blank(&self) -> bool {
        matches!(self, CellValue::Empty | CellValue::Placeholder { .. })
    }

    /// The same reading, owning its words: for a cell whose normalised text was made anew.
    pub fn into_owned(self) -> CellValue<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        match self {
            CellValue::Empty => CellValue::Empty,
            CellValue::Placeholder { text } => CellValue::Placeholder { text: own(text) },
            CellValue::Quantity {
                comparator,
                number,
                unit,
            } => CellValue::Quantity {
                comparator,
                number,
                unit: unit.map(own),
            },
            CellValue::Range { low, high, unit } => CellValue::Range {
                low,
                high,
                unit: unit.map(own),
            },
            CellValue::Band { width, unit } => CellValue::Band {
                width,
                unit: unit.map(own),
            },
            CellValue::Schedule { days, hours } => CellValue::Schedule { days, hours },
            CellValue::Date { year, month, day } => CellValue::Date { year, month, day },
            CellValue::Text { text } => CellValue::Text { text: own(text) },
        }
    }
}

/// Placeholders that mean "nothing here" in published tables.
pub const PLACEHOLDERS: &[&str] = &[
    "—",
    "——",
    "-",
    "--",
    "/",
    "*",
    "无",
    "－",
    "―",
    "N/A",
    "n/a",
    "不适用",
];

/// Makes a cell comparable: full-width digits, letters and punctuation become half-width,
/// thousands separators go, and surrounding space is trimmed.
pub fn normalise(raw: &str) -> Cow<'_, str> {
    // Most cells hold no byte that can begin a full-width form, a comma or a space: they are
    // returned as they are, without being decoded character by character.
    let classes = byte_classes(raw);
    if classes == 0 {
        return Cow::Borrowed(raw);
    }
    let needs = classes & WIDE != 0
        && raw.chars().any(|c| {
            ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}' || c == ',' || c == '\u{A0}'
        });
    let trimmed = if classes & SPACE == 0 || ends_without_space(raw) {
        raw
    } else {
        raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
    };
    if !needs {
        return Cow::Borrowed(trimmed);
    }
    let widened: String = trimmed
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{A0}' => ' ',
            _ => c,
        })
        .collect();
    Cow::Owned(strip_thousands(widened.trim()))
}

/// Whether a byte can begin a whitespace character: an ASCII control or space, or the first
/// byte of U+0085, U+00A0, U+1680, U+2000–U+205F or U+3000 in UTF-8.
pub const fn may_begin_space(b: u8) -> bool {
    b <= b' ' || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// A byte class: the byte can begin a full-width form (U+FF01–U+FF5E), the ideographic or the
/// no-break space, or is a comma (a thousands separator): what [`normalise`] changes.
pub const WIDE: u8 = 1;
/// A byte class: the byte can begin a whitespace character ([`may_begin_space`]).
pub const SPACE: u8 = 2;

/// The classes of every byte value, worked out when compiling.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if matches!(byte, b',' | 0xEF | 0xE3 | 0xC2) {
            table[b] |= WIDE;
        }
        if may_begin_space(byte) {
            table[b] |= SPACE;
        }
        b += 1;
    }
    table
};

/// The byte classes found in `text`, in one pass with a table lookup per byte: a cell with
/// none of a class needs no decoding for it.
pub fn byte_classes(text: &str) -> u8 {
    text.bytes()
        .fold(0, |classes, b| classes | BYTE_CLASS[usize::from(b)])
}

/// Whether neither end of `text` is whitespace (what `trim` takes off), told from the first
/// byte of its first and last characters (cells come trimmed, so this is the usual case and
/// needs no decoding). Exact: an end whose byte may begin a space is told from its bytes
/// ([`space_first`]); `≥` and `≤` begin with the byte of U+2000–U+205F, and most targets begin
/// with them.
#[inline]
pub fn ends_without_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    let last = bytes.iter().rev().find(|b| (**b & 0xC0) != 0x80);
    match (bytes.first(), last) {
        (Some(&first), Some(&last)) => {
            (!may_begin_space(first) && !may_begin_space(last)) || ends_told_by_bytes(bytes)
        }
        _ => false,
    }
}

/// `text.contains(word)` by a walk over the bytes: labels and head cells are a few dozen bytes,
/// too short for `str::contains`'s search to pay for its set-up (hundreds of instructions a
/// call). A match of UTF-8 bytes is a match of characters, as no character's bytes begin
/// inside another's.
pub fn holds(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    let Some(last_start) = text.len().checked_sub(word.len()) else {
        return false;
    };
    text.iter()
        .take(last_start + 1)
        .enumerate()
        .any(|(at, &b)| b == first && text[at + 1..].starts_with(rest))
}

/// [`ends_without_space`] for a text with an end that may be a space.
fn ends_told_by_bytes(bytes: &[u8]) -> bool {
    let last = bytes.iter().rposition(|b| (*b & 0xC0) != 0x80);
    !space_first(bytes) && !last.and_then(|at| bytes.get(at..)).is_some_and(space_first)
}

/// Whether the character `bytes` begin with is whitespace (`char::is_whitespace`), from its
/// UTF-8 bytes: U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
/// U+2029, U+202F, U+205F and U+3000.
fn space_first(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0x09..=0x0D | b' ', ..]
            | [0xC2, 0x85 | 0xA0, ..]
            | [0xE1, 0x9A, 0x80, ..]
            | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..]
    )
}

/// `3,432.00` → `3432.00`; a comma not between digit groups stays.
fn strip_thousands(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ',' {
            let before = i > 0 && chars.get(i - 1).is_some_and(|d| d.is_ascii_digit());
            let group = chars
                .get(i + 1..i + 4)
                .is_some_and(|g| g.len() == 3 && g.iter().all(|d| d.is_ascii_digit()));
            let after_group = chars.get(i + 4).is_none_or(|d| !d.is_ascii_digit());
            if before && group && after_group {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Comparator spellings the fast path knows (after normalisation); the rest go to the grammar.
const QUICK_COMPARATORS: &[(&str, Comparator)] = &[
    (">=", Comparator::Ge),
    ("<=", Comparator::Le),
    ("==", Comparator::Eq),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    (">", Comparator::Gt),
    ("<", Comparator::Lt),
    ("=", Comparator::Eq),
    ("﹦", Comparator::Eq),
    ("═", Comparator::Eq),
];

/// The common cell `[comparator] number [unit | (unit)]` read without the parser: most cells of
/// a large batch are this, and the grammar costs far more per cell. Anything it is not sure of
/// (ranges, dates, suffixes such as 以上, compound units) returns `None` and goes to the grammar,
/// which stays the definition; a test holds the two to the same answers.
fn quick_quantity(text: &str) -> Option<CellValue<'_>> {
    let mut rest = text;
    let mut comparator = None;
    // No spelling begins with a digit or a minus: a bare figure skips the search.
    let bare = text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'-');
    if !bare
        && let Some((spelling, cmp)) = QUICK_COMPARATORS.iter().find(|(s, _)| rest.starts_with(s))
    {
        comparator = Some(*cmp);
        rest = rest[spelling.len()..].trim_start();
    }
    let bytes = rest.as_bytes();
    let mut end = usize::from(bytes.first() == Some(&b'-'));
    let digits_start = end;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    let int_digits = end - digits_start;
    if int_digits == 0 {
        return None;
    }
    if bytes.get(end) == Some(&b'.') {
        let frac_start = end + 1;
        end = frac_start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == frac_start {
            return None;
        }
    }
    let number = Decimal::from_str_exact(rest.get(..end)?).ok()?;
    let tail = trimmed(rest.get(end..)?);
    let unit = if tail.is_empty() {
        None
    } else {
        let inner = match tail.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            Some(inner) => trimmed(inner),
            None => tail,
        };
        // A unit of `%`, `‰` or ideographs only, without the words the grammar reads otherwise:
        // suffixes (以上, 以内 …), 左右, ranges with 至, and a year (`2023年…` is a date). One
        // pass over the unit, `左右` looked for only after a `左`.
        if !matches!(inner, "%" | "‰") {
            let mut left = false;
            for c in inner.chars() {
                if !('\u{4E00}'..='\u{9FFF}').contains(&c) || matches!(c, '以' | '至' | '及' | '内')
                {
                    return None;
                }
                left |= c == '左';
            }
            if inner.is_empty()
                || (left && inner.contains("左右"))
                || (int_digits == 4 && inner.starts_with('年'))
                || (inner.starts_with('月') && inner != "月")
            {
                return None;
            }
        }
        Some(Cow::Borrowed(inner))
    };
    Some(CellValue::Quantity {
        comparator,
        number,
        unit,
    })
}

/// `text.trim()`, without decoding its ends when their first bytes cannot begin a space.
pub(crate) fn trimmed(text: &str) -> &str {
    if ends_without_space(text) {
        text
    } else {
        text.trim()
    }
}

/// Reads one cell. Its words (a unit, a text) are borrowed from the cell when normalising
/// changed nothing, as for most cells.
pub fn parse_cell(raw: &str) -> CellValue<'_> {
    let value = match normalise(raw) {
        Cow::Borrowed(text) => read(text),
        Cow::Owned(text) => read(&text).into_owned(),
    };
    match value {
        CellValue::Quantity {
            comparator,
            number,
            unit,
        } if number.scale() >= NOISY_SCALE => CellValue::Quantity {
            comparator,
            number: without_float_noise(number),
            unit,
        },
        value => value,
    }
}

/// A cell that is a comparator and nothing else (`≥`, `﹦`, `＞＝`, `大于等于`, `不低于`), as a
/// column of its own beside a bare 指标值 holds it: every spelling a target cell's comparator
/// may take, read by the same grammar rule, so the two paths cannot drift apart.
pub fn comparator_word(raw: &str) -> Option<Comparator> {
    let text = normalise(raw);
    // The symbols, most such columns' content, without the parser.
    if let Some((_, cmp)) = QUICK_COMPARATORS.iter().find(|(s, _)| *s == text) {
        return Some(*cmp);
    }
    let pair = Grammar::parse(Rule::comparator, &text).ok()?.next()?;
    // `大于` must not be taken from `大于上年`: the whole cell is the comparator.
    if pair.as_str().len() != text.len() {
        return None;
    }
    pair.into_inner()
        .next()
        .and_then(|spelling| comparator_of(spelling.as_rule()))
}

/// Decimals from which a figure may be a spreadsheet's float noise: a float shows 15–17
/// significant digits, a person types a few.
const NOISY_SCALE: u32 = 10;

/// A figure exported from a spreadsheet with its float's noise (`0.30000001192092896`,
/// `164.63999938964844`, `95.00000047683716`): the decimal a person typed, as a workbook
/// cell's is read ([`crate::table::workbook::float_text`]). The float is only recognised, never
/// computed with: the figure stays a decimal. Figures with fewer decimals are kept as written.
pub fn without_float_noise(number: Decimal) -> Decimal {
    if number.scale() < NOISY_SCALE {
        return number;
    }
    let Ok(float) = number.to_string().parse::<f64>() else {
        return number;
    };
    // Only what the noise rules clean: a long figure that is merely not a float's shortest
    // text (`96.74441205053451`, the float of `96.7444120505345`) is kept as written.
    let typed = crate::table::workbook::float_text(float);
    if typed == float.to_string() {
        return number;
    }
    match Decimal::from_str_exact(&typed) {
        Ok(typed) if typed.scale() < number.scale() => typed,
        _ => number,
    }
}

/// Reads one normalised cell.
fn read(text: &str) -> CellValue<'_> {
    if text.is_empty() {
        return CellValue::Empty;
    }
    if PLACEHOLDERS.contains(&text) {
        return CellValue::Placeholder {
            text: Cow::Borrowed(text),
        };
    }
    // Every reading but plain text needs a digit, bar the year's end (`年底前完成`), a quarter
    // (`第四季度`) and a half (`上半年`): words skip the parser.
    if !text.bytes().any(|b| b.is_ascii_digit())
        && !text.starts_with(['年', '本'])
        && !text.contains(['季', '半'])
    {
        // A count in Chinese numerals (`不少于三次`) is a figure, a share in words
        // (`百分之九十五`, `九成以上`) a percentage, a date in numerals (`二〇二三年十一月`,
        // `十二月底前`) the date; any other words are words.
        if let Some(value) = in_figures(text)
            .or_else(|| share_in_words(text))
            .or_else(|| date_in_numerals(text))
        {
            return value;
        }
        return CellValue::Text {
            text: Cow::Borrowed(text),
        };
    }
    let value = exact(text);
    // `半年`, `3个半月`, `两天半`, `一个季度`: durations with a half or in quarters, which the
    // words' path above leaves to the grammar for the dates they may be (`上半年`, `四季度`).
    // A figure before it (`3个半月`, `2天半`) is read by the grammar with 半 in its unit.
    let half_in_unit =
        matches!(&value, CellValue::Quantity { unit: Some(u), .. } if u.contains('半'));
    if (half_in_unit || matches!(value, CellValue::Text { .. }))
        && text.contains(['半', '季'])
        && let Some(value) = with_half(text).or_else(|| in_figures(text))
    {
        return value;
    }
    // `每月1次`, `每季度至少2次`: a count per period, as `1次/月` writes it.
    if matches!(value, CellValue::Text { .. })
        && let Some(value) = per_period(text)
    {
        return value;
    }
    // An estimate reads as words (`约520人次`, `500人左右`) or as a figure whose unit holds 余 or
    // 多 (`520余人次`): only then is it looked for, not on every cell.
    let estimate = match &value {
        CellValue::Text { .. } => true,
        CellValue::Quantity {
            comparator: None,
            unit: Some(unit),
            ..
        } => unit.contains(['余', '多']),
        _ => false,
    };
    if estimate && let Some(value) = approximate(text) {
        return value;
    }
    if matches!(value, CellValue::Text { .. }) {
        // A figure closed like a sentence (`1000人。`, `95%；`): the figure.
        if let Some(figure) = text
            .strip_suffix(['。', '；', ';'])
            .map(str::trim_end)
            .filter(|figure| !figure.is_empty())
            .map(read)
            .filter(|figure| !matches!(figure, CellValue::Text { .. }))
        {
            return figure;
        }
        // `人均280元`, `户均1.2万元`: an amount per head, as `280元/人` writes it.
        if let Some(value) = per_head(text) {
            return value;
        }
        // A note in brackets after a figure (`98.5%(抽查)`, `2023年12月(已完成)`): the figure.
        if let Some(figure) = text
            .strip_suffix(')')
            .and_then(|t| t.rfind('(').map(|open| t[..open].trim_end()))
            .filter(|figure| !figure.is_empty())
            .map(exact)
            .filter(|figure| !matches!(figure, CellValue::Text { .. }))
        {
            return figure;
        }
    }
    value
}

/// Units a count in Chinese numerals is written with (`三次`, `两场`, `十二个月`): only these,
/// so that words beginning with a numeral (`一般`, `一次性`, `三级`) stay words.
const COUNTING_UNITS: &[&str] = &[
    "次",
    "个",
    "人",
    "人次",
    "场",
    "项",
    "家",
    "户",
    "件",
    "篇",
    "份",
    "台",
    "套",
    "辆",
    "天",
    "日",
    "个月",
    "月",
    "年",
    "周",
    "小时",
    "个工作日",
    "工作日",
    "所",
    "批",
    "期",
    "轮",
    "类",
    "条",
    "部",
    "名",
    "位",
    "座",
    "处",
    "批次",
    "场次",
    "个季度",
    // Amounts, areas and what farms count (`五百万元`, `两千亩`, `伍佰株`).
    "元",
    "亩",
    "吨",
    "公斤",
    "千克",
    "株",
    "棵",
    "头",
    "只",
    "羽",
    "公里",
    "米",
    "平方米",
    "立方米",
    "间",
    "栋",
    "张",
    "床",
    "册",
];

/// A count written in Chinese numerals (`不少于三次`, `两场`, `十二个月以上`), read as the
/// same count in figures: a comparator word or nothing, the numerals, a counting unit, and a
/// suffix such as 以上 at most.
fn in_figures(text: &str) -> Option<CellValue<'static>> {
    if text.len() > 30 {
        return None;
    }
    // Asked of every cell of words: one pass that matches each character, not a search that
    // tries a list of fifteen on each.
    let start = text.find(is_numeral)?;
    let end = text[start..]
        .find(|c: char| !is_numeral(c))
        .map_or(text.len(), |e| start + e);
    let after = &text[end..];
    // `五百余人`, `百余人`, `十多场`: more than the figure, as `520余人次` is.
    let (more, after) = match after.strip_prefix(['余', '多']) {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let unit = COUNTING_UNITS
        .iter()
        .filter(|u| after.starts_with(**u))
        .max_by_key(|u| u.len())?;
    if !ends_a_count(&after[unit.len()..]) {
        return None;
    }
    let figure = format!(
        "{}{}{after}",
        &text[..start],
        numeral_value(&text[start..end])?
    );
    match quantity_with_unit(&figure)? {
        CellValue::Quantity {
            comparator: None,
            number,
            unit,
        } if more => Some(CellValue::Quantity {
            comparator: Some(Comparator::Gt),
            number,
            unit,
        }),
        // A bound on a bound (`不少于五百余人`) says nothing sure.
        CellValue::Quantity { .. } if more => None,
        value => Some(value),
    }
}

/// What may follow a count in words after its unit: nothing, or a bound (`以上`, `以内`, `内` …).
fn ends_a_count(rest: &str) -> bool {
    matches!(
        rest,
        "" | "以上" | "及以上" | "以内" | "以下" | "内" | "之内"
    )
}

/// A duration with a half in it: `半年`, `≤半个月`, `半小时以内` (0.5 of the unit), `3个半月`,
/// `两个半小时` (the count and a half), `2天半`, `一年半` (likewise), with a comparator before
/// it or 以内 … after it as a figure may have. Only units of time: `半数` and `一半` stay words.
fn with_half(text: &str) -> Option<CellValue<'static>> {
    // Longer first where one begins another.
    const UNITS: &[&str] = &["工作日", "小时", "分钟", "月", "年", "天", "日", "周"];
    if text.len() > 30 {
        return None;
    }
    let at = text.find('半')?;
    let (before, after) = (&text[..at], &text[at + '半'.len_utf8()..]);
    let unit_at_start = |t: &str| UNITS.iter().copied().find(|u| t.starts_with(*u));
    // `个` before a unit is part of it (`个月`, `个工作日`, `个小时` as `小时`).
    let (lead, count, unit, rest) = match UNITS.iter().copied().find(|u| before.ends_with(*u)) {
        // `2天半`, `一年半`, `3个月半`: the unit before 半, nothing after but a suffix.
        Some(unit) => {
            let head = &before[..before.len() - unit.len()];
            let (head, ge) = strip_ge(head);
            let (lead, count) = split_count(head);
            (lead, count, (ge, unit), after)
        }
        // `半年`, `3个半月`, `两个半小时`: the unit after 半.
        None => {
            let (head, ge_before) = strip_ge(before);
            let (after, ge_after) = match after.strip_prefix('个') {
                Some(rest) => (rest, true),
                None => (after, false),
            };
            let unit = unit_at_start(after)?;
            let (lead, count) = split_count(head);
            (
                lead,
                count,
                (ge_before || ge_after, unit),
                &after[unit.len()..],
            )
        }
    };
    if !ends_a_count(rest) {
        return None;
    }
    let whole = if count.is_empty() {
        0
    } else if count.bytes().all(|b| b.is_ascii_digit()) {
        count.parse().ok()?
    } else {
        numeral_value(count)?
    };
    let unit = match unit {
        (true, "月") => "个月",
        (true, "工作日") => "个工作日",
        (_, u) => u,
    };
    quantity_with_unit(&format!("{lead}{whole}.5{unit}{rest}"))
}

/// Text without a final `个`, and whether it had one.
fn strip_ge(text: &str) -> (&str, bool) {
    match text.strip_suffix('个') {
        Some(head) => (head, true),
        None => (text, false),
    }
}

/// Text cut before the count that ends it, in figures or Chinese numerals (`≤3` → `≤`, `3`).
fn split_count(text: &str) -> (&str, &str) {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || is_numeral(*c))
        .last()
        .map_or(text.len(), |(i, _)| i);
    text.split_at(start)
}

/// A share written in words: `百分之九十五` 95 %, `百分之百` and `百分百` 100 %, `九成` 90 %
/// (一成 to 十成, tenths), with a comparator before it or 以上 … after it as a figure may
/// have (`≥百分之九十`, `九成以上`). Nothing else may follow: `八成新` stays words.
fn share_in_words(text: &str) -> Option<CellValue<'static>> {
    // Most words hold neither 分 nor 成.
    if text.len() > 30 || !text.contains(['分', '成']) {
        return None;
    }
    let (before, percent, after) = if let Some(at) = text.find("百分之") {
        let rest = &text[at + "百分之".len()..];
        let end = rest.find(|c: char| !is_numeral(c)).unwrap_or(rest.len());
        (&text[..at], numeral_value(&rest[..end])?, &rest[end..])
    } else if let Some(at) = text.find("百分百") {
        (&text[..at], 100, &text[at + "百分百".len()..])
    } else {
        let at = text.find('成')?;
        // Only words reach here: the count before 成 is in numerals.
        let (before, numerals) = split_count(&text[..at]);
        let tenths = numeral_value(numerals).filter(|n| (1..=10).contains(n))?;
        (before, tenths * 10, &text[at + '成'.len_utf8()..])
    };
    if !matches!(after, "" | "以上" | "及以上" | "以内" | "以下") {
        return None;
    }
    match exact(&format!("{before}{percent}%{after}")) {
        value @ CellValue::Quantity { unit: Some(_), .. } => Some(value.into_owned()),
        _ => None,
    }
}

/// A date written in Chinese numerals: `二〇二三年十一月` (the year digit by digit),
/// `十二月底前`, `二〇二三年十二月底前`: the same date in figures. Only a date: `十二月` alone is
/// twelve months (a count), read by [`in_figures`].
fn date_in_numerals(text: &str) -> Option<CellValue<'static>> {
    if text.len() > 60 || !text.contains(['年', '月']) {
        return None;
    }
    let mut figures = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(is_numeral) {
        figures.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c: char| !is_numeral(c)).unwrap_or(run.len());
        let (numerals, after) = run.split_at(end);
        // A year digit by digit (`二〇二三年`, `二零二三年`); else a month or a day.
        let digits: Option<String> = after
            .starts_with('年')
            .then(|| numerals.chars().map(digit_of).collect::<Option<String>>())
            .flatten()
            .filter(|d| d.len() == 4);
        match digits {
            Some(year) => figures.push_str(&year),
            None => figures.push_str(&numeral_value(numerals)?.to_string()),
        }
        changed = true;
        rest = after;
    }
    figures.push_str(rest);
    match changed.then(|| exact(&figures))? {
        value @ CellValue::Date { .. } => Some(value.into_owned()),
        _ => None,
    }
}

/// A numeral digit as a figure, `〇` and `零` 0 to `九` 9.
fn digit_of(c: char) -> Option<char> {
    let d = match c {
        '〇' | '零' => 0,
        _ => "一二三四五六七八九".chars().position(|n| n == c)? + 1,
    };
    char::from_digit(u32::try_from(d).ok()?, 10)
}

/// A Chinese numeral of a count (`numeral_value` reads them).
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            // The financial numerals of amounts and receipts (`伍佰人`, `壹佰贰拾万元`).
            | '壹'
            | '贰'
            | '叁'
            | '肆'
            | '伍'
            | '陆'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
            | '佰'
            | '仟'
    )
}

/// A rewritten cell's reading, when it is a quantity with a unit.
fn quantity_with_unit(text: &str) -> Option<CellValue<'static>> {
    match exact(text) {
        value @ CellValue::Quantity { unit: Some(_), .. } => Some(value.into_owned()),
        _ => None,
    }
}

/// The value of Chinese numerals (`三` 3, `十二` 12, `二十` 20, `一千零五` 1005, `一万四千五百`
/// 14500, `壹佰贰拾万` 1200000), in the financial numerals too (壹 … 玖, 拾, 佰, 仟). A digit
/// last after 百, 千, 万 or 亿 without 零 is the next place down, as it is said: `一千五` 1500,
/// `一万五` 15000. `None` for digits run together without a multiplier (`二〇二三`, a year),
/// multipliers out of order (`十百`), or a figure too large.
fn numeral_value(numerals: &str) -> Option<u64> {
    // Whole 亿, whole 万 below them, and the part below 万.
    let (mut yi, mut wan, mut section) = (0u64, 0u64, 0u64);
    let mut digit: Option<u64> = None;
    let mut after_zero = false;
    // A 零 since the last multiplier: a digit after it is ones (`一千零五`).
    let mut zero_before = false;
    // The last multiplier, so that the next must be smaller (`一千二百`, not `二百一千`).
    let mut last = u64::MAX;
    for c in numerals.chars() {
        let multiplier = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => {
                let d = "零一二三四五六七八九"
                    .chars()
                    .position(|n| n == c)
                    .or_else(|| "零壹贰叁肆伍陆柒捌玖".chars().position(|n| n == c))
                    .or(match c {
                        '〇' => Some(0),
                        '两' => Some(2),
                        _ => None,
                    })?;
                if digit.is_some() && !after_zero {
                    return None;
                }
                after_zero = d == 0;
                zero_before |= after_zero;
                digit = Some(u64::try_from(d).ok()?);
                continue;
            }
        };
        let d = digit
            .take()
            .unwrap_or(u64::from(section == 0 && multiplier < 10_000));
        after_zero = false;
        zero_before = false;
        match multiplier {
            10_000 => {
                let part = section.checked_add(d)?;
                if wan != 0 || part == 0 && yi != 0 {
                    return None;
                }
                wan = part.max(1).checked_mul(10_000)?;
                section = 0;
            }
            100_000_000 => {
                let part = wan.checked_add(section)?.checked_add(d)?;
                if yi != 0 {
                    return None;
                }
                yi = part.max(1).checked_mul(100_000_000)?;
                wan = 0;
                section = 0;
            }
            _ => {
                if multiplier >= last || d == 0 {
                    return None;
                }
                section = section.checked_add(d.checked_mul(multiplier)?)?;
            }
        }
        last = multiplier;
    }
    // `一千五`: the place below the last multiplier; `十五`, `一千零五`: ones.
    let ones = match digit {
        Some(d) if !zero_before && last >= 100 && last != u64::MAX => d.checked_mul(last / 10)?,
        Some(d) => d,
        None => 0,
    };
    yi.checked_add(wan)?.checked_add(section)?.checked_add(ones)
}

/// An amount per head written before it (`人均280元`, `户均1.2万元`, `亩均500公斤`, `每人
/// 300元`): the amount with its unit per the head, as `280元/人` writes it.
fn per_head(text: &str) -> Option<CellValue<'static>> {
    let (head, rest) = [
        ("人均", "人"),
        ("每人", "人"),
        ("户均", "户"),
        ("每户", "户"),
        ("亩均", "亩"),
        ("每亩", "亩"),
    ]
    .iter()
    .find_map(|(w, head)| text.strip_prefix(w).map(|rest| (*head, rest)))?;
    match exact(rest) {
        CellValue::Quantity {
            comparator,
            number,
            unit: Some(unit),
        } if !unit.contains('/') => Some(CellValue::Quantity {
            comparator,
            number,
            unit: Some(Cow::Owned(format!("{unit}/{head}"))),
        }),
        _ => None,
    }
}

/// A count per period written with 每 (`每月1次`, `每季度至少2次`, `每年4次`): the count with its
/// unit per the period, as `1次/月` writes it.
fn per_period(text: &str) -> Option<CellValue<'static>> {
    let rest = text.strip_prefix('每')?;
    let (period, count) = ["季度", "年", "季", "月", "周", "天", "日"]
        .iter()
        .find_map(|p| rest.strip_prefix(p).map(|count| (*p, count)))?;
    quantity_with_unit(&format!("{count}/{period}"))
}

/// A cell's reading as written.
fn exact(text: &str) -> CellValue<'_> {
    quick_quantity(text)
        .or_else(|| quick_schedule(text))
        .unwrap_or_else(|| parse_with_grammar(text))
}

/// A figure written as an estimate: `约520人次`, `500人左右` are read as the figure; `520余人次`,
/// `500多人次`, `1.2万余人次` as more than it (`>`), a bound the scorer holds to what it can decide.
/// `None` when the cell has no such word, or is not a figure without them.
fn approximate(text: &str) -> Option<CellValue<'static>> {
    // Most cells have none of these words.
    if !text.contains(['约', '左', '余', '多']) {
        return None;
    }
    let about = ["大约", "约为", "约"]
        .iter()
        .find_map(|w| text.strip_prefix(w))
        .unwrap_or(text);
    let about = about.strip_suffix("左右").unwrap_or(about);
    // 余 or 多 right after the number, or after its magnitude (`1.2万余人次`).
    let mut more = false;
    let mut figure = String::with_capacity(about.len());
    let mut previous: [Option<char>; 2] = [None, None];
    for c in about.chars() {
        let after_digit = previous[0].is_some_and(|p| p.is_ascii_digit())
            || (previous[0].is_some_and(|p| "十百千万亿".contains(p))
                && previous[1].is_some_and(|p| p.is_ascii_digit()));
        if (c == '余' || c == '多') && after_digit && !more {
            more = true;
        } else {
            figure.push(c);
        }
        previous = [Some(c), previous[0]];
    }
    if figure.len() == text.len() {
        return None;
    }
    match exact(&figure) {
        CellValue::Quantity {
            comparator: None,
            number,
            unit,
        } => Some(CellValue::Quantity {
            comparator: more.then_some(Comparator::Gt),
            number,
            unit: unit.map(|u| Cow::Owned(u.into_owned())),
        }),
        _ => None,
    }
}

/// `7*24小时`, the service-hours target of most hotlines, read without the parser: days, a
/// times sign, hours, `小时` or `h`, nothing else. Held to the grammar's reading by a test.
fn quick_schedule(text: &str) -> Option<CellValue<'static>> {
    let (days, rest) = text.split_once(['*', '×', 'x'])?;
    let hours = rest
        .strip_suffix("小时")
        .or_else(|| rest.strip_suffix('h'))?;
    let integer = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    Some(CellValue::Schedule {
        days: integer(days)?,
        hours: integer(hours)?,
    })
}

/// The last day of a month of the Gregorian calendar.
pub fn last_day(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The grammar's reading of an already normalised, non-empty cell.
/// A date, unless the month or the day is one the calendar does not have (`2月30日`, `13月`):
/// such a cell is words.
fn checked_date(
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
) -> Option<CellValue<'static>> {
    if month.is_some_and(|m| !(1..=12).contains(&m))
        || day.is_some_and(|d| d == 0 || d > last_day(year.unwrap_or(2000), month.unwrap_or(1)))
    {
        return None;
    }
    Some(CellValue::Date { year, month, day })
}

pub fn parse_with_grammar(text: &str) -> CellValue<'_> {
    let as_text = || CellValue::Text {
        text: Cow::Borrowed(text),
    };
    let Ok(mut pairs) = Grammar::parse(Rule::cell, text) else {
        return as_text();
    };
    let Some(value) = pairs
        .next()
        .and_then(|cell| cell.into_inner().find(|p| p.as_rule() != Rule::EOI))
    else {
        return as_text();
    };
    lower_cell(value).unwrap_or_else(as_text)
}

fn lower_cell(pair: Pair<'_, Rule>) -> Option<CellValue<'_>> {
    let rule = pair.as_rule();
    let whole = pair.as_str();
    let mut inner = pair.into_inner();
    Some(match rule {
        Rule::cell_quantity => {
            let mut comparator = None;
            let mut number = None;
            let mut unit = None;
            let mut cap = false;
            for part in inner {
                match part.as_rule() {
                    Rule::cell_cap => cap = true,
                    Rule::comparator => {
                        comparator = part
                            .into_inner()
                            .next()
                            .and_then(|c| comparator_of(c.as_rule()))
                    }
                    Rule::number => number = parse_decimal(part.as_str()),
                    Rule::unit_expr => {
                        let written = part.as_str();
                        unit = Some(if written.contains(char::is_whitespace) {
                            Cow::Owned(written.split_whitespace().collect::<String>())
                        } else {
                            Cow::Borrowed(written)
                        })
                    }
                    Rule::cell_suffix => {
                        let suffix = part.as_str();
                        comparator = Some(match suffix.strip_prefix("(含)").unwrap_or(suffix) {
                            "以上" | "及以上" => Comparator::Ge,
                            _ => Comparator::Le,
                        })
                    }
                    _ => {}
                }
            }
            CellValue::Quantity {
                comparator: comparator.or(cap.then_some(Comparator::Le)),
                number: number?,
                unit,
            }
        }
        Rule::cell_range => {
            let mut numbers = Vec::new();
            let mut unit = None;
            for part in inner {
                match part.as_rule() {
                    Rule::number => numbers.push(parse_decimal(part.as_str())?),
                    Rule::unit_expr => unit = Some(Cow::Borrowed(part.as_str())),
                    _ => {}
                }
            }
            // Written from the high end (`100%-95%`), it is the same range.
            let (a, b) = (*numbers.first()?, *numbers.get(1)?);
            let (low, high) = (a.min(b), a.max(b));
            // `-10%~10%` is the band `±10%` written as a range: read alike, so it scores alike.
            if high > Decimal::ZERO && low == -high {
                CellValue::Band { width: high, unit }
            } else {
                CellValue::Range { low, high, unit }
            }
        }
        Rule::cell_band => {
            let width = parse_decimal(inner.next()?.as_str())?;
            let unit = inner.next().map(|u| Cow::Borrowed(u.as_str()));
            CellValue::Band { width, unit }
        }
        Rule::cell_schedule => {
            let days = inner.next()?.as_str().parse().ok()?;
            let hours = inner.next()?.as_str().parse().ok()?;
            CellValue::Schedule { days, hours }
        }
        Rule::cell_date => {
            let mut year = None;
            let mut figures = Vec::with_capacity(2);
            for part in inner {
                match part.as_rule() {
                    Rule::year4 => year = part.as_str().parse().ok(),
                    Rule::integer => figures.push(part.as_str().parse::<u32>().ok()?),
                    // `年底前`: the year's last month.
                    Rule::year_end => figures.push(12),
                    Rule::half_year => {
                        figures.push(if part.as_str() == "上半年" { 6 } else { 12 })
                    }
                    Rule::quarter => {
                        let n = match part.as_str().trim_end_matches("季度").chars().last() {
                            Some('一' | '1') => 1,
                            Some('二' | '2') => 2,
                            Some('三' | '3') => 3,
                            _ => 4,
                        };
                        figures.push(3 * n);
                    }
                    // 上旬 ends on the 10th, 中旬 on the 20th, 下旬 with the month.
                    Rule::xun => match part.as_str() {
                        "上旬" | "初" => figures.push(10),
                        "中旬" => figures.push(20),
                        _ => {}
                    },
                    _ => {}
                }
            }
            checked_date(year, figures.first().copied(), figures.get(1).copied())?
        }
        Rule::cell_span => {
            // The end of the period, in the start's year when it names none.
            let (mut from_year, mut to_year, mut to) = (None, None, Vec::with_capacity(2));
            for part in inner {
                let end = part.as_rule();
                for figure in part.into_inner() {
                    match (end, figure.as_rule()) {
                        (Rule::span_from, Rule::year4) => from_year = figure.as_str().parse().ok(),
                        (Rule::span_to, Rule::year4) => to_year = figure.as_str().parse().ok(),
                        (Rule::span_to, Rule::integer) => {
                            to.push(figure.as_str().parse::<u32>().ok()?)
                        }
                        _ => {}
                    }
                }
            }
            checked_date(
                to_year.or(from_year),
                to.first().copied(),
                to.get(1).copied(),
            )?
        }
        _ => CellValue::Text {
            text: Cow::Borrowed(whole),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test says of every character what `char::is_whitespace` says, and a text's
    /// ends are told as `trim` tells them.
    #[test]
    fn holds_agrees_with_contains() {
        let texts = [
            "",
            "率",
            "执行率",
            "预算执行率(%)",
            "执行",
            "行率执",
            "年度资金总额(万元)",
            "总额",
            "a",
            "ab",
            "aab",
            "(元)",
            "单位:元)",
            "é执行率é",
            "执行率执行率",
            "😀执行率",
        ];
        let words = [
            "",
            "执行率",
            "总额",
            "万元",
            "(元)",
            "元)",
            "a",
            "ab",
            "行",
            "率执",
            "é",
        ];
        for text in texts {
            for word in words {
                assert_eq!(holds(text, word), text.contains(word), "{text} / {word}");
            }
        }
    }

    #[test]
    fn spaces_are_told_from_their_bytes() {
        let mut buffer = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            assert_eq!(space_first(bytes), c.is_whitespace(), "{c:?}");
            for text in [
                format!("{c}a"),
                format!("a{c}"),
                format!("{c}"),
                format!("≥{c}5"),
            ] {
                assert_eq!(
                    ends_without_space(&text),
                    !text.is_empty() && text.trim() == text,
                    "{text:?}"
                );
            }
        }
        assert!(!ends_without_space(""));
    }
    use rust_decimal_macros::dec;

    fn q(c: Option<Comparator>, n: Decimal, u: Option<&str>) -> CellValue<'_> {
        CellValue::Quantity {
            comparator: c,
            number: n,
            unit: u.map(Cow::Borrowed),
        }
    }

    #[test]
    fn reads_every_target_spelling_of_real_tables() {
        use Comparator::*;
        let cases = [
            ("≥200.00(万件)", q(Some(Ge), dec!(200.00), Some("万件"))),
            ("≤1(%)", q(Some(Le), dec!(1), Some("%"))),
            ("<10.00(%)", q(Some(Lt), dec!(10.00), Some("%"))),
            ("=100%", q(Some(Eq), dec!(100), Some("%"))),
            (">=90%", q(Some(Ge), dec!(90), Some("%"))),
            ("≥50个", q(Some(Ge), dec!(50), Some("个"))),
            ("≤90万元", q(Some(Le), dec!(90), Some("万元"))),
            ("≥100百分比", q(Some(Ge), dec!(100), Some("百分比"))),
            ("﹦72890元", q(Some(Eq), dec!(72890), Some("元"))),
            ("＞＝９５％", q(Some(Ge), dec!(95), Some("%"))),
            ("不低于95%", q(Some(Ge), dec!(95), Some("%"))),
            ("不超过5天", q(Some(Le), dec!(5), Some("天"))),
            ("大于等于 3 次", q(Some(Ge), dec!(3), Some("次"))),
            ("100万元以上", q(Some(Ge), dec!(100), Some("万元"))),
            ("30天以内", q(Some(Le), dec!(30), Some("天"))),
            ("3个工作日内", q(Some(Le), dec!(3), Some("个工作日"))),
            ("达到95%", q(Some(Ge), dec!(95), Some("%"))),
            ("95%及以上", q(Some(Ge), dec!(95), Some("%"))),
            ("95%（含）以上", q(Some(Ge), dec!(95), Some("%"))),
            ("5万元(含)以内", q(Some(Le), dec!(5), Some("万元"))),
            ("3,432.00", q(None, dec!(3432.00), None)),
            ("386.83(万件)", q(None, dec!(386.83), Some("万件"))),
            ("100", q(None, dec!(100), None)),
            ("-0.3", q(None, dec!(-0.3), None)),
            ("≤50元/人", q(Some(Le), dec!(50), Some("元/人"))),
            // A spreadsheet's float noise exported as text: the figure typed.
            ("≥0.30000001192092896", q(Some(Ge), dec!(0.3), None)),
            ("≥95.00000047683716%", q(Some(Ge), dec!(95), Some("%"))),
            // Counts in Chinese numerals, and per period with 每.
            ("不少于三次", q(Some(Ge), dec!(3), Some("次"))),
            ("十二个月", q(None, dec!(12), Some("个月"))),
            ("两场", q(None, dec!(2), Some("场"))),
            ("每月1次", q(None, dec!(1), Some("次/月"))),
            ("每季度至少2次", q(Some(Ge), dec!(2), Some("次/季度"))),
            // 万 and 亿 in numerals, the financial numerals, 余 after numerals.
            ("一万五千人", q(None, dec!(15000), Some("人"))),
            ("一万四千五百人", q(None, dec!(14500), Some("人"))),
            ("两千亩", q(None, dec!(2000), Some("亩"))),
            ("伍佰人", q(None, dec!(500), Some("人"))),
            ("陆个", q(None, dec!(6), Some("个"))),
            ("壹佰贰拾万元", q(None, dec!(1200000), Some("元"))),
            ("五百万元", q(None, dec!(5000000), Some("元"))),
            ("五百余人", q(Some(Gt), dec!(500), Some("人"))),
            ("百余人", q(Some(Gt), dec!(100), Some("人"))),
            ("万余人", q(Some(Gt), dec!(10000), Some("人"))),
            ("十多场", q(Some(Gt), dec!(10), Some("场"))),
            // Shares in words.
            ("百分之九十五", q(None, dec!(95), Some("%"))),
            ("≥百分之九十", q(Some(Ge), dec!(90), Some("%"))),
            ("百分之百", q(None, dec!(100), Some("%"))),
            ("百分百", q(None, dec!(100), Some("%"))),
            ("九成以上", q(Some(Ge), dec!(90), Some("%"))),
            // Units the grammar reads: SI symbols, products under `/`, in brackets.
            ("480m³", q(None, dec!(480), Some("m³"))),
            ("38μg/m³", q(None, dec!(38), Some("μg/m³"))),
            ("4800元/(人·年)", q(None, dec!(4800), Some("元/(人·年)"))),
            (
                "≤100元/平方米·年",
                q(Some(Le), dec!(100), Some("元/平方米·年")),
            ),
        ];
        let date = |year, month, day| CellValue::Date { year, month, day };
        for (cell, expected) in [
            ("二〇二三年十一月", date(Some(2023), Some(11), None)),
            ("二零二三年十二月底前", date(Some(2023), Some(12), None)),
            ("二〇二三年度", date(Some(2023), None, None)),
            ("十二月底前", date(None, Some(12), None)),
        ] {
            assert_eq!(parse_cell(cell), expected, "{cell}");
        }
        for words in [
            "一般",
            "一次性",
            "三级指标",
            "两学一做",
            "每月按时发放",
            "八成新",
            "完成",
            "百分之九十五完成率",
            "千家万户",
            "万无一失",
            "陆续完成",
            "一万五",
        ] {
            assert!(
                matches!(parse_cell(words), CellValue::Text { .. }),
                "{words}: {:?}",
                parse_cell(words)
            );
        }
        assert_eq!(numeral_value("一千零五"), Some(1005));
        assert_eq!(numeral_value("二十"), Some(20));
        assert_eq!(numeral_value("二〇二三"), None);
        assert_eq!(numeral_value("一千五"), Some(1500));
        assert_eq!(numeral_value("一万五"), Some(15000));
        assert_eq!(numeral_value("一百零五"), Some(105));
        assert_eq!(numeral_value("十五"), Some(15));
        assert_eq!(numeral_value("三千五百万"), Some(35_000_000));
        assert_eq!(numeral_value("一亿二千万"), Some(120_000_000));
        assert_eq!(numeral_value("二百一千"), None);
        assert_eq!(numeral_value("一万一万"), None);
        for (cell, expected) in cases {
            assert_eq!(parse_cell(cell), expected, "{cell}");
        }
    }

    /// A comparator column's cell is read with every spelling a target cell's comparator has
    /// (language.md §18), and only when the comparator is the whole cell.
    #[test]
    fn reads_a_comparator_alone_in_its_cell() {
        use Comparator::*;
        let cases = [
            ("≥", Ge),
            ("≧", Ge),
            (">=", Ge),
            ("＞＝", Ge),
            ("⩾", Ge),
            ("大于等于", Ge),
            ("大于或等于", Ge),
            ("不低于", Ge),
            ("不少于", Ge),
            ("不小于", Ge),
            ("至少", Ge),
            ("≤", Le),
            ("≦", Le),
            ("<=", Le),
            ("＜＝", Le),
            ("⩽", Le),
            ("小于等于", Le),
            ("小于或等于", Le),
            ("不高于", Le),
            ("不超过", Le),
            ("不多于", Le),
            ("不大于", Le),
            ("至多", Le),
            (">", Gt),
            ("＞", Gt),
            ("大于", Gt),
            ("高于", Gt),
            ("超过", Gt),
            ("多于", Gt),
            ("<", Lt),
            ("＜", Lt),
            ("小于", Lt),
            ("低于", Lt),
            ("少于", Lt),
            ("=", Eq),
            ("==", Eq),
            ("＝", Eq),
            ("﹦", Eq),
            ("═", Eq),
            ("等于", Eq),
            (" ≥ ", Ge),
        ];
        for (cell, expected) in cases {
            assert_eq!(comparator_word(cell), Some(expected), "{cell}");
        }
        for cell in [
            "",
            "正向",
            "反向",
            "定性",
            "定量",
            "大于上年",
            "≥95",
            "等于或",
        ] {
            assert_eq!(comparator_word(cell), None, "{cell}");
        }
    }

    /// The fast path agrees with the grammar on every cell it takes.
    #[test]
    fn the_fast_path_reads_cells_as_the_grammar_does() {
        let comparators = ["", "≥", ">=", "≤", "<", ">", "=", "﹦", "不低于", "＞＝"];
        let numbers = [
            "0", "100", "99.80", "-0.3", "3432.00", "2023", "7", "0.01", "12.",
        ];
        let units = [
            "",
            "%",
            "(%)",
            "(万件)",
            "万件",
            "个",
            " 次",
            "(工作日)",
            "年",
            "年12月",
            "万元以上",
            "以内",
            "元/人",
            "(元/人)",
            "左右",
            "*24小时",
            "×8小时",
            "x24h",
            "*24",
            "*小时",
            " * 24小时",
            "*24小时以上",
            "-100",
            "百分比",
            "(℃)",
            "km",
        ];
        for c in comparators {
            for n in numbers {
                for u in units {
                    let cell = format!("{c}{n}{u}");
                    let text = normalise(&cell).into_owned();
                    if text.is_empty() {
                        continue;
                    }
                    if let Some(quick) = quick_quantity(&text) {
                        assert_eq!(quick, parse_with_grammar(&text), "{cell}");
                    }
                    if let Some(quick) = quick_schedule(&text) {
                        assert_eq!(quick, parse_with_grammar(&text), "{cell}");
                    }
                }
            }
        }
    }

    #[test]
    fn reads_estimates_bounds_and_bracketed_notes() {
        use Comparator::Gt;
        for (cell, want) in [
            ("约520人次", q(None, dec!(520), Some("人次"))),
            ("大约98%", q(None, dec!(98), Some("%"))),
            ("500人左右", q(None, dec!(500), Some("人"))),
            ("520余人次", q(Some(Gt), dec!(520), Some("人次"))),
            ("500多人", q(Some(Gt), dec!(500), Some("人"))),
            ("1.2万余人次", q(Some(Gt), dec!(1.2), Some("万人次"))),
            ("约1,200余人", q(Some(Gt), dec!(1200), Some("人"))),
            ("98.5%（抽查）", q(None, dec!(98.5), Some("%"))),
            ("120人(含线上)", q(None, dec!(120), Some("人"))),
            (
                "≥95%(抽检合格率)",
                q(Some(Comparator::Ge), dec!(95), Some("%")),
            ),
        ] {
            assert_eq!(parse_cell(cell), want, "{cell}");
        }
        assert_eq!(
            parse_cell("2023年12月(已完成)"),
            CellValue::Date {
                year: Some(2023),
                month: Some(12),
                day: None
            }
        );
        // 多 and 余 count only after a figure; words around no figure stay words.
        for text in ["多于", "约束有效", "余额(元)", "多部门联动"] {
            assert!(matches!(parse_cell(text), CellValue::Text { .. }), "{text}");
        }
        assert_eq!(parse_cell("多于500人"), q(Some(Gt), dec!(500), Some("人")));
    }

    #[test]
    fn reads_schedules_dates_ranges_bands_and_words() {
        // A range from a figure's negative to it is that band; any other range stays one.
        for cell in ["-10%~10%", "±10%", "-10~10%"] {
            assert!(
                matches!(parse_cell(cell), CellValue::Band { width, .. } if width == Decimal::TEN),
                "{cell}: {:?}",
                parse_cell(cell)
            );
        }
        assert!(matches!(parse_cell("-5%~10%"), CellValue::Range { .. }));
        assert!(matches!(parse_cell("90%-100%"), CellValue::Range { .. }));
        // The fast path takes the usual spellings (the test above holds it to the grammar).
        assert_eq!(
            quick_schedule("5×8小时"),
            Some(CellValue::Schedule { days: 5, hours: 8 })
        );
        assert_eq!(quick_schedule("7*24小时以上"), None);
        assert_eq!(
            parse_cell("7*24小时"),
            CellValue::Schedule { days: 7, hours: 24 }
        );
        assert_eq!(
            parse_cell("2023年12月"),
            CellValue::Date {
                year: Some(2023),
                month: Some(12),
                day: None
            }
        );
        assert_eq!(
            parse_cell("2023年6月30日前"),
            CellValue::Date {
                year: Some(2023),
                month: Some(6),
                day: Some(30)
            }
        );
        // Dates written with figures alone, day included; a year and month alone is a number.
        for (cell, month, day) in [
            ("2023.12.31前", 12, 31),
            ("2023-12-20", 12, 20),
            ("2023/6/30前完成", 6, 30),
        ] {
            assert_eq!(
                parse_cell(cell),
                CellValue::Date {
                    year: Some(2023),
                    month: Some(month),
                    day: Some(day)
                },
                "{cell}"
            );
        }
        assert_eq!(parse_cell("2023.12"), q(None, dec!(2023.12), None));
        // Deadlines and completion dates as tables write them, with 完成 and 已于: a date, not
        // the number 2023 with the unit `年12月31日前完成`.
        for (cell, month, day) in [
            ("2023年12月31日前完成", Some(12), Some(31)),
            ("2023年12月底前完成", Some(12), None),
            ("2023年11月完成", Some(11), None),
            ("已于2023年11月20日完成", Some(11), Some(20)),
            ("于2023年9月完成", Some(9), None),
            ("2023年11月份前", Some(11), None),
            ("2023年度", None, None),
        ] {
            assert_eq!(
                parse_cell(cell),
                CellValue::Date {
                    year: Some(2023),
                    month,
                    day
                },
                "{cell}"
            );
        }
        // Without a year, the table's is meant; a month alone is a date only with a day or a
        // word after it (`12月` alone is twelve months).
        for (cell, month, day) in [
            ("12月底前", Some(12), None),
            ("12月31日前完成", Some(12), Some(31)),
            ("6月30日", Some(6), Some(30)),
            ("11月份完成", Some(11), None),
            ("11月份", Some(11), None),
            ("9月前", Some(9), None),
            ("年底前", Some(12), None),
            ("本年度内完成", Some(12), None),
            ("年内", Some(12), None),
            ("第四季度前", Some(12), None),
            ("三季度", Some(9), None),
            ("上半年完成", Some(6), None),
            ("下半年", Some(12), None),
            ("12月中旬前", Some(12), Some(20)),
            ("10月25日已完成", Some(10), Some(25)),
        ] {
            assert_eq!(
                parse_cell(cell),
                CellValue::Date {
                    year: None,
                    month,
                    day
                },
                "{cell}"
            );
        }
        // A day or month no calendar has is no date.
        for cell in [
            "2022年2月30日前",
            "2023年2月29日",
            "2022年13月",
            "4月31日前",
        ] {
            assert!(
                !matches!(parse_cell(cell), CellValue::Date { .. }),
                "{cell}"
            );
        }
        assert!(matches!(
            parse_cell("2024年2月29日前"),
            CellValue::Date { .. }
        ));
        // A range written from its high end is the same range.
        assert_eq!(parse_cell("100%-95%"), parse_cell("95%-100%"));
        // A period of the year is its end, in the start's year when the end names none.
        let date = |year, month, day| CellValue::Date { year, month, day };
        for (cell, end) in [
            ("2023年1-12月", date(Some(2023), Some(12), None)),
            ("2023年1月-12月", date(Some(2023), Some(12), None)),
            ("2023年1月至12月", date(Some(2023), Some(12), None)),
            (
                "2023年7月1日至12月31日",
                date(Some(2023), Some(12), Some(31)),
            ),
            ("7月1日-12月31日", date(None, Some(12), Some(31))),
            ("1月-12月底", date(None, Some(12), None)),
            ("2023年3月-2024年6月", date(Some(2024), Some(6), None)),
            ("2023年1月到11月底前完成", date(Some(2023), Some(11), None)),
        ] {
            assert_eq!(parse_cell(cell), end, "{cell}");
        }
        // A figure closed like a sentence; an amount per head written before it.
        assert_eq!(parse_cell("1000人。"), q(None, dec!(1000), Some("人")));
        assert_eq!(parse_cell("95%；"), q(None, dec!(95), Some("%")));
        assert_eq!(parse_cell("人均280元"), q(None, dec!(280), Some("元/人")));
        assert_eq!(
            parse_cell("户均≤1.2万元"),
            q(Some(Comparator::Le), dec!(1.2), Some("万元/户"))
        );
        assert!(matches!(parse_cell("人均收入"), CellValue::Text { .. }));
        // Durations with a half or in quarters; `内` after a count in numerals is a ceiling.
        for (cell, value) in [
            ("半年", q(None, dec!(0.5), Some("年"))),
            ("半小时", q(None, dec!(0.5), Some("小时"))),
            ("≤半个月", q(Some(Comparator::Le), dec!(0.5), Some("个月"))),
            ("3个半月", q(None, dec!(3.5), Some("个月"))),
            ("两个半小时", q(None, dec!(2.5), Some("小时"))),
            ("2天半", q(None, dec!(2.5), Some("天"))),
            ("一年半", q(None, dec!(1.5), Some("年"))),
            ("一个季度", q(None, dec!(1), Some("个季度"))),
            ("两周内", q(Some(Comparator::Le), dec!(2), Some("周"))),
        ] {
            assert_eq!(parse_cell(cell), value, "{cell}");
        }
        for words in ["一半", "半数", "上半年完成情况", "半年度"] {
            assert!(
                !matches!(parse_cell(words), CellValue::Quantity { .. }),
                "{words}"
            );
        }
        // What was done by a date, after it, leaves the date.
        for (cell, done) in [
            (
                "2023年10月20日竣工验收",
                date(Some(2023), Some(10), Some(20)),
            ),
            ("4月10日拨付", date(None, Some(4), Some(10))),
            (
                "2020年12月15日拨付完毕",
                date(Some(2020), Some(12), Some(15)),
            ),
            ("2023年10月底竣工", date(Some(2023), Some(10), None)),
            // `初`, the month's start, as 上旬: by the 10th.
            ("2023年12月初", date(Some(2023), Some(12), Some(10))),
            ("12月初完成", date(None, Some(12), Some(10))),
        ] {
            assert_eq!(parse_cell(cell), done, "{cell}");
        }
        // Not a period: figures alone, or an end the calendar does not have.
        assert!(matches!(parse_cell("1-12"), CellValue::Range { .. }));
        assert!(!matches!(
            parse_cell("2023年1-13月"),
            CellValue::Date { .. }
        ));
        for cell in ["2023年底前", "2023年年底前", "2023年年末"] {
            assert_eq!(
                parse_cell(cell),
                CellValue::Date {
                    year: Some(2023),
                    month: None,
                    day: None
                },
                "{cell}"
            );
        }
        assert_eq!(parse_cell("12月"), q(None, dec!(12), Some("月")));
        assert_eq!(parse_cell("3个月"), q(None, dec!(3), Some("个月")));
        assert!(matches!(parse_cell("年度计划"), CellValue::Text { .. }));
        // `控制在` makes a ceiling, with or without a suffix saying so.
        for cell in ["控制在100万元以内", "控制在100万元", "控制于 100 万元以下"]
        {
            assert_eq!(
                parse_cell(cell),
                q(Some(Comparator::Le), dec!(100), Some("万元")),
                "{cell}"
            );
        }
        // A rate that merely begins with a year stays text.
        assert!(matches!(
            parse_cell("2023年完成率≥95%"),
            CellValue::Text { .. }
        ));
        assert_eq!(
            parse_cell("±10%"),
            CellValue::Band {
                width: dec!(10),
                unit: Some("%".into())
            }
        );
        assert_eq!(
            parse_cell("90%-100%"),
            CellValue::Range {
                low: dec!(90),
                high: dec!(100),
                unit: Some("%".into())
            }
        );
        assert_eq!(
            parse_cell("达成指标"),
            CellValue::Text {
                text: "达成指标".into()
            }
        );
        assert_eq!(
            parse_cell(" — "),
            CellValue::Placeholder { text: "—".into() }
        );
        assert_eq!(parse_cell(""), CellValue::Empty);
    }
}
