//! The shipped policies check clean.

use super::support;

#[test]
fn shipped_rules_check_clean() {
    let run = support::jixiao(&support::manifest_dir(), &["check", "rules/"]);
    assert!(run.stderr.is_empty(), "stderr:\n{}", run.stderr);
    assert_eq!(
        run.code,
        Some(0),
        "`jixiao check rules/` failed:\n{}",
        run.stdout
    );
    let snapshot = format!(
        "=== stdout: jixiao check rules/\n{}=== exit code: {}\n",
        run.stdout,
        run.code_text()
    );
    support::snapshot_settings("rules", None, "jixiao check rules/").bind(|| {
        insta::assert_snapshot!("check_rules", snapshot);
    });
}

#[test]
fn shipped_rules_json_is_an_empty_array() {
    let run = support::jixiao(
        &support::manifest_dir(),
        &["check", "--format", "json", "rules/"],
    );
    assert_eq!(run.code, Some(0));
    assert!(
        support::parse_json("rules/", &run.stdout).is_empty(),
        "diagnostics for rules/:\n{}",
        run.stdout
    );
}
