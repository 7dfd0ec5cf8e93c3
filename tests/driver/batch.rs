//! Batches: the output does not depend on the number of threads, and a generated batch is
//! scored whole.

use std::fs;

use super::support;

#[test]
fn output_is_byte_identical_for_any_number_of_jobs() {
    let dir = support::scratch("batch");
    let file = dir.join("generated-600.tsv");
    // Several pieces of the file (split::PIECE_BYTES) and several chunks of tables, so they
    // are read and scored on several threads.
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

/// A batch with every kind of table the scorer meets (generated ones, the seed, every score
/// fixture: broken tables, shifted cells, CRLF and bare CR line ends) gives the same output,
/// messages and exit code on one thread and on several, where it is cut into pieces.
#[test]
fn a_mixed_batch_reports_the_same_on_any_number_of_jobs() {
    let dir = support::scratch("batch-mixed");
    let mut bytes = jixiao::table::generate::tables(5, 300).into_bytes();
    let fixtures = support::manifest_dir().join("tests/fixtures/score");
    let mut names: Vec<_> = fs::read_dir(&fixtures)
        .expect("read the fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        bytes.extend_from_slice(&fs::read(name).expect("read a fixture"));
        bytes.push(b'\n');
        // Generated tables between them, so the fixtures fall in different pieces.
        bytes.extend_from_slice(jixiao::table::generate::tables(i as u64, 60).as_bytes());
    }
    bytes.extend_from_slice(support::seed_text().as_bytes());
    let file = dir.join("mixed.tsv");
    fs::write(&file, &bytes).expect("write the batch");
    let path = file.to_string_lossy().into_owned();
    let one = support::jixiao(&dir, &["score", &path, "--format", "jsonl", "--jobs", "1"]);
    let two = support::jixiao(&dir, &["score", &path, "--format", "jsonl", "--jobs", "2"]);
    assert!(one.stdout.lines().count() > 3000, "the batch is scored");
    assert!(
        one.stderr.contains("error[I0006]"),
        "broken tables are reported"
    );
    assert_eq!(
        (one.code, &one.stderr),
        (two.code, &two.stderr),
        "exit code and messages"
    );
    assert!(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ");
}

#[test]
fn imported_tables_score_exactly_as_the_published_ones() {
    let dir = support::scratch("import");
    let root = support::manifest_dir();
    let seed = root
        .join("samples/shanghai-2023-hotline.tsv")
        .to_string_lossy()
        .into_owned();
    let totals = |path: &str| -> Vec<String> {
        let run = support::jixiao(&root, &["score", path, "--format", "csv", "--quiet"]);
        assert_eq!(run.code, Some(0), "{path}: {}", run.stderr);
        run.stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').skip(2).take(9).collect::<Vec<_>>().join(","))
            .collect()
    };
    let published = totals(&seed);
    assert_eq!(published.len(), 2);
    for extension in ["json", "jsonl", "toml"] {
        let out = dir
            .join(format!("seed.{extension}"))
            .to_string_lossy()
            .into_owned();
        let run = support::jixiao(&root, &["import", &seed, "-o", &out]);
        assert_eq!(run.code, Some(0), "{extension}: {}", run.stderr);
        assert_eq!(
            totals(&out),
            published,
            "{extension}: scores differ after import"
        );
    }
    let schema = support::jixiao(&root, &["import", "--schema"]);
    let schema: serde_json::Value =
        serde_json::from_str(&schema.stdout).expect("the schema is JSON");
    assert!(schema["$defs"]["Table"].is_object(), "{schema}");
}

#[test]
fn a_csv_export_scores_like_the_tab_separated_one() {
    let root = support::manifest_dir();
    let dir = support::scratch("csv");
    let seed = support::seed_text();
    // As a spreadsheet saves it: cells with a comma or a quote quoted, CRLF line ends.
    let csv: Vec<String> = seed
        .lines()
        .map(|line| {
            line.split('\t')
                .map(|c| {
                    if c.contains([',', '"']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let file = dir.join("seed.csv");
    fs::write(&file, csv.join("\r\n")).expect("write the CSV");
    let csv_path = file.to_string_lossy().into_owned();
    let tsv_path = root
        .join("samples/shanghai-2023-hotline.tsv")
        .to_string_lossy()
        .into_owned();
    let rows = |path: &str| -> Vec<String> {
        let run = support::jixiao(&root, &["score", path, "--format", "jsonl", "--quiet"]);
        assert_eq!(run.code, Some(0), "{path}: {}", run.stderr);
        run.stdout
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
                format!(
                    "{} {} {} {}",
                    v["name"],
                    v["total"],
                    v["grade"],
                    v["findings"].as_array().map_or(0, Vec::len)
                )
            })
            .collect()
    };
    assert_eq!(rows(&csv_path), rows(&tsv_path));
}
