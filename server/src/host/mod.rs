//! The embedding layer: the policies inside a host document (a CloudFormation or SAM template, in
//! JSON or YAML; a Serverless Framework service file; a Terraform configuration), each as a syntax
//! tree with byte ranges into the host text, with what the host says of it (its policy type, what
//! it is attached to). The policy model and the checks see only
//! these trees: intrinsic functions are [`NodeKind::Unknown`](crate::syntax::NodeKind::Unknown)
//! nodes, never host syntax.

mod cloudformation;
mod intrinsics;
mod scalar;
mod serverless;
mod terraform;

pub use intrinsics::{SUB_VARIABLE, content_start};
pub use scalar::{Quote, escape_templates};
pub use terraform::UNESCAPED_VARIABLE;

use crate::policy::PolicyType;
use crate::syntax::host_string::{Decoded, Quoting};
use crate::syntax::{self, Node, Parse, TextRange};

/// The syntax of the host text: it decides which edits can be offered (JSON edits are valid only
/// in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Json,
    Yaml,
    /// Terraform's native syntax.
    Hcl,
}

impl Format {
    /// YAML for `*.yaml`, `*.yml`, and for `*.template` files that do not start as JSON does; HCL
    /// for `*.tf` (`*.tf.json` is JSON).
    pub fn of(path: Option<&str>, text: &str) -> Format {
        let ext = path.and_then(|p| p.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("yaml" | "yml") => Format::Yaml,
            Some("tf") => Format::Hcl,
            Some("template") if !text.trim_start_matches('\u{feff}').trim_start().starts_with('{') => Format::Yaml,
            _ => Format::Json,
        }
    }

    pub fn parse(self, text: &str) -> Parse {
        match self {
            Format::Json => syntax::parse(text),
            Format::Yaml => syntax::parse_yaml(text),
            Format::Hcl => Parse { roots: Vec::new(), errors: syntax::hcl::parse(text).errors },
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
    pub embedding: Embedding,
}

/// How the policy's text is written in the host, which decides the edits that can be offered.
#[derive(Debug, Clone, Default)]
pub enum Embedding {
    /// In the host's own syntax: a JSON or YAML template's mapping.
    #[default]
    Native,
    /// HCL expressions (`jsonencode({...})`): keys and strings can be rewritten.
    HclExpression,
    /// A `data "aws_iam_policy_document"` block: only its strings can be rewritten.
    HclBlock,
    /// JSON held in a host string (a heredoc, a quoted string); edits go through its escapes.
    InString { decoded: Box<Decoded>, content: TextRange, quoting: Quoting },
}

impl Embedding {
    /// Where a policy's type comes from, for people.
    pub fn source(&self) -> &'static str {
        match self {
            Embedding::HclExpression | Embedding::HclBlock => "the Terraform configuration",
            Embedding::InString {
                quoting: Quoting::HclQuoted | Quoting::HclHeredoc { .. } | Quoting::JsonTemplate,
                ..
            } => "the Terraform configuration",
            _ => "the template",
        }
    }
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
    read_from(text, path, None)
}

/// [`read`] for a new version of a text whose previous version and its JSON parse are `previous`:
/// a JSON text edited inside one object is parsed again only there.
pub fn reread(text: &str, path: Option<&str>, previous: (&str, &Parse)) -> Read {
    read_from(text, path, Some(previous))
}

fn read_from(text: &str, path: Option<&str>, previous: Option<(&str, &Parse)>) -> Read {
    let format = Format::of(path, text);
    if format == Format::Hcl {
        let hcl = syntax::hcl::parse(text);
        let mut hosted = Hosted::new(format);
        terraform::policies(text, &hcl, &mut hosted);
        return Read::Hosted(hosted.with_parse(Parse { roots: Vec::new(), errors: hcl.errors }));
    }
    let parse = match previous {
        Some((old, parse)) if format == Format::Json => {
            syntax::reparse(old, parse, text).unwrap_or_else(|| format.parse(text))
        }
        _ => format.parse(text),
    };
    if format == Format::Json
        && path.is_some_and(|p| p.to_ascii_lowercase().ends_with(".tf.json"))
        && let Some(root) = parse.roots.first()
    {
        let mut hosted = Hosted::new(format);
        terraform::json_policies(text, root, &mut hosted);
        return Read::Hosted(hosted.with_parse(parse));
    }
    let template = parse.roots.iter().find(|r| cloudformation::is_template(r));
    if template.is_none() && format == Format::Json {
        return Read::Policy(parse);
    }
    let mut hosted = Hosted::new(format);
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
    Read::Hosted(hosted.with_parse(parse))
}

impl Hosted {
    fn new(format: Format) -> Hosted {
        Hosted { format, parse: Parse::default(), policies: Vec::new(), issues: Vec::new(), recognized: true }
    }

    /// The host's own parse, after the errors the embedding layer found in its strings.
    fn with_parse(mut self, parse: Parse) -> Hosted {
        let errors = std::mem::take(&mut self.parse.errors);
        self.parse = parse;
        self.parse.errors.extend(errors);
        self
    }
}
