//! AWS's policy evaluation logic over a set of policies, as the IAM User Guide's "Policy
//! evaluation logic" and "Cross-account policy evaluation logic" pages state it:
//! 1. an explicit deny in any applicable policy denies;
//! 2. SCPs (principal's organization) and RCPs (resource's organization) must allow at every level;
//! 3. a VPC endpoint policy, when the request goes through one, must allow;
//! 4. in one account, the identity policies (within the boundary and the session policy) or the
//!    resource policy must allow; a resource policy naming the user or session itself grants past
//!    a boundary's and a session policy's implicit deny, one naming the role does not, one naming
//!    the account only delegates to the identity policies;
//! 5. across accounts, both the resource policy and the principal's side must allow.

use crate::policy::{Policy, PolicyType};

use super::request::{Naming, PrincipalKind, Request};
use super::statement::{self, StatementTrace};
use super::substitute::Tri;

/// The kinds of policy that take part in a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Identity,
    Resource,
    PermissionsBoundary,
    Session,
    ServiceControl,
    ResourceControl,
    VpcEndpoint,
}

impl Kind {
    /// The words AWS's AccessDenied messages use.
    pub fn phrase(self) -> &'static str {
        match self {
            Kind::Identity => "identity-based policy",
            Kind::Resource => "resource-based policy",
            Kind::PermissionsBoundary => "permissions boundary",
            Kind::Session => "session policy",
            Kind::ServiceControl => "service control policy",
            Kind::ResourceControl => "resource control policy",
            Kind::VpcEndpoint => "VPC endpoint policy",
        }
    }

    fn has_principal(self) -> bool {
        matches!(self, Kind::Resource | Kind::ResourceControl | Kind::VpcEndpoint)
    }
}

/// A policy with the name it is reported under.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub policy: Policy,
}

/// Every policy that applies to one request. Empty `scps` means the principal's account is not
/// in an organization with SCPs; each entry is one level (root, OUs, account) whose policies are
/// ORed. RCP levels get AWS's `RCPFullAWSAccess` when `rcp_full_access` is set, as AWS attaches it
/// to every level and it cannot be detached.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub identity: Vec<Named>,
    pub resource: Option<Named>,
    pub boundary: Option<Named>,
    pub session: Option<Named>,
    pub scps: Vec<Vec<Named>>,
    pub rcps: Vec<Vec<Named>>,
    pub rcp_full_access: bool,
    pub endpoint: Option<Named>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Decision {
    Allowed,
    ImplicitlyDenied,
    ExplicitlyDenied,
    /// Some statement could not be decided and the answer depends on it. `denied` says whether
    /// every way of deciding it still denies.
    Undecided {
        denied: bool,
    },
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allowed
    }

    pub fn is_denied(self) -> bool {
        matches!(self, Decision::ImplicitlyDenied | Decision::ExplicitlyDenied | Decision::Undecided { denied: true })
    }

    /// As `simulate` prints it.
    pub fn text(self) -> &'static str {
        match self {
            Decision::Allowed => "Allowed",
            Decision::ImplicitlyDenied => "Implicitly denied",
            Decision::ExplicitlyDenied => "Explicitly denied",
            Decision::Undecided { denied: true } => "Undecided (denied either way: explicit or implicit)",
            Decision::Undecided { denied: false } => "Undecided",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    pub kind: Kind,
    pub name: String,
    /// The organization level, for SCPs and RCPs (0 = root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub statements: Vec<StatementTrace>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub decision: Decision,
    /// The policy types that denied: with an explicit deny, or by allowing nothing.
    pub blocked_by: Vec<Kind>,
    pub cross_account: bool,
    pub policies: Vec<PolicyTrace>,
}

impl Evaluation {
    /// The statements that decide: matching denies when denied explicitly, matching allows when
    /// allowed.
    pub fn deciding(&self) -> Vec<(&PolicyTrace, &StatementTrace)> {
        let want_allow = self.decision == Decision::Allowed;
        self.policies
            .iter()
            .flat_map(|p| p.statements.iter().map(move |s| (p, s)))
            .filter(|(_, s)| s.applies == Tri::Yes && s.allow == want_allow)
            .collect()
    }
}

/// What one policy (or one level) says: does a deny apply, does an allow apply, and how strongly
/// the strongest applying allow names the principal.
#[derive(Debug, Clone, Copy)]
struct Says {
    deny: Tri,
    allow: Tri,
    naming: Option<Naming>,
    /// An allow that may apply, naming the principal this strongly.
    maybe_naming: Option<Naming>,
}

fn says(traces: &[StatementTrace]) -> Says {
    let deny = Tri::any(traces.iter().filter(|s| !s.allow).map(|s| s.applies));
    let allow = Tri::any(traces.iter().filter(|s| s.allow).map(|s| s.applies));
    let naming = traces.iter().filter(|s| s.allow && s.applies == Tri::Yes).filter_map(|s| s.naming).max();
    let maybe_naming =
        traces.iter().filter(|s| s.allow && s.applies != Tri::No).map(|s| s.naming.unwrap_or(Naming::Itself)).max();
    Says { deny, allow, naming, maybe_naming }
}

/// AWS's managed `RCPFullAWSAccess`.
fn rcp_full_access() -> Policy {
    let text =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    let doc = crate::policy::build(&crate::syntax::parse(text), Some(PolicyType::Rcp), None);
    doc.policies.into_iter().next().expect("a valid built-in policy")
}

