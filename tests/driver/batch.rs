//! Batches: the output does not depend on the number of threads, and a generated batch is
//! scored whole.

use std::fs;
use std::path::PathBuf;

use super::support;

#[test]
fn output_is_byte_identical_for_any_number_of_jobs() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("jixiao-tests")
        .join("batch");
    fs::create_dir_all(&dir).expect("create the folder");
    let file = dir.join("generated-600.tsv");
    // More than two chunks of tables, so chunks are scored on several threads.
    fs::write(&file, jixiao::table::generate::tables(11, 600)).expect("write the batch");
    let path = file.to_string_lossy().into_owned();
    for format in ["jsonl", "json", "csv", "table", "md"] {
        let one = support::jixiao(&dir, &["score", &path, "--format", format, "--jobs", "1"]);
        let two = support::jixiao(&dir, &["score", &path, "--format", format, "--jobs", "2"]);
        assert_eq!(one.code, Some(0), "{format}: {}", one.stderr);
        assert!(
            one.stdout == two.stdout,
            "{format}: --jobs 1 and --jobs 2 differ"
        );
        if format == "jsonl" {
            assert_eq!(
                one.stdout.lines().count(),
                600,
                "every table is scored, once, in order"
            );
        }
    }
}
