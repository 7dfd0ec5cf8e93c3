//! One indicator row: its levels, which reading of its cells applies (a curve, tiers, a
//! judged score), and what the row itself must say (a reason for a miss).

use super::*;

pub(super) fn score_indicator<'t>(
    s: &mut Scorer<'_, 't>,
    row: &'t IndicatorRow,
) -> IndicatorResult {
    let mut trace = Trace::new(s.explain);
    let name = row.name.as_str();
    let (i1, i2) = (s.level(&row.level1), s.level(&row.level2));
    for i in [i1, i2] {
        let seen = &mut s.levels[i];
        if seen.repaired {
            seen.repaired = false;
            let message = format!("`{}` read as `{}`", seen.written, seen.level);
            s.find("label-repaired", Some(row.line), Some(name), message);
        }
    }
    let level1 = match level1_from_level2(s, row, i1, i2) {
        Some(parent) => parent,
        None => Arc::clone(&s.levels[i1].level),
    };
    let level2 = Arc::clone(&s.levels[i2].level);
    unknown_levels(s, row, i1, i2);
    if s.misplaced(i1, i2) {
        s.find(
            "level-not-allowed",
            Some(row.line),
            Some(name),
            format!(
                "`{level2}` is not a level-2 indicator of `{level1}` in any taxonomy of the policy"
            ),
        );
    }
    if is_template_leftover(name) {
        s.find(
            "template-leftover",
            Some(row.line),
            Some(name),
            format!("row `{name}` looks like a template leftover"),
        );
    } else if trimmed(&row.reason) == "0" {
        s.find(
            "template-leftover",
            Some(row.line),
            Some(name),
            format!("the reason given for `{name}` is `0`, a template leftover"),
        );
    }
    let (status, score) = measure(s, row, (&level1, &level2), &mut trace);
    IndicatorResult {
        line: row.line,
        level1,
        level2,
        // Moved in from the row once the table is scored (`score_with`).
        name: String::new(),
        target: String::new(),
        actual: String::new(),
        weight: row.weight,
        score,
        reported_score: row.reported_score,
        status,
        trace: trace.lines,
    }
}

/// The level 1 of a row whose level-1 cell is empty (安徽's `(50分)` with the label lost in
/// the export, read as a score alone), when its level 2 belongs under one level 1 only in
/// every taxonomy (`数量指标` → `产出指标`): so the level weights count the row. Reported once
/// per level 1 and table, on the first such row.
fn level1_from_level2(
    s: &mut Scorer,
    row: &IndicatorRow,
    i1: usize,
    i2: usize,
) -> Option<Arc<str>> {
    if !(s.levels[i1].blank && s.levels[i2].is_level2) {
        return None;
    }
    let [one] = s.policy.parents_of(&s.levels[i2].level)[..] else {
        return None;
    };
    // A level 1 met before in this table is shared, not allocated again for each row.
    if let Some(known) = s.parents_reported.iter().find(|p| ***p == *one) {
        return Some(Arc::clone(known));
    }
    let parent: Arc<str> = Arc::from(one);
    s.parents_reported.push(Arc::clone(&parent));
    let message = format!(
        "the row has no level 1; its level 2 `{}` belongs under `{parent}` only, so it and the rows like it are read under `{parent}`",
        s.levels[i2].level
    );
    s.find("label-repaired", Some(row.line), Some(&row.name), message);
    Some(parent)
}

