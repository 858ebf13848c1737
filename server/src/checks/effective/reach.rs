//! Which (action, resource) pairs a statement can ever match, from the catalog.
//!
//! Everything the catalog cannot judge is *opaque*: an action of an unknown service, of a service
//! whose reference is split over two pages the catalog holds only one of, a `NotAction`
//! complement. Opaque actions apply to every resource and support every condition key, so they
//! never cause a finding: false positives are bugs, silence is merely incomplete.

use std::ops::Deref;
use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashMap;

use crate::cache::Cache;
use crate::catalog::{
    AccessLevel, ActionRef, ResourceType, Service, arn_field, catalog, decidable_service, has_wildcard,
    matches_wildcard, template_matches,
};
use crate::checks::elements::{has_white_space, starts_with_ci};
use crate::policy::{Statement, Str};

use super::conditions::{self, Blocking};

/// Services renamed with a new ARN namespace, whose actions IAM authorizes against either.
const RENAMED: &[(&str, &str)] =
    &[("codestar-connections", "codeconnections"), ("codeconnections", "codestar-connections")];

/// One `Action` entry and the catalog actions it stands for.
pub(super) struct ActionItem<'s> {
    pub item: &'s Str,
    /// Deduplicated catalog matches; empty for an invalid action (other rules report it), which
    /// is then opaque.
    pub actions: Actions,
    /// The catalog cannot tell what this entry matches.
    pub opaque: bool,
    /// Some action of the entry can use some listed resource.
    pub applicable: bool,
}

/// One `Resource` entry.
pub(super) struct ResourceItem<'s> {
    pub item: &'s Str,
    pub kind: ResourceKind,
    /// The ARN's service field, as written; `None` when the entry is no ARN.
    service: Option<&'s str>,
    /// Some action of the statement can use it.
    pub used: bool,
    /// Memo: does the resource type at this address match the entry?
    matches: FxHashMap<usize, bool>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum ResourceKind {
    /// Only `*` characters: every resource, and the `*` that actions without resource-level
    /// permissions need.
    Any,
    /// An ARN pattern some catalog resource type can match.
    Arn,
    /// Not an ARN of any resource type the catalog knows: assumed usable by every action that has
    /// resource-level permissions (the catalog may lack the type).
    Unrecognized,
}

/// Why a statement matches nothing, beside per-entry causes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Empty {
    /// `"NotAction": "*"`.
    NotActionStar,
    /// `"NotResource": "*"`.
    NotResourceStar,
    /// `"Action": []`.
    NoActions,
    /// `"Resource": []`.
    NoResources,
}

/// What one statement can match.
pub(super) struct Reach<'s> {
    pub stmt: &'s Statement,
    /// One per `Action` entry; empty with `NotAction`.
    pub items: Vec<ActionItem<'s>>,
    /// One per `Resource` entry; empty with `NotResource`.
    pub resources: Vec<ResourceItem<'s>>,
    /// `NotAction` without `*`: a complement the analysis does not enumerate.
    pub open_actions: bool,
    /// `NotResource` without `*`.
    pub open_resources: bool,
    pub empty: Option<Empty>,
    /// Condition keys that fail for a request without them.
    pub blocking: Vec<Blocking<'s>>,
    /// Actions that can use some listed resource, each with one bit per `blocking` key it
    /// supports (all bits when it is opaque).
    pub live: Vec<(ActionRef<'static>, u64)>,
    /// Whether the statement can match some request at all.
    pub matches_something: bool,
}

