//! AST → compiled [`Policy`] + diagnostics. Never scores: it proves a policy can be applied.
//!
//! A policy is compiled together with its parents: the chain is resolved (`extends`), the layers
//! are merged with the override rules ([`merge`]), and the merged definitions are compiled and
//! checked family by family (units, weights, bands, curves). Every problem is collected; none
//! stops the others from being found.

mod bands;
mod compile;
mod curves;
mod merge;
mod names;
mod targets;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Kind, Problem, SourceFile};
use crate::policy::Policy;
use crate::syntax::{self, ast};

/// Policies built into the binary, by name.
pub const BUILTIN: &[(&str, &str, &str)] = &[(
    "national-2020",
    "rules/national-2020.jx",
    include_str!("../../rules/national-2020.jx"),
)];

/// The name of the default policy.
pub const DEFAULT_POLICY: &str = "national-2020";

/// A parsed file.
#[derive(Debug)]
pub struct Parsed {
    pub source: Arc<SourceFile>,
    pub ast: ast::File,
    pub diagnostics: Vec<Diagnostic>,
    pub builtin: bool,
}

impl Parsed {
    pub fn new(source: Arc<SourceFile>, builtin: bool) -> Self {
        let (ast, diagnostics) = syntax::parse(&source);
        Parsed {
            source,
            ast,
            diagnostics,
            builtin,
        }
    }

    pub fn headers(&self) -> impl Iterator<Item = (&ast::Item, &ast::PolicyHeader)> {
        self.ast.items.iter().filter_map(|i| match &i.kind {
            ast::ItemKind::Policy(h) => Some((i, h)),
            _ => None,
        })
    }

    pub fn header(&self) -> Option<&ast::PolicyHeader> {
        self.headers().next().map(|(_, h)| h)
    }

    pub fn is_targets_file(&self) -> bool {
        self.header().is_none()
            && self
                .ast
                .items
                .iter()
                .any(|i| matches!(i.kind, ast::ItemKind::Project(_)))
    }
}

/// Every file in play: the ones asked about, the ones beside them, and the built-ins.
#[derive(Debug, Default)]
pub struct Workspace {
    pub files: Vec<Parsed>,
}

impl Workspace {
    /// A workspace holding the built-in policies.
    pub fn with_builtins() -> Self {
        let mut ws = Workspace::default();
        for (_, path, text) in BUILTIN {
            ws.files
                .push(Parsed::new(SourceFile::new(*path, *text), true));
        }
        ws
    }

    /// Adds a file read from disk; a file that is not UTF-8 is added with its diagnostic.
    pub fn add_path(&mut self, path: &Path) -> std::io::Result<usize> {
        let bytes = std::fs::read(path)?;
        Ok(self.add_bytes(&path.display().to_string(), bytes))
    }

    pub fn add_bytes(&mut self, name: &str, bytes: Vec<u8>) -> usize {
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        match String::from_utf8(bytes) {
            Ok(text) => self.add_text(name, text),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let source = SourceFile::new(name, text);
                let at = valid.min(source.text.len());
                let diagnostic = Diagnostic::new(
                    Problem::InvalidUtf8 {
                        valid_up_to: valid,
                        utf16,
                    },
                    &source,
                    ast::Span::new(at, at),
                );
                self.files.push(Parsed {
                    source,
                    ast: ast::File::default(),
                    diagnostics: vec![diagnostic],
                    builtin: false,
                });
                self.files.len() - 1
            }
        }
    }

    pub fn add_text(&mut self, name: &str, text: String) -> usize {
        // A file given on the command line replaces the built-in copy of the same policy.
        self.files
            .push(Parsed::new(SourceFile::new(name, text), false));
        self.files.len() - 1
    }

    /// The file defining policy `name`: a file of the user's before a built-in one.
    pub fn find_policy(&self, name: &str) -> Option<usize> {
        let matching = |builtin: bool| {
            self.files.iter().position(|f| {
                f.builtin == builtin && f.header().is_some_and(|h| h.name.value == name)
            })
        };
        matching(false).or_else(|| matching(true))
    }

    pub fn policy_names(&self) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|f| f.header().map(|h| h.name.value.clone()))
            .collect()
    }
}

/// The result of checking: compiled policies (one per policy file that compiled) and every
/// diagnostic, deduplicated and in a stable order.
#[derive(Debug, Default)]
pub struct Outcome {
    pub policies: Vec<Policy>,
    pub diagnostics: Vec<Diagnostic>,
    /// For `--show-overrides`: per policy, what it changes in its parent.
    pub overrides: BTreeMap<String, Vec<String>>,
}

