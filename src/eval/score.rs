//! Scores one table under a compiled policy: the budget row, every indicator, the total and
//! the grade, each with a trace in plain words, and findings where the published table's own
//! figures differ from the policy's.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

use super::curve as math;
use super::findings;
use crate::policy::{
    Curve, CurveForm, Denominator, Late, LevelOf, Policy, Round, Rounding, RuleCondition, Tier,
    TierSet,
};
use crate::syntax::ast::{
    Comparator, EqualTarget, GradeFrom, Measure, NotApplicableRule, Severity, SplitRule,
    SubrowRule, UnitlessRule, UnscorableRule,
};
use crate::syntax::cell::{CellValue, parse_cell, trimmed};
use crate::table::{BudgetRow, IndicatorRow, Table};

const HUNDRED: Decimal = dec!(100);

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub line: Option<usize>,
    /// The 0-based column of the cell the finding is about, when the source says.
    pub column: Option<usize>,
    pub indicator: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetResult {
    pub weight: Decimal,
    /// Execution rate in percent, rounded by the policy; `None` when it cannot be computed.
    pub rate: Option<Decimal>,
    pub score: Decimal,
    pub reported_rate: Option<String>,
    pub reported_score: Option<Decimal>,
    pub trace: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Scored,
    /// Could not be scored; the reported score (or 0) stands.
    KeptReported,
    /// Scored by the table against the policy's 评分标准 (`judged under`): the reported score,
    /// within the weight, stands.
    Judged,
    /// No weight: not applicable, not counted.
    NotApplicable,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub line: usize,
    /// The canonical levels, shared with every row and table that carries them.
    pub level1: Arc<str>,
    pub level2: Arc<str>,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub weight: Option<Decimal>,
    pub score: Decimal,
    pub reported_score: Option<Decimal>,
    pub status: Status,
    pub trace: Vec<String>,
}

impl IndicatorResult {
    /// The weight this row counts with: none for a row not applicable or not assessed.
    pub fn counted_weight(&self) -> Option<Decimal> {
        match self.status {
            Status::NotApplicable => None,
            _ => self.weight,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TableResult {
    pub source: String,
    pub line: usize,
    pub name: String,
    pub year: Option<u32>,
    pub budget: BudgetResult,
    pub indicators: Vec<IndicatorResult>,
    pub total: Decimal,
    pub grade: String,
    pub reported_total: Option<Decimal>,
    pub reported_grade: Option<String>,
    pub findings: Vec<Finding>,
    /// `sha256:…` of the file the table was read from, when the caller knows it.
    pub input_hash: Option<String>,
    /// Grade bands, tiers, curve segments and findings this table reached (coverage keys).
    #[serde(skip)]
    pub reached: Vec<String>,
}

/// The plain-words explanation of a score, built only when someone will read it.
pub struct Trace {
    on: bool,
    lines: Vec<String>,
}

impl Trace {
    fn new(on: bool) -> Self {
        Trace {
            on,
            lines: Vec::new(),
        }
    }

    fn add(&mut self, line: impl FnOnce() -> String) {
        if self.on {
            self.lines.push(line());
        }
    }
}

/// What to record besides the scores and findings. Both cost time on every row, so a batch
/// asks only for what it will show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    /// The plain-words trace of every score (`--explain`, the reports).
    pub trace: bool,
    /// The coverage keys of [`TableResult::reached`] (`jixiao test --coverage`).
    pub coverage: bool,
}

impl Detail {
    /// Scores and findings only.
    pub const SCORES: Detail = Detail {
        trace: false,
        coverage: false,
    };
    /// Everything: traces and coverage keys.
    pub const FULL: Detail = Detail {
        trace: true,
        coverage: true,
    };
}

struct Scorer<'p, 't> {
    policy: &'p Policy,
    /// The level labels of this table as written, with what the policy makes of them: a table
    /// repeats its few labels on every row, and a short list searched in order (by address
    /// first, since rows share the labels they carry down) is cheaper than asking the policy.
    levels: Vec<SeenLevel<'t>>,
    /// Levels 1 given to rows without one by their level 2: reported (`label-repaired`) when
    /// first given, then shared by the rows after.
    parents_reported: Vec<Arc<str>>,
    /// Pairs of `levels` met on a row, and whether the policy's taxonomies forbid the pair.
    pairs: Vec<(usize, usize, bool)>,
    /// The table's year: a date written without one (`12月底前`) is in it.
    year: Option<u32>,
    /// Whether to build traces.
    explain: bool,
    /// Whether to record coverage keys.
    coverage: bool,
    findings: Vec<Finding>,
    /// What this table exercised, for `jixiao test --coverage`.
    reached: Vec<String>,
    /// The columns of the row being scored, so a finding can name its cell.
    cells: Option<crate::table::Columns>,
    /// Whether a printed figure's decimals are the table's ([`agrees`]): not for an `.xls` or
    /// `.ods` workbook, whose cells are read as the value stored (`99.8` for a cell shown as
    /// `99.80`); an `.xlsx` cell is read as its format shows it.
    decimals_printed: bool,
    /// Why the row being scored cannot be, when a rule of the policy says so rather than the
    /// cells (`late unscorable`): A0501 gives it instead of "cannot be compared".
    unscored: Option<String>,
    /// The funds' execution rate (in %, as the budget curve reads it), when the table scores
    /// execution as an indicator (`预算执行率` with its own weight) rather than in its funds block.
    execution_rate: Option<Decimal>,
}

/// A level label as a table writes it, and what the policy makes of it.
struct SeenLevel<'t> {
    written: &'t str,
    /// The level it is scored under (`Policy::level_of`).
    level: Arc<str>,
    /// Whether that level is a level-1 indicator of the policy, and a level-2 one.
    is_level1: bool,
    is_level2: bool,
    /// Whether the label was written otherwise than its level (`label-repaired`), until it
    /// has been reported: once per label and table, not on every row that carries it down.
    repaired: bool,
    /// Whether the label names no level of the policy's taxonomies (`level-unknown`), until
    /// it has been reported, as `repaired`.
    unknown: bool,
    /// Whether the label is empty (or spaces): a level 1 may then be read from the level 2.
    blank: bool,
}

impl<'t> Scorer<'_, 't> {
    /// Where `label` is in the table's list of levels, added on first sight.
    fn level(&mut self, label: &'t str) -> usize {
        let same = |seen: &SeenLevel| std::ptr::eq(seen.written, label);
        if let Some(i) = self.levels.iter().position(same) {
            return i;
        }
        if let Some(i) = self.levels.iter().position(|seen| seen.written == label) {
            return i;
        }
        // What the policy says of a label is remembered by it across the batch.
        let LevelOf {
            level,
            is_level1,
            is_level2,
            rewritten,
        } = self.policy.level_info(label);
        // A known level is neither blank nor unknown: most labels are told without a look.
        let known = is_level1 || is_level2;
        let blank = !known && level.trim().is_empty();
        self.levels.push(SeenLevel {
            written: label,
            repaired: known && rewritten,
            unknown: !known && !blank,
            blank,
            is_level1,
            is_level2,
            level,
        });
        self.levels.len() - 1
    }

    /// The level a label as written is scored under.
    fn level_of(&mut self, label: &'t str) -> Arc<str> {
        let i = self.level(label);
        Arc::clone(&self.levels[i].level)
    }

    /// Whether a row under these two levels (places in `levels`) sits where no taxonomy of the
    /// policy allows it, asked of the policy once per pair and table.
    fn misplaced(&mut self, i1: usize, i2: usize) -> bool {
        if !(self.levels[i1].is_level1 && self.levels[i2].is_level2) {
            return false;
        }
        if let Some(&(_, _, misplaced)) = self.pairs.iter().find(|(a, b, _)| (*a, *b) == (i1, i2)) {
            return misplaced;
        }
        let misplaced = !self
            .policy
            .allows(&self.levels[i1].level, &self.levels[i2].level);
        self.pairs.push((i1, i2, misplaced));
        misplaced
    }

    /// The decimals a figure was printed with, when the table's cells show them.
    fn decimals_of(&self, scale: u32) -> Option<u32> {
        self.decimals_printed.then_some(scale)
    }

    /// Records a coverage key, built only when coverage is wanted.
    fn reach(&mut self, key: impl FnOnce() -> String) {
        if self.coverage {
            self.reached.push(key());
        }
    }

    fn find(&mut self, name: &str, line: Option<usize>, indicator: Option<&str>, message: String) {
        let Some(info) = findings::lookup(name) else {
            return;
        };
        // `total 100 ± 0.01 warning` in `weights` sets how a table's wrong sum is reported.
        let default = if info.name == "weights-total" {
            self.policy.weights.severity
        } else {
            info.severity
        };
        let severity = self.policy.severity_of(info.name, default);
        if severity == Severity::Off {
            return;
        }
        // Which cell a finding is about, by its kind.
        let column = self.cells.and_then(|c| match info.name {
            "rate-mismatch" => c.rate,
            "budget-score-mismatch"
            | "indicator-score-mismatch"
            | "score-above-weight"
            | "tier-score-clamped" => c.score,
            "unscorable-indicator" | "unit-mismatch" | "unit-assumed" => c.actual,
            "comparator-assumed" => c.target,
            "subtotal-mismatch" => c.score.or(c.weight),
            "reason-missing-for-miss" | "reason-missing-for-overachievement" => c.reason,
            _ => None,
        });
        // A funds block written across prints the total's rate and score on rows of their own.
        let line = match (self.cells, info.name) {
            (Some(c), "rate-mismatch") => c.rate_line.or(line),
            (Some(c), "budget-score-mismatch") => c.score_line.or(line),
            _ => line,
        };
        self.findings.push(Finding {
            code: info.code,
            name: info.name,
            severity,
            message,
            line,
            column,
            indicator: indicator.map(String::from),
        });
    }
}

/// Scores one table, with the trace of every score and its coverage keys.
pub fn score(policy: &Policy, table: &Table) -> TableResult {
    score_with(policy, table.clone(), Detail::FULL)
}

/// Scores one table, recording only the `detail` asked for (traces are most of the cost of a
/// large batch, and nobody reads them in a JSON Lines file unless asked).
pub fn score_with(policy: &Policy, mut table: Table, detail: Detail) -> TableResult {
    let mut s = Scorer {
        policy,
        year: table.year,
        explain: detail.trace,
        coverage: detail.coverage,
        // Room for what a table usually has, so the lists are not moved as they grow.
        findings: Vec::with_capacity(16),
        reached: Vec::new(),
        cells: None,
        levels: Vec::with_capacity(16),
        parents_reported: Vec::new(),
        pairs: Vec::with_capacity(16),
        decimals_printed: !from_workbook(&table.source),
        unscored: None,
        execution_rate: None,
    };
    for repair in &table.repairs {
        let name = findings::lookup(&repair.code).map_or("column-shift-repaired", |f| f.name);
        s.find(name, Some(repair.line), None, repair.message.clone());
    }
    if let (Some(year), Some(years)) = (table.year, policy.years)
        && !years.contains(year)
    {
        let message = format!(
            "the table is of {year}; policy `{}` is for {years}: its scores follow rules that were not those of {year}",
            policy.name
        );
        s.find("year-outside-policy", Some(table.line), None, message);
    }
    // The runs under labels giving points, found once for the two steps that read them (the
    // labels do not change in between; only weights are filled in).
    let runs = [
        weighted_runs(&table.indicators, false),
        weighted_runs(&table.indicators, true),
    ];
    weights_from_labels(&mut s, &mut table, &runs);
    let full_scale = funds_row_as_total(&mut s, &mut table);
    let alternatives = alternatives_not_assessed(policy, &table);
    let rows_weight = table
        .indicators
        .iter()
        .zip(&alternatives)
        .filter(|(_, instead)| instead.is_none())
        .filter_map(|(row, _)| row.weight)
        .reduce(Decimal::saturating_add);
    let budget = score_budget(&mut s, &table, full_scale.as_ref(), rows_weight);
    let mut indicators: Vec<IndicatorResult> = table
        .indicators
        .iter()
        .zip(&alternatives)
        .map(|(row, scored_instead)| {
            s.cells = Some(row.columns);
            match scored_instead {
                Some(kept) => not_assessed(&mut s, row, kept),
                None => score_indicator(&mut s, row),
            }
        })
        .collect();
    s.cells = None;
    check_weights(&mut s, &table, &budget, &indicators, &runs);
    check_missing_scores(&mut s, &table, &indicators);
    check_subtotals(&mut s, &table, &indicators);

    let r = &policy.rounding;
    let parts: Decimal = budget.score.saturating_add(
        indicators
            .iter()
            .filter(|i| i.status != Status::NotApplicable)
            .map(|i| i.score)
            .fold(Decimal::ZERO, Decimal::saturating_add),
    );
    let mut exact_total = parts;
    if policy.weights.not_applicable == NotApplicableRule::Renormalise {
        let applicable: Decimal = budget.weight.saturating_add(
            indicators
                .iter()
                .filter_map(IndicatorResult::counted_weight)
                .fold(Decimal::ZERO, Decimal::saturating_add),
        );
        if !applicable.is_zero() && applicable != policy.weights.total {
            exact_total = parts
                .saturating_mul(policy.weights.total)
                .checked_div(applicable)
                .unwrap_or(parts);
        }
    }
    let total = r.total.apply(exact_total);
    let graded = if r.grade_from == GradeFrom::Rounded {
        total
    } else {
        exact_total
    };
    // A form without weights or scores (绩效目标自评表) is not graded on its execution alone.
    let grade = if unweighted(&table) {
        String::new()
    } else {
        policy.grade(graded).unwrap_or("").to_string()
    };
    let last_line = full_scale
        .and_then(|f| f.total_line)
        .or_else(|| table.indicators.last().map(|i| i.line.saturating_add(1)));
    if let Some(reported) = table.reported_total {
        let decimals = s.decimals_of(reported.scale());
        let adds_up =
            |parts: Decimal| agrees(reported, decimals, parts, r.total, policy.weights.total);
        // A total that agrees with the policy's parts is right, whatever a mistyped row
        // printed (that row has its own finding).
        if !adds_up(exact_total) {
            // The table's own sum: its printed scores of what counts, when each prints one,
            // said when the total misses it too. Not under renormalising, whose total is no
            // plain sum.
            let printed = (policy.weights.not_applicable != NotApplicableRule::Renormalise)
                .then(|| printed_parts(r, &budget, &indicators))
                .flatten()
                .filter(|p| !adds_up(*p));
            let message = match printed {
                None => {
                    format!("the table reports a total of {reported}; the parts add up to {total}")
                }
                Some(own) => {
                    let own = r.total.apply(own);
                    if own == total {
                        format!(
                            "the table reports a total of {reported}; its own printed scores add up to {own}, as the policy's parts do"
                        )
                    } else {
                        format!(
                            "the table reports a total of {reported}; its own printed scores add up to {own}, and the policy's parts to {total}"
                        )
                    }
                }
            };
            s.find("total-mismatch", last_line, None, message);
        }
    }
    if let Some(reported) = &table.reported_grade
        && !policy.is_grade(reported, &grade)
    {
        s.find(
            "grade-mismatch",
            last_line,
            None,
            if grade.is_empty() {
                format!(
                    "the table reports grade {reported}; a total of {total} falls in no grade band"
                )
            } else if !policy.knows_grade(reported) {
                // `合格`, `A`: a scale of the table's own, not a wrong band of the policy's.
                let names: Vec<&str> = policy.grades.iter().map(|g| g.name.as_str()).collect();
                format!(
                    "the table reports grade {reported}, which is none of the policy's grades ({}); a total of {total} is grade {grade}",
                    names.join(", ")
                )
            } else {
                format!("the table reports grade {reported}; a total of {total} is grade {grade}")
            },
        );
    }
    let mut reached = std::mem::take(&mut s.reached);
    if s.coverage {
        reached.push(format!("grade {grade}"));
        reached.extend(
            s.findings
                .iter()
                .map(|f| format!("finding {} {}", f.code, f.name)),
        );
    }
    // The table is read once and scored once: its cells move into the result, not copied.
    let findings = s.findings;
    for (result, row) in indicators.iter_mut().zip(table.indicators) {
        result.name = row.name;
        result.target = row.target;
        result.actual = row.actual;
    }
    TableResult {
        source: table.source,
        line: table.line,
        name: table.name.unwrap_or_default(),
        year: table.year,
        budget,
        indicators,
        total,
        grade,
        reported_total: table.reported_total,
        reported_grade: table.reported_grade,
        reached,
        findings,
        input_hash: None,
    }
}

