//! The canonical project format: the [`Table`] structure in JSON, JSON Lines or TOML, as
//! written by `jixiao import` and read by `jixiao score`. Decimals are strings, so nothing is
//! lost to binary floating point; unknown keys are rejected.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::{Table, Unreadable};

/// A TOML document holds its tables under `[[table]]`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlDocument {
    #[serde(default)]
    table: Vec<Table>,
}

fn unreadable(source: &str, line: usize, message: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        source: source.to_string(),
        line,
        message: message.to_string(),
    }
}

/// Tables from a JSON document: one table object, or an array of them.
pub fn read_json(text: &str, source: &str) -> Vec<Result<Table, Unreadable>> {
    // Parsed as a value first, so a bad table is reported with its own error.
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(unreadable(
                source,
                e.line(),
                format!("not valid JSON: {e}"),
            ))];
        }
    };
    let tables = match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value::<Table>(item)
                    .map_err(|e| unreadable(source, 1, format!("table {}: {e}", i + 1)))
            })
            .collect(),
        other => vec![serde_json::from_value::<Table>(other).map_err(|e| unreadable(source, 1, e))],
    };
    tables
        .into_iter()
        .map(|t| t.map(|t| with_source(t, source)))
        .collect()
}

/// Tables from a TOML document (`[[table]]` entries).
pub fn read_toml(text: &str, source: &str) -> Vec<Result<Table, Unreadable>> {
    match toml::from_str::<TomlDocument>(text) {
        Ok(doc) => doc
            .table
            .into_iter()
            .map(|t| Ok(with_source(t, source)))
            .collect(),
        Err(e) => {
            let line = e.span().map_or(1, |s| {
                text.get(..s.start)
                    .map_or(1, |p| p.matches('\n').count() + 1)
            });
            vec![Err(unreadable(
                source,
                line,
                format!("not a valid project file: {}", e.message()),
            ))]
        }
    }
}

/// Tables from JSON Lines, one per line, read as they come.
pub struct JsonLines<R: BufRead> {
    reader: R,
    source: String,
    line: usize,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(reader: R, source: impl Into<String>) -> Self {
        JsonLines {
            reader,
            source: source.into(),
            line: 0,
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Table, Unreadable>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut text = String::new();
            match self.reader.read_line(&mut text) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.line += 1;
                    return Some(Err(unreadable(
                        &self.source,
                        self.line,
                        format!("cannot be read: {e}"),
                    )));
                }
            }
            self.line += 1;
            let trimmed = text.trim_start_matches('\u{feff}').trim();
            if trimmed.is_empty() {
                continue;
            }
            return Some(
                serde_json::from_str::<Table>(trimmed)
                    .map(|t| with_source(t, &self.source))
                    .map_err(|e| unreadable(&self.source, self.line, format!("not a table: {e}"))),
            );
        }
    }
}

/// A table read from a canonical file keeps where it came from, unless it says so itself.
fn with_source(mut table: Table, source: &str) -> Table {
    if table.source.is_empty() {
        table.source = source.to_string();
    }
    table
}

pub fn write_json(out: &mut dyn Write, tables: &[Table]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, tables).map_err(std::io::Error::other)?;
    writeln!(out)
}

pub fn write_jsonl(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, table).map_err(std::io::Error::other)?;
    writeln!(out)
}

pub fn write_toml(out: &mut dyn Write, tables: &[Table]) -> std::io::Result<()> {
    let doc = TomlDocument {
        table: tables.to_vec(),
    };
    let text = toml::to_string_pretty(&doc).map_err(std::io::Error::other)?;
    out.write_all(text.as_bytes())
}

/// The JSON Schema of the canonical format (an array of tables).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Vec<Table>)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::seed::Tables;

    fn seed() -> Vec<Table> {
        let text = include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        Tables::new(text.as_bytes(), "seed.tsv")
            .filter_map(Result::ok)
            .collect()
    }

    #[test]
    fn json_toml_and_jsonl_round_trip_without_loss() {
        let tables = seed();
        assert_eq!(tables.len(), 2);
        let mut json = Vec::new();
        write_json(&mut json, &tables).unwrap();
        let back: Vec<Table> = read_json(std::str::from_utf8(&json).unwrap(), "x.json")
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(back, tables);
        let mut toml_text = Vec::new();
        write_toml(&mut toml_text, &tables).unwrap();
        let back: Vec<Table> = read_toml(std::str::from_utf8(&toml_text).unwrap(), "x.toml")
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(back, tables);
        let mut lines = Vec::new();
        for t in &tables {
            write_jsonl(&mut lines, t).unwrap();
        }
        let back: Vec<Table> = JsonLines::new(lines.as_slice(), "x.jsonl")
            .map(Result::unwrap)
            .collect();
        assert_eq!(back, tables);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// import → export → import is lossless for any generated batch, in all three formats.
        #[test]
        fn round_trips_are_lossless(seed in 0u64..u64::MAX, count in 1u64..6) {
            let text = crate::table::generate::tables(seed, count);
            let tables: Vec<Table> = Tables::new(text.as_bytes(), "gen.tsv").filter_map(Result::ok).collect();
            proptest::prop_assert_eq!(tables.len() as u64, count);
            let mut json = Vec::new();
            write_json(&mut json, &tables).unwrap();
            let back: Vec<Table> = read_json(std::str::from_utf8(&json).unwrap(), "x").into_iter().map(Result::unwrap).collect();
            proptest::prop_assert_eq!(&back, &tables);
            let mut toml_text = Vec::new();
            write_toml(&mut toml_text, &tables).unwrap();
            let back: Vec<Table> = read_toml(std::str::from_utf8(&toml_text).unwrap(), "x").into_iter().map(Result::unwrap).collect();
            proptest::prop_assert_eq!(&back, &tables);
            let mut lines = Vec::new();
            for t in &tables {
                write_jsonl(&mut lines, t).unwrap();
            }
            let back: Vec<Table> = JsonLines::new(lines.as_slice(), "x").map(Result::unwrap).collect();
            proptest::prop_assert_eq!(&back, &tables);
        }
    }

    #[test]
    fn the_published_schema_is_the_one_the_code_reads() {
        let published: serde_json::Value =
            serde_json::from_str(include_str!("../../docs/project.schema.json")).unwrap();
        assert_eq!(
            published,
            json_schema(),
            "regenerate with `jixiao import --schema > docs/project.schema.json`"
        );
    }

    #[test]
    fn unknown_keys_and_bad_lines_are_reported_with_their_line() {
        let bad = "{\"name\": \"x\"}\n{\"nmae\": \"typo\"}\nnot json\n";
        let results: Vec<_> = JsonLines::new(bad.as_bytes(), "b.jsonl").collect();
        assert!(results[0].is_ok());
        assert_eq!(results[1].as_ref().unwrap_err().line, 2);
        assert!(results[1].as_ref().unwrap_err().message.contains("nmae"));
        assert_eq!(results[2].as_ref().unwrap_err().line, 3);
    }
}
