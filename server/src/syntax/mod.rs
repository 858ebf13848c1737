//! The syntax layer: host text to a tree where every key and value has a byte range. One front end
//! per host format (JSON, YAML), each producing the same [`Node`] tree.

mod parse;
mod range;
mod style;
mod tree;
mod yaml;

pub use parse::{Parse, SyntaxError, SyntaxErrorKind, parse};
pub use range::TextRange;
pub use style::Style;
pub use tree::{Key, Member, Node, NodeKind, PathStep};
pub use yaml::parse as parse_yaml;
