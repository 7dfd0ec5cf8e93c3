//! The seed layout: tab-separated text exported from the 自评表 forms, any number of tables
//! per file. Read line by line; a table is handed out as soon as its totals row is read.
//!
//! Real exports shift cells where the form had merged cells, truncate labels and vary the
//! headers (domain-rules.md §5.4–5.5); each repair made here is recorded on the table.

use std::io::BufRead;

use super::{BudgetRow, IndicatorRow, Repair, Table, Unreadable, number_cell};
use crate::syntax::cell::normalise;

/// Which encoding the file's bytes are in, decided from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Gb18030,
}

/// Reads tables one at a time from a seed-layout text file.
pub struct Tables<R: BufRead> {
    reader: R,
    source: String,
    line: usize,
    encoding: Option<Encoding>,
    current: Option<Builder>,
    pending: Vec<Result<Table, Unreadable>>,
    done: bool,
}

impl<R: BufRead> Tables<R> {
    pub fn new(reader: R, source: impl Into<String>) -> Self {
        Tables {
            reader,
            source: source.into(),
            line: 0,
            encoding: None,
            current: None,
            pending: Vec::new(),
            done: false,
        }
    }

    fn read_line(&mut self) -> Option<String> {
        let mut bytes = Vec::new();
        match self.reader.read_until(b'\n', &mut bytes) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        self.line += 1;
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        if self.line == 1 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            bytes.drain(..3);
            self.encoding = Some(Encoding::Utf8);
        }
        let encoding = match self.encoding {
            Some(e) => e,
            None if std::str::from_utf8(&bytes).is_ok() => Encoding::Utf8,
            None => {
                self.encoding = Some(Encoding::Gb18030);
                Encoding::Gb18030
            }
        };
        Some(match encoding {
            Encoding::Utf8 => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            },
            Encoding::Gb18030 => encoding_rs::GB18030.decode(&bytes).0.into_owned(),
        })
    }

    fn finish_current(&mut self) {
        if let Some(builder) = self.current.take() {
            self.pending.push(builder.finish());
        }
    }

    fn start(&mut self) {
        self.finish_current();
        self.current = Some(Builder::new(&self.source, self.line));
    }
}

