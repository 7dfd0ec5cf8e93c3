//! Merged definitions → a [`Policy`], checking each family: units, levels, weights, tiers,
//! curves, settings, rounding and grades.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::Parsed;
use super::bands::{self, Band, Flaw};
use super::curves;
use super::merge::{Defs, Merged, Origin, Setting, UnitEntryDef};
use super::names::closest;
use crate::diagnostic::{CurveFlaw, Diagnostic, Kind, Note, Problem, SourceFile};
use crate::policy::units::{Dimension, UnitValue};
use crate::policy::*;
use crate::syntax::ast::{self, Comparator, Span};

/// Rounding to more decimals than this is certainly a typo.
pub const MAX_DIGITS: u32 = 10;

/// The label of the budget-execution weight in the `weights` block.
pub const BUDGET_WEIGHT_LABEL: &str = "预算执行率";

struct Compiler<'a> {
    m: &'a Merged,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Compiler<'_> {
    fn at(&mut self, problem: Problem, origin: &Origin, span: Span) {
        self.diagnostics
            .push(Diagnostic::new(problem, &origin.file, span));
    }

    fn unknown(&mut self, kind: Kind, name: &ast::Name, known: Vec<&str>, file: &Arc<SourceFile>) {
        let suggestion = closest(&name.value, known.into_iter());
        self.diagnostics.push(Diagnostic::new(
            Problem::Unknown {
                kind,
                name: name.value.clone(),
                suggestion,
            },
            file,
            name.span,
        ));
    }
}

