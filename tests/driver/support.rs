//! Shared helpers: finding fixtures, running the built `jixiao` binary in isolation, reading
//! its JSON output, and collecting snapshot failures so that one run reports all of them.

use std::collections::BTreeMap;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate root (`/work/main`).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<group>`.
pub fn fixtures_dir(group: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(group)
}

/// One case: a `.jx` file, or a folder of `.jx` files checked together.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The file or folder name without `.jx`: `E0101_unknown-unit`, `E0801_extends-cycle`.
    pub name: String,
    /// The file or folder name as on disk: `E0101_unknown-unit.jx`, `E0801_extends-cycle`.
    pub file_name: String,
    pub path: PathBuf,
    pub is_dir: bool,
}

impl Fixture {
    /// The `.jx` files of this case, each with its path relative to the folder `check` is run
    /// in (`E0101_unknown-unit.jx`, `E0801_extends-cycle/a.jx`), in a stable order.
    pub fn files(&self) -> Vec<(String, PathBuf)> {
        if !self.is_dir {
            return vec![(self.file_name.clone(), self.path.clone())];
        }
        let mut out = Vec::new();
        let mut stack = vec![self.path.clone()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("read fixture folder").flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "jx") {
                    let rel = p
                        .strip_prefix(self.path.parent().expect("fixture has a parent"))
                        .expect("inside the fixture");
                    out.push((slash_path(rel), p));
                }
            }
        }
        out.sort();
        out
    }
}

/// A relative path with `/` separators, as the snapshots show it.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every case in `tests/fixtures/<group>`: the `.jx` files and the folders, sorted by name.
pub fn fixtures(group: &str) -> Vec<Fixture> {
    let dir = fixtures_dir(group);
    let mut out = Vec::new();
    for entry in fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
    {
        let path = entry.path();
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            out.push(Fixture {
                name: file_name.clone(),
                file_name,
                path,
                is_dir: true,
            });
        } else if let Some(stem) = file_name.strip_suffix(".jx") {
            out.push(Fixture {
                name: stem.to_string(),
                file_name: file_name.clone(),
                path,
                is_dir: false,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!out.is_empty(), "no fixtures in {}", dir.display());
    out
}

fn copy_recursively(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).expect("create folder");
        for entry in fs::read_dir(from).expect("read folder").flatten() {
            copy_recursively(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

/// A folder of its own for a test, under Cargo's per-test temporary directory (created if
/// need be; what an earlier run left in it stays).
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("jixiao-tests")
        .join(name);
    fs::create_dir_all(&dir).expect("create the folder");
    dir
}

/// Copies the fixture alone into a fresh folder under Cargo's per-test temporary directory and
/// returns that folder. `jixiao check` loads every `.jx` file beside the ones it checks (they
/// may be parents), so checking a fixture in place would let its siblings change the result.
/// `purpose` keeps concurrently running tests apart.
pub fn isolate(fixture: &Fixture, purpose: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("jixiao-tests")
        .join(purpose)
        .join(&fixture.name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create isolation folder");
    copy_recursively(&fixture.path, &dir.join(&fixture.file_name));
    dir
}

/// What one run of the binary printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    /// `None` when the process was killed by a signal.
    pub code: Option<i32>,
}

impl Run {
    pub fn code_text(&self) -> String {
        self.code
            .map_or("none (killed by a signal)".to_string(), |c| c.to_string())
    }
}

/// Runs the built `jixiao` binary with `args` in `dir`, without colour, at a fixed width.
pub fn jixiao(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .output()
        .expect("run the jixiao binary");
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
    }
}

/// Runs `jixiao check --format FORMAT [extra…] FIXTURE` on an isolated copy of the fixture.
pub fn check_fixture(fixture: &Fixture, format: &str, extra: &[&str], purpose: &str) -> Run {
    let dir = isolate(fixture, purpose);
    let mut args = vec!["check", "--format", format];
    args.extend_from_slice(extra);
    args.push(&fixture.file_name);
    jixiao(&dir, &args)
}

/// The keys every diagnostic of `--format json` must have.
pub const JSON_KEYS: &[&str] = &["code", "severity", "message", "file", "line", "column"];

/// Parses `--format json` output and checks the shape of every diagnostic in it.
pub fn parse_json(context: &str, stdout: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let value: serde_json::Value = serde_json::from_str(stdout).unwrap_or_else(|e| {
        panic!("{context}: `--format json` printed invalid JSON ({e}):\n{stdout}")
    });
    let array = value
        .as_array()
        .unwrap_or_else(|| panic!("{context}: `--format json` printed no array:\n{stdout}"));
    array
        .iter()
        .map(|d| {
            let object = d
                .as_object()
                .unwrap_or_else(|| panic!("{context}: a diagnostic is not an object: {d}"));
            for key in JSON_KEYS {
                assert!(
                    object.contains_key(*key),
                    "{context}: diagnostic lacks the key `{key}`: {d}"
                );
            }
            assert!(
                object["code"].is_string(),
                "{context}: `code` is not a string: {d}"
            );
            assert!(
                object["message"].is_string(),
                "{context}: `message` is not a string: {d}"
            );
            let severity = object["severity"].as_str().unwrap_or_default();
            assert!(
                ["error", "warning", "info"].contains(&severity),
                "{context}: unexpected severity: {d}"
            );
            object.clone()
        })
        .collect()
}

/// Numbered source lines, as they appear at the head of a snapshot. Bytes that are not UTF-8
/// are shown as U+FFFD.
pub fn listing(fixture: &Fixture) -> String {
    let mut out = String::new();
    for (rel, path) in fixture.files() {
        let bytes = fs::read(&path).expect("read fixture");
        let note = if std::str::from_utf8(&bytes).is_err() {
            " (not valid UTF-8; shown with U+FFFD)"
        } else {
            ""
        };
        out.push_str(&format!("=== source: {rel}{note}\n"));
        let text = String::from_utf8_lossy(&bytes);
        for (i, line) in text.lines().enumerate() {
            out.push_str(&format!("{:>4} | {line}\n", i + 1));
        }
    }
    out
}

/// Runs `f` for every item, catching panics (failed snapshot assertions among them), and fails
/// once at the end naming every item that failed: one run writes every pending snapshot.
pub fn for_each_collecting<T>(items: &[T], name: impl Fn(&T) -> String, f: impl Fn(&T)) {
    let mut failed = BTreeMap::new();
    for item in items {
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| f(item))) {
            let message = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(panic without a message)".into());
            failed.insert(name(item), message);
        }
    }
    if !failed.is_empty() {
        let list: Vec<String> = failed
            .iter()
            .map(|(n, m)| format!("  {n}: {}", m.lines().next().unwrap_or("")))
            .collect();
        panic!("{} case(s) failed:\n{}", failed.len(), list.join("\n"));
    }
}

/// insta settings for one snapshot: stored in `tests/snapshots/<dir>/<name>.snap`.
pub fn snapshot_settings(dir: &str, input: Option<&Path>, description: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(format!("../snapshots/{dir}"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(description);
    if let Some(input) = input {
        settings.set_input_file(input);
    }
    settings
}

/// Replaces every `sha256:` digest with `sha256:[hash]`: policy and input hashes change with
/// every edit of a policy or fixture and would make every snapshot churn.
pub fn redact_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("sha256:") {
        let (before, after) = rest.split_at(at + "sha256:".len());
        out.push_str(before);
        let hex = after.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        out.push_str("[hash]");
        rest = &after[hex..];
    }
    out.push_str(rest);
    out
}

/// The seed file's text (two real tables, tab-separated).
pub fn seed_text() -> String {
    fs::read_to_string(manifest_dir().join("samples/shanghai-2023-hotline.tsv"))
        .expect("read the seed")
}

/// The seed split at its second title row: the first table, and the second.
pub fn seed_tables() -> (String, String) {
    let seed = seed_text();
    let second = seed
        .match_indices("财政项目支出绩效自评表")
        .nth(1)
        .map_or(seed.len(), |(i, _)| i);
    (seed[..second].to_string(), seed[second..].to_string())
}
