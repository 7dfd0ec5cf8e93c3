//! A compiled policy: everything the evaluator needs, resolved and checked. Built by
//! [`crate::check`] from a policy file and its parents; never built from unchecked input.

pub mod units;

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::syntax::ast::{
    BudgetScoreFrom, Comparator, Counting, EqualTarget, GradeFrom, Measure, NotApplicableRule,
    RoundingMode, Severity, Side, SplitRule, SubrowRule, UnitlessRule, UnscorableRule, YearRange,
};
pub use units::{Dimension, UnitTable};

#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    pub title: Option<String>,
    pub jurisdiction: Option<String>,
    pub basis: Vec<String>,
    pub years: Option<YearRange>,
    /// Nearest parent first.
    pub parents: Vec<String>,
    /// `sha256:…` of the policy's text and its parents' texts.
    pub content_hash: String,
    pub units: UnitTable,
    pub unitless: UnitlessRule,
    pub taxonomies: Vec<Taxonomy>,
    pub aliases: BTreeMap<String, String>,
    pub prefix_min: Option<usize>,
    pub weights: Weights,
    pub tiers: BTreeMap<String, TierSet>,
    pub curves: BTreeMap<String, Curve>,
    pub scoring: Scoring,
    pub deviation: Deviation,
    pub budget: Budget,
    pub rounding: Rounding,
    pub grades: Vec<GradeBand>,
    pub checks: BTreeMap<String, Severity>,
    /// Level labels already read by any table scored under this policy.
    pub level_memo: LevelMemo,
}

/// The canonical levels of labels as written, remembered across the tables of a batch (they
/// repeat the same few labels), shared by the scoring threads. Bounded, so a batch of odd
/// labels does not grow it without end; a copied policy starts with an empty one.
#[derive(Debug, Default)]
pub struct LevelMemo(
    std::sync::RwLock<
        std::collections::HashMap<String, LevelOf, std::hash::BuildHasherDefault<QuickHash>>,
    >,
);

/// The memo's hash: its keys are labels of a few characters, for which SipHash (the standard
/// map's) costs more than the rest of a lookup, about ten thousand times in a thousand tables.
/// Multiply and rotate, a word at a time, as rustc's FxHash. Not keyed: labels made to collide
/// could only make a lookup scan the memo, which is bounded ([`LEVEL_MEMO_LIMIT`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct QuickHash(u64);