/// For each row, the row scored in its place when the policy's `either A | B` makes it the
/// alternative not assessed (择其一): when a table carries both, the first of them is scored
/// and the rows of the other are not counted.
fn alternatives_not_assessed<'t>(
    policy: &Policy,
    table: &'t Table,
) -> Vec<Option<&'t IndicatorRow>> {
    let mut out = vec![None; table.indicators.len()];
    for (a, b) in &policy.weights.either {
        let (a, b) = (crate::policy::level_label(a), crate::policy::level_label(b));
        let named = |row: &IndicatorRow| {
            let name = crate::policy::level_label(&row.name);
            (name == a || name == b).then_some(name)
        };
        let mut rows = table
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(i, row)| named(row).map(|name| (i, row, name)));
        let Some((_, first, first_name)) = rows.next() else {
            continue;
        };
        for (i, _, name) in rows {
            if name != first_name
                && let Some(slot) = out.get_mut(i)
            {
                *slot = Some(first);
            }
        }
    }
    out
}

/// A row not assessed because its alternative is scored instead.
fn not_assessed<'t>(
    s: &mut Scorer<'_, 't>,
    row: &'t IndicatorRow,
    kept: &IndicatorRow,
) -> IndicatorResult {
    s.find(
        "either-both-present",
        Some(row.line),
        Some(&row.name),
        format!(
            "`{}` and `{}` are alternatives of which only one is assessed (择其一); the table has both: `{}` (line {}) is scored, this row is not counted",
            row.name, kept.name, kept.name, kept.line
        ),
    );
    let mut trace = Trace::new(s.explain);
    trace.add(|| {
        format!(
            "not assessed: `{}` on line {} is scored instead (择其一)",
            kept.name, kept.line
        )
    });
    IndicatorResult {
        line: row.line,
        level1: s.level_of(&row.level1),
        level2: s.level_of(&row.level2),
        // Moved in from the row once the table is scored (`score_with`).
        name: String::new(),
        target: String::new(),
        actual: String::new(),
        weight: row.weight,
        score: Decimal::ZERO,
        reported_score: row.reported_score,
        status: Status::NotApplicable,
        trace: trace.lines,
    }
}

/// `d.normalize().to_string()`, printed from its mantissa and scale as the JSON Lines writer
/// prints decimals (the same text as `Display`), not through `fmt`: findings' messages print
/// a few figures on every table.
fn fmt(d: Decimal) -> String {
    let mut out = String::with_capacity(16);
    push_figure(&mut out, d);
    out
}

/// [`fmt`] appended to a message being built, without a string of its own.
fn push_figure(out: &mut String, d: Decimal) {
    let d = d.normalize();
    if d.is_sign_negative() {
        out.push('-');
    }
    crate::report::jsonl::digits_to_string(out, d.mantissa().unsigned_abs(), d.scale() as usize);
}

/// The pieces of a finding's message joined in one allocation: what `format!` of the same
/// pieces gives, without its formatting machinery, for the messages most tables have.
fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// Whether a table was read from a workbook whose number formats are not read (`seed.xls#表`,
/// not `seed.xlsx#表`): its number cells come as the value stored, without the zeros the
/// cell's format shows, so their decimals say nothing of the precision printed.
fn from_workbook(source: &str) -> bool {
    let file = source.rsplit_once('#').map_or(source, |(file, _)| file);
    // A name that ends in a letter or digit has its extension at its end: without `.xls` or
    // `.ods` there, it is not such a workbook, which most sources show without a path's parsing.
    let tail = file.as_bytes().last_chunk::<4>();
    if tail.is_none_or(|t| {
        t[3].is_ascii_alphanumeric()
            && !t.eq_ignore_ascii_case(b".xls")
            && !t.eq_ignore_ascii_case(b".ods")
    }) {
        return false;
    }
    let file = std::path::Path::new(file);
    crate::table::FileKind::of(file) == crate::table::FileKind::Workbook
        && !crate::table::workbook::formats_read(file)
}

/// Whether a figure the table prints with `decimals` decimals is the one the policy computes
/// (`exact`, before the policy's `round`): the same after rounding, or, printed with other
/// decimals than the policy keeps, the exact value rounded the policy's way to the decimals
/// printed. A table that prints 96.7 % or 97 % for 96.744 %, or 9.7 for 9.67, rounds right;
/// 99.80 for 99.807 % does not. With more decimals, the figure is the more precise one:
/// 11.875 for exactly 11.875 (12.5 × 19 ÷ 20), 12.019 for 12.019231, not 12.018. A whole
/// number at the `full` value (a score equal to its weight, a rate of 100) is a claim of full
/// marks, not a rounding: `10` for 9.67 is wrong. `decimals` is `None` when the table's own
/// precision is not known (an `.xls` or `.ods` workbook): the figure must then equal the
/// policy's.
fn agrees(
    printed: Decimal,
    decimals: Option<u32>,
    exact: Decimal,
    round: Round,
    full: Decimal,
) -> bool {
    printed == round.apply(exact)
        || decimals.is_some_and(|digits| {
            digits != round.digits
                && !(digits == 0 && printed == full)
                && printed == Round { digits, ..round }.apply(exact)
        })
}

/// Whether an indicator is the budget's execution: `预算执行率`, also `预算资金执行率` (湖北).
fn names_execution(name: &str) -> bool {
    name.contains("预算执行") || name.contains("预算资金执行")
}

