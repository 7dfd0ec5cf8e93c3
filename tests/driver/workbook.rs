//! Workbooks: the seed tables saved as an .xlsx workbook (built here with rust_xlsxwriter,
//! merged cells and a percent-formatted rate included) score exactly as the text export does.

use std::fs;
use std::path::PathBuf;

use rust_xlsxwriter::{Format, Workbook};

use super::support;

/// The seed as a workbook: one sheet per table, numbers stored as numbers, the 一级指标 label
/// of the first table merged over its rows, the second table's rates stored as fractions with
/// a percent format.
fn seed_workbook(path: &PathBuf) {
    let (first, second) = support::seed_tables();
    let mut workbook = Workbook::new();
    let percent = Format::new().set_num_format("0.00%");
    for (sheet, text) in [("2023自评表", &first), ("第二张", &second)] {
        let ws = workbook.add_worksheet();
        ws.set_name(sheet).expect("sheet name");
        let lines: Vec<&str> = text.split('\n').collect();
        for (r, line) in lines.iter().enumerate() {
            for (c, cell) in line.split('\t').enumerate() {
                let (row, col) = (r as u32, c as u16);
                let plain = cell.replace(',', "");
                // The merged label is written by merge_range below.
                if sheet == "2023自评表" && c == 0 && cell == "产出指标" {
                    continue;
                }
                if sheet == "第二张" && c == 6 && (cell == "99.80" || cell == "0.00") {
                    let fraction: f64 = plain.parse::<f64>().expect("a rate") / 100.0;
                    ws.write_number_with_format(row, col, fraction, &percent)
                        .expect("write");
                } else if !cell.is_empty() && plain.parse::<f64>().is_ok() && !cell.starts_with('0')
                    || cell == "0.00"
                {
                    ws.write_number(row, col, plain.parse::<f64>().unwrap_or(0.0))
                        .expect("write");
                } else if !cell.is_empty() {
                    ws.write_string(row, col, cell.to_string()).expect("write");
                }
            }
        }
        if sheet == "2023自评表" {
            let first = lines
                .iter()
                .position(|l| l.starts_with("产出指标\t"))
                .expect("the 产出指标 row") as u32;
            ws.merge_range(first, 0, first + 5, 0, "产出指标", &Format::new())
                .expect("merge");
        }
    }
    workbook.save(path).expect("save the workbook");
}

fn summary(root: &std::path::Path, path: &str) -> Vec<String> {
    let run = support::jixiao(root, &["score", path, "--format", "jsonl", "--quiet"]);
    assert_eq!(run.code, Some(0), "{path}: {}", run.stderr);
    run.stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            let mut codes: Vec<String> = v["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| f["code"].as_str().unwrap_or("").to_string())
                .collect();
            codes.sort();
            let scores: Vec<String> = v["indicators"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| format!("{}={}", i["name"], i["score"]))
                .collect();
            format!(
                "{} total {} grade {} rate {} [{}] {}",
                v["name"],
                v["total"],
                v["grade"],
                v["budget"]["rate"],
                codes.join(","),
                scores.join(" ")
            )
        })
        .collect()
}

#[test]
fn the_seed_as_a_workbook_scores_as_the_text_export() {
    let root = support::manifest_dir();
    let dir = support::scratch("workbook");
    let path = dir.join("seed.xlsx");
    seed_workbook(&path);
    let xlsx = summary(&root, &path.to_string_lossy());
    let tsv = summary(
        &root,
        &root
            .join("samples/shanghai-2023-hotline.tsv")
            .to_string_lossy(),
    );
    assert_eq!(xlsx, tsv);
    // Findings name the sheet and its row.
    let run = support::jixiao(&root, &["score", &path.to_string_lossy(), "--quiet"]);
    // Findings name the sheet and the cell: the second table's printed rate is G7 of its sheet.
    assert!(
        run.stdout
            .contains("seed.xlsx#第二张!G7 the table reports an execution rate of 99.8%"),
        "{}",
        run.stdout
    );
    let json = support::jixiao(
        &root,
        &["score", &path.to_string_lossy(), "--format", "json"],
    );
    assert!(json.stdout.contains("\"location\": \""), "{}", json.stdout);
    assert!(
        json.stdout.contains("seed.xlsx#第二张!G7\""),
        "the JSON finding names the cell"
    );
    assert!(
        run.stdout
            .contains("the table reports an execution rate of 99.8%"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_reported_and_the_rest_scored() {
    let root = support::manifest_dir();
    let dir = support::scratch("workbook-broken");
    let broken = dir.join("broken.xlsx");
    fs::write(&broken, b"PK\x03\x04 not really a zip").expect("write");
    let seed = root.join("samples/shanghai-2023-hotline.tsv");
    let run = support::jixiao(
        &root,
        &[
            "score",
            &broken.to_string_lossy(),
            &seed.to_string_lossy(),
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr.contains("broken.xlsx") && run.stderr.contains("not a workbook"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stdout.lines().count(),
        3,
        "the header and the two seed tables:\n{}",
        run.stdout
    );
}

#[test]
fn a_broken_cell_is_named_by_its_sheet_and_cell() {
    let root = support::manifest_dir();
    let dir = support::scratch("workbook-cell");
    let (first, _) = support::seed_tables();
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("自评表").expect("sheet name");
    for (r, line) in first.split('\n').enumerate() {
        for (c, cell) in line.split('\t').enumerate() {
            // The first indicator's actual (E17 in the form) holds a broken value.
            let text = if cell == "386.83(万件)" {
                "#DIV/0!"
            } else {
                cell
            };
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, text).expect("write");
            }
        }
    }
    let path = dir.join("broken-cell.xlsx");
    workbook.save(&path).expect("save");
    let run = support::jixiao(&root, &["score", &path.to_string_lossy(), "--quiet"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("broken-cell.xlsx#自评表!E17"),
        "the finding names the sheet and the cell:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("A0501"), "{}", run.stdout);
}

#[test]
fn an_old_binary_xls_workbook_scores_as_the_text_export() {
    let root = support::manifest_dir();
    let xls = summary(&root, "tests/fixtures/workbook/seed-first-table.xls");
    let tsv = summary(&root, "samples/shanghai-2023-hotline.tsv");
    assert_eq!(xls.len(), 1);
    assert_eq!(xls.first(), tsv.first());
}