/// Reports a level label that names no level of the policy's taxonomies, once per label and
/// table: its rows are scored, but no level weight of the policy checks them. A level-2 label
/// is reported only under a known level 1; under an unknown one the level-1 finding says it.
fn unknown_levels(s: &mut Scorer, row: &IndicatorRow, i1: usize, i2: usize) {
    let name = row.name.as_str();
    // A template's leftover (`……` in a level's cell) is no level at all: A0601 says so.
    for i in [i1, i2] {
        if s.levels[i].unknown && is_template_leftover(s.levels[i].written) {
            s.levels[i].unknown = false;
        }
    }
    if s.levels[i1].unknown {
        s.levels[i1].unknown = false;
        let seen = &s.levels[i1];
        let message = format!(
            "`{}` is not a level-1 indicator of any taxonomy of the policy: its rows are scored under `{}`, and no level weight of the policy applies to them",
            seen.written.trim(),
            seen.level
        );
        s.find("level-unknown", Some(row.line), Some(name), message);
    }
    if s.levels[i1].is_level1 && s.levels[i2].unknown {
        s.levels[i2].unknown = false;
        let message = format!(
            "`{}` is not a level-2 indicator of any taxonomy of the policy: its rows are scored under `{}`",
            s.levels[i2].written.trim(),
            s.levels[i1].level
        );
        s.find("level-unknown", Some(row.line), Some(name), message);
    }
}

