//! A deterministic generator of self-evaluation tables in the seed layout, for benchmarks and
//! tests: the variety of real tables (6–20 indicators, every comparator and unit family,
//! qualitative cells, missed and over-achieved targets, thousands separators, shifted rows),
//! the same bytes for the same seed on every machine.

use std::fmt::Write as _;

/// A small, fast, well-mixed generator (SplitMix64); no dependency, fully reproducible.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Random(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below(items.len() as u64) as usize)
            .copied()
            .unwrap_or("")
    }
}

const LEVELS: &[(&str, &[&str])] = &[
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &["社会效益指标", "经济效益指标", "可持续影响指标"],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];
const COUNT_UNITS: &[&str] = &["万件", "件", "个", "次", "人次", "家", "户", "篇"];
const QUALITATIVE: &[&str] = &[
    "达成指标",
    "达成预期指标",
    "部分达成",
    "未完成",
    "及时",
    "效果明显",
];

fn money(r: &mut Random, thousands: bool) -> (String, u64) {
    let cents = 1_000 + r.below(50_000_000);
    let whole = cents / 100;
    let text = if thousands && whole >= 1000 {
        format!("{},{:03}.{:02}", whole / 1000, whole % 1000, cents % 100)
    } else {
        format!("{}.{:02}", whole, cents % 100)
    };
    (text, cents)
}

/// One indicator row: (target, actual) cells of a random kind.
fn indicator(r: &mut Random, level2: &str) -> (String, String) {
    let kind = r.below(10);
    let base = 10 + r.below(990);
    // Actuals around the target: missed, met, or far over.
    let factor = [70, 95, 100, 100, 120, 180][r.below(6) as usize];
    let actual = base * factor / 100;
    match (kind, level2) {
        (_, "成本指标") => (format!("≤{base}(万元)"), format!("{actual}(万元)")),
        (0..=2, _) => {
            let unit = r.pick(COUNT_UNITS);
            (
                format!("≥{base}.00({unit})"),
                format!("{actual}.00({unit})"),
            )
        }
        (3, _) => (
            format!("≥{}(%)", 80 + r.below(20)),
            format!("{}.{}(%)", 70 + r.below(30), r.below(10)),
        ),
        (4, _) => (
            format!("≤{}(%)", 1 + r.below(10)),
            format!("{}.{:02}(%)", r.below(12), r.below(100)),
        ),
        (5, _) => (
            format!("<{}.00(工作日)", 1 + r.below(5)),
            format!("{}(工作日)", r.below(6)),
        ),
        (6, _) => ("7*24小时".to_string(), r.pick(QUALITATIVE).to_string()),
        (7, _) => (
            r.pick(&["及时", "效果明显", "符合相关规定"]).to_string(),
            r.pick(QUALITATIVE).to_string(),
        ),
        (8, _) => (format!("≥{base}万人次"), format!("{}人次", actual * 10_000)),
        _ => (format!("{base}"), format!("{actual}")),
    }
}

/// Appends table number `n` to `out`, in the seed layout.
pub fn table(r: &mut Random, n: u64, out: &mut String) {
    let indicators = 6 + r.below(15);
    let weight_each = 90 / indicators;
    let remainder = 90 - weight_each * indicators;
    let thousands = r.below(3) == 0;
    let (full, full_cents) = money(r, thousands);
    let executed_cents = full_cents * (80 + r.below(21)) / 100;
    let executed = format!("{}.{:02}", executed_cents / 100, executed_cents % 100);
    let _ = writeln!(out, "\n财政项目支出绩效自评表\n(2023年度)");
    let _ = writeln!(out, "项目名称\t\t生成项目{n}\t\t\t\t\t");
    let _ = writeln!(
        out,
        "主管部门\t\t某主管部门\t\t实施单位\t\t某实施单位{}\t",
        n % 97
    );
    let _ = writeln!(
        out,
        "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分"
    );
    let _ = writeln!(out, "\t年度资金总额\t{full}\t{full}\t{executed}\t10.00\t\t");
    let _ = writeln!(
        out,
        "\t其中：当年财政拨款\t{full}\t{full}\t{executed}\t-\t\t-"
    );
    let _ = writeln!(
        out,
        "一级指标\t二级指标\t三级指标\t年度指标\t实际完成\t分值\t得分\t偏差原因分析"
    );
    for i in 0..indicators {
        let (level1, level2s) = LEVELS
            .get((i * 3 / indicators) as usize)
            .copied()
            .unwrap_or(LEVELS[0]);
        let level2 = level2s
            .get(r.below(level2s.len() as u64) as usize)
            .copied()
            .unwrap_or("数量指标");
        let (target, actual) = indicator(r, level2);
        let weight = weight_each + if i == 0 { remainder } else { 0 };
        let reason = if r.below(4) == 0 {
            "已说明原因"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{level1}\t{level2}\t指标{n}-{i}\t{target}\t{actual}\t{weight}.00\t\t{reason}"
        );
    }
    let _ = writeln!(out, "评分等级\t\t\t\t100\t\t\t");
}

/// `count` tables from `seed`, as one seed-layout text.
pub fn tables(seed: u64, count: u64) -> String {
    let mut r = Random::new(seed);
    let mut out = String::new();
    for n in 0..count {
        table(&mut r, n, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tables_are_deterministic_and_read_back_whole() {
        assert_eq!(tables(7, 20), tables(7, 20));
        let text = tables(7, 200);
        let read: Vec<_> = crate::table::seed::Tables::new(text.as_bytes(), "gen.tsv").collect();
        assert_eq!(read.len(), 200);
        let policy = crate::check::default_policy().unwrap();
        let mut rows = 0;
        for t in read {
            let t = t.unwrap();
            assert!((6..=20).contains(&t.indicators.len()));
            rows += t.indicators.len();
            let result = crate::eval::score(&policy, &t);
            assert!(result.total <= rust_decimal::Decimal::from(100));
        }
        assert!(rows > 200 * 6);
    }
}
