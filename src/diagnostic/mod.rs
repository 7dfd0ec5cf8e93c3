//! Diagnostics: what was found, where, and how to fix it. Checks build [`Diagnostic`]s from
//! [`Problem`] values; this module turns them into text (miette) or JSON.

pub mod codes;
pub mod en;
pub mod problem;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

pub use problem::{CurveFlaw, Kind, Note, Problem};

use crate::syntax::ast::{Severity, Span};

/// A named source text: a policy file or a table.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(SourceFile {
            name: name.into(),
            text: text.into(),
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// One problem, located.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub problem: Problem,
    pub severity: Severity,
    pub file: Option<Arc<SourceFile>>,
    pub span: Option<Span>,
    /// Further labelled places in the same file.
    pub notes: Vec<(Span, Note)>,
}

impl Diagnostic {
    /// A diagnostic at its code's registered severity.
    pub fn new(problem: Problem, file: &Arc<SourceFile>, span: Span) -> Self {
        let severity = codes::lookup(problem.code()).map_or(Severity::Error, |c| c.severity);
        Diagnostic {
            problem,
            severity,
            file: Some(file.clone()),
            span: Some(span),
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, span: Span, note: Note) -> Self {
        self.notes.push((span, note));
        self
    }

    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    pub fn text(&self) -> en::Text {
        en::text(&self.problem)
    }

    fn sort_key(&self) -> (String, usize, &'static str) {
        (
            self.file
                .as_ref()
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            self.span.map_or(0, |s| s.start),
            self.code(),
        )
    }
}

/// Puts diagnostics in a stable order: by file, position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.sort_key());
}

/// The JSON form of a diagnostic (`--format json`).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub labels: Vec<JsonLabel>,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn to_json(&self) -> JsonDiagnostic {
        let text = self.text();
        let locate = |offset: usize| self.file.as_ref().map(|f| f.line_column(offset));
        let start = self.span.and_then(|s| locate(s.start));
        let end = self.span.and_then(|s| locate(s.end));
        let mut labels = Vec::new();
        if let (Some((line, column)), Some(_)) = (start, self.span) {
            labels.push(JsonLabel {
                message: text.label.clone(),
                line,
                column,
            });
        }
        for (span, note) in &self.notes {
            if let Some((line, column)) = locate(span.start) {
                labels.push(JsonLabel {
                    message: en::note(note),
                    line,
                    column,
                });
            }
        }
        JsonDiagnostic {
            code: self.code(),
            name: codes::lookup(self.code()).map_or("", |c| c.name),
            severity: self.severity,
            message: text.message,
            help: text.help,
            file: self.file.as_ref().map(|f| f.name.clone()),
            line: start.map(|p| p.0),
            column: start.map(|p| p.1),
            end_line: end.map(|p| p.0),
            end_column: end.map(|p| p.1),
            labels,
        }
    }

    /// Renders for a terminal, without colour, at a fixed width.
    pub fn render_human(&self, width: usize) -> String {
        let view = MietteView::new(self);
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_width(width)
                .with_links(false);
        let mut out = String::new();
        if handler.render_report(&mut out, &view).is_err() {
            out = format!("{}: {}\n", self.code(), view.text.message);
        }
        out
    }
}

/// Adapts a [`Diagnostic`] to miette's trait for rendering.
struct MietteView<'a> {
    diagnostic: &'a Diagnostic,
    text: en::Text,
    source: Option<CharColumns>,
}

impl<'a> MietteView<'a> {
    fn new(diagnostic: &'a Diagnostic) -> Self {
        MietteView {
            diagnostic,
            text: diagnostic.text(),
            source: diagnostic.file.as_ref().map(|f| CharColumns {
                name: f.name.clone(),
                text: f.text.clone(),
            }),
        }
    }
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text.message)
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text.message)
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Off => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.text
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.diagnostic.span?;
        let mut labels = vec![miette::LabeledSpan::new_primary_with_span(
            Some(self.text.label.clone()),
            (span.start, span.end.saturating_sub(span.start)),
        )];
        for (span, note) in &self.diagnostic.notes {
            labels.push(miette::LabeledSpan::new_with_span(
                Some(en::note(note)),
                (span.start, span.end.saturating_sub(span.start)),
            ));
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// The source as miette reads it, with columns counted in characters as editors count them
/// (miette counts bytes, so a column after Chinese text would disagree with the JSON output).
struct CharColumns {
    name: String,
    text: String,
}

impl miette::SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        let start = inner.span().offset();
        let line_start = self
            .text
            .get(..start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..start)
            .map_or(0, |s| s.chars().count());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}
