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

#[test]
fn show_overrides_lists_what_each_shipped_policy_changes() {
    let run = support::jixiao(
        &support::manifest_dir(),
        &["check", "--show-overrides", "rules/"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("jiangxi-2017:\n  overrides tier set `三档`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("beijing-haidian-2016:\n  overrides budget: setting `denominator`"),
        "{}",
        run.stdout
    );
    support::snapshot_settings("rules", None, "jixiao check --show-overrides rules/").bind(|| {
        insta::assert_snapshot!("show_overrides", run.stdout);
    });
}

/// Every shipped policy scores its sample tables as snapshotted (the totals are also pinned by
/// the policy tests in `rules/tests/`).
#[test]
fn shipped_policies_score_their_samples() {
    let dir = support::manifest_dir();
    let cases = [
        ("national-2020", "samples/shanghai-2023-hotline.tsv"),
        ("jiangxi-2017", "samples/local/jiangxi-2017.tsv"),
        (
            "beijing-haidian-2016",
            "samples/local/beijing-haidian-2016.tsv",
        ),
        (
            "hebei-langfang-2019",
            "samples/local/hebei-langfang-2019.tsv",
        ),
        ("zhejiang-rubric", "samples/local/zhejiang-rubric.tsv"),
        ("national-101", "samples/local/national-101.tsv"),
    ];
    for (policy, sample) in cases {
        let path = format!("rules/{policy}.jx");
        let run = support::jixiao(&dir, &["score", "--policy", &path, sample, "--explain"]);
        assert_eq!(run.code, Some(0), "{policy}: {}", run.stderr);
        let snapshot = support::redact_hashes(&run.stdout);
        support::snapshot_settings(
            "rules",
            None,
            &format!("jixiao score --policy {path} {sample} --explain"),
        )
        .bind(|| {
            insta::assert_snapshot!(format!("score_{policy}"), snapshot);
        });
    }
}
