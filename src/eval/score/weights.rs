//! Weights: level points printed in labels, subtotals, and the sums the policy requires.

use super::*;

/// Whether a table's indicators carry neither weights nor scores: a form that states targets
/// and what was done without scoring them (县级专项资金绩效目标自评表, some 中央转移支付 forms).
pub(super) fn unweighted(table: &Table) -> bool {
    !table.indicators.is_empty()
        && table
            .indicators
            .iter()
            .all(|i| i.weight.is_none() && i.reported_score.is_none())
}

/// A row's level label as written: of level 2, or of level 1.
fn label_of(row: &IndicatorRow, level2: bool) -> &str {
    if level2 { &row.level2 } else { &row.level1 }
}

/// Rows under one label giving points, and the points.
type Run = (std::ops::Range<usize>, Decimal);

/// The runs of consecutive rows under one level label as written whose label gives points
/// (`产出指标(50分)`, `数量指标 15 分`): of level 1, or of level 2 within level 1.
pub(super) fn weighted_runs(rows: &[IndicatorRow], level2: bool) -> Vec<Run> {
    // Most tables state no points in their labels: ruled out by each label's last byte.
    let may_state_points =
        |r: &IndicatorRow| crate::policy::ends_in_points_or_bracket(label_of(r, level2));
    if !rows.iter().any(may_state_points) {
        return Vec::new();
    }
    // A label carried down is shared with the rows above it: most are told equal by address.
    let same_label = |a: &Arc<str>, b: &Arc<str>| Arc::ptr_eq(a, b) || **a == **b;
    let mut runs = Vec::new();
    let mut start = 0;
    while let Some(first) = rows.get(start) {
        let same = |r: &&IndicatorRow| {
            same_label(&r.level1, &first.level1)
                && (!level2 || same_label(&r.level2, &first.level2))
        };
        let end = start + rows[start..].iter().take_while(same).count();
        if let Some(points) = crate::policy::label_weight(label_of(first, level2)) {
            runs.push((start..end, points));
        }
        start = end;
    }
    runs
}

/// A row with no weight of its own that is the only indicator under a label giving points
/// weighs those points: 湖北's form writes `数量指标 15 分` over one row and has no 分值
/// column. Rows that state nothing (`指标2:` left from the template) are not indicators here.
pub(super) fn weights_from_labels(s: &mut Scorer, table: &mut Table, runs: &[Vec<Run>; 2]) {
    for level2 in [true, false] {
        for (run, points) in &runs[usize::from(level2)] {
            let points = *points;
            let Some(rows) = table.indicators.get_mut(run.clone()) else {
                continue;
            };
            if rows.iter().any(|r| r.weight.is_some()) {
                continue;
            }
            let mut filled = rows.iter_mut().filter(|r| {
                !(r.target.is_empty() && r.actual.is_empty() && r.reported_score.is_none())
            });
            let (Some(row), None) = (filled.next(), filled.next()) else {
                continue;
            };
            row.weight = Some(points);
            let label = label_of(row, level2);
            let message = concat(&[
                "`",
                label,
                "` gives its only indicator `",
                &row.name,
                "` a weight of ",
                &fmt(points),
            ]);
            s.find(
                "weight-from-label",
                Some(row.line),
                Some(&row.name),
                message,
            );
        }
    }
}

/// What rows weigh together: the weights of those that count
/// ([`IndicatorResult::counted_weight`]) added up; `None` when none counts.
fn counted_weights(rows: &[IndicatorResult]) -> Option<Decimal> {
    rows.iter()
        .filter_map(IndicatorResult::counted_weight)
        .reduce(Decimal::saturating_add)
}

/// A level label that gives points (`产出指标(50分)`) is the table's own statement of what the
/// rows under it weigh together: a sum that differs is the table's arithmetic, wrong.
fn check_label_weights(
    s: &mut Scorer,
    table: &Table,
    indicators: &[IndicatorResult],
    runs: &[Vec<Run>; 2],
) {
    let tolerance = s.policy.weights.tolerance;
    for level2 in [false, true] {
        for (run, points) in &runs[usize::from(level2)] {
            let points = *points;
            let (Some(rows), Some(results)) = (
                table.indicators.get(run.clone()),
                indicators.get(run.clone()),
            ) else {
                continue;
            };
            let Some(sum) = counted_weights(results) else {
                continue;
            };
            if sum.saturating_sub(points).abs() <= tolerance {
                continue;
            }
            let Some(row) = rows.first() else {
                continue;
            };
            let label = label_of(row, level2);
            let message = concat(&[
                "`",
                label,
                "` gives its level ",
                &fmt(points),
                " points; the indicators under it weigh ",
                &fmt(sum),
            ]);
            s.find("level-label-weight", Some(row.line), Some(label), message);
        }
    }
}

