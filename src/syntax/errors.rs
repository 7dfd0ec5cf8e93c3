//! pest's errors in plain words: what was expected, in the author's terms, never rule names.

use std::sync::Arc;

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use super::ast::Span;
use crate::diagnostic::{Diagnostic, Problem, SourceFile};

/// Words that start a top-level item, in both spellings; used to resume after an error.
const ITEM_KEYWORDS: &[&str] = &[
    "policy",
    "政策",
    "project",
    "项目",
    "units",
    "计量单位",
    "taxonomy",
    "指标体系",
    "labels",
    "名称",
    "weights",
    "权重",
    "tiers",
    "定性档次",
    "curve",
    "曲线",
    "scoring",
    "评分",
    "over-achievement",
    "超额完成",
    "budget",
    "预算执行",
    "rounding",
    "舍入",
    "grades",
    "等级",
    "checks",
    "审核",
    "remove",
    "删除",
    "override",
    "覆盖",
];

/// Converts a pest error on `text[offset..]` into a located diagnostic; also returns the
/// absolute byte offset of the error.
pub fn syntax_error(
    file: &Arc<SourceFile>,
    offset: usize,
    error: &Error<Rule>,
) -> (Diagnostic, usize) {
    let at = offset
        + match error.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let mut expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    if unclosed_string(&file.text, at) {
        expected = vec!["a closing quote on the same line".into()];
    }
    let found = describe_found(&file.text, at);
    let end = next_char_end(&file.text, at);
    (
        Diagnostic::new(
            Problem::Syntax { expected, found },
            file,
            Span::new(at, end),
        ),
        at,
    )
}

/// A quote at `at` (or just before the error on its line) that the line never closes.
fn unclosed_string(text: &str, at: usize) -> bool {
    let line_start = text
        .get(..at)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(at..)
        .and_then(|s| s.find('\n'))
        .map_or(text.len(), |i| at + i);
    let line = text.get(line_start..line_end).unwrap_or("");
    let ascii = line.matches('"').count() % 2 == 1;
    let cjk = line.matches('“').count() > line.matches('”').count();
    ascii || cjk
}

fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

fn describe_found(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or("");
    let token: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(12)
        .flat_map(|c| {
            // Control characters (NUL …) are shown escaped, never raw.
            let shown: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            shown
        })
        .collect();
    if rest.is_empty() {
        "the end of the file".into()
    } else if token.is_empty() {
        "a line break".into()
    } else {
        format!("`{token}`")
    }
}

/// Friendly names for what the grammar expected, deduplicated, in a stable order.
fn describe_expected(rules: &[Rule]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let items = rules.iter().filter(|r| is_item_keyword(**r)).count();
    if items > 3 {
        out.push("a new item (`policy`, `units`, `curve`, `grades`, …)".into());
    }
    for rule in rules {
        if items > 3 && is_item_keyword(*rule) {
            continue;
        }
        let name = friendly(*rule);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out.truncate(6);
    out
}

fn is_item_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::k_policy
            | Rule::k_project
            | Rule::k_units
            | Rule::k_taxonomy
            | Rule::k_labels
            | Rule::k_weights
            | Rule::k_tiers
            | Rule::k_curve
            | Rule::k_scoring
            | Rule::k_deviation_block
            | Rule::k_budget
            | Rule::k_rounding
            | Rule::k_grades
            | Rule::k_checks
            | Rule::k_remove
            | Rule::k_override
            | Rule::override_mark
    )
}

