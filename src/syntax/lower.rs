//! Lowers pest's parse tree into the AST. The grammar guarantees the tree's shape; where a
//! node is missing anyway, the item is dropped rather than the program stopped.

use std::str::FromStr;
use std::sync::Arc;

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::Rule;
use super::ast::*;
use crate::diagnostic::{Diagnostic, Problem, SourceFile};

pub struct Lowering<'f> {
    file: &'f Arc<SourceFile>,
    /// Where the parsed slice starts in the file.
    offset: usize,
    pub diagnostics: Vec<Diagnostic>,
}

type P<'i> = Pair<'i, Rule>;

impl<'f> Lowering<'f> {
    pub fn new(file: &'f Arc<SourceFile>, offset: usize) -> Self {
        Lowering {
            file,
            offset,
            diagnostics: Vec::new(),
        }
    }

    fn span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        Span::new(self.offset + s.start(), self.offset + s.end())
    }

    fn name(&self, pair: P) -> Name {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::string => {
                let text = pair
                    .into_inner()
                    .next()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                Spanned::new(text, span)
            }
            _ => {
                // A compound unit's text may carry the whitespace pest skipped after it.
                let text = pair.as_str().trim_end().to_string();
                let end = (span.start + text.len()).min(span.end);
                Spanned::new(text, Span::new(span.start, end))
            }
        }
    }

    fn decimal(&mut self, pair: &P) -> Spanned<Decimal> {
        let span = self.span(pair);
        let value = parse_decimal(pair.as_str()).unwrap_or_else(|| {
            self.diagnostics.push(Diagnostic::new(
                Problem::NumberTooLarge {
                    text: pair.as_str().to_string(),
                },
                self.file,
                span,
            ));
            Decimal::ZERO
        });
        Spanned::new(value, span)
    }

    fn integer(&mut self, pair: &P) -> Spanned<u32> {
        let span = self.span(pair);
        let value = pair.as_str().parse::<u32>().unwrap_or_else(|_| {
            self.diagnostics.push(Diagnostic::new(
                Problem::NumberTooLarge {
                    text: pair.as_str().to_string(),
                },
                self.file,
                span,
            ));
            0
        });
        Spanned::new(value, span)
    }

    pub fn file(&mut self, pair: P) -> Vec<Item> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::item)
            .filter_map(|p| self.item(p))
            .collect()
    }

    fn item(&mut self, pair: P) -> Option<Item> {
        let span = self.span(&pair);
        let mut overrides = None;
        let mut kind = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::override_mark => overrides = Some(self.span(&part)),
                _ => kind = self.item_kind(part),
            }
        }
        Some(Item {
            overrides,
            kind: kind?,
            span,
        })
    }

    fn item_kind(&mut self, pair: P) -> Option<ItemKind> {
        let rule = pair.as_rule();
        let inner: Vec<P> = pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .collect();
        Some(match rule {
            Rule::policy_header => ItemKind::Policy(self.policy_header(inner)?),
            Rule::project_block => ItemKind::Project(self.project(inner)?),
            Rule::units_block => ItemKind::Units(
                inner
                    .into_iter()
                    .filter_map(|p| self.unit_entry(p))
                    .collect(),
            ),
            Rule::taxonomy_block => {
                let mut it = inner.into_iter();
                let name = self.name(it.next()?);
                let levels = it
                    .map(|level| {
                        let mut names = level.into_inner().map(|p| self.name(p));
                        let head = names
                            .next()
                            .unwrap_or_else(|| Spanned::new(String::new(), Span::default()));
                        (head, names.collect())
                    })
                    .collect();
                ItemKind::Taxonomy(TaxonomyDef { name, levels })
            }
            Rule::labels_block => ItemKind::Labels(
                inner
                    .into_iter()
                    .filter_map(|p| self.label_entry(p))
                    .collect(),
            ),
            Rule::weights_block => ItemKind::Weights(
                inner
                    .into_iter()
                    .filter_map(|p| self.weight_entry(p))
                    .collect(),
            ),
            Rule::tiers_block => {
                let mut it = inner.into_iter();
                let name = self.name(it.next()?);
                let tiers = it.filter_map(|p| self.tier(p)).collect();
                ItemKind::Tiers(TierSetDef { name, tiers })
            }
            Rule::curve_def => ItemKind::Curve(self.curve(inner)?),
            Rule::scoring_block => ItemKind::Scoring(
                inner
                    .into_iter()
                    .filter_map(|p| self.scoring_entry(p))
                    .collect(),
            ),
            Rule::deviation_block => ItemKind::Deviation(
                inner
                    .into_iter()
                    .filter_map(|p| self.deviation_entry(p))
                    .collect(),
            ),
            Rule::budget_block => ItemKind::Budget(
                inner
                    .into_iter()
                    .filter_map(|p| self.budget_entry(p))
                    .collect(),
            ),
            Rule::rounding_block => ItemKind::Rounding(
                inner
                    .into_iter()
                    .filter_map(|p| self.rounding_entry(p))
                    .collect(),
            ),
            Rule::grades_block => ItemKind::Grades(
                inner
                    .into_iter()
                    .filter_map(|g| {
                        let mut it = g.into_inner();
                        let name = self.name(it.next()?);
                        let interval = self.interval(it.next()?)?;
                        let spellings = it
                            .filter(|p| p.as_rule() == Rule::word)
                            .filter_map(|w| Some(self.name(w.into_inner().next()?)))
                            .collect();
                        Some(GradeDef {
                            name,
                            interval,
                            spellings,
                        })
                    })
                    .collect(),
            ),
            Rule::checks_block => ItemKind::Checks(
                inner
                    .into_iter()
                    .filter_map(|c| {
                        let mut it = c.into_inner();
                        let name = self.name(it.next()?);
                        let severity = self.severity(it.next()?)?;
                        Some(CheckEntry { name, severity })
                    })
                    .collect(),
            ),
            Rule::remove_item => {
                let mut it = inner.into_iter();
                let what_pair = it.next()?;
                let what_span = self.span(&what_pair);
                let what = match what_pair.into_inner().next()?.as_rule() {
                    Rule::k_curve => Removable::Curve,
                    Rule::k_tiers => Removable::Tiers,
                    Rule::k_rule => Removable::Rule,
                    Rule::k_grade => Removable::Grade,
                    Rule::k_unit => Removable::Unit,
                    _ => Removable::Taxonomy,
                };
                let name = self.name(it.next()?);
                ItemKind::Remove {
                    what: Spanned::new(what, what_span),
                    name,
                }
            }
            _ => return None,
        })
    }

    fn policy_header(&mut self, inner: Vec<P>) -> Option<PolicyHeader> {
        let mut it = inner.into_iter();
        let name = self.name(it.next()?);
        let mut header = PolicyHeader {
            name,
            extends: None,
            title: None,
            jurisdiction: None,
            basis: Vec::new(),
            years: None,
        };
        for part in it {
            let span = self.span(&part);
            let rule = part.as_rule();
            let mut values = part.into_inner().filter(|p| !is_keyword(p.as_rule()));
            match rule {
                Rule::extends_clause => header.extends = values.next().map(|p| self.name(p)),
                Rule::meta_title => header.title = values.next().map(|p| self.name(p)),
                Rule::meta_jurisdiction => {
                    header.jurisdiction = values.next().map(|p| self.name(p))
                }
                Rule::meta_basis => header.basis = values.map(|p| self.name(p)).collect(),
                Rule::meta_years => {
                    let range = values.next()?;
                    let mut parts = range.into_inner();
                    let from = self.integer(&parts.next()?).value;
                    let to = match parts.next() {
                        None => Some(from),
                        Some(_dots) => parts.next().map(|p| self.integer(&p).value),
                    };
                    header.years = Some(Spanned::new(YearRange { from, to }, span));
                }
                _ => {}
            }
        }
        Some(header)
    }

    fn unit_entry(&mut self, pair: P) -> Option<UnitEntry> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let inner: Vec<P> = pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .collect();
        Some(match rule {
            Rule::unit_base => UnitEntry::Base(inner.into_iter().map(|p| self.name(p)).collect()),
            Rule::unit_unitless => {
                let rule_pair = inner.into_iter().next()?;
                let s = self.span(&rule_pair);
                let value = match rule_pair.into_inner().next()?.as_rule() {
                    Rule::k_take_target => UnitlessRule::TakeTarget,
                    _ => UnitlessRule::Unscorable,
                };
                UnitEntry::Unitless(Spanned::new(value, s))
            }
            Rule::unit_def => {
                let mut it = inner.into_iter();
                let name = self.name(it.next()?);
                let second = it.next()?;
                let (factor, of) = if second.as_rule() == Rule::number {
                    (Some(self.decimal(&second)), self.name(it.next()?))
                } else {
                    (None, self.name(second))
                };
                UnitEntry::Def {
                    name,
                    factor,
                    of,
                    span,
                }
            }
            _ => return None,
        })
    }

    fn label_entry(&mut self, pair: P) -> Option<LabelEntry> {
        let rule = pair.as_rule();
        let mut it = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        Some(match rule {
            Rule::alias_entry => {
                let alias = self.name(it.next()?);
                let canonical = self.name(it.next()?);
                LabelEntry::Alias { alias, canonical }
            }
            Rule::prefix_entry => LabelEntry::Prefix(self.integer(&it.next()?)),
            _ => return None,
        })
    }

    fn weight_entry(&mut self, pair: P) -> Option<WeightEntry> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let inner: Vec<P> = pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .collect();
        let mut it = inner.into_iter();
        Some(match rule {
            Rule::weight_item => {
                let label = self.name(it.next()?);
                let weight = self.decimal(&it.next()?);
                WeightEntry::Item { label, weight }
            }
            Rule::weight_total => {
                let total = self.decimal(&it.next()?);
                let mut tolerance = None;
                let mut severity = None;
                for part in it {
                    match part.as_rule() {
                        Rule::tolerance => {
                            tolerance = part.into_inner().next().map(|n| self.decimal(&n))
                        }
                        Rule::severity => severity = self.severity(part),
                        _ => {}
                    }
                }
                WeightEntry::Total {
                    total,
                    tolerance,
                    severity,
                    span,
                }
            }
            Rule::weight_absent => {
                let level = self.name(it.next()?);
                let mut to = Vec::new();
                let mut split = None;
                for part in it {
                    if part.as_rule() == Rule::split_rule {
                        let s = self.span(&part);
                        let value = match part.into_inner().next()?.as_rule() {
                            Rule::k_proportional => SplitRule::Proportional,
                            Rule::k_equal => SplitRule::Equal,
                            _ => SplitRule::UnitChoice,
                        };
                        split = Some(Spanned::new(value, s));
                    } else {
                        to.push(self.name(part));
                    }
                }
                WeightEntry::Absent {
                    level,
                    to,
                    split: split?,
                    span,
                }
            }
            Rule::weight_na => {
                let part = it.next()?;
                let s = self.span(&part);
                let value = match part.into_inner().next()?.as_rule() {
                    Rule::k_skip => NotApplicableRule::Skip,
                    _ => NotApplicableRule::Renormalise,
                };
                WeightEntry::NotApplicable(Spanned::new(value, s))
            }
            Rule::weight_either => {
                let a = self.name(it.next()?);
                let b = self.name(it.next()?);
                WeightEntry::Either(a, b)
            }
            _ => return None,
        })
    }

    fn severity(&mut self, pair: P) -> Option<Spanned<Severity>> {
        let span = self.span(&pair);
        let value = match pair.into_inner().next()?.as_rule() {
            Rule::k_error => Severity::Error,
            Rule::k_warning => Severity::Warning,
            Rule::k_info => Severity::Info,
            _ => Severity::Off,
        };
        Some(Spanned::new(value, span))
    }

    fn tier(&mut self, pair: P) -> Option<TierDef> {
        let span = self.span(&pair);
        let mut it = pair.into_inner();
        let name = self.name(it.next()?);
        let interval = self.interval(it.next()?)?;
        let mut default = None;
        let mut words = Vec::new();
        for part in it {
            match part.as_rule() {
                Rule::tier_default => {
                    let amount = part.into_inner().find(|p| p.as_rule() == Rule::amount)?;
                    default = Some(self.amount(amount)?);
                }
                Rule::word => words.push(self.name(part.into_inner().next()?)),
                _ => {}
            }
        }
        Some(TierDef {
            name,
            interval,
            default,
            words,
            span,
        })
    }

    fn interval(&mut self, pair: P) -> Option<Interval> {
        let span = self.span(&pair);
        let mut it = pair.into_inner();
        let open = it.next()?;
        let low = self.amount(it.next()?)?;
        let high = self.amount(it.next()?)?;
        let close = it.next()?;
        Some(Interval {
            low,
            low_closed: matches!(open.as_str(), "[" | "［"),
            high,
            high_closed: matches!(close.as_str(), "]" | "］"),
            span,
        })
    }

    fn amount(&mut self, pair: P) -> Option<Amount> {
        let span = self.span(&pair);
        let mut it = pair.into_inner();
        let number = self.decimal(&it.next()?);
        let unit = it.next().and_then(|u| self.unit_expr(u));
        Some(Amount { number, unit, span })
    }

    fn unit_expr(&mut self, pair: P) -> Option<UnitExpr> {
        let span = self.span(&pair);
        let mut it = pair.into_inner();
        let first = self.name(it.next()?);
        let mut rest = Vec::new();
        while let (Some(op), Some(unit)) = (it.next(), it.next()) {
            let op = if op.as_str() == "/" {
                UnitOp::Div
            } else {
                UnitOp::Mul
            };
            rest.push((op, self.name(unit)));
        }
        Some(UnitExpr { first, rest, span })
    }

    fn comparator(&self, pair: P) -> Option<Spanned<Comparator>> {
        let span = self.span(&pair);
        let value = comparator_of(pair.into_inner().next()?.as_rule())?;
        Some(Spanned::new(value, span))
    }

    fn measure(&self, pair: P) -> Option<Spanned<Measure>> {
        let span = self.span(&pair);
        let value = match pair.into_inner().next()?.as_rule() {
            Rule::k_abs_deviation => Measure::AbsDeviation,
            Rule::k_deviation => Measure::Deviation,
            Rule::k_ratio => Measure::Ratio,
            _ => Measure::Actual,
        };
        Some(Spanned::new(value, span))
    }

    fn curve(&mut self, inner: Vec<P>) -> Option<CurveDef> {
        let mut it = inner.into_iter();
        let name = self.name(it.next()?);
        let form_pair = it.next()?;
        let form_span = self.span(&form_pair);
        let form = self.curve_form(form_pair)?;
        let mut limits = Vec::new();
        for limit in it {
            let mut parts = limit.into_inner();
            let kw = parts.next()?;
            let kind = if kw.as_rule() == Rule::k_floor {
                Limit::Floor
            } else {
                Limit::Cap
            };
            let kind = Spanned::new(kind, self.span(&kw));
            limits.push((kind, self.amount(parts.next()?)?));
        }
        Some(CurveDef {
            name,
            form: Spanned::new(form, form_span),
            limits,
        })
    }

    fn curve_form(&mut self, pair: P) -> Option<CurveForm> {
        let rule = pair.as_rule();
        let inner: Vec<P> = pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .collect();
        let mut it = inner.into_iter();
        Some(match rule {
            Rule::all_or_nothing => CurveForm::AllOrNothing,
            Rule::proportional => {
                let zero_actual = match it.next() {
                    Some(z) => {
                        let span = self.span(&z);
                        let value = if z.into_inner().any(|p| p.as_rule() == Rule::k_full) {
                            ZeroActual::Full
                        } else {
                            ZeroActual::Zero
                        };
                        Some(Spanned::new(value, span))
                    }
                    None => None,
                };
                CurveForm::Proportional { zero_actual }
            }
            Rule::linear => {
                let measure = self.measure(it.next()?)?;
                let mut points = Vec::new();
                for point in it {
                    let mut p = point.into_inner();
                    let x = self.amount(p.next()?)?;
                    let y = self.amount(p.next()?)?;
                    points.push((x, y));
                }
                CurveForm::Linear { measure, points }
            }
            Rule::steps => {
                let measure = self.measure(it.next()?)?;
                let steps = it.filter_map(|s| self.step(s)).collect();
                CurveForm::Steps { measure, steps }
            }
            Rule::deduct => {
                CurveForm::Deduct(self.deduct_parts(self.span_of_vec(&it), it.collect())?)
            }
            _ => return None,
        })
    }

    fn span_of_vec(&self, it: &std::vec::IntoIter<P>) -> Span {
        let parts = it.as_slice();
        match (parts.first(), parts.last()) {
            (Some(a), Some(b)) => self.span(a).to(self.span(b)),
            _ => Span::default(),
        }
    }

    fn step(&mut self, pair: P) -> Option<Step> {
        let span = self.span(&pair);
        let mut bound = None;
        let mut output = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::step_bound => {
                    let mut p = part.into_inner();
                    let cmp = self.comparator(p.next()?)?;
                    let amount = self.amount(p.next()?)?;
                    bound = Some((cmp, amount));
                }
                Rule::amount => output = Some(StepOutput::Amount(self.amount(part)?)),
                Rule::deduct => {
                    let span = self.span(&part);
                    let inner: Vec<P> = part
                        .into_inner()
                        .filter(|p| !is_keyword(p.as_rule()))
                        .collect();
                    output = Some(StepOutput::Deduct(self.deduct_parts(span, inner)?));
                }
                _ => {}
            }
        }
        Some(Step {
            bound,
            output: output?,
            span,
        })
    }

    /// `deduct POINTS per STEP [of MEASURE] below|above THRESHOLD [counting] [from BASE]`,
    /// keywords already removed except `from`, which marks the base.
    fn deduct_parts(&mut self, span: Span, inner: Vec<P>) -> Option<Deduct> {
        let mut amounts = Vec::new();
        let mut measure = None;
        let mut side = None;
        let mut counting = None;
        for part in inner {
            match part.as_rule() {
                Rule::amount => amounts.push(self.amount(part)?),
                Rule::measure => measure = self.measure(part),
                Rule::side => {
                    let s = self.span(&part);
                    let value = if part.into_inner().any(|p| p.as_rule() == Rule::k_below) {
                        Side::Below
                    } else {
                        Side::Above
                    };
                    side = Some(Spanned::new(value, s));
                }
                Rule::counting => {
                    let s = self.span(&part);
                    let value = if part
                        .into_inner()
                        .any(|p| p.as_rule() == Rule::k_whole_steps)
                    {
                        Counting::WholeSteps
                    } else {
                        Counting::ProRata
                    };
                    counting = Some(Spanned::new(value, s));
                }
                _ => {}
            }
        }
        let mut amounts = amounts.into_iter();
        let points = amounts.next()?;
        let per = amounts.next()?;
        let threshold = amounts.next()?;
        let from = amounts.next();
        Some(Deduct {
            points,
            per,
            measure,
            side: side?,
            threshold,
            counting,
            from,
            span,
        })
    }

    fn scoring_entry(&mut self, pair: P) -> Option<ScoringEntry> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let inner: Vec<P> = pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .collect();
        let mut it = inner.into_iter();
        Some(match rule {
            Rule::sc_quantitative => ScoringEntry::Quantitative(self.name(it.next()?)),
            Rule::sc_qualitative => ScoringEntry::Qualitative(self.name(it.next()?)),
            Rule::sc_no_comparator => {
                let reads_as = self.comparator(it.next()?)?;
                let rest: Vec<P> = it.collect();
                let mut applies = ReadingFor::All;
                let (under, named) = match rest.first() {
                    Some(p) if p.as_rule() == Rule::nc_named => {
                        let named = p
                            .clone()
                            .into_inner()
                            .filter(|p| !is_keyword(p.as_rule()))
                            .map(|p| self.name(p))
                            .collect();
                        (Vec::new(), named)
                    }
                    _ => {
                        let mut under = Vec::new();
                        for p in rest {
                            if p.as_rule() != Rule::nc_for {
                                under.push(self.name(p));
                            } else if p.into_inner().any(|k| k.as_rule() == Rule::k_amounts) {
                                applies = ReadingFor::Amounts;
                            } else {
                                applies = ReadingFor::Durations;
                            }
                        }
                        (under, Vec::new())
                    }
                };
                ScoringEntry::NoComparator {
                    reads_as,
                    under,
                    applies,
                    named,
                    span,
                }
            }
            Rule::sc_equal => {
                let value = if span_text_has(&self.file.text, span, &["exact", "精确"]) {
                    EqualTarget::Exact
                } else {
                    EqualTarget::AtLeast
                };
                ScoringEntry::EqualTarget(Spanned::new(value, span))
            }
            Rule::sc_unscorable => {
                let value = if span_text_has(&self.file.text, span, &["zero", "零分"]) {
                    UnscorableRule::Zero
                } else {
                    UnscorableRule::KeepReported
                };
                ScoringEntry::Unscorable(Spanned::new(value, span))
            }
            Rule::sc_late => {
                let value = match it.next() {
                    Some(tier) => LateRule::Tier(self.name(tier)),
                    None if span_text_has(&self.file.text, span, &["unscorable", "不可评分"]) => {
                        LateRule::Unscorable
                    }
                    None => LateRule::Zero,
                };
                ScoringEntry::Late(Spanned::new(value, span))
            }
            Rule::sc_quantified => {
                ScoringEntry::RequireNumber(it.map(|p| self.name(p)).collect(), span)
            }
            Rule::sc_judged => ScoringEntry::Judged(it.map(|p| self.name(p)).collect(), span),
            Rule::sc_rule => {
                let name = self.name(it.next()?);
                let mut conditions = Vec::new();
                let mut curve = None;
                for part in it {
                    if part.as_rule() == Rule::condition {
                        let c = part.into_inner().next()?;
                        let crule = c.as_rule();
                        let value = c.into_inner().find(|p| !is_keyword(p.as_rule()))?;
                        conditions.push(match crule {
                            Rule::cond_level => Condition::Level(self.name(value)),
                            Rule::cond_name => Condition::NameContains(self.name(value)),
                            _ => Condition::Unit(self.name(value)),
                        });
                    } else {
                        curve = Some(self.name(part));
                    }
                }
                ScoringEntry::Rule {
                    name,
                    conditions,
                    curve: curve?,
                    span,
                }
            }
            _ => return None,
        })
    }

    fn deviation_entry(&mut self, pair: P) -> Option<DeviationEntry> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut it = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        Some(match rule {
            Rule::dev_reason_above => DeviationEntry::ReasonAbove(self.amount(it.next()?)?),
            Rule::dev_reason_missed => {
                let required = span_text_has(&self.file.text, span, &["required", "必须"]);
                DeviationEntry::ReasonWhenMissed(Spanned::new(required, span))
            }
            Rule::dev_reverse => {
                let mirrored = span_text_has(&self.file.text, span, &["mirrored", "镜像"]);
                DeviationEntry::ReverseTargets(Spanned::new(mirrored, span))
            }
            Rule::dev_deduct => DeviationEntry::Deduct(self.name(it.next()?)),
            _ => return None,
        })
    }

    fn budget_entry(&mut self, pair: P) -> Option<BudgetEntry> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let inner: Vec<P> = pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .collect();
        let mut it = inner.into_iter();
        Some(match rule {
            Rule::b_denominator => {
                BudgetEntry::Denominator(it.map(|p| self.name(p)).collect(), span)
            }
            Rule::b_curve => BudgetEntry::Curve(self.name(it.next()?)),
            Rule::b_weight => BudgetEntry::Weight(self.decimal(&it.next()?)),
            Rule::b_subrows => {
                let value = if span_text_has(&self.file.text, span, &["ignore", "忽略"]) {
                    SubrowRule::Ignore
                } else {
                    SubrowRule::SumWhenTotalEmpty
                };
                BudgetEntry::Subrows(Spanned::new(value, span))
            }
            Rule::b_zero_budget => {
                let value = if span_text_has(&self.file.text, span, &["keep-reported", "保留填报"])
                {
                    UnscorableRule::KeepReported
                } else {
                    UnscorableRule::Zero
                };
                BudgetEntry::ZeroBudget(Spanned::new(value, span))
            }
            _ => return None,
        })
    }

    fn rounding_entry(&mut self, pair: P) -> Option<RoundingEntry> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        Some(match rule {
            Rule::r_step => {
                let mut it = pair.into_inner();
                let q = it.next()?;
                let qspan = self.span(&q);
                let quantity = match q.into_inner().next()?.as_rule() {
                    Rule::k_rate => RoundedQuantity::Rate,
                    Rule::k_indicator => RoundedQuantity::Indicator,
                    Rule::k_budget_score => RoundedQuantity::BudgetScore,
                    _ => RoundedQuantity::Total,
                };
                let digits = self.integer(&it.next()?);
                let m = it.next()?;
                let mspan = self.span(&m);
                let mode = match m.into_inner().next()?.as_rule() {
                    Rule::k_half_up => RoundingMode::HalfUp,
                    Rule::k_truncate => RoundingMode::Truncate,
                    _ => RoundingMode::HalfEven,
                };
                RoundingEntry::Step {
                    quantity: Spanned::new(quantity, qspan),
                    digits,
                    mode: Spanned::new(mode, mspan),
                    span,
                }
            }
            Rule::r_grade_from => {
                let exact = pair.into_inner().any(|p| p.as_rule() == Rule::k_exact);
                RoundingEntry::GradeFrom(Spanned::new(
                    if exact {
                        GradeFrom::Exact
                    } else {
                        GradeFrom::Rounded
                    },
                    span,
                ))
            }
            Rule::r_budget_from => {
                let rounded = pair
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::k_rounded_rate);
                let value = if rounded {
                    BudgetScoreFrom::RoundedRate
                } else {
                    BudgetScoreFrom::ExactRate
                };
                RoundingEntry::BudgetScoreFrom(Spanned::new(value, span))
            }
            _ => return None,
        })
    }

    fn project(&mut self, inner: Vec<P>) -> Option<Project> {
        let mut it = inner.into_iter();
        let name = self.name(it.next()?);
        let mut project = Project {
            name,
            year: None,
            policy: None,
            department: None,
            budget: None,
            indicators: Vec::new(),
        };
        for part in it {
            let span = self.span(&part);
            let rule = part.as_rule();
            let values: Vec<P> = part
                .into_inner()
                .filter(|p| !is_keyword(p.as_rule()))
                .collect();
            let mut v = values.into_iter();
            match rule {
                Rule::p_year => project.year = v.next().map(|p| self.integer(&p)),
                Rule::p_policy => project.policy = v.next().map(|p| self.name(p)),
                Rule::p_department => project.department = v.next().map(|p| self.name(p)),
                Rule::p_budget => {
                    let amount = self.decimal(&v.next()?);
                    let mut unit = None;
                    let mut weight = None;
                    for p in v {
                        match p.as_rule() {
                            Rule::unit_expr => unit = self.unit_expr(p),
                            _ => weight = Some(self.decimal(&p)),
                        }
                    }
                    project.budget = Some(ProjectBudget {
                        amount,
                        unit,
                        weight,
                    });
                }
                Rule::p_indicator => {
                    let level1 = self.name(v.next()?);
                    let level2 = self.name(v.next()?);
                    let name = self.name(v.next()?);
                    let target_pair = v.next()?;
                    let target_span = self.span(&target_pair);
                    let t = target_pair.into_inner().next()?;
                    let target = match t.as_rule() {
                        Rule::quantity => {
                            let mut q = t.into_inner();
                            let comparator = self.comparator(q.next()?);
                            let number_pair = q.next()?;
                            let number = self.decimal(&number_pair);
                            let unit = q.next().and_then(|u| self.unit_expr(u));
                            let amount_span = unit
                                .as_ref()
                                .map_or(number.span, |u| number.span.to(u.span));
                            DeclaredTarget::Quantity {
                                comparator,
                                amount: Amount {
                                    number,
                                    unit,
                                    span: amount_span,
                                },
                            }
                        }
                        Rule::amount => DeclaredTarget::Quantity {
                            comparator: None,
                            amount: self.amount(t)?,
                        },
                        _ => DeclaredTarget::Text(self.name(t).value),
                    };
                    let weight = self.decimal(&v.next()?);
                    project.indicators.push(DeclaredIndicator {
                        level1,
                        level2,
                        name,
                        target: Spanned::new(target, target_span),
                        weight,
                        span,
                    });
                }
                _ => {}
            }
        }
        Some(project)
    }
}

