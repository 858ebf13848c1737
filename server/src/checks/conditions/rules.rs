//! Documentation of the condition rules: codes, severities and examples.

use crate::checks::{Rule, Severity, Types};

/// Wraps a `Condition` value in a one-statement identity policy, for the examples.
macro_rules! policy {
    ($action:literal, $condition:literal) => {
        concat!(
            r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ""#,
            $action,
            r#"",
    "Resource": "*",
    "Condition": "#,
            $condition,
            r#"
  }]
}"#
        )
    };
}

pub(in crate::checks) const RULES: &[Rule] = &[
    Rule {
        code: "INVALID_CONDITION_OPERATOR",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The condition operator does not exist.",
        explanation: "Operator names are case-sensitive and IAM rejects a policy that uses an unknown one \
            (`StringEqual`, `StringEqualsIgnorecase`, `ForAllValue:StringLike`). The fix offers the \
            closest operators, keeping the `ForAllValues:`/`ForAnyValue:` qualifier and `IfExists`.",
        bad: policy!("s3:ListBucket", r#"{"StringEqual": {"s3:prefix": "home/"}}"#),
        good: policy!("s3:ListBucket", r#"{"StringEquals": {"s3:prefix": "home/"}}"#),
    },
    Rule {
        code: "NULL_WITH_IF_EXISTS",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "`Null` cannot take `IfExists`.",
        explanation: "`Null` already tests whether the key is present, so `NullIfExists` is not an \
            operator and IAM rejects the policy. Use `Null`.",
        bad: policy!("ec2:RunInstances", r#"{"NullIfExists": {"aws:RequestTag/team": "false"}}"#),
        good: policy!("ec2:RunInstances", r#"{"Null": {"aws:RequestTag/team": "false"}}"#),
    },
    Rule {
        code: "NULL_WITH_QUALIFIER",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`ForAllValues:`/`ForAnyValue:` on `Null` is meaningless.",
        explanation: "`Null` tests whether the key is present at all, not its values, so a set \
            qualifier does not change what it checks and only obscures it. Use `Null` alone.",
        bad: policy!("ec2:CreateTags", r#"{"ForAnyValue:Null": {"aws:TagKeys": "false"}}"#),
        good: policy!("ec2:CreateTags", r#"{"Null": {"aws:TagKeys": "false"}}"#),
    },
    Rule {
        code: "TYPE_MISMATCH_BOOLEAN",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "`Bool` and `Null` take `\"true\"` or `\"false\"`.",
        explanation: "A `Bool` or `Null` condition compares against `true` or `false`; any other value \
            (`\"yes\"`, `\"1\"`) never matches, so the condition is always false (or, negated, always \
            true). A JSON `true`/`false` is accepted.",
        bad: policy!("s3:GetObject", r#"{"Bool": {"aws:SecureTransport": "yes"}}"#),
        good: policy!("s3:GetObject", r#"{"Bool": {"aws:SecureTransport": "true"}}"#),
    },
    Rule {
        code: "INVALID_CONDITION_MULTIPLE_BOOLEAN",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A `Bool` key has more than one value.",
        explanation: "A boolean key is either true or false: listing several values under `Bool` is \
            either redundant or matches every request. Keep one value.",
        bad: policy!("s3:GetObject", r#"{"Bool": {"aws:SecureTransport": ["true", "false"]}}"#),
        good: policy!("s3:GetObject", r#"{"Bool": {"aws:SecureTransport": "true"}}"#),
    },
    Rule {
        code: "MISSING_QUALIFIER",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A multivalued key is tested without `ForAllValues:` or `ForAnyValue:`.",
        explanation: "Keys such as `aws:TagKeys` or `aws:CalledVia` carry a set of values. Without a set \
            qualifier IAM's result depends on how many values the request has; say whether every \
            value (`ForAllValues:`) or at least one (`ForAnyValue:`) must match.",
        bad: policy!("ec2:CreateTags", r#"{"StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
        good: policy!("ec2:CreateTags", r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#),
    },
    Rule {
        code: "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A set qualifier is used with a single-valued key.",
        explanation: "`ForAllValues:` and `ForAnyValue:` are for keys that carry a set of values. On a \
            single-valued key `ForAllValues:` also matches when the key is absent (an empty set), \
            which is rarely intended; use the plain operator.",
        bad: policy!("s3:GetObject", r#"{"ForAllValues:IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#),
    },
    Rule {
        code: "INVALID_CONDITION_KEY_FORMAT",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The condition key is not `prefix:name`.",
        explanation: "Condition keys are a service prefix or `aws`, a colon and a name \
            (`aws:SourceIp`, `s3:prefix`). IAM rejects anything else.",
        bad: policy!("s3:GetObject", r#"{"IpAddress": {"aws_SourceIp": "10.0.0.0/8"}}"#),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#),
    },
    Rule {
        code: "INVALID_GLOBAL_CONDITION_KEY",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The `aws:` condition key does not exist.",
        explanation: "IAM has a fixed set of global condition keys. An unknown `aws:` key is never \
            present in a request, so the condition never matches (or, negated, always does).",
        bad: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIP4": "10.0.0.0/8"}}"#),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#),
    },
    Rule {
        code: "DEPRECATED_GLOBAL_CONDITION_KEY",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "The global condition key is deprecated.",
        explanation: "AWS replaced some global keys with newer ones that are set in more requests. Use \
            the replacement: `aws:ARN` became `aws:PrincipalArn`.",
        bad: policy!("sts:AssumeRole", r#"{"ArnLike": {"aws:ARN": "arn:aws:iam::111122223333:role/admin"}}"#),
        good: policy!("sts:AssumeRole", r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}"#),
    },
    Rule {
        code: "INVALID_SERVICE_CONDITION_KEY",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The service does not define this condition key.",
        explanation: "Each service defines its own condition keys (Service Authorization Reference). A \
            key the service does not define is never present in a request, so the condition never \
            matches (or, negated, always does).",
        bad: policy!("s3:ListBucket", r#"{"StringLike": {"s3:prefixx": "home/*"}}"#),
        good: policy!("s3:ListBucket", r#"{"StringLike": {"s3:prefix": "home/*"}}"#),
    },
    Rule {
        code: "MISSING_TAG_KEY_IN_CONDITION",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A tag condition key has no tag key.",
        explanation: "`aws:ResourceTag/`, `aws:RequestTag/`, `aws:PrincipalTag/` and the services' \
            `…Tag/` keys name the tag they test after the slash. Without it the key matches no tag.",
        bad: policy!("ec2:StartInstances", r#"{"StringEquals": {"aws:ResourceTag": "dev"}}"#),
        good: policy!("ec2:StartInstances", r#"{"StringEquals": {"aws:ResourceTag/env": "dev"}}"#),
    },
    Rule {
        code: "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "One operator block tests the same key twice, spelled with different case.",
        explanation: "Condition keys are case-insensitive, so `aws:SourceIp` and `aws:sourceip` are the \
            same key and IAM keeps only one of the two entries. Merge their values into one entry.",
        bad: policy!(
            "s3:GetObject",
            r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8", "aws:sourceip": "192.0.2.0/24"}}"#
        ),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}"#),
    },
    Rule {
        code: "EMPTY_OBJECT_CONDITION",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`Condition` or an operator block is empty.",
        explanation: "An empty `Condition` (or operator block) tests nothing: the statement applies \
            unconditionally. Remove it, or write the condition that was meant.",
        bad: policy!("s3:GetObject", "{}"),
        good: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "*"
  }]
}"#,
    },
    Rule {
        code: "EMPTY_ARRAY_CONDITION",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "A condition key has an empty list of values.",
        explanation: "With no values to compare against, the condition never matches (or, negated, \
            always does). Give at least one value or remove the key. With `ForAllValues:`, \
            `ForAnyValue:` or `IfExists` the codes are `EMPTY_ARRAY_CONDITION_FORALLVALUES`, \
            `_FORANYVALUE` and `_IFEXISTS`.",
        bad: policy!("s3:GetObject", r#"{"StringEquals": {"aws:PrincipalOrgID": []}}"#),
        good: policy!("s3:GetObject", r#"{"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}}"#),
    },
    Rule {
        code: "EMPTY_ARRAY_CONDITION_FORALLVALUES",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`ForAllValues:` tests a key against an empty list.",
        explanation: "`ForAllValues:` matches when every value of the request is in the list; with an \
            empty list that is only the case when the request has no value at all. To test that \
            the key is missing, say so with `Null` and `\"true\"`.",
        bad: policy!("ec2:CreateTags", r#"{"ForAllValues:StringEquals": {"aws:TagKeys": []}}"#),
        good: policy!("ec2:CreateTags", r#"{"Null": {"aws:TagKeys": "true"}}"#),
    },
    Rule {
        code: "EMPTY_ARRAY_CONDITION_FORANYVALUE",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`ForAnyValue:` tests a key against an empty list.",
        explanation: "`ForAnyValue:` matches when at least one value of the request is in the list: \
            with an empty list it never matches, so the statement has no effect. Give the values \
            to compare with.",
        bad: policy!("ec2:CreateTags", r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": []}}"#),
        good: policy!("ec2:CreateTags", r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}"#),
    },
    Rule {
        code: "EMPTY_ARRAY_CONDITION_IFEXISTS",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "An `IfExists` operator tests a key against an empty list.",
        explanation: "`…IfExists` matches when the key is missing; with an empty list a present key \
            never matches, so the condition only tests that the key is missing. Say so with `Null` \
            and `\"true\"`.",
        bad: policy!("s3:GetObject", r#"{"StringEqualsIfExists": {"aws:PrincipalOrgID": []}}"#),
        good: policy!("s3:GetObject", r#"{"Null": {"aws:PrincipalOrgID": "true"}}"#),
    },
    Rule {
        code: "TYPE_MISMATCH",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "The operator does not fit the condition key's type.",
        explanation: "Each key has a type (String, Numeric, Date, Bool, IP address, ARN, Binary) and is \
            compared with its own family of operators. `StringEquals` on `aws:CurrentTime` compares \
            the date's text, `DateGreaterThan` on `aws:SourceIp` never matches. An `Arn` operator on \
            a String key reads its value as an ARN, which works when it holds one, but Access \
            Analyzer asks for the key's own type, and so does this rule (a fix offers `StringLike`). \
            Numeric operators on the Date keys their service documents as epoch seconds \
            (`aws:EpochTime`, `kms:ValidTo`) are fine. A `Like` operator on an ARN key is \
            `STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS`.",
        bad: policy!("s3:GetObject", r#"{"StringLike": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#),
        good: policy!("s3:GetObject", r#"{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#),
    },
    Rule {
        code: "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "`StringLike` tests an ARN key.",
        explanation: "`StringLike` matches the ARN as one text, so a `*` can span several of its \
            colon-separated fields; `ArnLike` matches field by field, which is what AWS \
            recommends for ARN keys. `StringEquals` compares the whole ARN exactly and is not \
            reported. Formerly `TYPE_MISMATCH_STRING_ON_ARN`.",
        bad: policy!("sns:Publish", r#"{"StringLike": {"aws:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket"}}"#),
        good: policy!("sns:Publish", r#"{"ArnLike": {"aws:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket"}}"#),
    },
    Rule {
        code: "TYPE_MISMATCH_IP_RANGE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The value is not an IP address or CIDR range.",
        explanation: "`IpAddress` and `NotIpAddress` take IPv4 or IPv6 addresses, optionally with a \
            prefix length (`203.0.113.0/24`, `2001:db8::/32`): octets 0–255, prefixes up to /32 \
            for IPv4 and /128 for IPv6. IAM rejects other values. Formerly `INVALID_IP_ADDRESS`.",
        bad: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "10.0.0.300/24"}}"#),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/24"}}"#),
    },
    Rule {
        code: "TYPE_MISMATCH_DATE",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "The value is not a date.",
        explanation: "Date operators take an ISO 8601 date or date-time (`2024-12-31`, \
            `2024-12-31T23:59:59Z`, with an optional fraction and time-zone offset) or a number of \
            seconds since the Unix epoch. Month, day, hour, minute and second must be in range. \
            Formerly `INVALID_DATE`.",
        bad: policy!("s3:GetObject", r#"{"DateLessThan": {"aws:CurrentTime": "2024-13-01"}}"#),
        good: policy!("s3:GetObject", r#"{"DateLessThan": {"aws:CurrentTime": "2024-12-01"}}"#),
    },
    Rule {
        code: "TYPE_MISMATCH_NUMBER",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "The value is not a number.",
        explanation: "Numeric operators take an integer or decimal number (`3600`, `-1`, `0.5`), as a \
            JSON number or string. Formerly `INVALID_NUMBER`.",
        bad: policy!("s3:GetObject", r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "ten"}}"#),
        good: policy!("s3:GetObject", r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#),
    },
    Rule {
        code: "TYPE_MISMATCH_STRING",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A Binary operator's value is not base64.",
        explanation: "`BinaryEquals` compares the key's bytes with the base64-encoded value: text \
            that is not base64 (with its `=` padding) never matches.",
        bad: policy!("s3:GetObject", r#"{"BinaryEquals": {"aws:PrincipalTag/key": "not base64"}}"#),
        good: policy!("s3:GetObject", r#"{"BinaryEquals": {"aws:PrincipalTag/key": "QmluYXJ5VmFsdWU="}}"#),
    },
    Rule {
        code: "INVALID_CONDITION_DATA_TYPE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "One key's values mix JSON types.",
        explanation: "Access Analyzer requires the values of one condition key to share a JSON type: \
            `[\"3600\", 900]` mixes a string and a number, `[true, \"false\"]` a boolean and a \
            string. Each value of another type than the first is reported, unless a \
            `TYPE_MISMATCH_*` rule already reports it because the operator cannot read it; the fix \
            rewrites it in the first value's type when it reads the same there.",
        bad: policy!("s3:GetObject", r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": ["3600", 900]}}"#),
        good: policy!("s3:GetObject", r#"{"NumericEquals": {"aws:MultiFactorAuthAge": ["3600", "900"]}}"#),
    },
    Rule {
        code: "INVALID_KMS_KEY_VALUE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A key that holds a KMS key ARN is compared with something else.",
        explanation: "Keys such as `s3:x-amz-server-side-encryption-aws-kms-key-id`, \
            `secretsmanager:KmsKeyArn` or `sagemaker:VolumeKmsKeyArn` hold the ARN of the KMS key \
            the request uses, `arn:aws:kms:<region>:<account>:key/<key-id>`, even when the caller \
            named the key by its ID or an alias: a key ID, an alias or an alias ARN in the condition \
            never matches. Patterns and policy variables are not checked.",
        bad: policy!(
            "s3:PutObject",
            r#"{"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "alias/my-key"}}"#
        ),
        good: policy!(
            "s3:PutObject",
            r#"{"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}"#
        ),
    },
    Rule {
        code: "INVALID_REGION",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A Region-valued condition key is compared with an unknown Region.",
        explanation: "`aws:RequestedRegion`, `ec2:Region`, `kms:ReplicaRegion` and the other keys that \
            hold a Region code never hold a value that is no Region (`us-east1`, `virginia`), so an \
            `Allow` grants nothing and a `StringNotEquals` deny applies everywhere. The fix offers \
            the closest Regions. A value shaped like a Region code but not in the list (every \
            commercial, China, GovCloud, isolated and European Sovereign Cloud Region) is a warning: \
            it may be a Region opened since. Patterns and policy variables are not checked.",
        bad: policy!("ec2:RunInstances", r#"{"StringEquals": {"aws:RequestedRegion": "us-east1"}}"#),
        good: policy!("ec2:RunInstances", r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#),
    },
    Rule {
        code: "INVALID_SERVICE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A condition key or a resource ARN names a service that does not exist.",
        explanation: "A condition key's prefix is a service prefix of the Service Authorization \
            Reference (or `aws`); an unknown one names a key no request has, so the condition never \
            matches. The fix offers the closest prefixes. Federation keys named after an identity \
            provider (`saml:`, `accounts.google.com:`, `token.actions.githubusercontent.com:`) are \
            not service keys and are not checked. A service the reference has dropped is retired, \
            no typo: its keys and, in a `Resource`, its ARNs (`arn:aws:elastic-inference:…`, \
            which Access Analyzer reports the same way) are a warning.",
        bad: policy!("s3:GetObject", r#"{"StringEquals": {"s4:ExistingObjectTag/team": "data"}}"#),
        good: policy!("s3:GetObject", r#"{"StringEquals": {"s3:ExistingObjectTag/team": "data"}}"#),
    },
    Rule {
        code: "INVALID_VARIABLE_FOR_OPERATOR",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable is used with an operator that does not resolve it.",
        explanation: "Policy variables are resolved in `Resource` and under String and ARN operators \
            only. Under Numeric, Date, Bool, Binary, IP address and `Null` operators `${…}` is not \
            replaced, so the value is not what was meant.",
        bad: policy!(
            "s3:GetObject",
            r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:PrincipalTag/max-age}"}}"#
        ),
        good: policy!("s3:GetObject", r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#),
    },
    Rule {
        code: "WILDCARD_WITHOUT_LIKE_OPERATOR",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A value holds `*` or `?` under an operator that compares literally.",
        explanation: "Only `StringLike`, `StringNotLike` and the `Arn` operators read `*` and `?` as \
            wildcards; `StringEquals` compares them as characters, so `\"home/*\"` matches only the \
            text `home/*`. Use the `Like` operator if a pattern was meant (`${*}` and `${?}` stand \
            for the characters themselves and are not reported).",
        bad: policy!("s3:ListBucket", r#"{"StringEquals": {"s3:prefix": "home/*"}}"#),
        good: policy!("s3:ListBucket", r#"{"StringLike": {"s3:prefix": "home/*"}}"#),
    },
    Rule {
        code: "IMPROVE_IP_RANGE",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "A CIDR range has bits set after its prefix.",
        explanation: "IAM ignores the address bits after the prefix length, so `10.1.2.3/8` is \
            `10.0.0.0/8`. Write the network address so the range reads as what it matches; the \
            fix does so.",
        bad: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}"#),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#),
    },
    Rule {
        code: "PRIVATE_IP_ADDRESS",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "`IpAddress` tests `aws:SourceIp` against private ranges only.",
        explanation: "`aws:SourceIp` holds the public address a request comes from; requests through \
            a VPC endpoint carry their private address in `aws:VpcSourceIp`. With only private \
            ranges (`10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, `fc00::/7`) the condition never \
            matches.",
        bad: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}}"#),
    },
    Rule {
        code: "PRIVATE_IP_ADDRESS_SUBSET",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`IpAddress` tests `aws:SourceIp` against public and private ranges.",
        explanation: "`aws:SourceIp` never holds a private address, so the private ranges of the list \
            have no effect; test them with `aws:VpcSourceIp`.",
        bad: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}"#),
        good: policy!("s3:GetObject", r#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}"#),
    },
    Rule {
        code: "PRIVATE_NOT_IP_ADDRESS",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "`NotIpAddress` tests `aws:SourceIp` against private ranges only.",
        explanation: "`aws:SourceIp` never holds a private address, so `NotIpAddress` with only \
            private ranges matches every request and has no effect; test private addresses with \
            `aws:VpcSourceIp`.",
        bad: policy!("s3:GetObject", r#"{"NotIpAddress": {"aws:SourceIp": "192.168.0.0/16"}}"#),
        good: policy!("s3:GetObject", r#"{"NotIpAddress": {"aws:VpcSourceIp": "192.168.0.0/16"}}"#),
    },
    Rule {
        code: "PRIVATE_NOT_IP_ADDRESS_SUBSET",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`NotIpAddress` tests `aws:SourceIp` against public and private ranges.",
        explanation: "`aws:SourceIp` never holds a private address, so the private ranges of a \
            `NotIpAddress` list have no effect; test them with `aws:VpcSourceIp`.",
        bad: policy!("s3:GetObject", r#"{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "172.16.0.0/12"]}}"#),
        good: policy!("s3:GetObject", r#"{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}"#),
    },
    Rule {
        code: "INVALID_VPC_FORMAT",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "An `aws:SourceVpc` value is not a VPC ID.",
        explanation: "VPC IDs are `vpc-` followed by 8 or 17 letters and digits (`vpc-1a2b3c4d`, \
            `vpc-11223344556677889`). Any other value never matches. Patterns under `StringLike` \
            are not checked.",
        bad: policy!("s3:GetObject", r#"{"StringEquals": {"aws:SourceVpc": "vpc-123"}}"#),
        good: policy!("s3:GetObject", r#"{"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}"#),
    },
    Rule {
        code: "INVALID_VPCE_FORMAT",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "An `aws:SourceVpce` value is not a VPC endpoint ID.",
        explanation: "VPC endpoint IDs are `vpce-` followed by 8 or 17 letters and digits \
            (`vpce-1a2b3c4d`, `vpce-11223344556677889`). Any other value never matches. Patterns \
            under `StringLike` are not checked.",
        bad: policy!("s3:GetObject", r#"{"StringEquals": {"aws:SourceVpce": "vpc-1a2b3c4d"}}"#),
        good: policy!("s3:GetObject", r#"{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#),
    },
    Rule {
        code: "EQUIVALENT_TO_NULL_FALSE",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`StringLike` with `*` only tests that the key is present.",
        explanation: "`*` matches every value, the empty one included, so `StringLike` (or \
            `ForAnyValue:StringLike`) with a `*` value matches exactly when the request has the key: \
            what `\"Null\": {\"key\": \"false\"}` says plainly. Access Analyzer recommends the `Null` \
            test; the fix rewrites the entry as one (`StringLikeIfExists` and `ForAllValues:` with \
            `*` match every request and are not reported).",
        bad: policy!("ec2:CreateTags", r#"{"StringLike": {"aws:RequestTag/team": "*"}}"#),
        good: policy!("ec2:CreateTags", r#"{"Null": {"aws:RequestTag/team": "false"}}"#),
    },
    Rule {
        code: "EQUIVALENT_TO_NULL_TRUE",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`StringNotLike` with `*` only tests that the key is absent.",
        explanation: "`*` matches every value, so `StringNotLike` (with or without `IfExists`, or \
            `ForAllValues:StringNotLike`) with a `*` value matches exactly when the request lacks the \
            key: what `\"Null\": {\"key\": \"true\"}` says plainly. Access Analyzer recommends the \
            `Null` test; the fix rewrites the entry as one.",
        bad: policy!("ec2:CreateTags", r#"{"StringNotLike": {"aws:RequestTag/team": "*"}}"#),
        good: policy!("ec2:CreateTags", r#"{"Null": {"aws:RequestTag/team": "true"}}"#),
    },
    Rule {
        code: "REDUNDANT_CONDITION_VALUE_NUM",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "Several values under a Numeric comparison, where one decides.",
        explanation: "A key's values are alternatives: `NumericLessThan` with `2700` and `3600` matches \
            below 3600, so `2700` changes nothing. Under `NumericLessThan(Equals)` only the greatest \
            value counts, under `NumericGreaterThan(Equals)` only the least; the fix keeps that one.",
        bad: policy!("s3:GetObject", r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}"#),
        good: policy!("s3:GetObject", r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#),
    },
    Rule {
        code: "INVALID_DATE_VALUE",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A Date operator's value is epoch seconds.",
        explanation: "IAM reads a number under a Date operator as seconds since 1970-01-01, but Access \
            Analyzer warns that epoch time might not resolve to the time meant and recommends the \
            W3C format (`2024-12-31`, `2024-12-31T23:59:59Z`). The fix writes the same instant that \
            way. Eight digits (`20241231`) are also the ISO basic form of a date, so there the fix \
            offers that date and is not applied unattended. Values that are no date at all are \
            `TYPE_MISMATCH_DATE`.",
        bad: policy!("s3:GetObject", r#"{"DateLessThan": {"aws:CurrentTime": "1735689600"}}"#),
        good: policy!("s3:GetObject", r#"{"DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}}"#),
    },
];
