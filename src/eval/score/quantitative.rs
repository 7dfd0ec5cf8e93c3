//! A target and an actual read as quantities, intervals or dates, and scored by the policy's
//! curve for the comparator.

use super::*;
use crate::syntax::ast::ReadingFor;

/// A quantity: number and unit as read from a cell (borrowed from it).
struct Qty<'c> {
    comparator: Option<Comparator>,
    number: Decimal,
    unit: Option<&'c str>,
}

fn qty<'c>(cell: &'c CellValue<'_>) -> Option<Qty<'c>> {
    match cell {
        CellValue::Quantity {
            comparator,
            number,
            unit,
        } => Some(Qty {
            comparator: *comparator,
            number: *number,
            unit: unit.as_deref(),
        }),
        _ => None,
    }
}

/// Targets that are not a single number: a range (`90%-100%`), a band (`±10%`) around zero,
/// or a deadline (`2023年12月`). A miss needs a reason where the policy asks for one, as for a
/// quantity.
pub(super) fn interval_or_date(
    s: &mut Scorer,
    row: &IndicatorRow,
    levels: (&str, &str),
    target: &CellValue,
    actual: &CellValue,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    // A month alone against a date (`9月前` → `7月`, `7月份`): the month of the table's year,
    // not a count of months.
    let month_done;
    let actual = match (target, actual) {
        (
            CellValue::Date { .. },
            CellValue::Quantity {
                comparator: None,
                number,
                unit: Some(unit),
            },
        ) if matches!(unit.as_ref(), "月" | "月份")
            && number.fract().is_zero()
            && let Ok(month @ 1..=12) = u32::try_from(number.mantissa()) =>
        {
            month_done = CellValue::Date {
                year: None,
                month: Some(month),
                day: None,
            };
            &month_done
        }
        _ => actual,
    };
    // A ± band read by a rule's curve on (|)deviation(|): the actual is the deviation itself
    // (江西 成本控制率 `±10%` → `12%`).
    if let (CellValue::Band { unit, .. }, CellValue::Quantity { number: a, .. }) = (target, actual)
        && let Some(name) = rule_curve(s.policy, row, levels.0, levels.1, unit.as_deref())
        && let Some(curve) = s.policy.curves.get(name)
    {
        let measure = match &curve.form {
            CurveForm::Linear { measure, .. } | CurveForm::Steps { measure, .. } => Some(*measure),
            CurveForm::Deduct(d) => Some(d.measure),
            _ => None,
        };
        let x = match measure {
            Some(Measure::AbsDeviation) => Some(a.abs()),
            Some(Measure::Deviation) => Some(*a),
            _ => None,
        };
        if let Some(x) = x {
            if s.coverage
                && let Some(segment) = math::segment(&curve.form, x)
            {
                s.reach(|| format!("curve {name}: {segment}"));
            }
            let v = math::points_at(&curve.form, x, weight)
                .map(|v| math::limit(v, curve.floor, curve.cap, weight))?;
            trace.add(|| {
                format!(
                    "target {}, actual deviation {}: curve `{name}` at {} = {}",
                    row.target,
                    fmt(*a),
                    fmt(x),
                    fmt(v)
                )
            });
            return Some(v);
        }
    }
    let (score, met) = match (target, actual) {
        (CellValue::Range { low, high, .. }, CellValue::Quantity { number: a, .. }) => {
            let (low, high, a) = (*low, *high, *a);
            let nearer = if a < low { low } else { high };
            if (a < low || a > high) && !share_means_something(nearer, a) {
                trace.add(|| {
                    format!(
                        "target range {}–{}, actual {}: outside, {NO_SHARE}",
                        fmt(low),
                        fmt(high),
                        fmt(a)
                    )
                });
                return None;
            }
            // Outside, both numbers are not negative: below, low > a ≥ 0; above, a > high ≥ 0.
            let v = if a < low {
                weight.saturating_mul(a).checked_div(low)?
            } else if a > high {
                weight.saturating_mul(high).checked_div(a)?
            } else {
                weight
            };
            trace.add(|| {
                format!(
                    "target range {}–{}, actual {}: {}",
                    fmt(low),
                    fmt(high),
                    fmt(a),
                    if v == weight {
                        "inside → full weight".to_string()
                    } else {
                        format!(
                            "outside → proportional to the nearer end = {}",
                            fmt(v.round_dp(6))
                        )
                    }
                )
            });
            (v.max(Decimal::ZERO), v >= weight)
        }
        // Outside the band, proportional to its nearer end, as a range is: ±2 % against 2.5 %
        // is 2 ÷ 2.5 of the weight.
        (CellValue::Band { width, .. }, CellValue::Quantity { number: a, .. }) => {
            let met = a.abs() <= *width;
            let v = match met {
                true => weight,
                false => weight.saturating_mul(*width).checked_div(a.abs())?,
            };
            trace.add(|| {
                format!(
                    "target within ±{}, actual {}: {}",
                    fmt(*width),
                    fmt(*a),
                    match met {
                        true => "met".to_string(),
                        false => format!(
                            "outside → proportional to the nearer end = {}",
                            fmt(v.round_dp(6))
                        ),
                    }
                )
            });
            (v.max(Decimal::ZERO), met)
        }
        (
            CellValue::Date { year, month, day },
            CellValue::Date {
                year: ay,
                month: am,
                day: ad,
            },
        ) => {
            // A date without a year (`12月底前`) is in the table's year, else in the other
            // date's; when neither says, both are in the same year (2000: a leap year, so
            // `2月29日` is a day).
            let table_year = s.year;
            let unstated = year.is_none() || ay.is_none();
            let in_year =
                |y: Option<u32>, other: Option<u32>| y.or(table_year).or(other).unwrap_or(2000);
            // A month or a year alone means its last day.
            let end = |y: u32, m: Option<u32>, d: Option<u32>| {
                let m = m.unwrap_or(12);
                (y, m, d.unwrap_or_else(|| last_day(y, m)))
            };
            let due = end(in_year(*year, *ay), *month, *day);
            let done = end(in_year(*ay, *year), *am, *ad);
            let met = done <= due;
            let late = &s.policy.scoring.late;
            trace.add(|| {
                format!(
                    "deadline {}-{:02}-{:02}, done {}-{:02}-{:02}{}: {}",
                    due.0,
                    due.1,
                    due.2,
                    done.0,
                    done.1,
                    done.2,
                    match (unstated, table_year) {
                        (false, _) => "",
                        (true, Some(_)) => " (a date without a year is in the table's year)",
                        (true, None) => " (a date without a year, and the table gives none)",
                    },
                    match (met, late) {
                        (true, _) => "on time".to_string(),
                        (false, Late::Zero) => "late → 0".to_string(),
                        (false, Late::Unscorable) =>
                            "late, which the policy does not score (`late unscorable`)".to_string(),
                        (false, Late::Tier(tier)) => format!("late → tier `{tier}`"),
                    }
                )
            });
            if !met {
                return scored_late(s, row, weight, (due, done), trace);
            }
            (weight, met)
        }
        _ => return None,
    };
    if !met {
        require_reason_for_miss(s, row);
    }
    Some(score)
}

