//! The syntax layer: host text to a tree where every key and value has a byte range. One front end
//! per host format (JSON, YAML, HCL), each producing the same [`Node`] tree; [`host_string`] reads
//! the JSON held in a host's string.

pub mod hcl;
pub mod host_string;
mod parse;
mod range;
mod reparse;
mod style;
mod tree;
mod yaml;

pub use parse::{Parse, SyntaxError, SyntaxErrorKind, parse};
pub use range::TextRange;
pub use reparse::reparse;
pub use style::{LazyStyle, Style};
pub use tree::{Key, Member, Node, NodeKind, PathStep};
pub use yaml::parse as parse_yaml;
