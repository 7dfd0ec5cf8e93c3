//! The funds block: which row is the total, its execution rate and score, and the checks of
//! its printed figures and sub-rows.

use super::*;

/// Whether an indicator is the budget's execution: `预算执行率`, also `预算资金执行率` (湖北).
pub(super) fn names_execution(name: &str) -> bool {
    name.contains("预算执行") || name.contains("预算资金执行")
}

/// The scores a table prints for what counts in its total added up, each rounded as the policy
/// rounds its own (a printed 9.5375 counts 9.54): the funds block's (when it weighs anything)
/// and each indicator's that is not "not applicable". `None` when one of them prints none: the
/// table's own sum cannot be told.
pub(super) fn printed_parts(
    r: &Rounding,
    budget: &BudgetResult,
    indicators: &[IndicatorResult],
) -> Option<Decimal> {
    let funds = match budget.weight.is_zero() {
        true => Decimal::ZERO,
        false => r.budget_score.apply(budget.reported_score?),
    };
    indicators
        .iter()
        .filter(|i| i.status != Status::NotApplicable)
        .try_fold(funds, |sum, i| {
            Some(sum.saturating_add(r.indicator.apply(i.reported_score?)))
        })
}

/// A funds row printing the table's own weight and score (湖北 鄂州's form: `分值 100 | 得分 98`
/// on 年度资金总额) in a table that scores execution as an indicator (`预算执行率 | 100% | 83.5% |
/// 20 | 18`): the full scale is no weight of the block's, and its score is the table's
/// total. The block then weighs nothing (execution is counted once, in the indicator), and
/// the score is the reported total unless a totals row prints one (I0011).
pub(super) fn funds_row_as_total(s: &mut Scorer, table: &mut Table) -> Option<FullScale> {
    let full = s.policy.weights.total;
    let at = total_row(&table.budget);
    let row = table.budget.get_mut(at)?;
    if row.weight != Some(full) || !table.indicators.iter().any(|r| names_execution(&r.name)) {
        return None;
    }
    row.weight = None;
    let score = row.reported_score.take();
    let line = row.line;
    let (kept, total_line) = match (score, table.reported_total) {
        (Some(score), None) => {
            table.reported_total = Some(score);
            (
                format!("; its score {score} is the table's reported total"),
                Some(line),
            )
        }
        (Some(score), Some(total)) => (
            format!("; its score {score} is left aside for the totals row's {total}"),
            None,
        ),
        (None, _) => (String::new(), None),
    };
    s.find(
        "funds-weight-is-full-scale",
        Some(line),
        None,
        format!(
            "the funds row's weight {full} is the table's full scale, not the block's: execution is scored as an indicator, and the block weighs 0{kept}"
        ),
    );
    Some(FullScale { total_line })
}

/// A funds row whose weight was the table's full scale, the policy's total
/// ([`funds_row_as_total`]).
pub(super) struct FullScale {
    /// The row's line when its score stands for the table's reported total.
    pub(super) total_line: Option<usize>,
}

