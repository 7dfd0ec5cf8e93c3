//! Intervals that must partition a range: grade bands over 0–100 and qualitative tiers over
//! 0–100 %. Finds gaps, overlaps, missing coverage, empty intervals and inconsistent ends.

use rust_decimal::Decimal;

use crate::syntax::ast::Span;

/// One interval as the checker sees it.
#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub low: Decimal,
    pub low_closed: bool,
    pub high: Decimal,
    pub high_closed: bool,
    pub span: Span,
}

/// What is wrong with a set of bands.
#[derive(Debug, Clone, PartialEq)]
pub enum Flaw {
    Empty {
        band: usize,
    },
    Gap {
        after: Option<usize>,
        low: Decimal,
        high: Decimal,
        example: Decimal,
    },
    Overlap {
        first: usize,
        second: usize,
        low: Decimal,
        high: Decimal,
    },
    Uncovered {
        at: Option<usize>,
        low: Decimal,
        high: Decimal,
        example: Decimal,
    },
    InconsistentEnds {
        band: usize,
    },
}

fn example(low: Decimal, high: Decimal) -> Decimal {
    (low / Decimal::TWO)
        .saturating_add(high / Decimal::TWO)
        .normalize()
}

/// Checks that `bands` cover `[lo, hi]` exactly once.
pub fn analyse(bands: &[Band], lo: Decimal, hi: Decimal) -> Vec<Flaw> {
    let mut flaws = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    for (i, b) in bands.iter().enumerate() {
        let empty = b.low > b.high || (b.low == b.high && !(b.low_closed && b.high_closed));
        if empty {
            flaws.push(Flaw::Empty { band: i });
        } else {
            order.push(i);
        }
    }
    order.sort_by(|a, b| {
        let (x, y) = (&bands[*a], &bands[*b]);
        (x.low, !x.low_closed).cmp(&(y.low, !y.low_closed))
    });
    // `reach`: how far the bands seen so far cover, and whether that end is included.
    let mut reach: Option<(Decimal, bool, usize)> = None;
    for &i in &order {
        let b = &bands[i];
        match reach {
            None => {
                if b.low > lo || (b.low == lo && !b.low_closed) {
                    flaws.push(Flaw::Uncovered {
                        at: Some(i),
                        low: lo,
                        high: b.low,
                        example: if b.low == lo { lo } else { example(lo, b.low) },
                    });
                }
            }
            Some((end, end_closed, prev)) => {
                if b.low > end {
                    flaws.push(Flaw::Gap {
                        after: Some(prev),
                        low: end,
                        high: b.low,
                        example: example(end, b.low),
                    });
                } else if b.low == end {
                    if end_closed && b.low_closed {
                        flaws.push(Flaw::Overlap {
                            first: prev,
                            second: i,
                            low: end,
                            high: end,
                        });
                    } else if !end_closed && !b.low_closed {
                        flaws.push(Flaw::Gap {
                            after: Some(prev),
                            low: end,
                            high: end,
                            example: end,
                        });
                    }
                } else {
                    flaws.push(Flaw::Overlap {
                        first: prev,
                        second: i,
                        low: b.low,
                        high: end.min(b.high),
                    });
                }
            }
        }
        let extends = match reach {
            None => true,
            Some((end, end_closed, _)) => {
                b.high > end || (b.high == end && b.high_closed && !end_closed)
            }
        };
        if extends {
            reach = Some((b.high, b.high_closed, i));
        }
    }
    if let Some((end, end_closed, last)) = reach {
        if end < hi || (end == hi && !end_closed) {
            flaws.push(Flaw::Uncovered {
                at: Some(last),
                low: end,
                high: hi,
                example: if end == hi { hi } else { example(end, hi) },
            });
        }
    } else if !bands.is_empty() {
        flaws.push(Flaw::Uncovered {
            at: None,
            low: lo,
            high: hi,
            example: example(lo, hi),
        });
    }
    if flaws.is_empty() {
        // Interior ends: `[a, b)` style includes the lower end, `(a, b]` the upper one.
        let mut lower_style = Vec::new();
        let mut upper_style = Vec::new();
        for &i in &order {
            let b = &bands[i];
            if b.low != lo {
                if b.low_closed {
                    lower_style.push(i)
                } else {
                    upper_style.push(i)
                }
            }
        }
        if !lower_style.is_empty() && !upper_style.is_empty() {
            let minority = if lower_style.len() >= upper_style.len() {
                &upper_style
            } else {
                &lower_style
            };
            if let Some(&band) = minority.first() {
                flaws.push(Flaw::InconsistentEnds { band });
            }
        }
    }
    flaws
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn band(name: &str, lc: bool, low: Decimal, high: Decimal, hc: bool) -> Band {
        Band {
            name: name.into(),
            low,
            low_closed: lc,
            high,
            high_closed: hc,
            span: Span::default(),
        }
    }

    #[test]
    fn national_bands_partition_0_to_100() {
        let bands = [
            band("优", true, dec!(90), dec!(100), true),
            band("良", true, dec!(80), dec!(90), false),
            band("中", true, dec!(60), dec!(80), false),
            band("差", true, dec!(0), dec!(60), false),
        ];
        assert_eq!(analyse(&bands, dec!(0), dec!(100)), vec![]);
    }

    #[test]
    fn integer_labelled_bands_leave_gaps_named_by_an_example() {
        let bands = [
            band("优", true, dec!(90), dec!(100), true),
            band("良", true, dec!(80), dec!(89), true),
            band("中", true, dec!(60), dec!(79), true),
            band("差", true, dec!(0), dec!(59), true),
        ];
        let flaws = analyse(&bands, dec!(0), dec!(100));
        assert!(
            flaws.contains(&Flaw::Gap {
                after: Some(1),
                low: dec!(89),
                high: dec!(90),
                example: dec!(89.5)
            }),
            "{flaws:?}"
        );
        assert_eq!(flaws.len(), 3);
    }

    #[test]
    fn shared_closed_end_is_an_overlap_and_open_ends_a_point_gap() {
        let overlap = [
            band("a", true, dec!(0), dec!(50), true),
            band("b", true, dec!(50), dec!(100), true),
        ];
        assert_eq!(
            analyse(&overlap, dec!(0), dec!(100)),
            vec![Flaw::Overlap {
                first: 0,
                second: 1,
                low: dec!(50),
                high: dec!(50)
            }]
        );
        let gap = [
            band("a", true, dec!(0), dec!(50), false),
            band("b", false, dec!(50), dec!(100), true),
        ];
        assert_eq!(
            analyse(&gap, dec!(0), dec!(100)),
            vec![Flaw::Gap {
                after: Some(0),
                low: dec!(50),
                high: dec!(50),
                example: dec!(50)
            }]
        );
    }
}
