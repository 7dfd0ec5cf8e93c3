//! Results as an .xlsx workbook (`--format xlsx -o FILE`): a summary sheet with one row per
//! table (filters, frozen header), then one sheet per table in the 自评表 layout with the
//! computed scores beside the reported ones, differences highlighted, findings in a column and
//! as cell notes.

use rust_xlsxwriter::{Color, Format, Note, Workbook, Worksheet, XlsxError};

use crate::eval::TableResult;
use crate::eval::score::Status;
use crate::syntax::ast::Severity;

/// A scored table and the one-line receipt of the rules that scored it.
pub struct Scored {
    pub result: TableResult,
    pub receipt: String,
}

fn number(d: rust_decimal::Decimal) -> f64 {
    // Output only: the spreadsheet stores binary floats; every figure was computed in decimal.
    d.to_string().parse().unwrap_or(0.0)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the book.
fn sheet_name(n: usize, name: &str) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
    let mut out = format!("{n} {clean}");
    while out.chars().count() > 31 {
        out.pop();
    }
    out
}

fn summary(
    ws: &mut Worksheet,
    tables: &[Scored],
    bold: &Format,
    two: &Format,
) -> Result<(), XlsxError> {
    let headers = [
        "项目名称",
        "来源",
        "行",
        "填报总分",
        "计算总分",
        "填报等级",
        "计算等级",
        "错误",
        "警告",
        "提示",
        "依据",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, bold)?;
    }
    for (i, t) in tables.iter().enumerate() {
        let r = &t.result;
        let row = i as u32 + 1;
        let count = |sev| r.findings.iter().filter(|f| f.severity == sev).count() as f64;
        ws.write_string(row, 0, &r.name)?;
        ws.write_string(row, 1, &r.source)?;
        ws.write_number(row, 2, r.line as f64)?;
        if let Some(total) = r.reported_total {
            ws.write_number_with_format(row, 3, number(total), two)?;
        }
        ws.write_number_with_format(row, 4, number(r.total), two)?;
        ws.write_string(row, 5, r.reported_grade.as_deref().unwrap_or(""))?;
        ws.write_string(row, 6, &r.grade)?;
        ws.write_number(row, 7, count(Severity::Error))?;
        ws.write_number(row, 8, count(Severity::Warning))?;
        ws.write_number(row, 9, count(Severity::Info))?;
        ws.write_string(row, 10, &t.receipt)?;
    }
    ws.autofilter(0, 0, tables.len() as u32, headers.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(10, 60)?;
    Ok(())
}

