//! The abstract syntax tree of a `.jx` file. Every node that a diagnostic can point at carries
//! a [`Span`]: byte offsets into the file's text.

// The tree is built once per file and read a few times; boxing variants would only add noise.
#![allow(clippy::large_enum_variant)]

use rust_decimal::Decimal;

/// Byte range `start..end` in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A name or a quoted label as written: `产出指标`, `"结余率(结余数/预算数)"`.
pub type Name = Spanned<String>;

/// A whole file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Marked `override`: replaces what a parent policy defines.
    pub overrides: Option<Span>,
    pub kind: ItemKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    Policy(PolicyHeader),
    Project(Project),
    Units(Vec<UnitEntry>),
    Taxonomy(TaxonomyDef),
    Labels(Vec<LabelEntry>),
    Weights(Vec<WeightEntry>),
    Tiers(TierSetDef),
    Curve(CurveDef),
    Scoring(Vec<ScoringEntry>),
    Deviation(Vec<DeviationEntry>),
    Budget(Vec<BudgetEntry>),
    Rounding(Vec<RoundingEntry>),
    Grades(Vec<GradeDef>),
    Checks(Vec<CheckEntry>),
    Remove {
        what: Spanned<Removable>,
        name: Name,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removable {
    Curve,
    Tiers,
    Rule,
    Grade,
    Unit,
    Taxonomy,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyHeader {
    pub name: Name,
    pub extends: Option<Name>,
    pub title: Option<Spanned<String>>,
    pub jurisdiction: Option<Spanned<String>>,
    pub basis: Vec<Spanned<String>>,
    pub years: Option<Spanned<YearRange>>,
}

/// `2020`, `2017..2019`, `2020..` (open-ended).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    pub from: u32,
    pub to: Option<u32>,
}

impl YearRange {
    pub fn contains(&self, year: u32) -> bool {
        year >= self.from && self.to.is_none_or(|to| year <= to)
    }
}

/// As a policy writes it: `2020`, `2017..2019`, `2020..`.
impl std::fmt::Display for YearRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to {
            Some(to) if to == self.from => write!(f, "{to}"),
            Some(to) => write!(f, "{}..{to}", self.from),
            None => write!(f, "{}..", self.from),
        }
    }
}

/// A number with an optional unit expression: `10%`, `5分`, `2万件`.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub number: Spanned<Decimal>,
    pub unit: Option<UnitExpr>,
    pub span: Span,
}

/// `元/人*月`: the first unit, then each further unit with its operator.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitExpr {
    pub first: Name,
    pub rest: Vec<(UnitOp, Name)>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitOp {
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Comparator {
    #[serde(rename = "≥")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
        }
    }
    /// Less is better (≤, <): cost caps, complaint rates, time limits.
    pub fn is_reverse(self) -> bool {
        matches!(self, Comparator::Le | Comparator::Lt)
    }
}