pub fn compile(
    m: &Merged,
    layers: &[&Parsed],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Policy> {
    let leaf = layers.last()?;
    let header = leaf.header()?;
    let mut c = Compiler { m, diagnostics };
    let errors_before = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == ast::Severity::Error)
        .count();

    let units = compile_units(&mut c);
    let levels: BTreeSet<String> = m
        .taxonomies
        .values()
        .flat_map(|(t, _)| {
            t.levels.iter().flat_map(|(l1, l2)| {
                std::iter::once(l1.value.clone()).chain(l2.iter().map(|n| n.value.clone()))
            })
        })
        .collect();
    let level1: BTreeSet<String> = m
        .taxonomies
        .values()
        .flat_map(|(t, _)| t.levels.iter().map(|(l1, _)| l1.value.clone()))
        .collect();
    fn level_names(set: &BTreeSet<String>) -> Vec<&str> {
        set.iter().map(String::as_str).collect()
    }

    // Aliases point at known levels.
    let mut aliases = BTreeMap::new();
    for (alias, (canonical, origin)) in &m.aliases {
        if levels.contains(&canonical.value) {
            aliases.insert(alias.clone(), canonical.value.clone());
        } else if origin.layer < m.leaf_layer {
            // A parent's alias for a level this policy removed (`remove taxonomy …`) lapses.
        } else {
            c.unknown(Kind::Level, canonical, level_names(&levels), &origin.file);
        }
    }

    let weights = compile_weights(&mut c, &level1, &levels);
    let tiers = compile_tiers(&mut c);

    // Curves; the budget curve is analysed against the budget weight.
    let budget_weight = match m.settings.get("budget-weight") {
        Some((Setting::Number(w), _)) => w.value,
        _ => dec!(10),
    };
    let budget_curve = match m.settings.get("budget-curve") {
        Some((Setting::Curve(n), _)) => Some(n.value.clone()),
        _ => None,
    };
    let mut curves = BTreeMap::new();
    for (name, (def, origin)) in &m.curves {
        let curve = curves::compile(def, &units, &origin.file, c.diagnostics);
        let weight = (budget_curve.as_deref() == Some(name.as_str())).then_some(budget_weight);
        curves::analyse(&curve, def, weight, &origin.file, c.diagnostics);
        curves.insert(name.clone(), curve);
    }

    let mut used_curves = BTreeSet::new();
    let mut used_tiers = BTreeSet::new();
    let curve_ref = |c: &mut Compiler, key: &str, used: &mut BTreeSet<String>| -> Option<String> {
        match m.settings.get(key) {
            Some((Setting::Curve(n), origin)) => {
                used.insert(n.value.clone());
                if curves.contains_key(&n.value) {
                    Some(n.value.clone())
                } else {
                    let file = origin.file.clone();
                    c.unknown(
                        Kind::Curve,
                        n,
                        curves.keys().map(String::as_str).collect(),
                        &file,
                    );
                    None
                }
            }
            _ => None,
        }
    };
    let quantitative = curve_ref(&mut c, "quantitative", &mut used_curves);
    let budget_curve_name = curve_ref(&mut c, "budget-curve", &mut used_curves);
    let deviation_deduct = curve_ref(&mut c, "deviation-deduct", &mut used_curves);
    // An over-achievement deduction reads how far past the target the actual is: a curve that
    // reads no measure (all-or-nothing, proportional) cannot say how much to take off.
    if let (Some(name), Some((Setting::Curve(n), origin))) =
        (&deviation_deduct, m.settings.get("deviation-deduct"))
        && let Some(curve) = curves.get(name)
        && matches!(
            curve.form,
            CurveForm::AllOrNothing | CurveForm::Proportional { .. }
        )
    {
        c.at(
            Problem::CurveParameter {
                curve: name.clone(),
                reason: CurveFlaw::NoMeasure,
            },
            origin,
            n.span,
        );
    }
    let qualitative = match m.settings.get("qualitative") {
        Some((Setting::Tiers(n), origin)) => {
            used_tiers.insert(n.value.clone());
            if tiers.contains_key(&n.value) {
                Some(n.value.clone())
            } else {
                let file = origin.file.clone();
                c.unknown(
                    Kind::Tiers,
                    n,
                    tiers.keys().map(String::as_str).collect(),
                    &file,
                );
                None
            }
        }
        _ => None,
    };
    let late = late_rule(&mut c, &tiers, qualitative.as_deref());
    let mut rules = Vec::new();
    // Rules are tried in the order they are written, parents' first.
    let mut ordered: Vec<_> = m.rules.iter().collect();
    ordered.sort_by_key(|(_, (_, origin))| (origin.layer, origin.span.start));
    for (name, ((conditions, curve), origin)) in ordered {
        used_curves.insert(curve.value.clone());
        if !curves.contains_key(&curve.value) {
            c.unknown(
                Kind::Curve,
                curve,
                curves.keys().map(String::as_str).collect(),
                &origin.file,
            );
        }
        let mut compiled = Vec::new();
        for condition in conditions {
            compiled.push(match condition {
                ast::Condition::Level(l) => {
                    if !levels.contains(&l.value) && !aliases.contains_key(&l.value) {
                        c.unknown(Kind::Level, l, level_names(&levels), &origin.file);
                    }
                    RuleCondition::Level(
                        aliases
                            .get(&l.value)
                            .cloned()
                            .unwrap_or_else(|| l.value.clone()),
                    )
                }
                ast::Condition::NameContains(s) => RuleCondition::NameContains(s.value.clone()),
                ast::Condition::Unit(u) => {
                    if units.resolve_declared(&u.value).is_err() {
                        c.unknown(Kind::Unit, u, units.names().collect(), &origin.file);
                    }
                    RuleCondition::Unit(u.value.clone())
                }
            });
        }
        rules.push(ScoringRule {
            name: name.clone(),
            conditions: compiled,
            curve: curve.value.clone(),
        });
    }

    // Levels named in readings must exist.
    let mut no_comparator_under = Vec::new();
    for ((cmp, names, applies), origin) in m.no_comparator_under.values() {
        for n in names {
            if !levels.contains(&n.value) {
                c.unknown(Kind::Level, n, level_names(&levels), &origin.file);
            }
        }
        no_comparator_under.push((
            *cmp,
            names.iter().map(|n| n.value.clone()).collect(),
            *applies,
        ));
    }
    let no_comparator_named = m
        .no_comparator_named
        .values()
        .map(|((cmp, names), _)| (*cmp, names.iter().map(|n| n.value.clone()).collect()))
        .collect();
    // `require-number under …` and `judged under …`: lists of levels, each one known.
    let mut levels_under = |defs: &Defs<Vec<ast::Name>>| -> Vec<String> {
        let mut out = Vec::new();
        for (names, origin) in defs.values() {
            for n in names {
                if !levels.contains(&n.value) {
                    c.unknown(Kind::Level, n, level_names(&levels), &origin.file);
                }
                out.push(n.value.clone());
            }
        }
        out
    };
    let require_number_under = levels_under(&m.require_number);
    let judged_under = levels_under(&m.judged);

    let denominators = match m.settings.get("denominator") {
        Some((Setting::Denominators(names), origin)) => {
            let origin = origin.clone();
            let mut out = Vec::new();
            for n in names {
                match Denominator::ALL.iter().find(|(label, _)| *label == n.value) {
                    Some((_, d)) => out.push(*d),
                    None => c.unknown(
                        Kind::Denominator,
                        n,
                        Denominator::ALL.iter().map(|(l, _)| *l).collect(),
                        &origin.file,
                    ),
                }
            }
            out
        }
        _ => vec![Denominator::FullYearBudget, Denominator::StartOfYearBudget],
    };

    let rounding = compile_rounding(&mut c);
    let grades = compile_grades(&mut c);

    // Data-check severities name registered checks.
    let mut checks = BTreeMap::new();
    for (name, (severity, origin)) in &m.checks {
        // Only findings about tables: the checker's own codes are not the policy's to silence.
        if crate::eval::findings::lookup(name).is_none() {
            let known: Vec<&str> = crate::eval::findings::FINDINGS
                .iter()
                .map(|f| f.name)
                .collect();
            let suggestion = closest(name, known.into_iter());
            c.at(
                Problem::Unknown {
                    kind: Kind::Check,
                    name: name.clone(),
                    suggestion,
                },
                origin,
                origin.span,
            );
        } else {
            let key =
                crate::eval::findings::lookup(name).map_or(name.clone(), |f| f.name.to_string());
            checks.insert(key, severity.value);
        }
    }

    // Unused definitions of this policy itself (a parent's are its own business).
    for (name, (_, origin)) in &m.curves {
        if origin.layer == m.leaf_layer && !used_curves.contains(name) {
            c.at(
                Problem::Unused {
                    kind: Kind::Curve,
                    name: name.clone(),
                },
                origin,
                origin.span,
            );
        }
    }
    for (name, (_, origin)) in &m.tiers {
        if origin.layer == m.leaf_layer && !used_tiers.contains(name) {
            c.at(
                Problem::Unused {
                    kind: Kind::Tiers,
                    name: name.clone(),
                },
                origin,
                origin.span,
            );
        }
    }

    let mut missing = Vec::new();
    if quantitative.is_none() && !m.settings.contains_key("quantitative") {
        missing.push("`scoring { quantitative CURVE }`");
    }
    if qualitative.is_none() && !m.settings.contains_key("qualitative") {
        missing.push("`scoring { qualitative TIERS }`");
    }
    if budget_curve_name.is_none() && !m.settings.contains_key("budget-curve") {
        missing.push("`budget { curve CURVE }`");
    }
    if m.grades.is_empty() {
        missing.push("`grades { … }`");
    }
    if !missing.is_empty() {
        let span = header.name.span;
        c.diagnostics.push(Diagnostic::new(
            Problem::IncompletePolicy { missing },
            &leaf.source,
            span,
        ));
    }

    let errors_after = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == ast::Severity::Error)
        .count();
    if errors_after > errors_before {
        return None;
    }

    let setting = |key: &str| m.settings.get(key).map(|(s, _)| s);
    let parents: Vec<String> = layers
        .iter()
        .rev()
        .skip(1)
        .filter_map(|l| l.header().map(|h| h.name.value.clone()))
        .collect();
    Some(Policy {
        level_memo: crate::policy::LevelMemo::default(),
        name: header.name.value.clone(),
        title: header.title.as_ref().map(|t| t.value.clone()),
        jurisdiction: header.jurisdiction.as_ref().map(|t| t.value.clone()),
        basis: header.basis.iter().map(|b| b.value.clone()).collect(),
        years: header.years.as_ref().map(|y| y.value),
        parents,
        content_hash: content_hash(layers),
        units,
        unitless: m
            .unitless
            .values()
            .next()
            .map_or(ast::UnitlessRule::TakeTarget, |(u, _)| *u),
        taxonomies: m
            .taxonomies
            .values()
            .map(|(t, _)| Taxonomy {
                name: t.name.value.clone(),
                levels: t
                    .levels
                    .iter()
                    .map(|(l1, l2)| {
                        (
                            l1.value.clone(),
                            l2.iter().map(|n| n.value.clone()).collect(),
                        )
                    })
                    .collect(),
            })
            .collect(),
        aliases,
        prefix_min: m.prefix.values().next().map(|(n, _)| *n as usize),
        weights,
        tiers,
        curves,
        scoring: Scoring {
            quantitative: quantitative.unwrap_or_default(),
            qualitative: qualitative.unwrap_or_default(),
            no_comparator: match setting("no-comparator") {
                Some(Setting::Comparator(c)) => *c,
                _ => Comparator::Ge,
            },
            no_comparator_under,
            no_comparator_named,
            equal_target: match setting("equal-target") {
                Some(Setting::EqualTarget(e)) => *e,
                _ => ast::EqualTarget::AtLeast,
            },
            unscorable: match setting("unscorable") {
                Some(Setting::Unscorable(u)) => *u,
                _ => ast::UnscorableRule::KeepReported,
            },
            late,
            require_number_under,
            judged_under,
            rules,
        },
        deviation: Deviation {
            reason_above: match setting("reason-above") {
                Some(Setting::Amount(a)) => Some(a.number.value / dec!(100)),
                _ => None,
            },
            reason_when_missed: matches!(setting("reason-when-missed"), Some(Setting::Flag(true))),
            reverse_mirrored: matches!(setting("reverse-targets"), Some(Setting::Flag(true))),
            deduct: deviation_deduct,
        },
        budget: Budget {
            denominators,
            curve: budget_curve_name.unwrap_or_default(),
            default_weight: budget_weight,
            subrows: match setting("subrows") {
                Some(Setting::Subrows(s)) => *s,
                _ => ast::SubrowRule::SumWhenTotalEmpty,
            },
            zero_budget: match setting("zero-budget") {
                Some(Setting::Unscorable(u)) => *u,
                _ => ast::UnscorableRule::KeepReported,
            },
        },
        rounding,
        grades,
        checks,
    })
}

