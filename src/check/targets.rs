//! A project's declared targets (绩效目标), checked against its policy before the year starts:
//! levels allowed by the taxonomy, units known and of the right dimension, weights adding up,
//! and numbers where the policy requires them.

use rust_decimal::Decimal;

use super::names::closest;
use super::{Parsed, Workspace};
use crate::diagnostic::{Diagnostic, Kind, Note, Problem};
use crate::policy::Policy;
use crate::syntax::ast::{self, DeclaredTarget, ItemKind};

pub fn check_targets(ws: &Workspace, file: &Parsed) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in &file.ast.items {
        let ItemKind::Project(project) = &item.kind else {
            continue;
        };
        let policy_name = project
            .policy
            .as_ref()
            .map_or(super::DEFAULT_POLICY, |p| p.value.as_str());
        let Some(index) = ws.find_policy(policy_name) else {
            if let Some(p) = &project.policy {
                let names = ws.policy_names();
                let suggestion = closest(&p.value, names.iter().map(String::as_str));
                out.push(Diagnostic::new(
                    Problem::Unknown {
                        kind: Kind::Policy,
                        name: p.value.clone(),
                        suggestion,
                    },
                    &file.source,
                    p.span,
                ));
            }
            continue;
        };
        let (Some(policy), _, _) = super::compile_chain(ws, index) else {
            continue;
        };
        check_project(&policy, project, file, &mut out);
    }
    out
}

fn check_project(
    policy: &Policy,
    project: &ast::Project,
    file: &Parsed,
    out: &mut Vec<Diagnostic>,
) {
    let src = &file.source;
    let level_names: Vec<String> = policy
        .taxonomies
        .iter()
        .flat_map(|t| {
            t.levels
                .iter()
                .flat_map(|(l1, l2)| std::iter::once(l1.clone()).chain(l2.iter().cloned()))
        })
        .collect();
    let unknown_level = |name: &ast::Name| {
        let suggestion = closest(&name.value, level_names.iter().map(String::as_str));
        Diagnostic::new(
            Problem::Unknown {
                kind: Kind::Level,
                name: name.value.clone(),
                suggestion,
            },
            src,
            name.span,
        )
    };
    if let Some(budget) = &project.budget
        && let Some(unit) = &budget.unit
    {
        let text = crate::check::curves::unit_text(&ast::Amount {
            number: budget.amount.clone(),
            unit: Some(unit.clone()),
            span: unit.span,
        });
        match resolve_unit(policy, &text, src, unit.span) {
            Ok(value) => {
                let money = policy.units.get("元").map(|u| u.dimension.clone());
                if money.is_some_and(|m| m != value.dimension) {
                    out.push(Diagnostic::new(
                        Problem::IncompatibleDimensions {
                            left: text,
                            left_dimension: value.dimension.to_string(),
                            right: "元".into(),
                            right_dimension: "元".into(),
                        },
                        src,
                        unit.span,
                    ));
                }
            }
            Err(d) => out.push(*d),
        }
    }
    let mut sum = project
        .budget
        .as_ref()
        .and_then(|b| b.weight.as_ref())
        .map_or(policy.budget.default_weight, |w| w.value);
    let mut notes = Vec::new();
    for ind in &project.indicators {
        sum = sum.saturating_add(ind.weight.value);
        notes.push((ind.weight.span, Note::Contributes(ind.weight.value)));
        let l1 = policy.canonical_level(&ind.level1.value);
        let l2 = policy.canonical_level(&ind.level2.value);
        match (&l1, &l2) {
            (None, _) => out.push(unknown_level(&ind.level1)),
            (_, None) => out.push(unknown_level(&ind.level2)),
            (Some(a), Some(b)) if !policy.allows(a, b) => {
                let allowed: Vec<String> = policy
                    .taxonomies
                    .iter()
                    .flat_map(|t| t.levels.iter())
                    .filter(|(l, _)| l == a)
                    .flat_map(|(_, l2)| l2.iter().cloned())
                    .fold(Vec::new(), |mut acc: Vec<String>, n| {
                        if !acc.contains(&n) {
                            acc.push(n);
                        }
                        acc
                    });
                out.push(Diagnostic::new(
                    Problem::LevelNotAllowed {
                        level1: a.clone(),
                        level2: b.clone(),
                        allowed,
                    },
                    src,
                    ind.level2.span,
                ));
            }
            _ => {}
        }
        match &ind.target.value {
            DeclaredTarget::Quantity { amount, .. } => {
                if let Some(unit) = &amount.unit {
                    let text = crate::check::curves::unit_text(amount);
                    if let Err(d) = resolve_unit(policy, &text, src, unit.span) {
                        out.push(*d);
                    }
                }
            }
            DeclaredTarget::Text(_) => {
                let needs_number = [l1.as_deref(), l2.as_deref()]
                    .into_iter()
                    .flatten()
                    .find(|l| policy.scoring.require_number_under.iter().any(|r| r == l));
                if let Some(level) = needs_number {
                    out.push(Diagnostic::new(
                        Problem::UnquantifiedTarget {
                            indicator: ind.name.value.clone(),
                            level: level.to_string(),
                        },
                        src,
                        ind.target.span,
                    ));
                }
            }
        }
    }
    let total = policy.weights.total;
    if !project.indicators.is_empty()
        && sum.saturating_sub(total).abs() > policy.weights.tolerance.max(Decimal::ZERO)
    {
        let mut d = Diagnostic::new(
            Problem::WeightsSum {
                scope: format!(
                    "project `{}` (budget execution included)",
                    project.name.value
                ),
                sum,
                expected: total,
                tolerance: policy.weights.tolerance,
            },
            src,
            project.name.span,
        );
        d.notes = notes;
        out.push(d);
    }
}

/// A unit expression of a targets file, resolved by the policy's units; an unknown one is a
/// diagnostic with a suggestion.
fn resolve_unit(
    policy: &Policy,
    text: &str,
    src: &std::sync::Arc<crate::diagnostic::SourceFile>,
    span: ast::Span,
) -> Result<crate::policy::units::UnitValue, Box<Diagnostic>> {
    policy.units.resolve_declared(text).map_err(|bad| {
        let suggestion = closest(&bad, policy.units.names());
        Box::new(Diagnostic::new(
            Problem::Unknown {
                kind: Kind::Unit,
                name: bad,
                suggestion,
            },
            src,
            span,
        ))
    })
}