/// The scores a table prints for what counts in its total added up, each rounded as the policy
/// rounds its own (a printed 9.5375 counts 9.54): the funds block's (when it weighs anything)
/// and each indicator's that is not "not applicable". `None` when one of them prints none: the
/// table's own sum cannot be told.
fn printed_parts(
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
fn funds_row_as_total(s: &mut Scorer, table: &mut Table) -> Option<FullScale> {
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
struct FullScale {
    /// The row's line when its score stands for the table's reported total.
    total_line: Option<usize>,
}

/// The funds block's result. `rows_weight` is what the indicators that count weigh together:
/// when it is the full scale, a block that prints no weight of its own weighs nothing.
fn score_budget(
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
    if p.budget.subrows == SubrowRule::SumWhenTotalEmpty
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
fn execution_points(p: &Policy, x: Decimal, weight: Decimal) -> Decimal {
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

/// A quantity: number and unit as read from a cell (borrowed from it).
struct Qty<'c> {
    comparator: Option<Comparator>,
    number: Decimal,
    unit: Option<&'c str>,
}

fn qty<'c>(cell: &'c CellValue<'_>) -> Option<Qty<'c>> {
    match cell {
        CellValue::Quantity {
            comparator,
            number,
            unit,
        } => Some(Qty {
            comparator: *comparator,
            number: *number,
            unit: unit.as_deref(),
        }),
        _ => None,
    }
}

fn score_indicator<'t>(s: &mut Scorer<'_, 't>, row: &'t IndicatorRow) -> IndicatorResult {
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
fn measure(
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
    let answers = match (answer(&target), answer(&actual)) {
        (Some(wanted), Some(given)) => Some((wanted, given)),
        (Some(false), None) => count_answer(&actual).map(|given| (false, given)),
        (None, Some(false)) => count_answer(&target)
            .filter(|wanted| !wanted)
            .map(|wanted| (wanted, false)),
        _ => None,
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
                    .or_else(|| figure_after_label(text).filter(|f| comparable(p, f, unit))) =>
        {
            trace.add(|| format!("target `{text}` read as its figure"));
            quantitative(s, row, level1, level2, &figure, &actual, weight, trace)
        }
        // Words with a figure in them, against a figure: the figure decides, never a tier
        // word beside it (`完成480人次` against `≥500人次` is 480, not 完成).
        (CellValue::Quantity { .. }, CellValue::Text { text })
            if text.bytes().any(|b| b.is_ascii_digit()) =>
        {
            let (figure, how) = match figure_after_word(text) {
                Some(figure) => (Some(figure), "the figure after its first word"),
                // `100%完成`, `98%达标`: the figure before a word of doing it.
                None => match figure_before_word(text) {
                    Some(figure) => (Some(figure), "the figure before its word"),
                    None => match share_after_label(text, &target) {
                        Some(figure) => (Some(figure), "the share after its label"),
                        // `培训520人次`, `惠及1200户`: after words saying what it counts, in
                        // the target's measure; or a figure that is the first clause
                        // (`480人次，因疫情影响未完成`), the rest explaining it.
                        None => {
                            let measure = match &target {
                                CellValue::Quantity { unit, .. } => unit,
                                _ => &None,
                            };
                            let ours = |f: &CellValue| comparable(p, f, measure);
                            match figure_after_label(text).filter(ours) {
                                Some(f) => (Some(f), "the figure after its words"),
                                None => (
                                    first_clause_figure(text).filter(ours),
                                    "its first clause's figure",
                                ),
                            }
                        }
                    },
                },
            };
            figure.and_then(|figure| {
                trace.add(|| format!("`{text}` read as {how}"));
                quantitative(s, row, level1, level2, &target, &figure, weight, trace)
            })
        }
        // A change against a change in the same direction (`较上年增长10%` → `增长12%`,
        // `提高5个百分点` → `提高6个百分点`): the change is the figure, at least the target's.
        (CellValue::Text { text: t }, CellValue::Text { text: a })
            if let Some(((up, wanted), (actual_up, given))) = change(t).zip(change(a))
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
                && let Some(wanted) = figure_in_words(t)
                && let Some(given) = figure_in_words(a) =>
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
fn judged(
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
fn rule_curve<'p>(
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

/// A figure written after a word that only introduces it (`完成480人次`, `累计520人次`,
/// `全年完成12场`). Any other text holding a figure (`完成率100%`, `较上年提高5%`) is not read.
fn figure_after_word(text: &str) -> Option<CellValue<'_>> {
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
fn figure_before_word(text: &str) -> Option<CellValue<'_>> {
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
fn first_clause_figure(text: &str) -> Option<CellValue<'_>> {
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
fn figure_in_words(text: &str) -> Option<CellValue<'_>> {
    figure_after_word(text)
        .or_else(|| figure_before_word(text))
        .or_else(|| figure_after_label(text))
}

/// A figure after words saying what it counts or what was done (`培训500人次`, `发放补贴1000万元`,
/// `验收合格率100%`, `合格率不低于98%`): the figure, with its comparator. The words are a short
/// run of Chinese characters saying no change (`较上年`, `增长`), negation (`未`, `不足`),
/// estimate (`近`, `超`) or period (`每月`, `第四季度`); a share's label (ending in 率 or 度)
/// comes before a percentage only, other words before a figure with its unit.
fn figure_after_label(text: &str) -> Option<CellValue<'_>> {
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
fn comparable(p: &Policy, figure: &CellValue, unit: &Option<std::borrow::Cow<'_, str>>) -> bool {
    let CellValue::Quantity { unit: found, .. } = figure else {
        return false;
    };
    match (found.as_deref(), unit.as_deref()) {
        // A bare figure takes the other's unit, as any unitless actual does.
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => match (p.units.resolved(a), p.units.resolved(b)) {
            (Ok(a), Ok(b)) => a.dimension == b.dimension,
            _ => false,
        },
    }
}

/// A change written with its direction (`较上年增长10%`, `同比下降5%`, `提高5个百分点`, `增加
/// 200人次以上`): whether it is a rise, and its figure as written. A level reached (`提高到95%`, `提升至98%`) is not a change.
fn change(text: &str) -> Option<(bool, CellValue<'_>)> {
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
fn share_after_label<'a>(text: &'a str, target: &CellValue) -> Option<CellValue<'a>> {
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

/// Which row of a funds block is its total: the first, as the 10号 template prints it
/// (年度资金总额 first), unless another row is labelled as the total (`合计`, `总计`, a label
/// with `总额`) while the first is not, as blocks that close with `合计` are; failing a label,
/// the row that carries the execution weight (分值). The reader gives the rows in file order.
fn total_row(budget: &[BudgetRow]) -> usize {
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

/// The sub-rows directly under a funds block's total row. `其中` on a later sub-row opens a
/// breakdown of the row above it (`其中：当年财政拨款 100`, then `其中：中央补助 60`, `省级补助
/// 40`): the rows that add up to that row are its parts, not more of the total's. A breakdown
/// that does not add up exactly is not taken for one, and every row counts.
fn top_level(subrows: &[BudgetRow]) -> Vec<&BudgetRow> {
    let amount = |r: &BudgetRow| r.full_year.or(r.start_of_year).or(r.executed);
    let opens = |r: &BudgetRow| {
        let label: String = r.label.chars().filter(|c| !c.is_whitespace()).collect();
        label.starts_with("其中")
    };
    let mut kept = Vec::with_capacity(subrows.len());
    let mut i = 0;
    while let Some(row) = subrows.get(i) {
        kept.push(row);
        i += 1;
        let (Some(whole), Some(next)) = (amount(row), subrows.get(i)) else {
            continue;
        };
        if !opens(next) {
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

/// Targets that are not a single number: a range (`90%-100%`), a band (`±10%`) around zero,
/// or a deadline (`2023年12月`). A miss needs a reason where the policy asks for one, as for a
/// quantity.
fn interval_or_date(
    s: &mut Scorer,
    row: &IndicatorRow,
    levels: (&str, &str),
    target: &CellValue,
    actual: &CellValue,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    // A month alone against a date (`9月前` → `7月`, `7月份`): the month of the table's year,
    // not a count of months.
    let month_done;
    let actual = match (target, actual) {
        (
            CellValue::Date { .. },
            CellValue::Quantity {
                comparator: None,
                number,
                unit: Some(unit),
            },
        ) if matches!(unit.as_ref(), "月" | "月份")
            && number.fract().is_zero()
            && let Ok(month @ 1..=12) = u32::try_from(number.mantissa()) =>
        {
            month_done = CellValue::Date {
                year: None,
                month: Some(month),
                day: None,
            };
            &month_done
        }
        _ => actual,
    };
    // A ± band read by a rule's curve on (|)deviation(|): the actual is the deviation itself
    // (江西 成本控制率 `±10%` → `12%`).
    if let (CellValue::Band { unit, .. }, CellValue::Quantity { number: a, .. }) = (target, actual)
        && let Some(name) = rule_curve(s.policy, row, levels.0, levels.1, unit.as_deref())
        && let Some(curve) = s.policy.curves.get(name)
    {
        let measure = match &curve.form {
            CurveForm::Linear { measure, .. } | CurveForm::Steps { measure, .. } => Some(*measure),
            CurveForm::Deduct(d) => Some(d.measure),
            _ => None,
        };
        let x = match measure {
            Some(Measure::AbsDeviation) => Some(a.abs()),
            Some(Measure::Deviation) => Some(*a),
            _ => None,
        };
        if let Some(x) = x {
            if s.coverage
                && let Some(segment) = math::segment(&curve.form, x)
            {
                s.reach(|| format!("curve {name}: {segment}"));
            }
            let v = math::points_at(&curve.form, x, weight)
                .map(|v| math::limit(v, curve.floor, curve.cap, weight))?;
            trace.add(|| {
                format!(
                    "target {}, actual deviation {}: curve `{name}` at {} = {}",
                    row.target,
                    fmt(*a),
                    fmt(x),
                    fmt(v)
                )
            });
            return Some(v);
        }
    }
    let (score, met) = match (target, actual) {
        (CellValue::Range { low, high, .. }, CellValue::Quantity { number: a, .. }) => {
            let (low, high, a) = (*low, *high, *a);
            let nearer = if a < low { low } else { high };
            if (a < low || a > high) && !share_means_something(nearer, a) {
                trace.add(|| {
                    format!(
                        "target range {}–{}, actual {}: outside, {NO_SHARE}",
                        fmt(low),
                        fmt(high),
                        fmt(a)
                    )
                });
                return None;
            }
            // Outside, both numbers are not negative: below, low > a ≥ 0; above, a > high ≥ 0.
            let v = if a < low {
                weight.saturating_mul(a).checked_div(low)?
            } else if a > high {
                weight.saturating_mul(high).checked_div(a)?
            } else {
                weight
            };
            trace.add(|| {
                format!(
                    "target range {}–{}, actual {}: {}",
                    fmt(low),
                    fmt(high),
                    fmt(a),
                    if v == weight {
                        "inside → full weight".to_string()
                    } else {
                        format!(
                            "outside → proportional to the nearer end = {}",
                            fmt(v.round_dp(6))
                        )
                    }
                )
            });
            (v.max(Decimal::ZERO), v >= weight)
        }
        (CellValue::Band { width, .. }, CellValue::Quantity { number: a, .. }) => {
            let met = a.abs() <= *width;
            trace.add(|| {
                format!(
                    "target within ±{}, actual {}: {}",
                    fmt(*width),
                    fmt(*a),
                    if met { "met" } else { "missed → 0" }
                )
            });
            (if met { weight } else { Decimal::ZERO }, met)
        }
        (
            CellValue::Date { year, month, day },
            CellValue::Date {
                year: ay,
                month: am,
                day: ad,
            },
        ) => {
            // A date without a year (`12月底前`) is in the table's year, else in the other
            // date's; when neither says, both are in the same year (2000: a leap year, so
            // `2月29日` is a day).
            let table_year = s.year;
            let unstated = year.is_none() || ay.is_none();
            let in_year =
                |y: Option<u32>, other: Option<u32>| y.or(table_year).or(other).unwrap_or(2000);
            // A month or a year alone means its last day.
            let end = |y: u32, m: Option<u32>, d: Option<u32>| {
                let m = m.unwrap_or(12);
                (y, m, d.unwrap_or_else(|| last_day(y, m)))
            };
            let due = end(in_year(*year, *ay), *month, *day);
            let done = end(in_year(*ay, *year), *am, *ad);
            let met = done <= due;
            let late = &s.policy.scoring.late;
            trace.add(|| {
                format!(
                    "deadline {}-{:02}-{:02}, done {}-{:02}-{:02}{}: {}",
                    due.0,
                    due.1,
                    due.2,
                    done.0,
                    done.1,
                    done.2,
                    match (unstated, table_year) {
                        (false, _) => "",
                        (true, Some(_)) => " (a date without a year is in the table's year)",
                        (true, None) => " (a date without a year, and the table gives none)",
                    },
                    match (met, late) {
                        (true, _) => "on time".to_string(),
                        (false, Late::Zero) => "late → 0".to_string(),
                        (false, Late::Unscorable) =>
                            "late, which the policy does not score (`late unscorable`)".to_string(),
                        (false, Late::Tier(tier)) => format!("late → tier `{tier}`"),
                    }
                )
            });
            if !met {
                return scored_late(s, row, weight, (due, done), trace);
            }
            (weight, met)
        }
        _ => return None,
    };
    if !met {
        require_reason_for_miss(s, row);
    }
    Some(score)
}

/// A deadline missed, scored as the policy's `late` says: 0, a tier of the qualitative set, or
/// not at all (the table cannot say how much a late completion is worth).
fn scored_late(
    s: &mut Scorer,
    row: &IndicatorRow,
    weight: Decimal,
    (due, done): ((u32, u32, u32), (u32, u32, u32)),
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    match &p.scoring.late {
        Late::Zero => {
            require_reason_for_miss(s, row);
            Some(Decimal::ZERO)
        }
        Late::Tier(name) => {
            let set = p.tiers.get(&p.scoring.qualitative)?;
            let tier = set.tiers.iter().find(|t| &t.name == name)?;
            in_tier(s, row, set, tier, row.actual.trim(), weight, trace)
        }
        Late::Unscorable => {
            require_reason_for_miss(s, row);
            s.unscored = Some(format!(
                "done {}-{:02}-{:02}, after the deadline {}-{:02}-{:02}, and the policy does not say what a late completion earns (`scoring {{ late unscorable }}`)",
                done.0, done.1, done.2, due.0, due.1, due.2
            ));
            None
        }
    }
}

/// A count against a rate per year, or the other way round (`≥2次/年` → `3次`, `≥1次/季度` →
/// `6次`): a self-evaluation covers one year, so the year's count is its rate per year. The
/// actual in the target's unit, and the unit it was read in, when the policy knows `年` and
/// the units differ by a year exactly.
fn over_the_year(
    p: &Policy,
    number: Decimal,
    target_unit: &str,
    actual_unit: &str,
    target: &crate::policy::units::UnitValue,
) -> Option<(String, Decimal)> {
    let per_year = if target_unit.contains('/') {
        format!("{actual_unit}/年")
    } else if actual_unit.contains('/') {
        format!("{actual_unit}*年")
    } else {
        return None;
    };
    let read = p.units.resolve(&per_year).ok()?;
    let value = p.units.convert(number, &read, target)?;
    Some((per_year, value))
}

/// Whether a missed target's proportional credit (actual ÷ target, or target ÷ actual for a
/// cap) is a share of it: only between numbers that are not negative. `≥-0.3` missed by `-0.5`
/// would give -0.5 ÷ -0.3 = 167 %, and `≥5%` missed by `-2%` a negative share: neither says how
/// much of the target was reached. A zero cap exceeded (`0起` → `2起`) gives 0 ÷ 2 = nothing,
/// which is what it means.
fn share_means_something(target: Decimal, actual: Decimal) -> bool {
    target >= Decimal::ZERO && actual >= Decimal::ZERO
}

/// Why a missed target with a negative number in it is not scored in proportion.
const NO_SHARE: &str = "but with a negative number the ratio says nothing of how much of the target was reached: the proportional curve cannot score it";

/// A missed target with no reason given, where the policy asks for one (A0401).
fn require_reason_for_miss(s: &mut Scorer, row: &IndicatorRow) {
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

/// Why a tier word found in a sentence does not say what it says there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Undone {
    /// A negation earlier in its clause: `未`按计划`完成`, `没有`达到.
    Negated(&'static str),
    /// A delay or work still going on, earlier in its clause: `延期`完成, `正在`完成.
    Delayed(&'static str),
    /// The word closes its clause with `中`: `完成中` is under way, not done.
    UnderWay,
    /// "Basically" before a word of the first tier (`基本达标`) where the policy's tiers hold
    /// no "basically" word to say which tier that is.
    Basically(&'static str),
}

/// Characters that end a clause: a negation does not reach past them (`未发生事故，全部完成`).
/// `、` is not one: `未按时、按质完成` negates both.
const CLAUSE_ENDS: &[char] = &[
    ',', '，', '。', ';', '；', ':', '：', '!', '！', '?', '？', '(', ')', '（', '）', '\n',
];

/// Negations. `非` and `无` are left out: `非常及时` and `无差错完成` do not negate what follows.
const NEGATIONS: &[&str] = &["不", "未", "没", "无法", "并非"];

/// Words saying a thing is late or not yet done: what follows them is not achieved as planned.
const DELAYS: &[&str] = &[
    "延期", "逾期", "推迟", "延迟", "滞后", "正在", "尚在", "仍在",
];

/// Words that begin with a negation without negating what follows them: `不断完善`, `不仅按时
/// …完成`, `效果不错`, `未来…有效`, the comparators `不少于`, `不低于` …, `不折不扣完成`.
const LOOK_ALIKES: &[&str] = &[
    "不断",
    "不仅",
    "不但",
    "不光",
    "不止",
    "不错",
    "不少",
    "不同",
    "不停",
    "不懈",
    "不间断",
    "不定期",
    "不折不扣",
    "不打折扣",
    "不低于",
    "不小于",
    "不高于",
    "不超过",
    "不多于",
    "不大于",
    "未来",
];

/// Whether the tier word at bytes `at..at + len` of `text` is undone by what stands around it
/// in its clause: a negation or a delay anywhere before it (`未按计划完成`, `未能及时拨付`,
/// `延期完成`), or `中` right after it at the clause's end (`完成中`). A policy that knows what
/// such a phrase means lists it as a word (`未按时完成`, `未全部完成`), and the phrase then
/// starts before the word it holds; any other leaves the cell in no tier, never in the word's.
fn undone(text: &str, at: usize, len: usize) -> Option<Undone> {
    let before = text.get(..at).unwrap_or_default();
    let clause = before.rsplit(CLAUSE_ENDS).next().unwrap_or(before);
    // Read the clause from its start; a look-alike may run on into the word (`不折不扣完成`).
    let mut i = at.saturating_sub(clause.len());
    while let Some(rest) = text.get(i..).filter(|_| i < at) {
        if let Some(w) = LOOK_ALIKES.iter().find(|w| rest.starts_with(**w)) {
            i = i.saturating_add(w.len());
            continue;
        }
        let fits = |w: &&str| rest.starts_with(*w) && i.saturating_add(w.len()) <= at;
        if let Some(n) = NEGATIONS.iter().copied().find(fits) {
            return Some(Undone::Negated(n));
        }
        if let Some(d) = DELAYS.iter().copied().find(fits) {
            return Some(Undone::Delayed(d));
        }
        i = i.saturating_add(rest.chars().next().map_or(1, char::len_utf8));
    }
    let after = text.get(at.saturating_add(len)..).unwrap_or_default();
    after
        .strip_prefix('中')
        .filter(|end| end.is_empty() || end.starts_with(CLAUSE_ENDS))
        .map(|_| Undone::UnderWay)
}

/// The last day of a month of the Gregorian calendar.
fn last_day(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `value` limited to `[low, high]`; a range written upside down (a negative weight) never
/// panics: `low` wins.
fn within(value: Decimal, low: Decimal, high: Decimal) -> Decimal {
    value.min(high).max(low)
}

/// A deviation reason counts when it says something: not empty, not a placeholder, not the
/// template's `0`.
fn reason_given(reason: &str) -> bool {
    let text = without_markup(reason);
    let r = trimmed(&text);
    !(r.is_empty() || r == "0" || crate::syntax::cell::PLACEHOLDERS.contains(&r))
}

/// A cell without the HTML a web form left in it: tags (`<p>`, `<br/>`) and entities
/// (`&nbsp;`, `&#160;`) removed. `<p>&nbsp;</p>` says nothing.
fn without_markup(text: &str) -> Cow<'_, str> {
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

fn is_template_leftover(name: &str) -> bool {
    // `指标1：`, `指标2:` as the template prints them, with their colon.
    let n = trimmed(name).trim_end_matches([':', '：']);
    n.starts_with("……")
        || n == "..."
        || (n.starts_with("指标")
            && n.chars().skip(2).all(|c| c.is_ascii_digit())
            && n.chars().count() > 2)
}

/// The comparator an indicator's name gives its bare target (`结余率(结余数/预算数)≤5%` over
/// `5%`, `科目调整次数≤10次` over `10次`): the name ends in a comparator and the target's own
/// figure. Any other figure in a name is not the target's.
fn comparator_in_name(name: &str, number: Decimal) -> Option<Comparator> {
    const STARTS: &[char] = &[
        '≥', '≤', '>', '<', '＞', '＜', '≧', '≦', '⩾', '⩽', '不', '大', '小',
    ];
    name.char_indices()
        .filter(|(_, c)| STARTS.contains(c))
        .find_map(|(at, _)| match parse_cell(&name[at..]) {
            CellValue::Quantity {
                comparator: Some(c),
                number: n,
                ..
            } if n == number => Some(c),
            _ => None,
        })
}

#[allow(clippy::too_many_arguments)]
fn quantitative(
    s: &mut Scorer,
    row: &IndicatorRow,
    level1: &str,
    level2: &str,
    target: &CellValue,
    actual: &CellValue,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    let name = row.name.as_str();
    let t = qty(target)?;
    let a = qty(actual)?;
    let cmp = match t.comparator {
        Some(c) => c,
        None => {
            // Under 时效指标 a level's reading is for time limits only: `3个月` is a
            // ceiling, `100%` (按时完成率) is still read by the plain line. Under a cost
            // level it is for amounts: a share there (预算执行率 `100%`) is read by the plain
            // line too.
            let mut timed = false;
            let share = t.unit == Some("%");
            let under = p.scoring.no_comparator_under.iter().find(|(_, levels)| {
                levels.iter().any(|l| {
                    (l == level1 || l == level2)
                        && !(share && l.contains("成本"))
                        && (l != TIME_LEVEL || {
                            timed = t.unit.is_some_and(|u| is_duration(p, u));
                            timed
                        })
                })
            });
            // "At least 0" is met by anything: a bare 0 (`0起` accidents) is a ceiling.
            let zero = t.number.is_zero();
            let named = comparator_in_name(name, t.number);
            // `no-comparator ≤ named 差错率`: a name's ending says which way it is good.
            let core = name.split(['(', '（']).next().unwrap_or(name).trim_end();
            let ending = p
                .scoring
                .no_comparator_named
                .iter()
                .find_map(|(c, endings)| {
                    endings
                        .iter()
                        .find(|e| core.ends_with(e.as_str()))
                        .map(|e| (*c, e))
                });
            let c = if let Some(c) = named {
                c
            } else if zero {
                Comparator::Le
            } else if let Some((c, _)) = ending {
                c
            } else {
                under.map_or(p.scoring.no_comparator, |(c, _)| *c)
            };
            let ends = ending.map(|(_, e)| format!(" (the indicator's name ends with `{e}`)"));
            s.find(
                "comparator-assumed",
                Some(row.line),
                Some(name),
                concat(&[
                    "target `",
                    &row.target,
                    "` has no comparator; read as `",
                    c.symbol(),
                    "`",
                    if named.is_some() {
                        " (as the indicator's name says)"
                    } else if zero {
                        " (a target of 0 can only be a ceiling)"
                    } else if let Some(ends) = &ends {
                        ends
                    } else if timed {
                        " (a duration under `时效指标` is a time limit)"
                    } else {
                        ""
                    },
                ]),
            );
            c
        }
    };
    // Units: an actual without one takes the target's; otherwise convert exactly.
    let mut actual_value = a.number;
    match (t.unit, a.unit) {
        (Some(tu), None) => {
            if p.unitless == UnitlessRule::Unscorable {
                return None;
            }
            let percent = a.number.checked_mul(HUNDRED).map(|p| p.normalize());
            let in_base = in_base_unit(p, tu, t.number, a.number);
            let message = match percent.filter(|_| read_as_fraction(cmp, &t, &a)) {
                // `8000` against `≥1万人次`: 8000 人次, not 8000 万人次.
                _ if let Some((base, v)) = &in_base => {
                    trace.add(|| {
                        format!(
                            "actual {} read in `{base}`: = {} {tu}",
                            fmt(a.number),
                            fmt(*v)
                        )
                    });
                    actual_value = *v;
                    format!(
                        "actual `{}` has no unit; read in `{base}` ({} {tu}): in `{tu}` it would be {} times the target",
                        row.actual,
                        fmt(*v),
                        fmt(a
                            .number
                            .checked_div(t.number)
                            .unwrap_or_default()
                            .round_dp(0))
                    )
                }
                // A spreadsheet's fraction (`0.98` against `≥95%`): 98 %, not 0.98 %.
                Some(percent) => {
                    trace
                        .add(|| format!("actual {} read as a fraction: {percent}%", fmt(a.number)));
                    actual_value = percent;
                    format!(
                        "actual `{}` has no unit; read as a fraction: {percent}%",
                        row.actual
                    )
                }
                None => {
                    // A share that may be a fraction, but also a small percentage (`0.5`
                    // against `≤5%`): read as written, and say what else it could mean.
                    let hint = percent.filter(|_| may_be_fraction(tu, &t, &a)).map_or(
                        String::new(),
                        |percent| {
                            format!(
                                "; if it is a fraction, it means {percent}% and the row is misread"
                            )
                        },
                    );
                    format!(
                        "actual `{}` has no unit; read in the target's unit `{tu}`{hint}",
                        row.actual
                    )
                }
            };
            s.find("unit-assumed", Some(row.line), Some(name), message);
        }
        (Some(tu), Some(au)) if tu != au => match (p.units.resolved(tu), p.units.resolved(au)) {
            (Ok(tv), Ok(av)) => match p.units.convert(a.number, &av, &tv) {
                Some(v) => {
                    trace.add(|| format!("actual {} {au} = {} {tu}", fmt(a.number), fmt(v)));
                    actual_value = v;
                }
                None if let Some((per_year, v)) = over_the_year(p, a.number, tu, au, &tv) => {
                    s.find(
                        "unit-assumed",
                        Some(row.line),
                        Some(name),
                        format!(
                            "target in `{tu}` and actual in `{au}`: the table covers one year, so the actual is read as {} {per_year}",
                            fmt(a.number)
                        ),
                    );
                    trace.add(|| {
                        let read = format!(
                            "actual {} {au} over the year = {} {per_year}",
                            fmt(a.number),
                            fmt(a.number)
                        );
                        if per_year == tu {
                            read
                        } else {
                            format!("{read} = {} {tu}", fmt(v))
                        }
                    });
                    actual_value = v;
                }
                None if let Some(v) =
                    days_within_working_days(p, cmp, t.number, &tv, a.number, &av) =>
                {
                    trace.add(|| {
                        format!(
                            "actual {} {au}: at most {} {tu}, as a calendar day holds at most one working day",
                            fmt(a.number),
                            fmt(v)
                        )
                    });
                    actual_value = v;
                }
                None => {
                    s.find(
                        "unit-mismatch",
                        Some(row.line),
                        Some(name),
                        format!("target in `{tu}` and actual in `{au}` measure different things"),
                    );
                    return None;
                }
            },
            _ => {
                s.find(
                    "unit-mismatch",
                    Some(row.line),
                    Some(name),
                    format!("unit `{tu}` or `{au}` is not known to the policy"),
                );
                return None;
            }
        },
        _ => {}
    }
    let tv = t.number;
    let av = actual_value;
    let met = match cmp {
        Comparator::Ge => av >= tv,
        Comparator::Gt => av > tv,
        Comparator::Le => av <= tv,
        Comparator::Lt => av < tv,
        Comparator::Eq => match p.scoring.equal_target {
            EqualTarget::AtLeast => av >= tv,
            EqualTarget::Exact => av == tv,
        },
    };
    // An actual written as a bound (`520余人次` is more than 520, `≥98%`) is known on one side
    // only: it decides the row when every value it allows meets the target, and otherwise the
    // score cannot be known.
    if let Some(bound) = a.comparator.filter(|b| *b != Comparator::Eq) {
        let floor = match cmp {
            Comparator::Ge | Comparator::Gt => true,
            Comparator::Eq => p.scoring.equal_target == EqualTarget::AtLeast,
            Comparator::Le | Comparator::Lt => false,
        };
        let strict = |c: Comparator| matches!(c, Comparator::Gt | Comparator::Lt);
        let decided = match (bound, floor) {
            (Comparator::Ge | Comparator::Gt, true) => {
                av > tv || (av == tv && (!strict(cmp) || strict(bound)))
            }
            (Comparator::Le | Comparator::Lt, false) if cmp != Comparator::Eq => {
                av < tv || (av == tv && (!strict(cmp) || strict(bound)))
            }
            _ => false,
        };
        if !decided {
            trace.add(|| {
                format!(
                    "actual `{}` is a bound ({} {}), not a value: whether and by how much it misses the target cannot be known",
                    row.actual,
                    bound.symbol(),
                    fmt(av)
                )
            });
            return None;
        }
        trace.add(|| {
            format!(
                "actual `{}` is {} {}: the target is met whatever its value",
                row.actual,
                bound.symbol(),
                fmt(av)
            )
        });
    }
    if cmp == Comparator::Eq && p.scoring.equal_target == EqualTarget::AtLeast && av != tv {
        s.find(
            "comparator-assumed",
            Some(row.line),
            Some(name),
            format!("target `{}` is read as at least {}: met when the actual reaches it, like `≥` below it", row.target, fmt(tv)),
        );
    }
    let reverse = cmp.is_reverse();
    // What a curve reads of this row: the scoring curve and the over-achievement deduction.
    let reading = Reading {
        target: tv,
        actual: av,
        unit: t.unit,
        reverse,
    };
    let curve_name =
        rule_curve(p, row, level1, level2, t.unit).unwrap_or(p.scoring.quantitative.as_str());
    let curve = p.curves.get(curve_name)?;
    // Only a trace reads it.
    let desc = if s.explain {
        format!(
            "target {}{}{}, actual {}",
            cmp.symbol(),
            fmt(tv),
            // A space before a unit only: a bare target is `≥1, actual 1`, not `≥1 , …`.
            t.unit
                .filter(|u| !u.is_empty())
                .map_or(String::new(), |u| format!(" {u}")),
            fmt(av)
        )
    } else {
        String::new()
    };
    let raw = match &curve.form {
        CurveForm::AllOrNothing => {
            s.reach(|| format!("curve {curve_name}: {}", if met { "met" } else { "missed" }));
            trace.add(|| {
                format!(
                    "{desc}: {} → {} (curve `{curve_name}`, all or nothing)",
                    if met { "met" } else { "missed" },
                    if met { fmt(weight) } else { "0".into() }
                )
            });
            if met { weight } else { Decimal::ZERO }
        }
        CurveForm::Proportional { zero_actual_full } => {
            let segment = if met {
                "met"
            } else if reverse && av.is_zero() {
                "zero actual"
            } else if reverse {
                "missed (reverse)"
            } else {
                "missed"
            };
            s.reach(|| format!("curve {curve_name}: {segment}"));
            if met {
                trace.add(|| format!("{desc}: met → full weight {}", fmt(weight)));
                weight
            } else if !share_means_something(tv, av) {
                trace.add(|| format!("{desc}: missed, {NO_SHARE}"));
                return None;
            } else if reverse {
                if av.is_zero() {
                    if *zero_actual_full {
                        weight
                    } else {
                        Decimal::ZERO
                    }
                } else {
                    let v = weight.saturating_mul(tv).checked_div(av)?;
                    trace.add(|| {
                        format!(
                            "{desc}: missed → {} × {} ÷ {} = {}",
                            fmt(weight),
                            fmt(tv),
                            fmt(av),
                            fmt(v.round_dp(6))
                        )
                    });
                    v
                }
            } else if tv.is_zero() {
                Decimal::ZERO
            } else {
                let v = weight.saturating_mul(av).checked_div(tv)?;
                trace.add(|| {
                    format!(
                        "{desc}: missed → {} × {} ÷ {} = {}",
                        fmt(weight),
                        fmt(av),
                        fmt(tv),
                        fmt(v.round_dp(6))
                    )
                });
                v
            }
        }
        form => {
            let x = reading.of(s, row, curve_name, curve)?;
            if s.coverage
                && let Some(segment) = math::segment(form, x)
            {
                s.reach(|| format!("curve {curve_name}: {segment}"));
            }
            let v = math::points_at(form, x, weight)
                .map(|v| math::limit(v, curve.floor, curve.cap, weight))?;
            trace.add(|| {
                format!(
                    "{desc}: curve `{curve_name}` at {} = {}",
                    fmt(x.round_dp(6)),
                    fmt(v.round_dp(6))
                )
            });
            v
        }
    };
    let mut limited = math::limit(raw, curve.floor, curve.cap, weight);
    // Whether beating the target counts as over-achieving it: always for ≥, > and =; for ≤ and
    // < (the actual far below a cap) unless the policy exempts them.
    let over_achieves = met && (!reverse || p.deviation.reverse_mirrored);
    // Only an over-achievement is judged by its deviation here: a miss does not divide for it.
    let deviation = if over_achieves {
        reading.deviation()
    } else {
        None
    };
    // An over-achievement past what the policy's deduction curve allows loses points.
    if over_achieves
        && deviation.is_some_and(|d| d > Decimal::ZERO)
        && let Some(deduct_name) = p.deviation.deduct.as_deref()
        && let Some(deduct) = p.curves.get(deduct_name)
    {
        // A deduction that cannot be read (its units differ: the finding says so) takes
        // nothing off; the row keeps its score.
        if let Some(x) = reading.of(s, row, deduct_name, deduct) {
            if s.coverage
                && let Some(segment) = math::segment(&deduct.form, x)
            {
                s.reach(|| format!("curve {deduct_name}: {segment}"));
            }
            if let Some(allowed) = math::points_at(&deduct.form, x, weight)
                .map(|v| math::limit(v, deduct.floor, deduct.cap, weight))
                && allowed < limited
            {
                trace.add(|| {
                    format!(
                        "over-achieved: curve `{deduct_name}` at {} allows {} of the weight {}",
                        fmt(x.round_dp(6)),
                        fmt(allowed.round_dp(6)),
                        fmt(weight)
                    )
                });
                limited = allowed;
            }
        }
    }
    // Reasons the policy requires: for a miss, and for an over-achievement past the threshold.
    if !met {
        require_reason_for_miss(s, row);
    }
    if let (Some(threshold), Some(d)) = (p.deviation.reason_above, deviation)
        && over_achieves
        && d > threshold
        && !reason_given(&row.reason)
    {
        let (by, threshold) = (
            fmt(d.saturating_mul(HUNDRED).round_dp(2)),
            fmt(threshold.saturating_mul(HUNDRED)),
        );
        let (actual, target) = (&row.actual, &row.target);
        s.find(
            "reason-missing-for-overachievement",
            Some(row.line),
            Some(name),
            if reverse {
                format!("actual `{actual}` is {by}% below the cap `{target}`, past the policy's {threshold}%, and no reason is given")
            } else {
                format!("actual `{actual}` exceeds target `{target}` by {by}%, past the policy's {threshold}%, and no reason is given")
            },
        );
    }
    Some(limited)
}

/// Whether a bare actual against a percentage target could be a fraction, as spreadsheets
/// store percentages (`0.985` for 98.5 %): positive, at most 1, against a target above 1 %.
/// The level under which a `no-comparator` reading of the policy applies to durations only
/// ([`is_duration`]): a time limit (`3个月`, `30个工作日`) is a ceiling, while a share or a
/// count there (`按时完成率 100%`) is not.
const TIME_LEVEL: &str = "时效指标";

/// A span in calendar days against a ceiling in working days (`≤3个工作日` → `2天`): d days
/// hold at most d working days, so a span no longer than the ceiling's count meets it, and is
/// read as that many working days (in the target's unit). A longer span may or may not
/// (weekends, holidays): the table does not say, and the units stay apart.
fn days_within_working_days(
    p: &Policy,
    cmp: Comparator,
    target: Decimal,
    target_unit: &crate::policy::units::UnitValue,
    actual: Decimal,
    actual_unit: &crate::policy::units::UnitValue,
) -> Option<Decimal> {
    if !matches!(cmp, Comparator::Le | Comparator::Lt) {
        return None;
    }
    let day = p.units.resolve("天").ok()?;
    let working_day = p.units.resolve("工作日").ok()?;
    let days = p.units.convert(actual, actual_unit, &day)?;
    let limit = p.units.convert(target, target_unit, &working_day)?;
    let within = match cmp {
        Comparator::Lt => days < limit,
        _ => days <= limit,
    };
    (within && days >= Decimal::ZERO)
        .then(|| p.units.convert(days, &working_day, target_unit))
        .flatten()
}

/// Whether a unit is a duration to the policy: one that converts to 分钟, 月 or 工作日 (天, 日,
/// 小时, 周, 个月, 季度, 年, 个工作日 in national-2020).
fn is_duration(p: &Policy, unit: &str) -> bool {
    p.units.get(unit).is_some_and(|u| {
        let mut bases = u.dimension.0.iter();
        matches!(
            (bases.next(), bases.next()),
            (Some((base, 1)), None) if ["分钟", "月", "工作日"].contains(&base.as_str())
        )
    })
}

fn may_be_fraction(unit: &str, target: &Qty, actual: &Qty) -> bool {
    matches!(unit, "%" | "百分比")
        && actual.number > Decimal::ZERO
        && actual.number <= Decimal::ONE
        && target.number > Decimal::ONE
}

/// Whether a bare actual that may be a fraction ([`may_be_fraction`]) is read as one: against a
/// floor (≥, >, =) when the fraction lands nearer the target than the percentage does, i.e. the
/// percentage is under a tenth of the target (`0.98` against `≥95%` is 98 %; against `≥2%`,
/// 0.98 % is as near as 98 %, and stays). Under a cap small actuals are the usual case (`0.5`
/// against `≤5%` is 0.5 %), so there it is read as written.
/// A bare actual against a target in a multiple of a unit (`≥1万人次` → `8000`, `≤5万元` →
/// `48000`): read in the target's unit it would be a thousand times the target or more, and
/// read in the unit without 万 or 亿 it lies within ten times of it either way. The unit it is
/// then read in, and its value in the target's unit.
fn in_base_unit(
    p: &Policy,
    unit: &str,
    target: Decimal,
    actual: Decimal,
) -> Option<(String, Decimal)> {
    let base = unit
        .strip_prefix('万')
        .or_else(|| unit.strip_prefix('亿'))?;
    if base.is_empty() || target <= Decimal::ZERO || actual < target.saturating_mul(dec!(1000)) {
        return None;
    }
    let (from, to) = (p.units.resolve(base).ok()?, p.units.resolve(unit).ok()?);
    let value = p.units.convert(actual, &from, &to)?;
    let near = value.saturating_mul(dec!(10)) >= target && value <= target.saturating_mul(dec!(10));
    near.then(|| (base.to_string(), value))
}

fn read_as_fraction(cmp: Comparator, target: &Qty, actual: &Qty) -> bool {
    target
        .unit
        .is_some_and(|u| may_be_fraction(u, target, actual))
        && !cmp.is_reverse()
        && actual.number.saturating_mul(dec!(10)) < target.number
}

/// What a curve can read of a quantitative row: the target and the actual (in the target's
/// unit), and how far past the target the actual is.
struct Reading<'a> {
    target: Decimal,
    actual: Decimal,
    unit: Option<&'a str>,
    /// A ≤ or < target: less is better.
    reverse: bool,
}

impl Reading<'_> {
    /// Deviation (偏离度): how far past the target, in the direction that is better,
    /// (actual − target) ÷ target, mirrored for a reverse target; `None` for a zero target.
    /// Worked out when read: most rows never need it.
    fn deviation(&self) -> Option<Decimal> {
        let (tv, av) = (self.target, self.actual);
        if tv.is_zero() {
            None
        } else if self.reverse {
            tv.saturating_sub(av).checked_div(tv.abs())
        } else {
            av.saturating_sub(tv).checked_div(tv.abs())
        }
    }

    /// The value of the curve's measure (what it reads on its x axis), in the curve's terms:
    /// percent for a ratio or a deviation, base units for an actual when the curve is written
    /// in units. `None` when it cannot be read (the finding says why).
    fn of(
        &self,
        s: &mut Scorer,
        row: &IndicatorRow,
        curve_name: &str,
        curve: &Curve,
    ) -> Option<Decimal> {
        let (tv, av) = (self.target, self.actual);
        let measure = match &curve.form {
            CurveForm::Linear { measure, .. } | CurveForm::Steps { measure, .. } => *measure,
            CurveForm::Deduct(d) => d.measure,
            CurveForm::AllOrNothing | CurveForm::Proportional { .. } => return None,
        };
        Some(match measure {
            // A curve written in units reads the actual in base units (万件 → 件).
            Measure::Actual => match (
                &curve.x_dimension,
                self.unit.map(|u| s.policy.units.resolve(u)),
            ) {
                (Some(dimension), Some(Ok(unit))) if unit.dimension == *dimension => {
                    av.checked_mul(unit.factor)?
                }
                (Some(_), Some(_)) => {
                    s.find(
                        "unit-mismatch",
                        Some(row.line),
                        Some(&row.name),
                        format!(
                            "curve `{curve_name}` is written in other units than the target `{}`",
                            row.target
                        ),
                    );
                    return None;
                }
                _ => av,
            },
            Measure::Ratio => {
                if self.reverse {
                    if av.is_zero() {
                        HUNDRED
                    } else {
                        tv.checked_div(av)?.saturating_mul(HUNDRED)
                    }
                } else if tv.is_zero() {
                    HUNDRED
                } else {
                    av.checked_div(tv)?.saturating_mul(HUNDRED)
                }
            }
            Measure::Deviation => self
                .deviation()
                .map_or(Decimal::ZERO, |d| d.saturating_mul(HUNDRED)),
            Measure::AbsDeviation => self
                .deviation()
                .map_or(Decimal::ZERO, |d| d.abs().saturating_mul(HUNDRED)),
        })
    }
}

fn qualitative(
    s: &mut Scorer,
    row: &IndicatorRow,
    target: &CellValue,
    actual: &str,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    let set = p.tiers.get(&p.scoring.qualitative)?;
    // The actual restating the target counts as achieved, whatever tier its words have on
    // their own (`否` against `否`: no accident happened, as promised).
    let restated = match target {
        CellValue::Text { text } => plain(text) == plain(actual),
        _ => false,
    };
    // A grade of the scale the target states (`优良中低差` → `优`): its top grade is the
    // target met. A grade below it falls in the tier that holds its band of the policy's
    // grades (良 [80, 90) in 达成 [80%, 100%]); one the policy does not grade is not scored
    // on a guess, unless it is the scale's bottom grade (the target missed).
    let graded = match target {
        CellValue::Text { text } if !restated => {
            // The policy's name of a grade spelled out (`优秀` → `优`).
            let said = plain(actual);
            let grade = p
                .grades
                .iter()
                .find(|g| g.spellings.iter().any(|w| w == said));
            grade_in_scale(text, grade.map_or(said, |g| g.name.as_str()))
        }
        _ => None,
    };
    if let Some((rank, grades)) = graded {
        let grade = grades.get(rank).copied().unwrap_or_default();
        let banded = tier_of_grade(p, set, grade);
        let tier = match rank {
            0 => set.tiers.first(),
            _ if banded.is_some() => banded,
            _ if rank + 1 == grades.len() => set.tiers.last(),
            _ => None,
        };
        trace.add(|| {
            let scale = grades.join("/");
            match (rank, banded) {
                (0, _) => format!("`{actual}` is the top grade of the scale {scale}"),
                (_, Some(t)) => format!(
                    "`{actual}` is the grade `{grade}` of the scale {scale}, whose band in the policy's grades lies in tier `{}`",
                    t.name
                ),
                _ if tier.is_some() => {
                    format!("`{actual}` is the bottom grade of the scale {scale}")
                }
                _ => format!(
                    "`{actual}` is the grade `{grade}` of the scale {scale}, which the policy's grades do not place in a tier"
                ),
            }
        });
        return in_tier(s, row, set, tier?, actual, weight, trace);
    }
    // A target asking a thing to move without saying how far (`较上年提高`, `逐步提高`,
    // `改善人居环境`), answered by an actual saying which way it moved.
    if let CellValue::Text { text } = target
        && !restated
        && let Some(asked) = way_asked(text)
        && let Some((moved, met)) = asked.answered_by(actual)
    {
        let tier = match (moved, met) {
            (Way::Basically(_), _) => basically_tier(set, "基本"),
            (_, true) => set.tiers.first(),
            (_, false) => set.tiers.last(),
        };
        trace.add(|| match (moved, met) {
            (Way::Basically(_), _) => format!(
                "`{actual}` says it {}: mostly met, the tier of the policy's `基本` words{}",
                moved.said(),
                if tier.is_none() {
                    ", which it has none of"
                } else {
                    ""
                }
            ),
            (_, true) => format!(
                "`{actual}` says it {}, as the target `{text}` asks",
                moved.said()
            ),
            (_, false) => format!(
                "`{actual}` says it {}; the target `{text}` asks it to {}",
                moved.said(),
                asked.asked()
            ),
        });
        return in_tier(s, row, set, tier?, actual, weight, trace);
    }
    let tier: &Tier = restated
        .then(|| set.tiers.first())
        .flatten()
        .or_else(|| {
            set.tiers
                .iter()
                .find(|t| t.words.iter().any(|w| w == actual))
        })
        .or_else(|| match tier_in_sentence(set, actual) {
            Ok((tier, word, None)) => {
                trace.add(|| format!("`{actual}` contains the word `{word}`"));
                Some(tier)
            }
            Ok((tier, word, Some(q))) => {
                trace.add(|| {
                    format!(
                        "`{actual}` contains the word `{word}` after `{q}`: mostly met, the tier of the policy's `{q}` words"
                    )
                });
                Some(tier)
            }
            // The target's own words cut short (`正常` for `正常运行`, `按时` for `按时完成`):
            // restated, when nothing in the actual negates or delays a word of the policy's.
            Err(None)
                if let CellValue::Text { text } = target
                    && abridges(actual, text) =>
            {
                trace.add(|| format!("`{actual}` is the target `{text}` cut short"));
                set.tiers.first()
            }
            Err(why) => {
                trace.add(|| {
                    let why = match why {
                        Some((word, Undone::Negated(n))) => format!(": `{n}` negates `{word}`"),
                        Some((word, Undone::Delayed(d))) => {
                            format!(": `{d}` says `{word}` came late or is not done yet")
                        }
                        Some((word, Undone::UnderWay)) => {
                            format!(": `{word}中` is under way, not done")
                        }
                        Some((word, Undone::Basically(q))) => format!(
                            ": `{q}` says `{word}` was only mostly met, and the policy has no tier for `{q}` words"
                        ),
                        None => String::new(),
                    };
                    format!("`{actual}` is in no tier{why}")
                });
                None
            }
        })?;
    in_tier(s, row, set, tier, actual, weight, trace)
}

/// Whether an actual is the start of its target's words, two characters or more, saying no
/// negation (`正常` of `正常运行`; not `未` of `未发生`, nor `不` of `不低于`).
fn abridges(actual: &str, target: &str) -> bool {
    let (actual, target) = (plain(actual), plain(target));
    actual.chars().nth(1).is_some()
        && target.len() > actual.len()
        && target.starts_with(actual)
        && !actual.contains(['未', '不', '无', '没', '否', '非'])
}

/// Which way an actual says a thing moved.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Way {
    Up,
    Down,
    /// Better, without saying up or down (`改善`, `优化`).
    Better,
    /// Not moved: `持平`, `无变化`, a change of zero.
    Flat,
    /// A word of movement negated (`未提高`): not that way, which says nothing of the others.
    Not(Family),
    /// That way only basically (`基本改善`): mostly met.
    Basically(Family),
}

/// The way a word of movement names, and a target asks for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    Up,
    Down,
    Better,
}

/// Words of movement, each with its way.
const MOVES: &[(&str, Family)] = &[
    ("提高", Family::Up),
    ("提升", Family::Up),
    ("增长", Family::Up),
    ("增加", Family::Up),
    ("增强", Family::Up),
    ("上升", Family::Up),
    ("扩大", Family::Up),
    ("递增", Family::Up),
    ("下降", Family::Down),
    ("降低", Family::Down),
    ("减少", Family::Down),
    ("减轻", Family::Down),
    ("缩小", Family::Down),
    ("缩短", Family::Down),
    ("递减", Family::Down),
    ("改善", Family::Better),
    ("改进", Family::Better),
    ("优化", Family::Better),
    ("好转", Family::Better),
];

/// Words that may stand before a word of movement and say only how, or since when:
/// `较上年有所提高`, `进一步提升`, `持续改善`. Longer words first where one begins another.
const HOW_MOVED: &[&str] = &[
    "较上年度",
    "较上年",
    "比上年度",
    "比上年",
    "较去年",
    "比去年",
    "同比",
    "进一步",
    "逐步",
    "逐年",
    "逐渐",
    "稳步",
    "持续",
    "不断",
    "有所",
    "明显",
    "显著",
    "大幅度",
    "大幅",
    "切实",
    "有效",
    "全面",
    "得到",
    "继续",
    "着力",
    "努力",
];

/// Words after a word of movement that say it barely moved: `提升不明显`, `改善有限`.
const BARELY: &[&str] = &["不明显", "不大", "有限", "不足", "缓慢", "不够"];

/// Words saying a thing did not move.
const UNMOVED: &[&str] = &[
    "持平",
    "无变化",
    "没有变化",
    "未变化",
    "未发生变化",
    "保持不变",
    "不变",
];

/// The first characters of the words of [`MOVES`].
const MOVE_FIRSTS: &[char] = &[
    '提', '增', '上', '扩', '递', '下', '降', '减', '缩', '改', '优', '好',
];

/// The first word of movement in `text` of a way `wanted` accepts: where it starts, the word
/// and its way. One pass over the characters: asked of every qualitative target, most of which
/// hold none of the words' first characters.
fn first_move(
    text: &str,
    wanted: impl Fn(Family) -> bool,
) -> Option<(usize, &'static str, Family)> {
    text.char_indices()
        .filter(|(_, c)| MOVE_FIRSTS.contains(c))
        .find_map(|(at, _)| {
            let rest = text.get(at..)?;
            MOVES
                .iter()
                .find(|&&(w, f)| wanted(f) && rest.starts_with(w))
                .map(|&(w, f)| (at, w, f))
        })
}

/// The way a target without a figure asks a thing to move: a word of movement that ends it
/// (`群众满意度逐步提高`, `较上年提高`) or begins it past words of [`HOW_MOVED`] (`进一步改善人居
/// 环境`, `提升服务水平`), not negated (`不降低` asks for no fall, not a rise).
fn way_asked(target: &str) -> Option<Family> {
    let target = plain(target);
    if target.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (at, word, family) = first_move(target, |_| true)?;
    if undone(target, at, word.len()).is_some() {
        return None;
    }
    let ends = target.len() == at.saturating_add(word.len());
    let mut head = target.get(..at).unwrap_or_default();
    while let Some(rest) = HOW_MOVED.iter().find_map(|w| head.strip_prefix(w)) {
        head = rest;
    }
    (ends || head.is_empty()).then_some(family)
}

impl Family {
    /// How an actual answers this way asked: the way it says the thing moved, and whether
    /// that meets it. A change of zero (`增长0%`) or a word of not moving (`持平`) misses it.
    /// Else a word of the way asked, or of getting better (which any way asked is for; for
    /// `改善`, a rise too), meets it, wherever it stands (`投诉减少，满意度提高` meets `提高`),
    /// and misses it when negated (`未提高`). Else a word of the other way misses it. `None`
    /// when the actual names no movement it can weigh: one it says was barely one (`提升不
    /// 明显`), late or under way, the other way negated (`未下降` against `提高`), or a fall
    /// against `改善` (a fall may be the better).
    fn answered_by(self, actual: &str) -> Option<(Way, bool)> {
        let actual = plain(actual);
        let zero = matches!(change(actual), Some((_, CellValue::Quantity { number, .. })) if number.is_zero());
        if zero || UNMOVED.iter().any(|w| actual.contains(w)) {
            return Some((Way::Flat, false));
        }
        let meets = |f: Family| {
            f == self || f == Family::Better || (self == Family::Better && f == Family::Up)
        };
        let opposite = |f: Family| {
            matches!(
                (self, f),
                (Family::Up, Family::Down) | (Family::Down, Family::Up)
            )
        };
        let (at, word, family) =
            first_move(actual, meets).or_else(|| first_move(actual, opposite))?;
        let after = actual
            .get(at.saturating_add(word.len())..)
            .unwrap_or_default();
        if BARELY.iter().any(|w| after.starts_with(w)) {
            return None;
        }
        let met = meets(family);
        // What stands right before the word, past words of how: `基本` (`基本提高`: mostly
        // met) or a negation (`未提高`, `没有提升`, `未能改善`: not met). A negation further
        // off negates a degree (`未能显著提升`), which says nothing of whether it moved.
        let before = actual.get(..at).unwrap_or_default();
        let mut how = before;
        while let Some(rest) = HOW_MOVED.iter().find_map(|w| how.strip_suffix(w)) {
            how = rest;
        }
        if met && basically(how).is_some() {
            return Some((Way::Basically(family), true));
        }
        let mut head = before;
        while let Some(rest) = ["能够", "能", "有", "见", "得到"]
            .iter()
            .find_map(|w| head.strip_suffix(w))
        {
            head = rest;
        }
        if ["未", "没", "不", "无法"].iter().any(|n| head.ends_with(n)) {
            return met.then_some((Way::Not(family), false));
        }
        match undone(actual, at, word.len()) {
            None => Some((family.moved(), met)),
            Some(_) => None,
        }
    }

    fn moved(self) -> Way {
        match self {
            Family::Up => Way::Up,
            Family::Down => Way::Down,
            Family::Better => Way::Better,
        }
    }

    fn asked(self) -> &'static str {
        match self {
            Family::Up => "rise",
            Family::Down => "fall",
            Family::Better => "get better",
        }
    }
}

impl Way {
    fn said(self) -> &'static str {
        match self {
            Way::Up => "rose",
            Way::Down => "fell",
            Way::Better => "got better",
            Way::Flat => "did not change",
            Way::Not(Family::Up) => "did not rise",
            Way::Not(Family::Down) => "did not fall",
            Way::Not(Family::Better) => "did not get better",
            Way::Basically(Family::Up) => "basically rose",
            Way::Basically(Family::Down) => "basically fell",
            Way::Basically(Family::Better) => "basically got better",
        }
    }
}

/// The grades of a target that states a scale rather than a level (`优良中低差`, `优/良/中/差`,
/// `好、较好、一般、差`), best first, and the place in them of the grade `actual` names
/// (`优`, or `优等`, `优级`). At least three grades: two are a yes/no question.
fn grade_in_scale<'t>(target: &'t str, actual: &str) -> Option<(usize, Vec<&'t str>)> {
    const GRADE_CHARS: &[char] = &['优', '良', '中', '低', '差'];
    let target = plain(target);
    let separated: Vec<&str> = target
        .split(['/', '、', '，', ',', '|', ' ', '／'])
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .collect();
    let grades: Vec<&str> = if separated.len() >= 3 {
        separated
    } else if target.chars().count() >= 3 && target.chars().all(|c| GRADE_CHARS.contains(&c)) {
        target
            .char_indices()
            .map(|(i, c)| &target[i..i + c.len_utf8()])
            .collect()
    } else {
        return None;
    };
    let actual = plain(actual);
    let bare = actual.trim_end_matches(['等', '级']);
    let rank = grades.iter().position(|g| *g == actual || *g == bare)?;
    Some((rank, grades))
}

/// The tier that holds a grade's band of the policy's grades (`良` [80, 90) of 100 lies in
/// 达成 [80%, 100%]), its ends open or closed as written.
fn tier_of_grade<'p>(p: &Policy, set: &'p TierSet, grade: &str) -> Option<&'p Tier> {
    let band = p.grades.iter().find(|g| g.name == grade)?;
    let total = p.weights.total;
    let (low, high) = (band.low.checked_div(total)?, band.high.checked_div(total)?);
    set.tiers.iter().find(|t| {
        let above = low > t.low || (low == t.low && (t.low_closed || !band.low_closed));
        let below = high < t.high || (high == t.high && (t.high_closed || !band.high_closed));
        above && below
    })
}

/// A cell's words without what does not change them: a final `。` or `.`.
fn plain(text: &str) -> &str {
    let text = trimmed(text);
    let without_stop = text.trim_end_matches(['。', '.']);
    // Trimmed already: only a stop taken off can leave a space at the end.
    if without_stop.len() == text.len() {
        text
    } else {
        without_stop.trim_end()
    }
}

/// The answer a cell gives to a yes/no question (是否发生安全责任事故): `是`, `有`, `发生` … say
/// yes; `否`, `无`, `没有`, `未发生` … say no. `无` is also a placeholder, and read as one anywhere
/// but here, where the question's other cell is an answer too.
fn answer(cell: &CellValue) -> Option<bool> {
    const YES: &[&str] = &["是", "有", "发生", "已发生", "有发生", "存在"];
    const NO: &[&str] = &[
        "否",
        "不是",
        "无",
        "没有",
        "未发生",
        "没有发生",
        "无发生",
        "不发生",
        "零发生",
        "不存在",
        "未出现",
        "没有出现",
        "不出现",
    ];
    let text = match cell {
        CellValue::Text { text } | CellValue::Placeholder { text } => plain(text),
        _ => return None,
    };
    if YES.contains(&text) {
        Some(true)
    } else if NO.contains(&text) || no_incident(text) || asks_no(text) {
        Some(false)
    } else {
        None
    }
}

/// The question itself as the target (`是否发生安全事故`, `是否存在违规`, `是否出现重大质量问题`):
/// whether an incident happened, whose wanted answer is no. Not a question whose answer is
/// yes (`是否按时完成`, `是否按规定公示`).
fn asks_no(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("是否") else {
        return false;
    };
    let Some(what) = ["发生", "存在", "出现", "有"]
        .iter()
        .find_map(|v| rest.strip_prefix(v))
    else {
        return false;
    };
    what.is_empty() || incident(what) || what.ends_with("问题") || what.ends_with("情况")
}

/// `零事故`, `无安全事故`, `未发生重大责任事故`, `杜绝违规行为`, `零投诉`: no incident of a kind, the
/// answer no. Only incidents count (not `无障碍设施`, `无害化处理`, `零距离服务`).
fn no_incident(text: &str) -> bool {
    const NONE: &[&str] = &[
        "零",
        "无",
        "未发生",
        "没有",
        "没有发生",
        "不发生",
        "杜绝",
        "未出现",
    ];
    // The words first: they rule out most cells without counting characters.
    NONE.iter().any(|n| text.starts_with(n)) && incident(text) && text.chars().count() <= 14
}

/// Whether words end in a kind of incident (`安全事故`, `违规违纪`, `群众投诉`).
fn incident(text: &str) -> bool {
    const INCIDENTS: &[&str] = &[
        "事故", "投诉", "差错", "事件", "违规", "违纪", "违法", "行为", "纠纷", "上访", "信访",
        "伤亡", "泄密", "失误", "案件", "火灾", "隐患", "舆情",
    ];
    INCIDENTS.iter().any(|i| text.ends_with(i))
}

/// A count as the answer to whether something happened, against a cell that answers no (`0`
/// or `0起` → no; `2起` → yes, it happened): a number of zero or more with no comparator but
/// `=` or `≤`.
fn count_answer(cell: &CellValue) -> Option<bool> {
    match cell {
        CellValue::Quantity {
            comparator: None | Some(Comparator::Eq | Comparator::Le),
            number,
            ..
        } if !number.is_sign_negative() => Some(!number.is_zero()),
        _ => None,
    }
}

/// A yes/no indicator (是否…): the actual giving the target's answer is the first tier
/// (achieved), the opposite answer the last (`是` against `否`: it happened).
fn answered(
    s: &mut Scorer,
    row: &IndicatorRow,
    (wanted, given): (bool, bool),
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    let set = p.tiers.get(&p.scoring.qualitative)?;
    let tier = if wanted == given {
        set.tiers.first()
    } else {
        set.tiers.last()
    }?;
    trace.add(|| {
        format!(
            "`{}` {} the target's answer `{}`",
            row.actual,
            if wanted == given {
                "gives"
            } else {
                "is the opposite of"
            },
            row.target
        )
    });
    in_tier(s, row, set, tier, &row.actual, weight, trace)
}

/// The score of a qualitative row once its tier is known: the reported score when it lies in
/// the tier, else the nearest end of the tier (A0503), else the tier's default.
fn in_tier(
    s: &mut Scorer,
    row: &IndicatorRow,
    set: &TierSet,
    tier: &Tier,
    actual: &str,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    s.reach(|| format!("tier {}/{}", set.name, tier.name));
    let achieved = set.tiers.first().is_some_and(|t| t.name == tier.name);
    if !achieved && p.deviation.reason_when_missed && !reason_given(&row.reason) {
        s.find(
            "reason-missing-for-miss",
            Some(row.line),
            Some(&row.name),
            format!(
                "`{}` is tier `{}`, not achieved, and no reason is given",
                actual, tier.name
            ),
        );
    }
    let (low, high) = (
        tier.low.saturating_mul(weight),
        tier.high.saturating_mul(weight),
    );
    let score =
        match row.reported_score {
            Some(r) if r >= low && r <= high => {
                trace.add(|| {
                    format!(
                        "`{actual}` is tier `{}` [{}, {}]; the reported {} lies inside and is kept",
                        tier.name,
                        fmt(low),
                        fmt(high),
                        fmt(r)
                    )
                });
                r
            }
            Some(r) => {
                let clamped = within(r, low, high);
                s.find(
                    "tier-score-clamped",
                    Some(row.line),
                    Some(&row.name),
                    format!(
                        "the reported {r} lies outside tier `{}` [{}, {}]; taken as {}",
                        tier.name,
                        fmt(low),
                        fmt(high),
                        fmt(clamped)
                    ),
                );
                trace.add(|| {
                    format!(
                        "`{actual}` is tier `{}`; reported {} clamped to {}",
                        tier.name,
                        fmt(r),
                        fmt(clamped)
                    )
                });
                clamped
            }
            None => {
                let v = tier.default.saturating_mul(weight);
                trace.add(|| format!(
                "`{actual}` is tier `{}`; no reported score, the tier's default {}% gives {}",
                tier.name,
                fmt(tier.default.saturating_mul(HUNDRED)),
                fmt(v)
            ));
                v
            }
        };
    Some(score)
}

/// The tier word a sentence holds and why it does not count there (`None`: no word at all).
type UndoneWord<'s> = Option<(&'s str, Undone)>;

/// The tier of a sentence by the first tier word in it, the longer at the same place, so a
/// qualifier decides (`部分达成预期指标…` is 部分达成, `尚未完成` holds `未完成` before `完成`). When
/// that first word is undone by its clause (`未按计划完成`, `延期完成`: [`undone`]), the sentence
/// is in no tier, and the word and why are returned; a later word does not save it
/// (`未能圆满完成，已完成主体工程` is not 完成). A first-tier word right after "basically"
/// (`基本达标`) is in the tier of the policy's "basically" words, and the qualifier is returned.
fn tier_in_sentence<'s>(
    set: &'s TierSet,
    actual: &str,
) -> Result<(&'s Tier, &'s str, Option<&'static str>), UndoneWord<'s>> {
    let (tier, word, at) = set
        .tiers
        .iter()
        .flat_map(|t| t.words.iter().map(move |w| (t, w.as_str())))
        .filter_map(|(t, w)| actual.find(w).map(|at| (t, w, at)))
        .min_by_key(|(_, w, at)| (*at, std::cmp::Reverse(w.len())))
        .ok_or(None)?;
    if let Some(why) = undone(actual, at, word.len()) {
        return Err(Some((word, why)));
    }
    // `基本达标`: "basically" before a word of the first tier says the target was mostly met.
    let first = set.tiers.first().is_some_and(|t| std::ptr::eq(t, tier));
    if first && let Some(q) = basically(actual.get(..at).unwrap_or_default()) {
        return match basically_tier(set, q) {
            Some(partial) => Ok((partial, word, Some(q))),
            None => Err(Some((word, Undone::Basically(q)))),
        };
    }
    Ok((tier, word, None))
}

/// Words that may stand between "basically" and the tier word it qualifies: `基本上完成`,
/// `基本已完成`, `基本按时完成`, `基本都能达标`.
const AFTER_BASICALLY: &[&str] = &[
    "上",
    "已",
    "都",
    "均",
    "能",
    "能够",
    "按时",
    "按期",
    "如期",
    "按计划",
    "按要求",
];

/// The "basically" (`基本`, `基本上`) or "partly" (`部分`) that qualifies a tier word, when `before` (the text
/// before the word) ends with it, past the words of [`AFTER_BASICALLY`]. Only right before
/// the word: `基本` elsewhere is most often part of a noun (`基本公共卫生服务已完成`).
fn basically(before: &str) -> Option<&'static str> {
    let mut rest = before;
    while let Some(shorter) = AFTER_BASICALLY.iter().find_map(|w| rest.strip_suffix(w)) {
        rest = shorter;
    }
    ["基本", "部分"].into_iter().find(|q| rest.ends_with(q))
}

/// The tier of the policy's own "basically" words (national-2020: `基本完成`, `基本达到` … in
/// 部分达成): where a first-tier word qualified by `基本` falls; likewise for `部分` (`部分完成`).
/// `None` when the policy lists no such word.
fn basically_tier<'s>(set: &'s TierSet, qualifier: &str) -> Option<&'s Tier> {
    set.tiers
        .iter()
        .find(|t| t.words.iter().any(|w| w.starts_with(qualifier)))
}

