//! "Did you mean …?": ranking candidates by closeness to what was written.

/// Levenshtein distance over ASCII-lowercased characters.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Candidates within `max` edits (or equal ignoring case), closest first, ties in input order.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .filter(|(_, c)| c.len().abs_diff(word.len()) <= max)
        .map(|(i, c)| (distance(word, c), i, c))
        .filter(|(d, _, _)| *d <= max)
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_by_edit_distance() {
        assert_eq!(distance("Conditon", "Condition"), 1);
        assert_eq!(distance("effect", "Effect"), 0);
        assert_eq!(closest("Resources", ["Action", "Resource", "NotResource"], 2), ["Resource"]);
        assert_eq!(closest("Resourc", ["Resources", "Action", "Resource"], 2), ["Resource", "Resources"]);
        assert!(closest("Zzz", ["Action"], 2).is_empty());
    }
}
