//! The six colon-separated fields of an ARN pattern, with their positions.

use crate::catalog::find_variable;

/// Partitions IAM accepts in an ARN.
pub(in crate::checks) const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/// One field: its byte offset in the value and its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::checks) struct Field<'a> {
    pub start: usize,
    pub text: &'a str,
}

impl Field<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Holds a wildcard or a policy variable: its value is decided at request time.
    pub fn is_open(&self) -> bool {
        crate::checks::elements::is_open(self.text)
    }

    /// Can stand for the empty string: only wildcards `*` and variables.
    pub fn can_be_empty(&self) -> bool {
        strip_variables(self.text).chars().all(|c| c == '*')
    }
}

/// Splits on the first five `:` outside `${...}` (variables such as `${aws:username}` hold one);
/// the sixth field, the resource, keeps its colons. Fewer than six fields when colons are missing.
pub(in crate::checks) fn fields(value: &str) -> Vec<Field<'_>> {
    let mut fields = Vec::with_capacity(6);
    let mut start = 0;
    let mut depth = false;
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() && fields.len() < 5 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth = true,
            b'}' => depth = false,
            b':' if !depth => {
                fields.push(Field { start, text: &value[start..i] });
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    fields.push(Field { start, text: &value[start..] });
    fields
}

/// `us-east-1`, `us-gov-west-1`, `us-isob-east-1`, `ap-southeast-7`.
pub(in crate::checks) fn is_region_shaped(region: &str) -> bool {
    let parts: Vec<&[u8]> = region.as_bytes().split(|&b| b == b'-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.iter().all(u8::is_ascii_lowercase))
        && parts[parts.len() - 1].len() <= 2
        && parts[parts.len() - 1].iter().all(u8::is_ascii_digit)
        && !parts[parts.len() - 1].is_empty()
}

/// Twelve digits, or `aws` for resources AWS owns (managed policies).
pub(super) fn is_account_shaped(account: &str) -> bool {
    account == "aws" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
}

/// The text with every `${...}` removed.
pub(super) fn strip_variables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find_variable(rest) {
        out.push_str(&rest[..at]);
        match rest[at..].find('}') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(value: &str) -> Vec<&str> {
        fields(value).iter().map(|f| f.text).collect()
    }

    #[test]
    fn splits_fields_outside_variables() {
        assert_eq!(texts("arn:aws:s3:::b/*"), ["arn", "aws", "s3", "", "", "b/*"]);
        assert_eq!(texts("arn:aws:logs:*:*:log-group:/x:*"), ["arn", "aws", "logs", "*", "*", "log-group:/x:*"]);
        assert_eq!(
            texts("arn:aws:iam::${aws:PrincipalAccount}:user/x"),
            ["arn", "aws", "iam", "", "${aws:PrincipalAccount}", "user/x"]
        );
        assert_eq!(texts("arn:aws:s3"), ["arn", "aws", "s3"]);
        assert_eq!(fields("arn:aws:s3:::b")[5].start, 13);
    }

    #[test]
    fn shapes() {
        for r in ["us-east-1", "us-gov-west-1", "us-isob-east-1", "ap-southeast-7", "eu-central-2"] {
            assert!(is_region_shaped(r), "{r}");
        }
        for r in ["us-east", "useast1", "US-EAST-1", "us-east-1a", "global", "1"] {
            assert!(!is_region_shaped(r), "{r}");
        }
        assert!(is_account_shaped("123456789012") && is_account_shaped("aws"));
        assert!(!is_account_shaped("1234") && !is_account_shaped("accountid"));
        assert!(Field { start: 0, text: "*" }.can_be_empty());
        assert!(Field { start: 0, text: "${aws:x}" }.can_be_empty());
        assert!(!Field { start: 0, text: "us-*" }.can_be_empty());
    }
}