/// Whether a table's indicators carry neither weights nor scores: a form that states targets
/// and what was done without scoring them (县级专项资金绩效目标自评表, some 中央转移支付 forms).
fn unweighted(table: &Table) -> bool {
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
fn weighted_runs(rows: &[IndicatorRow], level2: bool) -> Vec<Run> {
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
fn weights_from_labels(s: &mut Scorer, table: &mut Table, runs: &[Vec<Run>; 2]) {
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
fn check_subtotals(s: &mut Scorer, table: &Table, indicators: &[IndicatorResult]) {
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
fn check_missing_scores(s: &mut Scorer, table: &Table, indicators: &[IndicatorResult]) {
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

fn check_weights(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_saying_nothing_happened_answer_no() {
        let said = |w: &'static str| answer(&CellValue::Text { text: w.into() });
        // A target promising it will not happen (`不发生`) is met by one saying it did not
        // (`未发生`): both answer no.
        for no in [
            "否",
            "无",
            "未发生",
            "不发生",
            "零发生",
            "不出现",
            "零事故",
            "杜绝违规",
        ] {
            assert_eq!(said(no), Some(false), "{no}");
        }
        for yes in ["是", "发生", "存在"] {
            assert_eq!(said(yes), Some(true), "{yes}");
        }
        assert_eq!(said("无障碍设施"), None);
        // The question as the target asks no when it is about an incident.
        for asks in [
            "是否发生安全事故",
            "是否存在违规违纪",
            "是否出现重大质量问题",
            "是否发生",
        ] {
            assert_eq!(said(asks), Some(false), "{asks}");
        }
        assert_eq!(said("是否按时完成"), None);
    }
    use crate::table::seed::Tables;
    use proptest::prelude::*;

    fn seed_results() -> Vec<TableResult> {
        let policy = crate::check::default_policy().expect("the built-in policy compiles");
        let text = include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        Tables::new(text.as_bytes(), "seed.tsv")
            .map(|t| score(&policy, &t.expect("table reads")))
            .collect()
    }

    fn codes(r: &TableResult, code: &str) -> Vec<Option<usize>> {
        r.findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.line)
            .collect()
    }

    #[test]
    fn seed_tables_score_as_published_under_the_national_default() {
        let results = seed_results();
        let totals: Vec<(String, String)> = results
            .iter()
            .map(|r| (r.total.to_string(), r.grade.clone()))
            .collect();
        assert_eq!(
            totals,
            [
                ("99.67".to_string(), "优".to_string()),
                ("99.98".to_string(), "优".to_string())
            ]
        );
        assert_eq!(
            results[0].budget.rate.map(|d| d.to_string()).as_deref(),
            Some("96.74")
        );
        assert_eq!(results[0].budget.score.to_string(), "9.67");
        assert_eq!(
            results[1].budget.rate.map(|d| d.to_string()).as_deref(),
            Some("99.81")
        );
        assert_eq!(results[1].budget.score.to_string(), "9.98");
    }

    #[test]
    fn seed_findings_name_the_wrong_rate_and_the_unexplained_overachievements() {
        let results = seed_results();
        assert_eq!(codes(&results[0], "A0101"), Vec::<Option<usize>>::new());
        assert_eq!(codes(&results[1], "A0101"), [Some(34)]);
        // +93 % (line 17) and +70 % (line 18); +73 % (41) and +159 % (42).
        assert_eq!(codes(&results[0], "A0402"), [Some(17), Some(18)]);
        assert_eq!(codes(&results[1], "A0402"), [Some(41), Some(42)]);
        // The reported totals and grades agree with the computed ones.
        for r in &results {
            assert!(
                codes(r, "A0104").is_empty() && codes(r, "A0105").is_empty(),
                "{:?}",
                r.findings
            );
            assert!(codes(r, "A0103").is_empty(), "{:?}", r.findings);
        }
    }

    fn one_indicator(target: &str, actual: &str) -> Decimal {
        one_result(target, actual, "").score
    }

    /// The score of one row with these cells and no reported score, when it is scored.
    fn scored(target: &str, actual: &str) -> Option<Decimal> {
        let result = one_result(target, actual, "");
        (result.status == Status::Scored).then(|| result.score.normalize())
    }

    #[test]
    fn a_way_asked_without_a_figure_is_met_by_a_move_that_way() {
        // No reported score: 达成's default share of the weight 10, 部分达成's 6, 未达成's 0.
        let cases = [
            // Met: the way asked, said in words or with a figure, or "better".
            ("较上年提高", "较上年提高5%", Some(dec!(10))),
            ("逐步提高", "有所提高", Some(dec!(10))),
            ("群众满意度持续提升", "满意度明显提升", Some(dec!(10))),
            ("进一步改善人居环境", "人居环境明显改善", Some(dec!(10))),
            ("提升服务水平", "服务水平得到提高", Some(dec!(10))),
            ("逐年下降", "发生率下降2个百分点", Some(dec!(10))),
            ("有所减少", "得到改善", Some(dec!(10))),
            ("持续改善", "明显提升", Some(dec!(10))),
            // The way asked wins over another movement in the sentence.
            ("满意度提高", "投诉减少，满意度提高", Some(dec!(10))),
            // Mostly met: "basically" right before the word.
            ("逐步提高", "基本提高", Some(dec!(6))),
            // Missed: the other way, no change, or the way asked negated right before it.
            ("较上年提高", "较上年下降2%", Some(dec!(0))),
            ("持续增加", "与上年持平", Some(dec!(0))),
            ("提高群众满意度", "增长0%", Some(dec!(0))),
            ("逐年下降", "未下降", Some(dec!(0))),
            ("有效改善", "没有得到改善", Some(dec!(0))),
            // Cannot tell: barely moved, a degree negated, the other way negated, a fall
            // against "better", or a target that asks for no fall.
            ("提升服务水平", "服务水平提升不明显", None),
            ("显著提升", "未能显著提升", None),
            ("较上年提高", "未下降", None),
            ("持续改善", "发病率下降", None),
            ("不降低", "有所提高", None),
        ];
        for (target, actual, expected) in cases {
            assert_eq!(scored(target, actual), expected, "{target} → {actual}");
        }
        // A target with a figure is not a way asked: `提高到95%` is a level.
        assert_eq!(way_asked("提高到95%"), None);
        // A word of movement inside a longer target is not one either.
        assert_eq!(way_asked("通过提高认识开展培训"), None);
        assert_eq!(way_asked("进一步提升服务水平"), Some(Family::Up));
        assert_eq!(way_asked("大幅度提高群众收入"), Some(Family::Up));
    }

    #[test]
    fn no_incident_wanted_is_answered_by_words_or_a_count() {
        // No reported score: the first tier's default share when the answer is given (10), the
        // last tier's when it is not (0); unscorable rows keep nothing (0) and say so.
        let cases = [
            ("零事故", "无", dec!(10)),
            ("无安全事故", "未发生", dec!(10)),
            ("未发生重大安全责任事故", "0", dec!(10)),
            ("零投诉", "0件", dec!(10)),
            ("0起", "未发生", dec!(10)),
            ("零事故", "1起", dec!(0)),
        ];
        for (target, actual, expected) in cases {
            assert_eq!(
                scored(target, actual),
                Some(expected),
                "{target} → {actual}"
            );
        }
        // Words that begin with 无 or 零 but name no incident are not answers.
        for target in ["无障碍设施", "无害化处理", "零距离服务"] {
            assert_eq!(
                one_result(target, "无", "").status,
                Status::KeptReported,
                "{target}"
            );
        }
    }

    #[test]
    fn a_change_is_scored_against_a_change_in_the_same_direction() {
        let cases = [
            ("较上年增长10%", "增长12%", Some(dec!(10))),
            ("提高5个百分点", "提高4个百分点", Some(dec!(8))),
            ("同比下降5%", "下降2.5%", Some(dec!(5))),
            ("增加200人次以上", "增加250人次", Some(dec!(10))),
            // Not a change in the same direction, or a level reached, not a change.
            ("较上年增长10%", "下降3%", None),
            ("提高到95%", "提高到96%", None),
        ];
        for (target, actual, expected) in cases {
            assert_eq!(scored(target, actual), expected, "{target} → {actual}");
        }
    }

    #[test]
    fn a_bare_actual_far_past_a_target_in_wan_is_read_in_the_unit_without_wan() {
        let cases = [
            // 8000 人次 of 1 万人次; 48000 元 under 5 万元: read without 万, with I0002.
            ("≥1万人次", "8000", dec!(8)),
            ("≤5万元", "48000", dec!(10)),
            // In the target's unit when that is plausible, or when neither reading is.
            ("≥1万人次", "0.8", dec!(8)),
            ("≥1万人次", "8000000", dec!(10)),
        ];
        for (target, actual, expected) in cases {
            assert_eq!(
                scored(target, actual),
                Some(expected),
                "{target} → {actual}"
            );
        }
    }

    #[test]
    fn a_count_over_the_year_meets_a_rate_per_year() {
        let cases = [
            ("≥2次/年", "3次", dec!(10)),
            ("≥1次/季度", "6次", dec!(10)),
            ("≥4次/季度", "10次", dec!(6.25)),
            ("≥12次", "1次/月", dec!(10)),
        ];
        for (target, actual, expected) in cases {
            assert_eq!(
                scored(target, actual),
                Some(expected),
                "{target} → {actual}"
            );
        }
    }

    /// The national default's result for one row of weight 10 with these cells.
    fn one_result(target: &str, actual: &str, reason: &str) -> IndicatorResult {
        table_of(row(target, actual, reason))
            .indicators
            .swap_remove(0)
    }

    /// The national default's result for a table of this one row.
    fn table_of(row: IndicatorRow) -> TableResult {
        let policy = crate::check::default_policy().expect("the built-in policy compiles");
        let table = Table {
            indicators: vec![row],
            ..Table::default()
        };
        score(&policy, &table)
    }

    #[test]
    fn a_tier_word_right_after_a_negation_is_not_that_word() {
        // No reported score: each tier's default share of the weight 10.
        let cases = [
            ("及时", "及时", dec!(10.00)),
            ("及时", "非常及时", dec!(10.00)),
            ("达到预期", "基本完成", dec!(6.00)),
            ("及时", "不及时", dec!(0.00)),
            ("长效运行", "未按时完成", dec!(0.00)),
            ("达标", "没有达标", dec!(0)),
            ("达到预期", "尚未完成", dec!(0.00)),
            // "Basically" and "partly" come first in the sentence, so they decide.
            ("达到预期", "基本达到", dec!(6.00)),
            ("达到预期", "部分达到预期", dec!(6.00)),
            ("符合相关规定", "符合要求", dec!(10.00)),
            ("符合相关规定", "不符合要求", dec!(0.00)),
        ];
        for (target, actual, expected) in cases {
            assert_eq!(one_indicator(target, actual), expected, "{actual}");
        }
        // A negation the vocabulary does not list makes the cell fall in no tier: it cannot be
        // scored (the reported score, here none, stands) rather than count as achieved.
        let policy = crate::check::default_policy().expect("the built-in policy compiles");
        let table = Table {
            indicators: vec![
                row("效果显著提升", "未能显著提升", ""),
                // The first tier word decides: a later one does not save a negated one.
                row("按计划完成", "未能圆满完成，已完成主体工程", ""),
            ],
            ..Table::default()
        };
        let result = score(&policy, &table);
        assert_eq!(result.indicators[0].status, Status::KeptReported);
        assert!(
            result.indicators[0]
                .trace
                .iter()
                .any(|t| t.contains("negates `显著提升`")),
            "{:?}",
            result.indicators[0].trace
        );
        assert_eq!(result.indicators[1].status, Status::KeptReported);
    }

    #[test]
    fn basically_before_a_word_of_the_first_tier_is_the_tier_of_the_basically_words() {
        // national-2020 lists 基本完成, 基本达到 … in 部分达成: its default 60 % of 10.
        for (target, actual) in [
            ("达标", "基本达标"),
            ("合格", "基本合格"),
            ("有效", "基本有效"),
            ("及时", "基本及时"),
            ("显著提升", "基本显著提升"),
            ("按时完成", "基本上完成"),
            ("按时完成", "基本已完成"),
            ("按时完成", "基本按时完成"),
            ("达标", "基本都能达标"),
            // "Partly" likewise, in the tier of the policy's `部分` words.
            ("有效", "部分有效"),
            ("合格", "部分合格"),
            ("及时", "部分及时"),
            // Listed words are unchanged.
            ("完成", "基本完成"),
            ("符合要求", "基本符合要求"),
        ] {
            assert_eq!(one_indicator(target, actual), dec!(6.00), "{actual}");
        }
        // `基本` that is part of a noun does not qualify the word; `较为` is not "basically"
        // (national-2020 leaves degree words alone: `较为有效` is still 有效).
        for (target, actual) in [
            ("完成", "基本公共卫生服务已完成"),
            ("有效", "较为有效"),
            ("达标", "达标"),
        ] {
            assert_eq!(one_indicator(target, actual), dec!(10.00), "{actual}");
        }
        // A negation still decides first; a lower tier's word is not moved.
        assert_eq!(one_indicator("及时", "基本不及时"), dec!(0));
        // A policy with no "basically" word has no tier for it: the row cannot be scored.
        let policy = policy_from(
            "policy 二档 extends national-2020 {\n  years 2023..\n}\n\
             tiers 二档 {\n  达成 [60%, 100%] default 100%: 达成, 完成, 达标\n  \
             未达成 [0%, 60%) default 0%: 未达成, 未完成\n}\n\
             override scoring {\n  qualitative 二档\n}\n",
        );
        let table = Table {
            indicators: vec![row("达标", "基本达标", "")],
            ..Table::default()
        };
        let result = score(&policy, &table);
        assert_eq!(result.indicators[0].status, Status::KeptReported);
        assert!(
            result.indicators[0]
                .trace
                .iter()
                .any(|t| t.contains("no tier for `基本` words")),
            "{:?}",
            result.indicators[0].trace
        );
    }

    #[test]
    fn a_figure_printed_with_fewer_decimals_agrees_when_it_is_rounded_right() {
        use crate::syntax::ast::RoundingMode;
        let two = Round {
            digits: 2,
            mode: RoundingMode::HalfUp,
        };
        // t18: 159.28 ÷ 164.64 = 96.744 %.
        let rate = dec!(96.7443);
        for (printed, decimals) in [(dec!(96.74), 2), (dec!(96.7), 1), (dec!(97), 0)] {
            assert!(
                agrees(printed, Some(decimals), rate, two, HUNDRED),
                "{printed}"
            );
        }
        for (printed, decimals) in [(dec!(96.75), 2), (dec!(96.8), 1), (dec!(96), 0)] {
            assert!(
                !agrees(printed, Some(decimals), rate, two, HUNDRED),
                "{printed}"
            );
        }
        // The seed's 99.80 has the policy's two decimals and is not 99.81.
        assert!(!agrees(dec!(99.80), Some(2), dec!(99.806998), two, HUNDRED));
        // A whole number at the full value claims full marks; below it, it is a rounding.
        assert!(!agrees(dec!(10), Some(0), dec!(9.6744), two, dec!(10)));
        assert!(agrees(dec!(10.0), Some(1), dec!(9.97), two, dec!(10)));
        assert!(agrees(dec!(9), Some(0), dec!(8.6204), two, dec!(10)));
        // Decimals not known (a workbook): only the policy's own figure agrees.
        assert!(!agrees(dec!(99.8), None, dec!(99.806998), two, HUNDRED));
        assert!(agrees(dec!(99.81), None, dec!(99.806998), two, HUNDRED));
        // The policy's mode rounds the coarser figure too.
        let truncate = Round {
            digits: 2,
            mode: RoundingMode::Truncate,
        };
        assert!(agrees(dec!(96.7), Some(1), dec!(96.79), truncate, HUNDRED));
        assert!(!agrees(dec!(96.8), Some(1), dec!(96.79), truncate, HUNDRED));
        // More decimals than the policy keeps: the exact value, or it rounded to them.
        assert!(agrees(dec!(11.875), Some(3), dec!(11.875), two, dec!(12.5)));
        assert!(agrees(
            dec!(12.019),
            Some(3),
            dec!(12.0192307692),
            two,
            dec!(12.5)
        ));
        assert!(!agrees(
            dec!(12.018),
            Some(3),
            dec!(12.0192307692),
            two,
            dec!(12.5)
        ));
        assert!(!agrees(
            dec!(11.874),
            Some(3),
            dec!(11.875),
            two,
            dec!(12.5)
        ));
        assert!(!agrees(dec!(11.875), None, dec!(11.875), two, dec!(12.5)));
        assert!(!from_workbook("seed.xlsx#第二张"));
        assert!(from_workbook("表/SEED.XLS#Sheet1"));
        assert!(from_workbook("seed.ods#Sheet1"));
        assert!(!from_workbook("samples/shanghai-2023-hotline.tsv"));
        assert!(!from_workbook("第#2批.tsv"));
    }

    #[test]
    fn a_yes_no_indicator_is_met_by_the_targets_answer() {
        assert_eq!(one_indicator("否", "否"), dec!(10.00));
        assert_eq!(one_indicator("否", "没有"), dec!(10.00));
        assert_eq!(one_indicator("否", "不存在"), dec!(10.00));
        assert_eq!(one_indicator("无", "无"), dec!(10.00));
        assert_eq!(one_indicator("是", "是"), dec!(10.00));
        assert_eq!(one_indicator("否", "是"), dec!(0.00));
        assert_eq!(one_indicator("无", "有"), dec!(0.00));
        assert_eq!(one_indicator("是", "否"), dec!(0.00));
        // Restating the target counts as achieved, a final 。 aside.
        assert_eq!(one_indicator("全覆盖。", "全覆盖"), dec!(10.00));
        // `无` stays a placeholder against anything but an answer: nothing to compare.
        let policy = crate::check::default_policy().expect("the built-in policy compiles");
        for target in ["≥95(%)", "及时", "—"] {
            let table = Table {
                indicators: vec![row(target, "无", "")],
                ..Table::default()
            };
            let result = score(&policy, &table);
            assert_eq!(
                result.indicators[0].status,
                Status::KeptReported,
                "{target}"
            );
        }
    }

    #[test]
    fn a_tier_word_after_a_negation_or_a_delay_in_its_clause_does_not_count() {
        // The word found in the sentence, and whether it is undone there.
        let at = |text: &str, word: &str| undone(text, text.find(word).unwrap_or(0), word.len());
        for (text, word) in [
            ("不及时", "及时"),
            ("未按计划完成", "完成"),
            ("未能按期全部完成", "完成"),
            ("没有完全达到", "达到"),
            ("无法按时完成", "完成"),
            ("并非全部完成", "完成"),
            ("尚未按要求完成", "完成"),
            ("未按时、按质完成", "完成"),
        ] {
            assert!(matches!(at(text, word), Some(Undone::Negated(_))), "{text}");
        }
        for text in ["延期完成", "已逾期完成", "推迟完成", "正在完成"] {
            assert!(
                matches!(at(text, "完成"), Some(Undone::Delayed(_))),
                "{text}"
            );
        }
        assert_eq!(at("完成中", "完成"), Some(Undone::UnderWay));
        assert_eq!(at("完成中，预计次年验收", "完成"), Some(Undone::UnderWay));
        // Not undone: another clause, a look-alike, `非` and `无`, `中` that begins a word.
        for (text, word) in [
            ("按时完成", "完成"),
            ("未发生安全事故，全部完成", "完成"),
            ("非常及时", "及时"),
            ("无差错完成", "完成"),
            ("机制不断完善并持续有效", "有效"),
            ("不仅按时而且高质量完成", "完成"),
            ("效果不错并达到预期", "达到预期"),
            ("未来三年持续有效", "有效"),
            ("不少于计划并全部完成", "完成"),
            ("不折不扣完成", "完成"),
            ("7*24小时不间断运行达标", "达标"),
            ("完成中央下达任务", "完成"),
        ] {
            assert_eq!(at(text, word), None, "{text}");
        }
    }

    #[test]
    fn a_share_written_as_a_fraction_is_read_as_one_against_a_floor() {
        let policy = crate::check::default_policy().expect("the built-in policy compiles");
        let scored = |target: &str, actual: &str| {
            let table = Table {
                indicators: vec![row(target, actual, "已说明")],
                ..Table::default()
            };
            let r = score(&policy, &table);
            let messages: Vec<String> = r
                .findings
                .into_iter()
                .filter(|f| f.code == "I0002")
                .map(|f| f.message)
                .collect();
            (r.indicators[0].score, messages)
        };
        // Before: 0.98 % and 1 % of ≥95 %, 0.10 and 0.11 points.
        assert_eq!(
            scored("≥95(%)", "0.98"),
            (
                dec!(10),
                vec!["actual `0.98` has no unit; read as a fraction: 98%".to_string()]
            )
        );
        assert_eq!(scored("≥95%", "1").0, dec!(10));
        assert_eq!(scored("=100%", "1").0, dec!(10));
        assert_eq!(scored("≥95(%)", "0.9").0, dec!(9.47));
        assert_eq!(scored("≥100百分比", "0.985").0, dec!(9.85));
        // Not a fraction: a unit written, a figure above 1, a cap, the percentage nearer the
        // target than the fraction, a target of at most 1 %.
        assert_eq!(scored("≥95(%)", "0.98%").0, dec!(0.10));
        assert_eq!(scored("≥95(%)", "98.5").0, dec!(10));
        assert_eq!(
            scored("≤5(%)", "0.5"),
            (
                dec!(10),
                vec![
                    "actual `0.5` has no unit; read in the target's unit `%`; if it is a fraction, it means 50% and the row is misread"
                        .to_string()
                ]
            )
        );
        assert_eq!(scored("≥2(%)", "0.98").0, dec!(4.90));
        assert_eq!(scored("≥1(%)", "0.5").0, dec!(5.00));
        assert_eq!(scored("≥2(个)", "0.5").0, dec!(2.50));
    }

    #[test]
    fn a_figure_in_words_is_scored_by_the_figure_not_by_a_tier_word() {
        // `完成` is a tier word; the figure after it decides: 480 of 500.
        assert_eq!(one_indicator("≥500(人次)", "完成480人次"), dec!(9.60));
        assert_eq!(one_indicator("≥500(人次)", "累计完成520人次"), dec!(10));
        assert_eq!(one_indicator("≥500(人次)", "已完成480人次"), dec!(9.60));
        // After words saying what it counts, in the target's measure (`培训520人次`), and on
        // both sides (`培训500人次` → `完成480人次`: 480 of 500, not the tier of `完成`).
        assert_eq!(one_indicator("≥1000户", "惠及1200户"), dec!(10));
        assert_eq!(one_indicator("培训500人次", "完成480人次"), dec!(9.60));
        assert_eq!(one_indicator("新建道路5公里", "完成4公里"), dec!(8));
        assert_eq!(one_indicator("验收合格率100%", "合格率90%"), dec!(9));
        assert_eq!(one_indicator("合格率≥98%", "99%"), dec!(10));
        assert_eq!(one_indicator("人均补助≤300元", "人均补助280元"), dec!(10));
        // A share's name that says no is still its name; a count's name before a bare figure.
        assert_eq!(one_indicator("不满意率≤5%", "2%"), dec!(10));
        assert_eq!(one_indicator("培训人次≥500", "520"), dec!(10));
        // A figure as the first clause, the rest a comment; 超 and 逾 are "more than".
        assert_eq!(
            one_indicator("≥500人次", "480人次，因疫情影响未完成"),
            dec!(9.60)
        );
        assert_eq!(one_indicator("≥3000人", "超3000人"), dec!(10));
        assert_eq!(one_indicator("安全事故发生率为0", "0"), dec!(10));
        // Figures of different measures, or after words of change, are not compared.
        for (target, actual) in [
            ("培训500人次", "培训500人"),
            ("≥500人次", "较上年增加20人次"),
        ] {
            let status = one_result(target, actual, "").status;
            assert_eq!(status, Status::KeptReported, "{actual}");
        }
        // The figure before a word of doing it, as a target may print it too.
        assert_eq!(one_indicator("100%", "100%完成"), dec!(10));
        assert_eq!(one_indicator("≥95%", "93%达标"), dec!(9.79));
        // A share after its label is read against a share only.
        assert_eq!(one_indicator("≥98(%)", "完成率100%"), dec!(10));
        // Other text with a figure is not read: it keeps its printed score (none here).
        for (target, actual) in [
            ("≥500(人次)", "完成率100%"),
            ("≥98(%)", "较上年提高5%"),
            ("≥98(%)", "培训520人次"),
        ] {
            let status = one_result(target, actual, "").status;
            assert_eq!(status, Status::KeptReported, "{actual}");
        }
    }

    #[test]
    fn national_words_of_satisfaction_and_time_and_its_units_are_read() {
        // national-2020's words of satisfaction and of doing it on time are 达成's.
        assert_eq!(one_indicator("满意", "非常满意"), dec!(10));
        assert_eq!(one_indicator("满意", "基本满意"), dec!(6));
        assert_eq!(one_indicator("及时", "按时"), dec!(10));
        assert_eq!(one_indicator("≥2000棵", "1800株"), dec!(9));
    }

    #[test]
    fn a_bare_target_reads_as_the_indicators_name_ending_says() {
        let named = |name: &str, target: &str, actual: &str| {
            let result = table_of(IndicatorRow {
                name: name.into(),
                level2: "质量指标".into(),
                ..row(target, actual, "")
            });
            let message = result
                .findings
                .iter()
                .find(|f| f.message.contains("has no comparator"))
                .map(|f| f.message.clone());
            (result.indicators[0].score, message)
        };
        // national-2020: `no-comparator ≤ named 差错率, …, 响应时间, …`.
        let (score, message) = named("业务差错率", "1%", "0.5%");
        assert_eq!(score, dec!(10));
        assert!(
            message.is_some_and(|m| m.contains("ends with `差错率`")),
            "the finding says why"
        );
        assert_eq!(named("投诉率（%）", "5%", "10%").0, dec!(5));
        assert_eq!(named("平均响应时间", "24小时", "12小时").0, dec!(10));
        // Other names keep the plain ≥.
        assert_eq!(named("培训时长", "40小时", "20小时").0, dec!(5));
    }

    #[test]
    fn a_bare_target_under_a_cost_level_is_a_ceiling_for_amounts_only() {
        let under_cost = |target: &str, actual: &str| {
            let row = IndicatorRow {
                level2: "成本指标".into(),
                ..row(target, actual, "")
            };
            table_of(row).indicators.swap_remove(0).score
        };
        // 500元 is at most 500 元; 100% (预算执行率) is at least 100 %.
        assert_eq!(under_cost("500元", "520元"), dec!(9.62));
        assert_eq!(under_cost("500元", "480元"), dec!(10));
        assert_eq!(under_cost("100%", "95%"), dec!(9.50));
    }

    #[test]
    fn a_span_or_a_shortened_target_is_read_for_what_it_says() {
        // A span meets a floor by its low end, a ceiling by its high end.
        assert_eq!(one_indicator("≥80%", "80%-90%"), dec!(10));
        assert_eq!(one_indicator("≤5万元", "3-4万元"), dec!(10));
        // A span below the floor is no value: whether and how far it missed is unknown.
        let status = one_result("≥80%", "70%-90%", "").status;
        assert_eq!(status, Status::KeptReported);
        // The target's words cut short restate it; a negation never does.
        assert_eq!(one_indicator("正常运行", "正常"), dec!(10));
        assert_eq!(
            one_result("不发生重大事故", "不", "").status,
            Status::KeptReported
        );
        // Lengths, and the bound written with (含).
        assert_eq!(one_indicator("≥5公里", "5200米"), dec!(10));
        assert_eq!(one_indicator("≥95%", "95%（含）以上"), dec!(10));
    }

    #[test]
    fn a_breakdown_of_a_funds_sub_row_is_not_counted_again_unless_it_does_not_add_up() {
        let funds = |label: &str, full_year: Decimal| BudgetRow {
            label: label.into(),
            full_year: Some(full_year),
            ..BudgetRow::default()
        };
        let labels = |rows: Vec<&BudgetRow>| -> Vec<String> {
            rows.iter().map(|r| r.label.clone()).collect()
        };
        let nested = [
            funds("其中：财政拨款", dec!(100)),
            funds("  其中：中央补助", dec!(60)),
            funds("省级补助", dec!(40)),
            funds("上年结转", dec!(5)),
        ];
        assert_eq!(labels(top_level(&nested)), ["其中：财政拨款", "上年结转"]);
        // 60 + 30 is not 100: no breakdown, every row counts (and A0301 will say so).
        let broken = [
            funds("其中：财政拨款", dec!(100)),
            funds("其中：中央补助", dec!(60)),
            funds("省级补助", dec!(30)),
        ];
        assert_eq!(top_level(&broken).len(), 3);
    }

    #[test]
    fn a_bare_target_takes_the_comparator_its_indicators_name_ends_with() {
        let named = |name: &str, n: Decimal| comparator_in_name(name, n);
        assert_eq!(
            named("结余率(结余数/预算数)≤5%", dec!(5)),
            Some(Comparator::Le)
        );
        assert_eq!(named("科目调整次数≤10次", dec!(10)), Some(Comparator::Le));
        assert_eq!(named("覆盖率不低于90%", dec!(90)), Some(Comparator::Ge));
        // Another figure, or a comparator inside the name but not at its end: not the target's.
        assert_eq!(named("结余率≤5%", dec!(3)), None);
        assert_eq!(named("≤5%的结余率", dec!(5)), None);
        assert_eq!(named("培训人次", dec!(5)), None);
    }

    #[test]
    fn template_rows_are_told_with_or_without_their_colon() {
        for leftover in ["指标1", "指标2：", "指标3:", "……", "..."] {
            assert!(is_template_leftover(leftover), "{leftover}");
        }
        for name in ["指标完成率", "指标：培训人次", "培训人次"] {
            assert!(!is_template_leftover(name), "{name}");
        }
    }

    #[test]
    fn a_reason_of_markup_alone_is_no_reason() {
        for empty in [
            "<p>&nbsp;</p>",
            "&nbsp;",
            "<br>",
            "<p></p>",
            " <br/> ",
            "&#160;",
        ] {
            assert!(!reason_given(empty), "{empty}");
        }
        for given in ["<p>考试难度提高</p>", "A&B公司延期", "x<y", "&"] {
            assert!(reason_given(given), "{given}");
        }
        assert_eq!(without_markup("<p>延期&nbsp;交付</p>"), "延期交付");
        assert_eq!(without_markup("A&B"), "A&B");
    }

    #[test]
    fn a_kept_score_stays_within_the_weight() {
        let policy = crate::check::default_policy().expect("the built-in policy compiles");
        let mut unscorable = row("良好", "较好", "");
        unscorable.reported_score = Some(dec!(18));
        let mut empty = row("及时", "按月发放", "");
        empty.reported_score = None;
        // A zero budget: the execution score printed stands, within the weight 10.
        let funds = BudgetRow {
            label: "年度资金总额".into(),
            full_year: Some(Decimal::ZERO),
            executed: Some(Decimal::ZERO),
            weight: Some(dec!(10)),
            reported_score: Some(dec!(12)),
            ..BudgetRow::default()
        };
        let table = Table {
            budget: vec![funds],
            indicators: vec![unscorable, empty],
            ..Table::default()
        };
        let result = score(&policy, &table);
        assert_eq!(result.indicators[0].score, dec!(10));
        assert_eq!(result.indicators[1].score, dec!(0));
        assert_eq!(result.budget.score, dec!(10));
        assert_eq!(result.total, dec!(20.00));
        let messages: Vec<&str> = result
            .findings
            .iter()
            .filter(|f| f.code == "A0501")
            .map(|f| f.message.as_str())
            .collect();
        assert!(
            messages[0].ends_with("the reported score 18 is outside the weight 10, so 10 is kept"),
            "{messages:?}"
        );
        assert!(
            messages[1].ends_with("no score is printed (as a number), so 0 is kept"),
            "{messages:?}"
        );
    }

    #[test]
    fn the_funds_total_row_is_found_by_its_label_or_its_weight() {
        let funds = |label: &str, weight: Option<Decimal>| BudgetRow {
            label: label.into(),
            weight,
            ..BudgetRow::default()
        };
        let w = Some(dec!(10));
        let at = |rows: &[BudgetRow]| total_row(rows);
        // The 10号 template: the total first.
        assert_eq!(
            at(&[funds("年度资金总额", w), funds("其中：当年财政拨款", None)]),
            0
        );
        // A block that closes with its total.
        assert_eq!(
            at(&[
                funds("财政拨款", None),
                funds("上年结转", None),
                funds("合  计", w)
            ]),
            2
        );
        assert_eq!(at(&[funds("财政拨款", None), funds("总计", None)]), 1);
        // No total label: the row with the weight, else the first.
        assert_eq!(at(&[funds("财政拨款", None), funds("结转", w)]), 1);
        assert_eq!(at(&[funds("财政拨款", w), funds("结转", w)]), 0);
        assert_eq!(at(&[funds("财政拨款", None), funds("结转", None)]), 0);
        // A sub-row's own 总额 and a 小计 are not the block's total.
        assert_eq!(
            at(&[funds("财政拨款", None), funds("其中：中央资金总额", None)]),
            0
        );
        assert_eq!(at(&[funds("财政拨款", None), funds("小计", None)]), 0);
        assert_eq!(at(&[]), 0);
    }

    #[test]
    fn a_miss_with_a_negative_number_gets_no_proportional_credit() {
        // Before: -0.5 ÷ -0.3, -0.3 ÷ -0.1 and -8 ÷ -5 gave more than the weight, capped to it;
        // 0 against a negative cap counted as a zero actual, full marks.
        for (target, actual) in [
            ("≥-0.3", "-0.5"),
            ("≤-0.3", "-0.1"),
            ("≤-0.3", "0"),
            ("≥5(%)", "-2(%)"),
            ("-8%~5%", "-10%"),
            ("-5~-3", "-1"),
        ] {
            let result = one_result(target, actual, "已说明");
            assert_eq!(result.status, Status::KeptReported, "{target} {actual}");
            assert!(
                result
                    .trace
                    .iter()
                    .any(|t| t.contains("the ratio says nothing")),
                "{:?}",
                result.trace
            );
        }
        // Met, a negative target is met whatever the ratio; missed, a positive one keeps its
        // share, and a zero cap exceeded scores 0.
        assert_eq!(one_indicator("≥-0.3", "0.2"), dec!(10));
        assert_eq!(one_indicator("≤-0.3", "-0.5"), dec!(10));
        assert_eq!(one_indicator("≥5(%)", "2(%)"), dec!(4.00));
        assert_eq!(one_indicator("90%-100%", "45%"), dec!(5.00));
        assert_eq!(one_indicator("0起", "2起"), dec!(0.00));
    }

    #[test]
    fn a_bare_target_of_zero_is_a_ceiling() {
        // `0起` accidents: at least 0 would be met by two accidents.
        assert_eq!(one_indicator("0起", "2起"), dec!(0.00));
        assert_eq!(one_indicator("0起", "0起"), dec!(10));
        assert_eq!(one_indicator("0", "0"), dec!(10));
    }

    #[test]
    fn national_readings_of_quantitative_cells() {
        assert_eq!(one_indicator("≥200(万件)", "100(万件)"), dec!(5.00));
        assert_eq!(one_indicator("≤5(%)", "10(%)"), dec!(5.00));
        assert_eq!(one_indicator("≤5(%)", "0"), dec!(10));
        assert_eq!(one_indicator("≥2万件", "15000件"), dec!(7.50));
        assert_eq!(one_indicator("100", "37.24"), dec!(3.72));
        assert_eq!(one_indicator("≥50个", "达成"), dec!(10.00));
        assert_eq!(one_indicator("≥2万元", "3件"), dec!(0));
        assert_eq!(one_indicator("=100%", "100%"), dec!(10));
        assert_eq!(one_indicator("=100%", "90%"), dec!(9.00));
        assert_eq!(one_indicator("90%-100%", "95%"), dec!(10));
        assert_eq!(one_indicator("90%-100%", "45%"), dec!(5.00));
        assert_eq!(one_indicator("±10%", "-8%"), dec!(10));
        assert_eq!(one_indicator("2023年6月", "2023年5月"), dec!(10));
        assert_eq!(one_indicator("2023年6月", "2023年7月"), dec!(0));
        // Words inside a sentence: the longest tier word decides.
        assert_eq!(one_indicator("及时", "已全部完成"), dec!(10));
        assert_eq!(one_indicator("及时", "尚未完成"), dec!(0));
        assert_eq!(one_indicator("及时", "基本完成"), dec!(6.00));
        assert_eq!(
            one_indicator("及时", "部分达成预期指标并具有一定效果"),
            dec!(6.00)
        );
        assert_eq!(one_indicator("及时", "未达成预期指标且效果较差"), dec!(0));
        assert_eq!(one_indicator("≥95%", "达到96%"), dec!(10));
        assert_eq!(one_indicator("3个工作日内", "2个工作日"), dec!(10));
        // Counts in the units tables also write, and dates in figures.
        assert_eq!(one_indicator("≥100人", "80名"), dec!(8.00));
        assert_eq!(one_indicator("≥1万人", "12000名"), dec!(10));
        assert_eq!(one_indicator("≥4场", "3场次"), dec!(7.50));
        assert_eq!(one_indicator("≤2吨", "500公斤"), dec!(10));
        assert_eq!(one_indicator("2023.12.31前", "2023-12-20"), dec!(10));
        assert_eq!(one_indicator("2023.12.31前", "2024/1/5"), dec!(0));
        // A share after its label, against a share; not against a count.
        assert_eq!(one_indicator("≥90%", "满意度95%"), dec!(10));
        assert_eq!(one_indicator("≥90%", "群众满意度为81%"), dec!(9.00));
        assert_eq!(one_indicator("≥95%", "合格率达98.5%"), dec!(10));
        assert_eq!(one_indicator("≥500人次", "完成率100%"), dec!(0));
    }

    /// An output row of weight 10 with these cells.
    fn row(target: &str, actual: &str, reason: &str) -> IndicatorRow {
        IndicatorRow {
            line: 1,
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            name: "x".into(),
            target: target.into(),
            actual: actual.into(),
            weight: Some(dec!(10)),
            reported_score: None,
            reason: reason.into(),
            columns: Default::default(),
        }
    }

    #[test]
    fn an_over_achievement_loses_what_the_policys_deduction_curve_takes() {
        let policy = policy_from(
            "policy 超额 extends national-2020 {\n  years 2023..\n}\n\n\
             curve 超额扣分 = deduct 1 per 10% of deviation above 30% floor 0\n\n\
             over-achievement {\n  deduct 超额扣分\n}\n",
        );
        let scored = |target: &str, actual: &str| {
            let table = Table {
                indicators: vec![row(target, actual, "已说明原因")],
                ..Table::default()
            };
            let r = score(&policy, &table);
            (r.indicators[0].score, r.indicators[0].trace.join(" | "))
        };
        // +20 %: inside the 30 % allowed, nothing taken off.
        assert_eq!(scored("≥100(件)", "120(件)").0, dec!(10.00));
        // +60 %: three whole steps of 10 % past 30 %.
        let (points, trace) = scored("≥100(件)", "160(件)");
        assert_eq!(points, dec!(7.00));
        assert!(trace.contains("curve `超额扣分` at 60 allows 7"), "{trace}");
        // +300 %: the floor stops it at 0.
        assert_eq!(scored("≥100(件)", "400(件)").0, dec!(0.00));
        // A miss is scored by the quantitative curve alone.
        assert_eq!(scored("≥100(件)", "50(件)").0, dec!(5.00));
        // A ≤ target is not over-achieved under the national default (`reverse-targets
        // exempt`)…
        assert_eq!(scored("≤100(万元)", "40(万元)").0, dec!(10));
        // …and is with `reverse-targets mirrored`: 60 % under the cap loses three steps, 20 %
        // under loses nothing.
        let mirrored = policy_from(
            "policy 超额 extends national-2020 {\n  years 2023..\n}\n\n\
             curve 超额扣分 = deduct 1 per 10% of deviation above 30% floor 0\n\n\
             over-achievement {\n  deduct 超额扣分\n}\n\n\
             override over-achievement {\n  reverse-targets mirrored\n}\n",
        );
        let mirrored_score = |target: &str, actual: &str| {
            let table = Table {
                indicators: vec![row(target, actual, "已说明原因")],
                ..Table::default()
            };
            score(&mirrored, &table).indicators[0].score
        };
        assert_eq!(mirrored_score("≤100(万元)", "40(万元)"), dec!(7.00));
        assert_eq!(mirrored_score("≤100(万元)", "80(万元)"), dec!(10.00));
        // Without a deduction curve (the national default) the same row keeps full marks.
        let national = crate::check::default_policy().expect("the built-in policy compiles");
        let table = Table {
            indicators: vec![row("≥100(件)", "160(件)", "已说明原因")],
            ..Table::default()
        };
        assert_eq!(score(&national, &table).indicators[0].score, dec!(10));
    }

    #[test]
    fn a_figure_in_a_message_is_printed_as_display_prints_it_normalised() {
        let mut values = vec![
            Decimal::ZERO,
            Decimal::from_parts(0, 0, 0, true, 2),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_parts(1, 0, 0, false, 28),
            Decimal::from_parts(1, 0, 0, true, 28),
            dec!(10.00),
            dec!(-0.50),
            dec!(100),
            dec!(12.019231),
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let (lo, mid, hi) = (seed as u32, (seed >> 32) as u32 & 0xFFF, 0);
            let scale = (seed >> 48) as u32 % 29;
            values.push(Decimal::from_parts(lo, mid, hi, seed & 1 == 1, scale));
        }
        for d in values {
            assert_eq!(fmt(d), d.normalize().to_string(), "{d:?}");
        }
    }

    #[test]
    fn a_month_alone_means_its_last_day() {
        let days: Vec<u32> = [
            (2023, 9),
            (2023, 12),
            (2023, 2),
            (2024, 2),
            (1900, 2),
            (2000, 2),
        ]
        .iter()
        .map(|(y, m)| last_day(*y, *m))
        .collect();
        assert_eq!(days, [30, 31, 28, 29, 28, 29]);
    }

    #[test]
    fn a_month_alone_against_a_deadline_is_that_month_done() {
        // On time: the full weight 10 (no reported score). Late: not scored under
        // national-2020's `late unscorable`. A count of months against a duration is a count.
        assert_eq!(scored("9月前", "7月"), Some(dec!(10)));
        assert_eq!(scored("9月前", "7月份"), Some(dec!(10)));
        assert_eq!(scored("2023年9月底前", "9月"), Some(dec!(10)));
        assert_eq!(scored("9月前", "11月"), None);
        assert_eq!(scored("9月前", "13月"), None);
        assert_eq!(scored("≤6个月", "5个月"), Some(dec!(10)));
    }

    #[test]
    fn a_deduction_curve_that_reads_no_measure_is_refused() {
        let mut ws = crate::check::Workspace::with_builtins();
        let text = "policy 超额 extends national-2020 {\n  years 2023..\n}\n\n\
                    over-achievement {\n  deduct 按比例\n}\n";
        let index = ws.add_text("test.jx", text.to_string());
        let (_, diagnostics, _) = crate::check::compile_chain(&ws, index);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["E0505"], "{diagnostics:?}");
    }

    fn policy_from(text: &str) -> Policy {
        let mut ws = crate::check::Workspace::with_builtins();
        let index = ws.add_text("test.jx", text.to_string());
        let (policy, diagnostics, _) = crate::check::compile_chain(&ws, index);
        policy.unwrap_or_else(|| panic!("{diagnostics:?}"))
    }

    fn without_satisfaction(output: Decimal, benefit: Decimal) -> Table {
        let row = |line, level1: &str, level2: &str, weight| IndicatorRow {
            line,
            level1: level1.into(),
            level2: level2.into(),
            name: format!("指标{line}x"),
            target: "≥1(件)".into(),
            actual: "1(件)".into(),
            weight: Some(weight),
            reported_score: None,
            reason: String::new(),
            columns: Default::default(),
        };
        Table {
            budget: vec![BudgetRow {
                label: "年度资金总额".into(),
                line: 1,
                full_year: Some(dec!(1)),
                executed: Some(dec!(1)),
                weight: Some(dec!(10)),
                ..BudgetRow::default()
            }],
            indicators: vec![
                row(2, "产出指标", "数量指标", output),
                row(3, "效益指标", "社会效益指标", benefit),
            ],
            ..Table::default()
        }
    }

    fn level_findings(policy: &Policy, table: &Table) -> Vec<String> {
        score(policy, table)
            .findings
            .iter()
            .filter(|f| f.code == "A0202")
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn an_absent_satisfaction_level_moves_its_weight_by_the_policys_rule() {
        let national = crate::check::default_policy().expect("built-in");
        // 10号, DEFAULT proportional: 50 + 10 × 50/80 = 56.25 and 30 + 10 × 30/80 = 33.75.
        assert!(
            level_findings(&national, &without_satisfaction(dec!(56.25), dec!(33.75))).is_empty()
        );
        assert_eq!(
            level_findings(&national, &without_satisfaction(dec!(55), dec!(35))).len(),
            2
        );
        let equal = policy_from(
            "policy e extends national-2020 {\n years 2023..\n}\noverride weights {\n absent 满意度指标 -> 产出指标, 效益指标 equal\n}\n",
        );
        assert!(level_findings(&equal, &without_satisfaction(dec!(55), dec!(35))).is_empty());
        let choice = policy_from(
            "policy c extends national-2020 {\n years 2023..\n}\noverride weights {\n absent 满意度指标 -> 产出指标, 效益指标 unit-choice\n}\n",
        );
        assert!(level_findings(&choice, &without_satisfaction(dec!(60), dec!(30))).is_empty());
        let wrong = level_findings(&choice, &without_satisfaction(dec!(60), dec!(20)));
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(
            wrong[0].contains("产出指标 + 效益指标 weigh 80") && wrong[0].contains("90 together"),
            "{wrong:?}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn a_ge_score_never_decreases_with_the_actual_and_stays_within_the_weight(t in 1u32..10000, a in 0u32..20000, d in 0u32..5000) {
            let target = format!("≥{t}(件)");
            let low = one_indicator(&target, &format!("{a}(件)"));
            let high = one_indicator(&target, &format!("{}(件)", a + d));
            prop_assert!(low <= high);
            prop_assert!(low >= Decimal::ZERO && high <= dec!(10));
        }
    }
}