/// The funds block's result. `rows_weight` is what the indicators that count weigh together:
/// when it is the full scale, a block that prints no weight of its own weighs nothing.
pub(super) fn score_budget(
    s: &mut Scorer,
    table: &Table,
    full_scale: Option<&FullScale>,
    rows_weight: Option<Decimal>,
) -> BudgetResult {
    let p = s.policy;
    let mut trace = Trace::new(s.explain);
    // A form that does not weigh execution (宁夏's 自治区 transfer form: 产出指标(40分),
    // 效益指标(40分), 满意度指标(20分) under a funds block of amounts and a rate only): its
    // indicators weigh the full scale by themselves, and the policy's default would make it
    // 110 (I0012).
    let rows_full =
        rows_weight.is_some_and(|w| w.saturating_sub(p.weights.total).abs() <= p.weights.tolerance);
    let unweighed = |s: &mut Scorer, line: usize, why: &str| {
        s.find(
            "execution-unweighed",
            Some(line),
            Some("预算执行率"),
            format!(
                "{why}, and the indicators weigh the full {} by themselves: budget execution weighs 0, not the policy's default {}",
                fmt(p.weights.total),
                fmt(p.budget.default_weight)
            ),
        );
    };
    // A table that scores budget execution as one of its indicators (`预算执行率` under 产出
    // or 成本) and writes no weight in its funds block counts it there, not twice.
    let execution_indicator = table.indicators.iter().find(|r| names_execution(&r.name));
    let at = total_row(&table.budget);
    // The funds block's findings name cells of its total row.
    s.cells = table.budget.get(at).map(|r| r.columns);
    let Some(total_row) = table.budget.get(at) else {
        let (weight, why) = match execution_indicator {
            Some(r) => (
                Decimal::ZERO,
                format!(
                    "the table has no funds block; it scores execution as the indicator `{}` on line {}",
                    r.name, r.line
                ),
            ),
            None if rows_full => {
                unweighed(s, table.line, "the table has no funds block");
                (
                    Decimal::ZERO,
                    format!(
                        "weight 0: the table has no funds block, and its indicators weigh the full {}",
                        fmt(p.weights.total)
                    ),
                )
            }
            None => {
                // A form that weighs nothing (绩效目标自评表) states no execution to score.
                if !unweighted(table) {
                    s.find(
                        "unscorable-indicator",
                        Some(table.line),
                        Some("预算执行率"),
                        format!(
                            "the table has no funds block and no execution indicator: budget execution, weight {} by the policy, cannot be scored; 0 is counted",
                            p.budget.default_weight
                        ),
                    );
                }
                (
                    p.budget.default_weight,
                    "the table has no funds block".into(),
                )
            }
        };
        return BudgetResult {
            weight,
            rate: None,
            score: Decimal::ZERO,
            reported_rate: None,
            reported_score: None,
            trace: vec![why],
        };
    };
    // A block read across (I0008): the trace says so, as the figures are not on one row.
    if s.explain
        && let Some(across) = table.repairs.iter().find(|r| r.code == "I0008")
    {
        trace.add(|| {
            format!(
                "funds read across: one column per source under the header on line {}, one row per amount",
                across.line
            )
        });
    }
    let as_indicator = execution_indicator.filter(|_| total_row.weight.is_none());
    let rows_full = rows_full
        && as_indicator.is_none()
        && total_row.weight.is_none()
        && total_row.reported_score.is_none();
    let weight = match as_indicator {
        Some(_) => Decimal::ZERO,
        None if rows_full => Decimal::ZERO,
        None => total_row.weight.unwrap_or(p.budget.default_weight),
    };
    if rows_full {
        unweighed(
            s,
            total_row.line,
            "the funds block prints no weight or score",
        );
        trace.add(|| {
            format!(
                "weight 0: the block prints none, and the indicators weigh the full {}",
                fmt(p.weights.total)
            )
        });
    }
    if let Some(indicator) = as_indicator {
        let block = match full_scale {
            Some(_) => format!(
                "the funds row's {} is the table's full scale, not the block's weight",
                fmt(p.weights.total)
            ),
            None => "the funds block has none".into(),
        };
        trace.add(|| {
            format!(
                "weight 0: {block}, and the table scores execution as the indicator `{}` on line {}",
                indicator.name, indicator.line
            )
        });
    } else if total_row.weight.is_none() && !rows_full {
        trace.add(|| {
            format!(
                "weight {} (the row has none; the policy's default)",
                fmt(weight)
            )
        });
    }
    // The sub-rows are the others, on either side of the total row (合计 may close the block).
    let (before, after) = table.budget.split_at(at);
    let mut subrows = top_level(before);
    subrows.extend(top_level(after.get(1..).unwrap_or_default()));
    // Summed as they come (none, no sum), not gathered into a list first.
    let sum = |f: fn(&BudgetRow) -> Option<Decimal>| -> Option<Decimal> {
        subrows.iter().filter_map(|r| f(r)).fold(None, |a, b| {
            Some(a.unwrap_or(Decimal::ZERO).saturating_add(b))
        })
    };
    // The total row's figures, replaced by the sub-rows' sums when it has none: the row itself
    // is not copied.
    let row = total_row;
    let (mut row_executed, mut row_full_year, mut row_start_of_year) =
        (row.executed, row.full_year, row.start_of_year);
    let empty = |v: Option<Decimal>| v.is_none_or(|d| d.is_zero());
    let sub_exec = sum(|r| r.executed);
    let sub_full = sum(|r| r.full_year);
    let sub_start = sum(|r| r.start_of_year);
    // No total row: the row the block's figures were taken from is one of its parts
    // (`其中：当年财政拨款 | 80 | 80 | 76 | 10 | 90% | 9`, `上年结转资金 | 20 | 20 | 14` below):
    // the block's figures are the sums of all its rows, the part's included.
    if p.budget.subrows == SubrowRule::SumWhenTotalEmpty
        && is_part(&row.label)
        && !subrows.is_empty()
        && !table.budget.iter().any(|r| is_total_label(&r.label))
    {
        let with = |own: Option<Decimal>, sum: Option<Decimal>| match (own, sum) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            (a, b) => a.or(b),
        };
        row_executed = with(row_executed, sub_exec);
        row_full_year = with(row_full_year, sub_full);
        row_start_of_year = with(row_start_of_year, sub_start);
        s.find(
            "subrows-summed",
            Some(row.line),
            None,
            format!(
                "the funds block has no total row, and `{}` is one of its parts: the execution rate is computed from the sums of its {} rows",
                row.label,
                subrows.len() + 1
            ),
        );
        trace.add(|| "no total row: funds summed over the block's rows".into());
    } else if p.budget.subrows == SubrowRule::SumWhenTotalEmpty
        && empty(row_executed)
        && empty(row_full_year)
        && empty(row_start_of_year)
        && (sub_exec.is_some_and(|d| !d.is_zero()) || sub_full.is_some_and(|d| !d.is_zero()))
    {
        s.find(
            "subrows-sum",
            Some(row.line),
            None,
            format!(
                "the funds total row `{}` is empty or zero while its sub-rows are not",
                row.label
            ),
        );
        s.find(
            "subrows-summed",
            Some(row.line),
            None,
            "the execution rate is computed from the sums of the sub-rows".into(),
        );
        row_executed = sub_exec;
        row_full_year = sub_full;
        row_start_of_year = sub_start;
        trace.add(|| "funds summed from the sub-rows".into());
    } else if p.budget.subrows == SubrowRule::SumWhenTotalEmpty
        && let Some(filled) = partly_empty(
            [row_executed, row_full_year, row_start_of_year],
            [sub_exec, sub_full, sub_start],
        )
    {
        // A total row that leaves a figure empty its sub-rows give, and agrees with them on
        // the figures it prints (宁夏's `年度资金总额 | 300 |` over `自治区补助 | 300万元 |
        // 259.45万元`): the empty figure is their sum.
        let labels: Vec<&str> = FUNDS_FIGURES
            .iter()
            .zip(&filled)
            .filter(|(_, sum)| sum.is_some())
            .map(|(label, _)| *label)
            .collect();
        let (many, labels) = (labels.len() > 1, labels.join(", "));
        s.find(
            "subrows-sum",
            Some(row.line),
            None,
            format!(
                "the funds total row `{}` leaves {labels} empty while its sub-rows give it",
                row.label
            ),
        );
        s.find(
            "subrows-summed",
            Some(row.line),
            None,
            format!(
                "the total row's {labels} {} taken from the sums of its sub-rows",
                if many { "are" } else { "is" }
            ),
        );
        let mut figures = [row_executed, row_full_year, row_start_of_year];
        for ((figure, sum), label) in figures.iter_mut().zip(filled).zip(FUNDS_FIGURES) {
            if let Some(value) = sum {
                *figure = Some(value);
                trace.add(|| format!("{label} {value} summed from the sub-rows"));
            }
        }
        [row_executed, row_full_year, row_start_of_year] = figures;
    } else if !subrows.is_empty() {
        let totals = [row_executed, row_full_year, row_start_of_year];
        let sums = [sub_exec, sub_full, sub_start];
        for ((label, total), sub) in FUNDS_FIGURES.into_iter().zip(totals).zip(sums) {
            if let (Some(t), Some(sub)) = (total, sub)
                && t != sub
            {
                s.find(
                    "subrows-sum",
                    Some(row.line),
                    None,
                    format!("{label} of the total row is {t}; its sub-rows add up to {sub}"),
                );
            }
        }
    }
    // The denominator: the first of the policy's columns that holds a number.
    let mut denominator = None;
    for d in &p.budget.denominators {
        let value = match d {
            Denominator::FullYearBudget => row_full_year,
            Denominator::StartOfYearBudget => row_start_of_year,
            Denominator::FundsReceived => row.funds_received,
        };
        if let Some(v) = value {
            denominator = Some((*d, v));
            break;
        }
    }
    let reported_rate = row.reported_rate.clone();
    let reported_score = row.reported_score;
    let (Some(executed), Some((denom, budget))) = (row_executed, denominator) else {
        trace.add(|| {
            "the execution rate cannot be computed: executed amount or budget missing".into()
        });
        let why = "the execution rate cannot be computed".to_string();
        return budget_unscorable(s, row, weight, why, trace);
    };
    if budget.is_zero() {
        s.find(
            "zero-budget",
            Some(row.line),
            Some("预算执行率"),
            format!(
                "{} is 0: the execution rate cannot be computed",
                denom.label()
            ),
        );
        let score = match p.budget.zero_budget {
            UnscorableRule::KeepReported => reported_score.unwrap_or_default(),
            UnscorableRule::Zero => Decimal::ZERO,
        };
        trace.add(|| {
            format!(
                "{} is 0; score {} kept as reported",
                denom.label(),
                fmt(score)
            )
        });
        return without_rate(weight, score, reported_rate, reported_score, trace);
    }
    // A negative amount (a refund, a correction, a sign typed by mistake) makes no rate of
    // execution: -18 ÷ -20 is not 90 % of anything.
    if budget.is_sign_negative() || executed.is_sign_negative() {
        trace.add(|| {
            format!(
                "the execution rate cannot be computed: {} {} ÷ {} {} has a negative amount",
                "全年执行数",
                fmt(executed),
                denom.label(),
                fmt(budget)
            )
        });
        let why = format!(
            "the execution rate cannot be computed from a negative amount ({} {}, {} {})",
            "全年执行数",
            fmt(executed),
            denom.label(),
            fmt(budget)
        );
        return budget_unscorable(s, row, weight, why, trace);
    }
    let Some(ratio) = executed.checked_div(budget) else {
        trace.add(|| {
            format!(
                "{} ÷ {} is too large to compute",
                fmt(executed),
                fmt(budget)
            )
        });
        let why = "the execution rate is too large to compute".to_string();
        return budget_unscorable(s, row, weight, why, trace);
    };
    let exact_rate = ratio.saturating_mul(HUNDRED);
    let rate = p.rounding.rate.apply(exact_rate);
    // Spending beyond the budget is no better execution: the budget law wants the budget
    // adjusted first. The score is the curve's (capped at the weight by 10号's).
    if executed > budget {
        let message = concat(&[
            "全年执行数 ",
            &fmt(executed),
            " is more than ",
            denom.label(),
            " ",
            &fmt(budget),
            " (",
            &rate.to_string(),
            "%): spent beyond the budget",
        ]);
        s.find(
            "executed-over-budget",
            Some(row.line),
            Some("预算执行率"),
            message,
        );
    }
    trace.add(|| {
        format!(
            "rate = 全年执行数 {} ÷ {} {} = {}% → {}%",
            fmt(executed),
            denom.label(),
            fmt(budget),
            fmt(exact_rate.round_dp(6)),
            rate
        )
    });
    let x = if p.rounding.budget_score_from == crate::syntax::ast::BudgetScoreFrom::RoundedRate {
        rate
    } else {
        exact_rate
    };
    if let Some(curve) = p.curves.get(&p.budget.curve)
        && s.coverage
    {
        let segment = match &curve.form {
            CurveForm::Proportional { .. } | CurveForm::AllOrNothing => Some(if x >= HUNDRED {
                "met".to_string()
            } else {
                "missed".to_string()
            }),
            form => math::segment(form, x),
        };
        if let Some(segment) = segment {
            s.reach(|| format!("curve {}: {segment}", p.budget.curve));
        }
    }
    // A table that scores execution as an indicator with no target of its own: the funds'
    // rate scores it, with that row's weight.
    if as_indicator.is_some() {
        s.execution_rate = Some(x);
    }
    let raw = execution_points(p, x, weight);
    let score = p.rounding.budget_score.apply(raw);
    trace.add(|| {
        format!(
            "score = curve `{}` at {}% for weight {} = {} → {}",
            p.budget.curve,
            fmt(x.round_dp(6)),
            fmt(weight),
            fmt(raw.round_dp(6)),
            score
        )
    });
    if let Some(text) = &reported_rate
        && let Some(mut reported) = crate::table::number_cell(text)
    {
        let mut decimals = s.decimals_of(reported.scale());
        if reported <= Decimal::ONE && rate > dec!(1.5) && !text.contains('%') {
            // Written as a fraction: 0.967 is 96.7 %, printed to one decimal of a percent.
            reported = reported.saturating_mul(HUNDRED);
            decimals = decimals.map(|d| d.saturating_sub(2));
        }
        if !agrees(reported, decimals, exact_rate, p.rounding.rate, HUNDRED) {
            s.find(
                "rate-mismatch",
                Some(row.line),
                Some("预算执行率"),
                format!(
                    "the table reports an execution rate of {text}; {} ÷ {} is {}%",
                    fmt(executed),
                    fmt(budget),
                    rate
                ),
            );
        }
    }
    if let Some(reported) = reported_score
        && !agrees(
            reported,
            s.decimals_of(reported.scale()),
            raw,
            p.rounding.budget_score,
            weight,
        )
    {
        s.find(
            "budget-score-mismatch",
            Some(row.line),
            Some("预算执行率"),
            format!("the table reports an execution score of {reported}; the policy gives {score}"),
        );
    }
    BudgetResult {
        weight,
        rate: Some(rate),
        score,
        reported_rate,
        reported_score,
        trace: trace.lines,
    }
}

