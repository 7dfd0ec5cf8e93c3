//! Workbooks: the seed tables saved as an .xlsx workbook (built here with rust_xlsxwriter,
//! merged cells and a percent-formatted rate included) score exactly as the text export does;
//! probes of number formats, formulas, sheets and merged cells, each a workbook built here.

use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

use super::support;

/// A cell of a test workbook: text, a number with a number format (`""`: General), or a
/// formula with its cached result and number format.
#[derive(Clone)]
enum Cell {
    T(String),
    N(f64, &'static str),
    F(&'static str, f64, &'static str),
}

fn t(text: &str) -> Cell {
    Cell::T(text.to_string())
}

fn write_cells(ws: &mut Worksheet, rows: &[Vec<Cell>]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::T(text) if text.is_empty() => {}
                Cell::T(text) => {
                    ws.write_string(r, c, text).expect("write");
                }
                Cell::N(value, "") => {
                    ws.write_number(r, c, *value).expect("write");
                }
                Cell::N(value, format) => {
                    ws.write_number_with_format(
                        r,
                        c,
                        *value,
                        &Format::new().set_num_format(*format),
                    )
                    .expect("write");
                }
                Cell::F(formula, result, format) => {
                    let formula = Formula::new(*formula).set_result(result.to_string());
                    ws.write_formula_with_format(
                        r,
                        c,
                        formula,
                        &Format::new().set_num_format(*format),
                    )
                    .expect("write");
                }
            }
        }
    }
}

/// A one-sheet form: title, 项目名称, the funds block (header on row 5, 年度资金总额 on row 6),
/// the goals, the indicator header on row 9, `indicators` from row 10, then `totals`.
fn form(
    name: &str,
    funds: Vec<Cell>,
    indicators: Vec<Vec<Cell>>,
    totals: Vec<Cell>,
) -> Vec<Vec<Cell>> {
    let text = |cells: &[&str]| cells.iter().map(|c| t(c)).collect::<Vec<_>>();
    let mut rows = vec![
        text(&["项目支出绩效自评表"]),
        text(&["（2023年度）"]),
        text(&["项目名称", "", name]),
        text(&["主管部门", "", "某市某局", "", "实施单位", "", "某市某中心"]),
        text(&[
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ]),
    ];
    rows.push([vec![t(""), t("年度资金总额")], funds].concat());
    rows.push(text(&["年度总体目标", "预期目标", "", "", "实际完成情况"]));
    rows.push(text(&["", "完成年度任务。", "", "", "已完成。"]));
    rows.push(text(&[
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]));
    rows.extend(indicators);
    rows.push([text(&["总分", "", "", "", ""]), totals].concat());
    rows
}

/// An indicator row: its level, name, target and actual cells as text, its weight and score
/// as numbers in General format, no reason.
fn indicator(text: [&str; 5], weight: f64, score: f64) -> Vec<Cell> {
    let mut cells: Vec<Cell> = text.iter().map(|c| t(c)).collect();
    cells.extend([Cell::N(weight, ""), Cell::N(score, ""), t("")]);
    cells
}

/// The funds row of a form: 100 budgeted, 98 spent, weight 10, rate 98 % and score 9.8 as
/// the table prints them.
fn funds_98() -> Vec<Cell> {
    vec![
        Cell::N(100.0, ""),
        Cell::N(100.0, ""),
        Cell::N(98.0, ""),
        Cell::N(10.0, ""),
        Cell::N(0.98, "0.00%"),
        Cell::N(9.8, "0.00"),
    ]
}

/// Writes the sheets (name, rows, hidden) into a workbook at `path`.
fn save(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>, bool)]) {
    let mut workbook = Workbook::new();
    for (name, rows, hidden) in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        write_cells(ws, rows);
        if *hidden {
            ws.set_hidden(true);
        }
    }
    workbook.save(path).expect("save the workbook");
}

/// The tables of a workbook and what the national default makes of them.
fn score_file(path: &Path) -> Vec<(jixiao::table::Table, jixiao::eval::score::TableResult)> {
    let policy =
        jixiao::check::default_policy().unwrap_or_else(|d| panic!("{} diagnostics", d.len()));
    jixiao::table::read_path(path)
        .map(|t| {
            let t = t.unwrap_or_else(|e| panic!("{e}"));
            let r = jixiao::eval::score(&policy, &t);
            (t, r)
        })
        .collect()
}

