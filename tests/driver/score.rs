//! `jixiao score`: the table reader and the scorer, driven by `tests/fixtures/score`.
//!
//! Every `NAME.tsv` there has a sidecar `NAME.expect`: what the table is, what the national
//! default (财预〔2020〕10号) should make of it, and machine-readable lines that are checked
//! against `jixiao score NAME.tsv --format json` (see `tests/README.md`). A fixture whose
//! expectations hold is snapshotted (`tests/snapshots/score/NAME.snap`: the input, the output
//! of `--format table --explain`, stderr and the exit code, with the `.expect` text as the
//! snapshot's description); a fixture whose expectations fail is *not* snapshotted, so a wrong
//! score is never recorded as the accepted output.
//!
//! Also here: the seed (`samples/shanghai-2023-hotline.tsv`) in every output format and its
//! JSON contract, batches with broken tables and the exit codes, and property tests that
//! garbage never crashes the reader or the scorer and that a total never exceeds its weights.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use jixiao::policy::Policy;
use jixiao::table::seed::Tables;
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;
use serde_json::Value;

use super::support::{self, Run};

// ------------------------------------------------------------------------------------------
// Fixtures and their `.expect` files
// ------------------------------------------------------------------------------------------

/// One table fixture: `tests/fixtures/score/NAME.tsv` and its `NAME.expect`.
#[derive(Debug, Clone)]
struct TableFixture {
    name: String,
    file_name: String,
    path: PathBuf,
    expect_text: String,
    expect: Expect,
}

/// The machine-readable lines of a `.expect` file.
#[derive(Debug, Clone, Default)]
struct Expect {
    /// `expect: CODE line N` (`N` is `-` for a finding without a line); `None` when the file has
    /// no `expect:` line at all (the findings are then not checked).
    findings: Option<Vec<(String, String)>>,
    /// `tables: N`: how many tables are scored (the JSON array's length).
    tables: Option<usize>,
    /// `table: name X year Y total T grade G rate R budget S`, one per scored table, in order.
    table: Vec<BTreeMap<String, String>>,
    /// `score: line N S`: the indicator on line N scores S.
    scores: Vec<(usize, String)>,
    /// `exit: N`.
    exit: Option<i32>,
    /// `policy: FILE`: score with this policy (beside the fixture) instead of the national
    /// default.
    policy: Option<String>,
}

fn score_dir() -> PathBuf {
    support::fixtures_dir("score")
}

fn parse_expect(name: &str, text: &str) -> Expect {
    let mut e = Expect::default();
    let mut machine = false;
    for line in text.lines() {
        let Some((key, rest)) = line.split_once(':') else {
            continue;
        };
        let rest = rest.trim();
        match key {
            "expect" => {
                machine = true;
                let list = e.findings.get_or_insert_with(Vec::new);
                if rest == "nothing" {
                    continue;
                }
                match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
                    [code, "line", n] => list.push((code.to_string(), n.to_string())),
                    _ => panic!(
                        "{name}.expect: cannot read `{line}`; write `expect: CODE line N` or `expect: nothing`"
                    ),
                }
            }
            "tables" => {
                machine = true;
                e.tables = Some(
                    rest.parse()
                        .unwrap_or_else(|_| panic!("{name}.expect: bad `{line}`")),
                );
            }
            "table" => {
                machine = true;
                let words: Vec<&str> = rest.split_whitespace().collect();
                assert!(
                    words.len().is_multiple_of(2),
                    "{name}.expect: `{line}` is not key/value pairs"
                );
                let map: BTreeMap<String, String> = words
                    .chunks(2)
                    .map(|p| (p[0].to_string(), p[1].to_string()))
                    .collect();
                for key in map.keys() {
                    assert!(
                        [
                            "name", "year", "total", "reported", "grade", "rate", "budget"
                        ]
                        .contains(&key.as_str()),
                        "{name}.expect: unknown key `{key}` in `{line}`"
                    );
                }
                e.table.push(map);
            }
            "score" => {
                machine = true;
                match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
                    ["line", n, s] => e.scores.push((
                        n.parse()
                            .unwrap_or_else(|_| panic!("{name}.expect: bad `{line}`")),
                        s.to_string(),
                    )),
                    _ => panic!("{name}.expect: cannot read `{line}`; write `score: line N S`"),
                }
            }
            "policy" => e.policy = Some(rest.to_string()),
            "exit" => {
                machine = true;
                e.exit = Some(
                    rest.parse()
                        .unwrap_or_else(|_| panic!("{name}.expect: bad `{line}`")),
                );
            }
            _ => {}
        }
    }
    assert!(
        machine,
        "{name}.expect has no machine-readable line (`expect:`, `tables:`, `table:`, `score:`, `exit:`)"
    );
    if let Some(list) = &mut e.findings {
        list.sort();
    }
    e
}

