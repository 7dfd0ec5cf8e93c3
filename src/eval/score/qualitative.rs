//! A target and an actual read as words: tiers, answers to questions, grades on a scale, and
//! changes in a direction.

use super::*;

pub(super) fn qualitative(
    s: &mut Scorer,
    row: &IndicatorRow,
    target: &CellValue,
    actual: &str,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    let set = p.tiers.get(&p.scoring.qualitative)?;
    // The actual restating the target counts as achieved, whatever tier its words have on
    // their own (`否` against `否`: no accident happened, as promised).
    let restated = match target {
        CellValue::Text { text } => {
            plain(text) == plain(actual) || done_of(actual).is_some_and(|a| a == plain(text))
        }
        _ => false,
    };
    // A grade of the scale the target states (`优良中低差` → `优`): its top grade is the
    // target met. A grade below it falls in the tier that holds its band of the policy's
    // grades (良 [80, 90) in 达成 [80%, 100%]); one the policy does not grade is not scored
    // on a guess, unless it is the scale's bottom grade (the target missed).
    let graded = match target {
        CellValue::Text { text } if !restated => {
            // The policy's name of a grade spelled out (`优秀` → `优`).
            let said = plain(actual);
            let grade = p
                .grades
                .iter()
                .find(|g| g.spellings.iter().any(|w| w == said));
            grade_in_scale(text, grade.map_or(said, |g| g.name.as_str()))
        }
        _ => None,
    };
    if let Some((rank, grades)) = graded {
        let grade = grades.get(rank).copied().unwrap_or_default();
        let banded = tier_of_grade(p, set, grade);
        let tier = match rank {
            0 => set.tiers.first(),
            _ if banded.is_some() => banded,
            _ if rank + 1 == grades.len() => set.tiers.last(),
            _ => None,
        };
        trace.add(|| {
            let scale = grades.join("/");
            match (rank, banded) {
                (0, _) => format!("`{actual}` is the top grade of the scale {scale}"),
                (_, Some(t)) => format!(
                    "`{actual}` is the grade `{grade}` of the scale {scale}, whose band in the policy's grades lies in tier `{}`",
                    t.name
                ),
                _ if tier.is_some() => {
                    format!("`{actual}` is the bottom grade of the scale {scale}")
                }
                _ => format!(
                    "`{actual}` is the grade `{grade}` of the scale {scale}, which the policy's grades do not place in a tier"
                ),
            }
        });
        return in_tier(s, row, set, tier?, actual, weight, trace);
    }
    // A target asking a thing to move without saying how far (`较上年提高`, `逐步提高`,
    // `改善人居环境`), answered by an actual saying which way it moved.
    if let CellValue::Text { text } = target
        && !restated
        && let Some(asked) = way_asked(text)
        && let Some((moved, met)) = asked.answered_by(actual)
    {
        let tier = match (moved, met) {
            (Way::Basically(_), _) => basically_tier(set, "基本"),
            (_, true) => set.tiers.first(),
            (_, false) => set.tiers.last(),
        };
        trace.add(|| match (moved, met) {
            (Way::Basically(_), _) => format!(
                "`{actual}` says it {}: mostly met, the tier of the policy's `基本` words{}",
                moved.said(),
                if tier.is_none() {
                    ", which it has none of"
                } else {
                    ""
                }
            ),
            (_, true) => format!(
                "`{actual}` says it {}, as the target `{text}` asks",
                moved.said()
            ),
            (_, false) => format!(
                "`{actual}` says it {}; the target `{text}` asks it to {}",
                moved.said(),
                asked.asked()
            ),
        });
        return in_tier(s, row, set, tier?, actual, weight, trace);
    }
    let tier: &Tier = restated
        .then(|| set.tiers.first())
        .flatten()
        .or_else(|| {
            set.tiers
                .iter()
                .find(|t| t.words.iter().any(|w| w == actual))
        })
        .or_else(|| match tier_in_sentence(set, actual) {
            Ok((tier, word, None)) => {
                trace.add(|| format!("`{actual}` contains the word `{word}`"));
                Some(tier)
            }
            Ok((tier, word, Some(q))) => {
                trace.add(|| {
                    format!(
                        "`{actual}` contains the word `{word}` after `{q}`: mostly met, the tier of the policy's `{q}` words"
                    )
                });
                Some(tier)
            }
            // The target's own words cut short (`正常` for `正常运行`, `按时` for `按时完成`):
            // restated, when nothing in the actual negates or delays a word of the policy's.
            Err(None)
                if let CellValue::Text { text } = target
                    && abridges(actual, text) =>
            {
                trace.add(|| format!("`{actual}` is the target `{text}` cut short"));
                set.tiers.first()
            }
            // No word of the policy's, but the target's own (`显著` → `不显著`, `完善` → `基本
            // 完善`, `促进乡村振兴` → `有力促进乡村振兴`, `是否公开` → `已公开`).
            Err(None)
                if let CellValue::Text { text } = target
                    && let Some((words, echo)) = echo(actual, text) =>
            {
                let tier = match echo {
                    Echo::Holds => set.tiers.first(),
                    Echo::Negated(_) => set.tiers.last(),
                    Echo::Qualified(q) => basically_tier(set, q),
                    Echo::Undone(_) => None,
                };
                trace.add(|| match echo {
                    Echo::Holds => format!("`{actual}` says the target's own words `{words}`"),
                    Echo::Negated(n) => {
                        format!("`{actual}`: `{n}` negates the target's own words `{words}`")
                    }
                    Echo::Qualified(q) if tier.is_some() => format!(
                        "`{actual}` says the target's own words `{words}` after `{q}`: mostly met, the tier of the policy's `{q}` words"
                    ),
                    Echo::Qualified(q) => format!(
                        "`{actual}` says the target's own words `{words}` after `{q}`, and the policy has no tier for `{q}` words"
                    ),
                    Echo::Undone(Undone::Delayed(d)) => format!(
                        "`{actual}` is in no tier: `{d}` says the target's `{words}` came late or is not done yet"
                    ),
                    Echo::Undone(_) => format!(
                        "`{actual}` is in no tier: the target's `{words}` is under way, not done"
                    ),
                });
                tier
            }
            Err(why) => {
                trace.add(|| {
                    let why = match why {
                        Some((word, Undone::Negated(n))) => format!(": `{n}` negates `{word}`"),
                        Some((word, Undone::Delayed(d))) => {
                            format!(": `{d}` says `{word}` came late or is not done yet")
                        }
                        Some((word, Undone::UnderWay)) => {
                            format!(": `{word}中` is under way, not done")
                        }
                        Some((word, Undone::Basically(q))) => format!(
                            ": `{q}` says `{word}` was only mostly met, and the policy has no tier for `{q}` words"
                        ),
                        None => String::new(),
                    };
                    format!("`{actual}` is in no tier{why}")
                });
                None
            }
        })?;
    in_tier(s, row, set, tier, actual, weight, trace)
}