/// A deadline missed, scored as the policy's `late` says: 0, a tier of the qualitative set, or
/// not at all (the table cannot say how much a late completion is worth).
fn scored_late(
    s: &mut Scorer,
    row: &IndicatorRow,
    weight: Decimal,
    (due, done): ((u32, u32, u32), (u32, u32, u32)),
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    match &p.scoring.late {
        Late::Zero => {
            require_reason_for_miss(s, row);
            Some(Decimal::ZERO)
        }
        Late::Tier(name) => {
            let set = p.tiers.get(&p.scoring.qualitative)?;
            let tier = set.tiers.iter().find(|t| &t.name == name)?;
            in_tier(s, row, set, tier, row.actual.trim(), weight, trace)
        }
        Late::Unscorable => {
            require_reason_for_miss(s, row);
            s.unscored = Some(format!(
                "done {}-{:02}-{:02}, after the deadline {}-{:02}-{:02}, and the policy does not say what a late completion earns (`scoring {{ late unscorable }}`)",
                done.0, done.1, done.2, due.0, due.1, due.2
            ));
            None
        }
    }
}

/// A count against a rate per year, or the other way round (`≥2次/年` → `3次`, `≥1次/季度` →
/// `6次`): a self-evaluation covers one year, so the year's count is its rate per year. The
/// actual in the target's unit, and the unit it was read in, when the policy knows `年` and
/// the units differ by a year exactly.
fn over_the_year(
    p: &Policy,
    number: Decimal,
    target_unit: &str,
    actual_unit: &str,
    target: &crate::policy::units::UnitValue,
) -> Option<(String, Decimal)> {
    let per_year = if target_unit.contains('/') {
        format!("{actual_unit}/年")
    } else if actual_unit.contains('/') {
        format!("({actual_unit})*年")
    } else {
        return None;
    };
    let read = p.units.resolve(&per_year).ok()?;
    let value = p.units.convert(number, &read, target)?;
    Some((per_year, value))
}