/// FNV-1a over the texts of the chain, root first: the same policy text gives the same hash.
/// SHA-256 of the texts of the chain, root first, each followed by a NUL: the same policy text
/// (and the same parents) always gives the same hash.
fn content_hash(layers: &[&Parsed]) -> String {
    let mut parts: Vec<&[u8]> = Vec::new();
    for layer in layers {
        parts.push(layer.source.text.as_bytes());
        parts.push(&[0u8]);
    }
    crate::receipt::sha256(&parts)
}

fn compile_units(c: &mut Compiler) -> UnitTable {
    let mut table = UnitTable::default();
    for (name, (def, origin)) in &c.m.units {
        if let UnitEntryDef::Base = def {
            table.units.insert(
                name.clone(),
                UnitValue {
                    factor: Decimal::ONE,
                    dimension: Dimension::base(name),
                },
            );
        } else {
            let _ = origin;
        }
    }
    // Resolve multiples in rounds, so definitions may come in any order; what never resolves
    // is either unknown or circular.
    let mut pending: Vec<&String> =
        c.m.units
            .iter()
            .filter(|(_, (d, _))| !matches!(d, UnitEntryDef::Base))
            .map(|(n, _)| n)
            .collect();
    loop {
        let before = pending.len();
        pending.retain(|name| {
            let Some((UnitEntryDef::Multiple { factor, of }, _)) = c.m.units.get(*name) else {
                return false;
            };
            match table.units.get(&of.value).cloned() {
                Some(base) => {
                    let f = factor.as_ref().map_or(Decimal::ONE, |f| f.value);
                    let factor = base.factor.checked_mul(f).unwrap_or(base.factor);
                    table.units.insert(
                        (*name).clone(),
                        UnitValue {
                            factor,
                            dimension: base.dimension,
                        },
                    );
                    false
                }
                None => true,
            }
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    // What never resolved is circular, depends on a cycle, or names an unknown unit. Each cycle
    // is reported once, on its first member; units that merely depend on it are not.
    let of = |name: &str| match c.m.units.get(name) {
        Some((UnitEntryDef::Multiple { of, .. }, _)) => Some(of.value.clone()),
        _ => None,
    };
    for name in pending {
        let Some((UnitEntryDef::Multiple { of: target, .. }, origin)) = c.m.units.get(name) else {
            continue;
        };
        let mut chain = vec![name.clone()];
        let mut next = of(name);
        let mut in_cycle = false;
        while let Some(n) = next {
            if let Some(pos) = chain.iter().position(|x| *x == n) {
                in_cycle = pos == 0;
                if in_cycle && chain.iter().min() != Some(name) {
                    in_cycle = false; // reported on the cycle's first member
                    chain.clear();
                }
                break;
            }
            chain.push(n.clone());
            next = of(&n);
        }
        if in_cycle {
            c.at(
                Problem::UnitCycle { name: name.clone() },
                origin,
                origin.span,
            );
        } else if !c.m.units.contains_key(&target.value) {
            let known: Vec<&str> = c.m.units.keys().map(String::as_str).collect();
            c.unknown(Kind::Unit, target, known, &origin.file.clone());
        }
    }
    table
}

fn compile_weights(
    c: &mut Compiler,
    level1: &BTreeSet<String>,
    levels: &BTreeSet<String>,
) -> Weights {
    let m = c.m;
    let mut budget = None;
    let mut level_weights = Vec::new();
    let mut contributions = Vec::new();
    for (label, (weight, origin)) in &m.weights {
        if label == BUDGET_WEIGHT_LABEL {
            budget = Some(weight.value);
        } else if level1.contains(label) {
            level_weights.push((label.clone(), weight.value));
        } else {
            let name = ast::Spanned::new(
                label.clone(),
                Span::new(origin.span.start, origin.span.start + label.len()),
            );
            let mut known: Vec<&str> = level1.iter().map(String::as_str).collect();
            known.push(BUDGET_WEIGHT_LABEL);
            c.unknown(Kind::Level, &name, known, &origin.file.clone());
            continue;
        }
        contributions.push((weight.value, origin.clone()));
    }
    let (total, tolerance, severity) = match m.weight_total.get("total") {
        Some(((t, tol, sev), _)) => (
            t.value,
            tol.as_ref().map_or(Decimal::ZERO, |t| t.value),
            sev.as_ref().map_or(ast::Severity::Error, |s| s.value),
        ),
        None => (dec!(100), Decimal::ZERO, ast::Severity::Error),
    };
    if !contributions.is_empty() {
        let sum: Decimal = contributions
            .iter()
            .fold(Decimal::ZERO, |a, (w, _)| a.saturating_add(*w));
        if sum.saturating_sub(total).abs() > tolerance {
            // Point at the weight written last in the chain (a child's override is the likely
            // cause), labelling every contribution in that file.
            let Some((_, latest)) = contributions.iter().max_by_key(|(_, o)| o.layer) else {
                return Weights::default_for(total);
            };
            let (file, span) = (latest.file.clone(), latest.span);
            let mut d = Diagnostic::new(
                Problem::WeightsSum {
                    scope: "budget execution and the level-1 indicators".into(),
                    sum,
                    expected: total,
                    tolerance,
                },
                &file,
                span,
            );
            for (w, origin) in &contributions {
                if Arc::ptr_eq(&origin.file, &file) && origin.span != span {
                    d = d.with_note(origin.span, Note::Contributes(*w));
                }
            }
            c.diagnostics.push(d);
        }
    }
    let mut absent = Vec::new();
    for (level, ((to, split), origin)) in &m.absent {
        if !level1.contains(level) {
            let name = ast::Spanned::new(level.clone(), origin.span);
            c.unknown(
                Kind::Level,
                &name,
                level1.iter().map(String::as_str).collect(),
                &origin.file.clone(),
            );
        }
        for t in to {
            if !level1.contains(&t.value) {
                c.unknown(
                    Kind::Level,
                    t,
                    level1.iter().map(String::as_str).collect(),
                    &origin.file.clone(),
                );
            }
        }
        absent.push(AbsentRule {
            level: level.clone(),
            to: to.iter().map(|t| t.value.clone()).collect(),
            split: *split,
        });
    }
    let mut either = Vec::new();
    for ((a, b), _) in m.either.values() {
        either.push((a.value.clone(), b.value.clone()));
    }
    let _ = levels;
    Weights {
        budget,
        levels: level_weights,
        total,
        tolerance,
        severity,
        absent,
        not_applicable: m
            .not_applicable
            .values()
            .next()
            .map_or(ast::NotApplicableRule::Skip, |(r, _)| *r),
        either,
    }
}

/// A share written as `80%` or `80` (read as percent) → 0.80.
fn share(a: &ast::Amount) -> Decimal {
    a.number.value / dec!(100)
}

/// `scoring { late … }`: a tier named there must be one of the qualitative tier set's, the
/// set late completions are scored in.
fn late_rule(
    c: &mut Compiler,
    tiers: &BTreeMap<String, TierSet>,
    qualitative: Option<&str>,
) -> Late {
    match c.m.settings.get("late") {
        Some((Setting::Late(ast::LateRule::Tier(n)), origin)) => {
            // Without the tier set, E0105 has said so already.
            let Some(set) = qualitative.and_then(|q| tiers.get(q)) else {
                return Late::Zero;
            };
            if set.tiers.iter().any(|t| t.name == n.value) {
                return Late::Tier(n.value.clone());
            }
            let file = origin.file.clone();
            c.unknown(
                Kind::Tier,
                n,
                set.tiers.iter().map(|t| t.name.as_str()).collect(),
                &file,
            );
            Late::Zero
        }
        Some((Setting::Late(ast::LateRule::Zero), _)) => Late::Zero,
        _ => Late::Unscorable,
    }
}

fn compile_tiers(c: &mut Compiler) -> BTreeMap<String, TierSet> {
    let mut out = BTreeMap::new();
    for (name, (def, origin)) in &c.m.tiers {
        let file = origin.file.clone();
        let bands: Vec<Band> = def
            .tiers
            .iter()
            .map(|t| Band {
                name: t.name.value.clone(),
                low: t.interval.low.number.value,
                low_closed: t.interval.low_closed,
                high: t.interval.high.number.value,
                high_closed: t.interval.high_closed,
                span: t.interval.span,
            })
            .collect();
        let flaws = bands::analyse(&bands, Decimal::ZERO, dec!(100));
        c.diagnostics.extend(band_diagnostics(
            flaws,
            &bands,
            &file,
            def.name.span,
            Family::Tiers,
        ));
        let mut seen: BTreeMap<&str, (&str, Span)> = BTreeMap::new();
        let mut tiers = Vec::new();
        for t in &def.tiers {
            for w in &t.words {
                match seen.get(w.value.as_str()) {
                    Some((first, span)) => {
                        let d = Diagnostic::new(
                            Problem::WordInTwoTiers {
                                word: w.value.clone(),
                                first: first.to_string(),
                                second: t.name.value.clone(),
                            },
                            &file,
                            w.span,
                        )
                        .with_note(*span, Note::AlsoInTier(first.to_string()));
                        c.diagnostics.push(d);
                    }
                    None => {
                        seen.insert(&w.value, (&t.name.value, w.span));
                    }
                }
            }
            let tier = Tier {
                name: t.name.value.clone(),
                low: share(&t.interval.low),
                low_closed: t.interval.low_closed,
                high: share(&t.interval.high),
                high_closed: t.interval.high_closed,
                default: t.default.as_ref().map_or(share(&t.interval.high), share),
                words: t.words.iter().map(|w| w.value.clone()).collect(),
            };
            if let Some(d) = &t.default {
                let inside = tier.contains(tier.default) || tier.default == tier.high;
                if !inside {
                    c.diagnostics.push(Diagnostic::new(
                        Problem::TierDefaultOutside {
                            tier: tier.name.clone(),
                            default: d.number.value,
                        },
                        &file,
                        d.span,
                    ));
                }
            }
            tiers.push(tier);
        }
        out.insert(
            name.clone(),
            TierSet {
                name: name.clone(),
                tiers,
            },
        );
    }
    out
}

fn compile_rounding(c: &mut Compiler) -> Rounding {
    let m = c.m;
    let mut get = |key: &str| -> Round {
        match c.m.rounding.get(key) {
            Some(((digits, mode, span), origin)) => {
                if *digits > MAX_DIGITS {
                    c.diagnostics.push(Diagnostic::new(
                        Problem::RoundingDigits {
                            digits: *digits,
                            max: MAX_DIGITS,
                        },
                        &origin.file,
                        *span,
                    ));
                }
                Round {
                    digits: (*digits).min(MAX_DIGITS),
                    mode: *mode,
                }
            }
            None => Round {
                digits: 2,
                mode: ast::RoundingMode::HalfUp,
            },
        }
    };
    let rate = get("rate");
    let indicator = get("indicator");
    let total = get("total");
    let budget_score = if c.m.rounding.contains_key("budget-score") {
        get("budget-score")
    } else {
        indicator
    };
    Rounding {
        rate,
        indicator,
        budget_score,
        total,
        grade_from: match m.settings.get("grade-from") {
            Some((Setting::GradeFrom(g), _)) => *g,
            _ => ast::GradeFrom::Rounded,
        },
        budget_score_from: match m.settings.get("budget-score-from") {
            Some((Setting::BudgetScoreFrom(b), _)) => *b,
            _ => ast::BudgetScoreFrom::ExactRate,
        },
    }
}

fn compile_grades(c: &mut Compiler) -> Vec<GradeBand> {
    let Some((defs, origin)) = c.m.grades.get("grades") else {
        return Vec::new();
    };
    let file = origin.file.clone();
    // A grade's name and its other spellings each name one grade only.
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for word in defs
        .iter()
        .flat_map(|g| std::iter::once(&g.name).chain(&g.spellings))
    {
        if let Some(first) = seen.get(word.value.as_str()) {
            c.diagnostics.push(
                Diagnostic::new(
                    Problem::Duplicate {
                        kind: Kind::Grade,
                        name: word.value.clone(),
                    },
                    &file,
                    word.span,
                )
                .with_note(*first, Note::FirstDefinedHere),
            );
        } else {
            seen.insert(&word.value, word.span);
        }
    }
    let bands: Vec<Band> = defs
        .iter()
        .map(|g| Band {
            name: g.name.value.clone(),
            low: g.interval.low.number.value,
            low_closed: g.interval.low_closed,
            high: g.interval.high.number.value,
            high_closed: g.interval.high_closed,
            span: g.interval.span,
        })
        .collect();
    let flaws = bands::analyse(&bands, Decimal::ZERO, dec!(100));
    c.diagnostics.extend(band_diagnostics(
        flaws,
        &bands,
        &file,
        origin.span,
        Family::Grades,
    ));
    bands
        .iter()
        .zip(defs)
        .map(|(b, g)| GradeBand {
            name: b.name.clone(),
            spellings: g.spellings.iter().map(|w| w.value.clone()).collect(),
            low: b.low,
            low_closed: b.low_closed,
            high: b.high,
            high_closed: b.high_closed,
        })
        .collect()
}

/// Which intervals a partition check was about: the problems differ, the analysis does not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Grades,
    Tiers,
}

/// Turns the flaws of a partition into located diagnostics; `whole` is where a flaw with no
/// band of its own is reported.
fn band_diagnostics(
    flaws: Vec<Flaw>,
    bands: &[Band],
    file: &Arc<SourceFile>,
    whole: Span,
    family: Family,
) -> Vec<Diagnostic> {
    let span_of = |i: Option<usize>| i.and_then(|i| bands.get(i)).map_or(whole, |b| b.span);
    let name_of = |i: usize| bands.get(i).map_or(String::new(), |b| b.name.clone());
    flaws
        .into_iter()
        .map(|flaw| {
            let (problem, span, note) = match flaw {
                Flaw::Empty { band } => {
                    let b = bands.get(band);
                    (
                        Problem::EmptyInterval {
                            low: b.map_or(Decimal::ZERO, |b| b.low),
                            high: b.map_or(Decimal::ZERO, |b| b.high),
                        },
                        span_of(Some(band)),
                        None,
                    )
                }
                Flaw::Gap {
                    after,
                    low,
                    high,
                    example,
                } => {
                    let problem = match family {
                        Family::Grades => Problem::GradeGap { low, high, example },
                        Family::Tiers => Problem::TierGap { low, high, example },
                    };
                    (problem, span_of(after), None)
                }
                Flaw::Uncovered {
                    at,
                    low,
                    high,
                    example,
                } => {
                    let problem = match family {
                        Family::Grades => Problem::GradeCoverage { low, high, example },
                        Family::Tiers => Problem::TierGap { low, high, example },
                    };
                    (problem, span_of(at), None)
                }
                Flaw::Overlap {
                    first,
                    second,
                    low,
                    high,
                } => {
                    let (a, b) = (name_of(first), name_of(second));
                    let (problem, note) = match family {
                        Family::Grades => (
                            Problem::GradeOverlap {
                                first: a.clone(),
                                second: b,
                                low,
                                high,
                            },
                            Note::ThisBand(a),
                        ),
                        Family::Tiers => (
                            Problem::TierOverlap {
                                first: a.clone(),
                                second: b,
                                low,
                                high,
                            },
                            Note::ThisTier(a),
                        ),
                    };
                    (
                        problem,
                        span_of(Some(second)),
                        Some((span_of(Some(first)), note)),
                    )
                }
                Flaw::InconsistentEnds { band } => {
                    (Problem::BandEndsInconsistent, span_of(Some(band)), None)
                }
            };
            let d = Diagnostic::new(problem, file, span);
            match note {
                Some((s, n)) => d.with_note(s, n),
                None => d,
            }
        })
        .collect()
}
