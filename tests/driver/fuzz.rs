//! Property tests: the parser and the checker never panic, whatever the text, and every
//! diagnostic they produce can be rendered (human and JSON) with a span inside the text.

use std::cell::RefCell;
use std::sync::Arc;

use jixiao::check::{self, Workspace};
use jixiao::diagnostic::{Diagnostic, SourceFile};
use proptest::prelude::*;
use proptest::sample::Index;

const NATIONAL: &str = include_str!("../../rules/national-2020.jx");

/// Pieces of the language, to make random text reach past the first token.
const TOKENS: &[&str] = &[
    "policy ",
    "extends ",
    "national-2020",
    "override ",
    "remove ",
    "units",
    "curve ",
    "tiers ",
    "grades",
    "scoring",
    "budget",
    "weights",
    "rounding",
    "checks",
    "project ",
    "indicator ",
    "weight ",
    "year ",
    "taxonomy ",
    "labels",
    "over-achievement",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "［",
    "）",
    "->",
    "→",
    "=",
    "≥",
    "≤",
    "<=",
    "%",
    "‰",
    ",",
    "、",
    ":",
    "..",
    "～",
    "\"",
    "“",
    "”",
    "#",
    "\n",
    "\r\n",
    " ",
    "\t",
    "\u{3000}",
    "\u{feff}",
    "\0",
    "0",
    "100",
    "-1",
    "0.5",
    "99999999999999999999999999999999",
    "产出指标",
    "数量指标",
    "按比例",
    "三档",
    "万件",
    "件",
    "元/人",
    "linear on ratio ",
    "steps on actual ",
    "deduct 1 per 0 below 100% ",
    "otherwise",
    "proportional",
    "all-or-nothing",
    "cap 100%",
    "floor 0",
    "default 60%",
    "达成",
    "优 [90, 100]",
    "/",
    "*",
    "|deviation|",
    "error",
    "warning",
    "测试",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(TOKENS).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Text made of language pieces and arbitrary characters.
fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, String),
    Delete(Index, usize),
    Replace(Index, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), piece()).prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), piece()).prop_map(|(i, s)| Edit::Replace(i, s)),
    ]
}

/// Applies edits at character positions, so the result is always valid UTF-8.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match e {
            Edit::Insert(i, s) => {
                let at = i.index(chars.len() + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::Delete(i, n) if !chars.is_empty() => {
                let at = i.index(chars.len());
                let end = (at + n).min(chars.len());
                chars.drain(at..end);
            }
            Edit::Replace(i, s) if !chars.is_empty() => {
                let at = i.index(chars.len());
                chars.splice(at..at + 1, s.chars());
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn assert_renderable(d: &Diagnostic) {
    if let (Some(span), Some(file)) = (d.span, &d.file) {
        let text = &file.text;
        assert!(
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end),
            "{} in {}: span {}..{} is not a range of the text ({} bytes)",
            d.code(),
            file.name,
            span.start,
            span.end,
            text.len()
        );
        for (note, _) in &d.notes {
            assert!(
                note.end <= text.len()
                    && text.is_char_boundary(note.start)
                    && text.is_char_boundary(note.end),
                "{}: note span outside the text",
                d.code()
            );
        }
    }
    let _ = d.render_human(100);
    serde_json::to_string(&d.to_json()).expect("serialise a diagnostic");
}

thread_local! {
    /// The built-in policies, parsed once per thread; each case adds its file and removes it.
    static BUILTINS: RefCell<Workspace> = RefCell::new(Workspace::with_builtins());
}

/// Adds files beside the built-in policies, checks the ones `add` returns, renders every
/// diagnostic, and removes the files again.
fn check_files(add: impl FnOnce(&mut Workspace) -> Vec<usize>) {
    BUILTINS.with(|ws| {
        let mut ws = ws.borrow_mut();
        let builtins = ws.files.len();
        let indices = add(&mut ws);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check::check(&ws, &indices)
                .diagnostics
                .iter()
                .for_each(assert_renderable);
        }));
        ws.files.truncate(builtins);
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    });
}

/// Parses `text` on its own, then checks it as a file beside the built-in policies.
fn parse_and_check(text: &str) {
    let source: Arc<SourceFile> = SourceFile::new("fuzz.jx", text);
    let (_ast, diagnostics) = jixiao::syntax::parse(&source);
    diagnostics.iter().for_each(assert_renderable);
    check_files(|ws| vec![ws.add_text("fuzz.jx", text.to_string())]);
}

/// A policy extending the (mutated) national one, so that merging with a broken parent runs.
const CHILD: &str = "policy 子 extends national-2020 {\n  years 2023..\n}\n\noverride weights {\n  产出指标 40\n  效益指标 40\n}\n\ncurve 全额 = all-or-nothing\n\nscoring {\n  rule 设备 when unit 台 use 全额\n}\n\noverride over-achievement {\n  reason-above 20%\n}\n";

/// The number of cases: `default`, or `PROPTEST_CASES` when set (for a longer run, e.g.
/// `PROPTEST_CASES=5000 cargo test --release --test main fuzz`).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(128), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        parse_and_check(&text);
    }

    #[test]
    fn token_soup_never_panics(text in token_soup()) {
        parse_and_check(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_files(|ws| vec![ws.add_bytes("fuzz.jx", bytes)]);
    }
}

proptest! {
    // Each case parses and compiles a whole policy (about 30 ms in a debug build).
    #![proptest_config(ProptestConfig { cases: cases(96), ..ProptestConfig::default() })]

    #[test]
    fn mutated_national_policy_never_panics(edits in prop::collection::vec(edit(), 1..12)) {
        let text = mutate(NATIONAL, &edits);
        let source = SourceFile::new("national-2020.jx", text.as_str());
        jixiao::syntax::parse(&source).1.iter().for_each(assert_renderable);
        // The mutant replaces the built-in national-2020 (a user's file wins over a built-in
        // one of the same name) and is checked on its own and as the parent of a child.
        check_files(|ws| {
            let parent = ws.add_text("national-2020.jx", text.clone());
            let child = ws.add_text("child.jx", CHILD.to_string());
            vec![parent, child]
        });
    }
}

#[test]
fn unmutated_national_policy_and_child_check_clean() {
    let mut ws = Workspace::with_builtins();
    let parent = ws.add_text("national-2020.jx", mutate(NATIONAL, &[]));
    let child = ws.add_text("child.jx", CHILD.to_string());
    let outcome = check::check(&ws, &[parent, child]);
    let codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(outcome.policies.len(), 2);
}