/// Parses a decimal exactly; `None` when it does not fit.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str_exact(text).ok().or_else(|| {
        Decimal::from_str(text).ok().filter(|d| {
            // Accept only when no significant digit was lost.
            let digits = text.trim_start_matches('-').replace('.', "");
            let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
            significant <= 28 && d.to_string().len() <= text.len() + 1
        })
    })
}

pub fn comparator_of(rule: Rule) -> Option<Comparator> {
    Some(match rule {
        Rule::ge => Comparator::Ge,
        Rule::le => Comparator::Le,
        Rule::gt => Comparator::Gt,
        Rule::lt => Comparator::Lt,
        Rule::eq => Comparator::Eq,
        _ => return None,
    })
}

fn span_text_has(text: &str, span: Span, words: &[&str]) -> bool {
    text.get(span.start..span.end)
        .is_some_and(|s| words.iter().any(|w| s.split_whitespace().any(|t| t == *w)))
}

/// Keyword tokens carry no value once their item is known. The keyword rules come last in the
/// grammar, and pest numbers rules in grammar order (a test holds this true).
fn is_keyword(rule: Rule) -> bool {
    rule >= Rule::k_policy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_rules_are_exactly_the_k_rules() {
        for rule in Rule::all_rules() {
            assert_eq!(
                is_keyword(*rule),
                format!("{rule:?}").starts_with("k_"),
                "{rule:?}"
            );
        }
    }
}
