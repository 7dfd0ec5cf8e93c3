//! Policy tests: a bureau pins the expected results of its policy in a `*.test.toml` file —
//! a table (by path or inline) and the total, grade, indicator scores and findings it must
//! give — and `jixiao test` checks them, like a test runner; `--update` rewrites the
//! expectations after a deliberate change, keeping the file's comments, so the change is
//! reviewed as a diff. The format is documented in `docs/testing.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::eval::{self, TableResult};
use crate::policy::Policy;
use crate::table::{self, Table};

/// One case's outcome.
#[derive(Debug)]
pub struct CaseResult {
    pub file: PathBuf,
    pub name: String,
    /// Expected vs actual, one line per difference; empty when the case passed.
    pub failures: Vec<String>,
    /// The scored table, for the trace shown on failure.
    pub result: Option<TableResult>,
}

/// One test file's outcome.
#[derive(Debug)]
pub struct FileResult {
    pub file: PathBuf,
    pub policy: Option<Policy>,
    pub cases: Vec<CaseResult>,
    /// A file that could not be run at all (bad TOML, unknown policy, missing table).
    pub error: Option<String>,
    /// The rewritten file, with `update`.
    pub updated: Option<String>,
}

fn resolve_policy(file: &Path, spec: &str) -> Result<Policy, String> {
    let as_path = file.parent().unwrap_or(Path::new(".")).join(spec);
    let loaded = if spec.ends_with(".jx") || as_path.is_file() {
        crate::check::load_policy(&as_path)
    } else if spec == crate::check::DEFAULT_POLICY {
        crate::check::default_policy()
    } else {
        return Err(format!(
            "policy `{spec}` is neither a built-in policy nor a file beside the test"
        ));
    };
    loaded.map_err(|d| {
        let first = d.first().map(|d| d.text().message).unwrap_or_default();
        format!("policy `{spec}` has errors ({first}); run `jixiao check` on it")
    })
}

fn str_of<'a>(table: &'a toml_edit::Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(|v| v.as_str())
}

/// The table a case names: a file (and which table in it), or an inline table.
fn case_table(file: &Path, case: &toml_edit::Table) -> Result<Table, String> {
    let tables: Vec<Table> = if let Some(inline) = str_of(case, "tsv") {
        let name = format!("{}#inline", file.display());
        table::seed::Tables::new(inline.as_bytes(), name)
            .collect::<Result<_, _>>()
            .map_err(|u| u.message)?
    } else if let Some(path) = str_of(case, "table") {
        let full = file.parent().unwrap_or(Path::new(".")).join(path);
        if !full.is_file() {
            return Err(format!("table file `{}` not found", full.display()));
        }
        let tables: Box<dyn Iterator<Item = Result<Table, table::Unreadable>>> =
            if path.ends_with(".jx") {
                let Some(actuals) = str_of(case, "actuals") else {
                    return Err("a targets file (.jx) needs `actuals = \"PATH\"`".into());
                };
                let actuals = file.parent().unwrap_or(Path::new(".")).join(actuals);
                Box::new(table::targets::tables(&full, &actuals).into_iter())
            } else {
                table::read_path(&full)
            };
        tables
            .collect::<Result<_, _>>()
            .map_err(|u| format!("{}:{}: {}", u.source, u.line, u.message))?
    } else {
        return Err("a case needs `table = \"PATH\"` or `tsv = '''…'''`".into());
    };
    if let Some(project) = str_of(case, "project") {
        return tables
            .into_iter()
            .find(|t| t.name.as_deref() == Some(project))
            .ok_or_else(|| format!("no table named `{project}`"));
    }
    let index = case.get("index").and_then(|v| v.as_integer()).unwrap_or(1);
    let count = tables.len();
    usize::try_from(index - 1)
        .ok()
        .and_then(|i| tables.into_iter().nth(i))
        .ok_or_else(|| format!("table {index} asked for, the file has {count}"))
}

fn codes(result: &TableResult) -> Vec<String> {
    let mut codes: Vec<String> = result.findings.iter().map(|f| f.code.to_string()).collect();
    codes.sort();
    codes
}

/// Replaces a value, keeping the spaces and the comment around it.
fn replace_value(item: &mut toml_edit::Item, new: toml_edit::Value) {
    match item.as_value_mut() {
        Some(value) => {
            let decor = value.decor().clone();
            *value = new;
            *value.decor_mut() = decor;
        }
        None => *item = toml_edit::Item::Value(new),
    }
}