/// The score of one row and how it was reached.
pub(super) fn measure(
    s: &mut Scorer,
    row: &IndicatorRow,
    (level1, level2): (&str, &str),
    trace: &mut Trace,
) -> (Status, Decimal) {
    let p = s.policy;
    let name = row.name.as_str();
    let Some(weight) = row.weight else {
        // A row that prints a score was assessed: its weight is missing, not the row.
        let Some(reported) = row.reported_score else {
            trace.add(|| "no weight: not applicable, not counted".into());
            return (Status::NotApplicable, Decimal::ZERO);
        };
        let kept = match p.scoring.unscorable {
            UnscorableRule::KeepReported => reported,
            UnscorableRule::Zero => Decimal::ZERO,
        };
        trace.add(|| {
            format!(
                "no weight, but the table reports a score: cannot be scored; score {} kept and counted",
                fmt(kept)
            )
        });
        s.find(
            "unscorable-indicator",
            Some(row.line),
            Some(name),
            match p.scoring.unscorable {
                UnscorableRule::KeepReported => format!(
                    "the row has no weight (分值) but reports a score of {reported}: it cannot be scored, and the reported {reported} is counted in the total"
                ),
                UnscorableRule::Zero => format!(
                    "the row has no weight (分值) but reports a score of {reported}: it cannot be scored, and scores 0"
                ),
            },
        );
        return (Status::KeptReported, kept);
    };
    if let Some(reported) = row.reported_score
        && reported > weight
    {
        s.find(
            "score-above-weight",
            Some(row.line),
            Some(name),
            format!("the reported score {reported} is above the weight {weight}"),
        );
    }
    if p.scoring
        .judged_under
        .iter()
        .any(|l| *l == *level1 || *l == *level2)
    {
        return judged(s, row, weight, trace);
    }
    let target = parse_cell(&row.target);
    let actual = parse_cell(&row.actual);
    // A yes/no question answered (`否` → `否`, `未发生`, or `无`, a placeholder elsewhere), or
    // no incident wanted and a count given (`零事故` → `0`; `0起` → `未发生`).
    let yes_no = |(wanted, given)| Answers {
        wanted,
        given,
        cap: false,
    };
    let answers = match (answer(&target), answer(&actual)) {
        (Some(wanted), Some(given)) => Some(yes_no((wanted, given))),
        (Some(false), None) => count_answer(&actual).map(|given| yes_no((false, given))),
        (None, Some(false)) => count_answer(&target)
            .filter(|wanted| !wanted)
            .map(|wanted| yes_no((wanted, false))),
        // A cost capped by a reference (`≤预算`) and an actual saying it stayed under it or
        // not (`未超预算`, `超支`).
        _ => match (&target, &actual) {
            (CellValue::Text { text: t }, CellValue::Text { text: a }) if caps_by_reference(t) => {
                stays_within(a).map(|given| Answers {
                    wanted: true,
                    given,
                    cap: true,
                })
            }
            _ => None,
        },
    };
    let outcome = match (&target, &actual) {
        (CellValue::Empty | CellValue::Placeholder { .. }, _)
            if let Some(x) = s.execution_rate
                && names_execution(name) =>
        {
            let v = execution_points(p, x, weight);
            trace.add(|| {
                format!(
                    "no target of its own: the funds' execution rate {}% on curve `{}` for weight {} = {}",
                    fmt(x.round_dp(6)),
                    p.budget.curve,
                    fmt(weight),
                    fmt(v.round_dp(6))
                )
            });
            Some(v)
        }
        // `详见绩效自评报告`, `目标500人`: no result to score, whatever words it holds.
        (_, CellValue::Text { text }) if let Some(why) = no_result(text) => {
            trace.add(|| format!("actual `{text}` {why}: nothing to compare"));
            None
        }
        _ if answers.is_some() => answers.and_then(|a| answered(s, row, a, weight, trace)),
        (CellValue::Quantity { .. }, CellValue::Quantity { .. }) => {
            quantitative(s, row, level1, level2, &target, &actual, weight, trace)
        }
        // An actual written as a span (`80%-90%`) against a floor or a ceiling: the span's
        // end on the target's side is a bound, which meets the target whatever the value
        // when it does (`≥80%` → at least 80) and says nothing otherwise.
        (
            CellValue::Quantity {
                comparator: Some(cmp),
                ..
            },
            CellValue::Range { low, high, unit },
        ) if *cmp != Comparator::Eq => {
            let floor = matches!(cmp, Comparator::Ge | Comparator::Gt);
            let bound = CellValue::Quantity {
                comparator: Some(if floor {
                    Comparator::Ge
                } else {
                    Comparator::Le
                }),
                number: if floor { *low } else { *high },
                unit: unit.clone(),
            };
            trace.add(|| {
                format!(
                    "actual `{}` is a span: read as {} its {} end",
                    row.actual,
                    if floor { "at least" } else { "at most" },
                    if floor { "low" } else { "high" }
                )
            });
            quantitative(s, row, level1, level2, &target, &bound, weight, trace)
        }
        // A target of a figure and a word of doing it (`完成100%`, `100%完成`, `100%以上完成`,
        // `≥95%达标`): the figure is the target, its comparator read as any bare target's.
        (CellValue::Text { text }, CellValue::Quantity { unit, .. })
            if text.bytes().any(|b| b.is_ascii_digit())
                && let Some(figure) = figure_after_word(text)
                    .or_else(|| figure_before_word(text))
                    .or_else(|| figure_after_label(text).filter(|f| comparable(p, f, unit)))
                    .or_else(|| reached(text).map(Reached::into_target)) =>
        {
            trace.add(|| format!("target `{text}` read as its figure"));
            quantitative(s, row, level1, level2, &figure, &actual, weight, trace)
        }
        // Words with a figure in them, against a figure: the figure decides, never a tier
        // word beside it (`完成480人次` against `≥500人次` is 480, not 完成).
        (CellValue::Quantity { .. }, CellValue::Text { text })
            if text.bytes().any(|b| b.is_ascii_digit()) =>
        {
            figure_of_actual(p, text, &target).and_then(|(figure, how)| {
                trace.add(|| format!("`{text}` read as {how}"));
                quantitative(s, row, level1, level2, &target, &figure, weight, trace)
            })
        }
        // A change against a change in the same direction (`较上年增长10%` → `增长12%`,
        // `提高5个百分点` → `提高6个百分点`): the change is the figure, at least the target's.
        (CellValue::Text { text: t }, CellValue::Text { text: a })
            if let Some((up, wanted)) = change(t)
                && let Some((actual_up, given)) =
                    change(a).or_else(|| reached(a).and_then(|r| Some((r.up, r.as_change()?))))
                && up == actual_up =>
        {
            // A target change is a floor: at least the rise or fall it names.
            let wanted = match wanted {
                CellValue::Quantity { number, unit, .. } => CellValue::Quantity {
                    comparator: Some(Comparator::Ge),
                    number,
                    unit,
                },
                other => other,
            };
            trace.add(|| {
                format!(
                    "`{t}` and `{a}` are both a {} by a figure: the actual {} against at least the target's",
                    if up { "rise" } else { "fall" },
                    if up { "rise" } else { "fall" },
                )
            });
            quantitative(s, row, level1, level2, &wanted, &given, weight, trace)
        }
        // Words with a figure on both sides (`培训500人次` → `完成480人次`, `验收合格率100%` →
        // `合格率90%`): the figures decide, never a tier word beside them; figures of different
        // measures cannot be compared.
        (CellValue::Text { text: t }, CellValue::Text { text: a })
            if t.bytes().any(|b| b.is_ascii_digit())
                && a.bytes().any(|b| b.is_ascii_digit())
                && let Some(wanted) =
                    figure_in_words(t).or_else(|| reached(t).map(Reached::into_target))
                && let Some(given) = figure_in_words(a).or_else(|| reached(a).map(|r| r.to)) =>
        {
            let unit = match &wanted {
                CellValue::Quantity { unit, .. } => unit.clone(),
                _ => None,
            };
            if !comparable(p, &given, &unit) {
                trace.add(|| format!("`{t}` and `{a}` hold figures of different measures"));
                None
            } else {
                trace.add(|| format!("`{t}` and `{a}` read as their figures"));
                quantitative(s, row, level1, level2, &wanted, &given, weight, trace)
            }
        }
        (_, CellValue::Text { text })
            if !matches!(target, CellValue::Empty | CellValue::Placeholder { .. }) =>
        {
            qualitative(s, row, &target, text, weight, trace)
        }
        (CellValue::Range { .. } | CellValue::Band { .. } | CellValue::Date { .. }, _) => {
            interval_or_date(s, row, (level1, level2), &target, &actual, weight, trace)
        }
        _ => None,
    };
    match outcome {
        Some(raw) => {
            let exact = within(raw, Decimal::ZERO, weight);
            let score = p.rounding.indicator.apply(exact);
            // Only a trace says so: the comparison is not made for a batch that shows none.
            if trace.on && raw.round_dp(10) != score {
                trace.add(|| format!("rounded: {} → {}", fmt(raw.round_dp(6)), score));
            }
            if let Some(reported) = row.reported_score
                && !agrees(
                    reported,
                    s.decimals_of(reported.scale()),
                    exact,
                    p.rounding.indicator,
                    weight,
                )
            {
                s.find(
                    "indicator-score-mismatch",
                    Some(row.line),
                    Some(name),
                    format!("the table reports {reported}; the policy gives {score}"),
                );
            }
            (Status::Scored, score)
        }
        None => {
            // What stands instead: the printed score, never above the weight (A0203 has
            // said so already), 0 when no number is printed or the policy says `zero`.
            let (kept, what) = match (p.scoring.unscorable, row.reported_score) {
                (UnscorableRule::Zero, _) => (Decimal::ZERO, "it scores 0".to_string()),
                (UnscorableRule::KeepReported, None) => (
                    Decimal::ZERO,
                    "no score is printed (as a number), so 0 is kept".to_string(),
                ),
                (UnscorableRule::KeepReported, Some(r)) => {
                    let kept = within(r, Decimal::ZERO, weight);
                    if kept == r {
                        (kept, format!("the reported score {r} stands"))
                    } else {
                        let kept_text = fmt(kept);
                        (
                            kept,
                            format!(
                                "the reported score {r} is outside the weight {weight}, so {kept_text} is kept"
                            ),
                        )
                    }
                }
            };
            trace.add(|| {
                let why = match row.reported_score {
                    Some(r) if r == kept => format!("score {kept} kept"),
                    _ => what.clone(),
                };
                // An empty cell is said to be none, not shown as two backquotes.
                let cell = |text: &str| match text.trim() {
                    "" => "none".to_string(),
                    t => format!("`{t}`"),
                };
                format!(
                    "cannot be scored (target {}, actual {}); {why}",
                    cell(&row.target),
                    cell(&row.actual)
                )
            });
            let message = if let Some(because) = s.unscored.take() {
                format!("{because}; {what}")
            } else if row.actual.trim().is_empty() {
                format!("no actual value is given; {what}")
            } else {
                format!(
                    "target `{}` and actual `{}` cannot be compared; {what}",
                    row.target, row.actual
                )
            };
            s.find("unscorable-indicator", Some(row.line), Some(name), message);
            (Status::KeptReported, kept)
        }
    }
}

