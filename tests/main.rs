// Tests may stop at the first surprise: unwrap, expect and panic are how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! The integration tests of jixiao, as one test binary (Cargo builds one binary per top-level
//! file in `tests/`, so everything lives in `tests/driver/` and is included from here).
//!
//! See `tests/README.md` for how to add a fixture and review snapshots.

mod driver;
