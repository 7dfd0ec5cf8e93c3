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
    const WORDS: &[&str] = &["完成", "达标", "实现", "达到", "满意"];
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
/// run of Chinese characters saying no change (`较上年`, `增长`; a move is allowed before a
/// figure with a comparator of its own, `增加收入≥5万元`), negation (`未`, `不足`), estimate
/// (`近`, `超`) or period (`每月`, `第四季度`), ending perhaps in a colon and a unit in brackets
/// (`户数（户）：1000`); a share's label (ending in 率 or 度) comes before a percentage only,
/// other words before a figure with its unit.
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
    let label = text[..at].trim_end_matches(['为', '达', '是', ':', '：']);
    // `户数(户):1000`: the unit in brackets after the label is the figure's when it has none.
    let (label, unit_in_label) = match label.strip_suffix(')').and_then(|l| l.rsplit_once('(')) {
        Some((label, unit)) if !unit.is_empty() && unit.chars().count() <= 4 => (label, Some(unit)),
        _ => (label, None),
    };
    let figure = match figure {
        CellValue::Quantity {
            comparator,
            number,
            unit: None,
        } if unit_in_label.is_some() => CellValue::Quantity {
            comparator,
            number,
            unit: unit_in_label.map(Cow::Borrowed),
        },
        other => other,
    };
    // A share's own name may say no (`不合格率`, `不满意率`): only other words are ruled out.
    let share = label.ends_with(['率', '度']);
    // With a comparator of its own, the figure is what the move in the label is to reach
    // (`增加集体经济收入≥5万元`, `降低生产成本≥10%`): the label may say a move.
    let bounded = matches!(
        figure,
        CellValue::Quantity {
            comparator: Some(_),
            ..
        }
    );
    const MOVED: &[&str] = &[
        "增长", "增加", "提高", "提升", "下降", "降低", "减少", "上升",
    ];
    if label.chars().count() > 8
        || !label.chars().all(cjk)
        || !share
            && NOT_IN_LABEL
                .iter()
                .any(|w| label.contains(w) && !(bounded && MOVED.contains(w)))
        || share && ["较", "比"].iter().any(|w| label.contains(w))
        || share
            && !named_by_change(label)
            && ["增长", "提高", "下降", "降低"]
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

/// A rate whose name is a change (`增长率`, `营业收入增长率`, `下降幅度`): a level like any other
/// share, `增长率≥10%` read as `≥10%`.
fn named_by_change(label: &str) -> bool {
    [
        "增长率",
        "下降率",
        "降低率",
        "提高率",
        "增长幅度",
        "下降幅度",
    ]
    .iter()
    .any(|w| label.ends_with(w))
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
        (Some(a), Some(b)) => match super::quantitative::resolved_pair(p, a, b) {
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

/// The one percentage in a sentence, against a percentage: `调查问卷显示满意度为93%`,
/// `发放问卷200份,满意率95%`, `第三方测评88%`, `满意和较满意占85%`, with a bound after it
/// (`90%以上`). Not when the sentence holds another percentage (`目标90%,实际93%`), nor when
/// its clause before the figure says a change, a comparison, a negation, an estimate or a plan
/// (`较上年提高5%`, `未达到90%`, `约90%`, `目标90%`): then the figure is not the level reached.
pub(super) fn only_share<'a>(text: &'a str, target: &CellValue) -> Option<CellValue<'a>> {
    const NOT_BEFORE: &[&str] = &[
        "较", "比", "增", "提高", "提升", "下降", "降低", "减少", "上升", "未", "不", "无", "没",
        "非", "否", "近", "超", "逾", "约", "低于", "高于", "计划", "目标", "预期", "预计", "要求",
    ];
    if !matches!(target, CellValue::Quantity { unit, .. } if unit.as_deref() == Some("%")) {
        return None;
    }
    let percent = text.find('%')?;
    let after = text.get(percent.saturating_add(1)..)?;
    if after.contains('%') {
        return None;
    }
    let before = text.get(..percent)?;
    let start = before
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |at| {
            at.saturating_add(before[at..].chars().next().map_or(1, char::len_utf8))
        });
    let clause = before.get(..start)?;
    let clause = clause.rsplit(CLAUSE_ENDS).next().unwrap_or(clause);
    // `较满意` is a degree of satisfaction, not a comparison.
    let clause = clause.replace("较满意", "满意");
    if start == percent || NOT_BEFORE.iter().any(|w| clause.contains(w)) {
        return None;
    }
    let bound = ["以上", "以下"]
        .iter()
        .find(|w| after.starts_with(**w))
        .map_or(0, |w| w.len());
    let end = percent.saturating_add(1).saturating_add(bound);
    match parse_cell(text.get(start..end)?) {
        figure @ CellValue::Quantity { .. } => Some(figure),
        _ => None,
    }
}

