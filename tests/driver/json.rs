//! `--format json` snapshots for a few fixtures, and the exit codes of `check`'s options.

use super::support::{self, Fixture};

/// Fixtures whose JSON output is snapshotted: a plain error, one with a note, a sum with many
/// labels, a targets-file warning, a folder case, a file that is not UTF-8, and a clean one.
const JSON_FIXTURES: &[&str] = &[
    "E0101_unknown-unit",
    "E0109_duplicate-definition",
    "E0301_weights-sum",
    "W0003_unquantified-target",
    "E0801_extends-cycle",
    "E0002_invalid-utf8",
    "ok_local-policy",
];

fn fixture(name: &str) -> Fixture {
    support::fixtures("check")
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture `{name}` in tests/fixtures/check"))
}

#[test]
fn json_output_snapshots() {
    let fixtures: Vec<Fixture> = JSON_FIXTURES.iter().map(|n| fixture(n)).collect();
    support::for_each_collecting(
        &fixtures,
        |f| f.name.clone(),
        |fixture| {
            let run = support::check_fixture(fixture, "json", &[], "json");
            assert!(run.stderr.is_empty(), "stderr:\n{}", run.stderr);
            let diagnostics = support::parse_json(&fixture.name, &run.stdout);
            if fixture.name.starts_with("ok_") {
                assert!(diagnostics.is_empty());
            } else {
                let code = &fixture.name[..5];
                assert!(
                    diagnostics.iter().any(|d| d["code"] == code),
                    "{}: no {code} in the JSON output",
                    fixture.name
                );
            }
            let command = format!("jixiao check --format json {}", fixture.file_name);
            let snapshot = format!(
                "=== stdout: {command}\n{}=== exit code: {}\n",
                run.stdout,
                run.code_text()
            );
            support::snapshot_settings("json", Some(&fixture.path), &command).bind(|| {
                insta::assert_snapshot!(fixture.name.as_str(), snapshot);
            });
        },
    );
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let warning = fixture("W0001_unused-definition");
    assert_eq!(
        support::check_fixture(&warning, "human", &[], "deny").code,
        Some(0),
        "a warning alone exits 0"
    );
    assert_eq!(
        support::check_fixture(&warning, "human", &["--deny", "warnings"], "deny").code,
        Some(1),
        "`--deny warnings` exits 1 on a warning"
    );
    let clean = fixture("ok_local-policy");
    assert_eq!(
        support::check_fixture(&clean, "human", &["--deny", "warnings"], "deny").code,
        Some(0),
        "`--deny warnings` on a clean policy exits 0"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = support::manifest_dir();
    for args in [
        &["check"][..],
        &["check", "--format", "yaml", "rules/"],
        &["check", "--deny", "errors", "rules/"],
    ] {
        let run = support::jixiao(&dir, args);
        assert_eq!(
            run.code,
            Some(2),
            "`jixiao {}` should be a usage error:\n{}{}",
            args.join(" "),
            run.stdout,
            run.stderr
        );
    }
}