fn codes(r: &jixiao::eval::score::TableResult) -> Vec<&'static str> {
    let mut codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
    codes.sort();
    codes
}

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
            .contains("seed.xlsx#第二张!G7 the table reports an execution rate of 99.80%"),
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
            .contains("the table reports an execution rate of 99.80%"),
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

#[test]
fn a_date_shown_as_a_month_or_a_year_is_read_as_shown() {
    let dir = support::scratch("workbook-dates");
    let path = dir.join("dates.xlsx");
    // 45261 is 2023-12-01, 44927 is 2023-01-01: shown as 2023年12月 and 2023年.
    let rows = form(
        "日期格式项目",
        funds_98(),
        vec![
            vec![
                t("产出指标"),
                t("时效指标"),
                t("完成时间"),
                Cell::N(45261.0, r#"yyyy"年"m"月""#),
                t("2023年12月20日"),
                Cell::N(30.0, ""),
                Cell::N(30.0, ""),
                t(""),
            ],
            vec![
                t(""),
                t(""),
                t("完成年份"),
                Cell::N(44927.0, r#"yyyy"年""#),
                t("2023年11月"),
                Cell::N(20.0, ""),
                Cell::N(20.0, ""),
                t(""),
            ],
            indicator(
                ["效益指标", "社会效益指标", "效果", "明显", "明显"],
                30.0,
                30.0,
            ),
            indicator(
                ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%"],
                10.0,
                10.0,
            ),
        ],
        vec![Cell::N(100.0, ""), Cell::N(99.8, ""), t("优")],
    );
    save(&path, &[("Sheet1", rows, false)]);
    let scored = score_file(&path);
    assert_eq!(scored.len(), 1);
    let (table, result) = &scored[0];
    assert_eq!(table.indicators[0].target, "2023年12月");
    assert_eq!(table.indicators[1].target, "2023年");
    assert_eq!(
        result.total.to_string(),
        "99.80",
        "{:#?}",
        result.indicators
    );
    assert_eq!(codes(result), Vec::<&str>::new(), "{:#?}", result.findings);
}

#[test]
fn a_percent_sign_in_quotes_or_escaped_is_text_not_a_scale() {
    let dir = support::scratch("workbook-percent");
    let path = dir.join("percent.xlsx");
    // Shown 98.00% and 90.00%: the numbers stored are 98 and 90, not fractions.
    let rows = form(
        "百分比格式项目",
        funds_98(),
        vec![
            vec![
                t("产出指标"),
                t("数量指标"),
                t("覆盖率甲"),
                t("≥95%"),
                Cell::N(98.0, r#"0.00"%""#),
                Cell::N(25.0, ""),
                Cell::N(25.0, ""),
                t(""),
            ],
            vec![
                t(""),
                t(""),
                t("覆盖率乙"),
                t("≥95%"),
                Cell::N(90.0, r"0.00\%"),
                Cell::N(25.0, ""),
                Cell::N(23.68, ""),
                t("考核口径调整"),
            ],
            indicator(
                ["效益指标", "社会效益指标", "效果", "明显", "明显"],
                30.0,
                30.0,
            ),
            indicator(
                ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%"],
                10.0,
                10.0,
            ),
        ],
        vec![Cell::N(100.0, ""), Cell::N(98.48, ""), t("优")],
    );
    save(&path, &[("自评表", rows, false)]);
    let scored = score_file(&path);
    let (table, result) = &scored[0];
    assert_eq!(table.indicators[0].actual, "98.00%");
    assert_eq!(table.indicators[1].actual, "90.00%");
    // 25 × 90 ÷ 95 = 23.68; before, 9000% met the target and scored 25.
    assert_eq!(result.indicators[1].score.to_string(), "23.68");
    assert_eq!(result.total.to_string(), "98.48");
    assert_eq!(codes(result), Vec::<&str>::new(), "{:#?}", result.findings);
}

#[test]
fn formulas_and_fixed_decimals_are_read_as_the_sheet_shows_them() {
    let dir = support::scratch("workbook-formulas");
    let path = dir.join("formulas.xlsx");
    // Rate, scores and total computed by formulas, their cached results at full precision,
    // shown with two decimals: 96.74%, 9.67, 19.20, 14.21, 98.08.
    let rate = 159.28 / 164.64;
    let total = 10.0 * rate + 20.0 * 480.0 / 500.0 + 15.0 * 0.9 / 0.95 + 15.0 + 30.0 + 10.0;
    let rows = form(
        "干部培训项目",
        vec![
            Cell::N(224.64, "0.00"),
            Cell::N(164.64, "0.00"),
            Cell::N(159.28, "0.00"),
            Cell::N(10.0, "0.00"),
            Cell::F("=E6/D6", rate, "0.00%"),
            Cell::F("=F6*G6", 10.0 * rate, "0.00"),
        ],
        vec![
            vec![
                t("产出指标"),
                t("数量指标"),
                t("培训人次"),
                t("≥500人次"),
                t("480人次"),
                Cell::N(20.0, "0.00"),
                Cell::F("=F10*480/500", 20.0 * 480.0 / 500.0, "0.00"),
                t("部分学员因故缺席"),
            ],
            vec![
                t(""),
                t("质量指标"),
                t("合格率"),
                t("≥95%"),
                Cell::N(0.9, "0.00%"),
                Cell::N(15.0, "0.00"),
                Cell::F("=F11*0.9/0.95", 15.0 * 0.9 / 0.95, "0.00"),
                t("考试难度提高"),
            ],
            vec![
                t(""),
                t("时效指标"),
                t("完成时间"),
                t("2023年12月31日前"),
                t("2023年11月30日"),
                Cell::N(15.0, "0.00"),
                Cell::N(15.0, "0.00"),
                t(""),
            ],
            vec![
                t("效益指标"),
                t("社会效益指标"),
                t("政策知晓率"),
                t("≥90%"),
                t("92%"),
                Cell::N(30.0, "0.00"),
                Cell::N(30.0, "0.00"),
                t(""),
            ],
            vec![
                t("满意度指标"),
                t("服务对象满意度指标"),
                t("学员满意度"),
                t("≥90%"),
                t("95%"),
                Cell::N(10.0, "0.00"),
                Cell::N(10.0, "0.00"),
                t(""),
            ],
        ],
        vec![
            Cell::F("=SUM(F6,F10:F14)", 100.0, "0.00"),
            Cell::F("=SUM(H6,G10:G14)", total, "0.00"),
            t("优"),
        ],
    );
    save(&path, &[("Sheet1", rows, false)]);
    let scored = score_file(&path);
    let (table, result) = &scored[0];
    let funds = &table.budget[0];
    assert_eq!(funds.reported_rate.as_deref(), Some("96.74%"));
    assert_eq!(
        funds.reported_score.map(|d| d.to_string()).as_deref(),
        Some("9.67")
    );
    assert_eq!(
        table.indicators[1]
            .reported_score
            .map(|d| d.to_string())
            .as_deref(),
        Some("14.21")
    );
    assert_eq!(table.indicators[1].actual, "90.00%");
    assert_eq!(
        table.reported_total.map(|d| d.to_string()).as_deref(),
        Some("98.08")
    );
    assert_eq!(result.total.to_string(), "98.08");
    // Before: A0101, A0102, A0103 and A0104 for figures the sheet shows right.
    assert_eq!(codes(result), Vec::<&str>::new(), "{:#?}", result.findings);
}

#[test]
fn an_xlsx_figure_shown_with_fewer_decimals_is_a_rounding_like_a_text_exports() {
    let dir = support::scratch("workbook-one-decimal");
    let path = dir.join("one-decimal.xlsx");
    // The rate and score shown with one decimal, 96.7% and 9.7 for 96.744% and 9.674: a right
    // rounding, as in a text export (before, a workbook's figures had to equal 96.74 and 9.67).
    let rate = 159.28 / 164.64;
    let rows = form(
        "一位小数项目",
        vec![
            Cell::N(164.64, "0.00"),
            Cell::N(164.64, "0.00"),
            Cell::N(159.28, "0.00"),
            Cell::N(10.0, ""),
            Cell::F("=E6/D6", rate, "0.0%"),
            Cell::F("=F6*G6", 10.0 * rate, "0.0"),
        ],
        vec![
            indicator(
                ["产出指标", "数量指标", "培训人次", "≥500人次", "500人次"],
                50.0,
                50.0,
            ),
            indicator(
                ["效益指标", "社会效益指标", "效果", "明显", "明显"],
                30.0,
                30.0,
            ),
            indicator(
                ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%"],
                10.0,
                10.0,
            ),
        ],
        vec![
            Cell::N(100.0, ""),
            Cell::F("=SUM(H6,G10:G12)", 10.0 * rate + 90.0, "0.00"),
            t("优"),
        ],
    );
    save(&path, &[("Sheet1", rows, false)]);
    let scored = score_file(&path);
    let (table, result) = &scored[0];
    assert_eq!(table.budget[0].reported_rate.as_deref(), Some("96.7%"));
    assert_eq!(
        result
            .budget
            .reported_score
            .map(|d| d.to_string())
            .as_deref(),
        Some("9.7")
    );
    assert_eq!(codes(result), Vec::<&str>::new(), "{:#?}", result.findings);
}

/// A small table that scores 100 with no findings.
fn clean_form(name: &str) -> Vec<Vec<Cell>> {
    form(
        name,
        vec![
            Cell::N(100.0, ""),
            Cell::N(100.0, ""),
            Cell::N(100.0, ""),
            Cell::N(10.0, ""),
            Cell::N(1.0, "0.00%"),
            Cell::N(10.0, "0.00"),
        ],
        vec![
            indicator(["产出指标", "数量指标", "甲", "≥10个", "10个"], 50.0, 50.0),
            indicator(
                ["效益指标", "社会效益指标", "乙", "明显", "明显"],
                30.0,
                30.0,
            ),
            indicator(
                ["满意度指标", "服务对象满意度指标", "丙", "≥90%", "95%"],
                10.0,
                10.0,
            ),
        ],
        vec![Cell::N(100.0, ""), Cell::N(100.0, ""), t("优")],
    )
}

#[test]
fn a_sheet_of_notes_beside_the_tables_is_passed_over() {
    let root = support::manifest_dir();
    let dir = support::scratch("workbook-notes");
    let notes: Vec<Vec<Cell>> = [
        "填报说明",
        "1. 本表金额单位为万元。",
        "2. 总分100分，2023年度自评。",
    ]
    .iter()
    .map(|l| vec![t(l)])
    .collect();
    let path = dir.join("sheets.xlsx");
    save(
        &path,
        &[
            ("表A", clean_form("表A项目"), false),
            ("填报说明", notes.clone(), false),
            ("空表", vec![], false),
            ("表B", clean_form("表B项目"), false),
        ],
    );
    let run = support::jixiao(
        &root,
        &["score", &path.to_string_lossy(), "--format", "csv"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout.lines().count(),
        3,
        "the header and two tables:\n{}",
        run.stdout
    );
    // A workbook with no table at all is still reported.
    let only_notes = dir.join("notes-only.xlsx");
    save(
        &only_notes,
        &[("填报说明", notes, false), ("空表", vec![], false)],
    );
    let run = support::jixiao(&root, &["score", &only_notes.to_string_lossy()]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr.contains("error[I0006]") && run.stderr.contains("notes-only.xlsx#填报说明:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn hidden_sheets_are_not_read() {
    let root = support::manifest_dir();
    let dir = support::scratch("workbook-hidden");
    // A hidden draft of the same table beside the published one, on a sheet whose name has a
    // space and an exclamation mark.
    let path = dir.join("hidden.xlsx");
    save(
        &path,
        &[
            ("2023 自评!终稿", clean_form("表A项目"), false),
            ("草稿", clean_form("表A项目草稿"), true),
        ],
    );
    let run = support::jixiao(
        &root,
        &["score", &path.to_string_lossy(), "--format", "csv"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "the header and the visible table:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("表A项目,") && !run.stdout.contains("草稿"),
        "{}",
        run.stdout
    );
    // A workbook whose only table is hidden says so.
    let path = dir.join("all-hidden.xlsx");
    save(
        &path,
        &[
            ("说明", vec![vec![t("见隐藏表")]], false),
            ("草稿", clean_form("表A项目草稿"), true),
        ],
    );
    let run = support::jixiao(&root, &["score", &path.to_string_lossy()]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr.contains("error[I0006]")
            && run.stderr.contains("hidden sheets are not read (`草稿`)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_line_break_inside_a_cell_does_not_cut_the_row() {
    let root = support::manifest_dir();
    let dir = support::scratch("workbook-breaks");
    let path = dir.join("breaks.xlsx");
    let rows = form(
        "换行项目",
        vec![
            Cell::N(100.0, ""),
            Cell::N(100.0, ""),
            Cell::N(100.0, ""),
            Cell::N(10.0, ""),
            Cell::N(1.0, "0.00%"),
            Cell::N(10.0, "0.00"),
        ],
        vec![
            indicator(
                [
                    "产出指标",
                    "数量指标",
                    "补贴发放\n人数",
                    "≥1000人",
                    "1000人",
                ],
                50.0,
                50.0,
            ),
            indicator(
                [
                    "效益指标",
                    "社会效益\n指标",
                    "ISO 9001\n认证",
                    "通过",
                    "通过",
                ],
                30.0,
                30.0,
            ),
            indicator(
                [
                    "满意度\n指标",
                    "服务对象满意度指标",
                    "老人\r\n满意度",
                    "≥90%",
                    "95%",
                ],
                10.0,
                10.0,
            ),
        ],
        vec![Cell::N(100.0, ""), Cell::N(100.0, ""), t("优")],
    );
    save(&path, &[("Sheet1", rows, false)]);
    let scored = score_file(&path);
    let (table, result) = &scored[0];
    let names: Vec<&str> = table.indicators.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["补贴发放人数", "ISO 9001 认证", "老人满意度"]);
    assert_eq!(&*table.indicators[1].level2, "社会效益指标");
    assert_eq!(&*table.indicators[2].level1, "满意度指标");
    // No label needed repairing (before: I0004 for `社会效益⏎指标` and `满意度⏎指标`).
    assert_eq!(codes(result), Vec::<&str>::new(), "{:#?}", result.findings);
    let run = support::jixiao(&root, &["score", &path.to_string_lossy()]);
    assert!(!run.stdout.contains("发放\n"), "{}", run.stdout);
}

#[test]
fn a_target_or_reason_merged_over_two_rows_is_every_rows() {
    let dir = support::scratch("workbook-merged");
    let path = dir.join("merged.xlsx");
    let n = |v: f64| Cell::N(v, "");
    let rows = form(
        "合并单元格项目",
        vec![
            n(200.0),
            n(200.0),
            n(200.0),
            n(10.0),
            Cell::N(1.0, "0.00%"),
            n(10.0),
        ],
        vec![
            // Line 10 and 11 share the target D10:D11 and the reason H10:H11; lines 12 and 13
            // the weight F12:F13 and the score G12:G13.
            vec![
                t("产出指标"),
                t("数量指标"),
                t("新建站点数"),
                t("≥10个"),
                t("8个"),
                n(20.0),
                n(16.0),
                t("用地未落实"),
            ],
            vec![
                t(""),
                t(""),
                t("改造站点数"),
                t(""),
                t("9个"),
                n(20.0),
                n(18.0),
                t(""),
            ],
            vec![
                t(""),
                t("质量指标"),
                t("站点验收合格率"),
                t("100%"),
                t("100%"),
                n(10.0),
                n(9.0),
                t(""),
            ],
            vec![
                t(""),
                t(""),
                t("设备完好率"),
                t("≥99%"),
                t("98%"),
                t(""),
                t(""),
                t(""),
            ],
            vec![
                t("效益指标"),
                t("社会效益指标"),
                t("服务人次"),
                t("≥5000人次"),
                t("6000人次"),
                n(30.0),
                n(30.0),
                t(""),
            ],
            vec![
                t("满意度指标"),
                t("服务对象满意度指标"),
                t("满意度"),
                t("≥90%"),
                t("96%"),
                n(10.0),
                n(10.0),
                t(""),
            ],
        ],
        vec![n(100.0), n(95.0), t("优")],
    );
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    write_cells(ws, &rows);
    let plain = Format::new();
    // Rows and columns from 0: the target D10:D11, the level label A10:A13, the weight and
    // score F12:F13 and G12:G13, the totals label A16:E16.
    ws.merge_range(9, 3, 10, 3, "≥10个", &plain).expect("merge");
    ws.merge_range(9, 7, 10, 7, "用地未落实", &plain)
        .expect("merge");
    ws.merge_range(9, 0, 12, 0, "产出指标", &plain)
        .expect("merge");
    ws.merge_range(11, 5, 12, 5, "", &plain).expect("merge");
    ws.write_number(11, 5, 10.0).expect("write");
    ws.merge_range(11, 6, 12, 6, "", &plain).expect("merge");
    ws.write_number(11, 6, 9.0).expect("write");
    ws.merge_range(15, 0, 15, 4, "总分", &plain).expect("merge");
    workbook.save(&path).expect("save");
    let scored = score_file(&path);
    let (table, result) = &scored[0];
    let rows = &table.indicators;
    assert_eq!(rows[1].target, "≥10个", "{rows:#?}");
    assert_eq!(result.indicators[1].score.to_string(), "18.00");
    // The reason merged over both misses is each one's: no A0401 on line 11.
    assert_eq!(rows[1].reason, "用地未落实");
    assert!(
        !result
            .findings
            .iter()
            .any(|f| f.code == "A0401" && f.line == Some(11)),
        "{:#?}",
        result.findings
    );
    // A target of its own is kept; the level label is carried down by the reader.
    assert_eq!(rows[3].target, "≥99%");
    assert!(rows[..4].iter().all(|r| &*r.level1 == "产出指标"));
    // The weight and score merged over lines 12 and 13 stay on line 12: one weight shared by
    // two indicators, not counted twice; line 13 has none.
    assert_eq!(rows[2].weight.map(|d| d.to_string()).as_deref(), Some("10"));
    assert_eq!(rows[3].weight, None);
    assert_eq!(rows[3].reported_score, None);
    assert_eq!(
        table.reported_total.map(|d| d.to_string()).as_deref(),
        Some("95")
    );
    // Before: A0501 on line 11, whose target was empty.
    assert!(!codes(result).contains(&"A0501"), "{:#?}", result.findings);
}

#[test]
fn a_funds_block_written_across_names_the_cell_of_its_printed_rate() {
    let dir = support::scratch("workbook-across");
    let mut rows = clean_form("横排资金");
    let text = |cells: &[&str]| cells.iter().map(|c| t(c)).collect::<Vec<_>>();
    let amounts = |label: &str, total: f64, own: f64| {
        vec![
            t(label),
            Cell::N(total, ""),
            Cell::N(own, ""),
            Cell::N(total - own, ""),
        ]
    };
    // Sources across (row 5), amounts down (rows 6–8), the rate stored as a fraction shown
    // as `99.80%` on row 9 (B9) where 100 of 100 is 100 %, then 分值 and 得分 on row 10.
    rows.splice(
        4..6,
        [
            text(&["项目资金（万元）", "资金总额", "财政拨款", "上年结转"]),
            amounts("年初预算数", 100.0, 90.0),
            amounts("全年预算数", 100.0, 90.0),
            amounts("全年执行数", 100.0, 90.0),
            vec![t("执行率"), Cell::N(0.998, "0.00%")],
            vec![
                t("分值"),
                Cell::N(10.0, ""),
                t("得分"),
                Cell::N(10.0, "0.00"),
            ],
        ],
    );
    let path = dir.join("across.xlsx");
    save(&path, &[("自评表", rows, false)]);
    let scored = score_file(&path);
    let [(table, result)] = scored.as_slice() else {
        panic!("one table: {}", scored.len());
    };
    assert_eq!(table.budget.len(), 3);
    assert_eq!(
        result.budget.rate.map(|r| r.to_string()).as_deref(),
        Some("100.00")
    );
    assert_eq!(codes(result), ["A0101", "I0008"], "{:#?}", result.findings);
    let rate = result
        .findings
        .iter()
        .find(|f| f.code == "A0101")
        .map(|f| jixiao::table::location(&table.source, f.line.unwrap_or(0), f.column));
    assert_eq!(
        rate,
        Some(format!("{}#自评表!B9", path.display())),
        "the finding names the cell the rate is printed in"
    );
}