/// Every `.tsv` in `tests/fixtures/score`, with its `.expect`, sorted by name.
fn table_fixtures() -> Vec<TableFixture> {
    let dir = score_dir();
    let mut out = Vec::new();
    for entry in fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
    {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(name) = file_name.strip_suffix(".tsv") else {
            continue;
        };
        let expect_path = dir.join(format!("{name}.expect"));
        let expect_text = fs::read_to_string(&expect_path)
            .unwrap_or_else(|e| panic!("{file_name} has no readable sidecar {name}.expect ({e}); every table fixture says what it expects"));
        let expect = parse_expect(name, &expect_text);
        out.push(TableFixture {
            name: name.to_string(),
            file_name: file_name.clone(),
            path: entry.path(),
            expect_text,
            expect,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!out.is_empty(), "no fixtures in {}", dir.display());
    out
}

impl TableFixture {
    /// The fixture's file, its policy when it names one, then `rest`.
    fn args<'a>(&'a self, rest: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec![self.file_name.as_str()];
        if let Some(policy) = &self.expect.policy {
            args.extend(["--policy", policy.as_str()]);
        }
        args.extend_from_slice(rest);
        args
    }
}

/// Runs `jixiao score ARGS…` in `tests/fixtures/score`.
fn score_in_fixtures(args: &[&str]) -> Run {
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    support::jixiao(&score_dir(), &all)
}

fn assert_no_panic(context: &str, run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != Some(101),
        "{context}: the scorer crashed (exit {}):\n{}",
        run.code_text(),
        run.stderr.lines().take(6).collect::<Vec<_>>().join("\n")
    );
}

fn dec(context: &str, s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{context}: `{s}` is not a decimal ({e})"))
}

/// `error[I0006]: FILE:LINE: …` lines on stderr, as (file, line); a report about the whole
/// file (`error[I0006]: FILE: …`) is line 0.
fn unreadable_lines(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error[I0006]: "))
        .filter_map(|rest| {
            let mut parts = rest.splitn(3, ':');
            let file = parts.next()?.to_string();
            let line = parts.next()?.trim();
            let line = if line.bytes().all(|b| b.is_ascii_digit()) {
                line.to_string()
            } else {
                "0".to_string()
            };
            Some((file, line))
        })
        .collect()
}

fn json_array(context: &str, stdout: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(stdout).unwrap_or_else(|e| {
        panic!("{context}: `--format json` printed invalid JSON ({e}):\n{stdout}")
    });
    value
        .as_array()
        .unwrap_or_else(|| panic!("{context}: `--format json` printed no array"))
        .clone()
}

fn findings_of(tables: &[Value]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for t in tables {
        for f in t["findings"].as_array().into_iter().flatten() {
            let line = f["line"]
                .as_u64()
                .map_or("-".to_string(), |l| l.to_string());
            out.push((f["code"].as_str().unwrap_or("?").to_string(), line));
        }
    }
    out
}