/// Whether a missed target's proportional credit (actual ÷ target, or target ÷ actual for a
/// cap) is a share of it: only between numbers that are not negative. `≥-0.3` missed by `-0.5`
/// would give -0.5 ÷ -0.3 = 167 %, and `≥5%` missed by `-2%` a negative share: neither says how
/// much of the target was reached. A zero cap exceeded (`0起` → `2起`) gives 0 ÷ 2 = nothing,
/// which is what it means.
fn share_means_something(target: Decimal, actual: Decimal) -> bool {
    target >= Decimal::ZERO && actual >= Decimal::ZERO
}

/// Why a missed target with a negative number in it is not scored in proportion.
const NO_SHARE: &str = "but with a negative number the ratio says nothing of how much of the target was reached: the proportional curve cannot score it";

/// `value` limited to `[low, high]`; a range written upside down (a negative weight) never
/// panics: `low` wins.
pub(super) fn within(value: Decimal, low: Decimal, high: Decimal) -> Decimal {
    value.min(high).max(low)
}

/// The comparator an indicator's name gives its bare target (`结余率(结余数/预算数)≤5%` over
/// `5%`, `科目调整次数≤10次` over `10次`): the name ends in a comparator and the target's own
/// figure. Any other figure in a name is not the target's.
pub(super) fn comparator_in_name(name: &str, number: Decimal) -> Option<Comparator> {
    const STARTS: &[char] = &[
        '≥', '≤', '>', '<', '＞', '＜', '≧', '≦', '⩾', '⩽', '不', '大', '小',
    ];
    name.char_indices()
        .filter(|(_, c)| STARTS.contains(c))
        .find_map(|(at, _)| match parse_cell(&name[at..]) {
            CellValue::Quantity {
                comparator: Some(c),
                number: n,
                ..
            } if n == number => Some(c),
            _ => None,
        })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn quantitative(
    s: &mut Scorer,
    row: &IndicatorRow,
    level1: &str,
    level2: &str,
    target: &CellValue,
    actual: &CellValue,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    let name = row.name.as_str();
    let mut t = qty(target)?;
    let a = qty(actual)?;
    // A spreadsheet's fraction as the target (`0.95` against `90%`): 95 %, when the actual is
    // a percentage more than ten times it. A target written `≤` keeps its figure: small
    // shares are the usual case under a cap.
    if t.unit.is_none()
        && t.comparator.is_none_or(|c| !c.is_reverse())
        && let Some(unit @ ("%" | "百分比")) = a.unit
        && t.number > Decimal::ZERO
        && t.number <= Decimal::ONE
        && a.number > t.number.saturating_mul(dec!(10))
    {
        let percent = t.number.saturating_mul(HUNDRED).normalize();
        trace.add(|| format!("target {} read as a fraction: {percent}%", fmt(t.number)));
        s.find(
            "unit-assumed",
            Some(row.line),
            Some(name),
            format!(
                "target `{}` has no unit; read as a fraction: {percent}%",
                row.target
            ),
        );
        t.number = percent;
        t.unit = Some(unit);
    }
    let cmp = match t.comparator {
        Some(c) => c,
        None => {
            // A level's reading may be for some targets only (`for durations` under 时效指标:
            // `3个月` is a ceiling, 按时完成率 `100%` is read by the plain line; `for amounts`
            // under a cost level: 预算执行率 `100%` there is a share, no amount).
            let mut timed = None;
            let share = matches!(t.unit, Some("%" | "‰" | "百分比"));
            let under = p
                .scoring
                .no_comparator_under
                .iter()
                .find(|(_, levels, applies)| {
                    let Some(level) = levels.iter().find(|l| *l == level1 || *l == level2) else {
                        return false;
                    };
                    match applies {
                        ReadingFor::All => true,
                        ReadingFor::Amounts => !share,
                        ReadingFor::Durations => {
                            let duration = t.unit.is_some_and(|u| is_duration(p, u));
                            timed = duration.then_some(level.as_str());
                            duration
                        }
                    }
                });
            // "At least 0" is met by anything: a bare 0 (`0起` accidents) is a ceiling.
            let zero = t.number.is_zero();
            let named = comparator_in_name(name, t.number);
            // `no-comparator ≤ named 差错率`: a name's ending says which way it is good.
            let core = name.split(['(', '（']).next().unwrap_or(name).trim_end();
            let ending = p
                .scoring
                .no_comparator_named
                .iter()
                .find_map(|(c, endings)| {
                    endings
                        .iter()
                        .find(|e| core.ends_with(e.as_str()))
                        .map(|e| (*c, e))
                });
            let c = if let Some(c) = named {
                c
            } else if zero {
                Comparator::Le
            } else if let Some((c, _)) = ending {
                c
            } else {
                under.map_or(p.scoring.no_comparator, |(c, _, _)| *c)
            };
            let ends = ending.map(|(_, e)| format!(" (the indicator's name ends with `{e}`)"));
            let during = timed.map(|l| format!(" (a duration under `{l}` is a time limit)"));
            s.find(
                "comparator-assumed",
                Some(row.line),
                Some(name),
                concat(&[
                    "target `",
                    &row.target,
                    "` has no comparator; read as `",
                    c.symbol(),
                    "`",
                    if named.is_some() {
                        " (as the indicator's name says)"
                    } else if zero {
                        " (a target of 0 can only be a ceiling)"
                    } else if let Some(ends) = &ends {
                        ends
                    } else if let Some(during) = &during {
                        during
                    } else {
                        ""
                    },
                ]),
            );
            c
        }
    };
    // Units: an actual without one takes the target's; otherwise convert exactly.
    let mut actual_value = a.number;
    match (t.unit, a.unit) {
        (Some(tu), None) => {
            if p.unitless == UnitlessRule::Unscorable {
                return None;
            }
            let percent = a.number.checked_mul(HUNDRED).map(|p| p.normalize());
            let in_base = in_base_unit(p, tu, t.number, a.number);
            let message = match percent.filter(|_| read_as_fraction(cmp, &t, &a)) {
                // `8000` against `≥1万人次`: 8000 人次, not 8000 万人次.
                _ if let Some((base, v)) = &in_base => {
                    let read_in = match base.as_str() {
                        "" => format!("without `{tu}`"),
                        _ => format!("in `{base}`"),
                    };
                    trace.add(|| {
                        format!(
                            "actual {} read {read_in}: = {} {tu}",
                            fmt(a.number),
                            fmt(*v)
                        )
                    });
                    actual_value = *v;
                    format!(
                        "actual `{}` has no unit; read {read_in} ({} {tu}): in `{tu}` it would be {} times the target",
                        row.actual,
                        fmt(*v),
                        fmt(a
                            .number
                            .checked_div(t.number)
                            .unwrap_or_default()
                            .round_dp(0))
                    )
                }
                // A spreadsheet's fraction (`0.98` against `≥95%`): 98 %, not 0.98 %.
                Some(percent) => {
                    trace
                        .add(|| format!("actual {} read as a fraction: {percent}%", fmt(a.number)));
                    actual_value = percent;
                    format!(
                        "actual `{}` has no unit; read as a fraction: {percent}%",
                        row.actual
                    )
                }
                None => {
                    // A share that may be a fraction, but also a small percentage (`0.5`
                    // against `≤5%`): read as written, and say what else it could mean.
                    let hint = percent.filter(|_| may_be_fraction(tu, &t, &a)).map_or(
                        String::new(),
                        |percent| {
                            format!(
                                "; if it is a fraction, it means {percent}% and the row is misread"
                            )
                        },
                    );
                    format!(
                        "actual `{}` has no unit; read in the target's unit `{tu}`{hint}",
                        row.actual
                    )
                }
            };
            s.find("unit-assumed", Some(row.line), Some(name), message);
        }
        (Some(tu), Some(au)) if tu != au => match resolved_pair(p, tu, au) {
            (Ok(tv), Ok(av)) => match p.units.convert(a.number, &av, &tv) {
                Some(v) => {
                    trace.add(|| format!("actual {} {au} = {} {tu}", fmt(a.number), fmt(v)));
                    actual_value = v;
                }
                None if let Some((per_year, v)) = over_the_year(p, a.number, tu, au, &tv) => {
                    s.find(
                        "unit-assumed",
                        Some(row.line),
                        Some(name),
                        format!(
                            "target in `{tu}` and actual in `{au}`: the table covers one year, so the actual is read as {} {per_year}",
                            fmt(a.number)
                        ),
                    );
                    trace.add(|| {
                        let read = format!(
                            "actual {} {au} over the year = {} {per_year}",
                            fmt(a.number),
                            fmt(a.number)
                        );
                        if per_year == tu {
                            read
                        } else {
                            format!("{read} = {} {tu}", fmt(v))
                        }
                    });
                    actual_value = v;
                }
                None if names_both(&row.target, tu, au) || names_both(&row.actual, au, tu) => {
                    trace.add(|| {
                        format!(
                            "actual {} {au}: the table counts in `{tu}` or `{au}` alike",
                            fmt(a.number)
                        )
                    });
                }
                None if let Some(v) =
                    days_within_working_days(p, cmp, t.number, &tv, a.number, &av) =>
                {
                    trace.add(|| {
                        format!(
                            "actual {} {au}: at most {} {tu}, as a calendar day holds at most one working day",
                            fmt(a.number),
                            fmt(v)
                        )
                    });
                    actual_value = v;
                }
                None => {
                    s.find(
                        "unit-mismatch",
                        Some(row.line),
                        Some(name),
                        format!("target in `{tu}` and actual in `{au}` measure different things"),
                    );
                    return None;
                }
            },
            _ => {
                s.find(
                    "unit-mismatch",
                    Some(row.line),
                    Some(name),
                    format!("unit `{tu}` or `{au}` is not known to the policy"),
                );
                return None;
            }
        },
        _ => {}
    }
    let tv = t.number;
    let av = actual_value;
    // `=0起` accidents: "at least 0" would be met by anything, so exactly 0 is a ceiling.
    let cmp = match cmp {
        Comparator::Eq if tv.is_zero() && p.scoring.equal_target == EqualTarget::AtLeast => {
            trace.add(|| format!("target `{}` is exactly 0: read as at most 0", row.target));
            Comparator::Le
        }
        _ => cmp,
    };
    let met = match cmp {
        Comparator::Ge => av >= tv,
        Comparator::Gt => av > tv,
        Comparator::Le => av <= tv,
        Comparator::Lt => av < tv,
        Comparator::Eq => match p.scoring.equal_target {
            EqualTarget::AtLeast => av >= tv,
            EqualTarget::Exact => av == tv,
        },
    };
    // An actual written as a bound (`520余人次` is more than 520, `≥98%`) is known on one side
    // only: it decides the row when every value it allows meets the target, and otherwise the
    // score cannot be known.
    if let Some(bound) = a.comparator.filter(|b| *b != Comparator::Eq) {
        let floor = match cmp {
            Comparator::Ge | Comparator::Gt => true,
            Comparator::Eq => p.scoring.equal_target == EqualTarget::AtLeast,
            Comparator::Le | Comparator::Lt => false,
        };
        let strict = |c: Comparator| matches!(c, Comparator::Gt | Comparator::Lt);
        let decided = match (bound, floor) {
            (Comparator::Ge | Comparator::Gt, true) => {
                av > tv || (av == tv && (!strict(cmp) || strict(bound)))
            }
            (Comparator::Le | Comparator::Lt, false) if cmp != Comparator::Eq => {
                av < tv || (av == tv && (!strict(cmp) || strict(bound)))
            }
            _ => false,
        };
        if !decided {
            trace.add(|| {
                format!(
                    "actual `{}` is a bound ({} {}), not a value: whether and by how much it misses the target cannot be known",
                    row.actual,
                    bound.symbol(),
                    fmt(av)
                )
            });
            return None;
        }
        trace.add(|| {
            format!(
                "actual `{}` is {} {}: the target is met whatever its value",
                row.actual,
                bound.symbol(),
                fmt(av)
            )
        });
    }
    if cmp == Comparator::Eq && p.scoring.equal_target == EqualTarget::AtLeast && av != tv {
        s.find(
            "comparator-assumed",
            Some(row.line),
            Some(name),
            format!("target `{}` is read as at least {}: met when the actual reaches it, like `≥` below it", row.target, fmt(tv)),
        );
    }
    let reverse = cmp.is_reverse();
    // What a curve reads of this row: the scoring curve and the over-achievement deduction.
    let reading = Reading {
        target: tv,
        actual: av,
        unit: t.unit,
        reverse,
    };
    let curve_name =
        rule_curve(p, row, level1, level2, t.unit).unwrap_or(p.scoring.quantitative.as_str());
    let curve = p.curves.get(curve_name)?;
    // Only a trace reads it.
    let desc = if s.explain {
        format!(
            "target {}{}{}, actual {}",
            cmp.symbol(),
            fmt(tv),
            // A space before a unit only: a bare target is `≥1, actual 1`, not `≥1 , …`.
            t.unit
                .filter(|u| !u.is_empty())
                .map_or(String::new(), |u| format!(" {u}")),
            fmt(av)
        )
    } else {
        String::new()
    };
    let raw = match &curve.form {
        CurveForm::AllOrNothing => {
            s.reach(|| format!("curve {curve_name}: {}", if met { "met" } else { "missed" }));
            trace.add(|| {
                format!(
                    "{desc}: {} → {} (curve `{curve_name}`, all or nothing)",
                    if met { "met" } else { "missed" },
                    if met { fmt(weight) } else { "0".into() }
                )
            });
            if met { weight } else { Decimal::ZERO }
        }
        CurveForm::Proportional { zero_actual_full } => {
            let segment = if met {
                "met"
            } else if reverse && av.is_zero() {
                "zero actual"
            } else if reverse {
                "missed (reverse)"
            } else {
                "missed"
            };
            s.reach(|| format!("curve {curve_name}: {segment}"));
            if met {
                trace.add(|| format!("{desc}: met → full weight {}", fmt(weight)));
                weight
            } else if !share_means_something(tv, av) {
                trace.add(|| format!("{desc}: missed, {NO_SHARE}"));
                return None;
            } else if reverse {
                if av.is_zero() {
                    if *zero_actual_full {
                        weight
                    } else {
                        Decimal::ZERO
                    }
                } else {
                    let v = weight.saturating_mul(tv).checked_div(av)?;
                    trace.add(|| {
                        format!(
                            "{desc}: missed → {} × {} ÷ {} = {}",
                            fmt(weight),
                            fmt(tv),
                            fmt(av),
                            fmt(v.round_dp(6))
                        )
                    });
                    v
                }
            } else if tv.is_zero() {
                Decimal::ZERO
            } else {
                let v = weight.saturating_mul(av).checked_div(tv)?;
                trace.add(|| {
                    format!(
                        "{desc}: missed → {} × {} ÷ {} = {}",
                        fmt(weight),
                        fmt(av),
                        fmt(tv),
                        fmt(v.round_dp(6))
                    )
                });
                v
            }
        }
        form => {
            let x = reading.of(s, row, curve_name, curve)?;
            if s.coverage
                && let Some(segment) = math::segment(form, x)
            {
                s.reach(|| format!("curve {curve_name}: {segment}"));
            }
            let v = math::points_at(form, x, weight)
                .map(|v| math::limit(v, curve.floor, curve.cap, weight))?;
            trace.add(|| {
                format!(
                    "{desc}: curve `{curve_name}` at {} = {}",
                    fmt(x.round_dp(6)),
                    fmt(v.round_dp(6))
                )
            });
            v
        }
    };
    let mut limited = math::limit(raw, curve.floor, curve.cap, weight);
    // Whether beating the target counts as over-achieving it: always for ≥, > and =; for ≤ and
    // < (the actual far below a cap) unless the policy exempts them.
    let over_achieves = met && (!reverse || p.deviation.reverse_mirrored);
    // Only an over-achievement is judged by its deviation here: a miss does not divide for it.
    let deviation = if over_achieves {
        reading.deviation()
    } else {
        None
    };
    // An over-achievement past what the policy's deduction curve allows loses points.
    if over_achieves
        && deviation.is_some_and(|d| d > Decimal::ZERO)
        && let Some(deduct_name) = p.deviation.deduct.as_deref()
        && let Some(deduct) = p.curves.get(deduct_name)
    {
        // A deduction that cannot be read (its units differ: the finding says so) takes
        // nothing off; the row keeps its score.
        if let Some(x) = reading.of(s, row, deduct_name, deduct) {
            if s.coverage
                && let Some(segment) = math::segment(&deduct.form, x)
            {
                s.reach(|| format!("curve {deduct_name}: {segment}"));
            }
            if let Some(allowed) = math::points_at(&deduct.form, x, weight)
                .map(|v| math::limit(v, deduct.floor, deduct.cap, weight))
                && allowed < limited
            {
                trace.add(|| {
                    format!(
                        "over-achieved: curve `{deduct_name}` at {} allows {} of the weight {}",
                        fmt(x.round_dp(6)),
                        fmt(allowed.round_dp(6)),
                        fmt(weight)
                    )
                });
                limited = allowed;
            }
        }
    }
    // Reasons the policy requires: for a miss, and for an over-achievement past the threshold.
    if !met {
        require_reason_for_miss(s, row);
    }
    if let (Some(threshold), Some(d)) = (p.deviation.reason_above, deviation)
        && over_achieves
        && d > threshold
        && !reason_given(&row.reason)
    {
        let (by, threshold) = (
            fmt(d.saturating_mul(HUNDRED).round_dp(2)),
            fmt(threshold.saturating_mul(HUNDRED)),
        );
        let (actual, target) = (&row.actual, &row.target);
        s.find(
            "reason-missing-for-overachievement",
            Some(row.line),
            Some(name),
            if reverse {
                format!("actual `{actual}` is {by}% below the cap `{target}`, past the policy's {threshold}%, and no reason is given")
            } else {
                format!("actual `{actual}` exceeds target `{target}` by {by}%, past the policy's {threshold}%, and no reason is given")
            },
        );
    }
    Some(limited)
}

/// A span in calendar days against a ceiling in working days (`≤3个工作日` → `2天`): d days
/// hold at most d working days, so a span no longer than the ceiling's count meets it, and is
/// read as that many working days (in the target's unit). A longer span may or may not
/// (weekends, holidays): the table does not say, and the units stay apart.
fn days_within_working_days(
    p: &Policy,
    cmp: Comparator,
    target: Decimal,
    target_unit: &crate::policy::units::UnitValue,
    actual: Decimal,
    actual_unit: &crate::policy::units::UnitValue,
) -> Option<Decimal> {
    if !matches!(cmp, Comparator::Le | Comparator::Lt) {
        return None;
    }
    let day = p.units.resolve("天").ok()?;
    let working_day = p.units.resolve("工作日").ok()?;
    let days = p.units.convert(actual, actual_unit, &day)?;
    let limit = p.units.convert(target, target_unit, &working_day)?;
    let within = match cmp {
        Comparator::Lt => days < limit,
        _ => days <= limit,
    };
    (within && days >= Decimal::ZERO)
        .then(|| p.units.convert(days, &working_day, target_unit))
        .flatten()
}

/// Whether a unit is a duration to the policy: one of the kind of 分钟, 月 or 工作日 (秒, 天, 日,
/// 小时, 周, 个月, 季度, 年, 个工作日, 个自然日 in national-2020), whatever the policy's base.
fn is_duration(p: &Policy, unit: &str) -> bool {
    p.units.resolved(unit).is_ok_and(|u| {
        ["分钟", "月", "工作日"]
            .iter()
            .any(|d| p.units.get(d).is_some_and(|d| d.dimension == u.dimension))
    })
}

/// Whether a bare actual against a percentage target could be a fraction, as spreadsheets
/// store percentages (`0.985` for 98.5 %): positive, at most 1, against a target above 1 %.
fn may_be_fraction(unit: &str, target: &Qty, actual: &Qty) -> bool {
    matches!(unit, "%" | "百分比")
        && actual.number > Decimal::ZERO
        && actual.number <= Decimal::ONE
        && target.number > Decimal::ONE
}

/// A bare actual against a target in a multiple of a unit (`≥1万人次` → `8000`, `≤5万元` →
/// `48000`): read in the target's unit it would be a thousand times the target or more, and
/// read in the unit without 万 or 亿 it lies within ten times of it either way. The unit it is
/// then read in (empty for a bare `万`: `≥3.2万` → `31500` is 3.15 万), and its value in the
/// target's unit.
fn in_base_unit(
    p: &Policy,
    unit: &str,
    target: Decimal,
    actual: Decimal,
) -> Option<(String, Decimal)> {
    let (base, factor) = match unit.strip_prefix('万') {
        Some(base) => (base, dec!(10000)),
        None => (unit.strip_prefix('亿')?, dec!(100000000)),
    };
    if target <= Decimal::ZERO || actual < target.saturating_mul(dec!(1000)) {
        return None;
    }
    // A bare 万 (`≥3.2万` → `31500`) is a count of ones.
    let value = match base {
        "" => actual.checked_div(factor)?,
        _ => {
            let (from, to) = (p.units.resolve(base).ok()?, p.units.resolve(unit).ok()?);
            p.units.convert(actual, &from, &to)?
        }
    };
    let near = value.saturating_mul(dec!(10)) >= target && value <= target.saturating_mul(dec!(10));
    near.then(|| (base.to_string(), value))
}

/// Whether a cell names its count in two units, the second in brackets after the first
/// (`≥50个（处）`, `≥2座（个）`): the cell's unit `unit` followed by `(other)`. The count is
/// then one in either unit, and an actual in the other (`48处`, `2个`) is read as it.
fn names_both(cell: &str, unit: &str, other: &str) -> bool {
    cell.match_indices(unit).any(|(at, _)| {
        let after = &cell[at + unit.len()..];
        after
            .strip_prefix(['(', '（'])
            .and_then(|rest| rest.strip_prefix(other))
            .is_some_and(|rest| rest.starts_with([')', '）']))
    })
}

/// A unit as the policy resolves it, or why it cannot.
type Resolved<'p> = Result<Cow<'p, crate::policy::units::UnitValue>, String>;

/// Two cells' units resolved by the policy, each a magnitude alone (`万`) read as counting what
/// the other counts ([`in_other_unit`]).
pub(super) fn resolved_pair<'p>(p: &'p Policy, a: &str, b: &str) -> (Resolved<'p>, Resolved<'p>) {
    (
        p.units
            .resolved(&in_other_unit(b, a).unwrap_or(Cow::Borrowed(a))),
        p.units
            .resolved(&in_other_unit(a, b).unwrap_or(Cow::Borrowed(b))),
    )
}

