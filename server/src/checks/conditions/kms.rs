//! KMS key ARNs in condition values: `INVALID_KMS_KEY_VALUE`.
//!
//! Keys such as `s3:x-amz-server-side-encryption-aws-kms-key-id` or `secretsmanager:KmsKeyArn`
//! hold the ARN of the KMS key a request uses, whatever the caller wrote (a key ID or an alias):
//! a key ID, an alias or an alias ARN in the condition is never equal to it.

use crate::catalog::KeyType;
use crate::checks::resources::arn::{PARTITIONS, fields};
use crate::checks::{Context, Finding};
use crate::policy::{ConditionEntry, Operator, OperatorFamily, ValueKind};

use super::keys::KeyInfo;

pub(super) fn check(ctx: &Context<'_>, op: Operator, entry: &ConditionEntry, info: &KeyInfo, out: &mut Vec<Finding>) {
    if !matches!(op.family, OperatorFamily::String | OperatorFamily::Arn) || !holds_key_arn(info) {
        return;
    }
    for value in entry.values.iter().filter(|v| v.kind == ValueKind::String) {
        let text = value.text.as_str();
        // Patterns and variables are decided at request time.
        if text.contains(['*', '?', '$']) || is_key_arn(text) {
            continue;
        }
        let key = &entry.key.value;
        let message = match kind(text) {
            Some(what) => format!(
                "\"{text}\" is {what}, but `{key}` holds the key's ARN (`arn:aws:kms:<region>:<account>:key/<key-id>`), \
                 so the condition never matches it."
            ),
            None => format!(
                "\"{text}\" is not a KMS key ARN (`arn:aws:kms:<region>:<account>:key/<key-id>`), which is what \
                 `{key}` holds, so the condition never matches it."
            ),
        };
        out.push(ctx.finding("INVALID_KMS_KEY_VALUE", value.range, message));
    }
}

/// What a value that is no key ARN is, when it is another way of naming a key.
fn kind(text: &str) -> Option<&'static str> {
    if text.starts_with("alias/") || text.contains(":alias/") {
        Some("an alias")
    } else if is_key_id(text) {
        Some("a key ID")
    } else {
        None
    }
}

/// The key is typed as an ARN (or named one) and names a KMS key: `s3:…-aws-kms-key-id`,
/// `sagemaker:VolumeKmsKey`, `quicksight:KmsKeyArns`, `bedrock-agentcore:KmsKeyArn`.
fn holds_key_arn(info: &KeyInfo) -> bool {
    let Some((_, name)) = info.name.split_once(':') else { return false };
    let lower = name.to_ascii_lowercase();
    let arn_typed = matches!(info.key_type.base(), KeyType::Arn | KeyType::ArrayOfArn);
    lower.contains("kms") && (arn_typed || lower.ends_with("arn") || lower.ends_with("arns"))
}

/// `arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`, multi-Region
/// keys (`key/mrk-…`) included.
fn is_key_arn(text: &str) -> bool {
    let f = fields(text);
    f.len() == 6
        && f[0].text == "arn"
        && PARTITIONS.contains(&f[1].text)
        && f[2].text == "kms"
        && !f[3].text.is_empty()
        && f[4].text.len() == 12
        && f[4].text.bytes().all(|b| b.is_ascii_digit())
        && f[5].text.strip_prefix("key/").is_some_and(is_key_id)
}

/// A key ID: a UUID, or `mrk-` and 32 hexadecimal digits.
fn is_key_id(text: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(rest) = text.strip_prefix("mrk-") {
        return hex(rest, 32);
    }
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| hex(g, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_arns() {
        assert!(is_key_arn("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(is_key_arn("arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"));
        assert!(!is_key_arn("arn:aws:kms:us-east-1:111122223333:alias/my-key"));
        assert!(!is_key_arn("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(!is_key_arn("arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(!is_key_arn("arn:aws:s3:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(!is_key_arn("arn:aws:kms:us-east-1:111122223333:key/my-key"));
    }
}