/// What an actual says was done, without the word saying it was (`已建立` → `建立`, `已经公示`,
/// `均已落实`): the target's own words, done, are the target met.
fn done_of(actual: &str) -> Option<&str> {
    ["已经", "均已", "已全部", "全部已", "已"]
        .iter()
        .find_map(|w| plain(actual).strip_prefix(w))
        .filter(|rest| rest.chars().nth(1).is_some())
}

/// Characters that say no: words holding one are never taken for a target's own words.
const NEGATING: [char; 6] = ['未', '不', '无', '没', '否', '非'];

/// Whether an actual is the start of its target's words, two characters or more, saying no
/// negation (`正常` of `正常运行`; not `未` of `未发生`, nor `不` of `不低于`), or their end,
/// when the target says no negation either and the actual names no incident (`合规` of
/// `资金使用合规`, `已建立` of `长效机制建立`; not `安全事故` of `无安全事故`).
fn abridges(actual: &str, target: &str) -> bool {
    let (actual, target) = (plain(actual), plain(target));
    let actual = done_of(actual).unwrap_or(actual);
    actual.chars().nth(1).is_some()
        && target.len() > actual.len()
        && !actual.contains(NEGATING)
        && (target.starts_with(actual)
            || target.ends_with(actual) && !target.contains(NEGATING) && !incident(actual))
}