/// A figure written with a magnitude alone (`98.5万` against `≥100万元`, `≥2万` against
/// `2.05万人`) counts what the other cell counts: the magnitude before the other cell's unit,
/// less its own 万 or 亿 (`万` against `万元` or `元` is `万元`, against `亿元` `万元`). `None`
/// when `bare` is not a magnitude alone, or `other` is one too or a share (`%`, `‰`).
pub(super) fn in_other_unit<'u>(other: &str, bare: &'u str) -> Option<Cow<'u, str>> {
    if !matches!(bare, "万" | "亿") || matches!(other, "万" | "亿" | "%" | "‰") {
        return None;
    }
    let counted = other
        .strip_prefix('万')
        .or_else(|| other.strip_prefix('亿'))
        .unwrap_or(other);
    Some(Cow::Owned(format!("{bare}{counted}")))
}

/// Whether a bare actual that may be a fraction ([`may_be_fraction`]) is read as one: against a
/// floor (≥, >, =) when the fraction lands nearer the target than the percentage does, i.e. the
/// percentage is under a tenth of the target (`0.98` against `≥95%` is 98 %; against `≥2%`,
/// 0.98 % is as near as 98 %, and stays). Under a cap small actuals are the usual case (`0.5`
/// against `≤5%` is 0.5 %), so there it is read as written.
fn read_as_fraction(cmp: Comparator, target: &Qty, actual: &Qty) -> bool {
    target
        .unit
        .is_some_and(|u| may_be_fraction(u, target, actual))
        && !cmp.is_reverse()
        && actual.number.saturating_mul(dec!(10)) < target.number
}

