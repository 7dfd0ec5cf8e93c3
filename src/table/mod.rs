//! Reading self-evaluation tables as published. A table file may hold many tables; they are
//! read one at a time ([`seed::Tables`]), so memory does not grow with the file.

pub mod seed;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One self-evaluation table (项目支出绩效自评表), as read: cells kept as written, numbers
/// parsed where the column holds numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The file it came from and the line its first row is on.
    pub source: String,
    pub line: usize,
    pub name: Option<String>,
    pub department: Option<String>,
    pub implementer: Option<String>,
    pub year: Option<u32>,
    /// `万元` or `元`, from the funds header.
    pub money_unit: Option<String>,
    pub budget: Vec<BudgetRow>,
    pub indicators: Vec<IndicatorRow>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub reported_total_weight: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub reported_total: Option<Decimal>,
    pub reported_grade: Option<String>,
    /// What the importer repaired or had to assume, in order.
    #[serde(default)]
    pub repairs: Vec<Repair>,
}

/// A row of the funds block: 年度资金总额 first, then its sub-rows (其中：当年财政拨款 …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BudgetRow {
    pub label: String,
    pub line: usize,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub start_of_year: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub full_year: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub executed: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub funds_received: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub weight: Option<Decimal>,
    /// The execution rate as printed, in percent (`96.74`, `99.8%` and `0.998` all → 99.8).
    pub reported_rate: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub reported_score: Option<Decimal>,
}

/// One indicator row (三级指标), cells as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub line: usize,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub actual: String,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub weight: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub reported_score: Option<Decimal>,
    #[serde(default)]
    pub reason: String,
}

/// Something the importer changed or assumed, recorded as an info finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repair {
    pub code: String,
    pub line: usize,
    pub message: String,
}

/// A table the importer could not read, with where it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unreadable {
    pub source: String,
    pub line: usize,
    pub message: String,
}

/// A number cell: `3,432.00`, `１０.００`, `96.74%`; `None` for placeholders and text.
pub fn number_cell(raw: &str) -> Option<Decimal> {
    let text = crate::syntax::cell::normalise(raw);
    let text = text.trim_end_matches('%').trim();
    if text.is_empty() {
        return None;
    }
    let parsed = crate::syntax::cell::parse_cell(text);
    match parsed {
        crate::syntax::cell::CellValue::Quantity {
            comparator: None,
            number,
            unit: None,
        } => Some(number),
        _ => None,
    }
}
