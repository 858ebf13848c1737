//! Policy size quotas. IAM does not count white space against them; we count every character of
//! the policy's JSON text except white space outside string literals (white space inside a string
//! is part of a value), escape sequences as written.

use crate::checks::elements::{is_ascii_white_space, may_hold_white_space};
use crate::checks::memo::Summary;
use crate::checks::{Context, Finding, Rule, Severity, Stmt, Types};
use crate::policy::{Policy, PolicyType};
use crate::syntax::{Node, TextRange};

use super::tree::{opening, policies};

pub(super) const POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: Rule = Rule {
    code: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
    types: Types::only(&[PolicyType::Identity, PolicyType::Boundary]),
    severity: Severity::Warning,
    summary: "An identity policy is longer than the 6,144-character managed policy quota.",
    explanation: "A customer managed policy may hold at most 6,144 characters. IAM does not count \
        white space: iam-lsp counts every character except white space outside string literals \
        (white space inside a string is part of a value). Inline policies have their own quotas \
        (2,048 for a user, 5,120 for a group, 10,240 for a role) and AWS managed policies are exempt. \
        Split the policy, or shorten it with wildcards where that grants nothing more than intended.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Statement1", "Effect": "Allow", "Action": ["s3:GetObject", "…"], "Resource": "*"},
        "… 6,144 characters or more in all …"
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]
}"#,
};

pub(super) const POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: Rule = Rule {
    code: "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
    types: Types::only(&[PolicyType::Resource, PolicyType::Endpoint]),
    severity: Severity::Warning,
    summary: "A resource policy is longer than 20,480 characters.",
    explanation: "Resource-based policies such as bucket policies may hold at most 20,480 characters \
        (some services allow less), not counting white space outside strings.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "…"]}, "Action": "s3:GetObject", "Resource": "*"},
        "… 20,480 characters or more in all …"
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]
}"#,
};

pub(super) const POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: Rule = Rule {
    code: "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
    types: Types::only(&[PolicyType::Trust]),
    severity: Severity::Warning,
    summary: "A role trust policy is longer than 2,048 characters.",
    explanation: "A role's trust policy may hold 2,048 characters by default, not counting white \
        space outside strings; the quota can be raised to 8,192 through Service Quotas.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/a", "…"]}, "Action": "sts:AssumeRole"},
        "… 2,048 characters or more in all …"
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]
}"#,
};

pub(super) const POLICY_SIZE_EXCEEDS_SCP_QUOTA: Rule = Rule {
    code: "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
    types: Types::only(&[PolicyType::Scp]),
    severity: Severity::Error,
    summary: "A service control policy is longer than the 5,120-character SCP quota.",
    explanation: "AWS Organizations accepts SCPs of at most 5,120 characters. Unlike IAM, Organizations \
        counts every character of the policy as saved: the console removes white space outside quotes \
        before saving, the API, CLI, CloudFormation and Terraform keep it. iam-lsp reports a policy \
        that is too long even without that white space (it cannot be saved either way); a longer \
        pretty-printed file may still be refused through the API. Split it into several SCPs.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Deny", "Action": ["ec2:RunInstances", "…"], "Resource": "*"},
        "… 5,120 characters or more in all …"
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]
}"#,
};

pub(super) const POLICY_SIZE_EXCEEDS_RCP_QUOTA: Rule = Rule {
    code: "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Error,
    summary: "A resource control policy is longer than the 5,120-character RCP quota.",
    explanation: "AWS Organizations accepts RCPs of at most 5,120 characters, counted as saved (see \
        `POLICY_SIZE_EXCEEDS_SCP_QUOTA`): iam-lsp reports a policy too long even without white space \
        outside strings. Split it into several RCPs.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "…"], "Resource": "*"},
        "… 5,120 characters or more in all …"
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}]
}"#,
};

/// The quota of AWS Organizations policies (orgs_reference_limits: "Maximum size of a policy document").
const ORGANIZATIONS_QUOTA: usize = 5_120;

/// The quota of a policy type; `None` for session policies, limited after AWS packs them, by a
/// size AWS does not publish.
fn quota(policy_type: PolicyType) -> Option<usize> {
    match policy_type {
        PolicyType::Identity | PolicyType::Boundary => Some(6_144),
        PolicyType::Resource | PolicyType::Endpoint => Some(20_480),
        PolicyType::Trust => Some(2_048),
        PolicyType::Scp | PolicyType::Rcp => Some(ORGANIZATIONS_QUOTA),
        PolicyType::Session => None,
    }
}

/// What a statement adds to the size of its policy (the statement's own text), when the policy is
/// long enough to need counting (the size never exceeds the byte length) and the count ends
/// outside a string (so that counts add up).
pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>) -> Option<usize> {
    let root = &ctx.parse.roots[stmt.policy.root];
    if quota(stmt.policy.policy_type).is_none_or(|quota| root.range.len() <= quota) {
        return None;
    }
    closed_size(ctx.text, stmt.node.range)
}

