//! The scorer's unit tests: readings of cells, funds blocks and weights, each on a table
//! built in the test.

use super::*;

#[test]
fn words_saying_nothing_happened_answer_no() {
    let said = |w: &'static str| answer(&CellValue::Text { text: w.into() });
    // A target promising it will not happen (`不发生`) is met by one saying it did not
    // (`未发生`): both answer no.
    for no in [
        "否",
        "无",
        "未发生",
        "不发生",
        "零发生",
        "不出现",
        "零事故",
        "杜绝违规",
        "零",
        "杜绝",
        "发生0起",
        "全年未发生安全责任事故",
        "未造成污染",
        "不造成环境污染",
        "项目实施期间无安全事故",
    ] {
        assert_eq!(said(no), Some(false), "{no}");
    }
    for yes in ["是", "发生", "存在", "发生2起", "出现1次"] {
        assert_eq!(said(yes), Some(true), "{yes}");
    }
    assert_eq!(said("无障碍设施"), None);
    // The question as the target asks no when it is about an incident.
    for asks in [
        "是否发生安全事故",
        "是否存在违规违纪",
        "是否出现重大质量问题",
        "是否发生",
    ] {
        assert_eq!(said(asks), Some(false), "{asks}");
    }
    assert_eq!(said("是否按时完成"), None);
}
use crate::table::seed::Tables;
use proptest::prelude::*;

fn seed_results() -> Vec<TableResult> {
    let policy = crate::check::default_policy().expect("the built-in policy compiles");
    let text = include_str!("../../../tests/fixtures/table/seed_shanghai_2023.tsv");
    Tables::new(text.as_bytes(), "seed.tsv")
        .map(|t| score(&policy, &t.expect("table reads")))
        .collect()
}

fn codes(r: &TableResult, code: &str) -> Vec<Option<usize>> {
    r.findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| f.line)
        .collect()
}

#[test]
fn seed_tables_score_as_published_under_the_national_default() {
    let results = seed_results();
    let totals: Vec<(String, String)> = results
        .iter()
        .map(|r| (r.total.to_string(), r.grade.clone()))
        .collect();
    assert_eq!(
        totals,
        [
            ("99.67".to_string(), "优".to_string()),
            ("99.98".to_string(), "优".to_string())
        ]
    );
    assert_eq!(
        results[0].budget.rate.map(|d| d.to_string()).as_deref(),
        Some("96.74")
    );
    assert_eq!(results[0].budget.score.to_string(), "9.67");
    assert_eq!(
        results[1].budget.rate.map(|d| d.to_string()).as_deref(),
        Some("99.81")
    );
    assert_eq!(results[1].budget.score.to_string(), "9.98");
}

#[test]
fn seed_findings_name_the_wrong_rate_and_the_unexplained_overachievements() {
    let results = seed_results();
    assert_eq!(codes(&results[0], "A0101"), Vec::<Option<usize>>::new());
    assert_eq!(codes(&results[1], "A0101"), [Some(34)]);
    // +93 % (line 17) and +70 % (line 18); +73 % (41) and +159 % (42).
    assert_eq!(codes(&results[0], "A0402"), [Some(17), Some(18)]);
    assert_eq!(codes(&results[1], "A0402"), [Some(41), Some(42)]);
    // The reported totals and grades agree with the computed ones.
    for r in &results {
        assert!(
            codes(r, "A0104").is_empty() && codes(r, "A0105").is_empty(),
            "{:?}",
            r.findings
        );
        assert!(codes(r, "A0103").is_empty(), "{:?}", r.findings);
    }
}

fn one_indicator(target: &str, actual: &str) -> Decimal {
    one_result(target, actual, "").score
}

/// The score of one row with these cells and no reported score, when it is scored.
fn scored(target: &str, actual: &str) -> Option<Decimal> {
    let result = one_result(target, actual, "");
    (result.status == Status::Scored).then(|| result.score.normalize())
}

#[test]
fn a_way_asked_without_a_figure_is_met_by_a_move_that_way() {
    // No reported score: 达成's default share of the weight 10, 部分达成's 6, 未达成's 0.
    let cases = [
        // Met: the way asked, said in words or with a figure, or "better".
        ("较上年提高", "较上年提高5%", Some(dec!(10))),
        ("逐步提高", "有所提高", Some(dec!(10))),
        ("群众满意度持续提升", "满意度明显提升", Some(dec!(10))),
        ("进一步改善人居环境", "人居环境明显改善", Some(dec!(10))),
        ("提升服务水平", "服务水平得到提高", Some(dec!(10))),
        ("逐年下降", "发生率下降2个百分点", Some(dec!(10))),
        ("有所减少", "得到改善", Some(dec!(10))),
        ("持续改善", "明显提升", Some(dec!(10))),
        // The way asked wins over another movement in the sentence.
        ("满意度提高", "投诉减少，满意度提高", Some(dec!(10))),
        // Mostly met: "basically" right before the word.
        ("逐步提高", "基本提高", Some(dec!(6))),
        // Missed: the other way, no change, or the way asked negated right before it.
        ("较上年提高", "较上年下降2%", Some(dec!(0))),
        ("持续增加", "与上年持平", Some(dec!(0))),
        ("提高群众满意度", "增长0%", Some(dec!(0))),
        ("逐年下降", "未下降", Some(dec!(0))),
        ("有效改善", "没有得到改善", Some(dec!(0))),
        // Cannot tell: barely moved, a degree negated, the other way negated, a fall
        // against "better", or a target that asks for no fall.
        ("提升服务水平", "服务水平提升不明显", None),
        ("显著提升", "未能显著提升", None),
        ("较上年提高", "未下降", None),
        ("持续改善", "发病率下降", None),
        ("不降低", "有所提高", None),
    ];
    for (target, actual, expected) in cases {
        assert_eq!(scored(target, actual), expected, "{target} → {actual}");
    }
    // A target with a figure is not a way asked: `提高到95%` is a level.
    assert_eq!(way_asked("提高到95%"), None);
    // A word of movement inside a longer target is not one either.
    assert_eq!(way_asked("通过提高认识开展培训"), None);
    assert_eq!(way_asked("进一步提升服务水平"), Some(Family::Up));
    assert_eq!(way_asked("大幅度提高群众收入"), Some(Family::Up));
}

#[test]
fn no_incident_wanted_is_answered_by_words_or_a_count() {
    // No reported score: the first tier's default share when the answer is given (10), the
    // last tier's when it is not (0); unscorable rows keep nothing (0) and say so.
    let cases = [
        ("零事故", "无", dec!(10)),
        ("无安全事故", "未发生", dec!(10)),
        ("未发生重大安全责任事故", "0", dec!(10)),
        ("零投诉", "0件", dec!(10)),
        ("0起", "未发生", dec!(10)),
        ("零事故", "1起", dec!(0)),
    ];
    for (target, actual, expected) in cases {
        assert_eq!(
            scored(target, actual),
            Some(expected),
            "{target} → {actual}"
        );
    }
    // Words that begin with 无 or 零 but name no incident are not answers.
    for target in ["无障碍设施", "无害化处理", "零距离服务"] {
        assert_eq!(
            one_result(target, "无", "").status,
            Status::KeptReported,
            "{target}"
        );
    }
}

