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

/// Characters that say how much, when, or whether, not what is counted: after a unit they
/// keep it from being read as the unit (`2天半`, `1年半`, `3天多`, `200户未脱贫`, `5天后`).
const NOT_A_NOUN: &str = "半多余左右内外前后以及至之不未无没非约近超每均增减降升提高低少差比较";

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

    /// Resolves `元/人*月`; on failure returns the first unknown unit name. A name the table
    /// does not declare may still be read, as a table's cell means it ([`UnitTable::implied`]).
    pub fn resolve(&self, expr: &str) -> Result<UnitValue, String> {
        self.resolved(expr).map(Cow::into_owned)
    }

    /// [`UnitTable::resolve`] of declared names only, for a policy's own text: a name a
    /// policy writes must be one it declares (`人吃` is a typo there, not 人 of something).
    pub fn resolve_declared(&self, expr: &str) -> Result<UnitValue, String> {
        self.read(expr, false).map(Cow::into_owned)
    }

    /// [`UnitTable::resolve`], borrowing a unit named as the table has it (the usual case of a
    /// cell's unit: `万元`, `人次`) rather than copying it.
    ///
    /// A product after `/` stays under it, as tables mean it: `元/人·月`, `元/人*月` and
    /// `元/(人·月)` are `元/人/月`, money per person and month. Brackets group (`元/(人·年)`).
    /// A name the table does not declare may still be read ([`UnitTable::implied`]).
    pub fn resolved(&self, expr: &str) -> Result<Cow<'_, UnitValue>, String> {
        self.read(expr, true)
    }

    /// A unit expression, its names as declared, or also as [`UnitTable::implied`] reads them.
    fn read(&self, expr: &str, implied: bool) -> Result<Cow<'_, UnitValue>, String> {
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
        // The sign of the bracket the name is in, and of the name inside it (after `/`, -1).
        let mut groups: Vec<(i32, i32)> = Vec::new();
        let mut outer = 1;
        let mut sign = 1;
        let mut name = String::new();
        // An empty name is an error (`元/`, `/人`), except beside a bracket: `元/(人·年)`.
        let apply = |name: &str, sign: i32, beside: bool, value: &mut UnitValue| {
            if name.is_empty() && beside {
                return Ok(());
            }
            let unit = match implied {
                true => self.lookup(name),
                false => self.units.get(name).map(Cow::Borrowed),
            }
            .ok_or_else(|| name.to_string())?;
            value.factor = if sign > 0 {
                value.factor.checked_mul(unit.factor)
            } else {
                value.factor.checked_div(unit.factor)
            }
            .ok_or_else(|| name.to_string())?;
            value.dimension.combine(&unit.dimension, sign);
            Ok::<(), String>(())
        };
        let mut closed = false;
        for c in expr.chars() {
            match c {
                '/' | '*' | '·' | '×' => {
                    apply(&name, outer * sign, closed, &mut value)?;
                    if c == '/' {
                        sign = -1;
                    }
                }
                '(' => {
                    apply(&name, outer * sign, true, &mut value)?;
                    groups.push((outer, sign));
                    outer *= sign;
                    sign = 1;
                }
                ')' => {
                    apply(&name, outer * sign, closed, &mut value)?;
                    (outer, sign) = groups.pop().ok_or_else(|| expr.clone())?;
                }
                _ => {
                    name.push(c);
                    closed = false;
                    continue;
                }
            }
            name.clear();
            closed = c == ')';
        }
        if !groups.is_empty() {
            return Err(expr);
        }
        apply(&name, outer * sign, closed, &mut value)?;
        Ok(Cow::Owned(value))
    }

    /// A unit by its name: as declared, or else as [`UnitTable::implied`] reads it.
    fn lookup(&self, name: &str) -> Option<Cow<'_, UnitValue>> {
        match self.units.get(name) {
            Some(unit) => Some(Cow::Borrowed(unit)),
            None => self.implied(name, 0).map(Cow::Owned),
        }
    }

    /// A name not declared, read from declared units as tables write them:
    /// - a magnitude before a unit, `万`, `亿`, `千`, `百万` or `千万`, is that many of it:
    ///   `万羽` is 10000 羽, `万kg` 10000 kg, `3千人` 3000 人 (never before `%` or `‰`);
    /// - `个` before a unit is the unit: `个自然日` is 自然日, `个季度` 季度;
    /// - a unit followed by the name of what it counts, in Chinese characters, is the unit:
    ///   `家企业` is 家, `个行政村` 个, `吨标准煤` 吨 (the longest declared unit it begins with),
    ///   unless a character of it says how much, when or whether ([`NOT_A_NOUN`]: `2天半`).
    ///
    /// Declared names always win: `千克`, `个月` and `万元` are read as declared.
    pub fn implied(&self, name: &str, depth: u8) -> Option<UnitValue> {
        if depth > 2 || name.is_empty() {
            return None;
        }
        let known = |rest: &str| {
            self.units
                .get(rest)
                .cloned()
                .or_else(|| self.implied(rest, depth + 1))
        };
        const MAGNITUDES: [(&str, i64); 5] = [
            ("百万", 1_000_000),
            ("千万", 10_000_000),
            ("万", 10_000),
            ("亿", 100_000_000),
            ("千", 1_000),
        ];
        for (prefix, factor) in MAGNITUDES {
            if let Some(rest) = name.strip_prefix(prefix)
                && !rest.is_empty()
                && !matches!(rest, "%" | "‰")
            {
                if let Some(unit) = known(rest) {
                    return Some(UnitValue {
                        factor: unit.factor.checked_mul(Decimal::from(factor))?,
                        dimension: unit.dimension,
                    });
                }
                return None;
            }
        }
        if let Some(rest) = name.strip_prefix('个')
            && let Some(unit) = known(rest)
        {
            return Some(unit);
        }
        // The longest declared unit the name begins with, the rest Chinese characters.
        let mut best = None;
        for (at, _) in name.char_indices().skip(1) {
            let (unit, noun) = name.split_at(at);
            if noun
                .chars()
                .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !NOT_A_NOUN.contains(c))
                && let Some(unit) = self.units.get(unit)
            {
                best = Some(unit);
            }
        }
        best.cloned()
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn table() -> UnitTable {
        let mut t = UnitTable::default();
        let base = |name: &str| UnitValue {
            factor: Decimal::ONE,
            dimension: Dimension::base(name),
        };
        for name in ["元", "人", "月", "个", "家", "天", "羽", "吨", "平方米"] {
            t.units.insert(name.to_string(), base(name));
        }
        let mut add = |name: &str, factor: Decimal, of: &str| {
            let of = t.units[of].clone();
            t.units.insert(
                name.to_string(),
                UnitValue {
                    factor: of.factor * factor,
                    dimension: of.dimension,
                },
            );
        };
        add("年", dec!(12), "月");
        add("千克", dec!(0.001), "吨");
        add("kg", dec!(1), "千克");
        add("自然日", dec!(1), "天");
        t
    }

    /// A product after `/` stays under it; brackets group; every spelling is one unit.
    #[test]
    fn a_product_after_a_slash_stays_under_it() {
        let t = table();
        let per = t.resolve("元/人/月").unwrap();
        for written in ["元/人·月", "元/人*月", "元/(人·月)", "元/（人·月）"] {
            let written = written.replace('（', "(").replace('）', ")");
            assert_eq!(t.resolve(&written).unwrap(), per, "{written}");
        }
        assert_eq!(
            t.resolve("元/人/年").unwrap().dimension,
            t.resolve("元/(人·年)").unwrap().dimension
        );
        assert_eq!(
            t.resolve("(元/人)*年").unwrap(),
            t.resolve("元*年/人").unwrap()
        );
        for bad in ["元/", "/人", "元/(人", "元/人)", "元//人"] {
            assert!(t.resolve(bad).is_err(), "{bad}");
        }
    }

    /// Names not declared, read from declared ones; declared names win; 半 and the like stop it.
    #[test]
    fn reads_magnitudes_classifiers_and_nouns_after_a_unit() {
        let t = table();
        let read = |name: &str| t.resolve(name).ok();
        assert_eq!(read("万羽").map(|u| u.factor), Some(dec!(10000)));
        assert_eq!(read("万kg").map(|u| u.factor), Some(dec!(10)));
        assert_eq!(read("千人").map(|u| u.factor), Some(dec!(1000)));
        assert_eq!(read("个自然日"), read("天"));
        assert_eq!(read("家企业"), read("家"));
        assert_eq!(read("个行政村"), read("个"));
        assert_eq!(read("万个行政村").map(|u| u.factor), Some(dec!(10000)));
        // A policy's own text names declared units only.
        assert!(t.resolve_declared("家企业").is_err());
        assert!(t.resolve_declared("元/(人·年)").is_ok());
        for unknown in [
            "2天半",
            "天半",
            "年半",
            "天多",
            "个半月",
            "万%",
            "万",
            "千瓦时",
            "人未脱贫",
        ] {
            assert_eq!(read(unknown), None, "{unknown}");
        }
    }
}
