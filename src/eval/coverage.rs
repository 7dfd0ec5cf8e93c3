//! Coverage in domain terms: which grade bands, qualitative tiers, curve segments and findings
//! a set of scored tables reached, and which never were (`jixiao test --coverage`).

use std::collections::BTreeSet;

use super::curve;
use super::findings::FINDINGS;
use crate::policy::Policy;

/// Everything of `policy` that a table can reach, as coverage keys, grouped by kind.
pub fn universe(policy: &Policy) -> Vec<(&'static str, Vec<String>)> {
    let grades = policy
        .grades
        .iter()
        .map(|g| format!("grade {}", g.name))
        .collect();
    let tiers = policy
        .tiers
        .get(&policy.scoring.qualitative)
        .map(|set| {
            set.tiers
                .iter()
                .map(|t| format!("tier {}/{}", set.name, t.name))
                .collect()
        })
        .unwrap_or_default();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    used.insert(policy.scoring.quantitative.as_str());
    used.insert(policy.budget.curve.as_str());
    used.extend(policy.scoring.rules.iter().map(|r| r.curve.as_str()));
    let curves = used
        .iter()
        .filter_map(|name| policy.curves.get(*name))
        .flat_map(|c| {
            curve::segments(&c.form)
                .into_iter()
                .map(move |s| format!("curve {}: {s}", c.name))
        })
        .collect();
    let findings = FINDINGS
        .iter()
        .map(|f| format!("finding {} {}", f.code, f.name))
        .collect();
    vec![
        ("grade bands", grades),
        ("qualitative tiers", tiers),
        ("curve segments", curves),
        ("findings", findings),
    ]
}

/// A coverage report: per kind, what was reached and what never was.
pub fn report(policy: &Policy, reached: &BTreeSet<String>) -> String {
    let mut out = String::new();
    for (kind, keys) in universe(policy) {
        let hit = keys.iter().filter(|k| reached.contains(*k)).count();
        out.push_str(&format!("{kind}: {hit} of {} reached\n", keys.len()));
        for key in &keys {
            let mark = if reached.contains(key) {
                "✓"
            } else {
                "✗ never reached:"
            };
            out.push_str(&format!("  {mark} {key}\n"));
        }
    }
    out
}
