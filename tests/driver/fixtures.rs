//! `tests/fixtures/check`: one case per checker code (`CODE_name.jx`), a few clean ones
//! (`ok_*.jx`), and folder cases checked as one (`E0801_extends-cycle/`).
//!
//! Each case is snapshotted (`tests/snapshots/check/NAME.snap`: source, human output, exit
//! code), and its `# expect:` header lines are checked against the `--format json` output.

use std::collections::BTreeMap;
use std::fs;

use super::support::{self, Fixture};

#[test]
fn human_output_snapshots() {
    let fixtures = support::fixtures("check");
    support::for_each_collecting(
        &fixtures,
        |f| f.name.clone(),
        |fixture| {
            let run = support::check_fixture(fixture, "human", &[], "human");
            let command = format!("jixiao check --format human {}", fixture.file_name);
            let mut snapshot = support::listing(fixture);
            snapshot.push_str(&format!("=== stdout: {command}\n{}", run.stdout));
            if !run.stderr.is_empty() {
                snapshot.push_str(&format!("=== stderr\n{}", run.stderr));
            }
            snapshot.push_str(&format!("=== exit code: {}\n", run.code_text()));
            support::snapshot_settings("check", Some(&fixture.path), &command).bind(|| {
                insta::assert_snapshot!(fixture.name.as_str(), snapshot);
            });
        },
    );
}

/// One expected diagnostic: file (relative to where `check` runs), code and 1-based line.
type Expected = (String, String, usize);

/// A fixture's `# expect:` lines (what the checker should report) and `# today:` lines (what it
/// reports while a known checker gap is open), from every file of the case.
fn expectations(fixture: &Fixture) -> (Vec<Expected>, Option<Vec<Expected>>) {
    let mut expect = Vec::new();
    let mut today = Vec::new();
    let mut declared = false;
    for (rel, path) in fixture.files() {
        let text = String::from_utf8_lossy(&fs::read(&path).expect("read fixture")).into_owned();
        for line in text.lines().take_while(|l| l.starts_with('#')) {
            let (target, spec) = if let Some(spec) = line.strip_prefix("# expect:") {
                (&mut expect, spec.trim())
            } else if let Some(spec) = line.strip_prefix("# today:") {
                (&mut today, spec.trim())
            } else {
                continue;
            };
            declared = true;
            if spec == "nothing" {
                continue;
            }
            let parts: Vec<&str> = spec.split_whitespace().collect();
            match parts.as_slice() {
                [code, "line", n] => target.push((
                    rel.clone(),
                    code.to_string(),
                    n.parse()
                        .unwrap_or_else(|_| panic!("{rel}: bad line in `{line}`")),
                )),
                _ => panic!(
                    "{rel}: cannot read `{line}`; write `# expect: CODE line N` or `# expect: nothing`"
                ),
            }
        }
    }
    assert!(
        declared,
        "{}: the header has no `# expect:` line",
        fixture.name
    );
    expect.sort();
    today.sort();
    (expect, if today.is_empty() { None } else { Some(today) })
}

fn show(list: &[Expected]) -> String {
    if list.is_empty() {
        return "nothing".into();
    }
    list.iter()
        .map(|(f, c, l)| format!("{c} at {f}:{l}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every fixture reports exactly what its header says: the codes, in the files and on the
/// lines given, and nothing else; and the exit code follows (1 with an error, else 0).
#[test]
fn fixtures_report_what_their_headers_expect() {
    let fixtures = support::fixtures("check");
    support::for_each_collecting(
        &fixtures,
        |f| f.name.clone(),
        |fixture| {
            let (expect, today) = expectations(fixture);
            let run = support::check_fixture(fixture, "json", &[], "expect");
            assert!(
                run.stderr.is_empty(),
                "{}: stderr is not empty:\n{}",
                fixture.name,
                run.stderr
            );
            let diagnostics = support::parse_json(&fixture.name, &run.stdout);
            let mut actual: Vec<Expected> = diagnostics
                .iter()
                .map(|d| {
                    (
                        d["file"].as_str().unwrap_or("<no file>").to_string(),
                        d["code"].as_str().unwrap_or_default().to_string(),
                        d["line"].as_u64().unwrap_or(0) as usize,
                    )
                })
                .collect();
            actual.sort();
            match &today {
                None => assert_eq!(
                    actual,
                    expect,
                    "{}: expected {}, the checker reported {}",
                    fixture.name,
                    show(&expect),
                    show(&actual)
                ),
                Some(today) => {
                    assert_ne!(
                        actual, expect,
                        "{}: the checker now reports what `# expect:` says; delete the `# today:` lines",
                        fixture.name
                    );
                    assert_eq!(
                        &actual,
                        today,
                        "{}: known gap changed: `# today:` says {}, the checker reported {}",
                        fixture.name,
                        show(today),
                        show(&actual)
                    );
                }
            }
            let errors = diagnostics.iter().any(|d| d["severity"] == "error");
            assert_eq!(
                run.code,
                Some(if errors { 1 } else { 0 }),
                "{}: wrong exit code",
                fixture.name
            );
        },
    );
}

/// Each case's file names state the code they exercise: `CODE_name` with a registered code and
/// its registered name (optionally followed by `-variant`), or `ok_…`.
#[test]
fn fixture_names_match_the_registry() {
    let codes: BTreeMap<&str, &str> = jixiao::diagnostic::codes::CODES
        .iter()
        .map(|c| (c.code, c.name))
        .collect();
    for fixture in support::fixtures("check") {
        if fixture.name.starts_with("ok_") {
            continue;
        }
        let (code, rest) = fixture.name.split_once('_').unwrap_or((&fixture.name, ""));
        let name = codes.get(code).unwrap_or_else(|| {
            panic!(
                "{}: `{code}` is not a registered code (nor `ok_`)",
                fixture.name
            )
        });
        assert!(
            rest == *name || rest.strip_prefix(name).is_some_and(|v| v.starts_with('-')),
            "{}: a fixture for {code} is named `{code}_{name}` or `{code}_{name}-VARIANT`",
            fixture.name
        );
    }
}