fn table_sheet(
    ws: &mut Worksheet,
    t: &Scored,
    bold: &Format,
    two: &Format,
    differs: &Format,
) -> Result<(), XlsxError> {
    let r = &t.result;
    ws.write_string_with_format(0, 0, "财政项目支出绩效自评表（计算结果）", bold)?;
    ws.write_string(1, 0, "项目名称")?;
    ws.write_string(1, 2, &r.name)?;
    ws.write_string(2, 0, "来源")?;
    ws.write_string(2, 2, format!("{}:{}", r.source, r.line))?;
    ws.write_string(3, 0, "依据")?;
    ws.write_string(3, 2, &t.receipt)?;
    let headers = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "填报得分",
        "计算得分",
        "差异",
        "发现",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(5, c as u16, *h, bold)?;
    }
    let findings_at = |line: Option<usize>, indicator: Option<&str>| -> String {
        r.findings
            .iter()
            .filter(|f| {
                (line.is_some() && f.line == line)
                    || (indicator.is_some()
                        && f.indicator.as_deref() == indicator
                        && f.line.is_none())
            })
            .map(|f| format!("{} {}", f.code, f.message))
            .collect::<Vec<_>>()
            .join("；")
    };
    let mut row = 6u32;
    let mut write_row = |ws: &mut Worksheet,
                         cells: [&str; 5],
                         weight: Option<rust_decimal::Decimal>,
                         reported: Option<rust_decimal::Decimal>,
                         computed: rust_decimal::Decimal,
                         found: String|
     -> Result<(), XlsxError> {
        for (c, text) in cells.iter().enumerate() {
            ws.write_string(row, c as u16, *text)?;
        }
        if let Some(w) = weight {
            ws.write_number_with_format(row, 5, number(w), two)?;
        }
        if let Some(rep) = reported {
            ws.write_number_with_format(row, 6, number(rep), two)?;
        }
        let different = reported.is_some_and(|rep| rep != computed);
        ws.write_number_with_format(
            row,
            7,
            number(computed),
            if different { differs } else { two },
        )?;
        if let Some(rep) = reported {
            ws.write_number_with_format(row, 8, number(computed - rep), two)?;
        }
        if !found.is_empty() {
            ws.write_string(row, 9, &found)?;
            ws.insert_note(row, 7, &Note::new(&found).set_author("jixiao"))?;
        }
        row += 1;
        Ok(())
    };
    let rate = r.budget.rate.map_or("—".to_string(), |d| format!("{d}%"));
    let budget_findings = findings_at(None, Some("预算执行率"));
    let reported_rate = format!(
        "填报执行率 {}",
        r.budget.reported_rate.as_deref().unwrap_or("—")
    );
    let computed_rate = format!("执行率 {rate}");
    write_row(
        ws,
        ["", "", "预算执行率", &reported_rate, &computed_rate],
        Some(r.budget.weight),
        r.budget.reported_score,
        r.budget.score,
        budget_findings,
    )?;
    for i in &r.indicators {
        if i.status == Status::NotApplicable {
            continue;
        }
        write_row(
            ws,
            [&i.level1, &i.level2, &i.name, &i.target, &i.actual],
            i.weight,
            i.reported_score,
            i.score,
            findings_at(Some(i.line), None),
        )?;
    }
    ws.write_string_with_format(row, 0, "总分", bold)?;
    if let Some(total) = r.reported_total {
        ws.write_number_with_format(row, 6, number(total), two)?;
    }
    let total_differs = r.reported_total.is_some_and(|t| t != r.total);
    ws.write_number_with_format(
        row,
        7,
        number(r.total),
        if total_differs { differs } else { two },
    )?;
    ws.write_string_with_format(row + 1, 0, "等级", bold)?;
    ws.write_string(row + 1, 6, r.reported_grade.as_deref().unwrap_or(""))?;
    ws.write_string(row + 1, 7, &r.grade)?;
    // Findings about the whole table (totals, weights, repairs) under it.
    let mut next = row + 3;
    ws.write_string_with_format(next, 0, "全部发现", bold)?;
    for f in &r.findings {
        next += 1;
        ws.write_string(next, 0, f.code)?;
        ws.write_string(next, 1, format!("{:?}", f.severity).to_lowercase())?;
        ws.write_string(
            next,
            2,
            f.line.map_or(String::new(), |l| {
                crate::table::location(&r.source, l, f.column)
            }),
        )?;
        ws.write_string(next, 3, &f.message)?;
    }
    ws.set_column_width(2, 30)?;
    ws.set_column_width(3, 16)?;
    ws.set_column_width(4, 16)?;
    ws.set_column_width(9, 60)?;
    ws.set_freeze_panes(6, 0)?;
    Ok(())
}

/// The whole workbook, as bytes.
pub fn workbook(tables: &[Scored]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let two = Format::new().set_num_format("0.00");
    let differs = Format::new()
        .set_num_format("0.00")
        .set_background_color(Color::RGB(0xFFEB9C))
        .set_bold();
    let ws = book.add_worksheet();
    ws.set_name("汇总")?;
    summary(ws, tables, &bold, &two)?;
    for (n, t) in tables.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(n + 1, &t.result.name))?;
        table_sheet(ws, t, &bold, &two, &differs)?;
    }
    book.save_to_buffer()
}