/// A subtotal row is the table's own sum of the rows it closes or heads (A0107): its weight
/// against what they weigh, its score against the scores they print. The scores the policy
/// gives the rows are not asked: a row scored otherwise is A0103's, on its own line.
pub(super) fn check_subtotals(s: &mut Scorer, table: &Table, indicators: &[IndicatorResult]) {
    let tolerance = s.policy.weights.tolerance;
    let round = s.policy.rounding.total;
    for sub in &table.subtotals {
        let range = sub.first..sub.first.saturating_add(sub.count);
        let (Some(rows), Some(results)) =
            (table.indicators.get(range.clone()), indicators.get(range))
        else {
            continue;
        };
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            continue;
        };
        let (which, weigh, print) = if rows.len() == 1 {
            (
                format!("the indicator row on line {}", first.line),
                "it weighs",
                "the score it prints is",
            )
        } else {
            (
                format!(
                    "the {} indicator rows on lines {}–{}",
                    rows.len(),
                    first.line,
                    last.line
                ),
                "they weigh",
                "the scores they print add up to",
            )
        };
        let weighed = counted_weights(results);
        let weight = weighed.unwrap_or_default();
        if let (Some(printed), Some(weight)) = (sub.weight, weighed)
            && printed.saturating_sub(weight).abs() > tolerance
        {
            let message = format!(
                "`{}` gives {} points to {which}; {weigh} {}",
                sub.label,
                fmt(printed),
                fmt(weight)
            );
            // The finding names the weight cell.
            s.cells = Some(crate::table::Columns {
                score: None,
                ..sub.columns
            });
            s.find(
                "subtotal-mismatch",
                Some(sub.line),
                Some(&sub.label),
                message,
            );
        }
        // The scores printed by the rows that count, when every one of them prints one.
        let counted = rows
            .iter()
            .zip(results)
            .filter(|(_, r)| r.counted_weight().is_some());
        let printed_scores: Option<Vec<Decimal>> =
            counted.map(|(row, _)| row.reported_score).collect();
        if let (Some(printed), Some(scores)) = (sub.reported_score, printed_scores)
            && !scores.is_empty()
        {
            let sum = scores
                .iter()
                .fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
            let full = sub.weight.unwrap_or(weight);
            if !agrees(printed, s.decimals_of(printed.scale()), sum, round, full) {
                let message = format!(
                    "`{}` prints a score of {} for {which}; {print} {}",
                    sub.label,
                    fmt(printed),
                    fmt(sum)
                );
                s.cells = Some(sub.columns);
                s.find(
                    "subtotal-mismatch",
                    Some(sub.line),
                    Some(&sub.label),
                    message,
                );
            }
        }
    }
    s.cells = None;
}

/// A scored row that prints no score in a table that prints its other rows' (A0106): the
/// printed total leaves it out, or counts a figure the row does not show. None when no row
/// prints a score (a form without a 得分 column, or one left blank throughout).
pub(super) fn check_missing_scores(s: &mut Scorer, table: &Table, indicators: &[IndicatorResult]) {
    let printed = table
        .indicators
        .iter()
        .filter(|row| row.reported_score.is_some())
        .count();
    if printed == 0 {
        return;
    }
    for (row, result) in table.indicators.iter().zip(indicators) {
        if row.reported_score.is_none() && result.status == Status::Scored {
            let message = format!(
                "the table prints no score (as a number) for this row, though it prints {printed} other rows' scores; the policy gives {}",
                result.score
            );
            s.find("score-missing", Some(row.line), Some(&row.name), message);
        }
    }
}

/// Each level-1 indicator with a row that counts ([`IndicatorResult::counted_weight`]), and
/// the weights of its counted rows added in row order: one pass over the rows for all levels.
fn level_sums(indicators: &[IndicatorResult]) -> Vec<(&Arc<str>, Decimal)> {
    let mut sums: Vec<(&Arc<str>, Decimal)> = Vec::with_capacity(4);
    for i in indicators {
        let Some(w) = i.counted_weight() else {
            continue;
        };
        // Rows share their level's `Arc`: most are found by address.
        let same =
            |(l, _): &&mut (&Arc<str>, Decimal)| Arc::ptr_eq(l, &i.level1) || ***l == *i.level1;
        match sums.iter_mut().find(same) {
            Some((_, sum)) => *sum = sum.saturating_add(w),
            None => sums.push((&i.level1, Decimal::ZERO.saturating_add(w))),
        }
    }
    sums
}

