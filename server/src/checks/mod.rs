//! Rules: pure functions of the syntax tree, the policy model and the catalog, returning findings
//! with fixes. One file per rule family.

pub mod access_analyzer;
mod actions;
mod condition_keys;
mod conditions;
pub mod edit;
pub mod effective;
mod elements;
mod finding;
mod fix;
mod grammar;
mod hosted;
mod json;
mod memo;
pub(crate) mod pattern;
mod principals;
mod resources;
mod rule;
pub mod suggest;
pub(crate) mod variables;
mod yaml_repairs;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use finding::{Edit, Finding, Fix, Related, Severity};
pub use fix::{FixAll, apply_edits, fix_all};
pub use resources::attached::ResourceKind;
pub use rule::{Rule, Types};

use crate::host::{self, Format};
use crate::policy::{self, Document, Policy, PolicyType, Statement};
use crate::syntax::{LazyStyle, Node, Parse, Style, SyntaxErrorKind, TextRange};

pub use memo::Memo;
use memo::{Local, Summary};

/// A family of rules: its documentation and the functions that run them.
struct Family {
    rules: &'static [Rule],
    /// What one statement shows alone (with its policy's type and version): kept across edits.
    statement: fn(&Context<'_>, &Stmt<'_>, &mut Local),
    /// What needs several statements, or the whole text.
    document: fn(&Context<'_>, &[Vec<Summary>], &mut Vec<Finding>),
}

/// One statement as the statement rules see it.
pub(crate) struct Stmt<'a> {
    pub policy: &'a Policy,
    pub statement: &'a Statement,
    /// The statement's object in the syntax tree, where repeated keys and wrong types still show.
    pub node: &'a Node,
    entries: OnceCell<Vec<effective::ActionEntry>>,
}

impl Stmt<'_> {
    /// What each entry of the statement's `Action` list stands for, resolved once for the rules
    /// of the families that read it (`INVALID_ACTION`, the reach).
    pub fn action_entries(&self) -> &[effective::ActionEntry] {
        self.entries.get_or_init(|| effective::action_entries(self.statement))
    }
}

/// Every rule family, in the order findings are reported for equal positions.
const FAMILIES: &[Family] = &[
    Family { rules: json::RULES, statement: |_, _, _| {}, document: |ctx, _, out| json::run(ctx, out) },
    Family { rules: grammar::RULES, statement: grammar::statement, document: grammar::document },
    Family { rules: actions::RULES, statement: actions::statement, document: |_, _, _| {} },
    Family { rules: actions::roles::RULES, statement: actions::roles::statement, document: |_, _, _| {} },
    Family { rules: resources::RULES, statement: resources::statement, document: |_, _, _| {} },
    Family { rules: resources::unique_ids::RULES, statement: resources::unique_ids::statement, document: |_, _, _| {} },
    Family {
        rules: resources::attached::RULES,
        statement: |_, _, _| {},
        document: |ctx, _, out| resources::attached::run(ctx, out),
    },
    Family { rules: conditions::RULES, statement: conditions::statement, document: |_, _, _| {} },
    Family { rules: condition_keys::RULES, statement: condition_keys::statement, document: |_, _, _| {} },
    Family {
        rules: principals::RULES,
        statement: principals::statement,
        document: |ctx, _, out| principals::document(ctx, out),
    },
    Family { rules: variables::RULES, statement: variables::statement, document: |_, _, _| {} },
    Family { rules: effective::RULES, statement: effective::statement, document: effective::document },
    // Reported by the host layer while reading the template, before any policy rule runs.
    Family { rules: hosted::RULES, statement: |_, _, _| {}, document: |_, _, _| {} },
];

/// Every rule, in family order.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|f| f.rules)
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    static BY_CODE: LazyLock<HashMap<&'static str, &'static Rule>> =
        LazyLock::new(|| rules().map(|r| (r.code, r)).collect());
    BY_CODE.get(code).copied()
}

/// What the rules see.
pub struct Context<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub document: &'a Document,
    pub style: &'a LazyStyle,
    /// The part of `text` the policy occupies: all of it for a policy file, the policy's value in a
    /// template.
    pub scope: TextRange,
    /// What a resource policy is attached to, when the user said.
    pub resource_type: Option<ResourceKind>,
}