/// `[80%, 100%)`: ends inclusive `[ ]` or exclusive `( )`.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    pub low: Amount,
    pub low_closed: bool,
    pub high: Amount,
    pub high_closed: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnitEntry {
    Base(Vec<Name>),
    /// `万件 = 10000 件`; a missing factor means 1 (an alias).
    Def {
        name: Name,
        factor: Option<Spanned<Decimal>>,
        of: Name,
        span: Span,
    },
    Unitless(Spanned<UnitlessRule>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitlessRule {
    TakeTarget,
    Unscorable,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaxonomyDef {
    pub name: Name,
    pub levels: Vec<(Name, Vec<Name>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LabelEntry {
    Alias { alias: Name, canonical: Name },
    Prefix(Spanned<u32>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum WeightEntry {
    Item {
        label: Name,
        weight: Spanned<Decimal>,
    },
    Total {
        total: Spanned<Decimal>,
        tolerance: Option<Spanned<Decimal>>,
        severity: Option<Spanned<Severity>>,
        span: Span,
    },
    Absent {
        level: Name,
        to: Vec<Name>,
        split: Spanned<SplitRule>,
        span: Span,
    },
    NotApplicable(Spanned<NotApplicableRule>),
    Either(Name, Name),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitRule {
    Proportional,
    Equal,
    UnitChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotApplicableRule {
    Skip,
    Renormalise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierSetDef {
    pub name: Name,
    pub tiers: Vec<TierDef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierDef {
    pub name: Name,
    pub interval: Interval,
    pub default: Option<Amount>,
    pub words: Vec<Name>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurveDef {
    pub name: Name,
    pub form: Spanned<CurveForm>,
    pub limits: Vec<(Spanned<Limit>, Amount)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Floor,
    Cap,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CurveForm {
    AllOrNothing,
    Proportional {
        zero_actual: Option<Spanned<ZeroActual>>,
    },
    Linear {
        measure: Spanned<Measure>,
        points: Vec<(Amount, Amount)>,
    },
    Steps {
        measure: Spanned<Measure>,
        steps: Vec<Step>,
    },
    Deduct(Deduct),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroActual {
    Full,
    Zero,
}

/// What a curve is read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// The actual value itself (for the budget block: the execution rate in %).
    Actual,
    /// actual ÷ target (target ÷ actual for ≤ targets), in %.
    Ratio,
    /// (actual − target) ÷ target, signed, in %.
    Deviation,
    /// |deviation|, in %.
    AbsDeviation,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `None` for `otherwise`.
    pub bound: Option<(Spanned<Comparator>, Amount)>,
    pub output: StepOutput,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepOutput {
    Amount(Amount),
    Deduct(Deduct),
}

/// `deduct 1 per 5% below 90% whole-steps from 10`.
#[derive(Debug, Clone, PartialEq)]
pub struct Deduct {
    pub points: Amount,
    pub per: Amount,
    pub measure: Option<Spanned<Measure>>,
    pub side: Spanned<Side>,
    pub threshold: Amount,
    pub counting: Option<Spanned<Counting>>,
    pub from: Option<Amount>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Below,
    Above,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    WholeSteps,
    ProRata,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScoringEntry {
    Quantitative(Name),
    Qualitative(Name),
    NoComparator {
        reads_as: Spanned<Comparator>,
        under: Vec<Name>,
        /// Which targets under those levels the reading is for (`for amounts`).
        applies: ReadingFor,
        /// Endings of indicator names (`named 差错率, 投诉率`), instead of levels.
        named: Vec<Name>,
        span: Span,
    },
    EqualTarget(Spanned<EqualTarget>),
    Unscorable(Spanned<UnscorableRule>),
    Late(Spanned<LateRule>),
    RequireNumber(Vec<Name>, Span),
    /// `judged under LEVEL, …`: rows scored by the table against the policy's 评分标准.
    Judged(Vec<Name>, Span),
    Rule {
        name: Name,
        conditions: Vec<Condition>,
        curve: Name,
        span: Span,
    },
}

/// Which bare targets a `no-comparator … under` reading is for: all of them, amounts (a
/// figure in any unit but a share: `50万元`, not `100%`), or durations (`3个月`, `30个工作日`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadingFor {
    #[default]
    All,
    Amounts,
    Durations,
}

impl ReadingFor {
    /// As written after `for`, for keys and messages.
    pub fn word(self) -> &'static str {
        match self {
            ReadingFor::All => "",
            ReadingFor::Amounts => "amounts",
            ReadingFor::Durations => "durations",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EqualTarget {
    AtLeast,
    Exact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnscorableRule {
    KeepReported,
    Zero,
}

/// `late …`: what a deadline missed (`2023年11月底前` → `12月15日完成`) earns.
#[derive(Debug, Clone, PartialEq)]
pub enum LateRule {
    Zero,
    /// Left to `unscorable`, as the table cannot say how much a late completion is worth.
    Unscorable,
    /// Scored in this tier of the qualitative tier set (`late 部分达成`).
    Tier(Name),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Level(Name),
    NameContains(Spanned<String>),
    Unit(Name),
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeviationEntry {
    ReasonAbove(Amount),
    ReasonWhenMissed(Spanned<bool>),
    /// `reverse-targets mirrored` (true) or `exempt` (false).
    ReverseTargets(Spanned<bool>),
    Deduct(Name),
}

#[derive(Debug, Clone, PartialEq)]
pub enum BudgetEntry {
    Denominator(Vec<Name>, Span),
    Curve(Name),
    Weight(Spanned<Decimal>),
    Subrows(Spanned<SubrowRule>),
    ZeroBudget(Spanned<UnscorableRule>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubrowRule {
    SumWhenTotalEmpty,
    Ignore,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RoundingEntry {
    Step {
        quantity: Spanned<RoundedQuantity>,
        digits: Spanned<u32>,
        mode: Spanned<RoundingMode>,
        span: Span,
    },
    GradeFrom(Spanned<GradeFrom>),
    BudgetScoreFrom(Spanned<BudgetScoreFrom>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundedQuantity {
    Rate,
    Indicator,
    BudgetScore,
    Total,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingMode {
    HalfUp,
    Truncate,
    HalfEven,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeFrom {
    Rounded,
    Exact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetScoreFrom {
    ExactRate,
    RoundedRate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GradeDef {
    pub name: Name,
    pub interval: Interval,
    /// Other spellings of the grade that tables print (`优秀` for `优`).
    pub spellings: Vec<Name>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckEntry {
    pub name: Name,
    pub severity: Spanned<Severity>,
}

/// A project's declared performance targets (绩效目标), checked against a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: Name,
    pub year: Option<Spanned<u32>>,
    pub policy: Option<Name>,
    pub department: Option<Spanned<String>>,
    pub budget: Option<ProjectBudget>,
    pub indicators: Vec<DeclaredIndicator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectBudget {
    pub amount: Spanned<Decimal>,
    pub unit: Option<UnitExpr>,
    pub weight: Option<Spanned<Decimal>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredIndicator {
    pub level1: Name,
    pub level2: Name,
    pub name: Name,
    pub target: Spanned<DeclaredTarget>,
    pub weight: Spanned<Decimal>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclaredTarget {
    Quantity {
        comparator: Option<Spanned<Comparator>>,
        amount: Amount,
    },
    Text(String),
}