#[test]
fn a_change_is_scored_against_a_change_in_the_same_direction() {
    let cases = [
        ("较上年增长10%", "增长12%", Some(dec!(10))),
        ("提高5个百分点", "提高4个百分点", Some(dec!(8))),
        ("同比下降5%", "下降2.5%", Some(dec!(5))),
        ("增加200人次以上", "增加250人次", Some(dec!(10))),
        // Not a change in the same direction.
        ("较上年增长10%", "下降3%", None),
        // A level reached is no change: the levels decide.
        ("提高到95%", "提高到96%", Some(dec!(10))),
        // A change from one level to another is a change (percentages in 个百分点).
        ("提高2个百分点", "由85%提高到86.5%", Some(dec!(7.5))),
        (
            "提高0.5个百分点",
            "森林覆盖率由40%提高到40.6%",
            Some(dec!(10)),
        ),
        ("下降2个百分点", "由85%提高到86.5%", None),
    ];
    for (target, actual, expected) in cases {
        assert_eq!(scored(target, actual), expected, "{target} → {actual}");
    }
}

#[test]
fn a_cost_capped_by_a_reference_is_met_by_staying_under_it() {
    for (target, actual, expected) in [
        ("≤预算", "未超预算", Some(dec!(10))),
        ("≤预算数", "在预算范围内", Some(dec!(10))),
        ("不超过预算", "控制在预算内", Some(dec!(10))),
        ("控制在预算内", "无超支", Some(dec!(10))),
        ("≤批复金额", "未超出批复金额", Some(dec!(10))),
        ("≤概算", "在概算范围内", Some(dec!(10))),
        ("预算控制数", "未超出", Some(dec!(10))),
        ("≤预算", "超支", Some(dec!(0))),
        ("不超过预算", "超出预算", Some(dec!(0))),
        // A target naming no reference, or an actual saying neither, is read otherwise.
        ("严格控制成本", "未超预算", None),
        ("≤预算", "有待核实", None),
    ] {
        assert_eq!(scored(target, actual), expected, "{target} → {actual}");
    }
}

#[test]
fn a_figure_after_a_label_and_a_colon_is_the_target() {
    for (target, actual, expected) in [
        ("人数：500人", "480人", Some(dec!(9.6))),
        ("人数：500", "520", Some(dec!(10))),
        // The unit in brackets after the label is the figure's.
        ("户数（户）：1000", "950户", Some(dec!(9.5))),
        ("满意度:≥90%", "93%", Some(dec!(10))),
        // A move in the label, when the figure has a comparator of its own: what it is to reach.
        ("增加集体经济收入≥5万元", "4.5万元", Some(dec!(9))),
        ("降低生产成本≥10%", "12%", Some(dec!(10))),
        ("增加收入5万元", "4.5万元", None),
        ("较上年增加≥5万元", "6万元", None),
    ] {
        assert_eq!(scored(target, actual), expected, "{target} → {actual}");
    }
}

#[test]
fn a_level_reached_by_a_move_is_that_level() {
    for (target, actual, expected) in [
        // A rise to a level is at least it, a fall to one at most it.
        ("提高到95%", "96%", Some(dec!(10))),
        ("提高到90%", "89%", Some(dec!(9.89))),
        ("森林覆盖率提升至40%", "40.6%", Some(dec!(10))),
        ("降低到5%", "4%", Some(dec!(10))),
        ("≥86%", "由85%提高到86.5%", Some(dec!(10))),
        ("提高到90%", "由85%提高到89%", Some(dec!(9.89))),
        // A rate named by its change is a level like any other.
        ("增长率≥10%", "9.5%", Some(dec!(9.5))),
        // A comparison is not a level reached.
        ("较上年提高到95%", "96%", None),
    ] {
        assert_eq!(scored(target, actual), expected, "{target} → {actual}");
    }
}

#[test]
fn a_sentences_one_share_is_its_figure_against_a_share() {
    for (target, actual, expected) in [
        ("≥90%", "调查问卷显示满意度为93%", Some(dec!(10))),
        ("≥90%", "发放问卷200份，满意率95%", Some(dec!(10))),
        ("≥80%", "满意和较满意占85%", Some(dec!(10))),
        ("≥90%", "第三方测评81%", Some(dec!(9))),
        ("≥90%", "90%以上满意", Some(dec!(10))),
        ("90%以上满意", "93%", Some(dec!(10))),
        // Two shares, or a change, a negation or an estimate before it: not the level.
        ("≥90%", "满意度93%，较上年提高5%", None),
        ("≥90%", "较上年提高5%", None),
        ("≥90%", "未达到90%", None),
        ("≥90%", "预计90%", None),
        // Against a count, a share says nothing.
        ("≥500人", "调查问卷显示满意度为93%", None),
    ] {
        assert_eq!(scored(target, actual), expected, "{target} → {actual}");
    }
}

#[test]
fn a_bare_actual_far_past_a_target_in_wan_is_read_in_the_unit_without_wan() {
    let cases = [
        // 8000 人次 of 1 万人次; 48000 元 under 5 万元: read without 万, with I0002.
        ("≥1万人次", "8000", dec!(8)),
        ("≤5万元", "48000", dec!(10)),
        // In the target's unit when that is plausible, or when neither reading is.
        ("≥1万人次", "0.8", dec!(8)),
        ("≥1万人次", "8000000", dec!(10)),
    ];
    for (target, actual, expected) in cases {
        assert_eq!(
            scored(target, actual),
            Some(expected),
            "{target} → {actual}"
        );
    }
}

#[test]
fn a_count_over_the_year_meets_a_rate_per_year() {
    let cases = [
        ("≥2次/年", "3次", dec!(10)),
        ("≥1次/季度", "6次", dec!(10)),
        ("≥4次/季度", "10次", dec!(6.25)),
        ("≥12次", "1次/月", dec!(10)),
    ];
    for (target, actual, expected) in cases {
        assert_eq!(
            scored(target, actual),
            Some(expected),
            "{target} → {actual}"
        );
    }
}

/// The national default's result for one row of weight 10 with these cells.
fn one_result(target: &str, actual: &str, reason: &str) -> IndicatorResult {
    table_of(row(target, actual, reason))
        .indicators
        .swap_remove(0)
}

/// The national default's result for a table of this one row.
fn table_of(row: IndicatorRow) -> TableResult {
    let policy = crate::check::default_policy().expect("the built-in policy compiles");
    let table = Table {
        indicators: vec![row],
        ..Table::default()
    };
    score(&policy, &table)
}