/// The figures a funds total row leaves empty that its sub-rows give, as their sums where it
/// does ([`FUNDS_FIGURES`]' order): when the row prints at least one figure the
/// sub-rows also give, and every such figure equals their sum.
fn partly_empty(
    total: [Option<Decimal>; 3],
    sub: [Option<Decimal>; 3],
) -> Option<[Option<Decimal>; 3]> {
    let pairs = || total.iter().zip(&sub);
    // Most total rows print every figure: nothing to fill, asked first and without a list.
    let fills = |(t, s): (&Option<Decimal>, &Option<Decimal>)| {
        t.is_none() && s.is_some_and(|s| !s.is_zero())
    };
    if !pairs().any(fills) {
        return None;
    }
    let mut both = pairs().filter_map(|(t, s)| Some(((*t)?, (*s)?))).peekable();
    if both.peek().is_none() || both.any(|(t, s)| t != s) {
        return None;
    }
    let mut filled = [None; 3];
    for (fill, pair) in filled.iter_mut().zip(pairs()) {
        if fills(pair) {
            *fill = *pair.1;
        }
    }
    Some(filled)
}

/// The figures of a funds row, in the order the block's checks read them.
const FUNDS_FIGURES: [&str; 3] = ["全年执行数", "全年预算数", "年初预算数"];