/// How an actual holding no word of the policy's tiers says the target's own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Echo {
    /// Said, and not undone: the target met.
    Holds,
    /// Said after a negation (`不明显` for `明显`): the target missed.
    Negated(&'static str),
    /// Said after "basically" or "partly" (`基本完善` for `完善`): mostly met.
    Qualified(&'static str),
    /// Said late or still under way (`延期公开`, `完善中`): in no tier, as a policy's word would be.
    Undone(Undone),
}

/// Where an actual says its target's own words, whole (`有力促进乡村振兴` for `促进乡村振兴`),
/// their start at its end (`基本满足` for `满足需求`), or their start as what it says was done
/// (`已建立长效机制` for `建立健全`), two characters or more, and how; `是否`
/// before the target's words asks them (`是否公开` → `公开`). Only a target of words with no
/// figure and no negation of its own (`不发生` is a question answered otherwise), and never an
/// actual naming an incident (`发生安全事故` does not say the target `安全`).
fn echo<'t>(actual: &str, target: &'t str) -> Option<(&'t str, Echo)> {
    // `促进了乡村振兴` says `促进乡村振兴` done: the aspect word 了 is read past.
    if actual.contains('了') && !target.contains('了') {
        return echo_words(&actual.replace('了', ""), target);
    }
    echo_words(actual, target)
}

fn echo_words<'t>(actual: &str, target: &'t str) -> Option<(&'t str, Echo)> {
    let target = plain(target);
    let target = target.strip_prefix("是否").unwrap_or(target);
    let actual = plain(actual);
    if target.chars().nth(1).is_none()
        || target.bytes().any(|b| b.is_ascii_digit())
        || target.contains(NEGATING)
        || incident(actual)
    {
        return None;
    }
    // `已建立长效机制` for `建立健全`: what it says was done begins with the target's first
    // words (two characters or more).
    let done = done_of(actual).and_then(|done| {
        let common = done
            .char_indices()
            .zip(target.chars())
            .take_while(|((_, a), t)| a == t)
            .last()
            .map(|((at, a), _)| at + a.len_utf8())?;
        let words = target.get(..common)?;
        words
            .chars()
            .nth(1)
            .is_some()
            .then(|| (actual.len() - done.len(), words))
    });
    let (at, words) = match actual.find(target).map(|at| (at, target)).or(done) {
        Some(found) => found,
        None => actual.char_indices().map(|(at, _)| at).find_map(|at| {
            let tail = actual.get(at..)?;
            let said = tail.chars().nth(1).is_some() && target.starts_with(tail);
            said.then(|| target.get(..tail.len()).map(|words| (at, words)))?
        })?,
    };
    let echo = match undone(actual, at, words.len()) {
        Some(Undone::Negated(n)) => Echo::Negated(n),
        Some(why) => Echo::Undone(why),
        None => match basically(actual.get(..at).unwrap_or_default()) {
            Some(q) => Echo::Qualified(q),
            None => Echo::Holds,
        },
    };
    Some((words, echo))
}

/// Which way an actual says a thing moved.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Way {
    Up,
    Down,
    /// Better, without saying up or down (`改善`, `优化`).
    Better,
    /// Not moved: `持平`, `无变化`, a change of zero.
    Flat,
    /// A word of movement negated (`未提高`): not that way, which says nothing of the others.
    Not(Family),
    /// That way only basically (`基本改善`): mostly met.
    Basically(Family),
}

/// The way a word of movement names, and a target asks for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Family {
    Up,
    Down,
    Better,
}

/// Words of movement, each with its way.
const MOVES: &[(&str, Family)] = &[
    ("提高", Family::Up),
    ("提升", Family::Up),
    ("增长", Family::Up),
    ("增加", Family::Up),
    ("增强", Family::Up),
    ("上升", Family::Up),
    ("扩大", Family::Up),
    ("递增", Family::Up),
    ("下降", Family::Down),
    ("降低", Family::Down),
    ("减少", Family::Down),
    ("减轻", Family::Down),
    ("缩小", Family::Down),
    ("缩短", Family::Down),
    ("递减", Family::Down),
    ("改善", Family::Better),
    ("改进", Family::Better),
    ("优化", Family::Better),
    ("好转", Family::Better),
];

/// Words that may stand before a word of movement and say only how, or since when:
/// `较上年有所提高`, `进一步提升`, `持续改善`. Longer words first where one begins another.
const HOW_MOVED: &[&str] = &[
    "较上年度",
    "较上年",
    "比上年度",
    "比上年",
    "较去年",
    "比去年",
    "同比",
    "进一步",
    "逐步",
    "逐年",
    "逐渐",
    "稳步",
    "持续",
    "不断",
    "有所",
    "明显",
    "显著",
    "大幅度",
    "大幅",
    "切实",
    "有效",
    "全面",
    "得到",
    "继续",
    "着力",
    "努力",
];

