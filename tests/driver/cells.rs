//! Target and actual cells as tables write them, each with the reading an auditor gives it
//! (`tests/fixtures/cells/pairs.txt`): every pair is scored in a table of its own kind and
//! must be read so. A change in how cells are read shows here as the pairs it moves.

use jixiao::eval::score::Status;
use jixiao::table::seed::Tables;
use rust_decimal::Decimal;
use std::str::FromStr;

const PAIRS: &str = include_str!("../fixtures/cells/pairs.txt");

/// A pair's level 2 and the level 1 it belongs to, by the file's one-character key.
fn levels(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "数" => ("产出指标", "数量指标"),
        "质" => ("产出指标", "质量指标"),
        "时" => ("产出指标", "时效指标"),
        "成" => ("产出指标", "成本指标"),
        "经" => ("效益指标", "经济效益指标"),
        "社" => ("效益指标", "社会效益指标"),
        "生" => ("效益指标", "生态效益指标"),
        "可" => ("效益指标", "可持续影响指标"),
        "满" => ("满意度指标", "服务对象满意度指标"),
        _ => return None,
    })
}

struct Pair<'a> {
    line: usize,
    level: &'a str,
    target: &'a str,
    actual: &'a str,
    expected: &'a str,
    name: &'a str,
}

fn pairs() -> Vec<Pair<'static>> {
    PAIRS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('|').collect();
            assert!(f.len() >= 4, "pairs.txt:{}: four fields at least", i + 1);
            Pair {
                line: i + 1,
                level: f[0],
                target: f[1],
                actual: f[2],
                expected: f[3],
                name: f.get(4).copied().unwrap_or_default(),
            }
        })
        .collect()
}

/// Whether a row's status and score are the expected reading.
fn read_as(expected: &str, status: Status, score: Decimal) -> bool {
    let scored = status == Status::Scored;
    match expected {
        "K" | "LATE" => status == Status::KeptReported,
        "T1" => scored && score >= Decimal::from(8),
        "T2" => scored && score >= Decimal::from(6) && score < Decimal::from(8),
        "T3" => scored && score < Decimal::from(6),
        figure => {
            let want = Decimal::from_str(figure).expect("a score in pairs.txt");
            scored && (score - want).abs() <= Decimal::from_str("0.011").expect("decimal")
        }
    }
}

#[test]
fn every_pair_is_read_as_an_auditor_reads_it() {
    let policy = jixiao::check::default_policy().expect("the built-in policy compiles");
    let pairs = pairs();
    assert!(pairs.len() > 500, "the battery holds its pairs");
    let mut wrong = Vec::new();
    // One table per 50 pairs, as a table holds rows of every kind.
    for chunk in pairs.chunks(50) {
        let mut text = String::from(
            "2023年度项目支出绩效自评表\n项目名称\t测试项目\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析\n",
        );
        for p in chunk {
            let (l1, l2) = levels(p.level).expect("a known level key in pairs.txt");
            let name = format!("p{}{}", p.line, p.name);
            text.push_str(&format!(
                "{l1}\t{l2}\t{name}\t{}\t{}\t10\t\t\n",
                p.target, p.actual
            ));
        }
        let tables: Vec<_> = Tables::new(text.as_bytes(), "pairs.tsv").collect();
        assert_eq!(tables.len(), 1, "one table a chunk");
        let table = tables
            .into_iter()
            .next()
            .expect("a table")
            .expect("it reads");
        let result = jixiao::eval::score(&policy, &table);
        assert_eq!(result.indicators.len(), chunk.len(), "one row a pair");
        for (p, row) in chunk.iter().zip(&result.indicators) {
            if !read_as(p.expected, row.status, row.score) {
                wrong.push(format!(
                    "pairs.txt:{} [{}] `{}` → `{}`: expected {}, got {:?} {}",
                    p.line, p.level, p.target, p.actual, p.expected, row.status, row.score
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} pair(s) read otherwise:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