/// Checks the files at `indices` of the workspace (policies and targets files).
pub fn check(ws: &Workspace, indices: &[usize]) -> Outcome {
    let mut out = Outcome::default();
    let mut seen = HashSet::new();
    let mut push = |out: &mut Outcome, d: Diagnostic| {
        let key = (
            d.file.as_ref().map(|f| f.name.clone()),
            d.span.map(|s| (s.start, s.end)),
            d.code(),
            format!("{:?}", d.problem),
        );
        if seen.insert(key) {
            out.diagnostics.push(d);
        }
    };
    for &index in indices {
        let Some(file) = ws.files.get(index) else {
            continue;
        };
        for d in &file.diagnostics {
            push(&mut out, d.clone());
        }
        if file.is_targets_file() {
            for d in targets::check_targets(ws, file) {
                push(&mut out, d);
            }
            continue;
        }
        let headers: Vec<_> = file.headers().collect();
        if headers.len() != 1 {
            if file.diagnostics.is_empty() || !headers.is_empty() {
                // A second header, or else the first item, or the start of the file.
                let span = headers
                    .get(1)
                    .map(|(item, _)| item.span)
                    .or_else(|| file.ast.items.first().map(|i| i.span))
                    .unwrap_or_default();
                push(
                    &mut out,
                    Diagnostic::new(
                        Problem::PolicyHeader {
                            count: headers.len(),
                        },
                        &file.source,
                        span,
                    ),
                );
            }
            continue;
        }
        let (policy, diagnostics, overrides) = compile_chain(ws, index);
        for d in diagnostics {
            push(&mut out, d);
        }
        if let Some(p) = policy {
            out.overrides.insert(p.name.clone(), overrides);
            out.policies.push(p);
        }
    }
    crate::diagnostic::sort(&mut out.diagnostics);
    out
}

/// Resolves the `extends` chain of the policy in file `index` and compiles it.
pub fn compile_chain(
    ws: &Workspace,
    index: usize,
) -> (Option<Policy>, Vec<Diagnostic>, Vec<String>) {
    let mut diagnostics = Vec::new();
    let mut chain = vec![index];
    let mut current = index;
    while let Some(file) = ws.files.get(current) {
        let Some(header) = file.header() else { break };
        let Some(parent) = &header.extends else { break };
        match ws.find_policy(&parent.value) {
            Some(p) if chain.contains(&p) => {
                let mut names: Vec<String> = chain
                    .iter()
                    .filter_map(|i| {
                        ws.files
                            .get(*i)
                            .and_then(|f| f.header())
                            .map(|h| h.name.value.clone())
                    })
                    .collect();
                names.push(parent.value.clone());
                // Reported on the policy being checked, wherever the cycle closes.
                let (source, span) = ws
                    .files
                    .get(index)
                    .and_then(|f| {
                        f.header()
                            .and_then(|h| h.extends.as_ref())
                            .map(|e| (f.source.clone(), e.span))
                    })
                    .unwrap_or_else(|| (file.source.clone(), parent.span));
                diagnostics.push(Diagnostic::new(
                    Problem::ExtendsCycle { chain: names },
                    &source,
                    span,
                ));
                return (None, diagnostics, Vec::new());
            }
            Some(p) => {
                chain.push(p);
                current = p;
            }
            None => {
                let names = ws.policy_names();
                let suggestion = names::closest(&parent.value, names.iter().map(String::as_str));
                diagnostics.push(Diagnostic::new(
                    Problem::Unknown {
                        kind: Kind::Policy,
                        name: parent.value.clone(),
                        suggestion,
                    },
                    &file.source,
                    parent.span,
                ));
                return (None, diagnostics, Vec::new());
            }
        }
    }
    chain.reverse();
    let layers: Vec<&Parsed> = chain.iter().filter_map(|i| ws.files.get(*i)).collect();
    // A parent with syntax errors cannot be trusted; its own check reports them.
    let parent_broken = layers
        .iter()
        .rev()
        .skip(1)
        .any(|l| l.diagnostics.iter().any(|d| d.code() == "E0001"));
    let merged = merge::merge(&layers, &mut diagnostics);
    let overrides = merged.changes.clone();
    // A number too large to read stands as 0; checking with it would only report knock-ons.
    let unreadable_number = layers
        .iter()
        .any(|l| l.diagnostics.iter().any(|d| d.code() == "E0003"));
    if parent_broken || unreadable_number {
        return (None, diagnostics, overrides);
    }
    let mut compiled = Vec::new();
    let policy = compile::compile(&merged, &layers, &mut compiled);
    // After a syntax error a missing part may just be the broken item: no E0902 then.
    let leaf_broken = layers
        .last()
        .is_some_and(|l| l.diagnostics.iter().any(|d| d.code() == "E0001"));
    diagnostics.extend(
        compiled
            .into_iter()
            .filter(|d| !(leaf_broken && d.code() == "E0902")),
    );
    (policy, diagnostics, overrides)
}

/// Compiles the built-in default policy.
pub fn default_policy() -> Result<Policy, Vec<Diagnostic>> {
    let ws = Workspace::with_builtins();
    let index = ws.find_policy(DEFAULT_POLICY).unwrap_or(0);
    finish(compile_chain(&ws, index))
}

