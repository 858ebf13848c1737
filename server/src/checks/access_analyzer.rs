//! IAM Access Analyzer's policy checks, as the IAM User Guide's "IAM policy validation check
//! reference" lists them (a copy is in the project's shared reference). A rule whose code is here is
//! that check: it takes the check's default severity, and the rules reference says so. A check no rule
//! implements must name, in [`NOT_OFFLINE`], why it cannot run offline.

use super::Severity;

/// Access Analyzer's finding types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingType {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

impl FindingType {
    /// As Access Analyzer prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingType::Error => "ERROR",
            FindingType::SecurityWarning => "SECURITY_WARNING",
            FindingType::Warning => "WARNING",
            FindingType::Suggestion => "SUGGESTION",
        }
    }

    /// The default severity, so CI exit codes mean what the console means.
    pub fn severity(self) -> Severity {
        match self {
            FindingType::Error => Severity::Error,
            FindingType::SecurityWarning | FindingType::Warning => Severity::Warning,
            FindingType::Suggestion => Severity::Info,
        }
    }
}

/// One check of the reference.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub code: &'static str,
    pub finding_type: FindingType,
    /// The reference's heading, without the finding type.
    pub title: &'static str,
}

/// The checks that no rule implements, and why they cannot run offline.
pub const NOT_OFFLINE: &[(&str, &str)] = &[
    (
        "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
        "obsolete: since September 2025 SCPs support the full IAM policy language, wildcards anywhere in an \
         action included (Organizations user guide, SCP syntax); reporting `iam:*Role` would be a false error",
    ),
    (
        "IRRELEVANT_CONDITION_KEY_IN_POLICY",
        "Which condition keys Access Analyzer deems irrelevant to each resource type's policy is not published: \
         its reference names one example (`s3:ResourceAccount` in bucket and access point policies), the Service \
         Authorization Reference lists every key as usable, and guessing the rest would report keys AWS evaluates.",
    ),
    (
        "USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES",
        "Access Analyzer does not publish which condition keys it limits to specific services, nor which services those are",
    ),
    (
        "VARIABLE_USAGE_TOO_PERMISSIVE",
        "Access Analyzer's list of sensitive condition keys and of keys needing 6 characters before a variable is not published (the reference points at the global keys page, which marks none)",
    ),
    (
        "WILDCARD_USAGE_TOO_PERMISSIVE",
        "Access Analyzer's list of sensitive condition keys and of keys needing 6 characters before a wildcard is not published (the reference points at the global keys page, which marks none)",
    ),
];

/// Checks that can run offline but are not implemented yet: the rules reference lists them as such,
/// and the test below keeps the list from hiding an implemented one.
pub const NOT_YET: &[&str] = &[];

