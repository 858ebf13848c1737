//! Applying fixes to text.

use crate::syntax::SyntaxErrorKind;

use super::{Edit, Options, analyze};

/// Applies non-overlapping edits; ranges refer to the original text.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let start = e.range.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(&e.new_text);
        at = e.range.end.max(start);
    }
    out.push_str(&text[at..]);
    out
}

/// The result of applying every safe fix.
#[derive(Debug, Clone, PartialEq)]
pub struct FixAll {
    pub text: String,
    /// Code and title of each fix applied, in order.
    pub applied: Vec<(&'static str, String)>,
}

/// Applies every safe fix, round after round until none applies (at most ten rounds: one fix can
/// reveal another, such as a merged `Statement` revealing duplicate `Sid`s). Never returns text
/// that does not parse when the input did.
pub fn fix_all(text: &str, options: &Options) -> FixAll {
    const MAX_ROUNDS: usize = 10;
    let mut current = text.to_owned();
    let mut applied = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let analysis = analyze(&current, options);
        let mut chosen: Vec<&Edit> = Vec::new();
        let mut titles = Vec::new();
        for finding in &analysis.findings {
            let Some(fix) = finding.fixes.iter().find(|f| f.safe) else { continue };
            let overlaps = fix
                .edits
                .iter()
                .any(|e| chosen.iter().any(|c| e.range.start <= c.range.end && c.range.start <= e.range.end));
            if !overlaps {
                chosen.extend(&fix.edits);
                titles.push((finding.code, fix.title.clone()));
            }
        }
        if chosen.is_empty() {
            break;
        }
        let edits: Vec<Edit> = chosen.into_iter().cloned().collect();
        let next = apply_edits(&current, &edits);
        let format = crate::host::Format::of(options.path.as_deref(), text);
        let broken = |t: &str| format.parse(t).errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid);
        if broken(&next) && !broken(&current) {
            break;
        }
        current = next;
        applied.extend(titles);
    }
    FixAll { text: current, applied }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TextRange;

    #[test]
    fn applies_edits_in_order_of_position() {
        let edits = [Edit::replace(TextRange::new(6, 11), "there"), Edit::insert(0, ">> ")];
        assert_eq!(apply_edits("hello world", &edits), ">> hello there");
    }
}
