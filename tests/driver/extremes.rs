//! `tests/fixtures/extremes`: inputs at the edges (empty, only comments, 10 000 `{`, a 1 MiB
//! line, huge numbers, NUL bytes, UTF-16, …). `check` may report anything but must not panic
//! or hang, through the library or the binary, and must exit 0 or 1.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;

use jixiao::check::{self, Workspace};

use super::support::{self, Fixture};

fn extremes() -> Vec<Fixture> {
    let all = support::fixtures("extremes");
    assert!(
        all.len() >= 6,
        "expected the extreme fixtures, found {}",
        all.len()
    );
    all
}

#[test]
fn extremes_do_not_panic_in_the_library() {
    support::for_each_collecting(
        &extremes(),
        |f| f.name.clone(),
        |fixture| {
            let bytes = fs::read(&fixture.path).expect("read fixture");
            let mut ws = Workspace::with_builtins();
            let index = ws.add_bytes(&fixture.file_name, bytes.clone());
            let outcome = check::check(&ws, &[index]);
            for d in &outcome.diagnostics {
                let _ = d.render_human(100);
                serde_json::to_string(&d.to_json()).expect("serialise a diagnostic");
            }
            // The parser on its own, when the bytes are text.
            if let Ok(text) = String::from_utf8(bytes) {
                let source = jixiao::diagnostic::SourceFile::new(fixture.file_name.clone(), text);
                let (_ast, diagnostics) = jixiao::syntax::parse(&source);
                for d in &diagnostics {
                    let _ = d.render_human(100);
                }
            }
        },
    );
}

#[test]
fn extremes_do_not_panic_in_the_binary() {
    let fixtures = extremes();
    // A compact record of what each extreme input yields (code@line:column), so changes show
    // up in review without snapshotting megabytes of output.
    let summary = RefCell::new(BTreeMap::new());
    support::for_each_collecting(
        &fixtures,
        |f| f.name.clone(),
        |fixture| {
            for format in ["human", "json"] {
                let run = support::check_fixture(fixture, format, &[], "extremes");
                assert!(
                    !run.stderr.contains("panicked"),
                    "{} ({format}): panicked:\n{}",
                    fixture.name,
                    run.stderr
                );
                assert!(
                    matches!(run.code, Some(0 | 1)),
                    "{} ({format}): exit code {}\n{}",
                    fixture.name,
                    run.code_text(),
                    run.stderr
                );
                if format == "json" {
                    let codes: Vec<String> = support::parse_json(&fixture.name, &run.stdout)
                        .iter()
                        .map(|d| {
                            format!(
                                "{}@{}:{}",
                                d["code"].as_str().unwrap_or("?"),
                                d["line"],
                                d["column"]
                            )
                        })
                        .collect();
                    let line = format!(
                        "{}: exit {}, [{}]",
                        fixture.file_name,
                        run.code_text(),
                        codes.join(", ")
                    );
                    summary.borrow_mut().insert(fixture.file_name.clone(), line);
                }
            }
        },
    );
    let summary: String = summary
        .into_inner()
        .into_values()
        .map(|l| l + "\n")
        .collect();
    support::snapshot_settings(
        "extremes",
        None,
        "jixiao check --format json, per extreme fixture: code@line:column",
    )
    .bind(|| {
        insta::assert_snapshot!("extremes_summary", summary);
    });
}