/// Loads and compiles the policy in `path`, resolving parents among the `.jx` files beside it
/// and the built-ins.
pub fn load_policy(path: &Path) -> Result<Policy, Vec<Diagnostic>> {
    let mut ws = Workspace::with_builtins();
    let index = ws
        .add_path(path)
        .map_err(|e| vec![io_diagnostic(path, &e)])?;
    if let Some(dir) = path.parent().map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    }) {
        for sibling in policy_files(dir) {
            if sibling != path {
                let _ = ws.add_path(&sibling);
            }
        }
    }
    let own = ws
        .files
        .get(index)
        .map(|f| f.diagnostics.clone())
        .unwrap_or_default();
    if own.iter().any(|d| d.severity == ast::Severity::Error) {
        return Err(own);
    }
    finish(compile_chain(&ws, index))
}

/// Compiles every policy under `dir` (recursively), for choosing one per table by year and
/// jurisdiction. Built-in policies are included unless a file of the same name replaces them.
pub fn load_rules(dir: &Path) -> Result<Vec<Policy>, Vec<Diagnostic>> {
    // A folder that cannot be read is an error, not a folder of no policies: a mistyped
    // `--rules` would otherwise score every table under the built-in default alone.
    if let Err(e) = std::fs::read_dir(dir) {
        return Err(vec![io_diagnostic(dir, &e)]);
    }
    let mut ws = Workspace::with_builtins();
    let mut indices = Vec::new();
    for path in policy_files(dir) {
        match ws.add_path(&path) {
            Ok(i) => indices.push(i),
            Err(e) => return Err(vec![io_diagnostic(&path, &e)]),
        }
    }
    let outcome = check(&ws, &indices);
    let errors: Vec<Diagnostic> = outcome
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == ast::Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut policies = outcome.policies;
    if !policies.iter().any(|p| p.name == DEFAULT_POLICY) {
        policies.extend(default_policy());
    }
    Ok(policies)
}

fn finish(
    (policy, diagnostics, _): (Option<Policy>, Vec<Diagnostic>, Vec<String>),
) -> Result<Policy, Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity == ast::Severity::Error)
        .collect();
    match policy {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(errors),
    }
}

/// A file that could not be read, as a diagnostic without a span.
pub fn io_diagnostic(path: &Path, error: &std::io::Error) -> Diagnostic {
    let path = path.display().to_string();
    let source = SourceFile::new(path.clone(), String::new());
    // The usual causes in plain words; the system's own text for the rest.
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "there is no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission to read it is denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        std::io::ErrorKind::NotADirectory => "it is a file, not a folder".to_string(),
        _ => error.to_string(),
    };
    let mut d = Diagnostic::new(
        Problem::FileUnreadable { path, reason },
        &source,
        ast::Span::default(),
    );
    d.span = None;
    d
}

/// Every `.jx` file under `dir`, recursively, in a stable order.
pub fn policy_files(dir: &Path) -> Vec<PathBuf> {
    crate::files::walk(dir, |p| crate::files::has_extension(p, &["jx"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Policies copied out of a web page or a document carry no-break and ideographic spaces
    /// between words; they separate tokens like a space.
    #[test]
    fn any_unicode_space_separates_tokens() {
        let text = "policy\u{a0}空格 extends national-2020\u{3000}{\n\u{a0}\u{a0}years 2023..\n}\n\n\
                    curve\u{2003}满分 =\u{a0}all-or-nothing\n";
        let mut ws = Workspace::with_builtins();
        let index = ws.add_text("spaces.jx", text.to_string());
        let (policy, diagnostics, _) = compile_chain(&ws, index);
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.severity == crate::syntax::ast::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(policy.is_some_and(|p| p.curves.contains_key("满分")));
    }

    /// Docs are tests: every ```jx block of the language reference checks without errors.
    #[test]
    fn every_jx_example_in_the_language_reference_checks_clean() {
        let doc = include_str!("../../docs/language.md");
        let mut blocks = Vec::new();
        let mut current: Option<(usize, String)> = None;
        for (n, line) in doc.lines().enumerate() {
            match (&mut current, line.trim_start()) {
                (None, l) if l.starts_with("```jx") => current = Some((n + 1, String::new())),
                (Some(_), l) if l.starts_with("```") => blocks.extend(current.take()),
                (Some((_, text)), _) => {
                    text.push_str(line);
                    text.push('\n');
                }
                _ => {}
            }
        }
        assert!(
            blocks.len() >= 10,
            "docs/language.md has only {} jx examples",
            blocks.len()
        );
        for (line, text) in blocks {
            let mut ws = Workspace::with_builtins();
            let index = ws.add_text(&format!("docs/language.md:{line}"), text);
            let outcome = check(&ws, &[index]);
            let errors: Vec<String> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == ast::Severity::Error)
                .map(|d| d.render_human(100))
                .collect();
            assert!(
                errors.is_empty(),
                "example at docs/language.md:{line}:\n{}",
                errors.join("\n")
            );
        }
    }
}
