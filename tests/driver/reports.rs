//! Workbook and HTML reports: the numbers survive a round trip through the workbook, and the
//! page has its summary, chart, list and tables, and renders in headless Chromium when the
//! machine has it (`.ci/run` installs Debian's `chromium`).

use std::fs;
use std::process::Command;

use super::support;

#[test]
fn results_round_trip_through_the_workbook() {
    use calamine::{Data, Reader};
    let root = support::manifest_dir();
    let out = support::scratch("xlsx-report").join("results.xlsx");
    let out_path = out.to_string_lossy().into_owned();
    let run = support::jixiao(
        &root,
        &[
            "score",
            "samples/shanghai-2023-hotline.tsv",
            "--format",
            "xlsx",
            "-o",
            &out_path,
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut book = calamine::open_workbook_auto(&out).expect("the report is a workbook");
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("汇总"));
    assert_eq!(names.len(), 3, "{names:?}");
    let summary = book.worksheet_range("汇总").expect("the summary sheet");
    let totals: Vec<String> = summary
        .rows()
        .skip(1)
        .map(|r| {
            jixiao::table::workbook::float_text(match r.get(4) {
                Some(Data::Float(f)) => *f,
                other => panic!("computed total is not a number: {other:?}"),
            })
        })
        .collect();
    assert_eq!(totals, ["99.67", "99.98"]);
    // Each table's sheet holds the computed scores beside the reported ones: read back, they
    // are the JSON's numbers.
    let json = support::jixiao(
        &root,
        &[
            "score",
            "samples/shanghai-2023-hotline.tsv",
            "--format",
            "json",
        ],
    );
    let tables: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).expect("JSON");
    for (sheet, table) in names.iter().skip(1).zip(&tables) {
        let range = book.worksheet_range(sheet).expect("a table sheet");
        let computed: Vec<String> = range
            .rows()
            .skip(6)
            .take_while(|r| !matches!(r.first(), Some(Data::String(s)) if s == "总分"))
            .filter_map(|r| match r.get(7) {
                Some(Data::Float(f)) => Some(jixiao::table::workbook::float_text(*f)),
                _ => None,
            })
            .collect();
        let mut expected = vec![table["budget"]["score"].as_str().unwrap_or("").to_string()];
        expected.extend(
            table["indicators"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| i["score"].as_str().unwrap_or("").to_string()),
        );
        let norm = |v: &[String]| {
            v.iter()
                .map(|s| {
                    s.parse::<rust_decimal::Decimal>()
                        .map(|d| d.normalize().to_string())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(norm(&computed), norm(&expected), "sheet {sheet}");
    }
}

#[test]
fn the_html_report_is_one_self_contained_page() {
    let root = support::manifest_dir();
    let dir = support::scratch("html-report");
    let page = dir.join("report.html");
    let page_path = page.to_string_lossy().into_owned();
    let run = support::jixiao(
        &root,
        &[
            "score",
            "samples/shanghai-2023-hotline.tsv",
            "samples/local/jiangxi-2017.tsv",
            "--format",
            "html",
            "-o",
            &page_path,
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = fs::read_to_string(&page).expect("the page");
    for part in [
        "<svg id=\"grade-chart\"",
        "class=\"bar\"",
        "<table id=\"tables\" class=\"sortable\"",
        "热线服务保障经费",
        "政府聘用辅助人员经费",
        "基层干部业务培训经费",
        "A0101",
        "rate = 全年执行数",
        "@page { size: A4",
        "<script>",
    ] {
        assert!(html.contains(part), "the page has no `{part}`");
    }
    for outside in ["http://", "https://", "<link", "src=\""] {
        assert!(
            !html.contains(outside),
            "the page loads something from outside: `{outside}`"
        );
    }
    assert_eq!(
        html.matches("<section id=").count(),
        4,
        "one section per table"
    );

    // In a browser: the page renders (the chart's bars and the list's rows are in the DOM), and
    // a screenshot is taken and checked, then discarded.
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        eprintln!("chromium is not installed: the browser check of the HTML report is skipped");
        return;
    };
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let profile = dir.join("profile");
    let url = format!("file://{page_path}");
    let dom = Command::new(chromium)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--dump-dom", &url])
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("class=\"bar\"") && dom.contains("政府聘用辅助人员经费"),
        "the rendered DOM lacks the chart or the list"
    );
    let shot = dir.join("report.png");
    let _ = fs::remove_file(&shot);
    let status = Command::new(chromium)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args([
            "--window-size=1240,1754",
            &format!("--screenshot={}", shot.display()),
            &url,
        ])
        .output()
        .expect("run chromium");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let png = fs::read(&shot).expect("the screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "the screenshot is not a page"
    );
}
