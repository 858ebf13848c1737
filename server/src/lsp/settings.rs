//! User settings, from `initializationOptions` and `workspace/didChangeConfiguration`:
//!
//! ```json
//! { "severity": { "MISSING_VERSION": "off", "REDUNDANT_ACTION": "hint" },
//!   "policyTypes": { "**/trust*.json": "trust" },
//!   "resourceTypes": { "**/bucket-policies/*.json": "AWS::S3::Bucket" },
//!   "inlayHints": true,
//!   "reportJsonSyntax": true }
//! ```
//!
//! The same object may be nested under `"iamLsp"` (how VS Code sends a section). Unknown keys
//! and invalid values are ignored with a warning, so a typo never stops the server.

use serde_json::Value;

use crate::checks::{self, Options, ResourceKind, Severity};
use crate::policy::PolicyType;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Per-code severity; `None` turns the rule off.
    pub severities: Vec<(String, Option<Severity>)>,
    /// Glob → policy type, first match wins.
    pub policy_types: Vec<(String, PolicyType)>,
    /// Glob → what resource policies are attached to, first match wins.
    pub resource_types: Vec<(String, ResourceKind)>,
    pub inlay_hints: bool,
    /// Off when another JSON language server beside this one reports JSON syntax errors already
    /// (VS Code's built-in one does): see `diagnostics::all`.
    pub report_json_syntax: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severities: Vec::new(),
            policy_types: Vec::new(),
            resource_types: Vec::new(),
            inlay_hints: true,
            report_json_syntax: true,
        }
    }
}

impl Settings {
    pub fn from_json(value: &Value) -> Settings {
        let value = value.get("iamLsp").or_else(|| value.get("iam-lsp")).unwrap_or(value);
        let mut settings = Settings::default();
        if let Some(map) = value.get("severity").and_then(Value::as_object) {
            for (code, level) in map {
                if checks::rule(code).is_none() {
                    tracing::warn!("settings: unknown rule code {code}");
                    continue;
                }
                match level.as_str() {
                    Some(l) if l.eq_ignore_ascii_case("off") => settings.severities.push((code.clone(), None)),
                    Some(l) => match l.parse() {
                        Ok(severity) => settings.severities.push((code.clone(), Some(severity))),
                        Err(err) => tracing::warn!("settings: {code}: {err}"),
                    },
                    None => tracing::warn!("settings: {code}: expected a string"),
                }
            }
        }
        if let Some(map) = value.get("policyTypes").and_then(Value::as_object) {
            for (glob, kind) in map {
                match kind.as_str().map(str::parse::<PolicyType>) {
                    Some(Ok(t)) => settings.policy_types.push((glob.clone(), t)),
                    _ => tracing::warn!("settings: policyTypes[{glob}]: expected a policy type"),
                }
            }
        }
        if let Some(map) = value.get("resourceTypes").and_then(Value::as_object) {
            for (glob, kind) in map {
                match kind.as_str().map(str::parse::<ResourceKind>) {
                    Some(Ok(k)) => settings.resource_types.push((glob.clone(), k)),
                    _ => tracing::warn!(
                        "settings: resourceTypes[{glob}]: expected a resource type such as AWS::S3::Bucket"
                    ),
                }
            }
        }
        match value.get("inlayHints") {
            Some(Value::Bool(b)) => settings.inlay_hints = *b,
            Some(Value::Object(o)) => settings.inlay_hints = o.get("enable").and_then(Value::as_bool).unwrap_or(true),
            _ => {}
        }
        match value.get("reportJsonSyntax") {
            Some(Value::Bool(b)) => settings.report_json_syntax = *b,
            Some(other) => tracing::warn!("settings: reportJsonSyntax: expected true or false, got {other}"),
            None => {}
        }
        settings
    }

    /// The analysis options for a document at `path` (the URI's path).
    pub fn options_for(&self, path: &str) -> Options {
        Options {
            policy_type: self.policy_types.iter().find(|(glob, _)| glob_matches(glob, path)).map(|(_, t)| *t),
            resource_type: self.resource_types.iter().find(|(glob, _)| glob_matches(glob, path)).map(|(_, k)| *k),
            severities: self.severities.iter().cloned().collect(),
            path: Some(path.to_owned()),
        }
    }
}

/// Glob matching on `/`-separated paths: `**` spans directories, `*` and `?` stay within one.
/// A glob not starting with `/` matches at any depth (paths are absolute, globs usually relative
/// to the workspace).
pub fn glob_matches(glob: &str, path: &str) -> bool {
    if !glob.starts_with('/') && !glob.starts_with("**") {
        return glob_matches(&format!("**/{glob}"), path);
    }
    let g: Vec<&str> = glob.trim_start_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    segments(&g, &p)
}

fn segments(glob: &[&str], path: &[&str]) -> bool {
    match glob.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|i| segments(rest, &path[i..])),
        Some((first, rest)) => {
            !path.is_empty() && crate::catalog::matches_wildcard(first, path[0]) && segments(rest, &path[1..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_settings_and_picks_the_type_by_glob() {
        let settings = Settings::from_json(&serde_json::json!({"iamLsp": {
            "severity": {"JSON_SYNTAX_ERROR": "warning", "NOT_A_CODE": "off"},
            "policyTypes": {"**/trust*.json": "trust", "scp/*.json": "scp"},
            "inlayHints": {"enable": false},
            "reportJsonSyntax": false
        }}));
        assert_eq!(settings.severities, vec![("JSON_SYNTAX_ERROR".to_owned(), Some(Severity::Warning))]);
        assert!(!settings.inlay_hints);
        assert!(!settings.report_json_syntax);
        assert!(Settings::default().report_json_syntax);
        assert_eq!(settings.options_for("/home/me/roles/trust-lambda.json").policy_type, Some(PolicyType::Trust));
        assert_eq!(settings.options_for("/repo/scp/deny.json").policy_type, Some(PolicyType::Scp));
        assert_eq!(settings.options_for("/repo/scp/x/deny.json").policy_type, None);
        assert_eq!(settings.options_for("/repo/policy.json").policy_type, None);
    }

    #[test]
    fn resource_types_by_glob() {
        let settings = Settings::from_json(
            &serde_json::json!({"resourceTypes": {"buckets/*.json": "AWS::S3::Bucket", "x": "AWS::SQS::Queue"}}),
        );
        assert_eq!(settings.resource_types.len(), 1, "an unknown resource type is ignored");
        assert_eq!(settings.options_for("/repo/buckets/logs.json").resource_type, Some(ResourceKind::S3Bucket));
        assert_eq!(settings.options_for("/repo/other.json").resource_type, None);
    }

    #[test]
    fn globs() {
        assert!(glob_matches("*.json", "/a/b/c.json"));
        assert!(glob_matches("**/policies/**/*.json", "/x/policies/a/b.json"));
        assert!(!glob_matches("/x/*.json", "/x/a/b.json"));
    }
}