/// Words after a word of movement, in its clause, that say it barely moved: `提升不明显`,
/// `改善有限`, `改善效果不明显`.
const BARELY: &[&str] = &["不明显", "不大", "有限", "不足", "缓慢", "不够"];

/// Words saying a thing did not move.
const UNMOVED: &[&str] = &[
    "持平",
    "无变化",
    "没有变化",
    "未变化",
    "未发生变化",
    "保持不变",
    "不变",
];

/// The first characters of the words of [`MOVES`].
const MOVE_FIRSTS: &[char] = &[
    '提', '增', '上', '扩', '递', '下', '降', '减', '缩', '改', '优', '好',
];

/// The first word of movement in `text` of a way `wanted` accepts: where it starts, the word
/// and its way. One pass over the characters: asked of every qualitative target, most of which
/// hold none of the words' first characters.
fn first_move(
    text: &str,
    wanted: impl Fn(Family) -> bool,
) -> Option<(usize, &'static str, Family)> {
    text.char_indices()
        .filter(|(_, c)| MOVE_FIRSTS.contains(c))
        .find_map(|(at, _)| {
            let rest = text.get(at..)?;
            MOVES
                .iter()
                .find(|&&(w, f)| wanted(f) && rest.starts_with(w))
                .map(|&(w, f)| (at, w, f))
        })
}

/// The way a target without a figure asks a thing to move: a word of movement that ends it
/// (`群众满意度逐步提高`, `较上年提高`) or begins it past words of [`HOW_MOVED`] (`进一步改善人居
/// 环境`, `提升服务水平`), not negated (`不降低` asks for no fall, not a rise).
pub(super) fn way_asked(target: &str) -> Option<Family> {
    let target = plain(target);
    if target.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (at, word, family) = first_move(target, |_| true)?;
    if undone(target, at, word.len()).is_some() {
        return None;
    }
    let ends = target.len() == at.saturating_add(word.len());
    let mut head = target.get(..at).unwrap_or_default();
    while let Some(rest) = HOW_MOVED.iter().find_map(|w| head.strip_prefix(w)) {
        head = rest;
    }
    (ends || head.is_empty()).then_some(family)
}

impl Family {
    /// How an actual answers this way asked: the way it says the thing moved, and whether
    /// that meets it. A change of zero (`增长0%`) or a word of not moving (`持平`) misses it.
    /// Else a word of the way asked, or of getting better (which any way asked is for; for
    /// `改善`, a rise too), meets it, wherever it stands (`投诉减少，满意度提高` meets `提高`),
    /// and misses it when negated (`未提高`). Else a word of the other way misses it. `None`
    /// when the actual names no movement it can weigh: one it says was barely one (`提升不
    /// 明显`), late or under way, the other way negated (`未下降` against `提高`), or a fall
    /// against `改善` (a fall may be the better).
    fn answered_by(self, actual: &str) -> Option<(Way, bool)> {
        let actual = plain(actual);
        let zero = matches!(change(actual), Some((_, CellValue::Quantity { number, .. })) if number.is_zero());
        if zero || UNMOVED.iter().any(|w| actual.contains(w)) {
            return Some((Way::Flat, false));
        }
        let meets = |f: Family| {
            f == self || f == Family::Better || (self == Family::Better && f == Family::Up)
        };
        let opposite = |f: Family| {
            matches!(
                (self, f),
                (Family::Up, Family::Down) | (Family::Down, Family::Up)
            )
        };
        let (at, word, family) =
            first_move(actual, meets).or_else(|| first_move(actual, opposite))?;
        let after = actual
            .get(at.saturating_add(word.len())..)
            .unwrap_or_default();
        // In the rest of its clause (`改善效果不明显`).
        let clause = after.split(CLAUSE_ENDS).next().unwrap_or(after);
        if BARELY.iter().any(|w| clause.contains(w)) {
            return None;
        }
        let met = meets(family);
        // What stands right before the word, past words of how: `基本` (`基本提高`: mostly
        // met) or a negation (`未提高`, `没有提升`, `未能改善`: not met). A negation further
        // off negates a degree (`未能显著提升`), which says nothing of whether it moved.
        let before = actual.get(..at).unwrap_or_default();
        let mut how = before;
        while let Some(rest) = HOW_MOVED.iter().find_map(|w| how.strip_suffix(w)) {
            how = rest;
        }
        if met && basically(how).is_some() {
            return Some((Way::Basically(family), true));
        }
        let mut head = before;
        while let Some(rest) = ["能够", "能", "有", "见", "得到"]
            .iter()
            .find_map(|w| head.strip_suffix(w))
        {
            head = rest;
        }
        if ["未", "没", "不", "无法"].iter().any(|n| head.ends_with(n)) {
            return met.then_some((Way::Not(family), false));
        }
        match undone(actual, at, word.len()) {
            None => Some((family.moved(), met)),
            Some(_) => None,
        }
    }

