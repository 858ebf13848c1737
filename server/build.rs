//! Embeds the service catalog: a small compressed index (service prefixes and names, the ARN
//! services their templates name, counts, global keys, sources) plus one LZ4 block per
//! service, so a process decodes only the services it uses.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/service-catalog");
    let catalog_path = dir.join("iam-catalog.json");
    let globals_path = dir.join("global-condition-keys.json");
    println!("cargo:rerun-if-changed={}", catalog_path.display());
    println!("cargo:rerun-if-changed={}", globals_path.display());
    println!("cargo:rerun-if-changed=build.rs");

    let catalog = read_json(&catalog_path);
    let globals = read_json(&globals_path);

    let mut blob = Vec::new();
    let mut services = Vec::new();
    for svc in catalog["services"].as_array().expect("services array") {
        let start = blob.len();
        blob.extend(compress(&serde_json::to_vec(svc).expect("serialize service")));
        let count = |key: &str| svc[key].as_array().map_or(0, Vec::len);
        services.push(json!({
            "prefix": svc["prefix"],
            "name": svc["name"],
            "arn_services": arn_services(svc),
            "start": start,
            "end": blob.len(),
            "actions": count("actions"),
            "resource_types": count("resource_types"),
            "condition_keys": count("condition_keys"),
        }));
    }
    let index = json!({
        "data_date": catalog["data_date"],
        "sources": catalog["sources"],
        "services": services,
        "global_keys": globals["keys"],
    });

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let index = compress(&serde_json::to_vec(&index).expect("serialize index"));
    fs::write(out.join("catalog-index.bin"), index).expect("write index");
    fs::write(out.join("catalog-services.bin"), blob).expect("write services");
}

/// The services the ARN templates of a service's resource types name, lower case, sorted; `""`
/// for a placeholder (`${Vendor}`). A type may list several templates joined by ", ".
fn arn_services(service: &Value) -> Vec<String> {
    let templates = service["resource_types"].as_array().into_iter().flatten().filter_map(|rt| rt["arn"].as_str());
    let mut names: Vec<String> = templates
        .flat_map(|arn| arn.split(", "))
        .filter_map(|arn| arn.split(':').nth(2))
        .map(|field| if field.contains("${") { String::new() } else { field.to_ascii_lowercase() })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn read_json(path: &Path) -> Value {
    let text = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// LZ4 with the decoded size in front: 1.5 MB in all where deflate made 0.9 MB, but it decodes
/// three times faster, which counts when a policy names hundreds of services.
fn compress(bytes: &[u8]) -> Vec<u8> {
    lz4_flex::compress_prepend_size(bytes)
}