/// A level reached, written with the move that reached it: `提高到95%`, `森林覆盖率提升至40%`,
/// `降低到5%以下`, `由85%提高到86.5%`.
pub(super) struct Reached<'a> {
    /// A rise, or a fall.
    pub(super) up: bool,
    /// Where it started, when the cell says (`由85%`, `从85%`).
    pub(super) from: Option<CellValue<'a>>,
    /// The level reached, as written after the move (`95%`, `5%以下`).
    pub(super) to: CellValue<'a>,
}

impl<'a> Reached<'a> {
    /// As a target: at least the level of a rise, at most that of a fall, unless its own
    /// words say otherwise (`提高到90%以上`).
    pub(super) fn into_target(self) -> CellValue<'a> {
        match self.to {
            CellValue::Quantity {
                comparator: None,
                number,
                unit,
            } => CellValue::Quantity {
                comparator: Some(if self.up {
                    Comparator::Ge
                } else {
                    Comparator::Le
                }),
                number,
                unit,
            },
            other => other,
        }
    }

    /// As a change (`由85%提高到86.5%` is a rise of 1.5 个百分点): the figure between where it
    /// started and where it reached, in the unit of both (percentages in 个百分点).
    pub(super) fn as_change(&self) -> Option<CellValue<'static>> {
        let (
            Some(CellValue::Quantity {
                comparator: None,
                number: from,
                unit: from_unit,
            }),
            CellValue::Quantity {
                comparator: None,
                number: to,
                unit: to_unit,
            },
        ) = (&self.from, &self.to)
        else {
            return None;
        };
        if from_unit != to_unit {
            return None;
        }
        let unit = match from_unit.as_deref() {
            Some("%") => Some(Cow::Borrowed("个百分点")),
            other => other.map(|u| Cow::Owned(u.to_owned())),
        };
        let moved = if self.up { *to - *from } else { *from - *to };
        Some(CellValue::Quantity {
            comparator: None,
            number: moved,
            unit,
        })
    }
}

/// The level a cell says was reached by a move (`提高到95%`, `覆盖率由85%提升至90%`): a short
/// label of Chinese characters, optionally where it started, a word of moving to, and the
/// figure. `提高5%` (a change) and `较上年提高到` (a comparison) are not.
pub(super) fn reached(text: &str) -> Option<Reached<'_>> {
    const MOVES_TO: &[(&str, bool)] = &[
        ("提高到", true),
        ("提高至", true),
        ("提升到", true),
        ("提升至", true),
        ("增加到", true),
        ("增加至", true),
        ("增长到", true),
        ("增长至", true),
        ("上升到", true),
        ("上升至", true),
        ("扩大到", true),
        ("扩大至", true),
        ("降低到", false),
        ("降低至", false),
        ("下降到", false),
        ("下降至", false),
        ("减少到", false),
        ("减少至", false),
        ("缩短到", false),
        ("缩短至", false),
        ("压缩到", false),
        ("压缩至", false),
        ("降到", false),
        ("降至", false),
    ];
    // Only a cell holding a figure and 到 or 至 (every word of moving to ends in one) can be
    // one: most cells are ruled out before the words are looked for.
    if !text.bytes().any(|b| b.is_ascii_digit()) || !text.contains(['到', '至']) {
        return None;
    }
    let (at, word, up) = MOVES_TO
        .iter()
        .filter_map(|&(w, up)| text.find(w).map(|at| (at, w, up)))
        .min_by_key(|&(at, w, _)| (at, std::cmp::Reverse(w.len())))?;
    let before = text.get(..at)?;
    let (label, from) = match before.rfind(['由', '从']) {
        Some(open) => {
            let from = parse_cell(before.get(open.saturating_add('由'.len_utf8())..)?);
            if !matches!(from, CellValue::Quantity { .. }) {
                return None;
            }
            (before.get(..open)?, Some(from))
        }
        None => (before, None),
    };
    let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    if label.chars().count() > 10
        || !label.chars().all(cjk)
        || ["较", "比", "同比", "不", "未"]
            .iter()
            .any(|w| label.contains(w))
    {
        return None;
    }
    match parse_cell(text.get(at.saturating_add(word.len())..)?) {
        to @ CellValue::Quantity {
            comparator: None | Some(Comparator::Ge | Comparator::Le),
            ..
        } => Some(Reached { up, from, to }),
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