impl<'s> Reach<'s> {
    /// `None` when the statement lacks an `Effect` IAM knows, actions or resources (the grammar
    /// rules report those), or holds values computed at deployment: nothing can be concluded.
    pub(super) fn of(stmt: &'s Statement) -> Option<Reach<'s>> {
        Reach::with_entries(stmt, &action_entries(stmt))
    }

    /// [`Reach::of`], given the statement's [`action_entries`] (resolved once for the rules that
    /// read them).
    pub(super) fn with_entries(stmt: &'s Statement, entries: &[ActionEntry]) -> Option<Reach<'s>> {
        if stmt.computed || (!stmt.is_allow() && !stmt.is_deny()) {
            return None;
        }
        let (actions, not_action) = stmt.actions()?;
        let (resources, not_resource) = stmt.resources()?;
        let mut reach = Reach {
            stmt,
            items: Vec::new(),
            resources: Vec::new(),
            open_actions: false,
            open_resources: false,
            empty: None,
            blocking: stmt.condition.as_ref().map(conditions::blocking_keys).unwrap_or_default(),
            live: Vec::new(),
            matches_something: false,
        };
        if not_action {
            reach.open_actions = true;
            if actions.items.iter().any(|s| is_star(&s.value)) {
                reach.empty = Some(Empty::NotActionStar);
            }
        } else {
            reach.items = actions.items.iter().zip(entries).map(|(item, e)| action_item(item, e.clone())).collect();
            if actions.items.is_empty() {
                reach.empty = Some(Empty::NoActions);
            }
        }
        if not_resource {
            reach.open_resources = true;
            if resources.items.iter().any(|s| is_star(&s.value)) {
                reach.empty = reach.empty.or(Some(Empty::NotResourceStar));
            }
        } else {
            reach.resources = resources.items.iter().map(resource_item).collect();
            if resources.items.is_empty() {
                reach.empty = reach.empty.or(Some(Empty::NoResources));
            }
        }
        reach.compute();
        Some(reach)
    }

    /// Whether the statement may match requests the analysis cannot enumerate.
    pub(super) fn opaque(&self) -> bool {
        self.open_actions || self.open_resources || self.items.iter().any(|i| i.opaque)
    }

    fn compute(&mut self) {
        if self.empty.is_some() {
            return;
        }
        let opaque = self.opaque();
        let live = if self.open_resources || self.resources.iter().all(|r| r.kind == ResourceKind::Any) {
            self.every_action_applies(opaque)
        } else {
            self.applicable_actions(opaque)
        };
        let full = self.full_mask();
        self.live = live
            .into_iter()
            .map(|a| {
                let mask = self
                    .blocking
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| conditions::supports(a, b))
                    .fold(0u64, |m, (i, _)| m | (1 << i.min(63)));
                (a, mask)
            })
            .collect();
        self.matches_something = opaque || self.live.iter().any(|(_, mask)| *mask == full);
    }

    /// [`Self::applicable_actions`] when every resource entry is `*` (or the statement has
    /// `NotResource`), the common case: every action applies, with no resource to try.
    fn every_action_applies(&mut self, opaque: bool) -> Vec<ActionRef<'static>> {
        let mut listed = self.items.iter_mut().filter(|i| !i.opaque).map(|i| {
            i.applicable = !i.actions.is_empty();
            &i.actions
        });
        // Each entry's actions are distinct already; only several entries need merging.
        let live: Vec<ActionRef<'static>> = match (listed.next(), listed.next()) {
            (None, _) => Vec::new(),
            (Some(one), None) => one.to_vec(),
            (Some(first), Some(second)) => {
                let lists: Vec<&Actions> = [first, second].into_iter().chain(listed).collect();
                let most = lists.iter().map(|a| a.len()).sum();
                let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(most, Default::default());
                let mut live = Vec::with_capacity(most);
                live.extend(lists.iter().flat_map(|a| a.iter()).filter(|a| seen.insert(a.action.id())).copied());
                live
            }
        };
        for r in &mut self.resources {
            r.used = opaque || !live.is_empty();
        }
        live
    }

    /// Marks the entries with an action that can use some listed resource, and the resources
    /// some action can use; returns those actions, each once. For a `Resource` list with an entry
    /// other than `*`.
    fn applicable_actions(&mut self, opaque: bool) -> Vec<ActionRef<'static>> {
        let mut applies_any: FxHashMap<usize, bool> =
            FxHashMap::with_capacity_and_hasher(self.items.len(), Default::default());
        let mut live = Vec::new();
        let resources = &mut self.resources;
        for item in self.items.iter_mut() {
            if item.opaque {
                item.applicable = true;
                continue;
            }
            let mut applicable = false;
            for action in item.actions.iter() {
                let hit = *applies_any.entry(action.action.id()).or_insert_with(|| {
                    let hit = resources.iter_mut().any(|r| {
                        let applies = applies(*action, r);
                        r.used |= applies;
                        applies
                    });
                    if hit {
                        live.push(*action);
                    }
                    hit
                });
                applicable |= hit;
            }
            item.applicable = applicable;
        }
        // Which resources some action can use: mostly settled above, where an action was tried on
        // each resource up to the first it can use.
        let all = self.items.iter().filter(|i| !i.opaque).flat_map(|i| i.actions.iter());
        for r in &mut self.resources {
            r.used = opaque || r.used || all.clone().any(|a| applies(*a, r));
        }
        live
    }
}

