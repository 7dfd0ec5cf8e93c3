//! Results as one self-contained HTML page (`--format html -o FILE`): no network, no external
//! file. A summary, the grade distribution as a chart, a sortable list of the tables, and per
//! table its indicator rows with their traces and findings; readable on screen, printable on A4.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::xlsx::Scored;
use crate::eval::score::Status;
use crate::syntax::ast::Severity;

/// Text made safe inside HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; cursor: pointer; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.differs { background: #ffeb9c; font-weight: bold; }
.warning { color: #8a5a00; } .error { color: #b00020; } .info { color: #555; }
ul.trace { margin: 0; padding-left: 1.2em; color: #444; font-size: 0.85em; }
.receipt { color: #666; font-size: 0.8em; }
svg text { font-size: 12px; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; } th { cursor: auto; } section { break-inside: avoid-page; } }
"#;

/// Click a header to sort the list by that column (numbers as numbers).
const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var up = th.dataset.dir !== "up"; th.dataset.dir = up ? "up" : "down";
    rows.sort(function (a, b) {
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh");
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"#;

/// A bar chart of how many tables got each grade, as inline SVG.
fn grade_chart(tables: &[Scored]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in tables {
        let grade = if t.result.grade.is_empty() {
            "无等级".to_string()
        } else {
            t.result.grade.clone()
        };
        *counts.entry(grade).or_default() += 1;
    }
    // Grades in the order people read them, then any others.
    let order = ["优", "良", "中", "差"];
    let mut grades: Vec<(String, usize)> = order
        .iter()
        .filter_map(|g| counts.get(*g).map(|c| (g.to_string(), *c)))
        .collect();
    grades.extend(
        counts
            .iter()
            .filter(|(g, _)| !order.contains(&g.as_str()))
            .map(|(g, c)| (g.clone(), *c)),
    );
    let max = grades.iter().map(|(_, c)| *c).max().unwrap_or(1).max(1);
    let (bar, gap, height) = (60, 30, 160);
    let width = grades.len() * (bar + gap) + gap;
    let mut svg = format!(
        r#"<svg id="grade-chart" role="img" aria-label="grade distribution" width="{width}" height="{}" viewBox="0 0 {width} {}">"#,
        height + 40,
        height + 40
    );
    for (i, (grade, count)) in grades.iter().enumerate() {
        let h = count * height / max;
        let x = gap + i * (bar + gap);
        let y = height - h + 10;
        let _ = write!(
            svg,
            r##"<rect class="bar" x="{x}" y="{y}" width="{bar}" height="{h}" fill="#4a7ebb"><title>{g}: {count}</title></rect><text x="{tx}" y="{ty}" text-anchor="middle">{count}</text><text x="{tx}" y="{ly}" text-anchor="middle">{g}</text>"##,
            g = escape(grade),
            tx = x + bar / 2,
            ty = y.saturating_sub(2).max(10),
            ly = height + 30,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The whole page.
pub fn page(tables: &[Scored]) -> String {
    let mut out = String::new();
    let count = |sev: Severity| {
        tables
            .iter()
            .flat_map(|t| &t.result.findings)
            .filter(|f| f.severity == sev)
            .count()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>项目支出绩效自评 计算结果</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(out, "<h1>项目支出绩效自评 计算结果</h1>");
    let _ = writeln!(
        out,
        r#"<p id="summary">{} table(s); {} error(s), {} warning(s), {} info finding(s).</p>"#,
        tables.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    let _ = writeln!(out, "<h2>Grade distribution</h2>\n{}", grade_chart(tables));
    let _ = writeln!(
        out,
        "<h2>Tables</h2>\n<table id=\"tables\" class=\"sortable\"><thead><tr><th>项目名称</th><th>来源</th><th>填报总分</th><th>计算总分</th><th>填报等级</th><th>计算等级</th><th>警告</th></tr></thead><tbody>"
    );
    for (n, t) in tables.iter().enumerate() {
        let r = &t.result;
        let differs = r.reported_total.is_some_and(|x| x != r.total);
        let _ = writeln!(
            out,
            r##"<tr><td><a href="#t{n}">{}</a></td><td>{}:{}</td><td class="num">{}</td><td class="num{}">{}</td><td>{}</td><td>{}</td><td class="num">{}</td></tr>"##,
            escape(&r.name),
            escape(&r.source),
            r.line,
            r.reported_total.map_or(String::new(), |d| d.to_string()),
            if differs { " differs" } else { "" },
            r.total,
            escape(r.reported_grade.as_deref().unwrap_or("")),
            escape(&r.grade),
            r.findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .count()
        );
    }
    let _ = writeln!(out, "</tbody></table>");
    for (n, t) in tables.iter().enumerate() {
        let r = &t.result;
        let _ = writeln!(
            out,
            r#"<section id="t{n}"><h2>{}</h2><p class="receipt">{}:{} · {}</p>"#,
            escape(&r.name),
            escape(&r.source),
            r.line,
            escape(&t.receipt)
        );
        let _ = writeln!(
            out,
            "<table class=\"indicators\"><thead><tr><th>三级指标</th><th>年度指标值</th><th>实际完成值</th><th>分值</th><th>填报得分</th><th>计算得分</th><th>依据</th></tr></thead><tbody>"
        );
        let row = |out: &mut String,
                   name: &str,
                   target: &str,
                   actual: &str,
                   weight: String,
                   reported: Option<rust_decimal::Decimal>,
                   computed: rust_decimal::Decimal,
                   trace: &[String]| {
            let differs = reported.is_some_and(|x| x != computed);
            let steps: String = trace
                .iter()
                .map(|s| format!("<li>{}</li>", escape(s)))
                .collect();
            let _ = writeln!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="num">{weight}</td><td class="num">{}</td><td class="num{}">{computed}</td><td><ul class="trace">{steps}</ul></td></tr>"#,
                escape(name),
                escape(target),
                escape(actual),
                reported.map_or(String::new(), |d| d.to_string()),
                if differs { " differs" } else { "" },
            );
        };
        let rate = r.budget.rate.map_or("—".to_string(), |d| format!("{d}%"));
        row(
            &mut out,
            "预算执行率",
            &format!(
                "填报执行率 {}",
                r.budget.reported_rate.as_deref().unwrap_or("—")
            ),
            &format!("执行率 {rate}"),
            r.budget.weight.to_string(),
            r.budget.reported_score,
            r.budget.score,
            &r.budget.trace,
        );
        for i in r
            .indicators
            .iter()
            .filter(|i| i.status != Status::NotApplicable)
        {
            row(
                &mut out,
                &i.name,
                &i.target,
                &i.actual,
                i.weight.map_or(String::new(), |w| w.to_string()),
                i.reported_score,
                i.score,
                &i.trace,
            );
        }
        let _ = writeln!(
            out,
            r#"<tr><th>总分</th><td></td><td></td><td></td><td class="num">{}</td><td class="num">{}</td><td>{} → {}</td></tr></tbody></table>"#,
            r.reported_total.map_or(String::new(), |d| d.to_string()),
            r.total,
            escape(r.reported_grade.as_deref().unwrap_or("—")),
            escape(&r.grade)
        );
        if !r.findings.is_empty() {
            let _ = writeln!(out, "<ul class=\"findings\">");
            for f in &r.findings {
                let sev = format!("{:?}", f.severity).to_lowercase();
                let at = f.line.map_or(String::new(), |l| {
                    format!(
                        " ({})",
                        escape(&crate::table::location(&r.source, l, f.column))
                    )
                });
                let _ = writeln!(
                    out,
                    r#"<li class="{sev}"><code>{}</code> {sev}: {}{at}</li>"#,
                    f.code,
                    escape(&f.message)
                );
            }
            let _ = writeln!(out, "</ul>");
        }
        let _ = writeln!(out, "</section>");
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}
