//! Every registered code has a fixture and a documentation page.

use std::fs;

use jixiao::diagnostic::codes::CODES;

use super::support;

/// Codes whose case cannot be a file in `tests/fixtures/check` (the harness copies each fixture
/// into a fresh folder), with the test that makes the case instead.
const CASES_MADE_BY_TESTS: &[(&str, &str)] = &[(
    "E0004",
    "json::a_policy_file_that_cannot_be_read_is_named_with_its_cause",
)];

#[test]
fn every_code_has_a_fixture() {
    let names: Vec<String> = support::fixtures("check")
        .into_iter()
        .map(|f| f.name)
        .collect();
    let missing: Vec<String> = CODES
        .iter()
        .filter(|c| !CASES_MADE_BY_TESTS.iter().any(|(code, _)| *code == c.code))
        .filter(|c| !names.iter().any(|n| n.starts_with(c.code)))
        .map(|c| format!("{} ({})", c.code, c.name))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture in tests/fixtures/check for: {}\nadd `CODE_name.jx` for each (see tests/README.md)",
        missing.join(", ")
    );
}

/// `docs/diagnostics/CODE.md` exists and says more than its title: at least one non-blank line
/// besides the first `#` heading.
#[test]
fn every_code_has_a_docs_page() {
    let dir = support::manifest_dir().join("docs").join("diagnostics");
    let mut problems = Vec::new();
    for c in CODES {
        let path = dir.join(format!("{}.md", c.code));
        match fs::read_to_string(&path) {
            Err(e) => problems.push(format!("{}: cannot read {} ({e})", c.code, path.display())),
            Ok(text) => {
                let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
                let first = lines.next();
                let body = match first {
                    Some(l) if l.starts_with('#') => lines.count(),
                    Some(_) => 1 + lines.count(),
                    None => 0,
                };
                if body == 0 {
                    problems.push(format!(
                        "{}: docs/diagnostics/{}.md has no text beyond its title",
                        c.code, c.code
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} code(s) lack a documentation page:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