impl Reach<'_> {
    /// The `live` mask of an action that supports every blocking key.
    pub(super) fn full_mask(&self) -> u64 {
        if self.blocking.len() >= 64 { u64::MAX } else { (1u64 << self.blocking.len()) - 1 }
    }

    /// With `NotAction`: the catalog actions it leaves.
    pub(super) fn complement(&self) -> Vec<ActionRef<'static>> {
        let excluded: Vec<&str> = self.stmt.not_action.iter().flat_map(|l| &l.items).map(|s| &*s.value).collect();
        expand("*").iter().filter(|a| !excluded.iter().any(|p| matches_wildcard(p, &a.full_name()))).copied().collect()
    }

    /// Those of `candidates` that can use some resource and carry every blocking key.
    pub(super) fn usable(&mut self, candidates: &[ActionRef<'static>]) -> Vec<ActionRef<'static>> {
        let mut out = Vec::new();
        for action in candidates {
            let usable =
                self.open_resources || (0..self.resources.len()).any(|r| applies(*action, &mut self.resources[r]));
            if usable && self.blocking.iter().all(|b| conditions::supports(*action, b)) {
                out.push(*action);
            }
        }
        out
    }

    /// The resource types the reference marks required for `action` (an action touching several
    /// resources, like `ec2:RunInstances`) that no resource entry can be. Empty when an entry is
    /// `*`, unrecognized, or under `NotResource`.
    pub(super) fn uncovered_required(&mut self, action: ActionRef<'static>) -> Vec<String> {
        if self.open_resources || self.resources.iter().any(|r| r.kind != ResourceKind::Arn) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (rt, required) in action.resource_types() {
            if required && !self.resources.iter_mut().any(|r| type_matches(&rt, r)) {
                out.push(rt.name.to_owned());
            }
        }
        out
    }

    /// The resource entries some of `actions` can use.
    pub(super) fn resources_used_by(&mut self, actions: &[ActionRef<'static>]) -> Vec<String> {
        if self.open_resources {
            return self
                .stmt
                .not_resource
                .iter()
                .flat_map(|l| &l.items)
                .map(|s| format!("NotResource {}", s.value))
                .collect();
        }
        let mut out = Vec::new();
        for r in 0..self.resources.len() {
            if actions.iter().any(|a| applies(*a, &mut self.resources[r])) {
                out.push(self.resources[r].item.value.to_string());
            }
        }
        out
    }
}

/// `*`, `**`…: matches everything.
pub(super) fn is_star(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b == b'*')
}

fn action_item<'s>(item: &'s Str, (actions, opaque): ActionEntry) -> ActionItem<'s> {
    ActionItem { item, actions, opaque, applicable: opaque }
}