impl<R: BufRead> Iterator for Tables<R> {
    type Item = Result<Table, Unreadable>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if !self.pending.is_empty() {
                return Some(self.pending.remove(0));
            }
            if self.done {
                return None;
            }
            let Some(line) = self.read_line() else {
                self.done = true;
                self.finish_current();
                continue;
            };
            let cells: Vec<String> = line
                .split('\t')
                // Cells are kept as written (names are reported as printed); numbers and quantities
                // are normalised where they are read.
                .map(|c| c.trim().to_string())
                .collect();
            let first = cells
                .iter()
                .find(|c| !c.is_empty())
                .map(String::as_str)
                .unwrap_or("");
            let first_compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
            if first_compact.contains("绩效自评表") {
                self.start();
                continue;
            }
            if first_compact.starts_with("项目名称")
                && self.current.as_ref().is_none_or(|b| b.has_content())
            {
                self.start();
            }
            if let Some(builder) = self.current.as_mut() {
                builder.row(self.line, &cells);
                if builder.closed {
                    self.finish_current();
                }
            } else if !first.is_empty() {
                // Text before any table: keep it as the start of one, so nothing is dropped.
                self.start();
                if let Some(builder) = self.current.as_mut() {
                    builder.row(self.line, &cells);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Head,
    Budget,
    Goals,
    Indicators,
    Totals,
}

/// Column positions, found from a header row.
#[derive(Debug, Default, Clone)]
struct Columns {
    start_of_year: Option<usize>,
    full_year: Option<usize>,
    executed: Option<usize>,
    funds_received: Option<usize>,
    weight: Option<usize>,
    rate: Option<usize>,
    score: Option<usize>,
    level1: Option<usize>,
    level2: Option<usize>,
    name: Option<usize>,
    target: Option<usize>,
    actual: Option<usize>,
    reason: Option<usize>,
}

struct Builder {
    table: Table,
    section: Section,
    columns: Columns,
    level1: String,
    level2: String,
    closed: bool,
    totals: Vec<String>,
}

/// A label for matching: half-width, without any spaces (`产 出 指 标` → `产出指标`).
fn compact(s: &str) -> String {
    normalise(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Known level-2 names in any scheme, to recognise shifted rows without a policy.
const LEVEL2: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
];

fn is_level2_label(s: &str) -> bool {
    let s = compact(s);
    s.chars().count() >= 4
        && LEVEL2
            .iter()
            .any(|l| *l == s || (l.starts_with(&s) && s.ends_with("指")))
        || LEVEL2.contains(&s.as_str())
}

impl Builder {
    fn new(source: &str, line: usize) -> Self {
        Builder {
            table: Table {
                source: source.to_string(),
                line,
                ..Table::default()
            },
            section: Section::Head,
            columns: Columns::default(),
            level1: String::new(),
            level2: String::new(),
            closed: false,
            totals: Vec::new(),
        }
    }

    fn has_content(&self) -> bool {
        self.table.name.is_some() || !self.table.indicators.is_empty()
    }

    fn repair(&mut self, code: &str, line: usize, message: String) {
        self.table.repairs.push(Repair {
            code: code.into(),
            line,
            message,
        });
    }

    fn row(&mut self, line: usize, cells: &[String]) {
        let non_empty: Vec<(usize, &str)> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, c.as_str()))
            .collect();
        let Some(&(_, first)) = non_empty.first() else {
            return;
        };
        let first_c = compact(first);
        // Year line: (2023年度)
        if self.table.year.is_none() && non_empty.len() == 1 {
            let digits: String = first_c.chars().filter(char::is_ascii_digit).collect();
            if first_c.contains("年度") && digits.len() == 4 {
                self.table.year = digits.parse().ok();
                return;
            }
        }
        if first_c.starts_with("项目名称") {
            self.table.line = line;
            self.table.name = non_empty.get(1).map(|(_, v)| v.to_string());
            return;
        }
        if first_c.starts_with("主管部门") {
            self.table.department = non_empty.get(1).map(|(_, v)| v.to_string());
            if let Some(pos) = non_empty
                .iter()
                .position(|(_, v)| compact(v).starts_with("实施单位"))
            {
                self.table.implementer = non_empty.get(pos + 1).map(|(_, v)| v.to_string());
            }
            return;
        }
        if first_c.starts_with("项目资金")
            || (cells.iter().any(|c| compact(c).starts_with("全年执行数"))
                && self.section != Section::Indicators)
        {
            self.budget_header(cells, &first_c);
            return;
        }
        if first_c.starts_with("年度总体目标") {
            self.section = Section::Goals;
            return;
        }
        if cells.iter().any(|c| compact(c) == "三级指标") {
            self.indicator_header(cells);
            return;
        }
        if ["评分等级", "总分", "合计", "总计"]
            .iter()
            .any(|k| first_c.starts_with(k))
            && matches!(self.section, Section::Indicators | Section::Totals)
        {
            self.section = Section::Totals;
            self.totals
                .extend(non_empty.iter().skip(1).map(|(_, v)| v.to_string()));
            return;
        }
        match self.section {
            Section::Budget => self.budget_row(line, cells),
            Section::Indicators => self.indicator_row(line, cells),
            Section::Totals => {
                // The totals block is over; the next table's lines start a new builder.
                self.closed = true;
            }
            _ => {}
        }
    }

    fn budget_header(&mut self, cells: &[String], first: &str) {
        self.section = Section::Budget;
        if first.contains("万元") {
            self.table.money_unit = Some("万元".into());
        } else if first.contains("(元)") || first.contains("元)") {
            self.table.money_unit = Some("元".into());
        }
        let mut c = Columns::default();
        for (i, cell) in cells.iter().enumerate() {
            let h = compact(cell);
            if h.starts_with("年初预算") {
                c.start_of_year = Some(i);
            } else if h.starts_with("全年预算") || h.starts_with("调整后预算") {
                c.full_year = Some(i);
            } else if h.starts_with("全年执行")
                || h.starts_with("实际支出")
                || h.starts_with("执行数")
            {
                c.executed = Some(i);
            } else if h.starts_with("实际到位") || h.starts_with("到位资金") {
                c.funds_received = Some(i);
            } else if h.starts_with("分值") || h.starts_with("分数") {
                c.weight = Some(i);
            } else if h.starts_with("执行率") {
                c.rate = Some(i);
            } else if h.starts_with("得分") {
                c.score = Some(i);
            }
        }
        self.columns = Columns {
            level1: self.columns.level1,
            level2: self.columns.level2,
            name: self.columns.name,
            target: self.columns.target,
            actual: self.columns.actual,
            reason: self.columns.reason,
            ..c
        };
    }

    fn budget_row(&mut self, line: usize, cells: &[String]) {
        let label = cells
            .iter()
            .take(2)
            .find(|c| !c.is_empty())
            .cloned()
            .unwrap_or_default();
        if label.is_empty() {
            return;
        }
        let get = |col: Option<usize>| col.and_then(|i| cells.get(i)).and_then(|c| number_cell(c));
        let c = &self.columns;
        let row = BudgetRow {
            label,
            line,
            start_of_year: get(c.start_of_year),
            full_year: get(c.full_year),
            executed: get(c.executed),
            funds_received: get(c.funds_received),
            weight: get(c.weight),
            reported_rate: c
                .rate
                .and_then(|i| cells.get(i))
                .filter(|v| number_cell(v).is_some())
                .cloned(),
            reported_score: get(c.score),
        };
        self.table.budget.push(row);
    }

    fn indicator_header(&mut self, cells: &[String]) {
        self.section = Section::Indicators;
        let mut c = Columns::default();
        for (i, cell) in cells.iter().enumerate() {
            let h = compact(cell);
            if h.starts_with("一级指标") {
                c.level1 = Some(i);
            } else if h.starts_with("二级指标") {
                c.level2 = Some(i);
            } else if h.starts_with("三级指标") {
                c.name = Some(i);
            } else if h.starts_with("年度指标")
                || h.starts_with("指标值")
                || h.starts_with("年度目标")
                || h.starts_with("预期")
            {
                c.target = Some(i);
            } else if h.starts_with("实际完成")
                || h.starts_with("全年实际")
                || h.starts_with("实际值")
            {
                c.actual = Some(i);
            } else if h.starts_with("分值") || h.starts_with("分数") || h.starts_with("权重")
            {
                c.weight = Some(i);
            } else if h.starts_with("得分") {
                c.score = Some(i);
            } else if h.contains("原因") {
                c.reason = Some(i);
            }
        }
        self.columns = c;
    }

    fn indicator_row(&mut self, line: usize, cells: &[String]) {
        let c = self.columns.clone();
        let (Some(l1c), Some(l2c), Some(namec)) = (c.level1, c.level2, c.name) else {
            return;
        };
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).cloned().unwrap_or_default();
        let mut level1 = cell(Some(l1c));
        let mut level2 = cell(Some(l2c));
        let mut name = cell(Some(namec));
        // Positions of target … reason, which a shifted row moves one column right.
        let mut shift = 0usize;
        if is_level2_label(&name) && level2.is_empty() {
            // A 二级 name in the 三级 column: the row is shifted right by one from here on.
            self.repair("I0003", line, format!("`{name}` stood in the 三级指标 column; read as the 二级 label, with the row shifted back one column"));
            level2 = name.clone();
            name = cell(Some(namec + 1));
            shift = 1;
        } else if name.is_empty()
            && !level2.is_empty()
            && !is_level2_label(&level2)
            && cell(c.target).trim() != ""
        {
            // An indicator name in the 二级 column and the 三级 column empty.
            self.repair("I0003", line, format!("the indicator `{level2}` stood in the 二级指标 column; read as the 三级 name under `{}`", self.level2));
            name = level2.clone();
            level2 = String::new();
        }
        let at = |col: Option<usize>| col.map(|i| i + shift);
        let target = cell(at(c.target));
        let actual = cell(at(c.actual));
        let weight = at(c.weight)
            .and_then(|i| cells.get(i))
            .and_then(|v| number_cell(v));
        let reported_score = at(c.score)
            .and_then(|i| cells.get(i))
            .and_then(|v| number_cell(v));
        let reason = cell(at(c.reason));
        // Merged cells: an empty level carries the one above.
        if level1.is_empty() {
            level1 = self.level1.clone();
        } else {
            self.level1 = level1.clone();
            self.level2.clear();
        }
        if level2.is_empty() {
            level2 = self.level2.clone();
        } else {
            self.level2 = level2.clone();
        }
        if name.is_empty() && target.is_empty() && actual.is_empty() && weight.is_none() {
            return;
        }
        self.table.indicators.push(IndicatorRow {
            line,
            level1,
            level2,
            name,
            target,
            actual,
            weight,
            reported_score,
            reason,
        });
    }

