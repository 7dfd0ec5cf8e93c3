//! Partial-credit curves: compiled from the AST, then sampled to prove that each is
//! monotone, covers every value, never exceeds the weight and never goes below zero.

use std::sync::Arc;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::diagnostic::{CurveFlaw, Diagnostic, Problem, SourceFile};
use crate::eval::curve as math;
use crate::policy::{self, Curve, Deduction, Dimension, Output, StepOutput, UnitTable};
use crate::syntax::ast::{self, Amount, Counting, Measure, Span};

/// The weight curves are sampled with when the curve does not belong to a known weight.
pub const NOMINAL_WEIGHT: Decimal = dec!(10);

struct Ctx<'a> {
    file: &'a Arc<SourceFile>,
    name: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
    units: &'a UnitTable,
    /// The unit of the first x value seen, to hold the others to the same dimension.
    x_unit: Option<(String, Dimension)>,
}

impl Ctx<'_> {
    fn flaw(&mut self, reason: CurveFlaw, span: Span) {
        self.diagnostics.push(Diagnostic::new(
            Problem::CurveParameter {
                curve: self.name.to_string(),
                reason,
            },
            self.file,
            span,
        ));
    }

    /// An output: `%` is a share of the weight, `分` or nothing is points.
    fn output(&mut self, a: &Amount) -> Output {
        match a.unit.as_ref().map(|u| u.span) {
            None => Output::Points(a.number.value),
            Some(span) => match unit_text(a).as_str() {
                "%" => Output::Share(a.number.value / dec!(100)),
                "分" => Output::Points(a.number.value),
                other => {
                    self.diagnostics.push(Diagnostic::new(
                        Problem::IncompatibleDimensions {
                            left: other.to_string(),
                            left_dimension: other.to_string(),
                            right: "% / 分".into(),
                            right_dimension: "score".into(),
                        },
                        self.file,
                        span,
                    ));
                    Output::Points(a.number.value)
                }
            },
        }
    }

    /// An x value on `measure`: ratio and deviations are in %, `actual` in any one unit.
    fn x(&mut self, a: &Amount, measure: Measure) -> Decimal {
        let unit = unit_text(a);
        let span = a.unit.as_ref().map_or(a.span, |u| u.span);
        if measure != Measure::Actual {
            if !unit.is_empty() && unit != "%" {
                self.mismatch(&unit, "%", span);
            }
            return a.number.value;
        }
        if unit.is_empty() {
            return a.number.value;
        }
        // Values on `actual` are kept in base units (万件 → 件), so any unit of one dimension works.
        match self.units.resolve_declared(&unit) {
            Ok(value) => {
                match &self.x_unit {
                    Some((first, dimension)) if *dimension != value.dimension => {
                        let first = first.clone();
                        self.mismatch(&unit, &first, span);
                    }
                    Some(_) => {}
                    None => self.x_unit = Some((unit, value.dimension.clone())),
                }
                a.number
                    .value
                    .checked_mul(value.factor)
                    .unwrap_or(a.number.value)
            }
            Err(bad) => {
                let suggestion = super::names::closest(&bad, self.units.names());
                self.diagnostics.push(Diagnostic::new(
                    Problem::Unknown {
                        kind: crate::diagnostic::Kind::Unit,
                        name: bad,
                        suggestion,
                    },
                    self.file,
                    span,
                ));
                a.number.value
            }
        }
    }

    fn mismatch(&mut self, unit: &str, expected: &str, span: Span) {
        self.diagnostics.push(Diagnostic::new(
            Problem::IncompatibleDimensions {
                left: unit.to_string(),
                left_dimension: unit.to_string(),
                right: expected.to_string(),
                right_dimension: expected.to_string(),
            },
            self.file,
            span,
        ));
    }

    fn deduction(&mut self, d: &ast::Deduct, measure: Measure) -> Deduction {
        let measure = d.measure.as_ref().map_or(measure, |m| m.value);
        let per = self.x(&d.per, measure);
        let threshold = self.x(&d.threshold, measure);
        if per <= Decimal::ZERO {
            self.flaw(CurveFlaw::ZeroStep, d.per.span);
        }
        Deduction {
            points: self.output(&d.points),
            per: if per <= Decimal::ZERO {
                Decimal::ONE
            } else {
                per
            },
            measure,
            side: d.side.value,
            threshold,
            counting: d
                .counting
                .as_ref()
                .map_or(Counting::WholeSteps, |c| c.value),
            from: d.from.as_ref().map(|f| self.output(f)),
        }
    }
}

pub fn unit_text(a: &Amount) -> String {
    a.unit.as_ref().map_or(String::new(), |u| {
        let mut s = u.first.value.clone();
        for (op, n) in &u.rest {
            s.push(if *op == ast::UnitOp::Div { '/' } else { '*' });
            s.push_str(&n.value);
        }
        s
    })
}