/// Whether an `Action` entry names catalog actions through a literal service prefix, so that the
/// `INVALID_ACTION` family has nothing to report on it: told by the entry the reach of the
/// statement reads (`entry`, when the statement's entries were resolved), so that the two
/// resolve each entry once.
pub(in crate::checks) fn names_actions(value: &str, entry: Option<&ActionEntry>) -> bool {
    // A literal entry resolved to its action, the common case, names it through its prefix.
    if let Some((Actions::One(_), _)) = entry {
        return true;
    }
    let literal_service = value.split_once(':').is_some_and(|(service, _)| !has_wildcard(service));
    literal_service && !entry.map_or_else(|| action_entry(value, None).0.is_empty(), |(actions, _)| actions.is_empty())
}

/// The catalog actions an `Action` entry stands for, and whether it is opaque.
pub(in crate::checks) type ActionEntry = (Actions, bool);

/// The catalog actions of one `Action` entry. A literal action, the common entry, is held inline:
/// resolving it again costs two table probes, less than a shared cache's lock and reference
/// count, which the threads of a run contend for.
#[derive(Clone)]
pub(crate) enum Actions {
    /// No catalog action: an invalid entry, or one the catalog cannot judge.
    None,
    /// The action a literal entry names.
    One(ActionRef<'static>),
    /// A wildcard's matches, shared with [`expand`]'s cache.
    Many(Arc<[ActionRef<'static>]>),
}

impl Deref for Actions {
    type Target = [ActionRef<'static>];

    fn deref(&self) -> &Self::Target {
        match self {
            Actions::None => &[],
            Actions::One(action) => std::slice::from_ref(action),
            Actions::Many(actions) => actions,
        }
    }
}

/// What each entry of the statement's `Action` list stands for, in order (none with `NotAction`).
/// Entries of one service mostly follow one another: each literal entry is first tried in the
/// service the last one resolved to, which saves the service table's probe, half of resolving it.
pub(in crate::checks) fn action_entries(stmt: &Statement) -> Vec<ActionEntry> {
    let mut last = None;
    let mut entry = |value: &str| {
        let entry = action_entry(value, last);
        if let (Actions::One(action), _) = &entry {
            last = Some(action.service);
        }
        entry
    };
    stmt.action.iter().flat_map(|list| &list.items).map(|item| entry(&item.value)).collect()
}

/// An `Action` entry's [`ActionEntry`]; a wildcard's is cached by the entry's text, the same
/// entries recurring in the statements and policies of a run. `near` is a service a literal entry
/// probably names.
fn action_entry(value: &str, near: Option<&'static Service>) -> ActionEntry {
    static CACHE: LazyLock<Cache<Box<str>, ActionEntry>> = LazyLock::new(|| Cache::new(16_384));
    if !has_wildcard(value) {
        return literal_entry(value, near);
    }
    CACHE.get_or_insert_with(value, || wildcard_entry(value))
}

/// An entry's service prefix and action name, when it has the shape of one: a single `:` after
/// a non-empty prefix, and no white space. Anything else matches nothing the catalog can name.
pub(in crate::checks) fn parts(value: &str) -> Option<(&str, &str)> {
    let mut colons = memchr::memchr_iter(b':', value.as_bytes());
    let colon = colons.next()?;
    let (prefix, name) = (&value[..colon], &value[colon + 1..]);
    (colons.next().is_none() && !prefix.is_empty() && !has_white_space(value)).then_some((prefix, name))
}

/// The entry of a value without wildcards: one action, or none (opaque). Its service is `near`
/// when the prefix names it (a service the catalog resolved is decidable), else looked up.
fn literal_entry(value: &str, near: Option<&'static Service>) -> ActionEntry {
    let Some((prefix, name)) = parts(value) else { return (Actions::None, true) };
    let service = match near.filter(|s| prefix.eq_ignore_ascii_case(s.prefix)) {
        Some(service) => service,
        None => match catalog().service(prefix).filter(|_| decidable_service(prefix)) {
            Some(service) => service,
            None => return (Actions::None, true),
        },
    };
    // An action the catalog does not list may be newer than the catalog: other rules report it
    // as invalid; here it could match anything.
    match service.action(name) {
        Some(action) => (Actions::One(ActionRef { service, action }), false),
        None => (Actions::None, true),
    }
}

/// The entry of a value with a wildcard.
fn wildcard_entry(value: &str) -> ActionEntry {
    if is_star(value) {
        return (Actions::Many(expand("*")), true);
    }
    let Some((service, _)) = parts(value) else { return (Actions::None, true) };
    if !has_wildcard(service) {
        if catalog().service(service).is_none() || !decidable_service(service) {
            return (Actions::None, true);
        }
    } else if catalog().matching_services(service).iter().any(|s| !decidable_service(s.prefix)) {
        return (Actions::Many(expand(value)), true);
    }
    let actions = expand(value);
    let invalid = actions.is_empty();
    (Actions::Many(actions), invalid)
}

/// Catalog actions matching an action pattern, cached by the pattern as written (spellings that
/// differ in case are rare): `*` and `ec2:*` expand to thousands.
pub(super) fn expand(pattern: &str) -> Arc<[ActionRef<'static>]> {
    static CACHE: LazyLock<Cache<Box<str>, Arc<[ActionRef<'static>]>>> = LazyLock::new(|| Cache::new(4096));
    if !has_wildcard(pattern) {
        return catalog().action(pattern).into_iter().collect();
    }
    CACHE.get_or_insert_with(pattern, || catalog().matching_actions(pattern).into())
}

fn resource_item(item: &Str) -> ResourceItem<'_> {
    let kind = if is_star(&item.value) {
        ResourceKind::Any
    } else if recognized(&item.value) {
        ResourceKind::Arn
    } else {
        ResourceKind::Unrecognized
    };
    ResourceItem { item, kind, service: arn_service(&item.value), used: false, matches: FxHashMap::default() }
}

/// The service field of an ARN or ARN template, as written: compared ignoring ASCII case.
fn arn_service(arn: &str) -> Option<&str> {
    let mut colons = memchr::memchr_iter(b':', arn.as_bytes());
    let (first, second, third) = (colons.next()?, colons.next()?, colons.next()?);
    arn[..first].eq_ignore_ascii_case("arn").then(|| &arn[second + 1..third])
}

/// Can some catalog resource type match this ARN pattern? Only the pages whose templates name
/// the ARN's service are decoded, unless the service is a wildcard. Cached: the same ARNs recur
/// in every analysis of an edited document and across the policies of a repository.
fn recognized(pattern: &str) -> bool {
    static CACHE: LazyLock<Cache<Box<str>, bool>> = LazyLock::new(|| Cache::new(16_384));
    CACHE.get_or_insert_with(pattern, || decide_recognized(pattern))
}

/// [`recognized`], decided.
fn decide_recognized(pattern: &str) -> bool {
    let Some(field) = arn_service(pattern) else { return false };
    if field.contains(['*', '?', '$']) {
        catalog().services().any(|service| service.resource_types.iter().any(|rt| rt.matches_arn(pattern)))
    } else {
        // A type whose templates are all of the ARN's service is asked as a whole, an answer the
        // resource rules and `applies` ask for too, and find cached; of the others, only the
        // templates of the ARN's service can match.
        types_naming(field).iter().any(|&(rt, all_own)| {
            if all_own {
                rt.matches_arn(pattern)
            } else {
                rt.templates().any(|template| own_template(template, field) && template_matches(template, pattern))
            }
        })
    }
}

/// Whether the template's ARN service is `field`, ignoring ASCII case.
fn own_template(template: &str, field: &str) -> bool {
    arn_field(template, 2).is_some_and(|f| f.eq_ignore_ascii_case(field))
}

/// Resource types, each with whether all its templates are of one ARN service.
type TypesNaming = Arc<[(ResourceType, bool)]>;

/// The resource types with a template of the ARN service `field`, each with whether all its
/// templates are: the pages of the services whose templates name it hold many other types.
/// Cached by the field, which every distinct ARN of the service asks for.
fn types_naming(field: &str) -> TypesNaming {
    static CACHE: LazyLock<Cache<Box<str>, TypesNaming>> = LazyLock::new(|| Cache::new(1024));
    CACHE.get_or_insert_with(&field.to_ascii_lowercase(), || {
        let own = |template: &str| own_template(template, field);
        catalog()
            .services_with_arns_of(field)
            .into_iter()
            .flat_map(|service| &service.resource_types)
            .filter(|rt| rt.templates().any(own))
            .map(|rt| (rt, rt.templates().all(own)))
            .collect()
    })
}

/// Can `action` be authorized against the resource entry?
pub(super) fn applies(action: ActionRef<'static>, resource: &mut ResourceItem<'_>) -> bool {
    match resource.kind {
        ResourceKind::Any => true,
        _ if action.action.resource_types().is_empty() => star_only_may_apply(action, resource),
        ResourceKind::Unrecognized => true,
        ResourceKind::Arn if resource.service.is_some_and(|f| related(action.service.prefix, f)) => true,
        ResourceKind::Arn => action.resource_types().any(|(rt, _)| type_matches(&rt, resource)),
    }
}

/// Can the resource entry be of this type? Memoized per entry.
fn type_matches(rt: &ResourceType, resource: &mut ResourceItem<'_>) -> bool {
    let key = rt.id();
    *resource.matches.entry(key).or_insert_with(|| rt.matches_arn(&resource.item.value))
}

/// Services whose read and list actions without resource types in the reference are known to be
/// authorized against `*` only (the seeds' `ec2:Describe*`). Elsewhere the reference is not
/// reliable on this: AWS's own policies scope `logs:DescribeLogGroups`, `iam:ListRoles`,
/// `fsx:DescribeBackups` or `emr-serverless:ListApplications` to ARNs of their service, and
/// services check the ARN of the resource being created for many create actions.
const STAR_ONLY_SERVICES: &[&str] = &["ec2"];

/// Can an action without resource types in the reference still be authorized against this ARN?
/// Never against an ARN of another service; against its own service's ARNs unless the service is
/// known to check `*` only, or the ARN spans the whole service (`arn:aws:ec2:*:*:*`).
fn star_only_may_apply(action: ActionRef<'_>, resource: &ResourceItem<'_>) -> bool {
    let service = action.service;
    let Some(field) = resource.service else { return false };
    if service.resource_types.is_empty() {
        // The reference documents no resource type at all for the service, so it cannot tell
        // which ARNs its actions use; those of a companion service (`ssmmessages` and `ssm`
        // sessions) are plausible.
        return has_wildcard(field) || starts_with_ci(service.prefix, field) || starts_with_ci(field, service.prefix);
    }
    if !field.eq_ignore_ascii_case(service.prefix) && !has_wildcard(field) {
        return related(service.prefix, field);
    }
    let arn = &resource.item.value;
    // The text after the fifth `:`, the resource part.
    let resource_part = memchr::memchr_iter(b':', arn.as_bytes()).nth(4).map(|at| &arn[at + 1..]);
    let whole_service = resource_part.is_none_or(|part| part.bytes().all(|b| b == b'*' || b == b'/'));
    let trusted = STAR_ONLY_SERVICES.iter().any(|s| s.eq_ignore_ascii_case(service.prefix))
        && matches!(action.action.access_level(), AccessLevel::List | AccessLevel::Read);
    whole_service || !trusted
}

/// Is `field` (an ARN's service) the service's other name, or a companion service
/// whose name extends it (`redshift` and `redshift-serverless` snapshots, `sagemaker-mlflow` and
/// `sagemaker` MLflow apps)? The reference does not say which such pairs IAM accepts.
fn related(prefix: &str, field: &str) -> bool {
    let companion =
        !field.eq_ignore_ascii_case(prefix) && (starts_with_ci(field, prefix) || starts_with_ci(prefix, field));
    companion || RENAMED.iter().any(|(from, to)| prefix.eq_ignore_ascii_case(from) && field.eq_ignore_ascii_case(to))
}
