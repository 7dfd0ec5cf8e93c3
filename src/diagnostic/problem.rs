//! What a check found, as data. The words a user reads are produced from these values in
//! [`super::en`]; a second language is a second catalogue, and no check changes.

use rust_decimal::Decimal;

/// The kind of thing a name refers to, for messages like "unknown curve `x`".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Unit,
    Curve,
    Level,
    Grade,
    Tiers,
    /// One tier of a tier set.
    Tier,
    Policy,
    Check,
    Denominator,
    Taxonomy,
    Rule,
    Alias,
    Weight,
    Word,
    Indicator,
    Setting,
}

/// One problem found in a policy or targets file.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// E0001
    Syntax {
        expected: Vec<String>,
        found: String,
    },
    /// E0002
    InvalidUtf8 { valid_up_to: usize, utf16: bool },
    /// E0001, once: parsing stopped after this many syntax errors.
    SyntaxLimit { shown: usize },
    /// E0003
    NumberTooLarge { text: String },
    /// E0004: a policy file named on the command line, or found beside it, cannot be read.
    FileUnreadable { path: String, reason: String },
    /// E0101..E0108
    Unknown {
        kind: Kind,
        name: String,
        suggestion: Option<String>,
    },
    /// E0109
    Duplicate { kind: Kind, name: String },
    /// E0201
    IncompatibleDimensions {
        left: String,
        left_dimension: String,
        right: String,
        right_dimension: String,
    },
    /// E0202
    UnitCycle { name: String },
    /// E0301
    WeightsSum {
        scope: String,
        sum: Decimal,
        expected: Decimal,
        tolerance: Decimal,
    },
    /// E0302
    LevelNotAllowed {
        level1: String,
        level2: String,
        allowed: Vec<String>,
    },
    /// E0401
    GradeGap {
        low: Decimal,
        high: Decimal,
        example: Decimal,
    },
    /// E0402
    GradeOverlap {
        first: String,
        second: String,
        low: Decimal,
        high: Decimal,
    },
    /// E0403
    GradeCoverage {
        low: Decimal,
        high: Decimal,
        example: Decimal,
    },
    /// E0404
    EmptyInterval { low: Decimal, high: Decimal },
    /// E0501
    CurveNotMonotone {
        curve: String,
        at: Decimal,
        unit: String,
    },
    /// E0502
    CurveExceedsWeight { curve: String, max: String },
    /// E0503
    CurveBelowZero { curve: String, min: String },
    /// E0504
    CurveGap {
        curve: String,
        example: Decimal,
        unit: String,
    },
    /// E0505
    CurveParameter { curve: String, reason: CurveFlaw },
    /// E0601
    TierOverlap {
        first: String,
        second: String,
        low: Decimal,
        high: Decimal,
    },
    /// E0602
    TierGap {
        low: Decimal,
        high: Decimal,
        example: Decimal,
    },
    /// E0603
    WordInTwoTiers {
        word: String,
        first: String,
        second: String,
    },
    /// E0604
    TierDefaultOutside { tier: String, default: Decimal },
    /// E0701
    RoundingDigits { digits: u32, max: u32 },
    /// E0801
    ExtendsCycle { chain: Vec<String> },
    /// E0802
    OverrideUndefined {
        kind: Kind,
        name: String,
        parent: String,
        /// Written as `remove`, not `override`.
        removing: bool,
    },
    /// E0803
    MissingOverride {
        kind: Kind,
        name: String,
        parent: String,
    },
    /// E0804
    OverrideWithoutParent,
    /// E0901
    PolicyHeader { count: usize },
    /// E0902
    IncompletePolicy { missing: Vec<&'static str> },
    /// W0001
    Unused { kind: Kind, name: String },
    /// W0002
    BandEndsInconsistent,
    /// W0003
    UnquantifiedTarget { indicator: String, level: String },
}

/// Why a curve's parameters cannot work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurveFlaw {
    /// `deduct 1 per 0`.
    ZeroStep,
    /// `linear` with fewer than two points.
    TooFewPoints,
    /// `linear` with x values not strictly increasing.
    PointsOutOfOrder,
    /// A step that no value can reach, because an earlier step catches everything it would.
    UnreachableStep,
    /// An over-achievement deduction naming a curve that reads no measure.
    NoMeasure,
}

impl Problem {
    /// The stable code of this problem.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Syntax { .. } | Problem::SyntaxLimit { .. } => "E0001",
            Problem::InvalidUtf8 { .. } => "E0002",
            Problem::NumberTooLarge { .. } => "E0003",
            Problem::FileUnreadable { .. } => "E0004",
            Problem::Unknown { kind, .. } => match kind {
                Kind::Unit => "E0101",
                Kind::Curve => "E0102",
                Kind::Grade => "E0104",
                Kind::Tiers => "E0105",
                Kind::Tier => "E0110",
                Kind::Policy => "E0106",
                Kind::Check => "E0107",
                Kind::Denominator => "E0108",
                // Levels and everything named after a level (aliases, weights, taxonomies).
                _ => "E0103",
            },
            Problem::Duplicate { .. } => "E0109",
            Problem::IncompatibleDimensions { .. } => "E0201",
            Problem::UnitCycle { .. } => "E0202",
            Problem::WeightsSum { .. } => "E0301",
            Problem::LevelNotAllowed { .. } => "E0302",
            Problem::GradeGap { .. } => "E0401",
            Problem::GradeOverlap { .. } => "E0402",
            Problem::GradeCoverage { .. } => "E0403",
            Problem::EmptyInterval { .. } => "E0404",
            Problem::CurveNotMonotone { .. } => "E0501",
            Problem::CurveExceedsWeight { .. } => "E0502",
            Problem::CurveBelowZero { .. } => "E0503",
            Problem::CurveGap { .. } => "E0504",
            Problem::CurveParameter { .. } => "E0505",
            Problem::TierOverlap { .. } => "E0601",
            Problem::TierGap { .. } => "E0602",
            Problem::WordInTwoTiers { .. } => "E0603",
            Problem::TierDefaultOutside { .. } => "E0604",
            Problem::RoundingDigits { .. } => "E0701",
            Problem::ExtendsCycle { .. } => "E0801",
            Problem::OverrideUndefined { .. } => "E0802",
            Problem::MissingOverride { .. } => "E0803",
            Problem::OverrideWithoutParent => "E0804",
            Problem::PolicyHeader { .. } => "E0901",
            Problem::IncompletePolicy { .. } => "E0902",
            Problem::Unused { .. } => "W0001",
            Problem::BandEndsInconsistent => "W0002",
            Problem::UnquantifiedTarget { .. } => "W0003",
        }
    }
}

/// A secondary label: a further place that explains the problem.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    FirstDefinedHere,
    Contributes(Decimal),
    ThisBand(String),
    ThisTier(String),
    PreviousPoint,
    ReachesHere(String),
    AlsoInTier(String),
}
