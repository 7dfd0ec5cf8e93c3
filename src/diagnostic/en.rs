//! The English catalogue: message, label and help for every [`Problem`].
//! Messages are lowercase without a final period; user input is in backticks.

use super::problem::{CurveFlaw, Kind, Note, Problem};

/// What a user reads about one problem.
pub struct Text {
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

pub fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Unit => "unit",
        Kind::Curve => "curve",
        Kind::Level => "indicator level",
        Kind::Grade => "grade",
        Kind::Tiers => "tier set",
        Kind::Tier => "tier",
        Kind::Policy => "policy",
        Kind::Check => "check",
        Kind::Denominator => "budget column",
        Kind::Taxonomy => "taxonomy",
        Kind::Rule => "rule",
        Kind::Alias => "alias",
        Kind::Weight => "weight",
        Kind::Word => "vocabulary word",
        Kind::Indicator => "indicator",
        Kind::Setting => "setting",
    }
}

/// `between 80 and 90`, or `at 90` when both ends are one point.
fn between(low: rust_decimal::Decimal, high: rust_decimal::Decimal, unit: &str) -> String {
    if low == high {
        format!("at {low}{unit}")
    } else {
        format!("between {low}{unit} and {high}{unit}")
    }
}

/// ` (元/人)` after a unit, unless the dimension says nothing more than the unit itself.
fn dimension(unit: &str, dimension: &str) -> String {
    if unit == dimension {
        String::new()
    } else {
        format!(" ({dimension})")
    }
}

fn suggest(suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| format!("did you mean `{s}`?"))
}