impl Context<'_> {
    /// The text's layout, for fixes that insert text.
    pub fn style(&self) -> &Style {
        self.style.get(self.text)
    }

    /// A finding with the rule's default severity.
    ///
    /// # Panics
    /// When `code` is not a registered rule: a programming error caught by the tests.
    pub fn finding(&self, code: &'static str, range: TextRange, message: impl Into<String>) -> Finding {
        let rule = rule(code).unwrap_or_else(|| panic!("rule {code} is not registered"));
        Finding {
            code,
            severity: rule.severity,
            range,
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }
}

/// How the user configured the analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Overrides the inferred policy type.
    pub policy_type: Option<PolicyType>,
    /// What a resource policy is attached to (`--resource-type`, the `resourceTypes` setting).
    pub resource_type: Option<ResourceKind>,
    /// The document's path: its naming conventions (`scp/`, `trust-policy.json`) hint at the type.
    pub path: Option<String>,
    /// Per-code severity; `None` turns the rule off.
    pub severities: HashMap<String, Option<Severity>>,
}

/// Codes renamed to Access Analyzer's, as `(old, new)`: a severity set for the old code still applies
/// to the new one for one release (see the README's changelog). One old code may have become several.
pub const RENAMED: &[(&str, &str)] = &[
    ("INVALID_VARIABLE", "MISSING_BRACE_IN_VARIABLE"),
    ("INVALID_VARIABLE", "MISSING_QUOTE_IN_VARIABLE"),
    ("INVALID_VARIABLE", "UNSUPPORTED_SPACE_IN_VARIABLE"),
    ("INVALID_VARIABLE", "EMPTY_VARIABLE"),
    ("INVALID_VARIABLE", "UNSUPPORTED_SYMBOL_IN_VARIABLE"),
    ("TYPE_MISMATCH_STRING_ON_ARN", "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"),
    ("INVALID_IP_ADDRESS", "TYPE_MISMATCH_IP_RANGE"),
    ("INVALID_DATE", "TYPE_MISMATCH_DATE"),
    ("INVALID_NUMBER", "TYPE_MISMATCH_NUMBER"),
    // Split by qualifier; `EMPTY_ARRAY_CONDITION` itself remains for the plain operators.
    ("EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_FORALLVALUES"),
    ("EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_FORANYVALUE"),
    ("EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_IFEXISTS"),
];

impl Options {
    /// The configured severity of a code, under its own name or a name it had before.
    fn severity(&self, code: &str) -> Option<&Option<Severity>> {
        self.severities
            .get(code)
            .or_else(|| RENAMED.iter().filter(|(_, new)| *new == code).find_map(|(old, _)| self.severities.get(*old)))
    }

    /// The finding with its configured severity, or `None` when its rule is turned off.
    fn configured(&self, mut finding: Finding) -> Option<Finding> {
        match self.severity(finding.code) {
            Some(Some(severity)) => {
                finding.severity = *severity;
                Some(finding)
            }
            Some(None) => None,
            None => Some(finding),
        }
    }
}

/// Everything known about one version of a document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub parse: Parse,
    pub document: Document,
    pub style: LazyStyle,
    /// Sorted by position. Empty when the document is not a policy.
    pub findings: Vec<Finding>,
    /// The host text's syntax: what edits may be written in.
    pub format: Format,
    /// What each statement's rules found, for [`reanalyze`]; empty from [`analyze`].
    pub memo: Memo,
}

impl Analysis {
    /// Whether the document is (or, while broken, looks like) an IAM policy.
    pub fn is_policy(&self) -> bool {
        self.document.is_policy()
    }
}

/// Analyses a policy file, or every policy inside a template (by `options.path` and content).
pub fn analyze(text: &str, options: &Options) -> Analysis {
    analyze_read(text, host::read(text, options.path.as_deref()), options, None)
}

/// Analyses a new version of a document whose previous version is `previous_text`, analysed as
/// `previous`: a JSON text edited inside one statement is parsed again there only, and the
/// statement rules run only for the statements whose text changed. The result is [`analyze`]'s.
pub fn reanalyze(text: &str, options: &Options, previous: &Analysis, previous_text: &str) -> Analysis {
    let path = options.path.as_deref();
    let read = match previous.format {
        Format::Json => host::reread(text, path, (previous_text, &previous.parse)),
        _ => host::read(text, path),
    };
    analyze_read(text, read, options, Some((previous, previous_text)))
}