    fn finish(mut self) -> Result<Table, Unreadable> {
        if self.table.indicators.is_empty() && self.table.budget.is_empty() {
            return Err(Unreadable {
                source: self.table.source.clone(),
                line: self.table.line,
                message: "no funds block and no indicator rows were found: not a self-evaluation table in the seed layout".into(),
            });
        }
        // Totals: `100 99.67 优` on one row, or spread over three rows.
        let mut numbers = Vec::new();
        for value in std::mem::take(&mut self.totals) {
            match number_cell(&value) {
                Some(n) => numbers.push(n),
                None => self.table.reported_grade = Some(value),
            }
        }
        match numbers.as_slice() {
            [weight, total, ..] => {
                self.table.reported_total_weight = Some(*weight);
                self.table.reported_total = Some(*total);
            }
            [total] => self.table.reported_total = Some(*total),
            [] => {}
        }
        Ok(self.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_seed_tables_with_their_shifts_repaired() {
        let text = include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        let tables: Vec<_> = Tables::new(text.as_bytes(), "seed.tsv").collect();
        assert_eq!(tables.len(), 2);
        let first = tables[0].as_ref().expect("first table reads");
        assert_eq!(first.name.as_deref(), Some("热线服务保障经费"));
        assert_eq!(first.year, Some(2023));
        assert_eq!(first.indicators.len(), 9);
        let shifted = &first.indicators[4];
        assert_eq!(
            (
                shifted.level2.as_str(),
                shifted.name.as_str(),
                shifted.target.as_str()
            ),
            ("时效指标", "反投诉处理时效", "≤1.00(工作日)")
        );
        let next = &first.indicators[5];
        assert_eq!(
            (next.level2.as_str(), next.name.as_str()),
            ("时效指标", "12345市民热线工单按时办结率")
        );
        let second = tables[1].as_ref().expect("second table reads");
        assert_eq!(
            second.reported_total.map(|d| d.to_string()).as_deref(),
            Some("99.98")
        );
        assert_eq!(second.reported_grade.as_deref(), Some("优"));
    }
}