/// Every check of the reference, sorted by code.
pub const CHECKS: &[Check] = {
    use FindingType::*;
    &[
        Check {
            code: "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            finding_type: Suggestion,
            title: "Allow NotAction with unsupported tag condition key for service",
        },
        Check { code: "ALLOW_WITH_NOT_PRINCIPAL", finding_type: SecurityWarning, title: "Allow with NotPrincipal" },
        Check {
            code: "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            finding_type: Suggestion,
            title: "Allow with unsupported tag condition key for service",
        },
        Check { code: "ARN_ACCOUNT_NOT_ALLOWED", finding_type: Error, title: "ARN account not allowed" },
        Check { code: "ARN_REGION_NOT_ALLOWED", finding_type: Error, title: "ARN Region not allowed" },
        Check { code: "CONFIRM_AUDIENCE_CLAIM_TYPE", finding_type: Suggestion, title: "Confirm audience claim type" },
        Check {
            code: "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
            finding_type: Warning,
            title: "Create SLR with NotAction and NotResource",
        },
        Check { code: "CREATE_SLR_WITH_NOT_RESOURCE", finding_type: Warning, title: "Create SLR with NotResource" },
        Check {
            code: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
            finding_type: Warning,
            title: "Create SLR with star in action and NotResource",
        },
        Check {
            code: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
            finding_type: Warning,
            title: "Create SLR with star in action and resource",
        },
        Check {
            code: "CREATE_SLR_WITH_STAR_IN_RESOURCE",
            finding_type: Warning,
            title: "Create SLR with star in resource",
        },
        Check {
            code: "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
            finding_type: Warning,
            title: "Create SLR with star in resource and NotAction",
        },
        Check { code: "DATA_TYPE_MISMATCH", finding_type: Error, title: "Data type mismatch" },
        Check {
            code: "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            finding_type: SecurityWarning,
            title: "Deny NotAction with unsupported tag condition key for service",
        },
        Check {
            code: "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            finding_type: SecurityWarning,
            title: "Deny with unsupported tag condition key for service",
        },
        Check {
            code: "DEPRECATED_GLOBAL_CONDITION_KEY",
            finding_type: Warning,
            title: "Deprecated global condition key",
        },
        Check {
            code: "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
            finding_type: Error,
            title: "Duplicate keys with different case",
        },
        Check {
            code: "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT",
            finding_type: SecurityWarning,
            title: "DynamoDB attributes without select",
        },
        Check { code: "EMPTY_ARRAY_ACTION", finding_type: Suggestion, title: "Empty array action" },
        Check { code: "EMPTY_ARRAY_CONDITION", finding_type: Suggestion, title: "Empty array condition" },
        Check {
            code: "EMPTY_ARRAY_CONDITION_FORALLVALUES",
            finding_type: Suggestion,
            title: "Empty array condition ForAllValues",
        },
        Check {
            code: "EMPTY_ARRAY_CONDITION_FORANYVALUE",
            finding_type: Suggestion,
            title: "Empty array condition ForAnyValue",
        },
        Check {
            code: "EMPTY_ARRAY_CONDITION_IFEXISTS",
            finding_type: Suggestion,
            title: "Empty array condition IfExists",
        },
        Check { code: "EMPTY_ARRAY_PRINCIPAL", finding_type: Suggestion, title: "Empty array principal" },
        Check { code: "EMPTY_ARRAY_RESOURCE", finding_type: Suggestion, title: "Empty array resource" },
        Check { code: "EMPTY_OBJECT_CONDITION", finding_type: Suggestion, title: "Empty object condition" },
        Check { code: "EMPTY_OBJECT_PRINCIPAL", finding_type: Suggestion, title: "Empty object principal" },
        Check { code: "EMPTY_SID_VALUE", finding_type: Suggestion, title: "Empty Sid value" },
        Check { code: "EMPTY_VARIABLE", finding_type: Error, title: "Empty variable" },
        Check { code: "EQUIVALENT_TO_NULL_FALSE", finding_type: Suggestion, title: "Equivalent to null false" },
        Check { code: "EQUIVALENT_TO_NULL_TRUE", finding_type: Suggestion, title: "Equivalent to null true" },
        Check {
            code: "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
            finding_type: Error,
            title: "Federated principal not supported",
        },
        Check {
            code: "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            finding_type: SecurityWarning,
            title: "ForAllValues with single valued key",
        },
        Check {
            code: "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE",
            finding_type: SecurityWarning,
            title: "ForAnyValue with audience claim type",
        },
        Check { code: "IMPROVE_IP_RANGE", finding_type: Suggestion, title: "Improve IP range" },
        Check { code: "INVALID_ACTION", finding_type: Error, title: "Invalid action" },
        Check { code: "INVALID_ARN_ACCOUNT", finding_type: Error, title: "Invalid ARN account" },
        Check { code: "INVALID_ARN_PREFIX", finding_type: Error, title: "Invalid ARN prefix" },
        Check { code: "INVALID_ARN_REGION", finding_type: Error, title: "Invalid ARN Region" },
        Check { code: "INVALID_ARN_RESOURCE", finding_type: Error, title: "Invalid ARN resource" },
        Check { code: "INVALID_ARN_SERVICE_CASE", finding_type: Error, title: "Invalid ARN service case" },
        Check { code: "INVALID_CONDITION_DATA_TYPE", finding_type: Error, title: "Invalid condition data type" },
        Check { code: "INVALID_CONDITION_KEY_FORMAT", finding_type: Error, title: "Invalid condition key format" },
        Check {
            code: "INVALID_CONDITION_MULTIPLE_BOOLEAN",
            finding_type: Error,
            title: "Invalid condition multiple Boolean",
        },
        Check { code: "INVALID_CONDITION_OPERATOR", finding_type: Error, title: "Invalid condition operator" },
        Check { code: "INVALID_DATE_VALUE", finding_type: Warning, title: "Invalid date value" },
        Check { code: "INVALID_EFFECT", finding_type: Error, title: "Invalid effect" },
        Check {
            code: "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
            finding_type: Error,
            title: "Invalid federated principal syntax in role trust policy",
        },
        Check { code: "INVALID_GLOBAL_CONDITION_KEY", finding_type: Error, title: "Invalid global condition key" },
        Check { code: "INVALID_KMS_KEY_VALUE", finding_type: Error, title: "Invalid kms key value" },
        Check { code: "INVALID_PARTITION", finding_type: Error, title: "Invalid partition" },
        Check { code: "INVALID_POLICY_ELEMENT", finding_type: Error, title: "Invalid policy element" },
        Check { code: "INVALID_PRINCIPAL_FORMAT", finding_type: Error, title: "Invalid principal format" },
        Check { code: "INVALID_PRINCIPAL_KEY", finding_type: Error, title: "Invalid principal key" },
        Check { code: "INVALID_REGION", finding_type: Error, title: "Invalid Region" },
        Check { code: "INVALID_ROLE_REFERENCE", finding_type: Warning, title: "Invalid role reference" },
        Check { code: "INVALID_SERVICE", finding_type: Error, title: "Invalid service" },
        Check { code: "INVALID_SERVICE_CONDITION_KEY", finding_type: Error, title: "Invalid service condition key" },
        Check { code: "INVALID_SERVICE_IN_ACTION", finding_type: Error, title: "Invalid service in action" },
        Check {
            code: "INVALID_SERVICE_PRINCIPAL_FORMAT",
            finding_type: Error,
            title: "Invalid service principal format",
        },
        Check { code: "INVALID_USER_REFERENCE", finding_type: Warning, title: "Invalid user reference" },
        Check { code: "INVALID_VARIABLE_FOR_OPERATOR", finding_type: Error, title: "Invalid variable for operator" },
        Check { code: "INVALID_VERSION", finding_type: Error, title: "Invalid version" },
        Check { code: "INVALID_VPCE_FORMAT", finding_type: Error, title: "Invalid vpce format" },
        Check { code: "INVALID_VPC_FORMAT", finding_type: Error, title: "Invalid vpc format" },
        Check {
            code: "IRRELEVANT_CONDITION_KEY_IN_POLICY",
            finding_type: Suggestion,
            title: "Irrelevant condition key in policy",
        },
        Check { code: "JSON_SYNTAX_ERROR", finding_type: Error, title: "Json syntax error" },
        Check {
            code: "MISMATCHED_ACTION_FOR_PRINCIPAL",
            finding_type: Error,
            title: "Mismatched action for principal",
        },
        Check { code: "MISSING_ACTION", finding_type: Error, title: "Missing action" },
        Check {
            code: "MISSING_ACTION_FOR_CONDITION_KEY",
            finding_type: Error,
            title: "Missing action for condition key",
        },
        Check {
            code: "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
            finding_type: Error,
            title: "Missing action for roles anywhere trust policy",
        },
        Check { code: "MISSING_ARN_ACCOUNT", finding_type: Error, title: "Missing ARN account" },
        Check { code: "MISSING_ARN_FIELD", finding_type: Error, title: "Missing ARN field" },
        Check { code: "MISSING_ARN_REGION", finding_type: Error, title: "Missing ARN Region" },
        Check { code: "MISSING_BRACE_IN_VARIABLE", finding_type: Error, title: "Missing brace in variable" },
        Check {
            code: "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
            finding_type: SecurityWarning,
            title: "Missing condition key for oidc principal",
        },
        Check { code: "MISSING_EFFECT", finding_type: Error, title: "Missing effect" },
        Check {
            code: "MISSING_GITHUB_REPO_CONDITION_KEY",
            finding_type: SecurityWarning,
            title: "Missing github repo condition key",
        },
        Check {
            code: "MISSING_PAIRED_CONDITION_KEYS",
            finding_type: SecurityWarning,
            title: "Missing paired condition keys",
        },
        Check { code: "MISSING_PRINCIPAL", finding_type: Error, title: "Missing principal" },
        Check { code: "MISSING_QUALIFIER", finding_type: Error, title: "Missing qualifier" },
        Check { code: "MISSING_QUOTE_IN_VARIABLE", finding_type: Error, title: "Missing quote in variable" },
        Check { code: "MISSING_RESOURCE", finding_type: Error, title: "Missing resource" },
        Check { code: "MISSING_STATEMENT", finding_type: Error, title: "Missing statement" },
        Check { code: "MISSING_TAG_KEY_IN_CONDITION", finding_type: Error, title: "Missing tag key in condition" },
        Check { code: "MISSING_VERSION", finding_type: Warning, title: "Missing version" },
        Check { code: "NULL_WITH_IF_EXISTS", finding_type: Error, title: "Null with if exists" },
        Check { code: "NULL_WITH_QUALIFIER", finding_type: Suggestion, title: "Null with qualifier" },
        Check {
            code: "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
            finding_type: SecurityWarning,
            title: "Pass role with NotAction and NotResource",
        },
        Check {
            code: "PASS_ROLE_WITH_NOT_RESOURCE",
            finding_type: SecurityWarning,
            title: "Pass role with NotResource",
        },
        Check {
            code: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
            finding_type: SecurityWarning,
            title: "Pass role with star in action and NotResource",
        },
        Check {
            code: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
            finding_type: SecurityWarning,
            title: "Pass role with star in action and resource",
        },
        Check {
            code: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
            finding_type: SecurityWarning,
            title: "Pass role with star in resource",
        },
        Check {
            code: "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
            finding_type: SecurityWarning,
            title: "Pass role with star in resource and NotAction",
        },
        Check {
            code: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
            finding_type: Warning,
            title: "Policy size exceeds identity policy quota",
        },
        Check { code: "POLICY_SIZE_EXCEEDS_RCP_QUOTA", finding_type: Error, title: "Policy size exceeds RCP quota" },
        Check {
            code: "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
            finding_type: Warning,
            title: "Policy size exceeds resource policy quota",
        },
        Check {
            code: "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
            finding_type: Warning,
            title: "Policy size exceeds role trust policy quota",
        },
        Check { code: "POLICY_SIZE_EXCEEDS_SCP_QUOTA", finding_type: Error, title: "Policy size exceeds SCP quota" },
        Check { code: "PRIVATE_IP_ADDRESS", finding_type: Error, title: "Private IP address" },
        Check { code: "PRIVATE_IP_ADDRESS_SUBSET", finding_type: Suggestion, title: "Private IP address subset" },
        Check { code: "PRIVATE_NOT_IP_ADDRESS", finding_type: Error, title: "Private NotIpAddress" },
        Check { code: "PRIVATE_NOT_IP_ADDRESS_SUBSET", finding_type: Suggestion, title: "Private NotIpAddress subset" },
        Check {
            code: "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY",
            finding_type: Warning,
            title: "RCP missing related principal condition key",
        },
        Check {
            code: "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
            finding_type: Warning,
            title: "RCP missing related service principal condition key",
        },
        Check {
            code: "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK",
            finding_type: Warning,
            title: "RCP missing service condition key null check",
        },
        Check { code: "RCP_SYNTAX_ERROR_ACTION", finding_type: Error, title: "RCP syntax error action" },
        Check { code: "RCP_SYNTAX_ERROR_ALLOW", finding_type: Error, title: "RCP syntax error allow" },
        Check { code: "RCP_SYNTAX_ERROR_NOTACTION", finding_type: Error, title: "RCP syntax error NotAction" },
        Check { code: "RCP_SYNTAX_ERROR_PRINCIPAL", finding_type: Error, title: "RCP syntax error principal" },
        Check {
            code: "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
            finding_type: Suggestion,
            title: "Recommended condition key for service principal",
        },
        Check { code: "REDUNDANT_ACTION", finding_type: Suggestion, title: "Redundant action" },
        Check {
            code: "REDUNDANT_CONDITION_VALUE_NUM",
            finding_type: Suggestion,
            title: "Redundant condition value num",
        },
        Check {
            code: "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION",
            finding_type: Suggestion,
            title: "Redundant key due to wildcard in condition",
        },
        Check {
            code: "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
            finding_type: Suggestion,
            title: "Redundant principal in role trust policy",
        },
        Check { code: "REDUNDANT_RESOURCE", finding_type: Suggestion, title: "Redundant resource" },
        Check { code: "REDUNDANT_STATEMENT", finding_type: Suggestion, title: "Redundant statement" },
        Check {
            code: "REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION",
            finding_type: Suggestion,
            title: "Redundant statement due to wildcard in condition",
        },
        Check {
            code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
            finding_type: SecurityWarning,
            title: "Restrict access to service principal",
        },
        Check {
            code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
            finding_type: Error,
            title: "Role trust policy syntax error notprincipal",
        },
        Check {
            code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
            finding_type: Error,
            title: "Role trust policy syntax error resource",
        },
        Check {
            code: "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
            finding_type: Error,
            title: "Role trust policy unsupported wildcard in principal",
        },
        Check {
            code: "S3_PREFIX_IN_NEGATIVE_CONTEXT",
            finding_type: SecurityWarning,
            title: "S3 prefix in negative context",
        },
        Check {
            code: "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
            finding_type: Error,
            title: "SCP syntax error action wildcard",
        },
        Check { code: "SCP_SYNTAX_ERROR_PRINCIPAL", finding_type: Error, title: "SCP syntax error principal" },
        Check {
            code: "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
            finding_type: Warning,
            title: "Specific github repo and branch recommended",
        },
        Check {
            code: "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
            finding_type: SecurityWarning,
            title: "String like operator with ARN condition keys",
        },
        Check { code: "TYPE_MISMATCH", finding_type: Warning, title: "Type mismatch" },
        Check { code: "TYPE_MISMATCH_BOOLEAN", finding_type: Warning, title: "Type mismatch Boolean" },
        Check { code: "TYPE_MISMATCH_DATE", finding_type: Warning, title: "Type mismatch date" },
        Check { code: "TYPE_MISMATCH_IP_RANGE", finding_type: Error, title: "Type mismatch IP range" },
        Check { code: "TYPE_MISMATCH_NUMBER", finding_type: Warning, title: "Type mismatch number" },
        Check { code: "TYPE_MISMATCH_STRING", finding_type: Warning, title: "Type mismatch string" },
        Check { code: "UNIQUE_SIDS_RECOMMENDED", finding_type: Warning, title: "Unique Sids recommended" },
        Check { code: "UNIQUE_SIDS_REQUIRED", finding_type: Error, title: "Unique Sids required" },
        Check {
            code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
            finding_type: Error,
            title: "Unsupported action for condition key",
        },
        Check { code: "UNSUPPORTED_ACTION_IN_POLICY", finding_type: Error, title: "Unsupported action in policy" },
        Check {
            code: "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
            finding_type: Error,
            title: "Unsupported condition key for service principal",
        },
        Check {
            code: "UNSUPPORTED_ELEMENT_COMBINATION",
            finding_type: Error,
            title: "Unsupported element combination",
        },
        Check {
            code: "UNSUPPORTED_GLOBAL_CONDITION_KEY",
            finding_type: Error,
            title: "Unsupported global condition key",
        },
        Check { code: "UNSUPPORTED_PRINCIPAL", finding_type: Error, title: "Unsupported principal" },
        Check {
            code: "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
            finding_type: Error,
            title: "Unsupported resource ARN in policy",
        },
        Check { code: "UNSUPPORTED_SID", finding_type: Error, title: "Unsupported Sid" },
        Check { code: "UNSUPPORTED_SPACE_IN_VARIABLE", finding_type: Error, title: "Unsupported space in variable" },
        Check {
            code: "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
            finding_type: Error,
            title: "Unsupported wildcard in principal",
        },
        Check {
            code: "UNTRUSTWORTHY_CONDITION_KEY",
            finding_type: SecurityWarning,
            title: "Untrustworthy condition key",
        },
        Check {
            code: "USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES",
            finding_type: Warning,
            title: "Use condition key only with supported services",
        },
        Check {
            code: "VARIABLE_UNSUPPORTED_IN_ELEMENT",
            finding_type: Error,
            title: "Variable unsupported in element",
        },
        Check {
            code: "VARIABLE_UNSUPPORTED_IN_VERSION",
            finding_type: Error,
            title: "Variable unsupported in version",
        },
        Check { code: "VARIABLE_USAGE_TOO_PERMISSIVE", finding_type: Error, title: "Variable usage too permissive" },
        Check { code: "WILDCARD_IN_SERVICE_NAME", finding_type: Suggestion, title: "Wildcard in service name" },
        Check { code: "WILDCARD_USAGE_TOO_PERMISSIVE", finding_type: Error, title: "Wildcard usage too permissive" },
        Check {
            code: "WILDCARD_WITHOUT_LIKE_OPERATOR",
            finding_type: Warning,
            title: "Wildcard without like operator",
        },
    ]
};

/// The check with this code.
pub fn check(code: &str) -> Option<&'static Check> {
    CHECKS.binary_search_by(|c| c.code.cmp(code)).ok().map(|i| &CHECKS[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_unique() {
        assert!(CHECKS.windows(2).all(|w| w[0].code < w[1].code));
        assert!(NOT_OFFLINE.iter().all(|(code, why)| check(code).is_some() && !why.is_empty()));
    }
}
