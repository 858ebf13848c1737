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
/// row can be smaller than the smallest of the row before it). Only the cells within `max` of
/// the diagonal can hold a distance of at most `max`: the others stand at `max + 1`, "too far",
/// and are never computed.
fn levenshtein<T>(a: &[T], b: &[T], max: usize, same: impl Fn(&T, &T) -> bool) -> Option<usize> {
    let far = max.saturating_add(1);
    let mut row: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    for (i, ca) in (1usize..).zip(a) {
        if i.saturating_sub(max) > b.len() {
            // Every cell of the row is too far.
            return None;
        }
        let (lo, hi) = (i.saturating_sub(max).max(1), i.saturating_add(max).min(b.len()));
        // `diagonal` is the previous row's value left of the current cell.
        let mut diagonal = row[lo - 1];
        row[lo - 1] = if lo == 1 { i.min(far) } else { far };
        let mut smallest = row[lo - 1];
        for j in lo..=hi {
            let substitution = diagonal + usize::from(!same(ca, &b[j - 1]));
            diagonal = row[j];
            row[j] = substitution.min(row[j] + 1).min(row[j - 1] + 1).min(far);
            smallest = smallest.min(row[j]);
        }
        // Past the band: what the next row reads above its last cell.
        if hi < b.len() {
            row[hi + 1] = far;
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
    use crate::testing::every_text;

    /// The whole table, by the definition.
    fn full(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut table = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in table.iter_mut().enumerate() {
            row[0] = i;
        }
        table[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let substitution = table[i - 1][j - 1] + usize::from(!a[i - 1].eq_ignore_ascii_case(&b[j - 1]));
                table[i][j] = substitution.min(table[i - 1][j] + 1).min(table[i][j - 1] + 1);
            }
        }
        table[a.len()][b.len()]
    }

    #[test]
    fn within_agrees_with_the_whole_table() {
        let texts = every_text(&["a", "B", "b", "é"], 4);
        for a in &texts {
            for b in &texts {
                let d = full(a, b);
                for max in [0, 1, 2, 3, usize::MAX] {
                    assert_eq!(within(a, b, max), Some(d).filter(|&d| d <= max), "{a:?} {b:?} {max}");
                }
            }
        }
    }

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
