//! `jixiao test`: the shipped policies' own tests pass, a wrong expectation fails with expected
//! and actual side by side, `--update` rewrites only the values and keeps the comments, and
//! `--coverage` names what was never reached.

use std::fs;
use std::path::PathBuf;

use super::support;

/// A scratch folder for one test, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("jixiao-tests")
        .join("policytest")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

/// A test file with one inline seed table and the given expected total.
fn test_file(total: &str) -> String {
    // The first table only: everything before the second title row.
    let (first, _) = support::seed_tables();
    format!(
        "# A bureau's comment that must survive --update.\npolicy = \"national-2020\"\n\n[[case]]\nname = \"热线服务保障经费\"\ntsv = '''\n{first}\n'''\ntotal = \"{total}\" # the published total\ngrade = \"优\"\n"
    )
}

#[test]
fn the_shipped_policies_pass_their_own_tests() {
    let run = support::jixiao(&support::manifest_dir(), &["test", "rules/"]);
    assert_eq!(
        run.code,
        Some(0),
        "`jixiao test rules/` failed:\n{}{}",
        run.stdout,
        run.stderr
    );
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(last.ends_with("passed, 0 failed"), "last line: {last}");
    support::snapshot_settings("policytest", None, "jixiao test rules/").bind(|| {
        insta::assert_snapshot!("test_rules", run.stdout);
    });
}

#[test]
fn a_wrong_expectation_fails_and_update_rewrites_only_the_value() {
    let dir = scratch("update");
    let file = dir.join("seed.test.toml");
    fs::write(&file, test_file("99.00")).expect("write the test file");

    let run = support::jixiao(&dir, &["test", "seed.test.toml"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stdout.contains("total: expected 99.00, got 99.67"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("预算执行率: rate = 全年执行数 159.28 ÷ 全年预算数 164.64"),
        "the trace is shown:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 passed, 1 failed\n"),
        "{}",
        run.stdout
    );

    let run = support::jixiao(&dir, &["test", "--update", "seed.test.toml"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let updated = fs::read_to_string(&file).expect("read the updated file");
    assert_eq!(
        updated,
        test_file("99.67"),
        "only the value changed; comments and layout kept"
    );

    let run = support::jixiao(&dir, &["test", "seed.test.toml"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("1 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn coverage_names_what_the_tests_never_reached() {
    let dir = scratch("coverage");
    fs::write(dir.join("seed.test.toml"), test_file("99.67")).expect("write the test file");
    let run = support::jixiao(&dir, &["test", "--coverage"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    for line in [
        "grade bands: 1 of 4 reached",
        "✓ grade 优",
        "✗ never reached: grade 差",
        "✓ tier 三档/达成",
        "✗ never reached: tier 三档/未达成",
        "✓ curve 按比例: met",
        "✗ never reached: curve 按比例: missed",
        "✓ finding A0402 reason-missing-for-overachievement",
        "✗ never reached: finding A0101 rate-mismatch",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing `{line}` in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_test_file_that_cannot_run_is_a_failure() {
    let dir = scratch("broken");
    fs::write(
        dir.join("bad.test.toml"),
        "policy = \"no-such-policy\"\n[[case]]\ntable = \"x.tsv\"\n",
    )
    .expect("write");
    let run = support::jixiao(&dir, &["test", "bad.test.toml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.contains("ERROR: policy `no-such-policy`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 passed, 1 failed\n"),
        "{}",
        run.stdout
    );
}
