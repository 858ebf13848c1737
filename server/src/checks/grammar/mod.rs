//! Policy grammar: the structure IAM enforces before it looks at any action, resource or
//! condition (seed 001's structural mistakes and their repairs).

mod characters;
mod document;
mod duplicates;
mod elements;
mod layout;
mod merge;
mod rcp_keys;
mod size;
mod statement;
mod tree;
mod types;
mod version;

use crate::checks::edit::remove_member;
use crate::checks::memo::{Local, Summary};
use crate::checks::{Context, Finding, Rule, Stmt};
use crate::syntax::Member;

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
    size::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
    size::POLICY_SIZE_EXCEEDS_RCP_QUOTA,
    statement::UNIQUE_SIDS_RECOMMENDED,
    types::ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE,
    types::ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL,
    types::SCP_SYNTAX_ERROR_PRINCIPAL,
    types::RCP_SYNTAX_ERROR_PRINCIPAL,
    types::RCP_SYNTAX_ERROR_ALLOW,
    types::RCP_SYNTAX_ERROR_NOTACTION,
    types::RCP_SYNTAX_ERROR_ACTION,
    types::MIXED_PRINCIPAL_STATEMENTS,
    rcp_keys::RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY,
    rcp_keys::RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY,
    rcp_keys::RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK,
    characters::INVALID_CHARACTER,
];

/// The rules of one statement's object.
pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    local.summary.size = size::statement(ctx, stmt);
    let out = &mut local.findings;
    document::statement(ctx, stmt.node, out);
    duplicates::statement(ctx, stmt.node, out);
    elements::statement(ctx, stmt.node, out);
    statement::statement(ctx, stmt, out);
    types::statement(ctx, stmt, out);
    rcp_keys::statement(ctx, stmt, out);
}

/// The rules of the policy's own members and across statements.
pub(super) fn document(ctx: &Context<'_>, summaries: &[Vec<Summary>], out: &mut Vec<Finding>) {
    document::run(ctx, out);
    duplicates::run(ctx, out);
    elements::run(ctx, out);
    version::run(ctx, out);
    statement::run(ctx, out);
    size::run(ctx, summaries, out);
    types::run(ctx, out);
    characters::run(ctx, out);
}

/// The finding, with a fix that deletes member `index` of `members` (key, value and comma).
fn with_removal(
    ctx: &Context<'_>,
    finding: Finding,
    members: &[Member],
    index: usize,
    title: impl Into<String>,
    preferred: bool,
) -> Finding {
    finding.with_fix(title, vec![remove_member(ctx.text, members, index)], preferred)
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::checks::{Options, analyze};

    /// Every rule's documented bad example triggers it and its good example triggers no grammar
    /// rule; size examples are abridged, so only their good side is checked.
    #[test]
    fn documented_examples_behave_as_documented() {
        for rule in RULES {
            // A rule of some policy types is shown with the first of them set; the others as inferred.
            let policy_type = (!rule.types.is_all()).then(|| rule.types.iter().next()).flatten();
            let grammar = |text: &str| -> Vec<&'static str> {
                let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
                let options = Options { policy_type, ..Options::default() };
                analyze(text, &options).findings.iter().map(|f| f.code).filter(|c| codes.contains(c)).collect()
            };
            if !rule.code.starts_with("POLICY_SIZE") {
                assert!(grammar(rule.bad).contains(&rule.code), "{} bad example: {:?}", rule.code, grammar(rule.bad));
            }
            assert_eq!(grammar(rule.good), Vec::<&str>::new(), "{} good example", rule.code);
        }
    }
}
