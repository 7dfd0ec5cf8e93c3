//! Policy changes: `jixiao diff` shows which projects move between grades, and `score --rules`
//! scores each table with the policy of its year and jurisdiction.

use std::fs;
use std::path::PathBuf;

use super::support;

const SAMPLES: &[&str] = &[
    "samples/shanghai-2023-hotline.tsv",
    "samples/local/beijing-haidian-2016.tsv",
    "samples/local/hebei-langfang-2019.tsv",
    "samples/local/jiangxi-2017.tsv",
    "samples/local/national-101.tsv",
    "samples/local/zhejiang-rubric.tsv",
];

/// The national default with 优 raised from 90 to 92: one number changed.
fn stricter_policy() -> PathBuf {
    let dir = support::scratch("policies");
    let file = dir.join("national-2020-you92.jx");
    fs::write(
        &file,
        "policy national-2020-you92 extends national-2020 {\n  years 2020..\n}\n\n# 优 from 90 to 92.\noverride grades {\n  优 [92, 100]\n  良 [80, 92)\n  中 [60, 80)\n  差 [0, 60)\n}\n",
    )
    .expect("write the policy");
    file
}

#[test]
fn raising_the_top_band_moves_exactly_the_tables_between_90_and_92() {
    let policy = stricter_policy();
    let policy = policy.to_string_lossy();
    let mut args = vec!["diff", "national-2020", policy.as_ref()];
    args.extend(SAMPLES);
    let run = support::jixiao(&support::manifest_dir(), &args);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    // Only 基层干部业务培训经费 (91.89 under the national default) falls between 90 and 92.
    assert!(run.stdout.contains("基层干部业务培训经费 (samples/local/jiangxi-2017.tsv:23): 91.89 → 91.89 (0.00)  优 → 良"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("scores changed in 0 of 8 table(s), 1 changed grade"),
        "{}",
        run.stdout
    );
    let stdout = run.stdout.replace(policy.as_ref(), "[policy]");
    support::snapshot_settings(
        "policies",
        None,
        "jixiao diff national-2020 national-2020-you92 (优 from 90 to 92) over the samples",
    )
    .bind(|| {
        insta::assert_snapshot!("diff_you_90_to_92", stdout);
    });

    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let run = support::jixiao(&support::manifest_dir(), &json_args);
    let impact: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("diff --format json is JSON");
    assert_eq!(impact["matrix"]["优"]["良"], 1);
    assert_eq!(impact["matrix"]["优"]["优"], 7);
    assert_eq!(impact["summary"]["grade_changes"], 1);

    let mut md_args = args.clone();
    md_args.extend(["--format", "md"]);
    let md = support::jixiao(&support::manifest_dir(), &md_args)
        .stdout
        .replace(policy.as_ref(), "[policy]");
    support::snapshot_settings("policies", None, "the same diff as Markdown").bind(|| {
        insta::assert_snapshot!("diff_you_90_to_92_md", md);
    });

    let mut gate = args.clone();
    gate.push("--fail-on-grade-change");
    assert_eq!(
        support::jixiao(&support::manifest_dir(), &gate).code,
        Some(1),
        "a grade change fails the gate"
    );
}

#[test]
fn a_policy_diffed_with_itself_changes_nothing() {
    let mut args = vec![
        "diff",
        "national-2020",
        "national-2020",
        "--fail-on-grade-change",
    ];
    args.extend(SAMPLES);
    let run = support::jixiao(&support::manifest_dir(), &args);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("scores changed in 0 of 8 table(s), 0 changed grade; mean change 0"),
        "{}",
        run.stdout
    );
}

fn receipt_policies(stdout: &str) -> Vec<String> {
    let tables: Vec<serde_json::Value> =
        serde_json::from_str(stdout).expect("score --format json is JSON");
    tables
        .iter()
        .map(|t| {
            t["receipt"]["policy"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// `jixiao score --rules rules [--jurisdiction J] TABLE --format json`.
fn score_by_rules(jurisdiction: Option<&str>, table: &str) -> support::Run {
    let mut args = vec!["score", "--rules", "rules"];
    if let Some(j) = jurisdiction {
        args.extend(["--jurisdiction", j]);
    }
    args.extend([table, "--format", "json"]);
    support::jixiao(&support::manifest_dir(), &args)
}

#[test]
fn each_table_is_scored_by_the_policy_of_its_year_and_jurisdiction() {
    let dir = support::manifest_dir();
    // 2023 tables, national policies: national-2020 (national-101 is 中央部门).
    let run = score_by_rules(Some("全国"), "samples/shanghai-2023-hotline.tsv");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        receipt_policies(&run.stdout),
        ["national-2020", "national-2020"]
    );
    // 2017 tables of 江西: jiangxi-2017.
    let run = score_by_rules(Some("江西"), "samples/local/jiangxi-2017.tsv");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        receipt_policies(&run.stdout),
        ["jiangxi-2017", "jiangxi-2017"]
    );
    // The same 2017 table with 全国 policies only: none covers 2017, and the error names them.
    let run = score_by_rules(Some("全国"), "samples/local/jiangxi-2017.tsv");
    assert_eq!(run.code, Some(3));
    assert!(
        run.stderr
            .contains("no policy covers 2017; the candidates are `national-2020` (全国, 2020..)"),
        "{}",
        run.stderr
    );
    // Without a jurisdiction, 2017 is covered by both 江西 and 浙江: ambiguous, both named.
    let run = support::jixiao(
        &dir,
        &[
            "score",
            "--rules",
            "rules",
            "samples/local/jiangxi-2017.tsv",
        ],
    );
    assert_eq!(run.code, Some(3));
    assert!(
        run.stderr.contains("`jiangxi-2017`") && run.stderr.contains("`zhejiang-rubric`"),
        "{}",
        run.stderr
    );
}
