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
use crate::syntax::cell::{CellValue, last_day, parse_cell, trimmed};
use crate::table::{BudgetRow, IndicatorRow, Table};

mod budget;
mod clauses;
mod figures;
mod indicator;
mod qualitative;
mod quantitative;
mod weights;

use budget::*;
use clauses::*;
use figures::*;
use indicator::*;
use qualitative::*;
use quantitative::*;
use weights::*;

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

#[cfg(test)]
mod tests;