#[test]
fn a_tier_word_right_after_a_negation_is_not_that_word() {
    // No reported score: each tier's default share of the weight 10.
    let cases = [
        ("及时", "及时", dec!(10.00)),
        ("及时", "非常及时", dec!(10.00)),
        ("达到预期", "基本完成", dec!(6.00)),
        ("及时", "不及时", dec!(0.00)),
        ("长效运行", "未按时完成", dec!(0.00)),
        ("达标", "没有达标", dec!(0)),
        ("达到预期", "尚未完成", dec!(0.00)),
        // "Basically" and "partly" come first in the sentence, so they decide.
        ("达到预期", "基本达到", dec!(6.00)),
        ("达到预期", "部分达到预期", dec!(6.00)),
        ("符合相关规定", "符合要求", dec!(10.00)),
        ("符合相关规定", "不符合要求", dec!(0.00)),
    ];
    for (target, actual, expected) in cases {
        assert_eq!(one_indicator(target, actual), expected, "{actual}");
    }
    // A negation the vocabulary does not list makes the cell fall in no tier: it cannot be
    // scored (the reported score, here none, stands) rather than count as achieved.
    let policy = crate::check::default_policy().expect("the built-in policy compiles");
    let table = Table {
        indicators: vec![
            row("效果显著提升", "未能显著提升", ""),
            // The first tier word decides: a later one does not save a negated one.
            row("按计划完成", "未能圆满完成，已完成主体工程", ""),
        ],
        ..Table::default()
    };
    let result = score(&policy, &table);
    assert_eq!(result.indicators[0].status, Status::KeptReported);
    assert!(
        result.indicators[0]
            .trace
            .iter()
            .any(|t| t.contains("negates `显著提升`")),
        "{:?}",
        result.indicators[0].trace
    );
    assert_eq!(result.indicators[1].status, Status::KeptReported);
}

#[test]
fn an_actual_saying_the_targets_own_words_is_read_by_how_it_says_them() {
    // No word of the policy's tiers in the actual, but the target's own: said is met, negated
    // is missed, after `基本` or `部分` mostly met (national-2020's 部分达成, 60 % of 10).
    for (target, actual, score) in [
        ("促进乡村振兴", "有力促进乡村振兴", Some(dec!(10))),
        ("是否公开", "已公开", Some(dec!(10))),
        ("明显", "较明显", Some(dec!(10))),
        ("明显", "不明显", Some(dec!(0))),
        ("是否公开", "未公开", Some(dec!(0))),
        ("完善", "基本完善", Some(dec!(6))),
        ("满足需求", "基本满足", Some(dec!(6))),
        ("满足需求", "部分满足", Some(dec!(6))),
        // Done (`已…`), its words beginning as the target's do; 了 read past.
        ("建立健全", "已建立长效机制", Some(dec!(10))),
        ("促进乡村振兴", "促进了乡村振兴", Some(dec!(10))),
        ("提升服务质量", "已提交报告", None),
        // The target's last words: `合规` of `资金使用合规`; never an incident's.
        ("资金使用合规", "合规", Some(dec!(10))),
        ("长效机制建立", "已建立", Some(dec!(10))),
        ("无安全事故", "安全事故", None),
        // Under way or late: in no tier, as a policy's word would be.
        ("完善", "不断完善中", None),
        ("公开", "延期公开", None),
        // Not the target's words: an incident naming them, one character, a figure.
        ("安全", "发生安全事故", None),
        ("显著", "一般", None),
    ] {
        assert_eq!(scored(target, actual), score, "{target} → {actual}");
    }
}

#[test]
fn basically_before_a_word_of_the_first_tier_is_the_tier_of_the_basically_words() {
    // national-2020 lists 基本完成, 基本达到 … in 部分达成: its default 60 % of 10.
    for (target, actual) in [
        ("达标", "基本达标"),
        ("合格", "基本合格"),
        ("有效", "基本有效"),
        ("及时", "基本及时"),
        ("显著提升", "基本显著提升"),
        ("按时完成", "基本上完成"),
        ("按时完成", "基本已完成"),
        ("按时完成", "基本按时完成"),
        ("达标", "基本都能达标"),
        // "Partly" likewise, in the tier of the policy's `部分` words.
        ("有效", "部分有效"),
        ("合格", "部分合格"),
        ("及时", "部分及时"),
        // Listed words are unchanged.
        ("完成", "基本完成"),
        ("符合要求", "基本符合要求"),
    ] {
        assert_eq!(one_indicator(target, actual), dec!(6.00), "{actual}");
    }
    // `基本` that is part of a noun does not qualify the word; `较为` is not "basically"
    // (national-2020 leaves degree words alone: `较为有效` is still 有效).
    for (target, actual) in [
        ("完成", "基本公共卫生服务已完成"),
        ("有效", "较为有效"),
        ("达标", "达标"),
    ] {
        assert_eq!(one_indicator(target, actual), dec!(10.00), "{actual}");
    }
    // A negation still decides first; a lower tier's word is not moved.
    assert_eq!(one_indicator("及时", "基本不及时"), dec!(0));
    // A policy with no "basically" word has no tier for it: the row cannot be scored.
    let policy = policy_from(
        "policy 二档 extends national-2020 {\n  years 2023..\n}\n\
         tiers 二档 {\n  达成 [60%, 100%] default 100%: 达成, 完成, 达标\n  \
         未达成 [0%, 60%) default 0%: 未达成, 未完成\n}\n\
         override scoring {\n  qualitative 二档\n}\n",
    );
    let table = Table {
        indicators: vec![row("达标", "基本达标", "")],
        ..Table::default()
    };
    let result = score(&policy, &table);
    assert_eq!(result.indicators[0].status, Status::KeptReported);
    assert!(
        result.indicators[0]
            .trace
            .iter()
            .any(|t| t.contains("no tier for `基本` words")),
        "{:?}",
        result.indicators[0].trace
    );
}

