//! Figures written inside words (`完成480人次`, `合格率90%`, `增长10%`): where a cell that is not
//! a bare quantity holds the figure it reports.

use super::*;

/// A figure written after a word that only introduces it (`完成480人次`, `累计520人次`,
/// `全年完成12场`). Any other text holding a figure (`完成率100%`, `较上年提高5%`) is not read.
pub(super) fn figure_after_word(text: &str) -> Option<CellValue<'_>> {
    // Longer words first, so `实际完成` is not read as `实际` followed by `完成480`.
    const WORDS: &[&str] = &[
        "实际完成",
        "全年完成",
        "累计完成",
        "共计完成",
        "已完成",
        "完成",
        "实际",
        "实现",
        "共计",
        "合计",
        "累计",
        "全年",
        "共",
    ];
    let rest = WORDS.iter().find_map(|w| text.strip_prefix(w))?;
    match parse_cell(rest) {
        figure @ CellValue::Quantity { .. } => Some(figure),
        _ => None,
    }
}

/// A figure followed by a word of doing it, in a target (`100%完成`, `100%以上完成`,
/// `≥95%达标`) or an actual (`100%完成`): the figure, with whatever comparator it carries.
pub(super) fn figure_before_word(text: &str) -> Option<CellValue<'_>> {
    const WORDS: &[&str] = &["完成", "达标", "实现", "达到"];
    let text = text.trim_end();
    let rest = WORDS.iter().find_map(|w| text.strip_suffix(w))?;
    match parse_cell(rest) {
        figure @ CellValue::Quantity { .. } => Some(figure),
        _ => None,
    }
}

/// The figure that is a cell's first clause, the rest a comment on it (`480人次，因疫情影响未完成`,
/// `95.6%，达到预期`).
pub(super) fn first_clause_figure(text: &str) -> Option<CellValue<'_>> {
    let (first, rest) = text.split_once(['，', ',', '；', ';'])?;
    if rest.trim().is_empty() {
        return None;
    }
    match parse_cell(first.trim()) {
        figure @ CellValue::Quantity { .. } => Some(figure),
        _ => None,
    }
}

/// A figure in words, read as a target's or an actual's figure is: after a word that only
/// introduces it, before a word of doing it, or after words saying what it counts.
pub(super) fn figure_in_words(text: &str) -> Option<CellValue<'_>> {
    figure_after_word(text)
        .or_else(|| figure_before_word(text))
        .or_else(|| figure_after_label(text))
}

/// A figure after words saying what it counts or what was done (`培训500人次`, `发放补贴1000万元`,
/// `验收合格率100%`, `合格率不低于98%`): the figure, with its comparator. The words are a short
/// run of Chinese characters saying no change (`较上年`, `增长`), negation (`未`, `不足`),
/// estimate (`近`, `超`) or period (`每月`, `第四季度`); a share's label (ending in 率 or 度)
/// comes before a percentage only, other words before a figure with its unit.
pub(super) fn figure_after_label(text: &str) -> Option<CellValue<'_>> {
    const NOT_IN_LABEL: &[&str] = &[
        "较", "比", "增长", "增加", "提高", "提升", "下降", "降低", "减少", "上升", "未", "不",
        "无", "没", "非", "否", "近", "超", "逾", "约", "每", "第", "季度",
    ];
    let digit = text.find(|c: char| c.is_ascii_digit())?;
    let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    // The words, all Chinese characters, then the figure (with a comparator of words,
    // `不低于98%`, read by the cell).
    let (at, figure) = text
        .char_indices()
        .skip(1)
        .take_while(|(i, _)| *i <= digit)
        .find_map(|(i, _)| match parse_cell(&text[i..]) {
            quantity @ CellValue::Quantity { .. } => Some((i, quantity)),
            _ => None,
        })?;
    // `发生率为0`, `合格率达98%`: the word joining label and figure is neither.
    let label = text[..at].trim_end_matches(['为', '达', '是']);
    // A share's own name may say no (`不合格率`, `不满意率`): only other words are ruled out.
    let share = label.ends_with(['率', '度']);
    if label.chars().count() > 8
        || !label.chars().all(cjk)
        || !share && NOT_IN_LABEL.iter().any(|w| label.contains(w))
        || share
            && ["较", "比", "增长", "提高", "下降", "降低"]
                .iter()
                .any(|w| label.contains(w))
    {
        return None;
    }
    let CellValue::Quantity { unit, .. } = &figure else {
        return None;
    };
    match unit.as_deref() {
        Some("%") => Some(figure),
        // A count after what it counts (`培训人次≥500`), or a share of 0 (`发生率为0`).
        _ if !share => Some(figure),
        None if figure_is_zero(&figure) => Some(figure),
        _ => None,
    }
}

