use super::Severity;
use super::access_analyzer::{self, Check};
use crate::policy::PolicyType;

/// A documented rule. Codes are IAM Access Analyzer's issue codes wherever one exists, so users can
/// search for them.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    /// The policy types the rule can report in.
    pub types: Types,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters and what IAM does.
    pub explanation: &'static str,
    /// A policy (or fragment) that triggers the rule.
    pub bad: &'static str,
    /// The same policy written correctly.
    pub good: &'static str,
}

/// The policy types a rule applies to.
#[derive(Debug, Clone, Copy)]
pub struct Types(&'static [PolicyType]);

impl Types {
    /// Every policy type.
    pub const ALL: Types = Types(&[]);

    pub const fn only(types: &'static [PolicyType]) -> Types {
        Types(types)
    }

    pub fn contains(self, policy_type: PolicyType) -> bool {
        self.0.is_empty() || self.0.contains(&policy_type)
    }

    /// The listed types; every type when the rule is not restricted.
    pub fn iter(self) -> impl Iterator<Item = PolicyType> {
        let all: &[PolicyType] = if self.0.is_empty() { &PolicyType::ALL } else { self.0 };
        all.iter().copied()
    }

    pub fn is_all(self) -> bool {
        self.0.is_empty()
    }
}

impl Rule {
    /// For rule tables written as calls rather than struct literals.
    pub const fn new(
        code: &'static str,
        severity: Severity,
        summary: &'static str,
        explanation: &'static str,
        bad: &'static str,
        good: &'static str,
    ) -> Rule {
        Rule { code, types: Types::ALL, severity, summary, explanation, bad, good }
    }

    /// The extension of the file the examples are written as, which decides how they are read:
    /// the Terraform rules' examples are Terraform, the YAML rules' YAML.
    pub fn example_file(&self) -> &'static str {
        match self.code.split('_').next() {
            Some("TERRAFORM") => "tf",
            Some("YAML") => "yaml",
            _ => "json",
        }
    }

    /// The code fence language of the examples.
    pub fn example_language(&self) -> &'static str {
        match self.example_file() {
            "tf" => "hcl",
            other => other,
        }
    }

    /// The same rule, restricted to these policy types.
    pub const fn only(self, types: &'static [PolicyType]) -> Rule {
        Rule { types: Types(types), ..self }
    }

    /// The Access Analyzer check this rule implements; `None` when the rule is iam-lsp's own.
    pub fn access_analyzer(&self) -> Option<&'static Check> {
        access_analyzer::check(self.code)
    }
}