/// A row of a level the policy leaves to its 评分标准 (`judged under`, 宁夏's 项目决策 and
/// 项目管理): the table has judged it, so its printed score is the score, never above the
/// weight (A0203 has said so) nor below 0. Without a printed score there is nothing to keep.
pub(super) fn judged(
    s: &mut Scorer,
    row: &IndicatorRow,
    weight: Decimal,
    trace: &mut Trace,
) -> (Status, Decimal) {
    let Some(reported) = row.reported_score else {
        trace.add(|| {
            "judged by the policy's 评分标准, but no score is printed (as a number): 0".into()
        });
        s.find(
            "unscorable-indicator",
            Some(row.line),
            Some(&row.name),
            "the row's level is judged by the policy's 评分标准 (`judged`), but no score is printed (as a number), so 0 is kept".into(),
        );
        return (Status::KeptReported, Decimal::ZERO);
    };
    let kept = within(reported, Decimal::ZERO, weight);
    trace.add(|| {
        if kept == reported {
            format!("judged by the policy's 评分标准: the table's score {reported} stands")
        } else {
            format!(
                "judged by the policy's 评分标准: the table's score {reported} is outside the weight {weight}, so {} is kept",
                fmt(kept)
            )
        }
    });
    (Status::Judged, kept)
}