/// Compares one case; with `update`, writes the actual values into it.
fn run_case(case: &mut toml_edit::Table, result: &TableResult, update: bool) -> Vec<String> {
    let mut failures = Vec::new();
    let mut check = |case: &mut toml_edit::Table, key: &str, actual: String| {
        if let Some(expected) = str_of(case, key)
            && expected != actual
        {
            failures.push(format!("{key}: expected {expected}, got {actual}"));
            if update {
                replace_value(&mut case[key], actual.into());
            }
        }
    };
    check(case, "total", result.total.to_string());
    check(case, "grade", result.grade.clone());
    check(
        case,
        "budget_rate",
        result.budget.rate.map_or("—".into(), |r| r.to_string()),
    );
    check(case, "budget_score", result.budget.score.to_string());
    if let Some(expected) = case.get("findings").and_then(|v| v.as_array()) {
        let mut want: Vec<String> = expected
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        want.sort();
        let got = codes(result);
        if want != got {
            failures.push(format!(
                "findings: expected [{}], got [{}]",
                want.join(", "),
                got.join(", ")
            ));
            if update {
                replace_value(
                    &mut case["findings"],
                    got.into_iter().collect::<toml_edit::Array>().into(),
                );
            }
        }
    }
    let scores: BTreeMap<&str, String> = result
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.score.to_string()))
        .collect();
    if let Some(indicators) = case
        .get_mut("indicators")
        .and_then(|v| v.as_table_like_mut())
    {
        let keys: Vec<String> = indicators.iter().map(|(k, _)| k.to_string()).collect();
        for key in keys {
            let expected = indicators
                .get(&key)
                .and_then(|v| v.as_str())
                .map(String::from);
            let actual = scores
                .get(key.as_str())
                .cloned()
                .unwrap_or_else(|| "absent".into());
            if expected.as_deref() != Some(actual.as_str()) {
                failures.push(format!(
                    "indicator `{key}`: expected {}, got {actual}",
                    expected.as_deref().unwrap_or("?")
                ));
                if update && let Some(item) = indicators.get_mut(&key) {
                    replace_value(item, actual.into());
                }
            }
        }
    }
    failures
}

/// Runs one test file.
pub fn run_file(file: &Path, update: bool) -> FileResult {
    let mut out = FileResult {
        file: file.to_path_buf(),
        policy: None,
        cases: Vec::new(),
        error: None,
        updated: None,
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            out.error = Some(format!("cannot be read: {e}"));
            return out;
        }
    };
    let mut doc = match text.parse::<toml_edit::DocumentMut>() {
        Ok(d) => d,
        Err(e) => {
            out.error = Some(format!("not valid TOML: {e}"));
            return out;
        }
    };
    let policy_spec = doc
        .get("policy")
        .and_then(|v| v.as_str())
        .unwrap_or(crate::check::DEFAULT_POLICY)
        .to_string();
    let policy = match resolve_policy(file, &policy_spec) {
        Ok(p) => p,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    let Some(cases) = doc.get_mut("case").and_then(|c| c.as_array_of_tables_mut()) else {
        out.error = Some("no `[[case]]` in the file".into());
        return out;
    };
    for (i, case) in cases.iter_mut().enumerate() {
        let name = str_of(case, "name").map_or_else(|| format!("case {}", i + 1), String::from);
        match case_table(file, case) {
            Ok(table) => {
                let result = eval::score(&policy, &table);
                let failures = run_case(case, &result, update);
                out.cases.push(CaseResult {
                    file: file.to_path_buf(),
                    name,
                    failures,
                    result: Some(result),
                });
            }
            Err(e) => out.cases.push(CaseResult {
                file: file.to_path_buf(),
                name,
                failures: vec![e],
                result: None,
            }),
        }
    }
    let rewritten = doc.to_string();
    if update && rewritten != text {
        out.updated = Some(rewritten);
    }
    out.policy = Some(policy);
    out
}

/// Every `*.test.toml` under the given paths, in a stable order.
pub fn find(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = paths
        .iter()
        .flat_map(|path| {
            if path.is_dir() {
                crate::files::walk(path, |p| p.to_string_lossy().ends_with(".test.toml"))
            } else {
                vec![path.clone()]
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The coverage keys reached by every case of the files, per policy name.
pub fn reached(files: &[FileResult]) -> BTreeMap<String, (Policy, BTreeSet<String>)> {
    let mut out: BTreeMap<String, (Policy, BTreeSet<String>)> = BTreeMap::new();
    for f in files {
        let Some(policy) = &f.policy else { continue };
        let entry = out
            .entry(policy.name.clone())
            .or_insert_with(|| (policy.clone(), BTreeSet::new()));
        for case in &f.cases {
            if let Some(result) = &case.result {
                entry.1.extend(result.reached.iter().cloned());
            }
        }
    }
    out
}