    fn moved(self) -> Way {
        match self {
            Family::Up => Way::Up,
            Family::Down => Way::Down,
            Family::Better => Way::Better,
        }
    }

    fn asked(self) -> &'static str {
        match self {
            Family::Up => "rise",
            Family::Down => "fall",
            Family::Better => "get better",
        }
    }
}

impl Way {
    fn said(self) -> &'static str {
        match self {
            Way::Up => "rose",
            Way::Down => "fell",
            Way::Better => "got better",
            Way::Flat => "did not change",
            Way::Not(Family::Up) => "did not rise",
            Way::Not(Family::Down) => "did not fall",
            Way::Not(Family::Better) => "did not get better",
            Way::Basically(Family::Up) => "basically rose",
            Way::Basically(Family::Down) => "basically fell",
            Way::Basically(Family::Better) => "basically got better",
        }
    }
}

/// The grades of a target that states a scale rather than a level (`优良中低差`, `优/良/中/差`,
/// `好、较好、一般、差`), best first, and the place in them of the grade `actual` names
/// (`优`, or `优等`, `优级`). At least three grades: two are a yes/no question.
fn grade_in_scale<'t>(target: &'t str, actual: &str) -> Option<(usize, Vec<&'t str>)> {
    const GRADE_CHARS: &[char] = &['优', '良', '中', '低', '差'];
    let target = plain(target);
    let separated: Vec<&str> = target
        .split(['/', '、', '，', ',', '|', ' ', '／'])
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .collect();
    let grades: Vec<&str> = if separated.len() >= 3 {
        separated
    } else if target.chars().count() >= 3 && target.chars().all(|c| GRADE_CHARS.contains(&c)) {
        target
            .char_indices()
            .map(|(i, c)| &target[i..i + c.len_utf8()])
            .collect()
    } else {
        return None;
    };
    let actual = plain(actual);
    let bare = actual.trim_end_matches(['等', '级']);
    let rank = grades.iter().position(|g| *g == actual || *g == bare)?;
    Some((rank, grades))
}

/// The tier that holds a grade's band of the policy's grades (`良` [80, 90) of 100 lies in
/// 达成 [80%, 100%]), its ends open or closed as written.
fn tier_of_grade<'p>(p: &Policy, set: &'p TierSet, grade: &str) -> Option<&'p Tier> {
    let band = p.grades.iter().find(|g| g.name == grade)?;
    let total = p.weights.total;
    let (low, high) = (band.low.checked_div(total)?, band.high.checked_div(total)?);
    set.tiers.iter().find(|t| {
        let above = low > t.low || (low == t.low && (t.low_closed || !band.low_closed));
        let below = high < t.high || (high == t.high && (t.high_closed || !band.high_closed));
        above && below
    })
}

/// A cell's words without what does not change them: a final `。` or `.`.
pub(super) fn plain(text: &str) -> &str {
    let text = trimmed(text);
    let without_stop = text.trim_end_matches(['。', '.']);
    // Trimmed already: only a stop taken off can leave a space at the end.
    if without_stop.len() == text.len() {
        text
    } else {
        without_stop.trim_end()
    }
}

/// The answer a cell gives to a yes/no question (是否发生安全责任事故): `是`, `有`, `发生` … say
/// yes; `否`, `无`, `没有`, `未发生` … say no. `无` is also a placeholder, and read as one anywhere
/// but here, where the question's other cell is an answer too.
pub(super) fn answer(cell: &CellValue) -> Option<bool> {
    const YES: &[&str] = &["是", "有", "发生", "已发生", "有发生", "存在"];
    const NO: &[&str] = &[
        "否",
        "不是",
        "无",
        "没有",
        "未发生",
        "没有发生",
        "无发生",
        "不发生",
        "零发生",
        "不存在",
        "未出现",
        "没有出现",
        "不出现",
        "零",
        "杜绝",
    ];
    let text = match cell {
        CellValue::Text { text } | CellValue::Placeholder { text } => plain(text),
        _ => return None,
    };
    if YES.contains(&text) {
        Some(true)
    } else if NO.contains(&text) || no_incident(text) || asks_no(text) {
        Some(false)
    } else {
        happened_count(text)
    }
}