impl QuickHash {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for QuickHash {
    fn write(&mut self, bytes: &[u8]) {
        let (words, rest) = bytes.as_chunks::<8>();
        for word in words {
            self.add(u64::from_le_bytes(*word));
        }
        let mut last = [0u8; 8];
        for (slot, &b) in last.iter_mut().zip(rest) {
            *slot = b;
        }
        self.add(u64::from_le_bytes(last));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// What the policy makes of a level label as written ([`Policy::level_info`]).
#[derive(Debug, Clone)]
pub struct LevelOf {
    /// The level it is scored under.
    pub level: Arc<str>,
    /// Whether that level is a level-1 indicator of the policy, and a level-2 one.
    pub is_level1: bool,
    pub is_level2: bool,
    /// Whether the label, trimmed, is written otherwise than its level.
    pub rewritten: bool,
}

impl Clone for LevelMemo {
    fn clone(&self) -> Self {
        LevelMemo::default()
    }
}

/// Labels remembered at most; past it, new labels are worked out each time.
const LEVEL_MEMO_LIMIT: usize = 4096;

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub levels: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct Weights {
    pub budget: Option<Decimal>,
    pub levels: Vec<(String, Decimal)>,
    pub total: Decimal,
    pub tolerance: Decimal,
    pub severity: Severity,
    pub absent: Vec<AbsentRule>,
    pub not_applicable: NotApplicableRule,
    pub either: Vec<(String, String)>,
}

impl Weights {
    pub fn default_for(total: Decimal) -> Self {
        Weights {
            budget: None,
            levels: Vec::new(),
            total,
            tolerance: Decimal::ZERO,
            severity: Severity::Error,
            absent: Vec::new(),
            not_applicable: NotApplicableRule::Skip,
            either: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AbsentRule {
    pub level: String,
    pub to: Vec<String>,
    pub split: SplitRule,
}

/// A share of the weight between 0 and 1, or an absolute number of points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Output {
    Share(#[serde(with = "rust_decimal::serde::str")] Decimal),
    Points(#[serde(with = "rust_decimal::serde::str")] Decimal),
}

impl Output {
    /// In points, for an indicator of weight `weight`.
    pub fn points(self, weight: Decimal) -> Option<Decimal> {
        match self {
            Output::Share(s) => s.checked_mul(weight),
            Output::Points(p) => Some(p),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TierSet {
    pub name: String,
    pub tiers: Vec<Tier>,
}

#[derive(Debug, Clone)]
pub struct Tier {
    pub name: String,
    /// Shares of the weight, 0..=1.
    pub low: Decimal,
    pub low_closed: bool,
    pub high: Decimal,
    pub high_closed: bool,
    pub default: Decimal,
    pub words: Vec<String>,
}

impl Tier {
    pub fn contains(&self, share: Decimal) -> bool {
        let above = if self.low_closed {
            share >= self.low
        } else {
            share > self.low
        };
        let below = if self.high_closed {
            share <= self.high
        } else {
            share < self.high
        };
        above && below
    }
}

#[derive(Debug, Clone)]
pub struct Curve {
    pub name: String,
    pub form: CurveForm,
    pub floor: Option<Output>,
    pub cap: Option<Output>,
    /// For curves on `actual` written with units: their dimension. Their x values are stored
    /// in that dimension's base unit.
    pub x_dimension: Option<Dimension>,
}

/// Values a curve reads (x) are in the measure's natural unit: % for ratio and deviation,
/// the target's unit for `actual` (the budget's actual is its execution rate in %).
#[derive(Debug, Clone)]
pub enum CurveForm {
    AllOrNothing,
    Proportional {
        zero_actual_full: bool,
    },
    Linear {
        measure: Measure,
        points: Vec<(Decimal, Output)>,
    },
    Steps {
        measure: Measure,
        steps: Vec<Step>,
    },
    Deduct(Deduction),
}

#[derive(Debug, Clone)]
pub struct Step {
    pub bound: Option<(Comparator, Decimal)>,
    pub output: StepOutput,
}

#[derive(Debug, Clone)]
pub enum StepOutput {
    Fixed(Output),
    Deduct(Deduction),
}

#[derive(Debug, Clone)]
pub struct Deduction {
    pub points: Output,
    pub per: Decimal,
    pub measure: Measure,
    pub side: Side,
    pub threshold: Decimal,
    pub counting: Counting,
    /// The score deductions start from; the full weight when `None`.
    pub from: Option<Output>,
}

#[derive(Debug, Clone)]
pub struct Scoring {
    pub quantitative: String,
    pub qualitative: String,
    pub no_comparator: Comparator,
    /// Levels under which a bare target reads with another comparator, and which targets
    /// there (all, amounts or durations).
    pub no_comparator_under: Vec<(Comparator, Vec<String>, crate::syntax::ast::ReadingFor)>,
    /// Endings of indicator names for which a bare target reads with another comparator
    /// (`差错率`, `投诉率`); they win over the levels.
    pub no_comparator_named: Vec<(Comparator, Vec<String>)>,
    pub equal_target: EqualTarget,
    pub unscorable: UnscorableRule,
    pub late: Late,
    pub require_number_under: Vec<String>,
    /// Levels whose rows the table scores against the policy's 评分标准 (`judged under`): the
    /// reported score, within the weight, is the score; there is no target to measure.
    pub judged_under: Vec<String>,
    pub rules: Vec<ScoringRule>,
}

/// What a deadline missed earns (`scoring { late … }`): a table says when the work was done,
/// not how much a late completion is worth, so the policy says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Late {
    /// Nothing: the national default, as a deadline is met or not.
    Zero,
    /// Left to `unscorable` (the reported score kept, or 0), with A0501 saying why.
    Unscorable,
    /// Scored in this tier of the qualitative tier set (`late 部分达成`).
    Tier(String),
}

#[derive(Debug, Clone)]
pub struct ScoringRule {
    pub name: String,
    pub conditions: Vec<RuleCondition>,
    pub curve: String,
}

#[derive(Debug, Clone)]
pub enum RuleCondition {
    Level(String),
    NameContains(String),
    Unit(String),
}

#[derive(Debug, Clone)]
pub struct Deviation {
    /// An over-achievement above this share needs a written reason.
    pub reason_above: Option<Decimal>,
    pub reason_when_missed: bool,
    /// Whether a ≤ or < target beaten by far (the actual far below it) is an over-achievement
    /// too, its deviation mirrored: (target − actual) ÷ target.
    pub reverse_mirrored: bool,
    pub deduct: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Denominator {
    #[serde(rename = "全年预算数")]
    FullYearBudget,
    #[serde(rename = "年初预算数")]
    StartOfYearBudget,
    #[serde(rename = "实际到位资金")]
    FundsReceived,
}

impl Denominator {
    pub const ALL: [(&'static str, Denominator); 3] = [
        ("全年预算数", Denominator::FullYearBudget),
        ("年初预算数", Denominator::StartOfYearBudget),
        ("实际到位资金", Denominator::FundsReceived),
    ];
    pub fn label(self) -> &'static str {
        match self {
            Denominator::FullYearBudget => "全年预算数",
            Denominator::StartOfYearBudget => "年初预算数",
            Denominator::FundsReceived => "实际到位资金",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Budget {
    pub denominators: Vec<Denominator>,
    pub curve: String,
    pub default_weight: Decimal,
    pub subrows: SubrowRule,
    pub zero_budget: UnscorableRule,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Round {
    pub digits: u32,
    pub mode: RoundingMode,
}

impl Round {
    pub fn apply(self, value: Decimal) -> Decimal {
        if let Some(rounded) = self.shorten(value) {
            return rounded;
        }
        use rust_decimal::RoundingStrategy;
        let strategy = match self.mode {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::Truncate => RoundingStrategy::ToZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        };
        // Padded to the digits, so 10 prints as 10.00 like every other score.
        let mut rounded = value.round_dp_with_strategy(self.digits, strategy);
        rounded.rescale(self.digits);
        rounded
    }

    /// `apply` for a value with more decimals than the digits kept, as a score's quotient has
    /// (28): the mantissa divided once in 128 bits and the remainder against the half, where
    /// `round_dp_with_strategy` divides in steps and builds the half digit by digit (about 200
    /// instructions a row). The same result, decided the same way; `None` for any other value
    /// (zero, which may carry a sign, or no more decimals than kept).
    fn shorten(self, value: Decimal) -> Option<Decimal> {
        let extra = value.scale().checked_sub(self.digits).filter(|e| *e > 0)?;
        let mantissa = value.mantissa().unsigned_abs();
        if mantissa == 0 {
            return None;
        }
        // A scale is at most 28, and 10^28 fits 128 bits.
        let unit = 10u128.checked_pow(extra)?;
        let kept = mantissa / unit;
        let rest = mantissa - kept * unit;
        let half = unit / 2;
        let up = match self.mode {
            RoundingMode::HalfUp => rest >= half,
            RoundingMode::HalfEven => rest > half || (rest == half && kept % 2 == 1),
            RoundingMode::Truncate => false,
        };
        // Below the mantissa's 96 bits: at most a tenth of it, plus one.
        let kept = kept + u128::from(up);
        Some(Decimal::from_parts(
            kept as u32,
            (kept >> 32) as u32,
            (kept >> 64) as u32,
            value.is_sign_negative(),
            self.digits,
        ))
    }
}

#[derive(Debug, Clone)]
pub struct Rounding {
    pub rate: Round,
    pub indicator: Round,
    pub budget_score: Round,
    pub total: Round,
    pub grade_from: GradeFrom,
    pub budget_score_from: BudgetScoreFrom,
}

#[derive(Debug, Clone)]
pub struct GradeBand {
    pub name: String,
    /// Other spellings of the grade that tables print (`优秀` for `优`).
    pub spellings: Vec<String>,
    pub low: Decimal,
    pub low_closed: bool,
    pub high: Decimal,
    pub high_closed: bool,
}

impl GradeBand {
    pub fn contains(&self, score: Decimal) -> bool {
        let above = if self.low_closed {
            score >= self.low
        } else {
            score > self.low
        };
        let below = if self.high_closed {
            score <= self.high
        } else {
            score < self.high
        };
        above && below
    }
}

impl Policy {
    /// The grade of a total, if a band holds it.
    /// Whether a grade as a table prints it (`优秀`, ` 优 `) is the grade `name`: its name or one
    /// of its spellings.
    pub fn is_grade(&self, printed: &str, name: &str) -> bool {
        let printed = crate::syntax::cell::normalise(printed);
        let printed = printed.trim();
        printed == name
            || self
                .grades
                .iter()
                .any(|g| g.name == name && g.spellings.iter().any(|s| s == printed))
    }

    /// Whether a printed grade is any grade of the policy, by name or spelling.
    pub fn knows_grade(&self, printed: &str) -> bool {
        self.grades.iter().any(|g| self.is_grade(printed, &g.name))
    }

    pub fn grade(&self, total: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .find(|g| g.contains(total))
            .map(|g| g.name.as_str())
    }

    /// The canonical level name for a label as written in a table: exact, alias, or a unique
    /// prefix of a known name (truncated labels).
    pub fn canonical_level(&self, label: &str) -> Option<String> {
        let label = level_label(label);
        let known = || {
            self.taxonomies.iter().flat_map(|t| {
                t.levels
                    .iter()
                    .flat_map(|(l1, l2s)| std::iter::once(l1).chain(l2s.iter()))
            })
        };
        if known().any(|n| *n == label) {
            return Some(label);
        }
        if let Some(canonical) = self.aliases.get(&label) {
            return Some(canonical.clone());
        }
        let min = self.prefix_min?;
        if label.chars().count() < min {
            return None;
        }
        let mut matches: Vec<&String> = known().filter(|n| n.starts_with(&label)).collect();
        matches.sort();
        matches.dedup();
        match matches.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    /// The level a label as written is scored under: its canonical level, or the label itself
    /// when it names none. Shared, not copied: every row of a batch carries one of a few labels.
    pub fn level_of(&self, label: &str) -> Arc<str> {
        self.level_info(label).level
    }

    /// The level of a label as written ([`Policy::level_of`]) with what the policy says of it,
    /// remembered with it: a table meets each of its labels anew, a batch the same few.
    pub fn level_info(&self, label: &str) -> LevelOf {
        if let Ok(known) = self.level_memo.0.read()
            && let Some(info) = known.get(label)
        {
            return info.clone();
        }
        // A label naming no level is scored under itself, without its points and numbering
        // (`项目决策(10分)` under `项目决策`), so its rows are told by their level's name.
        let level: Arc<str> = match self.canonical_level(label) {
            Some(known) => Arc::from(known),
            None => {
                let bare = level_label(label);
                if bare.is_empty() {
                    Arc::from(label)
                } else {
                    Arc::from(bare)
                }
            }
        };
        let info = LevelOf {
            is_level1: self.is_level1(&level),
            is_level2: self.is_level2(&level),
            rewritten: !label.is_empty() && label.trim() != &*level,
            level,
        };
        if let Ok(mut known) = self.level_memo.0.write()
            && known.len() < LEVEL_MEMO_LIMIT
        {
            known.insert(label.to_string(), info.clone());
        }
        info
    }

    /// Is `name` a level-1 indicator in any taxonomy?
    pub fn is_level1(&self, name: &str) -> bool {
        self.taxonomies
            .iter()
            .any(|t| t.levels.iter().any(|(l1, _)| l1 == name))
    }

    /// Is `name` a level-2 indicator in any taxonomy?
    pub fn is_level2(&self, name: &str) -> bool {
        self.taxonomies
            .iter()
            .any(|t| t.levels.iter().any(|(_, l2)| l2.iter().any(|n| n == name)))
    }

    /// The level-1 names under which `level2` is allowed.
    pub fn parents_of(&self, level2: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .taxonomies
            .iter()
            .flat_map(|t| t.levels.iter())
            .filter(|(_, l2)| l2.iter().any(|n| n == level2))
            .map(|(l1, _)| l1.as_str())
            .collect();
        out.dedup();
        out
    }

    pub fn allows(&self, level1: &str, level2: &str) -> bool {
        self.taxonomies.iter().any(|t| {
            t.levels
                .iter()
                .any(|(l1, l2)| l1 == level1 && l2.iter().any(|n| n == level2))
        })
    }

    pub fn severity_of(&self, check: &str, default: Severity) -> Severity {
        self.checks.get(check).copied().unwrap_or(default)
    }
}

/// Chooses the policy for a table of `year`: the one whose jurisdiction (when one is asked
/// for) and years match. None or several is an error naming the candidates.
pub fn select<'p>(
    policies: &'p [Policy],
    year: Option<u32>,
    jurisdiction: Option<&str>,
) -> Result<&'p Policy, String> {
    let in_place: Vec<&Policy> = policies
        .iter()
        .filter(|p| jurisdiction.is_none_or(|j| p.jurisdiction.as_deref() == Some(j)))
        .collect();
    let describe = |ps: &[&Policy]| {
        ps.iter()
            .map(|p| {
                let years = p.years.map_or("any year".to_string(), |y| y.to_string());
                format!(
                    "`{}` ({}, {years})",
                    p.name,
                    p.jurisdiction.as_deref().unwrap_or("no jurisdiction")
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(year) = year else {
        return match in_place.as_slice() {
            [one] => Ok(one),
            _ => Err(format!(
                "the table states no year, so no policy can be chosen among {}",
                describe(&in_place)
            )),
        };
    };
    let matching: Vec<&Policy> = in_place
        .iter()
        .copied()
        .filter(|p| p.years.is_none_or(|y| y.contains(year)))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] if in_place.is_empty() => Err(format!(
            "no policy{} is among the rules",
            jurisdiction.map_or(String::new(), |j| format!(" of {j}"))
        )),
        [] => Err(format!(
            "no policy covers {year}; the candidates are {}",
            describe(&in_place)
        )),
        several => Err(format!(
            "{} policies cover {year}: {}; name one with --policy or narrow with --jurisdiction",
            several.len(),
            describe(several)
        )),
    }
}

/// A level label as printed, made comparable: half-width, no spaces (`产 出 指 标`), no
/// numbering (`一、产出指标`, `（四）成本指标`, `1.数量指标`, `①`) and no score suffix
/// (`产出指标(50分)`, `满意度指标（10分）`).
pub fn level_label(label: &str) -> String {
    let spaced: String = crate::syntax::cell::normalise(label)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    split_points(without_numbering(&spaced)).0.to_string()
}

/// The points a level label gives its level (`产出指标(50分)`, `满意度指标（10分）`, 湖北's
/// `数量指标 15 分`): the weight its indicators should add up to.
pub fn label_weight(label: &str) -> Option<Decimal> {
    if !ends_in_points_or_bracket(label) {
        return None;
    }
    let spaced: String = crate::syntax::cell::normalise(label)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    split_points(without_numbering(&spaced))
        .1
        .and_then(|points| points.parse().ok())
}

/// Whether a label ends in 分 or a closing bracket, perhaps before spaces: a label stating its
/// points or only a score does, almost no other. Told by the last byte (分 ends in 86, `)` is
/// 29, `）` ends in 89) unless the label may end in a space, so most labels are ruled out
/// without being decoded: the scorer and the reader ask it of every level label.
#[inline]
pub fn ends_in_points_or_bracket(label: &str) -> bool {
    let bytes = label.as_bytes();
    let may_end_in_space = || {
        bytes
            .iter()
            .rev()
            .find(|b| (**b & 0xC0) != 0x80)
            .is_some_and(|b| crate::syntax::cell::may_begin_space(*b))
    };
    if !matches!(bytes.last(), Some(0x86 | b')' | 0x89)) && !may_end_in_space() {
        return false;
    }
    let end = label.trim_end();
    end.ends_with('分') || end.ends_with(')') || end.ends_with('）')
}

/// A compact label and the points after it, `(50分)` or `15分`. A label that is only its
/// points (`(50分)`, the second line of a merged label) is left whole.
fn split_points(compact: &str) -> (&str, Option<&str>) {
    let points = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    if let Some(body) = compact.strip_suffix("分)")
        && let Some(open) = body.rfind('(')
        && open > 0
        && let Some(inside) = body.get(open + 1..)
        && points(inside)
    {
        return (&compact[..open], Some(inside));
    }
    if let Some(body) = compact.strip_suffix('分') {
        let start = body
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
        if start > 0
            && let Some(digits) = body.get(start..)
            && points(digits)
        {
            return (&body[..start], Some(digits));
        }
    }
    (compact, None)
}

/// A label without the number an outline puts before it: `一、`, `十二、`, `(四)`, `(1)`, `1.`,
/// `2、`, `①`. A numeral not followed by such a mark is part of the label (`一级指标`).
fn without_numbering(label: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(rest) = label.strip_prefix('(')
        && let Some((inside, after)) = rest.split_once(')')
        && !inside.is_empty()
        && inside.chars().count() <= 3
        && inside.chars().all(numeral)
        && !after.is_empty()
    {
        return after;
    }
    if let Some(first) = label.chars().next()
        && ('\u{2460}'..='\u{2473}').contains(&first)
    {
        return &label[first.len_utf8()..];
    }
    let run = label.find(|c: char| !numeral(c)).unwrap_or(label.len());
    if run > 0
        && let Some(rest) = label[run..].strip_prefix(['、', '.', ')', ':'])
        && !rest.is_empty()
    {
        return rest;
    }
    label
}

/// A level cell holding only a score (`(50分)`, the second line of a merged label).
#[inline]
pub fn is_score_only(label: &str) -> bool {
    ends_in_points_or_bracket(label) && score_only(label)
}

/// [`is_score_only`] for a label that ends in 分 or a closing bracket.
fn score_only(label: &str) -> bool {
    // Only digits, points, brackets and 分 (in either width) and spaces can make one: a label
    // with any other character is ruled out without being compacted.
    let possible = label.contains('分')
        && label.chars().all(|c| {
            c.is_ascii() || c == '分' || c.is_whitespace() || ('\u{FF01}'..='\u{FF5E}').contains(&c)
        });
    if !possible {
        return false;
    }
    let compact = level_label(label);
    let inner = compact.trim_start_matches('(').trim_end_matches(')');
    inner.ends_with('分')
        && inner
            .trim_end_matches('分')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && inner.len() > "分".len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_a_long_decimal_matches_the_library() {
        use rust_decimal::RoundingStrategy;
        let modes = [
            (RoundingMode::HalfUp, RoundingStrategy::MidpointAwayFromZero),
            (RoundingMode::Truncate, RoundingStrategy::ToZero),
            (
                RoundingMode::HalfEven,
                RoundingStrategy::MidpointNearestEven,
            ),
        ];
        let mut values = vec![
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_parts(5, 0, 0, false, 1),
            Decimal::from_parts(15, 0, 0, true, 1),
            Decimal::from_parts(25, 0, 0, false, 1),
            Decimal::from_parts(125, 0, 0, false, 3),
            Decimal::from_parts(135, 0, 0, true, 3),
            Decimal::from_parts(0, 0, 0, true, 5),
            Decimal::from_parts(1, 0, 0, false, 28),
            Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 28),
        ];
        // Halves at every scale, and pseudo-random mantissas of every length and scale.
        for scale in 1..=28 {
            let half = 5 * 10u128.pow(scale - 1);
            for m in [half, half + 10u128.pow(scale), half - 1, 3 * half] {
                values.push(Decimal::from_i128_with_scale(m as i128, scale));
            }
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..4000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let bits = (u128::from(seed) << 32 | u128::from(seed >> 7)) >> (seed % 96);
            values.push(Decimal::from_parts(
                bits as u32,
                (bits >> 32) as u32,
                (bits >> 64) as u32,
                seed.is_multiple_of(3),
                (seed >> 8) as u32 % 29,
            ));
        }
        for value in values {
            for digits in 0..=6 {
                for (mode, strategy) in modes {
                    let mut want = value.round_dp_with_strategy(digits, strategy);
                    want.rescale(digits);
                    let got = Round { digits, mode }.apply(value);
                    assert_eq!(
                        got.serialize(),
                        want.serialize(),
                        "{value} to {digits} ({mode:?})"
                    );
                    assert_eq!(got.to_string(), want.to_string());
                }
            }
        }
    }

    #[test]
    fn a_level_label_is_read_without_its_outline_number() {
        for (written, label) in [
            ("一、产出指标", "产出指标"),
            ("十二、满意度指标", "满意度指标"),
            ("（四）成本指标", "成本指标"),
            ("(1)数量指标", "数量指标"),
            ("1.数量指标", "数量指标"),
            ("2、质量指标", "质量指标"),
            ("①时效指标", "时效指标"),
            ("三、效益指标（30分）", "效益指标"),
            ("一级指标", "一级指标"),
            ("十大民生工程", "十大民生工程"),
            ("(50分)", "(50分)"),
            ("数量指标 15 分", "数量指标"),
            ("项目决策 2 分", "项目决策"),
            ("50分", "50分"),
        ] {
            assert_eq!(level_label(written), label, "{written}");
        }
    }

    #[test]
    fn a_level_label_gives_the_points_written_after_it() {
        use rust_decimal_macros::dec;
        for (written, points) in [
            ("产出指标(50分)", Some(dec!(50))),
            ("三、效益指标（30分）", Some(dec!(30))),
            ("满意度指标（１０分）", Some(dec!(10))),
            ("数量指标 15 分", Some(dec!(15))),
            ("项目管理13分", Some(dec!(13))),
            ("质量指标(12.5分)", Some(dec!(12.5))),
            ("产出指标", None),
            ("(50分)", None),
            ("50分", None),
            ("满分", None),
            ("产出指标(分)", None),
            ("指标1", None),
        ] {
            assert_eq!(label_weight(written), points, "{written}");
        }
    }

    #[test]
    fn a_level_cell_holding_only_its_score_is_told_from_a_label() {
        for only in ["(50分)", "（５０分）", "50分", "( 30.5 分 )", "50分(50分)"] {
            assert!(is_score_only(only), "{only}");
        }
        for label in [
            "产出指标(50分)",
            "产出指标",
            "分",
            "满分",
            "(分)",
            "50",
            "效益指标（30分）",
        ] {
            assert!(!is_score_only(label), "{label}");
        }
    }

    fn policy(name: &str, jurisdiction: &str, from: u32, to: Option<u32>) -> Policy {
        let mut p = crate::check::default_policy().expect("built-in policy");
        p.name = name.into();
        p.jurisdiction = Some(jurisdiction.into());
        p.years = Some(YearRange { from, to });
        p
    }

    #[test]
    fn the_policy_of_the_tables_year_is_chosen_and_ambiguity_names_the_candidates() {
        let ps = [
            policy("n2011", "全国", 2011, Some(2019)),
            policy("n2020", "全国", 2020, None),
            policy("jx", "江西", 2017, Some(2019)),
        ];
        assert_eq!(
            select(&ps, Some(2023), None).map(|p| p.name.as_str()),
            Ok("n2020")
        );
        assert_eq!(
            select(&ps, Some(2018), Some("江西")).map(|p| p.name.as_str()),
            Ok("jx")
        );
        let both = select(&ps, Some(2018), None).unwrap_err();
        assert!(both.contains("`n2011`") && both.contains("`jx`"), "{both}");
        let none = select(&ps, Some(2010), Some("全国")).unwrap_err();
        assert!(
            none.contains("no policy covers 2010") && none.contains("`n2020`"),
            "{none}"
        );
        assert!(select(&ps, None, None).is_err());
    }
}
