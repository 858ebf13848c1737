//! Inputs shared by the unit tests that compare a fast path with its definition.

/// Every text made of up to `n` of `pieces`, each once: all the small inputs a rule can see.
pub(crate) fn every_text(pieces: &[&str], n: usize) -> Vec<String> {
    let mut texts = vec![String::new()];
    let mut longest = texts.clone();
    for _ in 0..n {
        longest = longest.iter().flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}"))).collect();
        texts.extend(longest.iter().cloned());
    }
    // Pieces may spell the same text in two ways (`${x}` and `$`, `{`, `x`, `}`).
    texts.sort();
    texts.dedup();
    texts
}