/// What a cost is held to when a target caps it by a reference, not a figure: `≤预算`,
/// `不超过预算`, `控制在预算内`, `≤批复金额`, `不高于概算`, `预算控制数`.
const CAP_REFERENCES: &[&str] = &[
    "预算",
    "概算",
    "批复",
    "计划",
    "标准",
    "合同",
    "中标",
    "定额",
    "限额",
    "指导价",
    "核定",
];

/// Whether a target caps a cost by a reference (`≤预算`, `不超过批复金额`, `控制在概算内`,
/// `预算控制数`, `在预算范围内`): no figure, a reference of [`CAP_REFERENCES`], and a word of
/// keeping under it.
pub(super) fn caps_by_reference(text: &str) -> bool {
    const UNDER: &[&str] = &[
        "≤",
        "<=",
        "不超",
        "不高于",
        "不大于",
        "低于",
        "小于",
        "控制",
        "范围内",
        "以内",
        "之内",
    ];
    let text = plain(text);
    !text.bytes().any(|b| b.is_ascii_digit())
        && CAP_REFERENCES.iter().any(|r| text.contains(r))
        && UNDER.iter().any(|w| text.contains(w))
}

/// Whether an actual says a cost stayed under its cap (`未超预算`, `在预算范围内`, `控制在预算
/// 内`, `无超支`, `未超出批复金额`, `节约`) or went over it (`超支`, `超出预算`, `突破概算`); `None`
/// when it says neither.
pub(super) fn stays_within(text: &str) -> Option<bool> {
    const WITHIN: &[&str] = &[
        "未超",
        "不超",
        "没有超",
        "没超",
        "未突破",
        "没有突破",
        "不突破",
        "无超支",
        "零超支",
        "范围内",
        "以内",
        "之内",
        "控制在",
        "≤",
        "节约",
        "结余",
        "节余",
    ];
    const OVER: &[&str] = &["超支", "超出", "超过", "突破", "超预算", "超概算"];
    let text = plain(text);
    if text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if WITHIN.iter().any(|w| text.contains(w))
        || text.ends_with('内') && CAP_REFERENCES.iter().any(|r| text.contains(r))
    {
        Some(true)
    } else if OVER.iter().any(|w| text.contains(w)) {
        Some(false)
    } else {
        None
    }
}

/// `发生2起`, `出现1次`, `发生0起`: whether it happened, by the count said to have happened.
fn happened_count(text: &str) -> Option<bool> {
    let rest = ["发生", "出现"].iter().find_map(|w| text.strip_prefix(w))?;
    match parse_cell(rest) {
        // A count of incidents, nothing after it: `发生1起一般事故` against `未发生重大事故`
        // says what kind happened, which the count alone does not answer.
        CellValue::Quantity {
            comparator: None,
            number,
            unit: Some(unit),
        } if !number.is_sign_negative() && ["起", "次", "件", "例", "宗"].contains(&&*unit) => {
            Some(!number.is_zero())
        }
        _ => None,
    }
}

/// The question itself as the target (`是否发生安全事故`, `是否存在违规`, `是否出现重大质量问题`):
/// whether an incident happened, whose wanted answer is no. Not a question whose answer is
/// yes (`是否按时完成`, `是否按规定公示`).
fn asks_no(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("是否") else {
        return false;
    };
    let Some(what) = ["发生", "存在", "出现", "有"]
        .iter()
        .find_map(|v| rest.strip_prefix(v))
    else {
        return false;
    };
    what.is_empty() || incident(what) || what.ends_with("问题") || what.ends_with("情况")
}

