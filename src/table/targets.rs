//! A project given as its declared targets (a `.jx` file of `project` blocks) plus a file of
//! actual values keyed by indicator name: turned into the same [`Table`] a published
//! self-evaluation table gives, and scored the same way.
//!
//! The actuals file is tab-separated with a header row naming its columns: `三级指标` (or
//! `指标`), `实际完成值` (or `实际完成`, `实际值`), and optionally `得分`, `偏差原因分析` and
//! `项目名称` (when it holds several projects). Rows named `全年执行数`, `全年预算数`, `年初预算数`
//! or `实际到位资金` give the funds.

use std::collections::BTreeMap;
use std::path::Path;

use super::{BudgetRow, IndicatorRow, Table, Unreadable, number_cell};
use crate::diagnostic::SourceFile;
use crate::syntax::ast::{DeclaredTarget, ItemKind};

/// One row of an actuals file.
#[derive(Debug, Clone, Default)]
struct Actual {
    value: String,
    score: Option<rust_decimal::Decimal>,
    reason: String,
}

fn unreadable(source: &str, line: usize, message: impl Into<String>) -> Unreadable {
    Unreadable {
        source: source.to_string(),
        line,
        message: message.into(),
    }
}

/// Reads the actuals file: (project, indicator) → value. An empty project key matches any.
fn read_actuals(path: &Path) -> Result<BTreeMap<(String, String), Actual>, Unreadable> {
    let source = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| unreadable(&source, 0, format!("cannot be read: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => encoding_rs::GB18030.decode(e.as_bytes()).0.into_owned(),
    };
    // Column positions: project (optional), indicator, actual, score and reason (optional).
    struct Columns {
        project: Option<usize>,
        name: usize,
        value: usize,
        score: Option<usize>,
        reason: Option<usize>,
    }
    let mut columns: Option<Columns> = None;
    let mut out = BTreeMap::new();
    for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) || line.starts_with('#') {
            continue;
        }
        let Some(Columns {
            project,
            name,
            value,
            score,
            reason,
        }) = columns
        else {
            let find = |keys: &[&str]| {
                cells
                    .iter()
                    .position(|c| keys.iter().any(|k| c.starts_with(k)))
            };
            let name = find(&["三级指标", "指标名称", "指标"]);
            let value = find(&["实际完成", "实际值", "全年实际"]);
            match (name, value) {
                (Some(name), Some(value)) => {
                    columns = Some(Columns {
                        project: find(&["项目"]),
                        name,
                        value,
                        score: find(&["得分"]),
                        reason: find(&["偏差", "原因"]),
                    })
                }
                _ => {
                    return Err(unreadable(
                        &source,
                        n + 1,
                        "the first row must name the columns: 三级指标 and 实际完成值 (得分, 偏差原因分析, 项目名称 optional)",
                    ));
                }
            }
            continue;
        };
        let cell = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .map_or(String::new(), |c| c.to_string())
        };
        let key = (cell(project), cell(Some(name)));
        if key.1.is_empty() {
            continue;
        }
        let actual = Actual {
            value: cell(Some(value)),
            score: score
                .and_then(|i| cells.get(i))
                .and_then(|c| number_cell(c)),
            reason: cell(reason),
        };
        out.insert(key, actual);
    }
    if columns.is_none() {
        return Err(unreadable(&source, 1, "the file is empty"));
    }
    Ok(out)
}

