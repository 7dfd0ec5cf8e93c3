//! Compiled policy + project data → scores, traces and findings.

pub mod coverage;
pub mod curve;
pub mod findings;
pub mod score;

pub use score::{Detail, TableResult, score, score_with};