pub fn evaluate(set: &PolicySet, request: &Request) -> Evaluation {
    let mut policies = Vec::new();
    let mut trace = |kind: Kind, named: &Named, level: Option<usize>| -> Says {
        let statements: Vec<StatementTrace> = named
            .policy
            .statements
            .iter()
            .map(|s| statement::evaluate(&named.policy, s, request, kind.has_principal()))
            .collect();
        let said = says(&statements);
        policies.push(PolicyTrace { kind, name: named.name.clone(), level, statements });
        said
    };
    let kind = request.principal.kind;
    let is_service = matches!(kind, PrincipalKind::Service | PrincipalKind::Anonymous);
    let mut deny: Vec<(Kind, Tri)> = Vec::new();
    let mut gates: Vec<(Kind, Tri)> = Vec::new();

    // Identity side: a service or anonymous caller has no identity policies, no SCPs.
    let mut identity = Tri::No;
    for p in &set.identity {
        let s = trace(Kind::Identity, p, None);
        deny.push((Kind::Identity, s.deny));
        identity = identity.or(s.allow);
    }
    if kind == PrincipalKind::Root {
        identity = Tri::Yes;
    }
    let mut side = |kind: Kind, named: &Option<Named>, deny: &mut Vec<(Kind, Tri)>| -> Tri {
        match named {
            Some(p) => {
                let s = trace(kind, p, None);
                deny.push((kind, s.deny));
                s.allow
            }
            None => Tri::Yes,
        }
    };
    let boundary = side(Kind::PermissionsBoundary, &set.boundary, &mut deny);
    let session = side(Kind::Session, &set.session, &mut deny);
    let endpoint = side(Kind::VpcEndpoint, &set.endpoint, &mut deny);
    gates.push((Kind::VpcEndpoint, endpoint));
    let resource = set.resource.as_ref().map(|p| trace(Kind::Resource, p, None));
    if let Some(r) = &resource {
        deny.push((Kind::Resource, r.deny));
    }
    if !is_service {
        for (level, policies) in set.scps.iter().enumerate() {
            let mut allow = Tri::No;
            for p in policies {
                let s = trace(Kind::ServiceControl, p, Some(level));
                deny.push((Kind::ServiceControl, s.deny));
                allow = allow.or(s.allow);
            }
            gates.push((Kind::ServiceControl, allow));
        }
    }
    let full = Named { name: "RCPFullAWSAccess".into(), policy: rcp_full_access() };
    for (level, policies) in set.rcps.iter().enumerate() {
        let mut allow = Tri::No;
        let implicit = set.rcp_full_access.then_some(&full);
        for p in policies.iter().chain(implicit) {
            let s = trace(Kind::ResourceControl, p, Some(level));
            deny.push((Kind::ResourceControl, s.deny));
            allow = allow.or(s.allow);
        }
        gates.push((Kind::ResourceControl, allow));
    }

    let cross_account = match (&request.principal.account, &request.resource.account) {
        (Some(p), Some(r)) => p != r,
        _ => false,
    };
    let principal_side = identity.and(boundary).and(session);
    let mut blocked: Vec<(Kind, Tri)> = Vec::new();
    let via_resource = |naming: Option<Naming>| -> Tri {
        match naming {
            Some(Naming::Itself) => Tri::Yes,
            Some(Naming::Parent) => boundary.and(session),
            _ => Tri::No,
        }
    };
    let reach = if is_service {
        // Only the resource policy can grant a service or an anonymous caller.
        let r = resource.map_or(Tri::No, |r| r.allow);
        blocked.push((Kind::Resource, r));
        r
    } else if cross_account {
        let r = resource.map_or(Tri::No, |r| r.allow);
        blocked.extend([
            (Kind::Resource, r),
            (Kind::Identity, identity),
            (Kind::PermissionsBoundary, boundary),
            (Kind::Session, session),
        ]);
        r.and(principal_side)
    } else {
        let direct = resource.map_or(Tri::No, |r| {
            let sure = via_resource(r.naming);
            // An allow that may apply could name the principal at most this strongly.
            let maybe = if r.allow == Tri::Unknown { via_resource(r.maybe_naming) } else { Tri::No };
            sure.or(if maybe == Tri::No { Tri::No } else { Tri::Unknown })
        });
        let reach = principal_side.or(direct);
        if reach != Tri::Yes {
            blocked.extend([
                (Kind::Identity, identity),
                (Kind::PermissionsBoundary, boundary),
                (Kind::Session, session),
            ]);
        }
        reach
    };
    let allowed = Tri::all(gates.iter().map(|(_, t)| *t)).and(reach);
    let explicit = Tri::any(deny.iter().map(|(_, t)| *t));
    let decision = match (explicit, allowed) {
        (Tri::Yes, _) => Decision::ExplicitlyDenied,
        (Tri::No, Tri::Yes) => Decision::Allowed,
        (Tri::No, Tri::No) => Decision::ImplicitlyDenied,
        (_, Tri::No) => Decision::Undecided { denied: true },
        _ => Decision::Undecided { denied: false },
    };
    let mut blocked_by: Vec<Kind> = match decision {
        Decision::ExplicitlyDenied => deny.iter().filter(|(_, t)| *t == Tri::Yes).map(|(k, _)| *k).collect(),
        Decision::Allowed => Vec::new(),
        _ => gates.iter().chain(&blocked).filter(|(_, t)| *t != Tri::Yes).map(|(k, _)| *k).collect(),
    };
    blocked_by.sort();
    blocked_by.dedup();
    Evaluation { decision, blocked_by, cross_account, policies }
}
