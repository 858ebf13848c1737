use super::Severity;

/// A documented rule. Codes are IAM Access Analyzer's issue codes wherever one exists, so users can
/// search for them.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
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
        Rule { code, severity, summary, explanation, bad, good }
    }
}