fn figure_is_zero(figure: &CellValue) -> bool {
    matches!(figure, CellValue::Quantity { number, .. } if number.is_zero())
}

/// Whether a figure read from words is in a measure the other cell's unit converts with (the
/// same unit, or both known to the policy and of one dimension).
pub(super) fn comparable(
    p: &Policy,
    figure: &CellValue,
    unit: &Option<std::borrow::Cow<'_, str>>,
) -> bool {
    let CellValue::Quantity { unit: found, .. } = figure else {
        return false;
    };
    match (found.as_deref(), unit.as_deref()) {
        // A bare figure takes the other's unit, as any unitless actual does.
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => match (
            p.units
                .resolved(&super::quantitative::in_other_unit(b, a).unwrap_or(Cow::Borrowed(a))),
            p.units
                .resolved(&super::quantitative::in_other_unit(a, b).unwrap_or(Cow::Borrowed(b))),
        ) {
            (Ok(a), Ok(b)) => a.dimension == b.dimension,
            _ => false,
        },
    }
}

/// A change written with its direction (`较上年增长10%`, `同比下降5%`, `提高5个百分点`, `增加
/// 200人次以上`): whether it is a rise, and its figure as written. A level reached (`提高到95%`, `提升至98%`) is not a change.
pub(super) fn change(text: &str) -> Option<(bool, CellValue<'_>)> {
    const SINCE: &[&str] = &[
        "较上年度",
        "较上年",
        "比上年度",
        "比上年",
        "较去年",
        "比去年",
        "较同期",
        "比同期",
        "同比",
        "环比",
    ];
    const RISE: &[&str] = &["增长", "提高", "提升", "增加", "上升"];
    const FALL: &[&str] = &["下降", "降低", "减少"];
    // Only a cell holding a figure can be one: most words are ruled out by their bytes.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = SINCE
        .iter()
        .find_map(|w| text.strip_prefix(w))
        .unwrap_or(text);
    let (up, rest) = RISE
        .iter()
        .find_map(|w| rest.strip_prefix(w).map(|r| (true, r)))
        .or_else(|| {
            FALL.iter()
                .find_map(|w| rest.strip_prefix(w).map(|r| (false, r)))
        })?;
    let rest = rest.strip_prefix('了').unwrap_or(rest);
    match parse_cell(rest) {
        CellValue::Quantity {
            comparator: comparator @ (None | Some(Comparator::Ge)),
            number,
            unit,
        } if !number.is_sign_negative() => Some((
            up,
            CellValue::Quantity {
                comparator,
                number,
                unit,
            },
        )),
        _ => None,
    }
}

/// A share written after the label of what it measures, against a share: `满意度95%`,
/// `合格率达98%`, `满意度为96.5%` against `≥90%`. Only a percentage against a percentage,
/// after a label ending in 率 or 度: `完成率100%` against a count says nothing of the count.
pub(super) fn share_after_label<'a>(text: &'a str, target: &CellValue) -> Option<CellValue<'a>> {
    let percent = |unit: &Option<std::borrow::Cow<'_, str>>| unit.as_deref() == Some("%");
    if !matches!(target, CellValue::Quantity { unit, .. } if percent(unit)) {
        return None;
    }
    let end = text.find(['率', '度'])? + '率'.len_utf8();
    let label = &text[..end];
    if label.chars().count() > 8
        || !label
            .chars()
            .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        return None;
    }
    let rest = &text[end..];
    let rest = ["达到", "为", "达", "是", ":", "："]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    let figure = parse_cell(rest);
    match &figure {
        CellValue::Quantity {
            comparator: None,
            unit,
            ..
        } if percent(unit) => Some(figure),
        _ => None,
    }
}
