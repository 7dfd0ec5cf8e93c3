//! The registry of stable codes. A code is never renumbered or reused; each has a page in
//! `docs/diagnostics/` that `jixiao explain CODE` prints.

use crate::syntax::ast::Severity;

/// One registered code.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: &'static str,
    /// Short kebab-case name, usable in a policy's `checks` block.
    pub name: &'static str,
    pub severity: Severity,
    /// The page in `docs/diagnostics/`, compiled in.
    pub page: &'static str,
}

macro_rules! registry {
    ($($code:literal $name:literal $sev:ident;)*) => {
        /// Every code jixiao can report, in code order.
        pub const CODES: &[CodeInfo] = &[
            $(CodeInfo {
                code: $code,
                name: $name,
                severity: Severity::$sev,
                page: include_str!(concat!("../../docs/diagnostics/", $code, ".md")),
            },)*
        ];
    };
}

registry! {
    "E0001" "syntax-error" Error;
    "E0002" "invalid-utf8" Error;
    "E0003" "number-too-large" Error;
    "E0004" "file-unreadable" Error;
    "E0101" "unknown-unit" Error;
    "E0102" "unknown-curve" Error;
    "E0103" "unknown-level" Error;
    "E0104" "unknown-grade" Error;
    "E0105" "unknown-tiers" Error;
    "E0106" "unknown-parent" Error;
    "E0107" "unknown-check" Error;
    "E0108" "unknown-denominator" Error;
    "E0109" "duplicate-definition" Error;
    "E0110" "unknown-tier" Error;
    "E0201" "incompatible-dimensions" Error;
    "E0202" "unit-cycle" Error;
    "E0301" "weights-sum" Error;
    "E0302" "level-not-allowed" Error;
    "E0401" "grade-gap" Error;
    "E0402" "grade-overlap" Error;
    "E0403" "grade-coverage" Error;
    "E0404" "empty-interval" Error;
    "E0501" "curve-not-monotone" Error;
    "E0502" "curve-exceeds-weight" Error;
    "E0503" "curve-below-zero" Error;
    "E0504" "curve-gap" Error;
    "E0505" "curve-parameter" Error;
    "E0601" "tier-overlap" Error;
    "E0602" "tier-gap" Error;
    "E0603" "word-in-two-tiers" Error;
    "E0604" "tier-default-outside" Error;
    "E0701" "rounding-digits" Error;
    "E0801" "extends-cycle" Error;
    "E0802" "override-undefined" Error;
    "E0803" "missing-override" Error;
    "E0804" "override-without-parent" Error;
    "E0901" "policy-header" Error;
    "E0902" "incomplete-policy" Error;
    "W0001" "unused-definition" Warning;
    "W0002" "band-ends-inconsistent" Warning;
    "W0003" "unquantified-target" Warning;
}

/// Looks a code up by its code (`E0101`, case-insensitive) or its name (`unknown-unit`).
pub fn lookup(key: &str) -> Option<&'static CodeInfo> {
    CODES
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(key) || c.name == key)
}
