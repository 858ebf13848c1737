//! Policy grammar: the structure IAM enforces before it looks at any action, resource or
//! condition (seed 001's structural mistakes and their repairs).

mod characters;
mod document;
mod duplicates;
mod elements;
mod layout;
mod merge;
mod size;
mod statement;
mod tree;
mod version;

use crate::checks::{Context, Finding, Rule};

pub(super) const RULES: &[Rule] = &[
    document::MULTIPLE_TOP_LEVEL_OBJECTS,
    duplicates::DUPLICATE_KEY,
    elements::INVALID_POLICY_ELEMENT,
    document::MISSING_STATEMENT,
    document::DATA_TYPE_MISMATCH,
    document::EMPTY_ARRAY_STATEMENT,
    version::MISSING_VERSION,
    version::INVALID_VERSION,
    version::OLD_VERSION,
    version::VARIABLE_UNSUPPORTED_IN_VERSION,
    statement::MISSING_EFFECT,
    statement::INVALID_EFFECT,
    statement::MISSING_ACTION,
    statement::MISSING_RESOURCE,
    statement::UNSUPPORTED_ELEMENT_COMBINATION,
    statement::UNSUPPORTED_SID,
    statement::EMPTY_SID_VALUE,
    statement::UNIQUE_SIDS_REQUIRED,
    size::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
    size::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
    size::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
    characters::INVALID_CHARACTER,
];

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    document::run(ctx, out);
    duplicates::run(ctx, out);
    elements::run(ctx, out);
    version::run(ctx, out);
    statement::run(ctx, out);
    size::run(ctx, out);
    characters::run(ctx, out);
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::checks::{Options, analyze};

    /// Every rule's documented bad example triggers it and its good example triggers no grammar
    /// rule; size examples are abridged, so only their good side is checked.
    #[test]
    fn documented_examples_behave_as_documented() {
        let grammar = |text: &str| -> Vec<&'static str> {
            let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
            analyze(text, &Options::default()).findings.iter().map(|f| f.code).filter(|c| codes.contains(c)).collect()
        };
        for rule in RULES {
            if !rule.code.starts_with("POLICY_SIZE") {
                assert!(grammar(rule.bad).contains(&rule.code), "{} bad example: {:?}", rule.code, grammar(rule.bad));
            }
            assert_eq!(grammar(rule.good), Vec::<&str>::new(), "{} good example", rule.code);
        }
    }
}