fn show(list: &[(String, String)]) -> String {
    if list.is_empty() {
        return "nothing".into();
    }
    list.iter()
        .map(|(c, l)| format!("{c}@{l}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a fixture against its `.expect` through `--format json`; `Err` lists every mismatch.
fn check_expectations(fixture: &TableFixture) -> Result<(), String> {
    let run = score_in_fixtures(&fixture.args(&["--format", "json"]));
    if run.stderr.contains("panicked") || run.code == Some(101) {
        return Err(format!(
            "the scorer crashed (exit {}): {}",
            run.code_text(),
            run.stderr
                .lines()
                .find(|l| l.contains("overflow") || l.contains("panicked"))
                .unwrap_or("")
        ));
    }
    let tables = match serde_json::from_str::<Value>(&run.stdout) {
        Ok(Value::Array(a)) => a,
        _ => {
            return Err(format!(
                "`--format json` printed no JSON array:\n{}",
                run.stdout
            ));
        }
    };
    let e = &fixture.expect;
    let mut problems = Vec::new();
    if let Some(expected) = &e.findings {
        let mut actual = findings_of(&tables);
        for (file, line) in unreadable_lines(&run.stderr) {
            if file != fixture.file_name {
                problems.push(format!(
                    "I0006 names the file `{file}`, not `{}`",
                    fixture.file_name
                ));
            }
            actual.push(("I0006".into(), line));
        }
        actual.sort();
        if &actual != expected {
            problems.push(format!(
                "findings: expected {}, got {}",
                show(expected),
                show(&actual)
            ));
        }
    }
    if let Some(n) = e.tables
        && tables.len() != n
    {
        problems.push(format!(
            "expected {n} scored table(s), got {}",
            tables.len()
        ));
    }
    if !e.table.is_empty() && e.table.len() != tables.len() {
        problems.push(format!(
            "{} `table:` line(s) for {} scored table(s)",
            e.table.len(),
            tables.len()
        ));
    }
    for (i, (want, got)) in e.table.iter().zip(&tables).enumerate() {
        let k = i + 1;
        for (key, value) in want {
            let actual = match key.as_str() {
                "name" => got["name"].as_str().map(String::from),
                "year" => Some(
                    got["year"]
                        .as_u64()
                        .map_or("none".into(), |y| y.to_string()),
                ),
                "total" => got["total"].as_str().map(String::from),
                "reported" => Some(
                    got["reported_total"]
                        .as_str()
                        .map_or("none".to_string(), String::from),
                ),
                "grade" => got["grade"].as_str().map(|g| {
                    if g.is_empty() {
                        "(none)".to_string()
                    } else {
                        g.to_string()
                    }
                }),
                "rate" => Some(
                    got["budget"]["rate"]
                        .as_str()
                        .map_or("none".to_string(), String::from),
                ),
                "budget" => got["budget"]["score"].as_str().map(String::from),
                _ => None,
            };
            let Some(actual) = actual else {
                problems.push(format!("table {k}: no `{key}` in the JSON"));
                continue;
            };
            let same = match key.as_str() {
                "total" | "budget" => {
                    Decimal::from_str(&actual).ok() == Decimal::from_str(value).ok()
                }
                "rate" | "reported" if value != "none" && actual != "none" => {
                    Decimal::from_str(&actual).ok() == Decimal::from_str(value).ok()
                }
                _ => actual == *value,
            };
            if !same {
                problems.push(format!("table {k}: {key} expected {value}, got {actual}"));
            }
        }
    }
    for (line, want) in &e.scores {
        let found = tables
            .iter()
            .flat_map(|t| t["indicators"].as_array().into_iter().flatten())
            .find(|i| i["line"].as_u64() == Some(*line as u64));
        match found.and_then(|i| i["score"].as_str()) {
            None => problems.push(format!("no scored indicator on line {line}")),
            Some(got) if Decimal::from_str(got).ok() != Decimal::from_str(want).ok() => {
                problems.push(format!("line {line}: score expected {want}, got {got}"))
            }
            Some(_) => {}
        }
    }
    if let Some(code) = e.exit
        && run.code != Some(code)
    {
        problems.push(format!(
            "exit code expected {code}, got {}",
            run.code_text()
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The input as it appears at the head of a snapshot: numbered lines, tabs shown as `⇥`, the
/// encoding named; binary input is not listed.
fn listing(path: &Path) -> String {
    let bytes = fs::read(path).expect("read fixture");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (text, note) = if let Ok(t) = std::str::from_utf8(&bytes) {
        let bom = t.starts_with('\u{feff}');
        (
            t.trim_start_matches('\u{feff}').to_string(),
            if bom { "UTF-8 with BOM" } else { "UTF-8" }.to_string(),
        )
    } else if let (t, false) = encoding_rs::GB18030.decode_without_bom_handling(&bytes) {
        (t.into_owned(), "GB18030, shown decoded".to_string())
    } else if bytes
        .iter()
        .filter(|b| **b < 0x09 || (**b > 0x0d && **b < 0x20))
        .count()
        > bytes.len() / 20
    {
        return format!(
            "=== input: {name} ({} bytes, binary; not listed)\n",
            bytes.len()
        );
    } else {
        (
            String::from_utf8_lossy(&bytes).into_owned(),
            "not valid UTF-8; shown with U+FFFD".to_string(),
        )
    };
    let crlf = text.contains("\r\n");
    let mut out = format!(
        "=== input: {name} ({note}{})\n",
        if crlf { ", CRLF line ends" } else { "" }
    );
    let body = text.strip_suffix('\n').unwrap_or(&text);
    for (i, line) in body.split('\n').enumerate() {
        let shown = line
            .trim_end_matches('\r')
            .replace('\t', "⇥")
            .replace('\r', "␍");
        out.push_str(&format!("{:>4} | {}\n", i + 1, shown.trim_end()));
    }
    out
}

/// Every fixture reports what its `.expect` says: the findings (code and line, I0006 from
/// stderr), the tables scored with their totals, grades, rates and execution scores, the
/// indicator scores named, and the exit code.
#[test]
fn score_fixtures_report_what_their_expect_files_say() {
    let fixtures = table_fixtures();
    support::for_each_collecting(
        &fixtures,
        |f| f.name.clone(),
        |fixture| {
            if let Err(problems) = check_expectations(fixture) {
                panic!("{problems}");
            }
        },
    );
}

/// `jixiao score NAME.tsv --format table --explain`, snapshotted for every fixture whose
/// expectations hold. A fixture that shows a bug (its `.expect` asserts the right values) is
/// not snapshotted: this test fails for it, pointing at the expectation test.
#[test]
fn score_fixture_snapshots() {
    let fixtures = table_fixtures();
    support::for_each_collecting(
        &fixtures,
        |f| f.name.clone(),
        |fixture| {
            let args = fixture.args(&["--format", "table", "--explain"]);
            let command = format!("jixiao score {}", args.join(" "));
            let run = score_in_fixtures(&args);
            assert_no_panic(&fixture.name, &run);
            if let Err(problems) = check_expectations(fixture) {
                panic!("not snapshotted, its expectations fail: {problems}");
            }
            let mut snapshot = listing(&fixture.path);
            snapshot.push_str(&format!(
                "=== stdout: {command}\n{}",
                support::redact_hashes(&run.stdout)
            ));
            if !run.stderr.is_empty() {
                snapshot.push_str(&format!("=== stderr\n{}", run.stderr));
            }
            snapshot.push_str(&format!("=== exit code: {}\n", run.code_text()));
            support::snapshot_settings("score", Some(&fixture.path), &fixture.expect_text).bind(
                || {
                    insta::assert_snapshot!(fixture.name.as_str(), snapshot);
                },
            );
        },
    );
}

/// Fixture names say what they show: `CODE_name…` with a registered finding code and its
/// name, or `layout_…`, `broken_…`, `ok_…`; and every finding code that a table can trigger
/// has a fixture named after it (I0006, reported on stderr, by the `broken_` cases).
#[test]
fn score_fixture_names_match_the_findings_registry() {
    let registry: BTreeMap<&str, &str> = jixiao::eval::findings::FINDINGS
        .iter()
        .map(|f| (f.code, f.name))
        .collect();
    let fixtures = table_fixtures();
    for fixture in &fixtures {
        if ["layout_", "broken_", "ok_"]
            .iter()
            .any(|p| fixture.name.starts_with(p))
        {
            continue;
        }
        let (code, rest) = fixture.name.split_once('_').unwrap_or((&fixture.name, ""));
        let name = registry.get(code).unwrap_or_else(|| {
            panic!(
                "{}: `{code}` is not a finding code (nor layout_/broken_/ok_)",
                fixture.name
            )
        });
        assert!(
            rest == *name || rest.strip_prefix(name).is_some_and(|v| v.starts_with('-')),
            "{}: a fixture for {code} is named `{code}_{name}` or `{code}_{name}-VARIANT`",
            fixture.name
        );
    }
    for code in registry.keys() {
        let covered = fixtures.iter().any(|f| f.name.starts_with(code))
            || fixtures.iter().any(|f| {
                f.expect
                    .findings
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|(c, _)| c == code))
            });
        assert!(
            covered,
            "finding {code} has no fixture in tests/fixtures/score"
        );
    }
}

// ------------------------------------------------------------------------------------------
// The seed in every format, and its JSON contract
// ------------------------------------------------------------------------------------------

const SEED: &str = "samples/shanghai-2023-hotline.tsv";

fn seed(args: &[&str]) -> Run {
    let mut all = vec!["score", SEED];
    all.extend_from_slice(args);
    let run = support::jixiao(&support::manifest_dir(), &all);
    assert_no_panic(&format!("jixiao score {SEED} {}", args.join(" ")), &run);
    run
}

fn seed_json() -> Vec<Value> {
    let run = seed(&["--format", "json"]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    json_array("seed", &run.stdout)
}

/// The policy's content hash changes with every edit of the national policy; snapshots show a
/// placeholder instead.
fn redact_hash(text: &str, hash: &str) -> String {
    if hash.is_empty() {
        text.to_string()
    } else {
        // The full hash in JSON and CSV, its first digits in the one-line receipts.
        let short = hash.get(..19).unwrap_or(hash);
        text.replace(hash, "[policy-hash]")
            .replace(short, "[policy-hash]")
    }
}

#[test]
fn seed_in_every_format() {
    let hash = seed_json()[0]["receipt"]["policy_hash"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let cases: &[(&str, &[&str])] = &[
        ("seed_table", &["--format", "table"]),
        ("seed_table_explain", &["--format", "table", "--explain"]),
        ("seed_json", &["--format", "json", "--explain"]),
        ("seed_jsonl", &["--format", "jsonl"]),
        ("seed_csv", &["--format", "csv"]),
        ("seed_md", &["--format", "md"]),
    ];
    support::for_each_collecting(
        cases,
        |c| c.0.to_string(),
        |(name, args)| {
            let run = seed(args);
            let command = format!("jixiao score {SEED} {}", args.join(" "));
            assert_eq!(run.code, Some(0), "{command}: stderr:\n{}", run.stderr);
            assert!(run.stderr.is_empty(), "{command}: stderr:\n{}", run.stderr);
            let snapshot = format!(
                "=== stdout: {command}\n{}=== exit code: {}\n",
                support::redact_hashes(&redact_hash(&run.stdout, &hash)),
                run.code_text()
            );
            let description = format!(
                "{command}\nThe two 2023 seed tables under the national default: 99.67 (优) and 99.98 (优); the \
             second table's printed rate 99.80 is flagged (A0101: 3097.60 ÷ 3103.59 = 99.807 % → 99.81)."
            );
            support::snapshot_settings(
                "score",
                Some(&support::manifest_dir().join(SEED)),
                &description,
            )
            .bind(|| {
                insta::assert_snapshot!(*name, snapshot);
            });
        },
    );
}

fn codes(table: &Value, code: &str) -> Vec<u64> {
    table["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["code"] == code)
        .map(|f| f["line"].as_u64().unwrap_or(0))
        .collect()
}

/// Every number in the JSON is an integer line or year; decimals are strings.
fn assert_decimals_are_strings(path: &str, value: &Value) {
    match value {
        Value::Number(n) => {
            let key = path.rsplit('.').next().unwrap_or("");
            assert!(
                n.is_u64() && ["line", "year"].contains(&key),
                "{path}: a JSON number ({n}); decimals must be strings"
            );
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| assert_decimals_are_strings(&format!("{path}[{i}]"), v)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, v)| assert_decimals_are_strings(&format!("{path}.{k}"), v)),
        _ => {}
    }
}

#[test]
fn seed_json_keeps_the_product_contract() {
    let tables = seed_json();
    assert_eq!(tables.len(), 2, "the seed holds two tables");
    for (i, t) in tables.iter().enumerate() {
        let at = format!("table {}", i + 1);
        for key in ["name", "total", "grade", "budget", "indicators", "findings"] {
            assert!(t.get(key).is_some(), "{at}: no `{key}`");
        }
        assert!(
            t["name"].is_string() && t["total"].is_string() && t["grade"].is_string(),
            "{at}: name, total, grade are strings"
        );
        assert!(
            t["budget"]["rate"].is_string() && t["budget"]["score"].is_string(),
            "{at}: budget.rate and budget.score are strings"
        );
        let indicators = t["indicators"].as_array().expect("indicators is an array");
        assert_eq!(indicators.len(), 9, "{at}: nine indicators");
        for ind in indicators {
            assert!(
                ind["name"].is_string() && ind["score"].is_string(),
                "{at}: indicator without name/score: {ind}"
            );
            dec(&at, ind["score"].as_str().unwrap_or_default());
        }
        for f in t["findings"].as_array().expect("findings is an array") {
            assert!(
                f["code"].is_string() && f["message"].is_string(),
                "{at}: finding without code/message: {f}"
            );
            assert!(
                ["error", "warning", "info"].contains(&f["severity"].as_str().unwrap_or("")),
                "{at}: severity: {f}"
            );
        }
        dec(&at, t["total"].as_str().unwrap_or_default());
        assert_decimals_are_strings(&format!("[{i}]"), t);
    }
    let summary: Vec<(&str, &str, &str)> = tables
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or(""),
                t["total"].as_str().unwrap_or(""),
                t["grade"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("热线服务保障经费", "99.67", "优"),
            ("政府聘用辅助人员经费", "99.98", "优")
        ]
    );
    assert_eq!(tables[0]["budget"]["rate"], "96.74");
    assert_eq!(tables[0]["budget"]["score"], "9.67");
    assert_eq!(tables[1]["budget"]["rate"], "99.81");
    assert_eq!(tables[1]["budget"]["score"], "9.98");
    // The indicator names are the 三级指标 as written, shifted rows repaired.
    let names: Vec<&str> = tables[0]["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| i["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names[4..6],
        ["反投诉处理时效", "12345市民热线工单按时办结率"]
    );
    // The printed 99.80 is flagged on the second table's funds row, and only there.
    assert_eq!(codes(&tables[0], "A0101"), Vec::<u64>::new());
    assert_eq!(codes(&tables[1], "A0101"), [34]);
    // Unexplained over-achievements: +93 % and +70 % (lines 17, 18), +73 % and +159 % (41, 42).
    assert_eq!(codes(&tables[0], "A0402"), [17, 18]);
    assert_eq!(codes(&tables[1], "A0402"), [41, 42]);
    for t in &tables {
        for code in ["A0103", "A0104", "A0105"] {
            assert!(
                codes(t, code).is_empty(),
                "{code} on the seed: {}",
                t["findings"]
            );
        }
    }
}

/// JSON Lines prints the same objects as JSON, one per line; CSV one row per table.
#[test]
fn seed_jsonl_and_csv_agree_with_json() {
    let json = seed_json();
    let run = seed(&["--format", "jsonl"]);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("jsonl line is not JSON ({e}): {l}"))
        })
        .collect();
    assert_eq!(lines, json);
    let run = seed(&["--format", "csv"]);
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows.len(), 3, "a header and two rows:\n{}", run.stdout);
    assert!(
        rows[0].starts_with("source,line,name,total,grade"),
        "{}",
        rows[0]
    );
    for (row, t) in rows[1..].iter().zip(&json) {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(
            (cells[2], cells[3], cells[4]),
            (
                t["name"].as_str().unwrap_or(""),
                t["total"].as_str().unwrap_or(""),
                t["grade"].as_str().unwrap_or("")
            )
        );
    }
}

// ------------------------------------------------------------------------------------------
// Batches, broken tables and exit codes
// ------------------------------------------------------------------------------------------

/// A batch with broken input: every good table is scored, every broken one is named with file
/// and line on stderr, and the exit code is 3.
#[test]
fn a_batch_with_broken_tables_scores_the_good_ones_and_exits_3() {
    let files = [
        "ok_clean-table.tsv",
        "broken_in-batch.tsv",
        "broken_not-a-table.tsv",
        "no-such-file.tsv",
        "A0101_rate-mismatch.tsv",
    ];
    for format in ["json", "table"] {
        let mut args: Vec<&str> = files.to_vec();
        args.extend(["--format", format]);
        let run = score_in_fixtures(&args);
        assert_no_panic("batch", &run);
        assert_eq!(
            run.code,
            Some(3),
            "--format {format}: exit code\n{}",
            run.stderr
        );
        // A file that cannot be opened is named too (as line 0, or as a plain error).
        assert!(
            run.stderr.contains("no-such-file.tsv"),
            "--format {format}: the missing file is named:\n{}",
            run.stderr
        );
        let unreadable: Vec<(String, String)> = unreadable_lines(&run.stderr)
            .into_iter()
            .filter(|(f, _)| f != "no-such-file.tsv")
            .collect();
        assert_eq!(
            unreadable,
            [
                ("broken_in-batch.tsv".to_string(), "26".to_string()),
                ("broken_not-a-table.tsv".to_string(), "1".to_string())
            ],
            "--format {format}: stderr:\n{}",
            run.stderr
        );
        let scored = [
            "职业技能培训经费",
            "职业技能培训经费",
            "职业技能鉴定经费",
            "职业技能培训经费",
        ];
        if format == "json" {
            let tables = json_array("batch", &run.stdout);
            let names: Vec<&str> = tables
                .iter()
                .map(|t| t["name"].as_str().unwrap_or(""))
                .collect();
            assert_eq!(names, scored);
            let sources: Vec<&str> = tables
                .iter()
                .map(|t| t["source"].as_str().unwrap_or(""))
                .collect();
            assert_eq!(
                sources,
                [
                    "ok_clean-table.tsv",
                    "broken_in-batch.tsv",
                    "broken_in-batch.tsv",
                    "A0101_rate-mismatch.tsv"
                ]
            );
        } else {
            let headers = run
                .stdout
                .lines()
                .filter(|l| l.contains("  policy national-2020"))
                .count();
            assert_eq!(headers, scored.len(), "--format table:\n{}", run.stdout);
        }
    }
}

#[test]
fn score_exit_codes() {
    let code = |args: &[&str]| score_in_fixtures(args).code;
    assert_eq!(code(&["ok_clean-table.tsv"]), Some(0));
    assert_eq!(
        code(&["ok_clean-table.tsv", "--fail-on", "info"]),
        Some(0),
        "no finding at all"
    );
    assert_eq!(
        code(&["A0101_rate-mismatch.tsv"]),
        Some(0),
        "a warning alone exits 0"
    );
    assert_eq!(
        code(&["A0101_rate-mismatch.tsv", "--fail-on", "warning"]),
        Some(1)
    );
    assert_eq!(
        code(&["A0101_rate-mismatch.tsv", "--fail-on", "error"]),
        Some(0)
    );
    assert_eq!(
        code(&["I0002_unit-assumed.tsv", "--fail-on", "warning"]),
        Some(0),
        "an info does not reach warning"
    );
    assert_eq!(
        code(&["I0002_unit-assumed.tsv", "--fail-on", "info"]),
        Some(1)
    );
    assert_eq!(
        code(&["broken_in-batch.tsv", "--fail-on", "info"]),
        Some(3),
        "unreadable input wins over --fail-on"
    );
    assert_eq!(code(&[]), Some(2), "no table file");
    assert_eq!(code(&["ok_clean-table.tsv", "--format", "yaml"]), Some(2));
    assert_eq!(
        code(&["ok_clean-table.tsv", "--fail-on", "sometimes"]),
        Some(2)
    );
}

// ------------------------------------------------------------------------------------------
// Property tests
// ------------------------------------------------------------------------------------------

const SEED_TEXT: &str = include_str!("../../samples/shanghai-2023-hotline.tsv");

thread_local! {
    static POLICY: Policy = jixiao::check::default_policy().unwrap_or_else(|d| panic!("the built-in policy does not compile: {} diagnostics", d.len()));
}

/// The number of cases: `default`, or `PROPTEST_CASES` when set.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What reading and scoring some bytes gave.
#[derive(Debug, PartialEq)]
struct Outcome {
    /// `Ok(name)` or `Err(line)`, per item the reader yielded, in order.
    items: Vec<Result<String, usize>>,
    scored: usize,
}

/// Reads `bytes` as the CLI does, scores every table the reader yields and renders each result
/// in every format, so that a panic anywhere fails the case.
fn read_and_score(bytes: &[u8]) -> Outcome {
    POLICY.with(|policy| {
        let mut items = Vec::new();
        let mut scored = 0;
        for table in Tables::new(bytes, "fuzz.tsv") {
            match table {
                Ok(t) => {
                    assert!(t.line >= 1, "a table at line 0");
                    let r = jixiao::eval::score(policy, &t);
                    scored += 1;
                    let mut sink = Vec::new();
                    jixiao::report::write_text(&mut sink, &r, policy, true).expect("render text");
                    jixiao::report::write_markdown(&mut sink, &r, policy).expect("render markdown");
                    jixiao::report::write_csv_row(&mut sink, &r, policy).expect("render csv");
                    serde_json::to_string(&jixiao::report::json_table(&r, policy))
                        .expect("render json");
                    items.push(Ok(r.name));
                }
                Err(u) => {
                    // Line 0 is the whole file: only a file with nothing in it is reported so.
                    assert!(
                        u.line >= 1 || (items.is_empty() && scored == 0),
                        "an unreadable table at line 0: {}",
                        u.message
                    );
                    items.push(Err(u.line));
                }
            }
        }
        Outcome { items, scored }
    })
}

/// Rows whose first non-empty cell holds the title: each one starts a table.
fn title_rows(text: &str) -> usize {
    // A title row: its first cell holds 绩效自评表 in at most 40 characters and every other
    // cell is empty or a placeholder (a goal text mentioning the form is not a title). A
    // title with only lines of one cell or none between it and the next title may be a
    // heading above that one (the reader takes up to three such lines, the unit and a date,
    // for a heading's), not a table: not counted, so the count is a floor.
    use jixiao::syntax::cell::PLACEHOLDERS;
    let lines: Vec<Vec<String>> = text
        .split('\n')
        .map(|line| {
            line.split('\t')
                .map(|c| {
                    c.chars()
                        .filter(|ch| !ch.is_whitespace())
                        .collect::<String>()
                })
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    let is_title = |cells: &Vec<String>| {
        cells
            .first()
            .is_some_and(|c| c.contains("绩效自评表") && c.chars().count() <= 40)
            && cells
                .iter()
                .skip(1)
                .all(|c| PLACEHOLDERS.contains(&c.as_str()))
    };
    lines
        .iter()
        .enumerate()
        .filter(|(i, cells)| {
            is_title(cells)
                && !lines
                    .iter()
                    .skip(i + 1)
                    .find(|next| next.len() > 1 || is_title(next))
                    .is_some_and(is_title)
        })
        .count()
}

/// Cells that real tables hold, and some that break things.
const CELLS: &[&str] = &[
    "",
    "-",
    "—",
    "/",
    "*",
    "无",
    "0",
    "0.00",
    "10.00",
    "100",
    "-5",
    "3,103.59",
    "99.80",
    "99%",
    "0.958",
    "≥200.00(万件)",
    "≤1(%)",
    "<10.00(%)",
    ">=90%",
    "=100%",
    "≥50个",
    "≤90万元",
    "43.2",
    "37.24",
    "7*24小时",
    "达成指标",
    "部分达成",
    "未完成",
    "及时",
    "效果明显",
    "2023年12月",
    "90%-100%",
    "±10%",
    "386.83(万件)",
    "15000(件)",
    "85(件)",
    "评分等级",
    "总分",
    "合计",
    "优",
    "差",
    "项目名称",
    "绩效自评表",
    "财政项目支出绩效自评表",
    "年度资金总额",
    "其中：当年财政拨款",
    "年度总体目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标",
    "实际完成",
    "分值",
    "得分",
    "全年执行数",
    "执行率(%)",
    "项目资金 (万元)",
    "时效指标",
    "服务对象满意度指",
    "产出",
    "指标2",
    "……",
    "<p>文字</p>",
    "\u{3000}",
    "１０.００",
    "\u{feff}",
    "99999999999999999999999999",
    "0.000000000000000000000001",
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "1e10",
    "NaN",
    "\r",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace cell `j` of line `i` (or append it) with a table-ish value.
    Cell(Index, Index, &'static str),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// Insert arbitrary characters at a character position.
    Insert(Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<Index>(), any::<Index>(), prop::sample::select(CELLS)).prop_map(|(i, j, c)| Mutation::Cell(i, j, c)),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>(), "\\PC{0,8}").prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

fn mutate_seed(mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = SEED_TEXT.split('\n').map(String::from).collect();
    for m in mutations {
        match m {
            Mutation::Cell(i, j, value) => {
                let at = i.index(lines.len());
                let mut cells: Vec<String> = lines[at].split('\t').map(String::from).collect();
                let k = j.index(cells.len() + 1);
                if k == cells.len() {
                    cells.push(value.to_string());
                } else {
                    cells[k] = value.to_string();
                }
                lines[at] = cells.join("\t");
            }
            Mutation::DeleteLine(i) if lines.len() > 1 => {
                let at = i.index(lines.len());
                lines.remove(at);
            }
            Mutation::DuplicateLine(i) => {
                let at = i.index(lines.len());
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            Mutation::Insert(i, s) => {
                let mut text: Vec<char> = lines.join("\n").chars().collect();
                let at = i.index(text.len() + 1);
                text.splice(at..at, s.chars());
                lines = text
                    .into_iter()
                    .collect::<String>()
                    .split('\n')
                    .map(String::from)
                    .collect();
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// Lines of table cells: seed-like text built from the pieces above.
fn cell_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::collection::vec(prop::sample::select(CELLS), 0..9).prop_map(|cells| cells.join("\t")),
        0..40,
    )
    .prop_map(|lines| lines.join("\n"))
}

/// The invariants of one run: reading is deterministic, every table read is scored, and no
/// title row is lost (each starts a table of its own).
fn check_consistency(bytes: &[u8], text: Option<&str>) -> Result<(), TestCaseError> {
    let first = read_and_score(bytes);
    let ok = first.items.iter().filter(|i| i.is_ok()).count();
    prop_assert_eq!(first.scored, ok, "every table the reader yields is scored");
    let again = read_and_score(bytes);
    prop_assert_eq!(
        &first,
        &again,
        "reading the same bytes twice gives the same tables"
    );
    if let Some(text) = text {
        prop_assert!(
            first.items.len() >= title_rows(text),
            "{} title rows but {} tables",
            title_rows(text),
            first.items.len()
        );
    }
    Ok(())
}

// Failures are not persisted to `proptest-regressions/`: the minimal input is printed, and a
// case worth keeping becomes a fixture (as `broken_huge-numbers.tsv` did).
proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_crash_the_reader_or_scorer(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_consistency(&bytes, None)?;
    }

    #[test]
    fn cell_soup_never_crashes_the_reader_or_scorer(text in cell_soup()) {
        check_consistency(text.as_bytes(), Some(&text))?;
    }

    #[test]
    fn truncated_seed_never_crashes_the_reader_or_scorer(cut in any::<Index>(), crlf in any::<bool>(), gb in any::<bool>()) {
        let text = if crlf { SEED_TEXT.replace('\n', "\r\n") } else { SEED_TEXT.to_string() };
        let bytes = if gb { encoding_rs::GB18030.encode(&text).0.into_owned() } else { text.into_bytes() };
        let end = cut.index(bytes.len() + 1);
        let prefix = &bytes[..end];
        check_consistency(prefix, if gb { None } else { std::str::from_utf8(prefix).ok() })?;
    }

    #[test]
    fn mutated_seed_never_crashes_the_reader_or_scorer(mutations in prop::collection::vec(mutation(), 1..12)) {
        let text = mutate_seed(&mutations);
        check_consistency(text.as_bytes(), Some(&text))?;
    }
}

proptest! {
    // Each case runs the binary once.
    #![proptest_config(ProptestConfig { cases: cases(32), failure_persistence: None, ..ProptestConfig::default() })]

    /// The binary reports every table the reader yields: scored in the JSON, or named on stderr.
    #[test]
    fn the_binary_reports_every_table_the_reader_yields(mutations in prop::collection::vec(mutation(), 1..8)) {
        let text = mutate_seed(&mutations);
        let outcome = read_and_score(text.as_bytes());
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jixiao-tests").join("score-fuzz");
        fs::create_dir_all(&dir).expect("create a temporary folder");
        let file = dir.join(format!("mutant-{:?}.tsv", std::thread::current().id()).replace(['(', ')'], ""));
        fs::write(&file, &text).expect("write the mutant");
        let path = file.to_string_lossy().into_owned();
        let run = support::jixiao(&dir, &["score", &path, "--format", "json"]);
        prop_assert!(!run.stderr.contains("panicked"), "the binary crashed:\n{}", run.stderr);
        let tables = json_array("mutant", &run.stdout);
        let unreadable = unreadable_lines(&run.stderr);
        let ok = outcome.items.iter().filter(|i| i.is_ok()).count();
        prop_assert_eq!(tables.len(), ok, "scored tables: library {} vs binary {}", ok, tables.len());
        prop_assert_eq!(unreadable.len(), outcome.items.len() - ok, "unreadable tables:\n{}", run.stderr);
        prop_assert_eq!(run.code, Some(if unreadable.is_empty() { 0 } else { 3 }));
    }
}

/// An actual value for a seed indicator: a number in the target's unit, in another unit, or
/// without one; a tier word; a placeholder; nonsense.
fn actual_cell() -> impl Strategy<Value = String> {
    let number = (0u64..2_000_000_000, 0u32..5)
        .prop_map(|(n, scale)| Decimal::new(n as i64, scale).to_string());
    prop_oneof![
        4 => (number.clone(), prop::sample::select(&["(万件)", "(件)", "(个)", "(%)", "(工作日)", "(次)", "万件", "", "(万元)", "(小时)"][..]))
            .prop_map(|(n, u)| format!("{n}{u}")),
        1 => prop::sample::select(&["达成指标", "部分达成", "未完成", "及时", "较好", "—", "", "/", "-3(%)", "0", "≥5(个)", "2023年12月"][..]).prop_map(String::from),
        1 => "\\PC{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the actual values and the executed amount, a total stays between 0 and the sum
    /// of the weights (execution + indicators), and every part within its own weight.
    #[test]
    fn a_total_never_exceeds_the_sum_of_the_weights(
        actuals in prop::collection::vec(actual_cell(), 18),
        executed in (0u64..100_000_000, 0u32..3).prop_map(|(n, s)| Decimal::new(n as i64, s)),
    ) {
        POLICY.with(|policy| -> Result<(), TestCaseError> {
            let mut k = 0;
            for table in Tables::new(SEED_TEXT.as_bytes(), "seed.tsv") {
                let mut table = table.expect("the seed reads");
                if let Some(row) = table.budget.first_mut() {
                    row.executed = Some(executed);
                }
                for row in &mut table.indicators {
                    row.actual = actuals[k % actuals.len()].clone();
                    k += 1;
                }
                let r = jixiao::eval::score(policy, &table);
                let weights: Decimal = r.budget.weight + r.indicators.iter().filter_map(|i| i.weight).sum::<Decimal>();
                prop_assert!(r.total <= weights, "total {} above the weights {} ({:?})", r.total, weights, r.indicators.iter().map(|i| (&i.actual, i.score)).collect::<Vec<_>>());
                prop_assert!(r.total >= Decimal::ZERO, "negative total {}", r.total);
                prop_assert!(r.budget.score >= Decimal::ZERO && r.budget.score <= r.budget.weight, "execution score {} for weight {}", r.budget.score, r.budget.weight);
                for i in &r.indicators {
                    if let Some(w) = i.weight {
                        prop_assert!(i.score >= Decimal::ZERO && i.score <= w, "`{}`: score {} for weight {} (actual `{}`)", i.name, i.score, w, i.actual);
                    }
                }
                prop_assert!(!r.grade.is_empty(), "no grade for a total of {}", r.total);
            }
            Ok(())
        })?;
    }
}