/// The keyword a `k_*` rule stands for, else a description of the rule.
fn friendly(rule: Rule) -> String {
    let name = format!("{rule:?}");
    if let Some(keyword) = name.strip_prefix("k_") {
        let spelled = match rule {
            Rule::k_abs_deviation => "|deviation|".to_string(),
            Rule::k_deviation_block => "over-achievement".to_string(),
            Rule::k_default_weight | Rule::k_weight => "weight".to_string(),
            Rule::k_take_target => "target-unit".to_string(),
            Rule::k_sum_when_empty => "sum-when-total-empty".to_string(),
            _ => keyword.replace('_', "-"),
        };
        return format!("`{spelled}`");
    }
    match rule {
        Rule::EOI => "the end of the file",
        Rule::file => "a policy (`policy NAME { … }`) or a targets file (`project NAME { … }`)",
        Rule::item => "a new item (`policy`, `units`, `curve`, `grades`, …)",
        Rule::curve_limit => "`floor` or `cap`",
        Rule::unit_def => "a unit definition such as `万件 = 10000 件`",
        Rule::weight_item => "a weight such as `产出指标 50`",
        Rule::alias_entry => "an alias such as `产出 = 产出指标`",
        Rule::level1_entry => "a level such as `产出指标 { 数量指标, 质量指标 }`",
        Rule::check_entry => "a check such as `rate-mismatch warning`",
        Rule::tier_default => "`default`",
        Rule::meta_title | Rule::meta_jurisdiction | Rule::meta_basis | Rule::meta_years => {
            "`title`, `jurisdiction`, `basis` or `years`"
        }
        Rule::extends_clause => "`extends`",
        Rule::override_mark => "`override`",
        Rule::cell_suffix => "`以上` or `以内`",
        Rule::name | Rule::string | Rule::text | Rule::label | Rule::word => "a name",
        Rule::unit_name | Rule::unit_expr => "a unit",
        Rule::unit_op => "`/` or `*` (a compound unit)",
        Rule::number | Rule::amount => "a number",
        Rule::integer => "a whole number",
        Rule::year4 => "a four-digit year",
        Rule::comparator | Rule::ge | Rule::le | Rule::gt | Rule::lt | Rule::eq => {
            "a comparator (`≥`, `≤`, `>`, `<`, `=`)"
        }
        Rule::interval | Rule::open_bracket => "an interval such as `[80, 90)`",
        Rule::close_bracket => "`]` or `)`",
        Rule::quantity => "a target such as `≥ 200 万件`",
        Rule::severity => "`error`, `warning`, `info` or `off`",
        Rule::measure => "`actual`, `ratio`, `deviation` or `|deviation|`",
        Rule::round_quantity => "`rate`, `indicator`, `budget-score` or `total`",
        Rule::round_mode => "`half-up`, `truncate` or `half-even`",
        Rule::curve_form => {
            "a curve form (`proportional`, `linear`, `steps`, `deduct`, `all-or-nothing`)"
        }
        Rule::step | Rule::step_bound => "a step such as `<= 10% -> 5`",
        Rule::point => "a point such as `60% -> 0`",
        Rule::tier => "a tier such as `达成 [80%, 100%]: 达成, 完成`",
        Rule::grade => "a grade band such as `优 [90, 100]`",
        Rule::year_range => "years such as `2020..` or `2017..2019`",
        Rule::target => "a target",
        Rule::condition => "a condition (`level`, `name-contains`, `unit`)",
        Rule::split_rule => "`proportional`, `equal` or `unit-choice`",
        Rule::removable => "`curve`, `tiers`, `rule`, `grade`, `unit` or `taxonomy`",
        _ => return name.replace('_', " "),
    }
    .to_string()
}

/// The byte offset of the first line after `at` that starts a top-level item.
pub fn next_item_start(text: &str, at: usize) -> Option<usize> {
    let mut line_start = text.get(at..)?.find('\n')? + at + 1;
    while line_start < text.len() {
        let line_end = text
            .get(line_start..)
            .and_then(|s| s.find('\n'))
            .map_or(text.len(), |i| line_start + i);
        let line = text.get(line_start..line_end).unwrap_or("");
        if starts_item(line) {
            return Some(line_start);
        }
        line_start = line_end + 1;
    }
    None
}

/// The start of the last line in `from..at` that starts a top-level item: everything before it
/// is complete and can be kept.
pub fn last_item_start_before(text: &str, from: usize, at: usize) -> Option<usize> {
    let region = text.get(from..at)?;
    let mut best = None;
    let mut line_start = 0;
    for line in region.split_inclusive('\n') {
        if starts_item(line) {
            best = Some(from + line_start);
        }
        line_start += line.len();
    }
    best
}

fn starts_item(line: &str) -> bool {
    // Items start in the first column; indented lines belong to a block.
    ITEM_KEYWORDS.iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.starts_with([' ', '\t', '{', '\u{3000}']))
    })
}