/// The curve of the first rule whose conditions the row meets, in the order written.
pub(super) fn rule_curve<'p>(
    p: &'p Policy,
    row: &IndicatorRow,
    level1: &str,
    level2: &str,
    unit: Option<&str>,
) -> Option<&'p str> {
    let same_unit = |u: &str| {
        unit.is_some_and(|t| {
            t == u || matches!((p.units.resolve(t), p.units.resolve(u)), (Ok(a), Ok(b)) if a == b)
        })
    };
    p.scoring
        .rules
        .iter()
        .find(|r| {
            r.conditions.iter().all(|c| match c {
                RuleCondition::Level(l) => l == level1 || l == level2,
                RuleCondition::NameContains(t) => row.name.contains(t.as_str()),
                RuleCondition::Unit(u) => same_unit(u),
            })
        })
        .map(|r| r.curve.as_str())
}

/// A missed target with no reason given, where the policy asks for one (A0401).
pub(super) fn require_reason_for_miss(s: &mut Scorer, row: &IndicatorRow) {
    if s.policy.deviation.reason_when_missed && !reason_given(&row.reason) {
        s.find(
            "reason-missing-for-miss",
            Some(row.line),
            Some(&row.name),
            concat(&[
                "the target `",
                &row.target,
                "` was missed (actual `",
                &row.actual,
                "`) and no reason is given",
            ]),
        );
    }
}

/// A deviation reason counts when it says something: not empty, not a placeholder, not the
/// template's `0`.
pub(super) fn reason_given(reason: &str) -> bool {
    // Clauses that say there is nothing to explain (`无偏差`, `无偏差，无需改进`) or only
    // restate the outcome (`已完成`, `超额完成`): a cell of these alone gives no reason.
    const SAY_NOTHING: &[&str] = &[
        "无偏差",
        "没有偏差",
        "未偏差",
        "未发生偏差",
        "不存在偏差",
        "无明显偏差",
        "无差异",
        "无异常",
        "正常",
        "完成",
        "已完成",
        "全部完成",
        "超额完成",
        "未完成",
        "达成",
        "已达成",
        "达标",
        "已达标",
        "无需说明",
        "无需改进",
        "无需整改",
        "继续保持",
    ];
    let text = without_markup(reason);
    let r = trimmed(&text);
    let says_nothing = || {
        r.split(CLAUSE_ENDS)
            .map(str::trim)
            .filter(|clause| !clause.is_empty())
            .all(|clause| SAY_NOTHING.contains(&clause))
    };
    !(r.is_empty() || r == "0" || crate::syntax::cell::PLACEHOLDERS.contains(&r) || says_nothing())
}

