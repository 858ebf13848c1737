//! "Did you mean …?": ranking candidates by closeness to what was written.

/// Levenshtein distance over ASCII-lowercased characters.
pub fn distance(a: &str, b: &str) -> usize {
    // Names are ASCII almost always: compare bytes without collecting characters.
    if a.is_ascii() && b.is_ascii() {
        return levenshtein(a.as_bytes(), b.as_bytes(), u8::eq_ignore_ascii_case);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    levenshtein(&a, &b, char::eq_ignore_ascii_case)
}

/// Edit distance with one row of the table.
fn levenshtein<T>(a: &[T], b: &[T], same: impl Fn(&T, &T) -> bool) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        // `diagonal` is the previous row's value left of the current cell.
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(!same(ca, cb));
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j + 1] + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
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
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("s3:GetObjekt", "s3:getobject"), 1);
        assert_eq!(distance("café", "CAFE"), 1, "characters, not bytes, outside ASCII");
        assert_eq!(distance("ünïcode", "unicode"), 2);
        assert_eq!(closest("Resources", ["Action", "Resource", "NotResource"], 2), ["Resource"]);
        assert_eq!(closest("Resourc", ["Resources", "Action", "Resource"], 2), ["Resource", "Resources"]);
        assert!(closest("Zzz", ["Action"], 2).is_empty());
    }
}
