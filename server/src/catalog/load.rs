//! Decoding the embedded catalog: the index at first use, each service when first asked for.

use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::model::{GlobalKey, Service, Source};

/// Written by `build.rs` from `schemas/service-catalog/`.
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog-index.bin"));
static SERVICES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog-services.bin"));

#[derive(Deserialize)]
pub(super) struct Index {
    pub data_date: String,
    pub sources: Vec<Source>,
    pub services: Vec<Entry>,
    pub global_keys: Vec<GlobalKey>,
}

/// A service known by prefix and counts; its body stays compressed until needed.
#[derive(Deserialize)]
pub(super) struct Entry {
    pub prefix: String,
    pub name: String,
    /// Lower case services named by the ARN templates of this service's resource types; `""`
    /// stands for a placeholder service.
    pub arn_services: Vec<String>,
    start: usize,
    end: usize,
    pub actions: usize,
    pub resource_types: usize,
    pub condition_keys: usize,
    #[serde(skip)]
    service: OnceLock<Service>,
}

impl Entry {
    pub fn is_decoded(&self) -> bool {
        self.service.get().is_some()
    }

    pub fn service(&self) -> &Service {
        self.service.get_or_init(|| {
            let mut service: Service = decode(&SERVICES[self.start..self.end]);
            super::supplement::apply(&mut service);
            service.index();
            service
        })
    }
}

pub(super) fn index() -> Index {
    decode(INDEX)
}

/// The data is generated and checked at build time, so failing to decode it is a build bug.
fn decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let json = lz4_flex::decompress_size_prepended(bytes).expect("embedded catalog is valid LZ4");
    // Checking UTF-8 once here spares serde checking every string on its own.
    let json = std::str::from_utf8(&json).expect("embedded catalog is UTF-8");
    serde_json::from_str(json).expect("embedded catalog matches the model")
}