/// `零事故`, `无安全事故`, `未发生重大责任事故`, `杜绝违规行为`, `零投诉`: no incident of a kind, the
/// answer no. Only incidents count (not `无障碍设施`, `无害化处理`, `零距离服务`).
fn no_incident(text: &str) -> bool {
    const NONE: &[&str] = &[
        "零",
        "无",
        "未发生",
        "没有",
        "没有发生",
        "不发生",
        "杜绝",
        "未出现",
        "不造成",
        "未造成",
        "没有造成",
    ];
    // Over what time, before it (`全年未发生安全责任事故`): said of the whole period anyway.
    const OVER: &[&str] = &[
        "全年",
        "本年度",
        "本年",
        "年度内",
        "年内",
        "当年",
        "项目实施期间",
        "项目实施过程中",
        "实施期间",
        "实施过程中",
    ];
    let text = OVER
        .iter()
        .find_map(|w| text.strip_prefix(w))
        .unwrap_or(text);
    // The words first: they rule out most cells without counting characters.
    NONE.iter().any(|n| text.starts_with(n)) && incident(text) && text.chars().count() <= 14
}

/// Whether words end in a kind of incident (`安全事故`, `违规违纪`, `群众投诉`).
pub(super) fn incident(text: &str) -> bool {
    const INCIDENTS: &[&str] = &[
        "事故", "投诉", "差错", "事件", "违规", "违纪", "违法", "行为", "纠纷", "上访", "信访",
        "伤亡", "泄密", "失误", "案件", "火灾", "隐患", "舆情", "挪用", "挤占", "截留", "套取",
        "浪费", "损失", "污染",
    ];
    INCIDENTS.iter().any(|i| text.ends_with(i))
}

/// A count as the answer to whether something happened, against a cell that answers no (`0`
/// or `0起` → no; `2起` → yes, it happened): a number of zero or more with no comparator but
/// `=` or `≤`.
pub(super) fn count_answer(cell: &CellValue) -> Option<bool> {
    match cell {
        CellValue::Quantity {
            comparator: None | Some(Comparator::Eq | Comparator::Le),
            number,
            ..
        } if !number.is_sign_negative() => Some(!number.is_zero()),
        _ => None,
    }
}

/// The answer a yes/no indicator wants and the one its actual gives; `cap` when the question
/// is whether a cost stayed within a cap named by a reference (`≤预算` → `未超预算`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Answers {
    pub(super) wanted: bool,
    pub(super) given: bool,
    pub(super) cap: bool,
}

/// A yes/no indicator (是否…): the actual giving the target's answer is the first tier
/// (achieved), the opposite answer the last (`是` against `否`: it happened).
pub(super) fn answered(
    s: &mut Scorer,
    row: &IndicatorRow,
    Answers { wanted, given, cap }: Answers,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    let set = p.tiers.get(&p.scoring.qualitative)?;
    let tier = if wanted == given {
        set.tiers.first()
    } else {
        set.tiers.last()
    }?;
    trace.add(|| match (cap, given) {
        (true, true) => format!(
            "`{}` says the cost stayed within the target's cap `{}`",
            row.actual, row.target
        ),
        (true, false) => format!(
            "`{}` says the cost went over the target's cap `{}`",
            row.actual, row.target
        ),
        (false, _) => format!(
            "`{}` {} the target's answer `{}`",
            row.actual,
            if wanted == given {
                "gives"
            } else {
                "is the opposite of"
            },
            row.target
        ),
    });
    in_tier(s, row, set, tier, &row.actual, weight, trace)
}

/// The score of a qualitative row once its tier is known: the reported score when it lies in
/// the tier, else the nearest end of the tier (A0503), else the tier's default.
pub(super) fn in_tier(
    s: &mut Scorer,
    row: &IndicatorRow,
    set: &TierSet,
    tier: &Tier,
    actual: &str,
    weight: Decimal,
    trace: &mut Trace,
) -> Option<Decimal> {
    let p = s.policy;
    s.reach(|| format!("tier {}/{}", set.name, tier.name));
    let achieved = set.tiers.first().is_some_and(|t| t.name == tier.name);
    if !achieved && p.deviation.reason_when_missed && !reason_given(&row.reason) {
        s.find(
            "reason-missing-for-miss",
            Some(row.line),
            Some(&row.name),
            format!(
                "`{}` is tier `{}`, not achieved, and no reason is given",
                actual, tier.name
            ),
        );
    }
    let (low, high) = (
        tier.low.saturating_mul(weight),
        tier.high.saturating_mul(weight),
    );
    let score =
        match row.reported_score {
            Some(r) if r >= low && r <= high => {
                trace.add(|| {
                    format!(
                        "`{actual}` is tier `{}` [{}, {}]; the reported {} lies inside and is kept",
                        tier.name,
                        fmt(low),
                        fmt(high),
                        fmt(r)
                    )
                });
                r
            }
            Some(r) => {
                let clamped = within(r, low, high);
                s.find(
                    "tier-score-clamped",
                    Some(row.line),
                    Some(&row.name),
                    format!(
                        "the reported {r} lies outside tier `{}` [{}, {}]; taken as {}",
                        tier.name,
                        fmt(low),
                        fmt(high),
                        fmt(clamped)
                    ),
                );
                trace.add(|| {
                    format!(
                        "`{actual}` is tier `{}`; reported {} clamped to {}",
                        tier.name,
                        fmt(r),
                        fmt(clamped)
                    )
                });
                clamped
            }
            None => {
                let v = tier.default.saturating_mul(weight);
                trace.add(|| format!(
                "`{actual}` is tier `{}`; no reported score, the tier's default {}% gives {}",
                tier.name,
                fmt(tier.default.saturating_mul(HUNDRED)),
                fmt(v)
            ));
                v
            }
        };
    Some(score)
}

