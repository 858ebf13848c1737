//! ARN shapes AWS's user guides document and the Service Authorization Reference leaves out,
//! added to the catalog by `build.rs` (which includes this file) so valid policies are not
//! reported. Each row cites its guide.

/// Extra templates for existing resource types: (service, resource type, template).
pub const TEMPLATES: &[(&str, &str, &str)] = &[
    // API Gateway developer guide, "Control access for invoking an API": the root resource is
    // `…/GET/`, with nothing after the method.
    (
        "execute-api",
        "execute-api-general",
        "arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${Method}/",
    ),
    // "Control access to WebSocket APIs with IAM authorization": `api-id/stage/route-key`.
    (
        "execute-api",
        "execute-api-general",
        "arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${RouteKey}",
    ),
    // S3 user guide, "Multi-Region Access Point permissions": bucket operations (`s3:ListBucket`)
    // through a Multi-Region Access Point name its ARN, object operations
    // `arn:aws:s3::account:accesspoint/alias.mrap/object/key`.
    ("s3", "accesspoint", "arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}"),
    ("s3", "accesspointobject", "arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}/object/${ObjectName}"),
];

/// Extra resource types: (service, name, template, actions that may name it, not required).
pub const TYPES: &[(&str, &str, &str, &[&str])] = &[
    // CloudFormation user guide, "Controlling access with IAM" (macros and transforms): creating
    // a change set that uses an AWS-owned transform such as `AWS::Serverless-2016-10-31` needs
    // `arn:aws:cloudformation:region:aws:transform/Serverless-2016-10-31`.
    (
        "cloudformation",
        "transform",
        "arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}",
        &["CreateChangeSet", "CreateStack", "UpdateStack"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn every_row_names_what_the_catalog_has() {
        for (prefix, name, _) in TEMPLATES {
            let service = catalog().service(prefix).unwrap();
            assert!(service.resource_type(name).is_some(), "{prefix} {name}");
        }
        for (prefix, name, _, actions) in TYPES {
            let service = catalog().service(prefix).unwrap();
            assert!(service.resource_type(name).is_some(), "{prefix} {name}");
            for action in *actions {
                let a = service.action(action).unwrap_or_else(|| panic!("{prefix}:{action}"));
                assert!(a.resource_types().iter().any(|r| r.resource_type == *name));
            }
        }
        let types = |arn: &str| {
            let s3 = catalog().service("s3").unwrap();
            s3.resource_types.iter().filter(|rt| rt.matches_arn(arn)).map(|rt| rt.name).collect::<Vec<_>>()
        };
        assert!(
            types("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*").contains(&"accesspointobject")
        );
    }
}
