//! One `Resource`/`NotResource` entry checked against the ARN format and the catalog's templates.

use crate::catalog::{decidable_service, has_variable, retired_service};
use crate::checks::edit::replace_string;
use crate::checks::elements::{has_white_space, value_range};
use crate::checks::suggest::closest;
use crate::checks::{Context, Finding, Severity};
use crate::policy::{PolicyType, Str};
use crate::syntax::TextRange;

use super::arn::{Field, PARTITIONS, fields, is_account_shaped, is_region_shaped, strip_variables};
use super::templates::{self, Template};

/// Fields by position.
const PARTITION: usize = 1;
const SERVICE: usize = 2;
const REGION: usize = 3;
const ACCOUNT: usize = 4;
const RESOURCE: usize = 5;

/// Whether an entry is shaped well enough for the redundancy check.
pub(super) fn well_formed(value: &str) -> bool {
    value == "*" || (!has_white_space(value) && fields(value).len() == 6)
}

pub(super) fn check(ctx: &Context<'_>, policy_type: PolicyType, item: &Str, out: &mut Vec<Finding>) {
    let value = &*item.value;
    // White space inside a variable is its default value, `${aws:PrincipalTag/team, 'company-wide'}`.
    if has_white_space(value) && has_white_space(&strip_variables(value)) {
        let fixed = without_white_space(value);
        let mut finding = ctx.finding(
            "ARN_CONTAINS_WHITESPACE",
            item.range,
            format!("`{value}` contains white space, which IAM does not ignore: the entry matches no resource."),
        );
        if !fixed.is_empty() {
            finding = finding.with_fix(format!("Change to `{fixed}`"), vec![replace_string(item.range, &fixed)], true);
        }
        out.push(finding);
        return;
    }
    // An API Gateway resource policy may name the API it is attached to in short:
    // `execute-api:/stage/GET/pets`, `execute-api:/*` (API Gateway developer guide).
    if policy_type == PolicyType::Resource && value.starts_with("execute-api:/") {
        return;
    }
    // `*`, and patterns whose start is unknown until request time.
    if value == "*" || value.starts_with(['*', '?']) || value.starts_with("${") {
        return;
    }
    let fields = fields(value);
    if !fields[0].text.eq_ignore_ascii_case("arn") {
        out.push(bad_prefix(ctx, item, &fields));
        return;
    }
    if fields.len() < 6 {
        // A wildcard may stand for the missing separators.
        if !value.contains('*') {
            out.push(ctx.finding(
                "MISSING_ARN_FIELD",
                item.range,
                format!(
                    "`{value}` has {} of the six `:`-separated ARN fields \
                     (`arn:partition:service:region:account:resource`), so it matches no resource.",
                    fields.len()
                ),
            ));
        }
        return;
    }
    let range = |f: Field<'_>| field_range(ctx.text, item, f);
    let partition = fields[PARTITION];
    if !partition.is_open() && !PARTITIONS.iter().any(|p| p.eq_ignore_ascii_case(partition.text)) {
        let mut finding = ctx.finding(
            "INVALID_PARTITION",
            range(partition),
            format!(
                "{} is not an AWS partition ({}), so the ARN matches no resource.",
                if partition.text.is_empty() { "An empty field".to_owned() } else { format!("`{}`", partition.text) },
                PARTITIONS.join(", ")
            ),
        );
        for p in closest(partition.text, PARTITIONS.iter().copied(), 2).into_iter().take(1) {
            let fixed = splice(value, partition, p);
            finding = finding.with_fix(
                format!("Change the partition to `{p}`"),
                vec![replace_string(item.range, &fixed)],
                false,
            );
        }
        out.push(finding);
    }
    let service = fields[SERVICE];
    if service.is_open() {
        shapes(ctx, item, &fields, out);
        return;
    }
    let lower = service.text.to_ascii_lowercase();
    // Access Analyzer's `INVALID_SERVICE`: `elastic-inference` is still in an ARN template of EC2's
    // page, but the service is gone, and so are its resources.
    if let Some(date) = retired_service(&lower) {
        let mut finding = ctx.finding(
            "INVALID_SERVICE",
            range(service),
            format!(
                "`{}` is a retired service: last in the Service Authorization Reference of {date}. Its resources \
                 are gone, so the ARN matches none; the entry can be removed.",
                service.text
            ),
        );
        // A retired name is no mistake of the author's, as for actions.
        finding.severity = Severity::Warning;
        out.push(finding);
        return;
    }
    if !templates::is_known_service(&lower) {
        let mut finding = ctx.finding(
            "INVALID_SERVICE_IN_ARN",
            range(service),
            format!("`{}` is not a service of any ARN the service catalog knows.", service.text),
        );
        if !service.text.is_empty() {
            let max = if lower.len() <= 3 { 1 } else { 2 };
            let mut candidates = closest(&lower, templates::service_names(), max);
            candidates.truncate(3);
            for s in candidates {
                let fixed = splice(value, service, s);
                finding =
                    finding.with_fix(format!("Did you mean `{s}`?"), vec![replace_string(item.range, &fixed)], false);
            }
        }
        out.push(finding);
        shapes(ctx, item, &fields, out);
        return;
    }
    if service.text != lower {
        let fixed = splice(value, service, &lower);
        out.push(
            ctx.finding(
                "INVALID_ARN_SERVICE_CASE",
                range(service),
                format!("ARN service names are lower case: `{}` matches no resource, `{lower}` does.", service.text),
            )
            .with_fix(format!("Change to `{lower}`"), vec![replace_string(item.range, &fixed)], true),
        );
    }
    let shape_errors = shapes(ctx, item, &fields, out);
    against_templates(ctx, item, &fields, &lower, shape_errors, out);
}

