//! Units with dimensions and exact conversions: 万件 = 10000 件; 元/人 is money per person.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

/// A product of base units with integer exponents: 元/人 is {元: 1, 人: -1}.
#[derive(Debug, Clone, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Dimension(pub BTreeMap<String, i32>);

impl Dimension {
    pub fn base(name: &str) -> Self {
        Dimension(BTreeMap::from([(name.to_string(), 1)]))
    }

    fn combine(&mut self, other: &Dimension, sign: i32) {
        for (base, exp) in &other.0 {
            let entry = self.0.entry(base.clone()).or_insert(0);
            *entry += exp * sign;
            if *entry == 0 {
                self.0.remove(base);
            }
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num: Vec<String> = self
            .0
            .iter()
            .filter(|(_, e)| **e > 0)
            .map(|(b, e)| power(b, *e))
            .collect();
        let den: Vec<String> = self
            .0
            .iter()
            .filter(|(_, e)| **e < 0)
            .map(|(b, e)| power(b, -*e))
            .collect();
        let num = if num.is_empty() {
            "1".to_string()
        } else {
            num.join("·")
        };
        if den.is_empty() {
            write!(f, "{num}")
        } else {
            write!(f, "{num}/{}", den.join("·"))
        }
    }
}

fn power(base: &str, exp: i32) -> String {
    if exp == 1 {
        base.to_string()
    } else {
        format!("{base}^{exp}")
    }
}

/// One unit: how many base units it is worth, and its dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitValue {
    pub factor: Decimal,
    pub dimension: Dimension,
}

#[derive(Debug, Clone, Default)]
pub struct UnitTable {
    pub units: BTreeMap<String, UnitValue>,
}

impl UnitTable {
    pub fn get(&self, name: &str) -> Option<&UnitValue> {
        self.units.get(name)
    }

    /// Resolves `元/人*月`; on failure returns the first unknown unit name.
    pub fn resolve(&self, expr: &str) -> Result<UnitValue, String> {
        self.resolved(expr).map(Cow::into_owned)
    }

    /// [`UnitTable::resolve`], borrowing a unit named as the table has it (the usual case of a
    /// cell's unit: `万元`, `人次`) rather than copying it.
    pub fn resolved(&self, expr: &str) -> Result<Cow<'_, UnitValue>, String> {
        if !expr.chars().any(char::is_whitespace)
            && let Some(unit) = self.units.get(expr)
        {
            return Ok(Cow::Borrowed(unit));
        }
        let expr: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(unit) = self.units.get(&expr) {
            return Ok(Cow::Borrowed(unit));
        }
        let mut value = UnitValue {
            factor: Decimal::ONE,
            dimension: Dimension::default(),
        };
        let mut sign = 1;
        let mut name = String::new();
        let apply = |name: &str, sign: i32, value: &mut UnitValue| -> Result<(), String> {
            let unit = self.units.get(name).ok_or_else(|| name.to_string())?;
            value.factor = if sign > 0 {
                value.factor.checked_mul(unit.factor)
            } else {
                value.factor.checked_div(unit.factor)
            }
            .ok_or_else(|| name.to_string())?;
            value.dimension.combine(&unit.dimension, sign);
            Ok(())
        };
        for c in expr.chars() {
            if matches!(c, '/' | '*' | '·' | '×') {
                apply(&name, sign, &mut value)?;
                name.clear();
                sign = if c == '/' { -1 } else { 1 };
            } else {
                name.push(c);
            }
        }
        apply(&name, sign, &mut value)?;
        Ok(Cow::Owned(value))
    }

    /// Converts `amount` in unit `from` to unit `to`, when their dimensions agree. A factor
    /// that is a third or a twelfth (`季度 = 3 月` against `年 = 12 月`) is held to 28 digits, so
    /// the result is rounded to 20 decimals: `10 次/年` is 2.5 次/季度, not 2.4999…92.
    pub fn convert(&self, amount: Decimal, from: &UnitValue, to: &UnitValue) -> Option<Decimal> {
        if from.dimension != to.dimension {
            return None;
        }
        let value = amount.checked_mul(from.factor)?.checked_div(to.factor)?;
        Some(if value.scale() > 20 {
            value.round_dp(20)
        } else {
            value
        })
    }

    /// Known unit names, for did-you-mean.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.units.keys().map(String::as_str)
    }
}
