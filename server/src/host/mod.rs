//! The embedding layer: the policies inside a host document (a CloudFormation or SAM template, in
//! JSON or YAML, or a Serverless Framework service file), each as a syntax tree with byte ranges
//! into the host text, with what the host says of it (its policy type, what it is attached to). The policy model and the checks see only
//! these trees: intrinsic functions are [`NodeKind::Unknown`](crate::syntax::NodeKind::Unknown)
//! nodes, never host syntax.

mod cloudformation;
mod intrinsics;
mod scalar;
mod serverless;

pub use intrinsics::{SUB_VARIABLE, content_start};
pub use scalar::Quote;

use crate::policy::PolicyType;
use crate::syntax::{self, Node, Parse, TextRange};

/// The syntax of the host text: it decides which edits can be offered (JSON edits are valid only
/// in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Json,
    Yaml,
}

impl Format {
    /// YAML for `*.yaml`, `*.yml`, and for `*.template` files that do not start as JSON does.
    pub fn of(path: Option<&str>, text: &str) -> Format {
        let ext = path.and_then(|p| p.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("yaml" | "yml") => Format::Yaml,
            Some("template") if !text.trim_start_matches('\u{feff}').trim_start().starts_with('{') => Format::Yaml,
            _ => Format::Json,
        }
    }

    pub fn parse(self, text: &str) -> Parse {
        match self {
            Format::Json => syntax::parse(text),
            Format::Yaml => syntax::parse_yaml(text),
        }
    }
}

/// A host document and the policies found in it.
#[derive(Debug, Clone)]
pub struct Hosted {
    pub format: Format,
    /// The host's own parse (the whole template), for its syntax errors.
    pub parse: Parse,
    pub policies: Vec<Embedded>,
    /// What the host itself gets wrong around the policies (a `Fn::Sub` that would swallow an IAM
    /// policy variable).
    pub issues: Vec<Issue>,
    /// The document is a template or a service file (with policies or not yet): its syntax
    /// errors are the user's to see. Any other YAML is none of this server's business.
    pub recognized: bool,
}

/// One policy inside a host document.
#[derive(Debug, Clone)]
pub struct Embedded {
    /// The policy, intrinsic functions replaced by `Unknown` nodes; ranges into the host text.
    pub node: Node,
    /// The type the host's property gives it; `None` leaves it to inference.
    pub policy_type: Option<PolicyType>,
    /// What a resource policy is attached to, as Access Analyzer names resource types.
    pub resource_type: Option<&'static str>,
    /// Where it is, for people: `MyRole.AssumeRolePolicyDocument`.
    pub origin: String,
}

/// A problem of the host's making inside a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub code: &'static str,
    pub range: TextRange,
    pub message: String,
    /// A text to insert that repairs it, written in any host syntax.
    pub insert: Option<(usize, String)>,
}

/// What a document is.
#[derive(Debug, Clone)]
pub enum Read {
    /// A policy JSON file (or JSON that is no template), analysed as it is.
    Policy(Parse),
    Hosted(Hosted),
}

/// Reads `text` as a template (or a Serverless service file) when it is one. A YAML file that is
/// neither holds no policy.
pub fn read(text: &str, path: Option<&str>) -> Read {
    let format = Format::of(path, text);
    let parse = format.parse(text);
    let template = parse.roots.iter().find(|r| cloudformation::is_template(r));
    if template.is_none() && format == Format::Json {
        return Read::Policy(parse);
    }
    let mut hosted =
        Hosted { format, parse: Parse::default(), policies: Vec::new(), issues: Vec::new(), recognized: true };
    if serverless::is_service_file(path) {
        if let Some(root) = parse.roots.first() {
            serverless::policies(text, root, &mut hosted);
        }
    } else if let Some(template) = template {
        cloudformation::policies(text, template, &mut hosted);
    } else {
        // A broken resource is set aside by the YAML parser: a template whose only resources
        // are broken still has its `Resources` key.
        hosted.recognized = !parse.errors.is_empty() && parse.roots.iter().any(|r| r.get("Resources").is_some());
    }
    hosted.parse = parse;
    Read::Hosted(hosted)
}