/// The budget row's result when no rate can be computed: the score given stands, within the
/// weight.
/// What an execution rate of `x` % earns of `weight` under the policy's budget curve, within
/// 0 and the weight.
pub(super) fn execution_points(p: &Policy, x: Decimal, weight: Decimal) -> Decimal {
    match p.curves.get(&p.budget.curve) {
        Some(curve) => {
            let points = match &curve.form {
                CurveForm::Proportional { .. } => {
                    weight.saturating_mul((x / HUNDRED).min(Decimal::ONE))
                }
                CurveForm::AllOrNothing => {
                    if x >= HUNDRED {
                        weight
                    } else {
                        Decimal::ZERO
                    }
                }
                form => math::points_at(form, x, weight).unwrap_or_default(),
            };
            math::limit(points, curve.floor, curve.cap, weight)
        }
        None => weight.saturating_mul((x / HUNDRED).min(Decimal::ONE)),
    }
    .max(Decimal::ZERO)
    .min(weight.max(Decimal::ZERO))
}

/// The execution row cannot be scored (`why`): A0501 says so, and what is counted instead,
/// the printed score or, when none is printed, 0.
fn budget_unscorable(
    s: &mut Scorer,
    row: &BudgetRow,
    weight: Decimal,
    why: String,
    trace: Trace,
) -> BudgetResult {
    let counted = match row.reported_score {
        Some(_) => "the reported score stands",
        None => "no score is printed: 0 is counted",
    };
    // A block that weighs nothing loses nothing: the trace says why there is no rate.
    if weight.is_zero() && row.reported_score.is_none() {
        return without_rate(
            weight,
            Decimal::ZERO,
            row.reported_rate.clone(),
            None,
            trace,
        );
    }
    s.find(
        "unscorable-indicator",
        Some(row.line),
        Some("预算执行率"),
        format!("{why}; {counted}"),
    );
    without_rate(
        weight,
        row.reported_score.unwrap_or_default(),
        row.reported_rate.clone(),
        row.reported_score,
        trace,
    )
}