#[test]
fn a_figure_printed_with_fewer_decimals_agrees_when_it_is_rounded_right() {
    use crate::syntax::ast::RoundingMode;
    let two = Round {
        digits: 2,
        mode: RoundingMode::HalfUp,
    };
    // t18: 159.28 ÷ 164.64 = 96.744 %.
    let rate = dec!(96.7443);
    for (printed, decimals) in [(dec!(96.74), 2), (dec!(96.7), 1), (dec!(97), 0)] {
        assert!(
            agrees(printed, Some(decimals), rate, two, HUNDRED),
            "{printed}"
        );
    }
    for (printed, decimals) in [(dec!(96.75), 2), (dec!(96.8), 1), (dec!(96), 0)] {
        assert!(
            !agrees(printed, Some(decimals), rate, two, HUNDRED),
            "{printed}"
        );
    }
    // The seed's 99.80 has the policy's two decimals and is not 99.81.
    assert!(!agrees(dec!(99.80), Some(2), dec!(99.806998), two, HUNDRED));
    // A whole number at the full value claims full marks; below it, it is a rounding.
    assert!(!agrees(dec!(10), Some(0), dec!(9.6744), two, dec!(10)));
    assert!(agrees(dec!(10.0), Some(1), dec!(9.97), two, dec!(10)));
    assert!(agrees(dec!(9), Some(0), dec!(8.6204), two, dec!(10)));
    // Decimals not known (a workbook): only the policy's own figure agrees.
    assert!(!agrees(dec!(99.8), None, dec!(99.806998), two, HUNDRED));
    assert!(agrees(dec!(99.81), None, dec!(99.806998), two, HUNDRED));
    // The policy's mode rounds the coarser figure too.
    let truncate = Round {
        digits: 2,
        mode: RoundingMode::Truncate,
    };
    assert!(agrees(dec!(96.7), Some(1), dec!(96.79), truncate, HUNDRED));
    assert!(!agrees(dec!(96.8), Some(1), dec!(96.79), truncate, HUNDRED));
    // More decimals than the policy keeps: the exact value, or it rounded to them.
    assert!(agrees(dec!(11.875), Some(3), dec!(11.875), two, dec!(12.5)));
    assert!(agrees(
        dec!(12.019),
        Some(3),
        dec!(12.0192307692),
        two,
        dec!(12.5)
    ));
    assert!(!agrees(
        dec!(12.018),
        Some(3),
        dec!(12.0192307692),
        two,
        dec!(12.5)
    ));
    assert!(!agrees(
        dec!(11.874),
        Some(3),
        dec!(11.875),
        two,
        dec!(12.5)
    ));
    assert!(!agrees(dec!(11.875), None, dec!(11.875), two, dec!(12.5)));
    assert!(!from_workbook("seed.xlsx#第二张"));
    assert!(from_workbook("表/SEED.XLS#Sheet1"));
    assert!(from_workbook("seed.ods#Sheet1"));
    assert!(!from_workbook("samples/shanghai-2023-hotline.tsv"));
    assert!(!from_workbook("第#2批.tsv"));
}

#[test]
fn a_yes_no_indicator_is_met_by_the_targets_answer() {
    assert_eq!(one_indicator("否", "否"), dec!(10.00));
    assert_eq!(one_indicator("否", "没有"), dec!(10.00));
    assert_eq!(one_indicator("否", "不存在"), dec!(10.00));
    assert_eq!(one_indicator("无", "无"), dec!(10.00));
    assert_eq!(one_indicator("是", "是"), dec!(10.00));
    assert_eq!(one_indicator("否", "是"), dec!(0.00));
    assert_eq!(one_indicator("无", "有"), dec!(0.00));
    assert_eq!(one_indicator("是", "否"), dec!(0.00));
    // Restating the target counts as achieved, a final 。 aside.
    assert_eq!(one_indicator("全覆盖。", "全覆盖"), dec!(10.00));
    // `无` stays a placeholder against anything but an answer: nothing to compare.
    let policy = crate::check::default_policy().expect("the built-in policy compiles");
    for target in ["≥95(%)", "及时", "—"] {
        let table = Table {
            indicators: vec![row(target, "无", "")],
            ..Table::default()
        };
        let result = score(&policy, &table);
        assert_eq!(
            result.indicators[0].status,
            Status::KeptReported,
            "{target}"
        );
    }
}

#[test]
fn a_tier_word_after_a_negation_or_a_delay_in_its_clause_does_not_count() {
    // The word found in the sentence, and whether it is undone there.
    let at = |text: &str, word: &str| undone(text, text.find(word).unwrap_or(0), word.len());
    for (text, word) in [
        ("不及时", "及时"),
        ("未按计划完成", "完成"),
        ("未能按期全部完成", "完成"),
        ("没有完全达到", "达到"),
        ("无法按时完成", "完成"),
        ("并非全部完成", "完成"),
        ("尚未按要求完成", "完成"),
        ("未按时、按质完成", "完成"),
    ] {
        assert!(matches!(at(text, word), Some(Undone::Negated(_))), "{text}");
    }
    for text in ["延期完成", "已逾期完成", "推迟完成", "正在完成"] {
        assert!(
            matches!(at(text, "完成"), Some(Undone::Delayed(_))),
            "{text}"
        );
    }
    assert_eq!(at("完成中", "完成"), Some(Undone::UnderWay));
    assert_eq!(at("完成中，预计次年验收", "完成"), Some(Undone::UnderWay));
    // Not undone: another clause, a look-alike, `非` and `无`, `中` that begins a word.
    for (text, word) in [
        ("按时完成", "完成"),
        ("未发生安全事故，全部完成", "完成"),
        ("非常及时", "及时"),
        ("无差错完成", "完成"),
        ("机制不断完善并持续有效", "有效"),
        ("不仅按时而且高质量完成", "完成"),
        ("效果不错并达到预期", "达到预期"),
        ("未来三年持续有效", "有效"),
        ("不少于计划并全部完成", "完成"),
        ("不折不扣完成", "完成"),
        ("7*24小时不间断运行达标", "达标"),
        ("完成中央下达任务", "完成"),
    ] {
        assert_eq!(at(text, word), None, "{text}");
    }
}

#[test]
fn a_share_written_as_a_fraction_is_read_as_one_against_a_floor() {
    let policy = crate::check::default_policy().expect("the built-in policy compiles");
    let scored = |target: &str, actual: &str| {
        let table = Table {
            indicators: vec![row(target, actual, "已说明")],
            ..Table::default()
        };
        let r = score(&policy, &table);
        let messages: Vec<String> = r
            .findings
            .into_iter()
            .filter(|f| f.code == "I0002")
            .map(|f| f.message)
            .collect();
        (r.indicators[0].score, messages)
    };
    // Before: 0.98 % and 1 % of ≥95 %, 0.10 and 0.11 points.
    assert_eq!(
        scored("≥95(%)", "0.98"),
        (
            dec!(10),
            vec!["actual `0.98` has no unit; read as a fraction: 98%".to_string()]
        )
    );
    assert_eq!(scored("≥95%", "1").0, dec!(10));
    assert_eq!(scored("=100%", "1").0, dec!(10));
    assert_eq!(scored("≥95(%)", "0.9").0, dec!(9.47));
    assert_eq!(scored("≥100百分比", "0.985").0, dec!(9.85));
    // Not a fraction: a unit written, a figure above 1, a cap, the percentage nearer the
    // target than the fraction, a target of at most 1 %.
    assert_eq!(scored("≥95(%)", "0.98%").0, dec!(0.10));
    assert_eq!(scored("≥95(%)", "98.5").0, dec!(10));
    assert_eq!(
        scored("≤5(%)", "0.5"),
        (
            dec!(10),
            vec![
                "actual `0.5` has no unit; read in the target's unit `%`; if it is a fraction, it means 50% and the row is misread"
                    .to_string()
            ]
        )
    );
    assert_eq!(scored("≥2(%)", "0.98").0, dec!(4.90));
    assert_eq!(scored("≥1(%)", "0.5").0, dec!(5.00));
    assert_eq!(scored("≥2(个)", "0.5").0, dec!(2.50));
}

