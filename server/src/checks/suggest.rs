//! "Did you mean …?": ranking candidates by closeness to what was written.

/// Levenshtein distance over ASCII-lowercased characters.
pub fn distance(a: &str, b: &str) -> usize {
    within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The [`distance`] if it is at most `max`: most candidates are far, and the search for them
/// stops at the first row of the table that is all beyond `max`.
pub fn within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max && a.is_ascii() && b.is_ascii() {
        return None;
    }
    // Names are ASCII almost always: compare bytes without collecting characters.
    if a.is_ascii() && b.is_ascii() {
        return levenshtein(a.as_bytes(), b.as_bytes(), max, u8::eq_ignore_ascii_case);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    levenshtein(&a, &b, max, char::eq_ignore_ascii_case)
}

/// Edit distance with one row of the table, given up once a whole row exceeds `max` (no later
/// row can be smaller than the smallest of the row before it).
fn levenshtein<T>(a: &[T], b: &[T], max: usize, same: impl Fn(&T, &T) -> bool) -> Option<usize> {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        // `diagonal` is the previous row's value left of the current cell.
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(!same(ca, cb));
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j + 1] + 1).min(row[j] + 1);
            smallest = smallest.min(row[j + 1]);
        }
        if smallest > max {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= max)
}

/// Candidates within `max` edits (or equal ignoring case), closest first, ties in input order.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let mut scored: Vec<(usize, usize, &str)> =
        candidates.into_iter().enumerate().filter_map(|(i, c)| Some((within(word, c, max)?, i, c))).collect();
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
        assert_eq!(within("kitten", "sitting", 3), Some(3));
        assert_eq!(within("kitten", "sitting", 2), None);
        assert_eq!(within("café", "CAFE", 1), Some(1));
    }
}
