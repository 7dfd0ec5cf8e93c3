//! The impact of a policy change: the same tables scored under an old and a new policy, table by
//! table and indicator by indicator, with the grade-transition matrix a bureau asks for first
//! (how many projects move from 优 to 良). Deterministic, so a report can be committed and
//! reviewed like a snapshot.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::eval::{self, TableResult};
use crate::policy::Policy;
use crate::table::Table;

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorChange {
    pub name: String,
    pub old: String,
    pub new: String,
    pub delta: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableChange {
    pub source: String,
    pub line: usize,
    pub name: String,
    pub old_total: String,
    pub new_total: String,
    pub delta: String,
    pub old_grade: String,
    pub new_grade: String,
    pub indicators: Vec<IndicatorChange>,
    /// Whether the total moved (`99.30` → `99.3` under a policy rounding to one decimal is no move).
    #[serde(skip)]
    pub moved: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub tables: usize,
    pub changed: usize,
    pub grade_changes: usize,
    pub mean_delta: String,
    pub largest_rise: Option<String>,
    pub largest_fall: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Impact {
    pub old_policy: String,
    pub new_policy: String,
    /// Grades in band order (best first), the rows and columns of the matrix.
    pub grades: Vec<String>,
    /// `matrix[old][new]`: how many tables moved from grade `old` to grade `new`.
    pub matrix: BTreeMap<String, BTreeMap<String, usize>>,
    pub tables: Vec<TableChange>,
    pub summary: Summary,
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

/// Grades of both policies, best band first, without repeats.
fn grade_order(old: &Policy, new: &Policy) -> Vec<String> {
    let mut bands: Vec<(Decimal, String)> = old
        .grades
        .iter()
        .chain(new.grades.iter())
        .map(|g| (g.high, g.name.clone()))
        .collect();
    bands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, name) in bands {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Compares one table's results.
fn compare(old: &TableResult, new: &TableResult) -> TableChange {
    let new_scores: BTreeMap<(usize, &str), Decimal> = new
        .indicators
        .iter()
        .map(|i| ((i.line, i.name.as_str()), i.score))
        .collect();
    let mut indicators = Vec::new();
    if old.budget.score != new.budget.score {
        indicators.push(IndicatorChange {
            name: "预算执行率".into(),
            old: old.budget.score.to_string(),
            new: new.budget.score.to_string(),
            delta: signed(new.budget.score.saturating_sub(old.budget.score)),
        });
    }
    for i in &old.indicators {
        if let Some(n) = new_scores.get(&(i.line, i.name.as_str()))
            && *n != i.score
        {
            indicators.push(IndicatorChange {
                name: i.name.clone(),
                old: i.score.to_string(),
                new: n.to_string(),
                delta: signed(n.saturating_sub(i.score)),
            });
        }
    }
    TableChange {
        source: old.source.clone(),
        line: old.line,
        name: old.name.clone(),
        old_total: old.total.to_string(),
        new_total: new.total.to_string(),
        delta: signed(new.total.saturating_sub(old.total)),
        old_grade: old.grade.clone(),
        new_grade: new.grade.clone(),
        indicators,
        moved: new.total != old.total,
    }
}

/// Scores every table under both policies and reports what moved.
pub fn impact<'t>(
    old: &Policy,
    new: &Policy,
    tables: impl IntoIterator<Item = &'t Table>,
) -> Impact {
    let grades = grade_order(old, new);
    let mut matrix: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut changes = Vec::new();
    let mut sum = Decimal::ZERO;
    let mut rise: Option<(Decimal, String)> = None;
    let mut fall: Option<(Decimal, String)> = None;
    for table in tables {
        let (a, b) = (eval::score(old, table), eval::score(new, table));
        *matrix
            .entry(a.grade.clone())
            .or_default()
            .entry(b.grade.clone())
            .or_default() += 1;
        let delta = b.total.saturating_sub(a.total);
        sum = sum.saturating_add(delta);
        let label = format!("{} ({}:{}) {}", a.name, a.source, a.line, signed(delta));
        if delta > Decimal::ZERO && rise.as_ref().is_none_or(|(d, _)| delta > *d) {
            rise = Some((delta, label.clone()));
        }
        if delta < Decimal::ZERO && fall.as_ref().is_none_or(|(d, _)| delta < *d) {
            fall = Some((delta, label));
        }
        changes.push(compare(&a, &b));
    }
    let count = changes.len();
    let mean = if count == 0 {
        Decimal::ZERO
    } else {
        (sum / Decimal::from(count)).round_dp(2)
    };
    let summary = Summary {
        tables: count,
        changed: changes
            .iter()
            .filter(|c| c.moved || !c.indicators.is_empty())
            .count(),
        grade_changes: changes
            .iter()
            .filter(|c| c.old_grade != c.new_grade)
            .count(),
        mean_delta: signed(mean),
        largest_rise: rise.map(|(_, l)| l),
        largest_fall: fall.map(|(_, l)| l),
    };
    Impact {
        old_policy: old.name.clone(),
        new_policy: new.name.clone(),
        grades,
        matrix,
        tables: changes,
        summary,
    }
}

fn cell(matrix: &BTreeMap<String, BTreeMap<String, usize>>, from: &str, to: &str) -> usize {
    matrix
        .get(from)
        .and_then(|m| m.get(to))
        .copied()
        .unwrap_or(0)
}

/// The plain-text report (`--format table`).
pub fn render_text(i: &Impact) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "impact of {} → {} on {} table(s)",
        i.old_policy, i.new_policy, i.summary.tables
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "grade transitions (rows: {}, columns: {}):",
        i.old_policy, i.new_policy
    );
    let _ = write!(out, "{:>6}", "");
    for g in &i.grades {
        let _ = write!(out, "{g:>6}");
    }
    let _ = writeln!(out);
    for from in &i.grades {
        let _ = write!(out, "{from:>5} ");
        for to in &i.grades {
            let _ = write!(out, "{:>6}", cell(&i.matrix, from, to));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
    for t in &i.tables {
        let moved = if t.old_grade != t.new_grade {
            format!("  {} → {}", t.old_grade, t.new_grade)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{} ({}:{}): {} → {} ({}){}",
            t.name, t.source, t.line, t.old_total, t.new_total, t.delta, moved
        );
        for c in &t.indicators {
            let _ = writeln!(out, "    {}: {} → {} ({})", c.name, c.old, c.new, c.delta);
        }
    }
    let s = &i.summary;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "scores changed in {} of {} table(s), {} changed grade; mean change {}",
        s.changed, s.tables, s.grade_changes, s.mean_delta
    );
    if let Some(r) = &s.largest_rise {
        let _ = writeln!(out, "largest rise: {r}");
    }
    if let Some(f) = &s.largest_fall {
        let _ = writeln!(out, "largest fall: {f}");
    }
    out
}

/// The Markdown report (`--format md`), for a merge request.
pub fn render_markdown(i: &Impact) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Impact of `{}` → `{}` on {} table(s)\n",
        i.old_policy, i.new_policy, i.summary.tables
    );
    let _ = write!(out, "| {} ↓ / {} → |", i.old_policy, i.new_policy);
    for g in &i.grades {
        let _ = write!(out, " {g} |");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "|---|{}", "---|".repeat(i.grades.len()));
    for from in &i.grades {
        let _ = write!(out, "| **{from}** |");
        for to in &i.grades {
            let _ = write!(out, " {} |", cell(&i.matrix, from, to));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "\n| table | total | grade | changed indicators |\n|---|---|---|---|"
    );
    for t in &i.tables {
        let indicators: Vec<String> = t
            .indicators
            .iter()
            .map(|c| format!("{} {} → {}", c.name, c.old, c.new))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} → {} ({}) | {} → {} | {} |",
            t.name,
            t.old_total,
            t.new_total,
            t.delta,
            t.old_grade,
            t.new_grade,
            indicators.join("; ")
        );
    }
    let s = &i.summary;
    let _ = writeln!(
        out,
        "\nScores changed in {} of {} table(s), {} changed grade; mean change {}.",
        s.changed, s.tables, s.grade_changes, s.mean_delta
    );
    out
}