#[test]
fn a_figure_in_words_is_scored_by_the_figure_not_by_a_tier_word() {
    // `完成` is a tier word; the figure after it decides: 480 of 500.
    assert_eq!(one_indicator("≥500(人次)", "完成480人次"), dec!(9.60));
    assert_eq!(one_indicator("≥500(人次)", "累计完成520人次"), dec!(10));
    assert_eq!(one_indicator("≥500(人次)", "已完成480人次"), dec!(9.60));
    // After words saying what it counts, in the target's measure (`培训520人次`), and on
    // both sides (`培训500人次` → `完成480人次`: 480 of 500, not the tier of `完成`).
    assert_eq!(one_indicator("≥1000户", "惠及1200户"), dec!(10));
    assert_eq!(one_indicator("培训500人次", "完成480人次"), dec!(9.60));
    assert_eq!(one_indicator("新建道路5公里", "完成4公里"), dec!(8));
    assert_eq!(one_indicator("验收合格率100%", "合格率90%"), dec!(9));
    assert_eq!(one_indicator("合格率≥98%", "99%"), dec!(10));
    assert_eq!(one_indicator("人均补助≤300元", "人均补助280元"), dec!(10));
    // A share's name that says no is still its name; a count's name before a bare figure.
    assert_eq!(one_indicator("不满意率≤5%", "2%"), dec!(10));
    assert_eq!(one_indicator("培训人次≥500", "520"), dec!(10));
    // A figure as the first clause, the rest a comment; 超 and 逾 are "more than".
    assert_eq!(
        one_indicator("≥500人次", "480人次，因疫情影响未完成"),
        dec!(9.60)
    );
    assert_eq!(one_indicator("≥3000人", "超3000人"), dec!(10));
    assert_eq!(one_indicator("安全事故发生率为0", "0"), dec!(10));
    // Figures of different measures, or after words of change, are not compared.
    for (target, actual) in [
        ("培训500人次", "培训500人"),
        ("≥500人次", "较上年增加20人次"),
    ] {
        let status = one_result(target, actual, "").status;
        assert_eq!(status, Status::KeptReported, "{actual}");
    }
    // The figure before a word of doing it, as a target may print it too.
    assert_eq!(one_indicator("100%", "100%完成"), dec!(10));
    assert_eq!(one_indicator("≥95%", "93%达标"), dec!(9.79));
    // A share after its label is read against a share only.
    assert_eq!(one_indicator("≥98(%)", "完成率100%"), dec!(10));
    // Other text with a figure is not read: it keeps its printed score (none here).
    for (target, actual) in [
        ("≥500(人次)", "完成率100%"),
        ("≥98(%)", "较上年提高5%"),
        ("≥98(%)", "培训520人次"),
    ] {
        let status = one_result(target, actual, "").status;
        assert_eq!(status, Status::KeptReported, "{actual}");
    }
}

#[test]
fn national_words_of_satisfaction_and_time_and_its_units_are_read() {
    // national-2020's words of satisfaction and of doing it on time are 达成's.
    assert_eq!(one_indicator("满意", "非常满意"), dec!(10));
    assert_eq!(one_indicator("满意", "基本满意"), dec!(6));
    assert_eq!(one_indicator("及时", "按时"), dec!(10));
    assert_eq!(one_indicator("≥2000棵", "1800株"), dec!(9));
}

#[test]
fn a_bare_target_reads_as_the_indicators_name_ending_says() {
    let named = |name: &str, target: &str, actual: &str| {
        let result = table_of(IndicatorRow {
            name: name.into(),
            level2: "质量指标".into(),
            ..row(target, actual, "")
        });
        let message = result
            .findings
            .iter()
            .find(|f| f.message.contains("has no comparator"))
            .map(|f| f.message.clone());
        (result.indicators[0].score, message)
    };
    // national-2020: `no-comparator ≤ named 差错率, …, 响应时间, …`.
    let (score, message) = named("业务差错率", "1%", "0.5%");
    assert_eq!(score, dec!(10));
    assert!(
        message.is_some_and(|m| m.contains("ends with `差错率`")),
        "the finding says why"
    );
    assert_eq!(named("投诉率（%）", "5%", "10%").0, dec!(5));
    assert_eq!(named("平均响应时间", "24小时", "12小时").0, dec!(10));
    // Other names keep the plain ≥.
    assert_eq!(named("培训时长", "40小时", "20小时").0, dec!(5));
}

#[test]
fn a_bare_target_under_a_cost_level_is_a_ceiling_for_amounts_only() {
    let under_cost = |target: &str, actual: &str| {
        let row = IndicatorRow {
            level2: "成本指标".into(),
            ..row(target, actual, "")
        };
        table_of(row).indicators.swap_remove(0).score
    };
    // 500元 is at most 500 元; 100% (预算执行率) is at least 100 %.
    assert_eq!(under_cost("500元", "520元"), dec!(9.62));
    assert_eq!(under_cost("500元", "480元"), dec!(10));
    assert_eq!(under_cost("100%", "95%"), dec!(9.50));
}

/// `no-comparator … under LEVELS for amounts|durations`, in English and in Chinese: the line
/// reads only targets of that kind, and replaces only its parent's line of the same kind.
#[test]
fn a_level_reading_for_some_targets_reads_only_those() {
    let score = |policy: &Policy, level2: &str, target: &str, actual: &str| {
        let row = IndicatorRow {
            level2: level2.into(),
            ..row(target, actual, "")
        };
        let table = Table {
            indicators: vec![row],
            ..Table::default()
        };
        crate::eval::score(policy, &table).indicators[0].score
    };
    for text in [
        "policy 测试 extends national-2020 {\n  years 2023..\n}\noverride scoring {\n  no-comparator ≤ under 数量指标, 时效指标 for durations\n}\n",
        "政策 测试 继承 national-2020 {\n  年度 2023..\n}\n覆盖 评分 {\n  无比较符 ≤ 限于 数量指标, 时效指标 用于 时长\n}\n",
    ] {
        let policy = policy_from(text);
        // 40小时 under 数量指标 is a time limit here; 100人 there stays at least 100.
        assert_eq!(
            score(&policy, "数量指标", "40小时", "50小时"),
            dec!(8),
            "{text}"
        );
        assert_eq!(
            score(&policy, "数量指标", "100人", "90人"),
            dec!(9),
            "{text}"
        );
        // The parent's line for amounts under the cost levels stands beside it.
        assert_eq!(score(&policy, "成本指标", "500元", "520元"), dec!(9.62));
        assert_eq!(score(&policy, "成本指标", "100%", "95%"), dec!(9.50));
    }
    // Replacing the parent's line for amounts leaves its line for durations.
    let policy = policy_from(
        "policy 测试 extends national-2020 {\n  years 2023..\n}\noverride scoring {\n  no-comparator ≤ under 数量指标 for amounts\n}\n",
    );
    assert_eq!(score(&policy, "数量指标", "100人", "110人"), dec!(9.09));
    assert_eq!(score(&policy, "成本指标", "500元", "520元"), dec!(10));
    assert_eq!(score(&policy, "时效指标", "3个月", "4个月"), dec!(7.50));
}

