//! Merges a policy with its parents. A child states only what differs: new definitions are
//! added, `override` replaces a parent's definition, `remove` drops one. Overriding something
//! the parent lacks, or redefining without `override`, is an error.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::Parsed;
use crate::diagnostic::{Diagnostic, Kind, Note, Problem, SourceFile};
use crate::syntax::ast::*;

/// Where a definition came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    pub layer: usize,
    pub span: Span,
}

pub type Defs<T> = BTreeMap<String, (T, Origin)>;

/// `total 100 ± 0.01 warning`: the sum, its tolerance and the severity of a mismatch.
pub type WeightTotal = (
    Spanned<Decimal>,
    Option<Spanned<Decimal>>,
    Option<Spanned<Severity>>,
);

/// All definitions of a policy after merging its chain, each with its origin.
#[derive(Debug, Default)]
pub struct Merged {
    pub units: Defs<UnitEntryDef>,
    pub unitless: Defs<UnitlessRule>,
    pub taxonomies: Defs<TaxonomyDef>,
    pub aliases: Defs<Name>,
    pub prefix: Defs<u32>,
    pub weights: Defs<Spanned<Decimal>>,
    pub weight_total: Defs<WeightTotal>,
    pub absent: Defs<(Vec<Name>, SplitRule)>,
    pub not_applicable: Defs<NotApplicableRule>,
    pub either: Defs<(Name, Name)>,
    pub tiers: Defs<TierSetDef>,
    pub curves: Defs<CurveDef>,
    pub settings: Defs<Setting>,
    pub no_comparator_under: Defs<(Comparator, Vec<Name>, ReadingFor)>,
    pub no_comparator_named: Defs<(Comparator, Vec<Name>)>,
    pub require_number: Defs<Vec<Name>>,
    pub judged: Defs<Vec<Name>>,
    pub rules: Defs<(Vec<Condition>, Name)>,
    pub rounding: Defs<(u32, RoundingMode, Span)>,
    pub grades: Defs<Vec<GradeDef>>,
    pub checks: Defs<Spanned<Severity>>,
    /// Human-readable list of what the leaf changes in its parents.
    pub changes: Vec<String>,
    pub leaf_layer: usize,
}

/// A unit as defined: a base unit, or a multiple of another.
#[derive(Debug, Clone)]
pub enum UnitEntryDef {
    Base,
    Multiple {
        factor: Option<Spanned<Decimal>>,
        of: Name,
    },
}

/// Single-valued settings of `scoring`, `over-achievement`, `budget` and `rounding`.
#[derive(Debug, Clone)]
pub enum Setting {
    Curve(Name),
    Tiers(Name),
    Comparator(Comparator),
    EqualTarget(EqualTarget),
    Unscorable(UnscorableRule),
    Late(LateRule),
    Amount(Amount),
    Flag(bool),
    Denominators(Vec<Name>),
    Number(Spanned<Decimal>),
    Subrows(SubrowRule),
    GradeFrom(GradeFrom),
    BudgetScoreFrom(BudgetScoreFrom),
}

struct Layering<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    changes: Vec<String>,
    layer: usize,
    file: Arc<SourceFile>,
    overrides: bool,
    /// The block the current item is (`weights`, `rounding` …), to say which setting changed.
    block: &'static str,
    parent: Option<String>,
    warned_no_parent: bool,
}