/// A cell without the HTML a web form left in it: tags (`<p>`, `<br/>`) and entities
/// (`&nbsp;`, `&#160;`) removed. `<p>&nbsp;</p>` says nothing.
pub(super) fn without_markup(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '&']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        // A tag runs to its `>`; an entity is a short run of letters, digits or `#` before `;`.
        let end = if tail.starts_with('<') {
            tail.find('>').map(|e| e + 1)
        } else {
            tail[1..]
                .find(';')
                .filter(|&e| {
                    (2..=8).contains(&e)
                        && tail[1..=e]
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'#')
                })
                .map(|e| e + 2)
        };
        match end {
            Some(end) => rest = &tail[end..],
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

pub(super) fn is_template_leftover(name: &str) -> bool {
    // `指标1：`, `指标2:` as the template prints them, with their colon.
    let n = trimmed(name).trim_end_matches([':', '：']);
    n.starts_with("……")
        || n == "..."
        || (n.starts_with("指标")
            && n.chars().skip(2).all(|c| c.is_ascii_digit())
            && n.chars().count() > 2)
}

/// Why an actual holds no result: it points elsewhere (`详见自评报告`, `见附件`), or states a
/// figure of the plan (`目标500人`, `计划：500`, `预计12月完成`) rather than of what was done.
fn no_result(text: &str) -> Option<&'static str> {
    const ELSEWHERE: &[&str] = &["详见", "见附件", "见附表", "参见", "具体见", "见报告"];
    const PLANNED: &[&str] = &["目标值", "目标", "计划", "预计"];
    if ELSEWHERE.iter().any(|w| text.starts_with(w)) {
        return Some("points elsewhere");
    }
    PLANNED
        .iter()
        .find_map(|w| text.strip_prefix(w))
        .and_then(|rest| rest.trim_start_matches([':', '：', '为']).chars().next())
        .filter(|c| c.is_ascii_digit() || "≥≤><＞＜".contains(*c))
        .map(|_| "states the plan's figure, not what was done")
}

/// The figure an actual of words reports against a target's figure, and how it was found:
/// after a word that only introduces it (`完成480人次`), before a word of doing it (`100%完成`),
/// a share after its label (`满意度95%`), after words saying what it counts (`培训520人次`,
/// in the target's measure), the first clause's (`480人次，因疫情影响未完成`), the level a move
/// reached (`由85%提高到86.5%`), or a sentence's one share (`调查问卷显示满意度为93%`).
fn figure_of_actual<'a>(
    p: &Policy,
    text: &'a str,
    target: &CellValue,
) -> Option<(CellValue<'a>, &'static str)> {
    if let Some(f) = figure_after_word(text) {
        return Some((f, "the figure after its first word"));
    }
    if let Some(f) = figure_before_word(text) {
        return Some((f, "the figure before its word"));
    }
    if let Some(f) = share_after_label(text, target) {
        return Some((f, "the share after its label"));
    }
    let measure = match target {
        CellValue::Quantity { unit, .. } => unit,
        _ => &None,
    };
    let ours = |f: &CellValue| comparable(p, f, measure);
    if let Some(f) = figure_after_label(text).filter(ours) {
        return Some((f, "the figure after its words"));
    }
    if let Some(f) = first_clause_figure(text).filter(ours) {
        return Some((f, "its first clause's figure"));
    }
    if let Some(f) = reached(text).map(|r| r.to).filter(ours) {
        return Some((f, "the level it reached"));
    }
    only_share(text, target).map(|f| (f, "the one share it holds"))
}
