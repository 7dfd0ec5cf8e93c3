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

/// E0004: a policy path that names no file. Its case is made here, not in
/// `tests/fixtures/check` (a missing file cannot be copied there).
#[test]
fn a_policy_file_that_cannot_be_read_is_named_with_its_cause() {
    let dir = support::scratch("E0004");
    let human = support::jixiao(&dir, &["check", "polices/shanghai-2023.jx"]);
    assert_eq!(human.code, Some(1), "{}{}", human.stdout, human.stderr);
    let json = support::jixiao(
        &dir,
        &["check", "--format", "json", "polices/shanghai-2023.jx"],
    );
    let diagnostics = support::parse_json("E0004", &json.stdout);
    assert_eq!(
        diagnostics
            .iter()
            .map(|d| d["code"].clone())
            .collect::<Vec<_>>(),
        ["E0004"],
        "{}",
        json.stdout
    );
    // Scoring under a policy that cannot be read stops with the same diagnostic.
    std::fs::write(dir.join("seed.tsv"), support::seed_text()).expect("write the seed");
    let score = support::jixiao(
        &dir,
        &["score", "seed.tsv", "--policy", "polices/shanghai-2023.jx"],
    );
    assert_ne!(score.code, Some(0), "{}{}", score.stdout, score.stderr);
    assert!(
        score.stderr.contains("E0004") && score.stderr.contains("there is no such file or folder"),
        "{}",
        score.stderr
    );
    // So does a rules folder that is not there: no table is scored under the default alone.
    let rules = support::jixiao(&dir, &["score", "seed.tsv", "--rules", "polices/"]);
    assert_eq!(rules.code, Some(2), "{}{}", rules.stdout, rules.stderr);
    assert!(rules.stdout.is_empty(), "{}", rules.stdout);
    assert!(
        rules.stderr.contains("E0004") && rules.stderr.contains("could not be read"),
        "{}",
        rules.stderr
    );
    let command = "jixiao check polices/shanghai-2023.jx";
    let snapshot = format!(
        "=== stdout: {command}\n{}=== exit code: {}\n",
        human.stdout,
        human.code_text()
    );
    support::snapshot_settings("check", None, command).bind(|| {
        insta::assert_snapshot!("E0004_file-unreadable", snapshot);
    });
}