#[test]
fn a_span_or_a_shortened_target_is_read_for_what_it_says() {
    // A span meets a floor by its low end, a ceiling by its high end.
    assert_eq!(one_indicator("≥80%", "80%-90%"), dec!(10));
    assert_eq!(one_indicator("≤5万元", "3-4万元"), dec!(10));
    // A span below the floor is no value: whether and how far it missed is unknown.
    let status = one_result("≥80%", "70%-90%", "").status;
    assert_eq!(status, Status::KeptReported);
    // The target's words cut short restate it; a negation never does.
    assert_eq!(one_indicator("正常运行", "正常"), dec!(10));
    assert_eq!(
        one_result("不发生重大事故", "不", "").status,
        Status::KeptReported
    );
    // Lengths, and the bound written with (含).
    assert_eq!(one_indicator("≥5公里", "5200米"), dec!(10));
    assert_eq!(one_indicator("≥95%", "95%（含）以上"), dec!(10));
}

#[test]
fn a_breakdown_of_a_funds_sub_row_is_not_counted_again_unless_it_does_not_add_up() {
    let funds = |label: &str, full_year: Decimal| BudgetRow {
        label: label.into(),
        full_year: Some(full_year),
        ..BudgetRow::default()
    };
    let labels =
        |rows: Vec<&BudgetRow>| -> Vec<String> { rows.iter().map(|r| r.label.clone()).collect() };
    let nested = [
        funds("其中：财政拨款", dec!(100)),
        funds("  其中：中央补助", dec!(60)),
        funds("省级补助", dec!(40)),
        funds("上年结转", dec!(5)),
    ];
    assert_eq!(labels(top_level(&nested)), ["其中：财政拨款", "上年结转"]);
    // 60 + 30 is not 100: no breakdown, every row counts (and A0301 will say so).
    let broken = [
        funds("其中：财政拨款", dec!(100)),
        funds("其中：中央补助", dec!(60)),
        funds("省级补助", dec!(30)),
    ];
    assert_eq!(top_level(&broken).len(), 3);
}

#[test]
fn a_bare_target_takes_the_comparator_its_indicators_name_ends_with() {
    let named = |name: &str, n: Decimal| comparator_in_name(name, n);
    assert_eq!(
        named("结余率(结余数/预算数)≤5%", dec!(5)),
        Some(Comparator::Le)
    );
    assert_eq!(named("科目调整次数≤10次", dec!(10)), Some(Comparator::Le));
    assert_eq!(named("覆盖率不低于90%", dec!(90)), Some(Comparator::Ge));
    // Another figure, or a comparator inside the name but not at its end: not the target's.
    assert_eq!(named("结余率≤5%", dec!(3)), None);
    assert_eq!(named("≤5%的结余率", dec!(5)), None);
    assert_eq!(named("培训人次", dec!(5)), None);
}

#[test]
fn template_rows_are_told_with_or_without_their_colon() {
    for leftover in ["指标1", "指标2：", "指标3:", "……", "..."] {
        assert!(is_template_leftover(leftover), "{leftover}");
    }
    for name in ["指标完成率", "指标：培训人次", "培训人次"] {
        assert!(!is_template_leftover(name), "{name}");
    }
}

#[test]
fn a_reason_of_markup_alone_is_no_reason() {
    for empty in [
        "<p>&nbsp;</p>",
        "&nbsp;",
        "<br>",
        "<p></p>",
        " <br/> ",
        "&#160;",
        // Nothing to explain, or the outcome restated.
        "无偏差",
        "无偏差。",
        "无偏差，无需改进",
        "不存在偏差",
        "已完成",
        "超额完成",
        "未完成",
    ] {
        assert!(!reason_given(empty), "{empty}");
    }
    assert!(reason_given("无偏差，但受疫情影响培训推迟至次年"));
    assert!(reason_given("无偏差，因疫情推迟"));
    assert!(reason_given("超额完成，因上级追加任务"));
    for given in ["<p>考试难度提高</p>", "A&B公司延期", "x<y", "&"] {
        assert!(reason_given(given), "{given}");
    }
    assert_eq!(without_markup("<p>延期&nbsp;交付</p>"), "延期交付");
    assert_eq!(without_markup("A&B"), "A&B");
}

#[test]
fn a_kept_score_stays_within_the_weight() {
    let policy = crate::check::default_policy().expect("the built-in policy compiles");
    let mut unscorable = row("良好", "较好", "");
    unscorable.reported_score = Some(dec!(18));
    let mut empty = row("及时", "按月发放", "");
    empty.reported_score = None;
    // A zero budget: the execution score printed stands, within the weight 10.
    let funds = BudgetRow {
        label: "年度资金总额".into(),
        full_year: Some(Decimal::ZERO),
        executed: Some(Decimal::ZERO),
        weight: Some(dec!(10)),
        reported_score: Some(dec!(12)),
        ..BudgetRow::default()
    };
    let table = Table {
        budget: vec![funds],
        indicators: vec![unscorable, empty],
        ..Table::default()
    };
    let result = score(&policy, &table);
    assert_eq!(result.indicators[0].score, dec!(10));
    assert_eq!(result.indicators[1].score, dec!(0));
    assert_eq!(result.budget.score, dec!(10));
    assert_eq!(result.total, dec!(20.00));
    let messages: Vec<&str> = result
        .findings
        .iter()
        .filter(|f| f.code == "A0501")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        messages[0].ends_with("the reported score 18 is outside the weight 10, so 10 is kept"),
        "{messages:?}"
    );
    assert!(
        messages[1].ends_with("no score is printed (as a number), so 0 is kept"),
        "{messages:?}"
    );
}

#[test]
fn the_funds_total_row_is_found_by_its_label_or_its_weight() {
    let funds = |label: &str, weight: Option<Decimal>| BudgetRow {
        label: label.into(),
        weight,
        ..BudgetRow::default()
    };
    let w = Some(dec!(10));
    let at = |rows: &[BudgetRow]| total_row(rows);
    // The 10号 template: the total first.
    assert_eq!(
        at(&[funds("年度资金总额", w), funds("其中：当年财政拨款", None)]),
        0
    );
    // A block that closes with its total.
    assert_eq!(
        at(&[
            funds("财政拨款", None),
            funds("上年结转", None),
            funds("合  计", w)
        ]),
        2
    );
    assert_eq!(at(&[funds("财政拨款", None), funds("总计", None)]), 1);
    // No total label: the row with the weight, else the first.
    assert_eq!(at(&[funds("财政拨款", None), funds("结转", w)]), 1);
    assert_eq!(at(&[funds("财政拨款", w), funds("结转", w)]), 0);
    assert_eq!(at(&[funds("财政拨款", None), funds("结转", None)]), 0);
    // A sub-row's own 总额 and a 小计 are not the block's total.
    assert_eq!(
        at(&[funds("财政拨款", None), funds("其中：中央资金总额", None)]),
        0
    );
    assert_eq!(at(&[funds("财政拨款", None), funds("小计", None)]), 0);
    assert_eq!(at(&[]), 0);
}