/// The tables of a targets file, with actual values filled in from `actuals`.
pub fn tables(targets: &Path, actuals: &Path) -> Vec<Result<Table, Unreadable>> {
    let source = targets.display().to_string();
    let text = match std::fs::read_to_string(targets) {
        Ok(t) => t,
        Err(e) => return vec![Err(unreadable(&source, 0, format!("cannot be read: {e}")))],
    };
    let actual_rows = match read_actuals(actuals) {
        Ok(rows) => rows,
        Err(u) => return vec![Err(u)],
    };
    let file = SourceFile::new(source.clone(), text);
    let (ast, diagnostics) = crate::syntax::parse(&file);
    if let Some(d) = diagnostics.first() {
        let line = d.span.map_or(0, |s| file.line_column(s.start).0);
        return vec![Err(unreadable(
            &source,
            line,
            format!(
                "the targets file does not parse: {} (run `jixiao check`)",
                d.text().message
            ),
        ))];
    }
    let mut out = Vec::new();
    for item in &ast.items {
        let ItemKind::Project(project) = &item.kind else {
            continue;
        };
        let pname = project.name.value.clone();
        let lookup = |name: &str| {
            actual_rows
                .get(&(pname.clone(), name.to_string()))
                .or_else(|| actual_rows.get(&(String::new(), name.to_string())))
        };
        let line_of = |span: crate::syntax::ast::Span| file.line_column(span.start).0;
        let mut table = Table {
            source: source.clone(),
            line: line_of(project.name.span),
            name: Some(pname.clone()),
            department: project.department.as_ref().map(|d| d.value.clone()),
            year: project.year.as_ref().map(|y| y.value),
            ..Table::default()
        };
        let mut budget = BudgetRow {
            label: "年度资金总额".into(),
            line: table.line,
            ..BudgetRow::default()
        };
        if let Some(b) = &project.budget {
            budget.full_year = Some(b.amount.value);
            budget.weight = b.weight.as_ref().map(|w| w.value);
            table.money_unit = b.unit.as_ref().map(|u| u.first.value.clone());
        }
        for (label, slot) in [
            ("全年执行数", 0),
            ("全年预算数", 1),
            ("年初预算数", 2),
            ("实际到位资金", 3),
        ] {
            if let Some(a) = lookup(label) {
                let value = number_cell(&a.value);
                match slot {
                    0 => budget.executed = value,
                    1 => budget.full_year = value,
                    2 => budget.start_of_year = value,
                    _ => budget.funds_received = value,
                }
            }
        }
        table.budget.push(budget);
        for ind in &project.indicators {
            let target = match &ind.target.value {
                DeclaredTarget::Text(t) => t.clone(),
                DeclaredTarget::Quantity { .. } => file
                    .text
                    .get(ind.target.span.start..ind.target.span.end)
                    .unwrap_or("")
                    .to_string(),
            };
            let actual = lookup(&ind.name.value);
            table.indicators.push(IndicatorRow {
                line: line_of(ind.span),
                level1: ind.level1.value.as_str().into(),
                level2: ind.level2.value.as_str().into(),
                name: ind.name.value.clone(),
                target,
                actual: actual.map_or(String::new(), |a| a.value.clone()),
                weight: Some(ind.weight.value),
                reported_score: actual.and_then(|a| a.score),
                reason: actual.map_or(String::new(), |a| a.reason.clone()),
                columns: super::Columns::default(),
            });
        }
        out.push(Ok(table));
    }
    if out.is_empty() {
        out.push(Err(unreadable(
            &source,
            1,
            "no `project` block in the targets file",
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(p: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
    }

    #[test]
    fn targets_and_actuals_score_like_the_published_table() {
        let policy = crate::check::default_policy().unwrap();
        let read = tables(
            &root("samples/hotline-2023-targets.jx"),
            &root("samples/hotline-2023-actuals.tsv"),
        );
        assert_eq!(read.len(), 1);
        let table = read[0].as_ref().unwrap();
        assert_eq!(table.indicators.len(), 9);
        let result = crate::eval::score(&policy, table);
        assert_eq!(result.total.to_string(), "99.67");
        assert_eq!(
            result.budget.rate.map(|r| r.to_string()).as_deref(),
            Some("96.74")
        );
    }

    #[test]
    fn a_missing_actual_is_a_finding_and_a_bad_actuals_file_is_unreadable() {
        let dir = std::env::temp_dir().join(format!("jixiao-targets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let actuals = dir.join("a.tsv");
        std::fs::write(
            &actuals,
            "三级指标\t实际完成值\n全年执行数\t159.28\n年度投诉举报咨询接收总量\t386.83(万件)\n",
        )
        .unwrap();
        let policy = crate::check::default_policy().unwrap();
        let read = tables(&root("samples/hotline-2023-targets.jx"), &actuals);
        let result = crate::eval::score(&policy, read[0].as_ref().unwrap());
        let missing = result.findings.iter().filter(|f| f.code == "A0501").count();
        assert_eq!(missing, 8, "{:?}", result.findings);
        std::fs::write(&actuals, "名称\t值\n").unwrap();
        let read = tables(&root("samples/hotline-2023-targets.jx"), &actuals);
        assert_eq!(read[0].as_ref().unwrap_err().line, 1);
        // A directory per test run: removed, not left in the system's temporary directory.
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