pub fn text(problem: &Problem) -> Text {
    let t = |message: String, label: &str, help: Option<String>| Text {
        message,
        label: label.to_string(),
        help,
    };
    match problem {
        Problem::Syntax { expected, found } => {
            let expected = match expected.as_slice() {
                [] => "something else".to_string(),
                [one] => one.clone(),
                [init @ .., last] => format!("{} or {}", init.join(", "), last),
            };
            t(
                format!("expected {expected}, found {found}"),
                &format!("expected {expected} here"),
                Some("check the statement against docs/language.md; every block is written `keyword { … }`".into()),
            )
        }
        Problem::SyntaxLimit { shown } => t(
            format!("stopped after {shown} syntax errors; the rest of the file was not read"),
            "the last error reported",
            Some("fix the errors above and check again".into()),
        ),
        Problem::InvalidUtf8 { valid_up_to, utf16 } => t(
            if *utf16 {
                "the file is UTF-16, not UTF-8".to_string()
            } else {
                format!("the file is not valid UTF-8 at byte {valid_up_to}")
            },
            "the text stops being UTF-8 here",
            Some("save the policy as UTF-8 (in Notepad: Save As → Encoding: UTF-8)".into()),
        ),
        Problem::FileUnreadable { path, reason } => t(
            format!("cannot read `{path}`: {reason}"),
            "this file",
            Some("check the path (relative paths start in the current folder) and that the file can be opened; a folder is searched for `.jx` files".into()),
        ),
        Problem::NumberTooLarge { text } => t(
            format!("the number `{text}` is too large or too precise to represent exactly"),
            "this number",
            Some("numbers may have at most 28 significant digits; write a smaller number or a larger unit (万, 亿)".into()),
        ),
        Problem::Unknown { kind: k, name, suggestion } => {
            let help = suggest(suggestion).or_else(|| {
                Some(match k {
                    Kind::Unit => "declare it in the `units` block, e.g. `万件 = 10000 件` or `base 件`".into(),
                    Kind::Curve => "define it with `curve NAME = …` or use a curve the policy defines".into(),
                    Kind::Level => "use a level declared in a `taxonomy` block, or add an alias in `labels`".into(),
                    Kind::Grade => "use a grade declared in the `grades` block".into(),
                    Kind::Tiers => "define it with `tiers NAME { … }`".into(),
                    Kind::Tier => "name a tier of the tier set `scoring { qualitative … }` uses".into(),
                    Kind::Policy => "the parent must be a policy in the same folder or a built-in one (`national-2020`)".into(),
                    Kind::Check => "`jixiao explain --list` shows every check name".into(),
                    Kind::Denominator => "use `全年预算数`, `年初预算数` or `实际到位资金`".into(),
                    _ => "check the spelling".into(),
                })
            });
            t(format!("unknown {} `{name}`", kind(*k)), &format!("no {} is called this", kind(*k)), help)
        }
        Problem::Duplicate { kind: k, name } => t(
            format!("{} `{name}` is defined twice", kind(*k)),
            "defined again here",
            Some("remove one of the definitions, or give them different names".into()),
        ),
        Problem::IncompatibleDimensions { left, left_dimension, right, right_dimension } => t(
            format!("`{left}`{} cannot be compared with `{right}`{}", dimension(left, left_dimension), dimension(right, right_dimension)),
            "the units do not match",
            Some("use units of one dimension; 万件 and 件 convert, 万元 and 件 do not".into()),
        ),
        Problem::UnitCycle { name } => t(
            format!("the unit `{name}` is defined in terms of itself"),
            "this definition leads back to itself",
            Some("define every unit from a `base` unit, e.g. `万件 = 10000 件`".into()),
        ),
        Problem::WeightsSum { scope, sum, expected, tolerance } => t(
            format!("the weights of {scope} add up to {sum}, not {expected}"),
            &format!("these add up to {sum}"),
            Some(if tolerance.is_zero() {
                format!("change the weights so they add up to exactly {expected}")
            } else {
                format!("change the weights so they add up to {expected} (± {tolerance})")
            }),
        ),
        Problem::LevelNotAllowed { level1, level2, allowed } => t(
            format!("`{level2}` is not a level-2 indicator of `{level1}`"),
            "not allowed here",
            Some(format!("under `{level1}` the taxonomy allows: {}", allowed.join(", "))),
        ),
        Problem::GradeGap { low, high, example } => t(
            format!("scores between {low} and {high} fall in no grade band (e.g. {example})"),
            "the gap starts after this band",
            Some("close the gap: make one band's end meet the next one's, e.g. `良 [80, 90)` and `优 [90, 100]`".into()),
        ),
        Problem::GradeOverlap { first, second, low, high } => t(
            format!("grades `{first}` and `{second}` overlap {}", between(*low, *high, "")),
            "overlaps another band",
            Some("make the shared end inclusive in one band and exclusive in the other: `[80, 90)` and `[90, 100]`".into()),
        ),
        Problem::GradeCoverage { low, high, example } => t(
            format!("the grade bands do not cover 0–100: scores from {low} to {high} get no grade (e.g. {example})"),
            if low.is_zero() { "the lowest band starts here" } else { "the highest band ends here" },
            Some("extend the lowest band down to 0 and the highest up to 100".into()),
        ),
        Problem::EmptyInterval { low, high } => t(
            format!("the interval from {low} to {high} contains no value"),
            "empty interval",
            Some("write the lower end first, e.g. `[60, 80)`".into()),
        ),
        Problem::CurveNotMonotone { curve, at, unit } => t(
            format!("curve `{curve}` gives a better result for a worse value near {at}{unit}"),
            "the score turns back here",
            Some("a partial-credit curve must never reward doing worse; order the points or steps so scores only move one way".into()),
        ),
        Problem::CurveExceedsWeight { curve, max } => t(
            format!("curve `{curve}` can give {max}, more than the indicator's weight"),
            "this output is above the weight",
            Some("write every output within the weight: shares at most 100%, points at most the weight".into()),
        ),
        Problem::CurveBelowZero { curve, min } => t(
            if min.starts_with("no ") {
                format!("curve `{curve}` can go below zero, without limit")
            } else {
                format!("curve `{curve}` can go below zero (down to {min})")
            },
            "this can go negative",
            Some("add `floor 0` so deductions stop at zero (扣完为止)".into()),
        ),
        Problem::CurveGap { curve, example, unit } => t(
            format!("curve `{curve}` gives no score for some values (e.g. {example}{unit})"),
            "no step covers this value",
            Some("add a last step `otherwise -> 0` or extend the steps to cover every value".into()),
        ),
        Problem::CurveParameter { curve, reason } => {
            let (message, help) = match reason {
                CurveFlaw::ZeroStep => ("deducts per a step of zero", "the step after `per` must be larger than 0"),
                CurveFlaw::TooFewPoints => ("has fewer than two points", "a linear curve needs at least two points"),
                CurveFlaw::PointsOutOfOrder => ("has points out of order", "write the points with strictly increasing values on the left"),
                CurveFlaw::UnreachableStep => ("has a step no value can reach", "an earlier step already takes every value this one would; reorder or remove it"),
                CurveFlaw::NoMeasure => ("reads no measure, so it cannot say how much an over-achievement loses", "name a `deduct`, `linear` or `steps` curve that reads `deviation`, e.g. `curve 超额扣分 = deduct 1 per 10% of deviation above 30% floor 0`"),
            };
            let label = match reason {
                CurveFlaw::ZeroStep => "a step of 0",
                CurveFlaw::TooFewPoints => "needs a second point",
                CurveFlaw::PointsOutOfOrder => "not after the point before it",
                CurveFlaw::UnreachableStep => "never reached",
                CurveFlaw::NoMeasure => "all-or-nothing or proportional",
            };
            t(format!("curve `{curve}` {message}"), label, Some(help.into()))
        }
        Problem::TierOverlap { first, second, low, high } => t(
            format!("tiers `{first}` and `{second}` overlap {}", between(*low, *high, "%")),
            "overlaps another tier",
            Some("make the shared end inclusive in one tier only: `[80%, 100%]` and `[60%, 80%)`".into()),
        ),
        Problem::TierGap { low, high, example } => t(
            format!("shares between {low}% and {high}% belong to no tier (e.g. {example}%)"),
            "the tiers leave a gap",
            Some("make the tiers meet: one tier's end is the next one's start".into()),
        ),
        Problem::WordInTwoTiers { word, first, second } => t(
            format!("`{word}` is listed in both tier `{first}` and tier `{second}`"),
            "listed again here",
            Some("a word must name exactly one tier; remove it from one of them".into()),
        ),
        Problem::TierDefaultOutside { tier, default } => t(
            format!("the default {default}% of tier `{tier}` lies outside the tier"),
            "outside the tier's interval",
            Some("choose a default inside the tier's interval".into()),
        ),
        Problem::RoundingDigits { digits, max } => t(
            format!("cannot round to {digits} decimals"),
            "too many decimals",
            Some(format!("use 0 to {max} decimals")),
        ),
        Problem::ExtendsCycle { chain } => t(
            format!("policies extend each other in a cycle: {}", chain.join(" → ")),
            "this `extends` closes the cycle",
            Some("a policy may only extend one that does not extend it back".into()),
        ),
        Problem::OverrideUndefined { kind: k, name, parent, removing: true } => t(
            format!("`remove` names a {} `{name}` that `{parent}` does not define", kind(*k)),
            "nothing to remove",
            Some(format!("check the spelling against `{parent}`")),
        ),
        Problem::OverrideUndefined { kind: k, name, parent, removing: false } => t(
            format!("`{name}` overrides a {} that `{parent}` does not define", kind(*k)),
            "nothing to override",
            Some(format!("remove `override` to add a new {}, or check the spelling against `{parent}`", kind(*k))),
        ),
        Problem::MissingOverride { kind: k, name, parent } => t(
            format!("{} `{name}` is already defined by `{parent}`", kind(*k)),
            "redefined without `override`",
            Some("write `override` before it to replace the parent's definition".into()),
        ),
        Problem::OverrideWithoutParent => t(
            "`override` in a policy that extends no other".into(),
            "nothing to override",
            Some("add `extends PARENT` to the policy header, or remove `override`".into()),
        ),
        Problem::PolicyHeader { count } => t(
            if *count == 0 {
                "the file has no `policy` header".into()
            } else {
                format!("the file has {count} `policy` headers")
            },
            if *count == 0 { "this item has no `policy` header before it" } else { "a second `policy` header" },
            Some("a policy file starts with exactly one `policy NAME { … }`; a targets file has only `project` blocks".into()),
        ),
        Problem::IncompletePolicy { missing } => t(
            format!("the policy cannot score a table: it does not define {}", missing.join(", ")),
            "this policy",
            Some("define the missing parts, or `extends national-2020` to inherit them".into()),
        ),
        Problem::Unused { kind: k, name } => t(
            format!("{} `{name}` is never used", kind(*k)),
            "defined here",
            Some("use it in `scoring`, `budget` or a `rule`, or remove it".into()),
        ),
        Problem::BandEndsInconsistent => t(
            "band ends are written inconsistently".into(),
            "this band closes the other end",
            Some("write every band the same way, lower end included: `[80, 90)`".into()),
        ),
        Problem::UnquantifiedTarget { indicator, level } => t(
            format!("`{indicator}` has a qualitative target where `{level}` requires a number"),
            "not a number",
            Some("财预〔2021〕101号 asks for quantified targets: write e.g. `≥ 95%`".into()),
        ),
    }
}

pub fn note(note: &Note) -> String {
    match note {
        Note::FirstDefinedHere => "first defined here".into(),
        Note::Contributes(w) => format!("{w}"),
        Note::ThisBand(name) => format!("band `{name}`"),
        Note::ThisTier(name) => format!("tier `{name}`"),
        Note::PreviousPoint => "compared with this".into(),
        Note::ReachesHere(v) => format!("reaches {v}"),
        Note::AlsoInTier(name) => format!("also in tier `{name}`"),
    }
}