/// Compiles one curve and reports what is wrong with it.
pub fn compile(
    def: &ast::CurveDef,
    units: &UnitTable,
    file: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Curve {
    let mut ctx = Ctx {
        file,
        name: &def.name.value,
        diagnostics,
        units,
        x_unit: None,
    };
    let form = match &def.form.value {
        ast::CurveForm::AllOrNothing => policy::CurveForm::AllOrNothing,
        ast::CurveForm::Proportional { zero_actual } => policy::CurveForm::Proportional {
            zero_actual_full: zero_actual
                .as_ref()
                .is_none_or(|z| z.value == ast::ZeroActual::Full),
        },
        ast::CurveForm::Linear { measure, points } => {
            if points.len() < 2 {
                ctx.flaw(CurveFlaw::TooFewPoints, def.form.span);
            }
            let compiled: Vec<(Decimal, Output)> = points
                .iter()
                .map(|(x, y)| (ctx.x(x, measure.value), ctx.output(y)))
                .collect();
            if let Some(pair) = compiled
                .windows(2)
                .position(|w| matches!(w, [a, b] if a.0 >= b.0))
            {
                let span = points.get(pair + 1).map_or(def.form.span, |p| p.0.span);
                ctx.flaw(CurveFlaw::PointsOutOfOrder, span);
            }
            policy::CurveForm::Linear {
                measure: measure.value,
                points: compiled,
            }
        }
        ast::CurveForm::Steps { measure, steps } => {
            let compiled: Vec<policy::Step> = steps
                .iter()
                .map(|s| policy::Step {
                    bound: s
                        .bound
                        .as_ref()
                        .map(|(c, a)| (c.value, ctx.x(a, measure.value))),
                    output: match &s.output {
                        ast::StepOutput::Amount(a) => StepOutput::Fixed(ctx.output(a)),
                        ast::StepOutput::Deduct(d) => {
                            StepOutput::Deduct(ctx.deduction(d, measure.value))
                        }
                    },
                })
                .collect();
            // A step is unreachable when an earlier step already takes every value it would.
            for (i, step) in compiled.iter().enumerate() {
                let shadowed =
                    compiled[..i]
                        .iter()
                        .any(|earlier| match (earlier.bound, step.bound) {
                            (None, _) => true,
                            (Some((a, x)), Some((b, y))) => {
                                use crate::syntax::ast::Comparator::*;
                                match (a, b) {
                                    (Le, Le | Lt) | (Lt, Lt) => y <= x,
                                    (Lt, Le) => y < x,
                                    (Ge, Ge | Gt) | (Gt, Gt) => y >= x,
                                    (Gt, Ge) => y > x,
                                    _ => false,
                                }
                            }
                            _ => false,
                        });
                if shadowed {
                    ctx.flaw(
                        CurveFlaw::UnreachableStep,
                        steps.get(i).map_or(def.form.span, |s| s.span),
                    );
                }
            }
            policy::CurveForm::Steps {
                measure: measure.value,
                steps: compiled,
            }
        }
        ast::CurveForm::Deduct(d) => policy::CurveForm::Deduct(ctx.deduction(d, Measure::Actual)),
    };
    let mut floor = None;
    let mut cap = None;
    for (limit, amount) in &def.limits {
        let value = ctx.output(amount);
        match limit.value {
            ast::Limit::Floor => floor = Some(value),
            ast::Limit::Cap => cap = Some(value),
        }
    }
    Curve {
        name: def.name.value.clone(),
        form,
        floor,
        cap,
        x_dimension: ctx.x_unit.map(|(_, d)| d),
    }
}

/// Samples a curve and reports gaps, turns, and values outside `[0, weight]`.
pub fn analyse(
    curve: &Curve,
    def: &ast::CurveDef,
    weight: Option<Decimal>,
    file: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let w = weight.unwrap_or(NOMINAL_WEIGHT);
    let name = curve.name.clone();
    let report = |diagnostics: &mut Vec<Diagnostic>, problem: Problem, span: Span| {
        diagnostics.push(Diagnostic::new(problem, file, span));
    };
    let shares = |o: &Output| matches!(o, Output::Share(s) if *s > Decimal::ONE);
    // Outputs written above 100 % exceed any weight, whatever the curve's shape.
    let mut written: Vec<Output> = Vec::new();
    match &curve.form {
        policy::CurveForm::Linear { points, .. } => written.extend(points.iter().map(|p| p.1)),
        policy::CurveForm::Steps { steps, .. } => {
            written.extend(steps.iter().filter_map(|s| match s.output {
                StepOutput::Fixed(o) => Some(o),
                StepOutput::Deduct(_) => None,
            }))
        }
        _ => {}
    }
    let capped = |o: &Output| match (curve.cap, o) {
        (Some(Output::Share(c)), Output::Share(s)) => *s > c,
        (Some(_), _) => false,
        (None, _) => true,
    };
    if let Some(o) = written.iter().find(|o| shares(o) && capped(o)) {
        let max = match o {
            Output::Share(s) => format!("{}%", s.saturating_mul(dec!(100)).normalize()),
            Output::Points(p) => format!("{p} points"),
        };
        report(
            diagnostics,
            Problem::CurveExceedsWeight {
                curve: name.clone(),
                max,
            },
            def.form.span,
        );
        return;
    }
    let xs = sample_points(&curve.form);
    if xs.is_empty() {
        return;
    }
    let unit = match &curve.form {
        policy::CurveForm::Linear { measure, .. } | policy::CurveForm::Steps { measure, .. }
            if *measure != Measure::Actual =>
        {
            "%"
        }
        _ => "",
    };
    // Values far beyond the written breakpoints only test where the curve is heading.
    let far = dec!(100000);
    let mut values: Vec<(Decimal, Decimal)> = Vec::new();
    let mut gaps: Vec<Decimal> = Vec::new();
    for x in xs {
        match math::points_at(&curve.form, x, w) {
            Some(p) => values.push((x, math::limit(p, curve.floor, curve.cap, w))),
            None => gaps.push(x),
        }
    }
    if let Some(example) = gaps.iter().min_by_key(|x| x.abs()) {
        let example = example.round_dp(2).normalize();
        report(
            diagnostics,
            Problem::CurveGap {
                curve: name.clone(),
                example,
                unit: unit.into(),
            },
            def.form.span,
        );
        return;
    }
    if let Some((x, min)) = values.iter().min_by_key(|v| v.1)
        && *min < Decimal::ZERO
    {
        let min = if x.abs() >= far {
            "no lower limit".to_string()
        } else {
            min.round_dp(2).normalize().to_string()
        };
        report(
            diagnostics,
            Problem::CurveBelowZero {
                curve: name.clone(),
                min,
            },
            def.form.span,
        );
    }
    if let Some(weight) = weight
        && let Some((_, max)) = values.iter().max_by_key(|v| v.1)
        && *max > weight
    {
        report(
            diagnostics,
            Problem::CurveExceedsWeight {
                curve: name.clone(),
                max: format!("{} points (weight {weight})", max.round_dp(2).normalize()),
            },
            def.form.span,
        );
    }
    // Monotone: never both rising and falling. The label goes on the step or point where the
    // direction turns.
    let mut rising = None;
    let mut falling = None;
    for pair in values.windows(2) {
        if let [(_, a), (x, b)] = pair {
            if b > a && rising.is_none() {
                rising = Some(*x);
            }
            if b < a && falling.is_none() {
                falling = Some(*x);
            }
        }
    }
    if let (Some(r), Some(f)) = (rising, falling) {
        let turn = r.max(f);
        let span = match (&curve.form, &def.form.value) {
            (
                policy::CurveForm::Steps { steps, .. },
                ast::CurveForm::Steps { steps: written, .. },
            ) => math::step_index(steps, turn)
                .and_then(|i| written.get(i))
                .map(|s| s.span),
            (
                policy::CurveForm::Linear { points, .. },
                ast::CurveForm::Linear {
                    points: written, ..
                },
            ) => points
                .iter()
                .position(|p| p.0 >= turn)
                .and_then(|i| written.get(i))
                .map(|p| p.0.span.to(p.1.span)),
            _ => None,
        }
        .unwrap_or(def.form.span);
        let at = turn.round_dp(2).normalize();
        report(
            diagnostics,
            Problem::CurveNotMonotone {
                curve: name,
                at,
                unit: unit.into(),
            },
            span,
        );
    }
}

/// Every breakpoint of a curve, a little either side of it, and far beyond both ends.
fn sample_points(form: &policy::CurveForm) -> Vec<Decimal> {
    let mut marks: Vec<Decimal> = Vec::new();
    let mut deductions: Vec<&Deduction> = Vec::new();
    match form {
        policy::CurveForm::Linear { points, .. } => marks.extend(points.iter().map(|p| p.0)),
        policy::CurveForm::Steps { steps, .. } => {
            for s in steps {
                if let Some((_, b)) = s.bound {
                    marks.push(b);
                }
                if let StepOutput::Deduct(d) = &s.output {
                    deductions.push(d);
                }
            }
        }
        policy::CurveForm::Deduct(d) => deductions.push(d),
        _ => return Vec::new(),
    }
    for d in deductions {
        for k in 0..4 {
            let off = d.per.saturating_mul(Decimal::from(k));
            marks.push(d.threshold.saturating_add(off));
            marks.push(d.threshold.saturating_sub(off));
        }
    }
    let (Some(lo), Some(hi)) = (marks.iter().min().copied(), marks.iter().max().copied()) else {
        return Vec::new();
    };
    let eps = dec!(0.001);
    let mut xs: Vec<Decimal> = marks
        .iter()
        .flat_map(|m| [m.saturating_sub(eps), *m, m.saturating_add(eps)])
        .collect();
    xs.extend([
        lo.saturating_sub(dec!(100)),
        hi.saturating_add(dec!(100)),
        lo.saturating_sub(dec!(1000000)),
        hi.saturating_add(dec!(1000000)),
        Decimal::ZERO,
    ]);
    xs.sort();
    xs.dedup();
    xs
}