#[test]
fn a_miss_with_a_negative_number_gets_no_proportional_credit() {
    // Before: -0.5 ÷ -0.3, -0.3 ÷ -0.1 and -8 ÷ -5 gave more than the weight, capped to it;
    // 0 against a negative cap counted as a zero actual, full marks.
    for (target, actual) in [
        ("≥-0.3", "-0.5"),
        ("≤-0.3", "-0.1"),
        ("≤-0.3", "0"),
        ("≥5(%)", "-2(%)"),
        ("-8%~5%", "-10%"),
        ("-5~-3", "-1"),
    ] {
        let result = one_result(target, actual, "已说明");
        assert_eq!(result.status, Status::KeptReported, "{target} {actual}");
        assert!(
            result
                .trace
                .iter()
                .any(|t| t.contains("the ratio says nothing")),
            "{:?}",
            result.trace
        );
    }
    // Met, a negative target is met whatever the ratio; missed, a positive one keeps its
    // share, and a zero cap exceeded scores 0.
    assert_eq!(one_indicator("≥-0.3", "0.2"), dec!(10));
    assert_eq!(one_indicator("≤-0.3", "-0.5"), dec!(10));
    assert_eq!(one_indicator("≥5(%)", "2(%)"), dec!(4.00));
    assert_eq!(one_indicator("90%-100%", "45%"), dec!(5.00));
    assert_eq!(one_indicator("0起", "2起"), dec!(0.00));
}

#[test]
fn a_bare_target_of_zero_is_a_ceiling() {
    // `0起` accidents: at least 0 would be met by two accidents.
    assert_eq!(one_indicator("0起", "2起"), dec!(0.00));
    assert_eq!(one_indicator("0起", "0起"), dec!(10));
    assert_eq!(one_indicator("0", "0"), dec!(10));
}

#[test]
fn national_readings_of_quantitative_cells() {
    assert_eq!(one_indicator("≥200(万件)", "100(万件)"), dec!(5.00));
    assert_eq!(one_indicator("≤5(%)", "10(%)"), dec!(5.00));
    assert_eq!(one_indicator("≤5(%)", "0"), dec!(10));
    assert_eq!(one_indicator("≥2万件", "15000件"), dec!(7.50));
    assert_eq!(one_indicator("100", "37.24"), dec!(3.72));
    assert_eq!(one_indicator("≥50个", "达成"), dec!(10.00));
    assert_eq!(one_indicator("≥2万元", "3件"), dec!(0));
    assert_eq!(one_indicator("=100%", "100%"), dec!(10));
    assert_eq!(one_indicator("=100%", "90%"), dec!(9.00));
    assert_eq!(one_indicator("90%-100%", "95%"), dec!(10));
    assert_eq!(one_indicator("90%-100%", "45%"), dec!(5.00));
    assert_eq!(one_indicator("±10%", "-8%"), dec!(10));
    assert_eq!(one_indicator("2023年6月", "2023年5月"), dec!(10));
    assert_eq!(one_indicator("2023年6月", "2023年7月"), dec!(0));
    // Words inside a sentence: the longest tier word decides.
    assert_eq!(one_indicator("及时", "已全部完成"), dec!(10));
    assert_eq!(one_indicator("及时", "尚未完成"), dec!(0));
    assert_eq!(one_indicator("及时", "基本完成"), dec!(6.00));
    assert_eq!(
        one_indicator("及时", "部分达成预期指标并具有一定效果"),
        dec!(6.00)
    );
    assert_eq!(one_indicator("及时", "未达成预期指标且效果较差"), dec!(0));
    assert_eq!(one_indicator("≥95%", "达到96%"), dec!(10));
    assert_eq!(one_indicator("3个工作日内", "2个工作日"), dec!(10));
    // Counts in the units tables also write, and dates in figures.
    assert_eq!(one_indicator("≥100人", "80名"), dec!(8.00));
    assert_eq!(one_indicator("≥1万人", "12000名"), dec!(10));
    assert_eq!(one_indicator("≥4场", "3场次"), dec!(7.50));
    assert_eq!(one_indicator("≤2吨", "500公斤"), dec!(10));
    assert_eq!(one_indicator("2023.12.31前", "2023-12-20"), dec!(10));
    assert_eq!(one_indicator("2023.12.31前", "2024/1/5"), dec!(0));
    // A share after its label, against a share; not against a count.
    assert_eq!(one_indicator("≥90%", "满意度95%"), dec!(10));
    assert_eq!(one_indicator("≥90%", "群众满意度为81%"), dec!(9.00));
    assert_eq!(one_indicator("≥95%", "合格率达98.5%"), dec!(10));
    assert_eq!(one_indicator("≥500人次", "完成率100%"), dec!(0));
}

/// An output row of weight 10 with these cells.
fn row(target: &str, actual: &str, reason: &str) -> IndicatorRow {
    IndicatorRow {
        line: 1,
        level1: "产出指标".into(),
        level2: "数量指标".into(),
        name: "x".into(),
        target: target.into(),
        actual: actual.into(),
        weight: Some(dec!(10)),
        reported_score: None,
        reason: reason.into(),
        columns: Default::default(),
    }
}

#[test]
fn an_over_achievement_loses_what_the_policys_deduction_curve_takes() {
    let policy = policy_from(
        "policy 超额 extends national-2020 {\n  years 2023..\n}\n\n\
         curve 超额扣分 = deduct 1 per 10% of deviation above 30% floor 0\n\n\
         over-achievement {\n  deduct 超额扣分\n}\n",
    );
    let scored = |target: &str, actual: &str| {
        let table = Table {
            indicators: vec![row(target, actual, "已说明原因")],
            ..Table::default()
        };
        let r = score(&policy, &table);
        (r.indicators[0].score, r.indicators[0].trace.join(" | "))
    };
    // +20 %: inside the 30 % allowed, nothing taken off.
    assert_eq!(scored("≥100(件)", "120(件)").0, dec!(10.00));
    // +60 %: three whole steps of 10 % past 30 %.
    let (points, trace) = scored("≥100(件)", "160(件)");
    assert_eq!(points, dec!(7.00));
    assert!(trace.contains("curve `超额扣分` at 60 allows 7"), "{trace}");
    // +300 %: the floor stops it at 0.
    assert_eq!(scored("≥100(件)", "400(件)").0, dec!(0.00));
    // A miss is scored by the quantitative curve alone.
    assert_eq!(scored("≥100(件)", "50(件)").0, dec!(5.00));
    // A ≤ target is not over-achieved under the national default (`reverse-targets
    // exempt`)…
    assert_eq!(scored("≤100(万元)", "40(万元)").0, dec!(10));
    // …and is with `reverse-targets mirrored`: 60 % under the cap loses three steps, 20 %
    // under loses nothing.
    let mirrored = policy_from(
        "policy 超额 extends national-2020 {\n  years 2023..\n}\n\n\
         curve 超额扣分 = deduct 1 per 10% of deviation above 30% floor 0\n\n\
         over-achievement {\n  deduct 超额扣分\n}\n\n\
         override over-achievement {\n  reverse-targets mirrored\n}\n",
    );
    let mirrored_score = |target: &str, actual: &str| {
        let table = Table {
            indicators: vec![row(target, actual, "已说明原因")],
            ..Table::default()
        };
        score(&mirrored, &table).indicators[0].score
    };
    assert_eq!(mirrored_score("≤100(万元)", "40(万元)"), dec!(7.00));
    assert_eq!(mirrored_score("≤100(万元)", "80(万元)"), dec!(10.00));
    // Without a deduction curve (the national default) the same row keeps full marks.
    let national = crate::check::default_policy().expect("the built-in policy compiles");
    let table = Table {
        indicators: vec![row("≥100(件)", "160(件)", "已说明原因")],
        ..Table::default()
    };
    assert_eq!(score(&national, &table).indicators[0].score, dec!(10));
}