fn analyze_read(text: &str, read: host::Read, options: &Options, previous: Option<(&Analysis, &str)>) -> Analysis {
    match read {
        host::Read::Policy(parse) => {
            let style = match previous {
                Some((analysis, old)) => analysis.style.after_edit(old, text),
                None => LazyStyle::default(),
            };
            let memo = previous.map(|(analysis, _)| &analysis.memo);
            analyze_policy(text, parse, options, TextRange::new(0, text.len()), &style, memo)
        }
        host::Read::Hosted(hosted) => hosted::analyze(text, hosted, options),
    }
}

/// Analyses the policies among `parse`'s roots, which lie in `scope`; `style` is the whole
/// text's (detected at most once per document, not once per policy of a template). With `previous`,
/// the statement findings of statements it holds are reused, and the result keeps a memo.
fn analyze_policy(
    text: &str,
    parse: Parse,
    options: &Options,
    scope: TextRange,
    style: &LazyStyle,
    previous: Option<&Memo>,
) -> Analysis {
    let document = policy::build(&parse, options.policy_type, options.path.as_deref());
    let mut findings = Vec::new();
    let mut memo = Memo::default();
    if document.is_policy() || (parse.roots.is_empty() && looks_like_policy(text, &parse)) {
        let ctx =
            Context { text, parse: &parse, document: &document, style, scope, resource_type: options.resource_type };
        let keep = previous.map(|previous| (previous, &mut memo));
        run_rules(&ctx, keep, &mut findings);
    }
    let mut findings: Vec<Finding> = findings.into_iter().filter_map(|f| options.configured(f)).collect();
    sort(&mut findings);
    Analysis { parse, document, style: style.clone(), findings, format: Format::Json, memo }
}

/// By position. Statement findings come statement by statement: the message settles the order of
/// findings of one code at one place, whichever statement was analysed first.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code, &a.message).cmp(&(b.range.start, b.range.end, b.code, &b.message))
    });
}

/// Runs every family: the statement rules per statement (from `memo.0` where it holds the
/// statement, recording into `memo.1`), then the document rules.
fn run_rules(ctx: &Context<'_>, mut memo: Option<(&Memo, &mut Memo)>, out: &mut Vec<Finding>) {
    let mut summaries = Vec::with_capacity(ctx.document.policies.len());
    for policy in &ctx.document.policies {
        let slots = memo::slots(ctx.text, &ctx.parse.roots[policy.root]);
        debug_assert_eq!(slots.len(), policy.statements.len());
        let policy_key = memo.is_some().then(|| memo::policy_key(ctx, policy));
        let mut own = Vec::with_capacity(slots.len());
        for (statement, slot) in policy.statements.iter().zip(&slots) {
            let key = policy_key.and_then(|p| memo::statement_key(ctx.text, p, statement.index, slot));
            let kept = key.zip(memo.as_ref()).and_then(|((key, around), (previous, _))| previous.get(key, around));
            let local = kept.unwrap_or_else(|| {
                let mut local = Local::default();
                let stmt = Stmt { policy, statement, node: slot.node, entries: OnceCell::new() };
                for family in FAMILIES {
                    (family.statement)(ctx, &stmt, &mut local);
                }
                local
            });
            if let (Some((key, around)), Some((_, next))) = (key, memo.as_mut()) {
                next.insert(key, around, &local);
            }
            own.push(local.summary);
            out.extend(local.findings);
        }
        summaries.push(own);
    }
    for family in FAMILIES {
        (family.document)(ctx, &summaries, out);
    }
}