pub(super) fn check_weights(
    s: &mut Scorer,
    table: &Table,
    budget: &BudgetResult,
    indicators: &[IndicatorResult],
    runs: &[Vec<Run>; 2],
) {
    let p = s.policy;
    let line = table.indicators.first().map(|i| i.line);
    if unweighted(table) {
        s.find(
            "weights-missing",
            line,
            None,
            format!(
                "no indicator row has a weight (分值) or a score: {} cannot be scored under this policy, so the total is the execution score alone and no grade is given",
                match table.indicators.len() {
                    1 => "the table's one indicator".to_string(),
                    n => format!("the table's {n} indicators"),
                }
            ),
        );
        return;
    }
    // Rows that print scores but no weights (each an A0501) leave no weights to add up: the
    // funds' weight alone is not the table's sum.
    let Some(rows_weight) = counted_weights(indicators) else {
        return;
    };
    let sum = budget.weight.saturating_add(rows_weight);
    if sum.saturating_sub(p.weights.total).abs() > p.weights.tolerance {
        s.find(
            "weights-total",
            line,
            None,
            format!(
                "the weights add up to {}, not {}",
                fmt(sum),
                fmt(p.weights.total)
            ),
        );
    }
    check_label_weights(s, table, indicators, runs);
    // Level weights, with the policy's redistribution when a level is absent.
    // The policy's own list unless a rule moves an absent level's weight: not copied per table.
    let mut expected: Cow<[(String, Decimal)]> = Cow::Borrowed(&p.weights.levels);
    // What each level's rows weigh, summed once rather than once for each level asked about.
    let sums = level_sums(indicators);
    let weight_of = |l: &str| {
        sums.iter()
            .find(|(level, _)| ***level == *l)
            .map(|(_, w)| *w)
    };
    let present = |l: &str| weight_of(l).is_some();
    let mut flexible: Vec<Vec<String>> = Vec::new();
    // The absent levels whose weight was shared out, for the message to say why a level's
    // weight is not the policy's own.
    let mut moved_from: Vec<(&str, &[String])> = Vec::new();
    for rule in &p.weights.absent {
        if present(&rule.level) {
            continue;
        }
        let Some(moved) = expected
            .iter()
            .find(|(l, _)| *l == rule.level)
            .map(|(_, w)| *w)
        else {
            continue;
        };
        let receivers: Decimal = expected
            .iter()
            .filter(|(l, _)| rule.to.contains(l))
            .map(|(_, w)| *w)
            .fold(Decimal::ZERO, Decimal::saturating_add);
        let count = Decimal::from(rule.to.len().max(1));
        for (l, w) in expected.to_mut().iter_mut() {
            if rule.to.contains(l) {
                let share = match rule.split {
                    // In proportion to the receivers' own weights (10号's 50:30).
                    SplitRule::Proportional => moved
                        .saturating_mul(*w)
                        .checked_div(receivers)
                        .unwrap_or_default(),
                    SplitRule::Equal | SplitRule::UnitChoice => {
                        moved.checked_div(count).unwrap_or_default()
                    }
                };
                *w = w.saturating_add(share);
            } else if *l == rule.level {
                *w = Decimal::ZERO;
            }
        }
        if rule.split == SplitRule::UnitChoice {
            // The unit splits the weight as it likes: only the receivers' sum is checked.
            flexible.push(rule.to.clone());
        }
        moved_from.push((&rule.level, &rule.to));
    }
    for group in &flexible {
        let want = expected
            .iter()
            .filter(|(l, _)| group.contains(l))
            .map(|(_, w)| *w)
            .fold(Decimal::ZERO, Decimal::saturating_add);
        let got = group
            .iter()
            .map(|l| weight_of(l).unwrap_or(Decimal::ZERO))
            .fold(Decimal::ZERO, Decimal::saturating_add);
        if got != want {
            let names = group.join(" + ");
            s.find(
                "level-weights",
                line,
                Some(&names),
                format!(
                    "the indicators under {names} weigh {}; the policy gives them {} together",
                    fmt(got),
                    fmt(want)
                ),
            );
        }
    }
    let expected = expected
        .iter()
        .filter(|(l, _)| !flexible.iter().any(|g| g.contains(l)));
    for (level, want) in expected {
        let want = *want;
        // A level none of whose rows counts is absent: no weight to compare.
        let Some(got) = weight_of(level) else {
            continue;
        };
        if got != want {
            // Built in one string, the figures printed into it: most tables have a few.
            let mut message = String::with_capacity(96);
            message.push_str("the indicators under `");
            message.push_str(level);
            message.push_str("` weigh ");
            push_figure(&mut message, got);
            message.push_str("; the policy's level weight is ");
            push_figure(&mut message, want);
            // 56.25 reads oddly beside the policy's 50 unless it says where it comes from.
            let own = p.weights.levels.iter().find(|(l, _)| l == level);
            if let Some((_, own)) = own.filter(|(_, w)| *w != want) {
                message.push_str(" (its own ");
                push_figure(&mut message, *own);
                message.push_str(", with the weight of ");
                let givers = moved_from
                    .iter()
                    .filter(|(_, to)| to.iter().any(|t| t == level));
                for (i, (absent, _)) in givers.enumerate() {
                    message.push_str(if i == 0 { "`" } else { "`, `" });
                    message.push_str(absent);
                }
                message.push_str("`, absent from the table, shared out)");
            }
            s.find("level-weights", line, Some(level), message);
        }
    }
}