/// What a curve can read of a quantitative row: the target and the actual (in the target's
/// unit), and how far past the target the actual is.
struct Reading<'a> {
    target: Decimal,
    actual: Decimal,
    unit: Option<&'a str>,
    /// A ≤ or < target: less is better.
    reverse: bool,
}

impl Reading<'_> {
    /// Deviation (偏离度): how far past the target, in the direction that is better,
    /// (actual − target) ÷ target, mirrored for a reverse target; `None` for a zero target.
    /// Worked out when read: most rows never need it.
    fn deviation(&self) -> Option<Decimal> {
        let (tv, av) = (self.target, self.actual);
        if tv.is_zero() {
            None
        } else if self.reverse {
            tv.saturating_sub(av).checked_div(tv.abs())
        } else {
            av.saturating_sub(tv).checked_div(tv.abs())
        }
    }

    /// The value of the curve's measure (what it reads on its x axis), in the curve's terms:
    /// percent for a ratio or a deviation, base units for an actual when the curve is written
    /// in units. `None` when it cannot be read (the finding says why).
    fn of(
        &self,
        s: &mut Scorer,
        row: &IndicatorRow,
        curve_name: &str,
        curve: &Curve,
    ) -> Option<Decimal> {
        let (tv, av) = (self.target, self.actual);
        let measure = match &curve.form {
            CurveForm::Linear { measure, .. } | CurveForm::Steps { measure, .. } => *measure,
            CurveForm::Deduct(d) => d.measure,
            CurveForm::AllOrNothing | CurveForm::Proportional { .. } => return None,
        };
        Some(match measure {
            // A curve written in units reads the actual in base units (万件 → 件).
            Measure::Actual => match (
                &curve.x_dimension,
                self.unit.map(|u| s.policy.units.resolve(u)),
            ) {
                (Some(dimension), Some(Ok(unit))) if unit.dimension == *dimension => {
                    av.checked_mul(unit.factor)?
                }
                (Some(_), Some(_)) => {
                    s.find(
                        "unit-mismatch",
                        Some(row.line),
                        Some(&row.name),
                        format!(
                            "curve `{curve_name}` is written in other units than the target `{}`",
                            row.target
                        ),
                    );
                    return None;
                }
                _ => av,
            },
            Measure::Ratio => {
                if self.reverse {
                    if av.is_zero() {
                        HUNDRED
                    } else {
                        tv.checked_div(av)?.saturating_mul(HUNDRED)
                    }
                } else if tv.is_zero() {
                    HUNDRED
                } else {
                    av.checked_div(tv)?.saturating_mul(HUNDRED)
                }
            }
            Measure::Deviation => self
                .deviation()
                .map_or(Decimal::ZERO, |d| d.saturating_mul(HUNDRED)),
            Measure::AbsDeviation => self
                .deviation()
                .map_or(Decimal::ZERO, |d| d.abs().saturating_mul(HUNDRED)),
        })
    }
}
