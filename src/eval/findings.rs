//! The registry of findings about tables: audit findings (A…) where a published table's own
//! arithmetic or content is wrong, and import notes (I…) recording each reading and repair.
//! Stable like the checker's codes; a policy's `checks` block sets their severity by name.

use crate::syntax::ast::Severity;

#[derive(Debug, Clone, Copy)]
pub struct FindingInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The page in `docs/diagnostics/`, compiled in.
    pub page: &'static str,
}

macro_rules! findings {
    ($($code:literal $name:literal $sev:ident;)*) => {
        pub const FINDINGS: &[FindingInfo] = &[$(FindingInfo {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            page: include_str!(concat!("../../docs/diagnostics/", $code, ".md")),
        },)*];
    };
}

findings! {
    "A0101" "rate-mismatch" Warning;
    "A0102" "budget-score-mismatch" Warning;
    "A0103" "indicator-score-mismatch" Warning;
    "A0104" "total-mismatch" Warning;
    "A0105" "grade-mismatch" Warning;
    "A0106" "score-missing" Info;
    "A0107" "subtotal-mismatch" Warning;
    "A0201" "weights-total" Warning;
    "A0202" "level-weights" Info;
    "A0203" "score-above-weight" Warning;
    "A0204" "either-both-present" Warning;
    "A0205" "weights-missing" Warning;
    "A0206" "level-label-weight" Warning;
    "A0301" "subrows-sum" Warning;
    "A0302" "zero-budget" Warning;
    "A0303" "executed-over-budget" Warning;
    "A0401" "reason-missing-for-miss" Warning;
    "A0402" "reason-missing-for-overachievement" Warning;
    "A0501" "unscorable-indicator" Warning;
    "A0502" "unit-mismatch" Warning;
    "A0503" "tier-score-clamped" Warning;
    "A0504" "level-not-allowed" Warning;
    "A0505" "level-unknown" Warning;
    "A0601" "template-leftover" Info;
    "A0701" "year-outside-policy" Warning;
    "A0702" "department-table" Warning;
    "I0001" "comparator-assumed" Info;
    "I0002" "unit-assumed" Info;
    "I0003" "column-shift-repaired" Info;
    "I0004" "label-repaired" Info;
    "I0005" "subrows-summed" Info;
    "I0006" "table-unreadable" Error;
    "I0007" "number-unreadable" Warning;
    "I0008" "funds-read-across" Info;
    "I0009" "direction-overridden" Info;
    "I0010" "weight-from-label" Info;
    "I0011" "funds-weight-is-full-scale" Info;
    "I0012" "execution-unweighed" Info;
    "I0013" "year-from-table-above" Info;
}

/// A finding by its code (`A0401`, any case) or its name (`reason-missing-for-miss`). Codes
/// are five characters and no name is (a test holds it), so the key's length says which to
/// compare: the scorer looks findings up by name on every table.
pub fn lookup(key: &str) -> Option<&'static FindingInfo> {
    if key.len() == 5 {
        FINDINGS.iter().find(|f| f.code.eq_ignore_ascii_case(key))
    } else {
        FINDINGS.iter().find(|f| f.name == key)
    }
}

pub fn page(code: &str) -> Option<&'static str> {
    lookup(code).map(|f| f.page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_found_by_code_in_any_case_and_by_name() {
        for f in FINDINGS {
            assert_eq!(f.code.len(), 5, "{}", f.code);
            assert_ne!(
                f.name.len(),
                5,
                "{}: a name of five characters reads as a code",
                f.name
            );
            assert_eq!(lookup(f.code).map(|g| g.code), Some(f.code));
            assert_eq!(lookup(&f.code.to_lowercase()).map(|g| g.code), Some(f.code));
            assert_eq!(lookup(f.name).map(|g| g.code), Some(f.code));
        }
        assert!(lookup("A9999").is_none());
        assert!(lookup("no-such-finding").is_none());
        assert!(lookup("").is_none());
    }
}
