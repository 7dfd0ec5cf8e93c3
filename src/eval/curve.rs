//! Partial-credit curves as functions. Shared by the evaluator and by the checker, which
//! samples them to prove they are monotone and bounded.

use rust_decimal::Decimal;

use crate::policy::{CurveForm, Deduction, Output, Step, StepOutput};
use crate::syntax::ast::{Comparator, Counting, Side};

/// A curve's value at `x` (on its measure), in points for an indicator of `weight`.
/// `None` when no step covers `x` or the arithmetic overflows.
pub fn points_at(form: &CurveForm, x: Decimal, weight: Decimal) -> Option<Decimal> {
    match form {
        CurveForm::AllOrNothing | CurveForm::Proportional { .. } => None,
        CurveForm::Linear { points, .. } => linear(points, x, weight),
        CurveForm::Steps { steps, .. } => step(steps, x, weight),
        CurveForm::Deduct(d) => deduct(d, x, weight),
    }
}

fn linear(points: &[(Decimal, Output)], x: Decimal, weight: Decimal) -> Option<Decimal> {
    let (first, last) = (points.first()?, points.last()?);
    if x <= first.0 {
        return first.1.points(weight);
    }
    if x >= last.0 {
        return last.1.points(weight);
    }
    for pair in points.windows(2) {
        let [(x0, y0), (x1, y1)] = pair else { continue };
        if x >= *x0 && x <= *x1 {
            let (y0, y1) = (y0.points(weight)?, y1.points(weight)?);
            let span = x1.checked_sub(*x0)?;
            if span.is_zero() {
                return Some(y1);
            }
            let t = x.checked_sub(*x0)?.checked_div(span)?;
            return y0.checked_add(y1.checked_sub(y0)?.checked_mul(t)?);
        }
    }
    last.1.points(weight)
}

pub fn holds(cmp: Comparator, x: Decimal, bound: Decimal) -> bool {
    match cmp {
        Comparator::Ge => x >= bound,
        Comparator::Gt => x > bound,
        Comparator::Le => x <= bound,
        Comparator::Lt => x < bound,
        Comparator::Eq => x == bound,
    }
}

/// The index of the step that takes `x`.
pub fn step_index(steps: &[Step], x: Decimal) -> Option<usize> {
    steps
        .iter()
        .position(|s| s.bound.is_none_or(|(cmp, b)| holds(cmp, x, b)))
}

fn step(steps: &[Step], x: Decimal, weight: Decimal) -> Option<Decimal> {
    let step = steps.get(step_index(steps, x)?)?;
    match &step.output {
        StepOutput::Fixed(o) => o.points(weight),
        StepOutput::Deduct(d) => deduct(d, x, weight),
    }
}

/// `deduct P per S below|above T [whole-steps|pro-rata] [from B]`.
pub fn deduct(d: &Deduction, x: Decimal, weight: Decimal) -> Option<Decimal> {
    let base = match d.from {
        Some(from) => from.points(weight)?,
        None => weight,
    };
    let distance = match d.side {
        Side::Below => d.threshold.checked_sub(x)?,
        Side::Above => x.checked_sub(d.threshold)?,
    }
    .max(Decimal::ZERO);
    let mut steps = distance.checked_div(d.per)?;
    if d.counting == Counting::WholeSteps {
        steps = steps.floor();
    }
    base.checked_sub(d.points.points(weight)?.checked_mul(steps)?)
}

/// Applies a curve's floor and cap.
pub fn limit(
    points: Decimal,
    floor: Option<Output>,
    cap: Option<Output>,
    weight: Decimal,
) -> Decimal {
    let mut p = points;
    if let Some(cap) = cap.and_then(|c| c.points(weight)) {
        p = p.min(cap);
    }
    if let Some(floor) = floor.and_then(|f| f.points(weight)) {
        p = p.max(floor);
    }
    p
}

/// The parts of a curve a value can fall in, for coverage: which step, which segment, met or
/// missed. `segment` names the one `x` falls in; `segments` lists them all.
pub fn segments(form: &CurveForm) -> Vec<String> {
    match form {
        CurveForm::AllOrNothing => vec!["met".into(), "missed".into()],
        CurveForm::Proportional { .. } => vec![
            "met".into(),
            "missed".into(),
            "missed (reverse)".into(),
            "zero actual".into(),
        ],
        CurveForm::Linear { points, .. } => {
            let mut out = vec!["below the first point".to_string()];
            out.extend((1..points.len()).map(|i| format!("between points {i} and {}", i + 1)));
            out.push("beyond the last point".into());
            out
        }
        CurveForm::Steps { steps, .. } => steps
            .iter()
            .enumerate()
            .map(|(i, s)| step_name(i, s))
            .collect(),
        CurveForm::Deduct(_) => vec!["no deduction".into(), "deducted".into()],
    }
}

fn step_name(i: usize, step: &Step) -> String {
    match step.bound {
        Some((cmp, b)) => format!("step {} ({} {})", i + 1, cmp.symbol(), b.normalize()),
        None => format!("step {} (otherwise)", i + 1),
    }
}

pub fn segment(form: &CurveForm, x: Decimal) -> Option<String> {
    match form {
        CurveForm::Linear { points, .. } => {
            let (first, last) = (points.first()?, points.last()?);
            if x < first.0 {
                Some("below the first point".into())
            } else if x > last.0 {
                Some("beyond the last point".into())
            } else {
                let i = points
                    .windows(2)
                    .position(|w| matches!(w, [a, b] if x >= a.0 && x <= b.0))?;
                Some(format!("between points {} and {}", i + 1, i + 2))
            }
        }
        CurveForm::Steps { steps, .. } => {
            let i = step_index(steps, x)?;
            Some(step_name(i, steps.get(i)?))
        }
        CurveForm::Deduct(d) => {
            let inside = match d.side {
                Side::Below => x >= d.threshold,
                Side::Above => x <= d.threshold,
            };
            Some(if inside {
                "no deduction".into()
            } else {
                "deducted".into()
            })
        }
        _ => None,
    }
}
