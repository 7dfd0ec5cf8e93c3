//! Source text → AST. The only module that knows about pest: the grammar's parse tree is
//! lowered here into [`ast`] nodes, each with its span, and pest's errors into plain words.

pub mod ast;
pub mod cell;
mod errors;
mod lower;

use std::sync::Arc;

use pest::Parser as _;

use crate::diagnostic::{Diagnostic, SourceFile};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/policy.pest"]
pub(crate) struct Grammar;

/// Most syntax errors reported for one file; after that, the rest is not worth reading.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Parses a whole `.jx` file. Returns the items that could be read and every problem found:
/// after a syntax error, parsing resumes at the next line that starts a top-level item, so
/// one run reports every broken item.
pub fn parse(file: &Arc<SourceFile>) -> (ast::File, Vec<Diagnostic>) {
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    let text = file.text.as_str();
    let mut offset = 0;
    loop {
        let rest = text.get(offset..).unwrap_or("");
        match Grammar::parse(Rule::file, rest) {
            Ok(mut pairs) => {
                if let Some(pair) = pairs.next() {
                    let mut lowering = lower::Lowering::new(file, offset);
                    items.extend(lowering.file(pair));
                    diagnostics.extend(lowering.diagnostics);
                }
                break;
            }
            Err(error) => {
                let (diagnostic, at) = errors::syntax_error(file, offset, &error);
                diagnostics.push(diagnostic);
                if diagnostics.len() >= MAX_SYNTAX_ERRORS {
                    if let Some(last) = diagnostics.last().and_then(|d| d.span) {
                        diagnostics.push(Diagnostic::new(
                            crate::diagnostic::Problem::SyntaxLimit {
                                shown: MAX_SYNTAX_ERRORS,
                            },
                            file,
                            last,
                        ));
                    }
                    break;
                }
                // Keep what parsed before the error, then resume at the next item.
                let Some(resume) = errors::next_item_start(text, at) else {
                    break;
                };
                if let Some(prefix_end) = errors::last_item_start_before(text, offset, at)
                    && prefix_end > offset
                    && let Some(slice) = text.get(offset..prefix_end)
                    && let Ok(mut pairs) = Grammar::parse(Rule::file, slice)
                    && let Some(pair) = pairs.next()
                {
                    let mut lowering = lower::Lowering::new(file, offset);
                    items.extend(lowering.file(pair));
                    diagnostics.extend(lowering.diagnostics);
                }
                offset = resume;
            }
        }
    }
    (ast::File { items }, diagnostics)
}