/// A document too broken to parse is still treated as a policy while typing it, when it mentions
/// the elements only policies have.
fn looks_like_policy(text: &str, parse: &Parse) -> bool {
    parse.errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid)
        && (text.contains("\"Statement\"") || text.contains("\"2012-10-17\"") || text.contains("\"2008-10-17\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in rules() {
            assert!(seen.insert(r.code), "duplicate rule code {}", r.code);
            assert!(r.code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'), "{}", r.code);
            assert!(!r.summary.is_empty() && !r.explanation.is_empty(), "{} undocumented", r.code);
            assert!(!r.bad.is_empty() && !r.good.is_empty(), "{} lacks examples", r.code);
        }
    }

    /// The rules reference's examples are tests: the bad one gives the code, the good one does not.
    /// Each is analysed as the first policy type the rule applies to. The size quotas' bad examples
    /// are abbreviated (`…`): the grammar fixtures test those rules on full-size policies.
    #[test]
    fn rule_examples() {
        let mut wrong = Vec::new();
        for r in rules() {
            if r.code.starts_with("POLICY_SIZE_EXCEEDS_") {
                assert!(r.bad.contains('…'), "{}: a full-size bad example is tested like the others", r.code);
                continue;
            }
            let options = Options {
                policy_type: (!r.types.is_all()).then(|| r.types.iter().next()).flatten(),
                path: Some(format!("example.{}", r.example_file())),
                ..Options::default()
            };
            let codes = |text| analyze(text, &options).findings.into_iter().map(|f| f.code).collect::<Vec<_>>();
            if !codes(r.bad).contains(&r.code) {
                wrong.push(format!("{}: bad example gives {:?}", r.code, codes(r.bad)));
            }
            if codes(r.good).contains(&r.code) {
                wrong.push(format!("{}: good example gives it", r.code));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Severity follows Access Analyzer's finding type, so CI exit codes mean what the console means.
    #[test]
    fn access_analyzer_rules_take_its_severity() {
        let wrong: Vec<_> = rules()
            .filter_map(|r| Some((r, r.access_analyzer()?)))
            .filter(|(r, check)| r.severity != check.finding_type.severity())
            .map(|(r, check)| format!("{} is {} but AA says {}", r.code, r.severity, check.finding_type.as_str()))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// The size quota counts statements from their summaries after an edit: typing into one
    /// statement, a character at a time, across the quota gives what a fresh analysis gives.
    #[test]
    fn size_after_each_edit_is_that_of_a_fresh_analysis() {
        const CODE: &str = "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA";
        let statement = |i: usize| {
            format!(r#"{{"Sid":"S{i:03}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/{i}"}}"#)
        };
        let mut statements: Vec<String> = (0..70).map(statement).collect();
        let policy = |statements: &[String]| {
            format!(
                "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {}\n  ]\n}}",
                statements.join(",\n    ")
            )
        };
        let counted = |text: &str| text.chars().filter(|c| !c.is_whitespace()).count();
        let options = Options { path: Some("policy.json".into()), ..Options::default() };
        let mut text = policy(&statements);
        assert!((6_100..6_144).contains(&counted(&text)), "{}", counted(&text));
        let mut analysis = analyze(&text, &options);
        let mut seen = Vec::new();
        for _ in 0..60 {
            statements[35].insert(8, 'x');
            let next = policy(&statements);
            let again = reanalyze(&next, &options, &analysis, &text);
            let fresh = analyze(&next, &options);
            assert_eq!(again.findings, fresh.findings, "at {} characters", counted(&next));
            seen.push(fresh.findings.iter().any(|f| f.code == CODE));
            (text, analysis) = (next, again);
        }
        assert!(!seen[0] && seen[59], "{seen:?}");
    }

    /// Every Access Analyzer check runs here, or the rules reference says why it cannot offline, or
    /// lists it as not implemented yet.
    #[test]
    fn every_access_analyzer_check_is_implemented_or_explained() {
        let not_offline: std::collections::HashSet<_> = access_analyzer::NOT_OFFLINE.iter().map(|(c, _)| *c).collect();
        let not_yet: std::collections::HashSet<_> = access_analyzer::NOT_YET.iter().copied().collect();
        let missing: Vec<_> = access_analyzer::CHECKS
            .iter()
            .filter(|c| rule(c.code).is_none() && !not_offline.contains(c.code) && !not_yet.contains(c.code))
            .map(|c| c.code)
            .collect();
        assert!(missing.is_empty(), "{} checks neither implemented nor explained: {missing:#?}", missing.len());
        assert!(not_offline.iter().chain(&not_yet).all(|c| rule(c).is_none()), "a listed check is implemented");
        assert!(not_yet.iter().all(|c| access_analyzer::check(c).is_some() && !not_offline.contains(c)));
    }
}