pub(super) fn run(ctx: &Context<'_>, summaries: &[Vec<Summary>], out: &mut Vec<Finding>) {
    for ((policy, root), summaries) in policies(ctx).zip(summaries) {
        let Some(quota) = quota(policy.policy_type) else { continue };
        let (code, what, note) = match policy.policy_type {
            PolicyType::Identity | PolicyType::Boundary => {
                ("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "customer managed policy", "")
            }
            PolicyType::Resource | PolicyType::Endpoint => {
                ("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "resource-based policy", "")
            }
            PolicyType::Trust => (
                "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
                "role trust policy",
                " unless the quota was raised (up to 8,192)",
            ),
            PolicyType::Scp | PolicyType::Rcp => {
                organizations(ctx, policy, root, summaries, out);
                continue;
            }
            PolicyType::Session => continue,
        };
        // The size never exceeds the byte length: most policies need no counting.
        if root.range.len() <= quota {
            continue;
        }
        let size = policy_size(ctx.text, policy, root, summaries);
        if size > quota {
            let at = root.get("Statement").map_or_else(|| opening(root), |m| m.key.range);
            out.push(ctx.finding(
                code,
                at,
                format!(
                    "This policy has {} characters not counting white space; IAM accepts at most {} in a \
                     {what}{note}.",
                    thousands(size),
                    thousands(quota),
                ),
            ));
        }
    }
}

/// SCPs and RCPs: too long when even their text without white space exceeds the quota.
fn organizations(ctx: &Context<'_>, policy: &Policy, root: &Node, summaries: &[Summary], out: &mut Vec<Finding>) {
    let (code, what) = if policy.policy_type == PolicyType::Scp {
        ("POLICY_SIZE_EXCEEDS_SCP_QUOTA", "service control policy (SCP)")
    } else {
        ("POLICY_SIZE_EXCEEDS_RCP_QUOTA", "resource control policy (RCP)")
    };
    if root.range.len() <= ORGANIZATIONS_QUOTA {
        return;
    }
    let size = policy_size(ctx.text, policy, root, summaries);
    if size > ORGANIZATIONS_QUOTA {
        let at = root.get("Statement").map_or_else(|| opening(root), |m| m.key.range);
        out.push(ctx.finding(
            code,
            at,
            format!(
                "This {what} has {} characters even without white space outside strings; AWS Organizations \
                 accepts at most {}: split it into several policies.",
                thousands(size),
                thousands(ORGANIZATIONS_QUOTA),
            ),
        ));
    }
}

/// The size of a policy: of its statements by their summaries (counted again where a summary has
/// none) and of the text between them; of the whole text when some part ends inside a string.
fn policy_size(text: &str, policy: &Policy, root: &Node, summaries: &[Summary]) -> usize {
    let mut parts = Vec::with_capacity(2 * policy.statements.len() + 1);
    let mut at = root.range.start;
    for (statement, summary) in policy.statements.iter().zip(summaries) {
        let gap = (at <= statement.range.start).then(|| closed_size(text, TextRange::new(at, statement.range.start)));
        parts.push(gap.flatten());
        parts.push(summary.size.or_else(|| closed_size(text, statement.range)));
        at = statement.range.end;
    }
    parts.push(closed_size(text, TextRange::new(at, root.range.end)));
    parts.into_iter().sum::<Option<usize>>().unwrap_or_else(|| size(text, root.range).0)
}

/// [`size`], when the text ends outside a string.
fn closed_size(text: &str, range: TextRange) -> Option<usize> {
    let (size, closed) = size(text, range);
    closed.then_some(size)
}

/// Characters of `range` that IAM counts: all but white space outside string literals; and
/// whether the text ends outside a string. The white space outside strings is all of it but
/// that inside them, and strings are found by their quotes alone (one search over the range), a
/// quote ending a string unless an odd run of backslashes precedes it there.
fn size(text: &str, range: TextRange) -> (usize, bool) {
    let counted = &text[range.start..range.end];
    let bytes = counted.as_bytes();
    let (mut inside, mut open) = (0, None);
    for quote in memchr::memchr_iter(b'"', bytes) {
        match open {
            None => open = Some(quote + 1),
            Some(start) => {
                let backslashes = bytes[start..quote].iter().rev().take_while(|&&b| b == b'\\').count();
                if backslashes % 2 == 0 {
                    inside += white_space(&counted[start..quote]);
                    open = None;
                }
            }
        }
    }
    if let Some(start) = open {
        inside += white_space(&counted[start..]);
    }
    (counted.chars().count() - (white_space(counted) - inside), open.is_none())
}

/// The white space characters of `text` (`char::is_whitespace`).
fn white_space(text: &str) -> usize {
    if !may_hold_white_space(text.as_bytes()) {
        0
    } else if text.is_ascii() {
        // Counted in bytes per run of 255, which cannot overflow one: the compiler adds 32 at once.
        let run = |bytes: &[u8]| bytes.iter().map(|&b| u8::from(is_ascii_white_space(b))).sum::<u8>();
        text.as_bytes().chunks(255).map(|bytes| usize::from(run(bytes))).sum()
    } else {
        text.chars().filter(|c| c.is_whitespace()).count()
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_without_white_space_outside_strings() {
        let text = "{\n  \"a b\": \"c\\\" d\"\n}";
        assert_eq!(size(text, TextRange::new(0, text.len())), ("{\"a b\":\"c\\\" d\"}".len(), true));
        assert_eq!(thousands(6144), "6,144");
        assert_eq!(thousands(123), "123");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    /// The count by the rule's definition, one character at a time, and whether the text ends
    /// outside a string.
    fn by_characters(text: &str) -> (usize, bool) {
        let (mut count, mut in_string, mut escaped) = (0, false, false);
        for c in text.chars() {
            if in_string {
                count += 1;
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
            } else if !c.is_whitespace() {
                count += 1;
                in_string = c == '"';
            }
        }
        (count, !in_string)
    }

    #[test]
    fn agrees_with_counting_character_by_character() {
        let alphabet = [" ", "\"", "\\", "a", "\u{A0}", "é", "\n", "\u{2003}", "\x0B"];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            for text in &texts {
                assert_eq!(size(text, TextRange::new(0, text.len())), by_characters(text), "{text:?}");
            }
        }
    }
}