/// Region and account shapes, whatever the service. Returns which of the two were reported.
fn shapes(ctx: &Context<'_>, item: &Str, fields: &[Field<'_>], out: &mut Vec<Finding>) -> (bool, bool) {
    let (region, account) = (fields[REGION], fields[ACCOUNT]);
    let bad_region = !region.text.is_empty() && !region.is_open() && !is_region_shaped(region.text);
    if bad_region {
        out.push(ctx.finding(
            "INVALID_ARN_REGION",
            field_range(ctx.text, item, region),
            format!("`{}` is not a region code such as `us-east-1`, so the ARN matches no resource.", region.text),
        ));
    }
    let literal_account = |t: &Template| t.field(ACCOUNT).eq_ignore_ascii_case(account.text);
    let bad_account = !account.text.is_empty()
        && !account.is_open()
        && !is_account_shaped(account.text)
        && !templates::for_service(fields[SERVICE].text).iter().any(literal_account);
    if bad_account {
        out.push(ctx.finding(
            "INVALID_ARN_ACCOUNT",
            field_range(ctx.text, item, account),
            format!(
                "`{}` is not an account ID (12 digits, or `aws` for AWS-owned resources), so the ARN matches no resource.",
                account.text
            ),
        ));
    }
    (bad_region, bad_account)
}

