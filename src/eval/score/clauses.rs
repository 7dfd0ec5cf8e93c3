//! Words that undo a tier word in their clause: a negation (`未达到`) or a delay (`推迟`).

/// Why a tier word found in a sentence does not say what it says there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Undone {
    /// A negation earlier in its clause: `未`按计划`完成`, `没有`达到.
    Negated(&'static str),
    /// A delay or work still going on, earlier in its clause: `延期`完成, `正在`完成.
    Delayed(&'static str),
    /// The word closes its clause with `中`: `完成中` is under way, not done.
    UnderWay,
    /// "Basically" before a word of the first tier (`基本达标`) where the policy's tiers hold
    /// no "basically" word to say which tier that is.
    Basically(&'static str),
}

/// Characters that end a clause: a negation does not reach past them (`未发生事故，全部完成`).
/// `、` is not one: `未按时、按质完成` negates both.
pub(super) const CLAUSE_ENDS: &[char] = &[
    ',', '，', '。', ';', '；', ':', '：', '!', '！', '?', '？', '(', ')', '（', '）', '\n',
];

/// Negations. `非` and `无` are left out: `非常及时` and `无差错完成` do not negate what follows.
const NEGATIONS: &[&str] = &["不", "未", "没", "无法", "并非"];

/// Words saying a thing is late or not yet done: what follows them is not achieved as planned
/// (`次年完成`: in the year after the table's).
const DELAYS: &[&str] = &[
    "延期", "逾期", "推迟", "延迟", "滞后", "正在", "尚在", "仍在", "次年", "跨年",
];

/// Words that begin with a negation without negating what follows them: `不断完善`, `不仅按时
/// …完成`, `效果不错`, `未来…有效`, the comparators `不少于`, `不低于` …, `不折不扣完成`.
const LOOK_ALIKES: &[&str] = &[
    "不断",
    "不仅",
    "不但",
    "不光",
    "不止",
    "不错",
    "不少",
    "不同",
    "不停",
    "不懈",
    "不间断",
    "不定期",
    "不折不扣",
    "不打折扣",
    "不低于",
    "不小于",
    "不高于",
    "不超过",
    "不多于",
    "不大于",
    "未来",
];

/// Whether the tier word at bytes `at..at + len` of `text` is undone by what stands around it
/// in its clause: a negation or a delay anywhere before it (`未按计划完成`, `未能及时拨付`,
/// `延期完成`), or `中` right after it at the clause's end (`完成中`). A policy that knows what
/// such a phrase means lists it as a word (`未按时完成`, `未全部完成`), and the phrase then
/// starts before the word it holds; any other leaves the cell in no tier, never in the word's.
pub(super) fn undone(text: &str, at: usize, len: usize) -> Option<Undone> {
    let before = text.get(..at).unwrap_or_default();
    let clause = before.rsplit(CLAUSE_ENDS).next().unwrap_or(before);
    // Read the clause from its start; a look-alike may run on into the word (`不折不扣完成`).
    let mut i = at.saturating_sub(clause.len());
    while let Some(rest) = text.get(i..).filter(|_| i < at) {
        if let Some(w) = LOOK_ALIKES.iter().find(|w| rest.starts_with(**w)) {
            i = i.saturating_add(w.len());
            continue;
        }
        let fits = |w: &&str| rest.starts_with(*w) && i.saturating_add(w.len()) <= at;
        if let Some(n) = NEGATIONS.iter().copied().find(fits) {
            return Some(Undone::Negated(n));
        }
        if let Some(d) = DELAYS.iter().copied().find(fits) {
            return Some(Undone::Delayed(d));
        }
        i = i.saturating_add(rest.chars().next().map_or(1, char::len_utf8));
    }
    let after = text.get(at.saturating_add(len)..).unwrap_or_default();
    after
        .strip_prefix('中')
        .filter(|end| end.is_empty() || end.starts_with(CLAUSE_ENDS))
        .map(|_| Undone::UnderWay)
}
