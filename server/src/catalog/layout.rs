//! The byte layout of the embedded catalog, shared by `build.rs`, which writes it, and
//! [`blob`](super::blob), which reads it in place.
//!
//! Two files: the records, little-endian `u32` words, and the strings, one UTF-8 text the
//! compiler has already checked. A string is a pair of words (byte offset into the text,
//! length; an offset of [`NONE`] for a missing one); a list is a pair (word offset of its
//! first record, count); a hash table is a pair (word offset, slot count, a power of two) whose
//! slots are [`SLOT`] words, probed linearly from [`hash_ci`] of the name: the name's length above
//! [`INDEX_BITS`] bits that hold an index into a list plus one (zero for an empty slot), then the
//! name's byte offset in the text. A probe compares the name there, without reading the record.
//! Word 0 starts the [`header`].

use std::cmp::Ordering;

/// Marks a missing string (`api_doc_url`, `deprecated_by`) or an unresolved index.
pub const NONE: u32 = u32::MAX;

/// Word offsets of the header's fields.
pub mod header {
    pub const DATA_DATE: u32 = 0;
    pub const SOURCES: u32 = 2;
    pub const SERVICES: u32 = 4;
    pub const PREFIXES: u32 = 6;
    pub const GLOBAL_KEYS: u32 = 8;
    /// Counts of the reference itself, without the rows `supplement.rs` adds.
    pub const ACTIONS: u32 = 10;
    pub const RESOURCE_TYPES: u32 = 11;
    pub const CONDITION_KEYS: u32 = 12;
    /// Services named by ARN templates, sorted, each with the services whose pages name it.
    pub const ARN_SERVICES: u32 = 13;
    pub const ARN_SERVICE_TABLE: u32 = 15;
    pub const WORDS: u32 = 17;
}

/// Record sizes in words; each record's fields in the order `build.rs` writes them.
pub mod words {
    /// name, version, license.
    pub const SOURCE: u32 = 6;
    /// prefix, name, doc_url, actions, action table, resource types, resource-type table,
    /// condition keys.
    pub const SERVICE: u32 = 16;
    /// name, description, access level, api_doc_url, resource types, condition keys,
    /// dependent actions.
    pub const ACTION: u32 = 13;
    /// resource type, required, condition keys, index of the type in its service.
    pub const ACTION_RESOURCE: u32 = 6;
    /// name, arn, condition keys, documented templates.
    pub const RESOURCE_TYPE: u32 = 8;
    /// name, type, description.
    pub const CONDITION_KEY: u32 = 5;
    /// name, type, multivalued, description, deprecated_by, always_present.
    pub const GLOBAL_KEY: u32 = 9;
    /// name (an ARN service, lower case), indexes of the services documenting it (a list of words).
    pub const ARN_SERVICE: u32 = 4;
    pub const STR: u32 = 2;
    pub const INDEX: u32 = 1;
}

/// Words per hash table slot.
pub const SLOT: u32 = 2;

/// Bits of a slot's first word that hold the index plus one; the name's length is above them.
pub const INDEX_BITS: u32 = 20;

/// Access levels by their code.
pub const ACCESS_LEVELS: [&str; 5] = ["List", "Read", "Write", "Permissions management", "Tagging"];

/// Condition key types by their code; any other name is coded `KEY_TYPES.len()`.
pub const KEY_TYPES: [&str; 11] = [
    "String",
    "ArrayOfString",
    "ARN",
    "ArrayOfARN",
    "Bool",
    "ArrayOfBool",
    "Numeric",
    "ArrayOfNumeric",
    "Date",
    "IPAddress",
    "Binary",
];

/// A hash of the ASCII-lowercased name, eight bytes at a time (names are mostly 10 to 30 bytes):
/// tables are looked up without lowering the name first. The high half of the last product is
/// kept, as tables index by the low bits.
pub fn hash_ci(name: &str) -> u32 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut words = name.as_bytes().chunks_exact(8);
    let mut h = name.len() as u64;
    for word in &mut words {
        h = (h ^ ascii_lowercase(u64::from_le_bytes(word.try_into().unwrap_or_default()))).wrapping_mul(K);
    }
    let mut rest = [0; 8];
    rest[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ ascii_lowercase(u64::from_le_bytes(rest))).wrapping_mul(K);
    (h >> 32) as u32
}

/// The eight bytes of `word` with `A`..=`Z` lower-cased, all at once: a byte is an upper-case
/// letter when it is ASCII, at least `A` and not above `Z`, each tested in its own high bit.
pub fn ascii_lowercase(word: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let low = word & !HIGH;
    let at_least_a = low + ONES * (0x80 - u64::from(b'A'));
    let above_z = low + ONES * (0x7f - u64::from(b'Z'));
    let upper = at_least_a & !above_z & !word & HIGH;
    word | (upper >> 2)
}

/// ASCII case-insensitive ordering, the order every catalog list is kept in.
pub fn cmp_ci(a: &str, b: &str) -> Ordering {
    // Byte by byte, folding only where the bytes differ: lookups compare mostly equal prefixes.
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
            if x != y {
                return x.cmp(&y);
            }
        }
    }
    a.len().cmp(&b.len())
}