#[test]
fn a_figure_in_a_message_is_printed_as_display_prints_it_normalised() {
    let mut values = vec![
        Decimal::ZERO,
        Decimal::from_parts(0, 0, 0, true, 2),
        Decimal::MAX,
        Decimal::MIN,
        Decimal::from_parts(1, 0, 0, false, 28),
        Decimal::from_parts(1, 0, 0, true, 28),
        dec!(10.00),
        dec!(-0.50),
        dec!(100),
        dec!(12.019231),
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..2000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let (lo, mid, hi) = (seed as u32, (seed >> 32) as u32 & 0xFFF, 0);
        let scale = (seed >> 48) as u32 % 29;
        values.push(Decimal::from_parts(lo, mid, hi, seed & 1 == 1, scale));
    }
    for d in values {
        assert_eq!(fmt(d), d.normalize().to_string(), "{d:?}");
    }
}

#[test]
fn a_month_alone_means_its_last_day() {
    let days: Vec<u32> = [
        (2023, 9),
        (2023, 12),
        (2023, 2),
        (2024, 2),
        (1900, 2),
        (2000, 2),
    ]
    .iter()
    .map(|(y, m)| last_day(*y, *m))
    .collect();
    assert_eq!(days, [30, 31, 28, 29, 28, 29]);
}

#[test]
fn a_month_alone_against_a_deadline_is_that_month_done() {
    // On time: the full weight 10 (no reported score). Late: not scored under
    // national-2020's `late unscorable`. A count of months against a duration is a count.
    assert_eq!(scored("9月前", "7月"), Some(dec!(10)));
    assert_eq!(scored("9月前", "7月份"), Some(dec!(10)));
    assert_eq!(scored("2023年9月底前", "9月"), Some(dec!(10)));
    assert_eq!(scored("9月前", "11月"), None);
    assert_eq!(scored("9月前", "13月"), None);
    assert_eq!(scored("≤6个月", "5个月"), Some(dec!(10)));
}

#[test]
fn a_deduction_curve_that_reads_no_measure_is_refused() {
    let mut ws = crate::check::Workspace::with_builtins();
    let text = "policy 超额 extends national-2020 {\n  years 2023..\n}\n\n\
                over-achievement {\n  deduct 按比例\n}\n";
    let index = ws.add_text("test.jx", text.to_string());
    let (_, diagnostics, _) = crate::check::compile_chain(&ws, index);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E0505"], "{diagnostics:?}");
}

fn policy_from(text: &str) -> Policy {
    let mut ws = crate::check::Workspace::with_builtins();
    let index = ws.add_text("test.jx", text.to_string());
    let (policy, diagnostics, _) = crate::check::compile_chain(&ws, index);
    // A policy with an error would be tested for what it was not meant to say.
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:?}"
    );
    policy.unwrap_or_else(|| panic!("{diagnostics:?}"))
}

fn without_satisfaction(output: Decimal, benefit: Decimal) -> Table {
    let row = |line, level1: &str, level2: &str, weight| IndicatorRow {
        line,
        level1: level1.into(),
        level2: level2.into(),
        name: format!("指标{line}x"),
        target: "≥1(件)".into(),
        actual: "1(件)".into(),
        weight: Some(weight),
        reported_score: None,
        reason: String::new(),
        columns: Default::default(),
    };
    Table {
        budget: vec![BudgetRow {
            label: "年度资金总额".into(),
            line: 1,
            full_year: Some(dec!(1)),
            executed: Some(dec!(1)),
            weight: Some(dec!(10)),
            ..BudgetRow::default()
        }],
        indicators: vec![
            row(2, "产出指标", "数量指标", output),
            row(3, "效益指标", "社会效益指标", benefit),
        ],
        ..Table::default()
    }
}

fn level_findings(policy: &Policy, table: &Table) -> Vec<String> {
    score(policy, table)
        .findings
        .iter()
        .filter(|f| f.code == "A0202")
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn an_absent_satisfaction_level_moves_its_weight_by_the_policys_rule() {
    let national = crate::check::default_policy().expect("built-in");
    // 10号, DEFAULT proportional: 50 + 10 × 50/80 = 56.25 and 30 + 10 × 30/80 = 33.75.
    assert!(level_findings(&national, &without_satisfaction(dec!(56.25), dec!(33.75))).is_empty());
    assert_eq!(
        level_findings(&national, &without_satisfaction(dec!(55), dec!(35))).len(),
        2
    );
    let equal = policy_from(
        "policy e extends national-2020 {\n years 2023..\n}\noverride weights {\n absent 满意度指标 -> 产出指标, 效益指标 equal\n}\n",
    );
    assert!(level_findings(&equal, &without_satisfaction(dec!(55), dec!(35))).is_empty());
    let choice = policy_from(
        "policy c extends national-2020 {\n years 2023..\n}\noverride weights {\n absent 满意度指标 -> 产出指标, 效益指标 unit-choice\n}\n",
    );
    assert!(level_findings(&choice, &without_satisfaction(dec!(60), dec!(30))).is_empty());
    let wrong = level_findings(&choice, &without_satisfaction(dec!(60), dec!(20)));
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(
        wrong[0].contains("产出指标 + 效益指标 weigh 80") && wrong[0].contains("90 together"),
        "{wrong:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn a_ge_score_never_decreases_with_the_actual_and_stays_within_the_weight(t in 1u32..10000, a in 0u32..20000, d in 0u32..5000) {
        let target = format!("≥{t}(件)");
        let low = one_indicator(&target, &format!("{a}(件)"));
        let high = one_indicator(&target, &format!("{}(件)", a + d));
        prop_assert!(low <= high);
        prop_assert!(low >= Decimal::ZERO && high <= dec!(10));
    }
}
