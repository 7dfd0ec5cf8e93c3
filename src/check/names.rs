//! Did-you-mean: the closest known name to a misspelt one.

/// The known name closest to `name`, if one is close enough to be a plausible typo.
pub fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    let len = name.chars().count().max(1);
    known
        .filter(|k| *k != name)
        .map(|k| {
            // A truncated or extended label (`满意度指` for `满意度指标`) is the likeliest intent.
            let prefix = k.starts_with(name) || name.starts_with(k);
            let distance = strsim::damerau_levenshtein(name, k);
            (if prefix { 0 } else { distance }, distance, k)
        })
        .filter(|(score, distance, _)| *score == 0 || (len >= 2 && *distance * 3 <= len + 1))
        .min_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)))
        .map(|(_, _, k)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let known = ["万件", "件", "万元", "%"];
        assert_eq!(closest("万什", known.into_iter()).as_deref(), Some("万件"));
        assert_eq!(closest("吨公里", known.into_iter()), None);
        assert_eq!(
            closest("proportionl", ["proportional", "linear"].into_iter()).as_deref(),
            Some("proportional")
        );
    }
}
