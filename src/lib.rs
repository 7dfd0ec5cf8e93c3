//! jixiao: scoring policies for 项目支出绩效自评 as checked code.
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod files;
pub mod policy;
pub mod policytest;
pub mod receipt;
pub mod report;
pub mod syntax;
pub mod table;