/// Which resource types could this ARN be? Reports the field that rules every one out.
fn against_templates(
    ctx: &Context<'_>,
    item: &Str,
    fields: &[Field<'_>],
    service: &str,
    (bad_region, bad_account): (bool, bool),
    out: &mut Vec<Finding>,
) {
    let value = &*item.value;
    if !decidable_service(service)
        || templates::own_page_matches(service, value)
        || !templates::has_own_templates(service)
    {
        return;
    }
    let all = templates::for_service(service);
    if all.iter().any(|t| t.matches(value)) {
        return;
    }
    let resource = fields[RESOURCE];
    let fitting: Vec<&Template> = all.iter().filter(|t| resource_fits(t, fields)).collect();
    if fitting.is_empty() {
        out.push(invalid_resource(ctx, item, resource, service, &all));
        return;
    }
    let (region, account) = (fields[REGION], fields[ACCOUNT]);
    let region_ok = |t: &&Template| field_fits(t.field(REGION), region);
    let account_ok = |t: &&Template| field_fits(t.field(ACCOUNT), account);
    if !bad_region && !fitting.iter().any(region_ok) {
        out.push(if region.text.is_empty() {
            ctx.finding(
                "MISSING_ARN_REGION",
                field_range(ctx.text, item, region),
                format!("`{service}` ARNs of this kind name a region, so an ARN without one matches no resource."),
            )
        } else {
            let fixed = splice(value, region, "");
            ctx.finding(
                "ARN_REGION_NOT_ALLOWED",
                field_range(ctx.text, item, region),
                format!("`{service}` ARNs of this kind have an empty region field, so with `{}` the ARN matches no resource.", region.text),
            )
            .with_fix("Remove the region", vec![replace_string(item.range, &fixed)], false)
        });
    }
    // AWS-owned resources (public SSM parameters and documents, public AMIs and snapshots) have an
    // empty account even where the template shows one.
    if account.text.is_empty() && !aws_owned(fields) && !fitting.iter().any(|t| t.field(ACCOUNT).is_empty()) {
        out.push(ctx.finding(
            "MISSING_ARN_ACCOUNT",
            field_range(ctx.text, item, account),
            format!(
                "The resource `{}` in the ARN is missing an account ID: `{service}` ARNs of this kind name the \
                 account that owns the resource, so an empty account matches none. Use the 12-digit account ID, \
                 or `*`.",
                resource.text
            ),
        ));
    }
    if !bad_account && !account.text.is_empty() && !fitting.iter().any(account_ok) {
        let fixed = splice(value, account, "");
        out.push(
            ctx.finding(
                "ARN_ACCOUNT_NOT_ALLOWED",
                field_range(ctx.text, item, account),
                format!(
                    "`{service}` ARNs of this kind have an empty account field, so with `{}` the ARN matches no resource.",
                    account.text
                ),
            )
            .with_fix("Remove the account", vec![replace_string(item.range, &fixed)], false),
        );
    }
}

/// `INVALID_ARN_RESOURCE`, suggesting the resource types whose name is close to the one written
/// (`instanse/i-1` → `instance/i-1`), else listing some.
fn invalid_resource(ctx: &Context<'_>, item: &Str, resource: Field<'_>, service: &str, all: &[Template]) -> Finding {
    let written = resource.text.split(['/', ':']).next().unwrap_or("");
    let mut kinds: Vec<&str> = all
        .iter()
        .filter_map(|t| {
            let part = fields(t.arn).get(RESOURCE).map_or("", |f| f.text);
            let word = part.split(['/', ':']).next().unwrap_or("");
            (!word.is_empty() && !word.contains(['$', '*'])).then_some(word)
        })
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut close = if written.is_empty() || written.contains(['*', '?', '$']) {
        Vec::new()
    } else {
        closest(written, kinds.iter().copied(), 2)
    };
    close.retain(|k| !k.eq_ignore_ascii_case(written));
    close.truncate(2);
    let range = field_range(ctx.text, item, resource);
    if close.is_empty() {
        const LISTED: usize = 6;
        let mut listed: Vec<String> = kinds.iter().take(LISTED).map(|n| format!("`{n}`")).collect();
        if kinds.len() > LISTED {
            listed.push(format!("and {} more", kinds.len() - LISTED));
        }
        let known = if listed.is_empty() { String::new() } else { format!(" ({})", listed.join(", ")) };
        return ctx.finding(
            "INVALID_ARN_RESOURCE",
            range,
            format!(
                "`{}` fits no resource type of `{service}` ARNs{known}, so the entry matches no resource.",
                resource.text
            ),
        );
    }
    let mut finding = ctx.finding(
        "INVALID_ARN_RESOURCE",
        range,
        format!(
            "`{}` fits no resource type of `{service}` ARNs (`{written}` is not one), so the entry matches no resource.",
            resource.text
        ),
    );
    for kind in close {
        let start = resource.start;
        let fixed = format!("{}{kind}{}", &item.value[..start], &item.value[start + written.len()..]);
        finding = finding.with_fix(format!("Did you mean `{kind}`?"), vec![replace_string(item.range, &fixed)], false);
    }
    finding
}

/// Resources AWS owns and shares with every account, named without an account.
fn aws_owned(fields: &[Field<'_>]) -> bool {
    const SHARED: &[(&str, &[&str])] =
        &[("ec2", &["image/", "snapshot/"]), ("ssm", &["parameter/", "document/", "automation-definition/"])];
    SHARED.iter().any(|(service, kinds)| {
        fields[SERVICE].text == *service && kinds.iter().any(|k| fields[RESOURCE].text.starts_with(k))
    })
}

/// Could the template's region or account field hold what the pattern has there?
fn field_fits(template: &str, pattern: Field<'_>) -> bool {
    if template.is_empty() {
        pattern.text.is_empty() || pattern.can_be_empty()
    } else if has_variable(template) || template == "*" {
        !pattern.text.is_empty() || pattern.is_open()
    } else {
        pattern.is_open() || template.eq_ignore_ascii_case(pattern.text)
    }
}

/// Does the resource part fit the template's, whatever the other fields? Matches a copy of the
/// pattern whose other fields are made to fit the template.
fn resource_fits(template: &Template, fields: &[Field<'_>]) -> bool {
    let sample = |index: usize, placeholder: &str| {
        let t = template.field(index);
        if has_variable(t) || t.contains('*') { placeholder.to_owned() } else { t.to_owned() }
    };
    let service =
        if has_variable(template.field(SERVICE)) { fields[SERVICE].text.to_owned() } else { sample(SERVICE, "") };
    let probe = format!(
        "arn:aws:{service}:{}:{}:{}",
        sample(REGION, "us-east-1"),
        sample(ACCOUNT, "123456789012"),
        fields[RESOURCE].text
    );
    template.matches(&probe)
}

/// `aws:s3:::b` (no `arn:`), `s3:::b`, `bucket`.
fn bad_prefix(ctx: &Context<'_>, item: &Str, fields: &[Field<'_>]) -> Finding {
    let value = &*item.value;
    let finding = ctx.finding(
        "INVALID_ARN_PREFIX",
        item.range,
        if value.is_empty() {
            "An empty string is not a resource: IAM expects an ARN (`arn:...`) or `*`.".to_owned()
        } else if value.starts_with("execute-api:/") {
            format!(
                "`{value}` is API Gateway's shorthand for the API a resource policy is attached to; in this \
                 policy it matches no resource. Use the API's full `arn:aws:execute-api:…` ARN."
            )
        } else {
            format!("`{value}` does not start with `arn:`, so it matches no resource; IAM expects an ARN or `*`.")
        },
    );
    let partition_first = fields.len() == 5 && PARTITIONS.iter().any(|p| p.eq_ignore_ascii_case(fields[0].text));
    if partition_first {
        let fixed = format!("arn:{value}");
        finding.with_fix(format!("Change to `{fixed}`"), vec![replace_string(item.range, &fixed)], false)
    } else {
        finding
    }
}

/// The value without white space, except inside variables (`${aws:username, 'anonymous'}`).
fn without_white_space(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut in_variable = false;
    let mut prev = '\0';
    for c in value.chars() {
        match c {
            '{' if prev == '$' => in_variable = true,
            '}' => in_variable = false,
            _ => {}
        }
        if in_variable || !c.is_whitespace() {
            out.push(c);
        }
        prev = c;
    }
    out
}

/// The field's range in the text; an empty field is shown by the two colons around it.
fn field_range(text: &str, item: &Str, field: Field<'_>) -> TextRange {
    if field.text.is_empty() {
        value_range(text, item, field.start.saturating_sub(1), (field.end() + 1).min(item.value.len()))
    } else {
        value_range(text, item, field.start, field.end())
    }
}

/// The value with one field replaced.
fn splice(value: &str, field: Field<'_>, with: &str) -> String {
    format!("{}{with}{}", &value[..field.start], &value[field.end()..])
}