fn without_rate(
    weight: Decimal,
    score: Decimal,
    reported_rate: Option<String>,
    reported_score: Option<Decimal>,
    mut trace: Trace,
) -> BudgetResult {
    let kept = within(score, Decimal::ZERO, weight);
    if kept != score {
        trace.add(|| {
            format!(
                "the reported score {score} is outside the weight {}, so {} is kept",
                fmt(weight),
                fmt(kept)
            )
        });
    }
    let score = kept;
    BudgetResult {
        weight,
        rate: None,
        score,
        reported_rate,
        reported_score,
        trace: trace.lines,
    }
}

/// Which row of a funds block is its total: the first, as the 10号 template prints it
/// (年度资金总额 first), unless another row is labelled as the total (`合计`, `总计`, a label
/// with `总额`) while the first is not, as blocks that close with `合计` are; failing a label,
/// the row that carries the execution weight (分值). The reader gives the rows in file order.
pub(super) fn total_row(budget: &[BudgetRow]) -> usize {
    let Some(first) = budget.first() else {
        return 0;
    };
    if budget.len() == 1 || is_total_label(&first.label) {
        return 0;
    }
    if let Some(i) = budget.iter().position(|r| is_total_label(&r.label)) {
        return i;
    }
    if first.weight.is_some() {
        return 0;
    }
    budget.iter().position(|r| r.weight.is_some()).unwrap_or(0)
}

