//! Test modules; `support` holds the shared helpers.

mod batch;
mod cells;
mod coverage;
mod extremes;
mod fixtures;
mod fuzz;
mod json;
mod policies;
mod policytest;
mod reports;
mod rules;
mod score;
mod support;
mod workbook;