/// The tier word a sentence holds and why it does not count there (`None`: no word at all).
type UndoneWord<'s> = Option<(&'s str, Undone)>;

/// The tier of a sentence by the first tier word in it, the longer at the same place, so a
/// qualifier decides (`部分达成预期指标…` is 部分达成, `尚未完成` holds `未完成` before `完成`). When
/// that first word is undone by its clause (`未按计划完成`, `延期完成`: [`undone`]), the sentence
/// is in no tier, and the word and why are returned; a later word does not save it
/// (`未能圆满完成，已完成主体工程` is not 完成). A first-tier word right after "basically"
/// (`基本达标`) is in the tier of the policy's "basically" words, and the qualifier is returned.
fn tier_in_sentence<'s>(
    set: &'s TierSet,
    actual: &str,
) -> Result<(&'s Tier, &'s str, Option<&'static str>), UndoneWord<'s>> {
    let (tier, word, at) = set
        .tiers
        .iter()
        .flat_map(|t| t.words.iter().map(move |w| (t, w.as_str())))
        .filter_map(|(t, w)| actual.find(w).map(|at| (t, w, at)))
        .min_by_key(|(_, w, at)| (*at, std::cmp::Reverse(w.len())))
        .ok_or(None)?;
    if let Some(why) = undone(actual, at, word.len()) {
        return Err(Some((word, why)));
    }
    // `基本达标`: "basically" before a word of the first tier says the target was mostly met.
    let first = set.tiers.first().is_some_and(|t| std::ptr::eq(t, tier));
    if first && let Some(q) = basically(actual.get(..at).unwrap_or_default()) {
        return match basically_tier(set, q) {
            Some(partial) => Ok((partial, word, Some(q))),
            None => Err(Some((word, Undone::Basically(q)))),
        };
    }
    Ok((tier, word, None))
}

/// Words that may stand between "basically" and the tier word it qualifies: `基本上完成`,
/// `基本已完成`, `基本按时完成`, `基本都能达标`.
const AFTER_BASICALLY: &[&str] = &[
    "上",
    "已",
    "都",
    "均",
    "能",
    "能够",
    "按时",
    "按期",
    "如期",
    "按计划",
    "按要求",
];

/// The "basically" (`基本`, `基本上`) or "partly" (`部分`) that qualifies a tier word, when `before` (the text
/// before the word) ends with it, past the words of [`AFTER_BASICALLY`]. Only right before
/// the word: `基本` elsewhere is most often part of a noun (`基本公共卫生服务已完成`).
pub(super) fn basically(before: &str) -> Option<&'static str> {
    let mut rest = before;
    while let Some(shorter) = AFTER_BASICALLY.iter().find_map(|w| rest.strip_suffix(w)) {
        rest = shorter;
    }
    ["基本", "部分"].into_iter().find(|q| rest.ends_with(q))
}

/// The tier of the policy's own "basically" words (national-2020: `基本完成`, `基本达到` … in
/// 部分达成): where a first-tier word qualified by `基本` falls; likewise for `部分` (`部分完成`).
/// `None` when the policy lists no such word.
fn basically_tier<'s>(set: &'s TierSet, qualifier: &str) -> Option<&'s Tier> {
    set.tiers
        .iter()
        .find(|t| t.words.iter().any(|w| w.starts_with(qualifier)))
}
