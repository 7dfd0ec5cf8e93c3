//! Results → the formats people read: a terminal table, JSON, JSON Lines, CSV, Markdown.
//! Every decimal is written as a string, as printed in the table.

pub mod html;
pub mod jsonl;
pub mod xlsx;

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::eval::TableResult;
use crate::eval::score::Status;
use crate::policy::Policy;

/// The JSON view of one scored table (product contract: name, total, grade, budget, indicators,
/// findings; every decimal a string).
#[derive(Debug, Serialize)]
pub struct JsonTable<'a> {
    pub name: &'a str,
    pub source: &'a str,
    pub line: usize,
    pub year: Option<u32>,
    #[serde(serialize_with = "decimal")]
    pub total: Decimal,
    pub grade: &'a str,
    #[serde(serialize_with = "optional_display")]
    pub reported_total: Option<Decimal>,
    pub reported_grade: Option<&'a str>,
    pub budget: JsonBudget<'a>,
    pub indicators: Vec<JsonIndicator<'a>>,
    pub findings: Vec<JsonFinding<'a>>,
    pub receipt: Receipt<'a>,
}

#[derive(Debug, Serialize)]
pub struct JsonBudget<'a> {
    #[serde(serialize_with = "decimal")]
    pub weight: Decimal,
    #[serde(serialize_with = "optional_display")]
    pub rate: Option<Decimal>,
    #[serde(serialize_with = "decimal")]
    pub score: Decimal,
    pub reported_rate: Option<&'a str>,
    #[serde(serialize_with = "optional_display")]
    pub reported_score: Option<Decimal>,
    /// Present when traces were asked for (`--explain`).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub trace: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct JsonIndicator<'a> {
    pub level1: &'a str,
    pub level2: &'a str,
    pub name: &'a str,
    pub target: &'a str,
    pub actual: &'a str,
    #[serde(serialize_with = "optional_display")]
    pub weight: Option<Decimal>,
    #[serde(serialize_with = "decimal")]
    pub score: Decimal,
    #[serde(serialize_with = "optional_display")]
    pub reported_score: Option<Decimal>,
    pub status: Status,
    pub line: usize,
    /// Present when traces were asked for (`--explain`).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub trace: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub severity: crate::syntax::ast::Severity,
    pub message: &'a str,
    pub file: &'a str,
    pub line: Option<usize>,
    /// `FILE:17`, or `FILE#SHEET!E17` for a cell of a workbook.
    #[serde(serialize_with = "optional_display")]
    pub location: Option<crate::table::Location<'a>>,
    pub indicator: Option<&'a str>,
}

/// Which rules produced a result, so it can always be reproduced.
#[derive(Debug, Serialize)]
pub struct Receipt<'a> {
    pub policy: &'a str,
    pub jurisdiction: Option<&'a str>,
    pub years: Option<String>,
    pub policy_hash: &'a str,
    pub parents: &'a [String],
    pub jixiao: &'static str,
    /// `sha256:…` of the input file.
    pub input: Option<&'a str>,
}

/// A decimal as a JSON string, as printed in the table; written straight into the output.
fn decimal<S: serde::Serializer>(d: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(d)
}

/// A decimal (or a location) as a JSON string, or `null`.
fn optional_display<S: serde::Serializer, T: std::fmt::Display>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.collect_str(v),
        None => serializer.serialize_none(),
    }
}

pub fn json_table<'a>(r: &'a TableResult, policy: &'a Policy) -> JsonTable<'a> {
    JsonTable {
        name: &r.name,
        source: &r.source,
        line: r.line,
        year: r.year,
        total: r.total,
        grade: &r.grade,
        reported_total: r.reported_total,
        reported_grade: r.reported_grade.as_deref(),
        budget: JsonBudget {
            weight: r.budget.weight,
            rate: r.budget.rate,
            score: r.budget.score,
            reported_rate: r.budget.reported_rate.as_deref(),
            reported_score: r.budget.reported_score,
            trace: &r.budget.trace,
        },
        indicators: r
            .indicators
            .iter()
            .map(|i| JsonIndicator {
                level1: &i.level1,
                level2: &i.level2,
                name: &i.name,
                target: &i.target,
                actual: &i.actual,
                weight: i.weight,
                score: i.score,
                reported_score: i.reported_score,
                status: i.status,
                line: i.line,
                trace: &i.trace,
            })
            .collect(),
        findings: r
            .findings
            .iter()
            .map(|f| JsonFinding {
                code: f.code,
                name: f.name,
                severity: f.severity,
                message: &f.message,
                file: &r.source,
                line: f.line,
                location: f.line.map(|line| crate::table::Location {
                    source: &r.source,
                    line,
                    column: f.column,
                }),
                indicator: f.indicator.as_deref(),
            })
            .collect(),
        receipt: Receipt {
            policy: &policy.name,
            jurisdiction: policy.jurisdiction.as_deref(),
            years: policy.years.map(|y| y.to_string()),
            policy_hash: &policy.content_hash,
            parents: &policy.parents,
            jixiao: env!("CARGO_PKG_VERSION"),
            input: r.input_hash.as_deref(),
        },
    }
}

/// One line naming the rules and the input that produced a result.
pub fn receipt_line(r: &TableResult, policy: &Policy) -> String {
    let years = policy.years.map_or(String::new(), |y| format!(", {y}"));
    let parents = if policy.parents.is_empty() {
        String::new()
    } else {
        format!(" extends {}", policy.parents.join(" → "))
    };
    let input = r.input_hash.as_deref().map_or(String::new(), |h| {
        format!(" · input {}", crate::receipt::short(h))
    });
    format!(
        "policy {} ({}{years}){parents} {}{input} · jixiao {}",
        policy.name,
        policy.jurisdiction.as_deref().unwrap_or("no jurisdiction"),
        crate::receipt::short(&policy.content_hash),
        env!("CARGO_PKG_VERSION")
    )
}

fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn opt(d: Option<Decimal>) -> String {
    d.map_or("—".into(), |d| d.to_string())
}

/// A readable terminal table, CJK-aligned: reported and computed side by side, findings under it.
pub fn write_text(
    out: &mut dyn Write,
    r: &TableResult,
    policy: &Policy,
    explain: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "{}  ({}:{})  policy {}",
        if r.name.is_empty() {
            "(unnamed table)"
        } else {
            &r.name
        },
        r.source,
        r.line,
        policy.name
    )?;
    let rows: Vec<[String; 5]> = std::iter::once([
        "预算执行率".to_string(),
        r.budget.reported_rate.clone().unwrap_or_else(|| "—".into()),
        r.budget.rate.map_or("—".into(), |d| format!("{d}%")),
        r.budget.weight.to_string(),
        format!("{} / {}", opt(r.budget.reported_score), r.budget.score),
    ])
    .chain(r.indicators.iter().map(|i| {
        [
            i.name.clone(),
            i.target.clone(),
            i.actual.clone(),
            i.weight.map_or("—".into(), |w| w.to_string()),
            if i.status == Status::NotApplicable {
                "not applicable".into()
            } else {
                format!("{} / {}", opt(i.reported_score), i.score)
            },
        ]
    }))
    .collect();
    let header = [
        "indicator",
        "target",
        "actual",
        "weight",
        "reported / computed",
    ];
    let mut widths = header.map(UnicodeWidthStr::width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let line = |cells: &[String; 5]| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| pad(c, w))
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "  {}", line(&header.map(String::from)).trim_end())?;
    for (k, row) in rows.iter().enumerate() {
        writeln!(out, "  {}", line(row).trim_end())?;
        if explain {
            let trace = if k == 0 {
                &r.budget.trace
            } else {
                &r.indicators[k - 1].trace
            };
            for t in trace {
                writeln!(out, "      {t}")?;
            }
        }
    }
    writeln!(
        out,
        "  total {} / {}  grade {} / {}",
        opt(r.reported_total),
        r.total,
        r.reported_grade.as_deref().unwrap_or("—"),
        if r.grade.is_empty() { "—" } else { &r.grade }
    )?;
    for f in &r.findings {
        let at = f.line.map_or(String::new(), |l| {
            format!("{} ", crate::table::location(&r.source, l, f.column))
        });
        writeln!(
            out,
            "  {} {} {at}{}",
            f.code,
            format!("{:?}", f.severity).to_lowercase(),
            f.message
        )?;
    }
    writeln!(out, "  receipt: {}", receipt_line(r, policy))?;
    writeln!(out)
}

pub fn write_markdown(out: &mut dyn Write, r: &TableResult, policy: &Policy) -> io::Result<()> {
    writeln!(out, "## {} ({}:{})\n", r.name, r.source, r.line)?;
    writeln!(
        out,
        "Total **{}**, grade **{}** (reported {} {}).\n\nReceipt: {}.\n",
        r.total,
        if r.grade.is_empty() { "—" } else { &r.grade },
        opt(r.reported_total),
        r.reported_grade.as_deref().unwrap_or("—"),
        receipt_line(r, policy)
    )?;
    writeln!(
        out,
        "| indicator | target | actual | weight | reported | computed |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    writeln!(
        out,
        "| 预算执行率 | | {} | {} | {} | {} |",
        r.budget.rate.map_or("—".into(), |d| format!("{d}%")),
        r.budget.weight,
        opt(r.budget.reported_score),
        r.budget.score
    )?;
    for i in &r.indicators {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i.name,
            i.target,
            i.actual,
            i.weight.map_or("—".into(), |w| w.to_string()),
            opt(i.reported_score),
            i.score
        )?;
    }
    if !r.findings.is_empty() {
        writeln!(out)?;
        for f in &r.findings {
            writeln!(
                out,
                "- `{}` {}: {}{}",
                f.code,
                format!("{:?}", f.severity).to_lowercase(),
                f.message,
                f.line.map_or(String::new(), |l| format!(
                    " ({})",
                    crate::table::location(&r.source, l, f.column)
                ))
            )?;
        }
    }
    writeln!(out)
}

pub const CSV_HEADER: &str = "source,line,name,total,grade,reported_total,reported_grade,budget_rate,budget_score,errors,warnings,infos,policy,policy_hash,input_hash,jixiao";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn write_csv_row(out: &mut dyn Write, r: &TableResult, policy: &Policy) -> io::Result<()> {
    use crate::syntax::ast::Severity;
    let count = |sev| r.findings.iter().filter(|f| f.severity == sev).count();
    writeln!(
        out,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        csv_field(&r.source),
        r.line,
        csv_field(&r.name),
        r.total,
        csv_field(&r.grade),
        r.reported_total.map_or(String::new(), |d| d.to_string()),
        csv_field(r.reported_grade.as_deref().unwrap_or("")),
        r.budget.rate.map_or(String::new(), |d| d.to_string()),
        r.budget.score,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        csv_field(&policy.name),
        policy.content_hash,
        r.input_hash.as_deref().unwrap_or(""),
        env!("CARGO_PKG_VERSION")
    )
}