impl Layering<'_> {
    fn put<T>(&mut self, map: &mut Defs<T>, key: String, kind: Kind, value: T, span: Span) {
        let origin = Origin {
            file: self.file.clone(),
            layer: self.layer,
            span,
        };
        match map.get(&key) {
            Some((_, first)) if first.layer == self.layer => {
                let mut d = Diagnostic::new(
                    Problem::Duplicate {
                        kind,
                        name: key.clone(),
                    },
                    &self.file,
                    span,
                );
                if Arc::ptr_eq(&first.file, &self.file) {
                    d = d.with_note(first.span, Note::FirstDefinedHere);
                }
                self.diagnostics.push(d);
            }
            Some(_) if self.overrides => {
                self.changes
                    .push(format!("overrides {}", self.describe(kind, &key)));
                map.insert(key, (value, origin));
            }
            Some(_) => {
                let parent = self.parent.clone().unwrap_or_default();
                self.diagnostics.push(Diagnostic::new(
                    Problem::MissingOverride {
                        kind,
                        name: key,
                        parent,
                    },
                    &self.file,
                    span,
                ));
            }
            None if self.overrides => self.override_missing(kind, key, span, false),
            None => {
                if self.layer > 0 {
                    self.changes
                        .push(format!("adds {}", self.describe(kind, &key)));
                }
                map.insert(key, (value, origin));
            }
        }
    }

    /// `rounding setting `rate``, `curve `按比例``: what a change is about, for `--show-overrides`.
    fn describe(&self, kind: Kind, key: &str) -> String {
        let kind = crate::diagnostic::en::kind(kind);
        if self.block.is_empty() {
            format!("{kind} `{key}`")
        } else {
            format!("{} {kind} `{key}`", self.block)
        }
    }

    fn override_missing(&mut self, kind: Kind, key: String, span: Span, removing: bool) {
        match &self.parent {
            Some(parent) => {
                let parent = parent.clone();
                self.diagnostics.push(Diagnostic::new(
                    Problem::OverrideUndefined {
                        kind,
                        name: key,
                        parent,
                        removing,
                    },
                    &self.file,
                    span,
                ));
            }
            None if !self.warned_no_parent => {
                self.warned_no_parent = true;
                self.diagnostics.push(Diagnostic::new(
                    Problem::OverrideWithoutParent,
                    &self.file,
                    span,
                ));
            }
            None => {}
        }
    }

    fn remove<T>(&mut self, map: &mut Defs<T>, key: &str, kind: Kind, span: Span) {
        match map.get(key) {
            Some((_, origin)) if origin.layer < self.layer => {
                map.remove(key);
                self.changes
                    .push(format!("removes {}", self.describe(kind, key)));
            }
            _ => self.override_missing(kind, key.to_string(), span, true),
        }
    }
}

pub fn merge(layers: &[&Parsed], diagnostics: &mut Vec<Diagnostic>) -> Merged {
    let mut m = Merged {
        leaf_layer: layers.len().saturating_sub(1),
        ..Merged::default()
    };
    let mut changes = Vec::new();
    for (layer, parsed) in layers.iter().enumerate() {
        let parent = parsed
            .header()
            .and_then(|h| h.extends.as_ref().map(|p| p.value.clone()));
        let mut l = Layering {
            diagnostics,
            changes: Vec::new(),
            layer,
            file: parsed.source.clone(),
            overrides: false,
            block: "",
            parent,
            warned_no_parent: false,
        };
        for item in &parsed.ast.items {
            l.overrides = item.overrides.is_some();
            l.block = match item.kind {
                ItemKind::Units(_) => "units:",
                ItemKind::Labels(_) => "labels:",
                ItemKind::Weights(_) => "weights:",
                ItemKind::Scoring(_) => "scoring:",
                ItemKind::Deviation(_) => "over-achievement:",
                ItemKind::Budget(_) => "budget:",
                ItemKind::Rounding(_) => "rounding:",
                ItemKind::Checks(_) => "checks:",
                _ => "",
            };
            layer_item(&mut m, &mut l, item);
        }
        if layer + 1 == layers.len() {
            changes = l.changes;
        }
    }
    m.changes = changes;
    m
}