/// Whether a funds row's label names the block's total: `年度资金总额`, `资金总额`, `合计`,
/// `总计` (also spaced out: `合  计`). `小计` is a part's subtotal, not the total.
fn is_total_label(label: &str) -> bool {
    let says = |l: &str| {
        (crate::syntax::cell::holds(l, "总额") && !l.starts_with("其中"))
            || l.starts_with("合计")
            || l.starts_with("总计")
    };
    let label = label.trim();
    says(label)
        || (label.contains(char::is_whitespace) && {
            let packed: String = label.chars().filter(|c| !c.is_whitespace()).collect();
            says(&packed)
        })
}

/// Whether a funds row's label says it is a part of the row above (`其中：当年财政拨款`, also
/// spaced out: `其 中`).
fn is_part(label: &str) -> bool {
    label
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(2)
        .eq("其中".chars())
}

/// The sub-rows directly under a funds block's total row. `其中` on a later sub-row opens a
/// breakdown of the row above it (`其中：当年财政拨款 100`, then `其中：中央补助 60`, `省级补助
/// 40`): the rows that add up to that row are its parts, not more of the total's. A breakdown
/// that does not add up exactly is not taken for one, and every row counts.
pub(super) fn top_level(subrows: &[BudgetRow]) -> Vec<&BudgetRow> {
    let amount = |r: &BudgetRow| r.full_year.or(r.start_of_year).or(r.executed);
    let mut kept = Vec::with_capacity(subrows.len());
    let mut i = 0;
    while let Some(row) = subrows.get(i) {
        kept.push(row);
        i += 1;
        let (Some(whole), Some(next)) = (amount(row), subrows.get(i)) else {
            continue;
        };
        if !is_part(&next.label) {
            continue;
        }
        let mut parts = Decimal::ZERO;
        let mut end = i;
        while let Some(part) = subrows.get(end).filter(|_| parts < whole) {
            parts = parts.saturating_add(amount(part).unwrap_or_default());
            end += 1;
        }
        if parts == whole {
            i = end;
        } else {
            return subrows.iter().collect();
        }
    }
    kept
}