fn layer_item(m: &mut Merged, l: &mut Layering, item: &Item) {
    use Setting as S;
    match &item.kind {
        ItemKind::Policy(_) | ItemKind::Project(_) => {}
        ItemKind::Units(entries) => {
            for entry in entries {
                match entry {
                    UnitEntry::Base(names) => {
                        for n in names {
                            l.put(
                                &mut m.units,
                                n.value.clone(),
                                Kind::Unit,
                                UnitEntryDef::Base,
                                n.span,
                            );
                        }
                    }
                    UnitEntry::Def {
                        name,
                        factor,
                        of,
                        span,
                    } => {
                        let def = UnitEntryDef::Multiple {
                            factor: factor.clone(),
                            of: of.clone(),
                        };
                        l.put(
                            &mut m.units,
                            name.value.clone(),
                            Kind::Unit,
                            def,
                            name.span.to(*span),
                        );
                    }
                    UnitEntry::Unitless(rule) => l.put(
                        &mut m.unitless,
                        "unitless".into(),
                        Kind::Setting,
                        rule.value,
                        rule.span,
                    ),
                }
            }
        }
        ItemKind::Taxonomy(t) => l.put(
            &mut m.taxonomies,
            t.name.value.clone(),
            Kind::Taxonomy,
            t.clone(),
            t.name.span,
        ),
        ItemKind::Labels(entries) => {
            for entry in entries {
                match entry {
                    LabelEntry::Alias { alias, canonical } => l.put(
                        &mut m.aliases,
                        alias.value.clone(),
                        Kind::Alias,
                        canonical.clone(),
                        alias.span,
                    ),
                    LabelEntry::Prefix(n) => l.put(
                        &mut m.prefix,
                        "prefix".into(),
                        Kind::Setting,
                        n.value,
                        n.span,
                    ),
                }
            }
        }
        ItemKind::Weights(entries) => {
            for entry in entries {
                match entry {
                    WeightEntry::Item { label, weight } => l.put(
                        &mut m.weights,
                        label.value.clone(),
                        Kind::Weight,
                        weight.clone(),
                        label.span.to(weight.span),
                    ),
                    WeightEntry::Total {
                        total,
                        tolerance,
                        severity,
                        span,
                    } => l.put(
                        &mut m.weight_total,
                        "total".into(),
                        Kind::Setting,
                        (total.clone(), tolerance.clone(), severity.clone()),
                        *span,
                    ),
                    WeightEntry::Absent {
                        level,
                        to,
                        split,
                        span,
                    } => l.put(
                        &mut m.absent,
                        level.value.clone(),
                        Kind::Setting,
                        (to.clone(), split.value),
                        *span,
                    ),
                    WeightEntry::NotApplicable(rule) => l.put(
                        &mut m.not_applicable,
                        "not-applicable".into(),
                        Kind::Setting,
                        rule.value,
                        rule.span,
                    ),
                    WeightEntry::Either(a, b) => {
                        let key = format!("{} | {}", a.value, b.value);
                        l.put(
                            &mut m.either,
                            key,
                            Kind::Setting,
                            (a.clone(), b.clone()),
                            a.span.to(b.span),
                        )
                    }
                }
            }
        }
        ItemKind::Tiers(t) => l.put(
            &mut m.tiers,
            t.name.value.clone(),
            Kind::Tiers,
            t.clone(),
            t.name.span,
        ),
        ItemKind::Curve(c) => l.put(
            &mut m.curves,
            c.name.value.clone(),
            Kind::Curve,
            c.clone(),
            c.name.span,
        ),
        ItemKind::Scoring(entries) => {
            for entry in entries {
                match entry {
                    ScoringEntry::Quantitative(n) => l.put(
                        &mut m.settings,
                        "quantitative".into(),
                        Kind::Setting,
                        S::Curve(n.clone()),
                        n.span,
                    ),
                    ScoringEntry::Qualitative(n) => l.put(
                        &mut m.settings,
                        "qualitative".into(),
                        Kind::Setting,
                        S::Tiers(n.clone()),
                        n.span,
                    ),
                    ScoringEntry::NoComparator {
                        reads_as,
                        under,
                        named,
                        span,
                        ..
                    } if under.is_empty() && named.is_empty() => l.put(
                        &mut m.settings,
                        "no-comparator".into(),
                        Kind::Setting,
                        S::Comparator(reads_as.value),
                        *span,
                    ),
                    ScoringEntry::NoComparator {
                        reads_as,
                        named,
                        span,
                        ..
                    } if !named.is_empty() => {
                        let key = format!("no-comparator {} named", reads_as.value.symbol());
                        l.put(
                            &mut m.no_comparator_named,
                            key,
                            Kind::Setting,
                            (reads_as.value, named.clone()),
                            *span,
                        )
                    }
                    // One line per comparator and kind of target: a child's `no-comparator ≤
                    // under … for amounts` replaces its parent's line for amounts only.
                    ScoringEntry::NoComparator {
                        reads_as,
                        under,
                        applies,
                        span,
                        ..
                    } => {
                        let key = match applies {
                            ReadingFor::All => format!("no-comparator {}", reads_as.value.symbol()),
                            _ => format!(
                                "no-comparator {} for {}",
                                reads_as.value.symbol(),
                                applies.word()
                            ),
                        };
                        l.put(
                            &mut m.no_comparator_under,
                            key,
                            Kind::Setting,
                            (reads_as.value, under.clone(), *applies),
                            *span,
                        )
                    }
                    ScoringEntry::EqualTarget(e) => l.put(
                        &mut m.settings,
                        "equal-target".into(),
                        Kind::Setting,
                        S::EqualTarget(e.value),
                        e.span,
                    ),
                    ScoringEntry::Unscorable(u) => l.put(
                        &mut m.settings,
                        "unscorable".into(),
                        Kind::Setting,
                        S::Unscorable(u.value),
                        u.span,
                    ),
                    ScoringEntry::Late(late) => l.put(
                        &mut m.settings,
                        "late".into(),
                        Kind::Setting,
                        S::Late(late.value.clone()),
                        late.span,
                    ),
                    ScoringEntry::RequireNumber(levels, span) => l.put(
                        &mut m.require_number,
                        "require-number".into(),
                        Kind::Setting,
                        levels.clone(),
                        *span,
                    ),
                    ScoringEntry::Judged(levels, span) => l.put(
                        &mut m.judged,
                        "judged".into(),
                        Kind::Setting,
                        levels.clone(),
                        *span,
                    ),
                    ScoringEntry::Rule {
                        name,
                        conditions,
                        curve,
                        ..
                    } => l.put(
                        &mut m.rules,
                        name.value.clone(),
                        Kind::Rule,
                        (conditions.clone(), curve.clone()),
                        name.span,
                    ),
                }
            }
        }
        ItemKind::Deviation(entries) => {
            for entry in entries {
                match entry {
                    DeviationEntry::ReasonAbove(a) => l.put(
                        &mut m.settings,
                        "reason-above".into(),
                        Kind::Setting,
                        S::Amount(a.clone()),
                        a.span,
                    ),
                    DeviationEntry::ReasonWhenMissed(f) => l.put(
                        &mut m.settings,
                        "reason-when-missed".into(),
                        Kind::Setting,
                        S::Flag(f.value),
                        f.span,
                    ),
                    DeviationEntry::ReverseTargets(f) => l.put(
                        &mut m.settings,
                        "reverse-targets".into(),
                        Kind::Setting,
                        S::Flag(f.value),
                        f.span,
                    ),
                    DeviationEntry::Deduct(n) => l.put(
                        &mut m.settings,
                        "deviation-deduct".into(),
                        Kind::Setting,
                        S::Curve(n.clone()),
                        n.span,
                    ),
                }
            }
        }
        ItemKind::Budget(entries) => {
            for entry in entries {
                match entry {
                    BudgetEntry::Denominator(names, span) => l.put(
                        &mut m.settings,
                        "denominator".into(),
                        Kind::Setting,
                        S::Denominators(names.clone()),
                        *span,
                    ),
                    BudgetEntry::Curve(n) => l.put(
                        &mut m.settings,
                        "budget-curve".into(),
                        Kind::Setting,
                        S::Curve(n.clone()),
                        n.span,
                    ),
                    BudgetEntry::Weight(w) => l.put(
                        &mut m.settings,
                        "budget-weight".into(),
                        Kind::Setting,
                        S::Number(w.clone()),
                        w.span,
                    ),
                    BudgetEntry::Subrows(s) => l.put(
                        &mut m.settings,
                        "subrows".into(),
                        Kind::Setting,
                        S::Subrows(s.value),
                        s.span,
                    ),
                    BudgetEntry::ZeroBudget(z) => l.put(
                        &mut m.settings,
                        "zero-budget".into(),
                        Kind::Setting,
                        S::Unscorable(z.value),
                        z.span,
                    ),
                }
            }
        }
        ItemKind::Rounding(entries) => {
            for entry in entries {
                match entry {
                    RoundingEntry::Step {
                        quantity,
                        digits,
                        mode,
                        span,
                    } => {
                        let key = match quantity.value {
                            RoundedQuantity::Rate => "rate",
                            RoundedQuantity::Indicator => "indicator",
                            RoundedQuantity::BudgetScore => "budget-score",
                            RoundedQuantity::Total => "total",
                        };
                        l.put(
                            &mut m.rounding,
                            key.into(),
                            Kind::Setting,
                            (digits.value, mode.value, digits.span),
                            *span,
                        )
                    }
                    RoundingEntry::GradeFrom(g) => l.put(
                        &mut m.settings,
                        "grade-from".into(),
                        Kind::Setting,
                        S::GradeFrom(g.value),
                        g.span,
                    ),
                    RoundingEntry::BudgetScoreFrom(b) => l.put(
                        &mut m.settings,
                        "budget-score-from".into(),
                        Kind::Setting,
                        S::BudgetScoreFrom(b.value),
                        b.span,
                    ),
                }
            }
        }
        ItemKind::Grades(grades) => l.put(
            &mut m.grades,
            "grades".into(),
            Kind::Grade,
            grades.clone(),
            item.span,
        ),
        ItemKind::Checks(entries) => {
            for entry in entries {
                l.put(
                    &mut m.checks,
                    entry.name.value.clone(),
                    Kind::Check,
                    entry.severity.clone(),
                    entry.name.span,
                );
            }
        }
        ItemKind::Remove { what, name } => {
            let span = what.span.to(name.span);
            match what.value {
                Removable::Curve => l.remove(&mut m.curves, &name.value, Kind::Curve, span),
                Removable::Tiers => l.remove(&mut m.tiers, &name.value, Kind::Tiers, span),
                Removable::Rule => l.remove(&mut m.rules, &name.value, Kind::Rule, span),
                Removable::Unit => l.remove(&mut m.units, &name.value, Kind::Unit, span),
                Removable::Taxonomy => {
                    l.remove(&mut m.taxonomies, &name.value, Kind::Taxonomy, span)
                }
                Removable::Grade => {
                    // A single band leaves the block: the coverage check then sees the gap.
                    let found = m.grades.get_mut("grades").and_then(|(bands, origin)| {
                        let before = bands.len();
                        bands.retain(|g| g.name.value != name.value);
                        (bands.len() < before && origin.layer < l.layer).then_some(())
                    });
                    let known: Vec<String> = m
                        .grades
                        .get("grades")
                        .map(|(b, _)| b.iter().map(|g| g.name.value.clone()).collect())
                        .unwrap_or_default();
                    if found.is_some() {
                        l.changes.push(format!("removes grade `{}`", name.value));
                    } else if !known.is_empty() {
                        let suggestion =
                            super::names::closest(&name.value, known.iter().map(String::as_str));
                        l.diagnostics.push(Diagnostic::new(
                            Problem::Unknown {
                                kind: Kind::Grade,
                                name: name.value.clone(),
                                suggestion,
                            },
                            &l.file,
                            name.span,
                        ));
                    } else {
                        l.override_missing(Kind::Grade, name.value.clone(), span, true);
                    }
                }
            }
        }
    }
}
